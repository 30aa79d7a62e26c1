"""A batch entry's ``X-Change`` given as text must spell a change id.

Text that is not a number (``"abc"``, ``""``, ``"+5"``, ``"82.0"``, non-ASCII digits)
read as "no change id" would count an accepted write as a conflict: the app would
drop its edit for the server's object although the server took it. It is a decode
failure, like a negative or a float ``X-Change``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import cattrs
import httpx
import pytest

from beatkit._core.converter import describe_failure
from beatkit.beattech import BeatTech, PendingChange
from beatkit.beattech.converter import converter, strict_converter
from beatkit.beattech.models import BatchResponse
from beatkit.errors import ResponseDecodeError

BAD_TEXT = ["abc", "", "  ", "+5", "-5", "82.0", "8 2", "\u0668\u0662", "0x52"]


@pytest.mark.parametrize("value", [*BAD_TEXT, ["abc"]])
@pytest.mark.parametrize("conv", [converter, strict_converter])
def test_non_numeric_x_change_text_is_a_decode_failure(conv: cattrs.Converter, value: Any) -> None:
    with pytest.raises((TypeError, cattrs.BaseValidationError)) as info:
        conv.structure({"status": 200, "headers": {"X-Change": value}}, BatchResponse)
    described = describe_failure(info.value) or ""
    assert "BatchResponse.headers" in described and "X-Change" in described


@pytest.mark.parametrize("conv", [converter, strict_converter])
def test_two_spellings_of_x_change_that_disagree_are_a_decode_failure(
    conv: cattrs.Converter,
) -> None:
    # change_id would read whichever came first: the other id would be lost.
    with pytest.raises((TypeError, cattrs.BaseValidationError)):
        conv.structure(
            {"status": 200, "headers": {"X-Change": 81, "x-change": "82"}}, BatchResponse
        )
    same = conv.structure(
        {"status": 200, "headers": {"X-Change": 82, "x-change": "82"}}, BatchResponse
    )
    assert same.change_id == 82


@pytest.mark.parametrize("value", ["82", " 82 ", ["82"], 82])
def test_numeric_x_change_text_still_reads(value: Any) -> None:
    answer = converter.structure({"status": 200, "headers": {"X-Change": value}}, BatchResponse)
    assert answer.change_id == 82


def test_push_raises_a_decode_error_instead_of_a_false_conflict() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/oauth2/token"):
            token = {"access_token": "t", "expires_in": 3600, "token_type": "Bearer"}
            return httpx.Response(200, json={**token, "refresh_token": "r", "user_id": "7"})
        entry = {"status": 200, "body": {"track": {"id": "8"}}, "headers": {"X-Change": "n/a"}}
        return httpx.Response(200, json={"responses": [entry]})

    with httpx.Client(transport=httpx.MockTransport(handler)) as http:
        bt = BeatTech("fabel", client_id="c", client_secret="s", http_client=http)
        bt.auth.login("u", "p")
        edit = PendingChange.favourite(
            "track", 8, True, changed_at=datetime(2026, 1, 1, tzinfo=UTC)
        )
        with pytest.raises(ResponseDecodeError) as info:
            bt.sync.push([edit], base_change_id=5)
    # The batch was answered: the notes say its edit may be applied.
    assert any("may be applied" in note for note in info.value.__notes__)
