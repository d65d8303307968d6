"""Dates in JSON records."""

from __future__ import annotations

from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any

# --------------------------------------------------------------------------- dates

_DATE_FORMATS = (
    "%B %d, %Y",
    "%b %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d, %Y %H:%M",
    "%d %B %Y %H:%M",
    "%Y/%m/%d",
    "%Y/%m/%d %H:%M:%S",
    "%Y%m%d",
)
_EPOCH_MIN = datetime(1970, 1, 2, tzinfo=timezone.utc).timestamp()
_EPOCH_MAX = datetime(2200, 1, 1, tzinfo=timezone.utc).timestamp()


def parse_date(value: Any) -> datetime | None:
    """A timezone-aware datetime from a JSON date value, or ``None``; never guesses.

    Accepts ISO 8601 (``2024-03-01``, ``2024-03-01T09:30:00Z``, offsets),
    RFC 2822 (``Fri, 01 Mar 2024 09:30:00 +0000``), a few spelled-out forms
    (``March 1, 2024``, ``1 March 2024``) and Unix timestamps in seconds or
    milliseconds (number or digit string between 1970 and 2200). Values
    without a time zone, date-only values included, are taken as UTC.
    Day/month-ambiguous forms (``01/03/2024``) are rejected.
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return _from_epoch(float(value))
    if not isinstance(value, str):
        return None
    s = value.strip()
    if not s or len(s) > 64:
        return None
    if s.isdigit() and len(s) in (10, 13):
        return _from_epoch(float(s))
    dt: datetime | None = None
    try:
        dt = datetime.fromisoformat(s)
    except ValueError:
        try:
            dt = parsedate_to_datetime(s)
        except (ValueError, TypeError, IndexError):
            for fmt in _DATE_FORMATS:
                try:
                    dt = datetime.strptime(s, fmt)
                    break
                except ValueError:
                    continue
    if dt is None:
        return None
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=timezone.utc)


def _from_epoch(seconds: float) -> datetime | None:
    if seconds != seconds:  # NaN
        return None
    if seconds > _EPOCH_MAX:
        seconds /= 1000.0  # milliseconds
    if not _EPOCH_MIN <= seconds <= _EPOCH_MAX:
        return None
    return datetime.fromtimestamp(seconds, tz=timezone.utc)
