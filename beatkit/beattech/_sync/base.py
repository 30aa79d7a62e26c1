# GENERATED from beatkit/beattech/_async/base.py by scripts/unasync.py: edit the async source.
"""The base of Beat Technology's resources: the transport plus the client's shared context."""

from __future__ import annotations

from beatkit._core._sync.resource import Resource
from beatkit._core._sync.transport import Transport
from beatkit.beattech.context import ClientContext

__all__ = ["BeatTechResource"]


class BeatTechResource(Resource):
    """A group of Beat Technology endpoints.

    Args:
        transport: The client's transport (``bt.app``'s routes every call to the app token).
        context: The client's token router and default headers.
    """

    def __init__(self, transport: Transport, context: ClientContext) -> None:
        super().__init__(transport)
        self._context = context
