"""Faults injected into REAL Elasticsearch nodes: a killed node, a write block, a slow node,
sustained 429s, concurrent runs. Every run must end either succeeded with exact counts or
failed loudly, and a re-run must finish the job (idempotent)."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import orjson
import pytest

from tests.conftest import BBC, ROOT, SAMPLE

pytestmark = [pytest.mark.es, pytest.mark.slow]

BBC_ARTICLES = 2225
CATEGORIES = ("business", "entertainment", "politics", "sport", "tech")


def _settings(url: str, prefix: str, *, shards: int = 1, request_timeout_s: float = 30, **bulk):
    from etl.config import BulkConfig, ElasticsearchConfig, load_settings

    return load_settings(
        elasticsearch=ElasticsearchConfig(url=url, index_prefix=prefix, shards=shards, request_timeout_s=request_timeout_s),
        bulk=BulkConfig(**bulk),
    )


def _client(settings):
    from etl.index.client import make_client

    return make_client(settings.elasticsearch)


def _setup(es, settings) -> None:
    from etl.index import manage

    manage.setup(es, settings.elasticsearch)


def _exact(es, alias: str, expected: int, one_per_path: bool = True) -> None:
    """The index holds exactly ``expected`` documents, one per source path (no duplicates)."""
    es.indices.refresh(index=alias)
    assert es.count(index=alias)["count"] == expected
    if not one_per_path:
        return
    paths = es.search(
        index=alias, size=0, aggs={"p": {"cardinality": {"field": "source.path", "precision_threshold": 40000}}}
    )["aggregations"]["p"]["value"]
    assert paths == expected


def _node(name: str, settings: dict | None = None):
    from etl.devstack.localnode import LocalNode, free_port

    port = free_port()
    return LocalNode(
        port=port, heap="512m", base_dir=ROOT / ".local" / "es" / "test-nodes" / f"{name}-{port}", settings=settings or {}
    )


@pytest.fixture(scope="module")
def fault_node():
    """A dedicated node we may kill and restart; its request limit is 1mb so large documents are cheap."""
    node = _node("fault", {"http.max_content_length": "1mb"})
    node.start()
    yield node
    node.stop()
    shutil.rmtree(node.home, ignore_errors=True)


@pytest.fixture(scope="module")
def dated_bbc(tmp_path_factory) -> Path:
    """The BBC corpus in date partitions: business → 2024/03/01, …, tech → 2024/03/05."""
    root = tmp_path_factory.mktemp("bbc") / "src"
    for day, cat in enumerate(CATEGORIES, start=1):
        shutil.copytree(BBC / cat, root / "2024" / "03" / f"{day:02d}" / cat)
    return root


class _Killer(threading.Thread):
    """Kills the node once the first bulk requests have landed; optionally restarts it."""

    def __init__(self, node, alias: str, restart: bool = False, after_docs: int = 200) -> None:
        super().__init__(daemon=True)
        self.node, self.alias, self.restart, self.after_docs = node, alias, restart, after_docs
        self.killed_at: float | None = None
        self.restarted_at: float | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        from elasticsearch import Elasticsearch

        try:
            with Elasticsearch(self.node.url, request_timeout=2) as probe:
                deadline = time.monotonic() + 120
                while time.monotonic() < deadline:
                    try:
                        stats = probe.indices.stats(index=self.alias, metric="indexing")
                        if stats["_all"]["primaries"]["indexing"]["index_total"] >= self.after_docs:
                            break
                    except Exception:  # noqa: BLE001 - index not there yet
                        pass
                    time.sleep(0.02)
            self.node.kill()
            self.killed_at = time.monotonic()
            if self.restart:
                self.node.start()
                self.restarted_at = time.monotonic()
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            self.error = exc


# -- node killed mid-run ---------------------------------------------------------------------


@pytest.mark.timeout(300)
def test_node_killed_mid_run_fails_loudly_and_a_rerun_completes_exactly(fault_node, tmp_path) -> None:
    from etl.errors import ElasticsearchUnavailable
    from etl.runner import run
    from etl.runner.report import RunReport

    settings = _settings(fault_node.url, "kill", chunk_docs=25, chunk_bytes=400_000, initial_backoff_s=0.05, max_backoff_s=0.2)
    es = _client(settings)
    _setup(es, settings)
    killer = _Killer(fault_node, "kill")
    killer.start()
    t0 = time.monotonic()
    with pytest.raises(ElasticsearchUnavailable) as info:
        run(es, settings, BBC, runs_dir=tmp_path / "runs", run_id="killed", workers=1)
    killer.join()
    assert killer.error is None and killer.killed_at is not None
    message = str(info.value)
    assert "nothing was lost" in message and "re-run" in message
    assert time.monotonic() - killer.killed_at < 30, "the run must not hang on a dead node"
    failed = RunReport.from_dict(orjson.loads((tmp_path / "runs" / "killed" / "report.json").read_bytes()))
    assert failed.status == "failed"

    # The DAG's mapped task (etl.runner.process_batch) against the dead node fails the same way,
    # even though it dies in the state lookup rather than in the bulk loader.
    from etl.models import SourceFile
    from etl.runner import RunContext, discover_files, process_batch

    batch = [f for f in discover_files(settings, BBC) if isinstance(f, SourceFile)][:300]
    ctx = RunContext(settings=settings, source_root=BBC, run_id="dag-batch", index="kill", runs_dir=tmp_path / "runs")
    with pytest.raises(ElasticsearchUnavailable, match="nothing was lost"):
        process_batch(es, ctx, batch)

    fault_node.start()
    es.indices.refresh(index="kill")
    partial = es.count(index="kill")["count"]
    assert 0 < partial < BBC_ARTICLES, "the node should have been killed mid-run"
    # Airflow retries the task: same batch, same run id; its report adds up.
    retried = process_batch(es, ctx, batch)
    assert retried.balanced and retried.files_seen == 300 and retried.dead_lettered == 0
    assert retried.files_unchanged + retried.files_parsed == 300 and retried.files_unchanged > 0
    assert retried.indexed + retried.unchanged == retried.articles_parsed == retried.files_parsed
    report = run(es, settings, BBC, runs_dir=tmp_path / "runs", workers=2)
    assert report.status == "succeeded" and report.balanced
    assert report.files_seen == report.files_parsed + report.files_unchanged + report.files_quarantined
    assert report.articles_parsed == report.indexed + report.unchanged + report.dead_lettered
    assert report.files_unchanged >= max(partial, 300) - 25 and report.dead_lettered == 0
    _exact(es, "kill", BBC_ARTICLES)
    es.close()
    print(f"killed after {killer.killed_at - t0:.1f}s with {partial} documents in; re-run: {report.to_dict()}")


@pytest.mark.timeout(360)
def test_node_killed_and_restarted_within_the_retries_the_run_completes(fault_node, tmp_path) -> None:
    from etl.runner import run

    # Backoff 4s doubling to 20s: seven waits of at least 2+4+8+10+10+10+10 = 54s before giving up,
    # longer than the node takes to restart here (~40s on a busy 2-core machine).
    settings = _settings(fault_node.url, "restart", chunk_docs=25, chunk_bytes=400_000, initial_backoff_s=4, max_backoff_s=20)
    es = _client(settings)
    _setup(es, settings)
    killer = _Killer(fault_node, "restart", restart=True)
    killer.start()
    report = run(es, settings, BBC / "business", runs_dir=tmp_path / "runs", workers=1)
    killer.join()
    assert killer.error is None and killer.restarted_at is not None
    assert report.status == "succeeded" and report.balanced and report.retries > 0
    assert report.dead_lettered == 0 and report.indexed == report.articles_parsed == 510
    _exact(es, "restart", 510)
    es.close()
    print(f"restart took {killer.restarted_at - killer.killed_at:.1f}s; retries {report.retries}")


# -- large documents -------------------------------------------------------------------------


@pytest.mark.timeout(120)
def test_a_document_larger_than_the_request_limit_is_dead_lettered_not_truncated(fault_node, tmp_path) -> None:
    from elasticsearch import ApiError

    from etl.runner import run

    src = tmp_path / "src"
    (src / "2024" / "03" / "01").mkdir(parents=True)
    # The indexed document holds its text once (no paragraphs, passages as spans), so the body
    # itself must pass the limit: 635,000 characters of two-byte text, 1.2 MB as a document,
    # under segment.max_article_chars (1,000,000 characters) so it is not quarantined first.
    paragraph = "Комитет снова собрался во вторник, чтобы подробно обсудить длинный доклад. " * 12
    huge_body = "\n\n".join(f"{i}. {paragraph}" for i in range(700))
    (src / "2024" / "03" / "01" / "huge.txt").write_text("A very long report\n\n" + huge_body + "\n", encoding="utf-8")
    shutil.copy(SAMPLE / "2024" / "03" / "02" / "night-bus.txt", src / "2024" / "03" / "01" / "night-bus.txt")
    settings = _settings(fault_node.url, "large", chunk_bytes=500_000, max_document_bytes=1_000_000)
    es = _client(settings)
    _setup(es, settings)
    report = run(es, settings, src, runs_dir=tmp_path / "runs", workers=1)
    assert report.balanced and report.dead_lettered == 1 and report.indexed == 1
    assert report.errors["document_too_large"] == 1
    (dead,) = [orjson.loads(x) for x in (tmp_path / "runs" / report.run_id / "deadletter.jsonl").read_bytes().splitlines()]
    assert dead["reason"] == "document_too_large" and "max_document_bytes" in dead["error"]
    assert dead["document"]["source"]["path"] == "2024/03/01/huge.txt"
    assert dead["document"]["body"].endswith(paragraph.strip()), "the dead letter holds the whole, untruncated body"
    _exact(es, "large", 1)
    # The limit is real: the node itself refuses the document outright.
    with pytest.raises(ApiError) as info:
        es.index(index="large", id="direct", document=dead["document"])
    assert info.value.meta.status == 413
    es.close()


# -- write block (full disk) -----------------------------------------------------------------


@pytest.mark.timeout(180)
def test_write_block_dead_letters_every_article_with_its_reason_and_the_cli_fails(
    es, es_settings, tmp_path, monkeypatch, capsys
) -> None:
    from etl.cli import main
    from etl.config import get_settings

    prefix = es_settings.elasticsearch.index_prefix
    _setup(es, es_settings)
    es.indices.put_settings(index=prefix, settings={"index.blocks.write": True})
    monkeypatch.setenv("ES_URL", es_settings.elasticsearch.url)
    monkeypatch.setenv("ETL_ELASTICSEARCH__INDEX_PREFIX", prefix)
    monkeypatch.setenv("ETL_BULK__INITIAL_BACKOFF_S", "0.01")
    monkeypatch.setenv("ETL_BULK__MAX_BACKOFF_S", "0.05")
    get_settings.cache_clear()
    try:
        code = main(["run", "--source", str(SAMPLE), "--workers", "1", "--json"])
        out = capsys.readouterr().out
        report = orjson.loads(out[out.index("{") :])
        assert code == 3, "etl run exits non-zero when anything was dead-lettered"
        assert report["dead_lettered"] == report["articles_parsed"] > 0 and report["indexed"] == 0
        assert report["errors"]["cluster_block_exception"] == report["dead_lettered"]
        assert report["retries"] >= 7 * report["dead_lettered"], "each document was retried before giving up"
        assert report["balanced"]
        dead_file = ROOT / ".local" / "runs" / report["run_id"] / "deadletter.jsonl"
        dead = [orjson.loads(x) for x in dead_file.read_bytes().splitlines()]
        assert {d["reason"] for d in dead} == {"cluster_block_exception"}
        assert len({d["id"] for d in dead}) == len(dead) == report["dead_lettered"]
        assert all(d["document"]["body"] for d in dead)
        es.indices.refresh(index=prefix)
        assert es.count(index=prefix)["count"] == 0

        # Disk freed: the re-run indexes exactly the dead-lettered articles.
        es.indices.put_settings(index=prefix, settings={"index.blocks.write": None})
        assert main(["run", "--source", str(SAMPLE), "--workers", "1", "--json"]) == 0
        out = capsys.readouterr().out
        again = orjson.loads(out[out.index("{") :])
        assert again["indexed"] == again["articles_parsed"] == len(dead)
        es.indices.refresh(index=prefix)
        ids = {h["_id"] for h in es.search(index=prefix, size=1000, source=False)["hits"]["hits"]}
        assert ids == {d["id"] for d in dead}
        shutil.rmtree(dead_file.parent, ignore_errors=True)
    finally:
        es.indices.put_settings(index=prefix, settings={"index.blocks.write": None})
        get_settings.cache_clear()


@pytest.mark.timeout(240)
def test_links_blocked_after_the_articles_are_indexed_are_written_by_the_rerun(es, es_settings, tmp_path, monkeypatch) -> None:
    """A backfill's articles are indexed, then its link step (re-pointing the later copies at the
    older originals) meets a write block: the run fails loudly. The re-run finds every file
    unchanged, parses nothing, and still ends with exactly the links of one clean run."""
    from datetime import date

    import etl.runner.batch as batch
    from etl.errors import DuplicateLinkError
    from etl.runner import run
    from tests.integration.test_indexing import _copies_corpus, _links

    src = _copies_corpus(tmp_path / "copies")
    prefix = es_settings.elasticsearch.index_prefix
    settings = _settings(es_settings.elasticsearch.url, prefix, initial_backoff_s=0.01, max_backoff_s=0.05)
    _setup(es, settings)
    runs = tmp_path / "runs"
    run(es, settings, src, runs_dir=runs, date_from=date(2024, 3, 2))  # the later copies first

    real_link_batch = batch.link_batch

    def link_into_a_full_disk(es_, index, *args, **kwargs):
        es.indices.put_settings(index=index, settings={"index.blocks.write": True})
        return real_link_batch(es_, index, *args, **kwargs)

    monkeypatch.setattr(batch, "link_batch", link_into_a_full_disk)
    try:
        with pytest.raises(DuplicateLinkError, match="re-run to link them"):
            run(es, settings, src, runs_dir=runs, date_to=date(2024, 3, 1))  # the backfill of the originals
    finally:
        es.indices.put_settings(index=prefix, settings={"index.blocks.write": None})
    monkeypatch.setattr(batch, "link_batch", real_link_batch)
    broken = _links(es, settings)
    day1 = sum(p.startswith("2024/03/01/") for p in broken)
    assert any(t is not None and t != f"2024/03/01/{Path(p).name}" for p, t in broken.items()), "the fault left links unwritten"

    again = run(es, settings, src, runs_dir=runs, date_to=date(2024, 3, 1))
    assert again.files_unchanged == again.files_seen == day1 and again.files_parsed == again.indexed == 0
    relinked = _links(es, settings)

    es.indices.delete(index=f"{prefix}*", expand_wildcards="all")
    _setup(es, settings)
    run(es, settings, src, runs_dir=runs)
    assert relinked == _links(es, settings)
    assert all(t == f"2024/03/01/{Path(p).name}" for p, t in relinked.items() if not p.startswith("2024/03/01/"))


# -- slow node -------------------------------------------------------------------------------


class _SlowProxy:
    """A TCP proxy on 127.0.0.1 that holds some bulk requests back longer than the client's timeout."""

    def __init__(self, upstream_port: int, delay_s: float, every: int) -> None:
        self.upstream_port, self.delay_s, self.every = upstream_port, delay_s, every
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.bulks = 0
        self.delayed = 0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        self.server.settimeout(0.2)
        while not self._stop.is_set():
            try:
                client, _ = self.server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            upstream = socket.create_connection(("127.0.0.1", self.upstream_port))
            threading.Thread(target=self._pump, args=(client, upstream, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, False), daemon=True).start()

    def _pump(self, src: socket.socket, dst: socket.socket, to_server: bool) -> None:
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                if to_server and b"/_bulk" in data.split(b"\r\n", 1)[0]:
                    with self._lock:
                        self.bulks += 1
                        slow = self.bulks % self.every == 0
                        self.delayed += slow
                    if slow:
                        time.sleep(self.delay_s)
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                s.close()

    def close(self) -> None:
        self._stop.set()
        self.server.close()


@pytest.mark.timeout(240)
def test_slow_node_requests_time_out_are_retried_and_the_run_completes(es_node, tmp_path) -> None:
    from etl.runner import run

    proxy = _SlowProxy(es_node.port, delay_s=4.0, every=3)
    settings = _settings(
        f"http://127.0.0.1:{proxy.port}", "slow", request_timeout_s=2.5,
        chunk_docs=40, chunk_bytes=1_000_000, initial_backoff_s=0.1, max_backoff_s=0.5,
    )  # fmt: skip
    es = _client(settings)
    try:
        _setup(es, settings)
        t0 = time.monotonic()
        report = run(es, settings, BBC / "business", runs_dir=tmp_path / "runs", workers=1)
        elapsed = time.monotonic() - t0
        assert proxy.delayed >= 3, "the proxy should have held back some bulk requests"
        assert report.status == "succeeded" and report.balanced and report.retries > 0
        assert report.dead_lettered == 0 and report.articles_parsed == 510
        # A timed-out request may still have been applied: the retry then updates (idempotent).
        assert report.indexed == report.created + report.updated == 510
        assert elapsed < 120, f"took {elapsed:.0f}s"
        _exact(es, "slow", 510)
    finally:
        es.options(ignore_status=404).indices.delete(index="slow*")
        es.close()
        proxy.close()


# -- sustained 429s and concurrent runs ------------------------------------------------------


@pytest.fixture(scope="module")
def tiny_queue_node():
    node = _node("tinyq", {"thread_pool.write.size": 1, "thread_pool.write.queue_size": 1})
    node.start()
    yield node
    node.stop()
    shutil.rmtree(node.home, ignore_errors=True)


def _concurrently(*calls):
    results: list = [None] * len(calls)
    errors: list = []

    def target(i, fn):
        try:
            results[i] = fn()
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=target, args=(i, fn)) for i, fn in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        raise errors[0]
    return results


@pytest.mark.timeout(420)
def test_sustained_429s_from_three_overlapping_concurrent_runs_counts_stay_exact(tiny_queue_node, dated_bbc, tmp_path) -> None:
    from datetime import date

    from etl.runner import run

    # A 150-document bulk fans out into 12 shard requests, of which a 1-thread/1-slot pool takes ~2:
    # the rest is rejected round after round. Before the loader counted only rounds without progress,
    # items ran out of attempts and were dead-lettered (372 of 896, even with a 30s backoff).
    settings = _settings(tiny_queue_node.url, "busy", shards=12, chunk_docs=150, chunk_bytes=5_000_000,
                         initial_backoff_s=0.2, max_backoff_s=2)  # fmt: skip
    es = _client(settings)
    _setup(es, settings)
    # business (03-01, 510) and entertainment (03-02, 386): three runs, two of them overlapping both days.
    ranges = [(date(2024, 3, 1), date(2024, 3, 2)), (date(2024, 3, 1), date(2024, 3, 1)), (date(2024, 3, 2), date(2024, 3, 2))]
    reports = _concurrently(
        *[
            (lambda a=a, b=b, i=i: run(es, settings, dated_bbc, date_from=a, date_to=b, include_undated=False,
                                       runs_dir=tmp_path / "runs", run_id=f"busy-{i}", workers=1))
            for i, (a, b) in enumerate(ranges)
        ]
    )  # fmt: skip
    for r in reports:
        assert r.status == "succeeded" and r.balanced and r.dead_lettered == 0
    assert sum(r.retries for r in reports) > 0
    assert sum(r.retries > 0 for r in reports) >= 2, "the rejections should be sustained, across runs"
    _exact(es, "busy", 510 + 386)
    es.close()
    print("retries per run:", [r.retries for r in reports])


def _drop(es, prefix: str) -> None:
    es.options(ignore_status=404).indices.delete(index=f"{prefix}*", expand_wildcards="all")
    for name in (prefix, f"{prefix}-runs"):
        es.options(ignore_status=404).indices.delete_index_template(name=name)
    for name in (f"{prefix}-settings", f"{prefix}-mappings"):
        es.options(ignore_status=404).cluster.delete_component_template(name=name)


@pytest.mark.timeout(180)
def test_two_concurrent_runs_over_overlapping_partitions_give_exact_counts(es, es_settings, tmp_path) -> None:
    from datetime import date

    from etl.config import ElasticsearchConfig
    from etl.runner import run

    base = es_settings.elasticsearch.index_prefix
    url = es_settings.elasticsearch.url

    def settings_for(prefix: str):
        return es_settings.model_copy(update={"elasticsearch": ElasticsearchConfig(url=url, index_prefix=prefix)})

    ref = settings_for(base + "ref")  # the same partitions one after the other
    _setup(es, ref)
    run(es, ref, SAMPLE, date_from=date(2024, 3, 1), date_to=date(2024, 3, 4), include_undated=False,
        runs_dir=tmp_path / "runs", workers=1)  # fmt: skip
    es.indices.refresh(index=base + "ref")
    want = {h["_id"] for h in es.search(index=base + "ref", size=1000, source=False)["hits"]["hits"]}
    assert want
    try:
        for attempt in range(3):  # races are probabilistic: a few rounds on fresh indices
            settings = settings_for(f"{base}c{attempt}")
            alias = settings.elasticsearch.index_prefix
            _setup(es, settings)
            a, b = _concurrently(
                lambda: run(es, settings, SAMPLE, date_from=date(2024, 3, 1), date_to=date(2024, 3, 3),
                            include_undated=False, runs_dir=tmp_path / "runs", workers=1),
                lambda: run(es, settings, SAMPLE, date_from=date(2024, 3, 2), date_to=date(2024, 3, 4),
                            include_undated=False, runs_dir=tmp_path / "runs", workers=1),
            )  # fmt: skip
            assert a.balanced and b.balanced and a.status == b.status == "succeeded"
            assert a.dead_lettered == b.dead_lettered == 0
            es.indices.refresh(index=alias)
            got = {h["_id"] for h in es.search(index=alias, size=1000, source=False)["hits"]["hits"]}
            assert got == want
            _exact(es, alias, len(want), one_per_path=False)
    finally:
        for prefix in [base + "ref", *(f"{base}c{i}" for i in range(3))]:
            _drop(es, prefix)
