"""An editorial shelf added with ``fake.add_release_group(name)`` is listed and reordered.

The helper stores a shelf without a position; ``GET /releases/groups`` and the
deprecated reorder (``PUT /releases/groups``) sorted the shelves by position and
compared ``None`` with an int: a ``TypeError`` escaped from the fake into the test's
call. A shelf without a position now comes after the placed ones, by id.
"""

from __future__ import annotations

import warnings

import httpx

from beatkit.beattech import BeatTech
from beatkit.testing import FakeBeatTech


def _client(fake: FakeBeatTech, http: httpx.Client) -> BeatTech:
    return BeatTech(
        fake.tenant,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=http,
    )


def test_an_added_shelf_is_listed_after_the_placed_ones() -> None:
    fake = FakeBeatTech()
    placed = [g["id"] for g in fake.release_groups.values() if g["owner"] is None and g["visible"]]
    first = fake.add_release_group("Shelf A", ["1001"])
    second = fake.add_release_group("Shelf B", ["1002"])
    with httpx.Client(transport=fake.transport()) as http:
        bt = _client(fake, http)
        ids = [group.id for group in bt.release_groups.list()]
    assert ids[: len(placed)] == sorted(placed, key=int)
    assert ids[len(placed) :] == [first["id"], second["id"]]


def test_the_reorder_places_an_added_shelf() -> None:
    fake = FakeBeatTech()
    added = fake.add_release_group("Shelf", ["1001"])
    with httpx.Client(transport=fake.transport()) as http:
        bt = _client(fake, http)
        bt.auth.login("editor@example.com", "fake-editor-password")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            ordered = bt.release_groups.reorder(["602"])
        ids = [group.id for group in ordered]
        assert (ids[0], ids[-1]) == ("602", added["id"])
        assert [group.id for group in bt.release_groups.list()] == [g.id for g in ordered]
