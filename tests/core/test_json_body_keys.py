"""A JSON body whose objects have keys that are not text is refused before sending.

``json.dumps`` renames such keys: ``{1: "a"}`` goes out as ``{"1": "a"}``, ``{None: 1}``
as ``{"null": 1}``, ``{True: 1}`` as ``{"true": 1}``, so the server gets another key
than the one given (and ``{1: "a", "1": "b"}`` sends ``"1"`` twice). Refused like the
other values JSON has no form for: a ``TypeError`` naming the operation and the key's
type, never a value.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from beatkit._core.http import build_request
from beatkit._core.operation import Operation
from beatkit._core.settings import DEFAULT_TIMEOUT


def build(body: Any) -> httpx.Request:
    op = Operation(name="t.op", method="POST", path="/x", result=Any, json=body)
    with httpx.Client() as client:
        return build_request(
            client,
            op,
            base_url=httpx.URL("https://api.test/v1"),
            headers={"User-Agent": "ua"},
            timeout=DEFAULT_TIMEOUT,
        )


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        ({1: "hunter2"}, "int"),
        ({"p": "hunter2", "meta": {None: 1}}, "NoneType"),
        ({"list": [{"ok": 1}, {True: "hunter2"}]}, "bool"),
        ({"x": {"y": {1.5: 2}}}, "float"),
        ([{"ok": {7: "hunter2"}}], "int"),
    ],
)
def test_a_key_that_is_not_text_is_refused(body: Any, kind: str) -> None:
    with pytest.raises(
        TypeError, match=rf"^t\.op: the JSON body cannot be written: .*key.*{kind}"
    ) as info:
        build(body)
    assert "hunter2" not in str(info.value)
    assert info.value.__cause__ is None and info.value.__context__ is None


def test_text_keys_at_every_depth_are_sent() -> None:
    body = {"a": [{"b": {"c": 1}}, 2, "x"], "é": None}
    assert build(body).content == b'{"a":[{"b":{"c":1}},2,"x"],"\xc3\xa9":null}'
