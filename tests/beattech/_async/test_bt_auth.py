"""``bt.auth``: every login's exact form, the tokens kept, the referrer sent once.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from beatkit.auth import MemoryTokenStore, Token
from beatkit.beattech import AsyncBeatTech, AuthContext
from beatkit.errors import AuthenticationError, ConfigurationError

Make = Callable[..., AsyncBeatTech]


def credentials(beat: Any) -> dict[str, str]:
    return {"client_id": beat.client_id, "client_secret": beat.client_secret}


async def test_password_login(beat: Any, make: Make) -> None:
    store = MemoryTokenStore()
    seen: list[Token] = []
    bt = make(store=store, on_token=seen.append)
    token = await bt.auth.login(beat.username, beat.password)
    assert beat.forms == [
        {
            "grant_type": "password",
            "username": beat.username,
            "password": beat.password,
            **credentials(beat),
        }
    ]
    assert token is bt.auth.token
    assert bt.auth.user_id == beat.user_id
    assert store.load() == token
    assert seen == [token]
    assert "logged_in=True" in repr(bt) and beat.user_id in repr(bt)


async def test_install_referrer_is_sent_with_one_successful_login_only(
    beat: Any, make: Make
) -> None:
    bt = make()
    with pytest.raises(AuthenticationError):
        await bt.auth.login(beat.username, "wrong", install_referrer="u_12345")
    await bt.auth.login(beat.username, beat.password, install_referrer="u_12345")
    await bt.auth.login(beat.username, beat.password, install_referrer="u_12345")
    await bt.auth.refresh()
    assert ["install_referrer" in form for form in beat.forms] == [True, True, False, False]
    assert beat.forms[1]["install_referrer"] == "u_12345"


async def test_install_referrer_goes_with_the_first_login_whatever_its_grant(
    beat: Any, make: Make
) -> None:
    # The page: optional on any grant, sent once. A first login by SMS code is tracked too.
    bt = make()
    await bt.auth.login_verification_code("1234", msisdn="4712345678", install_referrer="u_9")
    await bt.auth.login_signed_msisdn("4712345678", "SIG", install_referrer="u_9")
    await bt.auth.login_openid_handle("HANDLE", install_referrer="u_9")
    with pytest.warns(DeprecationWarning, match="coupon"):
        await bt.auth.login_coupon("CODE", install_referrer="u_9")
    assert [form.get("install_referrer") for form in beat.forms] == ["u_9", None, None, None]
    with pytest.raises(ValueError, match="install_referrer"):
        await bt.auth.login_openid_handle("HANDLE", install_referrer=" ")


async def test_scope_is_sent_when_asked(beat: Any, make: Make) -> None:
    bt = make()
    await bt.auth.login(beat.username, beat.password, scope="read write")
    assert beat.forms[0]["scope"] == "read write"


async def test_a_refused_login_names_the_login_and_hides_the_password(
    beat: Any, make: Make
) -> None:
    bt = make()
    beat.token_replies.append(
        httpx.Response(
            400,
            json={
                "error": "invalid_grant",
                "error_description": "Wrong password BAD-PW-1 for user",
                "password": "BAD-PW-1",
            },
        )
    )
    with pytest.raises(AuthenticationError) as info:
        await bt.auth.login(beat.username, "BAD-PW-1")
    error = info.value
    assert error.code == "invalid_grant"
    assert error.message.startswith("Beat Technology password login failed")
    assert "log in again" not in str(error)
    assert "BAD-PW-1" not in str(error) and "BAD-PW-1" not in repr(error.body)
    assert bt.auth.token is None


async def test_signed_msisdn(beat: Any, make: Make) -> None:
    bt = make()
    await bt.auth.login_signed_msisdn("8801600000199", "87r1uhasdyfp13jskfd")
    assert beat.forms == [
        {
            "grant_type": "signed_msisdn",
            "msisdn": "8801600000199",
            "msisdn_signature": "87r1uhasdyfp13jskfd",
            **credentials(beat),
        }
    ]
    assert bt.auth.user_id == beat.user_id


async def test_verification_code_after_send_code(beat: Any, make: Make) -> None:
    bt = make()
    beat.on("POST", "/v2/codes", httpx.Response(201))
    await bt.auth.send_code(msisdn="4712345678")
    (sent,) = beat.api
    assert beat.json(sent) == {"msisdn": "4712345678"}
    assert sent.headers["content-type"] == "application/json"
    assert sent.headers["authorization"] == "Bearer app-1"  # no user yet: the app token
    await bt.auth.login_verification_code("1234", msisdn="4712345678")
    await bt.auth.login_verification_code("1234", user_id=1111)
    assert beat.forms[1:] == [
        {
            "grant_type": "verification_code",
            "msisdn": "4712345678",
            "code": "1234",
            **credentials(beat),
        },
        {"grant_type": "verification_code", "user_id": "1111", "code": "1234", **credentials(beat)},
    ]
    with pytest.raises(ValueError, match="exactly one"):
        await bt.auth.login_verification_code("1234")
    with pytest.raises(ValueError, match="exactly one"):
        await bt.auth.login_verification_code("1234", msisdn="1", user_id="2")
    assert len(beat.forms) == 3


async def test_coupon_login_is_deprecated(beat: Any, make: Make) -> None:
    bt = make()
    with pytest.warns(DeprecationWarning, match="coupon"):
        await bt.auth.login_coupon("test1")
    assert beat.forms == [{"grant_type": "coupon", "code": "test1", **credentials(beat)}]


async def test_openid(beat: Any, make: Make) -> None:
    bt = make()
    context = {"context": {"id": "c1", "url": "https://idp.example/auth", "handle": "HANDLE-1"}}
    beat.on("POST", "/v2/oauth2/contexts", httpx.Response(200, json=context))
    started = await bt.auth.start_openid(42, redirect_url="https://app.example/done")
    assert isinstance(started, AuthContext)
    assert (started.url, started.handle, started.id) == (
        "https://idp.example/auth",
        "HANDLE-1",
        "c1",
    )
    (sent,) = beat.api
    assert "authorization" not in sent.headers  # public: no token at all
    assert sent.headers["content-type"] == "application/json"
    assert beat.json(sent) == {"partner_id": "42", "redirect_url": "https://app.example/done"}
    assert beat.forms == []
    assert started.handle is not None
    await bt.auth.login_openid_handle(started.handle)
    assert beat.forms == [
        {"grant_type": "openid_handle", "handle": "HANDLE-1", **credentials(beat)}
    ]


async def test_clone_token(beat: Any, make: Make) -> None:
    bt = make()
    await bt.auth.clone_token("OTHER-CLIENT-TOKEN")
    assert beat.forms == [
        {"grant_type": "clone_token", "access_token": "OTHER-CLIENT-TOKEN", **credentials(beat)}
    ]
    assert bt.auth.token is not None and bt.auth.token.access_token == "user-1"


async def test_switch_account_user(beat: Any, make: Make) -> None:
    bt = make()
    with pytest.raises(ConfigurationError, match="logged-in user"):
        await bt.auth.switch_account_user("5667")
    login = await bt.auth.login(beat.username, beat.password)
    token = await bt.auth.switch_account_user(5667)
    assert beat.forms[-1] == {
        "grant_type": "account_user",
        "access_token": login.access_token,
        "user_id": "5667",
        **credentials(beat),
    }
    # The fake's answer names no user_id: the profile switched to is recorded.
    assert bt.auth.user_id == "5667"
    assert token.extra["user_id"] == "5667"
    await bt.auth.switch_account_user("1", access_token="A-PROFILE-TOKEN")
    assert beat.forms[-1]["access_token"] == "A-PROFILE-TOKEN"


async def test_a_switched_profile_is_saved_and_reported_with_its_user_id(
    beat: Any, make: Make
) -> None:
    # An app that keeps tokens through on_token or a store must get the profile's id too.
    store, seen = MemoryTokenStore(), []
    bt = make(store=store, on_token=seen.append)
    await bt.auth.login(beat.username, beat.password)
    await bt.auth.switch_account_user(5669)
    assert seen[-1].extra["user_id"] == "5669"
    saved = store.load()
    assert saved is not None and saved.extra["user_id"] == "5669"


async def test_forced_refresh_keeps_user_id(beat: Any, make: Make) -> None:
    bt = make()
    with pytest.raises(ConfigurationError, match="refresh"):
        await bt.auth.refresh()
    login = await bt.auth.login(beat.username, beat.password)
    beat.refresh_sends_refresh_token = False
    fresh = await bt.auth.refresh()
    assert beat.forms[-1] == {
        "grant_type": "refresh_token",
        "refresh_token": login.refresh_token,
        **credentials(beat),
    }
    assert fresh.access_token != login.access_token
    assert fresh.refresh_token == login.refresh_token
    assert bt.auth.user_id == beat.user_id


async def test_app_token_is_fetched_once(beat: Any, make: Make) -> None:
    bt = make()
    tokens = [await bt.auth.app_token(), await bt.auth.app_token()]
    assert tokens[0] is tokens[1]
    assert beat.forms == [{"grant_type": "client_credentials", **credentials(beat)}]
    assert tokens[0].refresh_token is None


async def test_app_store_keeps_the_app_token(beat: Any, make: Make) -> None:
    app_store = MemoryTokenStore()
    bt = make(app_store=app_store)
    token = await bt.auth.app_token()
    assert app_store.load() == token
    again = make(app_store=app_store)
    assert await again.auth.app_token() == token
    assert beat.grants() == ["client_credentials"]


async def test_logout_and_set_token(beat: Any, make: Make) -> None:
    store = MemoryTokenStore()
    bt = make(store=store)
    beat.on("GET", "/v2/artists/7", httpx.Response(200, json={"artist": {"id": "7"}}))
    await bt.auth.login(beat.username, beat.password)
    bt.auth.logout()
    assert bt.auth.token is None and store.load() is None and bt.auth.user_id is None
    await bt.artists.get(7)
    assert beat.tokens_seen() == ["Bearer app-2"]
    with pytest.raises(ConfigurationError):
        await bt.billing.payment_methods()
    bt.auth.set_token("A-SAVED-TOKEN")
    await bt.artists.get(7)
    assert beat.tokens_seen()[-1] == "Bearer A-SAVED-TOKEN"
    bt.auth.clear_token()
    assert bt.auth.token is None


async def test_arguments_are_checked_before_sending(beat: Any, make: Make) -> None:
    bt = make()
    with pytest.raises(ValueError, match="password"):
        await bt.auth.login(beat.username, " ")
    with pytest.raises(TypeError, match="msisdn_signature"):
        await bt.auth.login_signed_msisdn("1", None)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="handle"):
        await bt.auth.login_openid_handle("")
    with pytest.raises(ConfigurationError):
        bt.auth.set_token("  ")
    assert beat.forms == [] and beat.api == []
