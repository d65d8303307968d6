"""Helpers shared by the real-Airflow tests: expected ids from ``etl parse``, index queries."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"
ETL = str(Path(sys.executable).with_name("etl"))


def parsed_ids(source: Path, days: list[str]) -> dict[str, str]:
    """``{id: source.path}`` of what ``etl parse <source>`` finds in the given ``YYYY-MM-DD`` days' folders."""
    out = subprocess.run([ETL, "parse", str(source)], capture_output=True, text=True, check=True).stdout
    prefixes = tuple(day.replace("-", "/") + "/" for day in days)
    found = {}
    for line in out.splitlines():
        doc = json.loads(line)
        if doc["source"]["path"].startswith(prefixes):
            found[doc["id"]] = doc["source"]["path"]
    return found


def alias_ids(es, alias: str) -> dict[str, str]:  # noqa: ANN001 - elasticsearch.Elasticsearch
    """``{_id: source.path}`` of every document behind ``alias`` (refreshed first)."""
    es.indices.refresh(index=alias)
    hits = es.search(index=alias, size=1000, source=["source.path"], query={"match_all": {}})["hits"]["hits"]
    return {h["_id"]: h["_source"]["source"]["path"] for h in hits}


def run_reports(es, runs_index: str) -> list[dict]:  # noqa: ANN001
    """Every run report in ``<prefix>-runs`` (empty when the index does not exist)."""
    if not es.indices.exists(index=runs_index):
        return []
    es.indices.refresh(index=runs_index)
    hits = es.search(index=runs_index, size=1000, query={"match_all": {}})["hits"]["hits"]
    return [h["_source"] for h in hits]


def assert_adds_up(report: dict) -> None:
    """The run report's accounting rules (docs/operations.md: Reading a run report)."""
    files = report["files_parsed"] + report["files_unchanged"] + report["files_quarantined"]
    assert report["files_seen"] == files, report
    if not report["dry_run"]:
        assert report["articles_parsed"] == report["indexed"] + report["unchanged"] + report["dead_lettered"], report
        assert report["indexed"] == report["created"] + report["updated"], report
    assert report["balanced"] is True, report
