"""Bad input refused before anything is sent (a ``TypeError``, a ``ValueError``) gets no
"may have been done" note from a write that is never sent twice: nothing was sent.
``bt.users.migrate``'s metadata is checked only as the request is built, after the call
has begun, so a lone surrogate in it is refused there.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from beatkit.testing import FakeBeatTech


def notes(exc: BaseException) -> list[str]:
    return list(getattr(exc, "__notes__", []))


async def test_a_lone_surrogate_in_migrate_metadata_gets_no_note(
    fake: FakeBeatTech, connect: Callable[..., Any]
) -> None:
    bt = await connect(login=(fake.username, fake.password))
    with pytest.raises(ValueError, match="cannot be built") as caught:
        await bt.users.migrate("202", metadata={"campaign": "\ud800"})
    assert notes(caught.value) == []
    assert fake.requests_to(f"/users/{fake.user_id}/migrations", "POST") == []


async def test_options_of_the_wrong_type_get_no_note(
    fake: FakeBeatTech, connect: Callable[..., Any]
) -> None:
    bt = await connect(login=(fake.username, fake.password))
    with pytest.raises(TypeError, match="options must be a RequestOptions") as caught:
        await bt.users.create(firstname="Kid", profile_type="child", options=5)
    assert notes(caught.value) == []
    assert fake.requests_to("/users", "POST") == []
