"""Near-duplicate links, decided in Elasticsearch after a run's documents are written.

``duplicate_of`` names the earliest copy of an article — earliest by source path, then
article index, which for date-partitioned sources is also the oldest — among everything
in the index. Deciding it in the index rather than in one process means:

* batches that ran in parallel (Airflow's mapped tasks) still see each other's copies;
* a backfill of older dates re-points newer copies at the older original;
* the answer does not depend on the order in which batches happened to finish.

Candidates are found through ``content_hash`` (exact copies) and the four 16-bit
SimHash bands (any two SimHashes within Hamming distance 3 share a band), then
checked with the real distance. ``duplicate_of`` is excluded from the fingerprint,
so linking never makes an unchanged article look changed on the next run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from etl.enrich.dedup import hamming
from etl.errors import DuplicateLinkError

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

    from etl.index.bulk import BulkLoader

_FIELDS = ["id", "content_hash", "simhash", "simhash_bands", "source.path", "source.article_index", "duplicate_of"]
PAGE = 500


@dataclass(frozen=True, slots=True)
class _Copy:
    id: str
    content_hash: str
    simhash: int
    bands: tuple[str, ...]
    order: tuple[str, int]
    duplicate_of: str | None

    @staticmethod
    def of(hit: dict[str, Any]) -> _Copy:
        src = hit["_source"]
        return _Copy(
            id=hit["_id"],
            content_hash=src.get("content_hash", ""),
            simhash=int(src.get("simhash") or "0", 16),
            bands=tuple(src.get("simhash_bands") or ()),
            order=(src["source"]["path"], int(src["source"].get("article_index", 0))),
            duplicate_of=src.get("duplicate_of"),
        )


@dataclass
class LinkResult:
    duplicates: int = 0
    """Documents of this run that are copies of an earlier article."""
    relinked: int = 0
    """Documents whose ``duplicate_of`` was changed (this run's or older ones)."""


def link_duplicates(
    es: Elasticsearch, index: str, run_id: str, max_distance: int, *, loader_factory: Callable[[], BulkLoader]
) -> LinkResult:
    """Set ``duplicate_of`` right for every document written by ``run_id`` and for its copies.

    ``loader_factory()`` returns the :class:`etl.index.bulk.BulkLoader` the links are written
    with (so back-pressure is retried like any other write).
    """
    result = LinkResult()
    updates: dict[str, str | None] = {}
    search_after = None
    while True:
        kwargs: dict[str, Any] = {"search_after": search_after} if search_after else {}
        resp = es.search(
            index=index,
            query={"term": {"ingest.run_id": run_id}},
            source=_FIELDS,
            sort=[{"id": "asc"}],
            size=PAGE,
            track_total_hits=False,
            **kwargs,
        )
        hits = resp["hits"]["hits"]
        if not hits:
            break
        docs = [_Copy.of(h) for h in hits]
        pairs = sorted(zip(docs, _candidates(es, index, docs), strict=True), key=lambda p: p[0].order)
        for doc, candidates in pairs:

            def link(copy: _Copy) -> str | None:
                return updates.get(copy.id, copy.duplicate_of)

            group = [c for c in candidates if c.content_hash == doc.content_hash or hamming(c.simhash, doc.simhash) <= max_distance]
            # As the in-run detector does: a copy is compared with originals only, and the
            # earliest original it matches is the one it names.
            earlier = [c for c in group if c.order < doc.order and link(c) is None]
            want = min(earlier, key=lambda c: c.order).id if earlier else None
            if link(doc) != want:
                updates[doc.id] = want
            if want is None:
                # An older original arriving after its copies (a backfill): re-point them at it.
                for copy in group:
                    if copy.order > doc.order and link(copy) is None:
                        updates[copy.id] = doc.id
            else:
                result.duplicates += 1
        search_after = hits[-1]["sort"]
        if len(hits) < PAGE:
            break
    if updates:
        _apply(es, index, updates, loader_factory)
        result.relinked = len(updates)
    return result


def _candidates(es: Elasticsearch, index: str, docs: list[_Copy]) -> list[list[_Copy]]:
    """For each doc, the other documents sharing its content hash or one of its SimHash bands.

    One paged search per page of documents (not one per document): the union of their
    hashes and bands is looked up at once and the hits are handed back to each doc here.
    """
    hashes = sorted({d.content_hash for d in docs})
    bands = sorted({b for d in docs for b in d.bands})
    query = {
        "bool": {
            "should": [{"terms": {"content_hash": hashes}}, {"terms": {"simhash_bands": bands}}],
            "minimum_should_match": 1,
        }
    }
    by_hash: dict[str, list[_Copy]] = {}
    by_band: dict[str, list[_Copy]] = {}
    search_after = None
    while True:
        kwargs: dict[str, Any] = {"search_after": search_after} if search_after else {}
        resp = es.search(
            index=index, query=query, source=_FIELDS, sort=[{"id": "asc"}], size=5000, track_total_hits=False, **kwargs
        )
        hits = resp["hits"]["hits"]
        for hit in hits:
            copy = _Copy.of(hit)
            by_hash.setdefault(copy.content_hash, []).append(copy)
            for band in copy.bands:
                by_band.setdefault(band, []).append(copy)
        if len(hits) < 5000:
            break
        search_after = hits[-1]["sort"]
    out = []
    for doc in docs:
        seen: dict[str, _Copy] = {}
        for copy in by_hash.get(doc.content_hash, ()):
            seen[copy.id] = copy
        for band in doc.bands:
            for copy in by_band.get(band, ()):
                seen[copy.id] = copy
        seen.pop(doc.id, None)
        out.append(list(seen.values()))
    return out


def _apply(
    es: Elasticsearch, index: str, updates: dict[str, str | None], loader_factory: Callable[[], BulkLoader]
) -> None:
    """Write the links through the bulk loader (retries, backoff, dead letters) and refresh."""
    loader = loader_factory()
    for doc_id, target in sorted(updates.items()):
        loader.update_doc(doc_id, {"duplicate_of": target})
    stats = loader.close()
    if stats.dead_lettered:
        raise DuplicateLinkError(
            f"{stats.dead_lettered} duplicate links could not be written ({dict(stats.errors)}); the articles "
            "themselves are indexed — re-run to link them"
        )
    es.indices.refresh(index=index)

