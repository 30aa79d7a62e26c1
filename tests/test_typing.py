"""The public API as a user's type checker sees it: ``tests/typing/`` under ``mypy --strict``.

The files in ``tests/typing/`` are never run; each ``assert_type`` in them pins a
type (see ``tests/typing/public_api.py``). The project's own mypy run covers
``beatkit`` only, so this test is what checks them. One small directory keeps it fast.
"""

from __future__ import annotations

from pathlib import Path

import pytest

mypy_api = pytest.importorskip("mypy.api")

ROOT = Path(__file__).resolve().parent.parent
CHECKED = ROOT / "tests" / "typing"


def test_the_public_api_types_hold_under_mypy_strict(tmp_path: Path) -> None:
    files = sorted(CHECKED.glob("*.py"))
    assert files, f"nothing to check in {CHECKED}"
    config = tmp_path / "mypy.ini"
    # mypy_path puts this checkout's beatkit ahead of any installed copy.
    # authlib ships no stubs: the project's own mypy overrides ignore it (beatkit is
    # checked from this checkout, so its imports are checked too).
    config.write_text(
        f"[mypy]\nstrict = True\npython_version = 3.11\nmypy_path = {ROOT}\n"
        "[mypy-authlib.*]\nignore_missing_imports = True\n"
    )
    out, err, status = mypy_api.run(
        [
            "--config-file",
            str(config),
            "--cache-dir",
            str(tmp_path / "cache"),
            "--no-error-summary",
            "--show-error-codes",
            *map(str, files),
        ]
    )
    assert status == 0, out or err


def _literal_values(annotation: object) -> set[str]:
    """The strings of every ``Literal`` in ``annotation`` (unions and ``Sequence[...]`` opened)."""
    import typing

    if typing.get_origin(annotation) is typing.Literal:
        return {str(value) for value in typing.get_args(annotation)}
    found: set[str] = set()
    for arg in typing.get_args(annotation):
        found |= _literal_values(arg)
    return found


def test_literal_choices_are_the_values_accepted_at_run_time() -> None:
    # A Literal narrower than the run-time check would refuse a working call in the
    # user's checker; a wider one would let a ValueError through. Both sides must agree.
    import typing

    from beatkit import BeatConnect, BeatPass, Beatport
    from beatkit.beatconnect import models as connect
    from beatkit.beatpass import models as passes
    from beatkit.beatpass.wire import INCLUDES
    from beatkit.beatport import models as port
    from beatkit.beattech.editing import POSITION_TYPES
    from beatkit.beattech.sync import (
        BOOKMARK_ENTITY_TYPES,
        FAVOURITE_ENTITY_TYPES,
        RATING_ENTITY_TYPES,
        PendingChange,
    )

    def values(enum: typing.Any) -> set[str]:
        return {member.value for member in enum}

    beatconnect = BeatConnect(api_key="k")
    beatport = Beatport(client_id="id")
    beatpass = BeatPass(token="t")
    cases: list[tuple[typing.Any, str, set[str]]] = [
        (beatconnect.search, "type", values(connect.SearchType)),
        (beatconnect.beats.list, "sort", values(connect.BeatSort)),
        (beatconnect.orders.list, "status", values(connect.OrderStatus)),
        (beatport.tracks.download, "quality", values(port.DownloadQuality)),
        (beatport.tracks.save_download, "quality", values(port.DownloadQuality)),
        (beatport.tracks.list, "order_by", values(port.TrackOrder)),
        (type(beatpass.search).__call__, "types", values(passes.SearchType)),
        (beatpass.radio.get, "type", values(passes.RadioType)),
        (beatpass.backstage.create, "type", values(passes.BackstageRequestType)),
        (beatpass.credits.spotify_search, "type", {"track", "album"}),
        (beatpass.tracks.get, "include", set(INCLUDES["tracks"])),
        (beatpass.albums.get, "include", set(INCLUDES["albums"])),
        (beatpass.artists.get, "include", set(INCLUDES["artists"])),
        (PendingChange.favourite, "entity_type", set(FAVOURITE_ENTITY_TYPES)),
        (PendingChange.create_bookmark, "entity_type", set(BOOKMARK_ENTITY_TYPES)),
        (PendingChange.create_bookmark, "position_type", set(POSITION_TYPES)),
        (PendingChange.update_bookmark, "position_type", set(POSITION_TYPES)),
        (PendingChange.create_rating, "entity_type", set(RATING_ENTITY_TYPES)),
    ]
    try:
        for function, name, accepted in cases:
            hints = typing.get_type_hints(function)
            assert _literal_values(hints[name]) == accepted, (function.__qualname__, name)
    finally:
        beatconnect.close()
        beatport.close()
        beatpass.close()


def test_image_kinds_are_the_image_size_headers_keys() -> None:
    import typing

    from beatkit.beattech.headers import IMAGE_SIZE_HEADERS, INCLUDES, ImageKind, Include

    assert set(typing.get_args(ImageKind)) == set(IMAGE_SIZE_HEADERS)
    assert typing.get_args(Include) == INCLUDES
