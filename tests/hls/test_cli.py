"""Tests of ``beatkit hls``, run in-process through an argparse parser."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from beatkit._core.redact import redact_url
from beatkit.cli import hls as cli_hls
from beatkit.hls import encrypt_segment
from tests.hls._cli import IV, KEY, run

if TYPE_CHECKING:
    from tests.hls.conftest import FakeServer


def test_download(server: FakeServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    expected = server.add_stream("/d", [os.urandom(500) for _ in range(3)])
    dest = tmp_path / "out.aac"
    code = run(
        "hls", "download", server.url("/d/p.m3u8"), "-o", str(dest),
        "--concurrency", "2", "--header", "Authorization: Bearer t", "--variant", "best",
    )  # fmt: skip
    assert code == 0
    assert dest.read_bytes() == expected
    assert "3 segments" in capsys.readouterr().err
    assert server.requests[0].headers["authorization"] == "Bearer t"


def test_download_failure_is_one_line(
    server: FakeServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.add_stream("/d", [os.urandom(500) for _ in range(3)])
    server.fail_always["/d/s1.aac"] = 404
    code = run("hls", "download", server.url("/d/p.m3u8"), "-o", str(tmp_path / "o"), "--quiet")
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("beatkit hls: error: segment 1 (")
    assert err.count("\n") == 1
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_download_bad_header(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = run("hls", "download", "https://x.example/p", "-o", str(tmp_path / "o"), "--header", "x")
    assert code == 1
    assert "Name: value" in capsys.readouterr().err


def test_download_refuses_plain_http(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("hls", "download", "http://example.com/p.m3u8", "-o", str(tmp_path / "o")) == 1
    assert "only https" in capsys.readouterr().err


def test_inspect_url(server: FakeServer, capsys: pytest.CaptureFixture[str]) -> None:
    key = b"\x42" * 16
    server.add_stream("/i", [os.urandom(100) for _ in range(2)], keys=[key])
    assert run("hls", "inspect", server.url("/i/p.m3u8")) == 0
    out = capsys.readouterr().out
    assert "media playlist: 2 segments" in out
    assert server.url("/i/k0.key?start=0&end=1000") in out
    assert "IV=0x" in out
    assert key.hex() not in out
    assert server.count("/i/k0.key") == 0  # inspect never fetches keys


def test_inspect_file_and_master(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    master = tmp_path / "master.m3u8"
    master.write_text(
        '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=128000,CODECS="mp4a.40.2"\nlo.m3u8\n'
        "#EXT-X-STREAM-INF:BANDWIDTH=256000\nhi.m3u8\n"
    )
    assert run("hls", "inspect", str(master)) == 0
    out = capsys.readouterr().out
    assert "2 variants" in out
    assert out.index("256000") < out.index("128000")
    media = tmp_path / "media.m3u8"
    media.write_text(
        '#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI="k.key",IV=0x000102030405060708090a0b0c0d0e0f\n'
        "#EXTINF:1,\n#EXT-X-BYTERANGE:32@0\nall.ts\n"
    )
    assert run("hls", "inspect", str(media)) == 0
    out = capsys.readouterr().out
    assert "[32@0]" in out
    assert "live" in out


def test_inspect_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.m3u8"
    bad.write_text('#EXTM3U\n#EXT-X-KEY:METHOD=SAMPLE-AES,URI="skd://k"\n')
    assert run("hls", "inspect", str(bad)) == 1
    assert "line 2" in capsys.readouterr().err
    assert run("hls", "inspect", str(tmp_path / "missing.m3u8")) == 1


def test_decrypt(tmp_path: Path) -> None:
    clear = os.urandom(1000)
    source = tmp_path / "in.aac"
    source.write_bytes(encrypt_segment(clear, KEY, IV))
    target = tmp_path / "out.aac"
    assert (
        run("hls", "decrypt", str(source), str(target), "--key", KEY.hex(), "--iv", "0x" + IV.hex())
        == 0
    )
    assert target.read_bytes() == clear


def test_decrypt_errors_never_echo_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "in.aac"
    source.write_bytes(encrypt_segment(b"x" * 100, KEY, IV))
    target = tmp_path / "out.aac"
    long_key = KEY.hex() + "ab"
    assert run("hls", "decrypt", str(source), str(target), "--key", long_key, "--iv", IV.hex()) == 1
    err = capsys.readouterr().err
    assert KEY.hex() not in err
    assert "32 hex digits" in err
    wrong = bytes(16).hex()
    assert run("hls", "decrypt", str(source), str(target), "--key", wrong, "--iv", IV.hex()) == 1
    assert "padding" in capsys.readouterr().err
    assert not target.exists()


def test_bad_arguments_exit_2() -> None:
    with pytest.raises(SystemExit) as info:
        run("hls", "download", "https://x.example/p", "-o", "o", "--concurrency", "0")
    assert info.value.code == 2
    with pytest.raises(SystemExit):
        run("hls", "download", "https://x.example/p", "-o", "o", "--variant", "middle")


@pytest.mark.parametrize("path", ["/g/p.m3u8", "/g/s1.aac", "/g/k0.key"])
def test_download_of_a_body_that_is_not_its_content_encoding_is_one_line(
    server: FakeServer, tmp_path: Path, capsys: pytest.CaptureFixture[str], path: str
) -> None:
    server.add_stream("/g", [os.urandom(500) for _ in range(3)])
    server.extra_headers[path] = {"Content-Encoding": "gzip"}  # the bytes are not gzip
    code = run("hls", "download", server.url("/g/p.m3u8"), "-o", str(tmp_path / "o"), "--quiet")
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith("beatkit hls: error: ")
    assert err.count("\n") == 1
    assert "Traceback" not in err and "Content-Encoding (gzip)" in err
    # Named, with a key's file name redacted like every key URI in an error message.
    assert redact_url(server.url(path)) in err
    if not path.endswith(".key"):  # (segments sharing a key each ask for it until it arrives)
        assert server.count(path) == 1  # not retried: the server keeps mislabelling
    assert list(tmp_path.iterdir()) == []


def test_inspect_of_a_body_that_is_not_its_content_encoding_is_one_line(
    server: FakeServer, capsys: pytest.CaptureFixture[str]
) -> None:
    server.add_stream("/h", [os.urandom(100)])
    server.extra_headers["/h/p.m3u8"] = {"Content-Encoding": "gzip"}
    assert run("hls", "inspect", server.url("/h/p.m3u8")) == 1
    err = capsys.readouterr().err
    assert err.startswith("beatkit hls: error: ") and err.count("\n") == 1
    assert "Content-Encoding" in err


def test_inspect_follows_redirects_like_download(
    server: FakeServer, other_server: FakeServer, capsys: pytest.CaptureFixture[str]
) -> None:
    other_server.add_stream("/i", [os.urandom(100) for _ in range(2)])
    server.redirects["/short.m3u8"] = other_server.url("/i/p.m3u8")
    code = run("hls", "inspect", server.url("/short.m3u8"), "--header", "Authorization: Bearer t")
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "media playlist: 2 segments" in captured.out
    # Relative URIs resolve against the final URL, as a download resolves them.
    assert other_server.url("/i/s0.aac?start=0&end=1000") in captured.out
    assert server.requests[0].headers["authorization"] == "Bearer t"
    assert "authorization" not in other_server.requests[0].headers  # another origin


def test_inspect_into_a_pipe_closed_early_stops_without_a_traceback(tmp_path: Path) -> None:
    lines = ["#EXTM3U", "#EXT-X-TARGETDURATION:5"]
    for index in range(20_000):  # about 1 MB of output: far more than a pipe buffer
        lines += ["#EXTINF:5,", f"s{index}.ts"]
    playlist = tmp_path / "long.m3u8"
    playlist.write_text("\n".join([*lines, "#EXT-X-ENDLIST"]) + "\n")
    code = "import sys; from beatkit.cli import main; sys.exit(main(sys.argv[1:]))"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    # As `beatkit hls inspect long.m3u8 | head -1`: the reader goes away after one line.
    with subprocess.Popen(
        [sys.executable, "-c", code, "hls", "inspect", str(playlist)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        assert process.stdout.readline().startswith(b"media playlist: 20000 segments")
        process.stdout.close()
        err = process.stderr.read().decode()
        status = process.wait(timeout=60)
    assert "Traceback" not in err and "BrokenPipeError" not in err, err
    assert err == ""
    assert status == 1


def test_inspect_says_a_playlist_is_i_frames_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # `download` refuses such a playlist; `inspect` shows it and says what it is.
    media = tmp_path / "iframes.m3u8"
    media.write_text(
        "#EXTM3U\n#EXT-X-I-FRAMES-ONLY\n#EXTINF:1,\n#EXT-X-BYTERANGE:188@0\nall.ts\n"
        "#EXT-X-ENDLIST\n"
    )
    assert run("hls", "inspect", str(media)) == 0
    assert "I-frames only" in capsys.readouterr().out


def test_download_with_a_segment_limit(
    server: FakeServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.files["/lim/s0.ts"] = b"x" * 5000
    server.files["/lim/p.m3u8"] = b"#EXTM3U\n#EXTINF:5,\ns0.ts\n#EXT-X-ENDLIST\n"
    out = tmp_path / "o.ts"
    url = server.url("/lim/p.m3u8")
    assert run("hls", "download", url, "-o", str(out), "--max-segment-mb", "0.001") == 1
    assert "limit" in capsys.readouterr().err
    assert not out.exists()
    assert run("hls", "download", url, "-o", str(out), "--quiet") == 0
    assert out.read_bytes() == b"x" * 5000


def test_download_of_a_missing_playlist_names_it_with_its_url_redacted(
    server: FakeServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Regression: a connection failure or a 404 did not say which fetch failed.
    url = server.url("/nope/p.m3u8?token=S3CRETs1gnature")
    assert run("hls", "download", url, "-o", str(tmp_path / "o"), "--quiet") == 1
    err = capsys.readouterr().err
    assert err == f"beatkit hls: error: playlist: HTTP 404 for {redact_url(url)}\n"
    assert "S3CRET" not in err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("host", ["a..b", "xn--"])
@pytest.mark.parametrize("command", ["download", "inspect"])
def test_a_malformed_host_is_one_line_naming_the_url_redacted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], host: str, command: str
) -> None:
    # Regression: "encoding with 'idna' codec failed (UnicodeError: label empty or too
    # long)" or "Malformed A-label, no Punycode eligible content found", naming no URL.
    # Both failed before any DNS lookup; now no request is made at all.
    url = f"https://{host}/p.m3u8?token=S3CRETs1gnature"
    extra = ["-o", str(tmp_path / "o")] if command == "download" else []
    assert run("hls", command, url, *extra) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"beatkit hls: error: playlist: malformed URL '{redact_url(url)}': ")
    assert err.count("\n") == 1
    assert "S3CRET" not in err and "idna" not in err.lower() and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_a_malformed_segment_host_is_refused_before_anything_is_fetched(
    server: FakeServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.files["/m/p.m3u8"] = (
        b"#EXTM3U\n#EXT-X-TARGETDURATION:5\n#EXTINF:5,\ns0.ts\n"
        b"#EXTINF:5,\nhttps://a..b/s1.ts?sig=S3CRETs1gnature\n#EXT-X-ENDLIST\n"
    )
    server.files["/m/s0.ts"] = b"clear"
    code = run("hls", "download", server.url("/m/p.m3u8"), "-o", str(tmp_path / "o"), "--quiet")
    assert code == 1
    err = capsys.readouterr().err
    assert err.startswith(
        "beatkit hls: error: segment 1: malformed URL 'https://a..b/s1.ts?sig=REDACTED': "
    ), err
    assert err.count("\n") == 1 and "S3CRET" not in err
    assert server.count("/m/s0.ts") == 0
    assert list(tmp_path.iterdir()) == []


def test_inspect_of_a_url_that_is_not_utf8_says_what_is_wrong(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A URL holding a byte that is not UTF-8 (`beatkit hls inspect $'https://.../p\xff.m3u8'`):
    # inspect printed the encoder's "'utf-8' codec can't encode character '\udcff' in
    # position 0: surrogates not allowed"; download already said what is wrong.
    url = "https://cdn.example/p\udcff.m3u8"
    assert run("hls", "download", url, "-o", str(tmp_path / "o")) == 1
    download_err = capsys.readouterr().err
    assert run("hls", "inspect", url) == 1
    inspect_err = capsys.readouterr().err
    assert inspect_err == download_err
    assert "lone surrogate" in inspect_err


def test_inspect_of_a_file_that_cannot_be_read_says_so_in_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # It printed Python's "[Errno 2] No such file or directory: 'missing.m3u8'", the
    # name as a repr, unlike every other file error of beatkit hls.
    path = tmp_path / "missing.m3u8"
    assert run("hls", "inspect", str(path)) == 1
    assert capsys.readouterr().err == (
        f"beatkit hls: error: playlist {path}: cannot read: No such file or directory\n"
    )
    assert run("hls", "inspect", str(tmp_path)) == 1
    assert capsys.readouterr().err == (
        f"beatkit hls: error: playlist {tmp_path}: cannot read: Is a directory\n"
    )


def test_inspect_of_a_file_of_too_many_segments_refuses_it_as_for_a_url(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # A URL's playlist was refused past the segment limit before it was parsed, a file's
    # parsed whole: 64 MiB of short segments took gigabytes.
    monkeypatch.setattr(cli_hls, "_MAX_SEGMENTS", 3)
    path = tmp_path / "p.m3u8"

    def write(count: int) -> None:
        segments = "".join(f"#EXTINF:5,\ns{i}.ts\n" for i in range(count))
        path.write_text(f"#EXTM3U\n{segments}#EXT-X-ENDLIST\n")

    write(4)
    assert run("hls", "inspect", str(path)) == 1
    assert capsys.readouterr().err == (
        f"beatkit hls: error: playlist {path} lists more than 3 segments: refused\n"
    )
    write(3)
    assert run("hls", "inspect", str(path)) == 0
    assert "media playlist: 3 segments" in capsys.readouterr().out


def test_decrypt_of_an_input_that_cannot_be_read_says_so_in_words(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "missing.ts"
    target = tmp_path / "out.ts"
    assert (
        run("hls", "decrypt", str(source), str(target), "--key", KEY.hex(), "--iv", IV.hex()) == 1
    )
    assert capsys.readouterr().err == (
        f"beatkit hls: error: input {source}: cannot read: No such file or directory\n"
    )
    assert not target.exists()
    assert (
        run("hls", "decrypt", str(tmp_path), str(target), "--key", KEY.hex(), "--iv", IV.hex()) == 1
    )
    assert capsys.readouterr().err == (
        f"beatkit hls: error: input {tmp_path}: cannot read: Is a directory\n"
    )


@pytest.mark.parametrize("char", ["\x1b", "\x7f", "\n"])
@pytest.mark.parametrize("command", ["download", "inspect"])
def test_a_url_httpx_refuses_is_one_line_with_the_character_escaped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], char: str, command: str
) -> None:
    # Regression: httpx.InvalidURL ("Invalid non-printable ASCII character in URL")
    # ended the command in a traceback, before any request.
    url = f"https://cdn.example/p{char}.m3u8?token=S3CRETs1gnature"
    extra = ["-o", str(tmp_path / "o")] if command == "download" else []
    assert run("hls", command, url, *extra) == 1
    err = capsys.readouterr().err
    assert err.startswith("beatkit hls: error: playlist"), err
    assert err.count("\n") == 1
    assert "S3CRET" not in err and "Traceback" not in err
    # Nor does the message carry the character itself to the terminal: escaped.
    assert char not in err.rstrip("\n")
    assert repr(char)[1:-1] in err
    assert list(tmp_path.iterdir()) == []
