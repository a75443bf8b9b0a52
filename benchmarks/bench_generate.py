"""Generation speed against issue 11's targets, side by side with openapi-python-client; prints
Markdown tables.

    .venv/bin/python benchmarks/bench_generate.py [--repeat N] [--graph] [--peer-env DIR]

openapi-python-client (pinned below) is installed into the benchmark's own virtual environment
(``build/bench-env``, created on first use; never a project dependency). Each row times whole
commands in fresh processes, the two generators in turn (ours, theirs, ours, ...) so that both
see the same machine; a figure is the median of N runs: wall seconds, CPU seconds (user + system,
child processes included) and peak RSS (the largest single process). "Cold" means no user
cache (``PYCLIENTGEN_NO_CACHE=1``) and a new output folder, as on a CI machine. Both programs
run as installed ones do: with their compiled bytecode (pip compiles the peer's; ours, and our
compiled templates, go to ``build/bench-pycache`` in a first, untimed run), and the peer with
its own environment on PATH, so that its ruff post-hooks run as they do for its users. ``--graph``
adds the largest documents of the APIs-guru directory (Microsoft Graph, 20 MB and 47 MB) and
Stripe with every target, from build/corpus/ (``benchmarks/corpus.py`` fetches it).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PEER = "openapi-python-client==0.29.1"
IMAGES = ROOT / "spec" / "openapi.yaml"
FULL = ROOT / "tests" / "specs" / "openai-openapi.yaml"
GRAPH = ("microsoft.com/graph.json", "microsoft.com/graph-beta.json")
STRIPE = "stripe.com.json"


def measure(cmd: list[str], env: dict[str, str] | None = None, cwd: Path = ROOT) -> tuple[float, float, float]:
    """(wall s, CPU s, peak RSS MiB) of one command, its waited-for children included."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def medians(samples: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    return (
        statistics.median(s[0] for s in samples),
        statistics.median(s[1] for s in samples),
        max(s[2] for s in samples),
    )


def peer_env(path: Path) -> Path:
    """The peer's own virtual environment (created and filled on first use)."""
    exe = path / "bin" / "openapi-python-client"
    if not exe.exists():
        subprocess.run([sys.executable, "-m", "venv", str(path)], check=True)
        subprocess.run([str(path / "bin" / "pip"), "install", "-q", PEER], check=True)
    return exe


def ours(spec: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "generator", "--isolated", str(spec), "-o", str(out), "-q", *extra]


def installed(env: dict[str, str]) -> dict[str, str]:
    """``env`` as an installed generator runs: Python writes and reads its bytecode (here in a
    folder of the benchmark's own, so the checkout stays as it was)."""
    out = {k: v for k, v in env.items() if k != "PYTHONDONTWRITEBYTECODE"}
    out["PYTHONPYCACHEPREFIX"] = str(ROOT / "build" / "bench-pycache")
    return out


def peer_path(exe: Path) -> dict[str, str]:
    """The peer's environment on PATH: its post-hooks call the ruff installed beside it."""
    return {**os.environ, "PATH": os.pathsep.join([str(exe.parent), os.environ.get("PATH", "")])}


def theirs(exe: Path, spec: Path, out: Path) -> list[str]:
    return [str(exe), "generate", "--path", str(spec), "--output-path", str(out), "--meta", "none"]


def cold_pair(
    spec: Path, exe: Path, repeat: int, cold: dict[str, str], *extra: str
) -> tuple[tuple[float, ...], tuple[float, ...]]:
    a, b = [], []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            a.append(measure(ours(spec, Path(tmp) / "ours", *extra), cold))
            b.append(measure(theirs(exe, spec, Path(tmp) / "theirs"), peer_path(exe)))
    return medians(a), medians(b)


def edit_runs(spec: Path, work: Path, folder: Path, repeat: int, cold: dict[str, str], *extra: str) -> tuple[float, ...]:
    """Regenerating ``folder`` after a one-description edit, ``repeat`` times (median)."""
    edited = edited_copy(spec, work)
    edits = []
    for _ in range(repeat):
        measure(ours(spec, folder, *extra), cold)  # back to the unedited output
        edits.append(measure(ours(edited, folder, *extra), cold))
    return medians(edits)


def edited_copy(spec: Path, folder: Path) -> Path:
    """``spec`` with one description changed (a word added to one in its second half)."""
    text = spec.read_text("utf-8")
    marker = "description: "
    at = text.index(marker, len(text) // 2) + len(marker)
    copy = folder / spec.name
    copy.write_text(text[:at] + "Edited. " + text[at:], "utf-8")
    return copy


def snapshot(folder: Path) -> dict[str, int]:
    return {str(p): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def phases(spec: Path) -> dict[str, float]:
    """The phases of one cold in-process run (a profile of where a run's wall time goes)."""
    sys.path.insert(0, str(ROOT))
    os.environ["PYCLIENTGEN_NO_CACHE"] = "1"
    from generator import generate
    from generator.config import Config

    with tempfile.TemporaryDirectory() as tmp:
        result = generate(spec, Config(output=Path(tmp) / "out"))
    print(f"layout of {spec.name}: {result.layout}")
    return result.timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--graph", action="store_true", help="also the Microsoft Graph documents (minutes)")
    parser.add_argument("--peer-env", type=Path, default=ROOT / "build" / "bench-env")
    args = parser.parse_args()
    exe = peer_env(args.peer_env)
    cold = installed({**os.environ, "PYCLIENTGEN_NO_CACHE": "1"})
    with tempfile.TemporaryDirectory() as tmp:  # compiles our bytecode and templates, as an install would
        measure(ours(FULL, Path(tmp) / "out", "--target", "python", "--target", "cli", "--target", "docs"), cold)
        measure(ours(FULL, Path(tmp) / "go", "--target", "go", "--target", "perl"), cold)
    rows: list[tuple[str, str, str, str]] = []  # work, ours, theirs, target

    def fmt(m: tuple[float, ...]) -> str:
        return f"{m[0]:.2f} s wall, {m[1]:.2f} s CPU, {m[2]:.0f} MiB"

    full_ours, full_theirs = cold_pair(FULL, exe, args.repeat, cold)
    rows.append(
        (
            "full OpenAI spec, cold, new folder",
            f"{fmt(full_ours)} ({full_ours[0] / full_theirs[0]:.2f}× the peer)",
            fmt(full_theirs),
            "≤ 3 s wall, ≤ 0.35× the peer",
        )
    )
    images_ours, images_theirs = cold_pair(IMAGES, exe, args.repeat, cold)
    rows.append(
        (
            "images spec, cold, new folder",
            f"{fmt(images_ours)} ({images_ours[0] / images_theirs[0]:.2f}× the peer)",
            fmt(images_theirs),
            "≤ 0.35 s wall, ≤ 0.5× the peer",
        )
    )

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        folder = work / "out"
        measure(ours(FULL, folder), cold)
        check = medians([measure(ours(FULL, folder, "--check"), cold) for _ in range(args.repeat)])
        rows.append(("`--check`, up to date (full spec)", fmt(check), "", "≤ 1 s"))
        before = snapshot(folder)
        rerun = medians([measure(ours(FULL, folder), cold) for _ in range(args.repeat)])
        written = sum(1 for path, mtime in snapshot(folder).items() if before.get(path) != mtime)
        rows.append(("a re-run with nothing changed (full spec)", f"{fmt(rerun)}; {written} files written", "", "writes nothing"))
        edits = edit_runs(FULL, work, folder, args.repeat, cold)
        rows.append(
            (
                "regenerate after a one-description edit (full spec)",
                f"{fmt(edits)} ({edits[0] / full_ours[0]:.2f}× cold)",
                "",
                "≤ 1 s, ≤ 0.2× cold",
            )
        )
    rows.append(("peak RSS, full spec, cold", f"{full_ours[2]:.0f} MiB", f"{full_theirs[2]:.0f} MiB", "—"))

    # The formatter option: ruff's formatter on every Python file, against the same peer run.
    ruff_ours, ruff_theirs = cold_pair(FULL, exe, args.repeat, cold, "--formatter", "ruff")
    rows.append(("full OpenAI spec, cold, `--formatter ruff`", fmt(ruff_ours), fmt(ruff_theirs), "faster than black's"))
    # The Go target on the full spec: generation (gofmt included) and `go build` of the result.
    go_runs, build_runs = [], []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as tmp:
            go_runs.append(measure(ours(FULL, Path(tmp) / "out", "--target", "go"), cold))
            build_runs.append(
                measure(["go", "build", "./..."], {**os.environ, "GOFLAGS": "-mod=mod"}, cwd=Path(tmp) / "out" / "go")
            )
    rows.append(("full OpenAI spec, cold, `--target go` (1,960 Go files)", fmt(medians(go_runs)), "", "builds"))
    rows.append(("`go build ./...` of that module (Go 1.19)", fmt(medians(build_runs)), "", "—"))
    with tempfile.TemporaryDirectory() as tmp:
        ruff_edits = edit_runs(FULL, Path(tmp), Path(tmp) / "out", args.repeat, cold, "--formatter", "ruff")
    rows.append(("one-description edit (full spec), `--formatter ruff`", fmt(ruff_edits), "", "—"))

    if args.graph:
        corpus = ROOT / "build" / "corpus" / "package" / "api"
        every = [arg for name in ("python", "cli", "go", "perl", "docs") for arg in ("--target", name)]
        goals = {GRAPH[0]: "≤ 20 s wall, ≤ 1 GiB", GRAPH[1]: "≤ 60 s wall, ≤ 2 GiB", STRIPE: "≤ 10 s wall"}
        for name, extra in ((STRIPE, every), (GRAPH[0], []), (GRAPH[1], [])):
            spec = corpus / name
            if not spec.is_file():
                raise SystemExit(f"{spec} is missing: run benchmarks/corpus.py once to fetch the directory")
            with tempfile.TemporaryDirectory() as tmp:
                wall, cpu, rss = measure(ours(spec, Path(tmp) / "out", *extra), cold)
            mb = spec.stat().st_size / 1e6
            what = "every target" if extra else "default targets"
            rows.append(
                (
                    f"{name} ({mb:.0f} MB), cold, {what}",
                    f"{wall:.1f} s wall, {cpu:.1f} s CPU, {rss:.0f} MiB: {mb / wall:.2f} MB/s",
                    "",
                    goals[name],
                )
            )

    cpu_model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or platform.machine(),
    )
    print(
        f"{datetime.date.today().isoformat()}, {os.cpu_count()} cores ({cpu_model}), Python {platform.python_version()}; "
        f"median of {args.repeat}, the two generators in turn; peer: {PEER}\n"
    )
    print("| work | pyclientgen | openapi-python-client | target |\n|---|---|---|---|")
    for work_name, a, b, target in rows:
        print(f"| {work_name} | {a} | {b or '—'} | {target} |")
    timings = phases(FULL)
    print("\n| phase, one cold run, full spec | " + " | ".join(timings) + " |")
    print("|---|" + "---:|" * len(timings))
    print("| wall s | " + " | ".join(f"{t:.2f}" for t in timings.values()) + " |")


if __name__ == "__main__":
    main()
