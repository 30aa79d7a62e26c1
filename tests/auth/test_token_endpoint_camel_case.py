"""A token endpoint that spells its fields in camelCase (``accessToken``,
``refreshToken``) is no token answer, and its error carries none of them."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from beatkit.auth import RefreshingAuth, Token
from beatkit.errors import APIError, ResponseDecodeError

NEW = "new-s3cr3t-issued"


@pytest.mark.parametrize(
    ("status", "body"),
    [
        (200, {"data": {"accessToken": f"at-{NEW}", "refreshToken": f"rt-{NEW}"}}),
        (200, {"accessToken": f"at-{NEW}", "expiresIn": 3600}),
        (400, {"error": "invalid_request", "refreshToken": f"rt-{NEW}"}),
    ],
)
def test_camel_case_credentials_of_a_token_answer_stay_out_of_the_error(
    status: int, body: dict[str, object]
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/token":
            return httpx.Response(status, json=body)
        return httpx.Response(200)

    stale = Token(
        access_token="old", refresh_token="rt-old", expires_at=datetime.now(UTC) - timedelta(1)
    )
    auth = RefreshingAuth(
        "https://auth.example.com/token", "cid", token=stale, hosts="api.example.com"
    )
    with (
        httpx.Client(transport=httpx.MockTransport(handler), auth=auth) as client,
        pytest.raises((APIError, ResponseDecodeError)) as info,
    ):
        client.get("https://api.example.com/me")
    error = info.value
    if status == 200:
        assert isinstance(error, ResponseDecodeError)
    shown = repr(error) + str(error) + json.dumps(getattr(error, "body", None))
    assert NEW not in shown
