"""The closed set of type shapes, kept apart from declarations."""

from __future__ import annotations

from dataclasses import dataclass

JsonScalar = str | int | float | bool | None


@dataclass(frozen=True, slots=True, kw_only=True)
class Primitive:
    kind: str  # "str" | "int" | "float" | "bool"
    format: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class LiteralShape:
    """An enum or const: the allowed values. ``open`` means any other string is also valid."""

    values: tuple[JsonScalar, ...]
    open: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class ArrayShape:
    item: TypeShape


@dataclass(frozen=True, slots=True, kw_only=True)
class MapShape:
    value: TypeShape


@dataclass(frozen=True, slots=True, kw_only=True)
class RefShape:
    """A reference to a declaration by its key; resolved with ``Api.declaration``."""

    key: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Discriminator:
    """``oneOf`` dispatch: the property to read and which declaration each value selects."""

    property: str
    mapping: tuple[tuple[str, str], ...]  # (wire value, declaration key)


@dataclass(frozen=True, slots=True, kw_only=True)
class UnionShape:
    variants: tuple[TypeShape, ...]
    discriminator: Discriminator | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class NullableShape:
    inner: TypeShape


@dataclass(frozen=True, slots=True, kw_only=True)
class FileShape:
    content_type: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AnyShape:
    pass


@dataclass(frozen=True, slots=True, kw_only=True)
class NullShape:
    pass


TypeShape = (
    Primitive | LiteralShape | ArrayShape | MapShape | RefShape | UnionShape | NullableShape | FileShape | AnyShape | NullShape
)


def nullable(shape: TypeShape) -> TypeShape:
    if isinstance(shape, (NullableShape, AnyShape, NullShape)):
        return shape
    return NullableShape(inner=shape)


def strip_nullable(shape: TypeShape) -> tuple[TypeShape, bool]:
    if isinstance(shape, NullableShape):
        return shape.inner, True
    return shape, False


def make_union(variants: list[TypeShape]) -> TypeShape:
    """Flatten nested unions, drop duplicates, pull null out into a NullableShape."""
    flat: list[TypeShape] = []
    is_nullable = False
    for v in variants:
        v, n = strip_nullable(v)
        is_nullable = is_nullable or n
        if isinstance(v, NullShape):
            is_nullable = True
            continue
        for item in v.variants if isinstance(v, UnionShape) else (v,):
            if item not in flat:
                flat.append(item)
    if not flat:
        return NullShape()
    if any(isinstance(v, AnyShape) for v in flat):
        return AnyShape()
    shape: TypeShape = flat[0] if len(flat) == 1 else UnionShape(variants=tuple(flat))
    return nullable(shape) if is_nullable else shape


def referenced_names(shape: TypeShape) -> set[str]:
    """The keys of the declarations ``shape`` names."""
    if isinstance(shape, RefShape):
        return {shape.key}
    if isinstance(shape, (ArrayShape,)):
        return referenced_names(shape.item)
    if isinstance(shape, MapShape):
        return referenced_names(shape.value)
    if isinstance(shape, NullableShape):
        return referenced_names(shape.inner)
    if isinstance(shape, UnionShape):
        out: set[str] = set()
        for v in shape.variants:
            out |= referenced_names(v)
        return out
    return set()
