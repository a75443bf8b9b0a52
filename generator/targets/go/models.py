"""A schema's view (``model_<schema>.go``): a struct for an object, a string type with constants
for a string enum, a union type kept as JSON for a oneOf/anyOf, a defined type for the rest."""

from __future__ import annotations

import unicodedata

from ...gonames import STRUCT_METHODS, exported
from ...ir import Alias, Api, Model
from ...ir import types as t
from ...naming import Scope, words
from . import (
    GoAliasView,
    GoDiscriminator,
    GoModelView,
    GoStructField,
    GoStructView,
    GoUnionVariant,
    GoUnionView,
)
from .types import GoTypes, Parts, doc_lines, go_string, import_lines


def model_file(types: GoTypes, key: str, package: str, module: str) -> GoModelView:
    decl = types.api.declaration(key)
    name = types.names.types[key]
    out = Parts()
    doc = doc_lines(decl.description or (decl.title if isinstance(decl, Model) else ""))
    struct = union = alias = None
    if isinstance(decl, Model):
        struct = _struct(types, decl, name, doc, out)
    else:
        shape, _ = t.strip_nullable(decl.type)
        values = [v for v in shape.values if v is not None] if isinstance(shape, t.LiteralShape) else []
        if values and all(isinstance(v, str) for v in values):
            out.enums.append(types.enum(name, [str(v) for v in values], doc, schema=True))
        elif isinstance(shape, t.UnionShape):
            union = _union(types, shape, name, doc, out)
        else:
            alias = _alias(types, decl, shape, name, doc, out)
    return GoModelView(
        package=package,
        imports=import_lines(out.imports, module),
        enums=out.take_enums(),
        struct=struct,
        union=union,
        alias=alias,
    )


def _struct(types: GoTypes, model: Model, name: str, doc: tuple[str, ...], out: Parts) -> GoStructView:
    out.imports.add("encoding/json")
    fields = []
    for f in model.fields:
        go_field = types.names.fields[model.key][f.wire_name]
        safe = tag_safe(f.wire_name)
        fields.append(
            GoStructField(
                name=go_field,
                type=types.type_of(f.type, out, owner=name, member=go_field),
                tag=go_string(f.wire_name + ("" if f.required else ",omitempty")) if safe else go_string("-"),
                wire=go_string(f.wire_name),
                odd=not safe,
                omitempty=not f.required,
                doc=doc_lines(f.description) + (() if safe else (f"JSON name: {go_string(f.wire_name)}.",)),
            )
        )
    return GoStructView(name=name, doc=doc, fields=tuple(fields), odd=tuple(f for f in fields if f.odd))


# encoding/json's isValidTag takes letters, digits, these and the space (which go vet refuses)
_TAG_PUNCTUATION = frozenset("!#$%&()*+-./:;<=>?@[]^_{|}~")


def tag_safe(wire_name: str) -> bool:
    """Whether a json struct tag can hold the name as it is: not "" or "-" (which the tag reads as
    "the field's own name" and "leave it out"), only letters (unicode.IsLetter), decimal digits
    (unicode.IsDigit) and the punctuation encoding/json allows; no space, comma, quote or backslash."""
    return wire_name not in ("", "-") and all(
        c in _TAG_PUNCTUATION or unicodedata.category(c)[0] == "L" or unicodedata.category(c) == "Nd" for c in wire_name
    )


def _alias(types: GoTypes, decl: Alias, shape: t.TypeShape, name: str, doc: tuple[str, ...], out: Parts) -> GoAliasView:
    go_type = types.type_of(shape, out, owner=name, member="Item")
    return GoAliasView(name=name, doc=doc, type=go_type.lstrip("*"), identical=_names_odd_struct(types.api, shape))


def _names_odd_struct(api: Api, shape: t.TypeShape) -> bool:
    """Whether the shape is (through other schemas that are only a reference) an object schema
    with an odd field, whose JSON methods a defined type would not have."""
    seen: set[str] = set()
    while isinstance(shape, t.RefShape) and shape.key not in seen:
        seen.add(shape.key)
        decl = api.declaration(shape.key)
        if isinstance(decl, Model):
            return not all(tag_safe(f.wire_name) for f in decl.fields)
        shape, _ = t.strip_nullable(decl.type)
    return False


def _union(types: GoTypes, shape: t.UnionShape, name: str, doc: tuple[str, ...], out: Parts) -> GoUnionView:
    out.imports.add("encoding/json")
    maker = types.names.claim(name + "Of", name)
    methods = Scope()
    methods.reserve(*STRUCT_METHODS)
    variants = []
    for variant in shape.variants:
        variant, _ = t.strip_nullable(variant)
        if isinstance(variant, t.RefShape):
            target = types.names.types[variant.key]
            variants.append(GoUnionVariant(method=methods.claim("As" + target, variant.key, snake_case=False)[0], type=target))
    discriminator = None
    if shape.discriminator is not None:
        prop = shape.discriminator.property
        method = methods.claim(exported(words(prop), fallback="Kind"), prop, snake_case=False)[0]
        discriminator = GoDiscriminator(method=method, property=go_string(prop), odd=not tag_safe(prop))
    return GoUnionView(name=name, doc=doc, maker=maker, variants=tuple(variants), discriminator=discriminator)
