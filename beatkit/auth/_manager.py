"""The machinery every token manager shares: ``_TokenAuth``, its steps and its drivers.

Every decision (is the token stale, which request fetches a new one, how its
answer is parsed, whether a 401 is worth one refresh and one replay, whether a
caller that waited for a refresh still needs one) lives in pure generators on
the manager, starting at :meth:`_TokenAuth._request_steps`. They yield *steps*:
"send this request", "take the lock", "release the lock". Two small drivers run
those steps, :class:`SyncFlow` for ``httpx.Client`` and :class:`AsyncFlow`
for ``httpx.AsyncClient``; they hold no OAuth logic, only I/O and locking,
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
import os
import threading
import time
import weakref
from collections.abc import AsyncGenerator, Callable, Generator, Iterable
from datetime import UTC, datetime, timedelta
from typing import NoReturn, SupportsIndex

import attrs
import httpx

from beatkit._core.http import is_loopback
from beatkit._core.redact import mask_chain, redact_url
from beatkit._core.validate import bearer_token_problem, check_callback, check_number
from beatkit.auth._hosts import normalize_hosts, on_hosts
from beatkit.auth._requests import (
    answered_host,
    answered_with_token,
    carries_credentials,
    is_replayable,
    rewound,
    wait_limit,
)
from beatkit.auth._shared_store import process_wait, refresh_locks, takes_over, written_over
from beatkit.auth._steps import (
    Acquire,
    AcquireFile,
    AsyncFlow,
    LockStep,
    Step,
    Steps,
    SyncFlow,
    copy_error,
    run_async,
    run_sync,
    send_step,
    timeout_of,
    token_client,
    token_timeout,
)
from beatkit.auth.stores import FileTokenStore, TokenStore
from beatkit.auth.token import Token, check_token_kind
from beatkit.errors import (
    AuthenticationError,
    ClientClosedError,
    ConfigurationError,
    RateLimitError,
    ResponseDecodeError,
    ServerError,
    TokenSaveError,
)

__all__ = [
    "Clock",
    "TokenCallback",
    "check_store",
    "sendable",
    "utcnow",
]

logger = logging.getLogger("beatkit.auth")

Clock = Callable[[], datetime]
"""Returns the current time, timezone-aware."""

TokenCallback = Callable[[Token], object]
"""Called with every token a manager obtains from the token endpoint (its result is ignored)."""


def utcnow() -> datetime:
    return datetime.now(UTC)


_UNKNOWN = object()
"""What a manager knows of its store's content before it has read or written it."""


def _credentials(token: Token | None) -> tuple[str, str | None] | None:
    """What tells one stored token from another: its access and refresh tokens
    (``None`` for an empty store)."""
    return None if token is None else (token.access_token, token.refresh_token)


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
    """The refresh token itself was refused (``invalid_grant``); sending it again cannot help."""
    until: datetime | None = None
    """Until when the token endpoint asked not to be sent another request (its answer's
    ``Retry-After``, on a 429 or a 5xx), if it did."""
    steady_until: float | None = None
    """The same moment on ``time.monotonic``, which no clock change moves."""

    def wait_left(self, now: datetime) -> float:
        """Seconds the token endpoint still asked to be left alone (0 when none).

        The wall clock (the manager's clock, which tests move) ends the pause, and so
        does the monotonic one: a wall clock set back a day (an NTP step, a resumed
        VM) must not stretch a 30 s ``Retry-After`` into a day without refreshes.
        """
        if self.until is None:
            return 0.0
        left = (self.until - now).total_seconds()
        if self.steady_until is not None:
            left = min(left, self.steady_until - time.monotonic())
        return max(0.0, left)


_REFRESH_FAILED = "beatkit.auth_refresh_failed"
"""A request extension; the manager and the outcome count of the last failed refresh
this request's attempt got (raised, or shared from another caller's). A retry of the
same request (the clients' retries, ``client.send(request)`` again) shares a failure
counted after it instead of sending one more token request."""


def sendable(token: Token) -> Token:
    """``token``, if its access token can go in an ``Authorization`` header as it is.

    Raises:
        ConfigurationError: A line break, a control character or non-ASCII inside it
            (the message never shows it).
    """
    # A header copied whole ("Authorization: Bearer ...") brings the scheme along.
    problem = bearer_token_problem(token.access_token)
    if problem is not None:
        raise ConfigurationError(f"the bearer token {problem}")
    return token


def check_store(store: object, name: str = "store") -> None:
    """Refuse a ``store`` that is not a :class:`~beatkit.auth.TokenStore`.

    A path here (the common slip) would fail far away, at the first ``load()``.

    Args:
        store: The value given; ``None`` (no store) passes.
        name: The option it was given as, for the message (``"app_store"``...).

    Raises:
        ConfigurationError: ``store`` is neither ``None`` nor a token store (a store's
            class, its parentheses forgotten, included).
    """
    if isinstance(store, type):
        # The class has load, save and clear too, so the protocol check takes it, and
        # the first load() failed with "missing 1 required positional argument: 'self'".
        call = f"{store.__name__}(path)" if store is FileTokenStore else f"{store.__name__}()"
        raise ConfigurationError(
            f"{name} must be a token store, not the class {store.__name__}: "
            f"pass an instance, e.g. {call}"
        )
    # Not isinstance(store, TokenStore): from Python 3.12 it misses methods a wrapper
    # forwards through __getattr__, and refused such a store on 3.12+ only.
    methods = ("load", "save", "clear")
    if store is not None and not all(callable(getattr(store, m, None)) for m in methods):
        raise ConfigurationError(
            f"{name} must be a token store (load, save and clear), "
            f"e.g. FileTokenStore(path), not {type(store).__name__}"
        )


_MANAGERS: weakref.WeakSet[_TokenAuth] = weakref.WeakSet()
"""Every token manager of this process, for :func:`_after_fork_in_child`."""


def _after_fork_in_child() -> None:
    """In a forked child: every manager's locks afresh. A thread of the parent that held
    one (refreshing the token, saving it) as the child was forked does not run in the
    child, which would wait for it for ever: every request of the child through that
    manager failed with a pool timeout, and ``ensure_token()`` or ``set_token()`` never
    returned. Runs after :mod:`~beatkit.auth._shared_store`'s own hook (registered
    first), so managers of one token file share the child's new locks of that file."""
    for manager in list(_MANAGERS):
        manager._locks_afresh()


if hasattr(os, "register_at_fork"):  # pragma: no branch - POSIX
    os.register_at_fork(after_in_child=_after_fork_in_child)


class _TokenAuth(httpx.Auth):
    """Shared machinery: host restriction, the token, the store, the flows and their drivers."""

    _issuer: tuple[str, str] | None = None
    """``(token_url, client_id)`` this manager records in the tokens it obtains and
    requires of the tokens it reads from its store (``None``: a manager without a token
    endpoint, which takes any)."""

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
        try:
            check_number("refresh_buffer", refresh_buffer, allow_zero=True)
        except (TypeError, ValueError) as exc:
            raise ConfigurationError(f"{exc} (seconds before expiry)") from None
        if on_token is not None and not callable(on_token):
            raise ConfigurationError(
                f"on_token must be callable (called with each new Token), "
                f"not {type(on_token).__name__}"
            )
        try:
            # Called without await (from sync code, between requests): an async one's
            # coroutine would never run, and the token would go unsaved.
            check_callback("on_token", on_token)
        except TypeError as exc:
            raise ConfigurationError(str(exc)) from None
        check_store(store)
        self._hosts, self._any_port_hosts, self._origins = normalize_hosts(hosts)
        self._store = store
        self._refresh_buffer = float(refresh_buffer)
        self._on_token = on_token
        self._service = service
        self._clock = clock
        # One lock for both kinds of client: a sync and an async client may share
        # this manager and still send one refresh between them. Shared with the
        # managers whose store is the same token file (see refresh_locks), which also
        # share the lock other processes on that file see, or the same store object of
        # another kind. Kept: it holds the file's (or store's) entry alive for as long
        # as a manager of that file (or store) lives.
        self._locks = refresh_locks(store)
        self._lock = self._locks.lock
        self._async_lock = self._locks.async_lock
        self._process_lock = self._locks.process_lock
        # How many refreshes have ended (succeeded or failed), and the last failure:
        # together they tell a caller that waited whether the refresh it waited for
        # already failed. Both change under the lock only.
        self._outcomes = 0
        self._failure: _Failure | None = None
        # Held while a token is made current and saved, and by set_token() and
        # clear_token(): a log-out or a new login that comes while a refreshed token is
        # being saved waits for that save, then stands (it never lands between the
        # install and the save, which would put the refreshed token back in the store).
        # Reentrant: on_token or a store may call set_token() itself.
        self._install_guard = threading.RLock()
        check_token_kind(token)
        # The credentials of the token the store held when this manager last read or
        # wrote it (None: empty), or _UNKNOWN: a store that holds others since was
        # written by another process or manager (see _newer_stored).
        self._store_seen: object = _UNKNOWN
        if token is None and store is not None:
            token = store.load()
            if token is not None and not isinstance(token, Token):
                raise ConfigurationError(
                    f"the token store's load() returned {type(token).__name__}, not a Token "
                    "or None (Token.from_dict() reads what Token.to_dict() wrote)"
                )
            self._store_seen = _credentials(token)
            if token is not None and self._foreign(token):
                token = None
        self._token = token
        _MANAGERS.add(self)

    def _locks_afresh(self) -> None:
        """In a forked child: the refresh locks and the install guard afresh (see
        :func:`_after_fork_in_child`), unless this thread holds the refresh lock (a
        ``fork()`` made inside this manager's own refresh: the flow goes on in the child,
        and releases it there)."""
        if self._lock.held_by_this_thread():
            return
        self._locks = refresh_locks(self._store)
        self._lock = self._locks.lock
        self._async_lock = self._locks.async_lock
        self._process_lock = self._locks.process_lock
        self._install_guard = threading.RLock()

    # -- public surface --------------------------------------------------------

    @property
    def token(self) -> Token | None:
        """The current token, which may be stale or ``None`` (no request is made)."""
        return self._token

    @property
    def hosts(self) -> frozenset[str]:
        """Where the token is sent (lower case); host names, on any port, and
        ``host:port`` entries (``[IPv6]:port``), on that port only."""
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
            ``True`` if the URL is one of :attr:`hosts` (its host, or its host and
            port for an entry with a port) and the URL is https, or plain http to a
            loopback host. (A plain http URL to a remote API host is refused with
            :class:`~beatkit.errors.ConfigurationError`, except on the requests of a
            beatkit client built with ``allow_http=True``.)
        """
        parsed = httpx.URL(url)
        return self._is_api_url(parsed) and (parsed.scheme == "https" or is_loopback(parsed.host))

    def _is_api_url(self, url: httpx.URL) -> bool:
        """Whether ``url`` is on one of :attr:`hosts`: the host of an entry without a
        port, or the host and effective port (a default one filled in) of one with."""
        return on_hosts(url, self._any_port_hosts, self._origins)

    def _carries_token(self, request: httpx.Request) -> bool:
        """Whether ``request`` gets the token: one of :attr:`hosts`, over https (or plain
        http to a loopback host, or on a client built with ``allow_http=True``).

        Raises:
            ConfigurationError: Plain http to a remote API host: the token would
                cross the network in clear text.
        """
        return carries_credentials(
            request, self._any_port_hosts, self._origins, self._service, "the bearer token"
        )

    def set_token(self, token: Token) -> None:
        """Replace the current token, e.g. after a login, and save it to the store.

        ``on_token`` is not called: it reports tokens the manager obtained itself.

        Args:
            token: The new token.

        Raises:
            ConfigurationError: ``token`` is not a :class:`~beatkit.auth.Token`.
        """
        check_token_kind(token)
        self._install(token, obtained=False)

    def clear_token(self) -> None:
        """Forget the current token and clear the store (log out locally)."""
        with self._install_guard:
            self._token = None
            self._failure = None
            if self._store is not None:
                self._store.clear()
                self._store_seen = None

    def ensure_token(
        self, client: httpx.Client, *, timeout: float | httpx.Timeout | None = None
    ) -> Token:
        """Return a valid token, fetching or refreshing it through ``client`` if needed.

        For code that needs the token outside httpx (a player, a websocket). The
        token request uses ``timeout``, else ``client``'s timeout.

        Args:
            client: Sends the token request, if one is needed (its own auth is not used).
            timeout: The token request's timeout: seconds or an ``httpx.Timeout``;
                ``None`` for ``client``'s own.

        Returns:
            The current token, refreshed if it was about to expire.

        Raises:
            TypeError: ``client`` is not an ``httpx.Client`` (nothing is sent).
            AuthenticationError: The token endpoint refused.
            ConfigurationError: There is no token and no way to get one, or
                ``timeout`` is not a positive number of seconds (up to a year) or an
                ``httpx.Timeout`` (nothing is sent).
            APIConnectionError: The token endpoint did not answer
                (:class:`~beatkit.errors.APITimeoutError`: not in time).
            TokenSaveError: The new token is current, but the store or ``on_token``
                raised (their exception is the cause).
        """
        client = token_client(client, httpx.Client, "ensure_token")
        limit = token_timeout(client, timeout)
        run_sync(SyncFlow(self, self._ensure_steps(limit)), client)
        return self._require_token()

    async def aensure_token(
        self,
        client: httpx.AsyncClient,
        *,
        timeout: float | httpx.Timeout | None = None,  # noqa: ASYNC109 - the request's
    ) -> Token:
        """Async twin of :meth:`ensure_token`.

        Args:
            client: Sends the token request, if one is needed (its own auth is not used).
            timeout: The token request's timeout: seconds or an ``httpx.Timeout``;
                ``None`` for ``client``'s own.

        Returns:
            The current token, refreshed if it was about to expire.

        Raises:
            TypeError: ``client`` is not an ``httpx.AsyncClient`` (nothing is sent).
            AuthenticationError: The token endpoint refused.
            ConfigurationError: There is no token and no way to get one, or
                ``timeout`` is not a positive number of seconds (up to a year) or an
                ``httpx.Timeout`` (nothing is sent).
            APIConnectionError: The token endpoint did not answer
                (:class:`~beatkit.errors.APITimeoutError`: not in time).
            TokenSaveError: The new token is current, but the store or ``on_token``
                raised (their exception is the cause).
        """
        client = token_client(client, httpx.AsyncClient, "aensure_token")
        limit = token_timeout(client, timeout)
        await run_async(AsyncFlow(self, self._ensure_steps(limit)), client)
        return self._require_token()

    # -- httpx.Auth ------------------------------------------------------------

    def sync_auth_flow(
        self, request: httpx.Request
    ) -> Generator[httpx.Request, httpx.Response, None]:
        """Run the flow for ``httpx.Client`` (called by httpx)."""
        return SyncFlow(self, self._request_steps(request))

    def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        """Run the flow for ``httpx.AsyncClient`` (called by httpx)."""
        return AsyncFlow(self, self._request_steps(request))

    # -- hooks for subclasses --------------------------------------------------

    def _can_fetch(self, current: Token | None) -> bool:
        """Whether a new token can be obtained given the current one."""
        return False

    def _fetch_steps(
        self,
        current: Token | None,
        timeout: httpx.Timeout | None,
        needed_by: httpx.Request | None = None,
    ) -> Generator[Step, httpx.Response | None, Token]:
        """Obtain a new token from the token endpoint, within ``timeout``; for the API
        request ``needed_by``, if there is one (the token request is refused when its
        client closes, as that request is)."""
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

    def _held_or_stored(self) -> Token | None:
        """The current token; for a manager that holds none, the one its store holds
        now, if any, made current.

        A manager started before any login (a missing token file: a web server's
        worker, a second notebook) takes the token another process (or manager) saved
        since, on the next call that needs one; it failed with "no token" until it was
        restarted. Read only while no token is held: a manager that holds one never
        reads its store on a request (the refresh reads it, see :meth:`_newer_stored`).
        """
        token = self._token
        if token is not None or self._store is None:
            return token
        return self._load_stored(self._store)

    def _foreign(self, token: Token) -> bool:
        """Whether ``token``, read from the store, was issued to another manager: another
        token endpoint or OAuth client (another Beat Technology tenant, another service,
        another client id sharing the store). Such a token is never sent: its bearer
        token would reach another API host, its refresh token another token endpoint.

        A token without an issuer (written by a beatkit version that did not record
        it, or built by hand and saved with ``set_token()``) is taken, as before; so
        is any token by a manager without a token endpoint (no issuer to compare).
        """
        issuer = self._issuer
        if issuer is None or token.issuer is None or token.issuer == issuer:
            return False
        # Neither token, nor the other issuer: only that the store's is not ours.
        logger.info(
            "%s: the token store holds a token issued by another token endpoint or client "
            "(another tenant, service or client id shares the store); not using it",
            self._service,
        )
        return True

    def _usable_stored(self, token: Token) -> bool:
        """Whether a token read from the store may be sent by this manager (a client
        credentials manager refuses one fetched for other scopes)."""
        return True

    def _load_stored(self, store: TokenStore) -> Token | None:
        """Read ``store`` for :meth:`_held_or_stored`: its token, if any, becomes the
        current one (already in the store, and not obtained here: neither saved nor
        passed to ``on_token``).

        Raises:
            ConfigurationError: The store's ``load()`` returned something else than a
                Token or ``None``, for a manager that cannot fetch a token without one
                (the store's own error propagates too): the call fails either way, and
                this says why. A manager that can (client credentials) logs it at
                DEBUG and fetches a new token instead.
        """
        with self._install_guard:
            if self._token is not None:  # installed while this caller waited
                return self._token
            try:
                stored = store.load()
                if stored is not None and not isinstance(stored, Token):
                    raise ConfigurationError(
                        f"the token store's load() returned {type(stored).__name__}, not a "
                        "Token or None (Token.from_dict() reads what Token.to_dict() wrote)"
                    )
            except Exception as exc:
                if not self._can_fetch(None):
                    raise
                # Only the type: a store's message may quote what it read.
                logger.debug(
                    "%s: the token store could not be read (%s); fetching a new token",
                    self._service,
                    type(exc).__name__,
                )
                return None
            self._store_seen = _credentials(stored)
            if stored is None or self._foreign(stored) or not self._usable_stored(stored):
                return None
            self._token = stored
            self._failure = None
        logger.info(
            "%s: no token was held; using the one the token store holds now "
            "(saved by another process or manager)",
            self._service,
        )
        return stored

    def _require_token(self) -> Token:
        token = self._token
        if token is None:
            raise ConfigurationError(
                f"{self._service}: no token: log in first or pass one with set_token()"
            )
        return token

    def _authorize(self, request: httpx.Request, token: Token) -> httpx.Request:
        # Always "Bearer": servers send token_type as "bearer" or "Bearer", and
        # RFC 6750 defines the scheme name with a capital B. Checked here too, for a
        # token from a store or built by hand: httpx would quote it in its error.
        request.headers["Authorization"] = f"Bearer {sendable(token).access_token}"
        return request

    def _install(self, token: Token, *, obtained: bool, login: bool = False) -> None:
        with self._install_guard:
            self._token = token
            # A new token, however obtained, owes nothing to an earlier failure.
            self._failure = None
            if not obtained:
                # set_token(): the caller's own call, which raises the store's own error.
                if self._store is not None:
                    self._store.save(token)
                    self._store_seen = _credentials(token)
                return
            self._keep(token, login=login)

    def _keep(self, token: Token, *, login: bool) -> None:
        """Save a token the manager obtained and pass it to ``on_token``: both are tried.

        The token is current already, and stays so whatever they raise: a rotated
        refresh token must not be lost in this process, nor fetched a second time.

        Args:
            token: The new token.
            login: It came from a login (its grant, a code, is spent), not a refresh
                that a request was waiting for.

        Raises:
            TokenSaveError: The store or ``on_token`` raised an ``Exception`` (the
                first one to fail; a note names the second). Anything else (a
                ``KeyboardInterrupt``) propagates unchanged.
        """
        failed: list[tuple[str, Exception]] = []
        if self._store is not None:
            try:
                self._store.save(token)
            except Exception as exc:
                failed.append(("the token store", exc))
            else:
                self._store_seen = _credentials(token)
        if self._on_token is not None:
            try:
                self._on_token(token)
            except Exception as exc:
                failed.append(("on_token", exc))
        if not failed:
            return
        # Only the exception's type: its message (on_token's own) may quote the token.
        hook, cause = failed[0]
        after = (
            "The login itself succeeded: do not send its grant again, the token is "
            "this manager's token."
            if login
            else "The request that needed it was not sent: retrying that call is safe."
        )
        error = TokenSaveError(
            f"{self._service}: {hook} raised {type(cause).__name__}: a new token was "
            "obtained and is in use by this client, but it was not saved (a new process "
            f"would start from the old one). {after}",
            service=self._service,
            hook=hook,
        )
        for other, other_error in failed[1:]:
            error.add_note(f"{other} raised {type(other_error).__name__} too")
        # Every traceback prints the cause, whose text may quote the token it failed on.
        mask_chain(cause, [value for value in (token.access_token, token.refresh_token) if value])
        raise error from cause

    def _refresh_steps(
        self,
        seen: Token | None,
        outcomes: int,
        timeout: httpx.Timeout | None,
        request: httpx.Request | None = None,
        *,
        forced: bool = False,
    ) -> Steps:
        """Replace the stale token ``seen`` under the lock: one token request per stale token.

        Args:
            seen: The token the caller found stale, or that got a 401.
            outcomes: The manager's outcome count the caller read before ``seen``:
                a failure counted after it is one this caller waited for.
            timeout: The token request's timeout (the caller's request's own).
            request: The caller's API request, if there is one: it waits for another
                caller's refresh no longer than ``timeout`` allows (see
                :func:`~beatkit.auth._requests.wait_limit`), then fails with
                ``httpx.PoolTimeout``.
            forced: Refresh even if the store holds a newer token that is still fresh
                (``refresh()``): that token is then the one refreshed.
        """
        limit = None if request is None else wait_limit(timeout)
        yield LockStep.ACQUIRE if limit is None or request is None else Acquire(limit, request)
        try:
            yield from self._refresh_locked(seen, outcomes, timeout, request, forced=forced)
        except Exception:
            # Still under the lock. Remembered for this request's retry: see _since().
            failure = self._failure
            # The stale token is the current one when a newer one from the store was
            # refreshed instead of ``seen``.
            if (
                request is not None
                and failure is not None
                and (failure.stale is seen or failure.stale is self._token)
            ):
                # One round on from this attempt's, never further: a caller that got
                # the lock only after several rounds had failed (a thread lock is not
                # fair) is still in its first round, and taking the newest failure as
                # its own would make it send in the rounds the others had finished.
                request.extensions[_REFRESH_FAILED] = (self, min(failure.outcome, outcomes + 1))
            raise
        yield LockStep.RELEASE

    def _since(self, request: httpx.Request, outcomes: int) -> int:
        """The outcome count from which a refresh failure is shared with ``request``.

        ``outcomes`` (the count read as its attempt starts) for a first attempt: a
        failure counted since is one it waited for. For a retry whose earlier attempt
        got a failed refresh, the count of that attempt's round: the one it started
        from, plus one. A failure counted after it is another caller's attempt made
        while this one backed off (the clients jitter their retries, so those of
        concurrent callers come back one after another), and sending again at once
        would make one token request per caller per retry. Counted in rounds, not from
        the newest failure the earlier attempt got: a caller that waited while several
        rounds failed (a thread lock is not fair, and with ``Retry-After: 0`` the
        retries come back at once) shares the later rounds' failures too, so the
        callers of one stale token send ``1 + max_retries`` token requests between
        them, not one per round each of them went on to.
        """
        got = request.extensions.get(_REFRESH_FAILED)
        if type(got) is tuple and len(got) == 2 and got[0] is self and got[1] < outcomes:
            return int(got[1])
        return outcomes

    def _refresh_locked(
        self,
        seen: Token | None,
        outcomes: int,
        timeout: httpx.Timeout | None,
        request: httpx.Request | None = None,
        *,
        forced: bool = False,
    ) -> Steps:
        if self._token is not seen:
            # Replaced while this caller waited (a refresh, a login, set_token):
            # the caller goes on with the current token.
            return
        if not self._can_fetch(seen):
            return
        if self._process_lock is not None and seen is not None:
            # Read the store, refresh if still stale and save, with the other processes
            # sharing the token file kept out (the drivers release it with the lock): a
            # process that finds the token stale at the same moment waits, then takes
            # this refresh's answer from the file instead of sending the same refresh
            # token. Whatever ``obtained_at`` is: a token built by hand has none, and
            # its refresh is the one most likely to be sent by several processes at once.
            yield AcquireFile(process_wait(timeout))
        stored = self._newer_stored(seen)
        if stored is not None:
            with self._install_guard:
                if self._token is not seen:  # set_token() or clear_token() meanwhile
                    return
                # Already in the store, and not obtained here: neither saved nor passed
                # to on_token. Any failure was that of the token it replaces.
                self._token = stored
                self._failure = None
            logger.info(
                "%s: the token store holds a newer token (saved by another process "
                "or manager); using it instead of refreshing this one",
                self._service,
            )
            seen = stored
            if not forced and not self._is_stale(stored):
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
            token = yield from self._fetch_steps(seen, timeout, request)
        except ClientClosedError:
            # The client that sent it was closed: no answer of the token endpoint's, and
            # no failure to share with the callers waiting on this refresh (another
            # client sharing this manager may be open): they send their own.
            raise
        except Exception as exc:
            self._outcomes += 1
            final = isinstance(exc, AuthenticationError) and exc.code == "invalid_grant"
            # A copy taken now is what the callers that share this failure get copies
            # of: the one raised here goes on to this caller, who may add notes to it.
            until, steady_until = self._pause_until(exc)
            self._failure = _Failure(
                seen, self._outcomes, copy_error(exc), final, until, steady_until
            )
            raise
        self._outcomes += 1
        with self._install_guard:
            if self._token is not seen:
                # set_token() or clear_token() while the token request was out (they do
                # not wait for the lock): that new login, or that log-out, stands. The
                # answer is dropped, not installed, saved or passed to on_token.
                logger.info(
                    "%s: the token was replaced or cleared during its refresh; "
                    "the refreshed token is not used",
                    self._service,
                )
                return
            self._install(token, obtained=True)

    def _newer_stored(self, seen: Token | None) -> Token | None:
        """The store's token, if another process (or manager) saved a newer one than
        ``seen`` since: ``None`` otherwise.

        Read before a refresh, because a server that rotates refresh tokens refuses
        the one ``seen`` holds once another process has refreshed with it
        (``invalid_grant``). Newer means written by another process or manager
        since: the store holds other credentials than when this manager last read or
        wrote it, with another refresh token than ``seen``'s (see
        :func:`~beatkit.auth._shared_store.written_over`), whatever the clocks say (a
        wall clock set back between two refreshes makes the newer token look older).
        Or obtained later (both ``obtained_at`` known) with other credentials (see
        :func:`~beatkit.auth._shared_store.takes_over`). For a ``seen`` without
        ``obtained_at`` (built by hand) and a store this manager has not read yet (a
        token given to it), it means that it had to wait for another process's
        refresh on the token file's lock, and another refresh token. An older token in the
        store (the save of ``seen`` failed) is never taken back, nor is one without
        a refresh token (a refreshing manager's), one of another user or scope, nor a
        token the store cannot give (a read that fails is logged, and the refresh goes
        ahead with ``seen``).
        """
        store = self._store
        if store is None or seen is None:
            return None
        try:
            stored = store.load()
        except Exception as exc:
            # Only the type: a store's message may quote what it read.
            logger.debug(
                "%s: the token store could not be read before the refresh (%s); "
                "refreshing this manager's token",
                self._service,
                type(exc).__name__,
            )
            return None
        if stored is not None and not isinstance(stored, Token):
            return None
        before, self._store_seen = self._store_seen, _credentials(stored)
        if stored is None or not self._can_fetch(stored) or self._foreign(stored):
            # One this manager could not refresh in its turn (a login answer without a
            # refresh token) would cost it the refresh token it holds; one of another
            # issuer (see _foreign) is not this manager's to send.
            return None
        # Written by another process or manager since this one last read or wrote the
        # store: later than anything it knows of, whatever the clocks say.
        written = None if before is _UNKNOWN else before != _credentials(stored)
        if seen.obtained_at is not None:
            # Or obtained later: a wall clock set back between two refreshes makes the
            # newer token look older, and only the order of the writes tells.
            newer = takes_over(stored, seen) or (written is True and written_over(stored, seen))
        else:
            if written is None:
                process_lock = self._process_lock
                written = process_lock is not None and process_lock.waited
            newer = written and written_over(stored, seen)
        if not newer:
            return None
        try:
            return sendable(stored)
        except ConfigurationError:
            return None

    def _pause_until(self, error: Exception) -> tuple[datetime | None, float | None]:
        """When the token endpoint that failed with ``error`` may be asked again, if it
        said: on the manager's clock, and on ``time.monotonic``."""
        if not isinstance(error, RateLimitError | ServerError) or not error.retry_after:
            return None, None
        try:
            until = self._now() + timedelta(seconds=error.retry_after)
        except OverflowError:  # pragma: no cover - parse_retry_after caps it at a year
            return None, None
        return until, time.monotonic() + error.retry_after

    def _ensure_steps(self, timeout: httpx.Timeout | None) -> Steps:
        outcomes = self._outcomes
        token = self._held_or_stored()
        if self._is_stale(token):
            yield from self._refresh_steps(token, outcomes, timeout)

    def _request_steps(self, request: httpx.Request) -> Steps:
        if not self._carries_token(request):
            # Not our API (a CDN, a stream host): no token, and no refresh for it.
            yield from send_step(request)
            return
        # Read before the token (see _refresh_steps); plain reads, no lock on the hot path
        # (the store is read only by a manager that holds no token).
        outcomes = self._since(request, self._outcomes)
        token = self._held_or_stored()
        if self._is_stale(token):
            yield from self._refresh_steps(token, outcomes, timeout_of(request), request)
        token = self._require_token()
        # Decided before sending: a transport may buffer a streamed body as it
        # sends it, but a real one consumes it and it cannot be sent again.
        replayable = is_replayable(request)
        response = yield from send_step(self._authorize(request, token))
        if response.status_code != 401 or not self._can_fetch(token):
            return
        if not answered_with_token(response, request):
            # httpx followed a redirect (a plain client with follow_redirects=True) to
            # another origin, dropping the token: that host's 401 says nothing of it.
            logger.info(
                "%s: 401 from %s, reached by a redirect without the token; not refreshing",
                self._service,
                answered_host(response),
            )
            return
        if not replayable or not rewound(request):
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
        yield from self._refresh_steps(token, outcomes, timeout_of(request), request)
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
