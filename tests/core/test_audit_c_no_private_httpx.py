"""The core learns which content codings httpx decodes from httpx's public API.

``beatkit/_core/encoding.py`` imported ``httpx._decoders.SUPPORTED_DECODERS`` with the
module: an httpx release that moves that private name would break the import of every
client that downloads (the transport imports it). What it decides must stay the same:
a body in a registered coding httpx has no decoder for is refused, one httpx decodes,
or one under a label that names no coding, is accepted.
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

from beatkit._core import encoding

_ROOT = Path(__file__).resolve().parents[2]


def _has(module: str) -> bool:
    return importlib.util.find_spec(module) is not None


def _private_httpx_uses(path: Path) -> list[str]:
    """What ``path`` uses of httpx's private modules and names."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.startswith("httpx._")]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if module.startswith("httpx._") or (
                module == "httpx" and any(alias.name.startswith("_") for alias in node.names)
            ):
                found.append(module)
        elif (
            isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "httpx"
            and node.attr.startswith("_")
            and not node.attr.startswith("__")  # httpx.__version__ is public
        ):
            found.append(f"httpx.{node.attr}")
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and node.value.startswith("httpx._")  # importlib.import_module("httpx._...")
        ):
            found.append(node.value)
    return found


def test_no_module_of_beatkit_uses_a_private_httpx_module_or_name() -> None:
    uses = {
        str(path.relative_to(_ROOT)): _private_httpx_uses(path)
        for path in sorted((_ROOT / "beatkit").rglob("*.py"))
    }
    assert {path: found for path, found in uses.items() if found} == {}


def _run(code: str) -> str:
    env = {**os.environ, "PYTHONPATH": str(_ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, env=env
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


_CHECKS = """
import gzip, httpx
from beatkit._core.encoding import StrictDecoding, check_decodable, httpx_decodes
decided = []
for label in ("gzip", "deflate", "gzip, deflate", "compress", "x-gzip", "none", ""):
    headers = {"Content-Encoding": label} if label else {}
    try:
        request = httpx.Request("GET", "https://cdn.test/f")
        check_decodable(httpx.Response(200, headers=headers, content=b"x", request=request))
        decided.append(label + "=ok")
    except httpx.DecodingError:
        decided.append(label + "=refused")
request = httpx.Request("GET", "https://cdn.test/f")
response = httpx.Response(
    200,
    headers={"Content-Encoding": "gzip, gzip"},
    stream=httpx.ByteStream(gzip.compress(gzip.compress(b"clear" * 100))),
    request=request,
)
decoding = StrictDecoding.take(response)
body = b""
with decoding.raw(response):
    for data in response.iter_bytes():
        body += b"".join(decoding.decode(data))
body += b"".join(decoding.finish())
decided.append(str(body == b"clear" * 100))
print(" ".join(decided))
"""
_DECIDED = "gzip=ok deflate=ok gzip, deflate=ok compress=refused x-gzip=refused none=ok =ok True"


def test_the_core_imports_and_decides_the_same_when_httpx_has_no_decoders_module() -> None:
    # As after an httpx release that moved its private module: the core must import,
    # every client that downloads with it, and decide as before.
    hidden = "import sys, httpx; sys.modules['httpx._decoders'] = None\n"
    assert _run(hidden + _CHECKS) == _DECIDED
    assert _run(_CHECKS) == _DECIDED
    imports = "import beatkit._core._sync.transport, beatkit._core._async.transport\n"
    imports += "from beatkit import Beatport, AsyncBeatport, BeatPass\n"
    imports += "import beatkit.hls._sync.download, beatkit.hls._async.download\nprint('ok')"
    assert _run(hidden + imports) == "ok"


@pytest.mark.parametrize(
    ("coding", "decoded"),
    [
        ("gzip", True),
        ("deflate", True),
        ("br", _has("brotli") or _has("brotlicffi")),
        ("zstd", _has("zstandard")),
        ("compress", False),
        ("x-gzip", False),
        ("x-compress", False),
        ("aes128gcm", False),
        ("pack200-gzip", False),
        ("none", False),  # names no coding: httpx ignores it (decodes nothing)
        ("identity", False),
    ],
)
def test_httpx_decodes_says_what_httpx_decodes(coding: str, decoded: bool) -> None:
    assert encoding.httpx_decodes(coding) is decoded


def test_httpx_decodes_agrees_with_httpx_own_table_where_it_still_has_one() -> None:
    # A test may look at httpx's private table (the package may not): the probe must
    # find the same codings as the table the core read before.
    table = pytest.importorskip("httpx._decoders").SUPPORTED_DECODERS
    for coding in encoding.CONTENT_CODINGS:
        assert encoding.httpx_decodes(coding) is (coding in table), coding


@pytest.mark.parametrize(
    ("label", "refused"),
    [
        ("gzip", False),
        ("GZip", False),
        ("gzip, deflate", False),
        ("gzip,none", False),
        ("compress", True),
        ("x-gzip", True),
        ("gzip, compress", True),
        ("none", False),
        ("binary", False),
        ("identity", False),
        ("", False),
    ],
)
def test_check_decodable_refuses_only_a_registered_coding_httpx_does_not_decode(
    label: str, refused: bool
) -> None:
    headers = {"Content-Encoding": label} if label else {}
    request = httpx.Request("GET", "https://cdn.test/f")
    response = httpx.Response(200, headers=headers, content=b"x", request=request)
    if refused:
        with pytest.raises(httpx.DecodingError, match="no decoder for it"):
            encoding.check_decodable(response)
    else:
        encoding.check_decodable(response)


def test_a_body_httpx_decodes_is_still_decoded_by_httpx() -> None:
    clear = b"clear media bytes " * 10
    for coding, body in (("gzip", gzip.compress(clear)), ("deflate", zlib.compress(clear))):
        response = httpx.Response(200, headers={"Content-Encoding": coding}, content=body)
        encoding.check_decodable(response)
        assert response.read() == clear
