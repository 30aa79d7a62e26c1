"""A ``Retry-After`` sent twice, once as a word no date or number reads, once as seconds.

A header sent more than once reaches beatkit joined with commas. A word before the
comma was taken for the day name of an HTTP-date (``Wed, 01 May ...``) and joined to
the value after it: ``soon, 30`` was read as one unreadable date, and the 30 seconds
the other value named were lost (the retry backed off half a second instead, into
the lockout). Only a day name opens an HTTP-date; any other word is one value of its
own, skipped as unreadable.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from beatkit._core.retry import parse_retry_after

NOW = datetime(2024, 5, 1, 10, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("soon, 30", 30.0),
        ("later, 30, 10", 30.0),
        ("soon, Wed, 01 May 2024 10:00:45 GMT", 45.0),
        ("x, Wednesday, 01-May-24 10:00:45 GMT", 45.0),
        # Day names still open their dates, in any case.
        ("Wed, 01 May 2024 10:00:30 GMT, 5", 30.0),
        ("wed, 01 May 2024 10:00:30 GMT", 30.0),
        ("5, Wednesday, 01-May-24 10:00:30 GMT", 30.0),
        ("SUNDAY, 05-May-24 10:00:00 GMT", 4 * 86400.0),
    ],
)
def test_a_word_beside_seconds_does_not_hide_them(value: str, seconds: float) -> None:
    assert parse_retry_after(value, now=NOW) == seconds


def test_words_alone_are_still_unreadable() -> None:
    assert parse_retry_after("soon", now=NOW) is None
    assert parse_retry_after("soon, later", now=NOW) is None
