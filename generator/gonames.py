"""Go's spelling of one API (shared by the go target and the docs that show how to call it): exported CamelCase with Go's initialisms (``URL``, ``ID``, ``JSON``),
one scope for the package's names and one per struct, and the user's name overrides (the
shared tables re-cased for Go, ``[tool.generator.go]`` tables used as written). No name it makes
takes one the runtime declares (read from the runtime's Go sources), and no path argument one
that the method body uses."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path

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
RUNTIME_DIR = Path(__file__).resolve().parent / "targets" / "go" / "runtime"  # the go target's, copied into the package
_TOP_LEVEL = re.compile(r"^(?:func|type|var|const)\s+([A-Za-z_]\w*)", re.MULTILINE)  # not "func (" (a method)
_GROUP = re.compile(r"^(?:const|var|type)\s*\(\n(.*?)^\)", re.MULTILINE | re.DOTALL)
_GROUP_ENTRY = re.compile(r"^\t([A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)*)", re.MULTILINE)


def declared_names(source: str) -> set[str]:
    """The package-level names a Go file declares: funcs (not methods), types, vars and consts,
    grouped ones included."""
    names = set(_TOP_LEVEL.findall(source))
    for group in _GROUP.findall(source):
        for entry in _GROUP_ENTRY.findall(group):
            names.update(n.strip() for n in entry.split(","))
    return names


@lru_cache(maxsize=1)
def runtime_names() -> tuple[str, ...]:
    """Every package-level name of the runtime files copied into the generated package (read from
    their sources, so a helper added there is reserved without a list to keep in step)."""
    return tuple(sorted(set().union(*(declared_names(p.read_text("utf-8")) for p in RUNTIME_DIR.glob("*.go")))))


# The package-level names client.go (templates/go/client.go.j2) declares.
CLIENT_NAMES = ("Client", "NewClient", "defaultBaseURL", "apiKeyEnv", "baseURLEnv", "userAgent", "securitySchemes")
# The packages a generated file imports, by the names its code uses.
IMPORTED = ("context", "option", "io", "json", "os")
# Go's predeclared identifiers (the universe block): a method body uses some (nil, true, string).
PREDECLARED = (
    *("any", "bool", "byte", "comparable", "complex64", "complex128", "error", "float32", "float64"),
    *("int", "int8", "int16", "int32", "int64", "rune", "string"),
    *("uint", "uint8", "uint16", "uint32", "uint64", "uintptr", "true", "false", "iota", "nil"),
    *("append", "cap", "clear", "close", "complex", "copy", "delete", "imag", "len", "make", "max", "min"),
    *("new", "panic", "print", "println", "real", "recover"),
)
# The names the templates give a method's or a declaration's receiver, arguments and locals
# (templates/go/service.go.j2, model.go.j2, client.go.j2); no runtime name may be one of them.
TEMPLATE_LOCALS = (
    *("s", "ctx", "params", "opts", "r", "resp", "err"),  # a method
    *("data", "plain", "u", "v", "probe", "c", "defaults"),  # a struct's, a union's methods; NewClient
)


def runtime_reserved() -> tuple[str, ...]:
    """The names no generated package-level name may take: the runtime's and client.go's."""
    return (*runtime_names(), *CLIENT_NAMES)


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
    service_paths: dict[str, str] = field(default_factory=dict)  # resource wire name -> Customers.TaxIds
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
    names.scope.reserve(*runtime_reserved())
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
    nested: dict[str, str] = {}  # a nested resource's wire name -> its field in its parent's service
    for parent in api.resources:
        fields = Scope()
        fields.reserve("client")
        for kid in sorted(api.children(parent), key=lambda r: r.wire_name):
            nested[kid.wire_name] = fields.claim(exported(kid.words), kid.wire_name, snake_case=False)[0]
    top = sorted(api.top_resources, key=lambda r: r.wire_name)
    for resource in top + [r for r in api.resources if r.parent]:
        if resource.parent:
            attr = nested[resource.wire_name]
            prefix = exported(api.full_words(resource))  # CustomersTaxIDs: unique where TaxIDs is not
        else:
            attr = prefix = client_fields.claim(exported(resource.words), resource.wire_name, snake_case=False)[0]
        service = names.claim(prefix + "Service", resource.wire_name)
        names.services[resource.wire_name] = (attr, service)
        names.service_paths[resource.wire_name] = f"{names.service_paths[resource.parent]}.{attr}" if resource.parent else attr
        methods = Scope()
        methods.reserve(*(nested[k.wire_name] for k in api.children(resource)))  # a field and a method cannot share a name
        for op in resource.operations:
            wanted = chosen_methods[op.key][0] if op.key in chosen_methods else exported(_go_verbs(op))
            method = methods.claim(wanted, op.key, snake_case=False)[0]
            names.methods[op.key] = method
            names.params[op.key] = names.claim(f"{prefix}{method}Params", op.key)
    for decl in api.declarations:
        for f in getattr(decl, "fields", ()):
            _enums(names, f.type, names.types[decl.key], names.fields[decl.key][f.wire_name])
    for resource in sorted(api.resources, key=lambda r: r.wire_name):
        for op in resource.operations:
            _params(names, op)
    return names


@lru_cache(maxsize=1)
def locals_reserved() -> frozenset[str]:
    """What a path argument may not be called: the template's receiver, arguments and locals
    (and three older ones, kept so names stay put), every package-level name (the runtime's
    helpers a method calls among them), the packages a file imports and Go's predeclared names,
    so an argument never shadows what the method body uses. (A params member or a struct field
    is reached through its struct, so it shadows nothing.)"""
    return frozenset((*TEMPLATE_LOCALS, "form", "body", "q", *runtime_reserved(), *IMPORTED, *PREDECLARED))


def _argument(args: Scope, parts: tuple[str, ...], wire: str) -> str:
    """A path argument's name: ``threadID``; one that would shadow a reserved name gets ``Arg``
    (``sendArg``, ``stringArg``)."""
    wanted = local(parts)
    return args.claim(wanted + "Arg" if wanted in locals_reserved() else wanted, wire, snake_case=False)[0]


def _params(names: GoNames, op: Operation) -> None:
    """The params struct's fields, the path arguments, and the params' inline enum types."""
    owner = names.params[op.key]
    args = Scope()
    args.reserve(*sorted(locals_reserved()))
    members = Scope()
    fields: dict[tuple[str, str], str] = {}
    names.path_args[op.key] = {}
    for p in op.parameters:
        if p.location == "path":
            names.path_args[op.key][p.wire_name] = _argument(args, p.words, p.wire_name)
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


__all__ = ["GoNames", "exported", "go_names", "local", "runtime_names"]


# REST names in openai-go's words: client.Customers.New(...), client.Customers.Get(ctx, id)
_GO_VERBS = {"create": "new", "retrieve": "get"}


def _go_verbs(op: Operation) -> list[str]:
    words = list(op.words)
    if op.name and words and words[0] in _GO_VERBS:
        words[0] = _GO_VERBS[words[0]]
    return words
