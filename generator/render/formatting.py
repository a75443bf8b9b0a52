"""black, in-process and pinned, skipped wherever it provably has nothing to do.

A file is not formatted again when (1) its template is stored black-formatted, (2) its rendered
text is the one the manifest recorded and the bytes on disk are the ones it wrote, or (3) the
user cache holds black's output for that exact text. What is left is formatted in parallel
(forked workers, one per core) when there is enough of it to pay for the workers.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from .. import cache
from .emit import sha256

LINE_LENGTH = 100
BLACK_VERSION = "26.10.1"  # pinned in pyproject.toml; tests/test_packaging.py checks both agree
PARALLEL_MIN_LINES = 20_000  # below this, starting workers costs more than it saves


class FormatError(Exception):
    def __init__(self, file: str, reason: str) -> None:
        super().__init__(reason)
        self.file = file
        self.reason = reason


def _black(text: str) -> tuple[bool, str]:
    import black

    mode = black.Mode(target_versions={black.TargetVersion.PY310}, line_length=LINE_LENGTH)
    try:
        return True, black.format_str(text, mode=mode)
    except Exception as exc:  # black.InvalidInput and friends: a generator bug
        return False, str(exc).splitlines()[0] if str(exc) else type(exc).__name__


@dataclass(slots=True)
class Formatter:
    out_dir: Path
    previous: dict[str, Any] = field(default_factory=dict)  # the manifest's "files"
    reused: int = 0
    formatted: int = 0

    def format_all(self, items: list[tuple[str, str, bool]]) -> dict[str, tuple[bytes, str]]:
        """(path, rendered text, preformatted) -> path: (final bytes, sha256 of the rendered text)."""
        results: dict[str, tuple[bytes, str]] = {}
        todo: list[tuple[str, str, str]] = []
        for rel, text, preformatted in items:
            rendered_sha = sha256(text.encode("utf-8"))
            if preformatted or not rel.endswith(".py"):
                results[rel] = (text.encode("utf-8"), rendered_sha)
                continue
            hit = self._reuse(rel, rendered_sha)
            if hit is not None:
                self.reused += 1
                results[rel] = (hit, rendered_sha)
            else:
                todo.append((rel, text, rendered_sha))
        for (rel, _, rendered_sha), (ok, out) in zip(todo, self._run_black([text for _, text, _ in todo])):
            if not ok:
                raise FormatError(rel, out)
            data = out.encode("utf-8")
            cache.put("black", cache.key("black", BLACK_VERSION, str(LINE_LENGTH), rendered_sha), data)
            results[rel] = (data, rendered_sha)
        self.formatted += len(todo)
        return results

    def _reuse(self, rel: str, rendered_sha: str) -> bytes | None:
        old = self.previous.get(rel)
        if isinstance(old, dict) and old.get("rendered") == rendered_sha:
            try:
                on_disk = (self.out_dir / rel).read_bytes()
            except OSError:
                on_disk = None
            if on_disk is not None and sha256(on_disk) == old.get("sha256"):
                return on_disk
        return cache.get("black", cache.key("black", BLACK_VERSION, str(LINE_LENGTH), rendered_sha))

    @staticmethod
    def _run_black(texts: list[str]) -> list[tuple[bool, str]]:
        if not texts:
            return []
        import black  # noqa: F401 - imported before forking, so workers inherit it

        workers = min(os.cpu_count() or 1, 8)
        lines = sum(t.count("\n") for t in texts)
        if workers < 2 or lines < PARALLEL_MIN_LINES:
            return [_black(t) for t in texts]
        try:
            ctx = get_context("fork")
        except ValueError:
            return [_black(t) for t in texts]
        # Largest first, so that no worker is left with one big file at the end.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            done = list(pool.map(_black, [texts[i] for i in order], chunksize=8))
        results: list[tuple[bool, str]] = [(False, "")] * len(texts)
        for i, result in zip(order, done):
            results[i] = result
        return results


def reformat_runtime_templates() -> list[str]:
    """Keep the preformatted runtime templates black-formatted after editing them by hand:
    ``python -m generator.render``. Returns the templates it changed."""
    from .env import templates_dir

    placeholder, stand_in = "{{ pkg.http_import }}\n", "import httpx2 as httpx\n"
    changed = []
    for path in sorted((templates_dir() / "python" / "runtime").glob("*.j2")):
        source = path.read_text("utf-8")
        ok, out = _black(source.replace(placeholder, stand_in))
        if not ok:
            raise SystemExit(f"{path}: {out}")
        out = out.replace(stand_in, placeholder)
        if out != source:
            path.write_text(out, "utf-8")
            changed.append(path.name)
    return changed
