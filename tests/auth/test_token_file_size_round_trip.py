"""What ``FileTokenStore.save()`` writes, its ``load()`` reads back: ``load()`` refuses a
file over 1 MiB as no token file, so ``save()`` must not write one. The indented form
grows with the square of the nesting of ``extra`` (a 1.6 KB answer nested 800 deep was
a 1.3 MB file): such a token is written compact; one that is too large even so is
refused before anything is written, the old file kept."""

from __future__ import annotations

from pathlib import Path

import pytest

from beatkit.auth import FileTokenStore, Token


def _nested(depth: int) -> object:
    value: object = []
    for _ in range(depth):
        value = [value]
    return value


def test_a_deeply_nested_extra_is_saved_in_a_form_load_reads(tmp_path: Path) -> None:
    store = FileTokenStore(tmp_path / "token.json")
    token = Token(access_token="at", refresh_token="rt", extra={"claims": _nested(800)})
    store.save(token)
    assert store.load() == token


def test_a_token_too_large_for_a_token_file_is_refused_and_nothing_is_written(
    tmp_path: Path,
) -> None:
    store = FileTokenStore(tmp_path / "token.json")
    old = Token(access_token="at-old", refresh_token="rt-old")
    store.save(old)
    secret = "s3cr3t" * 200_000
    with pytest.raises(ValueError, match="too large") as raised:
        store.save(Token(access_token="at", refresh_token="rt", extra={"blob": secret}))
    assert "s3cr3t" not in str(raised.value)
    assert store.load() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["token.json"]


def test_a_large_token_under_the_limit_still_round_trips(tmp_path: Path) -> None:
    store = FileTokenStore(tmp_path / "token.json")
    token = Token(access_token="at", refresh_token="rt", extra={"blob": "x" * 1_000_000})
    store.save(token)
    assert store.load() == token
