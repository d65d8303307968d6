"""The parser pool: read → clean → segment → enrich for many files, in this process or in workers."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TypeVar

from etl.models import Quarantined, SourceFile
from etl.pipeline import parser_pool, process_file
from etl.runner.context import RunContext
from etl.runner.documents import change_key, serialise_document

T = TypeVar("T")

log = logging.getLogger(__name__)

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
    docs: list[tuple[str, str, str, int, int, bytes]] = field(default_factory=list)
    """(id, fingerprint, content_hash, simhash, article index, serialised document)"""
    problems: list[Quarantined] = field(default_factory=list)
    quarantined: bool = False


def _parse_one(item: tuple[SourceFile, str | None]) -> ParsedFile:
    ctx = _worker_ctx
    assert ctx is not None, "worker not initialised"
    source, known_sha = item
    if known_sha is not None:
        try:
            if change_key(source) == known_sha:
                return ParsedFile(source, unchanged=True)
        except OSError:
            pass  # let the reader report it properly
    result = process_file(source, ctx.settings)
    parsed = ParsedFile(source, problems=result.problems, quarantined=result.quarantined)
    for doc in result.documents:
        fp, payload = serialise_document(doc, ctx)
        parsed.docs.append((doc.id, fp, doc.content_hash, doc.simhash, doc.article_index, payload))
    return parsed


def _parse_in_worker(item: tuple[SourceFile, str | None]) -> tuple[bool, list, list[Quarantined], bool]:
    """:func:`_parse_one` in a pool worker, answered without its :class:`SourceFile`: the parent
    has it (results come back in order), and unpickling the path, date and dataclass of every
    file was most of the result thread's ~9 µs per wire story."""
    parsed = _parse_one(item)
    return parsed.unchanged, parsed.docs, parsed.problems, parsed.quarantined


class Parser:
    """Runs :func:`_parse_one` in this process or in a pool of worker processes
    (:func:`etl.pipeline.parser_pool`: tables built before forking, SIGTERM-safe workers).
    Results are bounded: at most :attr:`max_in_flight` files are submitted but not yet consumed,
    so when indexing is slower than parsing the parsed documents wait in the workers, not in this
    process's memory.
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
            self._pool = parser_pool(ctx.workers, _init_worker, (ctx,))
        else:
            _init_worker(ctx)

    def map(self, items: list[tuple[SourceFile, str | None]]) -> Iterator[ParsedFile]:
        if self._pool is None:
            return map(_parse_one, items)
        slots = threading.BoundedSemaphore(self.max_in_flight)
        chunksize = max(1, min(self.chunksize, len(items) // (4 * self.ctx.workers)))
        results = self._pool.imap(_parse_in_worker, self._throttled(items, slots), chunksize)
        return self._released(items, results, slots)

    def _throttled(self, items: Iterable[T], slots: threading.BoundedSemaphore) -> Iterator[T]:
        """Runs in the pool's task-feeding thread: waits for a free slot before handing out a file."""
        for item in items:
            while not slots.acquire(timeout=0.2):
                if self._closing:
                    return
            yield item

    @staticmethod
    def _released(
        items: list[tuple[SourceFile, str | None]],
        results: Iterator[tuple[bool, list, list[Quarantined], bool]],
        slots: threading.BoundedSemaphore,
    ) -> Iterator[ParsedFile]:
        for (source, _), (unchanged, docs, problems, quarantined) in zip(items, results):
            slots.release()
            yield ParsedFile(source, unchanged, docs, problems, quarantined)

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
