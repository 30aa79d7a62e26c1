"""What a failed session login tells the user to do next.

``login()`` never involves ``authorization_url()``: a redirect at its authorize step that
carries a foreign state, or a code twice, must not send the user to that method (the
advice of ``exchange_code()``), but say to log in again.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx
import pytest

from beatkit.beatport import AsyncBeatport
from beatkit.errors import AuthenticationError
from beatkit.testing.beatport import FakeBeatport


def _tamper(location: str, extra: list[tuple[str, str]], replace: dict[str, str]) -> str:
    parts = urlsplit(location)
    query = [(k, replace.get(k, v)) for k, v in parse_qsl(parts.query)] + extra
    return urlunsplit(parts._replace(query=urlencode(query)))


def _client(
    fake: FakeBeatport, extra: list[tuple[str, str]], replace: dict[str, str]
) -> AsyncBeatport:
    def handler(request: httpx.Request) -> httpx.Response:
        response = fake.handle(request)
        if request.url.path.endswith("/auth/o/authorize/") and "Location" in response.headers:
            location = _tamper(response.headers["Location"], extra, replace)
            return httpx.Response(302, headers={"Location": location})
        return response

    return AsyncBeatport(
        fake.client_id,
        base_url=fake.base_url,
        http_client=httpx.AsyncClient(transport=httpx.MockTransport(handler)),
        requests_per_second=None,
    )


@pytest.mark.parametrize(
    ("extra", "replace", "code"),
    [
        ([], {"state": "forged-state-value"}, "state_mismatch"),
        ([("code", "injected")], {}, "invalid_redirect"),
    ],
)
async def test_login_redirect_refusal_says_log_in_again(
    extra: list[tuple[str, str]], replace: dict[str, str], code: str
) -> None:
    fake = FakeBeatport()
    client = _client(fake, extra, replace)
    async with client:
        with pytest.raises(AuthenticationError) as caught:
            await client.auth.login(fake.username, fake.password)
    assert caught.value.code == code
    message = caught.value.message
    assert "authorize step" in message
    assert "authorization_url()" not in message
    assert "log in again" in message
    assert client.auth.token is None
    assert not any(r.url.path.endswith("/auth/o/token/") for r in fake.requests)


async def test_exchange_code_still_says_start_again_with_authorization_url() -> None:
    fake = FakeBeatport()
    async with AsyncBeatport(
        fake.client_id,
        base_url=fake.base_url,
        http_client=httpx.AsyncClient(transport=fake.transport()),
        requests_per_second=None,
    ) as client:
        request = client.auth.authorization_url("https://app.example/callback")
        with pytest.raises(AuthenticationError) as caught:
            await client.auth.exchange_code(
                "https://app.example/callback?code=abc&state=forged", request
            )
    assert caught.value.code == "state_mismatch"
    assert "authorization_url()" in caught.value.message
