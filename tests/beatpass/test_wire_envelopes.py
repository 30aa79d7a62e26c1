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


def test_a_laravel_resource_collection_page_reads_its_counts_from_meta() -> None:
    # Laravel's API resources page as {"data", "links", "meta": {"current_page", ...}}:
    # read without meta, page 1 of 3 looked like the only page (pages silently missing).
    from beatkit.beatpass.wire import laravel_page

    body = {
        "data": [{"id": 1}],
        "links": {"next": "https://open.beatpass.ca/api/v1/purchases?page=2"},
        "meta": {"current_page": 1, "last_page": 3, "per_page": 1, "total": "3"},
    }
    page = laravel_page(body, ("purchases",))
    assert (page.items, page.page, page.last_page, page.total) == ([{"id": 1}], 1, 3, 3)
    nested = laravel_page({"status": "success", "purchases": body}, ("purchases",))
    assert (nested.page, nested.last_page, nested.total) == (1, 3, 3)
    # The paginator's own counts win over a meta beside them; a bad count in meta raises.
    flat = laravel_page({**body, "current_page": 2, "last_page": 2}, ("purchases",))
    assert (flat.page, flat.last_page) == (2, 2)
    with pytest.raises(ValueError, match="last_page"):
        laravel_page({**body, "meta": {"current_page": 1, "last_page": True}}, ("purchases",))


def test_a_simple_paginator_says_whether_more_follows() -> None:
    # Laravel's simplePaginate: no last_page, no total, only next_page_url (or, as an
    # API resource collection, links.next).
    from beatkit.beatpass.wire import laravel_page

    simple = {"current_page": 1, "data": [{"id": 1}], "next_page_url": "/tracks?page=2"}
    page = laravel_page({"tracks": simple}, ("tracks",))
    assert (page.page, page.last_page, page.next_url) == (1, None, "/tracks?page=2")
    resource = {"data": [{"id": 1}], "links": {"next": "/x?page=2"}, "meta": {"current_page": 1}}
    assert laravel_page(resource, ("purchases",)).next_url == "/x?page=2"
    assert laravel_page({**simple, "next_page_url": None}, ()).next_url is None
    # With a page count the link is not needed, and not read.
    counted = {**simple, "last_page": 1, "next_page_url": 5}
    assert laravel_page(counted, ()).next_url is None


def test_a_422_without_a_message_says_which_fields_were_refused() -> None:
    # Regression: it read "HTTP 422", with the reasons only in field_errors.
    body = {"errors": {"title": ["The title field is required."], "bpm": "Must be a number."}}
    info = parse_error(422, body)
    assert info is not None
    assert info.message == "title: The title field is required.; bpm: Must be a number."
    assert info.kwargs["field_errors"]["bpm"] == ["Must be a number."]
    # With a message, or with no field errors to tell, nothing changes.
    assert parse_error(422, {"message": "Invalid.", "errors": body["errors"]}).message == "Invalid."
    assert parse_error(422, {"errors": {}}).message == "HTTP 422"
