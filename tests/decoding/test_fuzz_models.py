"""Fuzz: arbitrary JSON into one model per service, through the client's decode path.

Each answer is served by an in-process transport to the sync client's "get one"
call (Beatport ``tracks.get``, BeatPass ``tracks.get``, BeatConnect ``beats.get``,
Beat Technology ``tracks.get``):
real items with a wrong type possible at every field at any depth, arbitrary JSON,
and bodies nested far too deeply. Whatever comes, the call returns the model or
raises :class:`~beatkit.errors.ResponseDecodeError` naming the service and the
operation; nothing else escapes. Marked ``fuzz``: 10,000 examples each under the
``fuzz`` profile (``nox -s fuzz``), the ``ci`` profile's count otherwise.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from beatkit import ResponseDecodeError
from beatkit.auth import MemoryTokenStore, Token
from beatkit.beatconnect import BeatConnect
from beatkit.beatconnect.models import Beat
from beatkit.beatpass import BeatPass
from beatkit.beatpass.models import Track as BeatPassTrack
from beatkit.beatport import Beatport
from beatkit.beatport.models import Track as BeatportTrack
from beatkit.beattech import BeatTech
from beatkit.beattech.models import Track as BeatTechTrack
from beatkit.testing.beatconnect import FakeBeatConnect
from beatkit.testing.beatpass import FakeBeatPass
from beatkit.testing.beattech import FakeBeatTech

RECORDED = Path(__file__).resolve().parents[1] / "fixtures" / "real" / "beatport"


def _served(fake: Any, path: str, token: str) -> Any:
    request = httpx.Request("GET", fake.base_url + path, headers={"Authorization": token})
    return json.loads(fake.handle(request).content)


def _templates() -> dict[str, Any]:
    """One real item per service: the recorded Beatport track, the fakes' items."""
    beatport = json.loads((RECORDED / "catalog-tracks-by-isrc.json").read_text())
    beatpass = FakeBeatPass()
    beatconnect = FakeBeatConnect()
    beattech = FakeBeatTech()
    user_token = beattech.issue_token(beattech.user_id)["access_token"]
    return {
        "beatport": beatport["body"]["results"][0],
        "beatpass": _served(beatpass, "/tracks/1", f"Bearer {beatpass.token}")["track"],
        "beatconnect": _served(
            beatconnect,
            f"/beats/{beatconnect.beats[0]['id']}",
            f"Bearer {beatconnect.api_key}",
        )["data"],
        "beattech": _served(beattech, "/tracks/10001", f"Bearer {user_token}")["track"],
    }


TEMPLATES = _templates()

ENVELOPES: dict[str, Callable[[Any], Any]] = {
    "beatport": lambda item: item,
    "beatpass": lambda item: {"status": "success", "track": item},
    "beatconnect": lambda item: {"status": "success", "data": item},
    "beattech": lambda item: {"track": item},
}
MODELS: dict[str, type[Any]] = {
    "beatport": BeatportTrack,
    "beatpass": BeatPassTrack,
    "beatconnect": Beat,
    "beattech": BeatTechTrack,
}
OPERATIONS = {
    "beatport": "tracks.get",
    "beatpass": "tracks.get",
    "beatconnect": "beats.get",
    "beattech": "tracks.get",
}

scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()  # NaN and infinities too: json.loads reads them
    | st.text(max_size=12)
    | st.sampled_from(["", "0", "7", "-3", "12.7", "1e3", "true", "false", "null", "2024-02-30"])
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=25,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """The path (keys and indexes) of every node below ``value``."""
    children = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, child in children:
        yield (*prefix, key)
        yield from _paths(child, (*prefix, key))


PATHS = {service: sorted(_paths(item), key=repr) for service, item in TEMPLATES.items()}


@st.composite
def damaged(draw: st.DrawFn, service: str) -> Any:
    """A real item with a few nodes, at any depth, replaced by arbitrary JSON or removed."""
    item = copy.deepcopy(TEMPLATES[service])
    for path in draw(st.lists(st.sampled_from(PATHS[service]), min_size=1, max_size=4)):
        parent = item
        try:
            for key in path[:-1]:
                parent = parent[key]
            if draw(st.integers(0, 4)) == 0 and isinstance(parent, dict):
                del parent[path[-1]]
            else:
                parent[path[-1]] = draw(json_values)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change replaced or removed this node's parent
    return item


NESTS = [
    ('{"artists":[', "]}"),
    ('{"release":', "}"),
    ("[", "]"),
    # Through the models' own cycles, so that structuring recurses as deep as the JSON:
    # a BeatPass track's album lists tracks, a Beatport genre's sub-genres name a genre.
    ('{"id":1,"album":{"id":2,"tracks":[', "]}}"),
    ('{"id":1,"genre":{"id":2,"sub_genres":[', "]}}"),
]


@st.composite
def bodies(draw: st.DrawFn, service: str) -> bytes:
    """An answer's bytes: a damaged real item, arbitrary JSON, or a too-deep nest."""
    kind = draw(st.sampled_from(["item", "item", "json", "deep"]))
    if kind == "deep":
        depth = draw(st.integers(1, 400) | st.integers(1, 50_000))
        opener, closer = draw(st.sampled_from(NESTS))
        # Closed or not: json.loads gives up on both past its recursion limit.
        inner = opener * depth + "1" + closer * draw(st.sampled_from([depth, 0]))
        if draw(st.booleans()):  # inside the service's envelope, as the item
            return json.dumps(ENVELOPES[service]("@")).replace('"@"', inner).encode()
        return inner.encode()
    if kind == "json":
        value = draw(json_values)
        body = ENVELOPES[service](value) if draw(st.booleans()) else value
    else:
        body = ENVELOPES[service](draw(damaged(service)))
    return json.dumps(body).encode()


class Answer:
    """The body the transport serves next."""

    def __init__(self) -> None:
        self.body = b"{}"

    def __call__(self, request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Type": "application/json"}, content=self.body)


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[Answer, dict[str, Callable[[], Any]]]]:
    answer = Answer()
    http = httpx.Client(transport=httpx.MockTransport(answer))
    beatport = Beatport(
        "client-id", token="tok", http_client=http, requests_per_second=None, max_retries=0
    )
    beatpass = BeatPass("tok", http_client=http, max_retries=0)
    beatconnect = BeatConnect("key", http_client=http, max_retries=0)
    # A fresh user token in the store: every call is the one GET, never a token request.
    fresh = {"access_token": "user-token", "expires_in": 86_400, "token_type": "Bearer"}
    beattech = BeatTech(
        "fabel",
        client_id="id",
        client_secret="secret",
        http_client=http,
        max_retries=0,
        store=MemoryTokenStore(Token.from_response(fresh, now=datetime.now(UTC))),
    )
    calls: dict[str, Callable[[], Any]] = {
        "beatport": lambda: beatport.tracks.get(1),
        "beatpass": lambda: beatpass.tracks.get(1),
        "beatconnect": lambda: beatconnect.beats.get(1),
        "beattech": lambda: beattech.tracks.get(1),
    }
    yield answer, calls
    http.close()


def check(served: tuple[Answer, dict[str, Callable[[], Any]]], service: str, body: bytes) -> None:
    answer, calls = served
    answer.body = body
    try:
        result = calls[service]()
    except ResponseDecodeError as exc:
        message = str(exc)
        failure: ResponseDecodeError | None = exc
    else:
        failure = None
    if failure is not None:
        assert message.startswith(f"{service}: {OPERATIONS[service]}: ")
        assert failure.service == service and failure.status_code == 200
        return
    assert isinstance(result, MODELS[service])


@pytest.mark.fuzz
@given(body=bodies("beatport"))
def test_fuzz_beatport_track(
    served: tuple[Answer, dict[str, Callable[[], Any]]], body: bytes
) -> None:
    check(served, "beatport", body)


@pytest.mark.fuzz
@given(body=bodies("beatpass"))
def test_fuzz_beatpass_track(
    served: tuple[Answer, dict[str, Callable[[], Any]]], body: bytes
) -> None:
    check(served, "beatpass", body)


@pytest.mark.fuzz
@given(body=bodies("beatconnect"))
def test_fuzz_beatconnect_beat(
    served: tuple[Answer, dict[str, Callable[[], Any]]], body: bytes
) -> None:
    check(served, "beatconnect", body)


@pytest.mark.fuzz
@given(body=bodies("beattech"))
def test_fuzz_beattech_track(
    served: tuple[Answer, dict[str, Callable[[], Any]]], body: bytes
) -> None:
    check(served, "beattech", body)


def test_templates_decode_as_they_are(
    served: tuple[Answer, dict[str, Callable[[], Any]]],
) -> None:
    """The fuzz starts from valid items: unchanged, each decodes."""
    for service, item in TEMPLATES.items():
        served[0].body = json.dumps(ENVELOPES[service](item)).encode()
        assert isinstance(served[1][service](), MODELS[service])
