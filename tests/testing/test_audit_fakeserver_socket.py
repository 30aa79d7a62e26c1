"""Audit of the socket server (``serve()``, ``fake.serve()``) as other tools use it.

* A fake given a ``clock`` told two times over the socket: its ``X-RateLimit-Reset`` epochs
  and ``Retry-After`` came from the fake's clock, the ``Date`` header from the machine's,
  so a client that reads an epoch reset against ``Date`` (as beatkit's does) waited for
  the gap between the two clocks. A real server stamps both from one clock.
* A fake handler that raised was a 500 naming the exception, but its traceback went
  nowhere: the test saw ``RuntimeError: boom`` and no line to look at.
"""

from __future__ import annotations

import email.utils
import socket
import time

import httpx
import pytest

from beatkit import AsyncBeatConnect, BeatConnect
from beatkit.testing import FakeBeatConnect, FakeBeatport, FakeBeatTech, serve

AUTH = {"Authorization": "Bearer test-api-key"}


def test_date_header_is_read_from_the_fakes_clock() -> None:
    now = [1_700_000_000.0]
    fake = FakeBeatConnect(clock=lambda: now[0])
    with serve(fake) as server, httpx.Client(base_url=server.base_url, headers=AUTH) as http:
        first = http.get("/genres")
        now[0] += 90
        second = http.get("/genres")
    assert first.headers["date"] == email.utils.formatdate(1_700_000_000, usegmt=True)
    assert second.headers["date"] == email.utils.formatdate(1_700_000_090, usegmt=True)
    assert first.headers.get_list("date") == [first.headers["date"]]


def test_date_header_falls_back_to_the_machines_clock_when_the_fakes_fails() -> None:
    def broken() -> float:
        raise RuntimeError("clock broke")

    fake = FakeBeatConnect()
    with serve(fake) as server:
        fake.clock = broken  # after construction, which checks it
        with httpx.Client(base_url=server.base_url) as http:
            # No key: answered 401 before any use of the clock by the fake itself.
            response = http.get("/genres")
    stamped = email.utils.parsedate_to_datetime(response.headers["date"]).timestamp()
    assert abs(stamped - time.time()) < 60


def test_a_client_reads_an_epoch_reset_against_a_fake_clock_ahead_of_the_machines() -> None:
    # The fake's clock runs an hour ahead of this machine's. Its first answer spends the
    # window (one request a second): the reset, an epoch on the fake's clock, is a second
    # away on that clock. Read against a machine-time Date it was an hour away, and the
    # next call was refused without being sent.
    fake = FakeBeatConnect(rate_limit=1, rate_limit_window=1.0, clock=lambda: time.time() + 3600)
    with (
        serve(fake) as server,
        BeatConnect(api_key="test-api-key", base_url=server.base_url) as client,
    ):
        client.genres.list()
        started = time.monotonic()
        client.genres.list()
        assert time.monotonic() - started < 10
    assert len(fake.requests) == 2


async def test_an_async_client_reads_an_epoch_reset_against_a_fake_clock_ahead() -> None:
    fake = FakeBeatConnect(rate_limit=1, rate_limit_window=1.0, clock=lambda: time.time() + 3600)
    with serve(fake) as server:
        async with AsyncBeatConnect(api_key="test-api-key", base_url=server.base_url) as client:
            await client.genres.list()
            started = time.monotonic()
            await client.genres.list()
            assert time.monotonic() - started < 10
    assert len(fake.requests) == 2


def test_a_crashing_handler_prints_its_traceback(capfd: pytest.CaptureFixture[str]) -> None:
    fake = FakeBeatConnect()

    def broken(request: httpx.Request) -> httpx.Response:
        raise RuntimeError("boom")

    fake.add_route("GET", "/broken", broken)
    with fake.serve() as server, httpx.Client(base_url=server.base_url, headers=AUTH) as http:
        response = http.get("/broken")
    assert response.status_code == 500
    assert "RuntimeError: boom" in response.text
    err = capfd.readouterr().err
    assert "Traceback (most recent call last)" in err
    assert 'raise RuntimeError("boom")' in err
    assert "GET /v1/broken" in err


@pytest.mark.parametrize("name", ["Beyoncé", "日本の曲"])
def test_a_fakes_header_bytes_are_sent_as_the_fake_gave_them(
    name: str, capfd: pytest.CaptureFixture[str]
) -> None:
    # A UTF-8 header value (a file name, say) went out re-encoded as Latin-1 ("é" as one
    # byte, not the fake's two, as in process), and one outside Latin-1 crashed the
    # connection thread: the client saw the server disconnect, stderr a traceback.
    disposition = f'attachment; filename="{name}.mp3"'.encode()
    fake = FakeBeatConnect()
    fake.add_route(
        "GET",
        "/named",
        lambda request: httpx.Response(
            200, headers=[(b"Content-Disposition", disposition)], content=b"ok"
        ),
    )
    with serve(fake) as server, httpx.Client(base_url=server.base_url, headers=AUTH) as http:
        served = http.get("/named")
    with httpx.Client(transport=fake.transport(), headers=AUTH) as http:
        in_process = http.get(fake.base_url + "/named")
    assert served.status_code == 200
    assert served.text == "ok"
    sent = [value for key, value in served.headers.raw if key.lower() == b"content-disposition"]
    expected = [v for k, v in in_process.headers.raw if k.lower() == b"content-disposition"]
    assert sent == expected == [disposition]
    assert "Traceback" not in capfd.readouterr().err


def _exchange(port: int, request: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


@pytest.mark.parametrize("fake_class", [FakeBeatTech, FakeBeatport])
@pytest.mark.parametrize("host", [b"a:b:c", b"[zz]"])
def test_an_unreadable_host_header_is_answered_as_the_bound_address(
    fake_class: type[FakeBeatTech | FakeBeatport], host: bytes
) -> None:
    # The server answered such a Host as its bound address, but the fake read the Host
    # header again to route stream hosts, and crashed: 500 "InvalidURL: Invalid port".
    fake = fake_class()
    with serve(fake) as server:
        path = fake.base_path.encode() + b"/"
        bad = _exchange(
            server.port,
            b"GET " + path + b" HTTP/1.1\r\nHost: " + host + b"\r\nConnection: close\r\n\r\n",
        )
        good = _exchange(server.port, b"GET " + path + b" HTTP/1.1\r\nConnection: close\r\n\r\n")
    assert bad.split(b"\r\n", 1)[0] == good.split(b"\r\n", 1)[0]
    assert b"crashed" not in bad


@pytest.mark.parametrize("fake_class", [FakeBeatTech, FakeBeatport])
def test_an_unreadable_host_header_in_process_is_not_a_raw_httpx_error(
    fake_class: type[FakeBeatTech | FakeBeatport],
) -> None:
    fake = fake_class()
    with httpx.Client(transport=fake.transport()) as http:
        bad = http.get(fake.base_url + "/", headers={"Host": "a:b:c"})
        good = http.get(fake.base_url + "/")
    assert bad.status_code == good.status_code


def test_an_http_1_0_keep_alive_is_answered_as_kept_alive() -> None:
    # An HTTP/1.0 client asking to keep the connection (ApacheBench -k, say) was kept
    # alive without being told: a client that then waits for the server to close (as
    # HTTP/1.0 without "Connection: keep-alive" means) waited out the idle timeout.
    request = b"GET /v1/genres HTTP/1.0\r\nHost: a\r\nAuthorization: Bearer test-api-key\r\n"
    with (
        serve(FakeBeatConnect()) as server,
        socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock,
    ):
        sock.sendall(request + b"Connection: keep-alive\r\n\r\n")
        head = b""
        while b"\r\n\r\n" not in head:
            head += sock.recv(65536)
    assert b"\r\nconnection: keep-alive\r\n" in head.partition(b"\r\n\r\n")[0].lower() + b"\r\n"
    # Without the option an HTTP/1.0 connection closes after its answer, and says nothing.
    with serve(FakeBeatConnect()) as server:
        closed = _exchange(server.port, request + b"\r\n")
    assert b"keep-alive" not in closed.lower()
    assert closed.startswith(b"HTTP/1.1 200 ")
