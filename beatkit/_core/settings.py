"""The settings one client hands to its transport."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import cattrs
import httpx
from attrs import field, frozen

from beatkit._core.http import PLAIN_CONVERTER, ServiceSpec, check_base_url, same_origin
from beatkit._core.http import url_prefix as _url_prefix
from beatkit._core.operation import Operation
from beatkit._core.ratelimit import RateLimiter
from beatkit._core.redact import redact_url
from beatkit._core.retry import RetryPolicy
from beatkit._core.validate import MAX_TIMEOUT, check_seconds

__all__ = [
    "DEFAULT_TIMEOUT",
    "MAX_TIMEOUT",
    "AuthFactory",
    "AuthRouter",
    "TransportSettings",
    "build_settings",
    "check_timeout",
    "pick_converter",
    "user_agent",
]

DEFAULT_TIMEOUT = httpx.Timeout(30.0, connect=10.0)
"""30 s to read, 10 s to connect; long enough for slow list endpoints, short enough to notice."""


def user_agent() -> str:
    """The ``User-Agent`` beatkit sends: ``beatkit/<version> httpx/<version>``."""
    from beatkit._version import __version__

    return f"beatkit/{__version__} httpx/{httpx.__version__}"


AuthFactory = Callable[[httpx.URL], httpx.Auth | None]
"""Builds a client's token manager once its base URL is checked (it names the host)."""

AuthRouter = Callable[[Operation[Any]], httpx.Auth | None]
"""Picks the auth for one operation, or raises before anything is sent."""


@frozen(kw_only=True)
class TransportSettings:
    """Everything the send loop needs to know about one client."""

    spec: ServiceSpec
    """The service's name and error parser."""
    base_url: httpx.URL = field(repr=lambda url: repr(redact_url(url)))
    """The API root, already validated.

    ``repr`` shows it redacted: it may carry a gateway's password or key."""
    auth: httpx.Auth | None = field(default=None, repr=False)
    """The token manager that signs requests, if any."""
    route: AuthRouter | None = field(default=None, repr=False)
    """Picks the auth per operation instead of ``auth`` (and may refuse an operation
    before sending, e.g. a write without a token)."""
    converter: cattrs.Converter = field(default=PLAIN_CONVERTER, repr=False)
    """Turns JSON into the operations' result types (the client's strict or lenient one)."""
    timeout: httpx.Timeout = DEFAULT_TIMEOUT
    """Default timeout of every request."""
    retry: RetryPolicy = field(factory=RetryPolicy)
    """When and how long to retry."""
    limiter: RateLimiter = field(factory=RateLimiter)
    """Client-side pacing."""
    headers: Mapping[str, str] = field(factory=dict)
    """Headers sent with every request."""
    prefetch: int = 4
    """How many pages a pager may fetch at once when the page count is known."""
    sleep: Callable[[float], None] = time.sleep
    """How the sync client waits (replaced by tests to fake time)."""
    async_sleep: Callable[[float], Awaitable[None]] = asyncio.sleep
    """How the async client waits (replaced by tests to fake time)."""
    url_prefix: str | None = field(init=False, repr=False, eq=False)
    """:func:`~beatkit._core.http.url_prefix` of :attr:`base_url`, computed here once
    (``attrs.evolve`` computes it again) rather than at every request."""

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "url_prefix", _url_prefix(self.base_url))

    def auth_for(self, op: Operation[Any]) -> httpx.Auth | None:
        """The auth that signs ``op``.

        An operation sent to an absolute URL (``op.url``: a file location, a next-page
        link) is signed only on :attr:`base_url`'s own origin (scheme, host and port):
        ``None`` elsewhere.

        Raises:
            beatkit.errors.ConfigurationError: The service refuses ``op`` as configured
                (raised by its router before anything is sent).
        """
        auth = self.auth if self.route is None else self.route(op)
        if auth is None or op.url is None:
            return auth
        # A URL the API answered with is signed on the API's own origin only: the token
        # managers sign the API host on any port, and another port of it is another
        # service. One that does not parse gets nothing (building the request refuses it).
        try:
            own = same_origin(httpx.URL(op.url), self.base_url)
        except (httpx.InvalidURL, ValueError):
            return None
        return auth if own else None


def pick_converter(
    strict: bool, lenient: cattrs.Converter, strict_one: Callable[[], cattrs.Converter]
) -> cattrs.Converter:
    """The client's converter: ``strict_one()`` when ``strict`` is ``True`` (a service's
    strict converter is built on first use, see ``built_on_first_use``).

    Raises:
        ConfigurationError: ``strict`` is not a ``bool`` (``"false"`` read from a
            setting is truthy, and would turn a production client strict).
    """
    from beatkit.errors import ConfigurationError

    if not isinstance(strict, bool):
        raise ConfigurationError(
            f"strict must be a bool (True or False), got {type(strict).__name__}"
        )
    return strict_one() if strict else lenient


def check_timeout(timeout: float | httpx.Timeout | None, name: str = "timeout") -> httpx.Timeout:
    """``timeout`` as an ``httpx.Timeout``: seconds (positive, at most
    :data:`MAX_TIMEOUT`) for every phase, or an ``httpx.Timeout`` whose parts are such
    seconds or ``None`` (no limit); ``None`` for :data:`DEFAULT_TIMEOUT`.

    httpx takes 0 or a negative number as "time out at once" and NaN as no limit,
    at the first request; a socket refuses a huge one with an ``OverflowError`` then.

    Raises:
        ConfigurationError: Anything else, naming ``name``.
    """
    from beatkit.errors import ConfigurationError

    if timeout is None:
        return DEFAULT_TIMEOUT
    try:
        if isinstance(timeout, httpx.Timeout):
            for phase, seconds in timeout.as_dict().items():
                if seconds is not None:
                    check_seconds(f"{name} ({phase})", seconds)
            return timeout
        return httpx.Timeout(check_seconds(name, timeout))
    except TypeError as exc:
        # A (connect, read) pair, as requests takes it, lands here: say what does that.
        raise ConfigurationError(
            f"{exc} (seconds, or an httpx.Timeout such as httpx.Timeout(30, connect=10) "
            "for limits of their own per phase)"
        ) from None
    except ValueError as exc:
        raise ConfigurationError(str(exc)) from None


def build_settings(
    spec: ServiceSpec,
    *,
    base_url: str | httpx.URL,
    auth: httpx.Auth | AuthFactory | None = None,
    route: AuthRouter | None = None,
    converter: cattrs.Converter | None = None,
    timeout: float | httpx.Timeout | None = None,
    max_retries: int = 2,
    max_retry_wait: float = 60.0,
    requests_per_second: float | None = None,
    allow_http: bool = False,
    prefetch: int = 4,
    sleep: Callable[[float], None] | None = None,
    async_sleep: Callable[[float], Awaitable[None]] | None = None,
) -> TransportSettings:
    """Validate the options every client constructor shares and bundle them.

    This is the one place a client is configured: the base URL is checked first, then
    ``auth`` (when it is a factory) is built for the checked URL, so a token manager
    can name its host.

    Args:
        spec: The service.
        base_url: The API root.
        auth: A token manager, a factory taking the checked base URL, or ``None``.
        route: Picks the auth per operation instead (services with several tokens).
        converter: The client's converter (strict or lenient); a plain one by default.
        timeout: Seconds or an ``httpx.Timeout``; ``None`` for the default.
        max_retries: Retries where a retry is safe, 0 to 20.
        max_retry_wait: The longest wait beatkit sleeps before a retry.
        requests_per_second: Client-side pacing, ``None`` for none.
        allow_http: Permit plain ``http://`` to a remote host.
        prefetch: Pages a pager may fetch at once.
        sleep: How the sync client waits (tests fake it).
        async_sleep: How the async client waits (tests fake it).

    Raises:
        ConfigurationError: An unusable base URL or option.
    """
    from beatkit._core.validate import check_int, check_number
    from beatkit.errors import ConfigurationError

    url = check_base_url(base_url, allow_http=allow_http)
    try:
        check_int("max_retries", max_retries, minimum=0, maximum=20)
        check_int("prefetch", prefetch, minimum=1, maximum=64)
        # inf: wait whatever the server asks (Retry-After is believed up to a year).
        check_number("max_retry_wait", max_retry_wait, allow_zero=True, allow_inf=True)
        if requests_per_second is not None:
            try:
                check_number("requests_per_second", requests_per_second)
            except ValueError as exc:
                raise ValueError(f"{exc} (None turns pacing off)") from None
            # A slower pace would sleep past what time.sleep and Event.wait accept.
            if requests_per_second * MAX_TIMEOUT < 1:
                raise ValueError(
                    "requests_per_second must allow at least one request a year "
                    f"(1/{MAX_TIMEOUT:.0f}), got {requests_per_second!r}"
                )
    except (TypeError, ValueError) as exc:
        raise ConfigurationError(str(exc)) from None
    resolved = check_timeout(timeout)
    try:
        limiter = RateLimiter(
            requests_per_second=requests_per_second, window=spec.rate_limit_window
        )
    except ValueError as exc:
        raise ConfigurationError(str(exc)) from None
    if auth is not None and not isinstance(auth, httpx.Auth):
        auth = auth(url)
    return TransportSettings(
        spec=spec,
        base_url=url,
        auth=auth,
        route=route,
        converter=converter or PLAIN_CONVERTER,
        timeout=resolved,
        retry=RetryPolicy(max_retries=max_retries, max_wait=max_retry_wait),
        limiter=limiter,
        headers={"User-Agent": user_agent(), "Accept": "application/json"},
        prefetch=prefetch,
        sleep=sleep or time.sleep,
        async_sleep=async_sleep or asyncio.sleep,
    )
