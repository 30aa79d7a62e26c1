"""A path parameter holding a control character (a line break, a tab, NUL, DEL) is
refused before anything is sent, naming the parameter and never showing the value.

It was sent percent-encoded (``/licenses/a%0Ab/revoke``, ``/verify-license/%00``): no
id holds one, and a server reads such a segment as whatever its decoder makes of it
(found by fuzzing the public methods with ids pasted with a line break).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from beatkit._core.http import format_path
from beatkit._core.operation import Operation
from beatkit.auth import Token
from beatkit.beatpass import BeatPass
from beatkit.beattech import BeatTech
from tests.core.test_http import build

CONTROLS = ["a\nb", "a\rb", "a\tb", "sekret\x00", "a\x7fb", "a\x1bb", "a\x85b"]


@pytest.mark.parametrize("value", CONTROLS)
def test_format_path_refuses_a_control_character(value: str) -> None:
    with pytest.raises(ValueError, match=r"^path parameter 'uuid' holds a control character"):
        format_path("/licenses/{uuid}/revoke", {"uuid": value})


def test_build_request_names_the_operation_and_not_the_value() -> None:
    op = Operation(
        name="t.op", method="GET", path="/x/{id}", result=Any, path_params={"id": "sekret\n"}
    )
    with pytest.raises(ValueError, match=r"^t\.op: path parameter 'id' holds a control") as info:
        build(op)
    assert "sekret" not in str(info.value)


def test_other_text_is_still_encoded_as_one_segment() -> None:
    assert format_path("/x/{id}", {"id": "a b/é"}) == "/x/a%20b%2F%C3%A9"


def _bt(http: httpx.Client) -> BeatTech:
    token = Token(access_token="tok", extra={"user_id": "7"})
    return BeatTech("test", client_id="a", client_secret="b", token=token, http_client=http)


CALLS: list[tuple[str, Callable[[httpx.Client, str], Any]]] = [
    ("uuid", lambda http, v: BeatPass("tok", http_client=http).licenses.verify(v)),
    ("uuid", lambda http, v: BeatPass("tok", http_client=http).licenses.revoke(v)),
    ("release_id", lambda http, v: _bt(http).releases.get(v)),
    ("user_id", lambda http, v: _bt(http).users.get(user_id=v)),
]


@pytest.mark.parametrize(
    ("name", "call"), CALLS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CALLS)]
)
def test_a_method_refuses_a_control_character_in_an_id_before_sending(
    name: str, call: Callable[[httpx.Client, str], Any]
) -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(500)

    http = httpx.Client(transport=httpx.MockTransport(handler))
    with http, pytest.raises(ValueError, match=r"path parameter '\w+' holds a control") as info:
        call(http, "12\x0034")
    assert "12" not in str(info.value).split(":", 1)[1]
    assert sent == []
