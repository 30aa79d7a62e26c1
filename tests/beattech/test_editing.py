"""The plain checks of editorial writes (beatkit.beattech.editing)."""

from __future__ import annotations

import pytest

from beatkit.beattech.editing import id_entries, json_objects


def test_id_entries_names_the_index_of_a_bad_mapping() -> None:
    with pytest.raises(TypeError, match=r"^releases\[2\] must be a mapping with text keys$"):
        id_entries("releases", ["1", {"id": 2}, {"id": 3, 4: "x"}])


def test_id_entries_ids_and_mappings() -> None:
    assert id_entries("groups", ["401", {"id": 402, "x": 1}]) == [
        {"id": "401"},
        {"id": "402", "x": 1},
    ]


def test_id_entries_mapping_without_id() -> None:
    with pytest.raises(ValueError, match=r"^banners\[1\] has no 'id'$"):
        id_entries("banners", ["1", {"x": 1}])


@pytest.mark.parametrize("bad", [None, "x", 3, {1: "a"}])
def test_json_objects_names_the_index_of_a_bad_item(bad: object) -> None:
    with pytest.raises(TypeError, match=r"^sections\[1\] must be a mapping with text keys$"):
        json_objects("sections", [{"a": 1}, bad])


def test_json_objects_copies_mappings() -> None:
    given = {"a": 1}
    objects = json_objects("sections", [given])
    assert objects == [{"a": 1}]
    assert objects[0] is not given


@pytest.mark.parametrize("bad", ["ab", b"ab", {"a": 1}, 3])
def test_json_objects_refuses_a_non_sequence(bad: object) -> None:
    with pytest.raises(TypeError, match=r"^sections must be a sequence of mappings$"):
        json_objects("sections", bad)
