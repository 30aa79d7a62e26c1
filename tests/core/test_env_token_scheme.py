"""A token copied into the environment with its scheme (``Bearer eyJ...``, a header copied
whole) is refused, naming the variable, with the message a token passed in code gets: drop
the ``Bearer ``, beatkit adds it. It read "a line break?"."""

from __future__ import annotations

import pytest

from beatkit import BeatConnect, BeatPass
from beatkit.errors import ConfigurationError

SECRET = "abcSECRET123"


@pytest.mark.parametrize(
    ("variable", "make"), [("BEATPASS_TOKEN", BeatPass), ("BEATCONNECT_API_KEY", BeatConnect)]
)
@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER"])
def test_a_token_with_its_scheme_in_the_environment_says_to_drop_it(
    monkeypatch: pytest.MonkeyPatch, variable: str, make: type, scheme: str
) -> None:
    monkeypatch.setenv(variable, f"{scheme} {SECRET}")
    with pytest.raises(ConfigurationError) as info:
        make()
    message = str(info.value)
    assert message.startswith(f"{variable} starts with 'Bearer '")
    assert "without the 'Bearer ' in front" in message
    assert SECRET not in message and SECRET not in repr(info.value)


@pytest.mark.parametrize(
    ("variable", "make"), [("BEATPASS_TOKEN", BeatPass), ("BEATCONNECT_API_KEY", BeatConnect)]
)
def test_a_line_break_in_the_environment_is_still_named(
    monkeypatch: pytest.MonkeyPatch, variable: str, make: type
) -> None:
    monkeypatch.setenv(variable, f"{SECRET}\nline-two")
    with pytest.raises(ConfigurationError) as info:
        make()
    assert str(info.value).startswith(variable)
    assert "line break" in str(info.value)
    assert SECRET not in str(info.value)
