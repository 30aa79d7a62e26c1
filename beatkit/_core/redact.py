"""Masking credentials in what beatkit shows: log lines, error messages, error bodies.

One place decides what counts as a secret, so every log line and every exception
masks the same things:

* :func:`redact_body`: a body kept on an exception. The values of the keys in
  :data:`SECRET_KEYS` are replaced at any depth of parsed JSON; text (a
  form-encoded token answer, a truncated JSON document, an HTML page quoting a
  URL) goes through :func:`redact_text`.
* :func:`redact_url`: a URL in a log line or an error message. Userinfo, the
  values of the query parameters in :data:`SECRET_PARAMS`, path segments that
  carry a signature (Beatport's ``/{timestamp}_{hash}/``, Akamai's
  ``/hdnts=.../``) and the file name of an HLS key (``.../NAME.key``) are
  replaced.
* :func:`redact_text`: free text; every ``name=value`` pair and JSON
  ``"name": "value"`` pair with a secret name (in any spelling: ``accessToken``,
  ``client-secret``), and every URL in it, as above.
* :func:`redact_error`: what an API error shows besides its body (message, code,
  details, field errors), as text: they are read from the body.
* :func:`redact_transport_error`: the errors httpx chains under a failed exchange,
  which quote the line of an answer they could not parse (:func:`redact_wire_quotes`).
* :func:`mark_secret_values`: values one request carries under a name that is not a
  secret's (a gift card's code sent as an ``entity_id``); its URL is then masked
  wherever it is shown, and the values wherever a server quotes them back.

Values are replaced by ``REDACTED``; names, structure and everything else stay,
so what failed can still be read.
"""

from __future__ import annotations

import ast
import base64
import json
import re
import weakref
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any, TypeVar
from urllib.parse import (
    SplitResult,
    parse_qsl,
    quote,
    quote_plus,
    unquote,
    unquote_plus,
    urlsplit,
    urlunsplit,
)

import httpx

from beatkit._core.echo_spellings import echo_spellings
from beatkit._core.json_fields import field_values, text_field_values
from beatkit.errors import APIError

__all__ = [
    "ECHO_MASK",
    "REDACTED",
    "SECRET_HEADERS",
    "echo_secrets",
    "SECRET_KEYS",
    "SECRET_PARAMS",
    "SECRET_VALUES",
    "echo_spellings",
    "field_values",
    "header_secrets",
    "map_strings",
    "mark_personal_values",
    "mark_secret_values",
    "mask_chain",
    "mask_error",
    "mask_values",
    "name_request",
    "personal_values",
    "redact_body",
    "redact_error",
    "redact_text",
    "redact_transport_error",
    "redact_url",
    "redact_wire_quotes",
    "mask_echoed",
    "request_secrets",
    "sent_secrets",
    "shorten_message",
]

REDACTED = "REDACTED"
"""What a secret value is replaced with."""

SECRET_HEADERS = frozenset(
    {
        "authorization",
        "cookie",
        "proxy-authorization",
        "set-cookie",
        "set-cookie2",
        "x-auth-client-secret",  # Beat Technology's partner header
    }
)
"""Header names whose whole value is a credential (lower case); masked in httpcore's
trace lines, and as keys quoted in a body (a Beat Technology batch subrequest's own)."""

SECRET_KEYS = (
    frozenset(
        {
            "access_token",
            "api_key",
            "apikey",
            "client_secret",
            "code_verifier",
            "email_token",  # Beat Technology: the e-mail verification code of a signup
            "handle",  # Beat Technology: an OpenID auth context's handle, a login credential
            "id_token",
            "msisdn_signature",  # Beat Technology: a carrier-signed login
            "password",
            "refresh_token",
            "secret",
            "token",
        }
    )
    | SECRET_HEADERS
)
"""Keys whose values are credentials, in JSON and form-encoded bodies (case-insensitive;
in a JSON body in any spelling too: ``accessToken`` and ``access-token`` are ``access_token``).

``code`` is not among them: in a body it is the API's error code."""

SECRET_PARAMS = SECRET_KEYS | frozenset(
    {
        "code",  # an OAuth authorization code in a redirect URL
        "confirmation_code",  # Beat Technology: the one-time code of an activation link
        "key",
        "setupintent",  # Beat Technology: a setup intent's id is its client secret
        "sig",
        "signature",
        # Signed CDN URLs (CloudFront, S3, Akamai): short-lived, but credentials still.
        "hdnea",
        "hdnts",
        "hmac",
        "policy",
        "x-amz-credential",
        "x-amz-security-token",
        "x-amz-signature",
        "x-goog-credential",  # Google Cloud Storage's V4 signed URLs
        "x-goog-signature",
    }
)
"""Query (and fragment) parameters whose values are credentials (case-insensitive, and in
any spelling, as JSON keys: ``accessToken=`` and ``client-secret=`` are masked too)."""

# A path segment that is a signature: Beatport's "{unix timestamp}_{hash}".
_SIGNED_SEGMENT = re.compile(r"[0-9]{9,13}_[A-Za-z0-9_~.-]{8,}")


def _fold(name: str) -> str:
    """A key as compared with the credential names: lower case, without ``_`` and ``-``,
    so ``accessToken``, ``access-token`` and ``ACCESS_TOKEN`` are ``access_token``."""
    return name.lower().replace("_", "").replace("-", "")


_FOLDED_SECRET_KEYS = frozenset(_fold(name) for name in SECRET_KEYS)
_FOLDED_SECRET_PARAMS = frozenset(_fold(name) for name in SECRET_PARAMS)


def _any_spelling(name: str) -> str:
    """A pattern for ``name`` with or without its ``_`` and ``-`` (camelCase, hyphens)."""
    return "[_-]?".join(re.escape(part) for part in re.split(r"[_-]", name))


# Any spelling, as in JSON: "accessToken=" and "client-secret=" in a redirect's URL, a
# form body or a log line are the credentials "access_token=" and "client_secret=" are.
_NAMES = "|".join(sorted((_any_spelling(name) for name in SECRET_PARAMS), key=len, reverse=True))
# name=value in a query, a form body, a path segment or prose; the name must not be the
# tail of a longer word ("monkey=1" is not "key=1").
_PAIR = re.compile(rf"(?<![A-Za-z0-9_.-])({_NAMES})=([^&;#\s\"'<>]*)", re.IGNORECASE)


_JSON_KEYS = "|".join(sorted((_any_spelling(name) for name in SECRET_KEYS), key=len, reverse=True))
_JSON_PAIR = re.compile(rf'("(?:{_JSON_KEYS})"\s*:\s*)"(?:[^"\\]|\\.)*"', re.IGNORECASE)
# A URL is found from its "://": a pattern starting at the scheme would scan a long run of
# scheme characters (a token, a base64 blob) from each of its positions, quadratic in
# its length (minutes for a 100 kB error body). The scheme is then read backwards.
_URL_REST = re.compile(r"[^\s\"'<>]+")
_PROSE_AFTER_URL = frozenset(".,:;!?)")
_SCHEME_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+.-")


def _redact_urls(text: str) -> str:
    """``text`` with every ``scheme://...`` in it through :func:`redact_url`."""
    if "://" not in text:
        return text
    pieces: list[str] = []
    done = 0  # the text before this is copied or redacted already
    start = text.find("://")
    while start >= 0:
        # Back over the scheme characters before "://" (never into what was consumed:
        # a URL ends on a character no scheme has); the scheme is the part from the
        # first letter among them, as "[A-Za-z][A-Za-z0-9+.-]*" would have matched.
        run = start
        while run > done and text[run - 1] in _SCHEME_CHARS:
            run -= 1
        first = next((i for i in range(run, start) if text[i].isalpha()), None)
        # Matched only behind a scheme: "://" repeated must not be scanned from each.
        rest = None if first is None else _URL_REST.match(text, start + 3)
        if first is None or rest is None:
            # No scheme ("123://", " ://") or nothing after it: the next "://", then.
            start = text.find("://", start + 3)
            continue
        # Sentence punctuation that ends the run is the prose's ("see URL: ..."), not
        # the URL's: a query value would otherwise swallow it into its REDACTED.
        end = rest.end()
        while end > start + 4 and text[end - 1] in _PROSE_AFTER_URL:
            end -= 1
        pieces.append(text[done:first])
        pieces.append(redact_url(text[first:end]))
        done = end
        start = text.find("://", done)
    pieces.append(text[done:])
    return "".join(pieces)


def redact_url(url: object, *, key_file_name: bool = True) -> str:
    """The URL with credentials replaced by ``REDACTED``; never raises.

    Replaced: the userinfo, a port that is no number (``user:password`` typed without
    its ``@host`` reads as a host and a port), the values of :data:`SECRET_PARAMS` in
    the query and the fragment, path segments that carry a signature, and the name of
    an HLS key file (a last segment ending in ``.key``). The rest is kept as written.

    Args:
        url: A URL (``str``, ``httpx.URL``, anything whose ``str()`` is one); text
            that does not parse as a URL is redacted as free text.
        key_file_name: Whether to replace the name of an HLS key file. ``beatkit
            hls inspect``, whose job is to show which key each segment uses, keeps
            it: the name fetches nothing without the signature, which is still masked.

    Returns:
        The redacted URL.
    """
    text = str(url)
    try:
        parts = urlsplit(text)
    except ValueError:
        text = _redact_unsplittable(text, key_file_name)
    else:
        text = (
            _unsplit(parts, key_file_name)
            if parts.scheme or parts.netloc
            else _redact_path_and_query(text, key_file_name)
        )
    # The empty check first: most processes never mark a value, and then the lookup
    # (which hashes the URL's text) is skipped.
    entry = _MARKED_URLS.get(id(url)) if _MARKED_URLS and isinstance(url, httpx.URL) else None
    marked = entry[1] if entry is not None and entry[0]() is url else None
    for value in marked or ():
        text = text.replace(value, REDACTED)
    return text


# A bytes literal in an error message, as repr() writes it (h11: "illegal header line:
# bytearray(b'Set-Cookie : sid=...')"), in the quote it chose, with backslash escapes.
# Its start may be escaped too: an httpcore log line holds the repr() of the error.
_BYTES_START = re.compile(r"""(?<![A-Za-z0-9_])(?P<open>bytearray\()?b(?P<q>\\?['"])""")
_BYTES_LITERAL = re.compile(r"""b(?P<q>['"])(?:\\.|(?!(?P=q))[^\\])*(?P=q)""")
# The name of a header line, kept: a token of at most 64 characters (RFC 9110 section 5.1).
_LINE_NAME = re.compile(r"[!#$%&*+.^_`|~0-9A-Za-z-]{1,64}[ \t]*:")


def redact_wire_quotes(text: str) -> str:
    """``text`` with each bytes literal in it (a line of an answer quoted by an HTTP
    parser) masked: a header line keeps its name, anything else becomes ``REDACTED``.

    A literal that cannot be read (its quotes escaped, inside the ``repr()`` of an
    error) is masked to the end of the text.

    Args:
        text: An error message (h11's ``illegal header line: bytearray(b'...')``) or
            a log line quoting one.

    Returns:
        The text, masked; the same object when it quotes no bytes.
    """
    if "b'" not in text and 'b"' not in text and "b\\" not in text:
        return text
    pieces: list[str] = []
    done = 0
    for start in _BYTES_START.finditer(text):
        if start.start() < done:
            continue  # inside a literal masked already
        quote = start["q"]
        literal = _BYTES_LITERAL.match(text, start.start("q") - 1) if len(quote) == 1 else None
        try:
            raw = ast.literal_eval(literal.group()) if literal is not None else None
        except (ValueError, SyntaxError):  # not ASCII: no repr() of bytes, masked whole
            raw = b""
        if literal is not None and isinstance(raw, bytes):
            line, end, close = raw.decode("latin-1"), literal.end(), ""
        else:
            # Unreadable: all the rest goes, and the bytearray( is closed again.
            line, end, close = text[start.end() :], len(text), ")" if start["open"] else ""
        name = _LINE_NAME.match(line)
        shown = f"{name.group()} {REDACTED}" if name else REDACTED
        pieces.append(text[done : start.start()])
        pieces.append(f"{start['open'] or ''}b{quote}{shown}{quote}{close}")
        done = end
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


# The packages whose errors quote what came over the wire; others' are left as they are.
_WIRE_PACKAGES = ("httpx", "httpcore", "h11", "h2", "hpack", "socksio")


def redact_transport_error(error: BaseException) -> None:
    """Mask, in place, the answer lines quoted by ``error`` and the errors chained under
    it (``__cause__``, else ``__context__``) that httpx and its parsers raised.

    h11 refuses a malformed header line, status line or chunk header by quoting it,
    and httpcore and httpx repeat that text: a ``Set-Cookie`` or a token would show in
    every traceback of the beatkit error raised from them. The errors keep their type
    and their chain; only the quoted bytes are masked (:func:`redact_wire_quotes`).

    Their text is masked as :func:`mask_chain` masks it too: a URL one quotes
    (pytest-httpx's "No response can be found for GET request on https://...?api_key=...",
    a custom transport's message) as :func:`redact_url` does, and the credentials of
    the request the error names (its bearer token). Errors of other packages in the
    chain (the ``OSError`` under a failed connect, an exception the caller was
    handling when the request was made) are left as they are.

    Args:
        error: An error httpx raised (``httpx.TransportError``).
    """
    found = _error_request_secrets(error)

    def mask(text: str) -> str:
        masked = redact_text(redact_wire_quotes(text))
        return mask_values(masked, found) if found else masked

    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen and len(seen) < 16:
        seen.add(id(current))
        module = type(current).__module__.partition(".")[0]
        args = current.args
        if module in _WIRE_PACKAGES and any(isinstance(arg, str) for arg in args):
            masked = tuple(mask(arg) if isinstance(arg, str) else arg for arg in args)
            if masked != args:
                current.args = masked
        current = current.__cause__ or current.__context__


def _error_request_secrets(error: BaseException) -> list[str]:
    """The credentials of the request an httpx error names; none when it names none."""
    if not isinstance(error, httpx.RequestError):
        return []
    try:
        request = error.request
    except RuntimeError:  # an httpx error made without its request
        return []
    try:
        return echo_secrets(request)
    except Exception:  # masking must never replace the error being reported
        return []


def mask_chain(error: BaseException, secrets: Iterable[str]) -> None:
    """Mask, in place, what ``error`` and the errors chained under it quote: the
    text of their ``args`` and ``__notes__``, through :func:`redact_text`, then with
    every occurrence of ``secrets`` masked (:func:`mask_values`).

    For an error of beatkit's own code or of a library (a decoder's ``ValueError``
    quoting a field's value, an envelope check quoting the server's message) chained
    as the ``__cause__`` of the beatkit error raised for it: every traceback prints
    it, so it must not show what the beatkit error masks. The errors keep their type,
    their chain and the errors an ``ExceptionGroup`` holds (masked too).

    Args:
        error: The first error of the chain.
        secrets: The values to mask besides what :func:`redact_text` finds (the
            credentials the request sent).
    """
    found = list(secrets)

    def mask(text: str) -> str:
        masked = redact_text(text)
        return mask_values(masked, found) if found else masked

    seen: set[int] = set()
    pending: list[BaseException] = [error]
    while pending and len(seen) < 256:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        args = current.args
        if any(isinstance(arg, str) for arg in args):
            current.args = tuple(mask(arg) if isinstance(arg, str) else arg for arg in args)
        notes = getattr(current, "__notes__", None)
        if isinstance(notes, list):
            notes[:] = [mask(note) if isinstance(note, str) else note for note in notes]
        if isinstance(current, BaseExceptionGroup):
            pending.extend(current.exceptions)
        for chained in (current.__cause__, current.__context__):
            if chained is not None:
                pending.append(chained)


SECRET_VALUES = "beatkit.secret_values"  # noqa: S105 - an extension name, not a secret
"""The request extension holding the values :func:`mark_secret_values` marked."""

# The URLs of requests that carry marked values, so that a URL shown on its own (the
# line httpx logs for every request, which names no request) is masked too. Keyed by
# the URL object's identity, through a weak reference: an entry goes with its URL. (A
# weak-key dictionary compares keys by their text: marking a second URL with the text
# of a first one kept the first one's reference, and the entry went with the first.)
_MARKED_URLS: dict[int, tuple[weakref.ref[httpx.URL], tuple[str, ...]]] = {}


def _remember(url: httpx.URL, marked: tuple[str, ...]) -> None:
    key = id(url)

    def forget(ref: weakref.ref[httpx.URL]) -> None:
        # Only this URL's own entry: its id may have been reused by a newer URL.
        entry = _MARKED_URLS.get(key)
        if entry is not None and entry[0] is ref:
            _MARKED_URLS.pop(key, None)

    _MARKED_URLS[key] = (weakref.ref(url, forget), marked)


def mark_secret_values(request: httpx.Request, values: Iterable[str]) -> None:
    """Mark values that ``request`` carries as secret, whatever their field's name.

    For a credential sent under an ordinary name: Beat Technology takes a gift
    card's code (redeemable by whoever holds it) as the ``entity_id`` that is a
    track's or release's id for other entity types. The request's URL is then shown
    with the values masked (:func:`redact_url`, by beatkit's log lines and errors
    and by httpx's request log), and :func:`request_secrets` counts them among the
    values masked where a server quotes them back. Each value is masked as written
    and percent-encoded, as a URL carries it.

    Args:
        request: The request about to be sent.
        values: The secret values; those shorter than four characters are left
            alone (masking them would garble every message). Values marked before
            on ``request`` stay marked.
    """
    spellings = {
        spelling
        for value in values
        if len(value) >= _MIN_SECRET_LENGTH
        for spelling in (value, quote(value, safe=""), quote_plus(value, safe=""))
    }
    if spellings:
        # With those marked before (a call's own, then its personal query values).
        earlier = request.extensions.get(SECRET_VALUES)
        if isinstance(earlier, tuple):
            spellings.update(value for value in earlier if isinstance(value, str))
        # Longest first, so that no spelling is left half-masked by a shorter one.
        marked = tuple(sorted(spellings, key=len, reverse=True))
        request.extensions[SECRET_VALUES] = marked
        _remember(request.url, marked)


def _unsplit(parts: SplitResult, key_file_name: bool = True) -> str:
    netloc, path = parts.netloc, parts.path
    if "@" in netloc:
        netloc = f"{REDACTED}@{netloc.rpartition('@')[2]}"
        netloc = _redact_port(netloc)
    elif netloc:
        netloc = _redact_port(netloc)
    else:
        # "user:password@host/x", typed without "//": urlsplit reads "user" as the
        # scheme and the password as the start of the path.
        first, slash, rest = path.partition("/")
        if "@" in first:
            path = f"{REDACTED}@{first.rpartition('@')[2]}{slash}{rest}"
    return urlunsplit(
        (
            parts.scheme,
            netloc,
            _redact_path(path, key_file_name),
            _redact_pairs(parts.query),
            _redact_pairs(parts.fragment),
        )
    )


# What urlsplit reads as a scheme and "//", the authority after them, and the rest.
_AUTHORITY = re.compile(r"((?:[A-Za-z][A-Za-z0-9+.-]*:)?//)([^/?#]*)(.*)", re.DOTALL)


def _redact_unsplittable(text: str, key_file_name: bool = True) -> str:
    """A URL ``urlsplit`` refuses (an IPv6 literal left open: ``http://u:pw@[::1/x``),
    split as it would split it: the userinfo, a port that is no number, the path, the
    query and the fragment masked as in :func:`_unsplit`; then every secret pair."""
    match = _AUTHORITY.match(text)
    if match is None:
        return _redact_pairs(text)
    head, netloc, rest = match.groups()
    if "@" in netloc:
        netloc = f"{REDACTED}@{netloc.rpartition('@')[2]}"
    if "[" not in netloc and "]" not in netloc:
        netloc = _redact_port(netloc)  # an open IPv6 literal's colons are no port's
    return _redact_pairs(head + netloc + _redact_path_and_query(rest, key_file_name))


def _redact_port(netloc: str) -> str:
    """``netloc`` with a port that is no number masked: ``user:password@host`` typed
    without its ``@host`` reads as host ``user`` and port ``password``."""
    host, colon, port = netloc.rpartition(":")
    if not colon or "]" in port or not port or (port.isascii() and port.isdigit()):
        return netloc  # no port (a bare IPv6 literal's last colon is inside its brackets)
    return f"{host}:{REDACTED}"


def _redact_path_and_query(text: str, key_file_name: bool = True) -> str:
    """A relative reference: path, then ``?query`` and ``#fragment`` as written."""
    cut = min((i for i in (text.find("?"), text.find("#")) if i != -1), default=len(text))
    return _redact_path(text[:cut], key_file_name) + _redact_pairs(text[cut:])


def _redact_path(path: str, key_file_name: bool = True) -> str:
    if not path:
        return path
    segments = path.split("/")
    for index, segment in enumerate(segments):
        if _SIGNED_SEGMENT.fullmatch(segment) or _PAIR.search(unquote(segment)):
            segments[index] = REDACTED
    last = segments[-1]
    if key_file_name and last.lower().endswith(".key") and last != ".key":
        segments[-1] = f"{REDACTED}.key"
    return "/".join(segments)


# name=value whose name holds percent escapes: a server decodes a query's names before
# reading them, so "%74oken=" and "access%5Ftoken=" are "token=" and "access_token=".
# The name is a whole run of name characters and escapes (nothing of one before it), so
# each run is scanned once.
_ENCODED_PAIR = re.compile(
    r"(?<![A-Za-z0-9_.~%+-])((?:[A-Za-z0-9_.~+-]|%[0-9A-Fa-f]{2})+)=([^&;#\s\"'<>]*)"
)


def _encoded_pair(match: re.Match[str]) -> str:
    name = match.group(1)
    if "%" not in name or _fold(unquote_plus(name)) not in _FOLDED_SECRET_PARAMS:
        return match.group(0)
    return f"{name}={REDACTED}"


def _redact_pairs(text: str) -> str:
    text = _PAIR.sub(lambda m: f"{m.group(1)}={REDACTED}", text)
    if "%" in text:
        text = _ENCODED_PAIR.sub(_encoded_pair, text)
    return text


# Personal data a query value carries whatever its parameter's name (a user search's
# "query=alice@example.com"), marked on each request beatkit sends (see
# mark_personal_values): an e-mail address anywhere in the value, or a value that
# is a phone number in international form ("+47 912 34 567": a "+" and 7 to 15 digits;
# a bare run of digits is left alone, as an id looks the same). Read percent-decoded.
# Neither pattern backtracks more than once over a run: linear in the value's length.
_EMAIL = re.compile(r"(?<=[^\s@&=;#/?])@[A-Za-z0-9-]+\.[A-Za-z0-9.-]*[A-Za-z]")
_PHONE = re.compile(r"\+[\s.()-]*(?:[0-9][\s.()-]*){7,15}")
_QUERY_VALUE = re.compile(r"(?P<name>(?:^|[&;])[^&;=]*=)(?P<value>[^&;]*)")


def personal_values(query: str) -> list[str]:
    """The values in ``query`` that are personal data by their look, whatever their
    parameter's name: an e-mail address anywhere in the value, or a value that is a
    phone number in international form.

    Args:
        query: A URL's query, as sent (percent-encoded).

    Returns:
        Each such value as sent and decoded (``unquote`` and ``unquote_plus``).
    """
    found: list[str] = []
    if "@" not in query and "+" not in query and "%" not in query:
        return found
    for match in _QUERY_VALUE.finditer(query):
        raw = match["value"]
        value = unquote(raw)
        if ("@" in value and _EMAIL.search(value)) or ("+" in value and _PHONE.fullmatch(value)):
            found += [raw, value, unquote_plus(raw)]
    return found


def mark_personal_values(request: httpx.Request) -> None:
    """Mark (:func:`mark_secret_values`) the values of ``request``'s query that are
    personal data by their look (:func:`personal_values`): an e-mail address or a phone
    number a call sends under any name (a user search's ``query=``) is then masked
    wherever the request's URL is shown (beatkit's log lines, httpx's request line,
    errors) and wherever a server quotes it back, as the values a call marks are.

    Args:
        request: A request beatkit is about to send.
    """
    values = personal_values(request.url.query.decode("ascii", "replace"))
    if values:
        mark_secret_values(request, values)


# The userinfo of a URL written without its scheme ("//user:password@host/x", as a
# Location may give one), or with its slashes JSON-escaped ("http:\/\/user:pw@host",
# as PHP writes them, in a body cut short): what comes before the last "@" of the
# authority. Only that part goes, so prose quoting "//" stays as written; the "//"
# must start the text, a word or a value (a path's "/x//y@2x.png" starts no authority).
_RELATIVE_USERINFO = re.compile(
    r"(?<![^\s\"'<>()\[\]{},;:=])(?://[^\s/?#\"'<>]+|\\/\\/[^\s/?#\"'<>\\]+)@"
)


def _mask_userinfo(match: re.Match[str]) -> str:
    slashes = "//" if match.group().startswith("//") else "\\/\\/"
    return f"{slashes}{REDACTED}@"


def redact_text(text: str) -> str:
    """Free text with credentials replaced by ``REDACTED``.

    Masks ``name=value`` pairs (form-encoded bodies, query strings) and JSON
    ``"name": "value"`` pairs whose name is a secret, every URL as
    :func:`redact_url` does, and the userinfo of a scheme-relative URL
    (``//user:password@host/x``) or of one with its slashes JSON-escaped
    (``http:\\/\\/user:password@host``).

    Args:
        text: Any text (an error body, a message).

    Returns:
        The text, redacted; the same object when nothing was masked.
    """
    redacted = _redact_urls(text)
    if "/" in redacted and "@" in redacted:
        redacted = _RELATIVE_USERINFO.sub(_mask_userinfo, redacted)
    redacted = _JSON_PAIR.sub(lambda m: f'{m.group(1)}"{REDACTED}"', redacted)
    redacted = _redact_pairs(redacted)
    return text if redacted == text else redacted


def redact_body(body: Any, keys: Collection[str] = ()) -> Any:
    """``body`` with the values of credential keys replaced by ``REDACTED``, at any depth.

    The one redaction of every body beatkit attaches to an exception. Parsed JSON
    is walked: the value of every key in :data:`SECRET_KEYS` (or in ``keys``) is
    replaced, whatever its type, and every other string goes through
    :func:`redact_text`. Text (a form-encoded token answer, a page that is not JSON)
    goes through :func:`redact_text`.

    Args:
        body: Parsed JSON, text, or anything else (returned as is).
        keys: Lower-case field names that are secret for this service besides
            :data:`SECRET_KEYS` (Beat Technology's ``code``).

    Returns:
        A redacted copy when anything was replaced, else ``body`` itself.
    """
    if isinstance(body, str):
        return redact_text(body)
    if isinstance(body, Mapping):
        changed = False
        result: dict[Any, Any] = {}
        for key, value in body.items():
            if _is_secret_key(key, keys) and value is not None:
                result[key] = REDACTED
                changed = True
            else:
                result[key] = new = redact_body(value, keys)
                changed = changed or new is not value
        return result if changed else body
    if isinstance(body, list):
        items = [redact_body(item, keys) for item in body]
        return items if any(a is not b for a, b in zip(items, body, strict=True)) else body
    return body


def _is_secret_key(key: object, keys: Collection[str]) -> bool:
    if not isinstance(key, str):
        return False
    # Any spelling: a server in camelCase ("accessToken", "refreshToken") sends the
    # same credentials.
    name = _fold(key)
    return name in _FOLDED_SECRET_KEYS or name in {_fold(extra) for extra in keys}


ECHO_MASK = "***"
"""What a secret the server echoed back is replaced with."""

# Shorter values are left alone: replacing two letters everywhere in a message would
# garble it, and a credential that short is no secret anyway.
_MIN_SECRET_LENGTH = 4


def mask_values(value: Any, secrets: Iterable[str]) -> Any:
    """``value`` (text, or JSON of lists and objects) with every occurrence of each
    secret replaced by :data:`ECHO_MASK`, in keys as in values.

    For what a server echoes back: an error description that quotes the password or
    the code that was sent must not carry it into an exception. A secret is found as
    sent and as a server may have re-encoded it (:func:`echo_spellings`).

    Args:
        value: Text, parsed JSON, or anything else (returned as is).
        secrets: The values to mask (empty ones are ignored).

    Returns:
        The masked copy (``value`` itself when there is nothing to mask), or ``None``
        for JSON nested too deeply to walk: it cannot be checked, so it is not kept.
    """
    forms = echo_spellings(secrets)
    if not forms:
        return value

    def mask(text: str) -> str:
        for form in forms:
            text = text.replace(form, ECHO_MASK)
        return text

    return map_strings(value, mask)


def map_strings(value: Any, change: Callable[[str], str]) -> Any:
    """``value`` (text, or JSON of lists and objects) with ``change`` applied to every
    string in it, an object's keys included.

    Two keys that ``change`` makes equal both stay: the later ones get `` (2)``,
    `` (3)``... appended, so no value is lost.

    Returns:
        The changed copy, or ``None`` for JSON nested too deeply to walk; it cannot be
        checked, so it is not kept.
    """
    try:
        return _map_strings(value, change)
    except RecursionError:
        return None


def _map_strings(value: Any, change: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return change(value)
    if isinstance(value, Mapping):
        result: dict[Any, Any] = {}
        for key, item in value.items():
            new_key = change(key) if isinstance(key, str) else key
            if new_key in result:
                new_key = _free_key(result, new_key)
            result[new_key] = _map_strings(item, change)
        return result
    if isinstance(value, list):
        return [_map_strings(item, change) for item in value]
    return value


def _free_key(taken: Mapping[Any, Any], key: str) -> str:
    number = 2
    while f"{key} ({number})" in taken:
        number += 1
    return f"{key} ({number})"


def request_secrets(request: httpx.Request, keys: Collection[str] = ()) -> list[str]:
    """The credential values a request's JSON or form body, its query and its
    ``Authorization`` header carried.

    Args:
        request: The request sent.
        keys: Field names whose values are secret for this service besides
            :data:`SECRET_KEYS` (Beat Technology's ``code``), compared case-insensitively.

    Returns:
        The values of those fields, at any depth of a JSON body, then the values of
        the query parameters in :data:`SECRET_PARAMS`, then the headers' credentials
        (Beat Technology's partner secret; a bearer token; the secret of HTTP Basic,
        decoded and as sent), then the values :func:`mark_secret_values` marked,
        each of at least four characters.
    """
    query = [
        value
        for name, value in request.url.params.multi_items()
        if _fold(name) in _FOLDED_SECRET_PARAMS
    ]
    marked = request.extensions.get(SECRET_VALUES, ())
    return [
        value
        for value in [*_body_secrets(request, keys), *query, *_header_secrets(request), *marked]
        if len(value) >= _MIN_SECRET_LENGTH
    ]


_VALUE_SECRET_HEADERS = SECRET_HEADERS - {
    "authorization",  # a scheme and credentials: read below
    "proxy-authorization",  # for the proxy, never echoed by the API
    "cookie",  # name=value pairs, not one secret
    "set-cookie",  # response headers
    "set-cookie2",
}
"""Request headers whose whole value is a secret (Beat Technology's partner secret)."""


def _header_secrets(request: httpx.Request) -> list[str]:
    return header_secrets(request.headers)


def echo_secrets(request: httpx.Request, keys: Collection[str] = ()) -> list[str]:
    """:func:`request_secrets`, then the credentials of an HTTP Basic ``Authorization``
    header as sent (the base64 of ``user:password``): a server quoting the header it
    got (``bad basic header Y2lk...``) gives away the secret, which it decodes to."""
    scheme, _, credentials = request.headers.get("authorization", "").strip().partition(" ")
    credentials = credentials.strip()
    found = request_secrets(request, keys)
    if scheme.lower() == "basic" and len(credentials) >= _MIN_SECRET_LENGTH:
        found.append(credentials)
    return list(dict.fromkeys(found))


def header_secrets(headers: httpx.Headers) -> list[str]:
    """The credentials request ``headers`` carry: Beat Technology's partner secret, a
    bearer token, the secret of HTTP Basic (decoded and as sent); each of at least
    four characters.

    Args:
        headers: The headers a request sent.

    Returns:
        The values, in the order above.
    """
    plain = [
        value.strip()
        for name, value in headers.multi_items()
        if name.lower() in _VALUE_SECRET_HEADERS and value.strip()
    ]
    found = [*plain, *_authorization_secrets(headers)]
    return [value for value in found if len(value) >= _MIN_SECRET_LENGTH]


def _authorization_secrets(headers: httpx.Headers) -> list[str]:
    scheme, _, credentials = headers.get("authorization", "").strip().partition(" ")
    credentials = credentials.strip()
    if not credentials:
        return []
    if scheme.lower() != "basic":
        return [credentials]
    try:
        pair = base64.b64decode(credentials, validate=True).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return []
    # RFC 6749 section 2.3.1 form-encodes each half before joining them: a server may
    # quote the secret as it was given or as it was sent.
    secret = pair.partition(":")[2]
    return list(dict.fromkeys([unquote_plus(secret), secret]))


def _body_secrets(request: httpx.Request, keys: Collection[str]) -> list[str]:
    names = SECRET_KEYS | {key.lower() for key in keys}
    try:
        content = request.content
    except httpx.RequestNotRead:
        # A token request's body, sent once and kept on its stream (auth.flows), or a
        # streamed upload: no credentials in that.
        kept = getattr(request.stream, "body", None)
        if not isinstance(kept, bytes):
            return []
        content = kept
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    found: list[str] = []
    if kind == "application/x-www-form-urlencoded":
        pairs = parse_qsl(content.decode("utf-8", "replace"), keep_blank_values=True)
        found = [value for key, value in pairs if key.lower() in names]
    elif kind.endswith("json"):
        try:
            found = field_values(json.loads(content), names)
        except ValueError:
            return []
        except RecursionError:
            # Python 3.11: json reads no deeper than the recursion limit, which the stack
            # of an error being made may leave short of a body json wrote: its text is read.
            found = text_field_values(content.decode("utf-8", "replace"), names)
    return found


def mask_error(
    error: APIError,
    secrets: Iterable[str],
    mask: Callable[[Any, list[str]], Any] = mask_values,
) -> APIError:
    """Mask ``secrets`` wherever ``error`` repeats them (message, code, request id,
    details, body, field errors), in place, with ``mask`` (:func:`mask_values`: whole
    echoes); returns ``error``."""
    found = list(secrets)
    if not found:
        return error
    error.message = mask(error.message, found)
    error.args = (error.message, *error.args[1:])
    # A server may echo the request in its error code too (it shows in str()).
    error.code = mask(error.code, found)
    # A gateway may copy a request header into its request id; str() shows the id.
    error.request_id = mask(error.request_id, found)
    error.details = mask(error.details, found)
    error.body = mask(error.body, found)
    error.field_errors = mask(error.field_errors, found)
    return error


def redact_error(error: APIError) -> APIError:
    """Redact, in place, the text ``error`` shows besides its body: the message (and
    ``args``), the code, the details and the field errors, each string through
    :func:`redact_text`; returns ``error``.

    They are read from the body, which is redacted (:func:`redact_body`), and they go
    into ``str(error)`` and every log line: a message that quotes a signed URL or a
    ``token=...`` must be masked as the body is, even when what it quotes is no value
    the request sent (which :func:`mask_echoed` masks). Strings only: a field error
    named ``password`` keeps its message, which is no credential.
    """
    error.message = redact_text(error.message)
    error.args = (error.message, *error.args[1:])
    if error.code is not None:
        error.code = redact_text(error.code)
    error.details = map_strings(error.details, redact_text)
    error.field_errors = map_strings(error.field_errors, redact_text) or {}
    return error


def mask_echoed(error: APIError, response: httpx.Response, keys: Collection[str] = ()) -> APIError:
    """Mask in ``error`` the credentials the request that ``response`` answers sent
    (:func:`sent_secrets` with ``keys``), wherever a server quoted them back.

    Returns:
        ``error``, masked in place (unchanged for a response made by hand, without
        the request it answers).
    """
    return mask_error(error, sent_secrets(response, keys))


def sent_secrets(response: httpx.Response, keys: Collection[str] = ()) -> list[str]:
    """:func:`request_secrets` of the request ``response`` answers (with ``keys``), and
    the credentials of its HTTP Basic ``Authorization`` header as sent (base64), or
    none for a response made by hand, without the request it answers."""
    try:
        request = response.request
    except RuntimeError:
        return []
    return echo_secrets(request, keys)


def name_request(error: APIError, response: httpx.Response, keys: Collection[str] = ()) -> APIError:
    """Set ``error``'s ``method`` and ``url`` to the request ``response`` answers, the
    URL redacted (:func:`redact_url`) and the values that request sent under ``keys``
    masked, as everywhere else in the error; unchanged for a response made by hand.

    Returns:
        ``error``, in place.
    """
    try:
        request = response.request
    except RuntimeError:
        return error
    error.method = request.method
    error.url = mask_values(redact_url(request.url), echo_secrets(request, keys))
    return error


MAX_MESSAGE = 1000
"""The longest error message an API's answer may give an exception, in characters."""


_E = TypeVar("_E", bound=APIError)


def shorten_message(error: _E) -> _E:
    """Cut ``error``'s message, taken from a server's answer, to :data:`MAX_MESSAGE`.

    It goes into ``str(error)``, every log line and every traceback; the body keeps it
    whole. Called after masking, so that no cut leaves part of a secret unmasked.

    Returns:
        ``error``, shortened in place.
    """
    if len(error.message) > MAX_MESSAGE:
        error.message = error.message[:MAX_MESSAGE] + "..."
        error.args = (error.message, *error.args[1:])
    return error
