"""The one date rule (etl.fields.parse_date), with every case of the two rules it replaced.

Case ids say where a case comes from: ``json`` = the old JSON-record rule
(``etl/read/dates.py``), ``html`` = the old HTML meta/JSON-LD/``<time>`` rule
(``etl/clean/html/metadata.py``), ``both`` = both agreed, ``merged`` = new
cases pinning the merged rule. ``was: ...`` marks a case whose result changed.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from etl.clean.html import extract_article
from etl.fields import parse_date
from etl.read.records import _metadata

PLUS_1 = timezone(timedelta(hours=1))
MINUS_5 = timezone(timedelta(hours=-5))
D = datetime(2024, 3, 1, tzinfo=UTC)
T = datetime(2024, 3, 1, 9, 30, tzinfo=UTC)

ACCEPTED = [
    # ISO 8601
    pytest.param("2024-03-01", D, id="both: date-only is midnight UTC"),
    pytest.param("2025-03-14", datetime(2025, 3, 14, tzinfo=UTC), id="html: date-only is midnight UTC"),
    pytest.param("2024-03-01T09:30:00", T, id="json: naive is UTC"),
    pytest.param("2024-03-01T09:30:00Z", T, id="json: Z suffix"),
    pytest.param("2025-03-14T08:30:00Z", datetime(2025, 3, 14, 8, 30, tzinfo=UTC), id="html: Z suffix"),
    pytest.param("2024-03-01T09:30:00z", T, id="html: lower-case z suffix (json was: None)"),
    pytest.param("2024-03-01T09:30:00-05:00", datetime(2024, 3, 1, 9, 30, tzinfo=MINUS_5), id="json: offset"),
    pytest.param("2025-03-14 08:30:00 +0100", datetime(2025, 3, 14, 8, 30, tzinfo=PLUS_1), id="html: space before offset"),
    pytest.param("2024-03-01T09:30:00+0100", datetime(2024, 3, 1, 9, 30, tzinfo=PLUS_1), id="merged: offset without colon"),
    pytest.param("  2024-03-01  ", D, id="both: surrounding whitespace"),
    pytest.param("1900-01-01", datetime(1900, 1, 1, tzinfo=UTC), id="html: first accepted year"),
    pytest.param("2200-12-31", datetime(2200, 12, 31, tzinfo=UTC), id="html: last accepted year"),
    # RFC 2822
    pytest.param("Fri, 01 Mar 2024 09:30:00 +0000", T, id="json: RFC 2822"),
    pytest.param("Fri, 14 Mar 2025 08:30:00 +0100", datetime(2025, 3, 14, 8, 30, tzinfo=PLUS_1), id="html: RFC 2822 with offset"),
    pytest.param("Fri, 01 Mar 2024 09:30:00 GMT", T, id="merged: RFC 2822 GMT"),
    pytest.param("Fri, 01 Mar 2024 09:30:00 -0000", T, id="merged: RFC 2822 unknown zone is UTC"),
    # Spelled-out and compact forms (json; html was: None)
    pytest.param("March 1, 2024", D, id="json: month day, year (html was: None)"),
    pytest.param("Mar 1, 2024", D, id="json: abbreviated month day, year (html was: None)"),
    pytest.param("1 March 2024", D, id="json: day month year (html was: None)"),
    pytest.param("1 Mar 2024", D, id="json: day abbreviated month year (html was: None)"),
    pytest.param("March 1, 2024 09:30", T, id="json: month day, year HH:MM (html was: None)"),
    pytest.param("1 March 2024 09:30", T, id="json: day month year HH:MM (html was: None)"),
    pytest.param("2024/03/01", D, id="json: Y/m/d (html was: None)"),
    pytest.param("2024/03/01 09:30:00", T, id="json: Y/m/d H:M:S (html was: None)"),
    pytest.param("20240301", D, id="json: Ymd"),
    pytest.param("01-MAR-2024 09:30:00.00", T, id="text: a wire dump's time stamp"),
    pytest.param("1-Mar-2024 09:30:00", T, id="text: a wire dump's time stamp without fraction"),
    # Unix epochs (json; html was: None)
    pytest.param(1709285400, T, id="json: epoch seconds (html was: None)"),
    pytest.param(1709285400000, T, id="json: epoch milliseconds (html was: None)"),
    pytest.param(1709285400.0, T, id="json: epoch float (html was: None)"),
    pytest.param("1709285400", T, id="json: epoch digit string (html was: None)"),
    pytest.param("1709285400000", T, id="json: epoch ms digit string (html was: None)"),
]

REJECTED = [
    pytest.param("01/03/2024", id="both: day/month-ambiguous"),
    pytest.param("31-FEB-2024 09:30:00.00", id="text: a time stamp of no such day"),
    pytest.param("soon", id="json: junk"),
    pytest.param("not a date", id="html: junk"),
    pytest.param("yesterday-ish", id="html: junk in a meta tag"),
    pytest.param("", id="both: empty"),
    pytest.param("   ", id="both: blank"),
    pytest.param(None, id="both: None"),
    pytest.param(True, id="json: bool is not an epoch"),
    pytest.param(-5, id="json: negative epoch"),
    pytest.param(0, id="json: epoch zero is a count, not a date"),
    pytest.param(86_399, id="json: epoch before 1970-01-02"),
    pytest.param(float("nan"), id="json: NaN"),
    pytest.param(float("inf"), id="merged: infinity"),
    pytest.param(10**400, id="merged: int beyond float range (json was: OverflowError)"),
    pytest.param(10**17, id="json: epoch ms beyond 2200"),
    pytest.param({"date": "2024-03-01"}, id="json: dict"),
    pytest.param(["2024-03-01"], id="merged: list"),
    pytest.param("0001-01-01", id="html: year 1 placeholder (json was: 0001-01-01)"),
    pytest.param("1899-12-31", id="html: year before 1900 (json was: accepted)"),
    pytest.param("2201-01-01", id="html: year after 2200 (json was: accepted)"),
    pytest.param("2024-03-01T09:30:00" + " " * 50 + "Z", id="both: over 64 characters"),
    pytest.param("123456789", id="merged: 9-digit string is no date"),
    pytest.param("2024-13-01", id="merged: month 13"),
    pytest.param("2023-02-29", id="merged: Feb 29 of a common year"),
]


@pytest.mark.parametrize(("value", "expected"), ACCEPTED)
def test_parse_date_accepts_and_returns_aware_datetime(value: Any, expected: datetime) -> None:
    parsed = parse_date(value)
    assert parsed == expected
    assert parsed is not None and parsed.tzinfo is not None


@pytest.mark.parametrize("value", REJECTED)
def test_parse_date_rejects_without_guessing(value: Any) -> None:
    assert parse_date(value) is None


SAME_EVERYWHERE = ["2024-03-01T09:30:00Z", "2024-03-01", "March 1, 2024", "1709285400", "0001-01-01", "01/03/2024"]


@pytest.mark.parametrize("text", SAME_EVERYWHERE)
def test_date_parses_the_same_in_json_records_and_html_pages(text: str) -> None:
    expected = parse_date(text)
    body = "<p>The council approved the new cycle lanes on Tuesday after a debate that lasted all evening.</p>"
    html_meta = f'<html><head><meta property="article:published_time" content="{text}"></head><body>{body}</body></html>'
    jsonld = json.dumps({"@type": "NewsArticle", "datePublished": text})
    html_ld = f'<html><head><script type="application/ld+json">{jsonld}</script></head><body>{body}</body></html>'
    assert _metadata({"published_at": text}).published_at == expected
    assert extract_article(html_meta).metadata.published_at == expected
    assert extract_article(html_ld).metadata.published_at == expected
