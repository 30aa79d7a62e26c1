"""A token file path ending with a path separator names a directory: the store refuses it
when it is made, as it refuses an empty path, instead of saving to a file of the
directory's name (``FileTokenStore("tokens/")`` wrote the file ``tokens``)."""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from beatkit.auth import FileTokenStore, Token

SEPARATORS = [os.sep] + ([os.altsep] if os.altsep else [])


@pytest.mark.parametrize("separator", SEPARATORS)
def test_a_path_ending_in_a_separator_is_refused_when_the_store_is_made(
    tmp_path: Path, separator: str
) -> None:
    path = f"{tmp_path / 'tokens'}{separator}"
    with pytest.raises(ValueError, match="names a directory") as caught:
        FileTokenStore(path)
    assert path in str(caught.value)
    assert list(tmp_path.iterdir()) == []


def test_a_file_path_still_saves(tmp_path: Path) -> None:
    store = FileTokenStore(str(tmp_path / "tokens"))
    store.save(Token(access_token="a", expires_at=datetime.now(UTC) + timedelta(hours=1)))
    assert store.load() is not None
