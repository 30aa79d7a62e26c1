"""An answer httpx cannot parse: the line it quotes keeps a server's credentials out.

h11, under httpx, refuses a malformed header line, status line or chunk header with
an error quoting the line (``illegal header line: bytearray(b'Set-Cookie :
sid=...')``), and httpcore and httpx repeat that text in the errors they chain on top.
The ``APIConnectionError`` beatkit raises says only ``failed: RemoteProtocolError``,
but its ``__cause__`` chain, which ``logger.exception()`` or any traceback prints,
carried the session cookie; an HLS download put it into the ``FetchError``'s own
message and its DEBUG retry line. The quoted line keeps a header's name, not its
value. A real socket on 127.0.0.1 answers, since a MockTransport never reaches h11.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import traceback
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from beatkit import APIConnectionError, AsyncBeatConnect, BeatConnect, ClientClosedError
from beatkit.hls import FetchError, HLSDownloader
from tests.core._listener import listening

SECRET = "s3cr3t"

ANSWERS = {
    "header line": (
        b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nSet-Cookie : sid="
        + SECRET.encode()
        + b"\r\n\r\n{}",
        "illegal header line: bytearray(b'Set-Cookie : REDACTED')",
    ),
    "status line": (
        b"HTTP/1.1 OK token=" + SECRET.encode() + b"\r\nContent-Length: 2\r\n\r\n{}",
        "illegal status line: bytearray(b'REDACTED')",
    ),
    "chunk header": (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz;sig=" + SECRET.encode() + b"\r\n",
        "illegal chunk header: bytearray(b'REDACTED')",
    ),
}


@pytest.fixture(params=sorted(ANSWERS))
def bad_answer(request: pytest.FixtureRequest) -> Iterator[tuple[str, str]]:
    """``http://127.0.0.1:PORT`` answering every request with one malformed answer, and
    the text the error then quotes."""
    answer, quoted = ANSWERS[request.param]

    def answer_once(conn: socket.socket) -> None:
        conn.settimeout(5)
        try:
            conn.recv(65536)
            conn.sendall(answer)
        except OSError:
            pass

    with listening(answer_once) as port:
        yield f"http://127.0.0.1:{port}", quoted


def _shown(error: BaseException) -> str:
    return "".join(traceback.format_exception(error))


def test_a_sync_call_keeps_the_quoted_line_out_of_its_traceback(
    bad_answer: tuple[str, str],
) -> None:
    url, quoted = bad_answer
    with (
        BeatConnect(api_key="k" * 20, base_url=f"{url}/v1", max_retries=0) as client,
        pytest.raises(APIConnectionError) as caught,
    ):
        client.beats.get(1234)
    assert isinstance(caught.value.__cause__, httpx.RemoteProtocolError)
    assert quoted in _shown(caught.value)
    assert SECRET not in _shown(caught.value)


def test_httpcore_debug_lines_keep_the_quoted_line_out(
    bad_answer: tuple[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    # httpcore logs the failure of each step at DEBUG, quoting its error.
    url, _ = bad_answer
    caplog.set_level(logging.DEBUG)
    with (
        BeatConnect(api_key="k" * 20, base_url=f"{url}/v1", max_retries=0) as client,
        pytest.raises(APIConnectionError),
    ):
        client.beats.get(1234)
    assert any(".failed exception=" in r.getMessage() for r in caplog.records)
    assert SECRET not in caplog.text


def test_an_async_call_keeps_the_quoted_line_out_of_its_traceback(
    bad_answer: tuple[str, str],
) -> None:
    url, quoted = bad_answer

    async def main() -> APIConnectionError:
        async with AsyncBeatConnect(
            api_key="k" * 20, base_url=f"{url}/v1", max_retries=0
        ) as client:
            with pytest.raises(APIConnectionError) as caught:
                await client.beats.get(1234)
        return caught.value

    error = asyncio.run(main())
    assert isinstance(error.__cause__, httpx.RemoteProtocolError)
    assert quoted in _shown(error)
    assert SECRET not in _shown(error)


def test_an_hls_download_keeps_the_quoted_line_out_of_its_error_and_log(
    bad_answer: tuple[str, str], tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    url, quoted = bad_answer
    caplog.set_level(logging.DEBUG, logger="beatkit")
    with pytest.raises(FetchError) as caught:
        HLSDownloader(retries=1, retry_backoff=0.01).download(
            f"{url}/list.m3u8", tmp_path / "out.aac"
        )
    assert quoted in str(caught.value)
    assert SECRET not in _shown(caught.value)
    assert SECRET not in caplog.text


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (
            "illegal header line: bytearray(b'Set-Cookie : sid=s3cr3t')",
            "illegal header line: bytearray(b'Set-Cookie : REDACTED')",
        ),
        (  # repr() chose double quotes: the value has a single one
            'illegal header line: bytearray(b"X-Token: it\'s s3cr3t")',
            'illegal header line: bytearray(b"X-Token: REDACTED")',
        ),
        (  # the repr() of such an error, in a log line: its quotes escaped
            "exception=E('illegal header line: bytearray(b\\'a=\"s3cr3t\\')')",
            "exception=E('illegal header line: bytearray(b\\'REDACTED\\')",
        ),
        ("illegal chunk header: bytearray(b'zz;sig=s3cr3t\\r\\n')", None),
        ("not bytes: b'\u00e9s3cr3t'", "not bytes: b'REDACTED'"),
    ],
)
def test_quoted_lines_are_masked(text: str, shown: str | None) -> None:
    from beatkit._core.redact import redact_wire_quotes

    masked = redact_wire_quotes(text)
    assert SECRET not in masked
    if shown is not None:
        assert masked == shown


def test_text_without_bytes_is_returned_as_it_is() -> None:
    from beatkit._core.redact import redact_wire_quotes

    text = "peer closed connection without sending complete message body"
    assert redact_wire_quotes(text) is text


def test_a_call_cut_by_its_client_closing_keeps_the_quoted_line_out() -> None:
    # The failure of a call in flight when its client closes is a ClientClosedError,
    # chained to httpx's error as any other.
    client: BeatConnect

    def closing(request: httpx.Request) -> httpx.Response:
        client.close()
        raise httpx.RemoteProtocolError(
            f"illegal header line: bytearray(b'Set-Cookie : sid={SECRET}')", request=request
        )

    http = httpx.Client(transport=httpx.MockTransport(closing))
    client = BeatConnect(api_key="k" * 20, base_url="https://api.example.com/v1", http_client=http)
    with pytest.raises(ClientClosedError) as caught:
        client.beats.get(1234)
    assert isinstance(caught.value.__cause__, httpx.RemoteProtocolError)
    assert "Set-Cookie : REDACTED" in _shown(caught.value)
    assert SECRET not in _shown(caught.value)
