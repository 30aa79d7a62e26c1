"""``FakeBeatport.issue_token()`` refuses an ``expires_in`` that is not an int and a
``scope`` that is not text, as its docstring now says: a token answer carries
``expires_in`` as a JSON integer and ``scope`` as text, so ``expires_in=True`` (sent as
``true``), ``1.5`` or a ``scope`` of ``5`` made an answer no real token endpoint gives,
and ``expires_in="5"`` raised a bare comparison error."""

from __future__ import annotations

from typing import Any

import pytest

from beatkit.testing.beatport import DEFAULT_SCOPE, FakeBeatport


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"expires_in": "5"}, "expires_in must be an int, got str"),
        ({"expires_in": 1.5}, "expires_in must be an int, got float"),
        ({"expires_in": True}, "expires_in must be an int, got bool"),
        ({"scope": 5}, "scope must be a str, got int"),
        ({"scope": None}, "scope must be a str, got NoneType"),
    ],
)
def test_a_value_of_the_wrong_type_is_a_type_error(kwargs: dict[str, Any], message: str) -> None:
    fake = FakeBeatport()
    with pytest.raises(TypeError) as info:
        fake.issue_token(**kwargs)
    assert str(info.value) == message


def test_a_negative_lifetime_is_still_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"^expires_in must not be negative$"):
        FakeBeatport().issue_token(expires_in=-1)


def test_good_values_make_a_token_answer_of_json_types() -> None:
    fake = FakeBeatport()
    body = fake.issue_token(expires_in=0)
    assert type(body["expires_in"]) is int and body["expires_in"] == 0
    assert body["scope"] == DEFAULT_SCOPE
    assert fake.issue_token(scope="user:dj")["scope"] == "user:dj"
