"""A throwaway PostgreSQL cluster for Airflow's metadata DB: ``initdb`` + ``pg_ctl``, stopped by pid.

A running Airflow scheduler needs PostgreSQL: Airflow 3.3 refuses backfill creation
on SQLite under concurrent access. ``make airflow`` and the scheduler tests use this.
Like Elasticsearch, PostgreSQL refuses to run as root; as root it runs in a user
namespace where it is uid 1000 (see :mod:`etl.devstack.localnode`).

Standard library only.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from etl.errors import LocalPostgresError


def pg_bin(name: str) -> str:
    """Path of a PostgreSQL server binary (Debian keeps them out of PATH)."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if candidates:
        return candidates[-1]
    raise LocalPostgresError(f"{name} not found: install PostgreSQL server binaries (apt-get install postgresql)")


def _is_postgres(pid: int) -> bool:
    """Whether ``pid`` runs a PostgreSQL server (True where /proc cannot tell)."""
    try:
        argv0 = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0].decode(errors="replace")
    except FileNotFoundError:
        return not Path("/proc/self").exists()
    except OSError:
        return True
    return os.path.basename(argv0).startswith("postgres")


def _as_unprivileged(cmd: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["unshare", "--user", "--map-user=1000", "--map-group=1000", *cmd]
    return cmd


@dataclass
class LocalPostgres:
    """One cluster in ``data_dir`` listening on 127.0.0.1:``port`` with a database ``dbname``."""

    data_dir: Path
    port: int
    dbname: str = "airflow"
    user: str = "airflow"

    @property
    def socket_dir(self) -> Path:
        return self.data_dir.parent / f"{self.data_dir.name}-sock"

    @property
    def url(self) -> str:
        """SQLAlchemy URL for Airflow (psycopg2 driver)."""
        return f"postgresql+psycopg2://{self.user}@127.0.0.1:{self.port}/{self.dbname}"

    def pid(self) -> int | None:
        try:
            pid = int((self.data_dir / "postmaster.pid").read_text().split()[0])
            os.kill(pid, 0)
        except (FileNotFoundError, ValueError, IndexError, ProcessLookupError):
            return None
        return pid if _is_postgres(pid) else None  # else a stale pid file (crash): the pid is someone else's

    def start(self, timeout: float = 60) -> str:
        """initdb (first time only), start, create the database; return the SQLAlchemy URL."""
        if self.pid() is not None:
            return self.url
        self.socket_dir.mkdir(parents=True, exist_ok=True)
        if not (self.data_dir / "PG_VERSION").exists():
            self.data_dir.mkdir(parents=True, exist_ok=True)
            self._run([pg_bin("initdb"), "-D", str(self.data_dir), "-U", self.user, "--auth=trust", "-E", "UTF8"], "initdb")
        opts = f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off"
        self._run(
            [pg_bin("pg_ctl"), "-D", str(self.data_dir), "-l", str(self.data_dir / "server.log"), "-o", opts, "-w", "-t", str(int(timeout)), "start"],
            "pg_ctl start",
        )
        exists = self._psql(f"SELECT 1 FROM pg_database WHERE datname = '{self.dbname}'")
        if "1" not in exists:
            self._psql(f'CREATE DATABASE "{self.dbname}"', dbname="postgres")
        return self.url

    def stop(self, timeout: float = 30) -> bool:
        """Stop the server by its pid (fast shutdown, then KILL)."""
        pid = self.pid()
        if pid is None:
            return False
        try:
            os.kill(pid, signal.SIGINT)  # PostgreSQL's "fast" shutdown
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline and self.pid() is not None:
                time.sleep(0.1)
            if self.pid() is not None:
                os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:  # it exited meanwhile (stopped by someone else too)
            pass
        return True

    def _psql(self, sql: str, dbname: str = "postgres") -> str:
        psql = shutil.which("psql") or pg_bin("psql")
        proc = subprocess.run(
            [psql, "-h", "127.0.0.1", "-p", str(self.port), "-U", self.user, "-d", dbname, "-tAc", sql],
            capture_output=True,
            text=True,
        )
        if proc.returncode != 0:
            raise LocalPostgresError(f"psql failed: {proc.stderr.strip()}")
        return proc.stdout

    def _run(self, cmd: list[str], what: str) -> None:
        proc = subprocess.run(_as_unprivileged(cmd), capture_output=True, text=True)
        if proc.returncode != 0:
            log = self.data_dir / "server.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise LocalPostgresError(f"{what} failed (exit {proc.returncode}): {proc.stderr.strip()}\n{tail}")
