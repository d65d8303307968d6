"""Object-storage sources without a server: URLs, change keys, error classification, the listing walk.

The walk runs here over an in-memory listing that answers ``list_objects_v2`` the way S3 does
(delimiter, page size, continuation tokens), so its rules can be pinned down key by key; the same
code against a real S3-compatible server (S3Proxy) is tested in ``tests/scale/test_s3_sources.py``.
"""

from __future__ import annotations

import os
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from etl.config import ReadConfig
from etl.errors import ConfigError, QuarantineError, SourceUnavailable
from etl.models import ObjectRef, Quarantined, SourceFile
from etl.read import objects
from etl.read.objects import ObjectRoot, change_key, discover_objects, gone_paths, is_object_url, source_location
from etl.read.sources import encode_location, source_file

pytestmark = pytest.mark.scale  # item 1 of the scale-out work (object-storage sources): `pytest -m scale`

CFG = ReadConfig()


# -- URLs --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("data/landing", Path("data/landing")),
        ("/srv/landing/", Path("/srv/landing")),
        ("file:///srv/landing", Path("/srv/landing")),
        ("s3://landing/news", "s3://landing/news"),
        ("s3://landing/news/", "s3://landing/news"),
        ("s3://landing", "s3://landing"),
        ("S3A://landing/news", "s3a://landing/news"),
        ("s3://my_conn@landing/news", "s3://my_conn@landing/news"),
        # Keys are taken verbatim: no percent-decoding, '?' and '#' are part of the prefix.
        ("s3://landing/a%20b?c#d", "s3://landing/a%20b?c#d"),
    ],
)
def test_a_source_is_a_local_path_or_a_normalised_object_url(value: str, expected: Path | str) -> None:
    assert source_location(value) == expected
    assert is_object_url(value) == isinstance(expected, str)


def test_object_roots_split_verbatim_and_take_the_connection_from_url_or_argument() -> None:
    root = ObjectRoot.parse("s3://my_conn@landing/a%20b?c#d")
    assert (root.protocol, root.bucket, root.prefix, root.conn_id) == ("s3", "landing", "a%20b?c#d/", "my_conn")
    assert ObjectRoot.parse("s3://my_conn@landing/x", conn_id="other").conn_id == "other"
    assert ObjectRoot.parse("s3://landing").prefix == ""


def test_the_connection_defaults_to_the_setting_then_aws_default(monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.delenv(objects.SOURCE_CONN_ID_ENV, raising=False)
    assert ObjectRoot.parse("s3://landing/x").resolved_conn_id == "aws_default"
    monkeypatch.setenv(objects.SOURCE_CONN_ID_ENV, "landing_s3")
    assert ObjectRoot.parse("s3://landing/x").resolved_conn_id == "landing_s3"
    assert ObjectRoot.parse("s3://mine@landing/x").resolved_conn_id == "mine"


@pytest.mark.parametrize("url", ["gs://landing/x", "s3://", "s3:///prefix", "s3://user@/prefix"])
def test_unsupported_or_bucketless_urls_are_configuration_errors(url: str) -> None:
    with pytest.raises(ConfigError):
        ObjectRoot.parse(url)


def test_a_path_object_is_local_even_when_it_looks_like_a_url() -> None:
    assert not is_object_url(Path("s3:/landing"))
    assert not is_object_url("file:///srv/landing")


# -- change keys -------------------------------------------------------------------------------


def test_the_change_key_is_etag_size_and_whole_seconds_of_last_modified() -> None:
    listed = datetime(2024, 6, 1, 12, 0, 0, 734000, tzinfo=UTC).timestamp()  # listings carry milliseconds
    got = datetime(2024, 6, 1, 12, 0, 0, tzinfo=UTC).timestamp()  # GetObject's Last-Modified does not
    key = change_key('"9dd4e461268c8034f5c8564e155c67a6"', 120, listed)
    assert key == change_key("9dd4e461268c8034f5c8564e155c67a6", 120, got)
    assert len(key) == 64 and int(key, 16) >= 0  # fits source.sha256 (64 hex digits)
    assert key != change_key("9dd4e461268c8034f5c8564e155c67a7", 120, got)
    assert key != change_key("9dd4e461268c8034f5c8564e155c67a6", 121, got)
    assert key != change_key("9dd4e461268c8034f5c8564e155c67a6", 120, got + 1)


def test_a_manifest_carries_an_object_as_listed() -> None:
    ref = ObjectRef("s3", "landing_s3", "landing", "news/2024/06/01/a b%20c?.txt", "9dd4e461")
    src = SourceFile(ref, "2024/06/01/a b%20c?.txt", 120, 1717243200.25, date(2024, 6, 1))
    assert source_file(src.rel_path, encode_location(src)) == src


# -- error answers -----------------------------------------------------------------------------


def _answer(code: str, status: int, op: str = "GetObject") -> Exception:
    """An error answer as s3fs raises it: botocore's ClientError translated by s3fs."""
    from botocore.exceptions import ClientError
    from s3fs.errors import translate_boto_error

    error = ClientError({"Error": {"Code": code, "Message": code}, "ResponseMetadata": {"HTTPStatusCode": status}}, op)
    return translate_boto_error(error)


REF = ObjectRef("s3", "aws_default", "landing", "news/a.txt", "e")


@pytest.mark.parametrize(
    ("code", "status", "reason"),
    [("NoSuchKey", 404, "vanished"), ("AccessDenied", 403, "access_denied"), ("InternalError", 500, "unreadable")],
)
def test_an_error_answer_for_one_object_is_a_quarantine_reason(code: str, status: int, reason: str) -> None:
    problem = objects._object_error(_answer(code, status), REF, "a.txt", "read")
    assert isinstance(problem, QuarantineError)
    assert (problem.reason, problem.path) == (reason, "a.txt")


def test_a_store_that_does_not_answer_fails_the_run_instead_of_quarantining() -> None:
    from botocore.exceptions import EndpointConnectionError

    for exc in (EndpointConnectionError(endpoint_url="http://127.0.0.1:9"), ConnectionRefusedError(111, "refused")):
        assert isinstance(objects._object_error(exc, REF, "a.txt", "read"), SourceUnavailable)


def test_source_unavailable_is_not_swallowed_as_a_bad_file(monkeypatch) -> None:  # noqa: ANN001
    from etl.config import load_settings
    from etl.pipeline import process_file

    def down(src: SourceFile, config: ReadConfig) -> tuple[bytes, str]:
        raise SourceUnavailable("the object store did not answer")

    monkeypatch.setattr(objects, "read_object", down)
    with pytest.raises(SourceUnavailable):
        process_file(SourceFile(REF, "a.txt", 10, 0.0), load_settings())


# -- the listing walk --------------------------------------------------------------------------


class ListingOnly:
    """Answers ``list_objects_v2`` (and ``head_object``) from a dict of keys, as S3 does; nothing else.

    ``repeat_last``: repeat each page's last entry at the top of the next page, as S3Proxy 2.6 does
    in delimited listings.
    """

    def __init__(self, keys: dict[str, bytes], *, repeat_last: bool = False) -> None:
        self.keys = keys
        self.repeat_last = repeat_last
        self.listed_prefixes: list[str] = []

    def call_s3(self, method: str, **kw: Any) -> dict[str, Any]:
        if method == "head_object":
            if kw["Key"] not in self.keys:
                raise FileNotFoundError(kw["Key"])
            return {"ETag": '"e"', "ContentLength": len(self.keys[kw["Key"]]), "LastModified": datetime(2024, 6, 1, tzinfo=UTC)}
        assert method == "list_objects_v2" and kw["Delimiter"] == "/"
        prefix = kw["Prefix"]
        self.listed_prefixes.append(prefix)
        entries: list[tuple[str, bool]] = []
        for key in sorted(k for k in self.keys if k.startswith(prefix)):
            rest = key[len(prefix) :]
            if "/" in rest:
                folder = prefix + rest.split("/", 1)[0] + "/"
                if not entries or entries[-1] != (folder, True):
                    entries.append((folder, True))
            else:
                entries.append((key, False))
        start = int(kw.get("ContinuationToken") or 0)
        if self.repeat_last and start and kw["MaxKeys"] > 1:
            start -= 1
        page = entries[start : start + kw["MaxKeys"]]
        end = start + len(page)
        out: dict[str, Any] = {
            "CommonPrefixes": [{"Prefix": k} for k, folder in page if folder],
            "Contents": [
                {"Key": k, "Size": len(self.keys[k]), "ETag": '"e"', "LastModified": datetime(2024, 6, 1, tzinfo=UTC)}
                for k, folder in page
                if not folder
            ],
            "IsTruncated": end < len(entries),
        }
        if out["IsTruncated"]:
            out["NextContinuationToken"] = str(end)
        return out


@pytest.fixture
def store(monkeypatch):  # noqa: ANN001, ANN201
    """Install a listing as this process's filesystem for the default connection."""

    def install(keys: dict[str, bytes], **kwargs: Any) -> ListingOnly:
        fs = ListingOnly(keys, **kwargs)
        monkeypatch.delenv(objects.SOURCE_CONN_ID_ENV, raising=False)
        monkeypatch.setitem(objects._FILESYSTEMS, (os.getpid(), "s3", "aws_default"), fs)
        return fs

    return install


KEYS = {
    "news/2024/06/01/a.txt": b"a",
    "news/2024/06/01/b b%20?#.txt": b"b",
    "news/2024/06/01/.hidden.txt": b"h",
    "news/2024/06/01/./dot.txt": b"d",
    "news/2024/06/01/README.txt": b"r",
    "news/2024/06/02/c.txt": b"c",
    "news/2024/07/01/d.txt": b"d",
    "news/2024-06-03/e.json": b"e",
    "news/2024/06/02//f.txt": b"f",
    "news/marker/": b"",
    "news/undated/g.txt": b"g",
    "other/x.txt": b"x",
}


@pytest.mark.parametrize("page_size", [1, 2, 1000])
@pytest.mark.parametrize("repeat_last", [False, True])
def test_the_walk_follows_the_local_rules_in_key_order_whatever_the_page_size(store, monkeypatch, page_size: int, repeat_last: bool) -> None:  # noqa: ANN001
    store(KEYS, repeat_last=repeat_last)
    monkeypatch.setattr(objects, "LIST_PAGE_SIZE", page_size)
    found = list(discover_objects("s3://landing/news", config=CFG))
    files = [(f.rel_path, f.partition_date) for f in found if isinstance(f, SourceFile)]
    assert files == [
        ("2024-06-03/e.json", date(2024, 6, 3)),
        ("2024/06/01/a.txt", date(2024, 6, 1)),
        ("2024/06/01/b b%20?#.txt", date(2024, 6, 1)),
        ("2024/06/02/c.txt", date(2024, 6, 2)),
        ("2024/07/01/d.txt", date(2024, 7, 1)),
        ("undated/g.txt", None),
    ]
    problems = [(p.rel_path, p.reason) for p in found if isinstance(p, Quarantined)]
    assert problems == [("2024/06/02//", "bad_key")]
    ref = next(f for f in found if isinstance(f, SourceFile)).path
    assert isinstance(ref, ObjectRef) and (ref.bucket, ref.key, ref.etag) == ("landing", "news/2024-06-03/e.json", "e")


def test_prefixes_dated_outside_the_range_are_not_listed(store) -> None:  # noqa: ANN001
    fs = store(KEYS)
    found = list(discover_objects("s3://landing/news", date_from=date(2024, 6, 2), date_to=date(2024, 6, 2), include_undated=False, config=CFG))
    assert [f.rel_path for f in found] == ["2024/06/02//", "2024/06/02/c.txt"]
    assert "news/2024/06/01/" not in fs.listed_prefixes and "news/2024/07/01/" not in fs.listed_prefixes


def test_a_url_naming_one_object_yields_that_object(store) -> None:  # noqa: ANN001
    store(KEYS)
    (only,) = discover_objects("s3://landing/news/2024/06/01/a.txt", config=CFG)
    assert isinstance(only, SourceFile) and only.rel_path == "a.txt" and only.path.key == "news/2024/06/01/a.txt"


def test_gone_paths_are_the_indexed_paths_without_an_object(store) -> None:  # noqa: ANN001
    store(KEYS)
    indexed = ["2024/05/31/old.txt", "2024/06/01/a.txt", "2024/06/01/b b%20?#.txt", "2024/06/01/gone.txt", "zzz/gone.txt"]
    assert list(gone_paths("s3://landing/news", indexed)) == ["2024/05/31/old.txt", "2024/06/01/gone.txt", "zzz/gone.txt"]
    # An index listed in another order than the store's costs HEAD requests, never wrong deletions.
    assert sorted(gone_paths("s3://landing/news", list(reversed(indexed)))) == ["2024/05/31/old.txt", "2024/06/01/gone.txt", "zzz/gone.txt"]
