# GENERATED from beatkit/beattech/_async/users.py by scripts/unasync.py: edit the async source.
"""Users: accounts and profiles, following, credentials, coupons, migrations and charges
(the metadata bag and tracking id are inherited from
:mod:`~beatkit.beattech._sync.user_data`, the list operations from
:mod:`~beatkit.beattech._sync.user_lists`).

``user_id=None`` means the logged-in user throughout (``ConfigurationError`` before
anything is sent when nobody is logged in).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any, Literal, Unpack

from beatkit._core._sync.pagers import Pager
from beatkit._core.operation import RequestOptions
from beatkit._core.params import (
    fields,
    optional_bool,
    optional_choice,
    optional_int,
    optional_text,
)
from beatkit._core.validate import check_int, check_text
from beatkit.beattech._sync.user_data import UserData
from beatkit.beattech.charges import (
    EXTERNAL_CHARGE,
    ChargeEntityType,
    ChargeReason,
    ChargeUnit,
    charge_body,
    charge_check_note,
    gift_codes,
)
from beatkit.beattech.context import json_object, text_id
from beatkit.beattech.editing import require_changes
from beatkit.beattech.headers import (
    ImageSizes,
    Include,
    RangeArgs,
    change_headers,
    include_header,
    ranged,
)
from beatkit.beattech.identifiers import optional_id
from beatkit.beattech.models import (
    Change,
    ChargeRef,
    CredentialType,
    PaymentType,
    User,
)
from beatkit.beattech.sync import favourite_body
from beatkit.beattech.users import (
    INTENTS,
    PROFILE_TYPES,
    answer_message,
    credential_type,
)
from beatkit.beattech.wire import charge_ref
from beatkit.errors import ConfigurationError

__all__ = ["Users"]


# A union is no ``type[T]`` to mypy; the converter reads it all the same.
_OPTIONAL_TEXT: Any = str | None


class Users(UserData):
    """``bt.users``: ``search``, ``create``, ``get``, ``update``, ``favourite``,
    ``delete``, ``gdpr_delete``, ``attach_card`` (deprecated), ``coupons``,
    ``redemptions``, ``redeem_coupon``, ``add_credential``, ``verify_credential``,
    ``events``, ``registered_friends``, ``favouritees``, ``favourite_artists``,
    ``favourite_releases``, ``favourite_tracks``, ``favourite_users``, ``favourites``
    (deprecated), ``metadata``, ``update_metadata``, ``delete_metadata``, ``migrate``,
    ``tracking``, ``balances``, ``charge`` (deprecated), ``release_groups``,
    ``synthetic_group``, ``add_release_to_group`` and ``changes``.

    ``user_id=None`` means the logged-in user.
    """

    def search(
        self,
        *,
        email: str | None = None,
        msisdn: str | None = None,
        query: str | None = None,
        account_users: bool = False,
        external_user_id: str | int | None = None,
        external_provider_id: str | int | None = None,
        **pages: Unpack[RangeArgs],
    ) -> Pager[User]:
        """Look users up (``GET /v2/users``), Range-paged.

        What may be asked depends on the token, and the server decides: ``email`` and
        ``msisdn`` are for user-admin clients (``bt.app.users.search(email=...)``),
        ``account_users`` for a logged-in user (the profiles of their account), and
        the external id pair for any token. ``email``, ``msisdn`` and
        ``account_users`` answer extended user objects, the external ids base ones.

        Args:
            email: The user with this e-mail address.
            msisdn: The user with this phone number.
            query: A full-text search (the page's lookup examples; not in its
                parameter list). Masked in log lines and errors, as ``email`` and
                ``msisdn`` are: it names a person.
            account_users: ``True``: the profiles of the logged-in user's account.
            external_user_id: A partner's own id for the user; needs
                ``external_provider_id``.
            external_provider_id: The partner (provider) that id belongs to; needs
                ``external_user_id``.
            **pages: ``page_size``, ``start``, ``limit`` and ``options`` (see
                :class:`~beatkit.beattech.headers.RangeArgs`).

        Returns:
            A pager over the users found.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: No criterion, a blank one, or one external id without the other.
            beatkit.errors.ConfigurationError: ``account_users=True`` without a logged-in
                user, or on ``bt.app`` (its app token is refused; nothing is sent).
            beatkit.errors.PermissionDeniedError: The token may not ask this (403).
        """
        external = (external_user_id, external_provider_id)
        if (external[0] is None) != (external[1] is None):
            raise ValueError("external_user_id and external_provider_id go together")
        if not isinstance(account_users, bool):
            raise TypeError(f"account_users must be a bool, got {type(account_users).__name__}")
        if account_users:
            # The page: account_users is for a logged-in user; the app token would only
            # be refused by the server (on bt.app too, which sends it whoever is logged in).
            self._user_token_only("account_users=True lists the logged-in user's profiles")
        params = {
            "email": optional_text("email", email),
            "msisdn": optional_text("msisdn", msisdn),
            "query": optional_text("query", query),
            "account_users": True if account_users else None,
            "external_user_id": optional_id("external_user_id", external[0]),
            "external_provider_id": optional_id("external_provider_id", external[1]),
        }
        if all(value is None for value in params.values()):
            raise ValueError(
                "search needs email, msisdn, query, account_users=True or "
                "external_user_id with external_provider_id"
            )
        # An e-mail address and a phone number name a person, and so does the query of a
        # search for one (a name, a fragment of a number): masked in the URL wherever it
        # is shown (log lines, errors) and wherever a server quotes them back.
        personal = tuple(
            value
            for value in (params["email"], params["msisdn"], params["query"])
            if isinstance(value, str)
        )
        return self._list(
            "users.search",
            User,
            secrets=personal,
            **ranged("users.search", "users", pages, params),
        )

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

        Never replayed once it may have reached the server: when the user may have
        been created (a timeout, a lost connection, a 5xx, a success answer that
        cannot be read), the error's notes say so and how to look for it
        (``bt.users.search(account_users=True)`` for a profile).

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
            beatkit.errors.BeatkitError: The request failed; when the user may have
                been created, with the notes above.
        """
        if email_token is not None and email is None:
            raise ValueError("email_token needs the email it verifies")
        # The order of the page's worked examples: {msisdn, email} (L5744-5748) and
        # {username, email, email_token, password} (L282-299); the schema's order else.
        body = fields(
            msisdn=optional_text("msisdn", msisdn),
            firstname=optional_text("firstname", firstname),
            lastname=optional_text("lastname", lastname),
            username=optional_text("username", username),
            email=optional_text("email", email),
            email_token=optional_text("email_token", email_token),
            password=optional_text("password", password),
            newsletter=optional_bool("newsletter", newsletter),
            intent=optional_choice("intent", intent, INTENTS),
            profile_type=optional_choice("profile_type", profile_type, PROFILE_TYPES),
            avatar_id=optional_id("avatar_id", avatar_id),
            region=optional_text("region", region),
        )
        return self._call(
            "users.create",
            User,
            json=body,
            unwrap="user",
            options=options,
            note_if_unsure=(
                "bt.users.create: the user may have been created (its request failed "
                "after it was sent, and beatkit never sends it twice); before creating "
                "again, look for it: a profile of the logged-in user's account in "
                "bt.users.search(account_users=True); a sign-up by logging in with it, or "
                "with a user-admin client bt.app.users.search(email=...) (a second "
                "sign-up with the same e-mail address is refused as taken)"
            ),
        )

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

    def update(
        self,
        user_id: str | int | None = None,
        *,
        base_change: int | None = None,
        changed_at: datetime | None = None,
        firstname: str | None = None,
        lastname: str | None = None,
        email: str | None = None,
        region: str | None = None,
        password: str | None = None,
        privacy_profile_private: bool | None = None,
        newsletter: bool | None = None,
        payment_type: PaymentType | int | None = None,
        username: str | None = None,
        profile_type: Literal["standard", "child"] | None = None,
        image_sizes: ImageSizes | None = None,
        options: RequestOptions | None = None,
    ) -> User:
        """Change a user's details (``PATCH /v2/users/{user_id}``): yourself, a profile
        of your account, or (user-admin clients, ``bt.app``) anyone.

        The server merges the fields sent into the stored user and answers the
        merged user. ``X-Base-Change`` is sent as such (the page spells it
        ``X-Base_Change``, a header name proxies drop). Follow or unfollow a user
        with :meth:`favourite`.

        Args:
            user_id: The user; the logged-in user when omitted.
            base_change: The change id the edit was made against (offline sync).
            changed_at: When the edit was made (timezone-aware); the server's time
                when omitted.
            firstname: First name.
            lastname: Last name.
            email: The e-mail address.
            region: The region (``"NO"``).
            password: A new password (never logged).
            privacy_profile_private: Hide the profile from other users.
            newsletter: Subscribe to or unsubscribe from the newsletter.
            payment_type: The default payment provider (:class:`PaymentType`).
            username: The user name.
            profile_type: ``"standard"`` or ``"child"``.
            image_sizes: Image sizes of the answer, merged over the client's
                (``{"user": "w200"}``).
            options: Per-call timeout, retries or headers.

        Returns:
            The user as it now stands.

        Raises:
            TypeError: An argument has the wrong type, or ``changed_at`` is naive.
            ValueError: No field to change, a blank value or an unknown choice.
            beatkit.errors.ConfigurationError: No ``user_id`` and no logged-in user.
            beatkit.errors.ConflictError: The e-mail address or user name is taken.
            beatkit.errors.PermissionDeniedError: The token may not change this user.
        """
        body = fields(
            firstname=optional_text("firstname", firstname),
            lastname=optional_text("lastname", lastname),
            email=optional_text("email", email),
            region=optional_text("region", region),
            password=optional_text("password", password),
            privacy_profile_private=optional_bool(
                "privacy_profile_private", privacy_profile_private
            ),
            newsletter=optional_bool("newsletter", newsletter),
            payment_type=optional_int("payment_type", payment_type, minimum=0),
            username=optional_text("username", username),
            profile_type=optional_choice("profile_type", profile_type, PROFILE_TYPES),
        )
        require_changes(body, "users.update")
        return self._patch(user_id, body, base_change, changed_at, image_sizes, options)

    def favourite(
        self,
        user_id: str | int,
        favourite: bool = True,
        *,
        base_change: int | None = None,
        changed_at: datetime | None = None,
        image_sizes: ImageSizes | None = None,
        options: RequestOptions | None = None,
    ) -> User:
        """Follow (or unfollow) a user as the logged-in user
        (``PATCH /v2/users/{user_id}`` with ``{"favourite": ...}``).

        A personal-data write of the Changes API: the answer is the user with the
        merged ``favourite`` flag, and other devices see the change in their feed.

        Args:
            user_id: The user to follow.
            favourite: ``False`` to unfollow.
            base_change: The change id the edit was made against (offline sync).
            changed_at: When the edit was made (timezone-aware); the server's time
                when omitted.
            image_sizes: Image sizes of the answer, merged over the client's.
            options: Per-call timeout, retries or headers.

        Returns:
            The followed user, ``favourite`` set.

        Raises:
            TypeError: An argument has the wrong type, or ``changed_at`` is naive.
            ValueError: A blank id.
            beatkit.errors.ConfigurationError: No logged-in user (the follower), or
                called on ``bt.app`` (its app token follows no one; nothing is sent).
            beatkit.errors.BadRequestError: Following yourself, or a ``base_change``
                after your latest change.
        """
        target = text_id("user_id", user_id)
        body = favourite_body(favourite)
        # A user token, whether or not beatkit knows its user's id (a token set as text,
        # a login answer without user_id): the follow names only the user followed.
        self._user_token_only("favourite needs a logged-in user: the one who follows")
        return self._patch(target, body, base_change, changed_at, image_sizes, options)

    def _user_token_only(self, why: str) -> None:
        """Refuse, before sending, a call only the logged-in user's own token can make.

        Raises:
            ConfigurationError: No user is logged in, or this is ``bt.app``'s ``users``
                (every bearer call there goes with the app token).
        """
        if self._transport.settings.route == self._context.tokens.app_route:
            raise ConfigurationError(
                f"{why}: bt.app sends the app token, which the API refuses here; call "
                "bt.users instead"
            )
        if not self._context.tokens.logged_in:
            raise ConfigurationError(f"{why}: log in first")

    def _patch(
        self,
        user_id: str | int | None,
        body: dict[str, Any],
        base_change: int | None,
        changed_at: datetime | None,
        image_sizes: ImageSizes | None,
        options: RequestOptions | None,
    ) -> User:
        headers = {
            **change_headers(base_change, changed_at),
            **self._context.image_headers(image_sizes),
        }
        return self._call(
            "users.update",
            User,
            path={"user_id": self._context.user_id(user_id)},
            headers=headers,
            json=body,
            unwrap="user",
            options=options,
        )

    def delete(self, user_id: str | int, *, options: RequestOptions | None = None) -> None:
        """Delete a profile-user of the logged-in user's account
        (``DELETE /v2/users/{user_id}``). The account's master user cannot be deleted
        this way.

        Args:
            user_id: The profile to delete.
            options: Per-call timeout, retries or headers.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id.
            beatkit.errors.ConfigurationError: No logged-in user.
            beatkit.errors.BadRequestError: ``user_id`` is the account's master user.
            beatkit.errors.PermissionDeniedError: A user of another account.
        """
        path = {"user_id": text_id("user_id", user_id)}
        self._call("users.delete", None, path=path, options=options)

    def gdpr_delete(
        self, user_id: str | int, *, options: RequestOptions | None = None
    ) -> str | None:
        """Forget a user for good (GDPR; ``DELETE /v2/users/{user_id}/gdpr``, path
        inferred). User-admin clients only: sent with the app token.

        Personal data is anonymised, subscriptions deactivated, tokens revoked and
        favourites, bookmarks, progress, activations, partner links and changes
        deleted; the user record stays, anonymised. Calling it again for a deleted
        user succeeds too.

        Args:
            user_id: The user (resolve a partner's id with ``search(external_user_id=...)``).
            options: Per-call timeout, retries or headers.

        Returns:
            The server's message (``"User was already deleted previously."`` on a
            repeat), or ``None`` when it sends none.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank id.
            beatkit.errors.PermissionDeniedError: Not a user-admin client.
            beatkit.errors.NotFoundError: No such user.
            beatkit.errors.ResponseDecodeError: The answer is not an object, or its
                message is not text.
        """
        message: str | None = self._call(
            "users.gdpr_delete",
            _OPTIONAL_TEXT,
            path={"user_id": text_id("user_id", user_id)},
            unwrap=answer_message,
            if_empty={},
            options=options,
        )
        return message

    def attach_card(
        self,
        token: str,
        *,
        user_id: str | int | None = None,
        options: RequestOptions | None = None,
    ) -> None:
        """Attach a card to the user's Stripe account (deprecated by the API;
        ``POST /v2/users/{user_id}/cards``, path inferred). Use ``bt.billing``.

        The user's default payment type becomes Stripe.

        Args:
            token: The card token from Stripe's JS SDK (never logged).
            user_id: The user; the logged-in user when omitted.
            options: Per-call timeout, retries or headers.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank token or id.
            beatkit.errors.ConfigurationError: No logged-in user.
        """
        warnings.warn(
            "users.attach_card is deprecated by Beat Technology; use bt.billing",
            DeprecationWarning,
            stacklevel=2,
        )
        self._call(
            "users.attach_card",
            None,
            path={"user_id": self._context.user_id(user_id)},
            json={"token": check_text("token", token)},
            options=options,
        )

    def redeem_coupon(
        self,
        coupon: str,
        *,
        user_id: str | int | None = None,
        options: RequestOptions | None = None,
    ) -> None:
        """Redeem a coupon or gift card
        (``POST /v2/users/{user_id}/coupons/redemptions``): it extends the user's
        subscription to its product, or starts one.

        Never replayed once it may have reached the server: when the coupon may have
        been redeemed (a timeout, a lost connection, a 5xx, a success answer that
        cannot be read), the error's notes say so and name the call that shows
        whether it was (``bt.users.redemptions()``), without the code.

        Args:
            coupon: The coupon's code (never logged).
            user_id: The logged-in user's id (another user's is refused); the
                logged-in user when omitted.
            options: Per-call timeout, retries or headers.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank code.
            beatkit.errors.ConfigurationError: No logged-in user.
            beatkit.errors.NotFoundError: No such coupon.
            beatkit.errors.BadRequestError: The coupon cannot be redeemed (used,
                unpaid).
            beatkit.errors.BeatkitError: The request failed; when the coupon may have
                been redeemed, with the notes above.
        """
        body = {"coupon": check_text("coupon", coupon)}
        path = {"user_id": self._context.user_id(user_id)}
        self._call(
            "users.redeem_coupon",
            None,
            path=path,
            json=body,
            options=options,
            # The code redeems the card: never written out.
            note_if_unsure=(
                "bt.users.redeem_coupon: the coupon may have been redeemed (its request "
                "failed after it was sent, and beatkit never sends it twice); "
                "bt.users.redemptions() lists the user's redemptions: redeem again only "
                "if none is there for the coupon's product (a redeemed coupon is refused)"
            ),
        )

    def add_credential(
        self,
        type: CredentialType | int,
        credential: str,
        *,
        user_id: str | int | None = None,
        options: RequestOptions | None = None,
    ) -> None:
        """Bind a credential to a user (``POST /v2/users/{user_id}/credentials``).

        A credential that needs verification (an e-mail address, an msisdn) gets a
        token by e-mail or SMS: pass it to :meth:`verify_credential`.

        Args:
            type: A :class:`CredentialType` (5 to 10): 5 Stripe customer id,
                6 Bokbasen e-mail, 7 Bokbasen ddsid, 8 e-mail, 9 unverified msisdn,
                10 Paystack customer id.
            credential: The value (the address, the id...).
            user_id: The user; the logged-in user when omitted.
            options: Per-call timeout, retries or headers.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A type outside 5-10, or a blank credential.
            beatkit.errors.ConfigurationError: No logged-in user.
            beatkit.errors.ConflictError: Another user has this credential.
        """
        body = {"type": credential_type(type), "credential": check_text("credential", credential)}
        self._call(
            "users.add_credential",
            None,
            path={"user_id": self._context.user_id(user_id)},
            json=body,
            options=options,
        )

    def verify_credential(
        self,
        token: str,
        type: CredentialType | int,
        *,
        user_id: str | int | None = None,
        options: RequestOptions | None = None,
    ) -> None:
        """Complete a credential's verification with the token sent by e-mail or SMS
        (``POST /v2/users/{user_id}/credentials/verifications``). Any token may
        call it: the verification token is the proof.

        Args:
            token: The verification token (never logged).
            type: The credential's :class:`CredentialType`.
            user_id: The user; the logged-in user when omitted.
            options: Per-call timeout, retries or headers.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A type outside 5-10, or a blank token.
            beatkit.errors.ConfigurationError: No ``user_id`` and no logged-in user.
            beatkit.errors.BadRequestError: A wrong or used token.
        """
        # {"type", "token"}: the order of the page's worked example (L5783-5786).
        body = {"type": credential_type(type), "token": check_text("token", token)}
        self._call(
            "users.verify_credential",
            None,
            path={"user_id": self._context.user_id(user_id)},
            json=body,
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

        Bills the payment method attached with ``bt.billing``. Never replayed once it
        may have reached the server: when the subscription may have been activated (a
        timeout, a lost connection, a 5xx, a success answer that cannot be read), the
        error's notes say so and name the call that shows whether it was
        (``bt.subscriptions.list()``): check before migrating again.

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
            beatkit.errors.BeatkitError: The request failed; when the subscription may
                have been activated, with the notes above.
        """
        body = fields(
            product_id=text_id("product_id", product_id),
            renewable=optional_bool("renewable", renewable),
            confirmed=optional_bool("confirmed", confirmed),
            utm_campaign=optional_text("utm_campaign", utm_campaign),
            metadata=json_object("metadata", metadata),
        )
        user = self._context.user_id(user_id)
        named = "" if user_id is None else f"user_id={user!r}"
        self._call(
            "users.migrate",
            None,
            path={"user_id": user},
            json=body,
            options=options,
            note_if_unsure=(
                f"bt.users.migrate: a subscription to product {body['product_id']!r} may "
                "have been activated (its request failed after it was sent, and beatkit "
                f"never sends it twice); before migrating again, check with "
                f"bt.subscriptions.list({named}) whether it is running"
            ),
        )

    def charge(
        self,
        reason: ChargeReason,
        entity_type: ChargeEntityType,
        *,
        entity_id: str | int | None = None,
        payment_type: PaymentType | int | None = None,
        source: str | None = None,
        email: str | None = None,
        recipient_name: str | None = None,
        message: str | None = None,
        amount: int | None = None,
        unit: ChargeUnit | None = None,
        user_id: str | int | None = None,
        options: RequestOptions | None = None,
    ) -> ChargeRef:
        """Charge a user once (deprecated alias of ``bt.charges.create``;
        ``POST /v2/users/{user_id}/charges``). Never sent twice by beatkit.

        The body is that of ``POST /v2/charges``; the path's user wins over any
        other. ``reason="external_charge"`` needs a token with the
        ``external-charge`` scope. When the charge may have been made (a timeout, a
        lost connection, a 5xx, a success answer that cannot be read), the error's
        notes say so and name the call that shows whether it was, as
        ``bt.charges.create``'s do: check before charging again.

        Args:
            reason: One of :data:`~beatkit.beattech.charges.CHARGE_REASONS`
                (``"purchase"``, ``"coupon"``...).
            entity_type: One of :data:`~beatkit.beattech.charges.CHARGE_ENTITY_TYPES`
                (``"release"``, ``"coupon"``, ``"balance"``...).
            entity_id: What is charged for (a release id, a gift card's code...).
            payment_type: The payment provider (3 Stripe).
            source: A payment source some providers need (a Stripe token; never logged).
            email: The e-mail address, when charging someone without an account.
            recipient_name: The gift's recipient, for the e-mail.
            message: A personal message for the e-mail.
            amount: The amount, in ``unit``.
            unit: ``"XCR"`` (credits) or ``"EUR"``.
            user_id: The user charged; the logged-in user when omitted.
            options: Per-call timeout, retries or headers.

        Returns:
            The charge's id (read from ``{"id": ...}`` or ``{"charge": {...}}``, as
            ``bt.charges.create`` reads it).

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An unknown reason, entity type or unit, a negative amount or
                a blank value.
            beatkit.errors.ConfigurationError: No ``user_id`` and no logged-in user.
            beatkit.errors.PermissionDeniedError: ``external_charge`` without the scope.
            beatkit.errors.BeatkitError: The request failed; when the charge may have
                been made, with the notes above.
        """
        warnings.warn(
            "users.charge is deprecated by Beat Technology; use bt.charges.create",
            DeprecationWarning,
            stacklevel=2,
        )
        # The body of POST /v2/charges; the path names the user.
        body = charge_body(
            reason, entity_type, entity_id=entity_id, payment_type=payment_type, source=source,
            email=email, recipient_name=recipient_name, message=message, amount=amount,
            unit=unit, user_id_in_path=True,
        )  # fmt: skip
        user = self._context.user_id(user_id)
        notes: tuple[str, ...] = (charge_check_note("bt.users.charge", body, user_id=user),)
        mine = user == self._context.tokens.user_id
        if not mine and body["reason"] != EXTERNAL_CHARGE and "email" not in body:
            # bt.charges.list and bt.users.balances() answer for the token's user.
            notes += (
                f"bt.users.charge: the charge was for user {user!r}, not the "
                "logged-in user: check with that user's token",
            )
        return self._call(
            "users.charge",
            ChargeRef,
            path={"user_id": user},
            json=body,
            unwrap=charge_ref,
            secrets=gift_codes(body["entity_type"], body.get("entity_id")),
            options=options,
            note_if_unsure=notes,
        )

    def changes(
        self,
        base_change_id: int,
        *,
        user_id: str | int | None = None,
        include: str | Sequence[Include] | Iterator[Include] | None = None,
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
