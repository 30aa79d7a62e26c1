"""The command line as the quickstart describes it: help, the bare command, usage errors.

"``beatkit --help`` lists the commands and exits with status 0; ``beatkit`` alone prints
the same help on standard output but exits with status 2 ... Any other usage error
prints the usage and one line on stderr, with status 2" (docs/quickstart.md).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from beatkit.cli import main


def _help(capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    return captured.out


def test_beatkit_alone_prints_the_help_on_stdout_with_status_2(
    capsys: pytest.CaptureFixture[str],
) -> None:
    shown = _help(capsys)
    assert "demo" in shown and "hls" in shown
    assert main([]) == 2
    captured = capsys.readouterr()
    assert captured.out == shown
    assert captured.err == ""


@pytest.mark.parametrize("argv", [["hls"], ["demo", "--nosuch"], ["--nosuch"]])
def test_other_usage_errors_print_the_usage_and_one_line_on_stderr(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("usage: beatkit")
    errors = [line for line in captured.err.splitlines() if ": error: " in line]
    assert len(errors) == 1, captured.err


def test_hls_inspect_refuses_a_dash_as_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    # "-" was read as a file of that name: "playlist -: cannot read: No such file or
    # directory" (status 1) for `curl ... | beatkit hls inspect -`, as if stdin were read.
    with pytest.raises(SystemExit) as info:
        main(["hls", "inspect", "-"])
    assert info.value.code == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("usage: beatkit hls inspect")
    assert "'-' (standard input) is not supported" in captured.err
    assert "No such file" not in captured.err


def test_hls_inspect_reads_a_file_called_dash_given_as_dot_slash(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "-").write_text("#EXTM3U\n#EXTINF:4,\nseg0.ts\n#EXT-X-ENDLIST\n")
    monkeypatch.chdir(tmp_path)
    assert main(["hls", "inspect", "./-"]) == 0
    assert "media playlist: 1 segments" in capsys.readouterr().out
