"""Pages of a list operation. A paginated method returns its response as a page: its fields read
as the response's, and iterating it yields every item across pages, fetching each next page
when the items of the one before are used up (``async for`` on the async client's).

A generated page class names where its items are and how the next page is asked for
(``_page_items``, ``_next_query``); the client binds each page it decodes to the request it
answered (``request_page``), so the next one repeats that request with the next cursor, offset
or page number."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping
from dataclasses import replace
from typing import Any, Generic, TypeVar, cast

from ._options import RequestOptions
from ._serde import Decoder

__all__ = ["AsyncPage", "PageFetch", "SyncPage", "bound_pages"]

T = TypeVar("T")
PageT = TypeVar("PageT", bound="SyncPage[Any, Any]")
AsyncPageT = TypeVar("AsyncPageT", bound="AsyncPage[Any, Any]")

# The request that fetches a page, with these query values over the first page's.
PageFetch = Callable[[Mapping[str, object]], Any]


_B = TypeVar("_B", bound="_Paging[Any]")


def bound_pages(
    decoder: Decoder[_B],
    options: RequestOptions,
    again: Callable[[RequestOptions], Any],
) -> Decoder[_B]:
    """``decoder``, binding each page it makes to ``options``: its next page is ``again`` of
    the same request with the next page's query values over the first's."""

    def decode(data: object, path: str) -> _B:
        page = decoder(data, path)
        sent = dict(options.query or {})
        page.bind_request(
            lambda query: again(replace(options, query={**sent, **query})), sent
        )
        return page

    return decode


class _Paging(Generic[T]):
    """What both kinds of page share: the items, the next page's query, the request it answered.
    (No ``__slots__``: the generated page class holds ``_fetch`` and ``_query`` as fields.)
    """

    # Fields of the generated page class, set by ``bind_request``.
    _fetch: PageFetch | None
    _query: Mapping[str, object] | None

    def bind_request(self, fetch: PageFetch, query: Mapping[str, object]) -> None:
        """Called by the client that decoded this page: how to fetch another, what was sent."""
        self._fetch, self._query = fetch, query

    def _page_items(self) -> list[T]:
        raise NotImplementedError  # the generated page class says where its items are

    def _next_query(self) -> Mapping[str, object] | None:
        raise NotImplementedError  # ... and what asks for the next page (None: this is the last)

    def _sent(self, name: str, default: int) -> int:
        """The whole number this page's request sent as ``name`` (an offset, a page number)."""
        value = (self._query or {}).get(name)
        return (
            value if isinstance(value, int) and not isinstance(value, bool) else default
        )

    def has_next_page(self) -> bool:
        """Whether another page follows (this one has items and says how to ask for more)."""
        return (
            self._fetch is not None
            and bool(self._page_items())
            and self._next_query() is not None
        )


class SyncPage(_Paging[T], Generic[T, PageT]):
    """A page of the sync client's; ``PageT`` is the generated page class itself."""

    __slots__ = ()

    def next_page(self) -> PageT:
        """The page after this one; ``StopIteration`` if this is the last."""
        query = self._next_query() if self.has_next_page() else None
        if query is None or self._fetch is None:
            raise StopIteration("this is the last page")
        page: PageT = self._fetch(query)
        return page

    def iter_pages(self) -> Iterator[PageT]:
        """This page, then each next one as it is fetched."""
        page = cast("PageT", self)
        yield page
        while page.has_next_page():
            page = page.next_page()
            yield page

    def __iter__(self) -> Iterator[T]:
        for page in self.iter_pages():
            items: list[T] = page._page_items()
            yield from items


class AsyncPage(_Paging[T], Generic[T, AsyncPageT]):
    """A page of the async client's; ``AsyncPageT`` is the generated page class itself."""

    __slots__ = ()

    async def next_page(self) -> AsyncPageT:
        """The page after this one; ``StopAsyncIteration`` if this is the last."""
        query = self._next_query() if self.has_next_page() else None
        if query is None or self._fetch is None:
            raise StopAsyncIteration("this is the last page")
        fetched: Awaitable[AsyncPageT] = self._fetch(query)
        return await fetched

    async def iter_pages(self) -> AsyncIterator[AsyncPageT]:
        """This page, then each next one as it is fetched."""
        page = cast("AsyncPageT", self)
        yield page
        while page.has_next_page():
            page = await page.next_page()
            yield page

    async def __aiter__(self) -> AsyncIterator[T]:
        async for page in self.iter_pages():
            items: list[T] = page._page_items()
            for item in items:
                yield item
