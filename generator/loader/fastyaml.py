"""The fast path for YAML: a compiled YAML 1.2 parser (yaml-rs, Rust) for the documents it
reads exactly as the exact path in ``source`` does, about 15 times faster than composing with
libyaml and without keeping a node per value.

yaml-rs differs from the exact path in a few corners: it drops tags, ignores merge keys
(``<<``), accepts several documents, reads ``1_000``, ``0b101``, ``0X1F`` and ``+0x10`` as
numbers, and returns non-string mapping keys. A document that could meet any of those (judged
from its text, erring on the side of the exact path) or that yaml-rs refuses goes the exact
way, which also reports errors with their lines. Anchors and aliases go the exact way too, so
the alias bound (billion laughs) stays where it is.
"""

from __future__ import annotations

import re
from typing import Any

import yaml_rs

_LEADING_DOCUMENT = re.compile(r"\A(?:[ \t]*(?:#[^\n]*)?\n)*---[ \t]*(?:#[^\n]*)?\n")
_TOKEN = frozenset("0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_.+-")
_NUMBER_CHARS = frozenset("0123456789abcdefABCDEFxXoObB_.+-")
_WORD_ONLY = _TOKEN - _NUMBER_CHARS  # letters that make a token a word, never a number
_NAME_END = frozenset(" \t\n,[]{}")
# Plain scalars yaml-rs reads as numbers and YAML 1.2's core schema as strings: digit
# separators, binary, upper-case radix marks, signed hex and octal.
_SEPARATED = re.compile(r"[-+]?[._0-9][0-9a-fA-FxXoObB_.+\-]*")
_RADIX = re.compile(r"[-+]?0[bBXO][0-9a-fA-F_]*|[-+]0[xo][0-9a-fA-F_]*")
# A number key whose digits the exact path keeps as written (``0200:``, ``+1:``, ``0x1F:``).
_ODD_NUMBER_KEY = re.compile(
    r"(?:^|[-?][ \t]|[{,])[ \t]*(?:[-+]?0[0-9]+|\+[0-9]+|-0|[-+]?0[xoXO][0-9a-fA-F]+)[ \t]*:", re.MULTILINE
)


def parse(text: str) -> tuple[bool, Any]:
    """``(True, value)`` when the fast path read the document as the exact path would, else
    ``(False, None)``: the caller takes the exact path."""
    probe = text.replace("\r\n", "\n")
    if "\r" in probe or not _plain(probe):
        return False, None
    try:
        value = yaml_rs.loads(text, parse_datetime=False)
    except Exception:  # noqa: BLE001 - any refusal: the exact path says what and where
        return False, None
    if value is None or not _string_keys(value, probe):
        return False, None
    return True, value


def _plain(text: str) -> bool:
    """Nothing in the text the fast path could read differently. Plain ``str.find`` scans (a
    regular expression over the whole text costs more than the parse): each occurrence of an
    indicator character is judged by where it stands."""
    body = _LEADING_DOCUMENT.sub("", text, count=1)
    if body.startswith(("---", "...", "%")) or any(m in body for m in ("\n---", "\n...", "\n%")):
        return False  # several documents, or a directive (a scalar's line starting so is rare: it only costs speed)
    at = body.find("<<")
    while at >= 0:  # a merge key
        if body[at + 2 :].lstrip(" \t")[:1] == ":":
            return False
        at = body.find("<<", at + 2)
    for mark in "!&*":  # tags, anchors, aliases
        at = body.find(mark)
        while at >= 0:
            after = body[at + 1 : at + 2]
            if after and after not in _NAME_END and after != "*" and _node_start(body, at):
                return False
            at = body.find(mark, at + 1)
    at = body.find("_")
    while at >= 0:  # digit separators; most underscores stand in a word, and are passed over here
        if body[at - 1 : at] not in _WORD_ONLY and body[at + 1 : at + 2] not in _WORD_ONLY and _numberish(body, at):
            return False
        at = body.find("_", at + 1)
    for mark in ("0b", "0B", "0X", "0O", "+0x", "-0x", "+0o", "-0o"):
        at = body.find(mark)
        while at >= 0:
            if _numberish(body, at):
                return False
            at = body.find(mark, at + 1)
    return True


def _node_start(text: str, at: int) -> bool:
    """Whether a node can begin at ``at``: at a line's start (after indentation), after a key's
    colon, a sequence dash or a complex-key mark and a space, or after a flow indicator."""
    i = at - 1
    while i >= 0 and text[i] in " \t":
        i -= 1
    if i < 0 or text[i] == "\n" or text[i] in "[{,":
        return True
    return text[i] in ":?-" and i < at - 1


def _numberish(text: str, at: int) -> bool:
    """Whether the plain scalar around ``at`` is one yaml-rs reads as a number and the exact
    path as a string."""
    start = at
    while start > 0 and text[start - 1] in _TOKEN:
        start -= 1
    end = at
    while end < len(text) and text[end] in _TOKEN:
        end += 1
    if text[end : end + 1] not in ("", "\n", " ", "\t", "#", ",", "]", "}", ":") or not _node_start(text, start):
        return False
    token = text[start:end]
    return ("_" in token and bool(_SEPARATED.fullmatch(token))) or bool(_RADIX.fullmatch(token))


def _string_keys(root: Any, text: str) -> bool:
    """Every mapping key a string (an unquoted ``200:`` is turned into ``"200"`` in place, as
    the exact path reads it); False for any other kind of key."""
    odd_keys: bool | None = None
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if not all(type(k) is str for k in node):
                if odd_keys is None:
                    odd_keys = _ODD_NUMBER_KEY.search(text) is not None
                if odd_keys:
                    return False
                fixed = {}
                for k, v in node.items():
                    if type(k) is not str and type(k) is not int:
                        return False  # bool, float, null or complex keys: the exact path says what they are
                    fixed[str(k)] = v
                if len(fixed) != len(node):
                    return False
                node.clear()
                node.update(fixed)
            stack.extend(v for v in node.values() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend(v for v in node if isinstance(v, (dict, list)))
    return True
