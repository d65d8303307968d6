"""What the ingest DAG's tasks hand each other through staging rather than XCom.

One folder per DAG run under ``ETL_STAGING_URL`` (an :class:`airflow.sdk.ObjectStoragePath`:
``file://<project>/.local/staging`` by default; ``s3://bucket/prefix`` works once the amazon
provider is installed)::

    <run>/files.jsonl               the manifest: one line per discovered file or discovery problem
    <run>/batches/0000.json         one batch: [[rel_path, path as hex (an object: as listed), size], ...]
    <run>/batches/0000.report.json  that batch's report
    <run>/batches/claims/0000       which mapped task instance took batch 0000 (local staging only)
    <run>/report.json               the run's report

Everything is written and read as a stream of lines or one small file, never the whole
corpus at once.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from etl.config import PROJECT_ROOT

if TYPE_CHECKING:
    from airflow.sdk import ObjectStoragePath

    from etl.models import Quarantined, SourceFile

DEFAULT_STAGING = f"file://{PROJECT_ROOT / '.local' / 'staging'}"

#: A manifest entry: (rel_path, where it lives (the real path's bytes as hex; an object: as listed,
#: :func:`etl.read.sources.encode_location`), size in bytes).
Entry = tuple[str, str | list[Any], int]


def staging_url() -> str:
    """Where the runs' staging folders live: ``ETL_STAGING_URL`` (``file://…``, ``s3://bucket/prefix``)."""
    return os.environ.get("ETL_STAGING_URL", DEFAULT_STAGING)


def object_path(url: str) -> ObjectStoragePath:
    """``url`` as an ``ObjectStoragePath``; with ``ETL_STAGING_CONN_ID`` set, through that Airflow connection.

    Every staging path goes through it (the URLs handed on through XCom carry no connection).
    Without it, credentials come the provider's default way (for ``s3://``: the standard AWS
    environment variables, or ``aws_default``), or from a connection named in the URL itself
    (``s3://conn_id@bucket/…``).
    """
    from airflow.sdk import ObjectStoragePath

    return ObjectStoragePath(url, conn_id=os.environ.get("ETL_STAGING_CONN_ID") or None)


def safe_id(run_id: str) -> str:
    """A DAG run id as a folder name and run id (``manual__2024-03-01T00:00:00+00:00`` → ``manual__2024-03-01T00_00_00_00_00``)."""
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", run_id)[:120]


def run_folder(dag_run_id: str) -> ObjectStoragePath:
    """The DAG run's staging folder (created)."""
    folder = object_path(staging_url()) / safe_id(dag_run_id)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def write_manifest(folder: ObjectStoragePath, items: Iterable[SourceFile | Quarantined]) -> None:
    """Stream discovery into ``files.jsonl``, one line per item."""
    from etl.models import Quarantined
    from etl.read.sources import encode_location

    with (folder / "files.jsonl").open("wb") as fh:
        for item in items:
            if isinstance(item, Quarantined):
                fh.write(orjson.dumps({"problem": [item.rel_path, item.reason, item.detail]}) + b"\n")
            else:
                fh.write(orjson.dumps({"rel_path": item.rel_path, "size": item.size, "path": encode_location(item)}) + b"\n")


def manifest_entries(folder: ObjectStoragePath) -> Iterator[Entry]:
    """The manifest's files, read line by line."""
    for rec in _manifest(folder):
        if "rel_path" in rec:
            yield (rec["rel_path"], rec["path"], rec["size"])


def manifest_problems(folder: ObjectStoragePath) -> Iterator[Quarantined]:
    """The files discovery quarantined, read line by line."""
    from etl.models import Quarantined

    for rec in _manifest(folder):
        if "problem" in rec:
            yield Quarantined(*rec["problem"])


def _manifest(folder: ObjectStoragePath) -> Iterator[dict[str, Any]]:
    with (folder / "files.jsonl").open("rb") as fh:
        for line in fh:
            yield orjson.loads(line)


def write_batches(folder: ObjectStoragePath, batches: Iterable[list[Entry]]) -> list[str]:
    """Write each batch's manifest as it comes; return their URLs (what the mapped tasks get).
    The claims of an earlier try of the run go first (:func:`claim_batch`)."""
    import shutil

    urls = []
    for i, batch in enumerate(batches):
        out = folder / "batches" / f"{i:04d}.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        if i == 0 and (claims := _local_claims(str(out))) is not None:
            shutil.rmtree(claims, ignore_errors=True)
        out.write_bytes(orjson.dumps(batch))
        urls.append(str(out))
    return urls


def claim_batch(batch_urls: list[str], map_index: int) -> str:
    """The batch a mapped ``process_batch`` instance processes: the first, in path order, that no
    instance of the run has claimed yet; a retry of an instance gets the batch it claimed before.

    Why: duplicate links name the earliest copy, so a batch of later paths written before the batch
    holding their originals is re-pointed afterwards by partial updates (each a re-index; 11,188 on
    BBC 10x in one ``dag.test()`` run, which runs a round's instances in set order, and a scheduler
    or Celery may start them in any order too). Claiming in path order makes whichever instance
    starts first take batch 0, so sequential instances always run in path order and parallel ones
    nearly so; which instance runs which batch does not matter (each reports its batch's report).

    A claim is ``batches/claims/<batch>`` holding the instance's map index, made atomically with
    ``os.link`` (fails when it exists), so two instances never take one batch and every batch is
    taken by exactly one of the ``len(batch_urls)`` instances. Exclusive creation is a local file
    system guarantee: on object-storage staging each instance takes its own ``batch_urls[map_index]``.
    :func:`write_batches` removes the claims of an earlier try of the run (a cleared run re-plans).
    """
    own = batch_urls[map_index]
    claims = _local_claims(own)
    if claims is None:
        return own
    claims.mkdir(parents=True, exist_ok=True)
    me = str(map_index)
    for n in range(len(batch_urls)):  # an earlier try of this instance, e.g. a retry after a crash
        try:
            if (claims / f"{n:04d}").read_text() == me:
                return batch_urls[n]
        except FileNotFoundError:
            continue
    draft = claims / f".draft-{map_index}-{os.getpid()}"
    draft.write_text(me)
    try:
        for n, url in enumerate(batch_urls):
            try:
                os.link(draft, claims / f"{n:04d}")
            except FileExistsError:
                continue
            return url
    finally:
        draft.unlink()
    raise RuntimeError(f"all {len(batch_urls)} batches are claimed by other instances (map index {map_index})")


def _local_claims(batch_url: str) -> Path | None:
    """The claims folder beside a batch on local staging, else ``None``."""
    if not batch_url.startswith("file://"):
        return None
    return Path(batch_url.removeprefix("file://")).parent / "claims"


def read_batch(url: str) -> tuple[list[SourceFile], int]:
    """The batch's files as they are now, and how many of them have vanished since discovery."""
    from etl.read.sources import source_file

    entries = orjson.loads(object_path(url).read_bytes())
    files = [f for f in (source_file(rel, location) for rel, location, _size in entries) if f is not None]
    return files, len(entries) - len(files)


def batch_report_url(batch_url: str) -> str:
    return batch_url.replace(".json", ".report.json")


def write_json(url: str, data: Any) -> str:
    object_path(url).write_bytes(orjson.dumps(data))
    return url


def read_json(url: str) -> Any:
    return orjson.loads(object_path(url).read_bytes())
