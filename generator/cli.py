"""Command line: parse arguments, call the pipeline, print diagnostics, pick the exit code.

Exit codes: 0 success (or --check found no drift); 1 --check found drift; 2 the spec or the
options were refused (nothing was written); 3 an internal error (a generator bug).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .config import DEFAULT_HTTP_LIBRARY, HTTP_LIBRARIES, Config
from .version import __version__


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m generator",
        description="Generate a typed Python client package from an OpenAPI 3.0/3.1 document.",
    )
    p.add_argument("spec", type=Path, help="the OpenAPI document (YAML or JSON)")
    p.add_argument(
        "-o", "--output", type=Path, default=Path("generated"), help="output folder, owned by the generator (default: generated/)"
    )
    p.add_argument("--package-name", help="Python package name (default: derived from info.title)")
    p.add_argument(
        "--http-library",
        choices=HTTP_LIBRARIES,
        default=DEFAULT_HTTP_LIBRARY,
        help=f"HTTP library the client uses (default: {DEFAULT_HTTP_LIBRARY})",
    )
    p.add_argument("--api-key-env", help="environment variable holding the API key (default: <TITLE>_API_KEY)")
    p.add_argument(
        "--target",
        action="append",
        dest="targets",
        metavar="NAME",
        help="what to emit (repeatable): python (the client package), docs (reference docs); default: both",
    )
    p.add_argument(
        "--check", action="store_true", help="render in memory and compare with the output folder; exit 1 if it differs"
    )
    p.add_argument("--strict", action="store_true", help="treat warnings (validator findings included) as errors")
    p.add_argument("--allow-outside-refs", action="store_true", help="allow $refs to files outside the spec's folder")
    p.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    p.add_argument("--version", action="version", version=f"pyclientgen {__version__}")
    return p


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
    config = Config(
        output=args.output,
        package_name=args.package_name,
        http_library=args.http_library,
        api_key_env=args.api_key_env,
        strict=args.strict,
        targets=tuple(dict.fromkeys(args.targets)) if args.targets else Config().targets,
        allow_outside_refs=args.allow_outside_refs,
    )
    from .pipeline import check, generate

    result = check(args.spec, config) if args.check else generate(args.spec, config)
    for diag in result.diagnostics:
        if not (args.quiet and diag.severity.name == "WARNING"):
            print(diag.format(), file=sys.stderr)
    if not result.files:
        print(
            f"error: nothing was written; {sum(d.severity.name == 'ERROR' for d in result.diagnostics)} error(s) above",
            file=sys.stderr,
        )
        return 2
    if args.check:
        drift = result.drift
        assert drift is not None
        if drift.clean:
            if not args.quiet:
                print(f"{config.output}: up to date ({len(result.files)} files)")
            return 0
        print(
            f"{config.output} is stale: {len(drift.missing)} missing, {len(drift.changed)} changed, "
            f"{len(drift.extra)} extra file(s). Regenerate with: python -m generator {args.spec} -o {config.output}"
        )
        for label, names in (("missing", drift.missing), ("changed", drift.changed), ("extra", drift.extra)):
            for name in names[:10]:
                print(f"  {label}: {name}")
        if drift.diff:
            print("\n".join(drift.diff))
        return 1
    if not args.quiet:
        if result.unchanged:
            print(f"{config.output} is up to date ({len(result.files)} files, package {result.package}); nothing written")
        else:
            lay = result.layout
            print(
                f"wrote {len(result.files)} files to {config.output} (package {result.package}; "
                f"{result.formatted} laid out, {result.reused} reused; black formatted "
                f"{lay.get('statements', 0)} statements and {lay.get('whole', 0)} whole files)"
            )
    return 0
