"""What a generated method hands the client: one frozen value per request, typed field by field,
so a type checker checks every generated call site."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

import httpx2 as httpx

from ._checks import Rules
from ._encoding import Wire
from ._types import OMIT, Omit

__all__ = ["RequestOptions", "ResponseKind", "Timeout"]

Timeout = float | httpx.Timeout | None
ResponseKind = Literal["json", "empty", "text", "binary"]


@dataclass(frozen=True, slots=True, kw_only=True)
class RequestOptions:
    """One request as the spec describes it, plus the caller's per-call extras."""

    method: str
    path: str  # the spec's path template; {name} is filled from path_params
    path_params: Mapping[str, object] | None = None
    query: Mapping[str, object] | None = None
    styles: Mapping[tuple[str, str], Wire] | None = (
        None  # (location, name) -> how it is spelled, where not the location's default
    )
    headers: Mapping[str, object] | None = None
    cookies: Mapping[str, object] | None = None
    json_body: object = (
        OMIT  # one of json_body, form (with files: multipart), content, text
    )
    form: Mapping[str, object] | None = None
    files: Mapping[str, tuple[object, str | None]] | None = (
        None  # name -> (value, content type)
    )
    encodings: Mapping[str, Wire] | None = (
        None  # form/multipart property -> its Encoding Object, where not the default
    )
    content: object = OMIT
    text: object = OMIT
    content_type: str | None = None
    accept: str = "application/json"
    security: tuple[tuple[str, ...], ...] = ()  # alternatives of schemes sent together
    checks: Sequence[tuple[str, object, Rules]] = ()
    operation: str = ""  # the method's name, for the checks' messages
    extra_headers: Mapping[str, str] | None = None
    extra_query: Mapping[str, object] | None = None
    extra_body: Mapping[str, object] | None = None
    timeout: Timeout | Omit = OMIT
