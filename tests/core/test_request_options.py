"""``RequestOptions``: a value that cannot work is refused where it is written, with a
``ConfigurationError`` naming it (not at the request, nor silently ignored), a header
that would redirect the request to another virtual host is refused, and ``repr`` shows
no header value (an ``X-Api-Key`` of a gateway)."""

from __future__ import annotations

import math
import pickle
from typing import Any

import httpx
import pytest

from beatkit import BeatConnect, RequestOptions
from beatkit.errors import ConfigurationError
from beatkit.testing import FakeBeatConnect

BAD = [
    ({"timeout": -1}, "timeout"),
    ({"timeout": 0}, "timeout"),
    ({"timeout": math.nan}, "timeout"),
    ({"timeout": math.inf}, "timeout"),
    ({"timeout": "5"}, "timeout"),
    ({"timeout": True}, "timeout"),
    ({"timeout": httpx.Timeout(5, read=-1)}, "timeout"),
    ({"max_retries": -1}, "max_retries"),
    ({"max_retries": 21}, "max_retries"),
    ({"max_retries": 2.0}, "max_retries"),
    ({"max_retries": True}, "max_retries"),
    ({"headers": [("X-Trace", "1")]}, "headers"),
    ({"headers": {"X-Trace": 1}}, "X-Trace"),
    ({"headers": {"X-Trace": "a\r\nX-Evil: 1"}}, "X-Trace"),
    ({"headers": {"": "1"}}, "header name"),
    ({"headers": {"X Trace": "1"}}, "header name"),
    ({"headers": {"Host": "other.example"}}, "Host"),
    ({"headers": {"host": "other.example"}}, "Host"),
    # A GET declaring a body it does not send: h11's own LocalProtocolError escaped.
    ({"headers": {"Content-Length": "5"}}, "Content-Length"),
    ({"headers": {"transfer-encoding": "chunked"}}, "Transfer-Encoding"),
]


@pytest.mark.parametrize(("kwargs", "named"), BAD, ids=[repr(k) for k, _ in BAD])
def test_an_unusable_option_is_refused_where_it_is_written(
    kwargs: dict[str, Any], named: str
) -> None:
    with pytest.raises(ConfigurationError, match=named) as info:
        RequestOptions(**kwargs)
    assert "other.example" not in str(info.value)
    assert "X-Evil" not in str(info.value)


def test_usable_options_are_kept() -> None:
    options = RequestOptions(timeout=2, max_retries=0, headers={"X-Trace": "abc"})
    assert options.timeout == 2 and options.max_retries == 0
    assert options.headers == {"X-Trace": "abc"}
    assert RequestOptions(timeout=httpx.Timeout(5, read=None)).timeout == httpx.Timeout(
        5, read=None
    )
    assert RequestOptions(max_retries=20).max_retries == 20
    # Authorization is accepted and dropped when sending (documented).
    RequestOptions(headers={"Authorization": "Bearer x"})


def test_the_headers_are_a_copy_of_what_was_passed() -> None:
    headers = {"X-Trace": "abc"}
    options = RequestOptions(headers=headers)
    headers["X-Trace"] = "changed"
    assert options.headers == {"X-Trace": "abc"}


def test_repr_shows_header_names_never_their_values() -> None:
    options = RequestOptions(timeout=3, headers={"X-Api-Key": "GATEWAY-SECRET", "X-Trace": "t"})
    text = repr(options)
    assert "GATEWAY-SECRET" not in text
    assert "X-Api-Key" in text and "timeout=3" in text


def test_options_still_compare_and_pickle_as_values() -> None:
    options = RequestOptions(timeout=3, headers={"X-Trace": "t"})
    assert options == RequestOptions(timeout=3, headers={"X-Trace": "t"})
    assert pickle.loads(pickle.dumps(options)) == options  # noqa: S301 - our own bytes


def test_a_per_call_timeout_as_an_httpx_timeout_is_sent() -> None:
    fake = FakeBeatConnect()
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return fake.handle(request)

    client = BeatConnect(
        fake.api_key,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
    )
    client.genres.list(options=RequestOptions(timeout=httpx.Timeout(4, connect=1)))
    assert seen[-1].extensions["timeout"] == httpx.Timeout(4, connect=1).as_dict()
