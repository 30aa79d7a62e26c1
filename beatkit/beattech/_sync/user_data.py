# GENERATED from beatkit/beattech/_async/user_data.py by scripts/unasync.py: edit the async source.
"""A user's data kept for the client: the metadata bag and the tracking identifier
(read through ``bt.users``, which inherits them).

``user_id=None`` means the logged-in user throughout (``ConfigurationError`` before
anything is sent when nobody is logged in).
"""

from __future__ import annotations

from collections.abc import Mapping

from beatkit._core.operation import RequestOptions
from beatkit.beattech._sync.user_lists import UserLists
from beatkit.beattech.models import Tracking
from beatkit.beattech.users import metadata, metadata_key
from beatkit.beattech.wire import metadata_bag

__all__ = ["UserData"]


class UserData(UserLists):
    """The metadata bag and tracking identifier of ``bt.users``, which inherits them."""

    def metadata(
        self, *, user_id: str | int | None = None, options: RequestOptions | None = None
    ) -> dict[str, str]:
        """A user's metadata bag, free-form text entries kept for the client
        (``GET /v2/users/{user_id}/metadata``, path inferred).

        Only the user themselves or a user-admin client (``bt.app``) may read it.

        Args:
            user_id: The user; the logged-in user when omitted.
            options: Per-call timeout, retries or headers.

        Returns:
            The entries (``{"device_id": "abc-123"}``), from the bare map the page
            shows or from ``{"metadata": {...}}``, the namespaced form its rule for
            every answer asks for.

        Raises:
            TypeError: An argument has the wrong type.
            beatkit.errors.ConfigurationError: No ``user_id`` and no logged-in user.
            beatkit.errors.PermissionDeniedError: Another user's bag.
        """
        return self._call(
            "users.metadata",
            dict[str, str],
            path={"user_id": self._context.user_id(user_id)},
            unwrap=metadata_bag,
            options=options,
        )

    def update_metadata(
        self,
        values: Mapping[str, str],
        *,
        user_id: str | int | None = None,
        options: RequestOptions | None = None,
    ) -> None:
        """Merge entries into a user's metadata bag
        (``PATCH /v2/users/{user_id}/metadata``, path inferred). User-admin clients
        only: sent with the app token.

        An entry's value replaces the stored one; others stay. Keys have at most 40
        characters, values at most 500 (checked before sending); the bag holds at
        most 50 entries after the merge, which only the server can check.

        Args:
            values: The entries (``{"device_id": "abc-123", "app_variant": "premium"}``).
            user_id: The user; the logged-in user when omitted.
            options: Per-call timeout, retries or headers.

        Raises:
            TypeError: Not a mapping of text to text.
            ValueError: No entry, more than 50, a key over 40 characters or a value
                over 500.
            beatkit.errors.ConfigurationError: No ``user_id`` and no logged-in user.
            beatkit.errors.BadRequestError: Not a user-admin client (the page's 400
                "Insufficient permissions").
            beatkit.errors.PermissionDeniedError: Not a user-admin client, refused by
                a server's access check (403).
            beatkit.errors.ConflictError: The bag would hold more than 50 entries.
        """
        self._call(
            "users.update_metadata",
            None,
            path={"user_id": self._context.user_id(user_id)},
            json=metadata(values),
            options=options,
        )

    def delete_metadata(
        self,
        key: str,
        *,
        user_id: str | int | None = None,
        options: RequestOptions | None = None,
    ) -> None:
        """Remove one entry of a user's metadata bag
        (``DELETE /v2/users/{user_id}/metadata/{key}``, path inferred). User-admin
        clients only: sent with the app token.

        Args:
            key: The entry's key (at most 40 characters).
            user_id: The user; the logged-in user when omitted.
            options: Per-call timeout, retries or headers.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A blank key or one over 40 characters.
            beatkit.errors.ConfigurationError: No ``user_id`` and no logged-in user.
            beatkit.errors.BadRequestError: Not a user-admin client (the page's 400
                "Insufficient permissions").
            beatkit.errors.PermissionDeniedError: Not a user-admin client, refused by
                a server's access check (403).
        """
        path = {"user_id": self._context.user_id(user_id), "key": metadata_key(key)}
        self._call("users.delete_metadata", None, path=path, options=options)

    def tracking(
        self, *, user_id: str | int | None = None, options: RequestOptions | None = None
    ) -> Tracking:
        """A user's tracking identifier, for analytics or advertising
        (``GET /v2/users/{user_id}/tracking``, path inferred).

        Args:
            user_id: The user; the logged-in user when omitted.
            options: Per-call timeout, retries or headers.

        Returns:
            The identifier.

        Raises:
            TypeError: An argument has the wrong type.
            beatkit.errors.ConfigurationError: No logged-in user.
        """
        return self._call(
            "users.tracking",
            Tracking,
            path={"user_id": self._context.user_id(user_id)},
            unwrap="tracking",
            options=options,
        )
