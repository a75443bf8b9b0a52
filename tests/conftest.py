from __future__ import annotations

import atexit
import importlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent

# Tests never write into the user's caches: the generator's, black's and Go's build cache each
# honour XDG_CACHE_HOME, which points into a temporary folder for the whole run (every process
# the tests start inherits it), removed at the end.
_CACHES = tempfile.mkdtemp(prefix="pyclientgen-test-caches-")
os.environ["XDG_CACHE_HOME"] = _CACHES
os.environ.pop("PYCLIENTGEN_CACHE_DIR", None)
atexit.register(shutil.rmtree, _CACHES, ignore_errors=True)
sys.path.insert(0, str(Path(__file__).resolve().parent))

from spec_server import API_KEY, SpecServer

from generator.config import Config

SPEC = ROOT / "spec" / "openapi.yaml"
GENERATED = ROOT / "generated"


def run_cli(
    *args: str, cwd: Path = ROOT, env: dict[str, str] | None = None, isolated: bool | None = None
) -> subprocess.CompletedProcess[str]:
    """The generator in a subprocess. From this repository's root it reads no settings file
    (``--isolated``: its [tool.generator] is for spec/openapi.yaml) unless ``isolated=False``;
    elsewhere it reads the settings it finds, as a user's run does."""
    if isolated is None:
        isolated = cwd == ROOT
    flags = ["--isolated"] if isolated else []
    return subprocess.run(
        [sys.executable, "-m", "generator", *flags, *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=300
    )


def repo_config(**options: Any) -> Config:
    """The options this repository's [tool.generator] gives spec/openapi.yaml (what generated/
    was made with), with ``options`` over them: for tests that call the pipeline directly."""
    from generator.diagnostics import Diagnostics
    from generator.settings import read
    from generator.targets import TARGETS

    values = read(ROOT / "pyproject.toml", {n: t.own_names for n, t in TARGETS.items()}, Diagnostics())
    values = {k: v for k, v in values.items() if k not in ("spec", "output")}
    return Config(**{**values, **options})


@pytest.fixture()
def server() -> Iterator[SpecServer]:
    with SpecServer() as srv:
        yield srv


def import_generated(folder: Path, package: str) -> ModuleType:
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
    return importlib.import_module(package)


@pytest.fixture(scope="session")
def committed_client() -> ModuleType:
    """The committed generated/openai_api package (httpx2, the default)."""
    return import_generated(GENERATED, "openai_api")


@pytest.fixture(scope="session")
def httpx_client(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    """The same spec generated for plain httpx, under another package name."""
    out = tmp_path_factory.mktemp("httpx_variant")
    result = run_cli(str(SPEC), "-o", str(out), "--http-library", "httpx", "--package-name", "openai_httpx", isolated=False)
    assert result.returncode == 0, result.stderr
    return import_generated(out, "openai_httpx")


__all__ = ["API_KEY", "GENERATED", "ROOT", "SPEC", "repo_config", "run_cli"]


def black_changes(root: Path) -> list[str]:
    """The Python files under ``root`` that black, pinned and configured as the generator uses
    it, would change: the generator lays files out itself and black is the proof. The runtime
    modules are copies of stored sources (tests/test_golden.py checks those once)."""
    import black

    from generator.render.formatting import LINE_LENGTH
    from generator.targets.python import RUNTIME

    mode = black.Mode(target_versions={black.TargetVersion.PY310}, line_length=LINE_LENGTH)
    changed = []
    for path in sorted(p for p in root.rglob("*.py") if p.name not in RUNTIME or p.parent.name in ("models", "resources")):
        text = path.read_text("utf-8")
        if black.format_str(text, mode=mode) != text:
            changed.append(str(path.relative_to(root)))
    return changed


def black_check(root: Path, line_length: int | None = None) -> subprocess.CompletedProcess[str]:
    """black --check over ``root`` on every core (for a whole large package)."""
    from generator.render.formatting import LINE_LENGTH

    length = str(line_length or LINE_LENGTH)
    return subprocess.run(
        [sys.executable, "-m", "black", "--check", "--quiet", "--target-version", "py310", "-l", length, str(root)],
        capture_output=True,
        text=True,
    )


def tool(name: str) -> str:
    """A program the test needs: its path; missing, the test fails in CI (.ci/run installs it
    with apt-get or npm) and is skipped, saying why, elsewhere."""
    import os
    import shutil

    found = shutil.which(name)
    if found is None:
        message = f"{name} is not installed here (.ci/run installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found
