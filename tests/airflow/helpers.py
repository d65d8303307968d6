"""Helpers shared by the real-Airflow tests: a running Airflow, expected ids from ``etl parse``, index queries.

A running Airflow (:func:`start_airflow`) is built from:

* a throwaway PostgreSQL (:func:`start_postgres`, :class:`etl.devstack.localpg.LocalPostgres`) on a
  free port under a temp dir (Airflow 3.3 refuses backfill creation on SQLite while a scheduler runs);
* a temporary ``AIRFLOW_HOME``, ``airflow db migrate``;
* ``airflow scheduler``, ``airflow dag-processor`` and ``airflow api-server --port <free port>``,
  each in its own process group, with the project's ``dags/`` folder, the simple auth manager
  with user ``admin``/``admin``, the given Elasticsearch and an index prefix of the stack's own;
  the executor and anything else come from the caller's ``extra_env``
  (``tests/airflow/conftest.py``: LocalExecutor; ``tools/bench/celery_stack.py``: CeleryExecutor).

Whoever starts a stack passes ``finalize`` (``request.addfinalizer``, or an ``ExitStack``'s
``callback``): everything started is registered there at once, so it is stopped by pid / process
group also when a test or the start-up fails. Finalizers run last-in first-out: Airflow first,
then the stack's Elasticsearch indices, then PostgreSQL.

These helpers fail with ``pytest.fail`` (outside pytest, in ``make bench``, that is an exception
like any other).
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"
ETL = str(Path(sys.executable).with_name("etl"))
VENV_BIN = Path(sys.executable).parent
DAG_ID = "ingest_articles"
USER, PASSWORD = "admin", "admin"

#: Registers a clean-up to run at the end (``request.addfinalizer``, ``ExitStack.callback``).
Finalize = Callable[[Callable[[], object]], object]


def wait_for(what: str, check: Callable[[], Any], timeout: float, interval: float = 1.0, diag: Callable[[], str] | None = None) -> Any:
    """Poll ``check`` until it returns something truthy; fail with ``what`` (and ``diag()``) after ``timeout``."""
    deadline = time.monotonic() + timeout
    last_exc: BaseException | None = None
    while time.monotonic() < deadline:
        try:
            result = check()
            if result:
                return result
        except (httpx.HTTPError, OSError) as exc:
            last_exc = exc
        time.sleep(interval)
    extra = f" (last error: {last_exc!r})" if last_exc else ""
    pytest.fail(f"timed out after {timeout:.0f}s waiting for {what}{extra}\n{diag() if diag else ''}")


@dataclass
class AirflowStack:
    """The running Airflow: its URL, environment, logs, and an authenticated REST client."""

    url: str
    home: Path
    env: dict[str, str]
    prefix: str
    logs: Path
    procs: dict[str, subprocess.Popen] = field(default_factory=dict)
    killed: dict[str, subprocess.Popen] = field(default_factory=dict)
    token: str | None = None
    open_backfills: set[int] = field(default_factory=set)

    # -- processes ---------------------------------------------------------------------------

    def start(self, name: str, *args: str, env: dict[str, str] | None = None) -> None:
        """``airflow <args>`` as process ``name`` (log ``<logs>/<name>.log``); ``env`` adds to the stack's."""
        out = (self.logs / f"{name}.log").open("wb")
        self.procs[name] = subprocess.Popen(
            [str(VENV_BIN / "airflow"), *args],
            env={**self.env, **(env or {})},
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: stopped with its children by pgid
            cwd=str(self.home),
        )
        out.close()

    def stop(self) -> None:
        """SIGTERM each process group we started, then SIGKILL what is left after a grace period."""
        for proc in self.procs.values():
            if proc.poll() is None:
                try:
                    os.killpg(proc.pid, signal.SIGTERM)
                except ProcessLookupError:
                    pass
        deadline = time.monotonic() + 20
        for proc in [*self.procs.values(), *self.killed.values()]:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
            # Children (task runners, gunicorn/uvicorn workers) may outlive the leader: KILL the group.
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            if proc.poll() is None:
                proc.wait(timeout=10)

    def kill(self, name: str) -> list[int]:
        """SIGKILL process ``name`` as a machine dying would: its group and the groups of its descendants.

        Airflow's task supervisor puts each task runner into a process group of its own, so
        killing the leader's group alone would leave the running task behind. The descendants
        are read from ``/proc`` (psutil) just before the kill; every one of them is ours. The
        process moves to :attr:`killed`, so :meth:`check_alive` no longer expects it.
        """
        import psutil

        proc = self.procs.pop(name)
        self.killed[name] = proc
        try:
            children = psutil.Process(proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            children = []
        pgids = {proc.pid}
        for child in children:
            try:
                pgids.add(os.getpgid(child.pid))
            except ProcessLookupError:
                pass
        for pgid in sorted(pgids):
            try:
                os.killpg(pgid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        for child in children:  # a descendant that had left every one of those groups
            try:
                child.kill()
            except psutil.NoSuchProcess:
                pass
        proc.wait(timeout=10)
        return sorted(pgids)

    def check_alive(self) -> None:
        for name, proc in self.procs.items():
            if proc.poll() is not None:
                pytest.fail(f"airflow {name} exited with {proc.returncode}\n{self.log_tail(name)}")

    def log_tail(self, name: str | None = None, chars: int = 3000) -> str:
        names = [name] if name else sorted(self.procs)
        parts = []
        for n in names:
            path = self.logs / f"{n}.log"
            text = path.read_text(errors="replace")[-chars:] if path.exists() else "(no log)"
            parts.append(f"--- {path} (tail) ---\n{text}")
        return "\n".join(parts)

    def task_logs(self, run_id: str, chars: int = 4000) -> str:
        """The task log files of one DAG run (for failure messages)."""
        base = self.home / "logs" / f"dag_id={DAG_ID}" / f"run_id={run_id}"
        parts = []
        for path in sorted(base.rglob("*.log")) if base.exists() else []:
            parts.append(f"--- {path.relative_to(base)} ---\n{path.read_text(errors='replace')[-chars:]}")
        return "\n".join(parts) or f"(no task logs under {base})"

    # -- REST API ----------------------------------------------------------------------------

    def login(self) -> str:
        """A JWT from the simple auth manager (``POST /auth/token``, JSON username/password)."""
        resp = httpx.post(f"{self.url}/auth/token", json={"username": USER, "password": PASSWORD}, timeout=30)
        assert resp.status_code in (200, 201), f"POST /auth/token: {resp.status_code} {resp.text}"
        self.token = resp.json()["access_token"]
        return self.token

    def api(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        if self.token is None:
            self.login()
        headers = {"Authorization": f"Bearer {self.token}"}
        resp = httpx.request(method, f"{self.url}/api/v2{path}", headers=headers, timeout=30, **kwargs)
        if resp.status_code == 401:  # token expired: log in again once
            self.login()
            headers = {"Authorization": f"Bearer {self.token}"}
            resp = httpx.request(method, f"{self.url}/api/v2{path}", headers=headers, timeout=30, **kwargs)
        return resp

    def dag_runs(self) -> list[dict[str, Any]]:
        resp = self.api("GET", f"/dags/{DAG_ID}/dagRuns", params={"limit": 100, "order_by": "logical_date"})
        resp.raise_for_status()
        return resp.json()["dag_runs"]

    def trigger_run(self, conf: dict[str, Any]) -> dict[str, Any]:
        """``POST /api/v2/dags/{dag_id}/dagRuns``: a manual run (no logical date) with ``conf``."""
        resp = self.api("POST", f"/dags/{DAG_ID}/dagRuns", json={"logical_date": None, "conf": conf})
        assert resp.status_code in (200, 201), f"POST dagRuns {conf}: {resp.status_code} {resp.text}"
        return resp.json()

    def wait_run(self, run_id: str, timeout: float = 180, interval: float = 1.0) -> dict[str, Any]:
        """Wait until the DAG run ends; return it, failing with its task logs unless it succeeded."""

        def ended() -> dict[str, Any] | None:
            self.check_alive()
            resp = self.api("GET", f"/dags/{DAG_ID}/dagRuns/{run_id}")
            resp.raise_for_status()
            return resp.json() if resp.json()["state"] in ("success", "failed") else None

        run = wait_for(f"DAG run {run_id} to end", ended, timeout, interval=interval, diag=self.log_tail)
        assert run["state"] == "success", f"run {run_id} ended {run['state']}\n{self.task_logs(run_id)}"
        return run

    def create_backfill(self, from_date: str, to_date: str, conf: dict[str, Any], reprocess: str = "none") -> dict[str, Any]:
        """``POST /api/v2/backfills`` — the endpoint the UI's Backfill form calls."""
        body = {
            "dag_id": DAG_ID,
            "from_date": f"{from_date}T00:00:00Z",
            "to_date": f"{to_date}T00:00:00Z",
            "run_backwards": False,
            "dag_run_conf": conf,
            "reprocess_behavior": reprocess,
            "max_active_runs": 3,
        }
        resp = self.api("POST", "/backfills", json=body)
        assert resp.status_code in (200, 201), f"POST /backfills {body}: {resp.status_code} {resp.text}"
        self.open_backfills.add(resp.json()["id"])
        return resp.json()

    def cancel_open_backfills(self) -> None:
        """Cancel backfills a failed test left running (only one backfill per DAG may be active)."""
        for backfill_id in sorted(self.open_backfills):
            self.api("PUT", f"/backfills/{backfill_id}/cancel")
        self.open_backfills.clear()

    def wait_backfill(self, backfill_id: int, days: list[str], timeout: float = 180) -> dict[str, dict[str, Any]]:
        """Wait until the backfill is complete and its runs ended; return ``{day: dag run}``, all successful."""

        def done() -> dict[str, dict[str, Any]] | None:
            self.check_alive()
            resp = self.api("GET", f"/backfills/{backfill_id}")
            resp.raise_for_status()
            if not resp.json().get("completed_at"):
                return None
            runs = {r["logical_date"][:10]: r for r in self.dag_runs() if r["logical_date"] and r["logical_date"][:10] in days}
            if set(runs) != set(days) or any(r["state"] not in ("success", "failed") for r in runs.values()):
                return None
            return runs

        runs = wait_for(f"backfill {backfill_id} over {days}", done, timeout, interval=2, diag=self.log_tail)
        self.open_backfills.discard(backfill_id)
        failed = {day: r["dag_run_id"] for day, r in runs.items() if r["state"] != "success"}
        assert not failed, f"runs failed: {failed}\n" + "\n".join(self.task_logs(rid) for rid in failed.values())
        return runs

    def task_instances(self, run_id: str) -> list[dict[str, Any]]:
        resp = self.api("GET", f"/dags/{DAG_ID}/dagRuns/{run_id}/taskInstances", params={"limit": 100})
        resp.raise_for_status()
        return resp.json()["task_instances"]



def parsed_ids(source: Path, days: list[str]) -> dict[str, str]:
    """``{id: source.path}`` of what ``etl parse <source>`` finds in the given ``YYYY-MM-DD`` days' folders."""
    out = subprocess.run([ETL, "parse", str(source)], capture_output=True, text=True, check=True).stdout
    prefixes = tuple(day.replace("-", "/") + "/" for day in days)
    found = {}
    for line in out.splitlines():
        doc = json.loads(line)
        if doc["source"]["path"].startswith(prefixes):
            found[doc["id"]] = doc["source"]["path"]
    return found


def alias_ids(es, alias: str) -> dict[str, str]:  # noqa: ANN001 - elasticsearch.Elasticsearch
    """``{_id: source.path}`` of every document behind ``alias`` (refreshed first)."""
    es.indices.refresh(index=alias)
    hits = es.search(index=alias, size=1000, source=["source.path"], query={"match_all": {}})["hits"]["hits"]
    return {h["_id"]: h["_source"]["source"]["path"] for h in hits}


def run_reports(es, runs_index: str) -> list[dict]:  # noqa: ANN001
    """Every run report in ``<prefix>-runs`` (empty when the index does not exist)."""
    if not es.indices.exists(index=runs_index):
        return []
    es.indices.refresh(index=runs_index)
    hits = es.search(index=runs_index, size=1000, query={"match_all": {}})["hits"]["hits"]
    return [h["_source"] for h in hits]


def assert_adds_up(report: dict) -> None:
    """The run report's accounting rules (docs/operations.md: Reading a run report)."""
    files = report["files_parsed"] + report["files_unchanged"] + report["files_quarantined"]
    assert report["files_seen"] == files, report
    if not report["dry_run"]:
        assert report["articles_parsed"] == report["indexed"] + report["unchanged"] + report["dead_lettered"], report
        assert report["indexed"] == report["created"] + report["updated"], report
    assert report["balanced"] is True, report


def free_port() -> int:
    from etl.devstack.localnode import free_port as _free_port

    return _free_port()


def clean_prefix(es_url: str, prefix: str) -> None:
    """Delete the indices and templates of one index prefix."""
    from etl.config import ElasticsearchConfig
    from etl.index.client import make_client

    client = make_client(ElasticsearchConfig(url=es_url, index_prefix=prefix))
    try:
        client.options(ignore_status=404).indices.delete(index=f"{prefix}*", expand_wildcards="all")
        for name in (prefix, f"{prefix}-runs"):
            client.options(ignore_status=404).indices.delete_index_template(name=name)
        for name in (f"{prefix}-settings", f"{prefix}-mappings"):
            client.options(ignore_status=404).cluster.delete_component_template(name=name)
    finally:
        client.close()


def start_postgres(base: Path, finalize: Finalize) -> str:
    """A throwaway PostgreSQL under ``base/pg``, stopped by pid at the end; its SQLAlchemy URL."""
    from etl.devstack.localpg import LocalPostgres

    pg = LocalPostgres(data_dir=base / "pg" / "data", port=free_port())
    finalize(pg.stop)
    return pg.start()


def start_airflow(base: Path, db_url: str, es_url: str, extra_env: dict[str, str], finalize: Finalize) -> AirflowStack:
    """Migrate the DB, start api-server, scheduler and dag-processor; wait until ``ingest_articles`` is parsed and unpaused."""
    home, logs = base / "home", base / "logs"
    home.mkdir()
    logs.mkdir()
    port = free_port()
    url = f"http://localhost:{port}"
    prefix = f"af{uuid.uuid4().hex[:10]}"
    passwords = home / "passwords.json"
    passwords.write_text(json.dumps({USER: PASSWORD}))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AIRFLOW", "ETL_", "PYTEST"))}
    env.update(
        {
            "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",  # airflow spawns `airflow` subprocesses
            "AIRFLOW_HOME": str(home),
            "AIRFLOW__DATABASE__SQL_ALCHEMY_CONN": db_url,
            "AIRFLOW__CORE__EXECUTION_API_SERVER_URL": f"{url}/execution/",
            "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION": "False",
            "AIRFLOW__CORE__AUTH_MANAGER": "airflow.api_fastapi.auth.managers.simple.simple_auth_manager.SimpleAuthManager",
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS": f"{USER}:admin",
            "AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE": str(passwords),
            "AIRFLOW__API__BASE_URL": url,
            "AIRFLOW__API__PORT": str(port),
            "AIRFLOW__API__WORKERS": "1",
            "AIRFLOW__API__SECRET_KEY": secrets.token_hex(16),
            "AIRFLOW__API_AUTH__JWT_SECRET": secrets.token_hex(32),
            "AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC": "2",
            # Only the tests' runs: no scheduled run of "today" competing for the 2 CPUs of CI.
            "AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE": "False",
            "ES_URL": es_url,
            "ETL_ELASTICSEARCH__INDEX_PREFIX": prefix,
            "ETL_STAGING_URL": f"file://{base / 'staging'}",
            **extra_env,
        }
    )
    subprocess.run(
        [str(VENV_BIN / "airflow"), "db", "migrate"],
        env=env,
        check=True,
        stdout=(logs / "db-migrate.log").open("wb"),
        stderr=subprocess.STDOUT,
        cwd=str(home),
    )
    stack = AirflowStack(url=url, home=home, env=env, prefix=prefix, logs=logs)
    finalize(lambda: clean_prefix(es_url, prefix))
    finalize(stack.stop)
    stack.start("api-server", "api-server", "--port", str(port))
    stack.start("scheduler", "scheduler")
    stack.start("dag-processor", "dag-processor")

    def healthy() -> bool:
        stack.check_alive()
        resp = httpx.get(f"{url}/api/v2/monitor/health", timeout=5)
        data = resp.json() if resp.status_code == 200 else {}
        return data.get("scheduler", {}).get("status") == "healthy" and data.get("dag_processor", {}).get("status") == "healthy"

    wait_for("the api-server, scheduler and dag-processor to be healthy", healthy, 180, diag=stack.log_tail)
    stack.login()

    def parsed() -> dict[str, Any] | None:
        stack.check_alive()
        resp = stack.api("GET", f"/dags/{DAG_ID}")
        return resp.json() if resp.status_code == 200 else None

    dag = wait_for(f"{DAG_ID} to be parsed (GET /api/v2/dags/{DAG_ID})", parsed, 180, diag=stack.log_tail)
    if dag["is_paused"]:
        resp = stack.api("PATCH", f"/dags/{DAG_ID}", json={"is_paused": False})
        assert resp.status_code == 200, resp.text
    return stack
