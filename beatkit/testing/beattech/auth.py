"""The fake's authentication: the token endpoint's nine grants, auth contexts and codes."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import httpx

from beatkit.testing._app import FakeService
from beatkit.testing._crud import Record
from beatkit.testing.beattech._base import Base, msisdn_digits, msisdn_key
from beatkit.testing.beattech._http import (
    NO_STORE,
    Fields,
    error_body,
    form_body,
    is_form,
    json_body,
    same_secret,
)
from beatkit.testing.beattech.credentials import users_with

__all__ = ["Auth", "GRANT_FIELDS"]

# Every grant's own form fields (the page, "Authentication"); client_id, client_secret,
# scope and install_referrer may come with any of them. verification_code takes
# exactly one of msisdn and user_id.
GRANT_FIELDS: Mapping[str, tuple[str, ...]] = {
    "password": ("username", "password"),
    "signed_msisdn": ("msisdn", "msisdn_signature"),
    "coupon": ("code",),
    "verification_code": ("code", "msisdn", "user_id"),
    "clone_token": ("access_token",),
    "account_user": ("access_token", "user_id"),
    "openid_handle": ("handle",),
    "client_credentials": (),
    "refresh_token": ("refresh_token",),
}
"""The form fields each ``grant_type`` takes besides the common ones."""
_COMMON = ("grant_type", "client_id", "client_secret", "scope", "install_referrer")
_ONE_OF = frozenset({"msisdn", "user_id"})  # verification_code takes one of them
_BANGLADESH = "880"


class _OAuthError(Exception):
    def __init__(self, status: int, code: str, description: str) -> None:
        super().__init__(code)
        self.status, self.code, self.description = status, code, description


def _invalid_grant(description: str) -> _OAuthError:
    return _OAuthError(400, "invalid_grant", description)


class Auth(Base):
    """``POST /oauth2/token`` (nine grants), ``/oauth2/contexts`` and ``/codes``."""

    # -- test helpers ----------------------------------------------------------------------

    def msisdn_signature(self, msisdn: str) -> str:
        """A valid ``msisdn_signature`` for ``msisdn`` (what the carrier's nginx would make).

        Args:
            msisdn: The phone number, e.g. ``"8801600000199"``.

        Returns:
            The signature the ``signed_msisdn`` grant accepts.
        """
        return self._sign(f"msisdn:{msisdn_key(msisdn)}")[:20]

    def last_code(self, msisdn: str) -> str | None:
        """The verification code ``POST /codes`` last generated for ``msisdn`` (unused).

        Args:
            msisdn: The phone number as sent (a leading ``+`` or ``00``, the
                international prefix, is ignored).

        Returns:
            The code, or ``None`` when none is pending.
        """
        with self._lock:
            return self._codes.get(msisdn_key(msisdn))

    def complete_openid(self, handle: str, user_id: str) -> None:
        """Finish an OpenID session as the partner's callback would: the user logged in.

        Args:
            handle: The ``handle`` of an auth context (``POST /oauth2/contexts``).
            user_id: The user the partner authenticated.

        Raises:
            KeyError: No context has this handle, or no such user.
        """
        with self._lock:
            if user_id not in self.users:
                raise KeyError(user_id)
            for context in self._contexts.values():
                if context["handle"] == handle:
                    context["user_id"] = user_id
                    return
            raise KeyError("no auth context has this handle")

    # -- POST /oauth2/token --------------------------------------------------------------

    def on_auth_token(self, request: httpx.Request) -> httpx.Response:
        try:
            form = self._token_form(request)
            client_id = form["client_id"]
            grant_type = form["grant_type"]
            if grant_type == "refresh_token":
                body = self._refresh_grant(client_id, form)
            else:
                user_id = self._GRANTS[grant_type](self, client_id, form)
                body = self._issue(client_id, user_id, form.get("scope"))
            if form.get("install_referrer"):
                self.install_referrers.append((body.get("user_id"), form["install_referrer"]))
        except _OAuthError as error:
            content = error_body(error.code, error.description)
            return FakeService.json_response(content, error.status, NO_STORE)
        response = FakeService.json_response(body, 200, NO_STORE)
        response.headers["Content-Type"] = "application/json;charset=UTF-8"
        return response

    def _token_form(self, request: httpx.Request) -> dict[str, str]:
        form = form_body(request)
        client = self.clients.get(form.get("client_id", ""))
        secret = form.get("client_secret", "")
        # The page: client_id and client_secret go "in the request body rather than an
        # Authorization header"; a Basic header alone is no credential here.
        if client is None or not same_secret(secret, client.client_secret):
            raise _OAuthError(401, "invalid_client", "Unknown client or wrong client secret.")
        grant_type = form.get("grant_type")
        if not grant_type:
            raise _OAuthError(400, "invalid_request", "grant_type is required.")
        fields = GRANT_FIELDS.get(grant_type)
        if fields is None:
            raise _OAuthError(400, "unsupported_grant_type", f"Unknown grant_type {grant_type}.")
        extra = sorted(set(form) - set(_COMMON) - set(fields))
        if extra:
            message = f"{extra[0]} is not a parameter of grant_type={grant_type}."
            raise _OAuthError(400, "invalid_request", message)
        optional = _ONE_OF if grant_type == "verification_code" else frozenset()
        missing = [f for f in fields if f not in optional and not form.get(f)]
        if missing:
            raise _OAuthError(400, "invalid_request", f"{missing[0]} is required.")
        return form

    def _password(self, client_id: str, form: Mapping[str, str]) -> str:
        user = self._user_by_login(form["username"])
        if user is None or not same_secret(form["password"], user["password"] or ""):
            raise _invalid_grant("Invalid username or password.")
        return str(user["id"])

    def _signed_msisdn(self, client_id: str, form: Mapping[str, str]) -> str:
        msisdn = msisdn_key(form["msisdn"])
        expected = self.msisdn_signature(msisdn)
        if not same_secret(form["msisdn_signature"], expected):
            raise _invalid_grant("Invalid msisdn signature.")
        if not msisdn.startswith(_BANGLADESH):
            raise _invalid_grant("Signed msisdn login is enabled for Bangladesh numbers only.")
        user = next(iter(users_with(self.users.values(), "msisdn", msisdn)), None)
        if user is None:
            raise _invalid_grant("No user has this msisdn.")
        return str(user["id"])

    def _coupon(self, client_id: str, form: Mapping[str, str]) -> str:
        user_id = self.login_coupons.get(form["code"])
        if user_id is None or user_id not in self.users:
            raise _invalid_grant("Unknown coupon code.")
        return user_id

    def _verification_code(self, client_id: str, form: Mapping[str, str]) -> str:
        if bool(form.get("msisdn")) == bool(form.get("user_id")):
            message = "Send exactly one of msisdn and user_id."
            raise _OAuthError(400, "invalid_request", message)
        codes = self._codes
        user: Record | None
        if form.get("user_id"):
            user = self.users.get(form["user_id"])
            msisdn = msisdn_key(user["msisdn"]) if user and user["msisdn"] else None
        else:
            msisdn = msisdn_key(form["msisdn"])
            user = next(iter(users_with(self.users.values(), "msisdn", msisdn)), None)
        code = codes.get(msisdn or "")
        if msisdn is None or code is None or not same_secret(form["code"], code):
            raise _invalid_grant("Invalid or used verification code.")
        del codes[msisdn]
        if user is None:
            # A verified phone number without an account signs up (as public clients use it).
            return self._add_user(None, email=None, msisdn=msisdn, password=self._secret(16)).id
        return str(user["id"])

    def _token_user(self, value: str) -> tuple[str, str]:
        grant = self._access.get(value)
        if grant is None or self.clock() >= grant.expires_at or grant.user_id is None:
            raise _invalid_grant("access_token is not a live user token.")
        return grant.client_id, grant.user_id

    def _clone_token(self, client_id: str, form: Mapping[str, str]) -> str:
        source_client, user_id = self._token_user(form["access_token"])
        if source_client == client_id:
            raise _invalid_grant("The token is this client's own: use grant_type=refresh_token.")
        if self.clients[source_client].project != self.clients[client_id].project:
            raise _invalid_grant("The token was issued to a client of another project.")
        return user_id

    def _account_user(self, client_id: str, form: Mapping[str, str]) -> str:
        _, user_id = self._token_user(form["access_token"])
        target = self.users.get(form["user_id"])
        if target is None or target["account"] != self.users[user_id]["account"]:
            raise _invalid_grant("user_id is not a profile of the token's account.")
        return str(target["id"])

    def _openid_handle(self, client_id: str, form: Mapping[str, str]) -> str:
        contexts = self._contexts
        context = next((c for c in contexts.values() if c["handle"] == form["handle"]), None)
        if context is None or context["used"]:
            raise _invalid_grant("Unknown or used handle.")
        if context["user_id"] is None:
            raise _invalid_grant("The OpenID session has not finished.")
        context["used"] = True
        return str(context["user_id"])

    def _client_credentials(self, client_id: str, form: Mapping[str, str]) -> None:
        return None

    _GRANTS: Mapping[str, Callable[[Auth, str, Mapping[str, str]], str | None]] = {
        "password": _password,
        "signed_msisdn": _signed_msisdn,
        "coupon": _coupon,
        "verification_code": _verification_code,
        "clone_token": _clone_token,
        "account_user": _account_user,
        "openid_handle": _openid_handle,
        "client_credentials": _client_credentials,
    }

    def _refresh_grant(self, client_id: str, form: Mapping[str, str]) -> dict[str, Any]:
        value = form["refresh_token"]
        grant = self._refresh.get(value)
        if grant is None or grant.user_id not in self.users:
            raise _invalid_grant("Unknown or used refresh token.")
        if grant.client_id != client_id:
            raise _invalid_grant("The refresh token was issued to another client.")
        scope = form.get("scope", grant.scope)
        if scope is not None and not set(scope.split()) <= set((grant.scope or "").split()):
            raise _OAuthError(400, "invalid_scope", "A refresh cannot widen the scope.")
        body = self._issue(client_id, grant.user_id, scope)
        if self.rotate_refresh_tokens:
            del self._refresh[value]
        else:
            self._refresh.pop(body.pop("refresh_token"))
        # The page's refresh answer has no user_id: the client keeps the login's.
        body.pop("user_id")
        return body

    # -- POST /oauth2/contexts, POST /codes ----------------------------------------------

    def on_auth_contexts(self, request: httpx.Request) -> httpx.Response:
        # The operation documents JSON; the page's general rule says /oauth2/* takes form
        # bodies: accept either.
        data: dict[str, Any] = dict(form_body(request)) if is_form(request) else json_body(request)
        fields = Fields(data, ("partner_id", "redirect_url"))
        partner_id = fields.required_text("partner_id")
        redirect_url = fields.text("redirect_url")
        authorize = self.openid_partners.get(partner_id)
        if authorize is None:
            raise fields.invalid("partner_id", f"no OpenID partner {partner_id}")
        if redirect_url is not None and not re.match(r"https?://[^/]+", redirect_url):
            raise fields.invalid("redirect_url", "must be an absolute http(s) URL")
        contexts = self._contexts
        context_id = str(len(contexts) + 1)
        state = self._secret(24)
        contexts[context_id] = {
            "id": context_id, "partner_id": partner_id, "redirect_url": redirect_url,
            "handle": self._secret(40), "state": state, "user_id": None, "used": False,
            "url": f"{authorize}?client_id=beat-{self.tenant}&state={state}",
        }  # fmt: skip
        context = contexts[context_id]
        view = {key: context[key] for key in ("id", "url", "handle", "partner_id", "redirect_url")}
        return self.json_response({"context": view}, 201)

    def on_auth_codes(self, request: httpx.Request) -> httpx.Response:
        fields = Fields(json_body(request), ("msisdn",))
        digits = msisdn_digits(fields.required_text("msisdn"))
        if digits is None:
            raise fields.invalid(
                "msisdn", "must be 8 to 15 digits, after a + or 00 international prefix if any"
            )
        self._codes[digits] = f"{self._rng.randrange(10000):04d}"
        return self.json_response({}, 201)
