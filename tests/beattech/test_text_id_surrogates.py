"""A text id holding a lone surrogate is refused by ``text_id``, naming the argument.

In a path the request builder refused it (naming the operation only); in the
``account_user`` grant's form it reached ``urllib``, whose bare ``UnicodeEncodeError``
came out of ``bt.auth.switch_account_user`` (found by fuzzing).
"""

from __future__ import annotations

import httpx
import pytest

from beatkit.auth import Token
from beatkit.beattech import BeatTech
from beatkit.beattech.context import text_id


def test_text_id_refuses_a_lone_surrogate() -> None:
    with pytest.raises(ValueError, match=r"^user_id holds a lone surrogate") as info:
        text_id("user_id", "7\ud800")
    assert type(info.value) is ValueError


def test_switch_account_user_refuses_a_lone_surrogate_before_sending() -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(500)

    http = httpx.Client(transport=httpx.MockTransport(handler))
    token = Token(access_token="tok", extra={"user_id": "7"})
    bt = BeatTech("test", client_id="a", client_secret="b", token=token, http_client=http)
    with bt, pytest.raises(ValueError, match=r"^user_id holds a lone surrogate") as info:
        bt.auth.switch_account_user("8\ud800")
    assert type(info.value) is ValueError
    assert sent == []
