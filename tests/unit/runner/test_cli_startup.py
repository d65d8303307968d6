"""`etl parse` and `etl run` start lean: no Airflow import on either path, and no Elasticsearch client
(~0.3 s of imports: aiohttp, httpx) in `etl parse` or a dry run (issue 15 item 4).

Each command runs in a fresh interpreter (a module imported by an earlier test would hide
an import), then the modules it loaded are listed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import SAMPLE

_PROBE = """
import json, sys
from etl import cli
rc = cli.main(json.loads(sys.argv[1]))
sys.stdout.flush()
print(json.dumps({"rc": rc, "modules": sorted(sys.modules)}), file=sys.stderr)
"""


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["parse", str(SAMPLE / "2024" / "03" / "01")], id="etl-parse"),
        pytest.param(["run", "--source", str(SAMPLE), "--dry-run"], id="etl-run-dry"),
    ],
)
def test_the_command_imports_neither_airflow_nor_the_elasticsearch_client(argv: list[str]) -> None:
    proc = subprocess.run([sys.executable, "-c", _PROBE, json.dumps(argv)], capture_output=True, text=True, check=True)
    out = json.loads(proc.stderr.strip().splitlines()[-1])
    assert out["rc"] == 0, proc.stderr[-2000:]
    assert "etl.pipeline" in out["modules"], "the probe must have run the pipeline"
    assert [m for m in out["modules"] if m.split(".")[0] in ("airflow", "elasticsearch", "elastic_transport")] == []


@pytest.mark.parametrize(
    "argv",
    [
        pytest.param(["parse", str(SAMPLE / "undated"), str(SAMPLE / "2024" / "03" / "01" / "wire-roundup.txt")], id="etl-parse-plain-text"),
        pytest.param(["run", "--source", str(SAMPLE / "undated"), "--dry-run"], id="etl-run-dry-plain-text"),
    ],
)
def test_plain_text_never_loads_the_html_extractor(argv: list[str]) -> None:
    """lxml and the page tables (~60 ms) are imported by the first HTML page, not at start-up."""
    proc = subprocess.run([sys.executable, "-c", _PROBE, json.dumps(argv)], capture_output=True, text=True, check=True)
    out = json.loads(proc.stderr.strip().splitlines()[-1])
    assert out["rc"] == 0, proc.stderr[-2000:]
    assert "etl.pipeline" in out["modules"], "the probe must have run the pipeline"
    assert [m for m in out["modules"] if m in ("lxml", "etl.clean.html")] == []


#: What ``etl parse`` no longer loads (issue 15, start-up CPU): numpy (~0.1 CPU-s; the token tables are
#: ``array.array`` buffers read by the C kernels) and pydantic, pydantic-settings and yaml (~0.15 CPU-s;
#: the stages' settings come from the start-up cache once this configuration was validated).
_NOT_ON_THE_PARSE_PATH = ("numpy", "pydantic", "pydantic_core", "pydantic_settings", "yaml", "etl.config")


def test_etl_parse_imports_neither_numpy_nor_pydantic_once_its_configuration_was_validated(tmp_path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith(("ETL_", "ES_"))}
    env["ETL_CACHE_DIR"] = str(tmp_path)
    # English articles only: text the function-word test cannot call English goes to py3langid, whose model is numpy.
    argv = json.dumps(["parse", str(SAMPLE / "2024" / "03" / "01")])
    loaded = []
    for _ in range(2):  # the first process validates the settings (and may load anything), the second reads them
        proc = subprocess.run([sys.executable, "-c", _PROBE, argv], capture_output=True, text=True, check=True, env=env)
        out = json.loads(proc.stderr.strip().splitlines()[-1])
        assert out["rc"] == 0, proc.stderr[-2000:]
        assert "etl.pipeline" in out["modules"], "the probe must have run the pipeline"
        loaded.append([m for m in out["modules"] if m.split(".")[0] in _NOT_ON_THE_PARSE_PATH or m == "etl.config"])
    assert "pydantic" in loaded[0], "the first process must have validated the settings"
    assert loaded[1] == []
