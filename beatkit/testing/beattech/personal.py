"""Personal data: bookmarks, progresses, ratings, favourites, quotas and LCP licenses.

Served so far: the LCP provider's license status check (HTTP Basic).
"""

from __future__ import annotations

import httpx

from beatkit.testing.beattech._base import Base
from beatkit.testing.beattech._http import error_body

__all__ = ["Personal"]


class Personal(Base):
    """``/lcp/license/status/{release_id}/{user_id}`` (GET and HEAD)."""

    def _license_status(self, release_id: str, user_id: str) -> httpx.Response:
        """204 while the user may read the release, 404 for an unknown one, else 403.

        Every call is recorded in :attr:`lcp_checks` (the page: a license-status event
        is dispatched for every call, whatever its outcome).
        """
        if release_id not in self.catalog.releases or user_id not in self.users:
            status = 404
        else:
            licensed = (release_id, user_id) in self.lcp_licenses
            status = 204 if licensed or self._entitled(user_id) else 403
        self.lcp_checks.append((release_id, user_id, status))
        if status == 204:
            return httpx.Response(204)
        code = "error_not_found" if status == 404 else "access_denied"
        message = {404: "No such release or user.", 403: "The user has no access."}[status]
        return self.json_response(error_body(code, message), status)

    def on_lcp_license_status(
        self, request: httpx.Request, release_id: str, user_id: str
    ) -> httpx.Response:
        return self._license_status(release_id, user_id)

    def on_lcp_license_status_head(
        self, request: httpx.Request, release_id: str, user_id: str
    ) -> httpx.Response:
        # finalize() drops the body of every HEAD answer.
        return self._license_status(release_id, user_id)
