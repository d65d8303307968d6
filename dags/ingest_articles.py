"""Scheduled, incremental ingestion of raw news articles into Elasticsearch.

Orchestration only: every task calls a function in ``etl.airflow.tasks``; nothing
heavy is imported at parse time.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.sdk import Asset, Param, dag, get_current_context, setup, task, teardown

from etl.airflow.dag_settings import airflow_settings

CFG = airflow_settings()
ARTICLES = Asset("articles", uri="elasticsearch://articles")

def _on_failure(context) -> None:
    from etl.airflow.tasks import on_failure

    on_failure(context)


DOC_MD = """
### ingest_articles
Reads raw article files (`.txt`, `.html`, `.json`, `.jsonl`, optionally `.gz`) from **source_dir**
(a folder, or an object-storage prefix `s3://bucket/prefix` read through **source_conn_id**),
cleans, segments and enriches them, and indexes them into the Elasticsearch alias **articles**.

* **Scheduled and backfill runs** process the files of their logical date's partition:
  `<source_dir>/YYYY/MM/DD/` (or a `YYYY-MM-DD` folder; key prefixes alike on object storage).
* **Manual runs** process `date_from`..`date_to`, or the whole source (including files outside date folders).
* Tasks: discover → plan batches → refresh_off (setup) → process_batch (mapped) → restore_refresh
  (teardown) → reconcile → publish → report. A load of more than one batch runs with refresh off;
  the teardown puts the configured refresh back whether the batches succeed or fail.
  Every task is idempotent: retrying or re-running never duplicates documents.
* The run report is indexed into `articles-runs` (Kibana: *Ingestion health*); the run emits the `articles` asset.
"""


@dag(
    dag_id="ingest_articles",
    schedule=CFG["schedule"],
    start_date=pendulum.parse(CFG["start_date"], tz="UTC"),
    catchup=False,
    max_active_runs=4,
    tags=["articles", "etl", "elasticsearch"],
    doc_md=DOC_MD,
    default_args={
        "owner": "data-eng",
        "retries": 2,
        "retry_delay": timedelta(seconds=CFG["retry_delay_s"]),
        "retry_exponential_backoff": True,
        "max_retry_delay": timedelta(minutes=10),
    },
    on_failure_callback=_on_failure,
    params={
        "source_dir": Param(
            None,
            type=["null", "string"],
            title="Source directory",
            description=(
                "Folder of raw article files, date-partitioned as YYYY/MM/DD, or an object-storage prefix "
                "(s3://bucket/prefix). Empty: the bundled data/sample."
            ),
        ),
        "source_conn_id": Param(
            None,
            type=["null", "string"],
            title="Source connection",
            description=(
                "For an s3:// source_dir: the Airflow aws connection to read it with. Empty: ETL_SOURCE_CONN_ID, "
                "else aws_default, else the standard AWS variables."
            ),
        ),
        "date_from": Param(
            None,
            type=["null", "string"],
            format="date",
            title="From date",
            description="Manual runs: first partition date to process (YYYY-MM-DD). Ignored by scheduled runs.",
        ),
        "date_to": Param(
            None,
            type=["null", "string"],
            format="date",
            title="To date",
            description="Manual runs: last partition date to process (YYYY-MM-DD). Ignored by scheduled runs.",
        ),
        "full_sync": Param(
            False,
            type="boolean",
            title="Full sync",
            description="Delete indexed documents whose source file is gone (within the date range, if any).",
        ),
        "reindex": Param(
            False,
            type="boolean",
            title="Reindex",
            description="Build into a new versioned index and swap the alias when it checks out.",
        ),
        "dry_run": Param(
            False,
            type="boolean",
            title="Dry run",
            description="Parse and report only; write nothing to Elasticsearch.",
        ),
    },
)
def ingest_articles():
    # Each task passes the run's plan on (etl.runner.RunPlan as a dict: small, JSON-able).
    # multiple_outputs=False: a task returning a dict would otherwise push every key as an XCom of
    # its own as well (48 pushes a run instead of 8, ~20 ms each under dag.test()).
    @task(multiple_outputs=False)
    def discover() -> dict:
        from etl.airflow import tasks

        ctx = get_current_context()
        dag_run = ctx["dag_run"]
        return tasks.discover(
            dict(ctx["params"]), str(dag_run.run_type).split(".")[-1].lower(), ctx.get("logical_date"), dag_run.run_id
        )

    @task
    def plan_batches(plan: dict) -> list[str]:
        from etl.airflow import tasks

        return tasks.plan(plan)

    # Refresh off across the run's batches (only for more than one, never for a dry run), back on
    # in the teardown, which runs when the batches fail too (etl.runner.load_settings, as etl run).
    @setup
    @task(multiple_outputs=False)
    def refresh_off(plan: dict, batches: list[str]) -> dict:
        from etl.airflow import tasks

        return tasks.refresh_off(plan, list(batches))

    @teardown
    @task(multiple_outputs=False)
    def restore_refresh(state: dict) -> dict:
        from etl.airflow import tasks

        return tasks.restore_refresh(state)

    @task(max_active_tis_per_dag=CFG["max_active_batches"], multiple_outputs=False)
    def process_batch(batch: str, plan: dict) -> dict:
        from etl.airflow import tasks

        return tasks.process_batch(batch, plan)

    # none_failed: a partition with no files maps zero batches (process_batch is skipped); the run
    # must still reconcile, publish and write its (empty) report instead of skipping them.
    @task(trigger_rule="none_failed", multiple_outputs=False)
    def reconcile(results: list[dict], plan: dict) -> dict:
        from etl.airflow import tasks

        return tasks.reconcile(list(results), plan)

    @task(outlets=[ARTICLES], multiple_outputs=False)
    def publish(summary: dict, plan: dict) -> dict:
        from etl.airflow import tasks

        published = tasks.publish(summary, plan)
        # Downstream DAGs scheduled on the asset see the run's counts in the event's extra.
        get_current_context()["outlet_events"][ARTICLES].extra = {k: v for k, v in published.items() if k != "report"}
        return published

    @task(multiple_outputs=False)
    def report(published: dict, plan: dict) -> dict:
        from etl.airflow import tasks

        return tasks.report(published, plan)

    plan = discover()
    batches = plan_batches(plan)
    load = refresh_off(plan, batches)
    results = process_batch.partial(plan=plan).expand(batch=batches)
    restored = restore_refresh(load)
    load >> results >> restored
    summary = reconcile(results, plan)
    restored >> summary  # finish the run (duplicate links, deletions) with refresh back on, as etl run does
    report(publish(summary, plan), plan)


ingest_articles()
