"""The Beat Technology fake's wire dialect: the error envelope, JSON and form bodies, headers."""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Collection, Mapping
from typing import Any, TypeVar, cast
from urllib.parse import parse_qs

import httpx

from beatkit.testing._app import Abort, FakeService
from beatkit.testing._wire import read_json, read_multipart

__all__ = [
    "NO_STORE",
    "Fields",
    "comma_list",
    "fail",
    "entry_ids",
    "error_body",
    "form_body",
    "found",
    "image_sizes",
    "includes",
    "invalid",
    "is_form",
    "image_upload",
    "json_body",
    "objects",
    "required_param",
    "same_secret",
]

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
"""The token endpoint's caching headers (the page, "Response" of every grant)."""

_T = TypeVar("_T")
_SIZE = re.compile(r"[wh][1-9][0-9]{0,4}")
_MEDIA_JSON = "application/json"
_MEDIA_FORM = "application/x-www-form-urlencoded"


def same_secret(given: str, expected: str) -> bool:
    """Compare secrets in constant time (as bytes: ``hmac`` refuses non-ASCII text)."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def error_body(code: str, description: str, developer: Any = None) -> dict[str, Any]:
    """``{"error", "error_description", "error_developer"?}``, the page's error shape."""
    body: dict[str, Any] = {"error": code, "error_description": description}
    if developer is not None:
        body["error_developer"] = developer
    return body


def fail(
    status: int,
    code: str,
    description: str,
    developer: Any = None,
    headers: Mapping[str, str] | None = None,
) -> Abort:
    """An :class:`Abort` answering ``status`` with the error envelope (raise it)."""
    body = error_body(code, description, developer)
    return Abort(FakeService.json_response(body, status, headers))


def invalid(parameter: str, description: str) -> Abort:
    """A 400 ``validation_error`` naming ``parameter`` (in the description and as
    ``error_developer.parameter``)."""
    return fail(400, "validation_error", f"{parameter}: {description}", {"parameter": parameter})


def found(records: Mapping[str, _T], key: str, what: str) -> _T:
    """``records[key]``, or a 404 ``error_not_found``: "<what> <key> was not found."."""
    record = records.get(key)
    if record is None:
        raise fail(404, "error_not_found", f"{what} {key} was not found.")
    return record


def required_param(request: httpx.Request, name: str) -> str:
    """A query parameter that must be given and not blank (stripped), else a 400."""
    value: str = request.url.params.get(name, "").strip()
    if not value:
        raise invalid(name, "is required")
    return value


def comma_list(request: httpx.Request, name: str) -> list[str] | None:
    """A comma-list query parameter; ``None`` when absent, a 400 for an empty item."""
    raw = request.url.params.get(name)
    if raw is None:
        return None
    items = [item.strip() for item in raw.split(",")]
    if not all(items):
        raise invalid(name, "must be a comma-separated list without empty items")
    return items


_TYPE_SHORTHANDS = {"audio": ("album", "single"), "video": ("video-album", "video-single")}


def release_types(request: httpx.Request) -> set[str] | None:
    """The ``types`` comma list of release types, ``audio`` and ``video`` expanded to the
    types they stand for; ``None`` when absent, a 400 for an empty item."""
    names = comma_list(request, "types")
    if names is None:
        return None
    return {kind for name in names for kind in _TYPE_SHORTHANDS.get(name, (name,))}


def _media_type(request: httpx.Request) -> str:
    media: str = request.headers.get("content-type", "")
    return media.split(";")[0].strip().lower()


def is_form(request: httpx.Request) -> bool:
    """Whether the body is sent as ``application/x-www-form-urlencoded``."""
    return _media_type(request) == _MEDIA_FORM


def json_body(request: httpx.Request, *, optional: bool = False) -> dict[str, Any]:
    """The request's JSON object; a form body or anything but an object is a 400.

    The page (Request basics): every endpoint but the token endpoint takes JSON
    with ``Content-Type: application/json``, and a form body "will be rejected".

    Args:
        request: The request.
        optional: Whether an empty body means ``{}`` (else it is a 400).
    """
    if not request.content:
        if optional:
            return {}
        raise fail(400, "validation_error", "A JSON body is required.")
    if _media_type(request) != _MEDIA_JSON:
        raise fail(
            400, "validation_error", "The body must be JSON sent as Content-Type: application/json."
        )
    try:
        data = read_json(request.content)
    except ValueError:
        raise fail(400, "validation_error", "The body is not valid JSON.") from None
    if not isinstance(data, dict):
        raise fail(400, "validation_error", "The body must be a JSON object.")
    return data


def form_body(request: httpx.Request) -> dict[str, str]:
    """The ``application/x-www-form-urlencoded`` fields (the token endpoint's only encoding).

    Raises:
        Abort: 400 ``invalid_request`` for another encoding or a repeated field.
    """
    if not is_form(request):
        raise fail(
            400,
            "invalid_request",
            "The token endpoint takes application/x-www-form-urlencoded bodies.",
        )
    try:
        text = request.content.decode("utf-8")
    except UnicodeDecodeError:
        raise fail(400, "invalid_request", "The body is not UTF-8.") from None
    parsed = parse_qs(text, keep_blank_values=True)
    repeated = sorted(name for name, values in parsed.items() if len(values) > 1)
    if repeated:
        raise fail(400, "invalid_request", f"Parameter sent more than once: {repeated[0]}.")
    return {name: values[0] for name, values in parsed.items()}


def image_sizes(request: httpx.Request, header: str) -> list[str] | None:
    """The size tokens of an image-size header (``w50,h200``), ``None`` when it is absent."""
    raw = request.headers.get(header)
    if raw is None:
        return None
    sizes = [part.strip() for part in raw.split(",") if part.strip()]
    bad = [size for size in sizes if not _SIZE.fullmatch(size)]
    if bad or not sizes:
        raise invalid(header, f"sizes are w<pixels> or h<pixels> tokens, not {raw!r}")
    return list(dict.fromkeys(sizes))


def includes(request: httpx.Request, header: str = "X-Include") -> set[str]:
    """The names of the ``X-Include`` header, or of ``header`` (names the fake does not
    know are ignored)."""
    raw = request.headers.get(header, "")
    return {part.strip() for part in raw.split(",") if part.strip()}


class Fields:
    """Typed reads of one JSON object, each refusing a bad value with a 400 naming it.

    Args:
        data: The object.
        allowed: Its allowed keys; another key is a 400 (the fake checks exact
            fields, so a client's typo shows).
        prefix: How nested objects name their keys in errors (``"user."``).
    """

    def __init__(
        self, data: Mapping[str, Any], allowed: Collection[str], *, prefix: str = ""
    ) -> None:
        self.data = data
        self.prefix = prefix
        unknown = sorted(set(data) - set(allowed))
        if unknown:
            raise invalid(prefix + unknown[0], "unknown field")

    def invalid(self, name: str, description: str) -> Abort:
        """The 400 for field ``name``."""
        return invalid(self.prefix + name, description)

    def _required(self, name: str) -> None:
        if self.data.get(name) is None:
            raise self.invalid(name, "is required")

    def text(self, name: str, *, choices: Collection[str] = ()) -> str | None:
        """An optional non-empty string."""
        value = self.data.get(name)
        if value is None:
            return None
        if not isinstance(value, str) or not value.strip():
            raise self.invalid(name, "must be a non-empty string")
        if choices and value not in choices:
            raise self.invalid(name, f"must be one of {', '.join(sorted(choices))}")
        return value

    def required_text(self, name: str, *, choices: Collection[str] = ()) -> str:
        """A required non-empty string."""
        self._required(name)
        return cast(str, self.text(name, choices=choices))

    def integer(self, name: str, *, choices: Collection[int] = ()) -> int | None:
        """An optional integer (booleans are not integers here)."""
        value = self.data.get(name)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.invalid(name, "must be an integer")
        if choices and value not in choices:
            raise self.invalid(name, f"must be one of {', '.join(map(str, sorted(choices)))}")
        return value

    def payment_type(self, name: str = "payment_type") -> int | None:
        """An optional payment type: any integer from 0 up.

        The page names Stripe (3), Billwerk/Reepay (4), Vipps and Paystack, and leaves
        the list of numbers to a user object it does not show (L6154): a tenant's own
        types are taken, as :class:`~beatkit.beattech.PaymentType` is open.
        """
        value = self.integer(name)
        if value is not None and value < 0:
            raise self.invalid(name, "must not be negative")
        return value

    def required_integer(self, name: str, *, choices: Collection[int] = ()) -> int:
        """A required integer."""
        self._required(name)
        return cast(int, self.integer(name, choices=choices))

    def string(self, name: str, description: str = "must be a string") -> str | None:
        """An optional string, blank allowed (``description`` says what else is refused)."""
        value = self.data.get(name)
        if value is not None and not isinstance(value, str):
            raise self.invalid(name, description)
        return value

    def flag(self, name: str, default: bool) -> bool:
        """A boolean, or ``default`` when absent or null."""
        value = self.data.get(name)
        if value is None:
            return default
        if not isinstance(value, bool):
            raise self.invalid(name, "must be true or false")
        return value

    def required_flag(self, name: str) -> bool:
        """A required boolean."""
        self._required(name)
        return self.flag(name, False)

    def object(self, name: str, *, required: bool = False) -> dict[str, Any] | None:
        """A JSON object (``None`` when absent and not required)."""
        if required:
            self._required(name)
        value = self.data.get(name)
        if value is not None and not isinstance(value, dict):
            raise self.invalid(name, "must be an object")
        return value


_IMAGE_MAGIC = {b"\xff\xd8\xff": "image/jpeg", b"\x89PNG\r\n\x1a\n": "image/png"}


def image_upload(
    request: httpx.Request, types: Collection[str] = ("image/jpeg", "image/png")
) -> tuple[dict[str, Any], bytes]:
    """The ``image`` part of a multipart upload, checked: a non-empty image of ``types``.

    Args:
        request: The upload.
        types: The image types the operation takes (``("image/jpeg",)`` where the page
            says JPEG).

    Returns:
        ``{"filename", "content_type", "size", "sha256"}`` of the image (what the fake
        keeps on the record) and its bytes.

    Raises:
        Abort: 400 ``validation_error`` for another body, no ``image`` part, an empty
            one, or bytes of another type.
    """
    part = read_multipart(request).get("image")
    if part is None:
        raise invalid("image", "a multipart/form-data body with an image file part is required")
    filename, _, content = part
    if not content:
        raise invalid("image", "the file is empty")
    kind = next((kind for magic, kind in _IMAGE_MAGIC.items() if content.startswith(magic)), None)
    if kind is None or kind not in types:
        names = " or ".join(name.split("/")[1].upper() for name in types)
        raise invalid("image", f"the file must be a {names} image")
    meta = {
        "filename": filename,
        "content_type": kind,
        "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
    }
    return meta, content


def objects(fields: Fields, name: str) -> list[dict[str, Any]]:
    """A field holding an array of JSON objects (a 400 naming it otherwise)."""
    value = fields.data.get(name)
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise fields.invalid(name, "must be an array of objects")
    return value


def entry_ids(fields: Fields, name: str, *, repeats: bool = False) -> list[str]:
    """The ``id`` of each object of an array field (banner, group or release entries).

    Args:
        fields: The body.
        name: The array field.
        repeats: Whether an id may be listed twice (else a 400).

    Raises:
        Abort: 400 ``validation_error`` naming the entry without an id, or the repeat.
    """
    ids: list[str] = []
    for index, entry in enumerate(objects(fields, name)):
        raw = entry.get("id")
        if isinstance(raw, int) and not isinstance(raw, bool):
            raw = str(raw)
        if not isinstance(raw, str) or not raw.strip():
            raise fields.invalid(f"{name}[{index}].id", "is required")
        if raw in ids and not repeats:
            raise fields.invalid(f"{name}[{index}].id", "is listed twice")
        ids.append(raw)
    return ids
