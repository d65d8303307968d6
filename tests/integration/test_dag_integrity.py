"""DAG integrity: the DAG folder imports cleanly, fast, and every DAG carries its operating metadata."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

DAGS = Path(__file__).resolve().parents[2] / "dags"


@pytest.fixture(scope="module")
def dagbag():
    from airflow.dag_processing.dagbag import DagBag

    return DagBag(dag_folder=str(DAGS))


def test_dag_folder_imports_without_errors(dagbag) -> None:
    assert dagbag.import_errors == {}
    assert {"ingest_articles"} <= set(dagbag.dag_ids)


def test_every_dag_has_owner_tags_retries_and_an_explicit_schedule(dagbag) -> None:
    for dag_id, dag in dagbag.dags.items():
        assert dag.tags, f"{dag_id} has no tags"
        assert dag.doc_md, f"{dag_id} has no doc_md"
        for task in dag.tasks:
            assert task.owner and task.owner != "airflow", f"{dag_id}.{task.task_id} has no owner"
            assert task.retries >= 1, f"{dag_id}.{task.task_id} has no retries"
        # A time-based schedule, or an explicit None for manual-only DAGs.
        assert hasattr(dag, "timetable")
        if dag_id == "ingest_articles":
            assert dag.timetable.can_be_scheduled, "ingest_articles must be time-scheduled to allow backfills"


@pytest.mark.parametrize("dag_file", sorted(p.name for p in DAGS.glob("*.py")))
def test_each_dag_file_parses_in_under_a_second(dag_file: str) -> None:
    # A fresh interpreter, as the dag-processor has: the CPU time of parsing the file alone
    # (CPU, not wall time, so a busy shared machine does not decide the result).
    code = (
        "import time, runpy, airflow.sdk; t=time.process_time(); "
        f"runpy.run_path({str(DAGS / dag_file)!r}); print(time.process_time()-t)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    seconds = float(out.stdout.strip().splitlines()[-1])
    assert seconds < 1.0, f"{dag_file} took {seconds:.2f}s to parse"


def test_dagbag_parses_all_dags_in_under_a_second() -> None:
    from airflow.dag_processing.dagbag import DagBag

    t0 = time.process_time()
    DagBag(dag_folder=str(DAGS))
    assert time.process_time() - t0 < 1.0
