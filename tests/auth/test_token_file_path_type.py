"""A ``FileTokenStore`` path that is not a path (``None``, a number, ``bytes``) is a
``TypeError`` naming it, not ``os.fspath``'s "expected str, bytes or os.PathLike object"
or pathlib's message about bytes."""

from __future__ import annotations

from typing import Any

import pytest

from beatkit.auth import FileTokenStore


@pytest.mark.parametrize("path", [None, 3, b"token.json", ["token.json"]])
def test_a_file_store_path_that_is_not_a_path_is_a_type_error(path: Any) -> None:
    with pytest.raises(TypeError, match=r"^FileTokenStore path must be a path") as caught:
        FileTokenStore(path)
    assert type(path).__name__ in str(caught.value)
