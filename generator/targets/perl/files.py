"""The Perl distribution's file plan: the runtime copied from ``runtime/``, and a view-model per
generated file for its template (client, resource modules, Schemas, Makefile.PL, tests)."""

from __future__ import annotations

from pathlib import Path

from ...config import Config
from ...diagnostics import Diagnostics
from ...ir import Api, Operation, Resource
from ...naming import agent_version, api_key_env, env_prefix
from ...plnames import PerlNames, example_call, literal, perl_names
from ...render.plan import PlannedFile
from . import (
    PerlAccessorView,
    PerlClientView,
    PerlDistView,
    PerlLoadTestView,
    PerlMethodRef,
    PerlResourceView,
    PerlSchemasView,
)
from .calltest import call_test
from .pod import operation_view, pod_text, reachable, schema_pod, verbatim
from .tables import RequestTypes, schemes, type_rows

RUNTIME_DIR = Path(__file__).resolve().parent / "runtime"
RUNTIME = ("Runtime.pm", "Wire.pm", "Error.pm")
HANDLE = "Handle.pm"  # only where a resource is reached through an accessor


def plan_files(api: Api, config: Config, package: str, diagnostics: Diagnostics) -> list[PlannedFile]:
    names = perl_names(api, config.names_for("perl"), diagnostics)
    ns = names.namespace
    lib = "perl/lib/" + ns.replace("::", "/")
    version = literal(api.version or "0.01")
    runtime = RUNTIME + ((HANDLE,) if names.accessors else ())
    files = [PlannedFile(f"{lib}/{name}", "perl/runtime.pm.j2", {"source": runtime_source(name, ns)}) for name in runtime]
    files.append(PlannedFile(f"{lib}/Client.pm", "perl/client.pm.j2", {"client": client_view(api, config, names, package)}))
    types = RequestTypes(api)  # filled in by the operations' tables, written last
    for resource in api.resources:
        module = names.modules[resource.wire_name]
        view = resource_view(api, names, resource, types)
        files.append(PlannedFile("perl/lib/" + module.replace("::", "/") + ".pm", "perl/resource.pm.j2", {"module": view}))
    schemas = PerlSchemasView(namespace=ns, version=version, types=type_rows(types))
    files.append(PlannedFile(f"{lib}/Schemas.pm", "perl/schemas.pm.j2", {"schemas": schemas}))
    dist = PerlDistView(namespace=ns, version=version, abstract=literal(("A client for " + api.title)[:200]))
    files.append(PlannedFile("perl/Makefile.PL", "perl/Makefile.PL.j2", {"dist": dist}))
    modules = sorted({*(f"{ns}::{name[:-3]}" for name in runtime), f"{ns}::Client", f"{ns}::Schemas", *names.modules.values()})
    files.append(PlannedFile("perl/t/00-load.t", "perl/load.t.j2", {"load": PerlLoadTestView(modules=tuple(modules))}))
    call = call_test(api, names)
    if call is not None:
        files.append(PlannedFile("perl/t/01-call.t", "perl/call.t.j2", {"call": call}))
    return files


def runtime_source(name: str, ns: str) -> str:
    return (RUNTIME_DIR / name).read_text("utf-8").replace("APIClient::", ns + "::")


def client_view(api: Api, config: Config, names: PerlNames, package: str) -> PerlClientView:
    key_env = api_key_env(api.title, config.api_key_env)
    facts = {
        "base_url": api.base_url,
        "api_key_env": key_env,
        "base_url_env": env_prefix(api.title) + "_BASE_URL",
        "auth_required": bool(api.auth.kind != "none" and api.auth.required),
        "schemes": schemes(api),
        "user_agent": f"{package}-perl/{agent_version(api.version)}",
    }
    methods = [
        PerlMethodRef(
            name=names.methods[op.key],
            http=pod_text(f"{op.method.upper()} {op.path}"),
            module=names.modules[r.wire_name],
            call=f"C<< {names.calls[op.key]} >>" if "->" in names.calls[op.key] else f"C<{pod_text(names.calls[op.key])}>",
        )
        for r in api.resources
        for op in r.operations
    ]
    return PerlClientView(
        namespace=names.namespace,
        version=literal(api.version or "0.01"),
        modules=tuple(sorted({names.modules[r.wire_name] for r in api.resources if not names.reach[r.wire_name]})),
        accessors=tuple(
            PerlAccessorView(name=names.accessors[r.wire_name], module=names.modules[r.wire_name])
            for r in sorted(api.top_resources, key=lambda r: names.accessors.get(r.wire_name, ""))
            if r.wire_name in names.accessors
        ),
        api=literal(facts),
        title=pod_text(api.title),
        description=pod_text(api.description) if api.description else "",
        api_key_env=pod_text(key_env),
        basic_auth=any(s.kind == "basic" for s in api.security_schemes),
        implicit_bearer=any(s.implicit for s in api.security_schemes),
        methods=tuple(sorted(methods, key=lambda m: m.call)),
    )


def resource_view(api: Api, names: PerlNames, resource: Resource, types: RequestTypes) -> PerlResourceView:
    first = resource.operations[0] if resource.operations else None
    return PerlResourceView(
        package=names.modules[resource.wire_name],
        namespace=names.namespace,
        version=literal(api.version or "0.01"),
        resource=pod_text(resource.wire_name),
        title=pod_text(api.title),
        description=pod_text(resource.description) if resource.description else "",
        synopsis=verbatim(example_call(api, first, names.calls[first.key])) if first else "",
        methods=tuple(
            operation_view(
                api, types, op, names.methods[op.key], call=names.calls[op.key], iterator=_iterator(op, names, resource)
            )
            for op in resource.operations
        ),
        reach=names.reach[resource.wire_name].removesuffix("->"),  # identifiers: nothing to escape
        accessors=tuple(
            PerlAccessorView(name=names.accessors[r.wire_name], module=names.modules[r.wire_name]) for r in api.children(resource)
        ),
        schemas=tuple(schema_pod(api, decl) for decl in reachable(api, resource.operations)),
    )


def _iterator(op: Operation, names: PerlNames, resource: Resource) -> str:
    """``<method>_iter`` for a list operation whose pages chain, unless a method has the name."""
    if op.pagination is None:
        return ""
    name = names.methods[op.key] + "_iter"
    return "" if name in {names.methods[other.key] for other in resource.operations} else name
