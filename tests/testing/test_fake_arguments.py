"""The fakes' constructors check their arguments: a wrong one is a clear ``TypeError`` or
``ValueError`` naming it, at once, not a comparison error inside or a fake that
silently misbehaves later (random data, every request authenticated)."""

from __future__ import annotations

from typing import Any

import pytest

from beatkit.testing import FakeBeatConnect, FakeBeatPass, FakeBeatport, FakeBeatTech

FAKES = [FakeBeatConnect, FakeBeatport, FakeBeatPass, FakeBeatTech]


@pytest.mark.parametrize("fake", FAKES)
@pytest.mark.parametrize("seed", [None, "7", 7.0, True])
def test_a_seed_that_is_not_an_int_is_refused(fake: Any, seed: Any) -> None:
    # seed=None seeded some generators from the OS: data that changed from run to run.
    with pytest.raises(TypeError, match=r"^seed must be an int"):
        fake(seed=seed)


@pytest.mark.parametrize("fake", FAKES)
def test_a_clock_that_is_not_callable_is_refused(fake: Any) -> None:
    with pytest.raises(TypeError, match=r"^clock must be callable"):
        fake(clock=1_700_000_000.0)


@pytest.mark.parametrize("fake", [FakeBeatConnect, FakeBeatPass])
@pytest.mark.parametrize(("value", "error"), [("5", TypeError), (0, ValueError)])
def test_a_bad_rate_limit_is_refused(fake: Any, value: Any, error: type[Exception]) -> None:
    with pytest.raises(error, match=r"^rate_limit must be"):
        fake(rate_limit=value)


@pytest.mark.parametrize("fake", [FakeBeatport, FakeBeatTech])
@pytest.mark.parametrize(("value", "error"), [("60", TypeError), (0, ValueError)])
def test_a_bad_token_lifetime_is_refused(fake: Any, value: Any, error: type[Exception]) -> None:
    with pytest.raises(error, match=r"^token_lifetime must be"):
        fake(token_lifetime=value)


@pytest.mark.parametrize(("fake", "name"), [(FakeBeatConnect, "api_key"), (FakeBeatPass, "token")])
@pytest.mark.parametrize(("value", "error"), [(None, TypeError), ("", ValueError)])
def test_a_missing_key_is_refused(fake: Any, name: str, value: Any, error: type[Exception]) -> None:
    # With api_key=None, a request without Authorization matched it and passed.
    with pytest.raises(error, match=f"^{name} must"):
        fake(**{name: value})


def test_an_unknown_backstage_status_or_type_is_refused() -> None:
    # A misspelt status ("approve") was stored and silently matched no guard rule.
    fake = FakeBeatPass()
    request_id = fake.add_backstage_request(fake.user_id)["id"]
    with pytest.raises(ValueError, match=r"^status must be one of pending, approved"):
        fake.set_backstage_status(request_id, "approve")
    with pytest.raises(ValueError, match=r"^status must be one of"):
        fake.add_backstage_request(fake.user_id, "accepted")
    with pytest.raises(ValueError, match=r"^request_type must be one of"):
        fake.add_backstage_request(fake.user_id, request_type="become_artist")
    with pytest.raises(KeyError):
        fake.set_backstage_status(999_999, "approved")
    assert fake.db.backstage[request_id]["status"] == "pending"


def test_a_bad_range_setting_is_refused_when_set() -> None:
    # A misspelt length was stored and raised KeyError from inside the next list request.
    ranges = FakeBeatTech().ranges
    with pytest.raises(ValueError, match="length"):
        ranges.length = "unkown"  # type: ignore[assignment]
    with pytest.raises(TypeError, match="ignore"):
        ranges.ignore = "yes"  # type: ignore[assignment]
    with pytest.raises(ValueError, match="default_window"):
        ranges.default_window = 0
    assert (ranges.length, ranges.ignore, ranges.default_window) == ("exact", False, 20)
