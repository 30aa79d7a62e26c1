"""What every part of the Beatport fake shares: state, auth checks, errors, parameters, pages."""

from __future__ import annotations

import hashlib
import operator
import random
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Literal
from urllib.parse import parse_qs, urlencode

import attrs
import httpx

import beatkit.testing.beatport._data as _data
from beatkit._core.validate import check_int, check_text
from beatkit.beatport.auth import PUBLIC_BASE_URL
from beatkit.beatport.wire import MAX_PER_PAGE, SPEC
from beatkit.testing._app import Abort, FakeService, Handler, origin
from beatkit.testing._crud import Collection, Record
from beatkit.testing._wire import (
    DIGITS,
    bearer,
    check_fake,
    host_port,
    last_page,
    request_host,
    to_int,
)

__all__ = [
    "DEFAULT_CDN_URL",
    "DEFAULT_CLIENT_ID",
    "DEFAULT_SCOPE",
    "DEFAULT_SEED",
    "CDN_PATH",
    "QUALITIES",
    "AuthorizationCode",
    "Base",
    "Grant",
    "Listing",
    "Stream",
]

DEFAULT_SEED = 20260129
"""The seed used when none is given; every test sees the same catalog."""

DEFAULT_CDN_URL = "https://needledrop.beatport.test"
"""Where stream playlists, keys, segments and download files are served by default."""

DEFAULT_CLIENT_ID = "beatkit-fake-client"
"""The OAuth client id the fake accepts by default (Beatport's own ids are never shipped)."""

DEFAULT_SCOPE = "app:locker user:dj"
"""The scope granted when an authorization request names none (as Beatport answers)."""

QUALITIES: Mapping[str, tuple[str, str]] = {
    "medium": (".128k.aac.mp4", "audio/mp4"),
    "high": (".256k.aac.mp4", "audio/mp4"),
    "lossless": (".flac", "audio/flac"),
}
"""Download quality -> (``stream_quality`` as the API reports it, the file's content type)."""

_NOT_AUTHENTICATED = "Authentication credentials were not provided."
_DEFAULT_PER_PAGE = 10  # what the recorded response shows when per_page is not sent
CDN_PATH = re.compile(
    r"/(?P<issued>[0-9]+)_(?P<sig>[0-9a-f]{24})/[0-9a-f]{2}/[0-9a-f]{2}/"
    r"(?P<uuid>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?P<suffix>\..+)"
)
_SORTABLE = ("id", "name", "mix_name", "publish_date", "new_release_date", "bpm", "length_ms")
# Operations that need a user's token even on the internal host.
_USER_ONLY = frozenset({"auth.introspect", "tracks.stream", "tracks.download"})


def _page_link(request: httpx.Request, page: int, scheme: bool) -> str:
    """The request's URL on another page, as DRF links it: parameters sorted, no ``page=1``."""
    path, _, query = request.url.raw_path.decode("ascii").partition("?")
    params = {k: v for k, v in parse_qs(query, keep_blank_values=True).items() if k != "page"}
    if page > 1:
        params["page"] = [str(page)]
    encoded = urlencode(sorted(params.items()), doseq=True)
    host = request.headers.get("host") or request.url.netloc.decode("ascii")
    origin = f"{request.url.scheme}://{host}" if scheme else host
    return f"{origin}{path}?{encoded}" if encoded else f"{origin}{path}"


def _cdn_url(value: Any) -> httpx.URL:
    """``cdn_url`` as a URL, if it is an absolute http(s) URL with a host.

    Raises:
        TypeError: Not a ``str``.
        ValueError: Anything else: blank, with blanks or control characters anywhere (a
            value pasted with its line end), another scheme, no host, or not parseable.
    """
    check_text("cdn_url", value)
    bad = f"cdn_url must be an absolute http(s) URL, not {value!r}"
    if any(char.isspace() or not char.isprintable() for char in value):
        raise ValueError(bad)
    try:
        url = httpx.URL(value)
    except httpx.InvalidURL:
        raise ValueError(bad) from None
    if url.scheme not in ("http", "https") or not url.host:
        raise ValueError(bad)
    return url


@attrs.define
class Grant:
    """What a live access or refresh token grants: to which client and user, what, until when."""

    client_id: str
    username: str
    scope: str
    expires_at: float
    access_token: str | None = attrs.field(default=None, repr=False)
    """A refresh token's access token, revoked when the refresh token is used."""


@attrs.define(kw_only=True)
class AuthorizationCode:
    """An issued, unused authorization code: what it will grant, and how it must be redeemed."""

    client_id: str
    username: str
    scope: str
    expires_at: float
    redirect_uri: str | None
    """The authorization request's ``redirect_uri``, if it named one."""
    code_challenge: str | None = attrs.field(repr=False)
    """The PKCE challenge, if the authorization request sent one."""
    code_challenge_method: str | None
    """``S256`` or ``plain`` with a challenge, else ``None``."""


@attrs.frozen
class Stream:
    """One track's HLS stream: its key and IV, clear and encrypted segments."""

    key: bytes = attrs.field(repr=False)
    iv: bytes
    clear: tuple[bytes, ...] = attrs.field(repr=False)
    encrypted: tuple[bytes, ...] = attrs.field(repr=False)


class Base(FakeService):
    """The Beatport fake's state, hooks and helpers; each part adds its routes."""

    default_base_url = PUBLIC_BASE_URL
    operations = SPEC.routes

    def __init__(
        self,
        *,
        base_url: str = PUBLIC_BASE_URL,
        cdn_url: str = DEFAULT_CDN_URL,
        client_id: str = DEFAULT_CLIENT_ID,
        username: str = "dj@example.com",
        password: str = "fake-password",  # noqa: S107 - the fake user's known test password
        token_lifetime: int = 36000,
        require_auth: bool = True,
        clock: Callable[[], float] = time.time,
        seed: int = DEFAULT_SEED,
    ) -> None:
        check_fake(seed, clock)
        check_int("token_lifetime", token_lifetime, minimum=1)
        logins = {"client_id": client_id, "username": username, "password": password}
        for name, text in logins.items():
            if not isinstance(text, str):
                raise TypeError(f"{name} must be a str, got {type(text).__name__}")
        if not all(text.strip() for text in logins.values()):
            raise ValueError("client_id, username and password must be non-empty (not blank)")
        if not isinstance(require_auth, bool):
            # A truthy "no" read from a setting would require tokens it was told not to.
            raise TypeError(f"require_auth must be a bool, got {type(require_auth).__name__}")
        super().__init__(base_url)
        cdn = _cdn_url(cdn_url)
        if cdn.host == httpx.URL(self.base_url).host:
            raise ValueError("cdn_url must be on another host than base_url")
        self.cdn_url: str = cdn_url.rstrip("/")
        """Where media URLs point (through :meth:`transport`)."""
        self.client_id = client_id
        """The OAuth client id the fake accepts."""
        self.username = username
        """The user's login name (``POST /auth/login/``)."""
        self.password = password
        """The user's password."""
        self.token_lifetime = token_lifetime
        """Access token lifetime in seconds; change it to affect later tokens."""
        self.refresh_token_lifetime: float = 31 * 86400
        """Refresh token lifetime in seconds (about 31 days, as Beatport's)."""
        self.code_lifetime: float = 60.0
        """Authorization code lifetime in seconds (django-oauth-toolkit's default)."""
        self.require_auth = require_auth
        """Whether ``/catalog/*`` needs a token; may be switched between requests."""
        self.clock = clock
        """The time source, in epoch seconds."""
        self.redirect_uris: set[str] | None = None
        """The redirect URIs the client may use; ``None`` accepts any absolute URI."""
        self.default_redirect_uri: str = f"{self.base_url}/auth/o/post-message/"
        """The redirect URI used when an authorization request names none."""
        self.territory_restricted: set[int] = set()
        """Track ids whose stream and download answer 403 ``Territory Restricted.``."""
        self.subscription: str | None = "bp_link_pro"
        """The user's subscription code; ``None`` makes stream and download answer 403."""
        self.available_qualities: set[str] = set(QUALITIES)
        """Download qualities served; others answer ``400 {"detail": "Requested quality...``."""
        self.page_format: Literal["mixed", "fraction", "int"] = "mixed"
        """``"mixed"`` (per endpoint, see the class docs), or force ``"N/M"`` or int pages."""
        self.scheme_less_links = False
        """Send ``next``/``previous`` without the scheme (``api.beatport.com/v4/...``), as
        the real API does."""
        self.search_shape: Literal["data", "lists"] = "data"
        """``"data"``; ``{"tracks": {"data": [search documents]}, ...}`` as the write-up shows;
        ``"lists"``: ``{"tracks": [catalog tracks], ...}`` as some public clients read it."""
        self.stream_segments: int = 5
        """How many segments a stream playlist has."""
        self.stream_segment_size: int = 4096
        """Clear bytes per segment (the last one is shorter)."""
        self.stream_explicit_iv: bool = True
        """Whether the ``#EXT-X-KEY`` tag carries ``IV=``; if not, the IV is the sequence number."""
        self.stream_url_lifetime: float | None = None
        """If set, media URLs also expire this many seconds after they were issued."""
        self.refresh_count: int = 0
        """How many ``refresh_token`` grants succeeded."""
        self.cdn_requests: list[httpx.Request] = []
        """Every request the CDN received (also in :attr:`requests`)."""
        self.leaked_authorization: list[httpx.Request] = []
        """CDN requests that carried an ``Authorization`` header (each answered 400)."""
        self.sessions: dict[str, str] = {}
        """Live ``sessionid`` cookie values -> user name."""

        self._seed = seed
        self._secret = hashlib.sha256(f"beatkit-fake-beatport:{seed}".encode()).hexdigest()
        self._token_rng = random.Random(f"{seed}:tokens")
        self._access_tokens: dict[str, Grant] = {}
        self._refresh_tokens: dict[str, Grant] = {}
        self._codes: dict[str, AuthorizationCode] = {}
        self._url_generation = 0
        self._media_uuids: dict[int, str] = {}
        self._media_tracks: dict[str, int] = {}
        self._streams: dict[tuple[int, int, int, bool], Stream] = {}

        self.tracks: list[dict[str, Any]] = []
        """The tracks exactly as the API returns them."""
        self.artists: list[dict[str, Any]] = []
        """The artists (detail shape)."""
        self.labels: list[dict[str, Any]] = []
        """The labels (detail shape)."""
        self.releases: list[dict[str, Any]] = []
        """The releases (detail shape)."""
        self.genres: list[dict[str, Any]] = []
        """The genres (detail shape, with their ``sub_genres``)."""
        self.sub_genres: list[dict[str, Any]] = []
        """The sub-genres (detail shape)."""
        self.keys: list[dict[str, Any]] = []
        """The 24 musical keys."""
        self.chord_types: list[dict[str, Any]] = []
        """The chord types (1 Minor, 2 Major)."""
        self.charts: list[dict[str, Any]] = []
        """The charts (detail shape)."""
        self.playlists: list[dict[str, Any]] = []
        """The playlists (detail shape)."""
        self.chart_track_ids: dict[int, list[int]] = {}
        """Chart id -> its track ids, in chart order."""
        self.playlist_track_ids: dict[int, list[int]] = {}
        """Playlist id -> its track ids, in playlist order."""
        self.popularity: dict[int, int] = {}
        """Track id -> a popularity score; the top lists sort by it."""
        self.release_genre: dict[int, int] = {}
        """Release id -> its genre id (the top-10-releases lists use it)."""
        self.auxiliary: dict[str, list[dict[str, Any]]] = {}
        """Auxiliary tables by path segment (``"current-status"``, ``"item-types"``...)."""
        self.curation_pages: list[dict[str, Any]] = []
        """The curation pages."""
        self.page_module_styles: list[dict[str, Any]] = []
        """The curation page-module styles."""
        self.account: dict[str, Any] = {}
        """The user's account as ``/my/account/`` returns it."""
        self.favourite_track_ids: list[int] = []
        """The tracks of ``/my/beatport/tracks/``."""
        self.favourite_artist_ids: list[int] = []
        """The artists ``/my/beatport/`` lists."""
        self.favourite_label_ids: list[int] = []
        """The labels ``/my/beatport/`` lists."""
        _data.generate(self, random.Random(seed))

    @property
    def origins(self) -> tuple[str, ...]:
        """The API's origin and the CDN's (:attr:`cdn_url`), where stream and download
        URLs point; see :meth:`~beatkit.testing.FakeService.transport`."""
        return (origin(self.base_url), origin(self.cdn_url))

    def __repr__(self) -> str:
        # The password and tokens stay out of reprs, like every other secret in beatkit.
        return (
            f"FakeBeatport(base_url={self.base_url!r}, cdn_url={self.cdn_url!r}, "
            f"tracks={len(self.tracks)}, require_auth={self.require_auth})"
        )

    def url(self, key: str, value: object = None) -> str:
        """The API URL of an operation's resource, e.g. ``url("keys.get", 23)``.

        Args:
            key: A ``PATHS`` key.
            value: The value of its placeholder, if it has one.

        Returns:
            The absolute URL on this fake's :attr:`base_url`.
        """
        return self.base_url + re.sub(r"\{\w+\}", str(value), self.operations[key].path)

    def track(self, track_id: int) -> dict[str, Any]:
        """The stored track with this id (the same object the fake serves).

        Args:
            track_id: The track id.

        Returns:
            The track dict.

        Raises:
            KeyError: No such track.
        """
        found = next((track for track in self.tracks if track["id"] == track_id), None)
        if found is None:
            raise KeyError(track_id)
        return found

    # -- hooks ---------------------------------------------------------------------------

    def bind(self, key: str, handler: Handler) -> Handler:
        """Check the token where the operation needs one (see the class docs)."""
        path = self.operations[key].path
        user_only = key in _USER_ONLY or path.startswith("/my/")
        catalog = path.startswith("/catalog/")

        def run(request: httpx.Request, *params: str) -> httpx.Response:
            if user_only or (catalog and self.require_auth):
                self._authenticate(request)
            return handler(request, *params)

        return run

    def finalize(self, request: httpx.Request, response: httpx.Response) -> httpx.Response:
        """Add the ``Vary`` header the API sends (no rate-limit headers: Beatport has none)."""
        if self._cdn_path(request) is None:
            response.headers.setdefault("Vary", "origin, Authorization")
        return response

    def error_response(
        self,
        request: httpx.Request,
        status: int,
        code: str | None = None,
        message: str | None = None,
        details: Any = None,
    ) -> httpx.Response:
        """Beatport's error bodies: DRF ``{"detail": ...}``, or the gateways' own pages for 5xx."""
        if status in (500, 502, 503, 504):
            page = {"Content-Type": "text/html" if status == 500 else "text/plain"}
            return httpx.Response(status, text=_data.TABLES["pages"][str(status)], headers=page)
        detail = _data.TABLES["details"].get(str(status), httpx.codes.get_reason_phrase(status))
        detail = (detail or "Error").format(method=request.method)
        response = self.json_response({"detail": detail}, status)
        if status == 401:
            response.headers["WWW-Authenticate"] = 'Bearer realm="api"'
        return response

    def not_found(self, request: httpx.Request) -> httpx.Response:
        """Django's own HTML 404 page, as for any URL no view matches."""
        html = {"Content-Type": "text/html; charset=utf-8"}
        return httpx.Response(404, text=_data.TABLES["pages"]["404"], headers=html)

    # -- request helpers -----------------------------------------------------------------

    def _cdn_path(self, request: httpx.Request) -> str | None:
        """The CDN path of a request for the CDN (by host, or by its signed path), else ``None``."""
        cdn = httpx.URL(self.cdn_url)
        path = request.url.path
        prefix = cdn.path.rstrip("/")
        if request_host(request) == host_port(cdn):
            if prefix and path.startswith(prefix + "/"):
                path = path[len(prefix) :]
            return path
        return path if CDN_PATH.fullmatch(path) else None

    def _detail(self, status: int, detail: str, headers: Mapping[str, str] | None = None) -> Abort:
        return Abort(self.json_response({"detail": detail}, status, headers))

    def _field_error(self, field: str, message: str) -> Abort:
        return Abort(self.json_response({field: [message]}, 400))

    def _authenticate(self, request: httpx.Request) -> Grant:
        token = bearer(request)
        if not token:
            raise self._detail(401, _NOT_AUTHENTICATED, {"WWW-Authenticate": 'Bearer realm="api"'})
        grant = self._access_tokens.get(token)
        if grant is None or self.clock() >= grant.expires_at:
            reason = "The access token " + ("is invalid." if grant is None else "has expired.")
            header = f'Bearer realm="api",error="invalid_token",error_description="{reason}"'
            raise self._detail(401, _NOT_AUTHENTICATED, {"WWW-Authenticate": header})
        return grant

    def _param(self, request: httpx.Request, name: str) -> str | None:
        value = request.url.params.get(name)
        return None if value is None else value.strip()

    def _int_list(self, request: httpx.Request, name: str) -> set[int] | None:
        raw = self._param(request, name)
        if not raw:
            return None
        parts = [p.strip() for p in raw.split(",")]
        if not all(DIGITS.fullmatch(p) for p in parts):
            raise self._field_error(name, "Enter a number.")
        return {to_int(p) for p in parts}

    def _range(
        self, request: httpx.Request, name: str, parse: Callable[[str], Any], message: str
    ) -> tuple[Any, Any] | None:
        """An exact value or a ``low:high`` slice (either end open), as ``(low, high)``."""
        raw = self._param(request, name)
        if not raw:
            return None
        ends = raw.split(":") if ":" in raw else [raw, raw]
        if len(ends) != 2 or ends == ["", ""]:
            raise self._field_error(name, message)
        try:
            low, high = (parse(end.strip()) if end.strip() else None for end in ends)
        except ValueError:
            raise self._field_error(name, message) from None
        return low, high

    def _bool_param(self, request: httpx.Request, name: str) -> bool | None:
        raw = (self._param(request, name) or "").lower()
        if raw in ("true", "1", "yes", "false", "0", "no", ""):
            return None if not raw else raw in ("true", "1", "yes")
        message = "Select a valid choice. That choice is not one of the available choices."
        raise self._field_error(name, message)

    def _per_page(self, request: httpx.Request, default: int) -> int:
        raw = self._param(request, "per_page")
        if not raw:
            return default
        if not re.fullmatch(r"-?[0-9]+", raw):
            raise self._field_error("per_page", "A valid integer is required.")
        if to_int(raw) > MAX_PER_PAGE:
            limit = f"Ensure this value is less than or equal to {MAX_PER_PAGE}."
            raise self._field_error("per_page", limit)
        if to_int(raw) < 1:
            raise self._field_error("per_page", "Ensure this value is greater than or equal to 1.")
        return to_int(raw)

    def _page(
        self,
        request: httpx.Request,
        items: Sequence[Any],
        *,
        style: Literal["fraction", "int"] = "fraction",
        default_per_page: int = _DEFAULT_PER_PAGE,
    ) -> httpx.Response:
        """One DRF page of ``items``, with absolute links (``page`` dropped for page 1)."""
        per_page = self._per_page(request, default_per_page)
        count = len(items)
        last = last_page(count, per_page)
        raw = self._param(request, "page") or "1"
        page = last if raw == "last" else to_int(raw) if DIGITS.fullmatch(raw) else 0
        if not 1 <= page <= last:
            raise self._detail(404, "Invalid page.")
        scheme = not self.scheme_less_links
        next_url = _page_link(request, page + 1, scheme) if page < last else None
        previous_url = _page_link(request, page - 1, scheme) if page > 1 else None
        mixed = self.page_format == "mixed"
        fraction = style == "fraction" if mixed else self.page_format == "fraction"
        return self.json_response({
            "results": list(items[(page - 1) * per_page : page * per_page]), "next": next_url,
            "previous": previous_url, "count": count,
            "page": f"{page}/{last}" if fraction else page, "per_page": per_page,
        })  # fmt: skip

    def _find(self, items: Iterable[Record], value: str, model: str) -> Record:
        if not DIGITS.fullmatch(value):
            raise self._detail(404, "Not found.")
        found = next((item for item in items if item["id"] == to_int(value)), None)
        if found is None:
            raise self._detail(404, f"No {model} matches the given query.")
        return found

    def _tracks_by_ids(self, ids: Iterable[int]) -> list[Record]:
        by_id = {t["id"]: t for t in self.tracks}
        return [by_id[i] for i in ids if i in by_id]

    _ORDER_FIELDS: Mapping[str, Callable[[Record], Any]] = {
        **{name: operator.itemgetter(name) for name in _SORTABLE},
        "release_date": lambda t: t["new_release_date"],
        "release_id": lambda t: t["release"]["id"],
        "genre": lambda t: t["genre"]["name"],
        "label": lambda t: t["release"]["label"]["name"],
    }

    def _ordered(
        self, request: httpx.Request, tracks: Sequence[Record], default: str | None
    ) -> list[Record]:
        raw = self._param(request, "order_by") or default
        result = list(tracks)
        if not raw:
            return result
        fields = [f.strip() for f in raw.split(",") if f.strip()]
        # DRF's OrderingFilter ignores fields it does not allow, and so does the fake.
        for field in reversed([f for f in fields if f.lstrip("-") in self._ORDER_FIELDS]):
            value_of = self._ORDER_FIELDS[field.lstrip("-")]

            def sort_key(track: Record, value_of: Callable[[Record], Any] = value_of) -> Any:
                value = value_of(track)
                return value.casefold() if isinstance(value, str) else value

            result.sort(key=sort_key, reverse=field.startswith("-"))
        return result


@attrs.frozen(kw_only=True)
class Listing(Collection[Any]):
    """A Beatport collection: records served as stored, DRF pages and DRF's 404s."""

    table: str = ""
    """An auxiliary table's name, when the records are ``fake.auxiliary[table]``."""
    style: Literal["fraction", "int"] = "fraction"
    """How a list renders ``page`` (see :meth:`Base._page`)."""

    def store(self, fake: Base) -> Any:
        return fake.auxiliary[self.table] if self.table else getattr(fake, self.name)

    def find(self, fake: Base, request: httpx.Request, raw: str) -> Record:
        return fake._find(self.store(fake), raw, self.model)

    def reply(self, fake: Base, request: httpx.Request, op: str, found: Any) -> Any:
        if op == "list":
            return fake._page(request, found, style=self.style)
        return fake.json_response(found)
