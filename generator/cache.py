"""A content-addressed cache on the user's disk for the two slow, pure steps: black's output
for a rendered text, and the validator's findings for spec bytes.

Keys are sha256 hashes of everything the result depends on (input bytes, tool versions), so
an entry can never be stale. Any failure to read or write is ignored: the cache only speeds
things up. ``PYCLIENTGEN_CACHE_DIR`` moves it; ``PYCLIENTGEN_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


def _root() -> Path | None:
    if os.environ.get("PYCLIENTGEN_NO_CACHE"):
        return None
    explicit = os.environ.get("PYCLIENTGEN_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "pyclientgen"


def key(*parts: str | bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big") + data)
    return h.hexdigest()


def get(kind: str, digest: str) -> bytes | None:
    root = _root()
    if root is None:
        return None
    try:
        return (root / kind / digest[:2] / digest).read_bytes()
    except OSError:
        return None


def put(kind: str, digest: str, data: bytes) -> None:
    root = _root()
    if root is None:
        return
    folder = root / kind / digest[:2]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, folder / digest)
    except OSError:
        pass
