"""One batch: state lookup, unchanged-file skip, parse, link, index, verify, fix links.

The duplicate links of what a batch writes are decided before the write, a page of
:data:`LINK_PAGE` parsed documents at a time (:class:`etl.index.duplicates.LinkPlan`: one
lookup of the originals in the index per page, while the parser pool keeps parsing), and
checked right after its verification refresh (:func:`etl.index.duplicates.link_batch`), so
their cost grows with the batch, not with the index; there is no pass over the whole run at
its end. The check looks nothing up when the batch only created documents and nothing else
wrote to the index meanwhile (then the plan's links are the ones a lookup after the refresh
would decide); otherwise it decides the batch's links again after the refresh, as before.
The link step also covers the batch's unchanged documents written by a run that did not
succeed (:func:`_undecided`), so a re-run redoes the links a failed run left unwritten.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from etl.enrich.dedup import NearDuplicateDetector
from etl.errors import ElasticsearchUnavailable, ReportMismatch
from etl.index.bulk import BulkLoader, DeadLetterFile
from etl.index.duplicates import Copy, LinkPlan, RunOriginals, link_batch
from etl.index.sync import PathState, count_for_paths, lookup
from etl.models import SourceFile
from etl.runner.context import RunContext
from etl.runner.documents import with_duplicate_of
from etl.runner.parser import ParsedFile, Parser
from etl.runner.report import RunReport

T = TypeVar("T")

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

log = logging.getLogger(__name__)

#: Under the run's folder: the duplicate links that could not be written.
DUPLICATE_LINKS_DEADLETTER = "duplicate-links-deadletter.jsonl"
#: Parsed documents whose links are decided together (one lookup in the index) before the write.
LINK_PAGE = 500

# -- one batch ---------------------------------------------------------------------------


def _unavailable_on_connection_errors(fn: Callable[..., T]) -> Callable[..., T]:
    """Connection failures outside the bulk loader (state lookup, refresh, verification count)
    fail like the loader's: :class:`ElasticsearchUnavailable`, saying a re-run finishes the job."""

    @functools.wraps(fn)
    def wrapper(es: Any, ctx: RunContext, *args: Any, **kwargs: Any) -> T:
        if es is None:  # a dry run: no connection, and no client import (~0.3 s of aiohttp, httpx, ...)
            return fn(es, ctx, *args, **kwargs)
        from elastic_transport import TlsError
        from elasticsearch import ConnectionError as EsConnectionError
        from elasticsearch import ConnectionTimeout

        try:
            return fn(es, ctx, *args, **kwargs)
        except TlsError:
            raise  # a configuration problem (CA, certificate), not an outage
        except (EsConnectionError, ConnectionTimeout) as exc:
            raise ElasticsearchUnavailable(
                f"Elasticsearch stopped answering during run {ctx.run_id} ({type(exc).__name__}: {exc}); "
                "nothing was lost — fix the cluster and re-run, the run is idempotent"
            ) from exc

    return wrapper


@dataclass
class StartedBatch:
    """A batch whose state lookup is done and whose files the parser pool is already parsing."""

    files: list[SourceFile]
    states: dict[str, PathState]
    parsed: Iterator[ParsedFile]
    sync_s: float


@_unavailable_on_connection_errors
def start_batch(es: Elasticsearch | None, ctx: RunContext, files: list[SourceFile], parser: Parser) -> StartedBatch:
    """Look up the state of ``files`` and hand them to ``parser`` (the pool starts parsing at once).

    ``etl run`` starts the next batch this way before the current one's tail (last bulk
    requests, verification refresh and count, link step), so the pool is not idle while the
    tail waits on Elasticsearch. The lookup reads only the next batch's own paths, which the
    current batch does not write; the links it reads for them are read again before use
    (:func:`_undecided`)."""
    t0 = time.perf_counter()
    dry = ctx.dry_run or es is None
    states: dict[str, PathState] = {} if dry else lookup(es, ctx.index, [f.rel_path for f in files])
    items = []
    for f in files:
        st = states.get(f.rel_path)
        known = next(iter(st.sha256s)) if st and st.unchanged_file_candidate() else None
        items.append((f, known))
    return StartedBatch(files, states, parser.map(items), time.perf_counter() - t0)


@_unavailable_on_connection_errors
def process_batch(
    es: Elasticsearch | None,
    ctx: RunContext,
    files: list[SourceFile],
    *,
    parser: Parser | None = None,
    detector: NearDuplicateDetector | None = None,
    progress: Callable[[int], None] | None = None,
    started: StartedBatch | None = None,
    before_tail: Callable[[], None] | None = None,
    originals: RunOriginals | None = None,
) -> RunReport:
    """Process and index one batch of files; returns the batch's (balanced) report.

    Idempotent: running it again over the same files writes nothing. With ``es=None``
    or ``ctx.dry_run`` it parses and reports, writing nothing. ``started`` is the batch
    already started by :func:`start_batch`; ``before_tail`` is called once every file is
    parsed, before the batch's last requests, verification and link step. ``originals`` are the
    run's (``etl run`` passes one for all its batches): while they cover the index, the batch's
    links are decided without looking anything up (:class:`etl.index.duplicates.RunOriginals`).
    """
    report = RunReport(ctx.run_id, source=str(ctx.source_root), dry_run=ctx.dry_run, index=ctx.index)
    t0 = time.perf_counter()
    dry = ctx.dry_run or es is None
    if detector is None:  # an empty detector is falsy (it has __len__), so no `or` here
        detector = NearDuplicateDetector(ctx.settings.enrich.near_duplicate_max_distance)
    own_parser = parser is None
    parser = parser or Parser(ctx)
    t_next = 0.0
    prefetched = started is not None
    loader = plan = None
    try:
        started = started or start_batch(es, ctx, files, parser)
        # Before the batch's first write: counts the index's writes and makes them visible.
        plan = None if dry else LinkPlan(es, ctx.index, ctx.settings.enrich.near_duplicate_max_distance, run_id=ctx.run_id,
                                         run=originals)  # fmt: skip
    except BaseException:
        if own_parser:
            parser.close()
        raise
    states = started.states
    t_state = time.perf_counter()
    pending = _Pending()
    if not dry:
        # Pipelined: a bulk request is in flight while this thread drains the parser pool and
        # builds the next chunk (etl.index.bulk); close() waits for the last one, stats exact.
        loader = BulkLoader(es, ctx.index, ctx.settings.bulk, DeadLetterFile(ctx.run_dir / "deadletter.jsonl"), pipelined=True)
    expected_paths: dict[str, int] = {}
    written: list[Copy] = []
    unchanged: list[Copy] = []  # re-linked too: a link step that failed last run is redone (etl.index.duplicates)
    t_parse = 0.0
    t_link = 0.0
    try:
        t_p = time.perf_counter()
        for parsed in started.parsed:
            t_parse += time.perf_counter() - t_p
            report.files_seen += 1
            report.bytes_read += parsed.source.size
            state = states.get(parsed.source.rel_path, PathState())
            if parsed.unchanged:
                report.files_unchanged += 1
                expected_paths[parsed.source.rel_path] = len(state.docs)
                unchanged.extend(state.copies.values())
            else:
                for problem in parsed.problems:
                    report.note_problem(problem)
                if parsed.quarantined:
                    # A bad file keeps whatever was indexed from it before: never delete on a read error.
                    pass
                else:
                    report.files_parsed += 1
                    _index_file(parsed, state, report, loader, detector, pending, unchanged)
                    expected_paths[parsed.source.rel_path] = len(parsed.docs)
                    if len(pending) >= LINK_PAGE:
                        t_l = time.perf_counter()
                        pending.write(plan, loader, written)
                        t_link += time.perf_counter() - t_l
            if progress:
                progress(1)
            t_p = time.perf_counter()
        if before_tail is not None:
            t_n = time.perf_counter()
            before_tail()
            t_next = time.perf_counter() - t_n
        if loader is not None:
            t_l = time.perf_counter()
            pending.write(plan, loader, written)
            t_link += time.perf_counter() - t_l
            stats = loader.close()
            report.created, report.updated = stats.created, stats.updated
            report.indexed = stats.created + stats.updated
            report.dead_lettered = stats.dead_lettered
            report.deleted = stats.deleted
            report.retries = stats.retries
            report.errors.update(stats.errors)
            for doc_id in stats.dead_ids[: max(0, 200 - len(report.problems))]:
                report.problems.append({"id": doc_id, "reason": "dead_lettered", "detail": str(ctx.run_dir / "deadletter.jsonl")})
            _verify_batch(es, ctx, expected_paths, stats.dead_ids, report)
            t_l = time.perf_counter()
            dead = set(stats.dead_ids)
            # The plan's links stand only for a batch that created every document it wrote: an
            # update or delete can leave an older version of a document in the plan's lookups.
            only_created = not (stats.updated or stats.deleted or stats.delete_missing or stats.dead_lettered)
            report.duplicates += link_batch(
                es,
                ctx.index,
                [c for c in written if c.id not in dead],
                ctx.settings.enrich.near_duplicate_max_distance,
                run_id=ctx.run_id,
                unchanged=_undecided(es, ctx, unchanged),
                loader_factory=lambda: BulkLoader(
                    es, ctx.index, ctx.settings.bulk, DeadLetterFile(ctx.run_dir / DUPLICATE_LINKS_DEADLETTER)
                ),
                plan=plan,
                own_operations=stats.created if only_created else None,
            ).duplicates
            t_link += time.perf_counter() - t_l
    finally:
        if loader is not None:
            loader.stop()  # after a failure: end the sender thread; after close(): nothing left to do
        if own_parser:
            parser.close()
    # The next batch's start (before_tail) is that batch's sync time, not this one's; a batch
    # started beforehand adds its own.
    wall = time.perf_counter() - t0 - t_next
    report.timings_s = {
        "sync": round(started.sync_s, 4),
        "parse": round(t_parse, 4),
        "index": round(wall - (t_state - t0) - t_parse - t_link, 4),
        "link": round(t_link, 4),
        "total": round(wall + (started.sync_s if prefetched else 0.0), 4),
    }
    report.check()
    return report


class _Pending:
    """Parsed documents waiting for their links (:class:`LinkPlan`), then written in this order."""

    def __init__(self) -> None:
        self.docs: list[tuple[Copy, bytes]] = []

    def __len__(self) -> int:
        return len(self.docs)

    def write(self, plan: LinkPlan | None, loader: BulkLoader | None, written: list[Copy]) -> None:
        if not self.docs or plan is None or loader is None:
            return
        links = plan.decide([copy for copy, _ in self.docs])
        for copy, payload in self.docs:
            first = links[copy.id]
            if first is not None:
                payload = with_duplicate_of(payload, first)  # not part of the fingerprint: no change to the skip logic
            loader.index_doc(copy.id, None, serialized=payload)
            written.append(copy.linked(first, None))
        self.docs.clear()


def _index_file(
    parsed: ParsedFile,
    state: PathState,
    report: RunReport,
    loader: BulkLoader | None,
    detector: NearDuplicateDetector,
    pending: _Pending,
    unchanged: list[Copy],
) -> None:
    seen_ids = set()
    for doc_id, fp, content_hash, simhash, article_index, payload in parsed.docs:
        seen_ids.add(doc_id)
        report.articles_parsed += 1
        if loader is None:
            # Dry run: nothing is written, so duplicates are counted here instead of in the index.
            report.duplicates += detector.check(doc_id, content_hash, simhash) is not None
            continue
        if state.docs.get(doc_id) == fp:
            report.unchanged += 1
            if doc_id in state.copies:
                unchanged.append(state.copies[doc_id])
            continue
        pending.docs.append((Copy(doc_id, content_hash, simhash, (parsed.source.rel_path, article_index), None), payload))
    if loader is not None:
        # Articles that disappeared from a changed file are deleted with it.
        for stale in sorted(set(state.docs) - seen_ids):
            loader.delete_doc(stale)


def _undecided(es: Elasticsearch, ctx: RunContext, unchanged: list[Copy]) -> list[Copy]:
    """The unchanged documents whose links may never have been written: those written by a run
    that has no report in ``<prefix>-runs`` saying it succeeded (it failed, crashed, or is still
    going). A run succeeds only when every link step of its batches did, so the documents of a
    succeeded run already carry decided links; re-deciding them cost a no-op re-run of BBC 1x
    ~1.1 of 2.5 s. One ``mget`` of the run reports per batch.

    A cleared Airflow DAG run keeps its run id: each of its ``process_batch`` tasks sets that id's
    old report back to ``running`` before writing (:func:`etl.runner.finish.mark_undecided`), so
    its documents count as undecided until the run succeeds again. ``etl run`` ids are new on every run."""
    from etl.index.schema import IndexNames

    run_ids = sorted({c.run_id for c in unchanged if c.run_id})
    if run_ids:
        runs = IndexNames.of(ctx.settings.elasticsearch).runs
        found = es.options(ignore_status=404).mget(index=runs, ids=run_ids, source=["status"]).body.get("docs", [])
        decided = {d["_id"] for d in found if d.get("found") and d["_source"].get("status") == "succeeded"}
        unchanged = [c for c in unchanged if c.run_id not in decided]
    return _current(es, ctx.index, unchanged)


def _current(es: Elasticsearch, index: str, copies: list[Copy]) -> list[Copy]:
    """``copies`` as the index holds them now: their links were read by the batch's state lookup,
    which ``etl run`` does before the previous batch's link step (:func:`start_batch`) and that
    step may have re-pointed them. Only the rare undecided documents are read again."""
    from etl.index.duplicates import LINK_FIELDS

    out: list[Copy] = []
    for start in range(0, len(copies), 5000):
        ids = [c.id for c in copies[start : start + 5000]]
        hits = es.search(index=index, query={"ids": {"values": ids}}, source=False, docvalue_fields=LINK_FIELDS,
                         size=len(ids), track_total_hits=False)["hits"]["hits"]  # fmt: skip
        now = {h["_id"]: Copy.of(h) for h in hits}
        out.extend(now[i] for i in ids if i in now)
    return out


def _verify_batch(
    es: Elasticsearch, ctx: RunContext, expected_paths: dict[str, int], dead_ids: list[str], report: RunReport
) -> None:
    """After a refresh, the index must hold exactly what this batch expects for its paths."""
    if not expected_paths:
        return
    es.indices.refresh(index=ctx.index)
    expected = sum(expected_paths.values())
    if dead_ids:
        # A dead-lettered document is missing unless an older version of it was already there.
        existing = es.mget(index=ctx.index, ids=dead_ids, source=False)["docs"]
        expected -= sum(1 for d in existing if not d.get("found"))
    actual = count_for_paths(es, ctx.index, expected_paths)
    if actual != expected:
        raise ReportMismatch(
            f"run {ctx.run_id}: Elasticsearch holds {actual} documents for this batch's {len(expected_paths)} files, "
            f"the run expected {expected}; re-run the same partition (idempotent) and check the dead letters in {ctx.run_dir}"
        )
    report.in_index += actual
