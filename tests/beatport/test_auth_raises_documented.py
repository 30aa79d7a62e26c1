"""What login() and exchange_code() raise at the token step is in their docstrings."""

from __future__ import annotations

import inspect
from typing import Any

import httpx
import pytest

from beatkit.auth import Token
from beatkit.beatport import AsyncBeatportAuth, Beatport, BeatportAuth
from beatkit.errors import APIConnectionError, ResponseDecodeError, TokenSaveError
from beatkit.testing.beatport import FakeBeatport


class FailingStore:
    def load(self) -> Token | None:
        return None

    def save(self, token: Token) -> None:
        raise OSError("disk full")

    def clear(self) -> None:
        pass


def _raises(method: Any) -> str:
    doc = inspect.getdoc(method) or ""
    return doc.partition("Raises:")[2]


@pytest.mark.parametrize("cls", [BeatportAuth, AsyncBeatportAuth])
@pytest.mark.parametrize("name", ["login", "exchange_code"])
@pytest.mark.parametrize("error", [ResponseDecodeError, APIConnectionError, TokenSaveError])
def test_token_step_errors_are_documented(cls: type, name: str, error: type) -> None:
    assert f"{error.__name__}:" in _raises(getattr(cls, name))


def test_login_raises_what_its_docstring_names() -> None:
    fake = FakeBeatport()

    def handler(request: httpx.Request) -> httpx.Response:
        return fake.handle(request)

    client = Beatport(
        base_url=fake.base_url,
        client_id=fake.client_id,
        store=FailingStore(),
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        requests_per_second=None,
    )
    with pytest.raises(TokenSaveError):
        client.auth.login(fake.username, fake.password)
    assert client.auth.token is not None
    client.close()
