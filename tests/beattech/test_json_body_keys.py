"""Free-form JSON the caller passes (a setup intent's ``payment_type_args``, a
migration's ``metadata``) with a key that is not text is refused before sending:
``json`` would rename ``{1: "a"}`` to ``{"1": "a"}`` and ``{None: 1}`` to ``{"null": 1}``."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from beatkit.beattech import BeatTech


@pytest.fixture
def bt_and_sent() -> Iterator[tuple[BeatTech, list[httpx.Request]]]:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/oauth2/token"):
            token = {"access_token": "t", "expires_in": 3600, "token_type": "Bearer"}
            return httpx.Response(200, json={**token, "refresh_token": "r", "user_id": "7"})
        sent.append(request)
        return httpx.Response(200, json={"client_secret": "seti_x", "setup_intent": {}})

    with httpx.Client(transport=httpx.MockTransport(handler)) as http:
        bt = BeatTech("fabel", client_id="c", client_secret="s", http_client=http)
        bt.auth.login("u", "p")
        yield bt, sent


CALLS: dict[str, Callable[[BeatTech, Any], object]] = {
    "setup_intent": lambda bt, v: bt.billing.create_setup_intent(3, payment_type_args=v),
    "migrate": lambda bt, v: bt.users.migrate("201", metadata=v),
}


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
@pytest.mark.parametrize("value", [{1: "a"}, {"x": {None: 1}}], ids=["int-key", "nested-none"])
def test_a_key_that_is_not_text_is_refused_before_sending(
    bt_and_sent: tuple[BeatTech, list[httpx.Request]],
    call: Callable[[BeatTech, Any], object],
    value: Any,
) -> None:
    bt, sent = bt_and_sent
    with pytest.raises(TypeError, match="key"):
        call(bt, value)
    assert sent == []
