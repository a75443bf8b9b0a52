"""Spec -> API model: the one entry point of the IR stage."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from .. import naming
from ..diagnostics import Diagnostics
from ..loader import Spec
from . import types as t
from .decls import Alias, Api, Auth, Declaration, Model, Operation, Resource
from .operations import OperationBuilder
from .pagination import paginated
from .schemas import SchemaBuilder
from .security import security_schemes


def build_api(spec: Spec, diagnostics: Diagnostics) -> Api:
    data = spec.data
    info = data.get("info") if isinstance(data.get("info"), dict) else {}
    auth = _auth(spec, Diagnostics())  # the legacy single scheme; security_schemes reports what is unsupported
    schemes = security_schemes(spec, diagnostics)
    schemas_builder = SchemaBuilder(spec, diagnostics)
    schemas_builder.declare_components()
    ops_builder = OperationBuilder(spec, schemas_builder, diagnostics, global_auth=auth.required, schemes=schemes)
    operations = ops_builder.build_all()
    schemas_builder.build_pending()
    if not operations:
        diagnostics.add("no-operations", file=spec.root.name, pointer="/paths")
    declarations = _emitted(schemas_builder.declarations, operations, ops_builder.form_body_schemas)
    api = Api(
        title=str(info.get("title") or "API"),
        version=str(info.get("version") or "0"),
        description=(info.get("description") or "").strip() if isinstance(info.get("description"), str) else "",
        base_url=_base_url(data),
        auth=auth,
        security_schemes=schemes,
        declarations=tuple(declarations),
        resources=_resources(spec, operations),
    )
    return paginated(api)


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
        if decl.key not in form_only:
            used.add(decl.key)
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
    return [d for d in declarations.values() if d.key in closure]


def path_words(path: str) -> tuple[str, ...]:
    """A path's words that name things: no parameters, no version or API prefixes (the last word
    stays, even if it looks like one): ``/v1/customers/{customer}/tax_ids`` -> customers, tax_ids."""
    segments = [s for s in path.split("/") if s and not s.startswith("{")]
    while len(segments) > 1 and _PREFIX.fullmatch(segments[0]):
        segments.pop(0)
    return tuple(segments)


def path_group(path: str) -> str:
    """The resource a path belongs to without a tag: its first word that names something."""
    words = path_words(path)
    return words[0] if words else "default"


_PREFIX = re.compile(r"(v\d+([._]\d+)*(beta|alpha)?\d*|api|apis|rest|public)", re.IGNORECASE)


ONE_TAG_LIMIT = 100  # operations under a single tag before its paths group them instead


def _grouped_by_path(operations: list[Operation]) -> list[Operation]:
    """Operations without a tag go to the resource their path names; so do all of them when one
    tag covers every operation of a big API (over ONE_TAG_LIMIT operations, over several paths'
    resources): a tag that groups nothing. A smaller API keeps the one resource its author chose."""
    tags = {op.resource for op in operations}
    everything = (
        len(tags) == 1
        and "" not in tags
        and len(operations) > ONE_TAG_LIMIT
        and len({path_group(op.path) for op in operations}) > 1
    )
    return [op if op.resource and not everything else replace(op, resource=path_group(op.path)) for op in operations]


def _resources(spec: Spec, operations: list[Operation]) -> tuple[Resource, ...]:
    """Group operations by tag (else by path, see ``_grouped_by_path``); tags that differ only in
    spelling ("Responses", "responses") are one resource, named by the first spelling seen.
    Resources come in the order of their words."""
    tags = {tag.get("name"): tag for tag in (spec.data.get("tags") or []) if isinstance(tag, dict)}
    grouped: dict[str, list[Operation]] = {}
    first_tag: dict[tuple[str, ...], str] = {}
    for op in _grouped_by_path(operations):
        key = tuple(w.lower() for w in naming.words(op.resource))
        first_tag.setdefault(key, op.resource)
        grouped.setdefault(first_tag[key], []).append(op)
    resources = []
    for wire in sorted(grouped, key=naming.snake):
        tag = tags.get(wire) or {}
        resources.append(
            Resource(
                wire_name=wire,
                words=tuple(naming.words(wire)),
                description=(tag.get("description") or "").strip() if isinstance(tag.get("description"), str) else "",
                operations=tuple(grouped[wire]),
            )
        )
    return tuple(resources)


__all__ = ["Alias", "Model", "build_api"]
