"""Personal data: bookmarks, progresses, ratings, favourites, quotas and LCP licenses."""

from __future__ import annotations

import logging

from beatkit._core.operation import RequestOptions
from beatkit.beattech._async.base import AsyncBeatTechResource
from beatkit.beattech.auth import SERVICE
from beatkit.beattech.context import text_id
from beatkit.errors import APIError, AuthenticationError

__all__ = [
    "AsyncBookmarks",
    "AsyncFavourites",
    "AsyncLcp",
    "AsyncProgresses",
    "AsyncQuotas",
    "AsyncRatings",
]

logger = logging.getLogger("beatkit.beattech")


class AsyncBookmarks(AsyncBeatTechResource):
    """``bt.bookmarks``: ``create``, ``get``, ``update`` and ``delete`` a bookmark."""


class AsyncProgresses(AsyncBeatTechResource):
    """``bt.progresses``: ``list``, ``create`` (upsert), ``get``, ``update`` and ``delete``
    progress records."""


class AsyncRatings(AsyncBeatTechResource):
    """``bt.ratings``: ``list`` (a release's), ``create``, ``get``, ``update`` and
    ``delete`` ratings."""


class AsyncFavourites(AsyncBeatTechResource):
    """``bt.favourites``: ``lookup`` which of some entities the user favourited."""


class AsyncQuotas(AsyncBeatTechResource):
    """``bt.quotas``: the user's streaming and download quotas (``list``)."""


class AsyncLcp(AsyncBeatTechResource):
    """``bt.lcp``: Readium LCP licenses: ``generate_license`` (an e-book export) and
    ``license_status`` (the LCP provider's entitlement check, HTTP Basic)."""

    async def license_status(
        self,
        release_id: str | int,
        user_id: str | int,
        *,
        head: bool = False,
        options: RequestOptions | None = None,
    ) -> bool:
        """Whether a user is still entitled to an LCP-protected release.

        ``GET`` (or ``HEAD`` with ``head=True``) ``/v2/lcp/license/status/{release_id}/{user_id}``:
        the page documents the ``/v2/lcp/license/status`` prefix, the tail is inferred.
        Signed with HTTP Basic from the client's ``lcp_credentials`` (the LCP
        provider's), never with a token. Every call is audited by the API.

        Args:
            release_id: The release.
            user_id: The user.
            head: Ask with ``HEAD`` instead of ``GET``.
            options: Per-call timeout, retries or headers.

        Returns:
            ``True`` for a 2xx (204: entitled); ``False`` for any other answer, as the
            API defines it (revoked, or unavailable). A 401 is logged as a warning:
            it usually means the LCP credentials were refused.

        Raises:
            TypeError: An id has the wrong type.
            ValueError: A blank id.
            beatkit.errors.ConfigurationError: The client has no ``lcp_credentials``
                (before anything is sent).
            beatkit.errors.APIConnectionError: No answer at all.
        """
        key = "lcp.license_status_head" if head else "lcp.license_status"
        path = {
            "release_id": text_id("release_id", release_id),
            "user_id": text_id("user_id", user_id),
        }
        try:
            await self._exchange(key, path=path, options=options)
        except APIError as exc:
            if isinstance(exc, AuthenticationError):
                logger.warning(
                    "%s: the LCP status check was refused (401): check lcp_credentials", SERVICE
                )
            return False
        return True
