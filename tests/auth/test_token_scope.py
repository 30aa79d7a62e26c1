"""A granted scope sent as a JSON list is joined with spaces only when that join reads
back as the same list: an empty name or one with a space in it is an error, not a
silently different scope."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from beatkit.auth import Token, parse_token_response
from beatkit.errors import ResponseDecodeError

START = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("scope", [["a b", "c"], ["", "c"], ["a", " "], ["a\tb"], ["a\nb"]])
def test_a_scope_list_that_does_not_join_back_is_refused(scope: list[str]) -> None:
    with pytest.raises(ValueError, match="scope"):
        Token.from_response({"access_token": "a", "scope": scope}, now=START)
    response = httpx.Response(200, json={"access_token": "a", "scope": scope})
    with pytest.raises(ResponseDecodeError, match="scope"):
        parse_token_response(response, service="s", now=START)


@pytest.mark.parametrize(
    ("scope", "joined"), [(["a", "b"], "a b"), (["user:dj"], "user:dj"), ([], "")]
)
def test_a_scope_list_of_names_is_joined(scope: list[str], joined: str) -> None:
    token = Token.from_response({"access_token": "a", "scope": scope}, now=START)
    assert token.scope == joined
    assert (token.scope.split() if token.scope else []) == scope
