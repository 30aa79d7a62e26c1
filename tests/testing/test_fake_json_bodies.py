"""JSON request bodies a real server cannot read are refused as the API refuses bad
JSON, never a Python exception out of the fake (or a 500 from its socket server)."""

from __future__ import annotations

import sys

import httpx
import pytest

from beatkit.testing import FakeBeatPass, FakeBeatport, FakeBeatTech
from beatkit.testing._wire import MAX_JSON_DEPTH, read_json

_JSON = {"Content-Type": "application/json"}

# Each a body json.loads reads without a ValueError, or with a RecursionError.
UNREADABLE = {
    "nested objects": b'{"a":' * 5000 + b"1" + b"}" * 5000,
    "nested arrays": b"[" * 100_000 + b"]" * 100_000,
    "unclosed nesting": b"[" * 100_000,
    "lone high surrogate": b'{"title": "\\ud800x", "name": "\\ud800x"}',
    "lone low surrogate key": b'{"\\udc00": 1, "title": "t", "name": "n"}',
    "NaN": b'{"title": NaN, "name": NaN, "position": NaN}',
    "overflowing float": b'{"title": 1e400, "name": 1e400, "position": 1e400}',
}


@pytest.mark.parametrize("body", UNREADABLE.values(), ids=UNREADABLE.keys())
def test_read_json_refuses_what_a_strict_server_cannot_read(body: bytes) -> None:
    with pytest.raises(ValueError, match="JSON"):
        read_json(body)


@pytest.mark.parametrize("body", UNREADABLE.values(), ids=UNREADABLE.keys())
def test_read_json_refuses_the_same_under_a_raised_recursion_limit(body: bytes) -> None:
    # Regression: the depth was left to json.loads, whose limit is the interpreter's
    # recursion limit; under a runner that had raised it, 5000 levels were read.
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(60_000)
    try:
        with pytest.raises(ValueError, match="JSON"):
            read_json(body)
    finally:
        sys.setrecursionlimit(limit)


def test_read_json_reads_nesting_up_to_the_php_limit() -> None:
    deepest = b"[" * MAX_JSON_DEPTH + b"]" * MAX_JSON_DEPTH
    assert read_json(deepest) is not None
    with pytest.raises(ValueError, match="nested too deeply"):
        read_json(b"[" + deepest + b"]")


def test_read_json_keeps_a_surrogate_pair_and_deep_but_sane_nesting() -> None:
    assert read_json(b'{"t": "\\ud83d\\ude00"}') == {"t": "\U0001f600"}
    assert read_json(b"[" * 100 + b"]" * 100) is not None
    assert read_json(b'{"n": 1.5e300, "i": 12345678901234567890}') == {
        "n": 1.5e300,
        "i": 12345678901234567890,
    }


@pytest.mark.parametrize("body", UNREADABLE.values(), ids=UNREADABLE.keys())
def test_beatpass_treats_unreadable_json_as_no_fields(body: bytes) -> None:
    # Laravel's json_decode fails on these and the request has no fields: a 422.
    fake = FakeBeatPass()
    headers = {**_JSON, "Authorization": f"Bearer {fake.token}"}
    for method, path in (("POST", "/playlists"), ("POST", "/tracks")):
        response = fake.handle(
            httpx.Request(method, fake.base_url + path, headers=headers, content=body)
        )
        assert response.status_code == 422, (path, response.text[:200])
        assert "errors" in response.json()


@pytest.mark.parametrize("body", UNREADABLE.values(), ids=UNREADABLE.keys())
def test_beattech_answers_unreadable_json_with_its_400(body: bytes) -> None:
    fake = FakeBeatTech()
    token = fake.issue_token(fake.user_id)["access_token"]
    headers = {**_JSON, "Authorization": f"Bearer {token}"}
    for method, path in (("POST", "/releases/groups"), ("PATCH", f"/users/{fake.user_id}")):
        response = fake.handle(
            httpx.Request(method, fake.base_url + path, headers=headers, content=body)
        )
        assert response.status_code == 400, (path, response.text[:200])
        assert response.json()["error"] == "validation_error"


@pytest.mark.parametrize("body", UNREADABLE.values(), ids=UNREADABLE.keys())
def test_beatport_login_answers_unreadable_json_with_a_parse_error(body: bytes) -> None:
    fake = FakeBeatport()
    url = fake.base_url + "/auth/login/"
    response = fake.handle(httpx.Request("POST", url, headers=_JSON, content=body))
    assert response.status_code == 400
    assert response.json()["detail"].startswith("JSON parse error")


def test_unreadable_json_over_a_socket_is_no_crash() -> None:
    fake = FakeBeatPass()
    with fake.serve() as server:
        response = httpx.post(
            server.base_url + "/tracks",
            headers={**_JSON, "Authorization": f"Bearer {fake.token}"},
            content=UNREADABLE["lone high surrogate"],
            timeout=5,
        )
    assert response.status_code == 422
