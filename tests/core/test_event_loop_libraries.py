"""The event loops the async clients run in.

httpx runs under asyncio and under trio (through anyio), but beatkit's async layer
(the single-flight token lock, pacing and retry waits, closes that a cancellation
cannot cut short, the pager's and the HLS downloader's concurrent fetches) is built on
asyncio. Under asyncio in any form (plain, anyio's asyncio backend, uvloop) all of it
works, which the first tests show for the four services. Under trio a call failed
with trio's own ``TypeError: trio.run received unrecognized yield message``, on a client
beatkit created only after its request had gone out, and closing that client failed
alike; a call through a token manager failed with asyncio's ``no running event loop``;
calls that happened not to touch those parts went through, until their first retry or
pacing wait. Now every call is refused before anything is sent, with a
:class:`~beatkit.errors.ConfigurationError` naming trio, and closing works.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import anyio
import httpx
import pytest

from beatkit import (
    AsyncBeatConnect,
    AsyncBeatPass,
    AsyncBeatport,
    AsyncBeatTech,
    ConfigurationError,
)
from beatkit.auth import ClientCredentialsAuth, Token
from beatkit.hls import AsyncHLSDownloader
from beatkit.testing import FakeBeatConnect, FakeBeatPass, FakeBeatport, FakeBeatTech

SERVICES = ["beatconnect", "beatpass", "beatport", "beattech"]

ASYNCIO_BACKENDS = [
    pytest.param({"backend": "asyncio"}, id="anyio-asyncio"),
    pytest.param(
        {"backend": "asyncio", "backend_options": {"use_uvloop": True}},
        id="uvloop",
        marks=pytest.mark.skipif(
            importlib.util.find_spec("uvloop") is None, reason="uvloop is not installed"
        ),
    ),
]

Fake = FakeBeatConnect | FakeBeatPass | FakeBeatport | FakeBeatTech
Client = AsyncBeatConnect | AsyncBeatPass | AsyncBeatport | AsyncBeatTech


def _in_process(fake: Fake) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=fake.transport())


def _client(service: str, **options: Any) -> tuple[Client, Fake]:
    """A fresh fake and an async client sending to it in process."""
    if service == "beatconnect":
        bc = FakeBeatConnect()
        client: Client = AsyncBeatConnect(
            api_key=bc.api_key, base_url=bc.base_url, http_client=_in_process(bc), **options
        )
        return client, bc
    if service == "beatpass":
        bp = FakeBeatPass()
        return AsyncBeatPass(
            bp.token, base_url=bp.base_url, http_client=_in_process(bp), **options
        ), bp
    if service == "beatport":
        port = FakeBeatport()
        token = Token.from_response(port.issue_token(), now=datetime.now(UTC))
        options.setdefault("requests_per_second", None)
        return AsyncBeatport(
            client_id=port.client_id, token=token, http_client=_in_process(port), **options
        ), port
    bt = FakeBeatTech()
    return AsyncBeatTech(
        "fabel",
        client_id=bt.client_id,
        client_secret=bt.client_secret,
        base_url=bt.base_url,
        http_client=_in_process(bt),
        **options,
    ), bt


async def _one_call(client: Client, fake: Fake) -> object:
    if isinstance(client, AsyncBeatConnect):
        return await client.genres.list()
    if isinstance(client, AsyncBeatPass):
        assert isinstance(fake, FakeBeatPass)
        return await client.tracks.get(fake.track_id)
    if isinstance(client, AsyncBeatport):
        assert isinstance(fake, FakeBeatport)
        return await client.tracks.get(fake.tracks[0]["id"])
    return await client.app.tracks.get("10001")


async def _some_items(client: Client) -> int:
    if isinstance(client, AsyncBeatConnect):
        return len([b async for b in client.beats.list(limit=30)])
    if isinstance(client, AsyncBeatPass | AsyncBeatport):
        return len([t async for t in client.tracks.list(per_page=7, limit=10)])
    return len([a async for a in client.app.actors.list("author")])


def _token_requests(fake: Fake, path: str) -> list[httpx.Request]:
    return [r for r in fake.requests if r.url.path.endswith(path)]


def _run_under(options: dict[str, Any], main: Callable[[], Awaitable[object]]) -> object:
    async def bounded() -> object:
        with anyio.fail_after(30):
            return await main()

    return anyio.run(bounded, **options)


# --- asyncio in any form: everything works ----------------------------------------------------


@pytest.mark.parametrize("options", ASYNCIO_BACKENDS)
@pytest.mark.parametrize("service", SERVICES)
def test_calls_and_pagers_under_anyio_and_uvloop(options: dict[str, Any], service: str) -> None:
    client, fake = _client(service)

    async def main() -> int:
        async with client:
            assert await _one_call(client, fake)
            return await _some_items(client)

    assert _run_under(options, main) > 0


@pytest.mark.parametrize("options", ASYNCIO_BACKENDS)
def test_one_token_request_for_concurrent_first_calls_under_anyio(
    options: dict[str, Any],
) -> None:
    # The single-flight lock under tasks an anyio task group started.
    client, fake = _client("beattech")
    assert isinstance(fake, FakeBeatTech)
    got: list[object] = []

    async def one() -> None:
        got.append(await _one_call(client, fake))

    async def main() -> None:
        async with client, anyio.create_task_group() as tasks:
            for _ in range(8):
                tasks.start_soon(one)

    _run_under(options, main)
    assert len(got) == 8
    assert len(_token_requests(fake, "/oauth2/token")) == 1


@pytest.mark.parametrize("options", ASYNCIO_BACKENDS)
def test_refresh_pacing_and_retry_under_anyio(options: dict[str, Any]) -> None:
    # Beatport: an expired access token is refreshed once; requests_per_second paces the
    # calls with real waits; a 503 is retried after a real (zero) wait.
    client, fake = _client("beatport", requests_per_second=200)
    assert isinstance(fake, FakeBeatport)

    async def main() -> None:
        async with client:
            await _one_call(client, fake)
            fake.expire_access_tokens()
            await _one_call(client, fake)
            fake.fail_next(503, headers={"Retry-After": "0"})
            for _ in range(3):
                await _one_call(client, fake)

    _run_under(options, main)
    assert len(_token_requests(fake, "/auth/o/token/")) == 1


@pytest.mark.parametrize("options", ASYNCIO_BACKENDS)
def test_hls_download_under_anyio(options: dict[str, Any], tmp_path: Path) -> None:
    client, fake = _client("beatport")
    assert isinstance(fake, FakeBeatport)
    track = fake.tracks[0]["id"]

    async def main() -> None:
        async with client:
            await client.tracks.save_stream(track, tmp_path / "t.aac")

    _run_under(options, main)
    assert (tmp_path / "t.aac").read_bytes() == fake.stream_plaintext(track)
    assert fake.leaked_authorization == []


@pytest.mark.parametrize("options", ASYNCIO_BACKENDS)
def test_a_call_cancelled_by_an_anyio_scope_gives_its_connection_back(
    options: dict[str, Any],
) -> None:
    # Over a socket, one connection in the pool: the call cancelled while its answer
    # is held must leave that connection usable, and the client must close.
    fake = FakeBeatConnect()
    with fake.serve(hang=10) as server:
        http = httpx.AsyncClient(limits=httpx.Limits(max_connections=1))
        client = AsyncBeatConnect(api_key=fake.api_key, base_url=server.base_url, http_client=http)

        async def main() -> int:
            async with http, client:
                assert await client.genres.list()
                sent = len(fake.requests)
                fake.timeout_next()
                async with anyio.create_task_group() as tasks:
                    tasks.start_soon(client.genres.list)
                    for _ in range(2000):  # until the held request has arrived
                        if len(fake.requests) > sent:
                            break
                        await anyio.sleep(0.005)
                    tasks.cancel_scope.cancel()
                return len(await client.genres.list())

        assert _run_under(options, main) == 12


@pytest.mark.parametrize("options", ASYNCIO_BACKENDS)
def test_a_pager_fetching_ahead_cancelled_by_an_anyio_scope_gives_connections_back(
    options: dict[str, Any],
) -> None:
    # Beat Technology's Range paging fetches the pages after the first in tasks of its
    # own; an anyio scope cancelled while they run must leave the two pooled
    # connections usable.
    fake = FakeBeatTech()
    with fake.serve() as server:
        http = httpx.AsyncClient(limits=httpx.Limits(max_connections=2))
        bt = AsyncBeatTech(
            "fabel",
            client_id=fake.client_id,
            client_secret=fake.client_secret,
            base_url=server.base_url,
            http_client=http,
        )

        async def main() -> int:
            async with http, bt:
                for _ in range(4):
                    with anyio.CancelScope() as scope:
                        seen = 0
                        async for _track in bt.app.tracks.search("a", page_size=5):
                            seen += 1
                            if seen == 6:  # the second page: the others are on their way
                                scope.cancel()
                            await anyio.sleep(0)
                    assert seen == 6
                for _ in range(4):
                    await bt.app.tracks.get("10001")
                return len(fake.requests)

        # The token, then four times a first page and the pages fetched ahead, then the gets.
        assert _run_under(options, main) > 1 + 4 * 2 + 4


# --- trio: refused before anything is sent ----------------------------------------------------


def _trio_run(main: Callable[[], Awaitable[object]]) -> object:
    trio = pytest.importorskip("trio")

    async def bounded() -> object:
        with trio.fail_after(30):
            return await main()

    return trio.run(bounded)


@pytest.mark.parametrize("service", SERVICES)
def test_a_call_under_trio_is_refused_before_sending(service: str) -> None:
    client, fake = _client(service)

    async def main() -> None:
        async with client:
            with pytest.raises(ConfigurationError, match="trio") as caught:
                await _one_call(client, fake)
            assert "asyncio" in str(caught.value)
            assert "nothing was sent" in str(caught.value)
            with pytest.raises(ConfigurationError, match="trio"):
                await _some_items(client)

    _trio_run(main)  # and the client closed under trio without an error
    assert fake.requests == []


def test_a_client_beatkit_created_is_refused_and_closes_under_trio() -> None:
    # Its own httpx client on the network: the call went out, then failed in the
    # close that guards the pool; closing the client failed alike.
    fake = FakeBeatConnect()
    with fake.serve() as server:

        async def main() -> None:
            async with AsyncBeatConnect(api_key=fake.api_key, base_url=server.base_url) as bc:
                with pytest.raises(ConfigurationError, match="trio"):
                    await bc.genres.list()

        _trio_run(main)
    assert fake.requests == []


def test_a_token_manager_under_trio_is_refused_before_sending() -> None:
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"access_token": "t", "token_type": "Bearer"})

    auth = ClientCredentialsAuth(
        "https://auth.example.test/token",
        "cid",
        "client-secret",
        hosts=["api.example.test"],
    )

    async def main() -> None:
        async with httpx.AsyncClient(transport=httpx.MockTransport(answer), auth=auth) as http:
            with pytest.raises(ConfigurationError, match="trio"):
                await http.get("https://api.example.test/me")
            with pytest.raises(ConfigurationError, match="trio"):
                await auth.aensure_token(http)

    _trio_run(main)
    assert sent == []


def test_an_hls_download_under_trio_is_refused_before_sending(tmp_path: Path) -> None:
    sent: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(404)

    async def main() -> None:
        async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as http:
            with pytest.raises(ConfigurationError, match="trio"):
                await AsyncHLSDownloader(http).download(
                    "https://cdn.example.test/p.m3u8", tmp_path / "out"
                )

    _trio_run(main)
    assert sent == []
    assert list(tmp_path.iterdir()) == []
