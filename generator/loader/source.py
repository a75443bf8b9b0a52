"""Parse YAML or JSON text into plain JSON values, keeping source positions.

PyYAML resolves plain scalars by YAML 1.1 rules (``2024-10-01`` becomes a date, ``on`` a
boolean, ``200:`` an int key). An OpenAPI document is JSON data, so we compose YAML nodes with
the C parser when present and construct values ourselves by the YAML 1.2 core schema: every
mapping key is a string, timestamps stay strings. Aliases are bounded so that a
billion-laughs document is refused instead of expanded.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

import yaml

from . import fastyaml, locate
from .pointer import escape, unescape

try:  # the C parser is ~10x faster; the pure-Python one is a complete fallback
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

MAX_NODES = 5_000_000  # expanded values (aliases counted as many times as they are used)

_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT = re.compile(r"^[-+]?[0-9]+$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
_INF = re.compile(r"^[-+]?\.(?:inf|Inf|INF)$")
_NAN = re.compile(r"^\.(?:nan|NaN|NAN)$")
_PLAIN_TAGS = {"tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "timestamp", "binary", "merge", "value")}


class SourceError(Exception):
    """A document that cannot be turned into JSON data. ``code`` names the diagnostic."""

    def __init__(self, code: str, *, line: int | None = None, column: int | None = None, **fields: object) -> None:
        super().__init__(code)
        self.code = code
        self.line = line
        self.column = column
        self.fields = fields


@dataclass(slots=True)
class Positions:
    """JSON pointer -> (line, column), 1-based. From the composed node tree when the exact path
    made one; else found in the text on demand (``locate``), composing only what the finders do
    not read."""

    root: Any  # yaml.Node or None
    _index: dict[str, tuple[int, int]] | None = None
    text: str | None = None  # the source, when no node tree was composed
    is_json: bool = False
    _finder: Any = None

    def get(self, pointer: str) -> tuple[int, int] | None:
        if self.root is None and self.text is not None:
            try:
                if self._finder is None:
                    self._finder = locate.JsonFinder(self.text) if self.is_json else locate.YamlFinder(self.text)
                return self._finder.find([unescape(t) for t in pointer.split("/")[1:]])[0]  # type: ignore[no-any-return]
            except (locate.Unsupported, ValueError, IndexError):
                self.root, self.text, self._finder = _compose_quietly(self.text), None, None
        if self.root is None:
            return None
        if self._index is None:
            self._index = {}
            self._walk(self.root, "")
        # Fall back to the nearest enclosing node that we know.
        p = pointer
        while True:
            if p in self._index:
                return self._index[p]
            if not p:
                return None
            p = p.rsplit("/", 1)[0]

    def _walk(self, node: Any, pointer: str) -> None:
        index: dict[str, tuple[int, int]] = self._index  # type: ignore[assignment]
        stack = [(node, pointer)]
        while stack:
            n, p = stack.pop()
            index.setdefault(p, (n.start_mark.line + 1, n.start_mark.column + 1))
            if isinstance(n, yaml.MappingNode):
                for k, v in n.value:
                    child = p + "/" + escape(str(k.value))
                    index[child] = (k.start_mark.line + 1, k.start_mark.column + 1)  # the key's line
                    if isinstance(v, (yaml.MappingNode, yaml.SequenceNode)):
                        stack.append((v, child))
            elif isinstance(n, yaml.SequenceNode):
                for i, v in enumerate(n.value):
                    stack.append((v, f"{p}/{i}"))


MAX_NESTING = 400  # far beyond any real spec; deeper input would exhaust the parsers' stacks


def _nesting(text: str) -> int:
    """An upper bound of the flow nesting ([ and {), and the deepest indentation, cheaply."""
    depth = deepest = 0
    for match in re.finditer(r"[\[\]{}]", text):
        depth = depth + 1 if match.group() in "[{" else max(depth - 1, 0)
        deepest = max(deepest, depth)
    indent = max((len(m.group()) for m in re.finditer(r"(?m)^ +", text)), default=0)
    return max(deepest, indent // 2)


def parse(text: str, *, filename: str) -> tuple[Any, Positions]:
    """Parse ``text`` (JSON if it looks like JSON, else YAML) into JSON values and positions."""
    stripped = text.lstrip()
    if not stripped:
        raise SourceError("empty-document")
    if _nesting(text) > MAX_NESTING:
        raise SourceError("too-large", reason="it is nested too deeply", limit=f"{MAX_NESTING} levels")
    try:
        return _parse(text, stripped, filename)
    except RecursionError:
        raise SourceError("too-large", reason="it is nested too deeply", limit=f"{MAX_NESTING} levels") from None
    except ValueError as exc:  # e.g. an integer longer than Python converts (4,300 digits)
        raise SourceError("syntax", syntax="number", reason=str(exc).split(";")[0]) from None


def _parse(text: str, stripped: str, filename: str) -> tuple[Any, Positions]:
    if stripped[0] in "{[" and filename.lower().endswith(".json"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SourceError("syntax", syntax="JSON", reason=exc.msg, line=exc.lineno, column=exc.colno) from None
        return data, Positions(root=None, text=text, is_json=True)
    fast, data = fastyaml.parse(text)
    if fast:
        return data, Positions(root=None, text=text)
    node = _compose(text)
    if node is None:
        raise SourceError("empty-document")
    return _Constructor().build(node), Positions(root=node)


def _compose(text: str) -> Any:
    try:
        loader = _Loader(text)
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        reason = " ".join(filter(None, [exc.context, exc.problem]))
        raise SourceError(
            "syntax",
            syntax="YAML",
            reason=reason or "cannot parse",
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.YAMLError as exc:
        raise SourceError("syntax", syntax="YAML", reason=str(exc).splitlines()[0]) from None


def _compose_quietly(text: str) -> Any:
    try:
        return _compose(text)
    except SourceError:
        return None


class _Constructor:
    """Nodes -> JSON values by the YAML 1.2 core schema, with a bound on expansion."""

    def __init__(self) -> None:
        self._sizes: dict[int, int] = {}
        self._memo: dict[int, Any] = {}
        self._active: set[int] = set()

    def build(self, root: Any) -> Any:
        total = self._size(root)
        if total > MAX_NODES:
            raise SourceError(
                "too-large", reason=f"it expands to {total:,} values through aliases", limit=f"{MAX_NODES:,} values"
            )
        return self._value(root)

    def _size(self, root: Any) -> int:
        # Iterative post-order: expanded size of every node, each node visited once.
        stack: list[tuple[Any, bool]] = [(root, False)]
        while stack:
            node, done = stack.pop()
            key = id(node)
            if key in self._sizes:
                continue
            if isinstance(node, yaml.ScalarNode):
                self._sizes[key] = 1
                continue
            children = [c for kv in node.value for c in kv] if isinstance(node, yaml.MappingNode) else node.value
            if done:
                self._active.discard(key)
                total = 1
                for c in children:
                    total += self._sizes[id(c)]
                    if total > MAX_NODES:
                        break
                self._sizes[key] = min(total, MAX_NODES + 1)
                continue
            if key in self._active:
                raise SourceError(
                    "too-large",
                    reason="an alias refers to itself",
                    limit="no recursive aliases",
                    line=node.start_mark.line + 1,
                    column=node.start_mark.column + 1,
                )
            self._active.add(key)
            stack.append((node, True))
            stack.extend((c, False) for c in children if id(c) not in self._sizes)
        return self._sizes[id(root)]

    def _value(self, node: Any) -> Any:
        key = id(node)
        if key in self._memo:
            return self._memo[key]
        if isinstance(node, yaml.ScalarNode):
            value = self._scalar(node)
        elif isinstance(node, yaml.SequenceNode):
            self._check_tag(node, "tag:yaml.org,2002:seq")
            value = []
            self._memo[key] = value
            value.extend(self._value(c) for c in node.value)
        else:
            self._check_tag(node, "tag:yaml.org,2002:map")
            value = {}
            self._memo[key] = value
            merged: dict[str, Any] = {}
            for k, v in node.value:
                if not isinstance(k, yaml.ScalarNode):
                    raise SourceError("yaml-key", line=k.start_mark.line + 1, column=k.start_mark.column + 1)
                if k.value == "<<" and k.tag == "tag:yaml.org,2002:merge":
                    sources = self._value(v)
                    for m in sources if isinstance(sources, list) else [sources]:
                        for mk, mv in m.items() if isinstance(m, dict) else ():
                            merged.setdefault(mk, mv)
                    continue
                name = str(k.value)
                if name in value:
                    raise SourceError("duplicate-key", key=name, line=k.start_mark.line + 1, column=k.start_mark.column + 1)
                value[name] = self._value(v)
            for mk, mv in merged.items():  # explicit keys override merged ones
                value.setdefault(mk, mv)
        self._memo[key] = value
        return value

    @staticmethod
    def _check_tag(node: Any, expected: str) -> None:
        if node.tag != expected:
            raise SourceError("yaml-tag", tag=node.tag, line=node.start_mark.line + 1, column=node.start_mark.column + 1)

    def _scalar(self, node: Any) -> Any:
        text = node.value
        if node.tag not in _PLAIN_TAGS:
            raise SourceError("yaml-tag", tag=node.tag, line=node.start_mark.line + 1, column=node.start_mark.column + 1)
        if node.style not in (None, ""):
            return text  # quoted and block scalars are strings
        # Plain scalars are resolved by YAML 1.2's core schema, whatever PyYAML's 1.1 resolver
        # tagged them (it leaves 1e3 and 0o17 as strings, and = as a "value").
        if _NULL.match(text):
            return None
        if text in _BOOL:
            return _BOOL[text]
        if _INT.match(text):
            return int(text)
        if _OCT.match(text):
            return int(text, 0)
        if _HEX.match(text):
            return int(text, 0)
        if _FLOAT.match(text):
            return float(text)
        if _INF.match(text):
            return float("-inf") if text.startswith("-") else float("inf")
        if _NAN.match(text):
            return float("nan")
        return text
