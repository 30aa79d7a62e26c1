"""A request body nested deeper than Python's recursion limit (which ``json`` writes
from Python 3.12 on) has its credentials read without recursing: an error answer to it
is the API's error, not a raw ``RecursionError``, on both facades."""

from __future__ import annotations

import sys
from typing import Any

import httpx
import pytest

from beatkit._core.http import ServiceSpec
from beatkit._core.redact import field_values, request_secrets
from beatkit._core.responses import error_from_response
from beatkit.beattech import AsyncBeatTech, BeatTech
from beatkit.errors import APIError


def _deep(depth: int, leaf: Any) -> Any:
    value = leaf
    for _ in range(depth):
        value = [value]
    return value


def _too_deep() -> int:
    return sys.getrecursionlimit() + 100


def test_field_values_walks_any_depth_in_document_order() -> None:
    value = {
        "code": "first",
        "rows": [
            {"CODE": "second"},
            _deep(_too_deep(), {"code": "third", "other": "x"}),
            {"a": {"code": "fourth"}, "code": 5},
        ],
        "tail": {"Code": "fifth"},
    }
    assert field_values(value, ["code"]) == ["first", "second", "third", "fourth", "fifth"]


def test_request_secrets_of_a_body_deeper_than_the_recursion_limit() -> None:
    depth = _too_deep()
    content = (
        b'{"password": "pw-top-0001", "extra": '
        + b"[" * depth
        + b'{"token": "tk-deep-0002"}'
        + b"]" * depth
        + b"}"
    )
    request = httpx.Request(
        "POST", "https://api.test/x", content=content, headers={"content-type": "application/json"}
    )
    # Python 3.11's json reads no deeper than the limit: the pairs are read from the text.
    assert request_secrets(request) == ["pw-top-0001", "tk-deep-0002"]


def test_an_error_answer_to_a_deep_body_is_the_api_error() -> None:
    old = sys.getrecursionlimit()
    body = {"password": "pw-top-0001", "extra": _deep(300, "leaf")}
    request = httpx.Request("POST", "https://api.test/x", json=body)
    response = httpx.Response(422, json={"message": "bad pw-top-0001"}, request=request)
    sys.setrecursionlimit(250)
    try:
        error = error_from_response(response, ServiceSpec(name="svc"))
    finally:
        sys.setrecursionlimit(old)
    assert isinstance(error, APIError)
    assert error.status_code == 422
    assert "pw-top-0001" not in str(error)


def _echo(request: httpx.Request) -> httpx.Response:
    if request.url.path.endswith("/token"):
        return httpx.Response(200, json={"access_token": "at-app-0001", "expires_in": 3600})
    echoed = {"content-type": "application/json"}
    return httpx.Response(422, content=request.content, headers=echoed)


def _report() -> dict[str, Any]:
    return {"event": "play.ended", "extra": _deep(_too_deep(), "leaf")}


needs_deep_json = pytest.mark.skipif(
    sys.version_info < (3, 12), reason="json writes no deeper than the recursion limit"
)


@needs_deep_json
def test_a_refused_deep_report_is_the_api_error_sync() -> None:
    with (
        httpx.Client(transport=httpx.MockTransport(_echo)) as client,
        BeatTech("fabel", client_id="id", client_secret="s", http_client=client) as bt,
        pytest.raises(APIError) as caught,
    ):
        bt.reports.send(_report())
    assert caught.value.status_code == 422


@needs_deep_json
async def test_a_refused_deep_report_is_the_api_error_async() -> None:
    async with (
        httpx.AsyncClient(transport=httpx.MockTransport(_echo)) as client,
        AsyncBeatTech("fabel", client_id="id", client_secret="s", http_client=client) as bt,
    ):
        with pytest.raises(APIError) as caught:
            await bt.reports.send(_report())
    assert caught.value.status_code == 422
