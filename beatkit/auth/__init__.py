"""Authentication: the token model, token stores, PKCE and token managers for httpx."""

from __future__ import annotations

from beatkit.auth.flows import BearerAuth, ClientCredentialsAuth, RefreshingAuth
from beatkit.auth.oauth import (
    ClientAuthMethod,
    authorization_code_grant,
    build_token_request,
    client_credentials_grant,
    parse_token_response,
    password_grant,
    refresh_token_grant,
    token_error,
)
from beatkit.auth.pkce import (
    AuthorizationRequest,
    PKCEPair,
    generate_code_verifier,
    generate_state,
    s256_challenge,
)
from beatkit.auth.stores import (
    FileTokenStore,
    InsecureTokenFileWarning,
    MemoryTokenStore,
    TokenStore,
)
from beatkit.auth.token import Token

__all__ = [
    "AuthorizationRequest",
    "BearerAuth",
    "ClientAuthMethod",
    "ClientCredentialsAuth",
    "FileTokenStore",
    "InsecureTokenFileWarning",
    "MemoryTokenStore",
    "PKCEPair",
    "RefreshingAuth",
    "Token",
    "TokenStore",
    "authorization_code_grant",
    "build_token_request",
    "client_credentials_grant",
    "generate_code_verifier",
    "generate_state",
    "parse_token_response",
    "password_grant",
    "refresh_token_grant",
    "s256_challenge",
    "token_error",
]
