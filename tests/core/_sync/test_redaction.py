# GENERATED from tests/core/_async/test_redaction.py by scripts/unasync.py: edit the async source.
"""Signed URLs in the send loop's log lines and errors (the sync twin is generated).

Written once for asyncio; ``scripts/unasync.py`` generates the sync twin in ``_sync/``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import httpx
import pytest

from beatkit._core._sync.client import APIClient
from beatkit._core.http import ServiceSpec
from beatkit._core.operation import Operation
from beatkit._core.settings import build_settings
from beatkit.errors import APIConnectionError, APIError, NotFoundError, ResponseDecodeError

SIGNATURE = "5f3c9a0b1c2d3e4f5a6b7c8d"
SIGNED = (
    f"https://needledrop.test/1769684486_{SIGNATURE}/db/25/"
    "db2552bf-aae0-4ad4-8f44-8999db32b4b8.128k.aac.mp4?start=0&end=256463"
)


def make(
    http_clients: list[httpx.Client], handler: Callable[[httpx.Request], Any]
) -> APIClient:
    def no_sleep(seconds: float) -> None:
        return None

    settings = build_settings(
        ServiceSpec(name="testsvc"),
        base_url="https://api.test/v1",
        auth=None,
        timeout=5.0,
        max_retries=1,
        max_retry_wait=60.0,
        requests_per_second=None,
        allow_http=False,
    )
    settings = attrs.evolve(settings, sleep=no_sleep)
    http = httpx.Client(transport=httpx.MockTransport(handler))
    http_clients.append(http)
    return APIClient(settings, http)


def signed_get() -> Operation[Any]:
    return Operation(name="media.get", method="GET", path="", url=SIGNED)


def test_signed_urls_are_redacted_in_logs_and_errors(
    http_clients: list[httpx.Client], caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    # Regression: the signature in the path (/{timestamp}_{hash}/) was logged in full.
    caplog.set_level(logging.DEBUG, logger="beatkit")
    seen: list[str] = []

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused")

    with pytest.raises(APIConnectionError) as failed:
        make(http_clients, refuse)._transport.save(signed_get(), tmp_path / "t.mp4")
    seen += [str(failed.value), repr(failed.value), failed.value.url]
    assert failed.value.url.startswith("https://needledrop.test/REDACTED/db/25/")

    client = make(http_clients, lambda request: httpx.Response(404, json={"detail": "gone"}))
    with pytest.raises(NotFoundError) as missing:
        client._transport.save(signed_get(), tmp_path / "t.mp4")
    seen += [str(missing.value), repr(missing.value)]

    saved = make(http_clients, lambda request: httpx.Response(200, content=b"audio"))
    saved._transport.save(signed_get(), tmp_path / "t.mp4")

    messages = [r.getMessage() for r in caplog.records if r.name.startswith("beatkit")]
    assert any("needledrop.test/REDACTED/db/25/" in m and "-> 200" in m for m in messages)
    assert any("retry 1" in m for m in messages)
    for text in seen + messages:
        assert SIGNATURE not in text


def test_httpx_own_request_log_does_not_show_the_signed_url(
    http_clients: list[httpx.Client], caplog: pytest.LogCaptureFixture, tmp_path: Path
) -> None:
    # httpx logs "HTTP Request: GET <url> ..." at INFO: logging.basicConfig(level=INFO)
    # put every signed download URL beatkit fetched, in full, on the application's log.
    caplog.set_level(logging.INFO, logger="httpx")
    saved = make(http_clients, lambda request: httpx.Response(200, content=b"audio"))
    saved._transport.save(signed_get(), tmp_path / "t.mp4")
    lines = [r.getMessage() for r in caplog.records if r.name == "httpx"]
    assert any("needledrop.test/REDACTED/db/25/" in line for line in lines)
    assert all(SIGNATURE not in line for line in lines)


def test_a_bearer_token_echoed_in_an_error_is_masked(
    http_clients: list[httpx.Client],
) -> None:
    # Regression: only credentials in the request body were masked where a server
    # echoed them; the token of the Authorization header was shown in full.
    token = "at-VERY-SECRET-42"

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(404, json={"message": f"nothing for token {token}"})

    client = make(http_clients, handler)
    op: Operation[Any] = Operation(
        name="beats.get",
        method="GET",
        path="/beats/1",
        headers={"Authorization": f"Bearer {token}"},
    )
    with pytest.raises(NotFoundError) as info:
        client._transport.request(op)
    assert "nothing for token" in str(info.value)
    assert token not in str(info.value)
    assert token not in repr(info.value.body)


def test_secret_query_values_echoed_in_an_error_are_masked(
    http_clients: list[httpx.Client],
) -> None:
    # Regression: the exception's body was redacted, but its message, taken from the
    # same text, kept the signature and token of the request URL the server quoted.
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(500, text=f"upstream failed for {request.url}")

    client = make(http_clients, handler)
    op: Operation[Any] = Operation(
        name="media.get",
        method="GET",
        path="/media",
        params={"token": "tk-SECRET-1", "signature": "sig-SECRET-2", "start": 0},
    )
    with pytest.raises(APIError) as info:
        client._transport.request(op)
    shown = f"{info.value} {info.value!r} {info.value.body!r}"
    assert "upstream failed for" in shown
    assert "SECRET" not in shown


@pytest.mark.parametrize(
    "answer",
    [
        {"text": "welcome; your password is pw-SECRET-3"},
        {"json": ["welcome; your password is pw-SECRET-3"]},
    ],
)
def test_request_secrets_echoed_in_an_undecodable_success_are_masked(
    http_clients: list[httpx.Client], answer: dict[str, Any]
) -> None:
    # Regression: error statuses masked what the request sent, but a 2xx that does not
    # decode kept the password it quoted in ResponseDecodeError.body.
    client = make(http_clients, lambda request: httpx.Response(200, **answer))
    op: Operation[Any] = Operation(
        name="users.create",
        method="POST",
        path="/users",
        json={"email": "a@b.test", "password": "pw-SECRET-3"},
        result=dict[str, int],
    )
    with pytest.raises(ResponseDecodeError) as info:
        client._transport.request(op)
    assert "SECRET" not in f"{info.value} {info.value!r} {info.value.body!r}"
    assert "your password is" in repr(info.value.body)
