"""The page's worked requests outside the catalogue, byte for byte: method, URL with its
query, the headers that matter, and the JSON body as the exact bytes sent (compact JSON,
keys in the order the example writes them).

The walkthrough (L230-478), the user section's examples (L5722-5788, L5790-5796), the
Changes API's pull (L5872-5877), the partner activation (L7563-7583) and the
``play.ended`` body (L5111-5119). Written once for asyncio; ``scripts/unasync.py``
generates the twin in ``_sync/``.
"""

from __future__ import annotations

import json
from typing import Any

import httpx
from pytest_httpx import HTTPXMock

from beatkit.beattech import AsyncBeatTech, PaymentType
from beatkit.beattech.reports import play_ended
from tests.beattech._mocked import APP_TOKEN, BASE, api

USER = f"{BASE}/users/28392"
SETI = "seti_dadd3b3c4989acb6f0ff1044a50b0974"
PM = "pm_asdf9023jmkasdf02jkasdf"


def compact(body: Any) -> bytes:
    """``body`` as the bytes a JSON request sends: compact, keys in the given order."""
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()


def only(httpx_mock: HTTPXMock) -> httpx.Request:
    (request,) = api(httpx_mock)
    return request


def assert_json(request: httpx.Request, body: Any) -> None:
    assert request.headers["content-type"] == "application/json"
    assert request.content == compact(body)


# --- the walkthrough, steps 2, 3, 5 and 7-10 ---------------------------------------------------


async def test_step_2_credential(httpx_mock: HTTPXMock) -> None:
    # L264-272, with the client-credentials token (L234).
    httpx_mock.add_response(method="POST", url=f"{BASE}/oauth2/token", json=APP_TOKEN)
    httpx_mock.add_response(method="POST", url=f"{BASE}/credentials", status_code=202)
    async with AsyncBeatTech("fabel", client_id="cid", client_secret="csecret") as bt:
        await bt.credentials.request_verification(8, "user@example.com")
    request = only(httpx_mock)
    assert (request.method, str(request.url)) == ("POST", f"{BASE}/credentials")
    assert request.headers["authorization"] == "Bearer 2YotnFZFEjr1zCsicMWpAA"
    assert_json(request, {"type": 8, "credential": "user@example.com"})


async def test_step_3_signup_body_in_the_walkthroughs_order(httpx_mock: HTTPXMock) -> None:
    # L282-299: username, email, email_token, password; on the client-credentials token.
    httpx_mock.add_response(method="POST", url=f"{BASE}/oauth2/token", json=APP_TOKEN)
    answer = {"user": {"id": "28392", "username": "user@example.com"}}
    httpx_mock.add_response(method="POST", url=f"{BASE}/users", status_code=201, json=answer)
    async with AsyncBeatTech("fabel", client_id="cid", client_secret="csecret") as bt:
        user = await bt.users.create(
            password="hunter22",
            email_token="123456",
            email="user@example.com",
            username="user@example.com",
        )
    request = only(httpx_mock)
    assert (request.method, str(request.url)) == ("POST", f"{BASE}/users")
    assert request.headers["authorization"] == "Bearer 2YotnFZFEjr1zCsicMWpAA"
    assert_json(
        request,
        {
            "username": "user@example.com",
            "email": "user@example.com",
            "email_token": "123456",
            "password": "hunter22",
        },
    )
    assert (user.id, user.username) == ("28392", "user@example.com")


async def test_step_5_setup_intent_lookup_and_attach(
    bt: AsyncBeatTech, httpx_mock: HTTPXMock
) -> None:
    # L338-387.
    intent = {"client_secret": SETI, "setup_intent": {"payment_type": 3, "client_secret": SETI}}
    httpx_mock.add_response(method="POST", url=f"{BASE}/billing/setupintents", json=intent)
    httpx_mock.add_response(
        method="GET",
        url=f"{BASE}/billing/paymentmethods?setupintent={SETI}",
        json=[{"reference": PM}],
    )
    httpx_mock.add_response(method="POST", url=f"{BASE}/billing/paymentmethods", json={})
    await bt.billing.create_setup_intent(PaymentType.STRIPE, product_id="201")
    (method,) = await bt.billing.payment_methods(setupintent=SETI)
    await bt.billing.attach_payment_method(PaymentType.STRIPE, method.reference)
    setup, lookup, attach = api(httpx_mock)
    assert_json(setup, {"payment_type": 3, "product_id": "201"})
    assert (lookup.method, str(lookup.url), lookup.content) == (
        "GET",
        f"{BASE}/billing/paymentmethods?setupintent={SETI}",
        b"",
    )
    assert_json(attach, {"payment_type": 3, "reference": PM})
    for request in (setup, lookup, attach):
        assert request.headers["authorization"] == "Bearer 7924bef2b848a895"


async def test_step_7_migration(bt: AsyncBeatTech, httpx_mock: HTTPXMock) -> None:
    # L410-419.
    httpx_mock.add_response(method="POST", url=f"{USER}/migrations", status_code=201)
    await bt.users.migrate("201")
    request = only(httpx_mock)
    assert str(request.url) == f"{USER}/migrations"
    assert_json(request, {"product_id": "201", "renewable": True, "confirmed": True})


async def test_steps_8_to_10_subscriptions(bt: AsyncBeatTech, httpx_mock: HTTPXMock) -> None:
    # L425-471: list, stop ({"state": 6}), resume ({"state": 3}), deactivate.
    listed = {
        "subscriptions": [
            {"id": "9001", "product_id": "201", "state": 3, "expiry_date": "2026-05-01T00:00:00Z"}
        ]
    }
    httpx_mock.add_response(
        method="GET",
        url=f"{USER}/subscriptions",
        status_code=206,
        json=listed,
        headers={"Content-Range": "subscriptions 0-19/1"},
    )
    stopped = {"expiry_date": "2026-05-01T00:00:00Z", "next_billing_date": None, "state": 6}
    resumed = {**stopped, "next_billing_date": "2026-05-01T00:00:00Z", "state": 3}
    httpx_mock.add_response(
        method="PATCH", url=f"{USER}/subscriptions/9001", json={"subscription": stopped}
    )
    httpx_mock.add_response(
        method="PATCH", url=f"{USER}/subscriptions/9001", json={"subscription": resumed}
    )
    httpx_mock.add_response(method="DELETE", url=f"{USER}/subscriptions/9001", json={})
    (subscription,) = [s async for s in bt.subscriptions.list()]
    await bt.subscriptions.stop(subscription.id or "")
    await bt.subscriptions.resume(9001)
    await bt.subscriptions.deactivate("9001")
    listing, stop, resume, deactivate = api(httpx_mock)
    assert (listing.method, str(listing.url), listing.content) == (
        "GET",
        f"{USER}/subscriptions",
        b"",
    )
    assert "range" not in listing.headers
    assert_json(stop, {"state": 6})
    assert_json(resume, {"state": 3})
    assert (deactivate.method, str(deactivate.url), deactivate.content) == (
        "DELETE",
        f"{USER}/subscriptions/9001",
        b"",
    )


# --- the user section's examples (L5722-5796) ---------------------------------------------------


async def test_user_lookups_as_the_page_writes_them(httpx_mock: HTTPXMock) -> None:
    # L5722-5738 on the app token of a user-admin client.
    httpx_mock.add_response(method="POST", url=f"{BASE}/oauth2/token", json=APP_TOKEN)
    for query in (
        "msisdn=4742424242",
        "query=4242",
        "external_user_id=EXT-1&external_provider_id=PROVIDER-1",
    ):
        httpx_mock.add_response(method="GET", url=f"{BASE}/users?{query}", json={"users": []})
    async with AsyncBeatTech("fabel", client_id="cid", client_secret="csecret") as bt:
        assert [u async for u in bt.users.search(msisdn="4742424242")] == []
        assert [u async for u in bt.users.search(query="4242")] == []
        found = bt.users.search(external_user_id="EXT-1", external_provider_id="PROVIDER-1")
        assert [u async for u in found] == []
    urls = [str(request.url) for request in api(httpx_mock)]
    assert urls == [
        f"{BASE}/users?msisdn=4742424242",
        f"{BASE}/users?query=4242",
        f"{BASE}/users?external_user_id=EXT-1&external_provider_id=PROVIDER-1",
    ]


async def test_account_users_lookup(bt: AsyncBeatTech, httpx_mock: HTTPXMock) -> None:
    # L5730-5732: a boolean query value as the page writes it.
    httpx_mock.add_response(
        method="GET", url=f"{BASE}/users?account_users=true", json={"users": []}
    )
    assert [u async for u in bt.users.search(account_users=True)] == []
    assert str(only(httpx_mock).url) == f"{BASE}/users?account_users=true"


async def test_create_with_msisdn_and_email_in_the_pages_order(httpx_mock: HTTPXMock) -> None:
    # L5744-5748: {"msisdn": ..., "email": ...}, msisdn first.
    httpx_mock.add_response(method="POST", url=f"{BASE}/oauth2/token", json=APP_TOKEN)
    httpx_mock.add_response(method="POST", url=f"{BASE}/users", json={"user": {"id": "5"}})
    async with AsyncBeatTech("fabel", client_id="cid", client_secret="csecret") as bt:
        await bt.users.create(email="ada@example.com", msisdn="4742424242")
    assert_json(only(httpx_mock), {"msisdn": "4742424242", "email": "ada@example.com"})


async def test_edit_a_user(bt: AsyncBeatTech, httpx_mock: HTTPXMock) -> None:
    # L5753-5757.
    httpx_mock.add_response(method="PATCH", url=USER, json={"user": {"id": "28392"}})
    await bt.users.update(firstname="Ada")
    request = only(httpx_mock)
    assert (request.method, str(request.url)) == ("PATCH", USER)
    assert "x-base-change" not in request.headers and "x-change-timestamp" not in request.headers
    assert_json(request, {"firstname": "Ada"})


async def test_add_then_verify_a_credential(bt: AsyncBeatTech, httpx_mock: HTTPXMock) -> None:
    # L5776-5786: {"type": 6, "credential": ...}, then {"type": 6, "token": ...}.
    httpx_mock.add_response(method="POST", url=f"{USER}/credentials", json={})
    httpx_mock.add_response(method="POST", url=f"{USER}/credentials/verifications", json={})
    await bt.users.add_credential(6, "ada@example.com")
    await bt.users.verify_credential("VERIFICATION-TOKEN", 6)
    add, verify = api(httpx_mock)
    assert_json(add, {"type": 6, "credential": "ada@example.com"})
    assert_json(verify, {"type": 6, "token": "VERIFICATION-TOKEN"})


async def test_user_events_window(bt: AsyncBeatTech, httpx_mock: HTTPXMock) -> None:
    # L5792-5796: Range: items=0-49.
    httpx_mock.add_response(
        method="GET",
        url=f"{USER}/events",
        status_code=206,
        json={"events": []},
        headers={"Content-Range": "items 0-49/0"},
    )
    assert [e async for e in bt.users.events(page_size=50)] == []
    assert only(httpx_mock).headers["range"] == "items=0-49"


# --- the Changes API's pull and latest id (L5808-5814, L5872-5877) -----------------------------


async def test_latest_change_then_pull(bt: AsyncBeatTech, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(method="HEAD", url=f"{USER}/changes", headers={"X-Change": "123"})
    httpx_mock.add_response(
        method="GET",
        url=f"{USER}/changes?base_change_id=123",
        status_code=206,
        json={"changes": []},
        headers={"Content-Range": "changes 0-99/0"},
    )
    base = await bt.sync.latest_change_id()
    await bt.sync.pull(base)
    head, pull = api(httpx_mock)
    assert (head.method, str(head.url), head.content) == ("HEAD", f"{USER}/changes", b"")
    assert (pull.method, str(pull.url)) == ("GET", f"{USER}/changes?base_change_id=123")
    assert pull.headers["range"] == "changes=0-99"


# --- partner activation (L7563-7583) and play.ended (L5111-5119) -------------------------------


async def test_partner_activation_bytes(bt: AsyncBeatTech, httpx_mock: HTTPXMock) -> None:
    answer = {"activation": {"id": "9001"}, "user": {"id": "5667"}}
    httpx_mock.add_response(method="POST", url=f"{BASE}/partnerusers/activations", json=answer)
    await bt.partner_users.activate(
        "PARTNER-USR-123",
        "13",
        user={"email": "ada@example.com", "firstname": "Ada", "lastname": "Lovelace"},
    )
    request = only(httpx_mock)
    assert_json(
        request,
        {
            "partneruser": {"external_id": "PARTNER-USR-123"},
            "user": {"email": "ada@example.com", "firstname": "Ada", "lastname": "Lovelace"},
            "product": {"id": "13"},
        },
    )
    assert "authorization" not in request.headers


async def test_play_ended_bytes(bt: AsyncBeatTech, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(method="POST", url=f"{BASE}/reports", json={})
    report = play_ended(
        track_id="123456",
        time=1305552557,
        offline=False,
        duration=103,
        stream_context="release/1",
        shop="music-no",
    )
    await bt.reports.send(report)
    expected = (
        b'{"event":"play.ended","track_id":"123456","time":1305552557,"offline":false,'
        b'"duration":103,"stream_context":"release/1","shop":"music-no"}'
    )
    request = only(httpx_mock)
    assert request.headers["content-type"] == "application/json"
    assert request.content == expected
