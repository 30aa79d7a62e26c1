"""docs/concepts.md's table says what an error status without a class of its own raises."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from beatkit._core.http import ServiceSpec
from beatkit._core.responses import error_from_response
from beatkit.errors import APIError

CONCEPTS = (Path(__file__).resolve().parent.parent / "docs" / "concepts.md").read_text()
ROW = re.search(r"^\| `APIError` itself \| (.*)$", CONCEPTS, re.MULTILINE)
NAMED = [int(s) for s in re.findall(r"\b(4\d\d)\b", ROW.group(1) if ROW else "")]


def test_the_table_has_a_row_for_apierror_itself() -> None:
    assert ROW is not None
    assert NAMED


@pytest.mark.parametrize("status", NAMED)
def test_the_statuses_it_names_raise_apierror_itself(status: int) -> None:
    request = httpx.Request("GET", "https://api.example.com/x")
    error = error_from_response(httpx.Response(status, request=request), ServiceSpec(name="t"))
    assert type(error) is APIError
