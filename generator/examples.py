"""Example values built from the spec: what a field, a request or a response looks like. Target
neutral (the IR only), for every target that documents calls."""

from __future__ import annotations

import json
import math

from . import naming
from .ir import Api, Field, Model, Operation, Parameter
from .ir import types as t

MAX_DEPTH = 10  # deep enough for required fields of nested models; recursion stops here
SHOWN_DEPTH = 4  # a response built from the schema shows optional fields this deep


def example_value(
    api: Api, shape: t.TypeShape, item: Field | Parameter | None = None, depth: int = 0, _path: frozenset[str] = frozenset()
) -> object:
    """A plausible JSON value: the spec's example, else its default, else one built from the type.
    A declaration met again on its own path (a model holding a list of itself) ends the value
    there, empty, so a self-referencing schema gives a finite example."""
    if item is not None and item.example is not None:
        return item.example.value
    if item is not None and item.default is not None:
        return item.default.value
    shape, _ = t.strip_nullable(shape)
    if isinstance(shape, t.LiteralShape):
        return shape.values[0] if shape.values else "string"
    if isinstance(shape, t.Primitive):
        return _primitive(shape, item)
    if isinstance(shape, t.ArrayShape):
        return [example_value(api, shape.item, None, depth + 1, _path)] if depth < MAX_DEPTH else []
    if isinstance(shape, t.MapShape):
        return {}
    if isinstance(shape, t.UnionShape):
        return example_value(api, shape.variants[0], None, depth, _path)
    if isinstance(shape, t.RefShape) and depth < MAX_DEPTH:
        decl = api.declaration(shape.key)
        if shape.key in _path:  # met again on its own path: the empty value of its kind
            kind = decl if isinstance(decl, Model) else t.strip_nullable(decl.type)[0]
            return [] if isinstance(kind, t.ArrayShape) else {} if isinstance(kind, (Model, t.MapShape)) else None
        inner = _path | {shape.key}
        if isinstance(decl, Model):
            return {f.wire_name: example_value(api, f.type, f, depth + 1, inner) for f in decl.fields if f.required}
        return example_value(api, decl.type, None, depth + 1, inner)
    if isinstance(shape, t.FileShape):
        return "@file"
    return None


# A value each string format accepts, as its RFC or JSON Schema spells it.
_FORMATS: dict[str, str] = {
    "date-time": "2024-01-01T00:00:00Z",
    "date": "2024-01-01",
    "time": "12:00:00Z",
    "email": "user@example.com",
    "uri": "https://example.com",
    "url": "https://example.com",
    "hostname": "example.com",
    "ipv4": "192.0.2.1",
    "ipv6": "2001:db8::1",
    "uuid": "123e4567-e89b-12d3-a456-426614174000",
    "byte": "aGVsbG8=",
}


def _primitive(shape: t.Primitive, item: Field | Parameter | None) -> object:
    """A value of the type that reads as what it is: a format's example, a parameter's name made
    an identifier (``customer_123`` for ``{customer}``), a number within its bounds."""
    c = item.constraints if item is not None else None
    if shape.kind == "str":
        if shape.format in _FORMATS:
            return _FORMATS[shape.format]
        if isinstance(item, Parameter) and c is not None and c.pattern is None:
            value = f"{naming.snake(item.wire_name) or 'value'}_123"
            if (c.max_length is None or len(value) <= c.max_length) and (c.min_length is None or len(value) >= c.min_length):
                return value
        return "string"
    if shape.kind == "bool":
        return True
    zero = 0 if shape.kind == "int" else 0.0
    if c is None or (c.minimum is None and c.exclusive_minimum is None):
        return zero
    strict = c.minimum is None
    low = c.exclusive_minimum if strict else c.minimum
    assert low is not None
    if low < 0 or (low == 0 and not strict):
        return zero
    if shape.kind == "int":
        return math.floor(low) + 1 if strict else math.ceil(low)
    return float(low) + 1.0 if strict else float(low)


def response_example(api: Api, op: Operation) -> str:
    """The response body as indented JSON: the spec's example, else one built from the schema."""
    response = op.response
    if response.kind != "json" or response.type is None:
        return ""
    value = response.example if response.has_example else _full_example(api, response.type, 0)
    return json.dumps(value, indent=2, ensure_ascii=False)


def _full_example(api: Api, shape: t.TypeShape, depth: int) -> object:
    """Like example_value, but with optional fields too, so the reader sees the whole shape."""
    inner, _ = t.strip_nullable(shape)
    if isinstance(inner, t.RefShape) and depth < SHOWN_DEPTH:
        decl = api.declaration(inner.key)
        if isinstance(decl, Model):
            return {
                f.wire_name: (f.example or f.default).value if (f.example or f.default) else _full_example(api, f.type, depth + 1)  # type: ignore[union-attr]
                for f in decl.fields
            }
    if isinstance(inner, t.ArrayShape) and depth < SHOWN_DEPTH:
        return [_full_example(api, inner.item, depth + 1)]
    return example_value(api, shape, None, depth)
