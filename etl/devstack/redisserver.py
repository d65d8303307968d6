"""A local Redis server for Celery's broker and result backend: Debian's ``redis-server`` on loopback.

Started with its own config file (no persistence, loopback only, a pid file), stopped by pid.
Redis runs as root without complaint, so unlike Elasticsearch and PostgreSQL it needs no user
namespace. Standard library only, like the rest of :mod:`etl.devstack`.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from etl.devstack.localnode import _port_in_use, free_port
from etl.devstack.processes import log_tail, running_pid, stop_pid
from etl.errors import LocalRedisError

__all__ = ["LocalRedis"]


@dataclass
class LocalRedis:
    """One ``redis-server`` on ``127.0.0.1:<port>`` with its files under ``base_dir``."""

    base_dir: Path
    port: int = 0
    """0 picks a free port at :meth:`start`."""

    @property
    def pid_file(self) -> Path:
        return self.base_dir / "redis.pid"

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def pid(self) -> int | None:
        return running_pid(self.pid_file)

    def start(self, timeout: float = 20.0) -> str:
        """Start the server and wait for ``PONG``; return its URL."""
        if self.pid() is not None:
            return self.url
        binary = shutil.which("redis-server")
        if binary is None:
            raise LocalRedisError("redis-server is not installed; run `make sysdeps` (Debian package redis-server)")
        if not self.port:
            self.port = free_port()
        elif _port_in_use(self.port):
            raise LocalRedisError(f"port {self.port} is already in use by another process; choose another")
        self.base_dir.mkdir(parents=True, exist_ok=True)
        conf = self.base_dir / "redis.conf"
        conf.write_text(
            "\n".join(
                [
                    "bind 127.0.0.1",
                    f"port {self.port}",
                    "daemonize no",
                    f"dir {self.base_dir}",
                    'save ""',
                    "appendonly no",
                    "protected-mode yes",
                    f"logfile {self.base_dir / 'redis.log'}",
                    "",
                ]
            ),
            encoding="ascii",
        )
        proc = subprocess.Popen(
            [binary, str(conf)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.pid_file.write_text(str(proc.pid))
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise LocalRedisError(f"redis-server exited during start-up (exit {proc.returncode}):\n{self._log_tail()}")
            if self.ping():
                return self.url
            time.sleep(0.1)
        self.stop()
        raise LocalRedisError(f"redis-server did not answer PING within {timeout:.0f}s:\n{self._log_tail()}")

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self, timeout: float = 10.0) -> bool:
        """Stop the server by its pid (TERM, then KILL); False when it was not running."""
        return stop_pid(self.pid_file, timeout)

    def _log_tail(self) -> str:
        return log_tail(self.base_dir / "redis.log")
