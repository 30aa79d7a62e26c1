"""A write that failed after it may have reached the server says it was not retried.

``bp.purchases.initiate`` is never replayed once the request may have left (a second
payment), so a read timeout is raised at once; before, its message (``beatpass: POST
.../purchase/initiate timed out``) read like any GET's, which beatkit had already
retried, and a shop's natural answer, calling again, could create a second purchase.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from beatkit.beatconnect import BeatConnect
from beatkit.beatpass import BeatPass
from beatkit.errors import APIConnectionError, APITimeoutError

HINT = "not retried: it may have reached the server; check before sending it again"


def beatpass(fail: Callable[[httpx.Request, int], httpx.Response]) -> BeatPass:
    calls = [0]

    def handler(request: httpx.Request) -> httpx.Response:
        calls[0] += 1
        return fail(request, calls[0])

    return BeatPass("tok", http_client=httpx.Client(transport=httpx.MockTransport(handler)))


@pytest.mark.parametrize(
    ("exc", "kind"),
    [
        (httpx.ReadTimeout, APITimeoutError),
        (httpx.WriteTimeout, APITimeoutError),
        (httpx.RemoteProtocolError, APIConnectionError),
        (httpx.ReadError, APIConnectionError),
    ],
)
def test_a_write_that_may_have_been_sent_says_so(exc: type[Exception], kind: type) -> None:
    sent: list[httpx.Request] = []

    def fail(request: httpx.Request, n: int) -> httpx.Response:
        sent.append(request)
        raise exc("boom", request=request)  # type: ignore[call-arg]

    with beatpass(fail) as bp, pytest.raises(kind) as info:
        bp.purchases.initiate(1)
    assert len(sent) == 1
    assert str(info.value).endswith(f"({HINT})"), str(info.value)
    assert info.value.message == str(info.value)


def test_after_retries_of_unsent_attempts_the_last_failure_says_so() -> None:
    # Refused connections are retried (nothing left); the read timeout that follows is not.
    def fail(request: httpx.Request, n: int) -> httpx.Response:
        if n == 1:
            raise httpx.ConnectError("refused", request=request)
        raise httpx.ReadTimeout("slow", request=request)

    # The message itself ends with the hint (pytest's match= also reads the notes, and
    # purchases.initiate adds one saying how to check the purchase).
    with beatpass(fail) as bp, pytest.raises(APITimeoutError) as info:
        bp.purchases.initiate(1)
    assert str(info.value).endswith(f"({HINT})"), str(info.value)


def test_a_write_never_sent_and_a_read_keep_their_messages() -> None:
    def refused(request: httpx.Request, n: int) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with beatpass(refused) as bp, pytest.raises(APIConnectionError) as info:
        bp.purchases.initiate(1)
    assert "not retried" not in str(info.value)

    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    http = httpx.Client(transport=httpx.MockTransport(slow))
    with (
        BeatConnect("key", http_client=http, max_retries=0) as bc,
        pytest.raises(APITimeoutError) as timeout,
    ):
        bc.beats.get(1)
    assert "not retried" not in str(timeout.value)
