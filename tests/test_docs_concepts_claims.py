"""docs/concepts.md, claim by claim: what it says each client does, the clients do.

Each test names the claim it pins (quoted or paraphrased from the page) and checks it
through the public API only, on an ``httpx.MockTransport`` (no network). Where a claim
covers both facades, the async client is checked too. The page's tables are read from
the page itself where a row names statuses or classes, so a row that changes without
the code (or the code without the row) fails here.
"""

from __future__ import annotations

import asyncio
import copy
import gzip
import io
import logging
import math
import pickle
import re
import time
from collections.abc import Callable
from datetime import UTC, date
from datetime import datetime as dt
from datetime import timedelta as td
from datetime import timezone as tz
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

import beatkit.errors as errors
from beatkit import (
    AsyncBeatConnect,
    BeatConnect,
    BeatPass,
    Beatport,
    FileProgress,
    RequestOptions,
)

CONCEPTS = (Path(__file__).resolve().parent.parent / "docs" / "concepts.md").read_text()
BC_URL = "https://api.example.com/v1"
BP_URL = "https://api.example.com/api/v1"
Handler = Callable[[httpx.Request], httpx.Response]


def section(title: str) -> str:
    """The text of one ``## title`` section of the page."""
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## )", CONCEPTS, re.M | re.S)
    assert match is not None, f"no section {title!r} in concepts.md"
    return match.group(1)


def bc(handler: Handler, **options: Any) -> BeatConnect:
    transport = httpx.MockTransport(handler)
    http = httpx.Client(transport=transport, **options.pop("http", {}))
    return BeatConnect("key", base_url=BC_URL, http_client=http, **options)


def abc(handler: Handler, **options: Any) -> AsyncBeatConnect:
    http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    return AsyncBeatConnect("key", base_url=BC_URL, http_client=http, **options)


def bpass(handler: Handler, **options: Any) -> BeatPass:
    http = httpx.Client(transport=httpx.MockTransport(handler))
    return BeatPass("tok", base_url=BP_URL, http_client=http, requests_per_second=None, **options)


def beat_answer(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"success": True, "data": {"id": 1, "title": "t"}})


def counting(response: Callable[[httpx.Request], httpx.Response]) -> tuple[list[str], Handler]:
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(f"{request.method} {request.url}")
        return response(request)

    return sent, handler


# --- Clients and resources -------------------------------------------------------------


def test_the_default_timeout_is_30_seconds_and_10_to_connect_whatever_the_http_client_says() -> (
    None
):
    # "timeout | seconds, or an httpx.Timeout (default 30 s, 10 s to connect)"; "Its own
    # timeout is not used: every call gets the client's timeout option".
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return beat_answer(request)

    with bc(handler, http={"timeout": 1.0}) as client:
        client.beats.get(1)
        client.beats.get(1, options=RequestOptions(timeout=5))
    assert seen[0].extensions["timeout"] == {
        "connect": 10.0,
        "read": 30.0,
        "write": 30.0,
        "pool": 30.0,
    }
    assert set(seen[1].extensions["timeout"].values()) == {5.0}


@pytest.mark.parametrize(
    "option",
    [
        {"max_retries": 21},
        {"max_retries": -1},
        {"timeout": (30, 10)},
        {"timeout": math.nan},
        {"timeout": 0},
        {"timeout": 366 * 86400},
        {"requests_per_second": math.nan},
        {"requests_per_second": math.inf},
        {"requests_per_second": 1 / (366 * 86400)},
        {"max_retry_wait": -1},
        {"max_retry_wait": math.nan},
        {"allow_http": "no"},
        {"base_url": " https://api.example.com/v1"},
    ],
    ids=repr,
)
@pytest.mark.parametrize("client", [BeatConnect, AsyncBeatConnect])
def test_an_option_that_cannot_work_is_a_configuration_error_naming_it(
    client: Any, option: dict[str, Any]
) -> None:
    # "An option that cannot work is refused at construction with a ConfigurationError
    # that names it"; "max_retries | ... 0 to 20"; "A (connect, read) pair is not a timeout".
    with pytest.raises(errors.ConfigurationError, match=next(iter(option))):
        client("key", **option)


def test_max_retry_wait_may_be_infinite() -> None:
    # "(math.inf waits whatever the server asks)"
    BeatConnect("key", max_retry_wait=math.inf).close()


def test_an_http_client_of_the_other_kind_or_closed_is_a_configuration_error() -> None:
    closed = httpx.Client()
    closed.close()
    for http in (httpx.AsyncClient(), closed):
        with pytest.raises(errors.ConfigurationError):
            BeatConnect("key", http_client=http)  # type: ignore[arg-type]


def test_closing_twice_is_harmless_and_a_closed_client_refuses_before_sending() -> None:
    # "closing twice is harmless"; "entering it again ... raises ClientClosedError";
    # "A http_client you pass in is never closed by beatkit"; "A client used after
    # close(), or whose http_client you closed, raises ClientClosedError before anything
    # is sent".
    sent, handler = counting(beat_answer)
    http = httpx.Client(transport=httpx.MockTransport(handler))
    client = BeatConnect("key", base_url=BC_URL, http_client=http)
    with client:
        client.beats.get(1)
    client.close()
    client.close()
    assert not http.is_closed
    with pytest.raises(errors.ClientClosedError), client:
        pass
    with pytest.raises(errors.ClientClosedError):
        client.beats.get(1)
    other = BeatConnect("key", base_url=BC_URL, http_client=http)
    http.close()
    with pytest.raises(errors.ClientClosedError):
        other.beats.get(1)
    assert len(sent) == 1


async def test_the_async_client_closes_twice_and_refuses_after() -> None:
    sent, handler = counting(beat_answer)
    client = abc(handler)
    async with client:
        await client.beats.get(1)
    await client.aclose()
    with pytest.raises(errors.ClientClosedError):
        await client.beats.get(1)
    assert len(sent) == 1


def test_a_raise_for_status_hook_changes_nothing_for_beatkit_calls() -> None:
    # "a 404 is still a NotFoundError and a 503 is retried as usual"
    sent, handler = counting(
        lambda request: httpx.Response(
            503 if request.url.path.endswith("/2") else 404,
            json={"success": False, "message": "nope"},
            headers={"Retry-After": "0"},
        )
    )
    hook = {"event_hooks": {"response": [lambda response: response.raise_for_status()]}}
    with bc(handler, http=hook) as client:
        with pytest.raises(errors.NotFoundError):
            client.beats.get(1)
        with pytest.raises(errors.ServerError):
            client.beats.get(2)
    assert len(sent) == 1 + 3


def test_repr_redacts_the_base_url_and_copy_and_pickle_are_refused() -> None:
    # "repr(client) shows the base URL with its userinfo and secret query values replaced
    # by REDACTED"; "a resource shows its class (<Beats>), a pager its operation and
    # limit"; "copy, deepcopy and pickle raise a TypeError".
    with BeatConnect("key", base_url="https://user:pw@api.example.com/v1?token=abc") as client:
        assert repr(client) == (
            "BeatConnect(base_url='https://REDACTED@api.example.com/v1?token=REDACTED')"
        )
        pager = client.beats.list(limit=50)
        assert repr(client.beats) == "<Beats>"
        assert repr(pager) == "<Pager beats.list limit=50>"
        for thing in (client, client.beats, pager):
            for copier in (copy.copy, copy.deepcopy, pickle.dumps):
                with pytest.raises(TypeError):
                    copier(thing)


@pytest.mark.parametrize(
    ("headers", "says"),
    [
        ({"Host": "x"}, "Host"),
        ({"Content-Length": "1"}, "Content-Length"),
        ({"Transfer-Encoding": "chunked"}, "Transfer-Encoding"),
        ({"X-A": "a\nb"}, "X-A"),
        ({"X-Tok SEKRET": "v"}, "a space at position 6"),
        ({"X-Key:": "v"}, "'X-Key:'"),
    ],
)
def test_request_options_refuse_headers_where_they_are_written(
    headers: dict[str, str], says: str
) -> None:
    with pytest.raises(errors.ConfigurationError) as info:
        RequestOptions(headers=headers)
    assert says in str(info.value)
    assert "SEKRET" not in str(info.value)


def test_request_options_refuse_retries_and_timeouts_out_of_range() -> None:
    for bad in ({"max_retries": 21}, {"max_retries": -1}, {"timeout": 0}):
        with pytest.raises(errors.ConfigurationError, match=next(iter(bad))):
            RequestOptions(**bad)
    assert "sekret" not in repr(RequestOptions(headers={"X-Secret": "sekret"}))


def test_per_call_headers_never_replace_authorization() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return beat_answer(request)

    headers = {"Authorization": "Bearer other", "X-Extra": "1"}
    with bc(handler) as client:
        client.beats.get(1, options=RequestOptions(headers=headers))
    assert seen[0].headers["authorization"] == "Bearer key"
    assert seen[0].headers["x-extra"] == "1"


# --- Pagers ------------------------------------------------------------------------------


def beat_pages(total: int) -> Handler:
    def handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params.get("page", "1"))
        size = int(request.url.params.get("limit", "20"))
        items = [
            {"id": i + 1, "title": "t"} for i in range((page - 1) * size, min(page * size, total))
        ]
        meta = {"page": page, "limit": size, "total": total}
        return httpx.Response(200, json={"success": True, "data": items, "meta": meta})

    return handler


def test_limit_caps_the_items_and_the_pages_requested() -> None:
    # "first = pager.first_page()  # one request (none with limit=0)"; "limit caps the
    # total number of items, and beatkit requests no more pages than that needs".
    sent, handler = counting(beat_pages(253))
    with bc(handler) as client:
        first = client.beats.list(per_page=100).first_page()
        assert repr(first) == "Page(items=<100 Beat>, total=253, has_next=True)"
        assert len(sent) == 1
        client.beats.list(per_page=100, limit=0).first_page()
        assert len(sent) == 1
        assert len(client.beats.list(per_page=100, limit=150).to_list()) == 150
        assert len(sent) == 1 + 2
    # "A Page ... pickles and copies as its data"
    assert pickle.loads(pickle.dumps(first)) == first  # noqa: S301
    assert copy.deepcopy(first) == first
    assert hash(copy.copy(first)) == hash(first)


@pytest.mark.parametrize("limit", ["3", 1.5, True, -1])
def test_a_limit_that_is_not_a_whole_number_from_0_is_a_value_error(limit: Any) -> None:
    # "A list method's limit is the one exception: anything but None or a whole number
    # from 0 up ("3", 1.5 and True included) raises ValueError".
    sent, handler = counting(beat_pages(0))
    with bc(handler) as client, pytest.raises(ValueError, match="limit"):
        client.beats.list(limit=limit)
    assert sent == []


def beatport(handler: Handler) -> Beatport:
    http = httpx.Client(transport=httpx.MockTransport(handler))
    return Beatport(
        "cid",
        token="tok",
        base_url="https://api.beatport.com/v4",
        http_client=http,
        requests_per_second=None,
        max_retries=0,
    )


def genre_page(ids: list[int], next_link: str | None) -> httpx.Response:
    body = {"results": [{"id": i} for i in ids], "next": next_link, "count": None}
    return httpx.Response(200, json=body)


def walk(pages: list[httpx.Response]) -> tuple[list[int], BaseException | None, list[str]]:
    """The genre ids a Beatport walk over ``pages`` yields, the error that ended it."""
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(str(request.url))
        return pages[len(sent) - 1] if len(sent) <= len(pages) else httpx.Response(500)

    got: list[int] = []
    with beatport(handler) as client:
        try:
            got.extend(genre.id for genre in client.genres.list())
        except Exception as exc:  # the test looks at which one
            return got, exc, sent
    return got, None, sent


GENRES = "https://api.beatport.com/v4/catalog/genres/"


def test_a_next_link_without_a_scheme_is_followed_without_its_fragment() -> None:
    got, error, sent = walk(
        [genre_page([1, 2], "api.beatport.com/v4/catalog/genres/?page=2#x"), genre_page([3], None)]
    )
    assert (got, error) == ([1, 2, 3], None)
    assert sent[1] == GENRES + "?page=2"


@pytest.mark.parametrize(
    "bad_link",
    [
        "https://evil.example.com/v4/catalog/genres/?page=3",  # another origin
        GENRES + "?page=2",  # the page itself
        GENRES + "?page=2#again",  # the page itself, its fragment aside
    ],
)
def test_a_bad_next_link_is_refused_after_the_items_of_the_pages_before_it(bad_link: str) -> None:
    # "A link to another origin, or to a page already read ..., is refused with
    # ResponseDecodeError ..., after the items of the pages before the one naming it
    # were handed over."
    got, error, sent = walk([genre_page([1, 2], GENRES + "?page=2"), genre_page([3], bad_link)])
    assert isinstance(error, errors.ResponseDecodeError)
    assert got == [1, 2]
    assert len(sent) == 2


def test_the_fiftieth_empty_page_naming_a_next_one_ends_the_walk() -> None:
    pages = [genre_page([1], GENRES + "?page=2")]
    pages += [genre_page([], f"{GENRES}?page={n + 3}") for n in range(60)]
    got, error, sent = walk(pages)
    assert isinstance(error, errors.ResponseDecodeError)
    assert got == [1]
    assert len(sent) == 1 + 50


@pytest.mark.parametrize("link", ["https://api.beatport.com:sekret/v4/catalog/genres/?page=2"])
def test_a_next_link_httpx_cannot_parse_is_a_response_decode_error(link: str) -> None:
    # "A link httpx cannot parse (a port that is no number, a malformed address) is a
    # ResponseDecodeError naming the operation and httpx's reason"
    _, error, sent = walk([genre_page([1, 2], link)])
    assert isinstance(error, errors.ResponseDecodeError)
    assert "genres.list" in str(error)
    assert "invalid port" in str(error).lower()
    assert len(sent) == 1


@pytest.mark.parametrize(
    "link",
    [
        "https://api.beatport.com:sekret/v4/catalog/genres/?page=2",
        "https://[::sekret]/v4/catalog/genres/?page=2",
    ],
)
def test_a_next_link_httpx_cannot_parse_is_not_quoted(link: str) -> None:
    # "... without its quoted part (invalid port); the URL is not shown."
    _, error, _ = walk([genre_page([1, 2], link)])
    assert isinstance(error, errors.ResponseDecodeError)
    assert "sekret" not in str(error)


# --- Errors ------------------------------------------------------------------------------

TREE = re.search(r"```text\nBeatkitError\n(.*?)```", CONCEPTS, re.S)
STATUS_CLASSES = re.findall(r"(\w+Error) (\d{3})\b", TREE.group(1) if TREE else "")


def test_the_tree_names_the_status_classes() -> None:
    assert len(STATUS_CLASSES) >= 8


@pytest.mark.parametrize(("name", "status"), STATUS_CLASSES)
@pytest.mark.parametrize("facade", ["sync", "async"])
def test_each_status_in_the_tree_raises_its_class(name: str, status: str, facade: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(int(status), json={"success": False, "message": "m"})

    cls = getattr(errors, name)
    if facade == "sync":
        with bc(handler, max_retries=0) as client, pytest.raises(cls) as info:
            client.beats.get(1)
    else:

        async def call() -> None:
            async with abc(handler, max_retries=0) as client:
                await client.beats.get(1)

        with pytest.raises(cls) as info:
            asyncio.run(call())
    assert type(info.value) is cls
    assert info.value.status_code == int(status)
    # "An APIError names the request its answer came to in method and url ... Its str()
    # does not repeat them."
    assert (info.value.method, info.value.url) == ("GET", f"{BC_URL}/beats/1")
    assert "/beats/1" not in str(info.value)


@pytest.mark.parametrize("status", [500, 502, 503, 504, 501, 505])
def test_any_5xx_is_a_server_error(status: int) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status)

    with bc(handler, max_retries=0) as client, pytest.raises(errors.ServerError):
        client.beats.get(1)


def test_a_3xx_is_a_redirect_error_with_the_target_redacted() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(302, headers={"Location": "/v1/elsewhere?token=sekret"})

    sent, counted = counting(handler)
    with bc(counted) as client, pytest.raises(errors.RedirectError) as info:
        client.beats.get(1)
    assert info.value.location == "https://api.example.com/v1/elsewhere?token=REDACTED"
    assert len(sent) == 1


@pytest.mark.parametrize(
    ("body", "content_type", "message", "code"),
    [
        (b"<html>Bad gateway</html>", "text/html", "Not Found", None),
        (b'{"success": false, "mess', "application/json", "Not Found", None),
        (b"NaN", "application/json", "Not Found", None),
        (b"upstream connect error", "text/plain", "upstream connect error", None),
        (b'{"error": {"code": "not_found"}}', "application/json", "Not Found", "not_found"),
        (
            b'{"error": {"code": "not_found", "message": "  "}}',
            "application/json",
            "Not Found",
            "not_found",
        ),
        (
            b"<Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>",
            "application/xml",
            "Request has expired",
            "AccessDenied",
        ),
    ],
)
def test_an_error_body_of_any_shape_gives_the_status_class(
    body: bytes, content_type: str, message: str, code: str | None
) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, content=body, headers={"Content-Type": content_type})

    with bc(handler) as client, pytest.raises(errors.NotFoundError) as info:
        client.beats.get(1)
    assert (info.value.message, info.value.code) == (message, code)
    if content_type != "application/json" or code is None:
        assert info.value.body == body.decode()


def test_a_long_message_is_cut_and_code_shown_short_but_kept_whole() -> None:
    # "message ... cut after its first 1,000 characters (with ... added)"; "str() and
    # repr() show at most 200 characters of code and request_id; those attributes keep
    # what the server sent"; "Every beatkit exception pickles, copies and deep-copies".
    long = {"success": False, "message": "m" * 3000, "code": "c" * 500}

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(400, json=long, headers={"X-Request-Id": "r" * 500})

    with bc(handler) as client, pytest.raises(errors.BadRequestError) as info:
        client.beats.get(1)
    error = info.value
    assert error.message == "m" * 1000 + "..."
    assert error.code == "c" * 500
    assert "c" * 201 not in str(error) and "c" * 201 not in repr(error)
    assert error.body == long
    twins = (pickle.loads(pickle.dumps(error)), copy.copy(error), copy.deepcopy(error))  # noqa: S301
    for twin in twins:
        assert type(twin) is errors.BadRequestError
        assert (twin.message, twin.code, twin.body, twin.status_code, str(twin)) == (
            error.message,
            error.code,
            error.body,
            error.status_code,
            str(error),
        )


def test_a_webhook_payload_error_is_a_value_error_too() -> None:
    assert issubclass(errors.WebhookPayloadError, ValueError)


# --- Retries and rate limits ---------------------------------------------------------------

RETRIED = [int(s) for s in re.findall(r"`(5\d\d)`", section("Retries and rate limits"))]


def test_the_page_names_the_retried_server_statuses() -> None:
    assert RETRIED == [500, 502, 503, 504]


@pytest.mark.parametrize("status", [429, *RETRIED, 501, 505, 408])
def test_which_statuses_a_get_retries(status: int) -> None:
    sent, handler = counting(lambda request: httpx.Response(status, headers={"Retry-After": "0"}))
    with bc(handler, max_retries=2) as client, pytest.raises(errors.APIError):
        client.beats.get(1)
    assert len(sent) == (3 if status in (429, *RETRIED) else 1)


@pytest.mark.parametrize("status", [429, 503])
async def test_which_statuses_an_async_get_retries(status: int) -> None:
    sent, handler = counting(lambda request: httpx.Response(status, headers={"Retry-After": "0"}))
    async with abc(handler, max_retries=2) as client:
        with pytest.raises(errors.APIError):
            await client.beats.get(1)
    assert len(sent) == 3


@pytest.mark.parametrize(("status", "attempts"), [(429, 3), (503, 1), (500, 1)])
def test_a_beatpass_write_is_retried_on_429_only(status: int, attempts: int) -> None:
    # "429 Too Many Requests: any method"; "500, 502, 503, 504: idempotent methods only";
    # "BeatPass and Beat Technology never replay a write".
    sent, handler = counting(lambda request: httpx.Response(status, headers={"Retry-After": "0"}))
    with bpass(handler, max_retries=2) as client, pytest.raises(errors.APIError):
        client.playlists.create("mix")
    assert len(sent) == attempts
    assert all(line.startswith("POST ") for line in sent)


def test_a_connect_timeout_is_retried_for_a_write_and_a_read_timeout_is_not() -> None:
    # "a connect or pool timeout (nothing sent) for any method"; the request not replayed
    # ends with "(not retried: it may have reached the server; check before sending it
    # again)".
    for failure, attempts in ((httpx.ConnectTimeout, 3), (httpx.ReadTimeout, 1)):
        sent: list[str] = []

        def handler(
            request: httpx.Request, failure: type[Exception] = failure, sent: list[str] = sent
        ) -> httpx.Response:
            sent.append(request.method)
            raise failure("boom", request=request)

        client = bpass(handler, max_retries=2, max_retry_wait=0.01)
        with client, pytest.raises(errors.APITimeoutError) as info:
            client.playlists.create("mix")
        assert len(sent) == attempts
        if failure is httpx.ReadTimeout:
            assert str(info.value).endswith(
                "(not retried: it may have reached the server; check before sending it again)"
            )


def test_a_backoff_is_never_longer_than_max_retry_wait() -> None:
    sent, handler = counting(lambda request: httpx.Response(503))
    started = time.monotonic()
    with bc(handler, max_retries=3, max_retry_wait=0.02) as c, pytest.raises(errors.ServerError):
        c.beats.get(1)
    assert len(sent) == 4
    assert time.monotonic() - started < 2  # three backoffs of 0.5 s, 1 s, 2 s were not slept


@pytest.mark.parametrize(
    ("status", "cls"), [(429, errors.RateLimitError), (503, errors.ServerError)]
)
def test_a_retry_after_past_max_retry_wait_is_raised_at_once(status: int, cls: type) -> None:
    sent, handler = counting(lambda request: httpx.Response(status, headers={"Retry-After": "120"}))
    with bc(handler, max_retries=3, max_retry_wait=60) as client:
        with pytest.raises(cls) as info:
            client.beats.get(1)
        assert info.value.retry_after == 120
        assert len(sent) == 1
        if status == 429:
            # "the next request is not sent at all: RateLimitError is raised at once
            # (status_code 429, retry_after the seconds left)"
            with pytest.raises(errors.RateLimitError) as again:
                client.beats.get(1)
            assert len(sent) == 1
            assert again.value.status_code == 429
            assert 100 < (again.value.retry_after or 0) <= 120


def test_the_retry_decision_is_logged_at_info_and_each_attempt_at_debug() -> None:
    # "every attempt at DEBUG (method, URL, status, time) ... every retry decision at
    # INFO (beatport GET <url> failed with HTTP 503 (ServerError); retry 1 in 0.61 s (of 2))"
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger = logging.getLogger("beatkit")
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        client = bc(lambda request: httpx.Response(503), max_retries=1, max_retry_wait=0.01)
        with client, pytest.raises(errors.ServerError):
            client.beats.get(1)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    lines = stream.getvalue().splitlines()
    url = f"{BC_URL}/beats/1"
    assert re.fullmatch(
        rf"INFO beatconnect GET {re.escape(url)} failed with HTTP 503 \(ServerError\); "
        r"retry 1 in 0\.01 s \(of 1\)",
        lines[1],
    ), lines
    assert [line.split()[0] for line in lines] == ["DEBUG", "INFO", "DEBUG"]
    assert all(f"GET {url} -> 503" in lines[i] for i in (0, 2))


def test_the_beatkit_logger_has_a_null_handler() -> None:
    assert any(isinstance(h, logging.NullHandler) for h in logging.getLogger("beatkit").handlers)


# --- Decoding ------------------------------------------------------------------------------


def decode_bc(field: str, raw: str) -> Any:
    fields = '"title": ' + raw if field == "title" else f'"title": "t", "{field}": {raw}'
    body = '{"success": true, "data": {"id": 1, ' + fields + "}}"

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, content=body.encode(), headers={"Content-Type": "application/json"}
        )

    with bc(handler) as client:
        return getattr(client.beats.get(1), field)


def decode_bp(field: str, raw: str) -> Any:
    body = '{"track": {"id": 1, "' + field + '": ' + raw + "}}"
    if field == "similarity":
        body = '{"duplicates": [{"similarity": ' + raw + "}]}"

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, content=body.encode(), headers={"Content-Type": "application/json"}
        )

    with bpass(handler) as client:
        if field == "similarity":
            return client.fingerprints.check_duplicates([1]).duplicates[0].similarity
        return getattr(client.tracks.get(1), field)


def decode_beatport(path: str, raw: str) -> Any:
    resource, field = path.split(".")
    body = '{"id": 1, "' + field + '": ' + raw + "}"

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            200, content=body.encode(), headers={"Content-Type": "application/json"}
        )

    with beatport(handler) as client:
        return getattr(getattr(client, resource).get(1), field)


REFUSED = object()

# (decoder, field, JSON text, the value it decodes to or REFUSED), row by row of the table.
DECODING = [
    # str
    (decode_bc, "title", '"a"', "a"),
    *[(decode_bc, "title", raw, REFUSED) for raw in ("null", "5", "{}", '["a"]')],
    # int: numeric text on BeatPass only
    (decode_bc, "bpm", "7", 7),
    (decode_bp, "bpm", '"7"', 7),
    (decode_bc, "bpm", '"7"', REFUSED),
    *[(decode_bp, "bpm", raw, REFUSED) for raw in ("12.7", "12.0", "true", '"12.7"', '" 7"')],
    # float
    (decode_bp, "similarity", "0.1000000000000000055", 0.1),
    (decode_bp, "similarity", "3", 3.0),
    (decode_bp, "similarity", '"12.5"', 12.5),
    *[
        (decode_bp, "similarity", raw, REFUSED)
        for raw in (
            "true",
            '"fast"',
            str(2**53 + 1),
            f'"{2**53 + 1}"',
            "NaN",
            "Infinity",
            "1e400",
        )
    ],
    # bool
    (decode_bp, "downloadable", "true", True),
    (decode_bp, "downloadable", '"false"', False),
    (decode_beatport, "genres.enabled", '"true"', True),
    *[(decode_bp, "downloadable", raw, REFUSED) for raw in ("1", "0", '"False"', '"yes"')],
    # Decimal
    (decode_bc, "price", "12345678901234567.89", Decimal("12345678901234567.89")),
    (decode_bp, "price", '"49.99"', Decimal("49.99")),
    (decode_bc, "price", '"1.50"', Decimal("1.50")),
    (decode_bc, "price", '"1.49"', REFUSED),
    *[(decode_bp, "price", raw, REFUSED) for raw in ("true", '"NaN"', '"1_000"', '" 5"')],
    # datetime
    (decode_bc, "created_at", '"2024-01-01 12:30:00"', dt(2024, 1, 1, 12, 30, tzinfo=UTC)),
    (
        decode_bc,
        "created_at",
        '"2024-01-01T12:30:00.123456+02:00"',
        dt(2024, 1, 1, 12, 30, 0, 123456, tzinfo=tz(td(hours=2))),
    ),
    (decode_bc, "created_at", "1700000000", dt(2023, 11, 14, 22, 13, 20, tzinfo=UTC)),
    (decode_beatport, "releases.encoded_date", '"2024-01-01T12:30:00"', REFUSED),
    (decode_beatport, "releases.encoded_date", "1700000000", REFUSED),
    *[
        (decode_bc, "created_at", raw, REFUSED)
        for raw in (
            "true",
            '"yesterday"',
            '"2024-01-01"',
            '"2024-01-01T12:30"',
            '"20240101T123000Z"',
            '"2024-W01-1T12:30:00Z"',
            '"2024-01-01T12:30:00.1234567Z"',
            '"9999-12-31T23:59:59-01:00"',
            '"2024-01-31T24:00:00Z"',
            '"2024-01-01T12:30:00+01:60"',
        )
    ],
    # date
    (decode_bp, "release_date", '"2024-01-02"', date(2024, 1, 2)),
    (decode_bp, "release_date", '"2024-01-02T23:30:00-05:00"', date(2024, 1, 2)),
    *[
        (decode_bp, "release_date", raw, REFUSED)
        for raw in ("20240101", '"20240101"', '"2024-W01-1"', '"01/02/2024"')
    ],
    # model, list
    *[(decode_bc, "genre", raw, REFUSED) for raw in ("[]", '"x"')],
    *[(decode_beatport, "genres.sub_genres", raw, REFUSED) for raw in ('"x"', "{}", "null")],
    # a repeated key: the last value wins
    (decode_bc, "bpm", '120, "bpm": 128', 128),
]


@pytest.mark.parametrize(
    ("decoder", "field", "raw", "expected"),
    DECODING,
    ids=[f"{d.__name__}-{f}-{r}" for d, f, r, _ in DECODING],
)
def test_the_decoding_table(decoder: Any, field: str, raw: str, expected: Any) -> None:
    if expected is REFUSED:
        with pytest.raises(errors.ResponseDecodeError):
            decoder(field, raw)
    else:
        value = decoder(field, raw)
        assert value == expected and type(value) is type(expected)


def test_an_open_enum_keeps_unknown_values_of_its_type_only() -> None:
    def user(raw: str) -> Any:
        body = '{"success": true, "data": {"id": 1, "role": ' + raw + "}}"
        with bc(lambda request: httpx.Response(200, content=body.encode())) as client:
            return client.users.get(1).role

    role = user('"robot"')
    assert role.value == "robot"
    assert role not in type(role)
    for raw in ("1", "true"):
        with pytest.raises(errors.ResponseDecodeError):
            user(raw)


def test_the_decode_error_names_the_path_not_the_value() -> None:
    with pytest.raises(errors.ResponseDecodeError) as info:
        decode_bc("bpm", '"sekret"')
    assert str(info.value) == "beatconnect: beats.get: Beat.bpm: expected int, got string"


# --- Downloads -----------------------------------------------------------------------------


def download(response: httpx.Response, tmp_path: Path, **kwargs: Any) -> Any:
    def handler(request: httpx.Request) -> httpx.Response:
        return response

    with bpass(handler, max_retries=0) as client:
        return client.tracks.download(1, tmp_path / "t.mp3", **kwargs)


@pytest.mark.parametrize("status", [204, 205])
def test_a_204_or_205_is_no_file_and_the_old_file_stays(tmp_path: Path, status: int) -> None:
    (tmp_path / "t.mp3").write_bytes(b"old")
    with pytest.raises(errors.ResponseDecodeError):
        download(httpx.Response(status), tmp_path)
    assert (tmp_path / "t.mp3").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.mp3"]


def test_a_json_or_html_2xx_is_no_file(tmp_path: Path) -> None:
    json_answer = httpx.Response(200, json={"message": "Buy it first"})
    with pytest.raises(errors.ResponseDecodeError, match="Buy it first"):
        download(json_answer, tmp_path)
    html = httpx.Response(200, content=b"<html>login</html>", headers={"Content-Type": "text/html"})
    with pytest.raises(errors.ResponseDecodeError) as info:
        download(html, tmp_path)
    assert info.value.body == "<html>login</html>"
    assert list(tmp_path.iterdir()) == []


def test_progress_counts_bytes_and_totals_only_an_uncompressed_length(tmp_path: Path) -> None:
    plain: list[FileProgress] = []
    audio = {"Content-Type": "audio/mpeg"}
    download(httpx.Response(200, content=b"abc", headers=audio), tmp_path, progress=plain.append)
    assert plain[-1] == FileProgress(bytes_written=3, bytes_total=3)
    packed: list[FileProgress] = []
    body = gzip.compress(b"x" * 1000)
    headers = {**audio, "Content-Encoding": "gzip", "Content-Length": str(len(body))}
    download(httpx.Response(200, content=body, headers=headers), tmp_path, progress=packed.append)
    assert packed[-1] == FileProgress(bytes_written=1000, bytes_total=None)


def test_a_coding_label_that_names_no_coding_is_ignored(tmp_path: Path) -> None:
    headers = {"Content-Type": "audio/mpeg", "Content-Encoding": "none"}
    saved = download(httpx.Response(200, content=b"abc", headers=headers), tmp_path)
    assert saved.bytes_written == 3
    assert (tmp_path / "t.mp3").read_bytes() == b"abc"


@pytest.mark.parametrize("coding", ["compress", "x-gzip"])
def test_a_coding_no_decoder_reads_is_refused(tmp_path: Path, coding: str) -> None:
    headers = {"Content-Type": "audio/mpeg", "Content-Encoding": coding}
    with pytest.raises(errors.ResponseDecodeError):
        download(httpx.Response(200, content=gzip.compress(b"x"), headers=headers), tmp_path)
    assert list(tmp_path.iterdir()) == []


def streamed(body: bytes, headers: dict[str, str]) -> httpx.Response:
    """An answer whose body is still to be read, as one from the network is (an answer
    made with ``content=`` is read whole already, and beatkit leaves its decoding to httpx)."""
    return httpx.Response(200, stream=httpx.ByteStream(body), headers=headers)


def test_bytes_after_gzip_data_are_refused_but_nul_padding_and_members_are_not(
    tmp_path: Path,
) -> None:
    # "every member of a gzip body made of several is saved, and bytes after the
    # compressed data (NUL padding aside) are a ResponseDecodeError (a body in several
    # codings, gzip, gzip ..., is decoded so too)"
    headers = {"Content-Type": "audio/mpeg", "Content-Encoding": "gzip"}
    body = gzip.compress(b"x" * 10)
    with pytest.raises(errors.ResponseDecodeError):
        download(streamed(body + b"junk", headers), tmp_path)
    assert list(tmp_path.iterdir()) == []
    download(streamed(body + b"\0\0", headers), tmp_path)
    assert (tmp_path / "t.mp3").read_bytes() == b"x" * 10
    download(streamed(body + gzip.compress(b"y" * 5), headers), tmp_path)
    assert (tmp_path / "t.mp3").read_bytes() == b"x" * 10 + b"y" * 5
    twice = {**headers, "Content-Encoding": "gzip, gzip"}
    download(streamed(gzip.compress(body), twice), tmp_path)
    assert (tmp_path / "t.mp3").read_bytes() == b"x" * 10


def test_a_body_ending_inside_its_gzip_data_is_a_connection_error(tmp_path: Path) -> None:
    headers = {"Content-Type": "audio/mpeg", "Content-Encoding": "gzip"}
    body = gzip.compress(b"x" * 1000)
    with pytest.raises(errors.APIConnectionError, match="the body ends inside its gzip data"):
        download(streamed(body[: len(body) // 2], headers), tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_body_shorter_than_its_content_length_is_a_connection_error(tmp_path: Path) -> None:
    headers = {"Content-Type": "audio/mpeg", "Content-Length": "10"}
    with pytest.raises(errors.APIConnectionError) as info:
        download(streamed(b"abc", headers), tmp_path)
    assert "the body does not match its Content-Length (10 bytes): got 3" in str(info.value)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("progress", [5, "print"])
def test_a_progress_that_cannot_be_called_is_a_type_error(tmp_path: Path, progress: Any) -> None:
    with pytest.raises(TypeError):
        download(httpx.Response(500), tmp_path, progress=progress)


def test_an_async_progress_is_a_type_error(tmp_path: Path) -> None:
    async def progress(report: FileProgress) -> None:
        pass

    with pytest.raises(TypeError):
        download(httpx.Response(500), tmp_path, progress=progress)


# --- More of the page: trio, pacing, Range pages, models ---------------------------------


def test_an_async_call_under_trio_is_a_configuration_error_naming_trio() -> None:
    # "A call made under trio ... raises ConfigurationError naming trio before anything
    # is sent; closing the client works there."
    trio = pytest.importorskip("trio")
    sent, handler = counting(beat_answer)

    async def main() -> None:
        client = abc(handler)
        with pytest.raises(errors.ConfigurationError, match="trio"):
            await client.beats.get(1)
        await client.aclose()

    trio.run(main)
    assert sent == []


def test_an_in_memory_async_client_serves_several_loops() -> None:
    # "A client on an in-memory transport (httpx.MockTransport, a beatkit.testing fake)
    # holds no connections and may be used from several loops."
    sent, handler = counting(beat_answer)
    client = abc(handler)
    first, second = asyncio.new_event_loop(), asyncio.new_event_loop()
    try:
        first.run_until_complete(client.beats.get(1))
        second.run_until_complete(client.beats.get(1))
        second.run_until_complete(client.aclose())
    finally:
        first.close()
        second.close()
    assert len(sent) == 2


def test_a_range_header_given_to_a_list_is_refused() -> None:
    sent, handler = counting(beat_pages(0))
    with bc(handler) as client, pytest.raises(errors.ConfigurationError, match="Range"):
        client.beats.list(options=RequestOptions(headers={"Range": "items=0-9"}))
    assert sent == []


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        (b"<html><body>Log in</body></html>", {"Content-Type": "text/html"}),
        (b"  <!DOCTYPE html><html>", {}),
    ],
)
def test_a_call_with_nothing_to_read_still_refuses_an_html_page(
    body: bytes, headers: dict[str, str]
) -> None:
    # "A call whose answer carries nothing to read (a delete, an acknowledgement) still
    # refuses a successful answer that is an HTML page, labelled text/html or unlabelled
    # and starting as one"
    html = bpass(lambda request: httpx.Response(200, content=body, headers=headers))
    with html, pytest.raises(errors.ResponseDecodeError):
        html.playlists.delete(1)
    with bpass(lambda request: httpx.Response(200, content=b"")) as client:
        assert client.playlists.delete(1) is None


def test_header_pacing_waits_for_the_reset_when_none_is_left() -> None:
    # "if the reset is within max_retry_wait, the next request waits for the whole of it"
    times: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        times.append(time.monotonic())
        left = "0" if len(times) == 1 else "99"
        limits = {"X-RateLimit-Limit": "100", "X-RateLimit-Remaining": left}
        return httpx.Response(
            200,
            json={"success": True, "data": {"id": 1, "title": "t"}},
            headers={**limits, "X-RateLimit-Reset": "0.3"},
        )

    with bc(handler) as client:
        client.beats.get(1)
        client.beats.get(1)
    assert times[1] - times[0] >= 0.25


@pytest.mark.parametrize("reset", ["inf", "1" + "0" * 4000, str(400 * 86400)])
def test_an_unreadable_rate_limit_header_is_ignored(reset: str) -> None:
    # "A rate-limit header that cannot be read (inf, a number of thousands of digits, a
    # reset more than a year ahead) is ignored ...: it never turns a success into a failure."
    headers = {"X-RateLimit-Limit": "100", "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}
    sent, handler = counting(
        lambda request: httpx.Response(
            200, json={"success": True, "data": {"id": 1, "title": "t"}}, headers=headers
        )
    )
    with bc(handler) as client:
        client.beats.get(1)
        client.beats.get(1)
    assert len(sent) == 2


@pytest.mark.parametrize("value", ["nan", "inf", "1e3", "soon", str(2 * 365 * 86400)])
def test_an_unreadable_retry_after_backs_off_instead(value: str) -> None:
    sent, handler = counting(
        lambda request: httpx.Response(429, headers=[(b"Retry-After", value.encode())])
    )
    client = bc(handler, max_retries=1, max_retry_wait=0.01)
    with client, pytest.raises(errors.RateLimitError) as info:
        client.beats.get(1)
    assert len(sent) == 2
    assert info.value.retry_after is None


def test_retry_after_as_a_date_is_read_on_the_server_clock_and_the_longest_value_wins() -> None:
    def dated(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            429,
            headers={
                "Date": "Wed, 01 Jan 2020 00:00:00 GMT",
                "Retry-After": "Wed, 01 Jan 2020 00:01:40 GMT",
            },
        )

    with bc(dated, max_retry_wait=60) as client, pytest.raises(errors.RateLimitError) as info:
        client.beats.get(1)
    assert info.value.retry_after == 100

    def twice(request: httpx.Request) -> httpx.Response:
        return httpx.Response(429, headers=[("Retry-After", "5"), ("Retry-After", "100")])

    with bc(twice, max_retry_wait=60) as client, pytest.raises(errors.RateLimitError) as info:
        client.beats.get(1)
    assert info.value.retry_after == 100


def test_an_open_enum_value_pickles_back_and_is_not_in_its_enum() -> None:
    from beatkit.beatconnect.models import OrderStatus

    unknown = OrderStatus("disputed")
    assert pickle.loads(pickle.dumps(unknown)) == unknown  # noqa: S301
    assert unknown not in OrderStatus
    assert len(OrderStatus) == len(list(OrderStatus))


def test_a_model_with_list_and_dict_values_hashes_and_extra_is_not_hashed() -> None:
    body = {"id": 1, "title": "t", "tags": ["a"], "more": {"b": [1]}}
    answer = httpx.Response(200, json={"success": True, "data": body})
    with bc(lambda request: answer) as client:
        beat = client.beats.get(1)
    assert beat.extra == {"tags": ["a"], "more": {"b": [1]}}
    assert hash(beat) == hash(copy.deepcopy(beat))
    assert {beat} == {copy.deepcopy(beat)}


@pytest.mark.parametrize("failure", [503, httpx.ReadTimeout])
def test_beatpass_never_replays_a_delete_but_replays_a_get(failure: Any) -> None:
    # "idempotent methods only (GET, HEAD, OPTIONS, PUT, DELETE; BeatPass and Beat
    # Technology never replay a write, PUT and DELETE included)"
    sent: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request.method)
        if failure == 503:
            return httpx.Response(503, headers={"Retry-After": "0"})
        raise httpx.ReadTimeout("slow", request=request)

    with bpass(handler, max_retries=2, max_retry_wait=0.01) as client:
        with pytest.raises(errors.APIError if failure == 503 else errors.APITimeoutError):
            client.playlists.delete(1)
        assert sent == ["DELETE"]
        with pytest.raises(errors.APIError if failure == 503 else errors.APITimeoutError):
            client.playlists.get(1)
        assert sent == ["DELETE", "GET", "GET", "GET"]


def test_a_download_redirected_to_another_origin_carries_no_credentials_or_defaults(
    tmp_path: Path,
) -> None:
    # "they go to the API's origin only ... (a download redirected to a CDN ... does not
    # carry them on; and no file fetched from another origin than the API's gets the
    # default headers of an http_client of yours, but User-Agent, ..., nor its default
    # query parameters or the cookies put in its jar without a domain)"
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.url.host == "api.example.com":
            return httpx.Response(302, headers={"Location": "https://cdn.example.net/f?sig=1"})
        return httpx.Response(200, content=b"abc", headers={"Content-Type": "audio/mpeg"})

    http = httpx.Client(
        transport=httpx.MockTransport(handler),
        headers={"X-Default": "d"},
        params={"p": "1"},
        cookies={"c": "1"},
    )
    with BeatPass("tok", base_url=BP_URL, http_client=http, requests_per_second=None) as client:
        options = RequestOptions(headers={"X-Extra": "1"})
        client.tracks.download(1, tmp_path / "t.mp3", options=options)
    api, cdn = seen
    assert {"authorization", "x-extra", "x-default", "cookie"} <= set(api.headers)
    assert str(cdn.url) == "https://cdn.example.net/f?sig=1"
    assert not {"authorization", "x-extra", "x-default", "cookie"} & set(cdn.headers)
    assert (tmp_path / "t.mp3").read_bytes() == b"abc"


def test_repeated_rate_limit_headers_are_read_at_their_strictest() -> None:
    # "a header sent more than once ... is read at its strictest: the lowest limit and
    # remaining, the latest reset"; then "the next request is not sent at all".
    headers = [
        ("X-RateLimit-Limit", "100"),
        ("X-RateLimit-Limit", "200"),
        ("X-RateLimit-Remaining", "50"),
        ("X-RateLimit-Remaining", "0"),
        ("X-RateLimit-Reset", "5"),
        ("X-RateLimit-Reset", "120"),
    ]
    sent, handler = counting(
        lambda request: httpx.Response(
            200, json={"success": True, "data": {"id": 1, "title": "t"}}, headers=headers
        )
    )
    with bc(handler) as client:
        client.beats.get(1)
        assert (client.rate_limit.limit, client.rate_limit.remaining) == (100, 0)
        with pytest.raises(errors.RateLimitError) as info:
            client.beats.get(1)
    assert len(sent) == 1
    assert 100 < (info.value.retry_after or 0) <= 120
