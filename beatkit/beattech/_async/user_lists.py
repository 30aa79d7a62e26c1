"""A user's lists: favourites and followers, events, friends, coupons, balances and
bookshelves (read through ``bt.users``, which inherits them).

``user_id=None`` means the logged-in user throughout (``ConfigurationError`` before
anything is sent when nobody is logged in).
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator, Sequence
from typing import Literal, Unpack

from beatkit._core._async.pagers import AsyncPager
from beatkit._core.operation import RequestOptions
from beatkit._core.validate import check_choice
from beatkit.beattech._async.base import AsyncBeatTechResource
from beatkit.beattech.editing import SYNTHETIC_GROUPS
from beatkit.beattech.headers import (
    ImageSizes,
    Include,
    RangeArgs,
    every_window,
    include_header,
    ranged,
)
from beatkit.beattech.models import (
    Artist,
    Balance,
    Coupon,
    Event,
    Redemption,
    Release,
    ReleaseGroup,
    Track,
    User,
)
from beatkit.beattech.users import COUPON_TYPES, release_types

__all__ = ["AsyncUserLists"]


class AsyncUserLists(AsyncBeatTechResource):
    """The list operations of ``bt.users`` (see :class:`~beatkit.beattech._async.users.AsyncUsers`).

    ``user_id=None`` means the logged-in user.
    """

    def coupons(
        self,
        *,
        type: Literal["giftcard"] = "giftcard",
        user_id: str | int | None = None,
        image_sizes: ImageSizes | None = None,
        **pages: Unpack[RangeArgs],
    ) -> AsyncPager[Coupon]:
        """List the gift cards a user owns (``GET /v2/users/{user_id}/coupons``).

        Args:
            type: ``"giftcard"``, the only type there is.
            user_id: The user; the logged-in user when omitted.
            image_sizes: Offer image sizes (``{"coupon_offer": "w200"}``); without
                them the offers' images are empty.
            **pages: ``page_size``, ``start``, ``limit`` and ``options`` (see
                :class:`~beatkit.beattech.headers.RangeArgs`).

        Returns:
            A pager over the coupons.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: Another type, or a bad image size.
            beatkit.errors.ConfigurationError: No logged-in user.
        """
        params = {"type": check_choice("type", type, COUPON_TYPES)}
        return self._list(
            "users.coupons",
            Coupon,
            path={"user_id": self._context.user_id(user_id)},
            headers=self._context.image_headers(image_sizes),
            **ranged("users.coupons", "coupons", pages, params),
        )

    def redemptions(
        self, *, user_id: str | int | None = None, **pages: Unpack[RangeArgs]
    ) -> AsyncPager[Redemption]:
        """List the coupons the logged-in user redeemed, for an account history
        (``GET /v2/users/{user_id}/coupons/redemptions``, path inferred).

        Args:
            user_id: The logged-in user's id (another user's is refused); the
                logged-in user when omitted.
            **pages: ``page_size``, ``start``, ``limit`` and ``options`` (see
                :class:`~beatkit.beattech.headers.RangeArgs`).

        Returns:
            A pager over the redemptions.

        Raises:
            TypeError: An argument has the wrong type.
            beatkit.errors.ConfigurationError: No logged-in user.
        """
        return self._list(
            "users.redemptions",
            Redemption,
            path={"user_id": self._context.user_id(user_id)},
            **ranged("users.redemptions", "redemptions", pages),
        )

    def events(
        self,
        *,
        user_id: str | int | None = None,
        image_sizes: ImageSizes | None = None,
        **pages: Unpack[RangeArgs],
    ) -> AsyncPager[Event]:
        """List a user's events (``GET /v2/users/{user_id}/events``): for now the
        favourite changes of users and artists, in the order the API sends them (the
        page gives none; only the global feed is documented as newest first).

        Args:
            user_id: The user; the logged-in user when omitted.
            image_sizes: Artist, cover and actor image sizes, merged over the client's.
            **pages: ``page_size``, ``start``, ``limit`` and ``options`` (see
                :class:`~beatkit.beattech.headers.RangeArgs`); the unit is ``items``.

        Returns:
            A pager over the events.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A bad image size or page value.
            beatkit.errors.ConfigurationError: No logged-in user.
        """
        return self._list(
            "users.events",
            Event,
            path={"user_id": self._context.user_id(user_id)},
            headers=self._context.image_headers(image_sizes),
            **ranged("users.events", "events", pages),
        )

    async def registered_friends(
        self, *, user_id: str | int | None = None, options: RequestOptions | None = None
    ) -> list[User]:
        """The user's contacts that have an account
        (``GET /v2/users/{user_id}/friends/registered``). The page shows no answer:
        beatkit reads ``{"users": [...]}``.

        Args:
            user_id: The user; the logged-in user when omitted.
            options: Per-call timeout, retries or headers.

        Returns:
            The users, in the server's order, from every window of the list when the
            server pages it (as the page's rule for every list has it, L70-76).

        Raises:
            TypeError: An argument has the wrong type.
            beatkit.errors.ConfigurationError: No logged-in user.
        """
        friends = self._list(
            "users.registered_friends",
            User,
            path={"user_id": self._context.user_id(user_id)},
            **every_window("users", options),
        )
        return [friend async for friend in friends]

    def favouritees(
        self, *, user_id: str | int | None = None, **pages: Unpack[RangeArgs]
    ) -> AsyncPager[User]:
        """List the users who follow a user (``GET /v2/users/{user_id}/favouritees``,
        path inferred).

        Args:
            user_id: The followed user; the logged-in user when omitted.
            **pages: ``page_size``, ``start``, ``limit`` and ``options`` (see
                :class:`~beatkit.beattech.headers.RangeArgs`).

        Returns:
            A pager over the followers.

        Raises:
            TypeError: An argument has the wrong type.
            beatkit.errors.ConfigurationError: No logged-in user.
        """
        return self._list(
            "users.favouritees",
            User,
            path={"user_id": self._context.user_id(user_id)},
            **ranged("users.favouritees", "users", pages),
        )

    def favourite_artists(
        self,
        *,
        user_id: str | int | None = None,
        image_sizes: ImageSizes | None = None,
        **pages: Unpack[RangeArgs],
    ) -> AsyncPager[Artist]:
        """List the artists a user follows (``GET /v2/users/{user_id}/favourites/artists``).

        Args:
            user_id: The user; the logged-in user when omitted.
            image_sizes: Artist image sizes, merged over the client's.
            **pages: ``page_size``, ``start``, ``limit`` and ``options`` (see
                :class:`~beatkit.beattech.headers.RangeArgs`).

        Returns:
            A pager over the artists.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A bad image size.
            beatkit.errors.ConfigurationError: No logged-in user.
        """
        return self._list(
            "users.favourite_artists",
            Artist,
            path={"user_id": self._context.user_id(user_id)},
            headers=self._context.image_headers(image_sizes),
            **ranged("users.favourite_artists", "artists", pages),
        )

    def favourite_releases(
        self,
        *,
        types: str | Iterable[str] | None = None,
        user_id: str | int | None = None,
        include: str | Sequence[Include] | Iterator[Include] | None = None,
        image_sizes: ImageSizes | None = None,
        **pages: Unpack[RangeArgs],
    ) -> AsyncPager[Release]:
        """List a user's favourite releases
        (``GET /v2/users/{user_id}/favourites/releases``).

        Args:
            types: Release types (``album``, ``single``...); ``audio`` stands for
                ``album,single`` and ``video`` for ``video-album,video-single``;
                all when omitted (an empty list is refused, not sent as "all").
            user_id: The user; the logged-in user when omitted.
            include: Sub-objects to add (``X-Include``: ``release-tracks``...).
            image_sizes: Cover and actor image sizes, merged over the client's.
            **pages: ``page_size``, ``start``, ``limit`` and ``options`` (see
                :class:`~beatkit.beattech.headers.RangeArgs`).

        Returns:
            A pager over the releases.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An empty ``types`` or a malformed type, an unknown include or
                a bad image size.
            beatkit.errors.ConfigurationError: No logged-in user.
        """
        params = {"types": release_types(types)}
        return self._list(
            "users.favourite_releases",
            Release,
            path={"user_id": self._context.user_id(user_id)},
            headers={**self._context.image_headers(image_sizes), **include_header(include)},
            **ranged("users.favourite_releases", "releases", pages, params),
        )

    def favourite_tracks(
        self,
        *,
        user_id: str | int | None = None,
        image_sizes: ImageSizes | None = None,
        **pages: Unpack[RangeArgs],
    ) -> AsyncPager[Track]:
        """List a user's favourite tracks (``GET /v2/users/{user_id}/favourites/tracks``).

        Args:
            user_id: The user; the logged-in user when omitted.
            image_sizes: Actor (and cover) image sizes, merged over the client's.
            **pages: ``page_size``, ``start``, ``limit`` and ``options`` (see
                :class:`~beatkit.beattech.headers.RangeArgs`).

        Returns:
            A pager over the tracks.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A bad image size.
            beatkit.errors.ConfigurationError: No logged-in user.
        """
        return self._list(
            "users.favourite_tracks",
            Track,
            path={"user_id": self._context.user_id(user_id)},
            headers=self._context.image_headers(image_sizes),
            **ranged("users.favourite_tracks", "tracks", pages),
        )

    def favourite_users(
        self, *, user_id: str | int | None = None, **pages: Unpack[RangeArgs]
    ) -> AsyncPager[User]:
        """List the users a user follows (``GET /v2/users/{user_id}/favourites/users``,
        path inferred).

        Args:
            user_id: The user; the logged-in user when omitted.
            **pages: ``page_size``, ``start``, ``limit`` and ``options`` (see
                :class:`~beatkit.beattech.headers.RangeArgs`).

        Returns:
            A pager over the followed users.

        Raises:
            TypeError: An argument has the wrong type.
            beatkit.errors.ConfigurationError: No logged-in user.
        """
        return self._list(
            "users.favourite_users",
            User,
            path={"user_id": self._context.user_id(user_id)},
            **ranged("users.favourite_users", "users", pages),
        )

    def favourites(
        self,
        *,
        user_id: str | int | None = None,
        include: str | Sequence[Include] | Iterator[Include] | None = None,
        image_sizes: ImageSizes | None = None,
        **pages: Unpack[RangeArgs],
    ) -> AsyncPager[Release]:
        """List a user's favourite releases through the deprecated alias
        (``GET /v2/users/{user_id}/favourites``, path inferred). Use
        :meth:`favourite_releases`.

        Args:
            user_id: The user; the logged-in user when omitted.
            include: Sub-objects to add (``X-Include``).
            image_sizes: Cover and actor image sizes, merged over the client's.
            **pages: ``page_size``, ``start``, ``limit`` and ``options`` (see
                :class:`~beatkit.beattech.headers.RangeArgs`).

        Returns:
            A pager over the releases.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An unknown include or a bad image size.
            beatkit.errors.ConfigurationError: No logged-in user.
        """
        warnings.warn(
            "users.favourites is deprecated by Beat Technology; use users.favourite_releases",
            DeprecationWarning,
            stacklevel=2,
        )
        return self._list(
            "users.favourites",
            Release,
            path={"user_id": self._context.user_id(user_id)},
            headers={**self._context.image_headers(image_sizes), **include_header(include)},
            **ranged("users.favourites", "releases", pages),
        )

    def balances(
        self, *, user_id: str | int | None = None, **pages: Unpack[RangeArgs]
    ) -> AsyncPager[Balance]:
        """List a user's balances by currency (``GET /v2/users/{user_id}/balances``,
        path inferred): ``XCR`` credits, ``XCS`` seconds, or money. A currency left
        out is a zero balance.

        Args:
            user_id: The user; the logged-in user when omitted.
            **pages: ``page_size``, ``start``, ``limit`` and ``options`` (see
                :class:`~beatkit.beattech.headers.RangeArgs`).

        Returns:
            A pager over the balances.

        Raises:
            TypeError: An argument has the wrong type.
            beatkit.errors.ConfigurationError: No logged-in user.
        """
        return self._list(
            "users.balances",
            Balance,
            path={"user_id": self._context.user_id(user_id)},
            **ranged("users.balances", "balances", pages),
        )

    def release_groups(
        self,
        *,
        user_id: str | int | None = None,
        include: str | Sequence[Include] | Iterator[Include] | None = None,
        image_sizes: ImageSizes | None = None,
        **pages: Unpack[RangeArgs],
    ) -> AsyncPager[ReleaseGroup]:
        """List a user's own release groups, their bookshelves
        (``GET /v2/users/{user_id}/releases/groups``, path inferred).

        Args:
            user_id: The user; the logged-in user when omitted.
            include: ``"group-releases"`` for release objects instead of ids
                (``X-Include``).
            image_sizes: Group, cover and actor image sizes, merged over the client's.
            **pages: ``page_size``, ``start``, ``limit`` and ``options`` (see
                :class:`~beatkit.beattech.headers.RangeArgs`).

        Returns:
            A pager over the groups.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An unknown include or a bad image size.
            beatkit.errors.ConfigurationError: No logged-in user.
        """
        return self._list(
            "users.release_groups",
            ReleaseGroup,
            path={"user_id": self._context.user_id(user_id)},
            headers={**self._context.image_headers(image_sizes), **include_header(include)},
            **ranged("users.release_groups", "groups", pages),
        )

    async def synthetic_group(
        self,
        name: Literal["purchased", "borrowed", "finished", "played", "wishlist"],
        *,
        user_id: str | int | None = None,
        include: str | Sequence[Include] | Iterator[Include] | None = None,
        image_sizes: ImageSizes | None = None,
        options: RequestOptions | None = None,
    ) -> ReleaseGroup:
        """One of a user's auto-curated bookshelves
        (``GET /v2/users/{user_id}/releases/groups/{synthetic}``, path inferred).

        Args:
            name: ``"purchased"``, ``"borrowed"``, ``"finished"``, ``"played"`` or
                ``"wishlist"``.
            user_id: The user (yourself, or anyone for a user-admin client); the
                logged-in user when omitted.
            include: ``"group-releases"`` for release objects instead of ids.
            image_sizes: Group, cover and actor image sizes, merged over the client's.
            options: Per-call timeout, retries or headers.

        Returns:
            The group (its ``id`` is the name).

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: Another name, an unknown include or a bad image size.
            beatkit.errors.ConfigurationError: No ``user_id`` and no logged-in user.
        """
        path = {
            "user_id": self._context.user_id(user_id),
            "synthetic": check_choice("name", name, SYNTHETIC_GROUPS),
        }
        return await self._call(
            "users.synthetic_group",
            ReleaseGroup,
            path=path,
            headers={**self._context.image_headers(image_sizes), **include_header(include)},
            unwrap="group",
            options=options,
        )
