"""A real, running Airflow 3 for the scheduler and browser tests, shared by the package's tests.

``airflow_stack`` starts, once for the tests under ``tests/airflow`` that ask for it:

* a throwaway PostgreSQL (:class:`etl.devstack.localpg.LocalPostgres`) on a free port under a temp dir
  (Airflow 3.3 refuses backfill creation on SQLite while a scheduler runs);
* a temporary ``AIRFLOW_HOME``, ``airflow db migrate``;
* ``airflow scheduler``, ``airflow dag-processor`` and ``airflow api-server --port <free port>``,
  each in its own process group, with the LocalExecutor, the project's ``dags/`` folder, the
  simple auth manager with user ``admin``/``admin``, the session's Elasticsearch node and an index
  prefix of the stack's own.

Everything is stopped by pid / process group in a finalizer, also when a test or the start-up fails.
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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.airflow.helpers import ROOT

DAG_ID = "ingest_articles"
USER, PASSWORD = "admin", "admin"
VENV_BIN = Path(sys.executable).parent


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
    token: str | None = None
    open_backfills: set[int] = field(default_factory=set)

    # -- processes ---------------------------------------------------------------------------

    def start(self, name: str, *args: str) -> None:
        out = (self.logs / f"{name}.log").open("wb")
        self.procs[name] = subprocess.Popen(
            [str(VENV_BIN / "airflow"), *args],
            env=self.env,
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
        for proc in self.procs.values():
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


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):  # noqa: ANN001
    """Record each phase's report on the item, so fixtures know whether the test failed (screenshots)."""
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)


def _free_port() -> int:
    from etl.devstack.localnode import free_port

    return free_port()


def _clean_prefix(es_url: str, prefix: str) -> None:
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


@pytest.fixture(scope="package")
def airflow_stack(es_node, tmp_path_factory, request) -> Iterator[AirflowStack]:  # noqa: ANN001
    from etl.devstack.localpg import LocalPostgres

    base = tmp_path_factory.mktemp("airflow-stack")
    home, logs = base / "home", base / "logs"
    home.mkdir()
    logs.mkdir()
    pg = LocalPostgres(data_dir=base / "pg" / "data", port=_free_port())
    request.addfinalizer(pg.stop)
    db_url = pg.start()

    port = _free_port()
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
            "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
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
            # Only the tests' backfills run: no scheduled run of "today" competing for the 2 CPUs of CI.
            "AIRFLOW__SCHEDULER__USE_JOB_SCHEDULE": "False",
            "ES_URL": es_node.url,
            "ETL_ELASTICSEARCH__INDEX_PREFIX": prefix,
            "ETL_STAGING_URL": f"file://{base / 'staging'}",
            "ETL_AIRFLOW__RETRY_DELAY_S": "2",
            # Fault injection (etl/airflow/tasks.py): the first attempt of process_batch fails, only in
            # runs whose partition starts on this day (the retry test's day), after it has indexed.
            "ETL_FAIL_FIRST_BATCH_ATTEMPT": "2024-03-05",
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
    request.addfinalizer(lambda: _clean_prefix(es_node.url, prefix))
    request.addfinalizer(stack.stop)  # finalizers run last-in first-out: Airflow first, then ES indices, then PG
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
    yield stack


@pytest.fixture
def airflow(airflow_stack: AirflowStack) -> Iterator[AirflowStack]:
    """The shared running Airflow for one test; backfills the test left running are cancelled after it."""
    try:
        yield airflow_stack
    finally:
        airflow_stack.cancel_open_backfills()
