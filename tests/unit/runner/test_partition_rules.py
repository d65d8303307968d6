"""The DAG's partition rule and batch planning, table-driven."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from etl.airflow.tasks import resolve_partition
from etl.runner import plan_batches


@pytest.mark.parametrize(
    ("params", "run_type", "logical_date", "expected"),
    [
        pytest.param({}, "scheduled", datetime(2024, 3, 2, tzinfo=UTC),
                     {"date_from": "2024-03-02", "date_to": "2024-03-02", "include_undated": False}, id="scheduled-run-takes-its-day"),
        pytest.param({"date_from": "2020-01-01"}, "backfill", datetime(2024, 3, 3, tzinfo=UTC),
                     {"date_from": "2024-03-03", "date_to": "2024-03-03", "include_undated": False}, id="backfill-ignores-params"),
        pytest.param({}, "manual", None,
                     {"date_from": None, "date_to": None, "include_undated": True}, id="manual-without-dates-takes-everything"),
        pytest.param({"date_from": "2024-03-01", "date_to": "2024-03-02"}, "manual", datetime(2024, 5, 1, tzinfo=UTC),
                     {"date_from": "2024-03-01", "date_to": "2024-03-02", "include_undated": False}, id="manual-with-range"),
        pytest.param({"date_from": "2024-03-01"}, "manual", None,
                     {"date_from": "2024-03-01", "date_to": None, "include_undated": False}, id="manual-open-ended"),
    ],
)  # fmt: skip
def test_partition_rule(params, run_type, logical_date, expected) -> None:
    assert resolve_partition(params, run_type, logical_date) == expected


def test_manual_range_backwards_is_refused() -> None:
    with pytest.raises(ValueError, match="after"):
        resolve_partition({"date_from": "2024-03-05", "date_to": "2024-03-01"}, "manual", None)


@pytest.mark.parametrize(
    ("sizes", "batch_bytes", "max_batches", "expected"),
    [
        pytest.param([10, 10, 10, 10], 20, 100, [[10, 10], [10, 10]], id="fills-batches-by-bytes"),
        pytest.param([50, 1, 1], 20, 100, [[50], [1, 1]], id="a-big-file-is-a-batch-of-its-own"),
        pytest.param([10] * 100, 10, 4, [[10] * 25] * 4, id="never-more-than-max-batches"),
        pytest.param([], 10, 4, [], id="no-files-no-batches"),
    ],
)
def test_plan_batches(sizes, batch_bytes, max_batches, expected) -> None:
    assert plan_batches(sizes, lambda s: s, batch_bytes, max_batches) == expected
