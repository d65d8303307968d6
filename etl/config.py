"""Configuration: ``config/settings.yaml`` overlaid by environment variables, validated once.

The YAML is package data (read through importlib.resources, see :mod:`etl.resources`), so a wheel
install finds it; ``ETL_CONFIG_FILE`` names another file. Environment overrides use
``ETL_<SECTION>__<KEY>`` (``ETL_BULK__CHUNK_DOCS=1000``).
Elasticsearch's location and credentials use the conventional ``ES_URL``,
``ES_API_KEY``, ``ES_USERNAME``/``ES_PASSWORD`` and ``ES_CA_CERTS``.

``ES_URL`` (``elasticsearch.url``) names one node or several, comma-separated
(``http://127.0.0.1:9200,http://127.0.0.1:9201``); :func:`parse_es_hosts` holds the rules.
Blanks around entries and empty entries (a trailing comma) are dropped; every entry must be
``http`` or ``https`` with a host (an ``http`` one with its port, as the client needs), without
query or fragment; all entries share one scheme and the same credentials (the client sends the
credentials of the node it picked, so different ones would fail one request in N); no entry twice.
The client spreads requests over the list and retries on another node (:mod:`etl.index.client`).
Errors name the entries with any password removed (:func:`redacted_url`).

``elasticsearch.replicas`` (``ETL_ELASTICSEARCH__REPLICAS``) is an explicit number, default 0 for
the single local node; a cluster sets it (1 on the three-node local cluster). Not derived from the
number of data nodes: a cluster started with a node missing would otherwise get fewer copies for
good, and one node would stay yellow with a replica it can never place.

:data:`PROJECT_ROOT` (the source checkout; defined once, in :mod:`etl.resources`) is re-exported here.
"""

from __future__ import annotations

import os
from functools import lru_cache
from urllib.parse import urlsplit
from importlib.resources.abc import Traversable
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, SecretStr, ValidationError, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
)

from etl.errors import ConfigError
from etl.resources import PROJECT_ROOT as PROJECT_ROOT  # re-exported: etl.config.PROJECT_ROOT
from etl.resources import settings_file


class ReadConfig(BaseModel):
    max_file_bytes: int = Field(50_000_000, gt=0)
    max_decompressed_bytes: int = Field(200_000_000, gt=0)
    max_decompression_ratio: float = Field(200, gt=1)
    max_line_bytes: int = Field(10_000_000, gt=0)
    extensions: list[str] = [".txt", ".html", ".htm", ".json", ".jsonl", ".ndjson"]


class SegmentConfig(BaseModel):
    passage_min_words: int = Field(100, gt=0)
    passage_max_words: int = Field(200, gt=0)
    max_article_chars: int = Field(1_000_000, gt=0)


class EnrichConfig(BaseModel):
    reading_words_per_minute: int = Field(230, gt=0)
    max_keywords: int = Field(10, ge=0)
    near_duplicate_max_distance: int = Field(3, ge=0, le=64)


def redacted_url(url: str) -> str:
    """``url`` (one URL or a comma-separated list) with any user:password part removed, for logs and errors."""
    if "," in url:
        return ",".join(redacted_url(part.strip()) for part in url.split(","))
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # unparseable: show only what is before any credentials
        return url.rsplit("@", 1)[-1] if "@" in url else url
    if parts.username or parts.password:
        host = parts.hostname or ""
        if port:
            host = f"{host}:{port}"
        return parts._replace(netloc=host).geturl()
    return url


def parse_es_hosts(value: str) -> list[str]:
    """The node URLs in ``ES_URL``-style ``value`` (one URL or several, comma-separated), checked.

    Raises :class:`ConfigError` naming the offending entry (password removed) and the rule.
    """
    hosts = [part.strip() for part in value.split(",") if part.strip()]
    if not hosts:
        raise ConfigError(f"ES_URL names no Elasticsearch node: {value!r}")
    for host in hosts:
        shown = redacted_url(host)
        try:
            parts = urlsplit(host)
            port = parts.port
        except ValueError as exc:
            raise ConfigError(f"ES_URL entry {shown!r} is not a URL ({exc})") from None
        if parts.scheme not in ("http", "https"):
            raise ConfigError(f"ES_URL entry {shown!r} must start with http:// or https://")
        if not parts.hostname:
            raise ConfigError(f"ES_URL entry {shown!r} has no host")
        if port is None and parts.scheme == "http":
            raise ConfigError(f"ES_URL entry {shown!r} has no port (e.g. http://{parts.hostname}:9200)")
        if parts.query or parts.fragment:
            raise ConfigError(f"ES_URL entry {shown!r} must not carry a query or fragment")
    schemes = {urlsplit(h).scheme for h in hosts}
    if len(schemes) > 1:
        raise ConfigError(f"ES_URL mixes http and https ({redacted_url(','.join(hosts))}); use one scheme for every node")
    if len({(urlsplit(h).username, urlsplit(h).password) for h in hosts}) > 1:
        raise ConfigError(
            f"ES_URL gives different credentials for different nodes ({redacted_url(','.join(hosts))}); "
            "give the same on every entry, or none and ES_USERNAME/ES_PASSWORD"
        )
    seen = [(urlsplit(h).hostname, urlsplit(h).port, urlsplit(h).path.rstrip("/")) for h in hosts]
    if len(set(seen)) < len(seen):
        raise ConfigError(f"ES_URL names a node twice ({redacted_url(','.join(hosts))})")
    return hosts


class ElasticsearchConfig(BaseModel):
    # A bad ES_URL may carry a password: validation errors must not echo the input.
    model_config = ConfigDict(hide_input_in_errors=True)

    url: str = "http://localhost:9200"
    """One node URL or several, comma-separated; normalised (blanks and empty entries dropped)."""
    api_key: SecretStr | None = None
    username: str | None = None
    password: SecretStr | None = None
    ca_certs: str | None = None
    index_prefix: str = Field("articles", pattern=r"^[a-z0-9][a-z0-9_.-]*$")
    shards: int = Field(1, gt=0)
    replicas: int = Field(0, ge=0)
    refresh_interval: str = "1s"
    request_timeout_s: float = Field(30, gt=0)
    max_retries: int = Field(5, ge=0)

    @field_validator("url")
    @classmethod
    def _check_url(cls, value: str) -> str:
        try:
            return ",".join(parse_es_hosts(value))
        except ConfigError as exc:
            raise ValueError(str(exc)) from None

    @property
    def hosts(self) -> list[str]:
        """The node URLs, checked again (``model_copy(update=...)`` skips validation)."""
        return parse_es_hosts(self.url)


class BulkConfig(BaseModel):
    chunk_bytes: int = Field(5_000_000, gt=0)
    chunk_docs: int = Field(500, gt=0)
    max_backoff_s: float = Field(30, gt=0)
    initial_backoff_s: float = Field(0.5, gt=0)
    # Back-pressure (429, rejected execution) is retried for this long without any item of the
    # request getting through before a document is dead-lettered: overload is not a bad document.
    max_rejection_wait_s: float = Field(300, gt=0)
    # One action larger than this cannot be sent (Elasticsearch refuses a request over its
    # http.max_content_length, 100mb by default): it is dead-lettered as document_too_large.
    max_document_bytes: int = Field(100_000_000, gt=0)
    # Bulk requests in flight at once when a batch sends in the background (etl.index.bulk):
    # one request keeps one of the shard's write threads busy; two let a 2-core node use both.
    requests_in_flight: int = Field(2, ge=1, le=16)


class SyncConfig(BaseModel):
    max_delete_fraction: float = Field(0.2, ge=0, le=1)


class AirflowConfig(BaseModel):
    schedule: str | None = "@daily"
    start_date: str = "2024-01-01"
    batch_bytes: int = Field(20_000_000, gt=0)
    max_batches: int = Field(256, gt=0, le=1000)
    max_active_batches: int = Field(4, gt=0)
    retry_delay_s: float = Field(30, gt=0)


class _YamlSource(PydanticBaseSettingsSource):
    def __init__(self, settings_cls: type[BaseSettings], path: Traversable) -> None:
        super().__init__(settings_cls)
        self._data: dict[str, Any] = {}
        if path.is_file():
            loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
            if not isinstance(loaded, dict):
                raise ConfigError(f"{path}: expected a mapping at the top level")
            self._data = loaded

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:  # pragma: no cover
        return self._data.get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return dict(self._data)


class _EsEnvSource(PydanticBaseSettingsSource):
    """The conventional ES_* variables, folded into the ``elasticsearch`` section."""

    MAP = {
        "ES_URL": "url",
        "ES_API_KEY": "api_key",
        "ES_USERNAME": "username",
        "ES_PASSWORD": "password",
        "ES_CA_CERTS": "ca_certs",
    }

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:  # pragma: no cover
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        es = {key: os.environ[var] for var, key in self.MAP.items() if os.environ.get(var)}
        return {"elasticsearch": es} if es else {}


class Settings(BaseSettings):
    """All configuration of one process."""

    model_config = SettingsConfigDict(env_prefix="ETL_", env_nested_delimiter="__", extra="forbid")

    read: ReadConfig = ReadConfig()
    segment: SegmentConfig = SegmentConfig()
    enrich: EnrichConfig = EnrichConfig()
    elasticsearch: ElasticsearchConfig = ElasticsearchConfig()
    bulk: BulkConfig = BulkConfig()
    sync: SyncConfig = SyncConfig()
    airflow: AirflowConfig = AirflowConfig()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        path = settings_file()
        # Earlier sources win: explicit arguments, then ES_*, then ETL_*, then the YAML file.
        return (init_settings, _EsEnvSource(settings_cls), env_settings, _YamlSource(settings_cls, path))


def load_settings(**overrides: Any) -> Settings:
    """Build and validate the settings; raise :class:`ConfigError` with every problem listed."""
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        where = "invalid configuration (config/settings.yaml or ETL_* / ES_* env)"
        if any(e["loc"][:2] == ("elasticsearch", "url") for e in exc.errors()):
            # An ES URL may carry a password: name the rule broken, never the input (nor chain it).
            problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors(include_input=False))
            raise ConfigError(f"{where}: {problems}") from None
        raise ConfigError(f"{where}: {exc}") from exc


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, validated on first use."""
    return load_settings()
