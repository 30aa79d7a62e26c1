"""``json_value`` converts every item of a payload at any depth, and names the item that
fails by its full path (the scalars of a payload skip the per-item call: these pin that
nothing is skipped with it)."""

from __future__ import annotations

import enum
from collections import OrderedDict
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest

from beatkit.beatpass.request_fields import json_fields, json_value


class Mood(enum.StrEnum):
    CALM = "calm"


class Level(enum.IntEnum):
    TWO = 2


def test_items_at_every_depth_are_converted() -> None:
    payload = {
        "links": [
            {"url": "https://x.test", "on": date(2026, 1, 2), "n": 3, "ok": True, "no": None},
            ({"price": Decimal("1.50")}, [datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)]),
        ],
        "mood": Mood.CALM,
        "level": Level.TWO,
        "od": OrderedDict(a=(1, 2.5)),
    }
    assert json_value("data", payload) == {
        "links": [
            {"url": "https://x.test", "on": "2026-01-02", "n": 3, "ok": True, "no": None},
            [{"price": 1.5}, ["2026-01-02T03:04:05Z"]],
        ],
        "mood": "calm",
        "level": 2,
        "od": {"a": [1, 2.5]},
    }


def test_the_result_is_a_new_container() -> None:
    given: dict[str, Any] = {"tags": ["a", "b"], "meta": {"k": "v"}}
    sent = json_fields(given)
    assert sent == given
    assert sent["tags"] is not given["tags"] and sent["meta"] is not given["meta"]


@pytest.mark.parametrize(
    ("value", "error", "message"),
    [
        (
            {"links": [{"url": "u"}, {"when": datetime(2026, 1, 1)}]},
            TypeError,
            "data['links'][1]['when'] is a datetime without a time zone",
        ),
        ({"a": [[1, float("nan")]]}, ValueError, "data['a'][0][1] must be a finite number"),
        ({"a": ({"b": {1, 2}},)}, TypeError, r"data['a'][0]['b'] cannot be sent as JSON (a set)"),
        ({"a": [{"ok": 1}, {2: "x"}]}, TypeError, "data['a'][1] needs text keys, not 2"),
        ({"a": [Decimal("Infinity")]}, ValueError, "data['a'][0] must be a finite number"),
    ],
)
def test_a_failing_item_is_named_by_its_path(value: Any, error: type, message: str) -> None:
    with pytest.raises(error) as info:
        json_value("data", value)
    assert str(info.value).startswith(message)


def test_a_container_holding_itself_is_refused() -> None:
    loop: list[Any] = [1, "a"]
    loop.append({"inner": loop})
    with pytest.raises(ValueError, match=r"^data\[2\]\['inner'\] contains itself$"):
        json_value("data", loop)
