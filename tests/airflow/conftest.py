"""A real, running Airflow 3 for the scheduler and browser tests, shared by the package's tests.

``airflow_stack`` starts, once for the tests under ``tests/airflow`` that ask for it, the stack
of :func:`tests.airflow.helpers.start_airflow` (PostgreSQL, ``airflow db migrate``, scheduler,
dag-processor, api-server, each by pid in its own process group) with the LocalExecutor, the
session's Elasticsearch node and an index prefix of the stack's own.

Everything is stopped by pid / process group in a finalizer, also when a test or the start-up fails.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.airflow.helpers import DAG_ID, PASSWORD, USER, AirflowStack, start_airflow, start_postgres

__all__ = ["DAG_ID", "PASSWORD", "USER", "AirflowStack"]


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):  # noqa: ANN001
    """Record each phase's report on the item, so fixtures know whether the test failed (screenshots)."""
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)


@pytest.fixture(scope="package")
def airflow_stack(es_node, tmp_path_factory, request) -> Iterator[AirflowStack]:  # noqa: ANN001
    base = tmp_path_factory.mktemp("airflow-stack")
    db_url = start_postgres(base, request.addfinalizer)
    extra_env = {
        "AIRFLOW__CORE__EXECUTOR": "LocalExecutor",
        "ETL_AIRFLOW__RETRY_DELAY_S": "2",
        # Fault injection (etl/airflow/tasks.py): the first attempt of process_batch fails, only in
        # runs whose partition starts on this day (the retry test's day), after it has indexed.
        "ETL_FAIL_FIRST_BATCH_ATTEMPT": "2024-03-05",
    }
    yield start_airflow(base, db_url, es_node.url, extra_env, request.addfinalizer)


@pytest.fixture
def airflow(airflow_stack: AirflowStack) -> Iterator[AirflowStack]:
    """The shared running Airflow for one test; backfills the test left running are cancelled after it."""
    try:
        yield airflow_stack
    finally:
        airflow_stack.cancel_open_backfills()
