"""The targets: each turns the one IR into one kind of output, from a folder of its own here
(its view-models, naming rules and file plan) and one under ``templates/``, registered in this
one table, which ``--target`` reads. Targets never import each other, and a run imports only
the targets it emits."""

from __future__ import annotations

from ..config import Config
from ..diagnostics import Diagnostics
from ..ir import Api
from ..render.plan import PlannedFile
from .base import Target

TARGETS: dict[str, Target] = {
    t.name: t
    for t in (
        Target("python", "the Python client package (sync and async, dataclass models)", own_names=True),
        Target(
            "cli",
            "a command line in the client package (python -m <package> <resource> <operation>); needs python",
            needs=("python",),
        ),
        Target("go", "a Go module (standard library only): client, services, structs; needs gofmt", own_names=True),
        Target("perl", "a Perl distribution (core modules only) with POD", own_names=True),
        Target("docs", "reference docs: Markdown pages and an HTML reference with search", surface=False),
    )
}
DEFAULT_TARGETS = ("python", "docs")


def plan(api: Api, config: Config, package: str, diagnostics: Diagnostics, *, skip: tuple[str, ...] = ()) -> list[PlannedFile]:
    """The files of every target ``config.targets`` names (but ``skip``), sorted by path.
    Targets that share naming rules report the same collision alike; ``Diagnostics.sorted``
    keeps one."""
    files: list[PlannedFile] = []
    for name in config.targets:
        if name not in skip:
            files += TARGETS[name].plan(api, config, package, diagnostics)
    return sorted(files, key=lambda f: f.path)


__all__ = ["DEFAULT_TARGETS", "TARGETS", "Target", "plan"]
