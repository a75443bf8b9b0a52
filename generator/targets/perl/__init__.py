"""The Perl target: a distribution under ``perl/`` using only Perl's core modules (HTTP::Tiny,
JSON::PP, Carp): ``<Namespace>::Client`` with one method per operation (taking a hashref of the
operation's arguments and an optional hashref of the runtime's options), a module per resource
holding its operations' tables (``tables``: the IR's serialization plan and security
alternatives as data) and the POD in the seed's shape (operations with an example call and
response, then the schemas with every property), ``<Namespace>::Schemas`` with the JSON type of
every schema a request carries, tests (``t/``), and a runtime (one serializer for every style
and Encoding Object, type checks, credentials, multipart, retries, errors as objects) copied
from ``runtime/``. Responses are plain hashes (decoded JSON): no classes to keep in step with
the spec, and what a Perl user of JSON APIs expects.

Python computes, templates lay out: this module holds the view-models (plain data, strings
ready to print) that ``templates/perl/*.j2`` receive; ``files`` plans the files, ``pod`` and
``tables`` build the parts, ``calltest`` the call test. The view-models are defined here, where
the template guide's test finds them; the builders, which import them, load on first use."""

from __future__ import annotations

from dataclasses import dataclass

from ...config import Config
from ...diagnostics import Diagnostics
from ...ir import Api
from ...render.plan import PlannedFile


@dataclass(frozen=True, slots=True)
class PodItem:
    """One ``=item`` of an argument or property list; every string escaped for POD."""

    name: str  # the argument or property
    label: str  # what goes in parentheses: where it goes, its type, "required"
    description: str  # or ""
    allowed: str  # a closed enum's values, comma-separated, or ""
    bounds: str  # "Minimum 1, maximum 10", or ""
    default: str | None  # the default as text (None: no default to show)


@dataclass(frozen=True, slots=True)
class SchemaPod:
    """A schema's POD section."""

    name: str
    description: str  # or ""
    is_object: bool  # an object schema: its properties are listed
    properties: tuple[PodItem, ...]
    type: str  # any other schema: its type in words
    allowed: str  # ... and a closed enum's values, or ""


@dataclass(frozen=True, slots=True)
class PerlOperationView:
    """One method of a resource module: its %OPS entry, its sub and its POD."""

    name: str  # the method
    table: str  # the %OPS entry, a Perl literal indented for its place
    http: str  # "POST /images/variations"
    operation_id: str
    example: str  # the example call, a verbatim paragraph
    summary: str  # or ""
    description: str  # or "" (also when it repeats the summary)
    arguments: tuple[PodItem, ...]  # the whole body first (if any), then parameters and body fields
    body_key: str  # the argument holding the request body ("" without a body)
    renamed_body: bool  # a parameter is named `body`, so the body goes under body_key
    credentials: str  # the "Credentials: ..." paragraph
    status: str
    status_text: str  # the response's description, or "OK"
    content_type: str  # or ""
    response_example: str  # a verbatim paragraph, or ""
    streams: bool  # server-sent events (on_event)
    binary: bool  # the body's bytes (save_to)
    iterator: str = ""  # ``<method>_iter``: every item of every page (a list whose pages chain), or ""


@dataclass(frozen=True, slots=True)
class PerlResourceView:
    """``<Namespace>::<Resource>``."""

    package: str
    namespace: str
    version: str  # a Perl literal
    resource: str  # the resource's name (its tag)
    title: str  # the API's title
    description: str  # the resource's description, or ""
    synopsis: str  # the first operation's example call, a verbatim paragraph ("" without one)
    methods: tuple[PerlOperationView, ...]
    schemas: tuple[SchemaPod, ...]  # what the operations use, transitively
    reach: str = ""  # the accessors from the client (``customers->tax_ids``); "": the client's own methods
    accessors: tuple[PerlAccessorView, ...] = ()  # the resources nested in this one


@dataclass(frozen=True, slots=True)
class PerlMethodRef:
    """A method as the client's POD lists it."""

    name: str
    http: str
    module: str  # the resource module that documents it
    call: str  # what follows ``$client->``, as POD code: C<method>, or C<< customers->create >>


@dataclass(frozen=True, slots=True)
class PerlAccessorView:
    """An accessor returning a resource reached through it (``$client->customers``)."""

    name: str
    module: str  # its package


@dataclass(frozen=True, slots=True)
class PerlClientView:
    """``<Namespace>::Client``."""

    namespace: str
    version: str  # a Perl literal
    modules: tuple[str, ...]  # the resource modules the client inherits from (its own methods)
    api: str  # the %API facts (base URL, environment variables, schemes, user agent), a Perl literal
    title: str
    description: str  # or ""
    api_key_env: str
    basic_auth: bool  # a scheme is HTTP basic: the synopsis shows username and password
    implicit_bearer: bool  # the spec declares no scheme: a given key is sent as a bearer token
    methods: tuple[PerlMethodRef, ...]  # sorted by call
    accessors: tuple[PerlAccessorView, ...] = ()  # the resources reached through the client, by name


@dataclass(frozen=True, slots=True)
class PerlTypeRow:
    """One entry of ``%TYPES``."""

    name: str
    type: str  # the type on one line, a Perl literal ("" for an object with properties)
    properties: tuple[str, ...]  # an object's properties, `name => TYPE` each
    required: str  # its required properties, a Perl literal, or ""


@dataclass(frozen=True, slots=True)
class PerlSchemasView:
    """``<Namespace>::Schemas``."""

    namespace: str
    version: str  # a Perl literal
    types: tuple[PerlTypeRow, ...]


@dataclass(frozen=True, slots=True)
class PerlDistView:
    """``Makefile.PL``."""

    namespace: str
    version: str  # a Perl literal
    abstract: str  # a Perl literal


@dataclass(frozen=True, slots=True)
class PerlLoadTestView:
    """``t/00-load.t``."""

    modules: tuple[str, ...]  # every module of the distribution


@dataclass(frozen=True, slots=True)
class PerlCallTestView:
    """``t/01-call.t``: one call against a server the test starts."""

    namespace: str
    method: str
    args: str  # the call's arguments, a Perl literal (files as `[ $content, $filename, $type ]`)
    reply: str  # the server's JSON body, a Perl literal


def plan(api: Api, config: Config, package: str, diagnostics: Diagnostics) -> list[PlannedFile]:
    from .files import plan_files  # imports the view-models above

    return plan_files(api, config, package, diagnostics)
