"""Banners, banner groups, layouts and release groups against FakeBeatTech.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from beatkit.beattech import AsyncBeatTech, Banner, BannerGroup, Layout, Release, ReleaseGroup
from beatkit.beattech.editing import LinkType
from beatkit.errors import (
    BadRequestError,
    ConfigurationError,
    NotFoundError,
    PermissionDeniedError,
)
from beatkit.testing import FakeBeatTech
from beatkit.testing._wire import read_multipart

READER = (FakeBeatTech.username, FakeBeatTech.password)  # no editor role
EDITOR = ("editor@example.com", "fake-editor-password")  # FakeBeatTech.editor_user_id
Connect = Callable[..., Awaitable[AsyncBeatTech]]
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + bytes(range(64))


def sent(fake: FakeBeatTech) -> httpx.Request:
    """The last request the fake received."""
    return fake.requests[-1]


def body(request: httpx.Request) -> Any:
    return json.loads(request.content)


def editorial_state(fake: FakeBeatTech) -> str:
    catalog = fake.catalog
    tables = [catalog.banners, catalog.banner_groups, catalog.layouts, fake.release_groups]
    return json.dumps(tables, sort_keys=True)


@pytest.fixture
def image(tmp_path: Path) -> Path:
    path = tmp_path / "cover.jpg"
    path.write_bytes(JPEG)
    return path


# --- banners ----------------------------------------------------------------------------


async def test_banner_list_hides_dangling_links_unless_asked(
    fake: FakeBeatTech, connect: Connect
) -> None:
    bt = await connect()
    shown = [banner async for banner in bt.banners.list(image_sizes={"banner": "w300"})]
    request = sent(fake)
    assert request.method == "GET" and request.url.path == "/v2/banners"
    assert "filter_empty" not in request.url.params and "range" not in request.headers
    assert request.headers["X-Banner-Image-Sizes"] == "w300"
    assert fake.caller.user_id is None and fake.caller.client_id == fake.client_id  # app token
    assert all(isinstance(banner, Banner) for banner in shown)
    assert set(shown[0].image) == {"w300"}
    everything = [b async for b in bt.banners.list(filter_empty=False, page_size=3)]
    assert sent(fake).url.params["filter_empty"] == "false"
    assert len(everything) == len(shown) + 1 == len(fake.catalog.banners)
    assert {b.link_value for b in everything} - {b.link_value for b in shown} == {"999999"}


async def test_banner_list_hides_links_to_missing_groups_too(
    fake: FakeBeatTech, connect: Connect
) -> None:
    # "banners that reference non-existing entities are excluded" (L1428, L1438): a
    # banner group or release group is such an entity as much as a release is.
    editor = await connect(EDITOR)
    links: dict[LinkType, tuple[str, str]] = {
        "banner-group": ("502", "599"),
        "release-group": ("603", "699"),
        "paginated-release-group": ("602", "698"),
    }
    for link_type, (existing, missing) in links.items():
        await editor.banners.create(link_type, existing)
        await editor.banners.create(link_type, missing)
    bt = await connect()
    shown = {(b.link_type, b.link_value) async for b in bt.banners.list()}
    everything = {(b.link_type, b.link_value) async for b in bt.banners.list(filter_empty=False)}
    for link_type, (existing, missing) in links.items():
        assert (link_type, existing) in shown and (link_type, existing) in everything
        assert (link_type, missing) not in shown and (link_type, missing) in everything


async def test_banner_create_get_update(fake: FakeBeatTech, connect: Connect) -> None:
    bt = await connect(EDITOR)
    created = await bt.banners.create("paginated-release-group", 601)
    request = sent(fake)
    assert (request.method, request.url.path) == ("POST", "/v2/banners")
    assert body(request) == {"link_type": "paginated-release-group", "link_value": "601"}
    assert fake.caller.user_id == fake.editor_user_id
    assert created.link_type == "paginated-release-group" and created.link_value == "601"
    assert fake.catalog.banners[created.id]["link_value"] == "601"

    changed = await bt.banners.update(
        created.id, link_type="release", link_value="1001", title="Fresh", subtitle=""
    )
    request = sent(fake)
    assert (request.method, request.url.path) == ("PATCH", f"/v2/banners/{created.id}")
    assert body(request) == {
        "link_type": "release",
        "link_value": "1001",
        "title": "Fresh",
        "subtitle": "",
    }
    assert (changed.link_type, changed.link_value, changed.title) == ("release", "1001", "Fresh")
    assert changed.subtitle is None

    reader = await connect(READER)
    got = await reader.banners.get(int(created.id), include=["release-tracks"])
    assert sent(fake).headers["X-Include"] == "release-tracks"
    assert fake.caller.user_id == fake.user_id
    assert got == changed
    with pytest.raises(NotFoundError):
        await reader.banners.get("404404")


async def test_banner_update_follows_the_update_enum_of_the_page(
    fake: FakeBeatTech, connect: Connect
) -> None:
    # The page's update enum (L1633) lacks paginated-release-group, which create takes
    # (L1517): beatkit sends it and the fake, true to the page, refuses it.
    bt = await connect(EDITOR)
    with pytest.raises(BadRequestError) as caught:
        await bt.banners.update("401", link_type="paginated-release-group", link_value="601")
    assert "link_type" in caught.value.message
    assert fake.catalog.banners["401"]["link_type"] != "paginated-release-group"


async def test_banner_argument_checks_send_nothing(fake: FakeBeatTech, connect: Connect) -> None:
    bt = await connect(EDITOR)
    before = len(fake.requests)
    with pytest.raises(ValueError, match="link_type"):
        await bt.banners.create("playlist", "1")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="blank"):
        await bt.banners.create("url", " ")
    with pytest.raises(ValueError, match="together"):
        await bt.banners.update("401", link_type="url")
    with pytest.raises(ValueError, match="together"):
        await bt.banners.update("401", link_value="https://example.com")
    with pytest.raises(ValueError, match="at least one"):
        await bt.banners.update("401")
    with pytest.raises(TypeError):
        await bt.banners.update("401", title=3)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        await bt.banners.get(4.0)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="include"):
        bt.banners.list(include=["everything"])
    assert len(fake.requests) == before


async def test_banner_image_upload(fake: FakeBeatTech, connect: Connect, image: Path) -> None:
    bt = await connect(EDITOR)
    assert await bt.banners.upload_image(401, image) is None
    request = sent(fake)
    assert (request.method, request.url.path) == ("POST", "/v2/banners/401/image")
    assert request.headers["content-type"].startswith("multipart/form-data")
    assert b'name="image"; filename="cover.jpg"' in request.content and JPEG in request.content
    upload = fake.catalog.banners["401"]["image"]
    assert upload["content_type"] == "image/jpeg" and upload["size"] == len(JPEG)
    banner = await bt.banners.get("401", image_sizes={"banner": "w600"})
    assert banner.image["w600"].endswith("?v=" + upload["sha256"][:12])


async def test_banner_image_upload_refusals(
    fake: FakeBeatTech, connect: Connect, tmp_path: Path
) -> None:
    bt = await connect(EDITOR)
    before = len(fake.requests)
    with pytest.raises(FileNotFoundError):
        await bt.banners.upload_image("401", tmp_path / "missing.jpg")
    empty = tmp_path / "empty.jpg"
    empty.write_bytes(b"")
    with pytest.raises(ValueError, match="empty"):
        await bt.banners.upload_image("401", empty)
    assert len(fake.requests) == before
    text = tmp_path / "notes.jpg"
    text.write_bytes(b"not an image")
    with pytest.raises(BadRequestError, match="JPEG or PNG"):
        await bt.banners.upload_image("401", text)
    with pytest.raises(NotFoundError):
        await bt.banners.upload_image("999", text)


# --- banner groups ----------------------------------------------------------------------


async def test_banner_group_list_by_ids_with_banners_inline(
    fake: FakeBeatTech, connect: Connect
) -> None:
    bt = await connect(READER)
    plain = [group async for group in bt.banner_groups.list()]
    assert [group.id for group in plain] == ["501"]  # 502 is hidden from a reader
    assert plain[0].banners == fake.catalog.banner_groups["501"]["banner_ids"]
    editor = await connect(EDITOR)
    chosen = [g async for g in editor.banner_groups.list(group_ids=[502], include="group-banners")]
    request = sent(fake)
    assert request.url.params["group_ids"] == "502"
    assert request.headers["X-Include"] == "group-banners"
    assert [group.id for group in chosen] == ["502"]
    assert all(isinstance(banner, Banner) for banner in chosen[0].banners)
    assert [b.id for b in chosen[0].banners if isinstance(b, Banner)] == ["405", "406"]


async def test_banner_group_create_get_update(fake: FakeBeatTech, connect: Connect) -> None:
    bt = await connect(EDITOR)
    created = await bt.banner_groups.create(
        "Autumn",
        visible=False,
        position=3,
        source_link_type="release-group",
        source_link_value=601,
        source_link_filter={"type": ["audiobook"]},
    )
    request = sent(fake)
    assert (request.method, request.url.path) == ("POST", "/v2/banners/groups")
    assert body(request) == {
        "name": "Autumn",
        "visible": False,
        "position": 3,
        "source_link_type": "release-group",
        "source_link_value": "601",
        "source_link_filter": '{"type":["audiobook"]}',
    }
    assert isinstance(created, BannerGroup) and created.visible is False
    assert created.source_link_filter == '{"type":["audiobook"]}' and created.banners == []

    reader = await connect(READER)
    with pytest.raises(PermissionDeniedError):
        await reader.banner_groups.get(created.id)
    updated = await bt.banner_groups.update(
        created.id, visible=True, banners=["403", {"id": 401}], include="group-banners"
    )
    assert body(sent(fake)) == {"visible": True, "banners": [{"id": "403"}, {"id": "401"}]}
    assert [b.id for b in updated.banners if isinstance(b, Banner)] == ["403", "401"]
    seen = await reader.banner_groups.get(created.id)
    assert seen.banners == ["403", "401"] and seen.name == "Autumn"
    with pytest.raises(BadRequestError, match="banners"):
        await bt.banner_groups.update(created.id, banners=["9999"])
    with pytest.raises(NotFoundError):
        await bt.banner_groups.get("599")


async def test_banner_group_argument_checks_send_nothing(
    fake: FakeBeatTech, connect: Connect
) -> None:
    bt = await connect(EDITOR)
    before = len(fake.requests)
    with pytest.raises(TypeError):
        await bt.banner_groups.create("x", visible=None, position=1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="position"):
        await bt.banner_groups.create("x", visible=True, position=-1)
    with pytest.raises(ValueError, match="JSON"):
        await bt.banner_groups.create("x", visible=True, position=1, source_link_filter="{no")
    with pytest.raises(ValueError, match="at least one"):
        await bt.banner_groups.update("501")
    with pytest.raises(ValueError, match="no 'id'"):
        await bt.banner_groups.update("501", banners=[{"position": 1}])
    with pytest.raises(TypeError):
        await bt.banner_groups.update("501", banners="401")
    with pytest.raises(ValueError, match="comma"):
        bt.banner_groups.list(group_ids="501,502")
    assert len(fake.requests) == before


# --- layouts ----------------------------------------------------------------------------


async def test_layouts_list_needs_a_user(fake: FakeBeatTech, connect: Connect) -> None:
    anonymous = await connect()
    before = len(fake.requests)
    with pytest.raises(ConfigurationError):
        [layout async for layout in anonymous.layouts.list()]
    assert len(fake.requests) == before
    bt = await connect(READER)
    layouts = [layout async for layout in bt.layouts.list(page_size=1)]
    assert sent(fake).headers["Range"] == "items=1-1"
    assert [(layout.id, layout.alias) for layout in layouts] == [("1", "home"), ("2", "podcasts")]
    assert layouts[0].sections == [{"type": "banner_group", "id": "501"}]


async def test_layout_get_by_id_or_alias(fake: FakeBeatTech, connect: Connect) -> None:
    bt = await connect()
    home = await bt.layouts.get("home")
    assert sent(fake).url.path == "/v2/layouts/home"
    assert isinstance(home, Layout) and home.name == "Home"
    assert await bt.layouts.get(1) == home
    with pytest.raises(NotFoundError):
        await bt.layouts.get("radio")


async def test_layout_update_and_conditions(fake: FakeBeatTech, connect: Connect) -> None:
    bt = await connect(EDITOR)
    sections = [{"type": "release_group", "id": "601"}, {"type": "banner_group", "id": "501"}]
    updated = await bt.layouts.update(1, name="Front", sections=sections)
    request = sent(fake)
    assert (request.method, request.url.path) == ("PATCH", "/v2/layouts/1")
    assert body(request) == {"name": "Front", "sections": sections}
    assert updated.name == "Front" and updated.sections == sections
    assert (await bt.layouts.get("home")).sections == sections

    assert await bt.layouts.conditions("1") == []
    stored = await bt.layouts.replace_conditions(
        1, [{"region": "NO"}, {"product_id": "203", "profile_type": "child"}]
    )
    request = sent(fake)
    assert (request.method, request.url.path) == ("PUT", "/v2/layouts/1/conditions")
    assert body(request) == {
        "conditions": [{"region": "NO"}, {"product_id": "203", "profile_type": "child"}]
    }
    assert [(c.region, c.product_id, c.profile_type) for c in stored] == [
        ("NO", None, None),
        (None, "203", "child"),
    ]
    reader = await connect(READER)
    assert await reader.layouts.conditions(1) == stored
    assert fake.caller.user_id == fake.user_id
    assert await bt.layouts.replace_conditions(1, []) == []


async def test_layout_update_checks(fake: FakeBeatTech, connect: Connect) -> None:
    bt = await connect(EDITOR)
    before = len(fake.requests)
    with pytest.raises(ValueError, match="numeric"):
        await bt.layouts.update("home", name="Home")
    with pytest.raises(ValueError, match="numeric"):
        await bt.layouts.conditions("podcasts")
    with pytest.raises(ValueError, match="at least one"):
        await bt.layouts.update(1)
    with pytest.raises(TypeError):
        await bt.layouts.update(1, sections=[["banner_group"]])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        await bt.layouts.replace_conditions(1, {"region": "NO"})  # type: ignore[arg-type]
    assert len(fake.requests) == before
    with pytest.warns(DeprecationWarning, match="region"):
        updated = await bt.layouts.update(2, region="NO")
    assert body(sent(fake)) == {"region": "NO"}
    assert updated.id == "2" and fake.catalog.layouts["2"]["region"] == "NO"
    with pytest.raises(NotFoundError):
        await bt.layouts.update(99, name="Nowhere")


# --- release groups ---------------------------------------------------------------------


async def test_release_group_list_shows_visible_groups(
    fake: FakeBeatTech, connect: Connect
) -> None:
    bt = await connect()
    groups = [group async for group in bt.release_groups.list()]
    assert [group.id for group in groups] == ["601", "602"]  # 603 is a hidden draft
    assert groups[0].releases == fake.release_groups["601"]["release_ids"]
    expanded = [
        group
        async for group in bt.release_groups.list(
            include="group-releases",
            image_sizes={"release_group": "w600", "release_cover": "w800"},
            limit=1,
        )
    ]
    request = sent(fake)
    assert request.url.path == "/v2/releases/groups"
    assert request.headers["X-Include"] == "group-releases"
    assert request.headers["X-Release-Group-Image-Sizes"] == "w600"
    assert len(expanded) == 1 and set(expanded[0].image) == {"w600"}
    releases = expanded[0].releases
    assert all(isinstance(release, Release) for release in releases)
    assert [r.id for r in releases if isinstance(r, Release)] == groups[0].releases
    assert all(set(r.cover) == {"w800"} for r in releases if isinstance(r, Release))


async def test_release_group_get_by_id_and_alias(fake: FakeBeatTech, connect: Connect) -> None:
    anonymous = await connect()
    group = await anonymous.release_groups.get(601)
    assert sent(fake).url.path == "/v2/releases/groups/601"
    assert isinstance(group, ReleaseGroup) and group.name == "Staff favourites"
    with pytest.raises(PermissionDeniedError):
        await anonymous.release_groups.get("603")
    with pytest.raises(NotFoundError):
        await anonymous.release_groups.get("699")
    before = len(fake.requests)
    with pytest.raises(ConfigurationError, match="wishlist"):
        await anonymous.release_groups.get("wishlist")
    assert len(fake.requests) == before
    # bt.app sends the app token whoever is logged in: the API refuses the alias.
    bt = await connect(READER)
    with pytest.raises(PermissionDeniedError):
        await bt.app.release_groups.get("purchased")
    fake.shelf(fake.user_id, "purchased")[:0] = ["1002", "1001"]
    purchased = await bt.release_groups.get("purchased")
    assert fake.caller.user_id == fake.user_id
    assert (purchased.id, purchased.releases) == ("purchased", ["1002", "1001"])
    editor = await connect(EDITOR)
    assert (await editor.release_groups.get(603)).visible is False


async def test_synthetic_group_releases(fake: FakeBeatTech, connect: Connect) -> None:
    bt = await connect(READER)
    fake.shelf(fake.user_id, "wishlist")[:0] = ["1003", "1001", "1002"]
    wished = [release async for release in bt.release_groups.releases("wishlist")]
    request = sent(fake)
    assert (request.method, request.url.path) == ("GET", "/v2/releases/groups/wishlist/releases")
    assert fake.caller.user_id == fake.user_id
    assert [release.id for release in wished] == ["1003", "1001", "1002"]
    assert all(release.title for release in wished)

    ids = [
        r
        async for r in bt.release_groups.releases(
            "wishlist", release_ids=[1001, "1002"], ids_only=True
        )
    ]
    params = sent(fake).url.params
    assert (params["release_ids"], params["response_type"]) == ("1001,1002", "id")
    assert ids == [Release(id="1001"), Release(id="1002")]


async def test_played_follows_progress_records(fake: FakeBeatTech, connect: Connect) -> None:
    bt = await connect(READER)
    assert [release async for release in bt.release_groups.releases("played")] == []
    first, second = list(fake.catalog.tracks.values())[:: len(fake.catalog.tracks) - 1]
    at = datetime(2026, 4, 1, 10, 0, tzinfo=UTC)
    await bt.progresses.create("track", first["id"], changed=at, stop_position=30)
    await bt.progresses.create(
        "release",
        "1002",
        changed=at + timedelta(hours=1),
        position_type="ebook",
        reader_position_selector="epubcfi(/6/2!/0)",
        reader_position_ratio=0.5,
    )
    await bt.progresses.create(
        "track", second["id"], changed=at - timedelta(days=1), stop_position=9
    )
    played = [release.id async for release in bt.release_groups.releases("played")]
    assert played == ["1002", first["release_id"], second["release_id"]]


async def test_synthetic_group_checks(fake: FakeBeatTech, connect: Connect) -> None:
    bt = await connect(READER)
    before = len(fake.requests)
    with pytest.raises(ValueError, match="played"):
        bt.release_groups.releases("played", release_ids=["1001"])
    with pytest.raises(ValueError, match="1000"):
        bt.release_groups.releases("purchased", release_ids=range(1, 1002))
    with pytest.raises(ValueError, match="alias"):
        bt.release_groups.releases("601")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        bt.release_groups.releases("wishlist", ids_only="yes")  # type: ignore[arg-type]
    anonymous = await connect()
    with pytest.raises(ConfigurationError):
        [release async for release in anonymous.release_groups.releases("wishlist")]
    assert len(fake.requests) == before
    ok = [r async for r in bt.release_groups.releases("purchased", release_ids=range(1, 1001))]
    assert ok == []


async def test_release_group_reorder_is_deprecated(fake: FakeBeatTech, connect: Connect) -> None:
    bt = await connect(EDITOR)
    with pytest.warns(DeprecationWarning, match="layouts"):
        groups = await bt.release_groups.reorder([603, {"id": "601"}])
    request = sent(fake)
    assert (request.method, request.url.path) == ("PUT", "/v2/releases/groups")
    assert body(request) == {"groups": [{"id": "603"}, {"id": "601"}]}
    assert [group.id for group in groups] == ["603", "601", "602"]
    listed = [group.id async for group in bt.release_groups.list()]
    assert listed == ["603", "601", "602"]
    with pytest.warns(DeprecationWarning, match="reorder"), pytest.raises(BadRequestError):
        await bt.release_groups.reorder(["699"])
    with (
        pytest.warns(DeprecationWarning, match="reorder"),
        pytest.raises(ValueError, match="at least one"),
    ):
        await bt.release_groups.reorder([])


async def test_release_group_image_upload(
    fake: FakeBeatTech, connect: Connect, image: Path
) -> None:
    bt = await connect(EDITOR)
    assert await bt.release_groups.upload_image("602", str(image)) is None
    request = sent(fake)
    assert (request.method, request.url.path) == ("POST", "/v2/releases/groups/602/image")
    assert b'name="image"' in request.content
    assert fake.release_groups["602"]["image"]["sha256"]
    with pytest.raises(NotFoundError):
        await bt.release_groups.upload_image("699", image)


@pytest.mark.parametrize("resource", ["banners", "release_groups"])
async def test_an_image_part_is_labelled_by_its_bytes_not_its_file_name(
    resource: str, fake: FakeBeatTech, connect: Connect, tmp_path: Path
) -> None:
    # The page takes the image as a multipart `image` part (L1668, L4641); its
    # Content-Type says what the file is: a JPEG named *.png, *.txt or with no suffix
    # is image/jpeg, a PNG named *.jpg image/png; other bytes are not called an image.
    bt = await connect(EDITOR)
    upload = getattr(bt, resource).upload_image
    group = "401" if resource == "banners" else "602"
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(64))
    for name, content, expected in [
        ("cover.png", JPEG, "image/jpeg"),
        ("cover.txt", JPEG, "image/jpeg"),
        ("cover", JPEG, "image/jpeg"),
        ("photo.jpg", png, "image/png"),
        ("notes.jpg", b"not an image", "application/octet-stream"),
    ]:
        path = tmp_path / name
        path.write_bytes(content)
        try:
            await upload(group, path)
        except BadRequestError:
            assert expected == "application/octet-stream"  # the fake takes JPEG or PNG
        assert read_multipart(sent(fake))["image"] == (name, expected, content)


# --- editors only -----------------------------------------------------------------------

EDITOR_CALLS: dict[str, Callable[[AsyncBeatTech, Path], Awaitable[Any]]] = {
    "banners.create": lambda bt, _: bt.banners.create("url", "https://example.com"),
    "banners.update": lambda bt, _: bt.banners.update("401", title="Mine"),
    "banners.upload_image": lambda bt, image: bt.banners.upload_image("401", image),
    "banner_groups.create": lambda bt, _: bt.banner_groups.create("G", visible=True, position=1),
    "banner_groups.update": lambda bt, _: bt.banner_groups.update("501", name="Mine"),
    "layouts.update": lambda bt, _: bt.layouts.update(1, name="Mine"),
    "layouts.replace_conditions": lambda bt, _: bt.layouts.replace_conditions(1, []),
    "release_groups.upload_image": lambda bt, image: bt.release_groups.upload_image(601, image),
}


@pytest.mark.parametrize("key", sorted(EDITOR_CALLS))
async def test_editor_operations_refuse_other_users(
    key: str, fake: FakeBeatTech, connect: Connect, image: Path
) -> None:
    bt = await connect(READER)
    snapshot = editorial_state(fake)
    with pytest.raises(PermissionDeniedError) as caught:
        await EDITOR_CALLS[key](bt, image)
    assert caught.value.status_code == 403 and caught.value.code == "access_denied"
    assert sent(fake).headers["authorization"].startswith("Bearer ")
    assert editorial_state(fake) == snapshot
    anonymous = await connect()
    before = len(fake.requests)
    with pytest.raises(ConfigurationError):
        await EDITOR_CALLS[key](anonymous, image)
    assert len(fake.requests) == before


async def test_deprecated_reorder_is_for_editors_too(fake: FakeBeatTech, connect: Connect) -> None:
    bt = await connect(READER)
    with pytest.warns(DeprecationWarning, match="reorder"), pytest.raises(PermissionDeniedError):
        await bt.release_groups.reorder(["601"])
    assert fake.release_groups["601"]["position"] == 1
