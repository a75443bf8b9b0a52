"""How arguments become an HTTP request, as OpenAPI's serialization table says: parameter
styles (path simple/label/matrix, query form/spaceDelimited/pipeDelimited/deepObject, header
simple, cookie form) with explode, allowReserved and ``content``; form bodies by their Encoding
Objects; multipart bodies with per-part content types and headers."""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from ._files import FilePart
from ._serde import encode
from ._types import Omit, is_dict, is_list

__all__ = [
    "Wire",
    "cookie_pairs",
    "encode_multipart",
    "form_pairs",
    "header_value",
    "json_text",
    "path_value",
    "present",
    "query_pairs",
    "text",
]

_RESERVED = ":/?[]@!$&'()*+,;="  # RFC 3986's reserved characters, but "#" (it would end the URL)


@dataclass(frozen=True, slots=True, kw_only=True)
class Wire:
    """How one value is spelled (the spec's style, explode, allowReserved and content type, or a
    body property's Encoding Object); the generated code passes the ones that differ from
    the location's default."""

    style: str
    explode: bool
    allow_reserved: bool = False
    content_type: str | None = None
    headers: tuple[tuple[str, str], ...] = ()


DEFAULTS = {
    "path": Wire(style="simple", explode=False),
    "query": Wire(style="form", explode=True),
    "header": Wire(style="simple", explode=False),
    "cookie": Wire(style="form", explode=True),
    "body": Wire(style="form", explode=True),
}


def text(value: object) -> str:
    """One value as text: booleans as JSON spells them, numbers as Python (= JSON) does,
    structures as JSON text."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if is_dict(value) or is_list(value) or hasattr(value, "to_dict"):
        return json_text(value)
    return str(value)


def json_text(value: object) -> str:
    return json.dumps(encode(value), separators=(",", ":"), ensure_ascii=False)


def _pct(allow_reserved: bool) -> Callable[[str], str]:
    safe = _RESERVED if allow_reserved else ""
    return lambda s: quote(s, safe=safe)


def _shape(value: object) -> tuple[str, Any]:
    """("primitive", text) | ("array", [text]) | ("object", [(key, text)]), nulls left out."""
    value = encode(value)
    if is_dict(value):
        return "object", [(str(k), text(v)) for k, v in value.items() if v is not None]
    if is_list(value):
        return "array", [text(v) for v in value if v is not None]
    return "primitive", text(value)


def _flat(pairs: list[tuple[str, str]]) -> list[str]:
    return [piece for pair in pairs for piece in pair]


def path_value(name: str, value: object, wire: Wire) -> str:
    """The text that replaces ``{name}`` in the path, percent-encoded (delimiters kept)."""
    if wire.content_type is not None:
        return quote(json_text(value), safe="")
    pct = _pct(False)
    kind, data = _shape(value)
    style, explode = wire.style, wire.explode
    if kind == "primitive":
        body = pct(data)
        return {"label": "." + body, "matrix": f";{pct(name)}={body}"}.get(style, body)
    if kind == "array":
        items = [pct(v) for v in data]
        if style == "label":
            return "." + ("." if explode else ",").join(items)
        if style == "matrix":
            if not items:
                return ";" + pct(name)
            if explode:
                return "".join(f";{pct(name)}={v}" for v in items)
            return f";{pct(name)}=" + ",".join(items)
        return ",".join(items)
    members = [(pct(k), pct(v)) for k, v in data]
    if style == "label":
        return "." + (
            ".".join(f"{k}={v}" for k, v in members)
            if explode
            else ",".join(_flat(members))
        )
    if style == "matrix":
        if explode:
            return "".join(f";{k}={v}" for k, v in members)
        return f";{pct(name)}=" + ",".join(_flat(members))
    return (
        ",".join(f"{k}={v}" for k, v in members)
        if explode
        else ",".join(_flat(members))
    )


def query_pairs(name: str, value: object, wire: Wire) -> list[str]:
    """``key=value`` pieces of a query string (or a form body), percent-encoded."""
    key, pct = quote(name, safe=""), _pct(wire.allow_reserved)
    if wire.content_type is not None:
        return [f"{key}={pct(json_text(value))}"]
    if wire.style == "deepObject":
        return [f"{k}={pct(v)}" for k, v in _deep(key, encode(value))]
    kind, data = _shape(value)
    if kind == "primitive":
        return [f"{key}={pct(data)}"]
    sep = {"spaceDelimited": "%20", "pipeDelimited": "%7C"}.get(wire.style, ",")
    if kind == "array":
        if wire.explode:
            return [f"{key}={pct(v)}" for v in data]
        return [f"{key}=" + sep.join(pct(v) for v in data)]
    if wire.explode:
        return [f"{quote(k, safe='')}={pct(v)}" for k, v in data]
    return [f"{key}=" + sep.join(pct(piece) for piece in _flat(data))]


def _deep(prefix: str, value: Any) -> list[tuple[str, str]]:
    """deepObject nesting: ``name[key]=value``, ``name[0][key]=value`` for arrays of objects
    (Stripe's reading); brackets stay as they are, keys are percent-encoded."""
    if is_dict(value):
        return [
            pair
            for k, v in value.items()
            if v is not None
            for pair in _deep(f"{prefix}[{quote(str(k), safe='')}]", v)
        ]
    if is_list(value):
        return [
            pair for i, v in enumerate(value) for pair in _deep(f"{prefix}[{i}]", v)
        ]
    return [(prefix, text(value))]


def form_pairs(name: str, value: object, wire: Wire) -> list[str]:
    """A form body's property, spelled by its Encoding Object exactly as a query parameter."""
    return query_pairs(name, value, wire)


def header_value(value: object, wire: Wire) -> str:
    """``simple`` style, not percent-encoded."""
    if wire.content_type is not None:
        return json_text(value)
    kind, data = _shape(value)
    if kind == "primitive":
        return str(data)
    if kind == "array":
        return ",".join(data)
    if wire.explode:
        return ",".join(f"{k}={v}" for k, v in data)
    return ",".join(_flat(data))


def cookie_pairs(name: str, value: object, wire: Wire) -> list[str]:
    """``form`` style in a Cookie header: exploded arrays repeat the name, exploded objects
    send each member as a cookie; the pairs are joined with ``; ``."""
    pct = _pct(False)
    if wire.content_type is not None:
        return [f"{name}={pct(json_text(value))}"]
    kind, data = _shape(value)
    if kind == "primitive":
        return [f"{name}={pct(data)}"]
    if kind == "array":
        if wire.explode:
            return [f"{name}={pct(v)}" for v in data]
        return [f"{name}=" + ",".join(pct(v) for v in data)]
    if wire.explode:
        return [f"{k}={pct(v)}" for k, v in data]
    return [f"{name}=" + ",".join(pct(piece) for piece in _flat(data))]


def present(mapping: Mapping[str, object] | None) -> dict[str, object]:
    """Leave out what was not given (OMIT) and what cannot be sent on this channel (None)."""
    return {
        k: v
        for k, v in (mapping or {}).items()
        if not isinstance(v, Omit) and v is not None
    }


def _quote_form(value: str) -> str:
    return value.replace("\r", "%0D").replace("\n", "%0A").replace('"', "%22")


def encode_multipart(
    fields: list[tuple[str, str, Wire | None]],
    files: list[tuple[str, FilePart, tuple[tuple[str, str], ...]]],
) -> tuple[bytes, str]:
    """A multipart/form-data body (RFC 7578) and its content type: text parts in UTF-8 (with
    the Encoding Object's content type and headers), then the files."""
    boundary = secrets.token_hex(16)
    chunks: list[bytes] = []
    for name, value, wire in fields:
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{_quote_form(name)}"\r\n'
        if wire is not None and wire.content_type:
            head += f"Content-Type: {wire.content_type}\r\n"
        for key, header in wire.headers if wire is not None else ():
            head += f"{key}: {header}\r\n"
        chunks.append((head + "\r\n").encode() + value.encode() + b"\r\n")
    for name, part, headers in files:
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{_quote_form(name)}"; '
            f'filename="{_quote_form(part.filename)}"\r\nContent-Type: {part.content_type}\r\n'
        )
        head += "".join(f"{key}: {value}\r\n" for key, value in headers)
        chunks.append((head + "\r\n").encode() + part.content + b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"
