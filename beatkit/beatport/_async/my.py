"""The logged-in user: account, My Beatport, its tracks and the subscriptions."""

from __future__ import annotations

from typing import Unpack

from beatkit._core._async.pagers import AsyncPager
from beatkit._core.operation import RequestOptions
from beatkit.beatport._async.base import AsyncBeatportResource
from beatkit.beatport.models import Account, MyBeatport, Subscription, Track
from beatkit.beatport.wire import PageArgs, paged, subscription_list

__all__ = ["AsyncMy"]


class AsyncMy(AsyncBeatportResource):
    """``client.my``: the logged-in user's account, My Beatport and subscriptions."""

    async def account(self, *, options: RequestOptions | None = None) -> Account:
        """The user's account (``/my/account/``).

        Args:
            options: Per-call timeout, retries or headers.

        Returns:
            The account.

        Raises:
            beatkit.errors.ConfigurationError: The client holds no token (log in first),
                or uses the internal host, which has no auth; nothing is sent.
            beatkit.errors.AuthenticationError: Beatport refused the token (and its
                refresh, if it has a refresh token).
        """
        return await self._call("my.account", Account, options=options)

    async def beatport(self, *, options: RequestOptions | None = None) -> MyBeatport:
        """The user's My Beatport profile: followed artists and labels (``/my/beatport/``).

        Args:
            options: Per-call timeout, retries or headers.

        Returns:
            The profile.

        Raises:
            beatkit.errors.ConfigurationError: The client holds no token (log in first),
                or uses the internal host, which has no auth; nothing is sent.
            beatkit.errors.AuthenticationError: Beatport refused the token (and its
                refresh, if it has a refresh token).
        """
        return await self._call("my.beatport", MyBeatport, options=options)

    def tracks(self, **pages: Unpack[PageArgs]) -> AsyncPager[Track]:
        """My Beatport tracks (``/my/beatport/tracks/``): new music from what the user follows.

        Args:
            **pages: ``page``, ``per_page``, ``limit`` and ``options`` (see :class:`PageArgs`).

        Returns:
            A pager of tracks.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: An argument is out of range.
            beatkit.errors.ConfigurationError: The client holds no token (log in first)
                or uses the internal host, which has no auth, when the pager asks for
                its first page; nothing is sent.
            beatkit.errors.AuthenticationError: Beatport refused the token (and its
                refresh, if it has a refresh token).
        """
        return self._list("my.beatport_tracks", Track, **paged(pages))

    async def subscriptions(self, *, options: RequestOptions | None = None) -> list[Subscription]:
        """The user's subscriptions (``/my/subscriptions``): what streaming tier they have.

        Beatport answers a list, a page or one object; each is read as a list.

        Args:
            options: Per-call timeout, retries or headers.

        Returns:
            The subscriptions (empty when there are none).

        Raises:
            beatkit.errors.ConfigurationError: The client holds no token (log in first),
                or uses the internal host, which has no auth; nothing is sent.
            beatkit.errors.AuthenticationError: Beatport refused the token (and its
                refresh, if it has a refresh token).
            beatkit.errors.ResponseDecodeError: The answer is an empty object, or a page
                with more after it (read alone, it would lose the rest).
        """
        return await self._call(
            "my.subscriptions", list[Subscription], unwrap=subscription_list, options=options
        )
