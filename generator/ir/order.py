"""A stable topological order of declarations: what a declaration needs at import time first.

Annotations are lazy (``from __future__ import annotations``), so only aliases (evaluated when
the module runs) constrain the order; models keep their spec order otherwise.
"""

from __future__ import annotations

from .decls import Alias, Declaration
from .types import referenced_names


def ordered(declarations: list[Declaration]) -> list[Declaration]:
    by_name = {d.name: d for d in declarations}
    out: list[Declaration] = []
    done: set[str] = set()
    visiting: set[str] = set()

    def visit(decl: Declaration) -> None:
        if decl.name in done or decl.name in visiting:
            return  # a cycle through aliases is broken at its first member
        visiting.add(decl.name)
        if isinstance(decl, Alias):
            for dep in sorted(referenced_names(decl.type)):
                if dep in by_name and isinstance(by_name[dep], Alias):
                    visit(by_name[dep])
        visiting.discard(decl.name)
        done.add(decl.name)
        out.append(decl)

    for decl in [d for d in declarations if isinstance(d, Alias)] + [d for d in declarations if not isinstance(d, Alias)]:
        visit(decl)
    return out
