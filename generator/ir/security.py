"""Security schemes and requirements -> what credentials each operation sends (``wire``)."""

from __future__ import annotations

from typing import Any

from ..diagnostics import Diagnostics
from ..loader import RefError, Spec
from .wire import SecurityScheme

IMPLICIT_BEARER = "bearer"  # the scheme a spec without any gets: a key the user gives goes as a bearer token


def security_schemes(spec: Spec, diagnostics: Diagnostics) -> tuple[SecurityScheme, ...]:
    """The schemes a client can send, in the spec's order; unsupported ones are reported.
    A spec that declares none gets one implicit bearer scheme, so a key the user gives is sent
    rather than dropped (the docs say so)."""
    components = spec.data.get("components")
    schemes = components.get("securitySchemes") if isinstance(components, dict) else None
    if not isinstance(schemes, dict) or not schemes:
        return (SecurityScheme(key=IMPLICIT_BEARER, kind="bearer", implicit=True),)
    out = []
    for name, raw in schemes.items():
        scheme = _deref(spec, raw, str(name))
        if not isinstance(scheme, dict):
            continue
        kind, where = scheme.get("type"), scheme.get("in")
        http = str(scheme.get("scheme", "")).lower()
        raw_description = scheme.get("description")
        description = raw_description.strip() if isinstance(raw_description, str) else ""
        if kind == "http" and http == "bearer" or kind in ("oauth2", "openIdConnect"):
            out.append(SecurityScheme(key=str(name), kind="bearer", description=description))
        elif kind == "http" and http == "basic":
            out.append(SecurityScheme(key=str(name), kind="basic", description=description))
        elif kind == "apiKey" and where in ("header", "query", "cookie") and isinstance(scheme.get("name"), str):
            out.append(
                SecurityScheme(key=str(name), kind="apiKey", location=where, param_name=scheme["name"], description=description)
            )
        else:
            diagnostics.add(
                "unsupported-security",
                file=spec.root.name,
                pointer=f"/components/securitySchemes/{name}",
                name=name,
                kind=f"{kind} {scheme.get('scheme') or where or ''}".strip(),
            )
    return tuple(out)


def requirements(raw: Any, schemes: tuple[SecurityScheme, ...]) -> tuple[tuple[str, ...], ...]:
    """A Security Requirement list as alternatives of scheme names. An alternative naming a
    scheme the client cannot send is dropped; ``{}`` (anonymous access) is the empty
    alternative; ``[]`` is no alternative at all: nothing is sent."""
    known = {s.key for s in schemes}
    out: list[tuple[str, ...]] = []
    for req in raw if isinstance(raw, list) else []:
        if not isinstance(req, dict):
            continue
        names = tuple(str(n) for n in req)
        if all(n in known for n in names) and names not in out:
            out.append(names)
    return tuple(out)


def default_requirements(spec: Spec, schemes: tuple[SecurityScheme, ...]) -> tuple[tuple[str, ...], ...]:
    """What an operation without its own ``security`` sends: the document's, else (no
    requirement anywhere) any one scheme the user has credentials for."""
    if isinstance(spec.data.get("security"), list):
        return requirements(spec.data["security"], schemes)
    return (*((s.key,) for s in schemes), ())


def _deref(spec: Spec, value: Any, name: str) -> Any:
    try:
        return spec.deref(value, spec.root_location.child("components", "securitySchemes", name))[1]
    except RefError:  # a scheme that is a broken $ref: reported by the validator, and nothing is sent
        return None
