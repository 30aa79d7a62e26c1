"""A batch entry's ``X-Change`` is a change id: a negative number is not one."""

from __future__ import annotations

from typing import Any

import cattrs
import pytest

from beatkit._core.converter import describe_failure
from beatkit.beattech.converter import converter, strict_converter
from beatkit.beattech.models import BatchResponse, PushResult


@pytest.mark.parametrize("value", [-1, [-82]], ids=["negative", "negative-in-list"])
@pytest.mark.parametrize("conv", [converter, strict_converter])
def test_a_negative_batch_x_change_is_a_decode_failure(conv: cattrs.Converter, value: Any) -> None:
    # Change ids count up from 0 (the HEAD of the change feed refuses -1 too): a
    # negative one decoded as a change id would be handed on as an accepted write's id.
    with pytest.raises((TypeError, cattrs.BaseValidationError)) as info:
        conv.structure({"status": 200, "headers": {"X-Change": value}}, BatchResponse)
    described = describe_failure(info.value) or ""
    assert "BatchResponse.headers" in described and "X-Change" in described


def test_a_batch_response_built_by_hand_has_no_negative_change_id() -> None:
    answer = BatchResponse(status=200, body={}, headers={"X-Change": -5})
    assert answer.change_id is None
    assert BatchResponse(status=200, body={}, headers={"X-Change": 0}).change_id == 0
    assert PushResult(results=[answer]).conflicts == [answer]
