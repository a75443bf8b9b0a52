"""The command's entry point (``python -m generator`` and the ``pyclientgen`` script): the
validator's interpreter starts before the command line's imports, which its own then overlap."""

from __future__ import annotations

import sys

from .processes import start_validator


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not {"-h", "--help", "--version"} & set(args):
        start_validator()
    from .cli import main as run

    return run(argv)
