"""``make airflow-stop`` leaves nothing of ``make airflow`` running; Ctrl-C on ``make airflow`` neither.

The stack is the real one a user gets: ``scripts/airflow-up`` (what ``make airflow`` runs, with the
environment the Makefile exports) starts the project-local PostgreSQL and ``airflow standalone``
(api-server, scheduler and its LocalExecutor workers, dag-processor, triggerer), on free ports, with
a temporary ``AIRFLOW_HOME`` and PostgreSQL data directory. Elasticsearch is not needed to start it.

Once the api-server answers, every process of the stack is recorded by walking ``/proc`` from the
up-script (its descendants) and from PostgreSQL's postmaster (its pid file; ``pg_ctl`` detaches it).
Then the stack is stopped the way a user stops it, and every recorded process must be gone within
a bounded time, PostgreSQL's port closed. Whatever happens, the recorded processes are killed by
pid in a ``finally`` (pid and start time checked first, so a reused pid is never hit).
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.airflow.helpers import ROOT

pytestmark = [pytest.mark.slow, pytest.mark.airflow]

VENV_BIN = Path(sys.executable).parent
START_TIMEOUT = 240  # Airflow's first start (DB migration included) is slow on a 2-core machine
STOP_TIMEOUT = 120  # bound on everything being gone after `make airflow-stop` returns, or after Ctrl-C
MAKE_STOP_TIMEOUT = 240  # bound on `make airflow-stop` itself (its worst case: grace periods, then SIGKILL)


@dataclass(frozen=True)
class Proc:
    pid: int
    ppid: int
    pgid: int
    sid: int
    state: str
    start: int  # clock ticks after boot: (pid, start) names one process, whatever pid reuse happens
    cmdline: str


def _proc(pid: int) -> Proc | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    fields = stat[stat.rindex(")") + 2 :].split()  # the command name may hold spaces and parentheses
    return Proc(pid, int(fields[1]), int(fields[2]), int(fields[3]), fields[0], int(fields[19]), cmdline)


def _processes() -> dict[int, Proc]:
    table = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit() and (proc := _proc(int(entry))) is not None:
            table[proc.pid] = proc
    return table


def _tree(roots: list[int]) -> dict[int, Proc]:
    """The live processes ``roots`` and all their descendants (by parent pid)."""
    table = _processes()
    children: dict[int, list[int]] = {}
    for proc in table.values():
        children.setdefault(proc.ppid, []).append(proc.pid)
    found: dict[int, Proc] = {}
    todo = [pid for pid in roots if pid in table]
    while todo:
        pid = todo.pop()
        if pid not in found:
            found[pid] = table[pid]
            todo.extend(children.get(pid, []))
    return found


def _running(recorded: dict[int, Proc]) -> list[Proc]:
    """The recorded processes still running: same pid and start time, not a zombie."""
    left = []
    for proc in recorded.values():
        now = _proc(proc.pid)
        if now is not None and now.start == proc.start and now.state != "Z":
            left.append(now)
    return left


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _postmaster_pid(data_dir: Path) -> int | None:
    try:
        return int((data_dir / "postmaster.pid").read_text().split()[0])
    except (FileNotFoundError, ValueError, IndexError):
        return None


def _free_port() -> int:
    from etl.devstack.localnode import free_port

    return free_port()


@dataclass
class Stack:
    """One ``scripts/airflow-up`` run and what it started."""

    env: dict[str, str]
    home: Path
    pg_data: Path
    port: int
    pg_port: int
    log: Path
    up: subprocess.Popen | None = None

    def log_tail(self, chars: int = 4000) -> str:
        text = self.log.read_text(errors="replace")[-chars:] if self.log.exists() else "(no log)"
        return f"--- {self.log} (tail) ---\n{text}"

    def script_lines(self) -> str:
        """The up-script's own output (its shutdown report), without the Airflow components' lines."""
        text = self.log.read_text(errors="replace") if self.log.exists() else ""
        components = ("api-server", "scheduler", "dag-processor", "triggerer", "standalone")
        return "\n".join(line for line in text.splitlines() if line and not line.startswith(components) and not line[:4].isdigit())

    def start(self) -> None:
        """``scripts/airflow-up`` in a session of its own, as a terminal's foreground job would be."""
        out = self.log.open("wb")
        self.up = subprocess.Popen(
            [str(ROOT / "scripts" / "airflow-up")],
            env=self.env,
            cwd=str(ROOT),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its pgid is its pid: the group a terminal's Ctrl-C signals
        )
        out.close()

    def wait_api_server(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            assert self.up is not None
            if self.up.poll() is not None:
                pytest.fail(f"scripts/airflow-up exited with {self.up.returncode} before the api-server answered\n{self.log_tail()}")
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/api/v2/monitor/health", timeout=5).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(2)
        pytest.fail(f"the api-server did not answer on port {self.port} within {START_TIMEOUT}s\n{self.log_tail()}")

    def record(self) -> dict[int, Proc]:
        """Every process of the stack now: the up-script's tree and PostgreSQL's."""
        assert self.up is not None
        roots = [self.up.pid]
        postmaster = _postmaster_pid(self.pg_data)
        if postmaster is not None:
            roots.append(postmaster)
        return _tree(roots)

    def wait_gone(self, recorded: dict[int, Proc], what: str) -> None:
        deadline = time.monotonic() + STOP_TIMEOUT
        while time.monotonic() < deadline:
            if self.up is not None:
                self.up.poll()  # reap it: our child would stay a zombie otherwise
            left = _running(recorded)
            if not left and not _port_open(self.pg_port) and not _port_open(self.port):
                return
            time.sleep(0.5)
        left = _running(recorded)
        listing = "\n".join(f"  {p.pid} (pgid {p.pgid}, sid {p.sid}) {p.cmdline[:120]}" for p in left)
        pytest.fail(
            f"{len(left)} of {len(recorded)} processes of the stack still running {STOP_TIMEOUT}s after {what}:\n{listing}\n"
            f"postgres port {self.pg_port} open: {_port_open(self.pg_port)}, api-server port {self.port} open: {_port_open(self.port)}\n"
            f"{self.log_tail()}"
        )

    def kill_everything(self, recorded: dict[int, Proc]) -> None:
        """Last-resort cleanup, by pid: the recorded processes, the up-script's tree and its standalone session now."""
        recorded = {**recorded, **(_tree([self.up.pid]) if self.up is not None else {})}
        with suppress(FileNotFoundError, ValueError):
            leader, start = map(int, (self.home / "standalone.pgid").read_text().split()[:2])
            recorded.update({p.pid: p for p in _processes().values() if p.sid == leader and p.start >= start})
        if self.up is not None and self.up.poll() is None:  # not reaped yet: its pid (= pgid) is still ours
            with suppress(ProcessLookupError, PermissionError):
                os.killpg(self.up.pid, signal.SIGKILL)  # its own group (start_new_session)
        for proc in _running(recorded):
            with suppress(ProcessLookupError, PermissionError):
                os.kill(proc.pid, signal.SIGKILL)
        if self.up is not None:
            with suppress(subprocess.TimeoutExpired):
                self.up.wait(timeout=30)
        from etl.devstack.localpg import LocalPostgres

        LocalPostgres(self.pg_data, self.pg_port).stop()


def _environment(home: Path, pg_data: Path, port: int, pg_port: int) -> dict[str, str]:
    """What ``make airflow`` gives ``scripts/airflow-up``: the Makefile's exports plus the ports."""
    drop = ("AIRFLOW", "ETL_", "PYTEST", "MAKE", "MFLAGS")
    env = {k: v for k, v in os.environ.items() if not k.startswith(drop)}
    env.update(
        {
            "PATH": f"{VENV_BIN}{os.pathsep}{os.environ.get('PATH', '')}",
            "AIRFLOW_HOME": str(home),
            "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "ES_URL": "http://127.0.0.1:9",  # not contacted: nothing runs a DAG here
            "AIRFLOW_PORT": str(port),
            "AIRFLOW_PG_PORT": str(pg_port),
            "AIRFLOW_PG_DATA": str(pg_data),
        }
    )
    return env


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[Stack]:
    home = tmp_path / "home"
    pg_data = tmp_path / "pg" / "data"
    port, pg_port = _free_port(), _free_port()
    yield Stack(_environment(home, pg_data, port, pg_port), home, pg_data, port, pg_port, tmp_path / "airflow-up.log")


def _make_airflow_stop(env: dict[str, str], timeout: float = MAKE_STOP_TIMEOUT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(ROOT), "airflow-stop"],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
    )


def _start_and_record(stack: Stack) -> dict[int, Proc]:
    stack.start()
    stack.wait_api_server()
    recorded = stack.record()
    commands = " | ".join(p.cmdline for p in recorded.values())
    # The walk found the stack itself, not just the up-script: else "all gone" would prove nothing.
    for part in ("api_server", "scheduler", "dag-processor", "triggerer", "postgres"):
        assert part in commands, f"no {part!r} process in the stack's tree:\n{commands}"
    return recorded


@pytest.mark.timeout(START_TIMEOUT + 2 * MAKE_STOP_TIMEOUT + STOP_TIMEOUT + 60)
def test_make_airflow_stop_leaves_nothing_of_the_stack(stack: Stack) -> None:
    recorded: dict[int, Proc] = {}
    try:
        recorded = _start_and_record(stack)
        began = time.monotonic()
        done = _make_airflow_stop(stack.env)
        assert done.returncode == 0, f"make airflow-stop exited {done.returncode}\n{done.stdout}\n{done.stderr}"
        stack.wait_gone(recorded, f"`make airflow-stop` (which said: {done.stdout.strip()!r})")
        print(f"\n{len(recorded)} processes stopped in {time.monotonic() - began:.1f}s; make airflow-stop said:\n{done.stdout}")
        print(f"scripts/airflow-up said:\n{stack.script_lines()}")

        again = _make_airflow_stop(stack.env)
        assert again.returncode == 0, f"a second make airflow-stop exited {again.returncode}\n{again.stdout}\n{again.stderr}"
        assert "not running" in again.stdout, again.stdout
    finally:
        stack.kill_everything(recorded)


@pytest.mark.timeout(START_TIMEOUT + 2 * STOP_TIMEOUT + 60)
def test_ctrl_c_on_make_airflow_stops_the_stack_and_postgres(stack: Stack) -> None:
    recorded: dict[int, Proc] = {}
    try:
        recorded = _start_and_record(stack)
        assert stack.up is not None
        os.killpg(stack.up.pid, signal.SIGINT)  # what the terminal does on Ctrl-C: SIGINT to the foreground group
        began = time.monotonic()
        stack.wait_gone(recorded, "Ctrl-C (SIGINT to the foreground process group)")
        assert stack.up.wait(timeout=10) == -signal.SIGINT, "scripts/airflow-up should die of the SIGINT, as a shell expects"
        print(f"\n{len(recorded)} processes stopped in {time.monotonic() - began:.1f}s; scripts/airflow-up said:\n{stack.script_lines()}")
    finally:
        stack.kill_everything(recorded)


def test_make_airflow_stop_with_nothing_running_exits_0(tmp_path: Path) -> None:
    env = _environment(tmp_path / "home", tmp_path / "pg" / "data", _free_port(), _free_port())
    done = _make_airflow_stop(env, timeout=60)
    assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
    assert "not running" in done.stdout, done.stdout


def test_make_airflow_stop_leaves_an_unrelated_process_behind_a_stale_pid_file(tmp_path: Path) -> None:
    """Pid files whose pid now belongs to someone else (same number, other start time): not ours, not touched."""
    home = tmp_path / "home"
    home.mkdir()
    env = _environment(home, tmp_path / "pg" / "data", _free_port(), _free_port())
    # A session leader of its own, like `airflow standalone` under setsid: the worst case for a stale pgid file.
    bystander = subprocess.Popen(["sleep", "300"], start_new_session=True)
    try:
        me = _proc(bystander.pid)
        assert me is not None
        stale = f"{bystander.pid} {me.start - 1}\n"  # the pid recorded once, by a process that started earlier
        (home / "airflow-up.pid").write_text(stale)
        (home / "standalone.pgid").write_text(stale)
        done = _make_airflow_stop(env, timeout=60)
        assert done.returncode == 0, f"{done.stdout}\n{done.stderr}"
        time.sleep(1)
        assert bystander.poll() is None, f"make airflow-stop killed an unrelated process\n{done.stdout}"
        assert "not running" in done.stdout, done.stdout
        assert not (home / "airflow-up.pid").exists() and not (home / "standalone.pgid").exists(), "stale pid files left"
    finally:
        bystander.kill()
        bystander.wait()
