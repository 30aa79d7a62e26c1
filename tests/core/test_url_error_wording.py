"""httpx's reason for refusing a URL, as beatkit words it: "URL" kept in capitals.

A query too long for httpx was refused as "uRL component too long": the first letter
of httpx's reason was lowered whatever followed it (found by fuzzing a search query of
70,000 characters).
"""

from __future__ import annotations

from typing import Any

import pytest

from beatkit._core.operation import Operation
from tests.core.test_http import build


def test_a_query_too_long_is_refused_in_plain_words() -> None:
    op = Operation(name="t.op", method="GET", path="/beats", result=Any, params={"q": "x" * 70_000})
    with pytest.raises(ValueError, match=r"^t\.op: the request URL cannot be built: ") as info:
        build(op)
    assert "uRL" not in str(info.value)
    assert "URL component too long" in str(info.value)


@pytest.mark.parametrize(
    ("url", "says"),
    [("https://api.test:sekret/v1/beats", "invalid port"), ("https://[::sekret]/", "invalid IPv6")],
)
def test_a_reason_in_plain_words_still_starts_in_lower_case(url: str, says: str) -> None:
    op = Operation(name="t.op", method="GET", path="/beats", result=Any, url=url)
    with pytest.raises(ValueError, match=rf"cannot be built: {says}"):
        build(op)
