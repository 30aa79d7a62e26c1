"""The shared request-part checks of beatkit._core.params."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from beatkit._core.params import optional_date


def test_optional_date_takes_dates_and_iso_text() -> None:
    assert optional_date("day", None) is None
    assert optional_date("day", date(2024, 2, 29)) == "2024-02-29"
    assert optional_date("day", "2024-02-29") == "2024-02-29"
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        optional_date("day", "29.02.2024")


@pytest.mark.parametrize("moment", [datetime(2024, 1, 1, 23, 30), datetime(2024, 1, 1, tzinfo=UTC)])
def test_optional_date_refuses_a_datetime(moment: datetime) -> None:
    # A datetime is a date to Python, but its isoformat() is no date, and which day it
    # falls on depends on a time zone: the caller says which day.
    with pytest.raises(TypeError, match=r"day must be a date, not a datetime"):
        optional_date("day", moment)
