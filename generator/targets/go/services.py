"""A resource's view (``<resource>.go``): its service type and, per operation, the params struct
and the methods (with a ``Streaming`` twin when the spec offers events beside the response)."""

from __future__ import annotations

from ...gonames import exported
from ...ir import Api, Model, Operation, Resource
from ...ir import types as t
from ...ir.pagination import response_model
from . import (
    GoArgView,
    GoMemberView,
    GoMethodView,
    GoOperationView,
    GoPagerView,
    GoParamsView,
    GoPutView,
    GoServiceRef,
    GoServiceView,
)
from .types import GoTypes, Parts, doc_lines, go_string, import_lines, plain_string
from .wiredata import body_wire, parameter_wire, security, wire_view


def service_file(types: GoTypes, api: Api, resource: Resource, package: str, module: str) -> GoServiceView:
    service = types.names.services[resource.wire_name][1]
    out = Parts(imports={"context", "option"} if resource.operations else set())  # a level of nested services only
    operations = tuple(_operation(types, op, service, out) for op in resource.operations)
    return GoServiceView(
        package=package,
        imports=import_lines(out.imports, module),
        name=service,
        doc=doc_lines(resource.description),
        resource=" ".join(resource.wire_name.split()),
        operations=operations,
        nested=tuple(GoServiceRef(*types.names.services[r.wire_name]) for r in api.children(resource)),
    )


def _operation(types: GoTypes, op: Operation, service: str, out: Parts) -> GoOperationView:
    names = types.names
    params_type = names.params[op.key]
    method = names.methods[op.key]
    members_of = names.param_fields[op.key]
    path_args: list[GoArgView] = []
    members: list[GoMemberView] = []
    for p in op.parameters:
        if p.location == "path":
            go_type = types.type_of(p.type, out, owner=params_type, member=exported(p.words), params=True)
            path_args.append(GoArgView(name=names.path_args[op.key][p.wire_name], type=go_type))
            continue
        go_field = members_of[(p.location, p.wire_name)]
        go_type = types.type_of(p.type, out, owner=params_type, member=go_field, params=True)
        members.append(GoMemberView(name=go_field, type=go_type, doc=doc_lines(p.description), body=False))
    body = op.body
    for f in body.fields if body else ():
        if f.wire_name != op.stream_flag:
            go_field = members_of[("body", f.wire_name)]
            go_type = types.type_of(f.type, out, owner=params_type, member=go_field, params=True)
            members.append(GoMemberView(name=go_field, type=go_type, doc=doc_lines(f.description), body=False))
    if body is not None and body.whole is not None:
        go_field = members_of[("body", "")]
        if body.media_type == "binary" or (body.media_type == "text" and not plain_string(body.whole)):
            out.imports.add("io")
            whole = "io.Reader"
        else:
            whole = types.type_of(body.whole, out, owner=params_type, member=go_field, params=True)
        members.append(GoMemberView(name=go_field, type=whole, doc=doc_lines(body.description), body=True))
    enums = out.take_enums()
    params = GoParamsView(name=params_type, method=method, members=tuple(members))
    variants = [("", False)]
    if "stream" in op.variants and op.response.kind != "sse" and op.stream_flag:
        variants.append(("Streaming", True))
    methods = tuple(_method(types, op, method + suffix, tuple(path_args), streaming, out) for suffix, streaming in variants)
    return GoOperationView(enums=enums, params=params, methods=methods, pager=_pager(types, op, method, members))


def _pager(types: GoTypes, op: Operation, method: str, members: list[GoMemberView]) -> GoPagerView | None:
    """``<Method>AutoPaging`` for a list operation whose response is a model, where the cursor,
    offset or page number has the Go type the params take (else none: the method pages by hand)."""
    paging = op.pagination
    page = response_model(types.api, op) if paging is not None else None
    if paging is None or page is None:
        return None
    names = types.names
    fields = {f.wire_name: f for f in page.fields}
    go_fields = names.fields[page.key]
    items_shape = t.strip_nullable(fields[paging.items].type)[0]
    if not isinstance(items_shape, t.ArrayShape) or not isinstance(items_shape.item, (t.RefShape, t.Primitive)):
        return None
    scratch = Parts()  # the types here are the model's, declared in its own file
    item = types.type_of(items_shape.item, scratch, owner=names.types[page.key], member=go_fields[paging.items])
    param = next((m for m in members if m.name == names.param_fields[op.key].get(("query", paging.param))), None)
    if param is None:
        return None
    more = [f"if !r.{go_fields[paging.has_more]} {{", "\treturn false", "}"] if paging.has_more else []
    items = f"r.{go_fields[paging.items]}"
    if paging.kind == "cursor" and paging.next_field:
        if param.type != "string" or not plain_string(fields[paging.next_field].type):
            return None
        cursor = f"r.{go_fields[paging.next_field]}"
        advance = [*more, f'if {cursor} == "" {{', "\treturn false", "}", f"params.{param.name} = F({cursor})", "return true"]
    elif paging.kind == "cursor":
        item_model = types.api.declaration(items_shape.item.key) if isinstance(items_shape.item, t.RefShape) else None
        if param.type != "string" or not isinstance(item_model, Model):
            return None
        id_field = next((f for f in item_model.fields if f.wire_name == paging.item_field), None)
        if id_field is None or not plain_string(id_field.type):
            return None
        last = f"{items}[len({items})-1]"
        advance = [
            *more,
            f"if len({items}) == 0 || {last} == nil {{",
            "\treturn false",
            "}",
            f"params.{param.name} = F({last}.{names.fields[item_model.key][paging.item_field]})",
            "return true",
        ]
    elif param.type != "int64":
        return None
    elif paging.kind == "offset":
        advance = [*more, f"params.{param.name} = F(params.{param.name}.Value() + int64(len({items})))", "return true"]
    else:
        advance = [
            *more,
            f"current := params.{param.name}.Value()",
            "if current < 1 {",
            "\tcurrent = 1",
            "}",
            f"params.{param.name} = F(current + 1)",
            "return true",
        ]
    name = method + "AutoPaging"
    resource = next(r for r in types.api.resources if op in r.operations)
    if name in {names.methods[other.key] + suffix for other in resource.operations for suffix in ("", "Streaming")}:
        return None  # a method of the service has the name
    return GoPagerView(name=name, method=method, page=names.types[page.key], item=item, items=items, advance=tuple(advance))


def _method(
    types: GoTypes, op: Operation, method: str, path_args: tuple[GoArgView, ...], streaming: bool, out: Parts
) -> GoMethodView:
    response = op.response
    events = streaming or response.kind == "sse"
    accept = ""
    if events:
        value = (
            types.type_of(response.events, out, owner=method, member="Event").lstrip("*")
            if response.events is not None
            else "json.RawMessage"
        )
        if value == "json.RawMessage":
            out.imports.add("encoding/json")
        result, returns, zero = "stream", f"*Stream[{value}]", "nil"
        accept = go_string("text/event-stream")
    elif response.kind == "json" and response.type is not None:
        value = types.type_of(response.type, out, owner=method, member="Response").lstrip("*")
        result, returns, zero = "json", "*" + value, "nil"
    elif response.kind == "text":
        value, result, returns, zero = "", "text", "string", '""'
    elif response.kind == "binary":
        out.imports.add("io")
        value, result, returns, zero = "", "binary", "io.ReadCloser", "nil"
    else:
        value, result, returns, zero = "", "none", "", ""
    if not events and response.media_types and ", ".join(response.media_types) != "application/json":
        accept = go_string(", ".join(response.media_types))
    summary = op.summary or op.description
    return GoMethodView(
        enums=out.take_enums(),
        name=method,
        doc=doc_lines(f"{method} — {summary}" if summary else method),
        http=" ".join(f"{op.method.upper()} {op.path}".split()),  # a comment: one line, whatever the path holds
        verb=go_string(op.method.upper()),
        path=go_string(op.path),
        security=security(op),
        path_args=path_args,
        returns=returns,
        zero=zero,
        result=result,
        value=value,
        accept=accept,
        media=go_string(op.body.media_type) if op.body is not None else "",
        content_type=go_string(op.body.content_type) if op.body is not None else "",
        puts=_puts(types, op, path_args),
        body_puts=_body_puts(types, op, streaming),
    )


def _puts(types: GoTypes, op: Operation, path_args: tuple[GoArgView, ...]) -> tuple[GoPutView, ...]:
    """The parameters, in the spec's order: a path argument, or a member of the params."""
    args = types.names.path_args[op.key]
    members = types.names.param_fields[op.key]
    return tuple(
        GoPutView(
            arg=args[p.wire_name] if p.location == "path" else "",
            member="" if p.location == "path" else members[(p.location, p.wire_name)],
            wire=parameter_wire(p),
        )
        for p in op.parameters
    )


def _body_puts(types: GoTypes, op: Operation, streaming: bool) -> tuple[GoPutView, ...]:
    """The body's fields with their ``wire`` (the runtime lays the body out), its whole value,
    and the stream flag of a streaming twin."""
    body = op.body
    if body is None:
        return ()
    members = types.names.param_fields[op.key]
    puts = [
        GoPutView(arg="", member=members[("body", f.wire_name)], wire=body_wire(op, f.wire_name))
        for f in body.fields
        if f.wire_name != op.stream_flag
    ]
    if ("body", "") in members:
        puts.append(GoPutView(arg="", member=members[("body", "")], wire=wire_view("body", "")))
    if streaming and op.stream_flag:
        puts.append(GoPutView(arg="", member="", wire=body_wire(op, op.stream_flag)))
    return tuple(puts)
