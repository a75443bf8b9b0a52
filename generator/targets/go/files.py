"""The Go module's files: go.mod, the runtime (copied), the client, one file per resource and
one per schema, each a template and its view-model; gofmt lays every .go file out."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ...config import Config
from ...diagnostics import Diagnostics
from ...gonames import GoNames, go_names, go_package, module_path
from ...ir import Api
from ...naming import agent_version, api_key_env, env_prefix
from ...render.plan import PlannedFile
from . import GoClientView, GoModuleView, GoServiceRef
from .models import model_file
from .services import service_file
from .types import GoTypes, go_string, import_lines
from .wiredata import scheme_table

RUNTIME_DIR = Path(__file__).resolve().parent / "runtime"
RUNTIME = ("core.go", "errors.go", "field.go", "pager.go", "request.go", "stream.go", "wire.go", "option/option.go")
RUNTIME_PACKAGE = "package apiclient\n"
RUNTIME_MODULE = '"example.com/apiclient/option"'


def runtime_source(name: str, package: str, module: str) -> str:
    source = (RUNTIME_DIR / name).read_text("utf-8")
    if not name.startswith("option/"):
        source = source.replace(RUNTIME_PACKAGE, f"package {package}\n", 1)
    return source.replace(RUNTIME_MODULE, go_string(f"{module}/option"))


def plan_files(api: Api, config: Config, package: str, diagnostics: Diagnostics) -> list[PlannedFile]:
    names = go_names(api, config.names_for("go"), diagnostics)  # override findings: the pipeline names the file
    go_pkg = go_package(package)
    module = module_path(config.go_module, package)
    types = GoTypes(api, names)

    def go_file(path: str, template: str, view: object) -> PlannedFile:
        return PlannedFile(path, template, {"file": view}, formatter="gofmt")

    files = [PlannedFile("go/go.mod", "go/go.mod.j2", {"module": GoModuleView(path=module)})]
    files += [
        PlannedFile(f"go/{name}", "go/runtime.go.j2", {"source": runtime_source(name, go_pkg, module)}, formatter="gofmt")
        for name in RUNTIME
    ]
    files.append(go_file("go/client.go", "go/client.go.j2", client_file(api, config, names, package, go_pkg, module)))
    # the runtime's files and the client's are taken: a resource called "errors" or "request"
    # must not replace them
    stems: set[str] = {name.removesuffix(".go") for name in RUNTIME if "/" not in name} | {"client"}
    for resource in api.resources:  # in this order: names made while building depend on it
        attr, service = names.services[resource.wire_name]
        stem = _stem(service.removesuffix("Service") if resource.parent else attr, stems)
        files.append(go_file(f"go/{stem}.go", "go/service.go.j2", service_file(types, api, resource, go_pkg, module)))
    for decl in api.declarations:
        stem = _stem("model_" + names.types[decl.key], stems)
        files.append(go_file(f"go/{stem}.go", "go/model.go.j2", model_file(types, decl.key, go_pkg, module)))
    return files


def client_file(api: Api, config: Config, names: GoNames, package: str, go_pkg: str, module: str) -> GoClientView:
    return GoClientView(
        package=go_pkg,
        imports=import_lines({"os", "option"}, module),
        base_url=go_string(api.base_url),
        api_key_env=go_string(api_key_env(api.title, config.api_key_env)),
        base_url_env=go_string(env_prefix(api.title) + "_BASE_URL"),
        user_agent=go_string(f"{package}-go/{agent_version(api.version)}"),
        schemes=scheme_table(api),
        services=tuple(sorted((GoServiceRef(*names.services[r.wire_name]) for r in api.top_resources), key=lambda s: s.attr)),
        nested=tuple(
            GoServiceRef(attr=names.service_paths[r.wire_name], type=names.services[r.wire_name][1])
            for r in api.resources
            if r.parent
        ),
    )


# Go's file-name build constraints (go/build's syslist): a file whose name ends in _<GOOS>,
# _<GOARCH> or _test builds only there, or in tests.
_CONSTRAINED = frozenset({
    "test", "aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux", "nacl",
    "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows", "zos", "386", "amd64", "amd64p32", "arm", "armbe",
    "arm64", "arm64be", "loong64", "mips", "mipsle", "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc",
    "ppc64", "ppc64le", "riscv", "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm",
})  # fmt: skip


_LONGEST = 120  # characters in a file's stem


def _stem(name: str, taken: set[str]) -> str:
    """A file name (snake case; never a _test or GOOS/GOARCH suffix that would exclude it)."""
    stem = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()
    stem = re.sub(r"[^a-z0-9_]", "", stem)
    if len(stem) > _LONGEST:  # file systems take 255 bytes: a long nested name keeps its start and a hash
        stem = stem[: _LONGEST - 9].rstrip("_") + "_" + hashlib.sha256(stem.encode()).hexdigest()[:8]
    stem = stem + "_api" if stem.rsplit("_", 1)[-1] in _CONSTRAINED else stem
    while stem in taken:
        stem += "_"
    taken.add(stem)
    return stem
