"""FakeBeatTech reads the ``release_number`` filter's unit in any case.

Range units are case-insensitive (RFC 9110 14.1), and the fake reads every list's unit
so (``Tracks=0-4``). The series filter ``Range: release_number=<min>-<max>`` (L4790,
L4869) was matched case-sensitively: ``Release_Number=2-3`` fell through to the
``releases`` window and was answered 400 "this list is paged in releases".
"""

from __future__ import annotations

import httpx
import pytest

from beatkit.testing import FakeBeatTech


@pytest.mark.parametrize("unit", ["release_number", "Release_Number", "RELEASE_NUMBER"])
def test_the_release_number_filter_reads_its_unit_in_any_case(unit: str) -> None:
    fake = FakeBeatTech()
    token = fake.issue_token()["access_token"]
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as http:
        answer = http.get(
            "/releases",
            params={"series_id": "301"},
            headers={"Authorization": f"Bearer {token}", "Range": f"{unit}=2-3"},
        )
    assert answer.status_code == 206
    assert answer.headers["Content-Range"] == "release_number 2-3/3"
    assert [r["release_number"] for r in answer.json()["releases"]] == [2, 3]
