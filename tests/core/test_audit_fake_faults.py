"""The fakes' injected faults answer alike in process and over a socket.

A ``fail_next`` body is "sent as is": with a ``Content-Encoding`` among its headers,
a socket carried the bytes under that label and the client decoded them, but the
in-process transport handed the client the bytes undecoded (a gzip body arrived as
compressed bytes: "does not parse as JSON"; a broken one passed unnoticed). And a
1xx status, which is never a final answer, hung a client over a socket until its
read timeout (it waits for the answer after the interim one).
"""

from __future__ import annotations

import asyncio
import gzip

import httpx
import pytest

from beatkit import AsyncBeatConnect, BeatConnect
from beatkit.errors import ResponseDecodeError
from beatkit.testing import FakeBeatConnect

BEAT = b'{"status":"success","data":{"beat":{"id":1234,"title":"Zipped"}}}'
GZIP = {"Content-Encoding": "gzip", "Content-Type": "application/json"}


def _title_in_process(fake: FakeBeatConnect) -> str:
    with BeatConnect(
        api_key=fake.api_key, http_client=httpx.Client(transport=fake.transport())
    ) as bc:
        return bc.beats.get(1234).title


def _title_async_in_process(fake: FakeBeatConnect) -> str:
    async def main() -> str:
        http = httpx.AsyncClient(transport=fake.transport())
        async with http, AsyncBeatConnect(api_key=fake.api_key, http_client=http) as bc:
            return (await bc.beats.get(1234)).title

    return asyncio.run(main())


def _title_over_a_socket(fake: FakeBeatConnect) -> str:
    with fake.serve() as server, BeatConnect(api_key=fake.api_key, base_url=server.base_url) as bc:
        return bc.beats.get(1234).title


WAYS = [_title_in_process, _title_async_in_process, _title_over_a_socket]


@pytest.mark.parametrize("way", WAYS)
def test_a_compressed_fault_body_is_decoded_by_the_client(way: object) -> None:
    fake = FakeBeatConnect()
    fake.fail_next(200, headers=GZIP, body=gzip.compress(BEAT))
    assert way(fake) == "Zipped"  # type: ignore[operator]


@pytest.mark.parametrize("way", WAYS)
def test_a_broken_compressed_fault_body_is_a_decode_error(way: object) -> None:
    fake = FakeBeatConnect()
    fake.fail_next(200, headers=GZIP, body=b"not gzip at all")
    with pytest.raises(ResponseDecodeError, match=r"Content-Encoding \(gzip\)"):
        way(fake)  # type: ignore[operator]


def test_a_compressed_fault_body_reads_the_same_with_plain_httpx() -> None:
    fake = FakeBeatConnect()
    headers = {"Authorization": f"Bearer {fake.api_key}"}
    fake.fail_next(200, headers=GZIP, body=gzip.compress(BEAT))
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as http:
        assert http.get("/beats/1234", headers=headers).content == BEAT
    with fake.serve() as server:
        fake.fail_next(200, headers=GZIP, body=gzip.compress(BEAT))
        assert httpx.get(server.base_url + "/beats/1234", headers=headers).content == BEAT


@pytest.mark.parametrize("status", [100, 101, 103, 199])
def test_an_interim_status_is_refused_as_a_fault(status: int) -> None:
    fake = FakeBeatConnect()
    with pytest.raises(ValueError, match="1xx"):
        fake.fail_next(status)
    with pytest.raises(ValueError, match="1xx"):
        fake.garbage_next(status=status)
    assert fake.pending_faults == 0


SERVER_CLOCK = {
    "Date": "Wed, 21 Oct 2015 07:00:00 GMT",
    "Retry-After": "Wed, 21 Oct 2015 07:00:07 GMT",
}


def test_a_fault_date_header_replaces_the_socket_servers_own() -> None:
    # The socket server added its own Date (and Server) before the fault's: the client
    # got two, and a Retry-After date was no longer measured on the fault's clock.
    fake = FakeBeatConnect()
    headers = {"Authorization": f"Bearer {fake.api_key}"}
    with fake.serve() as server:
        fake.fail_next(429, headers={**SERVER_CLOCK, "Server": "fake-edge"})
        response = httpx.get(server.base_url + "/beats/1234", headers=headers)
    assert response.headers.get_list("Date") == [SERVER_CLOCK["Date"]]
    assert response.headers.get_list("Server") == ["fake-edge"]


def _retry_after(fake: FakeBeatConnect, *, socket: bool) -> float | None:
    from beatkit.errors import RateLimitError

    if socket:
        with fake.serve() as server:
            bc = BeatConnect(api_key=fake.api_key, base_url=server.base_url, max_retries=0)
            with bc, pytest.raises(RateLimitError) as caught:
                bc.beats.get(1234)
    else:
        http = httpx.Client(transport=fake.transport())
        bc = BeatConnect(api_key=fake.api_key, http_client=http, max_retries=0)
        with bc, pytest.raises(RateLimitError) as caught:
            bc.beats.get(1234)
    return caught.value.retry_after


@pytest.mark.parametrize("socket", [False, True])
def test_a_retry_after_date_is_read_on_the_faults_clock(socket: bool) -> None:
    fake = FakeBeatConnect()
    fake.fail_next(429, headers=SERVER_CLOCK)
    assert _retry_after(fake, socket=socket) == 7


@pytest.mark.parametrize("digits", [4301, 5000])
def test_a_retry_after_too_long_for_int_does_not_crash_the_fake(digits: int) -> None:
    # The fake's rate-limit headers read the fault's Retry-After with int(), which
    # refuses more than 4300 digits: the ValueError escaped the fake (in process) or
    # became a 500 "fake service crashed" (over a socket), instead of the 429.
    fake = FakeBeatConnect()
    fake.fail_next(429, headers={"Retry-After": "9" * digits})
    headers = {"Authorization": f"Bearer {fake.api_key}"}
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as http:
        response = http.get("/beats/1234", headers=headers)
    assert response.status_code == 429
    assert response.headers["X-RateLimit-Remaining"] == "0"
