"""Python identifiers: the rules (keywords, builtins, the names a generated module relies on)
and, for one API, every name the Python client and its docs use, each namespace one scope.

The IR names things by words and wire spellings; this module spells them as Python: classes in
PascalCase, attributes, arguments and methods in snake_case. It is shared by the two targets
that write Python names (the client, and the docs that show how to call it), and reports the
collisions it resolves as diagnostics.
"""

from __future__ import annotations

import builtins
import keyword
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from . import naming
from .config import NameOverrides
from .diagnostics import Diagnostic, Diagnostics
from .ir import Api, Declaration, Field, Model, Operation, Parameter, Resource
from .ir.pagination import response_model
from .overrides import operation_keys, resolve, schema_keys

_SOFT_KEYWORDS = frozenset(keyword.softkwlist)
_BUILTINS = frozenset(name for name in dir(builtins) if not name.startswith("_"))
# Names a generated module relies on; an emitted identifier must never shadow them.
_MODULE_RESERVED = frozenset({"annotations", "dataclass", "field", "Any", "Literal", "Mapping"})
# Types that generated annotations name inside a class body, where a field of the same name
# would shadow them (``str: int`` followed by ``name: str``).
_ANNOTATION_BUILTINS = frozenset({"str", "int", "float", "bool", "bytes", "list", "dict"})

# The one list of the generated package's own public names, by the runtime module that
# defines each. The package's __init__ imports and re-exports exactly these (with ``models``
# and ``__version__``), and no schema may take one (model modules import some of them).
RUNTIME_EXPORTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("_client", ("AsyncClient", "Client")),
    (
        "_exceptions",
        (
            "APIConnectionError",
            "APIError",
            "APIStatusError",
            "APITimeoutError",
            "AuthenticationError",
            "BadRequestError",
            "ConflictError",
            "InternalServerError",
            "ModelValidationError",
            "NotFoundError",
            "PermissionDeniedError",
            "RateLimitError",
            "ResponseValidationError",
            "UnprocessableEntityError",
        ),
    ),
    ("_files", ("FileTypes",)),
    ("_response", ("ResponseBytes", "ResponseText")),
    ("_types", ("OMIT", "Omit")),
)
# Other names that generated model and resource modules import or define at module level.
MODULE_NAMES = (
    "TypeAlias",
    "Literal",
    "Any",
    "Mapping",
    "Union",
    "Optional",
    "dataclass",
    "field",
    "SyncAPIClient",
    "AsyncAPIClient",
    "Timeout",
    "TYPE_CHECKING",
    "Final",
    "ContextVar",
    "Callable",
    "Stream",
    "AsyncStream",
    "IO",
    "TypeVar",
    "Generic",
    "FilePart",
    "ServerSentEvent",
)


def runtime_export_names() -> tuple[str, ...]:
    return tuple(name for _, names in RUNTIME_EXPORTS for name in names)


def is_reserved(name: str) -> bool:
    return keyword.iskeyword(name) or name in _SOFT_KEYWORDS or name in _BUILTINS or name in _MODULE_RESERVED


def _safe(base: str, *, digit_prefix: str, empty: str, reserved_suffix: str) -> str:
    if not base:
        return empty
    if base[0].isdigit():
        base = digit_prefix + base
    if is_reserved(base):
        base += reserved_suffix
    return base


def attribute(wire: str) -> str:
    """A snake_case attribute, argument or method name for ``wire`` (never a dunder).

    Most builtin names (``id``, ``type``, ``object``) are fine as attributes and keyword
    arguments, so only keywords and the names a generated class body relies on get a
    trailing ``_``."""
    name = naming.snake(wire)
    if not name:
        return "field_"
    if name[0].isdigit():
        name = "n_" + name
    if keyword.iskeyword(name) or name in _MODULE_RESERVED or name in _ANNOTATION_BUILTINS:
        name += "_"
    return name


def class_name(wire: str) -> str:
    """A PascalCase class name for a schema key (never its title)."""
    return _safe(naming.pascal(wire), digit_prefix="Model", empty="Model", reserved_suffix="Model")


def package_name(title: str) -> str:
    """A package name from ``info.title``: 'OpenAI API' -> 'openai_api'."""
    name = "_".join(w.lower() for w in naming.title_words(title)) or "client"
    if name[0].isdigit() or is_reserved(name):
        name = "api_" + name
    return name


# What a model class defines itself; no field may take it.
MODEL_RESERVED = ("from_dict", "to_dict", "extra_fields")
# Names the generated package defines itself; no schema may shadow them.
PACKAGE_RESERVED = runtime_export_names() + MODULE_NAMES
# Arguments every generated method has; parameters are renamed around them.
METHOD_RESERVED = ("self",)
# The runtime's own keyword arguments of every method (``destination``: the _to_file twins'). The
# spec's parameters are named first; one of these that a parameter took moves aside
# (``request_timeout``), so runtime names never claim a user's name.
RUNTIME_ARGS = ("extra_headers", "extra_query", "extra_body", "timeout", "destination")
RUNTIME = "runtime"  # the args key's location for the runtime's arguments: (RUNTIME, "timeout")
# Attributes and methods of the client itself; no resource may take them.
CLIENT_RESERVED = (
    "with_options",
    "close",
    "base_url",
    "api_key",
    "timeout",
    "max_retries",
    "copy",
    "request",
    "request_stream",
    "request_to_file",
    "default_headers",
)
# Attributes every generated resource class has; no method may take them.
RESOURCE_RESERVED = ("with_raw_response",)
_VARIANT_SUFFIXES = {"stream": ("_stream", "_as_stream"), "to_file": ("_to_file", "_into_file")}
WHOLE_BODY = ("body", "")  # the argument of a body that is not an object


@dataclass(frozen=True, slots=True)
class ResourceNames:
    attr: str  # client.<attr> (a nested resource's: <parent>.<attr>)
    sync_class: str
    async_class: str
    raw_class: str  # the class of ``with_raw_response``: each method returning RawResponse[...]
    async_raw_class: str
    module: str
    path: str  # from the client: ``customers.tax_ids`` (a top resource's: its attr)


@dataclass(frozen=True, slots=True)
class PyNames:
    """Every Python name of one API. Build it with :func:`python_names`."""

    classes: dict[str, str]  # declaration key -> class
    modules: dict[str, str]  # declaration key -> module stem under models/
    fields: dict[str, dict[str, str]]  # declaration key -> wire name -> attribute
    # operation key -> (location or "body", wire) -> argument; (RUNTIME, name) -> the method's own
    args: dict[str, dict[tuple[str, str], str]]
    methods: dict[str, dict[str, str]]  # operation key -> variant -> method
    resources: dict[str, ResourceNames]  # resource wire name -> its names

    def cls(self, key: str) -> str:
        return self.classes[key]

    def module(self, key: str) -> str:
        return self.modules[key]

    def field(self, owner: Declaration, f: Field) -> str:
        return self.fields[owner.key][f.wire_name]

    def param(self, op: Operation, p: Parameter) -> str:
        return self.args[op.key][(p.location, p.wire_name)]

    def body_field(self, op: Operation, f: Field) -> str:
        return self.args[op.key][("body", f.wire_name)]

    def body_arg(self, op: Operation) -> str:
        return self.args[op.key][WHOLE_BODY]

    def runtime_arg(self, op: Operation, name: str) -> str:
        """The method's own argument ``name`` (``timeout``), moved aside where a parameter took it."""
        return self.args[op.key][(RUNTIME, name)]

    def arg(self, op: Operation, item: Field | Parameter) -> str:
        return self.param(op, item) if isinstance(item, Parameter) else self.body_field(op, item)

    def method(self, op: Operation, variant: str) -> str:
        return self.methods[op.key][variant]

    def main_method(self, op: Operation) -> str:
        """The method an operation is known by: its plain call (its stream, when events are all it returns)."""
        return self.methods[op.key][op.variants[0]]

    def resource(self, resource: Resource) -> ResourceNames:
        return self.resources[resource.wire_name]


_LAST: list[tuple[Api, object, PyNames, list[Diagnostic]]] = []  # the last API named: both targets ask


def python_names(
    api: Api, diagnostics: Diagnostics, overrides: tuple[NameOverrides, NameOverrides] = (NameOverrides(), NameOverrides())
) -> PyNames:
    """Name everything: classes (models and resource classes share the package's class namespace),
    each model's fields, each method's arguments, each resource's methods (variants included).
    ``overrides``: the user's names, shared (spelled any way: made Python's) and the python
    target's own (used as written, and refused when Python cannot use them).
    The python and docs targets both ask for the same API: the second gets the first's answer
    and its collisions reported again (``Diagnostics.sorted`` keeps one of each)."""
    if _LAST and _LAST[0][0] is api and _LAST[0][1] == overrides:
        diagnostics.extend(_LAST[0][3])
        return _LAST[0][2]
    mine = Diagnostics()
    chosen = _Chosen(api, overrides, mine)
    names = _python_names(api, chosen, mine)
    diagnostics.extend(mine.items)
    _LAST[:] = [(api, overrides, names, list(mine.items))]
    return names


def _used(reserved: tuple[str, ...]) -> Callable[[str], str | None]:
    """Why an override cannot be a name the generated package uses itself (None: it can)."""
    return lambda name: "the generated package uses it itself" if name in reserved else None


class _Chosen:
    """The user's names, checked against the spec and Python: by operation key for methods, by
    declaration key for classes. Each entry remembers the table it came from, for messages."""

    def __init__(self, api: Api, overrides: tuple[NameOverrides, NameOverrides], diagnostics: Diagnostics) -> None:
        self.diagnostics = diagnostics
        python = partial(resolve, diagnostics=diagnostics, target="python", language="Python")
        # operation key / declaration key -> (name, table, the key as written)
        self.methods = python(
            (overrides[0].methods, overrides[1].methods),
            operation_keys(api),
            kind="method",
            spell=attribute,
            refuse=_used(RESOURCE_RESERVED),
        )
        self.classes = python(
            (overrides[0].classes, overrides[1].classes),
            schema_keys(api),
            kind="class",
            spell=class_name,
            refuse=_used(PACKAGE_RESERVED),
        )

    def collision(self, table: str, wanted: str, value: str, other: str) -> None:
        self.diagnostics.add("override-collision", table=table, name=wanted, value=value, other=other)


def _python_names(api: Api, chosen: _Chosen, diagnostics: Diagnostics) -> PyNames:
    classes = naming.Scope()
    classes.reserve(*PACKAGE_RESERVED)
    class_of: dict[str, str] = {}
    natural = {d.key: class_name(_spelled(d)) for d in api.declarations}
    for key, (name, table, wanted) in chosen.classes.items():  # claimed first: an override never moves aside
        other = next((k for k, n in natural.items() if n == name and k != key and k not in chosen.classes), None)
        other = other or next((k for k, c in chosen.classes.items() if c[0] == name and k != key), None)
        if other is not None:
            chosen.collision(table, wanted, name, f"the class of {api.declaration(other).wire_name!r}")
        classes.claim(name, wanted, snake_case=False)
        class_of[key] = name
    for decl in api.declarations:
        if decl.key in class_of:
            continue
        wire = _spelled(decl)
        name, other = classes.claim(class_name(wire), wire, snake_case=False)
        if other is not None:
            diagnostics.add(
                "name-collision", file=decl.file, pointer=decl.pointer, kind="schema", wire=wire, other=other, name=name
            )
        class_of[decl.key] = name
    module_scope = naming.Scope()
    module_scope.reserve("__init__")
    modules = {
        d.key: module_scope.claim(naming.file_stem(attribute(class_of[d.key])), class_of[d.key])[0] for d in api.declarations
    }
    fields = {
        d.key: _field_names(d.fields, MODEL_RESERVED, "property", diagnostics) for d in api.declarations if isinstance(d, Model)
    }
    ops = [op for r in api.resources for op in r.operations]
    args = {op.key: _argument_names(op, diagnostics) for op in ops}
    attrs = naming.Scope()
    attrs.reserve(*CLIENT_RESERVED)
    nested: dict[str, str] = {}  # a nested resource's wire name -> its attribute on its parent
    for parent in api.resources:
        in_parent = naming.Scope()
        in_parent.reserve(*RESOURCE_RESERVED)
        for kid in sorted(api.children(parent), key=lambda r: attribute(" ".join(r.words))):
            nested[kid.wire_name] = in_parent.claim(attribute(" ".join(kid.words)), kid.wire_name)[0]
    stems = naming.Scope()
    stems.reserve("__init__")
    resources: dict[str, ResourceNames] = {}
    methods: dict[str, dict[str, str]] = {}
    top = sorted(api.top_resources, key=lambda r: attribute(r.wire_name))
    for resource in top + [r for r in api.resources if r.parent]:
        wire = resource.wire_name
        if resource.parent:
            attr = nested[wire]
            full = attribute(" ".join(api.full_words(resource)))
            label = f"{resources[resource.parent].path}.{attr}"  # parents come first
        else:
            attr, _ = attrs.claim(attribute(wire), wire)
            full = label = attr
        kids = tuple(nested[k.wire_name] for k in api.children(resource))
        methods |= _method_names(resource.operations, label, chosen, diagnostics, kids)
        cls = class_name(full)
        sync_name, _ = classes.claim(cls if cls not in classes.taken else cls + "Resource", wire, snake_case=False)
        async_name, _ = classes.claim("Async" + sync_name, wire, snake_case=False)
        raw_name, _ = classes.claim(sync_name + "WithRawResponse", wire, snake_case=False)
        async_raw_name, _ = classes.claim(async_name + "WithRawResponse", wire, snake_case=False)
        module, _ = stems.claim(naming.file_stem(full), wire)
        resources[wire] = ResourceNames(attr, sync_name, async_name, raw_name, async_raw_name, module, label)
    return PyNames(classes=class_of, modules=modules, fields=fields, args=args, methods=methods, resources=resources)


def _spelled(decl: Declaration) -> str:
    """The name a declaration's class is made from: its wire name when that is what its words
    say (a component), else its words run together (an inline schema, named by where it sits)."""
    if tuple(naming.words(decl.wire_name)) == decl.words:
        return decl.wire_name
    return "".join(w[:1].upper() + w[1:] for w in decl.words)


def _field_names(fields: tuple[Field, ...], reserved: tuple[str, ...], kind: str, diagnostics: Diagnostics) -> dict[str, str]:
    scope = naming.Scope()
    scope.reserve(*reserved)
    out: dict[str, str] = {}
    for f in fields:
        name, other = scope.claim(attribute(f.wire_name), f.wire_name)
        if other is not None:
            diagnostics.add("name-collision", file=f.file, pointer=f.pointer, kind=kind, wire=f.wire_name, other=other, name=name)
        out[f.wire_name] = name
    return out


def _argument_names(op: Operation, diagnostics: Diagnostics) -> dict[tuple[str, str], str]:
    """One method's keyword arguments: parameters, then body fields (first named among
    themselves), then a whole body, around the arguments every method has."""
    scope = naming.Scope()
    scope.reserve(*METHOD_RESERVED)
    out: dict[tuple[str, str], str] = {}
    for p in op.parameters:
        name, other = scope.claim(attribute(p.wire_name), p.wire_name)
        if other is not None:
            diagnostics.add(
                "name-collision", file=p.file, pointer=p.pointer, kind="parameter", wire=p.wire_name, other=other, name=name
            )
        out[(p.location, p.wire_name)] = name
    body = op.body
    if body is not None:
        own = _field_names(body.fields, METHOD_RESERVED, "property", diagnostics)
        for f in body.fields:
            name, other = scope.claim(own[f.wire_name], f.wire_name)
            if other is not None:
                diagnostics.add(
                    "name-collision",
                    file=f.file,
                    pointer=f.pointer,
                    kind="body property",
                    wire=f.wire_name,
                    other=other,
                    name=name,
                )
            out[("body", f.wire_name)] = name
        if body.whole is not None:
            out[WHOLE_BODY] = scope.claim("body", "body")[0]
    for arg in RUNTIME_ARGS:
        out[(RUNTIME, arg)] = scope.first_free([arg, "request_" + arg, "client_" + arg], arg)
    return out


def _method_names(
    ops: tuple[Operation, ...], resource: str, chosen: _Chosen, diagnostics: Diagnostics, nested: tuple[str, ...] = ()
) -> dict[str, dict[str, str]]:
    """Every method of one resource, variants (``_stream``, ``_to_file``) included, named in one
    scope: the user's names first, then plain names (in spec order), then the variants, so an
    operation called ``chatStream`` keeps its name and ``chat``'s stream twin moves aside, with a
    warning. A user's name that another method would take is an error naming both. ``nested``:
    the attributes of the resources nested in this one, taken before any method."""
    scope = naming.Scope()
    scope.reserve(*RESOURCE_RESERVED, *nested)
    owner: dict[str, Operation] = {}
    names: dict[str, dict[str, str]] = {}
    mine = {op.key: chosen.methods[op.key] for op in ops if op.key in chosen.methods}
    reported: set[frozenset[str]] = set()
    for op in ops:
        for variant in op.variants:
            plain = mine[op.key][0] if op.key in mine else attribute(op.naming_source)
            spelled = plain if variant == op.variants[0] else plain + _VARIANT_SUFFIXES[variant][0]
            for key, (name, table, wanted) in mine.items():
                if name == spelled and key != op.key and frozenset((key, op.key)) not in reported:
                    reported.add(frozenset((key, op.key)))
                    chosen.collision(table, wanted, name, f"{resource}.{spelled}() of {op.method.upper()} {op.path}")
    for op in ops:
        if op.key in mine:
            name = mine[op.key][0]
            scope.claim(name, f"{op.method} {op.path}")
            owner[name] = op
            names[op.key] = {op.variants[0]: name}
    for op in ops:
        if op.key in mine:
            continue
        wanted = attribute(op.naming_source)
        if op.name and wanted == "list_":  # REST names: list is a fine method name (annotations say builtins.list)
            wanted = "list"
        by_path = attribute(naming.from_method_and_path(op.method, op.path, parameter_names=True))
        name = scope.first_free([wanted, by_path], f"{op.method} {op.path}")
        if name != wanted:
            first = owner.get(wanted)
            diagnostics.add(
                "duplicate-method",
                file=op.file,
                pointer=op.pointer,
                resource=resource,
                method=wanted,
                name=name,
                first=f"{first.method} {first.path}" if first else "another method",
                second=f"{op.method} {op.path}",
            )
        owner.setdefault(name, op)
        names[op.key] = {op.variants[0]: name}
    for op in ops:
        variants = names[op.key]
        plain = next(iter(variants.values()))
        for variant in op.variants[1:]:
            wanted_names = [plain + suffix for suffix in _VARIANT_SUFFIXES[variant]]
            name = scope.first_free(wanted_names, f"{op.method} {op.path} ({variant})")
            if name != wanted_names[0]:
                other = owner.get(wanted_names[0])
                diagnostics.add(
                    "name-collision",
                    file=op.file,
                    pointer=op.pointer,
                    kind=f"{variant} method",
                    wire=wanted_names[0],
                    other=f"{other.method} {other.path}" if other else wanted_names[0],
                    name=name,
                )
            owner.setdefault(name, op)
            variants[variant] = name
    return names


# -- the command line: Python names in kebab-case --------------------------------------------------
# Flags every command has (connection and output); an option never takes one.
CLI_COMMON_FLAGS = (
    "--help",
    "--api-key",
    "--auth-user",
    "--auth-password",
    "--base-url",
    "--timeout",
    "--max-retries",
    "--compact",
    "--stream",
    "--output-dir",
    "--output",
)


def cli_word(name: str) -> str:
    """A resource attribute or method name as the command line spells it: create_variation ->
    create-variation."""
    return name.strip("_").replace("_", "-")


def cli_flags(op: Operation, names: PyNames) -> dict[tuple[str, str], str]:
    """Each argument's flag, keyed as ``PyNames.args`` is: ``--`` and the argument in kebab-case,
    moved aside (``-param``) where it would take a common flag or another option's."""
    taken = set(CLI_COMMON_FLAGS) | {"--no-stream"}
    flags: dict[tuple[str, str], str] = {}
    for key, arg in names.args[op.key].items():
        if key[0] == RUNTIME:
            continue
        flag = "--" + cli_word(arg)
        while flag in taken or "--no-" + flag[2:] in taken:
            flag += "-param"
        taken |= {flag, "--no-" + flag[2:]}  # a boolean flag has its --no- twin
        flags[key] = flag
    return flags


# The page classes' own methods: a response model with a field of one of these names (OpenAI's
# usage reports have a next_page token) is returned as it is, not as a page.
PAGE_METHODS = frozenset({"next_page", "has_next_page", "iter_pages", "bind_request"})


def paged_model(api: Api, op: Operation, names: PyNames) -> Model | None:
    """The response model a paginated operation's page classes extend (``ir/pagination``), or
    None when the Python client returns its response as it is (the python target writes the
    page classes; the command line's --all iterates them)."""
    model = response_model(api, op) if op.pagination is not None else None
    if model is None or PAGE_METHODS & set(names.fields[model.key].values()):
        return None
    return model
