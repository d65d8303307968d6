"""A whole run of ``etl run``: plan, discover, batches one after another, finish, report.

The DAG runs the same steps as tasks (:mod:`etl.airflow.tasks`); both build their plan with
:func:`etl.runner.plan.new_plan`, cut batches with :func:`etl.runner.plan.batches` and end
with :func:`etl.runner.finish.finish_run` and :func:`etl.runner.finish.publish_report`.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from etl.config import Settings
from etl.enrich.dedup import NearDuplicateDetector
from etl.index.duplicates import RunOriginals
from etl.models import Quarantined, SourceFile
from etl.runner.batch import StartedBatch, process_batch, start_batch
from etl.runner.context import DEFAULT_RUNS_DIR
from etl.runner.finish import (
    finish_run,
    new_report,
    note_discovery_problem,
    publish_report,
)
from etl.runner.load_settings import LoadSettings, restore_left_off
from etl.runner.parser import Parser
from etl.runner.plan import (
    MAX_BATCH_FILES,
    DiscoveryCounts,
    batches,
    discover_counted,
    new_plan,
)
from etl.runner.report import RunReport

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

log = logging.getLogger(__name__)


#: Refresh off for big ``etl run`` loads. The threshold is one full batch: a run whose files
#: did not fit in one batch (``airflow.batch_bytes``, default 20 MB, or :data:`MAX_BATCH_FILES`
#: files) loads every batch after the first with refresh off. So a run of one batch — the usual
#: incremental run — never touches the index settings, and only loads that take several batches
#: save the 1 s refreshes (each a new segment to merge later). The per-batch verification
#: refreshes explicitly, so what a batch wrote is visible before the next batch starts either way.
REFRESH_OFF_AFTER_BATCHES = 1


def run(
    es: Elasticsearch | None,
    settings: Settings,
    source_root: Path | str,
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

    ``source_root`` is a local folder or an object-storage URL (``s3://bucket/prefix``, a ``str``).

    Streams: files are discovered lazily and processed batch by batch, so memory stays
    flat however large the corpus is. Raises :class:`ReportMismatch` when the numbers
    don't add up, after writing the report.
    """
    plan = new_plan(
        settings,
        source_root,
        run_id=run_id,
        date_from=date_from,
        date_to=date_to,
        include_undated=include_undated,
        full_sync=full_sync,
        dry_run=dry_run or es is None,
        index=index,
    )
    ctx = plan.context(settings, runs_dir=runs_dir, workers=workers)
    report = new_report(plan, started_at=ctx.started_at)
    t0 = time.perf_counter()
    detector = NearDuplicateDetector(settings.enrich.near_duplicate_max_distance)
    originals = RunOriginals()  # the batches' links without lookups while the run wrote all the index holds
    counts = DiscoveryCounts()

    def files() -> Iterator[SourceFile]:
        for item in discover_counted(settings, plan, counts):
            if isinstance(item, Quarantined):
                note_discovery_problem(report, item)
                if progress:
                    progress(1)
                continue
            yield item

    status = "failed"
    try:
        writes = es is not None and not ctx.dry_run
        if writes:
            restore_left_off(es, ctx.index, settings)
        with Parser(ctx) as parser:
            load = LoadSettings(es, ctx.index, settings).off() if (bulk_load and writes) else None
            try:
                cut = iter(batches(files(), settings.airflow.batch_bytes, max_files=MAX_BATCH_FILES))
                following: list[StartedBatch] = []

                def start_next() -> None:
                    # The next batch's lookup and parsing start before this one's tail (start_batch).
                    if not following and (nxt := next(cut, None)) is not None:
                        following.append(start_batch(es, ctx, nxt, parser))

                start_next()
                n = 0
                while following:
                    current = following.pop()
                    if load is None and writes and n >= REFRESH_OFF_AFTER_BATCHES:
                        # A live alias keeps its replicas: only refresh goes off.
                        load = LoadSettings(es, ctx.index, settings, replicas=False).off()
                    report.merge(process_batch(es, ctx, current.files, parser=parser, detector=detector, progress=progress,
                                               started=current, before_tail=start_next, originals=originals))  # fmt: skip
                    start_next()  # no-op when the batch already did
                    n += 1
            finally:
                if load:
                    load.restore()
            parser.close()
        finish_run(es, settings, plan.with_discovery(counts), report, runs_dir=runs_dir, force_delete=force_delete)
        report.timings_s["total"] = round(time.perf_counter() - t0, 4)
        status = "succeeded"
        return report
    finally:
        report.timings_s["total"] = round(time.perf_counter() - t0, 4)
        report.finish(status)
        publish_report(es, settings, report, path=ctx.run_dir / "report.json")
