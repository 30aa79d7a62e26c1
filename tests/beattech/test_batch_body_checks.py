"""``batch_body`` refuses, before sending, what a plain request could not carry either:
a body that is not plain JSON (``{1: 2}`` would go as ``{"1": 2}``, NaN as invalid
JSON), a URL with whitespace or control characters, header text with a line break
(each subrequest's headers are set from the JSON on the server), and a nested batch
spelled another way."""

from __future__ import annotations

import math
from typing import Any

import pytest

from beatkit.beattech import BatchRequest
from beatkit.beattech.wire import batch_body

ONE = BatchRequest(method="GET", url="/v2/tracks/1")


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ({1: 2}, TypeError),
        ({"v": {"x": [{None: 1}]}}, TypeError),
        ({"v": {1, 2}}, TypeError),
        ({"v": math.nan}, ValueError),
        ({"v": math.inf}, ValueError),
    ],
    ids=["int-key", "deep-null-key", "set", "nan", "inf"],
)
def test_a_body_that_is_not_plain_json_is_refused_with_its_index(body: Any, error: type) -> None:
    request = BatchRequest(method="POST", url="/v2/ratings", body=body)
    with pytest.raises(error, match=r"requests\[1\]\.body"):
        batch_body([ONE, request])


@pytest.mark.parametrize(
    "url",
    ["/v2/tracks/1 2", "/v2/tracks/1\r\nX-Evil: 1", "/v2/tracks/\t1", "/v2/tracks/1\x00"],
    ids=["space", "crlf", "tab", "nul"],
)
def test_a_url_with_whitespace_or_control_characters_is_refused(url: str) -> None:
    with pytest.raises(ValueError, match=r"requests\[0\]\.url"):
        batch_body([BatchRequest(method="GET", url=url)])


@pytest.mark.parametrize("url", ["/v2/BATCH", "/v2//batch", "/v2/Batch/?x=1", "/v2/batch#x"])
def test_a_nested_batch_spelled_another_way_is_refused(url: str) -> None:
    with pytest.raises(ValueError, match="batch"):
        batch_body([ONE, BatchRequest(method="POST", url=url)])


@pytest.mark.parametrize(
    "headers",
    [{"X-A": "1\r\nX-Evil: 2"}, {"X-A": "1\n"}, {"X-A\r\nX-Evil": "1"}, {"": "1"}, {"X A": "1"}],
    ids=["crlf-value", "lf-value", "crlf-name", "empty-name", "space-name"],
)
def test_header_text_a_header_cannot_hold_is_refused(headers: dict[str, str]) -> None:
    with pytest.raises(ValueError, match=r"requests\[0\]\.headers"):
        batch_body([BatchRequest(method="GET", url="/v2/tracks/1", headers=headers)])


def test_plain_requests_still_pass_unchanged() -> None:
    request = BatchRequest(
        method="PATCH",
        url="/v2/tracks/1?x=%20y",
        body={"favourite": True, "list": [1, 2.5, None, "t"]},
        headers={"X-Base-Change": "12", "X-Change-Timestamp": "2024-01-02T03:04:05Z"},
    )
    assert batch_body([request])["requests"] == [
        {
            "method": "PATCH",
            "url": "/v2/tracks/1?x=%20y",
            "body": {"favourite": True, "list": [1, 2.5, None, "t"]},
            "headers": {"X-Base-Change": "12", "X-Change-Timestamp": "2024-01-02T03:04:05Z"},
        }
    ]


@pytest.mark.parametrize("path", ["/tracks/1 2", "/tracks/1\n", "/tracks/\x001"])
def test_a_pending_change_path_with_whitespace_or_control_characters_is_refused(
    path: str,
) -> None:
    from datetime import UTC, datetime

    from beatkit.beattech.sync import PendingChange

    with pytest.raises(ValueError, match="path"):
        PendingChange(method="DELETE", path=path, changed_at=datetime(2024, 1, 1, tzinfo=UTC))
