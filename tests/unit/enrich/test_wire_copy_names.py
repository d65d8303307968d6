"""Wire copy's table labels, market nouns and copy in capitals give no junk names (issue 13: facets of a wire archive).

Earnings tables (``Shr 1.12 dlrs vs 98 cts`` / ``Net 11.4 mln vs 9.9 mln`` / ``Revs ...``) fill a
third of a 1980s agency archive, and commodity and market reports open sentences with a capitalised
common noun (``Soybean exports rose``): typed as names they would lead the organisation and person
facets. Names that start with the same words stay names. Copy written wholly in capitals has no
acronyms to tell from words: ``SMITH, WHO LOST`` names no World Health Organization.
"""

from __future__ import annotations

import pytest

from etl.enrich.entities import extract_entities


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("Shr 1.12 dlrs vs 98 cts\nNet 11.4 mln vs 9.9 mln\nRevs 210.5 mln vs 188.1 mln", id="earnings-table"),
        pytest.param("Oper shr 40 cts vs 31 cts\nQtly div 18 cts vs 16 cts prior\nAvg shrs 12.1 mln", id="more-labels"),
        pytest.param("Net 6,980,000 vs 3,310,000", id="net-line"),
        pytest.param("Turnover reached 1.1 billion shares.", id="market-noun-opener"),
        pytest.param("Soybean exports rose 10 pct in March.", id="commodity-opener"),
        pytest.param("Truck drivers blocked the main roads for a second day.", id="group-opener"),
        pytest.param("Crude output fell to 1.2 mln barrels per day.", id="crude-opener"),
    ],
)
def test_table_labels_and_market_nouns_are_no_names(text: str) -> None:
    found = extract_entities(text)
    assert (found.people, found.organizations, found.locations) == ([], [], [])


@pytest.mark.parametrize(
    ("text", "organization"),
    [
        pytest.param("Net Applications Inc said usage rose.", "Net Applications Inc", id="company-named-net"),
        pytest.param("Copper Mountain Mining Corp said it would raise output.", "Copper Mountain Mining Corp", id="company-named-copper"),
        pytest.param("Coffee Republic said sales rose.", "Coffee Republic", id="company-named-coffee"),
    ],
)
def test_names_that_start_with_those_words_stay_names(text: str, organization: str) -> None:
    assert organization in extract_entities(text).organizations


@pytest.mark.parametrize(
    ("text", "organizations"),
    [
        pytest.param("SMITH, WHO LOST IN THE FIRST ROUND, SAID HE WAS HAPPY.", [], id="pronouns-and-a-surname"),
        pytest.param("THE MINISTER SAID IT WOULD ASK THE WHO AND NATO FOR HELP.", ["NATO"], id="short-acronym-kept"),
        pytest.param("OPEC AND IBM AGREED, THE BBC SAID.", ["OPEC", "IBM", "BBC"], id="acronyms-kept"),
    ],
)
def test_in_copy_written_in_capitals_a_function_word_or_unknown_word_is_no_organisation(text, organizations) -> None:
    assert extract_entities(text).organizations == organizations


def test_in_mixed_case_copy_the_acronym_who_stays() -> None:
    assert extract_entities("The WHO said the outbreak was over, and he agreed.").organizations == ["WHO"]


@pytest.mark.parametrize(
    ("text", "location", "not_a_name"),
    [
        pytest.param("The company, based in Omaha, Neb., said profits rose.", "Nebraska", "Neb", id="bare-after-comma"),
        pytest.param("Sales in Calif. rose, the company said.", "California", "Calif", id="with-its-dot"),
        pytest.param("Prices in Pa. and N.J. rose.", "New Jersey", "N.J", id="two-letter-forms"),
    ],
)
def test_a_us_state_abbreviated_after_a_town_is_the_state(text: str, location: str, not_a_name: str) -> None:
    found = extract_entities(text)
    assert location in found.locations
    assert not_a_name not in found.people + found.organizations


@pytest.mark.parametrize(
    ("text", "organization"),
    [
        pytest.param("Fort Worth, Texas-based Tandy Corp said sales rose.", "Tandy Corp", id="state-based"),
        pytest.param("The Chicago-based Acme Inc said so.", "Acme Inc", id="city-based"),
    ],
)
def test_where_a_company_is_based_is_no_part_of_its_name(text: str, organization: str) -> None:
    assert extract_entities(text).organizations == [organization]
