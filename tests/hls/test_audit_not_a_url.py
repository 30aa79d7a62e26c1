"""A ``url`` that is not a URL (no ``scheme://``) is refused without being shown.

It may be a secret pasted in the wrong place (a key, a token, ``user:password``):
the refusal says what is wrong, in both facades, and nothing is fetched or written.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from beatkit.hls import AsyncHLSDownloader, HLSDownloader, InsecureURLError

_SECRETS = ["s3cr3t", "user:hunter2", "00112233445566778899aabbccddeeff", "\ts3cr3t"]


def _never(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"nothing may be fetched: {request.url}")


def _assert_hidden(error: InsecureURLError, argument: str) -> None:
    for text in (str(error), repr(error)):
        assert argument.strip() not in text and "hunter2" not in text, text
    assert str(error).startswith("playlist: refusing a value that is not a URL"), str(error)


@pytest.mark.parametrize("argument", _SECRETS)
def test_sync_download_does_not_show_a_value_that_is_not_a_url(
    tmp_path: Path, argument: str
) -> None:
    client = httpx.Client(transport=httpx.MockTransport(_never))
    with client, pytest.raises(InsecureURLError) as info:
        HLSDownloader(client).download(argument, tmp_path / "out")
    _assert_hidden(info.value, argument)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("argument", _SECRETS)
def test_async_download_does_not_show_a_value_that_is_not_a_url(
    tmp_path: Path, argument: str
) -> None:
    async def main() -> InsecureURLError:
        async with httpx.AsyncClient(transport=httpx.MockTransport(_never)) as client:
            with pytest.raises(InsecureURLError) as info:
                await AsyncHLSDownloader(client).download(argument, tmp_path / "out")
        return info.value

    _assert_hidden(asyncio.run(main()), argument)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("argument", ["", "  "])
def test_an_empty_url_is_said_to_be_empty(tmp_path: Path, argument: str) -> None:
    client = httpx.Client(transport=httpx.MockTransport(_never))
    with client, pytest.raises(InsecureURLError) as info:
        HLSDownloader(client).download(argument, tmp_path / "out")
    assert str(info.value) == (
        "playlist: refusing an empty URL: only https (or loopback http) is fetched"
    )
