"""Every exception this package raises on purpose, in one hierarchy. Each says what went wrong,
where, and what to do.

Rules:

* Everything derives from :class:`EtlError`, so a caller can catch the project's errors apart
  from bugs.
* Every exception survives a pickle round trip with its message and attributes: work crosses a
  ``multiprocessing`` pool and Airflow task boundaries, and an exception that cannot be rebuilt
  there turns into an unrelated ``TypeError``. :meth:`EtlError.__reduce__` rebuilds the object
  without calling ``__init__`` again (subclasses take keyword-only or extra arguments).

::

    EtlError
    ├── ConfigError                 config/ or the environment is invalid
    ├── QuarantineError             a file or record cannot be processed (reason code, detail, path)
    ├── ExtractionError             an HTML page has no article text (→ quarantined as no_article_text)
    ├── ElasticsearchUnavailable    the cluster cannot be reached or answers with a final error
    ├── SourceUnavailable           the object store holding the sources cannot be reached
    ├── IndexSetupError             templates or aliases could not be put in place
    ├── DuplicateLinkError          duplicate_of links could not be written
    ├── ReportMismatch              a run's numbers do not add up: the run fails loudly
    ├── DeletionRefused             full sync would delete too much, or the source looks unmounted
    ├── InjectedFault               the test-only fault-injection hook fired
    └── DevStackError               the local development stack (etl.devstack)
        ├── LocalNodeError          the local Elasticsearch node
        ├── LocalPostgresError      the throwaway PostgreSQL
        ├── LocalS3Error            the local S3-compatible server (S3Proxy)
        ├── LocalRedisError         the local Redis (Celery's broker)
        └── KibanaImportError       importing the saved objects into Kibana
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "ConfigError",
    "DeletionRefused",
    "DevStackError",
    "DuplicateLinkError",
    "ElasticsearchUnavailable",
    "EtlError",
    "ExtractionError",
    "IndexSetupError",
    "InjectedFault",
    "KibanaImportError",
    "LocalNodeError",
    "LocalPostgresError",
    "LocalRedisError",
    "LocalS3Error",
    "QuarantineError",
    "ReportMismatch",
    "SourceUnavailable",
]


def _rebuild(cls: type[EtlError], args: tuple[Any, ...], state: dict[str, Any]) -> EtlError:
    exc = cls.__new__(cls, *args)
    Exception.__init__(exc, *args)
    exc.__dict__.update(state)
    return exc


class EtlError(Exception):
    """Base class of every error this package raises on purpose."""

    def __reduce__(self) -> tuple[Any, ...]:
        return _rebuild, (type(self), self.args, dict(self.__dict__))


class ConfigError(EtlError):
    """The configuration in ``config/`` or the environment is invalid."""


class QuarantineError(EtlError):
    """A source file (or one record of it) cannot be processed and is quarantined.

    ``reason`` is a short machine-friendly code (``binary``, ``too_large``,
    ``invalid_json``, ...) used for the run report's "errors by reason";
    ``detail`` is the human explanation.
    """

    def __init__(self, reason: str, detail: str, path: str | None = None) -> None:
        self.reason = reason
        self.detail = detail
        self.path = path
        where = f"{path}: " if path else ""
        super().__init__(f"{where}{reason}: {detail}")


class ExtractionError(EtlError):
    """The page has no extractable article text (empty, not HTML, or all boilerplate).

    This is the only exception :func:`etl.clean.html.extract_article` raises; callers
    quarantine the file with reason ``no_article_text``.
    """

    reason = "no_article_text"


class ElasticsearchUnavailable(EtlError):
    """Elasticsearch could not be reached or answered with an error we cannot retry."""


class SourceUnavailable(EtlError):
    """The object store holding the source files could not be reached (not one bad object: the store).

    A run fails on it rather than quarantining every object; re-running is safe.
    """


class IndexSetupError(EtlError):
    """Templates or aliases could not be put in place."""


class DuplicateLinkError(EtlError):
    """Some ``duplicate_of`` links could not be written."""


class ReportMismatch(EtlError):
    """A run report's numbers do not add up; the run must fail loudly."""


class DeletionRefused(EtlError):
    """Full sync would delete more than the configured share of the index, or the source is missing."""


class InjectedFault(EtlError):
    """Raised by the test-only fault-injection hook (``ETL_FAIL_FIRST_BATCH_ATTEMPT``)."""


class DevStackError(EtlError):
    """The local development stack (:mod:`etl.devstack`) could not do what was asked."""


class LocalNodeError(DevStackError):
    """The project-local Elasticsearch node could not be installed, started or stopped."""


class LocalPostgresError(DevStackError):
    """The throwaway PostgreSQL could not be created, started or stopped."""


class LocalS3Error(DevStackError):
    """The local S3-compatible server could not be fetched, started or stopped."""


class LocalRedisError(DevStackError):
    """The local Redis server could not be started or stopped."""


class KibanaImportError(DevStackError):
    """The saved objects could not be imported into Kibana (or only some of them)."""

    def __init__(self, message: str, *, status: int | None = None, errors: list[dict[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.errors = errors or []
