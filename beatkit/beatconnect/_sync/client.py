# GENERATED from beatkit/beatconnect/_async/client.py by scripts/unasync.py: edit the async source.
"""The BeatConnect client: ``BeatConnect`` and its resources."""

from __future__ import annotations

import builtins
from typing import Literal, Unpack

import httpx

from beatkit._core._sync.client import APIClient
from beatkit._core._sync.pagers import Pager
from beatkit._core._sync.resource import Resource
from beatkit._core.operation import RequestOptions
from beatkit._core.params import check_id, optional_choice, optional_int
from beatkit._core.settings import build_settings, pick_converter
from beatkit._core.validate import check_choice, check_text
from beatkit.auth import BearerAuth
from beatkit.beatconnect.converter import converter, get_strict_converter
from beatkit.beatconnect.models import (
    Beat,
    BeatSort,
    Genre,
    Order,
    OrderStatus,
    SearchResults,
    SearchType,
    User,
)
from beatkit.beatconnect.wire import (
    DEFAULT_BASE_URL,
    MAX_SEARCH_PER_PAGE,
    MAX_SIMILAR,
    SPEC,
    PageArgs,
    items_in,
    object_in,
    page_query,
    paged,
    resolve_api_key,
    search_results,
)

__all__ = ["BeatConnect"]


def _search_query(
    q: str, type: SearchType | Literal["beats", "producers", "all"]
) -> dict[str, str]:
    """The text and type of ``GET /search``, shared by the one-page search and the two pagers."""
    return {
        "q": check_text("q", q),
        "type": check_choice("type", type, [t.value for t in SearchType]),
    }


class Beats(Resource):
    """``client.beats``: list, get, similar and search beats."""

    def list(
        self,
        *,
        genre: int | None = None,
        producer: int | None = None,
        sort: BeatSort | Literal["newest", "popular", "price_asc", "price_desc"] | None = None,
        **pages: Unpack[PageArgs],
    ) -> Pager[Beat]:
        """List beats, newest first unless ``sort`` says otherwise.

        Args:
            genre: Only beats of this genre id.
            producer: Only beats of this producer (user id).
            sort: ``"newest"``, ``"popular"``, ``"price_asc"`` or ``"price_desc"``.
            **pages: ``page``, ``per_page``, ``limit`` and ``options`` (see :class:`PageArgs`);
                ``per_page`` is 20 unless told.

        Returns:
            A pager over the beats, fetched as you iterate it.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An argument is out of range.
        """
        query = {
            "genre": optional_int("genre", genre, minimum=1),
            "producer": optional_int("producer", producer, minimum=1),
            "sort": optional_choice("sort", sort, [s.value for s in BeatSort]),
        }
        return self._list("beats.list", Beat, **paged("beats", pages, query))

    def get(self, beat_id: int, *, options: RequestOptions | None = None) -> Beat:
        """Fetch one beat.

        Args:
            beat_id: The beat's id.
            options: Per-call timeout, retries or headers.

        Returns:
            The beat.

        Raises:
            TypeError: ``beat_id`` is not an int.
            ValueError: ``beat_id`` is below 1 (nothing is sent).
            beatkit.errors.NotFoundError: No beat has this id.
        """
        return self._call(
            "beats.get",
            Beat,
            path={"beat_id": check_id("beat_id", beat_id)},
            unwrap=object_in("beat"),
            options=options,
        )

    def similar(
        self, beat_id: int, *, limit: int | None = None, options: RequestOptions | None = None
    ) -> builtins.list[Beat]:
        """Beats similar to ``beat_id`` (genre, tempo and more).

        Args:
            beat_id: The beat to compare with.
            limit: How many to return, 1 to 20 (the API's default is 5).
            options: Per-call timeout, retries or headers.

        Returns:
            The similar beats, most similar first.

        Raises:
            TypeError: ``beat_id`` or ``limit`` is not an int.
            ValueError: ``beat_id`` is below 1, or ``limit`` is not 1 to 20 (nothing is
                sent).
            beatkit.errors.NotFoundError: No beat has this id.
        """
        return self._call(
            "beats.similar",
            builtins.list[Beat],
            path={"beat_id": check_id("beat_id", beat_id)},
            params={"limit": optional_int("limit", limit, minimum=1, maximum=MAX_SIMILAR)},
            unwrap=items_in("beats"),
            options=options,
        )

    def search(self, q: str, **pages: Unpack[PageArgs]) -> Pager[Beat]:
        """Search beats by title, producer or genre (``/search?type=beats``), paged.

        Args:
            q: The search text (required, not blank).
            **pages: ``page``, ``per_page`` (1 to 50), ``limit`` and ``options`` (see
                :class:`PageArgs`).

        Returns:
            A pager over the matching beats.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: ``q`` is blank, or a number is out of range.
        """
        query = _search_query(q, SearchType.BEATS)
        return self._list("search", Beat, **paged("beats", pages, query, MAX_SEARCH_PER_PAGE))


class Users(Resource):
    """``client.users``: profiles and producer search."""

    def get(self, user_id: int, *, options: RequestOptions | None = None) -> User:
        """Fetch a user profile.

        Args:
            user_id: The user's id.
            options: Per-call timeout, retries or headers.

        Returns:
            The profile.

        Raises:
            TypeError: ``user_id`` is not an int.
            ValueError: ``user_id`` is below 1 (nothing is sent).
            beatkit.errors.NotFoundError: No user has this id.
        """
        return self._call(
            "users.get",
            User,
            path={"user_id": check_id("user_id", user_id)},
            unwrap=object_in("user"),
            options=options,
        )

    def search_producers(self, q: str, **pages: Unpack[PageArgs]) -> Pager[User]:
        """Search producers by name (``/search?type=producers``), paged.

        Args:
            q: The search text (required, not blank).
            **pages: ``page``, ``per_page`` (1 to 50), ``limit`` and ``options`` (see
                :class:`PageArgs`).

        Returns:
            A pager over the matching producers.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: ``q`` is blank, or a number is out of range.
        """
        query = _search_query(q, SearchType.PRODUCERS)
        return self._list("search", User, **paged("producers", pages, query, MAX_SEARCH_PER_PAGE))


class Genres(Resource):
    """``client.genres``."""

    def list(self, *, options: RequestOptions | None = None) -> builtins.list[Genre]:
        """Every genre (one request, not paged).

        Args:
            options: Per-call timeout, retries or headers.

        Returns:
            The genres.

        Raises:
            beatkit.errors.APIError: The API refused.
        """
        return self._call(
            "genres.list", builtins.list[Genre], unwrap=items_in("genres"), options=options
        )


class Orders(Resource):
    """``client.orders``: the API key owner's orders."""

    def list(
        self,
        *,
        status: OrderStatus | Literal["completed", "pending", "failed"] | None = None,
        **pages: Unpack[PageArgs],
    ) -> Pager[Order]:
        """List orders, optionally only those with one status.

        Args:
            status: ``"completed"``, ``"pending"`` or ``"failed"``.
            **pages: ``page``, ``per_page``, ``limit`` and ``options`` (see :class:`PageArgs`).

        Returns:
            A pager over the orders.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An argument is out of range.
        """
        chosen = optional_choice("status", status, [s.value for s in OrderStatus])
        return self._list("orders.list", Order, **paged("orders", pages, {"status": chosen}))


class BeatConnect(APIClient):
    """Client for the BeatConnect API (beats marketplace).

    Example::

        with BeatConnect() as bc:          # key from BEATCONNECT_API_KEY
            for beat in bc.beats.list(genre=1, sort="popular", limit=50):
                print(beat.title, beat.bpm)

    Args:
        api_key: Your API key; defaults to the ``BEATCONNECT_API_KEY`` environment variable.
        base_url: The API root (change it for a fake or a proxy).
        timeout: Seconds (or an ``httpx.Timeout``) for each request.
        max_retries: Retries of failed requests where a retry is safe (see the docs).
        max_retry_wait: The longest ``Retry-After`` beatkit will sleep; a longer one raises
            :class:`~beatkit.errors.RateLimitError` at once.
        requests_per_second: Pace requests to this rate on top of the ``X-RateLimit-*``
            headers the API sends.
        http_client: An ``httpx.Client`` you own and close yourself.
        allow_http: Permit a plain ``http://`` base URL to a non-loopback host.
        strict: Raise on response keys the models do not know (for tests and drift checks);
            by default they are kept in each model's ``extra``.

    Raises:
        beatkit.errors.ConfigurationError: No API key, a key that is not a string or that
            an HTTP header cannot carry (a line break, a space, non-ASCII), or an unusable
            option.
    """

    def __init__(
        self,
        api_key: str | None = None,
        *,
        base_url: str | httpx.URL = DEFAULT_BASE_URL,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = 2,
        max_retry_wait: float = 60.0,
        requests_per_second: float | None = None,
        http_client: httpx.Client | None = None,
        allow_http: bool = False,
        strict: bool = False,
    ) -> None:
        key = resolve_api_key(api_key)
        settings = build_settings(
            SPEC,
            base_url=base_url,
            auth=lambda url: BearerAuth(key, hosts=[url.host], service=SPEC.name),
            converter=pick_converter(strict, converter, get_strict_converter),
            timeout=timeout,
            max_retries=max_retries,
            max_retry_wait=max_retry_wait,
            requests_per_second=requests_per_second,
            allow_http=allow_http,
        )
        super().__init__(settings, http_client)
        self.beats: Beats = Beats(self._transport)
        """Beats (list, get, similar, search)."""
        self.users: Users = Users(self._transport)
        """Users (get, search producers)."""
        self.genres: Genres = Genres(self._transport)
        """Genres (list)."""
        self.orders: Orders = Orders(self._transport)
        """Orders (list)."""

    def search(
        self,
        q: str,
        *,
        type: SearchType | Literal["beats", "producers", "all"] = SearchType.ALL,
        page: int | None = None,
        per_page: int | None = None,
        options: RequestOptions | None = None,
    ) -> SearchResults:
        """One page of a search across beats and producers.

        For walking all matches of one kind, ``beats.search()`` and
        ``users.search_producers()`` return pagers.

        Args:
            q: The search text (required, not blank).
            type: ``"beats"``, ``"producers"`` or ``"all"``.
            page: The page number, 1 to 10**18 - 1.
            per_page: Results per kind on this page, 1 to 50.
            options: Per-call timeout, retries or headers.

        Returns:
            The beats and producers on this page, with the totals. A bare list
            answered to a search of one type (the alternative envelope) is that
            type's results.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: ``q`` is blank, or a number is out of range.
            beatkit.errors.ResponseDecodeError: A bare list answered to ``type="all"``:
                whether it holds beats or producers is not said.
        """
        searched = _search_query(q, type)
        query = {**searched, **page_query(page, per_page, MAX_SEARCH_PER_PAGE)}
        return self._call(
            "search",
            SearchResults,
            params=query,
            unwrap=lambda body: search_results(body, searched["type"]),
            options=options,
        )
