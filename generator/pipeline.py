"""The pipeline in one readable place: load -> validate -> IR -> render -> format -> write."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from . import __version__, cache, naming
from .config import HTTP_LIBRARIES, Config
from .diagnostics import Diagnostic, Diagnostics, GenerationFailed, Severity
from .ir import Api, build_api
from .loader import Spec, check_version, load
from .loader import validate as validation  # the module: validate() and to_diagnostics()
from .render import emit
from .render.env import render
from .render.plan import plan


@dataclass(frozen=True, slots=True)
class Result:
    ok: bool
    files: dict[str, bytes]
    diagnostics: list[Diagnostic]
    drift: emit.Drift | None = None
    package: str = ""
    formatted: int = 0
    reused: int = 0


def _check_options(config: Config, diagnostics: Diagnostics) -> None:
    if config.http_library not in HTTP_LIBRARIES:
        diagnostics.add("bad-option", option="--http-library", reason=f"unknown library {config.http_library!r}",
                        hint=f"choose one of {', '.join(HTTP_LIBRARIES)}")
    if config.package_name is not None and (not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", config.package_name)
                                            or naming.is_reserved(config.package_name)):
        diagnostics.add("bad-option", option="--package-name", reason=f"{config.package_name!r} is not a usable Python package name",
                        hint="use letters, digits and underscores, not starting with a digit")
    if config.api_key_env is not None and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", config.api_key_env):
        diagnostics.add("bad-option", option="--api-key-env", reason=f"{config.api_key_env!r} is not an environment variable name",
                        hint="use letters, digits and underscores")
    if diagnostics.has_errors:
        raise GenerationFailed(diagnostics)


def _findings(spec: Spec, version: str, previous: dict[str, Any] | None) -> list[dict[str, Any]]:
    """Validator findings, reused from the manifest or the user cache for the same spec bytes."""
    if len(spec.documents) > 1:  # other files take part: the root's bytes are not the whole key
        return validation.validate(spec, version)
    if previous and previous.get("spec_sha256") == spec.sha256 and previous.get("generator") == f"pyclientgen {__version__}" \
            and isinstance(previous.get("validation"), list):
        return previous["validation"]
    digest = cache.key("validation", __version__, spec.sha256)
    cached = cache.get("validation", digest)
    if cached is not None:
        try:
            return list(json.loads(cached))
        except ValueError:
            pass
    findings = validation.validate(spec, version)
    cache.put("validation", digest, json.dumps(findings).encode())
    return findings


def _build(spec_path: Path, config: Config, diagnostics: Diagnostics) -> tuple[Spec, Api, dict[str, bytes], emit.Formatter]:
    _check_options(config, diagnostics)
    spec = load(spec_path, diagnostics, allow_outside_refs=config.allow_outside_refs)
    try:
        version = check_version(spec, diagnostics)
        api = build_api(spec, diagnostics)
        if diagnostics.has_errors:
            raise GenerationFailed(diagnostics)
        previous = emit.read_manifest(config.output)
        findings = _findings(spec, version, previous)
        validation.to_diagnostics(findings, spec, diagnostics, strict=config.strict)
        if config.strict:
            diagnostics.items[:] = [replace(d, severity=Severity.ERROR) for d in diagnostics.items]
        if diagnostics.has_errors:
            raise GenerationFailed(diagnostics)
        package = config.package_name or naming.package_name(api.title)
        head = emit.header(__version__, spec_path.name, spec.sha256)
        formatter = emit.Formatter(out_dir=config.output, previous=(previous or {}).get("files") or {})
        files: dict[str, bytes] = {}
        rendered: dict[str, str] = {}
        for planned in plan(api, config, package):
            text = head + render(planned.template, **planned.context)
            try:
                files[planned.path], rendered[planned.path] = formatter.format(planned.path, text)
            except emit.FormatError as exc:
                diagnostics.add("format-failed", file=exc.file, template=planned.template, reason=exc.reason)
                raise GenerationFailed(diagnostics) from None
        files[emit.MANIFEST] = emit.manifest_bytes(__version__, spec.sha256, findings, files, rendered)
        return spec, api, files, formatter
    finally:
        diagnostics.located(spec.line_of)


def generate(spec_path: Path, config: Config) -> Result:
    """Generate the package into ``config.output``; on any error nothing on disk changes."""
    diagnostics = Diagnostics()
    try:
        if not emit.is_ours(config.output):
            diagnostics.add("output-not-ours", path=str(config.output))
            raise GenerationFailed(diagnostics)
        _, api, files, formatter = _build(spec_path, config, diagnostics)
        try:
            emit.write_tree(config.output, files)
        except OSError as exc:
            diagnostics.add("write-failed", reason=exc.strerror or str(exc))
            raise GenerationFailed(diagnostics) from None
    except GenerationFailed:
        return Result(ok=False, files={}, diagnostics=diagnostics.sorted())
    package = next(iter(files)).split("/")[0]
    return Result(ok=True, files=files, diagnostics=diagnostics.sorted(), package=package,
                  formatted=formatter.formatted, reused=formatter.reused)


def check(spec_path: Path, config: Config) -> Result:
    """Render in memory and compare with ``config.output``; writes nothing."""
    diagnostics = Diagnostics()
    try:
        _, _, files, formatter = _build(spec_path, config, diagnostics)
    except GenerationFailed:
        return Result(ok=False, files={}, diagnostics=diagnostics.sorted())
    drift = emit.compare(config.output, files)
    return Result(ok=drift.clean, files=files, diagnostics=diagnostics.sorted(), drift=drift,
                  formatted=formatter.formatted, reused=formatter.reused)
