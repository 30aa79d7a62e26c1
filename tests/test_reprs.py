"""What ``repr`` shows a user of every client object: at a prompt, in a debugger, in a log.

A resource (``bc.beats``, ``bt.app.tracks``) reads as its class (``<Beats>``; the auth
resources as ``BeatportAuth(has_token=True)``), never as Python's
``<... object at 0x7f...>``, and the same way in all four services; no repr shows a
credential given to the client.
"""

from __future__ import annotations

import asyncio
import re

from beatkit import (
    AsyncBeatConnect,
    AsyncBeatPass,
    AsyncBeatport,
    AsyncBeatTech,
    BeatConnect,
    BeatPass,
    Beatport,
    BeatTech,
)
from beatkit._core._async.resource import AsyncResource
from beatkit._core._sync.resource import Resource

SECRETS = ("bc-key-SEKRET", "bp-token-SEKRET", "bpt-token-SEKRET", "bt-secret-SEKRET")


def _clients() -> list[object]:
    return [
        BeatConnect("bc-key-SEKRET"),
        BeatPass("bp-token-SEKRET"),
        Beatport("client-id", token="bpt-token-SEKRET"),
        BeatTech("fabel", client_id="id", client_secret="bt-secret-SEKRET"),
        AsyncBeatConnect("bc-key-SEKRET"),
        AsyncBeatPass("bp-token-SEKRET"),
        AsyncBeatport("client-id", token="bpt-token-SEKRET"),
        AsyncBeatTech("fabel", client_id="id", client_secret="bt-secret-SEKRET"),
    ]


def _resources(path: str, obj: object, found: dict[str, object]) -> None:
    for name in dir(obj):
        if name.startswith("_"):
            continue
        value = getattr(obj, name)
        if isinstance(value, Resource | AsyncResource) and f"{path}.{name}" not in found:
            found[f"{path}.{name}"] = value
            _resources(f"{path}.{name}", value, found)


def _close(client: object) -> None:
    if isinstance(client, BeatConnect | BeatPass | Beatport | BeatTech):
        client.close()
    else:
        asyncio.run(client.aclose())  # type: ignore[attr-defined]


def test_every_resource_repr_names_its_class_the_same_way_in_every_service() -> None:
    problems: list[str] = []
    for client in _clients():
        found: dict[str, object] = {}
        _resources(type(client).__name__, client, found)
        assert len(found) > 3, type(client).__name__
        for path, resource in found.items():
            text = repr(resource)
            name = type(resource).__name__
            shape = rf"<{name}( [^<>]*)?>|{name}\(.*\)"
            if " object at 0x" in text or not re.fullmatch(shape, text):
                problems.append(f"{path}: {text}")
            if any(secret in text for secret in SECRETS):
                problems.append(f"{path}: a credential in {text}")
        _close(client)
    assert problems == [], "\n".join(problems[:20]) + f"\n({len(problems)} in all)"
