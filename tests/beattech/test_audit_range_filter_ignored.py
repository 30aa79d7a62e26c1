"""``bt.releases.list(series_id=..., release_numbers=(lo, hi))`` sends ``Range:
release_number=lo-hi``, a filter (L4790, L4869). A server or proxy that ignores it
answers the whole series: a ``200`` without ``Content-Range``, or a complete window of
another unit (``206 releases 0-6/7``). Each release of the page and of the fake carries
its ``release_number``; one outside ``[lo, hi]`` shows the filter was not applied, and
the list is a :class:`~beatkit.errors.ResponseDecodeError` (as a window of another unit
with more to come already is), never "every match". Releases without a number cannot
be checked and are kept; an answer whose numbers all lie inside the range is read
whatever its ``Content-Range``. Both facades.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from beatkit.beattech import AsyncBeatTech, BeatTech
from beatkit.errors import ResponseDecodeError
from beatkit.testing import FakeBeatTech


def _fake_client(fake: FakeBeatTech, http: httpx.Client) -> BeatTech:
    return BeatTech(
        fake.tenant,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=http,
    )


def _series(fake: FakeBeatTech) -> tuple[str, list[str]]:
    """A series with three releases, and its release ids in number order."""
    for series_id, series in fake.catalog.series.items():
        ids = list(series["release_ids"])
        if len(ids) >= 3:
            ordered = sorted(ids, key=lambda i: fake.catalog.releases[i]["release_number"])
            return series_id, ordered
    raise AssertionError("no series with three releases")


def test_the_sync_facade_refuses_a_fake_that_ignores_the_filter() -> None:
    fake = FakeBeatTech()
    series_id, _ = _series(fake)
    fake.ranges.ignore = True
    with httpx.Client(transport=fake.transport()) as http:
        bt = _fake_client(fake, http)
        bt.auth.login(fake.username, fake.password)
        with pytest.raises(ResponseDecodeError) as caught:
            list(bt.releases.list(series_id=series_id, release_numbers=(1, 1)))
    message = str(caught.value)
    assert "release_number=1-1" in message  # what was sent
    assert "release_number 2" in message  # what came back
    assert "without release_numbers" in message  # what to do


async def test_the_async_facade_refuses_a_fake_that_ignores_the_filter() -> None:
    fake = FakeBeatTech()
    series_id, _ = _series(fake)
    fake.ranges.ignore = True
    async with httpx.AsyncClient(transport=fake.transport()) as http:
        bt = AsyncBeatTech(
            fake.tenant,
            client_id=fake.client_id,
            client_secret=fake.client_secret,
            base_url=fake.base_url,
            http_client=http,
        )
        await bt.auth.login(fake.username, fake.password)
        pager = bt.releases.list(series_id=series_id, release_numbers=(2, 3))
        with pytest.raises(ResponseDecodeError, match=r"release_number=2-3"):
            [r.id async for r in pager]


def test_the_fake_honouring_the_filter_is_still_read() -> None:
    fake = FakeBeatTech()
    series_id, ids = _series(fake)
    with httpx.Client(transport=fake.transport()) as http:
        bt = _fake_client(fake, http)
        found = [r.id for r in bt.releases.list(series_id=series_id, release_numbers=(2, 3))]
    assert found == ids[1:3]


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


def _async_client(answer: httpx.Response) -> AsyncBeatTech:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/oauth2/token"):
            return httpx.Response(
                200, json={"access_token": "app", "expires_in": 3600, "token_type": "bearer"}
            )
        return answer

    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    return AsyncBeatTech("fabel", client_id="id", client_secret="secret", http_client=http)


def _numbered(*numbers: Any) -> dict[str, Any]:
    """Releases ``r0``, ``r1``... carrying these ``release_number`` values (a
    ``None`` leaves the key out)."""
    return {
        "releases": [
            {"id": f"r{i}"} if number is None else {"id": f"r{i}", "release_number": number}
            for i, number in enumerate(numbers)
        ]
    }


_IGNORED = [
    # A 200 without Content-Range: the whole series.
    (200, {}, (1, 2, 3, 4, 5, 6, 7)),
    # A complete window of another unit.
    (206, {"Content-Range": "releases 0-6/7"}, (1, 2, 3, 4, 5, 6, 7)),
    (206, {"Content-Range": "releases 0-6/*"}, (1, 2, 3, 4, 5, 6, 7)),
    # The filter's unit echoed, yet a release outside it.
    (206, {"Content-Range": "release_number 2-3/7"}, (2, 3, 4)),
    # Numbers written as text are read as the numbers they are.
    (200, {}, ("2", "3", "9")),
    (200, {}, ("2", "0010")),
    (200, {}, ("2", "9" * 5000)),
    # One release below the range, the others without a number.
    (200, {}, (None, 1, None)),
    # A number too large for a float is compared all the same.
    (200, {}, (2, 10**400)),
    (200, {}, (2, 1e300)),
]


@pytest.mark.parametrize(("status", "headers", "numbers"), _IGNORED)
def test_a_release_outside_the_range_is_an_error(
    status: int, headers: dict[str, str], numbers: tuple[Any, ...]
) -> None:
    seen: list[httpx.Request] = []
    answer = httpx.Response(status, json=_numbered(*numbers), headers=headers)
    with (
        _client(answer, seen) as bt,
        pytest.raises(ResponseDecodeError, match=r"sent Range: release_number=2-3"),
    ):
        list(bt.releases.list(series_id="301", release_numbers=(2, 3)))
    assert [r.headers["Range"] for r in seen] == ["release_number=2-3"]


@pytest.mark.parametrize(("status", "headers", "numbers"), _IGNORED)
async def test_the_async_facade_refuses_a_release_outside_the_range(
    status: int, headers: dict[str, str], numbers: tuple[Any, ...]
) -> None:
    answer = httpx.Response(status, json=_numbered(*numbers), headers=headers)
    async with _async_client(answer) as bt:
        pager = bt.releases.list(series_id="301", release_numbers=(2, 3))
        with pytest.raises(ResponseDecodeError, match=r"sent Range: release_number=2-3"):
            [r.id async for r in pager]


_KEPT = [
    # Every release inside the range, whatever the Content-Range.
    (200, {}, (2, 3), ["r0", "r1"]),
    (206, {"Content-Range": "releases 0-1/2"}, (2, 3), ["r0", "r1"]),
    (206, {"Content-Range": "release_number 2-3/7"}, (3, "2"), ["r0", "r1"]),
    (200, {}, ("002", "03", 2.5), ["r0", "r1", "r2"]),
    # Releases without a number (or with one that is not a number) cannot be checked.
    (200, {}, (None, 2, None), ["r0", "r1", "r2"]),
    (200, {}, (None, "two", True, [5]), ["r0", "r1", "r2", "r3"]),
    (200, {}, (), []),
]


@pytest.mark.parametrize(("status", "headers", "numbers", "ids"), _KEPT)
def test_releases_inside_the_range_or_without_a_number_are_read(
    status: int, headers: dict[str, str], numbers: tuple[Any, ...], ids: list[str]
) -> None:
    seen: list[httpx.Request] = []
    answer = httpx.Response(status, json=_numbered(*numbers), headers=headers)
    with _client(answer, seen) as bt:
        found = [r.id for r in bt.releases.list(series_id="301", release_numbers=(2, 3))]
    assert found == ids
    assert len(seen) == 1


@pytest.mark.parametrize(("status", "headers", "numbers", "ids"), _KEPT)
async def test_the_async_facade_reads_releases_inside_the_range(
    status: int, headers: dict[str, str], numbers: tuple[Any, ...], ids: list[str]
) -> None:
    answer = httpx.Response(status, json=_numbered(*numbers), headers=headers)
    async with _async_client(answer) as bt:
        pager = bt.releases.list(series_id="301", release_numbers=(2, 3))
        assert [r.id async for r in pager] == ids


def test_other_lists_of_a_series_are_not_checked() -> None:
    # Without release_numbers nothing is filtered: every number is welcome.
    seen: list[httpx.Request] = []
    answer = httpx.Response(200, json=_numbered(1, 2, 9))
    with _client(answer, seen) as bt:
        found = [r.id for r in bt.releases.list(series_id="301")]
    assert found == ["r0", "r1", "r2"]
