"""The user's name overrides, resolved against one API: what each key names (an operation by its
operationId or ``METHOD /path``, a schema by its name under ``components/schemas``), and each
target's spelling of the new name, refused where that language cannot use it as written. The
python, go and perl naming modules all resolve their tables here."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any, Literal

from .diagnostics import Diagnostics, unknown_override
from .ir import Api, Operation, Pagination
from .ir import types as t
from .ir.pagination import response_model
from .loader import pointer as jp

OPERATION = "operation (by operationId or METHOD /path)"
SCHEMA = "schema under components/schemas"


def operation_keys(api: Api) -> dict[str, str]:
    """operationId and ``METHOD /path`` -> operation key."""
    ops = [op for r in api.resources for op in r.operations]
    return {op.operation_id: op.key for op in ops} | {f"{op.method.upper()} {op.path}": op.key for op in ops}


def schema_keys(api: Api) -> dict[str, str]:
    """Schema name (under ``components/schemas``) -> declaration key."""
    prefix = "/components/schemas/"
    return {
        jp.unescape(d.pointer.removeprefix(prefix)): d.key
        for d in api.declarations
        if d.pointer.startswith(prefix) and d.pointer.count("/") == 3
    }


def resolve(
    tables: tuple[Mapping[str, str], Mapping[str, str]],
    known: Mapping[str, str],
    diagnostics: Diagnostics,
    *,
    target: str,
    kind: str,
    language: str,
    spell: Callable[[str], str],
    refuse: Callable[[str], str | None] = lambda _: None,
) -> dict[str, tuple[str, str, str]]:
    """key -> (name, table, the key as written) for the (shared, own) tables of one kind: a shared
    name is made the target's (``spell``), an own one is used as written and refused when the
    target would spell it otherwise; ``refuse`` says why a name cannot be used at all (or None).
    Overrides that name nothing, or cannot be used, are reported and left out."""
    chosen: dict[str, tuple[str, str, str]] = {}
    for verbatim, table in zip((False, True), tables):
        where = f"{target + '.' if verbatim else ''}{kind}-names"
        for wanted, new in table.items():
            key = known.get(wanted)
            if key is None:
                unknown_override(
                    diagnostics, table=where, name=wanted, kind=OPERATION if kind == "method" else SCHEMA, known=known
                )
                continue
            name = spell(new)
            reason = refuse(name) or (f"{language} names it {name!r}" if verbatim and name != new else None)
            if reason is not None:
                diagnostics.add(
                    "override-invalid",
                    table=where,
                    name=wanted,
                    value=new,
                    language=language,
                    kind=kind,
                    reason=reason,
                    suggestion=f", such as {name!r}" if name != new and refuse(name) is None else "",
                )
                continue
            chosen[key] = (name, where, wanted)
    return chosen


def with_pagination(api: Api, table: Mapping[str, object], diagnostics: Diagnostics) -> Api:
    """``[tool.generator.pagination]`` over what ``ir/pagination`` recognised: an entry turns an
    operation's paging off (false) or declares it; each is checked against the spec (the items
    an array of the response, the parameter one of the query's, ``from`` a field)."""
    if not table:
        return api
    known = operation_keys(api)
    chosen: dict[str, Pagination | None] = {}
    for wanted, entry in table.items():
        key = known.get(wanted)
        if key is None:
            unknown_override(diagnostics, table="pagination", name=wanted, kind=OPERATION, known=known)
            continue
        op = next(o for r in api.resources for o in r.operations if o.key == key)
        declared = _declared(api, op, entry) if isinstance(entry, dict) else None
        if isinstance(declared, str):
            diagnostics.add("override-pagination", name=wanted, reason=declared)
            continue
        chosen[key] = declared
    resources = tuple(
        replace(r, operations=tuple(replace(o, pagination=chosen[o.key]) if o.key in chosen else o for o in r.operations))
        for r in api.resources
    )
    return replace(api, resources=resources)


_KINDS: tuple[Literal["cursor"], Literal["offset"], Literal["page"]] = ("cursor", "offset", "page")


def _declared(api: Api, op: Operation, entry: dict[str, Any]) -> Pagination | str:
    """The paging an entry declares, or why the spec does not allow it."""
    model = response_model(api, op)
    if model is None:
        return "its response is not a JSON object"
    fields = {f.wire_name: f for f in model.fields}
    items = fields.get(entry["items"])
    if items is None or not isinstance(t.strip_nullable(items.type)[0], t.ArrayShape):
        return f"the response has no array field {entry['items']!r}"
    kind = next(k for k in _KINDS if k in entry)
    if entry[kind] not in {p.wire_name for p in op.parameters if p.location == "query"}:
        return f"the operation has no query parameter {entry[kind]!r}"
    more = entry.get("has-more", "")
    if more and more not in fields:
        return f"the response has no field {more!r}"
    source = str(entry.get("from", ""))
    item_field = source.removeprefix("item.") if source.startswith("item.") else ""
    if kind == "cursor" and not item_field and source not in fields:
        return f"the response has no field {source!r} (write item.<field> for a field of the last item)"
    return Pagination(
        kind=kind,
        items=entry["items"],
        param=entry[kind],
        next_field="" if item_field else source,
        item_field=item_field,
        has_more=more,
    )


def paging_record(api: Api) -> dict[str, str]:
    """Each paginated operation and how its pages chain, for the manifest (a user checks what
    was recognised there): ``"GET /files": "cursor after = last_id while has_more; items data"``."""
    out = {}
    for op in (o for r in api.resources for o in r.operations if o.pagination is not None):
        p = op.pagination
        assert p is not None
        if p.kind == "cursor":
            how = f"cursor {p.param} = {p.next_field or 'item.' + p.item_field}"
        else:
            how = f"{p.kind} {p.param}"
        out[op.key] = how + (f" while {p.has_more}" if p.has_more else "") + f"; items {p.items}"
    return dict(sorted(out.items()))
