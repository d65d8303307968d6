"""What a run will do (:class:`RunPlan`), the files it finds, and how they are cut into batches.

``etl run`` and the ``ingest_articles`` DAG build their plan with :func:`new_plan`, count
what discovery finds with :func:`discover_counted` and cut it into batches with
:func:`batches`. The plan is a frozen dataclass that goes through XCom as
:meth:`RunPlan.to_dict` and comes back with :meth:`RunPlan.from_dict`.

Memory contract of the batcher
------------------------------
:func:`batches` is a generator over an iterable of files (a discovery walk, or the DAG's
manifest read line by line from staging). It holds **one batch** of records at a time,
never the corpus: a batch is closed as soon as it reaches ``target_bytes`` or
``max_files`` files, so it holds less than ``target_bytes`` plus one file, and at most
``max_files`` records. Every batch but the last reaches ``target_bytes`` (or
``max_files``), which bounds how many there are:

* ``etl run`` uses ``airflow.batch_bytes`` and :data:`MAX_BATCH_FILES` (the cap keeps a
  batch of tiny files from holding many thousands of records and documents);
* the DAG's plan task knows the total from discovery (:attr:`RunPlan.total_bytes`) and
  passes :func:`batch_target`, which grows the batches so that there are never more than
  ``airflow.max_batches`` mapped tasks (no file cap there: it could break that bound).
  It writes each batch's manifest to staging as soon as the batch is yielded.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

from etl.config import Settings
from etl.models import Quarantined, SourceFile
from etl.read import discover
from etl.read.objects import source_location
from etl.runner.context import DEFAULT_RUNS_DIR, RunContext, new_run_id

T = TypeVar("T")

#: ``etl run``'s cap on the files of one batch.
MAX_BATCH_FILES = 2000


# -- the plan ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RunPlan:
    """One run: where it reads, which partition, how it writes, and what discovery found.

    JSON-able through :meth:`to_dict` / :meth:`from_dict` (XCom carries it between the DAG's
    tasks). The discovery counts are 0 until :meth:`with_discovery` fills them in: a plan
    that was never counted refuses full-sync deletions and fails the files-seen check.
    """

    run_id: str
    source: Path | str
    """A local folder, or an object-storage URL (``s3://bucket/prefix``, :mod:`etl.read.objects`)."""
    index: str
    """Where documents are written: the alias, or a new concrete index for a reindex."""
    dag_run_id: str | None = None
    staging: str | None = None
    """The DAG run's staging folder (an ``ObjectStoragePath`` URL); ``None`` for ``etl run``."""
    date_from: date | None = None
    date_to: date | None = None
    include_undated: bool = True
    full_sync: bool = False
    reindex: bool = False
    """The ingest DAG's ``reindex`` param: fill a new index, swap the alias when published."""
    dry_run: bool = False
    files: int = 0
    """Readable files discovery found."""
    problems: int = 0
    """Files discovery quarantined (unreadable, symlink outside the root, …)."""
    total_bytes: int = 0
    """Bytes of the readable files."""

    @property
    def mode(self) -> str:
        return "reindex" if self.reindex else ("full_sync" if self.full_sync else "incremental")

    def context(self, settings: Settings, *, runs_dir: Path = DEFAULT_RUNS_DIR, workers: int = 1) -> RunContext:
        """What every batch of this run needs."""
        return RunContext(
            settings=settings,
            source_root=self.source,
            run_id=self.run_id,
            index=self.index,
            dry_run=self.dry_run,
            runs_dir=runs_dir,
            workers=max(1, workers),
        )

    def with_discovery(self, counts: DiscoveryCounts) -> RunPlan:
        return dataclasses.replace(self, files=counts.files, problems=counts.problems, total_bytes=counts.bytes)

    def to_dict(self) -> dict[str, Any]:
        data = dataclasses.asdict(self)
        data["source"] = str(self.source)
        for name in ("date_from", "date_to"):
            data[name] = data[name].isoformat() if data[name] else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunPlan:
        known = {f.name for f in dataclasses.fields(cls)}
        values = {k: v for k, v in data.items() if k in known}
        values["source"] = source_location(values["source"])
        for name in ("date_from", "date_to"):
            if values.get(name):
                values[name] = date.fromisoformat(values[name])
        return cls(**values)


def new_plan(
    settings: Settings, source: Path | str, *, run_id: str | None = None, index: str | None = None, **fields: Any
) -> RunPlan:
    """The plan of a run, before discovery: ``index`` defaults to the alias, ``run_id`` to a new id.

    ``fields`` are the plan's other fields (``dag_run_id``, ``date_from``, ``full_sync``, …).
    """
    from etl.index.schema import IndexNames

    return RunPlan(
        run_id=run_id or new_run_id(), source=source, index=index or IndexNames.of(settings.elasticsearch).alias, **fields
    )


# -- discovery ---------------------------------------------------------------------------


def discover_files(
    settings: Settings,
    source_root: Path | str,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    include_undated: bool = True,
) -> Iterator[SourceFile | Quarantined]:
    """Files to process under ``source_root``, in a stable order (see :func:`etl.read.discover`)."""
    return discover(
        source_root, date_from=date_from, date_to=date_to, include_undated=include_undated, config=settings.read
    )


@dataclass
class DiscoveryCounts:
    files: int = 0
    problems: int = 0
    bytes: int = 0


def discover_counted(settings: Settings, plan: RunPlan, counts: DiscoveryCounts) -> Iterator[SourceFile | Quarantined]:
    """The plan's files (its source and partition), counted into ``counts`` as they stream by."""
    for item in discover_files(
        settings, plan.source, date_from=plan.date_from, date_to=plan.date_to, include_undated=plan.include_undated
    ):
        if isinstance(item, Quarantined):
            counts.problems += 1
        else:
            counts.files += 1
            counts.bytes += item.size
        yield item


# -- batches -----------------------------------------------------------------------------


def _size(item: SourceFile) -> int:
    return item.size


def batches(
    items: Iterable[T],
    target_bytes: int,
    *,
    size_of: Callable[[T], int] = _size,  # type: ignore[assignment]
    max_files: int | None = None,
) -> Iterator[list[T]]:
    """Group ``items`` in order into batches of ``target_bytes`` (and at most ``max_files``); streaming.

    A batch is yielded as soon as it reaches ``target_bytes`` or ``max_files``, so only one
    batch is ever held (see the module's memory contract). A file larger than the target is
    a batch of its own; no empty batch is yielded.
    """
    batch: list[T] = []
    size = 0
    for item in items:
        batch.append(item)
        size += size_of(item)
        if size >= target_bytes or (max_files is not None and len(batch) >= max_files):
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def batch_target(total_bytes: int, batch_bytes: int, max_batches: int) -> int:
    """The batch size that keeps the number of batches of ``total_bytes`` at ``max_batches`` or fewer."""
    return max(batch_bytes, -(-total_bytes // max_batches))


def plan_batches(items: Sequence[T], size_of: Callable[[T], int], batch_bytes: int, max_batches: int) -> list[list[T]]:
    """All batches of ``items`` at once, never more than ``max_batches`` (:func:`batches` with :func:`batch_target`)."""
    target = batch_target(sum(size_of(i) for i in items), batch_bytes, max_batches)
    return list(batches(items, target, size_of=size_of))
