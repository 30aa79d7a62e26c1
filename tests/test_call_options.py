"""``options=`` (a :class:`~beatkit.RequestOptions`) is taken by every API call of every service.

A user who learns ``options=RequestOptions(timeout=...)`` on one method may pass it to
any other that sends an API request: directly, or through a list's ``**pages``. The
auth resources (``bp.auth``, ``bt.auth``) talk to token endpoints through the client's
token manager and are left out.
"""

from __future__ import annotations

import asyncio
import inspect
import typing

from beatkit import (
    AsyncBeatConnect,
    AsyncBeatPass,
    AsyncBeatport,
    AsyncBeatTech,
    BeatConnect,
    BeatPass,
    Beatport,
    BeatTech,
    RequestOptions,
)
from beatkit._core._async.resource import AsyncResource
from beatkit._core._sync.resource import Resource

AUTH_RESOURCES = ("auth",)
NOT_CALLS = ("close", "aclose")


def _methods(path: str, obj: object, found: dict[str, object]) -> None:
    for name in dir(obj):
        if name.startswith("_") or name in AUTH_RESOURCES or name in NOT_CALLS:
            continue
        value = getattr(obj, name)
        if isinstance(value, Resource | AsyncResource):
            _methods(f"{path}.{name}", value, found)
        elif inspect.ismethod(value) and isinstance(obj, Resource | AsyncResource):
            found[f"{path}.{name}"] = value


def _takes_options(method: object) -> bool:
    for parameter in inspect.signature(method).parameters.values():  # type: ignore[arg-type]
        if parameter.name == "options" and parameter.kind is parameter.KEYWORD_ONLY:
            hints = typing.get_type_hints(method)
            return RequestOptions in typing.get_args(hints["options"])
        if parameter.kind is parameter.VAR_KEYWORD:
            hints = typing.get_type_hints(method, include_extras=True)
            (pages,) = typing.get_args(hints[parameter.name])  # Unpack[PageArgs]
            return "options" in typing.get_type_hints(pages)
    return False


def test_every_api_call_takes_options() -> None:
    clients: list[typing.Any] = [
        BeatConnect("key"),
        BeatPass("token"),
        Beatport("client-id"),
        BeatTech("fabel", client_id="id", client_secret="secret"),
        AsyncBeatConnect("key"),
        AsyncBeatPass("token"),
        AsyncBeatport("client-id"),
        AsyncBeatTech("fabel", client_id="id", client_secret="secret"),
    ]
    found: dict[str, object] = {}
    for client in clients:
        _methods(type(client).__name__, client, found)
    assert len(found) > 600
    missing = sorted(path for path, method in found.items() if not _takes_options(method))
    for client in clients:
        if hasattr(client, "aclose"):
            asyncio.run(client.aclose())
        else:
            client.close()
    assert missing == [], "no options=:\n" + "\n".join(missing)
