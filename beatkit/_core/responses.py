"""Reading answers, shared by sync and async: JSON bodies, the mapping of error and
redirect responses to exceptions, and decoding results into models (with the
:class:`~beatkit.errors.ResponseDecodeError` for what does not decode)."""

from __future__ import annotations

import codecs
import html
import json
import math
import re
from collections.abc import Callable, Collection, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

import cattrs
import httpx

from beatkit._core.converter import describe_failure
from beatkit._core.http import PLAIN_CONVERTER, ErrorInfo, ServiceSpec
from beatkit._core.json_values import FloatText
from beatkit._core.operation import (
    Operation,
    unwrap_body,
)
from beatkit._core.redact import (
    REDACTED,
    mask_chain,
    mask_echoed,
    mask_values,
    name_request,
    redact_body,
    redact_error,
    redact_url,
    sent_secrets,
    shorten_message,
)
from beatkit._core.retry import retry_after_of
from beatkit.errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    RangeNotSatisfiableError,
    RateLimitError,
    RedirectError,
    ResponseDecodeError,
    ServerError,
    UnprocessableEntityError,
)

__all__ = [
    "answer_raised_by_hook",
    "answer_with_body",
    "decode_error",
    "decode_result",
    "decode_value",
    "decoder",
    "error_from_response",
    "is_html_type",
    "is_json_type",
    "json_instead_of_file",
    "page_instead_of_file",
    "load_json",
    "read_body",
    "redirect_location",
    "request_id",
    "text_body_error",
    "undecodable_body",
]

T = TypeVar("T")

_STATUS_ERRORS: dict[int, type[APIError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    416: RangeNotSatisfiableError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


# Python's json reads NaN, Infinity and -Infinity, which JSON lacks, and a number too
# large for a float (1e400, 400 digits) as inf: none of them is a value an API sent.
# Checking every float costs nothing measurable on the recorded bodies and about a
# quarter of the parse on a body of nothing but floats; a pre-scan for large
# exponents cost more than that on every body (and hashes in strings match it).
#
# A number with more digits than a float holds (12345678901234567.89) becomes a
# FloatText: the nearest float, carrying the text, which a Decimal field reads
# exactly. Every other number stays a plain float, so raw JSON (an ``Any`` result, an
# error's body) is what it always was. Not parse_float=Decimal: that would put
# Decimals into raw JSON, where json.dumps and float arithmetic refuse them.


def _refuse_constant(token: str) -> Any:
    raise ValueError(f"{token} is not a JSON number")


def _json_float(text: str) -> float:
    number = float(text)
    if len(text) < 17 and "e" not in text and "E" not in text:
        # At most 15 significant digits and no exponent: a float holds the number
        # exactly enough that its shortest repr is the same number (DBL_DIG), and
        # it is finite. The fast path of nearly every number an API sends.
        return number
    if math.isinf(number):
        raise ValueError(f"the number {text[:40]} does not fit a float")
    # The shortest repr is what structure_decimal reads a float by: when it is the
    # number sent (49.990, 1.5e2, 0.30000000000000004), the float says it all.
    if repr(number) == text:
        return number
    try:
        if Decimal(repr(number)) == Decimal(text):
            return number
    except InvalidOperation:  # an exponent past a Decimal's too (1e-9999999999999999999)
        raise ValueError(f"the number {text[:40]} does not fit a float or a Decimal") from None
    return FloatText(text)


# Built once: ``json.loads`` with a hook builds a decoder at every call (2.7 times
# slower on a 13 KB body).
_DECODER = json.JSONDecoder(parse_constant=_refuse_constant, parse_float=_json_float)


def load_json(content: bytes) -> Any:
    """Parse JSON as JSON defines it: no ``NaN`` or infinities, read or overflowed.

    A number with a fraction or an exponent is a ``float``; one with more digits
    than a float holds (``12345678901234567.89``) is a
    :class:`~beatkit._core.json_values.FloatText`: that float too, which also keeps
    the text, so that a ``Decimal`` field reads the exact number sent.

    Args:
        content: The JSON text, encoded (UTF-8, -16 or -32, as ``json.loads`` reads).

    Returns:
        The parsed value.

    Raises:
        ValueError: ``content`` is not JSON (``UnicodeDecodeError`` and
            ``json.JSONDecodeError`` included), or holds a non-finite number (or one no
            ``Decimal`` holds either).
        RecursionError: It nests deeper than the parser goes (``[[[[...``).
    """
    text = content.decode(json.detect_encoding(content), "surrogatepass")
    return _DECODER.decode(text)


def _utf8_behind_utf16_mark(content: bytes) -> bool:
    """Whether ``content`` is UTF-8 text behind a UTF-16 byte-order mark.

    The mark makes the parser read the whole body as UTF-16, whose error ("'utf-16-le'
    codec can't decode...", or a parse error at the first character) names neither.
    UTF-16 text of JSON holds NUL bytes (every ASCII character has one); UTF-8 text of
    JSON never does.
    """
    if not content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    rest = content[len(codecs.BOM_UTF16_LE) :]
    try:
        rest.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return b"\0" not in rest


def _why_not_json(content: bytes) -> str | None:
    """Why :func:`load_json` refuses ``content`` (parsed again: errors only), or ``None``
    when it parses: the text :func:`read_body` gave was then a JSON string."""
    try:
        load_json(content)
    except RecursionError:
        return "nested too deeply"
    except ValueError as exc:  # the parser's message, positions only: no body text
        if _utf8_behind_utf16_mark(content):
            return "a UTF-16 byte-order mark in front of UTF-8 text"
        return str(exc)
    return None


def answer_with_body(response: httpx.Response, content: bytes | None) -> httpx.Response:
    """``response`` with ``content`` as its body: for an answer whose body was read
    apart (up to a cap) rather than whole, to build its error from.

    ``content`` is already decoded, so the copy drops ``Content-Encoding`` (its body
    would otherwise be decoded a second time), and its ``Content-Length`` is that of
    ``content`` (no ``Transfer-Encoding``): the original's described the whole body, not
    the capped or empty one kept. The other headers, the status and the request it
    answers are kept.

    Args:
        response: The answer, its body read apart.
        content: What was read of the body, or ``None`` when it was too long to keep.

    Returns:
        A new response, body read.
    """
    body = content or b""
    headers = httpx.Headers(response.headers)
    for name in ("Content-Encoding", "Content-Length", "Transfer-Encoding"):
        headers.pop(name, None)
    headers["Content-Length"] = str(len(body))
    return httpx.Response(
        response.status_code,
        headers=headers,
        content=body,
        request=response.request,
        # The status line's words and version; not the connection it came on.
        extensions={
            name: value
            for name, value in response.extensions.items()
            if name in ("http_version", "reason_phrase")
        },
    )


def answer_raised_by_hook(
    request: httpx.Request, exc: httpx.HTTPStatusError, spec: ServiceSpec
) -> httpx.Response:
    """The answer to ``request`` that a response hook of the caller's ``http_client``
    raised for (httpx's recipe, ``event_hooks={"response": [raise_for_status]}``), read
    as if ``send()`` had returned it: the same beatkit error, the same retries.

    httpx closes the answer when a hook raises: a body it had not read yet (from a
    socket; a test double's is read at once) is lost, and the copy returned has none.

    Raises:
        beatkit.errors.APIError: The hook raised for the answer to another request
            than ``request``, one its auth flow sent to sign it (a token request): its
            body may quote the credentials that request sent, so it is not read, and
            the error has the status alone (as a token endpoint's:
            :class:`~beatkit.errors.ServerError` for 5xx,
            :class:`~beatkit.errors.RateLimitError` for 429, else
            :class:`~beatkit.errors.AuthenticationError`).
    """
    answer = exc.response
    if answer.request is not request:
        status = answer.status_code
        # No "{name}: " prefix: APIError's str() starts with the service.
        message = (
            f"{answer.request.method} {redact_url(answer.request.url)}, sent to "
            f"sign the call, answered HTTP {status} {answer.reason_phrase}; a response hook "
            "of the http_client raised for it, so its body was not read"
        )
        retry_after = retry_after_of(answer.headers)
        failure: APIError
        if status >= 500:
            failure = ServerError(
                message, status_code=status, service=spec.name, retry_after=retry_after
            )
        elif status == 429:
            failure = RateLimitError(
                message, status_code=status, service=spec.name, retry_after=retry_after
            )
        else:
            failure = AuthenticationError(message, status_code=status, service=spec.name)
        raise name_request(failure, answer) from None
    try:
        content = answer.content
    except httpx.ResponseNotRead:
        content = b""
    return answer_with_body(answer, content)


def read_body(response: httpx.Response) -> Any:
    """The parsed JSON body, the text when it is not JSON, ``None`` when empty.

    A body nested deeper than the parser's recursion limit (``[[[[...``), or holding
    a number JSON lacks (``NaN``, ``Infinity``, ``1e400``, or an exponent past a
    ``Decimal``'s), is not JSON this library can read: it comes back as text too,
    which a typed result refuses.
    """
    content = response.content
    if not content:
        return None
    try:
        return load_json(content)
    except (ValueError, RecursionError):  # ValueError covers UnicodeDecodeError
        return response.text


def request_id(response: httpx.Response, spec: ServiceSpec) -> str | None:
    """The server's request id header, if it sent one."""
    for name in spec.request_id_headers:
        value: str | None = response.headers.get(name)
        if value:
            return value
    return None


# An S3-style XML error (Amazon S3, CloudFront, GCS, R2...: the hosts signed media URLs
# point to): <Error><Code>AccessDenied</Code><Message>Request has expired</Message>.
# Read with bounded patterns, never an XML parser (no entities, no DTDs).
_XML_ERROR = re.compile(r"<Error>(.{0,20000}?)</Error>", re.DOTALL)
_XML_FIELD = {
    name: re.compile(rf"<{name}>([^<]{{1,1000}})</{name}>") for name in ("Code", "Message")
}


def _xml_error(body: str, reason: str) -> ErrorInfo | None:
    """What an S3-style ``<Error>`` document says: its ``Message`` and ``Code``."""
    found = _XML_ERROR.search(body[:20000])
    if found is None:
        return None
    said = {}
    for name, pattern in _XML_FIELD.items():
        field = pattern.search(found.group(1))
        if field is not None and (value := html.unescape(field.group(1)).strip()):
            said[name] = value[:200]
    if not said:
        return None
    message = said.get("Message")
    return ErrorInfo(message=message or reason, stated=message is not None, code=said.get("Code"))


def _generic_error(body: Any, reason: str) -> ErrorInfo:
    """Best effort for bodies a service parser did not recognise."""
    if isinstance(body, str) and (xml := _xml_error(body, reason)) is not None:
        return xml
    if isinstance(body, Mapping):
        for key in ("message", "error_description", "detail", "error"):
            value = body.get(key)
            if isinstance(value, str) and value:
                code = body.get("code") or (body.get("error") if key != "error" else value)
                return ErrorInfo(message=value, code=code if isinstance(code, str) else None)
        code = body.get("code")
        if isinstance(code, str) and code:
            # A code alone is still what the API said; the status line gives the words.
            return ErrorInfo(message=reason, code=code)
    if isinstance(body, str) and body.strip() and not body.lstrip().startswith("<"):
        return ErrorInfo(message=body.strip()[:200])
    return ErrorInfo(message=reason)


def _redacted(body: Any, keys: Collection[str] = ()) -> Any:
    """:func:`redact_body`, or ``None`` for a body too deeply nested to walk.

    Such a body cannot be checked for credentials, so it is not kept at all.
    """
    try:
        return redact_body(body, keys)
    except RecursionError:
        return None


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*(?=:)")


def redirect_location(response: httpx.Response) -> str | None:
    """The absolute, redacted target of a redirect, if it names one.

    One that is no http(s) URL (``data:,...``, ``mailto:...``: a payload or an address,
    no place to go) is named by its scheme alone; one httpx cannot read (a port that is
    no number, maybe a password) is redacted as written.

    Args:
        response: A 3xx answer.

    Returns:
        The target to show, or ``None`` without a ``Location``.
    """
    location = response.headers.get("location")
    if not location:
        return None
    try:
        base = response.url
    except RuntimeError:  # a response made by hand: no request to resolve against
        base = None
    try:
        target = None if base is None else base.join(location)
    except httpx.InvalidURL:  # no URL httpx can make of it (a port that is no number)
        target = None
    if target is None:
        scheme = _SCHEME.match(location)
        if scheme is not None and scheme[0].lower() not in {"http", "https"}:
            return f"{scheme[0].lower()[:40]}:{REDACTED}"
        if location.startswith("//") and base is not None:  # scheme-relative
            location = f"{base.scheme}:{location}"
        # Redacted as written: a "//host:password/x" (a port that is no number) names a
        # host and a port as much as an absolute one does.
        return redact_url(location)
    if target.scheme not in {"http", "https"}:
        return f"{target.scheme[:40]}:{REDACTED}"
    return redact_url(target)


def error_from_response(response: httpx.Response, spec: ServiceSpec) -> APIError:
    """Map an error (4xx, 5xx) or redirect (3xx) response to its exception (not raised).

    A 2xx response whose body states a failure (``ServiceSpec.failed_answer``) is mapped
    the same way, to a plain :class:`~beatkit.errors.APIError` unless the service's
    parser names a class.
    """
    status = response.status_code
    body = read_body(response)
    # The service's own credentials (a BeatPass login's plainTextToken, a Beat Technology
    # coupon) and personal fields are redacted in every body an error keeps, as in an
    # undecodable answer's (decode_error), besides the global secret keys.
    hidden = (*spec.secret_fields, *spec.personal_fields)
    if 300 <= status < 400:
        # A redirect may quote the request too (a login page's "next" URL, an echo).
        sent = sent_secrets(response, spec.secret_fields)
        location = mask_values(redirect_location(response), sent)
        target = f" to {location}" if location else " without a Location"
        redirect = RedirectError(
            f"the API answered with a redirect{target}; API calls do not follow redirects",
            status_code=status,
            service=spec.name,
            request_id=mask_values(request_id(response, spec), sent),
            body=mask_values(_redacted(body, hidden), sent),
            location=location,
        )
        # A Location may run to tens of thousands of characters: `location` keeps it,
        # the message (every log line and traceback) is cut as any APIError's is.
        return name_request(shorten_message(redirect), response, spec.secret_fields)
    reason = response.reason_phrase or f"HTTP {status}"
    if status < 300:
        # A body that states a failure under a success status (ServiceSpec.failed_answer):
        # "OK" would be no message for it.
        reason = f"the API answered {status} {reason} with an error in its body"
    # The service's secret and personal fields (a token it issued, a user's e-mail
    # address) are masked as credentials are in the body kept; its personal fields in
    # what is read from it too (the details). Its secret fields are not masked there:
    # the parser reads a field error named after one (a 422's ``errors.password``) as
    # the message it is, which redact_error keeps.
    shown = _redacted(body, hidden)
    read = _redacted(body, spec.personal_fields) if spec.personal_fields else body
    if (
        isinstance(read, str)
        and is_json_type(response.headers.get("content-type"))
        and _why_not_json(response.content) is not None
    ):
        # Labelled JSON, but a document that does not parse (cut short, NaN, nested
        # too deeply): its text is no message for a person; `body` keeps it.
        read = None
    info = spec.read_error(status, read) or _generic_error(read, reason)
    cls = (
        info.error_class
        or _STATUS_ERRORS.get(status)
        or (ServerError if status >= 500 else APIError)
    )
    kwargs: dict[str, Any] = dict(info.kwargs)
    if issubclass(cls, RangeNotSatisfiableError):
        kwargs["content_range"] = response.headers.get("content-range")
    if issubclass(cls, RateLimitError | ServerError):
        header_wait = retry_after_of(response.headers)
        if header_wait is not None:
            # The header is the transport-level truth; a body value is only a fallback.
            kwargs["retry_after"] = header_wait
    said = [
        f"{name}: {response.headers[name]}"
        for name in spec.error_headers
        if name in response.headers
    ]
    # A parser's stand-in for a message the body did not give ("HTTP 404") is no
    # message, nor is a blank one: the reason phrase says it in the words the docs promise.
    stated = info.message if info.stated and info.message.strip() else reason
    message = f"{stated} ({'; '.join(said)})" if said else stated
    error = cls(
        message,
        status_code=status,
        service=spec.name,
        code=info.code,
        request_id=request_id(response, spec),
        body=shown,
        # Read from the body, shown as the body is: a credential's JSON pair masked.
        details=_redacted(info.details, hidden),
        **kwargs,
    )
    # A server that quotes the request in its error must not put the password or the
    # code that was sent into the exception; nor a megabyte into every log line.
    # The message, code and details come from the body: redacted by the body's rules.
    error = shorten_message(redact_error(mask_echoed(error, response, spec.secret_fields)))
    return name_request(error, response, spec.secret_fields)


def undecodable_body(
    request: httpx.Request,
    response: httpx.Response | None,
    spec: ServiceSpec,
    exc: httpx.DecodingError,
) -> ResponseDecodeError:
    """The error for a body its ``Content-Encoding`` does not decode (not raised).

    The server answered, so this is not a connection failure; the answer is
    unreadable, so it is a :class:`~beatkit.errors.ResponseDecodeError`, whatever
    the status. It is not retried: a server that mislabels its encoding keeps doing so.

    Args:
        request: The request sent.
        response: The answer whose body failed to decode; ``None`` when the
            ``http_client``'s transport decoded it before handing the answer over
            (``httpx.MockTransport`` and pytest-httpx read a body given as bytes at
            once), and failed: its status is then not known (``status_code`` 0).
        spec: The service.
        exc: httpx's error.

    Returns:
        The exception, with ``body`` ``None``.
    """
    encoding = "" if response is None else f" ({response.headers.get('content-encoding', 'none')})"
    return ResponseDecodeError(
        f"{spec.name}: {request.method} {redact_url(request.url)}: the body does not decode "
        f"as its Content-Encoding{encoding} says: {exc}",
        service=spec.name,
        status_code=0 if response is None else response.status_code,
        body=None,
    )


def decoder(op: Operation[Any], converter: cattrs.Converter) -> Callable[[Any], Any]:
    """The function that turns ``op``'s body (or, for a paged operation, one item) into
    its result with the client's converter."""
    result, unwrap = op.result, op.unwrap
    if result is Any:
        return lambda body: unwrap_body(body, unwrap)
    structure = converter.get_structure_hook(result)
    if unwrap is None:
        return lambda body: structure(body, result)
    return lambda body: structure(unwrap_body(body, unwrap), result)


def decode_result(
    op: Operation[T],
    response: httpx.Response,
    body: Any,
    spec: ServiceSpec,
    converter: cattrs.Converter | None = None,
) -> T:
    """Decode a successful body into ``op.result`` with the client's converter (or a
    plain one).

    Raises:
        ResponseDecodeError: The body is not JSON, or not of the promised shape.
    """
    if not op.expect_body:
        if isinstance(body, str) and _is_html_page(response, body):
            # A captive portal or a proxy answers any request with a 200 page: taken
            # for the API's success, a write would be reported done that never was.
            raise decode_error(
                op,
                response,
                spec,
                "expected the API's answer, got an HTML page (a captive portal's or a proxy's?)",
                body,
            )
        return None  # type: ignore[return-value]  # result is None: T is None
    if body is None and op.if_empty is not None:
        body = op.if_empty
    if body is None:
        # An empty body, or a JSON ``null``: both read as None.
        got = "JSON null" if response.content.strip() else "an empty response"
        raise decode_error(op, response, spec, f"expected a JSON body, got {got}", body)
    if isinstance(body, str):
        raise text_body_error(op, response, spec, body)
    decoded: T = decode_value(
        decoder(op, converter or PLAIN_CONVERTER), body, op=op, response=response, spec=spec
    )
    return decoded


def _is_html_page(response: httpx.Response, text: str) -> bool:
    """Whether a successful answer's text is a web page: labelled HTML, or unlabelled
    and starting as one does."""
    content_type = response.headers.get("content-type")
    if is_html_type(content_type):
        return True
    start = text.lstrip()[:15].lower()
    return not content_type and start.startswith(("<!doctype html", "<html"))


def text_body_error(
    op: Operation[Any], response: httpx.Response, spec: ServiceSpec, body: str
) -> ResponseDecodeError:
    """The error for a successful answer that is text, not a JSON object or array (not
    raised): what :func:`read_body` gave for a body that is not JSON, or a JSON string.

    The message says which: another content type, JSON that does not parse (and why),
    or a JSON string.

    Args:
        op: The operation answered.
        response: The answer.
        spec: The service.
        body: The body as :func:`read_body` read it.

    Returns:
        The :class:`~beatkit.errors.ResponseDecodeError`.
    """
    # A blank header says no more than none: "got " would name nothing.
    content_type = response.headers.get("content-type", "").strip() or None
    # Parsed again only when announced as JSON or not announced at all: the parser's
    # words on an HTML page or a text/plain answer would only hide what it is.
    why = (
        _why_not_json(response.content)
        if content_type is None or "json" in content_type.lower()
        else ""
    )
    if why is None:
        detail = "expected a JSON object or array, got a JSON string"
    elif content_type is None:
        # No Content-Type is no fault by itself (a JSON body without one is read).
        detail = f"expected JSON, got a body that is not JSON and no Content-Type ({why})"
    elif why:
        # Announced as JSON, yet it did not parse (or nests too deeply to parse).
        detail = f"expected JSON, got {content_type} that does not parse as JSON ({why})"
    else:
        detail = f"expected JSON, got {content_type}"
    return decode_error(op, response, spec, detail, body)


def is_json_type(content_type: str | None) -> bool:
    """Whether a ``Content-Type`` names a JSON document (``application/json``,
    ``text/json``, or any ``+json`` type such as ``application/problem+json``)."""
    if not content_type:
        return False
    media = content_type.split(";", 1)[0].strip().lower()
    return media in ("application/json", "text/json") or media.endswith("+json")


def is_html_type(content_type: str | None) -> bool:
    """Whether a ``Content-Type`` names an HTML page (``text/html`` or
    ``application/xhtml+xml``)."""
    if not content_type:
        return False
    media = content_type.split(";", 1)[0].strip().lower()
    return media in ("text/html", "application/xhtml+xml")


def page_instead_of_file(
    op: Operation[Any], response: httpx.Response, spec: ServiceSpec, content: bytes | None
) -> ResponseDecodeError:
    """The error for a file download answered 2xx with an HTML page (not raised).

    No media or PDF file is HTML: such a body is a proxy's, a captive portal's or a
    CDN's error or login page said with a 2xx status, and saving it would leave a
    "file" that plays as nothing. The page is kept as text in ``body`` (redacted, as
    in :func:`decode_error`), or ``None`` when it was too long to keep.

    Args:
        op: The download operation.
        response: The 2xx answer (its body is not read here).
        spec: The service.
        content: The body, or ``None`` when it was too long to keep.

    Returns:
        The :class:`~beatkit.errors.ResponseDecodeError`.
    """
    body = None if content is None else content.decode("utf-8", "replace")
    content_type = response.headers.get("content-type", "")
    detail = f"expected the file, got an HTML page ({content_type})"
    return decode_error(op, response, spec, detail, body)


def json_instead_of_file(
    op: Operation[Any], response: httpx.Response, spec: ServiceSpec, content: bytes | None
) -> ResponseDecodeError:
    """The error for a file download answered 2xx with a JSON document (not raised).

    A media or PDF file is never JSON: such a body is the server's (or a CDN's)
    error said with the wrong status, and saving it would leave a "file" that
    plays as nothing. The message quotes the server's own message when the body
    has one (``detail``, ``message``, ``error``...); the body is kept, redacted,
    as in :func:`decode_error`.

    Args:
        op: The download operation.
        response: The 2xx answer (its body is not read here).
        spec: The service.
        content: The body, or ``None`` when it was too long to keep.

    Returns:
        The :class:`~beatkit.errors.ResponseDecodeError`.
    """
    body: Any = None
    if content:
        try:
            body = load_json(content)
        except (ValueError, RecursionError):
            body = content.decode("utf-8", "replace")
    content_type = response.headers.get("content-type", "")
    detail = f"expected the file, got a JSON document ({content_type})"
    said = _generic_error(body, "").message
    if said:
        # The server's words, as an error answer's message; not a megabyte of them.
        detail = f"{detail}: {said[:200]}"
    return decode_error(op, response, spec, detail, body)


def decode_value(
    decode: Callable[[Any], T],
    value: Any,
    *,
    op: Operation[Any],
    response: httpx.Response,
    spec: ServiceSpec,
) -> T:
    """Run a decoder, turning any failure into :class:`~beatkit.errors.ResponseDecodeError`.

    The message names the model, the field path and what was wrong when the
    failure came from the converter (``Track.title: expected str, got null``).
    """
    try:
        return decode(value)
    except ResponseDecodeError:
        raise
    except RecursionError:
        # Raised from deep inside the decoder; its traceback would be thousands of frames.
        detail = "the response is nested too deeply to decode"
        raise decode_error(op, response, spec, detail, value) from None
    except Exception as exc:
        where = describe_failure(exc)
        if where is None:
            detail = (
                f"the response does not have the documented shape ({type(exc).__name__}: {exc})"
            )
        else:
            detail = where
        # Chained, so printed by every traceback: masked as the error raised is.
        mask_chain(exc, sent_secrets(response, spec.secret_fields))
        raise decode_error(op, response, spec, detail, value) from exc


def decode_error(
    op: Operation[Any], response: httpx.Response, spec: ServiceSpec, detail: str, body: Any
) -> ResponseDecodeError:
    """The :class:`~beatkit.errors.ResponseDecodeError` for ``op``'s response (not raised).

    Its body is redacted, the service's own secret fields too (a body that could not
    be decoded may still hold a credential the server issued, such as a password
    reset ``code``), and the credentials the request sent are masked where the
    server quoted them, as in an error answer.
    """
    secrets = sent_secrets(response, spec.secret_fields)
    # The detail names the failing field's path, which may run through an object's
    # key: a server keying its answer by what was sent must not put it in the message.
    return ResponseDecodeError(
        mask_values(f"{spec.name}: {op.name}: {detail}", secrets),
        service=spec.name,
        status_code=response.status_code,
        body=mask_values(_redacted(body, (*spec.secret_fields, *spec.personal_fields)), secrets),
    )
