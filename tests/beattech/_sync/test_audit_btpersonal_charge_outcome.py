# GENERATED from tests/beattech/_async/test_audit_btpersonal_charge_outcome.py by scripts/unasync.py: edit the async source.
"""A charge (or a gift card) whose request failed after it was sent says how to check
what happened before charging again: ``bt.charges.create`` and ``bt.coupons.generate``
are never replayed, and a 5xx or an unreadable success left the caller with no way on
but to guess (a second call may charge twice).

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

import pytest

from beatkit.errors import NotFoundError, ServerError
from beatkit.testing import FakeBeatTech
from tests.beattech._sync._outcome import (
    FAULTS,
    INTEGRATION,
    Make,
    inject,
    integration_fake,  # noqa: F401 - the fake fixture
    integration_make,  # noqa: F401 - the make fixture
    logged_in,
    notes,
)


def posts(fake: FakeBeatTech, path: str) -> int:
    return len(fake.requests_to(path, "POST"))


@pytest.mark.parametrize("fault", FAULTS)
def test_a_failed_charge_names_the_call_that_checks_it(
    fake: FakeBeatTech, make: Make, fault: str
) -> None:
    bt = logged_in(make, fake)
    release = next(iter(fake.catalog.releases))
    error = inject(fake, fault)
    with pytest.raises(error) as caught:
        bt.charges.create("purchase", "release", entity_id=release, payment_type=3)
    assert posts(fake, "/charges") == 1  # never sent twice
    text = notes(caught.value)
    assert "bt.charges.create: the charge may have been made" in text
    assert f"bt.charges.list('release', '{release}')" in text
    # The call it names works, and says whether the charge was made.
    assert bt.charges.list("release", release) == []


def test_a_refused_charge_says_nothing_of_checking(fake: FakeBeatTech, make: Make) -> None:
    bt = logged_in(make, fake)
    with pytest.raises(NotFoundError) as caught:
        bt.charges.create("purchase", "track", entity_id="404404")
    assert "may have been made" not in notes(caught.value)


def test_a_gift_card_charge_never_shows_its_code(fake: FakeBeatTech, make: Make) -> None:
    bt = logged_in(make, fake)
    offer = (bt.coupons.offers().first_page()).items[0]
    coupon = bt.coupons.generate(offer.id or "")
    assert coupon.code
    fake.fail_next(502)
    with pytest.raises(ServerError) as caught:
        bt.charges.create("purchase", "coupon", entity_id=coupon.code, payment_type=3)
    text = notes(caught.value)
    assert "bt.charges.list('coupon', <the gift card's code>)" in text
    assert coupon.code not in text
    assert coupon.code not in str(caught.value)


def test_an_external_charge_names_list_external(fake: FakeBeatTech, make: Make) -> None:
    bt = make(client_id=INTEGRATION[0], client_secret=INTEGRATION[1])
    fake.fail_next(500)
    with pytest.raises(ServerError) as caught:
        bt.charges.create(
            "external_charge", "balance", amount=100, unit="XCR", user_id=fake.user_id
        )
    text = notes(caught.value)
    assert f"bt.charges.list_external('{fake.user_id}', 'balance')" in text
    assert bt.charges.list_external(fake.user_id, "balance") == []


def test_a_balance_top_up_names_the_balances(fake: FakeBeatTech, make: Make) -> None:
    bt = logged_in(make, fake)
    fake.fail_next(500)
    with pytest.raises(ServerError) as caught:
        bt.charges.create("purchase", "balance", amount=100, unit="XCR")
    assert "bt.users.balances()" in notes(caught.value)


@pytest.mark.parametrize("fault", FAULTS)
def test_a_failed_gift_card_generation_names_the_users_coupons(
    fake: FakeBeatTech, make: Make, fault: str
) -> None:
    bt = logged_in(make, fake)
    offer = (bt.coupons.offers().first_page()).items[0]
    error = inject(fake, fault)
    with pytest.raises(error) as caught:
        bt.coupons.generate(offer.id or "")
    assert posts(fake, "/coupons") == 1
    text = notes(caught.value)
    assert "bt.coupons.generate: a gift card may have been generated" in text
    assert "bt.users.coupons()" in text


def test_a_charge_by_email_names_no_list_that_cannot_show_it(
    fake: FakeBeatTech, make: Make
) -> None:
    bt = make()  # no user: the app token charges whoever the e-mail names
    release = next(iter(fake.catalog.releases))
    fake.fail_next(500)
    with pytest.raises(ServerError) as caught:
        bt.charges.create("purchase", "release", entity_id=release, email="b@example.com")
    text = notes(caught.value)
    assert "the charge may have been made" in text
    assert "bt.charges.list(" not in text
    assert "payment provider" in text
