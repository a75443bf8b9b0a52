"""What the Perl runtime reads: one table per operation (its parameters with their style,
explode, allowReserved and ``content``; its body with every field's Encoding Object; its
security alternatives) and the request schemas' JSON types (``<Namespace>::Schemas``), so the
runtime encodes every value by its schema type and object members in the schema's order. Data
taken from the IR's serialization plan (``ir.wire``), nothing decided here.

A type is written as one of::

    'string' | 'integer' | 'number' | 'boolean' | 'file' | 'any'
    { array => TYPE }                 # items
    { map => TYPE }                   # an object with any keys (additionalProperties)
    { object => [ name => TYPE, ... ], required => [ name, ... ] }   # properties in the schema's order
    { enum => [ 'a', 'b' ] }          # a closed enum of strings
    { any_of => [ TYPE, ... ] }       # oneOf / anyOf: the first variant the value fits
    { ref => 'Name' }                 # a named schema of %Schemas::TYPES (objects, unions, lists)
"""

from __future__ import annotations

import re

from ...ir import Alias, Api, Body, Field, Model, Operation, Parameter
from ...ir import types as t
from ...naming import Scope
from ...plnames import Inline, body_key
from . import PerlTypeRow

KINDS = {"str": "string", "int": "integer", "float": "number", "bool": "boolean"}


def _literal(shape: t.LiteralShape) -> object:
    """A closed enum of strings is checked (``{ enum => [...] }``); other literals by their kind."""
    kinds = {type(v) for v in shape.values if v is not None}
    if kinds <= {str}:
        return "string" if shape.open or not kinds else {"enum": [v for v in shape.values if isinstance(v, str)]}
    if shape.open:
        return "any"
    if kinds <= {bool}:
        return "boolean"
    if kinds <= {int}:
        return "integer"
    if kinds <= {int, float}:
        return "number"
    return "any"


class RequestTypes:
    """The JSON types of what requests carry. Named schemas get a name in ``%TYPES`` (in the
    spec's declaration order, so adding a schema never renames another); scalar aliases
    (enums, formats) are written inline."""

    def __init__(self, api: Api) -> None:
        self.api = api
        self.names: dict[str, str] = {}
        scope = Scope()
        for decl in api.declarations:
            base = "".join(re.sub(r"[^0-9A-Za-z]", "", w)[:1].upper() + re.sub(r"[^0-9A-Za-z]", "", w)[1:] for w in decl.words)
            base = base or "Schema"
            self.names[decl.key] = scope.claim("T" + base if base[0].isdigit() else base, decl.key, snake_case=False)[0]
        self.entries: dict[str, object] = {}
        self._inline: dict[str, object] = {}
        self._open: set[str] = set()

    def of(self, shape: t.TypeShape) -> object:
        shape, _ = t.strip_nullable(shape)
        if isinstance(shape, t.Primitive):
            return KINDS[shape.kind]
        if isinstance(shape, t.LiteralShape):
            return _literal(shape)
        if isinstance(shape, t.ArrayShape):
            return {"array": self.of(shape.item)}
        if isinstance(shape, t.MapShape):
            return {"map": self.of(shape.value)}
        if isinstance(shape, t.RefShape):
            return self._named(shape.key)
        if isinstance(shape, t.UnionShape):
            variants: list[object] = []
            for v in shape.variants:
                d = self.of(v)
                if d not in variants:
                    variants.append(d)
            return variants[0] if len(variants) == 1 else {"any_of": variants}
        if isinstance(shape, t.FileShape):
            return "file"
        return "any"

    def _named(self, key: str) -> object:
        """A model by name; an alias inline when it is a scalar type or an enum (else by name)."""
        decl = self.api.declaration(key)
        name = self.names[key]
        if key in self._inline:
            return self._inline[key]
        if name in self.entries or key in self._open:
            self.entries.setdefault(name, "any")  # met again while being written: the first meeting writes it
            return {"ref": name}
        self._open.add(key)
        if isinstance(decl, Model):
            entry: dict[str, object] = {"object": [x for f in decl.fields for x in (f.wire_name, self.of(f.type))]}
            required = [f.wire_name for f in decl.fields if f.required]
            if required:
                entry["required"] = required  # picks the variant of a oneOf (with enums), never refuses
            desc: object = entry
        else:
            desc = self.of(decl.type)
        self._open.discard(key)
        if isinstance(decl, Alias) and (isinstance(desc, str) or isinstance(desc, dict) and "enum" in desc):
            self._inline[key] = desc
            if name in self.entries:
                self.entries[name] = desc
            return desc
        self.entries[name] = desc
        return {"ref": name}

    def table(self) -> list[tuple[str, object]]:
        """The named types used, in declaration order."""
        return [
            (self.names[d.key], self.entries[self.names[d.key]])
            for d in self.api.declarations
            if self.names[d.key] in self.entries
        ]


def _rule(item: Field | Parameter) -> dict[str, object]:
    """What the runtime checks before sending besides the type (which carries allowed values):
    required, bounds."""
    rule: dict[str, object] = {"name": item.wire_name}
    if item.required:
        rule["required"] = True
    c = item.constraints
    if c.minimum is not None:
        rule["minimum"] = c.minimum
    if c.maximum is not None:
        rule["maximum"] = c.maximum
    return rule


def _line(entry: dict[str, object]) -> object:
    """A parameter's or field's entry, on one line when it is short."""
    inline = Inline(entry)
    return inline if len(inline.text()) <= 110 else entry


def _param(types: RequestTypes, p: Parameter) -> object:
    entry = {
        "name": p.wire_name,
        "in": p.location,
        **_rule(p),
        "type": Inline(types.of(p.type)),
        "style": p.style,
        "explode": p.explode,
    }
    if p.allow_reserved:
        entry["reserved"] = True
    if p.content_type:
        entry["content_type"] = p.content_type
    return _line(entry)


def _field(types: RequestTypes, body: Body, f: Field) -> object:
    enc = body.encoding(f.wire_name)
    entry = {**_rule(f), "type": Inline(types.of(f.type))}
    if enc is not None and body.media_type == "form":
        entry.update(style=enc.style, explode=enc.explode)
        if enc.allow_reserved:
            entry["reserved"] = True
    if enc is not None and enc.content_type:
        entry["content_type"] = enc.content_type
    if enc is not None and enc.headers:
        entry["headers"] = Inline([x for pair in enc.headers for x in pair])
    return _line(entry)


def op_table(types: RequestTypes, op: Operation, method: str) -> dict[str, object]:
    table: dict[str, object] = {"name": method, "method": op.method.upper(), "path": op.path}
    table["params"] = [_param(types, p) for p in op.parameters]
    body = op.body
    if body is not None:
        spec: dict[str, object] = {"kind": body.media_type, "content_type": body.content_type}
        if body_key(op) != "body":
            spec["arg"] = body_key(op)  # a parameter is named body
        if body.required:
            spec["required"] = True
        if body.whole is not None:
            spec["whole"] = Inline(types.of(body.whole))
        else:
            spec["fields"] = [_field(types, body, f) for f in body.fields]
        table["body"] = spec
    table["security"] = Inline([list(alternative) for alternative in op.security])
    table["response"] = {"sse": "events"}.get(op.response.kind, op.response.kind)
    accept = "text/event-stream" if op.response.kind == "sse" else ", ".join(op.response.media_types)
    if accept and accept != "application/json":
        table["accept"] = accept
    paging = op.pagination
    if paging is not None:  # the runtime's _pages walks it (the <method>_iter sub)
        table["pagination"] = {
            k: v
            for k, v in (
                ("kind", paging.kind),
                ("items", paging.items),
                ("param", paging.param),
                ("next_field", paging.next_field),
                ("item_field", paging.item_field),
                ("has_more", paging.has_more),
            )
            if v
        }
    return table


def schemes(api: Api) -> dict[str, object]:
    """The security schemes by key: kind (bearer, basic, apiKey), and an apiKey's place and name."""
    out: dict[str, object] = {}
    for s in api.security_schemes:
        entry: dict[str, object] = {"kind": s.kind}
        if s.kind == "apiKey":
            entry.update({"in": s.location, "name": s.param_name})
        out[s.key] = Inline(entry)
    return out


def type_rows(types: RequestTypes) -> tuple[PerlTypeRow, ...]:
    """The rows of ``%TYPES``: the named request types, an object's properties one a line."""
    rows = []
    for name, entry in types.table():
        props = entry.get("object") if isinstance(entry, dict) else None
        if isinstance(props, list) and props:
            required = entry.get("required") if isinstance(entry, dict) else None
            rows.append(
                PerlTypeRow(
                    name=name,
                    type="",
                    properties=tuple(Inline({props[i]: props[i + 1]}).text()[2:-2] for i in range(0, len(props), 2)),
                    required=Inline(required).text() if required else "",
                )
            )
        else:
            rows.append(PerlTypeRow(name=name, type=Inline(entry).text(), properties=(), required=""))
    return tuple(rows)
