# GENERATED from beatkit/beattech/_async/auth.py by scripts/unasync.py: edit the async source.
"""``bt.auth``: the logins of Beat Technology's nine grants, and the tokens the client holds."""

from __future__ import annotations

import logging
import threading
import warnings
from collections.abc import Mapping
from typing import Any

import httpx

from beatkit._core._sync.transport import Transport
from beatkit._core.cookies import keep_cookies_apart
from beatkit._core.operation import RequestOptions
from beatkit._core.params import optional_text
from beatkit._core.redact import redact_body
from beatkit._core.validate import check_text
from beatkit.auth import Token
from beatkit.beattech._sync.base import BeatTechResource
from beatkit.beattech.auth import (
    SERVICE,
    account_user_grant,
    clone_token_grant,
    coupon_grant,
    openid_handle_grant,
    password_grant,
    signed_msisdn_grant,
    to_token,
    verification_code_grant,
)
from beatkit.beattech.context import ClientContext, text_id
from beatkit.beattech.identifiers import optional_id
from beatkit.beattech.models import AuthContext
from beatkit.errors import AuthenticationError, ConfigurationError, TokenSaveError

__all__ = ["BeatTechAuth"]

logger = logging.getLogger("beatkit.beattech")


class BeatTechAuth(BeatTechResource):
    """``bt.auth``: log a user in, and hold, set or drop the client's tokens.

    Two tokens: the *user* token, obtained by one of the logins below (saved to
    ``store``, passed to ``on_token``, refreshed ahead of expiry and once after a
    401), and the *app* token (``client_credentials``), fetched on the first call
    that needs it. Operations any token may call use the user token when there is
    one, else the app token; ``bt.app`` uses the app token for everything.

    A login sends the client id and secret in the form body with the grant's
    fields. Its failure raises :class:`~beatkit.errors.AuthenticationError` whose
    ``code`` is the API's (``invalid_grant`` for wrong credentials); passwords,
    codes, signatures and handles never appear in messages, logs or ``repr``.

    Built by the client (use ``bt.auth``), not by hand.

    Args:
        transport: The client's transport, which sends every request.
        context: The client's shared state: its settings and both token managers.
    """

    def __init__(self, transport: Transport, context: ClientContext) -> None:
        super().__init__(transport, context)
        # Google Play's install referrer is sent once, with the first successful login.
        self._referrer_sent = False
        # A login carrying it is in flight: logins started meanwhile leave it out (else
        # logins started together each carry it). Both flags change under the lock,
        # held only to read and set them (never across a request).
        self._referrer_claimed = False
        self._referrer_lock = threading.Lock()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(logged_in={self._context.tokens.logged_in})"

    # -- the tokens --------------------------------------------------------------

    @property
    def token(self) -> Token | None:
        """The user token (possibly stale; ``None`` before a login). No request is made."""
        return self._context.tokens.user.token

    @property
    def user_id(self) -> str | None:
        """The logged-in user's id, from the login answer (kept through refreshes)."""
        return self._context.tokens.user_id

    def set_token(self, token: str | Token) -> None:
        """Make ``token`` the user token and save it to the store (``on_token`` is not called).

        Args:
            token: A :class:`~beatkit.auth.Token` (refreshed ahead of expiry when it
                has a refresh token; its ``extra["user_id"]`` is the user's id), or an
                access token string (used until the API refuses it).

        Raises:
            ConfigurationError: A blank token.
        """
        self._context.tokens.user.set_token(to_token(token))

    def clear_token(self) -> None:
        """Forget the user token and clear the store (nothing is sent).

        Calls any token may make go out with the app token from now on. Sync
        pending offline changes first: they are pushed with the user token.

        Raises:
            OSError: The token store could not delete its file (the token is
                forgotten all the same).
        """
        self._context.tokens.user.clear_token()

    def logout(self) -> None:
        """Log out locally: the same as :meth:`clear_token` (the API has no logout).

        Sync (or ask the user) first while your app holds unsynced pending changes
        or queued reports: without the user token they cannot be sent.

        Raises:
            OSError: The token store could not delete its file (the token is
                forgotten all the same).
        """
        self.clear_token()

    def app_token(self) -> Token:
        """The app token (``client_credentials``), fetched now if none is held or it is
        about to expire (one request for every caller waiting on it).

        Returns:
            The app token.

        Raises:
            AuthenticationError: The token endpoint refused the client credentials.
        """
        http = self._transport.open_client()
        keep_cookies_apart(http.cookies)
        return self._context.tokens.app.ensure_token(http, timeout=self._timeout)

    def refresh(self) -> Token:
        """Refresh the user token now (``grant_type=refresh_token``).

        The login's ``user_id`` and refresh token are kept when the answer leaves
        them out.

        Returns:
            The new user token.

        Raises:
            ConfigurationError: No user token, or it has no refresh token.
            AuthenticationError: The refresh token was refused
                (``code="invalid_grant"``): log in again.
        """
        http = self._transport.open_client()
        keep_cookies_apart(http.cookies)
        return self._context.tokens.user.refresh(http, timeout=self._timeout)

    # -- the logins ----------------------------------------------------------------

    def login(
        self,
        username: str,
        password: str,
        *,
        install_referrer: str | None = None,
        scope: str | None = None,
    ) -> Token:
        """Log in with a user name (msisdn or e-mail) and password (``grant_type=password``).

        Args:
            username: The msisdn or e-mail address.
            password: The password (never logged, never in an exception).
            install_referrer: Google Play's install referrer. It is sent with the first
                successful login of this client only, as the API asks: later logins
                leave it out (also after a login that succeeded but whose token could
                not be saved, :class:`~beatkit.errors.TokenSaveError`), and so do
                logins started while one carrying it waits for its answer.
            scope: Scopes to ask for, if any.

        Returns:
            The user token, now the client's.

        Raises:
            TypeError: An argument is not text.
            ValueError: A blank argument.
            AuthenticationError: The credentials were refused.
        """
        grant = password_grant(
            check_text("username", username),
            check_text("password", password),
            scope=optional_text("scope", scope),
        )
        return self._login(grant, "password login", install_referrer=install_referrer)

    def login_signed_msisdn(
        self,
        msisdn: str,
        msisdn_signature: str,
        *,
        install_referrer: str | None = None,
        scope: str | None = None,
    ) -> Token:
        """Log in with a carrier-signed phone number (``grant_type=signed_msisdn``).

        The signature is made by nginx from the carrier's headers (Bangladesh only).

        Args:
            msisdn: The phone number.
            msisdn_signature: Its signature (never logged, never in an exception).
            install_referrer: Google Play's install referrer, sent with the first
                successful login of this client only (see :meth:`login`).
            scope: Scopes to ask for, if any.

        Returns:
            The user token, now the client's.

        Raises:
            TypeError: An argument is not text.
            ValueError: A blank argument.
            AuthenticationError: The signature was refused.
        """
        grant = signed_msisdn_grant(
            check_text("msisdn", msisdn),
            check_text("msisdn_signature", msisdn_signature),
            scope=optional_text("scope", scope),
        )
        return self._login(grant, "signed msisdn login", install_referrer=install_referrer)

    def send_code(self, *, msisdn: str, options: RequestOptions | None = None) -> None:
        """Generate a verification code and send it to ``msisdn`` (``POST /v2/codes``).

        Log in with it afterwards with :meth:`login_verification_code`. Sent with
        the app token unless a user is logged in.

        Args:
            msisdn: The phone number.
            options: Per-call timeout, retries or headers.

        Raises:
            TypeError: ``msisdn`` is not text.
            ValueError: ``msisdn`` is blank.
            beatkit.errors.BadRequestError: The API refused the number.
        """
        body = {"msisdn": check_text("msisdn", msisdn)}
        self._call("auth.codes", None, json=body, options=options)

    def login_verification_code(
        self,
        code: str,
        *,
        msisdn: str | None = None,
        user_id: str | int | None = None,
        install_referrer: str | None = None,
        scope: str | None = None,
    ) -> Token:
        """Log in with a verification code (``grant_type=verification_code``).

        Args:
            code: The code from :meth:`send_code` (never logged).
            msisdn: The phone number the code was sent to; or
            user_id: the user's id. Exactly one of the two.
            install_referrer: Google Play's install referrer, sent with the first
                successful login of this client only (see :meth:`login`).
            scope: Scopes to ask for, if any.

        Returns:
            The user token, now the client's.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank argument, or not exactly one of ``msisdn`` and ``user_id``.
            AuthenticationError: The code was refused.
        """
        grant = verification_code_grant(
            check_text("code", code),
            msisdn=optional_text("msisdn", msisdn),
            user_id=optional_id("user_id", user_id),
            scope=optional_text("scope", scope),
        )
        # A login by user id names its user even when the answer does not.
        named = {"user_id": grant["user_id"]} if "user_id" in grant else None
        return self._login(
            grant, "verification code login", defaults=named, install_referrer=install_referrer
        )

    def login_coupon(
        self, code: str, *, install_referrer: str | None = None, scope: str | None = None
    ) -> Token:
        """Log in with a coupon code (``grant_type=coupon``, deprecated by the API).

        Args:
            code: The coupon code (never logged).
            install_referrer: Google Play's install referrer, sent with the first
                successful login of this client only (see :meth:`login`).
            scope: Scopes to ask for, if any.

        Returns:
            The user token, now the client's.

        Raises:
            TypeError: ``code`` is not text.
            ValueError: ``code`` is blank.
            AuthenticationError: The code was refused.
        """
        warnings.warn(
            "the coupon grant is deprecated by Beat Technology; log in another way",
            DeprecationWarning,
            stacklevel=2,
        )
        grant = coupon_grant(check_text("code", code), scope=optional_text("scope", scope))
        return self._login(grant, "coupon login", install_referrer=install_referrer)

    def start_openid(
        self,
        partner_id: str | int,
        *,
        redirect_url: str | None = None,
        options: RequestOptions | None = None,
    ) -> AuthContext:
        """Start an OpenID login with a partner (``POST /v2/oauth2/contexts``, path inferred).

        Send the user's browser to ``context.url``; after the partner's callback has
        finished, log in with :meth:`login_openid_handle` and ``context.handle``.
        The page shows this call with a JSON body although ``/v2/oauth2/*`` takes
        form bodies elsewhere: JSON is sent.

        Args:
            partner_id: The OpenID partner.
            redirect_url: Where the browser goes when the flow ends.
            options: Per-call timeout, retries or headers.

        Returns:
            The context, with ``url`` and ``handle`` (not in its ``repr``).

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank argument.
        """
        body = {
            "partner_id": text_id("partner_id", partner_id),
            "redirect_url": optional_text("redirect_url", redirect_url),
        }
        body = {key: value for key, value in body.items() if value is not None}
        return self._call(
            "auth.contexts", AuthContext, json=body, unwrap="context", options=options
        )

    def login_openid_handle(
        self, handle: str, *, install_referrer: str | None = None, scope: str | None = None
    ) -> Token:
        """Log in with a finished OpenID context's handle (``grant_type=openid_handle``).

        Args:
            handle: :attr:`AuthContext.handle` (never logged).
            install_referrer: Google Play's install referrer, sent with the first
                successful login of this client only (see :meth:`login`).
            scope: Scopes to ask for, if any.

        Returns:
            The user token, now the client's.

        Raises:
            TypeError: ``handle`` is not text.
            ValueError: ``handle`` is blank.
            AuthenticationError: The handle was refused (the callback has not finished,
                or it was used already).
        """
        grant = openid_handle_grant(
            check_text("handle", handle), scope=optional_text("scope", scope)
        )
        return self._login(grant, "OpenID login", install_referrer=install_referrer)

    def clone_token(self, access_token: str, *, scope: str | None = None) -> Token:
        """Log in with a user token another client of the same project holds
        (``grant_type=clone_token``); the new token has the same user.

        This client refreshes its own token with :meth:`refresh` instead.

        Args:
            access_token: The other client's access token (never logged).
            scope: Scopes to ask for, if any.

        Returns:
            The user token, now the client's.

        Raises:
            TypeError: ``access_token`` is not text.
            ValueError: ``access_token`` is blank.
            AuthenticationError: The token was refused.
        """
        grant = clone_token_grant(
            check_text("access_token", access_token), scope=optional_text("scope", scope)
        )
        return self._login(grant, "token clone")

    def switch_account_user(
        self,
        user_id: str | int,
        *,
        access_token: str | None = None,
        scope: str | None = None,
    ) -> Token:
        """Switch to another profile of the account (``grant_type=account_user``).

        Args:
            user_id: The profile to switch to.
            access_token: A token of one of the account's profiles; the current user
                token when omitted (refreshed first when it has expired or is about to).
            scope: Scopes to ask for, if any.

        Returns:
            The profile's user token, now the client's. When the answer names no
            ``user_id``, the token records ``user_id`` as the profile switched to.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank argument.
            ConfigurationError: No ``access_token`` given and no user logged in.
            AuthenticationError: The switch was refused, or the refresh of the current
                user token before it (``code="invalid_grant"``: log in again).
        """
        target = text_id("user_id", user_id)
        if access_token is None:
            if self.token is None:
                raise ConfigurationError(
                    "switch_account_user() needs a logged-in user (or access_token=...)"
                )
            # The grant sends the token itself: a live one, refreshed first as any other
            # use of it would be (an expired one is "not a live user token").
            http = self._transport.open_client()
            keep_cookies_apart(http.cookies)
            user = self._context.tokens.user
            access_token = (user.ensure_token(http, timeout=self._timeout)).access_token
        grant = account_user_grant(
            check_text("access_token", access_token), target, scope=optional_text("scope", scope)
        )
        # The answer may name no user_id: the profile switched to is recorded before the
        # token is saved and passed to on_token.
        return self._login(grant, "profile switch", defaults={"user_id": target})

    # -- plumbing --------------------------------------------------------------------

    def _login(
        self,
        grant: Mapping[str, str],
        what: str,
        *,
        defaults: Mapping[str, Any] | None = None,
        install_referrer: str | None = None,
    ) -> Token:
        """Send ``grant`` through the user token's manager, which keeps the answer
        (with ``defaults`` for the :attr:`Token.extra` fields it leaves out).

        ``install_referrer`` goes with the first successful login of this client only,
        whatever its grant (the page: optional on any grant, sent once)."""
        referrer = optional_text("install_referrer", install_referrer)
        if referrer is not None and not self._claim_referrer():
            referrer = None
        if referrer is not None:
            grant = {**grant, "install_referrer": referrer}
        manager = self._context.tokens.user
        http = self._transport.open_client()
        try:
            keep_cookies_apart(http.cookies)
            token = manager.login(http, grant, defaults=defaults, timeout=self._timeout)
        except TokenSaveError:
            # The login succeeded (its token is in use, only not saved): the referrer
            # went with it, and must not go with the next one.
            if referrer is not None:
                self._settle_referrer(sent=True)
            raise
        except AuthenticationError as exc:
            # Refused: a later login may carry the referrer.
            if referrer is not None:
                self._settle_referrer(sent=False)
            # Worded for a login of this service ("Beat Technology password login
            # failed: ..."), from the server's own error envelope.
            # The core masked whatever the server echoed of the grant (token_error).
            spec = self._transport.settings.spec
            # A user's e-mail address or user name in the refusal is masked as in any
            # error body of the service (its personal_fields).
            body = redact_body(exc.body, spec.personal_fields)
            said = spec.read_error(exc.status_code, body)
            # Without the envelope, what the token manager found (a redirect and where
            # to, the reason phrase, a {"message": ...}), after its own "...: the
            # <grant> failed: " (worded here instead).
            found = exc.message.partition(" failed: ")[2] or exc.message
            detail = said.message if said else found or exc.code or f"HTTP {exc.status_code}"
            raise AuthenticationError(
                f"Beat Technology {what} failed: {detail}",
                status_code=exc.status_code,
                service=SERVICE,
                code=exc.code,
                request_id=exc.request_id,
                body=body,
                details=said.details if said else None,
                method=exc.method,
                url=exc.url,
            ) from None
        except BaseException:
            # Not answered, not sent, cancelled: a later login may carry the referrer.
            if referrer is not None:
                self._settle_referrer(sent=False)
            raise
        if referrer is not None:
            self._settle_referrer(sent=True)
        return token

    @property
    def _timeout(self) -> httpx.Timeout:
        """The timeout of this client's token requests: its ``timeout`` option, as every
        API call's (the httpx client may be the caller's ``http_client``, whose own
        timeout beatkit does not use: ``None`` would let a token endpoint that never
        answers hold the call for ever)."""
        return self._transport.settings.timeout

    def _claim_referrer(self) -> bool:
        """Whether this login carries the install referrer: none before it did, and no
        other login carrying it is in flight (then it is claimed until settled)."""
        with self._referrer_lock:
            if self._referrer_sent or self._referrer_claimed:
                why = (
                    "sent with an earlier login"
                    if self._referrer_sent
                    else "on its way with another login"
                )
                logger.info("%s: install_referrer was %s; left out", SERVICE, why)
                return False
            self._referrer_claimed = True
            return True

    def _settle_referrer(self, *, sent: bool) -> None:
        """End this login's claim: the referrer went with a successful login, or not."""
        with self._referrer_lock:
            self._referrer_claimed = False
            self._referrer_sent = self._referrer_sent or sent
