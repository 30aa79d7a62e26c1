"""Secrets for ``beatkit hls`` read from a file or standard input, not the command line.

``--key HEX`` and ``--header 'Authorization: ...'`` put a secret where ``ps`` and shell
history can read it: ``--key-file`` and ``--header @FILE`` read it from a file (``-``
for standard input), and every mistake in one is a usage error that never prints it.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from beatkit.cli import build_parser, main
from beatkit.hls import encrypt_segment
from tests.hls._cli import IV, KEY, run

if TYPE_CHECKING:
    from tests.hls.conftest import FakeServer

# What a test key would look like wherever it leaked: its hex (either case) and its bytes.
_SECRET_HEX = "5ec4e7" + "a1" * 13
_SECRET_KEY = bytes.fromhex(_SECRET_HEX)
_TOKEN = "Bearer s3cr3t-t0ken-value"


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def _segment(tmp_path: Path, key: bytes = _SECRET_KEY, clear: bytes = b"clear audio") -> Path:
    source = tmp_path / "seg.enc"
    source.write_bytes(encrypt_segment(clear, key, IV))
    return source


def _decrypt_with_key_file(tmp_path: Path, key_file: str) -> int:
    return run(
        "hls", "decrypt", str(tmp_path / "seg.enc"), str(tmp_path / "seg.out"),
        "--key-file", key_file, "--iv", IV.hex(),
    )  # fmt: skip


def _usage_error(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[str, str]:
    """Run ``argv``, expect a usage error (status 2), and return (last stderr line, stdout)."""
    with pytest.raises(SystemExit) as info:
        run(*argv)
    assert info.value.code == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    assert captured.err.startswith("usage: ")
    return captured.err.strip().splitlines()[-1], captured.out


def _assert_no_secret(text: str, *secrets: str) -> None:
    for secret in secrets:
        assert secret.lower() not in text.lower()


# --- --key-file --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [
        _SECRET_KEY,  # raw bytes, as `openssl rand 16` writes them
        _SECRET_HEX.encode(),
        (_SECRET_HEX + "\n").encode(),  # echo, an editor
        ("  0x" + _SECRET_HEX.upper() + "\r\n").encode(),  # as --key takes it, Windows line end
        # Raw bytes that happen to end in a blank: 16 bytes are always the key itself.
        b"\n" * 15 + b" ",
    ],
    ids=["raw", "hex", "hex-newline", "0x-upper-crlf", "raw-blanks"],
)
def test_key_file_holds_raw_bytes_or_hex_text(tmp_path: Path, content: bytes) -> None:
    key = content if len(content) == 16 else _SECRET_KEY
    _segment(tmp_path, key)
    (tmp_path / "key").write_bytes(content)
    assert _decrypt_with_key_file(tmp_path, str(tmp_path / "key")) == 0
    assert (tmp_path / "seg.out").read_bytes() == b"clear audio"


@pytest.mark.parametrize("content", [_SECRET_KEY, (_SECRET_HEX + "\n").encode()])
def test_key_file_dash_reads_standard_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: bytes
) -> None:
    _segment(tmp_path)
    _stdin(monkeypatch, content)
    assert _decrypt_with_key_file(tmp_path, "-") == 0
    assert (tmp_path / "seg.out").read_bytes() == b"clear audio"


def test_key_file_through_main(tmp_path: Path) -> None:
    _segment(tmp_path)
    (tmp_path / "key").write_bytes(_SECRET_KEY)
    argv = ["hls", "decrypt", str(tmp_path / "seg.enc"), str(tmp_path / "seg.out")]
    assert main([*argv, "--key-file", str(tmp_path / "key"), "--iv", IV.hex()]) == 0
    assert (tmp_path / "seg.out").read_bytes() == b"clear audio"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"\n", "expected 16 raw bytes or 32 hex digits, got 1 bytes"),
        (_SECRET_KEY[:15], "expected 16 raw bytes or 32 hex digits, got 15 bytes"),
        # A raw key with a newline after it: its last byte could be part of the key.
        (_SECRET_KEY + b"\n", "expected 16 raw bytes or 32 hex digits, got 17 bytes"),
        (_SECRET_HEX[:31].encode() + b"\n", "expected 16 raw bytes or 32 hex digits, got 32 bytes"),
        (_SECRET_HEX.encode() + b"00\n", "expected 16 raw bytes or 32 hex digits, got 35 bytes"),
        ((_SECRET_HEX[:30] + "zz").encode(), "32 characters, not all hexadecimal"),
        # Blanks inside: bytes.fromhex() would take them and return fewer than 16 bytes.
        ((_SECRET_HEX[:14] + "  " + _SECRET_HEX[16:]).encode(), "32 characters, not all hex"),
        (("é" * 16).encode(), "32 characters, not all hexadecimal"),
        (b"\xff" * 32, "32 characters, not all hexadecimal"),
        # Half a hex key would otherwise be taken as 16 raw bytes: a silently wrong key.
        (_SECRET_HEX[:16].encode(), "16 hex digits"),
        (_SECRET_KEY * 1000, "larger than 4096 bytes"),
    ],
    ids=[
        "empty", "newline", "15-bytes", "raw-newline", "31-hex", "34-hex", "not-hex",
        "inner-blanks", "non-ascii", "binary-32", "16-hex", "huge",
    ],
)  # fmt: skip
def test_ill_formed_key_file_is_a_usage_error_that_never_shows_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, message: str
) -> None:
    _segment(tmp_path)
    key_file = tmp_path / "key"
    key_file.write_bytes(content)
    last, out = _usage_error(
        capsys, "hls", "decrypt", str(tmp_path / "seg.enc"), str(tmp_path / "seg.out"),
        "--key-file", str(key_file), "--iv", IV.hex(),
    )  # fmt: skip
    assert last.startswith(f"beatkit hls decrypt: error: argument --key-file: {key_file}: ")
    assert message in last
    assert out == ""
    _assert_no_secret(last + out, _SECRET_HEX[:16], _SECRET_HEX[16:], "é", "\\xff")
    assert not (tmp_path / "seg.out").exists()


def test_key_file_from_empty_standard_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _segment(tmp_path)
    _stdin(monkeypatch, b"")
    with pytest.raises(SystemExit) as info:
        _decrypt_with_key_file(tmp_path, "-")
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "argument --key-file: - (standard input): is empty" in err


def test_key_file_with_standard_input_closed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _segment(tmp_path)
    monkeypatch.setattr(sys, "stdin", None)  # how Python starts under `<&-`
    with pytest.raises(SystemExit) as info:
        _decrypt_with_key_file(tmp_path, "-")
    assert info.value.code == 2
    assert "argument --key-file: - (standard input): is closed" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("missing", "missing: cannot read: No such file or directory"),
        (".", ".: cannot read: Is a directory"),
    ],
)
def test_unreadable_key_file_is_a_usage_error(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
    message: str,
) -> None:
    _segment(tmp_path)
    monkeypatch.chdir(tmp_path)
    last, _ = _usage_error(
        capsys, "hls", "decrypt", "seg.enc", "seg.out", "--key-file", name, "--iv", IV.hex()
    )
    assert last == f"beatkit hls decrypt: error: argument --key-file: {message}"
    assert not (tmp_path / "seg.out").exists()


@pytest.mark.skipif(
    sys.platform == "win32" or (hasattr(os, "geteuid") and os.geteuid() == 0),
    reason="needs POSIX permissions that apply (not root)",
)
def test_key_file_without_read_permission(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _segment(tmp_path)
    key_file = tmp_path / "key"
    key_file.write_bytes(_SECRET_KEY)
    key_file.chmod(0)
    last, _ = _usage_error(
        capsys, "hls", "decrypt", str(tmp_path / "seg.enc"), str(tmp_path / "seg.out"),
        "--key-file", str(key_file), "--iv", IV.hex(),
    )  # fmt: skip
    assert last.endswith(f"argument --key-file: {key_file}: cannot read: Permission denied")


def test_a_key_given_as_the_key_file_name_is_not_echoed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # `--key-file 5ec4...` (the key itself, by mistake): the error must not repeat it
    # into a terminal scrollback or a CI log.
    _segment(tmp_path)
    monkeypatch.chdir(tmp_path)
    for name in (_SECRET_HEX, "0x" + _SECRET_HEX.upper()):
        last, out = _usage_error(
            capsys, "hls", "decrypt", "seg.enc", "seg.out", "--key-file", name, "--iv", IV.hex()
        )
        assert "looks like a key" in last
        _assert_no_secret(last + out, _SECRET_HEX[:8], _SECRET_HEX[-8:])


def test_key_and_key_file_together_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _segment(tmp_path)
    (tmp_path / "key").write_bytes(_SECRET_KEY)
    last, out = _usage_error(
        capsys, "hls", "decrypt", str(tmp_path / "seg.enc"), str(tmp_path / "seg.out"),
        "--key", _SECRET_HEX, "--key-file", str(tmp_path / "key"), "--iv", IV.hex(),
    )  # fmt: skip
    assert last == (
        "beatkit hls decrypt: error: argument --key-file: not allowed with argument --key"
    )
    _assert_no_secret(last + out, _SECRET_HEX)
    assert not (tmp_path / "seg.out").exists()


def test_no_key_at_all_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _segment(tmp_path)
    last, _ = _usage_error(
        capsys, "hls", "decrypt", str(tmp_path / "seg.enc"), "out", "--iv", IV.hex()
    )
    assert last == ("beatkit hls decrypt: error: one of the arguments --key --key-file is required")


def test_wrong_key_from_a_file_is_an_ordinary_failure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A well-formed key that does not fit the data: bad padding, status 1, key not shown.
    _segment(tmp_path, KEY, bytes(1000))
    (tmp_path / "key").write_bytes(_SECRET_KEY)
    assert _decrypt_with_key_file(tmp_path, str(tmp_path / "key")) == 1
    captured = capsys.readouterr()
    assert captured.err.startswith("beatkit hls: error: ")
    _assert_no_secret(captured.err + captured.out, _SECRET_HEX[:8], _SECRET_HEX[-8:])
    assert not (tmp_path / "seg.out").exists()


@pytest.mark.parametrize("option", ["--key", "--iv"])
def test_hex_with_blanks_inside_is_refused_as_not_hexadecimal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str
) -> None:
    # bytes.fromhex() skips blanks: 32 characters with two of them gave 15 bytes, and
    # the error came from the cipher ("Invalid key size (120) for AES").
    _segment(tmp_path, KEY)
    values = {"--key": KEY.hex(), "--iv": IV.hex()}
    values[option] = values[option][:2] + "  " + values[option][4:]
    argv = ("hls", "decrypt", str(tmp_path / "seg.enc"), str(tmp_path / "seg.out"))
    assert run(*argv, "--key", values["--key"], "--iv", values["--iv"]) == 1
    assert capsys.readouterr().err == f"beatkit hls: error: {option} is not hexadecimal\n"


# --- --header @FILE ------------------------------------------------------------------------------


def test_header_file_is_read_one_header_per_line(server: FakeServer, tmp_path: Path) -> None:
    expected = server.add_stream("/h", [os.urandom(300) for _ in range(2)])
    headers = tmp_path / "headers"
    # A BOM (Notepad), CRLF line ends, blank lines, and no newline at the end.
    headers.write_bytes(
        b"\xef\xbb\xbfAuthorization: " + _TOKEN.encode() + b"\r\n\r\n  \nX-Trace:  abc  "
    )
    dest = tmp_path / "out.aac"
    code = run(
        "hls", "download", server.url("/h/p.m3u8"), "-o", str(dest), "--quiet",
        "--header", f"@{headers}",
    )  # fmt: skip
    assert code == 0
    assert dest.read_bytes() == expected
    sent = server.requests[0].headers
    assert sent["authorization"] == _TOKEN
    assert sent["x-trace"] == "abc"


def test_header_file_and_header_options_mix_in_order(server: FakeServer, tmp_path: Path) -> None:
    server.add_stream("/m", [os.urandom(100)])
    (tmp_path / "headers").write_text("Authorization: from-file\nX-A: 1\n")
    code = run(
        "hls", "download", server.url("/m/p.m3u8"), "-o", str(tmp_path / "o"), "--quiet",
        "--header", "X-A: 0", "--header", f"@{tmp_path / 'headers'}",
        "--header", "Authorization: later",
    )  # fmt: skip
    assert code == 0
    sent = server.requests[0].headers
    assert sent["x-a"] == "1"
    assert sent["authorization"] == "later"


def test_header_at_dash_reads_standard_input(
    server: FakeServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.add_stream("/s", [os.urandom(100)])
    _stdin(monkeypatch, f"Authorization: {_TOKEN}\n".encode())
    code = run(
        "hls", "download", server.url("/s/p.m3u8"), "-o", str(tmp_path / "o"), "--quiet",
        "--header", "@-",
    )  # fmt: skip
    assert code == 0
    assert server.requests[0].headers["authorization"] == _TOKEN


def test_inspect_takes_a_header_file(
    server: FakeServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server.add_stream("/i", [os.urandom(100)])
    (tmp_path / "headers").write_text(f"Authorization: {_TOKEN}\n")
    assert run("hls", "inspect", server.url("/i/p.m3u8"), "--header", f"@{tmp_path}/headers") == 0
    assert server.requests[0].headers["authorization"] == _TOKEN
    captured = capsys.readouterr()
    _assert_no_secret(captured.out + captured.err, _TOKEN)


@pytest.mark.parametrize("command", ["download", "inspect"])
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (f"Authorization: {_TOKEN}\n{_TOKEN}\n".encode(), "line 2 is not 'Name: value'"),
        (f"\n: {_TOKEN}\n".encode(), "line 2 is not 'Name: value'"),
        (f"Authorization: {_TOKEN}\xe9\n".encode("latin-1"), "not UTF-8 text"),
        (b"X: " + b"a" * 70000, "larger than 65536 bytes"),
    ],
    ids=["no-colon", "no-name", "latin-1", "huge"],
)
def test_ill_formed_header_file_is_a_usage_error_that_never_shows_a_value(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
    content: bytes,
    message: str,
) -> None:
    headers = tmp_path / "headers"
    headers.write_bytes(content)
    # Nothing is fetched: the URL's port is closed, and the error comes before any request.
    argv = ["hls", command, "https://127.0.0.1:9/p.m3u8", "--header", f"@{headers}"]
    if command == "download":
        argv += ["-o", str(tmp_path / "o")]
    last, out = _usage_error(capsys, *argv)
    assert last.startswith(f"beatkit hls {command}: error: argument --header: @{headers}: ")
    assert message in last
    _assert_no_secret(last + out, "s3cr3t", "aaaa")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["headers"]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("@missing", "@missing: cannot read: No such file or directory"),
        ("@.", "@.: cannot read: Is a directory"),
        ("@", "@ needs a file name (@- for standard input)"),
    ],
)
def test_unreadable_header_file_is_a_usage_error(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    value: str,
    message: str,
) -> None:
    monkeypatch.chdir(tmp_path)
    last, _ = _usage_error(
        capsys, "hls", "download", "https://127.0.0.1:9/p.m3u8", "-o", "o", "--header", value
    )
    assert last == f"beatkit hls download: error: argument --header: {message}"
    assert list(tmp_path.iterdir()) == []


def test_standard_input_named_twice_is_a_usage_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _stdin(monkeypatch, f"Authorization: {_TOKEN}\n".encode())
    last, _ = _usage_error(
        capsys, "hls", "inspect", "https://127.0.0.1:9/p.m3u8", "--header", "@-", "--header", "@-"
    )
    assert last == (
        "beatkit hls inspect: error: argument --header: @- (standard input) given twice"
    )


def test_header_from_a_file_that_http_cannot_carry_names_the_header_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Well formed as a line, refused by the downloader (not ASCII): status 1, as the
    # same header given with --header is, and the value is not shown.
    (tmp_path / "headers").write_text(f"Authorization: {_TOKEN}é\n", encoding="utf-8")
    code = run(
        "hls", "download", "https://127.0.0.1:9/p.m3u8", "-o", str(tmp_path / "o"),
        "--header", f"@{tmp_path / 'headers'}",
    )  # fmt: skip
    assert code == 1
    captured = capsys.readouterr()
    assert "Authorization" in captured.err
    _assert_no_secret(captured.err + captured.out, "s3cr3t")


# --- help ----------------------------------------------------------------------------------------


def test_help_recommends_the_file_forms(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["hls", "decrypt", "--help"])
    decrypt = " ".join(capsys.readouterr().out.split())
    assert "--key-file FILE" in decrypt
    assert "visible to other users" in decrypt
    for command in ("download", "inspect"):
        with pytest.raises(SystemExit):
            build_parser().parse_args(["hls", command, "--help"])
        text = " ".join(capsys.readouterr().out.split())
        assert "@FILE" in text and "@-" in text
        assert "visible to other users" in text


# --- one value per header name -------------------------------------------------------------------


@pytest.mark.parametrize("command", ["download", "inspect"])
def test_a_header_given_again_in_another_case_replaces_the_earlier_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    # HTTP header names are case-insensitive: `authorization` in a file and
    # `Authorization` on the command line were both sent, two credentials in one request.
    import beatkit.cli.hls

    seen: list[dict[str, str]] = []

    def download(self: object, url: str, path: str, **kwargs: object) -> None:
        headers = kwargs["headers"]
        assert isinstance(headers, dict)
        seen.append(dict(headers))
        raise ValueError("stop")

    def fetch(self: object, url: str, headers: dict[str, str]) -> None:
        seen.append(dict(headers))
        raise ValueError("stop")

    monkeypatch.setattr(beatkit.cli.hls.HLSDownloader, "download", download)
    monkeypatch.setattr(beatkit.cli.hls.HLSDownloader, "_fetch_playlist", fetch)
    (tmp_path / "headers").write_text("authorization: from-file\nX-A: 1\n")
    argv = ["hls", command, "https://127.0.0.1:9/p.m3u8"]
    if command == "download":
        argv += ["-o", str(tmp_path / "o")]
    argv += ["--header", f"@{tmp_path / 'headers'}", "--header", "AUTHORIZATION: later"]
    argv += ["--header", "x-a: 2"]
    assert run(*argv) == 1
    assert seen == [{"AUTHORIZATION": "later", "x-a": "2"}]


def test_standard_input_without_a_byte_buffer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A program calling beatkit.cli.main may have replaced sys.stdin with a StringIO,
    # which has no .buffer: the text is read as UTF-8, not an AttributeError traceback.
    _segment(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.StringIO(_SECRET_HEX + "\n"))
    assert _decrypt_with_key_file(tmp_path, "-") == 0
    assert (tmp_path / "seg.out").read_bytes() == b"clear audio"


def test_standard_input_that_fails_to_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    class _Broken(io.RawIOBase):
        def readable(self) -> bool:
            return True

        def readinto(self, buffer: object) -> int:
            raise OSError(5, "Input/output error")

    _segment(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(_Broken())))
    with pytest.raises(SystemExit) as info:
        _decrypt_with_key_file(tmp_path, "-")
    assert info.value.code == 2
    assert capsys.readouterr().err.endswith(
        "argument --key-file: - (standard input): cannot read: Input/output error\n"
    )


def _beatkit(*argv: str, stdin: bytes) -> subprocess.CompletedProcess[bytes]:
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(root), *sys.path])}
    return subprocess.run(
        [sys.executable, "-m", "beatkit", *argv],
        input=stdin,
        capture_output=True,
        env=env,
        timeout=120,
        check=False,
    )


def test_a_real_process_reads_the_key_from_a_pipe(tmp_path: Path) -> None:
    # The path users take (`gpg -d key.gpg | beatkit ... --key-file -`): the real
    # standard input, and the key nowhere in the process's arguments.
    _segment(tmp_path)
    argv = ("hls", "decrypt", str(tmp_path / "seg.enc"), str(tmp_path / "seg.out"))
    good = _beatkit(*argv, "--key-file", "-", "--iv", IV.hex(), stdin=_SECRET_KEY)
    assert (good.returncode, good.stderr) == (0, b"")
    assert (tmp_path / "seg.out").read_bytes() == b"clear audio"
    (tmp_path / "seg.out").unlink()
    bad = _beatkit(*argv, "--key-file", "-", "--iv", IV.hex(), stdin=_SECRET_HEX[:30].encode())
    assert bad.returncode == 2
    assert bad.stderr.decode().splitlines()[-1] == (
        "beatkit hls decrypt: error: argument --key-file: - (standard input): "
        "expected 16 raw bytes or 32 hex digits, got 30 bytes"
    )
    assert _SECRET_HEX[:8].encode() not in bad.stderr + bad.stdout
    assert not (tmp_path / "seg.out").exists()


# --- an invalid header name is described, not echoed ------------------------------------------


@pytest.mark.parametrize("command", ["download", "inspect"])
def test_a_header_name_holding_a_token_is_not_echoed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    # 'X-Tok SEKRET3: v': a token typed into the name (a missing colon, a paste).
    argv = ["hls", command, "https://127.0.0.1:9/p.m3u8", "--header", "X-Tok SEKRET3: v"]
    if command == "download":
        argv += ["-o", str(tmp_path / "o")]
    assert run(*argv) == 1
    captured = capsys.readouterr()
    assert "a space at position 6" in captured.err
    _assert_no_secret(captured.err + captured.out, "SEKRET3")
    assert list(tmp_path.iterdir()) == []


def test_a_header_name_holding_a_token_in_a_file_is_not_echoed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    headers = tmp_path / "headers"
    headers.write_text("X-A: 1\nX-Tok SEKRET3: v\n", encoding="utf-8")
    argv = ["hls", "inspect", "https://127.0.0.1:9/p.m3u8", "--header", f"@{headers}"]
    last, out = _usage_error(capsys, *argv)
    assert last.startswith(f"beatkit hls inspect: error: argument --header: @{headers}: line 2")
    assert "a space at position 6" in last
    _assert_no_secret(last + out, "SEKRET3")


@pytest.mark.parametrize(
    ("argv", "what"),
    [
        (("hls", "decrypt", _SECRET_HEX, "seg.out", "--key", KEY.hex(), "--iv", IV.hex()), "input"),
        (("hls", "inspect", _SECRET_HEX), "playlist"),
        (("hls", "inspect", "0x" + _SECRET_HEX.upper()), "playlist"),
    ],
)
def test_a_key_given_as_the_input_file_name_is_not_echoed(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: tuple[str, ...],
    what: str,
) -> None:
    # The key where the input file goes (`decrypt KEY OUT ...`, `inspect KEY`): the
    # error named the missing file, the key itself, as --key-file's error does not.
    monkeypatch.chdir(tmp_path)
    assert run(*argv) == 1
    captured = capsys.readouterr()
    assert captured.err == (
        f"beatkit hls: error: {what} (a file name that looks like a key, not shown): "
        "cannot read: No such file or directory\n"
    )
    _assert_no_secret(captured.err + captured.out, _SECRET_HEX[:8], _SECRET_HEX[-8:])
