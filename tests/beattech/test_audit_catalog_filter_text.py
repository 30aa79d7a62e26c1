"""A banner group's ``source_link_filter`` is "a JSON-encoded string" (L1810, L1951):
text that is not JSON (``NaN``, nesting too deep to read, an escaped lone surrogate) and a
mapping JSON cannot write as given (a key that is not text, nesting too deep, a lone
surrogate) are refused with a ``ValueError`` or ``TypeError`` before anything is sent,
never sent, renamed or raised as ``RecursionError``; any mapping is encoded, not only a
``dict``, and its text written as the body is (not ASCII-escaped)."""

from __future__ import annotations

import json
import sys
from types import MappingProxyType
from typing import Any

import httpx
import pytest

from beatkit.beattech import AsyncBeatTech, BeatTech
from beatkit.testing import FakeBeatTech

EDITOR = ("editor@example.com", "fake-editor-password")


# Past what json reads or writes on every supported Python: 3.11 stops at the recursion
# limit, but 3.12 reads and writes 1,100 levels and 3.13 9,000 (a C-stack bound),
# so "recursion limit + 100" was JSON they carry. How deep json goes is the
# interpreter's; beatkit's property is that a depth json refuses is a clear ValueError.
TOO_DEEP = max(sys.getrecursionlimit() + 100, 100_000)


def _deep() -> Any:
    value: list[Any] = []
    for _ in range(TOO_DEEP):
        value = [value]
    return value


def _deep_text() -> str:
    depth = TOO_DEEP
    return "[" * depth + "]" * depth


def _api(fake: FakeBeatTech) -> list[httpx.Request]:
    return [r for r in fake.requests if not r.url.path.endswith("/oauth2/token")]


REFUSED: list[tuple[str, Any, type[Exception], str]] = [
    ("nan-text", "NaN", ValueError, "JSON"),
    ("infinity-text", '{"min": -Infinity}', ValueError, "JSON"),
    ("deep-text", _deep_text(), ValueError, "nested too deeply"),
    ("deep-mapping", {"type": _deep()}, ValueError, "nested too deeply"),
    ("int-key", {1: "audiobook"}, TypeError, "key"),
    ("inner-none-key", {"type": [{None: 1}]}, TypeError, "key"),
    ("nan-value", {"min": float("nan")}, ValueError, "NaN"),
    # A lone surrogate: json would escape it ("\\ud800"), which no UTF-8 reader takes.
    ("surrogate-value", {"type": ["\ud800"]}, ValueError, "surrogate"),
    ("surrogate-key", {"\udc80": 1}, ValueError, "surrogate"),
    ("escaped-surrogate-text", '{"type": "\\ud800"}', ValueError, "surrogate"),
]


@pytest.mark.parametrize(
    ("value", "error", "match"),
    [case[1:] for case in REFUSED],
    ids=[case[0] for case in REFUSED],
)
def test_a_filter_json_cannot_carry_is_refused_before_sending(
    value: Any, error: type[Exception], match: str
) -> None:
    fake = FakeBeatTech()
    with httpx.Client(transport=fake.transport()) as http:
        bt = BeatTech(
            fake.tenant,
            client_id=fake.client_id,
            client_secret=fake.client_secret,
            base_url=fake.base_url,
            http_client=http,
        )
        bt.auth.login(*EDITOR)
        with pytest.raises(error, match=match):
            bt.banner_groups.create("x", visible=True, position=1, source_link_filter=value)
        with pytest.raises(error, match=match):
            bt.banner_groups.update("501", source_link_filter=value)
    assert _api(fake) == []


async def test_a_filter_json_cannot_carry_is_refused_before_sending_async() -> None:
    fake = FakeBeatTech()
    async with httpx.AsyncClient(transport=fake.transport()) as http:
        bt = AsyncBeatTech(
            fake.tenant,
            client_id=fake.client_id,
            client_secret=fake.client_secret,
            base_url=fake.base_url,
            http_client=http,
        )
        await bt.auth.login(*EDITOR)
        for _, value, error, match in REFUSED:
            with pytest.raises(error, match=match):
                await bt.banner_groups.update("501", source_link_filter=value)
    assert _api(fake) == []


def test_any_mapping_is_encoded_as_the_filter() -> None:
    fake = FakeBeatTech()
    with httpx.Client(transport=fake.transport()) as http:
        bt = BeatTech(
            fake.tenant,
            client_id=fake.client_id,
            client_secret=fake.client_secret,
            base_url=fake.base_url,
            http_client=http,
        )
        bt.auth.login(*EDITOR)
        wanted = MappingProxyType({"type": ["lydbok, Ø"], "min": 1.5})
        group = bt.banner_groups.update("501", source_link_filter=wanted)
    sent = json.loads(_api(fake)[-1].content)["source_link_filter"]
    assert json.loads(sent) == {"type": ["lydbok, Ø"], "min": 1.5}
    assert "Ø" in sent  # written as the body is, not escaped
    assert group.source_link_filter == sent
