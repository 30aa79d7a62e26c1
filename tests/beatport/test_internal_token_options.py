"""The internal host holds no token: every token option given with ``internal=True``
is refused, naming it, instead of only ``token=`` and ``store=``.

``on_token=`` was accepted and never called, and ``refresh_buffer=-1``, which the
public host refuses, was accepted and ignored.
"""

from __future__ import annotations

from typing import Any

import pytest

from beatkit import AsyncBeatport, Beatport
from beatkit.auth import MemoryTokenStore
from beatkit.errors import ConfigurationError

CLIENTS = [Beatport, AsyncBeatport]


@pytest.mark.parametrize("cls", CLIENTS)
@pytest.mark.parametrize(
    ("options", "named"),
    [
        ({"on_token": print}, "on_token="),
        ({"refresh_buffer": -1}, "refresh_buffer="),
        ({"refresh_buffer": 30.0}, "refresh_buffer="),
        ({"token": "tok"}, "token="),
        ({"store": MemoryTokenStore()}, "store="),
        ({"token": "tok", "on_token": print}, "token=/on_token="),
    ],
)
def test_a_token_option_with_the_internal_host_is_refused(
    cls: Any, options: dict[str, Any], named: str
) -> None:
    with pytest.raises(ConfigurationError, match="internal host takes no credentials") as info:
        cls(internal=True, **options)
    assert f"drop {named}," in str(info.value)


@pytest.mark.parametrize("cls", CLIENTS)
def test_the_default_refresh_buffer_given_as_such_is_fine(cls: Any) -> None:
    from beatkit.beatport.auth import DEFAULT_REFRESH_BUFFER

    client = cls(internal=True, refresh_buffer=DEFAULT_REFRESH_BUFFER)
    assert client.internal is True
