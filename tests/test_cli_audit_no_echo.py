"""``beatkit hls download`` never repeats a URL argument that is not a URL.

A value with no ``scheme://`` may be a key, a token or a password pasted where the
URL goes: the error says what is wrong with it without showing it (the Python API
refuses it the same way: see tests/hls/test_audit_not_a_url.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from beatkit.cli import main

_SECRETS = [
    "s3cr3t",
    "00112233445566778899aabbccddeeff",
    "user:hunter2",  # urlsplit reads "user" as a scheme
    "Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc",
    " s3cr3t",  # blanks around it
    "s3cr3t\n",
]


@pytest.mark.parametrize("argument", _SECRETS)
def test_a_download_argument_that_is_not_a_url_is_not_repeated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argument: str
) -> None:
    code = main(["hls", "download", argument, "-o", str(tmp_path / "out")])
    assert code == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    err = captured.err
    assert err.startswith("beatkit hls: error: playlist: ") and err.count("\n") == 1, err
    assert "not a URL" in err and "not shown" in err, err
    for part in ("s3cr3t", "hunter2", "0011223344", "eyJ", "Bearer"):
        assert part not in err, err
    assert list(tmp_path.iterdir()) == []


def test_a_refused_url_with_a_scheme_is_still_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A URL (scheme://...) is named, redacted, as before: it is what the user must fix.
    assert main(["hls", "download", "ftp://x.example/p.m3u8", "-o", str(tmp_path / "o")]) == 1
    assert "'ftp://x.example/p.m3u8'" in capsys.readouterr().err
