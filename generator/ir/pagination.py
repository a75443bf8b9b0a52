"""Pagination recognised from the spec: a list operation whose JSON response holds its items in
an array field and whose query takes where the next page starts.

- cursor pages: a cursor parameter (``after``, ``starting_after``, ``cursor``, ``page_token``, a
  string ``page``, ...)
  fed from a response field (``next_cursor``, ``next_page_token``, ``last_id``, ...), or, for
  ``after``-like parameters, from the last item's ``id``; ``has_more`` (when the response has
  it) says whether there is a next page;
- offset pages: an ``offset`` parameter, advanced by the number of items;
- page numbers: a ``page`` parameter, advanced by one.

A page with no items, a false ``has_more`` or no cursor is the last. Target-neutral: each client
target builds its paging on ``Operation.pagination``."""

from __future__ import annotations

from dataclasses import replace

from . import types as t
from .decls import Api, Field, Model, Operation, Pagination

CURSOR_PARAMS = (
    "after",
    "starting_after",
    "cursor",
    "page_token",
    "pageToken",
    "next_token",
    "nextToken",
    "continuation_token",
    "continuationToken",
    "marker",
)
_FROM_ITEM = ("after", "starting_after", "marker")  # a cursor that is an item's id
NEXT_FIELDS = (
    "next_cursor",
    "nextCursor",
    "next_page_token",
    "nextPageToken",
    "next_token",
    "nextToken",
    "continuation_token",
    "continuationToken",
    "next_marker",
    "nextMarker",
    "next_page",
    "last_id",
)
ITEM_FIELDS = ("data", "items", "results", "entries", "records", "values", "list")
MORE_FIELDS = ("has_more", "hasMore", "has_next", "hasNext", "more")


def paginated(api: Api) -> Api:
    """``api`` with each list operation's ``pagination`` set (others unchanged)."""
    resources = tuple(replace(r, operations=tuple(_with(api, op) for op in r.operations)) for r in api.resources)
    return replace(api, resources=resources)


def _with(api: Api, op: Operation) -> Operation:
    found = detect(api, op)
    return replace(op, pagination=found) if found is not None else op


def _model(api: Api, shape: t.TypeShape | None) -> Model | None:
    if shape is None:
        return None
    shape, _ = t.strip_nullable(shape)
    if isinstance(shape, t.RefShape):
        decl = api.declaration(shape.key)
        return decl if isinstance(decl, Model) else None
    return None


def _first(fields: dict[str, Field], names: tuple[str, ...], kind: type | None = None, prim: str = "") -> str:
    for name in names:
        f = fields.get(name)
        if f is None:
            continue
        shape, _ = t.strip_nullable(f.type)
        if kind is None or (isinstance(shape, t.Primitive) and shape.kind == prim):
            return name
    return ""


def response_model(api: Api, op: Operation) -> Model | None:
    """The model a JSON response is (not nullable: a page is that model), or None. What every
    target's paging and the settings' declarations build on."""
    shape = op.response.type
    if op.response.kind != "json" or not isinstance(shape, t.RefShape):
        return None
    decl = api.declaration(shape.key)
    return decl if isinstance(decl, Model) else None


def detect(api: Api, op: Operation) -> Pagination | None:
    if op.method != "GET":
        return None
    page = response_model(api, op)
    if page is None:
        return None
    fields = {f.wire_name: f for f in page.fields}
    arrays = [f.wire_name for f in page.fields if isinstance(t.strip_nullable(f.type)[0], t.ArrayShape)]
    items = next((n for n in ITEM_FIELDS if n in arrays), arrays[0] if len(arrays) == 1 else "")
    if not items:
        return None
    query = {p.wire_name: p for p in op.parameters if p.location == "query"}
    more = _first(fields, MORE_FIELDS, t.Primitive, "bool")
    cursor = next((n for n in CURSOR_PARAMS if n in query), "")
    page_param = query.get("page")
    if not cursor and page_param is not None and t.strip_nullable(page_param.type)[0] == t.Primitive(kind="str"):
        cursor = "page"  # a page token (Stripe's search: page=<next_page>)
    if cursor:
        source = _first(fields, NEXT_FIELDS, t.Primitive, "str")
        if source:
            return Pagination(kind="cursor", items=items, param=cursor, next_field=source, has_more=more)
        item = _model(api, t.strip_nullable(fields[items].type)[0].item)  # type: ignore[union-attr]
        if cursor in _FROM_ITEM and item is not None and any(f.wire_name == "id" for f in item.fields):
            return Pagination(kind="cursor", items=items, param=cursor, item_field="id", has_more=more)
        return None
    for name, kind in (("offset", "offset"), ("page", "page")):
        param = query.get(name)
        shape = t.strip_nullable(param.type)[0] if param is not None else None
        if isinstance(shape, t.Primitive) and shape.kind == "int":
            return Pagination(kind=kind, items=items, param=name, has_more=more)  # type: ignore[arg-type]
    return None
