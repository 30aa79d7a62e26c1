"""A served FakeBeatport whose own base URL is a loopback one hands out stream URLs
that lead back to its server.

Over a socket, the Beatport fake points stream and download URLs at the server's port
under the other loopback name (so a token scoped to the API host never reaches them).
It did so only when the client addressed another host than the fake's ``base_url``:
a fake made with ``base_url="http://127.0.0.1:8000/v4"`` (a test's local setting) and
then served answered a client that addressed ``127.0.0.1`` with URLs on the fake's
default CDN host (``needledrop.beatport.test``), which nothing serves, so the client
could not fetch the stream. FakeBeatTech already served them in that case.
"""

from __future__ import annotations

import httpx
import pytest

from beatkit.testing import FakeBeatport, serve
from beatkit.testing._app import origin


@pytest.mark.parametrize("base_host", ["127.0.0.1", "localhost"])
@pytest.mark.parametrize("client_host", ["127.0.0.1", "localhost"])
@pytest.mark.parametrize("kind", ["stream", "download"])
def test_media_urls_of_a_served_loopback_fake_lead_to_its_server(
    base_host: str, client_host: str, kind: str
) -> None:
    fake = FakeBeatport(base_url=f"http://{base_host}:8000/v4")
    token = fake.issue_token()["access_token"]
    track_id = fake.tracks[0]["id"]
    with serve(fake, hang=0) as server:
        api = server.base_url.replace("127.0.0.1", client_host)
        other = "localhost" if client_host == "127.0.0.1" else "127.0.0.1"
        auth = {"Authorization": f"Bearer {token}"}
        with httpx.Client(timeout=5) as client:
            if kind == "stream":
                answer = client.get(f"{api}/catalog/tracks/{track_id}/stream/", headers=auth)
                url = answer.json()["stream_url"]
            else:
                answer = client.get(
                    f"{api}/catalog/tracks/{track_id}/download/",
                    params={"quality": "medium"},
                    headers=auth,
                )
                url = answer.json()["location"]
            assert origin(url) == f"http://{other}:{server.port}"
            media = client.get(url)
    assert media.status_code == 200
    if kind == "download":
        assert media.content == fake.download_bytes(track_id, "medium")
    assert fake.leaked_authorization == []


def test_in_process_a_loopback_fake_still_points_at_its_cdn() -> None:
    fake = FakeBeatport(base_url="http://127.0.0.1:8000/v4")
    token = fake.issue_token()["access_token"]
    track_id = fake.tracks[0]["id"]
    with httpx.Client(transport=fake.transport(), base_url=fake.base_url) as client:
        answer = client.get(
            f"/catalog/tracks/{track_id}/stream/", headers={"Authorization": f"Bearer {token}"}
        )
        url = answer.json()["stream_url"]
        assert origin(url) == origin(fake.cdn_url)
        assert client.get(url).status_code == 200
