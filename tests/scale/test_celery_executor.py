"""``ingest_articles`` on the CeleryExecutor, for real: two Celery workers, Redis, PostgreSQL, staging on S3.

The stack (:func:`tools.bench.celery_stack.start_celery_stack`): ``redis-server`` as the broker,
PostgreSQL as the metadata DB and Celery's result backend, scheduler, dag-processor, api-server and
two ``airflow celery worker`` processes (``worker-a@<host>``, ``worker-b@<host>``, one task slot
each), all by pid; staging goes through the session's S3Proxy via an Airflow ``aws`` connection,
because workers share no disk. The source folder is local (one machine).

Corpora: a few hundred BBC articles written into ``YYYY/MM/DD`` folders of a temp dir, a
different set per run (new paths, new ids); ``ETL_AIRFLOW__BATCH_BYTES`` is small enough to
force at least four mapped ``process_batch`` tasks.

* A manual run: ``process_batch`` ran on both workers (the task instances' ``hostname``), the
  index holds exactly what ``etl parse`` finds, the run report adds up.
* A second run where the worker holding a running ``process_batch`` (one whose batch report is
  not written yet) is killed with SIGKILL, its process group and its task runners' groups. The
  scheduler notices the missing heartbeats (``task_instance_heartbeat_timeout`` lowered to 15 s),
  the DAG's retries put the task on the other worker, and the run ends with nothing lost or
  duplicated and a report that adds up.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.airflow.helpers import AirflowStack, alias_ids, assert_adds_up, parsed_ids, run_reports, wait_for
from tests.conftest import bbc_texts
from tools.bench.celery_stack import CeleryStack, start_celery_stack

pytestmark = [pytest.mark.scale, pytest.mark.slow, pytest.mark.airflow, pytest.mark.es]

DAYS = ["2024-06-01", "2024-06-02", "2024-06-03"]
ARTICLES_PER_RUN = 240
BATCH_BYTES = 100_000  # ~2.3 kB an article: about 5 batches of ~50 articles per run

TEST_ENV = {
    "ETL_AIRFLOW__BATCH_BYTES": str(BATCH_BYTES),
    "ETL_AIRFLOW__RETRY_DELAY_S": "2",
    "ETL_TASK_WORKERS": "1",  # one core per task slot: two workers on two cores
    # A dead worker's task stops heartbeating; notice it in seconds, not the default 5 minutes.
    # The supervisor heartbeats every min_heartbeat_interval, well inside the timeout.
    "AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT": "15",
    "AIRFLOW__SCHEDULER__TASK_INSTANCE_HEARTBEAT_TIMEOUT_DETECTION_INTERVAL": "2",
    "AIRFLOW__WORKERS__MIN_HEARTBEAT_INTERVAL": "2",
    # A message a dead worker had reserved would stay queued for 10 minutes by default.
    "AIRFLOW__SCHEDULER__TASK_QUEUED_TIMEOUT": "90",
}


def write_corpus(root: Path, start: int, count: int) -> Path:
    """BBC articles ``start`` .. ``start + count`` as ``root/YYYY/MM/DD/<category>-<name>``, spread over :data:`DAYS`."""
    texts = bbc_texts()
    for i, (path, text) in enumerate(texts):
        if i < start:
            continue
        if i >= start + count:
            break
        day = DAYS[i % len(DAYS)].replace("-", "/")
        out = root / day / f"{path.parent.name}-{path.name}"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def celery(es_node, s3_server, tmp_path_factory, request) -> Iterator[CeleryStack]:  # noqa: ANN001
    base = tmp_path_factory.mktemp("celery-stack")
    yield start_celery_stack(base, es_node.url, s3_server, request.addfinalizer, extra_env=TEST_ENV)


def _es(stack: AirflowStack):  # noqa: ANN202
    from etl.config import ElasticsearchConfig
    from etl.index.client import make_client

    return make_client(ElasticsearchConfig(url=stack.env["ES_URL"], index_prefix=stack.prefix))


def _batches(stack: AirflowStack, run_id: str) -> dict[int, dict]:
    return {t["map_index"]: t for t in stack.task_instances(run_id) if t["task_id"] == "process_batch"}


def _tries(stack: AirflowStack, run_id: str, map_index: int) -> list[dict]:
    resp = stack.api("GET", f"/dags/ingest_articles/dagRuns/{run_id}/taskInstances/process_batch/{map_index}/tries")
    resp.raise_for_status()
    return sorted(resp.json()["task_instances"], key=lambda t: t["try_number"])


def _report(es, stack: AirflowStack, run_id: str) -> dict:  # noqa: ANN001
    reports = [r for r in run_reports(es, f"{stack.prefix}-runs") if r.get("dag_run_id") == run_id]
    assert len(reports) == 1, reports
    return reports[0]


def _assert_exact(es, stack: AirflowStack, run_id: str, expected: dict[str, str], before: dict[str, str]) -> dict:  # noqa: ANN001
    """The alias holds exactly the earlier runs' documents plus ``expected``; the run's report adds up."""
    indexed = alias_ids(es, stack.prefix)
    assert indexed == {**before, **expected}, (
        f"missing {sorted(set(expected) - set(indexed))[:5]}, unexpected {sorted(set(indexed) - set(expected) - set(before))[:5]}"
    )
    assert es.count(index=stack.prefix)["count"] == len(before) + len(expected)
    rep = _report(es, stack, run_id)
    assert_adds_up(rep)
    assert rep["files_seen"] == ARTICLES_PER_RUN and rep["files_quarantined"] == 0, rep
    assert rep["articles_parsed"] == len(expected) and rep["dead_lettered"] == 0, rep
    return rep


@pytest.mark.timeout(180, func_only=True)  # the stack starts in the fixture, not counted
def test_batches_run_on_both_celery_workers_and_index_exactly_the_parsed_articles(celery, tmp_path) -> None:  # noqa: ANN001
    stack = celery.airflow
    source = write_corpus(tmp_path / "landing", 0, ARTICLES_PER_RUN)
    expected = parsed_ids(source, DAYS)
    assert len(expected) == ARTICLES_PER_RUN
    es = _es(stack)
    try:
        run = stack.trigger_run({"source_dir": str(source)})
        stack.wait_run(run["dag_run_id"], timeout=150)
        batches = _batches(stack, run["dag_run_id"])
        assert len(batches) >= 4, batches
        assert all(t["state"] == "success" for t in batches.values()), {i: t["state"] for i, t in batches.items()}
        assert {t["hostname"] for t in batches.values()} == set(celery.hostnames.values()), {i: t["hostname"] for i, t in batches.items()}
        # Staging went through the S3 server: the run's manifest and batch reports are objects there.
        reports = sorted(celery.staging_dir.rglob("batches/*.report.json"))
        assert len(reports) == len(batches), reports
        rep = _assert_exact(es, stack, run["dag_run_id"], expected, before={})
        assert rep["indexed"] == rep["created"] == len(expected), rep
    finally:
        es.close()


def _batch_folder(celery: CeleryStack, run_id: str) -> Path:
    """The run's staged batches, as files of the S3 server's filesystem backend."""
    from etl.airflow.staging import safe_id

    return celery.staging_dir / safe_id(run_id) / "batches"


def _running_batch_without_report(celery: CeleryStack, run_id: str) -> tuple[int, str] | None:
    """A ``process_batch`` running on a worker whose batch report is not written yet: (map index, worker name)."""
    by_host = {h: name for name, h in celery.hostnames.items()}
    folder = _batch_folder(celery, run_id)
    for index, ti in sorted(_batches(celery.airflow, run_id).items()):
        if ti["state"] == "running" and ti["hostname"] in by_host:
            if not (folder / f"{index:04d}.report.json").exists():
                return index, by_host[ti["hostname"]]
    return None


@pytest.mark.timeout(240, func_only=True)
def test_worker_killed_mid_batch_its_task_is_retried_on_the_other_worker_nothing_lost_or_duplicated(celery, tmp_path) -> None:  # noqa: ANN001
    stack = celery.airflow
    source = write_corpus(tmp_path / "landing", ARTICLES_PER_RUN, ARTICLES_PER_RUN)
    expected = parsed_ids(source, DAYS)
    assert len(expected) == ARTICLES_PER_RUN
    es = _es(stack)
    try:
        before = alias_ids(es, stack.prefix)
        assert before and not set(before) & set(expected)
        run_id = stack.trigger_run({"source_dir": str(source)})["dag_run_id"]
        hit = wait_for(
            "a process_batch running on a worker, its report not written yet",
            lambda: _running_batch_without_report(celery, run_id),
            120,
            interval=0.2,
            diag=stack.log_tail,
        )
        index, victim = hit
        killed_at = time.monotonic()
        pgids = stack.kill(victim)
        survivor = next(h for name, h in celery.hostnames.items() if name != victim)
        # The kill came before the batch's report: attempt 1 cannot have finished.
        assert not (_batch_folder(celery, run_id) / f"{index:04d}.report.json").exists(), "the batch finished before the kill: no test"

        stack.wait_run(run_id, timeout=200)
        recovered_s = time.monotonic() - killed_at
        tries = _tries(stack, run_id, index)
        assert tries[0]["hostname"] == celery.hostnames[victim] and tries[0]["state"] in ("failed", "up_for_retry"), tries
        assert tries[-1]["state"] == "success" and tries[-1]["hostname"] == survivor and len(tries) >= 2, tries
        batches = _batches(stack, run_id)
        assert all(t["state"] == "success" for t in batches.values()), {i: t["state"] for i, t in batches.items()}
        # Whatever was still queued after the kill ran on the survivor too: nothing waits for a dead worker.
        assert {t["hostname"] for t in batches.values()} <= set(celery.hostnames.values())
        rep = _assert_exact(es, stack, run_id, expected, before=before)
        # Files the killed attempt had indexed are unchanged for the retry; the rest is new.
        assert rep["indexed"] + rep["unchanged"] == len(expected) and rep["updated"] == 0, rep
        print(f"killed {victim} (process groups {pgids}) holding batch {index}; run done {recovered_s:.0f} s later")
    finally:
        es.close()
