"""A token store that delegates its methods through ``__getattr__`` is a token store.

From Python 3.12, ``isinstance`` with a ``runtime_checkable`` protocol no longer sees
methods a class provides through ``__getattr__``: a wrapper store (logging, metrics,
encryption) that forwards ``load``, ``save`` and ``clear`` to the store it wraps was
refused as "not a token store" on 3.12 and 3.13, and taken on 3.11. It is taken on
every Python; an object without the three methods is still refused.
"""

from __future__ import annotations

from typing import Any

import pytest

from beatkit.auth import MemoryTokenStore, Token
from beatkit.beatport import Beatport
from beatkit.errors import ConfigurationError


class ForwardingStore:
    """Forwards every attribute to the store it wraps (as a logging wrapper might)."""

    def __init__(self, inner: MemoryTokenStore) -> None:
        self._inner = inner

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def test_a_forwarding_store_is_taken_and_used() -> None:
    inner = MemoryTokenStore()
    inner.save(Token(access_token="stored-token"))
    with Beatport(client_id="abc", store=ForwardingStore(inner)) as bp:
        token = bp.auth.token
    assert token is not None and token.access_token == "stored-token"


def test_an_object_without_the_methods_is_still_refused() -> None:
    with pytest.raises(ConfigurationError, match="must be a token store"):
        Beatport(client_id="abc", store=object())
