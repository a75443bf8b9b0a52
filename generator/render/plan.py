"""The file plan: which files the package has, and which template and view-model make each."""

from __future__ import annotations

from dataclasses import dataclass

from ..config import Config
from ..ir import Api
from . import views

# The runtime is the same for every spec but for the HTTP library's import line. Its
# templates are kept black-formatted, so black need not run on them (it is the slow phase).
RUNTIME = ("_types.py", "_files.py", "_exceptions.py", "_serde.py", "_streaming.py", "_encoding.py", "_retries.py",
           "_checks.py", "_response.py", "_base_client.py", "_sync_client.py", "_async_client.py")


@dataclass(frozen=True, slots=True)
class PlannedFile:
    path: str  # relative to the output folder, always below the package folder
    template: str
    context: dict[str, object]
    preformatted: bool = False  # the template is stored black-formatted; tests prove it stays so


def plan(api: Api, config: Config, package: str) -> list[PlannedFile]:
    pkg = views.package_view(api, config, package)
    files = [
        PlannedFile(f"{package}/__init__.py", "python/__init__.py.j2", {"pkg": pkg}),
        PlannedFile(f"{package}/_constants.py", "python/_constants.py.j2", {"pkg": pkg}),
        PlannedFile(f"{package}/_client.py", "python/_client.py.j2", {"pkg": pkg}),
        PlannedFile(f"{package}/models/__init__.py", "python/models_init.py.j2", {"models": views.models_index_view(api)}),
        PlannedFile(f"{package}/resources/__init__.py", "python/resources_init.py.j2", {"pkg": pkg}),
        PlannedFile(f"{package}/py.typed", "python/py.typed.j2", {}),
    ]
    files += [PlannedFile(f"{package}/{name}", f"python/runtime/{name}.j2", {"pkg": pkg}, preformatted=True) for name in RUNTIME]
    modules = views.model_modules(api)
    for decl in api.declarations:
        files.append(PlannedFile(f"{package}/models/{modules[decl.name]}.py", "python/model.py.j2",
                                 {"module": views.model_module_view(api, decl, modules)}))
    for resource in api.resources:
        files.append(PlannedFile(f"{package}/resources/{resource.module}.py", "python/resource.py.j2",
                                 {"module": views.resource_view(api, resource, modules)}))
    docs = views.docs_view(api, package, views.api_key_env(api, config))
    files += [
        PlannedFile("docs/index.md", "docs/index.md.j2", {"docs": docs}),
        PlannedFile("docs/models.md", "docs/models.md.j2", {"docs": docs}),
        PlannedFile("docs/reference.html", "docs/reference.html.j2", {"docs": docs}),
    ]
    files += [PlannedFile(f"docs/{page.file}", "docs/operation.md.j2", {"op": page}) for page in docs.operations]
    return sorted(files, key=lambda f: f.path)
