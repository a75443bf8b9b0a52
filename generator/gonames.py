"""Go's spelling of one API (shared by the go target and the docs that show how to call it): exported CamelCase with Go's initialisms (``URL``, ``ID``, ``JSON``),
one scope for the package's names and one per struct, and the user's name overrides (the
shared tables re-cased for Go, ``[tool.generator.go]`` tables used as written)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import partial

from .config import NameOverrides
from .diagnostics import Diagnostics
from .ir import Api, Operation
from .ir import types as t
from .naming import Scope, words
from .overrides import operation_keys, resolve, schema_keys

INITIALISMS = frozenset(
    [
        "acl",
        "api",
        "ascii",
        "cpu",
        "css",
        "dns",
        "eof",
        "guid",
        "html",
        "http",
        "https",
        "id",
        "ip",
        "json",
        "jwt",
        "lhs",
        "qps",
        "ram",
        "rhs",
        "rpc",
        "sla",
        "smtp",
        "sql",
        "ssh",
        "tcp",
        "tls",
        "ttl",
        "udp",
        "ui",
        "uid",
        "uuid",
        "uri",
        "url",
        "utf8",
        "vm",
        "xml",
        "xmpp",
        "xsrf",
        "xss",
        "sdk",
        "tts",
    ]
)
KEYWORDS = frozenset(
    [
        "break",
        "case",
        "chan",
        "const",
        "continue",
        "default",
        "defer",
        "else",
        "fallthrough",
        "for",
        "func",
        "go",
        "goto",
        "if",
        "import",
        "interface",
        "map",
        "package",
        "range",
        "return",
        "select",
        "struct",
        "switch",
        "type",
        "var",
    ]
)
# Names the runtime defines in the package; no generated name may take one.
RUNTIME_NAMES = (
    "Client",
    "NewClient",
    "Field",
    "F",
    "Null",
    "File",
    "NamedFile",
    "Error",
    "Stream",
)
# Methods every generated struct has; no field may take one.
STRUCT_METHODS = ("RawJSON", "ExtraFields", "UnmarshalJSON", "MarshalJSON")


def exported(parts: list[str] | tuple[str, ...], *, fallback: str = "X") -> str:
    """``["b64", "json"]`` -> ``B64JSON``; ``["thing", "id"]`` -> ``ThingID``."""
    out = []
    for w in parts:
        w = re.sub(r"[^0-9A-Za-z]", "", w)
        if not w:
            continue
        out.append(w.upper() if w.lower() in INITIALISMS else w[:1].upper() + w[1:])
    name = "".join(out) or fallback
    return fallback + name if name[0].isdigit() else name


def local(parts: list[str] | tuple[str, ...]) -> str:
    """An unexported local name: ``["thing", "id"]`` -> ``thingID``."""
    name = exported(parts, fallback="v")
    head = re.match(r"[A-Z]+(?=[A-Z][a-z]|$)|[A-Z]", name)
    cut = head.end() if head else 1
    name = name[:cut].lower() + name[cut:]
    return name + "_" if name in KEYWORDS else name


def go_package(package: str) -> str:
    """The Go package name: the Python package's, lower case without underscores."""
    name = re.sub(r"[^a-z0-9]", "", package.lower()) or "api"
    return "api" + name if name[0].isdigit() else name


def module_path(configured: str | None, package: str) -> str:
    """The Go module's path: the option, else example.com/<package>."""
    return configured or f"example.com/{package.replace('_', '-')}"


@dataclass
class GoNames:
    types: dict[str, str] = field(default_factory=dict)  # declaration key -> type
    fields: dict[str, dict[str, str]] = field(default_factory=dict)  # declaration key -> wire -> field
    services: dict[str, tuple[str, str]] = field(default_factory=dict)  # resource wire -> (client field, service type)
    methods: dict[str, str] = field(default_factory=dict)  # operation key -> method
    params: dict[str, str] = field(default_factory=dict)  # operation key -> params type
    # operation key -> (location or "body", wire name; ("body", "") for a whole body) -> params field
    param_fields: dict[str, dict[tuple[str, str], str]] = field(default_factory=dict)
    path_args: dict[str, dict[str, str]] = field(default_factory=dict)  # operation key -> wire -> argument
    enum_types: dict[tuple[str, str], str] = field(default_factory=dict)  # (owner type, member) -> inline enum type
    scope: Scope = field(default_factory=Scope)  # the package's names, for types made while rendering

    def claim(self, name: str, owner: str) -> str:
        """A package-level name made while rendering (an inline enum's type, a union's)."""
        return self.scope.claim(name, owner, snake_case=False)[0]


def _spelled(new: str) -> str:
    """Go's spelling of an override written in any case."""
    return exported(words(new))


def go_names(api: Api, overrides: tuple[NameOverrides, NameOverrides], diagnostics: Diagnostics) -> GoNames:
    names = GoNames()
    names.scope.reserve(*RUNTIME_NAMES)
    shared, own = overrides
    go = partial(resolve, diagnostics=diagnostics, target="go", language="Go", spell=_spelled)
    chosen_types = go((shared.classes, own.classes), schema_keys(api), kind="class")
    chosen_methods = go((shared.methods, own.methods), operation_keys(api), kind="method")
    for decl in api.declarations:
        wanted = chosen_types[decl.key][0] if decl.key in chosen_types else exported(list(decl.words))
        names.types[decl.key] = names.claim(wanted, decl.key)
    for decl in api.declarations:
        scope = Scope()
        scope.reserve(*STRUCT_METHODS)
        names.fields[decl.key] = {
            f.wire_name: scope.claim(exported(words(f.wire_name), fallback="Field"), f.wire_name, snake_case=False)[0]
            for f in getattr(decl, "fields", ())
        }
    client_fields = Scope()
    client_fields.reserve("Options")
    for resource in sorted(api.resources, key=lambda r: r.wire_name):
        attr = client_fields.claim(exported(resource.words), resource.wire_name, snake_case=False)[0]
        service = names.claim(attr + "Service", resource.wire_name)
        names.services[resource.wire_name] = (attr, service)
        methods = Scope()
        for op in resource.operations:
            wanted = chosen_methods[op.key][0] if op.key in chosen_methods else exported(op.words)
            method = methods.claim(wanted, op.key, snake_case=False)[0]
            names.methods[op.key] = method
            names.params[op.key] = names.claim(f"{attr}{method}Params", op.key)
    for decl in api.declarations:
        for f in getattr(decl, "fields", ()):
            _enums(names, f.type, names.types[decl.key], names.fields[decl.key][f.wire_name])
    for resource in sorted(api.resources, key=lambda r: r.wire_name):
        for op in resource.operations:
            _params(names, op)
    return names


# A method's own names, and the runtime's that its body calls (a path argument must not hide one).
LOCALS = (
    *("ctx", "params", "opts", "r", "err", "resp", "form", "body", "q", "s", "data"),
    *("newRequest", "wire", "send", "decode", "discard", "readText", "newStream"),
)


def _params(names: GoNames, op: Operation) -> None:
    """The params struct's fields, the path arguments, and the params' inline enum types."""
    owner = names.params[op.key]
    args = Scope()
    args.reserve(*LOCALS)
    members = Scope()
    fields: dict[tuple[str, str], str] = {}
    names.path_args[op.key] = {}
    for p in op.parameters:
        if p.location == "path":
            names.path_args[op.key][p.wire_name] = args.claim(local(p.words), p.wire_name, snake_case=False)[0]
            _enums(names, p.type, owner, exported(p.words))
        else:
            fields[(p.location, p.wire_name)] = members.claim(exported(p.words, fallback="Param"), p.wire_name, snake_case=False)[
                0
            ]
    body = op.body
    for f in body.fields if body else ():
        if f.wire_name != op.stream_flag:
            fields[("body", f.wire_name)] = members.claim(exported(f.words, fallback="Field"), f.wire_name, snake_case=False)[0]
    if body is not None and body.whole is not None:
        fields[("body", "")] = members.claim("Body", "", snake_case=False)[0]
    names.param_fields[op.key] = fields
    items = {(p.location, p.wire_name): p.type for p in op.parameters} | {
        ("body", f.wire_name): f.type for f in (body.fields if body else ())
    }
    if body is not None and body.whole is not None:
        items[("body", "")] = body.whole
    for key, member in fields.items():
        _enums(names, items[key], owner, member)


def _enums(names: GoNames, shape: t.TypeShape, owner: str, member: str) -> None:
    """Name the inline string enums of a value's type, in a fixed order (the docs name them too)."""
    shape, _ = t.strip_nullable(shape)
    if isinstance(shape, t.LiteralShape):
        values = [v for v in shape.values if v is not None]
        if values and all(isinstance(v, str) for v in values) and (owner, member) not in names.enum_types:
            names.enum_types[(owner, member)] = names.claim(owner + member, f"{owner}.{member}")
    elif isinstance(shape, t.ArrayShape):
        _enums(names, shape.item, owner, member + "Item")
    elif isinstance(shape, t.MapShape):
        _enums(names, shape.value, owner, member + "Value")


__all__ = ["GoNames", "exported", "go_names", "local"]
