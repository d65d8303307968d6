"""A project-local Elasticsearch cluster: several nodes of the local distribution, started and stopped by pid.

Rules and decisions:

* Same distribution as the single node (:mod:`etl.devstack.localnode`: Elastic's
  ``integ-test-zip`` plus the project's analysis plugin), one :class:`LocalNode` per member,
  run under ``unshare --user`` when we are root, exactly as the single node is.
* Ports: HTTP ``base_port``, ``base_port + 1``, … (9200–9202 for three nodes by default);
  transport ``base_port + 100 + i`` (9300–9302), all on 127.0.0.1. Every node names every
  transport port in ``discovery.seed_hosts``; all share one ``cluster.name``.
* ``cluster.initial_master_nodes`` is written only while no member has data yet: it is for
  bootstrapping a new cluster, and Elastic asks for it to be gone once the cluster has formed
  (a node restarted later rejoins from its own cluster state).
* All nodes are master-eligible data nodes, so losing any one of three keeps a quorum of two.
* Start-up launches every node at once (threads): a member's ``elasticsearch -d`` may wait for
  its initial join, which needs the others up. Ready means ``green`` with every node joined.
* Files: ``.local/es/clusters/<base_port>/`` holds ``cluster.json`` (the layout, so ``etl es
  stop``/``status`` find the cluster again) and one folder per node, named by its HTTP port.
  A cluster's data never mixes with the single node's ``.local/es/nodes/<port>``: their
  cluster UUIDs differ and Elasticsearch would refuse the other's data folder.
* Security is off (loopback only), like the single node.

Standard library only, like :mod:`etl.devstack.localnode`.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from etl.devstack.localnode import LOCAL_DIR, LocalNode, _log, _port_in_use, install
from etl.errors import LocalNodeError

__all__ = ["CLUSTERS_DIR", "TRANSPORT_OFFSET", "LocalCluster"]

CLUSTERS_DIR = LOCAL_DIR / "clusters"
T = TypeVar("T")
TRANSPORT_OFFSET = 100
"""Transport port of a member = its HTTP port + this (9200 → 9300, as Elasticsearch's defaults)."""


@dataclass
class LocalCluster:
    """``size`` nodes of one cluster on HTTP ports ``base_port`` … ``base_port + size - 1``."""

    size: int = 3
    base_port: int = 9200
    heap: str = "512m"
    base_dir: Path | None = None
    http_ports: list[int] | None = None
    """Explicit HTTP ports (tests use free ones); default ``base_port + i``."""
    transport_ports: list[int] | None = None
    """Explicit transport ports; default HTTP port + :data:`TRANSPORT_OFFSET`."""
    settings: dict[str, object] = field(default_factory=dict)
    """Extra ``elasticsearch.yml`` settings for every node."""

    def __post_init__(self) -> None:
        if self.size < 1:
            raise LocalNodeError(f"a cluster needs at least one node, not {self.size}")
        if self.http_ports is None:
            self.http_ports = [self.base_port + i for i in range(self.size)]
        if self.transport_ports is None:
            self.transport_ports = [p + TRANSPORT_OFFSET for p in self.http_ports]
        if not len(self.http_ports) == len(self.transport_ports) == self.size:
            raise LocalNodeError(f"{self.size} nodes need {self.size} HTTP and transport ports")
        self.base_port = self.http_ports[0]
        self._nodes = [self._member(i) for i in range(self.size)]

    @property
    def home(self) -> Path:
        return self.base_dir or CLUSTERS_DIR / str(self.base_port)

    @property
    def name(self) -> str:
        return f"articles-local-cluster-{self.base_port}"

    @property
    def nodes(self) -> list[LocalNode]:
        return list(self._nodes)

    @property
    def urls(self) -> list[str]:
        return [node.url for node in self._nodes]

    @property
    def url(self) -> str:
        """The value for ``ES_URL``: every member's URL, comma-separated."""
        return ",".join(self.urls)

    @property
    def manifest(self) -> Path:
        return self.home / "cluster.json"

    @classmethod
    def load(cls, base_port: int, base_dir: Path | None = None) -> LocalCluster | None:
        """The cluster last started with ``base_port`` (from its ``cluster.json``), or ``None``."""
        path = (base_dir or CLUSTERS_DIR / str(base_port)) / "cluster.json"
        try:
            layout = json.loads(path.read_text(encoding="utf-8"))
        except (FileNotFoundError, ValueError):
            return None
        return cls(
            size=len(layout["http_ports"]),
            heap=layout.get("heap", "512m"),
            base_dir=base_dir,
            http_ports=layout["http_ports"],
            transport_ports=layout["transport_ports"],
        )

    def write_manifest(self) -> None:
        """Record the layout in ``cluster.json`` for :meth:`load`."""
        self.home.mkdir(parents=True, exist_ok=True)
        layout = {"http_ports": self.http_ports, "transport_ports": self.transport_ports, "heap": self.heap}
        self.manifest.write_text(json.dumps(layout, indent=2) + "\n", encoding="utf-8")

    def _node_name(self, i: int) -> str:
        return f"node-{self.http_ports[i]}"

    def _member(self, i: int) -> LocalNode:
        settings: dict[str, object] = {
            "cluster.name": self.name,
            "node.name": self._node_name(i),
            "discovery.type": "multi-node",
            "transport.port": self.transport_ports[i],
            "discovery.seed_hosts": [f"127.0.0.1:{p}" for p in self.transport_ports],
            **self.settings,
        }
        return LocalNode(port=self.http_ports[i], heap=self.heap, settings=settings, base_dir=self.home / str(self.http_ports[i]))

    def bootstrap_settings(self) -> None:
        """Name the initial masters while no member has cluster state; drop them afterwards."""
        fresh = not any((node.home / "data").is_dir() and any((node.home / "data").iterdir()) for node in self._nodes)
        for node in self._nodes:
            if fresh:
                node.settings["cluster.initial_master_nodes"] = [self._node_name(j) for j in range(self.size)]
            else:
                node.settings.pop("cluster.initial_master_nodes", None)

    def start(self, timeout: float = 240.0) -> str:
        """Start every node not running yet, all at once, and wait for green; return :attr:`url`."""
        t0 = time.monotonic()
        install()
        self.write_manifest()
        self.bootstrap_settings()
        todo = []
        for node, transport in zip(self._nodes, self.transport_ports, strict=True):
            if node.pid() is not None:
                continue  # a member already up (a restart after a crash brings back only the lost ones)
            if _port_in_use(node.port) or _port_in_use(transport):
                raise LocalNodeError(f"port {node.port} or its transport port is in use by another process; choose another --port")
            todo.append(node)
        self._launch_all(todo)
        self.wait_for(status="green", timeout=max(1.0, timeout - (time.monotonic() - t0)))
        _log(f"cluster {self.name} green with {self.size} nodes at {self.url} in {time.monotonic() - t0:.1f}s")
        return self.url

    def start_node(self, node: LocalNode, timeout: float = 180.0) -> None:
        """Bring one member back (e.g. after :meth:`LocalNode.kill`) and wait until it has rejoined."""
        if node not in self._nodes:
            raise LocalNodeError(f"node on port {node.port} is not a member of {self.name}")
        self.bootstrap_settings()
        if node.pid() is None:
            self._launch_all([node])
        self.wait_for(nodes=self.size, timeout=timeout)

    def _launch_all(self, nodes: list[LocalNode]) -> None:
        _each(nodes, LocalNode.launch)

    def health(self, **params: object) -> dict[str, object] | None:
        """``_cluster/health`` from the first member that answers (with ``params``), else ``None``."""
        query = "&".join(f"{k}={v}" for k, v in params.items())
        for node in self._nodes:
            try:
                with urllib.request.urlopen(f"{node.url}/_cluster/health?{query}", timeout=5 + _seconds(params.get("timeout"))) as resp:
                    return json.load(resp)
            except urllib.error.HTTPError as exc:
                if exc.code == 408:  # wait_for_* timed out: the body is the health as it stands
                    return json.load(exc)
            except (urllib.error.URLError, OSError, ValueError):
                continue
        return None

    def wait_for(self, *, status: str = "yellow", nodes: int | None = None, timeout: float = 180.0) -> dict[str, object]:
        """Wait until the cluster reports ``status`` (or better) with ``nodes`` members (default all)."""
        want = nodes or self.size
        deadline = time.monotonic() + timeout
        health: dict[str, object] | None = None
        while time.monotonic() < deadline:
            health = self.health(wait_for_status=status, wait_for_nodes=want, timeout="2s")
            if health and not health.get("timed_out") and health.get("number_of_nodes") == want:
                return health
            for node in self._nodes:
                node.check_alive()
            time.sleep(0.5)
        tails = "\n".join(node._log_tail(15) for node in self._nodes)
        raise LocalNodeError(f"cluster {self.name} not {status} with {want} nodes within {timeout:.0f}s (last: {health}):\n{tails}")

    def stop(self, timeout: float = 60.0) -> list[int]:
        """Stop every member by its pid; return the HTTP ports of those that were running."""
        stopped = _each(self._nodes, lambda node: node.stop(timeout=timeout))
        return sorted(node.port for node, was_running in zip(self._nodes, stopped, strict=True) if was_running)

    def status(self) -> dict[str, object]:
        health = self.health()
        return {
            "cluster": self.name,
            "url": self.url,
            "status": health.get("status") if health else None,
            "number_of_nodes": health.get("number_of_nodes") if health else 0,
            "healthy": bool(health) and health.get("status") in ("yellow", "green"),
            "nodes": [node.status() for node in self._nodes],
            "home": str(self.home),
        }


def _seconds(value: object) -> float:
    return float(str(value).removesuffix("s")) if value else 0.0


def _each(nodes: list[LocalNode], action: Callable[[LocalNode], T]) -> list[T]:
    """``action`` on every node at once, one thread each; the results in order, or the first error raised."""
    results: list[T | None] = [None] * len(nodes)
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            results[i] = action(nodes[i])
        except BaseException as exc:  # noqa: BLE001 - re-raised below, in the caller's thread
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,), name=f"es-{node.port}") for i, node in enumerate(nodes)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results  # type: ignore[return-value]
