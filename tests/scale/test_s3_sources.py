"""Sources on object storage, against a real S3-compatible server (S3Proxy, started on loopback by pid).

Each test gets a local corpus and a bucket holding the same files under ``landing/``: the bundled
sample (HTML, JSON, JSONL, gzip, cp1252, an undated folder, a README) plus BBC articles in
``2024/06/0{1,2,3}/`` partitions, keys with odd characters (spaces, ``%``, ``?``, ``#``, ``+``,
Unicode, a newline) and a JSON article without a known extension (found by sniffing). What the
bucket gives must be exactly what the local folder gives: the same document ids and the same
documents, all but ``source.sha256``, which holds the object's change key (ETag, size,
last-modified) instead of the hash of its bytes.

* ``etl run --source s3://…`` (the CLI, two parser processes) indexes exactly those documents;
  a second run reads nothing and writes nothing.
* ``etl parse s3://…`` prints the same documents (stdout holds JSON lines only), also for a URL
  naming one object; a bucket that does not exist is an error.
* A changed object is updated; deleted objects are deleted by a full sync, a ranged full sync only
  within its dates; the listing is paged three keys at a time.
* Bad objects (a truncated gzip, a binary, an empty object, one deleted between listing and
  reading) are quarantined with the same reasons as the same files locally, and the rest is
  indexed. Credentials the store refuses stop the run before anything is written.
* The DAG (``dag.test()``) with an ``s3://`` ``source_dir`` through an Airflow ``aws``
  connection (``endpoint_url`` in its extra; no AWS variables in the environment).

S3Proxy cannot deny one object to credentials that may read its bucket (one identity, no ACLs on
the filesystem backend); ``access_denied`` for one object is pinned down in
``tests/unit/read/test_objects.py``, and refused credentials are tested here.
"""

from __future__ import annotations

import gzip
import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import ROOT, SAMPLE, bbc_texts

pytestmark = [pytest.mark.scale, pytest.mark.slow, pytest.mark.es]

ETL = str(Path(sys.executable).with_name("etl"))
PREFIX = "landing"
DAYS = ["2024-06-01", "2024-06-02", "2024-06-03"]
BBC_PER_DAY = 6
ODD_NAMES = [
    "2024/06/01/with space & ampersand.txt",
    "2024/06/02/ünïcödé – façade 東京.txt",
    "2024/06/03/100% p%20q +plus ?query #hash.txt",
    "2024/06/03/line\nbreak.txt",
]
SNIFFED = "2024/06/02/feed.export"  # no known extension: a JSON article found by sniffing
#: Fields the run writes (or links across the index) on top of what etl parse prints.
RUN_FIELDS = ("duplicate_of", "fingerprint", "simhash_bands", "@timestamp", "ingest")


# -- the corpus: a local folder and a bucket with the same files -------------------------------


@pytest.fixture(scope="module", autouse=True)
def s3_env(s3_server) -> Iterator[dict[str, str]]:  # noqa: ANN001
    """The standard AWS variables pointing at the session's S3Proxy, for this module's in-process runs."""
    mp = pytest.MonkeyPatch()
    for key, value in s3_server.env().items():
        mp.setenv(key, value)
    mp.delenv("ETL_SOURCE_CONN_ID", raising=False)
    yield s3_server.env()
    mp.undo()


@dataclass
class Landing:
    """One corpus, twice: ``local`` (a folder) and ``url`` (``s3://<bucket>/landing``, the same files)."""

    local: Path
    bucket: str
    fs: Any  # s3fs.S3FileSystem of the test itself (uploads, deletions)

    @property
    def url(self) -> str:
        return f"s3://{self.bucket}/{PREFIX}"

    def key(self, rel: str) -> str:
        return f"{PREFIX}/{rel}"

    def put(self, rel: str, data: bytes) -> None:
        """Write ``rel`` in both places."""
        path = self.local / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.fs.call_s3("put_object", Bucket=self.bucket, Key=self.key(rel), Body=data)

    def delete(self, rel: str) -> None:
        (self.local / rel).unlink()
        self.fs.call_s3("delete_object", Bucket=self.bucket, Key=self.key(rel))

    def head(self, rel: str) -> dict[str, Any]:
        return self.fs.call_s3("head_object", Bucket=self.bucket, Key=self.key(rel))


@pytest.fixture
def landing(s3_server, tmp_path: Path) -> Landing:  # noqa: ANN001
    import s3fs

    fs = s3fs.S3FileSystem(
        key=s3_server.access_key, secret=s3_server.secret_key, endpoint_url=s3_server.endpoint_url, skip_instance_cache=True
    )
    bucket = f"src-{uuid.uuid4().hex[:8]}"
    fs.call_s3("create_bucket", Bucket=bucket)
    land = Landing(tmp_path / "landing", bucket, fs)
    for path in sorted(SAMPLE.rglob("*")):
        if path.is_file():
            land.put(path.relative_to(SAMPLE).as_posix(), path.read_bytes())
    texts = bbc_texts()
    for i in range(BBC_PER_DAY * len(DAYS)):
        path, text = next(texts)
        land.put(f"{DAYS[i % len(DAYS)].replace('-', '/')}/{path.parent.name}-{path.name}", text.encode())
    for name in ODD_NAMES:
        land.put(name, next(texts)[1].encode())
    title, _, body = next(texts)[1].partition("\n")
    land.put(SNIFFED, json.dumps({"title": title.strip(), "body": body.strip()}).encode())
    return land


def local_docs(root: Path, *, indexed: bool = True) -> dict[str, dict]:
    """``{id: document}`` of what ``etl parse <root>`` finds, the same code in this process: as
    indexed (passages as spans, no paragraphs), or as ``etl parse`` prints it."""
    from etl.config import load_settings
    from etl.models import Quarantined
    from etl.pipeline import process_file
    from etl.read import discover
    from etl.runner.documents import indexed_article

    settings = load_settings()
    docs = {}
    for item in discover(root, config=settings.read):
        if not isinstance(item, Quarantined):
            docs.update((d.id, indexed_article(d) if indexed else d.to_dict()) for d in process_file(item, settings).documents)
    return docs


def comparable(doc: dict) -> dict:
    """A document without what a run adds and without ``source.sha256`` (an object's change key)."""
    out = {k: v for k, v in doc.items() if k not in RUN_FIELDS}
    out["source"] = {k: v for k, v in doc["source"].items() if k != "sha256"}
    return out


def indexed_docs(es, alias: str) -> dict[str, dict]:  # noqa: ANN001
    es.indices.refresh(index=alias)
    hits = es.search(index=alias, size=1000, query={"match_all": {}}, version=True)["hits"]["hits"]
    return {h["_id"]: {**h["_source"], "_version": h["_version"]} for h in hits}


def assert_same_documents(got: dict[str, dict], expected: dict[str, dict]) -> None:
    assert set(got) == set(expected), (
        f"missing {sorted(expected[i]['source']['path'] for i in set(expected) - set(got))}, "
        f"unexpected {sorted(got[i]['source']['path'] for i in set(got) - set(expected))}"
    )
    for doc_id, doc in expected.items():
        theirs = {k: v for k, v in got[doc_id].items() if k != "_version"}
        assert comparable(theirs) == comparable(doc), doc["source"]["path"]


def cli_env(es_settings, **extra: str) -> dict[str, str]:  # noqa: ANN001
    return {
        **os.environ,
        "ES_URL": es_settings.elasticsearch.url,
        "ETL_ELASTICSEARCH__INDEX_PREFIX": es_settings.elasticsearch.index_prefix,
        **extra,
    }


def etl_run(es_settings, source: str, *args: str, env: dict[str, str] | None = None) -> tuple[int, dict | None, str]:  # noqa: ANN001
    proc = subprocess.run(
        [ETL, "run", "--source", source, "--json", *args],
        capture_output=True, text=True, env=env or cli_env(es_settings), timeout=300,
    )  # fmt: skip
    report = json.loads(proc.stdout) if proc.returncode in (0, 3) else None
    return proc.returncode, report, proc.stderr


def adds_up(report: dict) -> None:
    from tests.airflow.helpers import assert_adds_up

    assert_adds_up(report)


# -- etl run / etl parse -----------------------------------------------------------------------


@pytest.mark.timeout(300, func_only=True)
def test_etl_run_over_an_s3_prefix_indexes_what_the_same_files_give_locally_and_a_rerun_writes_nothing(es, es_settings, landing) -> None:  # noqa: ANN001
    from etl.read.objects import change_key

    expected = local_docs(landing.local)
    paths = {d["source"]["path"] for d in expected.values()}
    assert set(ODD_NAMES) | {SNIFFED, "2024/03/04/evening-briefing.txt.gz", "undated/archive-features.txt"} <= paths

    rc, report, err = etl_run(es_settings, landing.url, "--workers", "2")
    assert rc == 0, err
    adds_up(report)
    assert report["source"] == landing.url and report["status"] == "succeeded"
    assert report["files_seen"] == report["files_parsed"] == len(paths) and report["files_quarantined"] == 0, report
    assert report["articles_parsed"] == report["created"] == len(expected), report
    alias = es_settings.elasticsearch.index_prefix
    first = indexed_docs(es, alias)
    assert_same_documents(first, expected)
    # source.sha256 is the object's change key: what a HEAD of the object says now.
    for doc in first.values():
        head = landing.head(doc["source"]["path"])
        assert doc["source"]["sha256"] == change_key(head["ETag"], head["ContentLength"], head["LastModified"].timestamp())

    rc, again, err = etl_run(es_settings, landing.url, "--workers", "2")
    assert rc == 0, err
    adds_up(again)
    assert again["files_seen"] == again["files_unchanged"] == len(paths), again
    assert again["files_parsed"] == again["indexed"] == 0 and again["bytes_read"] > 0, again
    assert {i: d["_version"] for i, d in indexed_docs(es, alias).items()} == {i: d["_version"] for i, d in first.items()}


@pytest.mark.timeout(120, func_only=True)
def test_etl_parse_reads_an_s3_prefix_or_one_object_like_local_files(landing) -> None:  # noqa: ANN001
    expected = local_docs(landing.local, indexed=False)
    proc = subprocess.run([ETL, "parse", landing.url], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    printed = [json.loads(line) for line in proc.stdout.splitlines()]  # every stdout line is a document
    assert len(printed) == len(expected)
    assert_same_documents({d["id"]: d for d in printed}, expected)

    odd = ODD_NAMES[2]
    proc = subprocess.run([ETL, "parse", f"{landing.url}/{odd}"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    (one,) = (json.loads(line) for line in proc.stdout.splitlines())
    assert one["source"]["path"] == odd.rsplit("/", 1)[-1]  # one object named: its name, as for one local file

    proc = subprocess.run([ETL, "parse", f"s3://no-such-bucket-{uuid.uuid4().hex[:6]}/x"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1 and proc.stdout == ""
    assert "cannot be listed" in proc.stderr and "no file could be read" in proc.stderr


@pytest.mark.timeout(300, func_only=True)
def test_changed_and_deleted_objects_are_updated_then_deleted_by_full_syncs_within_their_dates(
    es, es_settings, landing, tmp_path, monkeypatch  # noqa: ANN001
) -> None:
    from etl.index import manage
    from etl.read import objects
    from etl.runner import run

    monkeypatch.setattr(objects, "LIST_PAGE_SIZE", 3)  # many pages, at every level of the tree
    manage.setup(es, es_settings.elasticsearch)
    alias = es_settings.elasticsearch.index_prefix

    def sync(**kwargs: Any) -> Any:
        report = run(es, es_settings, landing.url, runs_dir=tmp_path / "runs", **kwargs)
        assert report.balanced, report.imbalances()
        return report

    first = sync()
    assert_same_documents(indexed_docs(es, alias), local_docs(landing.local))
    files = first.files_seen

    def rel(day: str, n: int) -> str:
        prefix = day.replace("-", "/") + "/"
        return sorted(d["source"]["path"] for d in indexed_docs(es, alias).values() if d["source"]["path"].startswith(prefix) and "-" in d["source"]["path"].rsplit("/", 1)[-1])[n]

    changed, gone_in_range, gone_outside = rel(DAYS[0], 0), rel(DAYS[1], 0), rel(DAYS[2], 0)
    landing.put(changed, (landing.local / changed).read_bytes().replace(b".", b"!", 3) + b"\n\nA paragraph added later.\n")
    landing.delete(gone_in_range)
    landing.delete(gone_outside)

    # Incremental: the changed object is parsed again and updated; nothing is deleted.
    second = sync()
    assert second.files_seen == files - 2 and second.files_parsed == 1 and second.files_unchanged == files - 3
    assert second.updated >= 1 and second.created == 0 and second.deleted == 0
    held = {d["source"]["path"] for d in indexed_docs(es, alias).values()}
    assert {gone_in_range, gone_outside} <= held

    # A full sync of one day deletes what is gone in that day only.
    day = DAYS[1]
    third = sync(full_sync=True, date_from=date.fromisoformat(day), date_to=date.fromisoformat(day), include_undated=False)
    assert third.deleted >= 1 and third.files_unchanged == third.files_seen
    held = {d["source"]["path"] for d in indexed_docs(es, alias).values()}
    assert gone_in_range not in held and gone_outside in held

    # A full sync of everything deletes the rest; the index is then exactly what the folder gives.
    fourth = sync(full_sync=True)
    assert fourth.deleted >= 1 and fourth.files_unchanged == fourth.files_seen == files - 2
    assert_same_documents(indexed_docs(es, alias), local_docs(landing.local))


_GZ = gzip.compress("\n\n\n".join(text for _i, (_path, text) in zip(range(3), bbc_texts())).encode())
BAD = {
    "2024/06/01/cut-short.txt.gz": (_GZ[: len(_GZ) // 2], "truncated_gzip"),
    "2024/06/02/scan.txt": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "binary"),
    "2024/06/02/empty.txt": (b"", "empty"),
}
DELETED_MID_RUN = "2024/06/03/zz-deleted-between-listing-and-reading.txt"


@pytest.mark.timeout(300, func_only=True)
def test_bad_objects_are_quarantined_with_the_local_reasons_and_the_rest_is_indexed(es, es_settings, landing, tmp_path) -> None:  # noqa: ANN001
    from etl.config import load_settings
    from etl.index import manage
    from etl.pipeline import process_file
    from etl.read import discover
    from etl.runner import run

    good = local_docs(landing.local)
    for name, (data, _reason) in BAD.items():
        landing.put(name, data)
    landing.put(DELETED_MID_RUN, b"Gone soon\n\nThis object is listed, then deleted before it is read.\n")

    # The same bytes, locally: the reasons a run over the bucket must give.
    settings = load_settings()
    local_reasons = {}
    for item in discover(landing.local, config=settings.read):
        for problem in process_file(item, settings).problems:
            local_reasons[problem.rel_path] = problem.reason
    assert local_reasons == {name: reason for name, (_data, reason) in BAD.items()}

    deleted = []

    def delete_once_reading_started(n: int) -> None:
        # Called after each file is processed (no discovery problems here): the listing is done.
        if not deleted:
            landing.fs.call_s3("delete_object", Bucket=landing.bucket, Key=landing.key(DELETED_MID_RUN))
            deleted.append(DELETED_MID_RUN)

    manage.setup(es, es_settings.elasticsearch)
    report = run(es, es_settings, landing.url, runs_dir=tmp_path / "runs", workers=1, progress=delete_once_reading_started)
    assert report.balanced, report.imbalances()
    assert deleted == [DELETED_MID_RUN]
    quarantined = {p["path"]: p["reason"] for p in report.problems}
    assert quarantined == {**local_reasons, DELETED_MID_RUN: "vanished"}, report.problems
    assert dict(report.errors) == {"truncated_gzip": 1, "binary": 1, "empty": 1, "vanished": 1}
    assert report.files_quarantined == 4 and report.files_parsed == len({d["source"]["path"] for d in good.values()})
    assert_same_documents(indexed_docs(es, es_settings.elasticsearch.index_prefix), good)


@pytest.mark.timeout(120, func_only=True)
def test_a_source_that_cannot_be_read_as_a_prefix_stops_the_run_before_anything_is_written(es, es_settings, landing) -> None:  # noqa: ANN001
    missing = f"s3://no-such-bucket-{uuid.uuid4().hex[:6]}/news"
    cases = [
        # Credentials the store refuses: a real 403 from the server.
        (landing.url, {"AWS_SECRET_ACCESS_KEY": "not-the-secret"}, [f"source {landing.url} cannot be listed with connection 'aws_default'", "PermissionError"]),
        (missing, {}, [f"source {missing} cannot be listed", "FileNotFoundError"]),
        # One object is not a folder: a full sync over it would find every other document gone.
        (f"{landing.url}/{ODD_NAMES[0]}", {}, ["is one object, not a prefix"]),
    ]
    for source, env, messages in cases:
        rc, report, err = etl_run(es_settings, source, env=cli_env(es_settings, **env))
        assert rc == 2 and report is None, (source, err)
        assert all(m in err for m in messages), err
    assert not es.indices.exists(index=es_settings.elasticsearch.index_prefix)


# -- the DAG -----------------------------------------------------------------------------------

SOURCE_CONN_ID = "landing_s3"


@pytest.mark.airflow
@pytest.mark.timeout(300, func_only=True)
def test_ingest_dag_reads_an_s3_source_dir_through_an_aws_connection(dag, es, prefixed, landing, s3_server, monkeypatch) -> None:  # noqa: ANN001
    from tests.airflow.helpers import alias_ids, run_reports

    # Only the connection knows the credentials and the endpoint (in its extra).
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv(f"AIRFLOW_CONN_{SOURCE_CONN_ID.upper()}", s3_server.connection_uri())
    days = DAYS[:2]
    expected = {
        i: d for i, d in local_docs(landing.local).items() if d["source"]["path"].startswith(tuple(x.replace("-", "/") + "/" for x in days))
    }
    conf = {
        "source_dir": landing.url,
        "source_conn_id": SOURCE_CONN_ID,
        "date_from": days[0],
        "date_to": days[-1],
        "full_sync": False,
        "reindex": False,
        "dry_run": False,
    }

    def run_dag(**overrides: Any) -> dict:
        dr = dag.test(run_conf={**conf, **overrides})
        assert str(dr.state).split(".")[-1].lower() == "success", f"run {dr.run_id} ended {dr.state}"
        (report,) = [r for r in run_reports(es, f"{prefixed}-runs") if r.get("dag_run_id") == dr.run_id]
        adds_up(report)
        return report

    first = run_dag()
    assert first["source"] == f"s3://{SOURCE_CONN_ID}@{landing.bucket}/{PREFIX}"
    assert first["articles_parsed"] == first["created"] == len(expected) and first["files_quarantined"] == 0, first
    assert_same_documents(indexed_docs(es, prefixed), expected)

    again = run_dag()
    assert again["files_seen"] == again["files_unchanged"] == first["files_seen"] and again["indexed"] == 0, again

    gone = sorted(d["source"]["path"] for d in expected.values() if d["source"]["path"].startswith("2024/06/01/"))[0]
    landing.delete(gone)
    synced = run_dag(full_sync=True)
    assert synced["deleted"] == sum(1 for d in expected.values() if d["source"]["path"] == gone) and synced["files_seen"] == first["files_seen"] - 1
    assert set(alias_ids(es, prefixed).values()) == {d["source"]["path"] for d in expected.values()} - {gone}
