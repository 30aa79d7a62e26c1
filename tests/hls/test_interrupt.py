"""The sync downloader stops at once on Ctrl-C or a failing consumer.

It does not wait for the segment requests in flight. Those block on an event the
tests set only after the exception has come out of ``download``: a downloader that
waited for them would sit until their bounded wait ran out, and the test sees that
as a request that timed out. No timing is measured.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from beatkit._core.concurrency import OrderedPool
from beatkit.hls import AsyncHLSDownloader, HLSDownloader, Progress
from beatkit.hls._sync import download as module

SEGMENTS = 12
BOUND = 20.0  # seconds any wait may last: a hang fails the test instead of freezing it


class BlockingCDN:
    """A clear stream whose segments, except the first, are answered only once released."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.lock = threading.Lock()
        self.idle = threading.Condition(self.lock)
        self.active = 0
        self.started: list[str] = []
        self.timed_out: list[str] = []
        self.first_blocked = threading.Event()
        self.on_block: Callable[[], object] | None = None
        self.status_after_release = 200

    def playlist(self) -> bytes:
        lines = ["#EXTM3U", "#EXT-X-TARGETDURATION:5"]
        for index in range(SEGMENTS):
            lines += ["#EXTINF:5.0,", f"s{index}.ts"]
        lines.append("#EXT-X-ENDLIST")
        return ("\n".join(lines) + "\n").encode()

    def handler(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path.endswith(".m3u8"):
            return httpx.Response(200, content=self.playlist())
        with self.lock:
            self.started.append(path)
            self.active += 1
        try:
            if path != "/s0.ts":
                if not self.first_blocked.is_set():
                    self.first_blocked.set()
                    if self.on_block is not None:
                        self.on_block()
                if not self.release.wait(timeout=BOUND):
                    with self.lock:
                        self.timed_out.append(path)
                return httpx.Response(self.status_after_release, content=path.encode() * 50)
            return httpx.Response(200, content=path.encode() * 50)
        finally:
            with self.lock:
                self.active -= 1
                self.idle.notify_all()

    def settle(self) -> list[str]:
        """Release the blocked requests, wait (bounded) until the abandoned parts end.

        Returns what was requested, in all.
        """
        self.release.set()
        deadline = time.monotonic() + BOUND
        for thread in threading.enumerate():
            if thread.name == "beatkit-pool":
                # A Ctrl-C can land in Thread.start(), which waits for the new thread to
                # run: join() refuses a thread until it has, so wait (bounded) for that.
                while True:
                    try:
                        thread.join(timeout=max(0.0, deadline - time.monotonic()))
                    except RuntimeError:
                        assert time.monotonic() < deadline, "a pool thread never started"
                        time.sleep(0.01)
                    else:
                        break
                assert not thread.is_alive()
        with self.lock:
            assert self.idle.wait_for(lambda: self.active == 0, timeout=BOUND)
            return sorted(self.started)


@pytest.fixture
def cdn() -> Iterator[BlockingCDN]:
    fake = BlockingCDN()
    try:
        yield fake
    finally:
        fake.release.set()


def download(cdn: BlockingCDN, dest: Path, progress: Callable[[Progress], object]) -> None:
    client = httpx.Client(transport=httpx.MockTransport(cdn.handler))
    with client:
        HLSDownloader(client, retry_backoff=0).download(
            "http://127.0.0.1/p.m3u8", dest, concurrency=4, progress=progress
        )


def interrupt(report: Progress) -> None:
    raise KeyboardInterrupt


def fail(report: Progress) -> None:
    raise RuntimeError("the progress callback failed")


@pytest.mark.parametrize(
    ("progress", "error"), [(interrupt, KeyboardInterrupt), (fail, RuntimeError)]
)
def test_a_failing_consumer_stops_without_waiting_for_running_segments(
    cdn: BlockingCDN,
    tmp_path: Path,
    progress: Callable[[Progress], object],
    error: type[BaseException],
) -> None:
    dest = tmp_path / "out.ts"
    with pytest.raises(error):
        download(cdn, dest, progress)
    # Out before any blocked segment was answered: nothing waited for them.
    assert cdn.timed_out == []
    with cdn.lock:
        at_interrupt = sorted(cdn.started)
    assert len(at_interrupt) <= 5  # the first four, and the one started when s0 came in
    # Answering the abandoned requests starts no other segment.
    assert cdn.settle() == at_interrupt
    assert cdn.timed_out == []
    assert list(tmp_path.iterdir()) == []  # no destination, no temporary file


def test_a_failing_segment_stops_without_waiting_for_later_running_ones(
    cdn: BlockingCDN, tmp_path: Path
) -> None:
    # Segment 0 fails while the next ones are in flight: the sync downloader waited for
    # their answers (up to its read timeout each) before reporting it, where the async
    # one cancels them at once.
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/s0.ts":
            assert cdn.first_blocked.wait(BOUND)  # a later segment is in flight
            return httpx.Response(404)
        return cdn.handler(request)

    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        with pytest.raises(module.SegmentError) as info:
            HLSDownloader(client, retry_backoff=0).download(
                "http://127.0.0.1/p.m3u8", tmp_path / "out.ts", concurrency=4
            )
        assert info.value.index == 0
        assert cdn.timed_out == []  # out before any blocked segment was answered
        with cdn.lock:
            at_failure = sorted(cdn.started)
        assert cdn.settle() == at_failure  # the abandoned ones start no other request
    assert cdn.timed_out == []
    assert list(tmp_path.iterdir()) == []


def test_an_abandoned_segment_is_not_retried(cdn: BlockingCDN, tmp_path: Path) -> None:
    # The blocked segments finally fail with a 503, which a running download retries:
    # an abandoned one must not, nor start any other request.
    # The caller's client stays open: a retry would reach the server.
    cdn.status_after_release = 503
    with httpx.Client(transport=httpx.MockTransport(cdn.handler)) as client:
        with pytest.raises(KeyboardInterrupt):
            HLSDownloader(client, retry_backoff=0).download(
                "http://127.0.0.1/p.m3u8", tmp_path / "out.ts", concurrency=4, progress=interrupt
            )
        with cdn.lock:
            at_interrupt = sorted(cdn.started)
        assert cdn.settle() == at_interrupt
    assert cdn.timed_out == []


def test_a_failing_write_stops_without_waiting_and_leaves_nothing(
    cdn: BlockingCDN, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A full disk: the first write of the output fails.
    real = module.atomic_file

    class Full:
        def __init__(self, output: object) -> None:
            self.output = output

        def write(self, data: bytes) -> int:
            raise OSError(errno.ENOSPC, "No space left on device")

    @contextmanager
    def full_disk(dest: Path) -> Iterator[Full]:
        with real(dest) as output:
            yield Full(output)

    monkeypatch.setattr(module, "atomic_file", full_disk)
    dest = tmp_path / "out.ts"
    with pytest.raises(OSError, match="No space left"):
        download(cdn, dest, lambda report: None)
    assert cdn.timed_out == []
    cdn.settle()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not hasattr(signal, "pthread_kill"), reason="needs pthread_kill")
def test_ctrl_c_while_waiting_for_a_segment_returns_at_once(
    cdn: BlockingCDN, tmp_path: Path
) -> None:
    if signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        pytest.skip("SIGINT is handled by something else here")
    main = threading.main_thread().ident
    assert main is not None and threading.get_ident() == main
    # A real SIGINT to this (main) thread, sent by the first segment request that blocks:
    # the downloader is then waiting for it, and gets KeyboardInterrupt there.
    cdn.on_block = lambda: signal.pthread_kill(main, signal.SIGINT)
    dest = tmp_path / "out.ts"
    with pytest.raises(KeyboardInterrupt):
        download(cdn, dest, lambda report: None)
    assert cdn.timed_out == []
    with cdn.lock:
        at_interrupt = sorted(cdn.started)
    assert cdn.settle() == at_interrupt
    assert list(tmp_path.iterdir()) == []


def test_the_pool_threads_do_not_keep_the_interpreter_alive() -> None:
    # Ctrl-C in `beatkit hls download` ends the command; the interpreter's exit must not
    # then join the threads still blocked on abandoned requests.
    release = threading.Event()
    daemons: list[bool] = []

    def work(item: int) -> int:
        daemons.append(threading.current_thread().daemon)
        if item:
            release.wait(timeout=BOUND)
        return item

    results = OrderedPool(2).map(work, range(4))
    try:
        assert next(results) == 0
    finally:
        release.set()
        results.close()
    assert daemons and all(daemons)


class _BlockingHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    cdn: BlockingCDN

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        response = self.cdn.handler(httpx.Request("GET", "http://127.0.0.1" + self.path))
        body = response.read()
        self.send_response(response.status_code)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        with contextlib.suppress(OSError):  # the client went away: it was interrupted
            self.wfile.write(body)


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_ctrl_c_ends_the_cli_download_with_130_while_segments_hang(
    cdn: BlockingCDN, tmp_path: Path
) -> None:
    # End to end: SIGINT to `beatkit hls download` while segment requests hang. The
    # process must exit, not sit at interpreter exit joining the threads that wait.
    handler = type("Handler", (_BlockingHandler,), {"cdn": cdn})
    httpd = _QuietServer(("127.0.0.1", 0), handler)
    serving = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.05})
    serving.daemon = True
    serving.start()
    dest = tmp_path / "out.ts"
    url = f"http://127.0.0.1:{httpd.server_address[1]}/p.m3u8"
    code = (
        "import signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
        "from beatkit.cli import main; sys.exit(main(sys.argv[1:]))"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    try:
        with subprocess.Popen(
            [sys.executable, "-c", code, "hls", "download", url, "-o", str(dest)],
            stderr=subprocess.PIPE,
            env=env,
        ) as process:
            try:
                assert cdn.first_blocked.wait(timeout=60)
                process.send_signal(signal.SIGINT)
                status = process.wait(timeout=BOUND / 2)  # well before the blocked requests
            finally:
                if process.poll() is None:
                    process.kill()
            assert process.stderr is not None
            err = process.stderr.read().decode()
        assert status == 130, err
        assert "interrupted" in err and "Traceback" not in err, err
        assert cdn.timed_out == []
        assert list(tmp_path.iterdir()) == []
    finally:
        cdn.release.set()
        httpd.shutdown()
        httpd.server_close()
        serving.join(timeout=BOUND)


async def test_the_async_downloader_cancels_running_segments_when_the_consumer_fails(
    tmp_path: Path,
) -> None:
    playlist = BlockingCDN().playlist()
    release = asyncio.Event()
    cancelled: list[str] = []
    timed_out: list[str] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if path.endswith(".m3u8"):
            return httpx.Response(200, content=playlist)
        if path != "/s0.ts":
            try:
                await asyncio.wait_for(release.wait(), timeout=BOUND)
            except asyncio.CancelledError:
                cancelled.append(path)
                raise
            except TimeoutError:
                timed_out.append(path)
        return httpx.Response(200, content=path.encode() * 50)

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
        with pytest.raises(KeyboardInterrupt):
            await AsyncHLSDownloader(client, retry_backoff=0).download(
                "http://127.0.0.1/p.m3u8", tmp_path / "out.ts", concurrency=4, progress=interrupt
            )
    assert timed_out == []
    assert cancelled  # the segments in flight were cancelled, not awaited
    assert list(tmp_path.iterdir()) == []


# A segment that fails while an earlier one is still being fetched: the earlier one makes
# no further request (its retries) once the download has failed, and the error reported
# is the real failure, not the earlier segment's giving up. The earlier segment's first
# answer waits until the later segment's failure has come out of the downloader's part,
# so nothing depends on timing.
_TWO = b"#EXTM3U\n#EXT-X-TARGETDURATION:5\n#EXTINF:5,\ns0.ts\n#EXTINF:5,\ns1.ts\n#EXT-X-ENDLIST\n"
_RETRIES = 5


def _signal_part_failures(
    monkeypatch: pytest.MonkeyPatch, job_class: type, failed: Callable[[], None]
) -> None:
    part = job_class.part

    if asyncio.iscoroutinefunction(part):

        async def apart(self: object, item: object) -> object:
            try:
                return await part(self, item)
            except module.SegmentError:
                failed()
                raise

        monkeypatch.setattr(job_class, "part", apart)
    else:

        def spart(self: object, item: object) -> object:
            try:
                return part(self, item)
            except module.SegmentError:
                failed()
                raise

        monkeypatch.setattr(job_class, "part", spart)


def test_a_failing_segment_stops_the_retries_of_an_earlier_one(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    s1_failed = threading.Event()
    _signal_part_failures(monkeypatch, module._Job, s1_failed.set)
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        if request.url.path == "/p.m3u8":
            return httpx.Response(200, content=_TWO)
        if request.url.path == "/s1.ts":
            return httpx.Response(404)
        assert s1_failed.wait(BOUND)
        return httpx.Response(503)

    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        downloader = HLSDownloader(client, retries=_RETRIES, retry_backoff=0)
        with pytest.raises(module.SegmentError) as info:
            downloader.download("http://127.0.0.1:9/p.m3u8", tmp_path / "out", concurrency=2)
    assert info.value.index == 1
    assert info.value.reason == "HTTP 404 for http://127.0.0.1:9/s1.ts"
    assert seen.count("/s0.ts") == 1  # not retried after the download failed
    assert list(tmp_path.iterdir()) == []


async def test_a_failing_segment_stops_the_retries_of_an_earlier_one_async(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from beatkit.hls._async import download as amodule

    s1_failed = asyncio.Event()
    _signal_part_failures(monkeypatch, amodule._Job, s1_failed.set)
    seen: list[str] = []

    async def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        if request.url.path == "/p.m3u8":
            return httpx.Response(200, content=_TWO)
        if request.url.path == "/s1.ts":
            return httpx.Response(404)
        await asyncio.wait_for(s1_failed.wait(), BOUND)
        return httpx.Response(503)

    async with httpx.AsyncClient(transport=httpx.MockTransport(handler)) as client:
        downloader = AsyncHLSDownloader(client, retries=_RETRIES, retry_backoff=0)
        with pytest.raises(amodule.SegmentError) as info:
            await downloader.download("http://127.0.0.1:9/p.m3u8", tmp_path / "out", concurrency=2)
    assert info.value.index == 1
    assert info.value.reason == "HTTP 404 for http://127.0.0.1:9/s1.ts"
    assert seen.count("/s0.ts") == 1
    assert list(tmp_path.iterdir()) == []
