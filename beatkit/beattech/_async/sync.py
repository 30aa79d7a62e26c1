"""``bt.sync``: offline personal data through the Changes API."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import aclosing

from beatkit._core.operation import RequestOptions
from beatkit._core.validate import check_callback, check_callback_result, check_int
from beatkit.beattech._async.base import AsyncBeatTechResource
from beatkit.beattech._async.users import AsyncUsers
from beatkit.beattech.auth import SERVICE
from beatkit.beattech.headers import ImageSizes, Include, include_header
from beatkit.beattech.models import BatchResponse, Change, ChangeFeed, PushResult, SyncResult
from beatkit.beattech.report_queue import _token_request_failed
from beatkit.beattech.sync import (
    PULL_PAGE_SIZE,
    PendingChange,
    PushedCallback,
    batch_requests,
    change_feed,
    chunked,
    may_be_applied,
    pending_changes,
)
from beatkit.beattech.sync import parse_change_id as _change_id
from beatkit.beattech.wire import MAX_BATCH, batch_body, batch_responses, batch_secrets
from beatkit.errors import APIError, BeatkitError, ConfigurationError, ResponseDecodeError

__all__ = ["AsyncSync"]


class AsyncSync(AsyncBeatTechResource):
    """``bt.sync``: ``latest_change_id`` (``HEAD /v2/users/{id}/changes``), ``pull`` the
    changes after a base, ``push`` pending offline edits in batches of 20, and ``run``
    (push with the base the edits were made against, then pull from that base).

    Always the logged-in user's own data, with the user token (``bt.app.sync`` refuses
    every call before sending: the Changes API rejects the app token). The app keeps its
    local copy and its base; beatkit says what to upsert and delete::

        base = stored_base or None
        result = bt.sync.run(pending, base_change_id=base)
        for change in result.pulled:      # POST/PATCH: upsert change.entity
            ...                           # DELETE: remove change.entity_id
        stored_base = result.base_change_id

    The order matters. The page says to move the base to the push's ``X-Change``
    ids, but a change another device made in between has a lower id and would
    never be pulled; and pulling before pushing hands the server a base at which
    an older offline edit overwrites a newer one. ``run`` pushes with the old base,
    pulls from it (the other devices' changes and the echoes of the pushed ones),
    and only then takes the highest id pulled as the new base.
    """

    def _user_token_only(self, call: str) -> None:
        """Refuse ``bt.app.sync``, before anything is sent.

        The Changes API rejects "visitor tokens or tokens belonging to a different user"
        (L5802), and ``bt.app`` signs every call with the app token. A push would not
        even fail as a call: the batch takes any token and each edit comes back
        refused (403) as an entry, which an app may take as answered and drop.

        Raises:
            ConfigurationError: This is ``bt.app``'s ``sync``.
        """
        if self._transport.settings.route == self._context.tokens.app_route:
            raise ConfigurationError(
                f"bt.app.sync.{call}: the Changes API takes the logged-in user's own token "
                f"only, never the app token: call bt.sync.{call}"
            )

    async def latest_change_id(
        self, *, user_id: str | int | None = None, options: RequestOptions | None = None
    ) -> int:
        """The user's latest change id (``HEAD /v2/users/{user_id}/changes``, ``X-Change``).

        The base of a first sync: the app's local data is then taken as up to date
        with the server's current objects, skipping the history.

        Args:
            user_id: The user; the logged-in user when omitted.
            options: Per-call timeout, retries or headers.

        Returns:
            The change id (0 when the user has none).

        Raises:
            TypeError: An argument has the wrong type.
            beatkit.errors.ConfigurationError: No logged-in user, or called on ``bt.app``
                (the app token is refused).
            beatkit.errors.PermissionDeniedError: Not the user's own token.
            beatkit.errors.ResponseDecodeError: The answer has no usable ``X-Change``.
        """
        self._user_token_only("latest_change_id")
        response, _ = await self._exchange(
            "users.latest_change",
            path={"user_id": self._context.user_id(user_id)},
            options=options,
        )
        change_id = _change_id(response.headers.get("X-Change"))
        if change_id is None:
            raise ResponseDecodeError(
                "the latest change answer has no X-Change change id",
                service=SERVICE,
                status_code=response.status_code,
                body=response.headers.get("X-Change"),
            )
        return change_id

    async def pull(
        self,
        base_change_id: int,
        *,
        user_id: str | int | None = None,
        include: str | Sequence[Include] | Iterator[Include] | None = None,
        image_sizes: ImageSizes | None = None,
        page_size: int = PULL_PAGE_SIZE,
        options: RequestOptions | None = None,
    ) -> ChangeFeed:
        """The user's changes after ``base_change_id``
        (``GET /v2/users/{user_id}/changes?base_change_id=``, ``Range: changes=...``).

        Pages until ``Content-Range`` says the feed is done or a page brings no change
        not seen before. Changes at or below the base are dropped, whichever way the
        server counts its base; the rest come once each, in id order.

        Args:
            base_change_id: The app's base: the last change id it has.
            user_id: The user; the logged-in user when omitted.
            include: Sub-objects of the changed objects (``"group-releases"``...).
            image_sizes: Image sizes of the changed objects, merged over the client's.
            page_size: Changes per request (100, as the page's example).
            options: Per-call timeout, retries or headers.

        Returns:
            The changes and the new base; the highest id seen, or the old base.

        Raises:
            TypeError: An argument has the wrong type.
            ValueError: A negative base or a page size below 1.
            beatkit.errors.ConfigurationError: No logged-in user, or called on ``bt.app``
                (the app token is refused).
            beatkit.errors.PermissionDeniedError: Not the user's own token.
        """
        self._user_token_only("pull")
        base = check_int("base_change_id", base_change_id, minimum=0)
        # The feed is users.changes, written once there; this walks it.
        pager = AsyncUsers(self._transport, self._context).changes(
            base,
            user_id=user_id,
            include=include,
            image_sizes=image_sizes,
            page_size=check_int("page_size", page_size, minimum=1),
            options=options,
        )
        seen: dict[int, Change] = {}
        async with aclosing(pager.pages()) as pages:
            async for page in pages:
                fresh = [change for change in page.items if change.id not in seen]
                # L5889: "continue paginating until the response stops returning new
                # entries", besides the Content-Range rule the pager follows.
                if not fresh:
                    break
                seen.update((change.id, change) for change in fresh)
        return change_feed(seen.values(), base)

    async def push(
        self,
        pending: Iterable[PendingChange],
        *,
        base_change_id: int,
        on_pushed: PushedCallback | None = None,
        options: RequestOptions | None = None,
    ) -> PushResult:
        """Send offline edits (``POST /v2/batch``, at most 20 per batch, in order).

        Every subrequest carries ``X-Base-Change: <base_change_id>`` and the edit's own
        ``X-Change-Timestamp``, so the server can let the latest change win. A batch
        is never sent twice (after a failure it is unknown what ran).

        Args:
            pending: The edits, oldest first (any iterable of them but a mapping).
            base_change_id: The base the edits were made against (the base of the
                last sync, not a newer one: see the class notes).
            on_pushed: Called as soon as a batch is answered, with its pending changes
                (the objects given, in order) and their answers: drop the answered
                ones from the app's store there, so an error in a later batch (or in
                ``run``'s pull) does not leave them to be pushed twice. Its own
                exceptions propagate, with a note saying which edits were answered
                and which were not sent. A plain function, whose call does the work
                (called as it is: one whose call returns work still to be done is
                refused).
            options: Per-call timeout, retries or headers (of each batch).

        Returns:
            One answer per edit, in input order. A refused edit (404, 400...) is an
            answer with ``ok`` ``False``, never an exception; an accepted one carries
            its ``change_id``; ``conflicts`` lists the ones a newer change beat.

        Raises:
            TypeError: ``pending`` is text, bytes, a mapping, a set or not iterable, an item is
                not a :class:`~beatkit.beattech.sync.PendingChange`, or its body is no
                longer plain JSON, or ``on_pushed`` is no plain function (nothing sent;
                see :func:`~beatkit.beattech.sync.pending_changes`). Also, with the
                notes of an ``on_pushed`` error, when ``on_pushed`` returned work still
                to be done, which would never run (its batch was answered).
            ValueError: A negative base, or a NaN in a body (nothing sent).
            beatkit.errors.ConfigurationError: No logged-in user, or called on ``bt.app``
                (the Changes API refuses the app token; before sending).
            beatkit.errors.BeatkitError: A whole batch failed (connection, 401...). When
                earlier batches were answered (and passed to ``on_pushed``), the
                error's notes say how many edits they held. When the failing batch may
                have been applied (a timeout, a lost connection, a 5xx, or a
                :class:`~beatkit.errors.ResponseDecodeError`: it was answered), the
                notes say which edits it held: pull before pushing them again. When
                the server refused the whole batch (a 4xx), the notes say its edits
                were not applied. Later edits were not sent, and a note names them.
            BaseException: Whatever interrupts a batch in flight (a cancelled task,
                ``KeyboardInterrupt``) or fails it from outside beatkit is re-raised as
                it is, with the same notes added: how many edits earlier batches held,
                and that the interrupted batch's edits may be applied.
        """
        self._user_token_only("push")
        edits = pending_changes(pending)
        requests = batch_requests(edits, base_change_id)
        if not requests:
            return PushResult(results=[])
        if not self._context.tokens.logged_in:
            raise ConfigurationError("bt.sync.push needs a logged-in user: call bt.auth.login")
        on_pushed = check_callback("on_pushed", on_pushed, takes="the edits and answers")
        # Every batch is built before the first is sent: one that cannot be (a bad
        # header value) fails the push with nothing sent, not after earlier batches.
        chunks = [(chunk, batch_body(chunk)) for chunk in chunked(requests, MAX_BATCH)]
        results: list[BatchResponse] = []
        for chunk, body in chunks:
            first, last = len(results) + 1, len(results) + len(chunk)
            try:
                answers = await self._call(
                    "batch",
                    list[BatchResponse],
                    json=body,
                    unwrap=batch_responses(len(chunk)),
                    secrets=batch_secrets(body),
                    options=options,
                )
            except BaseException as exc:
                # Any exception, an interruption (a cancelled task, KeyboardInterrupt)
                # included: the notes say what the app must know, and the same object
                # is re-raised.
                failed = "failed" if isinstance(exc, Exception) else "was interrupted"
                if results:
                    exc.add_note(
                        f"bt.sync.push: the first {len(results)} of {len(requests)} pending "
                        f"changes were pushed and answered before this batch {failed}"
                    )
                if isinstance(exc, ResponseDecodeError):
                    exc.add_note(
                        f"bt.sync.push: pending changes {first} to {last} were answered, but "
                        "the answer could not be read: they may be applied; pull before "
                        "pushing them again"
                    )
                elif isinstance(exc, BeatkitError):
                    if _token_request_failed(exc):
                        exc.add_note(
                            f"bt.sync.push: pending changes {first} to {last} were not applied "
                            "(the token request their batch needed failed: it was not sent, "
                            "or refused with a 401 before the refresh)"
                        )
                    elif may_be_applied(exc):
                        exc.add_note(
                            f"bt.sync.push: pending changes {first} to {last} may be applied "
                            "(their batch failed after it was sent); pull before pushing them "
                            "again"
                        )
                    elif isinstance(exc, APIError):
                        exc.add_note(
                            f"bt.sync.push: pending changes {first} to {last} were refused and "
                            "not applied (the server refused their batch as a whole)"
                        )
                    else:
                        exc.add_note(
                            f"bt.sync.push: pending changes {first} to {last} were not sent"
                        )
                else:
                    # Not beatkit's own: raised where the batch may already be on its way.
                    exc.add_note(
                        f"bt.sync.push: pending changes {first} to {last} may be applied (their "
                        f"batch {failed} with {type(exc).__name__}, possibly after it was "
                        "sent); pull before pushing them again"
                    )
                if last < len(requests):
                    exc.add_note(
                        f"bt.sync.push: pending changes {last + 1} to {len(requests)} were not sent"
                    )
                raise
            results.extend(answers)
            if on_pushed is not None:
                try:
                    check_callback_result("on_pushed", on_pushed(edits[first - 1 : last], answers))
                except BaseException as exc:
                    # The app's own error: its batch is applied all the same, and the
                    # app must not push those edits again.
                    unsent = (
                        f"; pending changes {last + 1} to {len(requests)} were not sent"
                        if last < len(requests)
                        else ""
                    )
                    exc.add_note(
                        f"bt.sync.push: on_pushed raised after pending changes {first} to "
                        f"{last} were answered (do not push them again){unsent}"
                    )
                    raise
        return PushResult(results=results)

    async def run(
        self,
        pending: Iterable[PendingChange] = (),
        *,
        base_change_id: int | None = None,
        user_id: str | int | None = None,
        include: str | Sequence[Include] | Iterator[Include] | None = None,
        image_sizes: ImageSizes | None = None,
        on_pushed: PushedCallback | None = None,
        options: RequestOptions | None = None,
    ) -> SyncResult:
        """One sync: push ``pending`` with the base they were made against, then pull
        from that same base.

        1. No base yet: ``HEAD`` the user's changes and take the latest id.
        2. Push the edits with ``X-Base-Change`` = that base (:meth:`push`).
        3. Pull from that base (:meth:`pull`): other devices' changes and the echoes
           of the accepted edits.
        4. The new base is the highest change id pulled (never an ``X-Change`` alone).

        Args:
            pending: The offline edits, oldest first (any iterable of them but a
                mapping, checked as :meth:`push` checks it).
            base_change_id: The base of the last sync; ``None`` for a first sync,
                whose edits are then pushed against the latest change id and applied
                however old they are (to let newer changes win, push them against
                base 0 and pull from :meth:`latest_change_id`, taken before).
            user_id: The user; the logged-in user when omitted (given, it must be
                that user's id when the login answer named one).
            include: Sub-objects of the pulled objects (``"group-releases"``...).
            image_sizes: Image sizes of the pulled objects, merged over the client's.
            on_pushed: Called as each batch is answered (see :meth:`push`). When the
                pull then fails, the edits it was given are applied: without it, the
                app cannot tell them from the ones never sent.
            options: Per-call timeout, retries or headers (of every request).

        Returns:
            ``pushed`` (one answer per edit, in order), ``pulled`` (to apply locally, in
            id order), ``base_change_id`` (keep it for the next run) and ``conflicts``.

        Raises:
            TypeError: An argument has the wrong type, ``pending`` and ``on_pushed``
                included: text, bytes, a mapping or an item that is not a
                ``PendingChange``, or an ``on_pushed`` that is no plain function, is
                refused as :meth:`push` refuses it (before anything is sent).
            ValueError: A negative base, an unknown include, a bad image size, a
                blank ``user_id``, or a ``user_id`` other than the logged-in user's (the
                push writes that user's data; before anything is sent).
            beatkit.errors.ConfigurationError: No logged-in user, no ``user_id``
                while the login answer named none, or called on ``bt.app`` (the Changes
                API refuses the app token; before anything is sent).
            beatkit.errors.BeatkitError: A request failed as a whole (see :meth:`push`).
                When the pull fails after the push was answered, its notes say so:
                keep the old base (the next pull brings the echoes).
            BaseException: An interruption (a cancelled task, ``KeyboardInterrupt``) or
                an error from outside beatkit is re-raised as it is, with the notes
                :meth:`push` adds, or, during the pull, the note that the push was
                answered.
        """
        self._user_token_only("run")
        # The same check as push's; every edit, and the base, before anything is sent.
        edits = pending_changes(pending)
        batch_requests(edits, 0 if base_change_id is None else base_change_id)
        check_callback("on_pushed", on_pushed, takes="the edits and answers")
        include_header(include)  # checked now: the pull comes after the push
        self._context.image_headers(image_sizes)
        # Whose feed the pull reads, resolved now too: a malformed id, or no id when the
        # login answer named none, must fail before the push applies anything.
        owner = self._context.user_id(user_id)
        mine = self._context.tokens.user_id
        if mine is not None and owner != mine:
            # The batch writes the logged-in user's data; the page lets only that user
            # read its feed: another id's pull would fail after the push had applied.
            raise ValueError(
                f"user_id {owner!r} is not the logged-in user's ({mine!r}): bt.sync.run "
                "pushes the logged-in user's edits and pulls that user's own changes"
            )
        if base_change_id is None:
            base = await self.latest_change_id(user_id=owner, options=options)
        else:
            base = base_change_id
        pushed = await self.push(edits, base_change_id=base, on_pushed=on_pushed, options=options)
        try:
            feed = await self.pull(
                base, user_id=owner, include=include, image_sizes=image_sizes, options=options
            )
        except BaseException as exc:  # an interruption too: the push was answered
            failed = "failed" if isinstance(exc, Exception) else "was interrupted"
            if edits:
                exc.add_note(
                    f"bt.sync.run: all {len(edits)} pending changes were pushed and answered "
                    f"(see on_pushed) before the pull {failed}; keep the old base"
                )
            raise
        return SyncResult(
            pushed=pushed.results, pulled=feed.changes, base_change_id=feed.base_change_id
        )
