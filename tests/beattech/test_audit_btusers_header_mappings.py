"""``image_sizes=`` values and ``formats=`` refuse a mapping with ``TypeError``.

Their comma lists were read by iterating whatever came, so
``formats={"*/high": True, "*/low": False}`` sent ``X-Stream-Formats: */high,*/low`` and
``image_sizes={"user": {"w50": False}}`` sent ``X-User-Image-Sizes: w50``: the keys, whatever
the values said. Text, lists, tuples and generators are taken as before.
"""

from __future__ import annotations

import httpx
import pytest

from beatkit.beattech import BeatTech
from beatkit.beattech.headers import image_sizes, stream_formats
from beatkit.testing import FakeBeatTech


def test_formats_refuse_a_mapping() -> None:
    with pytest.raises(TypeError, match="formats"):
        stream_formats({"*/high": True, "*/low": False})  # type: ignore[arg-type]
    assert stream_formats(["*/high", "h264/*"]) == "*/high,h264/*"
    assert stream_formats("*/high, */low") == "*/high,*/low"


def test_image_sizes_refuse_a_mapping_value() -> None:
    with pytest.raises(TypeError, match="image_sizes"):
        image_sizes({"user": {"w50": False}})  # type: ignore[dict-item]
    assert image_sizes({"user": ("w50", "h200")}) == {"user": "w50,h200"}


def test_a_call_sends_nothing() -> None:
    fake = FakeBeatTech()
    user = fake.users[fake.user_id]
    with BeatTech(
        fake.tenant,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
    ) as bt:
        bt.auth.login(user["username"], user["password"])
        sent = len(fake.requests)
        with pytest.raises(TypeError, match="image_sizes"):
            bt.users.get(image_sizes={"user": {"w50": False}})  # type: ignore[dict-item]
        assert len(fake.requests) == sent
