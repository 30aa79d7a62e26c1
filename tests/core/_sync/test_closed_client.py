# GENERATED from tests/core/_async/test_closed_client.py by scripts/unasync.py: edit the async source.
"""A client used after its connection pool was closed: one clear beatkit error, on every
path that sends (API calls, pagers, downloads, login steps, token requests).

Written once for asyncio; ``scripts/unasync.py`` generates the twin in ``_sync/``.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from beatkit import BeatConnect, BeatkitError, ClientClosedError
from beatkit.beattech import BeatTech
from beatkit.testing import FakeBeatConnect, FakeBeatTech


def test_calls_and_pagers_of_a_closed_client_raise_client_closed(
    tmp_path: Path,
) -> None:
    # httpx's own RuntimeError ("Cannot send a request, as the client has been closed")
    # used to escape, after the retries' waits for a connection failure in flight.
    fake = FakeBeatConnect()
    client = BeatConnect(
        api_key=fake.api_key,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
    )
    assert client.genres.list()
    client._transport.http_client.close()
    sent = len(fake.requests)
    with pytest.raises(ClientClosedError, match="closed") as caught:
        client.genres.list()
    assert isinstance(caught.value, BeatkitError) and isinstance(caught.value, RuntimeError)
    with pytest.raises(ClientClosedError):
        client.beats.list().first_page()
    with pytest.raises(ClientClosedError):
        for _ in client.beats.list():
            pass
    assert len(fake.requests) == sent


def test_a_closed_client_does_not_log_in_or_fetch_tokens() -> None:
    fake = FakeBeatTech()
    bt = BeatTech(
        "fabel",
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=httpx.Client(transport=fake.transport()),
    )
    bt._transport.http_client.close()
    with pytest.raises(ClientClosedError):
        bt.auth.login(fake.username, fake.password)
    with pytest.raises(ClientClosedError):
        bt.auth.app_token()
    with pytest.raises(ClientClosedError):
        bt.tracks.get("10001")
    assert fake.requests == []


def test_a_closed_client_on_your_own_http_client_sends_nothing_more() -> None:
    # close() leaves an http_client of yours open, and the client went on sending with it.
    fake = FakeBeatConnect()
    http = httpx.Client(transport=fake.transport())
    client = BeatConnect(api_key=fake.api_key, base_url=fake.base_url, http_client=http)
    assert client.genres.list()
    client.close()
    sent = len(fake.requests)
    with pytest.raises(ClientClosedError, match="closed"):
        client.genres.list()
    with pytest.raises(ClientClosedError):
        client.beats.list().first_page()
    assert len(fake.requests) == sent
    assert not http.is_closed
    http.close()


def test_a_closed_beat_technology_client_on_your_own_http_client() -> None:
    fake = FakeBeatTech()
    http = httpx.Client(transport=fake.transport())
    bt = BeatTech(
        "fabel",
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=fake.base_url,
        http_client=http,
    )
    bt.close()
    with pytest.raises(ClientClosedError):
        bt.auth.login(fake.username, fake.password)
    with pytest.raises(ClientClosedError):
        bt.auth.app_token()
    with pytest.raises(ClientClosedError):
        bt.app.tracks.get("10001")
    assert fake.requests == []
    assert not http.is_closed
    http.close()


def test_entering_a_closed_client_again_raises_client_closed() -> None:
    # `with` after the block closed the client used to hand it back, and the
    # first call inside failed; a notebook cell run twice does exactly that.
    fake = FakeBeatConnect()
    http = httpx.Client(transport=fake.transport())
    client = BeatConnect(api_key=fake.api_key, base_url=fake.base_url, http_client=http)
    with client:
        assert client.genres.list()
    client.close()  # closing twice is fine
    with pytest.raises(ClientClosedError, match="closed"):
        with client:
            pytest.fail("entered a closed client")
    bt = BeatTech(
        "fabel", client_id="id", client_secret="secret", base_url=fake.base_url, http_client=http
    )
    bt.close()
    with pytest.raises(ClientClosedError):
        with bt:
            pytest.fail("entered a closed client")
    http.close()


def test_your_http_client_closed_under_an_open_client_is_named() -> None:
    # The message said "the client is closed; create a new one": the beatkit client was
    # open, and a new one on the same http_client fails alike.
    fake = FakeBeatConnect()
    http = httpx.Client(transport=fake.transport())
    client = BeatConnect(api_key=fake.api_key, base_url=fake.base_url, http_client=http)
    assert client.genres.list()
    http.close()
    sent = len(fake.requests)
    with pytest.raises(ClientClosedError, match="http_client") as caught:
        client.genres.list()
    assert "create a new one" not in str(caught.value)
    with pytest.raises(ClientClosedError, match="http_client"):
        with client:
            pytest.fail("entered a client whose http_client is closed")
    assert len(fake.requests) == sent
    # Closed by you and then by beatkit: beatkit's own close comes first in the message.
    client.close()
    with pytest.raises(ClientClosedError, match="the client is closed"):
        client.genres.list()
