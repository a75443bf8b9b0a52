"""The generator's own child processes (layout workers, the validator's interpreter)."""

from __future__ import annotations

import atexit
import os
import subprocess
import sys
from pathlib import Path

VALIDATOR_MAIN = (
    "from generator.processes import die_with_parent; die_with_parent(); "
    "from generator.loader.validate import child_main; child_main()"
)
_early: list[subprocess.Popen[bytes]] = []  # the validator's interpreter started by start_validator


def die_with_parent() -> None:
    """In a worker the generator forks: ask Linux to kill it when the generator dies, however it
    dies (a CI time-out's SIGKILL included), so no worker outlives the run holding memory.
    Elsewhere nothing to do: the pool's own shutdown ends the workers on a normal exit."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
        if os.getppid() == 1:  # the parent died before the request took effect
            os._exit(1)
    except (OSError, AttributeError):
        pass


def validator() -> subprocess.Popen[bytes] | None:
    """An interpreter running the validator's child (``loader.validate.child_main``), waiting on
    its stdin for what to validate: the one :func:`start_validator` started, else a new one
    (None if none can start).

    It runs with a fixed hash seed: openapi-spec-validator visits schemas in an order that
    depends on string hashing and reports only the first finding of a subtree, so with a random
    seed the set of findings (recorded in the manifest) changed from run to run."""
    if _early:
        return _early.pop()
    package_root = str(Path(__file__).resolve().parent.parent)
    env = {
        **os.environ,
        "PYTHONHASHSEED": "0",
        "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")])),
    }
    try:
        return subprocess.Popen(
            [sys.executable, "-c", VALIDATOR_MAIN],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=env,  # no preexec_fn: without one the child is spawned, not forked (a tenth of the time)
        )
    except OSError:
        return None


def start_validator() -> None:
    """Start the validator's interpreter first thing, before the command line's own imports, so
    that its imports (the validator's take a fifth of a second) overlap the run's instead of
    following them. A run that needs no validation (an up-to-date folder, findings it knows)
    ends it unused."""
    child = validator()
    if child is not None:
        _early.append(child)
        atexit.register(_end_unused)


def end(child: subprocess.Popen[bytes]) -> None:
    """Kill ``child``, reap it and close its pipes."""
    child.kill()
    child.wait()
    for stream in (child.stdin, child.stdout):
        if stream is not None and not stream.closed:
            stream.close()


def _end_unused() -> None:
    while _early:
        end(_early.pop())
