"""Cost of each mapping feature at ingest: the same prepared documents into variant indices.

Issue 15 item 1. The documents are what ``etl run`` sends for a corpus (prepared once,
:func:`tools.bench.e2e.prepare_documents`); each variant removes one feature from the
project's mapping (``config/elasticsearch/``) and, where the mapping is strict, the field from
the documents too. Every variant is loaded with ``helpers.parallel_bulk`` into a fresh index on
one local node, then refreshed, flushed and force-merged to one segment so that the store size
is comparable. Variants run in rounds, in a different order each round (forward, then
backward), so machine load hits them alike; the table gives the median docs/s and size and
both as a share of the full mapping's from the same round.

Usage: ``python -m tools.bench.mapping [--corpus bbc-1x] [--rounds 2] [--only NAME,NAME] [--out FILE]``;
writes ``tools/bench/results/mapping.json`` (or FILE there). Besides docs/s (wall time, very noisy on
a shared machine) it gives the node's CPU milliseconds per document (``/proc/<pid>/stat`` of the
node started here), the steadier measure of what a mapping costs the node.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import shutil
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from tools.bench.parse import BENCH_DIR, RESULTS, build_corpora, machine

Doc = dict[str, Any]
Mapping = dict[str, Any]


def _drop_exact(props: Mapping, fields: tuple[str, ...]) -> None:
    for name in fields:
        target = props[name] if name != "passages" else props["passages"]["properties"]["text"]
        target.get("fields", {}).pop("exact", None)


def _no_field(name: str) -> tuple[Callable[[Mapping], None], Callable[[Doc], None]]:
    return (lambda props: props.pop(name), lambda doc: doc.pop(name, None))


def _no_sayt(props: Mapping) -> None:
    props.pop("title_suggest")
    props["title"].pop("copy_to")


def _passages_as_offsets(props: Mapping) -> None:
    props["passages"] = {"type": "object", "enabled": False}


def _offsets_doc(doc: Doc) -> None:
    doc["passages"] = [{"offset": p["offset"], "length": len(p["text"]), "index": p["index"]} for p in doc.get("passages", [])]


def _keep(_: Any) -> None:
    pass


#: name -> (mapping change, document change, what it buys at search)
VARIANTS: dict[str, tuple[Callable[[Mapping], None], Callable[[Doc], None], str]] = {
    "full (as shipped)": (_keep, _keep, ""),
    "no nested passages": (*_no_field("passages"), "nothing in etl search, Kibana or the tests queries passages"),
    "passages as offsets (not indexed)": (_passages_as_offsets, _offsets_doc, "passage boundaries kept, no text copy"),
    "passages without .exact": (lambda p: _drop_exact(p, ("passages",)), _keep, "—"),
    "no .exact on title/lead/body": (lambda p: _drop_exact(p, ("title", "lead", "body")), _keep, "exact phrases (`body.exact`), stop words in phrases"),
    "no search_as_you_type": (_no_sayt, _keep, "title autocomplete (`title_suggest`)"),
    "no stored paragraphs": (*_no_field("paragraphs"), "paragraph structure in _source (the body has it as blank lines)"),
    "no lead": (*_no_field("lead"), "lead^2 boost in etl search; Kibana's Lead column"),
    "no simhash_bands": (*_no_field("simhash_bands"), "the duplicate-candidate lookup"),
}
LEAN = "lean (all of the above removed)"


def _lean(props: Mapping) -> None:
    for name in ("passages", "paragraphs", "lead", "simhash_bands"):
        props.pop(name)
    _no_sayt(props)
    _drop_exact(props, ("title", "body"))


def _lean_doc(doc: Doc) -> None:
    for name in ("passages", "paragraphs", "lead", "simhash_bands"):
        doc.pop(name, None)


VARIANTS[LEAN] = (_lean, _lean_doc, "")
RESTRUCTURED = "restructured: passages as offsets, no stored paragraphs, no lead.exact"


def _restructured(props: Mapping) -> None:
    _passages_as_offsets(props)
    props.pop("paragraphs")
    _drop_exact(props, ("lead",))


def _restructured_doc(doc: Doc) -> None:
    _offsets_doc(doc)
    doc.pop("paragraphs", None)


VARIANTS[RESTRUCTURED] = (_restructured, _restructured_doc, "everything etl search, Kibana and the tests use")

# -- cheap knobs (branch thru3): each keeps every search behaviour the tests pin -------------

#: Fields never aggregated, sorted or read as doc values (only matched, or read from _source).
NO_DOC_VALUES = ("simhash_bands", "fingerprint", "url")


def _no_exact_norms(props: Mapping) -> None:
    for name in ("title", "body"):
        props[name]["fields"]["exact"]["norms"] = False


def _no_doc_values(props: Mapping) -> None:
    for name in NO_DOC_VALUES:
        props[name]["doc_values"] = False


def _sayt_two(props: Mapping) -> None:
    props["title_suggest"]["max_shingle_size"] = 2


def _bands_long(props: Mapping) -> None:
    props["simhash_bands"] = {"type": "long", "doc_values": False}


def _bands_long_doc(doc: Doc) -> None:
    doc["simhash_bands"] = [int(b[0]) << 16 | int(b[2:], 16) for b in doc.get("simhash_bands", [])]


def _no_empty_doc(doc: Doc) -> None:
    for k in [k for k, v in doc.items() if v is None or v == [] or v == {}]:
        del doc[k]


def _knobs(props: Mapping) -> None:
    _no_exact_norms(props)
    _no_doc_values(props)


VARIANTS |= {
    "no norms on .exact": (_no_exact_norms, _keep, "— (phrase matching kept; .exact scores without length norm)"),
    "no doc values on " + "/".join(NO_DOC_VALUES): (_no_doc_values, _keep, "— (matched, never aggregated or sorted)"),
    "search_as_you_type max_shingle_size 2": (_sayt_two, _keep, "3-word autocomplete shingles"),
    "simhash_bands as long": (_bands_long, _bands_long_doc, "—"),
    "no null/empty fields in _source": (_keep, _no_empty_doc, "—"),
    "knobs: no .exact norms + no doc values": (_knobs, _no_empty_doc, "every behaviour the tests pin"),
}


def index_body(change: Callable[[Mapping], None]) -> dict[str, Any]:
    """Settings and mappings of the project's templates, with ``change`` applied to the properties."""
    from etl.index.schema import load_template

    settings = load_template("articles-settings.json")["template"]["settings"]
    mappings = copy.deepcopy(load_template("articles-mappings.json")["template"]["mappings"])
    change(mappings["properties"])
    return {"settings": settings, "mappings": mappings}


def _cpu_s(pid: int | None) -> float:
    """CPU seconds (user + system) the node's process has used so far; 0 without a pid."""
    if pid is None:
        return 0.0
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def load_variant(es: Any, name: str, docs: list[tuple[str, Doc]], pid: int | None = None) -> dict[str, float]:
    from elasticsearch import helpers

    change, doc_change, _ = VARIANTS[name]
    index = f"mapping-bench-{uuid.uuid4().hex[:8]}"
    es.indices.create(index=index, **index_body(change))
    try:
        bodies = []
        for doc_id, body in docs:  # prepared, not timed
            body = copy.deepcopy(body)
            doc_change(body)
            bodies.append((doc_id, body))
        actions = ({"_index": index, "_id": doc_id, "_source": body} for doc_id, body in bodies)
        cpu0, t0 = _cpu_s(pid), time.perf_counter()
        ok = sum(s for s, _ in helpers.parallel_bulk(es, actions, thread_count=os.cpu_count() or 2, chunk_size=500))
        es.indices.refresh(index=index)
        seconds, cpu = time.perf_counter() - t0, _cpu_s(pid) - cpu0
        if ok != len(docs):
            raise SystemExit(f"{name}: {ok} of {len(docs)} loaded")
        es.indices.forcemerge(index=index, max_num_segments=1)
        es.indices.refresh(index=index)
        size = es.indices.stats(index=index, metric="store")["indices"][index]["primaries"]["store"]["size_in_bytes"]
        return {"docs_per_s": len(docs) / seconds, "node_cpu_ms_per_doc": 1000 * cpu / len(docs), "mb": size / 1e6}
    finally:
        es.indices.delete(index=index)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--corpus", default="bbc-1x")
    p.add_argument("--rounds", type=int, default=2)
    p.add_argument("--url", help="an Elasticsearch to use instead of a fresh local node")
    p.add_argument("--only", help="comma-separated variant names (the full mapping is always measured)")
    p.add_argument("--out", default="mapping.json", help="file name under tools/bench/results/")
    args = p.parse_args(argv)
    if args.only and (unknown := set(args.only.split(",")) - set(VARIANTS)):
        raise SystemExit(f"unknown variants: {sorted(unknown)}")
    from etl.devstack.localnode import ES_VERSION, LocalNode, free_port
    from tools.bench.e2e import _es, prepare_documents

    root = build_corpora()[args.corpus]
    docs = [(doc_id, orjson.loads(payload)) for doc_id, payload in prepare_documents(root)]
    node = base = None
    if args.url:
        url = args.url
    else:
        port = free_port()
        base = BENCH_DIR / "es" / str(port)
        node = LocalNode(port=port, heap="1g", base_dir=base)
        url = node.start()
    es = _es(url)
    full = "full (as shipped)"
    rows: dict[str, list[dict[str, float]]] = {}
    try:
        # The JIT warms up over the first loads (node CPU per document fell 4x over the first
        # few thousand documents): one discarded load of the full mapping before round 1.
        load_variant(es, full, docs)
        names = [full, *(n for n in args.only.split(",") if n != full)] if args.only else list(VARIANTS)
        for r in range(args.rounds):
            order = names if r % 2 == 0 else names[::-1]
            this = {}
            for name in order:
                this[name] = load_variant(es, name, docs, node.pid() if node else None)
                print(f"round {r + 1} {name}: {this[name]['docs_per_s']:.0f} docs/s, "
                      f"{this[name]['node_cpu_ms_per_doc']:.3f} node CPU ms/doc, {this[name]['mb']:.1f} MB", flush=True)
            for name in names:
                this[name]["speed_vs_full"] = this[name]["docs_per_s"] / this[full]["docs_per_s"]
                this[name]["size_vs_full"] = this[name]["mb"] / this[full]["mb"]
                this[name]["cpu_vs_full"] = this[name]["node_cpu_ms_per_doc"] / max(this[full]["node_cpu_ms_per_doc"], 1e-9)
                rows.setdefault(name, []).append(this[name])
    finally:
        es.close()
        if node is not None:
            node.stop()
            shutil.rmtree(base, ignore_errors=True)
    table = {
        name: {k: round(statistics.median(r[k] for r in rs), 3) for k in rs[0]} | {"buys": VARIANTS[name][2]}
        for name, rs in rows.items()
    }
    out = {"machine": machine() | {"elasticsearch": ES_VERSION}, "corpus": args.corpus, "documents": len(docs),
           "rounds": args.rounds, "variants": table}  # fmt: skip
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / args.out).write_text(json.dumps(out, indent=2) + "\n")
    print("| variant | docs/s | × full | node CPU ms/doc | × full | index MB | × full | what it buys at search |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    for name, t in table.items():
        print(f"| {name} | {t['docs_per_s']:.0f} | {t['speed_vs_full']:.2f} | {t['node_cpu_ms_per_doc']:.3f} | {t['cpu_vs_full']:.2f} "
              f"| {t['mb']:.1f} | {t['size_vs_full']:.2f} | {t['buys']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
