"""A whole run of ``etl run``: plan, discover, batches one after another, finish, report.

The DAG runs the same steps as tasks (:mod:`etl.airflow.tasks`); both build their plan with
:func:`etl.runner.plan.new_plan`, cut batches with :func:`etl.runner.plan.batches` and end
with :func:`etl.runner.finish.finish_run` and :func:`etl.runner.finish.publish_report`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from etl.config import Settings
from etl.enrich.dedup import NearDuplicateDetector
from etl.models import Quarantined, SourceFile
from etl.runner.batch import process_batch
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
        with Parser(ctx) as parser:
            load = _LoadSettings(es, ctx.index, settings) if (bulk_load and es is not None and not ctx.dry_run) else None
            if load:
                load.__enter__()
            try:
                for batch in batches(files(), settings.airflow.batch_bytes, max_files=MAX_BATCH_FILES):
                    report.merge(process_batch(es, ctx, batch, parser=parser, detector=detector, progress=progress))
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
