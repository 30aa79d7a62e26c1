"""Pure request building, response parsing and error mapping, shared by sync and async."""

from __future__ import annotations

import ipaddress
import json
from collections.abc import Callable, Mapping
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
from attrs import field, frozen

from beatkit._core.operation import Operation, QueryValue, RequestOptions
from beatkit._core.redact import REDACTED, redact_body, redact_url
from beatkit._core.retry import parse_retry_after
from beatkit.errors import (
    APIError,
    AuthenticationError,
    BadRequestError,
    ConfigurationError,
    ConflictError,
    NotFoundError,
    PermissionDeniedError,
    RangeNotSatisfiableError,
    RateLimitError,
    ResponseDecodeError,
    ServerError,
    UnprocessableEntityError,
)

__all__ = [
    "REDACTED",
    "ErrorInfo",
    "ServiceSpec",
    "build_request",
    "check_base_url",
    "decode_error",
    "decode_result",
    "error_from_response",
    "is_loopback",
    "read_body",
    "redact_body",
    "redact_url",
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


@frozen(kw_only=True)
class ErrorInfo:
    """What a service's error body says, in the core's terms."""

    message: str
    """The human-readable message."""
    code: str | None = None
    """The API's own error code."""
    details: Any = None
    """Extra detail the API gave."""
    error_class: type[APIError] | None = None
    """A service-specific exception class to raise instead of the status default."""
    kwargs: Mapping[str, Any] = field(factory=dict)
    """Extra keyword arguments for that class (``field_errors``, ``contact_url``...)."""


ErrorParser = Callable[[int, Any], ErrorInfo | None]
"""Reads an error body (parsed JSON, or text when it was not JSON) for a status."""


def _no_parser(status: int, body: Any) -> ErrorInfo | None:
    return None


@frozen(kw_only=True)
class ServiceSpec:
    """What a service plugs into the shared transport."""

    name: str
    """Short service name used in errors and logs (``"beatconnect"``)."""
    parse_error: ErrorParser = _no_parser
    """Reads the service's error envelope."""
    request_id_headers: tuple[str, ...] = ("x-request-id", "request-id", "x-correlation-id")
    """Response headers that carry the server's request id, first match wins."""
    rate_limit_window: float | None = None
    """The service's rate-limit window in seconds, assumed when its ``X-RateLimit-*``
    headers give no reset time."""


def is_loopback(host: str) -> bool:
    """Whether ``host`` names this machine (``localhost``, 127.0.0.0/8, ``::1``)."""
    if host.lower() in {"localhost", "localhost."}:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def check_base_url(url: str | httpx.URL, *, allow_http: bool = False) -> httpx.URL:
    """Validate a base URL: ``https``, or ``http`` to loopback or with explicit opt-in.

    Raises:
        ConfigurationError: The URL is not absolute, not http(s), or plain http
            to a remote host without ``allow_http``.
    """
    parsed = httpx.URL(str(url))
    if parsed.scheme not in {"http", "https"} or not parsed.host:
        raise ConfigurationError(f"base_url must be an absolute http(s) URL, got {str(url)!r}")
    if parsed.scheme == "http" and not is_loopback(parsed.host) and not allow_http:
        raise ConfigurationError(
            f"refusing plain http to {parsed.host}: credentials would travel unencrypted. "
            "Use https, or pass allow_http=True if you really mean it."
        )
    return parsed.copy_with(path=parsed.path.rstrip("/"))


def _query_value(value: QueryValue) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    return ",".join(str(v) for v in value)


def _segment(value: str) -> str:
    """Percent-encode one path segment, so that a value can never leave its segment.

    ``quote`` keeps ``.``, and a segment of only dots would be removed by URL
    normalisation (``/users/../orders``); encoding those dots keeps it a plain value.
    """
    if value in {".", ".."}:
        return value.replace(".", "%2E")
    return quote(value, safe="")


def _format_path(template: str, params: Mapping[str, str | int]) -> str:
    encoded = {name: _segment(str(value)) for name, value in params.items()}
    try:
        return template.format_map(encoded)
    except KeyError as exc:
        raise ConfigurationError(f"no value for path parameter {exc.args[0]!r}") from None


def build_request(
    client: httpx.Client | httpx.AsyncClient,
    op: Operation[Any],
    *,
    base_url: httpx.URL,
    headers: Mapping[str, str],
    timeout: httpx.Timeout,
    options: RequestOptions | None = None,
) -> httpx.Request:
    """Turn an operation into an ``httpx.Request`` (no I/O)."""
    if op.url is not None:
        url = httpx.URL(op.url)
        params: list[tuple[str, str | int | float | bool | None]] = []
    else:
        url = base_url.copy_with(path=base_url.path + _format_path(op.path, op.path_params))
        params = [
            (name, text)
            for name, value in op.params.items()
            if (text := _query_value(value)) is not None
        ]
    merged = {**headers, **op.headers}
    if options is not None:
        # Per-call headers may add to a request but never swap its credentials.
        merged.update({k: v for k, v in options.headers.items() if k.lower() != "authorization"})
        if options.timeout is not None:
            timeout = httpx.Timeout(options.timeout)
    return client.build_request(
        op.method,
        url,
        params=params or None,
        headers=merged,
        json=op.json,
        data=op.data,
        files=op.files,
        timeout=timeout,
    )


def read_body(response: httpx.Response) -> Any:
    """The parsed JSON body, the text when it is not JSON, ``None`` when empty."""
    content = response.content
    if not content:
        return None
    try:
        return json.loads(content)
    except (ValueError, UnicodeDecodeError):
        return response.text


def request_id(response: httpx.Response, spec: ServiceSpec) -> str | None:
    """The server's request id header, if it sent one."""
    for name in spec.request_id_headers:
        value: str | None = response.headers.get(name)
        if value:
            return value
    return None


def _generic_error(body: Any, reason: str) -> ErrorInfo:
    """Best effort for bodies a service parser did not recognise."""
    if isinstance(body, Mapping):
        for key in ("message", "error_description", "detail", "error"):
            value = body.get(key)
            if isinstance(value, str) and value:
                code = body.get("code") or (body.get("error") if key != "error" else value)
                return ErrorInfo(message=value, code=code if isinstance(code, str) else None)
    if isinstance(body, str) and body.strip() and not body.lstrip().startswith("<"):
        return ErrorInfo(message=body.strip()[:200])
    return ErrorInfo(message=reason)


def error_from_response(response: httpx.Response, spec: ServiceSpec) -> APIError:
    """Map an error response to the matching exception (not raised)."""
    status = response.status_code
    body = read_body(response)
    reason = response.reason_phrase or f"HTTP {status}"
    info = spec.parse_error(status, body) or _generic_error(body, reason)
    cls = (
        info.error_class
        or _STATUS_ERRORS.get(status)
        or (ServerError if status >= 500 else APIError)
    )
    kwargs: dict[str, Any] = dict(info.kwargs)
    if issubclass(cls, RateLimitError | ServerError):
        header_wait = parse_retry_after(response.headers.get("retry-after"))
        if header_wait is not None:
            # The header is the transport-level truth; a body value is only a fallback.
            kwargs["retry_after"] = header_wait
    return cls(
        info.message,
        status_code=status,
        service=spec.name,
        code=info.code,
        request_id=request_id(response, spec),
        body=redact_body(body),
        details=info.details,
        **kwargs,
    )


def decode_result(op: Operation[T], response: httpx.Response, body: Any, spec: ServiceSpec) -> T:
    """Decode a successful body with the operation's decoder.

    Raises:
        ResponseDecodeError: The body is not JSON, or not of the promised shape.
    """
    if op.expect_body and body is None:
        raise decode_error(op, response, spec, "expected a JSON body, got an empty response", body)
    if op.expect_body and isinstance(body, str):
        content_type = response.headers.get("content-type", "no content type")
        raise decode_error(op, response, spec, f"expected JSON, got {content_type}", body)
    return decode_value(op.decode, body, op=op, response=response, spec=spec)


def decode_value(
    decode: Callable[[Any], T],
    value: Any,
    *,
    op: Operation[Any],
    response: httpx.Response,
    spec: ServiceSpec,
) -> T:
    """Run a decoder, turning any failure into :class:`~beatkit.errors.ResponseDecodeError`."""
    try:
        return decode(value)
    except ResponseDecodeError:
        raise
    except Exception as exc:
        detail = f"the response does not have the documented shape ({type(exc).__name__}: {exc})"
        raise decode_error(op, response, spec, detail, value) from exc


def decode_error(
    op: Operation[Any], response: httpx.Response, spec: ServiceSpec, detail: str, body: Any
) -> ResponseDecodeError:
    """The :class:`~beatkit.errors.ResponseDecodeError` for ``op``'s response (not raised)."""
    return ResponseDecodeError(
        f"{op.name}: {detail}",
        service=spec.name,
        status_code=response.status_code,
        body=redact_body(body),
    )
