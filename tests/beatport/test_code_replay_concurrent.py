"""One callback exchanged twice at once (threads, tasks): its code is sent once."""

from __future__ import annotations

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from beatkit.beatport import AsyncBeatport, Beatport
from beatkit.errors import AuthenticationError
from beatkit.testing.beatport import FakeBeatport

REDIRECT_URI = "https://app.example/callback"


def browser_redirect(fake: FakeBeatport, url: str) -> str:
    with httpx.Client(transport=fake.transport()) as browser:
        browser.post(
            f"{fake.base_url}/auth/login/",
            json={"username": fake.username, "password": fake.password},
        )
        location: str = browser.get(url, follow_redirects=False).headers["Location"]
    return location


def test_two_threads_exchanging_one_callback_send_its_code_once() -> None:
    fake = FakeBeatport()
    inside = threading.Event()
    go_on = threading.Event()
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/auth/o/token/"):
            sent.append(request)
            inside.set()
            assert go_on.wait(10)
        return fake.handle(request)

    client = Beatport(
        base_url=fake.base_url,
        client_id=fake.client_id,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        requests_per_second=None,
    )
    request = client.auth.authorization_url(REDIRECT_URI)
    location = browser_redirect(fake, request.url)
    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(client.auth.exchange_code, location, request)
        assert inside.wait(10)
        second = pool.submit(client.auth.exchange_code, location, request)
        with pytest.raises(AuthenticationError) as caught:
            second.result(10)
        go_on.set()
        token = first.result(10)
    assert caught.value.code == "invalid_grant" and caught.value.status_code == 0
    assert len(sent) == 1
    assert client.auth.token == token
    client.close()


async def test_two_tasks_exchanging_one_callback_send_its_code_once() -> None:
    fake = FakeBeatport()
    sent: list[httpx.Request] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/auth/o/token/"):
            sent.append(request)
            await asyncio.sleep(0.01)
        return fake.handle(request)

    client = AsyncBeatport(
        base_url=fake.base_url,
        client_id=fake.client_id,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
        requests_per_second=None,
    )
    request = client.auth.authorization_url(REDIRECT_URI)
    location = browser_redirect(fake, request.url)
    results = await asyncio.gather(
        client.auth.exchange_code(location, request),
        client.auth.exchange_code(location, request),
        return_exceptions=True,
    )
    errors = [r for r in results if isinstance(r, BaseException)]
    assert len(errors) == 1 and isinstance(errors[0], AuthenticationError)
    assert errors[0].code == "invalid_grant"
    assert len(sent) == 1
    await client.aclose()


class _SlowBody(httpx.AsyncByteStream):
    """A body that arrives 0.2 s after its headers, saying when its read began."""

    def __init__(self, body: bytes, started: asyncio.Event) -> None:
        self._body = body
        self._started = started

    async def __aiter__(self):  # type: ignore[override]
        self._started.set()
        await asyncio.sleep(0.2)
        yield self._body


async def test_a_code_whose_token_was_installed_after_a_cancel_is_not_sent_again() -> None:
    # The token answer is read and installed to the end even when the task is cancelled
    # meanwhile (the server may have rotated state in it): its code is then spent.
    fake = FakeBeatport()
    started = asyncio.Event()

    def handler(request: httpx.Request) -> httpx.Response:
        response = fake.handle(request)
        if request.url.path.endswith("/auth/o/token/"):
            return httpx.Response(
                response.status_code,
                headers={"Content-Type": "application/json"},
                stream=_SlowBody(response.content, started),
            )
        return response

    client = AsyncBeatport(
        base_url=fake.base_url,
        client_id=fake.client_id,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
        requests_per_second=None,
    )
    request = client.auth.authorization_url(REDIRECT_URI)
    location = browser_redirect(fake, request.url)
    task = asyncio.create_task(client.auth.exchange_code(location, request))
    await asyncio.wait_for(started.wait(), 10)
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    token = client.auth.token
    assert token is not None  # installed all the same
    sent = len(fake.requests)
    with pytest.raises(AuthenticationError) as caught:
        await client.auth.exchange_code(location, request)
    assert caught.value.status_code == 0
    assert len(fake.requests) == sent
    assert client.auth.token is token
    await client.aclose()
