"""Plain http carries credentials to a loopback host only because such a request never
leaves the machine. A proxy from the environment (``HTTP_PROXY``, which httpx reads)
broke that: the request, bearer token or HLS headers and all, went in clear text to the
proxy, wherever it is. Loopback hosts are reached directly.

The "proxy" here is a listener on 127.0.0.1 that records what reaches it (no test
touches the network); it stands for a proxy on another machine.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from beatkit import BeatConnect
from beatkit.hls import HLSDownloader
from beatkit.testing import FakeBeatConnect, serve

KEY = "test-api-key"


class Listener:
    """Accepts connections for a bounded time (at most 20 s) and records what they send."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(4)
        self.sock.settimeout(0.25)
        self.port = self.sock.getsockname()[1]
        self.received = b""
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        for _ in range(80):
            if self.stopped.is_set():
                return
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                conn.settimeout(2.0)
                with contextlib.suppress(OSError):
                    self.received += conn.recv(65536)

    def close(self) -> None:
        self.stopped.set()
        self.thread.join(10.0)
        self.sock.close()


@pytest.fixture
def proxy(monkeypatch: pytest.MonkeyPatch) -> Iterator[Listener]:
    listener = Listener()
    url = f"http://127.0.0.1:{listener.port}"
    for name in ("HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.setenv(name, url)
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    yield listener
    listener.close()


def test_an_api_call_to_a_loopback_host_bypasses_an_environment_proxy(proxy: Listener) -> None:
    with serve(FakeBeatConnect()) as server:
        base = server.base_url.replace("127.0.0.1", "localhost")
        for url in (server.base_url, base):
            with BeatConnect(api_key=KEY, base_url=url, max_retries=0, timeout=5.0) as client:
                assert client.genres.list()
    assert KEY.encode() not in proxy.received
    assert proxy.received == b""


def test_hls_headers_to_a_loopback_host_bypass_an_environment_proxy(
    proxy: Listener, tmp_path: Path
) -> None:
    # Nothing serves the playlist: the refused connection ends the download at once.
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    with pytest.raises(Exception):  # noqa: B017, PT011 - the failure is not the point
        HLSDownloader(timeout=5.0, retries=0).download(
            f"http://127.0.0.1:{port}/p.m3u8",
            tmp_path / "out.ts",
            headers={"Authorization": f"Bearer {KEY}"},
        )
    assert KEY.encode() not in proxy.received


def _unused_port() -> int:
    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        return int(unused.getsockname()[1])


# Every loopback host beatkit sends credentials to over plain http, not only the four
# usual spellings, is reached directly. Nothing listens there: the refused connection
# ends the call, and what matters is that nothing reached the proxy.
OTHER_LOOPBACK_HOSTS = ("127.0.0.2", "127.1.2.3", "[0:0:0:0:0:0:0:1]", "[::0:1]")


@pytest.mark.parametrize("host", OTHER_LOOPBACK_HOSTS)
def test_an_api_call_to_any_loopback_spelling_bypasses_an_environment_proxy(
    proxy: Listener, host: str
) -> None:
    url = f"http://{host}:{_unused_port()}"
    client = BeatConnect(api_key=KEY, base_url=url, max_retries=0, timeout=5.0)
    with client, pytest.raises(Exception):  # noqa: B017, PT011 - the failure is not the point
        client.genres.list()
    assert KEY.encode() not in proxy.received
    assert proxy.received == b""


@pytest.mark.parametrize("host", OTHER_LOOPBACK_HOSTS)
def test_hls_headers_to_any_loopback_spelling_bypass_an_environment_proxy(
    proxy: Listener, tmp_path: Path, host: str
) -> None:
    with pytest.raises(Exception):  # noqa: B017, PT011 - the failure is not the point
        HLSDownloader(timeout=5.0, retries=0).download(
            f"http://{host}:{_unused_port()}/p.m3u8",
            tmp_path / "out.ts",
            headers={"Authorization": f"Bearer {KEY}"},
        )
    assert KEY.encode() not in proxy.received
    assert proxy.received == b""


def test_the_token_url_host_is_reached_directly_too() -> None:
    from beatkit._core.http import direct_mounts

    mounts = direct_mounts(
        httpx.URL("https://api.example.com/v1/"), httpx.URL("http://127.0.0.9:8080/token")
    )
    assert mounts["all://127.0.0.9"] is None
    assert not any("example" in key for key in mounts)
    assert direct_mounts(httpx.URL("http://[0:0:0:0:0:0:0:1]/"))["all://[0:0:0:0:0:0:0:1]"] is None
