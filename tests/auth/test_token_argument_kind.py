"""A token manager given something that is not a ``Token`` (a string, as ``BearerAuth``
takes; a dict, as ``Token.to_dict()`` gives), as ``token=`` or from its store's
``load()``: refused when the manager is made, naming what it got, never its value.

It was taken as it was, and every request failed inside httpx's auth flow with a bare
``AttributeError`` (``'str' object has no attribute 'refresh_token'``).
"""

from __future__ import annotations

from typing import Any

import pytest

from beatkit.auth import ClientCredentialsAuth, RefreshingAuth, Token
from beatkit.errors import ConfigurationError

SECRET = "at-5f0c9e1d"


class Store:
    """A store of the caller's whose ``load()`` answers ``value``."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def load(self) -> Any:
        return self.value

    def save(self, token: Token) -> None:
        pass

    def clear(self) -> None:
        pass


WRONG = [SECRET, {"access_token": SECRET}, 5, [SECRET]]


@pytest.mark.parametrize("value", WRONG)
def test_a_token_argument_that_is_no_token_is_refused(value: Any) -> None:
    with pytest.raises(ConfigurationError, match=r"^token must be a Token") as info:
        RefreshingAuth("https://auth.test/token", "cid", token=value, hosts=["api.test"])
    assert type(value).__name__ in str(info.value)
    assert SECRET not in str(info.value)


@pytest.mark.parametrize("value", WRONG)
@pytest.mark.parametrize("kind", [RefreshingAuth, ClientCredentialsAuth])
def test_a_store_loading_something_that_is_no_token_is_refused(value: Any, kind: type) -> None:
    arguments: dict[str, Any] = {"store": Store(value), "hosts": ["api.test"]}
    secret = ("sec",) if kind is ClientCredentialsAuth else ()
    with pytest.raises(ConfigurationError, match=r"load\(\) returned") as info:
        kind("https://auth.test/token", "cid", *secret, **arguments)
    assert type(value).__name__ in str(info.value)
    assert SECRET not in str(info.value)


def test_a_token_or_none_is_taken() -> None:
    token = Token(access_token=SECRET, refresh_token="rt")
    auth = RefreshingAuth("https://auth.test/token", "cid", token=token, hosts=["api.test"])
    assert auth.token is token
    empty = RefreshingAuth("https://auth.test/token", "cid", store=Store(None), hosts=["a.b"])
    assert empty.token is None


@pytest.mark.parametrize("value", WRONG)
def test_set_token_refuses_what_is_no_token(value: Any) -> None:
    auth = RefreshingAuth("https://auth.test/token", "cid", hosts=["api.test"])
    with pytest.raises(ConfigurationError, match=r"^token must be a Token") as info:
        auth.set_token(value)
    assert SECRET not in str(info.value)
    assert auth.token is None
