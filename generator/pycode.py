"""Every bit of Python syntax built from data: literals, docstrings, comments, type hints,
decoder expressions and imports. Spec text reaches generated code only through here.
"""

from __future__ import annotations

import ast
import functools
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .doctext import readable
from .ir import types as t
from .ir.decls import Alias, Declaration, Model
from .ir.walk import resolved


@dataclass(frozen=True, slots=True, order=True)
class Import:
    """``from module import name`` (``name`` empty: ``import module``)."""

    module: str
    name: str = ""
    alias: str = ""

    def render(self) -> str:
        suffix = f" as {self.alias}" if self.alias else ""
        return f"from {self.module} import {self.name}{suffix}" if self.name else f"import {self.module}{suffix}"


def name_order(name: str, *, fold: bool = False) -> tuple[int, _Natural]:
    """isort's order by type, as ruff's RUF022 sorts ``__all__``: CONSTANTS (``V1`` too), then
    Classes, then everything else, each in natural order, case-sensitive."""
    base = name.split(" as ")[0]
    return (0 if base.isupper() and len(base) > 1 else 1 if base[:1].isupper() else 2, _Natural(base, fold=fold))


def import_order(name: str) -> tuple[int, _Natural]:
    """The same for the names of one ``from x import a, b``, which ruff's isort compares
    ignoring case (``AsyncAToZ`` before ``AToZ``)."""
    return name_order(name, fold=True)


@functools.total_ordering
class _Natural:
    """A sort key in ruff's natural order (the ``natord`` crate, Martin Pool's strnatcmp):
    case-insensitive; digit runs compared as numbers (``x_65d`` before ``x_256a``), except that
    a run with a leading zero is compared digit by digit from the left (``x_036`` before
    ``x_3a``, as in hashed module names)."""

    __slots__ = ("digits", "text")

    def __init__(self, text: str, *, fold: bool = True) -> None:
        self.text = text.lower() if fold else text
        self.digits = any(map(str.isdigit, self.text))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Natural) and self.text == other.text

    def __hash__(self) -> int:
        return hash(self.text)

    def __lt__(self, other: _Natural) -> bool:
        if not (self.digits and other.digits):  # without a digit run on both sides: plain order
            return self.text < other.text
        return _natural_cmp(self.text, other.text) < 0


def _natural_cmp(a: str, b: str) -> int:
    i = j = 0
    while i < len(a) and j < len(b):
        ca, cb = a[i], b[j]
        if ca.isdigit() and cb.isdigit():
            ei, ej = i, j
            while ei < len(a) and a[ei].isdigit():
                ei += 1
            while ej < len(b) and b[ej].isdigit():
                ej += 1
            ra, rb = a[i:ei], b[j:ej]
            if ca == "0" or cb == "0":  # fractional: left-aligned, digit by digit; the longer run is greater
                for x, y in zip(ra, rb):
                    if x != y:
                        return -1 if x < y else 1
                if len(ra) != len(rb):
                    return -1 if len(ra) < len(rb) else 1
            elif len(ra) != len(rb):  # whole numbers: the longer is greater, else the first difference
                return -1 if len(ra) < len(rb) else 1
            elif ra != rb:
                return -1 if ra < rb else 1
            i, j = ei, ej
            continue
        if ca != cb:
            return -1 if ca < cb else 1
        i, j = i + 1, j + 1
    return (len(a) - i > 0) - (len(b) - j > 0)


def _one_literal(parts: list[str]) -> list[str]:
    """``Literal["a"] | int | Literal[""]`` as ``Literal["a", ""] | int`` (one Literal per union,
    where the first stood: ruff's PYI030)."""
    plain = [p for p in parts if p.startswith("Literal[") and p.endswith("]") and " | " not in p]
    if len(plain) < 2:
        return parts
    merged = "Literal[" + ", ".join(dict.fromkeys(v for p in plain for v in _literal_values(p[8:-1]))) + "]"
    out: list[str] = []
    for p in parts:
        if p in plain:
            if merged not in out:
                out.append(merged)
        else:
            out.append(p)
    return out


def _literal_values(inside: str) -> list[str]:
    """The values of a ``Literal[...]`` display, as written (a comma inside a string does not split)."""
    source = f"({inside},)"
    node = ast.parse(source, mode="eval").body
    assert isinstance(node, ast.Tuple)
    return [ast.get_source_segment(source, e) or "" for e in node.elts]


def module_order(module: str) -> _Natural:
    """isort's natural order of module names, as ruff sorts them (see ``_Natural``)."""
    return _Natural(module)


def render_imports(imports: set[Import]) -> list[str]:
    """One line per module, names sorted: stdlib/third-party first, relative imports last."""
    by_module: dict[tuple[int, str], list[Import]] = {}
    for imp in imports:
        group = 0 if imp.module == "__future__" else 2 if imp.module.startswith(".") else 1
        by_module.setdefault((group, imp.module), []).append(imp)
    lines: list[str] = []
    for group in sorted({g for g, _ in by_module}):
        if lines:
            lines.append("")
        modules = sorted(((m, imps) for (g, m), imps in by_module.items() if g == group), key=lambda mi: module_order(mi[0]))
        # isort's layout, as ruff checks it: `import x` lines first, then `from x import ...`
        lines.extend(i.render() for _, imps in modules for i in sorted(i for i in imps if not i.name))
        for module, imps in modules:
            named = sorted({(i.name + (f" as {i.alias}" if i.alias else "")) for i in imps if i.name}, key=import_order)
            if named:
                lines.append(f"from {module} import {', '.join(named)}")
    return lines


def literal(value: object) -> str:
    """A Python expression equal to ``value`` (JSON data only); never executable spec text."""
    if value is None or isinstance(value, (bool, int)):
        return repr(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return f'float("{value}")'
        return repr(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_string(str(k))}: {literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"not JSON data: {type(value).__name__}")


def _string(value: str) -> str:
    """A string literal in black's quotes: double, unless single quotes need fewer escapes.
    Backslashes, control characters and lone surrogates (which would not encode as UTF-8)
    are escaped as ``repr`` escapes them."""
    if value.isprintable() and '"' not in value and "\\" not in value:
        return f'"{value}"'
    double, single = _quoted_body(value, '"'), _quoted_body(value, "'")
    if single.count("\\") < double.count("\\"):
        return f"'{single}'"
    return f'"{double}"'


def _quoted_body(value: str, quote: str) -> str:
    return "".join("\\" + ch if ch == quote else "\\\\" if ch == "\\" else repr(ch)[1:-1] for ch in value)


def _doc_escape(text: str) -> str:
    text = text.replace("\r\n", "\n")
    if text.replace("\n", "").replace("\t", "").isprintable():  # no character needs an escape but \\
        return _EDGE_QUOTE.sub(r'\\"', text.replace("\\", "\\\\"))
    out = []
    for ch in text:
        if ch == "\\":
            out.append("\\\\")
        elif ch == "\n" or ch == "\t":
            out.append(ch)
        elif not ch.isprintable() or 0xD800 <= ord(ch) <= 0xDFFF:
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(ch)
    return _EDGE_QUOTE.sub(r'\\"', "".join(out))


# A quote next to another quote, or last, could close the docstring: those are escaped.
_EDGE_QUOTE = re.compile(r'"(?="|$)|(?<=")"')


def docstring(text: str, indent: str = "", *, attribute: bool = False) -> str:
    """A complete docstring (with quotes) whose value is ``text``; safe for any input. Laid out
    as black lays out docstrings: lines after the first lose their common indentation and get
    ``indent``; in a real docstring (not an ``attribute``'s, which black leaves as written) a
    quote that would touch the delimiters gets a space."""
    body = _doc_escape(text.strip())
    lines = [line.rstrip() for line in body.split("\n")]
    if len(lines) == 1:
        line = lines[0]
        if not attribute:  # black pads a quote that would touch the delimiters
            line = (" " if line.startswith('"') else "") + line + (" " if line.endswith('"') else "")
        return f'"""{line}"""'
    rest = [_expand_leading_tabs(line) for line in lines[1:]]
    common = min((len(line) - len(line.lstrip()) for line in rest if line.strip()), default=0)
    rendered = "\n".join((indent + line[common:]) if line.strip() else "" for line in rest)
    first = (" " if lines[0].startswith('"') and not attribute else "") + lines[0]
    return f'"""{first}\n{rendered}\n{indent}"""'


def _expand_leading_tabs(line: str) -> str:
    stripped = line.lstrip()
    return line if not stripped or stripped == line else line[: len(line) - len(stripped)].expandtabs() + stripped


def markdown_inline(text: str) -> str:
    """Description text for a docstring section: its HTML turned into Markdown, one paragraph
    per line, whitespace folded."""
    return "\n".join(" ".join(p.split()) for p in readable(text).strip().split("\n\n") if p.strip())


def wrap(text: str, width: int = 88, hanging: str = "") -> str:
    """Wrap each line of ``text`` at ``width``; continuation lines get ``hanging`` indent."""
    import textwrap

    out = []
    for line in text.split("\n"):
        lead = line[: len(line) - len(line.lstrip())]
        if len(line) <= width:
            out.append(line)
            continue
        out.extend(
            textwrap.wrap(line, width=width, subsequent_indent=lead + hanging, break_long_words=False, break_on_hyphens=False)
            or [line]
        )
    return "\n".join(out)


# -- type hints -----------------------------------------------------------------------------------
@dataclass(slots=True)
class Hints:
    """Builds type hints for one generated module, collecting the imports they need."""

    resolve: Callable[[str], Declaration]
    class_of: Callable[[str], str]  # declaration key -> class name
    file_type: str = "FileTypes"
    list_type: str = "list"  # "builtins.list" in a class with a method named list (REST names)
    imports: set[Import] = field(default_factory=set)
    names: set[str] = field(default_factory=set)  # keys of the declarations named in type hints
    runtime_names: set[str] = field(default_factory=set)  # keys of the classes whose from_dict a decoder calls

    def hint(self, shape: t.TypeShape) -> str:
        if isinstance(shape, t.Primitive):
            return shape.kind
        if isinstance(shape, t.LiteralShape):
            self.imports.add(Import("typing", "Literal"))
            hint = f"Literal[{', '.join(literal(v) for v in shape.values)}]"
            return f"{hint} | str" if shape.open else hint
        if isinstance(shape, t.ArrayShape):
            if self.list_type == "builtins.list":
                self.imports.add(Import("builtins"))
            return f"{self.list_type}[{self.hint(shape.item)}]"
        if isinstance(shape, t.MapShape):
            return f"dict[str, {self.hint(shape.value)}]"
        if isinstance(shape, t.RefShape):
            self.names.add(shape.key)
            return self.class_of(shape.key)
        if isinstance(shape, t.UnionShape):
            parts = [self.hint(v) for v in shape.variants]
            # open enums read best as ``Literal[...] | str``: the bare str goes last
            parts = [p for p in parts if p != "str"] + (["str"] if "str" in parts else [])
            return " | ".join(dict.fromkeys(_one_literal(parts)))
        if isinstance(shape, t.NullableShape):
            return f"{self.hint(shape.inner)} | None"
        if isinstance(shape, t.FileShape):
            return self.file_type
        if isinstance(shape, t.NullShape):
            return "None"
        self.imports.add(Import("typing", "Any"))
        return "Any"

    def decoder(self, shape: t.TypeShape, _seen: frozenset[str] = frozenset(), *, strip_null: bool = False) -> str:
        """An expression for a ``(value, path) -> T`` function that checks and converts JSON.

        ``strip_null``: the caller handles null itself, so a nullable wrapper at the top (also
        one inside a named alias) is left out."""
        if strip_null:
            shape = self._without_null(shape)
        if isinstance(shape, t.Primitive):
            return f"_serde.decode_{shape.kind}"
        if isinstance(shape, t.LiteralShape):
            return f"_serde.literal({', '.join(literal(v) for v in shape.values)})"
        if isinstance(shape, t.ArrayShape):
            return f"_serde.list_of({self.decoder(shape.item, _seen)})"
        if isinstance(shape, t.MapShape):
            return f"_serde.dict_of({self.decoder(shape.value, _seen)})"
        if isinstance(shape, t.NullableShape):
            return f"_serde.nullable({self.decoder(shape.inner, _seen)})"
        if isinstance(shape, t.UnionShape):
            union = f"_serde.union({', '.join(self.decoder(v, _seen) for v in shape.variants)})"
            if shape.discriminator is None:
                return union
            grouped: dict[str, list[str]] = {}
            for value, key in shape.discriminator.mapping:  # variants sharing a value: best fit among them
                grouped.setdefault(value, []).append(self.decoder(t.RefShape(key=key), _seen))
            cases = ", ".join(
                f"{literal(value)}: {decoders[0] if len(decoders) == 1 else '_serde.union(' + ', '.join(decoders) + ')'}"
                for value, decoders in grouped.items()
            )
            return f"_serde.discriminated({literal(shape.discriminator.property)}, {{{cases}}}, {union})"
        if isinstance(shape, t.RefShape):
            decl = self.resolve(shape.key)
            if isinstance(decl, Model):
                self.runtime_names.add(shape.key)
                return f"{self.class_of(shape.key)}.from_dict"
            if isinstance(decl, Alias) and shape.key not in _seen:
                return self.decoder(decl.type, _seen | {shape.key})
            return "_serde.decode_any"
        if isinstance(shape, t.FileShape):
            return "_serde.decode_str"
        if isinstance(shape, t.NullShape):
            return "_serde.decode_none"
        return "_serde.decode_any"

    def closed_enum(self, shape: t.TypeShape) -> tuple[object, ...]:
        """The allowed values when ``shape`` is a closed enum (directly or through aliases)."""
        shape = resolved(self.resolve, shape)
        return shape.values if isinstance(shape, t.LiteralShape) and not shape.open else ()

    def _without_null(self, shape: t.TypeShape, depth: int = 0) -> t.TypeShape:
        if isinstance(shape, t.NullableShape):
            return shape.inner
        if isinstance(shape, t.RefShape) and depth < 8:
            decl = self.resolve(shape.key)
            if isinstance(decl, Alias):
                inner = self._without_null(decl.type, depth + 1)
                if inner != decl.type:
                    return inner
        return shape
