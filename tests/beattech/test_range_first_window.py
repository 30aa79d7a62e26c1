"""A list's first request sends no Range; the server's answer must be its first window.

Without a ``Range`` the server answers its default window, which starts at offset 0
(L76). An answer for a later window (a proxy or cache serving another request's page)
followed as is would skip every item before it, and the pager would end as if it had
seen the whole list.
"""

from __future__ import annotations

import httpx
import pytest

from beatkit.beattech import BeatTech
from beatkit.errors import ResponseDecodeError


def _client(answers: list[httpx.Response], seen: list[httpx.Request]) -> BeatTech:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/oauth2/token"):
            return httpx.Response(
                200, json={"access_token": "app", "expires_in": 3600, "token_type": "bearer"}
            )
        seen.append(request)
        return answers.pop(0)

    http = httpx.Client(transport=httpx.MockTransport(handler))
    return BeatTech("fabel", client_id="id", client_secret="secret", http_client=http)


def test_a_first_answer_for_a_later_window_is_refused_not_followed() -> None:
    seen: list[httpx.Request] = []
    answers = [
        httpx.Response(
            206,
            json={"series": [{"id": "101"}, {"id": "102"}]},
            headers={"Content-Range": "series 100-101/102"},
        )
    ]
    with _client(answers, seen) as bt, pytest.raises(ResponseDecodeError, match="from 0"):
        list(bt.series.search("north"))
    assert len(seen) == 1
    assert "Range" not in seen[0].headers


def test_a_first_answer_from_zero_is_followed() -> None:
    seen: list[httpx.Request] = []
    answers = [
        httpx.Response(
            206, json={"series": [{"id": "1"}]}, headers={"Content-Range": "series 0-0/2"}
        ),
        httpx.Response(
            206, json={"series": [{"id": "2"}]}, headers={"Content-Range": "series 1-1/2"}
        ),
    ]
    with _client(answers, seen) as bt:
        assert [s.id for s in bt.series.search("north")] == ["1", "2"]
    assert [r.headers.get("Range") for r in seen] == [None, "series=1-1"]
