"""``install_referrer`` goes with one login even when logins run at once.

The page: the app adds ``install_referrer`` "only once and must clean it after
successful log in, so repeated log ins should not be tracked/rewarded". Whether it had
been sent was checked before the login was sent and recorded after its answer, so logins
started together (two taps on "Log in", two tasks) each carried it: three concurrent
logins sent it three times. Now the first claims it; the others leave it out. A login
that fails gives the claim back, so a later login sends it.
"""

from __future__ import annotations

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from beatkit.beattech import AsyncBeatTech, BeatTech
from beatkit.errors import AuthenticationError
from beatkit.testing import FakeBeatTech


class _SlowTokens(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """The fake, answering token requests after a pause (so that logins overlap)."""

    def __init__(self, fake: FakeBeatTech, pause: float = 0.1) -> None:
        self._inner = fake.transport()
        self._pause = pause

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/oauth2/token"):
            time.sleep(self._pause)
        return self._inner.handle_request(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/oauth2/token"):
            await asyncio.sleep(self._pause)
        return await self._inner.handle_async_request(request)


def test_threads_send_it_once() -> None:
    fake = FakeBeatTech()
    user = fake.users[fake.user_id]
    with BeatTech(
        fake.tenant,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=_SlowTokens(fake)),
    ) as bt:
        start = threading.Barrier(3)

        def login() -> None:
            start.wait(5)
            bt.auth.login(user["username"], user["password"], install_referrer="u_12345")

        with ThreadPoolExecutor(3) as pool:
            for future in [pool.submit(login) for _ in range(3)]:
                future.result(timeout=10)
    assert fake.install_referrers == [(fake.user_id, "u_12345")]


async def test_tasks_send_it_once() -> None:
    fake = FakeBeatTech()
    user = fake.users[fake.user_id]
    async with AsyncBeatTech(
        fake.tenant,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=httpx.AsyncClient(transport=_SlowTokens(fake)),
    ) as bt:
        logins = [
            bt.auth.login(user["username"], user["password"], install_referrer="u_12345")
            for _ in range(3)
        ]
        await asyncio.wait_for(asyncio.gather(*logins), 10)
    assert fake.install_referrers == [(fake.user_id, "u_12345")]


def test_a_refused_login_gives_it_back() -> None:
    fake = FakeBeatTech()
    user = fake.users[fake.user_id]
    with BeatTech(
        fake.tenant,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
    ) as bt:
        with pytest.raises(AuthenticationError):
            bt.auth.login(user["username"], "wrong-password", install_referrer="u_12345")
        bt.auth.login(user["username"], user["password"], install_referrer="u_12345")
        bt.auth.login(user["username"], user["password"], install_referrer="u_12345")
    sent = [
        form for form in fake.requests_to("/oauth2/token") if b"install_referrer" in form.content
    ]
    assert len(sent) == 2  # the refused login and the first successful one
    assert fake.install_referrers == [(fake.user_id, "u_12345")]
