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


_OWN_PARAMS = [
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "code_challenge",
    "code_challenge_method",
    "state",
]


@pytest.mark.parametrize("name", _OWN_PARAMS)
def test_authorization_url_already_carrying_an_own_parameter_is_refused(name: str) -> None:
    # Sent twice, a server may take either copy: a stale state= or code_challenge=
    # in the endpoint URL would break the state check or the PKCE binding.
    with pytest.raises(ConfigurationError, match=name) as info:
        AuthorizationRequest.create(
            f"https://api.example.com/auth/o/authorize/?keep=1&{name}=old",
            "my-client",
            redirect_uri="http://127.0.0.1:8765/cb",
            scope="user:dj",
        )
    assert "old" not in str(info.value)


def test_authorization_url_own_parameter_found_when_percent_encoded_or_blank() -> None:
    for query in ("st%61te=x", "state=", "state", "code%5Fchallenge=abc"):
        with pytest.raises(ConfigurationError):
            AuthorizationRequest.create(f"https://api.example.com/authorize?{query}", "cid")


@pytest.mark.parametrize("name", _OWN_PARAMS)
def test_extra_params_may_not_name_an_own_parameter(name: str) -> None:
    # Before, these were silently overwritten (or, for redirect_uri/scope, sent
    # without the token request knowing): refuse instead.
    with pytest.raises(ConfigurationError, match=name):
        AuthorizationRequest.create(
            "https://api.example.com/authorize", "cid", extra_params={name: "mine"}
        )


def test_authorization_url_with_a_fragment_is_refused() -> None:
    # RFC 6749 section 3.1: the endpoint URI must not include a fragment; the
    # parameters would be sent but the fragment never reaches the server.
    with pytest.raises(ConfigurationError, match="fragment"):
        AuthorizationRequest.create("https://api.example.com/authorize#x", "cid")


def test_unrelated_query_parameters_are_still_kept() -> None:
    request = AuthorizationRequest.create(
        "https://api.example.com/authorize?keep=1&states=2", "cid", extra_params={"prompt": "x"}
    )
    query = parse_qs(urlsplit(request.url).query)
    assert query["keep"] == ["1"]
    assert query["states"] == ["2"]
    assert query["state"] == [request.state]
    assert query["prompt"] == ["x"]


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        # urlencode would have sent "client_id=None", "scope=['a', 'b']", "prompt=None".
        ({"client_id": None}, TypeError),
        ({"client_id": 5}, TypeError),
        ({"client_id": ""}, ValueError),
        ({"client_id": "  "}, ValueError),
        ({"redirect_uri": ""}, ValueError),
        ({"redirect_uri": b"https://app.example/cb"}, TypeError),
        ({"scope": ""}, ValueError),
        ({"scope": ["a", "b"]}, TypeError),
        ({"extra_params": {"prompt": None}}, TypeError),
        ({"extra_params": {"prompt": 1}}, TypeError),
        ({"extra_params": {1: "x"}}, TypeError),
        ({"extra_params": {"": "x"}}, ValueError),
        ({"extra_params": [("prompt", "x")]}, TypeError),
    ],
)
def test_authorization_request_arguments_are_checked(
    kwargs: dict[str, object], error: type[Exception]
) -> None:
    arguments: dict[str, object] = {"client_id": "cid", **kwargs}
    client_id = arguments.pop("client_id")
    with pytest.raises(error):
        AuthorizationRequest.create(
            "https://api.example.com/authorize",
            client_id,  # type: ignore[arg-type]
            **arguments,  # type: ignore[arg-type]
        )


@pytest.mark.parametrize(
    "url",
    ["/auth/o/authorize/", "ftp://api.example.com/authorize", "https:///authorize", "", "  "],
)
def test_authorization_endpoint_must_be_an_absolute_http_url(url: str) -> None:
    # A relative or non-HTTP "URL" cannot be opened in a browser to log in.
    with pytest.raises(ConfigurationError, match="authoriz"):
        AuthorizationRequest.create(url, "cid")


def test_authorization_endpoint_must_be_text() -> None:
    with pytest.raises(TypeError, match="authorize_url"):
        AuthorizationRequest.create(b"https://api.example.com/authorize", "cid")  # type: ignore[arg-type]


def test_loopback_http_endpoint_is_allowed() -> None:
    request = AuthorizationRequest.create("http://127.0.0.1:8080/authorize", "cid")
    assert request.url.startswith("http://127.0.0.1:8080/authorize?")
