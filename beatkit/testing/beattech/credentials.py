"""Credentials: e-mail verification tokens, a user's extra credentials and password
resets."""

from __future__ import annotations

from collections.abc import Callable, Iterable

import httpx

from beatkit.testing._crud import Record
from beatkit.testing.beattech._base import Base, msisdn_key, own
from beatkit.testing.beattech._http import Fields, fail, json_body, same_secret

__all__ = ["MIN_PASSWORD_LENGTH", "Credentials", "users_with"]

_VERIFIABLE = (6, 8)  # e-mail credential types: the page's only ones with a verification method
MIN_PASSWORD_LENGTH = 8
"""The shortest password a reset sets (the page; "the configured minimum length")."""
_CREDENTIAL_TYPES = (5, 6, 7, 8, 9, 10)
_BY_TOKEN = (6, 8, 9)  # e-mail and SMS credentials are verified with a token; others bind at once
_USER_FIELDS = {8: "email", 9: "msisdn"}  # credential types that are also a user's field


def users_with(users: Iterable[Record], name: str, value: str) -> list[Record]:
    """The users whose ``name`` is ``value``: an ``msisdn`` the same number
    (:func:`msisdn_key`), an ``email`` or ``username`` the same text, case folded."""
    key: Callable[[str], str] = msisdn_key if name == "msisdn" else str.casefold
    wanted = key(value)
    return [user for user in users if user[name] and key(user[name]) == wanted]


class Credentials(Base):
    """``/credentials``, ``/users/{id}/credentials`` and ``/passwords``."""

    # -- test helpers ----------------------------------------------------------------------

    def email_token(self, email: str, type: int = 8) -> str | None:
        """The verification token ``POST /credentials`` sent to ``email`` (unused).

        Args:
            email: The e-mail address (case does not matter).
            type: The credential type it was requested for (8 user e-mail, 6 Bokbasen).

        Returns:
            The token (the ``email_token`` of ``POST /users``), or ``None``.
        """
        with self._lock:
            return self._email_tokens.get((type, email.casefold()))

    def credential_token(self, user_id: str, type: int) -> str | None:
        """The verification token ``POST /users/{id}/credentials`` mailed or texted for a
        credential of this type (the latest pending one), or ``None``."""
        with self._lock:
            pending = [
                c["token"] for c in own(self.users[user_id], "credentials")
                if c["type"] == type and not c["verified"]
            ]  # fmt: skip
            return pending[-1] if pending else None

    # -- credentials ---------------------------------------------------------------------

    def _code(self) -> str:
        """A new 6-digit code (e-mail and SMS verification, an SMS password reset)."""
        return f"{self._rng.randrange(1_000_000):06d}"

    def on_credentials_request_verification(self, request: httpx.Request) -> httpx.Response:
        fields = Fields(json_body(request), ("type", "credential"))
        credential_type = fields.required_integer("type")
        credential = fields.required_text("credential")
        if credential_type not in _VERIFIABLE:
            raise fields.invalid("type", "only types 6 and 8 have a verification method")
        if "@" not in credential.strip("@"):
            raise fields.invalid("credential", "must be an e-mail address")
        token = self._code()
        self._email_tokens[(credential_type, credential.casefold())] = token
        return httpx.Response(202)

    def _use_email_token(self, fields: Fields, email: str, token: str | None) -> None:
        if token is None:
            raise fields.invalid("email_token", "is required with email (see POST /credentials)")
        expected = self._email_tokens.get((8, email.casefold()))
        if expected is None or token != expected:
            raise fields.invalid("email_token", "is not the token sent to this email")
        del self._email_tokens[(8, email.casefold())]

    def _taken(self, name: str, value: str) -> bool:
        return bool(users_with(self.users.values(), name, value))

    # -- passwords -----------------------------------------------------------------------

    def password_reset_code(
        self, *, email: str | None = None, msisdn: str | None = None
    ) -> str | None:
        """The code of the pending password reset of an e-mail address or phone number
        (what the SMS or the reset link delivered).

        Args:
            email: The address the reset was requested for (case does not matter).
            msisdn: The phone number (a leading ``+`` or ``00``, the international
                prefix, is ignored).

        Returns:
            The code, or ``None`` when no reset is pending (or no account matched).
        """
        with self._lock:
            if email is not None:
                pending = self.password_resets.get(("email", email.casefold()))
            else:
                pending = self.password_resets.get(("msisdn", msisdn_key(msisdn)))
            return None if pending is None else str(pending["code"])

    @staticmethod
    def _reset_key(fields: Fields) -> tuple[str, str]:
        """``("email", address)`` or ``("msisdn", digits)``: exactly one must be given."""
        email, msisdn = fields.text("email"), fields.text("msisdn")
        if (email is None) == (msisdn is None):
            raise fields.invalid("msisdn", "exactly one of msisdn and email is required")
        if email is not None:
            return "email", email.casefold()
        return "msisdn", msisdn_key(msisdn)

    def on_passwords_request_reset(self, request: httpx.Request) -> httpx.Response:
        fields = Fields(json_body(request), ("msisdn", "email", "return"))
        kind, value = self._reset_key(fields)
        give_back = fields.flag("return", False)
        if give_back:
            self._require_scope("return-password-code")
        # An SMS carries a short code; an e-mail a link holding a longer token.
        code = self._code() if kind == "msisdn" else self._secret(32)
        user = next(iter(users_with(self.users.values(), kind, value)), None)
        if user is not None:
            self.password_resets[(kind, value)] = {
                "user_id": user["id"], "code": code, "delivered": not give_back,
            }  # fmt: skip
        # The page: the same 201 whether or not an account matched (its code then
        # never works).
        return self.json_response({"code": code} if give_back else {}, 201)

    def on_passwords_reset(self, request: httpx.Request) -> httpx.Response:
        fields = Fields(json_body(request), ("msisdn", "email", "code", "password"))
        key = self._reset_key(fields)
        code = fields.required_text("code")
        password = fields.required_text("password")
        pending = self.password_resets.get(key)
        if pending is None or not same_secret(code, pending["code"]):
            # The page's sample answer of this operation.
            raise fail(404, "error_not_found", "The requested resource was not found.")
        if len(password) < MIN_PASSWORD_LENGTH:
            raise fields.invalid("password", f"must be at least {MIN_PASSWORD_LENGTH} characters")
        self.users[pending["user_id"]]["password"] = password
        del self.password_resets[key]
        return self.json_response({})

    # -- users: credentials --------------------------------------------------------------

    def on_users_add_credential(self, request: httpx.Request, user_id: str) -> httpx.Response:
        user = self._target_user(user_id)
        fields = Fields(json_body(request), ("type", "credential"))
        kind = fields.required_integer("type", choices=_CREDENTIAL_TYPES)
        value = fields.required_text("credential")
        if kind in _VERIFIABLE and "@" not in value.strip("@"):
            raise fields.invalid("credential", "must be an e-mail address")
        name = _USER_FIELDS.get(kind)
        if name and (user[name] or "").casefold() != value.casefold() and self._taken(name, value):
            raise fail(409, "conflict", f"credential: another user has this {name}",
                       {"parameter": "credential"})  # fmt: skip
        token = self._code() if kind in _BY_TOKEN else None
        own(user, "credentials").append(
            {"type": kind, "credential": value, "verified": token is None, "token": token}
        )
        return self.json_response({})

    def on_users_verify_credential(self, request: httpx.Request, user_id: str) -> httpx.Response:
        user = self._user(user_id)
        fields = Fields(json_body(request), ("token", "type"))
        token = fields.required_text("token")
        kind = fields.required_integer("type", choices=_CREDENTIAL_TYPES)
        pending = next((
            c for c in reversed(own(user, "credentials"))
            if c["type"] == kind and c["token"] is not None and same_secret(token, c["token"])
        ), None)  # fmt: skip
        if pending is None:
            raise fields.invalid("token", "is not a pending verification of this user")
        pending["verified"], pending["token"] = True, None
        name = _USER_FIELDS.get(kind)
        if name:
            user[name] = pending["credential"]
        return self.json_response({})
