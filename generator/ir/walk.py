"""The one cycle-safe walk over type shapes, for every target and helper that looks through
them (examples, docs, the command line's options, the Python hints, POD, Go types): following an
alias or reaching into arrays, maps, unions and (on request) a model's fields enters each
declaration once, so a schema that refers to itself (an array of itself, a map of itself, a model
holding a list of itself) always ends."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from . import types as t
from .decls import Alias, Declaration, Model

Resolve = Callable[[str], Declaration]  # Api.declaration


def resolved(declaration: Resolve, shape: t.TypeShape) -> t.TypeShape:
    """``shape`` without nullability, through alias references: a model's reference stays a
    ``RefShape``; an alias that only refers to itself is ``AnyShape``."""
    seen: set[str] = set()
    while True:
        shape, _ = t.strip_nullable(shape)
        if not isinstance(shape, t.RefShape):
            return shape
        decl = declaration(shape.key)
        if not isinstance(decl, Alias):
            return shape
        if shape.key in seen:
            return t.AnyShape()
        seen.add(shape.key)
        shape = decl.type


def reachable(
    declaration: Resolve, shape: t.TypeShape, *, containers: bool = True, fields: bool = False
) -> Iterator[t.TypeShape]:
    """Every shape reachable from ``shape``, itself first, depth-first in spec order, nullability
    stripped: through aliases and union variants always, array items and map values when
    ``containers``, a model's fields when ``fields``. Each declaration is met (and its
    reference yielded) once."""
    seen: set[str] = set()
    stack = [shape]
    while stack:
        current, _ = t.strip_nullable(stack.pop())
        if isinstance(current, t.RefShape):
            if current.key in seen:
                continue
            seen.add(current.key)
        yield current
        children: list[t.TypeShape] = []
        if isinstance(current, t.RefShape):
            decl = declaration(current.key)
            if isinstance(decl, Alias):
                children = [decl.type]
            elif fields and isinstance(decl, Model):
                children = [f.type for f in decl.fields]
        elif isinstance(current, t.UnionShape):
            children = list(current.variants)
        elif containers and isinstance(current, t.ArrayShape):
            children = [current.item]
        elif containers and isinstance(current, t.MapShape):
            children = [current.value]
        stack.extend(reversed(children))


def declarations_reached(declaration: Resolve, shapes: Iterable[t.TypeShape]) -> set[str]:
    """The keys of every declaration the shapes name, at any depth (models' fields and aliases
    followed), each once."""
    todo = sorted({key for shape in shapes for key in t.referenced_names(shape)})
    seen: set[str] = set()
    while todo:
        key = todo.pop()
        if key in seen:
            continue
        seen.add(key)
        decl = declaration(key)
        for shape in [f.type for f in decl.fields] if isinstance(decl, Model) else [decl.type]:
            todo += sorted(t.referenced_names(shape))
    return seen
