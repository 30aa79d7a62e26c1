# GENERATED from beatkit/beatpass/_async/client.py by scripts/unasync.py: edit the async source.
"""The BeatPass client: ``BeatPass``, its token and its resources."""

from __future__ import annotations

import attrs
import httpx

from beatkit._core._sync.client import APIClient
from beatkit._core.operation import RequestOptions
from beatkit._core.settings import build_settings, pick_converter
from beatkit._core.validate import check_text
from beatkit.auth import BearerAuth
from beatkit.beatpass._sync.albums import Albums
from beatkit.beatpass._sync.artists import Artists, Credits
from beatkit.beatpass._sync.commerce import Coupons, Licenses, Purchases
from beatkit.beatpass._sync.discovery import Genres, Radio, Search, Tags
from beatkit.beatpass._sync.playlists import Playlists
from beatkit.beatpass._sync.tools import (
    Backstage,
    CoverArt,
    Fingerprints,
    Lyrics,
    Recon,
)
from beatkit.beatpass._sync.tracks import Tracks, Uploads
from beatkit.beatpass.converter import converter, get_strict_converter
from beatkit.beatpass.models import LoginResult
from beatkit.beatpass.wire import DEFAULT_BASE_URL, SPEC, login_result, resolve_token, token_route

__all__ = ["BeatPass"]


class BeatPass(APIClient):
    """Client for the BeatPass API (beats, producers, playlists, licensing).

    Reads work without a token (the API then sends minimal fields); writes need one.

    Example::

        with BeatPass() as bp:             # token from BEATPASS_TOKEN, if set
            for track in bp.tracks.list(limit=50):
                print(track.name, track.duration)

    Args:
        token: A personal access token; defaults to the ``BEATPASS_TOKEN`` environment
            variable, and may be absent (reads only, or :meth:`login` later).
        base_url: The API root (change it for a fake or a proxy).
        timeout: Seconds (or an ``httpx.Timeout``) for each request.
        max_retries: Retries of failed requests where a retry is safe; writes are
            only retried on 429 or when they were never sent.
        max_retry_wait: The longest ``Retry-After`` beatkit will sleep; a longer one raises
            :class:`~beatkit.errors.RateLimitError` at once.
        requests_per_second: Pace requests to this rate on top of the ``X-RateLimit-*``
            headers the API sends.
        http_client: An ``httpx.Client`` you own and close yourself.
        allow_http: Permit a plain ``http://`` base URL to a non-loopback host.
        strict: Raise on response keys the models do not know (for tests and drift checks);
            by default they are kept in each model's ``extra``.

    Raises:
        beatkit.errors.ConfigurationError: An empty token, one with a control
            character inside (a line break), or an unusable option.
    """

    def __init__(
        self,
        token: str | None = None,
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
        resolved = resolve_token(token)
        settings = build_settings(
            SPEC,
            base_url=base_url,
            converter=pick_converter(strict, converter, get_strict_converter),
            timeout=timeout,
            max_retries=max_retries,
            max_retry_wait=max_retry_wait,
            requests_per_second=requests_per_second,
            allow_http=allow_http,
        )
        # Without a token the client is anonymous until login() installs one.
        self._auth = BearerAuth(resolved, hosts=[settings.base_url.host], service=SPEC.name)
        # Every operation is signed with the one token (if any); the route refuses a
        # write without one before anything is sent. It holds the auth, not the client:
        # a bound method would make a cycle through the transport's settings.
        settings = attrs.evolve(settings, route=token_route(self._auth))
        super().__init__(settings, http_client)
        transport = self._transport
        self.tracks: Tracks = Tracks(transport)
        """Tracks (list, get, create, update, delete, upload, download, waveforms, plays)."""
        self.uploads: Uploads = Uploads(transport)
        """File uploads (step 1 of the track upload flow)."""
        self.albums: Albums = Albums(transport)
        """Albums (list, get, create, update, delete, analytics)."""
        self.artists: Artists = Artists(transport)
        """Artists (list, get, tracks, albums, analytics, ownership, pinning)."""
        self.backstage: Backstage = Backstage(transport)
        """Producer-program requests; submission status, create, revoke."""
        self.credits: Credits = Credits(transport)
        """Artist credits (CRUD, album credits, reorder, Spotify lookup, roles)."""
        self.playlists: Playlists = Playlists(transport)
        """Playlists (CRUD, follow, tracks, collaboration)."""
        self.lyrics: Lyrics = Lyrics(transport)
        """Lyrics (list, for a track, create, update, delete)."""
        self.fingerprints: Fingerprints = Fingerprints(transport)
        """Audio fingerprints (generate, status, duplicates, retry)."""
        self.recon: Recon = Recon(transport)
        """Audio Recon placements."""
        self.cover_art: CoverArt = CoverArt(transport)
        """Cover art templates and previews."""
        self.search: Search = Search(transport)
        """Search (call it), suggestions, audio search."""
        self.genres: Genres = Genres(transport)
        """Genres (list, get)."""
        self.tags: Tags = Tags(transport)
        """Tracks and albums by tag."""
        self.radio: Radio = Radio(transport)
        """Radio recommendations."""
        self.purchases: Purchases = Purchases(transport)
        """Track purchases (price, initiate, status, list)."""
        self.licenses: Licenses = Licenses(transport)
        """License certificates (generate, check, certificate, PDF, verify, revoke, list)."""
        self.coupons: Coupons = Coupons(transport)
        """Coupon validation."""

    def _repr_state(self) -> str:
        return "with token" if self.has_token else "anonymous"

    @property
    def has_token(self) -> bool:
        """Whether the client holds a token (writes need one)."""
        return self._auth.token is not None

    def login(
        self,
        email: str,
        password: str,
        *,
        token_name: str = "beatkit",  # noqa: S107 - the token's label, not a secret
        options: RequestOptions | None = None,
    ) -> LoginResult:
        """Log in with e-mail and password, and use the new token from now on.

        ``POST /auth/login`` creates a personal access token (valid 90 days) named
        ``token_name``. Save ``result.access_token`` to skip logging in next time.

        Args:
            email: The account's e-mail.
            password: The password (sent once, never logged).
            token_name: The name the token gets in Account Settings.
            options: Per-call timeout, retries or headers.

        Returns:
            The user and the token (the token is not shown in ``repr``).

        Raises:
            ValueError: A blank argument (before sending).
            beatkit.errors.UnprocessableEntityError: Wrong credentials or fields (422).
            beatkit.errors.AuthenticationError: Refused (401).
        """
        body = {
            "email": check_text("email", email),
            "password": check_text("password", password),
            "token_name": check_text("token_name", token_name),
        }
        result = self._call(
            "auth.login", LoginResult, json=body, unwrap=login_result, options=options
        )
        self._auth.set_token(result.access_token)
        return result
