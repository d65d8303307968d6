"""Re-creating :class:`SourceFile` records from what a manifest stores (for DAG batches).

Batches travel between Airflow tasks as manifests of paths (never file contents), so a
batch task needs to turn a stored path back into a ``SourceFile``. The real file name is
stored as hex of its bytes, because names that are not valid UTF-8 cannot be carried in
JSON losslessly; ``rel_path`` stays the human-readable name used as the document's
``source.path``. An object of an object-storage source is stored as what its listing said
(``[protocol, conn_id, bucket, key, etag, size, mtime]``): the batch reads it without asking the
store again, and an object deleted since is quarantined as ``vanished`` when it is read.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Any

from etl.models import ObjectRef, SourceFile
from etl.read.discovery import _date_from_dirs


def partition_date_of(rel_path: str) -> date | None:
    """The date of the ``YYYY/MM/DD`` or ``YYYY-MM-DD`` folder in ``rel_path``, if any."""
    return _date_from_dirs(rel_path.split("/")[:-1])


def encode_path(path: Path) -> str:
    return os.fsencode(path).hex()


def encode_location(src: SourceFile) -> str | list[Any]:
    """Where ``src`` lives, as a manifest stores it (see the module's docstring)."""
    if isinstance(src.path, ObjectRef):
        ref = src.path
        return [ref.protocol, ref.conn_id, ref.bucket, ref.key, ref.etag, src.size, src.mtime]
    return encode_path(src.path)


def source_file(rel_path: str, location: str | list[Any]) -> SourceFile | None:
    """The file as it is now, or ``None`` when it has vanished since discovery.

    ``location`` is what :func:`encode_location` stored; an object comes back as listed.
    """
    if isinstance(location, list):
        protocol, conn_id, bucket, key, etag, size, mtime = location
        return SourceFile(ObjectRef(protocol, conn_id, bucket, key, etag), rel_path, size, mtime, partition_date_of(rel_path))
    path = Path(os.fsdecode(bytes.fromhex(location)))
    try:
        st = path.stat()
    except OSError:
        return None
    return SourceFile(path, rel_path, st.st_size, st.st_mtime, partition_date_of(rel_path))
