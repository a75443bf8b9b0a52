"""Declarations: the API model that the renderer reads. Every node carries its JSON pointer."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from .types import JsonScalar, TypeShape

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
    wire_name: str
    py_name: str
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


@dataclass(frozen=True, slots=True, kw_only=True)
class Model:
    name: str
    wire_name: str
    fields: tuple[Field, ...]
    description: str = ""
    title: str = ""
    pointer: str = ""
    file: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Alias:
    """A named schema that is not an object: an enum, a union, a list, a primitive."""

    name: str
    wire_name: str
    type: TypeShape
    description: str = ""
    pointer: str = ""
    file: str | None = None


Declaration = Model | Alias


@dataclass(frozen=True, slots=True, kw_only=True)
class Parameter:
    wire_name: str
    py_name: str
    location: ParamLocation
    type: TypeShape
    required: bool
    nullable: bool
    description: str = ""
    default: Default | None = None
    example: Default | None = None
    constraints: Constraints = field(default_factory=Constraints)
    style: str = "form"
    explode: bool = True
    deprecated: bool = False
    pointer: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Body:
    """A request body. Object bodies are flattened into ``fields`` (one argument each)."""

    media_type: BodyKind
    content_type: str
    required: bool
    fields: tuple[Field, ...] = ()
    whole: TypeShape | None = None  # a non-object body passed as one argument
    whole_py_name: str = "body"
    description: str = ""
    file_content_types: tuple[tuple[str, str], ...] = ()  # wire name -> encoding contentType
    pointer: str = ""


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
    pointer: str = ""


@dataclass(frozen=True, slots=True, kw_only=True)
class Operation:
    operation_id: str
    py_name: str
    method: str
    path: str
    resource: str  # the tag (or path segment) that groups it
    summary: str = ""
    description: str = ""
    parameters: tuple[Parameter, ...] = ()
    body: Body | None = None
    response: Response
    stream_flag: str | None = None  # a boolean body field (``stream``) that asks for events
    auth: bool = True
    deprecated: bool = False
    pointer: str = ""
    # variant -> method name, decided for all methods of a resource in one scope
    method_names: tuple[tuple[str, str], ...] = ()

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

    def method_name(self, variant: str = "plain") -> str:
        return dict(self.method_names).get(variant, self.py_name)


@dataclass(frozen=True, slots=True, kw_only=True)
class Resource:
    wire_name: str
    attr_name: str
    class_name: str
    async_class_name: str
    raw_class_name: str  # the class of ``with_raw_response``: each method returning RawResponse[...]
    async_raw_class_name: str
    module: str
    description: str
    operations: tuple[Operation, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class Auth:
    kind: AuthKind
    name: str = ""  # header or query parameter name for api keys
    scheme_name: str = ""
    required: bool = True


@dataclass(frozen=True, slots=True, kw_only=True)
class Api:
    title: str
    version: str
    description: str
    base_url: str
    auth: Auth
    declarations: tuple[Declaration, ...]
    resources: tuple[Resource, ...]

    _index: dict[str, Declaration] = field(init=False, repr=False, compare=False, default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_index", {d.name: d for d in self.declarations})

    def declaration(self, name: str) -> Declaration:
        return self._index[name]
