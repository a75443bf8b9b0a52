"""Raw access: status, headers and the parsed model together.

``client.images.with_raw_response.create_variation(...)`` returns a ``RawResponse``
whose ``parsed`` is what the plain call returns."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Generic, ParamSpec, TypeVar, cast

import httpx2 as httpx

__all__ = [
    "RAW",
    "RawResponse",
    "ResponseBytes",
    "ResponseText",
    "async_to_raw_response_wrapper",
    "to_raw_response_wrapper",
    "unexpected_body",
]

T = TypeVar("T")
R = TypeVar("R")
P = ParamSpec("P")
RAW: ContextVar[bool] = ContextVar("RAW", default=False)


class ResponseBytes(bytes):
    """A 2xx body that is not JSON although the spec said it would be (a server answering
    ``video/mp4`` or ``application/zip``): the bytes, with the response's ``media_type``.
    """

    media_type: str = ""


class ResponseText(str):
    """A 2xx ``text/*`` body where the spec said JSON: the text, with its ``media_type``."""

    media_type: str = ""


def unexpected_body(response: httpx.Response) -> ResponseBytes | ResponseText:
    """The body of a response whose media type is not the JSON the spec promised."""
    media_type = response.headers.get("content-type", "")
    value: ResponseBytes | ResponseText
    if media_type.lower().startswith("text/"):
        value = ResponseText(response.text)
    else:
        value = ResponseBytes(response.content)
    value.media_type = media_type
    return value


class RawResponse(Generic[T]):
    def __init__(self, http_response: httpx.Response, parsed: T) -> None:
        self.http_response = http_response
        self.parsed = parsed
        self.status_code = http_response.status_code
        self.headers = http_response.headers
        self.request_id = http_response.headers.get("x-request-id")

    def __repr__(self) -> str:
        return f"RawResponse(status_code={self.status_code}, parsed={self.parsed!r})"


def to_raw_response_wrapper(method: Callable[P, R]) -> Callable[P, RawResponse[R]]:
    """``method`` with the same arguments, returning ``RawResponse[R]``: typed per method, so
    ``client.images.with_raw_response.create_variation(...)`` is a
    ``RawResponse[ImagesResponse]`` to a type checker."""

    @functools.wraps(method)
    def call(*args: P.args, **kwargs: P.kwargs) -> RawResponse[R]:
        token = RAW.set(True)
        try:
            return cast("RawResponse[R]", method(*args, **kwargs))
        finally:
            RAW.reset(token)

    return call


def async_to_raw_response_wrapper(
    method: Callable[P, Awaitable[R]],
) -> Callable[P, Awaitable[RawResponse[R]]]:
    """The async twin of ``to_raw_response_wrapper``."""

    @functools.wraps(method)
    async def call(*args: P.args, **kwargs: P.kwargs) -> RawResponse[R]:
        token = RAW.set(True)
        try:
            return cast("RawResponse[R]", await method(*args, **kwargs))
        finally:
            RAW.reset(token)

    return call
