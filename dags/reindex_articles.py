"""Zero-downtime rebuild of the article index from the source files. Manual only.

Orchestration only: the task bodies are in ``etl.airflow.tasks``; they are the steps of
``etl.index.manage.reindex`` (start → fill → verify → swap), which ``etl index reindex`` runs in one call.
"""

from __future__ import annotations

from datetime import timedelta

import pendulum
from airflow.sdk import Param, dag, task

DOC_MD = """
### reindex_articles
Rebuilds the whole index from **source_dir** into a new versioned index
(`articles-v<schema>-<timestamp>`), verifies the document count and a sample of searches
against the current index, then swaps the alias **articles** in one atomic call. Searches keep
working throughout: they go to the old index until the swap. The old index is kept for
rollback until `etl index prune` removes it.

Run it after a schema change (a new `schema_version` in `config/elasticsearch/articles-mappings.json`)
or a pipeline change that should reach old articles. Pause `ingest_articles` while it runs:
documents written to the old index during the rebuild are not in the new one.
"""


def _on_failure(context) -> None:
    from etl.airflow.tasks import on_failure

    on_failure(context)


@dag(
    dag_id="reindex_articles",
    schedule=None,
    start_date=pendulum.datetime(2024, 1, 1, tz="UTC"),
    catchup=False,
    max_active_runs=1,
    tags=["articles", "etl", "elasticsearch", "maintenance"],
    doc_md=DOC_MD,
    default_args={
        "owner": "data-eng",
        "retries": 1,
        "retry_delay": timedelta(minutes=1),
    },
    on_failure_callback=_on_failure,
    params={
        "source_dir": Param(
            None,
            type=["null", "string"],
            title="Source directory",
            description=(
                "Folder of raw article files to rebuild from, or s3://[conn_id@]bucket/prefix "
                "(connection: the URL's, else ETL_SOURCE_CONN_ID, else aws_default). Empty: the bundled data/sample."
            ),
        ),
        "verify_queries": Param(
            ["the"],
            type="array",
            items={"type": "string"},
            title="Verification searches",
            description="Each must find documents in the new index when it finds some in the old one.",
        ),
    },
)
def reindex_articles():
    @task
    def create_index(**context) -> dict:
        from etl.airflow import tasks

        return tasks.reindex_create(context["dag_run"].run_id)

    @task
    def fill(plan: dict, **context) -> dict:
        from etl.airflow import tasks

        return tasks.reindex_fill(plan, context["params"].get("source_dir"))

    @task
    def verify(filled: dict, **context) -> dict:
        from etl.airflow import tasks

        return tasks.reindex_verify(filled, list(context["params"].get("verify_queries") or []))

    @task
    def swap_alias(verified: dict) -> dict:
        from etl.airflow import tasks

        return tasks.reindex_swap(verified)

    swap_alias(verify(fill(create_index())))


reindex_articles()
