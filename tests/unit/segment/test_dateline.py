"""Dateline parsing rules of etl.segment.dateline, one case per rule."""

from __future__ import annotations

import pytest

from etl.models import Dateline
from etl.segment.dateline import parse_dateline


@pytest.mark.parametrize(
    ("text", "prefix", "location", "agency", "month", "day"),
    [
        pytest.param("WASHINGTON - A senior official", "WASHINGTON -", "WASHINGTON", None, None, None, id="caps-city-hyphen"),
        pytest.param("WASHINGTON -   A senior official", "WASHINGTON -", "WASHINGTON", None, None, None, id="several-spaces-after-dash"),
        pytest.param("WASHINGTON -\u00a0A senior official", "WASHINGTON -", "WASHINGTON", None, None, None, id="nbsp-after-dash"),
        pytest.param("NEW YORK, March 3 - Stocks fell", "NEW YORK, March 3 -", "NEW YORK", None, 3, 3, id="two-word-city-with-date"),
        pytest.param("LONDON (Reuters) - Shares rose", "LONDON (Reuters) -", "LONDON", "Reuters", None, None, id="agency"),
        pytest.param("ISLAMABAD: Pakistan said", "ISLAMABAD:", "ISLAMABAD", None, None, None, id="caps-city-colon"),
        pytest.param("SAO PAULO, Feb 26 - Brazil", "SAO PAULO, Feb 26 -", "SAO PAULO", None, 2, 26, id="abbreviated-month-no-period"),
        pytest.param("BEIJING, Jan. 5 (Xinhua) -- China", "BEIJING, Jan. 5 (Xinhua) --", "BEIJING", "Xinhua", 1, 5, id="date-agency-double-hyphen"),
        pytest.param("PARIS (AFP) — France", "PARIS (AFP) —", "PARIS", "AFP", None, None, id="em-dash"),
        pytest.param("KABUL (AP) – Taliban", "KABUL (AP) –", "KABUL", "AP", None, None, id="en-dash"),
        pytest.param("SPRINGFIELD, Ill., Sept. 30 (AP) — A bill", "SPRINGFIELD, Ill., Sept. 30 (AP) —", "SPRINGFIELD", "AP", 9, 30, id="region-then-date"),
        pytest.param("ST. LOUIS (AP) — A man", "ST. LOUIS (AP) —", "ST. LOUIS", "AP", None, None, id="abbreviated-word-in-city"),
        pytest.param("UNITED NATIONS (Reuters) - The", "UNITED NATIONS (Reuters) -", "UNITED NATIONS", "Reuters", None, None, id="two-word-caps-place"),
        pytest.param("Islamabad: The talks", "Islamabad:", "ISLAMABAD", None, None, None, id="title-case-known-city-colon-upper-cased"),
        pytest.param("Rio de Janeiro: The", "Rio de Janeiro:", "RIO DE JANEIRO", None, None, None, id="title-case-city-with-particle"),
        pytest.param("LONDON, 'Quoted' start", None, None, None, None, None, id="comma-without-dash-is-not-a-dateline"),
    ],
)
def test_parse_dateline(
    text: str, prefix: str | None, location: str | None, agency: str | None, month: int | None, day: int | None
) -> None:
    match = parse_dateline(text)
    if prefix is None:
        assert match is None
        return
    assert match is not None
    assert (match.text, match.location, match.agency, match.month, match.day) == (prefix, location, agency, month, day)
    assert text.startswith(match.text)
    assert not text[match.end].isspace() and text[len(prefix) : match.end].strip() == ""
    assert match.to_model() == Dateline(text=prefix, location=location, agency=agency)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("US forces - the ones in Afghanistan - left.", id="acronym-then-lowercase"),
        pytest.param("NATO - The alliance said", id="refused-acronym"),
        pytest.param("EXCLUSIVE - The company", id="wire-label"),
        pytest.param("The official said: We will", id="sentence-with-colon"),
        pytest.param("Note: The meeting", id="title-case-label-colon"),
        pytest.param("Paris - The city", id="title-case-city-with-dash"),
        pytest.param("WASHINGTON-based groups said", id="hyphenated-word"),
        pytest.param("WASHINGTON - the president", id="lowercase-body-after-dash"),
        pytest.param("A - B testing", id="single-letter"),
        pytest.param("He left. WASHINGTON - A man", id="dateline-not-at-start"),
        pytest.param("NEW YORK, March 45 - Stocks", id="impossible-day"),
        pytest.param("", id="empty"),
    ],
)
def test_parse_dateline_rejects(text: str) -> None:
    assert parse_dateline(text) is None
