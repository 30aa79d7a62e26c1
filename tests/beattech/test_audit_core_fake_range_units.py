"""FakeBeatTech reads a ``Range`` unit case-insensitively, as HTTP says units are.

RFC 9110 (14.1): range unit names are case-insensitive; beatkit's client reads a
``Content-Range`` unit so. The fake answered ``Range: Tracks=0-4`` with a 400 "this
list is paged in tracks, not Tracks".
"""

from __future__ import annotations

import httpx
import pytest

from beatkit.testing import FakeBeatTech


@pytest.mark.parametrize("unit", ["Tracks", "TRACKS", "tracks"])
def test_a_unit_in_another_case_is_the_unit(unit: str) -> None:
    fake = FakeBeatTech()
    token = fake.issue_token()["access_token"]
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as http:
        answer = http.get(
            "/tracks",
            params={"query": "a"},
            headers={"Authorization": f"Bearer {token}", "Range": f"{unit}=0-4"},
        )
        assert answer.status_code == 206
        assert answer.headers["Content-Range"].startswith("tracks 0-4/")
        assert len(answer.json()["tracks"]) == 5
        # Another unit is still refused.
        other = http.get(
            "/tracks",
            params={"query": "a"},
            headers={"Authorization": f"Bearer {token}", "Range": "Items=0-4"},
        )
        assert other.status_code == 400
