"""Text a server sent cannot forge a log line, drive the terminal or reorder what is shown.

An OAuth ``error`` / ``error_description``, a BeatConnect ``message`` or a Laravel one
reached ``str(error)`` and beatkit's own WARNING line as sent: a line break made a
second, forged log line, ``ESC [ 2 J`` cleared the terminal the log was read on, and a
bidi override (U+202E) showed the rest of the line reversed. What is shown (``str()``,
``repr()``, beatkit's log lines) now writes C0 controls (but tab), DEL, C1 controls,
the bidi controls and marks, the line and paragraph separators and lone surrogates as
their escapes (``\\n``, ``\\x1b``, ``\\u202e``); the attributes (``message``, ``code``,
``body``) keep the server's text as it came.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from beatkit import AsyncBeatPass, BeatConnect
from beatkit._core.logs import printable
from beatkit.beattech import AsyncBeatTech, BeatTech
from beatkit.errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    BeatkitError,
    ConfigurationError,
    NotFoundError,
    ResponseDecodeError,
)
from beatkit.testing import FakeBeatTech

FORGED = "invalid_grant\nbeattech: FORGED LINE \x1b[2J"
"""The reproducer's OAuth ``error``: a second log line, and the terminal cleared."""

ESCAPED = [
    ("\x00", "\\x00"),
    ("\x07", "\\x07"),
    ("\x08", "\\x08"),
    ("\n", "\\n"),
    ("\x0b", "\\x0b"),
    ("\x0c", "\\x0c"),
    ("\r", "\\r"),
    ("\x1b", "\\x1b"),
    ("\x1f", "\\x1f"),
    ("\x7f", "\\x7f"),
    ("\x80", "\\x80"),
    ("\x85", "\\x85"),  # NEL: a line break to some readers
    ("\x9b", "\\x9b"),  # CSI: ESC [ in one character
    ("\x9f", "\\x9f"),
    ("\u061c", "\\u061c"),
    ("\u200e", "\\u200e"),
    ("\u200f", "\\u200f"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
    ("\u202a", "\\u202a"),
    ("\u202b", "\\u202b"),
    ("\u202c", "\\u202c"),
    ("\u202d", "\\u202d"),
    ("\u202e", "\\u202e"),
    ("\u2066", "\\u2066"),
    ("\u2067", "\\u2067"),
    ("\u2068", "\\u2068"),
    ("\u2069", "\\u2069"),
    ("\ud800", "\\ud800"),
    ("\udfff", "\\udfff"),
]

KEPT = [
    "plain ASCII text",
    "tab\tstays",
    "caf\u00e9 \u00c5se \u00fcber",
    "emoji \U0001f3b5 and a family \U0001f468\u200d\U0001f469\u200d\U0001f467",  # ZWJ
    "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627",  # RTL text, no controls
    "non\u00a0breaking",
    "back\\slash \\n as two characters",
]


@pytest.mark.parametrize(("char", "shown"), ESCAPED, ids=[repr(c) for c, _ in ESCAPED])
def test_printable_escapes_a_control_character(char: str, shown: str) -> None:
    assert printable(f"a{char}b") == f"a{shown}b"


@pytest.mark.parametrize("text", KEPT)
def test_printable_keeps_other_text(text: str) -> None:
    assert printable(text) == text


@pytest.mark.parametrize(("char", "shown"), ESCAPED, ids=[repr(c) for c, _ in ESCAPED])
def test_str_of_an_api_error_escapes_what_it_quotes(char: str, shown: str) -> None:
    error = NotFoundError(
        f"no{char}beat", status_code=404, service="demo", code=f"gone{char}", request_id=f"r{char}"
    )
    assert str(error) == f"demo 404 [gone{shown}] no{shown}beat (request id r{shown})"
    assert error.message == f"no{char}beat"  # as it came
    assert error.code == f"gone{char}"
    assert error.request_id == f"r{char}"
    assert char not in repr(error)


@pytest.mark.parametrize(("char", "shown"), ESCAPED, ids=[repr(c) for c, _ in ESCAPED])
def test_str_of_any_beatkit_error_escapes_what_it_quotes(char: str, shown: str) -> None:
    for error in (
        BeatkitError(f"x{char}y"),
        ConfigurationError(f"x{char}y"),
        ResponseDecodeError(f"x{char}y", service="demo", status_code=200, body=f"x{char}y"),
    ):
        assert str(error) == f"x{shown}y"
        assert char not in repr(error)
    assert error.message == f"x{char}y" and error.body == f"x{char}y"


def test_str_keeps_a_tab_and_other_text() -> None:
    for text in KEPT:
        assert str(BadRequestError(text, status_code=400, service="demo")) == f"demo 400 {text}"


# -- the reproducer: Beat Technology's login refused with a forged error -----------------


class _Lines(logging.Handler):
    """The formatted records of the ``beatkit`` logger, from WARNING."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.text = io.StringIO()

    def emit(self, record: logging.LogRecord) -> None:
        self.text.write(self.format(record) + "\n")


@pytest.fixture
def log() -> Iterator[_Lines]:
    handler = _Lines()
    logger = logging.getLogger("beatkit")
    old = logger.level
    logger.setLevel(logging.WARNING)
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old)


def _forged_fake() -> FakeBeatTech:
    fake = FakeBeatTech()
    fake.fail_next(
        400,
        body={"error": FORGED, "error_description": "Bad\r\nlogin \u202enigol\u202c"},
        headers={"Content-Type": "application/json"},
    )
    return fake


def _check_refusal(error: AuthenticationError, log: _Lines) -> None:
    assert error.code == FORGED  # the attributes keep the server's text
    assert isinstance(error.body, dict) and error.body["error"] == FORGED
    shown = str(error)
    for char in "\n\r\x1b\u202e\u202c":
        assert char not in shown
    assert "invalid_grant\\nbeattech: FORGED LINE \\x1b[2J" in shown
    assert "Bad\\r\\nlogin \\u202enigol\\u202c" in shown
    lines = log.text.getvalue().splitlines()
    assert len(lines) == 1, lines  # one record, one line: nothing forged
    assert lines[0] == (
        "beattech: the token endpoint refused the password grant: HTTP 400 "
        "invalid_grant\\nbeattech: FORGED LINE \\x1b[2J"
    )


def test_a_forged_oauth_error_is_shown_escaped_sync(log: _Lines) -> None:
    fake = _forged_fake()
    http = httpx.Client(transport=fake.transport())
    bt = BeatTech(fake.tenant, client_id=fake.client_id, client_secret=fake.client_secret,
                  base_url=fake.base_url, http_client=http)  # fmt: skip
    with http, pytest.raises(AuthenticationError) as info:
        bt.auth.login(fake.username, fake.password)
    _check_refusal(info.value, log)


async def test_a_forged_oauth_error_is_shown_escaped_async(log: _Lines) -> None:
    fake = _forged_fake()
    http = httpx.AsyncClient(transport=fake.transport())
    bt = AsyncBeatTech(fake.tenant, client_id=fake.client_id, client_secret=fake.client_secret,
                       base_url=fake.base_url, http_client=http)  # fmt: skip
    async with http:
        with pytest.raises(AuthenticationError) as info:
            await bt.auth.login(fake.username, fake.password)
    _check_refusal(info.value, log)


# -- other services' error messages -------------------------------------------------------


def _mock(status: int, body: Any) -> httpx.MockTransport:
    def answer(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json=body)

    return httpx.MockTransport(answer)


def test_a_beatconnect_message_is_shown_escaped() -> None:
    message = "no beat\n2026-01-01 ERROR forged \x1b]0;title\x07"
    body = {"status": "error", "error": {"code": "not_found", "message": message}}
    http = httpx.Client(transport=_mock(404, body))
    bc = BeatConnect(api_key="key-1", http_client=http, max_retries=0)
    with bc, pytest.raises(APIError) as info:
        bc.beats.get(1)
    assert info.value.message == message
    assert "\n" not in str(info.value) and "\x1b" not in str(info.value)
    assert "no beat\\n2026-01-01 ERROR forged \\x1b]0;title\\x07" in str(info.value)


async def test_a_laravel_message_is_shown_escaped() -> None:
    message = "The given data was invalid.\n\u2066forged\u2069"
    body = {"message": message, "errors": {"title": ["bad\ntitle"]}}
    http = httpx.AsyncClient(transport=_mock(422, body))
    async with AsyncBeatPass("tok", http_client=http, max_retries=0) as bp:
        with pytest.raises(APIError) as info:
            await bp.tracks.get(1)
    assert info.value.message == message
    assert info.value.field_errors == {"title": ["bad\ntitle"]}
    assert str(info.value).endswith("The given data was invalid.\\n\\u2066forged\\u2069")
