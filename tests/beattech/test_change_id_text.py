"""A change record's ``id`` given as decimal text reads as the same change id.

The page contradicts itself: every resource's ``id`` "is always a string in both
requests and responses" (L37-39), while its Changes API example sends change ids as
JSON integers (L5882-5885, L5896). specs/README: where the page disagrees with itself,
both forms are accepted. Text that spells no non-negative integer is still refused:
read as some other id it would move the app's base wrongly.
"""

from __future__ import annotations

from typing import Any

import cattrs
import httpx
import pytest

from beatkit._core.converter import describe_failure
from beatkit.beattech import BeatTech
from beatkit.beattech.converter import converter, strict_converter
from beatkit.beattech.models import Change


@pytest.mark.parametrize("conv", [converter, strict_converter])
@pytest.mark.parametrize("value", [82, "82"])
def test_a_change_id_as_text_or_integer_reads_as_the_integer(
    conv: cattrs.Converter, value: Any
) -> None:
    # L5885 with its id as L37-39 spells ids.
    change = conv.structure(
        {"id": value, "method": "DELETE", "body": {"group": {"id": "123"}}}, Change
    )
    assert change.id == 82 and isinstance(change.id, int)
    assert (change.entity_type, change.entity_id) == ("group", "123")


@pytest.mark.parametrize(
    "value", ["", " ", "abc", "-1", "+5", "82.0", "8 2", "\u0668\u0662", -1, 1.5, True, None]
)
def test_a_change_id_that_spells_no_change_id_is_refused(value: Any) -> None:
    with pytest.raises((TypeError, ValueError, cattrs.BaseValidationError)):
        converter.structure({"id": value, "method": "POST", "body": {}}, Change)


def test_pull_reads_a_feed_whose_change_ids_are_text() -> None:
    feed = {
        "changes": [
            {"id": "1", "method": "POST", "body": {"group": {"id": "123"}}},
            {"id": "81", "method": "PATCH", "body": {"track": {"id": "8"}}},
        ]
    }

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/oauth2/token"):
            token = {"access_token": "t", "expires_in": 3600, "token_type": "Bearer"}
            return httpx.Response(200, json={**token, "refresh_token": "r", "user_id": "7"})
        assert request.url.params["base_change_id"] == "0"
        return httpx.Response(206, json=feed, headers={"Content-Range": "changes 0-99/2"})

    with httpx.Client(transport=httpx.MockTransport(handler)) as http:
        bt = BeatTech("fabel", client_id="c", client_secret="s", http_client=http)
        bt.auth.login("u", "p")
        pulled = bt.sync.pull(0)
    assert [change.id for change in pulled.changes] == [1, 81]
    assert pulled.base_change_id == 81


@pytest.mark.parametrize("conv", [converter, strict_converter])
@pytest.mark.parametrize("value", [" 82", "82 ", "\t82\n", "082", "00"])
def test_a_change_id_as_text_is_exactly_its_decimal_text(
    conv: cattrs.Converter, value: Any
) -> None:
    # A JSON body's id, not a header value: no spaces around it to trim, and no
    # leading zeros (the int fields' rule); read as 82 it would be a value not sent.
    with pytest.raises((TypeError, ValueError, cattrs.BaseValidationError)) as info:
        conv.structure({"id": value, "method": "POST", "body": {}}, Change)
    assert "Change.id" in (describe_failure(info.value) or "")
