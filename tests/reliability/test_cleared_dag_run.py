"""A cleared Airflow DAG run whose link step fails is not decided (issue 15, the link-state gap).

``dag.test()`` with one logical date runs the same DAG run id each time, as clearing a run in the
UI does. The link step trusts the documents of a run whose report in ``<prefix>-runs`` says
``succeeded`` (``etl.runner.batch._undecided``); a cleared run writes under the id of a report that
already says so. Real services: ``dag.test()`` in this process (SQLite metadata DB), the session's
Elasticsearch node, and a real fault: a write block on the articles index when the link step starts.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pendulum
import pytest

from tests.airflow.helpers import run_reports
from tests.conftest import ROOT
from tests.integration.test_indexing import _copies_corpus

pytestmark = [pytest.mark.slow, pytest.mark.airflow, pytest.mark.es]

#: One logical date (and run_after, which names a manual run) for every try: one DAG run id.
LOGICAL_DATE = pendulum.datetime(2024, 6, 15, 12, tz="UTC")


@pytest.fixture
def quick_retry_dag(airflow_db, monkeypatch):  # noqa: ANN001, ANN201
    """``ingest_articles`` loaded with a 1 s retry delay, so its two retries of a failing batch take seconds."""
    from airflow.dag_processing.dagbag import DagBag

    monkeypatch.setenv("ETL_AIRFLOW__RETRY_DELAY_S", "1")
    bag = DagBag(dag_folder=str(ROOT / "dags" / "ingest_articles.py"))
    assert bag.import_errors == {}
    return bag.get_dag("ingest_articles")


def _links(es, alias: str) -> dict[str, str | None]:  # noqa: ANN001
    """path of every document -> path of the document its duplicate_of names."""
    es.indices.refresh(index=alias)
    hits = es.search(index=alias, size=1000, source=["id", "source.path", "duplicate_of"])["hits"]["hits"]
    by_id = {h["_source"]["id"]: h["_source"]["source"]["path"] for h in hits}
    return {h["_source"]["source"]["path"]: by_id.get(h["_source"].get("duplicate_of")) for h in hits}


def _state(dr) -> str:  # noqa: ANN001
    return str(dr.state).split(".")[-1].lower()


@pytest.mark.timeout(400, func_only=True)
def test_a_cleared_run_that_fails_its_link_step_is_not_decided_and_the_next_run_relinks(
    quick_retry_dag, es, prefixed, tmp_path, monkeypatch
) -> None:  # noqa: ANN001
    """The run first loads the later copies (the originals' day has not arrived); cleared, it finds the
    originals, writes them and meets a write block in its link step, on every try. Its earlier report
    must not stay ``succeeded`` (on main, the retry found every document "decided", skipped the links
    and the run succeeded with copies naming later copies); the next healthy try re-links everything."""
    import etl.runner.batch as batch

    dag = quick_retry_dag
    src = _copies_corpus(tmp_path / "copies")
    day1 = src / "2024" / "03" / "01"
    held = tmp_path / "late" / "01"
    shutil.move(day1, held)  # the originals arrive late
    conf = {"source_dir": str(src), "date_from": "2024-03-01", "date_to": "2024-03-04",
            "full_sync": False, "reindex": False, "dry_run": False}  # fmt: skip

    first = dag.test(logical_date=LOGICAL_DATE, run_after=LOGICAL_DATE, run_conf=conf)
    assert _state(first) == "success"
    reports = run_reports(es, f"{prefixed}-runs")
    assert [r["status"] for r in reports] == ["succeeded"] and reports[0]["dag_run_id"] == first.run_id

    shutil.move(held, day1)
    real_link_batch = batch.link_batch

    def link_into_a_full_disk(es_, index, *args, **kwargs):  # noqa: ANN001, ANN202
        es.indices.put_settings(index=index, settings={"index.blocks.write": True})
        return real_link_batch(es_, index, *args, **kwargs)

    monkeypatch.setattr(batch, "link_batch", link_into_a_full_disk)
    try:
        cleared = dag.test(logical_date=LOGICAL_DATE, run_after=LOGICAL_DATE, run_conf=conf)
    finally:
        es.indices.put_settings(index=prefixed, settings={"index.blocks.write": None})
        monkeypatch.setattr(batch, "link_batch", real_link_batch)
    assert cleared.run_id == first.run_id
    assert _state(cleared) == "failed", "its links were never written: the run cannot have succeeded"
    broken = _links(es, prefixed)
    assert any(p.startswith("2024/03/01/") for p in broken), "the originals were written before the block"
    assert any(t is not None and t != f"2024/03/01/{Path(p).name}" for p, t in broken.items()), "the fault left links unwritten"
    reports = run_reports(es, f"{prefixed}-runs")
    assert [r["status"] for r in reports] == ["running"], "the cleared run's old report still says it is decided"

    again = dag.test(logical_date=LOGICAL_DATE, run_after=LOGICAL_DATE, run_conf=conf)
    assert _state(again) == "success" and again.run_id == first.run_id
    relinked = _links(es, prefixed)
    assert relinked.keys() == broken.keys()
    assert all(t is None for p, t in relinked.items() if p.startswith("2024/03/01/"))
    assert all(t == f"2024/03/01/{Path(p).name}" for p, t in relinked.items() if not p.startswith("2024/03/01/"))
    reports = run_reports(es, f"{prefixed}-runs")
    assert [r["status"] for r in reports] == ["succeeded"]
    assert reports[0]["files_unchanged"] == reports[0]["files_seen"] == len(relinked) and reports[0]["indexed"] == 0
