"""A download location Beatport answers with that no request can go to is the API's
fault: ``ResponseDecodeError`` before anything is fetched, naming no part of the signed
URL (``_file_url``'s own rule).

A location whose host is an ``xn--`` label idna refuses raised idna's own
``InvalidCodepoint`` (quoting the decoded host) out of ``save_download``; one whose port
is no number quoted it (``Invalid port: 'Sig=...'``); one with an address no connection
reaches (a port past 65535, an empty host label) was a ``ValueError``, the class of a bad
argument, from building the file request.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import httpx
import pytest

from beatkit.beatport import AsyncBeatport, Beatport
from beatkit.errors import ResponseDecodeError
from beatkit.testing.beatport import FakeBeatport

SECRET = "Sig0SECRET123"
LOCATIONS = [
    f"https://cdn.example.com:{SECRET}/x.mp3",
    "https://xn--ls8h.example.com/x.mp3?sig=" + SECRET,
    "https://xn--SECRET.com/x.mp3",
    f"https://cdn..example.com/x.mp3?sig={SECRET}",
    f"https://cdn.example.com:70000/x.mp3?sig={SECRET}",
]


def _transport(fake: FakeBeatport, location: str, fetched: list[str]) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/download/"):
            body = json.loads(fake.handle(request).content)
            body["location"] = location
            return httpx.Response(200, json=body)
        fetched.append(str(request.url))
        return httpx.Response(200, content=b"audio")

    return httpx.MockTransport(handler)


def _track(fake: FakeBeatport) -> int:
    track = fake.tracks[0]
    return int(track["id"])


def _check(error: BaseException, fetched: list[str], dest: Path) -> None:
    assert isinstance(error, ResponseDecodeError), repr(error)
    assert "download location" in str(error)
    assert SECRET not in str(error) and SECRET.lower() not in str(error).lower()
    assert fetched == []
    assert list(dest.parent.iterdir()) == []


@pytest.mark.parametrize("location", LOCATIONS)
def test_an_unusable_location_is_a_decode_error(location: str, tmp_path: Path) -> None:
    fake = FakeBeatport()
    fetched: list[str] = []
    dest = tmp_path / "track.mp3"
    with httpx.Client(transport=_transport(fake, location, fetched)) as http:
        client = Beatport(
            fake.client_id,
            base_url=fake.base_url,
            http_client=http,
            token=fake.issue_token()["access_token"],
            max_retries=0,
        )
        with pytest.raises(Exception) as caught:  # noqa: PT011 - any escape is checked
            client.tracks.save_download(_track(fake), dest)
    _check(caught.value, fetched, dest)


@pytest.mark.parametrize("location", LOCATIONS)
def test_async_an_unusable_location_is_a_decode_error(location: str, tmp_path: Path) -> None:
    fake = FakeBeatport()
    fetched: list[str] = []
    dest = tmp_path / "track.mp3"

    async def main() -> BaseException:
        async with httpx.AsyncClient(transport=_transport(fake, location, fetched)) as http:
            client = AsyncBeatport(
                fake.client_id,
                base_url=fake.base_url,
                http_client=http,
                token=fake.issue_token()["access_token"],
                max_retries=0,
            )
            with pytest.raises(Exception) as caught:  # noqa: PT011 - any escape is checked
                await client.tracks.save_download(_track(fake), dest)
            return caught.value

    _check(asyncio.run(asyncio.wait_for(main(), 30)), fetched, dest)
