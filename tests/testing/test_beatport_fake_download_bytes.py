"""``FakeBeatport.download_bytes()`` names a ``quality`` that is not text as a
``TypeError`` of its own; an unhashable one (a list) raised Python's bare
``unhashable type: 'list'`` from the lookup."""

from __future__ import annotations

from typing import Any

import pytest

from beatkit.beatport.models import DownloadQuality
from beatkit.testing.beatport import QUALITIES, FakeBeatport


@pytest.mark.parametrize(("quality", "kind"), [(["high"], "list"), (5, "int"), (None, "NoneType")])
def test_a_quality_that_is_not_text_is_a_type_error(quality: Any, kind: str) -> None:
    with pytest.raises(TypeError) as info:
        FakeBeatport().download_bytes(8291700, quality)
    assert str(info.value) == f"quality must be a str, got {kind}"


def test_an_unknown_quality_is_still_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"^quality must be one of medium, high, lossless"):
        FakeBeatport().download_bytes(8291700, "ultra")


@pytest.mark.parametrize("quality", [*QUALITIES, DownloadQuality.HIGH])
def test_every_quality_still_serves_its_file(quality: Any) -> None:
    body = FakeBeatport().download_bytes(8291700, quality)
    assert len(body) in (8192, 16384, 32768)
