"""What a target is: a name, a line for --help, and a file plan over the IR."""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from ..config import Config
from ..diagnostics import Diagnostics
from ..ir import Api
from ..render.plan import PlannedFile


@dataclass(frozen=True, slots=True)
class Target:
    """A target's entry in the table; its code, the folder of the same name beside this module,
    is imported when a run plans its files (a run imports only the targets it emits)."""

    name: str
    description: str
    needs: tuple[str, ...] = ()  # targets it builds on, which must run with it
    own_names: bool = False  # names things its own way, so [tool.generator.<name>] may override them
    surface: bool = True  # the manifest's API surface reads its view-models; False: nothing reads them

    def plan(self, api: Api, config: Config, package: str, diagnostics: Diagnostics) -> list[PlannedFile]:
        """The target's files (its ``plan``, which may report naming collisions)."""
        files: list[PlannedFile] = importlib.import_module(f"{__package__}.{self.name}").plan(api, config, package, diagnostics)
        return files
