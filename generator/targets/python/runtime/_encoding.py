"""How arguments become an HTTP request: values as text, query styles, multipart bodies."""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping
from typing import Any

from ._files import FilePart
from ._serde import encode
from ._types import Omit, is_dict, is_list

__all__ = [
    "encode_multipart",
    "is_json_list",
    "present",
    "query_pairs",
    "simple",
    "text",
]


def text(value: object) -> str:
    """A query, header, path or form value as text (booleans as JSON spells them)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if is_dict(value) or is_list(value) or hasattr(value, "to_dict"):
        return json.dumps(encode(value), separators=(",", ":"))
    return str(value)


def simple(value: object) -> str:
    """OpenAPI's ``simple`` style (headers, path): arrays comma-separated, objects as k,v pairs."""
    value = encode(value)
    if is_list(value):
        return ",".join(text(v) for v in value)
    if is_dict(value):
        return ",".join(f"{k},{text(v)}" for k, v in value.items())
    return text(value)


def present(mapping: Mapping[str, object] | None) -> dict[str, object]:
    """Leave out what was not given (OMIT) and what cannot be sent on this channel (None)."""
    return {
        k: v
        for k, v in (mapping or {}).items()
        if not isinstance(v, Omit) and v is not None
    }


def query_pairs(
    name: str, value: object, style: str, explode: bool
) -> list[tuple[str, str | int | float | bool | None]]:
    """OpenAPI query serialisation: form (exploded or not), space/pipe-delimited, deepObject."""
    if is_dict(value):
        if style == "deepObject":
            return [
                (f"{name}[{k}]", text(v)) for k, v in value.items() if v is not None
            ]
        if explode:
            return [(str(k), text(v)) for k, v in value.items() if v is not None]
        return [
            (
                name,
                ",".join(f"{k},{text(v)}" for k, v in value.items() if v is not None),
            )
        ]
    if is_list(value):
        if explode:
            return [(name, text(v)) for v in value]
        separator = {"spaceDelimited": " ", "pipeDelimited": "|"}.get(style, ",")
        return [(name, separator.join(text(v) for v in value))]
    return [(name, text(value))]


def _quote_form(value: str) -> str:
    return value.replace("\r", "%0D").replace("\n", "%0A").replace('"', "%22")


def encode_multipart(
    fields: list[tuple[str, str]], files: list[tuple[str, FilePart]]
) -> tuple[bytes, str]:
    """A multipart/form-data body (RFC 7578) and its content type."""
    boundary = secrets.token_hex(16)
    chunks: list[bytes] = []
    for name, value in fields:
        chunks.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{_quote_form(name)}"\r\n\r\n'.encode()
            + value.encode()
            + b"\r\n"
        )
    for name, part in files:
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{_quote_form(name)}"; '
            f'filename="{_quote_form(part.filename)}"\r\nContent-Type: {part.content_type}\r\n\r\n'
        )
        chunks.append(head.encode() + part.content + b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"


def is_json_list(value: list[Any]) -> bool:
    """A list sent as one JSON part rather than one part per item."""
    return any(isinstance(v, (dict, list)) or hasattr(v, "to_dict") for v in value)
