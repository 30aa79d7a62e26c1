"""A release's ``type`` is a name (``"EP"``) or an ``{"id", "name"}`` object: a value of
another JSON type is refused with a message that names both forms, not only the object."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from beatkit.beatport import AsyncBeatport, Beatport
from beatkit.beatport.models import Release, ReleaseType
from beatkit.errors import ResponseDecodeError


def answering(body: Any) -> httpx.MockTransport:
    return httpx.MockTransport(lambda request: httpx.Response(200, json=body))


def client(body: Any, *, strict: bool = False) -> Beatport:
    http = httpx.Client(transport=answering(body))
    return Beatport("cid", token="t", http_client=http, requests_per_second=None, strict=strict)


@pytest.mark.parametrize(
    ("value", "found"), [(5, "integer"), (1.5, "number"), (True, "boolean"), ([1], "array")]
)
@pytest.mark.parametrize("strict", [False, True])
def test_a_release_type_of_another_json_type_names_both_forms(
    value: Any, found: str, strict: bool
) -> None:
    with (
        client({"id": 1, "type": value}, strict=strict) as bp,
        pytest.raises(ResponseDecodeError) as info,
    ):
        bp.releases.get(1)
    assert str(info.value) == (
        f"beatport: releases.get: Release.type: expected str or object or null, got {found}"
    )


def test_the_async_client_says_the_same() -> None:
    async def run() -> str:
        http = httpx.AsyncClient(transport=answering({"id": 1, "type": 7}))
        async with AsyncBeatport(
            "cid", token="t", http_client=http, requests_per_second=None
        ) as bp:
            with pytest.raises(ResponseDecodeError) as info:
                await bp.releases.get(1)
        return str(info.value)

    assert asyncio.run(asyncio.wait_for(run(), 30)) == (
        "beatport: releases.get: Release.type: expected str or object or null, got integer"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [("EP", "EP"), (None, None), ({"id": 1, "name": "EP"}, ReleaseType(id=1, name="EP"))],
)
def test_both_documented_forms_still_decode(value: Any, expected: Any) -> None:
    with client({"id": 1, "type": value}, strict=True) as bp:
        release = bp.releases.get(1)
    assert isinstance(release, Release)
    assert release.type == expected


def test_an_object_of_the_wrong_shape_names_its_field() -> None:
    with client({"id": 1, "type": {"id": "x"}}) as bp, pytest.raises(ResponseDecodeError) as info:
        bp.releases.get(1)
    assert str(info.value) == "beatport: releases.get: Release.type.id: expected int, got string"
