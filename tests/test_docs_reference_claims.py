"""docs/reference.md's prose claims (what it says about names, not the autodoc output).

The page said every model of the four services derives from ``Model`` and every enum
from ``OpenEnum`` or ``OpenIntEnum``: BeatConnect's webhook events and ``EventType``, and
a few records beatkit builds itself, do not. It now says which; these tests walk the
service packages and hold the page to what they find.
"""

from __future__ import annotations

import enum
import importlib
import inspect
import pkgutil
import typing
from collections.abc import Iterator

import attrs
import pytest

import beatkit
from beatkit._core.enums import OpenEnum, OpenIntEnum
from beatkit._core.model import ExactModel, Model

SERVICES = ("beatport", "beatpass", "beatconnect", "beattech")


def classes(service: str) -> Iterator[type]:
    """The classes defined in ``beatkit.<service>`` and its submodules, each once."""
    package = importlib.import_module(f"beatkit.{service}")
    seen: set[type] = set()
    for info in pkgutil.walk_packages(package.__path__, f"beatkit.{service}."):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if (
                inspect.isclass(value)
                and value.__module__ == module.__name__
                and not name.startswith("_")
                and value not in seen
            ):
                seen.add(value)
                yield value


@pytest.mark.parametrize("service", SERVICES)
def test_every_model_in_a_models_module_derives_from_model_but_the_named_records(
    service: str,
) -> None:
    # "Every model the four services decode from an API answer derives from Model
    # (Beatport's, BeatPass's and BeatConnect's through ExactModel). ... the records beatkit
    # builds itself (such as Beatport's Track.sample, BeatPass's UploadProgress or the
    # results of Beat Technology's bt.sync) are plain frozen attrs classes, without extra."
    built_by_beatkit = {
        "beatport": {"Sample"},
        "beatpass": {"UploadProgress"},
        "beatconnect": set(),
        "beattech": {"BatchRequest", "ChangeFeed", "PushResult", "SyncResult"},
    }[service]
    plain: set[str] = set()
    for cls in classes(service):
        if not attrs.has(cls) or cls.__module__ != f"beatkit.{service}.models":
            continue
        if issubclass(cls, Model):
            if service != "beattech":
                assert issubclass(cls, ExactModel), cls
        else:
            plain.add(cls.__name__)
            assert "extra" not in attrs.fields_dict(cls)
            with pytest.raises(attrs.exceptions.FrozenInstanceError):
                object.__new__(cls).__setattr__("x", 1)
    assert plain == built_by_beatkit


def test_beatconnect_webhook_events_are_plain_frozen_attrs_classes() -> None:
    # "BeatConnect's webhook events (WebhookEvent and its payloads) ... are plain frozen
    # attrs classes, without extra."
    from beatkit.beatconnect import webhooks

    events = [webhooks.WebhookEvent, webhooks.BeatPurchased, webhooks.PurchaseCompleted]
    for cls in events:
        assert attrs.has(cls)
        assert not issubclass(cls, Model)
        assert "extra" not in attrs.fields_dict(cls)
    body, headers = _signed_delivery()
    event = webhooks.construct_event(body, headers, "whsec_test")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        event.type = "x"  # type: ignore[misc]


def _signed_delivery() -> tuple[bytes, dict[str, str]]:
    from beatkit.testing import FakeBeatConnect

    return FakeBeatConnect().webhook("user.registered", {"id": 5699}, "whsec_test")


@pytest.mark.parametrize("service", SERVICES)
def test_every_enum_is_open_but_beatconnects_webhook_event_type(service: str) -> None:
    # "Every enum of API values derives from OpenEnum or OpenIntEnum; BeatConnect's webhook
    # EventType is a plain StrEnum of the documented event types (WebhookEvent.type itself
    # stays a str, so an unknown type survives)."
    plain = {
        cls.__name__
        for cls in classes(service)
        if issubclass(cls, enum.Enum) and not issubclass(cls, (OpenEnum, OpenIntEnum))
    }
    assert plain == ({"EventType"} if service == "beatconnect" else set())


def test_webhook_event_type_is_a_str_field_and_event_type_a_str_enum() -> None:
    from beatkit.beatconnect import webhooks

    assert issubclass(webhooks.EventType, enum.StrEnum)
    hints = typing.get_type_hints(webhooks.WebhookEvent)
    assert hints["type"] is str


def test_saved_file_and_file_progress_are_what_the_named_downloads_use() -> None:
    # "What file downloads return (BeatPass tracks.download() and licenses.download_pdf(),
    # Beatport tracks.save_download()) and what their progress= callbacks receive; both
    # importable from beatkit"
    from beatkit.beatpass._async.commerce import AsyncLicenses
    from beatkit.beatpass._async.tracks import AsyncTracks
    from beatkit.beatpass._sync.commerce import Licenses
    from beatkit.beatpass._sync.tracks import Tracks
    from beatkit.beatport._async.media import AsyncTrackMedia
    from beatkit.beatport._sync.media import TrackMedia

    for method in (
        Tracks.download,
        AsyncTracks.download,
        Licenses.download_pdf,
        AsyncLicenses.download_pdf,
        TrackMedia.save_download,
        AsyncTrackMedia.save_download,
    ):
        hints = typing.get_type_hints(method)
        assert hints["return"] is beatkit.SavedFile, method
        assert "FileProgress" in str(hints["progress"]), method


def test_the_hls_crypto_names_are_exported_with_their_values() -> None:
    # "The bytes-like type and the sizes that beatkit.hls.decrypt_segment and
    # encrypt_segment take, exported by beatkit.hls.crypto."
    from beatkit.hls import crypto

    assert {"Buffer", "BLOCK_SIZE", "KEY_SIZE"} <= set(crypto.__all__)
    assert (crypto.BLOCK_SIZE, crypto.KEY_SIZE) == (16, 16)
    assert set(typing.get_args(crypto.Buffer)) == {bytes, bytearray, memoryview}
    hints = typing.get_type_hints(crypto.decrypt_segment)
    assert hints["data"] == hints["key"] == hints["iv"] == crypto.Buffer
