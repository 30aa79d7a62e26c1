"""The BeatPass fake's state and hooks: tokens, rate limits, errors, lookups, pages."""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, ClassVar

import attrs
import httpx

import beatkit.testing.beatpass._data as data
from beatkit._core.operation import Route as Operation
from beatkit._core.operation import parse_routes
from beatkit._core.validate import check_text
from beatkit.beatpass.wire import SPEC, TOKEN_OPTIONAL_WRITES
from beatkit.testing._app import Abort, FakeService, Handler
from beatkit.testing._crud import Record, issue_id
from beatkit.testing._wire import DIGITS, RateLimit, bearer, check_fake, last_page, page_url, to_int
from beatkit.testing.beatpass._http import Body

__all__ = [
    "DEFAULT_SEED",
    "INVITATION_LIFETIME",
    "MAX_EDITORS",
    "PLATFORM_FEE",
    "REINVITE_COOLDOWN",
    "TOKEN_LIFETIME",
    "Base",
    "FakeBeatPassUser",
]
DEFAULT_SEED = 20240601
"""The seed used when none is given; every test sees the same catalogue."""

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

# Served beside the client's operations (TABLES["extra_paths"]): the artist writes, the
# OpenAPI file's PUT /playlists (the id then comes in the body) and its
# POST /tracks/plays/{track}/log. TABLES["access"] holds the operation list's auth column,
# as its exceptions to the rule "reads are open to guests (who see minimal fields), writes
# need a token" (with "guest_writes": those extra writes guests may send too).
_ACCESS = data.TABLES["access"]
_MESSAGES = data.TABLES["messages"]


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


class Base(FakeService):
    """The BeatPass fake's state, hooks and helpers; each resource group adds its routes."""

    default_base_url = "https://open.beatpass.ca/api/v1"
    operations: ClassVar[Mapping[str, Operation]] = {
        **SPEC.routes,
        **parse_routes(data.TABLES["extra_paths"]),
    }

    track_id = 1
    """A track of the owner's verified artist; for sale, has lyrics and Audio Recon matches."""
    unverified_track_id = 6
    """A track of the owner's unverified artist (Audio Recon ``artist_verified`` false)."""
    other_track_id = 9
    """A track of user 2's artist (the owner is not credited; Audio Recon answers 403)."""
    free_track_id = 10
    """A free track anyone may download."""
    purchased_track_id = 11
    """A track the owner bought (completed purchase, active license)."""
    exclusive_sold_track_id = 12
    """A track already sold exclusively; it cannot be bought again."""
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
        check_fake(seed, clock)
        check_text("token", token)
        # As FakeBeatport's: a blank email or password made a user nobody can log in as.
        check_text("email", email)
        check_text("password", password)
        super().__init__(base_url)
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
        """User 2's bearer token; use it to accept or decline playlist invitations."""
        self.admin_token = "fake-beatpass-admin-token"  # noqa: S105 - a known test token
        """User 3's (admin) bearer token."""
        self._rng = random.Random(seed)
        self.db = data.build_catalog(seed, ("Nova Keys", email, password))
        """Every record the fake serves, as mutable dicts (tests may edit them)."""
        self.file_entries: dict[int, dict[str, Any]] = {}
        """Uploaded files by id; ``content`` holds the bytes."""
        licensed = {entry["track_id"]: entry["uuid"] for entry in self.db.licenses.values()}
        self.license_uuid: str = licensed.get(self.purchased_track_id, "")
        """The owner's license for :attr:`purchased_track_id`."""
        self.sold_license_uuid: str = licensed.get(self.track_id, "")
        """User 2's license for the owner's track 1 (the owner, its seller, may revoke it)."""
        now = clock()
        self._tokens: dict[str, tuple[int, float]] = {
            token: (1, now),
            self.other_token: (2, now),
            self.admin_token: (3, now),
        }
        self._limits = RateLimit(self)
        self._plays: dict[tuple[str, int], dict[str, Any]] = {}
        self._user: dict[str, Any] | None = None
        self._bad_token = False
        self._audio_hashes: dict[tuple[str, int], str] = {}

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
            The user, with its :attr:`~beatkit.testing.beatpass.FakeBeatPassUser.token`.

        Raises:
            ValueError: Another user already has ``email`` (in any case): the new user
                could never log in with it.
        """
        with self._lock:
            user_id = max(self.db.users) + 1
            email = email or f"user{user_id}@example.com"
            if any(user["email"].lower() == email.lower() for user in self.db.users.values()):
                raise ValueError(f"another user already has the email {email!r}")
            self.db.users[user_id] = {
                "id": user_id, "display_name": display_name,
                "username": display_name.lower().replace(" ", "."), "email": email,
                "avatar": f"{data.SITE}/storage/avatars/{user_id}.jpg",
                "created_at": data.iso(self.clock()), "password": password,
                "permissions": set(permissions),
            }  # fmt: skip
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
        if "Authorization" not in request.headers:
            return None, False
        token = bearer(request)
        entry = None if token is None else self._tokens.get(token)
        if entry is None or self.clock() >= entry[1] + TOKEN_LIFETIME:
            return None, True
        return self.db.users.get(entry[0]), False

    def _caller(self, request: httpx.Request) -> str:
        """Whose rate-limit window a request counts in: its user's, or the guests' one."""
        user, _ = self._identify(request)
        return f"user:{user['id']}" if user else "guest"

    def before_route(self, request: httpx.Request) -> httpx.Response | None:
        """Apply the per-caller rate limit, then remember who is calling."""
        retry_after = self._limits.take(self._caller(request))
        if retry_after is not None:
            body = {"message": "Too Many Attempts.", "retry_after": retry_after}
            response = self.json_response(body, 429)
            response.headers["Retry-After"] = str(retry_after)
            return response
        self._user, self._bad_token = self._identify(request)
        return None

    def finalize(self, request: httpx.Request, response: httpx.Response) -> httpx.Response:
        """Add the rate-limit headers every BeatPass response carries."""
        response.headers.update(self._limits.headers(self._caller(request), response))
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
        body: dict[str, Any] = {"message": message or _MESSAGES.get(str(status), "Server Error")}
        if status == 405 and code == "method_not_allowed":
            body["message"] = self._method_not_allowed(request)
        if status == 422:
            body["status"] = "error"
            body["errors"] = details if isinstance(details, dict) else {}
        elif details is not None:
            body["errors"] = details
        if code is not None and status not in (404, 405):
            body["error_code"] = code
        headers = {}
        if status == 429:
            # The body's retry_after and the Retry-After header agree, as the API sends them.
            # A whole window, rounded up (int() gave 0 for 0.5 s), as FakeBeatConnect's.
            body["retry_after"] = max(1, math.ceil(self.rate_limit_window))
            headers["Retry-After"] = str(body["retry_after"])
        return self.json_response(body, status, headers)

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

    def bind(self, key: str, handler: Handler) -> Handler:
        """Put an operation behind its auth level; its handler returns a body or response."""
        read = self.operations[key].method == "GET"
        public = key in _ACCESS["public"]
        guests = (
            (read and key not in _ACCESS["members_only_reads"])
            or key in TOKEN_OPTIONAL_WRITES
            or key in _ACCESS["guest_writes"]
        )

        def run(request: httpx.Request, *params: str) -> httpx.Response:
            if not public and (self._bad_token or (not guests and self._user is None)):
                return self.error_response(request, 401)
            result = handler(request, *params)
            if isinstance(result, httpx.Response):
                return result
            return self.json_response(result)

        return run

    # -- plumbing ------------------------------------------------------------------------

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

    def _is_me(self, user_id: int | None) -> bool:
        return self._user is not None and self._user["id"] == user_id

    def _mine(self, table: Mapping[Any, Record]) -> list[Record]:
        """The caller's records of ``table`` (those whose ``user_id`` is theirs), in order."""
        me = self._me()
        return [record for record in table.values() if record["user_id"] == me["id"]]

    def _require(self, allowed: bool) -> None:
        """Answer Laravel's 403 unless the caller may do what it asks."""
        if not allowed:
            raise self._fail(403)

    def _insert(self, table: dict[int, Record], fields: Record, after: int = 0) -> Record:
        """Store ``fields`` as a new record under the next id (above ``after``).

        As an auto-increment column (and the declarative collections, see
        :mod:`beatkit.testing._crud`): above every id the table holds or was issued,
        so a deleted record's id is never issued again. Counted per fake, per table.
        """
        record_id = issue_id(self, id(table), table, after)
        table[record_id] = {"id": record_id, **fields}
        return table[record_id]

    def _fail(self, status: int, message: str | None = None, **extra: Any) -> Abort:
        body: dict[str, Any] = {"message": message or _MESSAGES.get(str(status), "Error")}
        body.update(extra)
        return Abort(self.json_response(body, status))

    def _find(self, table: Mapping[Any, dict[str, Any]], raw: str, model: str) -> dict[str, Any]:
        record = table.get(to_int(raw)) if DIGITS.fullmatch(raw) else None
        if record is None:
            raise self._fail(404, f"No query results for model [App\\Models\\{model}] {raw}")
        return record

    def _track(self, raw: str) -> dict[str, Any]:
        return self._find(self.db.tracks, raw, "Track")

    def _artist(self, raw: str) -> dict[str, Any]:
        return self._find(self.db.artists, raw, "Artist")

    @staticmethod
    def _with(request: httpx.Request) -> set[str]:
        return {w.strip() for w in request.url.params.get("with", "").split(",") if w.strip()}

    def _page(
        self,
        request: httpx.Request,
        items: Sequence[dict[str, Any]],
        view: Callable[[dict[str, Any]], dict[str, Any]],
    ) -> dict[str, Any]:
        """One Laravel paginator: ``current_page``, ``data``, ``from``... and the page links."""
        params = request.url.params
        asked = params.get("per_page", params.get("perPage"))
        body = Body({"page": params.get("page"), "per_page": asked})
        page = body.integer("page", minimum=1) or 1
        per_page = body.integer("per_page", minimum=1)
        if per_page is not None and per_page > 100:
            body.error("per_page", "The per page field must not be greater than 100.")
        body.check()
        per_page = per_page or 20
        total = len(items)
        last = last_page(total, per_page)
        start = (page - 1) * per_page
        window = items[start : start + per_page]
        return {
            "current_page": page, "data": [view(item) for item in window],
            "first_page_url": page_url(request, 1), "from": start + 1 if window else None,
            "last_page": last,
            "last_page_url": page_url(request, last),
            "next_page_url": page_url(request, page + 1) if page < last else None,
            "path": str(request.url.copy_with(query=None)), "per_page": per_page,
            "prev_page_url": page_url(request, page - 1) if page > 1 else None,
            "to": start + len(window) if window else None, "total": total,
        }  # fmt: skip

    def _now_iso(self) -> str:
        return data.iso(self.clock())

    def _touch(self, record: Record, changes: Record) -> None:
        """Apply an update and stamp ``updated_at``."""
        record.update(changes)
        record["updated_at"] = self._now_iso()

    def _daily(self, rng: random.Random, key: str, days: int = 7) -> list[dict[str, Any]]:
        today = self.clock() - self.clock() % 86400
        return [
            {"date": data.release_date(today - 86400 * n), key: rng.randrange(0, 500)}
            for n in range(days - 1, -1, -1)
        ]
