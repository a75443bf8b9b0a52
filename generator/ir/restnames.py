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
from .build import path_group, path_words
from .decls import Api, Operation, Resource

STYLES = ("auto", "rest", "operation-id")
_ITEM = {"get": "retrieve", "put": "update", "patch": "update", "post": "update", "delete": "delete"}
_COLLECTION = {"get": "list", "post": "create", "put": "update", "patch": "update", "delete": "delete"}


def rest_named(api: Api, style: str) -> Api:
    """Name operations as ``style`` says; an operation named so moves into the resource nested
    where its path nests (``POST /v1/customers/{customer}/tax_ids`` -> ``create`` in
    ``customers/tax_ids``)."""
    if style == "operation-id":
        return api
    collections = _collections([(op.method, op.path) for r in api.resources for op in r.operations])
    placed: dict[tuple[str, tuple[str, ...]], list[Operation]] = {}
    for r in api.resources:
        placed.setdefault((r.wire_name, ()), [])
        for op in r.operations:
            if style == "rest" or not op.has_operation_id:
                chain, words = rest_place(op.method, op.path, r.words, collections)
                op = replace(op, name=" ".join(words))
            else:
                chain = ()
            for depth in range(len(chain) + 1):  # a level with nothing but nested levels exists too
                placed.setdefault((r.wire_name, chain[:depth]), [])
            placed[(r.wire_name, chain)].append(op)
    resources = []
    for r in api.resources:
        resources.append(replace(r, operations=tuple(placed[(r.wire_name, ())])))
        for (wire, chain), ops in sorted(placed.items()):
            if wire == r.wire_name and chain:
                resources.append(
                    Resource(
                        wire_name="/".join((wire, *chain)),
                        words=tuple(naming.words(chain[-1])),
                        description=_nested_description(
                            [o for (w, c), level in placed.items() if w == wire and c[: len(chain)] == chain for o in level],
                            chain[-1],
                        ),
                        operations=tuple(ops),
                        parent="/".join((wire, *chain[:-1])),
                    )
                )
    return replace(api, resources=tuple(resources))


def _nested_description(ops: list[Operation], segment: str) -> str:
    """Where a nested resource's operations live: the path up to its segment."""
    for op in ops:
        segments = op.path.split("/")
        if segment in segments:
            return f"Operations on `{'/'.join(segments[: segments.index(segment) + 1])}`."
    return ""


def _param(segment: str) -> bool:
    return segment.startswith("{")


def _shape(segments: list[str]) -> tuple[str, ...]:
    return tuple("{}" if _param(s) else s for s in segments)


def _collections(operations: list[tuple[str, str]]) -> tuple[set[tuple[str, ...]], set[tuple[str, ...]]]:
    """Path shapes (parameters as ``{}``) ending in a word some path follows with a parameter
    (``/accounts/{account}/people/{person}`` makes ``people`` a collection, plural or not), and
    the shapes of paths that can be read (a GET: ``/customers/{customer}/tax_ids`` lists them;
    a plural word only POSTed to is an action, ``verify_microdeposits``)."""
    followed, read = set(), set()
    for method, path in operations:
        segments = [s for s in path.split("/") if s]
        for i in range(len(segments) - 1):
            if not _param(segments[i]) and _param(segments[i + 1]):
                followed.add(_shape(segments[: i + 1]))
        if method.lower() == "get":
            read.add(_shape(segments))
    return followed, read


def _below(path: str, resource_words: tuple[str, ...]) -> tuple[list[str], list[str], bool]:
    """A path's segments split into those above the resource's word (its last occurrence) and
    those below it, and whether the path names the resource at all. Without such a word (an
    operation tagged otherwise than its path says), below the path's first word."""
    segments = [s for s in path.split("/") if s]
    words = path_words(path)
    if not words:
        return segments, [], False
    positions = [i for i, s in enumerate(segments) if not _param(s)]
    start = positions[len(positions) - len(words)]  # past the version and API prefixes
    wanted = tuple(w.lower() for w in resource_words)
    own = [i for i in positions if i >= start and tuple(w.lower() for w in naming.words(segments[i])) == wanted]
    cut = own[-1] + 1 if own else start + 1  # below the word naming the resource (a tag "lists" on /contacts/lists)
    return segments[:cut], segments[cut:], bool(own)


def rest_words(method: str, path: str, others: tuple[tuple[str, str], ...] = ()) -> list[str]:
    """The words of an operation's REST name below its path's group, with nested resources'
    words leading (``GET /v1/customers/{customer}/tax_ids`` -> ``tax ids list``), among
    ``others`` (method, path): by default, a GET of the same path. For tests."""
    group = path_group(path)
    context = [(method, path), *(others or [("get", path)])]
    chain, words = rest_place(method, path, tuple(naming.words(group)), _collections(context))
    return [w for segment in chain for w in (x.lower() for x in naming.words(segment))] + words


def rest_place(
    method: str, path: str, resource_words: tuple[str, ...], collections: tuple[set[tuple[str, ...]], set[tuple[str, ...]]]
) -> tuple[tuple[str, ...], list[str]]:
    """Where an operation goes below its resource (the nested resources' path segments) and the
    words of its name there. Every word between the resource's and the last is a nested
    resource (``sources`` in ``/customers/{customer}/sources/{id}/verify``); so is the last when
    it names a collection (followed by a parameter in some path, or plural and read with a GET);
    otherwise the last word is an action (``confirm``), a query (``search``) or a single thing
    (``discount``). Under a tag its path does not name, nothing nests: the words stay flat."""
    above, below, named = _below(path, resource_words)
    chain, words = _placed(method, above, below, collections)
    if not named:  # the tag is not the path's: nesting under it would invent resources; words stay flat
        nouns = [w.lower() for segment in chain for w in naming.words(segment)]
        return (), [words[0], *nouns, *words[1:]]  # the verb or action first: list_runs
    return chain, words


def _placed(
    method: str, above: list[str], below: list[str], collections: tuple[set[tuple[str, ...]], set[tuple[str, ...]]]
) -> tuple[tuple[str, ...], list[str]]:
    literals = [i for i, s in enumerate(below) if not _param(s)]
    m = method.lower()
    item = bool(below) and _param(below[-1])
    if not literals:
        return (), [(_ITEM if item else _COLLECTION).get(m, m)]
    last = literals[-1]
    chain = tuple(below[i] for i in literals[:-1])
    word = below[last]
    followed, read = collections
    shape = _shape(above + below[: last + 1])
    collection = shape in followed or _plural(word) and shape in read
    if collection:
        return (*chain, word), [(_ITEM if item else _COLLECTION).get(m, m)]
    on_item = last > 0 and _param(below[last - 1])
    word_words = [w.lower() for w in naming.words(word)]
    if not item and m == "post":  # an action: confirm, cancel, verify
        return chain, word_words
    if not item and m == "get" and not on_item and last == 0:  # a query: search
        return chain, word_words
    return chain, [_ITEM.get(m, m), *word_words]  # a single thing of one: its discount, its owner


def _plural(word: str) -> bool:
    """ "refunds", "entries" are plural; "process", "status", "analysis" are not."""
    return bool(re.search(r"[^su]s$", word, re.IGNORECASE))


__all__ = ["STYLES", "rest_named", "rest_place", "rest_words"]
