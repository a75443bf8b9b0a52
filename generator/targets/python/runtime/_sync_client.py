"""The synchronous client: sending with retries, streams and downloads; the resource base."""

from __future__ import annotations

import os
import time
from collections.abc import Mapping
from dataclasses import replace
from typing import IO, Any, TypeVar

import httpx2 as httpx

from ._base_client import (
    DEFAULT_MAX_RETRIES,
    BaseClient,
    Timeout,
    connection_error,
    ignore_body,
    log,
    open_sink,
    retryable,
    shown_url,
)
from ._options import RequestOptions, ResponseKind
from ._pagination import SyncPage, bound_pages
from ._retries import should_retry
from ._serde import Decoder
from ._streaming import Stream
from ._types import OMIT, Omit

__all__ = ["SyncAPIClient", "SyncResource"]

T = TypeVar("T")
P = TypeVar("P", bound=SyncPage[Any, Any])


class SyncAPIClient(BaseClient):
    def __init__(
        self,
        *,
        api_key: str | None = None,
        base_url: str | httpx.URL | None = None,
        timeout: Timeout | Omit = OMIT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        default_headers: Mapping[str, str] | None = None,
        http_client: httpx.Client | None = None,
        transport: httpx.BaseTransport | None = None,
        check_arguments: bool = True,
        initial_retry_delay: float = 0.5,
        max_retry_delay: float = 8.0,
        username: str | None = None,
        password: str | None = None,
    ) -> None:
        super().__init__(
            api_key=api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            default_headers=default_headers,
            check_arguments=check_arguments,
            initial_retry_delay=initial_retry_delay,
            max_retry_delay=max_retry_delay,
            username=username,
            password=password,
        )
        self._owns_http = http_client is None
        self._http = (
            http_client
            if http_client is not None
            else httpx.Client(transport=transport)
        )

    def _send(self, request: httpx.Request, *, stream: bool = False) -> httpx.Response:
        """Send with retries; the body is bytes, so every attempt sends exactly the same."""
        attempt = 0
        while True:
            log.debug("%s %s", request.method, shown_url(request))
            try:
                response = self._http.send(request, stream=stream)
            except httpx.TransportError as exc:
                delay = (
                    self._retry_plan(attempt, request, None, repr(exc))
                    if retryable(exc)
                    else None
                )
                if delay is None:
                    raise connection_error(exc, request) from exc
            except (
                httpx.DecodingError
            ) as exc:  # e.g. a body that claims gzip and is not
                raise connection_error(exc, request) from exc
            else:
                log.debug(
                    "%s %s -> %d",
                    request.method,
                    shown_url(request),
                    response.status_code,
                )
                retry, why = (
                    (False, "") if response.is_success else should_retry(response)
                )
                delay = (
                    self._retry_plan(attempt, request, response, why) if retry else None
                )
                if delay is None:
                    return response
                response.close()
            time.sleep(delay)
            attempt += 1

    def request(
        self,
        options: RequestOptions,
        *,
        decoder: Decoder[T],
        response_kind: ResponseKind = "json",
    ) -> T:
        response = self._send(self._build_request(options))
        return self._result(response, self._parse(response, decoder, response_kind))

    def request_page(self, options: RequestOptions, *, decoder: Decoder[P]) -> P:
        """A page of a list operation, bound to this request: its next page repeats it with
        the query values the page names (``_pagination``)."""
        paged = bound_pages(
            decoder, options, lambda again: self.request_page(again, decoder=decoder)
        )
        return self.request(options, decoder=paged, response_kind="json")

    def request_stream(
        self, options: RequestOptions, *, decoder: Decoder[T]
    ) -> Stream[T]:
        events = replace(options, accept="text/event-stream")
        response = self._send_streaming(events)
        return self._result(response, Stream(response, decoder))

    def request_to_file(
        self,
        options: RequestOptions,
        *,
        destination: str | os.PathLike[str] | IO[bytes],
    ) -> None:
        response = self._send_streaming(options)
        sink, finish = open_sink(destination)
        ok = False
        try:
            for chunk in response.iter_bytes():
                sink.write(chunk)
            ok = True
        except (httpx.TransportError, httpx.DecodingError) as exc:
            raise connection_error(exc, response.request) from exc
        finally:
            finish(ok)
            response.close()

    def _send_streaming(self, options: RequestOptions) -> httpx.Response:
        response = self._send(self._build_request(options), stream=True)
        if not response.is_success:
            try:
                response.read()
            finally:
                response.close()
            self._parse(response, ignore_body, "empty")
        return response

    def close(self) -> None:
        if self._owns_http:
            self._http.close()

    # a self-typed TypeVar, not typing.Self (3.11+): this runs on 3.10
    def __enter__(self: _S) -> _S:  # noqa: PYI019
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class SyncResource:
    """Base of every generated sync resource class."""

    def __init__(self, client: SyncAPIClient) -> None:
        self._client = client


_S = TypeVar("_S", bound=SyncAPIClient)
