"""The run plan (JSON-able, as XCom carries it), discovery counts and the one batcher, table-driven."""

from __future__ import annotations

import itertools
from datetime import date
from pathlib import Path

import orjson
import pytest

from etl.config import load_settings
from etl.runner import (
    DiscoveryCounts,
    RunPlan,
    batch_target,
    batches,
    discover_counted,
    new_plan,
)

PLANS = [
    pytest.param(RunPlan("r1", Path("/data/src"), "articles"), id="etl-run-defaults"),
    pytest.param(
        RunPlan(
            "manual__2024-03-01T00_00_00_00_00",
            Path("/data/src"),
            "articles",
            dag_run_id="manual__2024-03-01T00:00:00+00:00",
            staging="file:///tmp/staging/manual__2024-03-01T00_00_00_00_00",
            date_from=date(2024, 3, 1),
            date_to=date(2024, 3, 2),
            include_undated=False,
            full_sync=True,
            files=4,
            problems=1,
            total_bytes=12_345,
        ),
        id="dag-run-with-a-range-and-counts",
    ),
    pytest.param(
        RunPlan("r2", Path("/data/src"), "articles-v1-20240301", reindex=True, dry_run=True, date_from=date(2024, 3, 1)),
        id="reindex-open-ended-dry-run",
    ),
]


@pytest.mark.parametrize("plan", PLANS)
def test_plan_survives_a_json_round_trip(plan: RunPlan) -> None:
    data = orjson.loads(orjson.dumps(plan.to_dict()))
    assert RunPlan.from_dict(data) == plan


@pytest.mark.parametrize("plan", PLANS)
def test_plan_dict_holds_only_json_types(plan: RunPlan) -> None:
    assert all(isinstance(v, str | int | bool | None) for v in plan.to_dict().values())


@pytest.mark.parametrize(
    ("flags", "mode"),
    [
        ({}, "incremental"),
        ({"full_sync": True}, "full_sync"),
        ({"reindex": True}, "reindex"),
        ({"reindex": True, "full_sync": True}, "reindex"),
    ],
)
def test_plan_mode_names_the_report_mode(flags: dict, mode: str) -> None:
    assert RunPlan("r", Path("/s"), "i", **flags).mode == mode


@pytest.mark.parametrize(
    ("index", "expected"),
    [(None, "articles"), ("articles-v1-x", "articles-v1-x")],
    ids=["defaults-to-the-alias", "keeps-a-concrete-index"],
)
def test_new_plan_targets_the_alias_unless_told_otherwise(index, expected) -> None:
    plan = new_plan(load_settings(), Path("/s"), index=index)
    assert plan.index == expected and plan.run_id and (plan.files, plan.problems, plan.total_bytes) == (0, 0, 0)


def test_discovery_counts_files_problems_and_bytes_as_it_streams(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Title\n\nBody of a.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Title\n\nBody of b, longer.\n", encoding="utf-8")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "missing.txt")
    plan = new_plan(load_settings(), tmp_path)
    counts = DiscoveryCounts()
    items = list(discover_counted(load_settings(), plan, counts))
    assert len(items) == 3
    size = (tmp_path / "a.txt").stat().st_size + (tmp_path / "b.txt").stat().st_size
    assert (counts.files, counts.problems, counts.bytes) == (2, 1, size)
    counted = plan.with_discovery(counts)
    assert (counted.files, counted.problems, counted.total_bytes) == (2, 1, size)


# -- the batcher ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sizes", "target", "max_files", "expected"),
    [
        pytest.param([10, 10, 10, 10], 20, None, [[10, 10], [10, 10]], id="closes-a-batch-when-it-reaches-the-target"),
        pytest.param([15, 10, 3], 20, None, [[15, 10], [3]], id="the-file-that-reaches-the-target-stays-in"),
        pytest.param([50, 1, 1], 20, None, [[50], [1, 1]], id="a-big-file-is-a-batch-of-its-own"),
        pytest.param([1] * 5, 100, 2, [[1, 1], [1, 1], [1]], id="file-cap-closes-small-batches"),
        pytest.param([], 10, None, [], id="no-files-no-batches"),
    ],
)
def test_batches_by_bytes_and_file_cap(sizes, target, max_files, expected) -> None:
    assert list(batches(sizes, target, size_of=lambda s: s, max_files=max_files)) == expected


def test_batches_stream_one_batch_at_a_time() -> None:
    consumed = itertools.count()
    endless = (next(consumed) for _ in itertools.repeat(None))  # never ends: nothing may read ahead
    first = next(batches(endless, 3, size_of=lambda _: 1))
    assert first == [0, 1, 2]
    assert next(consumed) == 3, "the batcher read past its first batch"


@pytest.mark.parametrize(
    ("sizes", "batch_bytes", "max_batches"),
    [
        pytest.param([6] * 5, 1, 3, id="files-that-do-not-pack"),
        pytest.param([10] * 100, 10, 4, id="many-equal-files"),
        pytest.param([1, 99, 1, 99, 1, 99], 5, 2, id="alternating-sizes"),
        pytest.param([3] * 1000, 1, 256, id="the-default-max-batches"),
    ],
)
def test_batch_target_keeps_the_number_of_batches_within_max_batches(sizes, batch_bytes, max_batches) -> None:
    target = batch_target(sum(sizes), batch_bytes, max_batches)
    assert target >= batch_bytes
    assert len(list(batches(sizes, target, size_of=lambda s: s))) <= max_batches

