"""``bt.sync``: offline personal data through the Changes API."""

from __future__ import annotations

from beatkit.beattech._async.base import AsyncBeatTechResource

__all__ = ["AsyncSync"]


class AsyncSync(AsyncBeatTechResource):
    """``bt.sync``: ``latest_change_id`` (``HEAD /v2/users/{id}/changes``), ``pull`` the
    changes after a base, ``push`` pending offline edits in batches of 20, and ``run``
    (push with the base the edits were made against, then pull from that base).

    Always the logged-in user's own data, with the user token.
    """
