"""The user's name overrides, resolved against one API: what each key names (an operation by its
operationId or ``METHOD /path``, a schema by its name under ``components/schemas``), and each
target's spelling of the new name, refused where that language cannot use it as written. The
python, go and perl naming modules all resolve their tables here."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from .diagnostics import Diagnostics, unknown_override
from .ir import Api
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
