"""ingest_articles emits an event on the `articles` asset, with the run's counts in its extra."""

from __future__ import annotations

import os
import uuid

import pytest

from tests.conftest import SAMPLE

pytestmark = [pytest.mark.es, pytest.mark.airflow, pytest.mark.slow]


@pytest.mark.timeout(300)
def test_run_emits_an_asset_event_with_its_counts(es_node, airflow_db) -> None:
    from airflow.dag_processing.dagbag import DagBag
    from airflow.models.asset import AssetEvent, AssetModel
    from airflow.utils.session import create_session
    from sqlalchemy import select

    from etl.config import get_settings

    prefix = f"t{uuid.uuid4().hex[:10]}"
    os.environ["ETL_ELASTICSEARCH__INDEX_PREFIX"] = prefix
    get_settings.cache_clear()
    try:
        dag = DagBag(dag_folder=str(SAMPLE.parents[1] / "dags")).get_dag("ingest_articles")
        conf = {"source_dir": str(SAMPLE), "date_from": "2024-03-02", "date_to": "2024-03-02",
                "full_sync": False, "reindex": False, "dry_run": False}  # fmt: skip
        dag_run = dag.test(run_conf=conf)
        assert str(dag_run.state).endswith("success")
        with create_session() as session:
            events = session.scalars(
                select(AssetEvent).join(AssetModel, AssetEvent.asset_id == AssetModel.id)
                .where(AssetModel.name == "articles", AssetEvent.source_run_id == dag_run.run_id)
            ).all()  # fmt: skip
        assert len(events) == 1
        extra = events[0].extra
        assert extra["indexed"] == 4 and extra["files"] == 2 and extra["alias_docs"] == 4
    finally:
        del os.environ["ETL_ELASTICSEARCH__INDEX_PREFIX"]
        get_settings.cache_clear()
        from etl.index.client import make_client

        es = make_client(get_settings().elasticsearch)
        es.options(ignore_status=404).indices.delete(index=f"{prefix}*", expand_wildcards="all")
        es.close()
