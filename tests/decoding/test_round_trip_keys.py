"""Decoded values go back to the JSON that came: money text where numbers are sent, and
the names a key was sent under.

Beatport and BeatConnect send JSON numbers, so numeric text is refused in their numeric
fields; money (``Decimal``) included, or ``"1.49"`` would come back as the number
``1.49``. Only the text beatkit itself writes for digits no float carries (``"1.50"``)
is read, so that a model it unstructured structures again.

BeatPass reads some fields under a second name (``waveData`` for ``peaks``):
unstructuring writes the name that was sent, so a response round-trips key for key.
"""

from __future__ import annotations

import copy
import pickle
from decimal import Decimal
from typing import Any

import cattrs
import pytest
from attrs import frozen
from cattrs.gen import override
from hypothesis import given
from hypothesis import strategies as st

from beatkit._core.converter import describe_failure, make_converter, register_model
from beatkit._core.model import ExactModel
from beatkit.beatconnect import converter as beatconnect
from beatkit.beatconnect.models import Beat
from beatkit.beatpass import converter as beatpass
from beatkit.beatpass.models import (
    AudioSearchResult,
    OwnershipCheck,
    Playlist,
    RadioRecommendations,
    Waveform,
)
from beatkit.beatport import converter as beatport
from beatkit.beatport.models import Price

FAILURES = (TypeError, ValueError, cattrs.BaseValidationError)

# --- money sent as text where the API sends numbers ------------------------------------


@pytest.mark.parametrize("conv", [beatconnect.converter, beatconnect.strict_converter])
@pytest.mark.parametrize("text", ["49.99", "1.5", "100", "1e3", "-0", "1E+3 ", "NaN"])
def test_beatconnect_refuses_money_as_text(conv: cattrs.Converter, text: str) -> None:
    with pytest.raises(FAILURES) as info:
        conv.structure({"id": 1, "title": "t", "price": text}, Beat)
    assert describe_failure(info.value) == "Beat.price: expected number, got string"


@pytest.mark.parametrize("conv", [beatport.converter, beatport.strict_converter])
def test_beatport_refuses_money_as_text(conv: cattrs.Converter) -> None:
    body = {"code": "USD", "symbol": "$", "value": "1.49", "display": "$1.49"}
    with pytest.raises(FAILURES) as info:
        conv.structure(body, Price)
    assert describe_failure(info.value) == "Price.value: expected number, got string"


@pytest.mark.parametrize("text", ["1.50", "0.1000000000000000000001", "1E+3", "-0.00"])
def test_money_text_that_beatkit_writes_is_read_back(text: str) -> None:
    beat = beatconnect.strict_converter.structure({"id": 1, "title": "t", "price": text}, Beat)
    assert beat.price == Decimal(text)
    assert beatconnect.strict_converter.unstructure(beat)["price"] == text


@given(st.decimals(allow_nan=False, allow_infinity=False))
def test_any_decimal_beatkit_writes_structures_again_where_text_is_refused(
    value: Decimal,
) -> None:
    conv = make_converter(text_numbers=False)
    back = conv.structure(conv.unstructure(value), Decimal)
    assert back == value and back.as_tuple() == value.as_tuple()


def test_money_numbers_still_read_where_text_is_refused() -> None:
    beat = beatconnect.converter.structure({"id": 1, "title": "t", "price": 49.99}, Beat)
    assert beat.price == Decimal("49.99")
    assert beatconnect.converter.unstructure(beat)["price"] == 49.99


def test_money_text_still_read_where_the_api_sends_text() -> None:
    conv = make_converter(text_numbers=True)
    assert conv.structure("49.99", Decimal) == Decimal("49.99")
    assert make_converter(text_numbers=False).structure(49.99, Decimal) == Decimal("49.99")
    with pytest.raises(TypeError, match="expected number, got string"):
        make_converter(text_numbers=False).structure("49.99", Decimal)
    with pytest.raises(TypeError, match="expected number, got boolean"):
        make_converter(text_numbers=False).structure(True, Decimal)


# --- BeatPass keys read under a second name ----------------------------------------------

ALIASED: list[tuple[type[Any], dict[str, Any]]] = [
    (Waveform, {"waveData": [0.5, 1.5]}),
    (Waveform, {"wave_data": [0.5, 1.5]}),
    (OwnershipCheck, {"owns": True}),
    (OwnershipCheck, {"owner": False}),
    (OwnershipCheck, {"is_owned": True}),
    (AudioSearchResult, {"results": []}),
    (RadioRecommendations, {"recommendations": []}),
    (Playlist, {"id": 1, "name": "p", "total_duration": 5}),
]


@pytest.mark.parametrize("strict", [False, True])
@pytest.mark.parametrize(("cls", "body"), ALIASED)
def test_a_key_sent_under_its_second_name_goes_back_under_it(
    cls: type[Any], body: dict[str, Any], strict: bool
) -> None:
    conv = beatpass.strict_converter if strict else beatpass.converter
    value = conv.structure(body, cls)
    back = conv.unstructure(value)
    assert {key: back[key] for key in body} == body
    for key in set(back) - set(body):
        # Keys the body did not send are the model's other fields, unset.
        assert back[key] in (None, [], {}), key


@pytest.mark.parametrize(("cls", "body"), ALIASED)
def test_the_name_sent_survives_copies_and_pickles_and_leaves_equality_alone(
    cls: type[Any], body: dict[str, Any]
) -> None:
    value = beatpass.converter.structure(body, cls)
    for twin in (copy.copy(value), copy.deepcopy(value), pickle.loads(pickle.dumps(value))):  # noqa: S301
        assert twin == value
        assert beatpass.converter.unstructure(twin) == beatpass.converter.unstructure(value)
    built = cls(**{name: getattr(value, name) for name in _init_names(cls)})
    assert built == value and hash(built) == hash(value)


def _init_names(cls: type[Any]) -> list[str]:
    import attrs

    return [a.name for a in attrs.fields(cls) if a.init and a.name != "extra"]


def test_the_usual_name_is_written_for_a_model_built_by_hand() -> None:
    assert beatpass.converter.unstructure(Waveform(peaks=[1.0]))["peaks"] == [1.0]
    assert "waveData" not in beatpass.converter.unstructure(Waveform(peaks=[1.0]))
    assert beatpass.converter.unstructure(Playlist(id=1, total_duration=3))["totalDuration"] == 3


def test_both_names_sent_keep_both_in_lenient_mode() -> None:
    body = {"waveData": [1.5], "wave_data": [2.5]}
    value = beatpass.converter.structure(body, Waveform)
    assert value.peaks == [1.5]
    assert beatpass.converter.unstructure(value) == body


@given(
    st.sampled_from(["peaks", "waveData", "wave_data"]),
    st.lists(st.floats(allow_nan=False, allow_infinity=False), max_size=5),
    st.dictionaries(st.sampled_from(["x", "extra", "raw", "class"]), st.integers(), max_size=3),
)
def test_waveform_round_trips_whatever_name_it_came_under(
    name: str, peaks: list[float], unknown: dict[str, int]
) -> None:
    body = {name: peaks, **unknown}
    value = beatpass.converter.structure(body, Waveform)
    assert value.peaks == peaks
    assert beatpass.converter.unstructure(value) == body


# --- optional keys a response left out --------------------------------------------------


@pytest.mark.parametrize(
    ("conv", "cls", "body"),
    [
        (beatconnect.converter, Beat, {"id": 1, "title": "t"}),
        (beatconnect.strict_converter, Beat, {"id": 1, "title": "t", "price": None}),
        (beatpass.converter, Playlist, {"id": 1, "total_duration": 5}),
        (beatpass.strict_converter, Waveform, {}),
        (beatpass.converter, OwnershipCheck, {"owns": None, "zz": 1}),
    ],
)
def test_optional_keys_left_out_stay_out(
    conv: cattrs.Converter, cls: type[Any], body: dict[str, Any]
) -> None:
    # A key that came as null goes back as null; one that did not come is not made up.
    assert conv.unstructure(conv.structure(body, cls)) == body


def test_a_model_built_or_changed_by_hand_writes_every_field() -> None:
    import attrs

    beat = beatconnect.converter.structure({"id": 1, "title": "t"}, Beat)
    changed = attrs.evolve(beat, title="u")
    assert beatconnect.converter.unstructure(changed)["price"] is None
    assert beatconnect.converter.unstructure(Beat(id=1, title="t"))["price"] is None
    for twin in (copy.copy(beat), copy.deepcopy(beat), pickle.loads(pickle.dumps(beat))):  # noqa: S301
        assert beatconnect.converter.unstructure(twin) == {"id": 1, "title": "t"}


@given(
    st.fixed_dictionaries(
        {"id": st.integers(), "title": st.text(max_size=5)},
        optional={
            "price": st.none() | st.integers(-(10**6), 10**6),
            "bpm": st.none() | st.integers(0, 300),
            "added_later": st.integers(),
        },
    )
)
def test_beatconnect_beats_round_trip_key_for_key(body: dict[str, Any]) -> None:
    assert beatconnect.converter.unstructure(beatconnect.converter.structure(body, Beat)) == body


def test_the_core_exact_model_leaves_out_what_the_input_left_out() -> None:
    @frozen(kw_only=True)
    class Song(ExactModel):
        id: int
        bpm: int | None = None
        key_name: str | None = None

    for strict in (False, True):
        conv = make_converter(strict=strict)
        register_model(conv, Song, key_name=override(rename="key"))
        assert conv.unstructure(conv.structure({"id": 1}, Song)) == {"id": 1}
        assert conv.unstructure(conv.structure({"id": 1, "key": None}, Song)) == {
            "id": 1,
            "key": None,
        }
        assert conv.unstructure(Song(id=1)) == {"id": 1, "bpm": None, "key": None}
