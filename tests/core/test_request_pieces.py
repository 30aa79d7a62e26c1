"""``format_path`` and ``with_range``: the request pieces services share with the core."""

from __future__ import annotations

import pytest

from beatkit._core.http import format_path
from beatkit._core.operation import Operation
from beatkit._core.pagination import with_range
from beatkit.errors import ConfigurationError


def test_format_path_encodes_each_value_as_one_segment() -> None:
    assert format_path("/tracks/{track_id}", {"track_id": 8}) == "/tracks/8"
    assert format_path("/users/{user_id}", {"user_id": "a/b"}) == "/users/a%2Fb"
    assert format_path("/users/{user_id}", {"user_id": ".."}) == "/users/%2E%2E"
    with pytest.raises(ConfigurationError, match="no value for path parameter 'track_id'"):
        format_path("/tracks/{track_id}", {})


def test_with_range_replaces_any_range_header() -> None:
    op: Operation[None] = Operation(
        name="x", method="GET", path="/x", headers={"range": "items=0-9", "X-Other": "1"}
    )
    changed = with_range(op, "release_number=2-5")
    assert changed.headers == {"X-Other": "1", "Range": "release_number=2-5"}
    assert op.headers == {"range": "items=0-9", "X-Other": "1"}  # the original is kept
