"""``FakeBeatTech.ranges.windows`` refuses a window size that is no size.

``ranges.default_window`` is checked (an int from 1), but a per-operation window of
``ranges.windows`` was not: ``0`` (or a negative size) made the fake answer every
``Range``-less request of that list with a 416, which the client reads as the end of
the list: a test saw an empty list instead of its mistake. ``"10"`` crashed the
fake's handler with a ``TypeError`` about ``str - int``.
"""

from __future__ import annotations

import httpx
import pytest

from beatkit.beattech import BeatTech
from beatkit.testing import FakeBeatTech


def _client(fake: FakeBeatTech) -> BeatTech:
    return BeatTech(
        fake.tenant,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
    )


@pytest.mark.parametrize(("size", "error"), [(0, ValueError), (-3, ValueError), ("10", TypeError)])
def test_a_bad_window_is_refused_when_set(size: object, error: type[Exception]) -> None:
    fake = FakeBeatTech()
    with pytest.raises(error, match="windows"):
        fake.ranges.windows = {"tracks.search": size}  # type: ignore[dict-item]


@pytest.mark.parametrize(("size", "error"), [(0, ValueError), (-3, ValueError), ("10", TypeError)])
def test_a_bad_window_put_in_the_dict_is_refused_when_used(
    size: object, error: type[Exception]
) -> None:
    fake = FakeBeatTech()
    fake.ranges.windows["tracks.search"] = size  # type: ignore[assignment]
    with _client(fake) as bt, pytest.raises(error, match="windows"):
        list(bt.tracks.search("a"))


def test_a_good_window_is_used() -> None:
    fake = FakeBeatTech()
    fake.ranges.windows = {"tracks.search": 7}
    with _client(fake) as bt:
        assert len(list(bt.tracks.search("a", limit=3))) == 3
    (first,) = fake.requests_to("/tracks")
    assert "Range" not in first.headers
