"""Typed BeatPass resources: catalog, playlists, producer tools, commerce and licensing."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from attrs import field, frozen

from beatkit._core.enums import OpenEnum
from beatkit._core.model import ExactModel

__all__ = [
    "Achievement",
    "ActionResult",
    "Album",
    "AlbumPage",
    "Analytics",
    "Artist",
    "AudioReconResult",
    "AudioSearchResult",
    "BackstageRequest",
    "BackstageRequestStatus",
    "BackstageRequestType",
    "BlockReason",
    "Comment",
    "Coupon",
    "CouponValidation",
    "CoverArtPreview",
    "CoverArtTemplate",
    "Credit",
    "CreditRole",
    "DuplicateCheck",
    "DuplicateMatch",
    "FileEntry",
    "FingerprintJob",
    "FingerprintStatus",
    "FingerprintState",
    "Genre",
    "License",
    "LicenseBatchStatus",
    "LicenseCertificate",
    "LicenseStatus",
    "LicenseVerification",
    "LoginResult",
    "Lyric",
    "OwnershipCheck",
    "PinnedTrack",
    "Placement",
    "PlayLog",
    "Playlist",
    "PlaylistInvitation",
    "ProducerAchievements",
    "Profile",
    "ProfileImage",
    "ProfileLink",
    "Purchase",
    "PurchaseIntent",
    "PurchasePrice",
    "PurchaseStatus",
    "RadioRecommendations",
    "RadioType",
    "ScanStatus",
    "SearchResults",
    "SearchType",
    "SpotifyAlbum",
    "SpotifyItem",
    "SpotifySearchResults",
    "SubmissionStatus",
    "Suggestion",
    "Tag",
    "Track",
    "TrackMetadata",
    "TrackPage",
    "UploadProgress",
    "UploadStep",
    "User",
    "Waveform",
    "WaveformBatch",
]

# --- closed sets ------------------------------------------------------------------------


class SearchType(OpenEnum):
    """What ``client.search(types=...)`` looks through."""

    ALBUM = "album"
    ARTIST = "artist"
    PLAYLIST = "playlist"
    TRACK = "track"
    USER = "user"


class RadioType(OpenEnum):
    """What a radio station is seeded from (``client.radio.get(type, id)``)."""

    ARTIST = "artist"
    TRACK = "track"
    GENRE = "genre"
    TAG = "tag"


class BackstageRequestType(OpenEnum):
    """The kinds of producer-program (backstage) requests."""

    BECOME_ARTIST = "become-artist"
    VERIFY_ARTIST = "verify-artist"
    CLAIM_ARTIST = "claim-artist"


class BackstageRequestStatus(OpenEnum):
    """Where a backstage request stands."""

    PENDING = "pending"
    APPROVED = "approved"
    DENIED = "denied"
    REVOKED = "revoked"


class BlockReason(OpenEnum):
    """Why a new backstage request cannot be submitted."""

    PENDING = "pending"
    REVOKED = "revoked"


class ScanStatus(OpenEnum):
    """The state of a track's Audio Recon scan."""

    PROCESSING = "processing"
    COMPLETE = "complete"
    NO_RESULTS = "no_results"
    FAILED = "failed"


class FingerprintState(OpenEnum):
    """The state of a track's audio fingerprint."""

    PENDING = "pending"
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"


class UploadStep(OpenEnum):
    """The steps of ``tracks.upload()``, as reported to its ``progress`` callback."""

    UPLOAD = "upload"
    """The audio file is being sent (reported after each chunk, with byte counts)."""
    EXTRACT_METADATA = "extract_metadata"
    """BeatPass reads BPM, key, duration... from the uploaded file."""
    CREATE_TRACK = "create_track"
    """The track is being created from the file entry and the metadata."""
    DONE = "done"
    """The track exists."""


# --- progress ---------------------------------------------------------------------------


@frozen
class UploadProgress:
    """A progress report of an upload, passed to ``progress`` callbacks."""

    step: UploadStep
    """The step running now."""
    bytes_sent: int = 0
    """Bytes of the audio file read for sending so far (restarts at 0 if the upload restarts)."""
    bytes_total: int | None = None
    """The file's size."""


# --- small shared shapes ----------------------------------------------------------------


@frozen(kw_only=True)
class _SecondNames(ExactModel):
    """Base of the models that read a key under a second name (``waveData`` for ``peaks``).

    The converter remembers the name each such key was sent under, and unstructuring
    writes that name back, so a response round-trips key for key.
    """

    _sent_as: dict[str, str] = field(factory=dict, init=False, repr=False, eq=False, hash=False)
    """The key each field was read from, where it was another name (filled by the
    converter; internal)."""


@frozen(kw_only=True)
class ActionResult(ExactModel):
    """The answer of an action whose body only says it worked (``{"status": "success"}``)."""

    status: str | None = None
    """The envelope's ``status`` as sent (``"success"``); ``None`` for an empty answer (204)."""
    message: str | None = None
    """The API's human-readable message, when it sends one."""


@frozen(kw_only=True)
class _EmbeddedPage(ExactModel):
    """The numbers of a Laravel page embedded in another object."""

    current_page: int | None = None
    """This page's number (1-based)."""
    last_page: int | None = None
    """The number of the last page."""
    per_page: int | None = None
    """Items per page."""
    total: int | None = None
    """Items over all pages."""
    from_: int | None = None
    """Position of this page's first item (the API's ``from``; ``None`` on an empty page)."""
    to: int | None = None
    """Position of this page's last item."""
    path: str | None = None
    """The page's URL without its query."""
    first_page_url: str | None = None
    """Link to the first page."""
    last_page_url: str | None = None
    """Link to the last page."""
    next_page_url: str | None = None
    """Link to the next page, if any."""
    prev_page_url: str | None = None
    """Link to the previous page, if any."""


@frozen(kw_only=True)
class AlbumPage(_EmbeddedPage):
    """One page of albums embedded in another object (an artist's ``albums``).

    Top-level lists are pagers; this is for pages nested inside a single result.
    """

    data: list[Album] = field(factory=list)
    """The albums of this page."""


@frozen(kw_only=True)
class TrackPage(_EmbeddedPage):
    """One page of tracks embedded in another object (a playlist's ``tracks``)."""

    data: list[Track] = field(factory=list)
    """The tracks of this page."""


# --- catalog ----------------------------------------------------------------------------


@frozen(kw_only=True)
class Genre(ExactModel):
    """A genre (``{id, name}``; more when fetched by name)."""

    id: int | None = None
    """The genre's id."""
    name: str | None = None
    """Its name, e.g. ``"rock"`` (what ``genres.get(name)`` takes)."""
    display_name: str | None = None
    """Display form of the name, when sent."""
    image: str | None = None
    """An image URL, when sent."""
    model_type: str | None = None
    """The API's model tag (``"genre"``)."""


@frozen(kw_only=True)
class Tag(ExactModel):
    """A tag attached to tracks and albums."""

    id: int | None = None
    """The tag's id."""
    name: str | None = None
    """Its name (what ``tags.tracks(name)`` takes)."""
    display_name: str | None = None
    """Display form of the name, when sent."""
    model_type: str | None = None
    """The API's model tag (``"tag"``)."""


@frozen(kw_only=True)
class User(ExactModel):
    """A user's public profile."""

    id: int
    """The user's id."""
    display_name: str | None = None
    """The name shown on the platform."""
    avatar: str | None = None
    """Profile picture URL."""
    email: str | None = None
    """E-mail address (only on your own account, e.g. after login)."""
    username: str | None = None
    """Handle, when sent."""
    model_type: str | None = None
    """The API's model tag (``"user"``)."""


@frozen(kw_only=True)
class Profile(ExactModel):
    """An artist's profile text and location."""

    id: int | None = None
    """The profile's id."""
    description: str | None = None
    """Biography."""
    city: str | None = None
    """City."""
    country: str | None = None
    """Country."""


@frozen(kw_only=True)
class ProfileImage(ExactModel):
    """An image on an artist's profile."""

    id: int | None = None
    """The image's id."""
    url: str | None = None
    """The image URL."""


@frozen(kw_only=True)
class ProfileLink(ExactModel):
    """A link on an artist's profile (website, socials)."""

    id: int | None = None
    """The link's id."""
    url: str | None = None
    """Where it points."""
    title: str | None = None
    """Its label, e.g. ``"Facebook"``."""


@frozen(kw_only=True)
class Artist(ExactModel):
    """An artist (producer) profile.

    Without a token the API sends minimal fields (id, name, image...): everything
    else is optional. ``artists.get(id, include=[...])`` adds the related lists.
    """

    id: int
    """The artist's id."""
    name: str | None = None
    """The artist's name."""
    image_small: str | None = None
    """A small (about 320x320) image URL."""
    verified: bool | None = None
    """Whether BeatPass staff verified the artist (Audio Recon needs it)."""
    description: str | None = None
    """Biography, when sent at the top level."""
    model_type: str | None = None
    """The API's model tag (``"artist"``)."""
    user_id: int | None = None
    """The user who manages the profile (with a token)."""
    followers_count: int | None = None
    """Followers (with a token)."""
    created_at: datetime | None = None
    """When the profile was created (with a token)."""
    albums: AlbumPage | None = None
    """One page of the artist's albums (``include=["albums"]``)."""
    similar: list[Artist] | None = None
    """Similar artists (``include=["similar"]``)."""
    top_tracks: list[Track] | None = None
    """Most played tracks (``include=["topTracks"]``)."""
    genres: list[Genre] | None = None
    """Genres (``include=["genres"]``)."""
    profile: Profile | None = None
    """Biography and location."""
    profile_images: list[ProfileImage] | None = None
    """Profile images."""
    links: list[ProfileLink] | None = None
    """Profile links."""


@frozen(kw_only=True)
class Album(ExactModel):
    """An album."""

    id: int
    """The album's id."""
    name: str | None = None
    """The title."""
    image: str | None = None
    """Artwork URL (about 300x300)."""
    release_date: date | None = None
    """Release date."""
    description: str | None = None
    """Description."""
    model_type: str | None = None
    """The API's model tag (``"album"``)."""
    plays: int | None = None
    """Plays of all its tracks (with a token)."""
    tracks_count: int | None = None
    """How many tracks it has (with a token)."""
    created_at: datetime | None = None
    """When it was created (with a token)."""
    tracks: list[Track] | None = None
    """The album's tracks (``include=["tracks"]``)."""
    artists: list[Artist] | None = None
    """The album's artists (``include=["artists"]``)."""
    genres: list[Genre] | None = None
    """Genres (``include=["genres"]``)."""
    tags: list[Tag] | None = None
    """Tags (``include=["tags"]``)."""


@frozen(kw_only=True)
class Track(ExactModel):
    """A track (a beat).

    Without a token the API sends minimal fields; with one, more (purchase and like
    status among them, kept in :attr:`extra` when this model does not name them).
    """

    id: int
    """The track's id."""
    name: str | None = None
    """The title."""
    release_date: date | None = None
    """Release date."""
    image: str | None = None
    """Artwork URL."""
    duration: int | None = None
    """Length in milliseconds."""
    description: str | None = None
    """Description."""
    bpm: int | None = None
    """Tempo in beats per minute, when given."""
    key: str | None = None
    """Musical key, when given."""
    model_type: str | None = None
    """The API's model tag (``"track"``)."""
    album_id: int | None = None
    """The album it belongs to, if any."""
    price: Decimal | None = None
    """Price of a license."""
    exclusive_price: Decimal | None = None
    """Price of an exclusive license."""
    currency: str | None = None
    """ISO 4217 code of the prices."""
    downloadable: bool | None = None
    """Whether anyone may download it for free."""
    plays: int | None = None
    """Play count."""
    likes_count: int | None = None
    """Like count."""
    file_entry_id: int | None = None
    """The uploaded audio's file entry."""
    src: str | None = None
    """The audio's URL."""
    is_liked: bool | None = None
    """Whether you liked it (with a token)."""
    is_purchased: bool | None = None
    """Whether you bought it (with a token)."""
    created_at: datetime | None = None
    """When it was created."""
    updated_at: datetime | None = None
    """When it last changed."""
    artists: list[Artist] | None = None
    """The artists who made the track."""
    album: Album | None = None
    """The album (``include=["album"]``)."""
    genres: list[Genre] | None = None
    """Genres (``include=["genres"]``)."""
    tags: list[Tag] | None = None
    """Tags (``include=["tags"]``)."""


@frozen(kw_only=True)
class Playlist(_SecondNames):
    """A playlist, possibly collaborative (up to 10 editors)."""

    id: int
    """The playlist's id."""
    name: str | None = None
    """The name."""
    public: bool | None = None
    """Whether everyone can see it."""
    collaborative: bool | None = None
    """Whether invited editors can change it."""
    image: str | None = None
    """Artwork URL."""
    description: str | None = None
    """Description."""
    total_duration: int | None = None
    """Length of all tracks in milliseconds (the API's ``totalDuration``)."""
    tracks: TrackPage | None = None
    """The first page of tracks, when ``playlists.get`` includes it."""
    model_type: str | None = None
    """The API's model tag (``"playlist"``)."""
    owner_id: int | None = None
    """The owner's user id (with a token)."""
    owner: User | None = None
    """The owner (with a token)."""
    editors: list[User] | None = None
    """Accepted editors of a collaborative playlist (with a token)."""
    followers_count: int | None = None
    """Followers (with a token)."""
    tracks_count: int | None = None
    """How many tracks it holds (with a token)."""
    is_following: bool | None = None
    """Whether you follow it (with a token)."""
    created_at: datetime | None = None
    """When it was created."""
    updated_at: datetime | None = None
    """When it last changed."""


@frozen(kw_only=True)
class Comment(ExactModel):
    """A comment on a track."""

    id: int
    """The comment's id."""
    content: str | None = None
    """The text."""
    position: int | None = None
    """Position in the track, in seconds."""
    depth: int | None = None
    """Reply depth."""
    deleted: bool | None = None
    """Whether it was deleted."""
    user: User | None = None
    """Who wrote it."""


@frozen(kw_only=True)
class Lyric(ExactModel):
    """A track's lyrics."""

    id: int
    """The lyric's id."""
    text: str | None = None
    """The lyrics."""
    track_id: int | None = None
    """The track they belong to, when sent."""
    is_synced: bool | None = None
    """Whether the text carries timestamps, when sent."""
    created_at: datetime | None = None
    """When they were added."""
    updated_at: datetime | None = None
    """When they last changed."""


@frozen(kw_only=True)
class Waveform(_SecondNames):
    """A track's waveform (``{"peaks": [...]}``, or ``{"waveData": [...]}``)."""

    peaks: list[float] = field(factory=list)
    """Peak amplitudes in order, for drawing the waveform."""


@frozen(kw_only=True)
class WaveformBatch(ExactModel):
    """Waveforms of several tracks, keyed by track id (as a string, as JSON keys are)."""

    waves: dict[str, list[float]] = field(factory=dict)
    """``{track_id: peaks}``; tracks without a waveform are missing."""


@frozen(kw_only=True)
class FileEntry(ExactModel):
    """An uploaded file (step 1 of the track upload flow)."""

    id: int
    """The file entry's id (what ``tracks.extract_metadata`` takes)."""
    name: str | None = None
    """The original file name."""
    file_name: str | None = None
    """The stored file name."""
    file_size: int | None = None
    """Size in bytes."""
    mime: str | None = None
    """MIME type."""
    extension: str | None = None
    """File extension."""
    url: str | None = None
    """Where the file can be fetched (a track's ``src``)."""
    hash: str | None = None
    """The entry's hash, when sent."""
    type: str | None = None
    """The kind of file (``"audio"``)."""
    user_id: int | None = None
    """The uploader."""
    created_at: datetime | None = None
    """When it was uploaded."""


@frozen(kw_only=True)
class TrackMetadata(ExactModel):
    """What BeatPass read from an uploaded audio file (step 2 of the upload flow)."""

    title: str | None = None
    """The title tag."""
    artist: str | None = None
    """The artist tag."""
    album: str | None = None
    """The album tag."""
    genre: str | None = None
    """The genre tag."""
    duration: int | None = None
    """Length in milliseconds."""
    bpm: int | None = None
    """Detected tempo."""
    key: str | None = None
    """Detected musical key."""
    release_date: date | None = None
    """Release date tag."""


@frozen(kw_only=True)
class Analytics(ExactModel):
    """An analytics report (engagement metrics, producer or download analytics).

    The API does not document these bodies, so the figures are kept as sent, under
    the API's own keys, in :attr:`figures` (the envelope's ``status`` is dropped).
    """

    figures: dict[str, Any] = field(factory=dict)
    """Every figure of the report, e.g. ``figures["plays"]``."""


@frozen(kw_only=True)
class OwnershipCheck(_SecondNames):
    """Whether the authenticated user owns an artist profile."""

    is_owner: bool | None = None
    """``True`` when the profile is yours (the API's ``is_owner`` or ``owns``)."""
    artist_id: int | None = None
    """The artist asked about."""


@frozen(kw_only=True)
class Achievement(ExactModel):
    """One producer achievement."""

    id: int | None = None
    """The achievement's id."""
    key: str | None = None
    """Its stable key, e.g. ``"first-sale"``."""
    name: str | None = None
    """Its display name."""
    description: str | None = None
    """What it takes."""
    unlocked: bool | None = None
    """Whether the artist has it."""
    unlocked_at: datetime | None = None
    """When it was unlocked."""


@frozen(kw_only=True)
class ProducerAchievements(ExactModel):
    """An artist's producer level, experience points and achievements."""

    artist_id: int | None = None
    """The artist."""
    xp: int | None = None
    """Experience points."""
    level: int | None = None
    """Producer level."""
    achievements: list[Achievement] = field(factory=list)
    """Every achievement, unlocked or not."""


@frozen(kw_only=True)
class PlayLog(ExactModel):
    """A logged play (``tracks.log_play``, ``tracks.update_play_duration``)."""

    play_id: int | None = None
    """The play's id."""
    duration: int | None = None
    """The listened duration recorded, after an update."""


@frozen(kw_only=True)
class PlaylistInvitation(ExactModel):
    """An invitation to edit a collaborative playlist (expires after 7 days)."""

    playlist_id: int | None = None
    """The playlist."""
    user_id: int | None = None
    """The invited user."""
    status: str | None = None
    """``pending``, ``accepted``, ``declined``... as the API names it."""
    invited_at: datetime | None = None
    """When it was sent."""
    expires_at: datetime | None = None
    """When it lapses."""
    message: str | None = None
    """The API's message, e.g. ``"Invitation sent successfully"`` (the OpenAPI file's whole
    answer)."""


# --- backstage (producer program) -------------------------------------------------------


@frozen(kw_only=True)
class SubmissionStatus(ExactModel):
    """Whether you may submit a new backstage request, and if not why."""

    can_submit: bool
    """``True`` when a new request would be accepted."""
    block_reason: BlockReason | None = None
    """``pending`` or ``revoked`` when blocked."""
    message: str | None = None
    """The API's explanation when blocked."""
    contact_url: str | None = None
    """Where to appeal (e.g. ``"/contact"``) when revoked."""
    blocking_request_id: int | None = None
    """The request that blocks a new one."""


@frozen(kw_only=True)
class BackstageRequest(ExactModel):
    """A producer-program request (become, verify or claim an artist)."""

    id: int
    """The request's id."""
    type: BackstageRequestType | None = None
    """What is asked for."""
    status: BackstageRequestStatus | None = None
    """Pending, approved, denied or revoked."""
    artist_name: str | None = None
    """The display name asked for."""
    artist_id: int | str | None = None
    """The artist concerned (claim and verify flows)."""
    user_id: int | None = None
    """Who submitted it."""
    data: dict[str, Any] | None = None
    """The request payload as submitted."""
    notes: str | None = None
    """Admin notes (e.g. on revocation)."""
    created_at: datetime | None = None
    """When it was submitted."""
    updated_at: datetime | None = None
    """When it last changed."""


# --- credits and pinning ----------------------------------------------------------------


@frozen(kw_only=True)
class CreditRole(ExactModel):
    """A credit role (Producer, Engineer, Songwriter...)."""

    id: int | str | None = None
    """The role's id or key."""
    name: str | None = None
    """The role's display name."""


@frozen(kw_only=True)
class Credit(ExactModel):
    """A portfolio credit: the artist's work on an external release."""

    id: int
    """The credit's id."""
    artist_id: int | None = None
    """The artist whose portfolio holds it."""
    type: str | None = None
    """``track`` or ``album``."""
    role: str | None = None
    """The artist's role, e.g. ``"Producer"``."""
    title: str | None = None
    """The credited track or release title."""
    artist_name: str | None = None
    """The release's performing artist."""
    album_name: str | None = None
    """The release's album."""
    release_date: date | None = None
    """When the release came out."""
    image: str | None = None
    """Cover art URL."""
    spotify_id: str | None = None
    """The linked Spotify track or album id."""
    spotify_url: str | None = None
    """The linked Spotify URL."""
    position: int | None = None
    """Order in the portfolio (see ``credits.reorder``)."""
    created_at: datetime | None = None
    """When it was added."""


@frozen(kw_only=True)
class SpotifyItem(ExactModel):
    """A Spotify track or album found for a credit."""

    id: str
    """The Spotify id (what ``credits.spotify_album`` and a credit's ``spotify_id`` take)."""
    type: str | None = None
    """``track`` or ``album``."""
    name: str | None = None
    """The title."""
    artists: list[dict[str, Any]] | None = None
    """The performing artists, as Spotify describes them (``{"name": ...}``)."""
    album: dict[str, Any] | None = None
    """The album of a track (``{"id", "name"}``)."""
    release_date: str | None = None
    """As Spotify writes it (a year, a month or a full date)."""
    image: str | None = None
    """Cover art URL."""
    external_url: str | None = None
    """The item on open.spotify.com."""


@frozen(kw_only=True)
class SpotifySearchResults(ExactModel):
    """Spotify catalog matches, for linking credits."""

    results: list[SpotifyItem] = field(factory=list)
    """The matches, best first."""


@frozen(kw_only=True)
class SpotifyAlbum(ExactModel):
    """One Spotify album with its tracks, as BeatPass relays it for album credits."""

    id: str | None = None
    """The Spotify album id."""
    name: str | None = None
    """The album title."""
    release_date: str | None = None
    """As Spotify writes it (a year, a month or a full date)."""
    artists: list[dict[str, Any]] | None = None
    """The performing artists, as Spotify describes them."""
    image: str | None = None
    """Cover art URL."""
    external_url: str | None = None
    """The album on open.spotify.com."""
    tracks: list[dict[str, Any]] | None = None
    """The album's tracks as Spotify describes them (``id``, ``name``, ``track_number``...)."""


@frozen(kw_only=True)
class FingerprintJob(ExactModel):
    """A started (or restarted) fingerprint job: poll ``fingerprints.status``."""

    message: str | None = None
    """The API's message, e.g. ``"Fingerprint generation started"``."""
    fingerprint_id: int | None = None
    """The fingerprint's id (what ``fingerprints.retry`` takes)."""


@frozen(kw_only=True)
class PinnedTrack(ExactModel):
    """An artist's pinned track (``track`` is ``None`` when nothing is pinned)."""

    track: Track | None = None
    """The pinned track."""
    message: str | None = None
    """The API's message, e.g. ``"Track pinned."``, when it sends one."""


# --- fingerprints, Audio Recon, cover art -----------------------------------------------


@frozen(kw_only=True)
class FingerprintStatus(ExactModel):
    """The state of a track's audio fingerprint."""

    fingerprint_status: FingerprintState | None = None
    """Pending, processing, completed or failed."""
    fingerprint_id: int | None = None
    """The fingerprint's id (what ``fingerprints.retry`` takes), when sent."""


@frozen(kw_only=True)
class DuplicateMatch(ExactModel):
    """A possible duplicate found by fingerprint comparison."""

    track_id: int | None = None
    """The checked track (when tracks were checked)."""
    file_entry_id: int | None = None
    """The checked upload (when a file entry was checked)."""
    duplicate_track_id: int | None = None
    """The existing track it matches."""
    similarity: float | None = None
    """How alike they are, when sent."""


@frozen(kw_only=True)
class DuplicateCheck(ExactModel):
    """The result of ``fingerprints.check_duplicates``."""

    duplicates: list[DuplicateMatch] = field(factory=list)
    """Matches found (empty when none)."""


@frozen(kw_only=True)
class Placement(ExactModel):
    """An Audio Recon match: a song on a streaming platform that sounds like your track.

    A match is audio similarity, not a confirmed placement: listen before acting.
    """

    id: int
    """The match's id."""
    title: str | None = None
    """The matched song's title."""
    artist_name: str | None = None
    """Its artist."""
    album_name: str | None = None
    """Its album."""
    release_date: date | None = None
    """Its release date."""
    confidence_score: int | None = None
    """Similarity in percent (only 90+ are returned)."""
    spotify_url: str | None = None
    """The song on Spotify, if found there."""
    youtube_url: str | None = None
    """The song on YouTube, if found there."""
    deezer_url: str | None = None
    """The song on Deezer, if found there."""
    created_at: datetime | None = None
    """When the match was recorded."""


@frozen(kw_only=True)
class AudioReconResult(ExactModel):
    """Audio Recon matches of one track, best first, with the scan's state."""

    placements: list[Placement] = field(factory=list)
    """Matches sorted by confidence, highest first."""
    scan_status: ScanStatus | None = None
    """Processing, complete, no_results, failed; ``None`` before the first scan."""
    scanned_at: datetime | None = None
    """The latest scan attempt."""
    total_count: int | None = None
    """How many matches were returned."""
    artist_verified: bool | None = None
    """Whether the primary artist is verified (scanning requires it)."""


@frozen(kw_only=True)
class CoverArtTemplate(ExactModel):
    """A cover art template."""

    id: int
    """The template's id."""
    name: str | None = None
    """Its name."""
    preview_url: str | None = None
    """A sample image URL."""
    genre: str | None = None
    """The genre it suits, when sent."""
    mood: str | None = None
    """The mood it suits, when sent."""
    width: int | None = None
    """Output width in pixels."""
    height: int | None = None
    """Output height in pixels."""
    fields: list[str] | None = None
    """The text fields the template fills (``title``, ``artist``...)."""


@frozen(kw_only=True)
class CoverArtPreview(ExactModel):
    """A generated cover art preview."""

    preview_url: str | None = None
    """The preview image URL."""
    template_id: int | None = None
    """The template it was made from."""


# --- search and discovery ---------------------------------------------------------------


@frozen(kw_only=True)
class SearchResults(ExactModel):
    """Matches of a keyword search, per type (each list capped by ``limit``)."""

    query: str | None = None
    """The query as the API understood it."""
    artists: list[Artist] = field(factory=list)
    """Matching artists."""
    albums: list[Album] = field(factory=list)
    """Matching albums."""
    tracks: list[Track] = field(factory=list)
    """Matching tracks."""
    playlists: list[Playlist] = field(factory=list)
    """Matching playlists."""
    users: list[User] = field(factory=list)
    """Matching users."""


@frozen(kw_only=True)
class Suggestion(ExactModel):
    """A compact search suggestion (an artist or album as a picker shows it)."""

    id: int
    """The artist's or album's id."""
    name: str | None = None
    """Its name."""
    image: str | None = None
    """An image URL."""
    description: str | None = None
    """A short description, when sent."""
    model_type: str | None = None
    """``"artist"`` or ``"album"``."""


@frozen(kw_only=True)
class AudioSearchResult(_SecondNames):
    """Tracks that sound like a given one (``search.audio``)."""

    tracks: list[Track] = field(factory=list)
    """Similar tracks, best first (the API's ``results`` or ``tracks``)."""
    query: dict[str, Any] | None = None
    """What was searched for, as the API echoes it."""


@frozen(kw_only=True)
class RadioRecommendations(_SecondNames):
    """A radio station: tracks recommended from a seed artist, track, genre or tag."""

    tracks: list[Track] = field(factory=list)
    """Recommended tracks (the API's ``tracks`` or ``recommendations``)."""
    type: RadioType | None = None
    """What the station is seeded from, when sent."""
    seed: dict[str, Any] | None = None
    """The seed object, when sent."""


# --- commerce and licensing -------------------------------------------------------------


@frozen(kw_only=True)
class PurchasePrice(ExactModel):
    """What buying a track costs (``purchases.calculate_price``). Amounts are ``Decimal``."""

    base_price: Decimal | None = None
    """The producer's price."""
    platform_fee: Decimal | None = None
    """BeatPass's fee."""
    total_amount: Decimal | None = None
    """What the buyer pays (the seed's name)."""
    total_price: Decimal | None = None
    """What the buyer pays (the OpenAPI file's name)."""
    currency: str | None = None
    """ISO 4217 code, e.g. ``"CAD"``."""
    is_exclusive: bool | None = None
    """Whether the price is for an exclusive license."""
    discount_amount: Decimal | None = None
    """What a coupon took off the base price."""
    coupon_code: str | None = None
    """The coupon applied, if any."""

    @property
    def total(self) -> Decimal | None:
        """The total under either of its documented names."""
        return self.total_amount if self.total_amount is not None else self.total_price


@frozen(kw_only=True)
class PurchaseIntent(ExactModel):
    """A started purchase: pay it with Stripe using :attr:`client_secret`.

    The client secret is never shown in ``repr``; beatkit never logs it.
    """

    client_secret: str | None = field(default=None, repr=False)
    """The Stripe PaymentIntent client secret (keep it out of logs)."""
    purchase_id: int | None = None
    """The purchase's id."""
    amount: Decimal | None = None
    """What will be charged."""
    currency: str | None = None
    """ISO 4217 code."""


@frozen(kw_only=True)
class Purchase(ExactModel):
    """A track purchase."""

    id: int
    """The purchase's id."""
    track_id: int | None = None
    """The track bought."""
    user_id: int | None = None
    """The buyer."""
    payment_intent_id: str | None = None
    """The Stripe PaymentIntent id (not a secret; the client secret never appears here)."""
    amount: Decimal | None = None
    """What was paid."""
    currency: str | None = None
    """ISO 4217 code."""
    status: str | None = None
    """The payment state as the API names it (e.g. ``"completed"``)."""
    is_exclusive: bool | None = None
    """Whether an exclusive license was bought."""
    created_at: datetime | None = None
    """When it was made."""
    track: Track | None = None
    """The track, when embedded."""


@frozen(kw_only=True)
class PurchaseStatus(ExactModel):
    """Whether you bought a track."""

    purchased: bool
    """``True`` when a completed purchase exists."""
    purchase: Purchase | None = None
    """The purchase, if any."""


@frozen(kw_only=True)
class License(ExactModel):
    """A license certificate for a track."""

    uuid: str
    """The certificate's id (what ``licenses.verify`` takes)."""
    track_id: int | None = None
    """The licensed track."""
    user_id: int | None = None
    """The license holder."""
    buyer_id: int | None = None
    """The license holder (the name some answers use)."""
    purchase_id: int | None = None
    """The purchase it came with."""
    verification_url: str | None = None
    """The public page that verifies it."""
    license_type: str | None = None
    """E.g. ``"exclusive"`` or ``"non-exclusive"``."""
    usage_terms: str | None = None
    """The terms of use."""
    status: str | None = None
    """``"active"`` or ``"revoked"`` as the API names it, when sent."""
    created_at: datetime | None = None
    """When it was issued."""
    revoked_at: datetime | None = None
    """When it was revoked, if it was."""


@frozen(kw_only=True)
class LicenseStatus(ExactModel):
    """Whether you hold a license for a track (``licenses.check``)."""

    has_license: bool
    """``True`` when a license exists."""
    license_details: License | None = None
    """The license, if any."""


@frozen(kw_only=True)
class LicenseBatchStatus(ExactModel):
    """License status of several tracks at once, keyed by track id (as a string)."""

    licenses: dict[str, bool] = field(factory=dict)
    """``{track_id: has_license}``."""


@frozen(kw_only=True)
class LicenseCertificate(ExactModel):
    """A license certificate's data, as viewed for a purchased track."""

    license: License | None = None
    """The license."""
    track: Track | None = None
    """The licensed track, when embedded."""
    buyer: User | None = None
    """Who holds it, when embedded."""
    seller: Artist | None = None
    """The licensing artist, when embedded."""
    issued_at: datetime | None = None
    """When it was issued."""
    verification_url: str | None = None
    """The public page that verifies it."""


@frozen(kw_only=True)
class LicenseVerification(ExactModel):
    """The public verification of a certificate by UUID."""

    valid: bool
    """``True`` when the certificate exists and is not revoked."""
    license_details: License | None = None
    """The license, when valid."""


@frozen(kw_only=True)
class Coupon(ExactModel):
    """A coupon."""

    code: str | None = None
    """The code."""
    id: int | None = None
    """The coupon's id."""
    discount_type: str | None = None
    """E.g. ``"percentage"`` or ``"fixed"``."""
    discount_value: Decimal | None = None
    """The percentage or amount off."""


@frozen(kw_only=True)
class CouponValidation(ExactModel):
    """Whether a coupon applies, and what it saves. Amounts are ``Decimal``."""

    valid: bool
    """``True`` when the coupon may be used."""
    coupon: Coupon | None = None
    """The coupon."""
    discount_amount: Decimal | None = None
    """Amount taken off."""
    final_amount: Decimal | None = None
    """What remains to pay."""
    savings: Decimal | None = None
    """Saved amount."""


# --- auth -------------------------------------------------------------------------------


@frozen(kw_only=True)
class LoginResult(ExactModel):
    """The answer of ``client.login``: the user, and the token now installed on the client.

    The token is never shown in ``repr``.
    """

    access_token: str = field(repr=False)
    """The new personal access token (valid 90 days). Store it securely."""
    user: User | None = None
    """The logged-in user; ``None`` when the answer carried the token alone."""
    message: str | None = None
    """The API's message, when it sends one."""
