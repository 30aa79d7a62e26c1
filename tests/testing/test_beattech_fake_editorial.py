"""FakeBeatTech's editorial and progress routes with raw httpx: what the fake itself refuses."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from beatkit.testing import FakeBeatTech
from tests.testing._beattech import bearer

PNG = b"\x89PNG\r\n\x1a\n" + bytes(32)


@pytest.fixture
def fake() -> FakeBeatTech:
    return FakeBeatTech()


def refusal(response: httpx.Response) -> tuple[int, str, str]:
    body = response.json()
    return response.status_code, body["error"], body["error_description"]


# -- banners and banner groups -------------------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "named"),
    [
        ({}, "Nothing"),
        ({"link_type": "url"}, "link_type"),
        ({"link_type": "url", "link_value": ""}, "link_value"),
        ({"title": 3}, "title"),
        ({"colour": "red"}, "colour"),
    ],
)
def test_banner_update_refusals(
    fake: FakeBeatTech, http: httpx.Client, payload: dict[str, Any], named: str
) -> None:
    response = http.patch("/banners/401", json=payload, headers=bearer(fake, fake.editor_user_id))
    status, code, description = refusal(response)
    assert (status, code) == (400, "validation_error") and named in description


def test_banner_create_takes_json_only(fake: FakeBeatTech, http: httpx.Client) -> None:
    editor = bearer(fake, fake.editor_user_id)
    form = http.post("/banners", data={"link_type": "url", "link_value": "x"}, headers=editor)
    assert refusal(form)[:2] == (400, "validation_error")
    made = http.post("/banners", json={"link_type": "url", "link_value": "x"}, headers=editor)
    assert made.json()["banner"] == {
        "id": "408", "title": None, "subtitle": None, "link_type": "url", "link_value": "x",
    }  # fmt: skip


def test_image_uploads_take_jpeg_or_png_in_an_image_part(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    editor = bearer(fake, fake.editor_user_id)
    png = http.post("/banners/402/image", files={"image": ("a.png", PNG)}, headers=editor)
    assert (png.status_code, png.json()) == (200, {})
    assert fake.catalog.banners["402"]["image"]["content_type"] == "image/png"
    wrong_field = http.post("/banners/402/image", files={"file": ("a.png", PNG)}, headers=editor)
    assert refusal(wrong_field)[:2] == (400, "validation_error")
    not_multipart = http.post("/releases/groups/601/image", content=PNG, headers=editor)
    assert "image" in refusal(not_multipart)[2]


def test_banner_group_create_and_update_refusals(fake: FakeBeatTech, http: httpx.Client) -> None:
    editor = bearer(fake, fake.editor_user_id)
    base = {"name": "G", "visible": True, "position": 1}
    for payload, named in [
        ({"name": "G", "position": 1}, "visible"),
        ({**base, "position": "1"}, "position"),
        ({**base, "source_link_filter": "{not json"}, "source_link_filter"),
    ]:
        status, _, description = refusal(http.post("/banners/groups", json=payload, headers=editor))
        assert status == 400 and named in description
    for payload, named in [
        ({}, "At least one"),
        ({"banners": [{"id": "401"}, {"id": 401}]}, "twice"),
        ({"banners": ["401"]}, "array of objects"),
        ({"position": 2}, "position"),  # not among the update's fields
    ]:
        response = http.patch("/banners/groups/501", json=payload, headers=editor)
        status, _, description = refusal(response)
        assert status == 400 and named in description
    assert fake.catalog.banner_groups["501"]["banner_ids"] == ["401", "402", "403", "404"]


# -- layouts ---------------------------------------------------------------------------------


def test_layout_writes_take_numeric_ids_only(fake: FakeBeatTech, http: httpx.Client) -> None:
    editor = bearer(fake, fake.editor_user_id)
    assert http.patch("/layouts/home", json={"name": "x"}, headers=editor).status_code == 404
    assert http.get("/layouts/home/conditions", headers=editor).status_code == 404


def test_layout_condition_refusals(fake: FakeBeatTech, http: httpx.Client) -> None:
    editor = bearer(fake, fake.editor_user_id)
    for payload, named in [
        ({"conditions": [{"colour": "red"}]}, "conditions[0].colour"),
        ({"conditions": [{}]}, "conditions[0].region"),
        ({"conditions": {"region": "NO"}}, "conditions"),
        ({"rules": []}, "rules"),
    ]:
        status, _, description = refusal(
            http.put("/layouts/1/conditions", json=payload, headers=editor)
        )
        assert status == 400 and named in description
    assert fake.catalog.layouts["1"]["conditions"] == []


# -- release groups --------------------------------------------------------------------------


def test_synthetic_listing_refusals(fake: FakeBeatTech, http: httpx.Client) -> None:
    reader = bearer(fake, fake.user_id)
    path = "/releases/groups/{}/releases"
    too_many = ",".join(str(n) for n in range(1, 1002))
    for group, params, named in [
        ("601", {}, "group_id"),
        ("played", {"release_ids": "1001"}, "release_ids"),
        ("purchased", {"release_ids": too_many}, "release_ids"),
        ("wishlist", {"response_type": "full"}, "response_type"),
    ]:
        response = http.get(path.format(group), params=params, headers=reader)
        status, _, description = refusal(response)
        assert status == 400 and named in description
    app = http.get(path.format("wishlist"), headers=bearer(fake))
    assert refusal(app)[:2] == (403, "access_denied")


def test_synthetic_alias_needs_a_user(fake: FakeBeatTech, http: httpx.Client) -> None:
    assert http.get("/releases/groups/wishlist", headers=bearer(fake)).status_code == 403
    mine = http.get("/releases/groups/wishlist", headers=bearer(fake, fake.user_id))
    assert mine.json()["group"]["releases"] == []


def test_shelf_helper(fake: FakeBeatTech) -> None:
    shelf = fake.shelf(fake.user_id, "borrowed")
    shelf.append("1001")
    assert fake.shelves[fake.user_id]["borrowed"] == ["1001"]
    with pytest.raises(ValueError, match="alias"):
        fake.shelf(fake.user_id, "rented")
    with pytest.raises(KeyError):
        fake.shelf("1", "wishlist")


def test_reorder_names_editorial_groups_once(fake: FakeBeatTech, http: httpx.Client) -> None:
    editor = bearer(fake, fake.editor_user_id)
    twice = http.put("/releases/groups", json={"groups": [{"id": "601"}, {"id": "601"}]},
                     headers=editor)  # fmt: skip
    assert "twice" in refusal(twice)[2]
    assert [g["position"] for g in fake.release_groups.values()] == [1, 2, 3]


# -- progresses and LCP ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "named"),
    [
        ({"changed": "2026-04-01T10:00:00Z", "stop_position": 1}, "changed"),
        ({"changed": "2026-02-30 10:00:00", "stop_position": 1}, "changed"),
        ({"changed": "2026-04-01 10:00:00"}, "stop_position"),
        ({"changed": "2026-04-01 10:00:00", "stop_position": 1,
          "reader_position_ratio": 0.5}, "reader_position_selector"),
        ({"changed": "2026-04-01 10:00:00", "position_type": "ebook",
          "reader_position_selector": "x", "reader_position_ratio": 2}, "reader_position_ratio"),
    ],
)  # fmt: skip
def test_progress_refusals(
    fake: FakeBeatTech, http: httpx.Client, payload: dict[str, Any], named: str
) -> None:
    body = {"entity_type": "release", "entity_id": "1001", **payload}
    status, _, description = refusal(
        http.post("/progresses", json=body, headers=bearer(fake, fake.user_id))
    )
    assert status == 400 and named in description
    assert fake.progresses == {}


def test_progress_list_filters_go_together(fake: FakeBeatTech, http: httpx.Client) -> None:
    reader = bearer(fake, fake.user_id)
    halves = [{"entity_type": "track"}, {"entity_id": "1"}, {"entity_type": "x", "entity_id": "1"}]
    for params in halves:
        assert http.get("/progresses", params=params, headers=reader).status_code == 400
    assert http.get("/progresses", headers=bearer(fake)).status_code == 403


def test_lcp_license_checks_the_purpose(fake: FakeBeatTech, http: httpx.Client) -> None:
    reader = bearer(fake, fake.user_id)
    path = "/releases/1001/lcp/license"
    response = http.post(path, json={"purpose": "read", "password": "pw"}, headers=reader)
    assert response.status_code == 400 and "purpose" in response.json()["error_description"]
    blank = http.post(path, json={"purpose": "export", "password": ""}, headers=reader)
    assert blank.status_code == 400 and "password" in blank.json()["error_description"]
    assert fake.lcp_exports == []
