"""View-models of the command line: one table of commands per resource, made from the IR and
the Python client's names (the CLI calls the client's methods with its keyword arguments)."""

from __future__ import annotations

from dataclasses import dataclass

from ...ir import Api, Field, Model, Operation, Parameter, Resource
from ...ir import types as t
from ...ir.walk import resolved
from ...pycode import docstring, literal, markdown_inline
from ...pynames import WHOLE_BODY, PyNames, cli_flags, cli_word, paged_model


@dataclass(frozen=True, slots=True)
class CommandView:
    name: str  # the command, as a Python literal: "create-variation"
    fields: tuple[str, ...]  # Command(...)'s keyword arguments, each ``name=literal``
    options: tuple[str, ...]  # Option(...) expressions
    options_inline: str = ""  # ``options=(Option(...),),`` when one option fits on the line (as black joins it)


@dataclass(frozen=True, slots=True)
class CommandsModuleView:
    doc: str  # the module docstring
    commands: tuple[CommandView, ...]
    runtime_import: str  # Command, and Option when a command has options


@dataclass(frozen=True, slots=True)
class CliIndexView:
    package: str
    prog: str  # python -m <package>
    api_key_env: str  # as a literal
    resources: tuple[tuple[str, str, str, str], ...]  # (command, module, client attribute, help), literals


def index_view(api: Api, names: PyNames, package: str, api_key_env: str) -> CliIndexView:
    rows = []
    for resource in api.resources:
        own = names.resource(resource)
        help_ = _one_line(resource.description) or f"The {resource.wire_name} operations."
        command = [cli_word(attr) for attr in own.path.split(".")]  # a nested resource's: "customers tax-ids"
        rows.append((command, own.module, own.path, help_))
    rows.sort(key=lambda row: row[0])
    return CliIndexView(
        package=package,
        prog=literal(f"python -m {package}"),
        api_key_env=literal(api_key_env),
        resources=tuple((literal(" ".join(c)), literal(m), literal(a), literal(h)) for c, m, a, h in rows),
    )


def commands_view(api: Api, resource: Resource, names: PyNames, line_length: int = 88) -> CommandsModuleView:
    commands = []
    for op in resource.operations:
        commands.append(_command(api, op, names, line_length))
    doc = docstring(f"The {resource.wire_name} commands: one ``Command`` per operation, built into a parser when named.")
    names_ = "Command, Option" if any(c.options for c in commands) else "Command"
    return CommandsModuleView(doc=doc, commands=tuple(commands), runtime_import=f"from ._runtime import {names_}")


def _command(api: Api, op: Operation, names: PyNames, line_length: int) -> CommandView:
    flags = cli_flags(op, names)
    options = []
    body = op.body
    if body is not None and body.whole is not None:
        plain_text = body.media_type == "text" or body.media_type == "form" and _is_text(body.whole)
        kind = "file" if body.media_type == "binary" else "text" if plain_text else "json"
        options.append(
            _option(
                flags[WHOLE_BODY],
                names.body_arg(op),
                kind,
                markdown_inline(body.description) or "The request body.",
                required=body.required,
            )
        )
    items: list[Field | Parameter] = [
        *op.parameters,
        *(f for f in (body.fields if body else ()) if f.wire_name != op.stream_flag),
    ]
    for item in sorted(items, key=lambda i: not i.required):
        key = (item.location, item.wire_name) if isinstance(item, Parameter) else ("body", item.wire_name)
        options.append(_item_option(api, item, flags[key], names.arg(op, item)))
    variants = op.variants
    kind = op.response.kind
    fields = [
        f"method={literal(names.method(op, variants[0]))}",
        f"summary={literal(_one_line(op.summary))}",
        f"description={literal(markdown_inline(op.description) if op.description != op.summary else '')}",
        f"http={literal(f'{op.method.upper()} {op.path}')}",
    ]
    if kind == "sse":
        fields.append('output="events"')
    elif kind == "binary":
        fields += ['output="binary"', f"file_method={literal(names.method(op, 'to_file'))}"]
        if names.runtime_arg(op, "destination") != "destination":  # a parameter took the name
            fields.append(f"destination={literal(names.runtime_arg(op, 'destination'))}")
    elif kind == "empty":
        fields.append('output="none"')
    if "stream" in variants and kind != "sse":
        fields.append(f"stream_method={literal(names.method(op, 'stream'))}")
    if op.response.type is not None and _carries_images(api, op.response.type):
        fields.append("images=True")
    if paged_model(api, op, names) is not None:  # the client returns a page: --all walks them
        fields.append("pages=True")
    inline = f"options=({options[0]},)," if len(options) == 1 else ""
    return CommandView(
        name=literal(cli_word(names.method(op, variants[0]))),
        fields=tuple(fields),
        options=tuple(options),
        options_inline=inline if len(" " * 8 + inline) <= line_length else "",
    )


def _one_line(text: str) -> str:
    return " ".join(markdown_inline(text).split())


def _option(
    flag: str,
    arg: str,
    kind: str,
    help_: str,
    *,
    required: bool = False,
    array: bool = False,
    choices: tuple[t.JsonScalar, ...] = (),
    minimum: float | None = None,
    maximum: float | None = None,
    default: str = "",
) -> str:
    parts = [f"flag={literal(flag)}", f"arg={literal(arg)}", f"kind={literal(kind)}"]
    if help_:
        parts.append(f"help={literal(' '.join(help_.split()))}")
    if required:
        parts.append("required=True")
    if array:
        parts.append("array=True")
    if choices:
        values = [literal(c) for c in choices]
        parts.append(f"choices=({values[0]},)" if len(values) == 1 else f"choices=({', '.join(values)})")
    if minimum is not None:
        parts.append(f"minimum={literal(minimum)}")
    if maximum is not None:
        parts.append(f"maximum={literal(maximum)}")
    if default:
        parts.append(f"default={literal(default)}")
    return f"Option({', '.join(parts)})"


def _item_option(api: Api, item: Field | Parameter, flag: str, arg: str) -> str:
    shape = _resolved(api, item.type)
    array = False
    if isinstance(shape, t.ArrayShape):
        inner = _resolved(api, shape.item)
        if _kind(api, inner)[0] != "json":
            shape, array = inner, True
    if isinstance(shape, t.UnionShape) and all(_is_file(api, v) for v in shape.variants):
        shape, array = t.FileShape(), True  # one file or many: repeat the flag
    kind, choices = _kind(api, shape)
    help_ = markdown_inline(item.description) if item.description else ""
    if isinstance(shape, t.LiteralShape) and shape.open or _open_enum(api, shape):
        known = _known_values(api, shape)
        if known:
            help_ += f" Known values: {', '.join(str(v) for v in known)}."
    c = item.constraints
    default = ""
    if item.default is not None and item.default.value is not None and not isinstance(item.default.value, (dict, list)):
        value = item.default.value
        default = ("true" if value else "false") if isinstance(value, bool) else str(value)
    return _option(
        flag,
        arg,
        kind,
        help_,
        required=item.required,
        array=array,
        choices=choices,
        minimum=c.minimum if kind in ("int", "float") else None,
        maximum=c.maximum if kind in ("int", "float") else None,
        default=default,
    )


def _resolved(api: Api, shape: t.TypeShape) -> t.TypeShape:
    """Through nullability and aliases to the shape a value must have."""
    return resolved(api.declaration, shape)


def _is_file(api: Api, shape: t.TypeShape) -> bool:
    shape = _resolved(api, shape)
    if isinstance(shape, t.ArrayShape):
        shape = _resolved(api, shape.item)
    return isinstance(shape, t.FileShape)


def _open_enum(api: Api, shape: t.TypeShape) -> bool:
    """A union of known string values and any string (``ImageModel | str``)."""
    if not isinstance(shape, t.UnionShape):
        return False
    variants = [_resolved(api, v) for v in shape.variants]
    return all(isinstance(v, t.LiteralShape) or isinstance(v, t.Primitive) and v.kind == "str" for v in variants)


def _known_values(api: Api, shape: t.TypeShape) -> tuple[t.JsonScalar, ...]:
    if isinstance(shape, t.LiteralShape):
        return shape.values
    if isinstance(shape, t.UnionShape):
        resolved = [_resolved(api, v) for v in shape.variants]
        return tuple(v for s in resolved if isinstance(s, t.LiteralShape) for v in s.values)
    return ()


def _kind(api: Api, shape: t.TypeShape) -> tuple[str, tuple[t.JsonScalar, ...]]:
    """The option's kind and, for a closed enum, its values."""
    if isinstance(shape, t.Primitive):
        return shape.kind, ()
    if isinstance(shape, t.LiteralShape):
        values = tuple(v for v in shape.values if v is not None)
        if shape.open or not values:
            return "str", ()
        if all(isinstance(v, bool) for v in values):
            return "bool", ()
        return "enum", values
    if isinstance(shape, t.FileShape):
        return "file", ()
    if _open_enum(api, shape):
        return "str", ()
    if isinstance(shape, t.UnionShape) and any(
        isinstance(_resolved(api, v), t.Primitive)
        and _resolved(api, v).kind == "str"  # type: ignore[union-attr]
        or isinstance(_resolved(api, v), t.LiteralShape)
        for v in shape.variants
    ):
        return "mixed", ()  # text as it is; JSON for the other shapes
    return "json", ()


def _carries_images(api: Api, shape: t.TypeShape) -> bool:
    """Whether a response can hold base64 images (a string field named like ``b64_json``) in a
    model it reaches at any depth."""
    return not _image_carriers(api).isdisjoint(t.referenced_names(shape))


_CARRIERS: list[tuple[Api, frozenset[str]]] = []  # the last API's answer: asked once per command


def _image_carriers(api: Api) -> frozenset[str]:
    """The declarations from which a model with a base64 image field is reachable (through
    aliases, unions, containers and fields): found backwards from those models, once per API,
    instead of walking every model each response reaches (quadratic on Stripe's)."""
    if _CARRIERS and _CARRIERS[0][0] is api:
        return _CARRIERS[0][1]
    users: dict[str, set[str]] = {}  # key -> the declarations naming it
    found: list[str] = []
    for decl in api.declarations:
        if isinstance(decl, Model):
            named = {key for f in decl.fields for key in t.referenced_names(f.type)}
            if any("b64" in f.wire_name and isinstance(resolved(api.declaration, f.type), t.Primitive) for f in decl.fields):
                found.append(decl.key)
        else:
            named = t.referenced_names(decl.type)
        for key in named:
            users.setdefault(key, set()).add(decl.key)
    carriers = set(found)
    while found:
        for user in users.get(found.pop(), ()):
            if user not in carriers:
                carriers.add(user)
                found.append(user)
    _CARRIERS[:] = [(api, frozenset(carriers))]
    return _CARRIERS[0][1]


def _is_text(shape: t.TypeShape) -> bool:
    inner, _ = t.strip_nullable(shape)
    return isinstance(inner, t.LiteralShape) or isinstance(inner, t.Primitive) and inner.kind == "str"
