"""The run report: every input accounted for, and numbers that must add up.

    files_seen      = files_parsed + files_unchanged + files_quarantined
    articles_parsed = indexed + unchanged + dead_lettered   (duplicates are among the indexed)

A report whose numbers don't add up fails the run (:class:`ReportMismatch`).
Batches produce partial reports that :meth:`RunReport.merge` sums, so the DAG's
mapped tasks and ``etl run`` build the same report.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from etl import PIPELINE_VERSION
from etl.errors import ReportMismatch
from etl.models import Quarantined

COUNTERS = (
    "files_seen",
    "files_parsed",
    "files_unchanged",
    "files_quarantined",
    "records_quarantined",
    "articles_parsed",
    "indexed",
    "created",
    "updated",
    "unchanged",
    "duplicates",
    "dead_lettered",
    "deleted",
    "bytes_read",
    "retries",
    "in_index",
)
MAX_LISTED_PROBLEMS = 200


@dataclass
class RunReport:
    run_id: str
    source: str = ""
    mode: str = "incremental"
    dry_run: bool = False
    index: str | None = None
    date_from: str | None = None
    date_to: str | None = None
    dag_run_id: str | None = None
    started_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat())
    finished_at: str | None = None
    status: str = "running"
    files_seen: int = 0
    files_parsed: int = 0
    files_unchanged: int = 0
    files_quarantined: int = 0
    records_quarantined: int = 0
    articles_parsed: int = 0
    indexed: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    duplicates: int = 0
    dead_lettered: int = 0
    deleted: int = 0
    bytes_read: int = 0
    retries: int = 0
    in_index: int = 0
    """Documents of the run's files that the index holds after it (parsed, unchanged files' documents
    included, dead letters without an older version excluded): what each batch verified by a count,
    and what a reindex must find in its new index, also on a retry that finds every file unchanged.
    Kept out of the ``<prefix>-runs`` document, whose mapping is strict."""
    timings_s: dict[str, float] = field(default_factory=dict)
    errors: Counter[str] = field(default_factory=Counter)
    problems: list[dict[str, Any]] = field(default_factory=list)
    """The first :data:`MAX_LISTED_PROBLEMS` quarantined files/records and dead letters, for people."""

    def note_problem(self, problem: Quarantined) -> None:
        if problem.whole_file:
            self.files_quarantined += 1
        else:
            self.records_quarantined += 1
        self.errors[problem.reason] += 1
        if len(self.problems) < MAX_LISTED_PROBLEMS:
            self.problems.append(
                {"path": problem.rel_path, "reason": problem.reason, "detail": problem.detail, "location": problem.location}
            )

    def merge(self, other: RunReport) -> None:
        """Add a batch's counts into this report."""
        for name in COUNTERS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for key, value in other.timings_s.items():
            self.timings_s[key] = self.timings_s.get(key, 0.0) + value
        self.errors.update(other.errors)
        room = MAX_LISTED_PROBLEMS - len(self.problems)
        self.problems.extend(other.problems[: max(0, room)])

    def imbalances(self) -> list[str]:
        """Every accounting rule the numbers break (empty when they add up)."""
        out = []
        files = self.files_parsed + self.files_unchanged + self.files_quarantined
        if self.files_seen != files:
            out.append(
                f"files_seen {self.files_seen} != files_parsed {self.files_parsed} + files_unchanged "
                f"{self.files_unchanged} + files_quarantined {self.files_quarantined} (= {files})"
            )
        if not self.dry_run:
            arts = self.indexed + self.unchanged + self.dead_lettered
            if self.articles_parsed != arts:
                out.append(
                    f"articles_parsed {self.articles_parsed} != indexed {self.indexed} + unchanged "
                    f"{self.unchanged} + dead_lettered {self.dead_lettered} (= {arts})"
                )
            if self.indexed != self.created + self.updated:
                out.append(f"indexed {self.indexed} != created {self.created} + updated {self.updated}")
        return out

    def check(self) -> None:
        """Raise :class:`ReportMismatch` when the numbers don't add up."""
        problems = self.imbalances()
        if problems:
            raise ReportMismatch(f"run {self.run_id}: the run report does not add up: " + "; ".join(problems))

    def finish(self, status: str) -> None:
        self.status = status
        self.finished_at = datetime.now(UTC).isoformat()

    @property
    def balanced(self) -> bool:
        return not self.imbalances()

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["errors"] = dict(self.errors)
        data["pipeline_version"] = PIPELINE_VERSION
        data["balanced"] = self.balanced
        total = self.timings_s.get("total") or 0.0
        data["articles_per_s"] = round(self.articles_parsed / total, 1) if total else None
        data["mb_per_s"] = round(self.bytes_read / 1e6 / total, 2) if total else None
        return data

    def to_es_doc(self) -> dict[str, Any]:
        """The document indexed into ``<prefix>-runs`` (errors as reason/count pairs for Kibana)."""
        data = self.to_dict()
        data.pop("problems")
        data.pop("in_index")
        data["errors"] = [{"reason": k, "count": v} for k, v in sorted(self.errors.items())]
        data["@timestamp"] = self.finished_at or self.started_at
        data["duration_s"] = self.timings_s.get("total")
        data["timings_s"] = {k: v for k, v in self.timings_s.items() if k in ("parse", "index", "sync", "total")}
        return data

    def write(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(orjson.dumps(self.to_dict(), option=orjson.OPT_INDENT_2))
        return path

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunReport:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        report = cls(**known)
        report.errors = Counter(data.get("errors") or {})
        return report
