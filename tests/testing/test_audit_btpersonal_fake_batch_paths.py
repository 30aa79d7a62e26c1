"""``FakeBeatTech``'s ``POST /batch`` judges a subrequest's ``url`` by the path it is run at:
one with dot segments (``/v2/x/../batch``, ``/v2/./batch``) was run as a batch inside the
batch, which the page forbids, and ``/v2/../tracks/1`` left ``/v2/`` though only paths under
it are taken."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from beatkit.testing import FakeBeatTech
from tests.testing._beattech import bearer


@pytest.fixture
def fake() -> FakeBeatTech:
    return FakeBeatTech()


def batch(http: httpx.Client, fake: FakeBeatTech, url: str, body: Any = None) -> httpx.Response:
    sub: dict[str, Any] = {"method": "POST" if body is not None else "GET", "url": url}
    if body is not None:
        sub["body"] = body
    return http.post("/batch", json={"requests": [sub]}, headers=bearer(fake, fake.user_id))


@pytest.mark.parametrize("url", ["/v2/x/../batch", "/v2/./batch", "/v2/tracks/../batch/"])
def test_a_batch_spelled_with_dot_segments_is_no_subrequest(
    http: httpx.Client, fake: FakeBeatTech, url: str
) -> None:
    inner = {"requests": [{"method": "GET", "url": "/v2/products"}]}
    answer = batch(http, fake, url, inner)
    assert answer.status_code == 400
    assert answer.json()["error_developer"] == {"parameter": "requests[0].url"}
    assert "a batch cannot hold a batch" in answer.json()["error_description"]
    # Nothing of the inner batch ran.
    assert [r.url.path for r in fake.requests] == ["/v2/batch"]


@pytest.mark.parametrize("url", ["/v2/../tracks/10001", "/v2/../v2x/tracks"])
def test_a_path_leaving_v2_is_no_subrequest(
    http: httpx.Client, fake: FakeBeatTech, url: str
) -> None:
    answer = batch(http, fake, url)
    assert answer.status_code == 400
    assert "must be a path under /v2/" in answer.json()["error_description"]


def test_a_plain_subrequest_still_runs(http: httpx.Client, fake: FakeBeatTech) -> None:
    track = next(iter(fake.catalog.tracks))
    answer = batch(http, fake, f"/v2/tracks/{track}")
    assert answer.status_code == 200
    (entry,) = answer.json()["responses"]
    assert entry["status"] == 200
    assert entry["body"]["track"]["id"] == track
