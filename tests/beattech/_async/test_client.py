"""The Beat Technology client: construction, token routing, refreshes, errors, batch, Range lists.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

import asyncio
import base64
import inspect
import json
import logging
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest

from beatkit.auth import MemoryTokenStore, Token
from beatkit.beattech import AsyncBeatTech, BatchRequest, Product, SubscriptionState
from beatkit.errors import (
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ExportLimitReachedError,
    NotFoundError,
    PermissionDeniedError,
    RangeNotSatisfiableError,
    RedirectError,
    ResponseDecodeError,
    ServerError,
)

Make = Callable[..., AsyncBeatTech]
IS_ASYNC = inspect.iscoroutinefunction(AsyncBeatTech.batch)

ARTIST = {"artist": {"id": "7", "name": "Gaga", "favourite": False}}


def ok(body: Any = None, status: int = 200, **headers: str) -> httpx.Response:
    return httpx.Response(status, json={} if body is None else body, headers=headers)


def guarded(beat: Any, answer: httpx.Response) -> Callable[[httpx.Request], httpx.Response]:
    """Answer ``answer`` to a valid bearer token, 401 (as the API does) to any other."""

    def respond(request: httpx.Request) -> httpx.Response:
        if beat.bearer(request) not in beat.valid:
            return httpx.Response(
                401, json={"error": "invalid_token", "error_description": "Expired token"}
            )
        return httpx.Response(answer.status_code, headers=answer.headers, content=answer.content)

    return respond


# --- construction -----------------------------------------------------------------------------


@pytest.mark.usefixtures("clean_env")
async def test_construction_sends_nothing_and_shows_no_secret(beat: Any, make: Make) -> None:
    bt = make(
        partner_client_id="pid",
        partner_client_secret="PARTNER-SECRET-1",
        lcp_credentials=("lcp", "LCP-PASSWORD-1"),
        token=Token(access_token="ACCESS-SECRET-1", refresh_token="REFRESH-SECRET-1"),
    )
    assert bt.base_url == httpx.URL("https://api.prod.test.beat.no/v2")
    assert beat.api == [] and beat.forms == []
    shown = " ".join(repr(x) for x in (bt, bt.app, bt.auth, bt.auth.token, bt._context))
    for secret in (
        beat.client_secret,
        "PARTNER-SECRET-1",
        "LCP-PASSWORD-1",
        "ACCESS-SECRET-1",
        "REFRESH-SECRET-1",
    ):
        assert secret not in shown
    assert "https://api.prod.test.beat.no/v2" in repr(bt)
    assert "logged_in=True" in repr(bt)


@pytest.mark.usefixtures("clean_env")
async def test_environment_variables(beat: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BEATTECH_TENANT", beat.tenant)
    monkeypatch.setenv("BEATTECH_CLIENT_ID", beat.client_id)
    monkeypatch.setenv("BEATTECH_CLIENT_SECRET", beat.client_secret)
    async with httpx.AsyncClient(transport=httpx.MockTransport(beat)) as http:
        bt = AsyncBeatTech(http_client=http)
        assert str(bt.base_url) == beat.base
        beat.on("GET", "/v2/artists/7", ok(ARTIST))
        assert (await bt.artists.get(7)).name == "Gaga"
    assert beat.forms[0]["client_id"] == beat.client_id


@pytest.mark.usefixtures("clean_env")
@pytest.mark.parametrize(
    ("args", "kwargs", "match"),
    [
        ((), {"client_id": "a", "client_secret": "b"}, "tenant"),
        (("Bad_Tenant",), {"client_id": "a", "client_secret": "b"}, "tenant"),
        (("fabel",), {"client_secret": "b"}, "client_id"),
        (("fabel",), {"client_id": "a"}, "client_secret"),
        ((), {"base_url": "http://api.example/v2", "client_id": "a", "client_secret": "b"}, "http"),
        (("fabel",), {"client_id": "a", "client_secret": "b", "partner_client_id": "p"}, "partner"),
        (("fabel",), {"client_id": "a", "client_secret": "b", "image_sizes": {"x": "w1"}}, "x"),
        (("fabel",), {"client_id": "a", "client_secret": "b", "stream_formats": ["hi"]}, "formats"),
        (("fabel",), {"client_id": "a", "client_secret": "b", "lcp_credentials": ("u",)}, "lcp"),
        (("fabel",), {"client_id": "a", "client_secret": "b", "max_retries": -1}, "max_retries"),
    ],
)
async def test_configuration_errors(
    args: tuple[Any, ...], kwargs: dict[str, Any], match: str
) -> None:
    with pytest.raises(ConfigurationError, match=match):
        AsyncBeatTech(*args, **kwargs)


@pytest.mark.usefixtures("clean_env")
async def test_base_url_overrides_the_tenant(beat: Any) -> None:
    async with AsyncBeatTech(
        base_url="http://127.0.0.1:8080/v2", client_id="a", client_secret="b"
    ) as bt:
        assert bt.base_url == httpx.URL("http://127.0.0.1:8080/v2")
    async with AsyncBeatTech(
        "ignored", base_url="https://api.fabel.beat.no/v2", client_id="a", client_secret="b"
    ) as bt:
        assert bt.base_url.host == "api.fabel.beat.no"


# --- routing ------------------------------------------------------------------------------------


async def test_any_call_without_a_user_goes_with_one_app_token(beat: Any, make: Make) -> None:
    bt = make()
    beat.on("GET", "/v2/artists/7", guarded(beat, ok(ARTIST)))
    for _ in range(3):
        await bt.artists.get("7")
    assert beat.grants() == ["client_credentials"]
    assert beat.tokens_seen() == ["Bearer app-1"] * 3


async def test_concurrent_calls_share_one_app_token_request(beat: Any, make: Make) -> None:
    if not IS_ASYNC:
        pytest.skip("asyncio tasks only; the core's thread tests cover the sync client")
    bt = make()
    beat.on("GET", "/v2/artists/7", guarded(beat, ok(ARTIST)))
    await asyncio.gather(*(bt.artists.get("7") for _ in range(5)))
    assert beat.grants() == ["client_credentials"]
    assert beat.tokens_seen() == ["Bearer app-1"] * 5


async def test_any_call_with_a_user_goes_with_the_user_token(beat: Any, make: Make) -> None:
    bt = make()
    beat.on("GET", "/v2/artists/7", guarded(beat, ok(ARTIST)))
    await bt.auth.login(beat.username, beat.password)
    await bt.artists.get(7)
    assert beat.grants() == ["password"]
    assert beat.tokens_seen() == ["Bearer user-1"]


async def test_a_user_call_without_a_user_fails_before_sending(beat: Any, make: Make) -> None:
    bt = make()
    with pytest.raises(ConfigurationError, match="logged-in user"):
        await bt.billing.create_setup_intent(3)
    with pytest.raises(ConfigurationError, match="logged-in user"):
        await bt.users.redeem_coupon("GIFT-1", user_id="28392")
    assert beat.api == [] and beat.forms == []


async def test_bt_app_sends_every_bearer_call_with_the_app_token(beat: Any, make: Make) -> None:
    bt = make()
    await bt.auth.login(beat.username, beat.password)
    beat.on("POST", "/v2/users", guarded(beat, ok({"user": {"id": "5"}}, 201)))
    beat.on("GET", "/v2/users/5", guarded(beat, ok({"user": {"id": "5"}})))
    assert (await bt.app.users.create(email="new@example.com", password="pw")).id == "5"
    assert (await bt.app.users.get("5")).id == "5"
    assert (await bt.users.get("5")).id == "5"
    assert beat.tokens_seen() == ["Bearer app-2", "Bearer app-2", "Bearer user-1"]
    # One connection pool and one app token manager for both.
    assert bt.app._transport.http_client is bt._transport.http_client
    assert bt.app.users._context is bt.users._context


async def test_partner_calls_carry_the_partner_headers_and_no_bearer(beat: Any, make: Make) -> None:
    bt = make(partner_client_id="partner-7", partner_client_secret="PARTNER-SECRET")
    await bt.auth.login(beat.username, beat.password)
    body = {
        "activation": {"id": "9001", "url": "https://a", "confirmation_url": "https://c"},
        "user": {"id": "5667", "was_user_created": True, "was_requested_password_applied": False},
    }
    beat.on("POST", "/v2/partnerusers/activations", ok(body))
    beat.on("DELETE", "/v2/partnerusers/activations/9001", ok({}))
    result = await bt.partner_users.activate(
        "PARTNER-USR-123",
        13,
        user={"email": "ada@example.com", "firstname": "Ada", "lastname": "Lovelace"},
    )
    assert result.activation.id == "9001" and result.user.id == "5667"
    await bt.partner_users.end(9001)
    for request in beat.api:
        assert "authorization" not in request.headers
        assert request.headers["X-Auth-Client-Id"] == "partner-7"
        assert request.headers["X-Auth-Client-Secret"] == "PARTNER-SECRET"
    assert beat.json(beat.api[0]) == {
        "partneruser": {"external_id": "PARTNER-USR-123"},
        "user": {"email": "ada@example.com", "firstname": "Ada", "lastname": "Lovelace"},
        "product": {"id": "13"},
    }
    # The page: bad partner credentials are a 401 with an empty body.
    beat.on("DELETE", "/v2/partnerusers/activations/1", httpx.Response(401))
    with pytest.raises(AuthenticationError):
        await bt.partner_users.end("1")


async def test_partner_headers_default_to_the_clients_credentials(beat: Any, make: Make) -> None:
    bt = make()
    beat.on("DELETE", "/v2/partnerusers/activations/1", ok({}))
    await bt.partner_users.end("1")
    (request,) = beat.api
    assert request.headers["X-Auth-Client-Id"] == beat.client_id
    assert request.headers["X-Auth-Client-Secret"] == beat.client_secret
    assert beat.forms == []


@pytest.mark.parametrize("head", [False, True])
async def test_lcp_status_with_http_basic(
    beat: Any, make: Make, head: bool, caplog: pytest.LogCaptureFixture
) -> None:
    bt = make(lcp_credentials=("lcp-user", "LCP-PASSWORD"))
    method = "HEAD" if head else "GET"
    beat.on(method, "/v2/lcp/license/status/11/28392", httpx.Response(204))
    beat.on(method, "/v2/lcp/license/status/12/28392", httpx.Response(403))
    beat.on(method, "/v2/lcp/license/status/13/28392", httpx.Response(401))
    assert await bt.lcp.license_status(11, "28392", head=head) is True
    assert await bt.lcp.license_status("12", 28392, head=head) is False
    with caplog.at_level(logging.WARNING, logger="beatkit"):
        assert await bt.lcp.license_status(13, 28392, head=head) is False
    assert "lcp_credentials" in caplog.text
    expected = "Basic " + base64.b64encode(b"lcp-user:LCP-PASSWORD").decode()
    assert [r.headers["authorization"] for r in beat.api] == [expected] * 3
    assert {r.method for r in beat.api} == {method}
    assert beat.forms == []


async def test_lcp_status_without_credentials_fails_before_sending(beat: Any, make: Make) -> None:
    bt = make()
    with pytest.raises(ConfigurationError, match="lcp_credentials"):
        await bt.lcp.license_status(1, 2)
    assert beat.api == []


async def test_the_bearer_token_goes_to_the_api_host_only(beat: Any, make: Make) -> None:
    bt = make()
    await bt.auth.login(beat.username, beat.password)
    tokens = bt._context.tokens
    assert tokens.user.hosts == {beat.host} == tokens.app.hosts
    assert not tokens.user.sends_token_to("https://cdn.beat.no/stream.m3u8")
    # A redirect is never followed with the token.
    beat.on("GET", "/v2/artists/7", ok(status=302, Location="https://elsewhere.example/x"))
    with pytest.raises(RedirectError):
        await bt.artists.get(7)
    assert len(beat.api) == 1


# --- refreshes -----------------------------------------------------------------------------------


async def test_a_401_refreshes_once_and_replays_keeping_user_id_and_refresh_token(
    beat: Any, make: Make
) -> None:
    store = MemoryTokenStore()
    seen: list[Token] = []
    bt = make(store=store, on_token=seen.append)
    beat.on("GET", "/v2/artists/7", guarded(beat, ok(ARTIST)))
    beat.refresh_sends_refresh_token = False
    login = await bt.auth.login(beat.username, beat.password)
    beat.valid.discard(login.access_token)  # expired on the server's side
    assert (await bt.artists.get(7)).id == "7"
    assert beat.grants() == ["password", "refresh_token"]
    assert beat.tokens_seen() == ["Bearer user-1", "Bearer user-2"]
    token = bt.auth.token
    assert token is not None
    assert token.access_token == "user-2"
    assert token.refresh_token == login.refresh_token  # the refresh answer had none
    assert bt.auth.user_id == beat.user_id  # the refresh answer had none either
    assert store.load() == token
    assert [t.access_token for t in seen] == ["user-1", "user-2"]


async def test_a_second_401_is_not_refreshed_again(beat: Any, make: Make) -> None:
    bt = make()
    beat.on("GET", "/v2/artists/7", httpx.Response(401, json={"error": "invalid_token"}))
    await bt.auth.login(beat.username, beat.password)
    with pytest.raises(AuthenticationError):
        await bt.artists.get(7)
    assert beat.grants() == ["password", "refresh_token"]
    assert len(beat.api) == 2


async def test_the_app_token_is_fetched_again_on_a_401(beat: Any, make: Make) -> None:
    bt = make()
    beat.on("GET", "/v2/artists/7", guarded(beat, ok(ARTIST)))
    await bt.artists.get(7)
    beat.valid.clear()
    await bt.artists.get(7)
    assert beat.grants() == ["client_credentials", "client_credentials"]
    assert beat.tokens_seen() == ["Bearer app-1", "Bearer app-1", "Bearer app-2"]


async def test_a_stale_token_is_refreshed_before_sending(beat: Any, make: Make) -> None:
    beat.refresh["refresh-old"] = None
    stale = Token(
        access_token="user-old",
        refresh_token="refresh-old",
        expires_at=datetime.now(UTC) - timedelta(minutes=1),
        extra={"user_id": "77"},
    )
    bt = make(token=stale)
    beat.on("GET", "/v2/artists/7", guarded(beat, ok(ARTIST)))
    await bt.artists.get(7)
    assert beat.grants() == ["refresh_token"]
    assert beat.tokens_seen() == ["Bearer user-1"]
    assert bt.auth.user_id == "77"


async def test_invalid_grant_means_log_in_again(beat: Any, make: Make) -> None:
    bt = make()
    beat.on("GET", "/v2/artists/7", guarded(beat, ok(ARTIST)))
    await bt.auth.login(beat.username, beat.password)
    beat.valid.clear()
    beat.refresh.clear()
    with pytest.raises(AuthenticationError, match="log in again") as info:
        await bt.artists.get(7)
    assert info.value.code == "invalid_grant"
    with pytest.raises(AuthenticationError, match="log in again"):
        await bt.artists.get(7)
    # The refused refresh token is never sent again.
    assert beat.grants() == ["password", "refresh_token"]


async def test_a_400_from_the_api_never_refreshes(beat: Any, make: Make) -> None:
    bt = make()
    await bt.auth.login(beat.username, beat.password)
    beat.on(
        "GET",
        "/v2/artists",
        httpx.Response(400, json={"error": "invalid_input", "error_description": "query"}),
    )
    with pytest.raises(BadRequestError):
        await bt.artists.search("x").first_page()
    assert beat.grants() == ["password"]
    assert len(beat.api) == 1


# --- errors --------------------------------------------------------------------------------------


async def test_the_error_envelope(beat: Any, make: Make) -> None:
    bt = make()
    beat.on(
        "GET",
        "/v2/tracks/404",
        httpx.Response(
            404,
            json={
                "error": "error_not_found",
                "error_description": "The requested resource was not found.",
                "error_developer": {"table": "tracks"},
            },
        ),
    )
    with pytest.raises(NotFoundError) as info:
        await bt.tracks.get(404)
    error = info.value
    assert error.code == "error_not_found"
    assert error.message == "The requested resource was not found."
    assert error.details == {"table": "tracks"}
    assert error.status_code == 404


async def test_export_limit_reached(beat: Any, make: Make) -> None:
    bt = make()
    beat.on(
        "GET",
        "/v2/tracks/1",
        httpx.Response(
            403,
            json={"error": "export_limit_reached", "error_description": "Too many exports"},
        ),
    )
    with pytest.raises(ExportLimitReachedError) as info:
        await bt.tracks.get(1)
    assert isinstance(info.value, PermissionDeniedError)
    assert info.value.code == "export_limit_reached"


async def test_a_409_on_signup(beat: Any, make: Make) -> None:
    bt = make()
    beat.on(
        "POST",
        "/v2/users",
        httpx.Response(409, json={"error": "conflict", "error_description": "E-mail taken"}),
    )
    with pytest.raises(Exception, match="E-mail taken") as info:
        await bt.users.create(email="a@example.com", email_token="123456", password="pw")
    assert info.value.__class__.__name__ == "ConflictError"


# --- batch ---------------------------------------------------------------------------------------


async def test_batch_answers_in_order_and_a_failure_is_an_entry(beat: Any, make: Make) -> None:
    bt = make()
    answers = [
        {"status": 200, "body": {"group": {"id": "1"}}, "headers": {"X-Change": 1}},
        {"status": 200, "body": {"bookmark": {"id": "2"}}, "headers": {"X-Change": 2}},
        {"status": 200, "body": {"track": {"id": "3"}}, "headers": {"X-Change": 81}},
        {"status": 200, "body": {"release": {"id": "4"}}, "headers": {"X-Change": 82}},
        {"status": 404, "body": {"error_description": "Not found"}},
    ]
    beat.on("POST", "/v2/batch", ok({"responses": answers}))
    stamp = {"X-Base-Change": "123", "X-Change-Timestamp": "2024-01-02T03:04:05Z"}
    requests = [
        BatchRequest(method="POST", url="/v2/releases/groups", body={"name": "x"}, headers=stamp),
        BatchRequest(method="POST", url="/v2/bookmarks", body={"entity_id": "1"}, headers=stamp),
        BatchRequest(method="PATCH", url="/v2/tracks/3", body={"favourite": True}, headers=stamp),
        BatchRequest(method="PATCH", url="/v2/releases/4", body={"favourite": True}, headers=stamp),
        BatchRequest(method="DELETE", url="/v2/bookmarks/5", headers=stamp),
    ]
    results = await bt.batch(requests)
    assert [(r.status, r.ok, r.change_id) for r in results] == [
        (200, True, 1),
        (200, True, 2),
        (200, True, 81),
        (200, True, 82),
        (404, False, None),
    ]
    sent = beat.json(beat.api[0])["requests"]
    assert [(r["method"], r["url"]) for r in sent] == [(r.method, r.url) for r in requests]
    assert all(r["headers"] == stamp for r in sent)


async def test_batch_rules_are_checked_before_sending(beat: Any, make: Make) -> None:
    bt = make()
    one = BatchRequest(method="GET", url="/v2/tracks/1")
    with pytest.raises(ValueError, match="at most 20"):
        await bt.batch([one] * 21)
    with pytest.raises(ValueError, match="batch"):
        await bt.batch([one, BatchRequest(method="POST", url="/v2/batch")])
    assert beat.api == [] and beat.forms == []


async def test_batch_is_never_replayed(beat: Any, make: Make) -> None:
    bt = make()
    beat.on("POST", "/v2/batch", httpx.Response(503, json={"error": "unavailable"}))
    with pytest.raises(ServerError):
        await bt.batch([BatchRequest(method="GET", url="/v2/tracks/1")])
    assert len(beat.api) == 1


async def test_a_403_names_the_tokens_scopes_and_the_accepted_ones(beat: Any, make: Make) -> None:
    bt = make()
    refusal = httpx.Response(
        403,
        json={"error": "insufficient_scope", "error_description": "Missing scope."},
        headers={"X-OAuth-Scopes": "read", "X-Accepted-OAuth-Scopes": "external-charge"},
    )
    beat.on("DELETE", "/v2/charges/5", refusal)
    with pytest.raises(PermissionDeniedError) as caught:
        await bt.charges.cancel(5)
    assert caught.value.code == "insufficient_scope"
    assert caught.value.message == (
        "Missing scope. (X-OAuth-Scopes: read; X-Accepted-OAuth-Scopes: external-charge)"
    )


async def test_secrets_a_server_echoes_in_an_error_stay_out_of_the_exception(
    beat: Any, make: Make
) -> None:
    # A server that quotes the request in its error: the reset code and the new password
    # (and a signup's e-mail token) must not reach the exception, whichever call it was.
    def echo(request: httpx.Request) -> httpx.Response:
        sent = request.content.decode()
        return httpx.Response(
            400,
            json={"error": "validation_error", "error_description": f"bad: {sent}",
                  "error_developer": sent, "request": json.loads(sent)},
        )  # fmt: skip

    beat.on("POST", "/v2/passwords", echo)
    beat.on("POST", "/v2/users", echo)
    bt = make()
    with pytest.raises(BadRequestError) as reset:
        await bt.passwords.reset("RESETCODE123", "NEWPASS456", email="me@example.com")
    with pytest.raises(BadRequestError) as signup:
        await bt.users.create(email="me@example.com", email_token="EMAILTOK000", password="PW000X")
    for caught in (reset.value, signup.value):
        shown = repr([str(caught), repr(caught), caught.details, caught.body, caught.args])
        for secret in ("RESETCODE123", "NEWPASS456", "EMAILTOK000", "PW000X"):
            assert secret not in shown
        assert "me@example.com" in shown  # what is not a credential stays readable


async def test_a_delete_is_not_replayed_after_a_server_error(beat: Any, make: Make) -> None:
    # The page retries GET and HEAD only: a replayed DELETE of a partner activation answers
    # 400 "already canceled" although the first one worked.
    bt = make()
    beat.on("DELETE", "/v2/partnerusers/activations/7", httpx.Response(503, json={}))
    with pytest.raises(ServerError):
        await bt.partner_users.end(7)
    assert len(beat.api) == 1


async def test_reads_are_still_retried_after_a_server_error(beat: Any, make: Make) -> None:
    bt = make()
    answers = iter([httpx.Response(503, json={}), ok({"track": {"id": "1"}})])
    beat.on("GET", "/v2/tracks/1", lambda _: next(answers))
    assert (await bt.tracks.get(1)).id == "1"
    assert len(beat.api) == 2


async def test_batch_with_another_number_of_answers_is_a_decode_error(
    beat: Any, make: Make
) -> None:
    bt = make()
    beat.on("POST", "/v2/batch", ok({"responses": [{"status": 200}]}))
    with pytest.raises(ResponseDecodeError, match="2 requests got 1"):
        await bt.batch([BatchRequest(method="GET", url="/v2/tracks/1")] * 2)


async def test_batch_x_change_in_a_list_is_read_and_another_shape_is_a_decode_error(
    beat: Any, make: Make
) -> None:
    bt = make()
    one = [BatchRequest(method="PATCH", url="/v2/tracks/1", body={"favourite": True})]
    beat.on(
        "POST", "/v2/batch", ok({"responses": [{"status": 200, "headers": {"X-Change": ["82"]}}]})
    )
    assert [r.change_id for r in await bt.batch(one)] == [82]
    beat.on(
        "POST", "/v2/batch", ok({"responses": [{"status": 200, "headers": {"X-Change": [81, 82]}}]})
    )
    with pytest.raises(ResponseDecodeError, match="X-Change"):
        await bt.batch(one)


# --- Range lists ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("unit", "raised"), [("banners", False), ("items", True)])
async def test_a_416_to_a_guessed_unit_is_raised_unless_it_names_that_unit(
    beat: Any, make: Make, unit: str, raised: bool
) -> None:
    # page_size asks for a window in the guessed unit (banners); a 416 naming another unit
    # says the server did not know it, which must not read as an empty list.
    bt = make()
    refusal = httpx.Response(416, json={}, headers={"Content-Range": f"{unit} */30"})
    beat.on("GET", "/v2/banners", refusal)
    if raised:
        with pytest.raises(RangeNotSatisfiableError) as caught:
            await bt.banners.list(page_size=10).to_list()
        assert caught.value.content_range == "items */30"
    else:
        assert await bt.banners.list(page_size=10).to_list() == []
    assert beat.api[0].headers["Range"] == "banners=0-9"


async def test_a_list_sends_no_range_first_then_follows_the_answers_unit(
    beat: Any, make: Make
) -> None:
    bt = make()
    artists = [{"id": str(i), "name": f"artist {i}"} for i in range(45)]
    beat.on("GET", "/v2/artists", lambda r: beat.ranged(r, "artists", "artists", artists))
    found = [artist.id async for artist in bt.artists.search("gaga")]
    assert found == [str(i) for i in range(45)]
    ranges = [r.headers.get("range") for r in beat.api]
    assert ranges[0] is None
    assert sorted(ranges[1:]) == ["artists=20-39", "artists=40-59"]
    assert all(r.url.params["query"] == "gaga" for r in beat.api)


async def test_a_window_asked_for_is_sent_verbatim(beat: Any, make: Make) -> None:
    bt = make()
    products = [{"id": str(i)} for i in range(45)]
    beat.on("GET", "/v2/products", lambda r: beat.ranged(r, "products", "products", products))
    page = await bt.products.list(page_size=20, start=20).first_page()
    assert [p.id for p in page.items] == [str(i) for i in range(20, 40)]
    assert all(isinstance(p, Product) for p in page.items)
    assert page.total == 45 and page.has_next
    assert beat.api[0].headers["range"] == "products=20-39"


async def test_a_list_of_unknown_length_ends_on_416(beat: Any, make: Make) -> None:
    bt = make()
    tracks = [{"id": str(i)} for i in range(25)]

    def answer(request: httpx.Request) -> httpx.Response:
        header = request.headers.get("range") or "tracks=0-19"
        first, last = (int(x) for x in header.partition("=")[2].split("-"))
        if first >= len(tracks):
            return httpx.Response(416, headers={"Content-Range": "tracks */*"})
        return httpx.Response(
            206,
            json={"tracks": tracks[first : last + 1]},
            headers={"Content-Range": f"tracks {first}-{last}/*"},
        )

    beat.on("GET", "/v2/tracks", answer)
    found = [t.id async for t in bt.tracks.search("x")]
    assert found == [str(i) for i in range(25)]
    assert [r.headers.get("range") for r in beat.api] == [None, "tracks=20-39", "tracks=40-59"]


async def test_a_window_past_the_end_is_a_416_and_an_empty_list(beat: Any, make: Make) -> None:
    # L108-113: past the end the server answers 416 with "Content-Range: tracks */<n>".
    bt = make()
    tracks = [{"id": str(i)} for i in range(45)]
    beat.on("GET", "/v2/tracks", lambda r: beat.ranged(r, "tracks", "tracks", tracks))
    page = await bt.tracks.search("x", start=1000, page_size=20).first_page()
    assert page.items == [] and not page.has_next
    assert [t async for t in bt.tracks.search("x", start=1000)] == []
    assert [r.headers["range"] for r in beat.api] == ["tracks=1000-1019", "tracks=1000-1019"]


async def test_a_server_ignoring_range_is_one_page(beat: Any, make: Make) -> None:
    bt = make()
    beat.on("GET", "/v2/products", ok({"products": [{"id": "1"}, {"id": "2"}]}))
    assert [p.id async for p in bt.products.list()] == ["1", "2"]
    assert len(beat.api) == 1


async def test_a_list_limit_stops_fetching(beat: Any, make: Make) -> None:
    bt = make()
    artists = [{"id": str(i)} for i in range(100)]
    beat.on("GET", "/v2/artists", lambda r: beat.ranged(r, "artists", "artists", artists))
    assert len([a async for a in bt.artists.search("x", limit=25)]) == 25
    assert len(beat.api) == 2


# --- headers -------------------------------------------------------------------------------------


async def test_include_and_image_sizes(beat: Any, make: Make) -> None:
    bt = make(image_sizes={"release_cover": "w800", "actor": ["w50", "h50"]})
    beat.on("GET", "/v2/tracks/5", ok({"track": {"id": "5", "title": "T", "duration": 200}}))
    track = await bt.tracks.get(
        5, include=["track-streams", "track-prices"], image_sizes={"actor": "w100"}
    )
    assert (track.id, track.duration) == ("5", 200)
    headers = beat.api[0].headers
    assert headers["X-Include"] == "track-streams,track-prices"
    assert headers["X-Release-Cover-Sizes"] == "w800"
    assert headers["X-Actor-Image-Sizes"] == "w100"
    with pytest.raises(ValueError, match="include"):
        await bt.tracks.get(5, include=["nope"])
    assert len(beat.api) == 1


async def test_stream_headers(beat: Any, make: Make) -> None:
    bt = make(stream_formats=["*/high", "*/normal"])
    stream = {"stream": {"id": "5", "url": "https://cdn.example/5.m3u8?sig=S", "duration": 200}}
    beat.on("GET", "/v2/streams/online/5", ok(stream))
    first = await bt.streams.online(5)
    await bt.streams.online("5", formats="h264/*", context=("release", 1))
    assert first.url.startswith("https://cdn.example/") and first.duration == 200
    assert "sig=S" not in repr(first)
    one, two = (r.headers for r in beat.api)
    assert one["X-Stream-Formats"] == "*/high,*/normal"
    assert "X-Stream-Context" not in one
    assert two["X-Stream-Formats"] == "h264/*"
    assert two["X-Stream-Context"] == "release/1"


async def test_user_id_defaults_to_the_logged_in_user(beat: Any, make: Make) -> None:
    bt = make()
    with pytest.raises(ConfigurationError, match="user_id"):
        await bt.app.users.get()
    assert beat.api == []
    beat.on("GET", f"/v2/users/{beat.user_id}", ok({"user": {"id": beat.user_id}}))
    await bt.auth.login(beat.username, beat.password)
    assert (await bt.users.get()).id == beat.user_id
    with pytest.raises(TypeError):
        await bt.users.get(True)  # type: ignore[arg-type]


async def test_subscription_updates_take_only_stop_and_resume(beat: Any, make: Make) -> None:
    bt = make()
    await bt.auth.login(beat.username, beat.password)
    with pytest.raises(ValueError, match="6"):
        await bt.subscriptions.update("9001", SubscriptionState.DEACTIVATED)
    with pytest.raises(ValueError, match="all"):
        await bt.subscriptions.list(state="running").first_page()  # type: ignore[arg-type]
    assert beat.api == []


async def test_credential_verification_types(beat: Any, make: Make) -> None:
    bt = make()
    with pytest.raises(ValueError, match="8"):
        await bt.credentials.request_verification(5, "cus_1")
    assert beat.api == [] and beat.forms == []


# --- no secrets in logs and errors ---------------------------------------------------------------


async def test_no_secret_in_logs_or_errors(
    beat: Any, make: Make, caplog: pytest.LogCaptureFixture
) -> None:
    bt = make(lcp_credentials=("lcp", "LCP-PASSWORD-2"))
    beat.on("GET", "/v2/artists/7", guarded(beat, ok(ARTIST)))
    beat.on("GET", "/v2/lcp/license/status/1/2", httpx.Response(204))
    beat.on("GET", "/v2/billing/paymentmethods", ok([{"reference": "pm_1"}]))
    seti = "seti_SETUP-INTENT-SECRET-4"
    with caplog.at_level(logging.DEBUG, logger="beatkit"):
        await bt.artists.get(7)
        login = await bt.auth.login(beat.username, beat.password)
        # A setup intent's id is its client secret: it goes in the query, not in logs.
        await bt.billing.payment_methods(setupintent=seti)
        beat.valid.clear()
        beat.refresh.clear()
        with pytest.raises(AuthenticationError) as refresh_error:
            await bt.artists.get(7)
        with pytest.raises(AuthenticationError) as login_error:
            await bt.auth.login(beat.username, "WRONG-PASSWORD-3")
        await bt.lcp.license_status(1, 2)
    shown = " ".join(
        [
            caplog.text,
            str(refresh_error.value),
            repr(refresh_error.value.body),
            str(login_error.value),
            repr(login_error.value.body),
        ]
    )
    secrets = [
        beat.client_secret,
        beat.password,
        "WRONG-PASSWORD-3",
        "LCP-PASSWORD-2",
        seti,
        login.access_token,
        login.refresh_token,
        "app-1",
    ]
    for secret in secrets:
        assert secret and secret not in shown, secret
    assert "password login failed" in str(login_error.value)
    assert login_error.value.code == "invalid_grant"
