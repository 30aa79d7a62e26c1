"""docs/beatport.md's prose claims, checked against both clients.

Each test quotes (or paraphrases) the sentence it checks. The page's code blocks run in
``tests/test_docs_examples_run.py``; its error table, login-steps table and the stream
host's 403 handling are checked in ``tests/test_docs_auth_claims.py``. These are the
other sentences: what is refused before anything is sent (a missing client id, a bad
redirect URI, a bad redirect, a bad quality, an unsafe download location), which
requests carry the token, how pages, search, datetimes and prices are read, and what a
download or a stream does with the bytes it gets. Every claim was true when this file
was written; the tests pin it.
"""

from __future__ import annotations

import asyncio
import gzip
import inspect
import itertools
from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from beatkit import AsyncBeatport, Beatport, RequestOptions
from beatkit.errors import (
    APIConnectionError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    PermissionDeniedError,
    QualityNotAvailableError,
    RateLimitError,
    ResponseDecodeError,
    ServerError,
)
from beatkit.testing import FakeBeatport

API = "https://api.beatport.com/v4"
REDIRECT = "http://127.0.0.1:8765/callback"
FACADES = ["sync", "async"]
Handler = Callable[[httpx.Request], httpx.Response]


def answer(status: int, body: Any, headers: dict[str, str] | None = None) -> Handler:
    return lambda request: httpx.Response(status, json=body, headers=headers)


class Recorder:
    """Records every request, answers with ``handler``."""

    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.handler(request)


def run(facade: str, handler: Handler, action: Callable[[Any], Any], **options: Any) -> Any:
    """``action(client)`` on a sync or async client answered by ``handler``; pagers listed."""
    options.setdefault("client_id", "cid")
    options.setdefault("token", "TOK")
    options.setdefault("max_retries", 0)
    options.setdefault("requests_per_second", None)
    transport = httpx.MockTransport(handler)
    if facade == "sync":
        with Beatport(http_client=httpx.Client(transport=transport), **options) as client:
            result = action(client)
            return list(result) if hasattr(result, "first_page") else result

    async def main() -> Any:
        http = httpx.AsyncClient(transport=transport)
        async with AsyncBeatport(http_client=http, **options) as client:
            result = action(client)
            if inspect.isawaitable(result):
                return await result
            if hasattr(result, "__aiter__"):
                return [item async for item in result]
            return result

    return asyncio.run(main())


@pytest.fixture(autouse=True)
def _no_client_id_in_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("BEATPORT_CLIENT_ID", raising=False)


# --- "Connecting" ------------------------------------------------------------------------


@pytest.mark.parametrize("cls", [Beatport, AsyncBeatport])
def test_a_public_host_client_without_a_client_id_says_where_to_put_it(cls: type) -> None:
    # "Without one, building a public-host client raises ConfigurationError, whose
    # message says where to put it, before any request is made."
    with pytest.raises(ConfigurationError, match="client_id") as info:
        cls()
    assert "BEATPORT_CLIENT_ID" in str(info.value)


@pytest.mark.parametrize("cls", [Beatport, AsyncBeatport])
def test_the_internal_host_needs_no_client_id(cls: type) -> None:
    # "catalog = Beatport(internal=True)  # the internal host: no client id, no token"
    client = cls(internal=True)
    assert str(client.base_url) == "https://api-internal.beatportprod.com/v4"


def test_the_client_id_may_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    # "Beatport(client_id="...")  # or BEATPORT_CLIENT_ID in the environment"
    monkeypatch.setenv("BEATPORT_CLIENT_ID", "from-env")
    request = Beatport().auth.authorization_url(REDIRECT)
    assert httpx.URL(request.url).params["client_id"] == "from-env"


@pytest.mark.parametrize("facade", FACADES)
def test_lookup_tables_and_curation_go_unsigned_without_a_token_signed_with_one(
    facade: str,
) -> None:
    # "a public-host client sends its token with them when it holds one, and sends them
    # unsigned (instead of refusing them) when it holds none"
    body = {"results": [], "next": None, "count": 0, "page": 1, "per_page": 10}
    server = Recorder(answer(200, body))
    run(facade, server, lambda bp: bp.auxiliary.item_types(), token=None)
    run(facade, server, lambda bp: bp.curation.pages(), token=None)
    assert [r.headers.get("Authorization") for r in server.requests] == [None, None]
    run(facade, server, lambda bp: bp.auxiliary.item_types())
    run(facade, server, lambda bp: bp.curation.pages())
    assert [r.headers.get("Authorization") for r in server.requests[2:]] == ["Bearer TOK"] * 2


@pytest.mark.parametrize("facade", FACADES)
def test_other_calls_without_a_token_are_refused_before_sending(facade: str) -> None:
    # Errors table: "no token (but for `auxiliary` and `curation`)" -> ConfigurationError
    # "(before any request)"
    server = Recorder(answer(200, {}))
    with pytest.raises(ConfigurationError):
        run(facade, server, lambda bp: bp.tracks.get(1), token=None)
    assert server.requests == []


# --- "Authorization code with PKCE" ------------------------------------------------------


@pytest.mark.parametrize("cls", [Beatport, AsyncBeatport])
def test_authorization_url_makes_no_request_and_hides_the_verifier(cls: type) -> None:
    # "`authorization_url()` makes no request: it builds the URL with a fresh `state` and
    # an `S256` code challenge, and returns an AuthorizationRequest (`url`, `state`,
    # `pkce`, `redirect_uri`) ... its PKCE verifier is a secret and is not in its `repr`."
    server = Recorder(answer(500, {}))
    client = cls(
        "cid",
        http_client=(httpx.Client if cls is Beatport else httpx.AsyncClient)(
            transport=httpx.MockTransport(server)
        ),
    )
    first = client.auth.authorization_url(REDIRECT, scope="app:locker user:dj")
    second = client.auth.authorization_url(REDIRECT, scope="app:locker user:dj")
    assert server.requests == []
    params = httpx.URL(first.url).params
    assert params["code_challenge_method"] == "S256"
    assert params["state"] == first.state != second.state
    assert params["redirect_uri"] == first.redirect_uri == REDIRECT
    assert params["scope"] == "app:locker user:dj"
    assert first.pkce.verifier not in repr(first)


@pytest.mark.parametrize("redirect", ["/callback", "callback", "http://127.0.0.1:8765/cb#done"])
def test_a_redirect_uri_that_is_no_absolute_uri_is_a_configuration_error(redirect: str) -> None:
    # "an absolute URI without a fragment (a path alone, or a `#...` on it, raises
    # `ConfigurationError` here and in `login(redirect_uri=...)`)"
    server = Recorder(answer(500, {}))
    bp = Beatport("cid", http_client=httpx.Client(transport=httpx.MockTransport(server)))
    with pytest.raises(ConfigurationError):
        bp.auth.authorization_url(redirect)
    with pytest.raises(ConfigurationError):
        bp.auth.login("dj@example.com", "pw", redirect_uri=redirect)
    assert server.requests == []


def test_without_a_redirect_uri_the_code_is_exchanged_without_one() -> None:
    # "It may be left out (`authorization_url()`): Beatport then sends the browser to the
    # client's registered redirect URI, and the code is exchanged without one."
    server = Recorder(answer(200, {"access_token": "a", "refresh_token": "r", "expires_in": 600}))
    bp = Beatport("cid", http_client=httpx.Client(transport=httpx.MockTransport(server)))
    request = bp.auth.authorization_url()
    assert "redirect_uri" not in httpx.URL(request.url).params
    bp.auth.exchange_code(f"https://app.example/cb?code=c0de&state={request.state}", request)
    (sent,) = server.requests
    form = dict(httpx.QueryParams(sent.content.decode()))
    assert sent.url.path == "/v4/auth/o/token/"
    assert form["code"] == "c0de" and form["code_verifier"] == request.pkce.verifier
    assert "redirect_uri" not in form


BAD_REDIRECTS = [
    ("?error=access_denied&state={state}", "access_denied"),
    ("?state={state}", "missing_code"),
    ("?code=c&state=forged", "state_mismatch"),
    ("?code=a&code=b&state={state}", "invalid_redirect"),
    ("?code=a&state={state}&state={state}", "invalid_redirect"),
    ("?code=a&state={state}&error=x&error=y", "invalid_redirect"),
]


@pytest.mark.parametrize("facade", FACADES)
@pytest.mark.parametrize(("query", "code"), BAD_REDIRECTS)
def test_a_bad_redirect_is_refused_before_anything_is_sent(
    facade: str, query: str, code: str
) -> None:
    # "an `error=` parameter, a missing code, a `state` other than the request's ..., or
    # `code`, `state` or `error` given more than once ... raises AuthenticationError
    # (`status_code` 0, ... and no status in the message; `code` is the OAuth error,
    # `"missing_code"`, `"state_mismatch"` or `"invalid_redirect"`)"
    server = Recorder(answer(500, {}))

    def exchange(bp: Any) -> Any:
        request = bp.auth.authorization_url(REDIRECT)
        return bp.auth.exchange_code(REDIRECT + query.format(state=request.state), request)

    with pytest.raises(AuthenticationError) as info:
        run(facade, server, exchange, token=None)
    assert (info.value.status_code, info.value.code) == (0, code)
    assert " 0 " not in str(info.value)
    assert server.requests == []


@pytest.mark.parametrize("facade", FACADES)
def test_another_clients_request_is_a_value_error_nothing_sent(facade: str) -> None:
    # "A `request` another client made (its URL names another authorize endpoint or
    # client id) raises `ValueError`, nothing sent"
    other = Beatport("another-client").auth.authorization_url(REDIRECT)
    server = Recorder(answer(500, {}))
    with pytest.raises(ValueError, match="another client"):
        run(
            facade,
            server,
            lambda bp: bp.auth.exchange_code(f"{REDIRECT}?code=c&state={other.state}", other),
            token=None,
        )
    assert server.requests == []


# --- "Session login" -------------------------------------------------------------------------


@pytest.mark.parametrize("step", ["/auth/login/", "/auth/o/authorize/", "/auth/o/token/"])
@pytest.mark.parametrize(("status", "cls"), [(429, RateLimitError), (503, ServerError)])
def test_a_429_or_5xx_at_any_login_step_is_raised_and_not_retried(
    step: str, status: int, cls: type
) -> None:
    # "A 429 or 5xx at any step raises RateLimitError or ServerError. ... no step is
    # retried."
    fake = FakeBeatport()
    transport = fake.transport()

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith(step):
            return httpx.Response(status, json={"detail": "busy"}, headers={"Retry-After": "0"})
        return transport.handle_request(request)

    server = Recorder(handler)
    bp = Beatport(
        fake.client_id,
        http_client=httpx.Client(transport=httpx.MockTransport(server)),
        requests_per_second=None,
        max_retries=3,
        max_retry_wait=0,
    )
    with pytest.raises(cls):
        bp.auth.login(fake.username, fake.password)
    assert [r.url.path.endswith(step) for r in server.requests].count(True) == 1


# --- "An existing token, and token stores" and "Refresh" -------------------------------------


@pytest.mark.parametrize("facade", FACADES)
def test_an_access_token_string_is_used_until_refused(facade: str) -> None:
    # "`token=` starts from ... an access-token string (used until Beatport refuses it)":
    # no refresh is tried; the 401 is an AuthenticationError.
    server = Recorder(answer(401, {"detail": "Authentication credentials were not provided."}))
    with pytest.raises(AuthenticationError):
        run(facade, server, lambda bp: bp.tracks.get(1), token="TOK")
    assert [r.url.path for r in server.requests] == ["/v4/catalog/tracks/1/"]


def _fake_client(fake: FakeBeatport, **options: Any) -> Beatport:
    return Beatport(
        fake.client_id,
        http_client=httpx.Client(transport=fake.transport()),
        requests_per_second=None,
        **options,
    )


def test_on_token_sees_obtained_tokens_not_set_ones_and_clear_empties_the_store() -> None:
    # "`on_token` is called with every token a login or a refresh obtains (not with one
    # you set yourself)"; "`bp.auth.clear_token()` forgets it and clears the store";
    # "`store=` ... saves every new one"
    from beatkit.auth import MemoryTokenStore

    fake = FakeBeatport()
    seen: list[Any] = []
    store = MemoryTokenStore()
    bp = _fake_client(fake, store=store, on_token=seen.append)
    token = bp.auth.login(fake.username, fake.password)
    assert seen == [token] and store.load() == token
    bp.auth.set_token(fake.issue_token()["access_token"])
    assert len(seen) == 1
    bp.auth.clear_token()
    assert bp.auth.token is None and store.load() is None


def test_a_401_refreshes_once_and_replays_once() -> None:
    # "If the API still answers 401, the token is refreshed once and the request
    # replayed once."
    fake = FakeBeatport()
    paths: list[str] = []
    transport = fake.transport()

    def handler(request: httpx.Request) -> httpx.Response:
        paths.append(request.url.path)
        return transport.handle_request(request)

    bp = Beatport(
        fake.client_id,
        http_client=httpx.Client(transport=httpx.MockTransport(handler)),
        requests_per_second=None,
    )
    bp.auth.login(fake.username, fake.password)
    fake.expire_access_tokens()
    paths.clear()
    assert bp.tracks.get(8291700).id == 8291700
    assert paths == [
        "/v4/catalog/tracks/8291700/",
        "/v4/auth/o/token/",
        "/v4/catalog/tracks/8291700/",
    ]


def test_a_refused_refresh_token_says_log_in_again() -> None:
    # "When the refresh token itself is refused (`invalid_grant` ...), requests raise
    # `AuthenticationError` with `code == "invalid_grant"` and a message telling you to
    # log in again."
    fake = FakeBeatport()
    bp = _fake_client(fake)
    bp.auth.login(fake.username, fake.password)
    fake.revoke_refresh_tokens()
    fake.expire_access_tokens()
    with pytest.raises(AuthenticationError, match="log in again") as info:
        bp.tracks.get(8291700)
    assert info.value.code == "invalid_grant"


def test_the_refresh_uses_the_expires_in_sent_with_a_300_second_buffer() -> None:
    # "The token is refreshed with its refresh token 300 seconds (`refresh_buffer=`)
    # before it expires, computed from the `expires_in` Beatport sent"
    fake = FakeBeatport()
    bp = _fake_client(fake)
    token = bp.auth.login(fake.username, fake.password)
    assert token.expires_at is not None and token.obtained_at is not None
    lifetime = token.expires_at - token.obtained_at
    assert timedelta(seconds=fake.token_lifetime - 5) <= lifetime
    assert lifetime <= timedelta(seconds=fake.token_lifetime + 5)


# --- "Catalog, search and paging" ------------------------------------------------------------


@pytest.mark.parametrize("facade", FACADES)
def test_without_per_page_none_is_sent_and_the_next_link_is_followed(facade: str) -> None:
    # "Without `per_page` the API picks the size"; "fetched lazily page by page by
    # following Beatport's `next` link"; "`page` as an int or as a `"1/4"` string ...;
    # both are read"
    def handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params.get("page", "1"))
        link = f"{API}/catalog/tracks/?page={page + 1}" if page < 3 else None
        label: Any = f"{page}/3" if page != 2 else page
        body = {"results": [{"id": page, "name": "n"}], "next": link, "count": 3, "page": label}
        return httpx.Response(200, json=body)

    server = Recorder(handler)
    assert [t.id for t in run(facade, server, lambda bp: bp.tracks.list())] == [1, 2, 3]
    assert "per_page" not in server.requests[0].url.params
    assert [r.url.params.get("page") for r in server.requests] == [None, "2", "3"]


@pytest.mark.parametrize("facade", FACADES)
@pytest.mark.parametrize("per_page", [0, 101])
def test_per_page_is_1_to_100_checked_before_sending(facade: str, per_page: int) -> None:
    # "`per_page` is the page size asked for (1 to 100)"
    server = Recorder(answer(200, {}))
    with pytest.raises(ValueError, match="per_page"):
        run(facade, server, lambda bp: bp.tracks.list(per_page=per_page))
    assert server.requests == []


@pytest.mark.parametrize("facade", FACADES)
def test_a_keyword_no_list_takes_is_a_type_error(facade: str) -> None:
    # "a keyword no list takes raises `TypeError`"
    with pytest.raises(TypeError):
        run(facade, answer(200, {}), lambda bp: bp.genres.list(isrc="x"))


@pytest.mark.parametrize("facade", FACADES)
def test_a_search_page_identical_to_the_one_before_ends_the_walk(facade: str) -> None:
    # "a per-type search pager asks for the next page while pages come back full. A page
    # identical to the one before ... ends the walk with `ResponseDecodeError`"
    def handler(request: httpx.Request) -> httpx.Response:
        size = int(request.url.params["per_page"])
        return httpx.Response(200, json={"tracks": [{"id": i, "name": "n"} for i in range(size)]})

    server = Recorder(handler)
    with pytest.raises(ResponseDecodeError, match="repeats"):
        run(facade, server, lambda bp: bp.tracks.search("deadmau5", per_page=2))
    assert len(server.requests) == 2


@pytest.mark.parametrize("facade", FACADES)
def test_a_search_page_less_than_full_ends_the_walk(facade: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        page = int(request.url.params.get("page", "1"))
        size = 2 if page == 1 else 1
        items = [{"id": page * 10 + i, "name": "n"} for i in range(size)]
        return httpx.Response(200, json={"artists": items})

    server = Recorder(handler)
    found = run(facade, server, lambda bp: bp.artists.search("deadmau5", per_page=2))
    assert [a.id for a in found] == [10, 11, 20]
    assert len(server.requests) == 2


@pytest.mark.parametrize("facade", FACADES)
def test_an_unknown_search_type_is_kept_in_extra(facade: str) -> None:
    # "a key of the search body that names no known type (a type Beatport adds later) is
    # in `SearchResults.extra`, as sent"
    body = {"tracks": [], "podcasts": [{"id": 1, "title": "Mix"}]}
    found = run(facade, answer(200, body), lambda bp: bp.search("deadmau5"))
    assert found.extra == {"podcasts": [{"id": 1, "title": "Mix"}]}


@pytest.mark.parametrize("facade", FACADES)
def test_datetimes_keep_their_offset(facade: str) -> None:
    # "Datetimes ... keep the offset Beatport sends (`2016-08-19T00:50:00-06:00`)"
    body = {"id": 1, "name": "n", "encoded_date": "2016-08-19T00:50:00-06:00"}
    track = run(facade, answer(200, body), lambda bp: bp.tracks.get(1))
    assert track.encoded_date.utcoffset() == timedelta(hours=-6)
    assert track.encoded_date.isoformat() == "2016-08-19T00:50:00-06:00"


@pytest.mark.parametrize("facade", FACADES)
@pytest.mark.parametrize("value", ["2016-08-19T00:50:00", 1471589400])
def test_a_datetime_without_offset_or_as_a_number_is_a_decode_error_naming_it(
    facade: str, value: Any
) -> None:
    # "one sent without an offset, or as a Unix number, raises `ResponseDecodeError`
    # naming the field rather than being guessed to be UTC"
    body = {"id": 1, "name": "n", "encoded_date": value}
    with pytest.raises(ResponseDecodeError, match="encoded_date"):
        run(facade, answer(200, body), lambda bp: bp.tracks.get(1))


@pytest.mark.parametrize("facade", FACADES)
def test_prices_are_decimal_and_images_size_themselves(facade: str) -> None:
    # "Prices are `Decimal` (`1.49`, not the float's binary expansion).
    # `image.sized(500, 500)` fills an image's `dynamic_uri`"
    body = {
        "id": 1,
        "name": "n",
        "price": {"code": "USD", "value": 1.49, "display": "$1.49"},
        "image": {
            "id": 2,
            "uri": "https://geo-media.beatport.com/image_size/1400x1400/abc.jpg",
            "dynamic_uri": "https://geo-media.beatport.com/image_size/{w}x{h}/abc.jpg",
        },
    }
    track = run(facade, answer(200, body), lambda bp: bp.tracks.get(1))
    assert track.price.value == Decimal("1.49")
    assert (
        track.image.sized(500, 500) == "https://geo-media.beatport.com/image_size/500x500/abc.jpg"
    )


# --- "Errors" ------------------------------------------------------------------------------


@pytest.mark.parametrize("facade", FACADES)
def test_a_gateways_message_is_the_message_not_a_field(facade: str) -> None:
    # "a field's messages are always a list, so a gateway's `{"message": "..."}` is read
    # as the message, not as a field"
    with pytest.raises(BadRequestError) as info:
        run(facade, answer(400, {"message": "Bad gateway input"}), lambda bp: bp.tracks.get(1))
    assert info.value.field_errors == {}
    assert str(info.value).endswith("Bad gateway input")


# --- "Streams" ---------------------------------------------------------------------------


def test_the_stream_host_gets_no_token_cookies_or_option_headers(tmp_path: Path) -> None:
    # "The bearer token is never sent to the stream host: those requests carry no
    # `Authorization` header and no cookies."; "`options=RequestOptions(...)` bends the API
    # requests for the URL; its headers never reach the stream host."
    fake = FakeBeatport()
    transport = fake.transport()
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return transport.handle_request(request)

    http = httpx.Client(transport=httpx.MockTransport(handler), cookies={"jar": "1"})
    bp = Beatport(fake.client_id, http_client=http, requests_per_second=None)
    bp.auth.login(fake.username, fake.password)
    seen.clear()
    dest = tmp_path / "t.aac"
    result = bp.tracks.save_stream(8291700, dest, options=RequestOptions(headers={"X-Extra": "1"}))
    api, *stream = seen
    assert api.url.host == "api.beatport.com"
    assert {"authorization", "x-extra"} <= set(api.headers)
    assert stream and all(r.url.host != "api.beatport.com" for r in stream)
    for request in stream:
        assert not {"authorization", "cookie", "x-extra"} & set(request.headers)
    assert dest.read_bytes() == fake.stream_plaintext(8291700)
    assert result.bytes_written == len(fake.stream_plaintext(8291700))
    assert fake.leaked_authorization == []


def test_stream_info_is_the_whole_track_and_hides_its_url() -> None:
    # "`bp.tracks.stream(track_id)` returns a StreamInfo (`stream_url`, `sample_start_ms`,
    # `sample_end_ms`; the window is the whole track, not a preview)"
    fake = FakeBeatport()
    bp = _fake_client(fake)
    bp.auth.login(fake.username, fake.password)
    info = bp.tracks.stream(8291700)
    assert info.sample_start_ms == 0
    assert info.sample_end_ms == fake.track(8291700)["length_ms"]
    assert info.stream_url.startswith("https://") and info.stream_url not in repr(info)


# --- "Downloads" -------------------------------------------------------------------------


def download_server(location: str, file: Handler) -> Recorder:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.host == "api.beatport.com":
            body = {"location": location, "stream_quality": ".128k.aac.mp4"}
            return httpx.Response(200, json=body)
        return file(request)

    return Recorder(handler)


def audio(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=b"AUDIO", headers={"Content-Type": "audio/mp4"})


@pytest.mark.parametrize("facade", FACADES)
@pytest.mark.parametrize("quality", ["ultra", "LOSSLESS", "", None])
def test_an_unknown_quality_is_a_value_error_before_any_request(
    facade: str, quality: Any, tmp_path: Path
) -> None:
    # "`quality` is `"medium"` ..., `"high"` ... or `"lossless"` ...; anything else raises
    # `ValueError` before any request."
    server = download_server("https://files.example/x", audio)
    with pytest.raises((ValueError, TypeError)):
        run(facade, server, lambda bp: bp.tracks.save_download(1, tmp_path / "x", quality=quality))
    with pytest.raises((ValueError, TypeError)):
        run(facade, server, lambda bp: bp.tracks.download(1, quality=quality))
    assert server.requests == []


@pytest.mark.parametrize("facade", FACADES)
def test_medium_is_the_default_quality(facade: str) -> None:
    server = download_server("https://files.example/x", audio)
    info = run(facade, server, lambda bp: bp.tracks.download(1))
    assert server.requests[0].url.params["quality"] == "medium"
    assert info.stream_quality == ".128k.aac.mp4"


@pytest.mark.parametrize("facade", FACADES)
@pytest.mark.parametrize(
    "body",
    [{"detail": "Requested quality is not available."}, ["Requested quality is not available."]],
)
def test_quality_not_available_from_download_too(facade: str, body: Any) -> None:
    # "QualityNotAvailableError (a `BadRequestError`, `code == "quality_not_available"`) is
    # raised, by `tracks.download()` as by `save_download()`"
    with pytest.raises(QualityNotAvailableError) as info:
        run(facade, answer(400, body), lambda bp: bp.tracks.download(1, quality="lossless"))
    assert isinstance(info.value, BadRequestError)
    assert info.value.code == "quality_not_available"


@pytest.mark.parametrize("facade", FACADES)
@pytest.mark.parametrize(
    "location",
    [
        "/files/x.mp4",
        "//files.example/x.mp4",
        "ftp://files.example/x.mp4",
        "http://files.example/x.mp4",
        "file:///etc/passwd",
    ],
)
def test_an_unsafe_location_is_a_decode_error_nothing_fetched(
    facade: str, location: str, tmp_path: Path
) -> None:
    # "The `location` Beatport answers must be an absolute `https` URL (or `http` to a
    # loopback host): anything else ... raises ResponseDecodeError and nothing is fetched."
    server = download_server(location, audio)
    with pytest.raises(ResponseDecodeError):
        run(facade, server, lambda bp: bp.tracks.save_download(1, tmp_path / "t.mp4"))
    assert [r.url.host for r in server.requests] == ["api.beatport.com"]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("facade", FACADES)
def test_http_to_a_loopback_host_is_fetched_without_the_token(facade: str, tmp_path: Path) -> None:
    # "(or `http` to a loopback host)"; "The file's host gets no token."; "its headers
    # to the API request only (never to the file's host)"
    server = download_server("http://127.0.0.1:9000/x.mp4", audio)
    saved = run(
        facade,
        server,
        lambda bp: bp.tracks.save_download(
            1, tmp_path / "t.mp4", options=RequestOptions(headers={"X-Extra": "1"})
        ),
    )
    api, file = server.requests
    assert {"authorization", "x-extra"} <= set(api.headers)
    assert not {"authorization", "x-extra"} & set(file.headers)
    assert (saved.bytes_written, saved.content_type) == (5, "audio/mp4")
    assert (tmp_path / "t.mp4").read_bytes() == b"AUDIO"


S3_EXPIRED = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code>'
    b"<Message>Request has expired</Message></Error>"
)


@pytest.mark.parametrize("facade", FACADES)
def test_an_expired_file_url_is_permission_denied_in_the_hosts_words(
    facade: str, tmp_path: Path
) -> None:
    # "an expired one raises `PermissionDeniedError` with the file host's own words when
    # it sends an S3-style XML error (..., `code="AccessDenied"`); call `save_download()`
    # again" (it is not fetched again automatically)
    def expired(request: httpx.Request) -> httpx.Response:
        return httpx.Response(403, content=S3_EXPIRED, headers={"Content-Type": "application/xml"})

    server = download_server("https://files.example/x.mp4", expired)
    with pytest.raises(PermissionDeniedError) as info:
        run(facade, server, lambda bp: bp.tracks.save_download(1, tmp_path / "t.mp4"))
    assert info.value.code == "AccessDenied"
    assert "Request has expired" in str(info.value)
    assert len(server.requests) == 2
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("facade", FACADES)
@pytest.mark.parametrize(
    ("content", "content_type", "quoted"),
    [
        (b'{"detail": "Not purchased."}', "application/json", "Not purchased."),
        (b"<html><body>Log in</body></html>", "text/html; charset=utf-8", None),
    ],
    ids=["json", "html"],
)
def test_a_2xx_json_or_html_page_is_no_file(
    facade: str, content: bytes, content_type: str, quoted: str | None, tmp_path: Path
) -> None:
    # "A 2xx answer with a JSON body (`{"detail": ...}`) is an error, not the file:
    # `ResponseDecodeError`, quoting its message, nothing saved. So is one with an HTML
    # page ...: never saved as the audio."
    dest = tmp_path / "t.mp4"
    dest.write_bytes(b"before")

    def page(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=content, headers={"Content-Type": content_type})

    with pytest.raises(ResponseDecodeError) as info:
        run(
            facade,
            download_server("https://files.example/x", page),
            lambda bp: bp.tracks.save_download(1, dest),
        )
    if quoted:
        assert quoted in str(info.value)
    assert dest.read_bytes() == b"before"
    assert [p.name for p in tmp_path.iterdir()] == ["t.mp4"]


@pytest.mark.parametrize("facade", FACADES)
@pytest.mark.parametrize("body", [b"abc", b"abcdefghijkl"], ids=["shorter", "longer"])
def test_a_body_other_than_its_length_is_a_connection_error_nothing_saved(
    facade: str, body: bytes, tmp_path: Path
) -> None:
    # "A body shorter (or longer) than its `Content-Length` is an `APIConnectionError`
    # that says so, nothing saved."
    def wrong_length(request: httpx.Request) -> httpx.Response:
        headers = {"Content-Type": "audio/mp4", "Content-Length": "10"}
        return httpx.Response(200, content=body, headers=headers)

    server = download_server("https://files.example/x", wrong_length)
    with pytest.raises(APIConnectionError, match="Content-Length"):
        run(facade, server, lambda bp: bp.tracks.save_download(1, tmp_path / "t.mp4"))
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("facade", FACADES)
def test_file_failures_are_retried_from_the_first_byte_and_options_cap_them(
    facade: str, tmp_path: Path
) -> None:
    # "Failures there are retried like any request of the client (`max_retries`), each
    # attempt starting from the first byte."; "`options=RequestOptions(...)`: its
    # `timeout` and `max_retries` apply to both requests"
    def flaky(request: httpx.Request) -> httpx.Response:
        if sum(r.url.host == "files.example" for r in server.requests) == 1:
            return httpx.Response(503)
        return audio(request)

    server = download_server("https://files.example/x", flaky)
    saved = run(
        facade,
        server,
        lambda bp: bp.tracks.save_download(1, tmp_path / "t.mp4"),
        max_retries=2,
        max_retry_wait=0,
    )
    assert saved.bytes_written == 5
    assert [r.url.host for r in server.requests].count("files.example") == 2
    server = download_server("https://files.example/x", flaky)
    with pytest.raises(ServerError):
        run(
            facade,
            server,
            lambda bp: bp.tracks.save_download(
                1, tmp_path / "u.mp4", options=RequestOptions(max_retries=0)
            ),
            max_retries=2,
            max_retry_wait=0,
        )


@pytest.mark.parametrize("facade", FACADES)
def test_progress_total_is_the_length_or_none_for_a_compressed_body(
    facade: str, tmp_path: Path
) -> None:
    # "`progress` receives a `beatkit.FileProgress` (`bytes_written`, `bytes_total` from
    # `Content-Length`, `None` for a compressed body)"
    reports: list[Any] = []

    def compressed(request: httpx.Request) -> httpx.Response:
        headers = {"Content-Type": "audio/mp4", "Content-Encoding": "gzip"}
        return httpx.Response(200, content=gzip.compress(b"AUDIO"), headers=headers)

    for file, total in ((audio, 5), (compressed, None)):
        reports.clear()
        run(
            facade,
            download_server("https://files.example/x", file),
            lambda bp: bp.tracks.save_download(1, tmp_path / "t.mp4", progress=reports.append),
        )
        assert reports[-1].bytes_written == 5
        assert {report.bytes_total for report in reports} == {total}
        assert (tmp_path / "t.mp4").read_bytes() == b"AUDIO"


class _StreamHostRefusing:
    """The fake's transport, the stream host's requests after ``skip`` of them answered
    403 ``count`` times (an expired signed URL)."""

    def __init__(self, fake: FakeBeatport, *, count: int, skip: int) -> None:
        self.inner = fake.transport()
        self.count, self.skip, self.seen = count, skip, 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.host != "api.beatport.com":
            self.seen += 1
            if self.seen > self.skip and self.count > 0:
                self.count -= 1
                return httpx.Response(403)
        return self.inner.handle_request(request)


async def test_the_async_client_fetches_a_new_url_once_and_progress_starts_over(
    tmp_path: Path,
) -> None:
    # "When the stream host answers 403 (at the playlist, the key or a segment), a new URL
    # is fetched once and the download starts over (`progress` counts from zero again). A
    # second 403 raises FetchError (`status_code` 403)."; "on any failure the destination
    # is untouched and no temporary file remains"
    from beatkit.hls import FetchError

    fake = FakeBeatport()
    refusing = _StreamHostRefusing(fake, count=1, skip=3)  # the second segment
    http = httpx.AsyncClient(transport=httpx.MockTransport(refusing))
    dest = tmp_path / "t.aac"
    async with AsyncBeatport(fake.client_id, http_client=http, requests_per_second=None) as bp:
        await bp.auth.login(fake.username, fake.password)
        reports: list[Any] = []
        result = await bp.tracks.save_stream(8291700, dest, progress=reports.append, concurrency=1)
        done = [report.segments_done for report in reports]
        assert done[:2] == [1, 1] and done[-1] == result.segments
        assert dest.read_bytes() == fake.stream_plaintext(8291700)
        refusing.seen, refusing.count = 0, 2
        with pytest.raises(FetchError) as info:
            await bp.tracks.save_stream(8291700, dest)
    assert info.value.status_code == 403
    assert dest.read_bytes() == fake.stream_plaintext(8291700)
    assert [p.name for p in tmp_path.iterdir()] == ["t.aac"]
    assert len([r for r in fake.requests if r.url.path.endswith("/stream/")]) == 4


def test_a_shared_store_is_read_again_before_a_refresh() -> None:
    # "It is read again before each refresh: where refresh tokens rotate (a refresh
    # retires the old one, as `FakeBeatport`'s do), a token file several processes share
    # holds the one that still works once any of them has refreshed, and the others take
    # it from there"
    from beatkit.auth import MemoryTokenStore

    fake = FakeBeatport()
    store = MemoryTokenStore()
    first = _fake_client(fake, store=store)
    first.auth.login(fake.username, fake.password)
    second = _fake_client(fake, store=store)
    assert second.auth.token == first.auth.token
    fake.expire_access_tokens()
    first.tracks.get(8291700)  # refreshes: the old refresh token is retired
    assert second.tracks.get(8291700).id == 8291700
    assert second.auth.token == first.auth.token == store.load()


USER_CALLS = [
    ("my.account", lambda bp: bp.my.account()),
    ("my.tracks", lambda bp: bp.my.tracks()),
    ("tracks.stream", lambda bp: bp.tracks.stream(1)),
    ("tracks.download", lambda bp: bp.tracks.download(1)),
]


@pytest.mark.parametrize("facade", FACADES)
@pytest.mark.parametrize(("name", "call"), USER_CALLS, ids=[n for n, _ in USER_CALLS])
def test_user_calls_on_the_internal_host_are_refused_before_sending(
    facade: str, name: str, call: Any
) -> None:
    server = Recorder(answer(401, {"detail": "Authentication credentials were not provided."}))
    with pytest.raises(ConfigurationError):
        run(facade, server, call, client_id=None, token=None, internal=True)
    assert server.requests == []


@pytest.mark.parametrize("facade", FACADES)
def test_requests_are_spaced_to_two_a_second_by_default(facade: str) -> None:
    # "every client spaces its requests to `requests_per_second` (2 by default). Pass a
    # smaller number to be gentler, or `None` to turn pacing off"
    import time

    sent: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(time.monotonic())
        return httpx.Response(200, json={"id": 1, "name": "n"})

    transport = httpx.MockTransport(handler)

    def three(**options: Any) -> list[float]:
        sent.clear()
        if facade == "sync":
            with Beatport(
                "cid", token="TOK", http_client=httpx.Client(transport=transport), **options
            ) as bp:
                for _ in range(3):
                    bp.tracks.get(1)
        else:

            async def main() -> None:
                http = httpx.AsyncClient(transport=transport)
                async with AsyncBeatport("cid", token="TOK", http_client=http, **options) as bp:
                    for _ in range(3):
                        await bp.tracks.get(1)

            asyncio.run(main())
        return [later - earlier for earlier, later in itertools.pairwise(sent)]

    assert all(gap >= 0.45 for gap in three()), sent
    assert sum(three(requests_per_second=None)) < 0.4


def test_the_session_login_is_the_three_documented_requests() -> None:
    # "1. `POST /auth/login/` with `{"username", "password"}` as JSON; Beatport answers
    # with a `sessionid` cookie. 2. `GET /auth/o/authorize/?client_id=...&
    # response_type=code` with that cookie, plus a PKCE challenge and a `state`. The
    # answer is a redirect that is *not* followed ... 3. `POST /auth/o/token/` exchanges
    # the code (with the PKCE verifier)"; "The session cookie is used for step 2 only: it
    # is never stored in the client's cookie jar (a cookie jar of your own ... is left as
    # it was), so API calls carry the bearer token"; "`login()` also takes `scope=`"
    fake = FakeBeatport()
    http = httpx.Client(transport=fake.transport(), cookies={"mine": "1"})
    bp = Beatport(fake.client_id, http_client=http, requests_per_second=None)
    bp.auth.login(fake.username, fake.password, scope="app:locker")
    login, authorize, token = fake.requests
    assert (login.method, login.url.path) == ("POST", "/v4/auth/login/")
    assert login.headers["Content-Type"] == "application/json"
    assert httpx.Response(200, content=login.content).json() == {
        "username": fake.username,
        "password": fake.password,
    }
    assert (authorize.method, authorize.url.path) == ("GET", "/v4/auth/o/authorize/")
    params = authorize.url.params
    assert params["client_id"] == fake.client_id and params["response_type"] == "code"
    assert params["code_challenge_method"] == "S256" and params["state"]
    assert params["scope"] == "app:locker"
    assert authorize.headers["Cookie"].startswith("sessionid=")
    assert "cookie" not in login.headers and "cookie" not in token.headers
    assert (token.method, token.url.path) == ("POST", "/v4/auth/o/token/")
    form = dict(httpx.QueryParams(token.content.decode()))
    assert form["grant_type"] == "authorization_code" and form["code_verifier"]
    assert dict(http.cookies) == {"mine": "1"}
    bp.tracks.get(8291700)
    api = fake.requests[-1]
    assert "sessionid" not in api.headers.get("Cookie", "")
    assert api.headers["Authorization"].startswith("Bearer ")


@pytest.mark.parametrize("mode", ["short key", "key 404", "bad segment"])
def test_a_bad_key_or_segment_is_its_hls_error_nothing_saved(mode: str, tmp_path: Path) -> None:
    # Errors table: "the stream host refused twice, a bad key or segment | `FetchError`,
    # `KeyFetchError`, `SegmentError`"; "on any failure the destination is untouched and
    # no temporary file remains"
    from beatkit.errors import BeatkitError
    from beatkit.hls import KeyFetchError, SegmentError

    fake = FakeBeatport()
    inner = fake.transport()

    def handler(request: httpx.Request) -> httpx.Response:
        response = inner.handle_request(request)
        if request.url.host == "api.beatport.com":
            return response
        response.read()
        is_key = request.url.path.endswith(".key")
        if mode == "short key" and is_key:
            return httpx.Response(200, content=b"k" * 15)
        if mode == "key 404" and is_key:
            return httpx.Response(404)
        if mode == "bad segment" and request.url.path.endswith("-2.aac"):
            return httpx.Response(200, content=b"not a multiple of sixteen bytes!!")
        return response

    http = httpx.Client(transport=httpx.MockTransport(handler))
    bp = Beatport(fake.client_id, http_client=http, requests_per_second=None)
    bp.auth.login(fake.username, fake.password)
    expected = SegmentError if mode == "bad segment" else KeyFetchError
    with pytest.raises(expected) as info:
        bp.tracks.save_stream(8291700, tmp_path / "t.aac")
    assert isinstance(info.value, BeatkitError)
    assert list(tmp_path.iterdir()) == []


# --- "Testing" -------------------------------------------------------------------------------


def test_the_fakes_transport_serves_both_hosts_and_refuses_any_other() -> None:
    # "`fake.transport()` serves both hosts in-process, and refuses any other host with
    # `beatkit.testing.UnservedOriginError`"
    from beatkit.testing import UnservedOriginError

    fake = FakeBeatport()
    assert fake.origins == ("https://api.beatport.com", "https://needledrop.beatport.test")
    with httpx.Client(transport=fake.transport()) as http:
        assert http.get(f"{API}/catalog/genres/").status_code == 401  # served: no token
        assert http.get("https://needledrop.beatport.test/nothing").status_code == 404
        with pytest.raises(UnservedOriginError, match=r"example\.com"):
            http.get("https://example.com/catalog/genres/")


def test_the_pytest_plugin_provides_the_fake_as_beatport_fake(beatport_fake: Any) -> None:
    # "The pytest plugin provides it as the `beatport_fake` fixture"
    assert isinstance(beatport_fake, FakeBeatport)
