"""A key given as a ``data:`` URI is refused without being quoted: it is the key itself.

Some packagers write the key into the playlist (``URI="data:text/plain;base64,..."``).
beatkit does not take such keys (only http and https URIs), and its refusal quoted the
URI whole: the key's bytes, base64, in the exception, a log line and the output of
``beatkit hls inspect``, which promises never to show key bytes. The scheme is named;
a URI without ``//`` (``data:``, ``urn:``...) is not shown.
"""

from __future__ import annotations

import asyncio
import base64
import logging
from pathlib import Path

import httpx
import pytest

from beatkit.cli import main
from beatkit.hls import AsyncHLSDownloader, HLSDownloader, PlaylistError, parse_playlist

KEY = bytes.fromhex("5ec4e7a1a1a1a1a1a1a1a1a1a1a1a1a1")
B64 = base64.b64encode(KEY).decode()
BASE = "https://cdn.example/p.m3u8"
URIS = [
    f"data:text/plain;base64,{B64}",
    f"data:application/octet-stream;base64,{B64}",
    f"DATA:;base64,{B64}",
    f"urn:key:{KEY.hex()}",
]


def _playlist(uri: str) -> str:
    return (
        "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:5\n"
        f'#EXT-X-KEY:METHOD=AES-128,URI="{uri}"\n#EXTINF:5,\ns0.ts\n#EXT-X-ENDLIST\n'
    )


def _assert_not_shown(text: str) -> None:
    assert B64 not in text and B64[:12] not in text, text
    assert KEY.hex() not in text and KEY.hex()[:12] not in text, text


@pytest.mark.parametrize("uri", URIS)
@pytest.mark.parametrize("base", [BASE, None])
def test_the_parser_names_the_scheme_without_the_key(uri: str, base: str | None) -> None:
    with pytest.raises(PlaylistError, match="unsupported URI scheme") as info:
        parse_playlist(_playlist(uri), base_url=base)
    assert info.value.line == 4
    scheme = uri.split(":", 1)[0].lower()
    assert f"scheme '{scheme}'" in str(info.value)
    for text in (str(info.value), repr(info.value), info.value.reason):
        _assert_not_shown(text)


def test_a_segment_data_uri_is_not_shown_either() -> None:
    text = f"#EXTM3U\n#EXT-X-TARGETDURATION:5\n#EXTINF:5,\ndata:,{B64}\n#EXT-X-ENDLIST\n"
    with pytest.raises(PlaylistError, match="scheme 'data'") as info:
        parse_playlist(text, base_url=BASE)
    _assert_not_shown(str(info.value))


def test_a_hierarchical_uri_is_still_shown_redacted() -> None:
    with pytest.raises(PlaylistError) as info:
        parse_playlist(_playlist("ftp://keys.example/k.key"), base_url=BASE)
    assert "ftp://keys.example/" in str(info.value)


def _serve(request: httpx.Request) -> httpx.Response:
    if request.url.path == "/p.m3u8":
        return httpx.Response(200, content=_playlist(URIS[0]).encode())
    raise AssertionError(f"only the playlist may be fetched: {request.url}")


def test_sync_download_does_not_show_the_key(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    client = httpx.Client(transport=httpx.MockTransport(_serve))
    with client, pytest.raises(PlaylistError) as info:
        HLSDownloader(client).download(BASE, tmp_path / "out")
    _assert_not_shown(str(info.value))
    _assert_not_shown(caplog.text)
    assert list(tmp_path.iterdir()) == []


def test_async_download_does_not_show_the_key(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)

    async def run() -> PlaylistError:
        async with httpx.AsyncClient(transport=httpx.MockTransport(_serve)) as client:
            with pytest.raises(PlaylistError) as info:
                await AsyncHLSDownloader(client).download(BASE, tmp_path / "out")
        return info.value

    _assert_not_shown(str(asyncio.run(run())))
    _assert_not_shown(caplog.text)
    assert list(tmp_path.iterdir()) == []


def test_inspect_does_not_show_the_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "p.m3u8"
    source.write_text(_playlist(URIS[0]), encoding="utf-8")
    for extra in ([], ["--show-secrets"]):
        assert main(["hls", "inspect", str(source), *extra]) == 1
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err.startswith("beatkit hls: error: ") and "scheme 'data'" in captured.err
        _assert_not_shown(captured.err)


@pytest.mark.parametrize(
    "attributes",
    [
        f'METHOD=AES-128,URI="data:;base64,{B64}",FOO',
        f'METHOD=AES-128,,URI="data:text/plain;base64,{B64}"',
        f'METHOD=AES-128,URI="DATA:,{B64}",=x',
    ],
)
def test_a_malformed_key_tag_does_not_quote_its_data_uri(attributes: str) -> None:
    text = (
        "#EXTM3U\n#EXT-X-TARGETDURATION:5\n"
        f"#EXT-X-KEY:{attributes}\n#EXTINF:5,\ns0.ts\n#EXT-X-ENDLIST\n"
    )
    with pytest.raises(PlaylistError, match="malformed attribute list") as info:
        parse_playlist(text, base_url=BASE)
    assert info.value.line == 3
    assert "METHOD=AES-128" in str(info.value)  # the rest of the line is still quoted
    _assert_not_shown(str(info.value))


def test_a_word_ending_in_data_is_quoted_as_written() -> None:
    text = "#EXTM3U\n#EXT-X-TARGETDURATION:5\n#EXT-X-KEY:X-METADATA:abc,=\n"
    with pytest.raises(PlaylistError) as info:
        parse_playlist(text)
    assert str(info.value) == "line 3: malformed attribute list 'X-METADATA:abc,='"
