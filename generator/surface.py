"""The API's public surface per target, in each target's spelling, as the manifest records it
(``surface``) so the next run can tell what changed for the API's users (``apidiff``).

Read from what the targets already built: their view-models (the planned files' contexts: the
signatures, type hints and Go types exactly as the templates print them) and their naming
modules (``pynames``, ``gonames``); the IR adds what no view says (whether a Go params member
is required, and whether a schema travels in requests, responses or both). One function per
target; the format, the same for every target (each group left out when empty)::

    {"format": 1,
     "<target>": {
       "methods": {"<name>": {"args": {"<arg>": "required <type>" | "optional <type>"}, "returns": "<type>"}},
       "models":  {"<name>": {"use": "request" | "response" | "request response" | "params" | "",
                              "fields": {"<field>": "required <type>" | "optional <type>"}}},
       "enums":   {"<name>": ["<value>", ...]},
       "types":   {"<name>": {"use": "...", "type": "<type>"}}}}

Names are the target's: ``models.delete_model`` (python), ``models delete-model`` and
``--model`` (cli), ``Models.DeleteModel`` and its ``ModelsDeleteModelParams`` struct (go),
``delete_model`` and ``body->{prompt}`` (perl). The docs target has no surface of its own. Each
target's part reads that target's view-models, imported there: a run imports only the targets
it emits.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from .config import Config
from .diagnostics import Diagnostics
from .ir import Alias, Api, Operation
from .ir import types as t
from .ir.walk import declarations_reached
from .pycode import literal
from .pynames import RUNTIME_ARGS, PyNames, python_names
from .render.plan import PlannedFile

if TYPE_CHECKING:
    from .targets.python.models import ModelModuleView

FORMAT = 1  # the surface's layout; a manifest with another one is not compared
Views = dict[tuple[str, str], object]  # (planned file's path, context key) -> view-model


def build(api: Api, config: Config, planned: list[PlannedFile]) -> dict[str, Any]:
    """The surface of every target that ran (sorted keys; json.dumps sorts them again)."""
    views = {(p.path, key): v for p in planned for key, v in p.context.items()}
    uses = _uses(api)
    out: dict[str, Any] = {"format": FORMAT}
    builders = {"python": _python, "cli": _cli, "go": _go, "perl": _perl}
    for name in sorted(config.targets):
        if name in builders:
            out[name] = _pruned(builders[name](api, config, views, uses))
    return out


def _pruned(section: dict[str, Any]) -> dict[str, Any]:
    return {group: dict(sorted(items.items())) for group, items in section.items() if items}


def _member(required: bool, type_: str) -> str:
    return f"{'required' if required else 'optional'} {type_}"


def _uses(api: Api) -> dict[str, str]:
    """Declaration key -> where its values travel: "request", "response", both, or "" (neither)."""
    request: list[t.TypeShape] = []
    response: list[t.TypeShape] = []
    for resource in api.resources:
        for op in resource.operations:
            request += [p.type for p in op.parameters]
            if op.body is not None:
                request += [f.type for f in op.body.fields] + ([op.body.whole] if op.body.whole is not None else [])
            response += [s for s in (op.response.type, op.response.events) if s is not None]
    into, out = _reached(api, request), _reached(api, response)
    return {d.key: " ".join(w for w, s in (("request", into), ("response", out)) if d.key in s) for d in api.declarations}


def _reached(api: Api, shapes: Iterable[t.TypeShape]) -> set[str]:
    """Every declaration the shapes name, at any depth (fields and aliases followed)."""
    return declarations_reached(api.declaration, shapes)


def _enum_values(decl: Alias) -> list[Any] | None:
    shape, _ = t.strip_nullable(decl.type)
    if isinstance(shape, t.LiteralShape) and any(v is not None for v in shape.values):
        return [v for v in shape.values if v is not None]
    return None


# -- python: client.<resource>.<method>(...), the models' dataclasses, enums and aliases -----------
def _python_names(api: Api, config: Config) -> PyNames:
    return python_names(api, Diagnostics(), config.names_for("python"))  # the targets' own (cached) answer


def _python(api: Api, config: Config, views: Views, uses: dict[str, str]) -> dict[str, Any]:
    from .targets.python.models import ModelModuleView
    from .targets.python.resources import ResourceModuleView

    names = _python_names(api, config)
    resources = {v.sync_class: v for v in views.values() if isinstance(v, ResourceModuleView)}
    modules = {_declared(v): v for v in views.values() if isinstance(v, ModelModuleView)}
    methods: dict[str, Any] = {}
    for resource in api.resources:
        own = names.resource(resource)
        op_of = {names.method(op, variant): op for op in resource.operations for variant in op.variants}
        for method in resources[own.sync_class].methods:
            runtime = {names.runtime_arg(op_of[method.name], arg) for arg in RUNTIME_ARGS}
            args = dict(_signature_item(s) for s in method.signature)
            mine = {a: v for a, v in args.items() if a not in runtime}
            methods[f"{own.path}.{method.name}"] = {"args": mine, "returns": method.returns_sync}
    models: dict[str, Any] = {}
    enums: dict[str, Any] = {}
    types: dict[str, Any] = {}
    for decl in api.declarations:
        cls = names.cls(decl.key)
        view = modules[cls]
        if view.model is not None:
            fields = dict(_signature_item(f.declaration) for f in view.model.fields)
            models[cls] = {"use": uses[decl.key], "fields": fields}
        elif isinstance(decl, Alias) and (values := _enum_values(decl)) is not None:
            enums[cls] = [literal(v) for v in values]
        elif view.alias is not None:
            value = view.alias.declaration.split(": TypeAlias = ", 1)[1]
            types[cls] = {"use": uses[decl.key], "type": ast.literal_eval(value) if value[:1] in "'\"" else value}
    return {"methods": methods, "models": models, "enums": enums, "types": types}


def _declared(view: ModelModuleView) -> str:
    if view.model is not None:
        return view.model.name
    return view.alias.declaration.split(":", 1)[0] if view.alias is not None else ""


def _signature_item(text: str) -> tuple[str, str]:
    """``n: int | None | Omit = OMIT`` -> ("n", "optional int | None | Omit"); no default: required."""
    name, rest = text.split(": ", 1)
    type_, eq, _ = rest.partition(" = ")
    return name, _member(not eq, type_)


# -- cli: <resource> <command> and its flags ---------------------------------------------------
def _cli(api: Api, config: Config, views: Views, uses: dict[str, str]) -> dict[str, Any]:
    from .targets.cli.commands import CliIndexView, CommandsModuleView

    index = next(v for v in views.values() if isinstance(v, CliIndexView))
    commands: dict[str, Any] = {}
    for (path, _), view in views.items():
        if not isinstance(view, CommandsModuleView):
            continue
        module = path.rsplit("/", 1)[-1].removesuffix(".py")
        word = next(ast.literal_eval(c) for c, m, _, _ in index.resources if ast.literal_eval(m) == module)
        for command in view.commands:
            flags = dict(_option(o) for o in command.options)
            commands[f"{word} {ast.literal_eval(command.name)}"] = {"args": flags}
    return {"methods": commands}


def _option(expression: str) -> tuple[str, str]:
    """``Option(flag='--n', arg='n', kind='int', required=True, ...)`` -> ("--n", "required int")."""
    call = ast.parse(expression, mode="eval").body
    assert isinstance(call, ast.Call)
    given = {k.arg: ast.literal_eval(k.value) for k in call.keywords if k.arg}
    kind = " | ".join(map(str, given["choices"])) if given.get("choices") else given["kind"]
    return given["flag"], _member(bool(given.get("required")), f"[{kind}]" if given.get("array") else kind)


# -- go: client.<Service>.<Method>(ctx, path args, params), structs, enum constants, types -------
def _go(api: Api, config: Config, views: Views, uses: dict[str, str]) -> dict[str, Any]:
    from .gonames import go_names
    from .targets.go import GoClientView, GoEnumView, GoModelView, GoServiceView

    names = go_names(api, config.names_for("go"), Diagnostics())  # the same names the target made first
    client = next(v for v in views.values() if isinstance(v, GoClientView))
    attr = {s.type: s.attr for s in (*client.services, *client.nested)}  # nested: Customers.TaxIDs
    required: dict[str, dict[str, bool]] = {}  # params struct -> member -> required
    use_of = {name: uses[key] for key, name in names.types.items()}
    for resource in api.resources:
        for operation in resource.operations:
            required[names.params[operation.key]] = _params_required(operation, names.param_fields[operation.key])
    methods: dict[str, Any] = {}
    models: dict[str, Any] = {}
    enums: dict[str, Any] = {}
    types: dict[str, Any] = {}
    enum_views: list[GoEnumView] = []
    for view in views.values():
        if isinstance(view, GoServiceView):
            for op in view.operations:
                enum_views += op.enums
                params = op.params
                members = required.get(params.name, {})
                fields = {m.name: _member(members.get(m.name, False), m.type) for m in params.members}
                models[params.name] = {"use": "params", "fields": fields}
                for method in op.methods:
                    enum_views += method.enums
                    args = {a.name: _member(True, a.type) for a in method.path_args} | {"params": _member(True, params.name)}
                    methods[f"{attr[view.name]}.{method.name}"] = {"args": args, "returns": method.returns}
        elif isinstance(view, GoModelView):
            enum_views += view.enums
            if view.struct is not None:
                fields = {f.name: _member(not f.omitempty, f.type) for f in view.struct.fields}
                models[view.struct.name] = {"use": use_of.get(view.struct.name, ""), "fields": fields}
            elif view.union is not None:
                variants = " | ".join(v.type for v in view.union.variants) or "any"
                types[view.union.name] = {"use": use_of.get(view.union.name, ""), "type": variants}
            elif view.alias is not None:
                types[view.alias.name] = {"use": use_of.get(view.alias.name, ""), "type": view.alias.type}
    for enum in enum_views:
        enums[enum.name] = [f"{c.name} = {c.value}" for c in enum.constants]
    return {"methods": methods, "models": models, "enums": enums, "types": types}


def _params_required(op: Operation, members: dict[tuple[str, str], str]) -> dict[str, bool]:
    wanted: dict[tuple[str, str], bool] = {(p.location, p.wire_name): p.required for p in op.parameters}
    if op.body is not None:
        wanted |= {("body", f.wire_name): f.required for f in op.body.fields}
        wanted[("body", "")] = op.body.required
    return {member: wanted.get(key, False) for key, member in members.items()}


# -- perl: $client-><method>({ args }), body fields under the body's key -------------------------
_POD_ESCAPES = {"E<lt>": "<", "E<gt>": ">"}
_LOCATION = re.compile(r"^(path|query|header|cookie) parameter, ")


def _unpod(text: str) -> str:
    text = text.removeprefix("Z<>")
    return re.sub(r"E<(lt|gt)>", lambda m: _POD_ESCAPES[m.group()], text)


def _perl(api: Api, config: Config, views: Views, uses: dict[str, str]) -> dict[str, Any]:
    from .targets.perl import PerlResourceView

    methods: dict[str, Any] = {}
    for view in views.values():
        if not isinstance(view, PerlResourceView):
            continue
        for op in view.methods:
            args: dict[str, str] = {}
            for item in op.arguments:
                label = _unpod(item.label)
                required = label.endswith(", required")
                label = label.removesuffix(", required")
                name = _unpod(item.name)
                if label.startswith("body field, "):
                    name, label = f"{op.body_key}->{{{name}}}", label.removeprefix("body field, ")
                else:
                    label = _LOCATION.sub("", label)
                args[name] = _member(required, label)
            methods[f"{view.reach}->{op.name}" if view.reach else op.name] = {"args": args}
    return {"methods": methods}
