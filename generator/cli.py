"""Command line: parse arguments, call the pipeline, print diagnostics, pick the exit code.

Exit codes: 0 success (or --check found no drift); 1 --check found drift; 2 the spec or the
options were refused (nothing was written); 3 an internal error (a generator bug); 4
--fail-on-breaking: the API changed in a way that breaks its users' code (nothing was written).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .config import DEFAULT_HTTP_LIBRARY, DEFAULT_LINE_LENGTH, FORMATTERS, HTTP_LIBRARIES, META, METHOD_STYLES, Config
from .diagnostics import Diagnostics, GenerationFailed
from .loader.remote import is_url
from .pipeline import Progress, Result, check, generate
from .render.emit import MANIFEST, foreign_files
from .settings import KEYS, find, read
from .targets import DEFAULT_TARGETS, TARGETS
from .version import __version__


def _spec(text: str) -> Path | str:
    """A spec argument: an http(s) URL stays a string (a Path would fold its ``//``)."""
    return text if is_url(text) else Path(text)


def parser() -> argparse.ArgumentParser:
    """Every flag defaults to None, so a flag that is not given leaves the settings file's value
    (or the built-in default) in place."""
    p = argparse.ArgumentParser(
        prog="python -m generator",
        description="Generate clients from an OpenAPI 3.0/3.1 document: a typed Python client package "
        "(sync and async, dataclass models), its command line, a Go module, a Perl distribution and "
        "reference docs, each a --target. "
        "Settings come from [tool.generator] in the nearest pyproject.toml (or --config); flags override them.",
        epilog="exit codes: 0 done (or --check: up to date); 1 --check: the output is stale; "
        "2 the spec, the settings or the options were refused (nothing was written); 3 a generator bug; "
        "4 --fail-on-breaking: the API changed in a breaking way (nothing was written)",
    )
    p.add_argument(
        "spec",
        type=_spec,
        nargs="?",
        help="the OpenAPI document (YAML or JSON): a file, or an http(s) URL; default: the settings' spec",
    )
    p.add_argument("-o", "--output", type=Path, help="output folder, owned by the generator (default: generated/)")
    p.add_argument("--package-name", help="Python package name (default: derived from info.title)")
    p.add_argument(
        "--http-library", choices=HTTP_LIBRARIES, help=f"HTTP library the client uses (default: {DEFAULT_HTTP_LIBRARY})"
    )
    p.add_argument("--api-key-env", help="environment variable holding the API key (default: <TITLE>_API_KEY)")
    p.add_argument(
        "--target",
        action="append",
        dest="targets",
        metavar="NAME",
        help="what to emit (repeatable): "
        + "; ".join(f"{t.name} ({t.description})" for t in TARGETS.values())
        + f"; default: {' and '.join(DEFAULT_TARGETS)}",
    )
    p.add_argument(
        "--line-length", type=int, metavar="N", help=f"line length of the generated code (default: {DEFAULT_LINE_LENGTH})"
    )
    p.add_argument(
        "--formatter", choices=FORMATTERS, help="black (default, pinned) or ruff (faster; pip install 'pyclientgen[ruff]')"
    )
    p.add_argument(
        "--templates", type=Path, metavar="DIR", help="a folder of templates that replace the built-in ones of the same path"
    )
    p.add_argument("--go-module", metavar="PATH", help="the Go target's module path (default: example.com/<package>)")
    p.add_argument(
        "--method-style",
        choices=METHOD_STYLES,
        help="rest: methods named from the HTTP method and path (create, retrieve, list, update, delete, "
        "list_tax_ids, confirm); operation-id: from operationIds; auto (default): rest only where the spec "
        "gives no operationId",
    )
    p.add_argument(
        "--meta",
        choices=META,
        help="none (default): a package folder to vendor; pyproject: an installable project around it "
        "(pyproject.toml, README.md, a console script when the cli target runs)",
    )
    p.add_argument(
        "--cli-name", metavar="NAME", help="the console script's name with --meta pyproject (default: the package's, with dashes)"
    )
    p.add_argument("--config", type=Path, metavar="FILE", help="read settings from FILE instead of the nearest pyproject.toml")
    p.add_argument("--isolated", action="store_true", help="read no settings file: flags and defaults only")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument(
        "--check",
        action="store_true",
        help="render in memory and compare with the output folder; exit 1 and show a diff if it differs",
    )
    mode.add_argument("--diff", action="store_true", help="show what regenerating would change, write nothing, exit 0")
    mode.add_argument(
        "--api-diff",
        action="store_true",
        help="print, in Markdown, what regenerating would change for the API's users (per target, breaking and "
        "non-breaking, each with its rule), comparing the output folder's manifest; write nothing, exit 0",
    )
    p.add_argument(
        "--fail-on-breaking",
        action=argparse.BooleanOptionalAction,
        help="exit 4 and write nothing when the API changed in a breaking way (a regeneration, --check or --api-diff)",
    )
    p.add_argument(
        "--strict", action=argparse.BooleanOptionalAction, help="treat warnings (validator findings included) as errors"
    )
    p.add_argument(
        "--allow-outside-refs",
        action=argparse.BooleanOptionalAction,
        help="allow $refs to files outside the spec's folder (and, for a spec by URL, to other hosts)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    p.add_argument("--version", action="version", version=f"pyclientgen {__version__}")
    return p


_FLAGS = (
    "output",
    "package_name",
    "http_library",
    "api_key_env",
    "targets",
    "line_length",
    "formatter",
    "templates",
    "strict",
    "allow_outside_refs",
    "go_module",
    "fail_on_breaking",
    "meta",
    "cli_name",
    "method_style",
)


def settings(args: argparse.Namespace) -> tuple[Path | str, Config]:
    """The spec and the options: the settings file's values, then the flags given over them."""
    from .targets import TARGETS

    diagnostics = Diagnostics()
    values: dict[str, Any] = {}
    source = args.config if args.config is not None else None if args.isolated else find(Path.cwd())
    if source is not None:
        values = read(source, {name: t.own_names for name, t in TARGETS.items()}, diagnostics)
        values["config_file"] = source
    from_file = {key for key, (attr, _) in KEYS.items() if attr in values}
    for name in _FLAGS:
        given = getattr(args, name)
        if given is not None:
            values[name] = tuple(dict.fromkeys(given)) if name == "targets" else given
            from_file.discard(name.replace("_", "-"))
    values["from_file"] = frozenset(from_file)
    spec = args.spec if args.spec is not None else values.get("spec")
    values.pop("spec", None)
    if spec is None:
        diagnostics.add(
            "bad-option",
            option="spec",
            reason="no OpenAPI document given",
            hint='name it on the command line, or set spec = "..." in [tool.generator] of pyproject.toml',
        )
        raise GenerationFailed(diagnostics)
    return spec, Config(**values)


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print("interrupted; the output folder is as it was", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - a generator bug: say so in one line, never a traceback
        print(f"internal error (a generator bug; please report it with the spec): {type(exc).__name__}: {exc}", file=sys.stderr)
        return 3


def _main(argv: list[str] | None) -> int:
    args = parser().parse_args(argv)
    try:
        spec, config = settings(args)
    except GenerationFailed as failed:
        for diag in failed.diagnostics.sorted():
            print(diag.format(), file=sys.stderr)
        print("error: nothing was written; the settings above were refused", file=sys.stderr)
        return 2
    progress = _TerminalProgress(sys.stderr) if sys.stderr.isatty() and not args.quiet else None
    if args.check or args.diff or args.api_diff:
        lines = 0 if args.api_diff else DIFF_LINES if args.diff else CHECK_DIFF_LINES
        result = check(spec, config, progress, diff_lines=lines)
    else:
        result = generate(spec, config, progress)
    for diag in result.diagnostics:
        if not (args.quiet and diag.severity.name == "WARNING"):
            print(diag.format(), file=sys.stderr)
    if not result.files:
        if _breaking(result, config):
            return 4
        print(
            f"error: nothing was written; {sum(d.severity.name == 'ERROR' for d in result.diagnostics)} error(s) above",
            file=sys.stderr,
        )
        return 2
    if args.api_diff:
        return _api_diff(result, spec, config, args.quiet)
    drift = result.drift
    assert drift is not None
    warnings = sum(d.severity.name == "WARNING" for d in result.diagnostics)
    if args.check or args.diff:
        if not drift.clean:
            verb = "is stale" if args.check else "would change"
            again = f"the same command without {'--check' if args.check else '--diff'}"
            foreign = [rel for rel in drift.extra if rel in set(foreign_files(config.output) or ())]
            if foreign:  # a regeneration would refuse a folder holding files it did not write
                again = f"move the files this generator did not write out of {config.output}, then {again}"
            print(
                f"{config.output} {verb}: {len(drift.missing)} missing, {len(drift.changed)} changed, "
                f"{len(drift.extra)} extra file(s). Regenerate: {again}"
            )
            changed = tuple(rel for rel in drift.changed if rel not in drift.header_only)
            for label, names in (("missing", drift.missing), ("changed", changed), ("extra", drift.extra)):
                for name in names[:10]:
                    print(f"  {label}: {name}")
                if len(names) > 10:
                    print(f"  ... and {len(names) - 10} more {label}")
            if drift.diff:
                print("\n".join(drift.diff))
            if drift.header_only:
                print(
                    f"[{len(drift.header_only)} changed file(s) differ only in their provenance header: the generator's version]"
                )
            if drift.cut:
                more = " (--diff shows more)" if args.check else ""
                print(f"[diff cut at {len(drift.diff)} lines{more}]")
        if not args.quiet or not drift.clean:
            state = "up to date" if drift.clean else "stale"
            _api_line(result)
            print(_summary(result, config, f"{len(result.files)} files, {state}", warnings))
        if _breaking(result, config):
            return 4
        return 1 if args.check and not drift.clean else 0
    if not args.quiet:
        lay = result.layout
        if result.unchanged:
            files = f"{len(result.files)} files, up to date: nothing written"
        else:
            written = len(drift.missing) + len(drift.changed)
            files = (
                f"{len(result.files)} files, {written} written ({len(drift.missing)} new, {len(drift.changed)} changed), "
                f"{len(result.files) - written} unchanged, {len(drift.extra)} removed"
            )
            how = (
                f"ruff formatted {lay.get('ruff', 0)}"
                if config.formatter == "ruff"
                else f"black formatted {lay.get('statements', 0)} statements and {lay.get('whole', 0)} whole files"
            )
            print(f"formatting: {result.formatted} laid out, {result.reused} reused; {how}")
        _api_line(result)
        print(_summary(result, config, files, warnings))
    return 0


def _api_line(result: Result) -> None:
    """``API: 1 method removed (breaking), 2 fields added``, when the output folder's manifest had
    a surface to compare with; ``API: no change`` when files changed but the API did not; nothing
    for a folder that is up to date."""
    api = result.api
    if api is not None and (api.changes or not (result.drift is None or result.drift.clean)):
        print(f"API: {api.summary()}")


def _breaking(result: Result, config: Config) -> bool:
    """--fail-on-breaking and a breaking change: each named on stderr (the first 20)."""
    api = result.api
    if not (config.fail_on_breaking and api is not None and api.breaking):
        return False
    for change in api.breaking[:BREAKING_LINES]:
        print(f"  breaking, {change.target}: {change.text()} ({change.rule})", file=sys.stderr)
    if len(api.breaking) > BREAKING_LINES:
        print(f"  ... and {len(api.breaking) - BREAKING_LINES} more (--api-diff lists them all)", file=sys.stderr)
    print(f"error: {_n(len(api.breaking), 'breaking API change')}; nothing was written (--fail-on-breaking)", file=sys.stderr)
    return True


def _api_diff(result: Result, spec: Path | str, config: Config, quiet: bool) -> int:
    """--api-diff: the report on stdout (Markdown, for a pull request); the summary line on stderr."""
    manifest = config.output / MANIFEST
    if result.api is None:
        print("## API changes: not known\n")
        print(f"`{manifest}` records no API surface to compare with (no such folder, or written by an earlier pyclientgen).")
        print("Regenerate once to record it; the next change is then reported.")
    else:
        print(
            result.api.report(
                f"`{manifest}` (the last generation)", f"what `{spec if isinstance(spec, str) else spec.name}` generates now"
            ),
            end="",
        )
    if not quiet:
        warnings = sum(d.severity.name == "WARNING" for d in result.diagnostics)
        print(_summary(result, config, f"{len(result.files)} files, not written", warnings), file=sys.stderr)
    return 4 if _breaking(result, config) else 0


CHECK_DIFF_LINES = 40  # --check shows the start of the diff
DIFF_LINES = 2000  # --diff shows it all, up to this
BREAKING_LINES = 20  # --fail-on-breaking names this many breaking changes (--api-diff: all)
PROGRESS_MIN_OPERATIONS = 36  # a few dozen: below this a run is over before progress would help


def _summary(result: Result, config: Config, files: str, warnings: int) -> str:
    counts = result.counts
    size = f"{_n(counts.get('operations', 0), 'operation')}, {_n(counts.get('models', 0), 'model')}" if counts else "size unknown"
    package = f" (package {result.package})" if result.package else ""
    return f"summary: {size}; {config.output}{package}: {files}; {_n(warnings, 'warning')}; {result.seconds:.2f} s"


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


class _TerminalProgress(Progress):
    """Each phase on stderr as it runs, for a spec big enough to wait on (a terminal only)."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.show: bool | None = None  # unknown until the API's size is
        self.done: list[tuple[str, float]] = []

    def sized(self, operations: int, models: int) -> None:
        self.show = operations > PROGRESS_MIN_OPERATIONS
        if self.show:
            self.stream.write(f"{operations} operations, {models} models\n")
            for name, seconds in self.done:
                self._line(name, seconds)

    def started(self, name: str) -> None:
        if self.show:
            self.stream.write(f"  {name} ...")
            self.stream.flush()

    def phase(self, name: str, seconds: float) -> None:
        if self.show is None:
            self.done.append((name, seconds))
        elif self.show:
            self._line(name, seconds)

    def _line(self, name: str, seconds: float) -> None:
        self.stream.write(f"\r  {name:<20} {seconds:7.2f} s\n")
        self.stream.flush()
