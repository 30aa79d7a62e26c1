# GENERATED from tests/beattech/_async/test_audit_exact_lcp_license_answer.py by scripts/unasync.py: edit the async source.
"""A generated LCP license's answer, as a PHP backend writes the page's ``{ }``.

The page's sample answer is the empty object (L3198-3204). The backend is PHP, whose
``json_encode`` writes an empty map as ``[]`` (the converter reads ``[]`` as the empty
map everywhere a map is expected) and may leave an empty answer without a body. The
license was generated and counted against the user's export window either way: the
call must not report a failure for it.

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

import pytest
from pytest_httpx import HTTPXMock

from beatkit.beattech import BeatTech, LcpLicense
from beatkit.errors import ResponseDecodeError
from tests.beattech._mocked import BASE, api, sent

URL = f"{BASE}/releases/1001/lcp/license"


def test_the_samples_empty_object(bt: BeatTech, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(method="POST", url=URL, json={})
    assert bt.lcp.generate_license("1001", "pass phrase") == LcpLicense()
    (request,) = api(httpx_mock)
    assert sent(request) == {"purpose": "export", "password": "pass phrase"}


def test_php_s_empty_map_is_the_empty_object(
    bt: BeatTech, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(method="POST", url=URL, json=[])
    license = bt.lcp.generate_license("1001", "pass phrase")
    assert license == LcpLicense()
    assert license.extra == {}


def test_an_answer_without_a_body_is_the_empty_object(
    bt: BeatTech, httpx_mock: HTTPXMock
) -> None:
    httpx_mock.add_response(method="POST", url=URL, status_code=201, content=b"")
    assert bt.lcp.generate_license("1001", "pass phrase") == LcpLicense()


def test_fields_of_a_license_are_kept(bt: BeatTech, httpx_mock: HTTPXMock) -> None:
    httpx_mock.add_response(method="POST", url=URL, json={"id": "lic-1", "provider": "x"})
    license = bt.lcp.generate_license("1001", "pass phrase")
    assert license.extra == {"id": "lic-1", "provider": "x"}


@pytest.mark.parametrize("answer", [[{"id": "lic-1"}], "ok", 5])
def test_another_shape_is_still_a_decode_error(
    bt: BeatTech, httpx_mock: HTTPXMock, answer: object
) -> None:
    httpx_mock.add_response(method="POST", url=URL, json=answer)
    with pytest.raises(ResponseDecodeError):
        bt.lcp.generate_license("1001", "pass phrase")
