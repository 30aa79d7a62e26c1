"""The parts of a client a user annotates, importable from the service's package.

``bt.auth`` and ``bt.app`` are objects a user passes around (a login helper takes the
auth, a provisioning script the app view); their classes are public names, as
Beatport's ``BeatportAuth`` is, never only reachable from a private ``_sync`` module.
"""

from __future__ import annotations

from typing import assert_type

from beatkit.beatport import AsyncBeatport, AsyncBeatportAuth, Beatport, BeatportAuth
from beatkit.beattech import (
    AsyncBeatTech,
    AsyncBeatTechApp,
    AsyncBeatTechAuth,
    BeatTech,
    BeatTechApp,
    BeatTechAuth,
)


def log_in(auth: BeatTechAuth) -> None:
    auth.login("reader@example.com", "pw")


async def log_in_async(auth: AsyncBeatTechAuth) -> None:
    await auth.login("reader@example.com", "pw")


def beattech_parts(bt: BeatTech, abt: AsyncBeatTech) -> None:
    assert_type(bt.auth, BeatTechAuth)
    assert_type(bt.app, BeatTechApp)
    assert_type(abt.auth, AsyncBeatTechAuth)
    assert_type(abt.app, AsyncBeatTechApp)
    log_in(bt.auth)


def beatport_parts(bp: Beatport, abp: AsyncBeatport) -> None:
    assert_type(bp.auth, BeatportAuth)
    assert_type(abp.auth, AsyncBeatportAuth)
