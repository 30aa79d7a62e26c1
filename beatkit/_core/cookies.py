"""Keeping the shared client's cookie jar out of one-off requests (login steps), and
its host-only cookies on their own host.

httpx stores the cookies of every answer in the client's jar, and the API requests
built from that client would then carry a login session next to the bearer token. A
login step's cookies (and a token endpoint's) belong to that request alone: the jar's
policy, :func:`keep_cookies_apart`, refuses them as httpx reads them, so they never
enter it. Nothing is taken out again afterwards: a jar that was changed and put back
around a login let an API call made meanwhile (another thread, another task) carry
the login's cookies, and erased the cookies that call's answer set.
"""

from __future__ import annotations

import http.cookiejar
import threading
import urllib.request
from collections.abc import Callable, Iterable
from http.cookiejar import Cookie, CookieJar, CookiePolicy, DefaultCookiePolicy
from typing import Any

import httpx

from beatkit._core.http import TOKEN_REQUEST

__all__ = ["OWN_COOKIES", "keep_cookies_apart", "keep_host_only_cookies"]

OWN_COOKIES = "beatkit.own_cookies"
"""A request extension; ``True`` on a request whose answer's cookies belong to it alone
(a login step, which reads them from its response): they never enter the jar of the
client that sends it, once :func:`keep_cookies_apart` guards that jar. Requests to a
token endpoint (:data:`~beatkit._core.http.TOKEN_REQUEST`) are kept apart alike."""

_INSTALLING = threading.Lock()

# The host a jar files a cookie without a Domain under ("x" as "x.local"): typeshed
# leaves the standard library's function out. It reads a request's URL only (and its
# Host header when the URL has no host, which an httpx request always has).
_effective_host: Callable[[Any], tuple[str, str]] = http.cookiejar.eff_request_host  # type: ignore[attr-defined]


class _UrlOnly:
    """What :data:`_effective_host` reads of a request, without building a urllib one."""

    __slots__ = ("_url",)

    def __init__(self, url: str) -> None:
        self._url = url

    def get_full_url(self) -> str:
        return self._url

    def get_header(self, name: str, default: str | None = None) -> str | None:
        return default


def _kept_apart(request: urllib.request.Request) -> bool:
    # httpx hands the jar its own wrapper of the request, which keeps the httpx request.
    sent = getattr(request, "request", None)
    if not isinstance(sent, httpx.Request):
        return False
    extensions = sent.extensions
    return extensions.get(OWN_COOKIES) is True or extensions.get(TOKEN_REQUEST) is True


def _forwarded(name: str) -> Any:
    """A property that reads the wrapped policy's setting ``name``."""
    return property(lambda self: getattr(self._inner, name))


class _KeepApart(CookiePolicy):
    """A jar's own policy, which also refuses the cookies of answers to requests kept
    apart (:data:`OWN_COOKIES`, :data:`~beatkit._core.http.TOKEN_REQUEST`).

    Everything else, reads and writes of its settings included (the jar sets ``_now``
    on its policy), goes to the policy it wraps.
    """

    def __init__(self, inner: CookiePolicy) -> None:
        object.__setattr__(self, "_inner", inner)

    def set_ok(self, cookie: Cookie, request: urllib.request.Request) -> bool:
        if _kept_apart(request):
            return False
        return bool(self._inner.set_ok(cookie, request))

    def return_ok(self, cookie: Cookie, request: urllib.request.Request) -> bool:
        if _elsewhere(cookie, request):
            return False
        return bool(self._inner.return_ok(cookie, request))

    def domain_return_ok(self, domain: str, request: urllib.request.Request) -> bool:
        return bool(self._inner.domain_return_ok(domain, request))

    def path_return_ok(self, path: str, request: urllib.request.Request) -> bool:
        return bool(self._inner.path_return_ok(path, request))

    # CookiePolicy's class attributes would hide the wrapped policy's own settings.
    netscape = _forwarded("netscape")
    rfc2965 = _forwarded("rfc2965")
    hide_cookie2 = _forwarded("hide_cookie2")

    def __getattr__(self, name: str) -> Any:
        return getattr(object.__getattribute__(self, "_inner"), name)

    def __setattr__(self, name: str, value: Any) -> None:
        setattr(self._inner, name, value)


def _elsewhere(cookie: Cookie, request: urllib.request.Request) -> bool:
    """Whether ``cookie`` is host-only (set without a ``Domain`` attribute, RFC 6265
    5.3) and ``request`` goes to another host. The standard library's policy sends such
    a cookie to every name under its host too (an API's session cookie to
    ``files.api.example.com``). A cookie put in the jar with no domain at all (httpx's
    ``cookies.set(name, value)``) is meant for every host. A rooted name
    (``api.example.com.``) is the host it names: one trailing dot is taken off both."""
    return _off_host(cookie, _effective_host(request)[1])


def _off_host(cookie: Cookie, host: str) -> bool:
    """:func:`_elsewhere` for a request whose effective host is ``host``."""
    return (
        bool(cookie.domain)
        and not cookie.domain_specified
        and cookie.domain.lower().removesuffix(".") != host.removesuffix(".")
    )


class _Outgoing(urllib.request.Request):
    """The view of an httpx request a cookie jar reads and puts the ``Cookie`` header on."""

    def __init__(self, request: httpx.Request, *, cookie: bool) -> None:
        headers = {k: v for k, v in request.headers.items() if cookie or k.lower() != "cookie"}
        super().__init__(url=str(request.url), headers=headers, method=request.method)
        self.request = request
        self.header: str | None = None

    def add_unredirected_header(self, key: str, header: str) -> None:
        super().add_unredirected_header(key, header)
        if key.lower() == "cookie":
            self.header = header


def keep_host_only_cookies(cookies: httpx.Cookies, request: httpx.Request) -> None:
    """Take the host-only cookies of another host out of the ``Cookie`` header httpx
    put on ``request`` from the jar of ``cookies`` (httpx reads a copy of the jar, under
    the standard library's policy, which sends them to the names under their host).

    A ``Cookie`` header the caller set (httpx adds no jar cookie then) is left as it is.
    """
    sent = request.headers.get("Cookie")
    if sent is None:
        return
    jar = cookies.jar
    # On every request with a cookie: the host is read once, and nothing else is
    # built when every cookie may go there (the usual case).
    host = _effective_host(_UrlOnly(str(request.url)))[1]
    if not any(_off_host(cookie, host) for cookie in jar):
        return
    if _cookie_header(request, jar, DefaultCookiePolicy()) != sent:
        return  # the caller's own header
    # The jar's own policy (keep_cookies_apart wraps it), which refuses those cookies.
    policy = getattr(jar, "_policy", None)
    if not isinstance(policy, _KeepApart):
        policy = _KeepApart(policy if isinstance(policy, CookiePolicy) else DefaultCookiePolicy())
    kept = _cookie_header(request, jar, policy)
    if kept is None:
        del request.headers["Cookie"]
    else:
        request.headers["Cookie"] = kept


def _cookie_header(
    request: httpx.Request, cookies: Iterable[Cookie], policy: CookiePolicy
) -> str | None:
    """The ``Cookie`` header a jar of ``cookies`` under ``policy`` gives ``request``."""
    jar = CookieJar(policy=policy)
    for cookie in cookies:
        jar.set_cookie(cookie)
    view = _Outgoing(request, cookie=False)
    jar.add_cookie_header(view)
    return view.header


def keep_cookies_apart(cookies: httpx.Cookies) -> None:
    """Make the jar of ``cookies`` (a client's) refuse the cookies of answers to
    requests kept apart (:data:`OWN_COOKIES`, token requests); its own policy decides
    for the others, as before.

    Idempotent and thread-safe; call it before sending such a request (a jar the
    caller replaced, ``client.cookies = ...``, is guarded again then).
    """
    jar = cookies.jar
    with _INSTALLING:
        # CookieJar has no getter for its policy; every jar of the standard library
        # keeps it here.
        policy = getattr(jar, "_policy", None)
        if isinstance(policy, _KeepApart):
            return
        if not isinstance(policy, CookiePolicy):
            policy = DefaultCookiePolicy()
        jar.set_policy(_KeepApart(policy))
