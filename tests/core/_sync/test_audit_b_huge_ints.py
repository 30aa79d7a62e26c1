# GENERATED from tests/core/_async/test_audit_b_huge_ints.py by scripts/unasync.py: edit the async source.
"""An int argument that Python cannot write as text is refused, naming the argument.

``str()`` refuses an int of more than ``sys.get_int_max_str_digits()`` digits (4300 by
default) with a ``ValueError`` of its own ("Exceeds the limit (4300 digits) for integer
string conversion"), which names no argument. An id or a page number that big passed
the argument checks and failed while the request was built: ``bp.tracks.get(10**5000)``
told the caller nothing of which argument was wrong. Every service's checked ints
(ids, page numbers, counts) are refused before anything is sent, the argument named.

Written once for asyncio; ``scripts/unasync.py`` generates the sync twin in ``_sync/``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Callable
from typing import Any

import httpx
import pytest

from beatkit._core.validate import check_int
from beatkit.beatconnect import BeatConnect
from beatkit.beatpass import BeatPass
from beatkit.beatport import Beatport

HUGE = 10**5000

sent: list[httpx.Request] = []


def _handler(request: httpx.Request) -> httpx.Response:
    sent.append(request)
    return httpx.Response(200, json={})


def _http() -> httpx.Client:
    return httpx.Client(transport=httpx.MockTransport(_handler))


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("BEATPASS_TOKEN", "BEATCONNECT_API_KEY", "BEATPORT_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    sent.clear()


def _first_page(pager: Any) -> Any:
    return pager.first_page()


TOO_LONG = "is too long to send: an int of 5001 digits"
# BeatPass pages are bounded at 10**18 - 1 (the answer's page counts stop there), and a
# bound says it first, in its own words (see test_the_limit_is_the_process_limit).
PAST_PAGE_BOUND = "must be at most 999999999999999999, got an int of 5001 digits"

CALLS: list[tuple[str, str, Callable[[Any], Any], str]] = [
    ("beatpass", "track_id", lambda c: c.tracks.get(HUGE), TOO_LONG),
    ("beatpass", "page", lambda c: _first_page(c.tracks.list(page=HUGE)), PAST_PAGE_BOUND),
    (
        "beatpass",
        "per_page",
        lambda c: _first_page(c.tracks.list(per_page=HUGE)),
        PAST_PAGE_BOUND,
    ),
    ("beatconnect", "beat_id", lambda c: c.beats.get(HUGE), TOO_LONG),
    ("beatport", "track_id", lambda c: c.tracks.get(HUGE), TOO_LONG),
]


@pytest.fixture
def clients() -> Iterator[dict[str, Any]]:
    with (
        BeatPass("tok", http_client=_http(), max_retries=0) as bp,
        BeatConnect("key", http_client=_http(), max_retries=0) as bc,
        Beatport("cid", token="tok", http_client=_http(), max_retries=0) as bpt,
    ):
        yield {"beatpass": bp, "beatconnect": bc, "beatport": bpt}


@pytest.mark.parametrize(
    ("service", "name", "call", "message"), CALLS, ids=[f"{s}-{n}" for s, n, _, _ in CALLS]
)
def test_an_int_too_long_to_write_is_refused_naming_it(
    clients: dict[str, Any], service: str, name: str, call: Callable[[Any], Any], message: str
) -> None:
    with pytest.raises(ValueError, match=rf"^{name} {message}") as info:
        call(clients[service])
    assert "integer string conversion" not in str(info.value)
    assert sent == []


def test_the_limit_is_the_process_limit() -> None:
    before = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(1000)
    try:
        with pytest.raises(ValueError, match=r"^n is too long to send: an int of 1001 digits"):
            check_int("n", 10**1000)
        assert check_int("n", 10**999) == 10**999
        assert check_int("n", -(10**999), minimum=-(10**1000)) == -(10**999)
    finally:
        sys.set_int_max_str_digits(before)
    assert check_int("n", 10**4299) == 10**4299
    with pytest.raises(ValueError, match=r"^n is too long to send: an int of 4301 digits"):
        check_int("n", -(10**4300))
    # A bound says it first, in its own words.
    with pytest.raises(ValueError, match=r"^n must be at most 5, got an int of 5001 digits"):
        check_int("n", HUGE, maximum=5)
