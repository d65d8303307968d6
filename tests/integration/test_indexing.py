"""Indexing into the real Elasticsearch node: search behaviour, re-runs, sync, back-pressure,
dead letters, reindex. Every run report must add up (``run`` raises otherwise)."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import orjson
import pytest

from tests.conftest import BBC, SAMPLE, SEED

pytestmark = [pytest.mark.es]


def _run(es, settings, source: Path, tmp_path: Path, **kwargs):
    from etl.index import manage
    from etl.runner import run

    manage.setup(es, settings.elasticsearch)
    report = run(es, settings, source, runs_dir=tmp_path / "runs", **kwargs)
    assert report.balanced, report.imbalances()
    return report


def _alias(settings) -> str:
    return settings.elasticsearch.index_prefix


def _ids(es, index: str) -> set[str]:
    es.indices.refresh(index=index)
    resp = es.search(index=index, query={"match_all": {}}, size=10000, source=False)
    return {h["_id"] for h in resp["hits"]["hits"]}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The sample plus the seed file, in a folder the test may change."""
    root = tmp_path / "src"
    shutil.copytree(SAMPLE, root)
    (root / "2024" / "03" / "05").mkdir(parents=True)
    shutil.copy(SEED, root / "2024" / "03" / "05" / "two-articles.txt")
    return root


@pytest.fixture
def indexed(es, es_settings, corpus: Path, tmp_path: Path):
    report = _run(es, es_settings, corpus, tmp_path)
    es.indices.refresh(index=_alias(es_settings))
    return report


def _search(es, settings, query: dict, **kwargs) -> list[dict]:
    return es.search(index=_alias(settings), query=query, size=50, **kwargs)["hits"]["hits"]


# -- search behaviour ------------------------------------------------------------------------


def test_index_template_applies_strict_mapping_and_analyzers(es, es_settings, indexed) -> None:
    alias = _alias(es_settings)
    (index,) = es.indices.get_alias(name=alias).body
    mapping = es.indices.get_mapping(index=index).body[index]["mappings"]
    assert mapping["dynamic"] == "strict"
    assert mapping["properties"]["body"]["analyzer"] == "article_english"
    assert mapping["properties"]["geo"]["type"] == "geo_point"
    assert mapping["properties"]["title_suggest"]["type"] == "search_as_you_type"
    assert es.count(index=alias)["count"] == indexed.indexed == 17


@pytest.mark.parametrize(
    ("query", "must_find_title_word"),
    [
        ("Pakistan's campaign", "Pakistan"),  # straight apostrophe finds the curly one in the text
        ("Pakistan’s campaign", "Pakistan"),  # and the curly one itself
        ("militant", "Pakistan"),  # stemming: the text says "militants"
    ],
)
def test_quotes_and_stemming_match_across_forms(es, es_settings, indexed, query, must_find_title_word) -> None:
    hits = _search(es, es_settings, {"match": {"body": {"query": query, "operator": "and"}}})
    assert any(must_find_title_word.lower() in (h["_source"]["body"]).lower() for h in hits)


def test_phrase_query_matches_only_the_exact_phrase(es, es_settings, indexed) -> None:
    hits = _search(es, es_settings, {"match_phrase": {"body.exact": "hammer and anvil"}})
    assert len(hits) == 1 and hits[0]["_source"]["source"]["path"].endswith("two-articles.txt")
    assert not _search(es, es_settings, {"match_phrase": {"body.exact": "anvil and hammer"}})


def test_date_range_filter_selects_by_published_at(es, es_settings, indexed) -> None:
    hits = _search(
        es, es_settings, {"range": {"published_at": {"gte": "2024-03-04", "lte": "2024-03-04T23:59:59Z"}}}
    )
    assert hits and all(h["_source"]["published_at"].startswith("2024-03-04") for h in hits)


def test_facets_count_locations_and_people(es, es_settings, indexed) -> None:
    resp = es.search(
        index=_alias(es_settings),
        size=0,
        aggs={
            "locations": {"terms": {"field": "dateline.location"}},
            "people": {"terms": {"field": "entities.people", "size": 50}},
        },
    )
    locations = {b["key"] for b in resp["aggregations"]["locations"]["buckets"]}
    people = {b["key"] for b in resp["aggregations"]["people"]["buckets"]}
    assert "Washington" in locations  # one canonical spelling per place (issue 13)
    assert {"Nawaz Sharif", "Chuck Hagel"} <= people


def test_search_as_you_type_finds_a_title_by_its_first_letters(es, es_settings, indexed) -> None:
    hits = _search(
        es,
        es_settings,
        {"multi_match": {"query": "council appro", "type": "bool_prefix",
                         "fields": ["title_suggest", "title_suggest._2gram", "title_suggest._3gram"]}},
    )  # fmt: skip
    assert hits and hits[0]["_source"]["title"].startswith("Council approves")


def test_etl_search_cannot_inject_query_dsl(es, es_settings, indexed) -> None:
    from etl.index.search import SearchRequest, search

    hostile = '{"script": {"source": "1"}} OR title:* AND _index:* \\" ) ('
    result = search(es, _alias(es_settings), SearchRequest(query=hostile, limit=5))
    assert result["total"] >= 0  # answered, as a plain text search, without error
    body = SearchRequest(query=hostile)
    from etl.index.search import build_query

    q = build_query(body)["query"]["bool"]["must"][0]
    assert list(q) == ["simple_query_string"]


# -- re-runs and sync --------------------------------------------------------------------


def test_second_run_over_the_same_input_writes_nothing(es, es_settings, corpus, indexed, tmp_path) -> None:
    before = _ids(es, _alias(es_settings))
    again = _run(es, es_settings, corpus, tmp_path)
    assert again.indexed == 0 and again.deleted == 0
    assert again.files_unchanged == again.files_seen
    assert _ids(es, _alias(es_settings)) == before


def test_modified_file_updates_its_articles_and_drops_vanished_ones(es, es_settings, corpus, indexed, tmp_path) -> None:
    seed_copy = corpus / "2024" / "03" / "05" / "two-articles.txt"
    first_article_only = seed_copy.read_text(encoding="utf-8").split("\n\n\n")[0] + "\n\nAn added closing line.\n"
    seed_copy.write_text(first_article_only, encoding="utf-8")
    report = _run(es, es_settings, corpus, tmp_path)
    assert (report.files_parsed, report.updated, report.deleted) == (1, 1, 1)
    hits = _search(es, es_settings, {"term": {"source.path": "2024/03/05/two-articles.txt"}})
    assert len(hits) == 1 and hits[0]["_source"]["body"].endswith("An added closing line.")


def test_full_sync_deletes_documents_of_deleted_files_only(es, es_settings, corpus, indexed, tmp_path) -> None:
    (corpus / "2024" / "03" / "02" / "night-bus.txt").unlink()
    incremental = _run(es, es_settings, corpus, tmp_path)
    assert incremental.deleted == 0, "incremental runs never delete for a missing file"
    synced = _run(es, es_settings, corpus, tmp_path, full_sync=True, force_delete=False)
    assert synced.deleted == 1
    assert es.count(index=_alias(es_settings))["count"] == 16


def test_full_sync_refuses_when_the_source_is_empty(es, es_settings, indexed, tmp_path) -> None:
    from etl.runner import DeletionRefused

    empty = tmp_path / "unmounted"
    empty.mkdir()
    with pytest.raises(DeletionRefused):
        _run(es, es_settings, empty, tmp_path, full_sync=True)
    assert es.count(index=_alias(es_settings))["count"] == 17


def test_full_sync_refuses_to_delete_more_than_the_safety_share(es, es_settings, corpus, indexed, tmp_path) -> None:
    from etl.runner import DeletionRefused

    shutil.rmtree(corpus / "2024" / "03" / "01")
    shutil.rmtree(corpus / "2024" / "03" / "02")
    with pytest.raises(DeletionRefused, match="max_delete_fraction"):
        _run(es, es_settings, corpus, tmp_path, full_sync=True)
    forced = _run(es, es_settings, corpus, tmp_path, full_sync=True, force_delete=True)
    assert forced.deleted == 8


def test_bbc_corpus_twice_gives_the_same_count_and_no_writes(es, es_settings, tmp_path) -> None:
    first = _run(es, es_settings, BBC, tmp_path, workers=2)
    assert first.articles_parsed == 2225 and first.indexed == 2225
    assert first.duplicates >= 98
    second = _run(es, es_settings, BBC, tmp_path, workers=2)
    assert second.indexed == 0 and second.files_unchanged == 2225
    assert es.count(index=_alias(es_settings))["count"] == 2225


# -- back-pressure and rejections ------------------------------------------------------------


@pytest.fixture(scope="module")
def tiny_queue_node():
    """A second real node whose write pool has one thread and a queue of one: real 429s."""
    from etl.devstack.localnode import LocalNode, free_port

    port = free_port()
    node = LocalNode(
        port=port,
        heap="512m",
        base_dir=Path(__file__).resolve().parents[2] / ".local" / "es" / "test-nodes" / f"tiny-{port}",
        settings={"thread_pool.write.size": 1, "thread_pool.write.queue_size": 1},
    )
    node.start()
    yield node
    node.stop()
    shutil.rmtree(node.home, ignore_errors=True)


def test_real_429s_from_a_tiny_write_queue_are_retried_and_counts_stay_exact(tiny_queue_node, tmp_path) -> None:
    from etl.config import BulkConfig, ElasticsearchConfig, load_settings
    from etl.index.client import make_client

    settings = load_settings(
        elasticsearch=ElasticsearchConfig(url=tiny_queue_node.url, index_prefix="bp", shards=8),
        bulk=BulkConfig(chunk_docs=400, chunk_bytes=10_000_000, initial_backoff_s=0.05, max_backoff_s=0.5),
    )
    es = make_client(settings.elasticsearch)
    try:
        report = _run(es, settings, BBC / "business", tmp_path, workers=2)
        assert report.retries > 0, "the tiny write queue should have rejected some items with 429"
        assert report.dead_lettered == 0
        assert es.count(index="bp")["count"] == report.indexed == 510
    finally:
        es.options(ignore_status=404).indices.delete(index="bp*")
        es.close()


def test_document_rejected_by_the_mapping_is_dead_lettered_with_its_reason(es, es_settings, corpus, tmp_path, monkeypatch) -> None:
    import etl.runner as run_mod
    import etl.runner.parser as parser_mod  # the workers serialise there

    original = parser_mod.serialise_document

    def one_bad(doc, ctx):
        fp, payload = original(doc, ctx)
        if doc.source_path.endswith("night-bus.txt"):
            body = orjson.loads(payload)
            body["not_in_the_mapping"] = True  # dynamic: strict rejects it
            payload = orjson.dumps(body)
        return fp, payload

    monkeypatch.setattr(parser_mod, "serialise_document", one_bad)
    from etl.index import manage

    manage.setup(es, es_settings.elasticsearch)
    report = run_mod.run(es, es_settings, corpus, runs_dir=tmp_path / "runs", workers=1)
    assert report.dead_lettered == 1 and report.indexed == 16
    assert report.errors["strict_dynamic_mapping_exception"] == 1
    (dead,) = [orjson.loads(line) for line in (tmp_path / "runs" / report.run_id / "deadletter.jsonl").read_bytes().splitlines()]
    assert dead["reason"] == "strict_dynamic_mapping_exception"
    assert dead["document"]["source"]["path"].endswith("night-bus.txt")
    assert report.balanced


# -- reindex -------------------------------------------------------------------------------


def test_reindex_swaps_the_alias_while_searches_keep_working(es, es_settings, indexed) -> None:
    from etl.index import manage

    alias = _alias(es_settings)
    failures: list[Exception] = []
    counts: list[int] = []
    stop = threading.Event()

    def search_loop() -> None:
        while not stop.is_set():
            try:
                counts.append(es.count(index=alias, query={"match": {"body": "council"}})["count"])
            except Exception as exc:  # noqa: BLE001 - any failure is what we look for
                failures.append(exc)
            time.sleep(0.01)

    thread = threading.Thread(target=search_loop)
    thread.start()
    try:
        before = manage.write_index(es, manage.IndexNames.of(es_settings.elasticsearch))
        result = manage.reindex(es, es_settings.elasticsearch, verify_queries=("council",))
    finally:
        time.sleep(0.2)
        stop.set()
        thread.join()
    assert not failures
    assert len(counts) > 5 and min(counts) >= 1
    assert result["old_indices"] == [before] and result["documents"] == 17
    assert manage.write_index(es, manage.IndexNames.of(es_settings.elasticsearch)) == result["new_index"]
    assert manage.prune(es, es_settings.elasticsearch, keep=0) == [before]


def test_a_retried_reindex_fill_still_expects_every_document_and_verifies(es, es_settings, corpus, tmp_path) -> None:
    """A retried fill task finds every file unchanged in the new index and parses none of them;
    the documents it must find there are still all of them, not indexed + unchanged (= 0)."""
    from etl.index import manage
    from etl.runner.reindex import fill_from_source

    old, new = manage.reindex_start(es, es_settings.elasticsearch, ensure_alias=True)
    first = fill_from_source(es, es_settings, corpus, new, run_id="fill-attempt-1")
    retry = fill_from_source(es, es_settings, corpus, new, run_id="fill-attempt-2")
    assert first.documents == retry.documents == 17 and retry.dead_lettered == 0
    assert manage.reindex_verify(es, old, new, retry, ("council",)) == 17
    es.indices.delete(index=new)


# -- duplicates ---------------------------------------------------------------------------


def test_duplicate_links_point_at_the_earliest_copy_whatever_the_run_order(es, es_settings, tmp_path) -> None:
    from datetime import date

    src = tmp_path / "dups"
    text = "Wire story repeated\n\nThe same wire story was filed twice by two desks on two days. It says the same thing.\n"
    for day in ("01", "02"):
        (src / "2024" / "03" / day).mkdir(parents=True)
        (src / "2024" / "03" / day / "wire.txt").write_text(text, encoding="utf-8")
    alias = _alias(es_settings)

    newer_first = _run(es, es_settings, src, tmp_path, date_from=date(2024, 3, 2), date_to=date(2024, 3, 2))
    assert newer_first.duplicates == 0
    older_later = _run(es, es_settings, src, tmp_path, date_from=date(2024, 3, 1), date_to=date(2024, 3, 1))
    assert older_later.duplicates == 0, "the older copy is the original"
    es.indices.refresh(index=alias)
    by_path = {h["_source"]["source"]["path"]: h["_source"] for h in _search(es, es_settings, {"match_all": {}})}
    older, newer = by_path["2024/03/01/wire.txt"], by_path["2024/03/02/wire.txt"]
    assert older.get("duplicate_of") is None
    assert newer["duplicate_of"] == older["id"], "the newer copy is re-pointed at the older original"

    again = _run(es, es_settings, src, tmp_path)
    assert again.indexed == 0 and again.files_unchanged == 2


def _copies_corpus(root: Path) -> Path:
    """24 BBC stories, each filed on up to four days: byte-identical copies and near copies
    (one body line extended, as BBC 10x does), so links cross days, batches and runs."""
    stories = sorted((BBC / "business").glob("*.txt"))[:24]
    for i, story in enumerate(stories):
        data = story.read_bytes()
        for day in range(1, 2 + i % 4):
            out = root / "2024" / "03" / f"{day:02d}" / f"{story.stem}.txt"
            out.parent.mkdir(parents=True, exist_ok=True)
            near = day % 2 == 0
            out.write_bytes(data.replace(b"\n\n", b"\n\n(Updated) ", 1) if near else data)
    return root


def _links(es, settings) -> dict[str, str | None]:
    """path of every document -> path of the document its duplicate_of names."""
    es.indices.refresh(index=_alias(settings))
    hits = es.search(index=_alias(settings), query={"match_all": {}}, size=1000, source=["id", "source.path", "duplicate_of"])
    by_id = {h["_source"]["id"]: h["_source"]["source"]["path"] for h in hits["hits"]["hits"]}
    return {h["_source"]["source"]["path"]: by_id.get(h["_source"].get("duplicate_of")) for h in hits["hits"]["hits"]}


@pytest.mark.parametrize(
    ("batch_files", "order"),
    [
        pytest.param(1, "reversed", id="one-file-batches-newest-first"),
        pytest.param(7, "reversed", id="small-batches-newest-first"),
        pytest.param(7, "interleaved", id="small-batches-out-of-order"),
        pytest.param(1000, "forward", id="one-batch"),
    ],
)
def test_batches_in_any_cut_and_order_link_like_one_sequential_run(es, es_settings, tmp_path, batch_files, order) -> None:
    """Each batch links what it wrote right after writing it (no pass after the run); batches run
    as the DAG's mapped tasks do (own detector each, any order) end with the links of one
    sequential ``etl run``: every copy names the earliest copy of its story, originals name none."""
    from etl.index import manage
    from etl.models import Quarantined
    from etl.runner import RunContext, discover_files, process_batch

    src = _copies_corpus(tmp_path / "copies")
    alias = _alias(es_settings)
    manage.setup(es, es_settings.elasticsearch)
    ctx = RunContext(settings=es_settings, source_root=src, run_id="dag-like", index=alias, runs_dir=tmp_path / "runs")
    files = [f for f in discover_files(es_settings, src) if not isinstance(f, Quarantined)]
    cut = [files[i : i + batch_files] for i in range(0, len(files), batch_files)]
    cut = {"forward": cut, "reversed": cut[::-1], "interleaved": cut[1::2] + cut[::2]}[order]
    reports = [process_batch(es, ctx, batch) for batch in cut]
    assert sum(r.indexed for r in reports) == len(files)
    parallel_links = _links(es, es_settings)

    # The reference: one sequential run into a fresh index.
    es.indices.delete(index=f"{alias}*", expand_wildcards="all")
    sequential = _run(es, es_settings, src, tmp_path)
    assert _links(es, es_settings) == parallel_links
    assert sum(r.duplicates for r in reports) == sequential.duplicates == sum(t is not None for t in parallel_links.values())
    for path, target in parallel_links.items():
        stem = Path(path).name
        assert target == f"2024/03/01/{stem}" if not path.startswith("2024/03/01/") else target is None, path


@pytest.mark.parametrize("batch_files", [1, 7], ids=["one-file-batches", "small-batches"])
def test_batches_in_order_write_each_copy_once_with_its_link(es, es_settings, tmp_path, batch_files) -> None:
    """Batches one after another, each with its own detector (as ``dag.test()`` runs the mapped
    tasks), decide each copy's link before writing it: every document is indexed exactly once,
    no partial update follows (before, each copy of an earlier batch was re-indexed to link it)."""
    from etl.index import manage
    from etl.models import Quarantined
    from etl.runner import RunContext, discover_files, process_batch

    src = _copies_corpus(tmp_path / "copies")
    alias = _alias(es_settings)
    manage.setup(es, es_settings.elasticsearch)
    ctx = RunContext(settings=es_settings, source_root=src, run_id="dag-like", index=alias, runs_dir=tmp_path / "runs")
    files = [f for f in discover_files(es_settings, src) if not isinstance(f, Quarantined)]
    reports = [process_batch(es, ctx, files[i : i + batch_files]) for i in range(0, len(files), batch_files)]
    links = _links(es, es_settings)
    assert sum(r.duplicates for r in reports) == sum(t is not None for t in links.values()) > 0
    assert all(t == f"2024/03/01/{Path(p).name}" for p, t in links.items() if not p.startswith("2024/03/01/"))
    indexing = es.indices.stats(index=alias, metric="indexing")["_all"]["primaries"]["indexing"]
    assert indexing["index_total"] == len(files) == len(links)


@pytest.mark.parametrize(
    ("case", "kept"),
    [
        pytest.param("path-order", True, id="path-order-no-lookups"),
        pytest.param("not-empty-at-start", False, id="index-not-empty-at-start"),
        pytest.param("another-writer", False, id="another-writer-between-batches"),
        pytest.param("out-of-order", False, id="batches-out-of-path-order"),
    ],
)
def test_a_run_into_an_empty_index_links_from_its_own_originals_like_the_lookups(es, es_settings, tmp_path, case, kept) -> None:
    """The batches of one run share the originals they wrote (``RunOriginals``) and look nothing
    up while those are all the index holds; an index not empty at the start, another writer
    between batches or a batch out of path order drops them for the rest of the run. The links
    are those of one sequential run either way."""
    from etl.index import manage
    from etl.index.duplicates import RunOriginals
    from etl.models import Quarantined
    from etl.runner import RunContext, discover_files, process_batch

    src = _copies_corpus(tmp_path / "copies")
    alias = _alias(es_settings)
    manage.setup(es, es_settings.elasticsearch)
    ctx = RunContext(settings=es_settings, source_root=src, run_id="one-run", index=alias, runs_dir=tmp_path / "runs")
    files = [f for f in discover_files(es_settings, src) if not isinstance(f, Quarantined)]
    cut = [files[i : i + 7] for i in range(0, len(files), 7)]
    if case == "out-of-order":
        cut = cut[1::2] + cut[::2]
    originals = RunOriginals()
    reports = []
    for i, batch in enumerate(cut):
        shared = None if (case == "not-empty-at-start" and i == 0) else originals
        reports.append(process_batch(es, ctx, batch, originals=shared))
        if case == "another-writer" and i == 1:
            hit = es.search(index=alias, size=1, query={"match_all": {}})["hits"]["hits"][0]
            es.index(index=hit["_index"], id=hit["_id"], document=hit["_source"])  # the same document again
    links = _links(es, es_settings)
    assert len(links) == len(files) and sum(r.duplicates for r in reports) == sum(t is not None for t in links.values()) > 0
    assert all(t == f"2024/03/01/{Path(p).name}" if not p.startswith("2024/03/01/") else t is None for p, t in links.items())
    assert originals.dropped is not kept
    assert originals.kept == (sum(t is None for t in links.values()) if kept else originals.kept)


# -- refresh off during big loads -------------------------------------------------------------


def _refresh_interval(es, alias: str) -> str | None:
    found = es.indices.get_settings(index=alias, name="index.refresh_interval", flat_settings=True).body
    return next(iter(found.values()))["settings"].get("index.refresh_interval")


@pytest.mark.parametrize(
    ("fault", "raises"),
    [
        pytest.param(None, None, id="load-succeeds"),
        pytest.param(RuntimeError("disk gone"), RuntimeError, id="load-fails-mid-run"),
        pytest.param(KeyboardInterrupt(), KeyboardInterrupt, id="load-interrupted"),
    ],
)
def test_a_run_of_several_batches_loads_with_refresh_off_and_restores_it(es, es_settings, tmp_path, monkeypatch, fault, raises) -> None:
    """The first batch loads with the configured refresh; every later one with refresh off; the
    configured interval is back when the run ends, whether it succeeded, failed or was interrupted."""
    import importlib

    from etl.config import AirflowConfig, load_settings

    run_module = importlib.import_module("etl.runner.run")  # the module; etl.runner.run is also the function

    settings = load_settings(elasticsearch=es_settings.elasticsearch, airflow=AirflowConfig(batch_bytes=4_000))
    alias = _alias(settings)
    real = run_module.process_batch
    seen: list[str | None] = []

    def observed(es_, ctx, batch, **kwargs):
        seen.append(_refresh_interval(es, alias))
        if fault is not None and len(seen) == 3:
            raise fault
        return real(es_, ctx, batch, **kwargs)

    monkeypatch.setattr(run_module, "process_batch", observed)
    if raises is None:
        _run(es, settings, SAMPLE, tmp_path)
    else:
        with pytest.raises(raises):
            _run(es, settings, SAMPLE, tmp_path)
    assert len(seen) >= 3
    assert seen[0] in (None, "1s") and set(seen[1:]) == {"-1"}
    assert _refresh_interval(es, alias) == settings.elasticsearch.refresh_interval


def test_refresh_left_off_by_a_crashed_load_is_restored_by_the_next_run(es, es_settings, corpus, tmp_path) -> None:
    """kill -9 skips every finally: the next run, even one of a single batch, puts refresh back."""
    from etl.index import manage

    alias = _alias(es_settings)
    manage.setup(es, es_settings.elasticsearch)
    es.indices.put_settings(index=alias, settings={"index": {"refresh_interval": "-1"}})  # what the crash left
    _run(es, es_settings, corpus, tmp_path)
    assert _refresh_interval(es, alias) == es_settings.elasticsearch.refresh_interval
    _run(es, es_settings, corpus, tmp_path)
    assert _refresh_interval(es, alias) == es_settings.elasticsearch.refresh_interval, "a clean run leaves it as configured"
