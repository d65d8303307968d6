"""`make demo`'s path, as a user runs it, against the suite's own Elasticsearch node."""

from __future__ import annotations

import os
import subprocess

import pytest

from tests.conftest import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.es, pytest.mark.airflow]


@pytest.mark.timeout(600)
def test_make_demo_runs_the_dag_and_prints_highlighted_hits(es_node, tmp_path) -> None:
    env = dict(os.environ)
    env.update(
        {
            "ES_PORT": str(es_node.port),
            "ES_URL": es_node.url,
            "AIRFLOW_HOME": str(tmp_path / "airflow"),
            "ETL_STAGING_URL": f"file://{tmp_path / 'staging'}",
            "ETL_ELASTICSEARCH__INDEX_PREFIX": "demo",
        }
    )
    proc = subprocess.run(["make", "demo"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    out = proc.stdout
    assert "files 9 (parsed 9" in out
    assert "Council approves budget" in out and "«budget»" in out
    assert "«night buses»" in out
