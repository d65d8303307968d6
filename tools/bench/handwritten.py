"""The loader a team would write first: walk the files, first line as title, ``parallel_bulk``.

The yardstick ``make bench`` holds ``etl run`` against (issue 15): no cleaning, segmentation,
enrichment, incremental sync, dead letters or duplicate links, and Elasticsearch's default
(dynamic) mapping. It runs as a whole process (``python -m tools.bench.handwritten``), like
``etl run``, and prints one JSON line: documents loaded and seconds (imports not included;
the caller also times the whole process).

Rules kept on purpose, as such a loader would have them: files are read as UTF-8 with
replacement characters (the BBC corpus has a few cp1252 files), the id is the relative path,
and the index is refreshed at the end so the documents are searchable when it returns.

Usage: ``python -m tools.bench.handwritten --url URL --index NAME ROOT``
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Iterator


def actions(root: str, index: str) -> Iterator[dict]:
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            path = os.path.join(dirpath, name)
            with open(path, encoding="utf-8", errors="replace") as fh:
                text = fh.read().strip()
            title, _, body = text.partition("\n")
            rel = os.path.relpath(path, root)
            yield {"_index": index, "_id": rel, "_source": {"title": title.strip(), "body": body.strip(), "path": rel}}


def load(url: str, index: str, root: str) -> dict[str, float]:
    from elasticsearch import Elasticsearch, helpers

    es = Elasticsearch(url, request_timeout=120)
    t0 = time.perf_counter()
    ok = failed = 0
    for success, _info in helpers.parallel_bulk(es, actions(root, index), thread_count=os.cpu_count() or 2, chunk_size=500):
        ok += success
        failed += not success
    es.indices.refresh(index=index)
    seconds = time.perf_counter() - t0
    count = es.count(index=index)["count"]
    es.close()
    return {"docs": ok, "failed": failed, "in_index": count, "seconds": seconds}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--url", required=True)
    p.add_argument("--index", required=True)
    p.add_argument("root")
    args = p.parse_args(argv)
    print(json.dumps(load(args.url, args.index, args.root)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
