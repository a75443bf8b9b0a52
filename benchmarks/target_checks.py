"""Each target's output checked as its users would use it: the Python package imports with every
resource module; ``python -m <package> --help`` and each resource's help answer; ``go vet ./...``
passes; every Perl module compiles and its POD passes podchecker; the docs' pages are there;
and, for a sample, ``ruff check`` (its default rules) and ``pyright --strict`` find nothing.
Shared by benchmarks/corpus.py (the whole APIs-guru directory) and the suite's corpus sample.
Each check returns "" when it passes, else what failed, in one line."""

from __future__ import annotations

import contextlib
import importlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYRIGHT = ROOT / "build" / "tools" / "node_modules" / ".bin" / "pyright"


def _line(text: str, limit: int = 300) -> str:
    return " ".join(text.split())[:limit]


def import_package(out: Path, package: str) -> object:
    """Import a generated package and every resource module it has (they load lazily otherwise)."""
    sys.path.insert(0, str(out))
    module = importlib.import_module(package)
    for resource in sorted((out / package / "resources").glob("[!_]*.py")):
        importlib.import_module(f"{package}.resources.{resource.stem}")
    return module


def check_python(out: Path, package: str) -> str:
    try:
        import_package(out, package)
    except BaseException as exc:  # noqa: BLE001 - reported, not raised
        return f"import failed: {type(exc).__name__}: {_line(str(exc))}"
    return ""


def check_cli(out: Path, package: str) -> str:
    """``--help`` at the top and for every resource, in-process (the package is imported)."""
    try:
        cli = importlib.import_module(f"{package}._cli")
        for argv in [["--help"], *([name, "--help"] for name in cli.RESOURCES)]:
            shown = io.StringIO()
            with contextlib.redirect_stdout(shown), contextlib.redirect_stderr(io.StringIO()):
                code = cli.main(argv)
            if code != 0 or not shown.getvalue().strip():
                return f"{' '.join(argv)}: exit {code}"
    except BaseException as exc:  # noqa: BLE001
        return f"the command line failed: {type(exc).__name__}: {_line(str(exc))}"
    return ""


def check_go(out: Path, timeout: float = 600) -> str:
    go = shutil.which("go")
    if go is None:
        return "go is not installed"
    env = {**os.environ, "GOFLAGS": "-mod=mod", "GOPROXY": "off", "GOTOOLCHAIN": "local"}
    vet = subprocess.run([go, "vet", "./..."], cwd=out / "go", capture_output=True, text=True, env=env, timeout=timeout)
    return "" if vet.returncode == 0 else "go vet: " + _line(vet.stderr + vet.stdout)


def check_perl(out: Path, timeout: float = 600) -> str:
    """Every module compiles (one perl loads them all) and podchecker passes on each."""
    perl, podchecker = shutil.which("perl"), shutil.which("podchecker")
    if perl is None or podchecker is None:
        return "perl or podchecker is not installed"
    lib = out / "perl" / "lib"
    modules = sorted(p.relative_to(lib).as_posix() for p in lib.rglob("*.pm"))
    loaded = subprocess.run(
        [perl, "-I", str(lib), "-we", "require $_ for @ARGV; print 'ok'", *modules],
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if loaded.returncode != 0 or loaded.stdout != "ok":
        return "perl: " + _line(loaded.stderr)
    pod = subprocess.run([podchecker, *(str(lib / m) for m in modules)], capture_output=True, text=True, timeout=timeout)
    if pod.returncode != 0:
        return "podchecker: " + _line("\n".join(line for line in pod.stderr.splitlines() if "ERROR" in line) or pod.stderr)
    return ""


def check_docs(out: Path) -> str:
    missing = [name for name in ("index.md", "models.md", "reference.html") if not (out / "docs" / name).is_file()]
    return "missing docs/" + ", docs/".join(missing) if missing else ""


def lint_python(out: Path, package: str) -> str:
    """ruff check with its default rules (no configuration) and pyright --strict."""
    ruff = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache", "--output-format", "concise", package],
        cwd=out,
        capture_output=True,
        text=True,
    )
    if ruff.returncode != 0:
        return "ruff: " + _line(ruff.stdout)
    if not PYRIGHT.is_file():
        return "pyright is not installed (npm install --prefix build/tools pyright)"
    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "pyrightconfig.json"
        config.write_text(json.dumps({"typeCheckingMode": "strict", "pythonVersion": "3.10"}))
        pyright = subprocess.run(
            [str(PYRIGHT), "-p", str(config), "--pythonpath", sys.executable, str(out / package)],
            capture_output=True,
            text=True,
            timeout=1200,
        )
    if pyright.returncode != 0:
        errors = [line.strip() for line in pyright.stdout.splitlines() if " error: " in line]
        return f"pyright: {len(errors)} errors, first: {_line(errors[0] if errors else pyright.stdout)}"
    return ""


CHECKS: dict[str, Callable[[Path, str], str]] = {
    "python": check_python,
    "cli": check_cli,
    "go": lambda out, package: check_go(out),
    "perl": lambda out, package: check_perl(out),
    "docs": lambda out, package: check_docs(out),
}


def check_targets(out: Path, package: str, targets: tuple[str, ...]) -> dict[str, str]:
    """Every target's check (in CHECKS order), "" for each that passed."""
    return {name: CHECKS[name](out, package) for name in CHECKS if name in targets}
