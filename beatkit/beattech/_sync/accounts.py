# GENERATED from beatkit/beattech/_async/accounts.py by scripts/unasync.py: edit the async source.
"""Accounts: users, subscriptions, credentials, passwords, activations and partner users."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any, Literal, Unpack

from beatkit._core._sync.pagers import Pager
from beatkit._core.operation import RequestOptions
from beatkit._core.params import fields, optional_bool, optional_choice, optional_text
from beatkit._core.validate import check_int, check_text
from beatkit.beattech._sync.base import BeatTechResource
from beatkit.beattech.context import text_id
from beatkit.beattech.headers import (
    ImageSizes,
    RangeArgs,
    change_headers,
    include_header,
    ranged,
)
from beatkit.beattech.models import (
    Change,
    CredentialType,
    PartnerActivation,
    Subscription,
    SubscriptionState,
    User,
)

__all__ = [
    "Activations",
    "Credentials",
    "PartnerUsers",
    "Passwords",
    "Subscriptions",
    "Users",
]

_INTENTS = ("webshop", "subscription")
_PROFILE_TYPES = ("standard", "child")
# The only states a subscription's owner may set: stop at the period's end, or resume.
_SETTABLE_STATES = (SubscriptionState.STOPPED, SubscriptionState.ACTIVE)
# The credentials a visitor may ask to verify (L6539-6586); others answer 400.
_VERIFIABLE_CREDENTIALS = (CredentialType.BOKBASEN_EMAIL, CredentialType.EMAIL)


def _json_object(name: str, value: Any) -> dict[str, Any] | None:
    if value is None:
        return None
    if not isinstance(value, Mapping) or not all(isinstance(key, str) for key in value):
        raise TypeError(f"{name} must be a mapping with text keys")
    return dict(value)


class Users(BeatTechResource):
    """``bt.users``: ``search``, ``create``, ``delete``, ``update``, ``favourite``, ``get``,
    ``gdpr_delete``, ``attach_card`` (deprecated), ``changes``, ``coupons``,
    ``redemptions``, ``redeem_coupon``, ``add_credential``, ``verify_credential``,
    ``events``, ``registered_friends``, ``favouritees``, ``favourite_artists``,
    ``favourite_releases``, ``favourite_tracks``, ``favourite_users``, ``favourites``
    (deprecated), ``metadata``, ``update_metadata``, ``delete_metadata``, ``migrate``,
    ``tracking``, ``balances``, ``charge`` (deprecated), ``release_groups``,
    ``synthetic_group`` and ``add_release_to_group``.

    ``user_id=None`` means the logged-in user.
    """

    def create(
        self,
        *,
        email: str | None = None,
        email_token: str | None = None,
        password: str | None = None,
        username: str | None = None,
        msisdn: str | None = None,
        firstname: str | None = None,
        lastname: str | None = None,
        newsletter: bool | None = None,
        intent: Literal["webshop", "subscription"] | None = None,
        profile_type: Literal["standard", "child"] | None = None,
        avatar_id: str | int | None = None,
        region: str | None = None,
        options: RequestOptions | None = None,
    ) -> User:
        """Create a user (``POST /v2/users``): a signup, or a profile of the caller's account.

        Which it is depends on the token: with the app token (no user logged in, or
        ``bt.app.users.create``) it is a signup, a new account whose master user
        this is; with a user token it adds a profile-user to that user's account.
        Sign up through ``bt.app`` while a user is logged in. A user-admin client
        may skip ``email_token`` and set ``password`` with ``msisdn``.

        Args:
            email: The e-mail address (a signup's login).
            email_token: The verification code mailed after
                ``bt.credentials.request_verification(8, email)``; needs ``email``.
            password: The password (never logged); random when omitted.
            username: The user name (the walkthrough uses the e-mail address).
            msisdn: A phone number (not with ``password``, unless a user-admin client).
            firstname: First name.
            lastname: Last name.
            newsletter: Subscribe to the newsletter (the API's default: no).
            intent: ``"webshop"`` or ``"subscription"``.
            profile_type: ``"standard"`` or ``"child"``.
            avatar_id: An avatar's id.
            region: The user's region (``"NO"``).
            options: Per-call timeout, retries or headers.

        Returns:
            The new user (``id``, ``username``...).

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank value, an unknown choice, or ``email_token`` without
                ``email``.
            beatkit.errors.ConflictError: The e-mail address is taken (409).
        """
        if email_token is not None and email is None:
            raise ValueError("email_token needs the email it verifies")
        body = fields(
            email=optional_text("email", email),
            email_token=optional_text("email_token", email_token),
            password=optional_text("password", password),
            username=optional_text("username", username),
            msisdn=optional_text("msisdn", msisdn),
            firstname=optional_text("firstname", firstname),
            lastname=optional_text("lastname", lastname),
            newsletter=optional_bool("newsletter", newsletter),
            intent=optional_choice("intent", intent, _INTENTS),
            profile_type=optional_choice("profile_type", profile_type, _PROFILE_TYPES),
            avatar_id=None if avatar_id is None else text_id("avatar_id", avatar_id),
            region=optional_text("region", region),
        )
        return self._call("users.create", User, json=body, unwrap="user", options=options)

    def get(
        self,
        user_id: str | int | None = None,
        *,
        image_sizes: ImageSizes | None = None,
        options: RequestOptions | None = None,
    ) -> User:
        """Fetch a user (``GET /v2/users/{user_id}``): yourself, a profile of your
        account, or (user-admin clients) anyone. Credentials are not included.

        Args:
            user_id: The user's id; the logged-in user's when omitted.
            image_sizes: Image sizes for this call, merged over the client's
                (``{"user": "w200"}``).
            options: Per-call timeout, retries or headers.

        Returns:
            The user.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id, or a bad image size.
            beatkit.errors.ConfigurationError: No ``user_id`` and no logged-in user.
            beatkit.errors.NotFoundError: No such user.
        """
        return self._call(
            "users.get",
            User,
            path={"user_id": self._context.user_id(user_id)},
            headers=self._context.image_headers(image_sizes),
            unwrap="user",
            options=options,
        )

    def migrate(
        self,
        product_id: str | int,
        *,
        renewable: bool = True,
        confirmed: bool = True,
        utm_campaign: str | None = None,
        metadata: Mapping[str, Any] | None = None,
        user_id: str | int | None = None,
        options: RequestOptions | None = None,
    ) -> None:
        """Activate a product for the user: a new subscription, or a move to another
        product (``POST /v2/users/{user_id}/migrations``, 201).

        Bills the payment method attached with ``bt.billing``.

        Args:
            product_id: The product (from ``bt.products.list()``).
            renewable: Renew at the end of each period; ``False`` to stop then.
            confirmed: The user confirmed the purchase. ``False`` may be answered
                with a 403 whose details carry a consent URL.
            utm_campaign: A campaign code (may change the trial).
            metadata: Extra data kept with the subscription.
            user_id: The user; the logged-in user when omitted.
            options: Per-call timeout, retries or headers.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id or campaign.
            beatkit.errors.ConfigurationError: No logged-in user.
            beatkit.errors.PermissionDeniedError: Consent is needed (``confirmed=False``)
                or the product is not available to the user.
        """
        body = fields(
            product_id=text_id("product_id", product_id),
            renewable=optional_bool("renewable", renewable),
            confirmed=optional_bool("confirmed", confirmed),
            utm_campaign=optional_text("utm_campaign", utm_campaign),
            metadata=_json_object("metadata", metadata),
        )
        self._call(
            "users.migrate",
            None,
            path={"user_id": self._context.user_id(user_id)},
            json=body,
            options=options,
        )

    def changes(
        self,
        base_change_id: int,
        *,
        user_id: str | int | None = None,
        include: str | Iterable[str] | None = None,
        image_sizes: ImageSizes | None = None,
        **pages: Unpack[RangeArgs],
    ) -> Pager[Change]:
        """The user's personal changes after a base, raw
        (``GET /v2/users/{user_id}/changes?base_change_id=``), Range-paged in ``changes``.

        ``bt.sync.pull`` reads this feed for you: it stops when a page brings nothing
        new, drops ids at or below the base and hands back the new base.

        Args:
            base_change_id: The last change id the app has seen (its base).
            user_id: The user; the logged-in user when omitted (the API accepts only
                the user's own token).
            include: Sub-objects of the changed objects (``"group-releases"``...).
            image_sizes: Image sizes of the changed objects, merged over the client's.
            **pages: ``page_size``, ``start``, ``limit`` and ``options`` (see
                :class:`~beatkit.beattech.headers.RangeArgs`); the page's example asks
                for ``page_size=100`` (``Range: changes=0-99``).

        Returns:
            A pager over the changes, in the server's order.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A negative base, a blank id, an unknown include or a bad size.
            beatkit.errors.ConfigurationError: No logged-in user.
        """
        base = check_int("base_change_id", base_change_id, minimum=0)
        headers = {**include_header(include), **self._context.image_headers(image_sizes)}
        return self._list(
            "users.changes",
            Change,
            path={"user_id": self._context.user_id(user_id)},
            headers=headers,
            **ranged("users.changes", "changes", pages, {"base_change_id": str(base)}),
        )

    def add_release_to_group(
        self,
        group_id: str | int,
        release_id: str | int,
        *,
        user_id: str | int | None = None,
        changed_at: datetime | None = None,
        options: RequestOptions | None = None,
    ) -> None:
        """Put a release on one of a user's bookshelves
        (``POST /v2/users/{user_id}/releases/groups/{group_id}/releases``; the path is
        inferred). The user's own token, or a user-admin client through ``bt.app``.

        The body is ``{"id": "<release_id>"}`` (this operation's key; the same call
        without a user, ``bt.release_groups.add_release``, takes ``release_id``).

        Args:
            group_id: The group (a numeric id or an alias such as ``"wishlist"``).
            release_id: The release to add.
            user_id: The group's owner; the logged-in user when omitted.
            changed_at: ``X-Change-Timestamp``: when the user did it (timezone-aware).
            options: Per-call timeout, retries or headers.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id.
            beatkit.errors.ConfigurationError: No ``user_id`` and no logged-in user.
            beatkit.errors.PermissionDeniedError: The caller may not act for the user.
            beatkit.errors.NotFoundError: No such user, group or release.
        """
        self._call(
            "users.add_release_to_group",
            None,
            path={
                "user_id": self._context.user_id(user_id),
                "group_id": text_id("group_id", group_id),
            },
            headers=change_headers(None, changed_at),
            json={"id": text_id("release_id", release_id)},
            options=options,
        )


class Subscriptions(BeatTechResource):
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
    ) -> Pager[Subscription]:
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

    def update(
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
            ValueError: Another state, or a blank id.
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
        return self._call(
            "subscriptions.update",
            Subscription,
            path=path,
            json=body,
            unwrap="subscription",
            options=options,
        )

    def stop(
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
            The subscription: ``state`` STOPPED, ``next_billing_date`` ``None``.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id.
            beatkit.errors.ConfigurationError: No logged-in user.
        """
        return self.update(
            subscription_id,
            SubscriptionState.STOPPED,
            comment=comment,
            user_id=user_id,
            options=options,
        )

    def resume(
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
            The subscription: ``state`` ACTIVE.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id.
            beatkit.errors.ConfigurationError: No logged-in user.
        """
        return self.update(
            subscription_id, SubscriptionState.ACTIVE, user_id=user_id, options=options
        )

    def deactivate(
        self,
        subscription_id: str | int,
        *,
        user_id: str | int | None = None,
        options: RequestOptions | None = None,
    ) -> None:
        """End a subscription now (``DELETE /v2/users/{user_id}/subscriptions/{id}``).

        Args:
            subscription_id: The subscription.
            user_id: The subscription's owner; the logged-in user when omitted.
            options: Per-call timeout, retries or headers.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id.
            beatkit.errors.ConfigurationError: No logged-in user.
        """
        path = {
            "user_id": self._context.user_id(user_id),
            "subscription_id": text_id("subscription_id", subscription_id),
        }
        self._call("subscriptions.deactivate", None, path=path, options=options)


class Credentials(BeatTechResource):
    """``bt.credentials``: verification of a credential before a signup
    (``request_verification``)."""

    def request_verification(
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
        self._call("credentials.request_verification", None, json=body, options=options)


class Passwords(BeatTechResource):
    """``bt.passwords``: ``request_reset`` (a code by SMS or a link by e-mail) and
    ``reset`` (the new password with the code)."""


class Activations(BeatTechResource):
    """``bt.activations``: ``confirm`` an activation and ``lookup`` one by its
    confirmation code."""


class PartnerUsers(BeatTechResource):
    """``bt.partner_users``: a partner's users and subscriptions (``activate``, ``end``).

    Signed with the partner headers (``X-Auth-Client-Id`` / ``X-Auth-Client-Secret``
    from ``partner_client_id`` / ``partner_client_secret``, the client's own id and
    secret by default), never with a bearer token. Bad partner credentials are
    answered 401 with an empty body.
    """

    def activate(
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
            user=_json_object("user", user),
            product={"id": text_id("product_id", product_id)},
            state=None if state is None else check_int("state", state, minimum=0),
        )
        return self._call(
            "partner_users.activate", PartnerActivation, json=body, options=options
        )

    def end(self, activation_id: str | int, *, options: RequestOptions | None = None) -> None:
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
        self._call("partner_users.end", None, path=path, options=options)
