"""Tests for the shared cattrs converter: scalar hooks, unknown-key keeping, strict mode."""

from __future__ import annotations

import copy
import json
import threading
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any, Generic, TypeVar

import attrs
import cattrs
import pytest
from attrs import frozen
from cattrs.gen import override
from hypothesis import given
from hypothesis import strategies as st

from beatkit._core.converter import (
    JSONTypeError,
    describe_failure,
    json_type,
    make_converter,
    register_model,
    structure_date,
    structure_datetime,
    structure_decimal,
    unstructure_date,
    unstructure_datetime,
    unstructure_decimal,
    warm_up,
)
from beatkit._core.enums import OpenEnum
from beatkit._core.model import Model

# The recorded response: the repository's copy when there is one, else the shared tree.
_FIXTURE_NAME = Path("real/beatport/catalog-tracks-by-isrc.json")
_FIXTURE_CANDIDATES = [
    Path(__file__).parents[1] / "fixtures" / _FIXTURE_NAME,
    Path(__file__).parents[3] / "shared" / "fixtures" / _FIXTURE_NAME,
]
FIXTURE = next((p for p in _FIXTURE_CANDIDATES if p.exists()), _FIXTURE_CANDIDATES[0])

# Models live at module level on purpose: with ``from __future__ import annotations``
# their annotations are strings, and cattrs must resolve them (including forward
# references such as ``Album.tracks`` -> ``Song`` declared below).


class Mood(OpenEnum):
    CALM = "calm"
    DARK = "dark"


class Colour(Enum):
    RED = "red"


@frozen(kw_only=True)
class Album(Model):
    id: int
    tracks: list[Song]
    best: Song | None = None


@frozen(kw_only=True)
class Song(Model):
    id: int
    """The song's id."""
    title: str
    """The song's title."""
    bpm: int | None = None
    """Tempo, when known."""


@frozen(kw_only=True)
class Typed(Model):
    ref: int | str
    mood: Mood | None = None
    colour: Colour | None = None
    tags: tuple[str, ...] = ()
    when: datetime | None = None
    day: date | None = None
    amount: Decimal | None = None


@frozen(kw_only=True)
class Renamed(Model):
    track_id: int
    is_new: bool = False


@frozen(kw_only=True)
class RenamedChild(Renamed):
    label: str | None = None


@frozen(kw_only=True)
class WithInitFalse(Model):
    id: int
    computed: int = attrs.field(init=False, default=0)


T = TypeVar("T")


@frozen(kw_only=True)
class Page(Model, Generic[T]):
    items: list[T]
    total: int


# Tiny Beatport models: a handful of typed fields, everything else kept in ``extra``.


@frozen(kw_only=True)
class Price(Model):
    code: str
    symbol: str
    value: Decimal
    display: str


@frozen(kw_only=True)
class SubGenre(Model):
    id: int
    name: str


@frozen(kw_only=True)
class Genre(Model):
    id: int
    name: str


@frozen(kw_only=True)
class BeatportTrack(Model):
    id: int
    name: str
    publish_date: date | None = None
    new_release_date: date | None = None
    encoded_date: datetime | None = None
    price: Price | None = None
    sub_genre: SubGenre | None = None
    genre: Genre | None = None


@frozen(kw_only=True)
class BeatportTrackPage(Model):
    results: list[BeatportTrack]
    next: str | None = None
    previous: str | None = None
    count: int
    page: int | str
    per_page: int


@pytest.fixture
def conv() -> cattrs.Converter:
    return make_converter()


@pytest.fixture
def strict() -> cattrs.Converter:
    return make_converter(strict=True)


def beatport_body() -> dict[str, Any]:
    if not FIXTURE.exists():  # pragma: no cover - depends on the checkout
        pytest.skip(f"recorded Beatport fixture not found at {FIXTURE}")
    body: dict[str, Any] = json.loads(FIXTURE.read_text())["body"]
    return body


# --- datetime -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2023-04-15T12:34:56Z",
        "2016-08-19T00:50:00-06:00",
        "2014-11-05T10:58:38-07:00",
        "2020-01-01T00:00:00+05:30",
        "2023-04-15T12:34:56.123456Z",
    ],
)
def test_datetime_round_trips_exactly(conv: cattrs.Converter, text: str) -> None:
    value = conv.structure(text, datetime)
    assert value.tzinfo is not None
    assert conv.unstructure(value) == text


def test_datetime_offset_is_kept() -> None:
    value = structure_datetime("2016-08-19T00:50:00-06:00")
    assert value.utcoffset() == timedelta(hours=-6)
    assert value == datetime(2016, 8, 19, 6, 50, tzinfo=UTC)


def test_naive_datetime_is_utc() -> None:
    value = structure_datetime("2023-04-15T12:34:56")
    assert value.tzinfo is UTC
    assert unstructure_datetime(value) == "2023-04-15T12:34:56Z"
    assert unstructure_datetime(datetime(2023, 4, 15)) == "2023-04-15T00:00:00Z"


@pytest.mark.parametrize("epoch", [1681562096, 1681562096.0])
def test_datetime_from_epoch(epoch: float) -> None:
    assert structure_datetime(epoch) == datetime(2023, 4, 15, 12, 34, 56, tzinfo=UTC)
    assert structure_datetime(epoch).tzinfo is UTC


def test_aware_datetime_passes_through() -> None:
    tz = timezone(timedelta(hours=2))
    value = datetime(2023, 1, 1, tzinfo=tz)
    assert structure_datetime(value) is value


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        ("yesterday", ValueError),
        ("2023-13-01T00:00:00Z", ValueError),
        ("", ValueError),
        (float("nan"), ValueError),
        (10**20, ValueError),
        (True, TypeError),
        (None, TypeError),
        ([2023], TypeError),
    ],
)
def test_bad_datetime_raises(bad: Any, error: type[Exception]) -> None:
    with pytest.raises(error, match=r"datetime|timestamp"):
        structure_datetime(bad)


@pytest.mark.parametrize(
    "text",
    ["9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00", "0001-01-01T00:30:00+05:30"],
)
def test_a_datetime_outside_the_utc_range_is_refused(text: str) -> None:
    # Its offset takes it past year 9999 (or before year 1) in UTC: comparing it with
    # another offset, or astimezone(UTC), would raise OverflowError later, far from here.
    with pytest.raises(ValueError, match=r"datetime.*out of range"):
        structure_datetime(text)


@pytest.mark.parametrize("text", ["9999-12-31T23:59:59Z", "0001-01-01T00:00:00-01:00"])
def test_a_datetime_at_the_edge_of_the_utc_range_is_read(text: str) -> None:
    value = structure_datetime(text)
    assert unstructure_datetime(value) == text
    assert value.astimezone(UTC) == value


def test_bad_datetime_is_wrapped_by_cattrs_with_its_path(strict: cattrs.Converter) -> None:
    with pytest.raises(cattrs.ClassValidationError) as info:
        strict.structure({"ref": 1, "when": "soon"}, Typed)
    assert cattrs.transform_error(info.value) == [
        "invalid value for type, expected datetime.datetime | None @ $.when"
    ]


@given(
    st.datetimes(
        min_value=datetime(1, 1, 2),
        max_value=datetime(9999, 12, 30),
        timezones=st.sampled_from(
            [UTC, timezone(timedelta(hours=-6)), timezone(timedelta(hours=5, minutes=30))]
        ),
    )
)
def test_datetime_property_round_trip(value: datetime) -> None:
    text = unstructure_datetime(value)
    back = structure_datetime(text)
    assert back == value
    assert back.utcoffset() == value.utcoffset()
    assert unstructure_datetime(back) == text


# --- date ---------------------------------------------------------------------------------


def test_date_round_trip(conv: cattrs.Converter) -> None:
    assert conv.structure("2001-03-12", date) == date(2001, 3, 12)
    assert conv.unstructure(date(2001, 3, 12)) == "2001-03-12"
    assert unstructure_date(structure_date("2005-01-24")) == "2005-01-24"


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        ("2001-02-30", ValueError),
        ("2001-03-12T00:00:00Z", ValueError),
        ("March", ValueError),
        (20010312, TypeError),
        (datetime(2001, 3, 12, tzinfo=UTC), TypeError),
    ],
)
def test_bad_date_raises(bad: Any, error: type[Exception]) -> None:
    with pytest.raises(error, match="date"):
        structure_date(bad)


# --- Decimal ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (49.99, Decimal("49.99")),
        (1.49, Decimal("1.49")),
        (0.1, Decimal("0.1")),
        (100, Decimal("100")),
        ("49.99", Decimal("49.99")),
        ("1.50", Decimal("1.50")),
        ("-3", Decimal("-3")),
        ("1e3", Decimal("1E+3")),
        (Decimal("2.5"), Decimal("2.5")),
    ],
)
def test_decimal_structure(raw: Any, expected: Decimal) -> None:
    value = structure_decimal(raw)
    assert value == expected
    # Same digits and exponent, not just numerically equal.
    assert value.as_tuple() == expected.as_tuple()


def test_decimal_from_float_is_not_the_binary_expansion() -> None:
    assert structure_decimal(49.99) != Decimal.from_float(49.99)


@pytest.mark.parametrize(
    ("bad", "error"),
    [
        (True, TypeError),
        (False, TypeError),
        (float("nan"), ValueError),
        (float("inf"), ValueError),
        ("NaN", ValueError),
        ("-Infinity", ValueError),
        ("sNaN", ValueError),
        ("ten", ValueError),
        ("", ValueError),
        (None, TypeError),
        ([1], TypeError),
    ],
)
def test_bad_decimal_raises(bad: Any, error: type[Exception]) -> None:
    with pytest.raises(error, match="amount"):
        structure_decimal(bad)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1.49"), 1.49),
        (Decimal("49.99"), 49.99),
        (Decimal("100"), 100),
        (Decimal("0"), 0),
        (Decimal("1.0"), 1.0),
        (Decimal("1.50"), "1.50"),
        (Decimal("0.1000000000000000000001"), "0.1000000000000000000001"),
    ],
)
def test_decimal_unstructure(value: Decimal, expected: Any) -> None:
    result = unstructure_decimal(value)
    assert result == expected
    assert type(result) is type(expected)


@given(st.floats(allow_nan=False, allow_infinity=False) | st.integers())
def test_json_numbers_round_trip_through_decimal(number: float) -> None:
    result = unstructure_decimal(structure_decimal(number))
    assert result == number
    assert not isinstance(result, str)


@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_decimals_round_trip_exactly(value: Decimal) -> None:
    back = structure_decimal(unstructure_decimal(value))
    assert back == value
    assert back.as_tuple() == value.as_tuple() or back.is_zero()


# --- enums and unions ---------------------------------------------------------------------


def test_open_enum_field(conv: cattrs.Converter) -> None:
    known = conv.structure({"ref": 1, "mood": "calm"}, Typed)
    assert known.mood is Mood.CALM
    unknown = conv.structure({"ref": 1, "mood": "euphoric"}, Typed)
    assert isinstance(unknown.mood, Mood)
    assert unknown.mood == "euphoric"
    assert unknown.mood is not None
    assert not unknown.mood.is_known
    assert conv.unstructure(unknown)["mood"] == "euphoric"


def test_plain_enum_still_rejects_unknown_values(conv: cattrs.Converter) -> None:
    assert conv.structure({"ref": 1, "colour": "red"}, Typed).colour is Colour.RED
    with pytest.raises(ValueError, match="blue"):
        conv.structure({"ref": 1, "colour": "blue"}, Typed)


@pytest.mark.parametrize("ref", [7, "7", "abc-9"])
def test_int_or_str_union_passes_through(conv: cattrs.Converter, ref: int | str) -> None:
    value = conv.structure({"ref": ref}, Typed)
    assert value.ref == ref
    assert type(value.ref) is type(ref)
    assert conv.unstructure(value)["ref"] == ref


def test_tuples_unstructure_to_lists(conv: cattrs.Converter) -> None:
    data = {"ref": 1, "tags": ["a", "b"]}
    value = conv.structure(data, Typed)
    assert value.tags == ("a", "b")
    assert conv.unstructure(value)["tags"] == ["a", "b"]


# --- models: unknown keys -----------------------------------------------------------------


def test_unknown_keys_are_kept_in_extra(conv: cattrs.Converter) -> None:
    data = {"id": 1, "title": "Intro", "bpm": 120, "key": "A minor", "isrc": None}
    song = conv.structure(data, Song)
    assert song == Song(id=1, title="Intro", bpm=120, extra={"key": "A minor", "isrc": None})
    assert conv.unstructure(song) == data


def test_fast_path_leaves_extra_empty(conv: cattrs.Converter) -> None:
    song = conv.structure({"id": 1, "title": "Intro"}, Song)
    assert song.extra == {}
    assert conv.unstructure(song) == {"id": 1, "title": "Intro", "bpm": None}


def test_extra_is_not_in_repr_nor_hash_but_in_equality(conv: cattrs.Converter) -> None:
    a = conv.structure({"id": 1, "title": "x", "secret_field": "s3cr3t"}, Song)
    b = conv.structure({"id": 1, "title": "x"}, Song)
    assert "s3cr3t" not in repr(a)
    assert hash(a) == hash(b)
    assert a != b


def test_a_key_named_extra_is_just_an_unknown_key(
    conv: cattrs.Converter, strict: cattrs.Converter
) -> None:
    data = {"id": 1, "title": "x", "bpm": None, "extra": {"a": 1}}
    song = conv.structure(data, Song)
    assert song.extra == {"extra": {"a": 1}}
    assert conv.unstructure(song) == data
    with pytest.raises(cattrs.ClassValidationError) as info:
        strict.structure(data, Song)
    assert cattrs.transform_error(info.value) == ["extra fields found (extra) @ $"]


def test_declared_fields_win_over_extra_on_unstructure(conv: cattrs.Converter) -> None:
    song = Song(id=1, title="real", extra={"title": "stale", "more": 1})
    assert conv.unstructure(song) == {"id": 1, "title": "real", "bpm": None, "more": 1}


def test_nested_models_optional_and_list(conv: cattrs.Converter) -> None:
    data = {
        "id": 9,
        "tracks": [{"id": 1, "title": "a", "bpm": None, "x": 1}, {"id": 2, "title": "b", "bpm": 3}],
        "best": {"id": 2, "title": "b", "bpm": 3, "y": [1, 2]},
        "label": "L",
    }
    album = conv.structure(data, Album)
    assert album.extra == {"label": "L"}
    assert album.tracks[0].extra == {"x": 1}
    assert album.best is not None
    assert album.best.extra == {"y": [1, 2]}
    assert conv.unstructure(album) == data
    none_best = conv.structure({"id": 1, "tracks": [], "best": None}, Album)
    assert none_best.best is None
    assert conv.unstructure(none_best) == {"id": 1, "tracks": [], "best": None}


def test_generic_model(conv: cattrs.Converter) -> None:
    data = {"items": [{"id": 1, "title": "a", "bpm": None}], "total": 1, "cursor": "z"}
    page = conv.structure(data, Page[Song])
    assert page.items == [Song(id=1, title="a")]
    assert page.extra == {"cursor": "z"}
    assert conv.unstructure(page, Page[Song]) == data


def test_non_mapping_input_raises_clearly(conv: cattrs.Converter) -> None:
    with pytest.raises(TypeError, match="expected a mapping for Song, got list"):
        conv.structure([1, 2], Song)


def test_missing_required_key_raises(conv: cattrs.Converter) -> None:
    with pytest.raises(KeyError, match="title"):
        conv.structure({"id": 1}, Song)


def test_strict_mode_names_class_and_keys(strict: cattrs.Converter) -> None:
    with pytest.raises(cattrs.ClassValidationError) as info:
        strict.structure({"id": 1, "title": "x", "zeta": 1, "alpha": 2}, Song)
    (error,) = info.value.exceptions
    assert isinstance(error, cattrs.ForbiddenExtraKeysError)
    assert error.cl is Song
    assert error.extra_fields == {"alpha", "zeta"}
    assert str(error) == "Extra fields in constructor for Song: alpha, zeta"


def test_strict_mode_without_detailed_validation_raises_directly() -> None:
    converter = make_converter(strict=True, detailed_validation=False)
    with pytest.raises(cattrs.ForbiddenExtraKeysError, match="Song: alpha"):
        converter.structure({"id": 1, "title": "x", "alpha": 2}, Song)


def test_strict_mode_accepts_known_keys(strict: cattrs.Converter) -> None:
    data = {"id": 1, "title": "x", "bpm": 3}
    assert strict.unstructure(strict.structure(data, Song)) == data


def test_lenient_mode_can_be_detailed() -> None:
    converter = make_converter(detailed_validation=True)
    with pytest.raises(cattrs.ClassValidationError) as info:
        converter.structure({"id": 1, "tracks": [{"id": "x", "title": "t"}]}, Album)
    assert cattrs.transform_error(info.value) == [
        "invalid value for type, expected int @ $.tracks[0].id"
    ]


# --- register_model -----------------------------------------------------------------------


def test_register_model_renames_and_keeps_extra() -> None:
    converter = make_converter()
    register_model(
        converter, Renamed, track_id=override(rename="trackId"), is_new=override(rename="new")
    )
    data = {"trackId": 5, "new": True, "track_id": "shadow", "other": 1}
    value = converter.structure(data, Renamed)
    assert value == Renamed(track_id=5, is_new=True, extra={"track_id": "shadow", "other": 1})
    assert converter.unstructure(value) == data


def test_register_model_strict_uses_renamed_keys() -> None:
    converter = make_converter(strict=True)
    register_model(converter, Renamed, track_id=override(rename="trackId"))
    assert converter.structure({"trackId": 5}, Renamed).track_id == 5
    with pytest.raises(cattrs.ClassValidationError) as info:
        converter.structure({"trackId": 5, "track_id": 5}, Renamed)
    assert cattrs.transform_error(info.value) == ["extra fields found (track_id) @ $"]


def test_register_model_does_not_capture_subclasses() -> None:
    converter = make_converter()
    register_model(converter, Renamed, track_id=override(rename="trackId"))
    child = converter.structure({"track_id": 1, "label": "L"}, RenamedChild)
    assert child == RenamedChild(track_id=1, label="L")
    assert converter.unstructure(child) == {"track_id": 1, "is_new": False, "label": "L"}


def test_register_model_struct_hook_override() -> None:
    converter = make_converter()
    register_model(converter, Renamed, track_id=override(struct_hook=lambda v, _: int(v)))
    assert converter.structure({"track_id": "12"}, Renamed).track_id == 12


def test_register_model_omit_keeps_the_key_in_extra() -> None:
    converter = make_converter()
    register_model(converter, Renamed, is_new=override(omit=True))
    value = converter.structure({"track_id": 1, "is_new": True}, Renamed)
    assert value.is_new is False
    assert value.extra == {"is_new": True}
    assert converter.unstructure(value) == {"track_id": 1, "is_new": True}


@pytest.mark.parametrize("name", ["trackid", "extra"])
def test_register_model_rejects_bad_override_names(name: str) -> None:
    with pytest.raises(ValueError, match=name):
        register_model(make_converter(), Renamed, **{name: override(rename="x")})


def test_register_model_rejects_non_models() -> None:
    with pytest.raises(TypeError, match="not a beatkit Model"):
        register_model(make_converter(), dict, x=override(rename="y"))  # type: ignore[type-var]


def test_init_false_fields_are_not_read_from_input(conv: cattrs.Converter) -> None:
    value = conv.structure({"id": 1, "computed": 5}, WithInitFalse)
    assert value.computed == 0
    assert value.extra == {"computed": 5}


# --- the recorded Beatport response ---------------------------------------------------------


def test_beatport_fixture_round_trips_without_losing_a_key(conv: cattrs.Converter) -> None:
    body = beatport_body()
    original = copy.deepcopy(body)
    page = conv.structure(body, BeatportTrackPage)
    assert body == original  # structuring does not touch its input
    assert page.page == "1/1"
    assert len(page.results) == 3
    first = page.results[0]
    assert first.id == 8291700
    assert first.publish_date == date(2005, 1, 24)
    assert first.new_release_date == date(2001, 3, 12)
    assert first.encoded_date == datetime(2016, 8, 19, 6, 50, tzinfo=UTC)
    assert first.price == Price(code="USD", symbol="$", value=Decimal("1.49"), display="$1.49")
    assert first.sub_genre is None
    assert first.genre is not None
    assert set(first.genre.extra) == {"slug", "url"}
    for raw, track in zip(original["results"], page.results, strict=True):
        declared = {a.name for a in attrs.fields(BeatportTrack)} - {"extra"}
        assert set(track.extra) == set(raw) - declared
        assert set(track.extra) | declared == set(raw)
    assert conv.unstructure(page) == original
    assert json.dumps(conv.unstructure(page), sort_keys=True) == json.dumps(
        original, sort_keys=True
    )


def test_beatport_fixture_in_strict_mode_reports_every_unknown_key(
    strict: cattrs.Converter,
) -> None:
    with pytest.raises(cattrs.ClassValidationError) as info:
        strict.structure(beatport_body(), BeatportTrackPage)
    messages = cattrs.transform_error(info.value)
    # One message per track and per genre: nothing stops at the first failure.
    assert len(messages) == 6
    assert any(
        m.startswith("extra fields found (slug, url) @ $.results[0].genre") for m in messages
    )
    track_message = next(m for m in messages if m.endswith("@ $.results[2]"))
    for key in ("isrc", "bpm", "is_hype", "length_ms"):
        assert key in track_message


# --- hypothesis: known + unknown keys round-trip ------------------------------------------------

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner, max_size=3),
    max_leaves=8,
)
song_known = st.fixed_dictionaries(
    {"id": st.integers(), "title": st.text(), "bpm": st.none() | st.integers(0, 300)}
)
unknown_keys = st.dictionaries(
    st.text().filter(lambda k: k not in {"id", "title", "bpm"}), json_values, max_size=6
)


@given(song_known, unknown_keys)
def test_structure_unstructure_is_identity(known: dict[str, Any], unknown: dict[str, Any]) -> None:
    conv = _SHARED
    data = {**known, **unknown}
    song = conv.structure(data, Song)
    assert song.extra == unknown
    assert conv.unstructure(song) == data


@given(
    st.fixed_dictionaries(
        {
            "id": st.integers(),
            "tracks": st.lists(
                st.builds(lambda k, u: {**k, **u}, song_known, unknown_keys), max_size=3
            ),
            "best": st.none() | st.builds(lambda k, u: {**k, **u}, song_known, unknown_keys),
        }
    ),
    st.dictionaries(
        st.text().filter(lambda k: k not in {"id", "tracks", "best"}), json_values, max_size=4
    ),
)
def test_nested_structure_unstructure_is_identity(
    known: dict[str, Any], unknown: dict[str, Any]
) -> None:
    data = {**known, **unknown}
    assert _SHARED.unstructure(_SHARED.structure(data, Album)) == data


_SHARED = make_converter()


# --- threads --------------------------------------------------------------------------------


def test_first_use_from_many_threads() -> None:
    converter = make_converter()
    data = beatport_body()
    results: list[Any] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def work() -> None:
        try:
            barrier.wait()
            for _ in range(20):
                results.append(converter.unstructure(converter.structure(data, BeatportTrackPage)))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(results) == 160
    assert all(r == data for r in results)


def test_warm_up_generates_hooks() -> None:
    converter = make_converter()
    warm_up(converter, BeatportTrackPage, list[Song])
    assert converter.structure([{"id": 1, "title": "a"}], list[Song]) == [Song(id=1, title="a")]


# --- typing: a subclass type-checks (mypy runs over this file in the report) ------------------


def test_subclass_construction_is_keyword_only() -> None:
    song = Song(id=1, title="x")
    assert song.bpm is None
    assert song.extra == {}
    with pytest.raises(TypeError):
        Song(1, "x")  # type: ignore[call-arg, arg-type]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        song.title = "y"  # type: ignore[misc]
    assert not hasattr(song, "__dict__")  # slots


# --- optional fields ----------------------------------------------------------------------


@frozen(kw_only=True)
class _Leaf(Model):
    name: str


@frozen(kw_only=True)
class _Holder(Model):
    count: int | None = None
    label: str | None = None
    leaf: _Leaf | None = None
    when: date | None = None


def test_optional_fields_decode_values_none_and_coercions() -> None:
    conv = make_converter()
    held = conv.structure(
        {"count": "7", "label": "x", "leaf": {"name": "n"}, "when": "2024-02-29"}, _Holder
    )
    assert held.count == 7 and held.label == "x"
    assert held.leaf == _Leaf(name="n") and held.when == date(2024, 2, 29)
    empty = conv.structure({"count": None, "label": None, "leaf": None, "when": None}, _Holder)
    assert empty == _Holder()


def test_optional_model_field_sees_hooks_registered_after_generation() -> None:
    conv = make_converter()
    conv.structure({"leaf": {"name": "a"}}, _Holder)  # generates _Holder's hooks now
    # A rename registered later must still apply to the optional field's inner type.
    register_model(conv, _Leaf, name=override(rename="title"))
    assert conv.structure({"leaf": {"title": "b"}}, _Holder).leaf == _Leaf(name="b")


def test_optional_field_errors_name_the_path_in_strict_mode() -> None:
    conv = make_converter(strict=True)
    with pytest.raises(cattrs.ClassValidationError) as info:
        conv.structure({"leaf": {"name": "n", "surprise": 1}}, _Holder)
    assert "surprise" in " ".join(cattrs.transform_error(info.value))


# --- only lossless conversions: the rest raises, naming the field ------------------------------

# What structuring raises: cattrs' groups under detailed validation, the hook's own error
# (a TypeError or ValueError, KeyError for a missing key) on the fast path.
FAILURES = (TypeError, ValueError, KeyError, cattrs.BaseValidationError)


@frozen(kw_only=True)
class Scalars(Model):
    text: str | None = None
    count: int | None = None
    ratio: float | None = None
    flag: bool | None = None
    name: str = "n"


@pytest.fixture(params=["lenient", "strict"])
def any_conv(request: pytest.FixtureRequest) -> cattrs.Converter:
    return make_converter(strict=request.param == "strict")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": None}, "Scalars.name: expected str, got null"),
        ({"text": 5}, "Scalars.text: expected str, got integer"),
        ({"text": {}}, "Scalars.text: expected str, got object"),
        ({"text": ["a"]}, "Scalars.text: expected str, got array"),
        ({"count": 12.7}, "Scalars.count: expected int, got number"),
        ({"count": 12.0}, "Scalars.count: expected int, got number"),
        ({"count": True}, "Scalars.count: expected int, got boolean"),
        ({"count": "12.7"}, "Scalars.count: expected int, got string"),
        ({"count": " 12"}, "Scalars.count: expected int, got string"),
        ({"count": "1_000"}, "Scalars.count: expected int, got string"),
        ({"ratio": "fast"}, "Scalars.ratio: expected float, got string"),
        ({"ratio": "NaN"}, "Scalars.ratio: expected float, got string"),
        ({"ratio": False}, "Scalars.ratio: expected float, got boolean"),
        ({"ratio": 2**53 + 1}, "Scalars.ratio: expected float, got integer"),
        ({"ratio": 10**400}, "Scalars.ratio: expected float, got integer"),
        ({"flag": "False"}, "Scalars.flag: expected bool, got string"),
        ({"flag": 1}, "Scalars.flag: expected bool, got integer"),
        ({"flag": None, "name": 3}, "Scalars.name: expected str, got integer"),
    ],
)
def test_wrong_scalars_raise_naming_model_field_and_json_type(
    any_conv: cattrs.Converter, data: dict[str, Any], message: str
) -> None:
    with pytest.raises(FAILURES) as info:
        any_conv.structure(data, Scalars)
    assert describe_failure(info.value) == message


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"count": 7, "ratio": 0.5, "flag": True, "text": "t"}, (7, 0.5, True, "t")),
        ({"count": "7", "ratio": "12.5", "flag": "false"}, (7, 12.5, False, None)),
        ({"count": "-3", "ratio": "1e3", "flag": "true"}, (-3, 1000.0, True, None)),
        ({"ratio": 3}, (None, 3.0, None, None)),
        ({"count": None, "ratio": None, "flag": None, "text": None}, (None, None, None, None)),
    ],
)
def test_lossless_conversions_happen(
    any_conv: cattrs.Converter, data: dict[str, Any], expected: tuple[Any, ...]
) -> None:
    value = any_conv.structure(data, Scalars)
    assert (value.count, value.ratio, value.flag, value.text) == expected
    assert type(value.ratio) is float or value.ratio is None
    assert type(value.count) is int or value.count is None


def test_numbers_as_text_only_where_the_api_sends_them() -> None:
    conv = make_converter(text_numbers=False)
    assert conv.structure({"count": 7, "ratio": 2}, Scalars).ratio == 2.0
    for data in ({"count": "7"}, {"ratio": "1.5"}):
        with pytest.raises(FAILURES) as info:
            conv.structure(data, Scalars)
        assert "expected" in str(describe_failure(info.value))
    # "true"/"false" stay booleans: they say exactly one thing.
    assert conv.structure({"flag": "true"}, Scalars).flag is True


def test_required_scalars_in_the_fast_path() -> None:
    conv = make_converter()
    with pytest.raises(TypeError) as info:
        conv.structure({"id": 1, "title": None}, Song)
    assert describe_failure(info.value) == "Song.title: expected str, got null"
    with pytest.raises(TypeError, match="expected int, got boolean"):
        conv.structure({"id": True, "title": "x"}, Song)
    with pytest.raises(KeyError) as missing:
        conv.structure({"id": 1}, Song)
    assert describe_failure(missing.value) == "Song.title: required field missing"


def test_a_missing_required_key_is_reported_before_a_wrong_optional_value(
    any_conv: cattrs.Converter,
) -> None:
    # An object of another kind (no id, no title) is reported as such, not by whichever
    # optional field the generated function structured, and failed on, first.
    for data, missing in [
        ({"best": []}, "id"),
        ({"id": 1, "best": [{"id": 1}]}, "tracks"),
        ({"tracks": [], "best": "s"}, "id"),
    ]:
        with pytest.raises(FAILURES) as info:
            any_conv.structure(data, Album)
        assert describe_failure(info.value) == f"Album.{missing}: required field missing"
    with pytest.raises(FAILURES) as info:
        any_conv.structure({"id": 1, "tracks": [], "best": {"bpm": 1, "best": []}}, Album)
    assert describe_failure(info.value) == "Album.best.id: required field missing"


def test_arrays_and_objects_must_be_json_arrays_and_objects(any_conv: cattrs.Converter) -> None:
    for data, message in [
        ({"id": 1, "tracks": "ab"}, "Album.tracks: expected array, got string"),
        ({"id": 1, "tracks": {"id": 1}}, "Album.tracks: expected array, got object"),
        ({"id": 1, "tracks": None}, "Album.tracks: expected array, got null"),
        ({"id": 1, "tracks": [], "best": []}, "Album.best: expected object, got array"),
        ({"id": 1, "tracks": [], "best": "s"}, "Album.best: expected object, got string"),
        (
            {"id": 1, "tracks": [{"id": 1, "title": "a"}, 5]},
            "Album.tracks[1]: expected object, got integer",
        ),
    ]:
        with pytest.raises(FAILURES) as info:
            any_conv.structure(data, Album)
        assert describe_failure(info.value) == message
    with pytest.raises(FAILURES) as info:
        any_conv.structure({"ref": 1, "tags": "ab"}, Typed)
    assert describe_failure(info.value) == "Typed.tags: expected array, got string"


def test_nested_failures_name_the_whole_path(any_conv: cattrs.Converter) -> None:
    data = {
        "id": 9,
        "tracks": [{"id": 1, "title": "a"}, {"id": 2, "title": "b", "bpm": "x"}],
        "best": {"id": 3, "title": "c"},
    }
    with pytest.raises(FAILURES) as info:
        any_conv.structure(data, Album)
    assert describe_failure(info.value) == "Album.tracks[1].bpm: expected int, got string"
    data["tracks"] = []
    data["best"] = {"id": 3, "title": False}
    with pytest.raises(FAILURES) as info:
        any_conv.structure(data, Album)
    assert describe_failure(info.value) == "Album.best.title: expected str, got boolean"
    with pytest.raises(FAILURES) as info:
        any_conv.structure([{"id": 1, "title": "a"}, {"id": 2}], list[Song])
    assert describe_failure(info.value) == "Song[1].title: required field missing"


@frozen(kw_only=True)
class Mapped(Model):
    waves: dict[str, list[float]] = attrs.field(factory=dict)
    owners: dict[str, bool] = attrs.field(factory=dict)
    raw: dict[str, Any] | None = None


def test_objects_of_values(any_conv: cattrs.Converter) -> None:
    value = any_conv.structure({"waves": {"a": [1, 0.5]}, "owners": {"7": "true"}}, Mapped)
    assert value.waves == {"a": [1.0, 0.5]} and value.owners == {"7": True}
    for data, message in [
        ({"waves": {"a": [1, "x"]}}, "Mapped.waves['a'][1]: expected float, got string"),
        ({"waves": []}, "Mapped.waves: expected object, got array"),
        ({"owners": {"1": True, "2": None}}, "Mapped.owners['2']: expected bool, got null"),
        ({"raw": "text"}, "Mapped.raw: expected object, got string"),
    ]:
        with pytest.raises(FAILURES) as info:
            any_conv.structure(data, Mapped)
        assert describe_failure(info.value) == message


@pytest.mark.parametrize("ref", [None, 1.5, True, [1], {}])
def test_scalar_unions_refuse_other_types(any_conv: cattrs.Converter, ref: Any) -> None:
    with pytest.raises(FAILURES) as info:
        any_conv.structure({"ref": ref}, Typed)
    found = describe_failure(info.value)
    assert found is not None and found.startswith("Typed.ref: expected int or str, got ")


def test_open_enums_take_their_value_type_only(any_conv: cattrs.Converter) -> None:
    with pytest.raises(FAILURES) as info:
        any_conv.structure({"ref": 1, "mood": 5}, Typed)
    assert describe_failure(info.value) == "Typed.mood: expected Mood, got integer"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"ref": 1, "when": "tok-8f3a9c"}, "Typed.when: "),
        ({"ref": 1, "when": ["tok-8f3a9c"]}, "Typed.when: "),
        ({"ref": 1, "when": 10**20 + 8}, "Typed.when: "),
        ({"ref": 1, "day": "tok-8f3a9c"}, "Typed.day: "),
        ({"ref": 1, "day": {"tok-8f3a9c": 1}}, "Typed.day: "),
        ({"ref": 1, "amount": "tok-8f3a9c"}, "Typed.amount: "),
        ({"ref": 1, "amount": ["tok-8f3a9c"]}, "Typed.amount: "),
    ],
)
def test_datetime_date_and_amount_failures_never_quote_the_value(
    any_conv: cattrs.Converter, data: dict[str, Any], field: str
) -> None:
    # docs/concepts.md: the error names the field path and the JSON type, "never
    # the value (it may be private)"; a ResponseDecodeError carries this text.
    with pytest.raises(FAILURES) as info:
        any_conv.structure(data, Typed)
    where = describe_failure(info.value)
    assert where is not None and where.startswith(field)
    for text in (where, str(info.value), *map(str, getattr(info.value, "exceptions", ()))):
        assert "tok-8f3a9c" not in text
        assert "100000000000000000008" not in text


def test_failures_outside_models_have_no_path() -> None:
    conv = make_converter()
    with pytest.raises(TypeError) as info:
        conv.structure(None, str)
    assert describe_failure(info.value) is None
    assert str(info.value) == "expected str, got null"
    with pytest.raises(TypeError) as listed:
        conv.structure([1, None], list[int])
    assert describe_failure(listed.value) == "[1]: expected int, got null"
    assert describe_failure(KeyError("x")) is None


@frozen(kw_only=True)
class Node(Model):
    id: int
    child: Node | None = None
    children: list[Node] = attrs.field(factory=list)


@pytest.mark.parametrize("key", ["child", "children"])
def test_deep_structures_raise_recursion_error_not_something_else(
    any_conv: cattrs.Converter, key: str
) -> None:
    # The caller (the transport's decode step) turns this into ResponseDecodeError.
    deep: dict[str, Any] = {"id": 0}
    node = deep
    for depth in range(1, 5000):
        child: dict[str, Any] = {"id": depth}
        node[key] = child if key == "child" else [child]
        node = child
    node["id"] = None  # a failure at the bottom must not be located level by level
    with pytest.raises((RecursionError, cattrs.BaseValidationError)) as info:
        any_conv.structure(deep, Node)
    if not isinstance(info.value, RecursionError):  # detailed validation wraps it
        assert "nested too deeply" in str(describe_failure(info.value))


def test_a_failure_deep_down_is_located_in_linear_time(any_conv: cattrs.Converter) -> None:
    deep: dict[str, Any] = {"id": 0}
    node = deep
    for depth in range(1, 150):
        child: dict[str, Any] = {"id": depth}
        node["children"] = [{"id": -1}, child]
        node = child
    node["id"] = "x"
    with pytest.raises(FAILURES) as info:
        any_conv.structure(deep, Node)
    assert (
        describe_failure(info.value)
        == "Node" + ".children[1]" * 149 + ".id: expected int, got string"
    )


def test_json_type_names() -> None:
    assert [json_type(v) for v in (None, True, 1, 1.5, "s", [], {}, b"x")] == [
        "null", "boolean", "integer", "number", "string", "array", "object", "bytes",
    ]  # fmt: skip
    error = JSONTypeError("str", None)
    assert (error.expected, error.found, str(error)) == ("str", "null", "expected str, got null")


# -- non-finite floats -----------------------------------------------------------------
# A value handed to the converter by code (a mapping passed to a model, a webhook
# event given as a dict) has not been through the JSON reader: the float hooks refuse
# NaN and infinities themselves, in every shape a float field takes.


@pytest.mark.parametrize("value", [float("nan"), float("inf"), float("-inf")])
@pytest.mark.parametrize("tp", [float, float | None, int | float, float | str | None])
@pytest.mark.parametrize("strict", [False, True])
def test_non_finite_floats_are_refused(value: float, tp: Any, strict: bool) -> None:
    converter = make_converter(strict=strict)
    with pytest.raises((JSONTypeError, cattrs.BaseValidationError)):
        converter.structure(value, tp)


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-inf", "1e400"])
def test_non_finite_number_text_is_refused(value: str) -> None:
    with pytest.raises(JSONTypeError):
        make_converter(text_numbers=True).structure(value, float)


@pytest.mark.parametrize("tp", [float, float | None, int | float])
def test_finite_floats_still_pass_as_sent(tp: Any) -> None:
    assert make_converter().structure(1.5e300, tp) == 1.5e300
    assert make_converter().structure(-0.0, tp) == 0.0
