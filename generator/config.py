"""Every option with its default, in one frozen dataclass."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

HTTP_LIBRARIES = ("httpx2", "httpx")
# httpx2 is the default: it is httpx's maintained fork with the same API (httpx has had no
# release since 2024-12), so generated clients get security and bug fixes.
DEFAULT_HTTP_LIBRARY = "httpx2"


@dataclass(frozen=True, slots=True, kw_only=True)
class Config:
    output: Path = Path("generated")
    package_name: str | None = None  # None: derived from info.title
    http_library: str = DEFAULT_HTTP_LIBRARY
    api_key_env: str | None = None  # None: <TITLE>_API_KEY, e.g. OPENAI_API_KEY
    targets: tuple[str, ...] = ("python", "docs")  # what to emit; every name is in generator.targets.TARGETS
    strict: bool = False
    allow_outside_refs: bool = False
