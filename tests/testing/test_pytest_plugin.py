"""Tests of the pytest plugin: fixtures, and that loading it stays cheap."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import beatkit.testing
from beatkit.testing import FakeBeatConnect, FakeBeatTech, FakeServer
from tests._child_pytest import own_pytest_config

ROOT = Path(__file__).resolve().parents[2]


def test_beatconnect_fake_fixture(beatconnect_fake: FakeBeatConnect) -> None:
    assert isinstance(beatconnect_fake, FakeBeatConnect)
    assert beatconnect_fake.requests == []
    assert beatconnect_fake.base_url == "https://api.beatconnectafrica.com/v1"


def test_fixtures_share_the_fake(
    beatconnect_fake: FakeBeatConnect, beatconnect_server: FakeServer
) -> None:
    assert beatconnect_server.fake is beatconnect_fake


def test_beattech_fixtures(beattech_fake: FakeBeatTech, beattech_server: FakeServer) -> None:
    assert isinstance(beattech_fake, FakeBeatTech)
    assert beattech_fake.base_url == "https://api.prod.fabel.beat.no/v2"
    assert beattech_server.fake is beattech_fake
    assert beattech_server.base_url == f"http://127.0.0.1:{beattech_server.port}/v2"


def test_fresh_fake_per_test_part_one(beatconnect_fake: FakeBeatConnect) -> None:
    beatconnect_fake.add_beat(title="only here")
    assert len(beatconnect_fake.beats) == 254


def test_fresh_fake_per_test_part_two(beatconnect_fake: FakeBeatConnect) -> None:
    assert len(beatconnect_fake.beats) == 253


def test_public_surface() -> None:
    assert beatkit.testing.__all__ == sorted(beatkit.testing.__all__)
    for name in beatkit.testing.__all__:
        assert getattr(beatkit.testing, name) is not None
    assert set(beatkit.testing.__all__) <= set(dir(beatkit.testing))


def test_plugin_import_is_light() -> None:
    code = (
        "import sys, beatkit.testing.pytest_plugin;"
        "heavy = [m for m in ('beatkit.testing._app', 'beatkit.testing.beatconnect',"
        " 'beatkit.testing.server', 'beatkit.beatconnect.webhooks',"
        " 'beatkit.testing.beattech') if m in sys.modules];"
        "print(heavy)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        timeout=60,
    )
    assert result.stdout.strip() == "[]"


# The loggers beatkit's redaction filters sit on (beatkit/_core/httpx_logs.py).
_FILTERED_LOGGERS = (
    "httpx",
    "httpcore.http11",
    "httpcore.http2",
    "httpcore.proxy",
    "httpcore.socks",
    "hpack.hpack",
    "hpack.table",
)


def _logger_filters(code: str) -> str:
    code += (
        "; import logging;"
        f"print([n for n in {_FILTERED_LOGGERS!r} if logging.getLogger(n).filters])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        timeout=60,
    )
    return result.stdout.strip()


def test_loading_the_plugin_leaves_other_codes_http_logs_alone() -> None:
    # pytest imports the plugin in every session of every project that installs
    # beatkit: a test that never uses beatkit must see httpx's log lines unchanged.
    assert _logger_filters("import beatkit.testing.pytest_plugin") == "[]"


def test_a_client_brings_the_log_redaction() -> None:
    # What does send beatkit's requests still redacts httpx's and httpcore's lines.
    expected = repr(list(_FILTERED_LOGGERS))
    assert _logger_filters("import beatkit; from beatkit import BeatConnect") == expected
    assert _logger_filters("from beatkit.hls import HLSDownloader") == expected


USER_TEST_OF_HTTPX_LOGS = """
import logging

import httpx


def test_httpx_logs_its_own_lines(caplog):
    caplog.set_level(logging.INFO, logger="httpx")
    transport = httpx.MockTransport(lambda request: httpx.Response(200))
    with httpx.Client(transport=transport) as client:
        client.get("https://example.test/items?token=abc123&page=2")
    assert "items?token=abc123&page=2" in caplog.text
"""


def test_a_users_test_that_uses_no_fixture_runs_as_without_beatkit(tmp_path: Path) -> None:
    (tmp_path / "test_user.py").write_text(USER_TEST_OF_HTTPX_LOGS)
    own_pytest_config(tmp_path)
    # The plugin by module name, whether or not beatkit's entry point is installed.
    options = ["-p", "no:cacheprovider", "-p", "no:asyncio", *PLUGIN]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-W", "error", *options],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "1 passed" in result.stdout


# The plugin by module name, whether or not beatkit's entry point is installed.
PLUGIN = ("-p", "no:beatkit", "-p", "beatkit.testing.pytest_plugin")


def _async_example() -> str:
    page = (ROOT / "docs" / "testing.md").read_text()
    blocks = re.findall(r"^```python\n(.*?)^```", page, re.MULTILINE | re.DOTALL)
    [block] = [block for block in blocks if "async def test_" in block]
    return str(block)


@pytest.mark.parametrize("mode", ["strict", "auto"])
def test_the_async_example_runs_in_either_pytest_asyncio_mode(tmp_path: Path, mode: str) -> None:
    pytest.importorskip("pytest_asyncio")
    (tmp_path / "test_async_example.py").write_text(_async_example())
    own_pytest_config(tmp_path)
    options = ["-W", "error", "-p", "no:cacheprovider", *PLUGIN, "-o", f"asyncio_mode={mode}"]
    options += ["-o", "asyncio_default_fixture_loop_scope=function"]
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", *options],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert "1 passed" in result.stdout
