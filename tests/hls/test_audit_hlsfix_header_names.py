"""A header given to the downloader is refused without showing a name that may be a secret.

``headers={"Authorization: Bearer s3cr3t": ""}`` (a whole header line pasted as the
name) was refused with ``ValueError`` quoting the name, token and all; so was a bad name
whose value is not a string (a ``TypeError`` naming the header). The CLI and
``RequestOptions`` describe such a name by what is wrong and where
(``header_name_problem``); the downloader now does the same, in both facades, before
any request. A value is never shown either.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import httpx
import pytest

from beatkit.hls import AsyncHLSDownloader, HLSDownloader

URL = "https://cdn.example/p.m3u8"
SECRET = "s3cr3t-TOKEN"


def _never(request: httpx.Request) -> httpx.Response:
    raise AssertionError(f"nothing may be fetched: {request.url}")


def _sync(dest: Path, headers: Any) -> None:
    with httpx.Client(transport=httpx.MockTransport(_never)) as client:
        HLSDownloader(client, retries=0).download(URL, dest, headers=headers)


def _async(dest: Path, headers: Any) -> None:
    async def run() -> None:
        async with httpx.AsyncClient(transport=httpx.MockTransport(_never)) as client:
            await AsyncHLSDownloader(client, retries=0).download(URL, dest, headers=headers)

    asyncio.run(run())


FACADES = pytest.mark.parametrize("download", [_sync, _async], ids=["sync", "async"])


@FACADES
@pytest.mark.parametrize(
    "name",
    [
        f"Authorization: Bearer {SECRET}",
        f"X-Tok {SECRET}",
        f"Authorization:{SECRET}",
        f"{SECRET}\r\nX-Injected",
    ],
)
def test_a_name_that_is_not_a_token_is_described_not_quoted(
    download: Any, tmp_path: Path, name: str
) -> None:
    with pytest.raises(ValueError, match=r"^header name \(not shown\) .* at position \d+") as info:
        download(tmp_path / "out", {name: ""})
    assert SECRET not in str(info.value)
    assert list(tmp_path.iterdir()) == []


@FACADES
def test_a_bad_name_with_a_value_that_is_not_a_string_is_not_quoted(
    download: Any, tmp_path: Path
) -> None:
    # The value's type was checked first, and its TypeError named the header whole.
    with pytest.raises((TypeError, ValueError)) as info:
        download(tmp_path / "out", {f"Authorization: Bearer {SECRET}": None})
    assert SECRET not in str(info.value)
    assert list(tmp_path.iterdir()) == []


@FACADES
@pytest.mark.parametrize("value", [f"Bearer {SECRET}\r\n", f"Bearer {SECRET}\n", f" {SECRET}"])
def test_a_value_that_cannot_be_sent_is_not_quoted(
    download: Any, tmp_path: Path, value: str
) -> None:
    with pytest.raises(ValueError, match="the value is not shown") as info:
        download(tmp_path / "out", {"Authorization": value})
    assert SECRET not in str(info.value) and "Authorization" in str(info.value)
    assert list(tmp_path.iterdir()) == []


@FACADES
def test_a_value_that_is_not_a_string_is_named_by_its_type(download: Any, tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="'Authorization' must be a string, got bytes") as info:
        download(tmp_path / "out", {"Authorization": SECRET.encode()})
    assert SECRET not in str(info.value)
