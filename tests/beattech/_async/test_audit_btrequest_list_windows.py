"""Lists the page shows as one answer are still Range-paged: every window is read.

"List and search results are paginated using HTTP Range headers with a custom range
unit that depends on the resource", with page sizes of "10, 20, 100, 200, or 1000
items, resource-dependent" (L70-76). A release's editions, the registered friends,
features, quotas, a layout's conditions, a favourites lookup, an activation lookup and
the charges lookups are lists the operation list pages nothing of, and beatkit asked
for them once: a server answering ``206`` with ``Content-Range: releases 0-1/3`` (two
of three) had the third silently dropped. Each is now read to the end of its
collection, in the unit the first answer names (no ``Range`` on the first request, as
before); a ``200`` without ``Content-Range`` is still the whole list in one request.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from pytest_httpx import HTTPXMock

from beatkit import RequestOptions
from beatkit.beattech import AsyncBeatTech
from beatkit.errors import ConfigurationError
from tests.beattech._mocked import BASE, api

Call = Callable[[AsyncBeatTech], Any]

# (name, call, path, body key, unit, items): each list as the page names its answer.
CASES: list[tuple[str, Call, str, str, str, list[dict[str, Any]]]] = [
    (
        "releases.alternates",
        lambda bt: bt.releases.alternates("1031"),
        "/releases/1031/alternates",
        "releases",
        "releases",
        [{"id": "1031"}, {"id": "1032"}, {"id": "1033"}],
    ),
    (
        "users.registered_friends",
        lambda bt: bt.users.registered_friends(),
        "/users/28392/friends/registered",
        "users",
        "users",
        [{"id": "5667"}, {"id": "5668"}, {"id": "5669"}],
    ),
    (
        "features.list",
        lambda bt: bt.features.list(),
        "/features",
        "features",
        "items",
        [{"name": "can_stream"}, {"name": "can_download"}, {"name": "has_subscription"}],
    ),
    (
        "quotas.list",
        lambda bt: bt.quotas.list(),
        "/quotas",
        "quotas",
        "quotas",
        [{"seconds_allowed": 10}, {"seconds_allowed": 20}, {"seconds_allowed": 30}],
    ),
    (
        "layouts.conditions",
        lambda bt: bt.layouts.conditions(1),
        "/layouts/1/conditions",
        "conditions",
        "conditions",
        [{"region": "NO"}, {"region": "SE"}, {"region": "DK"}],
    ),
    (
        "favourites.lookup",
        lambda bt: bt.favourites.lookup("release", ["1001", "1002", "1003"]),
        "/favourites",
        "favourites",
        "favourites",
        [
            {"entity_type": "release", "entity_id": "1001", "favourited": True},
            {"entity_type": "release", "entity_id": "1002", "favourited": True},
            {"entity_type": "release", "entity_id": "1003", "favourited": True},
        ],
    ),
    (
        "activations.lookup",
        lambda bt: bt.activations.lookup("c0de"),
        "/activations",
        "activations",
        "activations",
        [{"id": "9001"}, {"id": "9002"}, {"id": "9003"}],
    ),
    (
        "charges.list",
        lambda bt: bt.charges.list("release", ["1001", "1002"]),
        "/charges",
        "charges",
        "charges",
        [{"id": "71"}, {"id": "72"}, {"id": "73"}],
    ),
    (
        "charges.list_external",
        lambda bt: bt.charges.list_external(5667, "balance"),
        "/users/5667/charges",
        "charges",
        "charges",
        [{"id": "81"}, {"id": "82"}, {"id": "83"}],
    ),
]
IDS = [case[0] for case in CASES]


def _windows(key: str, unit: str, items: list[dict[str, Any]]) -> Callable[..., httpx.Response]:
    """A server whose default window holds two items: ``<unit> 0-1/3``, then the rest."""

    def answer(request: httpx.Request) -> httpx.Response:
        asked = request.headers.get("range")
        if asked is None:
            first, last = 0, 1
        else:
            name, _, span = asked.partition("=")
            assert name == unit, asked
            first, last = (int(part) for part in span.split("-"))
        if first >= len(items):
            return httpx.Response(416, headers={"Content-Range": f"{unit} */{len(items)}"})
        window = items[first : last + 1]
        headers = {"Content-Range": f"{unit} {first}-{last}/{len(items)}", "Accept-Ranges": unit}
        return httpx.Response(206, json={key: window}, headers=headers)

    return answer


def _url(path: str) -> re.Pattern[str]:
    """The path, with any query."""
    return re.compile(re.escape(BASE + path) + r"(\?.*)?$")


def _path_of(request: httpx.Request) -> str:
    return request.url.path.removeprefix("/v2")


@pytest.mark.parametrize(("name", "call", "path", "key", "unit", "items"), CASES, ids=IDS)
async def test_every_window_of_a_one_answer_list_is_read(
    bt: AsyncBeatTech,
    httpx_mock: HTTPXMock,
    name: str,
    call: Call,
    path: str,
    key: str,
    unit: str,
    items: list[dict[str, Any]],
) -> None:
    httpx_mock.add_callback(_windows(key, unit, items), url=_url(path), is_reusable=True)
    found = await call(bt)
    assert len(found) == len(items), f"{name} dropped the items after the first window"
    sent = api(httpx_mock)
    assert [_path_of(request) for request in sent] == [path, path]
    assert "range" not in sent[0].headers  # the first request is what it always was
    assert sent[1].headers["range"] == f"{unit}=2-3"  # the next window, in the answer's unit
    assert sent[1].url.params == sent[0].url.params  # with the same query


@pytest.mark.parametrize(("name", "call", "path", "key", "unit", "items"), CASES, ids=IDS)
async def test_a_whole_list_in_one_answer_is_one_request(
    bt: AsyncBeatTech,
    httpx_mock: HTTPXMock,
    name: str,
    call: Call,
    path: str,
    key: str,
    unit: str,
    items: list[dict[str, Any]],
) -> None:
    # The fake's answer and every answer beatkit read before: 200, no Content-Range.
    httpx_mock.add_response(url=_url(path), json={key: items})
    assert len(await call(bt)) == len(items)
    assert [_path_of(request) for request in api(httpx_mock)] == [path]


async def test_a_device_feature_in_its_own_shape_is_still_read(
    bt: AsyncBeatTech, httpx_mock: HTTPXMock
) -> None:
    # The page shows no sample of a device's answer (L2886): one feature object.
    httpx_mock.add_response(
        url=f"{BASE}/features?entity_type=device&entity_id=phone-1",
        json={"feature": {"name": "can_stream", "value": True}},
    )
    (feature,) = await bt.features.list(entity_type="device", entity_ids="phone-1")
    assert feature.name == "can_stream"
    assert feature.extra == {"value": True}


async def test_a_range_of_ones_own_is_refused_before_sending(
    bt: AsyncBeatTech, httpx_mock: HTTPXMock
) -> None:
    # The call asks for every window itself: a Range header in the options would replace
    # each window's (the same one asked for again and again).
    options = RequestOptions(headers={"Range": "releases=0-4"})
    with pytest.raises(ConfigurationError, match="reads every window of the list itself"):
        await bt.releases.alternates("1031", options=options)
    assert api(httpx_mock) == []
