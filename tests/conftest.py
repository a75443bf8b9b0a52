from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from spec_server import API_KEY, SpecServer  # noqa: E402

SPEC = ROOT / "spec" / "openapi.yaml"
GENERATED = ROOT / "generated"


def run_cli(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True, env=env, timeout=300
    )


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
    result = run_cli(str(SPEC), "-o", str(out), "--http-library", "httpx", "--package-name", "openai_httpx")
    assert result.returncode == 0, result.stderr
    return import_generated(out, "openai_httpx")


__all__ = ["API_KEY", "GENERATED", "ROOT", "SPEC", "run_cli"]
