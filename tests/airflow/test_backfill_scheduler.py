"""Backfills the way the UI makes them, on a real running Airflow 3 (scheduler, dag-processor,
api-server, LocalExecutor, PostgreSQL), into the real Elasticsearch node.

* ``POST /api/v2/backfills`` over 2024-03-01..2024-03-03 → three backfill runs, each processing its
  logical date's partition: exactly those days' 4 + 4 + 2 articles (not 2024-03-04, not undated).
* The same backfill again with ``reprocess_behavior: completed`` ("all runs" in the UI): the three
  runs are cleared and run again; nothing is duplicated or rewritten.
* A run whose ``process_batch`` fails on its first attempt (after indexing, fault injected by
  ``ETL_FAIL_FIRST_BATCH_ATTEMPT``) succeeds on the retry with exact counts.
"""

from __future__ import annotations

import shutil

import pytest

from tests.airflow.helpers import (
    SAMPLE,
    alias_ids,
    assert_adds_up,
    parsed_ids,
    run_reports,
)

pytestmark = [pytest.mark.slow, pytest.mark.airflow, pytest.mark.es]

DAYS = ["2024-03-01", "2024-03-02", "2024-03-03"]


def _es(stack):  # noqa: ANN001
    from etl.config import ElasticsearchConfig
    from etl.index.client import make_client

    return make_client(ElasticsearchConfig(url=stack.env["ES_URL"], index_prefix=stack.prefix))


def _in_days(ids: dict[str, str], days: list[str]) -> dict[str, str]:
    prefixes = tuple(d.replace("-", "/") + "/" for d in days)
    return {i: p for i, p in ids.items() if p.startswith(prefixes)}


def _reports_by_run(es, stack) -> dict[str, dict]:  # noqa: ANN001
    return {r["dag_run_id"]: r for r in run_reports(es, f"{stack.prefix}-runs") if r.get("dag_run_id")}


@pytest.mark.timeout(300, func_only=True)  # the shared Airflow starts in fixtures, not counted
def test_backfill_three_days_then_reprocess_all_runs_writes_nothing_new(airflow) -> None:  # noqa: ANN001
    stack = airflow
    expected = parsed_ids(SAMPLE, DAYS)
    assert len(expected) == 10, expected  # data/sample/README.md: 4 + 4 + 2
    conf = {"source_dir": str(SAMPLE)}
    es = _es(stack)
    try:
        backfill = stack.create_backfill(DAYS[0], DAYS[-1], conf, reprocess="none")
        assert backfill["reprocess_behavior"] == "none" and backfill["dag_run_conf"] == conf
        runs = stack.wait_backfill(backfill["id"], DAYS)
        assert {r["run_type"] for r in runs.values()} == {"backfill"}

        indexed = alias_ids(es, stack.prefix)
        # Exactly the three days' articles: no 2024-03-04, no undated file (other tests of this
        # Airflow write other days only, so the three days' share of the alias must be exact).
        assert _in_days(indexed, DAYS) == expected
        assert not [p for p in indexed.values() if p.startswith(("undated/", "2024/03/04/"))]
        reports = _reports_by_run(es, stack)
        for day, run in runs.items():
            rep = reports[run["dag_run_id"]]
            assert_adds_up(rep)
            assert rep["date_from"] == rep["date_to"] == day, rep
            want = sum(1 for p in expected.values() if p.startswith(day.replace("-", "/") + "/"))
            assert rep["articles_parsed"] == rep["indexed"] == rep["created"] == want, rep
        versions = {h["_id"]: h["_version"] for h in es.search(index=stack.prefix, size=1000, version=True)["hits"]["hits"]}

        # The same backfill with "all runs" (reprocess completed ones): the runs are cleared and rerun.
        again = stack.create_backfill(DAYS[0], DAYS[-1], conf, reprocess="completed")
        assert again["id"] != backfill["id"] and again["reprocess_behavior"] == "completed"
        rerun = stack.wait_backfill(again["id"], DAYS)
        assert {d: r["dag_run_id"] for d, r in rerun.items()} == {d: r["dag_run_id"] for d, r in runs.items()}
        for day, run in rerun.items():
            assert run["end_date"] > runs[day]["end_date"], f"{day} was not run again"
        assert _in_days(alias_ids(es, stack.prefix), DAYS) == expected
        reports = _reports_by_run(es, stack)
        for run in rerun.values():
            rep = reports[run["dag_run_id"]]
            assert_adds_up(rep)
            assert rep["files_unchanged"] == rep["files_seen"] > 0, rep
            assert rep["indexed"] == rep["created"] == rep["updated"] == 0, rep
        after = {h["_id"]: h["_version"] for h in es.search(index=stack.prefix, size=1000, version=True)["hits"]["hits"]}
        assert {i: v for i, v in after.items() if i in expected} == {i: v for i, v in versions.items() if i in expected}
    finally:
        es.close()


@pytest.mark.timeout(240, func_only=True)  # the shared Airflow starts in fixtures, not counted
def test_batch_that_fails_once_after_indexing_succeeds_on_retry_with_exact_counts(airflow, tmp_path) -> None:  # noqa: ANN001
    stack = airflow
    day = "2024-03-05"  # ETL_FAIL_FIRST_BATCH_ATTEMPT in the stack's env names this day
    # A source of its own: 2024-03-04's files, landed under 2024/03/05 (new paths, so new ids).
    source = tmp_path / "landing"
    shutil.copytree(SAMPLE / "2024" / "03" / "04", source / "2024" / "03" / "05")
    expected = parsed_ids(source, [day])
    assert len(expected) == 3, expected
    es = _es(stack)
    try:
        backfill = stack.create_backfill(day, day, {"source_dir": str(source)})
        run = stack.wait_backfill(backfill["id"], [day])[day]
        tis = {(t["task_id"], t["map_index"]): t for t in stack.task_instances(run["dag_run_id"])}
        batch = tis[("process_batch", 0)]
        assert batch["state"] == "success" and batch["try_number"] == 2, batch
        assert all(t["state"] == "success" for t in tis.values()), {k: t["state"] for k, t in tis.items()}
        assert _in_days(alias_ids(es, stack.prefix), [day]) == expected
        rep = _reports_by_run(es, stack)[run["dag_run_id"]]
        assert_adds_up(rep)
        # The failed attempt had indexed the batch; the retry found every file unchanged.
        assert rep["files_seen"] == 2 and rep["files_unchanged"] == 2 and rep["indexed"] == 0, rep
        assert es.count(index=stack.prefix, query={"prefix": {"source.path": "2024/03/05/"}})["count"] == 3
    finally:
        es.close()
