"""Tests for the PKCE and state helpers."""

from __future__ import annotations

import base64
import hashlib
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from beatkit.auth import (
    AuthorizationRequest,
    PKCEPair,
    generate_code_verifier,
    generate_state,
    s256_challenge,
)
from beatkit.auth.pkce import VERIFIER_ALPHABET
from beatkit.errors import ConfigurationError

UNRESERVED = re.compile(r"[A-Za-z0-9\-._~]+")


def _reference_challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")


def test_rfc7636_appendix_b_vector() -> None:
    # RFC 7636 appendix B, byte for byte.
    verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
    assert s256_challenge(verifier) == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


@given(st.integers(min_value=43, max_value=128))
def test_verifier_length_and_alphabet(length: int) -> None:
    verifier = generate_code_verifier(length)
    assert len(verifier) == length
    assert UNRESERVED.fullmatch(verifier)


@given(st.text(alphabet=VERIFIER_ALPHABET, min_size=43, max_size=128))
def test_challenge_is_unpadded_base64url_of_sha256(verifier: str) -> None:
    challenge = s256_challenge(verifier)
    assert challenge == _reference_challenge(verifier)
    assert len(challenge) == 43
    assert "=" not in challenge
    assert re.fullmatch(r"[A-Za-z0-9_-]+", challenge)


@pytest.mark.parametrize("length", [0, 42, 129, 1000])
def test_verifier_length_is_validated(length: int) -> None:
    with pytest.raises(ConfigurationError, match="43 to 128"):
        generate_code_verifier(length)


@pytest.mark.parametrize("verifier", ["short", "a" * 129, "a" * 42 + " ", "é" * 43])
def test_challenge_refuses_invalid_verifiers(verifier: str) -> None:
    with pytest.raises(ConfigurationError) as info:
        s256_challenge(verifier)
    assert verifier not in str(info.value)


def test_verifiers_differ() -> None:
    assert len({generate_code_verifier() for _ in range(20)}) == 20


def test_state() -> None:
    state = generate_state()
    assert len(state) == 32
    assert state.isalnum()
    with pytest.raises(ConfigurationError):
        generate_state(8)


def test_pair_hides_the_verifier() -> None:
    pair = PKCEPair.generate()
    assert pair.challenge == _reference_challenge(pair.verifier)
    assert pair.method == "S256"
    assert pair.verifier not in repr(pair)
    assert pair.verifier not in str(pair)


def test_authorization_request() -> None:
    request = AuthorizationRequest.create(
        "https://api.example.com/auth/o/authorize/?keep=1",
        "my-client",
        redirect_uri="http://127.0.0.1:8765/cb",
        scope="user:dj",
        extra_params={"prompt": "login"},
    )
    parts = urlsplit(request.url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert parts.path == "/auth/o/authorize/"
    assert query == {
        "keep": "1",
        "prompt": "login",
        "response_type": "code",
        "client_id": "my-client",
        "redirect_uri": "http://127.0.0.1:8765/cb",
        "scope": "user:dj",
        "code_challenge": request.pkce.challenge,
        "code_challenge_method": "S256",
        "state": request.state,
    }
    assert request.pkce.verifier not in request.url
    assert request.pkce.verifier not in repr(request)
