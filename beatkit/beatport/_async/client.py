"""The async Beatport v4 client: ``AsyncBeatport``, its resources and the search across types."""

from __future__ import annotations

from collections.abc import Callable

import attrs
import httpx

from beatkit._core._async.client import AsyncAPIClient
from beatkit._core.operation import RequestOptions
from beatkit._core.settings import build_settings, pick_converter
from beatkit.auth import RefreshingAuth, Token, TokenStore
from beatkit.beatport._async.auth import AsyncBeatportAuth
from beatkit.beatport._async.catalog import (
    AsyncArtists,
    AsyncChordTypes,
    AsyncGenres,
    AsyncKeys,
    AsyncLabels,
    AsyncReleases,
    AsyncSubGenres,
    AsyncTracks,
)
from beatkit.beatport._async.curation import (
    AsyncAuxiliary,
    AsyncCharts,
    AsyncCuration,
    AsyncPlaylists,
)
from beatkit.beatport._async.my import AsyncMy
from beatkit.beatport.auth import (
    DEFAULT_REFRESH_BUFFER,
    DEFAULT_REQUESTS_PER_SECOND,
    INTERNAL_BASE_URL,
    PUBLIC_BASE_URL,
    internal_router,
    make_token_manager,
    resolve_client_id,
    token_router,
)
from beatkit.beatport.converter import converter, get_strict_converter
from beatkit.beatport.models import SearchResults
from beatkit.beatport.wire import SPEC, search_params, search_results
from beatkit.errors import ConfigurationError

__all__ = ["AsyncBeatport"]


class AsyncBeatport(AsyncAPIClient):
    """Async client for the Beatport API v4 (catalog, search, streaming, My Beatport).

    Two hosts: the public API (``https://api.beatport.com/v4``, the default) needs
    an OAuth client id and a user's token (but for ``auxiliary`` and ``curation``,
    sent unsigned when no token is held); the internal host
    (``https://api-internal.beatportprod.com/v4``, ``internal=True``) is what
    Beatport's web front end calls server side, without auth, and serves the
    catalog only.

    Beatport offers no public app registration: the client id must come from you
    (``client_id=`` or the ``BEATPORT_CLIENT_ID`` environment variable). Get a
    token with ``client.auth`` (PKCE in a browser, or the session login), or pass
    one you saved (``token=``, ``store=``); it is refreshed five minutes before it
    expires and sent to the API host only.

    Pacing: Beatport sends no rate-limit headers and suspends accounts that
    hammer it, so requests are spaced to ``requests_per_second`` (2 by default),
    on top of retrying 429 answers after their ``Retry-After``. Pass
    ``requests_per_second=None`` to turn pacing off (for a fake or a proxy of
    your own), or a smaller number to be gentler still.

    Example::

        async with AsyncBeatport(client_id="...", store=FileTokenStore("bp.json")) as bp:
            if bp.auth.token is None:
                await bp.auth.login("dj@example.com", "password")
            async for track in bp.genres.top100(6, limit=10):
                print(track.full_name, track.bpm, track.key.camelot_code if track.key else "")
            info = await bp.tracks.stream(track.id)

    Args:
        client_id: The OAuth client id; defaults to ``$BEATPORT_CLIENT_ID``. Not
            needed with ``internal=True``.
        token: A token to start with (a ``Token`` refreshes; a bare access-token
            string is used until it is refused).
        store: Where tokens are loaded from and saved to.
        on_token: Called with every new token (login or refresh).
        refresh_buffer: Seconds before expiry from which the token is refreshed.
        internal: Use the internal host, without auth.
        base_url: The API root; defaults to the public or internal host.
        timeout: Seconds (or an ``httpx.Timeout``) for each request.
        max_retries: Retries of failed requests where a retry is safe.
        max_retry_wait: The longest ``Retry-After`` beatkit will sleep; a longer one
            raises :class:`~beatkit.errors.RateLimitError` at once.
        requests_per_second: Pace requests to this rate (``None``: no pacing).
        http_client: An ``httpx.AsyncClient`` you own and close yourself.
        allow_http: Permit a plain ``http://`` base URL to a non-loopback host.
        strict: Raise on response keys the models do not know (tests, drift
            checks); by default they are kept in each model's ``extra``.

    Raises:
        beatkit.errors.ConfigurationError: No client id on the public host,
            ``internal`` that is not a ``bool``, a token option (``token``, ``store``,
            ``on_token``, ``refresh_buffer``) with ``internal=True``, a ``token`` an
            ``Authorization`` header cannot carry, or an unusable option.
    """

    def __init__(
        self,
        client_id: str | None = None,
        *,
        token: str | Token | None = None,
        store: TokenStore | None = None,
        on_token: Callable[[Token], object] | None = None,
        refresh_buffer: float = DEFAULT_REFRESH_BUFFER,
        internal: bool = False,
        base_url: str | httpx.URL | None = None,
        timeout: float | httpx.Timeout | None = None,
        max_retries: int = 2,
        max_retry_wait: float = 60.0,
        requests_per_second: float | None = DEFAULT_REQUESTS_PER_SECOND,
        http_client: httpx.AsyncClient | None = None,
        allow_http: bool = False,
        strict: bool = False,
    ) -> None:
        if not isinstance(internal, bool):
            # A truthy "false" read from a setting would pick the unauthenticated host.
            raise ConfigurationError(
                f"internal must be a bool (True or False), got {type(internal).__name__}"
            )
        root = (
            base_url
            if base_url is not None
            else (INTERNAL_BASE_URL if internal else PUBLIC_BASE_URL)
        )
        token_manager: Callable[[httpx.URL], RefreshingAuth] | None = None
        if internal:
            # Token options there would be ignored without a word: no token is ever held.
            given = [
                name
                for name, value in (
                    ("token", token),
                    ("store", store),
                    ("on_token", on_token),
                    ("refresh_buffer", None if refresh_buffer == DEFAULT_REFRESH_BUFFER else 1),
                )
                if value is not None
            ]
            if given:
                raise ConfigurationError(
                    "the internal host takes no credentials: drop "
                    + "/".join(f"{name}=" for name in given)
                    + ", or use the public host (internal=False)"
                )
        else:
            public_id = client_id = resolve_client_id(client_id)

            def token_manager(url: httpx.URL) -> RefreshingAuth:
                return make_token_manager(
                    base_url=url,
                    client_id=public_id,
                    token=token,
                    store=store,
                    on_token=on_token,
                    refresh_buffer=refresh_buffer,
                )

        settings = build_settings(
            SPEC,
            base_url=root,
            auth=token_manager,
            converter=pick_converter(strict, converter, get_strict_converter),
            timeout=timeout,
            max_retries=max_retries,
            max_retry_wait=max_retry_wait,
            requests_per_second=requests_per_second,
            allow_http=allow_http,
        )
        manager = settings.auth if isinstance(settings.auth, RefreshingAuth) else None
        if manager is not None:
            # The auxiliary and curation tables need no token (see OPTIONAL_AUTH).
            settings = attrs.evolve(settings, route=token_router(manager))
        elif internal:
            # No user's calls there (/my/*, stream, download): refused before sending.
            settings = attrs.evolve(settings, route=internal_router())
        super().__init__(settings, http_client)
        transport = self._transport
        self.internal: bool = internal
        """Whether this client talks to the internal host (no auth)."""
        # On the internal host a client id is kept only for client.auth's error messages.
        self.auth: AsyncBeatportAuth = AsyncBeatportAuth(transport, manager, client_id)
        """Log in, and hold, set or inspect the token."""
        self.tracks: AsyncTracks = AsyncTracks(transport)
        """Tracks (list, get, top, search, stream, download, save_stream, save_download)."""
        self.artists: AsyncArtists = AsyncArtists(transport)
        """Artists (get, tracks, top10, search)."""
        self.labels: AsyncLabels = AsyncLabels(transport)
        """Labels (get, releases, top10, search)."""
        self.releases: AsyncReleases = AsyncReleases(transport)
        """Releases (get, tracks, search)."""
        self.genres: AsyncGenres = AsyncGenres(transport)
        """Genres (list, get, top10_tracks, top10_releases, top100)."""
        self.sub_genres: AsyncSubGenres = AsyncSubGenres(transport)
        """Sub-genres; get."""
        self.charts: AsyncCharts = AsyncCharts(transport)
        """Charts (list, get, tracks, search)."""
        self.playlists: AsyncPlaylists = AsyncPlaylists(transport)
        """Playlists (get, tracks)."""
        self.keys: AsyncKeys = AsyncKeys(transport)
        """Musical keys (get)."""
        self.chord_types: AsyncChordTypes = AsyncChordTypes(transport)
        """Chord types (get)."""
        self.auxiliary: AsyncAuxiliary = AsyncAuxiliary(transport)
        """Lookup tables (statuses, sale types, exclusive periods, item/page/source types)."""
        self.curation: AsyncCuration = AsyncCuration(transport)
        """Curated pages and page module styles."""
        self.my: AsyncMy = AsyncMy(transport)
        """The logged-in user; account, My Beatport, its tracks, subscriptions."""

    async def search(
        self,
        q: str,
        *,
        page: int | None = None,
        per_page: int | None = None,
        options: RequestOptions | None = None,
    ) -> SearchResults:
        """One page of a search across tracks, artists, labels, releases and charts.

        To walk every match of one type, use the pagers ``tracks.search()``,
        ``artists.search()``, ``labels.search()``, ``releases.search()`` and
        ``charts.search()``.

        Args:
            q: The search text (not blank).
            page: The page number (1-based).
            per_page: Results per type on this page, 1 to 100.
            options: Per-call timeout, retries or headers.

        Returns:
            The matches of every type.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: ``q`` is blank, or a number is out of range.
        """
        query = search_params(q, None, page, per_page)
        return await self._call(
            "search", SearchResults, params=query, unwrap=search_results, options=options
        )
