# GENERATED from beatkit/beattech/_async/sync.py by scripts/unasync.py: edit the async source.
"""``bt.sync``: offline personal data through the Changes API."""

from __future__ import annotations

from beatkit.beattech._sync.base import BeatTechResource

__all__ = ["Sync"]


class Sync(BeatTechResource):
    """``bt.sync``: ``latest_change_id`` (``HEAD /v2/users/{id}/changes``), ``pull`` the
    changes after a base, ``push`` pending offline edits in batches of 20, and ``run``
    (push with the base the edits were made against, then pull from that base).

    Always the logged-in user's own data, with the user token.
    """
