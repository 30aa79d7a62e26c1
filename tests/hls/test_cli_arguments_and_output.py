"""``beatkit hls``: refused arguments, the progress bar on a terminal, and what inspect prints."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.hls._cli import run

if TYPE_CHECKING:
    from tests.hls.conftest import FakeServer


class _Terminal(io.StringIO):
    """A stderr that says it is a terminal, as an interactive shell's is."""

    def isatty(self) -> bool:
        return True


def _usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as exit_info:
        run(*argv)
    assert exit_info.value.code == 2
    return capsys.readouterr().err.strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("four", "argument --concurrency: not an integer: 'four'"),
        ("2.5", "argument --concurrency: not an integer: '2.5'"),
        ("0", "argument --concurrency: must be at least 1"),
    ],
)
def test_concurrency_must_be_a_positive_integer(
    capsys: pytest.CaptureFixture[str], value: str, message: str
) -> None:
    argv = ("hls", "download", "https://x.example/p", "-o", "o", "--concurrency", value)
    assert _usage_error(capsys, *argv) == f"beatkit hls download: error: {message}"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("lots", "argument --max-segment-mb: not a number: 'lots'"),
        ("0", "argument --max-segment-mb: must be a positive number of MiB"),
        ("-1", "argument --max-segment-mb: must be a positive number of MiB"),
        ("nan", "argument --max-segment-mb: must be a positive number of MiB"),
        ("inf", "argument --max-segment-mb: must be a positive number of MiB"),
    ],
)
def test_max_segment_mb_must_be_a_positive_finite_number(
    capsys: pytest.CaptureFixture[str], value: str, message: str
) -> None:
    argv = ("hls", "download", "https://x.example/p", "-o", "o", "--max-segment-mb", value)
    assert _usage_error(capsys, *argv) == f"beatkit hls download: error: {message}"


@pytest.mark.parametrize("value", ["²", "٣٠٠", "-5", "1e5"])
def test_variant_bandwidth_must_be_ascii_digits(
    capsys: pytest.CaptureFixture[str], value: str
) -> None:
    # str.isdigit() takes "²" (which int() refuses) and Arabic-Indic digits (which int()
    # reads): neither is a BANDWIDTH as a playlist writes it.
    argv = ("hls", "download", "https://x.example/p", "-o", "o", "--variant", value)
    assert _usage_error(capsys, *argv) == (
        "beatkit hls download: error: argument --variant: "
        "expected best, worst or a BANDWIDTH number"
    )


def test_variant_by_bandwidth_downloads_that_variant(server: FakeServer, tmp_path: Path) -> None:
    low = server.add_stream("/lo", [os.urandom(300) for _ in range(2)])
    server.add_stream("/hi", [os.urandom(300) for _ in range(2)])
    server.files["/m.m3u8"] = (
        b"#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=64000\nlo/p.m3u8\n"
        b"#EXT-X-STREAM-INF:BANDWIDTH=256000\nhi/p.m3u8\n"
    )
    dest = tmp_path / "out.aac"
    argv = ("hls", "download", server.url("/m.m3u8"), "-o", str(dest), "--quiet")
    assert run(*argv, "--variant", "64000") == 0
    assert dest.read_bytes() == low
    assert server.count("/hi/p.m3u8") == 0


def test_progress_bar_on_a_terminal_ends_with_a_newline(
    server: FakeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    chunks = [os.urandom(400) for _ in range(3)]
    server.add_stream("/d", chunks)
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    dest = tmp_path / "out.aac"
    assert run("hls", "download", server.url("/d/p.m3u8"), "-o", str(dest)) == 0
    text = terminal.getvalue()
    # Redrawn in place (\r), the last drawing complete, then a line break before the summary.
    assert text.startswith("\r[")
    last_bar, summary = text.rsplit("\r", 1)[1].split("\n", 1)
    assert last_bar == f"[{'#' * 30}] 3/3 segments, 0.0 MB"
    assert summary == f"wrote {dest} (3 segments, 1200 bytes)\n"


def test_progress_bar_is_ended_before_the_error_line(
    server: FakeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.add_stream("/d", [os.urandom(400) for _ in range(3)])
    server.fail_always["/d/s2.aac"] = 404
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    argv = ("hls", "download", server.url("/d/p.m3u8"), "-o", str(tmp_path / "o"), "--quiet")
    # --quiet: no bar at all, the error alone.
    assert run(*argv) == 1
    assert terminal.getvalue().startswith("beatkit hls: error: segment 2 (")
    terminal.seek(0)
    terminal.truncate()
    assert run(*argv[:-1], "--concurrency", "1") == 1
    text = terminal.getvalue()
    bar, error = text.rsplit("\r", 1)[1].split("\n", 1)
    assert bar.startswith("[") and bar.endswith(" segments, 0.0 MB")
    assert error.startswith("beatkit hls: error: segment 2 (")
    assert error.count("\n") == 1


def test_progress_bar_draws_nothing_when_nothing_was_fetched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert run("hls", "download", "http://example.com/p.m3u8", "-o", str(tmp_path / "o")) == 1
    # No bar was drawn, so none is ended: the error is the first and only line.
    assert terminal.getvalue() == (
        "beatkit hls: error: playlist: refusing plain http URL http://example.com/p.m3u8: "
        "only https (or loopback http)\n"
    )


def test_inspect_master_shows_resolutions_and_renditions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    master = tmp_path / "master.m3u8"
    master.write_text(
        "#EXTM3U\n"
        '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="English",URI="en/p.m3u8"\n'
        '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="Main"\n'
        '#EXT-X-STREAM-INF:BANDWIDTH=800000,RESOLUTION=1280x720,AUDIO="aud"\nhd.m3u8\n'
    )
    assert run("hls", "inspect", str(master)) == 0
    assert capsys.readouterr().out.splitlines() == [
        "master playlist: 1 variants",
        "  BANDWIDTH=800000 resolution=1280x720  hd.m3u8",
        "  media AUDIO group=aud name=English  en/p.m3u8",
        "  media AUDIO group=aud name=Main  -",
    ]


def test_inspect_shows_each_init_section_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    playlist = tmp_path / "p.m3u8"
    playlist.write_text(
        "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:4\n"
        '#EXT-X-MAP:URI="init.mp4",BYTERANGE="720@0"\n'
        "#EXTINF:4.0,\ns0.m4s\n#EXTINF:4.0,\ns1.m4s\n"
        '#EXT-X-MAP:URI="init2.mp4"\n'
        "#EXTINF:4.0,\ns2.m4s\n#EXT-X-ENDLIST\n"
    )
    assert run("hls", "inspect", str(playlist)) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line for line in lines if line.startswith("  init")] == [
        "  init  init.mp4 [720@0]  IV=-",
        "  init  init2.mp4  IV=-",
    ]
    assert lines.index("  init  init2.mp4  IV=-") == len(lines) - 2


@pytest.mark.parametrize("flag", ["--key", "--iv"])
def test_decrypt_refuses_a_key_or_iv_that_is_not_hex_without_showing_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], flag: str
) -> None:
    source = tmp_path / "in.ts"
    source.write_bytes(bytes(32))
    good = "00" * 16
    secret = "zz" + "ab" * 15
    values = {"--key": good, "--iv": good, flag: secret}
    argv = ("hls", "decrypt", str(source), str(tmp_path / "out"), "--key", values["--key"])
    assert run(*argv, "--iv", values["--iv"]) == 1
    err = capsys.readouterr().err
    assert err == f"beatkit hls: error: {flag} is not hexadecimal\n"
    assert not (tmp_path / "out").exists()


_SIGNED_MEDIA = (
    "#EXTM3U\n#EXT-X-TARGETDURATION:10\n"
    '#EXT-X-KEY:METHOD=AES-128,URI="https://keys.example/k?token=KEYTOKEN1234",'
    "IV=0x00000000000000000000000000000001\n"
    '#EXT-X-MAP:URI="init.mp4?Signature=INITSIG1234"\n'
    "#EXTINF:10.0,\nhttps://cdn.example/s0.ts?Policy=POLICY1234&Signature=SEGSIG1234\n"
    "#EXTINF:10.0,\ns1.ts?X-Amz-Signature=AMZSIG1234&X-Amz-Credential=AMZCRED1234\n"
    "#EXT-X-ENDLIST\n"
)
_SIGNED_MASTER = (
    "#EXTM3U\n"
    '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="en",URI="en.m3u8?hdnts=RENDTOKEN1234"\n'
    "#EXT-X-STREAM-INF:BANDWIDTH=128000\nlo.m3u8?token=VARIANTTOKEN1234\n"
)
_SECRETS = (
    "KEYTOKEN1234",
    "INITSIG1234",
    "POLICY1234",
    "SEGSIG1234",
    "AMZSIG1234",
    "AMZCRED1234",
    "RENDTOKEN1234",
    "VARIANTTOKEN1234",
)


@pytest.mark.parametrize("text", [_SIGNED_MEDIA, _SIGNED_MASTER], ids=["media", "master"])
def test_inspect_masks_signed_uris_by_default(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    # A signed URL's query is a credential: inspect's output ends up in terminals,
    # pasted issues and CI logs, so it is masked as beatkit's log lines mask it.
    playlist = tmp_path / "p.m3u8"
    playlist.write_text(text)
    assert run("hls", "inspect", str(playlist)) == 0
    out = capsys.readouterr().out
    assert not [secret for secret in _SECRETS if secret in out]
    assert "REDACTED" in out


def test_inspect_masked_output_keeps_the_rest_of_each_uri(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    playlist = tmp_path / "p.m3u8"
    playlist.write_text(_SIGNED_MEDIA)
    assert run("hls", "inspect", str(playlist)) == 0
    out = capsys.readouterr().out
    assert "URI=https://keys.example/k?token=REDACTED " in out
    assert "https://cdn.example/s0.ts?Policy=REDACTED&Signature=REDACTED" in out
    assert "s1.ts?X-Amz-Signature=REDACTED&X-Amz-Credential=REDACTED" in out
    assert "  init  init.mp4?Signature=REDACTED" in out


@pytest.mark.parametrize("text", [_SIGNED_MEDIA, _SIGNED_MASTER], ids=["media", "master"])
def test_inspect_show_secrets_prints_uris_as_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    playlist = tmp_path / "p.m3u8"
    playlist.write_text(text)
    assert run("hls", "inspect", "--show-secrets", str(playlist)) == 0
    out = capsys.readouterr().out
    assert [secret for secret in _SECRETS if secret in out] == [
        secret for secret in _SECRETS if secret in text
    ]
    assert "REDACTED" not in out


def test_inspect_help_says_uris_are_masked(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        run("hls", "inspect", "--help")
    assert "--show-secrets" in " ".join(capsys.readouterr().out.split())


def test_inspect_masks_a_signature_path_segment_but_keeps_the_key_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Beatport's key URIs: the "{timestamp}_{hash}" segment is the credential.
    key = "https://needledrop.example/1769684486_a1b2c3d4e5f6a7b8/db/25/u-1.128k.aac.key?start=0"
    playlist = tmp_path / "p.m3u8"
    playlist.write_text(
        f'#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI="{key}"\n#EXTINF:1,\ns0.aac\n#EXT-X-ENDLIST\n'
    )
    assert run("hls", "inspect", str(playlist)) == 0
    out = capsys.readouterr().out
    assert "a1b2c3d4e5f6a7b8" not in out
    assert "https://needledrop.example/REDACTED/db/25/u-1.128k.aac.key?start=0" in out


@pytest.mark.parametrize(
    "argv",
    [
        ("hls", "inspect", ""),
        ("hls", "download", "https://cdn.example/p.m3u8", "-o", ""),
        ("hls", "decrypt", "", "out", "--key", "00" * 16, "--iv", "00" * 16),
        ("hls", "decrypt", "in", "", "--key", "00" * 16, "--iv", "00" * 16),
    ],
)
def test_an_empty_file_name_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], argv: tuple[str, ...]
) -> None:
    # An empty name is the current directory to pathlib: the error then spoke of ".",
    # a directory the user never named.
    assert "empty" in _usage_error(capsys, *argv)


@pytest.mark.parametrize(("command", "option"), [("download", "-o FILE"), ("decrypt", "OUT")])
def test_the_help_says_an_existing_output_is_replaced_only_when_complete(
    command: str, option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    # Neither help said what becomes of a file already at the output path.
    from beatkit.cli import main

    with pytest.raises(SystemExit):
        main(["hls", command, "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "an existing file is replaced, once the new one is complete" in help_text, option


def test_download_help_gives_every_default_the_same_way(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # "(4)" and "(256)" beside "(default: best)": three options, two notations.
    from beatkit.cli import main

    with pytest.raises(SystemExit):
        main(["hls", "download", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    for default in ("(default: 4)", "(default: best)", "(default: 256)"):
        assert default in help_text


def test_decrypt_replaces_an_existing_output_only_when_it_succeeds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from beatkit.hls import encrypt_segment
    from tests.hls._cli import IV, KEY

    source = tmp_path / "in.ts"
    source.write_bytes(encrypt_segment(b"clear audio", KEY, IV))
    target = tmp_path / "out.ts"
    target.write_bytes(b"old")
    wrong = bytes(16).hex()
    assert run("hls", "decrypt", str(source), str(target), "--key", wrong, "--iv", IV.hex()) == 1
    assert target.read_bytes() == b"old"
    assert (
        run("hls", "decrypt", str(source), str(target), "--key", KEY.hex(), "--iv", IV.hex()) == 0
    )
    assert target.read_bytes() == b"clear audio"
    capsys.readouterr()


def test_decrypt_may_write_over_its_own_input(tmp_path: Path) -> None:
    # As docs/hls.md says: the input is read whole before the output replaces it.
    from beatkit.hls import encrypt_segment
    from tests.hls._cli import IV, KEY

    segment = tmp_path / "seg.ts"
    segment.write_bytes(encrypt_segment(b"clear audio" * 1000, KEY, IV))
    assert (
        run("hls", "decrypt", str(segment), str(segment), "--key", KEY.hex(), "--iv", IV.hex()) == 0
    )
    assert segment.read_bytes() == b"clear audio" * 1000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["seg.ts"]


def test_a_segment_over_the_limit_names_the_option_that_raises_it(
    server: FakeServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The library's message names its parameter, max_segment_bytes, which the command
    # line does not have: the user is pointed at --max-segment-mb instead.
    server.add_stream("/big", [os.urandom(500)])
    dest = tmp_path / "out.aac"
    argv = ["hls", "download", server.url("/big/p.m3u8"), "-o", str(dest)]
    assert run(*argv, "--max-segment-mb", "0.0001", "--quiet") == 1
    err = capsys.readouterr().err
    assert "larger than the 104-byte limit" in err
    assert err.rstrip().endswith("raise --max-segment-mb if it is meant to be")
    assert "max_segment_bytes" not in err
    assert not dest.exists()


def test_inspect_escapes_terminal_control_characters_from_the_playlist(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A playlist is remote text: printed raw, "\x1b]0;...\x07" retitled the user's
    # terminal, "\x1b[2J" cleared it, "\x1b]52;..." can write the clipboard, and
    # "\u202e" reverses what follows. Each is shown as its escape, as errors show them.
    playlist = tmp_path / "p.m3u8"
    playlist.write_text(
        "#EXTM3U\n#EXT-X-TARGETDURATION:4\n"
        '#EXT-X-KEY:METHOD=AES-128,URI="k\x1b]0;title\x07.key"\n'
        "#EXTINF:4,\ns0\x1b[2J\u202ests.ts\n#EXT-X-ENDLIST\n",
        encoding="utf-8",
    )
    master = tmp_path / "m.m3u8"
    master.write_text(
        '#EXTM3U\n#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a\x1b[31m",NAME="n\x9b2J",URI="a\x08.m3u8"\n'
        '#EXT-X-STREAM-INF:BANDWIDTH=1,CODECS="c\x1b[1m"\nlo\x7f.m3u8\n',
        encoding="utf-8",
    )
    for argv in ([str(playlist)], [str(master)], ["--show-secrets", str(playlist)]):
        assert run("hls", "inspect", *argv) == 0
        out = capsys.readouterr().out
        controls = [c for c in out if c != "\n" and (c < " " or "\x7f" <= c <= "\x9f")]
        assert controls == [], argv
        assert "\u202e" not in out
    assert run("hls", "inspect", "--show-secrets", str(playlist)) == 0
    out = capsys.readouterr().out
    assert "k\\x1b]0;title\\x07.key" in out
    assert "s0\\x1b[2J\\u202ests.ts" in out


def test_a_concurrency_too_long_to_read_is_said_to_be_too_large(
    capsys: pytest.CaptureFixture[str],
) -> None:
    # int() refuses more than 4300 digits: the error called the number "not an integer".
    argv = ("hls", "download", "https://x.example/p", "-o", "o", "--concurrency", "9" * 5000)
    assert _usage_error(capsys, *argv) == (
        "beatkit hls download: error: argument --concurrency: an integer too long to read"
    )
