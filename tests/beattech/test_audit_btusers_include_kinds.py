"""``include=`` refuses a mapping and a set with ``TypeError`` before sending, as the
changelog says of ``X-Include`` (and as the id lists do).

Since ``include=`` took the header's own comma list, the names were read by iterating
whatever came: ``include={"release-tracks": False}`` sent ``X-Include: release-tracks``
(the dict's keys, the opposite of what the value says), and a set went out in its
hash order. Lists, tuples, generators and the comma-list text are taken as before.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from beatkit.beattech import AsyncBeatTech, BeatTech
from beatkit.beattech.headers import include_header
from beatkit.testing import FakeBeatTech

_REFUSED: list[Any] = [
    {"release-tracks": False},
    {"release-tracks", "release-prices"},
    frozenset({"release-tracks"}),
]


@pytest.mark.parametrize("include", _REFUSED, ids=["dict", "set", "frozenset"])
def test_include_header_refuses_unordered_kinds(include: Any) -> None:
    with pytest.raises(TypeError, match="include"):
        include_header(include)


def test_sequences_and_text_are_taken() -> None:
    assert include_header(["release-tracks"]) == {"X-Include": "release-tracks"}
    assert include_header(("release-tracks", "release-prices")) == {
        "X-Include": "release-tracks,release-prices"
    }
    names = (name for name in ["release-notes"])
    assert include_header(names) == {"X-Include": "release-notes"}
    assert include_header("release-tracks, release-notes") == {
        "X-Include": "release-tracks,release-notes"
    }


def _sent(fake: FakeBeatTech) -> list[httpx.Request]:
    return [r for r in fake.requests if not r.url.path.endswith("/oauth2/token")]


@pytest.mark.parametrize("include", _REFUSED, ids=["dict", "set", "frozenset"])
def test_a_call_sends_nothing(include: Any) -> None:
    fake = FakeBeatTech()
    user = fake.users[fake.user_id]
    with BeatTech(
        fake.tenant,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
    ) as bt:
        bt.auth.login(user["username"], user["password"])
        with pytest.raises(TypeError, match="include"):
            bt.users.favourite_releases(include=include).first_page()
        with pytest.raises(TypeError, match="include"):
            bt.users.synthetic_group("wishlist", include=include)
    assert _sent(fake) == []


@pytest.mark.parametrize("include", _REFUSED, ids=["dict", "set", "frozenset"])
async def test_the_async_client_sends_nothing(include: Any) -> None:
    fake = FakeBeatTech()
    user = fake.users[fake.user_id]
    async with AsyncBeatTech(
        fake.tenant,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=httpx.AsyncClient(transport=fake.transport()),
    ) as bt:
        await bt.auth.login(user["username"], user["password"])
        with pytest.raises(TypeError, match="include"):
            await bt.users.favourite_releases(include=include).first_page()
        with pytest.raises(TypeError, match="include"):
            await bt.users.synthetic_group("wishlist", include=include)
    assert _sent(fake) == []
