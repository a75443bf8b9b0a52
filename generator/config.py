"""Every option with its default, in one frozen dataclass."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

HTTP_LIBRARIES = ("httpx2", "httpx")
# httpx2 is the default: it is httpx's maintained fork with the same API (httpx has had no
# release since 2024-12), so generated clients get security and bug fixes.
DEFAULT_HTTP_LIBRARY = "httpx2"
# Each library pinned as the generator's tests pin it (pyproject.toml's test extra; a test keeps
# them equal): what a --meta pyproject project depends on.
HTTP_REQUIREMENTS = {"httpx2": "httpx2==2.16.2", "httpx": "httpx==0.28.1"}
FORMATTERS = ("black", "ruff")  # black is pinned and the default; ruff (pinned, optional) is faster
DEFAULT_LINE_LENGTH = 88  # black's and ruff's default: vendored code passes both tools' defaults
META = ("none", "pyproject")
METHOD_STYLES = (
    "auto",
    "rest",
    "operation-id",
)  # see generator/ir/restnames.py  # openapi-python-client's --meta: what project files go around the package


@dataclass(frozen=True, slots=True)
class NameOverrides:
    """Names chosen by the user instead of the spec's: by operationId (or ``METHOD /path``) for
    methods, by schema name (under ``components/schemas``) for classes."""

    methods: Mapping[str, str] = field(default_factory=dict)
    classes: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True)
class Config:
    output: Path = Path("generated")
    package_name: str | None = None  # None: derived from info.title
    http_library: str = DEFAULT_HTTP_LIBRARY
    api_key_env: str | None = None  # None: <TITLE>_API_KEY, e.g. OPENAI_API_KEY
    targets: tuple[str, ...] = ("python", "docs")  # what to emit; every name is in generator.targets.TARGETS
    strict: bool = False
    allow_outside_refs: bool = False
    line_length: int = DEFAULT_LINE_LENGTH
    formatter: str = "black"  # one of FORMATTERS
    templates: Path | None = None  # a folder whose templates replace the built-in ones of the same path
    go_module: str | None = None  # the Go target's module path; None: example.com/<package>
    fail_on_breaking: bool = False  # refuse (exit 4, nothing written) when the API changed in a breaking way
    method_style: str = "auto"  # ir.restnames.STYLES: "rest" names every method from its HTTP method and path
    meta: str = "none"  # one of META: "none", the folder to vendor; "pyproject", an installable project around it
    cli_name: str | None = None  # the console script with meta = pyproject and the cli target; None: <package> with dashes
    # "" holds the names every target takes (each spells them its own way); a target's own
    # table (``python``) holds names spelled exactly as that target writes them.
    names: Mapping[str, NameOverrides] = field(default_factory=dict)
    # [tool.generator.pagination]: operationId or "METHOD /path" -> False (no paging) or the
    # scheme: {"items", one of "cursor"/"offset"/"page", "from" (cursor), "has-more"}
    pagination: Mapping[str, object] = field(default_factory=dict)
    config_file: Path | None = None  # where the settings were read from, for messages
    from_file: frozenset[str] = frozenset()  # the settings' keys whose values the file gave (no flag)

    def names_for(self, target: str) -> tuple[NameOverrides, NameOverrides]:
        """(the shared overrides, the target's own)."""
        return self.names.get("", NameOverrides()), self.names.get(target, NameOverrides())
