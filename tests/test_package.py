"""The package's public face: exports, the README's commands, the command line."""

from __future__ import annotations

import io
import re
import subprocess
import sys
from pathlib import Path

import pytest

import beatkit
from beatkit.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_all_is_sorted_and_every_name_resolves() -> None:
    assert beatkit.__all__ == sorted(beatkit.__all__)
    for name in beatkit.__all__:
        assert getattr(beatkit, name) is not None, name


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError):
        beatkit.NoSuchThing  # noqa: B018


def test_import_is_lazy() -> None:
    code = (
        "import sys, beatkit; print('beatkit.beatconnect' in sys.modules, 'httpx' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_beat_technology_is_imported_on_first_use() -> None:
    code = (
        "import sys, beatkit\n"
        "print('beatkit.beattech' in sys.modules)\n"
        "print(beatkit.BeatTech.__module__, beatkit.AsyncBeatTech.__module__)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == [
        "False",
        "beatkit.beattech._sync.client",
        "beatkit.beattech._async.client",
    ]
    assert {"BeatTech", "AsyncBeatTech"} <= set(beatkit.__all__)


def test_readme_test_command_is_what_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text()
    ci = (ROOT / ".ci" / "run").read_text()
    commands = re.findall(r"```bash\n(python3\.11 -m venv [^\n]+)\n```", readme)
    assert len(commands) == 2, "the README opens with the demo command and the test command"
    demo, tests = commands
    assert demo.endswith("beatkit demo")
    assert tests.endswith("python -m pytest")
    assert f'"{tests}"' in ci


def test_demo_runs_offline(capsys: pytest.CaptureFixture[str]) -> None:
    from beatkit.cli.demo import run

    out = io.StringIO()
    assert run(out) == 0
    text = out.getvalue()
    assert "253 beats in 3 requests" in text
    assert "beat.purchased" in text
    assert "tampered body is refused" in text
    assert "logged in as dj@example.com" in text
    assert "11 tracks in 3 requests" in text
    assert "(matches the clear audio)" in text
    assert "carried the token: 0" in text
    assert "refused before sending" in text
    assert "120 tracks in 3 requests" in text
    assert "BackstageRequestPendingError [backstage_request_pending]" in text
    assert "signed up user 28392" in text and "refused before sending\n  logged in" in text
    assert "12 tracks in 3 windows [5, 5, 2]" in text
    assert "pushed 2 edits with X-Base-Change 0; pulled 3 changes" in text
    assert "next track     -> progress 203-218, ended after 103 s played" in text
    assert "flush again: 7 sent, 0 left" in text
    assert "play.ended with duration 103" in text


def test_cli_demo_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo"]) == 0
    assert "BeatConnect" in capsys.readouterr().out
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert beatkit.__version__ in capsys.readouterr().out


def test_cli_without_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 2
    assert "demo" in capsys.readouterr().out


# --- sync and async twins ---------------------------------------------------------------------

_TWIN_NAMES = {"aclose": "close", "__aenter__": "__enter__", "__aexit__": "__exit__"}


def _unasync() -> object:
    import importlib.util

    spec = importlib.util.spec_from_file_location("_unasync_rules", ROOT / "scripts/unasync.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _public(obj: object) -> dict[str, object]:
    names = [n for n in dir(obj) if not n.startswith("_") or n in _TWIN_NAMES.values()]
    names += [n for n in _TWIN_NAMES if hasattr(obj, n)]
    return {n: getattr(obj, n) for n in names}


def _twin_pairs() -> list[tuple[str, object, object]]:
    from beatkit import (
        AsyncBeatConnect,
        AsyncBeatPass,
        AsyncBeatport,
        AsyncBeatTech,
        BeatConnect,
        BeatPass,
        Beatport,
        BeatTech,
    )

    tech = {"client_id": "id", "client_secret": "secret"}
    return [
        ("BeatConnect", AsyncBeatConnect("key"), BeatConnect("key")),
        ("BeatPass", AsyncBeatPass(), BeatPass()),
        ("Beatport", AsyncBeatport("client-id"), Beatport("client-id")),
        ("BeatTech", AsyncBeatTech("fabel", **tech), BeatTech("fabel", **tech)),
    ]


def test_every_async_client_member_has_its_sync_twin() -> None:
    # Every public method and property of an async client, its resources and their
    # sub-resources, down to bt.app: on the sync twin, with the same signature (its
    # types' "Async" dropped) and the same docstring as scripts/unasync.py rewrites it.
    import inspect

    unasync = _unasync()
    transform = unasync.transform  # type: ignore[attr-defined]

    def sync_text(text: str) -> str:
        return str(transform(text, set()))

    problems: list[str] = []
    seen: set[int] = set()

    def walk(path: str, a: object, s: object) -> None:
        if id(a) in seen or type(a) is type(s):
            return  # a shared class (a token manager) has both kinds of method itself
        seen.add(id(a))
        if sync_text(inspect.getdoc(type(a)) or "") != (inspect.getdoc(type(s)) or ""):
            problems.append(f"{path}: class docstring")
        a_members, s_members = _public(a), _public(s)
        wanted = {_TWIN_NAMES.get(name, name) for name in a_members}
        problems.extend(f"{path}.{n}: only on the sync twin" for n in set(s_members) - wanted)
        for name, a_value in a_members.items():
            s_name = _TWIN_NAMES.get(name, name)
            if s_name not in s_members:
                problems.append(f"{path}.{s_name}: missing on the sync twin")
                continue
            s_value = s_members[s_name]
            if type(a_value).__module__.startswith("beatkit") and not callable(a_value):
                walk(f"{path}.{name}", a_value, s_value)
                continue
            if inspect.ismethod(a_value) or inspect.isfunction(a_value):
                a_sig = sync_text(str(inspect.signature(a_value)))
                if a_sig != str(inspect.signature(s_value)):  # type: ignore[arg-type]
                    problems.append(f"{path}.{name}: signature {a_sig}")
                a_doc = sync_text(inspect.getdoc(a_value) or "")
                if a_doc != (inspect.getdoc(s_value) or ""):
                    problems.append(f"{path}.{name}: docstring")
            elif isinstance(getattr(type(a), name, None), property):
                a_doc = sync_text(inspect.getdoc(getattr(type(a), name)) or "")
                if a_doc != (inspect.getdoc(getattr(type(s), s_name)) or ""):
                    problems.append(f"{path}.{name}: property docstring")

    for name, a, s in _twin_pairs():
        walk(name, a, s)
    assert len(seen) > 80  # every resource was walked
    assert problems == [], "\n".join(problems)
