"""The step protocol between the pure token flows and their two I/O drivers.

A token manager's decisions are generators that yield *steps* ("send this request",
"take the lock", "take the process lock too", "release the lock"); :class:`SyncFlow`
runs them for ``httpx.Client`` and :class:`AsyncFlow` for ``httpx.AsyncClient``. The
drivers hold no OAuth logic, only I/O and locking, and both take the manager's one
lock, so a sync and an async client may share a manager; the process lock (the lock
other processes sharing the token file see) is taken under it and released with it.
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import enum
import logging
import sys
from collections.abc import AsyncGenerator, Generator, Mapping
from typing import Any, Protocol, TypeVar

import attrs
import httpx

from beatkit._core.close_trace import AsyncCloseTrace, CloseTrace
from beatkit._core.closing import AsyncResponseGuard, ResponseGuard
from beatkit._core.concurrency import AsyncLock, Lock, LockReentryError, require_asyncio
from beatkit._core.http import connection_error, sending
from beatkit._core.logs import printable
from beatkit._core.settings import check_timeout
from beatkit.auth._shared_store import HeldProcessLock, ProcessLock
from beatkit.errors import TokenSaveError

__all__ = [
    "Acquire",
    "AcquireFile",
    "AsyncFlow",
    "LockOwner",
    "LockStep",
    "Send",
    "Step",
    "Steps",
    "SyncFlow",
    "copy_error",
    "run_async",
    "run_sync",
    "send_step",
    "timeout_of",
    "token_client",
    "token_timeout",
]

logger = logging.getLogger("beatkit.auth")


class LockOwner(Protocol):
    """What a driver needs of its token manager: the locks, the error for re-entry, and
    the error for a body the flow could not read."""

    _lock: Lock
    _async_lock: AsyncLock
    _process_lock: ProcessLock | None

    @property
    def service(self) -> str: ...

    def _reentry_error(self) -> Exception: ...

    def _unread_error(self, response: httpx.Response, error: Exception) -> Exception: ...


@attrs.frozen
class Send:
    """Send ``request``; the driver answers with its response."""

    request: httpx.Request
    token_request: bool = False
    """A request to the token endpoint; its body is read before it is handed back
    (it is parsed), and a failure to get it (a timeout, a refused connection) is
    thrown into the flow, which shares it with the callers waiting on the refresh."""


class LockStep(enum.Enum):
    ACQUIRE = "acquire"
    RELEASE = "release"


@attrs.frozen
class Acquire:
    """Take the lock, waiting at most ``timeout`` seconds for it (another caller's
    refresh holds it); past that, ``request`` fails as it would waiting that long
    for a pooled connection: ``httpx.PoolTimeout``, without sending it (again,
    after a 401)."""

    timeout: float
    request: httpx.Request


@attrs.frozen
class AcquireFile:
    """Under the lock, take the manager's process lock too (the lock other processes
    sharing its token file see), waiting at most ``timeout`` seconds for another
    process's refresh; past that (or when the lock file cannot be opened), go on
    without it, as when there was no such lock (logged). Released with the lock.

    A manager without a process lock (no token file) has the step do nothing."""

    timeout: float


Step = Send | LockStep | Acquire | AcquireFile
# Lock steps are answered with None, sends with the response.
Steps = Generator[Step, httpx.Response | None, None]


def send_step(
    request: httpx.Request, *, token_request: bool = False
) -> Generator[Step, httpx.Response | None, httpx.Response]:
    response = yield Send(request, token_request)
    assert response is not None, "a send step must be answered with a response"
    return response


def waited_too_long(service: str, step: Acquire) -> httpx.PoolTimeout:
    """The error of a caller that gave up waiting for another caller's token refresh."""
    return httpx.PoolTimeout(
        f"{service}: gave up after {step.timeout:g} s (the request's timeout) waiting "
        "for another caller's token refresh",
        request=step.request,
    )


def _own_value(value: Any) -> Any:
    """``value``, or a copy of it when it is a container a caller may change."""
    if isinstance(value, dict | list):
        # JSON data (an error's body, its field errors), copied whole: a caller that
        # edits its error's body must not edit every other caller's.
        try:
            return copy.deepcopy(value)
        except Exception:  # pragma: no cover - a value deepcopy refuses: kept shared
            return value
    return value


def copy_error(error: Exception) -> Exception:
    """A copy of a shared failure for one more caller: same type and attributes, own
    traceback, and its own notes, body and field errors.

    Raising one exception object in many threads or tasks at once would tangle
    their tracebacks; sharing its ``__notes__`` list would put a note one caller adds
    (the item a sync was at) on every other caller's error.
    """
    cls = type(error)
    try:
        duplicate = cls.__new__(cls, *error.args)
        duplicate.__dict__.update(
            {name: _own_value(value) for name, value in error.__dict__.items()}
        )
    except (TypeError, ValueError, AttributeError):  # pragma: no cover - exotic exception types
        return error
    duplicate.__cause__ = error.__cause__
    duplicate.__suppress_context__ = True
    return duplicate


def _thrown(typ: Any, val: Any) -> BaseException:
    """The exception a generator's ``throw(typ, val)`` raises (either calling form)."""
    error: BaseException = (
        typ if isinstance(typ, BaseException) else val if val is not None else typ()
    )
    return error


def _token_request_failure(sending: Send | None) -> Exception | None:
    """Why httpx is closing a flow whose token request it gave up on; ``None`` when it
    is not closing on such a failure.

    httpx gave up on the token request (a timeout, a refused connection): that is how
    this refresh ended, and the steps record it for the callers waiting on it. They
    re-raise it, which the driver drops: httpx is raising the original already (a copy
    goes in, so its traceback stays clean). Called from the driver's ``close()``, where
    ``sys.exc_info()`` is the error httpx is closing on.
    """
    failure = sys.exc_info()[1]
    if sending is not None and sending.token_request and isinstance(failure, Exception):
        return failure
    return None


# -- the drivers (I/O and locking only) --------------------------------------------
#
# They are classes rather than generator functions so that close() can see why
# httpx closed the flow: httpx closes it from a `finally:` while the error that
# stopped it (a timeout on the token request) propagates, and only a plain method
# sees that error in sys.exc_info(); an async generator's aclose() does not.


class _Driver:
    """What both drivers hold: the manager, its steps, and where the flow stands."""

    def __init__(self, auth: LockOwner, steps: Steps) -> None:
        self._auth = auth
        self._steps = steps
        self._held = False
        self._file: HeldProcessLock | None = None
        """The process lock, while this flow holds it (always under the lock)."""
        self._closed = False
        self._sending: Send | None = None
        """The send step whose request httpx has out."""
        self._unsettled: httpx.Response | None = None
        """A response the steps have seen but not handed back yet; read and closed
        before the flow waits on anything (see the module docstring)."""

    def _took_file(self, step: AcquireFile, held: HeldProcessLock | None) -> None:
        """Keep ``held``, the process lock taken for ``step``; when ``None`` (another
        process held it all along), say that this refresh goes on without it."""
        self._file = held
        lock = self._auth._process_lock
        if held is None and lock is not None:
            logger.warning(
                "%s: another process held the token file's lock (%s) for over %g s; "
                "refreshing without it (a server that rotates refresh tokens may refuse "
                "one of the two refreshes: invalid_grant)",
                self._auth.service,
                printable(str(lock.path)),
                step.timeout,
            )

    def _file_unusable(self, error: OSError) -> None:
        lock = self._auth._process_lock
        logger.debug(
            "%s: the token file's lock (%s) could not be taken (%s); refreshing without it",
            self._auth.service,
            None if lock is None else printable(str(lock.path)),
            type(error).__name__,
        )
        self._file = None

    def _release_file(self) -> None:
        """Release the process lock, if this flow holds it (before the lock itself)."""
        held, self._file = self._file, None
        if held is not None:
            held.release()

    def _mark_closed(self) -> bool:
        """Mark the flow closed, forgetting what it had out; ``False`` if it was already."""
        if self._closed:
            return False
        self._closed = True
        self._sending = None
        self._unsettled = None
        return True


class SyncFlow(_Driver, Generator[httpx.Request, httpx.Response, None]):
    """Runs a manager's steps for ``httpx.Client``: a thread lock and blocking reads."""

    def send(self, value: httpx.Response | None) -> httpx.Request:
        """Take httpx's response to the last request; return the next one to send."""
        if self._closed:
            raise StopIteration
        sending, self._sending = self._sending, None
        if sending is None:
            return self._advance(None)
        assert value is not None, "httpx answers every request with a response"
        if sending.token_request:
            try:
                value.read()
            except Exception as exc:
                return self._advance(None, error=self._auth._unread_error(value, exc))
        else:
            self._unsettled = value
        return self._advance(value)

    def _advance(
        self, answer: httpx.Response | None, *, error: Exception | None = None
    ) -> httpx.Request:
        try:
            while True:
                step = self._steps.send(answer) if error is None else self._steps.throw(error)
                answer, error = None, None
                if isinstance(step, Send):
                    self._settle()
                    self._sending = step
                    return step.request
                if isinstance(step, Acquire) or step is LockStep.ACQUIRE:
                    self._settle()
                    limit = step.timeout if isinstance(step, Acquire) else None
                    try:
                        taken = self._auth._lock.acquire(timeout=limit)
                    except LockReentryError:
                        raise self._auth._reentry_error() from None
                    if not taken:
                        assert isinstance(step, Acquire)
                        raise waited_too_long(self._auth.service, step)
                    self._held = True
                elif isinstance(step, AcquireFile):
                    self._take_file(step)
                else:
                    self._held = False
                    try:
                        self._release_file()
                    finally:
                        self._auth._lock.release()
        except BaseException:
            self._finish()
            raise

    def _take_file(self, step: AcquireFile) -> None:
        lock = self._auth._process_lock
        if lock is None or self._file is not None:
            return
        # Nothing is unsettled here (the lock step settled it): no pooled connection is
        # held while another process refreshes.
        self._settle()
        try:
            held = lock.acquire(step.timeout)
        except OSError as exc:
            self._file_unusable(exc)
            return
        self._took_file(step, held)

    def _settle(self) -> None:
        response, self._unsettled = self._unsettled, None
        if response is not None:
            # Read so that the connection goes back to the pool for reuse.
            try:
                response.read()
            except httpx.DecodingError as exc:
                raise self._auth._unread_error(response, exc) from exc
            finally:
                response.close()

    def throw(self, typ: Any, val: Any = None, tb: Any = None, /) -> httpx.Request:
        """End the flow (lock released) and raise the exception given."""
        error = _thrown(typ, val)
        self.close()
        raise error

    def close(self) -> None:
        """End the flow; called by httpx when the request is done or failed."""
        if self._closed:
            return
        failure = _token_request_failure(self._sending)
        if failure is not None:
            self._sending = None
            with contextlib.suppress(Exception):
                self._advance(None, error=copy_error(failure))
        self._finish()

    def _finish(self) -> None:
        if not self._mark_closed():
            return
        try:
            # Reached on errors and when httpx closes the flow early: never keep a lock.
            self._release_file()
        finally:
            try:
                if self._held:
                    self._held = False
                    self._auth._lock.release()
            finally:
                self._steps.close()


class AsyncFlow(_Driver, AsyncGenerator[httpx.Request, httpx.Response]):
    """Runs a manager's steps for ``httpx.AsyncClient``: an async lock and reads."""

    async def asend(self, value: httpx.Response | None) -> httpx.Request:
        """Take httpx's response to the last request; return the next one to send."""
        if self._closed:
            raise StopAsyncIteration
        sending, self._sending = self._sending, None
        if sending is None:
            # Its lock and shielded reads are asyncio's: under trio, refused before the
            # first step (nothing taken, nothing sent).
            require_asyncio(self._auth.service)
            return await self._advance(None)
        assert value is not None, "httpx answers every request with a response"
        if sending.token_request:
            return await self._take_token_answer(value, sending.request)
        self._unsettled = value
        return await self._advance(value)

    async def _take_token_answer(
        self, response: httpx.Response, request: httpx.Request
    ) -> httpx.Request:
        """Read the token endpoint's answer and run the steps that install it, to the
        end even if this task is cancelled meanwhile.

        The server may have rotated the refresh token once it answered: an answer
        dropped half read would leave a refresh token that no longer works. So the
        read and the install run shielded; a cancellation waits for them (at most the
        request's read timeout, see :func:`_finish_limit`), then is raised.
        """
        work = asyncio.ensure_future(self._read_token_answer(response))
        try:
            request_out = await asyncio.shield(work)
        except asyncio.CancelledError:
            if not work.done():
                # This task was cancelled, not the work.
                await _let_finish(work, _finish_limit(request))
            _report_unseen(work)
            raise
        if request_out is None:
            raise StopAsyncIteration
        return request_out

    async def _read_token_answer(self, response: httpx.Response) -> httpx.Request | None:
        """The next request, or ``None`` at the end of the flow (a task cannot end
        with ``StopAsyncIteration``)."""
        try:
            try:
                await response.aread()
            except Exception as exc:
                return await self._advance(None, error=self._auth._unread_error(response, exc))
            return await self._advance(response)
        except StopAsyncIteration:
            return None

    async def _advance(
        self, answer: httpx.Response | None, *, error: Exception | None = None
    ) -> httpx.Request:
        try:
            while True:
                try:
                    step = self._steps.send(answer) if error is None else self._steps.throw(error)
                except StopIteration:
                    raise StopAsyncIteration from None
                answer, error = None, None
                if isinstance(step, Send):
                    await self._settle()
                    self._sending = step
                    return step.request
                if isinstance(step, Acquire) or step is LockStep.ACQUIRE:
                    await self._settle()
                    limit = step.timeout if isinstance(step, Acquire) else None
                    try:
                        # A cancelled AsyncLock.acquire() keeps nothing.
                        async with asyncio.timeout(limit):
                            await self._auth._async_lock.acquire()
                    except LockReentryError:
                        raise self._auth._reentry_error() from None
                    except TimeoutError:
                        assert isinstance(step, Acquire)
                        raise waited_too_long(self._auth.service, step) from None
                    self._held = True
                elif isinstance(step, AcquireFile):
                    await self._take_file(step)
                else:
                    self._held = False
                    try:
                        self._release_file()
                    finally:
                        await self._auth._async_lock.release()
        except BaseException:
            await self._finish()
            raise

    async def _take_file(self, step: AcquireFile) -> None:
        lock = self._auth._process_lock
        if lock is None or self._file is not None:
            return
        await self._settle()
        try:
            # Polled without blocking, asyncio.sleep between tries: the loop runs on.
            held = await lock.aacquire(step.timeout)
        except OSError as exc:
            self._file_unusable(exc)
            return
        self._took_file(step, held)

    async def _settle(self) -> None:
        response, self._unsettled = self._unsettled, None
        if response is not None:
            try:
                await response.aread()
            except httpx.DecodingError as exc:
                raise self._auth._unread_error(response, exc) from exc
            finally:
                await response.aclose()

    async def athrow(self, typ: Any, val: Any = None, tb: Any = None, /) -> httpx.Request:
        """End the flow (lock released) and raise the exception given."""
        error = _thrown(typ, val)
        await self.aclose()
        raise error

    async def aclose(self) -> None:
        """End the flow; called by httpx when the request is done or failed."""
        if self._closed:
            return
        failure = _token_request_failure(self._sending)
        if failure is not None:
            self._sending = None
            with contextlib.suppress(Exception):
                await self._advance(None, error=copy_error(failure))
        await self._finish()

    async def _finish(self) -> None:
        if not self._mark_closed():
            return
        try:
            self._release_file()
        finally:
            try:
                if self._held:
                    self._held = False
                    await self._auth._async_lock.release()
            finally:
                self._steps.close()


_FINISH_LIMIT = 30.0
"""How long a cancelled task finishes reading a token answer when its request has
no read timeout (seconds)."""


def _finish_limit(request: httpx.Request) -> float:
    """How long a cancelled task may go on reading ``request``'s token answer: the
    request's read timeout, else :data:`_FINISH_LIMIT`."""
    timeout = timeout_of(request)
    read = None if timeout is None else timeout.read
    return float(read) if read is not None and read >= 0 else _FINISH_LIMIT


def timeout_of(request: httpx.Request) -> httpx.Timeout | None:
    """The timeout httpx will apply to ``request`` (the client's, or the call's own)."""
    value = request.extensions.get("timeout")
    if not isinstance(value, Mapping):
        return None
    try:
        return httpx.Timeout(**value)
    except (TypeError, ValueError):
        return None


async def _let_finish(work: asyncio.Future[Any], limit: float) -> None:
    """Wait for ``work`` (shielded from this task's cancellation) at most ``limit``
    seconds, through any further cancellation of this task; past that, cancel it.

    Its outcome is left to the flow: a failure was recorded for the waiters, a
    cancelled read recorded nothing (the waiters send their own request).
    """
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    while not work.done():
        left = deadline - loop.time()
        if left <= 0:
            work.cancel()
            # Its cancellation runs the flow's cleanup (the lock released): wait for it.
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait({work})
            break
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.wait({work}, timeout=left)
    if not work.cancelled():
        work.exception()  # retrieved: the flow has dealt with it


def _report_unseen(work: asyncio.Future[Any]) -> None:
    """Log the :class:`~beatkit.errors.TokenSaveError` of a token answer installed after
    the task that sent it was cancelled: that task raises its cancellation, and no one
    else hears that the new token (a rotated refresh token, perhaps) was not saved.

    Other failures need no word here: a failed refresh is shared with the callers that
    waited on it.
    """
    if not work.done() or work.cancelled():
        return
    error = work.exception()
    if isinstance(error, TokenSaveError):
        # Its message names the hook and the error's type, never the token.
        logger.warning("%s (the call that refreshed it was cancelled meanwhile)", error)


_Client = TypeVar("_Client", httpx.Client, httpx.AsyncClient)


def token_client(client: object, kind: type[_Client], call: str) -> _Client:
    """``client``, if it is of ``kind``, for the token call ``call``.

    Checked before anything is sent: an ``httpx.AsyncClient`` given to a sync call
    would fail only on reading the answer (an ``AttributeError`` on a coroutine never
    awaited); an ``httpx.Client`` given to an async call would send the token request
    (blocking the event loop), then fail awaiting the answer, which is lost with the
    refresh token the server may have rotated in it.

    Raises:
        TypeError: Any other kind of client or object; for the other kind of httpx
            client the message names the twin call to make instead.
    """
    if isinstance(client, kind):
        return client
    twin = ""
    if isinstance(client, httpx.AsyncClient):
        twin = f": await a{call}() with an httpx.AsyncClient"
    elif isinstance(client, httpx.Client):
        twin = f": call {call.removeprefix('a')}() with an httpx.Client"
    raise TypeError(f"{call}() takes an httpx.{kind.__name__}, not {type(client).__name__}{twin}")


def token_timeout(
    client: httpx.Client | httpx.AsyncClient, timeout: float | httpx.Timeout | None
) -> httpx.Timeout:
    """The timeout of the token request an explicit call (``login``, ``refresh``,
    ``ensure_token``) sends through ``client``: ``timeout`` when one is given, else
    ``client``'s own.

    A service client passes its own ``timeout`` option: the httpx client may be the
    caller's ``http_client``, whose timeout it does not use (``None``, no limit at all,
    would let a token endpoint that never answers hold the call for ever).

    Raises:
        ConfigurationError: ``timeout`` is not a positive number of seconds (up to a
            year) or an ``httpx.Timeout`` of such parts (see
            :func:`~beatkit._core.settings.check_timeout`).
    """
    if timeout is None:
        return client.timeout
    return check_timeout(timeout)  # as every client's timeout option is checked


def _request_of(exc: httpx.TransportError, sent: httpx.Request | None) -> httpx.Request:
    """The token request ``exc`` is about: the one this caller sent, else (a caller that
    waited on another's request and got a copy of its failure) the one ``exc`` names."""
    if sent is not None:
        return sent
    try:
        return exc.request
    except RuntimeError:  # an httpx error made without its request
        raise exc from None


def _close_trace(request: httpx.Request, trace: CloseTrace) -> None:
    """Refuse ``request`` inside the pool when the client sending it closes.

    A token request of an explicit call (``ensure_token``, ``login``, ``refresh``)
    carries no API call's trace: without one, waiting for a pooled connection as the
    client closed, it got a new connection from the closed pool and went out. A trace
    already set (an API call's, shared) is kept.
    """
    request.extensions.setdefault("trace", trace)


def _answer_raised_by_hook(request: httpx.Request, exc: httpx.HTTPStatusError) -> httpx.Response:
    """The token endpoint's answer to ``request`` that a response hook of the caller's
    client raised for (httpx's recipe, ``event_hooks={"response": [raise_for_status]}``),
    handed to the flow as if ``send()`` had returned it: the same beatkit error
    (:class:`~beatkit.errors.AuthenticationError`, ``RateLimitError``, ``ServerError``),
    never httpx's ``HTTPStatusError``.

    Without its body: httpx closed the answer when the hook raised (a body not read yet
    is lost), and one read (a test double's) may quote the credentials the request
    sent, as an API call's refresh reads such an answer too.

    Raises:
        httpx.HTTPStatusError: ``exc`` itself, when it is about another request (a hook
            that raises for an answer of its own making).
    """
    answer = exc.response
    if answer.request is not request:
        raise exc
    headers = [
        (name, value)
        for name, value in answer.headers.multi_items()
        if name.lower() not in ("content-length", "content-encoding", "transfer-encoding")
    ]
    return httpx.Response(answer.status_code, headers=headers, content=b"", request=request)


def run_sync(flow: SyncFlow, client: httpx.Client) -> None:
    request: httpx.Request | None = None
    try:
        try:
            request = next(flow)
            while True:
                # auth=None: the token request must not go through the client's own
                # auth, which may be this very manager. No redirects: its body holds
                # credentials that must not reach another host.
                _close_trace(request, CloseTrace(client, flow._auth.service))
                with (
                    ResponseGuard.reclaiming(client),
                    sending(client, flow._auth.service),
                ):
                    try:
                        response = client.send(request, auth=None, follow_redirects=False)
                    except httpx.HTTPStatusError as exc:
                        response = _answer_raised_by_hook(request, exc)
                request = flow.send(response)
        except StopIteration:
            pass
        finally:
            # First: the flow records the raw failure for the callers waiting on it.
            flow.close()
    except httpx.TransportError as exc:
        raise connection_error(flow._auth.service, _request_of(exc, request), exc) from exc


async def run_async(flow: AsyncFlow, client: httpx.AsyncClient) -> None:
    request: httpx.Request | None = None
    try:
        try:
            request = await anext(flow)
            while True:
                # Streamed: the flow reads a token answer itself, to the end even if
                # this task is cancelled once its headers are in (see AsyncFlow).
                _close_trace(request, AsyncCloseTrace(client, flow._auth.service))
                async with AsyncResponseGuard.reclaiming(client):
                    with sending(client, flow._auth.service):
                        try:
                            response = await client.send(
                                request, auth=None, follow_redirects=False, stream=True
                            )
                        except httpx.HTTPStatusError as exc:
                            response = _answer_raised_by_hook(request, exc)
                try:
                    with sending(client, flow._auth.service):
                        request = await flow.asend(response)
                finally:
                    # Read (and so closed) already, except after a failure to read it.
                    await response.aclose()
        except StopAsyncIteration:
            pass
        finally:
            await flow.aclose()
    except httpx.TransportError as exc:
        raise connection_error(flow._auth.service, _request_of(exc, request), exc) from exc
