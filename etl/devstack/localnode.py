"""The project-local Elasticsearch node: install, start on a port, wait for health, stop by pid.

The node is a real Elasticsearch 8.x: Elastic's own ``integ-test-zip`` distribution,
resolved from Maven Central by ``tools/es/pom.xml`` (this machine has no Docker
engine). That distribution ships without the ``analysis-common`` module, so the
project's small plugin in ``tools/es/plugin`` supplies the analysis components our
index template uses, under the same names and settings (see its README).

Everything lives under ``.local/es/`` (gitignored): the unpacked distribution in
``dist/`` and one folder per node in ``nodes/<port>/`` (config, data, logs, pid).

Elasticsearch refuses to run as root. When we are root (CI, containers) the node
runs in a user namespace where it is uid 1000: files stay ours, the refusal is
satisfied, and no system user has to be created.

Standard library only, so it works before anything else is installed.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from etl.errors import LocalNodeError
from etl.resources import PROJECT_ROOT  # the source checkout: .local/ and tools/ live there

ES_VERSION = "8.19.21"
LOCAL_DIR = PROJECT_ROOT / ".local" / "es"
DIST_HOME = LOCAL_DIR / "dist" / f"elasticsearch-{ES_VERSION}"
NODES_DIR = LOCAL_DIR / "nodes"
DIST_POM = PROJECT_ROOT / "tools" / "es" / "pom.xml"
PLUGIN_POM = PROJECT_ROOT / "tools" / "es" / "plugin" / "pom.xml"
PLUGIN_NAME = "articles-local-analysis"
PLUGIN_BUILD_DIR = PROJECT_ROOT / "tools" / "es" / "plugin" / "target" / "plugin" / PLUGIN_NAME


def _log(message: str) -> None:
    print(f"local-es: {message}", file=sys.stderr, flush=True)


def java_home() -> str:
    """The JDK to run Elasticsearch with: ``ES_JAVA_HOME``, ``JAVA_HOME``, or the ``java`` on PATH."""
    for var in ("ES_JAVA_HOME", "JAVA_HOME"):
        if os.environ.get(var) and (Path(os.environ[var]) / "bin" / "java").exists():
            return os.environ[var]
    java = shutil.which("java")
    if not java:
        raise LocalNodeError("no Java found: install a JDK 17+ or set ES_JAVA_HOME")
    return str(Path(java).resolve().parent.parent)


def _run_maven(pom: Path, goals: list[str], what: str) -> None:
    cmd = ["mvn", "-q", "-B", "-Dstyle.color=never", "-f", str(pom), *goals]
    _log(f"{what}: {' '.join(cmd)}")
    try:
        subprocess.run(cmd, check=True, cwd=PROJECT_ROOT)
    except FileNotFoundError as exc:
        raise LocalNodeError("Maven (mvn) is not installed; it is needed to fetch Elasticsearch") from exc
    except subprocess.CalledProcessError as exc:
        raise LocalNodeError(
            f"{what} failed (exit {exc.returncode}); check that Maven Central is reachable and rerun `etl es install`"
        ) from exc


def install(force: bool = False) -> Path:
    """Resolve the distribution and the analysis plugin; return the Elasticsearch home."""
    if force or not (DIST_HOME / "bin" / "elasticsearch").exists():
        # The dependency plugin skips an artifact its marker says is unpacked, even when the
        # folder is gone: drop the markers so a missing distribution is always restored.
        shutil.rmtree(DIST_POM.parent / "target" / "dependency-maven-plugin-markers", ignore_errors=True)
        _run_maven(DIST_POM, ["dependency:unpack"], f"fetching Elasticsearch {ES_VERSION}")
    if not (DIST_HOME / "bin" / "elasticsearch").exists():
        raise LocalNodeError(f"{DIST_HOME} is missing after unpacking; delete .local/es and retry")
    installed = DIST_HOME / "plugins" / PLUGIN_NAME
    if PLUGIN_POM.exists() and (force or not installed.exists()):
        if force or not PLUGIN_BUILD_DIR.exists():
            _run_maven(PLUGIN_POM, ["package"], "building the local analysis plugin")
        if installed.exists():
            shutil.rmtree(installed)
        shutil.copytree(PLUGIN_BUILD_DIR, installed)
    return DIST_HOME


@dataclass
class LocalNode:
    """One single-node cluster on ``port`` with its files under ``.local/es/nodes/<port>``."""

    port: int = 9200
    heap: str = "1g"
    settings: dict[str, object] = field(default_factory=dict)
    """Extra ``elasticsearch.yml`` settings (e.g. ``thread_pool.write.queue_size``)."""
    base_dir: Path | None = None
    env: dict[str, str] = field(default_factory=dict)
    """Extra environment for the node process (e.g. ``ES_JAVA_OPTS`` additions)."""
    config_files: dict[str, bytes] = field(default_factory=dict)
    """Files written into the node's config folder (e.g. TLS certificates and keys)."""
    keystore: dict[str, str] = field(default_factory=dict, repr=False)
    """Secure settings added to ``elasticsearch.keystore`` (e.g. ``bootstrap.password``)."""
    ca_certs: str | None = None
    """CA bundle for the health check when the node serves HTTPS."""

    @property
    def home(self) -> Path:
        return self.base_dir or NODES_DIR / str(self.port)

    @property
    def pid_file(self) -> Path:
        return self.home / "es.pid"

    @property
    def url(self) -> str:
        scheme = "https" if self.settings.get("xpack.security.http.ssl.enabled") else "http"
        return f"{scheme}://127.0.0.1:{self.port}"

    def pid(self) -> int | None:
        """The node's pid when its process is alive, else ``None``."""
        try:
            pid = int(self.pid_file.read_text().strip())
        except (FileNotFoundError, ValueError):
            return None
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return None
        except PermissionError:
            return pid
        return pid

    def _write_config(self) -> Path:
        conf = self.home / "config"
        if conf.exists():
            shutil.rmtree(conf)
        shutil.copytree(DIST_HOME / "config", conf)
        (self.home / "data").mkdir(parents=True, exist_ok=True)
        (self.home / "logs").mkdir(parents=True, exist_ok=True)
        base: dict[str, object] = {
            "cluster.name": f"articles-local-{self.port}",
            "node.name": f"local-{self.port}",
            "discovery.type": "single-node",
            "network.host": "127.0.0.1",
            "http.port": self.port,
            # A free port for the transport layer; nothing else joins this cluster.
            "transport.port": _free_port(),
            "path.data": str(self.home / "data"),
            "path.logs": str(self.home / "logs"),
            "xpack.security.enabled": False,
            # Shared build machines run with little free disk at times; a local node
            # must not turn read-only because of a watermark meant for production.
            "cluster.routing.allocation.disk.threshold_enabled": False,
            "action.destructive_requires_name": False,
        }
        base.update(self.settings)
        lines = [f"{key}: {json.dumps(value)}" for key, value in base.items()]
        (conf / "elasticsearch.yml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        for name, content in self.config_files.items():
            (conf / name).write_bytes(content)
        if self.keystore:
            tool = [str(DIST_HOME / "bin" / "elasticsearch-keystore")]
            env = {**os.environ, "ES_PATH_CONF": str(conf), "ES_JAVA_HOME": java_home()}
            subprocess.run([*tool, "create"], env=env, check=True, capture_output=True)
            for key, value in self.keystore.items():
                subprocess.run([*tool, "add", "--stdin", "--force", key], input=value.encode(), env=env, check=True, capture_output=True)
        return conf

    def start(self, timeout: float = 180.0) -> str:
        """Start the node (installing it first if needed) and wait for yellow health; return its URL."""
        running = self.running_url()
        if running is not None:
            return running
        install()
        self.launch()
        return self.wait_healthy(timeout)

    def running_url(self) -> str | None:
        """The URL of a healthy node already on our port (ours or not), ``None`` when the port is free.

        Raises when something unhealthy holds the port: starting over it would only fail later.
        """
        if self.pid() is not None:
            if self.healthy():
                _log(f"already running on port {self.port} (pid {self.pid()})")
                return self.url
            raise LocalNodeError(f"a node from {self.home} is running (pid {self.pid()}) but not healthy; run `etl es stop --port {self.port}`")
        if _port_in_use(self.port):
            if self.healthy():
                # Not ours (no pid file here), but a healthy cluster: use it rather than fail.
                _log(f"an Elasticsearch already answers on port {self.port}; using it (stop it yourself)")
                return self.url
            raise LocalNodeError(f"port {self.port} is already in use by another process; choose another with --port")
        return None

    def launch(self) -> None:
        """Write the config and start the daemon (the distribution must be installed); no health wait.

        ``elasticsearch -d`` returns once the server process runs, which for a node of a
        cluster can mean after its initial join attempt: :class:`etl.devstack.cluster.LocalCluster`
        calls this for every node at once, in threads.
        """
        self.home.mkdir(parents=True, exist_ok=True)
        conf = self._write_config()
        env = dict(os.environ)
        env.update(
            {
                "ES_PATH_CONF": str(conf),
                "ES_JAVA_HOME": java_home(),
                "ES_JAVA_OPTS": f"-Xms{self.heap} -Xmx{self.heap} " + self.env.get("ES_JAVA_OPTS", ""),
            }
        )
        env.update({k: v for k, v in self.env.items() if k != "ES_JAVA_OPTS"})
        cmd = [str(DIST_HOME / "bin" / "elasticsearch"), "-d", "-p", str(self.pid_file)]
        if os.geteuid() == 0:
            cmd = ["unshare", "--user", "--map-user=1000", "--map-group=1000", *cmd]
        self.pid_file.unlink(missing_ok=True)
        out = self.home / "logs" / "startup.log"
        _log(f"starting Elasticsearch {ES_VERSION} on port {self.port} (files in {self.home})")
        with out.open("wb") as fh:
            proc = subprocess.run(cmd, env=env, stdout=fh, stderr=subprocess.STDOUT, cwd=self.home)
        if proc.returncode != 0:
            raise LocalNodeError(f"Elasticsearch failed to start (exit {proc.returncode}):\n{self._log_tail()}")

    def wait_healthy(self, timeout: float) -> str:
        """Wait until the node answers with yellow or green health; return its URL."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.healthy():
                _log(f"ready at {self.url} (pid {self.pid()})")
                return self.url
            self.check_alive()
            time.sleep(0.5)
        raise LocalNodeError(f"Elasticsearch did not become healthy within {timeout:.0f}s:\n{self._log_tail()}")

    def check_alive(self) -> None:
        """Raise with the log tail when the node wrote its pid file and then exited."""
        if self.pid() is None and self.pid_file.exists():
            raise LocalNodeError(f"Elasticsearch exited during start-up:\n{self._log_tail()}")

    def healthy(self) -> bool:
        """True when the cluster answers with yellow or green health."""
        request = urllib.request.Request(f"{self.url}/_cluster/health")
        context = None
        if self.url.startswith("https:"):
            context = ssl.create_default_context(cafile=self.ca_certs)
            if self.ca_certs is None:  # our own node on loopback, probed before its CA is known
                context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        if "bootstrap.password" in self.keystore:
            token = base64.b64encode(f"elastic:{self.keystore['bootstrap.password']}".encode()).decode()
            request.add_header("Authorization", f"Basic {token}")
        try:
            with urllib.request.urlopen(request, timeout=2, context=context) as resp:
                return json.load(resp).get("status") in ("yellow", "green")
        except (urllib.error.URLError, OSError, ValueError):
            return False

    def stop(self, timeout: float = 60.0) -> bool:
        """Stop the node by its pid (TERM, then KILL after ``timeout``); False if it was not running."""
        pid = self.pid()
        if pid is None:
            self.pid_file.unlink(missing_ok=True)
            return False
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.pid() is not None:
            time.sleep(0.2)
        if self.pid() is not None:
            os.kill(pid, signal.SIGKILL)
            while self.pid() is not None:
                time.sleep(0.1)
        self.pid_file.unlink(missing_ok=True)
        _log(f"stopped node on port {self.port} (pid {pid})")
        return True

    def kill(self) -> None:
        """Kill the node at once (SIGKILL), as a crash would; for fault-injection tests."""
        pid = self.pid()
        if pid is not None:
            os.kill(pid, signal.SIGKILL)
            while self.pid() is not None:
                time.sleep(0.05)

    def status(self) -> dict[str, object]:
        return {"port": self.port, "pid": self.pid(), "healthy": self.healthy(), "url": self.url, "home": str(self.home)}

    def _log_tail(self, lines: int = 30) -> str:
        chunks = []
        for log in sorted((self.home / "logs").glob("*.log")):
            if log.name.startswith("gc") or log.name.endswith(("_server.json", "deprecation.log")):
                continue
            text = log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:]
            chunks.append(f"--- {log}\n" + "\n".join(text))
        return "\n".join(chunks) or "(no logs)"


def _port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def free_port() -> int:
    """A TCP port on localhost that is free right now (for tests that start their own nodes)."""
    return _free_port()
