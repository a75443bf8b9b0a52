"""Example calls, one per language, from the same example values (``examples``): a curl command,
a Python call with the generated client, the command line's, a Go program; for the reference
docs and the Python project's README. Every spec value goes through shlex.quote (shell)
or pycode.literal (Python); nothing from the spec is pasted raw."""

from __future__ import annotations

import json
import mimetypes
import shlex
from dataclasses import dataclass

from . import wirevalues as wv
from .examples import MAX_DEPTH, example_value
from .gonames import GoNames
from .ir import Alias, Api, Encoding, Field, Model, Operation, SecurityScheme
from .ir import types as t
from .ir.wire import default_encoding
from .pycode import literal
from .pynames import WHOLE_BODY, PyNames, attribute, cli_flags, cli_word


@dataclass(frozen=True, slots=True)
class _Arg:
    name: str  # Python argument
    wire: str
    where: str  # path | query | header | cookie | body | file
    value: object
    file_name: str = ""


def _file_name(field: Field | None, content_type: str | None) -> str:
    ext = mimetypes.guess_extension(content_type or "") or ".bin"
    base = attribute(field.wire_name) if field else "file"
    return f"{base}{ext}"


def _example_args(api: Api, op: Operation, names: PyNames) -> list[_Arg]:
    """Required arguments, and optional ones whose value the spec suggests (a default or enum)."""
    args: list[_Arg] = []
    for p in op.parameters:
        if p.required:
            value = example_value(api, p.type, p)
            args.append(_Arg(names.param(op, p), p.wire_name, p.location, value))
    body = op.body
    if body is None:
        return args
    content_types = dict(body.file_content_types)
    b64 = _b64_path(api, op, names)
    for f in body.fields:
        if f.wire_name == op.stream_flag:
            continue
        shape, _ = t.strip_nullable(f.type)
        if isinstance(shape, t.FileShape) or (isinstance(shape, t.ArrayShape) and isinstance(shape.item, t.FileShape)):
            if f.required:
                ct = content_types.get(f.wire_name) or (shape.content_type if isinstance(shape, t.FileShape) else None)
                args.append(_Arg(names.body_field(op, f), f.wire_name, "file", None, _file_name(f, ct)))
            continue
        if b64 and "b64_json" in _enum_values(api, f.type):
            args.append(_Arg(names.body_field(op, f), f.wire_name, "body", "b64_json"))
        elif f.required or f.example is not None:
            args.append(_Arg(names.body_field(op, f), f.wire_name, "body", example_value(api, f.type, f)))
    if body.whole is not None and body.required:
        args.append(_Arg(names.body_arg(op), "", "body", example_value(api, body.whole)))
    return args


def _enum_values(api: Api, shape: t.TypeShape) -> tuple[object, ...]:
    shape, _ = t.strip_nullable(shape)
    if isinstance(shape, t.LiteralShape):
        return shape.values
    if isinstance(shape, t.RefShape):
        decl = api.declaration(shape.key)
        if not isinstance(decl, Model):
            return _enum_values(api, decl.type)
    return ()


def _b64_path(api: Api, op: Operation, names: PyNames) -> tuple[str, str] | None:
    """(list attribute, item attribute) when the response carries base64 files in a list."""
    shape = op.response.type
    if op.response.kind != "json" or not isinstance(shape, t.RefShape):
        return None
    decl = api.declaration(shape.key)
    if not isinstance(decl, Model):
        return None
    for f in decl.fields:
        if isinstance(f.type, t.ArrayShape) and isinstance(f.type.item, t.RefShape):
            item = api.declaration(f.type.item.key)
            if isinstance(item, Model):
                for g in item.fields:
                    if "b64" in g.wire_name or g.type == t.Primitive(kind="str", format="byte"):
                        return names.field(decl, f), names.field(item, g)
    return None


def curl_example(api: Api, op: Operation, api_key_env: str, names: PyNames) -> str:
    """A curl command that sends what the clients send: parameters spelled by the serialization
    plan, the operation's credentials, the body under its media type."""
    args = _example_args(api, op, names)
    encodings: dict[tuple[str, str], Encoding] = {(p.location, p.wire_name): p.encoding for p in op.parameters}
    path = op.path
    pieces: list[str] = []
    headers: list[str] = []
    cookies: list[str] = []
    for a in args:
        if a.where not in ("path", "query", "header", "cookie"):
            continue
        e = encodings[(a.where, a.wire)]
        if a.where == "path":
            path = path.replace("{" + a.wire + "}", wv.path_value(a.wire, a.value, e))
        elif a.where == "query":
            pieces += wv.query_pieces(a.wire, a.value, e)
        elif a.where == "header":
            headers.append(f"-H {shlex.quote(f'{a.wire}: {wv.header_value(a.value, e)}')}")
        else:
            cookies += wv.cookie_pairs(a.wire, a.value, e)
    url = shlex.quote(api.base_url + path + (("&" if "?" in path else "?") + "&".join(pieces) if pieces else ""))
    lines = [f"curl {url}"]
    scheme = _curl_scheme(api, op)
    if scheme is not None and scheme.kind == "apiKey" and scheme.location == "query":
        joiner = "&" if "?" in path or pieces else "?"
        lines[0] += shlex.quote(f"{joiner}{scheme.param_name}=") + f'"${api_key_env}"'
    if scheme is not None and scheme.kind == "bearer":
        lines.append(f'-H "Authorization: Bearer ${api_key_env}"')
    elif scheme is not None and scheme.kind == "basic":
        lines.append('-u "$USERNAME:$PASSWORD"')
    elif scheme is not None and scheme.location == "header":
        lines.append(f'-H {shlex.quote(scheme.param_name + ": ")}"${api_key_env}"')
    elif scheme is not None and scheme.location == "cookie":
        cookies.append(f"{scheme.param_name}=${api_key_env}")
    lines += headers
    if cookies:
        lines.append(f'-b "{"; ".join(cookies)}"' if any("$" in c for c in cookies) else f"-b {shlex.quote('; '.join(cookies))}")
    sends = _curl_body(op, args, lines)
    method = f"-X {op.method} " if not (op.method == "GET" and not sends or op.method == "POST" and sends) else ""
    lines[0] = lines[0].replace("curl ", f"curl {method}", 1)
    if op.response.kind == "binary":
        lines.append("--output response.bin")
    return " \\\n  ".join(lines)


def _curl_scheme(api: Api, op: Operation) -> SecurityScheme | None:
    """The scheme the example authenticates with: the operation's first alternative's."""
    schemes = {s.key: s for s in api.security_schemes}
    for alternative in op.security:
        if alternative:
            return schemes[alternative[0]]
    return None


def _curl_body(op: Operation, args: list[_Arg], lines: list[str]) -> bool:
    """Add the body's options; whether curl then sends a body."""
    body = op.body
    if body is None:
        return False
    given = [a for a in args if a.where in ("body", "file")]
    if body.media_type == "multipart":
        for a in given:
            if a.where == "file":
                lines.append(f"-F {shlex.quote(a.wire + '=@' + a.file_name)}")
                continue
            e = body.encoding(a.wire)
            typed = f";type={e.content_type}" if e is not None and e.content_type else ""
            for item in a.value if isinstance(a.value, list) else [a.value]:
                lines.append(f"-F {shlex.quote(a.wire + '=' + _form_text(item) + typed)}")
        return bool(given)
    if body.media_type == "form":
        whole = [a.value for a in given if not a.wire]
        if whole:
            lines.append(f"-H {shlex.quote('Content-Type: ' + body.content_type)}")
            lines.append(f"--data-raw {shlex.quote(_form_text(whole[0]))}")
            return True
        pieces = [p for a in given for p in wv.query_pieces(a.wire, a.value, body.encoding(a.wire) or default_encoding("body"))]
        if pieces:
            lines.append(f"--data-raw {shlex.quote('&'.join(pieces))}")
        return bool(pieces)
    if body.media_type == "json":
        payload = {a.wire: a.value for a in given if a.wire}
        whole = [a.value for a in given if not a.wire]
        lines.append('-H "Content-Type: application/json"')
        lines.append(f"-d {shlex.quote(json.dumps(whole[0] if whole else payload))}")
        return True
    lines.append(f"-H {shlex.quote('Content-Type: ' + body.content_type)}")
    lines.append("--data-binary @body.bin")
    return True


def cli_example(api: Api, op: Operation, package: str, names: PyNames, resource_attr: str) -> str:
    """The same call from the generated command line (the cli target); ``resource_attr``: the
    resource's path from the client (``customers.tax_ids``)."""
    flags = cli_flags(op, names)
    resource = " ".join(cli_word(attr) for attr in resource_attr.split("."))
    words = [f"python -m {package} {resource} {cli_word(names.main_method(op))}"]
    for a in _example_args(api, op, names):
        if a.where in ("body", "file"):
            key = ("body", a.wire) if a.wire else WHOLE_BODY
        else:
            key = (a.where, a.wire)
        flag = flags[key]
        if a.where == "file":
            words.append(f"{flag} {shlex.quote(a.file_name)}")
        elif isinstance(a.value, bool):
            words.append(flag if a.value else "--no-" + flag[2:])
        elif isinstance(a.value, list) and a.value and not any(isinstance(v, (dict, list)) for v in a.value):
            words += [f"{flag} {shlex.quote(_form_text(v))}" for v in a.value]  # repeated, one per item
        elif a.value is None or isinstance(a.value, (dict, list)):
            words.append(f"{flag} {shlex.quote(json.dumps(a.value))}")
        else:
            words.append(f"{flag} {shlex.quote(_form_text(a.value))}")
    if _b64_path(api, op, names):
        words.append("--output-dir images")
    if op.response.kind == "binary":
        words.append("--output response.bin")
    return " \\\n  ".join(words)


def go_example(api: Api, op: Operation, names: PyNames, go: GoNames, go_package: str, module: str) -> str:
    """The same call from the Go client (the go target), as a whole program."""
    owner = go.params[op.key]
    fields = go.param_fields[op.key]
    imports = {"context", "fmt"}
    setup: list[str] = []
    members: list[str] = []
    path_values: dict[str, str] = {}
    for a in _example_args(api, op, names):
        if a.where == "path":
            param = next(p for p in op.parameters if p.location == "path" and p.wire_name == a.wire)
            path_values[a.wire] = _go_scalar(api, go, param.type, a.value, owner, "", go_package) or '""'
            continue
        key = ("body", a.wire) if a.where in ("body", "file") else (a.where, a.wire)
        member = fields.get(key)
        if member is None:
            continue
        if a.where == "file":
            var = member[:1].lower() + member[1:]
            imports |= {"io", "os"}
            setup += [
                f"\t{var}, err := os.Open({json.dumps(a.file_name)})",
                "\tif err != nil {",
                "\t\tpanic(err)",
                "\t}",
                f"\tdefer {var}.Close()",
            ]
            members.append(f"\t\t{member}: {go_package}.F[io.Reader]({var}),")
            continue
        shape = _field_type(op, key)
        value = _go_scalar(api, go, shape, a.value, owner, member, go_package) if shape is not None else None
        if value is None:
            members.append(f"\t\t// {member}: see the parameters above")
        else:
            members.append(f"\t\t{member}: {go_package}.F({value}),")
    args = "".join(f", {path_values.get(p.wire_name, '0')}" for p in op.parameters if p.location == "path")
    resource = next(r for r in api.resources if any(o.key == op.key for o in r.operations))
    service = go.service_paths[resource.wire_name]  # Customers.TaxIds
    call = f"client.{service}.{go.methods[op.key]}(context.TODO(){args}, {go_package}.{owner}{{"
    kind = op.response.kind
    lead = "err :=" if kind == "empty" else "resp, err :="
    lines = [
        "package main",
        "",
        "import (",
        *(f'\t"{i}"' for i in sorted(imports)),
        "",
        f'\t{go_package} "{module}"',
        ")",
        "",
        "func main() {",
        f"\tclient := {go_package}.NewClient() // the API key comes from the environment",
        *setup,
        f"\t{lead} {call}" + ("" if members else "})"),
        *members,
        *(["\t})"] if members else []),
        "\tif err != nil {",
        "\t\tpanic(err)",
        "\t}",
    ]
    if kind == "sse":
        lines += ["\tfor resp.Next() {", "\t\tfmt.Println(resp.Current())", "\t}"]
    elif kind == "binary":
        lines += ["\tdefer resp.Close()", '\tfmt.Println("the body is an io.ReadCloser")']
    elif kind == "json" and isinstance(op.response.type, t.RefShape) and isinstance(api.declaration(op.response.type.key), Model):
        lines.append("\tfmt.Println(resp.RawJSON())")
    elif kind != "empty":
        lines.append("\tfmt.Println(resp)")
    else:
        lines.append('\tfmt.Println("done")')
    return "\n".join([*lines, "}"])


def _field_type(op: Operation, key: tuple[str, str]) -> t.TypeShape | None:
    if key[0] != "body":
        return next((p.type for p in op.parameters if (p.location, p.wire_name) == key), None)
    body = op.body
    if body is None:
        return None
    if key[1] == "":
        return body.whole
    return next((f.type for f in body.fields if f.wire_name == key[1]), None)


def _go_scalar(api: Api, go: GoNames, shape: t.TypeShape, value: object, owner: str, member: str, pkg: str) -> str | None:
    """A Go expression for a simple value of ``shape`` (None for objects and unions)."""
    shape, _ = t.strip_nullable(shape)
    if isinstance(shape, t.RefShape):
        decl = api.declaration(shape.key)
        if isinstance(decl, Model):
            return None
        if isinstance(decl.type, t.LiteralShape) and isinstance(value, str):
            return f"{pkg}.{go.types[decl.key]}({json.dumps(value)})"
        return None
    if isinstance(shape, t.LiteralShape) and isinstance(value, str) and (owner, member) in go.enum_types:
        return f"{pkg}.{go.enum_types[(owner, member)]}({json.dumps(value)})"
    if isinstance(shape, t.UnionShape) and isinstance(value, str):
        refs = [v for v in shape.variants if isinstance(v, t.RefShape)]
        if len(refs) == 1 and isinstance(api.declaration(refs[0].key), Alias):
            return f"{pkg}.{go.types[refs[0].key]}({json.dumps(value)})"
        return (
            json.dumps(value) if all(isinstance(v, (t.Primitive, t.LiteralShape, t.RefShape)) for v in shape.variants) else None
        )
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) and isinstance(shape, t.Primitive):
        return f"int64({value})" if shape.kind == "int" else f"float64({value})"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str) and isinstance(shape, (t.Primitive, t.LiteralShape)):
        return json.dumps(value)
    if isinstance(value, list) and isinstance(shape, t.ArrayShape) and all(isinstance(v, str) for v in value):
        item, _ = t.strip_nullable(shape.item)
        if isinstance(item, t.Primitive) and item.kind == "str":
            return "[]string{" + ", ".join(json.dumps(v) for v in value) + "}"
    return None


def _form_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return json.dumps(value)
    return str(value)


def python_value(api: Api, shape: t.TypeShape, value: object, names: PyNames, used: set[str], depth: int = 0) -> str:
    """A Python expression for ``value`` that type-checks against ``shape``: model instances are
    constructed (``Image(url=...)``), not passed as dicts."""
    shape, is_nullable = t.strip_nullable(shape)
    if value is None and is_nullable or depth > MAX_DEPTH * 2:
        return literal(value)
    if isinstance(shape, t.FileShape):
        return f'open({literal(_file_name(None, shape.content_type))}, "rb")'
    if not _fits(api, shape, value):  # the spec's example contradicts its schema: build one
        value = example_value(api, shape, None, depth)
    if isinstance(shape, t.RefShape):
        decl = api.declaration(shape.key)
        if isinstance(decl, Model) and isinstance(value, dict):
            used.add(names.cls(decl.key))
            fields = ", ".join(
                f"{names.field(decl, f)}={python_value(api, f.type, value[f.wire_name], names, used, depth + 1)}"
                for f in decl.fields
                if f.wire_name in value
            )
            return f"{names.cls(decl.key)}({fields})"
        if not isinstance(decl, Model):
            return python_value(api, decl.type, value, names, used, depth + 1)
    if isinstance(shape, t.ArrayShape) and isinstance(value, list):
        return "[" + ", ".join(python_value(api, shape.item, v, names, used, depth + 1) for v in value) + "]"
    if isinstance(shape, t.MapShape) and isinstance(value, dict):
        return (
            "{"
            + ", ".join(
                f"{literal(str(k))}: {python_value(api, shape.value, v, names, used, depth + 1)}" for k, v in value.items()
            )
            + "}"
        )
    if isinstance(shape, t.UnionShape):
        for variant in shape.variants:
            if _fits(api, variant, value):
                return python_value(api, variant, value, names, used, depth + 1)
    return literal(value)


def _fits(api: Api, shape: t.TypeShape, value: object) -> bool:
    shape, _ = t.strip_nullable(shape)
    if isinstance(shape, t.RefShape):
        decl = api.declaration(shape.key)
        if isinstance(decl, Model):
            return isinstance(value, dict) and all(f.wire_name in value for f in decl.fields if f.required)
        return _fits(api, decl.type, value)
    if isinstance(shape, t.Primitive):
        return {
            "str": isinstance(value, str),
            "int": isinstance(value, int) and not isinstance(value, bool),
            "float": isinstance(value, (int, float)) and not isinstance(value, bool),
            "bool": isinstance(value, bool),
        }[shape.kind]
    if isinstance(shape, t.LiteralShape):
        return value in shape.values
    if isinstance(shape, t.ArrayShape):
        return isinstance(value, list)
    if isinstance(shape, t.MapShape):
        return isinstance(value, dict)
    if isinstance(shape, t.UnionShape):
        return any(_fits(api, v, value) for v in shape.variants)
    if isinstance(shape, t.FileShape):
        return True
    return value is not None


def python_example(api: Api, op: Operation, package: str, names: PyNames, resource_attr: str) -> str:
    args = _example_args(api, op, names)
    shapes = {names.param(op, p): p.type for p in op.parameters}
    if op.body is not None:
        shapes |= {names.body_field(op, f): f.type for f in op.body.fields}
        if op.body.whole is not None:
            shapes[names.body_arg(op)] = op.body.whole
    used: set[str] = set()
    call = []
    for a in args:
        if a.where == "file":
            value = f'open({literal(a.file_name)}, "rb")'
        else:
            value = python_value(api, shapes[a.name], a.value, names, used) if a.name in shapes else literal(a.value)
        call.append(f"    {a.name}={value},")
    lines = []
    b64 = _b64_path(api, op, names)
    if b64:
        lines.append("import base64")
        lines.append("")
    lines.append(f"from {package} import Client")
    if used:
        lines.append(f"from {package}.models import {', '.join(sorted(used))}")
    lines.append("")
    lines.append("client = Client()  # the API key comes from the environment")
    method = names.main_method(op)
    if op.response.kind == "sse":
        target = "events"
    elif op.response.kind in ("empty",):
        target = ""
    else:
        target = "response"
    prefix = f"{target} = " if target else ""
    lines.append(f"{prefix}client.{resource_attr}.{method}(" + ("" if call else ")"))
    if call:
        lines.extend(call)
        lines.append(")")
    if b64:
        items, field = b64
        lines += [
            "",
            f"for i, item in enumerate(response.{items} or []):",
            f"    if item.{field}:",
            '        with open(f"output_{i}.png", "wb") as f:',
            f"            f.write(base64.b64decode(item.{field}))",
            '        print(f"saved output_{i}.png")',
        ]
    elif target == "events":
        lines += ["for event in events:", "    print(event)"]
    elif target:
        lines.append("print(response)")
    return "\n".join(lines)
