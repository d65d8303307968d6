"""The pipeline, top to bottom: read → clean → segment → enrich → index.

For one file, :func:`process_file` is the first four stages::

    for unit in read_units(source):               # etl.read     a file → its units (one per file or JSON record)
        cleaned = clean(unit)                     # etl.clean    HTML → article text, metadata merged, text normalised
        for article in segment(cleaned):          # etl.segment  a unit → its articles
            documents.append(enrich(article))     # etl.enrich   the indexed Document: entities, keywords, hashes

The fifth stage is the runner's, batch by batch (:func:`etl.runner.process_batch`, for
``etl run`` and the DAG alike): the documents are serialised and written through
:class:`etl.index.bulk.BulkLoader`, skipping the unchanged ones, then counted back.
"""

from __future__ import annotations

import functools
import logging
import os
import signal
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from etl.clean import clean
from etl.enrich import enrich
from etl.errors import QuarantineError, SourceUnavailable
from etl.models import Document, Quarantined, SourceFile
from etl.read import read_units
from etl.segment import segment

if TYPE_CHECKING:  # annotations only: importing etl.config loads pydantic (etl.stage_config)
    from multiprocessing.pool import Pool

    from etl.config import Settings

log = logging.getLogger(__name__)


@dataclass(slots=True)
class FileResult:
    """Everything one source file produced: its documents, or why it (or some records) failed."""

    source: SourceFile
    documents: list[Document] = field(default_factory=list)
    problems: list[Quarantined] = field(default_factory=list)

    @property
    def quarantined(self) -> bool:
        """The whole file failed (its earlier documents, if any, were discarded)."""
        return any(p.whole_file for p in self.problems)


def process_file(source: SourceFile, settings: Settings, *, with_sentences: bool = False) -> FileResult:
    """Run one file through read → clean → segment → enrich; never raises for bad input
    (only :class:`SourceUnavailable`, when the object store holding it does not answer).

    A file is all or nothing: if it fails part-way, none of its documents are kept,
    so a half-read file never replaces good documents in the index. One bad record
    of a JSON/JSONL file only costs that record.
    """
    result = FileResult(source)
    try:
        for unit in read_units(source, settings.read):
            if isinstance(unit, Quarantined):
                result.problems.append(unit)
                continue
            try:
                cleaned = clean(unit)
                for article in segment(cleaned, settings.segment):
                    result.documents.append(enrich(article, settings.enrich, with_sentences=with_sentences))
            except QuarantineError as exc:
                if unit.record_index is None:
                    raise
                result.problems.append(
                    Quarantined(source.rel_path, exc.reason, exc.detail, f"record {unit.record_index}", whole_file=False)
                )
    except QuarantineError as exc:
        return _whole_file_failed(source, exc.reason, exc.detail)
    except SourceUnavailable:
        raise  # the object store is down, not this file: the run fails and is re-run
    except RecursionError:
        return _whole_file_failed(source, "too_deeply_nested", "structure nested too deeply to process")
    except MemoryError:
        return _whole_file_failed(source, "out_of_memory", "the file needs more memory than allowed")
    except Exception as exc:  # noqa: BLE001 - a bug on one file must not stop the run
        log.exception("unexpected error processing %s", source.rel_path)
        return _whole_file_failed(
            source, "processing_error", f"{type(exc).__name__}: {exc} (a bug; please report it with this file)"
        )
    return result


def _whole_file_failed(source: SourceFile, reason: str, detail: str) -> FileResult:
    return FileResult(source, [], [Quarantined(source.rel_path, reason, detail)])


def parser_pool(workers: int, initializer: Callable[..., None] | None = None, initargs: tuple = ()) -> Pool:
    """A pool of ``workers`` processes that run :func:`process_file` (``etl run``'s
    :class:`etl.runner.Parser` and ``etl parse`` both use it).

    * The process-wide tables every worker needs (the gazetteer, ~0.1 s from the start-up cache,
      ~0.4 s without it; py3langid's model, memory-mapped from the cache in ~0.02 s, ~0.5 s
      without it) are loaded here before forking, so the workers share them instead of each
      loading its own.
    * ``Pool.terminate()`` ends workers with SIGTERM. A forked worker inherits its parent's handler,
      and inside an Airflow task that is the task runner's, which ignores SIGTERM in forked children:
      a terminated pool would then wait for its workers forever. So workers (and the pool's threads,
      which fork replacements) start with SIGTERM blocked, and each worker sets it back to its default
      before unblocking it: a SIGTERM sent before that — a pool terminated right after it started —
      stays pending and kills the worker on the unblock instead of reaching the inherited handler.
    """
    import multiprocessing  # here, not at import: a run of a few files makes no pool (~5 ms of start-up)

    method = "fork" if os.name == "posix" else "spawn"
    if method == "fork":
        from etl.enrich.gazetteer import get_gazetteer
        from etl.enrich.language import preload as preload_language_model

        get_gazetteer()
        preload_language_model()
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
    try:
        return _quiet_pool_class()(
            workers,
            initializer=_start_worker,
            initargs=(initializer, initargs),
            context=multiprocessing.get_context(method),
        )
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


@functools.cache
def _quiet_pool_class() -> type[Pool]:
    """``multiprocessing.pool.Pool`` whose worker-handler thread sleeps while results wait.

    CPython's handler waits on the workers' sentinels, its change notifier *and the result pipe*:
    from the moment a result is written until the result thread has read it, the pipe stays
    readable and the handler loops (a ``waitpid`` per worker and a new ``wait`` each time). That
    was ~0.3 CPU-s of ``etl parse`` over BBC 1x and ~1.4 CPU-s per 25,000 stories of ``etl run``,
    measured per thread from ``/proc``. The handler has nothing to do with results: a worker that
    exits wakes it through its sentinel, ``close``/``terminate`` and an emptied cache through the
    notifier (what ``ThreadPool`` waits on too), so it waits on those alone.
    """
    from multiprocessing.pool import Pool

    class QuietPool(Pool):
        def _get_sentinels(self) -> list:
            return [self._change_notifier._reader]

    return QuietPool


def _start_worker(initializer: Callable[..., None] | None, initargs: tuple) -> None:
    """A :func:`parser_pool` worker: SIGTERM back to its default, unblocked, then ``initializer``."""
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    if initializer is not None:
        initializer(*initargs)
