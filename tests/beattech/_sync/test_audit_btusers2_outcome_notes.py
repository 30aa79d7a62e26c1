# GENERATED from tests/beattech/_async/test_audit_btusers2_outcome_notes.py by scripts/unasync.py: edit the async source.
"""``bt.users.charge`` (the deprecated per-user charge), ``bt.users.migrate`` (which
activates a subscription and bills it), ``bt.users.redeem_coupon`` (which spends a
gift card) and ``bt.users.create`` (a sign-up or a profile) are never replayed: when
one fails after its request was sent (a 5xx, a timeout, a success answer that cannot
be read) the error says it may have been done and names the call that shows whether it
was. A refusal (a 4xx) says nothing of the kind. They said only "Server error.", so
the caller had to guess whether calling again would do it twice. ``bt.passwords.reset``
too: its code is used up once the password is changed, so a second try is refused as a
wrong code; the note says to try the new password first.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

import warnings
from typing import Any

import pytest

from beatkit.beattech import BeatTech
from beatkit.errors import ConflictError, NotFoundError, ServerError
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


def charge(bt: BeatTech, *args: Any, **kwargs: Any) -> Any:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return bt.users.charge(*args, **kwargs)


# --- users.charge -----------------------------------------------------------------------------


@pytest.mark.parametrize("fault", FAULTS)
def test_a_failed_user_charge_names_the_call_that_checks_it(
    fake: FakeBeatTech, make: Make, fault: str
) -> None:
    bt = logged_in(make, fake)
    error = inject(fake, fault)
    with pytest.raises(error) as caught:
        charge(bt, "purchase", "release", entity_id="1001", payment_type=3)
    assert len(fake.requests_to(f"/users/{fake.user_id}/charges", "POST")) == 1
    text = notes(caught.value)
    assert "bt.users.charge: the charge may have been made" in text
    assert "bt.charges.list('release', '1001')" in text
    # The call it names works, and says whether the charge was made.
    assert bt.charges.list("release", "1001") == []


def test_a_refused_user_charge_says_nothing_of_checking(
    fake: FakeBeatTech, make: Make
) -> None:
    bt = logged_in(make, fake)
    with pytest.raises(NotFoundError) as caught:
        charge(bt, "purchase", "track", entity_id="404404")
    assert "may have been made" not in notes(caught.value)


def test_a_user_charge_for_a_gift_card_never_shows_its_code(
    fake: FakeBeatTech, make: Make
) -> None:
    bt = logged_in(make, fake)
    code = fake.add_coupon("203", paid=False)["code"]
    fake.fail_next(502)
    with pytest.raises(ServerError) as caught:
        charge(bt, "purchase", "coupon", entity_id=code, payment_type=3)
    text = notes(caught.value)
    assert "bt.charges.list('coupon', <the gift card's code>)" in text
    assert code not in text and code not in str(caught.value)


def test_a_failed_external_user_charge_names_list_external_of_the_paths_user(
    fake: FakeBeatTech, make: Make
) -> None:
    bt = make(client_id=INTEGRATION[0], client_secret=INTEGRATION[1])
    fake.fail_next(500)
    with pytest.raises(ServerError) as caught:
        charge(bt, "external_charge", "balance", amount=100, unit="XCR", user_id=fake.user_id)
    text = notes(caught.value)
    assert f"bt.charges.list_external('{fake.user_id}', 'balance')" in text
    assert bt.charges.list_external(fake.user_id, "balance") == []


# --- users.migrate ----------------------------------------------------------------------------


@pytest.mark.parametrize("fault", FAULTS)
def test_a_failed_migration_names_the_subscriptions_list(
    fake: FakeBeatTech, make: Make, fault: str
) -> None:
    bt = logged_in(make, fake)
    error = inject(fake, fault)
    with pytest.raises(error) as caught:
        bt.users.migrate("202")
    assert len(fake.requests_to(f"/users/{fake.user_id}/migrations", "POST")) == 1
    text = notes(caught.value)
    assert "bt.users.migrate: a subscription to product '202' may have been activated" in text
    assert "bt.subscriptions.list()" in text
    # The call it names works, and says whether the subscription runs.
    assert "202" not in [s.product_id for s in bt.subscriptions.list()]


def test_a_failed_migration_for_a_named_user_names_that_user(
    fake: FakeBeatTech, make: Make
) -> None:
    bt = logged_in(make, fake)
    fake.fail_next(500)
    with pytest.raises(ServerError) as caught:
        bt.users.migrate(202, user_id=int(fake.user_id))
    assert f"bt.subscriptions.list(user_id='{fake.user_id}')" in notes(caught.value)


def test_a_refused_migration_says_nothing_of_checking(fake: FakeBeatTech, make: Make) -> None:
    bt = logged_in(make, fake)
    with pytest.raises(NotFoundError) as caught:
        bt.users.migrate("999999")
    assert "may have been activated" not in notes(caught.value)
    bt.users.migrate("202")
    with pytest.raises(ConflictError) as caught_again:
        bt.users.migrate("202")  # already running
    assert "may have been activated" not in notes(caught_again.value)


def test_a_failed_charge_of_another_profile_says_whose_token_checks_it(
    fake: FakeBeatTech, make: Make
) -> None:
    bt = logged_in(make, fake)
    profile = bt.users.create(username="kid", profile_type="child")
    assert profile.id is not None and profile.id != fake.user_id
    fake.fail_next(500)
    with pytest.raises(ServerError) as caught:
        charge(bt, "purchase", "balance", amount=5, unit="XCR", user_id=profile.id)
    text = notes(caught.value)
    assert "bt.users.charge: the charge may have been made" in text
    assert f"the charge was for user '{profile.id}', not the logged-in user" in text
    # The logged-in user's own charge needs no such word.
    fake.fail_next(500)
    with pytest.raises(ServerError) as caught_mine:
        charge(bt, "purchase", "balance", amount=5, unit="XCR", user_id=fake.user_id)
    assert "not the logged-in user" not in notes(caught_mine.value)


# --- users.redeem_coupon ----------------------------------------------------------------------


@pytest.mark.parametrize("fault", FAULTS)
def test_a_failed_redemption_names_the_redemptions_list(
    fake: FakeBeatTech, make: Make, fault: str
) -> None:
    bt = logged_in(make, fake)
    code = fake.add_coupon("203", interval=10)["code"]
    error = inject(fake, fault)
    with pytest.raises(error) as caught:
        bt.users.redeem_coupon(code)
    path = f"/users/{fake.user_id}/coupons/redemptions"
    assert len(fake.requests_to(path, "POST")) == 1
    text = notes(caught.value)
    assert "bt.users.redeem_coupon: the coupon may have been redeemed" in text
    assert "bt.users.redemptions()" in text
    assert code not in text and code not in str(caught.value)
    # The call it names works, and says whether it was redeemed.
    assert [r for r in bt.users.redemptions()] == []


def test_a_refused_redemption_says_nothing_of_checking(
    fake: FakeBeatTech, make: Make
) -> None:
    bt = logged_in(make, fake)
    with pytest.raises(NotFoundError) as caught:
        bt.users.redeem_coupon("NO-SUCH-CODE")
    assert "may have been redeemed" not in notes(caught.value)


# --- users.create -----------------------------------------------------------------------------


@pytest.mark.parametrize("fault", FAULTS)
def test_a_failed_profile_creation_names_the_accounts_profiles(
    fake: FakeBeatTech, make: Make, fault: str
) -> None:
    bt = logged_in(make, fake)
    error = inject(fake, fault)
    with pytest.raises(error) as caught:
        bt.users.create(firstname="Kid", profile_type="child")
    assert len(fake.requests_to("/users", "POST")) == 1
    text = notes(caught.value)
    assert "bt.users.create: the user may have been created" in text
    assert "bt.users.search(account_users=True)" in text
    # The call it names works, and lists the account's profiles.
    assert [u.id for u in bt.users.search(account_users=True)]


def test_a_failed_sign_up_says_how_to_find_the_account_without_its_address(
    fake: FakeBeatTech, make: Make
) -> None:
    bt = make(client_id=INTEGRATION[0], client_secret=INTEGRATION[1])  # a user-admin client
    fake.fail_next(503)
    with pytest.raises(ServerError) as caught:
        bt.app.users.create(email="new.reader@example.com", password="pw-123456")
    text = notes(caught.value)
    assert "bt.app.users.search(email=...)" in text
    assert "new.reader@example.com" not in text


def test_a_refused_creation_says_nothing_of_checking(fake: FakeBeatTech, make: Make) -> None:
    bt = make(client_id=INTEGRATION[0], client_secret=INTEGRATION[1])
    bt.app.users.create(email="twice@example.com")
    with pytest.raises(ConflictError) as caught:
        bt.app.users.create(email="twice@example.com")
    assert "may have been created" not in notes(caught.value)


# --- passwords.reset --------------------------------------------------------------------------


@pytest.mark.parametrize("fault", FAULTS)
def test_a_failed_password_reset_says_to_try_the_new_password(
    fake: FakeBeatTech, make: Make, fault: str
) -> None:
    bt = make()
    bt.passwords.request_reset(email=fake.username)
    code = fake.password_reset_code(email=fake.username)
    assert code is not None
    error = inject(fake, fault)
    with pytest.raises(error) as caught:
        bt.passwords.reset(code, "brand-new-pw-77", email=fake.username)
    assert len(fake.requests_to("/passwords", "POST")) == 1
    text = notes(caught.value)
    assert "bt.passwords.reset: the password may have been changed" in text
    assert "bt.auth.login" in text
    for secret in (code, "brand-new-pw-77", fake.username):
        assert secret not in text and secret not in str(caught.value)


def test_a_refused_password_reset_says_nothing_of_checking(
    fake: FakeBeatTech, make: Make
) -> None:
    bt = make()
    with pytest.raises(NotFoundError) as caught:
        bt.passwords.reset("123456", "brand-new-pw-77", email=fake.username)
    assert "may have been changed" not in notes(caught.value)
