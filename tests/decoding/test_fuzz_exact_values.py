"""Fuzz: a decoded value is what the API sent, or an error naming the field; never a coercion.

Two passes over every service's models, in lenient and strict mode:

* systematic: for one field of each declared type (and of each per-field hook a
  service registers), a filled-in object of its model gets that field replaced by each
  of a fixed list of edge values the JSON could carry (``true`` for an ``int``,
  ``1.7``, ``2**53 + 1``, ``"7"``, ``" 7"``, datetimes with and without offsets,
  leap days, trailing junk, ``[]``, ``{}``...), as the field's value, as an item of
  it and as a map value;
* random, through the client's decode path (bytes to model, a fixed seed): real items
  (the recorded Beatport tracks, the hand-written Beatport fixtures, the fakes'
  items) with a few nodes at any depth replaced by edge values or arbitrary JSON.

A decode either fails, naming the model and a field path, or gives a model whose every
value is the one sent, by the rules of the decoding guide (``tests/decoding/_exact.py``
checks them); unknown keys are kept as sent.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from beatkit._core.converter import describe_failure
from beatkit._core.http import ServiceSpec
from beatkit._core.json_values import FloatText
from beatkit._core.model import Model
from beatkit._core.operation import Operation
from beatkit._core.responses import decode_result, read_body
from beatkit.errors import ResponseDecodeError
from tests.decoding._exact import (
    RULES,
    SERVICES,
    check_model,
    hints,
    init_fields,
    json_key,
    models_of,
    valid_json,
)

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
_REAL = Path("real/beatport/catalog-tracks-by-isrc.json")
RECORDED = next(
    (p for p in (FIXTURES / _REAL, Path("/work/shared/fixtures") / _REAL) if p.exists()),
    FIXTURES / _REAL,
)

EDGES: list[Any] = [
    None,
    True,
    False,
    0,
    1,
    -1,
    2**53 + 1,
    10**30,
    1.0,
    1.5,
    1.7,
    -0.0,
    1e308,
    FloatText("12345678901234567.89"),
    "",
    "0",
    "7",
    "1.5",
    "1.50",
    "true",
    "false",
    "True",
    " 7",
    "7 ",
    "007",
    "+7",
    "1e3",
    "\u0663",
    "-0",
    "NaN",
    "Infinity",
    "1_000",
    "2024-02-29",
    "2023-02-29",
    "2024-02-29T12:00:00Z",
    "2024-02-29T12:00:00",
    "2024-02-29T12:00:00.5+05:30",
    "2024-02-29T12:00:00.123456789Z",
    "2024-02-29T24:00:00Z",
    "2024-02-29x",
    "2024-02-29T12:00:00Zjunk",
    "2024-02-29 12:00:00",
    "2016-08-19T00:50:00-06:00",
    "2016-08-19T00:50:00+00:00",
    [],
    [1],
    ["a"],
    {},
    {"a": 1},
    "house",
]
"""Values a JSON field could carry, right or wrong for its type."""


def _converters(service: str) -> list[Any]:
    module = importlib.import_module(f"beatkit.{service}.converter")
    return [module.converter, module.strict_converter]


def _hook_kind(service: str, cls: type[Model], attribute: str) -> str:
    """Which structure hook reads a field beyond its type's (per-field overrides)."""
    rules = RULES[service]
    if (cls.__name__, attribute) in rules.day_fields:
        return "day"
    if attribute in rules.renames or attribute in rules.aliases.values():
        return f"{cls.__name__}.{attribute}"
    if service == "beattech" and (
        attribute == "id" or attribute.endswith("_id") or attribute in ("cover", "image")
    ):
        return f"Change.{attribute}" if cls.__name__ == "Change" else attribute
    if service == "beattech" and cls.__name__ == "BatchResponse":
        return attribute
    if service == "beatport" and cls.__name__ == "TokenIntrospection":
        return attribute
    return ""


def _representatives() -> list[tuple[str, type[Model], str]]:
    """One field per service, declared type and hook: the systematic pass's targets."""
    chosen: dict[tuple[str, str, str], tuple[str, type[Model], str]] = {}
    for service in SERVICES:
        for cls in models_of(service):
            for attribute in init_fields(cls):
                tp = hints(cls)[attribute.name]
                key = (service, repr(tp), _hook_kind(service, cls, attribute.name))
                chosen.setdefault(key, (service, cls, attribute.name))
    return sorted(chosen.values(), key=lambda c: (c[0], c[1].__name__, c[2]))


REPRESENTATIVES = _representatives()


def _wraps(tp: Any) -> list[Any]:
    """The edge value as the field, and as an item or a map value where the type has one."""
    text = repr(tp)
    wraps: list[Any] = [lambda v: v]
    if "list[" in text:
        wraps.append(lambda v: [v])
    if "dict[" in text or "Mapping[" in text:
        wraps.append(lambda v: {"k": v})
    return wraps


def _check_failure(exc: BaseException, cls: type[Model], attributes: set[str]) -> None:
    where = describe_failure(exc)
    assert where is not None, f"{cls.__name__}: a failure naming no field: {exc!r}"
    assert any(where.startswith(f"{cls.__name__}.{attribute}") for attribute in attributes), (
        f"{cls.__name__}: the failure names another field than the one changed: {where}"
    )


@pytest.mark.parametrize(
    ("service", "cls", "attribute"),
    REPRESENTATIVES,
    ids=[f"{s}-{c.__name__}.{a}" for s, c, a in REPRESENTATIVES],
)
def test_edge_values_decode_exactly_or_fail_naming_the_field(
    service: str, cls: type[Model], attribute: str
) -> None:
    base = valid_json(service, cls)
    key = json_key(service, attribute)
    converters = _converters(service)
    for converter in converters:
        check_model(service, cls, base, converter.structure(base, cls))
    for wrap in _wraps(hints(cls)[attribute]):
        for edge in EDGES:
            sent = {**base, key: wrap(edge)}
            for converter in converters:
                try:
                    got = converter.structure(sent, cls)
                except Exception as exc:
                    _check_failure(exc, cls, {attribute})
                else:
                    check_model(service, cls, sent, got)


def test_every_field_type_is_covered() -> None:
    """The systematic pass reaches every declared type of every service."""
    covered = {(s, repr(hints(c)[a])) for s, c, a in REPRESENTATIVES}
    for service in SERVICES:
        for cls in models_of(service):
            for attribute in init_fields(cls):
                assert (service, repr(hints(cls)[attribute.name])) in covered


# --- random: real items, damaged at any depth, through the client's decode path -------


def _served(fake: Any, path: str, token: str) -> Any:
    request = httpx.Request("GET", fake.base_url + path, headers={"Authorization": token})
    return json.loads(fake.handle(request).content)


def _seeds() -> list[tuple[str, type[Model], Any]]:
    from beatkit.beatconnect.models import Beat
    from beatkit.beatpass.models import Track as BeatPassTrack
    from beatkit.beatport import models as beatport
    from beatkit.beattech.models import Track as BeatTechTrack
    from beatkit.testing.beatconnect import FakeBeatConnect
    from beatkit.testing.beatpass import FakeBeatPass
    from beatkit.testing.beattech import FakeBeatTech

    recorded = json.loads(RECORDED.read_text())["body"]["results"]
    seeds: list[tuple[str, type[Model], Any]] = [
        ("beatport", beatport.Track, item) for item in recorded
    ]
    for name, cls in (
        ("track-2021", beatport.Track),
        ("track-documented", beatport.Track),
        ("release", beatport.Release),
        ("artist", beatport.Artist),
        ("label", beatport.Label),
        ("genre", beatport.Genre),
        ("account-api", beatport.Account),
    ):
        seeds.append(
            ("beatport", cls, json.loads((FIXTURES / "beatport" / f"{name}.json").read_text()))
        )
    beatpass, beatconnect, beattech = FakeBeatPass(), FakeBeatConnect(), FakeBeatTech()
    user_token = beattech.issue_token(beattech.user_id)["access_token"]
    seeds += [
        (
            "beatpass",
            BeatPassTrack,
            _served(beatpass, "/tracks/1", f"Bearer {beatpass.token}")["track"],
        ),
        (
            "beatconnect",
            Beat,
            _served(
                beatconnect, f"/beats/{beatconnect.beats[0]['id']}", f"Bearer {beatconnect.api_key}"
            )["data"]["beat"],
        ),
        (
            "beattech",
            BeatTechTrack,
            _served(beattech, "/tracks/10001", f"Bearer {user_token}")["track"],
        ),
    ]
    # Every model filled in, so that nested types the real items leave out are reached.
    for service in SERVICES:
        seeds += [(service, cls, valid_json(service, cls)) for cls in models_of(service)]
    return seeds


SEEDS = _seeds()


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    children = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, child in children:
        yield (*prefix, key)
        yield from _paths(child, (*prefix, key))


PATHS = [sorted(_paths(item), key=repr) for _, _, item in SEEDS]
TEXTS = [json.dumps(item) for _, _, item in SEEDS]

json_scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8)
replacements = st.sampled_from(EDGES) | st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=4,
)


@st.composite
def damaged(draw: st.DrawFn) -> tuple[int, Any, set[Any]]:
    """A seed's index, the seed with 1-3 nodes replaced, and the top-level keys changed."""
    index = draw(st.integers(0, len(SEEDS) - 1))
    item = json.loads(TEXTS[index])  # a fresh copy
    changed: set[Any] = set()
    if not PATHS[index]:
        return index, item, changed
    for path in draw(st.lists(st.sampled_from(PATHS[index]), min_size=1, max_size=3)):
        parent = item
        try:
            for key in path[:-1]:
                parent = parent[key]
            parent[path[-1]] = draw(replacements)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change replaced this node's parent
        changed.add(path[0])
    return index, item, changed


def _decode(service: str, cls: type[Model], body: bytes, converter: Any) -> Any:
    response = httpx.Response(
        200,
        content=body,
        headers={"Content-Type": "application/json"},
        request=httpx.Request("GET", "https://api.test/item"),
    )
    operation = Operation(name="item.get", method="GET", path="/item", result=cls)
    return decode_result(
        operation, response, read_body(response), ServiceSpec(name=service), converter
    )


def _attributes_of(service: str, cls: type[Model], keys: set[Any]) -> set[str]:
    rules = RULES[service]
    by_key = {json_key(service, a.name): a.name for a in attrs.fields(cls)}
    names = {by_key.get(k, k) for k in keys}
    return names | {
        rules.aliases[(cls.__name__, k)] for k in keys if (cls.__name__, k) in rules.aliases
    }


@settings(
    max_examples=150,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(case=damaged())
def test_damaged_real_items_decode_exactly_or_fail_naming_the_field(
    case: tuple[int, Any, set[Any]],
) -> None:
    index, item, changed = case
    service, cls, _ = SEEDS[index]
    body = json.dumps(item).encode()  # NaN and Infinity as Python writes them
    for converter in _converters(service):
        try:
            got = _decode(service, cls, body, converter)
        except ResponseDecodeError as exc:
            message = str(exc)
            assert message.startswith(f"{service}: item.get: ")
            if f"{cls.__name__}." in message:
                field = message.split(f"{cls.__name__}.", 1)[1]
                names = _attributes_of(service, cls, changed)
                assert any(field.startswith(name) for name in names), message
            continue
        check_model(service, cls, json.loads(body), got)
