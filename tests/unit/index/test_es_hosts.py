"""``ES_URL`` with one node or several: the parsing rules, the client built from them, redaction,
and the Airflow connection's host list. No network: the client is built, never used."""

from __future__ import annotations

import pytest

from etl.config import ElasticsearchConfig, load_settings, parse_es_hosts, redacted_url
from etl.errors import ConfigError
from etl.index.client import client_kwargs, config_from_connection, make_client

ACCEPTED = [
    ("http://127.0.0.1:9200", ["http://127.0.0.1:9200"]),
    ("http://a:9200,http://b:9201,http://c:9202", ["http://a:9200", "http://b:9201", "http://c:9202"]),
    ("  http://a:9200 ,\thttp://b:9201  ", ["http://a:9200", "http://b:9201"]),
    ("http://a:9200,http://b:9201,", ["http://a:9200", "http://b:9201"]),
    (",,http://a:9200,, ,", ["http://a:9200"]),
    ("https://es.example.com", ["https://es.example.com"]),  # https: the client fills in 443
    ("https://proxy.example.com:443/es", ["https://proxy.example.com:443/es"]),
    ("http://[::1]:9200,http://127.0.0.1:9200", ["http://[::1]:9200", "http://127.0.0.1:9200"]),
    ("https://etl:p%40ss@a:9200,https://etl:p%40ss@b:9200", ["https://etl:p%40ss@a:9200", "https://etl:p%40ss@b:9200"]),
    ("http://a:9200/,http://a:9201", ["http://a:9200/", "http://a:9201"]),
]


@pytest.mark.parametrize(("value", "hosts"), ACCEPTED)
def test_accepted_es_url_lists_give_their_nodes_in_order(value, hosts) -> None:
    assert parse_es_hosts(value) == hosts
    cfg = ElasticsearchConfig(url=value)
    assert cfg.hosts == hosts and cfg.url == ",".join(hosts)


REJECTED = [
    ("", "names no Elasticsearch node"),
    (" , ,", "names no Elasticsearch node"),
    ("http://a:9200,https://b:9200", "mixes http and https"),
    ("https://a:9200, http://b:9200", "mixes http and https"),
    ("localhost:9200", "must start with http:// or https://"),
    ("ftp://a:21", "must start with http:// or https://"),
    ("http://a:9200,b:9201", "must start with http:// or https://"),
    ("http://a", "has no port"),
    ("http://:9200", "has no host"),
    ("http://a:port", "is not a URL"),
    ("http://a:99999", "is not a URL"),
    ("http://a:9200?scheme=https", "must not carry a query or fragment"),
    ("http://a:9200,http://a:9200/", "names a node twice"),
    ("http://u:p@a:9200,http://b:9201", "different credentials"),
    ("http://u:p@a:9200,http://u:q@b:9201", "different credentials"),
]


@pytest.mark.parametrize(("value", "message"), REJECTED)
def test_rejected_es_url_lists_say_which_rule_they_break(value, message) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_es_hosts(value)


@pytest.mark.parametrize(
    "value",
    [
        "http://etl:s3cr3tpw@a:9200,https://etl:s3cr3tpw@b:9200",  # mixed schemes
        "http://etl:s3cr3tpw@a:9200,http://b:9201",  # different credentials
        "http://etl:s3cr3tpw@a",  # no port
        "gopher://etl:s3cr3tpw@a:70",  # scheme
    ],
)
def test_a_rejected_es_url_never_shows_its_password(value, monkeypatch) -> None:
    with pytest.raises(ConfigError) as info:
        parse_es_hosts(value)
    assert "s3cr3tpw" not in str(info.value)
    monkeypatch.setenv("ES_URL", value)
    with pytest.raises(ConfigError) as info:
        load_settings()
    assert "s3cr3tpw" not in str(info.value) and "ES_URL" in str(info.value)


def test_es_url_from_the_environment_is_a_list_of_nodes(monkeypatch) -> None:
    monkeypatch.setenv("ES_URL", "http://127.0.0.1:9200, http://127.0.0.1:9201,http://127.0.0.1:9202,")
    cfg = load_settings().elasticsearch
    assert cfg.hosts == ["http://127.0.0.1:9200", "http://127.0.0.1:9201", "http://127.0.0.1:9202"]


def test_replicas_are_set_by_their_etl_variable_and_default_to_zero(monkeypatch) -> None:
    monkeypatch.delenv("ETL_ELASTICSEARCH__REPLICAS", raising=False)
    assert load_settings().elasticsearch.replicas == 0
    monkeypatch.setenv("ETL_ELASTICSEARCH__REPLICAS", "1")
    assert load_settings().elasticsearch.replicas == 1


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("http://a:9200", "http://a:9200"),
        ("https://etl:pw@a:9200", "https://a:9200"),
        ("https://etl:pw@a:9200,https://etl:pw@b:9201", "https://a:9200,https://b:9201"),
        ("https://etl:pw@a:bad", "a:bad"),
    ],
)
def test_redacted_url_drops_credentials_from_every_entry(url, shown) -> None:
    assert redacted_url(url) == shown


def test_one_node_keeps_the_client_arguments_it_always_had() -> None:
    kwargs = client_kwargs(ElasticsearchConfig(url="http://127.0.0.1:9200"))
    assert kwargs["hosts"] == ["http://127.0.0.1:9200"]
    assert "dead_node_backoff_factor" not in kwargs and "max_dead_node_backoff" not in kwargs
    assert kwargs["retry_on_timeout"] is True


def test_several_nodes_make_one_pool_that_retries_elsewhere_with_backoff() -> None:
    cfg = ElasticsearchConfig(url="https://etl:pw@a:9200,https://etl:pw@b:9201,https://etl:pw@c:9202", max_retries=4)
    kwargs = client_kwargs(cfg)
    assert kwargs["hosts"] == cfg.hosts and kwargs["max_retries"] == 4 and kwargs["retry_on_timeout"] is True
    assert (kwargs["dead_node_backoff_factor"], kwargs["max_dead_node_backoff"]) == (1.0, 30.0)
    with make_client(cfg) as es:
        nodes = es.transport.node_pool.all()
        assert sorted((n.config.host, n.config.port) for n in nodes) == [("a", 9200), ("b", 9201), ("c", 9202)]
        # Credentials in the URLs travel as each node's Authorization header.
        assert all(n.config.headers["authorization"].startswith("Basic ") for n in nodes)


AIRFLOW_HOSTS = [
    ({"host": "es1,es2:9201", "port": 9200}, ["http://es1:9200", "http://es2:9201"]),
    ({"host": "es1, es2", "port": None}, ["http://es1:9200", "http://es2:9200"]),
    ({"host": "es1,es2", "port": 9243, "schema": "https"}, ["https://es1:9243", "https://es2:9243"]),
    ({"host": "http://a:9200,http://b:9201", "port": None}, ["http://a:9200", "http://b:9201"]),
]


@pytest.mark.parametrize(("fields", "hosts"), AIRFLOW_HOSTS)
def test_the_airflow_connection_host_may_list_several_nodes(fields, hosts) -> None:
    from airflow.sdk import Connection

    conn = Connection(conn_id="elasticsearch_default", conn_type="elasticsearch", **fields)
    assert config_from_connection(conn, ElasticsearchConfig()).hosts == hosts


def test_an_airflow_connection_uri_with_several_hosts_and_one_port_gives_every_node() -> None:
    from airflow.sdk import Connection

    conn = Connection.from_uri("elasticsearch://etl:pw@es1,es2,es3:9200", conn_id="elasticsearch_default")
    cfg = config_from_connection(conn, ElasticsearchConfig())
    assert cfg.hosts == ["http://es1:9200", "http://es2:9200", "http://es3:9200"] and cfg.username == "etl"


def test_an_airflow_connection_mixing_schemes_is_a_config_error() -> None:
    from airflow.sdk import Connection

    conn = Connection(conn_id="elasticsearch_default", conn_type="elasticsearch", host="http://u:pw1@a:9200,https://u:pw1@b:9200")
    with pytest.raises(ConfigError, match="(?s)elasticsearch_default.*mixes http and https") as info:
        config_from_connection(conn, ElasticsearchConfig())
    assert "pw1" not in str(info.value)
