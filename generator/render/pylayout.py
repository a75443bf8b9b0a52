"""Black's layout, built instead of computed, for the Python the templates write.

Black stays the arbiter (the tests run it over the images output, the full OpenAI output and the
corpus sample, and assert that it changes nothing), but it need not run on every file. A rendered
module is laid out here the way black lays out the few shapes the emitter writes:

- a logical line that fits stays as it is (the templates write black's spacing and blank lines);
- a docstring stays as it is (black never wraps one; ``pycode.docstring`` writes its form);
- a long ``from m import a, b`` becomes ``from m import (`` with a name per line and a comma;
- a long call (alone, assigned to a plain name, returned, or an argument inside brackets) splits
  at its last bracket pair: the arguments stay together on the next line when they fit
  ("hugging"), else one per line with a trailing comma, each laid out the same way; a collection
  display never hugs more than one element;
- a long ``def`` splits at its parameters (black's left-hand split): a lone parameter gets a
  trailing comma, several stay together when they fit, else one per line;
- a statement the templates wrote over several lines (a magic trailing comma: black keeps it
  exploded) keeps its lines; any of its element lines that is too long is laid out as above.

Anything else that is too long (chiefly annotations, which black wraps in parentheses by rules
of its own) is left to black one statement at a time (:class:`Statement`); a module whose lines
this module cannot read at all is left to black whole (``lay_out`` returns None).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

INDENT = "    "
_COMPOUND = frozenset({"def", "async", "class", "if", "for", "while", "with"})
# One token of a line, its kind the group that matched (whitespace too: the tokens cover the line).
_TOKEN = re.compile(
    r"""(?P<string>[rRbBuUfF]{0,2}(?:"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'))|(?P<name>[A-Za-z_]\w*)|(?P<number>\d[\w.]*)"""
    r"""|(?P<space>\s+)|(?P<op>->|\*\*|//|<<|>>|[=!<>]=|:=|.)"""
)
_OPEN = {"(": ")", "[": "]", "{": "}"}
_CLOSE = frozenset(_OPEN.values())
# Delimiters black can split at besides commas: operators, comparisons, keywords of expressions.
_OPERATORS = frozenset({"|", "+", "-", "*", "/", "//", "%", "@", "&", "^", "<<", ">>", "**", "~"})
_COMPARATORS = frozenset({"==", "!=", "<", ">", "<=", ">="})
_KEYWORD_DELIMITERS = frozenset({"and", "or", "not", "in", "is", "if", "else", "for", "lambda", "async", "await"})
# A statement whose last bracket black splits at: a call, subscript or display, alone, returned,
# or assigned to a plain name (annotated with a plain name, as ``X: TypeAlias = Literal[...]``).
_PLAIN_CALL = re.compile(r"^(?:return |[A-Za-z_][\w.]*(?:: [A-Za-z_][\w.]*)? = )?(?:[A-Za-z_][\w.]*[(\[]|[\[{(])$")


class Unsupported(Exception):
    """A shape this module does not lay out: black decides it."""


@dataclass(frozen=True, slots=True)
class Statement:
    """A logical line left to black: its lines as rendered (indented), its depth, and whether it
    is a block header (black sees it with a body)."""

    text: str
    depth: int
    compound: bool


Piece = list[str] | Statement  # lines laid out here, or a statement black lays out


@dataclass(slots=True)  # not frozen: a frozen dataclass is built four times slower, and there are many
class _Tok:
    kind: str  # string | name | number | op
    text: str
    start: int
    end: int
    depth: int  # bracket depth before the token (a closing bracket: after it)


def _scan(s: str) -> list[_Tok]:
    out: list[_Tok] = []
    depth = end = 0
    for m in _TOKEN.finditer(s):
        kind = m.lastgroup
        end = m.end()
        if kind == "space":
            continue
        text = m.group()
        if kind == "op":
            if text in _CLOSE:
                depth -= 1
                if depth < 0:
                    raise Unsupported("unbalanced")
            first = text[0]
            if first == '"' or first == "'":  # a string left open
                kind = "string"
            elif first.isalpha():  # a letter past ASCII
                kind = "name"
            elif first.isdigit():
                kind = "number"
        out.append(_Tok(kind or "op", text, m.start(), end, depth))
        if text in _OPEN:
            depth += 1
    if depth != 0 or end != len(s):
        raise Unsupported("unbalanced")
    return out


def _width(s: str) -> int:
    if s.isascii():
        return len(s)
    from black.strings import str_width  # east-asian wide characters count twice, as black counts them

    return int(str_width(s))


def _has_other_delimiters(toks: list[_Tok]) -> bool:
    """Whether black could split ``toks`` at depth 0 anywhere but at a comma."""
    prev: _Tok | None = None
    for tok in toks:
        if tok.depth == 0:
            if tok.kind == "op" and tok.text in _COMPARATORS:
                return True
            if tok.kind == "op" and tok.text in _OPERATORS:
                unary = prev is None or (prev.kind == "op" and prev.text not in _CLOSE)
                if not unary:
                    return True
            if tok.kind == "name" and tok.text in _KEYWORD_DELIMITERS:
                return True
            if tok.kind == "string" and prev is not None and prev.kind == "string":
                return True
            if tok.text == "." and (prev is None or prev.text in _CLOSE):
                return True
        prev = tok
    return False


def _split(s: str, toks: list[_Tok], opening: int, closing: int) -> tuple[str, str, str]:
    """``s`` around a bracket pair: head (with the opening bracket), body, tail (from the closing)."""
    return s[: toks[opening].end], s[toks[opening].end : toks[closing].start].strip(), s[toks[closing].start :]


# A def's tail that holds no bracket (``) -> Name:``), and a class line without bases.
_PLAIN_TAIL = re.compile(r"\)(?: -> ([A-Za-z_][\w.]*))?:\Z")
_PLAIN_CLASS = re.compile(r"class [A-Za-z_]\w*:\Z")
# ``target = `` (annotated with anything) or ``return ``, then the value; group 2 is ``await `` if any.
_ASSIGNED = re.compile(r"^((?:return |[A-Za-z_][\w.]*(?:: [^=]+)? = ))(await )?")


def _split_at_pipes(s: str, toks: list[_Tok]) -> list[str]:
    """The operands of the depth-0 ``|`` in ``s``."""
    parts, start = [], 0
    for tok in toks:
        if tok.depth == 0 and tok.text == "|":
            parts.append(s[start : tok.start])
            start = tok.end
    return [*parts, s[start:]]


def _commas(s: str, toks: list[_Tok]) -> list[str]:
    """The depth-0 elements of ``s`` (a trailing comma makes no empty last element)."""
    parts: list[str] = []
    start = 0
    for tok in toks:
        if tok.depth == 0 and tok.text == ",":
            parts.append(s[start : tok.start].strip())
            start = tok.end
    last = s[start:].strip()
    if last:
        parts.append(last)
    return parts


# Laid-out lines by (line length, line, depth, inside, parameter): the templates write the same
# arguments again and again (a method's sync and async twins, one set of query parameters on
# thousands of operations), and a line's layout depends on nothing else. Bounded: cleared when full.
_LINES: dict[tuple[int, str, int, bool, bool], tuple[str, ...] | str] = {}  # lines, or why black decides
_LINES_MAX = 50_000


class Layout:
    def __init__(self, line_length: int) -> None:
        self.line_length = line_length

    def fits(self, depth: int, s: str) -> bool:
        return len(INDENT) * depth + _width(s) <= self.line_length

    # -- one logical line ------------------------------------------------------------------------
    def line(self, s: str, depth: int, *, inside: bool, parameter: bool = False) -> list[str]:
        """``s`` (one logical line, no indentation) laid out at ``depth``; ``inside``: an element
        line inside brackets (black's delimiter split comes first there), ``parameter``: a
        ``def``'s parameter (``name: hint`` is an annotation there, a dict entry elsewhere).
        Unsupported when black must decide."""
        if self.fits(depth, s):
            return [INDENT * depth + s]
        key = (self.line_length, s, depth, inside, parameter)
        known = _LINES.get(key)
        if known is not None:
            if isinstance(known, str):
                raise Unsupported(known)
            return list(known)
        if len(_LINES) >= _LINES_MAX:
            _LINES.clear()
        try:
            lines = self._long_line(s, depth, inside=inside, parameter=parameter)
        except Unsupported as why:
            _LINES[key] = str(why)
            raise
        _LINES[key] = tuple(lines)
        return lines

    def _long_line(self, s: str, depth: int, *, inside: bool, parameter: bool) -> list[str]:
        if not inside and _PLAIN_CLASS.match(s):
            return [INDENT * depth + s]  # a class with a long name and no bases: nothing to split
        toks = _scan(s)
        if not inside:
            if s.startswith("from ") and " import " in s and "(" not in s:
                return self._import(s, depth)
            if s.startswith(("def ", "async def ")):
                return self._def(s, toks, depth)
        if (parameter or not inside) and len(toks) > 2 and toks[0].kind == "name" and toks[1].text == ":":
            return self._annotated(s, toks, depth, inside=inside)
        return self._rhs(s, toks, depth, inside=inside)

    def _annotated(self, s: str, toks: list[_Tok], depth: int, *, inside: bool) -> list[str]:
        """``name: hint`` or ``name: hint = value`` (a field, an alias, or a parameter when
        ``inside``). black puts invisible parentheses around the hint and the value: a plain
        value moves into its own parentheses when the line up to them fits, else the hint
        splits at its last bracket (no delimiter in it) or goes into parentheses, one ``|``
        operand per line when it does not fit on one."""
        suffix = "," if inside and toks[-1].text == "," and toks[-1].depth == 0 else ""
        body = s[: len(s) - len(suffix)] if suffix else s
        top = [t for t in toks if t.depth == 0 and t.text in ("=", ",", ":")]
        if [t.text for t in top] not in ([":"], [":", "="], [":", ","], [":", "=", ","]):
            raise Unsupported("not one annotated name")
        name = s[: toks[1].start]
        eq = next((t for t in top if t.text == "="), None)
        hint = body[toks[1].end : eq.start if eq else len(body)].strip()
        value = body[eq.end :].strip() if eq else ""
        ind = INDENT * depth
        if value:
            vtoks = _scan(value)
            pipes = [t for t in vtoks if t.depth == 0 and t.text == "|"]
            plain_hint = re.fullmatch(r"[A-Za-z_][\w.]*", hint) is not None
            if not inside and plain_hint and pipes and not _has_other_delimiters([t for t in vtoks if t not in pipes]):
                # X: TypeAlias = Literal[...] | str: the value stays in its parentheses
                if len(pipes) == 1 and vtoks[-1].text in _CLOSE:
                    raise Unsupported("one operator and a closing bracket: black's choice depends on lengths")
                return self._parenthesized(f"{name}: {hint} = (", value, vtoks, ")", depth)
            if not inside and plain_hint and any(t.text in _OPEN for t in vtoks):
                return self._rhs(s, toks, depth, inside=False)  # X: TypeAlias = Literal[...]
            if not (len(vtoks) == 1 or all(t.kind == "name" or t.text == "." for t in vtoks)):
                raise Unsupported("a value that is not a plain name")
            # A statement's value has parentheses of its own (a parameter's default has none).
            if not inside and self.fits(depth, f"{name}: {hint} = ("):
                return [f"{ind}{name}: {hint} = (", f"{ind}{INDENT}{value}", f"{ind}){suffix}"]
            rest = f" = {value}{suffix}"
        else:
            rest = suffix
        hint_toks = _scan(hint)
        operators = [t for t in hint_toks if t.depth == 0 and t.kind == "op" and t.text in _OPERATORS]
        if any(t.text != "|" for t in operators) or _has_other_delimiters([t for t in hint_toks if t.text != "|"]):
            raise Unsupported("a hint with other delimiters")
        if not operators:  # black drops the parentheses and splits at the hint's last bracket
            closing = next(
                (i for i in range(len(hint_toks) - 1, -1, -1) if hint_toks[i].depth == 0 and hint_toks[i].text in _CLOSE), None
            )
            if closing is None and inside and not any(c in value for c in "()[]{}"):
                return [INDENT * depth + s]  # a parameter black cannot split: it stays long
            if closing is None or closing != len(hint_toks) - 1:
                raise Unsupported("a hint without a bracket to split at")
            opening = max(i for i in range(closing) if hint_toks[i].depth == 0 and hint_toks[i].text in _OPEN)
            head, inner, tail = _split(hint, hint_toks, opening, closing)
            return self._bracket(f"{name}: {head}", inner, f"{tail}{rest}", depth, trailer=True)
        if len(operators) == 1 and hint_toks[-1].text in _CLOSE:
            raise Unsupported("one operator and a closing bracket: black's choice depends on lengths")
        return self._parenthesized(f"{name}: (", hint, hint_toks, f"){rest}", depth)

    def _parenthesized(self, head: str, body: str, toks: list[_Tok], tail: str, depth: int) -> list[str]:
        """``body`` (a union) between ``head`` and ``tail``, which end and start with the
        parentheses black makes visible: on one line when it fits, else one operand a line."""
        if not (self.fits(depth, head) and self.fits(depth, tail)):
            raise Unsupported("long head or tail")
        ind = INDENT * depth
        lines = [ind + head]
        if self.fits(depth + 1, body):
            lines.append(ind + INDENT + body)
        else:
            lines += self._union(body, toks, depth + 1)
        return lines + [ind + tail]

    def _union(self, body: str, toks: list[_Tok], depth: int) -> list[str]:
        """A union split as black splits it at its ``|``: one operand a line, each laid out."""
        parts = [p.strip() for p in _split_at_pipes(body, toks)]
        return [line for i, part in enumerate(parts) for line in self.line(f"| {part}" if i else part, depth, inside=True)]

    def _bracket(self, head: str, body: str, tail: str, depth: int, *, trailer: bool, long_head: bool = False) -> list[str]:
        """``head`` + ``body`` + ``tail`` split at the bracket pair around ``body``, as black's
        right-hand split lays it out (``long_head``: a first line too long is accepted)."""
        if not body or not (long_head or self.fits(depth, head)) or not self.fits(depth, tail):
            raise Unsupported("head or tail too long")
        magic = body.endswith(",")
        ind = INDENT * depth
        if trailer and not magic and self.fits(depth + 1, body):
            return [ind + head, ind + INDENT + body, ind + tail]
        inner = _scan(body)
        elements = _commas(body, inner)
        if not magic and self.fits(depth + 1, body) and len(elements) == 1:
            return [ind + head, ind + INDENT + body, ind + tail]
        pipes = [t for t in inner if t.depth == 0 and t.text == "|"]
        if pipes and len(elements) == 1 and not _has_other_delimiters([t for t in inner if t not in pipes]):
            return [ind + head, *self._union(body, inner, depth + 1), ind + tail]
        if _has_other_delimiters(inner):
            raise Unsupported("other delimiters in the body")
        if len(elements) == 1 and not magic:
            return [ind + head, *self.line(body, depth + 1, inside=True), ind + tail]
        lines = [ind + head]
        for element in elements:
            lines += self.line(element + ",", depth + 1, inside=True)
        return lines + [ind + tail]

    def _import(self, s: str, depth: int) -> list[str]:
        head, names = s.split(" import ", 1)
        ind = INDENT * depth
        items = [n.strip() for n in names.split(",") if n.strip()]
        out = [ind + head + " import ("]
        for item in items:  # a name too long for its line stays on it: black cannot split it
            out.append(ind + INDENT + item + ",")
        if not self.fits(depth, head + " import ("):
            raise Unsupported("long import head")
        return out + [ind + ")"]

    def _def(self, s: str, toks: list[_Tok], depth: int) -> list[str]:
        """black's left-hand split of a ``def``: at its parameter list. A lone parameter gets a
        trailing comma (so it stays exploded); several stay together when they fit."""
        opening = next((i for i, t in enumerate(toks) if t.text == "(" and t.depth == 0), None)
        if opening is None:
            raise Unsupported("def without parameters")
        closing = next(i for i in range(opening + 1, len(toks)) if toks[i].depth == 0 and toks[i].text == ")")
        head, body, tail = _split(s, toks, opening, closing)
        plain = _PLAIN_TAIL.match(tail)
        if not body or not self.fits(depth, head) or not (self.fits(depth, tail) or plain):
            raise Unsupported("def head or tail too long")
        ind = INDENT * depth
        tails = [ind + tail]
        if plain and not self.fits(depth, tail) and self.fits(depth + 1, plain.group(1)):
            tails = [ind + ") -> (", ind + INDENT + plain.group(1), ind + "):"]  # the return type in parentheses
        # else a long tail with no bracket stays as it is: black has nothing to split it at
        params = _commas(body, _scan(body))
        if len(params) > 1 and not body.endswith(",") and self.fits(depth + 1, body):
            return [ind + head, ind + INDENT + body, *tails]
        lines = [ind + head]
        for param in params:
            lines += self.line(param + ",", depth + 1, inside=True, parameter=True)
        return lines + tails

    def _rhs(self, s: str, toks: list[_Tok], depth: int, *, inside: bool) -> list[str]:
        """black's right-hand split at the last bracket pair, for the shapes it is safe on:
        inside brackets ``name=call(...),``, ``call(...),`` or ``"key": call(...),``; as a
        statement a call alone, assigned to a plain name, or returned."""
        rest = toks[:-1] if inside and toks and toks[-1].text == "," and toks[-1].depth == 0 else toks
        top = [t for t in rest if t.depth == 0]
        if inside:
            if any(t.text == "," for t in top):
                raise Unsupported("several elements on one line")
            if any(t.text in (":", "=") for t in top):
                keyword = len(top) > 1 and top[0].kind == "name" and top[1].text == "=" and top[0] is rest[0]
                entry = len(top) > 1 and top[0].kind == "string" and top[1].text == ":" and top[0] is rest[0]
                if not (keyword or entry) or sum(t.text in (":", "=") for t in top) > 1:
                    raise Unsupported("an annotation or an assignment")
        elif any(t.text == "->" for t in top) or (
            any(t.text == ":" for t in top) and not (len(top) > 2 and top[1].text == ":" and top[0] is rest[0])
        ):
            raise Unsupported("an annotated statement")
        if _has_other_delimiters(rest):
            raise Unsupported("other delimiters")
        closing = next((i for i in range(len(rest) - 1, -1, -1) if rest[i].depth == 0 and rest[i].text in _CLOSE), None)
        if closing is None:
            if inside:
                return [INDENT * depth + s]  # nothing to split at: black leaves it long
            raise Unsupported("no brackets")
        opening = max(i for i in range(closing) if rest[i].depth == 0 and rest[i].text in _OPEN)
        head, body, tail = _split(s, rest, opening, closing)
        before = rest[opening - 1] if opening > 0 else None
        trailer = before is not None and (
            (before.kind == "name" and before.text not in _KEYWORD_DELIMITERS and before.text != "return")
            or before.kind == "string"
            or before.text in _CLOSE
        )
        if not inside and _PLAIN_CALL.match(head) is None:
            raise Unsupported("a statement that is not a plain call")
        if not inside and not self.fits(depth, head):
            try:
                return self._in_parentheses(s, depth)
            except Unsupported:
                unsplittable = not any(c in body for c in "()[]{},") and not _has_other_delimiters(_scan(body))
                if not (self.fits(depth, tail) and (self.fits(depth + 1, body) or unsplittable) and trailer):
                    raise
                # black's first answer stands: the long first line as it is, the rest hugging
                ind = INDENT * depth
                return [ind + head, ind + INDENT + body, ind + tail]
        if inside and not self.fits(depth, head) and trailer and sum(t.depth == 0 and t.text in _OPEN for t in rest) == 1:
            # An argument line whose one call starts too far right: black has no other bracket
            # to try, so the long first line stays and the arguments are laid out below it.
            return self._bracket(head, body, tail, depth, trailer=True, long_head=True)
        return self._bracket(head, body, tail, depth, trailer=trailer)

    # -- a module ----------------------------------------------------------------------------------
    def module(self, text: str) -> list[Piece] | None:
        """``text`` as pieces: lines laid out here, and statements left to black. None: black
        formats the whole module."""
        lines = text.split("\n")
        if all(self.fits(0, line) for line in lines):
            return [lines]
        try:
            logical = _logical_lines(text)
        except Unsupported:
            return None
        pieces: list[Piece] = []
        done = 0  # lines before this index are placed
        for stmt in logical:
            rows = lines[stmt.first : stmt.last + 1]
            if stmt.lone_string or all(self.fits(0, row) for row in rows):
                continue  # it fits, or it is a docstring (black never wraps one)
            if done < stmt.first:
                pieces.append(lines[done : stmt.first])
            try:
                pieces.append(self._statement(rows, stmt.comment))
            except Unsupported:
                return None
            done = stmt.last + 1
        pieces.append(lines[done:])
        return pieces

    def _statement(self, rows: list[str], comment: bool) -> Piece:
        indent = len(rows[0]) - len(rows[0].lstrip(" "))
        depth = indent // len(INDENT)
        content = rows[0].strip()
        keyword = content.split(" ", 1)[0].split("(", 1)[0].rstrip(":")
        if keyword in ("elif", "else", "except", "finally", "try", "case", "match") or content.startswith("@"):
            raise Unsupported("a clause black cannot see alone")
        compound = keyword in _COMPOUND and rows[-1].rstrip().endswith(":")
        fallback = Statement("\n".join(rows), depth, compound)
        if comment or indent % len(INDENT):
            return fallback
        try:
            if len(rows) == 1:
                return self.line(content, depth, inside=False)
            return self._exploded(rows, depth)
        except Unsupported:
            return fallback

    def _in_parentheses(self, s: str, depth: int) -> list[str]:
        """``target = value`` or ``return value`` whose split at the value's last bracket leaves
        a first line too long: black's second opinion puts the value in parentheses, on lines of
        its own, and takes that when every line then fits."""
        m = _ASSIGNED.match(s)
        if m is None:
            raise Unsupported("a long head that is not an assignment")
        prefix, value = m.group(1), s[m.end() :]
        lines = [INDENT * depth + prefix + "(", *self.line(value, depth + 1, inside=True), INDENT * depth + ")"]
        if not all(self.fits(0, line) for line in lines):
            raise Unsupported("too long even in parentheses")
        return lines

    def _exploded(self, rows: list[str], depth: int) -> list[str]:
        """A statement the template wrote exploded (``head(``, one element per line, ``)tail``):
        black keeps the skeleton; an element line that is too long is laid out alone. A head too
        long for its line puts the value in parentheses, one level deeper, as black does (black
        cannot omit the optional parentheses when the head they would leave is too long: that
        holds even when a line inside stays too long, a long string's), provided the target
        and its ``= (`` fit."""
        if not self.fits(0, rows[0]) and self.fits(0, rows[-1]) and rows[-1].strip() == ")":
            m = _ASSIGNED.match(rows[0].strip())
            if m is None:
                raise Unsupported("a long head that is not an assignment")
            if not self.fits(depth, m.group(1) + "("):
                raise Unsupported("a target too long for its line")
            ind = INDENT * depth
            moved = [ind + INDENT + (m.group(2) or "") + rows[0].strip()[m.end() :]]
            moved += [INDENT + row for row in rows[1:]]
            return [ind + m.group(1) + "(", *self._exploded(moved, depth + 1), ind + ")"]
        long_def = rows[0].lstrip().startswith(("def ", "async def ")) and rows[0].rstrip().endswith("(")
        if not ((self.fits(0, rows[0]) or long_def) and self.fits(0, rows[-1])):  # a def's name cannot split
            raise Unsupported("long head or tail of an exploded statement")
        if rows[0].rstrip()[-1:] not in _OPEN:
            raise Unsupported("not exploded at its last bracket")
        middle: list[str] = []
        inner = INDENT * (depth + 1)
        parameters = rows[0].lstrip().startswith(("def ", "async def "))
        for row in rows[1:-1]:
            if self.fits(0, row):
                middle.append(row)
                continue
            if not row.startswith(inner) or row[len(inner) : len(inner) + 1] == " " or not row.rstrip().endswith(","):
                raise Unsupported("long line inside an exploded statement")
            middle += self.line(row.strip(), depth + 1, inside=True, parameter=parameters)  # one element, or Unsupported
        return [rows[0], *middle, rows[-1]]


# What decides where a logical line ends: strings (a triple-quoted one may span lines),
# comments, brackets and newlines; the regex engine skips everything else.
_STRUCTURE = re.compile(
    r'[rRbBuUfF]{0,2}(?:"""(?:\\.|[^\\])*?"""'
    + r"|'''(?:\\.|[^\\])*?'''"
    + r'|"(?:\\.|[^"\\\n])*"'
    + r"|'(?:\\.|[^'\\\n])*')"
    + r"|#[^\n]*|[()\[\]{}]|\\\n|\n"
)


@dataclass(slots=True)
class _Logical:
    first: int  # 0-based index of its first line
    last: int  # index of its last line
    lone_string: bool  # one string and nothing else: a docstring
    comment: bool


def _logical_lines(text: str) -> list[_Logical]:
    """The logical lines of ``text`` (blank lines and lines that are only a comment aside)."""
    out: list[_Logical] = []
    depth = row = line_start = 0
    start_row = start_at = -1  # the current logical line's first row and its offset; -1: none
    comment, tokens, string_span = False, 0, (0, 0)
    for m in _STRUCTURE.finditer(text):
        token = m.group()
        kind = token[0]
        if kind == "\n":
            if start_row < 0 and text[line_start : m.start()].split("#", 1)[0].strip():
                start_row, start_at = row, line_start  # code without brackets or strings
            if depth == 0 and start_row >= 0:
                s, e = string_span
                lone = tokens == 1 and e > s and not text[start_at:s].strip() and not text[e : m.start()].split("#", 1)[0].strip()
                out.append(_Logical(start_row, row, lone, comment))
                start_row, tokens = -1, 0
            if start_row < 0:
                comment = False
            row += 1
            line_start = m.end()
            continue
        if kind == "#":
            comment = True
            continue
        if token == "\\\n":
            raise Unsupported("a backslash continuation")
        if start_row < 0:
            start_row, start_at = row, line_start
        tokens += 1
        if token in _OPEN:
            depth += 1
        elif token in _CLOSE:
            depth -= 1
            if depth < 0:
                raise Unsupported("unbalanced")
        else:  # a string
            string_span = (m.start(), m.end())
            newlines = token.count("\n")
            if newlines:
                row += newlines
                line_start = m.start() + token.rfind("\n") + 1
    if depth != 0:
        raise Unsupported("unbalanced")
    if start_row >= 0:
        out.append(_Logical(start_row, row, False, comment))
    return out
