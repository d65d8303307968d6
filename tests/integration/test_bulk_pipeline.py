"""The pipelined bulk loader (one background sender, a queue of one) against a real node:
the same outcome as sending inline, failures raised in the caller, no thread left behind."""

from __future__ import annotations

import threading

import pytest

pytestmark = [pytest.mark.es]


def _loader(es, index: str, tmp_path, *, pipelined: bool, **config):
    from etl.index.bulk import BulkLoader, DeadLetterFile

    from etl.config import BulkConfig

    cfg = BulkConfig(**{"chunk_docs": 7, **config})
    return BulkLoader(es, index, cfg, DeadLetterFile(tmp_path / f"dead-{pipelined}.jsonl"), pipelined=pipelined, sleep=lambda _s: None)


def _senders() -> list[str]:
    return [t.name for t in threading.enumerate() if t.name.startswith("bulk-sender-")]


def _load(loader) -> None:
    """60 documents (one too large), 10 replaced, 5 deleted, 2 deletes of missing ids."""
    for i in range(60):
        loader.index_doc(f"d{i}", {"n": i, "text": "x" * (5000 if i == 13 else 10)})
    for i in range(10):
        loader.index_doc(f"d{i}", {"n": i, "text": "again"})
    for i in range(50, 55):
        loader.delete_doc(f"d{i}")
    loader.delete_doc("missing-1")
    loader.delete_doc("missing-2")


@pytest.mark.parametrize("pipelined", [False, True], ids=["inline", "pipelined"])
def test_pipelined_and_inline_sending_end_with_the_same_index_and_stats(es, es_settings, tmp_path, pipelined) -> None:
    index = f"{es_settings.elasticsearch.index_prefix}-bulk-{str(pipelined).lower()}"
    es.indices.create(index=index)
    loader = _loader(es, index, tmp_path, pipelined=pipelined, max_document_bytes=1000)
    _load(loader)
    stats = loader.close()
    es.indices.refresh(index=index)
    counts = (stats.created, stats.updated, stats.deleted, stats.delete_missing, stats.dead_lettered, stats.dead_ids)
    assert counts == (59, 10, 5, 2, 1, ["d13"])
    assert es.count(index=index)["count"] == 54
    assert stats.requests == -(-76 // 7)  # 77 actions less the one never sent, 7 a request
    assert _senders() == []


def test_an_unreachable_cluster_is_raised_in_the_caller_and_the_sender_ends(tmp_path) -> None:
    from etl.config import ElasticsearchConfig
    from etl.devstack.localnode import free_port
    from etl.errors import ElasticsearchUnavailable
    from etl.index.client import make_client

    es = make_client(ElasticsearchConfig(url=f"http://127.0.0.1:{free_port()}", request_timeout_s=2))
    loader = _loader(es, "nowhere", tmp_path, pipelined=True)
    with pytest.raises(ElasticsearchUnavailable):
        for i in range(100):
            loader.index_doc(f"d{i}", {"n": i})
        loader.close()
    loader.stop()
    assert _senders() == []
    es.close()
