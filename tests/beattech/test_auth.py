"""The pure auth module: configuration, the nine grants, the header schemes, the router."""

from __future__ import annotations

import base64
from typing import Any

import httpx
import pytest

from beatkit._core.operation import make_operation
from beatkit.auth import Token
from beatkit.auth.oauth import build_token_request, client_credentials_grant, refresh_token_grant
from beatkit.beattech.auth import (
    LcpBasicAuth,
    PartnerAuth,
    TokenRouter,
    account_user_grant,
    clone_token_grant,
    coupon_grant,
    lcp_auth,
    make_app_manager,
    make_user_manager,
    openid_handle_grant,
    password_grant,
    resolve_base_url,
    resolve_credentials,
    signed_msisdn_grant,
    token_url,
    user_id_of,
    verification_code_grant,
)
from beatkit.beattech.wire import SPEC
from beatkit.errors import ConfigurationError

BASE = httpx.URL("https://api.prod.fabel.beat.no/v2")


def body_of(grant: dict[str, str]) -> list[tuple[str, str]]:
    """The exact form a grant is sent as: its fields, then the client's credentials."""
    request = build_token_request(
        token_url(BASE), grant, client_id="APPLICATION_ID", client_secret="APPLICATION_SECRET"
    )
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert "authorization" not in request.headers
    return httpx.QueryParams(request.content.decode()).multi_items()


CREDENTIALS = [("client_id", "APPLICATION_ID"), ("client_secret", "APPLICATION_SECRET")]


# --- the grants: the page's form bodies (L890-1152), client id and secret in the body ---------


@pytest.mark.parametrize(
    ("grant", "fields"),
    [
        (
            password_grant("johndoe", "A3ddj3w"),
            [("grant_type", "password"), ("username", "johndoe"), ("password", "A3ddj3w")],
        ),
        (
            signed_msisdn_grant("8801600000199", "87r1uhasdyfp13jskfd"),
            [
                ("grant_type", "signed_msisdn"),
                ("msisdn", "8801600000199"),
                ("msisdn_signature", "87r1uhasdyfp13jskfd"),
            ],
        ),
        (coupon_grant("test1"), [("grant_type", "coupon"), ("code", "test1")]),
        (
            verification_code_grant("1234", msisdn="0029133437595305"),
            [("grant_type", "verification_code"), ("msisdn", "0029133437595305"), ("code", "1234")],
        ),
        (
            verification_code_grant("1234", user_id="1111"),
            [("grant_type", "verification_code"), ("user_id", "1111"), ("code", "1234")],
        ),
        (
            clone_token_grant("2YotnFZFEjr1zCsicMWpAA"),
            [("grant_type", "clone_token"), ("access_token", "2YotnFZFEjr1zCsicMWpAA")],
        ),
        (
            account_user_grant("2YotnFZFEjr1zCsicMWpAA", "5667"),
            [
                ("grant_type", "account_user"),
                ("access_token", "2YotnFZFEjr1zCsicMWpAA"),
                ("user_id", "5667"),
            ],
        ),
        (openid_handle_grant("h-1"), [("grant_type", "openid_handle"), ("handle", "h-1")]),
        (client_credentials_grant(), [("grant_type", "client_credentials")]),
        (
            refresh_token_grant("tGzv3JOkF0XG5Qx2TlKWIA"),
            [("grant_type", "refresh_token"), ("refresh_token", "tGzv3JOkF0XG5Qx2TlKWIA")],
        ),
        (
            password_grant("johndoe", "A3ddj3w", install_referrer="u_12345"),
            [
                ("grant_type", "password"),
                ("username", "johndoe"),
                ("password", "A3ddj3w"),
                ("install_referrer", "u_12345"),
            ],
        ),
        (
            password_grant("johndoe", "A3ddj3w", scope="read write"),
            [
                ("grant_type", "password"),
                ("username", "johndoe"),
                ("password", "A3ddj3w"),
                ("scope", "read write"),
            ],
        ),
    ],
)
def test_grant_bodies(grant: dict[str, str], fields: list[tuple[str, str]]) -> None:
    assert body_of(grant) == [*fields, *CREDENTIALS]


def test_verification_code_needs_exactly_one_of_msisdn_and_user_id() -> None:
    with pytest.raises(ValueError, match="exactly one"):
        verification_code_grant("1234")
    with pytest.raises(ValueError, match="exactly one"):
        verification_code_grant("1234", msisdn="1", user_id="2")


def test_only_the_password_grant_takes_an_install_referrer() -> None:
    for builder in (signed_msisdn_grant, account_user_grant):
        with pytest.raises(TypeError):
            builder("a", "b", install_referrer="u_1")  # type: ignore[call-arg]


# --- configuration --------------------------------------------------------------------------


@pytest.mark.usefixtures("clean_env")
def test_base_url_from_tenant_argument_or_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_base_url("fabel", None) == "https://api.prod.fabel.beat.no/v2"
    assert resolve_base_url(None, "https://api.fabel.beat.no/v2") == "https://api.fabel.beat.no/v2"
    monkeypatch.setenv("BEATTECH_TENANT", " skoobe ")
    assert resolve_base_url(None, None) == "https://api.prod.skoobe.beat.no/v2"
    assert resolve_base_url("chapter", None) == "https://api.prod.chapter.beat.no/v2"


@pytest.mark.usefixtures("clean_env")
@pytest.mark.parametrize(
    "tenant", ["Fabel", "fa_bel", "-fabel", "fabel-", "fa.bel", "a" * 64, "fabel/../x", "ø"]
)
def test_malformed_tenants_are_refused(tenant: str) -> None:
    with pytest.raises(ConfigurationError, match="tenant"):
        resolve_base_url(tenant, None)


@pytest.mark.usefixtures("clean_env")
def test_a_malformed_tenant_from_the_environment_names_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The code passed no tenant: "tenant 'Fabel' is not a tenant name" sent the user
    # looking for a 'Fabel' their code does not hold.
    monkeypatch.setenv("BEATTECH_TENANT", "Fabel")
    with pytest.raises(ConfigurationError) as info:
        resolve_base_url(None, None)
    assert str(info.value).startswith("BEATTECH_TENANT 'Fabel' is not a tenant name")
    with pytest.raises(ConfigurationError, match=r"^tenant 'Fabel' is not a tenant name"):
        resolve_base_url("Fabel", None)


@pytest.mark.usefixtures("clean_env")
@pytest.mark.parametrize(
    "tenant",
    ["https://api.prod.fabel.beat.no/v2", "api.prod.fabel.beat.no", "http://localhost:8000"],
)
def test_a_url_given_as_the_tenant_points_to_base_url(tenant: str) -> None:
    with pytest.raises(ConfigurationError, match=r"base_url=") as info:
        resolve_base_url(tenant, None)
    assert "is not a tenant name" in str(info.value)


@pytest.mark.usefixtures("clean_env")
def test_no_tenant_at_all() -> None:
    with pytest.raises(ConfigurationError, match="BEATTECH_TENANT"):
        resolve_base_url(None, None)
    with pytest.raises(ConfigurationError, match="tenant"):
        resolve_base_url(42, None)  # type: ignore[arg-type]


@pytest.mark.usefixtures("clean_env")
def test_credentials_from_arguments_or_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_credentials("id", "secret") == ("id", "secret")
    with pytest.raises(ConfigurationError, match="BEATTECH_CLIENT_ID") as info:
        resolve_credentials(None, "VERY-SECRET")
    assert "VERY-SECRET" not in str(info.value)
    with pytest.raises(ConfigurationError, match="BEATTECH_CLIENT_SECRET"):
        resolve_credentials("id", "  ")
    monkeypatch.setenv("BEATTECH_CLIENT_ID", "env-id")
    monkeypatch.setenv("BEATTECH_CLIENT_SECRET", "env-secret")
    assert resolve_credentials(None, None) == ("env-id", "env-secret")
    assert resolve_credentials("arg-id", None) == ("arg-id", "env-secret")


@pytest.mark.parametrize("client", ["BeatTech", "AsyncBeatTech"])
def test_a_wrong_app_store_is_named_as_app_store(client: str) -> None:
    # The app token's manager named its store "store", the user token's option.
    import beatkit

    cls = getattr(beatkit, client)
    with pytest.raises(ConfigurationError) as info:
        cls("fabel", client_id="id", client_secret="secret", app_store="app-token.json")
    assert str(info.value).startswith("app_store must be a token store")
    with pytest.raises(ConfigurationError, match=r"^store must be a token store"):
        cls("fabel", client_id="id", client_secret="secret", store="token.json")


@pytest.mark.parametrize("client", ["BeatTech", "AsyncBeatTech"])
@pytest.mark.parametrize("same", ["one store", "one file"])
def test_one_store_for_both_tokens_is_refused(client: str, same: str, tmp_path: Any) -> None:
    # Each manager would save its token over the other's, and a manager about to
    # refresh takes a newer token from its store: the app token would become the user's.
    import beatkit
    from beatkit.auth import FileTokenStore

    cls = getattr(beatkit, client)
    store = FileTokenStore(tmp_path / "token.json")
    app_store = store if same == "one store" else FileTokenStore(tmp_path / "." / "token.json")
    with pytest.raises(ConfigurationError, match=r"^store and app_store are the same"):
        cls("fabel", client_id="id", client_secret="secret", store=store, app_store=app_store)
    other = FileTokenStore(tmp_path / "app-token.json")
    cls("fabel", client_id="id", client_secret="secret", store=store, app_store=other)


def test_token_url_and_user_id() -> None:
    assert token_url(BASE) == httpx.URL("https://api.prod.fabel.beat.no/v2/oauth2/token")
    assert user_id_of(None) is None
    assert user_id_of(Token(access_token="a", extra={"user_id": "28392"})) == "28392"
    assert user_id_of(Token(access_token="a", extra={"user_id": 28392})) == "28392"
    assert user_id_of(Token(access_token="a")) is None


# --- the header schemes -------------------------------------------------------------------------


def run(auth: httpx.Auth, url: str) -> httpx.Request:
    request = httpx.Request("GET", url)
    flow = auth.sync_auth_flow(request)
    sent = next(flow)
    flow.close()
    return sent


def test_partner_headers_go_to_the_api_host_only() -> None:
    auth = PartnerAuth(BASE.host, "partner-id", "PARTNER-SECRET")
    sent = run(auth, f"{BASE}/partnerusers/activations")
    assert sent.headers["X-Auth-Client-Id"] == "partner-id"
    assert sent.headers["X-Auth-Client-Secret"] == "PARTNER-SECRET"
    assert "authorization" not in sent.headers
    elsewhere = run(auth, "https://evil.example/v2/partnerusers/activations")
    assert "x-auth-client-secret" not in elsewhere.headers
    assert "PARTNER-SECRET" not in repr(auth)


def test_lcp_basic_goes_to_the_api_host_only() -> None:
    auth = lcp_auth(BASE.host, ("lcp-user", "LCP-PASSWORD"))
    assert isinstance(auth, LcpBasicAuth)
    sent = run(auth, f"{BASE}/lcp/license/status/1/2")
    expected = base64.b64encode(b"lcp-user:LCP-PASSWORD").decode()
    assert sent.headers["authorization"] == f"Basic {expected}"
    assert "authorization" not in run(auth, "https://cdn.example/x").headers
    assert "LCP-PASSWORD" not in repr(auth)
    assert lcp_auth(BASE.host, None) is None
    for bad in (("only",), ("u", ""), "user:pw", ("u", 5)):
        with pytest.raises(ConfigurationError, match="lcp_credentials"):
            lcp_auth(BASE.host, bad)


# --- routing ------------------------------------------------------------------------------------


def router(*, user_token: Token | None = None, basic: bool = True) -> TokenRouter:
    return TokenRouter(
        user=make_user_manager(
            base_url=BASE,
            client_id="cid",
            client_secret="sec",
            token=user_token,
            store=None,
            on_token=None,
            refresh_buffer=300,
        ),
        app=make_app_manager(
            base_url=BASE, client_id="cid", client_secret="sec", store=None, refresh_buffer=300
        ),
        partner=PartnerAuth(BASE.host, "cid", "sec"),
        basic=LcpBasicAuth(BASE.host, "u", "p") if basic else None,
    )


def op(key: str) -> Any:
    return make_operation(SPEC.routes, key, None)


ROUTES = {
    "public": "auth.contexts",
    "any": "artists.get",
    "user": "billing.create_setup_intent",
    "editor": "banners.create",
    "app": "users.gdpr_delete",
    "partner": "partner_users.activate",
    "basic": "lcp.license_status",
}


def test_routing_without_a_user() -> None:
    r = router()
    assert r.route(op(ROUTES["public"])) is None
    assert r.route(op(ROUTES["any"])) is r.app
    assert r.route(op(ROUTES["app"])) is r.app
    assert r.route(op(ROUTES["partner"])) is r.partner
    assert r.route(op(ROUTES["basic"])) is r.basic
    for access in ("user", "editor"):
        with pytest.raises(ConfigurationError, match="logged-in user"):
            r.route(op(ROUTES[access]))


def test_routing_with_a_user() -> None:
    r = router(user_token=Token(access_token="u", extra={"user_id": "28392"}))
    assert r.logged_in and r.user_id == "28392"
    assert r.route(op(ROUTES["any"])) is r.user
    assert r.route(op(ROUTES["user"])) is r.user
    assert r.route(op(ROUTES["editor"])) is r.user
    assert r.route(op(ROUTES["app"])) is r.app
    assert r.route(op(ROUTES["public"])) is None


def test_app_routing_sends_every_bearer_call_with_the_app_token() -> None:
    r = router(user_token=Token(access_token="u"))
    for access in ("any", "user", "editor", "app"):
        assert r.app_route(op(ROUTES[access])) is r.app
    assert r.app_route(op(ROUTES["partner"])) is r.partner
    assert r.app_route(op(ROUTES["basic"])) is r.basic
    assert r.app_route(op(ROUTES["public"])) is None


def test_basic_without_lcp_credentials_is_a_configuration_error() -> None:
    r = router(basic=False)
    with pytest.raises(ConfigurationError, match="lcp_credentials"):
        r.route(op(ROUTES["basic"]))


def test_every_route_has_a_routing() -> None:
    r = router(user_token=Token(access_token="u"))
    for key in SPEC.routes:
        r.route(op(key))  # no unknown access level anywhere
        r.app_route(op(key))
