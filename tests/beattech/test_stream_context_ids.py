"""``X-Stream-Context``'s id follows the rule of every other id argument."""

from __future__ import annotations

import pytest

from beatkit.beattech.headers import stream_context
from beatkit.beattech.reports import play_started


def test_a_negative_int_id_in_a_stream_context_is_refused() -> None:
    # Every id argument refuses a negative int (text_id); the context pair sent "release/-1".
    with pytest.raises(ValueError, match="negative"):
        stream_context(("release", -1))
    with pytest.raises(ValueError, match="negative"):
        play_started(
            track_id="1", time=1_700_000_000, offline=False, stream_context=("release", -1)
        )
    assert stream_context(("release", 0)) == "release/0"
    assert stream_context(("release", 12)) == "release/12"
