# GENERATED from tests/beatpass/_async/test_audit_secrets.py by scripts/unasync.py: edit the async source.
"""Laravel's own names for a token stay out of the bodies errors carry.

A Sanctum token serialized whole is ``{"accessToken": {...}, "plainTextToken": "1|..."}``,
and Laravel's token guard keeps ``api_token`` on the user: an answer holding either that
beatkit cannot read must not hand the token to whoever prints the error.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from beatkit import ResponseDecodeError
from beatkit.beatpass import BeatPass

SECRET = "7|Zq9SecretTokenValue"


class Server:
    def __init__(self) -> None:
        self.body: Any = {}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=self.body)


@pytest.fixture
def server() -> Server:
    return Server()


@pytest.fixture
def bp(server: Server, monkeypatch: pytest.MonkeyPatch) -> Iterator[BeatPass]:
    monkeypatch.delenv("BEATPASS_TOKEN", raising=False)
    transport = httpx.MockTransport(server)
    with BeatPass(http_client=httpx.Client(transport=transport)) as client:
        yield client


def shown(error: BaseException) -> str:
    return "".join(traceback.format_exception(error)) + repr(vars(error))


@pytest.mark.parametrize(
    "body",
    [
        {"status": "success", "user": {"id": 1}, "plainTextToken": SECRET},
        {"status": "success", "user": {"id": 1}, "token": {"plainTextToken": SECRET}},
        {"status": "success", "user": {"id": 1, "api_token": SECRET}},
        {"status": "success", "data": {"user": {"id": "x"}, "plainTextToken": SECRET}},
    ],
    ids=["plainTextToken", "sanctum-object", "api_token", "under-data"],
)
def test_an_unreadable_login_answer_does_not_carry_the_token(
    bp: BeatPass, server: Server, body: dict[str, Any]
) -> None:
    server.body = body
    with pytest.raises(ResponseDecodeError) as info:
        bp.login("producer@example.com", "pw")
    assert SECRET not in shown(info.value)
    assert not bp.has_token
