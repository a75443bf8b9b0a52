"""The Go target: a Go module (standard library only, Go 1.19) with a client, one service per
resource, structs for the schemas and params structs whose optional fields stay absent, null or
set; its runtime (requests, retries, multipart, streams, errors, options) is real Go under
``runtime/``, copied with the package name and module path set. gofmt lays every file out."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ...config import Config
from ...diagnostics import Diagnostics
from ...gonames import go_names, go_package, module_path
from ...ir import Api
from ...naming import api_key_env, env_prefix
from ...render.plan import PlannedFile
from ..base import Target
from .code import GoCode, GoFile, go_string
from .wiredata import scheme_table

RUNTIME_DIR = Path(__file__).resolve().parent / "runtime"
RUNTIME = ("core.go", "errors.go", "field.go", "request.go", "stream.go", "wire.go", "option/option.go")
RUNTIME_PACKAGE = "package apiclient\n"
RUNTIME_MODULE = '"example.com/apiclient/option"'


@dataclass(frozen=True, slots=True)
class GoFileView:
    package: str
    imports: str  # the import block, or ""
    body: str


@dataclass(frozen=True, slots=True)
class GoModuleView:
    path: str


def runtime_source(name: str, package: str, module: str) -> str:
    source = (RUNTIME_DIR / name).read_text("utf-8")
    if not name.startswith("option/"):
        source = source.replace(RUNTIME_PACKAGE, f"package {package}\n", 1)
    return source.replace(RUNTIME_MODULE, go_string(f"{module}/option"))


def plan(api: Api, config: Config, package: str, diagnostics: Diagnostics) -> list[PlannedFile]:
    names = go_names(api, config.names_for("go"), diagnostics)  # override findings: the pipeline names the file
    go_pkg = go_package(package)
    module = module_path(config.go_module, package)
    code = GoCode(api, names)

    def source(path: str, file: GoFile) -> PlannedFile:
        view = GoFileView(go_pkg, "\n".join(file.import_block(module)).rstrip(), "\n".join(file.lines).rstrip() + "\n")
        return PlannedFile(path, "go/source.go.j2", {"file": view}, formatter="gofmt")

    files = [PlannedFile("go/go.mod", "go/go.mod.j2", {"module": GoModuleView(module)})]
    files += [
        PlannedFile(f"go/{name}", "go/runtime.go.j2", {"source": runtime_source(name, go_pkg, module)}, formatter="gofmt")
        for name in RUNTIME
    ]
    files.append(source("go/client.go", _client(api, config, names, package)))
    stems: set[str] = set()
    for resource in api.resources:
        stem = _stem(names.services[resource.wire_name][0], stems)
        files.append(source(f"go/{stem}.go", code.resource(resource)))
    for decl in api.declarations:
        stem = _stem("model_" + names.types[decl.key], stems)
        files.append(source(f"go/{stem}.go", code.declaration(decl.key)))
    return files


def _stem(name: str, taken: set[str]) -> str:
    """A file name (snake case; never a _test or GOOS/GOARCH suffix that would exclude it)."""
    stem = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()
    stem = re.sub(r"[^a-z0-9_]", "", stem)
    stem = stem + "_api" if re.search(r"_(test|windows|linux|darwin|amd64|arm64|386|arm|js|wasm|[a-z]+bsd)$", stem) else stem
    while stem in taken:
        stem += "_"
    taken.add(stem)
    return stem


def _client(api: Api, config: Config, names: object, package: str) -> GoFile:
    from ...gonames import GoNames

    assert isinstance(names, GoNames)
    out = GoFile(imports={"os", "option"})
    services = sorted(names.services.values())
    out.lines += [
        "const (",
        f"\tdefaultBaseURL = {go_string(api.base_url)}",
        f"\tapiKeyEnv      = {go_string(api_key_env(api.title, config.api_key_env))}",
        f"\tbaseURLEnv     = {go_string(env_prefix(api.title) + '_BASE_URL')}",
        f"\tuserAgent      = {go_string(f'{package}-go/{api.version}')}",
        ")",
        "",
        *scheme_table(api),
        "",
        "// Client calls the API. Make one with NewClient; its services hold the operations.",
        "type Client struct {",
        "\t// Options apply to every request, before a call's own.",
        "\tOptions []option.RequestOption",
        *(f"\t{attr} *{service}" for attr, service in services),
        "}",
        "",
        "// NewClient makes a client: the API key from the environment, the spec's base URL (or the",
        "// environment's), two retries; opts override them (option.WithBasicAuth for HTTP basic).",
        "func NewClient(opts ...option.RequestOption) *Client {",
        "\tdefaults := []option.RequestOption{",
        "\t\toption.WithAPIKey(os.Getenv(apiKeyEnv)),",
        "\t\toption.WithBaseURL(envOr(baseURLEnv, defaultBaseURL)),",
        "\t}",
        "\tc := &Client{Options: append(defaults, opts...)}",
        *(f"\tc.{attr} = &{service}{{client: c}}" for attr, service in services),
        "\treturn c",
        "}",
    ]
    return out


TARGET = Target(
    name="go",
    description="a Go module (standard library only): client, services, structs; needs gofmt",
    plan=plan,
    own_names=True,
)
