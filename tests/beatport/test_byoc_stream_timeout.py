"""``save_stream()`` through an ``http_client`` of the caller's sends the stream host's
requests (playlist, key, segments) with the beatkit client's ``timeout``.

concepts.md: the caller's httpx client's own timeout is not used, every call gets the
client's ``timeout`` option. The stream URL request got it, but the HLS downloader
``save_stream`` hands the httpx client to sent the rest with that client's own timeout:
none at all for an ``httpx.Client(timeout=None)``, only the 600 s ``fetch_deadline``
bounding a stream host that stopped answering.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx

from beatkit.beatport import AsyncBeatport, Beatport
from beatkit.testing.beatport import FakeBeatport

SECONDS = 12.0
WANTED = {"connect": SECONDS, "read": SECONDS, "write": SECONDS, "pool": SECONDS}


def _recording(fake: FakeBeatport) -> tuple[httpx.MockTransport, list[tuple[str, Any]]]:
    seen: list[tuple[str, Any]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append((str(request.url.copy_with(query=None)), request.extensions.get("timeout")))
        return fake.handle(request)

    return httpx.MockTransport(handler), seen


def _check(seen: list[tuple[str, Any]], dest: Path) -> None:
    kinds = {url.rsplit(".", 1)[-1] for url, _ in seen}
    assert {"m3u8", "key", "aac"} <= kinds, kinds
    for url, timeout in seen:
        assert timeout == WANTED, url
    assert dest.stat().st_size > 0


def test_save_stream_requests_get_the_client_timeout_not_the_http_clients(tmp_path: Path) -> None:
    fake = FakeBeatport()
    transport, seen = _recording(fake)
    dest = tmp_path / "t.aac"
    with httpx.Client(transport=transport, timeout=None) as http:  # noqa: S113 - the case
        client = Beatport(
            fake.client_id,
            base_url=fake.base_url,
            http_client=http,
            token=fake.issue_token()["access_token"],
            timeout=SECONDS,
        )
        client.tracks.save_stream(int(fake.tracks[0]["id"]), dest)
    _check(seen, dest)


def test_async_save_stream_requests_get_the_client_timeout_not_the_http_clients(
    tmp_path: Path,
) -> None:
    fake = FakeBeatport()
    transport, seen = _recording(fake)
    dest = tmp_path / "t.aac"

    async def main() -> None:
        async with httpx.AsyncClient(transport=transport, timeout=3.0) as http:
            client = AsyncBeatport(
                fake.client_id,
                base_url=fake.base_url,
                http_client=http,
                token=fake.issue_token()["access_token"],
                timeout=SECONDS,
            )
            await client.tracks.save_stream(int(fake.tracks[0]["id"]), dest)

    asyncio.run(asyncio.wait_for(main(), 30))
    _check(seen, dest)
