"""A login answer's ``user_id`` text that no id has is "not an id", as ``true`` or ``5.5`` are.

The id was taken as sent and put in every path that defaults to the logged-in user:
blank text went out as ``/users/%20%20``, text with spaces around it as
``/users/%2028392%20``, and text holding a line break, NUL or a lone surrogate made
``bt.users.get()`` (no argument given) raise a bare ``ValueError`` about a "path
parameter" the caller never passed. An id argument is refused such text (``text_id``);
the login answer's is now read by the same rule: the call raises
``ConfigurationError`` naming the login answer's user_id, before anything is sent.
"""

from __future__ import annotations

import json

import httpx
import pytest

from beatkit.beattech import AsyncBeatTech, BeatTech
from beatkit.errors import ConfigurationError

# JSON texts of user_id values, as a server would write them.
_MALFORMED = [
    '"  "',
    '" 28392 "',
    '"28392\\n"',
    '"a\\u0000b"',
    '"\\ud800"',
    '"12\\u00a0"',
    "-5",
]


def _handler(user_id: str, api: list[httpx.Request]) -> httpx.MockTransport:
    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/oauth2/token"):
            body = (
                '{"access_token": "user-1", "token_type": "bearer", "expires_in": 3600, '
                f'"refresh_token": "refresh-1", "user_id": {user_id}}}'
            )
            return httpx.Response(
                200, content=body.encode(), headers={"content-type": "application/json"}
            )
        api.append(request)
        return httpx.Response(200, json={"user": {"id": "7"}})

    return httpx.MockTransport(handle)


@pytest.mark.parametrize("user_id", _MALFORMED)
def test_a_malformed_text_user_id_is_not_an_id(user_id: str) -> None:
    api: list[httpx.Request] = []
    transport = _handler(user_id, api)
    with BeatTech(
        "test", client_id="cid", client_secret="cs", http_client=httpx.Client(transport=transport)
    ) as bt:
        bt.auth.login("user@example.com", "pw")
        assert bt.auth.user_id is None
        with pytest.raises(ConfigurationError, match=r"user_id.*not an id"):
            bt.users.get()
        assert api == []
        assert bt.users.get("7").id == "7"  # an explicit id still works


@pytest.mark.parametrize("user_id", _MALFORMED)
async def test_the_async_client_reads_it_alike(user_id: str) -> None:
    api: list[httpx.Request] = []
    transport = _handler(user_id, api)
    async with AsyncBeatTech(
        "test",
        client_id="cid",
        client_secret="cs",
        http_client=httpx.AsyncClient(transport=transport),
    ) as bt:
        await bt.auth.login("user@example.com", "pw")
        assert bt.auth.user_id is None
        with pytest.raises(ConfigurationError, match=r"user_id.*not an id"):
            await bt.users.get()
        assert api == []


@pytest.mark.parametrize("user_id", ['"28392"', "28392", '"abc-1"'])
def test_a_well_formed_user_id_is_still_read(user_id: str) -> None:
    api: list[httpx.Request] = []
    transport = _handler(user_id, api)
    with BeatTech(
        "test", client_id="cid", client_secret="cs", http_client=httpx.Client(transport=transport)
    ) as bt:
        bt.auth.login("user@example.com", "pw")
        assert bt.auth.user_id == str(json.loads(user_id))
        bt.users.get()
        assert api[0].url.path == f"/v2/users/{json.loads(user_id)}"
