"""REST method names: each operation named from its HTTP method and its path's shape, as the
hand-written SDKs name them (``POST /v1/customers`` -> ``create``, ``GET /v1/customers/{id}`` ->
``retrieve``, ``GET /v1/customers/{id}/tax_ids`` -> ``list tax ids``, ``POST
/v1/payment_intents/{intent}/confirm`` -> ``confirm``). The words go into ``Operation.name``;
each target spells them (Go says ``New`` and ``Get`` for create and retrieve). Operations keep
their operationId, by which the user's name overrides still find them, and win.

``style``: ``"rest"`` names every operation so; ``"auto"`` only those the spec gave no
operationId; ``"operation-id"`` none."""

from __future__ import annotations

import re
from dataclasses import replace

from .. import naming
from .build import path_group
from .decls import Api, Operation

STYLES = ("auto", "rest", "operation-id")
_ITEM = {"get": "retrieve", "put": "update", "patch": "update", "post": "update", "delete": "delete"}
_COLLECTION = {"get": "list", "post": "create", "put": "update", "patch": "update", "delete": "delete"}


def rest_named(api: Api, style: str) -> Api:
    if style == "operation-id":
        return api
    resources = tuple(
        replace(r, operations=tuple(_named(op) if style == "rest" or not op.has_operation_id else op for op in r.operations))
        for r in api.resources
    )
    return replace(api, resources=resources)


def _named(op: Operation) -> Operation:
    return replace(op, name=" ".join(rest_words(op.method, op.path)))


def _param(segment: str) -> bool:
    return segment.startswith("{")


def rest_words(method: str, path: str) -> list[str]:
    """The words of an operation's REST name, from the path below its resource's word."""
    segments = [s for s in path.split("/") if s]
    group = path_group(path)
    below = segments[segments.index(group) + 1 :] if group in segments else segments
    literals = [s for s in below if not _param(s)]
    m = method.lower()
    item = bool(below) and _param(below[-1])
    if not literals:
        return [(_ITEM if item else _COLLECTION).get(m, m)]
    last = literals[-1]
    before = below[-2] if len(below) >= 2 else None
    on_item = before is not None and _param(before)
    singular = not re.search(r"[^s]s$", last, re.IGNORECASE)  # "refunds" is plural, "process" is not
    nouns = [w.lower() for s in literals[:-1] for w in naming.words(s)]
    last_words = [w.lower() for w in naming.words(last)]
    if not item and m == "post" and singular:  # an action: confirm, cancel, verify
        return last_words + nouns
    if not item and m == "get" and singular and not on_item and before is None:  # a query: search
        return last_words + nouns
    if not item and singular:  # a sub-resource of one: its discount, its owner
        return [_ITEM.get(m, m), *nouns, *last_words]
    return [(_ITEM if item else _COLLECTION).get(m, m), *nouns, *last_words]


__all__ = ["STYLES", "rest_named", "rest_words"]
