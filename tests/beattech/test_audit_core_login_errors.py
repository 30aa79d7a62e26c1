"""A refused login says what the core found, not only "HTTP <status>".

The login wrapper rewords a token endpoint's refusal from the page's error envelope;
without one (a redirect, an empty 401, a ``{"message": ...}`` body) it said only
``HTTP 302`` and dropped what the token manager had found: that the endpoint answered
with a redirect (to where, and that credentials never follow one), the reason phrase,
or the server's message.
"""

from __future__ import annotations

import httpx
import pytest

from beatkit.beattech import AsyncBeatTech, BeatTech
from beatkit.errors import AuthenticationError

PASSWORD = "pw-TOPSECRET-77"


def _answer(response: httpx.Response) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            response.status_code, headers=response.headers, content=response.content
        )

    return httpx.MockTransport(handler)


CASES = [
    (
        httpx.Response(302, headers={"Location": "https://developer.beat.no/"}),
        ("redirect", "developer.beat.no"),
    ),
    (httpx.Response(401), ("401 Unauthorized",)),
    (httpx.Response(400, json={"message": "Account locked."}), ("Account locked.",)),
]


@pytest.mark.parametrize(("response", "said"), CASES)
def test_a_refused_login_keeps_the_reason(response: httpx.Response, said: tuple[str, ...]) -> None:
    with (
        BeatTech(
            "fabel",
            client_id="cid",
            client_secret="csecret",
            http_client=httpx.Client(transport=_answer(response)),
        ) as bt,
        pytest.raises(AuthenticationError) as caught,
    ):
        bt.auth.login("reader@example.com", PASSWORD)
    text = str(caught.value)
    assert text.count("failed") == 1, text  # worded once, as a Beat Technology login
    assert "Beat Technology password login failed" in text
    for part in said:
        assert part in text
    assert PASSWORD not in text
    assert caught.value.status_code == response.status_code


@pytest.mark.parametrize(("response", "said"), CASES)
async def test_the_async_login_keeps_it_too(
    response: httpx.Response, said: tuple[str, ...]
) -> None:
    async with AsyncBeatTech(
        "fabel",
        client_id="cid",
        client_secret="csecret",
        http_client=httpx.AsyncClient(transport=_answer(response)),
    ) as bt:
        with pytest.raises(AuthenticationError) as caught:
            await bt.auth.login_signed_msisdn("8801600000199", "sig-TOPSECRET-1")
    text = str(caught.value)
    assert "Beat Technology signed msisdn login failed" in text
    for part in said:
        assert part in text
    assert "sig-TOPSECRET-1" not in text


def test_the_envelope_still_words_it() -> None:
    body = {"error": "invalid_grant", "error_description": "Invalid username or password."}
    response = httpx.Response(400, json=body)
    with (
        BeatTech(
            "fabel",
            client_id="cid",
            client_secret="csecret",
            http_client=httpx.Client(transport=_answer(response)),
        ) as bt,
        pytest.raises(AuthenticationError) as caught,
    ):
        bt.auth.login("reader@example.com", PASSWORD)
    assert caught.value.code == "invalid_grant"
    assert caught.value.message == (
        "Beat Technology password login failed: Invalid username or password."
    )
