"""An API-supplied URL httpx cannot parse is refused without quoting its parts."""

from __future__ import annotations

from typing import Any

import pytest

from beatkit._core.operation import Operation
from tests.core.test_http import build


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("https://api.test:sekret/v1/beats?cursor=2", "invalid port"),
        ("https://user:pw@api.test:sekret/v1/beats", "invalid port"),
        ("https://api.test/v1/beats?cursor=sekret\x00", "non-printable ascii character"),
        ("https://[::sekret]/v1/beats", "invalid ipv6 address"),
    ],
)
def test_an_unparsable_api_url_is_refused_without_its_parts(url: str, says: str) -> None:
    # A next link or a media URL from the API: httpx's own words quote the part it
    # could not read ("Invalid port: 'sekret'"), which may be a secret.
    op = Operation(name="t.op", method="GET", path="/beats", result=Any, url=url)
    with pytest.raises(ValueError, match=r"^t\.op: the request URL cannot be built") as info:
        build(op)
    message = str(info.value)
    assert "sekret" not in message
    assert "pw" not in message
    assert says in message.lower()
    assert info.value.__cause__ is None and info.value.__suppress_context__
