"""Every public method of the four sync clients, called with one bad argument at a time.

The methods are found by walking each client's resources; each parameter's bad values
are picked by its annotation (an id, text, a sequence, a date, a choice, a mapping,
``**fields``, ``options``...), every other argument being a valid value. A bad value
gets a clear error before anything is sent: beatkit's own, or a ``TypeError`` /
``ValueError`` (an ``OSError`` for a path), never one raised inside a dependency
(httpx, cattrs, json, urllib); a value of the wrong kind (``True`` as an id, a set as
a list, naive datetimes, ``NaN`` in a body) is never sent; a value that may be sent
(``"a/b"`` as a text id) stays inside its path segment; and a refusal never shows a
secret argument's text. The async clients are generated from the same source.
"""

from __future__ import annotations

import collections.abc as cabc
import enum
import inspect
import math
import os
import types
import typing
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from beatkit._core._sync.pagers import Pager
from beatkit._core._sync.resource import Resource
from beatkit._core.operation import RequestOptions
from beatkit.auth import Token
from beatkit.beatconnect import BeatConnect
from beatkit.beatpass import BeatPass
from beatkit.beatport import Beatport
from beatkit.beattech import BeatTech
from beatkit.errors import BeatkitError

# Not request methods, or the client's own lifecycle.
SKIPPED = {"close", "logout", "clear_token", "set_token"}

# Arguments a method needs beside its required ones before it sends anything (an
# update with nothing to change is refused, rightly).
GIVEN: dict[str, dict[str, Any]] = {
    "beatpass.albums.update": {"name": "x"},
    "beatpass.credits.update": {"title": "x"},
    "beatpass.fingerprints.check_duplicates": {"track_ids": [1]},
    "beatpass.lyrics.update": {"text": "x"},
    "beatpass.playlists.update": {"name": "x"},
    "beatpass.tracks.update": {"name": "x"},
    "beattech.auth.login_verification_code": {"msisdn": "4791234567"},
    "beattech.banner_groups.update": {"name": "x"},
    "beattech.banners.update": {"title": "x"},
    "beattech.bookmarks.create": {"position": 1},
    "beattech.bookmarks.update": {"position": 1},
    "beattech.credentials.request_verification": {"type": 8},
    "beattech.layouts.update": {"name": "x"},
    "beattech.passwords.request_reset": {"email": "a@example.com"},
    "beattech.passwords.reset": {"email": "a@example.com"},
    "beattech.progresses.create": {"stop_position": 1},
    "beattech.progresses.update": {"stop_position": 1},
    "beattech.ratings.update": {"value": 1},
    "beattech.release_groups.update": {"name": "x"},
    "beattech.releases.get_by_upc": {"upc_code": "12345678"},
    "beattech.releases.list": {"series_id": 1},
    "beattech.reports.send": {"report": {"action": "x"}},
    "beattech.reports.send_many": {"reports": [{"action": "x"}]},
    "beattech.series.update": {"name": "x"},
    "beattech.subscriptions.update": {"state": 6},
    "beattech.users.search": {"email": "a@example.com"},
    "beattech.users.update": {"firstname": "x"},
}

# Arguments that carry credentials: a refusal of theirs never shows the text.
SECRET_ENDINGS = ("password", "secret", "token", "signature")
SECRET_NAMES = {"code", "coupon", "coupon_code", "credential", "handle", "confirmation_code"}
MARK = "SEKRET"


class Opaque:
    """An object JSON has no form for."""


def _cycle() -> list[Any]:
    loop: list[Any] = []
    loop.append(loop)
    return loop


def _numbers() -> Iterator[int]:
    yield from (1, 2)


# (value, must_refuse): a value of the wrong kind must never be sent; the others may
# be, and are then checked for what reached the URL.
Bad = list[tuple[Any, bool]]
BAD: dict[str, Bad] = {
    "int": [
        (True, True),
        (1.5, True),
        (math.nan, True),
        ("1", True),
        (b"1", True),
        (Decimal(1), True),
        (-1, False),
        (0, False),
        (2**70, False),
    ],
    "text_id": [
        (True, True),
        (1.5, True),
        (math.nan, True),
        (b"1", True),
        (f"{MARK}\ud800", True),
        ("", True),
        (" ", True),
        (-1, True),
        (0, False),
        (2**70, False),
        ("a/b", False),
        ("..", False),
        ("%2F", False),
        ("é", False),
        ("a\nb", False),
        ("?a=b#c", False),
    ],
    "text": [
        (f"{MARK}\ud800", True),
        (b"x", True),
        (5, True),
        (["x"], True),
        ("", False),
        ("a/b", False),
        ("..", False),
        ("%2F", False),
        ("é", False),
        (f"{MARK}\x00", False),
        ("a\nb", False),
        ("?a=b#c", False),
    ],
    "seq": [
        (b"ab", True),
        ({2, 1}, True),
        ({"a": 1}, True),
        ([True], True),
        ([1.5], True),
        ([None], True),
        ([[1]], True),
        ("ab", False),
        ([], False),
        (_numbers, False),  # called for each call: a fresh generator
        (list(range(1, 3001)), False),
    ],
    "datetime": [
        ("2024-01-02", True),
        (datetime(2024, 1, 2), True),  # naive
        (date(2024, 1, 2), True),
        (0, True),
        (datetime(9999, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-5))), False),
        (datetime(1, 1, 1, tzinfo=UTC), False),
    ],
    "date": [
        ("2024-13-01", True),
        ("yesterday", True),
        (datetime(2024, 1, 2, tzinfo=UTC), True),
        (20240102, True),
        (b"2024-01-02", True),
    ],
    "map": [
        ({1: "x"}, True),
        ({"a": {1}}, True),
        ({"a": math.nan}, True),
        ({"a": _cycle()}, True),
        ({"a": Opaque()}, True),
        ({"a": b"x"}, True),
        ([("a", 1)], True),
        ("a=b", True),
    ],
    "bool": [(1, True), ("yes", True), ("false", True)],
    "float": [(math.nan, True), (math.inf, True), (True, True), ("1", True), (10**400, True)],
    "choice": [("TRACK", True), (" track", True), (b"track", True), (1.5, True)],
    "options": [({}, True), ("x", True), (5, True)],
    "path": [(b"/tmp/x", True), (5, True), ("", True), ("a\x00b", True)],
}
FIELDS: Bad = [
    ({"x": Opaque()}, True),
    ({"x": math.nan}, True),
    ({"x": {1}}, True),
    ({"x": b"x"}, True),
    ({"x": _cycle()}, True),
    ({"x": datetime(2024, 1, 2)}, True),
]
# A method may take a choice's enum member or its value; the values here are no member.
DEPENDENCIES = ("httpx", "httpcore", "cattrs", "attr", "json", "urllib", "idna", "h11")


def _parts(annotation: Any) -> list[Any]:
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [a for a in typing.get_args(annotation) if a is not type(None)]
    return [annotation]


def _is_choice(part: Any) -> bool:
    return typing.get_origin(part) is typing.Literal or (
        isinstance(part, type) and issubclass(part, enum.Enum)
    )


def category(annotation: Any) -> str | None:
    """Which bad values a parameter gets, by its annotation."""
    parts = _parts(annotation)
    origins = {typing.get_origin(p) or p for p in parts}
    if any(_is_choice(p) for p in parts):
        return "choice"
    if RequestOptions in parts:
        return "options"
    if datetime in parts:
        return "datetime"
    if date in parts:
        return "date"
    if os.PathLike in origins:
        return "path"
    if origins & {cabc.Sequence, cabc.Iterable, list}:
        # A filter given as JSON (text, mapping or list of anything) takes any list.
        return None if typing.Any in _item_types(parts) else "seq"
    if origins & {cabc.Mapping, dict}:
        return "map"
    if int in parts:
        return "text_id" if str in parts else "int"
    if str in parts:
        return "text"
    if bool in parts:
        return "bool"
    if float in parts:
        return "float"
    return None


def _item_types(parts: list[Any]) -> list[Any]:
    return [a for p in parts for a in typing.get_args(p)]


def valid(annotation: Any, name: str, files: dict[str, Path]) -> Any:
    """A valid value for a parameter, by its annotation."""
    parts = _parts(annotation)
    for part in parts:
        if typing.get_origin(part) is typing.Literal:
            return typing.get_args(part)[0]
        if isinstance(part, type) and issubclass(part, enum.Enum):
            return next(iter(part))
    origins = [typing.get_origin(p) or p for p in parts]
    if int in parts:
        return 1
    if datetime in parts:
        return datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    if date in parts:
        return date(2024, 1, 2)
    if os.PathLike in origins:
        return files["image" if "image" in name else "audio"]
    if str in parts:
        return {"email": "a@example.com", "msisdn": "4791234567"}.get(name, "x")
    if bool in parts:
        return True
    if float in parts:
        return 0.5
    for part, origin in zip(parts, origins, strict=True):
        if origin in (cabc.Mapping, dict):
            return {"a": "b"}
        if origin in (cabc.Sequence, cabc.Iterable, list):
            (item,) = typing.get_args(part) or (str,)
            return [valid(item, name, files)]
        if origin is tuple:
            return tuple(valid(a, name, files) for a in typing.get_args(part))
    raise LookupError(annotation)


def _methods(obj: Any, prefix: str, seen: set[int]) -> Iterator[tuple[str, Any]]:
    for name in dir(obj):
        if name.startswith("_") or name in SKIPPED or name == "app":
            continue
        value = getattr(obj, name)
        if isinstance(value, Resource):
            if id(value) not in seen:
                seen.add(id(value))
                yield from _methods(value, f"{prefix}.{name}", seen)
        elif callable(value) and hasattr(value, "__self__"):
            yield f"{prefix}.{name}", value


def _parameters(method: Any) -> Iterator[tuple[str, Any, bool]]:
    """(name, annotation, required) of each parameter, a ``**pages`` bundle's keys too;
    a ``**fields`` of any JSON as name ``**``."""
    hints = typing.get_type_hints(method)
    for parameter in inspect.signature(method).parameters.values():
        annotation = hints.get(parameter.name, Any)
        if parameter.kind is parameter.VAR_KEYWORD:
            if typing.get_origin(annotation) is typing.Unpack:
                bundle = typing.get_args(annotation)[0]
                for key, inner in typing.get_type_hints(bundle).items():
                    yield key, inner, False
            else:
                yield "**", None, False
        elif parameter.kind is not parameter.VAR_POSITIONAL:
            yield parameter.name, annotation, parameter.default is parameter.empty


def _secret(name: str) -> bool:
    return name in SECRET_NAMES or name.endswith(SECRET_ENDINGS)


def _from_dependency(exc: BaseException) -> str | None:
    """The dependency whose code raised ``exc``, if it was not beatkit's."""
    frame, last = exc.__traceback__, None
    while frame is not None:
        last, frame = frame.tb_frame.f_code.co_filename, frame.tb_next
    for name in DEPENDENCIES:
        if last is not None and (f"/{name}/" in last or last.endswith(f"/{name}.py")):
            return name
    return None


def _make(service: str, handler: Callable[[httpx.Request], httpx.Response]) -> Any:
    http = httpx.Client(transport=httpx.MockTransport(handler))
    if service == "beatport":
        return Beatport(
            "cid", token="tok", http_client=http, max_retries=0, requests_per_second=None
        )
    if service == "beatpass":
        return BeatPass("tok", http_client=http, max_retries=0)
    if service == "beatconnect":
        return BeatConnect("key", http_client=http, max_retries=0)
    token = Token(access_token="tok", extra={"user_id": "7"})
    return BeatTech(
        "test",
        client_id="a",
        client_secret="b",
        token=token,
        lcp_credentials=("u", "p"),
        http_client=http,
        max_retries=0,
    )


def _answer(request: httpx.Request) -> httpx.Response:
    if request.url.path.endswith(("/oauth2/token", "/auth/o/token/")):
        token = {"access_token": "t2", "token_type": "Bearer", "expires_in": 3600}
        return httpx.Response(200, json={**token, "user_id": "7", "refresh_token": "r"})
    return httpx.Response(404, json={"detail": "Not found.", "message": "Not found."})


def _url_problem(request: httpx.Request) -> str | None:
    """What is wrong with where a request went, if anything."""
    path = request.url.raw_path.partition(b"?")[0]
    if b"//" in path or b"/../" in path or b"/./" in path or path.endswith((b"/..", b"/.")):
        return f"path {path!r}"
    if any(byte < 0x21 or byte > 0x7E for byte in request.url.raw_path):
        return f"raw bytes in {request.url.raw_path!r}"
    return None


def _problems(service: str, files: dict[str, Path]) -> tuple[list[str], int]:
    """The problems found, and how many methods were called."""
    sent: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return _answer(request)

    client = _make(service, handler)
    problems: list[str] = []
    called = 0
    with client:
        for path, method in _methods(client, service, set()):
            given = dict(GIVEN.get(path, {}))
            params = list(_parameters(method))
            for name, annotation, required in params:
                if required and name not in given:
                    try:
                        given[name] = valid(annotation, name, files)
                    except LookupError:  # a model argument (BatchRequest...): not fuzzed
                        break
            else:
                problems += _fuzz_method(path, method, params, given, sent)
                called += 1
    return problems, called


def _fuzz_method(
    path: str,
    method: Any,
    params: list[tuple[str, Any, bool]],
    given: dict[str, Any],
    sent: list[httpx.Request],
) -> list[str]:
    problems: list[str] = []
    for name, annotation, _ in params:
        kind = "fields" if name == "**" else category(annotation)
        if kind is None:
            continue
        for value, must_refuse in FIELDS if kind == "fields" else BAD[kind]:
            bad = value() if callable(value) and not isinstance(value, type) else value
            kwargs = {**given, **bad} if kind == "fields" else {**given, name: bad}
            where = f"{path}({'**' if kind == 'fields' else name}={value!r:.60})"
            sent.clear()
            try:
                result = method(**kwargs)
                if isinstance(result, Pager):
                    result.first_page()
            except (TypeError, ValueError, BeatkitError, OSError) as exc:
                if isinstance(exc, OSError) and kind != "path":
                    problems.append(f"{where}: {type(exc).__name__}: {exc}")
                if not sent and (dependency := _from_dependency(exc)) is not None:
                    problems.append(f"{where}: raised inside {dependency}: {exc!r:.200}")
                if not sent and MARK in str(exc) and _secret(name):
                    problems.append(f"{where}: the message shows the secret: {exc}")
            except Exception as exc:  # any other type is the finding
                problems.append(f"{where}: {type(exc).__module__}.{type(exc).__name__}: {exc}")
            if sent and must_refuse:
                problems.append(f"{where}: sent {sent[-1].method} {sent[-1].url}")
            for request in sent:
                if (problem := _url_problem(request)) is not None:
                    problems.append(f"{where}: {problem}")
    return problems


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("fuzz")
    audio, image = folder / "beat.mp3", folder / "cover.jpg"
    audio.write_bytes(b"ID3" + bytes(64))
    image.write_bytes(bytes.fromhex("ffd8ffe000104a464946") + bytes(64))
    return {"audio": audio, "image": image}


# At least this many methods per client are walked (a walker that found none would
# pass): about 90% of those there were when the test was written.
MINIMUM_METHODS = {"beatport": 45, "beatpass": 87, "beatconnect": 8, "beattech": 135}


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.parametrize("service", list(MINIMUM_METHODS))
def test_bad_arguments_are_refused_before_sending(service: str, files: dict[str, Path]) -> None:
    problems, called = _problems(service, files)
    assert problems == []
    assert called >= MINIMUM_METHODS[service]
