"""The Go target: a Go module (standard library only, Go 1.19) with a client, one service per
resource, structs for the schemas and params structs whose optional fields stay absent, null or
set; its runtime (requests, retries, multipart, streams, errors, options) is real Go under
``runtime/``, copied with the package name and module path set. gofmt lays every file out.

Python computes, templates lay out: this module holds the view-models (plain data: names, type
expressions, Go string literals, comment lines) that ``templates/go/*.go.j2`` receive, which
hold the Go. ``files`` plans the files; ``types`` maps the IR's type shapes to Go types,
``models`` builds a schema's view, ``services`` a resource's, ``wiredata`` the serialization
plan's rows. The view-models are defined here, where the template guide's test finds them;
the builders, which import them, load on first use."""

from __future__ import annotations

from dataclasses import dataclass

from ...config import Config
from ...diagnostics import Diagnostics
from ...ir import Api
from ...render.plan import PlannedFile

# Every string below is ready to print: a Go identifier, a type expression (``[]io.Reader``,
# ``*Stream[Event]``) or a Go string literal (quoted and escaped by ``types.go_string``). A
# ``doc`` is the lines of a comment, each without its ``// `` and never empty, () for none.


@dataclass(frozen=True, slots=True)
class GoModuleView:
    """``go.mod``."""

    path: str  # the module path (--go-module)


# -- schemas ---------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class GoEnumConstant:
    name: str  # the constant
    value: str  # its value, a Go string literal


@dataclass(frozen=True, slots=True)
class GoEnumView:
    """A string type and its constants: a schema's enum, or an inline one of a field's type."""

    name: str
    doc: tuple[str, ...]
    schema: bool  # a schema's own enum (commented even when the spec says nothing), not an inline one
    constants: tuple[GoEnumConstant, ...]


@dataclass(frozen=True, slots=True)
class GoStructField:
    name: str
    type: str
    tag: str  # the json tag's value, a Go string literal ("name,omitempty"; "-" when odd)
    wire: str  # the wire name, a Go string literal (ExtraFields leaves it out)
    odd: bool  # no tag can hold the wire name (a space, a comma, a quote, "-"): the struct's JSON methods read and write it
    omitempty: bool  # optional: left out of the JSON when empty (for an odd field, which has no tag to say so)
    doc: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class GoStructView:
    """An object schema: a struct that keeps the JSON it was decoded from."""

    name: str
    doc: tuple[str, ...]
    fields: tuple[GoStructField, ...]
    odd: tuple[GoStructField, ...]  # the odd ones among the fields, in their order; () for most structs


@dataclass(frozen=True, slots=True)
class GoUnionVariant:
    method: str  # AsImage
    type: str  # Image


@dataclass(frozen=True, slots=True)
class GoDiscriminator:
    method: str  # the accessor (Type)
    property: str  # the member it reads, a Go string literal
    odd: bool  # no struct tag can hold the member's name: the accessor reads it by name from a map


@dataclass(frozen=True, slots=True)
class GoUnionView:
    """A oneOf/anyOf: the JSON kept whole, read with one method per named variant."""

    name: str
    doc: tuple[str, ...]
    maker: str  # the function that makes one from any of its shapes (NameOf)
    variants: tuple[GoUnionVariant, ...]
    discriminator: GoDiscriminator | None


@dataclass(frozen=True, slots=True)
class GoAliasView:
    """Any other schema: a defined type."""

    name: str
    doc: tuple[str, ...]
    type: str
    identical: bool  # an alias declaration (type Name = Type): Type is a struct with odd fields, whose JSON methods it keeps


@dataclass(frozen=True, slots=True)
class GoModelView:
    """``model_<schema>.go``: the inline enums its fields need, then one of enum (in ``enums``,
    last), struct, union or alias."""

    package: str
    imports: tuple[str, ...]  # the import block's lines: quoted paths, "" between the groups
    enums: tuple[GoEnumView, ...]
    struct: GoStructView | None
    union: GoUnionView | None
    alias: GoAliasView | None


# -- the client ------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class GoSchemeView:
    """One entry of the client's table of security schemes."""

    key: str  # the scheme's name in the spec, a Go string literal
    kind: str  # "bearer", "basic" or "apiKey", a Go string literal
    location: str  # an apiKey's "header", "query" or "cookie", a Go string literal; else ""
    name: str  # an apiKey's header, parameter or cookie name, a Go string literal; else ""
    implicit: bool  # the spec declares no scheme: this is the bearer the client assumes


@dataclass(frozen=True, slots=True)
class GoServiceRef:
    attr: str  # the Client's field (Images)
    type: str  # the service type (ImagesService)


@dataclass(frozen=True, slots=True)
class GoClientView:
    """``client.go``."""

    package: str
    imports: tuple[str, ...]
    base_url: str  # Go string literals, like the three below
    api_key_env: str
    base_url_env: str
    user_agent: str
    schemes: tuple[GoSchemeView, ...]
    services: tuple[GoServiceRef, ...]  # by field name
    nested: tuple[GoServiceRef, ...] = ()  # nested services, parents first: attr is the path (Customers.TaxIDs)


# -- resources -------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class GoHeaderView:
    name: str  # Go string literals
    value: str


@dataclass(frozen=True, slots=True)
class GoWireView:
    """How one value goes on the wire (the IR's serialization plan), the runtime's ``wire``
    struct; "" and False are its zero values, left out."""

    where: str  # "path", "query", "header", "cookie" or "body", a Go string literal
    name: str  # the wire name, a Go string literal; "" for a whole body
    style: str  # a Go string literal, or ""
    explode: bool
    allow_reserved: bool
    content_type: str  # an Encoding Object's contentType, a Go string literal, or ""
    headers: tuple[GoHeaderView, ...]  # a multipart part's headers


@dataclass(frozen=True, slots=True)
class GoPutView:
    """One ``r.put(value, wire{...})`` of a method."""

    arg: str  # a path argument's name, or ""
    member: str  # else the params struct's member; neither: the stream flag, sent as true
    wire: GoWireView


@dataclass(frozen=True, slots=True)
class GoArgView:
    name: str  # a path argument
    type: str


@dataclass(frozen=True, slots=True)
class GoMethodView:
    """One method of a service (an operation; ``NameStreaming`` is its streaming twin)."""

    enums: tuple[GoEnumView, ...]  # inline enums of its response, declared before it
    name: str
    doc: tuple[str, ...]  # "Name — summary" and the rest of the summary
    http: str  # "POST /images/variations", for the comment
    verb: str  # the HTTP method, a Go string literal
    path: str  # the path template, a Go string literal
    security: tuple[tuple[str, ...], ...]  # alternatives, each the scheme names (Go string literals) sent together; () sends none
    path_args: tuple[GoArgView, ...]
    returns: str  # the result type (besides error), or ""
    zero: str  # its zero value, returned with an error
    result: str  # how the response is read: "json", "stream", "text", "binary" or "none"
    value: str  # "json": the decoded type; "stream": the event type
    accept: str  # the Accept header, a Go string literal, or "" (the runtime's application/json)
    media: str  # the body's kind ("json", "form", "multipart", "text", "binary"), a Go string literal; "" without a body
    content_type: str  # the body's Content-Type, a Go string literal
    puts: tuple[GoPutView, ...]  # the parameters
    body_puts: tuple[GoPutView, ...]  # the body's fields, its whole value, the stream flag


@dataclass(frozen=True, slots=True)
class GoMemberView:
    name: str
    type: str  # the value's type (the member is a Field of it)
    doc: tuple[str, ...]
    body: bool  # the whole request body


@dataclass(frozen=True, slots=True)
class GoParamsView:
    name: str  # the params struct
    method: str  # the method it is for (without a Streaming suffix)
    members: tuple[GoMemberView, ...]


@dataclass(frozen=True, slots=True)
class GoPagerView:
    """``<Method>AutoPaging``: a list operation's every item, page after page (``ir/pagination``)."""

    name: str
    method: str  # the list method it calls
    page: str  # the response type
    item: str  # the items' type
    items: str  # the expression of a page's items (the page is ``r``)
    advance: tuple[str, ...]  # the body that sets params to ask for the next page; returns false after the last


@dataclass(frozen=True, slots=True)
class GoOperationView:
    enums: tuple[GoEnumView, ...]  # inline enums of its params, declared before the params struct
    params: GoParamsView
    methods: tuple[GoMethodView, ...]
    pager: GoPagerView | None = None


@dataclass(frozen=True, slots=True)
class GoServiceView:
    """``<resource>.go``: the service type and its operations."""

    package: str
    imports: tuple[str, ...]
    name: str  # the service type
    doc: tuple[str, ...]
    resource: str  # the resource's name in the spec (its tag), for the comment
    operations: tuple[GoOperationView, ...]
    nested: tuple[GoServiceRef, ...] = ()  # the services nested in this one: a field each


def plan(api: Api, config: Config, package: str, diagnostics: Diagnostics) -> list[PlannedFile]:
    from .files import plan_files  # imports the view-models above

    return plan_files(api, config, package, diagnostics)
