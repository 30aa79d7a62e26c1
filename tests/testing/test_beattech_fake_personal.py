"""FakeBeatTech's personal data with raw httpx: the Changes API's conflict rule (directly and
in batches), bookmarks, ratings, favourites and release groups."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from beatkit.testing import FakeBeatTech
from tests.testing._beattech import bearer

NOW = datetime(2026, 4, 1, 12, 0, tzinfo=UTC).timestamp()
TRACK = "10001"


@pytest.fixture
def fake() -> FakeBeatTech:
    return FakeBeatTech(clock=lambda: NOW)


@pytest.fixture
def me(fake: FakeBeatTech) -> dict[str, str]:
    return bearer(fake, fake.user_id)


def favourite(
    http: httpx.Client, me: dict[str, str], value: bool, **headers: str
) -> httpx.Response:
    names = {"base": "X-Base-Change", "at": "X-Change-Timestamp"}
    sent = {**me, **{names[key]: value for key, value in headers.items()}}
    return http.patch(f"/tracks/{TRACK}", json={"favourite": value}, headers=sent)


def error(response: httpx.Response) -> tuple[int, str]:
    return response.status_code, response.json()["error"]


# -- the conflict rule -----------------------------------------------------------------------


def test_an_accepted_write_is_logged_and_answers_its_change_id(
    fake: FakeBeatTech, http: httpx.Client, me: dict[str, str]
) -> None:
    response = favourite(http, me, True, at="2026-04-01T10:00:00Z")
    assert (response.status_code, response.headers["X-Change"]) == (200, "1")
    assert response.json()["track"]["favourite"] is True
    assert fake.changes[-1] | {"body": None} == {
        "id": 1, "user_id": fake.user_id, "method": "PATCH", "entity_type": "track",
        "entity_id": TRACK, "body": None, "timestamp": "2026-04-01T10:00:00Z",
    }  # fmt: skip
    # Without X-Change-Timestamp the server's time is the change's time.
    favourite(http, me, False)
    assert fake.changes[-1]["timestamp"] == "2026-04-01T12:00:00Z"


def test_a_base_ahead_of_the_users_latest_change_is_a_400(
    fake: FakeBeatTech, http: httpx.Client, me: dict[str, str]
) -> None:
    fake.add_change(fake.editor_user_id, "PATCH", "track", {"id": TRACK})  # another user's
    assert error(favourite(http, me, True, base="1")) == (400, "validation_error")
    favourite(http, me, True)
    # An object never changed since the base is accepted (the user-wide reading of L5842).
    other = http.patch("/tracks/10002", json={"favourite": True}, headers={**me,
                       "X-Base-Change": "2"})  # fmt: skip
    assert other.status_code == 200 and other.headers["X-Change"] == "3"


def test_a_stale_base_lets_the_latest_timestamp_win(
    fake: FakeBeatTech, http: httpx.Client, me: dict[str, str]
) -> None:
    favourite(http, me, True, at="2026-04-01T10:00:00Z")  # change 1
    older = favourite(http, me, False, base="0", at="2026-04-01T09:00:00Z")
    assert older.status_code == 200 and "X-Change" not in older.headers
    assert older.json()["track"]["favourite"] is True  # the server's object
    assert len(fake.changes) == 1
    tie = favourite(http, me, False, base="0", at="2026-04-01T10:00:00Z")
    assert tie.headers["X-Change"] == "2"  # on a tie the arriving change is the latest
    newer = favourite(http, me, True, base="0", at="2026-04-01T11:00:00Z")
    assert newer.headers["X-Change"] == "3" and newer.json()["track"]["favourite"] is True
    current = favourite(http, me, False, base="3", at="2026-04-01T08:00:00Z")
    assert current.headers["X-Change"] == "4"  # base == latest: accepted, whatever its time


@pytest.mark.parametrize(
    "headers",
    [{"X-Base-Change": "x"}, {"X-Base-Change": "-1"}, {"X-Change-Timestamp": "2026-04-01"},
     {"X-Change-Timestamp": "2026-04-01T10:00:00+02:00"}, {"X-Change-Timestamp": ""}],
)  # fmt: skip
def test_malformed_change_headers_are_400(
    http: httpx.Client, me: dict[str, str], headers: dict[str, str]
) -> None:
    response = http.patch(f"/tracks/{TRACK}", json={"favourite": True}, headers={**me, **headers})
    assert error(response) == (400, "validation_error")


def test_the_rule_holds_in_a_batch_and_empty_headers_are_stripped(
    fake: FakeBeatTech, http: httpx.Client, me: dict[str, str]
) -> None:
    favourite(http, me, True, at="2026-04-01T10:00:00Z")

    def sub(value: bool, **headers: str) -> dict[str, Any]:
        return {"method": "PATCH", "url": f"/v2/tracks/{TRACK}", "body": {"favourite": value},
                "headers": headers}  # fmt: skip

    requests = [
        sub(False, **{"X-Base-Change": "0", "X-Change-Timestamp": "2026-04-01T09:00:00Z"}),
        sub(False, **{"X-Base-Change": "9"}),
        sub(False, **{"X-Base-Change": "0", "X-Change-Timestamp": ""}),
    ]
    outer = {**me, "X-Change-Timestamp": "2026-04-01T08:00:00Z"}
    answers = http.post("/batch", json={"requests": requests}, headers=outer).json()["responses"]
    assert [a["status"] for a in answers] == [200, 400, 200]
    assert "headers" not in answers[0] and answers[0]["body"]["track"]["favourite"] is True
    assert answers[1]["body"]["error"] == "validation_error"
    # The empty value removed the outer (older) timestamp too: the server's time won.
    assert answers[2]["headers"] == {"X-Change": 2}
    assert fake.changes[-1]["timestamp"] == "2026-04-01T12:00:00Z"


def test_favourite_bodies(http: httpx.Client, me: dict[str, str]) -> None:
    assert error(http.patch(f"/tracks/{TRACK}", json={}, headers=me)) == (400, "validation_error")
    typo = http.patch(f"/tracks/{TRACK}", json={"favourite": True, "favorite": True}, headers=me)
    assert error(typo) == (400, "validation_error")
    # Releases ignore other keys (the page says so).
    ignored = http.patch("/releases/1001", json={"favourite": True, "title": "x"}, headers=me)
    assert ignored.status_code == 200 and ignored.json()["release"]["favourite"] is True
    assert error(http.patch("/artists/1", json={"favourite": True}, headers=me))[0] == 404
    assert error(http.patch("/artists/101", json={"favourite": "yes"}, headers=me))[0] == 400


def test_favourite_writes_need_a_user_token(fake: FakeBeatTech, http: httpx.Client) -> None:
    response = http.patch(f"/tracks/{TRACK}", json={"favourite": True}, headers=bearer(fake))
    assert error(response) == (403, "access_denied")


def test_favourites_lookup(fake: FakeBeatTech, http: httpx.Client, me: dict[str, str]) -> None:
    favourite(http, me, True)
    found = http.get("/favourites", params={"entity_type": "track",
                     "entity_id": f"10002,{TRACK},{TRACK}"}, headers=me)  # fmt: skip
    assert found.json() == {
        "favourites": [{"entity_type": "track", "entity_id": TRACK, "favourited": True}]
    }
    too_many = ",".join(str(i) for i in range(1001))
    wrong = [
        {"entity_type": "track", "entity_id": too_many},
        {"entity_type": "playlist", "entity_id": "1"},
        {"entity_type": "track"},
    ]
    for params in wrong:
        assert error(http.get("/favourites", params=params, headers=me))[0] == 400


# -- bookmarks and ratings ----------------------------------------------------------------------


def test_bookmark_rules(fake: FakeBeatTech, http: httpx.Client, me: dict[str, str]) -> None:
    def create(**body: Any) -> httpx.Response:
        return http.post("/bookmarks", json={"entity_type": "track", "entity_id": TRACK, **body},
                         headers=me)  # fmt: skip

    assert create(position=3).status_code == 201
    assert error(create()) == (400, "validation_error")  # audio needs a position
    assert error(create(position=-3))[0] == 400
    assert error(create(position_type="ebook", reader_position_selector="c"))[0] == 400
    assert error(create(position_type="ebook", reader_position_selector="c",
                        reader_position_ratio=2))[0] == 400  # fmt: skip
    assert error(create(entity_id="1", position=3))[0] == 404
    assert error(create(position=3, colour="red"))[0] == 400
    path = "/bookmarks/1"
    assert error(http.patch(path, json={}, headers=me))[0] == 400
    assert error(http.patch(path, json={"position_type": "ebook"}, headers=me))[0] == 400
    assert http.get(path, headers=bearer(fake, fake.editor_user_id)).status_code == 404
    assert http.delete(path, headers=bearer(fake, fake.editor_user_id)).status_code == 404
    deleted = http.delete(path, headers=me)
    assert (deleted.status_code, deleted.json(), deleted.headers["X-Change"]) == (200, {}, "2")
    assert fake.changes[-1]["body"] == {"id": "1"}


def test_rating_rules(fake: FakeBeatTech, http: httpx.Client, me: dict[str, str]) -> None:
    def create(value: Any) -> httpx.Response:
        return http.post("/ratings", json={"entity_type": "release", "entity_id": "1001",
                         "value": value}, headers=me)  # fmt: skip

    assert create(5).json()["rating"]["value"] == 5
    assert error(create(6))[0] == 400
    assert error(create(True))[0] == 400
    listed = http.get("/ratings", params={"entity_type": "release", "entity_id": "1001"},
                      headers={**me, "Range": "ratings=0-9"})  # fmt: skip
    assert (listed.status_code, listed.headers["Content-Range"]) == (206, "ratings 0-9/1")
    tracks = http.get("/ratings", params={"entity_type": "track", "entity_id": TRACK}, headers=me)
    assert error(tracks) == (400, "validation_error")
    assert error(http.patch("/ratings/1", json={}, headers=me))[0] == 400
    assert http.get("/ratings/1", headers=bearer(fake, fake.editor_user_id)).status_code == 404


# -- release groups -------------------------------------------------------------------------------


def test_release_group_rules(fake: FakeBeatTech, http: httpx.Client, me: dict[str, str]) -> None:
    created = http.post("/releases/groups", json={"name": "Shelf", "releases": [{"id": "1001"}]},
                        headers=me)  # fmt: skip
    assert (created.status_code, created.json()["group"]["id"]) == (201, "123")
    bad = http.post("/releases/groups", json={"name": "x", "releases": [{"id": "1"}]}, headers=me)
    assert error(bad)[0] == 400
    editor = bearer(fake, fake.editor_user_id)
    assert error(http.patch("/releases/groups/123", json={"name": "x"}, headers=editor))[0] == 403
    assert error(http.delete("/releases/groups/wishlist", headers=me))[0] == 400
    assert error(http.patch("/releases/groups/played", json={"releases": []}, headers=me))[0] == 400
    named = http.patch("/releases/groups/wishlist", json={"name": "x"}, headers=me)
    assert error(named)[0] == 400
    added = http.post("/releases/groups/123/releases", json={"release_id": "1002"}, headers=me)
    assert (added.status_code, added.json()) == (200, [])
    again = http.post("/releases/groups/123/releases", json={"release_id": "1002"}, headers=me)
    assert again.status_code == 200
    assert fake.release_groups["123"]["release_ids"] == ["1001", "1002"]
    removed = http.delete("/releases/groups/123/releases/1001", headers=me)
    assert (removed.status_code, removed.json()) == (200, [])
    assert http.delete("/releases/groups/123/releases/1001", headers=me).status_code == 404
    shown = http.patch("/releases/groups/123", json={"visible": False},
                       headers={**me, "X-Include": "group-releases"})  # fmt: skip
    group = shown.json()["group"]
    assert group["visible"] is False and group["releases"][0]["id"] == "1002"
    assert [c["method"] for c in fake.changes] == ["POST", "PATCH", "PATCH", "PATCH", "PATCH"]


def test_add_release_to_a_users_group(
    fake: FakeBeatTech, http: httpx.Client, me: dict[str, str]
) -> None:
    path = f"/users/{fake.user_id}/releases/groups/wishlist/releases"
    response = http.post(path, json={"id": "1001"}, headers=me)
    assert (response.status_code, response.json()) == (200, {"id": "1001"})
    assert error(http.post(path, json={"release_id": "1001"}, headers=me))[0] == 400
    profile = bearer(fake, fake.profile_user_id)
    assert error(http.post(path, json={"id": "1001"}, headers=profile))[0] == 403
    admin = http.post(path, json={"id": "1002"}, headers=bearer(fake))
    assert admin.status_code == 200
    assert fake.shelf(fake.user_id, "wishlist") == ["1001", "1002"]
    assert [c["user_id"] for c in fake.changes] == [fake.user_id, fake.user_id]


def test_progress_writes_are_outside_the_changes_api(
    fake: FakeBeatTech, http: httpx.Client, me: dict[str, str]
) -> None:
    # The notes (L5800): the Changes API covers favourites, release groups, bookmarks
    # and ratings; progress records are stored but log no change.
    body = {"entity_type": "release", "entity_id": "1001", "changed": "2026-04-01 10:00:00",
            "stop_position": 30}  # fmt: skip
    created = http.post("/progresses", json=body, headers=me)
    progress_id = created.json()["progress"]["id"]
    later = {"changed": "2026-04-01 11:00:00", "stop_position": 60}
    updated = http.patch(f"/progresses/{progress_id}", json=later, headers=me)
    deleted = http.delete(f"/progresses/{progress_id}", headers=me)
    for response in (created, updated, deleted):
        assert response.status_code == 200 and "X-Change" not in response.headers
    assert fake.changes == [] and fake.progresses == {}
