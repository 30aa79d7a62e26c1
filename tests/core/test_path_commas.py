"""A comma in a path value is sent as a comma: the ids list of ``DELETE /tracks/{ids}``.

BeatPass documents ``{ids}`` as "comma-separated track IDs" (operations/beatpass.tsv:
``DELETE /tracks/{ids}``, ``/albums/{ids}``, ``/playlists/{ids}``, ``/lyrics/{ids}``). A
comma is a sub-delimiter RFC 3986 (3.3) allows in a path segment, and it cannot take a
value out of its segment; ``%2C`` is another URI (RFC 3986 2.2: a reserved character and
its percent-encoding are not equivalent), which a server or proxy need not read as a list.
"""

from __future__ import annotations

import httpx

from beatkit._core.http import format_path
from beatkit.beatpass import BeatPass


def test_format_path_keeps_commas_and_still_encodes_what_leaves_a_segment() -> None:
    assert format_path("/tracks/{ids}", {"ids": "3,1,2"}) == "/tracks/3,1,2"
    assert format_path("/tracks/{ids}", {"ids": "a,b/c"}) == "/tracks/a,b%2Fc"
    assert format_path("/tracks/{ids}", {"ids": "1,2?x=3"}) == "/tracks/1,2%3Fx%3D3"


def test_beatpass_deletes_send_the_documented_comma_separated_ids() -> None:
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"status": "success"})

    http = httpx.Client(transport=httpx.MockTransport(handler))
    with BeatPass("a-token", http_client=http, max_retries=0) as bp:
        bp.tracks.delete([3, 1, 2])
        bp.albums.delete([4, 5])
        bp.playlists.delete([6, 7])
        bp.lyrics.delete([8, 9])
    assert [(r.method, r.url.raw_path) for r in sent] == [
        ("DELETE", b"/api/v1/tracks/3,1,2"),
        ("DELETE", b"/api/v1/albums/4,5"),
        ("DELETE", b"/api/v1/playlists/6,7"),
        ("DELETE", b"/api/v1/lyrics/8,9"),
    ]
