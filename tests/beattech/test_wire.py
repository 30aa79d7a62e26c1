"""The PATHS table against the operation list (operations/beat-technology.tsv)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from beatkit._core.operation import parse_routes
from beatkit.beattech.models import BatchRequest
from beatkit.beattech.wire import (
    ACCESS_LEVELS,
    NOT_CALLABLE,
    PATHS,
    RANGE_UNITS,
    SPEC,
    batch_body,
)

# A copy of ../shared/specs/operations/beat-technology.tsv, the checklist of operations.
ROWS_FILE = Path(__file__).resolve().parents[1] / "fixtures" / "beattech" / "operations.tsv"

# The tsv's access wording -> the routing level of PATHS (see beatkit.beattech.wire).
ACCESS = {
    "any": "any",
    "user": "user",
    "editor": "editor",
    "useradmin": "app",
    "partner": "partner",
    "basic": "basic",
    "public": "public",
    "public (client_id/client_secret in form body)": "public",
}


def tsv_rows() -> list[dict[str, str]]:
    lines = [line for line in ROWS_FILE.read_text().splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def test_every_callable_row_has_one_route() -> None:
    rows = [r for r in tsv_rows() if r["operation"] not in NOT_CALLABLE]
    assert len(rows) == 137
    routes = {(r.method, "/v2" + r.path) for r in SPEC.routes.values()}
    for row in rows:
        path = row["path"].split("?")[0]
        assert (row["method"], path) in routes, row
    assert len(SPEC.routes) == len(rows)


def test_inferred_flags_follow_the_evidence_column() -> None:
    by_path = {(r.method, "/v2" + r.path): r for r in SPEC.routes.values()}
    for row in tsv_rows():
        if row["operation"] in NOT_CALLABLE:
            continue
        route = by_path[(row["method"], row["path"].split("?")[0])]
        assert route.inferred == ("inferred" in row["evidence"]), row


def test_access_levels_follow_the_auth_column() -> None:
    by_path = {(r.method, "/v2" + r.path): r for r in SPEC.routes.values()}
    for row in tsv_rows():
        if row["operation"] in NOT_CALLABLE:
            continue
        route = by_path[(row["method"], row["path"].split("?")[0])]
        assert route.access in ACCESS_LEVELS
        # Compound wordings ("user or useradmin", "any; ...", "varies by parameter") route
        # as "any": the token of a logged-in user, else the app's.
        expected = PAGE_ACCESS.get(row["operation"], ACCESS.get(row["auth"], "any"))
        assert route.access == expected, row


# Where the page corrects the operation list's auth column: a subscription is deactivated
# by its owner or, "administratively", by a user admin client (L7183; the notes, section
# k), though the list says user.
PAGE_ACCESS = {"Deactivate a subscription": "any"}


def test_the_not_callable_rows_are_the_browser_pages_webhooks_and_cors() -> None:
    names = {r["operation"] for r in tsv_rows()} - {
        r["operation"] for r in tsv_rows() if r["path"].startswith("/v2/")
    }
    assert names == set(NOT_CALLABLE)


def test_rows_parse() -> None:
    assert parse_routes(PATHS) == SPEC.routes


# --- range units ------------------------------------------------------------------------------


def test_range_units_follow_the_pagination_column() -> None:
    by_path = {(r.method, "/v2" + r.path): key for key, r in SPEC.routes.items()}
    expected = {}
    for row in tsv_rows():
        if row["pagination"].startswith("range:"):
            key = by_path[(row["method"], row["path"].split("?")[0])]
            expected[key] = row["pagination"].removeprefix("range:").split()[0]
    # The page corrects the operation list once: global events use "items" (L2805).
    expected["events.list"] = "items"
    assert dict(RANGE_UNITS) == expected


# --- batch bodies -------------------------------------------------------------------------------


def test_batch_body_of_the_page() -> None:
    headers = {"X-Base-Change": "123", "X-Change-Timestamp": "2024-01-02T03:04:05Z"}
    requests = [
        BatchRequest(method="POST", url="/v2/releases/groups", body={"name": "x"}, headers=headers),
        BatchRequest(method="patch", url="/v2/tracks/1", body={"favourite": True}),
        BatchRequest(method="DELETE", url="/v2/bookmarks/9"),
    ]
    assert batch_body(requests) == {
        "requests": [
            {
                "method": "POST",
                "url": "/v2/releases/groups",
                "body": {"name": "x"},
                "headers": headers,
            },
            {"method": "PATCH", "url": "/v2/tracks/1", "body": {"favourite": True}},
            {"method": "DELETE", "url": "/v2/bookmarks/9"},
        ]
    }


def test_batch_body_rules() -> None:
    one = BatchRequest(method="GET", url="/v2/tracks/1")
    assert len(batch_body([one] * 20)["requests"]) == 20
    with pytest.raises(ValueError, match="at most 20"):
        batch_body([one] * 21)
    with pytest.raises(ValueError, match="at least one"):
        batch_body([])
    for url in ("/v2/batch", "/v2/batch/", "/v2/batch?x=1"):
        with pytest.raises(ValueError, match="batch"):
            batch_body([one, BatchRequest(method="POST", url=url)])
    with pytest.raises(ValueError, match="/v2/"):
        batch_body([BatchRequest(method="GET", url="https://evil.example/v2/tracks")])
    with pytest.raises(ValueError, match="method"):
        batch_body([BatchRequest(method="TRACE", url="/v2/tracks/1")])
    with pytest.raises(TypeError, match="BatchRequest"):
        batch_body([{"method": "GET", "url": "/v2/tracks/1"}])
    with pytest.raises(TypeError, match="headers"):
        batch_body([BatchRequest(method="GET", url="/v2/x", headers={"X-Base-Change": 1})])  # type: ignore[dict-item]


# --- the docs' operations table -----------------------------------------------------------------

DOCS_PAGE = Path(__file__).resolve().parents[2] / "docs" / "beattech.md"
_DOC_ROW = re.compile(
    r"^\| `([a-z_.]+)` \| `([A-Z]+) ([^`]+)`( \*\(inferred\)\*)? \| ([a-z]+) \|", re.M
)


def test_the_docs_operations_table_follows_paths() -> None:
    # docs/beattech.md lists every operation with its request and access level: a row
    # the table states otherwise than PATHS misleads whoever routes by it.
    rows = {m[1]: (m[2], m[3], bool(m[4]), m[5]) for m in _DOC_ROW.finditer(DOCS_PAGE.read_text())}
    assert set(rows) == set(SPEC.routes)
    for key, route in SPEC.routes.items():
        assert rows[key] == (route.method, route.path, route.inferred, route.access), key
