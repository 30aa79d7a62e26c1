"""The warning for a refused grant is written even when the server's code is not UTF-8 text.

JSON may escape a lone surrogate (``"invalid_client\\ud800"``). The token manager's
warning ("the token endpoint refused the ... grant: HTTP 401 <code>") interpolated the
code as sent, so a UTF-8 logging handler failed on it ("--- Logging error ---" on
stderr) and the record was lost. The code is now written with the surrogate as its
escape, as ``str()`` of beatkit's errors writes it; a plain code is written as it was.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import httpx
import pytest

from beatkit.auth import ClientCredentialsAuth
from beatkit.errors import AuthenticationError

API_URL = "https://api.example.com/things"


def _client(code: bytes) -> httpx.Client:
    def handle(request: httpx.Request) -> httpx.Response:
        body = b'{"error": "' + code + b'"}'
        return httpx.Response(401, content=body, headers={"Content-Type": "application/json"})

    auth = ClientCredentialsAuth(
        "https://auth.example.com/token", "cid", "cs", hosts="api.example.com", service="demo"
    )
    return httpx.Client(transport=httpx.MockTransport(handle), auth=auth)


class _StrictHandler(logging.StreamHandler[io.TextIOWrapper]):
    def handleError(self, record: logging.LogRecord) -> None:
        pytest.fail(f"the record could not be written: {record.msg}")


@pytest.fixture
def utf8_log() -> Iterator[io.BytesIO]:
    """What a UTF-8 handler on the ``beatkit`` logger writes."""
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="utf-8", write_through=True)
    handler = _StrictHandler(stream)
    logger = logging.getLogger("beatkit")
    old = logger.level
    logger.setLevel(logging.WARNING)
    logger.addHandler(handler)
    try:
        yield raw
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old)


def test_a_refused_grant_with_a_lone_surrogate_in_its_code_is_logged(
    utf8_log: io.BytesIO,
) -> None:
    with _client(b"invalid_client\\ud800") as client, pytest.raises(AuthenticationError):
        client.get(API_URL)
    assert utf8_log.getvalue().decode() == (
        "demo: the token endpoint refused the client_credentials grant: "
        "HTTP 401 invalid_client\\ud800\n"
    )


def test_a_refused_grant_with_a_plain_code_is_logged_as_before(utf8_log: io.BytesIO) -> None:
    with _client(b"invalid_cl\xc3\xafent") as client, pytest.raises(AuthenticationError):
        client.get(API_URL)
    assert utf8_log.getvalue().decode() == (
        "demo: the token endpoint refused the client_credentials grant: "
        "HTTP 401 invalid_cl\u00efent\n"
    )
