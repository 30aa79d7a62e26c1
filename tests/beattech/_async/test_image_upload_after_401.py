"""An image upload whose token the server stopped taking (expired early, revoked) is
sent once more after a token refresh, the whole file again, as any other request;
not failed with the 401 because its body is a file stream.

Written once for asyncio; ``scripts/unasync.py`` generates the sync twin in ``_sync/``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from beatkit.testing import FakeBeatTech

EDITOR = ("editor@example.com", "fake-editor-password")
# More than one of httpx's 64 KiB multipart chunks.
JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 800


async def test_an_image_upload_is_replayed_after_a_401_and_a_refresh(
    connect: Any, fake: FakeBeatTech, tmp_path: Path
) -> None:
    bt = await connect(login=EDITOR)
    path = tmp_path / "portrait.jpg"
    path.write_bytes(JPEG)
    # Expired on the server only: the client sends the token it holds and gets a 401.
    fake.expire_tokens()
    assert await bt.actors.upload_image(101, path) is None
    posts = [r for r in fake.requests if r.url.path == "/v2/actors/101/image"]
    assert len(posts) == 2
    assert fake.uploaded_images[("actors", "101")] == JPEG
