"""The view-model every package-level template reads: names, constants, resources."""

from __future__ import annotations

from dataclasses import dataclass

from ... import naming, pynames
from ...config import Config
from ...doctext import readable
from ...ir import Api, Resource
from ...pycode import docstring, import_order, literal, module_order, name_order
from ...version import __version__

EXPORTS = (*pynames.runtime_export_names(), "models", "__version__")
RUNTIME_IMPORTS = tuple(
    sorted(
        [f"from .{module} import {', '.join(sorted(names))}" for module, names in pynames.RUNTIME_EXPORTS]
        + ["from ._constants import API_VERSION as __version__"]
    )
)


@dataclass(frozen=True, slots=True)
class PackageView:
    package: str
    title_doc: str
    api_version: str
    generator_version: str
    http_library: str
    base_url: str
    api_key_env: str
    base_url_env: str
    auth_required: str
    security_schemes: str  # the SECURITY_SCHEMES statement, laid out as black would
    user_agent: str
    resources: tuple[ResourceRef, ...]
    exports: tuple[str, ...]
    runtime_imports: tuple[str, ...]  # import lines of RUNTIME_EXPORTS


@dataclass(frozen=True, slots=True)
class ResourceRef:
    attr: str
    sync_class: str
    async_class: str
    module: str
    doc: str
    import_line: str  # the TYPE_CHECKING import of both classes, names in isort's order


def resource_ref(resource: Resource, names: pynames.ResourceNames, package: str) -> ResourceRef:
    """How a resource is reached: the client's property (``package`` ``.resources``) or its
    parent's (``package`` ``.``, a module beside it)."""
    return ResourceRef(
        attr=names.attr,
        sync_class=names.sync_class,
        async_class=names.async_class,
        module=names.module,
        doc=docstring(readable(resource.description) or f"Operations tagged {resource.wire_name}.", " " * 8),
        import_line=f"from {package}{'.' if package != '.' else ''}{names.module} import "
        + ", ".join(sorted((names.sync_class, names.async_class), key=import_order)),
    )


def package_view(api: Api, config: Config, package: str, names: pynames.PyNames) -> PackageView:
    prefix = naming.env_prefix(api.title)
    resources = tuple(
        resource_ref(r, n, ".resources")
        for r, n in sorted(((r, names.resource(r)) for r in api.top_resources), key=lambda rn: module_order(rn[1].module))
    )
    return PackageView(
        package=package,
        title_doc=docstring(f"Python client for {api.title} {api.version}.\n\n{readable(api.description)}".strip()),
        api_version=literal(api.version),
        generator_version=__version__,
        http_library=literal(config.http_library),
        base_url=literal(api.base_url),
        api_key_env=literal(naming.api_key_env(api.title, config.api_key_env)),
        base_url_env=literal(f"{prefix}_BASE_URL"),
        auth_required=repr(api.auth.required and not any(s.kind == "basic" for s in api.security_schemes)),
        security_schemes=_schemes_statement(api),
        user_agent=literal(f"{package}-python/{naming.agent_version(api.version)}"),
        resources=resources,
        exports=tuple(sorted(EXPORTS, key=name_order)),
        runtime_imports=RUNTIME_IMPORTS,
    )


def _schemes_statement(api: Api) -> str:
    head = "SECURITY_SCHEMES: dict[str, tuple[str, str, str]] = "
    entries = [
        f"{literal(s.key)}: ({literal(s.kind)}, {literal(s.location)}, {literal(s.param_name)})" for s in api.security_schemes
    ]
    one_line = head + "{" + ", ".join(entries) + "}"
    if len(one_line) <= 88:
        return one_line
    return head + "{\n" + "".join(f"    {e},\n" for e in entries) + "}"
