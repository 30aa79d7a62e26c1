"""A session-cookie login and an API call at the same time, in two threads of one
sync client (or two tasks of one async client).

The login's ``sessionid`` belongs to the login alone, and the cookies an API answer
sets belong to the client's jar. The login used to let httpx put its cookie in the
shared jar and take it out again after the request: an API call made in between (in
another thread) carried the login's session, and the cookie its answer set was
erased when the login put the jar back as it had found it.

The login's answer is held (by a response hook, once httpx has read its cookies)
until the API call is done, so the two always overlap; every wait is bounded.
"""

from __future__ import annotations

import asyncio
import threading

import httpx

from beatkit.beatport import AsyncBeatport, Beatport
from beatkit.testing.beatport import FakeBeatport

WAIT = 10.0
GENRE = 6


def test_a_login_and_an_api_call_in_two_threads_keep_their_cookies_apart() -> None:
    fake = FakeBeatport()
    api_cookies: list[str | None] = []

    def handler(request: httpx.Request) -> httpx.Response:
        response = fake.handle(request)
        if request.url.path.endswith(f"/catalog/genres/{GENRE}/"):
            api_cookies.append(request.headers.get("cookie"))
            response.headers["Set-Cookie"] = "region=eu; Path=/"
        return response

    in_login = threading.Event()
    api_done = threading.Event()

    def hold_the_login(response: httpx.Response) -> None:
        if response.request.url.path.endswith("/auth/login/"):
            in_login.set()
            api_done.wait(WAIT)

    http = httpx.Client(
        transport=httpx.MockTransport(handler), event_hooks={"response": [hold_the_login]}
    )
    client = Beatport(
        fake.client_id, base_url=fake.base_url, http_client=http, requests_per_second=None
    )
    token = fake.issue_token()["access_token"]
    outcome: list[object] = []

    def login() -> None:
        try:
            outcome.append(client.auth.login(fake.username, fake.password))
        except Exception as exc:  # checked below
            outcome.append(exc)

    # The API call carries a token of its own: a client holds one token, so the
    # concurrent call is made with a plain request on the same httpx client.
    thread = threading.Thread(target=login)
    try:
        thread.start()
        assert in_login.wait(WAIT)
        try:
            http.get(
                f"{fake.base_url}/catalog/genres/{GENRE}/",
                headers={"Authorization": f"Bearer {token}"},
            ).raise_for_status()
        finally:
            api_done.set()
        thread.join(WAIT)
        assert not thread.is_alive()
    finally:
        api_done.set()
        http.close()
    assert len(outcome) == 1 and not isinstance(outcome[0], Exception), outcome
    assert api_cookies == [None], "the API call carried the login's session cookie"
    assert {(c.name, c.value) for c in http.cookies.jar} == {("region", "eu")}, (
        "the cookie the API answer set was erased by the login"
    )


async def test_a_login_and_an_api_call_in_two_tasks_keep_their_cookies_apart() -> None:
    fake = FakeBeatport()
    api_cookies: list[str | None] = []

    def handler(request: httpx.Request) -> httpx.Response:
        response = fake.handle(request)
        if request.url.path.endswith(f"/catalog/genres/{GENRE}/"):
            api_cookies.append(request.headers.get("cookie"))
            response.headers["Set-Cookie"] = "region=eu; Path=/"
        return response

    in_login = asyncio.Event()
    api_done = asyncio.Event()

    async def hold_the_login(response: httpx.Response) -> None:
        if response.request.url.path.endswith("/auth/login/"):
            in_login.set()
            await asyncio.wait_for(api_done.wait(), WAIT)

    http = httpx.AsyncClient(
        transport=httpx.MockTransport(handler), event_hooks={"response": [hold_the_login]}
    )
    client = AsyncBeatport(
        fake.client_id, base_url=fake.base_url, http_client=http, requests_per_second=None
    )
    token = fake.issue_token()["access_token"]
    try:
        login = asyncio.ensure_future(client.auth.login(fake.username, fake.password))
        await asyncio.wait_for(in_login.wait(), WAIT)
        try:
            answer = await http.get(
                f"{fake.base_url}/catalog/genres/{GENRE}/",
                headers={"Authorization": f"Bearer {token}"},
            )
            answer.raise_for_status()
        finally:
            api_done.set()
        await asyncio.wait_for(login, WAIT)
    finally:
        api_done.set()
        await http.aclose()
    assert api_cookies == [None], "the API call carried the login's session cookie"
    assert {(c.name, c.value) for c in http.cookies.jar} == {("region", "eu")}, (
        "the cookie the API answer set was erased by the login"
    )
