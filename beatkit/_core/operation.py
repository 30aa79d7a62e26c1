"""Operations as data: one value describes one API call, from request to decoded result."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeAlias, TypeVar

from attrs import field, frozen

if TYPE_CHECKING:
    from beatkit._core.pagination import Paging

__all__ = ["IDEMPOTENT_METHODS", "Operation", "QueryValue", "RequestOptions"]

T = TypeVar("T")

QueryValue: TypeAlias = str | int | float | bool | Sequence[str | int] | None
"""A query parameter value. ``None`` drops the parameter; sequences are joined with commas."""

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
"""Methods that may be replayed after a request reached the server (RFC 9110 §9.2.2)."""


def _identity(body: Any) -> Any:
    return body


@frozen(kw_only=True)
class Operation(Generic[T]):
    """One API call described as data: what to send, and how to read the answer.

    Service ``operations`` modules build these; facades only pass them to the
    transport. Nothing here does I/O, so the same operation serves the sync and
    the async client.
    """

    name: str
    """Dotted name for logs and errors, e.g. ``"beats.get"``."""
    method: str
    """HTTP method, upper case."""
    path: str
    """Path template relative to the service base URL, e.g. ``"/beats/{beat_id}"``."""
    path_params: Mapping[str, str | int] = field(factory=dict)
    """Values for the template's placeholders; each is percent-encoded as one segment."""
    params: Mapping[str, QueryValue] = field(factory=dict)
    """Query parameters."""
    headers: Mapping[str, str] = field(factory=dict)
    """Extra request headers for this operation."""
    json: Any = None
    """A JSON body, or ``None``."""
    data: Mapping[str, str] | None = None
    """A form body (``application/x-www-form-urlencoded``), or ``None``."""
    files: Any = None
    """Multipart files as httpx takes them, or ``None``."""
    url: str | None = None
    """An absolute URL that replaces ``path`` (a next-page link); ``params`` are then ignored."""
    decode: Callable[[Any], T] = _identity
    """Turns the parsed JSON body into the result; for paged operations, turns one item."""
    expect_body: bool = True
    """``False`` for calls answered with an empty body (204); the result is ``decode(None)``."""
    paging: Paging | None = None
    """How to walk pages, for list operations; ``None`` for single results."""
    replayable: bool | None = None
    """Whether the request may be replayed after it may have reached the server.

    ``None`` decides by method (:data:`IDEMPOTENT_METHODS`). Services whose writes
    must never run twice (BeatPass) set ``False`` on ``PUT`` and ``DELETE`` too:
    they are then retried only on 429 or when the request was never sent.
    """

    @property
    def idempotent(self) -> bool:
        """Whether the request may be replayed after it may have reached the server."""
        if self.replayable is not None:
            return self.replayable
        return self.method in IDEMPOTENT_METHODS


@frozen(kw_only=True)
class RequestOptions:
    """Per-call adjustments, passed as ``options=`` to any client method that takes it."""

    timeout: float | None = None
    """Seconds for this call instead of the client's timeout."""
    max_retries: int | None = None
    """Retries for this call instead of the client's ``max_retries``."""
    headers: Mapping[str, str] = field(factory=dict)
    """Extra headers for this call (they cannot replace ``Authorization``)."""
