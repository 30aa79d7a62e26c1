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
