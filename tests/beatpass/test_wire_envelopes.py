"""BeatPass answers in the alternative envelopes the wire readers accept, and what they refuse."""

from __future__ import annotations

import pytest

from beatkit.beatpass.wire import batch, many, parse_error


def test_many_reads_a_bare_list_as_is() -> None:
    assert many("credits")([{"id": 1}]) == [{"id": 1}]


def test_many_reads_a_page_nested_under_a_key() -> None:
    assert many("credits")({"credits": {"data": [{"id": 1}]}}) == [{"id": 1}]
    assert many("credits")({"pagination": {"data": [{"id": 2}], "total": 1}}) == [{"id": 2}]


@pytest.mark.parametrize(
    "body",
    [{}, {"credits": {"id": 1}}, {"credits": {"data": "x"}}, {"data": None}, {"status": "ok"}],
)
def test_many_refuses_a_body_without_a_list(body: object) -> None:
    with pytest.raises(ValueError, match=r"^no list under credits$"):
        many("credits")(body)
    with pytest.raises(ValueError, match=r"^no list under results, artists$"):
        many("results", "artists")(body)


def test_batch_reads_its_key_data_or_a_flat_body() -> None:
    read = batch("licenses")
    licensed = {"7": True, "8": False}
    assert read({"licenses": licensed, "status": "ok", "count": 2}) == {
        "licenses": licensed,
        "count": 2,
    }
    assert read({"data": licensed, "status": "ok"}) == {"licenses": licensed}
    assert read({**licensed, "status": "ok"}) == {"licenses": licensed}


@pytest.mark.parametrize("errors", ["The name is required.", ["name"], None, 5])
def test_a_422_whose_errors_are_not_an_object_has_no_field_errors(errors: object) -> None:
    info = parse_error(422, {"message": "The given data was invalid.", "errors": errors})
    assert info is not None
    assert info.message == "The given data was invalid."
    assert info.details == errors
    assert info.kwargs == {"field_errors": {}}
