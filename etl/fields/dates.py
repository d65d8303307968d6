"""Dates: one rule for JSON record fields, HTML meta tags, JSON-LD and ``<time>`` alike.

:func:`parse_date` returns a timezone-aware datetime or ``None``; it never guesses.

* ISO 8601: ``2024-03-01``, ``2024-03-01T09:30:00``, ``...Z``/``...z``, offsets
  (``+01:00``, ``+0100``, and ``2024-03-01 10:00:00 +0100`` with a space before it).
* RFC 2822: ``Fri, 01 Mar 2024 09:30:00 +0000``.
* Spelled-out and compact forms: ``March 1, 2024``, ``Mar 1, 2024``,
  ``1 March 2024``, ``1 Mar 2024`` (optionally with ``HH:MM``), ``2024/03/01``
  (optionally with ``HH:MM:SS``), ``20240301``, and a wire dump's time stamp
  ``26-FEB-1987 15:01:01.79`` (the fraction optional).
* Unix timestamps in seconds or milliseconds, as a number or a 10/13-digit
  string, between 1970-01-02 and 2200 (smaller numbers are counts, not dates).
* A value without a time zone (date-only values included, which mean
  midnight) is taken as UTC.
* Rejected: day/month-ambiguous forms (``01/03/2024``), years outside
  1900–2200 (``0001-01-01`` is a CMS placeholder, not a date), booleans,
  NaN, numbers beyond float range, text over 64 characters and anything that is not a string or a number.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

__all__ = ["parse_date"]

MIN_YEAR = 1900
MAX_YEAR = 2200

_FORMATS = (
    "%B %d, %Y",
    "%b %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d, %Y %H:%M",
    "%d %B %Y %H:%M",
    "%Y/%m/%d",
    "%Y/%m/%d %H:%M:%S",
    "%Y%m%d",
    "%d-%b-%Y %H:%M:%S.%f",
    "%d-%b-%Y %H:%M:%S",
)
_EPOCH_MIN = datetime(1970, 1, 2, tzinfo=UTC).timestamp()
_EPOCH_MAX = datetime(MAX_YEAR, 1, 1, tzinfo=UTC).timestamp()
# "2024-03-01 10:00:00 +0100": no space before the offset for fromisoformat; a lower-case "z" as "Z".
_SPACED_OFFSET = re.compile(r"\s+([+-]\d{2}:?\d{2})$")


def parse_date(value: Any) -> datetime | None:
    """A timezone-aware datetime from a date value, or ``None``; see the module docstring."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):  # noqa: UP038 (a tuple is faster than a union here)
        return _from_epoch(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 64:
        return None
    if text.isdigit() and len(text) in (10, 13):
        return _from_epoch(text)
    parsed = _parse_text(text)
    if parsed is None or not MIN_YEAR <= parsed.year <= MAX_YEAR:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _parse_text(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    iso = _SPACED_OFFSET.sub(r"\1", text[:-1] + "Z" if text.endswith("z") else text)
    if iso != text:
        try:
            return datetime.fromisoformat(iso)
        except ValueError:
            pass
    try:
        return parsedate_to_datetime(text)
    except (ValueError, TypeError, IndexError):
        pass
    for fmt in _FORMATS:
        try:
            return datetime.strptime(text, fmt)
        except ValueError:
            continue
    return None


def _from_epoch(number: float | str) -> datetime | None:
    try:
        seconds = float(number)
    except OverflowError:  # an int beyond float range: no date
        return None
    if seconds != seconds:  # NaN
        return None
    if seconds > _EPOCH_MAX:
        seconds /= 1000.0  # milliseconds
    if not _EPOCH_MIN <= seconds <= _EPOCH_MAX:
        return None
    return datetime.fromtimestamp(seconds, tz=UTC)
