"""A real three-node Elasticsearch cluster loses a node mid-run and nothing is lost.

The cluster is the project's own (:class:`etl.devstack.cluster.LocalCluster`, the nodes
started at once, stopped by pid at the end). ``etl run`` (the CLI, as a user runs it) indexes
the BBC corpus through ``ES_URL`` listing all three nodes, in bulks of 25 documents, with
three shards and one replica. Once a fifth of the articles is in, the node holding the
primary of shard 0 is killed with SIGKILL. The run must still end with the exact
documents ``etl parse`` finds, a report that adds up, the lost primaries taken over by
their replicas, and the cluster green again once the node is back.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from tests.conftest import BBC, ROOT

pytestmark = [pytest.mark.scale, pytest.mark.slow, pytest.mark.es]

ETL = str(Path(sys.executable).with_name("etl"))
SHARDS = 3


@pytest.fixture(scope="module")
def cluster():
    from etl.devstack.cluster import LocalCluster
    from etl.devstack.localnode import free_port

    http = [free_port() for _ in range(3)]
    transport = [free_port() for _ in range(3)]
    base = ROOT / ".local" / "es" / "test-clusters" / str(http[0])
    cluster = LocalCluster(size=3, heap="512m", base_dir=base, http_ports=http, transport_ports=transport)
    t0 = time.monotonic()
    try:
        cluster.start()
        print(f"\ncluster of 3 green in {time.monotonic() - t0:.1f}s", file=sys.stderr)
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(base, ignore_errors=True)


def _env(cluster, prefix: str) -> dict[str, str]:  # noqa: ANN001
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ES_", "ETL_ELASTICSEARCH__", "ETL_BULK__"))}
    env.update(
        {
            "ES_URL": " , ".join(cluster.urls) + ",",  # blanks and a trailing comma, as people write lists
            "ETL_ELASTICSEARCH__INDEX_PREFIX": prefix,
            "ETL_ELASTICSEARCH__REPLICAS": "1",
            "ETL_ELASTICSEARCH__SHARDS": str(SHARDS),
            # Short timeouts so a request caught on the dying node moves on quickly.
            "ETL_ELASTICSEARCH__REQUEST_TIMEOUT_S": "10",
            "ETL_BULK__CHUNK_DOCS": "25",
            "ETL_BULK__INITIAL_BACKOFF_S": "0.2",
            "ETL_BULK__MAX_BACKOFF_S": "2",
        }
    )
    return env


def _shards(es, index: str) -> dict[tuple[int, bool], dict]:  # noqa: ANN001
    """``{(shard, is_primary): {"node": name or None, "state": ...}}``."""
    rows = es.cat.shards(index=index, format="json", h="shard,prirep,node,state").body
    return {(int(r["shard"]), r["prirep"] == "p"): {"node": r["node"], "state": r["state"]} for r in rows}


def _index_ids(es, alias: str) -> list[str]:  # noqa: ANN001
    es.indices.refresh(index=alias)
    hits = es.search(index=alias, size=10_000, source=False, query={"match_all": {}})["hits"]["hits"]
    return [h["_id"] for h in hits]


def _assert_adds_up(report: dict) -> None:
    files = report["files_parsed"] + report["files_unchanged"] + report["files_quarantined"]
    assert report["files_seen"] == files, report
    assert report["articles_parsed"] == report["indexed"] + report["unchanged"] + report["dead_lettered"], report
    assert report["indexed"] == report["created"] + report["updated"], report
    assert report["balanced"] is True, report


@pytest.mark.timeout(420)
def test_run_survives_a_killed_primary_node_with_exact_counts_and_the_cluster_heals(cluster, tmp_path) -> None:
    from etl.config import ElasticsearchConfig
    from etl.index.client import make_client

    prefix = f"c{uuid.uuid4().hex[:8]}"
    env = _env(cluster, prefix)
    expected = [
        json.loads(line)["id"]
        for line in subprocess.run([ETL, "parse", str(BBC)], capture_output=True, text=True, check=True, env=env).stdout.splitlines()
    ]
    assert len(expected) == len(set(expected)) == 2225

    es = make_client(ElasticsearchConfig(url=cluster.url, index_prefix=prefix, request_timeout_s=10))
    try:
        # The client spreads requests over the three nodes (each answers for itself to _local).
        answered = {n["name"] for _ in range(6) for n in es.nodes.info(node_id="_local", metric="http")["nodes"].values()}
        assert answered == {f"node-{p}" for p in cluster.http_ports}

        setup = subprocess.run([ETL, "index", "setup"], capture_output=True, text=True, env=env, timeout=120)
        assert setup.returncode == 0, setup.stderr
        index = es.indices.get_alias(name=prefix).body.popitem()[0]
        for name in (index, f"{prefix}-runs"):
            assert es.indices.get_settings(index=name)[name]["settings"]["index"]["number_of_replicas"] == "1"
        es.cluster.health(index=index, wait_for_status="green", timeout="60s")
        before = _shards(es, index)
        victim_name = before[(0, True)]["node"]
        victim = next(n for n in cluster.nodes if f"node-{n.port}" == victim_name)
        lost = [s for s in range(SHARDS) if before[(s, True)]["node"] == victim_name]
        was_master = es.cat.master(format="json").body[0]["node"] == victim_name

        t0 = time.monotonic()
        run = subprocess.Popen(
            [ETL, "run", "--source", str(BBC), "--workers", "2", "--json"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=tmp_path,
        )  # fmt: skip
        killed_at = None
        while run.poll() is None:
            count = es.count(index=index)["count"]
            if count >= len(expected) // 5:
                victim.kill()
                killed_at = (time.monotonic() - t0, count)
                break
            time.sleep(0.1)
        assert killed_at is not None and run.poll() is None, "the node must die while the run is still indexing"
        out, err = run.communicate(timeout=300)
        elapsed = time.monotonic() - t0
        assert run.returncode == 0, err[-4000:]
        report = json.loads(out)
        print(f"\nkilled {victim_name} (primaries {lost}, master: {was_master}) at {killed_at[0]:.1f}s "
              f"with {killed_at[1]} indexed; run {elapsed:.1f}s, "
              f"{report.get('articles_per_s')} articles/s, retries {report['retries']}", file=sys.stderr)  # fmt: skip

        _assert_adds_up(report)
        assert report["status"] == "succeeded" and report["dead_lettered"] == 0
        assert report["articles_parsed"] == len(expected)
        assert report["indexed"] == len(expected)
        ids = _index_ids(es, prefix)
        assert len(ids) == len(expected) and set(ids) == set(expected)

        # The replicas of the lost primaries took over, on the nodes that held them.
        after = _shards(es, index)
        for shard in range(SHARDS):
            primary = after[(shard, True)]
            assert primary["state"] == "STARTED" and primary["node"] != victim_name, after
        for shard in lost:
            assert after[(shard, True)]["node"] == before[(shard, False)]["node"], (before, after)
        health = es.cluster.health()
        assert health["number_of_nodes"] == 2 and health["status"] in ("yellow", "green"), health

        t1 = time.monotonic()
        cluster.start_node(victim)
        cluster.wait_for(status="green", timeout=180)
        print(f"killed node back and cluster green in {time.monotonic() - t1:.1f}s", file=sys.stderr)
        assert es.cluster.health()["status"] == "green"
        assert es.count(index=prefix)["count"] == len(expected)
        # The restarted node holds copies again. Green allows shards still relocating to it (their
        # node reads "a -> … b" in _cat/shards): wait for those moves to end first.
        es.options(ignore_status=408).cluster.health(wait_for_status="green", wait_for_no_relocating_shards=True, timeout="120s")
        assert victim_name in {row["node"] for row in _shards(es, index).values()}
    finally:
        es.options(ignore_status=404).indices.delete(index=f"{prefix}*", expand_wildcards="all")
        es.close()
