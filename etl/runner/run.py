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
from etl.models import Quarantined, SourceFile
from etl.runner.batch import StartedBatch, process_batch, start_batch
from etl.runner.context import DEFAULT_RUNS_DIR
from etl.runner.finish import (
    finish_run,
    new_report,
    note_discovery_problem,
    publish_report,
)
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


class _LoadSettings:
    """Refresh off while loading (and, for ``bulk_load``, no replicas); restored afterwards, on
    failure and Ctrl-C too. A crash (kill -9, a lost machine) can leave it off: the next run
    restores it first (:func:`restore_load_settings`)."""

    def __init__(self, es: Elasticsearch, index: str, settings: Settings, *, replicas: bool = True) -> None:
        self.es, self.index, self.cfg, self.replicas = es, index, settings.elasticsearch, replicas

    def _put(self, refresh: str, replicas: int) -> None:
        body: dict[str, object] = {"refresh_interval": refresh}
        if self.replicas:
            body["number_of_replicas"] = replicas
        self.es.indices.put_settings(index=self.index, settings={"index": body})

    def __enter__(self) -> _LoadSettings:
        self._put("-1", 0)
        return self

    def __exit__(self, *exc: object) -> None:
        self._put(self.cfg.refresh_interval, self.cfg.replicas)


def restore_load_settings(es: Elasticsearch, index: str, settings: Settings) -> bool:
    """Put back the configured refresh interval and replicas of ``index`` when a crashed load
    left refresh off; True when it did. A run loading into the same index at the same moment
    gets refresh back on for the rest of its load: slower, never wrong."""
    cfg = settings.elasticsearch
    found = es.options(ignore_status=404).indices.get_settings(index=index, name="index.refresh_interval", flat_settings=True).body
    left_off = [name for name, v in found.items() if isinstance(v, dict) and v.get("settings", {}).get("index.refresh_interval") == "-1"]
    if not left_off or cfg.refresh_interval == "-1":
        return False
    log.warning("refresh was left off on %s by an interrupted load; restoring %s", ",".join(left_off), cfg.refresh_interval)
    es.indices.put_settings(
        index=",".join(left_off), settings={"index": {"refresh_interval": cfg.refresh_interval, "number_of_replicas": cfg.replicas}}
    )
    return True


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
            restore_load_settings(es, ctx.index, settings)
        with Parser(ctx) as parser:
            load = _LoadSettings(es, ctx.index, settings).__enter__() if (bulk_load and writes) else None
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
                        load = _LoadSettings(es, ctx.index, settings, replicas=False).__enter__()
                    report.merge(process_batch(es, ctx, current.files, parser=parser, detector=detector, progress=progress,
                                               started=current, before_tail=start_next))  # fmt: skip
                    start_next()  # no-op when the batch already did
                    n += 1
            finally:
                if load:
                    load.__exit__(None, None, None)
            parser.close()
        finish_run(es, settings, plan.with_discovery(counts), report, runs_dir=runs_dir, force_delete=force_delete)
        report.timings_s["total"] = round(time.perf_counter() - t0, 4)
        status = "succeeded"
        return report
    finally:
        report.timings_s["total"] = round(time.perf_counter() - t0, 4)
        report.finish(status)
        publish_report(es, settings, report, path=ctx.run_dir / "report.json")
