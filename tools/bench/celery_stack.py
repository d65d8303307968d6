"""A real Airflow on the CeleryExecutor with two workers, for the scale test and ``make bench``.

:func:`start_celery_stack` starts, all by pid and each in its own process group:

* ``redis-server`` (:class:`etl.devstack.redisserver.LocalRedis`) as Celery's broker;
* the stack of :func:`tests.airflow.helpers.start_airflow` (PostgreSQL, scheduler, dag-processor,
  api-server) with ``AIRFLOW__CORE__EXECUTOR=CeleryExecutor``; Celery's result backend is the same
  PostgreSQL (``db+postgresql+psycopg2://…``);
* ``airflow celery worker`` once per name in ``workers`` (``worker-a``, ``worker-b``), each with
  its own ``--celery-hostname`` ``<name>@<host>`` and ``--concurrency`` task slots.

Decisions:

* **Staging on object storage.** Workers share no disk, so the runs' manifests and batch
  reports go to a bucket of the given S3-compatible server (``ETL_STAGING_URL=s3://<bucket>/staging``)
  through an Airflow ``aws`` connection (``AIRFLOW_CONN_STAGING_S3``, ``ETL_STAGING_CONN_ID``),
  not through AWS variables. The source folder is still a local path (one machine).
* **Telling the workers apart.** Both workers run on this machine, and Airflow records a task
  instance's ``hostname`` from ``[core] hostname_callable`` (the FQDN by default), not from
  Celery's node name. Each worker therefore gets ``hostname_callable`` =
  :func:`worker_hostname`, which returns its Celery hostname (``ETL_WORKER_HOSTNAME``); the task
  instances' ``hostname`` in the REST API then says which worker ran them.
* **No log servers.** Workers start with ``--skip-serve-logs``: they share this machine's
  ``AIRFLOW_HOME`` for logs, and two log servers would fight for one port.
* A worker counts as up when its log says ``<name>@<host> ready.``.

Killing a worker as a machine would die: :meth:`tests.airflow.helpers.AirflowStack.kill` (its
process group and those of its task runners, by the pids recorded at start and read from
``/proc`` just before).
"""

from __future__ import annotations

import os
import socket
import uuid
from dataclasses import dataclass
from pathlib import Path

from tests.airflow.helpers import ROOT, AirflowStack, Finalize, start_airflow, start_postgres, wait_for

__all__ = ["STAGING_CONN_ID", "WORKERS", "CeleryStack", "start_celery_stack", "worker_hostname"]

WORKERS = ("worker-a", "worker-b")
HOSTNAME_ENV = "ETL_WORKER_HOSTNAME"
STAGING_CONN_ID = "staging_s3"


def worker_hostname() -> str:
    """``[core] hostname_callable`` of the workers: their Celery hostname, else this machine's FQDN."""
    return os.environ.get(HOSTNAME_ENV) or socket.getfqdn()


@dataclass
class CeleryStack:
    """The running stack: Airflow (with the workers among its processes), the broker, the staging bucket."""

    airflow: AirflowStack
    broker_url: str
    staging_url: str
    staging_dir: Path
    """The staging prefix as the S3 server's filesystem backend holds it (objects are files)."""
    hostnames: dict[str, str]
    """``{worker name: Celery hostname}`` (= the task instances' ``hostname``)."""


def start_celery_stack(
    base: Path,
    es_url: str,
    s3,  # noqa: ANN001 - etl.devstack.s3server.LocalS3, running
    finalize: Finalize,
    extra_env: dict[str, str] | None = None,
    workers: tuple[str, ...] = WORKERS,
    concurrency: int = 1,
) -> CeleryStack:
    """Start Redis, PostgreSQL, Airflow on the CeleryExecutor and the workers; wait until all are ready."""
    from etl.devstack.redisserver import LocalRedis

    redis = LocalRedis(base_dir=base / "redis")
    finalize(redis.stop)
    broker_url = redis.start()
    db_url = start_postgres(base, finalize)
    bucket = f"staging-{uuid.uuid4().hex[:8]}"
    s3.create_bucket(bucket)
    staging_url = f"s3://{bucket}/staging"
    env = {
        "AIRFLOW__CORE__EXECUTOR": "CeleryExecutor",
        "AIRFLOW__CELERY__BROKER_URL": broker_url,
        "AIRFLOW__CELERY__RESULT_BACKEND": f"db+{db_url}",
        "AIRFLOW__CELERY__WORKER_CONCURRENCY": str(concurrency),
        f"AIRFLOW_CONN_{STAGING_CONN_ID.upper()}": s3.connection_uri(),
        "ETL_STAGING_URL": staging_url,
        "ETL_STAGING_CONN_ID": STAGING_CONN_ID,
        # botocore's default CRC checksums are answered 501 by S3Proxy (etl.devstack.s3server).
        "AWS_REQUEST_CHECKSUM_CALCULATION": "when_required",
        "AWS_RESPONSE_CHECKSUM_VALIDATION": "when_required",
        **(extra_env or {}),
    }
    stack = start_airflow(base, db_url, es_url, env, finalize)
    host = socket.gethostname()
    hostnames = {name: f"{name}@{host}" for name in workers}
    for name, hostname in hostnames.items():
        worker_env = {
            HOSTNAME_ENV: hostname,
            "AIRFLOW__CORE__HOSTNAME_CALLABLE": f"{__name__}.worker_hostname",
            "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p),
        }
        stack.start(
            name,
            "celery", "worker",
            "--celery-hostname", hostname,
            "--concurrency", str(concurrency),
            "--skip-serve-logs", "--without-mingle", "--without-gossip",
            env=worker_env,
        )  # fmt: skip

    def ready() -> bool:
        stack.check_alive()
        return all(f"{hostname} ready." in (stack.logs / f"{name}.log").read_text(errors="replace") for name, hostname in hostnames.items())

    wait_for(f"the Celery workers {sorted(hostnames.values())} to be ready", ready, 120, diag=stack.log_tail)
    return CeleryStack(
        airflow=stack,
        broker_url=broker_url,
        staging_url=staging_url,
        staging_dir=s3.data_dir / bucket / "staging",
        hostnames=hostnames,
    )
