"""FakeBeatTech with raw httpx: grants, access levels, Range paging, the walkthrough, seeds."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest

from beatkit.beattech.wire import SPEC
from beatkit.testing import FakeBeatTech
from beatkit.testing.beattech import UNITS, RangeSettings
from beatkit.testing.beattech._paging import respond

NOW = datetime(2026, 4, 1, 12, 0, tzinfo=UTC).timestamp()
USER_KEYS = {"access_token", "expires_in", "token_type", "refresh_token", "user_id"}


@pytest.fixture
def fake() -> FakeBeatTech:
    return FakeBeatTech(clock=lambda: NOW)


def grant(http: httpx.Client, fake: FakeBeatTech, grant_type: str, **fields: str) -> httpx.Response:
    form = {"grant_type": grant_type, "client_id": fake.client_id,
            "client_secret": fake.client_secret, **fields}  # fmt: skip
    return http.post("/oauth2/token", data=form)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def app_headers(fake: FakeBeatTech) -> dict[str, str]:
    return bearer(fake.issue_token()["access_token"])


def user_headers(fake: FakeBeatTech, user_id: str | None = None) -> dict[str, str]:
    return bearer(fake.issue_token(user_id or fake.user_id)["access_token"])


def assert_oauth_error(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status
    assert response.json()["error"] == code
    assert isinstance(response.json()["error_description"], str)


# -- the token endpoint ------------------------------------------------------------------


def test_client_credentials_answers_the_app_token_only(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    response = grant(http, fake, "client_credentials")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"access_token", "expires_in", "token_type"}
    assert body["expires_in"] == 3600
    assert body["token_type"] == "bearer"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Pragma"] == "no-cache"
    assert http.get("/products", headers=bearer(body["access_token"])).status_code == 206


@pytest.mark.parametrize("login", ["reader@example.com", "READER@example.com", "4791234567"])
def test_password_grant_by_email_or_msisdn(
    fake: FakeBeatTech, http: httpx.Client, login: str
) -> None:
    body = grant(http, fake, "password", username=login, password=fake.password).json()
    assert set(body) == USER_KEYS
    assert body["token_type"] == "Bearer"
    assert body["user_id"] == fake.user_id
    me = http.get(f"/users/{fake.user_id}", headers=bearer(body["access_token"]))
    assert me.json()["user"]["id"] == fake.user_id


@pytest.mark.parametrize(
    ("username", "password"),
    [("reader@example.com", "wrong"), ("nobody@example.com", "fake-password")],
)
def test_password_grant_refuses_bad_credentials(
    fake: FakeBeatTech, http: httpx.Client, username: str, password: str
) -> None:
    response = grant(http, fake, "password", username=username, password=password)
    assert_oauth_error(response, 400, "invalid_grant")
    assert response.headers["Cache-Control"] == "no-store"


def test_signed_msisdn_grant(fake: FakeBeatTech, http: httpx.Client) -> None:
    msisdn = "8801600000199"
    good = grant(http, fake, "signed_msisdn", msisdn=msisdn,
                 msisdn_signature=fake.msisdn_signature(msisdn))  # fmt: skip
    assert good.status_code == 200
    assert set(good.json()) == USER_KEYS
    assert good.json()["user_id"] == fake.msisdn_user_id
    bad = grant(http, fake, "signed_msisdn", msisdn=msisdn, msisdn_signature="87r1uhasdyfp13jskfd")
    assert_oauth_error(bad, 400, "invalid_grant")
    norway = "4791234567"
    outside = grant(http, fake, "signed_msisdn", msisdn=norway,
                    msisdn_signature=fake.msisdn_signature(norway))  # fmt: skip
    assert_oauth_error(outside, 400, "invalid_grant")
    assert "Bangladesh" in outside.json()["error_description"]


def test_coupon_grant(fake: FakeBeatTech, http: httpx.Client) -> None:
    body = grant(http, fake, "coupon", code="test1").json()
    assert set(body) == USER_KEYS
    assert body["user_id"] == fake.user_id
    assert_oauth_error(grant(http, fake, "coupon", code="nope"), 400, "invalid_grant")


def test_verification_code_grant_by_msisdn_then_user_id(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    sent = http.post("/codes", json={"msisdn": "4791234567"}, headers=app_headers(fake))
    assert (sent.status_code, sent.json()) == (201, {})
    code = fake.last_code("4791234567")
    assert code is not None
    assert re.fullmatch(r"[0-9]{4}", code)
    body = grant(http, fake, "verification_code", msisdn="4791234567", code=code).json()
    assert set(body) == USER_KEYS
    assert body["user_id"] == fake.user_id
    used = grant(http, fake, "verification_code", msisdn="4791234567", code=code)
    assert_oauth_error(used, 400, "invalid_grant")
    http.post("/codes", json={"msisdn": "+4791234567"}, headers=app_headers(fake))
    code = fake.last_code("4791234567")
    assert code is not None
    wrong = "0000" if code != "0000" else "1111"
    bad = grant(http, fake, "verification_code", user_id=fake.user_id, code=wrong)
    assert_oauth_error(bad, 400, "invalid_grant")
    by_id = grant(http, fake, "verification_code", user_id=fake.user_id, code=code)
    assert by_id.json()["user_id"] == fake.user_id


def test_verification_code_takes_exactly_one_of_msisdn_and_user_id(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    both = grant(http, fake, "verification_code", code="1234", msisdn="4791234567",
                 user_id=fake.user_id)  # fmt: skip
    assert_oauth_error(both, 400, "invalid_request")
    assert_oauth_error(grant(http, fake, "verification_code", code="1234"), 400,
                       "invalid_request")  # fmt: skip


def test_verification_code_for_a_new_number_signs_up(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    http.post("/codes", json={"msisdn": "4799999999"}, headers=app_headers(fake))
    code = fake.last_code("4799999999") or ""
    body = grant(http, fake, "verification_code", msisdn="4799999999", code=code).json()
    assert body["user_id"] == "28392"
    assert fake.users["28392"]["msisdn"] == "4799999999"


def test_clone_token_needs_another_client_of_the_same_project(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    web = fake.issue_token(fake.user_id, client_id=fake.other_client_id)["access_token"]
    body = grant(http, fake, "clone_token", access_token=web).json()
    assert set(body) == USER_KEYS
    assert body["user_id"] == fake.user_id
    own = fake.issue_token(fake.user_id)["access_token"]
    assert_oauth_error(grant(http, fake, "clone_token", access_token=own), 400, "invalid_grant")
    elsewhere = fake.issue_token(fake.user_id, client_id="beatkit-fake-elsewhere")
    other_project = grant(http, fake, "clone_token", access_token=elsewhere["access_token"])
    assert_oauth_error(other_project, 400, "invalid_grant")
    app = fake.issue_token(client_id=fake.other_client_id)["access_token"]
    assert_oauth_error(grant(http, fake, "clone_token", access_token=app), 400, "invalid_grant")


def test_account_user_switches_to_a_profile_of_the_account(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    token = fake.issue_token(fake.user_id)["access_token"]
    body = grant(http, fake, "account_user", access_token=token,
                 user_id=fake.profile_user_id).json()  # fmt: skip
    assert set(body) == USER_KEYS
    assert body["user_id"] == fake.profile_user_id
    elsewhere = grant(http, fake, "account_user", access_token=token,
                      user_id=fake.editor_user_id)  # fmt: skip
    assert_oauth_error(elsewhere, 400, "invalid_grant")


@pytest.mark.parametrize("encoding", ["json", "form"])
def test_openid_handle_after_the_partner_callback(
    fake: FakeBeatTech, http: httpx.Client, encoding: str
) -> None:
    payload = {"partner_id": "fake-idp", "redirect_url": "https://app.example/done"}
    sent = (
        http.post("/oauth2/contexts", json=payload)
        if encoding == "json"
        else http.post("/oauth2/contexts", data=payload)
    )
    assert sent.status_code == 201
    context = sent.json()["context"]
    assert {"id", "url", "handle"} <= set(context)
    assert context["url"].startswith("https://idp.beat.test/authorize?")
    handle = context["handle"]
    early = grant(http, fake, "openid_handle", handle=handle)
    assert_oauth_error(early, 400, "invalid_grant")
    fake.complete_openid(handle, fake.user_id)
    body = grant(http, fake, "openid_handle", handle=handle).json()
    assert set(body) == USER_KEYS
    assert body["user_id"] == fake.user_id
    assert_oauth_error(grant(http, fake, "openid_handle", handle=handle), 400, "invalid_grant")


def test_auth_context_refuses_an_unknown_partner(http: httpx.Client) -> None:
    response = http.post("/oauth2/contexts", json={"partner_id": "nobody"})
    assert response.status_code == 400
    assert response.json()["error"] == "validation_error"


def test_refresh_rotates_both_tokens_and_answers_no_user_id(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    login = grant(http, fake, "password", username=fake.username, password=fake.password).json()
    refreshed = grant(http, fake, "refresh_token", refresh_token=login["refresh_token"])
    assert refreshed.status_code == 200
    body = refreshed.json()
    assert set(body) == {"access_token", "expires_in", "token_type", "refresh_token"}
    assert body["refresh_token"] != login["refresh_token"]
    assert body["access_token"] != login["access_token"]
    assert refreshed.headers["Cache-Control"] == "no-store"
    reused = grant(http, fake, "refresh_token", refresh_token=login["refresh_token"])
    assert_oauth_error(reused, 400, "invalid_grant")
    me = http.get(f"/users/{fake.user_id}", headers=bearer(body["access_token"]))
    assert me.status_code == 200


def test_refresh_without_rotation_keeps_the_old_refresh_token(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    fake.rotate_refresh_tokens = False
    login = fake.issue_token(fake.user_id)
    for _ in range(2):
        body = grant(http, fake, "refresh_token", refresh_token=login["refresh_token"]).json()
        assert set(body) == {"access_token", "expires_in", "token_type"}


def test_refresh_token_of_another_client_or_revoked_is_invalid_grant(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    web = fake.issue_token(fake.user_id, client_id=fake.other_client_id)
    other = grant(http, fake, "refresh_token", refresh_token=web["refresh_token"])
    assert_oauth_error(other, 400, "invalid_grant")
    mine = fake.issue_token(fake.user_id)
    fake.revoke_token(mine["refresh_token"])
    revoked = grant(http, fake, "refresh_token", refresh_token=mine["refresh_token"])
    assert_oauth_error(revoked, 400, "invalid_grant")


def test_token_endpoint_refuses_json_bodies(fake: FakeBeatTech, http: httpx.Client) -> None:
    response = http.post("/oauth2/token", json={"grant_type": "client_credentials",
                                                "client_id": fake.client_id,
                                                "client_secret": fake.client_secret})  # fmt: skip
    assert_oauth_error(response, 400, "invalid_request")


@pytest.mark.parametrize(
    "credentials",
    [{"client_secret": "wrong"}, {"client_id": "nobody"}, {"client_id": "", "client_secret": ""}],
)
def test_wrong_client_credentials_are_invalid_client(
    fake: FakeBeatTech, http: httpx.Client, credentials: dict[str, str]
) -> None:
    form = {"grant_type": "client_credentials", "client_id": fake.client_id,
            "client_secret": fake.client_secret, **credentials}  # fmt: skip
    assert_oauth_error(http.post("/oauth2/token", data=form), 401, "invalid_client")


def test_client_credentials_in_a_basic_header_are_not_accepted(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    basic = base64.b64encode(f"{fake.client_id}:{fake.client_secret}".encode()).decode()
    response = http.post("/oauth2/token", data={"grant_type": "client_credentials"},
                         headers={"Authorization": f"Basic {basic}"})  # fmt: skip
    assert_oauth_error(response, 401, "invalid_client")


def test_grant_type_is_checked(fake: FakeBeatTech, http: httpx.Client) -> None:
    assert_oauth_error(grant(http, fake, "authorization_code"), 400, "unsupported_grant_type")
    form = {"client_id": fake.client_id, "client_secret": fake.client_secret}
    assert_oauth_error(http.post("/oauth2/token", data=form), 400, "invalid_request")


@pytest.mark.parametrize(
    ("grant_type", "fields"),
    [
        ("client_credentials", {"username": "reader@example.com"}),
        ("password", {"username": "reader@example.com", "password": "x", "user_id": "5667"}),
        ("refresh_token", {"refresh_token": "x", "access_token": "y"}),
        ("coupon", {"code": "test1", "msisdn": "4791234567"}),
    ],
)
def test_a_field_of_another_grant_is_refused(
    fake: FakeBeatTech, http: httpx.Client, grant_type: str, fields: dict[str, str]
) -> None:
    assert_oauth_error(grant(http, fake, grant_type, **fields), 400, "invalid_request")


@pytest.mark.parametrize(
    ("grant_type", "fields"),
    [
        ("password", {"username": "reader@example.com"}),
        ("signed_msisdn", {"msisdn": "8801600000199"}),
        ("coupon", {}),
        ("clone_token", {}),
        ("account_user", {"access_token": "x"}),
        ("openid_handle", {}),
        ("refresh_token", {}),
    ],
)
def test_a_missing_field_is_invalid_request(
    fake: FakeBeatTech, http: httpx.Client, grant_type: str, fields: dict[str, str]
) -> None:
    assert_oauth_error(grant(http, fake, grant_type, **fields), 400, "invalid_request")


def test_install_referrer_is_recorded(fake: FakeBeatTech, http: httpx.Client) -> None:
    grant(http, fake, "password", username=fake.username, password=fake.password,
          install_referrer="u_12345")  # fmt: skip
    assert fake.install_referrers == [(fake.user_id, "u_12345")]


def test_scope_is_answered_when_asked(fake: FakeBeatTech, http: httpx.Client) -> None:
    body = grant(http, fake, "client_credentials", scope="external-charge").json()
    assert body["scope"] == "external-charge"


# -- access levels -----------------------------------------------------------------------


def _call(http: httpx.Client, key: str, headers: dict[str, str]) -> httpx.Response:
    route = SPEC.routes[key]
    path = re.sub(r"\{[^}]+\}", "1", route.path)
    return http.request(route.method, path, headers=headers)


def _code(response: httpx.Response) -> str | None:
    """The error code (answers to HEAD have no body to read it from)."""
    if response.request.method == "HEAD":
        assert response.content == b""
        return None
    code: str = response.json()["error"]
    return code


def _keys(*levels: str) -> list[str]:
    return [key for key, route in SPEC.routes.items() if route.access in levels]


@pytest.mark.parametrize("key", _keys("any", "user", "editor", "app"))
def test_bearer_routes_need_a_token(http: httpx.Client, key: str) -> None:
    response = _call(http, key, {})
    assert response.status_code == 401
    assert _code(response) in ("unauthorized", None)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("key", _keys("any", "user", "editor", "app"))
def test_expired_revoked_and_unknown_tokens_are_invalid_token(
    fake: FakeBeatTech, http: httpx.Client, key: str
) -> None:
    expired = fake.issue_token(fake.editor_user_id)["access_token"]
    revoked = fake.issue_token(fake.editor_user_id)["access_token"]
    fake.expire_tokens()
    fake.revoke_token(revoked)
    for token in (expired, revoked, "not-a-token"):
        response = _call(http, key, bearer(token))
        assert response.status_code == 401
        assert _code(response) in ("invalid_token", None)
        assert 'error="invalid_token"' in response.headers["WWW-Authenticate"]


def test_tokens_expire_with_the_clock(fake: FakeBeatTech, http: httpx.Client) -> None:
    now = [NOW]
    fake.clock = lambda: now[0]
    headers = user_headers(fake)
    assert http.get("/products", headers=headers).status_code == 206
    now[0] += 3600
    assert http.get("/products", headers=headers).json()["error"] == "invalid_token"


@pytest.mark.parametrize("key", _keys("user", "editor"))
def test_user_routes_refuse_app_tokens(fake: FakeBeatTech, http: httpx.Client, key: str) -> None:
    response = _call(http, key, app_headers(fake))
    assert response.status_code == 403
    assert _code(response) in ("access_denied", None)


@pytest.mark.parametrize("key", _keys("editor"))
def test_editor_routes_need_the_editor_role(
    fake: FakeBeatTech, http: httpx.Client, key: str
) -> None:
    assert _call(http, key, user_headers(fake)).status_code == 403
    assert _call(http, key, user_headers(fake, fake.editor_user_id)).status_code not in (401, 403)


@pytest.mark.parametrize("key", _keys("app"))
def test_app_routes_need_a_user_admin_app_token(
    fake: FakeBeatTech, http: httpx.Client, key: str
) -> None:
    # The page refuses metadata writes with 400 "Insufficient permissions" (L6890, L6931).
    metadata_write = key in ("users.update_metadata", "users.delete_metadata")
    refused = 400 if metadata_write else 403
    assert _call(http, key, user_headers(fake)).status_code == refused
    plain = bearer(fake.issue_token(client_id=fake.other_client_id)["access_token"])
    answer = _call(http, key, plain)
    assert answer.status_code == refused
    if metadata_write:
        assert answer.json()["error_description"] == "Insufficient permissions"
    assert _call(http, key, app_headers(fake)).status_code not in (401, 403)


@pytest.mark.parametrize("key", _keys("partner"))
def test_partner_routes_answer_401_with_an_empty_body(
    fake: FakeBeatTech, http: httpx.Client, key: str
) -> None:
    for headers in (
        {},
        user_headers(fake),
        {"X-Auth-Client-Id": fake.client_id, "X-Auth-Client-Secret": "wrong"},
        {"X-Auth-Client-Id": "nobody", "X-Auth-Client-Secret": fake.client_secret},
    ):
        response = _call(http, key, headers)
        assert response.status_code == 401
        assert response.content == b""


@pytest.mark.parametrize("key", _keys("basic"))
def test_basic_routes_need_the_lcp_provider(
    fake: FakeBeatTech, http: httpx.Client, key: str
) -> None:
    wrong = base64.b64encode(b"lcp-provider:wrong").decode()
    for headers in ({}, user_headers(fake), {"Authorization": f"Basic {wrong}"}):
        response = _call(http, key, headers)
        assert response.status_code == 401
        assert response.headers["WWW-Authenticate"] == 'Basic realm="lcp"'


def test_every_operation_is_routed_by_its_paths_row(fake: FakeBeatTech) -> None:
    routed = {(route.method, route.template) for route in fake.routes}
    assert routed == {(route.method, route.path) for route in SPEC.routes.values()}


def test_every_operation_is_served() -> None:
    # The 501 fallback is for a subclass that removes a handler (below), never the fake.
    unserved = [
        key for key in SPEC.routes if not callable(getattr(FakeBeatTech, _handler(key), None))
    ]
    assert unserved == []


def _handler(key: str) -> str:
    return "on_" + key.replace(".", "_")


class _UnservedGroupList(FakeBeatTech):
    """The fake with ``release_groups.list`` left unserved, so its 501 names the route."""

    on_release_groups_list = None


def test_literal_segments_win_over_placeholders() -> None:
    fake = _UnservedGroupList()
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as http:
        response = http.get("/releases/groups", headers=app_headers(fake))
    assert response.status_code == 501
    assert "release_groups.list" in response.json()["error_description"]


class _WithoutBookmarkCreation(FakeBeatTech):
    """A fake that does not serve bookmarks.create (as before the operation was served)."""

    on_bookmarks_create = None


@pytest.fixture
def unserving() -> Iterator[tuple[FakeBeatTech, httpx.Client]]:
    fake = _WithoutBookmarkCreation(clock=lambda: NOW)
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as client:
        yield fake, client


def test_unserved_operations_answer_501_after_their_access_check(
    unserving: tuple[FakeBeatTech, httpx.Client],
) -> None:
    fake, http = unserving
    assert http.post("/bookmarks", json={}).status_code == 401
    response = http.post("/bookmarks", json={}, headers=user_headers(fake))
    assert response.status_code == 501
    assert response.json() == {
        "error": "not_implemented",
        "error_description": "FakeBeatTech does not serve bookmarks.create yet.",
    }


def test_errors_use_the_page_envelope(fake: FakeBeatTech, http: httpx.Client) -> None:
    missing = http.get("/nowhere", headers=user_headers(fake))
    assert missing.json() == {
        "error": "error_not_found",
        "error_description": "The requested resource was not found.",
    }
    wrong_method = http.put("/products", headers=user_headers(fake))
    assert wrong_method.status_code == 405
    assert set(wrong_method.json()) == {"error", "error_description"}
    fake.fail_next(503)
    assert http.get("/products").json()["error"] == "exception"


# -- Range paging (the notes' section 1i vectors) ----------------------------------------


def _tracks(http: httpx.Client, fake: FakeBeatTech, rng: str | None = None) -> httpx.Response:
    headers = user_headers(fake) | ({"Range": rng} if rng else {})
    return http.get("/tracks", params={"query": "chapter"}, headers=headers)


def _chapters(fake: FakeBeatTech) -> int:
    return sum("chapter" in track["title"].lower() for track in fake.catalog.tracks.values())


def test_first_page_without_range_is_the_default_window(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    total = _chapters(fake)
    assert total > 40
    response = _tracks(http, fake)
    assert response.status_code == 206
    assert response.headers["Content-Range"] == f"tracks 0-19/{total}"
    assert response.headers["Accept-Ranges"] == "tracks"
    assert len(response.json()["tracks"]) == 20
    following = _tracks(http, fake, "tracks=20-39")
    assert following.headers["Content-Range"] == f"tracks 20-39/{total}"
    ids = [t["id"] for t in response.json()["tracks"] + following.json()["tracks"]]
    assert len(set(ids)) == 40


def test_content_range_repeats_the_requested_window_on_a_short_page(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    total = _chapters(fake)
    response = _tracks(http, fake, f"tracks={total - 5}-{total + 14}")
    assert response.status_code == 206
    assert response.headers["Content-Range"] == f"tracks {total - 5}-{total + 14}/{total}"
    assert len(response.json()["tracks"]) == 5


def test_short_last_page_vector() -> None:
    request = httpx.Request("GET", "https://x.test/v2/tracks", headers={"Range": "tracks=40-59"})
    response = respond(request, key="tracks.search", items=list(range(45)),
                       wrap=lambda page: {"tracks": page}, settings=RangeSettings())  # fmt: skip
    assert response.status_code == 206
    assert response.headers["Content-Range"] == "tracks 40-59/45"
    assert response.json() == {"tracks": [40, 41, 42, 43, 44]}


@pytest.mark.parametrize("window", ["tracks=1000-999", "tracks=1000-1019", "tracks=5-4"])
def test_unsatisfiable_windows_are_416(fake: FakeBeatTech, http: httpx.Client, window: str) -> None:
    response = _tracks(http, fake, window)
    assert response.status_code == 416
    assert response.headers["Content-Range"] == f"tracks */{_chapters(fake)}"
    assert response.json()["error"] == "range_not_satisfiable"


def test_unknown_length_vector_then_416_ends_the_walk() -> None:
    settings = RangeSettings(length="unknown")

    def page(window: str) -> httpx.Response:
        request = httpx.Request("GET", "https://x.test/v2/events", headers={"Range": window})
        return respond(request, key="events.list", items=list(range(37)),
                       wrap=lambda items: {"events": items}, settings=settings)  # fmt: skip

    first = page("items=20-39")
    assert first.status_code == 206
    assert first.headers["Content-Range"] == "items 20-39/*"
    assert len(first.json()["events"]) == 17
    end = page("items=40-59")
    assert end.status_code == 416
    assert "Content-Range" not in end.headers


def test_length_can_be_left_out_as_the_page_example_does(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    fake.ranges.length = "omit"
    assert _tracks(http, fake, "tracks=0-49").headers["Content-Range"] == "tracks 0-49"


def test_a_server_that_ignores_range_answers_200_with_everything(
    fake: FakeBeatTech, http: httpx.Client
) -> None:
    fake.ranges.ignore = True
    response = _tracks(http, fake, "tracks=0-9")
    assert response.status_code == 200
    assert "Content-Range" not in response.headers
    assert len(response.json()["tracks"]) == _chapters(fake)


def test_empty_collection_is_an_empty_206(fake: FakeBeatTech, http: httpx.Client) -> None:
    response = http.get("/tracks", params={"query": "zzzz"}, headers=user_headers(fake))
    assert response.status_code == 206
    assert response.headers["Content-Range"] == "tracks 0-19/0"
    assert response.json() == {"tracks": []}
    later = http.get("/tracks", params={"query": "zzzz"},
                     headers=user_headers(fake) | {"Range": "tracks=20-39"})  # fmt: skip
    assert later.status_code == 416
    assert later.headers["Content-Range"] == "tracks */0"


@pytest.mark.parametrize("window", ["items=0-19", "bytes=0-19", "tracks=a-b", "tracks=0-"])
def test_another_unit_or_a_malformed_range_is_400(
    fake: FakeBeatTech, http: httpx.Client, window: str
) -> None:
    response = _tracks(http, fake, window)
    assert response.status_code == 400
    assert response.json()["error_developer"] == {"parameter": "Range", "unit": "tracks"}
    assert response.headers["Accept-Ranges"] == "tracks"


def test_default_window_per_operation(fake: FakeBeatTech, http: httpx.Client) -> None:
    fake.ranges.windows["tracks.search"] = 10
    assert _tracks(http, fake).headers["Content-Range"].startswith("tracks 0-9/")


@pytest.mark.parametrize(
    ("key", "window", "count"),
    [
        ("products.list", "products=20-39", 24), ("layouts.list", "items=0-49", 2),
        ("users.changes", "changes=0-99", 101), ("actors.list", "actors=0-19", 25),
        ("artists.search", "artists=20-39", 28), ("releases.list", "releases=20-39", 40),
        ("tracks.bookmarks", "bookmarks=20-39", 21), ("events.list", "items=0-9", 3),
        ("tracks.search", "tracks=0-49", 60),
    ],
)  # fmt: skip
def test_the_page_ranges_are_read_verbatim(key: str, window: str, count: int) -> None:
    unit, _, bounds = window.partition("=")
    assert UNITS[key] == unit
    first, last = map(int, bounds.split("-"))
    request = httpx.Request("GET", "https://x.test/v2/", headers={"Range": window})
    response = respond(request, key=key, items=list(range(count)),
                       wrap=lambda page: {"items": page}, settings=RangeSettings())  # fmt: skip
    assert response.status_code == 206
    assert response.headers["Content-Range"] == f"{unit} {first}-{last}/{count}"
    assert response.json()["items"] == list(range(count))[first : last + 1]


def test_units_cover_every_paged_row_of_the_tsv() -> None:
    from pathlib import Path

    table = Path(__file__).parents[1] / "fixtures" / "beattech" / "operations.tsv"
    by_route = {(r.method, r.path): key for key, r in SPEC.routes.items()}
    paged: dict[str, str] = {}
    for line in table.read_text("utf-8").splitlines():
        cells = line.split("\t")
        if line.startswith("#") or len(cells) < 7 or not cells[5].startswith("range:"):
            continue
        path = cells[3].removeprefix("/v2").split("?")[0]
        paged[by_route[(cells[2], path)]] = cells[5].split()[0].removeprefix("range:")
    # The page pages global events in items (its example), not the tsv's events.
    assert paged.pop("events.list") == "events"
    assert UNITS["events.list"] == "items"
    assert {key: UNITS[key] for key in paged} == paged
    assert set(UNITS) == set(paged) | {"events.list"}


# -- the subscription walkthrough (the page, lines 230-478) ------------------------------


@pytest.mark.parametrize("user_admin", [False, True])
def test_subscription_walkthrough(user_admin: bool) -> None:
    fake = FakeBeatTech(clock=lambda: NOW, user_admin=user_admin)
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as http:
        _walkthrough(fake, http)


def _walkthrough(fake: FakeBeatTech, http: httpx.Client) -> None:
    # 1. client-credentials token
    app = grant(http, fake, "client_credentials").json()
    assert set(app) == {"access_token", "expires_in", "token_type"}
    headers = bearer(app["access_token"])
    # 2. validate the e-mail: 202, empty body, the code goes out of band
    sent = http.post("/credentials", json={"type": 8, "credential": "user@example.com"},
                     headers=headers)  # fmt: skip
    assert (sent.status_code, sent.content) == (202, b"")
    email_token = fake.email_token("user@example.com")
    assert email_token is not None
    # 3. create the account with the client token
    signup = {"username": "user@example.com", "email": "user@example.com",
              "email_token": email_token, "password": "user-chosen"}  # fmt: skip
    created = http.post("/users", json=signup, headers=headers)
    assert created.status_code == 201
    user = created.json()["user"]
    assert (user["id"], user["username"]) == ("28392", "user@example.com")
    # 4. sign in
    login = grant(http, fake, "password", username="user@example.com", password="user-chosen")
    token = login.json()
    assert set(token) == USER_KEYS
    assert (token["token_type"], token["user_id"]) == ("Bearer", "28392")
    headers = bearer(token["access_token"])
    # 5a. setup intent
    intent = http.post("/billing/setupintents", json={"payment_type": 3, "product_id": "201"},
                       headers=headers).json()  # fmt: skip
    secret = intent["client_secret"]
    assert re.fullmatch(r"seti_[0-9a-f]{32}", secret)
    assert intent["setup_intent"] == {"payment_type": 3, "client_secret": secret}
    # 5b. the card form tokenizes; the reference is read back through Beat
    assert http.get("/billing/paymentmethods", params={"setupintent": secret},
                    headers=headers).json() == []  # fmt: skip
    reference = fake.complete_setup_intent(secret)
    methods = http.get("/billing/paymentmethods", params={"setupintent": secret},
                       headers=headers)  # fmt: skip
    assert (methods.status_code, methods.json()) == (200, [{"reference": reference}])
    # 5c. attach it
    attached = http.post(
        "/billing/paymentmethods", json={"payment_type": 3, "reference": reference}, headers=headers
    )
    assert attached.status_code == 200
    # 6. products, with and without Range
    products = http.get("/products", headers=headers)
    assert (products.status_code, products.headers["Content-Range"]) == (206, "products 0-19/24")
    second = http.get("/products", headers=headers | {"Range": "products=20-39"})
    assert second.headers["Content-Range"] == "products 20-39/24"
    assert [p["id"] for p in second.json()["products"]] == ["221", "222", "223", "224"]
    # 7. activate
    migrated = http.post("/users/28392/migrations",
                         json={"product_id": "201", "renewable": True, "confirmed": True},
                         headers=headers)  # fmt: skip
    assert migrated.status_code == 201
    # 8. list: the page's answer exactly (with the clock at 2026-04-01)
    listed = http.get("/users/28392/subscriptions", headers=headers)
    assert listed.status_code == 206
    (subscription,) = listed.json()["subscriptions"]
    assert {k: subscription[k] for k in ("id", "product_id", "state", "expiry_date")} == {
        "id": "9001", "product_id": "201", "state": 3, "expiry_date": "2026-05-01T00:00:00Z"
    }  # fmt: skip
    # 9. stop, then resume
    stopped = http.patch("/users/28392/subscriptions/9001", json={"state": 6}, headers=headers)
    assert stopped.json() == {"subscription": {
        "expiry_date": "2026-05-01T00:00:00Z", "next_billing_date": None, "state": 6
    }}  # fmt: skip
    resumed = http.patch("/users/28392/subscriptions/9001", json={"state": 3}, headers=headers)
    assert resumed.json()["subscription"]["state"] == 3
    # 10. deactivate
    gone = http.delete("/users/28392/subscriptions/9001", headers=headers)
    assert gone.status_code == 200
    assert http.get("/users/28392/subscriptions", headers=headers).json() == {"subscriptions": []}
    everything = http.get("/users/28392/subscriptions", params={"state": "all"}, headers=headers)
    assert [s["state"] for s in everything.json()["subscriptions"]] == [7]


def test_walkthrough_over_a_socket() -> None:
    fake = FakeBeatTech(clock=lambda: NOW, user_admin=False)
    with fake.serve() as server, httpx.Client(base_url=server.base_url, timeout=10) as http:
        assert server.base_url.endswith("/v2")
        _walkthrough(fake, http)


# -- determinism -------------------------------------------------------------------------


def test_same_seed_same_catalog_and_secrets() -> None:
    one, two = FakeBeatTech(seed=7), FakeBeatTech(seed=7)
    assert one.catalog == two.catalog
    assert one.products == two.products
    assert one.issue_token(one.user_id) == two.issue_token(two.user_id)


def test_another_seed_another_catalog() -> None:
    one, two = FakeBeatTech(seed=7), FakeBeatTech(seed=8)
    assert one.catalog.tracks != two.catalog.tracks
    assert one.issue_token()["access_token"] != two.issue_token()["access_token"]


def test_default_seed_is_stable(fake: FakeBeatTech) -> None:
    assert len(fake.catalog.artists) == 28
    assert len(fake.catalog.series) == 3
    assert [p["id"] for p in fake.products.values()] == [str(i) for i in range(201, 225)]
    roles = {actor["role"] for r in fake.catalog.releases.values() for actor in r["actors"]}
    assert roles == {"main-artist", "author", "narrator"}


def test_repr_keeps_secrets_out(fake: FakeBeatTech) -> None:
    token = fake.issue_token(fake.user_id)
    text = repr(fake) + repr(fake.clients) + repr(fake.partners) + repr(fake.add_user("x"))
    for secret in (fake.client_secret, token["access_token"], token["refresh_token"],
                   "fake-password", "fake-web-secret"):  # fmt: skip
        assert secret not in text


@pytest.mark.parametrize("field", ["client_secret", "password"])
def test_non_ascii_secrets_are_wrong_not_a_crash(
    fake: FakeBeatTech, http: httpx.Client, field: str
) -> None:
    fields = {"username": fake.username, "password": fake.password, field: "pässwörd"}
    response = grant(http, fake, "password", **fields)
    assert response.status_code in (400, 401)
    assert response.json()["error"] in ("invalid_grant", "invalid_client")


def test_non_ascii_partner_secret_is_401(fake: FakeBeatTech, http: httpx.Client) -> None:
    secret = "sécret".encode()
    headers = {"X-Auth-Client-Id": fake.client_id.encode(), "X-Auth-Client-Secret": secret}
    response = http.delete("/partnerusers/activations/1", headers=headers)
    assert (response.status_code, response.content) == (401, b"")
