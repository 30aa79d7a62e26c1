"""A nested ``/v2/batch`` is refused before sending however its path is spelled.

``bt.batch`` promises a ``ValueError`` for a nested batch "however spelled". Case,
doubled and trailing slashes, a query and a fragment were caught; a percent-encoded
letter (``/v2/%62atch``) and dot segments (``/v2/./batch``, ``/v2/x/../batch``), which
a server decodes and resolves to the same path, were sent.
"""

from __future__ import annotations

import pytest

from beatkit.beattech import BatchRequest
from beatkit.beattech.wire import batch_body


@pytest.mark.parametrize(
    "url",
    [
        "/v2/%62atch",
        "/v2/%62%61%74%63%68?x=1",
        "/v2/./batch",
        "/v2/x/../batch",
        "/v2/tracks/../../v2/batch",
        "/v2/batch%2F",
        "/v2/%2e/batch",
    ],
)
def test_a_nested_batch_in_other_spellings_is_refused(url: str) -> None:
    with pytest.raises(ValueError, match="cannot contain /v2/batch"):
        batch_body([BatchRequest(method="POST", url=url)])


@pytest.mark.parametrize(
    "url",
    ["/v2/batches", "/v2/batch%3Fx", "/v2/tracks?query=batch", "/v2/users/batch", "/v2/x/batch"],
)
def test_other_paths_are_sent(url: str) -> None:
    assert batch_body([BatchRequest(method="GET", url=url)])["requests"][0]["url"] == url
