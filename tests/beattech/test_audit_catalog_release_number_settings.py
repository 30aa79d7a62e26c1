"""``Range: release_number=<min>-<max>`` on a series' releases follows the fake's
:class:`~beatkit.testing.beattech.RangeSettings` like every other list: with
``ignore=True`` (a server or proxy that ignores ``Range``) the answer is ``200`` with every
release of the series and no ``Content-Range``; ``length="unknown"`` writes the length
``*`` and ``length="omit"`` none, and a 416 then carries no ``Content-Range``."""

from __future__ import annotations

from typing import Literal

import httpx
import pytest

from beatkit.beattech import AsyncBeatTech, BeatTech
from beatkit.testing import FakeBeatTech


def _series(fake: FakeBeatTech) -> tuple[str, list[str]]:
    """A series with at least two releases, and its release ids in number order."""
    for series_id, series in fake.catalog.series.items():
        ids = list(series["release_ids"])
        if len(ids) >= 2:
            ordered = sorted(ids, key=lambda i: fake.catalog.releases[i]["release_number"])
            return series_id, ordered
    raise AssertionError("no series with two releases")


def _get(fake: FakeBeatTech, series_id: str, numbers: str) -> httpx.Response:
    token = fake.issue_token(fake.user_id)["access_token"]
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as http:
        return http.get(
            "/releases",
            params={"series_id": series_id},
            headers={"Authorization": f"Bearer {token}", "Range": f"release_number={numbers}"},
        )


def test_a_fake_ignoring_range_ignores_the_release_number_filter_too() -> None:
    fake = FakeBeatTech()
    series_id, ids = _series(fake)
    fake.ranges.ignore = True
    response = _get(fake, series_id, "1-1")
    assert response.status_code == 200
    assert "content-range" not in response.headers
    assert sorted(r["id"] for r in response.json()["releases"]) == sorted(ids)


@pytest.mark.parametrize(("length", "total"), [("exact", None), ("unknown", "*"), ("omit", "")])
def test_the_release_number_answer_writes_its_length_as_the_settings_say(
    length: Literal["exact", "unknown", "omit"], total: str | None
) -> None:
    fake = FakeBeatTech()
    series_id, ids = _series(fake)
    fake.ranges.length = length
    response = _get(fake, series_id, "1-1")
    assert response.status_code == 206
    expected = f"/{len(ids)}" if total is None else ("/" + total if total else "")
    assert response.headers["content-range"] == f"release_number 1-1{expected}"
    refused = _get(fake, series_id, "3-1")
    assert refused.status_code == 416
    if length == "exact":
        assert refused.headers["content-range"] == f"release_number */{len(ids)}"
    else:
        assert "content-range" not in refused.headers


@pytest.mark.parametrize("length", ["unknown", "omit"])
def test_both_facades_read_a_release_number_answer_of_either_length(
    length: Literal["unknown", "omit"],
) -> None:
    fake = FakeBeatTech()
    series_id, ids = _series(fake)
    fake.ranges.length = length
    with httpx.Client(transport=fake.transport()) as http:
        bt = BeatTech(
            fake.tenant,
            client_id=fake.client_id,
            client_secret=fake.client_secret,
            base_url=fake.base_url,
            http_client=http,
        )
        found = [r.id for r in bt.releases.list(series_id=series_id, release_numbers=(1, 2))]
    assert found == ids[:2]


async def test_the_async_facade_reads_a_release_number_answer_without_a_length() -> None:
    fake = FakeBeatTech()
    series_id, ids = _series(fake)
    fake.ranges.length = "omit"
    async with httpx.AsyncClient(transport=fake.transport()) as http:
        bt = AsyncBeatTech(
            fake.tenant,
            client_id=fake.client_id,
            client_secret=fake.client_secret,
            base_url=fake.base_url,
            http_client=http,
        )
        pager = bt.releases.list(series_id=series_id, release_numbers=(2, 2))
        found = [r.id async for r in pager]
    assert found == ids[1:2]
