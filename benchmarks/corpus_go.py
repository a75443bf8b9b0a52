"""The Go target over the corpus sample of tests/test_corpus_sample.py (one spec per provider,
plus three large ones): generate each with ``--target go`` and run ``go vet ./...`` (which
compiles it). Prints a table; the suite runs the first 12 (tests/test_go_target.py).

    .venv/bin/python benchmarks/corpus_go.py [--limit N]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]

from corpus import fetch  # noqa: E402
from test_corpus_sample import sample  # noqa: E402

from generator import generate  # noqa: E402
from generator.config import Config  # noqa: E402


def vet_sample(limit: int | None = None) -> list[tuple[str, str, float]]:
    """(spec, outcome, seconds) for each sampled spec: "vetted", "refused" or "go vet failed: ..."."""
    api = fetch()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for i, rel in enumerate(sample(api)[:limit]):
            start = time.perf_counter()
            out = Path(tmp) / f"o{i}"
            result = generate(api / rel, Config(output=out, package_name=f"corpus_pkg_{i}", targets=("go",)))
            if not result.ok:
                rows.append((rel, "refused", time.perf_counter() - start))
                continue
            env = {**os.environ, "GOFLAGS": "-mod=mod", "GOPROXY": "off"}
            vet = subprocess.run(["go", "vet", "./..."], cwd=out / "go", capture_output=True, text=True, env=env)
            outcome = "vetted" if vet.returncode == 0 else "go vet failed: " + " ".join(vet.stderr.split())[:300]
            rows.append((rel, outcome, time.perf_counter() - start))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=None)
    rows = vet_sample(parser.parse_args().limit)
    print("| spec | outcome | seconds |\n|---|---|---:|")
    for rel, outcome, seconds in rows:
        print(f"| {rel} | {outcome} | {seconds:.1f} |")
    vetted = sum(o == "vetted" for _, o, _ in rows)
    refused = sum(o == "refused" for _, o, _ in rows)
    print(f"\n{len(rows)} specs: {vetted} generated and passed go vet, {refused} refused, {len(rows) - vetted - refused} failed")


if __name__ == "__main__":
    main()
