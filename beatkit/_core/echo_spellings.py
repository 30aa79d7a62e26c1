"""The spellings in which a server may quote back a secret it was sent: percent-encoded,
JSON-escaped as the common encoders write it, HTML-escaped, in the other Unicode form.

Read by :mod:`beatkit._core.redact`, which masks every spelling in what a server echoes.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import quote, quote_plus

__all__ = ["echo_spellings"]


_HEX_ESCAPE = re.compile(r"%[0-9A-F]{2}")


def echo_spellings(secrets: Iterable[str]) -> list[str]:
    """Each secret as sent and as a server quoting it back may spell it.

    A server that echoes a query or a form field may quote it percent-encoded (as a
    path segment, a query value or a form value, with upper- or lower-case hex), and
    one that writes it into JSON text by hand leaves it JSON-escaped; a decode error
    names an object's key in a field path as Python writes it (``by_name['...']``).
    A body that is no JSON beatkit parses (an HTML error page, a JSON document cut
    short) keeps the server's own spelling: HTML-escaped (``&amp;``, ``&#039;``), or
    JSON as PHP (``\\/``), .NET (``\\u00E4``, ``\\u002B``) or Go (``\\u003c``) write it;
    and a server that normalizes the text it reads quotes a non-ASCII secret in the
    other Unicode normalization form (NFC or NFD).

    Returns:
        The spellings, longest first (a longer one may contain a shorter one), without
        repeats; empty secrets give none.
    """
    forms: set[str] = set()
    for given in secrets:
        if not given:
            continue
        bases = [given]
        if not given.isascii():
            bases += [unicodedata.normalize("NFC", given), unicodedata.normalize("NFD", given)]
        for secret in dict.fromkeys(bases):
            encoded = [quote(secret, safe=""), quote(secret), quote_plus(secret)]
            escaped = [
                *_json_spellings(secret),
                repr(secret)[1:-1],
                *_html_spellings(secret),
            ]
            lower = [_HEX_ESCAPE.sub(lambda m: m.group().lower(), form) for form in encoded]
            forms.update([secret, *encoded, *lower, *escaped])
    return sorted(forms, key=lambda form: (-len(form), form))


# The characters JSON encoders escape beyond what JSON needs: .NET's default encoder
# the HTML-sensitive ones and "+" and "`", Go's "<", ">" and "&" (both with \uXXXX).
_DOTNET_ESCAPED = frozenset("<>&'\"+`")
_GO_ESCAPED = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"}
_JSON_UNICODE_ESCAPE = re.compile(r"\\u[0-9a-f]{4}")


def _json_spellings(secret: str) -> list[str]:
    """``secret`` inside a JSON string, as the common encoders write it."""
    ascii_only = json.dumps(secret)[1:-1]  # Python's, PHP's: non-ASCII as \u00e4
    as_is = json.dumps(secret, ensure_ascii=False)[1:-1]  # JavaScript's
    dotnet = "".join(
        "".join(f"\\u{unit:04X}" for unit in _utf16_units(char))
        if not char.isascii() or char in _DOTNET_ESCAPED
        else json.dumps(char)[1:-1]
        for char in secret
    )
    go = "".join(_GO_ESCAPED.get(char, char) for char in as_is)
    upper = _JSON_UNICODE_ESCAPE.sub(lambda m: "\\u" + m.group()[2:].upper(), ascii_only)
    # PHP's json_encode also writes "/" as "\/" (Laravel's JSON answers keep it).
    php = ascii_only.replace("/", "\\/")
    return [ascii_only, as_is, dotnet, go, upper, php]


def _utf16_units(char: str) -> list[int]:
    """The UTF-16 code units of one character (two, a surrogate pair, past U+FFFF)."""
    data = char.encode("utf-16-be", "surrogatepass")
    return [int.from_bytes(data[i : i + 2], "big") for i in range(0, len(data), 2)]


def _html_spellings(secret: str) -> list[str]:
    """``secret`` HTML-escaped, as error pages quote what a form sent: ``'`` as
    Python's ``html.escape`` (``&#x27;``), markupsafe (``&#39;``) or PHP's
    ``htmlspecialchars`` (``&#039;``) write it, ``"`` as ``&quot;`` or ``&#34;``,
    and with the quotes left as they are."""
    if not any(char in secret for char in "&<>'\""):
        return []
    bare = html.escape(secret, quote=False)
    spellings = [bare]
    for apostrophe in ("&#x27;", "&#39;", "&#039;"):
        for quotation in ("&quot;", "&#34;"):
            spellings.append(bare.replace("'", apostrophe).replace('"', quotation))
    return spellings
