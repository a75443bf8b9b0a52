"""What the manifest records of a run, and what a later run reads back from it: the command
that reproduces the folder, the options that decide its bytes, whether the folder is current
without rendering, and the warnings the run reported."""

from __future__ import annotations

import os
import shlex
from pathlib import Path
from typing import Any

from .config import Config
from .diagnostics import Diagnostic, Severity
from .render import emit
from .render.env import overridden
from .version import __version__


def command(spec_path: Path, config: Config, *, url: str | None = None) -> dict[str, str]:
    """The command that reproduces the output folder, and the folder to run it in (relative to
    the output folder): the settings file it read, then the spec (``url``: the spec came by URL),
    the output and every option the settings file did not give, as flags."""

    def rel(path: Path) -> str:
        return Path(os.path.relpath(path.resolve(), Path.cwd())).as_posix()

    words = ["python", "-m", "generator"]
    words += ["--config", rel(config.config_file)] if config.config_file is not None else ["--isolated"]
    words += [url or rel(spec_path), "-o", rel(config.output)]
    given = frozenset() if config.config_file is None else config.from_file
    default = Config()
    for key, flag, value in (
        ("meta", "--meta", config.meta),
        ("method-style", "--method-style", config.method_style),
        ("cli-name", "--cli-name", config.cli_name),
        ("package-name", "--package-name", config.package_name),
        ("http-library", "--http-library", config.http_library),
        ("api-key-env", "--api-key-env", config.api_key_env),
        ("line-length", "--line-length", config.line_length),
        ("formatter", "--formatter", config.formatter),
        ("go-module", "--go-module", config.go_module),
    ):
        if key not in given and value != getattr(default, key.replace("-", "_")):
            words += [flag, str(value)]
    if "targets" not in given and config.targets != default.targets:
        words += [w for t in config.targets for w in ("--target", t)]
    if "templates" not in given and config.templates is not None:
        words += ["--templates", rel(config.templates)]
    if "allow-outside-refs" not in given and config.allow_outside_refs:
        words.append("--allow-outside-refs")
    run_in = Path(os.path.relpath(Path.cwd(), config.output.resolve())).as_posix()
    return {"run_in": run_in, "command": " ".join(shlex.quote(w) for w in words)}


def options_record(config: Config) -> dict[str, Any]:
    """The options that decide the output's bytes, as the manifest records them (the name
    overrides as written, the template replacements by content)."""
    record: dict[str, Any] = {
        "package_name": config.package_name,
        "http_library": config.http_library,
        "api_key_env": config.api_key_env,
        "targets": sorted(config.targets),
        "allow_outside_refs": config.allow_outside_refs,
        "line_length": config.line_length,
        "formatter": config.formatter,
    }
    if config.method_style != "auto":
        record["method_style"] = config.method_style
    if config.pagination:
        record["pagination"] = dict(sorted(config.pagination.items()))
    if "go" in config.targets:
        record["go_module"] = config.go_module
    if config.meta != "none":
        record["meta"] = config.meta
        record["cli_name"] = config.cli_name
    if config.names:
        record["names"] = {
            target or "*": {"methods": dict(sorted(o.methods.items())), "classes": dict(sorted(o.classes.items()))}
            for target, o in sorted(config.names.items())
        }
    if config.templates is not None and config.templates.is_dir():
        record["templates"] = {rel: emit.sha256(path.read_bytes()) for rel, path in overridden(config.templates).items()}
    return record


def up_to_date(spec_path: Path, config: Config, *, name: str | None = None) -> dict[str, bytes] | None:
    """The output folder's files if its manifest proves them current without rendering: the same
    generator, options and input documents (by hash), and every file as the manifest recorded
    it, nothing missing or extra. None means: render and compare. ``name``: the root document's
    name in the manifest (a spec by URL: its URL; by default the file's name)."""
    name = name or spec_path.name
    manifest = emit.read_manifest(config.output)
    if (
        manifest is None
        or manifest.get("generator") != f"pyclientgen {__version__}"
        or manifest.get("options") != options_record(config)
        or not isinstance(manifest.get("documents"), dict)
        or not isinstance(manifest.get("surface"), dict)  # written before the API surface was recorded
    ):
        return None
    try:
        root = spec_path.read_bytes()
        if manifest["documents"].get(name) != emit.sha256(root) or manifest.get("spec_sha256") != emit.sha256(root):
            return None
        for other, digest in manifest["documents"].items():
            if other != name and emit.sha256((spec_path.parent / other).read_bytes()) != digest:
                return None
        recorded = manifest.get("files")
        if not isinstance(recorded, dict) or emit.on_disk(config.output) != set(recorded) | {emit.MANIFEST}:
            return None
        files = {emit.MANIFEST: (config.output / emit.MANIFEST).read_bytes()}
        for rel, entry in recorded.items():
            data = (config.output / rel).read_bytes()
            if not isinstance(entry, dict) or emit.sha256(data) != entry.get("sha256"):
                return None
            files[rel] = data
    except (OSError, ValueError, emit.UnsafePath):
        return None
    return files


def recorded_warnings(manifest: dict[str, Any]) -> list[Diagnostic]:
    """The warnings the run that wrote the folder reported (the manifest keeps them)."""
    out = []
    for item in manifest.get("warnings") or []:
        try:
            out.append(Diagnostic(**{**item, "severity": Severity(item["severity"])}))
        except (TypeError, KeyError, ValueError):
            continue  # an older or hand-edited manifest: nothing to repeat
    return out
