"""Service-wide operation rules: writes that are never replayed, and answers that may be empty."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from beatkit._core._sync.resource import Resource
from beatkit._core._sync.transport import Transport
from beatkit._core.http import ServiceSpec
from beatkit._core.operation import WRITE_METHODS, make_operation, parse_routes
from beatkit._core.responses import decode_result
from beatkit._core.settings import build_settings
from beatkit.errors import ResponseDecodeError

ROUTES = parse_routes(
    {
        "things.list": "GET /things",
        "things.create": "POST /things",
        "things.replace": "PUT /things/{id}",
        "things.patch": "PATCH /things/{id}",
        "things.delete": "DELETE /things/{id}",
    }
)


@pytest.mark.parametrize("key", sorted(ROUTES))
def test_a_service_that_never_replays_writes_marks_every_write(key: str) -> None:
    op = make_operation(ROUTES, key, None, replay_writes=False)
    write = ROUTES[key].method in WRITE_METHODS
    assert op.idempotent is not write
    assert op.replayable is (False if write else None)


def test_by_default_the_method_decides_and_an_explicit_replayable_wins() -> None:
    assert make_operation(ROUTES, "things.replace", None).idempotent
    assert not make_operation(ROUTES, "things.create", None).idempotent
    explicit = make_operation(ROUTES, "things.replace", None, replayable=True, replay_writes=False)
    assert explicit.idempotent


@pytest.mark.parametrize(("replay_writes", "idempotent"), [(True, True), (False, False)])
def test_resources_read_the_rule_from_the_services_spec(
    replay_writes: bool, idempotent: bool
) -> None:
    spec = ServiceSpec(
        name="svc", routes={"things.delete": "DELETE /things/{id}"}, replay_writes=replay_writes
    )
    transport = Transport(build_settings(spec, base_url="https://api.test/v1"))
    try:
        op = Resource(transport)._operation("things.delete", None, path={"id": 1})
    finally:
        transport.close()
    assert op.idempotent is idempotent


def test_an_empty_answer_reads_as_if_empty() -> None:
    spec = ServiceSpec(name="svc")
    empty = httpx.Response(204, request=httpx.Request("POST", "https://api.test/v1/things"))
    action = make_operation(ROUTES, "things.create", Any, unwrap=lambda b: b, if_empty={})
    assert decode_result(action, empty, None, spec) == {}
    assert decode_result(action, empty, {"done": True}, spec) == {"done": True}
    strict = make_operation(ROUTES, "things.create", Any)
    with pytest.raises(ResponseDecodeError, match="empty"):
        decode_result(strict, empty, None, spec)
