"""Local paths load no object-storage machinery: ``etl parse`` and ``etl run`` over folders never
import Airflow, s3fs or botocore (they load only for an ``s3://`` source, in etl.read.objects)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.scale  # a promise of the object-storage sources (tests/scale/test_s3_sources.py)

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "sample"

HEAVY = ("airflow", "s3fs", "botocore", "aiobotocore", "fsspec")

SCRIPT = f"""
import contextlib, io, sys
from etl.cli import main

with contextlib.redirect_stdout(io.TextIOWrapper(io.BytesIO())):
    assert main(["parse", {str(SAMPLE / "2024" / "03" / "01")!r}]) == 0
    assert main(["run", "--dry-run", "--workers", "1", "--source", {str(SAMPLE)!r}, "--json"]) == 0
    assert main(["parse", "file://" + {str(SAMPLE / "undated")!r}]) == 0
print(sorted(m for m in {HEAVY!r} if m in sys.modules))
"""


def test_local_parse_and_run_import_no_airflow_nor_s3fs(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"
