"""The access levels of the ``PATHS`` rows, checked before an operation's handler runs."""

from __future__ import annotations

import base64
from collections.abc import Callable

import httpx

from beatkit.testing._app import Abort, FakeService
from beatkit.testing._crud import Record
from beatkit.testing.beattech._http import fail, found, same_secret
from beatkit.testing.beattech._records import Caller, FakeClient, FakePartner, Grant

__all__ = ["Access"]

_BEARER_REALM = 'Bearer realm="api"'


class Access(FakeService):
    """Who may call: ``public``, ``any``, ``user``, ``editor``, ``app``, ``partner``, ``basic``.

    ``_authorize`` answers the caller, or raises the refusal: 401 without a usable
    credential, 403 when the credential is of the wrong kind.
    """

    caller: Caller
    clients: dict[str, FakeClient]
    partners: dict[str, FakePartner]
    users: dict[str, Record]
    lcp_credentials: tuple[str, str]
    clock: Callable[[], float]
    _access: dict[str, Grant]

    def _authorize(self, request: httpx.Request, access: str) -> Caller:
        if access == "public":
            return Caller()
        if access == "partner":
            return self._partner_caller(request)
        if access == "basic":
            self._basic(request)
            return Caller()
        grant = self._bearer(request)
        caller = Caller(grant.client_id, grant.user_id, frozenset((grant.scope or "").split()))
        if access == "any":
            return caller
        if grant.user_id is None:
            if access in ("user", "editor"):
                raise fail(403, "access_denied", "This operation needs a logged-in user's token.")
            if not self.clients[grant.client_id].user_admin:
                raise fail(403, "access_denied", "This operation needs a user admin client.")
            return caller
        if access == "app":
            message = "This operation needs a user admin client's app token."
            raise fail(403, "access_denied", message)
        if access == "editor" and "editor" not in self.users[grant.user_id]["roles"]:
            raise fail(403, "access_denied", "This operation needs an editorial admin.")
        return caller

    def _bearer(self, request: httpx.Request) -> Grant:
        scheme, _, value = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not value.strip():
            raise fail(401, "unauthorized", "An access token is required.", None,
                       {"WWW-Authenticate": _BEARER_REALM})  # fmt: skip
        token = value.strip()
        grant = self._access.get(token)
        alive = grant is not None and self.clock() < grant.expires_at
        if grant is None or not alive or (grant.user_id and grant.user_id not in self.users):
            header = f'{_BEARER_REALM}, error="invalid_token"'
            raise fail(401, "invalid_token", "The access token is invalid or has expired.", None,
                       {"WWW-Authenticate": header})  # fmt: skip
        return grant

    def _partner_caller(self, request: httpx.Request) -> Caller:
        client_id = request.headers.get("x-auth-client-id", "")
        secret = request.headers.get("x-auth-client-secret", "")
        partner = self.partners.get(client_id)
        if partner is None or not same_secret(secret, partner.client_secret):
            # The page: "Requests without valid credentials get 401 Unauthorized with an
            # empty body."
            raise Abort(httpx.Response(401))
        return Caller(partner_id=partner.partner_id)

    def _basic(self, request: httpx.Request) -> None:
        scheme, _, value = request.headers.get("authorization", "").partition(" ")
        try:
            decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
        except (ValueError, UnicodeDecodeError):
            decoded = ""
        user, _, password = decoded.partition(":")
        expected_user, expected_password = self.lcp_credentials
        ok = same_secret(user, expected_user) & same_secret(password, expected_password)
        if scheme.lower() != "basic" or not ok:
            raise fail(401, "invalid_client", "LCP provider credentials (HTTP Basic) are required.",
                       None, {"WWW-Authenticate": 'Basic realm="lcp"'})  # fmt: skip

    # -- who may act for whom (checked by the handlers) ---------------------------------

    def _user(self, raw: str) -> Record:
        return found(self.users, raw, "User")

    def _me(self) -> Record:
        """The logged-in user (operations with access ``user`` always have one)."""
        if self.caller.user_id is None:
            raise fail(403, "access_denied", "This operation needs a logged-in user's token.")
        return self.users[self.caller.user_id]

    def _is_user_admin(self) -> bool:
        client = self.clients.get(self.caller.client_id or "")
        return self.caller.user_id is None and client is not None and client.user_admin

    def _is_editor(self) -> bool:
        """Whether the caller is a user with the ``editor`` role (who sees hidden
        editorial content)."""
        user = self.users.get(self.caller.user_id or "")
        return user is not None and "editor" in user["roles"]

    def _self_only(self, raw: str) -> Record:
        """The path's user, who must be the caller (the page: "must match")."""
        user = self._user(raw)
        if user["id"] != self.caller.user_id:
            raise fail(403, "access_denied", "The user in the path must be the caller.")
        return user

    def _self_or_admin(self, raw: str, *, refuse_first: bool = False) -> Record:
        """The path's user, who must be the caller or anyone for a user-admin client.

        Args:
            raw: The path's user id.
            refuse_first: Refuse another caller before the user is looked up, so that
                a user id that does not exist is a 403 too (only a user admin learns
                of it, 404): the metadata read, whose "Other callers receive 403
                Forbidden" (L6858) whatever the path names. Elsewhere the page gives
                no status for an unknown user and it stays a 404.
        """
        if refuse_first and raw != self.caller.user_id and not self._is_user_admin():
            raise fail(403, "access_denied", "Only the user or a user admin may do this.")
        user = self._user(raw)
        if user["id"] != self.caller.user_id and not self._is_user_admin():
            raise fail(403, "access_denied", "Only the user or a user admin may do this.")
        return user

    def _target_user(self, raw: str, *, admin: bool = False) -> Record:
        """The user a path names, if the caller may act for it.

        A user token acts for itself and the profiles of its account; with
        ``admin=True`` a user-admin client's app token acts for anyone.
        """
        user = self._user(raw)
        if self.caller.user_id is not None:
            if user["account"] == self.users[self.caller.user_id]["account"]:
                return user
            raise fail(403, "access_denied", "The token's user may not act for this user.")
        if admin and self._is_user_admin():
            return user
        raise fail(403, "access_denied", "This operation needs the user's token or a user admin.")

    def _require_scope(self, scope: str) -> None:
        """Refuse (403 ``insufficient_scope``) a caller whose token lacks ``scope``.

        The page: any grant is accepted as long as the token carries the scope. The
        refusal carries the two scope headers the page exposes to clients (L216):
        ``X-OAuth-Scopes`` (the token's, space-separated as ``scope`` is) and
        ``X-Accepted-OAuth-Scopes`` (the one the operation accepts).
        """
        if scope not in self.caller.scope:
            headers = {
                "X-OAuth-Scopes": " ".join(sorted(self.caller.scope)),
                "X-Accepted-OAuth-Scopes": scope,
            }
            raise fail(403, "insufficient_scope",
                       f"This operation needs a token with the {scope} scope.",
                       {"scope": scope}, headers)  # fmt: skip
