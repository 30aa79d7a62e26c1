"""Token managers: ``httpx.Auth`` flows that attach, fetch and refresh bearer tokens.

Every decision (is the token stale, which request fetches a new one, how its
answer is parsed, whether a 401 is worth one refresh and one replay, whether a
caller that waited for a refresh still needs one) lives in pure generators on
the manager, starting at :meth:`_TokenAuth._request_steps`. They yield *steps*:
"send this request", "take the lock", "release the lock". Two small drivers run
those steps, :class:`SyncFlow` for :class:`httpx.Client` and :class:`AsyncFlow`
for :class:`httpx.AsyncClient`; they hold no OAuth logic, only I/O and locking,
and both take the same lock, so a sync and an async client may share a manager.

Two rules keep many concurrent callers safe:

* A response a flow has received is read and closed before the flow waits on
  anything (the lock, or another request): a caller waiting for the refresh
  must not keep a pooled connection the refresh itself may need.
* One token request per stale token. A caller that gets the lock after another
  one replaced the token uses the new token; one whose stale token's refresh
  failed while it waited gets the same error without sending (and a refused
  refresh token, ``invalid_grant``, is never sent again).
"""

from __future__ import annotations

import logging
import math
from collections.abc import AsyncGenerator, Callable, Generator, Iterable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any, NoReturn, SupportsIndex

import attrs
import httpx

from beatkit._core.concurrency import AsyncLock, Lock
from beatkit._core.http import PLAIN_HTTP_CHOSEN, is_loopback
from beatkit._core.redact import redact_url
from beatkit._core.validate import is_bearer_token
from beatkit.auth._steps import (
    AsyncFlow,
    LockStep,
    Step,
    Steps,
    SyncFlow,
    copy_error,
    run_async,
    run_sync,
    send_step,
)
from beatkit.auth.oauth import (
    ClientAuthMethod,
    build_token_request,
    client_credentials_grant,
    parse_token_response,
    refresh_token_grant,
)
from beatkit.auth.stores import TokenStore
from beatkit.auth.token import Token
from beatkit.errors import (
    AuthenticationError,
    ConfigurationError,
    RateLimitError,
    ResponseDecodeError,
    ServerError,
)

__all__ = ["BearerAuth", "ClientCredentialsAuth", "RefreshingAuth"]

logger = logging.getLogger("beatkit.auth")

Clock = Callable[[], datetime]
"""Returns the current time, timezone-aware."""

TokenCallback = Callable[[Token], object]
"""Called with every token a manager obtains from the token endpoint (its result is ignored)."""

_LOOPBACK_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})


def _utcnow() -> datetime:
    return datetime.now(UTC)


@attrs.frozen(eq=False)
class _Failure:
    """How the last refresh of a stale token failed, for the callers that waited on it."""

    stale: Token | None
    """The token the refresh was to replace (compared by identity)."""
    outcome: int
    """The manager's outcome count once this failure was counted."""
    error: Exception
    """What the refresh raised (or what httpx raised sending it)."""
    final: bool
    """The refresh token itself was refused (``invalid_grant``): sending it again cannot help."""
    until: datetime | None = None
    """Until when the token endpoint asked not to be sent another request (its answer's
    ``Retry-After``, on a 429 or a 5xx), if it did."""

    def wait_left(self, now: datetime) -> float:
        """Seconds the token endpoint still asked to be left alone (0 when none)."""
        return 0.0 if self.until is None else max(0.0, (self.until - now).total_seconds())


def _is_replayable(request: httpx.Request) -> bool:
    """Whether the request body is in memory, so the request can be sent a second time."""
    try:
        request.content  # noqa: B018 - raises for a streaming body not yet read
    except httpx.RequestNotRead:
        return False
    return True


def _timeout_of(request: httpx.Request) -> httpx.Timeout | None:
    """The timeout httpx will apply to ``request`` (the client's, or the call's own)."""
    value = request.extensions.get("timeout")
    if not isinstance(value, Mapping):
        return None
    try:
        return httpx.Timeout(**value)
    except (TypeError, ValueError):
        return None


def _normalize_hosts(hosts: str | Iterable[str]) -> frozenset[str]:
    names = [hosts] if isinstance(hosts, str) else list(hosts)
    normalized = set()
    for name in names:
        if not isinstance(name, str) or not name.strip():
            raise ConfigurationError("hosts must be non-empty host names")
        if "://" in name or "/" in name:
            raise ConfigurationError(
                f"hosts takes host names such as 'api.example.com', not URLs: {name!r}"
            )
        normalized.add(name.strip().lower().rstrip("."))
    if not normalized:
        raise ConfigurationError("hosts must name at least one API host the token may be sent to")
    return frozenset(normalized)


def _check_token_url(token_url: str | httpx.URL) -> httpx.URL:
    url = httpx.URL(token_url)
    if url.scheme not in ("http", "https") or not url.host:
        raise ConfigurationError(
            f"token_url must be an absolute http(s) URL, not {redact_url(url)!r}"
        )
    if url.scheme == "http" and url.host not in _LOOPBACK_HOSTS:
        raise ConfigurationError(
            "token_url must use https (plain http is only allowed for loopback hosts)"
        )
    return url


class _TokenAuth(httpx.Auth):
    """Shared machinery: host restriction, the token, the store, the flows and their drivers."""

    def __init__(
        self,
        *,
        hosts: str | Iterable[str],
        token: Token | None,
        store: TokenStore | None,
        refresh_buffer: float,
        on_token: TokenCallback | None,
        service: str,
        clock: Clock,
    ) -> None:
        if (
            isinstance(refresh_buffer, bool)
            or not isinstance(refresh_buffer, int | float)
            or not math.isfinite(refresh_buffer)
        ):
            raise ConfigurationError(
                f"refresh_buffer must be a number of seconds, not {refresh_buffer!r:.40}"
            )
        if refresh_buffer < 0:
            raise ConfigurationError("refresh_buffer must not be negative")
        if on_token is not None and not callable(on_token):
            raise ConfigurationError(
                f"on_token must be callable (called with each new Token), "
                f"not {type(on_token).__name__}"
            )
        self._hosts = _normalize_hosts(hosts)
        self._store = store
        self._refresh_buffer = float(refresh_buffer)
        self._on_token = on_token
        self._service = service
        self._clock = clock
        # One lock for both kinds of client: a sync and an async client may share
        # this manager and still send one refresh between them.
        self._lock = Lock()
        self._async_lock = AsyncLock(self._lock)
        # How many refreshes have ended (succeeded or failed), and the last failure:
        # together they tell a caller that waited whether the refresh it waited for
        # already failed. Both change under the lock only.
        self._outcomes = 0
        self._failure: _Failure | None = None
        if token is None and store is not None:
            token = store.load()
        self._token = token

    # -- public surface --------------------------------------------------------

    @property
    def token(self) -> Token | None:
        """The current token, which may be stale or ``None`` (no request is made)."""
        return self._token

    @property
    def hosts(self) -> frozenset[str]:
        """The host names the token is sent to (lower case)."""
        return self._hosts

    @property
    def service(self) -> str:
        """The service name used in errors and log lines."""
        return self._service

    def sends_token_to(self, url: httpx.URL | str) -> bool:
        """Tell whether a request to ``url`` would carry the token.

        Args:
            url: A request URL.

        Returns:
            ``True`` if the URL's host is one of :attr:`hosts` and the URL is https,
            or plain http to a loopback host. (A plain http URL to a remote API host
            is refused with :class:`~beatkit.errors.ConfigurationError`, except on
            the requests of a beatkit client built with ``allow_http=True``.)
        """
        parsed = httpx.URL(url)
        return parsed.host in self._hosts and (parsed.scheme == "https" or is_loopback(parsed.host))

    def _carries_token(self, request: httpx.Request) -> bool:
        """Whether ``request`` gets the token: one of :attr:`hosts`, over https (or plain
        http to a loopback host, or on a client built with ``allow_http=True``).

        Raises:
            ConfigurationError: Plain http to a remote API host: the token would
                cross the network in clear text.
        """
        url = request.url
        if url.host not in self._hosts:
            return False
        if (
            url.scheme == "https"
            or is_loopback(url.host)
            or request.extensions.get(PLAIN_HTTP_CHOSEN) is True
        ):
            return True
        raise ConfigurationError(
            f"{self._service}: refusing to send the bearer token to {url.host} over plain "
            f"http (it would cross the network unencrypted): use an https URL"
        )

    def set_token(self, token: Token) -> None:
        """Replace the current token, e.g. after a login, and save it to the store.

        ``on_token`` is not called: it reports tokens the manager obtained itself.

        Args:
            token: The new token.
        """
        self._install(token, obtained=False)

    def clear_token(self) -> None:
        """Forget the current token and clear the store (log out locally)."""
        self._token = None
        self._failure = None
        if self._store is not None:
            self._store.clear()

    def ensure_token(self, client: httpx.Client) -> Token:
        """Return a valid token, fetching or refreshing it through ``client`` if needed.

        For code that needs the token outside httpx (a player, a websocket). The
        token request uses ``client``'s timeout.

        Args:
            client: Sends the token request, if one is needed (its own auth is not used).

        Returns:
            The current token, refreshed if it was about to expire.

        Raises:
            AuthenticationError: The token endpoint refused.
            ConfigurationError: There is no token and no way to get one.
            APIConnectionError: The token endpoint did not answer
                (:class:`~beatkit.errors.APITimeoutError`: not in time).
        """
        run_sync(SyncFlow(self, self._ensure_steps(client.timeout)), client)
        return self._require_token()

    async def aensure_token(self, client: httpx.AsyncClient) -> Token:
        """Async twin of :meth:`ensure_token`.

        Args:
            client: Sends the token request, if one is needed (its own auth is not used).

        Returns:
            The current token, refreshed if it was about to expire.

        Raises:
            AuthenticationError: The token endpoint refused.
            ConfigurationError: There is no token and no way to get one.
            APIConnectionError: The token endpoint did not answer
                (:class:`~beatkit.errors.APITimeoutError`: not in time).
        """
        await run_async(AsyncFlow(self, self._ensure_steps(client.timeout)), client)
        return self._require_token()

    # -- httpx.Auth ------------------------------------------------------------

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        """Run the flow for :class:`httpx.Client` (called by httpx)."""
        return SyncFlow(self, self._request_steps(request))

    def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        """Run the flow for :class:`httpx.AsyncClient` (called by httpx)."""
        return AsyncFlow(self, self._request_steps(request))

    # -- hooks for subclasses --------------------------------------------------

    def _can_fetch(self, current: Token | None) -> bool:
        """Whether a new token can be obtained given the current one."""
        return False

    def _fetch_steps(
        self, current: Token | None, timeout: httpx.Timeout | None
    ) -> Generator[Step, httpx.Response | None, Token]:
        """Obtain a new token from the token endpoint, within ``timeout``."""
        raise NotImplementedError
        yield  # pragma: no cover - makes this a generator

    # -- the pure flows ----------------------------------------------------------

    def _effective_buffer(self, token: Token) -> float:
        # A token that lives shorter than the buffer (a 600 s token with a
        # 900 s buffer) would otherwise count as stale the moment it arrives and
        # be refreshed before every request; use it for half its life instead.
        lifetime = token.lifetime
        if lifetime is None:
            return self._refresh_buffer
        return max(0.0, min(self._refresh_buffer, lifetime.total_seconds() / 2))

    def _is_stale(self, token: Token | None) -> bool:
        """Whether ``token`` should be replaced before use, and can be."""
        if not self._can_fetch(token):
            return False
        if token is None:
            return True
        return token.is_expired(self._now(), self._effective_buffer(token))

    def _now(self) -> datetime:
        now = self._clock()
        if now.tzinfo is None or now.utcoffset() is None:
            raise ConfigurationError("the clock must return timezone-aware datetimes")
        return now

    def _require_token(self) -> Token:
        token = self._token
        if token is None:
            raise ConfigurationError(
                f"{type(self).__name__} for {self._service} has no token: "
                "log in first or pass one with set_token()"
            )
        return token

    def _authorize(self, request: httpx.Request, token: Token) -> httpx.Request:
        # Always "Bearer": servers send token_type as "bearer" or "Bearer", and
        # RFC 6750 defines the scheme name with a capital B. Checked here too, for a
        # token from a store or built by hand: httpx would quote it in its error.
        request.headers["Authorization"] = f"Bearer {_sendable(token).access_token}"
        return request

    def _install(self, token: Token, *, obtained: bool) -> None:
        self._token = token
        # A new token, however obtained, owes nothing to an earlier failure.
        self._failure = None
        if self._store is not None:
            self._store.save(token)
        if obtained and self._on_token is not None:
            self._on_token(token)

    def _refresh_steps(
        self, seen: Token | None, outcomes: int, timeout: httpx.Timeout | None
    ) -> Steps:
        """Replace the stale token ``seen`` under the lock: one token request per stale token.

        Args:
            seen: The token the caller found stale, or that got a 401.
            outcomes: The manager's outcome count the caller read before ``seen``:
                a failure counted after it is one this caller waited for.
            timeout: The token request's timeout (the caller's request's own).
        """
        yield LockStep.ACQUIRE
        yield from self._refresh_locked(seen, outcomes, timeout)
        yield LockStep.RELEASE

    def _refresh_locked(
        self, seen: Token | None, outcomes: int, timeout: httpx.Timeout | None
    ) -> Steps:
        if self._token is not seen:
            # Replaced while this caller waited (a refresh, a login, set_token):
            # the caller goes on with the current token.
            return
        if not self._can_fetch(seen):
            return
        failure = self._failure
        if failure is not None and failure.stale is seen:
            if failure.final or failure.outcome > outcomes:
                logger.debug(
                    "%s: the refresh of this token already failed; failing without a request",
                    self._service,
                )
                raise copy_error(failure.error)
            wait = failure.wait_left(self._now())
            if wait > 0:
                # A new call, or a client's retry: the endpoint asked for a pause, and
                # sending anyway is how many callers become a storm of token requests.
                logger.debug(
                    "%s: the token endpoint asked to wait %.1f s more; failing without a request",
                    self._service,
                    wait,
                )
                error = copy_error(failure.error)
                error.retry_after = wait  # type: ignore[attr-defined]  # what is left of it
                raise error
        try:
            token = yield from self._fetch_steps(seen, timeout)
        except Exception as exc:
            self._outcomes += 1
            final = isinstance(exc, AuthenticationError) and exc.code == "invalid_grant"
            self._failure = _Failure(seen, self._outcomes, exc, final, self._pause_until(exc))
            raise
        self._outcomes += 1
        self._install(token, obtained=True)

    def _pause_until(self, error: Exception) -> datetime | None:
        """When the token endpoint that failed with ``error`` may be asked again, if it said."""
        if not isinstance(error, RateLimitError | ServerError) or not error.retry_after:
            return None
        try:
            return self._now() + timedelta(seconds=error.retry_after)
        except OverflowError:  # pragma: no cover - parse_retry_after caps it at a year
            return None

    def _ensure_steps(self, timeout: httpx.Timeout | None) -> Steps:
        outcomes = self._outcomes
        token = self._token
        if self._is_stale(token):
            yield from self._refresh_steps(token, outcomes, timeout)

    def _request_steps(self, request: httpx.Request) -> Steps:
        if not self._carries_token(request):
            # Not our API (a CDN, a stream host): no token, and no refresh for it.
            yield from send_step(request)
            return
        # Read before the token (see _refresh_steps); plain reads, no lock on the hot path.
        outcomes = self._outcomes
        token = self._token
        if self._is_stale(token):
            yield from self._refresh_steps(token, outcomes, _timeout_of(request))
        token = self._require_token()
        # Decided before sending: a transport may buffer a streamed body as it
        # sends it, but a real one consumes it and it cannot be sent again.
        replayable = _is_replayable(request)
        response = yield from send_step(self._authorize(request, token))
        if response.status_code != 401 or not self._can_fetch(token):
            return
        if not replayable:
            logger.info(
                "%s: 401 from %s on a streamed request body, which cannot be replayed",
                self._service,
                request.url.host,
            )
            return
        logger.info(
            "%s: 401 from %s; refreshing the token and replaying the request once",
            self._service,
            request.url.host,
        )
        yield from self._refresh_steps(token, outcomes, _timeout_of(request))
        # The replay's answer is final, even another 401: no loop.
        yield from send_step(self._authorize(request, self._require_token()))

    def _reentry_error(self) -> ConfigurationError:
        return ConfigurationError(
            f"{type(self).__name__} for {self._service} is being refreshed by this very "
            "thread: a blocking (sync) call made on the thread whose event loop is "
            "refreshing the token, or a request made from on_token or a token store, "
            "would wait for ever. Use the async client inside async code, or make the "
            "call from another thread."
        )

    def _unread_error(self, response: httpx.Response, error: Exception) -> Exception:
        """What the failure ``error`` to read the body of ``response`` (a token answer,
        or a 401 before a refresh) becomes.

        A body that does not decode as its ``Content-Encoding`` says is the server's
        answer, unreadable: :class:`~beatkit.errors.ResponseDecodeError` with its
        status, as the transport reports the API's own answers. A transport failure
        (a timeout, a reset) stays as httpx raised it, for the transport to map.
        """
        if not isinstance(error, httpx.DecodingError):
            return error
        request = response.request
        encoding = response.headers.get("content-encoding", "none")
        decode_error = ResponseDecodeError(
            f"{self._service}: {request.method} {redact_url(request.url)}: the body does not "
            f"decode as its Content-Encoding ({encoding}) says: {error}",
            service=self._service,
            status_code=response.status_code,
            body=None,
        )
        decode_error.__cause__ = error
        return decode_error

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(service={self._service!r}, hosts={sorted(self._hosts)!r}, "
            f"has_token={self._token is not None})"
        )

    def __reduce_ex__(self, protocol: SupportsIndex, /) -> NoReturn:
        # A copy would share the locks and the single-flight refresh state with the
        # original, then drift from it; a pickle cannot carry a lock. Say what to do
        # instead of failing on "cannot pickle '_thread.lock' object".
        raise TypeError(
            f"{type(self).__name__} cannot be copied or pickled: it holds the locks and "
            "refresh state its requests share. Pass its Token (which pickles) or a token "
            "store, and build a new manager where it is needed."
        )


class BearerAuth(_TokenAuth):
    """A fixed bearer token: an API key or a personal access token.

    Nothing is refreshed; a 401 is returned as is. Without a token, requests go
    out unsigned until :meth:`set_token` installs one (for APIs whose reads are
    public, such as BeatPass).

    Args:
        token: The token (a string or a :class:`Token`), or ``None`` for none yet.
        hosts: The API host names the token may be sent to; requests to any
            other host get no ``Authorization`` header.
        service: The service name used in errors and log lines.

    Raises:
        ConfigurationError: The token is empty or ``hosts`` is empty.
    """

    def __init__(
        self, token: str | Token | None, *, hosts: str | Iterable[str], service: str = "api"
    ) -> None:
        super().__init__(
            hosts=hosts,
            token=None if token is None else _as_token(token),
            store=None,
            refresh_buffer=0.0,
            on_token=None,
            service=service,
            clock=_utcnow,
        )

    def set_token(self, token: str | Token) -> None:
        """Replace the token.

        Args:
            token: The new token (a string or a :class:`Token`).
        """
        super().set_token(_as_token(token))

    # A fixed token never refreshes, so the step machinery the refreshing managers
    # need is skipped: on the hot path of every API-key request it costs more than
    # the rest of beatkit's per-request work.
    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        """Run the flow for :class:`httpx.Client` (called by httpx)."""
        token = self._token
        if token is not None and self._carries_token(request):
            self._authorize(request, token)
        yield request

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        """Run the flow for :class:`httpx.AsyncClient` (called by httpx)."""
        token = self._token
        if token is not None and self._carries_token(request):
            self._authorize(request, token)
        yield request


def _as_token(token: str | Token) -> Token:
    if isinstance(token, Token):
        return _sendable(token)
    if not isinstance(token, str) or not token.strip():
        raise ConfigurationError("the bearer token must be a non-empty string")
    return _sendable(Token(access_token=token.strip()))


def _sendable(token: Token) -> Token:
    """``token``, if its access token can go in an ``Authorization`` header as it is.

    Raises:
        ConfigurationError: A line break, a control character or non-ASCII inside it
            (the message never shows it).
    """
    if not is_bearer_token(token.access_token):
        raise ConfigurationError(
            "the bearer token has a character an Authorization header cannot carry (a line "
            "break, a control character, non-ASCII): check that it was copied whole and alone"
        )
    return token


class _OAuthTokenAuth(_TokenAuth):
    """A manager that talks to a token endpoint."""

    requires_response_body = True

    def __init__(
        self,
        token_url: str | httpx.URL,
        client_id: str,
        *,
        client_secret: str | None,
        auth_method: ClientAuthMethod,
        extra_params: Mapping[str, str] | None,
        hosts: str | Iterable[str],
        token: Token | None,
        store: TokenStore | None,
        refresh_buffer: float,
        on_token: TokenCallback | None,
        service: str,
        clock: Clock,
    ) -> None:
        if not client_id:
            raise ConfigurationError("client_id must not be empty")
        if auth_method not in ("client_secret_post", "client_secret_basic"):
            raise ConfigurationError(f"unknown auth_method {auth_method!r}")
        if auth_method == "client_secret_basic" and client_secret is None:
            raise ConfigurationError("auth_method 'client_secret_basic' needs a client_secret")
        self._token_url = _check_token_url(token_url)
        self._client_id = client_id
        self._client_secret = client_secret
        self._auth_method: ClientAuthMethod = auth_method
        self._extra_params = dict(extra_params or {})
        super().__init__(
            hosts=hosts,
            token=token,
            store=store,
            refresh_buffer=refresh_buffer,
            on_token=on_token,
            service=service,
            clock=clock,
        )

    @property
    def token_url(self) -> httpx.URL:
        """The token endpoint."""
        return self._token_url

    def _grant(self, current: Token | None) -> dict[str, str]:
        raise NotImplementedError

    def _merge(self, current: Token | None, new: Token) -> Token:
        return new

    def _translate_error(self, error: AuthenticationError) -> AuthenticationError:
        return error

    def _token_steps(
        self, grant: Mapping[str, str], timeout: httpx.Timeout | None
    ) -> Generator[Step, httpx.Response | None, Token]:
        """Send one token request with ``grant`` and parse the answer."""
        request = build_token_request(
            self._token_url,
            grant,
            client_id=self._client_id,
            client_secret=self._client_secret,
            auth_method=self._auth_method,
            extra_params=self._extra_params,
            timeout=timeout,
        )
        grant_type = grant.get("grant_type", "?")
        logger.debug("%s: requesting a token (%s grant)", self._service, grant_type)
        response = yield from send_step(request, token_request=True)
        try:
            token = parse_token_response(
                response, service=self._service, now=self._now(), sent=request
            )
        except AuthenticationError as exc:
            logger.warning(
                "%s: the token endpoint refused the %s grant: HTTP %s %s",
                self._service,
                grant_type,
                exc.status_code,
                exc.code or "",
            )
            raise self._translate_error(exc) from None
        lifetime = token.lifetime
        logger.info(
            "%s: obtained a new access token (%s grant, expires in %s)",
            self._service,
            grant_type,
            "unknown" if lifetime is None else f"{lifetime.total_seconds():.0f} s",
        )
        return token

    def _fetch_steps(
        self, current: Token | None, timeout: httpx.Timeout | None
    ) -> Generator[Step, httpx.Response | None, Token]:
        token = yield from self._token_steps(self._grant(current), timeout)
        return self._merge(current, token)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(service={self._service!r}, "
            f"token_url={redact_url(self._token_url)!r}, hosts={sorted(self._hosts)!r}, "
            f"has_token={self._token is not None})"
        )


class ClientCredentialsAuth(_OAuthTokenAuth):
    """An application token from the client credentials grant (RFC 6749 section 4.4).

    The token is fetched on first use, fetched again when it is about to expire
    or when the API answers 401 (then the request is replayed once). Concurrent
    requests, in threads or asyncio tasks, sync or async clients, share one
    fetch, and its failure. The token request uses the timeout of the request
    that needed it.

    Args:
        token_url: The token endpoint (https, or http on a loopback host).
        client_id: The OAuth client id.
        client_secret: The client secret.
        scope: Space-separated scopes to ask for, if any.
        hosts: The API host names the token may be sent to; requests to other
            hosts get no ``Authorization`` header.
        store: Where to keep the token between runs; a stored token is loaded
            at construction.
        auth_method: Send the client credentials in the form body
            (``"client_secret_post"``) or as HTTP Basic (``"client_secret_basic"``).
        service: The service name used in errors and log lines.
        refresh_buffer: Seconds before expiry from which the token is replaced
            (at most half the token's lifetime).
        extra_params: Extra form fields sent with every token request.
        on_token: Called with each token obtained.
        clock: Returns the current time (timezone-aware); for tests.

    Raises:
        ConfigurationError: A setting is invalid, or the store's file is corrupt.
    """

    def __init__(
        self,
        token_url: str | httpx.URL,
        client_id: str,
        client_secret: str,
        *,
        scope: str | None = None,
        hosts: str | Iterable[str],
        store: TokenStore | None = None,
        auth_method: ClientAuthMethod = "client_secret_post",
        service: str = "oauth",
        refresh_buffer: float = 60.0,
        extra_params: Mapping[str, str] | None = None,
        on_token: TokenCallback | None = None,
        clock: Clock = _utcnow,
    ) -> None:
        if not client_secret:
            raise ConfigurationError("client_secret must not be empty")
        self._scope = scope
        super().__init__(
            token_url,
            client_id,
            client_secret=client_secret,
            auth_method=auth_method,
            extra_params=extra_params,
            hosts=hosts,
            token=None,
            store=store,
            refresh_buffer=refresh_buffer,
            on_token=on_token,
            service=service,
            clock=clock,
        )

    def _can_fetch(self, current: Token | None) -> bool:
        return True

    def _grant(self, current: Token | None) -> dict[str, str]:
        return client_credentials_grant(self._scope)


class RefreshingAuth(_OAuthTokenAuth):
    """A user's token, refreshed with its refresh token (RFC 6749 section 6).

    The token is refreshed when it is within ``refresh_buffer`` of its expiry,
    and once more when the API answers 401, after which the request is replayed
    once (a second 401 is returned as is). Concurrent requests, in threads or
    asyncio tasks, sync or async clients, share one refresh: one token request
    per stale token, whose new token or error every waiting request gets. The
    token request uses the timeout of the request that needed it. A refresh
    response without a new refresh token keeps the old one, and fields of
    :attr:`Token.extra` the response leaves out (such as ``user_id``) are kept
    too.

    A token without a refresh token is used until the server rejects it. An
    ``invalid_grant`` answer to a refresh (HTTP 400 or 401) raises
    :class:`~beatkit.errors.AuthenticationError` with ``code="invalid_grant"``:
    the user must log in again. The token is kept (and the store untouched), so
    each later request raises the same error, without sending the refused
    refresh token again, until a new token is set.

    Args:
        token_url: The token endpoint (https, or http on a loopback host).
        client_id: The OAuth client id (also sent in the body for public clients).
        client_secret: The client secret, for confidential clients.
        token: The token to start with; when omitted it is loaded from ``store``.
        store: Where each new token is saved.
        hosts: The API host names the token may be sent to; requests to other
            hosts get no ``Authorization`` header.
        refresh_buffer: Seconds before expiry from which the token is refreshed
            (at most half the token's lifetime).
        on_token: Called with each token obtained (refreshed or logged in).
        service: The service name used in errors and log lines.
        clock: Returns the current time (timezone-aware); for tests.
        auth_method: Send the client credentials in the form body
            (``"client_secret_post"``) or as HTTP Basic (``"client_secret_basic"``).
        extra_params: Extra form fields sent with every token request.

    Raises:
        ConfigurationError: A setting is invalid, or the store's file is corrupt.
    """

    def __init__(
        self,
        token_url: str | httpx.URL,
        client_id: str,
        *,
        client_secret: str | None = None,
        token: Token | None = None,
        store: TokenStore | None = None,
        hosts: str | Iterable[str],
        refresh_buffer: float = 300.0,
        on_token: TokenCallback | None = None,
        service: str = "oauth",
        clock: Clock = _utcnow,
        auth_method: ClientAuthMethod = "client_secret_post",
        extra_params: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(
            token_url,
            client_id,
            client_secret=client_secret,
            auth_method=auth_method,
            extra_params=extra_params,
            hosts=hosts,
            token=token,
            store=store,
            refresh_buffer=refresh_buffer,
            on_token=on_token,
            service=service,
            clock=clock,
        )

    def login(
        self,
        client: httpx.Client,
        grant: Mapping[str, str],
        *,
        defaults: Mapping[str, Any] | None = None,
    ) -> Token:
        """Obtain a token with any grant and make it current (saved, passed to ``on_token``).

        Use it to exchange an authorization code, a password or one of Beat
        Technology's custom grants.

        Args:
            client: Sends the token request (its own auth is not used).
            grant: The grant's form fields, e.g. from
                :func:`~beatkit.auth.oauth.authorization_code_grant`.
            defaults: :attr:`Token.extra` fields to record where the answer leaves
                them out (a profile switch's ``user_id``), before the token is saved
                and passed to ``on_token``.

        Returns:
            The new token.

        Raises:
            AuthenticationError: The token endpoint refused.
            RateLimitError: The token endpoint answered 429.
            ServerError: The token endpoint failed (5xx).
            APIConnectionError: The token endpoint did not answer
                (:class:`~beatkit.errors.APITimeoutError`: not in time).
        """
        run_sync(SyncFlow(self, self._login_steps(grant, client.timeout, defaults)), client)
        return self._require_token()

    async def alogin(
        self,
        client: httpx.AsyncClient,
        grant: Mapping[str, str],
        *,
        defaults: Mapping[str, Any] | None = None,
    ) -> Token:
        """Async twin of :meth:`login`.

        Args:
            client: Sends the token request (its own auth is not used).
            grant: The grant's form fields.
            defaults: :attr:`Token.extra` fields to record where the answer leaves
                them out.

        Returns:
            The new token.

        Raises:
            AuthenticationError: The token endpoint refused.
            RateLimitError: The token endpoint answered 429.
            ServerError: The token endpoint failed (5xx).
            APIConnectionError: The token endpoint did not answer
                (:class:`~beatkit.errors.APITimeoutError`: not in time).
        """
        await run_async(AsyncFlow(self, self._login_steps(grant, client.timeout, defaults)), client)
        return self._require_token()

    def refresh(self, client: httpx.Client) -> Token:
        """Refresh the token now, whatever its expiry, and make the new one current.

        The same refresh as the automatic one: single-flight with any refresh
        already under way (a caller that waited gets the token that refresh
        obtained), the old refresh token and :attr:`Token.extra` fields (such as
        ``user_id``) kept where the answer leaves them out, saved to the store,
        passed to ``on_token``.

        Args:
            client: Sends the token request (its own auth is not used).

        Returns:
            The new token.

        Raises:
            ConfigurationError: There is no token, or it has no refresh token.
            AuthenticationError: The token endpoint refused (``code="invalid_grant"``:
                log in again).
            RateLimitError: The token endpoint answered 429.
            ServerError: The token endpoint failed (5xx).
            APIConnectionError: The token endpoint did not answer
                (:class:`~beatkit.errors.APITimeoutError`: not in time).
        """
        run_sync(SyncFlow(self, self._forced_refresh_steps(client.timeout)), client)
        return self._require_token()

    async def arefresh(self, client: httpx.AsyncClient) -> Token:
        """Async twin of :meth:`refresh`.

        Args:
            client: Sends the token request (its own auth is not used).

        Returns:
            The new token.

        Raises:
            ConfigurationError: There is no token, or it has no refresh token.
            AuthenticationError: The token endpoint refused (``code="invalid_grant"``:
                log in again).
            RateLimitError: The token endpoint answered 429.
            ServerError: The token endpoint failed (5xx).
            APIConnectionError: The token endpoint did not answer
                (:class:`~beatkit.errors.APITimeoutError`: not in time).
        """
        await run_async(AsyncFlow(self, self._forced_refresh_steps(client.timeout)), client)
        return self._require_token()

    def _forced_refresh_steps(self, timeout: httpx.Timeout) -> Steps:
        outcomes = self._outcomes
        token = self._token
        if token is None or token.refresh_token is None:
            raise ConfigurationError(
                f"{type(self).__name__} for {self._service} has no refresh token: log in first"
            )
        yield from self._refresh_steps(token, outcomes, timeout)

    def _login_steps(
        self,
        grant: Mapping[str, str],
        timeout: httpx.Timeout,
        defaults: Mapping[str, Any] | None = None,
    ) -> Steps:
        yield LockStep.ACQUIRE
        token = yield from self._token_steps(grant, timeout)
        if defaults:
            token = attrs.evolve(token, extra={**defaults, **token.extra})
        self._install(token, obtained=True)
        yield LockStep.RELEASE

    def _can_fetch(self, current: Token | None) -> bool:
        return current is not None and current.refresh_token is not None

    def _grant(self, current: Token | None) -> dict[str, str]:
        assert current is not None
        assert current.refresh_token is not None
        return refresh_token_grant(current.refresh_token)

    def _merge(self, current: Token | None, new: Token) -> Token:
        if current is None:
            return new
        # RFC 6749 section 6: the server may keep the refresh token unchanged
        # and not resend it; and Beat Technology's user_id comes with the login
        # answer only. Keep both rather than lose them on the first refresh.
        return attrs.evolve(
            new,
            refresh_token=new.refresh_token or current.refresh_token,
            extra={**current.extra, **new.extra},
        )

    def _translate_error(self, error: AuthenticationError) -> AuthenticationError:
        if error.code != "invalid_grant":
            return error
        detail = error.message if error.message != error.code else "the grant was rejected"
        return AuthenticationError(
            f"the refresh token was rejected ({detail}): log in again",
            status_code=error.status_code,
            service=error.service,
            code="invalid_grant",
            request_id=error.request_id,
            body=error.body,
        )
