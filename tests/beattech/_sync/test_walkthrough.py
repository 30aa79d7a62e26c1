# GENERATED from tests/beattech/_async/test_walkthrough.py by scripts/unasync.py: edit the async source.
"""The page's subscription walkthrough (L230-478), step by step, with its exact bodies.

Steps 1-3 run on the app token, 4 onwards on the user's (L234). Written once for
asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx

from beatkit.beattech import BeatTech, PaymentMethod, PaymentType, SubscriptionState

SETI = "seti_dadd3b3c4989acb6f0ff1044a50b0974"
PM = "pm_asdf9023jmkasdf02jkasdf"
EMAIL = "user@example.com"


def answer(status: int, body: Any = None) -> httpx.Response:
    return httpx.Response(status) if body is None else httpx.Response(status, json=body)


def serve_the_walkthrough(beat: Any) -> None:
    """The API side of the walkthrough, answering as the page shows."""
    user = f"/v2/users/{beat.user_id}"
    beat.on("POST", "/v2/credentials", answer(202))
    beat.on("POST", "/v2/users", answer(201, {"user": {"id": beat.user_id, "username": EMAIL}}))
    beat.on(
        "POST",
        "/v2/billing/setupintents",
        answer(
            200, {"client_secret": SETI, "setup_intent": {"payment_type": 3, "client_secret": SETI}}
        ),
    )
    beat.on("GET", "/v2/billing/paymentmethods", answer(200, [{"reference": PM}]))
    beat.on("POST", "/v2/billing/paymentmethods", answer(200, {}))
    products = [{"id": str(200 + i), "name": f"Product {i}"} for i in range(45)]
    beat.on("GET", "/v2/products", lambda r: beat.ranged(r, "products", "products", products))
    beat.on("POST", f"{user}/migrations", answer(201))
    subscription = {
        "id": "9001",
        "product_id": "201",
        "state": 3,
        "expiry_date": "2026-05-01T00:00:00Z",
    }
    beat.on(
        "GET",
        f"{user}/subscriptions",
        lambda r: beat.ranged(r, "subscriptions", "subscriptions", [subscription]),
    )

    def patch(request: httpx.Request) -> httpx.Response:
        state = beat.json(request)["state"]
        return answer(
            200,
            {
                "subscription": {
                    "expiry_date": "2026-05-01T00:00:00Z",
                    "next_billing_date": None if state == 6 else "2026-05-01T00:00:00Z",
                    "state": state,
                }
            },
        )

    beat.on("PATCH", f"{user}/subscriptions/9001", patch)
    beat.on("DELETE", f"{user}/subscriptions/9001", answer(200, {}))


def test_the_subscription_walkthrough(beat: Any, make: Callable[..., BeatTech]) -> None:
    serve_the_walkthrough(beat)
    bt = make()
    credentials = {"client_id": beat.client_id, "client_secret": beat.client_secret}

    # 1. The client-credentials token is fetched by the first call that needs one.
    # 2. Validate the user's e-mail: 202, empty body.
    assert bt.credentials.request_verification(8, EMAIL) is None
    assert beat.forms == [{"grant_type": "client_credentials", **credentials}]
    # 3. Create the account, with the client-credentials token.
    user = bt.users.create(
        username=EMAIL, email=EMAIL, email_token="123456", password=beat.password
    )
    assert (user.id, user.username) == (beat.user_id, EMAIL)
    # 4. Sign the user in.
    token = bt.auth.login(EMAIL, beat.password)
    assert token.token_type == "Bearer" and bt.auth.user_id == "28392"
    # 5a. A setup intent; the top-level client_secret is the one to use.
    intent = bt.billing.create_setup_intent(PaymentType.STRIPE, product_id="201")
    assert intent.client_secret == SETI
    # 5b. The tokenised reference, looked up through Beat (a bare array).
    methods = bt.billing.payment_methods(setupintent=intent.client_secret)
    assert methods == [PaymentMethod(reference=PM)]
    # 5c. Attach it.
    assert bt.billing.attach_payment_method(3, methods[0].reference) is None
    # 6. The products, and a window of them.
    products = [product for product in bt.products.list()]
    assert len(products) == 45
    window = bt.products.list(page_size=20, start=20).first_page()
    assert [p.id for p in window.items] == [str(220 + i) for i in range(20)]
    # 7. Activate product 201 for the logged-in user.
    assert bt.users.migrate("201") is None
    # 8. The user's subscriptions.
    (subscription,) = [s for s in bt.subscriptions.list()]
    assert subscription.id == "9001" and subscription.product_id == "201"
    assert subscription.state is SubscriptionState.ACTIVE
    assert subscription.expiry_date == datetime(2026, 5, 1, tzinfo=UTC)
    # 9. Stop it (it runs to the end of the period), then resume it.
    stopped = bt.subscriptions.stop(subscription.id)
    assert stopped.state is SubscriptionState.STOPPED and stopped.next_billing_date is None
    resumed = bt.subscriptions.resume("9001")
    assert resumed.state is SubscriptionState.ACTIVE
    # 10. Deactivate it now.
    assert bt.subscriptions.deactivate(9001) is None

    sent = [(r.method, r.url.path, r.headers.get("range")) for r in beat.api]
    sent[6:8] = sorted(sent[6:8], key=str)  # the rest of the products may come in any order
    assert sent == [
        ("POST", "/v2/credentials", None),
        ("POST", "/v2/users", None),
        ("POST", "/v2/billing/setupintents", None),
        ("GET", "/v2/billing/paymentmethods", None),
        ("POST", "/v2/billing/paymentmethods", None),
        ("GET", "/v2/products", None),
        ("GET", "/v2/products", "products=20-39"),
        ("GET", "/v2/products", "products=40-59"),
        ("GET", "/v2/products", "products=20-39"),
        ("POST", "/v2/users/28392/migrations", None),
        ("GET", "/v2/users/28392/subscriptions", None),
        ("PATCH", "/v2/users/28392/subscriptions/9001", None),
        ("PATCH", "/v2/users/28392/subscriptions/9001", None),
        ("DELETE", "/v2/users/28392/subscriptions/9001", None),
    ]
    # Steps 1-3 on the app token, 4 onwards on the user's.
    assert beat.tokens_seen() == ["Bearer app-1"] * 2 + ["Bearer user-2"] * 12
    bodies = [beat.json(r) if r.content else None for r in beat.api]
    assert bodies[0] == {"type": 8, "credential": EMAIL}
    assert bodies[1] == {
        "username": EMAIL,
        "email": EMAIL,
        "email_token": "123456",
        "password": beat.password,
    }
    assert bodies[2] == {"payment_type": 3, "product_id": "201"}
    assert beat.api[3].url.params["setupintent"] == SETI
    assert bodies[4] == {"payment_type": 3, "reference": PM}
    assert bodies[9] == {"product_id": "201", "renewable": True, "confirmed": True}
    assert bodies[11] == {"state": 6}
    assert bodies[12] == {"state": 3}
    for request in beat.api:
        if request.content:
            assert request.headers["content-type"] == "application/json"
    assert beat.grants() == ["client_credentials", "password"]
