"""A service's own secret fields are redacted in an error's body, as in a decode error's.

``ServiceSpec.secret_fields`` names what is a credential for one service besides the
global secret keys (BeatPass: Sanctum's ``plainTextToken``; Beat Technology: a reset
``code``, a ``coupon``, a payment ``source``). A body that could not be decoded was
redacted with them, but an error answer's body (and a redirect's) only with the
global keys: a login answered ``200 {"status": "error", ..., "plainTextToken": ...}``
put the token in ``APIError.body``, and from there in every log line that prints it.

Written once for asyncio; ``scripts/unasync.py`` generates the sync twin in ``_sync/``.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from beatkit import APIError, RedirectError
from beatkit.beatconnect import AsyncBeatConnect
from beatkit.beatpass import AsyncBeatPass
from beatkit.beattech import AsyncBeatTech

TOKEN = "7|abcSECRETtoken"


def _answer(status: int, body: object) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json=body)

    return handler


@pytest.mark.parametrize("status", [200, 403])
async def test_a_beatpass_error_body_hides_the_plain_text_token(
    status: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("BEATPASS_TOKEN", raising=False)
    body = {"status": "error", "message": "Locked.", "plainTextToken": TOKEN}
    transport = httpx.MockTransport(_answer(status, body))
    async with AsyncBeatPass(
        http_client=httpx.AsyncClient(transport=transport), max_retries=0
    ) as bp:
        with pytest.raises(APIError, match="Locked") as info:
            await bp.login("me@example.com", "pw")
    error = info.value
    assert error.body == {"status": "error", "message": "Locked.", "plainTextToken": "REDACTED"}
    assert TOKEN not in repr(error) and TOKEN not in str(error)


async def test_a_beat_technology_error_body_hides_a_coupon_code(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("BEATTECH_TENANT", "BEATTECH_CLIENT_ID", "BEATTECH_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    body = {"error": "invalid_request", "error_description": "Nope.", "coupon": "GIFT-1234"}
    transport = httpx.MockTransport(_answer(400, body))
    async with AsyncBeatTech(
        "demo",
        client_id="cid",
        client_secret="csecret",
        token="tok",
        http_client=httpx.AsyncClient(transport=transport),
        max_retries=0,
    ) as bt:
        with pytest.raises(APIError, match="Nope") as info:
            await bt.series.get("1")
    assert info.value.body == {
        "error": "invalid_request",
        "error_description": "Nope.",
        "coupon": "REDACTED",
    }
    assert info.value.code == "invalid_request"


async def test_a_redirect_body_hides_the_service_secret_fields(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("BEATPASS_TOKEN", raising=False)

    def handler(request: httpx.Request) -> httpx.Response:
        body = {"plainTextToken": TOKEN, "to": "/login"}
        return httpx.Response(302, json=body, headers={"Location": "/login"})

    transport = httpx.MockTransport(handler)
    async with AsyncBeatPass(
        http_client=httpx.AsyncClient(transport=transport), max_retries=0
    ) as bp:
        with pytest.raises(RedirectError) as info:
            await bp.login("me@example.com", "pw")
    assert info.value.body == {"plainTextToken": "REDACTED", "to": "/login"}
    assert TOKEN not in repr(info.value)


async def test_a_field_error_named_after_a_secret_keeps_its_message(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The body kept is redacted; what the parser reads is not redacted by the service's
    # secret fields, so a 422's field errors keep their messages (no credential).
    monkeypatch.delenv("BEATPASS_TOKEN", raising=False)
    errors = {"password": ["The password field is required."], "email": ["Taken."]}
    body = {"message": "Invalid.", "errors": errors, "plainTextToken": TOKEN}
    transport = httpx.MockTransport(_answer(422, body))
    async with AsyncBeatPass(
        http_client=httpx.AsyncClient(transport=transport), max_retries=0
    ) as bp:
        with pytest.raises(APIError) as info:
            await bp.login("me@example.com", "pw")
    assert info.value.field_errors == errors
    assert info.value.body is not None and info.value.body["plainTextToken"] == "REDACTED"


async def test_an_error_s_details_are_redacted_as_its_body(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The details are read from the body: a credential's JSON pair in them is masked as
    # in the body (docs/concepts.md), on a service without fields of its own too.
    monkeypatch.delenv("BEATCONNECT_API_KEY", raising=False)
    details = {"access_token": "SECRET-1", "nested": {"password": "pw-2"}, "hint": "x"}
    body = {"error": {"code": "bad", "message": "Nope.", "details": details}}
    transport = httpx.MockTransport(_answer(400, body))
    async with AsyncBeatConnect(
        "key", http_client=httpx.AsyncClient(transport=transport), max_retries=0
    ) as bc:
        with pytest.raises(APIError, match="Nope") as info:
            await bc.beats.get(1)
    redacted = {"access_token": "REDACTED", "nested": {"password": "REDACTED"}, "hint": "x"}
    assert info.value.details == redacted
    assert info.value.body == {"error": {"code": "bad", "message": "Nope.", "details": redacted}}
