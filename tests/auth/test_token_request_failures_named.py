"""A call whose token refresh gets no answer says so: the error names the token
request that failed, not only the API call that needed it (which was never sent)."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from beatkit import RequestOptions
from beatkit.auth import Token
from beatkit.beatport import AsyncBeatport, Beatport
from beatkit.errors import APIConnectionError, APITimeoutError
from beatkit.testing.beatport import FakeBeatport

TRACK_ID = 8291700
FAILURES = [
    (httpx.ReadTimeout("read timed out"), APITimeoutError, "timed out"),
    (httpx.ConnectError("refused"), APIConnectionError, "failed: ConnectError"),
]


def _stale(fake: FakeBeatport) -> Token:
    return Token.from_response(fake.issue_token(expires_in=0), now=datetime.now(UTC))


def _failing(fake: FakeBeatport, failure: Exception) -> httpx.MockTransport:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/auth/o/token/"):
            raise type(failure)(str(failure), request=request)
        return fake.handle(request)

    return httpx.MockTransport(handler)


def _check(error: APIConnectionError, fake: FakeBeatport, expected: str) -> None:
    text = str(error)
    assert expected in text
    # The call is named, and so is the request that failed: the token endpoint's.
    assert f"/catalog/tracks/{TRACK_ID}/" in text
    assert "token request" in text
    assert "/auth/o/token/" in text
    assert fake.client_id not in text


@pytest.mark.parametrize(("failure", "kind", "expected"), FAILURES)
def test_a_failed_token_request_is_named_in_the_error(
    failure: Exception, kind: type[APIConnectionError], expected: str
) -> None:
    fake = FakeBeatport()
    http = httpx.Client(transport=_failing(fake, failure))
    client = Beatport(
        base_url=fake.base_url, client_id=fake.client_id, token=_stale(fake), http_client=http
    )
    with pytest.raises(kind) as info:
        client.tracks.get(TRACK_ID, options=RequestOptions(max_retries=0))
    _check(info.value, fake, expected)
    client.close()
    http.close()


@pytest.mark.parametrize(("failure", "kind", "expected"), FAILURES)
async def test_a_failed_async_token_request_is_named_in_the_error(
    failure: Exception, kind: type[APIConnectionError], expected: str
) -> None:
    fake = FakeBeatport()
    http = httpx.AsyncClient(transport=_failing(fake, failure))
    client = AsyncBeatport(
        base_url=fake.base_url, client_id=fake.client_id, token=_stale(fake), http_client=http
    )
    with pytest.raises(kind) as info:
        await client.tracks.get(TRACK_ID, options=RequestOptions(max_retries=0))
    _check(info.value, fake, expected)
    await client.aclose()
    await http.aclose()
