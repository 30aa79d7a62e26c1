"""``beatkit hls download`` prints an HLS error's control characters escaped once.

``str()`` of the error escapes them already; the command escapes what it prints
again, which must leave an escape as it is (``\\x1b``, not ``\\\\x1b``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.hls._cli import run

if TYPE_CHECKING:
    from tests.hls.conftest import FakeServer


def test_a_segment_uri_with_control_characters_is_printed_escaped_once(
    server: FakeServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.files["/e/p.m3u8"] = (
        "#EXTM3U\n#EXT-X-TARGETDURATION:5\n#EXTINF:5,\ns\u202e\u2028x.aac\n#EXT-X-ENDLIST\n"
    ).encode()
    code = run("hls", "download", server.url("/e/p.m3u8"), "-o", str(tmp_path / "o"), "--quiet")
    assert code == 1
    err = capsys.readouterr().err
    shown = server.url("/e/s\\u202e\\u2028x.aac")
    assert err == f"beatkit hls: error: segment 0 ({shown}): HTTP 404 for {shown}\n"
    assert list(tmp_path.iterdir()) == []
