"""The ground is real: a local Elasticsearch 8 node, our templates, a document found by full-text search."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.es


def test_local_node_is_a_real_elasticsearch_8(es) -> None:
    health = es.cluster.health()
    assert health["status"] in ("yellow", "green")
    nodes = es.nodes.info()
    versions = {n["version"] for n in nodes["nodes"].values()}
    assert all(v.startswith("8.") for v in versions), versions


def test_document_indexed_through_the_alias_is_found_by_a_full_text_query(es, es_settings) -> None:
    from etl.index import manage
    from etl.index.schema import IndexNames, schema_version

    cfg = es_settings.elasticsearch
    write_index = manage.setup(es, cfg)
    alias = IndexNames.of(cfg).alias
    assert write_index.startswith(f"{cfg.index_prefix}-v{schema_version()}-")
    es.index(
        index=alias,
        id="doc-1",
        document={"id": "doc-1", "title": "Militants flee across the border", "body": "Pakistan’s army said militants fled."},
        refresh=True,
    )
    hits = es.search(index=alias, query={"match": {"body": "militant"}})["hits"]["hits"]
    assert [h["_id"] for h in hits] == ["doc-1"]


def test_setup_is_idempotent_and_keeps_one_write_index(es, es_settings) -> None:
    from etl.index import manage

    cfg = es_settings.elasticsearch
    first = manage.setup(es, cfg)
    second = manage.setup(es, cfg)
    assert first == second
    assert manage.status(es, cfg)["write_index"] == first
