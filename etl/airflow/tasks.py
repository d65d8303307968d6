"""The bodies of the ``ingest_articles`` DAG's tasks, kept out of the DAG file.

Every function here takes and returns small JSON-able values (paths, ids, counts):
that is what goes through XCom. Anything larger (the file manifest, batch reports)
is staged through :class:`airflow.sdk.ObjectStoragePath` under ``ETL_STAGING_URL``
(``file://<project>/.local/staging`` by default; ``s3://bucket/prefix`` works once
the amazon provider is installed), one folder per DAG run.

Partition rule: a scheduled or backfill run processes the files of its logical
date's day (``<source>/YYYY/MM/DD/`` or a ``YYYY-MM-DD`` folder). Airflow 3's
``@daily`` is a ``CronTriggerTimetable`` whose data interval has zero length, so
the day comes from ``logical_date``. A manual run processes the ``date_from`` ..
``date_to`` range from its params, or, with neither, the whole source including
files outside date folders.
"""

from __future__ import annotations

import logging
import os
import re
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson

from etl.config import PROJECT_ROOT, get_settings
from etl.errors import InjectedFault

log = logging.getLogger(__name__)

DEFAULT_SOURCE = PROJECT_ROOT / "data" / "sample"
DEFAULT_STAGING = f"file://{PROJECT_ROOT / '.local' / 'staging'}"
#: Fault-injection hook for tests (never set in production): ``1`` makes the first attempt of
#: every ``process_batch`` task fail *after* it has indexed its batch; a comma-separated list of
#: dates (``2024-03-05,2024-03-06``) limits that to runs whose partition starts on one of them.
#: The retry must then succeed and leave the index exactly as one clean attempt would.
FAIL_FIRST_BATCH_ATTEMPT_ENV = "ETL_FAIL_FIRST_BATCH_ATTEMPT"


def _inject_fault(run: dict[str, Any]) -> None:
    value = os.environ.get(FAIL_FIRST_BATCH_ATTEMPT_ENV, "").strip()
    if value.lower() in ("", "0", "false", "no"):
        return
    if value.lower() not in ("1", "true", "yes") and run.get("date_from") not in {v.strip() for v in value.split(",")}:
        return
    from airflow.sdk import get_current_context

    try:
        try_number = get_current_context()["ti"].try_number
    except Exception:  # noqa: BLE001 - outside a running task there is nothing to fail
        return
    if try_number == 1:
        raise InjectedFault(f"{FAIL_FIRST_BATCH_ATTEMPT_ENV}={value}: failing attempt 1 on purpose (after indexing)")


def staging_root() -> Any:
    from airflow.sdk import ObjectStoragePath

    return ObjectStoragePath(os.environ.get("ETL_STAGING_URL", DEFAULT_STAGING))


def _safe(run_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", run_id)[:120]


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
    """The client for tasks: the ``elasticsearch_default`` connection when set, else ES_* env."""
    from etl.index.client import config_from_airflow, make_client

    return make_client(config_from_airflow(get_settings().elasticsearch))


def discover(params: dict[str, Any], run_type: str, logical_date: datetime | None, dag_run_id: str) -> dict[str, Any]:
    """Find the run's files, write their manifest to staging; return the run's plan (small)."""
    from etl.index import manage
    from etl.models import Quarantined
    from etl.read.sources import encode_path
    from etl.runner import discover_files

    settings = get_settings()
    source = Path(params.get("source_dir") or DEFAULT_SOURCE).resolve()
    if not source.is_dir():
        raise FileNotFoundError(f"source_dir {source} is not a directory (set the source_dir param)")
    part = resolve_partition(params, run_type, logical_date)
    run_dir = staging_root() / _safe(dag_run_id)
    run_dir.mkdir(parents=True, exist_ok=True)
    files = problems = total_bytes = 0
    with (run_dir / "files.jsonl").open("wb") as fh:
        for item in discover_files(
            settings,
            source,
            date_from=_parse_date(part["date_from"]),
            date_to=_parse_date(part["date_to"]),
            include_undated=part["include_undated"],
        ):
            if isinstance(item, Quarantined):
                problems += 1
                fh.write(orjson.dumps({"problem": [item.rel_path, item.reason, item.detail]}) + b"\n")
                continue
            files += 1
            total_bytes += item.size
            fh.write(
                orjson.dumps({"rel_path": item.rel_path, "size": item.size, "path": encode_path(item.path)}) + b"\n"
            )
    dry_run = bool(params.get("dry_run"))
    index = None
    if not dry_run:
        es = es_client()
        try:
            manage.setup(es, settings.elasticsearch)
            if params.get("reindex"):
                manage.put_templates(es, settings.elasticsearch)
                index = manage.create_index(es, manage.IndexNames.of(settings.elasticsearch))
        finally:
            es.close()
    return {
        "source": str(source),
        "staging": str(run_dir),
        "dag_run_id": dag_run_id,
        "run_id": _safe(dag_run_id),
        "files": files,
        "discover_problems": problems,
        "bytes": total_bytes,
        "index": index,
        "reindex": bool(params.get("reindex")),
        "full_sync": bool(params.get("full_sync")),
        "dry_run": dry_run,
        **part,
    }


def plan(run: dict[str, Any]) -> list[str]:
    """Group the manifest into batches by bytes; write one manifest per batch; return their paths."""
    from airflow.sdk import ObjectStoragePath

    from etl.runner import plan_batches

    settings = get_settings().airflow
    run_dir = ObjectStoragePath(run["staging"])
    entries: list[tuple[str, str, int]] = []
    with (run_dir / "files.jsonl").open("rb") as fh:
        for line in fh:
            rec = orjson.loads(line)
            if "rel_path" in rec:
                entries.append((rec["rel_path"], rec["path"], rec["size"]))
    batches = plan_batches(entries, lambda entry: entry[2], settings.batch_bytes, settings.max_batches)
    paths = []
    for i, batch in enumerate(batches):
        path = run_dir / "batches" / f"{i:04d}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(orjson.dumps(batch))
        paths.append(str(path))
    return paths


def process_batch(batch_path: str, run: dict[str, Any]) -> dict[str, Any]:
    """One mapped task: process and index the batch's files; idempotent, so retries are safe."""
    from airflow.sdk import ObjectStoragePath

    from etl.index.schema import IndexNames
    from etl.read.sources import source_file
    from etl.runner import RunContext
    from etl.runner import process_batch as run_batch

    settings = get_settings()
    source = Path(run["source"])
    entries = orjson.loads(ObjectStoragePath(batch_path).read_bytes())
    files = [f for f in (source_file(rel, path_hex) for rel, path_hex, _size in entries) if f is not None]
    missing = len(entries) - len(files)
    ctx = RunContext(
        settings=settings,
        source_root=source,
        run_id=run["run_id"],
        index=run["index"] or IndexNames.of(settings.elasticsearch).alias,
        dry_run=run["dry_run"],
        workers=int(os.environ.get("ETL_TASK_WORKERS", "1")),
    )
    es = None if run["dry_run"] else es_client()
    try:
        report = run_batch(es, ctx, files)
    finally:
        if es is not None:
            es.close()
    report.files_seen += missing
    report.files_quarantined += missing
    if missing:
        report.errors["vanished"] += missing
    _inject_fault(run)
    out = ObjectStoragePath(batch_path.replace(".json", ".report.json"))
    out.write_bytes(orjson.dumps(report.to_dict()))
    return {"report": str(out), "files": report.files_seen, "articles": report.articles_parsed}


def reconcile(batch_results: list[dict[str, Any]], run: dict[str, Any]) -> dict[str, Any]:
    """Merge the batch reports, apply full-sync deletions, and fail unless everything adds up."""
    from airflow.sdk import ObjectStoragePath

    from etl.index.schema import IndexNames
    from etl.runner import RunContext, delete_vanished
    from etl.runner.report import RunReport

    settings = get_settings()
    report = RunReport(
        run["run_id"],
        source=run["source"],
        mode="reindex" if run["reindex"] else ("full_sync" if run["full_sync"] else "incremental"),
        dry_run=run["dry_run"],
        index=run["index"] or IndexNames.of(settings.elasticsearch).alias,
        date_from=run["date_from"],
        date_to=run["date_to"],
        dag_run_id=run["dag_run_id"],
    )
    for result in batch_results or []:
        report.merge(RunReport.from_dict(orjson.loads(ObjectStoragePath(result["report"]).read_bytes())))
    report.files_seen += run["discover_problems"]
    report.files_quarantined += run["discover_problems"]
    if report.files_seen != run["files"] + run["discover_problems"]:
        from etl.errors import ReportMismatch

        raise ReportMismatch(
            f"run {run['run_id']}: the batches saw {report.files_seen} files but discovery found "
            f"{run['files'] + run['discover_problems']}; read the batch reports in {run['staging']} and re-run the "
            "partition (idempotent)"
        )
    if not run["dry_run"]:
        from etl.index.bulk import BulkLoader, DeadLetterFile
        from etl.index.duplicates import link_duplicates
        from etl.runner import DEFAULT_RUNS_DIR

        es = es_client()
        try:
            dead = DEFAULT_RUNS_DIR / run["run_id"] / "duplicate-links-deadletter.jsonl"
            report.duplicates = link_duplicates(
                es,
                report.index,
                run["run_id"],
                settings.enrich.near_duplicate_max_distance,
                loader_factory=lambda: BulkLoader(es, report.index, settings.bulk, DeadLetterFile(dead)),
            ).duplicates
        finally:
            es.close()
    if run["full_sync"] and not run["dry_run"]:
        es = es_client()
        try:
            ctx = RunContext(settings=settings, source_root=Path(run["source"]), run_id=run["run_id"], index=report.index)
            report.deleted += delete_vanished(
                es,
                ctx,
                discovered=run["files"],
                date_from=_parse_date(run["date_from"]),
                date_to=_parse_date(run["date_to"]),
            )
        finally:
            es.close()
    report.check()
    report.finish("succeeded")
    path = ObjectStoragePath(run["staging"]) / "report.json"
    path.write_bytes(orjson.dumps(report.to_dict()))
    return {"report": str(path), "indexed": report.indexed, "unchanged": report.unchanged, "files": report.files_seen}


def publish(summary: dict[str, Any], run: dict[str, Any]) -> dict[str, Any]:
    """Make the run visible: swap the alias for a reindex, else refresh; return the counts for the Asset event."""
    from etl.index import manage
    from etl.index.schema import IndexNames

    if run["dry_run"]:
        return {"published": False, **summary}
    settings = get_settings()
    names = IndexNames.of(settings.elasticsearch)
    es = es_client()
    try:
        if run["reindex"]:
            left = manage.swap_alias(es, names, run["index"])
            log.info("alias %s now on %s; kept for rollback: %s", names.alias, run["index"], left)
        es.indices.refresh(index=names.alias)
        total = es.count(index=names.alias)["count"]
    finally:
        es.close()
    return {"published": True, "alias_docs": total, **summary}


def report(published: dict[str, Any], run: dict[str, Any]) -> dict[str, Any]:
    """Index the run report into ``<prefix>-runs`` and log a one-line summary."""
    from airflow.sdk import ObjectStoragePath

    from etl.index.schema import IndexNames
    from etl.runner.report import RunReport

    data = orjson.loads(ObjectStoragePath(published["report"]).read_bytes())
    rep = RunReport.from_dict(data)
    if not run["dry_run"]:
        es = es_client()
        try:
            es.index(index=IndexNames.of(get_settings().elasticsearch).runs, id=rep.run_id, document=rep.to_es_doc())
        finally:
            es.close()
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
        os.environ.get("ETL_STAGING_URL", DEFAULT_STAGING),
    )


# -- reindex_articles ---------------------------------------------------------------------


def reindex_create(dag_run_id: str) -> dict[str, Any]:
    """Put the current templates in place and create an empty versioned index."""
    from etl.index import manage
    from etl.index.schema import IndexNames

    settings = get_settings()
    es = es_client()
    try:
        manage.setup(es, settings.elasticsearch)
        names = IndexNames.of(settings.elasticsearch)
        return {"old_index": manage.write_index(es, names), "new_index": manage.create_index(es, names), "run_id": _safe(dag_run_id)}
    finally:
        es.close()


def reindex_fill(plan_: dict[str, Any], source_dir: str | None) -> dict[str, Any]:
    """Fill the new index from the source files (refresh off, no replicas while loading)."""
    from etl.runner import run

    settings = get_settings()
    source = Path(source_dir or DEFAULT_SOURCE).resolve()
    es = es_client()
    try:
        report = run(
            es,
            settings,
            source,
            index=plan_["new_index"],
            bulk_load=True,
            run_id=plan_["run_id"],
            workers=int(os.environ.get("ETL_TASK_WORKERS", "1")),
        )
    finally:
        es.close()
    return {**plan_, "expected": report.indexed + report.unchanged, "dead_lettered": report.dead_lettered}


def reindex_verify(filled: dict[str, Any], queries: list[str]) -> dict[str, Any]:
    """The new index must hold what was loaded, and find something for every query the old one did."""
    from etl.index import manage

    es = es_client()
    try:
        new, old = filled["new_index"], filled["old_index"]
        es.indices.refresh(index=new)
        actual = es.count(index=new)["count"]
        if actual != filled["expected"] or filled["dead_lettered"]:
            from etl.errors import ReportMismatch

            raise ReportMismatch(
                f"{new} holds {actual} documents, {filled['expected']} expected, {filled['dead_lettered']} dead-lettered;"
                f" the alias stays on {old}: check the dead letters of run {filled['run_id']}, fix, and run the reindex again"
            )
        manage.verify_searches(es, old, new, queries)
    finally:
        es.close()
    return {**filled, "documents": actual}


def reindex_swap(verified: dict[str, Any]) -> dict[str, Any]:
    """Move the alias to the new index in one atomic call; the old index stays for rollback."""
    from etl.index import manage
    from etl.index.schema import IndexNames

    es = es_client()
    try:
        left = manage.swap_alias(es, IndexNames.of(get_settings().elasticsearch), verified["new_index"])
    finally:
        es.close()
    log.info("alias now on %s (%d documents); kept for rollback: %s", verified["new_index"], verified["documents"], left)
    return {**verified, "kept_for_rollback": left}
