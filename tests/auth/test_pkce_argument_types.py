"""PKCE helpers given the wrong type say so in their own words, before drawing anything."""

from __future__ import annotations

from typing import Any

import pytest

from beatkit.auth.pkce import (
    AuthorizationRequest,
    generate_code_verifier,
    generate_state,
    s256_challenge,
)


@pytest.mark.parametrize("length", [50.0, "64", True, None])
def test_a_verifier_length_must_be_an_int(length: Any) -> None:
    with pytest.raises(TypeError, match="length must be an int"):
        generate_code_verifier(length)
    with pytest.raises(TypeError, match="length must be an int"):
        AuthorizationRequest.create(
            "https://auth.example.com/authorize", "cid", verifier_length=length
        )


@pytest.mark.parametrize("length", [20.5, "32", True, None])
def test_a_state_length_must_be_an_int(length: Any) -> None:
    with pytest.raises(TypeError, match="length must be an int"):
        generate_state(length)


@pytest.mark.parametrize("verifier", [None, b"x" * 64, 12345])
def test_a_verifier_must_be_text(verifier: Any) -> None:
    with pytest.raises(TypeError, match="verifier must be a str"):
        s256_challenge(verifier)
