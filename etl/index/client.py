"""Building the Elasticsearch client: one way in, from settings or an Airflow connection.

The CLI finds Elasticsearch through ``ES_URL`` and the optional ``ES_API_KEY`` or
``ES_USERNAME``/``ES_PASSWORD`` plus ``ES_CA_CERTS`` (folded into
:class:`etl.config.ElasticsearchConfig`). Inside Airflow, the connection
``elasticsearch_default`` wins when it is defined; see :func:`config_from_airflow`.

Secrets stay in :class:`pydantic.SecretStr` until the moment the client is built,
so they never show up in a repr, a log line or a run report.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from pydantic import SecretStr

from etl.config import ElasticsearchConfig
from etl.errors import ConfigError

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

AIRFLOW_CONN_ID = "elasticsearch_default"


def client_kwargs(cfg: ElasticsearchConfig) -> dict[str, Any]:
    """The keyword arguments for :class:`elasticsearch.Elasticsearch` (secrets revealed here only)."""
    kwargs: dict[str, Any] = {
        "hosts": [cfg.url],
        "request_timeout": cfg.request_timeout_s,
        # Connection-level retries; bulk-level retries with backoff live in etl.index.bulk.
        "max_retries": cfg.max_retries,
        "retry_on_timeout": True,
        "retry_on_status": (502, 503, 504),
    }
    if cfg.api_key is not None:
        kwargs["api_key"] = cfg.api_key.get_secret_value()
    elif cfg.username:
        password = cfg.password.get_secret_value() if cfg.password else ""
        kwargs["basic_auth"] = (cfg.username, password)
    if cfg.ca_certs:
        kwargs["ca_certs"] = cfg.ca_certs
    return kwargs


def make_client(cfg: ElasticsearchConfig) -> Elasticsearch:
    """A client for the configured cluster."""
    from elasticsearch import Elasticsearch

    return Elasticsearch(**client_kwargs(cfg))


def redacted_url(url: str) -> str:
    """``url`` with any user:password part removed, for logs and errors."""
    parts = urlsplit(url)
    if parts.username or parts.password:
        host = parts.hostname or ""
        if parts.port:
            host = f"{host}:{parts.port}"
        return parts._replace(netloc=host).geturl()
    return url


def config_from_connection(conn: Any, base: ElasticsearchConfig) -> ElasticsearchConfig:
    """Overlay an Airflow ``Connection`` (host, port, schema, login, password, extra) on ``base``.

    The extra may carry ``api_key`` and ``ca_certs``; ``schema`` (or ``extra.scheme``)
    chooses http or https. A connection URI like ``elasticsearch://u:p@host:9200?scheme=https``
    or ``http://host:9200`` both work.
    """
    extra = conn.extra_dejson if hasattr(conn, "extra_dejson") else {}
    host = conn.host or ""
    if not host:
        raise ConfigError(f"Airflow connection {conn.conn_id!r} has no host")
    if "://" in host:
        url = host
    else:
        scheme = extra.get("scheme") or (conn.schema if conn.schema in ("http", "https") else None)
        if not scheme:
            scheme = conn.conn_type if conn.conn_type in ("http", "https") else "http"
        url = f"{scheme}://{host}:{conn.port or 9200}"
    update: dict[str, Any] = {"url": url}
    if extra.get("api_key"):
        update["api_key"] = SecretStr(str(extra["api_key"]))
    elif conn.login:
        update["username"] = conn.login
        update["password"] = SecretStr(conn.password or "")
    if extra.get("ca_certs"):
        update["ca_certs"] = extra["ca_certs"]
    return base.model_copy(update=update)


def config_from_airflow(base: ElasticsearchConfig) -> ElasticsearchConfig:
    """Inside an Airflow task: the ``elasticsearch_default`` connection when set, else ``base`` (ES_* env)."""
    try:
        from airflow.sdk import BaseHook
    except ImportError:  # pragma: no cover - outside Airflow
        return base
    try:
        conn = BaseHook.get_connection(AIRFLOW_CONN_ID)
    except Exception:  # noqa: BLE001 - Airflow raises several kinds for "not defined"
        return base
    return config_from_connection(conn, base)
