"""The bodies of the ``ingest_articles`` DAG's tasks, kept out of the DAG file.

Every function here takes and returns small JSON-able values (the run's
:class:`etl.runner.RunPlan` as ``plan.to_dict()``, paths, ids, counts): that is what goes
through XCom. Anything larger (the file manifest, batch reports) is staged through
:mod:`etl.airflow.staging`, one folder per DAG run.

The work itself is the runner's, the same functions ``etl run`` calls: the plan
(:func:`etl.runner.new_plan`), the batcher (:func:`etl.runner.batches`), one batch
(:func:`etl.runner.process_batch`), the end of the run (:func:`etl.runner.finish_run`,
:func:`etl.runner.publish_report`) and the reindex steps (:mod:`etl.index.manage`,
:mod:`etl.runner.reindex`).

Partition rule: a scheduled or backfill run processes the files of its logical
date's day (``<source>/YYYY/MM/DD/`` or a ``YYYY-MM-DD`` folder). Airflow 3's
``@daily`` is a ``CronTriggerTimetable`` whose data interval has zero length, so
the day comes from ``logical_date``. A manual run processes the ``date_from`` ..
``date_to`` range from its params, or, with neither, the whole source including
files outside date folders.
"""

from __future__ import annotations

import dataclasses
import logging
import os
from contextlib import nullcontext
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from etl.airflow import staging
from etl.config import PROJECT_ROOT, get_settings
from etl.errors import InjectedFault

if TYPE_CHECKING:
    from etl.runner import RunPlan

log = logging.getLogger(__name__)

DEFAULT_SOURCE = PROJECT_ROOT / "data" / "sample"
#: Fault-injection hook for tests (never set in production): ``1`` makes the first attempt of
#: every ``process_batch`` task fail *after* it has indexed its batch; a comma-separated list of
#: dates (``2024-03-05,2024-03-06``) limits that to runs whose partition starts on one of them.
#: The retry must then succeed and leave the index exactly as one clean attempt would.
FAIL_FIRST_BATCH_ATTEMPT_ENV = "ETL_FAIL_FIRST_BATCH_ATTEMPT"


def _inject_fault(plan: RunPlan) -> None:
    value = os.environ.get(FAIL_FIRST_BATCH_ATTEMPT_ENV, "").strip()
    if value.lower() in ("", "0", "false", "no"):
        return
    day = plan.date_from.isoformat() if plan.date_from else None
    if value.lower() not in ("1", "true", "yes") and day not in {v.strip() for v in value.split(",")}:
        return
    from airflow.sdk import get_current_context

    try:
        try_number = get_current_context()["ti"].try_number
    except Exception:  # noqa: BLE001 - outside a running task there is nothing to fail
        return
    if try_number == 1:
        raise InjectedFault(f"{FAIL_FIRST_BATCH_ATTEMPT_ENV}={value}: failing attempt 1 on purpose (after indexing)")


def _parse_date(value: Any) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def resolve_partition(params: dict[str, Any], run_type: str, logical_date: datetime | None) -> dict[str, Any]:
    """Which files a run processes: its day for scheduled/backfill runs, the params' range for manual ones."""
    if run_type in ("scheduled", "backfill") and logical_date is not None:
        day = logical_date.date()
        return {"date_from": day.isoformat(), "date_to": day.isoformat(), "include_undated": False}
    date_from, date_to = _parse_date(params.get("date_from")), _parse_date(params.get("date_to"))
    if date_from and date_to and date_from > date_to:
        raise ValueError(f"date_from {date_from} is after date_to {date_to}")
    return {
        "date_from": date_from.isoformat() if date_from else None,
        "date_to": date_to.isoformat() if date_to else None,
        "include_undated": not (date_from or date_to),
    }


def es_client():
    """The client for tasks: the ``elasticsearch_default`` connection when set, else ES_* env.

    Use it as ``with es_client() as es:`` (the client closes on exit).
    """
    from etl.index.client import config_from_airflow, make_client

    return make_client(config_from_airflow(get_settings().elasticsearch))


def source_root(source_dir: str | None, conn_id: str | None = None) -> Path | str:
    """The ``source_dir`` param as the runner takes it: a local folder (checked), or an object-storage
    URL (``s3://bucket/prefix``, checked by listing it; ``conn_id``: the Airflow connection to read it with)."""
    from etl.read.objects import ObjectRoot, is_object_url, source_location

    value = source_dir or str(DEFAULT_SOURCE)
    if is_object_url(value):
        root = ObjectRoot.parse(value, conn_id=conn_id or None)
        root.check()
        return root.url
    source = Path(source_location(value)).resolve()
    if not source.is_dir():
        raise FileNotFoundError(f"source_dir {source} is not a directory (set the source_dir param)")
    return source


def discover(params: dict[str, Any], run_type: str, logical_date: datetime | None, dag_run_id: str) -> dict[str, Any]:
    """Find the run's files, write their manifest to staging; return the run's plan (small)."""
    from etl.index import manage
    from etl.runner import DiscoveryCounts, discover_counted, new_plan

    settings = get_settings()
    source = source_root(params.get("source_dir"), params.get("source_conn_id"))
    part = resolve_partition(params, run_type, logical_date)
    folder = staging.run_folder(dag_run_id)
    plan = new_plan(
        settings,
        source,
        run_id=staging.safe_id(dag_run_id),
        dag_run_id=dag_run_id,
        staging=str(folder),
        date_from=_parse_date(part["date_from"]),
        date_to=_parse_date(part["date_to"]),
        include_undated=part["include_undated"],
        full_sync=bool(params.get("full_sync")),
        reindex=bool(params.get("reindex")),
        dry_run=bool(params.get("dry_run")),
    )
    counts = DiscoveryCounts()
    staging.write_manifest(folder, discover_counted(settings, plan, counts))
    plan = plan.with_discovery(counts)
    if not plan.dry_run:
        with es_client() as es:
            if plan.reindex:
                _old, new_index = manage.reindex_start(es, settings.elasticsearch, ensure_alias=True)
                plan = dataclasses.replace(plan, index=new_index)
            else:
                manage.setup(es, settings.elasticsearch)
    return plan.to_dict()


def plan(plan_dict: dict[str, Any]) -> list[str]:
    """Group the manifest into batches by bytes, streaming; write one manifest per batch; return their paths."""
    from etl.runner import RunPlan, batch_target, batches

    settings = get_settings().airflow
    run_plan = RunPlan.from_dict(plan_dict)
    folder = staging.object_path(run_plan.staging)
    target = batch_target(run_plan.total_bytes, settings.batch_bytes, settings.max_batches)
    return staging.write_batches(folder, batches(staging.manifest_entries(folder), target, size_of=lambda entry: entry[2]))


def refresh_off(plan_dict: dict[str, Any], batch_paths: list[str]) -> dict[str, Any]:
    """Setup task: refresh off for a load of more than one batch, as ``etl run`` loads
    (:class:`etl.runner.load_settings.LoadSettings`). A dry run, or a run of one batch or none,
    leaves the settings alone. A live alias keeps its replicas; a reindex's new index, not live
    yet, loads without them. Refresh left off by an earlier run that never restored it is put back first.
    Returns what the teardown (:func:`restore_refresh`) needs."""
    from etl.runner import RunPlan
    from etl.runner.load_settings import LoadSettings, restore_left_off

    run_plan = RunPlan.from_dict(plan_dict)
    state = {"index": run_plan.index, "off": False, "replicas": run_plan.reindex}
    if run_plan.dry_run:
        return state
    settings = get_settings()
    with es_client() as es:
        restore_left_off(es, run_plan.index, settings)
        if len(batch_paths or []) > 1:
            LoadSettings(es, run_plan.index, settings, replicas=run_plan.reindex).off()
            state["off"] = True
            log.info("refresh off on %s for %d batches (replicas too: %s)", run_plan.index, len(batch_paths), run_plan.reindex)
    return state


def restore_refresh(state: dict[str, Any]) -> dict[str, Any]:
    """Teardown task: the configured refresh interval (and replicas) back, whether the batches
    succeeded or failed; a no-op when the setup left the settings alone."""
    from etl.runner.load_settings import LoadSettings

    if state.get("off"):
        with es_client() as es:
            LoadSettings(es, state["index"], get_settings(), replicas=bool(state.get("replicas"))).restore()
        log.info("refresh restored on %s", state["index"])
    return state


def process_batch(batch_path: str, plan_dict: dict[str, Any]) -> dict[str, Any]:
    """One mapped task: process and index the batch's files; idempotent, so retries are safe.

    Before it writes, the DAG run's report (if an earlier try of the same run id left one) is
    marked not decided (:func:`etl.runner.finish.mark_undecided`): a cleared run that fails in its
    link step must not leave a ``succeeded`` report that makes later runs trust links it never wrote."""
    from etl.runner import RunPlan
    from etl.runner import process_batch as run_batch
    from etl.runner.finish import mark_undecided

    settings = get_settings()
    run_plan = RunPlan.from_dict(plan_dict)
    files, missing = staging.read_batch(batch_path)
    ctx = run_plan.context(settings, workers=int(os.environ.get("ETL_TASK_WORKERS", "1")))
    with (nullcontext() if run_plan.dry_run else es_client()) as es:
        if es is not None:
            mark_undecided(es, settings, run_plan.run_id)
        report = run_batch(es, ctx, files)
    report.files_seen += missing
    report.files_quarantined += missing
    if missing:
        report.errors["vanished"] += missing
    _inject_fault(run_plan)
    out = staging.write_json(staging.batch_report_url(batch_path), report.to_dict())
    return {"report": out, "files": report.files_seen, "articles": report.articles_parsed}


def reconcile(batch_results: list[dict[str, Any]], plan_dict: dict[str, Any]) -> dict[str, Any]:
    """Merge the batch reports and the discovery problems, then finish the run (:func:`etl.runner.finish_run`)."""
    from etl.runner import (
        RunPlan,
        RunReport,
        finish_run,
        new_report,
        note_discovery_problem,
    )

    settings = get_settings()
    run_plan = RunPlan.from_dict(plan_dict)
    folder = staging.object_path(run_plan.staging)
    report = new_report(run_plan)
    for result in batch_results or []:
        report.merge(RunReport.from_dict(staging.read_json(result["report"])))
    for problem in staging.manifest_problems(folder):
        note_discovery_problem(report, problem)
    with (nullcontext() if run_plan.dry_run else es_client()) as es:
        finish_run(es, settings, run_plan, report)
    report.finish("succeeded")
    out = staging.write_json(str(folder / "report.json"), report.to_dict())
    return {"report": out, "indexed": report.indexed, "unchanged": report.unchanged, "files": report.files_seen}


def publish(summary: dict[str, Any], plan_dict: dict[str, Any]) -> dict[str, Any]:
    """Make the run visible: swap the alias for a reindex, else refresh; return the counts for the Asset event."""
    from etl.index import manage
    from etl.index.schema import IndexNames
    from etl.runner import RunPlan, RunReport

    run_plan = RunPlan.from_dict(plan_dict)
    if run_plan.dry_run:
        return {"published": False, **summary}
    settings = get_settings()
    names = IndexNames.of(settings.elasticsearch)
    with es_client() as es:
        if run_plan.reindex:
            # The same verification as every other reindex path, before the alias moves.
            rep = RunReport.from_dict(staging.read_json(summary["report"]))
            filled = manage.Filled(rep.in_index, rep.dead_lettered, rep.run_id)
            manage.reindex_verify(es, manage.write_index(es, names), run_plan.index, filled)
            left = manage.reindex_swap(es, settings.elasticsearch, run_plan.index)
            log.info("alias %s now on %s; kept for rollback: %s", names.alias, run_plan.index, left)
        es.indices.refresh(index=names.alias)
        total = es.count(index=names.alias)["count"]
    return {"published": True, "alias_docs": total, **summary}


def report(published: dict[str, Any], plan_dict: dict[str, Any]) -> dict[str, Any]:
    """Index the run report into ``<prefix>-runs`` (:func:`etl.runner.publish_report`) and log a one-line summary."""
    from etl.runner import RunPlan, RunReport, publish_report

    data = staging.read_json(published["report"])
    rep = RunReport.from_dict(data)
    if not RunPlan.from_dict(plan_dict).dry_run:
        with es_client() as es:
            publish_report(es, get_settings(), rep, best_effort=False)
    log.info(
        "run %s: files %d (parsed %d, unchanged %d, quarantined %d); articles %d (indexed %d, unchanged %d, "
        "dead-lettered %d, duplicates %d); deleted %d",
        rep.run_id, rep.files_seen, rep.files_parsed, rep.files_unchanged, rep.files_quarantined,
        rep.articles_parsed, rep.indexed, rep.unchanged, rep.dead_lettered, rep.duplicates, rep.deleted,
    )  # fmt: skip
    return {k: data[k] for k in ("run_id", "files_seen", "articles_parsed", "indexed", "unchanged", "dead_lettered", "deleted")}


def on_failure(context: dict[str, Any]) -> None:
    """DAG failure callback: one clear log line saying what failed and where to look."""
    ti = context.get("task_instance") or context.get("ti")
    dag_run = context.get("dag_run")
    err = context.get("exception")
    log.error(
        "ingest_articles run %s failed in task %s: %s. Re-running the run is safe (idempotent); "
        "staging and reports are under %s",
        getattr(dag_run, "run_id", "?"),
        getattr(ti, "task_id", "?"),
        err,
        staging.staging_url(),
    )


# -- reindex_articles ---------------------------------------------------------------------
# The steps of etl.index.manage.reindex, one task each (etl index reindex runs them in one call).


def reindex_create(dag_run_id: str) -> dict[str, Any]:
    """Put the current templates (and the alias) in place and create an empty versioned index."""
    from etl.index import manage

    with es_client() as es:
        old, new = manage.reindex_start(es, get_settings().elasticsearch, ensure_alias=True)
    return {"old_index": old, "new_index": new, "run_id": staging.safe_id(dag_run_id)}


def reindex_fill(plan_: dict[str, Any], source_dir: str | None) -> dict[str, Any]:
    """Fill the new index from the source files (refresh off, no replicas while loading)."""
    from etl.runner.reindex import fill_from_source

    source = source_root(source_dir)
    workers = int(os.environ.get("ETL_TASK_WORKERS", "1"))
    with es_client() as es:
        filled = fill_from_source(es, get_settings(), source, plan_["new_index"], run_id=plan_["run_id"], workers=workers)
    return {**plan_, "expected": filled.documents, "dead_lettered": filled.dead_lettered}


def reindex_verify(filled: dict[str, Any], queries: list[str]) -> dict[str, Any]:
    """The new index must hold what was loaded, and find something for every query the old one did."""
    from etl.index import manage

    what = manage.Filled(filled["expected"], filled["dead_lettered"], filled["run_id"])
    with es_client() as es:
        documents = manage.reindex_verify(es, filled["old_index"], filled["new_index"], what, queries)
    return {**filled, "documents": documents}


def reindex_swap(verified: dict[str, Any]) -> dict[str, Any]:
    """Move the alias to the new index in one atomic call; the old index stays for rollback."""
    from etl.index import manage

    with es_client() as es:
        left = manage.reindex_swap(es, get_settings().elasticsearch, verified["new_index"])
    log.info("alias now on %s (%d documents); kept for rollback: %s", verified["new_index"], verified["documents"], left)
    return {**verified, "kept_for_rollback": left}
