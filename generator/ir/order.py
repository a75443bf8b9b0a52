"""Dependency order of declarations, for targets that define or list them in one place: what a
declaration needs at import time first.

Annotations are lazy (``from __future__ import annotations``), so only aliases (evaluated when
the module runs) constrain the order; models keep their spec order otherwise.
"""

from __future__ import annotations

from collections.abc import Sequence

from .decls import Alias, Declaration
from .types import referenced_names


def ordered(declarations: Sequence[Declaration]) -> list[Declaration]:
    by_name = {d.key: d for d in declarations}
    out: list[Declaration] = []
    done: set[str] = set()
    visiting: set[str] = set()

    def visit(decl: Declaration) -> None:
        if decl.key in done or decl.key in visiting:
            return  # a cycle through aliases is broken at its first member
        visiting.add(decl.key)
        if isinstance(decl, Alias):
            for dep in sorted(referenced_names(decl.type)):
                if dep in by_name and isinstance(by_name[dep], Alias):
                    visit(by_name[dep])
        visiting.discard(decl.key)
        done.add(decl.key)
        out.append(decl)

    for decl in [d for d in declarations if isinstance(d, Alias)] + [d for d in declarations if not isinstance(d, Alias)]:
        visit(decl)
    return out
