"""Raw access: status, headers and the parsed model together.

``client.images.with_raw_response.create_image_variation(...)`` returns a ``RawResponse``
whose ``parsed`` is what the plain call returns."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any, Generic, TypeVar

import httpx2 as httpx

__all__ = ["RAW", "AsyncRawProxy", "RawResponse", "SyncRawProxy"]

T = TypeVar("T")
RAW: ContextVar[bool] = ContextVar("RAW", default=False)


class RawResponse(Generic[T]):
    def __init__(self, http_response: httpx.Response, parsed: T) -> None:
        self.http_response = http_response
        self.parsed = parsed
        self.status_code = http_response.status_code
        self.headers = http_response.headers
        self.request_id = http_response.headers.get("x-request-id")

    def __repr__(self) -> str:
        return f"RawResponse(status_code={self.status_code}, parsed={self.parsed!r})"


class SyncRawProxy:
    """Each method of the resource, returning ``RawResponse`` instead of the parsed value."""

    def __init__(self, resource: object) -> None:
        self._resource = resource

    def __getattr__(self, name: str) -> Callable[..., RawResponse[Any]]:
        method = getattr(self._resource, name)

        def call(*args: Any, **kwargs: Any) -> RawResponse[Any]:
            token = RAW.set(True)
            try:
                result: RawResponse[Any] = method(*args, **kwargs)
                return result
            finally:
                RAW.reset(token)

        return call


class AsyncRawProxy:
    """Each method of the async resource, returning ``RawResponse`` instead of the parsed value."""

    def __init__(self, resource: object) -> None:
        self._resource = resource

    def __getattr__(self, name: str) -> Callable[..., Awaitable[RawResponse[Any]]]:
        method = getattr(self._resource, name)

        async def call(*args: Any, **kwargs: Any) -> RawResponse[Any]:
            token = RAW.set(True)
            try:
                result: RawResponse[Any] = await method(*args, **kwargs)
                return result
            finally:
                RAW.reset(token)

        return call
