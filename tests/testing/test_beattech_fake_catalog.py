"""FakeBeatTech's catalogue with raw httpx: refusals, filters and data the client tests
do not reach (the client's own tests are in tests/beattech/_async/test_catalog.py)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from beatkit.beattech.wire import RANGE_UNITS
from beatkit.testing import FakeBeatTech
from beatkit.testing.beattech import UNITS
from tests.testing._beattech import bearer

NOW = datetime(2026, 4, 1, 12, 0, tzinfo=UTC).timestamp()
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


@pytest.fixture
def now() -> list[float]:
    return [NOW]


@pytest.fixture
def fake(now: list[float]) -> FakeBeatTech:
    return FakeBeatTech(clock=lambda: now[0])


def error(response: httpx.Response) -> tuple[int, str]:
    return response.status_code, response.json()["error"]


def upload(
    http: httpx.Client, fake: FakeBeatTech, path: str, *, user_id: str | None = None, **kwargs: Any
) -> httpx.Response:
    headers = bearer(fake, user_id or fake.editor_user_id)
    return http.post(path, headers=headers, **kwargs)


def test_the_fake_pages_in_the_clients_own_unit_table() -> None:
    # One table: a unit fixed for the client is fixed for the fake.
    assert UNITS is RANGE_UNITS
    assert UNITS["events.list"] == "items"


# -- data --------------------------------------------------------------------------------


def test_ebook_editions_share_their_audiobooks_work(fake: FakeBeatTech) -> None:
    releases = fake.catalog.releases
    ebooks = [r for r in releases.values() if r["type"] == "ebook"]
    books = [r for r in releases.values() if r["type"] == "audiobook"]
    assert len(ebooks) == (len(books) + 1) // 2
    for ebook in ebooks:
        book = releases[ebook["work_id"]]
        assert book["type"] == "audiobook" and ebook["title"] == book["title"]
        assert ebook["track_ids"] == [] and ebook["series_id"] is None
        assert [a["role"] for a in ebook["actors"]] == ["author"]
        digits = [int(d) for d in ebook["isbn"]]
        assert sum(d * (1 if i % 2 == 0 else 3) for i, d in enumerate(digits)) % 10 == 0
    assert all(r["work_id"] == r["id"] for r in releases.values() if r["type"] != "ebook")
    assert FakeBeatTech(seed=7).catalog.releases == FakeBeatTech(seed=7).catalog.releases


def test_personal_data_helpers_check_their_input(fake: FakeBeatTech) -> None:
    with pytest.raises(KeyError):
        fake.add_bookmark("1", "track", "10001")
    with pytest.raises(ValueError, match="0 to 5"):
        fake.add_rating(fake.user_id, "release", "1001", 6)
    with pytest.raises(ValueError, match="alias"):
        fake.add_release_group("Mine", alias="wishlist")
    with pytest.raises(KeyError):
        fake.add_release_group("Shelf", ["999999"])
    progress = fake.add_progress(fake.user_id, "track", "10001", stop_position=5)
    assert progress["changed"] == "2026-04-01 12:00:00"
    assert fake.progresses[progress["id"]] is progress


# -- actors and artists --------------------------------------------------------------------


def test_actors_need_a_role_and_an_unknown_one_is_empty(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    assert error(http.get("/actors", headers=bearer(fake))) == (400, "validation_error")
    empty = http.get("/actors", params={"role": "conductor"}, headers=bearer(fake))
    assert (empty.status_code, empty.json()) == (206, {"actors": []})
    assert empty.headers["Content-Range"] == "actors 0-19/0"
    plain = http.get("/actors", params={"role": "author"}, headers=bearer(fake))
    assert "image" not in plain.json()["actors"][0]  # no X-Actor-Image-Sizes, no images


def test_image_uploads_take_a_multipart_jpeg_from_editors(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    jpeg = {"image": ("a.jpg", JPEG, "image/jpeg")}
    assert upload(http, fake, "/actors/101/image", files=jpeg).json() == {}
    assert fake.uploaded_images[("actors", "101")] == JPEG
    png = {"image": ("a.png", b"\x89PNG\r\n\x1a\n", "image/png")}
    assert error(upload(http, fake, "/actors/101/image", files=png)) == (400, "validation_error")
    other = {"file": ("a.jpg", JPEG, "image/jpeg")}
    response = upload(http, fake, "/series/301/image", files=other)
    assert response.json()["error_developer"] == {"parameter": "image"}
    assert error(upload(http, fake, "/series/301/image", json={"image": "x"}))[0] == 400
    assert error(upload(http, fake, "/actors/999/image", files=jpeg))[0] == 404
    assert error(upload(http, fake, "/actors/101/image", files=jpeg, user_id=fake.user_id)) == (
        403,
        "access_denied",
    )
    assert ("series", "301") not in fake.uploaded_images


def test_bio_update_takes_content_or_null_only(fake: FakeBeatTech, http: httpx.Client) -> None:
    editor = bearer(fake, fake.editor_user_id)
    for body in ({}, {"content": 5}, {"content": " "}, {"content": "x", "summary": "y"}):
        assert error(http.put("/artists/101/bio", json=body, headers=editor))[0] == 400
    assert http.put("/artists/101/bio", json={"content": None}, headers=editor).json() == {
        "bio": {"summary": None, "content": None, "url": None, "source": None}
    }


def test_top_release_types(fake: FakeBeatTech, http: httpx.Client) -> None:
    singles = http.get("/artists/101/releases/top", params={"types": "single"},
                       headers=bearer(fake)).json()["releases"]  # fmt: skip
    assert {r["type"] for r in singles} <= {"single"}
    bad = http.get("/artists/101/releases/top", params={"types": "album,"}, headers=bearer(fake))
    assert error(bad) == (400, "validation_error")
    assert error(http.get("/artists/999/tracks/top", headers=bearer(fake)))[0] == 404


@pytest.mark.parametrize("header", ["X-Include", "X-Includes"])
def test_top_releases_read_the_include_header_under_both_names(
    fake: FakeBeatTech, http: httpx.Client, header: str
) -> None:
    # The operation names its header X-Includes (L798), every other one X-Include.
    headers = {**bearer(fake), header: "release-tracks"}
    releases = http.get("/artists/101/releases/top", headers=headers).json()["releases"]
    assert releases
    for release in releases:
        tracks = fake.catalog.releases[release["id"]]["track_ids"]
        assert [track["id"] for track in release["tracks"]] == tracks


# -- releases ------------------------------------------------------------------------------


def test_release_namespaces(fake: FakeBeatTech, http: httpx.Client) -> None:
    assert error(http.get("/releases/1001", params={"ns": "upc"}, headers=bearer(fake)))[0] == 400
    assert error(http.get("/releases/abc", headers=bearer(fake)))[0] == 404


@pytest.mark.parametrize("header", ["X-Base-Change", "X-Base_Change"])
def test_release_favourite_reads_the_base_change_under_both_names(
    fake: FakeBeatTech, http: httpx.Client, header: str
) -> None:
    # The release PATCH names its header X-Base_Change (L4066), the others X-Base-Change.
    headers = {**bearer(fake, fake.user_id), header: "999"}
    ahead = http.patch("/releases/1001", json={"favourite": True}, headers=headers)
    assert error(ahead) == (400, "validation_error")
    assert "X-Base-Change" in ahead.json()["error_description"]
    headers[header] = "0"
    accepted = http.patch("/releases/1001", json={"favourite": True}, headers=headers)
    assert accepted.status_code == 200 and accepted.json()["release"]["favourite"] is True


def test_release_list_without_a_filter_is_an_empty_206(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    response = http.get("/releases", params={"licensor_id": "701"}, headers=bearer(fake))
    assert (response.status_code, response.json()) == (206, {"releases": []})
    assert response.headers["Content-Range"] == "releases 0-19/0"


def test_release_number_filter(fake: FakeBeatTech, http: httpx.Client) -> None:
    series = fake.catalog.series["301"]["release_ids"]

    def numbers(window: str) -> httpx.Response:
        return http.get("/releases", params={"series_id": "301"},
                        headers={**bearer(fake), "Range": window})  # fmt: skip

    response = numbers("release_number=2-9")
    assert response.status_code == 206
    assert [r["id"] for r in response.json()["releases"]] == series[1:]
    assert response.headers["Content-Range"] == f"release_number 2-9/{len(series)}"
    assert numbers("release_number=3-2").headers["Content-Range"] == "release_number */3"
    assert numbers("release_number=3-2").status_code == 416
    window = numbers("releases=1-1")
    assert [r["id"] for r in window.json()["releases"]] == series[1:2]
    assert error(http.get("/releases", params={"series_id": "399"}, headers=bearer(fake)))[0] == 404


def test_rated_by_is_honoured_for_the_caller_only(fake: FakeBeatTech, http: httpx.Client) -> None:
    fake.add_rating(fake.user_id, "release", "1002", 4)
    params = {"rated_by": fake.user_id}
    mine = http.get("/releases", params=params, headers=bearer(fake, fake.user_id))
    assert [r["id"] for r in mine.json()["releases"]] == ["1002"]
    assert http.get("/releases", params=params, headers=bearer(fake)).json()["releases"] == []


def test_media_available_from_is_clamped_to_today(
    fake: FakeBeatTech, http: httpx.Client, now: list[float]
) -> None:
    now[0] = datetime(2020, 6, 1, tzinfo=UTC).timestamp()

    def ids(day: str) -> list[str]:
        params = {"media_available_from": day}
        return [r["id"] for r in http.get("/releases", params=params,
                                          headers=bearer(fake)).json()["releases"]]  # fmt: skip

    assert ids("2099-12-31") == ids("2020-06-01") != []
    bad = http.get("/releases", params={"media_available_from": "June"}, headers=bearer(fake))
    assert error(bad) == (400, "validation_error")


def test_group_filters_follow_visibility(fake: FakeBeatTech, http: httpx.Client) -> None:
    hidden = {"banner_group_id": "502"}
    assert error(http.get("/releases", params=hidden, headers=bearer(fake)))[0] == 403
    assert http.get("/releases", params=hidden,
                    headers=bearer(fake, fake.editor_user_id)).status_code == 206  # fmt: skip
    private = fake.add_release_group("Mine", ["1001"], user_id=fake.user_id, visible=False)
    by_id = {"release_group_id": private["id"]}
    assert error(http.get("/releases", params=by_id, headers=bearer(fake)))[0] == 403
    owner = http.get("/releases", params=by_id, headers=bearer(fake, fake.user_id))
    assert [r["id"] for r in owner.json()["releases"]] == ["1001"]
    alias = {"release_group_id": "played"}
    assert error(http.get("/releases", params=alias, headers=bearer(fake))) == (
        403,
        "access_denied",
    )
    track = fake.catalog.releases["1003"]["track_ids"][0]
    fake.add_progress(fake.user_id, "track", track, stop_position=1, changed=NOW - 9)
    fake.add_progress(fake.user_id, "release", "1001", stop_position=1, changed=NOW - 1)
    played = http.get("/releases", params=alias, headers=bearer(fake, fake.user_id))
    assert [r["id"] for r in played.json()["releases"]] == ["1001", "1003"]
    missing = {"release_group_id": "999"}
    assert error(http.get("/releases", params=missing, headers=bearer(fake)))[0] == 404


def test_personal_lists_need_a_user_and_a_known_entity(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    assert error(http.get("/tracks/10001/bookmarks", headers=bearer(fake)))[0] == 403
    user = bearer(fake, fake.user_id)
    assert error(http.get("/tracks/1/bookmarks", headers=user))[0] == 404
    assert error(http.get("/releases/1/tracks/progresses", headers=user))[0] == 404
    assert error(http.get("/tracks/10001/progress", headers=user)) == (404, "error_not_found")
    fake.add_progress(fake.user_id, "track", "10001", stop_position=3, changed=NOW - 5)
    fake.add_progress(fake.user_id, "track", "10001", stop_position=9, changed=NOW - 1)
    latest = http.get("/tracks/10001/progress", headers=user).json()["progress"]
    assert latest["stop_position"] == 9 and "user_id" not in latest


# -- series --------------------------------------------------------------------------------


def test_series_search_without_a_query_is_empty(fake: FakeBeatTech, http: httpx.Client) -> None:
    for params in ({}, {"query": " "}):
        response = http.get("/series", params=params, headers=bearer(fake))
        assert (response.status_code, response.json()) == (206, {"series": []})


def test_series_update_needs_a_field(fake: FakeBeatTech, http: httpx.Client) -> None:
    editor = bearer(fake, fake.editor_user_id)
    for body in ({}, {"name": ""}, {"description": 3}, {"title": "x"}):
        assert error(http.patch("/series/301", json=body, headers=editor))[0] == 400
    assert fake.catalog.series["301"]["name"] == "The Fjord Mysteries"


# -- streams -------------------------------------------------------------------------------


def test_previews(fake: FakeBeatTech, http: httpx.Client) -> None:
    # A user without a subscription may preview.
    user = bearer(fake, fake.msisdn_user_id)
    stream = http.get("/streams/previews/10001", headers=user).json()["stream"]
    assert "/media/preview/10001/" in stream["url"]
    assert http.get(stream["url"]).content == fake.stream_bytes("10001", "aac/normal")
    assert fake.stream_grants[-1]["kind"] == "preview"
    ebook = next(r["id"] for r in fake.catalog.releases.values() if r["type"] == "ebook")
    no_tracks = http.get(f"/streams/previews/{ebook}", params={"ns": "release_id"}, headers=user)
    assert error(no_tracks)[0] == 404
    bad = http.get("/streams/previews/1001", params={"ns": "isbn"}, headers=user)
    assert error(bad)[0] == 400


def test_release_streams_need_a_subscription_or_a_context(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    assert error(http.get("/streams/releases/1001", headers=bearer(fake))) == (
        403,
        "subscription_required",
    )
    promo = http.get("/streams/releases/1001",
                     headers={**bearer(fake), "X-Stream-Context": "release/1001"})  # fmt: skip
    body = promo.json()
    assert set(body) == {"track", "streams"}
    assert list(body["streams"]) == fake.catalog.releases["1001"]["track_ids"]
    assert {g["context"] for g in fake.stream_grants} == {"release/1001"}


# -- events and features -------------------------------------------------------------------


def test_global_events_are_206_in_items(fake: FakeBeatTech, http: httpx.Client) -> None:
    response = http.get("/events", headers=bearer(fake))
    total = len(fake.catalog.releases)
    assert response.status_code == 206
    assert response.headers["Content-Range"] == f"items 0-19/{total}"
    first = response.json()["events"][0]
    assert first["type"] == "release.published" and set(first) >= {"id", "time", "release"}
    assert error(http.get("/events", headers={**bearer(fake), "Range": "events=0-9"}))[0] == 400


@pytest.mark.parametrize(
    "params",
    [
        {"entity_type": "track", "entity_id": "1"},
        {"entity_type": "release"},
        {"entity_type": "device", "entity_id": "a,b"},
        {"entity_type": "release", "entity_id": "1001,"},
    ],
)
def test_feature_refusals(fake: FakeBeatTech, http: httpx.Client, params: dict[str, str]) -> None:
    assert error(http.get("/features", params=params, headers=bearer(fake))) == (
        400,
        "validation_error",
    )


def test_release_features_skip_unknown_ids(fake: FakeBeatTech, http: httpx.Client) -> None:
    params = {"entity_type": "release", "entity_id": "1001,999999"}
    features = http.get("/features", params=params, headers=bearer(fake)).json()["features"]
    assert {f["entity_id"] for f in features} == {"1001"}
    assert {f["name"] for f in features} == {
        "has_online_access",
        "has_offline_access",
        "has_preview",
    }
