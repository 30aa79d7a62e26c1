"""FakeBeatTech's scope refusals carry the scope headers the page exposes.

The page exposes ``X-OAuth-Scopes`` (the token's scopes) and ``X-Accepted-OAuth-Scopes``
(the ones the operation accepts) to clients (L216, L226), and beatkit puts both in a
403's message. The fake's 403 ``insufficient_scope`` sent neither: a user's test of
that refusal saw "This operation needs a token with the ... scope." and no headers,
unlike the API.
"""

from __future__ import annotations

import httpx
import pytest

from beatkit.beattech import AsyncBeatTech, BeatTech
from beatkit.errors import PermissionDeniedError
from beatkit.testing import FakeBeatTech


def test_the_refusal_names_the_token_scopes_and_the_accepted_one() -> None:
    fake = FakeBeatTech()
    fake.add_client("scoped", "scoped-secret", scopes=["read", "write"])
    token = fake.issue_token(client_id="scoped")["access_token"]
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as http:
        answer = http.post(
            "/passwords/requests",
            json={"email": fake.username, "return": True},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert answer.status_code == 403
    assert answer.json()["error"] == "insufficient_scope"
    assert answer.headers["X-OAuth-Scopes"] == "read write"
    assert answer.headers["X-Accepted-OAuth-Scopes"] == "return-password-code"


def test_the_client_shows_them() -> None:
    fake = FakeBeatTech()
    with (
        BeatTech(
            fake.tenant,
            client_id=fake.client_id,
            client_secret=fake.client_secret,
            base_url=fake.base_url,
            http_client=httpx.Client(transport=fake.transport()),
        ) as bt,
        pytest.raises(PermissionDeniedError) as caught,
    ):
        bt.passwords.request_reset(email=fake.username, return_code=True)
    assert caught.value.code == "insufficient_scope"
    assert "X-Accepted-OAuth-Scopes: return-password-code" in str(caught.value)
    assert "X-OAuth-Scopes: " in str(caught.value)  # the app token has none


async def test_the_async_client_shows_them() -> None:
    fake = FakeBeatTech()
    async with AsyncBeatTech(
        fake.tenant,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=httpx.AsyncClient(transport=fake.transport()),
    ) as bt:
        await bt.auth.login(fake.username, fake.password)
        with pytest.raises(PermissionDeniedError) as caught:
            await bt.passwords.request_reset(email=fake.username, return_code=True)
    assert "X-Accepted-OAuth-Scopes: return-password-code" in str(caught.value)
