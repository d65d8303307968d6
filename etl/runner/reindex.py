"""A reindex filled from the source files: ``etl index reindex --source`` and the ``reindex_articles`` DAG.

The steps are in :mod:`etl.index.manage` (start → fill → verify → swap); this module is the
fill step that runs the pipeline (:func:`etl.runner.run`) into the new index, and the one
call that chains the four for the CLI.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from etl.config import Settings
from etl.index import manage
from etl.runner.run import run

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch


def fill_from_source(
    es: Elasticsearch, settings: Settings, source: Path | str, new_index: str, *, run_id: str | None = None, workers: int = 1
) -> manage.Filled:
    """Reindex, step 2: one run over the whole of ``source`` into ``new_index`` (refresh off while loading)."""
    report = run(es, settings, source, index=new_index, bulk_load=True, run_id=run_id, workers=workers)
    # in_index, not indexed + unchanged: a retried fill finds its files unchanged and parses none of them.
    return manage.Filled(report.in_index, report.dead_lettered, report.run_id)


def reindex_from_source(
    es: Elasticsearch, settings: Settings, source: Path | str, *, verify_queries: tuple[str, ...] = (), workers: int = 1
) -> dict[str, Any]:
    """The four steps in one call: a new index filled from ``source``, verified, behind the alias."""
    return manage.reindex(
        es,
        settings.elasticsearch,
        fill=lambda new_index: fill_from_source(es, settings, source, new_index, workers=workers),
        verify_queries=verify_queries,
    )
