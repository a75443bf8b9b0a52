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
import subprocess
import tempfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from typing import Any

from .. import cache
from ..processes import die_with_parent
from .emit import sha256
from .pylayout import INDENT, Layout, Statement

LINE_LENGTH = 88  # black's default, and ruff's: vendored code passes both tools' defaults
BLACK_VERSION = "26.10.1"  # pinned in pyproject.toml; tests/test_packaging.py checks both agree
RUFF_VERSION = "0.17.6"  # pinned in pyproject.toml's ruff extra; tests/test_packaging.py checks both agree
_HEADER_LINES = 2  # emit.header() is two comment lines


@dataclass(frozen=True, slots=True)
class Style:
    """Which formatter has the last word, and at what line length."""

    tool: str = "black"  # "black": laid out here, black where needed; "ruff": ruff's formatter on every file
    line_length: int = LINE_LENGTH

    @property
    def id(self) -> str:
        """Part of every layout's cache key: new settings never reuse old layouts."""
        version = BLACK_VERSION if self.tool == "black" else RUFF_VERSION
        return f"{self.tool} {version} line-length {self.line_length} py310"

    @property
    def default(self) -> bool:
        """The style the runtime modules are stored in (so they go out as they are)."""
        return self == Style()


def ruff_binary() -> str | None:
    """The ruff executable of the installed ``ruff`` package (the pinned extra), if any."""
    try:
        from ruff.__main__ import find_ruff_bin  # type: ignore[import-not-found, import-untyped, unused-ignore]
    except ImportError:
        return None
    try:
        return str(find_ruff_bin())
    except FileNotFoundError:
        return None


def gofmt_binary() -> str | None:
    """gofmt from Go's toolchain (Debian's golang-go puts it on the PATH)."""
    import shutil

    return shutil.which("gofmt") or next(
        (p for p in ("/usr/lib/go/bin/gofmt", "/usr/local/go/bin/gofmt") if Path(p).is_file()), None
    )


class FormatError(Exception):
    def __init__(self, file: str, reason: str) -> None:
        super().__init__(reason)
        self.file = file
        self.reason = reason


def _gofmt(texts: dict[str, str]) -> dict[str, str]:
    """Each Go file as gofmt lays it out, in one run over a temporary folder."""
    binary = gofmt_binary()
    if binary is None:
        raise FormatError("(every Go file)", "gofmt is not installed")
    return _batch([binary, "-w"], texts, ".go", "gofmt")


def _ruff(texts: dict[str, str], line_length: int) -> dict[str, str]:
    """Each text as ruff's formatter lays it out, in one run over a temporary folder."""
    binary = ruff_binary()
    if binary is None:
        raise FormatError("(every file)", "ruff is not installed")
    command = [binary, "format", "--isolated", "--quiet", "--no-cache", "--target-version", "py310"]
    return _batch([*command, "--line-length", str(line_length)], texts, ".py", "ruff")


def _batch(command: list[str], texts: dict[str, str], suffix: str, tool: str) -> dict[str, str]:
    """``command`` run once over a temporary folder holding every text; the texts it left there."""
    with tempfile.TemporaryDirectory(prefix=f"pyclientgen-{tool}-") as tmp:
        names = {rel: Path(tmp) / f"m{i}{suffix}" for i, rel in enumerate(texts)}
        for rel, text in texts.items():
            names[rel].write_text(text, "utf-8")
        proc = subprocess.run([*command, tmp], check=False, capture_output=True, text=True)
        if proc.returncode != 0:
            lines = proc.stderr.strip().splitlines() or [f"{tool} failed"]
            failed = next((rel for rel, path in names.items() if path.name in proc.stderr), "(a file)")
            reason = next((line for line in lines if failed != "(a file)" and names[failed].name in line), lines[-1])
            raise FormatError(failed, reason)
        return {rel: path.read_text("utf-8") for rel, path in names.items()}


def _black(text: str, line_length: int = LINE_LENGTH) -> tuple[bool, str]:
    import black

    mode = black.Mode(target_versions={black.TargetVersion.PY310}, line_length=line_length)  # type: ignore[attr-defined]
    try:
        return True, black.format_str(text, mode=mode)
    except Exception as exc:  # noqa: BLE001 - black.InvalidInput and friends: a generator bug
        return False, str(exc).splitlines()[0] if str(exc) else type(exc).__name__


_CUT = "_pyclientgen_statement_ = 0"  # between statements in one batch; no generated code says it


def _black_statements(statements: list[Statement], line_length: int = LINE_LENGTH) -> list[list[str]] | None:
    """Each statement as black lays it out at its depth, formatted in one batch: each wrapped in
    ``if _:`` blocks to its depth (a block header with a ``pass`` body). None when the batch
    does not come back as it went in (black then formats the whole file)."""
    if any('"""' in st.text or "'''" in st.text or _CUT in st.text for st in statements):
        return None
    parts = []
    for st in statements:
        wrap = "".join(f"{INDENT * i}if _:\n" for i in range(st.depth))
        parts.append(wrap + st.text + (f"\n{INDENT * (st.depth + 1)}pass" if st.compound else ""))
    ok, out = _black(f"\n{_CUT}\n".join(parts) + "\n", line_length)
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
BUILT, STATEMENTS, WHOLE, RUFF = "built", "statements", "whole", "ruff"
_PENDING = "pending"  # rendered; ruff formats it with the others
_PENDING_GO = "pending-go"  # rendered Go; gofmt formats it with the others


def format_python(text: str, line_length: int = LINE_LENGTH) -> tuple[bool, str, str, int]:
    """(ok, formatted text or black's error, how, statements black formatted)."""
    pieces = Layout(line_length).module(text)
    if pieces is None:
        ok, out = _black(text, line_length)
        return ok, out, WHOLE, 0
    statements = [p for p in pieces if isinstance(p, Statement)]
    done = _black_statements(statements, line_length) if statements else []
    if done is None:
        ok, out = _black(text, line_length)
        return ok, out, WHOLE, 0
    formatted = iter(done)
    lines: list[str] = []
    for piece in pieces:
        lines += next(formatted) if isinstance(piece, Statement) else piece
    return True, "\n".join(lines), STATEMENTS if statements else BUILT, len(statements)


@dataclass(frozen=True, slots=True)
class Job:
    """One output file: its path, how to produce its text (render a template or copy a source),
    and whether it goes out as produced (not Python, or stored in black's layout already)."""

    path: str
    produce: Callable[[], str]
    as_is: bool
    stored: bool = False  # stored in black's layout at the default style (a runtime module)


# What one job gave: (path, text without header, sha256 of what was rendered, how, statements
# black formatted, error). how: "as-is", "reused", or one of BUILT / STATEMENTS / WHOLE.
_Done = tuple[str, bytes, str, str, int, str]
_JOBS: list[Job] = []  # the jobs of the current run, inherited by forked workers
_FORMATTER: Formatter | None = None
PARALLEL_MIN_FILES = 200  # below this, starting workers costs more than it saves


@dataclass(slots=True)
class Formatter:
    out_dir: Path
    previous: dict[str, Any] = field(default_factory=dict)  # the manifest's "files"
    style: Style = Style()
    reused: int = 0
    built: int = 0  # laid out by pylayout alone
    with_statements: int = 0  # pylayout, with some statements formatted by black
    statements: int = 0  # how many statements black formatted
    whole: int = 0  # formatted by black whole
    by_ruff: int = 0  # formatted by ruff (the ruff style)

    def format_all(self, header: Callable[[str], str], jobs: list[Job], *, parallel: bool = True) -> dict[str, tuple[bytes, str]]:
        """path -> (header + formatted text, sha256 of the rendered text), each job rendered and
        laid out on one of the workers (one per core) when there are enough of them (and
        ``parallel``: not in a worker of its own).

        The provenance header (which names the spec's hash) is added after formatting and is
        not part of any key, so editing one description re-formats only the files it reaches."""
        global _JOBS, _FORMATTER
        workers = min(os.cpu_count() or 1, 8)
        done: list[_Done]
        ctx = None
        if parallel and workers >= 2 and len(jobs) >= PARALLEL_MIN_FILES:
            try:
                ctx = get_context("fork")
            except ValueError:
                ctx = None
        if ctx is None:
            done = [self._job(job) for job in jobs]
        else:
            import black  # noqa: F401 - imported before forking, so workers inherit it

            _JOBS, _FORMATTER = jobs, self
            try:
                with ProcessPoolExecutor(max_workers=workers, mp_context=ctx, initializer=die_with_parent) as pool:
                    done = list(pool.map(_run_job, range(len(jobs)), chunksize=max(1, min(32, len(jobs) // (workers * 8)))))
            finally:
                _JOBS, _FORMATTER = [], None
        if self.style.tool == "ruff":
            done = self._ruff_pending(done)
        done = self._gofmt_pending(done)
        results: dict[str, tuple[bytes, str]] = {}
        for rel, body, rendered_sha, how, statements, error in done:
            if error:
                raise FormatError(rel, error)
            if how == "reused":
                self.reused += 1
            elif how != "as-is":
                self.built += how == BUILT
                self.with_statements += how == STATEMENTS
                self.whole += how == WHOLE
                self.by_ruff += how == RUFF
                self.statements += statements
            results[rel] = (header(rel).encode("utf-8") + body, rendered_sha)
        return results

    def _job(self, job: Job) -> _Done:
        text = job.produce()
        # The formatter's identity is part of the key: new settings never reuse old layouts.
        how_id = self.style.id + (" stored" if job.stored else "")
        rendered_sha = sha256(f"{how_id}\n{text}".encode())  # also the user cache's key
        if job.path.endswith(".go"):
            return job.path, text.encode("utf-8"), rendered_sha, _PENDING_GO, 0, ""
        if job.as_is or not job.path.endswith(".py"):
            return job.path, text.encode("utf-8"), rendered_sha, "as-is", 0, ""
        hit = self._reuse(job.path, rendered_sha)
        if hit is not None:
            return job.path, hit, rendered_sha, "reused", 0, ""
        if self.style.tool == "ruff":  # formatted after the others, all in one ruff run
            return job.path, text.encode("utf-8"), rendered_sha, _PENDING, 0, ""
        if job.stored:  # laid out for 88 columns by black: black lays it out again for this style
            ok, out = _black(text, self.style.line_length)
            how, statements = WHOLE, 0
        else:
            ok, out, how, statements = format_python(text, self.style.line_length)
        if not ok:
            return job.path, b"", rendered_sha, how, 0, out
        data = out.encode("utf-8")
        cache.put("black", cache.key("black", rendered_sha), data)
        return job.path, data, rendered_sha, how, statements, ""

    def _gofmt_pending(self, done: list[_Done]) -> list[_Done]:
        """Go files, laid out by gofmt in one run."""
        pending = {rel: body.decode("utf-8") for rel, body, _, how, _, _ in done if how == _PENDING_GO}
        if not pending:
            return done
        formatted = _gofmt(pending)
        return [
            (rel, formatted[rel].encode("utf-8"), sha, "as-is", n, error)
            if how == _PENDING_GO
            else (rel, body, sha, how, n, error)
            for rel, body, sha, how, n, error in done
        ]

    def _ruff_pending(self, done: list[_Done]) -> list[_Done]:
        """The files left for ruff, formatted by it in one run (and remembered in the user cache)."""
        pending = {rel: body.decode("utf-8") for rel, body, _, how, _, _ in done if how == _PENDING}
        if not pending:
            return done
        formatted = _ruff(pending, self.style.line_length)
        out: list[_Done] = []
        for rel, body, rendered_sha, how, statements, error in done:
            if how == _PENDING:
                body = formatted[rel].encode("utf-8")
                cache.put("black", cache.key("black", rendered_sha), body)
                how = RUFF
            out.append((rel, body, rendered_sha, how, statements, error))
        return out

    @property
    def formatted(self) -> int:
        """How many files were formatted in this run (by any of the four ways)."""
        return self.built + self.with_statements + self.whole + self.by_ruff

    def layout_counts(self) -> dict[str, int]:
        return {
            "built": self.built,
            "with_statements": self.with_statements,
            "statements": self.statements,
            "whole": self.whole,
            "ruff": self.by_ruff,
        }

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


def _run_job(index: int) -> _Done:
    """A forked worker's share: the job at ``index`` of the run that forked it."""
    assert _FORMATTER is not None
    return _FORMATTER._job(_JOBS[index])
