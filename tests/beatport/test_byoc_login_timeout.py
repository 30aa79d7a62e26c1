"""The token step of a Beatport login sent through an ``http_client`` of the caller's
gets the beatkit client's ``timeout``, as its other steps and every API call do.

concepts.md: "Its own timeout is not used: every call gets the client's timeout option".
The login's first two steps got it, but the token exchange (``login()``'s third step,
``exchange_code()``) went out with the httpx client's own timeout: none at all for an
``httpx.Client(timeout=None)``, where a token endpoint that never answered held the
login for ever.
"""

from __future__ import annotations

import asyncio

import httpx

from beatkit.beatport import AsyncBeatport, Beatport
from beatkit.testing.beatport import FakeBeatport

SECONDS = 12.0
WANTED = {"connect": SECONDS, "read": SECONDS, "write": SECONDS, "pool": SECONDS}


def _recording(fake: FakeBeatport) -> tuple[httpx.MockTransport, list[tuple[str, object]]]:
    seen: list[tuple[str, object]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((request.url.path, request.extensions.get("timeout")))
        return fake.handle(request)

    return httpx.MockTransport(handler), seen


def test_login_token_step_gets_the_client_timeout_not_the_http_clients() -> None:
    fake = FakeBeatport()
    transport, seen = _recording(fake)
    with httpx.Client(transport=transport, timeout=None) as http:  # noqa: S113 - the case
        client = Beatport(fake.client_id, base_url=fake.base_url, http_client=http, timeout=SECONDS)
        client.auth.login(fake.username, fake.password)
    paths = [path for path, _ in seen]
    assert any(path.endswith("/auth/o/token/") for path in paths)
    for path, timeout in seen:
        assert timeout == WANTED, path


def test_async_login_token_step_gets_the_client_timeout_not_the_http_clients() -> None:
    fake = FakeBeatport()
    transport, seen = _recording(fake)

    async def main() -> None:
        async with httpx.AsyncClient(transport=transport, timeout=3.0) as http:
            client = AsyncBeatport(
                fake.client_id, base_url=fake.base_url, http_client=http, timeout=SECONDS
            )
            await client.auth.login(fake.username, fake.password)

    asyncio.run(asyncio.wait_for(main(), 30))
    assert any(path.endswith("/auth/o/token/") for path, _ in seen)
    for path, timeout in seen:
        assert timeout == WANTED, path


def _code_for(fake: FakeBeatport, url: str) -> str:
    """Log in to the fake as a browser would and read the code off its redirect."""
    with httpx.Client(transport=fake.transport()) as browser:
        login = httpx.URL(url).copy_with(path=httpx.URL(url).path.replace("o/authorize/", "login/"))
        browser.post(
            login.copy_with(query=None), json={"username": fake.username, "password": fake.password}
        )
        answer = browser.get(url)
    assert answer.is_redirect, answer.status_code
    code = httpx.URL(answer.headers["Location"]).params["code"]
    return code


def test_exchange_code_gets_the_client_timeout_not_the_http_clients() -> None:
    fake = FakeBeatport()
    transport, seen = _recording(fake)
    with httpx.Client(transport=transport, timeout=None) as http:  # noqa: S113 - the case
        client = Beatport(fake.client_id, base_url=fake.base_url, http_client=http, timeout=SECONDS)
        request = client.auth.authorization_url()
        client.auth.exchange_code(_code_for(fake, request.url), request)
    tokens = [timeout for path, timeout in seen if path.endswith("/auth/o/token/")]
    assert tokens == [WANTED]
