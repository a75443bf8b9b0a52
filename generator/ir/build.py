"""Spec -> API model: the one entry point of the IR stage."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from .. import naming
from ..diagnostics import Diagnostics
from ..loader import Spec
from . import types as t
from .decls import Alias, Api, Auth, Declaration, Model, Operation, Resource
from .operations import OperationBuilder
from .order import ordered
from .schemas import SchemaBuilder


def build_api(spec: Spec, diagnostics: Diagnostics) -> Api:
    data = spec.data
    info = data.get("info") if isinstance(data.get("info"), dict) else {}
    auth = _auth(spec, diagnostics)
    schemas_builder = SchemaBuilder(spec, diagnostics)
    schemas_builder.declare_components()
    ops_builder = OperationBuilder(spec, schemas_builder, diagnostics, global_auth=auth.required)
    operations = ops_builder.build_all()
    schemas_builder.build_pending()
    if not operations:
        diagnostics.add("no-operations", file=spec.root.name, pointer="/paths")
    declarations = _emitted(schemas_builder.declarations, operations, ops_builder.form_body_schemas)
    return Api(
        title=str(info.get("title") or "API"),
        version=str(info.get("version") or "0"),
        description=(info.get("description") or "").strip() if isinstance(info.get("description"), str) else "",
        base_url=_base_url(data),
        auth=auth,
        declarations=tuple(ordered(declarations)),
        resources=_resources(spec, operations, diagnostics, schemas_builder.names),
    )


def _base_url(data: dict[str, Any]) -> str:
    servers = data.get("servers")
    if not isinstance(servers, list) or not servers or not isinstance(servers[0], dict):
        return "http://localhost"
    url = str(servers[0].get("url") or "/")
    for name, var in (servers[0].get("variables") or {}).items():
        if isinstance(var, dict) and "default" in var:
            url = url.replace("{" + name + "}", str(var["default"]))
    return url.rstrip("/")


def _auth(spec: Spec, diagnostics: Diagnostics) -> Auth:
    data = spec.data
    schemes = (data.get("components") or {}).get("securitySchemes") or {}
    requirements = data.get("security") if isinstance(data.get("security"), list) else []
    optional = any(req == {} for req in requirements)
    names = [name for req in requirements if isinstance(req, dict) for name in req]
    if not names and isinstance(schemes, dict):
        names = list(schemes)  # no global requirement: operations may still name these
    for name in names:
        scheme = schemes.get(name) if isinstance(schemes, dict) else None
        if not isinstance(scheme, dict):
            continue
        kind, where = scheme.get("type"), scheme.get("in")
        if kind == "http" and str(scheme.get("scheme", "")).lower() == "bearer":
            return Auth(kind="bearer", scheme_name=name, required=bool(requirements) and not optional)
        if kind == "apiKey" and where in ("header", "query") and isinstance(scheme.get("name"), str):
            return Auth(kind=where, name=scheme["name"], scheme_name=name, required=bool(requirements) and not optional)
        if kind == "oauth2" or kind == "openIdConnect":
            return Auth(kind="bearer", scheme_name=name, required=bool(requirements) and not optional)
        diagnostics.add(
            "unsupported-security",
            file=spec.root.name,
            pointer=f"/components/securitySchemes/{name}",
            name=name,
            kind=f"{kind} {scheme.get('scheme') or where or ''}".strip(),
        )
    return Auth(kind="none", required=False)


def _emitted(declarations: dict[str, Declaration], operations: list[Operation], form_only: set[str]) -> list[Declaration]:
    """Every declaration, except schemas used only as flattened form/multipart bodies."""
    used: set[str] = set()
    for op in operations:
        shapes = [p.type for p in op.parameters] + ([op.response.type] if op.response.type else [])
        if op.body:
            shapes += [f.type for f in op.body.fields] + ([op.body.whole] if op.body.whole else [])
        for shape in shapes:
            used |= t.referenced_names(shape)
    for decl in declarations.values():
        if decl.name not in form_only:
            used.add(decl.name)
    closure: set[str] = set()
    stack = list(used)
    while stack:
        name = stack.pop()
        if name in closure or name not in declarations:
            continue
        closure.add(name)
        decl = declarations[name]
        shapes = [f.type for f in decl.fields] if isinstance(decl, Model) else [decl.type]
        for shape in shapes:
            stack.extend(t.referenced_names(shape))
    return [d for d in declarations.values() if d.name in closure]


def _resources(
    spec: Spec, operations: list[Operation], diagnostics: Diagnostics, class_names: naming.Scope
) -> tuple[Resource, ...]:
    """Group operations by tag. Resource classes share one namespace with the models, so a
    tag and a schema of the same name (Batch) give ``BatchResource`` beside the ``Batch`` model."""
    tags = {tag.get("name"): tag for tag in (spec.data.get("tags") or []) if isinstance(tag, dict)}
    # Tags that differ only in spelling ("Responses", "responses") are one resource.
    grouped: dict[str, list[Operation]] = {}
    first_tag: dict[str, str] = {}
    for op in operations:
        key = naming.attribute(op.resource)
        first_tag.setdefault(key, op.resource)
        grouped.setdefault(first_tag[key], []).append(op)
    attrs = naming.Scope()
    # Attributes and methods of the client itself.
    attrs.reserve(
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
    resources = []
    for wire in sorted(grouped, key=lambda w: naming.attribute(w)):
        attr, _ = attrs.claim(naming.attribute(wire), wire)
        methods = _method_names(grouped[wire], attr, spec.root.name, diagnostics)
        tag = tags.get(wire) or {}
        cls = naming.class_name(attr)
        sync_name = cls if cls not in class_names.taken else cls + "Resource"
        sync_name, _ = class_names.claim(sync_name, wire, snake_case=False)
        async_name, _ = class_names.claim("Async" + sync_name, wire, snake_case=False)
        raw_name, _ = class_names.claim(sync_name + "WithRawResponse", wire, snake_case=False)
        async_raw_name, _ = class_names.claim(async_name + "WithRawResponse", wire, snake_case=False)
        resources.append(
            Resource(
                wire_name=wire,
                attr_name=attr,
                class_name=sync_name,
                async_class_name=async_name,
                raw_class_name=raw_name,
                async_raw_class_name=async_raw_name,
                module=naming.file_stem(attr),
                description=(tag.get("description") or "").strip() if isinstance(tag.get("description"), str) else "",
                operations=methods,
            )
        )
    return tuple(resources)


# Attributes every generated resource class has; no method may take them.
RESOURCE_RESERVED = ("with_raw_response",)
_VARIANT_SUFFIXES = {"stream": ("_stream", "_as_stream"), "to_file": ("_to_file", "_into_file")}


def _method_names(ops: list[Operation], resource: str, file: str, diagnostics: Diagnostics) -> tuple[Operation, ...]:
    """Every method of one resource, variants (``_stream``, ``_to_file``) included, named in one
    scope: plain names first (in spec order), then the variants, so an operation called
    ``chatStream`` keeps its name and ``chat``'s stream twin moves aside, with a warning."""
    scope = naming.Scope()
    scope.reserve(*RESOURCE_RESERVED)
    owner: dict[str, Operation] = {}
    names: list[dict[str, str]] = []
    for op in ops:
        first_variant = op.variants[0]
        by_path = naming.attribute(naming.from_method_and_path(op.method, op.path, parameter_names=True))
        name = scope.first_free([op.py_name, by_path], f"{op.method} {op.path}")
        if name != op.py_name:
            first = owner.get(op.py_name)
            diagnostics.add(
                "duplicate-method",
                file=file,
                pointer=op.pointer,
                resource=resource,
                method=op.py_name,
                name=name,
                first=f"{first.method} {first.path}" if first else "another method",
                second=f"{op.method} {op.path}",
            )
        owner.setdefault(name, op)
        names.append({first_variant: name})
    for op, chosen in zip(ops, names):
        plain = next(iter(chosen.values()))
        for variant in op.variants[1:]:
            wanted = [plain + suffix for suffix in _VARIANT_SUFFIXES[variant]]
            name = scope.first_free(wanted, f"{op.method} {op.path} ({variant})")
            if name != wanted[0]:
                other = owner.get(wanted[0])
                diagnostics.add(
                    "name-collision",
                    file=file,
                    pointer=op.pointer,
                    kind=f"{variant} method",
                    wire=wanted[0],
                    other=f"{other.method} {other.path}" if other else wanted[0],
                    name=name,
                )
            owner.setdefault(name, op)
            chosen[variant] = name
    return tuple(replace(op, method_names=tuple(chosen.items())) for op, chosen in zip(ops, names))


__all__ = ["Alias", "Model", "build_api"]
