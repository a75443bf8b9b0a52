"""Settings written down once: ``[tool.generator]`` in the nearest ``pyproject.toml`` (or the file
``--config`` names), checked key by key. The command line overrides what this reads.

Keys are spelled as the long flags. Paths are relative to the file they are written in. Errors
name the key, the file and, where it can be found, the line.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .config import FORMATTERS, HTTP_LIBRARIES, META, METHOD_STYLES, NameOverrides
from .diagnostics import Diagnostics, GenerationFailed
from .loader.remote import is_url

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10 reads TOML with tomli, the same parser
    import tomli as tomllib

NAME_TABLES = {"method-names": "methods", "class-names": "classes"}


class _Not(str):
    """What a value should have been (a check's answer for a wrong value)."""


def _path(value: Any) -> Any:
    return Path(value) if isinstance(value, str) and value else _Not("a non-empty path string")


def _text(value: Any) -> Any:
    return value if isinstance(value, str) and value else _Not("a non-empty string")


def _choice(options: tuple[str, ...]) -> Callable[[Any], Any]:
    def check(value: Any) -> Any:
        return value if isinstance(value, str) and value in options else _Not(f"one of {', '.join(map(repr, options))}")

    return check


def _flag(value: Any) -> Any:
    return value if isinstance(value, bool) else _Not("true or false")


def _line_length(value: Any) -> Any:
    ok = isinstance(value, int) and not isinstance(value, bool) and 40 <= value <= 320
    return value if ok else _Not("a whole number from 40 to 320")


def _target_list(value: Any) -> Any:
    if isinstance(value, list) and value and all(isinstance(v, str) and v for v in value):
        return tuple(dict.fromkeys(value))
    return _Not('a non-empty list of target names, such as ["python", "docs"]')


# key -> (Config field, check). A check returns the value to use, or (a str) what it should be.
# Paths are checked by _path and resolved against the file's folder.
def _spec(value: Any) -> Any:
    """A path (resolved against the file's folder), or an http(s) URL, kept as written."""
    return value if isinstance(value, str) and is_url(value) else _path(value)


KEYS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "spec": ("spec", _spec),
    "output": ("output", _path),
    "package-name": ("package_name", _text),
    "http-library": ("http_library", _choice(HTTP_LIBRARIES)),
    "api-key-env": ("api_key_env", _text),
    "targets": ("targets", _target_list),
    "line-length": ("line_length", _line_length),
    "formatter": ("formatter", _choice(FORMATTERS)),
    "templates": ("templates", _path),
    "go-module": ("go_module", _text),
    "strict": ("strict", _flag),
    "allow-outside-refs": ("allow_outside_refs", _flag),
    "fail-on-breaking": ("fail_on_breaking", _flag),
    "meta": ("meta", _choice(META)),
    "method-style": ("method_style", _choice(METHOD_STYLES)),
    "cli-name": ("cli_name", _text),
}


def find(start: Path) -> Path | None:
    """The nearest ``pyproject.toml`` at or above ``start`` that has a ``[tool.generator]`` table."""
    for folder in (start, *start.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            try:
                data = tomllib.loads(candidate.read_text("utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
                return candidate  # reading it again reports what is wrong with it
            if isinstance(data.get("tool"), dict) and "generator" in data["tool"]:
                return candidate
    return None


def read(path: Path, target_names: dict[str, bool], diagnostics: Diagnostics) -> dict[str, Any]:
    """The settings in ``path`` as Config field values (with ``spec`` when it names one).
    ``target_names``: every target, and whether it has names of its own to override.

    A ``pyproject.toml`` (or any file with a ``[tool.generator]`` table) is read from that
    table; another TOML file is the table itself. Raises GenerationFailed on any error."""
    where = str(path)
    try:
        text = path.read_text("utf-8")
        data = tomllib.loads(text)
    except OSError as exc:
        diagnostics.add(
            "bad-config", file=where, key="(file)", reason=f"cannot read it: {exc.strerror or exc}", hint="check --config"
        )
        raise GenerationFailed(diagnostics) from None
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        match = re.search(r"line (\d+)", str(exc))
        diagnostics.add(
            "bad-config",
            file=where,
            line=int(match.group(1)) if match else None,
            key="(file)",
            reason=f"not valid TOML: {exc}",
            hint="fix the syntax",
        )
        raise GenerationFailed(diagnostics) from None
    tool = data.get("tool")
    if isinstance(tool, dict) and "generator" in tool:
        table, prefix = tool["generator"], "tool.generator"
    elif path.name == "pyproject.toml":
        diagnostics.add("bad-config", file=where, key="[tool.generator]", reason="the table is missing", hint="add it")
        raise GenerationFailed(diagnostics)
    else:
        table, prefix = data, ""
    reader = _Reader(where, text, prefix, path.parent, diagnostics)
    values = reader.settings(table, target_names)
    if diagnostics.has_errors:
        raise GenerationFailed(diagnostics)
    return values


class _Reader:
    def __init__(self, where: str, text: str, prefix: str, base: Path, diagnostics: Diagnostics) -> None:
        self.where, self.text, self.prefix, self.base, self.diagnostics = where, text, prefix, base, diagnostics

    def error(self, key: str, reason: str, hint: str, table: str = "") -> None:
        dotted = ".".join(p for p in (self.prefix, table, key) if p)
        self.diagnostics.add("bad-config", file=self.where, line=self._line_of(key), key=dotted, reason=reason, hint=hint)

    def _line_of(self, key: str) -> int | None:
        """The first line that assigns ``key`` (bare or quoted), or opens a table ending in it."""
        pattern = re.compile(rf"""^\s*(?:["']?{re.escape(key)}["']?\s*=|\[[^\]]*\b{re.escape(key)}\b[^\]]*\]\s*$)""")
        for number, line in enumerate(self.text.splitlines(), 1):
            if pattern.match(line):
                return number
        return None

    def settings(self, table: Any, target_names: dict[str, bool]) -> dict[str, Any]:
        if not isinstance(table, dict):
            self.error("", "is not a table", "write it as [tool.generator] with key = value lines")
            return {}
        values: dict[str, Any] = {}
        names: dict[str, NameOverrides] = {}
        for key, value in table.items():
            if key in KEYS:
                attr, check = KEYS[key]
                got = check(value)
                if isinstance(got, _Not):
                    shown = "a table" if isinstance(value, dict) else repr(value)
                    self.error(key, f"is {shown}; it should be {got}", f"see the README's list of settings for {key}")
                    continue
                values[attr] = (self.base / got) if isinstance(got, Path) else got
            elif key == "pagination":
                table_ = self.pagination(value)
                if table_ is not None:
                    values["pagination"] = table_
            elif key == "method-names" and isinstance(value, str):  # method-names = "rest": the style, as a word
                got = _choice(METHOD_STYLES)(value)
                if isinstance(got, _Not):
                    self.error(key, f"is {value!r}; it should be {got}, or a table of names", "see the README's settings")
                elif "method-style" in table and table["method-style"] != value:
                    self.error(key, f"says {value!r} where method-style says {table['method-style']!r}", "keep one of them")
                else:
                    values["method_style"] = got
            elif key in NAME_TABLES:
                overrides = self.name_table(key, value, "")
                if overrides is not None:
                    names[""] = _merged(names.get(""), NAME_TABLES[key], overrides)
            elif key in target_names and isinstance(value, dict):
                if not target_names[key]:
                    self.error(
                        key, f"the {key} target has no names of its own", "put its overrides in the table of the target it shows"
                    )
                    continue
                for sub, inner in value.items():
                    if sub not in NAME_TABLES:
                        self.error(sub, "is not a setting", f"a target's table holds {' and '.join(NAME_TABLES)}", table=key)
                        continue
                    overrides = self.name_table(sub, inner, key)
                    if overrides is not None:
                        names[key] = _merged(names.get(key), NAME_TABLES[sub], overrides)
            else:
                self.error(
                    key,
                    "is not a setting",
                    f"settings: {', '.join(KEYS)}, {', '.join(NAME_TABLES)}; target tables: {', '.join(t for t, own in target_names.items() if own)}",
                )
        if names:
            values["names"] = names
        return values

    def pagination(self, value: Any) -> dict[str, object] | None:
        """``[tool.generator.pagination]``: per operation, false (no paging) or its scheme."""
        if not isinstance(value, dict):
            self.error(
                "pagination",
                "is not a table",
                'write it as [tool.generator.pagination] with listFiles = { items = "data", cursor = "after", from = "last_id" } lines',
            )
            return None
        out: dict[str, object] = {}
        for name, entry in value.items():
            reason = _paging_problem(entry)
            if reason:
                self.error(
                    name,
                    reason,
                    'false, or { items = "...", cursor|offset|page = "...", from = "..." (cursor), has-more = "..." }',
                    "pagination",
                )
            else:
                out[name] = entry
        return out

    def name_table(self, key: str, value: Any, target: str) -> dict[str, str] | None:
        if not isinstance(value, dict):
            self.error(
                key,
                "is not a table",
                f'write it as [{".".join(p for p in (self.prefix, target, key) if p)}] with name = "new_name" lines',
                target,
            )
            return None
        out: dict[str, str] = {}
        for name, new in value.items():
            if not isinstance(new, str) or not new:
                self.error(name, f"{new!r} is not a name", 'write name = "new_name"', ".".join(p for p in (target, key) if p))
            else:
                out[name] = new
        return out


def _merged(old: NameOverrides | None, kind: str, table: dict[str, str]) -> NameOverrides:
    old = old or NameOverrides()
    if kind == "methods":
        return NameOverrides(methods={**old.methods, **table}, classes=old.classes)
    return NameOverrides(methods=old.methods, classes={**old.classes, **table})


_PAGING_KEYS = frozenset({"items", "cursor", "offset", "page", "from", "has-more"})


def _paging_problem(entry: Any) -> str:
    """What is wrong with one pagination entry ("" when nothing)."""
    if entry is False:
        return ""
    if not isinstance(entry, dict):
        return f"is {entry!r}; it should be false or a table"
    unknown = sorted(set(entry) - _PAGING_KEYS)
    if unknown:
        return f"has no setting {unknown[0]!r}"
    if not all(isinstance(v, str) and v for v in entry.values()):
        return "its values should be non-empty strings"
    ways = [k for k in ("cursor", "offset", "page") if k in entry]
    if "items" not in entry or len(ways) != 1:
        return "it needs items and exactly one of cursor, offset or page"
    if ("from" in entry) != (ways[0] == "cursor"):
        return "from says where a cursor comes from: give it with cursor, and only then"
    return ""
