# GENERATED from tests/beattech/_async/test_users.py by scripts/unasync.py: edit the async source.
"""``bt.users`` (and ``bt.subscriptions``) against FakeBeatTech: every operation through the
public client, the request the fake saw (method, path, headers, body, token) and the typed
result; the argument checks fail before anything is sent.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator, Callable
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest

from beatkit._core._sync.pagers import Pager
from beatkit.beattech import (
    BeatTech,
    Balance,
    ChargeRef,
    Coupon,
    CredentialType,
    Event,
    PaymentType,
    Redemption,
    Release,
    ReleaseGroup,
    SubscriptionState,
    Tracking,
    User,
)
from beatkit.errors import (
    BadRequestError,
    ConfigurationError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    ResponseDecodeError,
    ServerError,
)
from beatkit.testing.beattech import FakeBeatTech

NOW = datetime(2026, 4, 1, 12, 0, tzinfo=UTC)
Make = Callable[..., BeatTech]


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("BEATTECH_TENANT", "BEATTECH_CLIENT_ID", "BEATTECH_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def now() -> list[float]:
    return [NOW.timestamp()]


@pytest.fixture
def fake(now: list[float]) -> FakeBeatTech:
    return FakeBeatTech(clock=lambda: now[0])


@pytest.fixture
def make(fake: FakeBeatTech) -> Iterator[Make]:
    """Clients on the fake's in-process transport; all are closed afterwards."""
    clients: list[BeatTech] = []

    def factory(**kwargs: Any) -> BeatTech:
        options: dict[str, Any] = {
            "client_id": fake.client_id,
            "client_secret": fake.client_secret,
            "base_url": fake.base_url,
            "http_client": httpx.Client(transport=fake.transport()),
        }
        options.update(kwargs)
        client = BeatTech(fake.tenant, **options)
        clients.append(client)
        return client

    yield factory
    for client in clients:
        client._transport.http_client.close()


@pytest.fixture
def bt(make: Make, fake: FakeBeatTech) -> BeatTech:
    """A client logged in as the fake's user (``5667``, master of account 1)."""
    client = make()
    client.auth.login(fake.username, fake.password)
    return client


def api_requests(fake: FakeBeatTech) -> list[httpx.Request]:
    """What the fake received, the token endpoint left out."""
    return [r for r in fake.requests if not r.url.path.endswith("/oauth2/token")]


def last(fake: FakeBeatTech) -> httpx.Request:
    return api_requests(fake)[-1]


def body(request: httpx.Request) -> Any:
    return json.loads(request.content)


def user_token(bt: BeatTech, request: httpx.Request) -> bool:
    """Whether ``request`` went with the logged-in user's token (else the app's)."""
    token = bt.auth.token
    return token is not None and request.headers["authorization"] == f"Bearer {token.access_token}"


def app_token(bt: BeatTech, request: httpx.Request) -> bool:
    """Whether ``request`` went with the app (client credentials) token."""
    token = bt.auth.app_token()
    return request.headers["authorization"] == f"Bearer {token.access_token}"


def collect(pager: Pager[Any]) -> list[Any]:
    return [item for item in pager]


# --- search ------------------------------------------------------------------------------------


def test_search_account_users_with_the_user_token(
    bt: BeatTech, fake: FakeBeatTech
) -> None:
    users = collect(bt.users.search(account_users=True))
    assert [u.id for u in users] == [fake.user_id, fake.profile_user_id]
    assert all(isinstance(u, User) for u in users) and users[0].email == fake.username
    request = last(fake)
    assert (request.method, request.url.path) == ("GET", "/v2/users")
    assert dict(request.url.params) == {"account_users": "true"}
    assert "range" not in request.headers and user_token(bt, request)


def test_search_account_users_needs_a_logged_in_user(make: Make, fake: FakeBeatTech) -> None:
    anonymous = make()
    with pytest.raises(ConfigurationError, match="log in"):
        anonymous.users.search(account_users=True)
    assert fake.requests == []


def test_search_by_email_is_for_user_admins(bt: BeatTech, fake: FakeBeatTech) -> None:
    found = collect(bt.app.users.search(email="READER@example.com"))
    assert [u.id for u in found] == [fake.user_id] and found[0].msisdn == "4791234567"
    assert dict(last(fake).url.params) == {"email": "READER@example.com"}
    assert app_token(bt, last(fake))
    with pytest.raises(PermissionDeniedError):
        collect(bt.users.search(msisdn="4791234567"))
    assert user_token(bt, last(fake))


def test_search_by_external_id_answers_base_users(
    bt: BeatTech, fake: FakeBeatTech
) -> None:
    made = bt.partner_users.activate(
        "ext-42", "201", user={"email": "partner-user@example.com", "firstname": "Per"}
    )
    found = collect(
        bt.users.search(external_user_id="ext-42", external_provider_id=1, page_size=5)
    )
    assert [(u.id, u.firstname, u.email) for u in found] == [(made.user.id, "Per", None)]
    request = last(fake)
    assert dict(request.url.params) == {"external_user_id": "ext-42", "external_provider_id": "1"}
    assert request.headers["range"] == "users=0-4"


def test_search_by_query_hides_private_profiles(
    bt: BeatTech, fake: FakeBeatTech
) -> None:
    other = fake.add_user("grace@example.com", email="grace@example.com", lastname="Lovelace")
    hidden = fake.add_user("hidden@example.com", email="hidden@example.com", lastname="Lovelace")
    fake.users[hidden.id]["privacy_profile_private"] = True
    found = collect(bt.users.search(query="lovelace"))
    assert [u.id for u in found] == [fake.user_id, fake.profile_user_id, other.id]
    # Base objects for a user token's full-text search: no e-mail addresses.
    assert {u.email for u in found} == {None}
    assert dict(last(fake).url.params) == {"query": "lovelace"}


def test_search_checks_its_criteria_before_sending(
    bt: BeatTech, fake: FakeBeatTech
) -> None:
    sent = len(fake.requests)
    with pytest.raises(ValueError, match="needs email"):
        bt.users.search()
    with pytest.raises(ValueError, match="go together"):
        bt.users.search(external_user_id="ext-1")
    with pytest.raises(TypeError):
        bt.users.search(account_users=1)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="blank"):
        bt.users.search(email=" ")
    assert len(fake.requests) == sent


# --- create, get, update -------------------------------------------------------------------------


def test_signup_on_the_app_token_then_get(make: Make, fake: FakeBeatTech) -> None:
    bt = make()
    bt.credentials.request_verification(CredentialType.EMAIL, "new@example.com")
    token = fake.email_token("new@example.com")
    assert token is not None
    user = bt.users.create(
        email="new@example.com", email_token=token, password="pw-1", newsletter=True
    )
    request = last(fake)
    assert (request.method, request.url.path) == ("POST", "/v2/users")
    assert body(request) == {
        "email": "new@example.com",
        "email_token": token,
        "password": "pw-1",
        "newsletter": True,
    }
    assert app_token(bt, request)
    assert (user.id, user.username, user.newsletter) == ("28392", "new@example.com", True)
    bt.auth.login("new@example.com", "pw-1")
    assert (bt.users.get()).id == user.id
    assert last(fake).url.path == f"/v2/users/{user.id}" and user_token(bt, last(fake))


def test_get_with_image_sizes(bt: BeatTech, fake: FakeBeatTech) -> None:
    user = bt.users.get(fake.profile_user_id, image_sizes={"user": ["w50", "h200"]})
    assert (user.id, user.profile_type) == (fake.profile_user_id, "child")
    assert last(fake).headers["x-user-image-sizes"] == "w50,h200"
    assert set(user.image) == {"w50", "h200"}
    with pytest.raises(PermissionDeniedError):
        bt.users.get(fake.editor_user_id)
    assert (bt.app.users.get(fake.editor_user_id)).id == fake.editor_user_id


def test_update_sends_the_fields_and_change_headers(
    bt: BeatTech, fake: FakeBeatTech
) -> None:
    changed = NOW + timedelta(hours=2)
    user = bt.users.update(
        base_change=0,
        changed_at=changed,
        firstname="Augusta",
        privacy_profile_private=True,
        payment_type=PaymentType.REEPAY,
        profile_type="standard",
    )
    request = last(fake)
    assert (request.method, request.url.path) == ("PATCH", f"/v2/users/{fake.user_id}")
    assert body(request) == {
        "firstname": "Augusta",
        "privacy_profile_private": True,
        "payment_type": 4,
        "profile_type": "standard",
    }
    assert request.headers["x-base-change"] == "0"
    assert request.headers["x-change-timestamp"] == "2026-04-01T14:00:00Z"
    # Never the page's spelling X-Base_Change.
    assert "x-base_change" not in request.headers and user_token(bt, request)
    assert (user.firstname, user.privacy_profile_private) == ("Augusta", True)
    assert user.payment_type is PaymentType.REEPAY
    assert (bt.users.get()).firstname == "Augusta"


@pytest.mark.parametrize("payment_type", [0, 3, 4, 5, 10, 99])
def test_update_takes_every_payment_type_a_tenant_may_use(
    bt: BeatTech, fake: FakeBeatTech, payment_type: int
) -> None:
    # The page names Stripe (3), Billwerk/Reepay (4), Vipps and Paystack as payment types
    # (L336, L2040-2082) but leaves the numbers to a user-object list it lacks (L6154,
    # "payment_type": 0 in the sample): the fake takes any of them, as PaymentType is open.
    user = bt.users.update(payment_type=payment_type)
    assert body(last(fake)) == {"payment_type": payment_type}
    assert user.payment_type == payment_type
    assert user.payment_type.is_known is (payment_type in (3, 4))  # type: ignore[union-attr]
    assert fake.users[fake.user_id]["payment_type"] == payment_type


def test_the_fake_refuses_a_payment_type_that_is_no_number(fake: FakeBeatTech) -> None:
    # The client checks this before sending; the fake still answers a raw request with 400.
    token = fake.issue_token(fake.user_id)["access_token"]
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as http:
        for wrong in (-1, "3", True, 2.5):
            answer = http.patch(
                f"/users/{fake.user_id}",
                json={"payment_type": wrong},
                headers={"Authorization": f"Bearer {token}"},
            )
            assert (answer.status_code, answer.json()["error"]) == (400, "validation_error")
    assert fake.users[fake.user_id]["payment_type"] is None


def test_update_a_profile_and_refusals(bt: BeatTech, fake: FakeBeatTech) -> None:
    profile = bt.users.update(fake.profile_user_id, lastname="Byron", newsletter=False)
    assert (profile.id, profile.lastname, profile.newsletter) == (
        fake.profile_user_id,
        "Byron",
        False,
    )
    with pytest.raises(ConflictError):
        bt.users.update(email="editor@example.com")
    with pytest.raises(PermissionDeniedError):
        bt.users.update(fake.editor_user_id, firstname="X")
    assert (bt.app.users.update(fake.editor_user_id, region="SE")).region == "SE"


def test_update_checks_before_sending(bt: BeatTech, fake: FakeBeatTech) -> None:
    sent = len(fake.requests)
    with pytest.raises(ValueError, match="at least one"):
        bt.users.update()
    with pytest.raises(TypeError):
        bt.users.update(firstname="A", changed_at=datetime(2026, 1, 1))  # naive
    with pytest.raises(ValueError, match="profile_type"):
        bt.users.update(profile_type="adult")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="base_change"):
        bt.users.update(firstname="A", base_change=-1)
    with pytest.raises(TypeError):
        bt.users.update(newsletter="yes")  # type: ignore[arg-type]
    assert len(fake.requests) == sent


# --- following ----------------------------------------------------------------------------------


def test_favourite_follows_and_writes_a_change(bt: BeatTech, fake: FakeBeatTech) -> None:
    followed = bt.users.favourite(fake.editor_user_id, changed_at=NOW)
    request = last(fake)
    assert (request.method, request.url.path) == ("PATCH", f"/v2/users/{fake.editor_user_id}")
    assert body(request) == {"favourite": True}
    assert request.headers["x-change-timestamp"] == "2026-04-01T12:00:00Z"
    assert (followed.id, followed.favourite, followed.email) == (fake.editor_user_id, True, None)
    change = fake.changes[-1]
    assert (change["user_id"], change["method"], change["entity_type"], change["entity_id"]) == (
        fake.user_id,
        "PATCH",
        "user",
        fake.editor_user_id,
    )
    assert [u.id for u in collect(bt.users.favourite_users())] == [fake.editor_user_id]
    followers = collect(bt.users.favouritees(user_id=fake.editor_user_id))
    assert [u.id for u in followers] == [fake.user_id]
    assert last(fake).url.path == f"/v2/users/{fake.editor_user_id}/favouritees"
    unfollowed = bt.users.favourite(fake.editor_user_id, False, base_change=change["id"])
    assert unfollowed.favourite is False and last(fake).headers["x-base-change"] == "1"
    assert collect(bt.users.favourite_users()) == []


def test_an_older_offline_unfollow_loses_to_a_newer_follow(
    bt: BeatTech, fake: FakeBeatTech
) -> None:
    bt.users.favourite(fake.editor_user_id, changed_at=NOW)
    # Made offline before the follow, against base 0: the later change wins.
    result = bt.users.favourite(
        fake.editor_user_id, False, base_change=0, changed_at=NOW - timedelta(hours=1)
    )
    assert result.favourite is True and len(fake.changes) == 1
    with pytest.raises(BadRequestError):
        bt.users.favourite(fake.editor_user_id, base_change=99)


def test_favourite_refusals(make: Make, bt: BeatTech, fake: FakeBeatTech) -> None:
    with pytest.raises(BadRequestError):
        bt.users.favourite(fake.user_id)
    anonymous = make()
    sent = len(fake.requests)
    with pytest.raises(ConfigurationError):
        anonymous.users.favourite(fake.editor_user_id)
    with pytest.raises(TypeError):
        bt.users.favourite(fake.editor_user_id, "yes")  # type: ignore[arg-type]
    assert len(fake.requests) == sent


def test_events_are_the_favourite_changes(bt: BeatTech, fake: FakeBeatTech) -> None:
    bt.users.favourite(fake.editor_user_id, changed_at=NOW)
    bt.users.favourite(fake.editor_user_id, False, changed_at=NOW + timedelta(minutes=1))
    events = collect(bt.users.events(image_sizes={"artist": "w50"}))
    assert all(isinstance(e, Event) for e in events)
    assert [e.extra["type"] for e in events] == ["user.unfavourited", "user.favourited"]
    request = last(fake)
    assert request.url.path == f"/v2/users/{fake.user_id}/events"
    assert request.headers["x-artist-image-sizes"] == "w50"
    windowed = collect(bt.users.events(page_size=1, start=1))
    assert [e.id for e in windowed] == [events[1].id]
    assert last(fake).headers["range"] == "items=1-1"


# --- deleting ------------------------------------------------------------------------------------


def test_delete_a_profile_not_the_master(bt: BeatTech, fake: FakeBeatTech) -> None:
    assert bt.users.delete(fake.profile_user_id) is None
    request = last(fake)
    assert (request.method, request.url.path) == ("DELETE", f"/v2/users/{fake.profile_user_id}")
    assert user_token(bt, request)
    with pytest.raises(NotFoundError):
        bt.users.get(fake.profile_user_id)
    with pytest.raises(BadRequestError):
        bt.users.delete(fake.user_id)
    with pytest.raises(PermissionDeniedError):
        bt.users.delete(fake.editor_user_id)


def test_delete_needs_a_user(make: Make, fake: FakeBeatTech) -> None:
    with pytest.raises(ConfigurationError):
        make().users.delete(fake.profile_user_id)
    assert api_requests(fake) == []


def test_gdpr_delete_is_idempotent_on_the_app_token(
    bt: BeatTech, fake: FakeBeatTech
) -> None:
    assert bt.users.gdpr_delete(fake.msisdn_user_id) == "User was deleted."
    request = last(fake)
    assert (request.method, request.url.path) == (
        "DELETE",
        f"/v2/users/{fake.msisdn_user_id}/gdpr",
    )
    assert app_token(bt, request)
    again = bt.app.users.gdpr_delete(int(fake.msisdn_user_id))
    assert again == "User was already deleted previously."
    assert fake.deleted_users[fake.msisdn_user_id]["msisdn"] is None
    with pytest.raises(NotFoundError):
        bt.users.gdpr_delete("424242")


def test_gdpr_delete_message_that_is_not_text_is_a_decode_error(
    bt: BeatTech, fake: FakeBeatTech
) -> None:
    # A message the server sent is returned as sent or refused, never read as "none sent".
    # PHP's empty map ([]) is the page's {} (the user is anonymised already): no message.
    assert bt.users.gdpr_delete(fake.msisdn_user_id) == "User was deleted."
    for answer in ({"message": 5}, {"message": ["deleted"]}, [[]], ["x"], "deleted"):
        fake.fail_next(200, body=answer)
        with pytest.raises(ResponseDecodeError):
            bt.users.gdpr_delete(fake.msisdn_user_id)
    answers = (({}, None), ([], None), ({"message": None}, None), ({"message": "ok"}, "ok"))
    for answer, message in answers:
        fake.fail_next(200, body=answer)
        assert bt.users.gdpr_delete(fake.msisdn_user_id) == message


def test_an_echoed_coupon_code_or_payment_source_is_masked_in_errors(
    bt: BeatTech, fake: FakeBeatTech, caplog: pytest.LogCaptureFixture
) -> None:
    # A server that quotes the request in its error must not put the coupon's code (a
    # gift card's value) or a Stripe token in the exception: the docstrings promise both
    # are never logged.
    caplog.set_level("DEBUG", logger="beatkit")
    fake.fail_next(
        400,
        body={
            "error": "invalid_coupon",
            "error_description": "Coupon GIFT-TOPSECRET-7 was already redeemed",
            "error_developer": {"coupon": "GIFT-TOPSECRET-7"},
        },
    )
    with pytest.raises(BadRequestError) as redeemed:
        bt.users.redeem_coupon("GIFT-TOPSECRET-7")
    fake.fail_next(
        400,
        body={
            "error": "card_declined",
            "error_description": "Source tok_TOPSECRET_8 was declined",
            "error_developer": {"source": "tok_TOPSECRET_8"},
        },
    )
    with (
        pytest.warns(DeprecationWarning, match="charges.create"),
        pytest.raises(BadRequestError) as charged,
    ):
        bt.users.charge("purchase", "release", entity_id="1", source="tok_TOPSECRET_8")
    for error in (redeemed.value, charged.value):
        seen = str(error) + repr(error) + repr(error.body) + repr(error.details) + caplog.text
        assert "TOPSECRET" not in seen


# --- cards, coupons, charges -------------------------------------------------------------------


def test_attach_card_is_deprecated_and_makes_stripe_the_default(
    bt: BeatTech, fake: FakeBeatTech
) -> None:
    with pytest.warns(DeprecationWarning, match="bt.billing"):
        assert bt.users.attach_card("tok_visa") is None
    request = last(fake)
    assert (request.method, request.url.path) == ("POST", f"/v2/users/{fake.user_id}/cards")
    assert body(request) == {"token": "tok_visa"}
    assert (bt.users.get()).payment_type is PaymentType.STRIPE


def test_gift_cards_owned(bt: BeatTech, fake: FakeBeatTech) -> None:
    card = fake.add_coupon("205", owner=fake.user_id, offer_id="55")
    fake.add_coupon("201")  # nobody's
    coupons = collect(bt.users.coupons(image_sizes={"coupon_offer": "w50"}))
    assert [(c.id, c.code, c.valid) for c in coupons] == [(card["id"], card["code"], True)]
    assert isinstance(coupons[0], Coupon) and card["code"] not in repr(coupons[0])
    request = last(fake)
    assert request.url.path == f"/v2/users/{fake.user_id}/coupons"
    assert dict(request.url.params) == {"type": "giftcard"}
    assert request.headers["x-coupon-offer-image-sizes"] == "w50"
    with pytest.raises(ValueError, match="giftcard"):
        bt.users.coupons(type="voucher")  # type: ignore[arg-type]


def test_redeem_a_coupon_then_list_redemptions(bt: BeatTech, fake: FakeBeatTech) -> None:
    code = fake.add_coupon("201", interval=30)["code"]
    assert bt.users.redeem_coupon(code) is None
    request = last(fake)
    assert (request.method, request.url.path) == (
        "POST",
        f"/v2/users/{fake.user_id}/coupons/redemptions",
    )
    assert body(request) == {"coupon": code}
    products = {s.product_id: s for s in bt.subscriptions.list()}
    assert products["201"].state is SubscriptionState.ACTIVE
    assert products["201"].expiry_date == datetime(2026, 5, 1, tzinfo=UTC)
    redemptions = collect(bt.users.redemptions())
    assert len(redemptions) == 1 and isinstance(redemptions[0], Redemption)
    assert redemptions[0].extra["product_id"] == "201"
    assert last(fake).url.path == f"/v2/users/{fake.user_id}/coupons/redemptions"
    with pytest.raises(BadRequestError):
        bt.users.redeem_coupon(code)
    with pytest.raises(NotFoundError):
        bt.users.redeem_coupon("NO-SUCH-CODE")
    with pytest.raises(PermissionDeniedError):
        bt.users.redeem_coupon(fake.add_coupon()["code"], user_id=fake.profile_user_id)


def test_a_coupon_extends_a_running_subscription(
    bt: BeatTech, fake: FakeBeatTech
) -> None:
    before = fake.subscriptions["9000"]["expiry_date"]
    bt.users.redeem_coupon(fake.add_coupon("203", interval=10)["code"])
    after = fake.subscriptions["9000"]["expiry_date"]
    assert datetime.fromisoformat(after) - datetime.fromisoformat(before) == timedelta(days=10)


def test_charge_is_a_deprecated_never_replayed_alias(
    bt: BeatTech, fake: FakeBeatTech
) -> None:
    with pytest.warns(DeprecationWarning, match="charges.create"):
        ref = bt.users.charge("purchase", "release", entity_id=1001, payment_type=3)
    assert isinstance(ref, ChargeRef) and fake.charges[ref.id]["entity_id"] == "1001"
    request = last(fake)
    assert (request.method, request.url.path) == ("POST", f"/v2/users/{fake.user_id}/charges")
    assert body(request) == {
        "reason": "purchase",
        "entity_type": "release",
        "entity_id": "1001",
        "payment_type": 3,
    }
    purchased = bt.users.synthetic_group("purchased")
    assert purchased.releases == ["1001"]
    fake.fail_next(503)
    sent = len(fake.requests)
    with pytest.warns(DeprecationWarning, match="deprecated"), pytest.raises(ServerError):
        bt.users.charge("purchase", "balance", amount=100, unit="XCR")
    assert len(fake.requests) == sent + 1


def test_charge_a_balance_top_up_and_refusals(bt: BeatTech, fake: FakeBeatTech) -> None:
    bad_arguments = {"reason": "gift", "entity_type": "user", "amount": -1, "unit": "NOK"}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        bt.users.charge("purchase", "balance", amount=100, unit="XCR")
        with pytest.raises(PermissionDeniedError, match="external-charge"):
            bt.users.charge("external_charge", "balance", amount=1, unit="EUR")
        sent = len(fake.requests)
        for name, value in bad_arguments.items():
            arguments: dict[str, Any] = {"reason": "purchase", "entity_type": "balance"}
            with pytest.raises(ValueError, match=name):
                bt.users.charge(**{**arguments, name: value})
    assert len(fake.requests) == sent
    assert [(b.currency, b.amount) for b in bt.users.balances()] == [("XCR", Decimal(100))]


# --- credentials ----------------------------------------------------------------------------------


def test_add_and_verify_an_email_credential(bt: BeatTech, fake: FakeBeatTech) -> None:
    assert bt.users.add_credential(CredentialType.EMAIL, "ada@example.com") is None
    request = last(fake)
    assert (request.method, request.url.path) == ("POST", f"/v2/users/{fake.user_id}/credentials")
    assert body(request) == {"type": 8, "credential": "ada@example.com"}
    token = fake.credential_token(fake.user_id, 8)
    assert token is not None
    with pytest.raises(BadRequestError):
        bt.users.verify_credential("not-the-token", 8)
    assert bt.users.verify_credential(token, CredentialType.EMAIL) is None
    request = last(fake)
    assert request.url.path == f"/v2/users/{fake.user_id}/credentials/verifications"
    assert body(request) == {"token": token, "type": 8}
    assert (bt.users.get()).email == "ada@example.com"


def test_verify_credential_goes_with_any_token(make: Make, fake: FakeBeatTech) -> None:
    editor = make()
    editor.auth.login("editor@example.com", "fake-editor-password")
    editor.users.add_credential(CredentialType.UNVERIFIED_MSISDN, "4799999999")
    token = fake.credential_token(fake.editor_user_id, 9)
    assert token is not None
    bt = make()  # nobody logged in: the app token
    bt.users.verify_credential(token, 9, user_id=fake.editor_user_id)
    assert app_token(bt, last(fake))
    assert fake.users[fake.editor_user_id]["msisdn"] == "4799999999"


def test_credential_checks(bt: BeatTech, fake: FakeBeatTech) -> None:
    sent = len(fake.requests)
    with pytest.raises(ValueError, match="5 to 10"):
        bt.users.add_credential(4, "x")
    with pytest.raises(ValueError, match="blank"):
        bt.users.add_credential(CredentialType.EMAIL, " ")
    with pytest.raises(TypeError):
        bt.users.verify_credential("123", True)  # type: ignore[arg-type]
    assert len(fake.requests) == sent
    with pytest.raises(ConflictError):
        bt.users.add_credential(8, "editor@example.com")


# --- lists ---------------------------------------------------------------------------------------


def test_registered_friends(bt: BeatTech, fake: FakeBeatTech) -> None:
    fake.set_contacts(fake.user_id, ["editor@example.com", "8801600000199", "nobody@example.com"])
    friends = bt.users.registered_friends()
    assert [(f.id, f.email) for f in friends] == [
        (fake.editor_user_id, None),
        (fake.msisdn_user_id, None),
    ]
    assert last(fake).url.path == f"/v2/users/{fake.user_id}/friends/registered"


def test_favourite_artists_releases_and_tracks(bt: BeatTech, fake: FakeBeatTech) -> None:
    audiobook = next(r for r in fake.catalog.releases.values() if r["type"] == "audiobook")
    album = next(r for r in fake.catalog.releases.values() if r["type"] == "album")
    track = album["track_ids"][0]
    fake.favourites[fake.user_id] = {
        ("artist", "101"),
        ("release", album["id"]),
        ("release", audiobook["id"]),
        ("track", track),
    }
    artists = collect(bt.users.favourite_artists(image_sizes={"artist": "w80"}))
    assert [(a.id, a.favourite) for a in artists] == [("101", True)]
    assert last(fake).headers["x-artist-image-sizes"] == "w80"
    releases = collect(
        bt.users.favourite_releases(
            types="audio", include="release-tracks", image_sizes={"release_cover": "w800"}
        )
    )
    assert [r.id for r in releases] == [album["id"]] and set(releases[0].cover) == {"w800"}
    request = last(fake)
    assert dict(request.url.params) == {"types": "audio"}
    assert request.headers["x-include"] == "release-tracks"
    assert request.headers["x-release-cover-sizes"] == "w800"
    both = collect(bt.users.favourite_releases())
    assert [r.id for r in both] == [album["id"], audiobook["id"]]
    tracks = collect(bt.users.favourite_tracks())
    assert [(t.id, t.favourite) for t in tracks] == [(track, True)]
    assert last(fake).url.path == f"/v2/users/{fake.user_id}/favourites/tracks"
    with pytest.raises(ValueError, match="release types"):
        bt.users.favourite_releases(types="Audio Books")


def test_the_deprecated_favourites_alias(bt: BeatTech, fake: FakeBeatTech) -> None:
    fake.favourites[fake.user_id] = {("release", "1001")}
    with pytest.warns(DeprecationWarning, match="favourite_releases"):
        pager = bt.users.favourites(include=["release-tracks"])
    releases = collect(pager)
    assert [r.id for r in releases] == ["1001"] and isinstance(releases[0], Release)
    assert last(fake).url.path == f"/v2/users/{fake.user_id}/favourites"


def test_a_private_profile_hides_its_lists(bt: BeatTech, fake: FakeBeatTech) -> None:
    fake.users[fake.editor_user_id]["privacy_profile_private"] = True
    with pytest.raises(PermissionDeniedError):
        collect(bt.users.favourite_users(user_id=fake.editor_user_id))
    assert collect(bt.users.favourite_users(user_id=fake.profile_user_id)) == []


def test_release_groups_and_bookshelves(bt: BeatTech, fake: FakeBeatTech) -> None:
    group = fake.add_release_group("Summer", ["1001", "1002"], user_id=fake.user_id)
    fake.add_release_group("Not mine", user_id=fake.editor_user_id)
    groups = collect(bt.users.release_groups())
    assert [(g.id, g.name, g.releases) for g in groups] == [
        (group["id"], "Summer", ["1001", "1002"])
    ]
    request = last(fake)
    assert request.url.path == f"/v2/users/{fake.user_id}/releases/groups"
    expanded = collect(
        bt.users.release_groups(include="group-releases", image_sizes={"release_group": "w100"})
    )
    assert [r.id for r in expanded[0].releases if isinstance(r, Release)] == ["1001", "1002"]
    assert last(fake).headers["x-include"] == "group-releases"
    fake.shelf(fake.user_id, "wishlist").append("1003")
    wishlist = bt.users.synthetic_group("wishlist")
    assert isinstance(wishlist, ReleaseGroup) and (wishlist.id, wishlist.releases) == (
        "wishlist",
        ["1003"],
    )
    assert last(fake).url.path == f"/v2/users/{fake.user_id}/releases/groups/wishlist"
    fake.lcp_licenses.add(("1004", fake.user_id))
    assert (bt.app.users.synthetic_group("borrowed", user_id=fake.user_id)).releases == [
        "1004"
    ]
    with pytest.raises(ValueError, match="wishlist"):
        bt.users.synthetic_group("favourites")  # type: ignore[arg-type]


# --- metadata, tracking, balances ---------------------------------------------------------------


def test_metadata_round_trip(bt: BeatTech, fake: FakeBeatTech) -> None:
    values = {"device_id": "abc-123", "app_variant": "premium"}
    assert bt.users.update_metadata(values) is None
    request = last(fake)
    assert (request.method, request.url.path) == ("PATCH", f"/v2/users/{fake.user_id}/metadata")
    assert body(request) == values and app_token(bt, request)
    assert bt.users.metadata() == values
    assert user_token(bt, last(fake))
    bt.users.update_metadata({"app_variant": "basic"})
    assert bt.users.metadata() == {"device_id": "abc-123", "app_variant": "basic"}
    assert bt.users.delete_metadata("device_id") is None
    request = last(fake)
    assert (request.method, request.url.path) == (
        "DELETE",
        f"/v2/users/{fake.user_id}/metadata/device_id",
    )
    assert bt.users.metadata() == {"app_variant": "basic"}
    with pytest.raises(NotFoundError):
        bt.users.delete_metadata("device_id")
    with pytest.raises(PermissionDeniedError):
        bt.users.metadata(user_id=fake.editor_user_id)
    assert bt.app.users.metadata(user_id=fake.editor_user_id) == {}


def test_metadata_limits_are_checked_before_sending(
    bt: BeatTech, fake: FakeBeatTech
) -> None:
    sent = len(fake.requests)
    too_many = {f"k{i}": "v" for i in range(51)}
    for values, why in (
        ({}, "at least one"),
        ({"k" * 41: "v"}, "40"),
        ({"k": "v" * 501}, "500"),
        (too_many, "50"),
    ):
        with pytest.raises(ValueError, match=why):
            bt.users.update_metadata(values)
    with pytest.raises(TypeError):
        bt.users.update_metadata({"k": 1})  # type: ignore[dict-item]
    with pytest.raises(TypeError):
        bt.users.update_metadata([("k", "v")])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="40"):
        bt.users.delete_metadata("k" * 41)
    assert len(fake.requests) == sent
    # 40 and 500 characters are allowed; past 50 keys after the merge is the server's 409.
    bt.users.update_metadata({"k" * 40: "v" * 500})
    bt.users.update_metadata({f"a{i}": "v" for i in range(49)})
    with pytest.raises(ConflictError):
        bt.users.update_metadata({"one": "more"})


def test_metadata_writes_go_with_the_app_token_of_the_client(
    make: Make, fake: FakeBeatTech
) -> None:
    web = make(client_id=fake.other_client_id, client_secret=fake.other_client_secret)
    web.auth.login(fake.username, fake.password)
    # Not a user-admin client: refused, although a user is logged in; L6890 and L6931
    # answer such writes with 400 "Insufficient permissions" (the GET's refusal is a 403).
    with pytest.raises(BadRequestError, match="Insufficient permissions") as refused:
        web.users.update_metadata({"device_id": "abc"})
    assert refused.value.status_code == 400
    assert app_token(web, last(fake))
    with pytest.raises(BadRequestError, match="Insufficient permissions"):
        web.users.delete_metadata("device_id")
    with pytest.raises(PermissionDeniedError):
        web.app.users.metadata(user_id=fake.user_id)


def test_user_id_defaults_to_the_logged_in_user(make: Make, fake: FakeBeatTech) -> None:
    bt = make()
    for call in (bt.app.users.metadata, bt.users.tracking, bt.app.users.get):
        with pytest.raises(ConfigurationError):
            call()
    with pytest.raises(ConfigurationError):
        bt.users.balances()
    assert api_requests(fake) == []


def test_tracking_and_balances(bt: BeatTech, fake: FakeBeatTech) -> None:
    tracking = bt.users.tracking()
    assert isinstance(tracking, Tracking) and tracking.id and tracking.id != fake.user_id
    assert tracking == bt.users.tracking(user_id=fake.user_id)
    assert last(fake).url.path == f"/v2/users/{fake.user_id}/tracking"
    fake.set_balance(fake.user_id, "XCS", 3600)
    fake.set_balance(fake.user_id, "XCR", 12)
    fake.set_balance(fake.user_id, "EUR", 0)
    balances = collect(bt.users.balances())
    assert balances == [
        Balance(currency="XCR", amount=Decimal(12)),
        Balance(currency="XCS", amount=Decimal(3600)),
    ]
    request = last(fake)
    assert request.url.path == f"/v2/users/{fake.user_id}/balances" and user_token(bt, request)


# --- migrations and subscriptions ---------------------------------------------------------------


def test_migrate_then_manage_the_subscription(bt: BeatTech, fake: FakeBeatTech) -> None:
    bt.users.migrate("202", utm_campaign="spring", metadata={"source": "test"})
    request = last(fake)
    assert (request.method, request.url.path) == ("POST", f"/v2/users/{fake.user_id}/migrations")
    assert body(request) == {
        "product_id": "202",
        "renewable": True,
        "confirmed": True,
        "utm_campaign": "spring",
        "metadata": {"source": "test"},
    }
    running = {s.product_id: s for s in bt.subscriptions.list()}
    assert running["202"].state is SubscriptionState.TRIALING
    every = collect(bt.subscriptions.list(state="all"))
    assert len(every) == 2 and dict(last(fake).url.params) == {"state": "all"}
    sid = running["202"].id
    assert sid is not None
    stopped = bt.subscriptions.stop(sid, comment="too dear")
    assert (stopped.state, stopped.next_billing_date) == (SubscriptionState.STOPPED, None)
    assert body(last(fake)) == {"state": 6, "comment": "too dear"}
    assert (bt.subscriptions.resume(sid)).state is SubscriptionState.ACTIVE
    bt.subscriptions.deactivate(sid)
    assert last(fake).method == "DELETE"
    ended = collect(bt.subscriptions.list(state=SubscriptionState.DEACTIVATED))
    # The migration ended the running subscription 9000 (an upgrade or a downgrade).
    assert [s.id for s in ended] == ["9000", sid]
    assert dict(last(fake).url.params) == {"state": "7"}
    with pytest.raises(PermissionDeniedError, match="confirm"):
        bt.users.migrate("204", confirmed=False)


def test_no_secret_of_a_users_call_in_logs_or_errors(
    bt: BeatTech, fake: FakeBeatTech, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level("DEBUG", logger="beatkit")
    code = fake.add_coupon()["code"]
    bt.users.update(password="pw-TOPSECRET-2")
    bt.users.redeem_coupon(code)
    bt.users.add_credential(CredentialType.EMAIL, "secret@example.com")
    token = fake.credential_token(fake.user_id, 8)
    assert token is not None
    bt.users.verify_credential(token, 8)
    with pytest.warns(DeprecationWarning, match="billing"):
        bt.users.attach_card("tok_TOPSECRET_3")
    with pytest.raises(BadRequestError) as info:
        bt.users.verify_credential("tok-TOPSECRET-4", 8)
    with pytest.raises(BadRequestError) as used:
        bt.users.redeem_coupon(code)
    seen = caplog.text + str(info.value) + repr(info.value) + str(used.value) + repr(bt)
    for secret in ("pw-TOPSECRET-2", code, token, "tok_TOPSECRET_3", "tok-TOPSECRET-4"):
        assert secret not in seen


def test_a_user_admin_client_deactivates_a_users_subscription(
    make: Make, fake: FakeBeatTech
) -> None:
    # L7183: "when called by a user admin client the subscription is terminated
    # administratively", though the operation's line says "Logged-in user required" and
    # the operation list says user (the notes, section k, mark the list wrong here).
    owner = make()
    owner.auth.login(fake.username, fake.password)
    (running,) = collect(owner.subscriptions.list())
    assert running.id is not None
    admin = make()  # the fake's default client is a user-admin client; nobody logged in
    assert admin.subscriptions.deactivate(running.id, user_id=fake.user_id) is None
    request = last(fake)
    assert (request.method, request.url.path) == (
        "DELETE",
        f"/v2/users/{fake.user_id}/subscriptions/{running.id}",
    )
    assert app_token(admin, request)
    ended = collect(owner.subscriptions.list(state=SubscriptionState.DEACTIVATED))
    assert [s.id for s in ended] == [running.id]
    # bt.app says the same from a client where a user is logged in.
    with pytest.raises(BadRequestError, match="has ended"):
        owner.app.subscriptions.deactivate(running.id, user_id=fake.user_id)
    assert app_token(owner, last(fake))
    # Without a user_id there is nobody to act for: refused before sending.
    sent = len(fake.requests)
    with pytest.raises(ConfigurationError, match="user_id"):
        admin.subscriptions.deactivate(running.id)
    assert len(fake.requests) == sent


def test_an_app_token_of_a_client_that_is_no_user_admin_cannot_deactivate(
    make: Make, fake: FakeBeatTech
) -> None:
    fake.add_client("plain-client", "plain-secret")
    (running,) = [s for s in fake.subscriptions.values() if s["user_id"] == fake.user_id]
    plain = make(client_id="plain-client", client_secret="plain-secret")
    with pytest.raises(PermissionDeniedError):
        plain.subscriptions.deactivate(running["id"], user_id=fake.user_id)
    assert running["state"] == SubscriptionState.ACTIVE
