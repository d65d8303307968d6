"""End-to-end benchmark: processing, the raw bulk-indexing limit, ``etl run``, the DAG, memory, chunk sizes.

One run of ``make bench`` (= ``.venv/bin/python -m tools.bench.e2e``) measures, side by side on
one machine and one freshly started local Elasticsearch node (free port, stopped by pid):

1. processing throughput (read → clean → segment → enrich → serialise) on 1 core and on
   all cores, through :class:`etl.runner.Parser` (see :mod:`tools.bench.parse`), plus warm per-stage costs;
2. the limit: the same documents, prepared beforehand (parsed, duplicates marked, as
   ``etl run`` would send them), bulk-loaded with ``elasticsearch.helpers.bulk`` and
   ``parallel_bulk`` into a fresh index made by the same templates (``etl.index.manage.setup``);
3. ``etl run --source`` end to end into a fresh index (a subprocess), and its throughput
   as a share of the limit;
4. ``ingest_articles`` through ``dag.test()`` (a subprocess with a throwaway AIRFLOW_HOME on
   SQLite, a manual run with ``source_dir``), its wall time as a multiple of ``etl run``'s; and
   the same run on the CeleryExecutor with two workers (:mod:`tools.bench.celery_stack`: Redis,
   PostgreSQL, scheduler, dag-processor, api-server, ``worker-a`` and ``worker-b`` with one task
   slot and one parser process each, staging on a local S3Proxy), triggered through the REST API;
5. peak RSS of ``etl run`` at 1x and 10x;
6. a sweep of the bulk loader's chunk sizes (docs and bytes) around the configured default.

Each index measurement gets its own index prefix (``ETL_ELASTICSEARCH__INDEX_PREFIX``), so
every load goes into a fresh index. Wall times are medians over repeats. Results go to
``tools/bench/results/latest.json``, ``tools/bench/results/throughput.png`` and ``BENCHMARKS.md``.

Usage: ``make bench`` [``--repeats N`` for the parse runs, ``--load-repeats N`` for the full loads]
[``--quick``: BBC 1x only, one repeat, for a smoke test]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

from tools.bench.parse import (
    BENCH_DIR,
    RESULTS,
    ROOT,
    build_corpora,
    machine,
    median_of,
    peak_rss_mb,
    stage_timings,
)

PY = sys.executable
ETL_BIN = str(Path(PY).with_name("etl"))


def _log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", flush=True)


def _prefix(tag: str) -> str:
    return f"bench-{tag}-{uuid.uuid4().hex[:6]}"


# -- children -------------------------------------------------------------------------------


def _child_run(source: str) -> None:
    """``etl run --source`` in this process; prints its timing and peak RSS as the last line."""
    from etl import cli

    t0 = time.perf_counter()
    rc = cli.main(["run", "--source", source, "--json"])
    seconds = time.perf_counter() - t0
    print(
        json.dumps(
            {
                "rc": rc,
                "seconds": seconds,
                "maxrss_main_mb": peak_rss_mb(),
                "maxrss_workers_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
            }
        )
    )


def _child_dag(source: str) -> None:
    """``ingest_articles`` through ``dag.test()`` in this process; prints timing as the last line."""
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(ROOT / "dags" / "ingest_articles.py"))
    if bag.import_errors:
        raise SystemExit(f"DAG import errors: {bag.import_errors}")
    dag = bag.get_dag("ingest_articles")
    conf = {"source_dir": source, "date_from": None, "date_to": None, "full_sync": False, "reindex": False, "dry_run": False}
    t0 = time.perf_counter()
    dr = dag.test(run_conf=conf)
    seconds = time.perf_counter() - t0
    state = str(getattr(dr, "state", None)).split(".")[-1].lower()
    print(json.dumps({"seconds": seconds, "state": state}))


# -- measurements -------------------------------------------------------------------------


def _es(url: str):  # noqa: ANN202
    from etl.config import ElasticsearchConfig
    from etl.index.client import make_client

    return make_client(ElasticsearchConfig(url=url, request_timeout_s=120))


def _settings_for(url: str, prefix: str):  # noqa: ANN202
    from etl.config import ElasticsearchConfig, load_settings

    return load_settings(elasticsearch=ElasticsearchConfig(url=url, index_prefix=prefix, request_timeout_s=120))


def _drop(es, prefix: str) -> None:  # noqa: ANN001
    es.options(ignore_status=404).indices.delete(index=f"{prefix}*", expand_wildcards="all")
    for name in (prefix, f"{prefix}-runs"):
        es.options(ignore_status=404).indices.delete_index_template(name=name)
    for name in (f"{prefix}-settings", f"{prefix}-mappings"):
        es.options(ignore_status=404).cluster.delete_component_template(name=name)


def prepare_documents(root: Path) -> list[tuple[str, bytes]]:
    """What ``etl run`` sends for ``root``: (id, serialised document), duplicates marked."""
    import orjson

    from etl.config import get_settings
    from etl.enrich.dedup import NearDuplicateDetector
    from etl.models import Quarantined
    from etl.runner import Parser, RunContext, discover_files, fingerprint

    settings = get_settings()
    ctx = RunContext(settings=settings, source_root=root, run_id="bench-prepared", index="x", workers=os.cpu_count() or 1)
    detector = NearDuplicateDetector(settings.enrich.near_duplicate_max_distance)
    files = [f for f in discover_files(settings, root) if not isinstance(f, Quarantined)]
    docs: list[tuple[str, bytes]] = []
    with Parser(ctx) as parser:
        for parsed in parser.map([(f, None) for f in files]):
            for doc_id, _fp, content_hash, simhash, payload in parsed.docs:
                first = detector.check(doc_id, content_hash, simhash)
                if first is not None:
                    body = orjson.loads(payload)
                    body["duplicate_of"] = first
                    body["fingerprint"] = fingerprint(body)
                    payload = orjson.dumps(body)
                docs.append((doc_id, payload))
        parser.close()
    return docs


def raw_bulk(url: str, docs: list[tuple[str, bytes]], mode: str) -> dict[str, float]:
    """Load ``docs`` with the client's helpers into a fresh index from the same templates."""
    import orjson
    from elasticsearch import helpers

    from etl.index import manage

    prefix = _prefix("raw")
    settings = _settings_for(url, prefix)
    es = _es(url)
    try:
        index = manage.setup(es, settings.elasticsearch)
        bodies = [(doc_id, orjson.loads(payload)) for doc_id, payload in docs]  # prepared, not timed
        actions = ({"_index": index, "_id": doc_id, "_source": body} for doc_id, body in bodies)
        cfg = settings.bulk
        t0 = time.perf_counter()
        if mode == "bulk":
            ok, errors = helpers.bulk(es, actions, chunk_size=cfg.chunk_docs, max_chunk_bytes=cfg.chunk_bytes, raise_on_error=True)
        else:
            ok = 0
            for success, _info in helpers.parallel_bulk(
                es, actions, thread_count=os.cpu_count() or 2, chunk_size=cfg.chunk_docs, max_chunk_bytes=cfg.chunk_bytes
            ):
                ok += bool(success)
        es.indices.refresh(index=index)
        seconds = time.perf_counter() - t0
        count = es.count(index=index)["count"]
        if count != len(docs):
            raise SystemExit(f"raw {mode}: index holds {count} documents, expected {len(docs)}")
        return {"seconds": seconds, "docs": len(docs)}
    finally:
        _drop(es, prefix)
        es.close()


def _run_child(flag: str, source: Path, env: dict[str, str]) -> tuple[subprocess.CompletedProcess[str], float]:
    """This module in a subprocess with ``flag`` (``--child-run``/``--child-dag``); its result and wall time."""
    t0 = time.perf_counter()
    proc = subprocess.run([PY, "-m", "tools.bench.e2e", flag, str(source)], cwd=ROOT, env=env, capture_output=True, text=True)
    return proc, time.perf_counter() - t0


def _child_lines(proc: subprocess.CompletedProcess[str], what: str) -> list[str]:
    """The child's stdout lines; stops the benchmark with its output if it failed."""
    if proc.returncode != 0:
        raise SystemExit(f"{what} failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc.stdout.strip().splitlines()


def etl_run(url: str, source: Path) -> dict[str, float]:
    """``etl run --source`` in a subprocess into a fresh index; wall time and peak RSS."""
    prefix = _prefix("run")
    env = {**os.environ, "ES_URL": url, "ETL_ELASTICSEARCH__INDEX_PREFIX": prefix}
    proc, wall = _run_child("--child-run", source, env)
    es = _es(url)
    try:
        lines = _child_lines(proc, "etl run")
        child = json.loads(lines[-1])
        report = json.loads("\n".join(lines[:-1]))
        if child["rc"] != 0 or report["status"] != "succeeded":
            raise SystemExit(f"etl run did not succeed: {report.get('status')} rc={child['rc']}")
        return {
            "seconds": child["seconds"],
            "wall_with_startup": wall,
            "articles": report["articles_parsed"],
            "indexed": report["indexed"],
            "timings": report.get("timings_s"),
            "maxrss_main_mb": child["maxrss_main_mb"],
            "maxrss_workers_mb": child["maxrss_workers_mb"],
        }
    finally:
        _drop(es, prefix)
        es.close()


def airflow_home() -> Path:
    """A throwaway AIRFLOW_HOME on SQLite, migrated once."""
    home = Path(tempfile.mkdtemp(prefix="etl-bench-airflow-"))
    env = _airflow_env(home)
    subprocess.run([str(Path(PY).with_name("airflow")), "db", "migrate"], env=env, check=True, capture_output=True)
    return home


def _airflow_env(home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("AIRFLOW_CONN_ELASTICSEARCH_DEFAULT", None)
    env.update(
        {
            "AIRFLOW_HOME": str(home),
            "AIRFLOW__CORE__DAGS_FOLDER": str(ROOT / "dags"),
            "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
            "AIRFLOW__CORE__UNIT_TEST_MODE": "False",
            "ETL_STAGING_URL": f"file://{home / 'staging'}",
            # dag.test() runs the mapped batches one after another in one process: give each
            # batch all cores, as etl run's pool has them (a scheduler would run batches side by side).
            "ETL_TASK_WORKERS": str(os.cpu_count() or 1),
        }
    )
    return env


def dag_run(url: str, source: Path, home: Path) -> dict[str, float]:
    prefix = _prefix("dag")
    env = {**_airflow_env(home), "ES_URL": url, "ETL_ELASTICSEARCH__INDEX_PREFIX": prefix}
    proc, wall = _run_child("--child-dag", source, env)
    es = _es(url)
    try:
        child = json.loads(_child_lines(proc, "dag.test")[-1])
        if child["state"] != "success":
            raise SystemExit(f"dag.test ended {child['state']}:\n{proc.stderr[-3000:]}")
        es.indices.refresh(index=prefix)
        count = es.count(index=prefix)["count"]
        return {"seconds": child["seconds"], "wall_with_startup": wall, "indexed_docs": count}
    finally:
        _drop(es, prefix)
        es.close()


#: Batches of a Celery run: enough for two workers to share the corpus evenly.
CELERY_BATCHES = 8


def celery_runs(url: str, source: Path, repeats: int) -> list[dict]:
    """``ingest_articles`` over ``source`` on the CeleryExecutor with two workers; one row per run.

    The stack starts once (not timed) and is stopped by pid at the end; each run gets a fresh
    index prefix. A run's time is the DAG run's own (``start_date`` to ``end_date``: from the
    scheduler starting it to its last task), its wall time from the trigger to its end as seen
    through the API. Batches are ``1/CELERY_BATCHES`` of the corpus, one parser process per task.
    """
    from contextlib import ExitStack
    from datetime import datetime

    from etl.devstack.s3server import LocalS3
    from tests.airflow.helpers import clean_prefix
    from tools.bench.celery_stack import start_celery_stack

    corpus_bytes = sum(p.stat().st_size for p in source.rglob("*") if p.is_file())
    batch_bytes = max(1, corpus_bytes // CELERY_BATCHES)
    base = Path(tempfile.mkdtemp(prefix="etl-bench-celery-"))
    rows = []
    with ExitStack() as stop:
        stop.callback(shutil.rmtree, base, ignore_errors=True)
        s3 = LocalS3(base_dir=base / "s3")
        stop.callback(s3.stop)
        s3.start()
        t0 = time.perf_counter()
        celery = start_celery_stack(
            base, url, s3, stop.callback, extra_env={"ETL_AIRFLOW__BATCH_BYTES": str(batch_bytes), "ETL_TASK_WORKERS": "1"}
        )
        stack = celery.airflow
        _log(f"Celery stack up in {time.perf_counter() - t0:.0f} s (workers {sorted(celery.hostnames.values())})")
        for _ in range(repeats):
            # Each run into a fresh index: the stack's tasks read their prefix from the environment,
            # so the previous run's index is dropped instead.
            clean_prefix(url, stack.prefix)
            t1 = time.perf_counter()
            run_id = stack.trigger_run({"source_dir": str(source)})["dag_run_id"]
            run = stack.wait_run(run_id, timeout=3600, interval=0.5)
            wall = time.perf_counter() - t1
            seconds = (datetime.fromisoformat(run["end_date"]) - datetime.fromisoformat(run["start_date"])).total_seconds()
            batches = [t for t in stack.task_instances(run_id) if t["task_id"] == "process_batch"]
            per_worker = {h: sum(1 for t in batches if t["hostname"] == h) for h in sorted(celery.hostnames.values())}
            es = _es(url)
            try:
                es.indices.refresh(index=stack.prefix)
                count = es.count(index=stack.prefix)["count"]
            finally:
                es.close()
            rows.append(
                {"seconds": seconds, "wall_with_trigger": wall, "indexed_docs": count, "batches": len(batches),
                 "batches_per_worker": per_worker, "batch_bytes": batch_bytes, "workers": len(celery.hostnames)}
            )  # fmt: skip
            _log(f"Celery run: {seconds:.1f} s, {len(batches)} batches {per_worker}, {count} docs")
        clean_prefix(url, stack.prefix)
    return rows


def chunk_sweep(url: str, docs: list[tuple[str, bytes]], configs: list[tuple[int, int]], repeats: int) -> list[dict]:
    """The project's BulkLoader over ``docs`` with each (chunk_docs, chunk_bytes), fresh index each time."""
    from etl.index import manage
    from etl.index.bulk import BulkLoader, DeadLetterFile

    rows = []
    for chunk_docs, chunk_bytes in configs:
        times = []
        for _ in range(repeats):
            prefix = _prefix("sweep")
            settings = _settings_for(url, prefix)
            cfg = settings.bulk.model_copy(update={"chunk_docs": chunk_docs, "chunk_bytes": chunk_bytes})
            es = _es(url)
            try:
                index = manage.setup(es, settings.elasticsearch)
                loader = BulkLoader(es, index, cfg, DeadLetterFile(BENCH_DIR / "sweep-deadletter.jsonl"))
                t0 = time.perf_counter()
                for doc_id, payload in docs:
                    loader.index_doc(doc_id, None, serialized=payload)
                stats = loader.close()
                es.indices.refresh(index=index)
                times.append(time.perf_counter() - t0)
                if stats.indexed != len(docs):
                    raise SystemExit(f"sweep: {stats.indexed} indexed of {len(docs)}")
            finally:
                _drop(es, prefix)
                es.close()
        seconds = statistics.median(times)
        rows.append(
            {"chunk_docs": chunk_docs, "chunk_bytes": chunk_bytes, "seconds": round(seconds, 3),
             "docs_per_s": round(len(docs) / seconds, 1), "mb_per_s": round(sum(len(p) for _, p in docs) / 1e6 / seconds, 2)}
        )  # fmt: skip
        _log(f"sweep chunk_docs={chunk_docs} chunk_bytes={chunk_bytes}: {rows[-1]['docs_per_s']:.0f} docs/s")
    return rows


def _median(rows: list[dict], key: str = "seconds") -> dict:
    """The row with the median ``key`` (upper median for even counts), plus all values."""
    ordered = sorted(rows, key=lambda r: r[key])
    row = dict(ordered[len(ordered) // 2])
    row[f"{key}_all"] = [round(r[key], 3) for r in rows]
    row["repeats"] = len(rows)
    return row


# -- report -------------------------------------------------------------------------------


def chart(results: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(13, 5), gridspec_kw={"width_ratios": [2, 1.2]})
    bars = results["throughput_bars"]
    labels = [b[0] for b in bars]
    values = [b[1] for b in bars]
    colors = ["#4c72b0" if "parse" in label else "#dd8452" if "raw" in label else "#55a868" for label in labels]
    ax1.barh(labels, values, color=colors)
    for y, v in enumerate(values):
        ax1.text(v, y, f" {v:,.0f}", va="center", fontsize=8)
    ax1.set_xlabel("articles / s (median)")
    ax1.invert_yaxis()
    ax1.set_title(f"Throughput, {results['corpus_label']}")
    stages = results["stages_ms_per_article"]
    names = ["read", "clean", "segment", "enrich", "serialise"]
    ax2.bar(names, [stages[n] for n in names], color="#4c72b0")
    ax2.axhline(0.5, color="red", linestyle="--", linewidth=1, label="budget read..enrich 0.5 ms")
    ax2.set_ylabel("ms / article, one core (warm)")
    ax2.set_title("Per stage (BBC 1x)")
    ax2.legend(fontsize=8)
    fig.suptitle(f"{results['machine']['nproc']} cores, {results['machine']['cpu']} (shared, noisy)", fontsize=9)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--repeats", type=int, default=3, help="repeats of the parse measurements")
    p.add_argument("--load-repeats", type=int, default=2, help="repeats of each full load (raw bulk, etl run, DAG, sweep)")
    p.add_argument("--quick", action="store_true")
    p.add_argument("--rss-only", action="store_true", help="re-measure only etl run's peak RSS at 1x and 10x into latest.json")
    p.add_argument("--child-run", help=argparse.SUPPRESS)
    p.add_argument("--child-dag", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child_run:
        _child_run(args.child_run)
        return 0
    if args.child_dag:
        _child_dag(args.child_dag)
        return 0

    from etl.devstack.localnode import ES_VERSION, LocalNode, free_port

    if args.rss_only:
        return rss_only()

    started = time.perf_counter()
    reps = 1 if args.quick else args.repeats
    lreps = 1 if args.quick else args.load_repeats
    cores = os.cpu_count() or 1
    info = machine()
    info["elasticsearch"] = ES_VERSION
    _log(f"machine: {info}")
    roots = build_corpora()
    big = roots["bbc-1x"] if args.quick else roots["bbc-10x"]
    results: dict = {"machine": info, "command": "make bench", "corpus_label": "BBC 1x" if args.quick else "BBC 10x"}

    # 1. processing
    results["stages_ms_per_article"] = stage_timings(roots["bbc-1x"])
    _log(f"stages ms/article: {results['stages_ms_per_article']}")
    results["parse"] = {}
    for name, workers in (("bbc-1x", 1), ("bbc-1x", cores), ("bbc-10x", cores)):
        if args.quick and name == "bbc-10x":
            continue
        r = median_of(roots[name], workers, reps)
        results["parse"][f"{name}/{workers}w"] = r
        _log(f"parse {name} {workers}w: {r['articles_per_s']:.0f} articles/s ({r['ms_per_article_per_core']:.3f} ms/article/core)")

    port = free_port()
    base = BENCH_DIR / "es" / str(port)
    node = LocalNode(port=port, heap="1g", base_dir=base)
    home = None
    try:
        url = node.start()
        _log(f"Elasticsearch {ES_VERSION} at {url} (pid {node.pid()})")
        # 2. the limit
        docs = prepare_documents(big)
        _log(f"prepared {len(docs)} documents ({sum(len(d) for _, d in docs) / 1e6:.1f} MB)")
        results["raw"] = {}
        for mode in ("bulk", "parallel_bulk"):
            rows = [raw_bulk(url, docs, mode) for _ in range(lreps)]
            results["raw"][mode] = r = _median(rows)
            r["articles_per_s"] = round(r["docs"] / r["seconds"], 1)
            _log(f"raw helpers.{mode}: {r['articles_per_s']:.0f} docs/s ({r['seconds_all']})")
        best_raw = max(results["raw"].values(), key=lambda r: r["articles_per_s"])

        # 3. etl run (+5. its RSS at 10x)
        rows = [etl_run(url, big) for _ in range(lreps)]
        results["etl_run"] = r = _median(rows)
        r["articles_per_s"] = round(r["articles"] / r["seconds"], 1)
        _log(f"etl run: {r['articles_per_s']:.0f} articles/s ({r['seconds_all']}), RSS main {r['maxrss_main_mb']:.0f} MB")

        # 4. the DAG
        home = airflow_home()
        rows = [dag_run(url, big, home) for _ in range(lreps)]
        results["dag"] = r = _median(rows)
        r["articles_per_s"] = round(results["etl_run"]["articles"] / r["seconds"], 1)
        _log(f"dag.test: {r['seconds']:.1f} s ({r['seconds_all']})")
        results["celery"] = r = _median(celery_runs(url, big, lreps))
        r["articles_per_s"] = round(results["etl_run"]["articles"] / r["seconds"], 1)
        if r["indexed_docs"] != results["dag"]["indexed_docs"]:
            raise SystemExit(f"Celery run indexed {r['indexed_docs']} documents, dag.test() {results['dag']['indexed_docs']}")
        _log(f"Celery, 2 workers: {r['seconds']:.1f} s ({r['seconds_all']})")

        # 5. RSS at 1x
        if not args.quick:
            rows = [etl_run(url, roots["bbc-1x"]) for _ in range(lreps)]
            results["etl_run_1x"] = r = _median(rows)
            r["articles_per_s"] = round(r["articles"] / r["seconds"], 1)
            _log(f"etl run 1x: {r['articles_per_s']:.0f} articles/s, RSS main {r['maxrss_main_mb']:.0f} MB")

        # 6. chunk sweep on the 1x documents
        from etl.config import get_settings

        default = get_settings().bulk
        small_docs = docs[: len(docs) // 10] if not args.quick else docs
        configs = [(d, 100_000_000) for d in (100, 250, 500, 1000, 2000)] + [
            (100_000, b) for b in (1_000_000, 2_500_000, 5_000_000, 10_000_000, 20_000_000)
        ]
        configs.append((default.chunk_docs, default.chunk_bytes))
        results["chunk_sweep"] = chunk_sweep(url, small_docs, configs, lreps)
        results["chunk_default"] = {"chunk_docs": default.chunk_docs, "chunk_bytes": default.chunk_bytes}
    finally:
        node.stop()
        shutil.rmtree(base, ignore_errors=True)
        if home is not None:
            shutil.rmtree(home, ignore_errors=True)

    # ratios: the headline
    one = results["parse"].get("bbc-1x/1w")
    many = results["parse"].get(f"bbc-1x/{cores}w")
    ratios = {
        "etl_run_over_raw_bulk": round(results["etl_run"]["articles_per_s"] / best_raw["articles_per_s"], 3),
        "dag_over_etl_run_wall": round(results["dag"]["seconds"] / results["etl_run"]["seconds"], 3),
        "celery_over_dag_wall": round(results["celery"]["seconds"] / results["dag"]["seconds"], 3),
        "parse_scaling_all_cores": round(many["articles_per_s"] / one["articles_per_s"], 3) if one and many else None,
    }
    if "etl_run_1x" in results:
        ratios["rss_10x_over_1x"] = round(results["etl_run"]["maxrss_main_mb"] / results["etl_run_1x"]["maxrss_main_mb"], 3)
    results["ratios"] = ratios
    bars = []
    for key, r in results["parse"].items():
        bars.append((f"parse {key}", r["articles_per_s"]))
    for mode, r in results["raw"].items():
        bars.append((f"raw helpers.{mode}", r["articles_per_s"]))
    bars.append(("etl run (end to end)", results["etl_run"]["articles_per_s"]))
    bars.append(("DAG dag.test()", results["dag"]["articles_per_s"]))
    bars.append(("DAG on Celery, 2 workers", results["celery"]["articles_per_s"]))
    results["throughput_bars"] = bars
    results["total_bench_seconds"] = round(time.perf_counter() - started, 1)
    _log(f"ratios: {ratios}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2) + "\n")
    chart(results, RESULTS / "throughput.png")
    write_markdown(results, ROOT / "BENCHMARKS.md")
    _log(f"done in {results['total_bench_seconds']:.0f} s: tools/bench/results/latest.json, tools/bench/results/throughput.png, BENCHMARKS.md")
    return 0


def rss_only() -> int:
    """Re-measure etl run's peak RSS (1x, 10x) on a fresh node; update latest.json and BENCHMARKS.md."""
    from etl.devstack.localnode import LocalNode, free_port

    roots = build_corpora()
    path = RESULTS / "latest.json"
    results = json.loads(path.read_text())
    port = free_port()
    base = BENCH_DIR / "es" / str(port)
    node = LocalNode(port=port, heap="1g", base_dir=base)
    try:
        url = node.start()
        for key, root in (("etl_run_1x", roots["bbc-1x"]), ("etl_run", roots["bbc-10x"])):
            r = etl_run(url, root)
            results[key]["maxrss_main_mb"] = r["maxrss_main_mb"]
            results[key]["maxrss_workers_mb"] = r["maxrss_workers_mb"]
            results[key]["rss_run_seconds"] = round(r["seconds"], 2)
            _log(f"{key}: peak RSS main {r['maxrss_main_mb']:.0f} MB, workers {r['maxrss_workers_mb']:.0f} MB")
    finally:
        node.stop()
        shutil.rmtree(base, ignore_errors=True)
    results["ratios"]["rss_10x_over_1x"] = round(results["etl_run"]["maxrss_main_mb"] / results["etl_run_1x"]["maxrss_main_mb"], 3)
    results["rss_remeasured"] = time.strftime("%Y-%m-%d %H:%M") + " (--rss-only, VmHWM)"
    path.write_text(json.dumps(results, indent=2) + "\n")
    write_markdown(results, ROOT / "BENCHMARKS.md")
    return 0


def write_markdown(results: dict, path: Path) -> None:
    """Replace the generated block of BENCHMARKS.md (between markers), keeping the hand-written text."""
    m = results["machine"]
    r = results["ratios"]
    lines = [
        f"Measured {time.strftime('%Y-%m-%d %H:%M')} with `make bench` (`.venv/bin/python -m tools.bench.e2e`), "
        f"total {results['total_bench_seconds']:.0f} s.",
        "",
        f"Machine: {m['nproc']} cores, {m['cpu']}, {m['memory_gb']} GB RAM, Python {m['python']}, "
        f"Elasticsearch {m['elasticsearch']} (local node, 1 GB heap), load average at start {m['loadavg_at_start']} "
        "(a shared, noisy machine: compare the ratios, measured side by side, more than absolute numbers).",
        "",
        "| headline ratio | value | target |",
        "|---|---:|---:|",
        f"| `etl run` throughput / raw bulk limit ({results['corpus_label']}) | {r['etl_run_over_raw_bulk']:.2f} | ≥ 0.8 |",
        f"| DAG `dag.test()` wall / `etl run` wall ({results['corpus_label']}) | {r['dag_over_etl_run_wall']:.2f} | ≤ 1.3 |",
        f"| parse scaling, {m['nproc']} cores / 1 core (BBC 1x) | {r['parse_scaling_all_cores']:.2f} | ≈ {m['nproc']} |",
    ]
    if "celery_over_dag_wall" in r:
        lines.append(
            f"| DAG on Celery (2 workers) / `dag.test()`, run time ({results['corpus_label']}) | {r['celery_over_dag_wall']:.2f} | "
            "— (same cores; measures the executor's overhead) |"
        )
    if "rss_10x_over_1x" in r:
        lines.append(f"| `etl run` peak RSS (main process) 10x / 1x | {r['rss_10x_over_1x']:.2f} | ≤ 1.2 |")
    lines += ["", "| measurement | articles | median s | articles/s | notes |", "|---|---:|---:|---:|---|"]
    for key, p in results["parse"].items():
        lines.append(
            f"| parse {key} | {p['articles']} | {p['seconds']:.2f} | {p['articles_per_s']:.0f} | "
            f"{p['mb_per_s']:.2f} MB/s, {p['ms_per_article_per_core']:.3f} ms/article/core, cold start included |"
        )
    for mode, p in results["raw"].items():
        lines.append(f"| raw `helpers.{mode}` | {p['docs']} | {p['seconds']:.2f} | {p['articles_per_s']:.0f} | prepared documents, fresh index |")
    e = results["etl_run"]
    lines.append(
        f"| `etl run` | {e['articles']} | {e['seconds']:.2f} | {e['articles_per_s']:.0f} | "
        f"peak RSS main {e['maxrss_main_mb']:.0f} MB, workers {e['maxrss_workers_mb']:.0f} MB |"
    )
    if "etl_run_1x" in results:
        e1 = results["etl_run_1x"]
        lines.append(
            f"| `etl run` BBC 1x | {e1['articles']} | {e1['seconds']:.2f} | {e1['articles_per_s']:.0f} | "
            f"peak RSS main {e1['maxrss_main_mb']:.0f} MB, workers {e1['maxrss_workers_mb']:.0f} MB |"
        )
    for key in ("etl_run", "etl_run_1x"):
        t = (results.get(key) or {}).get("timings") or {}
        if t:
            batches = t.get("sync", 0) + t.get("parse", 0) + t.get("index", 0)
            lines.append(
                f"| ↳ `{key}` phases | | {t['total']:.2f} | | batches {batches:.1f} s (sync {t['sync']:.1f}, waiting for the "
                f"parser {t['parse']:.1f}, indexing {t['index']:.1f}); after the batches (duplicate linking, report) "
                f"{t['total'] - batches:.1f} s |"
            )
    d = results["dag"]
    lines.append(f"| DAG `dag.test()` | {e['articles']} | {d['seconds']:.2f} | {d['articles_per_s']:.0f} | {d['indexed_docs']} docs in the index |")
    c = results.get("celery")
    if c:
        lines.append(
            f"| DAG on Celery, {c['workers']} workers | {e['articles']} | {c['seconds']:.2f} | {c['articles_per_s']:.0f} | "
            f"{c['indexed_docs']} docs; {c['batches']} batches of ~{c['batch_bytes'] / 1e6:.1f} MB, per worker "
            f"{', '.join(f'{h.split(chr(64))[0]} {n}' for h, n in c['batches_per_worker'].items())}; "
            f"trigger to end {c['wall_with_trigger']:.1f} s; one task slot and one parser process per worker, staging on S3Proxy |"
        )
    s = results["stages_ms_per_article"]
    lines += [
        "",
        "Warm per-stage cost, one core, ms/article (BBC 1x): "
        + ", ".join(f"{k} {v:.3f}" for k, v in s.items()),
        "",
        f"Bulk chunk sweep (project BulkLoader, 1/10 of the prepared documents, "
        f"default chunk_docs={results['chunk_default']['chunk_docs']}, chunk_bytes={results['chunk_default']['chunk_bytes']:,}):",
        "",
        "| chunk_docs | chunk_bytes | docs/s | MB/s |",
        "|---:|---:|---:|---:|",
    ]
    for row in results["chunk_sweep"]:
        lines.append(f"| {row['chunk_docs']:,} | {row['chunk_bytes']:,} | {row['docs_per_s']:.0f} | {row['mb_per_s']:.2f} |")
    lines += ["", "![throughput](tools/bench/results/throughput.png)"]
    block = "<!-- bench:begin (generated by tools/bench/e2e.py) -->\n" + "\n".join(lines) + "\n<!-- bench:end -->"
    text = path.read_text() if path.exists() else "# Benchmarks\n\n<!-- bench:begin -->\n<!-- bench:end -->\n"
    start, end = text.find("<!-- bench:begin"), text.find("<!-- bench:end -->")
    if start < 0 or end < 0:
        text = text.rstrip() + "\n\n" + block + "\n"
    else:
        text = text[:start] + block + text[end + len("<!-- bench:end -->") :]
    path.write_text(text)


if __name__ == "__main__":
    sys.exit(main())
