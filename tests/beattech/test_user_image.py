"""A user fetched with ``image_sizes={"user": ...}`` (``X-User-Image-Sizes``) carries its
image URLs in ``User.image``; a strict client refused the answer ("unknown keys image")
and a lenient one left them in ``extra``."""

from __future__ import annotations

import httpx
import pytest

from beatkit import AsyncBeatTech, BeatTech
from beatkit.testing import FakeBeatTech


@pytest.mark.parametrize("strict", [True, False])
def test_sync_user_image(strict: bool) -> None:
    fake = FakeBeatTech()
    http = httpx.Client(transport=fake.transport())
    with BeatTech(
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=http,
        strict=strict,
        requests_per_second=None,
    ) as bt:
        bt.auth.login(fake.username, fake.password)
        user = bt.users.get(image_sizes={"user": "w200"})
    assert set(user.image) == {"w200"}
    assert "image" not in user.extra
    assert all(url.startswith("https://") for url in user.image.values())


@pytest.mark.asyncio
async def test_async_user_image_strict() -> None:
    fake = FakeBeatTech()
    async with AsyncBeatTech(
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=httpx.AsyncClient(transport=fake.transport()),
        strict=True,
        requests_per_second=None,
    ) as bt:
        await bt.auth.login(fake.username, fake.password)
        user = await bt.users.get(image_sizes={"user": ["w50", "h200"]})
        plain = await bt.users.get()
    assert set(user.image) == {"w50", "h200"}
    assert plain.image == {}
