"""View-models for resource modules: one class per tag, sync and async, one method per operation."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...ir import Api, Body, Encoding, Field, Operation, Parameter, Resource
from ...ir import types as t
from ...ir.wire import default_encoding
from ...pycode import (
    Hints,
    Import,
    docstring,
    literal,
    markdown_inline,
    module_order,
    name_order,
    render_imports,
    wrap,
)
from ...pynames import RUNTIME_ARGS, PyNames, class_name, paged_model
from .package import ResourceRef, resource_ref


@dataclass(frozen=True, slots=True)
class MethodView:
    name: str
    signature: tuple[str, ...]
    returns_sync: str
    returns_async: str
    returns_value: bool
    assign_sync: str  # "_response: T = " when the method returns a value (never an argument's name)
    assign_async: str
    client_call: str  # the SyncAPIClient/AsyncAPIClient method that sends it
    doc: str
    call: tuple[str, ...]
    uses_wire: bool = False  # the call spells a style or an Encoding Object (``Wire``)
    call_async: tuple[str, ...] = ()  # the async method's arguments, where they differ (a page's decoder)


@dataclass(frozen=True, slots=True)
class PageView:
    """The page classes of one paginated method: its response model, iterable over every item."""

    name: str  # the sync page class
    async_name: str
    base: str  # the response model's class
    item: str  # the items' type hint
    path: str  # from_dict's default path (a literal)
    doc: str
    async_doc: str
    items: str  # the expression of this page's items
    next_query: tuple[str, ...]  # the body of _next_query


@dataclass(frozen=True, slots=True)
class ResourceModuleView:
    imports: tuple[str, ...]
    module_doc: str  # the module's docstring; ``doc`` is the classes' (indented)
    sync_class: str
    async_class: str
    raw_class: str
    async_raw_class: str
    doc: str
    raw_doc: str
    async_raw_doc: str
    methods: tuple[MethodView, ...]
    exports: tuple[str, ...]
    pages: tuple[PageView, ...] = ()
    nested: tuple[ResourceRef, ...] = ()  # the resources nested in this one: a property each


# -- resources --------------------------------------------------------------------------------
def resource_view(api: Api, resource: Resource, names: PyNames) -> ResourceModuleView:
    # A method named list (REST names) hides the builtin in its class's annotations.
    shadowed = any(name == "list" for op in resource.operations for name in names.methods[op.key].values())
    hints = Hints(resolve=api.declaration, class_of=names.cls, list_type="builtins.list" if shadowed else "list")
    taken = set(names.classes.values())
    pages = {op.key: page for op in resource.operations if (page := _page_view(api, op, hints, names, taken)) is not None}
    methods = tuple(m for op in resource.operations for m in _method_views(op, hints, names, pages.get(op.key)))
    own = names.resource(resource)
    imports = set(hints.imports) | {
        Import("__future__", "annotations"),
        Import(".._async_client", "AsyncResource"),
        Import(".._sync_client", "SyncResource"),
        Import("functools", "cached_property"),
    }
    if methods:  # a level holding nested resources only has none
        imports |= {
            Import("collections.abc", "Mapping"),
            Import(".._types", "OMIT"),
            Import(".._types", "Omit"),
            Import(".._options", "RequestOptions"),
            Import(".._options", "Timeout"),
            Import(".._response", "to_raw_response_wrapper"),
            Import(".._response", "async_to_raw_response_wrapper"),
        }
    if any(m.uses_wire for m in methods):
        imports.add(Import(".._encoding", "Wire"))
    if any("_serde." in arg for m in methods for arg in m.call):
        imports.add(Import("..", "_serde"))
    if any("FileTypes" in line for m in methods for line in (*m.signature, m.returns_sync)):
        imports.add(Import(".._files", "FileTypes"))
    if any(m.client_call == "request_stream" for m in methods):
        imports |= {Import(".._streaming", "Stream"), Import(".._streaming", "AsyncStream")}
    if any(m.client_call == "request_to_file" for m in methods):
        imports |= {Import("os"), Import("typing", "IO")}
    if pages:
        imports |= {
            Import("dataclasses", "dataclass"),
            Import("dataclasses", "field"),
            Import("typing", "Any"),
            Import("typing", "cast"),
            Import(".._pagination", "AsyncPage"),
            Import(".._pagination", "PageFetch"),
            Import(".._pagination", "SyncPage"),
        }
    nested = tuple(
        sorted((resource_ref(r, names.resource(r), ".") for r in api.children(resource)), key=lambda n: module_order(n.module))
    )  # the TYPE_CHECKING imports in isort's order
    if nested:
        imports.add(Import("typing", "TYPE_CHECKING"))
    # Only the models this resource names are imported, each from its own module.
    imports |= {Import(f"..models.{names.module(key)}", names.cls(key)) for key in hints.names | hints.runtime_names}
    return ResourceModuleView(
        imports=tuple(render_imports(imports)),
        sync_class=own.sync_class,
        async_class=own.async_class,
        raw_class=own.raw_class,
        async_raw_class=own.async_raw_class,
        raw_doc=docstring(f"{own.sync_class}'s methods, each returning ``RawResponse`` of what it returns.", " " * 4),
        async_raw_doc=docstring(f"{own.async_class}'s methods, each returning ``RawResponse`` of what it returns.", " " * 4),
        module_doc=docstring(markdown_inline(resource.description or f"Operations tagged {resource.wire_name}.")),
        doc=docstring(markdown_inline(resource.description or f"Operations tagged {resource.wire_name}."), " " * 4),
        methods=methods,
        exports=tuple(
            sorted(
                (own.sync_class, own.async_class, own.raw_class, own.async_raw_class)
                + tuple(n for p in pages.values() for n in (p.name, p.async_name)),
                key=name_order,
            )
        ),
        pages=tuple(pages.values()),
        nested=nested,
    )


def _arg(name: str, hint: str, *, required: bool, nullable: bool) -> str:
    if nullable and hint != "None":
        hint += " | None"
    return f"{name}: {hint}" if required else f"{name}: {hint} | Omit = OMIT"


_SEND = {"plain": "request", "stream": "request_stream", "to_file": "request_to_file"}


def _method_views(op: Operation, hints: Hints, names: PyNames, page: PageView | None) -> list[MethodView]:
    return [_method_view(op, hints, names, variant, page if variant == "plain" else None) for variant in op.variants]


def _method_view(op: Operation, hints: Hints, names: PyNames, variant: str, page: PageView | None) -> MethodView:
    params = list(op.parameters)
    body = op.body
    signature: list[str] = []
    docs: list[tuple[str, str]] = []
    body_fields = [f for f in (body.fields if body else ()) if f.wire_name != op.stream_flag]
    run = {arg: names.runtime_arg(op, arg) for arg in RUNTIME_ARGS}
    if variant == "to_file":
        signature.append(f"{run['destination']}: str | os.PathLike[str] | IO[bytes]")
        docs.append((run["destination"], "A path or a binary file object; the body is streamed into it, never held whole."))
    for item in sorted(params + body_fields, key=lambda x: not x.required):  # type: ignore[operator]
        signature.append(_arg(names.arg(op, item), hints.hint(item.type), required=item.required, nullable=item.nullable))
        docs.append((names.arg(op, item), _arg_doc(item)))
    if body and body.whole is not None:
        whole = names.body_arg(op)
        signature.insert(0, _arg(whole, hints.hint(body.whole), required=body.required, nullable=False))
        docs.insert(0, (whole, markdown_inline(body.description) or "The request body."))
    signature += [
        f"{run['extra_headers']}: Mapping[str, str] | None = None",
        f"{run['extra_query']}: Mapping[str, object] | None = None",
        f"{run['extra_body']}: Mapping[str, object] | None = None",
        f"{run['timeout']}: Timeout | Omit = OMIT",
    ]
    docs += [
        (run["extra_headers"], "Headers sent with this request in addition to the client's."),
        (run["extra_query"], "Query parameters sent with this request in addition to the spec's."),
        (run["extra_body"], ("Fields sent with this request in addition to the spec's (a JSON object, form or multipart body).")),
        (run["timeout"], "Overrides the client's timeout for this request (None: wait forever)."),
    ]
    response = op.response
    if variant == "stream":
        event = hints.hint(response.events) if response.events is not None else "Any"
        returns_sync, returns_async = f"Stream[{event}]", f"AsyncStream[{event}]"
        decoder = hints.decoder(response.events) if response.events is not None else "_serde.decode_any"
    elif variant == "to_file":
        returns_sync = returns_async = "None"
        decoder = "_serde.decode_none"
    else:
        returns_sync = (
            hints.hint(response.type)
            if response.type is not None and response.kind == "json"
            else {"text": "str", "binary": "bytes"}.get(response.kind, "None")
        )
        returns_async = returns_sync
        decoder = (
            hints.decoder(response.type)
            if response.kind == "json" and response.type is not None
            else {"text": "_serde.decode_str", "binary": "_serde.decode_bytes"}.get(response.kind, "_serde.decode_none")
        )
    options = [f"method={literal(op.method)}", f"path={literal(op.path)}"]
    for where in ("path", "query", "header", "cookie"):
        group = [p for p in params if p.location == where]
        if group:
            arg = {"path": "path_params", "query": "query", "header": "headers", "cookie": "cookies"}[where]
            options.append(f"{arg}={{{', '.join(f'{literal(p.wire_name)}: {names.param(op, p)}' for p in group)}}}")
    styled = [p for p in params if p.encoding != default_encoding(p.location)]
    if styled:
        options.append(
            "styles={" + ", ".join(f"({literal(p.location)}, {literal(p.wire_name)}): {_wire(p.encoding)}" for p in styled) + "}"
        )
    if body is not None:
        options += _body_call(op, body, names, stream_on=op.stream_flag if variant == "stream" else None)
    checks = [_check(names.arg(op, item), item, hints) for item in params + body_fields]
    if any(checks):
        options.append(f"checks={_tuple([c for c in checks if c])}")
        options.append(f"operation={literal(names.method(op, variant))}")
    accept = ", ".join(response.media_types) or ("*/*" if variant == "to_file" else "")
    if variant in ("plain", "to_file") and accept and accept != "application/json":
        options.append(f"accept={literal(accept)}")  # a strict server answers 406 to a type it does not offer
    options += [
        f"security={_tuple([_tuple([literal(k) for k in alt]) for alt in op.security])}",
        f"extra_headers={run['extra_headers']}",
        f"extra_query={run['extra_query']}",
        f"extra_body={run['extra_body']}",
        f"timeout={run['timeout']}",
    ]
    call = ["RequestOptions(" + ", ".join(options) + ")"]
    if variant == "to_file":
        call.append(f"destination={run['destination']}")
    else:
        call.append(f"decoder={decoder}")
    if variant == "plain" and response.kind != "sse" and page is None:
        call.append(f"response_kind={literal(response.kind)}")
    call_async: tuple[str, ...] = ()
    if page is not None:  # the response as a page: iterating it walks every page
        returns_sync, returns_async = page.name, page.async_name
        call[-1] = f"decoder={page.name}.from_dict"
        call_async = (*call[:-1], f"decoder={page.async_name}.from_dict")
    return MethodView(
        name=names.method(op, variant),
        signature=tuple(signature),
        returns_sync=returns_sync,
        returns_async=returns_async,
        returns_value=returns_sync != "None",
        client_call="request_page" if page is not None else _SEND[variant],
        call_async=call_async,
        assign_sync=f"_response: {returns_sync} = " if returns_sync != "None" else "",
        assign_async=f"_response: {returns_async} = " if returns_async != "None" else "",
        doc=docstring(_method_doc(op, docs, returns_sync, variant), " " * 8),
        call=tuple(call),
        uses_wire=any(o.startswith(("styles=", "encodings=")) for o in options),
    )


def _page_view(api: Api, op: Operation, hints: Hints, names: PyNames, taken: set[str]) -> PageView | None:
    """The page classes of a paginated operation whose response is a model."""
    model = paged_model(api, op, names)
    paging = op.pagination
    if model is None or paging is None or op.response.type is None:
        return None
    fields = {f.wire_name: f for f in model.fields}
    items_field = fields[paging.items]
    item_shape = t.strip_nullable(items_field.type)[0]
    if not isinstance(item_shape, t.ArrayShape):
        return None
    attr = names.fields[model.key]
    base = hints.hint(op.response.type)
    item = hints.hint(item_shape.item)
    items = f"self.{attr[paging.items]}" + ("" if items_field.required and not items_field.nullable else " or []")
    more = [f"if not self.{attr[paging.has_more]}:", "    return None"] if paging.has_more else []
    param = literal(paging.param)
    if paging.kind == "cursor" and paging.next_field:
        body = [*more, f"cursor = self.{attr[paging.next_field]}", f"return {{{param}: cursor}} if cursor else None"]
    elif paging.kind == "cursor":
        item_model = api.declaration(t.strip_nullable(item_shape.item)[0].key)  # type: ignore[union-attr]
        last = f"items[-1].{names.fields[item_model.key][paging.item_field]}"
        body = [*more, "items = self._page_items()", f"return {{{param}: {last}}} if items and {last} else None"]
    elif paging.kind == "offset":
        body = [
            *more,
            "items = self._page_items()",
            f"return {{{param}: self._sent({param}, 0) + len(items)}} if items else None",
        ]
    else:
        body = [*more, f"return {{{param}: self._sent({param}, 1) + 1}} if self._page_items() else None"]
    stem = class_name(names.main_method(op)) + "Page"
    name = stem if stem not in taken else stem + "s"
    taken |= {name, "Async" + name}
    method = names.main_method(op)
    return PageView(
        name=name,
        async_name="Async" + name,
        base=base,
        item=item,
        path=literal(base),
        doc=docstring(
            wrap(
                f"A page of ``{method}``: the {base} fields, and iterating it yields every item of every "
                "page, fetching the next when needed (``has_next_page``, ``next_page``, ``iter_pages``).",
                80,
            ),
            " " * 4,
        ),
        async_doc=docstring(wrap(f"The async client's {name}: ``async for`` yields every item of every page.", 80), " " * 4),
        items=items,
        next_query=tuple(body),
    )


def _body_call(op: Operation, body: Body, names: PyNames, *, stream_on: str | None) -> list[str]:
    if body.whole is not None:
        whole = names.body_arg(op)
        if body.media_type == "binary":
            return [f"content={whole}", f"content_type={literal(body.content_type)}"]
        if body.media_type == "text" or body.media_type == "form" and _is_string(body.whole):
            return [f"text={whole}", f"content_type={literal(body.content_type)}"]
        if body.media_type == "form":
            return [f"form={whole}"]
        return [f"json_body={whole}"]
    files = [f for f in body.fields if _is_file(f.type)]
    plain = [f for f in body.fields if not _is_file(f.type) and f.wire_name != op.stream_flag]
    content_types = dict(body.file_content_types)
    out = []
    entries = ", ".join(
        [f"{literal(f.wire_name)}: {names.body_field(op, f)}" for f in plain]
        + ([f"{literal(stream_on)}: True"] if stream_on else [])
    )
    if body.media_type == "json":
        return [f"json_body={{{entries}}}"]
    out.append(f"form={{{entries}}}")
    default = default_encoding("body")
    encoded = [(name, e) for name, e in body.encodings if e != default]
    if encoded:
        out.append("encodings={" + ", ".join(f"{literal(name)}: {_wire(e)}" for name, e in encoded) + "}")
    if body.media_type == "multipart":

        def default_type(f: Field) -> str:
            shape = f.type.item if isinstance(f.type, t.ArrayShape) else f.type
            ct = content_types.get(f.wire_name) or (shape.content_type if isinstance(shape, t.FileShape) else None)
            return literal(ct)

        out.append(
            "files={" + ", ".join(f"{literal(f.wire_name)}: ({names.body_field(op, f)}, {default_type(f)})" for f in files) + "}"
        )
    return out


def _check(name: str, item: Field | Parameter, hints: Hints) -> str:
    """A ``(name, value, rules)`` tuple for the client-side argument checks, or ""."""
    c = item.constraints
    rules = {
        k: v
        for k, v in (
            ("minimum", c.minimum),
            ("maximum", c.maximum),
            ("exclusive_minimum", c.exclusive_minimum),
            ("exclusive_maximum", c.exclusive_maximum),
            ("min_length", c.min_length),
            ("max_length", c.max_length),
            ("pattern", c.pattern),
            ("min_items", c.min_items),
            ("max_items", c.max_items),
        )
        if v is not None
    }
    enum = hints.closed_enum(item.type)
    shape = t.strip_nullable(item.type)[0]
    if isinstance(shape, t.Primitive):
        rules["type"] = shape.kind  # a wrong type is refused before sending, naming the method and argument
    parts = [f"{literal(k)}: {literal(v)}" for k, v in rules.items()]
    if enum:
        parts.append(f'"enum": {_tuple([literal(v) for v in enum])}')
    if not parts:
        return ""
    return f"({literal(name)}, {name}, {{{', '.join(parts)}}})"


def _tuple(items: list[str]) -> str:
    """A tuple display without a trailing comma (which black would explode), but for one item."""
    return f"({items[0]},)" if len(items) == 1 else f"({', '.join(items)})"


def _wire(e: Encoding) -> str:
    """The runtime's ``Wire(...)`` for an encoding: only what differs from the dataclass defaults."""
    args = [f"style={literal(e.style)}", f"explode={e.explode!r}"]
    if e.allow_reserved:
        args.append("allow_reserved=True")
    if e.content_type is not None:
        args.append(f"content_type={literal(e.content_type)}")
    if e.headers:
        args.append("headers=" + _tuple([_tuple([literal(k), literal(v)]) for k, v in e.headers]))
    return "Wire(" + ", ".join(args) + ")"


def _is_string(shape: t.TypeShape | None) -> bool:
    inner = t.strip_nullable(shape)[0] if shape is not None else None
    return isinstance(inner, (t.Primitive, t.LiteralShape)) and (not isinstance(inner, t.Primitive) or inner.kind == "str")


def _is_file(shape: t.TypeShape) -> bool:
    """A file, a list of files, or a union of those (one file or many)."""
    shape, _ = t.strip_nullable(shape)
    if isinstance(shape, t.UnionShape):
        return all(_is_file(v) for v in shape.variants)
    shape = shape.item if isinstance(shape, t.ArrayShape) else shape
    return isinstance(shape, t.FileShape)


def _arg_doc(item: Field | Parameter) -> str:
    text = markdown_inline(item.description) if item.description else ""
    extras = []
    c = item.constraints
    bounds = [
        f"minimum {c.minimum:g}" if c.minimum is not None else "",
        f"maximum {c.maximum:g}" if c.maximum is not None else "",
    ]
    numbers = [f"{v:g}" for v in (c.minimum, c.maximum) if v is not None]
    said = set(re.findall(r"-?\d+(?:\.\d+)?", text))
    if any(bounds) and not all(n in said for n in numbers):  # not when the spec's sentence gives them already
        extras.append(", ".join(b for b in bounds if b).capitalize() + ".")
    if item.default is not None and not isinstance(item.default.value, (dict, list)):
        extras.append(f"Server default: {literal(item.default.value)}.")
    return " ".join(filter(None, [text.replace("\n", " "), *extras])) or "See the API reference."


# Response descriptions that say nothing a reader does not know from the return type.
_SAYS_NOTHING = re.compile(
    r"(?i)(?:ok|success(?:ful)?(?: (?:response|operation|request))?|\d{3}(?: response)?|"
    r"default(?: response)?|response|done|successful operation|)\.?"
)


def _method_doc(op: Operation, args: list[tuple[str, str]], returns: str, variant: str) -> str:
    summary = markdown_inline(op.summary) if op.summary else ""
    described = wrap(markdown_inline(op.description), 76) if op.description else ""
    parts = [summary or described or op.operation_id]
    if described and described != parts[0]:
        parts.append(described)
    parts.append(f"{op.method} {op.path}")
    parts.append("Args:\n" + "\n".join(wrap(f"    {name}: {text}", 76, "    ") for name, text in args))
    if variant == "stream":
        parts.append(
            f"Returns:\n    {returns}: the server-sent events, parsed as they arrive. Iterate it (or use it as\n"
            "    a context manager); the connection closes when the events end or you stop early."
        )
    elif variant == "to_file":
        parts.append("Returns:\n    None: the response body is written to ``destination`` as it arrives.")
    elif returns != "None":
        desc = "" if _SAYS_NOTHING.fullmatch(op.response.description.strip()) else op.response.description
        parts.append(wrap(f"Returns:\n    {returns}{': ' + desc if desc else ''}", 76, "    "))
    return "\n\n".join(parts)
