"""``TokenIntrospection.exp`` and ``iat``: Unix seconds a ``datetime`` can hold, or an error.

Regression: an ``exp`` past the year 9999 decoded, and ``expires_at`` then raised a
bare ``OSError`` (or ``ValueError``/``OverflowError``) far from the call that read it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import cattrs
import httpx
import pytest

from beatkit._core.converter import describe_failure
from beatkit.beatport import Beatport
from beatkit.beatport.converter import converter, strict_converter
from beatkit.beatport.models import TokenIntrospection
from beatkit.errors import ResponseDecodeError

FAILURES = (TypeError, ValueError, KeyError, cattrs.BaseValidationError)


@pytest.mark.parametrize("key", ["exp", "iat"])
@pytest.mark.parametrize("value", [10**18, -(10**14), 2**63])
def test_a_timestamp_no_datetime_holds_is_refused_naming_the_field(key: str, value: int) -> None:
    for conv in (converter, strict_converter):
        with pytest.raises(FAILURES) as info:
            conv.structure({"active": True, key: value}, TokenIntrospection)
        failure = describe_failure(info.value)
        assert failure is not None and failure.startswith(f"TokenIntrospection.{key}: ")


@pytest.mark.parametrize("value", [True, 1.5, "1769720486"])
def test_a_timestamp_of_another_type_is_refused(value: Any) -> None:
    with pytest.raises(FAILURES):
        converter.structure({"exp": value}, TokenIntrospection)


def test_timestamps_in_range_decode_as_sent() -> None:
    raw = {"active": True, "exp": 1769720486, "iat": 0}
    info = converter.structure(raw, TokenIntrospection)
    assert info.exp == 1769720486 and isinstance(info.exp, int)
    assert info.expires_at == datetime.fromtimestamp(1769720486, tz=UTC)
    assert converter.unstructure(info) == raw
    empty = strict_converter.structure({"active": False, "exp": None}, TokenIntrospection)
    assert empty.exp is None and empty.expires_at is None


def test_introspect_raises_a_beatkit_error_for_an_impossible_expiry() -> None:
    body = {"active": True, "exp": 10**18}
    client = Beatport(
        client_id="test-client",
        token="t0ken-for-tests",
        http_client=httpx.Client(
            transport=httpx.MockTransport(lambda _: httpx.Response(200, json=body))
        ),
        max_retries=0,
    )
    with client, pytest.raises(ResponseDecodeError, match=r"TokenIntrospection\.exp"):
        client.auth.introspect()
