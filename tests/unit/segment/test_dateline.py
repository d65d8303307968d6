"""Dateline parsing rules of etl.segment.dateline, one case per rule."""

from __future__ import annotations

import pytest

from etl.models import Dateline
from etl.segment.dateline import match_dateline


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
        # wire house styles (issue 14, item 3)
        pytest.param("London, March 2 - The Bank", "London, March 2 -", "LONDON", None, 3, 2, id="title-case-city-with-date"),
        pytest.param("Lima, march 17 - Peru said", "Lima, march 17 -", "LIMA", None, 3, 17, id="lower-case-month"),
        pytest.param("lima, march 17 - Peru said", "lima, march 17 -", "LIMA", None, 3, 17, id="lower-case-city-with-date"),
        pytest.param("NEW YORK , March 5 - Stocks", "NEW YORK , March 5 -", "NEW YORK", None, 3, 5, id="space-before-comma"),
        pytest.param("NEW YORK ,March 5 - Stocks", "NEW YORK ,March 5 -", "NEW YORK", None, 3, 5, id="no-space-after-comma"),
        pytest.param("LONDON, March 3  -  Shares", "LONDON, March 3  -", "LONDON", None, 3, 3, id="spaces-around-dash"),
        pytest.param("RICHMOND, Va., Marc 16 - The", "RICHMOND, Va., Marc 16 -", "RICHMOND", None, 3, 16, id="misspelt-month-cut-short"),
        pytest.param("NEW YORK, Febuary 3 - Stocks", "NEW YORK, Febuary 3 -", "NEW YORK", None, 2, 3, id="misspelt-month-missing-letter"),
        pytest.param("PARIS, Arpil 3 - Stocks", "PARIS, Arpil 3 -", "PARIS", None, 4, 3, id="misspelt-month-transposed"),
        pytest.param("LONDON, 3 March - Shares", "LONDON, 3 March -", "LONDON", None, 3, 3, id="day-first-date"),
        pytest.param("LONDON, 3rd March - Shares", "LONDON, 3rd March -", "LONDON", None, 3, 3, id="day-first-ordinal"),
        pytest.param("LONDON, March 3rd - Shares", "LONDON, March 3rd -", "LONDON", None, 3, 3, id="ordinal-day"),
        pytest.param("Calgary, Alberta, March 3 - Oil", "Calgary, Alberta, March 3 -", "CALGARY", None, 3, 3, id="title-case-city-with-province"),
        pytest.param("LONDON, 3 March (Reuters) - Shares", "LONDON, 3 March (Reuters) -", "LONDON", "Reuters", 3, 3, id="day-first-then-agency"),
        pytest.param("Washington, Feb. 26 (AP) - A", "Washington, Feb. 26 (AP) -", "WASHINGTON", "AP", 2, 26, id="title-case-date-agency"),
        pytest.param("Frankfurt (dpa) - Die Bank", "Frankfurt (dpa) -", "FRANKFURT", "dpa", None, None, id="title-case-with-agency-only"),
        pytest.param("TORONTO, March 13 - <Acme Mines Ltd> said", "TORONTO, March 13 -", "TORONTO", None, 3, 13, id="bracketed-company-after-dash"),
        pytest.param('HOUSTON, March 3 - "We will', "HOUSTON, March 3 -", "HOUSTON", None, 3, 3, id="quote-after-dash"),
        pytest.param("LONDON - BP\nsaid on Monday", "LONDON -", "LONDON", None, None, None, id="soft-wrap-after-a-caps-name"),
        pytest.param("Sao Paulo, March 3 - Brazil", "Sao Paulo, March 3 -", "SAO PAULO", None, 3, 3, id="title-case-two-words"),
        pytest.param("Rio de Janeiro, March 3 - Brazil", "Rio de Janeiro, March 3 -", "RIO DE JANEIRO", None, 3, 3, id="title-case-with-particle-and-date"),
        pytest.param("LONDON, March 3 ( Reuters ) - Shares", "LONDON, March 3 ( Reuters ) -", "LONDON", "Reuters", 3, 3, id="stray-spaces-inside-agency"),
        pytest.param("LONDON,March 3-Shares rose", "LONDON,March 3-", "LONDON", None, 3, 3, id="no-spaces-around-comma-and-dash-after-date"),
        pytest.param("LONDON, March 3 -Shares rose", "LONDON, March 3 -", "LONDON", None, 3, 3, id="dash-glued-to-body-after-date"),
        pytest.param("LONDON (Reuters)-Shares rose", "LONDON (Reuters)-", "LONDON", "Reuters", None, None, id="dash-glued-to-body-after-agency"),
        pytest.param("new york, march 5 - Stocks fell", "new york, march 5 -", "NEW YORK", None, 3, 5, id="lower-case-two-word-city"),
        pytest.param("KUALA LUMPUR, Malaysia, March 3 - Palm oil", "KUALA LUMPUR, Malaysia, March 3 -", "KUALA LUMPUR", None, 3, 3, id="country-qualifier"),
        pytest.param("CALGARY, Alberta, March 3 - Oil", "CALGARY, Alberta, March 3 -", "CALGARY", None, 3, 3, id="caps-city-with-province"),
        pytest.param("RICHMOND, VA., March 16 - The", "RICHMOND, VA., March 16 -", "RICHMOND", None, 3, 16, id="caps-state-abbreviation"),
        pytest.param("SYDNEY, Australia (Reuters) - Shares", "SYDNEY, Australia (Reuters) -", "SYDNEY", "Reuters", None, None, id="country-qualifier-then-agency"),
        pytest.param("NEW YORK, SEPT 3 - Stocks", "NEW YORK, SEPT 3 -", "NEW YORK", None, 9, 3, id="capitals-abbreviated-month"),
        pytest.param("LONDON, Mrach 3 - Shares", "LONDON, Mrach 3 -", "LONDON", None, 3, 3, id="misspelt-month-transposed-inside"),
        pytest.param("Lima , March 17 - Peru said", "Lima , March 17 -", "LIMA", None, 3, 17, id="title-case-space-before-comma"),
        pytest.param("TORONTO, March 13 - 'Acme Mines' said", "TORONTO, March 13 -", "TORONTO", None, 3, 13, id="single-quoted-company-after-dash"),
        # gaps found by make bench-datelines (tests/fixtures/wire)
        pytest.param("Winston-Salem, N.C., May 9 - Rubber", "Winston-Salem, N.C., May 9 -", "WINSTON-SALEM", None, 5, 9, id="title-case-hyphen-then-capital"),
        pytest.param("Port-au-Prince, April 16th - Bond", "Port-au-Prince, April 16th -", "PORT-AU-PRINCE", None, 4, 16, id="title-case-hyphenated-with-particle"),
        pytest.param("Dar es Salaam, Aug 2 - Tea", "Dar es Salaam, Aug 2 -", "DAR ES SALAAM", None, 8, 2, id="title-case-particle-es"),
        pytest.param("kuala lumpur, malaysia, feb 26 - Dry", "kuala lumpur, malaysia, feb 26 -", "KUALA LUMPUR", None, 2, 26, id="lower-case-country-qualifier"),
        pytest.param("calgary, alberta, jul 5 - The", "calgary, alberta, jul 5 -", "CALGARY", None, 7, 5, id="lower-case-province-qualifier"),
        pytest.param("vancouver, british columbia (Reuter) - The", "vancouver, british columbia (Reuter) -", "VANCOUVER", "Reuter", None, None, id="lower-case-two-word-qualifier-agency"),
        pytest.param("Minneapolis, Minn., Mya 9 - <Northgate", "Minneapolis, Minn., Mya 9 -", "MINNEAPOLIS", None, 5, 9, id="three-letter-month-transposed"),
        pytest.param("UNITED NATIONS, Otc 3 - Most", "UNITED NATIONS, Otc 3 -", "UNITED NATIONS", None, 10, 3, id="three-letter-abbreviation-transposed"),
        pytest.param('New Orleans, March 7 (Reuters) -"There is', "New Orleans, March 7 (Reuters) -", "NEW ORLEANS", "Reuters", 3, 7, id="glued-dash-then-double-quote"),
        pytest.param("ST. JOHN'S, Aug 13 -\u201cWe will", "ST. JOHN'S, Aug 13 -", "ST. JOHN'S", None, 8, 13, id="glued-dash-then-curly-quote"),
        pytest.param("TORONTO, March 13 -<Acme Mines Ltd> said", "TORONTO, March 13 -", "TORONTO", None, 3, 13, id="glued-dash-then-bracketed-company"),
        # whole-story copy styles (batch 2 of tests/fixtures/wire)
        pytest.param("LONDON, MARCH 3 - THE BANK OF ENGLAND SAID IT WOULD\nPROVIDE HELP.", "LONDON, MARCH 3 -", "LONDON", None, 3, 3, id="teletype-capitals-body"),
        pytest.param("ABU DHABI ( REUTERS ) -- OIL PRICES HELD STEADY IN THIN TRADING", "ABU DHABI ( REUTERS ) --", "ABU DHABI", "REUTERS", None, None, id="teletype-agency-only"),
        pytest.param("SAN JUAN, PUERTO RICO, MYA 13 ( REUTER ) - TALKS WITH BANKS", "SAN JUAN, PUERTO RICO, MYA 13 ( REUTER ) -", "SAN JUAN", "REUTER", 5, 13, id="teletype-qualifier-misspelt-month-agency"),
        pytest.param("COLOMBO, AUGUST 26 -1987 WILL BE A HARD YEAR", "COLOMBO, AUGUST 26 -", "COLOMBO", None, 8, 26, id="spaced-dash-glued-to-a-number"),
        pytest.param("lima, march 17 - peru said", "lima, march 17 -", "LIMA", None, 3, 17, id="lower-cased-copy-lower-case-body"),
        pytest.param("st. paul , aug 2 (reuter)-the central bank", "st. paul , aug 2 (reuter)-", "ST. PAUL", "reuter", 8, 2, id="lower-cased-copy-glued-dash"),
        pytest.param('the hague, june 15 - "we will', "the hague, june 15 -", "THE HAGUE", None, 6, 15, id="lower-case-the-hague"),
        pytest.param("The Hague, June 15 - The minister", "The Hague, June 15 -", "THE HAGUE", None, 6, 15, id="title-case-the-hague"),
        pytest.param("TORONTO, March 13 - &lt;Acme Mines Ltd&gt; said", "TORONTO, March 13 -", "TORONTO", None, 3, 13, id="escaped-bracketed-company"),
        pytest.param("TORONTO, March 13 -&lt;Acme Mines Ltd&gt; said", "TORONTO, March 13 -", "TORONTO", None, 3, 13, id="escaped-company-glued-to-dash"),
    ],
)
def test_parse_dateline(
    text: str, prefix: str | None, location: str | None, agency: str | None, month: int | None, day: int | None
) -> None:
    match = match_dateline(text)
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
        pytest.param("SAN FRANCISCO, March 3-4 meeting", id="date-range-is-not-a-glued-dash"),
        pytest.param("WASHINGTON-Based groups said", id="glued-dash-without-date-or-agency"),
        pytest.param("He left. WASHINGTON - A man", id="dateline-not-at-start"),
        pytest.param("NEW YORK, March 45 - Stocks", id="impossible-day"),
        pytest.param("", id="empty"),
    ],
)
def test_parse_dateline_rejects(text: str) -> None:
    assert match_dateline(text) is None


# -- an ISO-dated dateline on its own line (issue 13: 1990s agency copy, "LONDON 1996-08-30") --------


@pytest.mark.parametrize(
    ("text", "region"),
    [
        pytest.param("MANCHESTER, England 1996-09-21\nUnited", "England", id="iso-dated"),
        pytest.param("CHICAGO, Ill., March 3 - The", "Ill.", id="abbreviated-state"),
        pytest.param("AL-AIN, United Arab Emirates 1996-12-06\nThe", "United Arab Emirates", id="hyphenated-place-three-words"),
        pytest.param("NEW YORK, March 3 - The", None, id="none"),
    ],
)
def test_a_datelines_region_is_kept_as_written(text: str, region: str | None) -> None:
    match = match_dateline(text)
    assert match is not None and match.region == region


@pytest.mark.parametrize(
    ("text", "prefix", "location", "year", "month", "day"),
    [
        pytest.param("LONDON 1996-08-30\nShares rose", "LONDON 1996-08-30", "LONDON", 1996, 8, 30, id="own-line"),
        pytest.param("LONDON 1996-08-30", "LONDON 1996-08-30", "LONDON", 1996, 8, 30, id="alone-a-block-of-its-own"),
        pytest.param("LONDON 1996-08-30 Shares rose", "LONDON 1996-08-30", "LONDON", 1996, 8, 30, id="soft-wrapped-into-the-lead"),
        pytest.param("NEW YORK 1996-08-30 - Stocks", "NEW YORK 1996-08-30 -", "NEW YORK", 1996, 8, 30, id="with-a-dash"),
        pytest.param("MANCHESTER, England 1996-09-21\nUnited", "MANCHESTER, England 1996-09-21", "MANCHESTER", 1996, 9, 21,
                     id="with-a-region"),
        pytest.param('ST. LOUIS 1996-08-24\n"We lost', "ST. LOUIS 1996-08-24", "ST. LOUIS", 1996, 8, 24, id="quote-opens-body"),
    ],
)  # fmt: skip
def test_an_iso_dated_dateline_keeps_its_year(text: str, prefix: str, location: str, year: int, month: int, day: int) -> None:
    match = match_dateline(text)
    assert match is not None
    assert (match.text, match.location, match.year, match.month, match.day) == (prefix, location, year, month, day)
    assert text[match.end :] == text[len(prefix) :].lstrip(" -\n")


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("LONDON 1996-02-30\nShares rose", id="no-such-day"),
        pytest.param("US 1996-08-30\nThe report", id="refused-acronym"),
        pytest.param("LONDON 1996-08-30 shares rose", id="body-in-lower-case"),
        pytest.param("LONDON 1996-08-301 Shares", id="longer-number"),
        pytest.param("London 1996-08-30\nShares rose", id="title-case-location"),
        pytest.param("REPORT DUE 1996-08-30 ON TRADE", id="headline-with-a-date"),
    ],
)
def test_what_is_not_an_iso_dated_dateline(text: str) -> None:
    match = match_dateline(text)
    assert match is None or match.year is None


# -- wire datelines in every house style (issue 14, item 3) --------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("TENNIS - SMITH BEATS JONES IN FINAL", id="slug-headline-line"),
        pytest.param("BANK DENIES DEVALUATION PLAN - SOURCES", id="headline-with-one-word-after-dash"),
        pytest.param("BANK DENIES DEVALUATION PLAN - SOURCES\nHARARE, March 21 - The bank", id="headline-line-over-dateline"),
        pytest.param("ECONOMIC SPOTLIGHT - BUNDESBANK POLICY\nThe Bundesbank", id="slug-then-mixed-case-next-line"),
        pytest.param("LONDON - BP", id="lone-caps-line"),
        pytest.param("Monday, March 3 - The talks", id="weekday-is-not-a-place"),
        pytest.param("Updated March 3 - The story", id="date-phrase-is-not-a-place"),
        pytest.param("Paris, The city - Text", id="title-case-without-date-or-agency"),
        pytest.param("LONDON, Mayor 3 - Shares", id="not-a-month"),
        pytest.param("LONDON, March 0 - Shares", id="day-zero"),
        pytest.param("London, March 3 - the bank", id="lower-case-body"),
        pytest.param("Replacements (from): Bozzi, Coutts", id="label-with-parenthesis-and-colon"),
        pytest.param("Paris, the French capital, March 3 was", id="lower-case-qualifier-without-dash"),
        pytest.param("WASHINGTON-\"based\" groups", id="glued-quote-without-date-or-agency"),
        pytest.param("MONDAY, MARCH 9 - THE TALKS, WHICH WERE EXPECTED TO LAST", id="teletype-weekday-is-not-a-place"),
        pytest.param("UPDATED MARCH 12 - THE FIGURES IN THE TABLE", id="teletype-date-phrase"),
        pytest.param("U.S. SETS TALKS FOR MARCH 3 - OFFICIALS", id="headline-with-a-date-after-a-space"),
        pytest.param("REPLACEMENTS (FROM): HALLORAN, BYRD, OKAFOR.", id="teletype-label-with-parenthesis-and-colon"),
        pytest.param("the official, march 3 - the talks", id="lower-case-sentence-with-date"),
        pytest.param("London, march 3 - the bank said", id="lower-case-body-after-title-case-place"),
    ],
)
def test_parse_dateline_refuses_slugs_and_lookalikes(text: str) -> None:
    assert match_dateline(text) is None


@pytest.mark.parametrize(
    ("text", "prefix", "location", "start_word"),
    [
        pytest.param(
            "ECONOMIC SPOTLIGHT - BUNDESBANK POLICY FRANKFURT, March 3 - The Bundesbank",
            "FRANKFURT, March 3 -",
            "FRANKFURT",
            "FRANKFURT",
            id="slug-then-dateline-on-one-line",
        ),
        pytest.param(
            "ECONOMIC SPOTLIGHT - U.S. TRADE NEW YORK, March 3 - The deficit",
            "NEW YORK, March 3 -",
            "NEW YORK",
            "NEW",
            id="multi-word-place-after-slug",
        ),
        pytest.param(
            "TENNIS - SMITH BEATS JONES LONDON (Reuters) - Smith won",
            "LONDON (Reuters) -",
            "LONDON",
            "LONDON",
            id="agency-dateline-after-slug",
        ),
    ],
)
def test_dateline_after_a_slug_wins(text: str, prefix: str, location: str, start_word: str) -> None:
    match = match_dateline(text)
    assert match is not None
    assert (match.text, match.location, match.start) == (prefix, location, text.index(start_word))
    assert text[match.start : match.start + len(match.text)] == match.text


def test_slug_without_dated_dateline_gives_none() -> None:
    # "LONDON -" after the slug carries no date or agency: better no dateline than the slug's.
    assert match_dateline("TENNIS - SMITH BEATS JONES IN FINAL LONDON - Smith won") is None


@pytest.mark.parametrize(
    ("word", "number"),
    [
        ("March", 3), ("mar", 3), ("Marc", 3), ("MARCH", 3), ("Sept", 9), ("Sept.", 9), ("Febuary", 2),
        ("Arpil", 4), ("Juen", 6), ("Agust", 8), ("Decmber", 12), ("May", 5),
        ("Mya", 5), ("Otc", 10), ("Nvo", 11), ("Jnu", 6), ("Fbe", 2),
        ("Mars", None), ("Mark", None), ("Jump", None), ("Ma", None), ("Monday", None), ("Octopus", None),
        ("Amy", None), ("Mat", None), ("Jon", None), ("Dot", None), ("Nor", None),
    ],
)  # fmt: skip
def test_month_number_accepts_near_misses_only(word: str, number: int | None) -> None:
    from etl.segment.dateline import month_number

    assert month_number(word) == number
