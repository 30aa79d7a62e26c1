"""A file name holding a NUL character, given to :func:`beatkit.cli.main` by a program.

No command line can hold one (a shell's arguments end at NUL), but a program calling
``main(argv)`` can: ``--key-file`` then ended in a ``ValueError: embedded null byte``
traceback, and ``--header @FILE`` in a status 1 where any other unreadable file is a
usage error (status 2).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from beatkit.cli import main

KEY = bytes(range(16)).hex()


def test_a_key_file_name_with_a_nul_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.ts"
    source.write_bytes(bytes(32))
    argv = ["hls", "decrypt", str(source), str(tmp_path / "out.ts")]
    with pytest.raises(SystemExit) as info:
        main([*argv, "--key-file", "k\x00ey", "--iv", KEY])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "argument --key-file: " in err
    assert "cannot read: a NUL character in the name" in err
    assert "\x00" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.ts"]


@pytest.mark.parametrize("command", ["download", "inspect"])
def test_a_headers_file_name_with_a_nul_is_a_usage_error(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url = "https://cdn.example/p.m3u8"
    argv = ["hls", "download", url, "-o", str(tmp_path / "o.ts")]
    if command == "inspect":
        argv = ["hls", "inspect", url]
    with pytest.raises(SystemExit) as info:
        main([*argv, "--header", "@head\x00ers"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "argument --header: @" in err
    assert "cannot read: a NUL character in the name" in err
    assert "\x00" not in err
    assert list(tmp_path.iterdir()) == []
