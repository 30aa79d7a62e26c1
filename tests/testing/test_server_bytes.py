"""What a client sends over the socket reaches the fake byte for byte, and HEAD answers
carry the length the GET would have."""

from __future__ import annotations

import socket

import httpx

from beatkit.testing import FakeBeatConnect, FakeBeatPass, FakeBeatport, FakeServer, serve


def _exchange(port: int, head: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(head + b"Connection: close\r\n\r\n")
        answer = b""
        for _ in range(1000):  # bounded: the server closes after one answer
            chunk = conn.recv(65536)
            if not chunk:
                break
            answer += chunk
    return answer


def test_raw_utf8_in_the_target_reaches_the_fake_as_sent(
    beatconnect_server: FakeServer[FakeBeatConnect],
) -> None:
    # http.server decodes the request line as Latin-1 and httpx encoded those characters
    # as UTF-8 again: "é" sent raw arrived as "Ã©".
    answer = _exchange(
        beatconnect_server.port,
        b"GET /v1/search?q=caf\xc3\xa9 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        b"Authorization: Bearer test-api-key\r\n",
    )
    assert answer.startswith(b"HTTP/1.1 200")
    request = beatconnect_server.fake.requests[-1]
    assert request.url.params["q"] == "café"
    assert request.url.raw_path == b"/v1/search?q=caf%C3%A9"


def test_a_non_ascii_header_value_reaches_the_fake(
    beatconnect_server: FakeServer[FakeBeatConnect],
) -> None:
    # Answered 400 "malformed request: 'ascii' codec can't encode" without reaching the fake.
    answer = _exchange(
        beatconnect_server.port,
        b"GET /v1/genres HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Device-Name: Caf\xc3\xa9\r\n"
        b"Authorization: Bearer test-api-key\r\n",
    )
    assert answer.startswith(b"HTTP/1.1 200")
    request = beatconnect_server.fake.requests[-1]
    assert request.headers["x-device-name"] == "Café"
    assert (b"X-Device-Name", b"Caf\xc3\xa9") in request.headers.raw


def test_head_over_the_socket_sends_the_get_length(
    beatconnect_server: FakeServer[FakeBeatConnect],
) -> None:
    # The answer to HEAD said Content-Length: 0, as if the GET's body were empty.
    with httpx.Client(
        base_url=beatconnect_server.base_url, headers={"Authorization": "Bearer test-api-key"}
    ) as http:
        get, head = http.get("/genres"), http.head("/genres")
    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["content-length"] == str(len(get.content))


def test_head_in_process_keeps_the_get_length() -> None:
    fake = FakeBeatport(require_auth=False)
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as http:
        get, head = http.get("/catalog/genres/"), http.head("/catalog/genres/")
    assert head.content == b""
    assert head.headers["content-length"] == str(len(get.content))


def test_head_of_an_empty_answer_over_the_socket() -> None:
    fake = FakeBeatConnect()
    fake.fail_next(204, body=b"")
    with serve(fake) as server:
        response = httpx.head(server.base_url + "/genres", timeout=5)
    assert response.status_code == 204
    assert response.content == b""


def _cut(port: int, sent: bytes) -> bytes:
    """Send ``sent`` and end the sending side, as a client that gave up mid-request."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(sent)
        conn.shutdown(socket.SHUT_WR)
        answer = b""
        for _ in range(1000):  # bounded: the server closes at once
            chunk = conn.recv(65536)
            if not chunk:
                break
            answer += chunk
    return answer


def test_a_body_cut_short_never_reaches_the_fake() -> None:
    # Content-Length promised 100 bytes, the client sent 9 and closed: the fake stored
    # a playlist named from the 9 (a real server never runs a request it did not get).
    fake = FakeBeatPass()
    before = len(fake.db.playlists)
    with serve(fake) as server:
        answer = _cut(
            server.port,
            b"POST /api/v1/playlists HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Authorization: Bearer " + fake.token.encode() + b"\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\n"
            b"Content-Length: 100\r\n\r\nname=Half",
        )
    assert fake.requests == []
    assert len(fake.db.playlists) == before
    assert answer.startswith(b"HTTP/1.1 400")


def test_headers_cut_short_never_reach_the_fake() -> None:
    # The header block ended at EOF, not at its blank line: the DELETE was carried out.
    fake = FakeBeatPass()
    playlist = fake.playlist_id
    with serve(fake) as server:
        answer = _cut(
            server.port,
            f"DELETE /api/v1/playlists/{playlist} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Authorization: Bearer {fake.token}\r\n".encode(),
        )
    assert answer == b""
    assert fake.requests == []
    assert playlist in fake.db.playlists


def test_a_request_line_cut_short_never_reaches_the_fake(
    beatconnect_server: FakeServer[FakeBeatConnect],
) -> None:
    # "GET /v1/gen" then EOF was served as an HTTP/0.9 request for /v1/gen.
    assert _cut(beatconnect_server.port, b"GET /v1/gen") == b""
    assert beatconnect_server.fake.requests == []
