"""``ingest_articles`` end to end through ``dag.test()`` (real Airflow, SQLite metadata DB, real Elasticsearch).

A manual run over 2024-03-01..2024-03-02 of the date-partitioned sample must index exactly the
8 articles ``etl parse`` finds in those two days' folders; the run report must add up; running
it again writes nothing; a dry run writes nothing at all.
"""

from __future__ import annotations

import pytest

from tests.airflow.helpers import (
    SAMPLE,
    alias_ids,
    assert_adds_up,
    parsed_ids,
    run_reports,
)

pytestmark = [pytest.mark.slow, pytest.mark.airflow, pytest.mark.es]

DAYS = ["2024-03-01", "2024-03-02"]
# Every param explicitly: in-process runs share the DAG object, and Airflow's ``process_params``
# writes a run's conf into the DAG's own Param objects, so a key left out would keep the value
# the previous ``dag.test()`` gave it (e.g. ``dry_run``).
CONF = {
    "source_dir": str(SAMPLE),
    "date_from": DAYS[0],
    "date_to": DAYS[-1],
    "full_sync": False,
    "reindex": False,
    "dry_run": False,
}


def _run(dag, conf: dict) -> object:  # noqa: ANN001
    dr = dag.test(run_conf=conf)
    assert dr is not None
    assert str(dr.state).split(".")[-1].lower() == "success", f"run {dr.run_id} ended {dr.state}"
    return dr


def _report_of(es, prefix: str, dag_run_id: str) -> dict:  # noqa: ANN001
    reports = [r for r in run_reports(es, f"{prefix}-runs") if r.get("dag_run_id") == dag_run_id]
    assert len(reports) == 1, f"expected one report for {dag_run_id}, got {len(reports)}"
    return reports[0]


@pytest.mark.timeout(300, func_only=True)  # the session ES node may start in fixtures
def test_manual_run_over_two_days_indexes_exactly_their_articles_and_reruns_write_nothing(dag, es, prefixed) -> None:  # noqa: ANN001
    prefix = prefixed
    expected = parsed_ids(SAMPLE, DAYS)
    assert len(expected) == 8, expected  # data/sample/README.md: 4 + 4 articles

    # A dry run parses and reports only: not even the templates or the alias are created.
    _run(dag, {**CONF, "dry_run": True})
    assert es.indices.get(index=f"{prefix}*", expand_wildcards="all", ignore_unavailable=True) == {}

    first = _run(dag, CONF)
    assert alias_ids(es, prefix) == expected
    report = _report_of(es, prefix, first.run_id)
    assert_adds_up(report)
    assert (report["date_from"], report["date_to"]) == tuple(DAYS)
    assert report["files_seen"] == 4 and report["files_parsed"] == 4 and report["files_quarantined"] == 0
    assert report["articles_parsed"] == 8
    assert report["indexed"] == report["created"] == 8
    assert report["dead_lettered"] == 0 and report["deleted"] == 0
    assert report["status"] == "succeeded" and report["mode"] == "incremental"

    # The same run again: every file is unchanged, nothing is written.
    versions = {h["_id"]: h["_version"] for h in es.search(index=prefix, size=100, version=True)["hits"]["hits"]}
    second = _run(dag, CONF)
    assert second.run_id != first.run_id
    again = _report_of(es, prefix, second.run_id)
    assert_adds_up(again)
    assert again["files_seen"] == 4 and again["files_unchanged"] == 4
    assert again["indexed"] == again["created"] == again["updated"] == 0
    assert alias_ids(es, prefix) == expected
    after = {h["_id"]: h["_version"] for h in es.search(index=prefix, size=100, version=True)["hits"]["hits"]}
    assert after == versions, "a re-run rewrote documents"

    # A day without files (zero mapped batches): the run still reconciles and reports zeros.
    empty = _run(dag, {**CONF, "date_from": "2024-02-01", "date_to": "2024-02-01"})
    nothing = _report_of(es, prefix, empty.run_id)
    assert_adds_up(nothing)
    assert nothing["files_seen"] == nothing["articles_parsed"] == nothing["indexed"] == 0

    # A dry run after real runs: still writes nothing (no new report, no new versions).
    third = _run(dag, {**CONF, "dry_run": True, "date_to": "2024-03-04"})
    assert [r for r in run_reports(es, f"{prefix}-runs") if r.get("dag_run_id") == third.run_id] == []
    assert len(run_reports(es, f"{prefix}-runs")) == 3
    assert alias_ids(es, prefix) == expected


# -- refresh off across a run's batches: the refresh_off setup and restore_refresh teardown ----


def _refresh_interval(es, alias: str) -> set:  # noqa: ANN001
    found = es.indices.get_settings(index=alias, name="index.refresh_interval", flat_settings=True).body
    return {v["settings"].get("index.refresh_interval") for v in found.values()}


def _state(dr, task_id: str) -> set[str]:  # noqa: ANN001
    return {str(ti.state).split(".")[-1].lower() for ti in dr.get_task_instances() if ti.task_id == task_id}


@pytest.mark.timeout(300, func_only=True)
def test_a_run_of_several_batches_loads_with_refresh_off_and_the_teardown_restores_it(dag, es, prefixed, monkeypatch) -> None:  # noqa: ANN001
    """Each batch of a multi-batch run reads refresh -1 from the index when it starts (the setup turned
    it off); afterwards the configured interval is back, after a run whose batch failed too (the
    teardown runs anyway). A run of one batch leaves it on."""
    import etl.runner
    from airflow.sdk.exceptions import AirflowFailException

    from etl.config import get_settings

    configured = {get_settings().elasticsearch.refresh_interval}
    real = etl.runner.process_batch
    seen: list[set] = []
    fail_at: list[int] = []  # the 1-based batch that fails (after indexing), none when empty

    def observed(es_, ctx, files, **kwargs):  # noqa: ANN001, ANN202 - the real batch, watched from inside the task
        seen.append(_refresh_interval(es, prefixed))
        report = real(es_, ctx, files, **kwargs)
        if len(seen) in fail_at:
            raise AirflowFailException(f"batch {len(seen)} fails on purpose, after indexing")
        return report

    monkeypatch.setattr(etl.runner, "process_batch", observed)
    monkeypatch.setenv("ETL_AIRFLOW__BATCH_BYTES", "1")  # one file per batch
    get_settings.cache_clear()

    first = _run(dag, CONF)  # 4 files: 4 batches
    assert len(seen) == 4 and all(s == {"-1"} for s in seen), seen
    assert _refresh_interval(es, prefixed) == configured
    assert _state(first, "refresh_off") == _state(first, "restore_refresh") == {"success"}
    assert alias_ids(es, prefixed) == parsed_ids(SAMPLE, DAYS), "every batch's documents are visible"

    seen.clear()
    fail_at.append(2)
    days = ["2024-03-03", "2024-03-04"]
    failed = dag.test(run_conf={**CONF, "date_from": days[0], "date_to": days[-1]})
    assert str(failed.state).split(".")[-1].lower() == "failed"
    assert _state(failed, "process_batch") == {"success", "failed"}
    assert _state(failed, "restore_refresh") == {"success"}, "the teardown must run after a failed batch"
    assert _state(failed, "reconcile") == {"upstream_failed"}
    assert len(seen) == 4 and all(s == {"-1"} for s in seen), seen
    assert _refresh_interval(es, prefixed) == configured

    # One batch (the default batch size holds the two days): the settings are left alone.
    seen.clear()
    fail_at.clear()
    monkeypatch.delenv("ETL_AIRFLOW__BATCH_BYTES")
    get_settings.cache_clear()
    _run(dag, {**CONF, "date_from": days[0], "date_to": days[-1]})
    assert seen == [configured]
    assert _refresh_interval(es, prefixed) == configured
