"""Every fetch error says what was being fetched and its URL, redacted (sync twin generated).

The master playlist, a variant, a key, an initialization section or segment 37: a user
reading one line must know which failed. A URL beatkit cannot fetch (a malformed host, an
unsupported scheme, no host) is refused as such, naming it, before anything is written;
never an idna or httpx error text. Served through an httpx.MockTransport: no network.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from beatkit.hls import (
    FetchError,
    InsecureURLError,
    KeyFetchError,
    Progress,
    SegmentError,
)
from beatkit.hls._async.download import AsyncHLSDownloader

from ._fetching import (
    BASE,
    SECRET,
    SEGMENT,
    Handler,
    failing,
    media,
    not_found,
    refuse,
    segments,
    serving,
)

# --- fetch failures: each names what it was fetching, and where ------------------------------


@pytest.mark.parametrize("answer", [refuse, not_found])
async def test_a_failing_master_playlist_is_named_with_its_url(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, answer: Handler
) -> None:
    error, _ = await failing({}, {"/p.m3u8": answer}, tmp_path, caplog)
    assert isinstance(error, FetchError)
    assert str(error).startswith("playlist"), str(error)
    assert f"{BASE}/p.m3u8?token=REDACTED" in str(error)
    assert error.url == f"{BASE}/p.m3u8?token=REDACTED"


@pytest.mark.parametrize("answer", [refuse, not_found])
async def test_a_failing_variant_is_named_with_its_url(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, answer: Handler
) -> None:
    master = f"#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1000\nv/v.m3u8?sig={SECRET}\n".encode()
    error, seen = await failing({"/p.m3u8": master}, {"/v/v.m3u8": answer}, tmp_path, caplog)
    assert isinstance(error, FetchError)
    variant = f"{BASE}/v/v.m3u8?sig=REDACTED"
    assert str(error).startswith("variant playlist"), str(error)
    assert variant in str(error)
    assert error.url == variant
    assert seen[-1] == f"{BASE}/v/v.m3u8?sig={SECRET}"


async def test_a_failing_key_is_named_with_its_url(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    playlist = media(f'#EXT-X-KEY:METHOD=AES-128,URI="k.bin?token={SECRET}"', *segments(1))
    error, _ = await failing({"/p.m3u8": playlist}, {"/k.bin": refuse}, tmp_path, caplog)
    assert isinstance(error, KeyFetchError)
    assert str(error).startswith(f"key {BASE}/k.bin?token=REDACTED "), str(error)
    assert "ConnectError" in str(error)


async def test_a_failing_segment_37_is_named_with_its_url(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    files = {"/p.m3u8": media(*segments(40, f"?hdnts={SECRET}"))}
    files.update({f"/s{i}.ts": SEGMENT for i in range(40) if i != 37})
    error, _ = await failing(files, {"/s37.ts": refuse}, tmp_path, caplog)
    assert isinstance(error, SegmentError)
    assert error.index == 37
    assert str(error).startswith(f"segment 37 ({BASE}/s37.ts?hdnts=REDACTED): "), str(error)
    assert "ConnectError" in str(error)


async def test_a_failing_initialization_section_is_named_with_its_url(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    playlist = media(f'#EXT-X-MAP:URI="init.mp4?sig={SECRET}"', *segments(1))
    error, _ = await failing(
        {"/p.m3u8": playlist, "/s0.ts": SEGMENT}, {"/init.mp4": not_found}, tmp_path, caplog
    )
    assert isinstance(error, SegmentError)
    assert str(error).startswith(f"initialization section ({BASE}/init.mp4?sig=REDACTED): ")


async def test_a_redirect_refused_for_a_segment_names_the_segment(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    def downgrade(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": f"http://cdn.example/s1.ts?sig={SECRET}"})

    files = {"/p.m3u8": media(*segments(2)), "/s0.ts": SEGMENT}
    error, _ = await failing(files, {"/s1.ts": downgrade}, tmp_path, caplog)
    assert isinstance(error, InsecureURLError)
    assert str(error).startswith("segment 1 ("), str(error)
    assert "downgrade" in str(error)


# --- atomic output ---------------------------------------------------------------------------


async def test_a_failure_on_segment_n_leaves_the_old_file_and_no_partial_one(
    tmp_path: Path,
) -> None:
    # Segments 0-3 are fetched and written (to the temporary file) before segment 4
    # fails: the destination keeps its old content, and no partial file is left.
    dest = tmp_path / "out.aac"
    dest.write_bytes(b"the previous download")
    files = {"/p.m3u8": media(*segments(6))}
    files.update({f"/s{i}.ts": SEGMENT for i in range(6) if i != 4})
    client, _ = serving(files)
    reports: list[Progress] = []
    async with client:
        downloader = AsyncHLSDownloader(client, retries=0, retry_backoff=0)
        with pytest.raises(SegmentError) as info:
            await downloader.download(
                f"{BASE}/p.m3u8", dest, concurrency=1, progress=reports.append
            )
    assert info.value.index == 4
    assert [r.segments_done for r in reports] == [1, 2, 3, 4]
    assert dest.read_bytes() == b"the previous download"
    assert [p.name for p in tmp_path.iterdir()] == ["out.aac"]
