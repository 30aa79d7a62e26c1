"""Userinfo in two URL forms a server's answer may carry stays out of logs and errors.

A ``Location`` (or any text quoting a URL) may give credentials as the userinfo of a
scheme-relative URL (``//user:password@host/x``) or of a URL whose IPv6 literal is not
closed (``http://user:password@[::1/x``, which ``urlsplit`` refuses). ``redact_text``
found no URL in the first (it looks for ``://``) and masked only ``name=value`` pairs in
the second, so httpcore's DEBUG line of the answer's headers showed the password. A
real socket on 127.0.0.1 answers, since a MockTransport never reaches httpcore.
"""

from __future__ import annotations

import logging
import socket
import traceback
from collections.abc import Callable

import pytest

from beatkit import AsyncBeatConnect, BeatConnect, BeatkitError
from beatkit._core.redact import REDACTED, redact_text, redact_url
from tests.core._listener import listening

SECRET = "hunter2userinfo"

LOCATIONS = [
    f"//user:{SECRET}@api.example.test/x",
    f"http://user:{SECRET}@[::1/x",
    f"https://{SECRET}@[2001:db8::1/x?y=1",
    f"//{SECRET}@[::1/x",
]


@pytest.mark.parametrize("location", LOCATIONS)
def test_redact_text_masks_the_userinfo(location: str) -> None:
    for text in (location, f"Location: {location}", f"see ({location}), then"):
        shown = redact_text(text)
        assert SECRET not in shown
        assert f"{REDACTED}@" in shown
        assert "user" not in shown


@pytest.mark.parametrize("location", LOCATIONS)
def test_redact_url_masks_the_userinfo(location: str) -> None:
    shown = redact_url(location)
    assert SECRET not in shown
    assert f"{REDACTED}@" in shown


def test_an_unclosed_bracket_still_masks_the_rest_of_the_url() -> None:
    shown = redact_url(f"http://u:p@[::1/1700000000_abcdef0123/k.key?token={SECRET}#sig=x")
    assert (
        shown == f"http://{REDACTED}@[::1/{REDACTED}/{REDACTED}.key?token={REDACTED}#sig={REDACTED}"
    )


@pytest.mark.parametrize(
    "prose",
    [
        "see //comments",
        "// TODO: mail me@example.com",
        "a path //srv/share@2x.png",
        "e-mail: user@example.com",
        "http://[::1/x",
    ],
)
def test_prose_without_userinfo_is_kept(prose: str) -> None:
    assert redact_text(prose) == prose


def _answer_with(location: str) -> Callable[[socket.socket], None]:
    answer = (
        f"HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\n"
        "Connection: close\r\n\r\n"
    ).encode()

    def answer_once(conn: socket.socket) -> None:
        conn.settimeout(5)
        try:
            conn.recv(65536)
            conn.sendall(answer)
        except OSError:
            pass

    return answer_once


def _shown(error: BaseException) -> str:
    return "".join(traceback.format_exception(error))


@pytest.mark.parametrize("location", LOCATIONS)
def test_a_3xx_location_keeps_its_userinfo_out_of_debug_logs(
    location: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with listening(_answer_with(location)) as port:
        client = BeatConnect(
            api_key="k" * 20, base_url=f"http://127.0.0.1:{port}/v1", max_retries=0
        )
        with client, pytest.raises(BeatkitError) as caught:
            client.beats.get(1234)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "receive_response_headers.complete" in logged  # httpcore's line is there
    assert SECRET not in logged
    assert SECRET not in _shown(caught.value)


@pytest.mark.parametrize("location", LOCATIONS)
async def test_an_async_3xx_location_keeps_its_userinfo_out_of_debug_logs(
    location: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with listening(_answer_with(location)) as port:
        client = AsyncBeatConnect(
            api_key="k" * 20, base_url=f"http://127.0.0.1:{port}/v1", max_retries=0
        )
        with pytest.raises(BeatkitError) as caught:
            async with client:
                await client.beats.get(1234)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "receive_response_headers.complete" in logged
    assert SECRET not in logged
    assert SECRET not in _shown(caught.value)


@pytest.mark.parametrize(
    "text",
    [
        f'{{"next": "http:\\/\\/user:{SECRET}@api.example.test\\/x", "err',  # cut JSON
        f'{{"next": "\\/\\/user:{SECRET}@api.example.test\\/x"',
    ],
)
def test_a_json_escaped_url_in_text_has_its_userinfo_masked(text: str) -> None:
    # PHP's json_encode escapes "/" by default; a cut or invalid JSON body is text.
    shown = redact_text(text)
    assert SECRET not in shown
    assert f"\\/\\/{REDACTED}@api.example.test\\/x" in shown


def test_escaped_slashes_without_userinfo_are_kept() -> None:
    text = '{"next": "https:\\/\\/api.example.test\\/x\\/\\/y@2x.png"}'
    assert redact_text(text) == text


def test_a_double_slash_inside_a_path_starts_no_userinfo() -> None:
    text = "see https://api.example.test/x//y@2x.png and a/b//c@d"
    assert redact_text(text) == text
