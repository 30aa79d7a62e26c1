"""Every client's shared options, refused at construction when they cannot work: a
``ConfigurationError`` naming the option, never an obscure failure at the first request
(a ``TypeError`` from a comparison, a NaN sleep, a timeout httpx takes as "at once")."""

from __future__ import annotations

import asyncio
import math
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from beatkit import (
    AsyncBeatConnect,
    AsyncBeatPass,
    AsyncBeatport,
    AsyncBeatTech,
    BeatConnect,
    BeatPass,
    Beatport,
    BeatTech,
)
from beatkit._core.settings import MAX_TIMEOUT
from beatkit.errors import ConfigurationError

MAKERS: dict[str, Callable[..., Any]] = {
    "BeatConnect": lambda **kw: BeatConnect("key", **kw),
    "AsyncBeatConnect": lambda **kw: AsyncBeatConnect("key", **kw),
    "BeatPass": lambda **kw: BeatPass(**kw),
    "AsyncBeatPass": lambda **kw: AsyncBeatPass(**kw),
    "Beatport": lambda **kw: Beatport("client-id", **kw),
    "AsyncBeatport": lambda **kw: AsyncBeatport("client-id", **kw),
    "BeatTech": lambda **kw: BeatTech("fabel", client_id="id", client_secret="secret", **kw),
    "AsyncBeatTech": lambda **kw: AsyncBeatTech(
        "fabel", client_id="id", client_secret="secret", **kw
    ),
}

BAD = [
    ("timeout", -1),
    ("timeout", 0),
    ("timeout", math.nan),
    ("timeout", math.inf),
    ("timeout", "5"),
    ("timeout", True),
    ("timeout", httpx.Timeout(-1)),
    ("timeout", httpx.Timeout(5, connect=math.nan)),
    ("requests_per_second", math.nan),
    ("requests_per_second", math.inf),
    ("requests_per_second", "2"),
    ("requests_per_second", True),
    ("requests_per_second", 1e-300),  # a request every 1e300 s: past what a sleep can wait
    ("requests_per_second", 0.5 / MAX_TIMEOUT),
    ("max_retry_wait", math.nan),
    ("max_retry_wait", "60"),
    ("max_retry_wait", True),
    ("max_retries", "2"),
]


@pytest.mark.parametrize("maker", MAKERS)
@pytest.mark.parametrize(("name", "value"), BAD, ids=[f"{n}={v!r}" for n, v in BAD])
def test_an_unusable_option_is_refused_at_construction_naming_it(
    maker: str, name: str, value: Any
) -> None:
    with pytest.raises(ConfigurationError, match=name):
        MAKERS[maker](**{name: value})


GOOD = [
    ("timeout", 5),
    ("timeout", 0.5),
    ("timeout", httpx.Timeout(None)),
    ("timeout", httpx.Timeout(5, read=None)),
    ("requests_per_second", 0.5),
    ("requests_per_second", 1 / 3600),
    ("requests_per_second", 1 / MAX_TIMEOUT),
    ("requests_per_second", None),
    ("max_retry_wait", 0),
    ("max_retry_wait", math.inf),
]


@pytest.mark.parametrize("maker", MAKERS)
@pytest.mark.parametrize(("name", "value"), GOOD, ids=[f"{n}={v!r}" for n, v in GOOD])
def test_usable_options_are_kept(maker: str, name: str, value: Any) -> None:
    MAKERS[maker](**{name: value})


@pytest.mark.parametrize("maker", MAKERS)
@pytest.mark.parametrize("url", [" https://api.example.com/v1", "https://api.example.com/v1\n"])
def test_a_base_url_with_surrounding_whitespace_says_so(maker: str, url: str) -> None:
    # The message quoted the URL stripped, 'https://api.example.com/v1', and called it
    # not absolute: whitespace read from a file or a setting was invisible.
    with pytest.raises(ConfigurationError, match="whitespace"):
        MAKERS[maker](base_url=url)


@pytest.mark.parametrize("maker", MAKERS)
def test_an_http_client_of_the_other_kind_is_refused_at_construction(maker: str) -> None:
    # An httpx.Client given to an async client sent the request, then failed with
    # "object Response can't be used in 'await' expression"; the other way round, an
    # AttributeError on a coroutine never awaited.
    wrong_kind = httpx.Client() if maker.startswith("Async") else httpx.AsyncClient()
    expected = "httpx.AsyncClient" if maker.startswith("Async") else "httpx.Client"
    for wrong in (wrong_kind, "http://proxy.example"):
        with pytest.raises(ConfigurationError, match="http_client") as info:
            MAKERS[maker](http_client=wrong)
        assert expected in str(info.value)


@pytest.mark.parametrize("maker", MAKERS)
@pytest.mark.parametrize("value", ["false", "no", 0, 1, None])
def test_allow_http_must_be_a_bool(maker: str, value: Any) -> None:
    # allow_http="false" read from a setting is truthy: credentials went in the clear.
    with pytest.raises(ConfigurationError, match="allow_http"):
        MAKERS[maker](base_url="http://api.example.com/v1", allow_http=value)
    with pytest.raises(ConfigurationError, match="allow_http"):
        MAKERS[maker](allow_http=value)


@pytest.mark.parametrize("maker", MAKERS)
def test_a_zero_rate_points_at_none(maker: str) -> None:
    with pytest.raises(ConfigurationError, match=r"requests_per_second .*None turns pacing off"):
        MAKERS[maker](requests_per_second=0)


@pytest.mark.parametrize("maker", MAKERS)
@pytest.mark.parametrize("value", ["false", "no", 0, 1, None])
def test_strict_must_be_a_bool(maker: str, value: Any) -> None:
    # strict="false" read from a setting is truthy: a production client turned strict.
    with pytest.raises(ConfigurationError, match="strict"):
        MAKERS[maker](strict=value)


def _closed_http_client(maker: str) -> httpx.Client | httpx.AsyncClient:
    if maker.startswith("Async"):
        client = httpx.AsyncClient()
        asyncio.run(client.aclose())
        return client
    sync_client = httpx.Client()
    sync_client.close()
    return sync_client


@pytest.mark.parametrize("maker", MAKERS)
def test_a_closed_http_client_is_refused_at_construction(maker: str) -> None:
    # It was taken, and the first call (or `with`) said "the client is closed; create a
    # new one": a new beatkit client on the same http_client failed the same way.
    with pytest.raises(ConfigurationError, match="http_client is closed"):
        MAKERS[maker](http_client=_closed_http_client(maker))


@pytest.mark.parametrize("maker", MAKERS)
@pytest.mark.parametrize("value", [(5, 30), [5, 30]])
def test_a_timeout_pair_points_at_httpx_timeout(maker: str, value: Any) -> None:
    # A (connect, read) pair as requests takes it: the message named only "a number".
    with pytest.raises(ConfigurationError, match=r"timeout .*httpx\.Timeout"):
        MAKERS[maker](timeout=value)


@pytest.mark.parametrize("maker", MAKERS)
def test_the_transport_settings_repr_redacts_the_base_url(maker: str) -> None:
    # The client's repr redacted it; its settings (shown in tracebacks with locals,
    # debuggers, error reporters) showed a gateway's password and key as written.
    client = MAKERS[maker](base_url="https://user:hunter2@gw.example/v1?api_key=hunter3")
    shown = repr(client._transport.settings)
    assert "hunter2" not in shown
    assert "hunter3" not in shown
    assert "gw.example" in shown


@pytest.mark.parametrize("maker", MAKERS)
@pytest.mark.parametrize("value", [1e10, 1e300, httpx.Timeout(5, read=1e10)])
def test_a_timeout_too_long_for_a_socket_is_refused(maker: str, value: Any) -> None:
    # Finite, so it was taken; the sync clients' first request then failed with a bare
    # "OverflowError: timestamp out of range for platform time_t" out of the socket.
    with pytest.raises(ConfigurationError, match=r"timeout.*at most"):
        MAKERS[maker](timeout=value)


def test_a_call_timeout_too_long_for_a_socket_is_refused() -> None:
    from beatkit import RequestOptions

    with pytest.raises(ConfigurationError, match=r"RequestOptions\.timeout.*at most"):
        RequestOptions(timeout=1e10)
    assert RequestOptions(timeout=MAX_TIMEOUT).timeout == MAX_TIMEOUT
