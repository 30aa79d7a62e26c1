"""``bt.passwords``, ``bt.activations`` and ``bt.partner_users`` against
:class:`~beatkit.testing.FakeBeatTech`: the request the fake saw and the typed result.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest

from beatkit.beattech import Activation, AsyncBeatTech, PartnerActivation, SubscriptionState
from beatkit.errors import (
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    NotFoundError,
    PermissionDeniedError,
    ResponseDecodeError,
    ServerError,
)
from beatkit.testing import FakeBeatTech

Make = Callable[..., AsyncBeatTech]
ONBOARDING = ("beatkit-fake-onboarding", "fake-onboarding-secret")
NEW_PASSWORD = "new-Secret-pw-42"


@pytest.fixture
def fake() -> FakeBeatTech:
    fake = FakeBeatTech()
    # A partner onboarding integration allowed to have reset codes returned.
    fake.add_client(*ONBOARDING, scopes=["return-password-code"])
    return fake


@pytest.fixture
async def make(fake: FakeBeatTech) -> AsyncIterator[Make]:
    """Clients on the fake (its default client unless told); all closed afterwards."""
    clients: list[AsyncBeatTech] = []

    def factory(**kwargs: Any) -> AsyncBeatTech:
        options: dict[str, Any] = {
            "client_id": fake.client_id,
            "client_secret": fake.client_secret,
            "base_url": fake.base_url,
            "http_client": httpx.AsyncClient(transport=fake.transport()),
        }
        options.update(kwargs)
        client = AsyncBeatTech(**options)
        clients.append(client)
        return client

    yield factory
    for client in clients:
        await client._transport.http_client.aclose()


def api_requests(fake: FakeBeatTech) -> list[httpx.Request]:
    """Every request the fake saw, token requests left out."""
    return [r for r in fake.requests if not r.url.path.endswith("/oauth2/token")]


def body(request: httpx.Request) -> Any:
    assert request.headers["content-type"] == "application/json"
    return json.loads(request.content)


async def app_bearer(bt: AsyncBeatTech) -> str:
    return f"Bearer {(await bt.auth.app_token()).access_token}"


# -- passwords -----------------------------------------------------------------------------------


async def test_password_reset_by_email(
    fake: FakeBeatTech, make: Make, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="beatkit")
    bt = make()
    assert await bt.passwords.request_reset(email=fake.username) is None
    code = fake.password_reset_code(email=fake.username.upper())
    assert code is not None
    assert await bt.passwords.reset(code, NEW_PASSWORD, email=fake.username) is None

    request, reset = api_requests(fake)
    assert (request.method, request.url.path) == ("POST", "/v2/passwords/requests")
    assert body(request) == {"email": fake.username}
    assert (reset.method, reset.url.path) == ("POST", "/v2/passwords")
    assert body(reset) == {"email": fake.username, "code": code, "password": NEW_PASSWORD}
    assert request.headers["authorization"] == reset.headers["authorization"]
    assert request.headers["authorization"] == await app_bearer(bt)
    # The new password logs in; the code was used up.
    await bt.auth.login(fake.username, NEW_PASSWORD)
    with pytest.raises(NotFoundError):
        await bt.passwords.reset(code, "another-pw-43", email=fake.username)
    assert code not in caplog.text and NEW_PASSWORD not in caplog.text


async def test_password_reset_by_sms_with_a_user_token(fake: FakeBeatTech, make: Make) -> None:
    bt = make()
    await bt.auth.login(fake.username, fake.password)
    msisdn = fake.users[fake.user_id]["msisdn"]
    assert await bt.passwords.request_reset(msisdn=f"+{msisdn}") is None
    code = fake.password_reset_code(msisdn=msisdn)
    assert code is not None and len(code) == 6 and code.isdigit()
    wrong = "000000" if code != "000000" else "111111"
    with pytest.raises(NotFoundError):
        await bt.passwords.reset(wrong, NEW_PASSWORD, msisdn=msisdn)
    await bt.passwords.reset(code, NEW_PASSWORD, msisdn=msisdn)
    request = api_requests(fake)[0]
    assert body(request) == {"msisdn": f"+{msisdn}"}
    token = bt.auth.token
    assert token is not None and request.headers["authorization"] == f"Bearer {token.access_token}"
    assert fake.users[fake.user_id]["password"] == NEW_PASSWORD


async def test_an_unknown_account_gets_the_same_answer(fake: FakeBeatTech, make: Make) -> None:
    bt = make()
    assert await bt.passwords.request_reset(email="nobody@example.com") is None
    assert fake.password_reset_code(email="nobody@example.com") is None
    with pytest.raises(NotFoundError):
        await bt.passwords.reset("123456", NEW_PASSWORD, email="nobody@example.com")


async def test_a_weak_new_password_is_refused(fake: FakeBeatTech, make: Make) -> None:
    bt = make()
    await bt.passwords.request_reset(email=fake.username)
    code = fake.password_reset_code(email=fake.username)
    assert code is not None
    with pytest.raises(BadRequestError, match="password"):
        await bt.passwords.reset(code, "short", email=fake.username)
    assert fake.users[fake.user_id]["password"] == fake.password


async def test_return_code_needs_the_scope(fake: FakeBeatTech, make: Make) -> None:
    plain = make()
    with pytest.raises(PermissionDeniedError) as caught:
        await plain.passwords.request_reset(email=fake.username, return_code=True)
    assert caught.value.code == "insufficient_scope"
    assert body(api_requests(fake)[-1]) == {"email": fake.username, "return": True}
    assert fake.password_reset_code(email=fake.username) is None

    client_id, client_secret = ONBOARDING
    onboarding = make(client_id=client_id, client_secret=client_secret)
    code = await onboarding.passwords.request_reset(email=fake.username, return_code=True)
    assert code is not None and code == fake.password_reset_code(email=fake.username)
    assert fake.password_resets[("email", fake.username)]["delivered"] is False
    await onboarding.passwords.reset(code, NEW_PASSWORD, email=fake.username)
    assert fake.users[fake.user_id]["password"] == NEW_PASSWORD


async def test_a_returned_code_that_is_not_text_is_refused_without_showing_it(
    fake: FakeBeatTech, make: Make, caplog: pytest.LogCaptureFixture
) -> None:
    client_id, client_secret = ONBOARDING
    onboarding = make(client_id=client_id, client_secret=client_secret)
    await onboarding.passwords.request_reset(email=fake.username)  # gets the app token
    for code in (482913, ["482913"], {"value": "482913"}):
        fake.fail_next(201, body={"code": code})
        with pytest.raises(ResponseDecodeError) as caught:
            await onboarding.passwords.request_reset(email=fake.username, return_code=True)
        shown = f"{caught.value} {caught.value!r} {caught.value.body!r} {caplog.text}"
        assert "482913" not in shown


async def test_password_arguments_are_checked_before_sending(
    fake: FakeBeatTech, make: Make
) -> None:
    bt = make()
    with pytest.raises(ValueError, match="exactly one"):
        await bt.passwords.request_reset()
    with pytest.raises(ValueError, match="exactly one"):
        await bt.passwords.request_reset(email="a@example.com", msisdn="4712345678")
    with pytest.raises(ValueError, match="email"):
        await bt.passwords.request_reset(email=" ")
    with pytest.raises(TypeError, match="return_code"):
        await bt.passwords.request_reset(email="a@example.com", return_code="yes")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="exactly one"):
        await bt.passwords.reset("123456", NEW_PASSWORD)
    with pytest.raises(ValueError, match="code"):
        await bt.passwords.reset("", NEW_PASSWORD, email="a@example.com")
    with pytest.raises(TypeError, match="password"):
        await bt.passwords.reset("123456", None, email="a@example.com")  # type: ignore[arg-type]
    assert fake.requests == []


# -- partner users and activations ---------------------------------------------------------------


async def activate(bt: AsyncBeatTech, email: str = "new@example.com") -> PartnerActivation:
    return await bt.partner_users.activate(
        "PARTNER-USR-123",
        201,
        user={"email": email, "firstname": "Kari", "password": "partner-pw-1"},
    )


def confirmation_code(activation: PartnerActivation) -> str:
    url = activation.activation.confirmation_url
    assert url is not None
    code: str = httpx.URL(url).params["confirmation_code"]
    return code


async def test_partner_activation_then_the_users_confirmation(
    fake: FakeBeatTech, make: Make
) -> None:
    partner = make()
    result = await activate(partner)
    assert result.user.was_user_created is True
    assert result.user.was_requested_password_applied is True
    activation = result.activation
    code = confirmation_code(result)
    assert code not in repr(result)
    (post,) = api_requests(fake)
    assert (post.method, post.url.path) == ("POST", "/v2/partnerusers/activations")
    assert body(post) == {
        "partneruser": {"external_id": "PARTNER-USR-123"},
        "user": {"email": "new@example.com", "firstname": "Kari", "password": "partner-pw-1"},
        "product": {"id": "201"},
    }
    assert post.headers["x-auth-client-id"] == fake.client_id
    assert "authorization" not in post.headers
    subscription = fake.subscriptions[fake.activations[activation.id]["subscription_id"]]
    assert subscription["state"] == SubscriptionState.INCOMPLETE

    # The landing page looks the code up with the app token...
    visitor = make()
    (found,) = await visitor.activations.lookup(code)
    assert isinstance(found, Activation) and found.id == activation.id
    assert found.extra["was_user_created"] is True and found.extra["state"] == "PENDING"
    lookup = api_requests(fake)[-1]
    assert (lookup.method, lookup.url.path) == ("GET", "/v2/activations")
    assert dict(lookup.url.params) == {"confirmation_code": code}
    assert lookup.headers["authorization"] == await app_bearer(visitor)
    assert await visitor.activations.lookup("no-such-code") == []

    # ...then the user logs in and confirms: 200 the first time, 208 afterwards.
    user = make()
    await user.auth.login("new@example.com", "partner-pw-1")
    assert await user.activations.confirm(int(activation.id)) is True
    confirm = api_requests(fake)[-1]
    assert (confirm.method, confirm.url.path) == ("PATCH", f"/v2/activations/{activation.id}")
    assert body(confirm) == {"state": "CONFIRMED"}
    token = user.auth.token
    assert token is not None and confirm.headers["authorization"] == f"Bearer {token.access_token}"
    assert subscription["state"] == SubscriptionState.ACTIVE
    assert await user.activations.confirm(activation.id) is False
    (found,) = await visitor.activations.lookup(code)
    assert found.extra["state"] == "CONFIRMED"


async def test_confirm_refusals(fake: FakeBeatTech, make: Make) -> None:
    result = await activate(make())
    nobody = make()
    with pytest.raises(ConfigurationError):
        await nobody.activations.confirm(result.activation.id)
    other = make()
    await other.auth.login(fake.username, fake.password)
    with pytest.raises(PermissionDeniedError):
        await other.activations.confirm(result.activation.id)
    with pytest.raises(NotFoundError):
        await other.activations.confirm("424242")
    with pytest.raises(ValueError, match="activation_id"):
        await other.activations.confirm(-1)
    with pytest.raises(ValueError, match="confirmation_code"):
        await other.activations.lookup("  ")
    assert [r.url.path for r in api_requests(fake)][1:] == [
        f"/v2/activations/{result.activation.id}",
        "/v2/activations/424242",
    ]


async def test_a_confirmation_code_stays_out_of_logs_and_errors(
    fake: FakeBeatTech, make: Make, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="beatkit")
    bt = make(max_retries=0)
    await bt.auth.app_token()
    assert await bt.activations.lookup("conf-SECRET-code") == []
    fake.fail_next(500)
    with pytest.raises(ServerError) as caught:
        await bt.activations.lookup("conf-SECRET-code")
    assert "/v2/activations" in caplog.text
    shown = caplog.text + str(caught.value) + repr(caught.value)
    assert "conf-SECRET-code" not in shown


async def test_partner_end(fake: FakeBeatTech, make: Make) -> None:
    partner = make()
    result = await activate(partner)
    assert await partner.partner_users.end(result.activation.id) is None
    end = api_requests(fake)[-1]
    assert (end.method, end.url.path) == (
        "DELETE",
        f"/v2/partnerusers/activations/{result.activation.id}",
    )
    assert end.headers["x-auth-client-secret"] == fake.client_secret
    subscription = fake.subscriptions[fake.activations[result.activation.id]["subscription_id"]]
    assert subscription["state"] == SubscriptionState.DEACTIVATED
    with pytest.raises(BadRequestError):
        await partner.partner_users.end(result.activation.id)
    with pytest.raises(NotFoundError):
        await partner.partner_users.end("424242")
    stranger = make(partner_client_id="unknown-partner", partner_client_secret="wrong")
    with pytest.raises(AuthenticationError):
        await stranger.partner_users.end(result.activation.id)


async def test_partner_activation_of_an_unknown_user_without_details(
    fake: FakeBeatTech, make: Make
) -> None:
    partner = make()
    with pytest.raises(NotFoundError):
        await partner.partner_users.activate("NEVER-SEEN", "201")
    again = await activate(partner)
    # The partner now knows the user: no details needed, the same activation answers.
    known = await partner.partner_users.activate("PARTNER-USR-123", "201")
    assert known.activation.id == again.activation.id
    assert known.user.id == again.user.id and known.user.was_user_created is False


async def test_partner_activation_reads_integer_ids_as_text(fake: FakeBeatTech, make: Make) -> None:
    # The page types ids as integers in many places (L37-39 says strings): the converter
    # reads a JSON integer id as its text everywhere, the partner's answer's user too.
    fake.fail_next(
        200,
        body={
            "activation": {"id": 9001, "url": "https://x.invalid/a"},
            "user": {"id": 5667, "was_user_created": False},
        },
    )
    result = await make().partner_users.activate("PARTNER-USR-123", "201")
    assert (result.activation.id, result.user.id) == ("9001", "5667")
    assert result.user.was_user_created is False
