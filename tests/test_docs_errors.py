"""docs/concepts.md's Errors section names every exception beatkit raises."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

import beatkit.errors
import beatkit.hls.errors
from beatkit._core.http import ServiceSpec
from beatkit._core.responses import error_from_response

ROOT = Path(__file__).resolve().parent.parent
CONCEPTS = (ROOT / "docs" / "concepts.md").read_text()
# From "## Errors" to the heading after "## What can go wrong": the tree and the table.
SECTION = CONCEPTS[CONCEPTS.index("## Errors") : CONCEPTS.index("## Retries and rate limits")]
TREE = re.search(r"```text\n(BeatkitError\n.*?)```", SECTION, re.DOTALL)
TABLE = SECTION[SECTION.index("| exception |") :]

# The two bases are the tree's root and a branch, described by their subclasses' rows.
BASES = {"BeatkitError", "APIError"}
NAMES = sorted((set(beatkit.errors.__all__) | set(beatkit.hls.errors.__all__)) - BASES)


def test_the_section_has_a_tree_and_a_table() -> None:
    assert TREE is not None
    assert "| exception | raised when | retried before raising |" in TABLE


@pytest.mark.parametrize("name", NAMES)
def test_every_exception_is_in_the_table(name: str) -> None:
    # The table says when each one is raised and what was retried first: an exception
    # missing from it (one added later) leaves a reader guessing.
    assert re.search(rf"`{name}`", TABLE), f"{name} is not in docs/concepts.md's table"


@pytest.mark.parametrize(
    "name",
    [
        name
        for name in beatkit.errors.__all__
        if getattr(beatkit.errors, name).__mro__[1] is beatkit.errors.BeatkitError
    ],
)
def test_every_direct_subclass_of_beatkit_error_is_in_the_tree(name: str) -> None:
    assert TREE is not None
    assert re.search(rf"^[├└]── {name}\b", TREE.group(1), re.MULTILINE), name


HLS_TREE = re.search(
    r"```text\n(HLSError\n.*?)```", (ROOT / "docs" / "hls.md").read_text(), re.DOTALL
)


def _hls_tree_parents() -> dict[str, str]:
    """``{name: parent}`` for each line of docs/hls.md's error tree, from its indentation."""
    assert HLS_TREE is not None
    parents: dict[str, str] = {}
    stack = ["HLSError"]  # stack[d] is the last name seen at depth d
    for line in HLS_TREE.group(1).splitlines()[1:]:
        found = re.match(r"^((?:[│ ]   )*)[├└]── (\w+)", line)
        assert found, line
        depth = len(found.group(1)) // 4 + 1
        del stack[depth:]
        parents[found.group(2)] = stack[depth - 1]
        stack.append(found.group(2))
    return parents


def test_the_hls_tree_is_the_hls_hierarchy() -> None:
    # Every HLS error, each under the class it really derives from.
    documented = _hls_tree_parents()
    actual = {
        name: getattr(beatkit.hls.errors, name).__mro__[1].__name__
        for name in beatkit.hls.errors.__all__
        if name != "HLSError"
    }
    assert documented == actual


def _tree_statuses() -> list[tuple[str, int]]:
    """``(class, status)`` for each ``NameError 404`` (or ``5xx``, ``3xx``) in the tree."""
    assert TREE is not None
    found = re.findall(r"\b(\w+Error) (\d{3}|[35]xx)\b", TREE.group(1))
    return [(name, int(status.replace("xx", "02"))) for name, status in found]


def test_the_tree_names_a_status_for_each_apierror_subclass() -> None:
    assert {name for name, _ in _tree_statuses()} >= {
        "RedirectError",
        "BadRequestError",
        "NotFoundError",
        "RateLimitError",
        "ServerError",
    }


@pytest.mark.parametrize(("name", "status"), _tree_statuses())
def test_each_status_in_the_tree_raises_the_class_it_names(name: str, status: int) -> None:
    # The tree is where a reader looks up what to catch for a status.
    request = httpx.Request("GET", "https://api.example.com/x")
    headers = {"Location": "https://api.example.com/y"} if 300 <= status < 400 else {}
    response = httpx.Response(status, headers=headers, request=request)
    error = error_from_response(response, ServiceSpec(name="t"))
    assert type(error) is getattr(beatkit.errors, name)


def test_the_tree_s_nesting_and_value_error_hold() -> None:
    # "APITimeoutError" is drawn under APIConnectionError, every status class under
    # APIError, and WebhookPayloadError is said to be "a ValueError too".
    errors = beatkit.errors
    assert issubclass(errors.APITimeoutError, errors.APIConnectionError)
    for name, _ in _tree_statuses():
        assert issubclass(getattr(errors, name), errors.APIError)
    assert issubclass(errors.WebhookPayloadError, ValueError)
    assert issubclass(errors.WebhookPayloadError, errors.BeatkitError)
