"""A decoded model (or error) whose free-form JSON nests deeply is still a plain value.

An API may send a free-form field (BeatPass's backstage ``data``, a payload the user
submitted) nested a few hundred levels deep: the JSON parser reads it, and the model
decodes. ``hash()``, ``copy.deepcopy()``, ``pickle`` and ``converter.unstructure()``
of that model walked the nesting by recursion, with more Python frames per level
than the parser uses, and raised ``RecursionError`` where the docs promise a
hashable value that deep-copies, pickles and unstructures back to the JSON it was
read from.
"""

from __future__ import annotations

import copy
import json
import pickle
import sys
from typing import Any

import httpx
import pytest

from beatkit.beatconnect import BeatConnect
from beatkit.beatpass import AsyncBeatPass, BeatPass
from beatkit.beatpass.converter import converter as beatpass_converter
from beatkit.beatpass.models import BackstageRequest
from beatkit.errors import ServerError
from beatkit.testing.beatconnect import FakeBeatConnect
from beatkit.testing.beatpass import FakeBeatPass

# Deeper than the recursion of hash (about 600 levels), deepcopy (about 500) and
# unstructure (about 400) went, and well within what the JSON parser reads with a
# client's call on the stack (about 900 levels on Python 3.11).
DEPTH = 700


def _deep(depth: int = DEPTH) -> Any:
    value: Any = {"leaf": [1, 2.5, "x", None, True]}
    for level in range(depth):
        value = [value] if level % 2 else {"level": level, "next": value}
    return value


def _answer(payload: Any) -> str:
    """The fake's answer to a backstage request, its ``data`` being ``payload``."""
    record = {
        "id": 401, "user_id": 1, "type": "become-artist", "status": "pending",
        "artist_name": "Deep", "artist_id": None, "data": payload, "notes": None,
        "created_at": "2026-01-02T03:04:05Z", "updated_at": "2026-01-02T03:04:05.500000Z",
    }  # fmt: skip
    return json.dumps({"status": "success", "request": record})


def _created(payload: Any) -> BackstageRequest:
    """A backstage request decoded by the sync client, as the server sent it."""
    fake = FakeBeatPass()
    with (
        httpx.Client(transport=fake.transport()) as http,
        BeatPass(base_url=fake.base_url, http_client=http) as bp,
    ):
        bp.login(fake.email, fake.password)
        fake.fail_next(201, body=_answer(payload))
        return bp.backstage.create("become-artist", artist_name="Deep", data={"bio": "x"})


@pytest.fixture
def deep_request() -> BackstageRequest:
    return _created({"nested": _deep()})


def test_the_model_decodes_the_deep_payload(deep_request: BackstageRequest) -> None:
    assert deep_request.data == {"nested": _deep()}


def test_a_deep_model_is_hashable_and_equal_models_hash_alike(
    deep_request: BackstageRequest,
) -> None:
    other = _created({"nested": _deep()})
    assert deep_request == other
    assert hash(deep_request) == hash(other)
    assert len({deep_request, other}) == 1


def test_deep_models_that_differ_deep_down_are_unequal_and_still_hash(
    deep_request: BackstageRequest,
) -> None:
    changed = _deep()
    changed_leaf = changed
    while not (isinstance(changed_leaf, dict) and "leaf" in changed_leaf):
        changed_leaf = changed_leaf[0] if isinstance(changed_leaf, list) else changed_leaf["next"]
    changed_leaf["leaf"] = [1, 2.5, "y", None, True]
    other = _created({"nested": changed})
    assert other != deep_request
    hash(other)  # no RecursionError


def test_a_deep_model_deep_copies(deep_request: BackstageRequest) -> None:
    copied = copy.deepcopy(deep_request)
    assert copied == deep_request
    assert copied.data is not deep_request.data
    assert copied.data is not None and deep_request.data is not None
    assert copied.data["nested"] is not deep_request.data["nested"]
    # The copy keeps what the response left out, as a pickled or copied model does.
    assert beatpass_converter.unstructure(copied) == beatpass_converter.unstructure(deep_request)


def test_deep_copy_keeps_shared_parts_shared() -> None:
    shared = {"same": _deep(50)}
    model = BackstageRequest(id=1, data={"a": shared, "b": shared})
    copied = copy.deepcopy(model)
    assert copied == model
    assert copied.data is not None
    assert copied.data["a"] is copied.data["b"]
    assert copied.data["a"] is not shared


def test_a_deep_model_pickles(deep_request: BackstageRequest) -> None:
    for protocol in range(pickle.HIGHEST_PROTOCOL + 1):
        again = pickle.loads(pickle.dumps(deep_request, protocol))  # noqa: S301
        assert again == deep_request
        assert beatpass_converter.unstructure(again) == beatpass_converter.unstructure(deep_request)


def test_a_deep_pickled_model_keeps_shared_parts_shared() -> None:
    shared = {"same": _deep()}
    model = BackstageRequest(id=1, data={"a": shared, "b": [shared]})
    again = pickle.loads(pickle.dumps(model))  # noqa: S301
    assert again == model
    assert again.data is not None
    assert again.data["a"] is again.data["b"][0]


def test_a_deep_model_unstructures_to_the_json_it_was_read_from() -> None:
    model = _created({"nested": _deep()})
    sent = json.loads(_answer({"nested": _deep()}))["request"]
    written = beatpass_converter.unstructure(model)
    assert written == sent
    assert written["data"] is not model.data  # a copy: changing it leaves the model alone
    assert beatpass_converter.structure(written, BackstageRequest) == model


@pytest.mark.asyncio
async def test_the_async_client_gives_the_same_plain_value() -> None:
    fake = FakeBeatPass()
    async with (
        httpx.AsyncClient(transport=fake.transport()) as http,
        AsyncBeatPass(base_url=fake.base_url, http_client=http) as bp,
    ):
        await bp.login(fake.email, fake.password)
        fake.fail_next(201, body=_answer({"nested": _deep()}))
        model = await bp.backstage.create("become-artist", artist_name="Deep", data={"bio": "x"})
    assert hash(model) == hash(copy.deepcopy(model))
    assert pickle.loads(pickle.dumps(model)) == model  # noqa: S301
    assert beatpass_converter.unstructure(model)["data"] == {"nested": _deep()}


def test_an_error_with_a_deep_body_deep_copies_and_pickles() -> None:
    fake = FakeBeatConnect()
    body = json.dumps({"message": "deep", "detail": _deep(600)})
    fake.fail_next(500, body=body)
    with (
        httpx.Client(transport=fake.transport()) as http,
        BeatConnect(
            api_key=fake.api_key, base_url=fake.base_url, http_client=http, max_retries=0
        ) as bc,
        pytest.raises(ServerError) as caught,
    ):
        bc.beats.get(fake.beats[0]["id"])
    error = caught.value
    if error.body is None:  # pragma: no cover - a Python whose redaction walk stops earlier
        pytest.skip(f"the body was not kept on Python {sys.version_info[:2]}")
    assert error.body == json.loads(body)
    for again in (copy.deepcopy(error), pickle.loads(pickle.dumps(error))):  # noqa: S301
        assert type(again) is ServerError
        assert str(again) == str(error)
        assert again.body == error.body
        assert again.__dict__ == error.__dict__


def test_parts_reached_first_near_the_top_count_at_their_deepest() -> None:
    # Twenty links of 60 levels each, every one also listed near the top (the innermost
    # first): 1,200 levels deep through the links, though each is met 2 levels down.
    links: list[Any] = [{"end": True}]
    for _ in range(20):
        links.append(_deep_wrap(links[-1], 60))
    model = BackstageRequest(id=1, data={"main": links[-1], "first": links[:0:-1]})
    again = pickle.loads(pickle.dumps(model))  # noqa: S301
    assert again.data is not None
    first = again.data["first"]
    assert again.data["main"] is first[0]
    assert all(_unwrap(first[n], 60) is first[n + 1] for n in range(19))
    assert _unwrap(first[-1], 60) == {"end": True}


def _deep_wrap(value: Any, depth: int) -> Any:
    for _ in range(depth):
        value = {"next": value}
    return value


def _unwrap(value: Any, depth: int) -> Any:
    for _ in range(depth):
        value = value["next"]
    return value


def _deep_error_in_child(depth: int) -> None:
    """Raise the ServerError a BeatConnect call gets for an answer nested ``depth`` deep."""
    fake = FakeBeatConnect()
    fake.fail_next(500, body=json.dumps({"message": "deep", "detail": _deep(depth)}))
    with (
        httpx.Client(transport=fake.transport()) as http,
        BeatConnect(
            api_key=fake.api_key, base_url=fake.base_url, http_client=http, max_retries=0
        ) as bc,
    ):
        bc.beats.get(fake.beats[0]["id"])


def test_an_error_with_a_deep_body_comes_back_from_a_process_pool() -> None:
    import concurrent.futures
    import multiprocessing

    depth = 600
    with pytest.raises(ServerError) as here:
        _deep_error_in_child(depth)
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=context) as pool:
        future = pool.submit(_deep_error_in_child, depth)
        with pytest.raises(ServerError) as there:  # not a RecursionError from pickling it
            future.result(timeout=60)
    assert str(there.value) == str(here.value)
    assert there.value.body == here.value.body
