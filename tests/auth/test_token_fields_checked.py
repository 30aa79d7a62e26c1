"""A Token built by hand is checked when it is built, not at its first request or reload.

A naive ``expires_at`` (``datetime(2030, 1, 1)``, the usual slip) used to be accepted:
the first request through a refreshing manager then failed inside httpx with Python's
raw ``TypeError: can't compare offset-naive and offset-aware datetimes``, and a
``FileTokenStore`` saved it in a form its own ``load()`` refuses as corrupt, so the
next run told the user to delete the file and log in again. A non-string access token
was kept too, and failed only when a request was signed with it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from beatkit.auth import FileTokenStore, RefreshingAuth, Token

SECRET = "s3cr3t"
NAIVE = datetime(2030, 1, 1, 12, 0)
AWARE = datetime(2030, 1, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize("field", ["expires_at", "obtained_at"])
def test_a_naive_datetime_is_refused_at_construction(field: str) -> None:
    with pytest.raises(ValueError, match=f"{field} must be a timezone-aware datetime"):
        Token(access_token=SECRET, **{field: NAIVE})


@pytest.mark.parametrize("field", ["expires_at", "obtained_at"])
@pytest.mark.parametrize("value", ["2030-01-01T12:00:00+00:00", 1893499200, AWARE.date()])
def test_a_datetime_field_of_another_type_is_refused(field: str, value: Any) -> None:
    with pytest.raises(TypeError, match=f"{field} must be a datetime"):
        Token(access_token=SECRET, **{field: value})


@pytest.mark.parametrize("value", [123, b"abc", None])
def test_an_access_token_that_is_no_string_is_refused(value: Any) -> None:
    with pytest.raises(TypeError, match="access_token must be a string") as caught:
        Token(access_token=value)
    assert "abc" not in str(caught.value)


def test_an_empty_access_token_is_refused() -> None:
    with pytest.raises(ValueError, match="access_token must not be empty"):
        Token(access_token="")


@pytest.mark.parametrize("field", ["refresh_token", "token_type", "scope"])
def test_a_text_field_of_another_type_is_refused(field: str) -> None:
    with pytest.raises(TypeError, match=f"{field} must be a string") as caught:
        Token(access_token="a", **{field: 12345})
    assert "12345" not in str(caught.value)


def test_aware_datetimes_in_any_zone_are_kept() -> None:
    paris = timezone(timedelta(hours=1))
    token = Token(
        access_token=SECRET,
        refresh_token=None,
        expires_at=AWARE.astimezone(paris),
        obtained_at=AWARE - timedelta(hours=1),
    )
    assert token.expires_at == AWARE
    assert token.lifetime == timedelta(hours=1)


def test_evolve_is_checked_too() -> None:
    import attrs

    token = Token(access_token=SECRET, expires_at=AWARE)
    with pytest.raises(ValueError, match="expires_at must be a timezone-aware"):
        attrs.evolve(token, expires_at=NAIVE)


def test_a_checked_token_saves_and_loads_back(tmp_path: Path) -> None:
    # What the naive token broke: the store's own load() must read what save() wrote.
    store = FileTokenStore(tmp_path / "token.json")
    token = Token(
        access_token=SECRET, refresh_token="r", expires_at=AWARE, obtained_at=AWARE, scope="x"
    )
    store.save(token)
    assert store.load() == token


def test_a_refreshing_manager_never_meets_a_naive_expiry() -> None:
    # Before: the token was taken, and the first request raised Python's TypeError from
    # inside httpx's auth flow; now the Token itself is refused, before any manager.
    with pytest.raises(ValueError, match="timezone-aware"):
        RefreshingAuth(
            "https://auth.example.com/token",
            "client",
            hosts="api.example.com",
            token=Token(access_token=SECRET, refresh_token="r", expires_at=NAIVE),
        )
