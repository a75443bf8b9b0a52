"""Every bit of Python syntax built from data: literals, docstrings, comments, type hints,
decoder expressions and imports. Spec text reaches generated code only through here.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .ir import types as t
from .ir.decls import Alias, Declaration, Model


@dataclass(frozen=True, slots=True, order=True)
class Import:
    """``from module import name`` (``name`` empty: ``import module``)."""

    module: str
    name: str = ""
    alias: str = ""

    def render(self) -> str:
        suffix = f" as {self.alias}" if self.alias else ""
        return f"from {self.module} import {self.name}{suffix}" if self.name else f"import {self.module}{suffix}"


def name_order(name: str) -> tuple[int, str]:
    """isort's order by type (as ruff applies it to imported names and to ``__all__``):
    CONSTANTS, then Classes, then everything else."""
    base = name.split(" as ")[0]
    return (0 if base.isupper() and len(base) > 1 else 1 if base[:1].isupper() else 2, base)


def module_order(module: str) -> tuple[tuple[int, int | str], ...]:
    """isort's natural order of module names, as ruff sorts them: case-insensitive, and digit
    runs compared as numbers (``x_65d`` before ``x_256a``)."""
    return tuple((1, int(part)) if part.isdigit() else (0, part) for part in re.findall(r"\d+|\D+", module.lower()))


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
            named = sorted({(i.name + (f" as {i.alias}" if i.alias else "")) for i in imps if i.name}, key=name_order)
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
    """Description text for a docstring section: one paragraph per line, whitespace folded."""
    return "\n".join(" ".join(p.split()) for p in text.strip().split("\n\n") if p.strip())


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
            return f"list[{self.hint(shape.item)}]"
        if isinstance(shape, t.MapShape):
            return f"dict[str, {self.hint(shape.value)}]"
        if isinstance(shape, t.RefShape):
            self.names.add(shape.key)
            return self.class_of(shape.key)
        if isinstance(shape, t.UnionShape):
            parts = [self.hint(v) for v in shape.variants]
            # open enums read best as ``Literal[...] | str``: the bare str goes last
            parts = [p for p in parts if p != "str"] + (["str"] if "str" in parts else [])
            return " | ".join(dict.fromkeys(parts))
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

    def closed_enum(self, shape: t.TypeShape, depth: int = 0) -> tuple[object, ...]:
        """The allowed values when ``shape`` is a closed enum (directly or through aliases)."""
        shape = self._without_null(shape)
        if isinstance(shape, t.LiteralShape) and not shape.open:
            return shape.values
        if isinstance(shape, t.RefShape) and depth < 8:
            decl = self.resolve(shape.key)
            if isinstance(decl, Alias):
                return self.closed_enum(decl.type, depth + 1)
        return ()

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
