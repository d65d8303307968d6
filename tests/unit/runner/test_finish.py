"""The end of a run, as etl run and the DAG's reconcile share it: the report from the plan, the checks."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from etl.config import load_settings
from etl.errors import ReportMismatch
from etl.models import Quarantined
from etl.runner import (
    RunPlan,
    RunReport,
    finish_run,
    new_report,
    note_discovery_problem,
)


def _plan(**kw) -> RunPlan:
    return RunPlan("r1", Path("/data/src"), "articles", dry_run=True, **kw)


@pytest.mark.parametrize(
    ("plan", "expected"),
    [
        pytest.param(_plan(), {"mode": "incremental", "date_from": None, "date_to": None, "dag_run_id": None}, id="etl-run"),
        pytest.param(
            _plan(full_sync=True, date_from=date(2024, 3, 1), date_to=date(2024, 3, 2), dag_run_id="manual__x"),
            {"mode": "full_sync", "date_from": "2024-03-01", "date_to": "2024-03-02", "dag_run_id": "manual__x"},
            id="dag-full-sync-over-a-range",
        ),
        pytest.param(_plan(reindex=True), {"mode": "reindex"}, id="dag-reindex"),
    ],
)
def test_report_starts_from_the_plan(plan: RunPlan, expected: dict) -> None:
    report = new_report(plan)
    assert (report.run_id, report.source, report.index, report.dry_run) == ("r1", "/data/src", "articles", True)
    assert {k: getattr(report, k) for k in expected} == expected


def test_discovery_problem_is_seen_and_quarantined_with_its_reason() -> None:
    report = new_report(_plan())
    note_discovery_problem(report, Quarantined("a/link.txt", "broken_symlink", "symbolic link target does not exist"))
    assert (report.files_seen, report.files_quarantined, report.errors["broken_symlink"]) == (1, 1, 1)
    assert report.problems[0]["path"] == "a/link.txt"


def _seen(files_seen: int, parsed: int, quarantined: int) -> RunReport:
    report = new_report(_plan())
    report.files_seen, report.files_parsed, report.files_quarantined = files_seen, parsed, quarantined
    return report


@pytest.mark.parametrize(
    ("files", "problems", "report", "error"),
    [
        pytest.param(3, 1, _seen(4, 3, 1), None, id="every-discovered-file-seen"),
        pytest.param(0, 0, _seen(0, 0, 0), None, id="empty-partition"),
        pytest.param(3, 1, _seen(3, 2, 1), "the batches saw 3 files but discovery found 4", id="a-batch-lost-a-file"),
        pytest.param(3, 0, _seen(3, 2, 0), "does not add up", id="report-does-not-add-up"),
    ],
)
def test_finish_checks_files_against_discovery_and_the_sums(files, problems, report, error) -> None:
    plan = _plan(files=files, problems=problems)
    if error is None:
        assert finish_run(None, load_settings(), plan, report) is report
    else:
        with pytest.raises(ReportMismatch, match=error):
            finish_run(None, load_settings(), plan, report)
