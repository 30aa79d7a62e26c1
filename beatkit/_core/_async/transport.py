"""The send loop: pacing, auth, retries and error mapping around one httpx client."""

from __future__ import annotations

import os
import time
import weakref
from collections.abc import Awaitable, Callable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

import attrs
import httpx
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt

from beatkit._core.close_trace import AsyncCloseTrace
from beatkit._core.closing import AsyncLoopGuard, AsyncResponseGuard
from beatkit._core.concurrency import AsyncCloseAlarm
from beatkit._core.cookies import OWN_COOKIES, keep_cookies_apart, keep_host_only_cookies
from beatkit._core.encoding import BodyCutShort, StrictDecoding, check_decodable, read_early
from beatkit._core.files import (
    FileProgress,
    FileProgressCallback,
    SavedFile,
    atomic_file,
    check_directory,
    content_length,
    expected_size,
)
from beatkit._core.http import (
    PLAIN_HTTP_CHOSEN,
    add_scoped_cookies,
    address_problem,
    build_request,
    connection_error,
    direct_mounts,
    is_loopback,
    redact_url,
    same_origin,
    sending,
)
from beatkit._core.logs import log_pace, log_response, log_retry
from beatkit._core.operation import Operation, RequestOptions
from beatkit._core.ratelimit import LockedOut, Slot
from beatkit._core.raw_answers import (
    CHECK_LOCATION,
    RAW_ANSWER,
    keep_raw_locations,
    restore_location,
    unreadable_location,
)
from beatkit._core.redact import mark_personal_values, redact_transport_error, shorten_message
from beatkit._core.responses import (
    answer_raised_by_hook,
    answer_with_body,
    decode_error,
    decode_result,
    error_from_response,
    is_html_type,
    is_json_type,
    json_instead_of_file,
    page_instead_of_file,
    read_body,
    redirect_location,
    undecodable_body,
)
from beatkit._core.retry import note_not_replayed
from beatkit._core.settings import TransportSettings
from beatkit._core.tls import default_ssl_context
from beatkit._core.urls import environment_proxies_checked
from beatkit._core.validate import check_callback, check_callback_result
from beatkit.errors import (
    APIConnectionError,
    APIError,
    ClientClosedError,
    ConfigurationError,
    RateLimitError,
    RedirectError,
)

__all__ = ["AsyncTransport"]

T = TypeVar("T")
R = TypeVar("R")

_JSON_CAP = 1 << 20
"""The most of the body of an answer to a download that is not the file (an error
status, or a JSON document) that is read to report it."""

_CLOSED_IN_FLIGHT = (
    "{}: {} failed: the client (or the http_client it sends with) was closed while "
    "the request was in flight; it may have reached the server, its answer was not read"
)


_HOLD_WAITED = "beatkit.hold_waited"
"""The request extension that tells the retry of a request answered 429 which hold of
the rate limiter (:meth:`RateLimiter.hold`) its retry wait has slept already."""

_PLAIN_HEADERS = frozenset({"accept", "accept-encoding", "connection", "user-agent"})
"""The httpx client's default headers that go to every host (httpx sets them all)."""


def _drop_headers(request: httpx.Request, names: tuple[str, ...]) -> None:
    """Take the headers ``names`` off ``request`` (one for another origin than the API's)."""
    for name in names:
        request.headers.pop(name, None)


class _State:
    """Whether a transport was closed, and the alarm its close rings."""

    __slots__ = ("alarm", "closed")

    def __init__(self) -> None:
        self.closed = False
        self.alarm = AsyncCloseAlarm()


def _new_client(settings: TransportSettings) -> httpx.AsyncClient:
    """The httpx client a transport makes for itself (no ``http_client`` given).

    Raises:
        beatkit.errors.ConfigurationError: A proxy named by the environment
            (``HTTPS_PROXY``, ``HTTP_PROXY``, ``ALL_PROXY``) cannot be used (a SOCKS
            proxy without the ``socksio`` package included). The message
            names the variables, never the value: a password typed where the port goes
            would be shown.
    """
    with environment_proxies_checked():
        return httpx.AsyncClient(
            timeout=settings.timeout,
            follow_redirects=False,
            verify=default_ssl_context(),
            mounts=direct_mounts(settings.base_url, getattr(settings.auth, "token_url", None)),
            event_hooks=AsyncResponseGuard.event_hooks,
        )


class _Traced:
    """:func:`~beatkit._core.http.sending` around one send of ``request``, with the
    transport's close trace on it for that send only.

    Taken off again once the send returned or failed: httpx keeps a response and its
    request in a reference cycle (the response's stream points back to it), and the
    trace left on the request made that cycle hold the httpx client, its pool and
    sockets, until a full collection, however long after the client was dropped. The
    trace has nothing to do once the answer's headers came (it refuses connections).
    """

    __slots__ = ("_guard", "_request", "_trace")

    def __init__(
        self, request: httpx.Request, trace: AsyncCloseTrace, guard: AbstractContextManager[None]
    ) -> None:
        self._request = request
        self._trace = trace
        self._guard = guard

    def __enter__(self) -> None:
        self._request.extensions["trace"] = self._trace
        self._guard.__enter__()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> bool | None:
        if self._request.extensions.get("trace") is self._trace:
            del self._request.extensions["trace"]
        return self._guard.__exit__(exc_type, exc, tb)


def _closed_check(transport: AsyncTransport) -> Callable[[], bool]:
    """Whether ``transport`` was closed, for its close trace, through a weak reference:
    the trace sits on every request the transport sends and is kept by the transport,
    and the transport's own bound method made a reference cycle, so a client dropped
    kept its transport, httpx client and pooled sockets until a full collection. A
    transport gone (its client dropped) counts as closed."""
    ref = weakref.ref(transport)

    def closed() -> bool:
        alive = ref()
        return alive is None or alive._closed()

    return closed


class AsyncTransport:
    """Sends operations for one client and turns answers into results or exceptions.

    Args:
        settings: The client's settings.
        http_client: An ``httpx.AsyncClient`` the caller owns (and closes), or
            ``None`` to create one that :meth:`aclose` closes.

    Raises:
        beatkit.errors.ConfigurationError: ``http_client`` is not an ``httpx.AsyncClient``,
            or is closed; or, without one, a proxy named by the environment
            (``HTTPS_PROXY``, ``HTTP_PROXY``, ``ALL_PROXY``) cannot be used.
    """

    def __init__(
        self, settings: TransportSettings, http_client: httpx.AsyncClient | None = None
    ) -> None:
        if http_client is not None and not isinstance(http_client, httpx.AsyncClient):
            # Else the first request fails deep inside (an httpx.Client would even send
            # it before failing).
            kind = type(http_client)
            got = f"{kind.__module__}.{kind.__qualname__}"
            raise ConfigurationError(f"http_client must be an httpx.AsyncClient, got {got}")
        if http_client is not None and http_client.is_closed:
            # Else refused at the first call as "the client is closed; create a new one",
            # and a new client on the same http_client fails alike.
            raise ConfigurationError(
                "http_client is closed: pass one that is open (an httpx client cannot be "
                "reopened; beatkit never closes one of yours)"
            )
        self.settings = settings
        # This transport's own state, then those it was derived from: closing one closes
        # the transports derived from it, never the one it was derived from.
        self._states: tuple[_State, ...] = (_State(),)
        self._owns_client = http_client is None
        self._client = http_client or _new_client(settings)
        # The event loop the pool belongs to (sync clients: none), shared with derived
        # transports: they send through the same pool.
        self._loop = AsyncLoopGuard(self._client, owned=self._owns_client)
        # The cookies of login steps and token requests never enter the shared jar.
        keep_cookies_apart(self._client.cookies)
        # Refuses a request, inside the pool, whose client was closed while it waited.
        self._trace = AsyncCloseTrace(self._client, settings.spec.name, _closed_check(self))

    def derive(self, *, settings: TransportSettings) -> AsyncTransport:
        """A transport with other ``settings`` on this one's httpx client and pool.

        For a client that sends some calls differently (Beat Technology's ``bt.app``
        routes every call to the app token): connections, cookies and the rate
        limiter in ``settings`` stay shared. The derived transport never closes the
        httpx client; this one does, if it created it.

        Args:
            settings: The derived transport's settings (e.g. ``attrs.evolve`` of
                :attr:`settings` with another ``route``).

        Returns:
            The new transport.
        """
        derived = AsyncTransport(settings, self._client)
        derived._states = (_State(), *self._states)
        derived._loop = self._loop
        return derived

    @property
    def http_client(self) -> httpx.AsyncClient:
        """The underlying httpx client."""
        return self._client

    def open_client(self) -> httpx.AsyncClient:
        """The httpx client, for a step that sends with it itself (a login, an HLS
        download).

        Raises:
            beatkit.errors.ClientClosedError: This transport was closed, even if the
                httpx client (the caller's) is still open.
        """
        with self._sending():
            # A token request it sends (a login's, a refresh's) is a raw send: its 3xx
            # answer comes back as it came, whatever its Location (see send).
            keep_raw_locations(self._client)
            return self._client

    def ensure_open(self) -> None:
        """Check that this transport may still send (nothing is sent).

        Raises:
            beatkit.errors.ClientClosedError: This transport, or its httpx client, was
                closed.
        """
        sending(self._client, self.settings.spec.name, closed=self._closed())

    async def aclose(self) -> None:
        """Close the httpx client if this transport created it; either way, this
        transport (and those derived from it) sends nothing more."""
        self._states[0].closed = True
        # The calls waiting for a pacing slot or a retry wake, and find the client closed.
        self._states[0].alarm.ring()
        if self._owns_client:
            # To its end even when this task is cancelled: sockets httpx took out of its
            # pool and did not reach would stay open. In a forked child, the pool's
            # sockets are its parent's too: only the child's descriptors are closed.
            await AsyncResponseGuard.aclose(self._client, inherited=self._loop.inherited())

    def _closed(self) -> bool:
        """Whether this transport, or one it was derived from, was closed."""
        for state in self._states:  # noqa: SIM110 - any() makes a generator per request
            if state.closed:
                return True
        return False

    async def _sleep(self, delay: float) -> None:
        """The client's sleep, ended early when this transport (or one it was derived
        from) closes: the next step then raises ``ClientClosedError``."""
        await AsyncCloseAlarm.sleep(
            delay, [state.alarm for state in self._states], self.settings.async_sleep
        )

    def _sending(self, request: httpx.Request | None = None) -> AbstractContextManager[None]:
        closed = self._closed()
        if not closed:
            self._loop.check(self.settings.spec.name)
        guard = sending(self._client, self.settings.spec.name, closed=closed)
        if request is None:
            return guard
        # Checked again inside the pool: a request that waited there for a connection
        # while the client was closed is refused as it opens one (see CloseTrace).
        return _Traced(request, self._trace, guard)

    async def request(self, op: Operation[T], options: RequestOptions | None = None) -> T:
        """Send ``op`` (with retries) and decode its result."""
        response, body = await self.send(op, options)
        return decode_result(op, response, body, self.settings.spec, self.settings.converter)

    async def send(
        self, op: Operation[Any], options: RequestOptions | None = None
    ) -> tuple[httpx.Response, Any]:
        """Send ``op`` with pacing and retries; return the response and its parsed body.

        Raises:
            beatkit.errors.APIError: The API answered with an error status.
            beatkit.errors.APIConnectionError: No response, after the retries allowed.
        """
        self._loop.check_library(self.settings.spec.name)
        auth = self.settings.auth_for(op)
        request = self._build(op, options)
        # Raw: an API call never follows a redirect, and its 3xx is a RedirectError
        # (never retried) whatever its Location, even one httpx makes no request of
        # (a port that is no number, a malformed IDNA host), which it fails on instead.
        request.extensions[RAW_ANSWER] = True
        keep_raw_locations(self._client)
        max_wait = self.settings.retry.max_wait
        return await self._with_retries(
            request, op, options, lambda: self._attempt(request, auth, max_wait)
        )

    async def save(
        self,
        op: Operation[Any],
        dest: str | os.PathLike[str],
        *,
        progress: FileProgressCallback | None = None,
        options: RequestOptions | None = None,
    ) -> SavedFile:
        """Stream the body of ``op``'s answer into ``dest``, all or nothing.

        The body goes to a temporary file beside ``dest`` that replaces it only
        when every byte has arrived; a failed attempt leaves nothing behind, and a
        retried one starts again from the first byte. ``progress`` gets the
        ``Content-Length`` as the total unless the body is compressed (it counts
        compressed bytes then): ``None`` there. Redirects are followed (the
        auth manager signs only its own hosts, and httpx drops ``Authorization``
        on a redirect to another origin).

        Raises:
            beatkit.errors.APIError: The server answered with an error status
                (:class:`~beatkit.errors.RedirectError` for more redirects than
                the httpx client's ``max_redirects``, or one that is not followed:
                from https to plain http, to a port outside 1 to 65535 or a host name
                no resolver takes, or to a ``Location`` that is no URL httpx can
                request: a port that is no number, a host name that is not valid
                IDNA, a scheme without host such as ``data:``). Never retried; the
                text of a port that is no number (maybe a password) is not shown.
            beatkit.errors.APIConnectionError: The transfer failed (a body shorter
                or longer than its ``Content-Length``, or one that ends inside its
                ``gzip`` or ``deflate`` data, too), after the retries allowed.
            beatkit.errors.ResponseDecodeError: The body does not decode as its
                ``Content-Encoding`` says (bytes that start no ``gzip`` member after
                its end too: every member is saved), or is in a coding no decoder here
                reads (``compress``, ``x-gzip``, ``br`` without brotli installed), never
                saved still encoded. Or the server answered 2xx with a JSON
                document (``Content-Type`` JSON): an error said with the wrong status,
                never a file. Nothing is written; the message quotes the server's.
                Or a response hook of the ``http_client`` read a ``gzip`` or
                ``deflate`` body before it could be checked (not retried).
            FileNotFoundError: The directory of ``dest`` does not exist (checked
                before anything is sent).
            OSError: ``dest`` cannot be written.
        """
        self._loop.check_library(self.settings.spec.name)
        check_directory(dest)
        check_callback("progress", progress)
        auth = self.settings.auth_for(op)
        request = self._build(op, options)
        max_wait = self.settings.retry.max_wait
        own_headers = self._api_headers(options)
        if not same_origin(request.url, self.settings.base_url):
            # A file URL the API answered with: the call's own headers were given for it
            # (a service clears the API call's before), the httpx client's were not.
            _drop_headers(request, self._api_headers(None))
        # What the request carries before its auth signs it: any other header on a hop
        # is the auth's (partner client headers, Basic...), dropped where httpx drops
        # only Authorization (see _follow).
        unsigned = frozenset(name.lower() for name in request.headers)
        # A redirect whose Location httpx cannot make a request of (a port that is no
        # number, a malformed IDNA host) is kept as the answer it is, and refused as a
        # RedirectError in _follow (not httpx's RemoteProtocolError, a failed transfer
        # that was retried); its hops share the extension.
        request.extensions[CHECK_LOCATION] = True
        keep_raw_locations(self._client)
        return await self._with_retries(
            request,
            op,
            options,
            lambda: self._save_once(
                op, request, auth, dest, progress, max_wait, own_headers, unsigned
            ),
        )

    async def send_raw(
        self, request: httpx.Request, *, auth: httpx.Auth | None = None
    ) -> httpx.Response:
        """Send one prepared request once, for flows the operation model does not fit.

        Login steps that read cookies and redirect headers use this: the request gets
        the client's default headers (where it sets none) and timeout, is paced, logged
        with its URL redacted, and never follows a redirect. The cookies its answer
        sets are not put in the client's jar (read them from the response): they
        belong to the step, never to an API call. The body is read and the
        connection released before returning. Error statuses are returned, not raised:
        the caller decides (see :func:`~beatkit._core.responses.error_from_response`);
        a 429 whose ``Retry-After`` is longer than ``max_retry_wait`` still holds later
        requests to the API, as the 429 of an API call does.

        Args:
            request: The request; its ``Cookie`` header, if any, is sent as is.
            auth: An ``httpx.Auth`` to sign it with; ``None`` sends it unsigned.

        Returns:
            The response, body read.

        Raises:
            beatkit.errors.APIConnectionError: No response
                (:class:`~beatkit.errors.APITimeoutError` when it timed out).
        """
        settings = self.settings
        self._loop.check_library(settings.spec.name)
        for name, value in settings.headers.items():
            request.headers.setdefault(name, value)
        request.extensions.setdefault("timeout", settings.timeout.as_dict())
        if settings.base_url.scheme == "http":
            request.extensions[PLAIN_HTTP_CHOSEN] = True
        # The cookies of its answer belong to the step (it reads them from the
        # response): they never enter the shared jar, where an API call made meanwhile
        # would carry them.
        request.extensions[OWN_COOKIES] = True
        keep_cookies_apart(self._client.cookies)
        # Its 3xx answer comes back as it is, whatever its Location (a redirect URI such
        # as "urn:ietf:wg:oauth:2.0:oob?code=...", of which httpx makes no request).
        request.extensions[RAW_ANSWER] = True
        keep_raw_locations(self._client)
        response = await self._exchange(request, auth, settings.retry.max_wait)
        if response.status_code >= 400:
            # Returned, not raised; but a lockout it announces (a 429's Retry-After) holds
            # later calls exactly as after an API call's 429.
            self._error(response, settings.retry.max_wait)
        return response

    def _build(self, op: Operation[Any], options: RequestOptions | None) -> httpx.Request:
        settings = self.settings
        request = build_request(
            self._client,
            op,
            base_url=settings.base_url,
            headers=settings.headers,
            timeout=settings.timeout,
            options=options,
            url_prefix=settings.url_prefix,
        )
        keep_host_only_cookies(self._client.cookies, request)
        # An e-mail address or a phone number in its query (a user search's "query="),
        # under whatever name: masked wherever the URL is shown, as a call's marked
        # values are (beatkit's log lines, httpx's request line, errors).
        mark_personal_values(request)
        return request

    async def _with_retries(
        self,
        request: httpx.Request,
        op: Operation[Any],
        options: RequestOptions | None,
        attempt: Callable[[], Awaitable[R]],
    ) -> R:
        # Fast path: most requests succeed at once, and building a tenacity loop costs
        # more than the rest of beatkit's per-request work. Tenacity takes over only
        # after a failure that may be retried.
        try:
            return await attempt()
        except Exception as exc:
            settings = self.settings
            policy = settings.retry
            if options is not None and options.max_retries is not None:
                policy = attrs.evolve(policy, max_retries=options.max_retries)
            idempotent = op.idempotent
            if policy.max_retries == 0 or not policy.should_retry(exc, idempotent=idempotent):
                note_not_replayed(exc, idempotent=idempotent)
                raise
            first_wait = policy.wait(exc, 1)
            log_retry(settings.spec.name, request, exc, 1, first_wait, policy.max_retries)
        await self._sleep(first_wait)

        def wait(state: RetryCallState) -> float:
            exc = state.outcome.exception() if state.outcome is not None else None
            return policy.wait(exc, state.attempt_number + 1)

        def before_sleep(state: RetryCallState) -> None:
            exc = state.outcome.exception() if state.outcome is not None else None
            sleep = state.next_action.sleep if state.next_action is not None else 0.0
            log_retry(
                settings.spec.name,
                request,
                exc,
                state.attempt_number + 1,
                sleep,
                policy.max_retries,
            )

        retrying = AsyncRetrying(
            stop=stop_after_attempt(policy.max_retries),
            retry=retry_if_exception(lambda exc: policy.should_retry(exc, idempotent=idempotent)),
            wait=wait,
            sleep=self._sleep,
            before_sleep=before_sleep,
            reraise=True,
        )
        try:
            async for try_ in retrying:
                with try_:
                    return await attempt()
        except Exception as exc:
            note_not_replayed(exc, idempotent=idempotent)
            raise
        raise AssertionError("unreachable: tenacity re-raises the last failure")  # pragma: no cover

    async def _pace(self, max_wait: float, request: httpx.Request) -> Slot | None:
        """Wait for the request's turn; what it holds until :meth:`RateLimiter.answered`."""
        # Refused before the limiter, as the send would refuse it: a closed client met a
        # lockout the limiter knows of as a RateLimitError (wait, then call again), and
        # a call from another event loop (or a forked child) slept its turn, taking a
        # pacing slot from the calls that can be sent, before it was refused.
        closed = self._closed()
        if not closed:
            self._loop.check(self.settings.spec.name)
        if closed or self._client.is_closed:
            sending(self._client, self.settings.spec.name, closed=closed)
        try:
            # Header pacing is cut to max_wait; a fixed-pace slot is kept whole, so that
            # callers queued at once still go one slot apart.
            # A retry after a 429 has slept the hold that 429 set (see _error).
            waited = request.extensions.pop(_HOLD_WAITED, None)
            delay, slot = self.settings.limiter.reserve_slot(
                max_wait=max_wait, capped=True, waited=waited
            )
        except LockedOut as locked:
            # Sending now would only meet the 429 the server announced: fail at once.
            raise locked.error(self.settings.spec.name) from None
        if delay > 0:
            log_pace(self.settings.spec.name, request, delay)
            try:
                await self._sleep(delay)
            except BaseException:
                # Cancelled (or interrupted) before its turn: the slot stays unused.
                self.settings.limiter.give_back(slot)
                raise
        return slot

    def _from_api(self, response: httpx.Response) -> bool:
        """Whether ``response`` came from the API's own host, not from another one a
        download fetched its file from (a CDN), whose limits are not the API's."""
        return response.request.url.raw_host == self.settings.base_url.raw_host

    def _observe(self, response: httpx.Response) -> None:
        """Record the rate-limit headers of ``response``, if it came from the API."""
        if self._from_api(response):
            self.settings.limiter.observe(response.headers)

    def _error(self, response: httpx.Response, max_wait: float) -> APIError:
        """The exception for an error ``response`` (not raised). A 429 from the API with a
        ``Retry-After`` holds every call of the client for that long, this call's retry
        and those not sent yet alike: they must not send into the lockout (one longer
        than ``max_wait``, too long for a retry to wait out, then refuses them)."""
        error = error_from_response(response, self.settings.spec)
        if not isinstance(error, RateLimitError) or not self._from_api(response):
            return error
        if error.retry_after is None:
            # No Retry-After, but its X-RateLimit-* headers (observed already) may time a
            # window shut for longer than a retry would wait: say so now, rather than back
            # off and only then find the window shut (the retry is not sent either way).
            lockout = self.settings.limiter.lockout()
            if lockout > max_wait:
                error.retry_after = lockout
        else:
            # Shared: calls queued behind this one would each send into the lockout, be
            # told again and retry in a herd, spending their retries on it. This call's
            # retry sleeps the Retry-After itself, and is not held for it a second time.
            until = self.settings.limiter.hold(error.retry_after)
            if until is not None and error.retry_after <= max_wait:
                response.request.extensions[_HOLD_WAITED] = until
        return error

    async def _exchange(
        self, request: httpx.Request, auth: httpx.Auth | None, max_wait: float
    ) -> httpx.Response:
        """Pace, send ``request`` without following redirects, and read its answer
        whole: logged, its rate-limit headers observed, its slot answered.

        Streamed, then read here: a body that fails its Content-Encoding is then
        reported with the response it came in.
        """
        settings = self.settings
        response, started, slot = await self._open(request, auth, max_wait, follow_redirects=False)
        try:
            try:
                await response.aread()
            except httpx.TransportError as exc:
                raise self._failed(request, exc, started) from exc
            except httpx.DecodingError as exc:
                raise undecodable_body(request, response, settings.spec, exc) from exc
            finally:
                await response.aclose()
            log_response(
                settings.spec.name, request, response.status_code, time.perf_counter() - started
            )
            self._observe(response)
        finally:
            settings.limiter.answered(slot)
        return response

    async def _attempt(
        self, request: httpx.Request, auth: httpx.Auth | None, max_wait: float
    ) -> tuple[httpx.Response, Any]:
        settings = self.settings
        response = await self._exchange(request, auth, max_wait)
        # 3xx too: API calls never follow redirects, and a redirect is not a result.
        if response.status_code >= 300:
            raise self._error(response, max_wait)
        body = read_body(response)
        if settings.spec.answer_failed(body):
            # A refusal sent with a 2xx status: raised as the error it states (not
            # retried: the status is no transient failure), not decoded into a result.
            raise self._error(response, max_wait)
        return response, body

    async def _save_once(
        self,
        op: Operation[Any],
        request: httpx.Request,
        auth: httpx.Auth | None,
        dest: str | os.PathLike[str],
        progress: FileProgressCallback | None,
        max_wait: float,
        own_headers: tuple[str, ...] = (),
        unsigned: frozenset[str] | None = None,
    ) -> SavedFile:
        settings = self.settings
        response, started, slot = await self._open(request, auth, max_wait, follow_redirects=False)
        total: int | None = None
        # The Content-Length of a body sent encoded (gzip...): the bytes on the wire.
        sent: int | None = None
        written = 0
        try:
            response = await self._follow(request, response, own_headers, unsigned)
            log_response(
                settings.spec.name, request, response.status_code, time.perf_counter() - started
            )
            self._observe(response)
            # Answered: the file's body may take long, and is no request in flight.
            settings.limiter.answered(slot)
            slot = None
            if response.status_code >= 300:
                # Up to a cap, as a JSON answer below: an error page may be as long as
                # the file (a proxy sending it under an error status), and is no file.
                content = await self._read_capped(response)
                raise self._error(answer_with_body(response, content), max_wait)
            if response.status_code in (204, 205):
                # No content, by definition: no file. Saving it would replace the
                # destination with an empty file.
                empty = f"expected the file, got HTTP {response.status_code} with no content"
                raise decode_error(op, response, settings.spec, empty, None)
            if is_json_type(response.headers.get("content-type")):
                # No file is JSON: this is an error said with a 2xx status.
                content = await self._read_capped(response)
                if content is not None and self._from_api(response):
                    # The API's own statement of the failure, when its service has one
                    # (BeatPass's {"status": "error"}), is raised as that error.
                    # Decoded already: a copy keeping Content-Encoding would decode
                    # it again, and fail.
                    answered = answer_with_body(response, content)
                    if settings.spec.answer_failed(read_body(answered)):
                        raise self._error(answered, max_wait)
                raise json_instead_of_file(op, response, settings.spec, content)
            if is_html_type(response.headers.get("content-type")):
                # Nor HTML: a proxy's, portal's or CDN's error page sent with a 2xx.
                page = await self._read_capped(response)
                raise page_instead_of_file(op, response, settings.spec, page)
            check_decodable(response)
            total = expected_size(response.headers)
            if total is None:
                sent = content_length(response.headers.get("Content-Length"))
            # A gzip or deflate body is decoded here, to its end: httpx's decoding ends
            # a body cut short inside its compressed data, or one of several gzip
            # members, without an error, and the truncated file was saved as whole.
            # In pieces of at most about 4 MiB, however much a coding inflates.
            decoder = StrictDecoding.take(response)
            if decoder is None and (reason := read_early(response)) is not None:
                # A hook of the caller's client read it, leniently: not retried (the
                # hook reads every answer), never saved as whole.
                raise decode_error(op, response, settings.spec, reason, None)
            with atomic_file(dest) as output:
                with nullcontext() if decoder is None else decoder.raw(response):
                    async for data in response.aiter_bytes():
                        for chunk in (data,) if decoder is None else decoder.decode(data):
                            written += len(chunk)
                            if total is None or written <= total:
                                output.write(chunk)
                                if progress is not None and chunk:
                                    check_callback_result(
                                        "progress", progress(FileProgress(written, total))
                                    )
                        if total is not None and written > total:
                            break
                    for chunk in () if decoder is None else decoder.finish():
                        written += len(chunk)
                        output.write(chunk)
                        if progress is not None:
                            check_callback_result(
                                "progress", progress(FileProgress(written, total))
                            )
                if total is not None and written != total:
                    # What h11 says of a short body on a socket; an http_client whose
                    # transport does not check lengths must not save a truncated file.
                    raise httpx.RemoteProtocolError(
                        f"the body does not match its Content-Length ({total})", request=request
                    )
            return SavedFile(Path(dest), written, response.headers.get("Content-Type"))
        except httpx.TransportError as exc:
            detail = exc.detail if isinstance(exc, BodyCutShort) else None
            if total is not None and written != total:
                # The type alone ("RemoteProtocolError") does not say the body was cut.
                got = f"more than {total}" if written > total else str(written)
                detail = f"the body does not match its Content-Length ({total} bytes): got {got}"
            elif sent is not None and detail is None and response.num_bytes_downloaded < sent:
                # Cut on the wire before its compressed data ended: h11's refusal, whose
                # type alone said nothing. Counted in the bytes sent, as the header is.
                detail = (
                    f"the body does not match its Content-Length ({sent} bytes, as sent "
                    f"encoded): got {response.num_bytes_downloaded}"
                )
            raise self._failed(request, exc, started, detail) from exc
        except httpx.DecodingError as exc:
            raise undecodable_body(request, response, settings.spec, exc) from exc
        finally:
            settings.limiter.answered(slot)
            await response.aclose()

    def _api_headers(self, options: RequestOptions | None) -> tuple[str, ...]:
        """The headers that go to the API's origin only, as the token does: the
        caller's per-call ones and those of the httpx client's defaults (an
        ``http_client`` of the caller's made with a gateway key, or an
        ``Authorization`` of its own), but what every request carries.

        httpx drops only ``Authorization``, and only on a redirect to another origin.
        """
        names = [] if options is None else list(options.headers)
        names += [name for name in self._client.headers if name.lower() not in _PLAIN_HEADERS]
        return tuple(names)

    @staticmethod
    async def _read_capped(response: httpx.Response) -> bytes | None:
        """The body of an answer to a download that is not the file, or ``None`` past
        :data:`_JSON_CAP`."""
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > _JSON_CAP:
                return None
            chunks.append(chunk)
        return b"".join(chunks)

    async def _follow(
        self,
        request: httpx.Request,
        response: httpx.Response,
        own_headers: tuple[str, ...] = (),
        unsigned: frozenset[str] | None = None,
    ) -> httpx.Response:
        """Follow the redirects of a download (media may sit behind one, on a CDN).

        Each hop is the request httpx builds for it (``next_request``: the
        ``Authorization`` header dropped when the redirect leaves the origin), sent
        without auth; ``own_headers`` (:meth:`_api_headers`) are dropped as well from
        a hop to another origin than ``request``'s (the API's, or a file URL's that
        has none of the client's), and so is every header the auth added (any name
        not in ``unsigned``, the lower-cased names ``request`` had before it was
        signed: ``X-Auth-Client-Secret``, a Basic ``Authorization``), which httpx
        keeps but for ``Authorization``; a hop to another origin than the API's carries
        only the jar's cookies that have a domain (see
        :func:`~beatkit._core.http.add_scoped_cookies`). Its body is never read,
        so one that is not what its ``Content-Encoding`` says does not matter. The
        answer to the last hop is returned, body unread; ``response`` is closed when it
        is not that answer.

        Raises:
            beatkit.errors.RedirectError: More redirects than the httpx client's
                ``max_redirects``, one from https to plain http (loopback aside), or
                one to an address no connection reaches (see ``address_problem``),
                or one whose ``Location`` httpx cannot make a request of.
            httpx.TransportError: A hop failed (the caller maps it).
        """
        hops = 0
        while (hop := response.next_request) is not None or unreadable_location(response):
            refusal = None
            if hop is None:
                # A Location httpx could not make a request of: no hop to check.
                await response.aclose()
                raise self._unreadable_redirect(request, response)
            if hops == self._client.max_redirects:
                refusal = f"more than {hops} redirects, the last to {{}}"
            elif (
                response.url.scheme == "https"
                and hop.url.scheme == "http"
                and not is_loopback(hop.url.host)
            ):
                # A signed media URL would then travel in the clear.
                refusal = "a redirect from https to plain http ({}) is not followed"
            elif (problem := address_problem(hop.url)) is not None:
                # Sent, it would fail with no beatkit error (or, for a port past 65535
                # on the sync client, reach another port): see address_problem.
                refusal = f"a redirect to {{}} is not followed: it {problem}"
            await response.aclose()
            if refusal is not None:
                name = self.settings.spec.name
                location = redact_url(hop.url)
                raise shorten_message(
                    RedirectError(
                        # No "{name}: " prefix: APIError's str() starts with the service.
                        f"{request.method} {redact_url(request.url)}: " + refusal.format(location),
                        status_code=response.status_code,
                        service=name,
                        location=location,
                    )
                )
            hops += 1
            if not same_origin(hop.url, request.url):
                _drop_headers(hop, own_headers)
                if unsigned is not None:
                    # httpx sets Host for the hop; Cookie is settled below.
                    kept = unsigned | {"host", "cookie"}
                    _drop_headers(hop, tuple(n for n in hop.headers if n.lower() not in kept))
            if same_origin(hop.url, self.settings.base_url):
                keep_host_only_cookies(self._client.cookies, hop)
            else:
                # httpx put the whole jar's cookies on it: those without a domain are
                # the client's defaults, given for the API (see add_scoped_cookies).
                hop.headers.pop("Cookie", None)
                add_scoped_cookies(self._client, hop)
            async with AsyncResponseGuard.reclaiming(self._client):
                with self._sending(hop):
                    response = AsyncResponseGuard.guard(await self._send(hop, None))
        return response

    def _unreadable_redirect(
        self, request: httpx.Request, response: httpx.Response
    ) -> RedirectError:
        """The error for a download's redirect whose ``Location`` httpx cannot make a
        request of (not raised): its target redacted as an API call's redirect names it
        (a port that is no number, maybe a password, is not shown)."""
        location = redirect_location(response)
        target = "an address" if location is None else location
        return shorten_message(
            RedirectError(
                # No "{name}: " prefix: APIError's str() starts with the service.
                f"{request.method} {redact_url(request.url)}: a redirect to {target} is "
                "not followed: it is not a URL that can be requested",
                status_code=response.status_code,
                service=self.settings.spec.name,
                location=location,
            )
        )

    async def _open(
        self,
        request: httpx.Request,
        auth: httpx.Auth | None,
        max_wait: float,
        *,
        follow_redirects: bool,
    ) -> tuple[httpx.Response, float, Slot | None]:
        """Pace, then send ``request`` streamed: the response (its body unread), when
        the attempt started, for the log line, and the rate-limit slot it holds (the
        caller calls :meth:`RateLimiter.answered` with it; here when sending fails).

        The response's close is guarded (a caller's own ``http_client`` has no hook
        for it): a task cancelled while it closes still gives its connection back.
        """
        slot = await self._pace(max_wait, request)
        started = time.perf_counter()
        try:
            # After the pacing wait: the client may have been closed while it slept.
            async with AsyncResponseGuard.reclaiming(self._client):
                with self._sending(request):
                    response = await self._send(request, auth, follow_redirects=follow_redirects)
        except BaseException as exc:
            self.settings.limiter.answered(slot)
            if isinstance(exc, httpx.TransportError):
                raise self._failed(request, exc, started) from exc
            if isinstance(exc, httpx.DecodingError):
                # A transport that reads the body before handing the answer over (a
                # test double's httpx.Response made with content=) and could not decode it.
                raise undecodable_body(request, None, self.settings.spec, exc) from exc
            raise
        return AsyncResponseGuard.guard(response), started, slot

    async def _send(
        self, request: httpx.Request, auth: httpx.Auth | None, *, follow_redirects: bool = False
    ) -> httpx.Response:
        """Send ``request`` streamed. An error status a response hook of the caller's
        ``http_client`` raised for (``raise_for_status``) is returned as the answer
        (:func:`~beatkit._core.responses.answer_raised_by_hook`), not raised as httpx's."""
        try:
            return restore_location(
                await self._client.send(
                    request, auth=auth, follow_redirects=follow_redirects, stream=True
                )
            )
        except httpx.HTTPStatusError as exc:
            restore_location(exc.response)
            return answer_raised_by_hook(request, exc, self.settings.spec)

    def _failed(
        self,
        request: httpx.Request,
        exc: httpx.TransportError,
        started: float,
        detail: str | None = None,
    ) -> APIConnectionError | ClientClosedError:
        """Log a failed attempt and translate httpx's error into beatkit's.

        A failure once the client was closed is that close cutting the connection of a
        request in flight, not the network's: :class:`~beatkit.errors.ClientClosedError`
        (never retried), not an ``APIConnectionError`` retried after a back-off.
        """
        name = self.settings.spec.name
        log_response(name, request, type(exc).__name__, time.perf_counter() - started)
        # Chained under either error: what it quotes of an answer must not show.
        redact_transport_error(exc)
        if self._closed() or self._client.is_closed:
            what = f"{request.method} {redact_url(request.url)}"
            return ClientClosedError(_CLOSED_IN_FLIGHT.format(name, what))
        return connection_error(name, request, exc, detail)
