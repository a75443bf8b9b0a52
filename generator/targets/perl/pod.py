"""The Perl modules' text: operation tables for the runtime, methods, and POD in the seed's
shape (NAME, SYNOPSIS, OPERATIONS with an example call and response, SCHEMAS with every
property's type, required flag, description, allowed values and default)."""

from __future__ import annotations

import json
import re

from ...examples import example_value, response_example
from ...ir import Alias, Api, Declaration, Field, Model, Operation, Parameter, Resource
from ...ir import types as t
from ...plnames import PerlNames, example_call, literal
from .tables import RequestTypes, op_table, types_code


def pod_text(text: str) -> str:
    """Prose for POD: whitespace folded, < and > escaped, never a command line."""
    folded = re.sub(r"[<>]", lambda m: "E<lt>" if m.group() == "<" else "E<gt>", " ".join(text.split()))
    return "Z<>" + folded if folded.startswith("=") else folded


def verbatim(text: str) -> str:
    return "\n".join(("  " + line).rstrip() for line in text.splitlines())


def enum_values(api: Api, shape: t.TypeShape) -> list[str]:
    """A closed enum's string values (what the runtime checks and the POD lists)."""
    shape, _ = t.strip_nullable(shape)
    if isinstance(shape, t.RefShape):
        decl = api.declaration(shape.key)
        return enum_values(api, decl.type) if isinstance(decl, Alias) else []
    if isinstance(shape, t.LiteralShape) and not shape.open:
        return [v for v in shape.values if isinstance(v, str)]
    return []


def type_text(api: Api, shape: t.TypeShape) -> str:
    shape, nullable = t.strip_nullable(shape)
    text = _type_text(api, shape)
    return text + ", nullable" if nullable else text


def _type_text(api: Api, shape: t.TypeShape) -> str:
    if isinstance(shape, t.Primitive):
        return {"str": "string", "int": "integer", "float": "number", "bool": "boolean"}[shape.kind]
    if isinstance(shape, t.LiteralShape):
        kinds = {type(v).__name__ for v in shape.values if v is not None}
        return "string" if kinds <= {"str"} else "integer" if kinds <= {"int"} else "scalar"
    if isinstance(shape, t.ArrayShape):
        return "array of " + _type_text(api, t.strip_nullable(shape.item)[0])
    if isinstance(shape, t.MapShape):
        return "object"
    if isinstance(shape, t.RefShape):
        return api.declaration(shape.key).wire_name
    if isinstance(shape, t.UnionShape):
        return "anyOf"
    if isinstance(shape, t.FileShape):
        return "file"
    return "any"


def _reachable(api: Api, ops: tuple[Operation, ...]) -> list[Declaration]:
    """The schemas an operation's arguments and response use, transitively, in declaration order."""
    todo: list[str] = []
    for op in ops:
        shapes = [p.type for p in op.parameters]
        if op.body is not None:
            shapes += [f.type for f in op.body.fields] + ([op.body.whole] if op.body.whole is not None else [])
        shapes += [s for s in (op.response.type, op.response.events) if s is not None]
        for shape in shapes:
            todo += sorted(t.referenced_names(shape))
    seen: set[str] = set()
    while todo:
        key = todo.pop()
        if key in seen:
            continue
        seen.add(key)
        decl = api.declaration(key)
        inner = [f.type for f in decl.fields] if isinstance(decl, Model) else [decl.type]
        for shape in inner:
            todo += sorted(t.referenced_names(shape))
    return [d for d in api.declarations if d.key in seen]


def _details(api: Api, item: Field | Parameter) -> list[str]:
    """An argument's or property's allowed values, bounds and default, a paragraph each."""
    lines = []
    enum = enum_values(api, item.type)
    if enum:
        lines += ["Allowed values: " + pod_text(", ".join(enum)), ""]
    c = item.constraints
    bounds = [f"{label} {value:g}" for label, value in (("minimum", c.minimum), ("maximum", c.maximum)) if value is not None]
    if bounds:
        lines += [pod_text(", ".join(bounds).capitalize()), ""]
    if item.default is not None and not isinstance(item.default.value, (dict, list)):
        lines += ["Default: " + pod_text(json.dumps(item.default.value).strip('"')), ""]
    return lines


def _schema_pod(api: Api, decl: Declaration) -> list[str]:
    lines = [f"=head2 {pod_text(decl.wire_name)}", ""]
    if decl.description:
        lines += [pod_text(decl.description), ""]
    if isinstance(decl, Model):
        if not decl.fields:
            return [*lines, "An object with no declared properties.", ""]
        lines += ["Properties:", "", "=over 4", ""]
        for f in decl.fields:
            kind = type_text(api, f.type) + (", required" if f.required else "")
            text = f"C<{f.wire_name}> ({pod_text(kind)})"
            if f.description:
                text += " - " + pod_text(f.description)
            lines += [f"=item * {text}", "", *_details(api, f)]
        return [*lines, "=back", ""]
    enum = enum_values(api, decl.type)
    lines += [f"Type: {pod_text(type_text(api, decl.type))}", ""]
    if enum:
        lines += ["Allowed values: " + pod_text(", ".join(enum)), ""]
    return lines


def _operation_pod(api: Api, op: Operation, method: str) -> list[str]:
    lines = [
        f"=head2 {method}",
        "",
        f"C<{op.method.upper()} {op.path}> (operationId C<{op.operation_id}>)",
        "",
        verbatim(example_call(api, op, method)),
        "",
    ]
    if op.summary:
        lines += [pod_text(op.summary), ""]
    if op.description and op.description != op.summary:
        lines += [pod_text(op.description), ""]
    items: list[tuple[str, str, Field | Parameter]] = [(p.wire_name, f"{p.location} parameter", p) for p in op.parameters]
    body = op.body
    if body is not None:
        items += [(f.wire_name, "body field", f) for f in body.fields if f.wire_name != op.stream_flag]
    if items or (body is not None and body.whole is not None):
        lines += ["Arguments:", "", "=over 4", ""]
        if body is not None and body.whole is not None:
            lines += [f"=item * C<body> ({pod_text(type_text(api, body.whole))}{', required' if body.required else ''})", ""]
        for name, where, item in items:
            kind = type_text(api, item.type) + (", required" if item.required else "")
            text = f"C<{pod_text(name)}> ({pod_text(where)}, {pod_text(kind)})"
            if item.description:
                text += " - " + pod_text(item.description)
            lines += [f"=item * {text}", "", *_details(api, item)]
        lines += ["=back", ""]
    lines += [_credentials(api, op), ""]
    response = op.response
    lines += ["Responses:", "", f"{pod_text(response.status)} - {pod_text(response.description or 'OK')}", ""]
    if response.content_type:
        lines += [f"Content-Type: {pod_text(response.content_type)}", ""]
    example = response_example(api, op)
    if example:
        lines += ["Example:", "", verbatim(example), ""]
    elif response.kind == "sse":
        lines += ["Events: pass C<< on_event => sub { my ($event) = @_; ... } >>; each event is a decoded hash.", ""]
    elif response.kind == "binary":
        lines += ["The body's bytes; with C<< save_to => $path >>, saved there (the path is returned).", ""]
    return lines


def _scheme_text(api: Api, key: str) -> str:
    scheme = next(s for s in api.security_schemes if s.key == key)
    if scheme.kind == "basic":
        return "C<username> and C<password> (HTTP basic)"
    if scheme.kind == "bearer":
        return "C<api_key> as a bearer token"
    where = {"header": "header", "query": "query parameter", "cookie": "cookie"}[scheme.location]
    return f"C<api_key> in the {where} C<{pod_text(scheme.param_name)}>"


def _credentials(api: Api, op: Operation) -> str:
    """Which credentials the operation sends: the first alternative the client has them all for."""
    alternatives = [" and ".join(_scheme_text(api, key) for key in alt) for alt in op.security if alt]
    if not alternatives:
        return "Credentials: none are sent."
    text = "Credentials: " + "; else ".join(alternatives)
    return (
        text
        + (" (the first the client has)." if len(alternatives) > 1 else ".")
        + (" Anonymous access is allowed." if any(not alt for alt in op.security) else "")
    )


def _pod_start(name_line: str) -> list[str]:
    """The end of a module's code and the start of its POD, down to its NAME."""
    return ["1;", "", "__END__", "", "=encoding utf8", "", "=head1 NAME", "", name_line, ""]


def resource_module(api: Api, names: PerlNames, resource: Resource, types: RequestTypes) -> str:
    module = names.modules[resource.wire_name]
    tables = {names.methods[op.key]: op_table(types, op, names.methods[op.key]) for op in resource.operations}
    code = [
        f"package {module};",
        "",
        "use strict;",
        "use warnings;",
        "",
        f"our $VERSION = {literal(api.version or '0.01')};",
        f"our @CARP_NOT = ('{names.namespace}::Runtime');  # argument errors name the caller's line",
        "",
        "# Each operation as the runtime sends it (see the runtime's POD for the format).",
        "our %OPS = (",
        *(f"    {name} => {literal(table, '    ')}," for name, table in tables.items()),
        ");",
        "",
    ]
    for name in tables:
        code += [f"sub {name} {{", "    my ( $self, $args ) = @_;", f"    return $self->_call( $OPS{{{name}}}, $args );", "}", ""]
    first = resource.operations[0] if resource.operations else None
    pod = [
        *_pod_start(f"{module} - the {pod_text(resource.wire_name)} operations of {pod_text(api.title)}"),
        "=head1 SYNOPSIS",
        "",
        verbatim(
            f"use {names.namespace}::Client;\n"
            f"my $client = {names.namespace}::Client->new;  # the API key from the environment\n"
            + (example_call(api, first, names.methods[first.key]) if first else "")
        ),
        "",
        "=head1 DESCRIPTION",
        "",
        pod_text(resource.description) if resource.description else f"The {pod_text(resource.wire_name)} operations.",
        "",
        f"The methods are the client's (L<{names.namespace}::Client>): each takes one hash reference,",
        "with path, query, header and cookie parameters by name and the request body under C<body>.",
        "Values are sent as their schema types say; a missing required argument, a value of the",
        "wrong type or out of bounds croaks before anything is sent; an error response dies with an",
        f"L<{names.namespace}::Error>.",
        "",
        "=head1 OPERATIONS",
        "",
    ]
    for op in resource.operations:
        pod += _operation_pod(api, op, names.methods[op.key])
    schemas = _reachable(api, resource.operations)
    if schemas:
        pod += ["=head1 SCHEMAS", ""]
        for decl in schemas:
            pod += _schema_pod(api, decl)
    pod += ["=cut", ""]
    return "\n".join(code + pod)


def schemas_module(api: Api, names: PerlNames, types: RequestTypes) -> str:
    ns = names.namespace
    pod = [
        *_pod_start(f"{ns}::Schemas - the JSON types of what requests carry"),
        "=head1 DESCRIPTION",
        "",
        f"Data for L<{ns}::Runtime>, which encodes every argument by its schema type and writes",
        "object members in the schema's order. C<%TYPES> maps a schema's name to its type, one of:",
        "",
        verbatim(
            "'string', 'integer', 'number', 'boolean', 'file', 'any'\n"
            "{ array => TYPE }                    # the items' type\n"
            "{ map => TYPE }                      # an object with any keys\n"
            "{ object => [ name => TYPE, ... ] }  # properties in the schema's order\n"
            "{ any_of => [ TYPE, ... ] }          # oneOf, anyOf\n"
            "{ ref => 'Name' }                    # another entry of %TYPES"
        ),
        "",
        "=cut",
        "",
    ]
    return "\n".join(types_code(types, ns, api.version or "0.01") + pod)


def client_module(api: Api, names: PerlNames, facts: str, api_key_env: str) -> str:
    ns = names.namespace
    modules = sorted(set(names.modules.values()))
    methods = sorted((names.methods[op.key], names.modules[r.wire_name], op) for r in api.resources for op in r.operations)
    basic = any(s.kind == "basic" for s in api.security_schemes)
    lines = [
        f"package {ns}::Client;",
        "",
        "use strict;",
        "use warnings;",
        "",
        f"use {ns}::Runtime;",
        f"use {ns}::Schemas;",
        *(f"use {m};" for m in modules),
        "",
        f"our @ISA = ('{ns}::Runtime', " + ", ".join(f"'{m}'" for m in modules) + ");"
        if modules
        else f"our @ISA = ('{ns}::Runtime');",
        f"our $VERSION = {literal(api.version or '0.01')};",
        "",
        f"my %API = %{{ {facts} }};",
        "",
        "sub _api { return \\%API }",
        "",
        f"sub _types {{ return \\%{ns}::Schemas::TYPES }}",
        "",
        *_pod_start(f"{ns}::Client - a client for {pod_text(api.title)}"),
        "=head1 SYNOPSIS",
        "",
        verbatim(
            f"use {ns}::Client;\n"
            f"my $client = {ns}::Client->new(\n"
            f"    api_key     => $key,     # default: $ENV{{{api_key_env}}}\n"
            + ("    username    => $user,    # HTTP basic auth, with password\n    password    => $password,\n" if basic else "")
            + "    base_url    => $url,     # default: the spec's server\n"
            "    timeout     => 60,       # seconds per attempt\n"
            "    max_retries => 2,\n"
            ");"
        ),
        "",
        "=head1 DESCRIPTION",
        "",
        pod_text(api.description) if api.description else f"A client for {pod_text(api.title)}.",
        "",
        "HTTPS needs L<IO::Socket::SSL> (and L<Net::SSLeay>), which L<HTTP::Tiny> uses when present.",
        "Failed requests are retried (connection errors, 408, 409, 429, 5xx; C<Retry-After>",
        f"honoured); an error response dies with an error object, L<{ns}::Error> (status, type, message,",
        "request_id).",
        "",
        "=head1 CREDENTIALS",
        "",
        f"C<api_key> (default: the environment variable C<{pod_text(api_key_env)}>) is sent as the spec's",
        "schemes say: as a bearer token, or in an API key's header, query parameter or cookie.",
        "C<username> and C<password> are sent as HTTP basic auth (the password may be empty).",
        "Each operation sends the first of its security alternatives for which the client has every",
        "credential (bearer and API keys need C<api_key>, basic needs C<username>), and nothing when",
        "it has none of them or the operation declares no security; each operation's POD says which.",
        *(
            ["The spec declares no security scheme: a key you give is sent as a bearer token."]
            if any(s.implicit for s in api.security_schemes)
            else []
        ),
        "",
        "=head1 ARGUMENTS",
        "",
        "Each method takes one hash reference: parameters by name, the body under C<body>. Every",
        "value is encoded by its schema type, whatever Perl scalar holds it: C<'50'> for an integer",
        "is sent as C<50>, C<'0.5'> for a number as C<0.5>; a boolean takes C<1>, C<0>, C<''>,",
        "C<'true'>, C<'false'> or C<JSON::PP::true> and C<JSON::PP::false>. A value that is not of its",
        "type (C<'two'> for an integer) croaks, naming the method, the argument and the type, at",
        "the caller's line, and nothing is sent. Parameters are spelled by their style",
        "(path C<simple>, C<label>, C<matrix>; query C<form>, C<spaceDelimited>, C<pipeDelimited>,",
        "C<deepObject>; header C<simple>; cookie C<form>), form and multipart fields by their",
        "Encoding Objects; object members go in the schema's order (other keys sorted).",
        "",
        "Strings are characters, sent as UTF-8 (decode your input, C<use utf8> in your source).",
        "A file is a path, a filehandle or C<[ $content, $filename, $content_type ]> (content as",
        "bytes); a field taking several files takes a list of them (a list of plain strings is a",
        "list of paths when they all name files, else one C<[ $content, $filename ]>).",
        "",
        "=head1 RESPONSES",
        "",
        "A JSON response (C<application/json> or C<+json>) is decoded into plain hashes and arrays.",
        "A C<text/*> response is returned as decoded text; any other response as its bytes,",
        "whatever the spec declared (with C<< save_to => $path >>, saved there and the path",
        "returned).",
        "",
        "=head1 METHODS",
        "",
        "=over 4",
        "",
    ]
    for method, module, op in methods:
        lines += [f"=item * C<{method}> - C<{op.method.upper()} {op.path}>, see L<{module}/{method}>", ""]
    lines += ["=back", "", "=cut", ""]
    return "\n".join(lines)


__all__ = ["client_module", "example_value", "resource_module", "schemas_module"]
