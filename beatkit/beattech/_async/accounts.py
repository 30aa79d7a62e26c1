"""Accounts: subscriptions, credentials, passwords, activations and partner users (users
are in :mod:`~beatkit.beattech._async.users`)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, Unpack

from beatkit._core._async.pagers import AsyncPager
from beatkit._core.operation import RequestOptions
from beatkit._core.params import fields, optional_bool, optional_text
from beatkit._core.validate import check_int, check_text
from beatkit.beattech._async.base import AsyncBeatTechResource
from beatkit.beattech.context import json_object, text_id
from beatkit.beattech.headers import RangeArgs, every_window, ranged
from beatkit.beattech.models import (
    Activation,
    CredentialType,
    PartnerActivation,
    Subscription,
    SubscriptionState,
)
from beatkit.beattech.users import one_identifier

__all__ = [
    "AsyncActivations",
    "AsyncCredentials",
    "AsyncPartnerUsers",
    "AsyncPasswords",
    "AsyncSubscriptions",
]

# The only states a subscription's owner may set: stop at the period's end, or resume.
_SETTABLE_STATES = (SubscriptionState.STOPPED, SubscriptionState.ACTIVE)
# The credentials a visitor may ask to verify (L6539-6586); others answer 400.
_VERIFIABLE_CREDENTIALS = (CredentialType.BOKBASEN_EMAIL, CredentialType.EMAIL)
# An activation confirmed before answers 208 Already Reported instead of an error.
_ALREADY_REPORTED = 208


class AsyncSubscriptions(AsyncBeatTechResource):
    """``bt.subscriptions``: a user's subscriptions: ``list``, ``stop``, ``resume``,
    ``update`` and ``deactivate``.

    ``user_id=None`` means the logged-in user.
    """

    def list(
        self,
        *,
        state: SubscriptionState | int | Literal["all"] | None = None,
        user_id: str | int | None = None,
        **pages: Unpack[RangeArgs],
    ) -> AsyncPager[Subscription]:
        """List a user's subscriptions (``GET /v2/users/{user_id}/subscriptions``).

        Args:
            state: Only subscriptions in this state (:class:`SubscriptionState`), or
                ``"all"``; running ones only when omitted.
            user_id: The user; the logged-in user when omitted.
            **pages: ``page_size``, ``start``, ``limit`` and ``options`` (see
                :class:`~beatkit.beattech.headers.RangeArgs`).

        Returns:
            A pager over the subscriptions.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A state that is neither a number nor ``"all"``.
            beatkit.errors.ConfigurationError: No logged-in user.
        """
        if state is None or state == "all":
            wanted: str | int | None = state
        elif isinstance(state, str):
            raise ValueError(f"state must be a SubscriptionState, an int or 'all', not {state!r}")
        else:
            wanted = int(check_int("state", state, minimum=0))
        path = {"user_id": self._context.user_id(user_id)}
        return self._list(
            "subscriptions.list",
            Subscription,
            path=path,
            **ranged("subscriptions.list", "subscriptions", pages, {"state": wanted}),
        )

    async def update(
        self,
        subscription_id: str | int,
        state: SubscriptionState | int,
        *,
        comment: str | None = None,
        user_id: str | int | None = None,
        options: RequestOptions | None = None,
    ) -> Subscription:
        """Set a subscription's state (``PATCH /v2/users/{user_id}/subscriptions/{id}``).

        Only :attr:`SubscriptionState.STOPPED` (6: runs to the end of the period,
        then expires) and :attr:`SubscriptionState.ACTIVE` (3: resume a stopped one)
        may be set.

        Args:
            subscription_id: The subscription.
            state: 6 or 3.
            comment: Why (kept with the change).
            user_id: The subscription's owner; the logged-in user when omitted.
            options: Per-call timeout, retries or headers.

        Returns:
            The subscription as it now stands (its ``id`` may be missing).

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: Another state, a blank id or a blank comment.
            beatkit.errors.ConfigurationError: No logged-in user.
        """
        number = int(check_int("state", state, minimum=0))
        if number not in _SETTABLE_STATES:
            raise ValueError("state must be 6 (stop) or 3 (resume)")
        body = fields(state=number, comment=optional_text("comment", comment))
        path = {
            "user_id": self._context.user_id(user_id),
            "subscription_id": text_id("subscription_id", subscription_id),
        }
        return await self._call(
            "subscriptions.update",
            Subscription,
            path=path,
            json=body,
            unwrap="subscription",
            options=options,
        )

    async def stop(
        self,
        subscription_id: str | int,
        *,
        comment: str | None = None,
        user_id: str | int | None = None,
        options: RequestOptions | None = None,
    ) -> Subscription:
        """Stop a subscription at the end of its period (state 6; ``PATCH``, see :meth:`update`).

        Args:
            subscription_id: The subscription.
            comment: Why (kept with the change).
            user_id: The subscription's owner; the logged-in user when omitted.
            options: Per-call timeout, retries or headers.

        Returns:
            The subscription, its ``state`` STOPPED, ``next_billing_date`` ``None``.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id or a blank comment.
            beatkit.errors.ConfigurationError: No logged-in user.
        """
        return await self.update(
            subscription_id,
            SubscriptionState.STOPPED,
            comment=comment,
            user_id=user_id,
            options=options,
        )

    async def resume(
        self,
        subscription_id: str | int,
        *,
        user_id: str | int | None = None,
        options: RequestOptions | None = None,
    ) -> Subscription:
        """Resume a stopped subscription (state 3; ``PATCH``, see :meth:`update`).

        Args:
            subscription_id: The subscription.
            user_id: The subscription's owner; the logged-in user when omitted.
            options: Per-call timeout, retries or headers.

        Returns:
            The subscription, its ``state`` ACTIVE.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id.
            beatkit.errors.ConfigurationError: No logged-in user.
        """
        return await self.update(
            subscription_id, SubscriptionState.ACTIVE, user_id=user_id, options=options
        )

    async def deactivate(
        self,
        subscription_id: str | int,
        *,
        user_id: str | int | None = None,
        options: RequestOptions | None = None,
    ) -> None:
        """End a subscription now (``DELETE /v2/users/{user_id}/subscriptions/{id}``).

        Called by its owner, the subscription is self-terminated; called by a user-admin
        client (its app token: ``bt.app``, or a client where nobody is logged in), it is
        terminated administratively, for any user named by ``user_id``.

        Args:
            subscription_id: The subscription.
            user_id: The subscription's owner; the logged-in user when omitted.
            options: Per-call timeout, retries or headers.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id.
            beatkit.errors.ConfigurationError: No ``user_id`` and no logged-in user.
            beatkit.errors.PermissionDeniedError: The caller is neither the owner (or
                a profile of the owner's account) nor a user-admin client.
            beatkit.errors.NotFoundError: No such subscription of that user.
            beatkit.errors.BadRequestError: The subscription has already ended.
        """
        path = {
            "user_id": self._context.user_id(user_id),
            "subscription_id": text_id("subscription_id", subscription_id),
        }
        await self._call("subscriptions.deactivate", None, path=path, options=options)


class AsyncCredentials(AsyncBeatTechResource):
    """``bt.credentials``: verification of a credential before a signup
    (``request_verification``)."""

    async def request_verification(
        self,
        type: CredentialType | int,
        credential: str,
        *,
        options: RequestOptions | None = None,
    ) -> None:
        """Mail a verification code for a credential, before the user exists
        (``POST /v2/credentials``, 202 with an empty body).

        The code reaches your mail system as a ``user.credential_verification_requested``
        event; the user types it back, and it goes to ``users.create(email_token=...)``.

        Args:
            type: :attr:`CredentialType.EMAIL` (8) or :attr:`CredentialType.BOKBASEN_EMAIL`
                (6); the API answers 400 to the others.
            credential: The e-mail address.
            options: Per-call timeout, retries or headers.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: Another credential type, or a blank credential.
        """
        number = int(check_int("type", type, minimum=0))
        if number not in _VERIFIABLE_CREDENTIALS:
            raise ValueError("type must be 8 (e-mail) or 6 (Bokbasen e-mail)")
        body = {"type": number, "credential": check_text("credential", credential)}
        await self._call("credentials.request_verification", None, json=body, options=options)


class AsyncPasswords(AsyncBeatTechResource):
    """``bt.passwords``: ``request_reset`` (a code by SMS or a link by e-mail) and
    ``reset`` (the new password with the code).

    Both take any token (a sign-in form has only the app token): the code, not the
    token, proves the caller controls the account.
    """

    async def request_reset(
        self,
        *,
        msisdn: str | None = None,
        email: str | None = None,
        return_code: bool = False,
        options: RequestOptions | None = None,
    ) -> str | None:
        """Start a password reset (``POST /v2/passwords/requests``, 201).

        The API sends a code by SMS (``msisdn``) or a reset link holding it by
        e-mail (``email``), and answers the same whether or not the account exists.

        Args:
            msisdn: The account's phone number (exactly one of ``msisdn`` and ``email``).
            email: The account's e-mail address.
            return_code: Have the code answered instead (``"return": true``), for
                integrations that deliver it themselves; the token needs the
                ``return-password-code`` scope.
            options: Per-call timeout, retries or headers.

        Returns:
            The code with ``return_code=True`` (what :meth:`reset` takes; never
            logged), else ``None``.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: Both or neither of ``msisdn`` and ``email``, or a blank one.
            beatkit.errors.PermissionDeniedError: ``return_code=True`` without the
                ``return-password-code`` scope (403).
            beatkit.errors.ResponseDecodeError: ``return_code=True`` and the answer
                holds no code.
        """
        body: dict[str, Any] = one_identifier(msisdn, email)
        if optional_bool("return_code", return_code):
            body["return"] = True
        result: Any = str if return_code else None
        code: str | None = await self._call(
            "passwords.request_reset",
            result,
            json=body,
            unwrap="code" if return_code else None,
            options=options,
        )
        return code

    async def reset(
        self,
        code: str,
        password: str,
        *,
        msisdn: str | None = None,
        email: str | None = None,
        options: RequestOptions | None = None,
    ) -> None:
        """Set a new password with the code of :meth:`request_reset` (``POST /v2/passwords``).

        Never replayed once it may have reached the server: when the password may
        have been changed (a timeout, a lost connection, a 5xx, a success answer
        that cannot be read), the error's note says so and to try logging in with
        the new password (the code is then used up: sent again, it is refused).

        Args:
            code: The code sent by SMS or e-mail (or returned by :meth:`request_reset`).
            password: The new password (the API checks its length and strength).
            msisdn: The phone number the reset was requested for (exactly one of
                ``msisdn`` and ``email``, the same as the request's).
            email: The e-mail address the reset was requested for.
            options: Per-call timeout, retries or headers.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: Both or neither of ``msisdn`` and ``email``, or a blank value.
            beatkit.errors.BadRequestError: The password is too short or weak (400).
            beatkit.errors.NotFoundError: No pending reset has this identifier and
                code (the page's error sample).
            beatkit.errors.BeatkitError: The request failed; when the password may
                have been changed, with the note above.
        """
        body = {
            **one_identifier(msisdn, email),
            "code": check_text("code", code),
            "password": check_text("password", password),
        }
        await self._call(
            "passwords.reset",
            None,
            json=body,
            options=options,
            # The code is used up once the reset is made: sent again, it is refused
            # (404), which reads as a wrong code.
            note_if_unsure=(
                "bt.passwords.reset: the password may have been changed (its request "
                "failed after it was sent, and beatkit never sends it twice); try "
                "bt.auth.login with the new password before asking for another code"
            ),
        )


class AsyncActivations(AsyncBeatTechResource):
    """``bt.activations``: ``confirm`` an activation and ``lookup`` one by its
    confirmation code (the landing page of a partner's activation link)."""

    async def confirm(
        self, activation_id: str | int, *, options: RequestOptions | None = None
    ) -> bool:
        """Confirm a partner activation for the logged-in user
        (``PATCH /v2/activations/{activation_id}`` with ``{"state": "CONFIRMED"}``;
        the path is inferred).

        Call it once the user has logged in (or set a password) on the
        confirmation page: the subscription of the activation starts.

        Args:
            activation_id: The activation.
            options: Per-call timeout, retries or headers.

        Returns:
            ``True`` when this call confirmed it (200), ``False`` when it was
            confirmed already (208 Already Reported).

        Raises:
            TypeError: ``activation_id`` has the wrong type.
            ValueError: A blank or negative id.
            beatkit.errors.ConfigurationError: No logged-in user.
            beatkit.errors.NotFoundError: No such activation.
        """
        response, _ = await self._exchange(
            "activations.confirm",
            path={"activation_id": text_id("activation_id", activation_id)},
            json={"state": "CONFIRMED"},
            options=options,
        )
        return response.status_code != _ALREADY_REPORTED

    async def lookup(
        self, confirmation_code: str, *, options: RequestOptions | None = None
    ) -> list[Activation]:
        """The activations of a confirmation code
        (``GET /v2/activations?confirmation_code=``; the path is inferred).

        Called from the confirmation landing page, usually with the app token: the
        answer says whether to show a login form or, for a user the partner call
        created (``activation.extra["was_user_created"]``, as the fake sends it), a
        set-password form.

        Args:
            confirmation_code: The one-time code of the activation link (kept out
                of logs and errors).
            options: Per-call timeout, retries or headers.

        Returns:
            The activations (``{"activations": [...]}``), empty for an unknown code;
            every window of the list when the server pages it (L70-76).

        Raises:
            TypeError: ``confirmation_code`` is not text.
            ValueError: A blank code.
        """
        query = {"confirmation_code": check_text("confirmation_code", confirmation_code)}
        found = self._list(
            "activations.lookup", Activation, **every_window("activations", options, query)
        )
        return [activation async for activation in found]


class AsyncPartnerUsers(AsyncBeatTechResource):
    """``bt.partner_users``: a partner's users and subscriptions (``activate``, ``end``).

    Signed with the partner headers (``X-Auth-Client-Id`` / ``X-Auth-Client-Secret``
    from ``partner_client_id`` / ``partner_client_secret``, the client's own id and
    secret by default), never with a bearer token. Bad partner credentials are
    answered 401 with an empty body.
    """

    async def activate(
        self,
        external_id: str | int,
        product_id: str | int,
        *,
        user: Mapping[str, Any] | None = None,
        state: int | None = None,
        options: RequestOptions | None = None,
    ) -> PartnerActivation:
        """Associate a user with the partner and give them a partner subscription
        (``POST /v2/partnerusers/activations``).

        The user is matched by the partner's ``external_id``, else by ``user``'s
        e-mail or msisdn, else created. A subscription to another product of the
        partner ends; one to the same product is kept. A new subscription is
        INCOMPLETE until the user confirms it at ``activation.confirmation_url``.

        Args:
            external_id: The partner's own id for the user.
            product_id: The product to subscribe the user to.
            user: Details to match or create the user with (``email`` or ``msisdn``,
                ``firstname``, ``lastname``...); needed when the partner does not know
                the user yet.
            state: ``2``: no confirmation when the user already has a running
                subscription of this partner.
            options: Per-call timeout, retries or headers.

        Returns:
            The activation (``id``, ``url``, ``confirmation_url``) and the user
            (``id``, ``was_user_created``, ``was_requested_password_applied``).

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id.
            beatkit.errors.AuthenticationError: Bad partner credentials (401).
            beatkit.errors.NotFoundError: No ``user`` given and the partner does not
                know ``external_id``.
        """
        body = fields(
            partneruser={"external_id": text_id("external_id", external_id)},
            user=json_object("user", user),
            product={"id": text_id("product_id", product_id)},
            state=None if state is None else check_int("state", state, minimum=0),
        )
        return await self._call(
            "partner_users.activate", PartnerActivation, json=body, options=options
        )

    async def end(self, activation_id: str | int, *, options: RequestOptions | None = None) -> None:
        """End the subscription of a partner activation
        (``DELETE /v2/partnerusers/activations/{activation_id}``).

        Args:
            activation_id: The activation (:attr:`PartnerActivation.activation` ``.id``).
            options: Per-call timeout, retries or headers.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id.
            beatkit.errors.BadRequestError: Already ended.
            beatkit.errors.NotFoundError: The partner has no such activation.
        """
        path = {"activation_id": text_id("activation_id", activation_id)}
        await self._call("partner_users.end", None, path=path, options=options)
