"""Keeping the shared client's cookie jar out of one-off requests (login steps)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from http.cookiejar import Cookie

import httpx

__all__ = ["cookies_untouched"]

_CookieKey = tuple[str, str, str]


def _cookie_map(cookies: httpx.Cookies) -> dict[_CookieKey, Cookie]:
    return {(c.domain, c.path, c.name): c for c in cookies.jar}


@contextlib.contextmanager
def cookies_untouched(cookies: httpx.Cookies) -> Iterator[None]:
    """Undo every change the wrapped requests make to the shared client's cookie jar.

    httpx stores the cookies of every response in the client's jar, and the API
    requests built from that client would then carry a login session next to the
    bearer token. A login step's cookies belong to the login alone.
    """
    before = _cookie_map(cookies)
    try:
        yield
    finally:
        after = _cookie_map(cookies)
        for key, cookie in after.items():
            if before.get(key) is not cookie:
                cookies.jar.clear(*key)
        for key, cookie in before.items():
            if after.get(key) is not cookie:
                cookies.jar.set_cookie(cookie)
