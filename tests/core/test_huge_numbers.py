"""An int too large for a float, where a number is taken: a clear error naming the
argument, never Python's ``OverflowError`` (``float(10**400)``) or its refusal to
print an int of more than 4300 digits (found by fuzzing the public methods)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from beatkit import RequestOptions
from beatkit._core.validate import check_int, check_number, check_seconds
from beatkit.auth import Token
from beatkit.beatconnect import BeatConnect
from beatkit.beattech import BeatTech
from beatkit.errors import ConfigurationError

HUGE = [10**400, -(10**400), 10**5000]


@pytest.mark.parametrize("value", HUGE, ids=["1e400", "-1e400", "1e5000"])
@pytest.mark.parametrize("allow_inf", [False, True])
def test_check_number_refuses_an_int_no_float_holds(value: int, allow_inf: bool) -> None:
    with pytest.raises(ValueError, match=r"^rate ") as info:
        check_number("rate", value, allow_inf=allow_inf)
    assert "digits" in str(info.value)  # the size, not hundreds of digits


@pytest.mark.parametrize("value", HUGE, ids=["1e400", "-1e400", "1e5000"])
def test_check_seconds_refuses_an_int_no_float_holds(value: int) -> None:
    with pytest.raises(ValueError, match=r"^timeout "):
        check_seconds("timeout", value)


def test_check_int_names_the_argument_of_an_int_too_long_to_print() -> None:
    # str() of an int of more than 4300 digits raises ValueError("Exceeds the limit ...").
    with pytest.raises(ValueError, match=r"^page must be at most 10, got an int of 5001 digits$"):
        check_int("page", 10**5000, maximum=10)
    with pytest.raises(ValueError, match=r"^page must be at least 1, got an int of 5001 digits$"):
        check_int("page", -(10**5000), minimum=1)


@pytest.mark.parametrize(
    "timeout", [10**400, httpx.Timeout(5, connect=10**400)], ids=["seconds", "connect"]
)
def test_request_options_refuse_a_huge_timeout(timeout: Any) -> None:
    with pytest.raises(ConfigurationError, match=r"^RequestOptions\.timeout"):
        RequestOptions(timeout=timeout)


def test_a_client_refuses_a_huge_timeout() -> None:
    with pytest.raises(ConfigurationError, match=r"^timeout "):
        BeatConnect("key", timeout=10**400)


@pytest.fixture
def sent() -> list[httpx.Request]:
    return []


@pytest.fixture
def bt(sent: list[httpx.Request]) -> Iterator[BeatTech]:
    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(500)

    http = httpx.Client(transport=httpx.MockTransport(handler))
    token = Token(access_token="tok", extra={"user_id": "7"})
    with BeatTech("test", client_id="a", client_secret="b", token=token, http_client=http) as bt:
        yield bt


@pytest.mark.parametrize("ratio", [10**400, -(10**400)], ids=["1e400", "-1e400"])
def test_a_huge_reader_position_ratio_is_refused_before_sending(
    bt: BeatTech, sent: list[httpx.Request], ratio: int
) -> None:
    with pytest.raises(ValueError, match=r"^reader_position_ratio must be between 0 and 1"):
        bt.bookmarks.create(
            "release",
            1,
            position_type="ebook",
            reader_position_selector="epubcfi(/6/2!/0)",
            reader_position_ratio=ratio,
        )
    assert sent == []
