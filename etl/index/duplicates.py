"""Near-duplicate links, decided in Elasticsearch batch by batch, right after each batch's write.

``duplicate_of`` names the earliest copy of an article — earliest by source path, then
article index, which for date-partitioned sources is also the oldest — among everything
in the index. Deciding it in the index rather than in one process means:

* batches that ran in parallel (Airflow's mapped tasks) still see each other's copies;
* a backfill of older dates re-points newer copies at the older original;
* the answer does not depend on the order in which batches happened to finish.

Rules:

* **Per batch, in proportion to the batch.** After a batch's documents are written and
  refreshed, :func:`link_batch` looks up the candidates of exactly the documents that batch
  wrote; there is no index-wide pass after all batches. It used to be one (over every
  document a run wrote, after the run): on BBC 10x it took 35 of 84 s, because every page
  re-read ``_source`` (≈ 4.75 KB per hit) of thousands of near-copies. Now the lookup reads
  doc values only (hash, SimHash, path, article index, link, run id), and only of the
  documents a rule can act on: originals, the batch's own documents (from memory) and, in a
  backfill, the copies of a later original (:func:`_candidates`).
* **Why per batch sees every pair.** Each pair of copies is looked at by the later of the two
  batches to become visible (its refresh comes after the other's write), so parallel batches
  still link across each other. Two batches that link *at the same moment* read each other's
  links before either has refreshed its updates; they make the same decision for a pair they
  both see, and a chain they both touch is settled by the next run over either copy.
* **Re-runnable.** A batch also links its unchanged documents (unchanged files and articles,
  with the hashes and link the state lookup already read, :mod:`etl.index.sync`) when the run
  that wrote them has no report saying it succeeded (``etl.runner.batch._undecided``). So when
  writing the links fails after the articles are indexed (a full disk, a node gone), the run
  fails and its re-run — which skips those files as unchanged — still decides and writes their
  links; before, it never did
  (``tests/reliability/test_faults.py::test_links_blocked_after_the_articles_are_indexed_are_written_by_the_rerun``).
  The documents of a succeeded run are not looked at again: re-deciding them wrote nothing and
  cost a no-op re-run of BBC 1x ~1.1 of its 2.5 s.
* **Which candidates.** Candidates share the ``content_hash`` (exact copies) or one of the
  four 16-bit SimHash bands (any two SimHashes within Hamming distance 3 share a band), then
  are checked with the real distance. A copy is compared with originals only, and the
  earliest original it matches is the one it names (as the in-run detector does); an older
  original arriving after its copies (a backfill, or parallel batches finishing newest
  first) re-points at itself the copies that named no original or a later one, so the links
  do not depend on the order in which batches are written
  (``tests/integration/test_indexing.py::test_batches_in_any_cut_and_order_link_like_one_sequential_run``).
* **Decided before the write** (:class:`LinkPlan`). A batch looks up, page by page as its
  documents come out of the parser, the originals its documents may copy (the same lookup as
  below) and writes each document with its ``duplicate_of``; the link step after the write then
  only writes what the plan could not put in the documents themselves (an older original
  re-pointing copies already in the index). Before, each Airflow mapped batch had its own
  in-run detector, so the copies of other batches were written unlinked and linked afterwards
  by partial updates (~20,000 on BBC 10x, each a re-index of the document). The plan holds
  only if nothing else wrote to the index while the batch was written: the plan refreshes and
  counts the index's write operations (primaries' ``index_total + delete_total``) before the
  first lookup, and the link step counts again; any write that is not the batch's own (a
  parallel batch, a retried request counted twice, a dead letter) and the plan is dropped and
  the batch is linked after its refresh exactly as below, so the links never depend on it.
* **No lookup while the run wrote all the index holds** (:class:`RunOriginals`). ``etl run``
  into an empty index (a first load, a reindex) keeps the originals its batches wrote in memory
  and hands them to each batch's plan instead of looking them up: the index holds nothing else,
  so the lookup could only find those. It holds while every batch's plan held (nothing but the
  run wrote, counted as above, also between batches), no batch re-pointed a link, the batches
  come in path order (then the copies an earlier batch wrote can never be re-pointed, so only
  its originals are candidates) and at most :data:`RUN_ORIGINALS_MAX` originals were kept
  (~1.1 KB each: memory stays bounded); the first time one fails, the run goes back to the
  lookups for good. On ``wire`` (25,000 stories) the 50 page lookups took ~6 of 49 s of the
  main process's wall time and a share of the node's CPU (BENCHMARKS.md, "thru4").
* ``duplicate_of`` is excluded from the fingerprint, so linking never makes an unchanged
  article look changed on the next run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from etl.enrich.dedup import hamming
from etl.errors import DuplicateLinkError

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

    from etl.index.bulk import BulkLoader

#: Doc values read per candidate: no ``_source`` (the whole article) is fetched.
LINK_FIELDS = ["content_hash", "simhash", "source.path", "source.article_index", "duplicate_of", "ingest.run_id"]
#: Written documents looked up per candidate search (their hashes and bands are one terms query).
PAGE = 500
#: Candidate hits per search_after page.
_HITS = 5000
#: Originals :class:`RunOriginals` keeps at most (~1.1 KB each); beyond, the run looks them up.
RUN_ORIGINALS_MAX = 50_000


def simhash_bands(simhash: int) -> list[str]:
    """Four 16-bit bands; two SimHashes within distance 3 share at least one (pigeonhole).

    Band ``i`` is ``f"{i}:{(simhash >> (16 * i)) & 0xFFFF:04x}"``, cut here from one hex string
    of the low 64 bits (one format instead of four; the same strings, pinned by a unit test)."""
    h = f"{simhash & 0xFFFFFFFFFFFFFFFF:016x}"
    return [f"0:{h[12:]}", f"1:{h[8:12]}", f"2:{h[4:8]}", f"3:{h[:4]}"]


@dataclass(frozen=True, slots=True)
class Copy:
    """One article as the linking sees it: identity, hashes, order, current link."""

    id: str
    content_hash: str
    simhash: int
    order: tuple[str, int]
    duplicate_of: str | None
    run_id: str | None = None
    _bands: tuple[str, ...] | None = field(default=None, init=False, repr=False, compare=False)

    @property
    def bands(self) -> tuple[str, ...]:
        # Cut once per copy (and handed on by linked()): a page reads them up to four times.
        if self._bands is None:
            object.__setattr__(self, "_bands", tuple(simhash_bands(self.simhash)))
        return self._bands  # type: ignore[return-value]

    def linked(self, duplicate_of: str | None, run_id: str | None) -> Copy:
        """This copy with another link and run id (its bands are not cut again)."""
        out = Copy(self.id, self.content_hash, self.simhash, self.order, duplicate_of, run_id)
        object.__setattr__(out, "_bands", self._bands)
        return out

    @staticmethod
    def of(hit: dict[str, Any]) -> Copy:
        f = hit.get("fields", {})

        def one(name: str, default: Any = None) -> Any:
            values = f.get(name)
            return values[0] if values else default

        return Copy(
            id=hit["_id"],
            content_hash=one("content_hash", ""),
            simhash=int(one("simhash", "0"), 16),
            order=(one("source.path", ""), int(one("source.article_index", 0))),
            duplicate_of=one("duplicate_of"),
            run_id=one("ingest.run_id"),
        )


@dataclass
class LinkResult:
    duplicates: int = 0
    """Documents of this run that are copies of an earlier article (the batch's own, and
    documents of the same run written earlier that this batch's originals re-pointed)."""
    relinked: int = 0
    """Documents whose ``duplicate_of`` was changed (this batch's or older ones)."""


class _Decisions:
    """The linking rules, one document at a time; ``updates`` are the links to write."""

    def __init__(self, max_distance: int, run_id: str) -> None:
        self.max_distance, self.run_id = max_distance, run_id
        self.updates: dict[str, str | None] = {}
        self.result = LinkResult()

    def link(self, copy: Copy) -> str | None:
        return self.updates.get(copy.id, copy.duplicate_of)

    def decide(self, doc: Copy, candidates: list[Copy], *, fresh: bool) -> None:
        group = [c for c in candidates if c.content_hash == doc.content_hash or hamming(c.simhash, doc.simhash) <= self.max_distance]
        earlier = [c for c in group if c.order < doc.order and self.link(c) is None]
        want = min(earlier, key=lambda c: c.order).id if earlier else None
        changed = self.link(doc) != want
        if changed:
            self.updates[doc.id] = want
        if want is None:
            # An older original arriving after its copies (a backfill, or batches finishing
            # newest first): re-point at it the copies that named no original or a later one.
            order_of = {c.id: c.order for c in candidates}
            for copy in group:
                target = self.link(copy)
                if copy.order > doc.order and (target is None or order_of.get(target, doc.order) > doc.order):
                    self.updates[copy.id] = doc.id
                    # A copy written earlier by this same run (a parallel batch) now counts as one.
                    self.result.duplicates += target is None and copy.run_id == self.run_id
        elif fresh or changed:
            # An unchanged document counts only when this run linked it (a re-run after a failed link step).
            self.result.duplicates += 1


def write_operations(es: Elasticsearch, index: str) -> int:
    """Index and delete operations done so far on the primaries of ``index`` (any writer)."""
    stats = es.indices.stats(index=index, metric="indexing").body["_all"]["primaries"].get("indexing", {})
    return int(stats.get("index_total", 0)) + int(stats.get("delete_total", 0))


class RunOriginals:
    """The originals one run wrote, while they are all its index holds (see the module rules).

    ``etl run`` makes one and hands it to each batch's :class:`LinkPlan`; a plan that may use it
    (:meth:`LinkPlan.decide`) looks nothing up. The first batch's plan checks the index is empty;
    each later one, that the index saw nothing but the run's own writes since the last batch's
    link step (:meth:`settle`). Once anything fails, it is dropped for the rest of the run.
    """

    def __init__(self) -> None:
        self.found = _Pools()  # the originals, as written (none was re-pointed since)
        self.kept = 0
        self.last: tuple[str, int] | None = None  # the latest order written
        self._expect: int | None = None  # the write-operation count the next plan must see
        self._first = True
        self.dropped = False

    def usable(self, es: Elasticsearch, index: str, mark: int) -> bool:
        """Whether a plan starting at write-operation count ``mark`` may use the run's originals."""
        if self.dropped:
            return False
        if self._first:
            self._first = False
            # Counted after a refresh: everything counted before ``mark`` is visible, so 0 means
            # the index held nothing when the plan began (a write after ``mark`` fails the plan).
            es.indices.refresh(index=index)
            if es.count(index=index)["count"] == 0:
                return True
        elif self._expect == mark:
            self._expect = None  # until this plan's batch settles: a batch that never links ends the use
            return True
        self.drop()
        return False

    def drop(self) -> None:
        self.dropped = True
        self.found = _Pools()

    def settle(self, plan: LinkPlan, own_operations: int | None) -> None:
        """After a plan's batch linked: keep its originals, or drop everything when the plan did
        not hold, re-pointed a link, or the run kept too many."""
        if self.dropped or own_operations is None or plan.decisions.updates:
            self.drop()
            return
        for copy in plan.decided:
            if copy.duplicate_of is None:
                self.found.add(copy)
                self.kept += 1
            if self.last is None or copy.order > self.last:
                self.last = copy.order
        if self.kept > RUN_ORIGINALS_MAX:
            self.drop()
            return
        self._expect = plan.mark + own_operations


class LinkPlan:
    """The links of one batch's documents, decided before they are written (see the module rules).

    Create it right before the batch's first write: it counts the index's write operations and
    refreshes, so every operation counted is visible to its lookups. Feed it the batch's
    documents a page at a time (:meth:`decide`, in the batch's order) and write each with the
    link it returns; then pass it to :func:`link_batch` with the number of write operations the
    batch did. With the run's :class:`RunOriginals` it looks nothing up while they cover the index.
    """

    def __init__(self, es: Elasticsearch, index: str, max_distance: int, *, run_id: str, run: RunOriginals | None = None) -> None:
        self.es, self.index = es, index
        self.mark = write_operations(es, index)
        self.run = run if run is not None and run.usable(es, index, self.mark) else None
        if self.run is None:
            es.indices.refresh(index=index)
        self._decisions = _Decisions(max_distance, run_id)
        self._decided = _Pools()  # this batch's documents decided so far, with their links
        self._order: list[Copy] = []

    @property
    def decisions(self) -> _Decisions:
        """The decisions so far: the links still to write (``updates``) and the counts."""
        return self._decisions

    @property
    def decided(self) -> list[Copy]:
        """This batch's documents decided so far, in order, each with the link it was given."""
        return self._order

    def decide(self, page: list[Copy]) -> dict[str, str | None]:
        """The link to write each document of ``page`` with (id -> ``duplicate_of``)."""
        page = sorted(page, key=lambda c: c.order)
        if self.run is not None and page and self.run.last is not None and page[0].order <= self.run.last:
            # A batch out of path order may re-point copies an earlier batch wrote, which the
            # run did not keep: look up from here on (after a refresh, as a plan without it does).
            self.run.drop()
            self.run = None
            self.es.indices.refresh(index=self.index)
        found = self.run.found if self.run is not None else _index_candidates(self.es, self.index, page)
        links: dict[str, str | None] = {}
        d = self._decisions
        for doc in page:
            d.decide(doc, _candidates_of(doc, found, self._decided), fresh=True)
            links[doc.id] = d.updates.pop(doc.id, doc.duplicate_of)  # written with it, not updated after
            decided = doc.linked(links[doc.id], d.run_id)
            self._decided.add(decided)
            self._order.append(decided)
        return links

    def holds(self, own_operations: int) -> bool:
        """Whether the index saw exactly the batch's own writes since the plan began."""
        return write_operations(self.es, self.index) - self.mark == own_operations


def link_batch(
    es: Elasticsearch,
    index: str,
    written: Iterable[Copy],
    max_distance: int,
    *,
    run_id: str,
    loader_factory: Callable[[], BulkLoader],
    unchanged: Iterable[Copy] = (),
    plan: LinkPlan | None = None,
    own_operations: int | None = None,
) -> LinkResult:
    """Set ``duplicate_of`` right for the documents of one batch, and for their copies.

    ``written`` are the batch's written documents with the link they were written with;
    ``unchanged`` are the batch's documents it skipped (unchanged file or fingerprint), with
    the link the index holds. Both must be visible (refreshed). ``loader_factory()`` returns the
    :class:`etl.index.bulk.BulkLoader` the links are written with (so back-pressure is retried
    like any other write). Raises :class:`DuplicateLinkError` when links were dead-lettered.

    With the batch's :class:`LinkPlan` and its ``own_operations`` (index and delete operations
    it did; ``None`` when it cannot tell, e.g. after dead letters), the plan's remaining updates
    are written without a lookup when nothing else wrote to the index meanwhile.
    """
    unchanged = list(unchanged)
    held = plan is not None and not unchanged and own_operations is not None and plan.holds(own_operations)
    if plan is not None and plan.run is not None:
        plan.run.settle(plan, own_operations if held else None)
    if held:
        decisions = plan.decisions
    else:
        decisions = _Decisions(max_distance, run_id)
        written = list(written)
        fresh = {d.id for d in written}
        docs = sorted([*written, *unchanged], key=lambda d: d.order)
        in_batch = _Pools(docs)
        for start in range(0, len(docs), PAGE):
            page = docs[start : start + PAGE]
            for doc, candidates in zip(page, _candidates(es, index, page, in_batch), strict=True):
                decisions.decide(doc, candidates, fresh=doc.id in fresh)
    if decisions.updates:
        _apply(es, index, decisions.updates, loader_factory)
        decisions.result.relinked = len(decisions.updates)
    return decisions.result


class _Pools:
    """Copies by content hash and by SimHash band, for handing candidates to each document."""

    def __init__(self, copies: Iterable[Copy] = ()) -> None:
        self.by_hash: dict[str, list[Copy]] = {}
        self.by_band: dict[str, list[Copy]] = {}
        for copy in copies:
            self.add(copy)

    def add(self, copy: Copy) -> None:
        self.by_hash.setdefault(copy.content_hash, []).append(copy)
        for band in copy.bands:
            self.by_band.setdefault(band, []).append(copy)

    def matching(self, doc: Copy, into: dict[str, Copy]) -> None:
        for copy in self.by_hash.get(doc.content_hash, ()):
            into.setdefault(copy.id, copy)
        for band in doc.bands:
            for copy in self.by_band.get(band, ()):
                into.setdefault(copy.id, copy)


def _candidates(es: Elasticsearch, index: str, docs: list[Copy], in_batch: _Pools) -> list[list[Copy]]:
    """For each doc, the documents sharing its content hash or one of its SimHash bands that
    the linking can act on; everything else is left out of the lookup, because no rule reads it.

    * **originals** in the index (no ``duplicate_of``): the only ones a copy may name, and the
      ones an older original re-points;
    * **this batch's own documents**, from memory, with the link they were written with;
    * **copies of a later original** (``duplicate_of`` naming an original that comes after one
      of these docs): re-pointed with it. Only backfills and out-of-order batches have them.

    Copies already linked to an earlier original are not fetched: on BBC 10x (nine near-copies
    per article) fetching them too made every page of 500 documents read ~5,000 hits, and the
    lookups 23 of 67 s of the run. One search per page of documents (not one per document);
    the hits are handed back to each doc here.
    """
    found = _index_candidates(es, index, docs)
    return [_candidates_of(doc, found, in_batch) for doc in docs]


def _candidates_of(doc: Copy, found: _Pools, in_batch: _Pools) -> list[Copy]:
    """``doc``'s candidates: what the index lookup ``found`` and the batch's own ``in_batch``
    hold with its content hash or one of its bands, without ``doc`` itself."""
    seen = _matching(found, doc)
    in_batch.matching(doc, seen)
    seen.pop(doc.id, None)
    return list(seen.values())


def _index_candidates(es: Elasticsearch, index: str, docs: list[Copy]) -> _Pools:
    """The index's part of :func:`_candidates`: originals, and copies of a later original."""
    found = _Pools()
    _search_into(es, index, found, {"terms": {"content_hash": sorted({d.content_hash for d in docs})}},
                 {"terms": {"simhash_bands": sorted({b for d in docs for b in d.bands})}}, originals_only=True)  # fmt: skip
    later = sorted(
        {c.id for d in docs for c in _matching(found, d).values() if c.order > d.order and c.duplicate_of is None}
    )
    if later:
        _search_into(es, index, found, {"terms": {"duplicate_of": later}})
    return found


def _matching(pools: _Pools, doc: Copy) -> dict[str, Copy]:
    seen: dict[str, Copy] = {}
    pools.matching(doc, seen)
    return seen


def _search_into(es: Elasticsearch, index: str, pools: _Pools, *should: dict[str, Any], originals_only: bool = False) -> None:
    """Every hit of ``should`` (any of them), paged with search_after, added to ``pools``."""
    query: dict[str, Any] = {"bool": {"should": list(should), "minimum_should_match": 1}}
    if originals_only:
        query["bool"]["must_not"] = [{"exists": {"field": "duplicate_of"}}]
    search_after = None
    while True:
        kwargs: dict[str, Any] = {"search_after": search_after} if search_after else {}
        resp = es.search(
            index=index,
            query=query,
            source=False,
            docvalue_fields=LINK_FIELDS,
            sort=[{"id": "asc"}],
            size=_HITS,
            track_total_hits=False,
            **kwargs,
        )
        hits = resp["hits"]["hits"]
        for hit in hits:
            pools.add(Copy.of(hit))
        if len(hits) < _HITS:
            return
        search_after = hits[-1]["sort"]


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
