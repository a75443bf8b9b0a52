"""The command-line target: ``python -m <package> <resource> <operation> [options]`` inside the
Python client package (it calls the client), one table of commands per resource, built into an
argparse parser only when that resource is named, and a runtime copied from ``runtime/``."""

from __future__ import annotations

from pathlib import Path

from ...config import Config
from ...diagnostics import Diagnostics
from ...ir import Api
from ...naming import api_key_env
from ...pynames import python_names
from ...render.plan import PlannedFile
from .commands import commands_view, index_view

RUNTIME = Path(__file__).resolve().parent / "runtime" / "_runtime.py"


def plan(api: Api, config: Config, package: str, diagnostics: Diagnostics) -> list[PlannedFile]:
    names = python_names(api, diagnostics, config.names_for("python"))
    cli = index_view(api, names, package, api_key_env(api.title, config.api_key_env))
    files = [
        PlannedFile(f"{package}/__main__.py", "cli/__main__.py.j2", {"cli": cli}, formatter="black"),
        PlannedFile(f"{package}/_cli/__init__.py", "cli/cli_init.py.j2", {"cli": cli}, formatter="black"),
        PlannedFile(
            f"{package}/_cli/_runtime.py",
            "cli/runtime.py.j2",
            {"source": RUNTIME.read_text("utf-8")},
            preformatted=True,
            formatter="black",
        ),
    ]
    commands = [(names.resource(r).module, commands_view(api, r, names, config.line_length)) for r in api.resources]
    files += [PlannedFile(f"{package}/_cli/{m}.py", "cli/commands.py.j2", {"module": v}, formatter="black") for m, v in commands]
    return files
