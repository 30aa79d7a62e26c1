# GENERATED from beatkit/beatpass/_async/playlists.py by scripts/unasync.py: edit the async source.
"""``client.playlists``: playlists, their tracks, following and collaboration."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Literal, Unpack

from beatkit._core._sync.pagers import Pager
from beatkit._core._sync.resource import Resource
from beatkit._core.operation import RequestOptions
from beatkit._core.params import (
    check_id,
    check_ids,
    fields,
    joined_ids,
    optional_bool,
    optional_text,
)
from beatkit._core.validate import check_text
from beatkit.beatpass.models import ActionResult, Playlist, PlaylistInvitation, Track
from beatkit.beatpass.wire import (
    PLAYLIST_CLEARABLE,
    PageArgs,
    acknowledgement,
    cleared,
    invitation,
    one,
    paged,
    playlist_description,
)

__all__ = ["Playlists"]

_PLAYLIST = one("playlist")


class Playlists(Resource):
    """``client.playlists``: playlists, their tracks, following and collaboration."""

    def list(self, **pages: Unpack[PageArgs]) -> Pager[Playlist]:
        """List playlists.

        Args:
            **pages: ``page``, ``per_page``, ``limit`` and ``options`` (see :class:`PageArgs`).

        Returns:
            A pager over the playlists, fetched as you iterate it.

        Raises:
            ValueError: ``page`` or ``per_page`` below 1.
        """
        return self._list("playlists.list", Playlist, **paged("playlists", pages))

    def get(self, playlist_id: int, *, options: RequestOptions | None = None) -> Playlist:
        """Fetch one playlist (with its first page of tracks when the API embeds it).

        Args:
            playlist_id: The playlist.
            options: Per-call timeout, retries or headers.

        Returns:
            The playlist.

        Raises:
            beatkit.errors.NotFoundError: No such playlist.
        """
        path = {"id": check_id("playlist_id", playlist_id)}
        return self._call(
            "playlists.get", Playlist, path=path, unwrap=_PLAYLIST, options=options
        )

    def create(
        self,
        name: str,
        *,
        description: str | None = None,
        image: str | None = None,
        public: bool | None = None,
        collaborative: bool | None = None,
        options: RequestOptions | None = None,
    ) -> Playlist:
        """Create a playlist for the current user.

        Args:
            name: The name.
            description: 20 to 170 characters (checked before sending).
            image: An image URL.
            public: Whether everyone can see it.
            collaborative: Whether invited editors can change it.
            options: Per-call timeout, retries or headers.

        Returns:
            The new playlist.

        Raises:
            ValueError: A blank ``name`` or a description of the wrong length.
            beatkit.errors.ConfigurationError: The client has no token.
        """
        body = fields(
            name=check_text("name", name),
            description=playlist_description(description),
            image=optional_text("image", image),
            public=optional_bool("public", public),
            collaborative=optional_bool("collaborative", collaborative),
        )
        return self._call(
            "playlists.create", Playlist, json=body, unwrap=_PLAYLIST, options=options
        )

    def update(
        self,
        playlist_id: int,
        *,
        name: str | None = None,
        description: str | None = None,
        image: str | None = None,
        public: bool | None = None,
        collaborative: bool | None = None,
        clear: Literal["description", "image"] | Sequence[Literal["description", "image"]] = (),
        options: RequestOptions | None = None,
    ) -> Playlist:
        """Change a playlist (only the fields given are sent).

        Args:
            playlist_id: The playlist.
            name: New name.
            description: New description, 20 to 170 characters.
            image: New image URL.
            public: Whether everyone can see it.
            collaborative: Whether invited editors can change it.
            clear: Fields to remove, sent as ``null``: ``description``, ``image``
                (a name or a list of them).
            options: Per-call timeout, retries or headers.

        Returns:
            The playlist as changed.

        Raises:
            TypeError: ``clear`` is not a str or a sequence of str.
            ValueError: No field given, a field ``clear`` cannot remove, or one both
                given and cleared.
            beatkit.errors.PermissionDeniedError: Not your playlist.
        """
        body = fields(
            name=optional_text("name", name),
            description=playlist_description(description),
            image=optional_text("image", image),
            public=optional_bool("public", public),
            collaborative=optional_bool("collaborative", collaborative),
        )
        body.update(cleared(clear, PLAYLIST_CLEARABLE, body))
        if not body:
            raise ValueError("playlists.update: give at least one field to change")
        path = {"playlist": check_id("playlist_id", playlist_id)}
        return self._call(
            "playlists.update", Playlist, path=path, json=body, unwrap=_PLAYLIST, options=options
        )

    def delete(
        self,
        playlist_ids: int | Sequence[int] | Iterator[int],
        *,
        options: RequestOptions | None = None,
    ) -> None:
        """Delete one playlist or several (one request).

        Args:
            playlist_ids: A playlist id or a sequence of them.
            options: Per-call timeout, retries or headers.

        Returns:
            Nothing.

        Raises:
            beatkit.errors.PermissionDeniedError: A playlist is not yours.
        """
        path = {"ids": joined_ids("playlist_ids", playlist_ids)}
        self._call("playlists.delete", None, path=path, options=options)

    def follow(
        self, playlist_id: int, *, options: RequestOptions | None = None
    ) -> ActionResult:
        """Follow a playlist.

        Args:
            playlist_id: The playlist.
            options: Per-call timeout, retries or headers.

        Returns:
            The API's acknowledgement (empty when it answers 204).

        Raises:
            beatkit.errors.NotFoundError: No such playlist.
        """
        path = {"id": check_id("playlist_id", playlist_id)}
        return self._call(
            "playlists.follow",
            ActionResult,
            path=path,
            unwrap=acknowledgement,
            if_empty={},
            options=options,
        )

    def unfollow(
        self, playlist_id: int, *, options: RequestOptions | None = None
    ) -> ActionResult:
        """Stop following a playlist.

        Args:
            playlist_id: The playlist.
            options: Per-call timeout, retries or headers.

        Returns:
            The API's acknowledgement (empty when it answers 204).

        Raises:
            beatkit.errors.NotFoundError: No such playlist.
        """
        path = {"id": check_id("playlist_id", playlist_id)}
        return self._call(
            "playlists.unfollow",
            ActionResult,
            path=path,
            unwrap=acknowledgement,
            if_empty={},
            options=options,
        )

    def tracks(self, playlist_id: int, **pages: Unpack[PageArgs]) -> Pager[Track]:
        """A playlist's tracks, paged, in playlist order.

        Args:
            playlist_id: The playlist.
            **pages: ``page``, ``per_page``, ``limit`` and ``options`` (see :class:`PageArgs`).

        Returns:
            A pager over the tracks.

        Raises:
            ValueError: An id, ``page`` or ``per_page`` below 1.
        """
        path = {"id": check_id("playlist_id", playlist_id)}
        return self._list(
            "playlists.tracks", Track, path=path, **paged("tracks", pages, size="perPage")
        )

    def add_tracks(
        self,
        playlist_id: int,
        track_ids: int | Sequence[int] | Iterator[int],
        *,
        options: RequestOptions | None = None,
    ) -> Playlist:
        """Add tracks to a playlist.

        Args:
            playlist_id: The playlist.
            track_ids: The tracks to add.
            options: Per-call timeout, retries or headers.

        Returns:
            The playlist as changed.

        Raises:
            beatkit.errors.PermissionDeniedError: Neither your playlist nor one you edit.
        """
        return self._track_ids("playlists.add_tracks", playlist_id, track_ids, options)

    def remove_tracks(
        self,
        playlist_id: int,
        track_ids: int | Sequence[int] | Iterator[int],
        *,
        options: RequestOptions | None = None,
    ) -> Playlist:
        """Remove tracks from a playlist.

        Args:
            playlist_id: The playlist.
            track_ids: The tracks to remove.
            options: Per-call timeout, retries or headers.

        Returns:
            The playlist as changed.

        Raises:
            beatkit.errors.PermissionDeniedError: Neither your playlist nor one you edit.
        """
        return self._track_ids("playlists.remove_tracks", playlist_id, track_ids, options)

    def reorder_tracks(
        self,
        playlist_id: int,
        track_ids: int | Sequence[int] | Iterator[int],
        *,
        options: RequestOptions | None = None,
    ) -> Playlist:
        """Put these tracks first in a playlist, in this order.

        Args:
            playlist_id: The playlist.
            track_ids: The tracks, first to last.
            options: Per-call timeout, retries or headers.

        Returns:
            The playlist as changed.

        Raises:
            beatkit.errors.PermissionDeniedError: Neither your playlist nor one you edit.
        """
        return self._track_ids("playlists.reorder_tracks", playlist_id, track_ids, options)

    def _track_ids(
        self,
        key: str,
        playlist_id: int,
        track_ids: int | Sequence[int] | Iterator[int],
        options: RequestOptions | None,
    ) -> Playlist:
        """Send ``track_ids`` to the playlist's track list endpoint ``key`` (add, remove, order)."""
        path = {"playlist": check_id("playlist_id", playlist_id)}
        body = {"ids": check_ids("track_ids", track_ids)}
        return self._call(
            key, Playlist, path=path, json=body, unwrap=_PLAYLIST, options=options
        )

    def invite(
        self, playlist_id: int, user_id: int, *, options: RequestOptions | None = None
    ) -> PlaylistInvitation:
        """Invite a user to edit a collaborative playlist.

        Up to 10 editors; an invitation expires after 7 days, and the same user can
        be invited again only after 24 hours (the API answers 422 or 403 otherwise).

        Args:
            playlist_id: The playlist.
            user_id: The user to invite.
            options: Per-call timeout, retries or headers.

        Returns:
            The invitation (empty when the API answers 204).

        Raises:
            beatkit.errors.UnprocessableEntityError: Invited too soon, or 10 editors already.
        """
        return self._call(
            "playlists.invite",
            PlaylistInvitation,
            path={"playlist": check_id("playlist_id", playlist_id)},
            json={"user_id": check_id("user_id", user_id)},
            unwrap=invitation,
            if_empty={},
            options=options,
        )

    def accept_invite(
        self, playlist_id: int, *, options: RequestOptions | None = None
    ) -> Playlist:
        """Accept an invitation to edit a playlist (as the invited user).

        Args:
            playlist_id: The playlist.
            options: Per-call timeout, retries or headers.

        Returns:
            The playlist you now edit.

        Raises:
            beatkit.errors.NotFoundError: No invitation, or it expired.
        """
        path = {"playlist": check_id("playlist_id", playlist_id)}
        return self._call(
            "playlists.accept_invite", Playlist, path=path, unwrap=_PLAYLIST, options=options
        )

    def decline_invite(
        self, playlist_id: int, *, options: RequestOptions | None = None
    ) -> ActionResult:
        """Decline an invitation to edit a playlist.

        Args:
            playlist_id: The playlist.
            options: Per-call timeout, retries or headers.

        Returns:
            The API's acknowledgement (empty when it answers 204).

        Raises:
            beatkit.errors.NotFoundError: No invitation.
        """
        path = {"playlist": check_id("playlist_id", playlist_id)}
        return self._call(
            "playlists.decline_invite",
            ActionResult,
            path=path,
            unwrap=acknowledgement,
            if_empty={},
            options=options,
        )

    def remove_editor(
        self, playlist_id: int, user_id: int, *, options: RequestOptions | None = None
    ) -> ActionResult:
        """Remove an editor from a collaborative playlist.

        Args:
            playlist_id: The playlist.
            user_id: The editor.
            options: Per-call timeout, retries or headers.

        Returns:
            The API's acknowledgement (empty when it answers 204).

        Raises:
            beatkit.errors.PermissionDeniedError: Not your playlist.
        """
        return self._call(
            "playlists.remove_editor",
            ActionResult,
            path={"playlist": check_id("playlist_id", playlist_id)},
            json={"user_id": check_id("user_id", user_id)},
            unwrap=acknowledgement,
            if_empty={},
            options=options,
        )
