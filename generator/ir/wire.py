"""How a value travels on the wire, decided once for every target: parameter styles, the
Encoding Objects of form and multipart bodies, and security schemes. Target-neutral data; each
target's runtime applies it (the table below), none re-derives it from the spec.

The serialization table every runtime implements, for a parameter ``color`` and the values
``"blue"``, ``["blue", "black", "brown"]`` and ``{"R": 100, "G": 200, "B": 150}`` (OpenAPI
3.1.1 / 3.0.4 "Style Examples", which follow RFC 6570; the older 3.0.3 table's
``.blue.black.brown`` for non-exploded labels was an erratum):

=========================  ==================  ===================================  ==================================
style (explode)            primitive           array                                object
=========================  ==================  ===================================  ==================================
matrix (false)             ``;color=blue``     ``;color=blue,black,brown``          ``;color=R,100,G,200,B,150``
matrix (true)              ``;color=blue``     ``;color=blue;color=black;...``      ``;R=100;G=200;B=150``
label (false)              ``.blue``           ``.blue,black,brown``                ``.R,100,G,200,B,150``
label (true)               ``.blue``           ``.blue.black.brown``                ``.R=100.G=200.B=150``
simple (false)             ``blue``            ``blue,black,brown``                 ``R,100,G,200,B,150``
simple (true)              ``blue``            ``blue,black,brown``                 ``R=100,G=200,B=150``
form (false)               ``color=blue``      ``color=blue,black,brown``           ``color=R,100,G,200,B,150``
form (true)                ``color=blue``      ``color=blue&color=black&...``       ``R=100&G=200&B=150``
spaceDelimited (false)     ``color=blue``      ``color=blue%20black%20brown``       ``color=R%20100%20G%20200%20B%20150``
pipeDelimited (false)      ``color=blue``      ``color=blue%7Cblack%7Cbrown``       ``color=R%7C100%7CG%7C200%7CB%7C150``
deepObject (true)          ``color=blue``      ``color[0]=blue&...`` (not defined)  ``color[R]=100&color[G]=200&...``
=========================  ==================  ===================================  ==================================

- spaceDelimited and pipeDelimited with explode true are form's exploded spelling.
- Percent-encoding: in paths and queries every character of a value outside RFC 3986's
  unreserved set (``A-Za-z0-9-._~``) is percent-encoded as UTF-8, so a comma inside a value
  is ``%2C``; the delimiters the style adds (``,`` ``;`` ``=`` ``.`` ``&`` and deepObject's
  brackets) are not. ``allow_reserved`` (query parameters and form fields) also keeps RFC 3986's
  reserved characters ``:/?[]@!$&'()*+,;=`` of the value as they are (``#`` stays encoded: a
  raw one would end the URL).
- Headers (``simple``) are not percent-encoded. Cookies are ``form``: the pairs joined with
  ``; `` in one ``Cookie`` header, values percent-encoded as in a query.
- Booleans are ``true``/``false``; numbers as JSON spells them; ``null`` items are left out.
- A parameter with ``content`` (``content_type``) is sent as that media type's text: JSON text
  for ``application/json``, percent-encoded in a path, query or cookie.
- Form bodies (``application/x-www-form-urlencoded``) spell each property by its Encoding
  Object exactly as a query parameter (default ``form``, explode true); deepObject nests
  (``metadata[k]=v``, ``items[0][price]=p`` for objects in arrays, as Stripe reads them).
- Multipart bodies send one part per property, and one part per item of an array (RFC 7578's
  repeated names, as openapi-core reads them), each with the Encoding Object's ``contentType``,
  else the specification's default: ``application/json`` for objects (and the items of arrays
  of objects), ``application/octet-stream`` for binary, ``text/plain`` (no header written) for
  primitives; text is UTF-8; the Encoding Object's headers with a fixed value go on the part.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

SchemeKind = Literal["bearer", "basic", "apiKey"]
SchemeLocation = Literal["header", "query", "cookie"]

STYLES_BY_LOCATION: dict[str, tuple[str, ...]] = {
    "path": ("simple", "label", "matrix"),
    "query": ("form", "spaceDelimited", "pipeDelimited", "deepObject"),
    "header": ("simple",),
    "cookie": ("form",),
    "body": ("form", "spaceDelimited", "pipeDelimited", "deepObject"),
}
DEFAULT_STYLE: dict[str, str] = {"path": "simple", "query": "form", "header": "simple", "cookie": "form", "body": "form"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Encoding:
    """How one value is spelled: a parameter's style, or a form/multipart property's Encoding
    Object (with the defaults filled in, so targets never decide them)."""

    style: str
    explode: bool
    allow_reserved: bool = False
    content_type: str | None = None  # a parameter's ``content`` media type; a multipart part's Content-Type
    headers: tuple[tuple[str, str], ...] = ()  # a multipart part's fixed headers (from the Encoding Object)


@dataclass(frozen=True, slots=True, kw_only=True)
class SecurityScheme:
    """A credential the client can send. ``key`` is the scheme's name in the spec."""

    key: str
    kind: SchemeKind
    location: SchemeLocation = "header"
    param_name: str = ""  # an apiKey's header, query or cookie name
    description: str = ""
    implicit: bool = False  # the spec declares no scheme: a key the user gives is sent as a bearer token


def default_encoding(location: str) -> Encoding:
    """How a value at ``location`` (path, query, header, cookie, or "body": a form or multipart
    property) is spelled when the spec says nothing: the location's default style, exploded
    exactly when that style is form (OpenAPI's rule)."""
    style = DEFAULT_STYLE[location]
    return Encoding(style=style, explode=style == "form")


def nearest_style(location: str, style: str) -> str:
    """The style to use where ``style`` is not allowed at ``location`` (reported by the caller)."""
    allowed = STYLES_BY_LOCATION[location]
    if style in allowed:
        return style
    if location == "path" and style in ("form",):
        return "simple"
    if location in ("query", "body", "cookie") and style in ("simple", "label", "matrix"):
        return "form"
    return DEFAULT_STYLE[location]
