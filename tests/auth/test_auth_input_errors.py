"""Bad input to the shared auth layer: each refusal names the field, with its exact message.

A token endpoint's odd answer (a list where a number belongs), a stored file that is not
text, a ``hosts`` entry that is not a name, a caller's naive clock: every one is an error
that says which field was wrong, never a silent coercion and never the value itself.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest

from beatkit.auth import (
    BearerAuth,
    ClientCredentialsAuth,
    FileTokenStore,
    Token,
    parse_token_response,
    refresh_token_grant,
)
from beatkit.errors import ConfigurationError

NOW = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)
TOKEN_URL = "https://auth.example.com/oauth/token"


@pytest.mark.parametrize("value", [[3600], {"seconds": 3600}, object()])
def test_expires_in_of_another_json_type_is_refused(value: object) -> None:
    with pytest.raises(ValueError, match=r"^expires_in must be a number$"):
        Token.from_response({"access_token": "at", "expires_in": value}, now=NOW)


@pytest.mark.parametrize("value", [5, 1.5, True, {"read": True}, ["read", 5]])
def test_scope_that_is_neither_text_nor_a_list_of_text_is_refused(value: object) -> None:
    with pytest.raises(ValueError, match=r"^scope must be a string or a list of strings$"):
        Token.from_response({"access_token": "at", "scope": value}, now=NOW)


@pytest.mark.parametrize("field", ["expires_at", "obtained_at"])
@pytest.mark.parametrize("value", [1735732800, 1735732800.0, ["2025-01-01T12:00:00+00:00"]])
def test_stored_datetime_that_is_not_a_string_is_refused(field: str, value: object) -> None:
    with pytest.raises(ValueError, match=rf"^{field} must be an ISO 8601 string$"):
        Token.from_dict({"access_token": "at", field: value})


def test_token_file_that_is_not_utf8_is_corrupt_and_not_quoted(tmp_path: Path) -> None:
    path = tmp_path / "token.json"
    path.write_bytes(b'{"version": 1, "token": {"access_token": "s3cr3t\xff"}}')
    path.chmod(0o600)
    with pytest.raises(ConfigurationError) as caught:
        FileTokenStore(path).load()
    assert str(caught.value) == (
        f"the token file {path} is corrupt (not UTF-8 text); delete it and log in again"
    )
    assert "s3cr3t" not in str(caught.value)


def test_refresh_token_grant_sends_the_scope_asked_for() -> None:
    assert refresh_token_grant("rt", scope="read write") == {
        "grant_type": "refresh_token",
        "refresh_token": "rt",
        "scope": "read write",
    }
    assert refresh_token_grant("rt") == {"grant_type": "refresh_token", "refresh_token": "rt"}


def test_parse_token_response_refuses_a_naive_now() -> None:
    response = httpx.Response(200, json={"access_token": "at"})
    with pytest.raises(ValueError, match=r"^now must be a timezone-aware datetime$"):
        parse_token_response(response, service="oauth", now=datetime(2025, 1, 1, 12, 0))


@pytest.mark.parametrize("hosts", [["api.example.com", ""], ["  "], [None], [b"api.example.com"]])
def test_hosts_entries_must_be_non_empty_names(hosts: Any) -> None:
    with pytest.raises(ConfigurationError, match=r"^hosts must be non-empty host names$"):
        BearerAuth("t", hosts=hosts)


def test_a_malformed_url_in_hosts_gets_no_hint_and_is_not_quoted() -> None:
    # A URL httpx cannot parse: the message gives no "pass ..." hint, and shows none
    # of what was typed (userinfo may hold a password).
    with pytest.raises(ConfigurationError) as caught:
        BearerAuth("t", hosts="https://user:pa55@[::1")
    assert str(caught.value) == "hosts takes host names such as 'api.example.com', not URLs"


def test_bearer_auth_takes_a_token_object() -> None:
    auth = BearerAuth(Token(access_token="tok-1", token_type="Bearer"), hosts="api.example.com")
    request = httpx.Request("GET", "https://api.example.com/x")
    flow = auth.sync_auth_flow(request)
    assert next(flow).headers["Authorization"] == "Bearer tok-1"


def test_unknown_client_auth_method_is_refused() -> None:
    with pytest.raises(
        ConfigurationError, match=re.escape("unknown auth_method 'client_secret_jwt'")
    ):
        ClientCredentialsAuth(
            TOKEN_URL,
            "client",
            "secret",
            hosts="api.example.com",
            auth_method="client_secret_jwt",  # type: ignore[arg-type]
        )


def test_a_response_built_by_hand_is_read_as_the_answer_to_the_request_sent() -> None:
    # parse_token_response is public: a caller that sends the request itself may build
    # the response without attaching it, which says nothing about a redirect.
    sent = httpx.Request("POST", TOKEN_URL)
    response = httpx.Response(200, json={"access_token": "at", "expires_in": 60})
    token = parse_token_response(response, service="oauth", now=NOW, sent=sent)
    assert token.access_token == "at"
    assert token.expires_at == datetime(2025, 1, 1, 12, 1, tzinfo=UTC)
