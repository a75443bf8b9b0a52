"""The IR's serialization plan (``ir.wire``) as data for the runtime: a ``GoWireView`` per
parameter and body field, an operation's security alternatives, the API's scheme table. Data
only: the runtime (``runtime/wire.go``, ``request.go``) applies it, nothing is decided here."""

from __future__ import annotations

from ...ir import Api, Encoding, Operation, Parameter
from ...ir.wire import default_encoding
from . import GoHeaderView, GoSchemeView, GoWireView
from .types import go_string


def wire_view(where: str, name: str, encoding: Encoding | None = None) -> GoWireView:
    """A value's ``wire``; what the encoding leaves at its zero value is left out (the runtime's
    struct says what that means)."""
    return GoWireView(
        where=go_string(where),
        name=go_string(name) if name else "",
        style=go_string(encoding.style) if encoding is not None else "",
        explode=encoding is not None and encoding.explode,
        allow_reserved=encoding is not None and encoding.allow_reserved,
        content_type=go_string(encoding.content_type) if encoding is not None and encoding.content_type else "",
        headers=_headers(encoding),
    )


def _headers(encoding: Encoding | None) -> tuple[GoHeaderView, ...]:
    if encoding is None:
        return ()
    return tuple(GoHeaderView(name=go_string(k), value=go_string(v)) for k, v in encoding.headers)


def parameter_wire(p: Parameter) -> GoWireView:
    return wire_view(p.location, p.wire_name, p.encoding)


def body_wire(op: Operation, wire_name: str) -> GoWireView:
    """A body field's ``wire``: JSON fields need only their name; form and multipart fields carry
    their Encoding Object (multipart parts: Content-Type and headers only)."""
    body = op.body
    assert body is not None
    if body.media_type == "form":
        return wire_view("body", wire_name, body.encoding(wire_name) or default_encoding("body"))
    if body.media_type == "multipart":
        given = body.encoding(wire_name)
        if given is None or not (given.content_type or given.headers):
            return wire_view("body", wire_name)
        return GoWireView(
            where=go_string("body"),
            name=go_string(wire_name),
            style="",
            explode=False,
            allow_reserved=False,
            content_type=go_string(given.content_type) if given.content_type else "",
            headers=_headers(given),
        )
    return wire_view("body", wire_name)


def security(op: Operation) -> tuple[tuple[str, ...], ...]:
    """The operation's alternatives of security schemes, each the names sent together (``()`` sends none)."""
    return tuple(tuple(go_string(k) for k in alt) for alt in op.security or ())


def scheme_table(api: Api) -> tuple[GoSchemeView, ...]:
    """The client's table of security schemes, by the keys the operations name."""
    return tuple(
        GoSchemeView(
            key=go_string(s.key),
            kind=go_string(s.kind),
            location=go_string(s.location) if s.kind == "apiKey" else "",
            name=go_string(s.param_name) if s.kind == "apiKey" else "",
            implicit=s.implicit,
        )
        for s in api.security_schemes
    )
