"""A URL quoted in prose keeps the punctuation that follows it out of the URL: the
message stays readable, and the secret is still replaced whole."""

from __future__ import annotations

import pytest

from beatkit._core.redact import REDACTED, _redact_urls

SECRET = "abc123secretvalue"


@pytest.mark.parametrize("mark", [":", ",", ".", ";", ")", "!", "?", ").", "):"])
@pytest.mark.parametrize("after", [" its host", ""])
def test_sentence_punctuation_after_a_url_stays_prose(mark: str, after: str) -> None:
    text = f"(see https://a.test/x?token={SECRET}{mark}{after}"
    shown = _redact_urls(text)
    assert SECRET not in shown
    assert shown == f"(see https://a.test/x?token={REDACTED}{mark}{after}"


def test_punctuation_inside_a_url_is_part_of_it() -> None:
    # Followed by more URL characters, it is the URL's own (a query may hold ':' and ',').
    shown = _redact_urls(f"see https://a.test/x?token={SECRET},{SECRET}:x then")
    assert SECRET not in shown
    assert shown == f"see https://a.test/x?token={REDACTED} then"
