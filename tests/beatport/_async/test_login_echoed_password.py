"""The password never reaches an exception, whichever login step echoes it.

The core masks what a request sent wherever its answer quotes it; the authorize step's
request never carries the password, so an answer that quotes it (an error description,
a 5xx page) must be masked by the login itself.

Written once for asyncio; ``scripts/unasync.py`` generates the sync twin in ``_sync/``.
"""

from __future__ import annotations

import json
from collections.abc import Callable

import httpx
import pytest

from beatkit.beatport import AsyncBeatport
from beatkit.errors import APIError, AuthenticationError, RateLimitError, ServerError

PASSWORD = 'pa"ss w\u00f6rd\\1'
"""JSON escapes its quote, backslash and non-ASCII letter: an echo may not show it as typed."""

Answer = Callable[[httpx.Request], httpx.Response]


def _authorize_answers() -> list[tuple[type[APIError], Answer]]:
    echo = f"the request was made by a user whose password is {PASSWORD}"
    return [
        (
            AuthenticationError,
            lambda _: httpx.Response(
                400, json={"error": "invalid_request", "error_description": echo}
            ),
        ),
        (AuthenticationError, lambda _: httpx.Response(403, json={"detail": echo})),
        (ServerError, lambda _: httpx.Response(503, json={"detail": echo})),
        (RateLimitError, lambda _: httpx.Response(429, json={"detail": echo})),
        (ServerError, lambda _: httpx.Response(500, text=echo)),
    ]


async def _login_error(error_class: type[APIError], handler: Answer) -> APIError:
    """The error ``login`` raises against ``handler``."""
    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    async with AsyncBeatport(
        "client-id", http_client=http, requests_per_second=None, max_retries=0
    ) as bp:
        with pytest.raises(error_class) as caught:
            await bp.auth.login("dj@example.com", PASSWORD)
    return caught.value


def _assert_masked(error: APIError) -> None:
    shown = " ".join(
        [str(error), repr(error), error.message, json.dumps(error.body), str(error.details)]
    )
    assert "***" in shown
    for spelling in (PASSWORD, json.dumps(PASSWORD)[1:-1], "w\u00f6rd"):
        assert spelling not in shown


def _session(request: httpx.Request) -> httpx.Response:
    """The login step's answer: a session cookie."""
    return httpx.Response(200, json={}, headers={"Set-Cookie": "sessionid=s; Path=/"})


@pytest.mark.parametrize(("error_class", "authorize"), _authorize_answers())
async def test_an_authorize_answer_quoting_the_password_is_masked(
    error_class: type[APIError], authorize: Answer
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/auth/login/"):
            return _session(request)
        if request.url.path.endswith("/auth/o/authorize/"):
            return authorize(request)
        return httpx.Response(500, json={"detail": "no token step expected"})

    _assert_masked(await _login_error(error_class, handler))


@pytest.mark.parametrize(("error_class", "token_answer"), _authorize_answers())
async def test_a_token_step_answer_quoting_the_password_is_masked(
    error_class: type[APIError], token_answer: Answer
) -> None:
    # The token request carries the code and the verifier, not the password: the token
    # manager cannot know to mask it, so the login masks it in what the manager raised.
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/auth/login/"):
            return _session(request)
        if request.url.path.endswith("/auth/o/authorize/"):
            state = request.url.params["state"]
            location = f"https://example.test/callback?code=the-code&state={state}"
            return httpx.Response(302, headers={"Location": location})
        return token_answer(request)

    error = await _login_error(error_class, handler)
    assert "/auth/o/token/" in str(error.url)
    _assert_masked(error)
