"""``etl run`` and ``dag.test()`` of this tree against another checkout, side by side on one node.

``make bench`` compares ``etl run`` with other loaders in one tree; a change to the indexing side
needs the same run of two trees. On a shared 2-core VM absolute rates move 2-5x within minutes, so
the two trees run alternately (ABBA: base, head, head, base, ...) against one freshly started
local node, warmed first by four untimed raw loads of BBC 1x (its CPU per document falls ~2x
over the first ~10,000 documents as the JIT warms up). Each tree runs its *own*
``tools.bench.e2e --child-run`` / ``--child-dag`` with its own interpreter and ``cwd``; every run
gets a fresh index prefix, dropped afterwards.

Per run: wall seconds of the ``cli.main()`` / ``dag.test()`` call, the run's phases (its report),
CPU seconds of the main process and the parser workers (head tree only, when its child reports
them), CPU seconds of the node, and for the DAG the index operations beyond one per document (the
partial updates that link duplicates).

Usage: ``.venv/bin/python -m tools.bench.ab_index --base-tree ../main [--corpora wire,bbc-10x]
[--rounds 2] [--dag-corpus bbc-10x]``; writes ``tools/bench/results/ab_index.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import uuid
from pathlib import Path

from tools.bench import e2e
from tools.bench.parse import BENCH_DIR, RESULTS, ROOT, build_corpora


def _child(tree: Path, flag: str, source: Path, env: dict[str, str]) -> dict:
    proc = subprocess.run([str(tree / ".venv/bin/python"), "-m", "tools.bench.e2e", flag, str(source)],
                          cwd=tree, env=env, capture_output=True, text=True)  # fmt: skip
    lines = e2e._child_lines(proc, f"{flag} in {tree}")
    out = json.loads(lines[-1])
    if flag == "--child-run":
        out["report"] = json.loads("\n".join(lines[:-1]))
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--base-tree", required=True, help="a checkout with its own .venv (e.g. a worktree of main)")
    p.add_argument("--corpora", default="wire,bbc-10x", help="etl run on these: bbc-1x, bbc-10x, wire")
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--dag-corpus", default="bbc-10x", help="dag.test() on this corpus ('' for none)")
    args = p.parse_args(argv)
    from etl.devstack.localnode import LocalNode, free_port
    from tools.bench.wire import build_wire

    trees = {"base": Path(args.base_tree).resolve(), "head": ROOT}
    roots = build_corpora()
    wanted = [c for c in args.corpora.split(",") if c] + ([args.dag_corpus] if args.dag_corpus else [])
    paths = {c: build_wire() if c == "wire" else roots[c] for c in wanted}
    port = free_port()
    base_dir = BENCH_DIR / "es" / str(port)
    node = LocalNode(port=port, heap="1g", base_dir=base_dir)
    home = None
    rows: list[dict] = []
    try:
        url = node.start()
        e2e.NODE_PID = node.pid()
        warm = e2e.prepare_documents(roots["bbc-1x"])
        for _ in range(4):
            e2e.raw_bulk(url, warm, "parallel_bulk")
        del warm
        jobs = [("--child-run", c) for c in args.corpora.split(",") if c]
        if args.dag_corpus:
            home = e2e.airflow_home()
            jobs.append(("--child-dag", args.dag_corpus))
        for flag, corpus in jobs:
            for r in range(args.rounds):
                for side in ("base", "head") if r % 2 == 0 else ("head", "base"):
                    tree = trees[side]
                    prefix = f"ab-{side}-{uuid.uuid4().hex[:6]}"
                    # Each tree its own start-up cache: a tree with another cache key deletes the other's files.
                    cache = {"ETL_CACHE_DIR": str(BENCH_DIR / "ab-cache" / side)}
                    env = {**os.environ, "ES_URL": url, "ETL_ELASTICSEARCH__INDEX_PREFIX": prefix, **cache}
                    if flag == "--child-dag":
                        env |= {**e2e._airflow_env(home), "AIRFLOW__CORE__DAGS_FOLDER": str(tree / "dags"),
                                "ES_URL": url, "ETL_ELASTICSEARCH__INDEX_PREFIX": prefix, **cache}  # fmt: skip
                    node0 = e2e.node_cpu_s()
                    child = _child(tree, flag, paths[corpus], env)
                    row = {"what": "dag.test()" if flag == "--child-dag" else "etl run", "corpus": corpus, "round": r + 1,
                           "side": side, "seconds": round(child["seconds"], 2), "node_cpu_s": round(e2e.node_cpu_s() - node0, 1),
                           "loadavg": round(os.getloadavg()[0], 1)}  # fmt: skip
                    es = e2e._es(url)
                    try:
                        es.indices.refresh(index=prefix)
                        docs = es.count(index=prefix)["count"]
                        ops = es.indices.stats(index=prefix, metric="indexing")["_all"]["primaries"]["indexing"]["index_total"]
                        row |= {"documents": docs, "link_updates": ops - docs}
                    finally:
                        e2e._drop(es, prefix)
                        es.close()
                    if "report" in child:
                        rep = child["report"]
                        row |= {"timings": rep.get("timings_s"), "duplicates": rep.get("duplicates"),
                                "cpu_main_s": child.get("cpu_main_s"), "cpu_workers_s": child.get("cpu_workers_s")}  # fmt: skip
                    else:
                        row["state"] = child["state"]
                    rows.append(row)
                    print(json.dumps(row), flush=True)
    finally:
        node.stop()
        shutil.rmtree(base_dir, ignore_errors=True)
        if home is not None:
            shutil.rmtree(home, ignore_errors=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "ab_index.json").write_text(json.dumps({"base_tree": str(trees["base"]), "rows": rows}, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
