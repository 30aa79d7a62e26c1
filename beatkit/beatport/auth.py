"""Beatport authentication, the pure part: hosts, the client id, the token manager, redirects."""

from __future__ import annotations

import hashlib
import hmac
import os
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from beatkit._core.http import join_path
from beatkit._core.operation import Operation
from beatkit._core.redact import redact_text
from beatkit._core.settings import AuthRouter
from beatkit._core.validate import check_text
from beatkit.auth import AuthorizationRequest, RefreshingAuth, Token, TokenStore
from beatkit.auth._manager import sendable
from beatkit.beatport.wire import OPTIONAL_AUTH, SPEC, USER_AUTH
from beatkit.errors import AuthenticationError, ConfigurationError

__all__ = [
    "DEFAULT_REFRESH_BUFFER",
    "DEFAULT_REQUESTS_PER_SECOND",
    "ENV_CLIENT_ID",
    "INTERNAL_BASE_URL",
    "PUBLIC_BASE_URL",
    "SERVICE",
    "SpentCodes",
    "build_authorization_request",
    "endpoint_url",
    "internal_router",
    "make_token_manager",
    "parse_authorization_response",
    "resolve_client_id",
    "token_router",
    "to_token",
]

PUBLIC_BASE_URL = "https://api.beatport.com/v4"
"""The public API root; OAuth 2.0 (PKCE or session login), bearer tokens."""

INTERNAL_BASE_URL = "https://api-internal.beatportprod.com/v4"
"""The internal API root Beatport's own web front end uses server side, without auth."""

ENV_CLIENT_ID = "BEATPORT_CLIENT_ID"
"""The environment variable read when no ``client_id`` is passed."""

DEFAULT_REQUESTS_PER_SECOND = 2.0
"""Default pacing. Beatport sends no rate-limit headers and suspends accounts that hammer it."""

DEFAULT_REFRESH_BUFFER = 300.0
"""Seconds before expiry from which a token is refreshed (Beatport's own clients use 5 minutes)."""

SERVICE = "beatport"
"""The service name used in errors and log lines."""

_NO_CLIENT_ID = (
    "Beatport needs an OAuth client_id, and beatkit does not ship one. Beatport offers no "
    "public app registration: use a client id Beatport issued to you (ask Beatport for API "
    "access). Some third-party tools use the client id of Beatport's own API documentation "
    "site (https://api.beatport.com/v4/docs/); check Beatport's terms before you do. Pass it "
    f"as client_id=... or set the {ENV_CLIENT_ID} environment variable. (The internal host, "
    "internal=True, needs no client id.)"
)


def resolve_client_id(client_id: str | None) -> str:
    """Return the OAuth client id: the argument, else ``$BEATPORT_CLIENT_ID``.

    Args:
        client_id: The client id the caller passed, or ``None``.

    Returns:
        The client id, stripped of surrounding whitespace.

    Raises:
        ConfigurationError: Neither the argument nor the environment variable
            holds a non-blank client id (the message says where to get one), the
            argument is not a string, or the client id has a space, line break or
            control character inside it.
    """
    if client_id is not None and not isinstance(client_id, str):
        raise ConfigurationError(f"client_id must be a str, got {type(client_id).__name__}")
    value = client_id if client_id is not None else os.environ.get(ENV_CLIENT_ID)
    if value is None or not value.strip():
        raise ConfigurationError(_NO_CLIENT_ID)
    value = value.strip()
    if not value.isprintable() or any(char.isspace() for char in value):
        # Two values pasted together, or a line break read from a file.
        source = "client_id" if client_id is not None else ENV_CLIENT_ID
        raise ConfigurationError(
            f"{source} holds a space, line break or control character inside the client "
            "id: check that it was copied whole and alone"
        )
    return value


def endpoint_url(base_url: httpx.URL, name: str) -> httpx.URL:
    """The absolute URL of one auth endpoint under ``base_url``.

    Args:
        base_url: The API root (``https://api.beatport.com/v4``).
        name: A key of :data:`beatkit.beatport.wire.PATHS`, such as
            ``"auth.token"``.

    Returns:
        The endpoint's URL.

    Raises:
        KeyError: ``name`` is not a row of the table.
    """
    # The raw path: the base URL's percent-escapes stay as its API calls send them.
    return join_path(base_url, SPEC.routes[name].path)


def _utcnow() -> datetime:
    return datetime.now(UTC)


def to_token(token: str | Token) -> Token:
    """Accept a :class:`~beatkit.auth.Token` or an access token string.

    Args:
        token: A token, or an access token as a string (it then has no refresh
            token and no known expiry).

    Returns:
        The token.

    Raises:
        ConfigurationError: The string is blank, ``token`` is neither, or its access
            token has a character an ``Authorization`` header cannot carry (a line
            break, a space, non-ASCII): refused here, before the token is kept or
            saved to a store, and never shown in the message.
    """
    if isinstance(token, Token):
        return sendable(token)
    if not isinstance(token, str) or not token.strip():
        raise ConfigurationError("token must be a non-empty string or a Token")
    return sendable(Token(access_token=token.strip()))


def make_token_manager(
    *,
    base_url: httpx.URL,
    client_id: str,
    token: str | Token | None,
    store: TokenStore | None,
    on_token: Callable[[Token], object] | None,
    refresh_buffer: float,
    clock: Callable[[], datetime] | None = None,
) -> RefreshingAuth:
    """Build the token manager of a public-host client.

    The token is sent to ``base_url``'s host only, refreshed with its refresh
    token when it is within ``refresh_buffer`` seconds of expiry (at most half its
    lifetime, so a 600 s token is not refreshed before every request), and once
    more after a 401. Every new token is saved to ``store`` and passed to
    ``on_token``.

    Args:
        base_url: The API root; the token endpoint is ``/auth/o/token/`` under it.
        client_id: The OAuth client id (see :func:`resolve_client_id`).
        token: A token to start with (an access token string is used until it
            is refused, since it cannot be refreshed); when ``None`` it is
            loaded from ``store``.
        store: Where each new token is saved (and the first one loaded from).
        on_token: Called with every token obtained by a login or a refresh.
        refresh_buffer: Seconds before expiry from which the token is refreshed.
        clock: Returns the current time (timezone-aware); for tests.

    Returns:
        The manager; pass it as the transport's ``auth``.

    Raises:
        ConfigurationError: A setting is invalid, or the store's file is corrupt.
    """
    return RefreshingAuth(
        endpoint_url(base_url, "auth.token"),
        client_id,
        token=None if token is None else to_token(token),
        store=store,
        hosts=[base_url.host],
        refresh_buffer=refresh_buffer,
        on_token=on_token,
        service=SERVICE,
        clock=clock or _utcnow,
    )


def token_router(manager: RefreshingAuth) -> AuthRouter:
    """What signs each operation of a public-host client: the token, except where the
    API needs none.

    Rows of :data:`~beatkit.beatport.wire.PATHS` marked
    :data:`~beatkit.beatport.wire.OPTIONAL_AUTH` (``/auxiliary/*``, ``/curation/*``)
    are signed when the client holds a token and sent unsigned when it holds none;
    every other operation is signed (without a token it is refused before sending).

    Args:
        manager: The client's token manager.

    Returns:
        The router to put in the transport settings.
    """

    def route(op: Operation[Any]) -> httpx.Auth | None:
        if op.access == OPTIONAL_AUTH and manager.token is None:
            return None
        return manager

    return route


def internal_router() -> AuthRouter:
    """What signs each operation of an internal-host client: nothing, and a refusal of
    the operations that need a user's token.

    Rows of :data:`~beatkit.beatport.wire.PATHS` marked
    :data:`~beatkit.beatport.wire.USER_AUTH` (``/my/*``, a track's ``/stream/`` and
    ``/download/``) need a user's token on either host; the internal host takes no
    credentials and answers them with a 401 whatever is sent, so they are refused
    here, before sending. Every other operation is sent unsigned.

    Returns:
        The router to put in the transport settings; it raises
        :class:`~beatkit.errors.ConfigurationError` for those operations.
    """

    def route(op: Operation[Any]) -> httpx.Auth | None:
        if op.access == USER_AUTH:
            raise ConfigurationError(
                f"{SERVICE}: {op.name} needs a user's token, and this client uses the "
                "internal host, which has no auth and no user calls (internal=True): "
                "use a public-host client (internal=False) and log in"
            )
        return None

    return route


def build_authorization_request(
    base_url: httpx.URL,
    client_id: str,
    *,
    redirect_uri: str | None = None,
    scope: str | None = None,
) -> AuthorizationRequest:
    """Build a PKCE (``S256``) authorization request with a fresh ``state`` (no I/O).

    Args:
        base_url: The API root; the endpoint is ``/auth/o/authorize/`` under it.
        client_id: The OAuth client id.
        redirect_uri: Where Beatport sends the browser back, if the app has one.
        scope: Space-separated scopes, if any (Beatport grants its default
            scopes when none is asked for).

    Returns:
        The URL to open, its state and its PKCE pair.
    """
    return AuthorizationRequest.create(
        str(endpoint_url(base_url, "auth.authorize")),
        client_id,
        redirect_uri=redirect_uri,
        scope=scope,
    )


_SHOWN_LIMIT = 200
"""The most characters of a redirect's ``error``/``error_description`` put in a message."""


def _shown(text: str) -> str:
    """Redirect text made safe for a message: control characters escaped, length capped.

    Anyone can send a browser to the callback with a crafted ``error=``; its text ends up
    in an exception that apps log, where a line break would forge a log line.
    """
    if len(text) > _SHOWN_LIMIT:
        text = text[:_SHOWN_LIMIT] + "..."
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def _first(params: dict[str, list[str]], name: str) -> str | None:
    values = params.get(name)
    return values[0] if values else None


def _same_state(found: object, expected: object) -> bool:
    """Whether the redirect's state ``found`` is the ``expected`` one, compared in
    constant time (``hmac.compare_digest``), so that the time taken tells an
    attacker forging redirects nothing of the expected state.

    Compared as UTF-8 bytes (``compare_digest`` refuses text with non-ASCII
    characters); anything that is not text, or not encodable, is no match.
    """
    if not isinstance(found, str) or not isinstance(expected, str):
        return False
    try:
        found_bytes, expected_bytes = found.encode(), expected.encode()
    except UnicodeEncodeError:  # a lone surrogate
        return False
    return hmac.compare_digest(found_bytes, expected_bytes)


_RESTART = "start again with a new authorization_url()"
"""What a refused redirect tells the user to do, unless the caller says otherwise."""


def parse_authorization_response(
    code_or_redirect_url: str,
    *,
    expected_state: str | None,
    step: str = "redirect",
    restart: str = _RESTART,
) -> str:
    """Take the authorization code out of a redirect URL, checking its ``state``.

    A bare code (no ``?``, ``=``, ``#`` or ``://``) is accepted as is, since only a
    URL can carry a state to check. A URL without a query (the address bar once the
    callback page dropped ``?code=...``) is no code: it raises ``missing_code``.

    Args:
        code_or_redirect_url: The URL the browser was sent back to (or its
            query string), or the code alone.
        expected_state: The state sent with the request; a redirect must carry it
            unchanged (compared in constant time). ``None`` skips the check.
        step: Names the step in error messages.
        restart: What the message of a refused state or a repeated parameter tells the
            user to do; by default to call ``authorization_url()`` again (the
            session login says to log in again).

    Returns:
        The authorization code.

    Raises:
        TypeError: ``code_or_redirect_url`` is not a string.
        ValueError: It is blank, or holds a lone surrogate (nothing could carry it).
        AuthenticationError: The redirect carries an OAuth ``error`` (``code`` is
            that error; it and its description appear in the message with control
            characters escaped and cut after 200 characters), no code
            (``code="missing_code"``), a state that does not match
            (``code="state_mismatch"``), or ``code``, ``state`` or
            ``error`` more than once (``code="invalid_redirect"``); ``status_code``
            is 0, as no HTTP request failed.
    """
    # A lone surrogate is refused here, with the message every text argument gets: the
    # form encoder's UnicodeEncodeError would carry the code in its ``object``.
    text = check_text("code_or_redirect_url", code_or_redirect_url).strip()
    if "?" not in text and "=" not in text and "#" not in text and "://" not in text:
        return text
    parts = urlsplit(text)
    query = parts.query
    if "?" not in text and "://" not in text:
        # A bare query string ("code=...&state=...").
        query = text
    params = parse_qs(query, keep_blank_values=True)
    if parts.fragment and not any(name in params for name in ("code", "state", "error")):
        # Some redirect pages move the answer into the fragment; a query beside it is
        # then the redirect URI's own (one registered as ".../cb?app=desktop").
        params = parse_qs(parts.fragment, keep_blank_values=True)
    repeated = [name for name in ("code", "state", "error") if len(params.get(name, ())) > 1]
    if repeated:
        # RFC 6749 3.1: no response parameter more than once. Which code (or state) to
        # believe is not for beatkit to guess; an injected one is the likelier story.
        raise AuthenticationError(
            f"Beatport authorization failed at the {step} step: the redirect carries "
            f"{' and '.join(repeated)} more than once (a tampered or malformed redirect); "
            f"{restart}",
            status_code=0,
            service=SERVICE,
            code="invalid_redirect",
        )
    error = _first(params, "error")
    if error:
        description = _first(params, "error_description")
        detail = f"{_shown(error)}: {_shown(description)}" if description else _shown(error)
        # Text anyone can put in the callback URL, redacted as a server's error message
        # is: a code or a signed URL quoted in it stays out of the logs.
        detail = redact_text(detail)
        raise AuthenticationError(
            f"Beatport authorization failed at the {step} step: the redirect carries the "
            f"OAuth error {detail}",
            status_code=0,
            service=SERVICE,
            code=redact_text(_shown(error)),
        )
    code = _first(params, "code")
    if not code:
        # Checked before the state: a redirect to a login page has neither, and
        # "no code" is what tells the user what happened.
        raise AuthenticationError(
            f"Beatport authorization failed at the {step} step: the redirect carries no "
            "authorization code",
            status_code=0,
            service=SERVICE,
            code="missing_code",
        )
    state = _first(params, "state")
    if expected_state is not None and not _same_state(state, expected_state):
        found = (
            "carries no state, but the authorization request sent one"
            if state is None
            else "carries a state that does not match the authorization request's"
        )
        raise AuthenticationError(
            f"Beatport authorization failed at the {step} step: the redirect {found} "
            f"(a stale or forged redirect); {restart}",
            status_code=0,
            service=SERVICE,
            code="state_mismatch",
        )
    return code


class SpentCodes:
    """The authorization codes a client has exchanged, or is exchanging, so that a
    callback handed in twice is refused before its code is sent again.

    RFC 6749 section 4.1.2: a code is single-use, and a server that sees one used
    twice should revoke the tokens it issued for it; a callback page reloaded, or a
    redirect delivered twice, would then cost the token the first exchange obtained.
    A code is claimed before its exchange is sent and kept once the server answered
    2xx (a token, even one that could not be read or saved, or installed after the
    call was cancelled); any other failure gives it back (the server may not have
    spent it: a 5xx, a wrong verifier, no answer).
    Only a digest of each code is kept, and at most :attr:`LIMIT` of them.
    Safe to share between threads and tasks.
    """

    LIMIT = 1024
    """The most codes remembered; the oldest are forgotten first."""

    def __init__(self) -> None:
        self._digests: dict[bytes, None] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _digest(code: str) -> bytes:
        return hashlib.sha256(code.encode("utf-8", "surrogatepass")).digest()

    def claim(self, code: str) -> None:
        """Mark ``code`` as being exchanged.

        Raises:
            AuthenticationError: ``code`` was exchanged already, or its exchange is
                under way (``code="invalid_grant"``, ``status_code`` 0: nothing was
                sent). The message does not quote the code.
        """
        digest = self._digest(code)
        with self._lock:
            if digest in self._digests:
                raise AuthenticationError(
                    "Beatport authorization failed at the token step (POST /auth/o/token/): "
                    "this authorization code was exchanged already, or its exchange is under "
                    "way (a code is single-use: it was not sent again). The token it obtained "
                    "is the client's (client.auth.token); for a new one, start again with a "
                    "new authorization_url()",
                    status_code=0,
                    service=SERVICE,
                    code="invalid_grant",
                )
            self._digests[digest] = None
            while len(self._digests) > self.LIMIT:
                del self._digests[next(iter(self._digests))]

    def release(self, code: str) -> None:
        """Forget ``code``: its exchange failed, and it may be sent again."""
        with self._lock:
            self._digests.pop(self._digest(code), None)
