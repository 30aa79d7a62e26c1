"""The exceptions as a user's checker sees them, for ``mypy --strict`` (never run).

Every class is importable from ``beatkit`` and ``beatkit.errors`` (the same class), its
documented attributes are typed, and a subclass's constructor (``RateLimitError(...,
retry_after=...)`` in a user's own test double) checks the keywords it passes on to
:class:`~beatkit.errors.APIError`: a misspelt or mistyped one is an error, not ``Any``.
"""

from __future__ import annotations

from typing import assert_type

import beatkit
import beatkit.errors
from beatkit.errors import (
    APIConnectionError,
    APIError,
    BackstageRequestPendingError,
    RangeNotSatisfiableError,
    RateLimitError,
    RedirectError,
    ServerError,
    TokenSaveError,
    UnprocessableEntityError,
)


def same_classes() -> None:
    assert_type(beatkit.NotFoundError, type[beatkit.errors.NotFoundError])
    assert_type(beatkit.UnprocessableEntityError, type[UnprocessableEntityError])


def attributes(
    api: APIError,
    invalid: UnprocessableEntityError,
    connection: APIConnectionError,
    redirect: RedirectError,
    beyond: RangeNotSatisfiableError,
    server: ServerError,
    pending: BackstageRequestPendingError,
    unsaved: TokenSaveError,
) -> None:
    assert_type(api.status_code, int)
    assert_type(api.service, str)
    assert_type(api.code, str | None)
    assert_type(api.request_id, str | None)
    assert_type(invalid.field_errors, dict[str, list[str]])
    assert_type(connection.url, str)
    assert_type(connection.method, str)
    assert_type(redirect.location, str | None)
    assert_type(beyond.content_range, str | None)
    assert_type(server.retry_after, float | None)
    assert_type(pending.contact_url, str | None)
    assert_type(unsaved.hook, str)


def constructors() -> None:
    RateLimitError("slow down", status_code=429, service="beatconnect", retry_after=2.0)
    RedirectError("moved", status_code=302, service="beatport", location="https://x.test/")
    ServerError("down", status_code=503, service="beatpass", request_id="r-1", retry_after=1)
    BackstageRequestPendingError(
        "pending", status_code=409, service="beatpass", field_errors={"name": ["taken"]}
    )
    RateLimitError("slow down", status_code=429, service="x", retry_afetr=2)  # type: ignore[call-arg]
    RateLimitError("slow down", status_code="429", service="x")  # type: ignore[arg-type]
    RangeNotSatisfiableError("beyond", status_code=416)  # type: ignore[call-arg]
