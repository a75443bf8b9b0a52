"""Targets whose files nothing else reads (the docs: no API surface, no other target's input),
planned and rendered in a forked process while the parent plans, surveys and lays out the
others, on APIs big enough for the fork to pay (``MIN_ITEMS``). The child hands back finished
files (bytes, and the hash of what was rendered) in batches as it renders them (neither process
holds a second copy of every file at once), then the diagnostics its planning reported and a
template's or formatter's failure as data, which the parent raises as if it had failed there.

Where fork is missing, or the child dies, the parent does the work itself: the output is the
same bytes either way (a test compares)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from multiprocessing import get_context
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from .config import Config
from .diagnostics import Diagnostic, Diagnostics
from .ir import Api
from .processes import die_with_parent
from .render.env import TemplateFailed
from .render.formatting import FormatError, Formatter, Job
from .render.plan import PlannedFile
from .targets import TARGETS

MIN_ITEMS = 400  # operations and models: below this the fork costs more than it saves
BATCH = 64  # files a message
Files = dict[str, tuple[bytes, str]]  # path -> (header and text, sha256 of the rendered text)
_Failure = tuple[str, str, str, int | None]  # ("template", template, reason, line) | ("format", file, reason, None)


@dataclass
class _Work:
    api: Api
    config: Config
    package: str
    targets: tuple[str, ...]
    formatter: Formatter
    header: Callable[[str], str]
    job: Callable[[PlannedFile], Job]


_WORK: list[_Work] = []  # what the forked child inherits (nothing is pickled on the way in)


_Out = tuple[Files, list[Diagnostic], _Failure | None]
_Message = tuple[str, Files, list[Diagnostic], _Failure | None]  # ("files", batch, [], None) | ("end", {}, found, failure)


class Alongside:
    """The independent targets' share of a run, started with :func:`start`; ``files()`` waits,
    ``close()`` ends the child if the run stopped before asking."""

    def __init__(self, work: _Work, child: BaseProcess | None, conn: Connection | None) -> None:
        self._work, self._child, self._conn = work, child, conn

    def close(self) -> None:
        if self._child is not None:
            self._child.terminate()
            self._child.join()
            self._child = None
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def files(self, diagnostics: Diagnostics) -> Files:
        """The targets' files; their planning's diagnostics go to ``diagnostics``. Raises
        TemplateFailed or FormatError as rendering them in this process would."""
        out: _Out | None = None
        if self._conn is not None:
            received: Files = {}
            try:
                while True:
                    kind, batch, found, failure = self._conn.recv()
                    received |= batch
                    if kind == "end":
                        out = received, found, failure
                        break
            except (EOFError, OSError):
                out = None  # the child died: do it here
        self.close()
        if out is None:
            out = _produce(self._work)
        files, found, failure = out
        diagnostics.extend(found)
        if failure is not None:
            kind, where, reason, line = failure
            if kind == "template":
                raise TemplateFailed(where, reason, line)
            raise FormatError(where, reason)
        return files


def independent(config: Config) -> tuple[str, ...]:
    """The targets of this run that nothing else reads."""
    return tuple(name for name in sorted(config.targets) if not TARGETS[name].surface)


def start(
    api: Api,
    config: Config,
    package: str,
    formatter: Formatter,
    header: Callable[[str], str],
    job: Callable[[PlannedFile], Job],
) -> Alongside | None:
    """Begin the independent targets in a forked child when the API is big and other targets
    run too; None when there is nothing to take apart (plan them with the rest)."""
    targets = independent(config)
    size = len(api.declarations) + sum(len(r.operations) for r in api.resources)
    if not targets or len(targets) == len(config.targets) or size < MIN_ITEMS:
        return None
    work = _Work(api, config, package, targets, formatter, header, job)
    try:
        context = get_context("fork")
    except ValueError:
        return Alongside(work, None, None)
    _WORK[:] = [work]
    try:
        receive, send = context.Pipe(duplex=False)
        child = context.Process(target=_child, args=(send,), daemon=True)
        child.start()  # forks now, while _WORK holds the work
        send.close()
    except OSError:
        return Alongside(work, None, None)
    finally:
        _WORK.clear()
    return Alongside(work, child, receive)


def _child(send: Connection) -> None:
    die_with_parent()
    for message in _stream(_WORK[0]):
        send.send(message)
    send.close()


def _produce(work: _Work) -> _Out:
    files: Files = {}
    for _, batch, found, failure in _stream(work):
        files |= batch
    return files, found, failure


def _stream(work: _Work) -> Iterator[_Message]:
    """The targets' files a batch at a time (a rendered batch is let go once handed on), then
    the end: the diagnostics planning reported and a failure, if any."""
    diagnostics = Diagnostics()
    planned: list[PlannedFile] = []
    for name in work.targets:
        planned += TARGETS[name].plan(work.api, work.config, work.package, diagnostics)
    failure: _Failure | None = None
    try:
        while planned:
            batch = [work.job(p) for p in planned[:BATCH]]
            del planned[:BATCH]
            yield "files", work.formatter.format_all(work.header, batch, parallel=False), [], None
    except TemplateFailed as exc:
        failure = ("template", exc.template, exc.reason, exc.line)
    except FormatError as exc:
        failure = ("format", exc.file, exc.reason, None)
    yield "end", {}, diagnostics.items, failure


__all__ = ["MIN_ITEMS", "Alongside", "independent", "start"]
