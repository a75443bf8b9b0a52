"""Lines and columns for JSON pointers, found in the text on demand instead of composing the
whole document into a node tree (which costs more than parsing it, and memory in proportion).

Each finder answers exactly as the composed node tree would (``source.Positions``): a mapping
member is where its key starts, a sequence item where it starts, the root where its first
token starts; a pointer into a scalar is not known, and the answer is its nearest known ancestor.
A finder that meets what it does not read (flow collections in YAML,
unusual line breaks) raises ``Unsupported`` and the caller composes the document after all.
Every container a lookup passes through is indexed once and kept, so many lookups cost about
one pass over the parts of the text they visit.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_left, bisect_right
from json.decoder import scanstring  # type: ignore[attr-defined]
from typing import Any

Position = tuple[int, int]  # 1-based line and column


class Unsupported(Exception):
    """The text holds something this finder does not read; compose the document instead."""


_ODD_BREAKS = re.compile("[\r\x85\u2028\u2029]")  # line breaks the composer counts and a split on \n does not


class YamlFinder:
    """Block-style YAML: keys and dashes found by their indentation."""

    def __init__(self, text: str) -> None:
        text = text.replace("\r\n", "\n")
        if _ODD_BREAKS.search(text):
            raise Unsupported
        self.lines = text.split("\n")
        self.children: dict[Position, tuple[str, Any]] = {}
        self._content: list[int] | None = None
        self._by_indent: dict[int, list[int]] = {}

    def find(self, tokens: list[str]) -> tuple[Position | None, int]:
        """The position of the deepest known pointer along ``tokens``, and how many tokens it spans."""
        node = self._next_content(0)
        if node is not None and self.lines[node[0]].rstrip() == "---":
            node = self._next_content(node[0] + 1)
        if node is None:
            raise Unsupported
        best: Position = (node[0] + 1, node[1] + 1)
        depth = 0
        for token in tokens:
            kind, children = self._children(node)
            if kind == "map" and token in children:
                key_at, node = children[token]
                best, depth = (key_at[0] + 1, key_at[1] + 1), depth + 1
            elif kind == "seq" and token.isdigit() and int(token) < len(children):
                node = children[int(token)]
                if node is None:
                    break
                best, depth = (node[0] + 1, node[1] + 1), depth + 1
            else:
                break
            if node is None:
                break
        return best, depth

    def _kind(self, node: Position) -> str:
        text = self.lines[node[0]][node[1] :]
        if text[:1] in ("{", "["):
            raise Unsupported  # flow collections: the composer reads them
        if text == "-" or text.startswith(("- ", "-\t")):
            return "seq"
        return "map" if _key(text) is not None else "scalar"

    def _children(self, node: Position) -> tuple[str, Any]:
        known = self.children.get(node)
        if known is None:
            kind = self._kind(node)
            known = (kind, self._map(node) if kind == "map" else self._seq(node) if kind == "seq" else None)
            self.children[node] = known
        return known

    def _map(self, node: Position) -> dict[str, tuple[Position, Position | None]]:
        first, indent = node
        found: dict[str, tuple[Position, Position | None]] = {}
        for i in [first, *self._at_indent(first, indent)]:
            text = self.lines[i][indent:]
            if i != first and (text == "-" or text.startswith(("- ", "-\t"))):
                continue  # an indentless sequence: the previous key's value
            parsed = _key(text)
            if parsed is None:
                raise Unsupported
            key, rest = parsed
            if key in found:
                raise Unsupported
            found[key] = ((i, indent), self._value(i, indent + rest, indent))
        return found

    def _seq(self, node: Position) -> list[Position | None]:
        first, indent = node
        items: list[Position | None] = []
        for i in [first, *self._at_indent(first, indent)]:
            text = self.lines[i][indent:]
            if not (text == "-" or text.startswith(("- ", "-\t"))):
                break  # the parent mapping's next key, after an indentless sequence
            items.append(self._value(i, indent + 1, indent))
        return items

    def _at_indent(self, first: int, indent: int) -> list[int]:
        """The content lines after ``first`` indented exactly ``indent``, up to the first line
        indented less (where the block that starts at ``first`` ends)."""
        content, by_indent = self._layout()
        after = bisect_right(content, first)
        end = len(content)
        for depth, rows in by_indent.items():
            if depth < indent:
                k = bisect_right(rows, after - 1)
                if k < len(rows):
                    end = min(end, rows[k])
        rows = by_indent.get(indent, [])
        return [content[k] for k in rows[bisect_right(rows, after - 1) : bisect_right(rows, end - 1)]]

    def _layout(self) -> tuple[list[int], dict[int, list[int]]]:
        """The lines that are not blank or comments, and their indices by indentation."""
        if self._content is None:
            content: list[int] = []
            by_indent: dict[int, list[int]] = {}
            for i, line in enumerate(self.lines):
                stripped = line.lstrip(" \t")
                if stripped and stripped[0] != "#":
                    by_indent.setdefault(len(line) - len(line.lstrip(" ")), []).append(len(content))
                    content.append(i)
            self._content, self._by_indent = content, by_indent
        return self._content, self._by_indent

    def _value(self, line: int, col: int, indent: int) -> Position | None:
        """Where the value that follows an indicator at (line, col) starts."""
        text = self.lines[line]
        rest = text[col:].lstrip(" \t")
        if rest and not rest.startswith("#"):
            return (line, len(text) - len(rest))
        nxt = self._next_content(line + 1)
        if nxt is None:
            return None
        deeper = nxt[1] > indent
        dash = self.lines[nxt[0]][nxt[1] :]
        if deeper or (nxt[1] == indent and (dash == "-" or dash.startswith(("- ", "-\t")))):
            return nxt
        return None

    def _next_content(self, start: int) -> Position | None:
        """The next line that is not blank or a comment: (line, indentation), or None."""
        at = self._next_line(start)
        return None if at is None else (at, len(self.lines[at]) - len(self.lines[at].lstrip(" ")))

    def _next_line(self, start: int) -> int | None:
        content, _ = self._layout()
        k = bisect_left(content, start)
        return content[k] if k < len(content) else None


_PLAIN_KEY = re.compile(r"([^\s#'\"\[\]{},&*!|>%@`?-][^#]*?|-[^\s#][^#]*?)[ \t]*:(?:[ \t]|$)")
_DOUBLE = re.compile(r'"(?:[^"\\]|\\.)*"')
_SINGLE = re.compile(r"'(?:[^']|'')*'")
_AFTER_QUOTED = re.compile(r"[ \t]*:(?:[ \t]|$)")


def _key(text: str) -> tuple[str, int] | None:
    """A block mapping key at the start of ``text``: the key and where its value may start."""
    if text[:1] == '"':
        m = _DOUBLE.match(text)
        if m is None:
            return None
        try:
            key = json.loads(m.group())
        except ValueError:
            raise Unsupported from None  # YAML escapes JSON does not know
    elif text[:1] == "'":
        m = _SINGLE.match(text)
        if m is None:
            return None
        key = m.group()[1:-1].replace("''", "'")
    else:
        m = _PLAIN_KEY.match(text)
        if m is None:
            return None
        return m.group(1), m.end()
    after = _AFTER_QUOTED.match(text, m.end())
    return (key, after.end()) if after else None


class JsonFinder:
    """JSON text: members found by scanning, each container's members indexed once."""

    _SPACE = re.compile(r"[ \t\n\r]*")

    def __init__(self, text: str) -> None:
        if _ODD_BREAKS.search(text.replace("\r\n", "\n")):
            raise Unsupported
        self.text = text
        self.breaks = [m.start() for m in re.finditer("\n", text)]
        self.decoder = json.JSONDecoder()
        self.members: dict[int, Any] = {}

    def find(self, tokens: list[str]) -> tuple[Position | None, int]:
        at = self._skip(0)
        best, depth = self._position(at), 0
        for token in tokens:
            opener = self.text[at : at + 1]
            members = self._members(at)
            if opener == "{" and token in members:
                key_at, at = members[token]
                best, depth = self._position(key_at), depth + 1
            elif opener == "[" and token.isdigit() and int(token) < len(members):
                at = members[int(token)]
                best, depth = self._position(at), depth + 1
            else:
                break
        return best, depth

    def _members(self, at: int) -> Any:
        known = self.members.get(at)
        if known is not None:
            return known
        text, opener = self.text, self.text[at : at + 1]
        found: Any = {} if opener == "{" else []
        if opener in ("{", "["):
            i = self._skip(at + 1)
            close = "}" if opener == "{" else "]"
            while text[i : i + 1] != close:
                if opener == "{":
                    key_at = i
                    key, i = scanstring(text, i + 1)
                    i = self._skip(self._skip(i) + 1)  # past the colon
                    found[key] = (key_at, i)
                else:
                    found.append(i)
                _, end = self.decoder.raw_decode(text, i)
                i = self._skip(end)
                if text[i : i + 1] == ",":
                    i = self._skip(i + 1)
        self.members[at] = found
        return found

    def _skip(self, at: int) -> int:
        m = self._SPACE.match(self.text, at)
        return m.end() if m else at

    def _position(self, at: int) -> Position:
        line = bisect_right(self.breaks, at - 1)
        start = self.breaks[line - 1] + 1 if line else 0
        return (line + 1, at - start + 1)
