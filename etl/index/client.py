"""Building the Elasticsearch client: one way in, from settings or an Airflow connection.

The CLI finds Elasticsearch through ``ES_URL`` and the optional ``ES_API_KEY`` or
``ES_USERNAME``/``ES_PASSWORD`` plus ``ES_CA_CERTS`` (folded into
:class:`etl.config.ElasticsearchConfig`). Inside Airflow, the connection
``elasticsearch_default`` wins when it is defined; see :func:`config_from_airflow`.

Secrets stay in :class:`pydantic.SecretStr` until the moment the client is built,
so they never show up in a repr, a log line or a run report.

Several nodes: ``ES_URL`` may list several (comma-separated; rules in
:func:`etl.config.parse_es_hosts`), and the Airflow connection's host may too. The
client (elastic-transport's node pool) then picks a node per request round robin, from a
list shuffled once per client so that parallel workers do not all start on the first
node. A connection error or timeout marks that node dead and the request goes to the
next live one, up to ``max_retries`` times; a dead node is skipped for 1 s, doubling at
each consecutive failure up to 30 s, then tried again. No sniffing: the nodes a cluster
would report are its publish addresses, which behind Docker or a load balancer are not
reachable from the client, so the list given is the list used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pydantic import SecretStr, ValidationError

from etl.config import ElasticsearchConfig, redacted_url
from etl.errors import ConfigError

if TYPE_CHECKING:
    from elasticsearch import Elasticsearch

__all__ = ["AIRFLOW_CONN_ID", "client_kwargs", "config_from_airflow", "config_from_connection", "make_client", "redacted_url"]

AIRFLOW_CONN_ID = "elasticsearch_default"
# Dead-node backoff of the node pool: 1 s after a first failure, doubling, at most 30 s
# (elastic-transport's defaults, set here so the behaviour documented above is pinned).
DEAD_NODE_BACKOFF_S = 1.0
MAX_DEAD_NODE_BACKOFF_S = 30.0


def client_kwargs(cfg: ElasticsearchConfig) -> dict[str, Any]:
    """The keyword arguments for :class:`elasticsearch.Elasticsearch` (secrets revealed here only)."""
    kwargs: dict[str, Any] = {
        "hosts": cfg.hosts,
        "request_timeout": cfg.request_timeout_s,
        # Connection-level retries, each on the next live node; bulk-level retries with
        # backoff live in etl.index.bulk.
        "max_retries": cfg.max_retries,
        "retry_on_timeout": True,
        "retry_on_status": (502, 503, 504),
    }
    if len(kwargs["hosts"]) > 1:
        kwargs["dead_node_backoff_factor"] = DEAD_NODE_BACKOFF_S
        kwargs["max_dead_node_backoff"] = MAX_DEAD_NODE_BACKOFF_S
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


def config_from_connection(conn: Any, base: ElasticsearchConfig) -> ElasticsearchConfig:
    """Overlay an Airflow ``Connection`` (host, port, schema, login, password, extra) on ``base``.

    The extra may carry ``api_key`` and ``ca_certs``; ``schema`` (or ``extra.scheme``)
    chooses http or https. A connection URI like ``elasticsearch://u:p@host:9200?scheme=https``
    or ``http://host:9200`` both work.

    Several nodes: the host may be a comma-separated list, of URLs
    (``http://es1:9200,http://es2:9200``) or of names with optional ports (``es1,es2:9201``);
    an entry without a port takes the connection's port, else 9200. Set such a connection as
    JSON (``AIRFLOW_CONN_ELASTICSEARCH_DEFAULT='{"conn_type": "elasticsearch", "host": ...}'``):
    a URI cannot carry two ports, Airflow's URI parser refuses ``es1:9200,es2:9201``.
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
        entries = [entry.strip() for entry in host.split(",") if entry.strip()]
        url = ",".join(f"{scheme}://{e}" if ":" in e else f"{scheme}://{e}:{conn.port or 9200}" for e in entries)
    update: dict[str, Any] = {"url": url}
    if extra.get("api_key"):
        update["api_key"] = SecretStr(str(extra["api_key"]))
    elif conn.login:
        update["username"] = conn.login
        update["password"] = SecretStr(conn.password or "")
    if extra.get("ca_certs"):
        update["ca_certs"] = extra["ca_certs"]
    # Validated like ES_URL (model_copy alone would skip the checks).
    try:
        return ElasticsearchConfig.model_validate({**base.model_dump(), **update})
    except ValidationError as exc:  # the input may hold a password: the rules broken only
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors(include_input=False))
        raise ConfigError(f"Airflow connection {conn.conn_id!r}: {problems}") from None


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
