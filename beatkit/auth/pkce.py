"""PKCE (RFC 7636) and ``state`` helpers for the authorization code flow, on authlib."""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import attrs

from beatkit._core.validate import check_text
from beatkit.errors import ConfigurationError

__all__ = [
    "MAX_VERIFIER_LENGTH",
    "MIN_VERIFIER_LENGTH",
    "VERIFIER_ALPHABET",
    "AuthorizationRequest",
    "PKCEPair",
    "check_redirect_uri",
    "generate_code_verifier",
    "generate_state",
    "s256_challenge",
]

#: The characters RFC 7636 section 4.1 calls ``unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~"``.
VERIFIER_ALPHABET = string.ascii_letters + string.digits + "-._~"

MIN_VERIFIER_LENGTH = 43
"""The shortest code verifier RFC 7636 section 4.1 allows."""
MAX_VERIFIER_LENGTH = 128
"""The longest code verifier RFC 7636 section 4.1 allows."""

_VERIFIER_RE = re.compile(r"[A-Za-z0-9\-._~]{43,128}")

# The query parameters AuthorizationRequest.create sets itself. A copy already in
# the endpoint URL or in extra_params would be sent twice (the server may take
# either) or silently replaced, so both are refused.
_OWN_AUTHORIZATION_PARAMS = (
    "response_type",
    "client_id",
    "redirect_uri",
    "scope",
    "code_challenge",
    "code_challenge_method",
    "state",
)


def _random_string(length: int, alphabet: str) -> str:
    # authlib is imported here, on first use: only the authorization code flow needs it,
    # and every client imports this module. It is untyped; this wrapper pins the types
    # (it draws from SystemRandom).
    from authlib.common.security import generate_token

    token = generate_token(length, alphabet)
    assert isinstance(token, str)
    return token


def _check_length(length: object) -> None:
    # range() in authlib would refuse a float or a str with its own words, after the
    # bounds check compared them (True passed as 1).
    if isinstance(length, bool) or not isinstance(length, int):
        raise TypeError(f"length must be an int, got {type(length).__name__}")


def generate_code_verifier(length: int = 64) -> str:
    """Make a random PKCE code verifier.

    Args:
        length: Number of characters, 43 to 128 (RFC 7636 section 4.1).

    Returns:
        A verifier drawn from the RFC's unreserved alphabet with a
        cryptographically secure generator.

    Raises:
        TypeError: ``length`` is not an ``int``.
        ConfigurationError: ``length`` is outside 43..128.
    """
    _check_length(length)
    if not MIN_VERIFIER_LENGTH <= length <= MAX_VERIFIER_LENGTH:
        raise ConfigurationError(
            f"a PKCE code verifier must be {MIN_VERIFIER_LENGTH} to "
            f"{MAX_VERIFIER_LENGTH} characters long, not {length}"
        )
    return _random_string(length, VERIFIER_ALPHABET)


def s256_challenge(verifier: str) -> str:
    """Compute the ``S256`` code challenge of a verifier.

    Args:
        verifier: A code verifier (43 to 128 unreserved characters).

    Returns:
        ``BASE64URL(SHA256(ASCII(verifier)))`` without padding.

    Raises:
        TypeError: ``verifier`` is not a ``str``.
        ConfigurationError: ``verifier`` is not a valid RFC 7636 verifier (the
            message does not quote it).
    """
    if not isinstance(verifier, str):
        raise TypeError(f"verifier must be a str, got {type(verifier).__name__}")
    if not _VERIFIER_RE.fullmatch(verifier):
        raise ConfigurationError(
            "a PKCE code verifier must be 43 to 128 characters from A-Z, a-z, 0-9 and '-._~'"
        )
    from authlib.oauth2.rfc7636 import create_s256_code_challenge  # on first use

    challenge = create_s256_code_challenge(verifier)
    assert isinstance(challenge, str)
    return challenge


def generate_state(length: int = 32) -> str:
    """Make a random ``state`` value to tie an authorization response to its request.

    Args:
        length: Number of characters (at least 16).

    Returns:
        A random string of letters and digits.

    Raises:
        TypeError: ``length`` is not an ``int``.
        ConfigurationError: ``length`` is below 16.
    """
    _check_length(length)
    if length < 16:
        raise ConfigurationError("state must be at least 16 characters long")
    return _random_string(length, string.ascii_letters + string.digits)


@attrs.frozen
class PKCEPair:
    """A code verifier and its challenge. The verifier is a secret: it is not in ``repr()``."""

    verifier: str = attrs.field(repr=False)
    """The code verifier, sent with the token request (``code_verifier``)."""

    challenge: str
    """The code challenge, sent with the authorization request (``code_challenge``)."""

    method: str = "S256"
    """The challenge method (``code_challenge_method``); beatkit only makes ``S256``."""

    @classmethod
    def generate(cls, length: int = 64) -> PKCEPair:
        """Make a fresh verifier and its ``S256`` challenge.

        Args:
            length: Length of the verifier, 43 to 128.

        Returns:
            The pair.

        Raises:
            TypeError: ``length`` is not an ``int``.
            ConfigurationError: ``length`` is outside 43..128.
        """
        verifier = generate_code_verifier(length)
        return cls(verifier=verifier, challenge=s256_challenge(verifier))


_URI_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*")


def check_redirect_uri(redirect_uri: str) -> str:
    """``redirect_uri``, if it is an absolute URI without a fragment (RFC 6749 section
    3.1.2): ``http://127.0.0.1:8765/cb``, ``com.example.app:/cb``, with a query or not.

    Raises:
        ConfigurationError: A path alone, or a fragment (``#...``) on it: the server
            would refuse it, or send the code somewhere else. Or whitespace or a
            control character in it (RFC 3986 allows neither; a line break read with
            it from a file): no registered URI would match. The message does not
            quote it.
    """
    if not redirect_uri.isprintable() or any(char.isspace() for char in redirect_uri):
        raise ConfigurationError(
            "redirect_uri holds whitespace or a control character (RFC 3986 allows "
            "neither in a URI): check that it was copied whole and alone, as registered "
            "for the client"
        )
    scheme, separator, _ = redirect_uri.partition(":")
    if not separator or not _URI_SCHEME.fullmatch(scheme) or "#" in redirect_uri:
        raise ConfigurationError(
            "redirect_uri must be an absolute URI without a fragment (RFC 6749 section "
            "3.1.2), such as http://127.0.0.1:8765/callback: the one registered for "
            "the client"
        )
    return redirect_uri


def _check_extra_params(extra_params: Any) -> dict[str, str]:
    """``extra_params`` as a dict of non-blank names to text values.

    Raises:
        TypeError: Not a mapping, or a name or value that is not a ``str``.
        ValueError: A blank name.
    """
    if extra_params is None:
        return {}
    if not isinstance(extra_params, Mapping):
        raise TypeError(
            f"extra_params must be a mapping of str to str, got {type(extra_params).__name__}"
        )
    checked: dict[str, str] = {}
    for name, value in extra_params.items():
        check_text("extra_params key", name)
        # A value is not quoted in the message: it may be a login hint or the like.
        if not isinstance(value, str):
            raise TypeError(f"extra_params[{name!r}] must be a str, got {type(value).__name__}")
        checked[name] = value
    return checked


@attrs.frozen
class AuthorizationRequest:
    """Everything needed to send a user to an authorization endpoint and check the answer."""

    url: str
    """The authorization URL to open (carries the challenge and the state, never the verifier)."""

    state: str
    """The ``state`` value; the redirect must bring it back unchanged."""

    pkce: PKCEPair
    """The PKCE pair; pass ``pkce.verifier`` as ``code_verifier`` when exchanging the code."""

    redirect_uri: str | None = None
    """The redirect URI sent, which the token request must repeat, if one was sent."""

    @classmethod
    def create(
        cls,
        authorize_url: str,
        client_id: str,
        *,
        redirect_uri: str | None = None,
        scope: str | None = None,
        extra_params: Mapping[str, str] | None = None,
        verifier_length: int = 64,
    ) -> AuthorizationRequest:
        """Build an authorization code request with PKCE (``S256``) and a fresh ``state``.

        Args:
            authorize_url: The authorization endpoint, without a fragment; query
                parameters it already has are kept, except that it may not carry
                one of the parameters this method sets (``response_type``,
                ``client_id``, ``redirect_uri``, ``scope``, ``code_challenge``,
                ``code_challenge_method``, ``state``).
            client_id: The OAuth client id.
            redirect_uri: Where the server should send the user back, if needed.
            scope: Space-separated scopes, if needed.
            extra_params: More query parameters; like ``authorize_url``, they may
                not name a parameter this method sets (pass ``redirect_uri`` and
                ``scope`` as arguments).
            verifier_length: Length of the code verifier, 43 to 128.

        Returns:
            The request; open :attr:`url`, then check :attr:`state` and exchange
            the code with :attr:`pkce` ``.verifier``.

        Raises:
            TypeError: ``authorize_url``, ``client_id``, ``redirect_uri``,
                ``scope`` or a key or value of ``extra_params`` is not a ``str``
                (``urlencode`` would send ``None`` as ``"None"``),
                ``extra_params`` is not a mapping, or ``verifier_length`` is not
                an ``int``.
            ValueError: ``client_id``, ``redirect_uri``, ``scope`` or a key of
                ``extra_params`` is blank.
            ConfigurationError: ``verifier_length`` is out of range,
                ``authorize_url`` is not an absolute ``http(s)`` URL or has a
                fragment, ``redirect_uri`` is not an absolute URI or has a fragment
                (RFC 6749 section 3.1.2), or ``authorize_url`` or ``extra_params``
                carries a parameter this method sets (the message names it, not its
                value).
        """
        check_text("authorize_url", authorize_url, allow_blank=True)
        check_text("client_id", client_id)
        if redirect_uri is not None:
            check_redirect_uri(check_text("redirect_uri", redirect_uri))
        if scope is not None:
            check_text("scope", scope)
        extra = _check_extra_params(extra_params)
        parts = urlsplit(authorize_url.strip())
        if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
            raise ConfigurationError(
                "the authorization endpoint must be an absolute http(s) URL with a host"
            )
        # RFC 6749 section 3.1: the endpoint URI must not include a fragment.
        if parts.fragment or authorize_url.rstrip().endswith("#"):
            raise ConfigurationError(
                "the authorization endpoint URL must not have a fragment (#...)"
            )
        given = [name for name, _ in parse_qsl(parts.query, keep_blank_values=True)]
        for where, names in (("authorize_url", given), ("extra_params", list(extra))):
            clash = sorted({n for n in names if n in _OWN_AUTHORIZATION_PARAMS})
            if clash:
                raise ConfigurationError(
                    f"{where} already carries {', '.join(clash)}; AuthorizationRequest.create "
                    f"sets that itself (sent twice, the server could take either copy)"
                )
        pkce = PKCEPair.generate(verifier_length)
        state = generate_state()
        params: dict[str, str] = dict(extra)
        params.update({"response_type": "code", "client_id": client_id})
        if redirect_uri is not None:
            params["redirect_uri"] = redirect_uri
        if scope is not None:
            params["scope"] = scope
        params.update(
            {"code_challenge": pkce.challenge, "code_challenge_method": pkce.method, "state": state}
        )
        query = urlencode(params)
        if parts.query:
            query = f"{parts.query}&{query}"
        url = urlunsplit((parts.scheme, parts.netloc, parts.path, query, parts.fragment))
        return cls(url=url, state=state, pkce=pkce, redirect_uri=redirect_uri)
