"""``-`` as a file argument of ``beatkit hls``: the usual "standard output/input" is refused
with a usage error instead of becoming a file named ``-`` in the current directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from beatkit.cli import main


@pytest.mark.parametrize(
    "argv",
    [
        ["hls", "download", "http://127.0.0.1:9/p.m3u8", "-o", "-"],
        ["hls", "download", "http://127.0.0.1:9/p.m3u8", "--output=-"],
        ["hls", "decrypt", "in.ts", "-", "--key", "00" * 16, "--iv", "00" * 16],
        ["hls", "decrypt", "-", "out.ts", "--key", "00" * 16, "--iv", "00" * 16],
    ],
)
def test_a_dash_is_a_usage_error_and_creates_no_file(
    argv: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in.ts").write_bytes(bytes(32))
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "'-'" in err and "./-" in err
    assert sorted(path.name for path in tmp_path.iterdir()) == ["in.ts"]


def test_a_file_named_dash_is_still_reachable_as_dot_slash_dash(tmp_path: Path) -> None:
    from beatkit.hls import encrypt_segment

    (tmp_path / "-").write_bytes(encrypt_segment(b"clear", bytes(16), bytes(16)))
    argv = ["hls", "decrypt", str(tmp_path / "-"), str(tmp_path / "out")]
    assert main([*argv, "--key", "00" * 16, "--iv", "00" * 16]) == 0
    assert (tmp_path / "out").read_bytes() == b"clear"
