"""The reference docs target: a Markdown index, a page per operation, a models page and one
self-contained HTML page, with curl and Python examples."""

from __future__ import annotations

from ...config import Config
from ...diagnostics import Diagnostics
from ...ir import Api
from ...naming import api_key_env
from ...pynames import python_names
from ...render.plan import PlannedFile
from ..base import Target
from .pages import docs_view


def plan(api: Api, config: Config, package: str, diagnostics: Diagnostics) -> list[PlannedFile]:
    names = python_names(api, diagnostics, config.names_for("python"))
    docs = docs_view(api, names, package, api_key_env(api.title, config.api_key_env), cli="cli" in config.targets)
    files = [
        PlannedFile("docs/index.md", "docs/index.md.j2", {"docs": docs}),
        PlannedFile("docs/models.md", "docs/models.md.j2", {"docs": docs}),
        PlannedFile("docs/reference.html", "docs/reference.html.j2", {"docs": docs}),
    ]
    files += [PlannedFile(f"docs/{page.file}", "docs/operation.md.j2", {"op": page}) for page in docs.operations]
    return files


TARGET = Target(name="docs", description="reference docs: Markdown pages and one HTML page", plan=plan)
