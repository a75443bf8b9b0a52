"""The reference docs target: a Markdown index, a page per operation and a models page; the HTML
reference, one self-contained page for a small API, an index page with a page per resource and a
search index for a big one (see ``site``); examples in every enabled target's language."""

from __future__ import annotations

from markupsafe import Markup

from ...config import Config
from ...diagnostics import Diagnostics
from ...gonames import go_names, go_package, module_path
from ...ir import Api
from ...naming import api_key_env
from ...plnames import perl_names
from ...pynames import python_names
from ...render.plan import PlannedFile
from .pages import GoExample, docs_view
from .site import FOLDER, site


def plan(api: Api, config: Config, package: str, diagnostics: Diagnostics) -> list[PlannedFile]:
    names = python_names(api, diagnostics, config.names_for("python"))
    go = None
    if "go" in config.targets:  # the Go client's names, package and module, as the go target makes them
        go_names_ = go_names(api, config.names_for("go"), diagnostics)
        go = GoExample(go_names_, go_package(package), module_path(config.go_module, package))
    perl = perl_names(api, config.names_for("perl"), diagnostics) if "perl" in config.targets else None
    docs = docs_view(
        api, names, package, api_key_env(api.title, config.api_key_env), cli="cli" in config.targets, go=go, perl=perl
    )
    files = [
        PlannedFile("docs/index.md", "docs/index.md.j2", {"docs": docs}),
        PlannedFile("docs/models.md", "docs/models.md.j2", {"docs": docs}),
    ]
    html = site(docs)
    index = Markup(html.index)  # JSON with every "</" escaped: safe inside a script element
    files += [
        PlannedFile(f"docs/{page.file}", "docs/reference.html.j2", {"docs": docs, "page": page, "index": index})
        for page in html.pages
    ]
    if html.split:
        files += [
            PlannedFile(f"docs/{FOLDER}/reference.css", "docs/reference.css.j2", {}),
            PlannedFile(f"docs/{FOLDER}/reference.js", "docs/reference.js.j2", {}),
            PlannedFile(f"docs/{FOLDER}/search.js", text=html.index),
        ]
    files += [PlannedFile(f"docs/{page.file}", "docs/operation.md.j2", {"op": page}) for page in docs.operations]
    return files
