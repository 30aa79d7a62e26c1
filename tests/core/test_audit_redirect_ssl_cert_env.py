"""CA certificates named by SSL_CERT_FILE that cannot be loaded: a ConfigurationError.

beatkit's own httpx client verifies TLS with httpx's default context, which loads the
file ``SSL_CERT_FILE`` names: a missing file made every client constructor raise a raw
``FileNotFoundError`` (naming no file), one holding no certificate a raw ``ssl.SSLError``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from beatkit import AsyncBeatConnect, AsyncBeatPass, BeatConnect, BeatPass
from beatkit._core.tls import default_ssl_context
from beatkit.errors import ConfigurationError

CLIENTS = [
    lambda: BeatConnect("key", base_url="https://api.example/v1"),
    lambda: AsyncBeatConnect("key", base_url="https://api.example/v1"),
    lambda: BeatPass(token="tok", base_url="https://api.example/v1"),
    lambda: AsyncBeatPass(token="tok", base_url="https://api.example/v1"),
]


@pytest.fixture(autouse=True)
def _fresh_context() -> Iterator[None]:
    # Built once per process: these tests read the variable anew, and leave none behind.
    default_ssl_context.cache_clear()
    yield
    default_ssl_context.cache_clear()


@pytest.mark.parametrize("content", [None, "not a certificate\n"])
@pytest.mark.parametrize("make", CLIENTS)
def test_unloadable_ca_certificates_are_a_configuration_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, content: str | None, make: object
) -> None:
    path = tmp_path / "ca.pem"
    if content is not None:
        path.write_text(content)
    monkeypatch.setenv("SSL_CERT_FILE", str(path))
    with pytest.raises(ConfigurationError, match="SSL_CERT_FILE") as caught:
        make()  # type: ignore[operator]
    assert caught.value.__cause__ is None


def test_the_context_is_built_once_the_variable_is_right(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "missing.pem"))
    with pytest.raises(ConfigurationError):
        BeatConnect("key", base_url="https://api.example/v1")
    monkeypatch.delenv("SSL_CERT_FILE")
    with BeatConnect("key", base_url="https://api.example/v1") as client:
        assert repr(client)
