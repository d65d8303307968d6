"""The exception hierarchy: one module, every class an EtlError, every instance survives pickling."""

from __future__ import annotations

import importlib
import inspect
import multiprocessing
import pickle
import pkgutil

import pytest

import etl
from etl import errors
from etl.errors import EtlError, KibanaImportError, QuarantineError

# (exception, attributes that must come back equal)
CASES = [
    (errors.ConfigError("invalid configuration: read.max_file_bytes must be > 0"), ()),
    (QuarantineError("binary", "looks like a PDF", "2024/03/01/a.txt"), ("reason", "detail", "path")),
    (QuarantineError("invalid_json", "line 3: unexpected end"), ("reason", "detail", "path")),
    (errors.ExtractionError("no paragraph with text"), ("reason",)),
    (errors.ElasticsearchUnavailable("Elasticsearch at http://localhost:9200 refused the connection"), ()),
    (errors.SourceUnavailable("the object store did not answer for s3://landing/news"), ()),
    (errors.IndexSetupError("template articles-mappings was rejected"), ()),
    (errors.DuplicateLinkError("2 duplicate links could not be written"), ()),
    (errors.ReportMismatch("run r1: the run report does not add up: files_seen 3 != 2"), ()),
    (errors.DeletionRefused("full sync would delete 40% of the index"), ()),
    (errors.InjectedFault("failing attempt 1 on purpose"), ()),
    (errors.DevStackError("no Java found"), ()),
    (errors.LocalNodeError("port 9200 is already in use"), ()),
    (errors.LocalPostgresError("initdb not found"), ()),
    (errors.LocalS3Error("S3Proxy exited during start-up"), ()),
    (errors.LocalRedisError("redis-server is not installed"), ()),
    (KibanaImportError("Kibana at http://k:5601 refused the objects", status=400, errors=[{"id": "x"}]), ("status", "errors")),
    (KibanaImportError("cannot read the saved objects file"), ("status", "errors")),
]


@pytest.mark.parametrize(("exc", "attrs"), CASES, ids=lambda v: type(v).__name__ if isinstance(v, Exception) else "")
def test_every_exception_survives_a_pickle_round_trip(exc: EtlError, attrs: tuple[str, ...]) -> None:
    back = pickle.loads(pickle.dumps(exc))
    assert type(back) is type(exc)
    assert str(back) == str(exc) and back.args == exc.args
    for name in attrs:
        assert getattr(back, name) == getattr(exc, name)


def test_every_class_in_the_hierarchy_has_a_pickle_case() -> None:
    classes = {getattr(errors, name) for name in errors.__all__}
    assert classes == {type(exc) for exc, _ in CASES} | {EtlError}


def _classes_defined_in_the_package() -> dict[str, type]:
    found = {}
    for info in pkgutil.walk_packages(etl.__path__, "etl."):
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if inspect.isclass(obj) and issubclass(obj, BaseException) and obj.__module__ == info.name:
                found[f"{info.name}.{name}"] = obj
    return found


def test_exceptions_are_defined_in_etl_errors_only() -> None:
    stray = sorted(name for name in _classes_defined_in_the_package() if not name.startswith("etl.errors."))
    assert stray == [], f"exception classes outside etl.errors: {stray}"


def test_every_exception_is_an_etl_error_and_exported() -> None:
    for name, cls in vars(errors).items():
        if inspect.isclass(cls) and issubclass(cls, BaseException):
            assert issubclass(cls, EtlError), name
            assert name in errors.__all__, name


def _raise_quarantine(path: str) -> None:
    raise QuarantineError("too_large", "over read.max_file_bytes", path)


def test_a_quarantine_error_raised_in_a_worker_process_reaches_the_parent_intact() -> None:
    with multiprocessing.get_context("fork").Pool(1) as pool:
        with pytest.raises(QuarantineError) as info:
            pool.apply(_raise_quarantine, ("2024/03/01/big.txt",))
    assert (info.value.reason, info.value.detail, info.value.path) == ("too_large", "over read.max_file_bytes", "2024/03/01/big.txt")
