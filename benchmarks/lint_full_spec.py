"""pyright --strict, ruff (default rules) and mypy --strict on the whole generated package of
OpenAI's spec (tests/specs/openai-openapi.yaml); prints a table of findings and seconds.

    .venv/bin/python benchmarks/lint_full_spec.py

pyright comes from build/tools (npm install --prefix build/tools pyright@1.1.414)."""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYRIGHT = ROOT / "build" / "tools" / "node_modules" / ".bin" / "pyright"


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        subprocess.run(
            [sys.executable, "-m", "generator", str(ROOT / "tests" / "specs" / "openai-openapi.yaml"), "-o", str(out), "-q"],
            cwd=ROOT,
            check=True,
        )
        config = Path(tmp) / "pyrightconfig.json"
        config.write_text(json.dumps({"typeCheckingMode": "strict", "pythonVersion": "3.10"}))
        checks = {
            "pyright --strict": [str(PYRIGHT), "-p", str(config), "--pythonpath", sys.executable, "--outputjson", str(out)],
            "ruff check (defaults)": [
                sys.executable,
                "-m",
                "ruff",
                "check",
                "--isolated",
                "--no-cache",
                "--output-format",
                "json",
                str(out),
            ],
            "mypy --strict": [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "-p", "openai_api"],
        }
        print("| check | findings | seconds |\n|---|---:|---:|")
        for name, cmd in checks.items():
            start = time.perf_counter()
            proc = subprocess.run(cmd, cwd=out, capture_output=True, text=True)
            seconds = time.perf_counter() - start
            if name.startswith("pyright"):
                findings = json.loads(proc.stdout)["summary"]["errorCount"]
            elif name.startswith("ruff"):
                findings = len(json.loads(proc.stdout or "[]"))
            else:
                findings = sum(1 for line in proc.stdout.splitlines() if ": error:" in line)
            print(f"| {name} | {findings} | {seconds:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
