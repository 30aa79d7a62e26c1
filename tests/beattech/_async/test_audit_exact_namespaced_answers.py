"""Answers the page shows without a namespace, read in both of the page's forms.

The page's rule for every answer (L170-177): "The root of every response is an
object (never a bare array), and keys at the root act as a namespace", with
``{"title": "value"}`` given as the wrong form ("missing namespace") and
``{"track": {"title": "value"}}`` as the right one. Some operations' samples break it:
a created charge is ``{"id": "string"}`` (L2584, L7310) and a user's metadata bag a bare
key/value map (L6875-6878). Where the page contradicts itself, both forms are read: the
sample's, and the namespaced one its rule asks for (``{"charge": {...}}``,
``{"metadata": {...}}``). Neither can be taken for the other: a charge's answer with an
``id`` is the sample's form, and a metadata value is text (at most 500 characters), so
a ``metadata`` key holding an object is the namespace, not an entry.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

import warnings

import pytest
from pytest_httpx import HTTPXMock

from beatkit.beattech import AsyncBeatTech, ChargeRef
from beatkit.errors import ResponseDecodeError
from tests.beattech._mocked import BASE, api, sent

# --- a created charge: {"id"} (the sample) or {"charge": {...}} (the rule) ----------------------


async def test_a_created_charge_in_the_samples_form(
    bt: AsyncBeatTech, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(method="POST", url=f"{BASE}/charges", json={"id": "77"})
    ref = await bt.charges.create("purchase", "track", entity_id="123")
    assert ref == ChargeRef(id="77")
    assert ref.extra == {}


async def test_a_created_charge_under_the_charge_namespace(
    bt: AsyncBeatTech, httpx_mock: HTTPXMock
) -> None:
    # What the page's rule asks of every answer: the charge under its namespace. The
    # charge was made: reading the answer as a decode error would report a failure
    # (with a note that it "may have been made") for a charge that succeeded.
    answer = {"charge": {"id": "77", "reason": "purchase", "entity_type": "track"}}
    httpx_mock.add_response(method="POST", url=f"{BASE}/charges", json=answer)
    ref = await bt.charges.create("purchase", "track", entity_id="123")
    (request,) = api(httpx_mock)
    assert sent(request) == {"reason": "purchase", "entity_type": "track", "entity_id": "123"}
    assert ref.id == "77"
    assert ref.extra == {"reason": "purchase", "entity_type": "track"}


async def test_the_deprecated_per_user_charge_reads_both_forms(
    bt: AsyncBeatTech, httpx_mock: HTTPXMock
) -> None:
    url = f"{BASE}/users/28392/charges"
    httpx_mock.add_response(method="POST", url=url, json={"id": "78"})
    httpx_mock.add_response(method="POST", url=url, json={"charge": {"id": 79}})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        first = await bt.users.charge("purchase", "release", entity_id="5")
        second = await bt.users.charge("purchase", "release", entity_id="5")
    assert (first.id, second.id) == ("78", "79")


async def test_a_charge_answer_with_neither_form_is_still_a_decode_error(
    bt: AsyncBeatTech, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(method="POST", url=f"{BASE}/charges", json={"charge": "77"})
    with pytest.raises(ResponseDecodeError):
        await bt.charges.create("purchase", "track", entity_id="123")


# --- a user's metadata bag: bare (the sample) or {"metadata": {...}} (the rule) -------------------


async def test_a_bare_metadata_bag_as_the_sample_shows_it(
    bt: AsyncBeatTech, httpx_mock: HTTPXMock
) -> None:
    bag = {"device_id": "abc-123", "app_variant": "premium"}
    httpx_mock.add_response(method="GET", url=f"{BASE}/users/28392/metadata", json=bag)
    assert await bt.users.metadata() == bag


async def test_a_metadata_bag_under_the_metadata_namespace(
    bt: AsyncBeatTech, httpx_mock: HTTPXMock
) -> None:
    bag = {"device_id": "abc-123", "app_variant": "premium"}
    url = f"{BASE}/users/28392/metadata"
    httpx_mock.add_response(method="GET", url=url, json={"metadata": bag})
    httpx_mock.add_response(method="GET", url=url, json={"metadata": []})  # PHP's empty map
    assert await bt.users.metadata() == bag
    assert await bt.users.metadata() == {}


async def test_an_entry_named_metadata_stays_an_entry(
    bt: AsyncBeatTech, httpx_mock: HTTPXMock
) -> None:
    # A text value is an entry of a bare bag, whatever its key.
    httpx_mock.add_response(
        method="GET", url=f"{BASE}/users/28392/metadata", json={"metadata": "v2"}
    )
    assert await bt.users.metadata() == {"metadata": "v2"}


# --- saved payment methods: a bare array (the sample) or a namespaced list (the rule) -------------

SETI = "seti_dadd3b3c4989acb6f0ff1044a50b0974"
METHODS = [{"reference": "pm_asdf9023jmkasdf02jkasdf"}]


async def test_payment_methods_as_the_samples_bare_array(
    bt: AsyncBeatTech, httpx_mock: HTTPXMock
) -> None:
    # L364-371, L2137-2140: the one bare array of the page.
    httpx_mock.add_response(
        method="GET", url=f"{BASE}/billing/paymentmethods?setupintent={SETI}", json=METHODS
    )
    (method,) = await bt.billing.payment_methods(setupintent=SETI)
    assert method.reference == "pm_asdf9023jmkasdf02jkasdf"


@pytest.mark.parametrize("key", ["paymentmethods", "payment_methods"])
async def test_payment_methods_under_a_namespace(
    bt: AsyncBeatTech, httpx_mock: HTTPXMock, key: str
) -> None:
    # "The root of every response is an object (never a bare array)" (L172): the page
    # names no key for this list; its path's last segment and its snake-case name are
    # both read.
    url = f"{BASE}/billing/paymentmethods?setupintent={SETI}"
    httpx_mock.add_response(method="GET", url=url, json={key: METHODS})
    (method,) = await bt.billing.payment_methods(setupintent=SETI)
    assert method.reference == "pm_asdf9023jmkasdf02jkasdf"


async def test_payment_methods_under_another_key_are_a_decode_error(
    bt: AsyncBeatTech, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(
        method="GET", url=f"{BASE}/billing/paymentmethods", json={"methods": METHODS}
    )
    with pytest.raises(ResponseDecodeError):
        await bt.billing.payment_methods()
