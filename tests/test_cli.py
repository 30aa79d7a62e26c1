"""Edges of the ``beatkit`` command shared by every subcommand: Ctrl-C, closed pipes, usage."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

import beatkit.cli.demo
import beatkit.cli.hls
from beatkit.cli import main
from beatkit.errors import AuthenticationError, BeatkitError
from beatkit.hls import DownloadResult

ROOT = Path(__file__).resolve().parent.parent


def _interrupt(*args: object, **kwargs: object) -> int:
    raise KeyboardInterrupt


def _main_catching_interrupt(argv: list[str]) -> int:
    """``main(argv)``, with a KeyboardInterrupt that escapes it failing the test, not the run."""
    try:
        return main(argv)
    except KeyboardInterrupt:
        pytest.fail("KeyboardInterrupt escaped main(): the user sees a traceback")


def test_ctrl_c_in_the_demo_is_one_line_and_status_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(beatkit.cli.demo, "run", _interrupt)
    # 130 = 128 + SIGINT, the status a shell reports for a command stopped by Ctrl-C.
    assert _main_catching_interrupt(["demo"]) == 130
    captured = capsys.readouterr()
    assert captured.err == "beatkit: interrupted\n"
    assert captured.out == ""


def test_ctrl_c_while_inspecting_is_one_line_and_status_130(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(beatkit.cli.hls, "_load", _interrupt)
    assert _main_catching_interrupt(["hls", "inspect", "https://cdn.example/p.m3u8"]) == 130
    assert capsys.readouterr().err == "beatkit: interrupted\n"


def test_ctrl_c_during_a_download_says_nothing_was_written(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(beatkit.cli.hls.HLSDownloader, "download", _interrupt)
    target = tmp_path / "out.ts"
    argv = ["hls", "download", "https://cdn.example/p.m3u8", "-o", str(target)]
    assert _main_catching_interrupt(argv) == 130
    assert capsys.readouterr().err == "beatkit hls: error: interrupted; nothing was written\n"
    assert not target.exists()


def _run_into_closed_pipe(*argv: str) -> subprocess.CompletedProcess[str]:
    """Run ``beatkit ARGV`` with its stdout a pipe whose reader has already gone away."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), *sys.path])}
    try:
        return subprocess.run(
            [sys.executable, "-m", "beatkit", *argv],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            timeout=120,
            check=False,
        )
    finally:
        os.close(write_end)


def test_demo_into_a_closed_pipe_stops_without_a_traceback() -> None:
    # As `beatkit demo | head -1`, with the reader gone before the first write.
    result = _run_into_closed_pipe("demo")
    assert "Traceback" not in result.stderr and "BrokenPipeError" not in result.stderr
    assert result.stderr == ""
    assert result.returncode == 1


def test_usage_errors_go_to_stderr_with_status_2(capsys: pytest.CaptureFixture[str]) -> None:
    for argv in (["nosuch"], ["hls"], ["hls", "nosuch"], ["demo", "extra"]):
        with pytest.raises(SystemExit) as info:
            main(argv)
        assert info.value.code == 2, argv
        captured = capsys.readouterr()
        assert captured.out == "", argv
        assert "usage: beatkit" in captured.err, argv


# Every command's help, as a user would ask for it.
HELP_ARGVS = [
    ["--help"],
    ["demo", "--help"],
    ["hls", "--help"],
    ["hls", "download", "--help"],
    ["hls", "inspect", "--help"],
    ["hls", "decrypt", "--help"],
]


@pytest.mark.parametrize("argv", HELP_ARGVS)
def test_every_help_is_on_stdout_with_status_0(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 0
    captured = capsys.readouterr()
    assert captured.out.startswith(f"usage: beatkit {' '.join(argv[:-1])}".rstrip())
    assert captured.err == ""


def test_python_dash_m_beatkit_is_the_command() -> None:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), *sys.path])}
    result = subprocess.run(
        [sys.executable, "-m", "beatkit", "--version"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"beatkit {beatkit.__version__}\n"


def test_inspecting_a_file_that_is_not_text_names_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    binary = tmp_path / "segment.ts"
    binary.write_bytes(b"#EXTM3U\n\x47\x40\x11\xd0\xff\n")  # a transport stream, not a playlist
    assert main(["hls", "inspect", str(binary)]) == 1
    # The same words as for a playlist URL whose body is not UTF-8.
    assert capsys.readouterr().err == (
        f"beatkit hls: error: playlist {binary} is not UTF-8 text: invalid continuation byte\n"
    )


def test_a_beatkit_error_from_any_command_is_one_line_and_status_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def refused(out: object) -> int:
        raise AuthenticationError("Unauthenticated.", status_code=401, service="beatpass")

    monkeypatch.setattr(beatkit.cli.demo, "run", refused)
    try:
        status = main(["demo"])
    except BeatkitError:
        pytest.fail("a BeatkitError escaped main(): the user sees a traceback")
    assert status == 1
    assert capsys.readouterr().err == "beatkit: error: beatpass 401 Unauthenticated.\n"


def test_the_demo_ignores_credentials_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # A user of the real services has these set; the demo must neither send them to the
    # fakes nor fail on them (a BEATPASS_TOKEN made the fake answer 401).
    user_settings = {
        "BEATCONNECT_API_KEY": "a-real-beatconnect-key",
        "BEATPASS_TOKEN": "12|a-real-beatpass-token",
        "BEATPORT_CLIENT_ID": "a-real-client-id",
        "BEATTECH_TENANT": "another-tenant",
        "BEATTECH_CLIENT_ID": "a-real-beattech-client",
        "BEATTECH_CLIENT_SECRET": "a-real-beattech-secret",
    }
    for name, value in user_settings.items():
        monkeypatch.setenv(name, value)
    out = io.StringIO()
    assert beatkit.cli.demo.run(out) == 0
    text = out.getvalue()
    assert "a write without a token is refused before sending" in text
    assert text.endswith("\nDone.\n")
    assert not [value for value in user_settings.values() if value in text]
    # The user's settings are back once the demo is over.
    assert {name: os.environ.get(name) for name in user_settings} == user_settings


@pytest.mark.parametrize("argv", HELP_ARGVS)
def test_every_help_says_what_the_command_does(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        main(argv)
    # usage, then a description, then the argument sections: not usage straight into them.
    paragraphs = capsys.readouterr().out.split("\n\n")
    assert not paragraphs[1].startswith(("options:", "positional arguments:")), paragraphs[1]


def test_the_demo_help_says_it_is_offline(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["demo", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "nothing leaves this machine" in help_text
    assert "no account" in help_text


def test_inspecting_a_file_larger_than_a_playlist_can_be_is_refused_unread(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A media file named by mistake is refused at the 64 MiB a downloaded playlist may
    # have, not read whole into memory first (a sparse file: nothing is written to disk).
    big = tmp_path / "movie.ts"
    with big.open("wb") as stream:
        stream.write(b"#EXTM3U\n")
        stream.truncate(64 * 1024 * 1024 + 1)
    assert main(["hls", "inspect", str(big)]) == 1
    assert capsys.readouterr().err == (
        f"beatkit hls: error: playlist {big} is larger than 67108864 bytes: "
        "refused, not read (a media file?)\n"
    )


@pytest.mark.parametrize("value", ["1e308", "1.7e308", "8.6e307"])
def test_a_max_segment_size_too_large_to_count_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], value: str
) -> None:
    # Finite in MiB but infinite in bytes: int() of it raised OverflowError, a traceback.
    argv = ["hls", "download", "https://x.example/p", "-o", "o", "--max-segment-mb", value]
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    assert capsys.readouterr().err.strip().splitlines()[-1] == (
        "beatkit hls download: error: argument --max-segment-mb: must be a positive number of MiB"
    )


def _run_with_closed(fd: int, *argv: str) -> subprocess.CompletedProcess[str]:
    """Run ``beatkit ARGV`` started with file descriptor ``fd`` closed (``>&-``, ``2>&-``)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), *sys.path])}
    other = {1: {"stderr": subprocess.PIPE}, 2: {"stdout": subprocess.PIPE}}[fd]
    return subprocess.run(
        [sys.executable, "-m", "beatkit", *argv],
        **other,
        text=True,
        env=env,
        timeout=120,
        check=False,
        # The child starts with the descriptor closed: Python gives it sys.stdout = None.
        preexec_fn=lambda: os.close(fd),
    )


PLAYLIST = "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4,\ns0.ts\n#EXT-X-ENDLIST\n"


def test_a_closed_stdout_discards_the_output_as_print_does(tmp_path: Path) -> None:
    # `beatkit hls inspect FILE >&-`: Python starts with sys.stdout None, which print()
    # takes as "discard"; the command wrote to it and died of an AttributeError.
    playlist = tmp_path / "p.m3u8"
    playlist.write_text(PLAYLIST)
    result = _run_with_closed(1, "hls", "inspect", str(playlist))
    assert result.stderr == ""
    assert result.returncode == 0


def test_a_closed_stderr_does_not_stop_a_download(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # `beatkit hls download URL -o FILE 2>&-` (a cron job, say): sys.stderr is None, and
    # asking it whether it is a terminal for the progress bar raised AttributeError.
    target = tmp_path / "out.ts"

    def download(self: object, url: str, output: str, **kwargs: object) -> object:
        Path(output).write_bytes(b"clear")
        return DownloadResult(Path(output), 1, 5)

    monkeypatch.setattr(beatkit.cli.hls.HLSDownloader, "download", download)
    monkeypatch.setattr(sys, "stderr", None)
    assert main(["hls", "download", "https://cdn.example/p.m3u8", "-o", str(target)]) == 0
    assert target.read_bytes() == b"clear"


@pytest.mark.parametrize("command", ["download", "inspect"])
def test_the_header_help_says_where_the_header_goes(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Headers go to the playlist's origin (scheme, host and port), not to every URL of
    # its host: "own host" said less than the code does, and inspect's help said nothing.
    with pytest.raises(SystemExit):
        main(["hls", command, "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "the playlist's own origin (scheme, host and port)" in help_text
    assert "repeatable" in help_text
