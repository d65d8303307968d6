"""What every batch of one run needs, and run ids."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from etl.config import PROJECT_ROOT, Settings

if TYPE_CHECKING:
    pass

log = logging.getLogger(__name__)

T = TypeVar("T")

DEFAULT_RUNS_DIR = PROJECT_ROOT / ".local" / "runs"


def new_run_id(now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    return f"{now:%Y%m%dT%H%M%SZ}-{uuid.uuid4().hex[:8]}"


@dataclass
class RunContext:
    """What every batch of one run needs (picklable, so batches can run anywhere)."""

    settings: Settings
    source_root: Path | str
    """A local folder, or an object-storage URL (``s3://bucket/prefix``)."""
    run_id: str
    index: str
    """Where documents are written: the alias, or a concrete index during a reindex."""
    started_at: str = field(default_factory=lambda: datetime.now(UTC).isoformat())
    dry_run: bool = False
    runs_dir: Path = DEFAULT_RUNS_DIR
    workers: int = 1

    @property
    def run_dir(self) -> Path:
        return self.runs_dir / self.run_id
