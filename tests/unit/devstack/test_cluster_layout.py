"""The local cluster's layout: ports, seed hosts, one cluster name, bootstrap masters only while
no member has data, and the manifest ``etl es stop``/``status`` read back. Nothing is started."""

from __future__ import annotations

import pytest

from etl.devstack.cluster import LocalCluster
from etl.errors import LocalNodeError


@pytest.mark.parametrize(
    ("size", "base_port", "http", "transport"),
    [
        (3, 9200, [9200, 9201, 9202], [9300, 9301, 9302]),
        (2, 19200, [19200, 19201], [19300, 19301]),
        (1, 9400, [9400], [9500]),
    ],
)
def test_ports_follow_the_base_port_with_transport_a_hundred_above(size, base_port, http, transport, tmp_path) -> None:
    cluster = LocalCluster(size=size, base_port=base_port, base_dir=tmp_path)
    assert cluster.http_ports == http and cluster.transport_ports == transport
    assert cluster.url == ",".join(f"http://127.0.0.1:{p}" for p in http)


def test_every_member_seeds_every_transport_port_under_one_cluster_name(tmp_path) -> None:
    cluster = LocalCluster(size=3, base_port=9200, base_dir=tmp_path)
    seeds = ["127.0.0.1:9300", "127.0.0.1:9301", "127.0.0.1:9302"]
    names = set()
    for node, transport in zip(cluster.nodes, [9300, 9301, 9302], strict=True):
        assert node.settings["discovery.seed_hosts"] == seeds
        assert node.settings["transport.port"] == transport
        assert node.settings["discovery.type"] == "multi-node"
        assert node.settings["cluster.name"] == cluster.name
        assert node.home == tmp_path / str(node.port)
        names.add(node.settings["node.name"])
    assert names == {"node-9200", "node-9201", "node-9202"}


def test_initial_masters_are_named_only_while_no_member_has_data(tmp_path) -> None:
    cluster = LocalCluster(size=3, base_port=9200, base_dir=tmp_path)
    cluster.bootstrap_settings()
    masters = ["node-9200", "node-9201", "node-9202"]
    assert all(node.settings["cluster.initial_master_nodes"] == masters for node in cluster.nodes)
    (cluster.nodes[1].home / "data").mkdir(parents=True)
    (cluster.nodes[1].home / "data" / "_state").mkdir()
    cluster.bootstrap_settings()
    assert all("cluster.initial_master_nodes" not in node.settings for node in cluster.nodes)


def test_the_manifest_gives_back_the_same_cluster(tmp_path) -> None:
    cluster = LocalCluster(size=3, heap="384m", base_dir=tmp_path, http_ports=[41000, 42000, 43000], transport_ports=[41001, 42001, 43001])
    assert LocalCluster.load(41000, base_dir=tmp_path) is None
    cluster.write_manifest()
    again = LocalCluster.load(41000, base_dir=tmp_path)
    assert again is not None
    assert (again.http_ports, again.transport_ports, again.heap, again.name) == (
        [41000, 42000, 43000], [41001, 42001, 43001], "384m", cluster.name,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"size": 0}, "at least one node"),
        ({"size": 3, "http_ports": [1, 2]}, "3 nodes need 3"),
        ({"size": 2, "http_ports": [1, 2], "transport_ports": [3]}, "2 nodes need 2"),
    ],
)
def test_impossible_layouts_are_refused(kwargs, message, tmp_path) -> None:
    with pytest.raises(LocalNodeError, match=message):
        LocalCluster(base_dir=tmp_path, **kwargs)
