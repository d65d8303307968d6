"""The DAG's staging (etl.airflow.staging) on a real file:// ObjectStoragePath: manifest in, batches out."""

from __future__ import annotations

from pathlib import Path

import pytest

from etl.airflow import staging
from etl.models import Quarantined
from etl.read.sources import encode_path, source_file
from etl.runner import batches


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("ETL_STAGING_URL", f"file://{tmp_path / 'staging'}")
    return staging.run_folder("manual__2024-03-01T00:00:00+00:00")


def _files(root: Path, names: list[str]) -> list:
    out = []
    for name in names:
        (root / name).write_text(f"Title\n\nBody of {name}.\n", encoding="utf-8")
        out.append(source_file(name, encode_path(root / name)))
    return out


@pytest.mark.parametrize(
    ("dag_run_id", "folder_name"),
    [
        ("manual__2024-03-01T00:00:00+00:00", "manual__2024-03-01T00_00_00_00_00"),
        ("scheduled__2024-03-02T00:00:00+00:00", "scheduled__2024-03-02T00_00_00_00_00"),
        ("backfill/../x", "backfill_.._x"),
    ],
)
def test_dag_run_id_becomes_a_safe_folder_name(dag_run_id: str, folder_name: str) -> None:
    assert staging.safe_id(dag_run_id) == folder_name


def test_manifest_keeps_files_and_discovery_problems_apart(folder, tmp_path: Path) -> None:
    files = _files(tmp_path, ["a.txt", "b.txt"])
    problem = Quarantined("c.txt", "broken_symlink", "symbolic link target does not exist")
    staging.write_manifest(folder, [files[0], problem, files[1]])
    assert list(staging.manifest_entries(folder)) == [(f.rel_path, encode_path(f.path), f.size) for f in files]
    assert list(staging.manifest_problems(folder)) == [problem]


def test_batches_are_written_as_they_come_and_read_back_with_vanished_files_counted(folder, tmp_path: Path) -> None:
    files = _files(tmp_path, ["a.txt", "b.txt", "c.txt"])
    staging.write_manifest(folder, files)
    urls = staging.write_batches(folder, batches(staging.manifest_entries(folder), 1, size_of=lambda e: e[2]))
    assert [u.rsplit("/", 1)[-1] for u in urls] == ["0000.json", "0001.json", "0002.json"]
    (tmp_path / "b.txt").unlink()
    read = [staging.read_batch(u) for u in urls]
    assert [([f.rel_path for f in got], missing) for got, missing in read] == [(["a.txt"], 0), ([], 1), (["c.txt"], 0)]
    assert staging.batch_report_url(urls[0]).endswith("0000.report.json")


@pytest.mark.scale
def test_objects_go_through_the_manifest_and_batches_as_listed(folder) -> None:
    from datetime import date

    from etl.models import ObjectRef, SourceFile

    objs = [
        SourceFile(ObjectRef("s3", "landing_s3", "landing", f"news/2024/06/01/{name}", f"etag{i}"), f"2024/06/01/{name}", 10 + i, 1717243200.5, date(2024, 6, 1))
        for i, name in enumerate(["a b.txt", "100% ?#.txt", "ünï\ncödé.txt"])
    ]
    staging.write_manifest(folder, objs)
    urls = staging.write_batches(folder, batches(staging.manifest_entries(folder), 1, size_of=lambda e: e[2]))
    # Nothing is asked of the store here: an object deleted since is quarantined when it is read.
    assert [staging.read_batch(u) for u in urls] == [([o], 0) for o in objs]
