"""Tokens, token stores and token managers as Python values: pickle, copy, repr, equality."""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from beatkit.auth import (
    BearerAuth,
    ClientCredentialsAuth,
    FileTokenStore,
    MemoryTokenStore,
    RefreshingAuth,
    Token,
)
from beatkit.errors import ConfigurationError

SECRET = "s3cr3t"
START = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)
# A token endpoint behind a gateway that takes a password and a key.
TOKEN_URL = f"https://gw:pw-{SECRET}@auth.example.com/oauth/token?api_key=k-{SECRET}&v=2"


def _unpickle(obj: Any) -> Any:
    # Our own bytes, not untrusted data.
    return pickle.loads(pickle.dumps(obj))  # noqa: S301


COPIES: list[Callable[[Any], Any]] = [_unpickle, copy.copy, copy.deepcopy]
IDS = ["pickle", "copy", "deepcopy"]


def _token() -> Token:
    return Token.from_response(
        {
            "access_token": f"at-{SECRET}",
            "refresh_token": f"rt-{SECRET}",
            "expires_in": 600,
            "scope": "read write",
            "user_id": "u-1",
            "id_token": f"id-{SECRET}",
        },
        now=START,
    )


@pytest.mark.parametrize("make_copy", COPIES, ids=IDS)
def test_token_round_trip_keeps_every_field(make_copy: Callable[[Any], Any]) -> None:
    # A token pickles with its secrets, as to_dict() stores them: it is the credential.
    token = _token()
    other = make_copy(token)
    assert other == token
    assert hash(other) == hash(token)
    assert other.access_token == f"at-{SECRET}"
    assert other.extra == {"user_id": "u-1", "id_token": f"id-{SECRET}"}
    assert SECRET not in repr(other)


def test_token_is_a_value() -> None:
    token = _token()
    assert token == Token.from_dict(token.to_dict())
    assert len({token, Token.from_dict(token.to_dict())}) == 1
    assert token != Token(access_token=token.access_token)


@pytest.mark.parametrize("make_copy", COPIES, ids=IDS)
def test_memory_store_round_trip_keeps_the_token(make_copy: Callable[[Any], Any]) -> None:
    store = MemoryTokenStore(_token())
    other = make_copy(store)
    assert other.load() == _token()
    assert SECRET not in repr(other)


@pytest.mark.parametrize("make_copy", COPIES, ids=IDS)
def test_file_store_round_trip_is_a_store_of_the_same_file(
    tmp_path: Path, make_copy: Callable[[Any], Any]
) -> None:
    # A store is its path: a worker process given it reads and writes the same file.
    store = FileTokenStore(tmp_path / "token.json")
    store.save(_token())
    other = make_copy(store)
    assert isinstance(other, FileTokenStore)
    assert other.path == store.path
    assert repr(other) == repr(store)
    assert other.load() == _token()
    other.clear()
    assert store.load() is None
    other.save(_token())  # its own lock works
    assert store.load() == _token()


def _managers(tmp_path: Path) -> list[Any]:
    return [
        BearerAuth(f"key-{SECRET}", hosts="api.example.com", service="svc"),
        ClientCredentialsAuth(
            TOKEN_URL, "client", f"cs-{SECRET}", hosts="api.example.com", service="svc"
        ),
        RefreshingAuth(
            TOKEN_URL,
            "client",
            client_secret=f"cs-{SECRET}",
            token=_token(),
            store=FileTokenStore(tmp_path / "t.json"),
            hosts="api.example.com",
            service="svc",
        ),
    ]


def test_token_manager_repr_shows_no_secret(tmp_path: Path) -> None:
    for manager in _managers(tmp_path):
        text = repr(manager)
        assert SECRET not in text, text
        assert "svc" in text
    assert "auth.example.com/oauth/token" in repr(_managers(tmp_path)[2])


@pytest.mark.parametrize("make_copy", COPIES, ids=IDS)
def test_token_managers_refuse_to_be_copied_or_pickled(
    tmp_path: Path, make_copy: Callable[[Any], Any]
) -> None:
    # A copy would share the lock and the single-flight refresh state with the original
    # and then drift from it; a pickle cannot carry a lock. Pass the Token instead.
    for manager in _managers(tmp_path):
        name = type(manager).__name__
        with pytest.raises(TypeError, match=rf"^{name} cannot be copied or pickled: .*Token"):
            make_copy(manager)


@pytest.mark.parametrize(
    "token_url",
    [f"ftp://gw:pw-{SECRET}@auth.example.com/token", f"auth.example.com/token?api_key={SECRET}"],
)
def test_a_refused_token_url_is_quoted_without_its_secrets(token_url: str) -> None:
    with pytest.raises(ConfigurationError, match="token_url must be an absolute") as info:
        ClientCredentialsAuth(token_url, "client", "secret", hosts="api.example.com")
    assert SECRET not in str(info.value)
    assert SECRET not in repr(info.value.args)
