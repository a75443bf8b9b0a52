"""Declarations: the API model that the renderer reads. Every node carries its JSON pointer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from ..naming import words
from .types import JsonScalar, TypeShape
from .wire import Encoding, SecurityScheme

ParamLocation = Literal["path", "query", "header", "cookie"]
BodyKind = Literal["json", "multipart", "form", "binary", "text"]
ResponseKind = Literal["json", "empty", "text", "binary", "sse"]
AuthKind = Literal["bearer", "header", "query", "none"]
MediaKind = Literal["json", "multipart", "form", "sse", "text", "binary", "unsupported"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Constraints:
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    exclusive_maximum: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    min_items: int | None = None
    max_items: int | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Default:
    """A default as the spec states it (the server applies it; clients do not send it)."""

    value: JsonScalar | list[object] | dict[str, object]


@dataclass(frozen=True, slots=True, kw_only=True)
class Field:
    """A property of an object. Its name is its wire spelling; targets spell it (``words``)."""

    wire_name: str
    type: TypeShape  # never NullableShape at the top: see ``nullable``
    required: bool
    nullable: bool
    description: str = ""
    default: Default | None = None
    example: Default | None = None  # the spec's example (3.1 ``examples[0]`` or 3.0 ``example``)
    constraints: Constraints = field(default_factory=Constraints)
    read_only: bool = False
    write_only: bool = False
    deprecated: bool = False
    pointer: str = ""
    file: str = ""

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(words(self.wire_name))


@dataclass(frozen=True, slots=True, kw_only=True)
class Model:
    """A named object schema. ``key`` is its identity (what a ``RefShape`` holds: its file and
    JSON pointer); ``words`` name it (an inline schema's words say where it sits:
    CreateImageVariationRequest + size); each target spells the words its own way."""

    key: str
    words: tuple[str, ...]
    wire_name: str
    fields: tuple[Field, ...]
    description: str = ""
    title: str = ""
    pointer: str = ""
    file: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Alias:
    """A named schema that is not an object: an enum, a union, a list, a primitive."""

    key: str
    words: tuple[str, ...]
    wire_name: str
    type: TypeShape
    description: str = ""
    pointer: str = ""
    file: str | None = None


Declaration = Model | Alias


@dataclass(frozen=True, slots=True, kw_only=True)
class Parameter:
    wire_name: str
    location: ParamLocation
    type: TypeShape
    required: bool
    nullable: bool
    description: str = ""
    default: Default | None = None
    example: Default | None = None
    constraints: Constraints = field(default_factory=Constraints)
    style: str = "form"  # always one the location allows (see ``wire``)
    explode: bool = True
    allow_reserved: bool = False
    content_type: str | None = None  # ``content`` instead of ``schema``: sent as this media type's text
    deprecated: bool = False
    pointer: str = ""
    file: str = ""

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(words(self.wire_name))

    @property
    def encoding(self) -> Encoding:
        return Encoding(
            style=self.style, explode=self.explode, allow_reserved=self.allow_reserved, content_type=self.content_type
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class Body:
    """A request body. Object bodies are flattened into ``fields`` (one argument each)."""

    media_type: BodyKind
    content_type: str
    required: bool
    fields: tuple[Field, ...] = ()
    whole: TypeShape | None = None  # a non-object body passed as one argument
    description: str = ""
    file_content_types: tuple[tuple[str, str], ...] = ()  # wire name -> encoding contentType
    encodings: tuple[tuple[str, Encoding], ...] = ()  # form and multipart: every field's, defaults filled in
    pointer: str = ""

    def encoding(self, wire_name: str) -> Encoding | None:
        return next((e for name, e in self.encodings if name == wire_name), None)


@dataclass(frozen=True, slots=True, kw_only=True)
class ResponseHeader:
    """A header the spec says a response carries (documented; the clients do not parse it)."""

    name: str
    schema_type: str  # the JSON Schema type, with its format ("integer", "string (date-time)"); "" when none
    required: bool
    description: str = ""
    deprecated: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusDoc:
    """One documented response: its status code (or range, or ``default``), what it says, and
    the media types it offers."""

    status: str
    description: str
    media_types: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Response:
    status: str
    kind: ResponseKind  # "sse": server-sent events are all it returns
    content_type: str | None
    type: TypeShape | None
    events: TypeShape | None = None  # the event type, when text/event-stream is offered
    media_types: tuple[str, ...] = ()  # what the success response offers besides events: the Accept header
    description: str = ""
    example: object = None
    has_example: bool = False
    headers: tuple[ResponseHeader, ...] = ()  # the success response's documented headers
    documented: tuple[StatusDoc, ...] = ()  # every response the spec lists, in its order
    pointer: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Pagination:
    """How a list operation's pages chain (see ``ir/pagination.py``). Wire names throughout."""

    kind: Literal["cursor", "offset", "page"]
    items: str  # the response's array field holding the page's items
    param: str  # the query parameter that asks for the next page
    next_field: str = ""  # cursor: the response field holding the next cursor
    item_field: str = ""  # cursor without next_field: the field of the last item that is the cursor (its id)
    has_more: str = ""  # the response's boolean field saying another page follows ("" : none)


@dataclass(frozen=True, slots=True, kw_only=True)
class Operation:
    operation_id: str  # the spec's (made unique), or made from the method and path where it has none
    method: str
    path: str
    resource: str  # the tag that groups it; "" without one (build.py then groups it by its path)
    has_operation_id: bool = True  # False: the spec gave none, and ``operation_id`` was made from the method and path
    pagination: Pagination | None = None  # a list operation whose pages chain
    name: str = ""  # what targets make its method's name from when not its operationId (REST names: "list tax ids")
    summary: str = ""
    description: str = ""
    parameters: tuple[Parameter, ...] = ()
    body: Body | None = None
    response: Response
    stream_flag: str | None = None  # a boolean body field (``stream``) that asks for events
    auth: bool = True
    security: tuple[tuple[str, ...], ...] = ()  # alternatives, each the schemes sent together; () sends none
    deprecated: bool = False
    pointer: str = ""
    file: str = ""

    @property
    def words(self) -> tuple[str, ...]:
        """The words its method is named from: ``name``'s, else the operationId's."""
        return tuple(words(self.name or self.operation_id))

    @property
    def naming_source(self) -> str:
        return self.name or self.operation_id

    @property
    def key(self) -> str:
        """The operation's identity: its method and path (no two operations share both)."""
        return f"{self.method} {self.path}"

    @property
    def variants(self) -> tuple[str, ...]:
        """The methods one operation becomes: the plain call ("stream" when events are all it
        returns), an event stream when the spec offers text/event-stream beside another
        response, and a download-to-file for binary responses."""
        kind = self.response.kind
        out = ["stream" if kind == "sse" else "plain"]
        if self.response.events is not None and kind != "sse":
            out.append("stream")
        if kind == "binary":
            out.append("to_file")
        return tuple(out)


@dataclass(frozen=True, slots=True, kw_only=True)
class Resource:
    """The operations of one tag (tags that differ only in spelling are one resource), or of one
    path's group; a nested resource (``customers/tax_ids`` under ``customers``) names its
    ``parent`` and is reached through it. ``words`` are its own (the attribute's), without the
    parent's."""

    wire_name: str
    words: tuple[str, ...]
    description: str
    operations: tuple[Operation, ...]
    parent: str = ""  # the enclosing resource's wire name; "" for the client's own resources


@dataclass(frozen=True, slots=True, kw_only=True)
class Auth:
    kind: AuthKind
    name: str = ""  # header or query parameter name for api keys
    scheme_name: str = ""
    required: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class Api:
    """The whole API. ``declarations`` come in the order the spec declares them (components,
    then inline schemas as they are met), which is the order targets name them in, so a new
    schema never renames an old one; ``ir.ordered`` gives dependency order."""

    title: str
    version: str
    description: str
    base_url: str
    auth: Auth
    declarations: tuple[Declaration, ...]
    security_schemes: tuple[SecurityScheme, ...] = ()
    resources: tuple[Resource, ...]

    _index: dict[str, Declaration] = field(init=False, repr=False, compare=False, default_factory=dict)
    _by_wire: dict[str, Resource] = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {d.key: d for d in self.declarations})
        object.__setattr__(self, "_by_wire", {r.wire_name: r for r in self.resources})

    def declaration(self, key: str) -> Declaration:
        return self._index[key]

    @property
    def top_resources(self) -> tuple[Resource, ...]:
        """The resources the client holds itself (the others hang off these)."""
        return tuple(r for r in self.resources if not r.parent)

    def children(self, resource: Resource) -> tuple[Resource, ...]:
        """The resources nested directly in ``resource``, in the API's order."""
        return tuple(r for r in self.resources if r.parent == resource.wire_name)

    def lineage(self, resource: Resource) -> tuple[Resource, ...]:
        """``resource`` and the resources it is nested in, outermost first."""
        chain = [resource]
        while chain[0].parent:
            chain.insert(0, self._by_wire[chain[0].parent])
        return tuple(chain)

    def full_words(self, resource: Resource) -> tuple[str, ...]:
        """The words naming a resource uniquely: its parents' words, then its own."""
        return tuple(w for r in self.lineage(resource) for w in r.words)
