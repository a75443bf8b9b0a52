"""The generated code against the linters its users run: ruff with its default rules (isolated
from any configuration) and pyright in strict mode (openai-python's own bar). pyright comes from
npm into build/tools/ (.ci/run installs it); outside CI a missing pyright skips, in CI it fails."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PYRIGHT = ROOT / "build" / "tools" / "node_modules" / ".bin" / "pyright"
PYRIGHT_VERSION = "1.1.414"


def ruff_findings(folder: Path) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache", "--output-format", "concise", str(folder)],
        capture_output=True,
        text=True,
    )
    return "" if proc.returncode == 0 else proc.stdout[-4000:]


def pyright_findings(folder: Path, tmp_path: Path, files: list[Path] | None = None) -> str:
    if not PYRIGHT.is_file():
        message = f"pyright is not installed (npm install --prefix build/tools pyright@{PYRIGHT_VERSION})"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    config = tmp_path / "pyrightconfig.json"
    config.write_text(json.dumps({"typeCheckingMode": "strict", "pythonVersion": "3.10"}))
    targets = [str(f) for f in files] if files else [str(folder)]
    proc = subprocess.run(
        [str(PYRIGHT), "-p", str(config), "--pythonpath", sys.executable, *targets], capture_output=True, text=True, timeout=600
    )
    return "" if proc.returncode == 0 else proc.stdout[-4000:]
