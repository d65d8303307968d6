"""A bulk loader that loses nothing.

* Streams: actions are serialised once (orjson) into a buffer that is sent when it
  reaches ``chunk_bytes`` or ``chunk_docs``; memory is bounded by one chunk.
* Retries: whole requests failing with 429/502/503/504, timeouts or connection
  errors, and single items rejected with 429/502/503/504 or a cluster block
  (``index.blocks.write``, as on a full disk), are retried with jittered exponential
  backoff up to ``max_backoff_s``. The client's own ``streaming_bulk`` retries
  nothing unless asked and ``parallel_bulk`` has no retries at all, so we own this.
* Dead letters: an item Elasticsearch rejects for good (a mapping error, or a block
  that outlives the retries) goes to the dead-letter file with the document and the
  reason. An unreachable cluster is not a document's fault: after the retries the
  loader raises :class:`ElasticsearchUnavailable`, the run fails loudly, and a
  re-run (idempotent) finishes the job.
* Pipelined (``pipelined=True``, what a batch uses): full chunks go to
  ``bulk.requests_in_flight`` background sender threads through a queue of one, so the caller
  keeps building the next chunk (and draining the parser pool) while requests are in flight,
  and a node with several cores indexes on all of them (one bulk request keeps one write
  thread busy). At most ``requests_in_flight + 2`` chunks exist at once (one being built, one
  waiting, the rest in flight): memory stays bounded, and a slow cluster slows the caller down
  instead of piling up requests. Chunks may complete out of order, so a pipelined loader is
  for actions on distinct ids (a batch writes each id once). A failure in a sender
  (:class:`ElasticsearchUnavailable`) stops every sender sending and is raised in the caller at
  its next hand-off, ``flush`` or ``close``; ``flush`` and ``close`` return only when
  everything handed off was sent, retried or dead-lettered, so the stats are exact when they
  return (they are updated under one lock).
"""

from __future__ import annotations

import logging
import queue
import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from etl.config import BulkConfig
from etl.errors import ElasticsearchUnavailable

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

log = logging.getLogger(__name__)

RETRYABLE_STATUS = frozenset({429, 502, 503, 504})
RETRYABLE_TYPES = frozenset({"cluster_block_exception", "es_rejected_execution_exception", "circuit_breaking_exception"})
# Back-pressure: the cluster is busy, the document is fine. Retried on bulk.max_rejection_wait_s;
# other retryable item errors (a write block, a 503 shard) on max_attempts rounds without progress.
BACKPRESSURE_TYPES = frozenset({"es_rejected_execution_exception", "circuit_breaking_exception"})


@dataclass
class BulkStats:
    """What the loader did; the run report is built from it."""

    created: int = 0
    updated: int = 0
    deleted: int = 0
    delete_missing: int = 0
    partial_updates: int = 0
    dead_lettered: int = 0
    retries: int = 0
    requests: int = 0
    bytes_sent: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    dead_ids: list[str] = field(default_factory=list)

    @property
    def indexed(self) -> int:
        return self.created + self.updated

    def merge(self, other: BulkStats) -> None:
        for name in (
            "created", "updated", "deleted", "delete_missing", "partial_updates", "dead_lettered", "retries",
            "requests", "bytes_sent",
        ):  # fmt: skip
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.errors.update(other.errors)
        self.dead_ids.extend(other.dead_ids)


class DeadLetterFile:
    """Append-only JSONL of documents Elasticsearch rejected, with the reason.

    A file, not an index: when Elasticsearch is the thing refusing writes, an index
    would refuse the dead letters too.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fh = None

    def write(self, doc_id: str, index: str, reason: str, error: Any, document: dict[str, Any] | None) -> None:
        if self._fh is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fh = self.path.open("ab")
        record = {"id": doc_id, "index": index, "reason": reason, "error": error, "document": document}
        self._fh.write(orjson.dumps(record, default=str) + b"\n")
        self._fh.flush()

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None


@dataclass(slots=True)
class _Action:
    doc_id: str
    op: str  # "index" | "delete"
    payload: bytes  # the NDJSON line(s) for this action
    document: dict[str, Any] | None
    attempts: int = 0
    stalled_since: float | None = None  # monotonic time of the first rejection in a streak without progress


class BulkLoader:
    """Buffer index/delete actions and send them in retried, size-bounded bulk requests."""

    def __init__(
        self,
        es: Elasticsearch,
        index: str,
        config: BulkConfig,
        dead_letters: DeadLetterFile,
        *,
        max_attempts: int = 8,
        on_sent: Callable[[int], None] | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        pipelined: bool = False,
    ) -> None:
        self.es = es
        self.index = index
        self.config = config
        self.dead_letters = dead_letters
        self.max_attempts = max_attempts
        self.on_sent = on_sent
        self._sleep = sleep
        self._clock = clock
        self.stats = BulkStats()
        self._buffer: list[_Action] = []
        self._buffer_bytes = 0
        self.pipelined = pipelined
        # Stats and dead letters are written by the caller (too-large documents) and the sender.
        self._lock = threading.RLock()
        self._chunks: queue.Queue[list[_Action] | None] = queue.Queue(maxsize=1)
        self._senders: list[threading.Thread] = []
        self._sender_error: BaseException | None = None

    # -- adding -------------------------------------------------------------------------
    def index_doc(self, doc_id: str, document: dict[str, Any], serialized: bytes | None = None) -> None:
        """Queue a create-or-replace of ``document`` under ``doc_id``."""
        meta = orjson.dumps({"index": {"_index": self.index, "_id": doc_id}})
        body = serialized if serialized is not None else orjson.dumps(document)
        action = _Action(doc_id, "index", meta + b"\n" + body + b"\n", document)
        limit = self.config.max_document_bytes
        if len(action.payload) > limit:
            # No request can carry it (http.max_content_length): never sent, never truncated.
            self._dead(action, "document_too_large", f"{len(action.payload)} bytes > bulk.max_document_bytes={limit}")
            return
        self._add(action)

    def update_doc(self, doc_id: str, partial: dict[str, Any]) -> None:
        """Queue a partial update (``{"doc": partial}``) of an existing document."""
        meta = orjson.dumps({"update": {"_index": self.index, "_id": doc_id}})
        self._add(_Action(doc_id, "update", meta + b"\n" + orjson.dumps({"doc": partial}) + b"\n", None))

    def delete_doc(self, doc_id: str) -> None:
        """Queue a delete of ``doc_id``."""
        meta = orjson.dumps({"delete": {"_index": self.index, "_id": doc_id}})
        self._add(_Action(doc_id, "delete", meta + b"\n", None))

    def _add(self, action: _Action) -> None:
        if self._buffer and (
            self._buffer_bytes + len(action.payload) > self.config.chunk_bytes
            or len(self._buffer) >= self.config.chunk_docs
        ):
            self._hand_off()
        self._buffer.append(action)
        self._buffer_bytes += len(action.payload)

    # -- sending ------------------------------------------------------------------------
    def flush(self) -> None:
        """Send everything buffered, retrying until each action succeeded or was dead-lettered."""
        self._hand_off()
        if self._senders:
            self._chunks.join()
            self._raise_sender_error()

    def close(self) -> BulkStats:
        try:
            self.flush()
        finally:
            self.stop()
            self.dead_letters.close()
        return self.stats

    def stop(self) -> None:
        """End the sender threads (if any) without sending what is still buffered; idempotent."""
        if self._senders:
            if self._sender_error is None:
                self._sender_error = RuntimeError("bulk loader stopped")  # drop anything still queued
            for _ in self._senders:
                self._chunks.put(None)
            for thread in self._senders:
                thread.join()
            self._senders = []

    def _hand_off(self) -> None:
        pending, self._buffer, self._buffer_bytes = self._buffer, [], 0
        if not pending:
            return
        if not self.pipelined:
            self._send_all(pending)
            return
        self._raise_sender_error()
        if not self._senders:
            for i in range(self.config.requests_in_flight):
                thread = threading.Thread(target=self._sender_loop, name=f"bulk-sender-{self.index}-{i}", daemon=True)
                thread.start()
                self._senders.append(thread)
        self._chunks.put(pending)  # blocks while every sender has a request in flight and one chunk waits

    def _raise_sender_error(self) -> None:
        if self._sender_error is not None:
            raise self._sender_error

    def _sender_loop(self) -> None:
        while True:
            chunk = self._chunks.get()
            try:
                if chunk is None:
                    return
                if self._sender_error is None:
                    self._send_all(chunk)
            except BaseException as exc:  # noqa: BLE001 - handed to the caller by _raise_sender_error
                self._sender_error = exc
            finally:
                self._chunks.task_done()

    def _send_all(self, pending: list[_Action]) -> None:
        attempt = 0
        while pending:
            if attempt:
                self._backoff(attempt)
            sent = len(pending)
            pending = self._send(pending)
            if attempt == 0 or len(pending) == sent:
                attempt += 1  # back off further only while no progress is made

    def _backoff(self, attempt: int) -> None:
        delay = min(self.config.max_backoff_s, self.config.initial_backoff_s * (2 ** (attempt - 1)))
        # Full jitter keeps many workers from retrying in lockstep against a busy cluster.
        self._sleep(random.uniform(delay / 2, delay))

    def _send(self, actions: list[_Action]) -> list[_Action]:
        """One bulk request; returns the actions to retry."""
        from elasticsearch import ApiError, ConnectionError, ConnectionTimeout

        body = b"".join(a.payload for a in actions)
        with self._lock:
            self.stats.requests += 1
        try:
            # Client-level retries off: this loader owns retrying, with backoff and accounting.
            resp = self.es.options(max_retries=0).bulk(
                operations=body, filter_path="errors,items.*.status,items.*.error,items.*.result"
            )
        except (ConnectionError, ConnectionTimeout) as exc:
            return self._retry_all(actions, type(exc).__name__, exc)
        except ApiError as exc:
            if exc.meta.status in RETRYABLE_STATUS:
                return self._retry_all(actions, f"http_{exc.meta.status}", exc)
            # A whole request refused for good (e.g. 400 on a malformed body) says
            # nothing about the individual documents: dead-letter each with the reason.
            for action in actions:
                self._dead(action, f"http_{exc.meta.status}", str(exc))
            return []
        with self._lock:
            return self._account(actions, resp, len(body))

    def _account(self, actions: list[_Action], resp: Any, nbytes: int) -> list[_Action]:
        """Count one response's items and pick the actions to retry (under the stats lock)."""
        self.stats.bytes_sent += nbytes
        items = resp.get("items", [])
        retry: list[_Action] = []
        # Back-pressure is retried on a time budget, not a count of rounds: a round where some items
        # got through is progress and restarts the clock of every rejected one; only a document
        # rejected for bulk.max_rejection_wait_s without any progress is dead-lettered. Other
        # retryable errors count rounds without progress against max_attempts.
        progress = any(next(iter(i.values())).get("status", 0) < 300 for i in items)
        now = self._clock()
        for action, item in zip(actions, items, strict=True):
            result = next(iter(item.values()))
            status = result.get("status", 0)
            if status < 300:
                if action.op == "delete":
                    self.stats.deleted += 1
                elif action.op == "update":
                    self.stats.partial_updates += 1
                elif result.get("result") == "updated":
                    self.stats.updated += 1
                else:
                    self.stats.created += 1
                continue
            if action.op == "delete" and status == 404:
                self.stats.delete_missing += 1
                continue
            error = result.get("error") or {}
            etype = error.get("type", f"http_{status}") if isinstance(error, dict) else str(error)
            if status == 429 or etype in BACKPRESSURE_TYPES:
                if progress or action.stalled_since is None:
                    action.stalled_since = now
                again = now - action.stalled_since < self.config.max_rejection_wait_s
            elif status in RETRYABLE_STATUS or etype in RETRYABLE_TYPES:
                action.attempts += 0 if progress else 1
                again = action.attempts < self.max_attempts
            else:
                again = False
            if again:
                self.stats.retries += 1
                retry.append(action)
            else:
                self._dead(action, etype, error)
        if self.on_sent:
            self.on_sent(len(actions) - len(retry))
        return retry

    def _retry_all(self, actions: list[_Action], reason: str, exc: Exception) -> list[_Action]:
        attempts = max(a.attempts for a in actions) + 1
        for action in actions:
            action.attempts = attempts
        if attempts >= self.max_attempts:
            raise ElasticsearchUnavailable(
                f"bulk request to {self.index} failed {attempts} times ({reason}: {exc}); "
                "nothing was lost — fix the cluster and re-run, the run is idempotent"
            ) from exc
        with self._lock:
            self.stats.retries += len(actions)
        log.warning("bulk request failed (%s), retry %d/%d", reason, attempts, self.max_attempts - 1)
        return actions

    def _dead(self, action: _Action, reason: str, error: Any) -> None:
        with self._lock:  # re-entrant: also called while a response is being counted
            self.stats.dead_lettered += 1
            self.stats.errors[reason] += 1
            self.stats.dead_ids.append(action.doc_id)
            document = action.document
            if document is None and action.op in ("index", "update"):
                # Queued pre-serialised: the source is the action's second NDJSON line.
                document = orjson.loads(action.payload.split(b"\n", 2)[1])
            self.dead_letters.write(action.doc_id, self.index, reason, error, document)
