"""File arguments (a file to upload, a destination to save to) that are no path: a
clear error naming the argument as the method calls it, before anything is sent.

A NUL inside a path text came out as ``os.stat``'s bare ``ValueError: embedded null
byte``, naming nothing; an image given as bytes or a number was refused as
"path must be ...", an argument the method does not have (found by fuzzing).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from beatkit._core.files import path_text
from beatkit._core.uploads import check_upload_path
from beatkit.auth import Token
from beatkit.beatpass import BeatPass
from beatkit.beatport import Beatport
from beatkit.beattech import BeatTech


def test_path_text_refuses_a_nul_naming_the_argument() -> None:
    with pytest.raises(ValueError, match=r"^dest holds a NUL character, which no path can$"):
        path_text("beat\x00.mp3", "dest")


def test_check_upload_path_names_the_argument() -> None:
    with pytest.raises(TypeError, match=r"^image must be a str or os\.PathLike, got bytes$"):
        check_upload_path(b"cover.jpg", "image", name="image")
    with pytest.raises(ValueError, match=r"^image holds a NUL character"):
        check_upload_path("cover\x00.jpg", "image", name="image")
    # The default name stays the one callers named "path" always had.
    with pytest.raises(TypeError, match=r"^path must be a str or os\.PathLike, got int$"):
        check_upload_path(5)


@pytest.fixture
def sent() -> list[httpx.Request]:
    return []


@pytest.fixture
def http(sent: list[httpx.Request]) -> Iterator[httpx.Client]:
    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(500)

    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        yield client


NUL = "beat\x00.mp3"

CALLS: list[tuple[str, Callable[[httpx.Client, Any], Any]]] = [
    ("path", lambda http, p: BeatPass("tok", http_client=http).tracks.upload(p)),
    ("path", lambda http, p: BeatPass("tok", http_client=http).uploads.create(p)),
    ("dest", lambda http, p: BeatPass("tok", http_client=http).tracks.download(1, p)),
    ("dest", lambda http, p: BeatPass("tok", http_client=http).licenses.download_pdf(1, p)),
    ("dest", lambda http, p: Beatport("c", token="t", http_client=http).tracks.save_download(1, p)),
    ("dest", lambda http, p: Beatport("c", token="t", http_client=http).tracks.save_stream(1, p)),
    ("image", lambda http, p: _bt(http).banners.upload_image(1, p)),
    ("image", lambda http, p: _bt(http).release_groups.upload_image(1, p)),
    ("image", lambda http, p: _bt(http).actors.upload_image(1, p)),
    ("image", lambda http, p: _bt(http).series.upload_image(1, p)),
]


def _bt(http: httpx.Client) -> BeatTech:
    token = Token(access_token="tok", extra={"user_id": "7"})
    return BeatTech("test", client_id="a", client_secret="b", token=token, http_client=http)


@pytest.mark.parametrize(
    ("name", "call"), CALLS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CALLS)]
)
def test_a_nul_in_a_path_is_refused_naming_the_argument(
    http: httpx.Client, sent: list[httpx.Request], name: str, call: Callable[..., Any]
) -> None:
    with pytest.raises(ValueError, match=rf"^{name} holds a NUL character"):
        call(http, NUL)
    assert sent == []


@pytest.mark.parametrize("value", [b"/tmp/beat.mp3", 5, None], ids=["bytes", "int", "None"])
@pytest.mark.parametrize(
    ("name", "call"), CALLS, ids=[f"{n}-{i}" for i, (n, _) in enumerate(CALLS)]
)
def test_a_path_of_the_wrong_type_is_refused_naming_the_argument(
    http: httpx.Client,
    sent: list[httpx.Request],
    name: str,
    call: Callable[..., Any],
    value: Any,
    tmp_path: Path,
) -> None:
    with pytest.raises(TypeError, match=rf"^{name} must be a (path|str or os\.PathLike)"):
        call(http, value)
    assert sent == []
