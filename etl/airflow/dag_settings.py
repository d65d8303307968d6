"""The few settings a DAG file needs at parse time, read without heavy imports.

DAG files are parsed often and must stay fast: this reads only the ``airflow``
section of ``config/settings.yaml`` (and ``ETL_AIRFLOW__*`` overrides) with PyYAML,
not the full pydantic model that tasks validate at run time. The file is found the way
:mod:`etl.config` finds it (:func:`etl.resources.settings_file`: package data, or
``ETL_CONFIG_FILE``), through importlib.resources and the standard library only.
"""

from __future__ import annotations

import os
from typing import Any

import yaml

from etl.resources import settings_file

_DEFAULTS: dict[str, Any] = {
    "schedule": "@daily",
    "start_date": "2024-01-01",
    "max_active_batches": 4,
    "retry_delay_s": 30,
}


def airflow_settings() -> dict[str, Any]:
    """The ``airflow`` section: schedule, start_date, max_active_batches, retry_delay_s (env overrides win)."""
    path = settings_file()
    data = dict(_DEFAULTS)
    if path.is_file():
        loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        data.update(loaded.get("airflow") or {})
    for key in list(data):
        env = os.environ.get(f"ETL_AIRFLOW__{key.upper()}")
        if env is not None:
            data[key] = env
    if str(data.get("schedule")).lower() in ("none", "null", ""):
        data["schedule"] = None
    data["max_active_batches"] = int(data["max_active_batches"])
    data["retry_delay_s"] = float(data["retry_delay_s"])
    return data
