"""A change id with more digits than Python converts (4,300 by default): no usable id,
never a raw ``ValueError`` from ``int``."""

from __future__ import annotations

import sys

import httpx
import pytest

from beatkit.beattech import BatchResponse, BeatTech
from beatkit.beattech.sync import parse_change_id
from beatkit.errors import ResponseDecodeError

USER = {"access_token": "u", "expires_in": 3600, "token_type": "Bearer", "user_id": "28392"}
HUGE = "1" * (sys.get_int_max_str_digits() + 1)


def test_parse_change_id_reads_no_id_from_too_many_digits() -> None:
    assert parse_change_id(HUGE) is None
    assert parse_change_id(f" {HUGE} ") is None


def test_a_batch_answer_change_id_with_too_many_digits_is_none() -> None:
    assert BatchResponse(status=200, headers={"X-Change": HUGE}).change_id is None
    assert BatchResponse(status=200, headers={"X-Change": [HUGE]}).change_id is None


def test_latest_change_id_with_too_many_digits_is_a_decode_error() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/oauth2/token"):
            return httpx.Response(200, json=USER)
        return httpx.Response(200, headers={"X-Change": HUGE})

    http = httpx.Client(transport=httpx.MockTransport(handler))
    with BeatTech("fabel", client_id="id", client_secret="s", http_client=http) as bt:
        bt.auth.login("user", "pass")
        with pytest.raises(ResponseDecodeError, match="X-Change"):
            bt.sync.latest_change_id()
