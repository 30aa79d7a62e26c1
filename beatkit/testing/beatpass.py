"""A stateful, deterministic fake of the BeatPass Content Management API for tests."""

from __future__ import annotations

import hashlib
import io
import json
import math
import mimetypes
import posixpath
import random
import re
import time
import uuid
import wave
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Literal

import attrs
import httpx

from beatkit.testing import _beatpass_data as data
from beatkit.testing._app import Abort, FakeService

__all__ = ["DEFAULT_SEED", "FakeBeatPass", "FakeBeatPassUser"]

DEFAULT_SEED = 20240601
"""The seed used when none is given: every test sees the same catalogue."""

TOKEN_LIFETIME = 90 * 86400
"""Personal access tokens expire 90 days after they are issued (by the fake's clock)."""

MAX_EDITORS = 10
"""Collaborative playlists take up to this many editors."""

INVITATION_LIFETIME = 7 * 86400
"""Playlist invitations expire this many seconds after they are sent."""

REINVITE_COOLDOWN = 24 * 3600
"""Seconds that must pass between two invitations of one user to one playlist."""

PLATFORM_FEE = 0.15
"""The platform fee added to a purchase, as a fraction of the (discounted) base price."""

_AuthLevel = Literal["none", "optional", "required"]
_DIGITS = re.compile(r"[0-9]+")
_MESSAGES = {
    400: "Bad Request",
    401: "Unauthenticated.",
    403: "This action is unauthorized.",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    410: "Gone",
    422: "The given data was invalid.",
    429: "Too Many Attempts.",
    500: "Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}
_PENDING_MESSAGE = (
    "Your application is already under review. Please wait for the decision email before "
    "submitting another request."
)
_REVOKED_MESSAGE = (
    "Your producer access was revoked. To appeal, contact support at /contact so admins can "
    "review your request for reinstatement."
)
_AUDIO_EXTENSIONS = ("mp3", "wav", "flac", "aiff", "aif", "m4a", "ogg", "aac")


@attrs.frozen
class FakeBeatPassUser:
    """A user of the fake, with a valid personal access token (see ``add_user``)."""

    id: int
    """The user id."""
    display_name: str
    """The public name."""
    email: str
    """The login email."""
    password: str = attrs.field(repr=False)
    """The login password."""
    token: str = attrs.field(repr=False)
    """A bearer token that authenticates as this user."""


def _label(field: str) -> str:
    # Laravel writes attribute names with spaces in its messages.
    return field.replace("_", " ")


class _Body:
    """Reads and validates a JSON request body, collecting Laravel-style field errors."""

    def __init__(self, raw: Any) -> None:
        self.raw: dict[str, Any] = raw if isinstance(raw, dict) else {}
        self.errors: dict[str, list[str]] = {}

    def __contains__(self, field: str) -> bool:
        return self.raw.get(field) is not None

    def error(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def _missing(self, field: str, required: bool) -> bool:
        value = self.raw.get(field)
        if value is None or value == "" or value == []:
            if required:
                self.error(field, f"The {_label(field)} field is required.")
            return True
        return False

    def text(
        self, field: str, *, required: bool = False, max_len: int = 255, min_len: int = 0
    ) -> str | None:
        if self._missing(field, required):
            return None
        value = self.raw[field]
        if not isinstance(value, str):
            self.error(field, f"The {_label(field)} field must be a string.")
            return None
        if not min_len <= len(value) <= max_len:
            if min_len:
                self.error(
                    field,
                    f"The {_label(field)} field must be between {min_len} and {max_len} "
                    "characters.",
                )
            else:
                self.error(
                    field, f"The {_label(field)} field must not be greater than {max_len} "
                    "characters."
                )  # fmt: skip
            return None
        return value

    def integer(self, field: str, *, required: bool = False, minimum: int = 0) -> int | None:
        if self._missing(field, required):
            return None
        value = self.raw[field]
        if isinstance(value, str) and _DIGITS.fullmatch(value):
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(field, f"The {_label(field)} field must be an integer.")
            return None
        if value < minimum:
            self.error(field, f"The {_label(field)} field must be at least {minimum}.")
            return None
        return value

    def number(self, field: str, *, required: bool = False) -> float | None:
        if self._missing(field, required):
            return None
        value = self.raw[field]
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if isinstance(value, bool) or not math.isfinite(number) or number < 0:
            self.error(field, f"The {_label(field)} field must be a number.")
            return None
        return number

    def boolean(self, field: str) -> bool | None:
        if self._missing(field, False):
            return None
        value = self.raw[field]
        if value in (True, 1, "1", "true"):
            return True
        if value in (False, 0, "0", "false"):
            return False
        self.error(field, f"The {_label(field)} field must be true or false.")
        return None

    def date(self, field: str) -> str | None:
        value = self.text(field)
        if value is not None and not re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            self.error(field, f"The {_label(field)} field must match the format Y-m-d.")
            return None
        return value

    def ids(
        self, field: str, table: Mapping[int, Any], *, required: bool = False
    ) -> list[int] | None:
        if self._missing(field, required):
            return None
        value = self.raw[field]
        if isinstance(value, int) and not isinstance(value, bool):
            value = [value]
        if not isinstance(value, list):
            self.error(field, f"The {_label(field)} field must be an array.")
            return None
        result: list[int] = []
        for index, item in enumerate(value):
            if isinstance(item, str) and _DIGITS.fullmatch(item):
                item = int(item)
            if isinstance(item, bool) or not isinstance(item, int) or item not in table:
                self.error(f"{field}.{index}", f"The selected {field}.{index} is invalid.")
            elif item not in result:
                result.append(item)
        return result

    def choice(self, field: str, choices: Sequence[str], *, required: bool = False) -> str | None:
        value = self.text(field, required=required)
        if value is not None and value not in choices:
            self.error(field, f"The selected {_label(field)} is invalid.")
            return None
        return value


def _fee(amount: float) -> float:
    return round(amount * PLATFORM_FEE, 2)


class FakeBeatPass(FakeService):
    """An in-memory BeatPass API (``https://open.beatpass.ca/api/v1``) with seeded data.

    The catalogue: 15 users (1 is the owner of :attr:`token`, 2 a listener with
    :attr:`other_token`, 3 an admin with :attr:`admin_token`), 30 artists (1 is the
    owner's verified profile, 2 the owner's unverified one, 3 belongs to user 2),
    40 albums, 120 tracks (1-5 by artist 1, 6-8 by artist 2), 15 playlists, 14
    genres, 18 tags, 20 lyrics, credits, Audio Recon scans, cover-art templates,
    purchases and licenses. The same seed always gives the same data; the ids
    tests lean on are the class attributes below.

    Reads work without a token and then return minimal fields (id, name, image,
    model_type and basic metadata, as the API's description says); with a valid
    token they return full fields plus the caller's like/purchase/follow status.
    Writes need a valid token (else 401 ``{"message": "Unauthenticated."}``).
    Every response carries ``X-RateLimit-Limit/Remaining/Reset``; over the limit
    the fake answers 429 ``{"message": "Too Many Attempts.", "retry_after": N}``
    with ``Retry-After`` until ``clock()`` reaches the window's reset time.

    Besides the documented operations it serves ``POST /uploads`` (multipart field
    ``file``, answering ``{"status": "success", "fileEntry": {...}}``): the seed's
    upload flow names "the file upload system" without a path. Helpers act where the
    API has no endpoint: :meth:`add_user`, :meth:`complete_purchase` (Stripe's
    webhook), :meth:`set_backstage_status` (the admin's approve/deny),
    :meth:`fail_fingerprint`, and :attr:`db` holds every record.

    Example::

        fake = FakeBeatPass()
        with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as http:
            http.get("/tracks", headers={"Authorization": f"Bearer {fake.token}"})

    Args:
        base_url: Where the fake pretends to live.
        token: The personal access token of user 1.
        email: User 1's login email (for ``POST /auth/login``).
        password: User 1's login password.
        rate_limit: Requests allowed per window, per caller (token or anonymous).
        rate_limit_window: Length of a rate-limit window, in seconds.
        clock: Epoch seconds; inject one to test rate limits, invitation expiry,
            re-invite cooldowns and token expiry without sleeping.
        seed: Seed of the data generator.
        fingerprint_polls: How many status polls report ``processing`` before a
            started fingerprint reports ``completed``.
    """

    default_base_url = "https://open.beatpass.ca/api/v1"

    track_id = 1
    """A track of the owner's verified artist: for sale, has lyrics and Audio Recon matches."""
    unverified_track_id = 6
    """A track of the owner's unverified artist (Audio Recon ``artist_verified`` false)."""
    other_track_id = 9
    """A track of user 2's artist (the owner is not credited: Audio Recon answers 403)."""
    free_track_id = 10
    """A free track anyone may download."""
    purchased_track_id = 11
    """A track the owner bought (completed purchase, active license)."""
    exclusive_sold_track_id = 12
    """A track already sold exclusively: it cannot be bought again."""
    purchasable_track_id = 13
    """A track for sale that nobody bought."""
    artist_id = 1
    """The owner's verified artist profile."""
    unverified_artist_id = 2
    """The owner's unverified artist profile."""
    other_artist_id = 3
    """User 2's artist profile."""
    album_id = 1
    """An album of artist 1."""
    playlist_id = 1
    """The owner's public, collaborative playlist (12 tracks)."""
    private_playlist_id = 2
    """The owner's private playlist."""
    other_playlist_id = 3
    """User 2's public playlist (the owner may follow it but not edit it)."""
    other_private_playlist_id = 4
    """User 2's private, collaborative playlist."""
    lyric_id = 1
    """The lyric of track 1."""
    tag_name = "dark"
    """A tag with tracks and albums."""
    genre_name = "hip-hop"
    """A genre name (``GET /genres/{name}``)."""
    template_id = 1
    """A cover-art template."""
    coupons = ("WELCOME10", "SUMMER25", "BEATS5")
    """Valid coupon codes (``EXPIRED2023`` exists but is expired)."""

    def __init__(
        self,
        *,
        base_url: str | None = None,
        token: str = "fake-beatpass-token",  # noqa: S107 - the fake's known test token
        email: str = "producer@example.com",
        password: str = "fake-password",  # noqa: S107 - the fake user's known test password
        rate_limit: int = 300,
        rate_limit_window: float = 60.0,
        clock: Callable[[], float] = time.time,
        seed: int = DEFAULT_SEED,
        fingerprint_polls: int = 1,
    ) -> None:
        super().__init__(base_url)
        if rate_limit < 1:
            raise ValueError("rate_limit must be at least 1")
        self.token = token
        """User 1's bearer token."""
        self.email = email
        """User 1's login email."""
        self.password = password
        """User 1's login password."""
        self.rate_limit = rate_limit
        """Requests allowed per window and caller."""
        self.rate_limit_window = rate_limit_window
        """Length of a rate-limit window, in seconds."""
        self.clock = clock
        """The time source, in epoch seconds."""
        self.fingerprint_polls = fingerprint_polls
        """Status polls that answer ``processing`` before a fingerprint completes."""
        self.user_id = 1
        """The id of :attr:`token`'s user (the "owner")."""
        self.other_user_id = 2
        """The id of :attr:`other_token`'s user."""
        self.admin_user_id = 3
        """The id of :attr:`admin_token`'s user (has ``backstageRequests.handle``)."""
        self.other_token = "fake-beatpass-token-2"  # noqa: S105 - a known test token
        """User 2's bearer token: use it to accept or decline playlist invitations."""
        self.admin_token = "fake-beatpass-admin-token"  # noqa: S105 - a known test token
        """User 3's (admin) bearer token."""
        self.license_uuid = ""
        """The owner's license for :attr:`purchased_track_id`."""
        self.sold_license_uuid = ""
        """User 2's license for the owner's track 1 (the owner, its seller, may revoke it)."""
        self._rng = random.Random(seed)
        self._catalog = data.build_catalog(seed, ("Nova Keys", email, password))
        self.db = self._catalog
        """Every record the fake serves, as mutable dicts (tests may edit them)."""
        self.file_entries: dict[int, dict[str, Any]] = {}
        """Uploaded files by id; ``content`` holds the bytes."""
        for entry in self.db.licenses.values():
            if entry["track_id"] == self.purchased_track_id:
                self.license_uuid = entry["uuid"]
            elif entry["track_id"] == self.track_id:
                self.sold_license_uuid = entry["uuid"]
        now = clock()
        self._tokens: dict[str, tuple[int, float]] = {
            token: (1, now),
            self.other_token: (2, now),
            self.admin_token: (3, now),
        }
        self._windows: dict[str, tuple[float, int]] = {}
        self._plays: dict[tuple[str, int], dict[str, Any]] = {}
        self._user: dict[str, Any] | None = None
        self._bad_token = False
        self._audio_hashes: dict[tuple[str, int], str] = {}
        self._register_routes()

    def __repr__(self) -> str:
        # Tokens and passwords stay out of reprs, like every other secret in beatkit.
        return f"FakeBeatPass(base_url={self.base_url!r}, tracks={len(self.db.tracks)})"

    # -- public helpers ------------------------------------------------------------------

    def add_user(
        self,
        display_name: str = "New User",
        *,
        email: str | None = None,
        password: str = "password",  # noqa: S107 - test users' passwords are not secrets
        permissions: Iterable[str] = (),
    ) -> FakeBeatPassUser:
        """Create a user with a valid token, e.g. to act as another playlist editor.

        Args:
            display_name: The user's public name.
            email: The login email; defaults to ``user<id>@example.com``.
            password: The login password.
            permissions: Permissions such as ``"backstageRequests.handle"``.

        Returns:
            The user, with its :attr:`~FakeBeatPassUser.token`.
        """
        with self._lock:
            user_id = max(self.db.users) + 1
            email = email or f"user{user_id}@example.com"
            self.db.users[user_id] = {
                "id": user_id,
                "display_name": display_name,
                "username": display_name.lower().replace(" ", "."),
                "email": email,
                "avatar": f"{data.SITE}/storage/avatars/{user_id}.jpg",
                "created_at": data.iso(self.clock()),
                "password": password,
                "permissions": set(permissions),
            }
            token = self.issue_token(user_id)
        return FakeBeatPassUser(user_id, display_name, email, password, token)

    def issue_token(self, user_id: int = 1, name: str = "beatkit") -> str:
        """Issue a new personal access token (Sanctum style ``<id>|<secret>``) for a user.

        Args:
            user_id: The token's user.
            name: The token's name (not otherwise used).

        Returns:
            The token; valid for 90 days by the fake's clock.

        Raises:
            KeyError: No such user.
        """
        with self._lock:
            if user_id not in self.db.users:
                raise KeyError(user_id)
            secret = "".join(self._rng.choices("abcdefghijklmnopqrstuvwxyz0123456789", k=40))
            token = f"{len(self._tokens) + 1}|{secret}"
            self._tokens[token] = (user_id, self.clock())
            return token

    def revoke_token(self, token: str) -> None:
        """Make ``token`` invalid: requests carrying it get 401 from then on.

        Args:
            token: A token the fake issued.
        """
        with self._lock:
            self._tokens.pop(token, None)

    def audio_bytes(self, track_id: int) -> bytes:
        """The exact bytes ``GET /tracks/{track_id}/download`` serves.

        Args:
            track_id: A track id.

        Returns:
            The audio file (an uploaded file's bytes, or a generated WAV tone).
        """
        track = self.db.tracks[track_id]
        entry = self.file_entries.get(track["file_entry_id"] or 0)
        if entry is not None:
            return bytes(entry["content"])
        return data.wav_bytes(track["audio_seed"])

    # -- hooks ---------------------------------------------------------------------------

    def _identify(self, request: httpx.Request) -> tuple[dict[str, Any] | None, bool]:
        """``(user, bad_token)``: the token's user, or ``None`` and whether a token was bad."""
        header = request.headers.get("Authorization")
        if header is None:
            return None, False
        scheme, _, token = header.partition(" ")
        entry = self._tokens.get(token.strip()) if scheme.lower() == "bearer" else None
        if entry is None or self.clock() >= entry[1] + TOKEN_LIFETIME:
            return None, True
        return self.db.users.get(entry[0]), False

    def _window(self, request: httpx.Request) -> tuple[str, float]:
        """The caller's rate-limit key, after rolling its window over if it has passed."""
        user, _ = self._identify(request)
        key = f"user:{user['id']}" if user else "guest"
        now = self.clock()
        reset, _ = self._windows.get(key, (0.0, self.rate_limit))
        if now >= reset:
            self._windows[key] = (math.ceil(now + self.rate_limit_window), self.rate_limit)
        return key, now

    def before_route(self, request: httpx.Request) -> httpx.Response | None:
        """Apply the per-caller rate limit, then remember who is calling."""
        key, now = self._window(request)
        reset, remaining = self._windows[key]
        if remaining <= 0:
            retry_after = max(1, math.ceil(reset - now))
            response = self.json_response(
                {"message": "Too Many Attempts.", "retry_after": retry_after}, 429
            )
            response.headers["Retry-After"] = str(retry_after)
            return response
        self._windows[key] = (reset, remaining - 1)
        self._user, self._bad_token = self._identify(request)
        return None

    def finalize(self, request: httpx.Request, response: httpx.Response) -> httpx.Response:
        """Add the rate-limit headers every BeatPass response carries."""
        key, _ = self._window(request)
        reset, remaining = self._windows[key]
        response.headers["X-RateLimit-Limit"] = str(self.rate_limit)
        response.headers["X-RateLimit-Remaining"] = str(max(0, remaining))
        response.headers["X-RateLimit-Reset"] = str(int(reset))
        response.headers.setdefault("Content-Type", "application/json")
        return response

    def error_response(
        self,
        request: httpx.Request,
        status: int,
        code: str | None = None,
        message: str | None = None,
        details: Any = None,
    ) -> httpx.Response:
        """The Laravel error body: ``{"message"}``, plus ``errors`` (422) or ``error_code``."""
        body: dict[str, Any] = {"message": message or _MESSAGES.get(status, "Server Error")}
        if status == 405 and code == "method_not_allowed":
            body["message"] = self._method_not_allowed(request)
        if status == 422:
            body["status"] = "error"
            body["errors"] = details if isinstance(details, dict) else {}
        elif details is not None:
            body["errors"] = details
        if code is not None and status not in (404, 405):
            body["error_code"] = code
        if status == 429:
            body["retry_after"] = int(self.rate_limit_window)
        return self.json_response(body, status)

    def _method_not_allowed(self, request: httpx.Request) -> str:
        """Laravel's 405 message, naming the methods the path supports."""
        path = request.url.path[len(self.base_path) :].rstrip("/") or "/"
        allowed = sorted({r.method for r in self.routes if r.pattern.fullmatch(path)})
        return (
            f"The {request.method} method is not supported for route "
            f"{request.url.path.lstrip('/')}. Supported methods: {', '.join(allowed)}."
        )

    def not_found(self, request: httpx.Request) -> httpx.Response:
        """Laravel's answer to a path no route matches."""
        path = request.url.path.lstrip("/")
        return self.error_response(request, 404, message=f"The route {path} could not be found.")

    # -- plumbing ------------------------------------------------------------------------

    def _on(
        self, method: str, template: str, handler: Callable[..., Any], auth: _AuthLevel
    ) -> None:
        """Register ``handler`` behind the route's auth level; it returns a body or response."""

        def run(request: httpx.Request, **params: str) -> httpx.Response:
            if auth != "none" and self._bad_token:
                return self.error_response(request, 401)
            if auth == "required" and self._user is None:
                return self.error_response(request, 401)
            result = handler(request, **params)
            if isinstance(result, httpx.Response):
                return result
            return self.json_response(result)

        self.add_route(method, template, run)

    def _me(self) -> dict[str, Any]:
        """The authenticated user (routes with ``auth="required"`` always have one)."""
        if self._user is None:
            raise Abort(self.json_response({"message": "Unauthenticated."}, 401))
        return self._user

    @property
    def _full(self) -> bool:
        return self._user is not None

    def _is_admin(self) -> bool:
        return self._user is not None and "admin" in self._user["permissions"]

    def _fail(self, status: int, message: str | None = None, **extra: Any) -> Abort:
        body: dict[str, Any] = {"message": message or _MESSAGES.get(status, "Error")}
        body.update(extra)
        return Abort(self.json_response(body, status))

    def _invalid(self, errors: Mapping[str, list[str]]) -> Abort:
        messages = [m for items in errors.values() for m in items]
        message = messages[0]
        if len(messages) > 1:
            more = len(messages) - 1
            message += f" (and {more} more error{'s' if more > 1 else ''})"
        body = {"status": "error", "message": message, "errors": dict(errors)}
        return Abort(self.json_response(body, 422))

    def _body(self, request: httpx.Request) -> _Body:
        try:
            raw = json.loads(request.content or b"{}")
        except ValueError:
            raw = {}
        return _Body(raw)

    def _check(self, body: _Body) -> None:
        if body.errors:
            raise self._invalid(body.errors)

    def _find(self, table: Mapping[int, dict[str, Any]], raw: str, model: str) -> dict[str, Any]:
        record = table.get(int(raw)) if _DIGITS.fullmatch(raw) else None
        if record is None:
            raise self._fail(404, f"No query results for model [App\\Models\\{model}] {raw}")
        return record

    def _id_list(self, table: Mapping[int, dict[str, Any]], raw: str, model: str) -> list[int]:
        ids: list[int] = []
        for part in raw.split(","):
            record_id = self._find(table, part.strip(), model)["id"]
            if record_id not in ids:
                ids.append(record_id)
        return ids

    @staticmethod
    def _with(request: httpx.Request) -> set[str]:
        return {w.strip() for w in request.url.params.get("with", "").split(",") if w.strip()}

    def _paging(self, request: httpx.Request, default: int = 20) -> tuple[int, int]:
        params = request.url.params
        body = _Body(
            {
                "page": params.get("page"),
                "per_page": params.get("per_page", params.get("perPage")),
            }
        )
        page = body.integer("page", minimum=1)
        per_page = body.integer("per_page", minimum=1)
        if per_page is not None and per_page > 100:
            body.error("per_page", "The per page field must not be greater than 100.")
        self._check(body)
        return page or 1, per_page or default

    def _page(
        self,
        request: httpx.Request,
        items: Sequence[dict[str, Any]],
        view: Callable[[dict[str, Any]], dict[str, Any]],
        default: int = 20,
    ) -> dict[str, Any]:
        """One Laravel paginator: ``current_page``, ``data``, ``from``... and the page links."""
        page, per_page = self._paging(request, default)
        total = len(items)
        last = max(1, math.ceil(total / per_page))
        start = (page - 1) * per_page
        window = items[start : start + per_page]

        def link(number: int) -> str:
            return str(request.url.copy_set_param("page", str(number)))

        return {
            "current_page": page,
            "data": [view(item) for item in window],
            "first_page_url": link(1),
            "from": start + 1 if window else None,
            "last_page": last,
            "last_page_url": link(last),
            "next_page_url": link(page + 1) if page < last else None,
            "path": str(request.url.copy_with(query=None)),
            "per_page": per_page,
            "prev_page_url": link(page - 1) if page > 1 else None,
            "to": start + len(window) if window else None,
            "total": total,
        }

    # -- views: what the API shows of each record ----------------------------------------
    # Without a token only the minimal fields are shown (id, name, image, model_type and
    # basic metadata, as the API's description says); with one, everything plus the
    # caller's own like/purchase/follow status.

    def _user_view(self, user: dict[str, Any]) -> dict[str, Any]:
        view = {k: user[k] for k in ("id", "display_name", "avatar")}
        view["model_type"] = "user"
        if self._full:
            view["username"] = user["username"]
        return view

    @staticmethod
    def _artist_ref(artist: dict[str, Any]) -> dict[str, Any]:
        """The artist as nested in tracks and albums: always the minimal fields."""
        view = {k: artist[k] for k in ("id", "name", "image_small", "verified")}
        view["model_type"] = "artist"
        return view

    def _artist_view(self, artist: dict[str, Any]) -> dict[str, Any]:
        view = self._artist_ref(artist)
        if self._full:
            view.update(
                description=artist["description"],
                user_id=artist["user_id"],
                followers_count=artist["followers_count"],
                profile=artist["profile"],
                profile_images=artist["profile_images"],
                links=artist["links"],
                created_at=artist["created_at"],
            )
        return view

    def _genre_view(self, genre: dict[str, Any]) -> dict[str, Any]:
        return dict(genre)

    def _tag_view(self, tag: dict[str, Any]) -> dict[str, Any]:
        return {**tag, "model_type": "tag"}

    def _track_view(self, track: dict[str, Any], includes: Iterable[str] = ()) -> dict[str, Any]:
        view = {k: track[k] for k in ("id", "name", "image", "duration", "release_date")}
        view["model_type"] = "track"
        view["artists"] = [self._artist_ref(self.db.artists[a]) for a in track["artist_ids"]]
        if self._full:
            me = self._me()
            view.update(
                description=track["description"],
                bpm=track["bpm"],
                key=track["key"],
                album_id=track["album_id"],
                price=track["price"],
                exclusive_price=track["exclusive_price"],
                currency="CAD",
                downloadable=track["downloadable"],
                plays=track["plays"],
                likes_count=track["likes"] + len(track["liked_by"]),
                file_entry_id=track["file_entry_id"],
                src=track["src"],
                is_liked=me["id"] in track["liked_by"],
                is_purchased=self._has_purchased(me["id"], track["id"]),
                created_at=track["created_at"],
                updated_at=track["updated_at"],
            )
        includes = set(includes)
        if "album" in includes:
            album = self.db.albums.get(track["album_id"] or 0)
            view["album"] = None if album is None else self._album_view(album)
        if "genres" in includes:
            view["genres"] = [self._genre_view(self.db.genres[g]) for g in track["genre_ids"]]
        if "tags" in includes:
            view["tags"] = [self._tag_view(self.db.tags[t]) for t in track["tag_ids"]]
        return view

    def _album_view(self, album: dict[str, Any], includes: Iterable[str] = ()) -> dict[str, Any]:
        view = {k: album[k] for k in ("id", "name", "image", "release_date")}
        view["model_type"] = "album"
        view["artists"] = [self._artist_ref(self.db.artists[a]) for a in album["artist_ids"]]
        if self._full:
            view.update(
                description=album["description"],
                plays=album["plays"],
                tracks_count=len(self._album_tracks(album["id"])),
                created_at=album["created_at"],
            )
        includes = set(includes)
        if "tracks" in includes:
            view["tracks"] = [self._track_view(t) for t in self._album_tracks(album["id"])]
        if "genres" in includes:
            view["genres"] = [self._genre_view(self.db.genres[g]) for g in album["genre_ids"]]
        if "tags" in includes:
            view["tags"] = [self._tag_view(self.db.tags[t]) for t in album["tag_ids"]]
        return view

    def _playlist_view(self, playlist: dict[str, Any]) -> dict[str, Any]:
        view = {k: playlist[k] for k in ("id", "name", "public", "collaborative", "image")}
        view["model_type"] = "playlist"
        if self._full:
            me = self._me()
            view.update(
                description=playlist["description"],
                owner_id=playlist["owner_id"],
                owner=self._user_view(self.db.users[playlist["owner_id"]]),
                editors=[self._user_view(self.db.users[u]) for u in playlist["editor_ids"]],
                followers_count=len(playlist["follower_ids"]),
                tracks_count=len(playlist["track_ids"]),
                is_following=me["id"] in playlist["follower_ids"],
                created_at=playlist["created_at"],
                updated_at=playlist["updated_at"],
            )
        return view

    def _album_tracks(self, album_id: int) -> list[dict[str, Any]]:
        return [t for t in self.db.tracks.values() if t["album_id"] == album_id]

    def _has_purchased(self, user_id: int, track_id: int) -> bool:
        return any(
            p["user_id"] == user_id and p["track_id"] == track_id and p["status"] == "completed"
            for p in self.db.purchases.values()
        )

    def _owns_artist(self, artist_id: int) -> bool:
        artist = self.db.artists.get(artist_id)
        user = self._user
        return user is not None and (
            self._is_admin() or (artist is not None and artist["user_id"] == user["id"])
        )

    def _can_manage_track(self, track: dict[str, Any]) -> bool:
        user = self._user
        return user is not None and (
            self._is_admin()
            or track["owner_id"] == user["id"]
            or any(self._owns_artist(a) for a in track["artist_ids"])
        )

    def _now_iso(self) -> str:
        return data.iso(self.clock())

    # -- routes: auth --------------------------------------------------------------------

    def _register_routes(self) -> None:
        on = self._on
        on("POST", "/auth/login", self._login, "none")
        self._register_tracks()
        self._register_albums_and_artists()
        self._register_playlists()
        self._register_backstage_and_credits()
        self._register_lyrics_fingerprints_recon()
        self._register_discovery()
        self._register_commerce()
        self._on("POST", "/uploads", self._upload, "required")
        self._on("POST", "/tracks/{entry}/extract-metadata", self._extract_metadata, "required")

    def _login(self, request: httpx.Request) -> dict[str, Any]:
        body = self._body(request)
        email = body.text("email", required=True)
        password = body.text("password", required=True)
        token_name = body.text("token_name", required=True)
        if email is not None and "@" not in email:
            body.error("email", "The email field must be a valid email address.")
        self._check(body)
        assert email is not None
        assert password is not None
        assert token_name is not None
        user = next(
            (u for u in self.db.users.values() if u["email"].lower() == email.lower()), None
        )
        if user is None or user["password"] != password:
            raise self._invalid({"email": ["These credentials do not match our records."]})
        token = self.issue_token(user["id"], token_name)
        self._user = user
        view = self._user_view(user)
        view.update(email=user["email"], access_token=token)
        return {"status": "success", "user": view}

    # -- routes: tracks ------------------------------------------------------------------

    def _register_tracks(self) -> None:
        on = self._on
        on("GET", "/tracks", self._list_tracks, "optional")
        on("POST", "/tracks", self._create_track, "required")
        on("POST", "/tracks/wave-batch", self._wave_batch, "optional")
        on("POST", "/tracks/plays/{track}/update-duration", self._update_play, "optional")
        on("GET", "/tracks/{track}", self._get_track, "optional")
        on("PUT", "/tracks/{track}", self._update_track, "required")
        on("DELETE", "/tracks/{ids}", self._delete_tracks, "required")
        on("GET", "/tracks/{track}/download", self._download_track, "optional")
        on("GET", "/tracks/{track}/wave", self._wave, "optional")
        on("POST", "/tracks/{track}/plays", self._log_play, "optional")
        on("GET", "/tracks/{track}/engagement-metrics", self._engagement, "required")
        on("GET", "/tracks/{track}/producer-analytics", self._track_analytics, "required")

    def _track(self, raw: str) -> dict[str, Any]:
        return self._find(self.db.tracks, raw, "Track")

    def _list_tracks(self, request: httpx.Request) -> dict[str, Any]:
        query = (request.url.params.get("query") or "").strip().casefold()
        tracks = [t for t in self.db.tracks.values() if query in t["name"].casefold()]
        return {"status": "success", "tracks": self._page(request, tracks, self._track_view)}

    def _get_track(self, request: httpx.Request, track: str) -> dict[str, Any]:
        record = self._track(track)
        return {"status": "success", "track": self._track_view(record, self._with(request))}

    def _genre_ids(self, names: Iterable[str]) -> list[int]:
        """Ids of the named genres, creating the unknown ones (as the app does)."""
        ids = []
        for name in names:
            slug = re.sub(r"[^a-z0-9]+", "-", name.casefold()).strip("-") or "other"
            genre = next(
                (
                    g
                    for g in self.db.genres.values()
                    if slug == g["name"] or name.casefold() == g["display_name"].casefold()
                ),
                None,
            )
            if genre is None:
                genre_id = max(self.db.genres) + 1
                genre = {
                    "id": genre_id,
                    "name": slug,
                    "display_name": name,
                    "image": None,
                    "model_type": "genre",
                }
                self.db.genres[genre_id] = genre
            ids.append(genre["id"])
        return ids

    def _tag_ids(self, names: Iterable[str]) -> list[int]:
        ids = []
        for name in names:
            tag = next((t for t in self.db.tags.values() if t["name"] == name.casefold()), None)
            if tag is None:
                tag_id = max(self.db.tags) + 1
                tag = {"id": tag_id, "name": name.casefold(), "display_name": name}
                self.db.tags[tag_id] = tag
            ids.append(tag["id"])
        return ids

    def _track_changes(self, body: _Body, creating: bool) -> dict[str, Any]:
        """Validate a track body (create or update); the changes to apply."""
        changes: dict[str, Any] = {}
        values = {
            "name": body.text("name", required=creating),
            "description": body.text("description", max_len=5000),
            "duration": body.integer("duration"),
            "bpm": body.integer("bpm", minimum=1),
            "key": body.text("key", max_len=20),
            "release_date": body.date("release_date"),
            "image": body.text("image", max_len=1000),
            "price": body.number("price"),
            "exclusive_price": body.number("exclusive_price"),
            "downloadable": body.boolean("downloadable"),
            "artist_ids": body.ids("artists", self.db.artists),
        }
        changes.update({k: v for k, v in values.items() if v is not None})
        if "album_id" in body:
            album_id = body.integer("album_id", minimum=1)
            if album_id is not None and album_id not in self.db.albums:
                body.error("album_id", "The selected album id is invalid.")
            changes["album_id"] = album_id
        genre = body.raw.get("genre", body.raw.get("genres"))
        if genre is not None:
            names = [genre] if isinstance(genre, str) else genre
            if not isinstance(names, list) or not all(isinstance(n, str) and n for n in names):
                body.error("genre", "The genre field must be a string.")
            else:
                changes["genre_names"] = names
        tags = body.raw.get("tags")
        if tags is not None:
            if not isinstance(tags, list) or not all(isinstance(t, str) and t for t in tags):
                body.error("tags", "The tags field must be an array of strings.")
            else:
                changes["tag_names"] = tags
        if "file_entry_id" in body:
            entry_id = body.integer("file_entry_id", minimum=1)
            entry = self.file_entries.get(entry_id or 0)
            if entry is None or entry["user_id"] != self._me()["id"]:
                body.error("file_entry_id", "The selected file entry id is invalid.")
            else:
                changes["file_entry_id"] = entry["id"]
                changes["src"] = entry["url"]
        self._check(body)
        return changes

    def _apply_track(self, track: dict[str, Any], changes: dict[str, Any]) -> None:
        if "genre_names" in changes:
            track["genre_ids"] = self._genre_ids(changes.pop("genre_names"))
        if "tag_names" in changes:
            track["tag_ids"] = self._tag_ids(changes.pop("tag_names"))
        track.update(changes)
        track["updated_at"] = self._now_iso()

    def _create_track(self, request: httpx.Request) -> httpx.Response:
        me = self._me()
        changes = self._track_changes(self._body(request), creating=True)
        track_id = max(self.db.tracks, default=0) + 1
        owned = [a["id"] for a in self.db.artists.values() if a["user_id"] == me["id"]]
        now = self.clock()
        track: dict[str, Any] = {
            "id": track_id, "name": "", "release_date": data.release_date(now),
            "image": f"{data.SITE}/storage/tracks/{track_id}.jpg", "duration": 0,
            "description": None, "artist_ids": owned[:1], "album_id": None, "genre_ids": [],
            "tag_ids": [], "bpm": None, "key": None, "price": 29.99, "exclusive_price": 299.99,
            "downloadable": False, "sold_exclusively": False, "plays": 0, "likes": 0,
            "owner_id": me["id"], "file_entry_id": None, "src": None, "audio_seed": track_id,
            "liked_by": set(), "created_at": data.iso(now), "updated_at": data.iso(now),
        }  # fmt: skip
        entry = self.file_entries.get(changes.get("file_entry_id") or 0)
        if entry is not None and "duration" not in changes:
            changes["duration"] = self._audio_duration(entry["content"], entry["extension"])
        self._apply_track(track, changes)
        self.db.tracks[track_id] = track
        if track["file_entry_id"] is not None:
            # Upload flow step 4: the platform fingerprints uploaded audio by itself.
            self._start_fingerprint(track)
        view = self._track_view(track, ("album", "genres", "tags"))
        return self.json_response({"status": "success", "track": view}, 201)

    def _update_track(self, request: httpx.Request, track: str) -> dict[str, Any]:
        record = self._track(track)
        if not self._can_manage_track(record):
            raise self._fail(403)
        changes = self._track_changes(self._body(request), creating=False)
        self._apply_track(record, changes)
        view = self._track_view(record, ("album", "genres", "tags"))
        return {"status": "success", "track": view}

    def _delete_tracks(self, request: httpx.Request, ids: str) -> dict[str, Any]:
        track_ids = self._id_list(self.db.tracks, ids, "Track")
        if not all(self._can_manage_track(self.db.tracks[t]) for t in track_ids):
            raise self._fail(403)
        for track_id in track_ids:
            del self.db.tracks[track_id]
            for playlist in self.db.playlists.values():
                if track_id in playlist["track_ids"]:
                    playlist["track_ids"].remove(track_id)
            for artist in self.db.artists.values():
                if artist["pinned_track_id"] == track_id:
                    artist["pinned_track_id"] = None
            for lyric_id in [i for i, x in self.db.lyrics.items() if x["track_id"] == track_id]:
                del self.db.lyrics[lyric_id]
        return {"status": "success"}

    def _download_track(self, request: httpx.Request, track: str) -> httpx.Response:
        record = self._track(track)
        allowed = (
            record["downloadable"]
            or self._can_manage_track(record)
            or (self._user is not None and self._has_purchased(self._user["id"], record["id"]))
        )
        if not allowed:
            if self._user is None:
                raise self._fail(401)
            raise self._fail(403, "You need to purchase this track before downloading it.")
        if record["src"] is None:
            raise self._fail(404, "This track has no audio file.")
        content = self.audio_bytes(record["id"])
        entry = self.file_entries.get(record["file_entry_id"] or 0)
        mime = entry["mime"] if entry else "audio/wav"
        extension = entry["extension"] if entry else "wav"
        filename = re.sub(r"[^A-Za-z0-9]+", "-", record["name"]).strip("-") or "track"
        return httpx.Response(
            200,
            content=content,
            headers={
                "Content-Type": mime,
                "Content-Length": str(len(content)),
                "Content-Disposition": f'attachment; filename="{filename}.{extension}"',
            },
        )

    def _wave(self, request: httpx.Request, track: str) -> dict[str, Any]:
        record = self._track(track)
        return {"peaks": data.waveform_peaks(record["audio_seed"])}

    def _wave_batch(self, request: httpx.Request) -> dict[str, Any]:
        body = self._body(request)
        field = "ids" if "ids" in body and "track_ids" not in body else "track_ids"
        ids = body.ids(field, self.db.tracks, required=True)
        self._check(body)
        assert ids is not None
        waves = {str(i): data.waveform_peaks(self.db.tracks[i]["audio_seed"]) for i in ids}
        return {"status": "success", "waves": waves}

    def _caller_key(self) -> str:
        return f"user:{self._user['id']}" if self._user else "guest"

    def _log_play(self, request: httpx.Request, track: str) -> dict[str, Any]:
        record = self._track(track)
        record["plays"] += 1
        play_id = len(self._plays) + 1
        self._plays[(self._caller_key(), record["id"])] = {
            "id": play_id,
            "track_id": record["id"],
            "duration": 0,
            "created_at": self._now_iso(),
        }
        return {"status": "success", "play_id": play_id}

    def _update_play(self, request: httpx.Request, track: str) -> dict[str, Any]:
        record = self._track(track)
        body = self._body(request)
        duration = body.integer("duration", required=True)
        self._check(body)
        play = self._plays.get((self._caller_key(), record["id"]))
        if play is None:
            raise self._fail(404, "There is no active play of this track to update.")
        play["duration"] = duration
        return {"status": "success", "play_id": play["id"], "duration": duration}

    def _stats_rng(self, kind: str, item_id: int) -> random.Random:
        return random.Random(f"{kind}-{item_id}")

    def _managed_track(self, raw: str) -> dict[str, Any]:
        record = self._track(raw)
        if not self._can_manage_track(record):
            raise self._fail(403)
        return record

    def _engagement(self, request: httpx.Request, track: str) -> dict[str, Any]:
        record = self._managed_track(track)
        rng = self._stats_rng("engagement", record["id"])
        plays = record["plays"]
        listeners = plays * rng.randrange(40, 80) // 100
        return {
            "status": "success",
            "track_id": record["id"],
            "plays": plays,
            "unique_listeners": listeners,
            "likes": record["likes"] + len(record["liked_by"]),
            "reposts": rng.randrange(0, 500),
            "comments": rng.randrange(0, 300),
            "downloads": rng.randrange(0, 2000),
            "average_listen_duration": rng.randrange(30, 120) * 1000,
            "completion_rate": round(rng.uniform(0.2, 0.9), 2),
            "engagement_rate": round(rng.uniform(0.01, 0.2), 3),
        }

    def _daily(self, rng: random.Random, key: str, days: int = 7) -> list[dict[str, Any]]:
        today = self.clock() - self.clock() % 86400
        return [
            {"date": data.release_date(today - 86400 * n), key: rng.randrange(0, 500)}
            for n in range(days - 1, -1, -1)
        ]

    def _track_analytics(self, request: httpx.Request, track: str) -> dict[str, Any]:
        record = self._managed_track(track)
        rng = self._stats_rng("track-analytics", record["id"])
        sales = [
            p for p in self.db.purchases.values()
            if p["track_id"] == record["id"] and p["status"] == "completed"
        ]  # fmt: skip
        return {
            "status": "success",
            "track_id": record["id"],
            "plays": record["plays"],
            "downloads": rng.randrange(0, 2000),
            "purchases": len(sales),
            "revenue": round(sum(p["amount"] for p in sales), 2),
            "currency": "CAD",
            "plays_by_day": self._daily(rng, "plays"),
            "top_countries": [
                {"country": c, "plays": rng.randrange(10, 5000)} for c in ("CA", "US", "GB")
            ],
        }

    def _start_fingerprint(self, track: dict[str, Any]) -> dict[str, Any]:
        """Create (or restart) the track's fingerprint job."""
        existing = next(
            (f for f in self.db.fingerprints.values() if f["track_id"] == track["id"]), None
        )
        if existing is None:
            fingerprint_id = max(self.db.fingerprints, default=700) + 1
            existing = {"id": fingerprint_id, "track_id": track["id"]}
            self.db.fingerprints[fingerprint_id] = existing
        existing.update(
            status="pending", polls_left=self.fingerprint_polls, created_at=self._now_iso()
        )
        return existing

    # -- routes: albums and artists ------------------------------------------------------

    def _register_albums_and_artists(self) -> None:
        on = self._on
        on("GET", "/albums", self._list_albums, "optional")
        on("POST", "/albums", self._create_album, "required")
        on("GET", "/albums/{album}", self._get_album, "optional")
        on("PUT", "/albums/{album}", self._update_album, "required")
        on("DELETE", "/albums/{ids}", self._delete_albums, "required")
        on("GET", "/albums/{album}/producer-analytics", self._album_analytics, "required")
        on("GET", "/artists", self._list_artists, "optional")
        on("POST", "/artists", self._create_artist, "required")
        on("GET", "/artists/{artist}", self._get_artist, "optional")
        on("PUT", "/artists/{artist}", self._update_artist, "required")
        on("DELETE", "/artists/{ids}", self._delete_artists, "required")
        on("GET", "/artists/{artist}/tracks", self._artist_tracks, "optional")
        on("GET", "/artists/{artist}/albums", self._artist_albums, "optional")
        on("GET", "/artists/{artist}/producer-analytics", self._artist_analytics, "required")
        on("GET", "/artists/{artist}/downloads-analytics", self._artist_downloads, "required")
        on("GET", "/artists/{artist}/producer-achievements", self._achievements, "optional")
        on("GET", "/artists/{artist}/check-ownership", self._check_ownership, "required")

    def _album(self, raw: str) -> dict[str, Any]:
        return self._find(self.db.albums, raw, "Album")

    def _artist(self, raw: str) -> dict[str, Any]:
        return self._find(self.db.artists, raw, "Artist")

    def _can_manage_album(self, album: dict[str, Any]) -> bool:
        user = self._user
        return user is not None and (
            album["owner_id"] == user["id"]
            or any(self._owns_artist(a) for a in album["artist_ids"])
        )

    def _list_albums(self, request: httpx.Request) -> dict[str, Any]:
        albums = list(self.db.albums.values())
        return {"status": "success", "albums": self._page(request, albums, self._album_view)}

    def _get_album(self, request: httpx.Request, album: str) -> dict[str, Any]:
        record = self._album(album)
        return {"status": "success", "album": self._album_view(record, self._with(request))}

    def _album_changes(self, body: _Body, creating: bool) -> dict[str, Any]:
        values = {
            "name": body.text("name", required=creating),
            "description": body.text("description", max_len=5000),
            "release_date": body.date("release_date"),
            "image": body.text("image", max_len=1000),
        }
        changes: dict[str, Any] = {k: v for k, v in values.items() if v is not None}
        if "artist_id" in body:
            artist_id = body.integer("artist_id", minimum=1)
            if artist_id is not None and artist_id not in self.db.artists:
                body.error("artist_id", "The selected artist id is invalid.")
            elif artist_id is not None:
                changes["artist_ids"] = [artist_id]
        genre = body.raw.get("genre")
        if isinstance(genre, str) and genre:
            changes["genre_ids"] = self._genre_ids([genre])
        tags = body.raw.get("tags")
        if isinstance(tags, list) and all(isinstance(t, str) and t for t in tags):
            changes["tag_ids"] = self._tag_ids(tags)
        self._check(body)
        for owner in changes.get("artist_ids", ()):
            if not self._owns_artist(owner):
                raise self._fail(403, "You can only add albums to your own artist profiles.")
        return changes

    def _create_album(self, request: httpx.Request) -> httpx.Response:
        me = self._me()
        changes = self._album_changes(self._body(request), creating=True)
        album_id = max(self.db.albums, default=0) + 1
        owned = [a["id"] for a in self.db.artists.values() if a["user_id"] == me["id"]]
        now = self.clock()
        album: dict[str, Any] = {
            "id": album_id, "name": "", "image": f"{data.SITE}/storage/albums/{album_id}.jpg",
            "release_date": data.release_date(now), "description": None,
            "artist_ids": owned[:1], "genre_ids": [], "tag_ids": [], "owner_id": me["id"],
            "plays": 0, "created_at": data.iso(now),
        }  # fmt: skip
        album.update(changes)
        self.db.albums[album_id] = album
        view = self._album_view(album, ("genres", "tags"))
        return self.json_response({"status": "success", "album": view}, 201)

    def _update_album(self, request: httpx.Request, album: str) -> dict[str, Any]:
        record = self._album(album)
        if not self._can_manage_album(record):
            raise self._fail(403)
        record.update(self._album_changes(self._body(request), creating=False))
        return {"status": "success", "album": self._album_view(record, ("genres", "tags"))}

    def _delete_albums(self, request: httpx.Request, ids: str) -> dict[str, Any]:
        album_ids = self._id_list(self.db.albums, ids, "Album")
        if not all(self._can_manage_album(self.db.albums[a]) for a in album_ids):
            raise self._fail(403)
        for album_id in album_ids:
            del self.db.albums[album_id]
            for track in self.db.tracks.values():
                if track["album_id"] == album_id:
                    track["album_id"] = None
        return {"status": "success"}

    def _album_analytics(self, request: httpx.Request, album: str) -> dict[str, Any]:
        record = self._album(album)
        if not self._can_manage_album(record):
            raise self._fail(403)
        rng = self._stats_rng("album-analytics", record["id"])
        tracks = self._album_tracks(record["id"])
        return {
            "status": "success",
            "album_id": record["id"],
            "plays": record["plays"] + sum(t["plays"] for t in tracks),
            "tracks_count": len(tracks),
            "downloads": rng.randrange(0, 3000),
            "likes": rng.randrange(0, 4000),
            "plays_by_day": self._daily(rng, "plays"),
            "top_tracks": [
                {"track_id": t["id"], "name": t["name"], "plays": t["plays"]}
                for t in sorted(tracks, key=lambda t: -t["plays"])[:5]
            ],
        }

    def _list_artists(self, request: httpx.Request) -> dict[str, Any]:
        artists = list(self.db.artists.values())
        return {"status": "success", "artists": self._page(request, artists, self._artist_view)}

    def _artist_tracks_of(self, artist_id: int) -> list[dict[str, Any]]:
        return [t for t in self.db.tracks.values() if artist_id in t["artist_ids"]]

    def _artist_albums_of(self, artist_id: int) -> list[dict[str, Any]]:
        return [a for a in self.db.albums.values() if artist_id in a["artist_ids"]]

    def _get_artist(self, request: httpx.Request, artist: str) -> dict[str, Any]:
        record = self._artist(artist)
        view = self._artist_view(record)
        includes = self._with(request)
        if "genres" in includes:
            view["genres"] = [self._genre_view(self.db.genres[g]) for g in record["genre_ids"]]
        if "albums" in includes:
            albums = self._artist_albums_of(record["id"])
            view["albums"] = self._page(request, albums, self._album_view)
        if "topTracks" in includes:
            tracks = sorted(self._artist_tracks_of(record["id"]), key=lambda t: -t["plays"])
            view["top_tracks"] = [self._track_view(t) for t in tracks[:10]]
        if "similar" in includes:
            similar = [
                a for a in self.db.artists.values()
                if a["id"] != record["id"] and set(a["genre_ids"]) & set(record["genre_ids"])
            ]  # fmt: skip
            view["similar"] = [self._artist_ref(a) for a in similar[:10]]
        return {"status": "success", "artist": view}

    def _artist_changes(self, body: _Body, creating: bool) -> dict[str, Any]:
        values = {
            "name": body.text("name", required=creating),
            "description": body.text("description", max_len=5000),
            "image_small": body.text("image_small", max_len=1000),
        }
        self._check(body)
        return {k: v for k, v in values.items() if v is not None}

    def _create_artist(self, request: httpx.Request) -> httpx.Response:
        me = self._me()
        changes = self._artist_changes(self._body(request), creating=True)
        artist_id = max(self.db.artists, default=0) + 1
        artist: dict[str, Any] = {
            "id": artist_id, "name": "", "verified": False, "description": None,
            "image_small": f"{data.SITE}/storage/artists/{artist_id}-small.jpg",
            "user_id": me["id"], "genre_ids": [],
            "profile": {"id": artist_id, "description": None, "city": None, "country": None},
            "profile_images": [], "links": [], "followers_count": 0,
            "created_at": self._now_iso(), "pinned_track_id": None,
        }  # fmt: skip
        artist.update(changes)
        self.db.artists[artist_id] = artist
        return self.json_response({"status": "success", "artist": self._artist_view(artist)}, 201)

    def _update_artist(self, request: httpx.Request, artist: str) -> dict[str, Any]:
        record = self._artist(artist)
        if not self._owns_artist(record["id"]):
            raise self._fail(403)
        record.update(self._artist_changes(self._body(request), creating=False))
        return {"status": "success", "artist": self._artist_view(record)}

    def _delete_artists(self, request: httpx.Request, ids: str) -> dict[str, Any]:
        artist_ids = self._id_list(self.db.artists, ids, "Artist")
        if not all(self._owns_artist(a) for a in artist_ids):
            raise self._fail(403)
        for artist_id in artist_ids:
            del self.db.artists[artist_id]
            for item in (*self.db.tracks.values(), *self.db.albums.values()):
                if artist_id in item["artist_ids"]:
                    item["artist_ids"].remove(artist_id)
        return {"status": "success"}

    def _artist_tracks(self, request: httpx.Request, artist: str) -> dict[str, Any]:
        tracks = self._artist_tracks_of(self._artist(artist)["id"])
        return {"status": "success", "pagination": self._page(request, tracks, self._track_view)}

    def _artist_albums(self, request: httpx.Request, artist: str) -> dict[str, Any]:
        albums = self._artist_albums_of(self._artist(artist)["id"])
        return {"status": "success", "pagination": self._page(request, albums, self._album_view)}

    def _owned_artist(self, raw: str) -> dict[str, Any]:
        record = self._artist(raw)
        if not self._owns_artist(record["id"]):
            raise self._fail(403)
        return record

    def _artist_analytics(self, request: httpx.Request, artist: str) -> dict[str, Any]:
        record = self._owned_artist(artist)
        rng = self._stats_rng("artist-analytics", record["id"])
        tracks = self._artist_tracks_of(record["id"])
        sales = [
            p for p in self.db.purchases.values()
            if p["status"] == "completed" and p["track_id"] in {t["id"] for t in tracks}
        ]  # fmt: skip
        return {
            "status": "success",
            "artist_id": record["id"],
            "total_plays": sum(t["plays"] for t in tracks),
            "total_tracks": len(tracks),
            "followers": record["followers_count"],
            "total_sales": len(sales),
            "revenue": round(sum(p["amount"] for p in sales), 2),
            "currency": "CAD",
            "plays_by_day": self._daily(rng, "plays"),
            "top_tracks": [
                {"track_id": t["id"], "name": t["name"], "plays": t["plays"]}
                for t in sorted(tracks, key=lambda t: -t["plays"])[:5]
            ],
        }

    def _artist_downloads(self, request: httpx.Request, artist: str) -> dict[str, Any]:
        record = self._owned_artist(artist)
        rng = self._stats_rng("artist-downloads", record["id"])
        by_day = self._daily(rng, "downloads", 30)
        return {
            "status": "success",
            "artist_id": record["id"],
            "total_downloads": sum(day["downloads"] for day in by_day),
            "downloads_by_day": by_day,
            "top_tracks": [
                {"track_id": t["id"], "name": t["name"], "downloads": rng.randrange(0, 900)}
                for t in self._artist_tracks_of(record["id"])[:5]
            ],
        }

    def _achievements(self, request: httpx.Request, artist: str) -> dict[str, Any]:
        record = self._artist(artist)
        rng = self._stats_rng("achievements", record["id"])
        xp = rng.randrange(100, 20000)
        names = (
            ("first-upload", "First Upload", "Uploaded a first track"),
            ("thousand-plays", "1K Plays", "Reached 1,000 plays"),
            ("first-sale", "First Sale", "Sold a first license"),
            ("verified", "Verified", "Got a verified profile"),
            ("collaborator", "Collaborator", "Credited on 5 tracks"),
        )
        achievements = [
            {
                "id": index,
                "key": key,
                "name": name,
                "description": description,
                "unlocked": rng.random() < 0.6,
                "unlocked_at": self.db.artists[record["id"]]["created_at"],
            }
            for index, (key, name, description) in enumerate(names, start=1)
        ]
        for achievement in achievements:
            if not achievement["unlocked"]:
                achievement["unlocked_at"] = None
        return {
            "status": "success",
            "artist_id": record["id"],
            "xp": xp,
            "level": 1 + xp // 1000,
            "achievements": achievements,
        }

    def _check_ownership(self, request: httpx.Request, artist: str) -> dict[str, Any]:
        record = self._artist(artist)
        me = self._me()
        return {
            "status": "success",
            "artist_id": record["id"],
            "is_owner": record["user_id"] == me["id"],
        }

    # -- routes: playlists ---------------------------------------------------------------

    def _register_playlists(self) -> None:
        on = self._on
        on("GET", "/playlists", self._list_playlists, "optional")
        on("POST", "/playlists", self._create_playlist, "required")
        # The OpenAPI file draws the update without an id (the id then comes in the body).
        on("PUT", "/playlists", self._update_playlist, "required")
        on("GET", "/playlists/{playlist}", self._get_playlist, "optional")
        on("PUT", "/playlists/{playlist}", self._update_playlist, "required")
        on("DELETE", "/playlists/{ids}", self._delete_playlists, "required")
        on("POST", "/playlists/{playlist}/follow", self._follow_playlist, "required")
        on("POST", "/playlists/{playlist}/unfollow", self._unfollow_playlist, "required")
        on("GET", "/playlists/{playlist}/tracks", self._playlist_tracks, "optional")
        on("POST", "/playlists/{playlist}/tracks/add", self._add_tracks, "required")
        on("POST", "/playlists/{playlist}/tracks/remove", self._remove_tracks, "required")
        on("POST", "/playlists/{playlist}/tracks/order", self._order_tracks, "required")
        on("POST", "/playlists/{playlist}/invite", self._invite, "required")
        on("POST", "/playlists/{playlist}/accept-invite", self._accept_invite, "required")
        on("POST", "/playlists/{playlist}/decline-invite", self._decline_invite, "required")
        on("POST", "/playlists/{playlist}/remove-editor", self._remove_editor, "required")

    def _owns_playlist(self, playlist: dict[str, Any]) -> bool:
        user = self._user
        return user is not None and (playlist["owner_id"] == user["id"] or self._is_admin())

    def _edits_playlist(self, playlist: dict[str, Any]) -> bool:
        user = self._user
        return self._owns_playlist(playlist) or (
            user is not None and playlist["collaborative"] and user["id"] in playlist["editor_ids"]
        )

    def _playlist(
        self, raw: str, access: Literal["view", "edit", "own"] = "view"
    ) -> dict[str, Any]:
        playlist = self._find(self.db.playlists, raw, "Playlist")
        allowed = {
            "view": playlist["public"] or self._edits_playlist(playlist),
            "edit": self._edits_playlist(playlist),
            "own": self._owns_playlist(playlist),
        }[access]
        if not allowed:
            raise self._fail(403)
        return playlist

    def _list_playlists(self, request: httpx.Request) -> dict[str, Any]:
        playlists = [
            p for p in self.db.playlists.values() if p["public"] or self._edits_playlist(p)
        ]
        return {
            "status": "success",
            "playlists": self._page(request, playlists, self._playlist_view),
        }

    def _playlist_track_records(self, playlist: dict[str, Any]) -> list[dict[str, Any]]:
        return [self.db.tracks[t] for t in playlist["track_ids"] if t in self.db.tracks]

    def _get_playlist(self, request: httpx.Request, playlist: str) -> dict[str, Any]:
        record = self._playlist(playlist)
        tracks = self._playlist_track_records(record)
        view = self._playlist_view(record)
        view["totalDuration"] = sum(t["duration"] for t in tracks)
        view["tracks"] = self._page(request, tracks, self._track_view)
        return {"status": "success", "playlist": view}

    def _playlist_changes(self, body: _Body, creating: bool) -> dict[str, Any]:
        values = {
            "name": body.text("name", required=creating, max_len=250),
            "description": body.text("description", min_len=20, max_len=170),
            "image": body.text("image", max_len=1000),
            "public": body.boolean("public"),
            "collaborative": body.boolean("collaborative"),
        }
        self._check(body)
        return {k: v for k, v in values.items() if v is not None}

    def _create_playlist(self, request: httpx.Request) -> dict[str, Any]:
        me = self._me()
        changes = self._playlist_changes(self._body(request), creating=True)
        playlist_id = max(self.db.playlists, default=0) + 1
        now = self._now_iso()
        playlist: dict[str, Any] = {
            "id": playlist_id, "name": "", "description": None, "image": None,
            "public": False, "collaborative": False, "owner_id": me["id"], "track_ids": [],
            "follower_ids": set(), "editor_ids": [], "invitations": {},
            "created_at": now, "updated_at": now,
        }  # fmt: skip
        playlist.update(changes)
        self.db.playlists[playlist_id] = playlist
        return {"status": "success", "playlist": self._playlist_view(playlist)}

    def _update_playlist(
        self, request: httpx.Request, playlist: str | None = None
    ) -> dict[str, Any]:
        body = self._body(request)
        if playlist is None:
            raw_id = body.raw.get("id")
            if raw_id is None:
                raise self._invalid({"id": ["The id field is required."]})
            playlist = str(raw_id)
        record = self._playlist(playlist, "own")
        record.update(self._playlist_changes(body, creating=False))
        record["updated_at"] = self._now_iso()
        return {"status": "success", "playlist": self._playlist_view(record)}

    def _delete_playlists(self, request: httpx.Request, ids: str) -> dict[str, Any]:
        playlist_ids = self._id_list(self.db.playlists, ids, "Playlist")
        if not all(self._owns_playlist(self.db.playlists[p]) for p in playlist_ids):
            raise self._fail(403)
        for playlist_id in playlist_ids:
            del self.db.playlists[playlist_id]
        return {"status": "success"}

    def _follow_playlist(self, request: httpx.Request, playlist: str) -> dict[str, Any]:
        record = self._playlist(playlist)
        record["follower_ids"].add(self._me()["id"])
        return {"status": "success"}

    def _unfollow_playlist(self, request: httpx.Request, playlist: str) -> dict[str, Any]:
        record = self._playlist(playlist)
        record["follower_ids"].discard(self._me()["id"])
        return {"status": "success"}

    def _playlist_tracks(self, request: httpx.Request, playlist: str) -> dict[str, Any]:
        tracks = self._playlist_track_records(self._playlist(playlist))
        return {"status": "success", "pagination": self._page(request, tracks, self._track_view)}

    def _track_ids_body(self, request: httpx.Request) -> list[int]:
        body = self._body(request)
        ids = body.ids("ids", self.db.tracks, required=True)
        self._check(body)
        assert ids is not None
        return ids

    def _touched(self, playlist: dict[str, Any]) -> dict[str, Any]:
        playlist["updated_at"] = self._now_iso()
        return {"status": "success", "playlist": self._playlist_view(playlist)}

    def _add_tracks(self, request: httpx.Request, playlist: str) -> dict[str, Any]:
        record = self._playlist(playlist, "edit")
        for track_id in self._track_ids_body(request):
            if track_id not in record["track_ids"]:
                record["track_ids"].append(track_id)
        return self._touched(record)

    def _remove_tracks(self, request: httpx.Request, playlist: str) -> dict[str, Any]:
        record = self._playlist(playlist, "edit")
        removed = set(self._track_ids_body(request))
        record["track_ids"] = [t for t in record["track_ids"] if t not in removed]
        return self._touched(record)

    def _order_tracks(self, request: httpx.Request, playlist: str) -> dict[str, Any]:
        record = self._playlist(playlist, "edit")
        ordered = self._track_ids_body(request)
        stray = [t for t in ordered if t not in record["track_ids"]]
        if stray:
            raise self._invalid({"ids": [f"Track {t} is not in this playlist." for t in stray]})
        # The listed tracks take the first positions, in order; the rest keep theirs after.
        rest = [t for t in record["track_ids"] if t not in ordered]
        record["track_ids"] = ordered + rest
        return self._touched(record)

    # -- routes: playlist collaboration --------------------------------------------------
    # Rules from the docs: up to 10 editors; invitations expire 7 days after they are sent;
    # one user may be invited to one playlist at most once per 24 hours.

    def invitation(self, playlist_id: int, user_id: int) -> dict[str, Any] | None:
        """The latest invitation of ``user_id`` to a playlist, or ``None``.

        Its ``status`` is ``pending``, ``accepted``, ``declined``, ``expired`` or
        ``cancelled``; ``invited_at`` is in epoch seconds of the fake's clock.

        Args:
            playlist_id: The playlist.
            user_id: The invited user.

        Returns:
            The invitation record (live: the fake's own dict), or ``None``.
        """
        invitation: dict[str, Any] | None = self.db.playlists[playlist_id]["invitations"].get(
            user_id
        )
        if invitation is not None:
            self._expire(invitation)
        return invitation

    def _expire(self, invitation: dict[str, Any]) -> None:
        expired = self.clock() >= invitation["invited_at"] + INVITATION_LIFETIME
        if invitation["status"] == "pending" and expired:
            invitation["status"] = "expired"

    def _invite(self, request: httpx.Request, playlist: str) -> dict[str, Any]:
        record = self._playlist(playlist, "own")
        body = self._body(request)
        user_id = body.integer("user_id", required=True, minimum=1)
        if user_id is not None and user_id not in self.db.users:
            body.error("user_id", "The selected user id is invalid.")
        self._check(body)
        assert user_id is not None
        if not record["collaborative"]:
            raise self._invalid({"playlist": ["This playlist is not collaborative."]})
        if user_id == record["owner_id"]:
            raise self._invalid({"user_id": ["You cannot invite the playlist owner."]})
        if user_id in record["editor_ids"]:
            raise self._invalid({"user_id": ["This user is already an editor of this playlist."]})
        if len(record["editor_ids"]) >= MAX_EDITORS:
            raise self._invalid(
                {"user_id": [f"Collaborative playlists support up to {MAX_EDITORS} editors."]}
            )
        now = self.clock()
        previous = self.invitation(record["id"], user_id)
        if previous is not None and previous["status"] == "pending":
            raise self._invalid({"user_id": ["This user already has a pending invitation."]})
        if previous is not None and now < previous["invited_at"] + REINVITE_COOLDOWN:
            hours = math.ceil((previous["invited_at"] + REINVITE_COOLDOWN - now) / 3600)
            raise self._invalid(
                {
                    "user_id": [
                        "This user was invited less than 24 hours ago. You can invite them "
                        f"again in {hours} hour{'s' if hours != 1 else ''}."
                    ]
                }
            )
        invitation = {
            "playlist_id": record["id"],
            "user_id": user_id,
            "invited_by": self._me()["id"],
            "status": "pending",
            "invited_at": now,
        }
        record["invitations"][user_id] = invitation
        return {
            "status": "success",
            "message": "Invitation sent successfully",
            "invitation": self._invitation_view(invitation),
        }

    @staticmethod
    def _invitation_view(invitation: dict[str, Any]) -> dict[str, Any]:
        return {
            "playlist_id": invitation["playlist_id"],
            "user_id": invitation["user_id"],
            "status": invitation["status"],
            "invited_at": data.iso(invitation["invited_at"]),
            "expires_at": data.iso(invitation["invited_at"] + INVITATION_LIFETIME),
        }

    def _my_invitation(self, raw: str) -> tuple[dict[str, Any], dict[str, Any]]:
        """The caller's pending invitation to a playlist (404 when none or expired)."""
        record = self._find(self.db.playlists, raw, "Playlist")
        invitation = self.invitation(record["id"], self._me()["id"])
        if invitation is None or invitation["status"] not in ("pending", "expired"):
            raise self._fail(404, "You have no pending invitation to this playlist.")
        if invitation["status"] == "expired":
            raise self._fail(404, "This invitation has expired.")
        return record, invitation

    def _accept_invite(self, request: httpx.Request, playlist: str) -> dict[str, Any]:
        record, invitation = self._my_invitation(playlist)
        if len(record["editor_ids"]) >= MAX_EDITORS:
            raise self._invalid(
                {"playlist": [f"Collaborative playlists support up to {MAX_EDITORS} editors."]}
            )
        invitation["status"] = "accepted"
        record["editor_ids"].append(invitation["user_id"])
        return {"status": "success", "playlist": self._playlist_view(record)}

    def _decline_invite(self, request: httpx.Request, playlist: str) -> dict[str, Any]:
        _, invitation = self._my_invitation(playlist)
        invitation["status"] = "declined"
        return {"status": "success"}

    def _remove_editor(self, request: httpx.Request, playlist: str) -> dict[str, Any]:
        record = self._find(self.db.playlists, playlist, "Playlist")
        body = self._body(request)
        user_id = body.integer("user_id", required=True, minimum=1)
        self._check(body)
        # The owner removes anyone; an editor may only remove themselves (leave).
        if not (self._owns_playlist(record) or user_id == self._me()["id"]):
            raise self._fail(403)
        invitation = self.invitation(record["id"], user_id or 0)
        if user_id in record["editor_ids"]:
            record["editor_ids"].remove(user_id)
        elif invitation is not None and invitation["status"] == "pending":
            invitation["status"] = "cancelled"
        else:
            raise self._invalid({"user_id": ["This user is not an editor of this playlist."]})
        return {"status": "success"}

    # -- routes: backstage (producer program requests) -----------------------------------
    # The guard: a pending or a revoked request blocks a new one (409), pending first;
    # denied and approved ones do not block.

    def add_backstage_request(
        self,
        user_id: int,
        status: str = "pending",
        *,
        request_type: str = "become-artist",
        artist_name: str | None = None,
    ) -> dict[str, Any]:
        """Store a backstage request directly, e.g. to set up the guard's cases.

        Args:
            user_id: Whose request it is.
            status: ``pending``, ``approved``, ``denied`` or ``revoked``.
            request_type: ``become-artist``, ``verify-artist`` or ``claim-artist``.
            artist_name: The requested name; defaults to the user's name.

        Returns:
            The stored request (the fake's own dict).
        """
        with self._lock:
            request_id = max(self.db.backstage, default=400) + 1
            now = self._now_iso()
            record: dict[str, Any] = {
                "id": request_id,
                "user_id": user_id,
                "type": request_type,
                "status": status,
                "artist_name": artist_name or self.db.users[user_id]["display_name"],
                "artist_id": None,
                "data": {},
                "notes": None,
                "created_at": now,
                "updated_at": now,
            }
            self.db.backstage[request_id] = record
            return record

    def set_backstage_status(self, request_id: int, status: str) -> None:
        """Decide a backstage request as an admin would (approve, deny, revoke...).

        Args:
            request_id: The request.
            status: ``pending``, ``approved``, ``denied`` or ``revoked``.
        """
        with self._lock:
            self.db.backstage[request_id]["status"] = status
            self.db.backstage[request_id]["updated_at"] = self._now_iso()

    def _register_backstage_and_credits(self) -> None:
        on = self._on
        on("GET", "/backstage-request/submission-status", self._submission_status, "required")
        on("POST", "/backstage-request", self._create_backstage, "required")
        on("POST", "/backstage-request/{request_id}/revoke", self._revoke_backstage, "required")
        on("GET", "/credits/roles", self._credit_roles, "none")
        on("GET", "/credits/spotify-search", self._spotify_search, "required")
        on("GET", "/credits/spotify-album", self._spotify_album, "required")
        on("GET", "/artists/{artist}/credits", self._list_credits, "optional")
        on("POST", "/artists/{artist}/credits", self._create_credit, "required")
        on("POST", "/artists/{artist}/credits/album", self._create_album_credit, "required")
        on("POST", "/artists/{artist}/credits/reorder", self._reorder_credits, "required")
        on("PUT", "/artists/{artist}/credits/{credit}", self._update_credit, "required")
        on("DELETE", "/artists/{artist}/credits/{credit}", self._delete_credit, "required")
        on("POST", "/artists/{artist}/tracks/{track}/pin", self._pin, "required")
        on("POST", "/artists/{artist}/tracks/{track}/unpin", self._unpin, "required")
        on("GET", "/artists/{artist}/pinned-track", self._pinned, "optional")

    def _blocker(self, user_id: int) -> dict[str, Any] | None:
        """The request that blocks a new submission: the latest pending, else latest revoked."""
        mine = sorted(
            (r for r in self.db.backstage.values() if r["user_id"] == user_id),
            key=lambda r: r["id"],
            reverse=True,
        )
        for status in ("pending", "revoked"):
            for record in mine:
                if record["status"] == status:
                    return record
        return None

    def _submission_status(self, request: httpx.Request) -> dict[str, Any]:
        blocker = self._blocker(self._me()["id"])
        if blocker is None:
            return {
                "can_submit": True,
                "block_reason": None,
                "message": None,
                "contact_url": None,
                "blocking_request_id": None,
            }
        revoked = blocker["status"] == "revoked"
        return {
            "can_submit": False,
            "block_reason": blocker["status"],
            "message": _REVOKED_MESSAGE if revoked else _PENDING_MESSAGE,
            "contact_url": "/contact" if revoked else None,
            "blocking_request_id": blocker["id"],
        }

    @staticmethod
    def _backstage_view(record: dict[str, Any]) -> dict[str, Any]:
        return dict(record)

    def _create_backstage(self, request: httpx.Request) -> httpx.Response:
        me = self._me()
        body = self._body(request)
        kinds = ("become-artist", "verify-artist", "claim-artist")
        kind = body.choice("type", kinds, required=True)
        artist_name = body.text("artist_name", required=True)
        payload = body.raw.get("data")
        if payload is None:
            body.error("data", "The data field is required.")
        elif not isinstance(payload, dict):
            body.error("data", "The data field must be an array.")
        artist_id = body.raw.get("artist_id")
        if isinstance(artist_id, str) and _DIGITS.fullmatch(artist_id):
            artist_id = int(artist_id)
        if artist_id is None and kind in ("verify-artist", "claim-artist"):
            body.error("artist_id", f"The artist id field is required when type is {kind}.")
        elif artist_id is not None and (
            not isinstance(artist_id, int | str)
            or (isinstance(artist_id, int) and artist_id not in self.db.artists)
        ):
            body.error("artist_id", "The selected artist id is invalid.")
        self._check(body)
        blocker = self._blocker(me["id"])
        if blocker is not None:
            revoked = blocker["status"] == "revoked"
            raise self._fail(
                409,
                _REVOKED_MESSAGE if revoked else _PENDING_MESSAGE,
                error_code=f"backstage_request_{blocker['status']}",
                contact_url="/contact" if revoked else None,
                blocking_request_id=blocker["id"],
            )
        record = self.add_backstage_request(
            me["id"], request_type=kind or "", artist_name=artist_name
        )
        record.update(artist_id=artist_id, data=payload)
        return self.json_response(
            {"status": "success", "request": self._backstage_view(record)}, 201
        )

    def _revoke_backstage(self, request: httpx.Request, request_id: str) -> dict[str, Any]:
        if data.ADMIN_PERMISSION not in self._me()["permissions"]:
            raise self._fail(403)
        record = self._find(self.db.backstage, request_id, "BackstageRequest")
        body = self._body(request)
        notes = body.text("notes", max_len=5000)
        self._check(body)
        if record["status"] != "approved":
            raise self._invalid({"status": ["Only approved requests can be revoked."]})
        record.update(status="revoked", notes=notes, updated_at=self._now_iso())
        return {"status": "success", "request": self._backstage_view(record)}

    # -- routes: artist credits and pinning ----------------------------------------------

    def _credit_roles(self, request: httpx.Request) -> dict[str, Any]:
        roles = [{"id": key, "name": name} for key, name in data.CREDIT_ROLES]
        return {"status": "success", "roles": roles}

    def _spotify_id(self, *parts: str) -> str:
        alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
        digest = hashlib.sha256("/".join(parts).encode()).digest()
        return "".join(alphabet[b % 62] for b in digest[:22])

    def _spotify_search(self, request: httpx.Request) -> dict[str, Any]:
        params = request.url.params
        body = _Body({"query": params.get("query", params.get("q")), "type": params.get("type")})
        query = body.text("query", required=True)
        kind = body.choice("type", ("track", "album")) or "track"
        self._check(body)
        assert query is not None
        rng = random.Random(f"spotify-{kind}-{query.casefold()}")
        results = []
        suffixes = ("", "II", "Remix", "Interlude", "Reprise")
        for index in range(5):
            item_id = self._spotify_id(kind, query, str(index))
            album_id = self._spotify_id("album", query, str(index))
            results.append(
                {
                    "id": item_id,
                    "type": kind,
                    "name": f"{query.title()} {suffixes[index]}".strip(),
                    "artists": [{"name": f"Artist {rng.randrange(100, 999)}"}],
                    "album": {"id": album_id, "name": f"{query.title()} Deluxe"},
                    "release_date": f"20{rng.randrange(10, 25)}-0{rng.randrange(1, 10)}-1{index}",
                    "image": f"https://i.scdn.co/image/{item_id}",
                    "external_url": f"https://open.spotify.com/{kind}/{item_id}",
                }
            )
        return {"status": "success", "results": results}

    def _spotify_album(self, request: httpx.Request) -> dict[str, Any]:
        params = request.url.params
        body = _Body({"id": params.get("id", params.get("album_id"))})
        album_id = body.text("id", required=True)
        self._check(body)
        assert album_id is not None
        rng = random.Random(f"spotify-album-{album_id}")
        tracks = [
            {
                "id": self._spotify_id("track", album_id, str(n)),
                "name": f"Track {n}",
                "track_number": n,
                "duration_ms": rng.randrange(120, 260) * 1000,
            }
            for n in range(1, rng.randrange(6, 13))
        ]
        return {
            "status": "success",
            "album": {
                "id": album_id,
                "name": f"Album {album_id[:6]}",
                "release_date": f"20{rng.randrange(10, 25)}-0{rng.randrange(1, 10)}-15",
                "artists": [{"name": f"Artist {rng.randrange(100, 999)}"}],
                "image": f"https://i.scdn.co/image/{album_id}",
                "external_url": f"https://open.spotify.com/album/{album_id}",
                "tracks": tracks,
            },
        }

    def _artist_credits(self, artist_id: int) -> list[dict[str, Any]]:
        credits = [c for c in self.db.credits.values() if c["artist_id"] == artist_id]
        return sorted(credits, key=lambda c: (c["position"], c["id"]))

    def _list_credits(self, request: httpx.Request, artist: str) -> dict[str, Any]:
        record = self._artist(artist)
        return {"status": "success", "credits": self._artist_credits(record["id"])}

    def _credit_changes(self, body: _Body, creating: bool, kind: str) -> dict[str, Any]:
        roles = [key for key, _ in data.CREDIT_ROLES] + [name for _, name in data.CREDIT_ROLES]
        title_field = "album_name" if kind == "album" else "title"
        values = {
            "role": body.choice("role", roles, required=creating),
            "title": body.text("title", required=creating and kind == "track"),
            "album_name": body.text("album_name", required=creating and kind == "album"),
            "artist_name": body.text("artist_name"),
            "release_date": body.date("release_date"),
            "image": body.text("image", max_len=1000),
            "spotify_id": body.text("spotify_id", max_len=64),
            "spotify_url": body.text("spotify_url", max_len=1000),
        }
        self._check(body)
        changes = {k: v for k, v in values.items() if v is not None}
        role = changes.get("role")
        if role is not None:
            # Role names are accepted too; the API stores the role's id.
            changes["role"] = next(key for key, name in data.CREDIT_ROLES if role in (key, name))
        if creating and kind == "album":
            changes.setdefault("title", changes[title_field])
        return changes

    def _new_credit(self, request: httpx.Request, artist: str, kind: str) -> httpx.Response:
        record = self._owned_artist(artist)
        changes = self._credit_changes(self._body(request), creating=True, kind=kind)
        credit_id = max(self.db.credits, default=0) + 1
        credit: dict[str, Any] = {
            "id": credit_id, "artist_id": record["id"], "type": kind, "role": None,
            "title": None, "artist_name": None, "album_name": None, "release_date": None,
            "image": None, "spotify_id": None, "spotify_url": None,
            "position": len(self._artist_credits(record["id"])),
            "created_at": self._now_iso(),
        }  # fmt: skip
        credit.update(changes)
        self.db.credits[credit_id] = credit
        return self.json_response({"status": "success", "credit": credit}, 201)

    def _create_credit(self, request: httpx.Request, artist: str) -> httpx.Response:
        return self._new_credit(request, artist, "track")

    def _create_album_credit(self, request: httpx.Request, artist: str) -> httpx.Response:
        return self._new_credit(request, artist, "album")

    def _credit(self, artist: dict[str, Any], raw: str) -> dict[str, Any]:
        credit = self._find(self.db.credits, raw, "ArtistCredit")
        if credit["artist_id"] != artist["id"]:
            raise self._fail(404, f"No query results for model [App\\Models\\ArtistCredit] {raw}")
        return credit

    def _update_credit(self, request: httpx.Request, artist: str, credit: str) -> dict[str, Any]:
        record = self._owned_artist(artist)
        item = self._credit(record, credit)
        item.update(self._credit_changes(self._body(request), creating=False, kind=item["type"]))
        return {"status": "success", "credit": item}

    def _delete_credit(self, request: httpx.Request, artist: str, credit: str) -> dict[str, Any]:
        record = self._owned_artist(artist)
        del self.db.credits[self._credit(record, credit)["id"]]
        for position, item in enumerate(self._artist_credits(record["id"])):
            item["position"] = position
        return {"status": "success"}

    def _reorder_credits(self, request: httpx.Request, artist: str) -> dict[str, Any]:
        record = self._owned_artist(artist)
        body = self._body(request)
        ids = body.ids("ids", self.db.credits, required=True)
        self._check(body)
        current = [c["id"] for c in self._artist_credits(record["id"])]
        if sorted(ids or []) != sorted(current):
            raise self._invalid({"ids": ["The ids must list every credit of this artist once."]})
        for position, credit_id in enumerate(ids or []):
            self.db.credits[credit_id]["position"] = position
        return {"status": "success", "credits": self._artist_credits(record["id"])}

    def _pin_target(self, artist: str, track: str) -> tuple[dict[str, Any], dict[str, Any]]:
        record = self._owned_artist(artist)
        item = self._track(track)
        if record["id"] not in item["artist_ids"]:
            raise self._invalid({"track": ["This track does not belong to this artist."]})
        return record, item

    def _pin(self, request: httpx.Request, artist: str, track: str) -> dict[str, Any]:
        record, item = self._pin_target(artist, track)
        record["pinned_track_id"] = item["id"]
        return {"status": "success", "message": "Track pinned.", "track": self._track_view(item)}

    def _unpin(self, request: httpx.Request, artist: str, track: str) -> dict[str, Any]:
        record, item = self._pin_target(artist, track)
        if record["pinned_track_id"] == item["id"]:
            record["pinned_track_id"] = None
        return {"status": "success", "message": "Track unpinned."}

    def _pinned(self, request: httpx.Request, artist: str) -> dict[str, Any]:
        record = self._artist(artist)
        item = self.db.tracks.get(record["pinned_track_id"] or 0)
        return {"status": "success", "track": None if item is None else self._track_view(item)}

    # -- routes: lyrics, fingerprints, Audio Recon ---------------------------------------

    def _register_lyrics_fingerprints_recon(self) -> None:
        on = self._on
        on("GET", "/lyrics", self._list_lyrics, "optional")
        on("POST", "/lyrics", self._create_lyric, "required")
        on("PUT", "/lyrics/{lyric}", self._update_lyric, "required")
        on("DELETE", "/lyrics/{ids}", self._delete_lyrics, "required")
        on("GET", "/tracks/{track}/lyrics", self._track_lyric, "optional")
        on("POST", "/tracks/check-duplicates", self._check_duplicates, "required")
        on("POST", "/tracks/{track}/fingerprint", self._generate_fingerprint, "required")
        on("GET", "/tracks/{track}/fingerprint/status", self._fingerprint_status, "required")
        on("POST", "/fingerprints/{fingerprint}/retry", self._retry_fingerprint, "required")
        on("GET", "/tracks/{track}/placements", self._placements, "required")

    def _lyric_view(self, lyric: dict[str, Any]) -> dict[str, Any]:
        view = {k: lyric[k] for k in ("id", "text", "track_id")}
        if self._full:
            view.update(
                is_synced=lyric["is_synced"],
                created_at=lyric["created_at"],
                updated_at=lyric.get("updated_at", lyric["created_at"]),
            )
        return view

    def _list_lyrics(self, request: httpx.Request) -> dict[str, Any]:
        lyrics = list(self.db.lyrics.values())
        return {"status": "success", "pagination": self._page(request, lyrics, self._lyric_view)}

    def _track_lyric(self, request: httpx.Request, track: str) -> dict[str, Any]:
        record = self._track(track)
        lyric = next((x for x in self.db.lyrics.values() if x["track_id"] == record["id"]), None)
        if lyric is None:
            raise self._fail(404, "This track has no lyrics.")
        return {"status": "success", "lyric": self._lyric_view(lyric)}

    def _managed_lyric(self, raw: str) -> dict[str, Any]:
        lyric = self._find(self.db.lyrics, raw, "Lyric")
        track = self.db.tracks.get(lyric["track_id"])
        if track is None or not self._can_manage_track(track):
            raise self._fail(403)
        return lyric

    def _create_lyric(self, request: httpx.Request) -> httpx.Response:
        body = self._body(request)
        track_id = body.integer("track_id", required=True, minimum=1)
        text = body.text("text", required=True, max_len=50000)
        synced = body.boolean("is_synced")
        if track_id is not None and track_id not in self.db.tracks:
            body.error("track_id", "The selected track id is invalid.")
        self._check(body)
        assert track_id is not None
        if not self._can_manage_track(self.db.tracks[track_id]):
            raise self._fail(403)
        if any(x["track_id"] == track_id for x in self.db.lyrics.values()):
            raise self._invalid({"track_id": ["This track already has lyrics."]})
        lyric_id = max(self.db.lyrics, default=0) + 1
        now = self._now_iso()
        lyric = {
            "id": lyric_id,
            "track_id": track_id,
            "text": text,
            "is_synced": bool(synced),
            "created_at": now,
            "updated_at": now,
        }
        self.db.lyrics[lyric_id] = lyric
        return self.json_response({"status": "success", "lyric": self._lyric_view(lyric)}, 201)

    def _update_lyric(self, request: httpx.Request, lyric: str) -> dict[str, Any]:
        record = self._managed_lyric(lyric)
        body = self._body(request)
        values = {"text": body.text("text", max_len=50000), "is_synced": body.boolean("is_synced")}
        self._check(body)
        record.update({k: v for k, v in values.items() if v is not None})
        record["updated_at"] = self._now_iso()
        return {"status": "success", "lyric": self._lyric_view(record)}

    def _delete_lyrics(self, request: httpx.Request, ids: str) -> dict[str, Any]:
        lyric_ids = self._id_list(self.db.lyrics, ids, "Lyric")
        for lyric_id in lyric_ids:
            self._managed_lyric(str(lyric_id))
        for lyric_id in lyric_ids:
            del self.db.lyrics[lyric_id]
        return {"status": "success"}

    def fail_fingerprint(self, track_id: int) -> None:
        """Mark a track's fingerprint as failed, so ``/fingerprints/{id}/retry`` can run.

        Args:
            track_id: A track that has a fingerprint.
        """
        with self._lock:
            fingerprint = self._fingerprint_of(track_id)
            if fingerprint is None:
                raise KeyError(track_id)
            fingerprint["status"] = "failed"

    def _fingerprint_of(self, track_id: int) -> dict[str, Any] | None:
        return next((f for f in self.db.fingerprints.values() if f["track_id"] == track_id), None)

    def _audio_hash(self, track: dict[str, Any]) -> str:
        """The acoustic "fingerprint": a hash of the audio bytes (cached, audio never changes)."""
        entry_id = track["file_entry_id"]
        key = ("entry", entry_id) if entry_id is not None else ("seed", track["audio_seed"])
        if key not in self._audio_hashes:
            self._audio_hashes[key] = hashlib.sha256(self.audio_bytes(track["id"])).hexdigest()
        return self._audio_hashes[key]

    def _generate_fingerprint(self, request: httpx.Request, track: str) -> dict[str, Any]:
        record = self._managed_track(track)
        if record["src"] is None:
            raise self._invalid({"track": ["This track has no audio file to fingerprint."]})
        fingerprint = self._start_fingerprint(record)
        return {
            "status": "success",
            "message": "Fingerprint generation started",
            "fingerprint_id": fingerprint["id"],
        }

    def _fingerprint_status(self, request: httpx.Request, track: str) -> dict[str, Any]:
        record = self._managed_track(track)
        fingerprint = self._fingerprint_of(record["id"])
        if fingerprint is not None and fingerprint["status"] in ("pending", "processing"):
            # Each poll moves a started job along: processing for `fingerprint_polls` polls.
            if fingerprint["polls_left"] > 0:
                fingerprint["polls_left"] -= 1
                fingerprint["status"] = "processing"
            else:
                fingerprint["status"] = "completed"
        return {
            "status": "success",
            "fingerprint_status": None if fingerprint is None else fingerprint["status"],
            "fingerprint_id": None if fingerprint is None else fingerprint["id"],
        }

    def _retry_fingerprint(self, request: httpx.Request, fingerprint: str) -> dict[str, Any]:
        record = self._find(self.db.fingerprints, fingerprint, "TrackFingerprint")
        track = self.db.tracks.get(record["track_id"])
        if track is None or not self._can_manage_track(track):
            raise self._fail(403)
        if record["status"] != "failed":
            raise self._invalid({"fingerprint": ["Only failed fingerprints can be retried."]})
        self._start_fingerprint(track)
        return {
            "status": "success",
            "message": "Fingerprint generation restarted",
            "fingerprint_id": record["id"],
        }

    def _check_duplicates(self, request: httpx.Request) -> dict[str, Any]:
        body = self._body(request)
        duplicates: list[dict[str, Any]] = []
        if "file_entry_id" in body and "track_ids" not in body:
            entry_id = body.integer("file_entry_id", minimum=1)
            entry = self.file_entries.get(entry_id or 0)
            if entry is None:
                body.error("file_entry_id", "The selected file entry id is invalid.")
            self._check(body)
            assert entry is not None
            digest = hashlib.sha256(entry["content"]).hexdigest()
            for other in self.db.tracks.values():
                if other["src"] is not None and self._audio_hash(other) == digest:
                    duplicates.append(
                        {
                            "file_entry_id": entry["id"],
                            "duplicate_track_id": other["id"],
                            "similarity": 1.0,
                        }
                    )
            return {"status": "success", "duplicates": duplicates}
        ids = body.ids("track_ids", self.db.tracks, required=True)
        self._check(body)
        for track_id in ids or []:
            track = self.db.tracks[track_id]
            if track["src"] is None:
                continue
            digest = self._audio_hash(track)
            for other in self.db.tracks.values():
                if other["id"] == track_id or other["src"] is None:
                    continue
                if self._audio_hash(other) == digest:
                    duplicates.append(
                        {"track_id": track_id, "duplicate_track_id": other["id"], "similarity": 1.0}
                    )
        return {"status": "success", "duplicates": duplicates}

    def _placements(self, request: httpx.Request, track: str) -> dict[str, Any]:
        record = self._track(track)
        credited = any(self._owns_artist(a) for a in record["artist_ids"])
        if not credited:
            raise self._fail(403, "You are not a credited producer on this track.")
        primary = self.db.artists.get(record["artist_ids"][0]) if record["artist_ids"] else None
        verified = bool(primary and primary["verified"])
        scan = self.db.scans.get(record["id"])
        if scan is None or not verified:
            scan = {"scan_status": None, "scanned_at": None, "placements": []}
        # Only high-confidence matches are shown (display threshold 90), best first.
        shown = sorted(
            (p for p in scan["placements"] if p["confidence_score"] >= 90),
            key=lambda p: (-p["confidence_score"], p["id"]),
        )
        return {
            "placements": shown,
            "scan_status": scan["scan_status"],
            "scanned_at": scan["scanned_at"],
            "total_count": len(shown),
            "artist_verified": verified,
        }

    # -- routes: cover art, search and discovery -----------------------------------------

    def _register_discovery(self) -> None:
        on = self._on
        on("GET", "/cover-art/templates", self._templates, "optional")
        on("GET", "/cover-art/templates/{template}", self._template, "optional")
        on("POST", "/cover-art/preview", self._preview, "required")
        on("GET", "/cover-art/matching-templates", self._matching_templates, "optional")
        on("GET", "/search", self._search, "optional")
        on("GET", "/search/suggestions/{kind}", self._suggestions, "optional")
        on("GET", "/search/suggestions/{kind}/{item}", self._suggestion, "optional")
        on(
            "GET",
            "/search/audio/{track}/{artist_name}/{track_name}",
            self._audio_search,
            "optional",
        )
        on("GET", "/genres", self._list_genres, "optional")
        on("GET", "/genres/{name}", self._get_genre, "optional")
        on("GET", "/tags/{tag}/tracks", self._tag_tracks, "optional")
        on("GET", "/tags/{tag}/albums", self._tag_albums, "optional")
        on("GET", "/radio/{kind}/{item}", self._radio, "optional")

    def _templates(self, request: httpx.Request) -> dict[str, Any]:
        return {"status": "success", "templates": list(self.db.templates.values())}

    def _template(self, request: httpx.Request, template: str) -> dict[str, Any]:
        record = self._find(self.db.templates, template, "CoverArtTemplate")
        return {"status": "success", "template": record}

    def _preview(self, request: httpx.Request) -> dict[str, Any]:
        body = self._body(request)
        template_id = body.integer("template_id", required=True, minimum=1)
        title = body.text("title", required=True)
        artist = body.text("artist")
        if template_id is not None and template_id not in self.db.templates:
            body.error("template_id", "The selected template id is invalid.")
        self._check(body)
        key = json.dumps([template_id, title, artist, body.raw.get("options")], sort_keys=True)
        digest = hashlib.sha256(key.encode()).hexdigest()[:32]
        return {
            "status": "success",
            "preview_url": f"{data.SITE}/storage/cover-art/previews/{digest}.jpg",
            "template_id": template_id,
        }

    def _matching_templates(self, request: httpx.Request) -> dict[str, Any]:
        params = request.url.params
        genre = (params.get("genre") or "").casefold()
        mood = (params.get("mood") or "").casefold()
        names = {genre}
        for record in self.db.genres.values():
            if genre and genre == record["display_name"].casefold():
                names.add(record["name"])
        matches = [
            t
            for t in self.db.templates.values()
            if (not genre or t["genre"] in names) and (not mood or t["mood"] == mood)
        ]
        return {"status": "success", "templates": matches}

    def _search(self, request: httpx.Request) -> dict[str, Any]:
        params = request.url.params
        kinds = ("album", "artist", "playlist", "track", "user")
        body = _Body({"query": params.get("query"), "limit": params.get("limit")})
        query = body.text("query", required=True)
        limit = body.integer("limit", minimum=1)
        if limit is not None and limit > 50:
            body.error("limit", "The limit field must not be greater than 50.")
        raw_types = params.get("types") or ",".join(kinds)
        types = [t.strip() for t in raw_types.split(",") if t.strip()]
        if not types or any(t not in kinds for t in types):
            body.error("types", "The selected types is invalid.")
        self._check(body)
        assert query is not None
        needle = query.casefold()
        size = limit or 3
        sources: dict[str, tuple[Iterable[dict[str, Any]], str, Callable[..., dict[str, Any]]]] = {
            "album": (self.db.albums.values(), "name", self._album_view),
            "artist": (self.db.artists.values(), "name", self._artist_view),
            "playlist": (
                (p for p in self.db.playlists.values() if p["public"] or self._edits_playlist(p)),
                "name",
                self._playlist_view,
            ),
            "track": (self.db.tracks.values(), "name", self._track_view),
            "user": (self.db.users.values(), "display_name", self._user_view),
        }
        results = {}
        for kind in types:
            records, field, view = sources[kind]
            hits = [r for r in records if needle in r[field].casefold()]
            results[f"{kind}s"] = [view(r) for r in hits[:size]]
        return {"status": "success", "query": query, "results": results}

    def _suggestion_view(self, record: dict[str, Any], kind: str) -> dict[str, Any]:
        return {
            "id": record["id"],
            "name": record["name"],
            "image": record["image_small"] if kind == "artist" else record["image"],
            "description": record["description"],
            "model_type": kind,
        }

    def _suggestion_table(self, kind: str) -> dict[int, dict[str, Any]]:
        if kind == "artist":
            return self.db.artists
        if kind == "album":
            return self.db.albums
        raise self._fail(404, f"The route api/v1/search/suggestions/{kind} could not be found.")

    def _suggestions(self, request: httpx.Request, kind: str) -> dict[str, Any]:
        table = self._suggestion_table(kind)
        needle = (request.url.params.get("query") or "").casefold()
        hits = [r for r in table.values() if needle in r["name"].casefold()][:10]
        return {"status": "success", "results": [self._suggestion_view(r, kind) for r in hits]}

    def _suggestion(self, request: httpx.Request, kind: str, item: str) -> dict[str, Any]:
        table = self._suggestion_table(kind)
        record = self._find(table, item, kind.title())
        return {"status": "success", kind: self._suggestion_view(record, kind)}

    def _similar_tracks(self, seeds: Sequence[dict[str, Any]], count: int) -> list[dict[str, Any]]:
        """Tracks sharing a genre with the seeds, closest BPM first (the seeds excluded)."""
        genres = {g for t in seeds for g in t["genre_ids"]}
        bpm = sum(t["bpm"] or 100 for t in seeds) / max(1, len(seeds))
        seed_ids = {t["id"] for t in seeds}
        pool = [
            t for t in self.db.tracks.values()
            if t["id"] not in seed_ids and set(t["genre_ids"]) & genres
        ]  # fmt: skip
        pool.sort(key=lambda t: (abs((t["bpm"] or 100) - bpm), t["id"]))
        return pool[:count]

    def _audio_search(
        self, request: httpx.Request, track: str, artist_name: str, track_name: str
    ) -> dict[str, Any]:
        record = self._track(track)
        tracks = [self._track_view(t) for t in self._similar_tracks([record], 10)]
        return {
            "status": "success",
            "query": {"track_id": record["id"], "artist": artist_name, "track": track_name},
            "tracks": tracks,
        }

    def _list_genres(self, request: httpx.Request) -> dict[str, Any]:
        genres = list(self.db.genres.values())
        return {"status": "success", "pagination": self._page(request, genres, self._genre_view)}

    def _genre_named(self, name: str) -> dict[str, Any]:
        wanted = name.casefold()
        for record in self.db.genres.values():
            if wanted in (record["name"], record["display_name"].casefold()):
                return record
        raise self._fail(404, f"No query results for model [App\\Models\\Genre] {name}")

    def _get_genre(self, request: httpx.Request, name: str) -> dict[str, Any]:
        return {"status": "success", "genre": self._genre_view(self._genre_named(name))}

    def _tag_named(self, name: str) -> dict[str, Any]:
        for record in self.db.tags.values():
            if record["name"] == name.casefold():
                return record
        raise self._fail(404, f"No query results for model [App\\Models\\Tag] {name}")

    def _tag_tracks(self, request: httpx.Request, tag: str) -> dict[str, Any]:
        record = self._tag_named(tag)
        tracks = [t for t in self.db.tracks.values() if record["id"] in t["tag_ids"]]
        return {
            "status": "success",
            "tag": self._tag_view(record),
            "pagination": self._page(request, tracks, self._track_view),
        }

    def _tag_albums(self, request: httpx.Request, tag: str) -> dict[str, Any]:
        record = self._tag_named(tag)
        albums = [a for a in self.db.albums.values() if record["id"] in a["tag_ids"]]
        return {
            "status": "success",
            "tag": self._tag_view(record),
            "pagination": self._page(request, albums, self._album_view),
        }

    def _radio(self, request: httpx.Request, kind: str, item: str) -> dict[str, Any]:
        if kind == "artist":
            artist = self._artist(item)
            seeds = self._artist_tracks_of(artist["id"])
            seed = self._artist_ref(artist)
        elif kind == "track":
            track = self._track(item)
            seeds, seed = [track], self._track_view(track)
        elif kind == "genre":
            genre = self._find(self.db.genres, item, "Genre")
            seeds = [t for t in self.db.tracks.values() if genre["id"] in t["genre_ids"]][:5]
            seed = self._genre_view(genre)
        elif kind == "tag":
            tag = self._find(self.db.tags, item, "Tag")
            seeds = [t for t in self.db.tracks.values() if tag["id"] in t["tag_ids"]][:5]
            seed = self._tag_view(tag)
        else:
            raise self._fail(404, f"Unsupported radio type: {kind}.")
        tracks = [self._track_view(t) for t in self._similar_tracks(seeds, 20)]
        return {"status": "success", "type": kind, "seed": seed, "tracks": tracks}

    # -- routes: commerce ----------------------------------------------------------------

    def complete_purchase(self, purchase_id: int, status: str = "completed") -> dict[str, Any]:
        """Settle a pending purchase, as Stripe's webhook would; a completed one gets a license.

        Args:
            purchase_id: The ``purchase_id`` that ``.../purchase/initiate`` returned.
            status: ``"completed"`` (issues a license; an exclusive sale takes the track
                off sale) or ``"failed"``.

        Returns:
            The purchase record.
        """
        with self._lock:
            purchase = self.db.purchases[purchase_id]
            purchase["status"] = status
            if status == "completed":
                if purchase["is_exclusive"]:
                    self.db.tracks[purchase["track_id"]]["sold_exclusively"] = True
                kind = "exclusive" if purchase["is_exclusive"] else "basic"
                self._new_license(
                    purchase["user_id"], purchase["track_id"], kind, None, purchase_id
                )
            return purchase

    def _new_license(
        self, user_id: int, track_id: int, kind: str, terms: str | None, purchase_id: int | None
    ) -> dict[str, Any]:
        license_uuid = self._uuid()
        record = {
            "uuid": license_uuid,
            "track_id": track_id,
            "user_id": user_id,
            "purchase_id": purchase_id,
            "license_type": kind,
            "usage_terms": terms,
            "status": "active",
            "created_at": self._now_iso(),
            "revoked_at": None,
        }
        self.db.licenses[license_uuid] = record
        return record

    def _uuid(self) -> str:
        return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))

    def _register_commerce(self) -> None:
        on = self._on
        on("POST", "/tracks/{track}/purchase/calculate-price", self._calculate_price, "required")
        on("POST", "/tracks/{track}/purchase/initiate", self._initiate_purchase, "required")
        on("GET", "/tracks/{track}/purchase/status", self._purchase_status, "required")
        on("GET", "/purchases", self._list_purchases, "required")
        on("POST", "/coupons/validate", self._validate_coupon, "required")
        on("POST", "/tracks/check-licenses-batch", self._check_licenses, "required")
        on("POST", "/tracks/{track}/generate-license", self._generate_license, "required")
        on("GET", "/tracks/{track}/check-license", self._check_license, "required")
        on("GET", "/tracks/{track}/license-certificate", self._certificate, "required")
        on("GET", "/tracks/{track}/download-license-pdf", self._license_pdf, "required")
        on("GET", "/verify-license/{uuid}", self._verify_license, "none")
        on("POST", "/licenses/{uuid}/revoke", self._revoke_license, "required")
        on("GET", "/user/licenses", self._list_licenses, "required")

    def _coupon(self, code: str, field: str) -> dict[str, Any]:
        coupon = data.COUPONS.get(code.upper())
        if coupon is None:
            raise self._invalid({field: [f"The selected {_label(field)} is invalid."]})
        if coupon["expired"]:
            raise self._invalid({field: ["This coupon has expired."]})
        return {"code": code.upper(), **{k: v for k, v in coupon.items() if k != "expired"}}

    @staticmethod
    def _discount(coupon: dict[str, Any], amount: float) -> float:
        value = float(coupon["discount_value"])
        if coupon["discount_type"] == "percent":
            return round(amount * value / 100, 2)
        return round(min(amount, value), 2)

    def _quote(self, request: httpx.Request, track: str) -> tuple[dict[str, Any], dict[str, Any]]:
        """Validate a purchase of ``track``; ``(track, price breakdown)``."""
        record = self._track(track)
        body = self._body(request)
        exclusive = bool(body.boolean("is_exclusive"))
        code = body.text("coupon_code", max_len=64)
        self._check(body)
        if self._can_manage_track(record):
            raise self._invalid({"track": ["You cannot purchase your own track."]})
        if record["sold_exclusively"]:
            raise self._invalid({"track": ["This track has already been sold exclusively."]})
        if record["downloadable"]:
            raise self._invalid({"track": ["This track is free and cannot be purchased."]})
        base = record["exclusive_price"] if exclusive else record["price"]
        discount = 0.0 if code is None else self._discount(self._coupon(code, "coupon_code"), base)
        subtotal = round(base - discount, 2)
        fee = _fee(subtotal)
        quote = {
            "base_price": base,
            "discount_amount": discount,
            "coupon_code": None if code is None else code.upper(),
            "platform_fee": fee,
            "total_amount": round(subtotal + fee, 2),
            "currency": "CAD",
            "is_exclusive": exclusive,
        }
        return record, quote

    def _calculate_price(self, request: httpx.Request, track: str) -> dict[str, Any]:
        _, quote = self._quote(request, track)
        # The seed shows {status, data{..., total_amount, is_exclusive}}, the OpenAPI file a
        # flat {base_price, platform_fee, total_price, currency}: both are sent.
        return {
            "status": "success",
            "data": quote,
            "base_price": quote["base_price"],
            "platform_fee": quote["platform_fee"],
            "total_price": quote["total_amount"],
            "currency": quote["currency"],
        }

    def _initiate_purchase(self, request: httpx.Request, track: str) -> dict[str, Any]:
        record, quote = self._quote(request, track)
        me = self._me()
        if not quote["is_exclusive"] and self._has_purchased(me["id"], record["id"]):
            raise self._invalid({"track": ["You have already purchased this track."]})
        purchase_id = max(self.db.purchases, default=500) + 1
        alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
        intent = "pi_" + "".join(self._rng.choices(alphabet, k=24))
        secret = f"{intent}_secret_" + "".join(self._rng.choices(alphabet, k=24))
        self.db.purchases[purchase_id] = {
            "id": purchase_id,
            "user_id": me["id"],
            "track_id": record["id"],
            "amount": quote["total_amount"],
            "currency": quote["currency"],
            "status": "pending",
            "is_exclusive": quote["is_exclusive"],
            "payment_intent_id": intent,
            "client_secret": secret,
            "created_at": self._now_iso(),
        }
        return {
            "status": "success",
            "client_secret": secret,
            "purchase_id": purchase_id,
            "amount": quote["total_amount"],
            "currency": quote["currency"],
        }

    def _purchase_view(self, purchase: dict[str, Any]) -> dict[str, Any]:
        view = {
            k: purchase[k]
            for k in (
                "id",
                "track_id",
                "amount",
                "currency",
                "status",
                "is_exclusive",
                "created_at",
            )
        }
        track = self.db.tracks.get(purchase["track_id"])
        view["track"] = None if track is None else self._track_view(track)
        return view

    def _purchase_status(self, request: httpx.Request, track: str) -> dict[str, Any]:
        record = self._track(track)
        me = self._me()
        mine = [
            p for p in self.db.purchases.values()
            if p["user_id"] == me["id"] and p["track_id"] == record["id"]
        ]  # fmt: skip
        completed = [p for p in mine if p["status"] == "completed"]
        latest = (completed or mine)[-1] if mine else None
        return {
            "status": "success",
            "purchased": bool(completed),
            "purchase": None if latest is None else self._purchase_view(latest),
        }

    def _list_purchases(self, request: httpx.Request) -> dict[str, Any]:
        me = self._me()
        mine = [p for p in self.db.purchases.values() if p["user_id"] == me["id"]]
        mine.sort(key=lambda p: p["id"], reverse=True)
        # A bare Laravel paginator, as the OpenAPI file shows ({"data": [...]} at the top).
        return self._page(request, mine, self._purchase_view)

    def _validate_coupon(self, request: httpx.Request) -> dict[str, Any]:
        body = self._body(request)
        code = body.text("code", required=True, max_len=64)
        body.integer("product_id", minimum=1)
        body.integer("price_id", minimum=1)
        amount = body.number("amount")
        self._check(body)
        assert code is not None
        coupon = self._coupon(code, "code")
        discount = None if amount is None else self._discount(coupon, amount)
        return {
            "status": "success",
            "valid": True,
            "coupon": coupon,
            "discount_amount": discount,
            "final_amount": None
            if amount is None or discount is None
            else round(amount - discount, 2),
            "savings": discount,
        }

    # -- routes: licensing ---------------------------------------------------------------

    def _license_view(self, record: dict[str, Any]) -> dict[str, Any]:
        view = {k: v for k, v in record.items() if k != "user_id"}
        view["buyer_id"] = record["user_id"]
        view["verification_url"] = f"{data.SITE}/verify-license/{record['uuid']}"
        return view

    def _my_license(self, track_id: int) -> dict[str, Any] | None:
        me = self._me()
        return next(
            (
                x
                for x in reversed(self.db.licenses.values())
                if x["user_id"] == me["id"]
                and x["track_id"] == track_id
                and x["status"] == "active"
            ),
            None,
        )

    def _generate_license(self, request: httpx.Request, track: str) -> dict[str, Any]:
        record = self._track(track)
        body = self._body(request)
        kind = body.text("license_type", required=True, max_len=50)
        terms = body.text("usage_terms", max_len=5000)
        self._check(body)
        assert kind is not None
        me = self._me()
        if not self._has_purchased(me["id"], record["id"]):
            raise self._fail(403, "You must purchase this track before generating a license.")
        existing = self._my_license(record["id"])
        if existing is None:
            existing = self._new_license(me["id"], record["id"], kind, terms, None)
        return {"status": "success", "license": self._license_view(existing)}

    def _check_license(self, request: httpx.Request, track: str) -> dict[str, Any]:
        found = self._my_license(self._track(track)["id"])
        return {
            "status": "success",
            "has_license": found is not None,
            "license_details": None if found is None else self._license_view(found),
        }

    def _check_licenses(self, request: httpx.Request) -> dict[str, Any]:
        body = self._body(request)
        ids = body.ids("track_ids", self.db.tracks, required=True)
        self._check(body)
        licenses = {str(i): self._my_license(i) is not None for i in ids or []}
        return {"status": "success", "licenses": licenses}

    def _license_for_track(self, track: str) -> tuple[dict[str, Any], dict[str, Any]]:
        record = self._track(track)
        found = self._my_license(record["id"])
        if found is None:
            raise self._fail(404, "No license found for this track.")
        return record, found

    def _certificate(self, request: httpx.Request, track: str) -> dict[str, Any]:
        record, found = self._license_for_track(track)
        seller = self.db.artists.get(record["artist_ids"][0]) if record["artist_ids"] else None
        return {
            "status": "success",
            "certificate": {
                "license": self._license_view(found),
                "track": self._track_view(record),
                "buyer": self._user_view(self._me()),
                "seller": None if seller is None else self._artist_ref(seller),
                "issued_at": found["created_at"],
                "verification_url": f"{data.SITE}/verify-license/{found['uuid']}",
            },
        }

    def license_pdf_bytes(self, license_uuid: str) -> bytes:
        """The exact PDF ``GET /tracks/{id}/download-license-pdf`` serves for a license.

        Args:
            license_uuid: A license's uuid.

        Returns:
            The PDF bytes (``%PDF-1.4`` ...).
        """
        record = self.db.licenses[license_uuid]
        track = self.db.tracks.get(record["track_id"])
        buyer = self.db.users.get(record["user_id"])
        lines = [
            f"License: {record['uuid']}",
            f"Type: {record['license_type']}",
            f"Track: {track['name'] if track else record['track_id']}",
            f"Licensee: {buyer['display_name'] if buyer else record['user_id']}",
            f"Issued: {record['created_at']}",
            f"Terms: {record['usage_terms'] or 'Standard BeatPass license terms.'}",
            f"Verify at {data.SITE}/verify-license/{record['uuid']}",
        ]
        return data.pdf_bytes("BeatPass License Certificate", lines)

    def _license_pdf(self, request: httpx.Request, track: str) -> httpx.Response:
        _, found = self._license_for_track(track)
        content = self.license_pdf_bytes(found["uuid"])
        return httpx.Response(
            200,
            content=content,
            headers={
                "Content-Type": "application/pdf",
                "Content-Length": str(len(content)),
                "Content-Disposition": f'attachment; filename="license-{found["uuid"]}.pdf"',
            },
        )

    def _license(self, license_uuid: str) -> dict[str, Any]:
        record = self.db.licenses.get(license_uuid)
        if record is None:
            raise self._fail(404, "License not found.")
        return record

    def _verify_license(self, request: httpx.Request, uuid: str) -> dict[str, Any]:
        record = self._license(uuid)
        return {
            "status": "success",
            "valid": record["status"] == "active",
            "license_details": self._license_view(record),
        }

    def _revoke_license(self, request: httpx.Request, uuid: str) -> dict[str, Any]:
        record = self._license(uuid)
        track = self.db.tracks.get(record["track_id"])
        # The seller (whoever manages the track) or an admin may revoke a license.
        if not (self._is_admin() or (track is not None and self._can_manage_track(track))):
            raise self._fail(403)
        if record["status"] != "revoked":
            record.update(status="revoked", revoked_at=self._now_iso())
        return {"status": "success"}

    def _list_licenses(self, request: httpx.Request) -> dict[str, Any]:
        me = self._me()
        mine = [x for x in self.db.licenses.values() if x["user_id"] == me["id"]]
        mine.reverse()
        return self._page(request, mine, self._license_view)

    # -- routes: uploads (the inferred POST /uploads) and metadata extraction ------------

    @staticmethod
    def _multipart(request: httpx.Request) -> dict[str, tuple[str | None, str | None, bytes]]:
        """``{field: (filename, content_type, bytes)}`` of a multipart/form-data body."""
        match = re.search(r'boundary="?([^";]+)"?', request.headers.get("Content-Type", ""))
        if match is None:
            return {}
        fields: dict[str, tuple[str | None, str | None, bytes]] = {}
        for part in request.content.split(b"--" + match.group(1).encode())[1:]:
            if part.startswith(b"--"):
                break
            head, _, body = part.removeprefix(b"\r\n").partition(b"\r\n\r\n")
            headers = head.decode("latin-1")
            name = re.search(r'\bname="([^"]*)"', headers)
            if name is None:
                continue
            filename = re.search(r'\bfilename="([^"]*)"', headers)
            content_type = re.search(r"(?im)^content-type:\s*([^\r\n;]+)", headers)
            fields[name.group(1)] = (
                None if filename is None else filename.group(1),
                None if content_type is None else content_type.group(1).strip(),
                body.removesuffix(b"\r\n"),
            )
        return fields

    def _upload(self, request: httpx.Request) -> httpx.Response:
        me = self._me()
        part = self._multipart(request).get("file")
        if part is None or part[0] is None:
            raise self._invalid({"file": ["The file field is required."]})
        filename, content_type, content = part
        name = posixpath.basename((filename or "upload").replace("\\", "/")) or "upload"
        extension = name.rpartition(".")[2].lower() if "." in name else ""
        mime = content_type or mimetypes.guess_type(name)[0] or "application/octet-stream"
        if not content:
            raise self._invalid({"file": ["The file field must be a file."]})
        if extension not in _AUDIO_EXTENSIONS and not mime.startswith("audio/"):
            allowed = ", ".join(_AUDIO_EXTENSIONS)
            raise self._invalid({"file": [f"The file field must be a file of type: {allowed}."]})
        entry_id = max(self.file_entries, default=900) + 1
        digest = hashlib.sha256(content).hexdigest()
        stored = f"{digest[:40]}.{extension or 'bin'}"
        entry = {
            "id": entry_id,
            "name": name,
            "file_name": stored,
            "file_size": len(content),
            "mime": mime if mime.startswith("audio/") else f"audio/{extension}",
            "type": "audio",
            "extension": extension,
            "url": f"{data.SITE}/storage/track_media/{stored}",
            "hash": digest[:32],
            "user_id": me["id"],
            "created_at": self._now_iso(),
            "content": content,
        }
        self.file_entries[entry_id] = entry
        view = {k: v for k, v in entry.items() if k != "content"}
        return self.json_response({"status": "success", "fileEntry": view}, 201)

    @staticmethod
    def _audio_duration(content: bytes, extension: str) -> int:
        """Milliseconds: read from a WAV header, else estimated at 320 kbps."""
        if content[:4] == b"RIFF" and content[8:12] == b"WAVE":
            try:
                with wave.open(io.BytesIO(content)) as audio:
                    frames: int = audio.getnframes()
                    rate: int = audio.getframerate()
                return round(frames * 1000 / rate)
            except (wave.Error, EOFError, ZeroDivisionError):
                pass
        return len(content) * 8 // 320

    def _extract_metadata(self, request: httpx.Request, entry: str) -> dict[str, Any]:
        record = self._find(self.file_entries, entry, "FileEntry")
        me = self._me()
        if record["user_id"] != me["id"]:
            raise self._fail(403)
        rng = random.Random(record["hash"])
        stem = record["name"].rpartition(".")[0] or record["name"]
        title = re.sub(r"[_\-]+", " ", stem).strip().title() or "Untitled"
        artist = next((a for a in self.db.artists.values() if a["user_id"] == me["id"]), None)
        genre = self.db.genres[rng.choice(sorted(self.db.genres))]
        return {
            "status": "success",
            "metadata": {
                "title": title,
                "artist": artist["name"] if artist else me["display_name"],
                "album": None,
                "genre": genre["display_name"],
                "duration": self._audio_duration(record["content"], record["extension"]),
                "bpm": rng.randrange(70, 160),
                "key": f"{rng.choice('CDEFGAB')} {rng.choice(('major', 'minor'))}",
                "release_date": None,
            },
        }
