"""Tests for the Token model."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beatkit.auth import Token

SECRET = "s3cr3t"
START = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)


def test_from_response_computes_expiry_from_expires_in() -> None:
    token = Token.from_response(
        {"access_token": "a", "expires_in": 600, "token_type": "bearer", "scope": "x y"},
        now=START,
    )
    assert token.expires_at == START + timedelta(seconds=600)
    assert token.obtained_at == START
    assert token.token_type == "bearer"
    assert token.scope == "x y"
    assert token.lifetime == timedelta(seconds=600)


@pytest.mark.parametrize("expires_in", [36000, 600, "36000", 1.5])
def test_expires_in_is_used_as_given(expires_in: object) -> None:
    token = Token.from_response({"access_token": "a", "expires_in": expires_in}, now=START)
    assert token.expires_at == START + timedelta(seconds=float(expires_in))  # type: ignore[arg-type]


def test_missing_expires_in_means_no_expiry() -> None:
    token = Token.from_response({"access_token": "a"}, now=START)
    assert token.expires_at is None
    assert token.token_type == "Bearer"
    assert not token.is_expired(START + timedelta(days=3650), buffer=10**6)


def test_unknown_fields_are_kept_in_extra() -> None:
    token = Token.from_response(
        {"access_token": "a", "refresh_token": "r", "user_id": "42", "tenant": {"id": 1}},
        now=START,
    )
    assert token.extra == {"user_id": "42", "tenant": {"id": 1}}
    assert token.refresh_token == "r"


def test_scope_as_list_is_joined() -> None:
    token = Token.from_response({"access_token": "a", "scope": ["a", "b"]}, now=START)
    assert token.scope == "a b"


def test_now_is_converted_to_utc() -> None:
    oslo = timezone(timedelta(hours=1))
    token = Token.from_response(
        {"access_token": "a", "expires_in": 60}, now=datetime(2025, 1, 1, 13, 0, tzinfo=oslo)
    )
    assert token.expires_at == datetime(2025, 1, 1, 12, 1, tzinfo=UTC)
    assert token.expires_at.tzinfo is UTC  # type: ignore[union-attr]


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        Token.from_response({"access_token": "a"}, now=datetime(2025, 1, 1))


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"access_token": ""},
        {"access_token": 5},
        {"access_token": "a", "expires_in": "soon"},
        {"access_token": "a", "expires_in": True},
        {"access_token": "a", "refresh_token": 7},
        # Regression: these raised OverflowError (beyond what a datetime holds).
        {"access_token": "a", "expires_in": 1e300},
        {"access_token": "a", "expires_in": float("inf")},
        {"access_token": "a", "expires_in": float("-inf")},
        {"access_token": "a", "expires_in": float("nan")},
        {"access_token": "a", "expires_in": "1e999"},
        {"access_token": "a", "expires_in": 10**400},
    ],
)
def test_bad_bodies_raise_value_error(body: dict[str, object]) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - the type is the contract here
        Token.from_response(body, now=START)


def test_is_expired_with_buffer() -> None:
    token = Token(access_token="a", expires_at=START + timedelta(seconds=600))
    assert not token.is_expired(START)
    assert not token.is_expired(START, buffer=299)
    assert token.is_expired(START, buffer=600)
    assert token.is_expired(START, buffer=timedelta(minutes=11))
    assert token.is_expired(START + timedelta(seconds=600))


@pytest.mark.parametrize("buffer", [1e300, 10**20, 1e12, timedelta.max])
def test_a_buffer_past_the_end_of_the_calendar_counts_as_expired(
    buffer: float | timedelta,
) -> None:
    # now + buffer lies beyond year 9999: surely past the expiry, not an OverflowError.
    token = Token(access_token="a", expires_at=START + timedelta(days=1))
    assert token.is_expired(START, buffer=buffer)
    negative = timedelta.min if isinstance(buffer, timedelta) else -buffer
    assert not token.is_expired(START, buffer=negative)


def test_dict_round_trip() -> None:
    token = Token.from_response(
        {
            "access_token": "a",
            "refresh_token": "r",
            "expires_in": 36000,
            "scope": "app:locker user:dj",
            "user_id": 99,
        },
        now=START,
    )
    assert Token.from_dict(token.to_dict()) == token


@given(
    access=st.text(min_size=1),
    refresh=st.none() | st.text(),
    expires_in=st.none() | st.integers(min_value=-(10**6), max_value=10**9),
    scope=st.none() | st.text(),
    extra=st.dictionaries(
        st.text().filter(
            lambda k: (
                k not in {"access_token", "refresh_token", "expires_in", "scope", "token_type"}
            )
        ),
        st.none() | st.booleans() | st.integers() | st.text(),
        max_size=4,
    ),
)
def test_round_trip_property(
    access: str,
    refresh: str | None,
    expires_in: int | None,
    scope: str | None,
    extra: dict[str, object],
) -> None:
    body: dict[str, object] = {"access_token": access, **extra}
    if refresh is not None:
        body["refresh_token"] = refresh
    if expires_in is not None:
        body["expires_in"] = expires_in
    if scope is not None:
        body["scope"] = scope
    token = Token.from_response(body, now=START)
    assert Token.from_dict(token.to_dict()) == token
    assert token.extra == extra


def test_secrets_are_not_in_repr_or_str() -> None:
    token = Token.from_response(
        {
            "access_token": f"at-{SECRET}",
            "refresh_token": f"rt-{SECRET}",
            "id_token": f"id-{SECRET}",
            "user_id": "u-1",
            "expires_in": 60,
        },
        now=START,
    )
    for text in (repr(token), str(token)):
        assert SECRET not in text
        assert "user_id" in text  # the extra keys stay visible for debugging
        assert "u-1" not in text  # their values never do


def test_error_messages_do_not_quote_values() -> None:
    with pytest.raises(ValueError, match="refresh_token") as info:
        Token.from_dict({"access_token": f"at-{SECRET}", "refresh_token": [f"{SECRET}"]})
    assert SECRET not in str(info.value)


def test_extra_is_copied() -> None:
    extra = {"user_id": "1"}
    token = Token(access_token="a", extra=extra)
    extra["user_id"] = "2"
    assert token.extra == {"user_id": "1"}
    assert hash(token) == hash(Token(access_token="a", extra={"other": 1}))


@pytest.mark.parametrize(
    "stored",
    ["0001-01-01T00:00:00+01:00", "9999-12-31T23:30:00-01:00"],
)
def test_stored_datetimes_beyond_utc_range_are_a_value_error(stored: str) -> None:
    # Valid ISO 8601 whose UTC equivalent falls outside datetime's range: from_dict
    # documents ValueError (which a FileTokenStore turns into ConfigurationError).
    for key in ("expires_at", "obtained_at"):
        with pytest.raises(ValueError, match=key):
            Token.from_dict({"access_token": "a", key: stored})


@pytest.mark.parametrize("extra", [[], "", 0, False, ["user_id"]])
def test_stored_extra_that_is_not_an_object_is_refused(extra: object) -> None:
    # A falsy non-object used to pass as "no extra fields" while a truthy one was
    # refused: both are a damaged file, not a token without extra fields.
    with pytest.raises(ValueError, match="extra"):
        Token.from_dict({"access_token": "a", "extra": extra})
    assert Token.from_dict({"access_token": "a", "extra": None}).extra == {}
    assert Token.from_dict({"access_token": "a"}).extra == {}


def test_secrets_nested_in_extra_are_not_in_repr() -> None:
    # The docstring: values in extra whose key names a credential are hidden; a
    # token answer may carry them inside an object or a list of objects.
    token = Token.from_response(
        {
            "access_token": "a",
            "user": {"id": "u-1", "api_key": f"k-{SECRET}"},
            "sessions": [{"refresh_token": f"rt-{SECRET}", "device": "d-2"}],
        },
        now=START,
    )
    for text in (repr(token), str(token)):
        assert SECRET not in text
        assert "u-1" not in text and "d-2" not in text
        assert "'user'" in text and "'sessions'" in text
    assert token.extra["user"]["api_key"] == f"k-{SECRET}"  # hidden, not lost


def test_extra_values_are_never_in_repr_whatever_their_key() -> None:
    # Only keys naming token/secret/password/key used to be hidden: a session id,
    # a signed cookie or a one-time code under any other name was shown.
    token = Token.from_response(
        {
            "access_token": "a",
            "session": f"sess-{SECRET}",
            "sid": f"sid-{SECRET}",
            "otp": [f"otp-{SECRET}"],
            "profile": {"cookie": f"c-{SECRET}"},
        },
        now=START,
    )
    for text in (repr(token), str(token)):
        assert SECRET not in text
        for key in ("session", "sid", "otp", "profile"):
            assert repr(key) in text
    assert token.extra["session"] == f"sess-{SECRET}"  # hidden, not lost
    assert "extra={}" in repr(Token(access_token="a"))


@pytest.mark.parametrize(
    "expires_in",
    ["1_000", "\u0663\u0666\u0660\u0660", "\uff13\uff16\uff10\uff10", "+3600", "0x10", "3600."],
)
def test_expires_in_as_text_is_a_json_number_in_ascii_digits(expires_in: str) -> None:
    # float() reads "1_000" as 1000 and other scripts' digits ("٣٦٠٠") as 3600: not the
    # number a JSON token answer sent, so not a lifetime to compute an expiry from.
    with pytest.raises(ValueError, match="expires_in"):
        Token.from_response({"access_token": "a", "expires_in": expires_in}, now=START)


@pytest.mark.parametrize(("text", "seconds"), [("3600", 3600), (" 60 ", 60), ("1.5", 1.5)])
def test_expires_in_as_text_is_read(text: str, seconds: float) -> None:
    token = Token.from_response({"access_token": "a", "expires_in": text}, now=START)
    assert token.expires_at == START + timedelta(seconds=seconds)
