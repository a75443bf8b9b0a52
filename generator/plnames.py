"""Perl's spelling of one API (shared by the perl target and the docs that show how to call it):
the namespace from the title (``OpenAI API`` -> ``OpenAI::API``), a module per resource, one
method per operation on the client (snake_case, one scope for all of them), and the user's name
overrides (shared tables re-cased, ``[tool.generator.perl.method-names]`` used as written)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from .config import NameOverrides
from .diagnostics import Diagnostics
from .examples import example_value
from .ir import Api, Operation
from .ir import types as t
from .naming import Scope, snake, title_words, words
from .overrides import operation_keys, resolve

# Methods the client has itself; no operation may take one.
RESERVED = ("new", "can", "isa", "import", "unimport", "DESTROY", "AUTOLOAD", "VERSION", "DOES")


@dataclass
class PerlNames:
    """A resource module is either the client's (its methods are the client's, one scope for the
    whole API, as OpenAPI::Client has them) or reached through an accessor (``$client->customers``,
    ``$client->customers->tax_ids``): a nested resource, one holding nested ones, or one with
    REST-named methods (``list``, ``create``: unique only within their resource)."""

    namespace: str
    modules: dict[str, str] = field(default_factory=dict)  # resource wire name -> package
    methods: dict[str, str] = field(default_factory=dict)  # operation key -> method
    accessors: dict[str, str] = field(default_factory=dict)  # resource wire name -> its accessor (reached ones only)
    reach: dict[str, str] = field(default_factory=dict)  # resource wire name -> "customers->tax_ids->" ("": the client's)
    calls: dict[str, str] = field(default_factory=dict)  # operation key -> what follows "$client->"


def namespace(title: str) -> str:
    parts = [re.sub(r"[^0-9A-Za-z]", "", w) for w in title_words(title)]
    parts = [p[:1].upper() + p[1:] for p in parts if p]
    parts = [("X" + p if p[0].isdigit() else p) for p in parts]
    return "::".join(parts) or "API"


def perl_names(api: Api, overrides: tuple[NameOverrides, NameOverrides], diagnostics: Diagnostics) -> PerlNames:
    names = PerlNames(namespace(api.title))
    modules = Scope()
    modules.reserve("Client", "Runtime", "Wire", "Error", "Schemas")
    for resource in sorted(api.resources, key=lambda r: r.wire_name):
        full = api.full_words(resource)  # a nested resource's module: Customers + TaxIds
        words_ = [w[:1].upper() + w[1:] for w in (re.sub(r"[^0-9A-Za-z]", "", w) for w in full) if w]
        base = "".join(words_) or "Operations"
        base = "X" + base if base[0].isdigit() else base
        names.modules[resource.wire_name] = f"{names.namespace}::{modules.claim(base, resource.wire_name, snake_case=False)[0]}"
    tables = (overrides[0].methods, overrides[1].methods)
    chosen = resolve(tables, operation_keys(api), diagnostics, target="perl", kind="method", language="Perl", spell=_method)
    reached = {r.wire_name for r in api.resources if r.parent or api.children(r) or any(op.name for op in r.operations)}
    client = Scope()
    client.reserve(*RESERVED)
    scopes = {r.wire_name: Scope() for r in api.resources if r.wire_name in reached}
    for scope in scopes.values():
        scope.reserve(*RESERVED, "_handle")
    for r in sorted(api.resources, key=lambda r: r.wire_name):  # accessors first: a method moves aside
        if r.wire_name in reached:
            scope = scopes[r.parent] if r.parent else client
            names.accessors[r.wire_name] = scope.claim(_method(" ".join(r.words)), r.wire_name)[0]
    for r in api.resources:
        names.reach[r.wire_name] = (
            "".join(names.accessors[x.wire_name] + "->" for x in api.lineage(r)) if r.wire_name in reached else ""
        )
        for op in r.operations:
            wanted = chosen[op.key][0] if op.key in chosen else _method(op.naming_source)
            names.methods[op.key] = scopes.get(r.wire_name, client).claim(wanted, op.key)[0]
            names.calls[op.key] = names.reach[r.wire_name] + names.methods[op.key]
    return names


def _method(text: str) -> str:
    name = snake(text).strip("_") or "call"
    return "op_" + name if name[0].isdigit() else name


@dataclass(frozen=True)
class Inline:
    """A value written on one line inside a ``literal`` (a type, a short list)."""

    value: object

    def text(self) -> str:
        return _inline(self.value)


@dataclass(frozen=True)
class Raw:
    """A Perl expression written as it is inside a ``literal`` (``[ $content, 'a.png' ]``)."""

    text: str


def _inline(value: object) -> str:
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, Inline):
        return value.text()
    if isinstance(value, list):
        return "[ " + ", ".join(_inline(v) for v in value) + " ]" if value else "[]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{_key(k)} => {_inline(v)}" for k, v in value.items()) + " }" if value else "{}"
    return literal(value)


def literal(value: object, indent: str = "") -> str:
    """A Perl literal for a JSON value (strings single-quoted, booleans 1 and 0); an ``Inline``
    part on one line, a ``Raw`` expression as it is."""
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, Inline):
        return value.text()
    if value is None:
        return "undef"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    if isinstance(value, str):
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"
    inner = indent + "    "
    if isinstance(value, list):
        if not value:
            return "[]"
        return "[\n" + "".join(f"{inner}{literal(v, inner)},\n" for v in value) + indent + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        return "{\n" + "".join(f"{inner}{_key(k)} => {literal(v, inner)},\n" for k, v in value.items()) + indent + "}"
    return "undef"


def _key(key: object) -> str:
    text = str(key)
    return text if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", text) else literal(text)


def body_key(op: Operation) -> str:
    """The argument that holds the request body: ``body``, unless a parameter has that name
    (then ``request_body``, or the first ``request_body_<n>`` no parameter has)."""
    taken = {p.wire_name for p in op.parameters}
    if "body" not in taken:
        return "body"
    key, n = "request_body", 2
    while key in taken:
        key, n = f"request_body_{n}", n + 1
    return key


def file_path(stem: str, content_type: str | None) -> object:
    """A file argument as the examples show it: a path."""
    return f"{stem}.bin"


def example_args(api: Api, op: Operation, file: Callable[[str, str | None], object] = file_path) -> dict[str, object]:
    """The required arguments (and suggested ones) of a call: path, query, header and cookie
    parameters by name, the body under ``body_key``; ``file`` spells a file (from a name for it
    and the content type its Encoding Object gives)."""
    args: dict[str, object] = {}
    key = body_key(op)
    for p in op.parameters:
        if p.required or p.example is not None:
            args[p.wire_name] = example_value(api, p.type, p)
    body = op.body
    if body is not None:
        if body.whole is not None:
            if body.required:
                args[key] = file("body", body.content_type) if body.media_type == "binary" else example_value(api, body.whole)
        else:
            fields: dict[str, object] = {}
            for f in body.fields:
                if f.wire_name == op.stream_flag or not (f.required or f.example is not None):
                    continue
                if is_file(f.type):
                    encoding = body.encoding(f.wire_name)
                    fields[f.wire_name] = file(
                        "_".join(words(f.wire_name)).lower() or "file", encoding.content_type if encoding else None
                    )
                else:
                    fields[f.wire_name] = example_value(api, f.type, f)
            if fields or body.required:
                args[key] = fields
    return args


def is_file(shape: t.TypeShape) -> bool:
    """A file, or a list of files (what a caller passes as files, at the top of a body)."""
    shape, _ = t.strip_nullable(shape)
    return isinstance(shape, t.FileShape) or isinstance(shape, t.ArrayShape) and isinstance(shape.item, t.FileShape)


def example_call(api: Api, op: Operation, method: str) -> str:
    """``$client->method({ ... })`` as the docs and the POD show it (``method``: what follows
    ``$client->``, see ``PerlNames.calls``): the example arguments, and the runtime's options (a
    second hash reference) where the response is a file to save."""
    args = literal(example_args(api, op))
    if op.response.kind == "binary":
        return f"my $result = $client->{method}({args}, {{ save_to => 'response.bin' }});"
    if args == "{}":
        return f"my $result = $client->{method}();"
    return f"my $result = $client->{method}({args});"
