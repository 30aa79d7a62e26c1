"""The downloader learns which content codings httpx decodes from httpx's public API.

It imported ``httpx._decoders.SUPPORTED_DECODERS``, a private name: any httpx release
may move it, and ``beatkit.hls`` would then fail to import at all. What it decides must
stay the same: a body in a registered coding httpx has no decoder for is refused, one
httpx decodes is accepted.
"""

from __future__ import annotations

import ast
import gzip
import importlib.util
import os
import subprocess
import sys
import zlib
from pathlib import Path

import httpx
import pytest

import beatkit.hls._async.download as async_download
import beatkit.hls._sync.download as sync_download

_ROOT = Path(__file__).resolve().parents[2]
_MODULES = [async_download, sync_download]


def _has(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def test_no_module_of_the_hls_package_imports_a_private_httpx_module() -> None:
    for path in sorted((_ROOT / "beatkit" / "hls").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom)
                else []
            )
            for name in names:
                assert not name.startswith("httpx._"), f"{path}: imports {name}"


def test_the_downloader_imports_when_httpx_has_no_decoders_module() -> None:
    # As after an httpx release that moved its private module: the import must still work.
    code = (
        "import sys, httpx; sys.modules['httpx._decoders'] = None; "
        "import beatkit.hls._sync.download, beatkit.hls._async.download; print('ok')"
    )
    env = {**os.environ, "PYTHONPATH": str(_ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


@pytest.mark.parametrize("module", _MODULES, ids=["async", "sync"])
@pytest.mark.parametrize(
    ("coding", "decoded"),
    [
        ("gzip", True),
        ("deflate", True),
        ("GZip", True),
        ("gzip, deflate", True),
        ("br", _has("brotli") or _has("brotlicffi")),
        ("zstd", _has("zstandard")),
        ("compress", False),
        ("x-gzip", False),
        ("x-compress", False),
        ("aes128gcm", False),
        ("gzip, compress", False),
        ("none", True),  # no registered coding: ignored, as httpx ignores it
        ("", True),
    ],
)
def test_which_codings_are_refused(module: object, coding: str, decoded: bool) -> None:
    headers = {"Content-Encoding": coding} if coding else {}
    response = httpx.Response(200, headers=headers, content=b"x")
    check = module.check_decodable  # type: ignore[attr-defined]
    if decoded:
        check(response, "https://cdn.example/s.ts")
    else:
        with pytest.raises(module.FetchError, match="cannot be decoded here"):  # type: ignore[attr-defined]
            check(response, "https://cdn.example/s.ts")


@pytest.mark.parametrize("module", _MODULES, ids=["async", "sync"])
def test_a_body_httpx_decodes_is_decoded(module: object) -> None:
    clear = b"clear media bytes " * 10
    for coding, body in (("gzip", gzip.compress(clear)), ("deflate", zlib.compress(clear))):
        request = httpx.Request("GET", "https://cdn.example/s.ts")
        response = httpx.Response(
            200, headers={"Content-Encoding": coding}, content=body, request=request
        )
        module.check_decodable(response, "https://cdn.example/s.ts")  # type: ignore[attr-defined]
        assert response.read() == clear
