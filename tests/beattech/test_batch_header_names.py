"""A batch subrequest's invalid header name is described, not echoed (it may hold a token)."""

from __future__ import annotations

import pytest

from beatkit.beattech import BatchRequest
from beatkit.beattech.wire import batch_body


def test_a_header_name_holding_a_token_is_not_echoed() -> None:
    request = BatchRequest(method="GET", url="/v2/tracks/1", headers={"X-Tok SEKRET3": "v"})
    with pytest.raises(ValueError, match=r"^requests\[0\]\.headers: ") as info:
        batch_body([request])
    assert "a space at position 6" in str(info.value)
    assert "SEKRET3" not in str(info.value)


def test_a_value_with_a_line_break_names_the_header_only() -> None:
    request = BatchRequest(method="GET", url="/v2/tracks/1", headers={"X-A": "SEKRET3\r\nX: y"})
    with pytest.raises(ValueError, match=r"^requests\[0\]\.headers: ") as info:
        batch_body([request])
    assert "'X-A'" in str(info.value)
    assert "SEKRET3" not in str(info.value)
