"""Server-sent events: ``Stream`` and ``AsyncStream`` yield typed events as they arrive and close
the connection when the events end, when you stop early, or when you leave a ``with`` block.

Parsing follows https://html.spec.whatwg.org/multipage/server-sent-events.html: lines end at
CR, LF or CRLF only (JSON may hold U+2028 unescaped), a leading BOM is dropped, an event with no
data is not dispatched, and an unfinished event at the end of the stream is discarded.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import httpx2 as httpx

from ._exceptions import (
    APIConnectionError,
    ModelValidationError,
    ResponseValidationError,
)
from ._serde import Decoder

__all__ = ["AsyncStream", "ServerSentEvent", "Stream"]

T = TypeVar("T")


@dataclass(slots=True)
class ServerSentEvent:
    """One event as the wire carries it."""

    data: str = ""
    event: str | None = None
    id: str | None = None
    retry: int | None = None


@dataclass(slots=True)
class _Lines:
    """Text chunks in, complete lines out, split at CR, LF and CRLF only."""

    pending: str = ""
    started: bool = False

    def feed(self, chunk: str) -> list[str]:
        if not self.started and chunk:
            self.started = True
            chunk = chunk.removeprefix("\ufeff")
        text = self.pending + chunk
        lines: list[str] = []
        start = 0
        i = 0
        while i < len(text):
            ch = text[i]
            if ch == "\n" or ch == "\r":
                if ch == "\r" and i + 1 == len(text):
                    break  # a CR at the end may be half of a CRLF: wait for the next chunk
                lines.append(text[start:i])
                i += 2 if ch == "\r" and text[i + 1] == "\n" else 1
                start = i
                continue
            i += 1
        self.pending = text[start:]
        return lines


@dataclass(slots=True)
class _Events:
    data: list[str] = field(default_factory=lambda: list[str]())
    event: str | None = None
    id: str | None = None
    retry: int | None = None

    def feed(self, line: str) -> ServerSentEvent | None:
        """One line in; a complete event out when a blank line ends one that has data."""
        if not line:
            data, event = self.data, self.event
            self.data, self.event = [], None
            if not data:
                return None
            return ServerSentEvent(
                data="\n".join(data), event=event, id=self.id, retry=self.retry
            )
        if line.startswith(":"):
            return None
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "data":
            self.data.append(value)
        elif name == "event":
            self.event = value
        elif name == "id" and "\x00" not in value:
            self.id = value
        elif name == "retry" and value.isascii() and value.isdigit():
            self.retry = int(value)
        return None


def _complete(
    lines: _Lines, events: _Events, chunk: str
) -> tuple[list[ServerSentEvent], bool]:
    """The events one chunk of text completes, and whether ``[DONE]`` arrived."""
    done: list[ServerSentEvent] = []
    for line in lines.feed(chunk):
        sse = events.feed(line)
        if sse is None:
            continue
        if sse.data == "[DONE]":
            return done, True
        done.append(sse)
    return done, False


def _decode(sse: ServerSentEvent, decoder: Decoder[T], response: httpx.Response) -> T:
    try:
        value: object = json.loads(sse.data)
    except ValueError:
        raise ResponseValidationError(
            f"event data is not valid JSON: {sse.data[:200]!r}", response=response
        ) from None
    try:
        return decoder(value, "event")
    except ModelValidationError as exc:
        raise ResponseValidationError(
            f"an event does not fit the model: {exc}", response=response
        ) from exc


def _broken(exc: Exception, response: httpx.Response) -> APIConnectionError:
    return APIConnectionError(
        f"the event stream broke off: {exc!r}", request=response.request
    )


class Stream(Generic[T]):
    """Iterate for the typed events; ``[DONE]`` ends the stream."""

    def __init__(self, response: httpx.Response, decoder: Decoder[T]) -> None:
        self.response = response
        self._decoder = decoder

    def __iter__(self) -> Iterator[T]:
        lines, events = _Lines(), _Events()
        try:
            for chunk in self.response.iter_text():
                batch, finished = _complete(lines, events, chunk)
                for sse in batch:
                    yield _decode(sse, self._decoder, self.response)
                if finished:
                    return
        except (httpx.TransportError, httpx.DecodingError) as exc:
            raise _broken(exc, self.response) from exc
        finally:
            self.close()

    def close(self) -> None:
        self.response.close()

    def __enter__(self) -> Stream[T]:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class AsyncStream(Generic[T]):
    """``async for`` the typed events; ``[DONE]`` ends the stream."""

    def __init__(self, response: httpx.Response, decoder: Decoder[T]) -> None:
        self.response = response
        self._decoder = decoder

    async def __aiter__(self) -> AsyncIterator[T]:
        lines, events = _Lines(), _Events()
        try:
            async for chunk in self.response.aiter_text():
                batch, finished = _complete(lines, events, chunk)
                for sse in batch:
                    yield _decode(sse, self._decoder, self.response)
                if finished:
                    return
        except (httpx.TransportError, httpx.DecodingError) as exc:
            raise _broken(exc, self.response) from exc
        finally:
            await self.close()

    async def close(self) -> None:
        await self.response.aclose()

    async def __aenter__(self) -> AsyncStream[T]:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()
