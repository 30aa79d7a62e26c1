"""``beatkit hls inspect FILE`` refuses a file of too many key tags or variants, as a
download refuses such a playlist URL (see ``beatkit.hls._plan.too_many_entries``).

Only ``#EXTINF`` lines were counted for a file: 64 MiB of ``#EXT-X-KEY`` lines, each
kept by the parser with its URI, took far more memory than the segment limit allows.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from beatkit.cli import hls as cli_hls
from tests.hls._cli import run


@pytest.mark.parametrize(
    ("line", "count", "what"),
    [
        ('#EXT-X-KEY:METHOD=AES-128,URI="k"\n', 7, "more than 6 EXT-X-KEY tags"),
        ("#EXT-X-STREAM-INF:BANDWIDTH=1\nv.m3u8\n", 4, "more than 3 variants and renditions"),
    ],
)
def test_inspect_of_a_file_of_too_many_entries_refuses_it_as_for_a_url(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    line: str,
    count: int,
    what: str,
) -> None:
    monkeypatch.setattr(cli_hls, "_MAX_SEGMENTS", 3)
    path = tmp_path / "p.m3u8"
    path.write_text("#EXTM3U\n" + line * count + "#EXTINF:5,\ns.ts\n#EXT-X-ENDLIST\n")
    assert run("hls", "inspect", str(path)) == 1
    assert capsys.readouterr().err == f"beatkit hls: error: playlist {path} lists {what}: refused\n"
