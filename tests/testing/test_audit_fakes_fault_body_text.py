"""``fail_next`` refuses, when it is called, a body whose text cannot be sent as UTF-8.

A ``str`` body (or text inside a JSON body) holding a lone surrogate (half an emoji)
was queued, then raised a bare ``UnicodeEncodeError`` from inside the code under test
at its next request, in process (and a 500 "fake service crashed" over the socket),
where the testing page says a fault's arguments are checked when it is queued.
"""

from __future__ import annotations

from typing import Any

import pytest

from beatkit.testing import FakeBeatConnect, FakeBeatPass, FakeBeatport, FakeBeatTech

FAKES = [FakeBeatConnect, FakeBeatPass, FakeBeatport, FakeBeatTech]
HALF = "half an emoji \ud83d"


@pytest.mark.parametrize("make", FAKES)
@pytest.mark.parametrize("body", [HALF, {"error": HALF}, [HALF], {HALF: 1}])
def test_unencodable_body_is_refused_when_queued(make: Any, body: Any) -> None:
    fake = make()
    with pytest.raises(ValueError, match="UTF-8"):
        fake.fail_next(500, body=body)
    assert fake.pending_faults == 0


@pytest.mark.parametrize("body", ["caf\u00e9 \U0001f600", {"error": "caf\u00e9"}, b"\xff\xfe"])
def test_text_that_encodes_is_queued(body: Any) -> None:
    fake = FakeBeatConnect()
    fake.fail_next(500, body=body)
    assert fake.pending_faults == 1
