"""black's layout for every generated Python file; black itself, pinned, only where needed.

A file is not formatted again when (1) its template is stored black-formatted, (2) its rendered
text is the one the manifest recorded and the bytes on disk are the ones it wrote, or (3) the
user cache holds the result for that exact text. What is left is laid out by ``pylayout`` as
black would lay it out; the few statements it leaves to black are formatted by black in one
batch per file, and a file it cannot read at all goes to black whole. The tests run black over
the results and assert that it changes nothing. Work is spread over forked workers (one per
core) when there is enough of it to pay for them.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from .. import cache
from .emit import sha256
from .pylayout import INDENT, Layout, Statement

LINE_LENGTH = 88  # black's default, and ruff's: vendored code passes both tools' defaults
BLACK_VERSION = "26.10.1"  # pinned in pyproject.toml; tests/test_packaging.py checks both agree
FORMAT_ID = f"black {BLACK_VERSION} line-length {LINE_LENGTH} py310"
PARALLEL_MIN_LINES = 20_000  # below this, starting workers costs more than it saves
_HEADER_LINES = 2  # emit.header() is two comment lines


class FormatError(Exception):
    def __init__(self, file: str, reason: str) -> None:
        super().__init__(reason)
        self.file = file
        self.reason = reason


def _black(text: str) -> tuple[bool, str]:
    import black

    mode = black.Mode(target_versions={black.TargetVersion.PY310}, line_length=LINE_LENGTH)  # type: ignore[attr-defined]
    try:
        return True, black.format_str(text, mode=mode)
    except Exception as exc:  # noqa: BLE001 - black.InvalidInput and friends: a generator bug
        return False, str(exc).splitlines()[0] if str(exc) else type(exc).__name__


_CUT = "_pyclientgen_statement_ = 0"  # between statements in one batch; no generated code says it


def _black_statements(statements: list[Statement]) -> list[list[str]] | None:
    """Each statement as black lays it out at its depth, formatted in one batch: each wrapped in
    ``if _:`` blocks to its depth (a block header with a ``pass`` body). None when the batch
    does not come back as it went in (black then formats the whole file)."""
    if any('"""' in st.text or "'''" in st.text or _CUT in st.text for st in statements):
        return None
    parts = []
    for st in statements:
        wrap = "".join(f"{INDENT * i}if _:\n" for i in range(st.depth))
        parts.append(wrap + st.text + (f"\n{INDENT * (st.depth + 1)}pass" if st.compound else ""))
    ok, out = _black(f"\n{_CUT}\n".join(parts) + "\n")
    if not ok:
        return None
    chunks: list[list[str]] = [[]]
    for line in out.split("\n"):
        if line == _CUT:
            chunks.append([])
        elif line.strip():
            chunks[-1].append(line)
    if len(chunks) != len(statements):
        return None
    result = []
    for st, lines in zip(statements, chunks):
        if lines[: st.depth] != [f"{INDENT * i}if _:" for i in range(st.depth)]:
            return None
        lines = lines[st.depth :]
        if st.compound:
            if not lines or lines[-1] != f"{INDENT * (st.depth + 1)}pass":
                return None
            lines = lines[:-1]
        result.append(lines)
    return result


# How a file was formatted: laid out here alone, with some statements by black, or by black whole.
BUILT, STATEMENTS, WHOLE = "built", "statements", "whole"


def format_python(text: str) -> tuple[bool, str, str, int]:
    """(ok, formatted text or black's error, how, statements black formatted)."""
    pieces = Layout(LINE_LENGTH).module(text)
    if pieces is None:
        ok, out = _black(text)
        return ok, out, WHOLE, 0
    statements = [p for p in pieces if isinstance(p, Statement)]
    done = _black_statements(statements) if statements else []
    if done is None:
        ok, out = _black(text)
        return ok, out, WHOLE, 0
    formatted = iter(done)
    lines: list[str] = []
    for piece in pieces:
        lines += next(formatted) if isinstance(piece, Statement) else piece
    return True, "\n".join(lines), STATEMENTS if statements else BUILT, len(statements)


@dataclass(slots=True)
class Formatter:
    out_dir: Path
    previous: dict[str, Any] = field(default_factory=dict)  # the manifest's "files"
    reused: int = 0
    formatted: int = 0  # laid out in this run (by any of the three ways below)
    built: int = 0  # laid out by pylayout alone
    with_statements: int = 0  # pylayout, with some statements formatted by black
    statements: int = 0  # how many statements black formatted
    whole: int = 0  # formatted by black whole

    def format_all(self, header: Callable[[str], str], items: list[tuple[str, str, bool]]) -> dict[str, tuple[bytes, str]]:
        """(path, rendered text, preformatted) -> path: (header + formatted text, sha256 of the rendered text).

        The provenance header (which names the spec's hash) is added after formatting and is
        not part of any key, so editing one description re-formats only the files it reaches."""
        results: dict[str, tuple[bytes, str]] = {}
        todo: list[tuple[str, str, str]] = []
        for rel, text, preformatted in items:
            head = header(rel).encode("utf-8")
            # The formatter's identity is part of the key: new settings never reuse old layouts.
            rendered_sha = sha256(f"{FORMAT_ID}\n{text}".encode())  # also the user cache's key
            if preformatted or not rel.endswith(".py"):
                results[rel] = (head + text.encode("utf-8"), rendered_sha)
                continue
            hit = self._reuse(rel, rendered_sha)
            if hit is not None:
                self.reused += 1
                results[rel] = (head + hit, rendered_sha)
            else:
                todo.append((rel, text, rendered_sha))
        for (rel, _, rendered_sha), (ok, out, how, statements) in zip(todo, self._run([text for _, text, _ in todo])):
            if not ok:
                raise FormatError(rel, out)
            self.built += how == BUILT
            self.with_statements += how == STATEMENTS
            self.whole += how == WHOLE
            self.statements += statements
            data = out.encode("utf-8")
            cache.put("black", cache.key("black", rendered_sha), data)
            results[rel] = (header(rel).encode("utf-8") + data, rendered_sha)
        self.formatted += len(todo)
        return results

    def layout_counts(self) -> dict[str, int]:
        return {"built": self.built, "with_statements": self.with_statements, "statements": self.statements, "whole": self.whole}

    def _reuse(self, rel: str, rendered_sha: str) -> bytes | None:
        """The formatted text (without header) from the previous output or the user cache."""
        old = self.previous.get(rel)
        if isinstance(old, dict) and old.get("rendered") == rendered_sha:
            try:
                on_disk = (self.out_dir / rel).read_bytes()
            except OSError:
                on_disk = None
            if on_disk is not None and sha256(on_disk) == old.get("sha256"):
                lines = on_disk.split(b"\n", _HEADER_LINES)
                if len(lines) == _HEADER_LINES + 1 and lines[0].startswith(b"# Generated by "):
                    return lines[-1]
        return cache.get("black", cache.key("black", rendered_sha))

    @staticmethod
    def _run(texts: list[str]) -> list[tuple[bool, str, str, int]]:
        if not texts:
            return []
        workers = min(os.cpu_count() or 1, 8)
        lines = sum(t.count("\n") for t in texts)
        if workers < 2 or lines < PARALLEL_MIN_LINES:
            return [format_python(t) for t in texts]
        try:
            ctx = get_context("fork")
        except ValueError:
            return [format_python(t) for t in texts]
        import black  # noqa: F401 - imported before forking, so workers inherit it

        # Largest first, so that no worker is left with one big file at the end.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            done = list(pool.map(format_python, [texts[i] for i in order], chunksize=16))
        results: list[tuple[bool, str, str, int]] = [(False, "", WHOLE, 0)] * len(texts)
        for i, result in zip(order, done):
            results[i] = result
        return results
