"""A password a server quotes back in an error is masked however the server spelled it.

beatkit masks a secret the request sent wherever the answer quotes it: as sent,
percent-encoded and JSON-escaped. A body that is not JSON it can parse (an HTML error
page, a JSON document cut short) keeps the server's own spelling of it, and the
common ones were missed: HTML-escaped (``&amp;``, ``&#039;``: a framework's error page
quoting the form), JSON written with ``\\/`` for ``/`` (PHP's ``json_encode``, which
Laravel, BeatPass's framework, uses), with upper-case ``\\u00E4`` escapes (.NET's
``System.Text.Json``) or with ``<``, ``>``, ``&`` escaped (Go's ``encoding/json``),
and the other Unicode normalization form of a non-ASCII password (a server that
normalizes what it reads to NFC quotes an NFD password in NFC, and back).
"""

from __future__ import annotations

import html
import json
import unicodedata
from collections.abc import Callable

import httpx
import pytest

from beatkit import AsyncBeatPass, BeatPass
from beatkit._core.redact import echo_spellings
from beatkit.errors import APIError


def _php(secret: str) -> str:
    return json.dumps(secret)[1:-1].replace("/", "\\/")


def _dotnet(secret: str) -> str:
    # System.Text.Json's default encoder: every non-ASCII character and the HTML-sensitive
    # ones as \uXXXX with upper-case hex.
    out = []
    for char in secret:
        if not char.isascii() or char in "<>&'\"+`":
            for unit in char.encode("utf-16-be").hex(" ", 2).split():
                out.append(f"\\u{unit.upper()}")
        else:
            out.append(json.dumps(char)[1:-1])
    return "".join(out)


def _go(secret: str) -> str:
    text = json.dumps(secret, ensure_ascii=False)[1:-1]
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


CASES: dict[str, tuple[str, Callable[[str], str], str]] = {
    "html-escaped (Django)": ("p&ss<w>rd'1\"", html.escape, "text/html"),
    "html-escaped (PHP htmlspecialchars)": (
        "p&ss<w>rd'1\"",
        lambda s: html.escape(s).replace("&#x27;", "&#039;"),
        "text/html",
    ),
    "html-escaped (markupsafe)": (
        "p&ss<w>rd'1\"",
        lambda s: html.escape(s).replace("&#x27;", "&#39;").replace("&quot;", "&#34;"),
        "text/html",
    ),
    "html-escaped, quotes kept": (
        "p&ss<w>rd'1\"",
        lambda s: html.escape(s, quote=False),
        "text/html",
    ),
    "PHP json_encode": ("pass/w\u00f6rd", _php, "application/json"),
    ".NET System.Text.Json": ("P\u00e4ssw\u00f6rd+1\U0001f3b5", _dotnet, "application/json"),
    "Go encoding/json": ("p<ss>w&rd\u00e4", _go, "application/json"),
    "NFC of an NFD password": (
        unicodedata.normalize("NFD", "P\u00e4ssw\u00f6rd1"),
        lambda s: unicodedata.normalize("NFC", s),
        "text/plain",
    ),
    "NFD of an NFC password": (
        "P\u00e4ssw\u00f6rd1",
        lambda s: unicodedata.normalize("NFD", s),
        "text/plain",
    ),
}


def _answer(quoted: str, content_type: str) -> Callable[[httpx.Request], httpx.Response]:
    if "json" in content_type:
        # Cut short: not JSON beatkit can parse, so the server's spelling stays.
        body = '{"message": "The password ' + quoted + ' is wrong", "errors": {"pass'
    else:
        body = f"<p>The password {quoted} is wrong</p>"

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(422, content=body.encode(), headers={"Content-Type": content_type})

    return handler


def _shown(error: APIError) -> str:
    return f"{error}\n{error!r}\n{error.message}\n{error.body!r}\n{error.body}"


@pytest.mark.parametrize("case", list(CASES))
def test_a_quoted_password_is_masked_sync(case: str) -> None:
    password, spell, content_type = CASES[case]
    quoted = spell(password)
    assert quoted != password or case.startswith("NF")
    http = httpx.Client(transport=httpx.MockTransport(_answer(quoted, content_type)))
    with BeatPass("tok", http_client=http, max_retries=0) as bp, pytest.raises(APIError) as caught:
        bp.login("u@example.com", password)
    shown = _shown(caught.value)
    assert quoted not in shown
    assert password not in shown
    assert "is wrong" in str(caught.value.body)


@pytest.mark.parametrize("case", list(CASES))
async def test_a_quoted_password_is_masked_async(case: str) -> None:
    password, spell, content_type = CASES[case]
    quoted = spell(password)
    http = httpx.AsyncClient(transport=httpx.MockTransport(_answer(quoted, content_type)))
    async with AsyncBeatPass("tok", http_client=http, max_retries=0) as bp:
        with pytest.raises(APIError) as caught:
            await bp.login("u@example.com", password)
    shown = _shown(caught.value)
    assert quoted not in shown
    assert password not in shown


def test_spellings_of_an_ascii_secret_without_markup_are_few() -> None:
    # A plain token gains no spellings: nothing to escape, no other normal form.
    assert echo_spellings(["abcd1234"]) == ["abcd1234"]
