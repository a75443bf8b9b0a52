"""The generator's own child processes (layout workers, the validator's interpreter)."""

from __future__ import annotations

import os
import sys


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
