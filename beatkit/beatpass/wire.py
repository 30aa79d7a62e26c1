"""Every BeatPass operation as data, with the one table of its paths.

BeatPass is a Laravel application. Single objects come wrapped as
``{"status": "success", "<name>": {...}}`` (some bodies are flat or under ``data``:
all three are read); lists are Laravel pages,
``{"status": "success", "<collection>": {"current_page", "last_page", "total",
"per_page", "from", "to", "data": [...]}}``, with a collection key that differs per
resource (``tracks``, ``albums``, ``pagination``...).

Errors: ``{"message": "..."}`` (401/403/404), ``{"message", "errors": {field: [...]}}``
(422), ``{"message", "error_code"}`` (409, backstage requests) and
``{"message": "Too Many Attempts.", "retry_after": 60}`` (429).

Writes (POST/PUT/PATCH/DELETE) are never replayed once they may have reached the
server, PUT and DELETE included: only a 429, or a failure before sending, is retried.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import IO, Any, BinaryIO, Final, TypeVar

import cattrs

from beatkit._core.converter import unstructure_decimal
from beatkit._core.http import ErrorInfo, ServiceSpec
from beatkit._core.operation import Operation, QueryValue
from beatkit._core.pagination import PageData, PageNumberPaging
from beatkit._core.validate import check_choice, check_int, check_text
from beatkit.beatpass.models import (
    ActionResult,
    Album,
    Analytics,
    Artist,
    AudioReconResult,
    AudioSearchResult,
    BackstageRequest,
    BackstageRequestType,
    CouponValidation,
    CoverArtPreview,
    CoverArtTemplate,
    Credit,
    CreditRole,
    DuplicateCheck,
    FileEntry,
    FingerprintJob,
    FingerprintStatus,
    Genre,
    License,
    LicenseBatchStatus,
    LicenseCertificate,
    LicenseStatus,
    LicenseVerification,
    LoginResult,
    Lyric,
    OwnershipCheck,
    PinnedTrack,
    Playlist,
    PlaylistInvitation,
    PlayLog,
    ProducerAchievements,
    Purchase,
    PurchaseIntent,
    PurchasePrice,
    PurchaseStatus,
    RadioRecommendations,
    RadioType,
    SearchResults,
    SearchType,
    SpotifyAlbum,
    SpotifySearchResults,
    SubmissionStatus,
    Suggestion,
    Track,
    TrackMetadata,
    UploadProgress,
    UploadStep,
    Waveform,
    WaveformBatch,
)
from beatkit.errors import (
    BackstageRequestPendingError,
    BackstageRequestRevokedError,
    ConfigurationError,
)

__all__ = [
    "PATHS",
    "SPEC",
    "TOKEN_OPTIONAL_WRITES",
    "BeatPassOperations",
    "UploadReader",
    "check_upload_path",
    "open_upload",
    "parse_error",
    "require_token",
]

T = TypeVar("T")

PATHS: Final[Mapping[str, str]] = {
    # tracks
    "tracks.list": "GET /tracks",
    "tracks.get": "GET /tracks/{track}",
    "tracks.create": "POST /tracks",
    "tracks.update": "PUT /tracks/{track}",
    "tracks.delete": "DELETE /tracks/{ids}",
    "tracks.download": "GET /tracks/{track}/download",
    "tracks.wave": "GET /tracks/{track}/wave",
    "tracks.wave_batch": "POST /tracks/wave-batch",
    "tracks.extract_metadata": "POST /tracks/{fileEntry}/extract-metadata",
    # The seed's path (the scope); the OpenAPI file has POST /tracks/plays/{track}/log.
    "tracks.log_play": "POST /tracks/{track}/plays",
    "tracks.update_play_duration": "POST /tracks/plays/{track}/update-duration",
    "tracks.engagement_metrics": "GET /tracks/{track}/engagement-metrics",
    "tracks.producer_analytics": "GET /tracks/{track}/producer-analytics",
    # inferred: the seed names "the file upload system" without a path; Laravel
    # (BeMusic) apps take multipart field ``file`` at POST /uploads.
    "uploads.create": "POST /uploads",
    # albums
    "albums.list": "GET /albums",
    "albums.get": "GET /albums/{album}",
    "albums.create": "POST /albums",
    "albums.update": "PUT /albums/{album}",
    "albums.delete": "DELETE /albums/{ids}",
    "albums.producer_analytics": "GET /albums/{album}/producer-analytics",
    # artists and track pinning
    "artists.list": "GET /artists",
    "artists.get": "GET /artists/{artist}",
    "artists.tracks": "GET /artists/{artist}/tracks",
    "artists.albums": "GET /artists/{artist}/albums",
    "artists.producer_analytics": "GET /artists/{artist}/producer-analytics",
    "artists.downloads_analytics": "GET /artists/{artist}/downloads-analytics",
    "artists.achievements": "GET /artists/{artist}/producer-achievements",
    "artists.check_ownership": "GET /artists/{artist}/check-ownership",
    "artists.pin_track": "POST /artists/{artistId}/tracks/{trackId}/pin",
    "artists.unpin_track": "POST /artists/{artistId}/tracks/{trackId}/unpin",
    "artists.pinned_track": "GET /artists/{artistId}/pinned-track",
    # backstage (producer program requests)
    "backstage.submission_status": "GET /backstage-request/submission-status",
    "backstage.create": "POST /backstage-request",
    "backstage.revoke": "POST /backstage-request/{backstageRequest}/revoke",
    # artist credits
    "credits.list": "GET /artists/{artist}/credits",
    "credits.create": "POST /artists/{artist}/credits",
    "credits.create_album": "POST /artists/{artist}/credits/album",
    "credits.update": "PUT /artists/{artist}/credits/{credit}",
    "credits.delete": "DELETE /artists/{artist}/credits/{credit}",
    "credits.reorder": "POST /artists/{artist}/credits/reorder",
    "credits.spotify_search": "GET /credits/spotify-search",
    "credits.spotify_album": "GET /credits/spotify-album",
    "credits.roles": "GET /credits/roles",
    # playlists and collaboration
    "playlists.list": "GET /playlists",
    "playlists.get": "GET /playlists/{id}",
    "playlists.create": "POST /playlists",
    # The seed's path; the OpenAPI file has PUT /playlists, with no id anywhere.
    "playlists.update": "PUT /playlists/{playlist}",
    "playlists.delete": "DELETE /playlists/{ids}",
    "playlists.follow": "POST /playlists/{id}/follow",
    "playlists.unfollow": "POST /playlists/{id}/unfollow",
    "playlists.tracks": "GET /playlists/{id}/tracks",
    "playlists.add_tracks": "POST /playlists/{playlist}/tracks/add",
    "playlists.remove_tracks": "POST /playlists/{playlist}/tracks/remove",
    "playlists.reorder_tracks": "POST /playlists/{playlist}/tracks/order",
    "playlists.invite": "POST /playlists/{playlist}/invite",
    "playlists.accept_invite": "POST /playlists/{playlist}/accept-invite",
    "playlists.decline_invite": "POST /playlists/{playlist}/decline-invite",
    "playlists.remove_editor": "POST /playlists/{playlist}/remove-editor",
    # lyrics
    "lyrics.list": "GET /lyrics",
    "lyrics.for_track": "GET /tracks/{id}/lyrics",
    "lyrics.create": "POST /lyrics",
    "lyrics.update": "PUT /lyrics/{id}",
    "lyrics.delete": "DELETE /lyrics/{ids}",
    # fingerprints and Audio Recon
    "fingerprints.generate": "POST /tracks/{track}/fingerprint",
    "fingerprints.status": "GET /tracks/{track}/fingerprint/status",
    "fingerprints.check_duplicates": "POST /tracks/check-duplicates",
    "fingerprints.retry": "POST /fingerprints/{fingerprint}/retry",
    "recon.placements": "GET /tracks/{track}/placements",
    # cover art
    "cover_art.templates": "GET /cover-art/templates",
    "cover_art.template": "GET /cover-art/templates/{template}",
    "cover_art.preview": "POST /cover-art/preview",
    "cover_art.matching_templates": "GET /cover-art/matching-templates",
    # auth
    "auth.login": "POST /auth/login",
    # search and discovery
    "search": "GET /search",
    "search.artist_suggestions": "GET /search/suggestions/artist",
    "search.artist_suggestion": "GET /search/suggestions/artist/{id}",
    "search.album_suggestions": "GET /search/suggestions/album",
    "search.album_suggestion": "GET /search/suggestions/album/{id}",
    "search.audio": "GET /search/audio/{trackId}/{artistName}/{trackName}",
    "genres.list": "GET /genres",
    "genres.get": "GET /genres/{name}",
    "tags.tracks": "GET /tags/{tagName}/tracks",
    "tags.albums": "GET /tags/{tagName}/albums",
    "radio.get": "GET /radio/{type}/{id}",
    # commerce and licensing
    "purchases.calculate_price": "POST /tracks/{track}/purchase/calculate-price",
    "purchases.initiate": "POST /tracks/{track}/purchase/initiate",
    "purchases.status": "GET /tracks/{track}/purchase/status",
    "purchases.list": "GET /purchases",
    "licenses.generate": "POST /tracks/{track}/generate-license",
    "licenses.check": "GET /tracks/{track}/check-license",
    "licenses.check_batch": "POST /tracks/check-licenses-batch",
    "licenses.certificate": "GET /tracks/{track}/license-certificate",
    "licenses.download_pdf": "GET /tracks/{track}/download-license-pdf",
    "licenses.verify": "GET /verify-license/{uuid}",
    "licenses.revoke": "POST /licenses/{uuid}/revoke",
    "licenses.list": "GET /user/licenses",
    "coupons.validate": "POST /coupons/validate",
}
"""Every path of the API, relative to ``https://open.beatpass.ca/api/v1``."""

WRITE_METHODS: Final = frozenset({"POST", "PUT", "PATCH", "DELETE"})
"""Methods that change state on the server."""

TOKEN_OPTIONAL_WRITES: Final = frozenset(
    {"auth.login", "tracks.wave_batch", "tracks.log_play", "tracks.update_play_duration"}
)
"""POST operations the API accepts without a token: login, and three the operation list
marks as optional-auth (a batch read and the two anonymous play counters)."""

INCLUDES: Final[Mapping[str, tuple[str, ...]]] = {
    "tracks": ("tags", "genres", "artists", "album"),
    "albums": ("tags", "genres", "artists", "tracks"),
    "artists": ("similar", "genres", "albums", "topTracks"),
}
"""What ``get(..., include=[...])`` accepts per resource (the API's ``with`` parameter)."""

PLAYLIST_DESCRIPTION_LENGTH: Final = (20, 170)
"""The documented bounds of a playlist description, in characters."""


# --- errors -------------------------------------------------------------------------------


def _field_errors(raw: Any) -> dict[str, list[str]]:
    """``{field: [messages]}``; the OpenAPI file shows ``{field: "message"}``: both are read."""
    if not isinstance(raw, Mapping):
        return {}
    result: dict[str, list[str]] = {}
    for name, messages in raw.items():
        if isinstance(messages, str):
            result[str(name)] = [messages]
        elif isinstance(messages, list):
            result[str(name)] = [str(m) for m in messages]
    return result


_BACKSTAGE_ERRORS: Final = {
    "backstage_request_pending": BackstageRequestPendingError,
    "backstage_request_revoked": BackstageRequestRevokedError,
}


def _seconds(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        seconds = float(value)
    except ValueError:
        return None
    return seconds if seconds >= 0 else None


def parse_error(status: int, body: Any) -> ErrorInfo | None:
    """Read a BeatPass (Laravel) error body.

    Args:
        status: The HTTP status.
        body: The parsed JSON body, or the text when it was not JSON.

    Returns:
        What the core needs to raise the right exception, or ``None`` for bodies
        that are not BeatPass errors (the core then falls back to the reason phrase).
    """
    if not isinstance(body, Mapping):
        return None
    message = body.get("message")
    text = message if isinstance(message, str) and message else f"HTTP {status}"
    raw_code = body.get("error_code")
    code = raw_code if isinstance(raw_code, str) and raw_code else None
    if code in _BACKSTAGE_ERRORS:
        contact = body.get("contact_url")
        return ErrorInfo(
            message=text,
            code=code,
            error_class=_BACKSTAGE_ERRORS[code],
            kwargs={"contact_url": contact if isinstance(contact, str) else _contact_url(text)},
        )
    if status == 422:
        errors = body.get("errors")
        return ErrorInfo(
            message=text, code=code, details=errors, kwargs={"field_errors": _field_errors(errors)}
        )
    if status == 429:
        # Used when no Retry-After header came: the core prefers the header.
        retry_after = _seconds(body.get("retry_after"))
        kwargs = {} if retry_after is None else {"retry_after": retry_after}
        return ErrorInfo(message=text, code=code, kwargs=kwargs)
    if message is None and code is None:
        return None
    return ErrorInfo(message=text, code=code, details=body.get("errors"))


def _contact_url(message: str) -> str | None:
    """The path a backstage message points to ("contact support at /contact"), if any."""
    for word in message.split():
        word = word.rstrip(".,;:)")
        if word.startswith("/") and len(word) > 1:
            return word
    return None


# Limits are per minute (300 requests globally); Laravel names the reset time only
# on a 429, so the limiter assumes the window when it must slow down.
SPEC: Final = ServiceSpec(
    name="beatpass", parse_error=parse_error, routes=PATHS, rate_limit_window=60.0
)
"""How the shared transport talks to BeatPass."""


def require_token(op: Operation[Any], has_token: bool) -> None:
    """Refuse a write that the API would reject for want of a token, before sending it.

    Args:
        op: The operation about to be sent.
        has_token: Whether the client holds a token.

    Raises:
        ConfigurationError: ``op`` is a write that needs a token and there is none.
    """
    if has_token or op.method not in WRITE_METHODS or op.name in TOKEN_OPTIONAL_WRITES:
        return
    raise ConfigurationError(
        f"BeatPass {op.name} is a write and needs a token: pass token=..., set "
        "BEATPASS_TOKEN, or call client.login(email, password) first. Personal access "
        "tokens are created in Account Settings -> Developers."
    )


# --- reading bodies -----------------------------------------------------------------------


def _mapping(body: Any) -> Mapping[str, Any]:
    if not isinstance(body, Mapping):
        raise ValueError(f"expected a JSON object, got {type(body).__name__}")
    return body


def _unwrap(body: Any, keys: Sequence[str]) -> Any:
    """The object under the first of ``keys`` (or ``data``), else the flat body minus ``status``."""
    body = _mapping(body)
    for key in (*keys, "data"):
        value = body.get(key)
        if isinstance(value, Mapping):
            return value
    return {k: v for k, v in body.items() if k != "status"}


def _items(body: Any, keys: Sequence[str]) -> list[Any]:
    """A list under the first of ``keys`` (or ``data``), a page's ``data``, or a bare list."""
    if isinstance(body, list):
        return body
    body = _mapping(body)
    for key in (*keys, "data", "pagination"):
        value = body.get(key)
        if isinstance(value, list):
            return value
        if isinstance(value, Mapping) and isinstance(value.get("data"), list):
            return list(value["data"])
    raise ValueError(f"no list under {', '.join(keys) or 'data'}")


def _optional_int(value: Any) -> int | None:
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None


def laravel_page(body: Any, keys: Sequence[str]) -> PageData:
    """Read one Laravel page found under the first of ``keys`` (or ``pagination``).

    A flat paginator (``{"current_page", ..., "data"}``) and a plain list (one page,
    everything) are read too.
    """
    if isinstance(body, list):
        return PageData(items=body, total=len(body))
    body = _mapping(body)
    pager: Mapping[str, Any] | None = None
    for key in (*keys, "pagination"):
        value = body.get(key)
        if isinstance(value, Mapping) and isinstance(value.get("data"), list):
            pager = value
            break
        if isinstance(value, list):
            return PageData(items=value, total=len(value))
    if pager is None:
        if not isinstance(body.get("data"), list):
            raise ValueError(f"no Laravel page under {', '.join(keys) or 'data'}")
        pager = body
    return PageData(
        items=pager["data"],
        total=_optional_int(pager.get("total")),
        page=_optional_int(pager.get("current_page")),
        last_page=_optional_int(pager.get("last_page")),
    )


def _search_results(body: Any) -> Mapping[str, Any]:
    """Flatten ``{"query", "results": {"artists": [...], ...}}`` into one mapping."""
    body = _mapping(body)
    results = body.get("results")
    flat: dict[str, Any] = {k: v for k, v in body.items() if k not in {"status", "results"}}
    if isinstance(results, Mapping):
        for key, value in results.items():
            # The OpenAPI file draws each type as one object; the API sends lists.
            flat[key] = [value] if isinstance(value, Mapping) else value
    return flat


def _login(body: Any) -> Mapping[str, Any]:
    """Move the token out of the user object into the result (``user.access_token``)."""
    body = _mapping(body)
    user = dict(_mapping(body.get("user")))
    token = user.pop("access_token", None) or body.get("access_token") or body.get("token")
    if not isinstance(token, str) or not token:
        raise ValueError("the login answer carries no access_token")
    return {"user": user, "access_token": token}


def _figures(body: Any) -> Mapping[str, Any]:
    """An undocumented report, kept whole (minus the envelope's ``status``)."""
    return {"figures": _unwrap(body, ())}


def _pinned(body: Any) -> Mapping[str, Any]:
    body = _mapping(body)
    track = body.get("track", body.get("pinned_track", body.get("data")))
    return {"track": track if isinstance(track, Mapping) else None}


def _invitation(body: Any) -> Mapping[str, Any]:
    """The ``invitation`` object plus the envelope's ``message``.

    The OpenAPI file shows only ``{"status", "message"}``; an empty answer (204) reads as ``{}``.
    """
    if body is None:
        return {}
    invitation = dict(_unwrap(body, ("invitation",)))
    message = _mapping(body).get("message")
    if message is not None:
        invitation.setdefault("message", message)
    return invitation


def _batch(body: Any, key: str) -> Mapping[str, Any]:
    """``{key: {...}}`` as is, or a flat ``{track_id: value}`` body gathered under ``key``."""
    body = _mapping(body)
    if isinstance(body.get(key), Mapping):
        return {key: body[key], **{k: v for k, v in body.items() if k not in {key, "status"}}}
    data = body.get("data")
    if isinstance(data, Mapping):
        return {key: data}
    return {key: {k: v for k, v in body.items() if k != "status"}}


# --- argument checks ----------------------------------------------------------------------


def _id(name: str, value: Any) -> int:
    return check_int(name, value, minimum=1)


def _ids(name: str, values: Any) -> list[int]:
    """One id or a non-empty sequence of ids."""
    if isinstance(values, int) and not isinstance(values, bool):
        return [_id(name, values)]
    if isinstance(values, str | bytes) or not isinstance(values, Iterable):
        raise TypeError(f"{name} must be an int or a sequence of ints")
    result = [_id(name, v) for v in values]
    if not result:
        raise ValueError(f"{name} must not be empty")
    return result


def _joined(name: str, values: Any) -> str:
    return ",".join(str(v) for v in _ids(name, values))


def _opt_int(name: str, value: Any, minimum: int = 1) -> int | None:
    return None if value is None else check_int(name, value, minimum=minimum)


def _opt_text(name: str, value: Any) -> str | None:
    return None if value is None else check_text(name, value)


def _opt_bool(name: str, value: Any) -> bool | None:
    if value is not None and not isinstance(value, bool):
        raise TypeError(f"{name} must be a bool, got {type(value).__name__}")
    return value


def _money(name: str, value: Any) -> int | float | str | None:
    """An amount as a JSON number (``Decimal`` recommended; ``float`` refused: money is exact)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, Decimal | int | str):
        raise TypeError(f"{name} must be a Decimal, int or numeric str")
    try:
        amount = Decimal(value)
    except ArithmeticError:
        raise ValueError(f"{name} is not a number: {value!r}") from None
    if not amount.is_finite() or amount < 0:
        raise ValueError(f"{name} must be a finite, non-negative amount")
    return unstructure_decimal(amount)


def _date(name: str, value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            raise ValueError(f"{name} must be a date or a YYYY-MM-DD string") from None
    raise TypeError(f"{name} must be a date or a YYYY-MM-DD string")


def _fields(fields: Mapping[str, Any] | None, **values: Any) -> dict[str, Any]:
    """A JSON body: extra API fields, then the named ones that are not ``None``."""
    body: dict[str, Any] = {}
    for key, value in (fields or {}).items():
        if not isinstance(key, str):
            raise TypeError("field names must be strings")
        body[key] = value
    body.update({k: v for k, v in values.items() if v is not None})
    return body


def _include(resource: str, include: Any) -> str | None:
    if include is None:
        return None
    if isinstance(include, str):
        include = [include]
    allowed = INCLUDES[resource]
    return ",".join(check_choice("include", item, allowed) for item in include) or None


# --- uploads ------------------------------------------------------------------------------


def check_upload_path(path: Any) -> Path:
    """Check an audio file before anything is sent.

    Args:
        path: The file to upload.

    Returns:
        The path.

    Raises:
        TypeError: ``path`` is not a ``str`` or ``os.PathLike``.
        FileNotFoundError: Nothing exists at ``path``.
        IsADirectoryError: ``path`` is a directory.
        ValueError: The file is empty or not a regular file.
    """
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"path must be a str or os.PathLike, got {type(path).__name__}")
    source = Path(path)
    try:
        info = source.stat()
    except FileNotFoundError:
        raise FileNotFoundError(f"no audio file at {str(source)!r}") from None
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(f"{str(source)!r} is a directory, not an audio file")
    if not stat.S_ISREG(info.st_mode):
        raise ValueError(f"{str(source)!r} is not a regular file")
    if info.st_size == 0:
        raise ValueError(f"{str(source)!r} is empty")
    return source


def open_upload(path: Path) -> BinaryIO:
    """Open a checked audio file for sending (a plain function, so async code can call it)."""
    return path.open("rb")


class UploadReader:
    """A binary file wrapper that reports how much of it httpx has read for sending.

    httpx rewinds a multipart file (``seek(0)``) before each send, so a replayed
    upload (after a 429) restarts its count from zero.

    Args:
        file: The open binary file.
        total: Its size in bytes.
        progress: Called with an :class:`~beatkit.beatpass.models.UploadProgress` per chunk.
    """

    def __init__(
        self,
        file: IO[bytes],
        total: int,
        progress: Callable[[UploadProgress], object] | None,
    ) -> None:
        self._file = file
        self._total = total
        self._progress = progress
        self.sent = 0
        """Bytes read so far."""

    @property
    def name(self) -> str:
        """The file's name (httpx reads it for the part's filename)."""
        return str(getattr(self._file, "name", "upload"))

    def fileno(self) -> int:
        """The file descriptor (httpx reads the size from it for Content-Length)."""
        return self._file.fileno()

    def tell(self) -> int:
        """The read position."""
        return self._file.tell()

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        """Move the read position; back to 0 restarts the count."""
        position = self._file.seek(offset, whence)
        if position == 0:
            self.sent = 0
        return position

    def read(self, size: int = -1) -> bytes:
        """Read a chunk and report it."""
        chunk = self._file.read(size)
        if chunk:
            self.sent += len(chunk)
            if self._progress is not None:
                self._progress(UploadProgress(UploadStep.UPLOAD, self.sent, self._total))
        return chunk


# --- the builders -------------------------------------------------------------------------


class BeatPassOperations:
    """Builds :class:`~beatkit._core.operation.Operation` values for each endpoint.

    Arguments are checked here, before anything is sent: a wrong type raises
    ``TypeError``, an out-of-range value ``ValueError``.

    Args:
        converter: The converter that turns JSON into models.
    """

    def __init__(self, converter: cattrs.Converter) -> None:
        self._conv = converter

    # -- shared pieces ---------------------------------------------------------------------

    def _op(
        self,
        method: str,
        name: str,
        decode: Callable[[Any], T],
        *,
        path: Mapping[str, str | int] | None = None,
        params: Mapping[str, QueryValue] | None = None,
        json: Any = None,
        files: Any = None,
        expect_body: bool = True,
    ) -> Operation[T]:
        return Operation(
            name=name,
            method=method,
            path=PATHS[name],
            path_params=path or {},
            params=params or {},
            json=json,
            files=files,
            decode=decode,
            expect_body=expect_body,
            # The rule: a write that may have reached the server is never sent
            # again, even PUT and DELETE (RFC-idempotent, but not so for counters and
            # notifications behind them). 429 and unsent requests are still retried.
            replayable=None if method == "GET" else False,
        )

    def _one(self, cls: type[T], *keys: str) -> Callable[[Any], T]:
        structure = self._conv.structure
        return lambda body: structure(_unwrap(body, keys), cls)

    def _many(self, cls: type[T], *keys: str) -> Callable[[Any], list[T]]:
        structure = self._conv.structure
        return lambda body: structure(_items(body, keys), list[cls])  # type: ignore[valid-type]

    def _flat(self, cls: type[T], read: Callable[[Any], Any]) -> Callable[[Any], T]:
        structure = self._conv.structure
        return lambda body: structure(read(body), cls)

    def _action(self, cls: type[T], *keys: str) -> Callable[[Any], T]:
        """Decode a small answer that may also come back empty (a 204)."""
        structure = self._conv.structure
        return lambda body: structure({} if body is None else _unwrap(body, keys), cls)

    def _paged(
        self,
        name: str,
        cls: type[T],
        keys: Sequence[str],
        *,
        path: Mapping[str, str | int] | None = None,
        params: Mapping[str, QueryValue] | None = None,
        page: int | None = None,
        per_page: int | None = None,
        per_page_param: str = "per_page",
    ) -> Operation[T]:
        structure = self._conv.structure
        op: Operation[T] = Operation(
            name=name,
            method="GET",
            path=PATHS[name],
            path_params=path or {},
            params={
                **(params or {}),
                "page": _opt_int("page", page),
                per_page_param: _opt_int("per_page", per_page),
            },
            decode=lambda item: structure(item, cls),
            paging=PageNumberPaging(extract=lambda body: laravel_page(body, keys)),
        )
        return op

    def _get(self, op: str, decode: Callable[[Any], T], /, **path: str | int) -> Operation[T]:
        return self._op("GET", op, decode, path=path)

    def _delete(self, name: str, key: str, ids: Any) -> Operation[None]:
        return self._op(
            "DELETE", name, lambda _: None, path={key: _joined(key, ids)}, expect_body=False
        )

    # -- tracks ----------------------------------------------------------------------------

    def list_tracks(
        self, *, query: str | None, page: int | None, per_page: int | None
    ) -> Operation[Track]:
        """``GET /tracks``: paged under ``tracks``."""
        params = {"query": _opt_text("query", query)}
        return self._paged(
            "tracks.list", Track, ("tracks",), params=params, page=page, per_page=per_page
        )

    def get_track(self, track_id: int, *, include: Any) -> Operation[Track]:
        """``GET /tracks/{track}``."""
        return self._op(
            "GET",
            "tracks.get",
            self._one(Track, "track"),
            path={"track": _id("track_id", track_id)},
            params={"with": _include("tracks", include)},
        )

    def create_track(
        self,
        name: str,
        *,
        file_entry_id: int | None,
        description: str | None,
        duration: int | None,
        genre: str | None,
        artists: Sequence[int] | None,
        fields: Mapping[str, Any] | None,
    ) -> Operation[Track]:
        """``POST /tracks``."""
        body = _fields(
            fields,
            name=check_text("name", name),
            file_entry_id=_opt_int("file_entry_id", file_entry_id),
            description=_opt_text("description", description),
            duration=_opt_int("duration", duration, minimum=0),
            genre=_opt_text("genre", genre),
            artists=None if artists is None else _ids("artists", artists),
        )
        return self._op("POST", "tracks.create", self._one(Track, "track"), json=body)

    def create_uploaded_track(
        self,
        entry: FileEntry,
        metadata: TrackMetadata,
        *,
        default_name: str,
        fields: Mapping[str, Any],
    ) -> Operation[Track]:
        """``POST /tracks`` for an uploaded file: what was read from it, then ``fields``.

        The track takes the file entry (``file_entry_id`` and its URL as ``src``), the
        extracted title (else ``default_name``), duration, genre, BPM and key; anything
        in ``fields`` wins over them.
        """
        extracted = _fields(
            None,
            file_entry_id=entry.id,
            src=entry.url,
            name=metadata.title or default_name,
            duration=metadata.duration,
            genre=metadata.genre,
            bpm=metadata.bpm,
            key=metadata.key,
            release_date=None if metadata.release_date is None else str(metadata.release_date),
        )
        body = {**extracted, **fields}
        check_text("name", body.get("name"))
        return self._op("POST", "tracks.create", self._one(Track, "track"), json=body)

    def update_track(
        self,
        track_id: int,
        *,
        name: str | None,
        description: str | None,
        duration: int | None,
        genre: str | None,
        artists: Sequence[int] | None,
        fields: Mapping[str, Any] | None,
    ) -> Operation[Track]:
        """``PUT /tracks/{track}``."""
        body = _fields(
            fields,
            name=_opt_text("name", name),
            description=_opt_text("description", description),
            duration=_opt_int("duration", duration, minimum=0),
            genre=_opt_text("genre", genre),
            artists=None if artists is None else _ids("artists", artists),
        )
        if not body:
            raise ValueError("update_track: give at least one field to change")
        return self._op(
            "PUT",
            "tracks.update",
            self._one(Track, "track"),
            path={"track": _id("track_id", track_id)},
            json=body,
        )

    def delete_tracks(self, track_ids: int | Sequence[int]) -> Operation[None]:
        """``DELETE /tracks/{ids}`` (comma-separated)."""
        return self._delete("tracks.delete", "ids", track_ids)

    def download_track(self, track_id: int) -> Operation[None]:
        """``GET /tracks/{track}/download``: binary audio, for ``_save``."""
        return self._op(
            "GET",
            "tracks.download",
            lambda _: None,
            path={"track": _id("track_id", track_id)},
            expect_body=False,
        )

    def track_wave(self, track_id: int) -> Operation[Waveform]:
        """``GET /tracks/{track}/wave``."""
        return self._get(
            "tracks.wave", self._one(Waveform, "wave"), track=_id("track_id", track_id)
        )

    def wave_batch(self, track_ids: Sequence[int]) -> Operation[WaveformBatch]:
        """``POST /tracks/wave-batch``."""
        return self._op(
            "POST",
            "tracks.wave_batch",
            self._flat(WaveformBatch, lambda body: _batch(body, "waves")),
            json={"track_ids": _ids("track_ids", track_ids)},
        )

    def extract_metadata(self, file_entry_id: int) -> Operation[TrackMetadata]:
        """``POST /tracks/{fileEntry}/extract-metadata``."""
        return self._op(
            "POST",
            "tracks.extract_metadata",
            self._one(TrackMetadata, "metadata"),
            path={"fileEntry": _id("file_entry_id", file_entry_id)},
        )

    def log_play(self, track_id: int) -> Operation[PlayLog]:
        """``POST /tracks/{track}/plays``."""
        return self._op(
            "POST",
            "tracks.log_play",
            self._action(PlayLog),
            path={"track": _id("track_id", track_id)},
            expect_body=False,
        )

    def update_play_duration(self, track_id: int, *, duration: int) -> Operation[PlayLog]:
        """``POST /tracks/plays/{track}/update-duration``."""
        return self._op(
            "POST",
            "tracks.update_play_duration",
            self._action(PlayLog),
            path={"track": _id("track_id", track_id)},
            json={"duration": check_int("duration", duration, minimum=0)},
            expect_body=False,
        )

    def track_engagement(self, track_id: int) -> Operation[Analytics]:
        """``GET /tracks/{track}/engagement-metrics``."""
        return self._get(
            "tracks.engagement_metrics",
            self._flat(Analytics, _figures),
            track=_id("track_id", track_id),
        )

    def track_analytics(self, track_id: int) -> Operation[Analytics]:
        """``GET /tracks/{track}/producer-analytics``."""
        return self._get(
            "tracks.producer_analytics",
            self._flat(Analytics, _figures),
            track=_id("track_id", track_id),
        )

    def upload_file(self, reader: UploadReader, *, filename: str) -> Operation[FileEntry]:
        """``POST /uploads`` (inferred), multipart field ``file``."""
        return self._op(
            "POST",
            "uploads.create",
            self._one(FileEntry, "fileEntry", "file_entry", "file"),
            files={"file": (filename, reader)},
        )

    # -- albums ----------------------------------------------------------------------------

    def list_albums(self, *, page: int | None, per_page: int | None) -> Operation[Album]:
        """``GET /albums``: paged under ``albums``."""
        return self._paged("albums.list", Album, ("albums",), page=page, per_page=per_page)

    def get_album(self, album_id: int, *, include: Any) -> Operation[Album]:
        """``GET /albums/{album}``."""
        return self._op(
            "GET",
            "albums.get",
            self._one(Album, "album"),
            path={"album": _id("album_id", album_id)},
            params={"with": _include("albums", include)},
        )

    def _album_body(
        self,
        fields: Mapping[str, Any] | None,
        *,
        name: str | None,
        description: str | None,
        release_date: date | str | None,
        artist_id: int | None,
    ) -> dict[str, Any]:
        return _fields(
            fields,
            name=_opt_text("name", name),
            description=_opt_text("description", description),
            release_date=_date("release_date", release_date),
            artist_id=_opt_int("artist_id", artist_id),
        )

    def create_album(
        self,
        name: str,
        *,
        description: str | None,
        release_date: date | str | None,
        artist_id: int | None,
        fields: Mapping[str, Any] | None,
    ) -> Operation[Album]:
        """``POST /albums``."""
        body = self._album_body(
            fields,
            name=check_text("name", name),
            description=description,
            release_date=release_date,
            artist_id=artist_id,
        )
        return self._op("POST", "albums.create", self._one(Album, "album"), json=body)

    def update_album(
        self,
        album_id: int,
        *,
        name: str | None,
        description: str | None,
        release_date: date | str | None,
        artist_id: int | None,
        fields: Mapping[str, Any] | None,
    ) -> Operation[Album]:
        """``PUT /albums/{album}``."""
        body = self._album_body(
            fields,
            name=name,
            description=description,
            release_date=release_date,
            artist_id=artist_id,
        )
        if not body:
            raise ValueError("update_album: give at least one field to change")
        return self._op(
            "PUT",
            "albums.update",
            self._one(Album, "album"),
            path={"album": _id("album_id", album_id)},
            json=body,
        )

    def delete_albums(self, album_ids: int | Sequence[int]) -> Operation[None]:
        """``DELETE /albums/{ids}`` (comma-separated)."""
        return self._delete("albums.delete", "ids", album_ids)

    def album_analytics(self, album_id: int) -> Operation[Analytics]:
        """``GET /albums/{album}/producer-analytics``."""
        return self._get(
            "albums.producer_analytics",
            self._flat(Analytics, _figures),
            album=_id("album_id", album_id),
        )

    # -- artists ---------------------------------------------------------------------------

    def list_artists(self, *, page: int | None, per_page: int | None) -> Operation[Artist]:
        """``GET /artists``: paged under ``artists``."""
        return self._paged("artists.list", Artist, ("artists",), page=page, per_page=per_page)

    def get_artist(self, artist_id: int, *, include: Any) -> Operation[Artist]:
        """``GET /artists/{artist}``."""
        return self._op(
            "GET",
            "artists.get",
            self._one(Artist, "artist"),
            path={"artist": _id("artist_id", artist_id)},
            params={"with": _include("artists", include)},
        )

    def artist_tracks(
        self, artist_id: int, *, page: int | None, per_page: int | None
    ) -> Operation[Track]:
        """``GET /artists/{artist}/tracks``: paged (``perPage``)."""
        return self._paged(
            "artists.tracks",
            Track,
            ("tracks", "pagination"),
            path={"artist": _id("artist_id", artist_id)},
            page=page,
            per_page=per_page,
            per_page_param="perPage",
        )

    def artist_albums(
        self, artist_id: int, *, page: int | None, per_page: int | None
    ) -> Operation[Album]:
        """``GET /artists/{artist}/albums``: paged (``perPage``)."""
        return self._paged(
            "artists.albums",
            Album,
            ("albums", "pagination"),
            path={"artist": _id("artist_id", artist_id)},
            page=page,
            per_page=per_page,
            per_page_param="perPage",
        )

    def artist_analytics(self, artist_id: int) -> Operation[Analytics]:
        """``GET /artists/{artist}/producer-analytics``."""
        return self._get(
            "artists.producer_analytics",
            self._flat(Analytics, _figures),
            artist=_id("artist_id", artist_id),
        )

    def artist_downloads(self, artist_id: int) -> Operation[Analytics]:
        """``GET /artists/{artist}/downloads-analytics``."""
        return self._get(
            "artists.downloads_analytics",
            self._flat(Analytics, _figures),
            artist=_id("artist_id", artist_id),
        )

    def artist_achievements(self, artist_id: int) -> Operation[ProducerAchievements]:
        """``GET /artists/{artist}/producer-achievements``."""
        return self._get(
            "artists.achievements",
            self._one(ProducerAchievements),
            artist=_id("artist_id", artist_id),
        )

    def check_ownership(self, artist_id: int) -> Operation[OwnershipCheck]:
        """``GET /artists/{artist}/check-ownership``."""
        return self._get(
            "artists.check_ownership",
            self._one(OwnershipCheck),
            artist=_id("artist_id", artist_id),
        )

    def pin_track(self, artist_id: int, track_id: int) -> Operation[PinnedTrack]:
        """``POST /artists/{artistId}/tracks/{trackId}/pin``."""
        path = {"artistId": _id("artist_id", artist_id), "trackId": _id("track_id", track_id)}
        return self._op("POST", "artists.pin_track", self._flat(PinnedTrack, _pinned), path=path)

    def unpin_track(self, artist_id: int, track_id: int) -> Operation[ActionResult]:
        """``POST /artists/{artistId}/tracks/{trackId}/unpin``."""
        path = {"artistId": _id("artist_id", artist_id), "trackId": _id("track_id", track_id)}
        return self._op(
            "POST", "artists.unpin_track", self._action(ActionResult), path=path, expect_body=False
        )

    def pinned_track(self, artist_id: int) -> Operation[PinnedTrack]:
        """``GET /artists/{artistId}/pinned-track``."""
        return self._get(
            "artists.pinned_track",
            self._flat(PinnedTrack, _pinned),
            artistId=_id("artist_id", artist_id),
        )

    # -- backstage -------------------------------------------------------------------------

    def submission_status(self) -> Operation[SubmissionStatus]:
        """``GET /backstage-request/submission-status``."""
        return self._get("backstage.submission_status", self._one(SubmissionStatus))

    def create_backstage_request(
        self,
        request_type: BackstageRequestType | str,
        *,
        artist_name: str,
        data: Mapping[str, Any],
        artist_id: int | str | None,
    ) -> Operation[BackstageRequest]:
        """``POST /backstage-request``."""
        if not isinstance(data, Mapping):
            raise TypeError(f"data must be a mapping, got {type(data).__name__}")
        if artist_id is not None and not (isinstance(artist_id, str) and artist_id.strip()):
            artist_id = _id("artist_id", artist_id)
        body = _fields(
            None,
            type=check_choice("type", request_type, [t.value for t in BackstageRequestType]),
            artist_name=check_text("artist_name", artist_name),
            artist_id=artist_id,
            data=dict(data),
        )
        return self._op(
            "POST",
            "backstage.create",
            self._one(BackstageRequest, "request", "backstageRequest", "backstage_request"),
            json=body,
        )

    def revoke_backstage_request(
        self, request_id: int, *, notes: str | None
    ) -> Operation[BackstageRequest]:
        """``POST /backstage-request/{backstageRequest}/revoke``."""
        return self._op(
            "POST",
            "backstage.revoke",
            self._one(BackstageRequest, "request", "backstageRequest", "backstage_request"),
            path={"backstageRequest": _id("request_id", request_id)},
            json=_fields(None, notes=_opt_text("notes", notes)),
        )

    # -- credits ---------------------------------------------------------------------------

    def list_credits(self, artist_id: int) -> Operation[list[Credit]]:
        """``GET /artists/{artist}/credits``."""
        return self._get(
            "credits.list", self._many(Credit, "credits"), artist=_id("artist_id", artist_id)
        )

    def create_credit(
        self,
        artist_id: int,
        *,
        role: str,
        title: str | None,
        fields: Mapping[str, Any] | None,
        album_name: str | None = None,
    ) -> Operation[Credit]:
        """``POST /artists/{artist}/credits`` (a ``title``), or ``.../credits/album``.

        An album credit is one with an ``album_name`` (and no ``title``).
        """
        album = album_name is not None
        body = _fields(
            fields,
            role=check_text("role", role),
            title=_opt_text("title", title) if album else check_text("title", title),
            album_name=_opt_text("album_name", album_name),
        )
        return self._op(
            "POST",
            "credits.create_album" if album else "credits.create",
            self._one(Credit, "credit"),
            path={"artist": _id("artist_id", artist_id)},
            json=body,
        )

    def update_credit(
        self,
        artist_id: int,
        credit_id: int,
        *,
        role: str | None,
        title: str | None,
        fields: Mapping[str, Any] | None,
    ) -> Operation[Credit]:
        """``PUT /artists/{artist}/credits/{credit}``."""
        body = _fields(fields, role=_opt_text("role", role), title=_opt_text("title", title))
        if not body:
            raise ValueError("update_credit: give at least one field to change")
        return self._op(
            "PUT",
            "credits.update",
            self._one(Credit, "credit"),
            path={"artist": _id("artist_id", artist_id), "credit": _id("credit_id", credit_id)},
            json=body,
        )

    def delete_credit(self, artist_id: int, credit_id: int) -> Operation[None]:
        """``DELETE /artists/{artist}/credits/{credit}``."""
        return self._op(
            "DELETE",
            "credits.delete",
            lambda _: None,
            path={"artist": _id("artist_id", artist_id), "credit": _id("credit_id", credit_id)},
            expect_body=False,
        )

    def reorder_credits(self, artist_id: int, credit_ids: Sequence[int]) -> Operation[list[Credit]]:
        """``POST /artists/{artist}/credits/reorder``."""
        return self._op(
            "POST",
            "credits.reorder",
            self._many(Credit, "credits"),
            path={"artist": _id("artist_id", artist_id)},
            json={"ids": _ids("credit_ids", credit_ids)},
        )

    def spotify_search(self, query: str, *, kind: str | None) -> Operation[SpotifySearchResults]:
        """``GET /credits/spotify-search``."""
        return self._op(
            "GET",
            "credits.spotify_search",
            self._flat(SpotifySearchResults, lambda body: _unwrap(body, ())),
            params={
                "query": check_text("query", query),
                "type": None if kind is None else check_choice("type", kind, ("track", "album")),
            },
        )

    def spotify_album(self, album_id: str) -> Operation[SpotifyAlbum]:
        """``GET /credits/spotify-album``."""
        return self._op(
            "GET",
            "credits.spotify_album",
            self._one(SpotifyAlbum, "album"),
            params={"id": check_text("album_id", album_id)},
        )

    def credit_roles(self) -> Operation[list[CreditRole]]:
        """``GET /credits/roles``."""
        structure = self._conv.structure

        def decode(body: Any) -> list[CreditRole]:
            roles = _items(body, ("roles",))
            # A plain list of names is as likely as a list of objects.
            return structure(
                [{"name": r} if isinstance(r, str) else r for r in roles], list[CreditRole]
            )

        return self._get("credits.roles", decode)

    # -- playlists -------------------------------------------------------------------------

    def list_playlists(self, *, page: int | None, per_page: int | None) -> Operation[Playlist]:
        """``GET /playlists``: paged under ``playlists``."""
        return self._paged("playlists.list", Playlist, ("playlists",), page=page, per_page=per_page)

    def get_playlist(self, playlist_id: int) -> Operation[Playlist]:
        """``GET /playlists/{id}``."""
        return self._get(
            "playlists.get", self._one(Playlist, "playlist"), id=_id("playlist_id", playlist_id)
        )

    def _playlist_body(
        self,
        *,
        name: str | None,
        description: str | None,
        image: str | None,
        public: bool | None,
        collaborative: bool | None,
    ) -> dict[str, Any]:
        if description is not None:
            check_text("description", description)
            low, high = PLAYLIST_DESCRIPTION_LENGTH
            if not low <= len(description) <= high:
                raise ValueError(
                    f"description must be {low} to {high} characters, got {len(description)}"
                )
        return _fields(
            None,
            name=_opt_text("name", name),
            description=description,
            image=_opt_text("image", image),
            public=_opt_bool("public", public),
            collaborative=_opt_bool("collaborative", collaborative),
        )

    def create_playlist(
        self,
        name: str,
        *,
        description: str | None,
        image: str | None,
        public: bool | None,
        collaborative: bool | None,
    ) -> Operation[Playlist]:
        """``POST /playlists``."""
        body = self._playlist_body(
            name=check_text("name", name),
            description=description,
            image=image,
            public=public,
            collaborative=collaborative,
        )
        return self._op("POST", "playlists.create", self._one(Playlist, "playlist"), json=body)

    def update_playlist(
        self,
        playlist_id: int,
        *,
        name: str | None,
        description: str | None,
        image: str | None,
        public: bool | None,
        collaborative: bool | None,
    ) -> Operation[Playlist]:
        """``PUT /playlists/{playlist}``."""
        body = self._playlist_body(
            name=name,
            description=description,
            image=image,
            public=public,
            collaborative=collaborative,
        )
        if not body:
            raise ValueError("update_playlist: give at least one field to change")
        return self._op(
            "PUT",
            "playlists.update",
            self._one(Playlist, "playlist"),
            path={"playlist": _id("playlist_id", playlist_id)},
            json=body,
        )

    def delete_playlists(self, playlist_ids: int | Sequence[int]) -> Operation[None]:
        """``DELETE /playlists/{ids}`` (comma-separated)."""
        return self._delete("playlists.delete", "ids", playlist_ids)

    def _playlist_action(
        self, name: str, playlist_id: int, key: str = "playlist", json: Any = None
    ) -> Operation[ActionResult]:
        return self._op(
            "POST",
            name,
            self._action(ActionResult),
            path={key: _id("playlist_id", playlist_id)},
            json=json,
            expect_body=False,
        )

    def follow_playlist(self, playlist_id: int) -> Operation[ActionResult]:
        """``POST /playlists/{id}/follow``."""
        return self._playlist_action("playlists.follow", playlist_id, "id")

    def unfollow_playlist(self, playlist_id: int) -> Operation[ActionResult]:
        """``POST /playlists/{id}/unfollow``."""
        return self._playlist_action("playlists.unfollow", playlist_id, "id")

    def playlist_tracks(
        self, playlist_id: int, *, page: int | None, per_page: int | None
    ) -> Operation[Track]:
        """``GET /playlists/{id}/tracks``: paged (``perPage``)."""
        return self._paged(
            "playlists.tracks",
            Track,
            ("tracks", "pagination"),
            path={"id": _id("playlist_id", playlist_id)},
            page=page,
            per_page=per_page,
            per_page_param="perPage",
        )

    def _playlist_tracks_change(
        self, name: str, playlist_id: int, track_ids: Sequence[int]
    ) -> Operation[Playlist]:
        return self._op(
            "POST",
            name,
            self._one(Playlist, "playlist"),
            path={"playlist": _id("playlist_id", playlist_id)},
            json={"ids": _ids("track_ids", track_ids)},
        )

    def add_playlist_tracks(
        self, playlist_id: int, track_ids: Sequence[int]
    ) -> Operation[Playlist]:
        """``POST /playlists/{playlist}/tracks/add``."""
        return self._playlist_tracks_change("playlists.add_tracks", playlist_id, track_ids)

    def remove_playlist_tracks(
        self, playlist_id: int, track_ids: Sequence[int]
    ) -> Operation[Playlist]:
        """``POST /playlists/{playlist}/tracks/remove``."""
        return self._playlist_tracks_change("playlists.remove_tracks", playlist_id, track_ids)

    def reorder_playlist_tracks(
        self, playlist_id: int, track_ids: Sequence[int]
    ) -> Operation[Playlist]:
        """``POST /playlists/{playlist}/tracks/order``: the listed tracks first, in that order."""
        return self._playlist_tracks_change("playlists.reorder_tracks", playlist_id, track_ids)

    def invite_editor(self, playlist_id: int, user_id: int) -> Operation[PlaylistInvitation]:
        """``POST /playlists/{playlist}/invite``."""
        return self._op(
            "POST",
            "playlists.invite",
            self._flat(PlaylistInvitation, _invitation),
            path={"playlist": _id("playlist_id", playlist_id)},
            json={"user_id": _id("user_id", user_id)},
            expect_body=False,
        )

    def accept_invite(self, playlist_id: int) -> Operation[Playlist]:
        """``POST /playlists/{playlist}/accept-invite``."""
        return self._op(
            "POST",
            "playlists.accept_invite",
            self._one(Playlist, "playlist"),
            path={"playlist": _id("playlist_id", playlist_id)},
        )

    def decline_invite(self, playlist_id: int) -> Operation[ActionResult]:
        """``POST /playlists/{playlist}/decline-invite``."""
        return self._playlist_action("playlists.decline_invite", playlist_id)

    def remove_editor(self, playlist_id: int, user_id: int) -> Operation[ActionResult]:
        """``POST /playlists/{playlist}/remove-editor``."""
        return self._playlist_action(
            "playlists.remove_editor", playlist_id, json={"user_id": _id("user_id", user_id)}
        )

    # -- lyrics ----------------------------------------------------------------------------

    def list_lyrics(self, *, page: int | None, per_page: int | None) -> Operation[Lyric]:
        """``GET /lyrics``: paged under ``lyrics``."""
        return self._paged(
            "lyrics.list", Lyric, ("lyrics", "pagination"), page=page, per_page=per_page
        )

    def track_lyrics(self, track_id: int) -> Operation[Lyric]:
        """``GET /tracks/{id}/lyrics``."""
        return self._get(
            "lyrics.for_track", self._one(Lyric, "lyric"), id=_id("track_id", track_id)
        )

    def create_lyrics(
        self, track_id: int, text: str, *, fields: Mapping[str, Any] | None
    ) -> Operation[Lyric]:
        """``POST /lyrics``."""
        body = _fields(fields, track_id=_id("track_id", track_id), text=check_text("text", text))
        return self._op("POST", "lyrics.create", self._one(Lyric, "lyric"), json=body)

    def update_lyrics(
        self, lyric_id: int, *, text: str | None, fields: Mapping[str, Any] | None
    ) -> Operation[Lyric]:
        """``PUT /lyrics/{id}``."""
        body = _fields(fields, text=_opt_text("text", text))
        if not body:
            raise ValueError("update_lyrics: give at least one field to change")
        return self._op(
            "PUT",
            "lyrics.update",
            self._one(Lyric, "lyric"),
            path={"id": _id("lyric_id", lyric_id)},
            json=body,
        )

    def delete_lyrics(self, lyric_ids: int | Sequence[int]) -> Operation[None]:
        """``DELETE /lyrics/{ids}`` (comma-separated)."""
        return self._delete("lyrics.delete", "ids", lyric_ids)

    # -- fingerprints and Audio Recon ------------------------------------------------------

    def generate_fingerprint(self, track_id: int) -> Operation[FingerprintJob]:
        """``POST /tracks/{track}/fingerprint``."""
        return self._op(
            "POST",
            "fingerprints.generate",
            self._action(FingerprintJob),
            path={"track": _id("track_id", track_id)},
            expect_body=False,
        )

    def fingerprint_status(self, track_id: int) -> Operation[FingerprintStatus]:
        """``GET /tracks/{track}/fingerprint/status``."""
        return self._get(
            "fingerprints.status",
            self._one(FingerprintStatus, "fingerprint"),
            track=_id("track_id", track_id),
        )

    def check_duplicates(
        self, track_ids: Sequence[int] | None, *, file_entry_id: int | None
    ) -> Operation[DuplicateCheck]:
        """``POST /tracks/check-duplicates``: tracks, or an uploaded file, against the catalog."""
        if (track_ids is None) == (file_entry_id is None):
            raise ValueError("check_duplicates: give track_ids or file_entry_id (one of them)")
        body = (
            {"file_entry_id": _id("file_entry_id", file_entry_id)}
            if track_ids is None
            else {"track_ids": _ids("track_ids", track_ids)}
        )
        return self._op(
            "POST", "fingerprints.check_duplicates", self._one(DuplicateCheck), json=body
        )

    def retry_fingerprint(self, fingerprint_id: int) -> Operation[FingerprintJob]:
        """``POST /fingerprints/{fingerprint}/retry``."""
        return self._op(
            "POST",
            "fingerprints.retry",
            self._action(FingerprintJob),
            path={"fingerprint": _id("fingerprint_id", fingerprint_id)},
            expect_body=False,
        )

    def placements(self, track_id: int) -> Operation[AudioReconResult]:
        """``GET /tracks/{track}/placements``."""
        return self._get(
            "recon.placements", self._one(AudioReconResult), track=_id("track_id", track_id)
        )

    # -- cover art -------------------------------------------------------------------------

    def cover_art_templates(self) -> Operation[list[CoverArtTemplate]]:
        """``GET /cover-art/templates``."""
        return self._get("cover_art.templates", self._many(CoverArtTemplate, "templates"))

    def cover_art_template(self, template_id: int) -> Operation[CoverArtTemplate]:
        """``GET /cover-art/templates/{template}``."""
        return self._get(
            "cover_art.template",
            self._one(CoverArtTemplate, "template"),
            template=_id("template_id", template_id),
        )

    def cover_art_preview(
        self,
        template_id: int,
        *,
        title: str | None,
        artist: str | None,
        fields: Mapping[str, Any] | None,
    ) -> Operation[CoverArtPreview]:
        """``POST /cover-art/preview``."""
        body = _fields(
            fields,
            template_id=_id("template_id", template_id),
            title=_opt_text("title", title),
            artist=_opt_text("artist", artist),
        )
        return self._op("POST", "cover_art.preview", self._one(CoverArtPreview), json=body)

    def matching_templates(
        self, *, genre: str | None, mood: str | None, criteria: Mapping[str, QueryValue] | None
    ) -> Operation[list[CoverArtTemplate]]:
        """``GET /cover-art/matching-templates``."""
        params: dict[str, QueryValue] = dict(criteria or {})
        params.update(genre=_opt_text("genre", genre), mood=_opt_text("mood", mood))
        return self._op(
            "GET",
            "cover_art.matching_templates",
            self._many(CoverArtTemplate, "templates"),
            params=params,
        )

    # -- auth ------------------------------------------------------------------------------

    def login(self, email: str, password: str, *, token_name: str) -> Operation[LoginResult]:
        """``POST /auth/login``: ``{email, password, token_name}``."""
        return self._op(
            "POST",
            "auth.login",
            self._flat(LoginResult, _login),
            json={
                "email": check_text("email", email),
                "password": check_text("password", password),
                "token_name": check_text("token_name", token_name),
            },
        )

    # -- search and discovery --------------------------------------------------------------

    def search(self, query: str, *, types: Any, limit: int | None) -> Operation[SearchResults]:
        """``GET /search``."""
        if isinstance(types, str):
            types = types.split(",")
        kinds = (
            None
            if types is None
            else ",".join(check_choice("types", t, [s.value for s in SearchType]) for t in types)
        )
        return self._op(
            "GET",
            "search",
            self._flat(SearchResults, _search_results),
            params={
                "query": check_text("query", query),
                "types": kinds or None,
                "limit": _opt_int("limit", limit),
            },
        )

    def suggestions(self, kind: str, query: str | None) -> Operation[list[Suggestion]]:
        """``GET /search/suggestions/{artist|album}``."""
        return self._op(
            "GET",
            f"search.{kind}_suggestions",
            self._many(Suggestion, "results", "suggestions", f"{kind}s"),
            params={"query": _opt_text("query", query)},
        )

    def suggestion(self, kind: str, item_id: int) -> Operation[Suggestion]:
        """``GET /search/suggestions/{artist|album}/{id}``."""
        return self._get(
            f"search.{kind}_suggestion",
            self._one(Suggestion, "model", "result", kind),
            id=_id(f"{kind}_id", item_id),
        )

    def audio_search(
        self, track_id: int, artist_name: str, track_name: str
    ) -> Operation[AudioSearchResult]:
        """``GET /search/audio/{trackId}/{artistName}/{trackName}``."""
        return self._get(
            "search.audio",
            self._flat(AudioSearchResult, lambda body: _unwrap(body, ())),
            trackId=_id("track_id", track_id),
            artistName=check_text("artist_name", artist_name),
            trackName=check_text("track_name", track_name),
        )

    def list_genres(self, *, page: int | None, per_page: int | None) -> Operation[Genre]:
        """``GET /genres``: paged under ``pagination`` (or a plain list)."""
        return self._paged(
            "genres.list", Genre, ("genres", "pagination"), page=page, per_page=per_page
        )

    def get_genre(self, name: str) -> Operation[Genre]:
        """``GET /genres/{name}``."""
        return self._get("genres.get", self._one(Genre, "genre"), name=check_text("name", name))

    def tag_tracks(self, tag: str, *, page: int | None, per_page: int | None) -> Operation[Track]:
        """``GET /tags/{tagName}/tracks``: paged (``perPage``)."""
        return self._paged(
            "tags.tracks",
            Track,
            ("tracks", "pagination"),
            path={"tagName": check_text("tag", tag)},
            page=page,
            per_page=per_page,
            per_page_param="perPage",
        )

    def tag_albums(self, tag: str, *, page: int | None, per_page: int | None) -> Operation[Album]:
        """``GET /tags/{tagName}/albums``: paged (``perPage``)."""
        return self._paged(
            "tags.albums",
            Album,
            ("albums", "pagination"),
            path={"tagName": check_text("tag", tag)},
            page=page,
            per_page=per_page,
            per_page_param="perPage",
        )

    def radio(self, kind: RadioType | str, item_id: int) -> Operation[RadioRecommendations]:
        """``GET /radio/{type}/{id}``."""
        return self._get(
            "radio.get",
            self._flat(RadioRecommendations, lambda body: _unwrap(body, ())),
            type=check_choice("type", kind, [t.value for t in RadioType]),
            id=_id("id", item_id),
        )

    # -- commerce and licensing ------------------------------------------------------------

    def calculate_price(
        self,
        track_id: int,
        *,
        is_exclusive: bool | None,
        coupon_code: str | None,
    ) -> Operation[PurchasePrice]:
        """``POST /tracks/{track}/purchase/calculate-price``."""
        return self._op(
            "POST",
            "purchases.calculate_price",
            self._one(PurchasePrice, "price", "pricing"),
            path={"track": _id("track_id", track_id)},
            json=_fields(
                None,
                is_exclusive=_opt_bool("is_exclusive", is_exclusive),
                coupon_code=_opt_text("coupon_code", coupon_code),
            ),
        )

    def initiate_purchase(
        self,
        track_id: int,
        *,
        is_exclusive: bool | None,
        coupon_code: str | None,
    ) -> Operation[PurchaseIntent]:
        """``POST /tracks/{track}/purchase/initiate``: the answer holds a Stripe client secret."""
        return self._op(
            "POST",
            "purchases.initiate",
            self._one(PurchaseIntent),
            path={"track": _id("track_id", track_id)},
            json=_fields(
                None,
                is_exclusive=_opt_bool("is_exclusive", is_exclusive),
                coupon_code=_opt_text("coupon_code", coupon_code),
            ),
        )

    def purchase_status(self, track_id: int) -> Operation[PurchaseStatus]:
        """``GET /tracks/{track}/purchase/status``."""
        return self._get(
            "purchases.status", self._one(PurchaseStatus), track=_id("track_id", track_id)
        )

    def list_purchases(self, *, page: int | None, per_page: int | None) -> Operation[Purchase]:
        """``GET /purchases``: paged (``purchases``, or a flat paginator)."""
        return self._paged("purchases.list", Purchase, ("purchases",), page=page, per_page=per_page)

    def generate_license(
        self, track_id: int, *, license_type: str, usage_terms: str | None
    ) -> Operation[License]:
        """``POST /tracks/{track}/generate-license``."""
        return self._op(
            "POST",
            "licenses.generate",
            self._one(License, "license"),
            path={"track": _id("track_id", track_id)},
            json=_fields(
                None,
                license_type=check_text("license_type", license_type),
                usage_terms=_opt_text("usage_terms", usage_terms),
            ),
        )

    def check_license(self, track_id: int) -> Operation[LicenseStatus]:
        """``GET /tracks/{track}/check-license``."""
        return self._get(
            "licenses.check", self._one(LicenseStatus), track=_id("track_id", track_id)
        )

    def check_licenses(self, track_ids: Sequence[int]) -> Operation[LicenseBatchStatus]:
        """``POST /tracks/check-licenses-batch``."""
        return self._op(
            "POST",
            "licenses.check_batch",
            self._flat(LicenseBatchStatus, lambda body: _batch(body, "licenses")),
            json={"track_ids": _ids("track_ids", track_ids)},
        )

    def license_certificate(self, track_id: int) -> Operation[LicenseCertificate]:
        """``GET /tracks/{track}/license-certificate``."""
        return self._get(
            "licenses.certificate",
            self._one(LicenseCertificate, "certificate"),
            track=_id("track_id", track_id),
        )

    def license_pdf(self, track_id: int) -> Operation[None]:
        """``GET /tracks/{track}/download-license-pdf``: binary PDF, for ``_save``."""
        return self._op(
            "GET",
            "licenses.download_pdf",
            lambda _: None,
            path={"track": _id("track_id", track_id)},
            expect_body=False,
        )

    def verify_license(self, uuid: str) -> Operation[LicenseVerification]:
        """``GET /verify-license/{uuid}``."""
        return self._get(
            "licenses.verify", self._one(LicenseVerification), uuid=check_text("uuid", uuid)
        )

    def revoke_license(self, uuid: str) -> Operation[ActionResult]:
        """``POST /licenses/{uuid}/revoke``."""
        return self._op(
            "POST",
            "licenses.revoke",
            self._action(ActionResult),
            path={"uuid": check_text("uuid", uuid)},
            expect_body=False,
        )

    def list_licenses(self, *, page: int | None, per_page: int | None) -> Operation[License]:
        """``GET /user/licenses``: paged under ``licenses``."""
        return self._paged("licenses.list", License, ("licenses",), page=page, per_page=per_page)

    def validate_coupon(
        self,
        code: str,
        *,
        product_id: int | None,
        price_id: int | None,
        amount: Decimal | int | str | None,
    ) -> Operation[CouponValidation]:
        """``POST /coupons/validate``."""
        return self._op(
            "POST",
            "coupons.validate",
            self._one(CouponValidation),
            json=_fields(
                None,
                code=check_text("code", code),
                product_id=_opt_int("product_id", product_id),
                price_id=_opt_int("price_id", price_id),
                amount=_money("amount", amount),
            ),
        )
