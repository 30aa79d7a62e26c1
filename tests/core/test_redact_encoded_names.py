"""A secret query parameter whose name is percent-encoded is still a secret.

A server decodes a query's names before reading them (``%74oken`` is ``token``, and
``httpx.URL(...).params`` reads it so), and some encoders escape more than they must
(``access%5Ftoken``, ``X%2DAmz%2DSignature``): the value went to logs and error texts
in clear, where the same value under the plain name was masked, as it already was in
a path segment (``/%74oken=.../``).
"""

from __future__ import annotations

import logging

import httpx
import pytest

import beatkit._core.http  # noqa: F401 - installs the httpx log filters
from beatkit._core.redact import redact_text, redact_url

SECRET = "s3cr3tVALUE"


@pytest.mark.parametrize(
    "name",
    [
        "%74oken",
        "%74%6F%6B%65%6E",
        "access%5Ftoken",
        "access%5ftoken",
        "X%2DAmz%2DSignature",
        "client%5Fsecret",
        "%53ignature",
        "refresh%5Ftoken",
        "code%5Fverifier",
        "%6Bey",
        "si%67",
    ],
)
def test_an_encoded_secret_name_is_masked(name: str) -> None:
    assert httpx.URL(f"https://cdn.example/x?{name}={SECRET}").params  # a parameter
    for url in (
        f"https://cdn.example/f.aac?a=1&{name}={SECRET}&b=2",
        f"https://cdn.example/f.aac#{name}={SECRET}",
        f"/f.aac?{name}={SECRET}",
    ):
        shown = redact_url(url)
        assert SECRET not in shown, shown
        assert f"{name}=REDACTED" in shown
        assert "a=1" in shown or "a=1" not in url
    text = f"redirected to https://cdn.example/x?{name}={SECRET} (form {name}={SECRET})"
    assert SECRET not in redact_text(text)


@pytest.mark.parametrize(
    "query",
    [
        "t%6Fpic=rock",  # "topic"
        "%2Btoken=kept",  # "+token" is another name
        "monkey%3D=1",
        "q=a%20token%3Dx",  # inside a value: the value is no pair of its own
        "%zz=1&b=%",
        "name=%74oken",
    ],
)
def test_other_encoded_names_are_left_as_written(query: str) -> None:
    url = f"https://h.example/x?{query}"
    assert redact_url(url) == url


def test_httpx_request_lines_mask_an_encoded_secret_name(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="httpx")
    transport = httpx.MockTransport(lambda request: httpx.Response(200))
    with httpx.Client(transport=transport) as client:
        client.get(f"https://cdn.example/f.aac?X%2DAmz%2DSignature={SECRET}")
    lines = [record.getMessage() for record in caplog.records if record.name == "httpx"]
    assert lines
    assert all(SECRET not in line for line in lines)


def test_a_long_run_of_escapes_is_linear() -> None:
    # No name = sign after 200,000 escapes: scanned once, not from each position.
    text = "https://h.example/x?" + "%41" * 200_000
    assert redact_url(text) == text
