"""The PATHS table against the operation list (operations/beat-technology.tsv)."""

from __future__ import annotations

import csv
from pathlib import Path

from beatkit._core.operation import parse_routes
from beatkit.beattech.wire import ACCESS_LEVELS, NOT_CALLABLE, PATHS, SPEC

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
        assert route.access == ACCESS.get(row["auth"], "any"), row


def test_the_not_callable_rows_are_the_browser_pages_webhooks_and_cors() -> None:
    names = {r["operation"] for r in tsv_rows()} - {
        r["operation"] for r in tsv_rows() if r["path"].startswith("/v2/")
    }
    assert names == set(NOT_CALLABLE)


def test_rows_parse() -> None:
    assert parse_routes(PATHS) == SPEC.routes
