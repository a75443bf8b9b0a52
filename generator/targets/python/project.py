"""``meta = "pyproject"``: an installable project around the package: ``pyproject.toml`` (a
standard build backend, the HTTP library pinned as the generator pins it, the version from
``info.version`` made PEP 440-valid, a console script when the cli target runs) and a README
written from the spec (install, authenticate, one call, errors, the reference docs)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from packaging.version import InvalidVersion, Version  # black's own dependency: always installed

from ... import naming
from ...callexamples import cli_example, python_example
from ...config import HTTP_REQUIREMENTS, Config
from ...doctext import markdown
from ...ir import Api, Operation
from ...pynames import PyNames

BUILD_BACKEND = ("hatchling>=1.26", "hatchling.build")
REQUIRES_PYTHON = ">=3.10"  # the generated code uses kw_only dataclasses and X | Y unions


@dataclass(frozen=True, slots=True)
class ProjectView:
    """What ``python/pyproject.toml.j2`` and ``python/project_readme.md.j2`` read. Every TOML value
    is a quoted TOML string already; Markdown is escaped already."""

    name: str  # the distribution name, TOML-quoted
    version: str  # PEP 440, TOML-quoted
    description: str  # TOML-quoted
    requires_python: str  # TOML-quoted
    dependency: str  # TOML-quoted
    build_requires: str  # TOML-quoted
    build_backend: str  # TOML-quoted
    package: str
    script: str  # the console script's TOML line ("" without the cli target)
    title: str  # Markdown
    about: str  # Markdown: the API's description
    distribution: str  # the distribution name as typed
    command: str  # the console script's name ("" without the cli target)
    api_key_env: str
    base_url_env: str
    example: str  # a Python call
    cli_example: str  # the same from the console script ("" without the cli target)
    docs: bool  # the docs target runs: link to docs/


def toml_string(text: str) -> str:
    """A TOML basic string: JSON's escapes are TOML's (lone surrogates, which neither allows as
    text, become U+FFFD first)."""
    return json.dumps(_SURROGATE.sub("\ufffd", text), ensure_ascii=False)


_SURROGATE = re.compile("[\ud800-\udfff]")


def _toml_key(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else toml_string(name)


def pep440(version: str) -> str:
    """``info.version`` as a PEP 440 version: as it is when valid (normalised), else its numbers
    (``v2`` -> ``2``, ``2024-01-15`` -> ``2024.1.15``), else ``0.0.0``."""
    try:
        return str(Version(version.strip()))
    except InvalidVersion:
        pass
    numbers = re.findall(r"\d+", version)
    return ".".join(str(int(n)) for n in numbers[:4]) if numbers else "0.0.0"


def _example_operation(api: Api) -> tuple[str, Operation] | None:
    """The README's one call: the first operation that sends no file, else the first."""
    ops = [(r.wire_name, op) for r in api.resources for op in r.operations]
    plain = [(r, op) for r, op in ops if op.body is None or op.body.media_type != "multipart"]
    found = plain or ops
    return found[0] if found else None


def project_view(api: Api, config: Config, package: str, names: PyNames) -> ProjectView:
    distribution = package.replace("_", "-").lower()
    command = (config.cli_name or distribution) if "cli" in config.targets else ""
    prefix = naming.env_prefix(api.title)
    picked = _example_operation(api)
    example = cli = ""
    if picked is not None:
        resource = next(r for r in api.resources if r.wire_name == picked[0])
        attr = names.resource(resource).path
        example = python_example(api, picked[1], package, names, attr)
        if command:
            cli = cli_example(api, picked[1], package, names, attr).replace(f"python -m {package} ", f"{command} ", 1)
    return ProjectView(
        name=toml_string(distribution),
        version=toml_string(pep440(api.version)),
        description=toml_string(f"Python client for {' '.join(api.title.split())}"),
        requires_python=toml_string(REQUIRES_PYTHON),
        dependency=toml_string(HTTP_REQUIREMENTS[config.http_library]),
        build_requires=toml_string(BUILD_BACKEND[0]),
        build_backend=toml_string(BUILD_BACKEND[1]),
        package=package,
        script=f"{_toml_key(command)} = {toml_string(package + '._cli:script')}" if command else "",
        title=markdown(" ".join(api.title.split())),
        about=markdown(api.description),
        distribution=distribution,
        command=command,
        api_key_env=naming.api_key_env(api.title, config.api_key_env),
        base_url_env=f"{prefix}_BASE_URL",
        example=example,
        cli_example=cli,
        docs="docs" in config.targets,
    )
