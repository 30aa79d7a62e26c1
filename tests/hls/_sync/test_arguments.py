# GENERATED from tests/hls/_async/test_arguments.py by scripts/unasync.py: edit the async source.
"""Arguments the downloader can tell are wrong are refused before any request (sync twin generated).

``variant`` was only looked at once a master playlist had been fetched: a typo
(``"bets"``) or a float was silently ignored for a media playlist, and for a master
playlist it failed after the request went out. A playlist listing more segments than
any stream has was parsed whole: 64 MiB of short lines make five million segment
objects, gigabytes of memory.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from beatkit.hls import PlaylistError
from beatkit.hls._sync import download as download_module
from beatkit.hls._sync.download import HLSDownloader

from ._fetching import BASE, media, segments, serving


@pytest.mark.parametrize("variant", ["bets", "BEST", "", -1])
def test_a_variant_no_playlist_can_match_is_a_value_error(
    tmp_path: Path, variant: object
) -> None:
    client, seen = serving({"/p.m3u8": media(*segments(1))})
    with client:
        with pytest.raises(ValueError, match="variant must be"):
            HLSDownloader(client).download(
                f"{BASE}/p.m3u8",
                tmp_path / "out",
                variant=variant,  # type: ignore[arg-type]
            )
    assert seen == []
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("variant", [1.5, True, None, b"best"])
def test_a_variant_of_another_type_is_a_type_error(tmp_path: Path, variant: object) -> None:
    client, seen = serving({"/p.m3u8": media(*segments(1))})
    with client:
        with pytest.raises(TypeError, match="variant must be"):
            HLSDownloader(client).download(
                f"{BASE}/p.m3u8",
                tmp_path / "out",
                variant=variant,  # type: ignore[arg-type]
            )
    assert seen == []


@pytest.mark.parametrize("url", [None, 123, b"https://cdn.test/p.m3u8", ["https://cdn.test/p"]])
def test_a_url_that_is_not_a_str_is_a_type_error(tmp_path: Path, url: object) -> None:
    # It failed inside the URL check: "object of type 'NoneType' has no len()",
    # "'int' object is not subscriptable", an AttributeError for bytes.
    client, seen = serving({"/p.m3u8": media(*segments(1))})
    with client:
        with pytest.raises(TypeError, match=r"^url must be a str, got "):
            HLSDownloader(client).download(url, tmp_path / "out")  # type: ignore[arg-type]
    assert seen == []
    assert list(tmp_path.iterdir()) == []


def test_an_empty_destination_is_a_value_error(tmp_path: Path) -> None:
    client, seen = serving({"/p.m3u8": media(*segments(1))})
    with client:
        with pytest.raises(ValueError, match="empty"):
            HLSDownloader(client).download(f"{BASE}/p.m3u8", "")
    assert seen == []


@pytest.mark.parametrize("variant", ["best", "worst", 0, 128_000])
def test_valid_variants_are_taken(tmp_path: Path, variant: object) -> None:
    client, _ = serving({"/p.m3u8": media(*segments(1)), "/s0.ts": b"x" * 10})
    with client:
        result = HLSDownloader(client).download(
            f"{BASE}/p.m3u8",
            tmp_path / "out",
            variant=variant,  # type: ignore[arg-type]
        )
    assert result.segments == 1


def test_a_playlist_of_too_many_segments_is_refused_before_it_is_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(download_module, "_MAX_SEGMENTS", 3)
    parsed: list[str] = []
    real = download_module.parse_playlist
    monkeypatch.setattr(
        download_module, "parse_playlist", lambda *a, **k: parsed.append("x") or real(*a, **k)
    )
    client, seen = serving({"/p.m3u8": media(*segments(4))})
    with client:
        with pytest.raises(PlaylistError, match="more than 3 segments") as info:
            HLSDownloader(client).download(f"{BASE}/p.m3u8", tmp_path / "out")
    assert "cdn.example/p.m3u8" in str(info.value)
    assert parsed == []
    assert seen == [f"{BASE}/p.m3u8"]
    assert list(tmp_path.iterdir()) == []


def test_a_playlist_of_as_many_segments_as_allowed_is_downloaded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(download_module, "_MAX_SEGMENTS", 3)
    files = {"/p.m3u8": media(*segments(3))} | {f"/s{i}.ts": b"x" for i in range(3)}
    client, _ = serving(files)
    with client:
        result = HLSDownloader(client).download(f"{BASE}/p.m3u8", tmp_path / "out")
    assert result.segments == 3


def test_the_segment_limit_leaves_room_for_long_streams() -> None:
    # A day of one-second segments, with room to spare.
    assert download_module._MAX_SEGMENTS >= 24 * 3600


@pytest.mark.parametrize("timeout", [-1, 0, float("nan"), float("inf")])
def test_a_timeout_no_socket_takes_is_a_value_error(timeout: float) -> None:
    # -1 came out of the first connection as a raw ValueError ("Timeout value out of range").
    with pytest.raises(ValueError, match="timeout must be"):
        HLSDownloader(timeout=timeout)


@pytest.mark.parametrize("timeout", [1e10, 1e300])
def test_a_timeout_past_a_year_is_a_value_error(timeout: float) -> None:
    # 1e10 s came out of the first connection as a bare OverflowError
    # ("timestamp out of range for platform time_t"); clients cap at a year too.
    with pytest.raises(ValueError, match="timeout must be at most"):
        HLSDownloader(timeout=timeout)


@pytest.mark.parametrize("backoff", [-1, float("nan"), float("inf")])
def test_a_retry_backoff_that_is_no_wait_is_a_value_error(backoff: float) -> None:
    with pytest.raises(ValueError, match="retry_backoff must be"):
        HLSDownloader(retry_backoff=backoff)


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"retries": 1.5}, "retries"),
        ({"retries": True}, "retries"),
        ({"timeout": "30"}, "timeout"),
        ({"retry_backoff": None}, "retry_backoff"),
        ({"max_segment_bytes": 1e9}, "max_segment_bytes"),
    ],
)
def test_a_setting_of_another_type_is_a_type_error(kwargs: dict[str, object], name: str) -> None:
    with pytest.raises(TypeError, match=name):
        HLSDownloader(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("concurrency", [2.5, "4", True])
def test_a_concurrency_that_is_not_an_int_is_a_type_error(
    tmp_path: Path, concurrency: object
) -> None:
    client, seen = serving({"/p.m3u8": media(*segments(1))})
    with client:
        with pytest.raises(TypeError, match="concurrency must be an int"):
            HLSDownloader(client).download(
                f"{BASE}/p.m3u8",
                tmp_path / "out",
                concurrency=concurrency,  # type: ignore[arg-type]
            )
    assert seen == []


@pytest.mark.parametrize(
    ("headers", "shown"),
    [
        ([("Authorization", "Bearer s3cret")], "headers must be a mapping"),
        ({"Authorization": b"Bearer s3cret"}, "'Authorization'"),
        ({"X-Count": 1}, "'X-Count'"),
        ({1: "s3cret"}, "header names must be strings"),
    ],
)
def test_headers_of_another_type_are_a_type_error_without_their_value(
    tmp_path: Path, headers: object, shown: str
) -> None:
    client, seen = serving({"/p.m3u8": media(*segments(1))})
    with client:
        with pytest.raises(TypeError) as info:
            HLSDownloader(client).download(
                f"{BASE}/p.m3u8",
                tmp_path / "out",
                headers=headers,  # type: ignore[arg-type]
            )
    assert shown in str(info.value)
    assert "s3cret" not in str(info.value)
    assert seen == []
