"""An invalid header name is described (what is wrong, where), never echoed when it
may hold a secret: ``'X-Tok SEKRET3'`` is a name with a token typed into it."""

from __future__ import annotations

import pytest

from beatkit._core.operation import RequestOptions
from beatkit._core.validate import header_name_problem
from beatkit.errors import ConfigurationError


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("X-Tok SEKRET3", "a space at position 6"),
        ("X-Tok\tSEKRET3", "a tab at position 6"),
        ("X-Tok\nSEKRET3", "a control character at position 6"),
        ("X-Tok:SEKRET3", "a separator (':') at position 6"),
        ("X-Tok,SEKRET3", "a separator (',') at position 6"),
        ("X-Tok\u00a0SEKRET3", "a non-ASCII character at position 6"),
        ("Bearer SEKRET3", "a space at position 7"),
    ],
)
def test_a_name_that_may_hold_a_secret_is_described_not_shown(name: str, says: str) -> None:
    problem = header_name_problem(name)
    assert problem is not None
    assert says in problem
    assert "SEKRET3" not in problem
    assert "not shown" in problem


@pytest.mark.parametrize(
    ("name", "says"),
    [("X-Key:", "'X-Key:'"), ("Caf\u00e9", "'Caf\u00e9'"), ("", "empty")],
)
def test_a_short_plausible_name_is_still_shown(name: str, says: str) -> None:
    problem = header_name_problem(name)
    assert problem is not None and says in problem


def test_a_token_name_has_no_problem() -> None:
    assert header_name_problem("X-Trace_Id.2") is None


def test_request_options_never_echo_such_a_name() -> None:
    with pytest.raises(ConfigurationError, match="a space at position 6") as info:
        RequestOptions(headers={"X-Tok SEKRET3": "v"})
    assert "SEKRET3" not in str(info.value)
    assert str(info.value).startswith("RequestOptions.headers: ")
