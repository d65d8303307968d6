"""Sources on object storage: ``s3://bucket/prefix`` found, read and checked for deletions like a folder.

``etl run --source``, ``etl parse`` and the ingest DAG's ``source_dir`` take ``s3://bucket/prefix``
(``s3a://`` and ``s3n://`` too) as well as plain paths and ``file://`` URLs
(:func:`source_location`). Everything here follows the local rules of :mod:`etl.read.discovery`;
what differs is said below.

Access
------
Through Airflow's object storage layer (:mod:`airflow.sdk.io`, what ``ObjectStoragePath`` is
built on): :func:`filesystem` attaches a store for the protocol and connection and uses its
fsspec filesystem (for ``s3``: the amazon provider's ``S3FileSystem``, s3fs). Airflow and s3fs are
imported only here, and only for an object-storage source: local runs never load them.

* **Credentials:** the Airflow connection named in the URL (``s3://my_conn@bucket/prefix``,
  Airflow's own convention) or by the DAG's ``source_conn_id`` param, else the one named by
  ``ETL_SOURCE_CONN_ID``, else ``aws_default``. A connection that does not exist falls back to the
  standard AWS chain (``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY``, profiles, instance roles).
* **Endpoint** of an S3-compatible store: ``endpoint_url`` in the connection's extra, or
  ``AWS_ENDPOINT_URL_S3`` / ``AWS_ENDPOINT_URL``. S3Proxy (and other stores that do not know
  botocore's default CRC checksums) also need ``AWS_REQUEST_CHECKSUM_CALCULATION=when_required``
  and ``AWS_RESPONSE_CHECKSUM_VALIDATION=when_required``.
* **One filesystem per process:** a filesystem made before a ``fork`` (its event loop, its HTTP
  connections) does not work in the child, and Airflow caches stores per connection, so each
  process attaches its own (parser workers fork after the parent has listed).
* Keys go to the store as ``bucket`` and ``key``, never re-parsed from a URL, so keys with spaces,
  ``%``, ``?``, ``#``, ``+``, newlines or any Unicode are read as they are listed.

Discovery (:func:`discover_objects`)
------------------------------------
A delimited listing (``Delimiter=/``) walked like a folder tree, page by page
(``list_objects_v2``, :data:`LIST_PAGE_SIZE` keys a page, continuation tokens): one page per level
of the tree is held, never the listing. Key prefixes are folders: hidden names (``.…``, which
covers ``.`` and ``..`` segments), corpus documentation, extensions and content sniffing (a ranged
read of the first 2 KB), ``YYYY/MM/DD/`` and ``YYYY-MM-DD/`` partitions and date-range pruning
(a prefix dated outside the range is not even listed) all work as for local folders.
``rel_path`` is the key after the root prefix, exactly. Entries come in key order. Keys ending in
``/`` are folder markers and are skipped. Specific to object stores:

* an empty path segment (``a//b.txt``) cannot name a file: the prefix is quarantined as
  ``bad_key`` (a filesystem mirror, and some S3-compatible stores, would make it ``a/b.txt``);
* a prefix that cannot be listed is quarantined as ``access_denied`` or ``unreadable``, like a
  local folder that cannot be listed; a root that cannot be listed is a :class:`ConfigError`;
* an entry repeated at a page boundary (S3Proxy 2.6 repeats some in delimited listings) is
  yielded once.

Reading (:func:`read_object`)
-----------------------------
One ``GetObject`` per file, with s3fs's retries. The store's answer quarantines the file:
``vanished`` (404: deleted after it was listed), ``access_denied`` (403: the credentials may not
read it), ``too_large``, ``unreadable`` (any other error answer); then the local checks (gzip,
binary, encodings) apply to the bytes. A store that does not answer at all (connection refused,
timeouts after the retries) raises :class:`SourceUnavailable`: the run fails and can be re-run,
instead of quarantining every object.

Change detection (:func:`change_key`)
-------------------------------------
Locally the incremental sync keys on the SHA-256 of the file's bytes (``source.sha256``). An
object's hash would cost a full download, so an object's change key is what the listing gives:
its ETag, size and last-modified time (whole seconds: listings give milliseconds, ``GetObject``
seconds), hashed into the same 64 hex digits and stored in ``source.sha256``. A re-run compares
the listing's key with the stored one and skips the object unread. The key written with a
document comes from the ``GetObject`` answer that delivered its bytes, so it always describes
what was parsed; an object changed after it was listed is picked up by the next run. Re-uploading
identical bytes changes the last-modified time, so that object is parsed again and its documents
are rewritten once (a local file with unchanged bytes is not): the price of deciding without
reading, which is what makes a re-run over a bucket cheap.

Full sync (:func:`gone_paths`)
------------------------------
Documents are deleted when their object is gone. The index's source paths (sorted) are merged
with a listing of the same (date-pruned) tree in key order; each path the listing did not show is
confirmed with a ``HeadObject`` before it counts as gone (so a store listing in another order
costs requests, never documents). A key that answers anything but 404 is kept.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from etl.errors import ConfigError, EtlError, QuarantineError, SourceUnavailable
from etl.models import ObjectRef, Quarantined, SourceFile
from etl.read.discovery import (
    _SNIFF_BYTES,
    _date_from_dirs,
    _has_our_extension,
    _head_is_ours,
    _in_range,
    _is_doc_file,
)

if TYPE_CHECKING:  # annotations only: importing etl.config loads pydantic (etl.stage_config)
    from etl.config import ReadConfig

#: Names the Airflow connection for object-storage sources when neither the URL nor the DAG says.
SOURCE_CONN_ID_ENV = "ETL_SOURCE_CONN_ID"
DEFAULT_CONN_ID = "aws_default"
#: The URL schemes read as object storage (the amazon provider's).
SCHEMES = ("s3", "s3a", "s3n")
#: Keys per listing page (S3's maximum is 1000).
LIST_PAGE_SIZE = 1000

_URL = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://(.*)", re.S)


def is_object_url(value: object) -> bool:
    """Whether ``value`` is a URL of an object store (``s3://…``), as opposed to a local path or ``file://``."""
    if not isinstance(value, str):
        return False  # a Path is local
    m = _URL.fullmatch(value)
    return bool(m) and m.group(1).lower() not in ("file", "local")


def source_location(value: str | os.PathLike[str]) -> Path | str:
    """A ``--source`` / ``source_dir`` / ``etl parse`` argument as the runner takes it.

    An object-store URL stays a string (checked and normalised: ``s3://bucket/prefix``); a plain
    path or a ``file://`` URL becomes a :class:`Path`.
    """
    if isinstance(value, os.PathLike):
        return Path(value)
    if is_object_url(value):
        return ObjectRoot.parse(value).url
    if value.startswith("file://"):
        return Path(value[len("file://") :])
    return Path(value)


def change_key(etag: str, size: int, mtime: float) -> str:
    """An object's change key: ETag, size and last-modified time (whole seconds), as 64 hex digits."""
    return hashlib.sha256(f"object\0{etag.strip(chr(34))}\0{size}\0{int(mtime)}".encode()).hexdigest()


def listed_change_key(src: SourceFile) -> str:
    """The change key of an object as its listing described it (nothing is read)."""
    assert isinstance(src.path, ObjectRef)
    return change_key(src.path.etag, src.size, src.mtime)


# -- the store ---------------------------------------------------------------------------------

_FILESYSTEMS: dict[tuple[int, str, str], Any] = {}


def filesystem(protocol: str, conn_id: str) -> Any:
    """This process's fsspec filesystem for ``protocol`` through the Airflow connection ``conn_id``."""
    key = (os.getpid(), protocol, conn_id)
    fs = _FILESYSTEMS.get(key)
    if fs is None:
        from airflow.sdk.io import attach

        # An alias of this process's own: Airflow's store cache would hand a forked child the
        # parent's filesystem, whose event loop does not run there.
        fs = attach(protocol, conn_id, alias=f"etl-source-{protocol}-{conn_id}-{os.getpid()}").fs
        _FILESYSTEMS[key] = fs
    return fs


@dataclass(frozen=True)
class ObjectRoot:
    """An object-storage source: ``<protocol>://[conn_id@]bucket/prefix``."""

    protocol: str
    bucket: str
    prefix: str
    """The key prefix, ``""`` (the whole bucket) or ending in ``/``."""
    conn_id: str | None = None
    """The connection named in the URL or by the DAG; ``None``: :data:`SOURCE_CONN_ID_ENV`, else ``aws_default``."""

    @classmethod
    def parse(cls, url: str, conn_id: str | None = None) -> ObjectRoot:
        """``url`` split verbatim (no percent-decoding: a key is what the store lists); ``conn_id`` overrides the URL's."""
        m = _URL.fullmatch(url)
        if not m:
            raise ConfigError(f"{url!r} is not an object-storage URL (s3://bucket/prefix)")
        protocol = m.group(1).lower()
        if protocol not in SCHEMES:
            raise ConfigError(
                f"{url!r}: sources on object storage are read from s3:// URLs (s3a://, s3n:// too); {protocol}:// is not supported"
            )
        netloc, _, path = m.group(2).partition("/")
        user, _, bucket = netloc.rpartition("@")
        if not bucket:
            raise ConfigError(f"{url!r} names no bucket (s3://bucket/prefix)")
        prefix = path if not path or path.endswith("/") else path + "/"
        return cls(protocol, bucket, prefix, conn_id or user or None)

    @property
    def url(self) -> str:
        """The source as a URL (the connection included when one was named)."""
        user = f"{self.conn_id}@" if self.conn_id else ""
        return f"{self.protocol}://{user}{self.bucket}/{self.prefix}".rstrip("/")

    @property
    def resolved_conn_id(self) -> str:
        return self.conn_id or os.environ.get(SOURCE_CONN_ID_ENV) or DEFAULT_CONN_ID

    def fs(self) -> Any:
        return filesystem(self.protocol, self.resolved_conn_id)

    def check(self) -> None:
        """Raise :class:`ConfigError` when the root cannot be listed (no such bucket, no permission) or
        names one object rather than a prefix (the twin of a local ``--source`` that is not a folder)."""
        fs = self.fs()
        try:
            page = fs.call_s3("list_objects_v2", Bucket=self.bucket, Prefix=self.prefix, Delimiter="/", MaxKeys=1)
        except Exception as exc:  # noqa: BLE001 - classified below
            raise _root_error(self, exc) from exc
        if self.prefix and not page.get("KeyCount") and _head(fs, self.bucket, self.prefix[:-1]) is not None:
            raise ConfigError(f"source {self.url} is one object, not a prefix (a folder of objects)")


def _is_answer(exc: BaseException) -> bool:
    """Whether the store answered with an error (404, 403, …), as opposed to not answering at all.

    s3fs turns an error answer into ``FileNotFoundError``, ``PermissionError`` or ``OSError`` with
    botocore's ``ClientError`` (which holds the response) as the cause.
    """
    if isinstance(exc, (FileNotFoundError, PermissionError)):
        return True
    return any(getattr(e, "response", None) is not None for e in (exc, exc.__cause__))


def _root_error(root: ObjectRoot, exc: BaseException) -> EtlError:
    if not _is_answer(exc):
        return _unavailable(root.url, exc)
    return ConfigError(
        f"source {root.url} cannot be listed with connection {root.resolved_conn_id!r}: {type(exc).__name__}: {exc} "
        "(is the bucket right, may the credentials list it, is the endpoint URL set for an S3-compatible store?)"
    )


def _unavailable(where: str, exc: BaseException) -> SourceUnavailable:
    return SourceUnavailable(
        f"the object store did not answer for {where} ({type(exc).__name__}: {exc}); "
        "nothing was lost: check the endpoint and re-run, the run is idempotent"
    )


def _object_error(exc: BaseException, ref: ObjectRef, rel: str, doing: str) -> EtlError:
    """What a failed request for one object means: a quarantine reason, or the store is unreachable."""
    if isinstance(exc, FileNotFoundError):
        return QuarantineError("vanished", f"the object was deleted after it was listed ({exc})", rel)
    if isinstance(exc, PermissionError):
        return QuarantineError("access_denied", f"the credentials may not {doing} this object: {exc}", rel)
    if _is_answer(exc):
        return QuarantineError("unreadable", f"cannot {doing} the object: {type(exc).__name__}: {exc}", rel)
    return _unavailable(str(ref), exc)


async def _get_object(fs: Any, bucket: str, key: str, limit: int, range_: str | None = None) -> tuple[dict, bytes | None]:
    """One ``GetObject``: (the answer's headers, the body or ``None`` when it is over ``limit`` bytes)."""
    from s3fs.core import _error_wrapper

    extra = {"Range": range_} if range_ else {}

    async def call_and_read() -> tuple[dict, bytes | None]:
        resp = await fs._call_s3("get_object", Bucket=bucket, Key=key, **extra)
        body = resp.pop("Body")
        try:
            if resp.get("ContentLength", 0) > limit:
                return resp, None
            return resp, await body.read()
        finally:
            body.close()

    return await _error_wrapper(call_and_read, retries=fs.retries)


def _get(ref: ObjectRef, limit: int, range_: str | None = None) -> tuple[dict, bytes | None]:
    from fsspec.asyn import sync

    fs = filesystem(ref.protocol, ref.conn_id or DEFAULT_CONN_ID)
    return sync(fs.loop, _get_object, fs, ref.bucket, ref.key, limit, range_)


def read_object(src: SourceFile, config: ReadConfig) -> tuple[bytes, str]:
    """The object's bytes and its change key (from the answer that delivered them); quarantines what cannot be read."""
    ref = src.path
    assert isinstance(ref, ObjectRef)
    rel = src.rel_path
    too_large = (
        f"bytes exceeds read.max_file_bytes={config.max_file_bytes}; split the object or raise the limit"
    )
    if src.size > config.max_file_bytes:
        raise QuarantineError("too_large", f"{src.size} {too_large}", rel)
    try:
        resp, data = _get(ref, config.max_file_bytes)
    except Exception as exc:  # noqa: BLE001 - classified: a reason code, or the store is down
        raise _object_error(exc, ref, rel, "read") from exc
    size = resp.get("ContentLength", 0)
    if data is None:
        raise QuarantineError("too_large", f"{size} {too_large}", rel)
    if len(data) != size:
        raise QuarantineError("unreadable", f"the store sent {len(data)} of {size} bytes", rel)
    mtime = resp["LastModified"].timestamp() if resp.get("LastModified") else src.mtime
    return data, change_key(resp.get("ETag", ref.etag), size, mtime)


def _sniff_is_ours(ref: ObjectRef) -> bool:
    """Whether an unknown-extension object starts like one of our HTML or JSON sources (a ranged read)."""
    try:
        _resp, head = _get(ref, _SNIFF_BYTES, f"bytes=0-{_SNIFF_BYTES - 1}")
    except Exception as exc:  # noqa: BLE001
        problem = _object_error(exc, ref, "", "read")
        if isinstance(problem, SourceUnavailable):
            raise problem from exc
        return False  # not readable now: not ours, as for a local file that cannot be opened
    return head is not None and _head_is_ours(head)


# -- discovery ---------------------------------------------------------------------------------


@dataclass
class _Entry:
    key: str
    folder: bool
    size: int = 0
    mtime: float = 0.0
    etag: str = ""


class _Lister:
    """The delimited, paginated listing of an object root, walked as a folder tree."""

    def __init__(self, root: ObjectRoot, date_from: date | None, date_to: date | None) -> None:
        self.root = root
        self.fs = root.fs()
        self.conn_id = root.resolved_conn_id
        self.date_from = date_from
        self.date_to = date_to

    def entries(self, prefix: str) -> Iterator[_Entry]:
        """The folders and objects directly under ``prefix``, in key order, one page held at a time."""
        token: str | None = None
        previous: set[str] = set()
        while True:
            kwargs: dict[str, Any] = {"Bucket": self.root.bucket, "Prefix": prefix, "Delimiter": "/", "MaxKeys": LIST_PAGE_SIZE}
            if token:
                kwargs["ContinuationToken"] = token
            page = self.fs.call_s3("list_objects_v2", **kwargs)
            entries = [_Entry(p["Prefix"], True) for p in page.get("CommonPrefixes", ())]
            entries += [
                _Entry(c["Key"], False, c.get("Size", 0), c["LastModified"].timestamp(), c.get("ETag", "").strip('"'))
                for c in page.get("Contents", ())
            ]
            entries.sort(key=lambda e: e.key)
            for entry in entries:
                if entry.key not in previous:
                    yield entry
            previous = {e.key for e in entries}
            token = page.get("NextContinuationToken") if page.get("IsTruncated") else None
            if not token:
                return

    def walk(self, prefix: str, parts: list[str], part_date: date | None) -> Iterator[tuple[_Entry, list[str], date | None] | Quarantined]:
        """Every object under ``prefix`` (hidden names skipped, prefixes dated outside the range pruned)."""
        listed = self.entries(prefix)
        while True:
            try:
                entry = next(listed, None)
            except Exception as exc:  # noqa: BLE001 - one prefix that cannot be listed does not stop the walk
                if not parts:
                    raise _root_error(self.root, exc) from exc
                rel = "/".join(parts)
                problem = _object_error(exc, self.ref(prefix, ""), rel, "list")
                if isinstance(problem, SourceUnavailable):
                    raise problem from exc
                yield Quarantined(rel, problem.reason, problem.detail)
                return
            if entry is None:
                return
            name = entry.key[len(prefix) :]
            if entry.folder:
                name = name[:-1]
            elif not name or name.endswith("/"):
                continue  # a folder marker
            if name.startswith("."):
                continue
            child_parts = [*parts, name]
            if not name:
                yield Quarantined(
                    "/".join(child_parts) + "/",
                    "bad_key",
                    "keys with an empty path segment ('//') cannot name a file (a filesystem mirror, and some "
                    "S3-compatible stores, would read them as another key); rename the objects",
                )
                continue
            if entry.folder:
                child_date = part_date or _date_from_dirs(child_parts)
                if child_date is not None and not _in_range(child_date, self.date_from, self.date_to, True):
                    continue
                yield from self.walk(entry.key, child_parts, child_date)
                continue
            yield entry, child_parts, part_date

    def ref(self, key: str, etag: str) -> ObjectRef:
        return ObjectRef(self.root.protocol, self.conn_id, self.root.bucket, key, etag)


def discover_objects(
    url: str,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    include_undated: bool = True,
    config: ReadConfig,
) -> Iterator[SourceFile | Quarantined]:
    """The object-storage twin of :func:`etl.read.discover`: the source files under ``url``, streamed in key order.

    ``url`` may also name one object (``s3://bucket/file.txt``): when nothing lies under it as a
    prefix, that object is yielded whatever its name, with ``rel_path`` its name.
    """
    root = ObjectRoot.parse(url)
    lister = _Lister(root, date_from, date_to)
    extensions = frozenset(e.lower() for e in config.extensions)
    found = False
    for item in lister.walk(root.prefix, [], None):
        found = True
        if isinstance(item, Quarantined):
            yield item
            continue
        entry, parts, part_date = item
        name = parts[-1]
        if _is_doc_file(name) or not _in_range(part_date, date_from, date_to, include_undated):
            continue
        ref = lister.ref(entry.key, entry.etag)
        if not _has_our_extension(name, extensions) and not _sniff_is_ours(ref):
            continue
        yield SourceFile(ref, "/".join(parts), entry.size, entry.mtime, part_date)
    if not found and root.prefix and _in_range(None, date_from, date_to, include_undated):
        single = _single_object(lister, root.prefix[:-1])
        if single is not None:
            yield single


def _head(fs: Any, bucket: str, key: str) -> dict | None:
    """The object's headers, ``None`` when the store answers an error (404, 403, …)."""
    try:
        return fs.call_s3("head_object", Bucket=bucket, Key=key)
    except Exception as exc:  # noqa: BLE001
        if _is_answer(exc):
            return None
        raise _unavailable(f"s3://{bucket}/{key}", exc) from exc


def _single_object(lister: _Lister, key: str) -> SourceFile | None:
    head = _head(lister.fs, lister.root.bucket, key)
    if head is None:
        return None
    name = key.rsplit("/", 1)[-1]
    etag = head.get("ETag", "").strip('"')
    return SourceFile(lister.ref(key, etag), name, head.get("ContentLength", 0), head["LastModified"].timestamp(), None)


# -- full sync ---------------------------------------------------------------------------------


def gone_paths(url: str, indexed: Iterable[str], *, date_from: date | None = None, date_to: date | None = None) -> Iterator[str]:
    """The paths of ``indexed`` (sorted, as :func:`etl.index.sync.indexed_paths` gives them) whose object is gone."""
    root = ObjectRoot.parse(url)
    lister = _Lister(root, date_from, date_to)
    listed = (
        "/".join(item[1]) for item in lister.walk(root.prefix, [], None) if not isinstance(item, Quarantined)
    )
    current = next(listed, None)
    for path in indexed:
        while current is not None and current < path:
            current = next(listed, None)
        if current == path:
            continue
        if not _exists(lister, root.prefix + path):
            yield path


def _exists(lister: _Lister, key: str) -> bool:
    """``False`` only when the store says 404; any other answer keeps the documents."""
    try:
        lister.fs.call_s3("head_object", Bucket=lister.root.bucket, Key=key)
    except FileNotFoundError:
        return False
    except Exception as exc:  # noqa: BLE001
        if not _is_answer(exc):
            raise _unavailable(lister.root.url, exc) from exc
    return True
