"""The command line: ``python -m <package> <resource> <operation> [options]``.

Each resource's commands are a table (``COMMANDS`` in the resource's module under ``_cli/``),
imported only when that resource is named, so a big API starts as fast as a small one. This
module turns a table into argparse parsers, calls the client, and prints the result.

Exit codes: 0 done; 1 an unexpected response or a file that cannot be written; 2 a usage error
(a missing or malformed option, a value out of bounds); 3 no connection (or a timeout); 4 the
API answered with an error status; 130 interrupted.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import importlib
import json
import os
import re
import sys
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

from .._client import Client
from .._exceptions import (
    APIConnectionError,
    APIError,
    APIStatusError,
    ModelValidationError,
)

__all__ = ["Command", "Option", "main"]

EXIT_OK, EXIT_OTHER, EXIT_USAGE, EXIT_CONNECTION, EXIT_API = 0, 1, 2, 3, 4


@dataclass(frozen=True)
class Option:
    """One flag: a parameter or body field of the operation."""

    flag: str  # --response-format
    arg: str  # the method's keyword: response_format
    kind: str  # str | int | float | bool | enum | json | mixed | text | file
    help: str = ""
    required: bool = False
    array: bool = False  # repeat the flag for each item
    choices: tuple[str | int | float | bool, ...] = ()  # a closed enum
    minimum: float | None = None
    maximum: float | None = None
    default: str = ""  # the server's default, shown in --help


@dataclass(frozen=True)
class Command:
    """One operation as a command."""

    method: str  # the client method: create_variation
    summary: str
    description: str
    http: str  # POST /images/variations
    options: tuple[Option, ...] = ()
    output: str = "json"  # json | binary | events | none
    stream_method: str = ""  # the method that streams events, for --stream
    file_method: str = ""  # the method that streams a binary body into a file
    destination: str = "destination"  # file_method's argument that takes the file
    images: bool = False  # the response can carry base64 images: --output-dir
    pages: bool = False  # the client returns a page: --all follows every page


class _Usage(Exception):
    """A usage error found after parsing (exit 2)."""


class _Arguments(Exception):
    """The client refused an argument before sending (exit 2)."""


def main(
    argv: Sequence[str] | None,
    *,
    prog: str,
    package: str,
    resources: Mapping[str, tuple[str, str, str]],
    api_key_env: str,
) -> int:
    """Run one command. ``resources``: command name -> (module under ``_cli``, client
    attribute, one line of help); a nested resource's name is its parent's and its own
    (``customers tax-ids``), its attribute the path from the client (``customers.tax_ids``).
    """
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        return _run(args, prog, package, resources, api_key_env)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


def _run(
    args: list[str],
    prog: str,
    package: str,
    resources: Mapping[str, tuple[str, str, str]],
    api_key_env: str,
) -> int:
    if not args or args[0] in ("-h", "--help"):
        stream = sys.stdout if args else sys.stderr
        print(_top_help(prog, resources), file=stream)
        return EXIT_OK if args else EXIT_USAGE
    depth = next(
        (n for n in range(len(args), 0, -1) if " ".join(args[:n]) in resources), 0
    )
    if not depth:
        top = [name for name in resources if " " not in name]
        print(f"usage: {prog} <resource> <operation> [options]", file=sys.stderr)
        print(
            f"{prog}: error: unknown resource {args[0]!r} (choose from {', '.join(top)})",
            file=sys.stderr,
        )
        return EXIT_USAGE
    name = " ".join(args[:depth])
    module_name, attribute, _ = resources[name]
    module = importlib.import_module(f"{package}._cli.{module_name}")
    commands: Mapping[str, Command] = module.COMMANDS
    nested = {
        k[len(name) + 1 :]: help_
        for k, (_, _, help_) in resources.items()
        if k.startswith(name + " ") and " " not in k[len(name) + 1 :]
    }
    parser = _resource_parser(f"{prog} {name}", commands, api_key_env, nested)
    try:
        ns = parser.parse_args(args[depth:])
    except SystemExit as exit_:  # argparse: --help (0) or a usage error (2)
        return int(exit_.code or 0)
    if ns.command is None:  # a resource with nested resources only
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    command = commands[ns.command]
    try:
        return _call(command, ns, attribute, api_key_env)
    except _Usage as exc:
        parser.print_usage(sys.stderr)
        print(f"{prog} {name}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except (ModelValidationError, _Arguments) as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except APIStatusError as exc:
        print(_api_error_line(exc), file=sys.stderr)
        return EXIT_API
    except APIConnectionError as exc:
        print(f"error: cannot reach the API: {exc}", file=sys.stderr)
        return EXIT_CONNECTION
    except (APIError, OSError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_OTHER


def _top_help(prog: str, resources: Mapping[str, tuple[str, str, str]]) -> str:
    width = max((len(name) for name in resources), default=0)
    lines = [
        f"usage: {prog} <resource> <operation> [options]",
        "",
        "resources:",
        *(f"  {name:<{width}}  {help_}" for name, (_, _, help_) in resources.items()),
        "",
        f"`{prog} <resource> --help` lists a resource's operations.",
    ]
    return "\n".join(lines)


def _api_error_line(exc: APIStatusError) -> str:
    kind = exc.type or exc.code or exc.response.reason_phrase or "error"
    message = exc.message or str(exc)
    request_id = f" (request id {exc.request_id})" if exc.request_id else ""
    return f"error: {exc.status_code} {kind}: {message}{request_id}"


def _escape(text: str) -> str:
    return text.replace("%", "%%")  # argparse formats help with %


class _Paragraphs(argparse.HelpFormatter):
    """argparse's layout, but a description keeps its paragraphs (each wrapped)."""

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        return "\n\n".join(
            (
                textwrap.indent(p, indent)
                if p.startswith("nested resources")  # a table, kept as laid out
                else textwrap.fill(
                    p, width, initial_indent=indent, subsequent_indent=indent
                )
            )
            for p in text.split("\n\n")
        )


def _resource_parser(
    prog: str,
    commands: Mapping[str, Command],
    api_key_env: str,
    nested: Mapping[str, str],
) -> argparse.ArgumentParser:
    """The parser of one resource's operations; ``nested``: the resources nested in it (name ->
    help), named in the help's epilog (each is its own command: ``<prog> <name> --help``).
    """
    width = max((len(n) for n in nested), default=0)
    epilog = "\n".join(
        [
            "nested resources (each with its own operations):",
            *(f"  {n:<{width}}  {h}" for n, h in nested.items()),
        ]
        if nested
        else []
    )
    parser = argparse.ArgumentParser(
        prog=prog,
        formatter_class=_Paragraphs,
        epilog=_escape(epilog) or None,
    )
    sub = parser.add_subparsers(
        dest="command", metavar="<operation>", required=bool(commands) or not nested
    )
    for name, command in commands.items():
        description = _escape(
            "\n\n".join(
                p for p in (command.summary, command.description, command.http) if p
            )
        )
        cmd = sub.add_parser(
            name,
            help=_escape(command.summary or command.http),
            description=description,
            formatter_class=_Paragraphs,
        )
        for option in command.options:
            _add_option(cmd, option)
        _add_common(cmd, command, api_key_env)
    return parser


def _add_option(parser: argparse.ArgumentParser, option: Option) -> None:
    words = [option.help] if option.help else []
    said = set(re.findall(r"-?\d+(?:\.\d+)?", option.help))
    bounds = [_number(v) for v in (option.minimum, option.maximum) if v is not None]
    if bounds and not all(
        b in said for b in bounds
    ):  # unless the description gives them
        low = "" if option.minimum is None else _number(option.minimum)
        high = "" if option.maximum is None else _number(option.maximum)
        words.append(
            f"From {low} to {high}."
            if low and high
            else (f"At least {low}." if low else f"At most {high}.")
        )
    if option.kind == "json":
        words.append("JSON text, or @file.json.")
    if option.kind == "mixed":
        words.append("Text, or JSON text (or @file.json) for an object or a list.")
    if option.kind == "file":
        words.append("A path, or - for stdin.")
    if option.kind == "text":
        words.append("The text itself, @file to read it from a file, or - for stdin.")
    if option.array:
        words.append("Repeat the flag for each item.")
    if option.default:
        words.append(f"Server default: {option.default}.")
    if option.required:
        words.append("Required.")
    help_ = _escape(" ".join(words))
    if option.kind == "bool" and not option.array:
        parser.add_argument(
            option.flag,
            dest=_dest(option),
            action=argparse.BooleanOptionalAction,
            default=None,
            required=option.required,
            help=help_,
        )
        return
    kwargs: dict[str, Any] = {"dest": _dest(option), "help": help_}
    kwargs["type"] = _converter(option)
    if option.choices:
        kwargs["metavar"] = "{" + ",".join(_text(c) for c in option.choices) + "}"
    else:
        kwargs["metavar"] = option.flag.lstrip("-").replace("-", "_").upper()
    if option.array:
        kwargs["action"] = "append"
    parser.add_argument(option.flag, required=option.required, **kwargs)


def _dest(option: Option) -> str:
    """Where argparse keeps an option's value: apart from the common flags' own."""
    return "param__" + option.arg


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} is negative")
    return value


def _seconds(text: str) -> float:
    value = float(text)
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value:g} is negative")
    return value


def _add_common(
    parser: argparse.ArgumentParser, command: Command, api_key_env: str
) -> None:
    common = parser.add_argument_group("connection and output")
    common.add_argument(
        "--api-key", help=f"the API key (default: the {api_key_env} variable)"
    )
    common.add_argument(
        "--auth-user", metavar="NAME", help="user name for HTTP basic auth"
    )
    common.add_argument(
        "--auth-password", metavar="TEXT", help="password for HTTP basic auth"
    )
    common.add_argument("--base-url", help="the API's base URL")
    common.add_argument(
        "--timeout", type=_seconds, metavar="SECONDS", help="seconds per request"
    )
    common.add_argument(
        "--max-retries", type=_count, metavar="N", help="retries of a failed request"
    )
    common.add_argument("--compact", action="store_true", help="print JSON on one line")
    if command.stream_method:
        common.add_argument(
            "--stream",
            action="store_true",
            help="stream the response: one event per line as it arrives",
        )
    if command.pages:
        common.add_argument(
            "--all",
            action="store_true",
            help="follow every page: print each item of each page as one line of JSON",
        )
    if command.images:
        common.add_argument(
            "--output-dir",
            metavar="DIR",
            help="write base64 images of the response into DIR; print their paths",
        )
    if command.output == "binary":
        common.add_argument(
            "--output",
            metavar="FILE",
            required=True,
            help="where the response body goes (- for stdout)",
        )


def _number(value: float) -> str:
    """A bound as written: whole numbers in full (never 9.22337e+18)."""
    return str(int(value)) if float(value).is_integer() else repr(value)


def _text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _converter(option: Option) -> Callable[[str], object]:
    """The argparse ``type`` of one option: text to the value the client takes."""

    def convert(text: str) -> object:
        value = _parse(option, text)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            if option.minimum is not None and value < option.minimum:
                raise argparse.ArgumentTypeError(
                    f"{text} is below the minimum {_number(option.minimum)}"
                )
            if option.maximum is not None and value > option.maximum:
                raise argparse.ArgumentTypeError(
                    f"{text} is above the maximum {_number(option.maximum)}"
                )
        return value

    convert.__name__ = option.kind  # argparse names the type in its messages
    return convert


def _parse(option: Option, text: str) -> object:
    if option.choices:
        for choice in option.choices:
            if _text(choice) == text:
                return choice
        raise argparse.ArgumentTypeError(
            f"invalid choice {text!r} (choose from {', '.join(repr(_text(c)) for c in option.choices)})"
        )
    if option.kind == "int":
        try:
            return int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{text!r} is not a whole number"
            ) from None
    if option.kind == "float":
        try:
            return float(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if option.kind == "bool":
        lowered = text.lower()
        if lowered in ("true", "1", "yes"):
            return True
        if lowered in ("false", "0", "no"):
            return False
        raise argparse.ArgumentTypeError(f"{text!r} is not true or false")
    if option.kind == "mixed" and text[:1] not in ("{", "[", "@"):
        return text  # a string; another shape is written as JSON
    if option.kind in ("json", "mixed"):
        source = text
        if text.startswith("@"):
            try:
                source = Path(text[1:]).read_text("utf-8")
            except OSError as exc:
                raise argparse.ArgumentTypeError(
                    f"cannot read {text[1:]}: {exc.strerror}"
                ) from None
        try:
            return json.loads(source)
        except ValueError as exc:
            raise argparse.ArgumentTypeError(f"not valid JSON: {exc}") from None
    if option.kind == "text":
        if text == "-":
            return sys.stdin.read()
        if text.startswith("@"):
            try:
                return Path(text[1:]).read_text("utf-8")
            except OSError as exc:
                raise argparse.ArgumentTypeError(
                    f"cannot read {text[1:]}: {exc.strerror}"
                ) from None
        return text
    if option.kind == "file":
        if text == "-":
            return ("stdin", sys.stdin.buffer.read())
        try:
            return (os.path.basename(text), Path(text).read_bytes())
        except OSError as exc:
            raise argparse.ArgumentTypeError(
                f"cannot read {text}: {exc.strerror}"
            ) from None
    return text


def _call(
    command: Command, ns: argparse.Namespace, attribute: str, api_key_env: str
) -> int:
    kwargs = {
        o.arg: getattr(ns, _dest(o))
        for o in command.options
        if getattr(ns, _dest(o)) is not None
    }
    settings: dict[str, Any] = {}
    for name in ("api_key", "base_url", "timeout", "max_retries"):
        if getattr(ns, name) is not None:
            settings[name] = getattr(ns, name)
    if ns.auth_user is not None:
        settings["username"] = ns.auth_user
    if ns.auth_password is not None:
        settings["password"] = ns.auth_password
    if ns.api_key is None and not os.environ.get(api_key_env):
        try:
            Client(**settings)
        except APIError:  # the API needs a key and none was given
            raise _Usage(f"no API key: give --api-key or set {api_key_env}") from None
    resource: Any = Client(**settings)
    for step in attribute.split("."):
        resource = getattr(resource, step)
    indent = None if ns.compact else 2
    if command.output == "binary":
        destination = sys.stdout.buffer if ns.output == "-" else ns.output
        _checked(
            getattr(resource, command.file_method),
            {command.destination: destination, **kwargs},
        )
        return EXIT_OK
    if command.output == "events" or getattr(ns, "stream", False):
        method = command.stream_method or command.method
        with _checked(getattr(resource, method), kwargs) as events:
            for event in events:
                print(json.dumps(_jsonable(event), ensure_ascii=False), flush=True)
        return EXIT_OK
    result = _checked(getattr(resource, command.method), kwargs)
    if getattr(ns, "all", False):
        for item in result:  # a page: iterating it fetches the next pages as needed
            print(json.dumps(_jsonable(item), ensure_ascii=False), flush=True)
        return EXIT_OK
    if command.output == "none" or result is None:
        return EXIT_OK
    data = _jsonable(result)
    if command.images and ns.output_dir:
        for path in _save_images(data, Path(ns.output_dir), command.method):
            print(path)
        return EXIT_OK
    if isinstance(data, bytes):
        sys.stdout.buffer.write(data)
        return EXIT_OK
    if isinstance(data, str):
        print(data)
        return EXIT_OK
    print(json.dumps(data, indent=indent, ensure_ascii=False))
    return EXIT_OK


def _checked(method: Callable[..., Any], kwargs: Mapping[str, object]) -> Any:
    """Call a client method; its checks of the arguments (ValueError) are usage errors."""
    try:
        return method(**kwargs)
    except APIError:
        raise
    except ValueError as exc:
        raise _Arguments(str(exc)) from None


def _jsonable(value: object) -> Any:
    to_dict = getattr(value, "to_dict", None)
    if callable(to_dict):
        return to_dict()
    if isinstance(value, list):
        return [_jsonable(v) for v in cast("list[object]", value)]
    if isinstance(value, dict):
        items = cast("dict[str, object]", value).items()
        return {k: _jsonable(v) for k, v in items}
    return value


def _images(data: object) -> Iterable[tuple[str, str]]:
    """(base64 text, file extension) of every image in a response, in order."""
    if isinstance(data, dict):
        mapping = cast("dict[str, object]", data)
        fmt = mapping.get("output_format")
        ext = fmt if isinstance(fmt, str) else None
        for key, value in mapping.items():
            if isinstance(value, str) and "b64" in key:
                yield value, ext or "png"
            else:
                for found, found_ext in _images(value):
                    yield found, found_ext if found_ext != "png" or not ext else ext
    elif isinstance(data, list):
        for item in cast("list[object]", data):
            yield from _images(item)


def _save_images(data: Any, folder: Path, stem: str) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for i, (text, ext) in enumerate(_images(data)):
        try:
            raw = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raise ValueError(f"image {i} of the response is not valid base64") from None
        path = folder / f"{stem}-{i}.{ext}"
        path.write_bytes(raw)
        paths.append(path)
    if not paths:
        raise _Usage(
            "the response carries no base64 images (ask for them, e.g. --response-format b64_json)"
        )
    return paths
