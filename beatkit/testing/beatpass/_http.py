"""Reading BeatPass request bodies (Laravel-style validation) and writing its answers."""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Container, Mapping, Sequence
from typing import Any, TypeVar

import httpx

from beatkit.testing._app import Abort, FakeService
from beatkit.testing._wire import DIGITS, read_json, to_int

__all__ = ["Body", "attachment", "invalid", "label", "ok"]

T = TypeVar("T")


def _is_day(text: str) -> bool:
    """Whether ``text`` is ``YYYY-MM-DD`` and names a day the calendar has."""
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:  # 2024-02-30, 2024-13-01, 0000-00-00
        return False
    return True


def ok(**fields: Any) -> dict[str, Any]:
    """A success body: ``{"status": "success", **fields}``."""
    return {"status": "success", **fields}


def attachment(content: bytes, content_type: str, filename: str) -> httpx.Response:
    """A file download: the bytes with their type, length and file name."""
    disposition = f'attachment; filename="{filename}"'
    headers = {"Content-Length": str(len(content)), "Content-Disposition": disposition}
    return httpx.Response(200, content=content, headers={"Content-Type": content_type, **headers})


def label(field: str) -> str:
    """An attribute name as Laravel writes it in messages (spaces for underscores)."""
    return field.replace("_", " ")


def invalid(errors: Mapping[str, list[str]]) -> Abort:
    """Laravel's 422: the first message (and how many more), and every field's messages."""
    messages = [m for items in errors.values() for m in items]
    message = messages[0]
    if len(messages) > 1:
        more = len(messages) - 1
        message += f" (and {more} more error{'s' if more > 1 else ''})"
    body = {"status": "error", "message": message, "errors": dict(errors)}
    return Abort(FakeService.json_response(body, 422))


class Body:
    """Reads and validates a JSON request body, collecting Laravel-style field errors."""

    def __init__(self, raw: Any) -> None:
        self.raw: dict[str, Any] = raw if isinstance(raw, dict) else {}
        self.errors: dict[str, list[str]] = {}

    @classmethod
    def read(cls, request: httpx.Request) -> Body:
        """The request's JSON body: an empty one when it is not JSON, or not labelled
        JSON (Laravel's ``isJson()``: a ``Content-Type`` holding ``/json`` or ``+json``;
        any other body is no input to the API, whatever it holds)."""
        media = request.headers.get("content-type", "").lower()
        if "/json" not in media and "+json" not in media:
            return cls({})
        try:
            return cls(read_json(request.content or b"{}"))
        except ValueError:
            return cls({})

    def check(self, values: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Raise the 422 of the errors found so far; else ``values`` without the ``None`` ones."""
        if self.errors:
            raise invalid(self.errors)
        return {k: v for k, v in (values or {}).items() if v is not None}

    def valid(self, value: T | None) -> T:
        """Raise the 422 of the errors found so far; else ``value``, a required field's."""
        self.check()
        assert value is not None
        return value

    def __contains__(self, field: str) -> bool:
        return self.raw.get(field) is not None

    def error(self, field: str, message: str) -> None:
        self.errors.setdefault(field, []).append(message)

    def _missing(self, field: str, required: bool) -> bool:
        value = self.raw.get(field)
        if value is None or value == "" or value == []:
            if required:
                self.error(field, f"The {label(field)} field is required.")
            return True
        return False

    def text(
        self, field: str, *, required: bool = False, max_len: int = 255, min_len: int = 0
    ) -> str | None:
        if self._missing(field, required):
            return None
        value = self.raw[field]
        if not isinstance(value, str):
            self.error(field, f"The {label(field)} field must be a string.")
            return None
        if not min_len <= len(value) <= max_len:
            limits = f"be between {min_len} and" if min_len else "not be greater than"
            self.error(field, f"The {label(field)} field must {limits} {max_len} characters.")
            return None
        return value

    def integer(
        self,
        field: str,
        *,
        required: bool = False,
        minimum: int = 0,
        exists: Container[int] | None = None,
    ) -> int | None:
        """An integer field; with ``exists``, one of its ids (Laravel's ``exists`` rule)."""
        if self._missing(field, required):
            return None
        value = self.raw[field]
        if isinstance(value, str) and DIGITS.fullmatch(value):
            value = to_int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            self.error(field, f"The {label(field)} field must be an integer.")
            return None
        if value < minimum:
            self.error(field, f"The {label(field)} field must be at least {minimum}.")
            return None
        if exists is not None and value not in exists:
            self.error(field, f"The selected {label(field)} is invalid.")
            return None
        return value

    def number(self, field: str, *, required: bool = False) -> float | None:
        if self._missing(field, required):
            return None
        value = self.raw[field]
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if isinstance(value, bool) or not math.isfinite(number) or number < 0:
            self.error(field, f"The {label(field)} field must be a number.")
            return None
        return number

    def boolean(self, field: str) -> bool | None:
        if self._missing(field, False):
            return None
        value = self.raw[field]
        if value in (True, 1, "1", "true"):
            return True
        if value in (False, 0, "0", "false"):
            return False
        self.error(field, f"The {label(field)} field must be true or false.")
        return None

    def date(self, field: str) -> str | None:
        """A ``Y-m-d`` date the calendar has (Laravel's ``date_format`` refuses 2024-02-30)."""
        value = self.text(field)
        if value is not None and not _is_day(value):
            self.error(field, f"The {label(field)} field must match the format Y-m-d.")
            return None
        return value

    def ids(
        self, field: str, table: Mapping[int, Any], *, required: bool = False
    ) -> list[int] | None:
        if self._missing(field, required):
            return None
        value = self.raw[field]
        if isinstance(value, int) and not isinstance(value, bool):
            value = [value]
        if not isinstance(value, list):
            self.error(field, f"The {label(field)} field must be an array.")
            return None
        result: list[int] = []
        for index, item in enumerate(value):
            if isinstance(item, str) and DIGITS.fullmatch(item):
                item = to_int(item)
            if isinstance(item, bool) or not isinstance(item, int) or item not in table:
                self.error(f"{field}.{index}", f"The selected {field}.{index} is invalid.")
            elif item not in result:
                result.append(item)
        return result

    def choice(self, field: str, choices: Sequence[str], *, required: bool = False) -> str | None:
        value = self.text(field, required=required)
        if value is not None and value not in choices:
            self.error(field, f"The selected {label(field)} is invalid.")
            return None
        return value
