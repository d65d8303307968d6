"""An ingest run: discover files → plan batches → process and index each batch → reconcile → report.

``etl run`` and the Airflow DAG call these same functions; the DAG runs each batch as
a mapped task, ``etl run`` runs them one after another in one process (with a process
pool for the CPU-bound stages).

Per batch:

1. read the index's state for the batch's paths (:mod:`etl.index.sync`);
2. skip files whose bytes and pipeline version are unchanged, without parsing them;
3. parse the rest (read → clean → segment → enrich, :func:`etl.pipeline.process_file`);
4. skip documents whose fingerprint is unchanged, index the others, delete
   documents that vanished from a changed file;
5. refresh and check that the index holds exactly what the batch expects.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import multiprocessing
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import orjson

from etl import PIPELINE_VERSION
from etl.config import PROJECT_ROOT, Settings
from etl.dedup import NearDuplicateDetector
from etl.errors import ElasticsearchUnavailable, EtlError, ReportMismatch
from etl.index.bulk import BulkLoader, DeadLetterFile
from etl.index.duplicates import link_duplicates
from etl.index.sync import PathState, count_for_paths, indexed_paths, lookup
from etl.models import Document, Quarantined, SourceFile
from etl.pipeline import process_file
from etl.read import discover
from etl.report import RunReport

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

log = logging.getLogger(__name__)
T = TypeVar("T")

DEFAULT_RUNS_DIR = PROJECT_ROOT / ".local" / "runs"
#: Fields excluded from the fingerprint: the run's own fields, and ``duplicate_of``, which the
#: index-wide linking pass (:mod:`etl.index.duplicates`) owns after the write.
RUN_FIELDS = ("@timestamp", "ingest", "fingerprint", "duplicate_of")


class DeletionRefused(EtlError):
    """Full sync would delete more than the configured share of the index."""


def new_run_id(now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    return f"{now:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"


@dataclass
class RunContext:
    """What every batch of one run needs (picklable, so batches can run anywhere)."""

    settings: Settings
    source_root: Path
    run_id: str
    index: str
    """Where documents are written: the alias, or a concrete index during a reindex."""
    started_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat())
    dry_run: bool = False
    runs_dir: Path = DEFAULT_RUNS_DIR
    workers: int = 1

    @property
    def run_dir(self) -> Path:
        return self.runs_dir / self.run_id


# -- documents ---------------------------------------------------------------------------


def fingerprint(doc: dict[str, Any]) -> str:
    """Hash of everything the article says (run fields excluded): equal fingerprint, no write."""
    return _article_json_and_fingerprint({k: v for k, v in doc.items() if k not in RUN_FIELDS})[1]


def _article_json_and_fingerprint(article: dict[str, Any]) -> tuple[bytes, str]:
    """The article fields as sorted-key JSON, and the fingerprint: the hash of exactly those bytes."""
    serialised = orjson.dumps(article, option=orjson.OPT_SORT_KEYS)
    return serialised, hashlib.blake2b(serialised, digest_size=16).hexdigest()


def simhash_bands(simhash: int) -> list[str]:
    """Four 16-bit bands; two SimHashes within distance 3 share at least one (pigeonhole)."""
    return [f"{i}:{(simhash >> (16 * i)) & 0xFFFF:04x}" for i in range(4)]


def serialise_document(doc: Document, ctx: RunContext) -> tuple[str, bytes]:
    """(fingerprint, JSON) of the document as indexed: the article plus run fields
    (``duplicate_of``, ``fingerprint``, ``@timestamp``, ``ingest``).

    The article's fields are serialised once, with sorted keys: those bytes are what
    :func:`fingerprint` hashes, and the run fields are appended to them, so a document costs
    one serialisation instead of two.
    """
    body = doc.to_dict()
    body.pop("sentences", None)
    duplicate_of = body.pop("duplicate_of", None)
    body["simhash_bands"] = simhash_bands(doc.simhash)
    article, fp = _article_json_and_fingerprint(body)
    run_fields = orjson.dumps(
        {
            "duplicate_of": duplicate_of,
            "fingerprint": fp,
            "@timestamp": body["published_at"] or ctx.started_at,
            "ingest": {"run_id": ctx.run_id, "ingested_at": ctx.started_at, "pipeline_version": PIPELINE_VERSION},
        }
    )
    return fp, article[:-1] + b"," + run_fields[1:]


def file_sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


# -- discovery and planning --------------------------------------------------------------


def discover_files(
    settings: Settings,
    source_root: Path,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    include_undated: bool = True,
) -> Iterator[SourceFile | Quarantined]:
    """Files to process under ``source_root``, in a stable order (see :func:`etl.read.discover`)."""
    return discover(
        source_root, date_from=date_from, date_to=date_to, include_undated=include_undated, config=settings.read
    )


def plan_batches(items: Sequence[T], size_of: Callable[[T], int], batch_bytes: int, max_batches: int) -> list[list[T]]:
    """Group ``items`` in order into batches of about ``batch_bytes``; never more than ``max_batches``.

    When the corpus is larger than ``max_batches × batch_bytes`` the batches grow
    instead, so the number of mapped tasks stays well under Airflow's max_map_length.
    """
    total = sum(size_of(i) for i in items)
    target = max(batch_bytes, -(-total // max_batches))
    batches: list[list[T]] = []
    current: list[T] = []
    size = 0
    for item in items:
        if current and size + size_of(item) > target:
            batches.append(current)
            current, size = [], 0
        current.append(item)
        size += size_of(item)
    if current:
        batches.append(current)
    return batches


# -- processing (in worker processes) ----------------------------------------------------

_worker_ctx: RunContext | None = None


def _init_worker(ctx: RunContext) -> None:
    global _worker_ctx
    _worker_ctx = ctx


@dataclass(slots=True)
class ParsedFile:
    """A worker's answer for one file: unchanged, or its serialised documents and problems."""

    source: SourceFile
    unchanged: bool = False
    docs: list[tuple[str, str, str, int, bytes]] = field(default_factory=list)
    """(id, fingerprint, content_hash, simhash, serialised document)"""
    problems: list[Quarantined] = field(default_factory=list)
    quarantined: bool = False


def _parse_one(item: tuple[SourceFile, str | None]) -> ParsedFile:
    ctx = _worker_ctx
    assert ctx is not None, "worker not initialised"
    source, known_sha = item
    if known_sha is not None:
        try:
            if file_sha256(source.path) == known_sha:
                return ParsedFile(source, unchanged=True)
        except OSError:
            pass  # let the reader report it properly
    result = process_file(source, ctx.settings)
    parsed = ParsedFile(source, problems=result.problems, quarantined=result.quarantined)
    for doc in result.documents:
        fp, payload = serialise_document(doc, ctx)
        parsed.docs.append((doc.id, fp, doc.content_hash, doc.simhash, payload))
    return parsed


class Parser:
    """Runs :func:`_parse_one` in this process or in a pool of worker processes.

    With a pool, the process-wide tables every worker needs (the gazetteer and py3langid's
    model, ~0.1 s each from the start-up cache, ~0.4 s and ~0.5 s without it, the model needed by the first article
    that is not plainly English) are built once here before forking, so workers share
    them copy-on-write instead of each building its own. Results are bounded: at most :attr:`max_in_flight`
    files are submitted but not yet consumed, so when indexing is slower than parsing the
    parsed documents wait in the workers, not in this process's memory.
    """

    #: Files per task message. Each message costs the main process a round of pickling, pipe reads
    #: and thread hand-offs; at 4 files per message that overhead kept two workers on two cores at
    #: 0.9× one worker (BBC 10x), at 32 they reach 1.2×. Small inputs get smaller chunks so that
    #: every worker still gets a share.
    chunksize = 32

    def __init__(self, ctx: RunContext) -> None:
        self.ctx = ctx
        self._pool = None
        self._closing = False
        # Enough parsed files to keep the workers busy while a bulk request is in flight
        # (a chunk is ~500 documents), few enough to bound memory (~8 KB per BBC article).
        self.max_in_flight = max(1024, ctx.workers * self.chunksize * 8)
        if ctx.workers > 1:
            method = "fork" if os.name == "posix" else "spawn"
            if method == "fork":
                from etl.gazetteer import get_gazetteer
                from etl.language import preload as preload_language_model

                get_gazetteer()
                preload_language_model()
            mp = multiprocessing.get_context(method)
            self._pool = mp.Pool(ctx.workers, initializer=_init_worker, initargs=(ctx,))
        else:
            _init_worker(ctx)

    def map(self, items: list[tuple[SourceFile, str | None]]) -> Iterator[ParsedFile]:
        if self._pool is None:
            return map(_parse_one, items)
        slots = threading.BoundedSemaphore(self.max_in_flight)
        chunksize = max(1, min(self.chunksize, len(items) // (4 * self.ctx.workers)))
        return self._released(self._pool.imap(_parse_one, self._throttled(items, slots), chunksize), slots)

    def _throttled(self, items: Iterable[T], slots: threading.BoundedSemaphore) -> Iterator[T]:
        """Runs in the pool's task-feeding thread: waits for a free slot before handing out a file."""
        for item in items:
            while not slots.acquire(timeout=0.2):
                if self._closing:
                    return
            yield item

    @staticmethod
    def _released(results: Iterator[ParsedFile], slots: threading.BoundedSemaphore) -> Iterator[ParsedFile]:
        for parsed in results:
            slots.release()
            yield parsed

    def close(self) -> None:
        self._closing = True
        if self._pool is not None:
            self._pool.close()
            self._pool.join()
            self._pool = None

    def __enter__(self) -> Parser:
        return self

    def __exit__(self, *exc: object) -> None:
        self._closing = True
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None


# -- one batch ---------------------------------------------------------------------------


def _unavailable_on_connection_errors(fn: Callable[..., T]) -> Callable[..., T]:
    """Connection failures outside the bulk loader (state lookup, refresh, verification count)
    fail like the loader's: :class:`ElasticsearchUnavailable`, saying a re-run finishes the job."""

    @functools.wraps(fn)
    def wrapper(es: Any, ctx: RunContext, *args: Any, **kwargs: Any) -> T:
        from elasticsearch import ConnectionError as EsConnectionError, ConnectionTimeout
        from elastic_transport import TlsError

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


@_unavailable_on_connection_errors
def process_batch(
    es: Elasticsearch | None,
    ctx: RunContext,
    files: list[SourceFile],
    *,
    parser: Parser | None = None,
    detector: NearDuplicateDetector | None = None,
    progress: Callable[[int], None] | None = None,
) -> RunReport:
    """Process and index one batch of files; returns the batch's (balanced) report.

    Idempotent: running it again over the same files writes nothing. With ``es=None``
    or ``ctx.dry_run`` it parses and reports, writing nothing.
    """
    report = RunReport(ctx.run_id, source=str(ctx.source_root), dry_run=ctx.dry_run, index=ctx.index)
    t0 = time.perf_counter()
    dry = ctx.dry_run or es is None
    states: dict[str, PathState] = {} if dry else lookup(es, ctx.index, [f.rel_path for f in files])
    t_state = time.perf_counter()
    if detector is None:  # an empty detector is falsy (it has __len__), so no `or` here
        detector = NearDuplicateDetector(ctx.settings.enrich.near_duplicate_max_distance)
    own_parser = parser is None
    parser = parser or Parser(ctx)
    loader = None
    if not dry:
        loader = BulkLoader(es, ctx.index, ctx.settings.bulk, DeadLetterFile(ctx.run_dir / "deadletter.jsonl"))
    expected_paths: dict[str, int] = {}
    t_parse = 0.0
    try:
        items = []
        for f in files:
            st = states.get(f.rel_path)
            known = next(iter(st.sha256s)) if st and st.unchanged_file_candidate() else None
            items.append((f, known))
        t_p = time.perf_counter()
        for parsed in parser.map(items):
            t_parse += time.perf_counter() - t_p
            report.files_seen += 1
            report.bytes_read += parsed.source.size
            state = states.get(parsed.source.rel_path, PathState())
            if parsed.unchanged:
                report.files_unchanged += 1
                expected_paths[parsed.source.rel_path] = len(state.docs)
            else:
                for problem in parsed.problems:
                    report.note_problem(problem)
                if parsed.quarantined:
                    # A bad file keeps whatever was indexed from it before: never delete on a read error.
                    pass
                else:
                    report.files_parsed += 1
                    _index_file(parsed, state, report, loader, detector)
                    expected_paths[parsed.source.rel_path] = len(parsed.docs)
            if progress:
                progress(1)
            t_p = time.perf_counter()
        if loader is not None:
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
    finally:
        if own_parser:
            parser.close()
    report.timings_s = {
        "sync": round(t_state - t0, 4),
        "parse": round(t_parse, 4),
        "index": round(time.perf_counter() - t0 - t_parse - (t_state - t0), 4),
        "total": round(time.perf_counter() - t0, 4),
    }
    report.check()
    return report


def _index_file(
    parsed: ParsedFile,
    state: PathState,
    report: RunReport,
    loader: BulkLoader | None,
    detector: NearDuplicateDetector,
) -> None:
    seen_ids = set()
    for doc_id, fp, content_hash, simhash, payload in parsed.docs:
        seen_ids.add(doc_id)
        report.articles_parsed += 1
        # Copies seen earlier in this run are linked before the write, so the index-wide pass
        # after the run (etl.index.duplicates) only has to fix links across batches and runs.
        first = detector.check(doc_id, content_hash, simhash)
        if loader is None:
            # Dry run: nothing is written, so duplicates are counted here instead of in the index.
            report.duplicates += first is not None
            continue
        if state.docs.get(doc_id) == fp:
            report.unchanged += 1
            continue
        if first is not None:
            body = orjson.loads(payload)
            body["duplicate_of"] = first  # not part of the fingerprint: no change to the skip logic
            payload = orjson.dumps(body)
        loader.index_doc(doc_id, None, serialized=payload)
    if loader is not None:
        # Articles that disappeared from a changed file are deleted with it.
        for stale in sorted(set(state.docs) - seen_ids):
            loader.delete_doc(stale)


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


# -- a whole run -------------------------------------------------------------------------


def _batched_by_bytes(items: Iterable[SourceFile], batch_bytes: int, max_files: int = 2000) -> Iterator[list[SourceFile]]:
    batch: list[SourceFile] = []
    size = 0
    for item in items:
        batch.append(item)
        size += item.size
        if size >= batch_bytes or len(batch) >= max_files:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


class _LoadSettings:
    """Large full loads: refresh off and no replicas while loading; restored afterwards, on failure too."""

    def __init__(self, es: Elasticsearch, index: str, settings: Settings) -> None:
        self.es, self.index, self.cfg = es, index, settings.elasticsearch

    def __enter__(self) -> None:
        self.es.indices.put_settings(index=self.index, settings={"index": {"refresh_interval": "-1", "number_of_replicas": 0}})

    def __exit__(self, *exc: object) -> None:
        self.es.indices.put_settings(
            index=self.index,
            settings={"index": {"refresh_interval": self.cfg.refresh_interval, "number_of_replicas": self.cfg.replicas}},
        )


def run(
    es: Elasticsearch | None,
    settings: Settings,
    source_root: Path,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    include_undated: bool = True,
    full_sync: bool = False,
    force_delete: bool = False,
    dry_run: bool = False,
    workers: int = 1,
    index: str | None = None,
    bulk_load: bool = False,
    run_id: str | None = None,
    runs_dir: Path = DEFAULT_RUNS_DIR,
    progress: Callable[[int], None] | None = None,
) -> RunReport:
    """One ingest run over ``source_root`` (optionally one date range) into ``index`` (default: the alias).

    Streams: files are discovered lazily and processed batch by batch, so memory stays
    flat however large the corpus is. Raises :class:`ReportMismatch` when the numbers
    don't add up, after writing the report.
    """
    from etl.index.schema import IndexNames

    names = IndexNames.of(settings.elasticsearch)
    ctx = RunContext(
        settings=settings,
        source_root=source_root,
        run_id=run_id or new_run_id(),
        index=index or names.alias,
        dry_run=dry_run or es is None,
        runs_dir=runs_dir,
        workers=max(1, workers),
    )
    report = RunReport(
        ctx.run_id,
        source=str(source_root),
        mode="full_sync" if full_sync else "incremental",
        dry_run=ctx.dry_run,
        index=ctx.index,
        date_from=date_from.isoformat() if date_from else None,
        date_to=date_to.isoformat() if date_to else None,
        started_at=ctx.started_at,
    )
    t0 = time.perf_counter()
    detector = NearDuplicateDetector(settings.enrich.near_duplicate_max_distance)
    discovered = 0

    def files() -> Iterator[SourceFile]:
        nonlocal discovered
        for item in discover_files(
            settings, source_root, date_from=date_from, date_to=date_to, include_undated=include_undated
        ):
            if isinstance(item, Quarantined):
                report.files_seen += 1
                report.note_problem(item)
                if progress:
                    progress(1)
                continue
            discovered += 1
            yield item

    status = "failed"
    try:
        with Parser(ctx) as parser:
            load = _LoadSettings(es, ctx.index, settings) if (bulk_load and es is not None and not ctx.dry_run) else None
            if load:
                load.__enter__()
            try:
                for batch in _batched_by_bytes(files(), settings.airflow.batch_bytes):
                    report.merge(process_batch(es, ctx, batch, parser=parser, detector=detector, progress=progress))
            finally:
                if load:
                    load.__exit__(None, None, None)
            parser.close()
        if not ctx.dry_run and es is not None:
            report.duplicates += link_duplicates(
                es,
                ctx.index,
                ctx.run_id,
                settings.enrich.near_duplicate_max_distance,
                loader_factory=lambda: BulkLoader(
                    es, ctx.index, settings.bulk, DeadLetterFile(ctx.run_dir / "duplicate-links-deadletter.jsonl")
                ),
            ).duplicates
        if full_sync and not ctx.dry_run and es is not None:
            report.deleted += delete_vanished(
                es, ctx, discovered=discovered, date_from=date_from, date_to=date_to, force=force_delete
            )
        report.timings_s["total"] = round(time.perf_counter() - t0, 4)
        report.check()
        status = "succeeded"
        return report
    finally:
        report.timings_s["total"] = round(time.perf_counter() - t0, 4)
        report.finish(status)
        publish_report(es, ctx, report)


@_unavailable_on_connection_errors
def delete_vanished(
    es: Elasticsearch,
    ctx: RunContext,
    *,
    discovered: int,
    date_from: date | None = None,
    date_to: date | None = None,
    force: bool = False,
) -> int:
    """Full sync: delete documents whose source file is gone; return how many were deleted.

    Safe by construction: nothing is deleted when the source root is missing or yielded
    no files (an unmounted share looks exactly like that), and never more than
    ``sync.max_delete_fraction`` of the index unless ``force``.
    """
    from etl.sources import partition_date_of

    if not ctx.source_root.exists() or discovered == 0:
        raise DeletionRefused(
            f"full sync refused: the source {ctx.source_root} is missing or holds no files; "
            "nothing was deleted (if it is really empty, delete the index instead)"
        )
    gone: list[str] = []
    for path in indexed_paths(es, ctx.index):
        if date_from or date_to:
            pdate = partition_date_of(path)
            if pdate is None or (date_from and pdate < date_from) or (date_to and pdate > date_to):
                continue
        if not (ctx.source_root / path).exists():
            gone.append(path)
    if not gone:
        return 0
    states = lookup(es, ctx.index, gone)
    doomed = sorted(doc_id for st in states.values() for doc_id in st.docs)
    total = es.count(index=ctx.index)["count"]
    limit = ctx.settings.sync.max_delete_fraction
    if total and len(doomed) / total > limit and not force:
        raise DeletionRefused(
            f"full sync would delete {len(doomed)} of {total} documents ({len(doomed) / total:.0%}), more than "
            f"sync.max_delete_fraction={limit:.0%}; nothing was deleted. Re-run with --force-delete if that is intended"
        )
    loader = BulkLoader(es, ctx.index, ctx.settings.bulk, DeadLetterFile(ctx.run_dir / "deadletter.jsonl"))
    for doc_id in doomed:
        loader.delete_doc(doc_id)
    stats = loader.close()
    es.indices.refresh(index=ctx.index)
    return stats.deleted


def publish_report(es: Elasticsearch | None, ctx: RunContext, report: RunReport) -> Path:
    """Write the report under the run's folder and index it into ``<prefix>-runs`` (best effort)."""
    from etl.index.schema import IndexNames

    path = report.write(ctx.run_dir / "report.json")
    if es is not None and not ctx.dry_run:
        try:
            es.index(index=IndexNames.of(ctx.settings.elasticsearch).runs, id=report.run_id, document=report.to_es_doc())
        except Exception as exc:  # noqa: BLE001 - the report on disk is the record; ES may be the thing that failed
            log.warning("could not index the run report into Elasticsearch: %s (it is at %s)", exc, path)
    return path
