# GENERATED from tests/beattech/_async/test_image_upload_names.py by scripts/unasync.py: edit the async source.
"""Image uploads of files whose names are not UTF-8: sent, the name's stray bytes as U+FFFD."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from beatkit.beattech import BeatTech
from beatkit.testing import FakeBeatTech

Connect = Callable[..., BeatTech]
EDITOR = ("editor@example.com", "fake-editor-password")  # FakeBeatTech.editor_user_id
JPEG = b"\xff\xd8\xff\xe0" + bytes(64)


@pytest.mark.skipif(sys.platform == "win32", reason="names are UTF-16 text on Windows")
def test_an_image_named_in_latin1_is_uploaded(
    fake: FakeBeatTech, connect: Connect, tmp_path: Path
) -> None:
    raw = os.path.join(os.fsencode(tmp_path), b"pochette \xe9t\xe9.jpg")
    with open(raw, "wb") as file:
        file.write(JPEG)
    bt = connect(EDITOR)
    bt.actors.upload_image("101", os.fsdecode(raw))
    bt.banners.upload_image("401", os.fsdecode(raw))
    request = fake.requests[-1]
    assert 'filename="pochette \ufffdt\ufffd.jpg"'.encode() in request.content
    assert fake.catalog.banners["401"]["image"]["size"] == len(JPEG)
