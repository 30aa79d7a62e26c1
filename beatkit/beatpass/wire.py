"""BeatPass on the wire: the one table of its paths, its envelopes and its errors.

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
server, PUT and DELETE included (``SPEC.replay_writes``): only a 429, or a failure
before sending, is retried.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

import httpx

from beatkit._core.http import ErrorInfo, ServiceSpec
from beatkit._core.operation import (
    WRITE_METHODS,
    ListArgs,
    Operation,
    PagedCall,
    QueryValue,
    paged_call,
)
from beatkit._core.pagination import PageData, PageNumberPaging, page_count
from beatkit._core.params import comma_list, optional_int
from beatkit._core.retry import may_have_taken_effect as may_have_run
from beatkit._core.retry import parse_retry_after
from beatkit._core.validate import (
    bearer_token_problem,
    check_text,
    is_bearer_token,
)
from beatkit.auth import BearerAuth
from beatkit.errors import (
    BackstageRequestPendingError,
    BackstageRequestRevokedError,
    ConfigurationError,
)

__all__ = [
    "DEFAULT_BASE_URL",
    "ENV_TOKEN",
    "INCLUDES",
    "PATHS",
    "PLAYLIST_CLEARABLE",
    "PLAYLIST_DESCRIPTION_LENGTH",
    "SPEC",
    "TOKEN_OPTIONAL_WRITES",
    "PageArgs",
    "acknowledgement",
    "batch",
    "cleared",
    "credit_roles",
    "failed_answer",
    "figures",
    "invitation",
    "laravel_page",
    "login_result",
    "many",
    "may_have_run",
    "one",
    "paged",
    "purchase_note",
    "parse_error",
    "pinned",
    "playlist_description",
    "require_token",
    "resolve_token",
    "token_route",
    "search_results",
]

DEFAULT_BASE_URL: Final = "https://open.beatpass.ca/api/v1"
"""The production API root."""
ENV_TOKEN: Final = "BEATPASS_TOKEN"  # noqa: S105 - the variable's name, not a secret
"""The environment variable read when no ``token`` is passed."""

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
"""Every operation's method and path, relative to ``https://open.beatpass.ca/api/v1``."""

TOKEN_OPTIONAL_WRITES: Final = frozenset(
    {"auth.login", "tracks.wave_batch", "tracks.log_play", "tracks.update_play_duration"}
)
"""POST operations the API accepts without a token; login, and three the operation list
marks as optional-auth (a batch read and the two anonymous play counters)."""

INCLUDES: Final[Mapping[str, tuple[str, ...]]] = {
    "tracks": ("tags", "genres", "artists", "album"),
    "albums": ("tags", "genres", "artists", "tracks"),
    "artists": ("similar", "genres", "albums", "topTracks"),
}
"""What ``get(..., include=[...])`` accepts per resource (the API's ``with`` parameter)."""

PLAYLIST_DESCRIPTION_LENGTH: Final = (20, 170)
"""The documented bounds of a playlist description, in characters."""


PLAYLIST_CLEARABLE: Final = ("description", "image")
"""The playlist fields the update body takes as ``null`` (``nullable`` in the OpenAPI file)."""


def cleared(value: Any, choices: Sequence[str], given: Mapping[str, Any]) -> dict[str, None]:
    """The fields named in ``clear=``, each to be sent as ``null``.

    Args:
        value: A field name or a sequence of them.
        choices: The fields that may be cleared.
        given: The fields given a value in the same call (one cannot be both).

    Raises:
        TypeError: Not a str or a sequence of str (a set, a mapping, bytes).
        ValueError: A field that cannot be cleared, or one also given a value.
    """
    names = comma_list("clear", value, choices)
    fields = dict.fromkeys(names.split(",")) if names else {}
    both = sorted(name for name in fields if given.get(name) is not None)
    if both:
        raise ValueError(f"{', '.join(both)}: both set and cleared; give one or the other")
    return fields


def playlist_description(value: Any) -> str | None:
    """``None``, or a playlist description within :data:`PLAYLIST_DESCRIPTION_LENGTH`.

    Raises:
        TypeError: Not a ``str``.
        ValueError: Blank, too short or too long.
    """
    if value is None:
        return None
    low, high = PLAYLIST_DESCRIPTION_LENGTH
    text = check_text("description", value)
    if not low <= len(text) <= high:
        raise ValueError(f"description must be {low} to {high} characters, got {len(text)}")
    return text


def resolve_token(token: str | None) -> str | None:
    """The token to use: ``token``, else ``BEATPASS_TOKEN``, else ``None`` (anonymous).

    Surrounding whitespace (a newline read from a file) is stripped.

    Raises:
        ConfigurationError: ``token`` is given but blank or not a string, or
            ``BEATPASS_TOKEN`` holds a character an HTTP header cannot carry (a line
            break inside it) or the token's scheme (``Bearer ...``): the message names
            the variable, never the token.
    """
    if token is None:
        token = os.environ.get(ENV_TOKEN) or None
        token = token.strip() or None if token else None
        problem = None if token is None else bearer_token_problem(token)
        if problem is not None:
            raise ConfigurationError(f"{ENV_TOKEN} {problem}")
        return token
    if not isinstance(token, str) or not token.strip():
        raise ConfigurationError(
            "token must be a non-empty string (or None to read BEATPASS_TOKEN)"
        )
    # One the header cannot carry is refused by the client's BearerAuth, as everywhere.
    return token.strip()


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


def token_route(auth: BearerAuth) -> Callable[[Operation[Any]], httpx.Auth]:
    """The router of a client that signs every operation with ``auth``'s token.

    Args:
        auth: The client's bearer auth (its token may come later, at login).

    Returns:
        A router giving ``auth`` for every operation, after :func:`require_token`.
    """

    def route(op: Operation[Any]) -> httpx.Auth:
        require_token(op, auth.token is not None)
        return auth

    return route


# --- errors -------------------------------------------------------------------------------


def purchase_note(track_id: int) -> str:
    """The note ``purchases.initiate`` adds to an error after which the purchase may
    have been started (see :func:`may_have_run`): it is never sent again by itself."""
    return (
        f"bp.purchases.initiate: the purchase may have been started before this failed; "
        f"look at bp.purchases.status({track_id}) before initiating it again"
    )


def _field_errors(raw: Any) -> dict[str, list[str]]:
    """``{field: [messages]}``; the OpenAPI file shows ``{field: "message"}``: both are read.

    Only the texts sent are messages: a ``null``, a number or an object in the list is
    not turned into text (``"None"``, a Python repr); it stays in the error's
    ``details`` and ``body``, and a field with no text at all is left out.
    """
    if not isinstance(raw, Mapping):
        return {}
    result: dict[str, list[str]] = {}
    for name, messages in raw.items():
        if isinstance(messages, str):
            texts = [messages]
        elif isinstance(messages, list):
            texts = [m for m in messages if isinstance(m, str)]
        else:
            continue
        if texts:
            result[str(name)] = texts
    return result


_BACKSTAGE_ERRORS: Final = {
    "backstage_request_pending": BackstageRequestPendingError,
    "backstage_request_revoked": BackstageRequestRevokedError,
}


def _seconds(value: Any) -> float | None:
    """A body's ``retry_after``, read as the ``Retry-After`` header is (a JSON number or
    its text; ASCII digits, at most a year)."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    # repr() of nan and inf is no delay-seconds either: parse_retry_after refuses them.
    return parse_retry_after(value if isinstance(value, str) else repr(value))


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
    given = message if isinstance(message, str) and message else None
    stated = given is not None
    text = given or f"HTTP {status}"
    raw_code = body.get("error_code")
    code = raw_code if isinstance(raw_code, str) and raw_code else None
    if code in _BACKSTAGE_ERRORS:
        contact = body.get("contact_url")
        return ErrorInfo(
            message=text,
            stated=stated,
            code=code,
            error_class=_BACKSTAGE_ERRORS[code],
            kwargs={"contact_url": contact if isinstance(contact, str) else _contact_url(text)},
        )
    if status == 422:
        errors = body.get("errors")
        fields = _field_errors(errors)
        if not stated and fields:
            # No message: say what was refused rather than "HTTP 422".
            text = "; ".join(f"{name}: {' '.join(said)}" for name, said in fields.items())
            stated = True
        return ErrorInfo(
            message=text,
            stated=stated,
            code=code,
            details=errors,
            kwargs={"field_errors": fields},
        )
    if status == 429:
        # Used when no Retry-After header came: the core prefers the header.
        retry_after = _seconds(body.get("retry_after"))
        kwargs = {} if retry_after is None else {"retry_after": retry_after}
        return ErrorInfo(message=text, stated=stated, code=code, kwargs=kwargs)
    if message is None and code is None:
        return None
    return ErrorInfo(message=text, stated=stated, code=code, details=body.get("errors"))


def _contact_url(message: str) -> str | None:
    """The path a backstage message points to ("contact support at /contact"), if any."""
    for word in message.split():
        word = word.rstrip(".,;:)")
        if word.startswith("/") and len(word) > 1:
            return word
    return None


def failed_answer(body: Any) -> bool:
    """Whether a 2xx body is Laravel's ``{"status": "error", ...}``: a refusal, not a result.

    Only the top-level ``status`` counts: an object's own ``status`` (a license's
    ``"revoked"``, a backstage request's ``"pending"``) sits inside its envelope, and a
    flat object's is never ``"error"``.
    """
    return isinstance(body, Mapping) and body.get("status") == "error"


# Limits are per minute (300 requests globally); Laravel names the reset time only
# on a 429, so the limiter assumes the window when it must slow down.
SPEC: Final = ServiceSpec(
    name="beatpass",
    parse_error=parse_error,
    failed_answer=failed_answer,
    routes=PATHS,
    rate_limit_window=60.0,
    # A write that may have reached the server is never sent again, even PUT and DELETE
    # (RFC-idempotent, but not so for the counters and notifications behind them).
    replay_writes=False,
    # Laravel's own names for a token: Sanctum's NewAccessToken serialized whole
    # ({"accessToken", "plainTextToken"}) and the token guard's user column.
    secret_fields=("plaintexttoken", "api_token"),
)
"""How the shared transport talks to BeatPass."""


# --- reading bodies -----------------------------------------------------------------------


def _mapping(body: Any) -> Mapping[str, Any]:
    if not isinstance(body, Mapping):
        raise ValueError(f"expected a JSON object, got {type(body).__name__}")
    return body


def _empty_map(value: Any) -> bool:
    """Whether ``value`` is PHP's ``[]``: ``json_encode`` writes an empty map so."""
    return isinstance(value, list) and not value


_ENVELOPE_STATUS: Final = "success"
"""The ``status`` of the success envelope (``{"status": "success", ...}``)."""
_ENVELOPE_KEYS: Final = frozenset({"status", "message", "data"})
"""The keys of an envelope whose payload is under ``data``."""


def _unwrap(body: Any, keys: Sequence[str], own_data: bool = False) -> Any:
    """The object under the first of ``keys`` (or ``data``), else the flat body.

    With ``own_data`` (an object with a ``data`` field of its own, as a backstage
    request has), ``data`` is the envelope's payload only beside nothing but ``status``
    and ``message``. A flat body's ``status`` is dropped only when it is the envelope's
    ``"success"``: any other value is the object's own (a backstage request's
    ``"pending"``, a license's ``"revoked"``) and is kept. A ``data`` that is PHP's
    ``[]`` beside nothing but ``status`` and ``message`` is an empty payload, dropped.
    """
    body = _mapping(body)
    for key in keys:
        value = body.get(key)
        if isinstance(value, Mapping):
            return value
    data = body.get("data")
    if isinstance(data, Mapping) and (not own_data or body.keys() <= _ENVELOPE_KEYS):
        return data
    if _empty_map(data) and body.keys() <= _ENVELOPE_KEYS:
        # PHP's empty payload: the envelope carries nothing but its status and message.
        body = {k: v for k, v in body.items() if k != "data"}
    if body.get("status") == _ENVELOPE_STATUS:
        return {k: v for k, v in body.items() if k != "status"}
    return dict(body)


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


def one(*keys: str, own_data: bool = False) -> Callable[[Any], Any]:
    """Reads one object: under the first of ``keys`` (or ``data``), else the flat body
    (whose ``status`` is the object's own unless it is the envelope's ``"success"``).
    An envelope whose ``data`` is a non-empty list holds no object: a ``ValueError``
    (the client raises it as ``ResponseDecodeError``).

    Args:
        keys: The names the object may come under.
        own_data: The object has a ``data`` field of its own: a flat body with ``data``
            beside other fields is the object, not an envelope.
    """
    return lambda body: _object(body, keys, own_data)


def _object(body: Any, keys: Sequence[str] = (), own_data: bool = False) -> Mapping[str, Any]:
    """:func:`_unwrap`, refusing an envelope whose ``data`` is a non-empty list.

    Such a payload is no object: read flat, it would name none of the model's fields,
    and a model whose fields all have defaults (a duplicate check, a waveform, a
    purchase intent) would come back empty, the answer in ``extra``.

    Raises:
        ValueError: The envelope carries a list, not an object.
    """
    found: Mapping[str, Any] = _unwrap(body, keys, own_data)
    data = found.get("data")
    if isinstance(data, list) and data and found.keys() <= _ENVELOPE_KEYS:
        raise ValueError("expected an object, got a list under data")
    return found


def many(*keys: str) -> Callable[[Any], list[Any]]:
    """Reads a list: under the first of ``keys`` (or ``data``), a page's ``data``, or bare."""
    return lambda body: _items(body, keys)


def _number(name: str, value: Any) -> int | None:
    """A page count as Laravel sends it (an int, or ASCII digits); ``None`` when not given.

    Raises:
        ValueError: Anything else (``True``, ``2.5``, ``"abc"``, ``-1``, other scripts'
            digits): read as "unknown", it would end the walk early, pages silently missing.
    """
    return None if value is None else page_count(name, value, digits=True)


def laravel_page(body: Any, keys: Sequence[str]) -> PageData:
    """Read one Laravel page found under the first of ``keys`` (or ``pagination``).

    A flat paginator (``{"current_page", ..., "data"}``), a Laravel API resource
    collection (``{"data", "links", "meta": {"current_page", ...}}``: the counts are
    read from ``meta``) and a plain list (one page, everything) are read too. A
    ``simplePaginate`` page, which counts no pages, says by its ``next_page_url``
    (``links.next``) whether another follows.
    ``current_page``, ``last_page`` and ``total`` may be ints or digits (``"7"``);
    ``null`` or absent means unknown. A page that says more follow but not which it is
    (no ``current_page``) is placed by its ``from`` and ``per_page``: unplaced, the
    walk would end at it.

    Raises:
        ValueError: The body holds no page, or one of those counts is something else
            (the pager raises it as ``ResponseDecodeError``).
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
    counts: Mapping[str, Any] = pager
    meta = pager.get("meta")
    if "current_page" not in pager and isinstance(meta, Mapping):
        # A Laravel API resource collection: {"data", "links", "meta": {counts}}.
        counts = meta
    last_page = _number("last_page", counts.get("last_page"))
    # Needed only where no page is counted (simplePaginate): whether more follows.
    next_url = None if last_page is not None else _next_link(pager, counts)
    page = _number("current_page", counts.get("current_page"))
    if page is None and ((last_page or 0) > 1 or next_url):
        # The pager plans the walk from this page's number: unknown, it would end here.
        page = _page_of_first_item(counts)
    return PageData(
        items=pager["data"],
        total=_number("total", counts.get("total")),
        page=page,
        last_page=last_page,
        next_url=next_url,
    )


def _page_of_first_item(counts: Mapping[str, Any]) -> int | None:
    """The number of a page that does not say it, from ``from`` and ``per_page``
    (Laravel's first item's position and page size); ``None`` when they do not tell."""
    first = _number("from", counts.get("from"))
    size = _number("per_page", counts.get("per_page"))
    if first is None or not size or first < 1 or (first - 1) % size:
        return None
    return (first - 1) // size + 1


def _next_link(pager: Mapping[str, Any], counts: Mapping[str, Any]) -> Any:
    """A page's ``next_page_url``, or its resource collection's ``links.next``."""
    if "next_page_url" in counts:
        return counts["next_page_url"]
    links = pager.get("links")
    return links.get("next") if isinstance(links, Mapping) else None


_LAST_COUNT: Final = 10**18 - 1
"""The highest ``page`` or ``per_page`` sent: the answer echoes them as counts, which
stop at 10**18 - 1 (:func:`~beatkit._core.pagination.page_count`)."""


class PageArgs(ListArgs, total=False):
    """The keywords every BeatPass list takes last, as ``**pages``.

    ``page`` and ``per_page`` here; ``limit`` and ``options`` from
    :class:`~beatkit._core.operation.ListArgs`.
    """

    page: int | None
    """The page to start from, 1 to 10**18 - 1."""
    per_page: int | None
    """Items per request, up to 10**18 - 1 (the API's default when omitted)."""


def paged(
    collection: str,
    pages: PageArgs,
    query: Mapping[str, QueryValue] | None = None,
    size: str = "per_page",
) -> PagedCall:
    """The ``_list`` keywords of a list whose Laravel page sits under ``collection``.

    Args:
        collection: The page's key in the body (``tracks``, ``albums``...).
        pages: The list method's ``**pages``.
        size: The page size's query name (``perPage`` on the lists nested in a resource).
        query: The list's own query parameters, sent before the page's.

    Raises:
        TypeError: A page value that is not an ``int``, or an unknown keyword.
        ValueError: ``page`` or ``per_page`` below 1 or past 10**18 - 1 (the answer's
            page counts could not carry it back).
    """
    params = {
        **(query or {}),
        # The answer echoes both back as counts, which stop at 10**18 - 1.
        "page": optional_int("page", pages.get("page"), minimum=1, maximum=_LAST_COUNT),
        size: optional_int("per_page", pages.get("per_page"), minimum=1, maximum=_LAST_COUNT),
    }
    paging = PageNumberPaging(extract=lambda body: laravel_page(body, (collection,)))
    return paged_call(paging, params, pages, PageArgs.__optional_keys__)


def search_results(body: Any) -> Mapping[str, Any]:
    """Flatten ``{"query", "results": {"artists": [...], ...}}`` into one mapping.

    The answer may come flat or under the envelope's ``data``, as every single object
    may (read as :func:`one` reads them).
    """
    body = _object(body)
    results = body.get("results")
    flat: dict[str, Any] = {k: v for k, v in body.items() if k not in {"status", "results"}}
    if isinstance(results, Mapping):
        for key, value in results.items():
            # The OpenAPI file draws each type as one object; the API sends lists.
            flat[key] = [value] if isinstance(value, Mapping) else value
    return flat


_TOKEN_KEYS: Final = ("access_token", "token")
"""Where a login answer may carry the new token; the OpenAPI file's ``user.access_token``,
or beside the user (Sanctum's ``token``)."""


def login_result(body: Any) -> Mapping[str, Any]:
    """The user and the new token of a login answer.

    The OpenAPI file's ``{"status", "user": {..., "access_token"}}`` is read, as are a
    token beside the user (``access_token`` or ``token``), an answer under ``data``, one
    whose user object is the payload itself, and one without a user (``user`` is then
    ``None``): the token the server just created is never dropped for want of a user.
    The answer's other keys (its ``message``, a token's expiry...) are kept beside them.

    Raises:
        ValueError: No token, one an HTTP header cannot carry, or a ``user`` that is
            neither an object nor empty.
    """
    body = _mapping(body)
    # Keys beside the user and the token (a token's expiry, its type...) are the
    # answer's own: kept in the result's ``extra``, never dropped.
    rest: dict[str, Any] = {}
    data = body.get("data")
    if isinstance(data, Mapping) and "user" not in body and not _login_token(body):
        rest = _besides(body, "data")
        body = data
    raw_user = body.get("user")
    if raw_user is None and "id" in body:
        # The payload is the user itself, its token among its fields.
        raw_user = {k: v for k, v in body.items() if k not in {"status", "message"}}
        rest.update(_besides(body, *raw_user, *_TOKEN_KEYS))
    else:
        rest.update(_besides(body, "user", *_TOKEN_KEYS))
    user = None if raw_user is None or raw_user == [] else dict(_mapping(raw_user))
    token = (_login_token(user) if user is not None else None) or _login_token(body)
    if user is not None:
        for key in _TOKEN_KEYS:
            user.pop(key, None)
    if not token:
        raise ValueError("the login answer carries no access_token")
    if not is_bearer_token(token):
        raise ValueError(
            "the login answer's access_token holds a character an HTTP header cannot carry"
        )
    return {**rest, "user": user, "access_token": token}


def _login_token(found: Mapping[str, Any]) -> str | None:
    """The first non-empty text under one of :data:`_TOKEN_KEYS`."""
    for key in _TOKEN_KEYS:
        value = found.get(key)
        if isinstance(value, str) and value:
            return value
    return None


def _besides(body: Mapping[str, Any], *taken: str) -> dict[str, Any]:
    """The keys of ``body`` a reader did not take, the envelope's ``"success"`` left out.

    For the answers read into a model of the whole body (:class:`PinnedTrack`,
    :class:`LoginResult`, :class:`Analytics`, :class:`WaveformBatch`): a key beside the
    part read is that model's own, and lands in its ``extra`` rather than being dropped.
    """
    return {
        k: v
        for k, v in body.items()
        if k not in taken and not (k == "status" and v == _ENVELOPE_STATUS)
    }


def figures(body: Any) -> Mapping[str, Any]:
    """An undocumented report, kept whole (minus the envelope's ``status``); a report
    under ``data`` has the keys beside it kept too (in the model's ``extra``).

    An empty report may come as PHP's ``[]``: flat, or as the ``data`` of an envelope
    (beside nothing but ``status`` and ``message``; beside other figures, a ``data``
    is a figure of its own).
    """
    if _empty_map(body):
        return {"figures": {}}
    body = _mapping(body)
    data = body.get("data")
    if isinstance(data, Mapping) or (_empty_map(data) and body.keys() <= _ENVELOPE_KEYS):
        return {**_besides(body, "data"), "figures": data or {}}
    return {"figures": _unwrap(body, ())}


def pinned(body: Any) -> Mapping[str, Any]:
    """The pinned track under ``track``, ``pinned_track`` or ``data`` (``None``: none),
    beside the answer's other keys (its ``message``; the rest land in ``extra``).

    Raises:
        ValueError: The track is neither an object nor empty (``null``, or PHP's ``[]``).
    """
    body = _mapping(body)
    key = next((k for k in ("track", "pinned_track", "data") if k in body), None)
    track = None if key is None else body[key]
    # The other keys (the envelope's message, a pin date...) are the answer's own.
    rest = _besides(body) if key is None else _besides(body, key)
    if track is None or track == []:
        return {**rest, "track": None}
    if not isinstance(track, Mapping):
        raise ValueError(f"expected the pinned track as an object, got {type(track).__name__}")
    return {**rest, "track": track}


def acknowledgement(body: Any) -> Mapping[str, Any]:
    """An action's answer (:class:`~beatkit.beatpass.models.ActionResult`), ``status`` kept.

    :func:`one` drops the envelope's ``"success"``: here it is the answer itself, and so
    is a ``message`` beside a payload under ``data``.
    """
    body = _mapping(body)
    found = dict(_unwrap(body, ()))
    # The answer is read whole: beside a payload under ``data``, the envelope's
    # ``status`` and ``message`` (and any other key) are its own too.
    beside = body.items() if isinstance(body.get("data"), Mapping) else ()
    for key, value in beside:
        if key != "data":
            found.setdefault(key, value)
    status = body.get("status")
    if status is not None:
        found.setdefault("status", status)
    return found


def invitation(body: Any) -> Mapping[str, Any]:
    """The ``invitation`` object plus the envelope's ``message``.

    The OpenAPI file shows only ``{"status", "message"}``; an empty answer (204) is read
    as ``{}`` (the operation's ``if_empty``).
    """
    found = dict(_object(body, ("invitation",)))
    message = _mapping(body).get("message")
    if message is not None:
        found.setdefault("message", message)
    return found


def batch(key: str) -> Callable[[Any], Mapping[str, Any]]:
    """Reads ``{key: {...}}`` as is, or a flat ``{track_id: value}`` body gathered under ``key``.

    An empty map may come as PHP's ``[]``, under ``key``, under ``data`` or as the whole
    body: none of them is an entry for a track named ``key`` or ``data``.
    """

    def read(body: Any) -> Mapping[str, Any]:
        if _empty_map(body):
            return {key: {}}
        body = _mapping(body)
        found = body.get(key)
        if isinstance(found, Mapping) or _empty_map(found):
            beside = {k: v for k, v in body.items() if k not in {key, "status"}}
            return {key: found or {}, **beside}
        data = body.get("data")
        if isinstance(data, Mapping) or _empty_map(data):
            # The keys beside the map are the answer's own, as in the first case.
            return {**_besides(body, "data", "status"), key: data or {}}
        return {key: {k: v for k, v in body.items() if k != "status"}}

    return read


def credit_roles(body: Any) -> list[Any]:
    """The credit roles; a plain list of names is as likely as a list of objects."""
    return [{"name": r} if isinstance(r, str) else r for r in _items(body, ("roles",))]
