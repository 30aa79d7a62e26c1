"""A list page whose ``data`` is neither an object nor a list says so in JSON's words.

``{"status": "success", "data": "x"}`` failed with Python's own text inside the decode
error ("string indices must be integers, not 'str'", "'NoneType' object is not
subscriptable"), which names no field of the answer.
"""

from __future__ import annotations

import httpx
import pytest

from beatkit.beatconnect import BeatConnect
from beatkit.errors import ResponseDecodeError


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[httpx.Response]:
    monkeypatch.delenv("BEATCONNECT_API_KEY", raising=False)
    queued: list[httpx.Response] = []
    return queued


@pytest.mark.parametrize(
    ("data", "name"), [("x", "string"), (None, "null"), (5, "integer"), (True, "boolean")]
)
@pytest.mark.parametrize("call", ["beats.list", "orders.list", "genres.list", "similar"])
def test_page_data_neither_object_nor_list_is_named(
    answers: list[httpx.Response], data: object, name: str, call: str
) -> None:
    answers.append(httpx.Response(200, json={"status": "success", "data": data}))
    http = httpx.Client(transport=httpx.MockTransport(lambda _: answers.pop(0)))
    with BeatConnect("key", http_client=http, max_retries=0) as bc:
        run = {
            "beats.list": lambda: bc.beats.list().to_list(),
            "orders.list": lambda: bc.orders.list().to_list(),
            "genres.list": bc.genres.list,
            "similar": lambda: bc.beats.similar(1),
        }[call]
        with pytest.raises(ResponseDecodeError) as info:
            run()
    message = str(info.value)
    assert f"data must be an object or a list, got {name}" in message
    assert "subscriptable" not in message and "indices" not in message
