"""The ``Args:`` section of every public method of every client lists exactly its parameters.

``tests/test_docstrings.py`` fails on an ``Args`` entry that names no parameter (a
renamed one). This walks the public surface a user reaches from each client, sync and
async (``bt.app.users.update_metadata``, ``bp.auth.login``, ``bc.beats.list``...), and
fails the other way too: a parameter the ``Args`` section leaves out, or one it lists
twice. A method without parameters needs no ``Args``; one with parameters must have
one. Private parameters (``_open``) are not part of the reference and may go unlisted.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Callable, Iterator
from typing import Any

import pytest

import beatkit
from tests.test_docs_snippets import CLIENT_OPTIONS
from tests.test_docstrings import entries, field, sections

OPTIONS = CLIENT_OPTIONS
ARG_SECTIONS = {"args", "arguments", "parameters", "keyword args", "keyword arguments"}
STAR = {inspect.Parameter.VAR_POSITIONAL: "*", inspect.Parameter.VAR_KEYWORD: "**"}


def is_resource(value: Any) -> bool:
    """A client's resource (``bc.beats``, ``bt.app``, ``bp.auth``): a beatkit object
    with public methods of its own, not a model, a pager or a setting."""
    module = type(value).__module__
    return module.startswith("beatkit.") and ("._sync." in module or "._async." in module)


def methods(root: Any, path: str) -> Iterator[tuple[str, Callable[..., Any]]]:
    """``(dotted path, function)`` of each public method reachable from ``root``."""
    seen: set[int] = set()
    stack = [(root, path)]
    while stack:
        obj, where = stack.pop()
        if id(obj) in seen:
            continue
        seen.add(id(obj))
        for name in sorted(dir(obj)):
            if name.startswith("_"):
                continue
            static = inspect.getattr_static(type(obj), name, None)
            if inspect.isfunction(static):
                yield f"{where}.{name}", static
                continue
            if isinstance(static, staticmethod | classmethod):
                yield f"{where}.{name}", static.__func__
                continue
            try:
                value = getattr(obj, name)
            except beatkit.BeatkitError:  # a property that needs a user: no resource
                continue
            if is_resource(value):
                stack.append((value, f"{where}.{name}"))


def documented_args(doc: str) -> list[str] | None:
    """The names the ``Args`` sections list (``None`` without one)."""
    found: list[str] | None = None
    for section, body in sections(inspect.cleandoc(doc)):
        if section in ARG_SECTIONS:
            found = found or []
            for line in entries(body):
                found += [name.strip().lstrip("*") for name in field(line)[0].split(",")]
    return found


def args_problem(func: Callable[..., Any]) -> str | None:
    """What the ``Args`` section of ``func`` gets wrong about its signature, or None."""
    parameters = [
        p.name for p in inspect.signature(func).parameters.values() if p.name not in ("self", "cls")
    ]
    listed = documented_args(func.__doc__ or "")
    public = [name for name in parameters if not name.startswith("_")]
    if listed is None:
        return f"no Args section for {public}" if public else None
    missing = [name for name in public if name not in listed]
    unknown = [name for name in listed if name not in parameters]
    twice = sorted({name for name in listed if listed.count(name) > 1})
    if not (missing or unknown or twice):
        return None
    return f"Args lacks {missing}, names {unknown} (not parameters), lists {twice} twice"


@pytest.fixture(scope="module")
def surface() -> Iterator[dict[str, Callable[..., Any]]]:
    clients = []
    for name, options in OPTIONS.items():
        clients += [(name, getattr(beatkit, name)(**options))]
        clients += [(f"Async{name}", getattr(beatkit, f"Async{name}")(**options))]
    found: dict[str, Callable[..., Any]] = {}
    for name, client in clients:
        found.update(methods(client, name))
    yield found
    for name, client in clients:
        if name.startswith("Async"):
            asyncio.run(client.aclose())
        else:
            client.close()


def test_the_walk_reaches_every_resource(surface: dict[str, Callable[..., Any]]) -> None:
    assert len(surface) > 800
    for path in (
        "BeatConnect.beats.list",
        "AsyncBeatPass.tracks.upload",
        "Beatport.auth.login",
        "BeatTech.app.users.update_metadata",
        "AsyncBeatTech.sync.run",
        "BeatTech.reports.send_many",
    ):
        assert path in surface, path


def test_every_args_section_lists_exactly_the_parameters(
    surface: dict[str, Callable[..., Any]],
) -> None:
    problems = {}
    for path, func in surface.items():
        problem = args_problem(func)
        if problem:
            problems.setdefault(f"{func.__module__}.{func.__qualname__}", (path, problem))
    assert not problems, "\n".join(f"{p} ({q}): {why}" for q, (p, why) in problems.items())


def test_the_check_sees_each_kind_of_mismatch() -> None:
    def fetch(track_id: int, *, limit: int = 5, _raw: bool = False, **pages: object) -> None:
        """Fetch.

        Args:
            track_id: The track.
            track_id: Again.
            id: Stale.
            **pages: More.
        """

    def bare(track_id: int) -> None:
        """Fetch, without saying what the argument is."""

    def nothing() -> None:
        """Nothing to document."""

    assert args_problem(fetch) == (
        "Args lacks ['limit'], names ['id'] (not parameters), lists ['track_id'] twice"
    )
    assert args_problem(bare) == "no Args section for ['track_id']"
    assert args_problem(nothing) is None
