"""The pipeline in one readable place: load -> validate -> IR -> render -> format -> write."""

from __future__ import annotations

import json
import re
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

from . import alongside, apidiff, cache, overrides, provenance, pynames, surface
from .config import FORMATTERS, HTTP_LIBRARIES, Config
from .diagnostics import Diagnostic, Diagnostics, GenerationFailed, Severity
from .ir import build_api
from .ir.restnames import rest_named
from .loader import Spec, check_version, load, remote
from .loader import (
    validate as validation,  # the module: validate() and to_diagnostics()
)
from .loader.document import MAX_FILE_BYTES
from .loader.remote import Mirror
from .render import emit
from .render.env import TemplateFailed, builtin_templates, overridden, render
from .render.formatting import FormatError, Formatter, Job, Style, gofmt_binary, ruff_binary
from .render.plan import PlannedFile
from .targets import TARGETS, plan
from .version import __version__


class Progress:
    """Told what the run is doing; the command line shows it on a terminal. This one ignores it."""

    def sized(self, operations: int, models: int) -> None:
        """The API's size, once it is known (after the IR phase)."""

    def started(self, name: str) -> None:
        """A phase began."""

    def phase(self, name: str, seconds: float) -> None:
        """A phase ended."""


class _Timings(dict[str, float]):
    """Wall time per phase, in seconds (load, validate, ir, render, format, write)."""

    def __init__(self, progress: Progress | None = None) -> None:
        super().__init__()
        self.progress = progress or Progress()

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        self.progress.started(name)
        start = time.perf_counter()
        try:
            yield
        finally:
            spent = time.perf_counter() - start
            self[name] = self.get(name, 0.0) + spent
            self.progress.phase(name, spent)


@dataclass(frozen=True, slots=True)
class Result:
    ok: bool
    files: dict[str, bytes]
    diagnostics: list[Diagnostic]
    drift: emit.Drift | None = None
    package: str = ""
    formatted: int = 0
    reused: int = 0
    layout: dict[str, int] = field(default_factory=dict)  # how the formatted files were laid out
    timings: dict[str, float] = field(default_factory=dict)
    unchanged: bool = False  # generate(): the folder already held exactly these files; nothing was written
    counts: dict[str, int] = field(default_factory=dict)  # operations, models
    seconds: float = 0.0  # the whole run, wall time
    api: apidiff.ApiDiff | None = None  # what changed for the API's users; None: no earlier surface to compare


def _source(config: Config, flag: str) -> dict[str, str]:
    """Where an option's value came from, for its message: the settings file's key, or the flag."""
    key = "targets" if flag == "--target" else flag[2:]
    if key in config.from_file and config.config_file is not None:
        return {"option": f"setting {key}", "file": str(config.config_file)}
    return {"option": flag, "file": "<command line>"}


def _check_options(config: Config, diagnostics: Diagnostics) -> None:
    if config.http_library not in HTTP_LIBRARIES:
        diagnostics.add(
            "bad-option",
            **_source(config, "--http-library"),
            reason=f"unknown library {config.http_library!r}",
            hint=f"choose one of {', '.join(HTTP_LIBRARIES)}",
        )
    if config.package_name is not None and (
        not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", config.package_name) or pynames.is_reserved(config.package_name)
    ):
        diagnostics.add(
            "bad-option",
            **_source(config, "--package-name"),
            reason=f"{config.package_name!r} is not a usable Python package name",
            hint="use letters, digits and underscores, not starting with a digit",
        )
    unknown = [t for t in config.targets if t not in TARGETS]
    if unknown or not config.targets:
        diagnostics.add(
            "bad-option",
            **_source(config, "--target"),
            reason=f"unknown target {unknown[0]!r}" if unknown else "no target chosen",
            hint=f"choose from {', '.join(TARGETS)}",
        )
    for name in config.targets:
        missing = [n for n in TARGETS[name].needs if n not in config.targets] if name in TARGETS else []
        if missing:
            diagnostics.add(
                "bad-option",
                **_source(config, "--target"),
                reason=f"the {name} target needs the {' and '.join(missing)} target",
                hint=f"add --target {missing[0]} (or drop {name})",
            )
    if not 40 <= config.line_length <= 320:
        diagnostics.add(
            "bad-option", **_source(config, "--line-length"), reason=f"{config.line_length} is out of range", hint="use 40 to 320"
        )
    if config.formatter not in FORMATTERS:
        diagnostics.add(
            "bad-option",
            **_source(config, "--formatter"),
            reason=f"unknown formatter {config.formatter!r}",
            hint="use black or ruff",
        )
    elif config.formatter == "ruff" and ruff_binary() is None:
        diagnostics.add(
            "bad-option",
            **_source(config, "--formatter"),
            reason="ruff is not installed",
            hint="pip install 'pyclientgen[ruff]' (ruff is pinned there), or use black",
        )
    if "go" in config.targets and gofmt_binary() is None:
        diagnostics.add(
            "bad-option",
            **_source(config, "--target"),
            reason="the go target needs gofmt, which is not installed",
            hint="install Go 1.19 or later (Debian: apt-get install golang-go)",
        )
    if config.go_module is not None and not re.fullmatch(r"[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*", config.go_module):
        diagnostics.add(
            "bad-option",
            **_source(config, "--go-module"),
            reason=f"{config.go_module!r} is not a Go module path",
            hint="such as example.com/openai-go",
        )
    if config.templates is not None and not config.templates.is_dir():
        diagnostics.add(
            "bad-option",
            **_source(config, "--templates"),
            reason=f"{config.templates} is not a folder",
            hint="point it at a folder of .j2 templates",
        )
    if config.api_key_env is not None and not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", config.api_key_env):
        diagnostics.add(
            "bad-option",
            **_source(config, "--api-key-env"),
            reason=f"{config.api_key_env!r} is not an environment variable name",
            hint="use letters, digits and underscores",
        )
    if config.cli_name is not None and not re.fullmatch(r"[A-Za-z0-9]([A-Za-z0-9._-]*[A-Za-z0-9])?", config.cli_name):
        diagnostics.add(
            "bad-option",
            **_source(config, "--cli-name"),
            reason=f"{config.cli_name!r} is not a command name",
            hint="use letters, digits, dots, dashes and underscores, such as openai-api",
        )
    if diagnostics.has_errors:
        raise GenerationFailed(diagnostics)


@dataclass(slots=True)
class _Findings:
    """Validator findings: reused from the manifest or the user cache for the same spec bytes,
    else computed by a child started before the spec is even read (see ``validation.start``)."""

    known: list[dict[str, Any]] | None = None
    pending: validation.Pending | None = None
    digest: str | None = None  # the user cache's key, when the root's bytes are the whole key

    @classmethod
    def begin(cls, spec_path: Path, config: Config, previous: dict[str, Any] | None) -> _Findings:
        try:
            sha = emit.sha256(spec_path.read_bytes())
        except OSError:
            return cls()  # loading will say why
        if (
            previous
            and previous.get("spec_sha256") == sha
            and previous.get("generator") == f"pyclientgen {__version__}"
            and isinstance(previous.get("validation"), list)
            and len(previous.get("documents") or {}) <= 1
        ):
            return cls(known=list(previous["validation"]))
        digest = cache.key("validation", __version__, sha)
        cached = cache.get("validation", digest)
        if cached is not None:
            try:
                return cls(known=list(json.loads(cached)), digest=digest)
            except ValueError:
                pass
        return cls(pending=validation.start(spec_path, allow_outside_refs=config.allow_outside_refs), digest=digest)

    def result(self, spec: Spec, version: str, config: Config) -> list[dict[str, Any]]:
        """The findings; a spec of several files is always validated (its root's bytes are not
        the whole key)."""
        several = len(spec.documents) > 1
        if self.known is not None and not several:
            return self.known
        pending = self.pending or validation.start(spec.root.path, allow_outside_refs=config.allow_outside_refs)
        self.pending = None
        found = pending.wait(lambda: validation.validate(spec, version))
        if self.digest is not None and not several:
            cache.put("validation", self.digest, json.dumps(found).encode())
        return found

    def cancel(self) -> None:
        if self.pending is not None:
            self.pending.cancel()
            self.pending = None


def _build(
    source: _Source, config: Config, diagnostics: Diagnostics, timings: _Timings
) -> tuple[str, dict[str, bytes], Formatter, dict[str, int], apidiff.ApiDiff | None]:
    """Everything but writing: the output files in memory, with the manifest."""
    _check_options(config, diagnostics)
    previous = emit.read_manifest(config.output)
    pending = _Findings.begin(source.path, config, previous)  # validation starts now, in a child
    try:
        return _built(source, config, diagnostics, timings, previous, pending)
    finally:
        pending.cancel()  # a run that failed early does not wait for it


def _built(
    source: _Source,
    config: Config,
    diagnostics: Diagnostics,
    timings: _Timings,
    previous: dict[str, Any] | None,
    pending: _Findings,
) -> tuple[str, dict[str, bytes], Formatter, dict[str, int], apidiff.ApiDiff | None]:
    with timings.phase("load"):
        spec = load(source.path, diagnostics, allow_outside_refs=config.allow_outside_refs, fetched=source.fetched)
    try:
        version = check_version(spec, diagnostics)
        with timings.phase("ir"):
            api = rest_named(build_api(spec, diagnostics), config.method_style)
            api = overrides.with_pagination(api, config.pagination, diagnostics)
            _from_settings(diagnostics, config)
        if diagnostics.has_errors:
            raise GenerationFailed(diagnostics)
        counts = {"operations": sum(len(r.operations) for r in api.resources), "models": len(api.declarations)}
        timings.progress.sized(counts["operations"], counts["models"])
        package = config.package_name or pynames.package_name(api.title)

        def head(rel: str) -> str:
            return emit.header(__version__, source.path.name, rel)

        style = Style(config.formatter, config.line_length)
        formatter = Formatter(out_dir=config.output, previous=(previous or {}).get("files") or {}, style=style)
        replaced = _replacements(config, diagnostics)

        def job(p: PlannedFile) -> Job:
            as_is = p.formatter != "black" or (p.preformatted and style.default and not replaced)
            return Job(p.path, partial(_produce, p, config.templates), as_is, stored=p.preformatted)

        apart = alongside.start(api, config, package, formatter, head, job)  # the docs, in a child, on big APIs
        planned_files: list[PlannedFile] = []
        try:
            with timings.phase("plan"):
                planned_files = plan(api, config, package, diagnostics, skip=alongside.independent(config) if apart else ())
                _from_settings(diagnostics, config)
                if diagnostics.has_errors:
                    raise GenerationFailed(diagnostics)
                api_surface = surface.build(api, config, planned_files)
                jobs = [job(p) for p in planned_files]
            with timings.phase("render and lay out"):
                results = formatter.format_all(head, jobs)
            if apart is not None:
                with timings.phase("docs alongside (waiting)"):
                    results |= apart.files(diagnostics)
                if diagnostics.has_errors:
                    raise GenerationFailed(diagnostics)
        except FormatError as exc:
            template = next((p.template or "(runtime source)" for p in planned_files if p.path == exc.file), "(several)")
            tool = "gofmt" if exc.file.endswith(".go") else config.formatter
            diagnostics.add("format-failed", path=exc.file, template=template, reason=exc.reason, formatter=tool)
            raise GenerationFailed(diagnostics) from None
        except TemplateFailed as exc:
            mine = exc.template in replaced
            diagnostics.add(
                "template-failed",
                file=str(replaced[exc.template]) if mine else f"templates/{exc.template}",
                line=exc.line,
                template=exc.template,
                reason=exc.reason,
                hint="fix your replacement template"
                if mine
                else f"a replacement it includes ({', '.join(sorted(replaced))}) may be at fault"
                if replaced
                else "this is a generator bug: please report it with the spec",
            )
            raise GenerationFailed(diagnostics) from None
        finally:
            if apart is not None:
                apart.close()
        files = {rel: data for rel, (data, _) in results.items()}
        rendered = {rel: sha for rel, (_, sha) in results.items()}
        with timings.phase("validate (waiting)"):
            findings = pending.result(spec, version, config)
        validation.to_diagnostics(findings, spec, diagnostics, strict=config.strict)
        if config.strict:
            diagnostics.items[:] = [replace(d, severity=Severity.ERROR) for d in diagnostics.items]
        if diagnostics.has_errors:
            raise GenerationFailed(diagnostics)
        documents = {doc.name: emit.sha256(doc.path.read_bytes()) for doc in spec.documents.values()}
        documents[spec.root.name] = spec.sha256
        diagnostics.located(spec.line_of)  # the warnings the manifest keeps carry their lines
        files[emit.MANIFEST] = emit.manifest_bytes(
            __version__,
            spec.sha256,
            findings,
            files,
            rendered,
            options=provenance.options_record(config),
            documents=dict(sorted(documents.items())),
            counts=counts,
            warnings=[asdict(d) for d in diagnostics.sorted()],
            regenerate=provenance.command(source.path, config, url=source.fetched.url if source.fetched else None),
            surface=api_surface,
            pagination=overrides.paging_record(api),
            build=provenance.build(),
        )
        return package, files, formatter, counts, apidiff.compare((previous or {}).get("surface"), api_surface)
    finally:
        diagnostics.located(spec.line_of)


def _produce(planned: PlannedFile, templates: Path | None) -> str:
    return planned.text if planned.text is not None else render(planned.template, planned.context, templates)


def _replacements(config: Config, diagnostics: Diagnostics) -> dict[str, Path]:
    """The user's templates that replace built-in ones; a file that replaces none is reported."""
    if config.templates is None:
        return {}
    found = overridden(config.templates)
    builtin = builtin_templates()
    for rel, path in found.items():
        if rel not in builtin:
            diagnostics.add("template-unused", file=str(path), path=rel, hint=", ".join(sorted(builtin)[:4]) + ", ...")
    return {rel: path for rel, path in found.items() if rel in builtin}


def _from_settings(diagnostics: Diagnostics, config: Config) -> None:
    """Name-override findings point at the settings file they came from."""
    where = str(config.config_file) if config.config_file else "<settings>"
    diagnostics.items[:] = [
        replace(d, file=where) if d.code.startswith("override-") and d.file is None else d for d in diagnostics.items
    ]


@dataclass(frozen=True, slots=True)
class _Source:
    """The spec as a local file: the user's, or the copy of one fetched by URL (``fetched``)."""

    path: Path
    fetched: Mirror | None = None

    @property
    def shown(self) -> str:
        """The root document's name in the manifest: its URL, or its file name."""
        return self.fetched.url if self.fetched is not None else self.path.name


@contextmanager
def _local(spec: Path | str, config: Config, diagnostics: Diagnostics) -> Iterator[_Source]:
    """``spec`` as a local file for the run: a URL is fetched (with the documents its $refs
    reach) into a temporary folder, removed afterwards."""
    if not isinstance(spec, str):
        yield _Source(spec)
        return
    with tempfile.TemporaryDirectory(prefix="pyclientgen-fetched-") as folder:
        try:
            fetched = remote.mirror(spec, Path(folder), MAX_FILE_BYTES, allow_outside_refs=config.allow_outside_refs)
        except remote.FetchError as exc:
            diagnostics.add("fetch-failed", file=exc.referrer or exc.url, url=exc.url, reason=exc.reason)
            raise GenerationFailed(diagnostics) from None
        yield _Source(fetched.root, fetched)


def generate(spec: Path | str, config: Config, progress: Progress | None = None) -> Result:
    """Generate the package into ``config.output``; on any error nothing on disk changes.
    ``spec``: a file, or an http(s) URL (a ``str``)."""
    started = time.perf_counter()
    diagnostics = Diagnostics()
    try:
        with _local(spec, config, diagnostics) as source:
            return _generate(source, config, diagnostics, _Timings(progress), started)
    except GenerationFailed:
        return Result(ok=False, files={}, diagnostics=diagnostics.sorted(), seconds=time.perf_counter() - started)


def _generate(source: _Source, config: Config, diagnostics: Diagnostics, timings: _Timings, started: float) -> Result:
    try:
        foreign = emit.foreign_files(config.output)
        if foreign:
            shown = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more" if len(foreign) > 5 else "")
            diagnostics.add("output-not-ours", file=str(config.output), path=str(config.output), files=shown)
            raise GenerationFailed(diagnostics)
        current = _current(source, config, timings, started)
        if current is not None:  # a re-run with nothing changed: the folder is left as it is
            return current
        package, files, formatter, counts, changes = _build(source, config, diagnostics, timings)
        if config.fail_on_breaking and changes is not None and changes.breaking:  # refused before writing
            diagnostics.add("breaking-change", file=str(config.output / emit.MANIFEST), summary=changes.summary())
            return Result(
                ok=False, files={}, diagnostics=diagnostics.sorted(), api=changes, seconds=time.perf_counter() - started
            )
        try:
            with timings.phase("write"):
                # A folder that already holds exactly these bytes is left alone: nothing is written.
                drift = emit.compare(config.output, files, diff_lines=0)
                if not drift.clean:
                    same = frozenset(files) - set(drift.missing) - set(drift.changed)
                    emit.write_tree(config.output, files, same=same)
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            diagnostics.add("write-failed", file=str(config.output), reason=where + (exc.strerror or str(exc)))
            raise GenerationFailed(diagnostics) from None
    except GenerationFailed:
        return Result(ok=False, files={}, diagnostics=diagnostics.sorted(), seconds=time.perf_counter() - started)
    return Result(
        ok=True,
        files=files,
        diagnostics=diagnostics.sorted(),
        drift=drift,
        package=package,
        formatted=formatter.formatted,
        reused=formatter.reused,
        layout=formatter.layout_counts(),
        timings=dict(timings),
        unchanged=drift.clean,
        counts=counts,
        api=changes,
        seconds=time.perf_counter() - started,
    )


def _current(source: _Source, config: Config, timings: _Timings, started: float) -> Result | None:
    """The output folder as it is, when its manifest proves it current (the same generator,
    options and documents, every file as recorded): nothing to render, nothing to write, the
    warnings the run that wrote it reported. None: render. Not under --strict, which wants
    every warning a full run finds."""
    if config.strict:
        return None
    with timings.phase("manifest"):
        current = provenance.up_to_date(source.path, config, name=source.shown)
    if current is None:
        return None
    manifest = json.loads(current[emit.MANIFEST])
    recorded = manifest.get("counts", {})
    return Result(
        ok=True,
        files=current,
        diagnostics=provenance.recorded_warnings(manifest),
        drift=emit.Drift((), (), (), ()),
        timings=dict(timings),
        unchanged=True,
        counts=recorded if isinstance(recorded, dict) else {},
        seconds=time.perf_counter() - started,
        api=apidiff.unchanged(manifest),
    )


def check(spec: Path | str, config: Config, progress: Progress | None = None, *, diff_lines: int = 40) -> Result:
    """Render in memory and compare with ``config.output``; writes nothing. The drift's diff
    shows at most ``diff_lines`` lines. ``spec``: a file, or an http(s) URL (a ``str``)."""
    started = time.perf_counter()
    diagnostics = Diagnostics()
    try:
        with _local(spec, config, diagnostics) as source:
            return _check(source, config, diagnostics, _Timings(progress), started, diff_lines)
    except GenerationFailed:
        return Result(ok=False, files={}, diagnostics=diagnostics.sorted(), seconds=time.perf_counter() - started)


def _check(
    source: _Source, config: Config, diagnostics: Diagnostics, timings: _Timings, started: float, diff_lines: int
) -> Result:
    current = _current(source, config, timings, started)
    if current is not None:
        return current
    package, files, formatter, counts, changes = _build(source, config, diagnostics, timings)
    with timings.phase("compare"):
        drift = emit.compare(config.output, files, diff_lines=diff_lines)
    return Result(
        ok=drift.clean,
        files=files,
        diagnostics=diagnostics.sorted(),
        drift=drift,
        package=package,
        formatted=formatter.formatted,
        reused=formatter.reused,
        layout=formatter.layout_counts(),
        timings=dict(timings),
        counts=counts,
        seconds=time.perf_counter() - started,
        api=changes,
    )
