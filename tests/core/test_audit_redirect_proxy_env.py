"""A proxy from the environment that httpx cannot use is a ConfigurationError.

beatkit makes its own httpx client (no ``http_client`` given), which reads
``HTTPS_PROXY``, ``HTTP_PROXY`` and ``ALL_PROXY``: one whose port is no number made every
client constructor raise httpx's raw ``InvalidURL`` quoting the port (a password typed
where it goes), one of a scheme httpx has no proxy for (``ftp://``) Python's raw
``ValueError``. Now a ``ConfigurationError`` that names the variables, not the value.
"""

from __future__ import annotations

import sys
import traceback

import pytest

from beatkit import AsyncBeatConnect, AsyncBeatPass, BeatConnect, BeatPass
from beatkit.errors import ConfigurationError

SECRET = "s3cretport"
VALUES = [
    ("HTTPS_PROXY", f"http://proxy.example:{SECRET}"),
    ("https_proxy", f"http://user:pw@proxy.example:{SECRET}"),
    ("ALL_PROXY", f"ftp://user:{SECRET}@proxy.example"),
    ("HTTP_PROXY", f"http://proxy.example:{SECRET}"),
]
CLIENTS = [
    lambda: BeatConnect("key", base_url="https://api.example/v1"),
    lambda: AsyncBeatConnect("key", base_url="https://api.example/v1"),
    lambda: BeatPass(token="tok", base_url="https://api.example/v1"),
    lambda: AsyncBeatPass(token="tok", base_url="https://api.example/v1"),
]


@pytest.fixture(autouse=True)
def _no_proxies(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.lower(), raising=False)


@pytest.mark.parametrize(("name", "value"), VALUES)
@pytest.mark.parametrize("make", CLIENTS)
def test_an_unusable_proxy_from_the_environment_is_a_configuration_error(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, make: object
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigurationError, match="HTTPS_PROXY") as caught:
        make()  # type: ignore[operator]
    shown = "".join(traceback.format_exception(caught.value))
    assert SECRET not in shown
    assert caught.value.__cause__ is None


def test_a_usable_proxy_from_the_environment_is_still_taken(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    with BeatConnect("key", base_url="https://api.example/v1") as client:
        assert repr(client)


@pytest.mark.parametrize("make", CLIENTS)
def test_a_socks_proxy_without_socksio_is_a_configuration_error(
    monkeypatch: pytest.MonkeyPatch, make: object
) -> None:
    # httpx raised its own ImportError from every constructor.
    monkeypatch.setitem(sys.modules, "socksio", None)
    monkeypatch.setenv("ALL_PROXY", "socks5://127.0.0.1:1080")
    with pytest.raises(ConfigurationError, match="socksio"):
        make()  # type: ignore[operator]
