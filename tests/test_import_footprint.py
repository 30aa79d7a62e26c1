"""What an import loads: a user of one part of beatkit does not pay for the others.

Each check runs in a fresh interpreter (an import happens once per process) and looks
at ``sys.modules`` afterwards; no timing is asserted (bench/import_cost.py measures).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

SERVICES = ["beatconnect", "beatpass", "beatport", "beattech"]
CLIENTS = {
    "beatconnect": "BeatConnect",
    "beatpass": "BeatPass",
    "beatport": "Beatport",
    "beattech": "BeatTech",
}
# Constructor arguments (dummy credentials: constructing sends nothing).
ARGUMENTS = {
    "beatconnect": "api_key='k'",
    "beatpass": "",
    "beatport": "client_id='c', token='t'",
    "beattech": "'t', client_id='c', client_secret='s'",
}


def _loaded_after(statement: str) -> set[str]:
    code = f"import json, sys\n{statement}\nprint(json.dumps(sorted(sys.modules)))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    return set(json.loads(result.stdout))


def _packages(modules: set[str]) -> set[str]:
    """The top-level packages and beatkit's subpackages among ``modules``."""
    found = set()
    for name in modules:
        parts = name.split(".")
        found.add(".".join(parts[:2]) if parts[0] == "beatkit" else parts[0])
    return found


@pytest.mark.parametrize("service", SERVICES)
def test_one_client_loads_no_other_service_nor_the_fakes(service: str) -> None:
    loaded = _packages(_loaded_after(f"from beatkit import {CLIENTS[service]}"))
    others = {f"beatkit.{s}" for s in SERVICES if s != service}
    assert f"beatkit.{service}" in loaded
    assert loaded & (others | {"beatkit.testing", "beatkit.cli"}) == set()


@pytest.mark.parametrize("service", SERVICES)
def test_a_client_loads_the_hls_downloader_and_cryptography_only_when_it_downloads(
    service: str,
) -> None:
    # Beatport saves streams with the HLS downloader, which is imported on first use.
    loaded = _loaded_after(f"from beatkit import {CLIENTS[service]}")
    assert "cryptography" not in _packages(loaded)
    assert {"beatkit.hls._sync.download", "beatkit.hls._async.download"} & loaded == set()


def test_only_the_authorization_code_flow_loads_authlib() -> None:
    # authlib makes the PKCE verifier and challenge of Beatport's login, nothing else.
    for service in ("beatconnect", "beatpass", "beattech"):
        loaded = _loaded_after(f"from beatkit import {CLIENTS[service]}")
        assert "authlib" not in _packages(loaded), service
    loaded = _loaded_after("from beatkit.auth import generate_code_verifier as g; g()")
    assert "authlib" in _packages(loaded)


def test_importing_beatkit_hls_loads_nothing_else() -> None:
    assert _loaded_after("import beatkit.hls") - _loaded_after("import beatkit") == {"beatkit.hls"}


def test_decrypting_loads_neither_the_downloader_nor_the_clients_core() -> None:
    loaded = _loaded_after("from beatkit.hls import decrypt_segment")
    assert "cryptography" in _packages(loaded)
    assert {"beatkit.hls._sync.download", "beatkit.hls._async.download"} & loaded == set()
    assert {"cattrs", "tenacity", "authlib"} & _packages(loaded) == set()


def test_the_hls_names_all_resolve_lazily() -> None:
    loaded = _loaded_after(
        "import beatkit.hls as h\n"
        "assert sorted(h.__all__) == h.__all__ and set(h.__all__) <= set(dir(h))\n"
        "for n in h.__all__: getattr(h, n)\n"
        "from beatkit.hls import *"
    )
    assert "beatkit.hls._async.download" in loaded


@pytest.mark.parametrize("service", SERVICES)
def test_the_strict_converter_is_built_only_for_a_strict_client(service: str) -> None:
    # cattrs generates a converter's hooks as it is built: a default (lenient) client
    # does not pay for the strict one's.
    code = (
        f"import beatkit.{service}.converter as conv\n"
        f"from beatkit import {CLIENTS[service]} as Client\n"
        f"Client({ARGUMENTS[service]}).close()\n"
        "print('strict_converter' in vars(conv))\n"
        f"client = Client({', '.join(filter(None, [ARGUMENTS[service], 'strict=True']))})\n"
        "used = client._transport.settings.converter\n"
        "print(used is conv.strict_converter is conv.strict_converter)\n"
        "client.close()\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "True"]
