"""Arguments whose order is sent (a shelf's releases, offline edits, reports) refuse a
set: it iterates in an order of its own, so the server would get another order than
the caller's, differently from one run to the next."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from beatkit.beattech import BeatTech
from beatkit.beattech.report_queue import ReportQueue, check_reports
from beatkit.beattech.sync import PendingChange, pending_changes, release_group_body
from beatkit.testing import FakeBeatTech

WHEN = datetime(2026, 12, 1, tzinfo=UTC)


@pytest.mark.parametrize("releases", [{"301", "302"}, frozenset({1, 2}), {"a": 1}.keys()])
def test_a_shelf_of_releases_given_as_a_set_is_refused(releases: object) -> None:
    with pytest.raises(TypeError, match="releases must be a sequence of release ids"):
        release_group_body(name="Shelf", releases=releases, creating=True)  # type: ignore[arg-type]


def test_a_shelf_given_in_order_keeps_its_order() -> None:
    body = release_group_body(name="Shelf", releases=("302", 301), creating=True)
    assert body["releases"] == [{"id": "302"}, {"id": "301"}]


def test_offline_edits_given_as_a_set_are_refused() -> None:
    edits = {PendingChange(method="DELETE", path=f"/tracks/{n}", changed_at=WHEN) for n in (1, 2)}
    with pytest.raises(TypeError, match="pending must be a sequence of PendingChange"):
        pending_changes(edits)


def test_reports_given_as_a_set_are_refused() -> None:
    with pytest.raises(TypeError, match="reports must be a sequence of reports"):
        check_reports(frozenset())


def test_a_report_queue_given_a_set_of_entries_is_refused() -> None:
    with pytest.raises(TypeError, match="entries must be a sequence of QueuedReport"):
        ReportQueue(entries=set())


def test_the_client_refuses_a_set_of_releases_before_sending() -> None:
    fake = FakeBeatTech()
    with httpx.Client(transport=fake.transport()) as http:
        bt = BeatTech(
            fake.tenant,
            client_id=fake.client_id,
            client_secret=fake.client_secret,
            base_url=fake.base_url,
            http_client=http,
        )
        bt.auth.login(fake.username, fake.password)
        sent = len(fake.requests)
        with pytest.raises(TypeError, match="releases must be a sequence"):
            bt.release_groups.create("Shelf", releases={"301", "302"})
        assert len(fake.requests) == sent
