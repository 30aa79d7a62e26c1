"""Tests of serving a fake over a real loopback socket, with sync and async httpx."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from beatkit import BeatConnect
from beatkit.testing import FakeBeatConnect, FakeServer, serve

AUTH = {"Authorization": "Bearer test-api-key"}


def test_base_url_is_loopback(beatconnect_server: FakeServer) -> None:
    assert beatconnect_server.base_url.startswith("http://127.0.0.1:")
    assert beatconnect_server.base_url.endswith("/v1")
    assert beatconnect_server.base_url == f"{beatconnect_server.root_url}/v1"
    assert str(beatconnect_server) == beatconnect_server.base_url


def test_sync_round_trip(beatconnect_server: FakeServer) -> None:
    with httpx.Client(base_url=beatconnect_server.base_url, headers=AUTH) as http:
        response = http.get("/beats", params={"genre": 1, "limit": 2})
        assert response.status_code == 200
        body = response.json()
        assert response.headers["x-ratelimit-remaining"] == "99"
        assert response.headers["x-request-id"].startswith("req_")
        # Links are built from the URL the client used, so they point back at the socket.
        next_url = body["data"]["pagination"]["next_page_url"]
        assert next_url == f"{beatconnect_server.base_url}/beats?genre=1&limit=2&page=2"
        assert http.get(next_url).json()["data"]["pagination"]["current_page"] == 2
        assert http.get("/beats/1234").json()["data"]["beat"]["title"] == "Summer Vibes"
        assert http.delete("/beats/1234").status_code == 405
        assert http.get("/beats/1234", headers={"Authorization": "Bearer x"}).status_code == 401
    recorded = beatconnect_server.fake.requests[0]
    assert recorded.method == "GET"
    assert recorded.url.params["genre"] == "1"
    assert recorded.headers["authorization"] == "Bearer test-api-key"


async def test_async_round_trip(beatconnect_server: FakeServer) -> None:
    async with httpx.AsyncClient(base_url=beatconnect_server.base_url, headers=AUTH) as http:
        genres = await http.get("/genres")
        search = await http.get("/search", params={"q": "summer vibes", "type": "beats"})
    assert genres.json()["data"]["genres"][0]["name"] == "Amapiano"
    assert search.json()["data"]["beats"][0]["id"] == 1234


def test_request_body_reaches_the_fake(beatconnect_server: FakeServer) -> None:
    with httpx.Client(base_url=beatconnect_server.base_url, headers=AUTH) as http:
        assert http.post("/genres", json={"name": "Jazz"}).status_code == 405
    assert beatconnect_server.fake.requests[-1].content == b'{"name":"Jazz"}'


def test_faults_over_the_socket(beatconnect_server: FakeServer) -> None:
    fake = beatconnect_server.fake
    fake.fail_next(503, headers={"Retry-After": "0"})
    fake.garbage_next(status=502)
    fake.disconnect_next()
    with httpx.Client(base_url=beatconnect_server.base_url, headers=AUTH) as http:
        unavailable = http.get("/genres")
        assert unavailable.status_code == 503
        assert unavailable.headers["retry-after"] == "0"
        assert unavailable.json()["error"]["code"] == "server_error"
        garbage = http.get("/genres")
        assert garbage.status_code == 502
        assert garbage.headers["content-type"].startswith("text/html")
        with pytest.raises(httpx.RemoteProtocolError):
            http.get("/genres")
        assert http.get("/genres").status_code == 200
    assert len(fake.requests) == 4


def test_timeout_over_the_socket() -> None:
    fake = FakeBeatConnect()
    fake.timeout_next()
    # The server holds the connection; the client gives up after its own short timeout,
    # and leaving the block releases the held handler at once.
    with (
        serve(fake, hang=5.0) as server,
        httpx.Client(base_url=server.base_url, headers=AUTH, timeout=0.2) as http,
    ):
        with pytest.raises(httpx.ReadTimeout):
            http.get("/genres")
        assert http.get("/genres").status_code == 200


async def test_async_timeout_and_disconnect_over_the_socket() -> None:
    fake = FakeBeatConnect()
    fake.timeout_next()
    fake.disconnect_next()
    with serve(fake, hang=5.0) as server:
        async with httpx.AsyncClient(base_url=server.base_url, headers=AUTH, timeout=0.2) as http:
            with pytest.raises(httpx.ReadTimeout):
                await http.get("/genres")
            with pytest.raises(httpx.RemoteProtocolError):
                await http.get("/genres")
            assert (await http.get("/genres")).status_code == 200


def test_server_stops_on_exit() -> None:
    fake = FakeBeatConnect()
    with serve(fake) as server:
        url = server.base_url
        assert httpx.get(url + "/genres", headers=AUTH).status_code == 200
    with pytest.raises(httpx.ConnectError):
        httpx.get(url + "/genres", headers=AUTH, timeout=1.0)


def test_fake_serve_method_and_crash_is_a_500() -> None:
    fake = FakeBeatConnect()

    def broken(request: httpx.Request) -> httpx.Response:
        raise RuntimeError("boom")

    fake.add_route("GET", "/broken", broken)
    with fake.serve() as server, httpx.Client(base_url=server.base_url, headers=AUTH) as http:
        response = http.get("/broken")
    assert response.status_code == 500
    assert "RuntimeError: boom" in response.text


def test_leaving_serve_closes_kept_alive_connections() -> None:
    # A pooled keep-alive connection must not outlive the block: its handler thread
    # would go on answering (and keep its socket) after the server "stopped".
    fake = FakeBeatConnect()
    before = set(threading.enumerate())
    with httpx.Client(headers=AUTH, timeout=2.0) as http:
        with serve(fake) as server:
            for _ in range(3):
                assert http.get(server.base_url + "/genres").status_code == 200
        assert set(threading.enumerate()) - before == set()
        with pytest.raises(httpx.TransportError):
            http.get(server.base_url + "/genres")
    assert len(fake.requests) == 3


def test_links_follow_the_host_the_client_addressed() -> None:
    # "Pagination links are absolute, built from the URL the client used": a client of
    # http://localhost:PORT must be sent on to localhost, not to 127.0.0.1 (another
    # origin, which beatkit's pager rightly refuses to follow).
    fake = FakeBeatConnect()
    with serve(fake) as server:
        base_url = f"http://localhost:{server.port}/v1"
        with httpx.Client(base_url=base_url, headers=AUTH) as http:
            body = http.get("/beats", params={"limit": 2}).json()
        assert body["data"]["pagination"]["next_page_url"] == f"{base_url}/beats?limit=2&page=2"
        with BeatConnect(fake.api_key, base_url=base_url) as client:
            assert len(list(client.beats.list(per_page=100))) == len(fake.beats)


def test_a_chunked_body_reaches_the_fake(beatconnect_server: FakeServer) -> None:
    # httpx sends a generator body chunked: it was read as empty, and the unread
    # chunks were left on the connection as the start of the next request.
    def parts() -> Iterator[bytes]:
        yield b'{"name":'
        yield b'"Jazz"}'

    with httpx.Client(base_url=beatconnect_server.base_url, headers=AUTH) as http:
        assert http.post("/genres", content=parts()).status_code == 405
        assert beatconnect_server.fake.requests[-1].content == b'{"name":"Jazz"}'
        assert http.get("/genres").status_code == 200


@pytest.mark.parametrize(
    "framing",
    [
        b"Content-Length: abc\r\n",
        b"Content-Length: -5\r\n",
        b"Transfer-Encoding: chunked\r\n\r\nzz\r\n",
        # Beyond what a fake reads: OverflowError crashed the handler.
        b"Content-Length: 99999999999999999999\r\n",
        b"Transfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFF\r\n",
    ],
)
def test_malformed_framing_is_a_400(beatconnect_server: FakeServer, framing: bytes) -> None:
    # These crashed the handler (a traceback on stderr, the connection closed unanswered).
    with socket.create_connection(("127.0.0.1", beatconnect_server.port), timeout=5) as conn:
        conn.sendall(b"POST /v1/genres HTTP/1.1\r\nHost: 127.0.0.1\r\n" + framing + b"\r\n")
        assert conn.recv(12) == b"HTTP/1.1 400"


def test_an_absolute_form_target_is_served_by_its_path(beatconnect_server: FakeServer) -> None:
    # What a client configured with the fake as its HTTP proxy sends: the handler built
    # "http://host:porthttp://..." and crashed (a traceback, the connection unanswered).
    port = beatconnect_server.port
    target = f"http://127.0.0.1:{port}/v1/genres".encode()
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(
            b"GET "
            + target
            + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + b"Authorization: Bearer test-api-key\r\n\r\n"
        )
        assert conn.recv(12) == b"HTTP/1.1 200"
    assert beatconnect_server.fake.requests[-1].url.path == "/v1/genres"


@pytest.mark.parametrize("target", [b"*", b"genres", b"ftp://127.0.0.1/v1/genres"])
def test_a_target_that_is_not_a_path_is_a_400(
    beatconnect_server: FakeServer, target: bytes
) -> None:
    with socket.create_connection(("127.0.0.1", beatconnect_server.port), timeout=5) as conn:
        conn.sendall(b"GET " + target + b" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        assert conn.recv(12) == b"HTTP/1.1 400"


def _fake_threads() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("beatkit-fake-")]


@pytest.mark.parametrize(
    ("fake", "hang", "error", "match"),
    [
        (FakeBeatConnect, 2.0, TypeError, "FakeService instance"),
        (None, 2.0, TypeError, "FakeService instance"),
        ("fake", 2.0, TypeError, "FakeService instance"),
        (FakeBeatConnect(), "2", TypeError, "hang"),
        (FakeBeatConnect(), True, TypeError, "hang"),
        (FakeBeatConnect(), -1.0, ValueError, "hang"),
        (FakeBeatConnect(), float("nan"), ValueError, "hang"),
        (FakeBeatConnect(), float("inf"), ValueError, "hang"),
    ],
)
def test_serve_checks_its_arguments_before_binding(
    fake: Any, hang: Any, error: type[Exception], match: str
) -> None:
    # serve(FakeBeatConnect) (the class) started a server thread, then failed with an
    # AttributeError about base_path; hang="2" was accepted and crashed the handler
    # thread of the first timed-out request, so the client waited its whole timeout.
    before = _fake_threads()
    with pytest.raises(error, match=match), serve(fake, hang=hang):
        pytest.fail("served")  # pragma: no cover
    assert _fake_threads() == before


def test_serve_accepts_a_zero_hang() -> None:
    fake = FakeBeatConnect()
    with fake.serve(hang=0) as server, httpx.Client(base_url=server.base_url) as http:
        fake.timeout_next()
        with pytest.raises(httpx.RemoteProtocolError):
            http.get("/genres", headers=AUTH, timeout=5.0)
        assert http.get("/genres", headers=AUTH, timeout=5.0).status_code == 200
