"""reindex_articles through dag.test(): a new versioned index, verified, behind the alias; the old one kept."""

from __future__ import annotations

import os
import uuid

import pytest

from tests.conftest import SAMPLE

pytestmark = [pytest.mark.es, pytest.mark.airflow, pytest.mark.slow]


@pytest.fixture
def prefixed(es_node, airflow_db):
    from etl.config import get_settings

    prefix = f"t{uuid.uuid4().hex[:10]}"
    os.environ["ETL_ELASTICSEARCH__INDEX_PREFIX"] = prefix
    get_settings.cache_clear()
    yield prefix
    del os.environ["ETL_ELASTICSEARCH__INDEX_PREFIX"]
    get_settings.cache_clear()
    from etl.index.client import make_client

    es = make_client(get_settings().elasticsearch)
    es.options(ignore_status=404).indices.delete(index=f"{prefix}*", expand_wildcards="all")
    es.close()


@pytest.mark.timeout(300)
def test_reindex_dag_builds_verifies_and_swaps_keeping_the_old_index(prefixed, tmp_path) -> None:
    from airflow.dag_processing.dagbag import DagBag

    from etl.config import get_settings
    from etl.index import manage
    from etl.index.client import make_client
    from etl.index.schema import IndexNames, schema_version
    from etl.runner import run

    settings = get_settings()
    es = make_client(settings.elasticsearch)
    names = IndexNames.of(settings.elasticsearch)
    old = manage.setup(es, settings.elasticsearch)
    run(es, settings, SAMPLE, runs_dir=tmp_path)

    dag = DagBag(dag_folder=str(SAMPLE.parents[1] / "dags")).get_dag("reindex_articles")
    dag_run = dag.test(run_conf={"source_dir": str(SAMPLE), "verify_queries": ["council", "footbridge"]})
    assert str(dag_run.state).endswith("success")

    new = manage.write_index(es, names)
    assert new != old and new.startswith(f"{prefixed}-v{schema_version()}-")
    assert es.count(index=names.alias)["count"] == 15
    assert es.indices.exists(index=old), "the old index stays for rollback"
    assert set(manage.alias_indices(es, names)) == {new}
    es.close()
