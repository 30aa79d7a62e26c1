"""``build_token_request()`` refuses, with a ``TypeError`` naming the field (never its
value), a value that is not text, before building anything.

Before, httpx wrote it into the form as it writes any object (``None`` as an empty field,
``b"..."`` as its ``repr``, a ``PKCEPair`` as its ``repr``), and a ``client_id`` or
``client_secret`` that is not text failed inside ``urllib.parse.quote`` with
``client_secret_basic``.
"""

from __future__ import annotations

from typing import Any

import pytest

from beatkit.auth import build_token_request, refresh_token_grant

TOKEN_URL = "https://auth.example.com/oauth/token"
SECRET = "s3cr3t"

BAD: dict[str, tuple[dict[str, Any], str]] = {
    "client_id None": ({"client_id": None}, "client_id"),
    "client_id int basic": (
        {"client_id": 5, "client_secret": "x", "auth_method": "client_secret_basic"},
        "client_id",
    ),
    "client_secret bytes": ({"client_secret": f"cs-{SECRET}".encode()}, "client_secret"),
    "client_secret bytes basic": (
        {"client_secret": f"cs-{SECRET}".encode(), "auth_method": "client_secret_basic"},
        "client_secret",
    ),
    "grant value None": ({"grant": {"grant_type": "password", "password": None}}, "password"),
    "grant value bytes": (
        {"grant": {"grant_type": "password", "password": SECRET.encode()}},
        "password",
    ),
    "grant key int": ({"grant": {"grant_type": "x", 5: SECRET}}, "int"),
    "extra value int": ({"extra_params": {"tenant": 7}}, "tenant"),
}


@pytest.mark.parametrize("case", BAD.values(), ids=BAD.keys())
def test_a_value_that_is_not_text_is_a_type_error(case: tuple[dict[str, Any], str]) -> None:
    settings: dict[str, Any] = {"grant": refresh_token_grant(f"rt-{SECRET}"), "client_id": "cid"}
    overrides, named = case
    settings.update(overrides)
    grant = settings.pop("grant")
    with pytest.raises(TypeError) as caught:
        build_token_request(TOKEN_URL, grant, **settings)
    assert named in str(caught.value)
    assert SECRET not in str(caught.value)
