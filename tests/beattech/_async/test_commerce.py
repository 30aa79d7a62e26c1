"""``bt.products``, ``bt.billing``, ``bt.charges``, ``bt.coupons`` and ``bt.campaigns``
against :class:`~beatkit.testing.FakeBeatTech`: the request the fake saw (method,
path, query, headers, body, token) and the typed result.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qs

import attrs
import httpx
import pytest

from beatkit.beattech import (
    AsyncBeatTech,
    Campaign,
    Charge,
    ChargeRef,
    Coupon,
    PaymentMethod,
    PaymentType,
    Product,
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
from beatkit.testing import FakeBeatTech

Make = Callable[..., AsyncBeatTech]
INTEGRATION = ("beatkit-fake-integration", "fake-integration-secret")


class Sleeps:
    """The transport's sleep, recorded instead of slept."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    async def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)


@pytest.fixture
def fake() -> FakeBeatTech:
    fake = FakeBeatTech()
    # A trusted integration whose tokens carry the external-charge scope.
    fake.add_client(*INTEGRATION, user_admin=True, scopes=["external-charge"])
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
        transport = client._transport
        transport.settings = attrs.evolve(transport.settings, async_sleep=Sleeps())
        clients.append(client)
        return client

    yield factory
    for client in clients:
        await client._transport.http_client.aclose()


async def logged_in(make: Make, fake: FakeBeatTech, **kwargs: Any) -> AsyncBeatTech:
    bt = make(**kwargs)
    await bt.auth.login(fake.username, fake.password)
    return bt


def api_requests(fake: FakeBeatTech) -> list[httpx.Request]:
    """Every request the fake saw, token requests left out."""
    return [r for r in fake.requests if not r.url.path.endswith("/oauth2/token")]


def body(request: httpx.Request) -> Any:
    assert request.headers["content-type"] == "application/json"
    return json.loads(request.content)


async def app_bearer(bt: AsyncBeatTech) -> str:
    return f"Bearer {(await bt.auth.app_token()).access_token}"


def user_bearer(bt: AsyncBeatTech) -> str:
    token = bt.auth.token
    assert token is not None
    return f"Bearer {token.access_token}"


def a_track(fake: FakeBeatTech) -> str:
    return next(iter(fake.catalog.tracks))


# -- products ----------------------------------------------------------------------------------


async def test_products_get(fake: FakeBeatTech, make: Make) -> None:
    bt = make()
    product = await bt.products.get(201)
    assert isinstance(product, Product)
    assert (product.id, product.name) == ("201", "Premium")
    assert product.extra["recurring_price"] == 14900
    (request,) = api_requests(fake)
    assert (request.method, request.url.path) == ("GET", "/v2/products/201")
    assert request.headers["authorization"] == await app_bearer(bt)
    with pytest.raises(NotFoundError):
        await bt.products.get("999")


async def test_products_get_checks_its_id_before_sending(fake: FakeBeatTech, make: Make) -> None:
    bt = make()
    with pytest.raises(ValueError, match="product_id"):
        await bt.products.get(" ")
    with pytest.raises(TypeError, match="product_id"):
        await bt.products.get(2.5)  # type: ignore[arg-type]
    assert fake.requests == []


async def test_products_list_pages_in_the_unit_the_fake_names(
    fake: FakeBeatTech, make: Make
) -> None:
    bt = await logged_in(make, fake)
    products = [product async for product in bt.products.list(page_size=10)]
    assert [p.id for p in products] == [str(201 + i) for i in range(24)]
    ranges = sorted(str(r.headers.get("range")) for r in fake.requests_to("/products"))
    assert ranges == ["products=0-9", "products=10-19", "products=20-29"]
    assert {r.headers["authorization"] for r in fake.requests_to("/products")} == {user_bearer(bt)}


# -- billing -------------------------------------------------------------------------------------


async def test_billing_saves_a_payment_method(fake: FakeBeatTech, make: Make) -> None:
    bt = await logged_in(make, fake)
    intent = await bt.billing.create_setup_intent(
        PaymentType.STRIPE, payment_method_subtype="card", product_id=201
    )
    assert intent.client_secret.startswith("seti_")
    assert intent.client_secret not in repr(intent)
    reference = fake.complete_setup_intent(intent.client_secret)
    methods = await bt.billing.payment_methods(setupintent=intent.client_secret)
    assert methods == [PaymentMethod(reference=reference)]
    assert await bt.billing.payment_methods() == []
    assert await bt.billing.attach_payment_method(PaymentType.STRIPE, reference) is None
    assert fake.users[fake.user_id]["payment_type"] == 3
    assert fake.subscriptions["9000"]["payment_type"] == 3

    sent = api_requests(fake)
    assert [(r.method, r.url.path) for r in sent] == [
        ("POST", "/v2/billing/setupintents"),
        ("GET", "/v2/billing/paymentmethods"),
        ("GET", "/v2/billing/paymentmethods"),
        ("POST", "/v2/billing/paymentmethods"),
    ]
    assert body(sent[0]) == {
        "payment_type": 3,
        "payment_method_subtype": "card",
        "product_id": "201",
    }
    assert sent[1].url.params["setupintent"] == intent.client_secret
    assert "setupintent" not in sent[2].url.params
    assert body(sent[3]) == {"payment_type": 3, "reference": reference}
    assert {r.headers["authorization"] for r in sent} == {user_bearer(bt)}


async def test_billing_refuses_a_reference_of_no_setup_intent(
    fake: FakeBeatTech, make: Make
) -> None:
    bt = await logged_in(make, fake)
    with pytest.raises(BadRequestError) as caught:
        await bt.billing.attach_payment_method(3, "pm_unknown")
    assert caught.value.code == "validation_error"


async def test_billing_needs_a_logged_in_user(fake: FakeBeatTech, make: Make) -> None:
    bt = make()
    with pytest.raises(ConfigurationError):
        await bt.billing.create_setup_intent(3)
    with pytest.raises(ConfigurationError):
        await bt.billing.payment_methods()
    assert fake.requests == []


# -- charges -------------------------------------------------------------------------------------


async def test_charge_a_track_then_list_its_charges(fake: FakeBeatTech, make: Make) -> None:
    bt = await logged_in(make, fake)
    track = a_track(fake)
    ref = await bt.charges.create(
        "purchase", "track", entity_id=track, payment_type=PaymentType.STRIPE, source="tok_visa"
    )
    assert isinstance(ref, ChargeRef) and set(fake.charges) == {ref.id}
    (create,) = api_requests(fake)
    assert (create.method, create.url.path) == ("POST", "/v2/charges")
    assert body(create) == {
        "reason": "purchase",
        "entity_type": "track",
        "entity_id": track,
        "payment_type": 3,
        "source": "tok_visa",
    }
    assert create.headers["authorization"] == user_bearer(bt)

    charges = await bt.charges.list("track", [track, 999999])
    assert charges == [
        Charge(
            id=ref.id,
            reason="purchase",
            entity_type="track",
            entity_id=track,
            user_id=fake.user_id,
            state="completed",
            extra={"created": fake.charges[ref.id]["created"]},
        )
    ]
    listing = api_requests(fake)[-1]
    assert (listing.method, listing.url.path) == ("GET", "/v2/charges")
    assert dict(listing.url.params) == {"entity_type": "track", "entity_id": f"{track},999999"}
    assert await bt.charges.list("release", track) == []


async def test_a_visitor_charge_names_an_email(fake: FakeBeatTech, make: Make) -> None:
    bt = make()
    release = next(iter(fake.catalog.releases))
    ref = await bt.charges.create(
        "purchase",
        "release",
        entity_id=release,
        email="buyer@example.com",
        recipient_name="Ada",
        message="Enjoy!",
        amount=149,
        unit="EUR",
    )
    charge = fake.charges[ref.id]
    assert (charge["user_id"], charge["email"], charge["amount"]) == (
        None,
        "buyer@example.com",
        149,
    )
    (request,) = api_requests(fake)
    assert request.headers["authorization"] == await app_bearer(bt)
    with pytest.raises(BadRequestError, match="email"):
        await bt.charges.create("purchase", "release", entity_id=release)
    with pytest.raises(NotFoundError):
        await bt.charges.create("purchase", "track", entity_id="404404", email="b@example.com")


async def test_a_charge_is_never_replayed(fake: FakeBeatTech, make: Make) -> None:
    bt = await logged_in(make, fake)
    fake.fail_next(503)
    with pytest.raises(ServerError):
        await bt.charges.create("purchase", "track", entity_id=a_track(fake))
    assert len(fake.requests_to("/charges", "POST")) == 1
    assert fake.charges == {}
    # A list is a read: the same failure is retried.
    fake.fail_next(503)
    assert await bt.charges.list("track", a_track(fake)) == []
    assert len(fake.requests_to("/charges", "GET")) == 2


async def test_external_charges_need_the_scope(fake: FakeBeatTech, make: Make) -> None:
    plain = make()
    with pytest.raises(PermissionDeniedError) as caught:
        await plain.charges.create(
            "external_charge", "balance", amount=100, unit="XCR", user_id=fake.user_id
        )
    assert caught.value.code == "insufficient_scope"
    with pytest.raises(PermissionDeniedError):
        await plain.charges.list_external(fake.user_id, "balance")
    with pytest.raises(PermissionDeniedError):
        await plain.charges.cancel(1)
    assert fake.charges == {}


async def test_the_app_token_asks_for_the_scopes_it_is_given(
    fake: FakeBeatTech, make: Make
) -> None:
    bt = make(app_scope="external-charge")
    assert (await bt.auth.app_token()).scope == "external-charge"
    (form,) = [parse_qs(r.content.decode()) for r in fake.requests_to("/oauth2/token", "POST")]
    assert form["grant_type"] == ["client_credentials"] and form["scope"] == ["external-charge"]
    charge = await bt.app.charges.create(
        "external_charge", "balance", amount=100, unit="XCR", user_id=fake.user_id
    )
    assert fake.charges[charge.id]["reason"] == "external_charge"
    with pytest.raises(ConfigurationError, match="app_scope"):
        make(app_scope=" ")


async def test_external_charge_lifecycle(fake: FakeBeatTech, make: Make) -> None:
    client_id, client_secret = INTEGRATION
    bt = make(client_id=client_id, client_secret=client_secret)
    assert (await bt.auth.app_token()).scope == "external-charge"
    ref = await bt.charges.create(
        "external_charge", "balance", amount=100, unit="XCR", user_id=int(fake.user_id)
    )
    create = api_requests(fake)[-1]
    assert body(create) == {
        "reason": "external_charge",
        "entity_type": "balance",
        "amount": 100,
        "unit": "XCR",
        "user_id": fake.user_id,
    }
    assert create.headers["authorization"] == await app_bearer(bt)

    (charge,) = await bt.charges.list_external(fake.user_id, "balance")
    assert (charge.id, charge.reason, charge.user_id) == (ref.id, "external_charge", fake.user_id)
    assert (charge.amount, charge.unit, charge.state) == (100, "XCR", "completed")
    listing = api_requests(fake)[-1]
    assert listing.url.path == f"/v2/users/{fake.user_id}/charges"
    assert dict(listing.url.params) == {"entity_type": "balance"}
    assert await bt.charges.list_external(fake.user_id, "balance", entity_id="7") == []
    assert api_requests(fake)[-1].url.params["entity_id"] == "7"
    assert await bt.charges.list_external(fake.user_id, "track") == []

    assert await bt.charges.cancel(int(ref.id)) is None
    cancel = api_requests(fake)[-1]
    assert (cancel.method, cancel.url.path) == ("DELETE", f"/v2/charges/{ref.id}")
    assert fake.charges[ref.id]["state"] == "cancelled"
    (charge,) = await bt.charges.list_external(fake.user_id, "balance")
    assert charge.state == "cancelled"
    with pytest.raises(NotFoundError):
        await bt.charges.cancel("999")
    with pytest.raises(NotFoundError):
        await bt.charges.list_external("404404", "balance")


async def test_only_external_charges_can_be_cancelled(fake: FakeBeatTech, make: Make) -> None:
    user = await logged_in(make, fake)
    ref = await user.charges.create("purchase", "track", entity_id=a_track(fake))
    client_id, client_secret = INTEGRATION
    integration = make(client_id=client_id, client_secret=client_secret)
    with pytest.raises(BadRequestError, match="external_charge"):
        await integration.charges.cancel(ref.id)
    assert fake.charges[ref.id]["state"] == "completed"


async def test_charge_arguments_are_checked_before_sending(fake: FakeBeatTech, make: Make) -> None:
    bt = await logged_in(make, fake)
    create = bt.charges.create
    with pytest.raises(ValueError, match="user_id"):
        await create("external_charge", "track", entity_id="1")
    with pytest.raises(ValueError, match="user_id"):
        await create("purchase", "track", entity_id="1", user_id="5667")
    with pytest.raises(ValueError, match="reason"):
        await create("refund", "track")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="entity_type"):
        await create("purchase", "playlist")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="amount"):
        await create("purchase", "balance", amount=-1)
    with pytest.raises(TypeError, match="amount"):
        await create("purchase", "balance", amount=1.5)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="unit"):
        await create("purchase", "balance", unit="USD")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="payment_type"):
        await create("purchase", "track", payment_type="3")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="entity_type"):
        await bt.charges.list("balance", "1")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="at most 1000"):
        await bt.charges.list("track", [str(i) for i in range(1001)])
    with pytest.raises(ValueError, match="at least one"):
        await bt.charges.list("track", [])
    with pytest.raises(ValueError, match="comma"):
        await bt.charges.list("track", ["1,2"])
    with pytest.raises(TypeError, match="entity_ids"):
        await bt.charges.list("track", [True])
    with pytest.raises(ValueError, match="charge_id"):
        await bt.charges.cancel("")
    with pytest.raises(ValueError, match="entity_type"):
        await bt.charges.list_external(1, "playlist")  # type: ignore[arg-type]
    assert api_requests(fake) == []


async def test_charges_list_takes_a_thousand_ids(fake: FakeBeatTech, make: Make) -> None:
    bt = await logged_in(make, fake)
    assert await bt.charges.list("release", range(1, 1001)) == []
    request = api_requests(fake)[-1]
    assert request.url.params["entity_id"].split(",") == [str(i) for i in range(1, 1001)]


# -- coupons -------------------------------------------------------------------------------------


async def test_coupon_offers_with_and_without_image_sizes(fake: FakeBeatTech, make: Make) -> None:
    bt = make()
    offers = [offer async for offer in bt.coupons.offers(image_sizes={"coupon_offer": "w50,h200"})]
    assert [offer.id for offer in offers] == ["1234", "1235", "1236"]
    first = offers[0]
    assert (first.product_id, first.price, first.currency) == ("201", Decimal(14900), "NOK")
    assert (first.interval, first.interval_unit) == (1, "month")
    assert sorted(first.image) == ["h200", "w50"]
    request = api_requests(fake)[-1]
    assert (request.method, request.url.path) == ("GET", "/v2/coupons/offers")
    assert dict(request.url.params) == {"type": "giftcard"}
    assert request.headers["x-coupon-offer-image-sizes"] == "w50,h200"
    assert "range" not in request.headers

    plain = [offer async for offer in bt.coupons.offers()]
    assert all(offer.image == {} for offer in plain)
    assert "x-coupon-offer-image-sizes" not in api_requests(fake)[-1].headers
    window = await bt.coupons.offers(page_size=2, start=1).first_page()
    assert [offer.id for offer in window.items] == ["1235", "1236"]
    assert api_requests(fake)[-1].headers["range"] == "offers=1-2"


async def test_the_gift_card_lifecycle(fake: FakeBeatTech, make: Make) -> None:
    bt = await logged_in(make, fake, image_sizes={"coupon_offer": "w50"})
    coupon = await bt.coupons.generate(1234)
    assert isinstance(coupon, Coupon)
    assert (coupon.type, coupon.valid, coupon.product_id) == ("giftcard", False, "201")
    assert coupon.offer is not None and coupon.offer.id == "1234"
    assert coupon.code is not None and coupon.code not in repr(coupon)
    generate = api_requests(fake)[-1]
    assert (generate.method, generate.url.path) == ("POST", "/v2/coupons")
    assert body(generate) == {"offer_id": "1234"}
    assert generate.headers["authorization"] == user_bearer(bt)
    assert fake.coupons[coupon.code]["owner"] == fake.user_id

    # Pay for it (the page: entity_type=coupon, entity_id=<coupon code>): it turns valid.
    await bt.charges.create("purchase", "coupon", entity_id=coupon.code, payment_type=3)
    (found,) = [c async for c in bt.coupons.lookup(coupon.code)]
    assert (found.code, found.valid) == (coupon.code, True)
    assert found.offer is not None and list(found.offer.image) == ["w50"]
    lookup = api_requests(fake)[-1]
    assert (lookup.method, lookup.url.path) == ("GET", "/v2/coupons")
    assert dict(lookup.url.params) == {"code": coupon.code}
    assert lookup.headers["x-coupon-offer-image-sizes"] == "w50"
    assert [c async for c in bt.coupons.lookup(coupon.code, product_id=203)] == []
    assert api_requests(fake)[-1].url.params["product_id"] == "203"
    with pytest.raises(ConflictError):
        await bt.charges.create("purchase", "coupon", entity_id=coupon.code)


async def test_coupon_lookup_of_seeded_codes(fake: FakeBeatTech, make: Make) -> None:
    bt = make()
    (welcome,) = [c async for c in bt.coupons.lookup("WELCOME-2026", product_id="201")]
    assert (welcome.valid, welcome.product_id, welcome.offer) == (True, "201", None)
    (used,) = [c async for c in bt.coupons.lookup("USED-2025")]
    assert used.valid is False
    assert [c async for c in bt.coupons.lookup("NO-SUCH-CODE")] == []


async def test_coupon_generation_is_never_replayed(fake: FakeBeatTech, make: Make) -> None:
    bt = await logged_in(make, fake)
    before = len(fake.coupons)
    fake.fail_next(503)
    with pytest.raises(ServerError):
        await bt.coupons.generate("1234")
    assert len(fake.requests_to("/coupons", "POST")) == 1
    assert len(fake.coupons) == before
    with pytest.raises(NotFoundError):
        await bt.coupons.generate("999")


async def test_coupon_arguments_are_checked_before_sending(fake: FakeBeatTech, make: Make) -> None:
    bt = make()
    with pytest.raises(ValueError, match="code"):
        bt.coupons.lookup(" ")
    with pytest.raises(ValueError, match="coupon_offer"):
        bt.coupons.lookup("X", image_sizes={"coupon_offer": "w/50"})
    with pytest.raises(ValueError, match="type"):
        bt.coupons.offers(type="voucher")  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="offer_id"):
        await bt.coupons.generate(None)  # type: ignore[arg-type]
    assert fake.requests == []


# -- campaigns -----------------------------------------------------------------------------------


async def test_campaign_lookup_is_one_request(fake: FakeBeatTech, make: Make) -> None:
    bt = make()
    campaign = await bt.campaigns.lookup("spring-sale")
    assert campaign == Campaign(
        id="1", utm_campaign="spring-sale", name="Spring sale: Premium", product_id="201"
    )
    family = await bt.campaigns.lookup("spring-sale", product_id=203)
    assert family is not None and family.id == "2"
    assert await bt.campaigns.lookup("no-such-campaign") is None
    sent = api_requests(fake)
    assert [(r.method, r.url.path) for r in sent] == [("GET", "/v2/campaigns")] * 3
    assert [dict(r.url.params) for r in sent] == [
        {"utm_campaign": "spring-sale"},
        {"utm_campaign": "spring-sale", "product_id": "203"},
        {"utm_campaign": "no-such-campaign"},
    ]
    assert all("range" not in r.headers for r in sent)
    assert {r.headers["authorization"] for r in sent} == {await app_bearer(bt)}
    with pytest.raises(ValueError, match="utm_campaign"):
        await bt.campaigns.lookup("")
    assert len(api_requests(fake)) == 3


async def test_a_campaign_lookup_answering_several_is_a_decode_error(
    fake: FakeBeatTech, make: Make
) -> None:
    # The page: "At most one campaign is returned". Two are not the one asked for:
    # returning the first would silently drop the other.
    bt = make()
    await bt.auth.app_token()
    fake.fail_next(200, body={"campaigns": [{"id": "1"}, {"id": "2"}]})
    with pytest.raises(ResponseDecodeError, match="at most one"):
        await bt.campaigns.lookup("spring-sale")
