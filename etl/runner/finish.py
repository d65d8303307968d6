"""The end of a run, for ``etl run`` and the DAG's reconcile/report tasks alike.

:func:`new_report` starts the run's report from its plan; the batch reports are merged
into it (:meth:`RunReport.merge`); :func:`finish_run` then checks it against discovery,
applies full-sync deletions and checks that the report adds up (duplicate links are decided
batch by batch, :mod:`etl.runner.batch`; there is no index-wide pass here);
:func:`publish_report` writes it to disk and indexes it into ``<prefix>-runs``.

A run id can come back: an Airflow DAG run that is cleared runs again under the same id, over the
report its earlier try left. :func:`mark_undecided` turns that report's status back to ``running``
before the run writes anything, because the link step trusts the documents of a run whose report
says ``succeeded`` (``etl.runner.batch._undecided``); only the run's own report, written at its
end, makes it decided again.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from etl.config import Settings
from etl.errors import DeletionRefused, ReportMismatch
from etl.index.bulk import BulkLoader, DeadLetterFile
from etl.index.sync import indexed_paths, lookup
from etl.models import Quarantined
from etl.runner.batch import _unavailable_on_connection_errors
from etl.runner.context import DEFAULT_RUNS_DIR, RunContext
from etl.runner.plan import RunPlan
from etl.runner.report import RunReport

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

log = logging.getLogger(__name__)

def new_report(plan: RunPlan, *, started_at: str | None = None) -> RunReport:
    """The run's (empty) report: what the plan says about the run, counters at zero."""
    report = RunReport(
        plan.run_id,
        source=str(plan.source),
        mode=plan.mode,
        dry_run=plan.dry_run,
        index=plan.index,
        date_from=plan.date_from.isoformat() if plan.date_from else None,
        date_to=plan.date_to.isoformat() if plan.date_to else None,
        dag_run_id=plan.dag_run_id,
    )
    if started_at:
        report.started_at = started_at
    return report


def note_discovery_problem(report: RunReport, problem: Quarantined) -> None:
    """A file that discovery quarantined is seen (and quarantined) without reaching a batch."""
    report.files_seen += 1
    report.note_problem(problem)


def finish_run(
    es: Elasticsearch | None,
    settings: Settings,
    plan: RunPlan,
    report: RunReport,
    *,
    runs_dir: Path = DEFAULT_RUNS_DIR,
    force_delete: bool = False,
) -> RunReport:
    """After the batches: check against discovery, full-sync deletions, check the sums.

    ``report`` holds the merged batch reports and the discovery problems. Raises
    :class:`ReportMismatch` when the batches did not see every file discovery found or the
    numbers do not add up, and :class:`DeletionRefused` when a full sync looks unsafe.
    With ``es=None`` or a dry run, nothing is written.
    """
    discovered = plan.files + plan.problems
    if report.files_seen != discovered:
        where = f"the batch reports in {plan.staging}" if plan.staging else f"the run's folder {runs_dir / plan.run_id}"
        raise ReportMismatch(
            f"run {plan.run_id}: the batches saw {report.files_seen} files but discovery found {discovered}; "
            f"read {where} and re-run the partition (idempotent)"
        )
    if es is not None and not plan.dry_run:
        ctx = plan.context(settings, runs_dir=runs_dir)
        if plan.full_sync:
            report.deleted += delete_vanished(
                es, ctx, discovered=plan.files, date_from=plan.date_from, date_to=plan.date_to, force=force_delete
            )
    report.check()
    return report


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
    ``sync.max_delete_fraction`` of the index unless ``force``. On object storage a path is gone
    when the store answers 404 for its key (:func:`etl.read.objects.gone_paths`).
    """
    from etl.read.objects import gone_paths, is_object_url
    from etl.read.sources import partition_date_of

    on_object_store = is_object_url(ctx.source_root)
    if discovered == 0 or not (on_object_store or ctx.source_root.exists()):
        raise DeletionRefused(
            f"full sync refused: the source {ctx.source_root} is missing or holds no files; "
            "nothing was deleted (if it is really empty, delete the index instead)"
        )

    def candidates() -> Iterator[str]:
        for path in indexed_paths(es, ctx.index):
            if date_from or date_to:
                pdate = partition_date_of(path)
                if pdate is None or (date_from and pdate < date_from) or (date_to and pdate > date_to):
                    continue
            yield path

    if on_object_store:
        gone = list(gone_paths(ctx.source_root, candidates(), date_from=date_from, date_to=date_to))
    else:
        gone = [path for path in candidates() if not (ctx.source_root / path).exists()]
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


def mark_undecided(es: Elasticsearch, settings: Settings, run_id: str) -> None:
    """The report of ``run_id`` in ``<prefix>-runs``, if there is one, says ``running`` again: the run
    is about to write, so the documents it wrote before (under the same id, e.g. a cleared and re-run
    Airflow DAG run) are no longer known to carry decided links until it succeeds again. One partial
    update; nothing to do (404) when the run never reported."""
    from etl.index.schema import IndexNames

    runs = IndexNames.of(settings.elasticsearch).runs
    es.options(ignore_status=404).update(index=runs, id=run_id, doc={"status": "running"}, retry_on_conflict=3)


def publish_report(
    es: Elasticsearch | None,
    settings: Settings,
    report: RunReport,
    *,
    path: Path | None = None,
    best_effort: bool = True,
) -> None:
    """Write the report to ``path`` (if given) and index it into ``<prefix>-runs`` (not for dry runs).

    ``best_effort``: a failure to index is logged, not raised (``etl run`` publishes the report
    of a run that failed, perhaps because Elasticsearch did; the file on disk is the record).
    The DAG's report task passes ``False`` so that the task fails and is retried.
    """
    from etl.index.schema import IndexNames

    if path is not None:
        report.write(path)
    if es is None or report.dry_run:
        return
    try:
        es.index(index=IndexNames.of(settings.elasticsearch).runs, id=report.run_id, document=report.to_es_doc())
    except Exception as exc:  # noqa: BLE001 - see best_effort
        if not best_effort:
            raise
        log.warning("could not index the run report into Elasticsearch: %s (it is at %s)", exc, path)
