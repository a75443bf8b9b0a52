"""What a target is: a name, a line for --help, and a file plan over the IR."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..config import Config
from ..diagnostics import Diagnostics
from ..ir import Api
from ..render.plan import PlannedFile


@dataclass(frozen=True, slots=True)
class Target:
    name: str
    description: str
    plan: Callable[[Api, Config, str, Diagnostics], list[PlannedFile]]  # may report naming collisions
    needs: tuple[str, ...] = ()  # targets it builds on, which must run with it
    own_names: bool = False  # names things its own way, so [tool.generator.<name>] may override them
    surface: bool = True  # the manifest's API surface reads its view-models; False: nothing reads them
