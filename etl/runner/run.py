"""A whole run: discovery, batching, duplicate linking, full-sync deletions and the report."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from etl.config import Settings
from etl.enrich.dedup import NearDuplicateDetector
from etl.errors import DeletionRefused
from etl.index.bulk import BulkLoader, DeadLetterFile
from etl.index.duplicates import link_duplicates
from etl.index.sync import indexed_paths, lookup
from etl.models import Quarantined, SourceFile
from etl.read import discover
from etl.runner.batch import _unavailable_on_connection_errors, process_batch
from etl.runner.context import DEFAULT_RUNS_DIR, RunContext, new_run_id
from etl.runner.parser import Parser
from etl.runner.report import RunReport

T = TypeVar("T")

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

log = logging.getLogger(__name__)

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
    from etl.read.sources import partition_date_of

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
