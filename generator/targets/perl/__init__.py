"""The Perl target: a distribution under ``perl/`` using only Perl's core modules (HTTP::Tiny,
JSON::PP, Carp): ``<Namespace>::Client`` with one method per operation (taking a hashref, as the
seed's client does), a module per resource holding its operations' tables (``tables``: the IR's
serialization plan and security alternatives as data) and the POD in the seed's shape
(operations with an example call and response, then the schemas with every property),
``<Namespace>::Schemas`` with the JSON type of every schema a request carries, and a runtime
(one serializer for every style and Encoding Object, type checks, credentials, multipart,
retries, errors as objects) copied from ``runtime/``. Responses are plain hashes (decoded JSON):
no classes to keep in step with the spec, and what a Perl user of JSON APIs expects."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ...config import Config
from ...diagnostics import Diagnostics
from ...ir import Api
from ...naming import api_key_env, env_prefix
from ...plnames import literal, perl_names
from ...render.plan import PlannedFile
from ..base import Target
from .pod import client_module, resource_module, schemas_module
from .tables import RequestTypes, schemes

RUNTIME_DIR = Path(__file__).resolve().parent / "runtime"
RUNTIME = ("Runtime.pm", "Wire.pm", "Error.pm")


@dataclass(frozen=True, slots=True)
class PerlModuleView:
    text: str  # the module, code and POD, ready to write


def plan(api: Api, config: Config, package: str, diagnostics: Diagnostics) -> list[PlannedFile]:
    names = perl_names(api, config.names_for("perl"), diagnostics)
    ns = names.namespace
    lib = "perl/lib/" + ns.replace("::", "/")
    key_env = api_key_env(api.title, config.api_key_env)
    facts = {
        "base_url": api.base_url,
        "api_key_env": key_env,
        "base_url_env": env_prefix(api.title) + "_BASE_URL",
        "auth_required": bool(api.auth.kind != "none" and api.auth.required),
        "schemes": schemes(api),
        "user_agent": f"{package}-perl/{api.version}",
    }
    files = [
        PlannedFile(f"{lib}/{name}", "perl/module.pm.j2", {"module": PerlModuleView(_runtime(name, ns))}, formatter="none")
        for name in RUNTIME
    ]
    files.append(
        PlannedFile(
            f"{lib}/Client.pm",
            "perl/module.pm.j2",
            {"module": PerlModuleView(client_module(api, names, literal(facts), key_env))},
        )
    )
    types = RequestTypes(api)  # filled in by the operations' tables, written last
    for resource in api.resources:
        module = names.modules[resource.wire_name]
        path = "perl/lib/" + module.replace("::", "/") + ".pm"
        text = resource_module(api, names, resource, types)
        files.append(PlannedFile(path, "perl/module.pm.j2", {"module": PerlModuleView(text)}))
    files.append(
        PlannedFile(f"{lib}/Schemas.pm", "perl/module.pm.j2", {"module": PerlModuleView(schemas_module(api, names, types))})
    )
    files.append(PlannedFile("perl/Makefile.PL", "perl/module.pm.j2", {"module": PerlModuleView(_makefile(ns, api))}))
    return files


def _runtime(name: str, ns: str) -> str:
    return (RUNTIME_DIR / name).read_text("utf-8").replace("APIClient::", ns + "::")


def _makefile(ns: str, api: Api) -> str:
    return "\n".join(
        [
            "use strict;",
            "use warnings;",
            "use ExtUtils::MakeMaker;",
            "",
            "WriteMakefile(",
            f"    NAME => '{ns}::Client',",
            f"    VERSION => {literal(api.version or '0.01')},",
            f"    ABSTRACT => {literal(('A client for ' + api.title)[:200])},",
            "    PREREQ_PM => { 'HTTP::Tiny' => 0, 'JSON::PP' => 0 },",
            "    MIN_PERL_VERSION => '5.014',",
            ");",
            "",
        ]
    )


TARGET = Target(
    name="perl",
    description="a Perl distribution (core modules only) with POD",
    plan=plan,
    own_names=True,
)
