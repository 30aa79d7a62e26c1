"""Typed Beatport v4 resources: tracks, artists, labels, releases, genres, charts, accounts."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any, Final

from attrs import field, frozen

from beatkit._core.enums import OpenEnum
from beatkit._core.model import ExactModel
from beatkit._core.validate import check_int

__all__ = [
    "MAX_IMAGE_SIZE",
    "Account",
    "AccountPreferences",
    "Artist",
    "ArtistHit",
    "AuxiliaryItem",
    "BeatportModel",
    "BpmRange",
    "Chart",
    "ChartHit",
    "ChordType",
    "CurationPage",
    "CurrentStatus",
    "DjProfile",
    "DownloadInfo",
    "DownloadQuality",
    "ExclusivePeriod",
    "Genre",
    "HitArtist",
    "HitGenre",
    "HitLabel",
    "HitRelease",
    "HitSubGenre",
    "Image",
    "ItemType",
    "Key",
    "Label",
    "LabelHit",
    "MyBeatport",
    "PageModuleStyle",
    "PageModuleType",
    "PageType",
    "Playlist",
    "PlaylistEntry",
    "Price",
    "PushNotificationSettings",
    "Release",
    "ReleaseHit",
    "ReleaseType",
    "Sample",
    "SaleType",
    "SearchResults",
    "SearchType",
    "SourceType",
    "StreamInfo",
    "SubGenre",
    "Subscription",
    "TokenIntrospection",
    "Track",
    "TrackHit",
    "TrackOrder",
]

MAX_IMAGE_SIZE: Final = 10_000
"""The largest width or height :meth:`Image.sized` accepts (Beatport serves up to ~1500)."""


class DownloadQuality(OpenEnum):
    """The ``quality`` values of ``/catalog/tracks/{id}/download/``."""

    MEDIUM = "medium"
    """128 kbps AAC."""
    HIGH = "high"
    """256 kbps AAC."""
    LOSSLESS = "lossless"
    """FLAC."""


class SearchType(OpenEnum):
    """What ``/catalog/search/`` looks through (its ``type`` parameter)."""

    TRACKS = "tracks"
    ARTISTS = "artists"
    LABELS = "labels"
    RELEASES = "releases"
    CHARTS = "charts"


class TrackOrder(OpenEnum):
    """Orders accepted by ``tracks.list(order_by=...)``; a leading ``-`` means descending."""

    PUBLISH_DATE = "publish_date"
    PUBLISH_DATE_DESC = "-publish_date"
    RELEASE_DATE = "release_date"
    RELEASE_DATE_DESC = "-release_date"
    RELEASE_ID = "release_id"
    RELEASE_ID_DESC = "-release_id"
    GENRE = "genre"
    GENRE_DESC = "-genre"
    LABEL = "label"
    LABEL_DESC = "-label"
    NAME = "name"
    NAME_DESC = "-name"


@frozen(kw_only=True)
class BeatportModel(ExactModel):
    """Base of every Beatport model.

    Beatport embeds the same resource in different shapes: an artist inside a
    track has five keys, ``/catalog/artists/{id}/`` sends more; tracks of 2021
    lack keys added since. One model per resource declares every key any shape
    has, optional unless always sent, and the converter remembers which
    of them a response left out, so that unstructuring writes back exactly the
    keys that came (a response round-trips key for key). A model built by hand
    unstructures every field.
    """


# --- small shared shapes -----------------------------------------------------------------


@frozen(kw_only=True)
class Image(BeatportModel):
    """An image on Beatport's media host, with a template URL for any size."""

    id: int | None = None
    """The image's id."""
    uri: str | None = None
    """The image at the size Beatport chose, e.g. ``.../image_size/590x404/<uuid>.jpg``."""
    dynamic_uri: str | None = None
    """The same image with a ``{w}x{h}`` placeholder for the size; see :meth:`sized`."""
    guid: str | None = None
    """The image's UUID, when sent (images of DJ profiles)."""
    media_url: str | None = None
    """The image at a fixed size, when sent instead of ``uri`` (DJ profiles)."""
    url: str | None = None
    """The image's API URL (``/v4/media/images/{id}/``), when sent."""

    def sized(self, width: int, height: int) -> str:
        """The image's URL at ``width`` x ``height`` pixels (fills ``dynamic_uri``).

        Common sizes are 100x100, 250x250, 500x500, 590x404 and 1400x1400.

        Example::

            track.release.image.sized(500, 500)
            # 'https://geo-media.beatport.com/image_size/500x500/c10fd066-....jpg'

        Args:
            width: Width in pixels, 1 to :data:`MAX_IMAGE_SIZE`.
            height: Height in pixels, 1 to :data:`MAX_IMAGE_SIZE`.

        Returns:
            The URL.

        Raises:
            TypeError: A size is not an ``int``.
            ValueError: A size is out of range, or the image has no ``dynamic_uri``
                with a ``{w}x{h}`` placeholder.
        """
        w = check_int("width", width, minimum=1, maximum=MAX_IMAGE_SIZE)
        h = check_int("height", height, minimum=1, maximum=MAX_IMAGE_SIZE)
        template = self.dynamic_uri
        if not template or "{w}" not in template or "{h}" not in template:
            raise ValueError("this image has no dynamic_uri with a {w}x{h} placeholder")
        return template.replace("{w}", str(w)).replace("{h}", str(h))


@frozen(kw_only=True)
class Price(BeatportModel):
    """A price: ``{"code": "USD", "symbol": "$", "value": 1.49, "display": "$1.49"}``."""

    code: str
    """ISO 4217 currency code."""
    value: Decimal
    """The amount, exact (``1.49`` arrives as a JSON float and becomes ``Decimal("1.49")``)."""
    symbol: str | None = None
    """Currency symbol, e.g. ``"$"``."""
    display: str | None = None
    """The amount formatted for display, e.g. ``"$1.49"`` (newer responses)."""


@frozen(kw_only=True)
class BpmRange(BeatportModel):
    """A release's tempo range."""

    min: int | None = None
    """Slowest track's BPM."""
    max: int | None = None
    """Fastest track's BPM."""


@frozen(kw_only=True)
class AuxiliaryItem(BeatportModel):
    """An entry of one of Beatport's auxiliary lookup tables (``{id, name, url}``)."""

    id: int
    """The entry's id."""
    name: str | None = None
    """Its name, e.g. ``"General Content"``."""
    url: str | None = None
    """Its API URL."""


@frozen(kw_only=True)
class CurrentStatus(AuxiliaryItem):
    """A track's or release's status (``/auxiliary/current-status/{id}/``)."""


@frozen(kw_only=True)
class SaleType(AuxiliaryItem):
    """How an item is sold, e.g. ``"purchase"`` (``/auxiliary/sale-types/{id}/``)."""


@frozen(kw_only=True)
class ExclusivePeriod(AuxiliaryItem):
    """An exclusivity window (``/auxiliary/exclusive-period/{id}/``)."""

    days: int | None = None
    """Length of the window in days, when sent."""
    description: str | None = None
    """What the window means, when sent."""


@frozen(kw_only=True)
class ItemType(AuxiliaryItem):
    """A kind of catalog item (``/auxiliary/item-types/``)."""


@frozen(kw_only=True)
class PageModuleType(AuxiliaryItem):
    """A kind of module on a curated page (``/auxiliary/page-module-types/``)."""


@frozen(kw_only=True)
class PageType(AuxiliaryItem):
    """A kind of curated page (``/auxiliary/page-types/``)."""


@frozen(kw_only=True)
class SourceType(AuxiliaryItem):
    """A source of catalog content (``/auxiliary/source-types/``)."""


@frozen(kw_only=True)
class ReleaseType(BeatportModel):
    """A release's type as an object (``{"id": 1, "name": "Release"}``)."""

    id: int | None = None
    """The type's id."""
    name: str | None = None
    """Its name; ``"Release"``, ``"Album"``, ``"EP"``..."""


# --- catalog -------------------------------------------------------------------------------


@frozen(kw_only=True)
class ChordType(BeatportModel):
    """A chord type of a musical key (``/catalog/chord-types/{id}/``): major or minor."""

    id: int
    """The chord type's id (``1`` minor, ``2`` major)."""
    name: str | None = None
    """``"Major"`` or ``"Minor"``."""
    url: str | None = None
    """Its API URL."""


@frozen(kw_only=True)
class Key(BeatportModel):
    """A musical key (``/catalog/keys/{id}/``), with its Camelot wheel position."""

    id: int | None = None
    """The key's id (left out by some track shapes, which send only name and Camelot)."""
    name: str | None = None
    """E.g. ``"A Major"`` (older responses; ``"A min"``)."""
    url: str | None = None
    """Its API URL."""
    letter: str | None = None
    """The root note's letter, e.g. ``"A"``."""
    is_sharp: bool | None = None
    """Whether the root is sharp."""
    is_flat: bool | None = None
    """Whether the root is flat."""
    chord_type: ChordType | None = None
    """Major or minor."""
    camelot_number: int | None = None
    """Camelot wheel number, 1 to 12."""
    camelot_letter: str | None = None
    """Camelot wheel letter; ``"A"`` (minor) or ``"B"`` (major)."""
    camelot: str | None = None
    """The Camelot code as one string (``"8A"``), as some responses send it."""

    @property
    def camelot_code(self) -> str | None:
        """The Camelot code, e.g. ``"11B"``, from whichever fields the response had."""
        if self.camelot_number is not None and self.camelot_letter:
            return f"{self.camelot_number}{self.camelot_letter}"
        return self.camelot


@frozen(kw_only=True)
class SubGenre(BeatportModel):
    """A sub-genre (``/catalog/sub-genres/{id}/``)."""

    id: int
    """The sub-genre's id."""
    name: str | None = None
    """Its name."""
    slug: str | None = None
    """URL-friendly name."""
    url: str | None = None
    """Its API URL."""
    enabled: bool | None = None
    """Whether it is in use."""
    genre: Genre | None = None
    """The parent genre, when sent."""


@frozen(kw_only=True)
class Genre(BeatportModel):
    """A genre (``/catalog/genres/{id}/``), or the genre embedded in a track."""

    id: int
    """The genre's id (``6`` is Techno (Peak Time / Driving))."""
    name: str | None = None
    """Its name."""
    slug: str | None = None
    """URL-friendly name."""
    url: str | None = None
    """Its API URL."""
    enabled: bool | None = None
    """Whether it is in use."""
    is_included_in_hype: bool | None = None
    """Whether Hype labels may publish in it."""
    sub_genres: list[SubGenre] = field(factory=list)
    """Its sub-genres, when sent."""


@frozen(kw_only=True)
class Artist(BeatportModel):
    """An artist (``/catalog/artists/{id}/``), or one credited on a track or release."""

    id: int
    """The artist's id."""
    name: str | None = None
    """Their name."""
    slug: str | None = None
    """URL-friendly name."""
    url: str | None = None
    """Their API URL."""
    image: Image | None = None
    """Their picture."""
    bio: str | None = None
    """Biography, on the artist endpoint."""
    website: str | None = None
    """Their website, on the artist endpoint."""
    enabled: bool | None = None
    """Whether the profile is live."""
    dj_association: Any = None
    """Their DJ profile as the API sends it, when linked."""


@frozen(kw_only=True)
class Label(BeatportModel):
    """A label (``/catalog/labels/{id}/``), or the label embedded in a release."""

    id: int
    """The label's id."""
    name: str | None = None
    """Its name."""
    slug: str | None = None
    """URL-friendly name."""
    url: str | None = None
    """Its API URL."""
    image: Image | None = None
    """Its logo."""
    bio: str | None = None
    """Description, on the label endpoint."""
    enabled: bool | None = None
    """Whether the label is live."""
    has_exclusive_contract: bool | None = None
    """Whether its releases are Beatport exclusives by contract."""
    is_available_for_streaming: bool | None = None
    """Whether its catalog can be streamed."""
    is_available_for_bundle_subscription: bool | None = None
    """Whether its catalog is in bundle subscriptions."""
    is_available_for_hype: bool | None = None
    """Whether it is a Hype label."""
    latest_active_publish_date: date | None = None
    """When it last published."""


@frozen(kw_only=True)
class Release(BeatportModel):
    """A release (``/catalog/releases/{id}/``), or the release embedded in a track."""

    id: int
    """The release's id."""
    name: str | None = None
    """Its title."""
    slug: str | None = None
    """URL-friendly title."""
    url: str | None = None
    """Its API URL."""
    image: Image | None = None
    """Cover art."""
    label: Label | None = None
    """The label."""
    artists: list[Artist] = field(factory=list)
    """Credited artists."""
    remixers: list[Artist] = field(factory=list)
    """Credited remixers."""
    catalog_number: str | None = None
    """The label's catalog number."""
    upc: str | None = None
    """Universal Product Code."""
    type: str | ReleaseType | None = None
    """Release type; a name (``"EP"``) or an object (``{"id", "name"}``), as sent."""
    desc: str | None = None
    """Description."""
    bpm_range: BpmRange | None = None
    """Tempo range of its tracks."""
    tracks: list[Any] = field(factory=list)
    """Its tracks as the release endpoint lists them (track URLs or objects)."""
    track_count: int | None = None
    """How many tracks it has."""
    price: Price | None = None
    """Price of the whole release."""
    publish_date: date | None = None
    """When it was published on Beatport."""
    new_release_date: date | None = None
    """Its release date."""
    pre_order: bool | None = None
    """Whether it is on pre-order."""
    pre_order_date: date | None = None
    """When pre-orders opened."""
    encoded_date: datetime | None = None
    """When it was encoded (tz-aware)."""
    exclusive: bool | None = None
    """Whether it is a Beatport exclusive."""
    is_available_for_streaming: bool | None = None
    """Whether it can be streamed."""
    is_hype: bool | None = None
    """Whether it is a Hype release."""
    enabled: bool | None = None
    """Whether it is live."""


@frozen(kw_only=True)
class Sample:
    """A track's preview clip: an MP3 URL and the window of the track it covers."""

    url: str
    """The preview MP3 (``https://geo-samples.beatport.com/track/<uuid>.LOFI.mp3``)."""
    start_ms: int | None = None
    """Where the preview starts in the full track, in milliseconds."""
    end_ms: int | None = None
    """Where it ends, in milliseconds."""

    @property
    def duration_ms(self) -> int | None:
        """The preview's length in milliseconds, when both ends are known."""
        if self.start_ms is None or self.end_ms is None:
            return None
        return self.end_ms - self.start_ms


@frozen(kw_only=True)
class Track(BeatportModel):
    """A track (``/catalog/tracks/{id}/`` and every track list).

    Every key Beatport sent in 2026 is a field; keys older (2021) responses lack
    are optional, and keys this version does not know are kept in :attr:`extra`.
    """

    id: int
    """The track's id."""
    name: str
    """Its title, e.g. ``"Digital Love"``."""
    mix_name: str | None = None
    """The mix, e.g. ``"Original Mix"``."""
    slug: str | None = None
    """URL-friendly title."""
    url: str | None = None
    """Its API URL."""
    artists: list[Artist] = field(factory=list)
    """Credited artists."""
    remixers: list[Artist] = field(factory=list)
    """Credited remixers."""
    bsrc_remixer: list[Any] = field(factory=list)
    """Beatsource remixer credits, as sent."""
    release: Release | None = None
    """The release it is on (id, name, image, label, slug)."""
    genre: Genre | None = None
    """Its genre."""
    sub_genre: SubGenre | None = None
    """Its sub-genre (often ``null``)."""
    bpm: int | None = None
    """Tempo in beats per minute."""
    key: Key | None = None
    """Musical key, with its Camelot position."""
    length: str | None = None
    """Duration as ``"m:ss"``, e.g. ``"5:01"``."""
    length_ms: int | None = None
    """Duration in milliseconds (one no ``timedelta`` holds is refused when read)."""
    isrc: str | None = None
    """International Standard Recording Code."""
    catalog_number: str | None = None
    """The release's catalog number."""
    label_track_identifier: str | None = None
    """The label's own id for the track."""
    price: Price | None = None
    """Price of the track."""
    publish_date: date | None = None
    """When it was published on Beatport."""
    new_release_date: date | None = None
    """Its release date."""
    pre_order: bool | None = None
    """Whether it is on pre-order."""
    pre_order_date: date | None = None
    """When pre-orders opened."""
    encoded_date: datetime | None = None
    """When it was encoded (tz-aware, with the offset Beatport sent)."""
    publish_status: str | None = None
    """Publication state, e.g. ``"published"``."""
    current_status: CurrentStatus | None = None
    """Catalog status, e.g. ``General Content``."""
    sale_type: SaleType | None = None
    """How it is sold, e.g. ``purchase``."""
    exclusive: bool | None = None
    """Whether it is a Beatport exclusive."""
    available_worldwide: bool | None = None
    """Whether it is sold in every territory."""
    is_available_for_streaming: bool | None = None
    """Whether it can be streamed."""
    is_explicit: bool | None = None
    """Whether it has explicit lyrics."""
    is_hype: bool | None = None
    """Whether it is a Hype track."""
    is_classic: bool | None = None
    """Whether it is flagged as a classic."""
    is_ugc_remix: bool | None = None
    """Whether it is a user-generated remix."""
    is_dj_edit: bool | None = None
    """Whether it is a DJ edit."""
    free_downloads: list[Any] = field(factory=list)
    """Free download offers, as sent."""
    free_download_start_date: date | None = None
    """When a free download opens (a ``datetime`` if Beatport sends a time)."""
    free_download_end_date: date | None = None
    """When a free download closes (a ``datetime`` if Beatport sends a time)."""
    image: Image | None = None
    """The track's waveform image."""
    sample_url: str | None = None
    """Preview MP3 URL; see :attr:`sample`."""
    sample_start_ms: int | None = None
    """Where the preview starts, in milliseconds."""
    sample_end_ms: int | None = None
    """Where the preview ends, in milliseconds."""

    @property
    def sample(self) -> Sample | None:
        """The preview clip (URL and window), or ``None`` when the track has none."""
        if not self.sample_url:
            return None
        return Sample(url=self.sample_url, start_ms=self.sample_start_ms, end_ms=self.sample_end_ms)

    @property
    def duration(self) -> timedelta | None:
        """The track's length, from ``length_ms``."""
        return None if self.length_ms is None else timedelta(milliseconds=self.length_ms)

    @property
    def full_name(self) -> str:
        """Title and mix, as Beatport shows them; ``"Digital Love (Original Mix)"``."""
        return f"{self.name} ({self.mix_name})" if self.mix_name else self.name


@frozen(kw_only=True)
class Chart(BeatportModel):
    """A DJ or editorial chart (``/catalog/charts/{id}/``)."""

    id: int
    """The chart's id."""
    name: str | None = None
    """Its title."""
    slug: str | None = None
    """URL-friendly title."""
    url: str | None = None
    """Its API URL."""
    image: Image | None = None
    """Its artwork."""
    description: str | None = None
    """Its description."""
    genres: list[Genre] = field(factory=list)
    """Genres it covers."""
    track_count: int | None = None
    """How many tracks it has."""
    artist: Artist | None = None
    """The artist who made it, when it is an artist's chart."""
    person: Any = None
    """The DJ profile that made it, as sent, when it is a DJ's chart."""
    publish_date: date | None = None
    """When it was published."""
    add_date: datetime | None = None
    """When it was created (tz-aware)."""
    change_date: datetime | None = None
    """When it last changed (tz-aware)."""
    enabled: bool | None = None
    """Whether it is live."""
    is_approved: bool | None = None
    """Whether Beatport approved it."""
    is_published: bool | None = None
    """Whether it is published."""
    is_indexed: bool | None = None
    """Whether it is searchable."""
    is_curated_playlist: bool | None = None
    """Whether it is a curated playlist."""
    price: Price | None = None
    """Price of all its tracks."""


@frozen(kw_only=True)
class Playlist(BeatportModel):
    """A Beatport playlist (``/catalog/playlists/{id}/``)."""

    id: int
    """The playlist's id."""
    name: str | None = None
    """Its title."""
    slug: str | None = None
    """URL-friendly title."""
    url: str | None = None
    """Its API URL."""
    image: Image | None = None
    """Its artwork."""
    description: str | None = None
    """Its description."""
    genres: list[Genre] = field(factory=list)
    """Genres it covers."""
    track_count: int | None = None
    """How many tracks it has."""
    length_ms: int | None = None
    """Total running time in milliseconds."""
    bpm_range: BpmRange | None = None
    """Tempo range of its tracks."""
    is_public: bool | None = None
    """Whether anyone may see it."""
    created_date: datetime | None = None
    """When it was created (tz-aware)."""
    updated_date: datetime | None = None
    """When it last changed (tz-aware)."""


@frozen(kw_only=True)
class PlaylistEntry(BeatportModel):
    """One entry of ``/catalog/playlists/{id}/tracks/``: a track at a position."""

    track: Track
    """The track."""
    id: int | None = None
    """The entry's own id (not the track's)."""
    position: int | None = None
    """1-based position in the playlist."""
    tombstoned: bool | None = None
    """Whether the track is no longer available, though still listed."""


# --- curation ------------------------------------------------------------------------------


@frozen(kw_only=True)
class CurationPage(BeatportModel):
    """A curated page of Beatport's storefront (``/curation/pages/``)."""

    id: int
    """The page's id."""
    name: str | None = None
    """Its name."""
    slug: str | None = None
    """URL-friendly name."""
    url: str | None = None
    """Its API URL."""
    page_type: PageType | None = None
    """What kind of page it is."""
    enabled: bool | None = None
    """Whether it is live."""
    module_count: int | None = None
    """How many modules the page has."""


@frozen(kw_only=True)
class PageModuleStyle(BeatportModel):
    """A display style of a page module (``/curation/page-module-styles/``)."""

    id: int
    """The style's id."""
    name: str | None = None
    """Its name."""
    slug: str | None = None
    """URL-friendly name."""
    url: str | None = None
    """Its API URL."""


# --- media -------------------------------------------------------------------------------


@frozen(kw_only=True)
class StreamInfo(BeatportModel):
    """Where to stream a whole track (``/catalog/tracks/{id}/stream/``).

    ``stream_url`` is a signed, short-lived HLS playlist (128 kbps AAC, AES-128
    segments) on Beatport's stream host; ask again once it has expired. It is a
    credential of sorts, so it is left out of ``repr``.
    """

    stream_url: str = field(repr=False)
    """The HLS (``.m3u8``) playlist URL, signed and short-lived."""
    sample_start_ms: int | None = None
    """Start of the streamable window, in milliseconds (``0`` for the full track)."""
    sample_end_ms: int | None = None
    """End of the window in milliseconds; the full track's length, not a preview."""


@frozen(kw_only=True)
class DownloadInfo(BeatportModel):
    """Where to download a purchased track (``/catalog/tracks/{id}/download/``).

    ``location`` is a signed, short-lived URL, left out of ``repr``.
    """

    location: str = field(repr=False)
    """The file's URL, signed and short-lived."""
    stream_quality: str | None = None
    """The encoding delivered, e.g. ``".128k.aac.mp4"``."""


# --- the user ------------------------------------------------------------------------------


@frozen(kw_only=True)
class TokenIntrospection(BeatportModel):
    """What Beatport says about the current access token (``/auth/o/introspect/``)."""

    active: bool | None = None
    """Whether the token is valid now."""
    scope: str | None = None
    """Granted scopes, space separated (e.g. ``"app:locker user:dj"``)."""
    client_id: str | None = None
    """The OAuth client the token was issued to."""
    username: str | None = None
    """The user's login name."""
    user_id: int | None = None
    """The user's id."""
    token_type: str | None = None
    """The token type, e.g. ``"Bearer"``."""
    exp: int | None = None
    """Expiry as a Unix timestamp; see :attr:`expires_at`."""
    iat: int | None = None
    """Issue time as a Unix timestamp, when sent."""
    email: str | None = None
    """The user's e-mail address, when sent."""
    first_name: str | None = None
    """The user's first name, when sent."""
    last_name: str | None = None
    """The user's last name, when sent."""
    subscription: str | None = None
    """The user's subscription code (e.g. ``"bp_link_pro"``), when sent."""
    application_id: int | None = None
    """The id of the OAuth application behind ``client_id``, when sent."""
    feature: list[str] = field(factory=list)
    """Feature flags of the token's user, when sent."""

    @property
    def expires_at(self) -> datetime | None:
        """When the token expires (tz-aware UTC), from ``exp``."""
        return None if self.exp is None else datetime.fromtimestamp(self.exp, tz=UTC)


@frozen(kw_only=True)
class DjProfile(BeatportModel):
    """A user's public DJ profile, as embedded in their account."""

    id: int
    """The profile's id."""
    name: str | None = None
    """The DJ name shown on the profile."""
    slug: str | None = None
    """URL slug of the profile."""
    bio: str | None = None
    """Free text by the DJ."""
    enabled: bool | None = None
    """Whether the profile is active."""
    is_indexed: bool | None = None
    """Whether search engines may index it."""
    image: Image | None = None
    """The profile picture."""
    genres: list[Genre] = field(factory=list)
    """The genres the DJ plays."""
    person: str | None = None
    """The API URL of the user the profile belongs to."""
    associated_artist: Any = None
    """The catalog artist the profile is linked to; ``null`` in every answer recorded so
    far, so its shape is kept as sent."""
    facebook_comments_enabled: bool | None = None
    """Whether Facebook comments are shown."""
    soundcloud_id: int | str | None = None
    """The linked SoundCloud account, if any."""
    soundcloud_mode: bool | None = None
    """Whether the profile plays from SoundCloud."""


@frozen(kw_only=True)
class PushNotificationSettings(BeatportModel):
    """Which mobile push notifications the user receives."""

    my_beatport_artists: bool | None = None
    """New releases of followed artists."""
    my_beatport_labels: bool | None = None
    """New releases of followed labels."""


@frozen(kw_only=True)
class AccountPreferences(BeatportModel):
    """The user's store and player preferences."""

    person: int | None = None
    """The user's person id."""
    language: str | None = None
    """Interface language, e.g. ``"en-US"``."""
    audio_format_id: int | None = None
    """The download format chosen (an id of ``/auxiliary/audio-formats/``)."""
    streaming_audio_format_id: int | None = None
    """The streaming format chosen."""
    default_cart_name: str | None = None
    """The cart purchases go to by default."""
    filename_convention: str | None = None
    """Template of downloaded file names, e.g. ``"{artists} - {track_name} ({mix_name})"``."""
    in_app_message_opt_out: bool | None = None
    """Whether in-app messages are refused; ``null`` until the user chose."""
    mobile_push_notification_is_enabled: bool | None = None
    """Whether mobile push notifications are on."""
    mobile_push_notification_settings: PushNotificationSettings | None = None
    """Which push notifications are on."""


@frozen(kw_only=True)
class Account(BeatportModel):
    """The logged-in user's account (``/my/account/``), as api.beatport.com sends it.

    Every field but ``id`` may be left out; ``null`` is kept where Beatport sends it
    (``phone_number``, ``phone_primary`` and ``dj_profile`` for users without one).
    """

    id: int
    """The user's id."""
    username: str | None = None
    """Login name."""
    email: str | None = None
    """E-mail address."""
    email_confirmed: bool | None = None
    """Whether the e-mail address was confirmed."""
    first_name: str | None = None
    """First name."""
    last_name: str | None = None
    """Last name."""
    name: str | None = None
    """Full name, as Beatport displays it."""
    person_id: int | None = None
    """The id of the person record behind the account."""
    enabled: bool | None = None
    """Whether the account is active."""
    onboarding_completed: bool | None = None
    """Whether the user finished the welcome steps."""
    phone_number: str | None = None
    """Phone number, if the user gave one."""
    phone_primary: str | None = None
    """Primary phone number, if the user gave one."""
    registration_date: datetime | None = None
    """When the user registered (tz-aware)."""
    register_country_id: int | None = None
    """The country the user registered from (a Beatport country id)."""
    register_ip_address: str | None = field(default=None, repr=False)
    """The IP address the user registered from (personal data; not in ``repr``)."""
    last_login: datetime | None = None
    """The last login (tz-aware)."""
    failed_login_count: int | None = None
    """Failed logins since the last successful one."""
    forgot_password_status: bool | None = None
    """Whether a password reset is pending."""
    total_orders: int | None = None
    """How many orders the user placed."""
    exclude_purchases_from_charts: bool | None = None
    """Whether the user's purchases are left out of the sales charts."""
    decline_transactions: bool | None = None
    """Whether the store refuses the user's purchases."""
    bypass_fraud_service: bool | None = None
    """Whether purchases skip the fraud check."""
    source_type: SourceType | None = None
    """Where the account came from."""
    dj_profile: DjProfile | None = None
    """The user's DJ profile, if they have one."""
    preferences: AccountPreferences | None = None
    """Store and player preferences."""
    add_date: date | None = None
    """The day the account record was created."""
    add_by: int | None = None
    """Who created the record (a staff user id; 0 for the user themself)."""
    change_date: date | None = None
    """The day the account record last changed."""
    change_by: int | None = None
    """Who last changed the record (a user id)."""
    created: datetime | None = None
    """When the account was created (tz-aware); not sent by api.beatport.com, which
    sends ``registration_date`` and ``add_date``."""
    modified: datetime | None = None
    """When it last changed (tz-aware); not sent by api.beatport.com, which sends
    ``change_date``."""


@frozen(kw_only=True)
class MyBeatport(BeatportModel):
    """The user's My Beatport profile: followed artists and labels (``/my/beatport/``)."""

    id: int | None = None
    """The profile's (the user's) id."""
    username: str | None = None
    """The user's login name."""
    artists: list[Artist] = field(factory=list)
    """Followed artists."""
    labels: list[Label] = field(factory=list)
    """Followed labels."""
    genres: list[Genre] = field(factory=list)
    """Followed genres, when sent."""
    tracks_count: int | None = None
    """How many tracks ``/my/beatport/tracks/`` lists."""
    tracks_url: str | None = None
    """The API URL of those tracks."""


@frozen(kw_only=True)
class Subscription(BeatportModel):
    """One of the user's subscriptions (``/my/subscriptions``): their streaming tier.

    Dates are ``date`` values, or ``datetime`` when Beatport sends a time.
    """

    id: int | None = None
    """The subscription's id."""
    subscription: str | None = None
    """The plan's code, e.g. ``"bp_link_pro"``."""
    name: str | None = None
    """The plan's name, e.g. ``"Beatport Streaming Professional"``."""
    status: str | None = None
    """Its state, e.g. ``"active"``."""
    is_trial: bool | None = None
    """Whether it is a free trial."""
    is_active: bool | None = None
    """Whether it is in force now, when sent."""
    start_date: date | None = None
    """When it started."""
    renewal_date: date | None = None
    """When it renews."""
    end_date: date | None = None
    """When it ends, when it does."""


# --- search documents ----------------------------------------------------------------------


@frozen(kw_only=True)
class HitGenre(BeatportModel):
    """A genre in a search document (``{"genre_id", "genre_name"}``)."""

    genre_id: int
    """The genre's id."""
    genre_name: str | None = None
    """Its name."""


@frozen(kw_only=True)
class HitSubGenre(BeatportModel):
    """A sub-genre in a search document."""

    sub_genre_id: int
    """The sub-genre's id."""
    sub_genre_name: str | None = None
    """Its name."""


@frozen(kw_only=True)
class HitArtist(BeatportModel):
    """An artist credited in a search document."""

    artist_id: int
    """The artist's id."""
    artist_name: str | None = None
    """Their name."""
    artist_type_name: str | None = None
    """Their role; ``"Artist"`` or ``"Remixer"``."""


@frozen(kw_only=True)
class HitLabel(BeatportModel):
    """A label in a search document."""

    label_id: int
    """The label's id."""
    label_name: str | None = None
    """Its name."""


@frozen(kw_only=True)
class HitRelease(BeatportModel):
    """A release in a search document."""

    release_id: int
    """The release's id."""
    release_name: str | None = None
    """Its title."""
    release_image_uri: str | None = None
    """Cover art URL."""
    release_image_dynamic_uri: str | None = None
    """Cover art URL template with ``{w}x{h}``."""


def _hit_image(uri: str | None, dynamic_uri: str | None) -> Image | None:
    if uri is None and dynamic_uri is None:
        return None
    return Image(uri=uri, dynamic_uri=dynamic_uri)


@frozen(kw_only=True)
class TrackHit(BeatportModel):
    """A track found by ``/catalog/search/`` (the search index's document shape)."""

    track_id: int
    """The track's id (``tracks.get()`` takes it)."""
    track_name: str | None = None
    """Its title."""
    mix_name: str | None = None
    """The mix."""
    score: float | None = None
    """Relevance; higher is better."""
    artists: list[HitArtist] = field(factory=list)
    """Credited artists and remixers."""
    genre: list[HitGenre] = field(factory=list)
    """Its genres."""
    sub_genre: HitSubGenre | None = None
    """Its sub-genre."""
    label: HitLabel | None = None
    """Its label."""
    release: HitRelease | None = None
    """Its release."""
    bpm: int | None = None
    """Tempo."""
    key_name: str | None = None
    """Musical key, e.g. ``"A Major"``."""
    isrc: str | None = None
    """ISRC."""
    length: int | None = None
    """Duration in milliseconds."""
    publish_date: date | None = None
    """When it was published."""
    catalog_number: str | None = None
    """The release's catalog number."""
    track_image_uri: str | None = None
    """Waveform image URL."""
    track_image_dynamic_uri: str | None = None
    """Waveform image URL template."""
    sample_url: str | None = None
    """Preview MP3 URL."""
    is_available_for_streaming: bool | None = None
    """Whether it can be streamed."""

    @property
    def id(self) -> int:
        """The track's id (as in :attr:`Track.id`)."""
        return self.track_id

    @property
    def name(self) -> str | None:
        """The track's title (as in :attr:`Track.name`)."""
        return self.track_name

    @property
    def image(self) -> Image | None:
        """The waveform image, with :meth:`Image.sized`."""
        return _hit_image(self.track_image_uri, self.track_image_dynamic_uri)


@frozen(kw_only=True)
class ArtistHit(BeatportModel):
    """An artist found by ``/catalog/search/``."""

    artist_id: int
    """The artist's id."""
    artist_name: str | None = None
    """Their name."""
    score: float | None = None
    """Relevance; higher is better."""
    genre: list[HitGenre] = field(factory=list)
    """Genres they publish in."""
    artist_image_uri: str | None = None
    """Picture URL."""
    artist_image_dynamic_uri: str | None = None
    """Picture URL template."""

    @property
    def id(self) -> int:
        """The artist's id."""
        return self.artist_id

    @property
    def name(self) -> str | None:
        """The artist's name."""
        return self.artist_name

    @property
    def image(self) -> Image | None:
        """The picture, with :meth:`Image.sized`."""
        return _hit_image(self.artist_image_uri, self.artist_image_dynamic_uri)


@frozen(kw_only=True)
class LabelHit(BeatportModel):
    """A label found by ``/catalog/search/``."""

    label_id: int
    """The label's id."""
    label_name: str | None = None
    """Its name."""
    score: float | None = None
    """Relevance; higher is better."""
    label_image_uri: str | None = None
    """Logo URL."""
    label_image_dynamic_uri: str | None = None
    """Logo URL template."""

    @property
    def id(self) -> int:
        """The label's id."""
        return self.label_id

    @property
    def name(self) -> str | None:
        """The label's name."""
        return self.label_name

    @property
    def image(self) -> Image | None:
        """The logo, with :meth:`Image.sized`."""
        return _hit_image(self.label_image_uri, self.label_image_dynamic_uri)


@frozen(kw_only=True)
class ReleaseHit(BeatportModel):
    """A release found by ``/catalog/search/``."""

    release_id: int
    """The release's id."""
    release_name: str | None = None
    """Its title."""
    score: float | None = None
    """Relevance; higher is better."""
    release_image_uri: str | None = None
    """Cover art URL."""
    release_image_dynamic_uri: str | None = None
    """Cover art URL template."""
    artists: list[HitArtist] = field(factory=list)
    """Credited artists."""
    label: HitLabel | None = None
    """Its label."""
    genre: list[HitGenre] = field(factory=list)
    """Its genres."""
    catalog_number: str | None = None
    """Catalog number."""
    upc: str | None = None
    """Universal Product Code."""
    publish_date: date | None = None
    """When it was published."""
    track_count: int | None = None
    """How many tracks it has."""

    @property
    def id(self) -> int:
        """The release's id."""
        return self.release_id

    @property
    def name(self) -> str | None:
        """The release's title."""
        return self.release_name

    @property
    def image(self) -> Image | None:
        """The cover art, with :meth:`Image.sized`."""
        return _hit_image(self.release_image_uri, self.release_image_dynamic_uri)


@frozen(kw_only=True)
class ChartHit(BeatportModel):
    """A chart found by ``/catalog/search/``."""

    chart_id: int
    """The chart's id."""
    chart_name: str | None = None
    """Its title."""
    score: float | None = None
    """Relevance; higher is better."""
    chart_image_uri: str | None = None
    """Artwork URL."""
    chart_image_dynamic_uri: str | None = None
    """Artwork URL template."""
    artist_id: int | None = None
    """The curating artist's id."""
    artist_name: str | None = None
    """The curating artist's name."""
    genres: list[HitGenre] = field(factory=list)
    """Its genres."""
    publish_date: date | None = None
    """When it was published."""
    track_count: int | None = None
    """How many tracks it has."""

    @property
    def id(self) -> int:
        """The chart's id."""
        return self.chart_id

    @property
    def name(self) -> str | None:
        """The chart's title."""
        return self.chart_name

    @property
    def image(self) -> Image | None:
        """The artwork, with :meth:`Image.sized`."""
        return _hit_image(self.chart_image_uri, self.chart_image_dynamic_uri)


@frozen(kw_only=True)
class SearchResults(BeatportModel):
    """One page of ``/catalog/search/`` across every type.

    Beatport answers either with search documents (``{"tracks": {"data": [...]}}``,
    as documented: :class:`TrackHit` and its siblings) or with catalog objects
    (``{"tracks": [...]}``: :class:`Track` and its siblings); each item is decoded
    as what it is. Both kinds have ``id``, ``name`` and ``image``.
    """

    tracks: list[TrackHit | Track] = field(factory=list)
    """Matching tracks."""
    artists: list[ArtistHit | Artist] = field(factory=list)
    """Matching artists."""
    labels: list[LabelHit | Label] = field(factory=list)
    """Matching labels."""
    releases: list[ReleaseHit | Release] = field(factory=list)
    """Matching releases."""
    charts: list[ChartHit | Chart] = field(factory=list)
    """Matching charts."""
