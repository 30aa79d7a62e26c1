"""EXTINF durations that are each finite but add up past the largest float.

``MediaPlaylist.duration`` raised ``OverflowError`` (from ``math.fsum``) for a playlist the
parser had accepted, and ``beatkit hls inspect`` of it ended in a traceback. Such a
playlist is refused when parsed, as one infinite EXTINF is.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from beatkit.cli import main
from beatkit.hls import MediaPlaylist, PlaylistError, parse_playlist

HEAD = "#EXTM3U\n#EXT-X-TARGETDURATION:5\n"
HUGE = "1" + "0" * 308  # 1e308: finite, and twice it is not


def text(*durations: str) -> str:
    body = "".join(f"#EXTINF:{d},\ns{i}.ts\n" for i, d in enumerate(durations))
    return HEAD + body + "#EXT-X-ENDLIST\n"


def test_durations_adding_up_past_the_largest_float_are_refused() -> None:
    with pytest.raises(PlaylistError, match="EXTINF durations add up to more than") as caught:
        parse_playlist(text(HUGE, HUGE))
    assert caught.value.line is None


def test_large_durations_with_a_finite_sum_still_parse() -> None:
    playlist = parse_playlist(text(HUGE, "5.0", "1" + "0" * 307))
    assert isinstance(playlist, MediaPlaylist)
    assert playlist.duration == pytest.approx(1.1e308)


def test_inspect_of_such_a_playlist_is_one_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "p.m3u8"
    source.write_text(text(HUGE, HUGE))
    assert main(["hls", "inspect", str(source)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("beatkit hls: error: the EXTINF durations add up")
    assert captured.err.count("\n") == 1
