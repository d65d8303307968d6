"""Specific exception classes. Each says what went wrong, where, and what to do."""

from __future__ import annotations


class EtlError(Exception):
    """Base class of every error this package raises on purpose."""


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


class ElasticsearchUnavailable(EtlError):
    """Elasticsearch could not be reached or answered with an error we cannot retry."""


class LocalNodeError(EtlError):
    """The project-local Elasticsearch node could not be installed, started or stopped."""


class ReportMismatch(EtlError):
    """A run report's numbers do not add up; the run must fail loudly."""
