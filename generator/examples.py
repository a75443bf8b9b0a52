"""Example values built from the spec: what a field, a request or a response looks like. Target
neutral (the IR only), for every target that documents calls."""

from __future__ import annotations

import json

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
        return {"str": "string", "int": 0, "float": 0.0, "bool": True}[shape.kind]
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
