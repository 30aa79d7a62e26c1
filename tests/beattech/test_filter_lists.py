"""Filter lists (release ``types``, feature ``names``): an empty one is refused, never
dropped, and a list is sent as the exact comma list of its names.

The API reads a missing filter as "everything": ``types=[]`` dropped from the query
would answer every release type, ``names=[]`` every feature, where the caller asked
for none.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from beatkit.beattech import BeatTech
from beatkit.beattech.users import release_types
from beatkit.testing import FakeBeatTech


@pytest.fixture
def fake() -> FakeBeatTech:
    return FakeBeatTech()


@pytest.fixture
def bt(fake: FakeBeatTech) -> Iterator[BeatTech]:
    with httpx.Client(transport=fake.transport()) as http:
        client = BeatTech(
            fake.tenant,
            client_id=fake.client_id,
            client_secret=fake.client_secret,
            base_url=fake.base_url,
            http_client=http,
        )
        client.auth.login(fake.username, fake.password)
        yield client


def api(fake: FakeBeatTech) -> list[httpx.Request]:
    return [r for r in fake.requests if not r.url.path.endswith("/oauth2/token")]


@pytest.mark.parametrize("empty", [[], (), iter(()), set()])
def test_release_types_refuse_an_empty_collection(empty: Any) -> None:
    with pytest.raises(ValueError, match="types"):
        release_types(empty)


def test_release_types_send_the_names_without_the_spaces_around_them() -> None:
    assert release_types("album, single") == "album,single"
    assert release_types([" audio ", "video"]) == "audio,video"
    assert release_types(None) is None


@pytest.mark.parametrize("empty", [[], ()])
def test_empty_types_are_refused_before_sending(
    bt: BeatTech, fake: FakeBeatTech, empty: Any
) -> None:
    sent = len(api(fake))
    with pytest.raises(ValueError, match="types"):
        bt.artists.top_releases("101", types=empty)
    with pytest.raises(ValueError, match="types"):
        bt.users.favourite_releases(types=empty)
    assert len(api(fake)) == sent


def test_top_releases_check_and_normalise_types_as_favourite_releases_do(
    bt: BeatTech, fake: FakeBeatTech
) -> None:
    found = list(bt.artists.top_releases("101", types="album, single"))
    assert api(fake)[-1].url.params["types"] == "album,single"
    assert found and {r.type for r in found} <= {"album", "single"}
    sent = len(api(fake))
    for bad in ("album,", "Album", "audio;video"):
        with pytest.raises(ValueError, match="types"):
            bt.artists.top_releases("101", types=bad)
    assert len(api(fake)) == sent


def test_empty_feature_names_are_refused_before_sending(bt: BeatTech, fake: FakeBeatTech) -> None:
    sent = len(api(fake))
    for empty in ([], ()):
        with pytest.raises(ValueError, match="names"):
            bt.features.list(entity_type="release", entity_ids=["1001"], names=empty)
    assert len(api(fake)) == sent
    features = bt.features.list(entity_type="release", entity_ids=["1001"], names=["has_preview"])
    assert [f.name for f in features] == ["has_preview"]
    assert api(fake)[-1].url.params["name"] == "has_preview"


# --- X-Include: the header's own comma list is read like image sizes and formats ---------


def test_include_takes_the_header_value_as_written() -> None:
    from beatkit.beattech.headers import include_header

    assert include_header("release-tracks,release-prices") == {
        "X-Include": "release-tracks,release-prices"
    }
    assert include_header("release-tracks, release-prices") == {
        "X-Include": "release-tracks,release-prices"
    }
    assert include_header([" group-releases "]) == {"X-Include": "group-releases"}
    for bad in ("release-tracks,", "release-tracks,release-trakcs", ",", ["release-tracks, x"]):
        with pytest.raises(ValueError, match="include"):
            include_header(bad)


def test_a_release_asks_for_two_includes_in_one_string(bt: BeatTech, fake: FakeBeatTech) -> None:
    release = bt.releases.get("1001", include="release-tracks, release-prices")
    assert api(fake)[-1].headers["x-include"] == "release-tracks,release-prices"
    assert release.tracks and "prices" in release.extra
