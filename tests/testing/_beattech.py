"""What the raw-HTTP tests of ``FakeBeatTech`` share (their ``http`` client is the
``tests/testing`` conftest's)."""

from __future__ import annotations

from typing import Any

from beatkit.testing import FakeBeatTech


def bearer(fake: FakeBeatTech, user_id: str | None = None, **kwargs: Any) -> dict[str, str]:
    """The ``Authorization`` header of a token the fake issues (a user's, with ``user_id``)."""
    return {"Authorization": f"Bearer {fake.issue_token(user_id, **kwargs)['access_token']}"}
