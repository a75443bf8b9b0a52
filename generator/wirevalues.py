"""How an example value is spelled on the wire, at generation time: the table of ``ir/wire.py``
for the docs' curl commands (each client's runtime applies the same table at run time).
Target-neutral: JSON values in, percent-encoded text out."""

from __future__ import annotations

import json
from urllib.parse import quote

from .ir.wire import Encoding

_RESERVED = ":/?[]@!$&'()*+,;="


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return str(value)


def _pct(text: str, allow_reserved: bool = False) -> str:
    return quote(text, safe=_RESERVED if allow_reserved else "")


def _members(value: dict[object, object]) -> list[tuple[str, str]]:
    return [(str(k), _text(v)) for k, v in value.items() if v is not None]


def path_value(name: str, value: object, e: Encoding) -> str:
    """What replaces ``{name}`` in a path."""
    if e.content_type is not None:
        return _pct(json.dumps(value, separators=(",", ":"), ensure_ascii=False))
    sep = {"label": ".", "matrix": ";"}.get(e.style, "")
    if isinstance(value, list):
        items = [_pct(_text(v)) for v in value if v is not None]
        if e.style == "matrix":
            return "".join(f";{name}={v}" for v in items) if e.explode else f";{name}=" + ",".join(items)
        return sep + ("." if e.style == "label" and e.explode else ",").join(items)
    if isinstance(value, dict):
        pairs = [(_pct(k), _pct(v)) for k, v in _members(value)]
        if e.explode:
            joiner = {"label": ".", "matrix": ";"}.get(e.style, ",")
            return sep + joiner.join(f"{k}={v}" for k, v in pairs)
        flat = ",".join(f"{k},{v}" for k, v in pairs)
        return f";{name}={flat}" if e.style == "matrix" else sep + flat
    return f";{name}={_pct(_text(value))}" if e.style == "matrix" else sep + _pct(_text(value))


def query_pieces(name: str, value: object, e: Encoding) -> list[str]:
    """``key=value`` pieces of a query string or a form body."""
    key = _pct(name)
    if e.content_type is not None:
        return [f"{key}={_pct(json.dumps(value, separators=(',', ':'), ensure_ascii=False))}"]
    if e.style == "deepObject":
        return [f"{k}={_pct(v, e.allow_reserved)}" for k, v in _deep(key, value)]
    if isinstance(value, list):
        items = [_pct(_text(v), e.allow_reserved) for v in value if v is not None]
        if e.explode:
            return [f"{key}={v}" for v in items]
        return [f"{key}=" + {"spaceDelimited": "%20", "pipeDelimited": "%7C"}.get(e.style, ",").join(items)]
    if isinstance(value, dict):
        pairs = _members(value)
        if e.explode:
            return [f"{_pct(k)}={_pct(v, e.allow_reserved)}" for k, v in pairs]
        sep = {"spaceDelimited": "%20", "pipeDelimited": "%7C"}.get(e.style, ",")
        return [f"{key}=" + sep.join(_pct(p, e.allow_reserved) for pair in pairs for p in pair)]
    return [f"{key}={_pct(_text(value), e.allow_reserved)}"]


def _deep(prefix: str, value: object) -> list[tuple[str, str]]:
    if isinstance(value, dict):
        return [pair for k, v in value.items() if v is not None for pair in _deep(f"{prefix}[{_pct(str(k))}]", v)]
    if isinstance(value, list):
        return [pair for i, v in enumerate(value) for pair in _deep(f"{prefix}[{i}]", v)]
    return [(prefix, _text(value))]


def header_value(value: object, e: Encoding) -> str:
    if e.content_type is not None:
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    if isinstance(value, list):
        return ",".join(_text(v) for v in value if v is not None)
    if isinstance(value, dict):
        pairs = _members(value)
        return ",".join(f"{k}={v}" if e.explode else f"{k},{v}" for k, v in pairs)
    return _text(value)


def cookie_pairs(name: str, value: object, e: Encoding) -> list[str]:
    if e.content_type is not None:
        return [f"{name}={_pct(json.dumps(value, separators=(',', ':'), ensure_ascii=False))}"]
    if isinstance(value, list):
        items = [_pct(_text(v)) for v in value if v is not None]
        return [f"{name}={v}" for v in items] if e.explode else [f"{name}=" + ",".join(items)]
    if isinstance(value, dict):
        pairs = [(k, _pct(v)) for k, v in _members(value)]
        if e.explode:
            return [f"{k}={v}" for k, v in pairs]
        return [f"{name}=" + ",".join(f"{_pct(k)},{v}" for k, v in pairs)]
    return [f"{name}={_pct(_text(value))}"]
