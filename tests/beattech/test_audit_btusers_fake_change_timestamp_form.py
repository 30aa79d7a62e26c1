"""FakeBeatTech takes ``X-Change-Timestamp`` in the page's one datetime form only.

The page (L45-59): ``YYYY-MM-DDThh:mm:ssZ``, four-digit year, two-digit month, day,
hour, minute and second, and ``Z``. The fake read the header with ``strptime``, which
also takes one-digit fields and a lower-case ``t``/``z`` (``2024-1-2T3:4:5Z``,
``2024-01-02t03:04:05z``), though its own reader says "ValueError for anything else":
a client writing such a time passed against the fake. It is now a 400 naming the
header, as an offset or a fraction already was.
"""

from __future__ import annotations

import httpx
import pytest

from beatkit.testing import FakeBeatTech


def favourite(fake: FakeBeatTech, stamp: str) -> httpx.Response:
    token = fake.issue_token(fake.user_id)["access_token"]
    track = next(iter(fake.catalog.tracks))
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as http:
        return http.patch(
            f"/tracks/{track}",
            json={"favourite": True},
            headers={"Authorization": f"Bearer {token}", "X-Change-Timestamp": stamp},
        )


@pytest.mark.parametrize(
    "stamp",
    [
        "2024-1-2T3:4:5Z",
        "2024-01-02t03:04:05z",
        "2024-01-02T03:04:05z",
        "2024-01-02 03:04:05Z",
        "2024-01-02T03:04:05+00:00",
        "2024-01-02T03:04:05.5Z",
        "2024-01-02",
    ],
)
def test_another_form_is_a_400(stamp: str) -> None:
    fake = FakeBeatTech()
    answer = favourite(fake, stamp)
    assert answer.status_code == 400
    assert "X-Change-Timestamp" in answer.json()["error_description"]
    assert fake.changes == []


def test_the_pages_form_is_taken() -> None:
    fake = FakeBeatTech()
    answer = favourite(fake, "2024-01-02T03:04:05Z")
    assert answer.status_code == 200
    assert [change["timestamp"] for change in fake.changes] == ["2024-01-02T03:04:05Z"]
