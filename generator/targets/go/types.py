"""The Go type of each IR type shape, as a ready-to-print type expression, and the parts a file
collects on the way: the packages its types need and the inline string enums they name."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from ...doctext import readable
from ...gonames import GoNames, exported
from ...ir import Alias, Api, Model
from ...ir import types as t
from ...naming import words
from . import GoEnumConstant, GoEnumView

OWN_PACKAGES = frozenset({"option"})  # the module's own packages, imported by module path


def go_string(value: str) -> str:
    """A Go interpreted string literal. JSON's escapes are Go's, but for characters beyond the
    BMP (a surrogate pair in JSON, one ``\\U`` escape in Go) and lone surrogates (no character
    at all: U+FFFD, as Go's encoding/json reads them)."""
    text = json.dumps(value)
    return _SURROGATES.sub(_go_escape, text) if "\\ud" in text else text


# An escaped backslash (kept), a surrogate pair, or a lone surrogate, in json.dumps's output.
_SURROGATES = re.compile(r"(\\\\)|\\u(d[89ab][0-9a-f]{2})\\u(d[c-f][0-9a-f]{2})|\\u(d[89a-f][0-9a-f]{2})")


def _go_escape(m: re.Match[str]) -> str:
    if m.group(1):
        return m.group(1)
    if m.group(2):
        high, low = int(m.group(2), 16), int(m.group(3), 16)
        return f"\\U{0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00):08x}"
    return "\\ufffd"


def doc_lines(text: str | None) -> tuple[str, ...]:
    """A comment's lines, one per source line with its spaces collapsed (gofmt keeps them as
    written), the empty ones left out."""
    if not text or not text.strip():
        return ()
    return tuple(line for line in (" ".join(raw.split()) for raw in readable(text).strip().splitlines()) if line)


def import_lines(packages: set[str], module: str) -> tuple[str, ...]:
    """The import block's lines: the standard library's packages, then the module's own."""
    std = [go_string(p) for p in sorted(packages - OWN_PACKAGES)]
    own = [go_string(f"{module}/{p}") for p in sorted(packages & OWN_PACKAGES)]
    return (*std, *([""] if std and own else []), *own)


@dataclass
class Parts:
    """What one file collects while its types are worked out."""

    imports: set[str] = field(default_factory=set)
    enums: list[GoEnumView] = field(default_factory=list)

    def take_enums(self) -> tuple[GoEnumView, ...]:
        """The inline enums collected since the last call (declared before what needs them)."""
        taken = tuple(self.enums)
        self.enums.clear()
        return taken


class GoTypes:
    def __init__(self, api: Api, names: GoNames) -> None:
        self.api = api
        self.names = names
        self.written: set[str] = set()  # enum types already declared (in this file or another)

    def type_of(self, shape: t.TypeShape, out: Parts, *, owner: str, member: str, params: bool = False) -> str:
        """The Go type of a value; an inline string enum becomes a named type (in ``out``)."""
        shape, _ = t.strip_nullable(shape)
        if isinstance(shape, t.Primitive):
            return {"str": "string", "int": "int64", "float": "float64", "bool": "bool"}[shape.kind]
        if isinstance(shape, t.LiteralShape):
            values = [v for v in shape.values if v is not None]
            if values and all(isinstance(v, str) for v in values):
                name = self.names.enum_types.get((owner, member))
                if name is None:  # a response's own inline enum: named here
                    name = self.names.enum_types[(owner, member)] = self.names.claim(owner + member, f"{owner}.{member}")
                if name not in self.written:
                    self.written.add(name)
                    out.enums.append(self.enum(name, [str(v) for v in values], (), schema=False))
                return name
            return _scalar_of(values)
        if isinstance(shape, t.ArrayShape):
            return "[]" + self.type_of(shape.item, out, owner=owner, member=member + "Item", params=params)
        if isinstance(shape, t.MapShape):
            return "map[string]" + self.type_of(shape.value, out, owner=owner, member=member + "Value", params=params)
        if isinstance(shape, t.RefShape):
            decl = self.api.declaration(shape.key)
            name = self.names.types[decl.key]
            return "*" + name if isinstance(decl, Model) and not params else name
        if isinstance(shape, t.FileShape):
            if params:
                out.imports.add("io")
                return "io.Reader"
            return "string"
        if isinstance(shape, t.UnionShape) and self._stringly(shape):
            named = [v for v in shape.variants if isinstance(v, t.RefShape)]
            return self.names.types[named[0].key] if len(named) == 1 else "string"
        if isinstance(shape, t.UnionShape):
            files = [v.item if isinstance(v, t.ArrayShape) else v for v in shape.variants]
            if params and all(isinstance(v, t.FileShape) for v in files):
                out.imports.add("io")
                return "[]io.Reader"
            out.imports.add("encoding/json")
            return "json.RawMessage"
        return "any"

    def _stringly(self, shape: t.UnionShape) -> bool:
        """A union of string enums and strings (``ImageModel | str``): a string type will do."""
        for v in shape.variants:
            v, _ = t.strip_nullable(v)
            if isinstance(v, t.RefShape):
                decl = self.api.declaration(v.key)
                v = decl.type if isinstance(decl, Alias) else v
            if isinstance(v, t.LiteralShape) and all(isinstance(x, str) for x in v.values if x is not None):
                continue
            if not (isinstance(v, t.Primitive) and v.kind == "str"):
                return False
        return True

    def enum(self, name: str, values: list[str], doc: tuple[str, ...], *, schema: bool) -> GoEnumView:
        """A string type's view; each constant's name is claimed in the package's scope."""
        constants = []
        for value in values:
            suffix = re.sub(r"[^0-9A-Za-z]", "", value) if value[:1].isdigit() else exported(words(value), fallback="Value")
            const = self.names.claim(name + (suffix or "Empty"), f"{name}={value}")
            constants.append(GoEnumConstant(name=const, value=go_string(value)))
        return GoEnumView(name=name, doc=doc, schema=schema, constants=tuple(constants))


def _scalar_of(values: Sequence[object]) -> str:
    if values and all(isinstance(v, bool) for v in values):
        return "bool"
    if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "int64"
    if values and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
        return "float64"
    return "any"


def plain_string(shape: t.TypeShape | None) -> bool:
    """A text body whose schema is a plain string: a Go string, sent as it is."""
    inner, _ = t.strip_nullable(shape) if shape is not None else (None, False)
    return isinstance(inner, t.Primitive) and inner.kind == "str"
