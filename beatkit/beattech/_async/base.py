"""The base of Beat Technology's resources: the transport plus the client's shared context."""

from __future__ import annotations

from beatkit._core._async.resource import AsyncResource
from beatkit._core._async.transport import AsyncTransport
from beatkit.beattech.context import ClientContext

__all__ = ["AsyncBeatTechResource"]


class AsyncBeatTechResource(AsyncResource):
    """A group of Beat Technology endpoints.

    Args:
        transport: The client's transport (``bt.app``'s routes every call to the app token).
        context: The client's token router and default headers.
    """

    def __init__(self, transport: AsyncTransport, context: ClientContext) -> None:
        super().__init__(transport)
        self._context = context
