"""Security against a REAL Elasticsearch node with TLS and authentication on.

A dedicated node runs with ``xpack.security.enabled`` and HTTPS, a certificate made here
(CA + server certificate for 127.0.0.1), and a bootstrap password for ``elastic`` put in
its keystore. ``etl run`` then goes through ``ES_URL=https://…``, ``ES_CA_CERTS`` and
basic auth or an API key; wrong credentials and a missing CA fail clearly, and no secret
ever shows up in logs, reports, dead letters, exceptions or the CLI's output.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import json
import logging
import re
import secrets
import shutil
import subprocess
from pathlib import Path

import orjson
import pytest

from tests.conftest import ROOT, SAMPLE

pytestmark = [pytest.mark.es, pytest.mark.slow]

BOOTSTRAP_PASSWORD = "Boot-" + secrets.token_hex(12)


def _certificates() -> dict[str, bytes]:
    """A CA and a server certificate for 127.0.0.1/localhost, signed by it (PEM)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "articles-etl test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    return {
        "ca.crt": ca.public_bytes(pem),
        "http.crt": cert.public_bytes(pem),
        "http.key": key.private_bytes(pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()),
    }


@pytest.fixture(scope="module")
def secure_node(tmp_path_factory):
    from etl.devstack.localnode import LocalNode, free_port

    port = free_port()
    certs = _certificates()
    ca_file = tmp_path_factory.mktemp("ca") / "ca.crt"
    ca_file.write_bytes(certs["ca.crt"])
    node = LocalNode(
        port=port,
        heap="512m",
        base_dir=ROOT / ".local" / "es" / "test-nodes" / f"secure-{port}",
        settings={
            "xpack.security.enabled": True,
            "xpack.security.http.ssl.enabled": True,
            "xpack.security.http.ssl.certificate": "http.crt",
            "xpack.security.http.ssl.key": "http.key",
            "xpack.security.http.ssl.certificate_authorities": ["ca.crt"],
            "xpack.security.authc.api_key.enabled": True,
        },
        config_files=certs,
        keystore={"bootstrap.password": BOOTSTRAP_PASSWORD},
        ca_certs=str(ca_file),
    )
    node.start()
    node.ca_file = ca_file  # type: ignore[attr-defined]
    from elasticsearch import Elasticsearch

    admin = Elasticsearch(node.url, basic_auth=("elastic", BOOTSTRAP_PASSWORD), ca_certs=str(ca_file))
    node.admin = admin  # type: ignore[attr-defined]
    try:
        yield node
    finally:
        admin.close()
        node.stop()
        shutil.rmtree(node.home, ignore_errors=True)


@pytest.fixture
def cli_env(monkeypatch, secure_node, tmp_path):
    """Environment for ``etl`` against the secure node; settings re-read per test."""
    from etl.config import get_settings

    for var in ("ES_API_KEY", "ES_USERNAME", "ES_PASSWORD", "ES_CA_CERTS"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("ES_URL", secure_node.url)
    monkeypatch.setenv("ETL_ELASTICSEARCH__INDEX_PREFIX", "sec" + secrets.token_hex(4))
    get_settings.cache_clear()
    yield monkeypatch
    get_settings.cache_clear()


def _etl(*argv: str) -> int:
    from etl.cli import main
    from etl.config import get_settings

    get_settings.cache_clear()
    return main(list(argv))


def _run_json(capsys) -> dict:
    out = capsys.readouterr().out
    return json.loads(out[out.index("{") :])


def _sample_count() -> int:
    return 17 - 2  # data/sample holds 15 articles (tests/integration adds the 2-article seed file)


# -- TLS + auth for real -------------------------------------------------------------------


@pytest.mark.timeout(240)
def test_etl_run_over_https_with_basic_auth_and_then_an_api_key(secure_node, cli_env, capsys) -> None:
    cli_env.setenv("ES_CA_CERTS", str(secure_node.ca_file))
    cli_env.setenv("ES_USERNAME", "elastic")
    cli_env.setenv("ES_PASSWORD", BOOTSTRAP_PASSWORD)
    assert _etl("run", "--source", str(SAMPLE), "--workers", "1", "--json") == 0
    first = _run_json(capsys)
    assert first["status"] == "succeeded" and first["balanced"]
    assert first["indexed"] == first["articles_parsed"] > 0

    # A second run with the same credentials writes nothing (idempotent) and searches work.
    assert _etl("run", "--source", str(SAMPLE), "--workers", "1", "--json") == 0
    second = _run_json(capsys)
    assert second["status"] == "succeeded" and second["indexed"] == 0
    assert second["files_unchanged"] == second["files_seen"] - second["files_quarantined"]
    assert _etl("search", "council", "--json") == 0
    captured = capsys.readouterr()
    assert BOOTSTRAP_PASSWORD not in captured.out + captured.err


@pytest.mark.timeout(120)
def test_es_api_key_reaches_the_node_as_an_api_key_and_a_bad_one_fails_clearly(secure_node, cli_env, capsys, caplog) -> None:
    """ES_API_KEY is sent as ``Authorization: ApiKey`` over verified TLS; the node's security layer judges it.

    This distribution (integ-test-zip) cannot create the ``.security`` system index, whose mapping
    needs analysis-common's ``pattern_capture``/``uax_url_email``/``unique`` (not in our stand-in
    plugin), so API keys cannot be *created* on the local node: a key unknown to the node is rejected
    with 401, which proves the header reached the API-key authenticator, and the key never leaks.
    """
    import base64

    from etl.config import get_settings
    from etl.index.client import client_kwargs

    caplog.set_level(logging.DEBUG)
    key = base64.b64encode(b"k3yid-" + secrets.token_hex(4).encode() + b":" + secrets.token_hex(16).encode()).decode()
    cli_env.setenv("ES_CA_CERTS", str(secure_node.ca_file))
    cli_env.setenv("ES_API_KEY", key)
    cli_env.setenv("ES_USERNAME", "elastic")  # the API key wins over basic auth
    cli_env.setenv("ES_PASSWORD", BOOTSTRAP_PASSWORD)
    get_settings.cache_clear()
    kwargs = client_kwargs(get_settings().elasticsearch)
    assert kwargs["api_key"] == key and "basic_auth" not in kwargs and kwargs["ca_certs"] == str(secure_node.ca_file)
    assert _etl("run", "--source", str(SAMPLE), "--workers", "1") == 2
    captured = capsys.readouterr()
    assert "401" in captured.err or "authenticat" in captured.err.lower(), captured.err
    for text in (captured.out, captured.err, caplog.text):
        assert key not in text and BOOTSTRAP_PASSWORD not in text


@pytest.mark.timeout(120)
def test_wrong_password_fails_clearly_without_showing_the_password(secure_node, cli_env, capsys, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = "Wrong-" + secrets.token_hex(10)
    cli_env.setenv("ES_CA_CERTS", str(secure_node.ca_file))
    cli_env.setenv("ES_USERNAME", "elastic")
    cli_env.setenv("ES_PASSWORD", wrong)
    assert _etl("run", "--source", str(SAMPLE), "--workers", "1") == 2
    captured = capsys.readouterr()
    assert "failed" in captured.err and ("401" in captured.err or "authenticat" in captured.err.lower())
    for text in (captured.out, captured.err, caplog.text):
        assert wrong not in text

    # The same with the password in the URL (user:password@host): redacted everywhere.
    cli_env.delenv("ES_USERNAME")
    cli_env.delenv("ES_PASSWORD")
    cli_env.setenv("ES_URL", secure_node.url.replace("https://", f"https://elastic:{wrong}@"))
    code = _etl("run", "--source", str(SAMPLE), "--workers", "1")
    captured = capsys.readouterr()
    assert code == 2
    for text in (captured.out, captured.err, caplog.text):
        assert wrong not in text


@pytest.mark.timeout(120)
def test_without_the_ca_bundle_tls_verification_fails_clearly(secure_node, cli_env, capsys) -> None:
    cli_env.setenv("ES_USERNAME", "elastic")
    cli_env.setenv("ES_PASSWORD", BOOTSTRAP_PASSWORD)
    assert _etl("run", "--source", str(SAMPLE), "--workers", "1") == 2
    err = capsys.readouterr().err
    assert "CERTIFICATE_VERIFY_FAILED" in err or "certificate verify failed" in err.lower(), err
    assert BOOTSTRAP_PASSWORD not in err


@pytest.mark.timeout(120)
def test_plain_http_to_a_tls_node_fails_clearly(secure_node, cli_env, capsys) -> None:
    cli_env.setenv("ES_URL", secure_node.url.replace("https://", "http://"))
    cli_env.setenv("ES_USERNAME", "elastic")
    cli_env.setenv("ES_PASSWORD", BOOTSTRAP_PASSWORD)
    assert _etl("run", "--source", str(SAMPLE), "--workers", "1") == 2
    captured = capsys.readouterr()
    assert "failed" in captured.err and BOOTSTRAP_PASSWORD not in captured.out + captured.err


@pytest.mark.timeout(180)
def test_client_is_built_from_an_airflow_connection_uri_with_https_ca_and_api_key(secure_node) -> None:
    import base64
    from urllib.parse import quote

    from airflow.sdk import Connection

    from etl.config import ElasticsearchConfig
    from etl.index.client import client_kwargs, config_from_connection, make_client

    ca = str(secure_node.ca_file)
    host = secure_node.url.removeprefix("https://")
    base = ElasticsearchConfig()

    conn = Connection.from_uri(
        f"https://elastic:{quote(BOOTSTRAP_PASSWORD)}@{host}?ca_certs={quote(ca, safe='')}", conn_id="elasticsearch_default"
    )
    cfg = config_from_connection(conn, base)
    kwargs = client_kwargs(cfg)
    assert kwargs["hosts"] == [secure_node.url] and kwargs["ca_certs"] == ca
    assert kwargs["basic_auth"] == ("elastic", BOOTSTRAP_PASSWORD) and "api_key" not in kwargs
    assert BOOTSTRAP_PASSWORD not in repr(cfg) and BOOTSTRAP_PASSWORD not in str(cfg.model_dump())
    with make_client(cfg) as es:
        assert es.security.authenticate()["username"] == "elastic"

    key = base64.b64encode(b"id:" + secrets.token_hex(16).encode()).decode()
    conn = Connection.from_uri(
        f"https://{host}?ca_certs={quote(ca, safe='')}&api_key={quote(key, safe='')}", conn_id="elasticsearch_default"
    )
    cfg = config_from_connection(conn, base)
    kwargs = client_kwargs(cfg)
    assert kwargs == {**kwargs, "hosts": [secure_node.url], "api_key": key, "ca_certs": ca} and "basic_auth" not in kwargs
    assert key not in repr(cfg)
    from elasticsearch import AuthenticationException

    with make_client(cfg) as es, pytest.raises(AuthenticationException) as info:
        es.security.authenticate()  # TLS verified with the connection's CA; the node judges the key
    assert key not in str(info.value) and key not in repr(info.value)


# -- secrets never leak ----------------------------------------------------------------------


@pytest.mark.timeout(240)
def test_secrets_never_appear_in_logs_reports_dead_letters_exceptions_or_output(
    secure_node, cli_env, capsys, caplog, tmp_path
) -> None:
    """A succeeding run, a run with dead letters, and a run that dies on auth, all with -v and DEBUG logs."""
    from elasticsearch import Elasticsearch

    from etl.config import get_settings

    caplog.set_level(logging.DEBUG)
    cli_env.setenv("ES_CA_CERTS", str(secure_node.ca_file))
    cli_env.setenv("ES_USERNAME", "elastic")
    cli_env.setenv("ES_PASSWORD", BOOTSTRAP_PASSWORD)
    cli_env.setenv("ETL_BULK__INITIAL_BACKOFF_S", "0.01")
    cli_env.setenv("ETL_BULK__MAX_BACKOFF_S", "0.02")
    texts: list[str] = []
    exceptions: list[BaseException] = []

    assert _etl("-v", "run", "--source", str(SAMPLE), "--workers", "1", "--json") == 0
    ok = _run_json(capsys)
    texts.append(json.dumps(ok))

    # Make the index refuse writes (as on a full disk), change a file: its documents are dead-lettered.
    prefix = get_settings().elasticsearch.index_prefix
    src = tmp_path / "src"
    shutil.copytree(SAMPLE, src)
    night = src / "2024" / "03" / "02" / "night-bus.txt"
    night.write_text(night.read_text(encoding="utf-8") + "\nOne more line for this run.\n", encoding="utf-8")
    secure_node.admin.indices.put_settings(index=f"{prefix}*", settings={"index.blocks.write": True})
    try:
        code = _etl("-v", "run", "--source", str(src), "--workers", "1", "--json")
    finally:
        secure_node.admin.indices.put_settings(index=f"{prefix}*", settings={"index.blocks.write": None})
    failed = _run_json(capsys)
    assert code == 3 and failed["dead_lettered"] >= 1
    texts.append(json.dumps(failed))
    runs = ROOT / ".local" / "runs"
    for run_id in (ok["run_id"], failed["run_id"]):
        for f in (runs / run_id).glob("*"):
            texts.append(f.read_text(encoding="utf-8", errors="replace"))
    assert any("cluster_block_exception" in t for t in texts)

    # A run that dies on authentication, and the exception itself.
    cli_env.setenv("ES_PASSWORD", BOOTSTRAP_PASSWORD[::-1])
    assert _etl("-v", "run", "--source", str(SAMPLE), "--workers", "1") == 2
    try:
        with Elasticsearch(secure_node.url, basic_auth=("elastic", BOOTSTRAP_PASSWORD[::-1]), ca_certs=str(secure_node.ca_file)) as bad:
            bad.count(index=f"{prefix}*")
    except Exception as exc:  # noqa: BLE001 - we look at what it says
        exceptions.append(exc)
    from etl.config import load_settings

    settings = load_settings()
    texts += [repr(settings), str(settings), str(settings.model_dump()), settings.model_dump_json()]

    captured = capsys.readouterr()
    texts += [captured.out, captured.err, caplog.text]
    texts += [f"{e!r} {e!s} {e.__cause__!r}" for e in exceptions]
    assert exceptions, "the bad client should have failed"
    for secret in (BOOTSTRAP_PASSWORD, BOOTSTRAP_PASSWORD[::-1]):
        for text in texts:
            assert secret not in text


# -- search input never becomes DSL ----------------------------------------------------------

HOSTILE_QUERIES = [
    '{"script": {"source": "Math.random()"}}',
    '{"query": {"match_all": {}}}',
    "_index:*",
    "_id:* OR _index:articles*",
    "title:foo^100",
    'body:"unbalanced',
    "((((((",
    "]]]]} {{{",
    '"',
    "\\",
    "*:*",
    "foo~999999",
    "/.*/",
    "a" * 5000,
    "<script>alert(1)</script>",
    "\x00\x01\x02",
    "NOT NOT NOT -+|",
    "title:(+foo -bar)^2 AND _source:*",
]


@pytest.mark.timeout(120)
def test_search_queries_never_become_dsl_and_never_error_on_the_real_node(es, es_settings, tmp_path) -> None:
    from etl.index import manage
    from etl.index.search import SearchRequest, build_query, search
    from etl.runner import run

    manage.setup(es, es_settings.elasticsearch)
    run(es, es_settings, SAMPLE, runs_dir=tmp_path / "runs")
    alias = es_settings.elasticsearch.index_prefix
    es.indices.refresh(index=alias)
    everything = es.count(index=alias)["count"]
    for q in HOSTILE_QUERIES:
        body = build_query(SearchRequest(query=q))
        (clause,) = body["query"]["bool"]["must"]
        assert list(clause) == ["simple_query_string"] and clause["simple_query_string"]["query"] == q
        assert "script" not in orjson.dumps({k: v for k, v in body.items() if k != "query"}).decode()
        result = search(es, alias, SearchRequest(query=q, limit=3))  # must not raise
        if q.startswith(("_index:", "_id:", "*:*")):
            assert result["total"] < everything, q  # not interpreted as "match everything"


@pytest.mark.timeout(60)
def test_etl_search_cli_with_hostile_input(es, es_settings, monkeypatch, capsys) -> None:
    from etl.index import manage

    manage.setup(es, es_settings.elasticsearch)
    monkeypatch.setenv("ETL_ELASTICSEARCH__INDEX_PREFIX", es_settings.elasticsearch.index_prefix)
    for q in HOSTILE_QUERIES[:8]:
        assert _etl("search", q, "--json") == 0, q
        json.loads(capsys.readouterr().out)


# -- no secrets in the repository ------------------------------------------------------------

_SECRET_ASSIGNMENT = re.compile(
    r"""(?ix)^\s*(?:export\s+)?[\w.-]*(?:password|passwd|secret|api_?key|token)[\w.-]*\s*[:=]\s*
        (?P<value>["']?[^\s"'#]{6,}["']?)""",
)
_PLACEHOLDER = re.compile(r"^[\"']?(\$\{[^}]+\}|\$\w+|<[^>]+>|changeme|change-me|xxx+|\*+|\.\.\.|…|example\w*|your[-_]\w+)[\"']?$", re.I)
_PRIVATE_KEY = re.compile(r"-----BEGIN (?:RSA |EC |OPENSSH |ENCRYPTED )?PRIVATE KEY-----")
_AWS_KEY = re.compile(r"\bAKIA[0-9A-Z]{16}\b")


def _tracked_files() -> list[Path]:
    out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    return [ROOT / p for p in out.decode().split("\0") if p]


def test_no_secrets_are_committed() -> None:
    files = _tracked_files()
    assert files, "git ls-files found nothing"
    env_files = [f for f in files if f.name.startswith(".env") or f.suffix == ".env"]
    assert [f.name for f in env_files] in ([], [".env.example"]), env_files
    problems = []
    for f in files:
        if f.suffix in (".lock", ".png", ".jpg", ".gz", ".ndjson") or not f.is_file():
            continue
        text = f.read_text(encoding="utf-8", errors="replace")
        if _PRIVATE_KEY.search(text) or _AWS_KEY.search(text):
            problems.append(f"{f.relative_to(ROOT)}: private key or cloud key")
        if f.name == ".env.example":  # the one allowed example: placeholders and local-only defaults
            continue
        if f.name.startswith(".env") or f.suffix in (".env", ".yml", ".yaml", ".cfg", ".ini", ".toml", ".conf"):
            for n, line in enumerate(text.splitlines(), 1):
                m = _SECRET_ASSIGNMENT.match(line)
                if m and not _PLACEHOLDER.match(m.group("value")) and not m.group("value").strip("\"'").startswith("${"):
                    problems.append(f"{f.relative_to(ROOT)}:{n}: {line.strip()[:80]}")
    assert not problems, "secrets in tracked files:\n" + "\n".join(problems)


def test_docker_compose_reads_passwords_from_the_environment() -> None:
    """Every secret-looking key and every password inside a URL is a ``${VAR…}`` substitution."""
    compose = ROOT / "docker-compose.yml"
    if not compose.exists():  # another part of the project adds it; nothing to check before that
        return
    key_value = re.compile(r"""^\s*["']?(?P<key>[\w.-]*(?:PASSWORD|SECRET|API_KEY|TOKEN)[\w.-]*)["']?\s*:\s*(?P<value>.+?)\s*,?$""", re.I)
    url_password = re.compile(r"://[^:/@\s]*:(?P<pw>[^@\s]*)@")
    problems = []
    for n, line in enumerate(compose.read_text(encoding="utf-8").splitlines(), 1):
        if line.lstrip().startswith("#"):
            continue
        m = key_value.match(line)
        if m:
            value = m.group("value").strip("\"'")
            if value and not value.startswith(("${", "$$")):
                problems.append(f"docker-compose.yml:{n}: {m.group('key')} is set literally")
        for pw in url_password.finditer(line):
            if pw.group("pw") and not pw.group("pw").startswith(("${", "$$")):
                problems.append(f"docker-compose.yml:{n}: a password inside a URL is literal")
    assert not problems, "\n".join(problems)
