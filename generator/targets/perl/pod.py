"""The POD's parts as data: escaped paragraphs, verbatim blocks, argument and property items,
schema sections and each operation's view (the templates under ``templates/perl/`` lay them
out in the seed's shape: NAME, SYNOPSIS, OPERATIONS with an example call and response, SCHEMAS
with every property's type, required flag, description, allowed values and default)."""

from __future__ import annotations

import json
import re

from ...doctext import readable
from ...examples import response_example
from ...ir import Alias, Api, Declaration, Field, Model, Operation, Parameter
from ...ir import types as t
from ...ir.walk import declarations_reached
from ...plnames import body_key, example_call, literal
from . import PerlOperationView, PodItem, SchemaPod
from .tables import RequestTypes, op_table


def pod_text(text: str) -> str:
    """Prose for POD: HTML turned into Markdown, whitespace folded, < and > escaped, never a
    command line."""
    folded = re.sub(r"[<>]", lambda m: "E<lt>" if m.group() == "<" else "E<gt>", " ".join(readable(text).split()))
    return "Z<>" + folded if folded.startswith("=") else folded


def verbatim(text: str) -> str:
    """A verbatim paragraph: every line indented (a blank line inside stays blank)."""
    return "\n".join(("  " + line).rstrip() for line in text.splitlines())


def enum_values(api: Api, shape: t.TypeShape, seen: frozenset[str] = frozenset()) -> list[str]:
    """A closed enum's string values (what the runtime checks and the POD lists)."""
    shape, _ = t.strip_nullable(shape)
    if isinstance(shape, t.RefShape):
        decl = api.declaration(shape.key)
        if not isinstance(decl, Alias) or shape.key in seen:  # an alias naming itself lists nothing
            return []
        return enum_values(api, decl.type, seen | {shape.key})
    if isinstance(shape, t.LiteralShape) and not shape.open:
        return [v for v in shape.values if isinstance(v, str)]
    return []


def type_text(api: Api, shape: t.TypeShape) -> str:
    """A type in words; a named schema by its name (so a schema containing itself ends there)."""
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


def reachable(api: Api, ops: tuple[Operation, ...]) -> list[Declaration]:
    """The schemas an operation's arguments and response use, transitively, in declaration
    order (each once: a schema containing itself is met again and skipped)."""
    todo: list[str] = []
    for op in ops:
        shapes = [p.type for p in op.parameters]
        if op.body is not None:
            shapes += [f.type for f in op.body.fields] + ([op.body.whole] if op.body.whole is not None else [])
        shapes += [s for s in (op.response.type, op.response.events) if s is not None]
        for shape in shapes:
            todo += sorted(t.referenced_names(shape))
    seen = declarations_reached(api.declaration, [t.RefShape(key=key) for key in todo])
    return [d for d in api.declarations if d.key in seen]


def pod_item(api: Api, name: str, label: str, item: Field | Parameter) -> PodItem:
    """An argument or property: ``name`` and ``label`` escaped already."""
    c = item.constraints
    bounds = [f"{word} {value:g}" for word, value in (("minimum", c.minimum), ("maximum", c.maximum)) if value is not None]
    shown = item.default is not None and not isinstance(item.default.value, (dict, list))
    return PodItem(
        name=name,
        label=label,
        description=pod_text(item.description) if item.description else "",
        allowed=pod_text(", ".join(enum_values(api, item.type))),
        bounds=pod_text(", ".join(bounds).capitalize()) if bounds else "",
        default=pod_text(json.dumps(item.default.value).strip('"')) if shown and item.default is not None else None,
    )


def schema_pod(api: Api, decl: Declaration) -> SchemaPod:
    properties: tuple[PodItem, ...] = ()
    if isinstance(decl, Model):
        properties = tuple(
            pod_item(api, pod_text(f.wire_name), pod_text(type_text(api, f.type) + (", required" if f.required else "")), f)
            for f in decl.fields
        )
    return SchemaPod(
        name=pod_text(decl.wire_name),
        description=pod_text(decl.description) if decl.description else "",
        is_object=isinstance(decl, Model),
        properties=properties,
        type="" if isinstance(decl, Model) else pod_text(type_text(api, decl.type)),
        allowed="" if isinstance(decl, Model) else pod_text(", ".join(enum_values(api, decl.type))),
    )


def operation_view(
    api: Api, types: RequestTypes, op: Operation, method: str, *, call: str = "", iterator: str = ""
) -> PerlOperationView:
    """The operation's %OPS entry and POD (its types recorded in ``types`` for the Schemas module);
    ``call``: what follows ``$client->`` (``customers->create`` for a resource reached through an
    accessor), the method by default."""
    items: list[PodItem] = []
    body = op.body
    key = body_key(op)
    if body is not None and body.whole is not None:
        label = pod_text(type_text(api, body.whole)) + (", required" if body.required else "")
        items.append(PodItem(name=key, label=label, description="", allowed="", bounds="", default=None))
    for p in op.parameters:
        label = (
            f"{pod_text(p.location + ' parameter')}, {pod_text(type_text(api, p.type) + (', required' if p.required else ''))}"
        )
        items.append(pod_item(api, pod_text(p.wire_name), label, p))
    for f in body.fields if body is not None else ():
        if f.wire_name != op.stream_flag:
            label = f"body field, {pod_text(type_text(api, f.type) + (', required' if f.required else ''))}"
            items.append(pod_item(api, pod_text(f.wire_name), label, f))
    response = op.response
    example = response_example(api, op)
    return PerlOperationView(
        name=method,
        table=literal(op_table(types, op, call or method), "    "),
        http=pod_text(f"{op.method.upper()} {op.path}"),
        operation_id=pod_text(op.operation_id),
        example=verbatim(example_call(api, op, call or method)),
        summary=pod_text(op.summary) if op.summary else "",
        description=pod_text(op.description) if op.description and op.description != op.summary else "",
        arguments=tuple(items),
        body_key=key if body is not None else "",
        renamed_body=key != "body",
        credentials=credentials(api, op),
        status=pod_text(response.status),
        status_text=pod_text(response.description or "OK"),
        content_type=pod_text(response.content_type) if response.content_type else "",
        response_example=verbatim(example) if example else "",
        streams=response.kind == "sse",
        binary=response.kind == "binary",
        iterator=iterator,
    )


def _scheme_text(api: Api, key: str) -> str:
    scheme = next(s for s in api.security_schemes if s.key == key)
    if scheme.kind == "basic":
        return "C<username> and C<password> (HTTP basic)"
    if scheme.kind == "bearer":
        return "C<api_key> as a bearer token"
    where = {"header": "header", "query": "query parameter", "cookie": "cookie"}[scheme.location]
    return f"C<api_key> in the {where} C<{pod_text(scheme.param_name)}>"


def credentials(api: Api, op: Operation) -> str:
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
