"""A base URL whose path holds an encoded "?" or "#" is a beatkit error, on every client."""

from __future__ import annotations

import pytest

from beatkit.beatconnect import AsyncBeatConnect, BeatConnect
from beatkit.errors import ConfigurationError


@pytest.mark.parametrize("client", [BeatConnect, AsyncBeatConnect])
@pytest.mark.parametrize("escape", ["%3F", "%3f", "%23"])
def test_an_encoded_query_or_fragment_mark_in_the_base_path_is_refused(
    client: type[BeatConnect] | type[AsyncBeatConnect], escape: str
) -> None:
    # httpx rebuilt the decoded path and raised its own InvalidURL from the constructor.
    with pytest.raises(ConfigurationError, match="encoded '\\?' or '#'") as info:
        client("key", base_url=f"https://api.example/a{escape}secret")
    assert "secret" not in str(info.value)
    assert info.value.__cause__ is None
