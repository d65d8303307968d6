"""Index templates, names and aliases, kept as JSON in ``config/elasticsearch/``.

The JSON files are package data, read through importlib.resources (:mod:`etl.resources`).

Layout (prefix ``articles`` by default, ``elasticsearch.index_prefix`` in config):

* component templates ``<prefix>-settings`` (analysis, shards, replicas, refresh) and
  ``<prefix>-mappings`` (``dynamic: strict``), composed by the index template ``<prefix>``
  for the pattern ``<prefix>-v*``;
* concrete indices ``<prefix>-v<schema>-<UTC timestamp>``, read and written through the
  alias ``<prefix>`` (``is_write_index``);
* ``<prefix>-runs`` for run reports (its own template, higher priority).

Shards and replicas come from ``elasticsearch.shards`` and ``elasticsearch.replicas`` and
apply to the articles indices and the runs index alike.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any

from etl.config import ElasticsearchConfig
from etl.resources import config_file

TEMPLATE_DIR = config_file("elasticsearch")


@cache
def _load(name: str) -> dict[str, Any]:
    return json.loads((TEMPLATE_DIR / name).read_text(encoding="utf-8"))


def load_template(name: str) -> dict[str, Any]:
    """A fresh copy of one JSON file from ``config/elasticsearch``."""
    return copy.deepcopy(_load(name))


def schema_version() -> int:
    """The mapping's schema version (``_meta.schema_version``); part of every index name."""
    return int(_load("articles-mappings.json")["template"]["mappings"]["_meta"]["schema_version"])



@dataclass(frozen=True, slots=True)
class IndexNames:
    """All names derived from the configured prefix."""

    prefix: str

    @property
    def alias(self) -> str:
        return self.prefix

    @property
    def pattern(self) -> str:
        return f"{self.prefix}-v*"

    @property
    def runs(self) -> str:
        return f"{self.prefix}-runs"

    @property
    def settings_component(self) -> str:
        return f"{self.prefix}-settings"

    @property
    def mappings_component(self) -> str:
        return f"{self.prefix}-mappings"

    def new_index(self, now: datetime | None = None) -> str:
        """A fresh concrete index name for the current schema version."""
        stamp = (now or datetime.now(UTC)).strftime("%Y%m%d%H%M%S%f")[:17]
        return f"{self.prefix}-v{schema_version()}-{stamp}"

    @staticmethod
    def of(cfg: ElasticsearchConfig) -> IndexNames:
        return IndexNames(cfg.index_prefix)


def render_templates(cfg: ElasticsearchConfig) -> dict[str, dict[str, Any]]:
    """The component and index templates with the configured prefix, shards, replicas and refresh."""
    names = IndexNames.of(cfg)
    settings = load_template("articles-settings.json")
    index_settings = settings["template"]["settings"]["index"]
    index_settings["number_of_shards"] = cfg.shards
    index_settings["number_of_replicas"] = cfg.replicas
    index_settings["refresh_interval"] = cfg.refresh_interval
    mappings = load_template("articles-mappings.json")
    # Elasticsearch validates a component template on its own: the mappings' analyzers
    # must travel with them, so the analysis block moves into the mappings component.
    mappings["template"]["settings"] = {"analysis": settings["template"]["settings"].pop("analysis")}
    index_template = load_template("articles-index-template.json")
    index_template["index_patterns"] = [names.pattern]
    index_template["composed_of"] = [names.settings_component, names.mappings_component]
    runs = load_template("runs-index-template.json")
    runs["index_patterns"] = [f"{names.runs}*"]
    # Run reports get the articles' replicas: on a cluster, losing the node holding the
    # report index's only copy would fail the run at its very end.
    runs["template"]["settings"]["number_of_replicas"] = cfg.replicas
    return {
        "component:" + names.settings_component: settings,
        "component:" + names.mappings_component: mappings,
        "index:" + names.prefix: index_template,
        "index:" + names.runs: runs,
    }
