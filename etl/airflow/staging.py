"""What the ingest DAG's tasks hand each other through staging rather than XCom.

One folder per DAG run under ``ETL_STAGING_URL`` (an :class:`airflow.sdk.ObjectStoragePath`:
``file://<project>/.local/staging`` by default; ``s3://bucket/prefix`` works once the amazon
provider is installed)::

    <run>/files.jsonl               the manifest: one line per discovered file or discovery problem
    <run>/batches/0000.json         one batch: [[rel_path, path as hex (an object: as listed), size], ...]
    <run>/batches/0000.report.json  that batch's report
    <run>/report.json               the run's report

Everything is written and read as a stream of lines or one small file, never the whole
corpus at once.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
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
    """Write each batch's manifest as it comes; return their URLs (what the mapped tasks get)."""
    urls = []
    for i, batch in enumerate(batches):
        out = folder / "batches" / f"{i:04d}.json"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(orjson.dumps(batch))
        urls.append(str(out))
    return urls


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
