# GENERATED from beatkit/_core/_async/pagers.py by scripts/unasync.py: edit the async source.
"""Lazy iteration over paged list endpoints."""

from __future__ import annotations

from collections.abc import Generator
from contextlib import closing
from typing import Any, Generic, NoReturn, SupportsIndex, TypeVar

from beatkit._core._sync.transport import Transport
from beatkit._core.concurrency import InnerGenerator, OrderedPool
from beatkit._core.operation import Operation, RequestOptions
from beatkit._core.pagination import (
    MAX_EMPTY_PAGES,
    Page,
    Paging,
    RangePaging,
    RawPage,
    plan_skips,
    unsatisfied_length,
)
from beatkit._core.responses import decode_error, decode_value, decoder, text_body_error
from beatkit.errors import ConfigurationError, RangeNotSatisfiableError, ResponseDecodeError

__all__ = ["Pager"]

T_co = TypeVar("T_co", covariant=True)
U = TypeVar("U")


class _Trail:
    """What one walk through the pages has read, to refuse next-page links that go
    round in a circle or on for ever."""

    def __init__(self) -> None:
        self.seen: set[str] = set()
        """Every page asked for; its URL and, for Range paging, its window."""
        self.empty = 0
        """How many pages in a row came without items."""

    def count(self, raw: RawPage, endless: ResponseDecodeError | None) -> None:
        """Count ``raw`` in the run of empty pages; raise ``endless`` (the error for a
        page without items naming a next one) when the run reaches
        :data:`MAX_EMPTY_PAGES`: each link or window is new, so :attr:`seen` never
        catches such a server."""
        self.empty = 0 if raw.items else self.empty + 1
        if self.empty >= MAX_EMPTY_PAGES and endless is not None:
            raise endless


_ENDLESS = (
    f"{MAX_EMPTY_PAGES} empty pages in a row, each naming a next page: the server's "
    "paging does not come to an end"
)


class Pager(Generic[T_co]):
    """The result of a list call: iterate it for items, across pages, lazily.

    Nothing is fetched until you iterate. ``for item in pager`` walks every
    item of every page; :meth:`pages` yields whole pages; :meth:`first_page`
    fetches one. ``limit`` caps the number of items over all pages.

    When the number of pages is known after the first one (Range and page-number
    paging), the remaining pages are fetched four at a time concurrently, still
    yielded strictly in order (with ``limit``, only the pages it can still use). The
    window of four is fixed: no client option changes it. Leaving the loop early (a
    ``break``, closing the iterator) or a page that fails does not wait for the pages
    fetched ahead to be answered: their requests are cancelled or left to end on their
    own, their answers dropped.

    Raises:
        TypeError: The operation is not a paged one, or ``options`` is not a
            :class:`~beatkit.RequestOptions`.
        ValueError: ``limit`` is not a non-negative integer or ``None``.
        beatkit.errors.ConfigurationError: ``options`` sets a ``Range`` header (the
            pager asks for each page's window).
    """

    def __init__(
        self,
        transport: Transport,
        operation: Operation[T_co],
        *,
        limit: int | None = None,
        options: RequestOptions | None = None,
    ) -> None:
        if operation.paging is None:
            raise TypeError(f"{operation.name} is not a paged operation")
        if limit is not None and (
            isinstance(limit, bool) or not isinstance(limit, int) or limit < 0
        ):
            raise ValueError("limit must be a non-negative integer or None")
        if options is not None and not isinstance(options, RequestOptions):
            raise TypeError(f"options must be a RequestOptions, not {type(options).__name__}")
        if options is not None and any(name.lower() == "range" for name in options.headers):
            # Sent with every page, it would replace each page's window (or filter): the
            # same window asked for again and again.
            # Only Range-paged lists take a window; the others page by number or link.
            # A paging whose Range is something else names its own arguments.
            arguments = getattr(operation.paging, "range_arguments", None) or (
                "page_size= and start="
                if isinstance(operation.paging, RangePaging)
                else "page= and per_page="
            )
            raise ConfigurationError(
                f"{operation.name}: RequestOptions.headers cannot set Range on a list: the "
                f"pager asks for each page (use the list's {arguments})"
            )
        self._transport = transport
        self._operation = operation
        self._paging: Paging = operation.paging
        self._limit = limit
        self._options = options

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self._operation.name} limit={self._limit}>"

    def __reduce_ex__(self, protocol: SupportsIndex, /) -> NoReturn:
        # A pager fetches through its client's connections: it cannot travel. Say so,
        # rather than let pickle fail deep inside on a lock.
        raise TypeError(
            f"{type(self).__name__} cannot be copied or pickled: it fetches its pages "
            "through its client. Pickle the items instead (to_list())."
        )

    def __iter__(self) -> Generator[T_co, None, None]:
        """The generator of every page's items, in order, fetched as the loop asks.

        A loop left early can close it (``contextlib.closing``, or ``close()``): the
        walk stops there, the pages fetched ahead let go, before the next line runs.
        """
        return self._items()

    def _items(self) -> Generator[T_co, None, None]:
        # Closed by this generator alone (see InnerGenerator).
        with closing(InnerGenerator.adopt(self.pages())) as pages:
            for page in pages:
                for item in page.items:
                    yield item

    def first_page(self) -> Page[T_co]:
        """Fetch and return the first page only.

        With ``limit=0`` nothing is sent: the page is empty, with no total and no
        next page, as :meth:`pages` yields no page at all.
        """
        if self._limit == 0:
            return Page(items=[])
        page, _, _ = self._fetch(self._paging.prepare(self._operation), first=True)
        return self._trim(page, self._limit)

    def to_list(self) -> list[T_co]:
        """Fetch every item (up to ``limit``) into a list."""
        return [item for item in self]

    def pages(self) -> Generator[Page[T_co], None, None]:
        """Yield pages in order until the collection (or ``limit``) is exhausted."""
        left = self._limit
        if left == 0:
            return
        trail = _Trail()
        page, raw, _ = self._fetch(self._paging.prepare(self._operation), trail, first=True)
        page = self._trim(page, left)
        yield page
        if left is not None:
            left -= len(page.items)
        nxt = raw.next
        prefetch = self._transport.settings.prefetch
        if raw.rest and prefetch > 1 and (left is None or left > 0):
            # A walk its user leaves early (a break, a close, its collection), or that
            # fails on a page, does not wait for the pages fetched ahead: the pool
            # cancels them, the sync one leaves them to end on their own, their answers
            # dropped and their connections given back to the pool (waiting made a break
            # or an error as slow as the slowest of them, or a hung server's timeout).
            pool = OrderedPool(prefetch, abandon_running=True)
            plan = raw.rest
            per_page = max(1, len(page.items))
            done = 0  # planned pages yielded so far
            diverged = False
            while done < len(plan) and not diverged and (left is None or left > 0):
                # With a limit, fetch only the pages it can still use, judged by the
                # first page's size; short pages mean another batch, never a gap.
                batch_size = len(plan) - done if left is None else -(-left // per_page)
                batch = plan[done : done + batch_size]
                fetching = InnerGenerator.adopt(pool.map(self._fetch_step, batch))
                with closing(fetching) as fetched:
                    for page, raw, endless in fetched:
                        done += 1
                        # Counted in order: the planned pages are fetched ahead, several
                        # at a time, and a plan of a billion empty pages must end too.
                        trail.count(raw, endless)
                        page = self._trim(page, left)
                        yield page
                        if left is not None:
                            left -= len(page.items)
                            if left <= 0:
                                return
                        if raw.past_end:
                            # A 416, or an empty window past the length it names: the
                            # collection ends before the rest of the plan (it shrank since
                            # the first page). Asking for every planned window would take
                            # as long as the first page's length says (a billion items...).
                            return
                        planned = plan[done] if done < len(plan) else None
                        if plan_skips(planned, raw.next):
                            # The page names an earlier next page than the plan made after
                            # the first one (a server serving shorter windows than asked:
                            # the plan would skip items), or one past its end (the
                            # collection grew). Its own next request is followed from here,
                            # one page after the other, as without prefetch; the pages
                            # fetched ahead are dropped.
                            nxt = raw.next
                            diverged = True
                            # The walk goes on: its prefetches end before it does (waited
                            # for, or cancelled), never more pages in flight than the window.
                            pool.abandon_running = False
                            break
            if not diverged:
                return
        while nxt is not None and (left is None or left > 0):
            page, raw, _ = self._fetch(nxt, trail)
            page = self._trim(page, left)
            yield page
            if left is not None:
                left -= len(page.items)
            nxt = raw.next

    def _fetch_step(
        self, op: Operation[Any]
    ) -> tuple[Page[T_co], RawPage, ResponseDecodeError | None]:
        return self._fetch(op)

    def _fetch(
        self, op: Operation[Any], trail: _Trail | None = None, *, first: bool = False
    ) -> tuple[Page[T_co], RawPage, ResponseDecodeError | None]:
        """Fetch and decode the page ``op`` asks for.

        With ``trail`` (a walk one page after the other), a page read already and a run
        of empty pages are refused here; without it (a page of a prefetched plan), the
        caller counts the run in order: the error to raise at its end is returned
        beside the page (``None`` unless the page is empty and names a next one).
        """
        spec = self._transport.settings.spec
        try:
            response, body = self._transport.send(op, self._options)
        except RangeNotSatisfiableError as exc:
            if not self._paging.end_on_range_not_satisfiable(op, exc):
                raise
            # The range starts past the end: an empty collection or a total that shrank.
            # To the first request its Content-Range (``tracks */45``) is the only word on
            # the length; later in a walk the first page has said it (or that it is not
            # known), and the empty page that ends the walk keeps total None.
            total = unsatisfied_length(exc) if first else None
            raw = RawPage(items=[], total=total, next=None, rest=[], past_end=True)
            return Page(items=[], total=total), raw, None
        if trail is not None:
            # The URL and, for Range paging, the window: what names one page.
            asked = f"{response.request.url} {response.request.headers.get('Range', '')}"
            if asked in trail.seen:
                detail = "the next-page links go round in a circle: this page was read already"
                raise decode_error(op, response, spec, detail, body)
            trail.seen.add(asked)
        if isinstance(body, str):
            # Not JSON (a proxy's HTML page, a truncated body), or a JSON string: say so,
            # rather than what the page reader makes of the text.
            raise text_body_error(op, response, spec, body)
        try:
            # The page's own paging: a reader may hand the next request a state of its
            # own (Beatport's search remembers the page before, to catch a repeat).
            raw = (op.paging or self._paging).read(op, response, body)
        except Exception as exc:
            # A body of the wrong shape (KeyError, TypeError) is as much a decode failure as
            # a malformed Content-Range. A reader's ValueError (PagingError included) says
            # what is wrong in words; the text of any other error (a KeyError's is the key
            # alone) needs its type beside it.
            detail = (
                str(exc)
                if isinstance(exc, ValueError)
                else f"the page does not have the documented shape ({type(exc).__name__}: {exc})"
            )
            raise decode_error(op, response, spec, detail, body) from exc
        endless = None
        if not raw.items and raw.next is not None:
            endless = decode_error(op, response, spec, _ENDLESS, body)
        if trail is not None:
            trail.count(raw, endless)
        decode = decoder(self._operation, self._transport.settings.converter)
        items = [
            decode_value(decode, item, op=op, response=response, spec=spec) for item in raw.items
        ]
        page = Page(
            items=items, total=raw.total, has_next=raw.next is not None, next_operation=raw.next
        )
        return page, raw, endless

    @staticmethod
    def _trim(page: Page[U], left: int | None) -> Page[U]:
        if left is None or len(page.items) <= left:
            return page
        return Page(
            items=page.items[:left],
            total=page.total,
            has_next=True,
            next_operation=page.next_operation,
        )
