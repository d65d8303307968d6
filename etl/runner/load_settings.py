"""Index settings for a load: refresh off while several batches load, restored afterwards.

``etl run`` (:func:`etl.runner.run`) and the ingest DAG (a setup and a teardown task,
:mod:`etl.airflow.tasks`) both call this: refresh goes to ``-1`` for the load, and, only for
an index that is not live yet (``etl run --bulk-load``, a reindex fill, the DAG's ``reindex``
runs), replicas go to 0; a live alias keeps its replicas. Afterwards the configured
``refresh_interval`` (and replicas) are put back, on failure too. Each batch's verification
refreshes explicitly, so what a batch wrote is visible before the run goes on either way.

A crash (kill -9, a lost machine, a DAG run whose teardown never ran) can leave refresh off:
the next load puts it back first (:func:`restore_left_off`).
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

    from etl.config import Settings

log = logging.getLogger(__name__)


class LoadSettings:
    """Refresh off (and, with ``replicas``, no replicas) on :meth:`off`; configured values back on
    :meth:`restore`. Also a context manager that restores on any exit (failure and Ctrl-C too)."""

    def __init__(self, es: Elasticsearch, index: str, settings: Settings, *, replicas: bool = True) -> None:
        self.es, self.index, self.cfg, self.replicas = es, index, settings.elasticsearch, replicas

    def _put(self, refresh: str, replicas: int) -> None:
        body: dict[str, object] = {"refresh_interval": refresh}
        if self.replicas:
            body["number_of_replicas"] = replicas
        self.es.indices.put_settings(index=self.index, settings={"index": body})

    def off(self) -> LoadSettings:
        self._put("-1", 0)
        return self

    def restore(self) -> None:
        self._put(self.cfg.refresh_interval, self.cfg.replicas)

    def __enter__(self) -> LoadSettings:
        return self.off()

    def __exit__(self, *exc: object) -> None:
        self.restore()


def restore_left_off(es: Elasticsearch, index: str, settings: Settings) -> bool:
    """Put back the configured refresh interval and replicas of ``index`` when a crashed load
    left refresh off; True when it did. A run loading into the same index at the same moment
    gets refresh back on for the rest of its load: slower, never wrong."""
    cfg = settings.elasticsearch
    found = es.options(ignore_status=404).indices.get_settings(index=index, name="index.refresh_interval", flat_settings=True).body
    left_off = [name for name, v in found.items() if isinstance(v, dict) and v.get("settings", {}).get("index.refresh_interval") == "-1"]
    if not left_off or cfg.refresh_interval == "-1":
        return False
    log.warning("refresh was left off on %s by an interrupted load; restoring %s", ",".join(left_off), cfg.refresh_interval)
    es.indices.put_settings(
        index=",".join(left_off), settings={"index": {"refresh_interval": cfg.refresh_interval, "number_of_replicas": cfg.replicas}}
    )
    return True
