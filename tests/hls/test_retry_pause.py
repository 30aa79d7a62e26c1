"""A retry's wait ends as soon as the download stops.

The sync pool abandons the parts still running when one fails; a part waiting to
retry used to sleep out its whole backoff (up to 10 s) in its thread before it saw
the stop. The wait now goes in short steps, each after a look at the stop flag.
"""

from __future__ import annotations

import httpx
import pytest

from beatkit.hls._sync import download as download_module


def make_job() -> download_module._Job:
    return download_module._Job(
        httpx.Client(), "https://cdn.test/p.m3u8", {}, retries=3, backoff=8.0
    )


def test_a_stop_during_the_wait_ends_it(monkeypatch: pytest.MonkeyPatch) -> None:
    job = make_job()
    slept: list[float] = []

    def fake_sleep(seconds: float) -> None:
        slept.append(seconds)
        if len(slept) == 2:
            job.stopped = True  # another part failed meanwhile

    monkeypatch.setattr(download_module, "sleep", fake_sleep)
    with pytest.raises(download_module._Stopped):
        job.pause(8.0)
    assert len(slept) == 2
    assert sum(slept) < 8.0


def test_an_undisturbed_wait_lasts_its_whole_length(monkeypatch: pytest.MonkeyPatch) -> None:
    job = make_job()
    slept: list[float] = []
    monkeypatch.setattr(download_module, "sleep", slept.append)
    job.pause(1.25)
    assert sum(slept) == pytest.approx(1.25)
    assert len(slept) <= 100  # bounded: steps of a tenth of a second at least


def test_a_stopped_download_does_not_wait_at_all(monkeypatch: pytest.MonkeyPatch) -> None:
    job = make_job()
    job.stopped = True
    slept: list[float] = []
    monkeypatch.setattr(download_module, "sleep", slept.append)
    with pytest.raises(download_module._Stopped):
        job.pause(8.0)
    assert slept == []


@pytest.mark.parametrize("backoff", [0.0, 0.5])
def test_more_than_a_thousand_retries_end_in_a_fetch_error_not_an_overflow(
    monkeypatch: pytest.MonkeyPatch, backoff: float
) -> None:
    # The wait doubled as backoff * 2**attempt: past 1024 attempts the int no longer
    # converts to a float, and a raw OverflowError ended the download.
    waits: list[float] = []
    monkeypatch.setattr(download_module._Job, "pause", lambda job, seconds: waits.append(seconds))
    failing = httpx.Client(transport=httpx.MockTransport(lambda request: httpx.Response(500)))
    job = download_module._Job(
        failing, "https://cdn.test/p.m3u8", {}, retries=1100, backoff=backoff
    )
    with pytest.raises(download_module.FetchError) as info:
        job.get("https://cdn.test/p.m3u8")
    assert str(info.value) == "HTTP 500 (after 1101 attempts)"
    assert len(waits) == 1100
    assert waits[-1] == (10.0 if backoff else 0.0)
