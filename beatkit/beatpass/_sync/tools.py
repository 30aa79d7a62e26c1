# GENERATED from beatkit/beatpass/_async/tools.py by scripts/unasync.py: edit the async source.
"""Producer tools: lyrics, fingerprints, Audio Recon, cover art and backstage requests."""

from __future__ import annotations

import builtins
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Literal, Unpack

from beatkit._core._sync.pagers import Pager
from beatkit._core._sync.resource import Resource
from beatkit._core.operation import RequestOptions
from beatkit._core.params import check_id, check_ids, joined_ids, optional_text
from beatkit._core.params import fields as json_body
from beatkit._core.validate import check_choice, check_text
from beatkit.beatpass.models import (
    AudioReconResult,
    BackstageRequest,
    BackstageRequestType,
    CoverArtPreview,
    CoverArtTemplate,
    DuplicateCheck,
    FingerprintJob,
    FingerprintStatus,
    Lyric,
    SubmissionStatus,
)
from beatkit.beatpass.request_fields import json_fields, json_value, query_fields
from beatkit.beatpass.wire import (
    PageArgs,
    many,
    one,
    paged,
)

__all__ = ["Backstage", "CoverArt", "Fingerprints", "Lyrics", "Recon"]

# A request has a "data" field of its own: flat, it is not an envelope's payload.
_REQUEST = one("request", "backstageRequest", "backstage_request", own_data=True)


class Lyrics(Resource):
    """``client.lyrics``."""

    def list(self, **pages: Unpack[PageArgs]) -> Pager[Lyric]:
        """List lyrics.

        Args:
            **pages: ``page``, ``per_page``, ``limit`` and ``options`` (see :class:`PageArgs`).

        Returns:
            A pager over the lyrics.

        Raises:
            ValueError: ``page`` or ``per_page`` below 1.
        """
        return self._list("lyrics.list", Lyric, **paged("lyrics", pages))

    def for_track(self, track_id: int, *, options: RequestOptions | None = None) -> Lyric:
        """A track's lyrics.

        Args:
            track_id: The track.
            options: Per-call timeout, retries or headers.

        Returns:
            The lyrics.

        Raises:
            beatkit.errors.NotFoundError: The track has none.
        """
        path = {"id": check_id("track_id", track_id)}
        return self._call(
            "lyrics.for_track", Lyric, path=path, unwrap=one("lyric"), options=options
        )

    def create(
        self, track_id: int, text: str, *, options: RequestOptions | None = None, **fields: Any
    ) -> Lyric:
        """Add lyrics to a track.

        Args:
            track_id: The track.
            text: The lyrics.
            options: Per-call timeout, retries or headers.
            **fields: Other fields the API takes (``is_synced``...).

        Returns:
            The new lyrics.

        Raises:
            ValueError: A blank ``text``.
            beatkit.errors.ConfigurationError: The client has no token.
        """
        body = json_body(
            json_fields(fields),
            track_id=check_id("track_id", track_id),
            text=check_text("text", text),
        )
        return self._call(
            "lyrics.create", Lyric, json=body, unwrap=one("lyric"), options=options
        )

    def update(
        self,
        lyric_id: int,
        *,
        text: str | None = None,
        options: RequestOptions | None = None,
        **fields: Any,
    ) -> Lyric:
        """Change lyrics.

        Args:
            lyric_id: The lyric.
            text: The new text.
            options: Per-call timeout, retries or headers.
            **fields: Other fields the API takes.

        Returns:
            The lyrics as changed.

        Raises:
            ValueError: No field given.
        """
        body = json_body(json_fields(fields), text=optional_text("text", text))
        if not body:
            raise ValueError("lyrics.update: give at least one field to change")
        path = {"id": check_id("lyric_id", lyric_id)}
        return self._call(
            "lyrics.update", Lyric, path=path, json=body, unwrap=one("lyric"), options=options
        )

    def delete(
        self,
        lyric_ids: int | Sequence[int] | Iterator[int],
        *,
        options: RequestOptions | None = None,
    ) -> None:
        """Delete one lyric or several (one request).

        Args:
            lyric_ids: A lyric id or a sequence of them.
            options: Per-call timeout, retries or headers.

        Returns:
            Nothing.

        Raises:
            beatkit.errors.NotFoundError: No such lyric.
        """
        path = {"ids": joined_ids("lyric_ids", lyric_ids)}
        self._call("lyrics.delete", None, path=path, options=options)


class Fingerprints(Resource):
    """``client.fingerprints``: acoustic fingerprints for duplicate detection."""

    def generate(
        self, track_id: int, *, options: RequestOptions | None = None
    ) -> FingerprintJob:
        """Start fingerprinting a track (poll :meth:`status`).

        Args:
            track_id: The track.
            options: Per-call timeout, retries or headers.

        Returns:
            The job (empty when the API answers 204).

        Raises:
            beatkit.errors.PermissionDeniedError: Not your track.
        """
        path = {"track": check_id("track_id", track_id)}
        return self._call(
            "fingerprints.generate",
            FingerprintJob,
            path=path,
            unwrap=one(),
            if_empty={},
            options=options,
        )

    def status(
        self, track_id: int, *, options: RequestOptions | None = None
    ) -> FingerprintStatus:
        """Where a track's fingerprint stands (pending, processing, completed, failed).

        Args:
            track_id: The track.
            options: Per-call timeout, retries or headers.

        Returns:
            The fingerprint's state.

        Raises:
            beatkit.errors.NotFoundError: No such track.
        """
        path = {"track": check_id("track_id", track_id)}
        return self._call(
            "fingerprints.status",
            FingerprintStatus,
            path=path,
            unwrap=one("fingerprint"),
            options=options,
        )

    def check_duplicates(
        self,
        track_ids: int | Sequence[int] | Iterator[int] | None = None,
        *,
        file_entry_id: int | None = None,
        options: RequestOptions | None = None,
    ) -> DuplicateCheck:
        """Compare tracks, or an uploaded file not yet a track, against existing fingerprints.

        Args:
            track_ids: Tracks to check.
            file_entry_id: Or an uploaded file (from ``uploads.create``) to check.
            options: Per-call timeout, retries or headers.

        Returns:
            The duplicates found.

        Raises:
            ValueError: Neither or both of ``track_ids`` and ``file_entry_id``.
        """
        if (track_ids is None) == (file_entry_id is None):
            raise ValueError("check_duplicates: give track_ids or file_entry_id (one of them)")
        body = (
            {"file_entry_id": check_id("file_entry_id", file_entry_id)}
            if track_ids is None
            else {"track_ids": check_ids("track_ids", track_ids)}
        )
        return self._call(
            "fingerprints.check_duplicates",
            DuplicateCheck,
            json=body,
            unwrap=one(),
            options=options,
        )

    def retry(
        self, fingerprint_id: int, *, options: RequestOptions | None = None
    ) -> FingerprintJob:
        """Retry a failed fingerprint.

        Args:
            fingerprint_id: The fingerprint (``FingerprintJob.fingerprint_id``).
            options: Per-call timeout, retries or headers.

        Returns:
            The job (empty when the API answers 204).

        Raises:
            beatkit.errors.NotFoundError: No such fingerprint.
        """
        path = {"fingerprint": check_id("fingerprint_id", fingerprint_id)}
        return self._call(
            "fingerprints.retry",
            FingerprintJob,
            path=path,
            unwrap=one(),
            if_empty={},
            options=options,
        )


class Recon(Resource):
    """``client.recon``: Audio Recon, songs on streaming platforms that sound like yours."""

    def placements(
        self, track_id: int, *, options: RequestOptions | None = None
    ) -> AudioReconResult:
        """Audio Recon matches of a track, best first, with the scan's state.

        Only the track's credited producers (and admins) may ask. A match means
        similar audio, not a confirmed placement: listen before acting.

        Args:
            track_id: The track.
            options: Per-call timeout, retries or headers.

        Returns:
            The matches and the scan's state.

        Raises:
            beatkit.errors.AuthenticationError: No valid token (401).
            beatkit.errors.PermissionDeniedError: You are not credited on the track (403).
            beatkit.errors.NotFoundError: No such track (404).
        """
        path = {"track": check_id("track_id", track_id)}
        return self._call(
            "recon.placements", AudioReconResult, path=path, unwrap=one(), options=options
        )


class CoverArt(Resource):
    """``client.cover_art``: templates and previews."""

    def templates(
        self, *, options: RequestOptions | None = None
    ) -> builtins.list[CoverArtTemplate]:
        """Every cover art template.

        Args:
            options: Per-call timeout, retries or headers.

        Returns:
            The templates.

        Raises:
            beatkit.errors.APIError: The API refused.
        """
        return self._call(
            "cover_art.templates",
            builtins.list[CoverArtTemplate],
            unwrap=many("templates"),
            options=options,
        )

    def template(
        self, template_id: int, *, options: RequestOptions | None = None
    ) -> CoverArtTemplate:
        """One template.

        Args:
            template_id: The template.
            options: Per-call timeout, retries or headers.

        Returns:
            The template.

        Raises:
            beatkit.errors.NotFoundError: No such template.
        """
        path = {"template": check_id("template_id", template_id)}
        return self._call(
            "cover_art.template",
            CoverArtTemplate,
            path=path,
            unwrap=one("template"),
            options=options,
        )

    def preview(
        self,
        template_id: int,
        *,
        title: str | None = None,
        artist: str | None = None,
        options: RequestOptions | None = None,
        **params: Any,
    ) -> CoverArtPreview:
        """Render a preview from a template.

        Args:
            template_id: The template.
            title: Text for the title.
            artist: Text for the artist.
            options: Per-call timeout, retries or headers.
            **params: Other template parameters (colours, fonts...).

        Returns:
            Where the preview is.

        Raises:
            beatkit.errors.ConfigurationError: The client has no token.
        """
        body = json_body(
            json_fields(params),
            template_id=check_id("template_id", template_id),
            title=optional_text("title", title),
            artist=optional_text("artist", artist),
        )
        return self._call(
            "cover_art.preview", CoverArtPreview, json=body, unwrap=one(), options=options
        )

    def matching_templates(
        self,
        *,
        genre: str | None = None,
        mood: str | None = None,
        options: RequestOptions | None = None,
        **criteria: str
        | int
        | float
        | list[str]
        | list[int]
        | list[str | int]
        | tuple[str | int, ...]
        | None,
    ) -> builtins.list[CoverArtTemplate]:
        """Templates that suit a genre, a mood or other criteria.

        Args:
            genre: Genre name.
            mood: Mood.
            options: Per-call timeout, retries or headers.
            **criteria: Other criteria, sent as query parameters (a ``bool`` as ``1`` or
                ``0``, a list comma-separated; ``None`` leaves one out).

        Returns:
            The matching templates.

        Raises:
            TypeError: A criterion a query cannot carry (a mapping, a set, bytes).
            ValueError: A blank ``genre``, ``mood`` or text criterion, an empty list, a
                list item that is blank or holds a comma (the API would read it as two
                values), a NaN or infinite criterion, or a whole number with more
                digits than Python writes.
        """
        params = query_fields(criteria)
        params.update(genre=optional_text("genre", genre), mood=optional_text("mood", mood))
        return self._call(
            "cover_art.matching_templates",
            builtins.list[CoverArtTemplate],
            params=params,
            unwrap=many("templates"),
            options=options,
        )


class Backstage(Resource):
    """``client.backstage``: producer-program requests (become, verify or claim an artist)."""

    def submission_status(self, *, options: RequestOptions | None = None) -> SubmissionStatus:
        """Whether you may submit a new request, and if not why (and where to appeal).

        Args:
            options: Per-call timeout, retries or headers.

        Returns:
            Whether you may submit, and what blocks you.

        Raises:
            beatkit.errors.AuthenticationError: No valid token.
        """
        return self._call(
            "backstage.submission_status", SubmissionStatus, unwrap=one(), options=options
        )

    def create(
        self,
        type: BackstageRequestType | Literal["become-artist", "verify-artist", "claim-artist"],
        *,
        artist_name: str,
        data: Mapping[str, Any],
        artist_id: int | str | None = None,
        options: RequestOptions | None = None,
    ) -> BackstageRequest:
        """Submit a producer request.

        One open request per user: a pending or revoked one blocks new requests.

        Args:
            type: ``become-artist``, ``verify-artist`` or ``claim-artist``.
            artist_name: The display name asked for.
            data: The payload (``first_name``, ``last_name``, ``beats_url``, ``role``...).
            artist_id: The artist to claim or verify (``"CURRENT_USER"`` is accepted).
            options: Per-call timeout, retries or headers.

        Returns:
            The request.

        Raises:
            TypeError: ``data`` is not a mapping, or an argument has the wrong type.
            ValueError: An unknown ``type``, a blank ``artist_name`` or ``artist_id``, an
                ``artist_id`` below 1, or ``data`` JSON cannot carry: NaN, a container
                holding itself, nesting hundreds of levels deep (nothing is sent).
            beatkit.errors.BackstageRequestPendingError: A request is under review.
            beatkit.errors.BackstageRequestRevokedError: Access was revoked
                (``contact_url`` says where to appeal).
        """
        if not isinstance(data, Mapping):
            raise TypeError(f"data must be a mapping, got {data.__class__.__name__}")
        if isinstance(artist_id, str):
            artist_id = check_text("artist_id", artist_id)  # a text id: "CURRENT_USER"
        elif artist_id is not None:
            artist_id = check_id("artist_id", artist_id)
        body = json_body(
            type=check_choice("type", type, [t.value for t in BackstageRequestType]),
            artist_name=check_text("artist_name", artist_name),
            artist_id=artist_id,
            data=json_value("data", dict(data)),
        )
        return self._call(
            "backstage.create", BackstageRequest, json=body, unwrap=_REQUEST, options=options
        )

    def revoke(
        self, request_id: int, *, notes: str | None = None, options: RequestOptions | None = None
    ) -> BackstageRequest:
        """Revoke an approved request (needs the ``backstageRequests.handle`` permission).

        Args:
            request_id: The request.
            notes: Admin notes included in the user's notification.
            options: Per-call timeout, retries or headers.

        Returns:
            The request as revoked.

        Raises:
            beatkit.errors.PermissionDeniedError: You may not handle requests.
        """
        return self._call(
            "backstage.revoke",
            BackstageRequest,
            path={"backstageRequest": check_id("request_id", request_id)},
            json=json_body(notes=optional_text("notes", notes)),
            unwrap=_REQUEST,
            options=options,
        )
