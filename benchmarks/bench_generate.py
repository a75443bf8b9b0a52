"""Generation speed and the generated package's import cost; prints a Markdown table.

    .venv/bin/python benchmarks/bench_generate.py [--spec PATH] [--repeat N]

Whole-run rows time the real command line in a fresh process (imports included), median of N:
cold (no caches, new output folder), warm (user cache filled, new output folder) and --check
against the committed generated/. Phase rows come from one in-process cold run. Import rows
time `import <package>` and `import httpx2` alone in fresh processes.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(cmd: list[str], env: dict[str, str], cwd: Path = ROOT) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of one child process."""
    probe = (
        "import resource, subprocess, sys, time, json;"
        "t=time.perf_counter(); r=subprocess.run(sys.argv[1:], capture_output=True);"
        "d=time.perf_counter()-t; print(json.dumps([d, r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss]))"
    )
    out = subprocess.run([sys.executable, "-c", probe, *cmd], env=env, cwd=cwd, capture_output=True, text=True, check=True)
    seconds, code, rss = json.loads(out.stdout)
    if code != 0:
        raise SystemExit(f"command failed: {' '.join(cmd)}")
    return seconds, rss


def median_run(cmd: list[str], env: dict[str, str], repeat: int, fresh_out: bool) -> tuple[float, int]:
    times, peaks = [], []
    for _ in range(repeat):
        with tempfile.TemporaryDirectory() as tmp:
            full = cmd + (["-o", str(Path(tmp) / "out")] if fresh_out else [])
            seconds, rss = run(full, env)
        times.append(seconds)
        peaks.append(rss)
    return statistics.median(times), max(peaks)


def import_time(module: str, path: Path | None, repeat: int) -> float:
    code = f"import time; t=time.perf_counter(); import {module}; print(time.perf_counter()-t)"
    env = {**os.environ, "PYTHONPATH": str(path) if path else ""}
    env["PYTHONDONTWRITEBYTECODE"] = "0"
    samples = []
    for _ in range(repeat + 1):
        out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
        samples.append(float(out.stdout))
    return statistics.median(samples[1:])  # the first run writes .pyc files


def phases(spec: Path) -> dict[str, float]:
    sys.path.insert(0, str(ROOT))
    os.environ["PYCLIENTGEN_NO_CACHE"] = "1"
    from generator import generate
    from generator.config import Config

    with tempfile.TemporaryDirectory() as tmp:
        result = generate(spec, Config(output=Path(tmp) / "out"))
    return result.timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--spec", type=Path, default=ROOT / "spec" / "openapi.yaml")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    cli = [sys.executable, "-m", "generator", str(args.spec), "-q"]
    with tempfile.TemporaryDirectory() as cache_dir, tempfile.TemporaryDirectory() as work:
        cold_env = {**os.environ, "PYCLIENTGEN_NO_CACHE": "1"}
        warm_env = {**os.environ, "PYCLIENTGEN_CACHE_DIR": cache_dir}
        existing = Path(work) / "existing"
        run(cli + ["-o", str(existing)], warm_env)  # fills the user cache and an output folder
        rows = [
            ("generate, cold (no caches, new folder)", *median_run(cli, cold_env, args.repeat, True)),
            ("generate, warm user cache, new folder", *median_run(cli, warm_env, args.repeat, True)),
            (
                "--check against an up-to-date folder (no user cache)",
                *median_run(cli + ["--check", "-o", str(existing)], cold_env, args.repeat, False),
            ),
            (
                "regenerate the same spec into its folder (no user cache)",
                *median_run(cli + ["-o", str(existing)], cold_env, args.repeat, False),
            ),
        ]
        # One description edited: only the files it reaches are formatted again.
        edited = Path(work) / args.spec.name
        text = args.spec.read_text()
        marker = "description: "
        at = text.index(marker, len(text) // 2) + len(marker)
        edited.write_text(text[:at] + "Edited. " + text[at:])
        changed = [sys.executable, "-m", "generator", str(edited), "-q", "-o", str(existing)]
        rows.append(("regenerate after a one-description edit (no user cache)", *run(changed, cold_env)))
    print(
        f"spec: {args.spec.relative_to(ROOT) if args.spec.is_relative_to(ROOT) else args.spec}  "
        f"(median of {args.repeat}; python {sys.version.split()[0]}; {os.cpu_count()} cores)\n"
    )
    print("| run | wall s | peak RSS MiB |\n|---|---:|---:|")
    for name, seconds, rss in rows:
        print(f"| {name} | {seconds:.3f} | {rss / 1024:.0f} |")
    print("\n| phase (one cold in-process run) | s |\n|---|---:|")
    for name, seconds in phases(args.spec).items():
        print(f"| {name} | {seconds:.3f} |")
    if args.spec == ROOT / "spec" / "openapi.yaml":
        print("\n| import, fresh process | s |\n|---|---:|")
        print(f"| import httpx2 | {import_time('httpx2', None, args.repeat):.3f} |")
        print(f"| import openai_api (generated) | {import_time('openai_api', ROOT / 'generated', args.repeat):.3f} |")
        lazy = "openai_api; openai_api.Client(api_key='k').images"
        print(f"| import + Client().images (lazy resource) | {import_time(lazy, ROOT / 'generated', args.repeat):.3f} |")


if __name__ == "__main__":
    main()
