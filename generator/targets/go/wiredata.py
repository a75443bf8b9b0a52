"""The IR's serialization plan (``ir.wire``) as Go data for the runtime: a ``wire{...}`` literal
per parameter and body field, an operation's security alternatives, the API's scheme table.
Data only: the runtime (``runtime/wire.go``, ``request.go``) applies it, nothing is decided here."""

from __future__ import annotations

import json

from ...ir import Api, Encoding, Operation, Parameter


def _go_string(value: str) -> str:
    return json.dumps(value)


def wire_literal(where: str, name: str, encoding: Encoding | None = None) -> str:
    """``wire{In: "query", Name: "color", Style: "deepObject", Explode: true}``; zero values are
    left out (the runtime's struct says what they mean)."""
    parts = [f"In: {_go_string(where)}"]
    if name:
        parts.append(f"Name: {_go_string(name)}")
    if encoding is not None:
        parts.append(f"Style: {_go_string(encoding.style)}")
        if encoding.explode:
            parts.append("Explode: true")
        if encoding.allow_reserved:
            parts.append("AllowReserved: true")
        if encoding.content_type:
            parts.append(f"ContentType: {_go_string(encoding.content_type)}")
        if encoding.headers:
            pairs = ", ".join(f"{{{_go_string(k)}, {_go_string(v)}}}" for k, v in encoding.headers)
            parts.append(f"Headers: [][2]string{{{pairs}}}")
    return "wire{" + ", ".join(parts) + "}"


def parameter_wire(p: Parameter) -> str:
    return wire_literal(p.location, p.wire_name, p.encoding)


def body_wire(op: Operation, wire_name: str) -> str:
    """A body field's ``wire``: JSON fields need only their name; form and multipart fields carry
    their Encoding Object (multipart parts: Content-Type and headers only)."""
    body = op.body
    assert body is not None
    if body.media_type == "form":
        encoding = body.encoding(wire_name) or Encoding(style="form", explode=True)
        return wire_literal("body", wire_name, encoding)
    if body.media_type == "multipart":
        given = body.encoding(wire_name)
        if given is None or not (given.content_type or given.headers):
            return wire_literal("body", wire_name)
        parts = [f"In: {_go_string('body')}", f"Name: {_go_string(wire_name)}"]
        if given.content_type:
            parts.append(f"ContentType: {_go_string(given.content_type)}")
        if given.headers:
            pairs = ", ".join(f"{{{_go_string(k)}, {_go_string(v)}}}" for k, v in given.headers)
            parts.append(f"Headers: [][2]string{{{pairs}}}")
        return "wire{" + ", ".join(parts) + "}"
    return wire_literal("body", wire_name)


def security_literal(op: Operation) -> str:
    """The operation's alternatives of security schemes: ``[][]string{{"basic"}, {}}``, ``nil``."""
    if not op.security:
        return "nil"
    alternatives = ", ".join("{" + ", ".join(_go_string(k) for k in alt) + "}" for alt in op.security)
    return f"[][]string{{{alternatives}}}"


def scheme_table(api: Api) -> list[str]:
    """The client's table of security schemes, by the keys the operations name."""
    lines = [
        "// securitySchemes are the credentials the API accepts, by their names in the API description.",
        "var securitySchemes = map[string]securityScheme{",
    ]
    for s in api.security_schemes:
        fields = [f"kind: {_go_string(s.kind)}"]
        if s.kind == "apiKey":
            fields += [f"in: {_go_string(s.location)}", f"name: {_go_string(s.param_name)}"]
        note = " // the API declares no scheme: a key given is sent as a bearer token" if s.implicit else ""
        lines.append(f"\t{_go_string(s.key)}: {{{', '.join(fields)}}},{note}")
    return [*lines, "}"]
