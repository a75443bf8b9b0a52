"""The Python client target: a package with sync and async clients, one module per resource and
per model, and the runtime copied from ``runtime/``; formatted by black."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from ...config import Config
from ...diagnostics import Diagnostics
from ...ir import Api
from ...pynames import python_names
from ...render.plan import PlannedFile
from .models import model_module_view, models_index_view
from .package import package_view
from .project import project_view
from .resources import resource_view

RUNTIME_DIR = Path(__file__).resolve().parent / "runtime"
# Runtime modules copied into every package; __init__.py and _constants.py there are stand-ins.
RUNTIME = (
    "_types.py",
    "_files.py",
    "_exceptions.py",
    "_serde.py",
    "_streaming.py",
    "_encoding.py",
    "_retries.py",
    "_checks.py",
    "_options.py",
    "_pagination.py",
    "_response.py",
    "_base_client.py",
    "_sync_client.py",
    "_async_client.py",
)
HTTP_IMPORT = "import httpx2 as httpx\n"  # the runtime's one line that depends on --http-library
HTTP_IMPORTS = {"httpx2": HTTP_IMPORT, "httpx": "import httpx\n"}


@cache
def runtime_source(name: str, http_library: str) -> str:
    """A runtime module's text for one HTTP library: the module as it is, its import line swapped."""
    source = (RUNTIME_DIR / name).read_text("utf-8")
    if source.count(HTTP_IMPORT) > 1:
        raise AssertionError(f"{name}: the HTTP import must appear once")
    return source.replace(HTTP_IMPORT, HTTP_IMPORTS[http_library])


def plan(api: Api, config: Config, package: str, diagnostics: Diagnostics) -> list[PlannedFile]:
    names = python_names(api, diagnostics, config.names_for("python"))
    pkg = package_view(api, config, package, names)
    files = [
        PlannedFile(f"{package}/__init__.py", "python/__init__.py.j2", {"pkg": pkg}, formatter="black"),
        PlannedFile(f"{package}/_constants.py", "python/_constants.py.j2", {"pkg": pkg}, formatter="black"),
        PlannedFile(f"{package}/_client.py", "python/_client.py.j2", {"pkg": pkg}, formatter="black"),
        PlannedFile(
            f"{package}/models/__init__.py",
            "python/models_init.py.j2",
            {"models": models_index_view(api, names)},
            formatter="black",
        ),
        PlannedFile(f"{package}/resources/__init__.py", "python/resources_init.py.j2", {"pkg": pkg}, formatter="black"),
        PlannedFile(f"{package}/py.typed", "python/py.typed.j2", {}),
    ]
    files += [
        PlannedFile(
            f"{package}/{name}",
            "python/runtime.py.j2",
            {"source": runtime_source(name, config.http_library)},
            preformatted=True,
            formatter="black",
        )
        for name in RUNTIME
    ]
    if config.meta == "pyproject":
        project: dict[str, object] = {"project": project_view(api, config, package, names)}
        files.append(PlannedFile("pyproject.toml", "python/pyproject.toml.j2", project))
        files.append(PlannedFile("README.md", "python/project_readme.md.j2", project))
    for decl in api.declarations:
        files.append(
            PlannedFile(
                f"{package}/models/{names.module(decl.key)}.py",
                "python/model.py.j2",
                {"module": model_module_view(api, decl, names)},
                formatter="black",
            )
        )
    for resource in api.resources:
        files.append(
            PlannedFile(
                f"{package}/resources/{names.resource(resource).module}.py",
                "python/resource.py.j2",
                {"module": resource_view(api, resource, names)},
                formatter="black",
            )
        )
    return files
