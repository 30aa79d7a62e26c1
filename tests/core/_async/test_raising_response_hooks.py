"""An ``http_client`` whose response hook raises for error statuses (httpx's own
recipe: ``event_hooks={"response": [raise_for_status]}``).

httpx raises the hook's ``httpx.HTTPStatusError`` out of ``send()``, after closing the
answer (a transport that reads bodies at once, as ``MockTransport`` does, keeps it). The
answer is then read as if ``send()`` had returned it: the same beatkit error, the same
retries.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
import pytest

from beatkit._core._async.client import AsyncAPIClient
from beatkit._core.settings import build_settings
from beatkit.auth import ClientCredentialsAuth
from beatkit.errors import AuthenticationError, NotFoundError, RateLimitError, ServerError
from tests.core._async.test_transport import SPEC, TOKEN, Sleeps, get, post

CLIENT_SECRET = "client-secret-4f9a2c7e"


async def raise_for_status(response: httpx.Response) -> None:
    response.raise_for_status()


async def unread(body: bytes) -> AsyncIterator[bytes]:
    """A body handed over unread, as a socket's is: httpx closes it when the hook raises."""
    yield body


def hooked(
    handler: Callable[[httpx.Request], httpx.Response],
    clients: list[httpx.AsyncClient],
    auth: httpx.Auth | None = None,
) -> tuple[AsyncAPIClient, Sleeps]:
    sleeps = Sleeps()
    settings = build_settings(
        SPEC, base_url="https://api.test/v1", auth=auth, async_sleep=sleeps, max_retries=2
    )
    http = httpx.AsyncClient(
        transport=httpx.MockTransport(handler), event_hooks={"response": [raise_for_status]}
    )
    clients.append(http)
    return AsyncAPIClient(settings, http), sleeps


class Script:
    def __init__(self, *answers: tuple[int, bytes, dict[str, str]], streamed: bool) -> None:
        self.answers = answers
        self.streamed = streamed
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        status, body, headers = self.answers[min(len(self.requests), len(self.answers)) - 1]
        headers = {"Content-Type": "application/json", **headers}
        if self.streamed:
            return httpx.Response(status, headers=headers, content=unread(body))
        return httpx.Response(status, headers=headers, content=body)


@pytest.mark.parametrize("streamed", [False, True])
async def test_an_error_status_raised_by_a_hook_is_the_api_error(
    http_clients: list[httpx.AsyncClient], streamed: bool
) -> None:
    # Regression: the hook's bare httpx.HTTPStatusError came out of the call.
    body = b'{"error": {"message": "no such beat", "code": "not_found"}}'
    server = Script((404, body, {"X-Request-Id": "req-1"}), streamed=streamed)
    client, _ = hooked(server, http_clients)
    with pytest.raises(NotFoundError) as info:
        await client._transport.request(get("/beats/1"))
    assert info.value.status_code == 404
    assert info.value.request_id == "req-1"
    assert info.value.url == "https://api.test/v1/beats/1"
    if not streamed:
        # Read at once by the transport: kept; from a socket, httpx dropped it unread.
        assert info.value.code == "not_found"
        assert info.value.message == "no such beat"


@pytest.mark.parametrize("streamed", [False, True])
async def test_retries_follow_the_status_a_hook_raised_for(
    http_clients: list[httpx.AsyncClient], streamed: bool
) -> None:
    server = Script(
        (503, b"{}", {"Retry-After": "3"}),
        (429, b"{}", {"Retry-After": "2"}),
        (200, b'{"id": 7}', {}),
        streamed=streamed,
    )
    client, sleeps = hooked(server, http_clients)
    assert await client._transport.request(get("/beats/7")) == {"id": 7}
    assert sleeps.waits == [3.0, 2.0]


async def test_a_post_answered_500_through_a_hook_is_not_replayed(
    http_clients: list[httpx.AsyncClient],
) -> None:
    server = Script((500, b"{}", {}), streamed=False)
    client, _ = hooked(server, http_clients)
    with pytest.raises(ServerError):
        await client._transport.request(post())
    assert len(server.requests) == 1


async def test_a_hook_raising_for_a_lockout_past_max_wait(
    http_clients: list[httpx.AsyncClient],
) -> None:
    server = Script((429, b"{}", {"Retry-After": "3600"}), streamed=True)
    client, sleeps = hooked(server, http_clients)
    with pytest.raises(RateLimitError) as info:
        await client._transport.request(get())
    assert info.value.retry_after == 3600.0
    assert sleeps.waits == []


@pytest.mark.parametrize("streamed", [False, True])
async def test_a_token_endpoint_answer_raised_by_a_hook_never_quotes_the_grant(
    http_clients: list[httpx.AsyncClient], streamed: bool
) -> None:
    echo = (
        b'{"error": "invalid_client", "error_description": "bad client_secret '
        + CLIENT_SECRET.encode()
        + b'"}'
    )

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/token":
            headers = {"Content-Type": "application/json"}
            if streamed:
                return httpx.Response(400, headers=headers, content=unread(echo))
            return httpx.Response(400, headers=headers, content=echo)
        return httpx.Response(200, json={"ok": True})

    auth = ClientCredentialsAuth(
        "https://auth.test/token", "cid", CLIENT_SECRET, hosts=["api.test"], service="testsvc"
    )
    client, _ = hooked(handler, http_clients, auth=auth)
    with pytest.raises(AuthenticationError) as info:
        await client._transport.request(get())
    assert info.value.status_code == 400
    everything = f"{info.value} {info.value!r} {vars(info.value)}"
    assert CLIENT_SECRET not in everything
    assert TOKEN not in everything


async def test_a_download_answered_404_through_a_hook(
    http_clients: list[httpx.AsyncClient], tmp_path: Path
) -> None:
    server = Script((404, b'{"error": {"message": "gone"}}', {}), streamed=True)
    client, _ = hooked(server, http_clients)
    with pytest.raises(NotFoundError):
        await client._transport.save(get("/a.mp3"), tmp_path / "a.mp3")
    assert list(tmp_path.iterdir()) == []
