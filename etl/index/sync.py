"""Incremental-sync state, kept in Elasticsearch itself (not on local disk).

Any worker can run any batch: what is already indexed for a set of source paths
(which documents, their fingerprints, the file hash they came from) is read back
from the index with one paged search per batch.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from etl import PIPELINE_VERSION
from etl.index.duplicates import LINK_FIELDS, Copy

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

_FIELDS = ["source.path", "source.sha256", "fingerprint", "pipeline_version"]
_TERMS_PER_QUERY = 1000


@dataclass(slots=True)
class PathState:
    """What the index holds for one source path."""

    docs: dict[str, str] = field(default_factory=dict)
    """Document id → fingerprint."""
    sha256s: set[str] = field(default_factory=set)
    pipeline_versions: set[str] = field(default_factory=set)
    copies: dict[str, Copy] = field(default_factory=dict)
    """Document id → what the duplicate linking needs of it (hashes, order, current link), so a
    batch can re-decide the links of documents it does not write (:mod:`etl.index.duplicates`)."""

    def unchanged_file_candidate(self) -> bool:
        """Everything indexed for this path came from one version of the file, by this pipeline.

        Then a file whose bytes still hash to that value need not be parsed again.
        """
        return bool(self.docs) and len(self.sha256s) == 1 and self.pipeline_versions == {PIPELINE_VERSION}


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def lookup(es: Elasticsearch, index: str, paths: Iterable[str], page_size: int = 5000) -> dict[str, PathState]:
    """Index state for ``paths`` (paths with nothing indexed map to an empty state)."""
    wanted = sorted(set(paths))
    states: dict[str, PathState] = {p: PathState() for p in wanted}
    for chunk in _chunks(wanted, _TERMS_PER_QUERY):
        search_after = None
        while True:
            kwargs = {}
            if search_after is not None:
                kwargs["search_after"] = search_after
            resp = es.search(
                index=index,
                query={"terms": {"source.path": chunk}},
                source=_FIELDS,
                docvalue_fields=LINK_FIELDS,
                size=page_size,
                sort=[{"id": "asc"}],
                track_total_hits=False,
                **kwargs,
            )
            hits = resp["hits"]["hits"]
            for hit in hits:
                src = hit["_source"]
                state = states.setdefault(src["source"]["path"], PathState())
                state.docs[hit["_id"]] = src.get("fingerprint", "")
                state.sha256s.add(src["source"].get("sha256", ""))
                state.pipeline_versions.add(src.get("pipeline_version", ""))
                state.copies[hit["_id"]] = Copy.of(hit)
            if len(hits) < page_size:
                break
            search_after = hits[-1]["sort"]
    return states


def count_for_paths(es: Elasticsearch, index: str, paths: Iterable[str]) -> int:
    """How many documents the index holds for ``paths``."""
    total = 0
    for chunk in _chunks(sorted(set(paths)), _TERMS_PER_QUERY):
        total += es.count(index=index, query={"terms": {"source.path": chunk}})["count"]
    return total


def indexed_paths(es: Elasticsearch, index: str) -> Iterator[str]:
    """Every distinct ``source.path`` in the index (composite aggregation, paged)."""
    after = None
    while True:
        comp: dict = {"size": 5000, "sources": [{"path": {"terms": {"field": "source.path"}}}]}
        if after:
            comp["after"] = after
        resp = es.search(index=index, size=0, aggs={"paths": {"composite": comp}})
        agg = resp["aggregations"]["paths"]
        for bucket in agg["buckets"]:
            yield bucket["key"]["path"]
        after = agg.get("after_key")
        if not after or not agg["buckets"]:
            return
