"""``Range: release_number=<min>-<max>`` is a filter (L4790, L4869): one request, every match.

When the answer shows the server did not read it as that filter (its ``Content-Range``
names another unit), beatkit cannot tell what it got: a window of the unfiltered list
with more pages to come, or a 416 for a unit the server does not know. Reading either
as "every match" would hand back wrong releases, or only some of them, or none, as if
that were the answer; each is a beatkit error instead.
"""

from __future__ import annotations

import httpx
import pytest

from beatkit.beattech import BeatTech
from beatkit.errors import RangeNotSatisfiableError, ResponseDecodeError


def _client(answer: httpx.Response, seen: list[httpx.Request]) -> BeatTech:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/oauth2/token"):
            return httpx.Response(
                200, json={"access_token": "app", "expires_in": 3600, "token_type": "bearer"}
            )
        seen.append(request)
        return answer

    http = httpx.Client(transport=httpx.MockTransport(handler))
    return BeatTech("fabel", client_id="id", client_secret="secret", http_client=http)


def _releases(*ids: str) -> dict[str, object]:
    return {"releases": [{"id": i} for i in ids]}


def test_a_window_of_another_unit_with_more_to_come_is_an_error() -> None:
    seen: list[httpx.Request] = []
    answer = httpx.Response(
        206, json=_releases("1", "2"), headers={"Content-Range": "releases 0-1/45"}
    )
    with (
        _client(answer, seen) as bt,
        pytest.raises(ResponseDecodeError, match="release_number"),
    ):
        list(bt.releases.list(series_id="301", release_numbers=(1, 60)))
    assert [r.headers["Range"] for r in seen] == ["release_number=1-60"]


def test_a_416_naming_another_unit_is_raised() -> None:
    seen: list[httpx.Request] = []
    answer = httpx.Response(
        416,
        json={"error": "range_not_satisfiable", "error_description": "unknown unit"},
        headers={"Content-Range": "releases */45"},
    )
    with _client(answer, seen) as bt, pytest.raises(RangeNotSatisfiableError):
        list(bt.releases.list(series_id="301", release_numbers=(7, 9)))


@pytest.mark.parametrize(
    "headers",
    [
        {"Content-Range": "release_number 2-3/3"},
        {"Content-Range": "Release_Number 2-3/3"},
        # Every item of the collection in this one answer: nothing left out.
        {"Content-Range": "releases 0-1/2"},
        {},
    ],
)
def test_answers_that_hold_every_match_are_read(headers: dict[str, str]) -> None:
    seen: list[httpx.Request] = []
    answer = httpx.Response(206 if headers else 200, json=_releases("2", "3"), headers=headers)
    with _client(answer, seen) as bt:
        found = [r.id for r in bt.releases.list(series_id="301", release_numbers=(2, 3))]
    assert found == ["2", "3"]
    assert len(seen) == 1


def test_a_416_in_the_filters_unit_is_no_match() -> None:
    seen: list[httpx.Request] = []
    answer = httpx.Response(
        416,
        json={"error": "range_not_satisfiable", "error_description": "none"},
        headers={"Content-Range": "release_number */3"},
    )
    with _client(answer, seen) as bt:
        assert list(bt.releases.list(series_id="301", release_numbers=(7, 9))) == []
