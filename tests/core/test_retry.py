"""RetryPolicy decisions and Retry-After parsing: pure, no sleeping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from beatkit._core.retry import RetryPolicy, parse_retry_after
from beatkit.errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    BadRequestError,
    NotFoundError,
    RateLimitError,
    ResponseDecodeError,
    ServerError,
)

NOW = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)


def server_error(status: int, retry_after: float | None = None) -> ServerError:
    return ServerError("boom", status_code=status, service="t", retry_after=retry_after)


def rate_limited(retry_after: float | None = None) -> RateLimitError:
    return RateLimitError("slow down", status_code=429, service="t", retry_after=retry_after)


def connection_error(
    cause: BaseException, cls: type[APIConnectionError] = APIConnectionError
) -> APIConnectionError:
    exc = cls("failed", service="t", method="POST", url="https://api.test/x")
    exc.__cause__ = cause
    return exc


_REQ = httpx.Request("POST", "https://api.test/x")


# --- parse_retry_after ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0", 0.0),
        ("5", 5.0),
        (" 120 ", 120.0),
        ("3600", 3600.0),
        ("1.5", 1.5),
        ("-3", 0.0),
    ],
)
def test_parse_retry_after_seconds(value: str, expected: float) -> None:
    assert parse_retry_after(value) == expected


@pytest.mark.parametrize("value", [None, "", "   ", "soon", "Mon, 99 Foo", "12abc"])
def test_parse_retry_after_garbage_is_none(value: str | None) -> None:
    assert parse_retry_after(value, now=NOW) is None


@pytest.mark.parametrize("value", ["nan", "NaN", "inf", "-inf", "Infinity", "1e400"])
def test_parse_retry_after_non_finite_is_none(value: str) -> None:
    # Regression: "nan" read as 0.0 (max(0.0, nan)), a retry with no backoff at all, and
    # "inf" as a wait for ever; neither is a delay, so neither is readable.
    assert parse_retry_after(value, now=NOW) is None


@pytest.mark.parametrize(
    "value", ["\u0663", "\uff11\uff12", "1_000", "1e3", "+5", "0x10", "5.", "9" * 400]
)
def test_parse_retry_after_seconds_are_ascii_digits(value: str) -> None:
    # float() reads Arabic-Indic and full-width digits, underscores and exponents;
    # none of them is delay-seconds (RFC 9110: 1*DIGIT), so none is a wait.
    assert parse_retry_after(value, now=NOW) is None


def test_parse_retry_after_http_date_in_future() -> None:
    header = format_datetime(NOW + timedelta(seconds=90), usegmt=True)
    assert parse_retry_after(header, now=NOW) == 90.0


def test_parse_retry_after_http_date_in_past_is_zero() -> None:
    header = format_datetime(NOW - timedelta(hours=1), usegmt=True)
    assert parse_retry_after(header, now=NOW) == 0.0


def test_parse_retry_after_rfc850_and_asctime_dates() -> None:
    assert parse_retry_after("Wed, 01 May 2024 12:00:30 GMT", now=NOW) == 30.0
    # asctime carries no zone: it is read as UTC.
    assert parse_retry_after("Wed May  1 12:01:00 2024", now=NOW) == 60.0


def test_parse_retry_after_uses_real_clock_by_default() -> None:
    header = format_datetime(datetime.now(UTC) + timedelta(seconds=600), usegmt=True)
    wait = parse_retry_after(header)
    assert wait is not None
    assert 590 <= wait <= 600


# --- should_retry -----------------------------------------------------------------------------


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_retried_for_idempotent_methods_only(status: int) -> None:
    policy = RetryPolicy()
    assert policy.should_retry(server_error(status), idempotent=True)
    assert not policy.should_retry(server_error(status), idempotent=False)


@pytest.mark.parametrize("status", [501, 505, 507, 599])
def test_other_server_errors_are_not_retried(status: int) -> None:
    assert not RetryPolicy().should_retry(server_error(status), idempotent=True)


def test_server_error_with_long_retry_after_is_not_retried() -> None:
    policy = RetryPolicy(max_wait=60)
    assert policy.should_retry(server_error(503, retry_after=60), idempotent=True)
    assert not policy.should_retry(server_error(503, retry_after=61), idempotent=True)


@pytest.mark.parametrize("idempotent", [True, False])
def test_rate_limit_retried_for_every_method(idempotent: bool) -> None:
    policy = RetryPolicy(max_wait=30)
    assert policy.should_retry(rate_limited(), idempotent=idempotent)
    assert policy.should_retry(rate_limited(30), idempotent=idempotent)
    assert not policy.should_retry(rate_limited(30.5), idempotent=idempotent)
    assert not policy.should_retry(rate_limited(3600), idempotent=idempotent)


@pytest.mark.parametrize(
    "cause",
    [
        httpx.ConnectError("refused", request=_REQ),
        httpx.ConnectTimeout("slow connect", request=_REQ),
        httpx.PoolTimeout("pool", request=_REQ),
    ],
)
def test_failures_before_sending_are_retried_for_post(cause: httpx.HTTPError) -> None:
    cls = APITimeoutError if isinstance(cause, httpx.TimeoutException) else APIConnectionError
    exc = connection_error(cause, cls)
    assert RetryPolicy().should_retry(exc, idempotent=False)
    assert RetryPolicy().should_retry(exc, idempotent=True)


@pytest.mark.parametrize(
    "cause",
    [
        httpx.ReadTimeout("slow read", request=_REQ),
        httpx.WriteTimeout("slow write", request=_REQ),
        httpx.ReadError("reset", request=_REQ),
        httpx.RemoteProtocolError("eof", request=_REQ),
    ],
)
def test_failures_after_sending_only_retried_when_idempotent(cause: httpx.HTTPError) -> None:
    cls = APITimeoutError if isinstance(cause, httpx.TimeoutException) else APIConnectionError
    exc = connection_error(cause, cls)
    assert not RetryPolicy().should_retry(exc, idempotent=False)
    assert RetryPolicy().should_retry(exc, idempotent=True)


@pytest.mark.parametrize(
    "exc",
    [
        BadRequestError("bad", status_code=400, service="t"),
        NotFoundError("gone", status_code=404, service="t"),
        APIError("teapot", status_code=418, service="t"),
        ResponseDecodeError("shape", service="t", status_code=200, body=None),
        ValueError("not ours"),
        KeyboardInterrupt(),
    ],
)
def test_other_failures_are_never_retried(exc: BaseException) -> None:
    assert not RetryPolicy().should_retry(exc, idempotent=True)
    assert not RetryPolicy().should_retry(exc, idempotent=False)


# --- wait -------------------------------------------------------------------------------------


def test_wait_uses_retry_after() -> None:
    policy = RetryPolicy(max_wait=60)
    assert policy.wait(rate_limited(7), 1) == 7.0
    assert policy.wait(rate_limited(0), 3) == 0.0
    assert policy.wait(server_error(503, retry_after=2.5), 1) == 2.5


def test_wait_caps_retry_after_at_max_wait() -> None:
    assert RetryPolicy(max_wait=10).wait(rate_limited(3600), 1) == 10.0


@pytest.mark.parametrize("attempt", [1, 2, 3, 4, 5, 6, 10])
def test_backoff_is_exponential_with_bounded_jitter(attempt: int) -> None:
    policy = RetryPolicy(backoff_base=0.5, backoff_max=8.0, jitter=0.25, max_wait=60)
    expected = min(8.0, 0.5 * 2 ** (attempt - 1))
    for _ in range(200):
        wait = policy.wait(server_error(500), attempt)
        assert expected <= wait <= expected * 1.25


def test_backoff_without_retry_after_for_rate_limit_and_connection_errors() -> None:
    policy = RetryPolicy(backoff_base=1.0, jitter=0.0)
    assert policy.wait(rate_limited(None), 2) == 2.0
    assert policy.wait(connection_error(httpx.ConnectError("x", request=_REQ)), 3) == 4.0
    assert policy.wait(None, 1) == 1.0


def test_backoff_is_capped_by_max_wait() -> None:
    policy = RetryPolicy(backoff_base=5.0, backoff_max=100.0, jitter=0.25, max_wait=6.0)
    for attempt in range(1, 8):
        assert policy.wait(server_error(502), attempt) <= 6.0


def test_zero_jitter_is_deterministic() -> None:
    policy = RetryPolicy(backoff_base=0.5, backoff_max=8.0, jitter=0.0)
    assert [policy.wait(None, n) for n in range(1, 7)] == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]


def test_defaults() -> None:
    policy = RetryPolicy()
    assert policy.max_retries == 2
    assert policy.max_wait == 60.0


# --- Retry-After values that name no usable wait ------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        "Fri, 31 Dec 99999999999 23:59:59 GMT",  # a year beyond any the date takes
        "Fri, 31 Dec 9999999999999999999999 23:59:59 GMT",  # beyond a C long
        "Sun, 06 Nov 1994 99999999999999999999:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:99999999999999999999 GMT",
    ],
)
def test_parse_retry_after_overflowing_date_is_none(value: str) -> None:
    # Regression: OverflowError escaped, out of the error mapping of a 429 or a 503.
    assert parse_retry_after(value, now=NOW) is None


def test_parse_retry_after_date_with_other_scripts_digits_is_none() -> None:
    # parsedate's int() reads Arabic-Indic digits as float() does.
    assert parse_retry_after("Wed, 01 May 2024 12:00:3\u0660 GMT", now=NOW) is None
    assert parse_retry_after("Wed, 01 May 2024 12:00:30 GMT", now=NOW) == 30.0


@pytest.mark.parametrize(
    "value",
    [
        "9" * 20,
        "1" + "0" * 18,
        "9" * 5000,
        "Fri, 31 Dec 9999 23:59:59 GMT",  # about 7976 years after NOW
        "Fri, 31 Dec 9999 23:59:59 -2359",
    ],
)
def test_parse_retry_after_absurd_waits_are_none(value: str) -> None:
    # Regression: 10**20 seconds came back as a wait, and a 429 carrying it locked the
    # client out (RateLimiter.hold) for longer than the universe has existed.
    assert parse_retry_after(value, now=NOW) is None


def test_parse_retry_after_long_but_plausible_waits_are_kept() -> None:
    day = 24 * 3600
    assert parse_retry_after(str(day), now=NOW) == float(day)
    header = format_datetime(NOW + timedelta(days=2), usegmt=True)
    assert parse_retry_after(header, now=NOW) == 2.0 * day


def test_an_unusable_retry_after_falls_back_to_backoff() -> None:
    policy = RetryPolicy(jitter=0.0)
    exc = rate_limited(parse_retry_after("9" * 20, now=NOW))
    assert exc.retry_after is None
    assert policy.should_retry(exc, idempotent=True)
    assert policy.wait(exc, 1) == policy.backoff_base


@pytest.mark.parametrize("value", ["Fri, 31 Dec 99999999999 23:59:59 GMT", "\u0663", "9" * 20])
def test_an_unusable_retry_after_on_an_error_answer_is_none(value: str) -> None:
    # Through the mapping every error answer takes, for the API and the token endpoint.
    from beatkit._core.http import ServiceSpec
    from beatkit._core.responses import error_from_response
    from beatkit.auth.oauth import token_error

    for status in (429, 503):
        headers = [(b"Retry-After", value.encode())]
        response = httpx.Response(status, headers=headers, request=_REQ)
        error = error_from_response(response, ServiceSpec(name="t"))
        assert isinstance(error, RateLimitError | ServerError)
        assert error.retry_after is None
        failure = token_error(response, service="t")
        assert isinstance(failure, RateLimitError | ServerError)
        assert failure.retry_after is None


# --- Retry-After measured on the server's clock -------------------------------------------


@pytest.mark.parametrize("skew", [3600.0, -3600.0, 0.0])
def test_retry_after_of_reads_an_http_date_from_the_server_date(skew: float) -> None:
    from beatkit._core.retry import retry_after_of

    server_now = datetime.now(UTC).replace(microsecond=0) + timedelta(seconds=skew)
    headers = httpx.Headers(
        {
            "Date": format_datetime(server_now, usegmt=True),
            "Retry-After": format_datetime(server_now + timedelta(seconds=30), usegmt=True),
        }
    )
    assert retry_after_of(headers) == 30


def test_retry_after_of_without_a_readable_date_uses_the_local_clock() -> None:
    from beatkit._core.retry import retry_after_of

    when = format_datetime(datetime.now(UTC) + timedelta(seconds=3600), usegmt=True)
    for date in (None, "yesterday", "Tue, 99 Foo 2020 99:99:99 GMT"):
        headers = httpx.Headers({"Retry-After": when} | ({} if date is None else {"Date": date}))
        wait = retry_after_of(headers)
        assert wait is not None and 3500 < wait <= 3600
    assert retry_after_of(httpx.Headers({"Date": "x", "Retry-After": "12"})) == 12
    assert retry_after_of(httpx.Headers({})) is None
