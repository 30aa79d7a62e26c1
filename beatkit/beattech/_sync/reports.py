# GENERATED from beatkit/beattech/_async/reports.py by scripts/unasync.py: edit the async source.
"""``bt.reports``: play and reader reports."""

from __future__ import annotations

from beatkit.beattech._sync.base import BeatTechResource

__all__ = ["Reports"]


class Reports(BeatTechResource):
    """``bt.reports``: ``send`` one report (``POST /v2/reports``), ``send_many`` in order,
    ``send_legacy`` (``POST /v2/player/reports``, deprecated). Reports are never
    replayed automatically: a duplicate counts a play twice.
    """
