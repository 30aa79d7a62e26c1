"""The fakes' injected errors wear the service's own envelope, as a real refusal does.

``fail_next(status)`` with no body answers "the service's own error envelope for status":
for FakeBeatport's 401 that is the very answer an unauthenticated request gets, and for
FakeBeatPass's 422 Laravel's validation body.
"""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from beatkit.testing import FakeBeatConnect, FakeBeatTech, FakeService
from beatkit.testing.beatpass import FakeBeatPass
from beatkit.testing.beatport import FakeBeatport


def test_an_injected_beatport_401_is_the_unauthenticated_answer() -> None:
    fake = FakeBeatport()
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as client:
        real = client.get("/catalog/tracks/")
        token = fake.issue_token()["access_token"]
        fake.fail_next(401)
        injected = client.get("/catalog/tracks/", headers={"Authorization": f"Bearer {token}"})
    assert real.status_code == injected.status_code == 401
    assert injected.headers["WWW-Authenticate"] == real.headers["WWW-Authenticate"]
    assert injected.headers["WWW-Authenticate"] == 'Bearer realm="api"'
    assert (
        injected.json()
        == real.json()
        == {"detail": "Authentication credentials were not provided."}
    )


def test_beatport_refuses_a_boolean_filter_it_cannot_read() -> None:
    fake = FakeBeatport()
    token = fake.issue_token()["access_token"]
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as client:
        answer = client.get(
            "/catalog/tracks/",
            params={"is_available_for_streaming": "maybe"},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert answer.status_code == 400
    assert answer.json() == {
        "is_available_for_streaming": [
            "Select a valid choice. That choice is not one of the available choices."
        ]
    }


def test_an_injected_beatpass_422_is_a_laravel_validation_body() -> None:
    fake = FakeBeatPass()
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as client:
        fake.fail_next(422)
        answer = client.get("/tracks/1")
    assert answer.status_code == 422
    assert answer.json() == {
        "message": "The given data was invalid.",
        "status": "error",
        "errors": {},
    }


def test_beatpass_reads_a_body_that_is_not_json_as_no_input() -> None:
    # Laravel drops a JSON body it cannot parse: the request has no input at all.
    fake = FakeBeatPass()
    headers = {"Authorization": f"Bearer {fake.token}", "Content-Type": "application/json"}
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as client:
        answer = client.post("/playlists", content=b'{"name": "x"', headers=headers)
    assert answer.status_code == 422
    assert answer.json() == {
        "status": "error",
        "message": "The name field is required.",
        "errors": {"name": ["The name field is required."]},
    }


@pytest.mark.parametrize("make", [FakeBeatConnect, FakeBeatPass], ids=["beatconnect", "beatpass"])
def test_an_injected_429_says_no_requests_remain(make: Callable[[], FakeService]) -> None:
    # A 429 is the answer of a used-up window: X-RateLimit-Remaining > 0 beside it
    # would tell a client that reads the headers to go on at once.
    fake = make()
    fake.fail_next(429)
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as client:
        limited = client.get("/genres")
        after = client.get("/genres")
    assert limited.status_code == 429
    assert limited.headers["X-RateLimit-Remaining"] == "0"
    # The injected answer took nothing from the fake's own window.
    assert (
        int(after.headers["X-RateLimit-Remaining"]) == int(after.headers["X-RateLimit-Limit"]) - 1
    )


def test_an_injected_beattech_status_outside_its_table_is_not_a_server_error() -> None:
    # The page's envelope (L188-198) for every status; a 429 or 418 is no "Server error.".
    fake = FakeBeatTech()
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as client:
        fake.fail_next(429)
        limited = client.get("/products")
        fake.fail_next(503)
        unavailable = client.get("/products")
    assert limited.status_code == 429
    assert set(limited.json()) == {"error", "error_description"}
    assert limited.json()["error_description"] == "Too Many Requests."
    assert unavailable.json() == {"error": "exception", "error_description": "Server error."}


def test_an_injected_429_resets_the_window_when_its_retry_after_says() -> None:
    now = [1_700_000_000.0]
    fake = FakeBeatConnect(clock=lambda: now[0])
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as client:
        fake.fail_next(429, headers={"Retry-After": "7"})
        soon = client.get("/genres")
        fake.fail_next(429, headers={"Retry-After": "0"})
        now_ = client.get("/genres")
    assert soon.headers["X-RateLimit-Reset"] == str(1_700_000_007)
    assert now_.headers["X-RateLimit-Reset"] == str(1_700_000_000)
    assert soon.headers["X-RateLimit-Remaining"] == now_.headers["X-RateLimit-Remaining"] == "0"
