"""Shared fixtures. Services are real and started here: one local Elasticsearch node per
session (on a free port, stopped by pid at the end) and a throwaway Airflow home on SQLite.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpora"
SEED = SHARED / "seed" / "two-articles.txt"
BBC = SHARED / "bbc-news"
SAMPLE = ROOT / "data" / "sample"


def bbc_texts() -> Iterator[tuple[Path, str]]:
    """(path, text) of every BBC article file, in a stable order; the one cp1252 file decoded as such."""
    for path in sorted(BBC.glob("*/*.txt")):
        data = path.read_bytes()
        try:
            yield path, data.decode("utf-8")
        except UnicodeDecodeError:
            yield path, data.decode("cp1252")

# Airflow reads its home when first imported: point it at a throwaway folder before any test does.
_AIRFLOW_HOME = Path(tempfile.mkdtemp(prefix="etl-test-airflow-"))
os.environ["AIRFLOW_HOME"] = str(_AIRFLOW_HOME)
os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(ROOT / "dags")
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
os.environ["AIRFLOW__CORE__UNIT_TEST_MODE"] = "False"
os.environ.setdefault("ETL_STAGING_URL", f"file://{_AIRFLOW_HOME / 'staging'}")
os.environ.pop("AIRFLOW_CONN_ELASTICSEARCH_DEFAULT", None)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(_AIRFLOW_HOME, ignore_errors=True)


@pytest.fixture(autouse=True)
def _sigterm_handler_restored() -> Iterator[None]:
    """Each test leaves SIGTERM's handler as it found it.

    ``dag.test()`` runs tasks in this process and leaves the task runner's SIGTERM handler behind;
    it ignores SIGTERM in forked children, so a later ``multiprocessing`` pool's ``terminate()``
    (``with Pool(...)``) waited forever for an idle worker about one exit in eight.
    """
    before = signal.getsignal(signal.SIGTERM)
    yield
    if signal.getsignal(signal.SIGTERM) is not before:
        signal.signal(signal.SIGTERM, before)


@pytest.fixture(scope="session")
def es_node() -> Iterator[object]:
    """A real Elasticsearch node for the whole session, on a free port, stopped by pid afterwards."""
    from etl.devstack.localnode import LocalNode, free_port

    port = free_port()
    base = ROOT / ".local" / "es" / "test-nodes" / str(port)
    node = LocalNode(port=port, heap="1g", base_dir=base)
    node.start()
    os.environ["ES_URL"] = node.url
    from etl.config import get_settings

    get_settings.cache_clear()
    try:
        yield node
    finally:
        node.stop()
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory) -> Iterator[object]:
    """A real S3-compatible server (S3Proxy, filesystem backend) for the session, stopped by pid.

    Tests create their own buckets (``s3_server.create_bucket``) and point clients at it with
    ``s3_server.env()`` (the standard AWS variables) or ``s3_server.connection_uri()``.
    """
    from etl.devstack.s3server import LocalS3

    server = LocalS3(base_dir=tmp_path_factory.mktemp("s3proxy"))
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def es_settings(es_node, tmp_path):  # noqa: ANN001
    """Settings pointing at the session node, with an index prefix of this test's own."""
    from etl.config import ElasticsearchConfig, load_settings

    prefix = f"t{uuid.uuid4().hex[:10]}"
    settings = load_settings(elasticsearch=ElasticsearchConfig(url=es_node.url, index_prefix=prefix))
    return settings


@pytest.fixture
def es(es_settings):  # noqa: ANN001
    """A client on the session node; the test's indices are deleted afterwards."""
    from etl.index.client import make_client

    client = make_client(es_settings.elasticsearch)
    yield client
    prefix = es_settings.elasticsearch.index_prefix
    client.options(ignore_status=404).indices.delete(index=f"{prefix}*", expand_wildcards="all")
    for name in (f"{prefix}", f"{prefix}-runs"):
        client.options(ignore_status=404).indices.delete_index_template(name=name)
    for name in (f"{prefix}-settings", f"{prefix}-mappings"):
        client.options(ignore_status=404).cluster.delete_component_template(name=name)
    client.close()


@pytest.fixture(scope="session")
def airflow_db() -> Path:
    """An initialised Airflow metadata DB (SQLite) in the session's throwaway AIRFLOW_HOME."""
    subprocess.run(
        [str(Path(sys.executable).with_name("airflow")), "db", "migrate"],
        check=True,
        env=dict(os.environ),
        stdout=subprocess.DEVNULL,
    )
    return _AIRFLOW_HOME


# -- the ingest DAG under dag.test() (tests/airflow, tests/scale) ------------------------------


@pytest.fixture
def prefixed(es_settings, airflow_db) -> Iterator[str]:  # noqa: ANN001
    """Tasks run in this process under dag.test(): point their settings at the test's own index prefix."""
    from etl.config import get_settings

    prefix = es_settings.elasticsearch.index_prefix
    before = os.environ.get("ETL_ELASTICSEARCH__INDEX_PREFIX")
    os.environ["ETL_ELASTICSEARCH__INDEX_PREFIX"] = prefix
    get_settings.cache_clear()
    try:
        assert get_settings().elasticsearch.index_prefix == prefix
        yield prefix
    finally:
        if before is None:
            os.environ.pop("ETL_ELASTICSEARCH__INDEX_PREFIX", None)
        else:
            os.environ["ETL_ELASTICSEARCH__INDEX_PREFIX"] = before
        get_settings.cache_clear()


@pytest.fixture(scope="module")
def dag(airflow_db):  # noqa: ANN001, ANN201
    """``ingest_articles`` as the DagBag loads it (no import errors)."""
    from airflow.dag_processing.dagbag import DagBag

    bag = DagBag(dag_folder=str(ROOT / "dags" / "ingest_articles.py"))
    assert bag.import_errors == {}
    return bag.get_dag("ingest_articles")
