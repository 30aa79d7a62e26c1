"""One redaction for every error body, log line and message: keys, form text, signed URLs."""

from __future__ import annotations

import base64
import re
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from types import FrameType

import httpx
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import beatkit.errors
from beatkit._core.http import redact_body, redact_url
from beatkit._core.redact import (
    SECRET_KEYS,
    SECRET_PARAMS,
    mask_error,
    mask_values,
    redact_text,
    request_secrets,
)
from beatkit.auth.oauth import parse_token_response, token_error
from beatkit.errors import AuthenticationError, ResponseDecodeError
from beatkit.hls import PlaylistError, parse_playlist

ROOT = Path(__file__).resolve().parents[2]
NOW = datetime(2026, 1, 1, tzinfo=UTC)
SIGNATURE = "5f3c9a0b1c2d3e4f5a6b7c8d"
STREAM = (
    f"https://needledrop.beatport.com/1769684486_{SIGNATURE}/db/25/"
    "db2552bf-aae0-4ad4-8f44-8999db32b4b8.128k.aac.m3u8?start=0&end=256463"
)
KEY_URI = STREAM.replace(".m3u8", ".key")


# --- token endpoint bodies (beatkit/auth/oauth.py) ---------------------------------------------


def test_a_form_encoded_token_answer_is_masked() -> None:
    # Regression: a 200 in form encoding put the new tokens into ResponseDecodeError.body.
    response = httpx.Response(
        200,
        text="access_token=AT-hunter2&refresh_token=RT-hunter2&token_type=bearer&expires_in=3600",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    with pytest.raises(ResponseDecodeError) as caught:
        parse_token_response(response, service="svc", now=NOW)
    body = caught.value.body
    assert "hunter2" not in str(body) + str(caught.value) + repr(caught.value)
    assert body == (
        "access_token=REDACTED&refresh_token=REDACTED&token_type=bearer&expires_in=3600"
    )


def test_a_wrapped_token_answer_is_masked_at_any_depth() -> None:
    # Regression: {"data": {"access_token": ...}} was masked at the top level only.
    response = httpx.Response(
        200, json={"data": {"access_token": "AT-hunter2", "refresh_token": "RT-hunter2"}}
    )
    with pytest.raises(ResponseDecodeError) as caught:
        parse_token_response(response, service="svc", now=NOW)
    assert "hunter2" not in repr(caught.value.body)
    assert caught.value.body == {"data": {"access_token": "REDACTED", "refresh_token": "REDACTED"}}


def test_an_echoed_client_secret_is_masked() -> None:
    # Regression: a client_secret echoed back by the token endpoint stayed in the body.
    response = httpx.Response(
        401, json={"error": "invalid_client", "client_id": "app", "client_secret": "CS-hunter2"}
    )
    error = token_error(response, service="svc")
    assert isinstance(error, AuthenticationError)
    assert error.body == {
        "error": "invalid_client",
        "client_id": "app",
        "client_secret": "REDACTED",
    }


def test_a_form_encoded_error_answer_is_masked() -> None:
    response = httpx.Response(400, text="error=invalid_grant&refresh_token=RT-hunter2")
    error = token_error(response, service="svc")
    assert error.code is None
    assert "hunter2" not in repr(error.body)


# --- redact_body ---------------------------------------------------------------------------------


def test_redact_body_masks_form_text_and_json_text() -> None:
    assert redact_body("password=p4ss&user=me") == "password=REDACTED&user=me"
    truncated = '{"user": {"api_key": "k-hunter2", "name": "x"}, "tok'
    assert "hunter2" not in redact_body(truncated)
    nested = {"items": [{"detail": "retry with token=T-hunter2 later"}]}
    assert "hunter2" not in repr(redact_body(nested))
    assert redact_body({"code": "not_found", "key": {"camelot": "8A"}}) == {
        "code": "not_found",
        "key": {"camelot": "8A"},
    }
    html = "<html><body><h1>502 Bad Gateway</h1></body></html>"
    assert redact_body(html) is html


@pytest.mark.parametrize(
    "name", ["Authorization", "authorization", "Proxy-Authorization", "Cookie"]
)
def test_credential_headers_quoted_in_a_body_are_masked(name: str) -> None:
    # A Beat Technology batch subrequest carries its own headers, its own Authorization
    # among them (L1987); an error quoting the batch back must not show it.
    body = {"requests": [{"url": "/v2/me", "headers": {name: "Bearer at-hunter2"}}]}
    assert "hunter2" not in repr(redact_body(body))
    assert "hunter2" not in redact_body(f'{{"headers": {{"{name}": "Bearer at-hunter2"}}}}')


@pytest.mark.parametrize("key", sorted(SECRET_KEYS))
def test_every_secret_key_is_masked_in_json_and_form_text(key: str) -> None:
    assert redact_body({"outer": [{key.upper(): "hunter2"}]}) == {
        "outer": [{key.upper(): "REDACTED"}]
    }
    assert "hunter2" not in redact_body(f"a=1&{key}=hunter2&b=2")
    assert "hunter2" not in redact_body(f'{{"{key}": "hunter2"')


def test_words_ending_in_a_secret_name_are_left_alone() -> None:
    assert redact_text("monkey=banana&passwords_policy=strict") == (
        "monkey=banana&passwords_policy=strict"
    )


# --- redact_url: signatures in the path and key URIs ------------------------------------------


def test_redact_url_masks_a_signature_in_the_path() -> None:
    # Regression: Beatport's stream, key and download URLs carry their signature in the path
    # (/{timestamp}_{hash}/...), which the query-string redaction missed.
    redacted = redact_url(STREAM)
    assert SIGNATURE not in redacted
    assert redacted == (
        "https://needledrop.beatport.com/REDACTED/db/25/"
        "db2552bf-aae0-4ad4-8f44-8999db32b4b8.128k.aac.m3u8?start=0&end=256463"
    )


def test_redact_url_masks_key_uris() -> None:
    redacted = redact_url(KEY_URI)
    assert SIGNATURE not in redacted
    assert "db2552bf" not in redacted
    assert (
        redacted == "https://needledrop.beatport.com/REDACTED/db/25/REDACTED.key?start=0&end=256463"
    )
    assert redact_url("k0.key?start=0") == "REDACTED.key?start=0"


def test_redact_url_can_keep_a_key_file_name_but_not_its_signature() -> None:
    redacted = redact_url(KEY_URI, key_file_name=False)
    assert SIGNATURE not in redacted
    assert redacted.startswith("https://needledrop.beatport.com/REDACTED/db/25/db2552bf")
    assert redacted.endswith(".key?start=0&end=256463")
    assert redact_url("k0.key?token=abcd", key_file_name=False) == "k0.key?token=REDACTED"


@pytest.mark.parametrize(
    ("url", "hidden"),
    [
        ("https://cdn.test/hdnts=exp=1700000000~acl=/*~hmac=abc123def/track.m3u8", "abc123def"),
        ("https://cdn.test/a.m3u8#access_token=frag-secret", "frag-secret"),
        ("https://cdn.test/a.m3u8?HMAC=hmac-secret", "hmac-secret"),
        ("https://user:pa55@cdn.test/a", "pa55"),
        ("http://[::1/x?token=tok-secret", "tok-secret"),  # unparsable: masked as text
    ],
)
def test_redact_url_other_places_secrets_hide(url: str, hidden: str) -> None:
    assert hidden not in redact_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "user:pw5678@cdn.test/a.m3u8",  # userinfo without "//": urlsplit reads "user" as a scheme
        "//user:pw5678@cdn.test/a.m3u8",  # protocol-relative
        "user:pw5678@cdn.test",
    ],
)
def test_redact_url_hides_a_password_before_an_at_sign_without_a_scheme(url: str) -> None:
    # A URL typed without its scheme was quoted with its password ("refusing URL ...").
    redacted = redact_url(url)
    assert "pw5678" not in redacted
    assert redacted.endswith("@cdn.test/a.m3u8") or redacted.endswith("@cdn.test")


def test_redact_url_masks_a_beat_technology_confirmation_code() -> None:
    # An activation link's one-time code logs the user's subscription in when confirmed.
    url = "https://api.prod.fabel.beat.no/v2/activations?confirmation_code=conf-secret-1"
    assert redact_url(url) == (
        "https://api.prod.fabel.beat.no/v2/activations?confirmation_code=REDACTED"
    )


def test_redact_url_leaves_ordinary_paths_alone() -> None:
    for url in (
        "https://api.beatport.com/v4/catalog/tracks/17606729/",
        "https://api.test/v1/beats?genre=5&page=2",
        "https://geo-media.beatport.com/image_size/590x404/db2552bf-aae0-4ad4.jpg",
        "https://api.test/v1/2024_summer_mix/tracks",
    ):
        assert redact_url(url) == url


def test_redact_text_masks_every_url_in_a_message() -> None:
    message = f"refusing plain http URL {STREAM.replace('https', 'http')} (and {KEY_URI})"
    redacted = redact_text(message)
    assert SIGNATURE not in redacted
    assert redacted.startswith("refusing plain http URL http://needledrop.beatport.com/REDACTED/")


@pytest.mark.fuzz
@given(st.text(), st.sampled_from(sorted(SECRET_PARAMS)), st.text(min_size=1))
def test_redact_never_raises_and_masks_secret_pairs(prefix: str, name: str, value: str) -> None:
    secret = "S3cr3tValue" + re.sub(r"[&;#\s\"'<>/]", "", value)
    for candidate in (
        f"{prefix}",
        f"https://h.test/p?{name}={secret}",
        f"https://h.test/{prefix}?a=1&{name}={secret}",
    ):
        redacted_url = redact_url(candidate)
        redacted = redact_text(candidate)
        assert isinstance(redacted_url, str) and isinstance(redacted, str)
        if secret in candidate:
            assert secret not in redacted_url
            assert secret not in redacted
    assert redact_body({"x": [prefix, {name: secret}]}) is not None


# --- playlists quote URIs in their errors ------------------------------------------------------


def test_playlist_errors_do_not_quote_signed_uris() -> None:
    base = STREAM
    text = f'#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI="ftp://cdn.test/1769684486_{SIGNATURE}/k.key"\n'
    with pytest.raises(PlaylistError) as unsupported:
        parse_playlist(text, base)
    stray = f"#EXTM3U\n{KEY_URI}\n"
    with pytest.raises(PlaylistError) as no_extinf:
        parse_playlist(stray, base)
    attrs = f'#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI="{KEY_URI}",junk\n'
    with pytest.raises(PlaylistError) as malformed:
        parse_playlist(attrs, base)
    for error in (unsupported.value, no_extinf.value, malformed.value):
        assert SIGNATURE not in str(error)
    assert "line 2" in str(no_extinf.value)


# --- the masked keys are documented where users look ----------------------------------------


def test_errors_and_auth_docs_list_the_masked_keys() -> None:
    docs = (ROOT / "docs" / "auth.md").read_text()
    module_doc = beatkit.errors.__doc__ or ""
    for key in SECRET_KEYS:
        assert f"``{key}``" in module_doc, key
        assert f"`{key}`" in docs, key


# --- logging -----------------------------------------------------------------------------------


def test_the_beatkit_logger_has_a_null_handler() -> None:
    # Regression: with no handler of its own, Python's last-resort handler printed
    # beatkit's warnings on stderr of applications that never configured logging.
    code = (
        "import logging, beatkit\n"
        "handlers = logging.getLogger('beatkit').handlers\n"
        "assert any(isinstance(h, logging.NullHandler) for h in handlers)\n"
        "logging.getLogger('beatkit.auth').warning('stray warning')\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


# --- secrets the server echoes back ---------------------------------------------------------------


def test_mask_values_masks_echoed_secrets() -> None:
    # Moved from tests/beattech/test_auth.py with the function (one masking for every service).
    body = {"error_description": "code 1234 is wrong", "items": ["1234", 5]}
    assert mask_values(body, ["1234"]) == {
        "error_description": "code *** is wrong",
        "items": ["***", 5],
    }
    assert mask_values("nothing", []) == "nothing"


def test_request_secrets_reads_json_and_form_bodies() -> None:
    as_json = httpx.Request(
        "POST",
        "https://api.test/v2/passwords",
        json={
            "code": "RESET-1234",
            "password": "new-pass-5",
            "email": "a@b.c",
            "x": [{"token": "t-0001"}],
        },
    )
    assert request_secrets(as_json) == ["new-pass-5", "t-0001"]
    assert request_secrets(as_json, ["CODE"]) == ["RESET-1234", "new-pass-5", "t-0001"]
    form = httpx.Request(
        "POST", "https://api.test/token", data={"password": "pw-secret", "username": "u"}
    )
    assert request_secrets(form) == ["pw-secret"]
    short = httpx.Request("POST", "https://api.test/x", json={"password": "pw"})
    assert request_secrets(short) == []  # too short to mask without garbling the message
    upload = httpx.Request("POST", "https://api.test/x", files={"image": b"\xff\xd8\xff"})
    assert request_secrets(upload) == []
    assert request_secrets(httpx.Request("POST", "https://api.test/x", content=b"[")) == []


def test_request_secrets_reads_the_authorization_header() -> None:
    # Regression: a server echoing the credentials of the Authorization header (the
    # client secret of client_secret_basic, a bearer token) had them shown in the error.
    pair = base64.b64encode(b"my-client:client%2Fsecret-9").decode()
    basic = httpx.Request(
        "POST",
        "https://auth.test/token",
        data={"grant_type": "refresh_token", "refresh_token": "rt-00001"},
        headers={"Authorization": f"Basic {pair}"},
    )
    assert request_secrets(basic) == ["rt-00001", "client/secret-9", "client%2Fsecret-9"]
    bearer = httpx.Request(
        "GET", "https://api.test/x", headers={"Authorization": "Bearer at-secret-77"}
    )
    assert request_secrets(bearer) == ["at-secret-77"]
    garbage = httpx.Request("GET", "https://api.test/x", headers={"Authorization": "Basic %%%"})
    assert request_secrets(garbage) == []


def test_request_secrets_reads_secret_query_parameters() -> None:
    signed = httpx.Request(
        "GET",
        "https://cdn.test/a.mp4",
        params={"X-Amz-Signature": "abcd1234", "token": "tk-0001", "start": "1000", "key": "k"},
    )
    assert request_secrets(signed) == ["abcd1234", "tk-0001"]


def test_mask_values_drops_what_is_nested_too_deeply_to_check() -> None:
    # A body that parses but is deeper than a walk can go: RecursionError escaped the
    # ResponseDecodeError being built for it.
    deep: object = "echo of s3cr3t-value"
    for _ in range(100_000):
        deep = {"a": [deep]}
    assert mask_values(deep, ["s3cr3t-value"]) is None
    assert mask_values(["s3cr3t-value"], ["s3cr3t-value"]) == ["***"]


def test_mask_error_masks_message_details_body_and_field_errors() -> None:
    error = AuthenticationError(
        "bad code RESET-1234",
        status_code=400,
        service="svc",
        body={"error_description": "bad code RESET-1234"},
        details="sent RESET-1234",
        field_errors={"code": ["RESET-1234 expired"]},
    )
    assert mask_error(error, ["RESET-1234"]) is error
    shown = [str(error), repr(error), error.details, error.body, error.field_errors, error.args]
    assert "RESET-1234" not in repr(shown) and "***" in str(error)


@pytest.fixture
def _hang_guard() -> Iterator[None]:
    """Fail instead of hanging: a quadratic scan of the bodies below takes hours."""

    def expired(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError("redaction did not finish in 60 s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(60)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# 4 MB of what a long token, a base64 blob or a minified script looks like: one run of
# URL-scheme characters with no "://" in it. Each start position used to be scanned to
# the end of the run, for a URL that was not there.
_RUNS = ["x" * 4_000_000, "a1" * 2_000_000, "a+b.c-d" * 600_000]


@pytest.mark.usefixtures("_hang_guard")
@pytest.mark.parametrize("run", _RUNS, ids=["letters", "alnum", "scheme-chars"])
def test_a_long_run_without_a_url_is_redacted_in_linear_time(run: str) -> None:
    text = f"{run} see https://h.test/x?token=tok-secret and {run}"
    redacted = redact_text(text)
    assert "tok-secret" not in redacted
    assert redacted == text.replace("tok-secret", "REDACTED")


@pytest.mark.usefixtures("_hang_guard")
def test_a_token_endpoint_error_with_a_huge_description_is_mapped_promptly() -> None:
    request = httpx.Request("POST", "https://auth.test/token", data={"refresh_token": "rt-9"})
    body = {"error": "invalid_request", "error_description": "x" * 4_000_000}
    error = token_error(httpx.Response(400, json=body, request=request), service="s")
    assert isinstance(error, AuthenticationError)
    assert error.code == "invalid_request"


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("1https://h.test/?token=t-1 x", "t-1"),  # the scheme starts at its first letter
        ("-+.https://h.test/?token=t-2", "t-2"),
        ("a://b://h.test/?token=t-3", "t-3"),
        ("see (ftp://h.test/?sig=t-4)", "t-4"),
        ("x:// ://h.test/?token=t-5 https://h.test/?key=t-6", "t-6"),
        ("123://abc://h.test/?token=t-7", "t-7"),  # no scheme before the first "://"
        ("://" * 100_000 + "https://h.test/?token=t-8", "t-8"),
    ],
)
def test_urls_are_found_where_they_were(text: str, secret: str) -> None:
    assert secret not in redact_text(text)


_OLD_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s\"'<>]+")


def _old_pattern_redacted(text: str) -> str:
    """What the scheme-first pattern found, redacted; sentence punctuation ending a
    match (at least one character after its "://" kept) stays prose, as it does in
    _redact_urls."""
    from beatkit._core.redact import _PROSE_AFTER_URL

    def redacted(match: re.Match[str]) -> str:
        url = match.group(0)
        end, least = len(url), url.index("://") + 4
        while end > least and url[end - 1] in _PROSE_AFTER_URL:
            end -= 1
        return redact_url(url[:end]) + url[end:]

    return _OLD_URL.sub(redacted, text)


@example("a://1?")  # a "?" ending the text: prose, kept as written
@given(st.text(alphabet='ab1+.-:/ "?=&tokensig', max_size=60))
def test_urls_are_found_as_the_scheme_first_pattern_found_them(text: str) -> None:
    from beatkit._core.redact import _redact_urls

    assert _redact_urls(text) == _old_pattern_redacted(text)


def test_mask_error_masks_the_error_code_too() -> None:
    # A server that echoes the request in its "error" field: the code shows in str().
    error = beatkit.errors.BadRequestError(
        "refused", service="svc", status_code=400, code="invalid_password pw-secret-1"
    )
    mask_error(error, ["pw-secret-1"])
    assert error.code is not None
    assert "pw-secret-1" not in error.code
    assert "pw-secret-1" not in str(error)
    assert "pw-secret-1" not in repr(error)


def test_request_secrets_reads_the_partner_secret_header() -> None:
    # Beat Technology's X-Auth-Client-Secret is as secret as an Authorization header.
    request = httpx.Request(
        "POST", "https://api.test/x", headers={"X-Auth-Client-Secret": "partner-secret-9"}
    )
    assert request_secrets(request) == ["partner-secret-9"]


# --- credential keys spelled in camelCase or with hyphens -----------------------------------


@pytest.mark.parametrize(
    "key",
    [
        "accessToken",
        "refreshToken",
        "AccessToken",
        "clientSecret",
        "idToken",
        "access-token",
        "REFRESH_TOKEN",
        "codeVerifier",
        "x_auth_client_secret",
        "apiKey",
    ],
)
def test_redact_body_masks_credential_keys_however_they_are_spelled(key: str) -> None:
    secret = "camel-s3cr3t-value"
    parsed = redact_body({"data": {key: secret, "expiresIn": 3600}})
    assert secret not in repr(parsed)
    assert parsed["data"]["expiresIn"] == 3600
    text = redact_body(f'{{"data": {{"{key}": "{secret}", "expiresIn": 3600}}}}')
    assert secret not in text
    assert '"expiresIn": 3600' in text


@pytest.mark.parametrize("key", ["tokenType", "expires_in", "token_type", "scope", "user_id"])
def test_redact_body_keeps_keys_that_are_no_credentials(key: str) -> None:
    assert redact_body({key: "value-kept"}) == {key: "value-kept"}


# --- secret URL parameters and name=value pairs spelled in camelCase or with hyphens ------


@pytest.mark.parametrize(
    "key",
    [
        "accessToken",
        "access-token",
        "refreshToken",
        "clientSecret",
        "client-secret",
        "idToken",
        "api-key",
        "codeVerifier",
        "confirmationCode",
        "X-Amz-Security-Token",
        "xAmzSignature",
    ],
)
def test_redact_url_and_text_mask_secret_names_however_they_are_spelled(key: str) -> None:
    # The JSON rule (any spelling) for URLs, form text and log lines too: a redirect
    # to "https://app/cb#accessToken=..." showed the token in the RedirectError, in
    # httpx's request log line and in httpcore's Location header trace.
    secret = "camel-s3cr3t-value"
    for url in (
        f"https://app.test/cb?{key}={secret}&state=kept",
        f"https://app.test/cb#{key}={secret}&state=kept",
    ):
        shown = redact_url(url)
        assert secret not in shown
        assert "state=kept" in shown
    text = redact_text(f"the form sent {key}={secret}&expiresIn=3600")
    assert secret not in text
    assert "expiresIn=3600" in text


def test_names_that_only_look_like_secret_names_are_kept_in_urls() -> None:
    url = "https://app.test/x?tokenType=bearer&expiresIn=3600&monkey=1&keyword=k&passwords_policy=p"
    assert redact_url(url) == url


def test_request_secrets_reads_secret_query_parameters_however_they_are_spelled() -> None:
    request = httpx.Request(
        "GET", "https://api.test/x", params={"accessToken": "at-camel-01", "page": "2"}
    )
    assert request_secrets(request) == ["at-camel-01"]


# --- a password typed where the port goes ----------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "https://alice:hunter2-pw/p.m3u8",  # "user:password@host" with the "@host" left out
        "https://alice:hunter2-pw",
        "https://alice:hunter2-pw?start=1",
        "https://[::1]:hunter2-pw/p.m3u8",
        "https://cdn.test:443hunter2-pw/p.m3u8",
    ],
)
def test_redact_url_masks_a_port_that_is_no_number(url: str) -> None:
    shown = redact_url(url)
    assert "hunter2-pw" not in shown
    assert shown.startswith("https://")


@pytest.mark.parametrize(
    "url", ["https://cdn.test:8443/p.m3u8", "https://[::1]:8080/x", "https://cdn.test/x:y"]
)
def test_redact_url_keeps_a_port_that_is_a_number(url: str) -> None:
    assert redact_url(url) == url


def test_redact_url_masks_a_google_cloud_storage_signed_url() -> None:
    # GCS's V4 signed URLs, the counterpart of S3's X-Amz-* parameters.
    url = (
        "https://storage.googleapis.com/media/t.mp4?X-Goog-Algorithm=GOOG4-RSA-SHA256"
        "&X-Goog-Credential=svc%40proj.iam.gserviceaccount.com%2F20260101%2Fauto"
        "&X-Goog-Date=20260101T000000Z&X-Goog-Expires=900&X-Goog-SignedHeaders=host"
        "&X-Goog-Signature=9f8e7d6c5b4a39281706f5e4d3c2b1a0"
    )
    shown = redact_url(url)
    assert "9f8e7d6c5b4a39281706f5e4d3c2b1a0" not in shown
    assert "gserviceaccount" not in shown
    assert "X-Goog-Expires=900" in shown
    signed = httpx.Request("GET", url)
    assert "9f8e7d6c5b4a39281706f5e4d3c2b1a0" in request_secrets(signed)
