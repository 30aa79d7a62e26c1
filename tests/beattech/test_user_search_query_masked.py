"""``users.search(query=...)`` is a search for a person: its query is masked as the
``email`` and ``msisdn`` criteria are, whatever it looks like.

The core masks query values that look like an e-mail address or a ``+`` phone number;
a name (``"alice"``) or a number written without ``+`` (``"91234567"``, the page's own
lookup example is a fragment of one) were written to log lines and error text as sent.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterator

import pytest

from beatkit import BeatTech
from beatkit.errors import APIError
from beatkit.testing import FakeBeatTech, serve

QUERIES = ["91234567", "alice wonderland"]


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.name} {record.getMessage()}")


@pytest.fixture
def capture() -> Iterator[_Capture]:
    handler = _Capture()
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.DEBUG)
    root.addHandler(handler)
    try:
        yield handler
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


@pytest.mark.parametrize("query", QUERIES)
def test_a_user_search_query_is_masked_in_logs_and_errors(capture: _Capture, query: str) -> None:
    fake = FakeBeatTech()
    with serve(fake) as server:
        bt = BeatTech(
            base_url=server.base_url,
            client_id=fake.client_id,
            client_secret=fake.client_secret,
            allow_http=True,
            max_retries=0,
        )
        with bt:
            list(bt.app.users.search(query=query))
            fake.fail_next(500)
            with pytest.raises(APIError) as caught:
                list(bt.app.users.search(query=query))
    shown = "".join(traceback.format_exception(caught.value)) + repr(caught.value.url)
    assert any("users?query=REDACTED" in line for line in capture.lines)
    for text in [*capture.lines, shown]:
        assert query not in text
        assert query.replace(" ", "+") not in text
        assert query.replace(" ", "%20") not in text
