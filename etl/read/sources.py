"""Re-creating :class:`SourceFile` records from what a manifest stores (for DAG batches).

Batches travel between Airflow tasks as manifests of paths (never file contents), so a
batch task needs to turn a stored path back into a ``SourceFile``. The real file name is
stored as hex of its bytes, because names that are not valid UTF-8 cannot be carried in
JSON losslessly; ``rel_path`` stays the human-readable name used as the document's
``source.path``.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from etl.models import SourceFile
from etl.read.discovery import _date_from_dirs


def partition_date_of(rel_path: str) -> date | None:
    """The date of the ``YYYY/MM/DD`` or ``YYYY-MM-DD`` folder in ``rel_path``, if any."""
    return _date_from_dirs(rel_path.split("/")[:-1])


def encode_path(path: Path) -> str:
    return os.fsencode(path).hex()


def source_file(rel_path: str, path_hex: str) -> SourceFile | None:
    """The file as it is now, or ``None`` when it has vanished since discovery."""
    path = Path(os.fsdecode(bytes.fromhex(path_hex)))
    try:
        st = path.stat()
    except OSError:
        return None
    return SourceFile(path, rel_path, st.st_size, st.st_mtime, partition_date_of(rel_path))
