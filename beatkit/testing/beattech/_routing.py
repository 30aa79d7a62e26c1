"""How requests reach the Beat Technology fake's handlers: route order, the access check
of each operation, the 501 of operations not served yet and the error envelope."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

import httpx

from beatkit._core.operation import Route as Operation
from beatkit.beattech.wire import SPEC
from beatkit.testing._app import Abort, Handler
from beatkit.testing.beattech._access import Access
from beatkit.testing.beattech._http import error_body, fail

__all__ = ["Routing"]

_MESSAGES = {
    400: ("validation_error", "The request is invalid."),
    401: ("unauthorized", "An access token is required."),
    403: ("access_denied", "The caller may not do this."),
    404: ("error_not_found", "The requested resource was not found."),
    405: ("method_not_allowed", "The method is not allowed on this resource."),
    409: ("conflict", "The request conflicts with the current state."),
    416: ("range_not_satisfiable", "The requested range is not satisfiable."),
    501: ("not_implemented", "Not implemented."),
}  # fmt: skip


_INSUFFICIENT_PERMISSIONS = frozenset({"users.update_metadata", "users.delete_metadata"})
"""Writes the page refuses to any caller but a user-admin client with a 400
"Insufficient permissions" (L6890, L6931), where other operations answer 403."""


def _specificity(template: str) -> tuple[bool, ...]:
    return tuple(part.startswith("{") for part in template.strip("/").split("/"))


class Routing(Access):
    """Routes each ``PATHS`` operation to its handler, behind its access level."""

    operations: ClassVar[Mapping[str, Operation]] = SPEC.routes
    _operation: str
    """The ``PATHS`` key of the operation being answered (a list pages by its unit)."""

    def add_route(self, method: str, template: str, handler: Handler) -> None:
        """Register a route; literal segments win over placeholders (``/releases/groups``
        is not ``/releases/{release_id}``), whatever the table's order."""
        super().add_route(method, template, handler)
        self._routes.sort(key=lambda route: _specificity(route.template))

    def bind(self, key: str, handler: Handler) -> Handler:
        """Put an operation behind the access level of its ``PATHS`` row."""
        access = self.operations[key].access or "public"

        def run(request: httpx.Request, *params: str) -> httpx.Response:
            self._operation = key
            try:
                self.caller = self._authorize(request, access)
            except Abort as refusal:
                if refusal.response.status_code == 403 and key in _INSUFFICIENT_PERMISSIONS:
                    raise fail(400, "validation_error", "Insufficient permissions") from None
                raise
            result = handler(request, *params)
            return result if isinstance(result, httpx.Response) else self.json_response(result)

        return run

    def _unserved(self, key: str) -> Handler:
        def answer(request: httpx.Request, *params: str) -> httpx.Response:
            message = f"FakeBeatTech does not serve {key} yet."
            return self.error_response(request, 501, "not_implemented", message)

        return answer

    def error_response(
        self,
        request: httpx.Request,
        status: int,
        code: str | None = None,
        message: str | None = None,
        details: Any = None,
    ) -> httpx.Response:
        """The page's envelope: ``{"error", "error_description", "error_developer"?}``
        (``exception`` and the reason phrase for a status the page shows no error of)."""
        reason = (
            "Server error" if status >= 500 else httpx.codes.get_reason_phrase(status) or "Error"
        )
        default_code, default_message = _MESSAGES.get(status, ("exception", f"{reason}."))
        body = error_body(code or default_code, message or default_message, details)
        return self.json_response(body, status)

    def not_found(self, request: httpx.Request) -> httpx.Response:
        """The page's 404 sample: ``error_not_found``, "The requested resource was not found."."""
        return self.error_response(request, 404)
