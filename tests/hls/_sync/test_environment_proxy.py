# GENERATED from tests/hls/_async/test_environment_proxy.py by scripts/unasync.py: edit the async source.
"""A proxy from the environment that httpx cannot use is a ConfigurationError (sync twin generated).

The downloader makes its own httpx client when given none; httpx reads ``HTTPS_PROXY``
and the others as it does, and refused an unusable one with its raw ``InvalidURL``,
whose text quotes the port (a password typed where the port goes), or a raw
``ValueError``. Nothing is sent and nothing is written either way.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from beatkit.errors import ConfigurationError
from beatkit.hls import HLSDownloader

SECRET = "s3cretport"


@pytest.mark.parametrize(
    "proxy", [f"http://proxy.example:{SECRET}", f"ftp://{SECRET}@proxy.example:21"]
)
def test_an_unusable_environment_proxy_is_a_configuration_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, proxy: str
) -> None:
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "HTTP_PROXY", "http_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTPS_PROXY", proxy)
    dest = tmp_path / "out.ts"
    with pytest.raises(ConfigurationError) as caught:
        # A loopback URL with a closed port: should the proxy be let through, nothing
        # leaves the machine (the error then is a FetchError, and the test fails).
        HLSDownloader().download("https://127.0.0.1:9/a/p.m3u8", dest)
    assert SECRET not in str(caught.value)
    assert "HTTPS_PROXY" in str(caught.value)
    assert list(tmp_path.iterdir()) == []
