"""The redirect's ``state`` is compared with the expected one in constant time
(``hmac.compare_digest`` on UTF-8 bytes), and anything that is not the same text,
whatever its length, script or type, is the one ``state_mismatch`` error."""

from __future__ import annotations

import hmac
from collections.abc import Callable
from urllib.parse import quote

import pytest

from beatkit.beatport.auth import parse_authorization_response
from beatkit.errors import AuthenticationError

URL = "https://app.example/cb?code=abc&state={}"


def _mismatch(url: str, expected: object) -> AuthenticationError:
    with pytest.raises(AuthenticationError) as caught:
        parse_authorization_response(url, expected_state=expected)  # type: ignore[arg-type]
    assert caught.value.code == "state_mismatch"
    assert "does not match" in caught.value.message or "no state" in caught.value.message
    return caught.value


def _spy(monkeypatch: pytest.MonkeyPatch, answer: bool | None) -> list[tuple[object, object]]:
    """Record hmac.compare_digest's calls; answer ``answer`` (None: the real one)."""
    real: Callable[[bytes, bytes], bool] = hmac.compare_digest
    calls: list[tuple[object, object]] = []

    def spy(a: bytes, b: bytes) -> bool:
        calls.append((a, b))
        return real(a, b) if answer is None else answer

    monkeypatch.setattr(hmac, "compare_digest", spy)
    return calls


def test_compare_digest_decides_a_match(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _spy(monkeypatch, None)
    assert parse_authorization_response(URL.format("st-1"), expected_state="st-1") == "abc"
    assert calls == [(b"st-1", b"st-1")]


def test_compare_digest_decides_a_mismatch(monkeypatch: pytest.MonkeyPatch) -> None:
    # Equal text, but compare_digest says no: its answer is the one that counts.
    calls = _spy(monkeypatch, False)
    _mismatch(URL.format("st-1"), "st-1")
    assert calls == [(b"st-1", b"st-1")]


@pytest.mark.parametrize(
    ("found", "expected"),
    [
        ("st-1", "st-10"),  # unequal lengths
        ("st-10", "st-1"),
        ("x", "st-1"),
        ("été", "ete"),  # non-ASCII on one side
        ("ete", "été"),
        ("été", "étè"),  # non-ASCII on both
        ("\U0001f3b5", "\U0001f3b6"),
    ],
)
def test_a_different_state_is_a_mismatch(found: str, expected: str) -> None:
    _mismatch(URL.format(quote(found)), expected)


@pytest.mark.parametrize("state", ["été", "\U0001f3b5-state", "Ω" * 40])
def test_the_same_non_ascii_state_matches(state: str) -> None:
    # compare_digest refuses str with non-ASCII characters (a TypeError): the
    # comparison is of UTF-8 bytes.
    assert parse_authorization_response(URL.format(quote(state)), expected_state=state) == "abc"


@pytest.mark.parametrize("expected", [b"st-1", 1, ["st-1"], "\udcff"])
def test_an_expected_state_that_is_not_text_is_a_mismatch_not_a_type_error(
    expected: object,
) -> None:
    # The same clear error as any other mismatch (a lone surrogate cannot be UTF-8).
    _mismatch(URL.format("st-1"), expected)
    _mismatch(URL.format(quote("\udcff", errors="surrogatepass")), expected)


def test_no_state_in_the_redirect_is_still_a_mismatch() -> None:
    error = _mismatch("https://app.example/cb?code=abc", "st-1")
    assert "carries no state" in error.message
