"""End-to-end benchmark: ``etl run`` against a hand-written loader, the raw bulk limit and the DAG.

One run of ``make bench`` (= ``.venv/bin/python -m tools.bench.e2e``) measures, on one machine
and one freshly started local Elasticsearch node (free port, stopped by pid):

1. processing throughput (read → clean → segment → enrich → serialise) on 1 core and on
   all cores, through :class:`etl.runner.Parser` (see :mod:`tools.bench.parse`), plus warm per-stage costs;
2. on each corpus — BBC 1x, BBC 10x (90 % near-copies: the worst case for duplicate linking)
   and ``wire`` (25,000 stories with few duplicates, built at bench time from BBC sentences,
   :mod:`tools.bench.wire`) — in rounds, one load after another within a round so that each
   round's ratios are measured side by side under the same machine load:

   * the hand-written loader (:mod:`tools.bench.handwritten`: walk, first line as title,
     ``parallel_bulk``, default mapping), whole process;
   * ``etl run --source`` end to end into a fresh index (a subprocess), whole process and
     in-process (its report's phases included);
   * the raw limit: the same documents ``etl run`` sends, prepared beforehand (parsed,
     duplicates marked), loaded with ``helpers.parallel_bulk`` into a fresh index made by the
     project's own templates (``etl.index.manage.setup``);
   * ``ingest_articles`` through ``dag.test()`` (a subprocess with a throwaway AIRFLOW_HOME on
     SQLite, a manual run with ``source_dir``);

   then, on the first corpus, the same DAG on the CeleryExecutor with two workers
   (:mod:`tools.bench.celery_stack`: Redis, PostgreSQL, scheduler, dag-processor, api-server,
   ``worker-a`` and ``worker-b`` with one task slot and one parser process each, staging on a
   local S3Proxy), triggered through the REST API, beside its ``dag.test()`` time;

3. peak RSS of ``etl run`` at 10x against 1x;
4. a sweep of the bulk loader's chunk sizes (docs and bytes) around the configured default.

Each index measurement gets its own index prefix (``ETL_ELASTICSEARCH__INDEX_PREFIX``), so
every load goes into a fresh index. The node is warmed by four untimed loads first (its CPU per
document fell ~2x over its first ~10,000 documents as the JIT warmed up, so the first round's first
load paid for it), and every load records CPU seconds: ``etl run``'s main process and parser
workers (``getrusage``) and the node's (``/proc/<pid>/stat``), the steadier measure on a shared
machine. Results go to ``tools/bench/results/latest.json`` and
the generated block of ``BENCHMARKS.md``.

Usage: ``make bench`` [``--repeats N`` for the parse runs, ``--load-repeats N`` rounds per corpus]
[``--no-parse``, ``--no-sweep``, ``--no-dag``, ``--corpora bbc-1x,bbc-10x,wire``] [``--quick``: BBC 1x, one round, a smoke test]
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
                "cpu_main_s": _cpu(resource.RUSAGE_SELF),
                "cpu_workers_s": _cpu(resource.RUSAGE_CHILDREN),
            }
        )
    )


def _cpu(who: int) -> float:
    r = resource.getrusage(who)
    return round(r.ru_utime + r.ru_stime, 3)


#: The benchmark node's pid, for its CPU seconds per load (set by main()).
NODE_PID: int | None = None


def node_cpu_s() -> float:
    """CPU seconds the benchmark node has used so far (0 when its pid is unknown)."""
    if NODE_PID is None:
        return 0.0
    fields = Path(f"/proc/{NODE_PID}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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
            for doc_id, _fp, content_hash, simhash, _article_index, payload in parsed.docs:
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
        node0, t0 = node_cpu_s(), time.perf_counter()
        if mode == "bulk":
            ok, errors = helpers.bulk(es, actions, chunk_size=cfg.chunk_docs, max_chunk_bytes=cfg.chunk_bytes, raise_on_error=True)
        else:
            ok = 0
            for success, _info in helpers.parallel_bulk(
                es, actions, thread_count=os.cpu_count() or 2, chunk_size=cfg.chunk_docs, max_chunk_bytes=cfg.chunk_bytes
            ):
                ok += bool(success)
        es.indices.refresh(index=index)
        seconds, node = time.perf_counter() - t0, node_cpu_s() - node0
        count = es.count(index=index)["count"]
        if count != len(docs):
            raise SystemExit(f"raw {mode}: index holds {count} documents, expected {len(docs)}")
        return {"seconds": seconds, "docs": len(docs), "node_cpu_s": round(node, 2)}
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
    node0 = node_cpu_s()
    proc, wall = _run_child("--child-run", source, env)
    node = node_cpu_s() - node0
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
            # CPU seconds of the whole load: main process, parser workers, the node
            "cpu_s": {"main": child["cpu_main_s"], "workers": child["cpu_workers_s"], "node": round(node, 2)},
        }
    finally:
        _drop(es, prefix)
        es.close()


def handwritten(url: str, source: Path) -> dict[str, float]:
    """The hand-written loader (:mod:`tools.bench.handwritten`) as a whole process, default mapping."""
    index = _prefix("handwritten")
    node0, t0 = node_cpu_s(), time.perf_counter()
    proc = subprocess.run(
        [PY, "-m", "tools.bench.handwritten", "--url", url, "--index", index, str(source)],
        cwd=ROOT, capture_output=True, text=True,
    )  # fmt: skip
    wall = time.perf_counter() - t0
    es = _es(url)
    try:
        child = json.loads(_child_lines(proc, "hand-written loader")[-1])
        if child["failed"] or child["in_index"] != child["docs"]:
            raise SystemExit(f"hand-written loader: {child}")
        return {**child, "wall_with_startup": wall, "node_cpu_s": round(node_cpu_s() - node0, 2)}
    finally:
        es.options(ignore_status=404).indices.delete(index=index)
        es.close()


def throughput(url: str, root: Path, home: Path | None, rounds: int) -> dict:
    """On one corpus: hand-written loader, ``etl run``, raw bulk of the project's documents and
    (with ``home``) ``dag.test()``, one after another in each round (so each round's ratios are
    measured side by side under the same machine load); ratios per round, then their median."""
    docs = prepare_documents(root)
    _log(f"{root.name}: prepared {len(docs)} documents ({sum(len(d) for _, d in docs) / 1e6:.1f} MB)")
    out: dict = {"rounds": []}
    for i in range(rounds):
        row: dict = {"handwritten": handwritten(url, root), "etl_run": etl_run(url, root)}
        row["raw"] = raw_bulk(url, docs, "parallel_bulk")
        if home is not None:
            row["dag"] = dag_run(url, root, home)
        hw, run, raw = row["handwritten"], row["etl_run"], row["raw"]
        row["ratios"] = {
            # whole process: Python start-up and imports included on both sides
            "etl_run_over_handwritten": round((run["articles"] / run["wall_with_startup"]) / (hw["docs"] / hw["wall_with_startup"]), 3),
            "etl_run_over_raw_bulk": round((run["articles"] / run["seconds"]) / (raw["docs"] / raw["seconds"]), 3),
        }
        if "dag" in row:
            row["ratios"]["dag_over_etl_run_wall"] = round(row["dag"]["seconds"] / run["seconds"], 3)
        _log(
            f"{root.name} round {i + 1}: hand-written {hw['docs'] / hw['wall_with_startup']:.0f}/s, etl run "
            f"{run['articles'] / run['wall_with_startup']:.0f}/s whole process ({run['articles'] / run['seconds']:.0f}/s in-process, "
            f"timings {run['timings']}), raw {raw['docs'] / raw['seconds']:.0f}/s; ratios {row['ratios']}"
        )
        out["rounds"].append(row)
    out["ratios"] = {
        k: statistics.median(r["ratios"][k] for r in out["rounds"]) for k in out["rounds"][0]["ratios"]
    }
    out["articles"] = out["rounds"][0]["etl_run"]["articles"]
    out["maxrss_main_mb"] = max(r["etl_run"]["maxrss_main_mb"] for r in out["rounds"])
    out["maxrss_workers_mb"] = max(r["etl_run"]["maxrss_workers_mb"] for r in out["rounds"])
    return out


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
        # Index operations beyond one per document are re-indexes: the partial updates of links.
        ops = es.indices.stats(index=prefix, metric="indexing")["_all"]["primaries"]["indexing"]["index_total"]
        return {"seconds": child["seconds"], "wall_with_startup": wall, "indexed_docs": count, "index_ops": ops}
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
                # As a batch writes: requests in flight (bulk.requests_in_flight) from sender threads.
                loader = BulkLoader(es, index, cfg, DeadLetterFile(BENCH_DIR / "sweep-deadletter.jsonl"), pipelined=True)
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


# -- report -------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--repeats", type=int, default=3, help="repeats of the parse measurements")
    p.add_argument("--load-repeats", type=int, default=2, help="rounds of the side-by-side loads on each corpus, and of the sweep")
    p.add_argument("--quick", action="store_true", help="BBC 1x only, one round, no DAG, parse or sweep: a smoke test")
    p.add_argument("--no-parse", action="store_true", help="skip the processing measurements")
    p.add_argument("--no-sweep", action="store_true", help="skip the chunk-size sweep")
    p.add_argument("--no-dag", action="store_true", help="skip dag.test()")
    p.add_argument("--corpora", default="bbc-1x,bbc-10x,wire", help="comma-separated: bbc-1x, bbc-10x, wire")
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
    from tools.bench.wire import build_wire

    started = time.perf_counter()
    reps = args.repeats
    lreps = 1 if args.quick else args.load_repeats
    cores = os.cpu_count() or 1
    info = machine()
    info["elasticsearch"] = ES_VERSION
    _log(f"machine: {info}")
    roots = build_corpora()
    wanted = ["bbc-1x"] if args.quick else args.corpora.split(",")
    corpora = {name: build_wire() if name == "wire" else roots[name] for name in wanted}
    results: dict = {"machine": info, "command": "make bench", "corpora": {}}

    # 1. processing
    if not (args.quick or args.no_parse):
        results["stages_ms_per_article"] = stage_timings(roots["bbc-1x"])
        _log(f"stages ms/article: {results['stages_ms_per_article']}")
        results["parse"] = {}
        for name, workers in (("bbc-1x", 1), ("bbc-1x", cores), ("bbc-10x", cores)):
            r = median_of(roots[name], workers, reps)
            results["parse"][f"{name}/{workers}w"] = r
            _log(f"parse {name} {workers}w: {r['articles_per_s']:.0f} articles/s ({r['ms_per_article_per_core']:.3f} ms/article/core)")

    port = free_port()
    base = BENCH_DIR / "es" / str(port)
    node = LocalNode(port=port, heap="1g", base_dir=base)
    home = None
    try:
        url = node.start()
        global NODE_PID
        NODE_PID = node.pid()
        _log(f"Elasticsearch {ES_VERSION} at {url} (pid {NODE_PID})")
        # The node's JIT warms up over its first few thousand documents (its CPU per document
        # fell ~2x over the first 10,000, tools/bench/mapping.py): untimed loads first, so the
        # first measurement of the first round does not pay for it.
        warm = prepare_documents(roots["bbc-1x"])
        for _ in range(4):
            raw_bulk(url, warm, "parallel_bulk")
        del warm
        _log("node warmed up: 4 untimed loads of BBC 1x")
        home = None if (args.quick or args.no_dag) else airflow_home()
        # 2.-5. side by side on each corpus
        for name, root in corpora.items():
            results["corpora"][name] = throughput(url, root, home, lreps)

        # the DAG on the CeleryExecutor with two workers, beside dag.test() on the same corpus
        first = next(iter(corpora))
        if home is not None:
            rows = celery_runs(url, corpora[first], lreps)
            dag_rows = [r["dag"] for r in results["corpora"][first]["rounds"]]
            cel = {k: statistics.median(r[k] for r in rows) for k in ("seconds", "wall_with_trigger")}
            cel |= {k: rows[-1][k] for k in ("indexed_docs", "batches", "batches_per_worker", "batch_bytes", "workers")}
            cel["corpus"] = first
            cel["dag_test_seconds"] = statistics.median(r["seconds"] for r in dag_rows)
            if any(r["indexed_docs"] != dag_rows[0]["indexed_docs"] for r in rows):
                raise SystemExit(f"Celery runs indexed {[r['indexed_docs'] for r in rows]} documents, dag.test() {dag_rows[0]['indexed_docs']}")
            cel["celery_over_dag_wall"] = round(cel["seconds"] / cel["dag_test_seconds"], 3)
            results["celery"] = cel
            _log(f"Celery, 2 workers on {first}: {cel['seconds']:.1f} s vs dag.test() {cel['dag_test_seconds']:.1f} s")

        # 6. chunk sweep on 1/10 of the BBC 10x documents
        if not (args.quick or args.no_sweep):
            from etl.config import get_settings

            default = get_settings().bulk
            docs = prepare_documents(roots["bbc-10x"])
            configs = [(d, 100_000_000) for d in (100, 250, 500, 1000, 2000)] + [
                (100_000, b) for b in (1_000_000, 2_500_000, 5_000_000, 10_000_000, 20_000_000)
            ]
            configs.append((default.chunk_docs, default.chunk_bytes))
            results["chunk_sweep"] = chunk_sweep(url, docs[: len(docs) // 10], configs, lreps)
            results["chunk_default"] = {"chunk_docs": default.chunk_docs, "chunk_bytes": default.chunk_bytes}
    finally:
        node.stop()
        shutil.rmtree(base, ignore_errors=True)
        if home is not None:
            shutil.rmtree(home, ignore_errors=True)

    c = results["corpora"]
    if "bbc-10x" in c and "bbc-1x" in c:
        results["rss_10x_over_1x"] = round(c["bbc-10x"]["maxrss_main_mb"] / c["bbc-1x"]["maxrss_main_mb"], 3)
    one, many = (results.get("parse") or {}).get("bbc-1x/1w"), (results.get("parse") or {}).get(f"bbc-1x/{cores}w")
    results["parse_scaling_all_cores"] = round(many["articles_per_s"] / one["articles_per_s"], 3) if one and many else None
    results["total_bench_seconds"] = round(time.perf_counter() - started, 1)
    _log(f"ratios: { {k: v['ratios'] for k, v in c.items()} }, RSS 10x/1x {results.get('rss_10x_over_1x')}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "latest.json").write_text(json.dumps(results, indent=2) + "\n")
    if args.quick:
        return 0
    write_markdown(results, ROOT / "BENCHMARKS.md")
    _log(f"done in {results['total_bench_seconds']:.0f} s: tools/bench/results/latest.json, BENCHMARKS.md")
    return 0


def write_markdown(results: dict, path: Path) -> None:
    """Replace the generated block of BENCHMARKS.md (between markers), keeping the hand-written text."""
    m = results["machine"]
    lines = [
        f"Measured {time.strftime('%Y-%m-%d %H:%M')} with `make bench` (`.venv/bin/python -m tools.bench.e2e`), "
        f"total {results['total_bench_seconds']:.0f} s.",
        "",
        f"Machine: {m['nproc']} cores, {m['cpu']}, {m['memory_gb']} GB RAM, {m['platform']}, Python {m['python']}, "
        f"Elasticsearch {m['elasticsearch']} (one local node, 1 GB heap, on the same two cores), load average at start "
        f"{m['loadavg_at_start']} (a shared, noisy machine: compare the ratios, measured side by side in each round, "
        "more than absolute numbers).",
        "",
        "Ratios are per round (the loads of one round run one after another), median over rounds:",
        "",
        "| corpus | articles | `etl run` / hand-written loader (whole process; target ≥ 0.5) | `etl run` / raw bulk of its own documents and templates (≥ 0.8) | `dag.test()` / `etl run` wall (≤ 1.3) | `etl run` peak RSS main / workers MB |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, c in results["corpora"].items():
        r = c["ratios"]
        dag = f"{r['dag_over_etl_run_wall']:.2f}" if "dag_over_etl_run_wall" in r else "—"
        lines.append(
            f"| {name} | {c['articles']:,} | {r['etl_run_over_handwritten']:.2f} | {r['etl_run_over_raw_bulk']:.2f} | {dag} | "
            f"{c['maxrss_main_mb']:.0f} / {c['maxrss_workers_mb']:.0f} |"
        )
    if "rss_10x_over_1x" in results:
        lines += ["", f"`etl run` peak RSS (main process) BBC 10x / BBC 1x: **{results['rss_10x_over_1x']:.2f}** (target ≤ 1.2)."]
    c = results.get("celery")
    if c:
        lines += [
            "",
            f"The DAG on the CeleryExecutor with {c['workers']} workers ({c['corpus']}): {c['seconds']:.1f} s against "
            f"`dag.test()` {c['dag_test_seconds']:.1f} s (**{c['celery_over_dag_wall']:.2f}×**, same cores: the executor's "
            f"overhead); {c['indexed_docs']} documents; {c['batches']} batches of ~{c['batch_bytes'] / 1e6:.1f} MB, per worker "
            f"{', '.join(f'{h.split(chr(64))[0]} {n}' for h, n in c['batches_per_worker'].items())}; trigger to end "
            f"{c['wall_with_trigger']:.1f} s; one task slot and one parser process per worker, staging on S3Proxy.",
        ]
    lines += [
        "",
        "| corpus | round | hand-written /s (whole process) | `etl run` /s (whole process) | `etl run` /s (in-process) | raw `parallel_bulk` /s | `dag.test()` s | `etl run` s: sync / waiting for parser / index / duplicate links | CPU ms/article: `etl run` main / parser workers / node; raw load's node |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for name, c in results["corpora"].items():
        for i, row in enumerate(c["rounds"], 1):
            hw, run, raw = row["handwritten"], row["etl_run"], row["raw"]
            t = run.get("timings") or {}
            dag = f"{row['dag']['seconds']:.1f} ({row['dag'].get('index_ops', 0) - row['dag']['indexed_docs']:,} link updates)" if "dag" in row else "—"
            cpu, n = run.get("cpu_s") or {}, run["articles"] / 1000
            cpu_col = (f"{cpu['main'] / n:.2f} / {cpu['workers'] / n:.2f} / {cpu['node'] / n:.2f}; {raw.get('node_cpu_s', 0) / (raw['docs'] / 1000):.2f}"
                       if cpu else "—")  # fmt: skip
            lines.append(
                f"| {name} | {i} | {hw['docs'] / hw['wall_with_startup']:.0f} | {run['articles'] / run['wall_with_startup']:.0f} | "
                f"{run['articles'] / run['seconds']:.0f} | {raw['docs'] / raw['seconds']:.0f} | {dag} | "
                f"{t.get('sync', 0):.1f} / {t.get('parse', 0):.1f} / {t.get('index', 0):.1f} / {t.get('link', 0):.1f} | {cpu_col} |"
            )
    if results.get("parse"):
        lines += ["", "| processing (no index) | articles | median s | articles/s | notes |", "|---|---:|---:|---:|---|"]
        for key, p in results["parse"].items():
            lines.append(
                f"| parse {key} | {p['articles']} | {p['seconds']:.2f} | {p['articles_per_s']:.0f} | "
                f"{p['mb_per_s']:.2f} MB/s, {p['ms_per_article_per_core']:.3f} ms/article/core, cold start included |"
            )
        s = results["stages_ms_per_article"]
        lines += ["", "Warm per-stage cost, one core, ms/article (BBC 1x): " + ", ".join(f"{k} {v:.3f}" for k, v in s.items())]
        if results.get("parse_scaling_all_cores"):
            lines.append(f"Parse scaling, {m['nproc']} cores / 1 core (BBC 1x): {results['parse_scaling_all_cores']:.2f}.")
    if results.get("chunk_sweep"):
        lines += [
            "",
            f"Bulk chunk sweep (project BulkLoader, 1/10 of the prepared BBC 10x documents, "
            f"default chunk_docs={results['chunk_default']['chunk_docs']}, chunk_bytes={results['chunk_default']['chunk_bytes']:,}):",
            "",
            "| chunk_docs | chunk_bytes | docs/s | MB/s |",
            "|---:|---:|---:|---:|",
        ]
        for row in results["chunk_sweep"]:
            lines.append(f"| {row['chunk_docs']:,} | {row['chunk_bytes']:,} | {row['docs_per_s']:.0f} | {row['mb_per_s']:.2f} |")
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
