"""Facet hygiene (issue 13): the wire-style sample in data/wire-sample, run through the real index.

The top-20 values of the organisation, person and location facets (the terms aggregations Kibana's
panels show) hold no corporate suffixes, function words, months or fragments of names, and a place
written ``LONDON`` in a dateline and ``London`` in the text is one facet value.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = [pytest.mark.es]

WIRE = ROOT / "data" / "wire-sample"

SUFFIXES = {"Inc", "Inc.", "Co", "Co.", "Co Inc", "Corp", "Corp.", "Ltd", "PLC", "Plc", "AG", "NV", "SA", "SpA", "GmbH"}
FUNCTION_WORDS = {"The", "A", "An", "And", "Of", "In", "On", "At", "For", "To", "By", "With", "NEW", "THE", "AND", "OF"}
MONTHS = {"January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}  # fmt: skip
#: Pieces the old rules cut out of longer names, or wire labels and headline words.
FRAGMENTS = {"Exchange Commission", "Investors Service", "Motors", "United", "Nations", "YORK", "ARABIA",
             "Petroleos de", "REUTER", "NOTE", "Securities", "Moody", "Lynch", "Sachs", "BUNDESBANK", "LINE",
             "SPOTLIGHT", "ECONOMIC", "SOURCES", "DENIES", "QUOTA", "WATCH", "SOCCER", "WIN", "Exchequer"}  # fmt: skip


@pytest.fixture
def wire_index(es, es_settings, tmp_path: Path):
    from etl.index import manage
    from etl.runner import run

    source = tmp_path / "src"
    shutil.copytree(WIRE, source, ignore=shutil.ignore_patterns("README.md"))
    manage.setup(es, es_settings.elasticsearch)
    report = run(es, es_settings, source, runs_dir=tmp_path / "runs")
    assert report.balanced, report.imbalances()
    alias = es_settings.elasticsearch.index_prefix
    es.indices.refresh(index=alias)
    return alias


def _top(es, alias: str, field: str, size: int = 20) -> list[str]:
    resp = es.search(index=alias, size=0, aggs={"top": {"terms": {"field": field, "size": size}}})
    return [b["key"] for b in resp["aggregations"]["top"]["buckets"]]


@pytest.mark.parametrize("field", ["entities.organizations", "entities.people", "entities.locations", "dateline.location"])
def test_top_facet_values_hold_no_junk(es, wire_index, field) -> None:
    values = _top(es, wire_index, field)
    assert values, field
    for value in values:
        assert value not in SUFFIXES, (field, value)
        assert value not in FUNCTION_WORDS, (field, value)
        assert value not in MONTHS, (field, value)
        assert value not in FRAGMENTS, (field, value)
        words = value.split()
        assert words[0] not in {"The", "Of", "And", "of", "and", "the"} or value.startswith("The ") and words[-1] in {
            "Times", "Post", "Journal"
        }, (field, value)
        assert words[-1] not in {"of", "and", "the", "de", "&"}, (field, value)
        assert not (len(words) == 1 and re.fullmatch(r"[A-Z]{6,}", value)), (field, value)  # a headline word


def test_the_sample_yields_its_names(es, wire_index) -> None:
    orgs = set(_top(es, wire_index, "entities.organizations", 100))
    people = set(_top(es, wire_index, "entities.people", 100))
    assert {"Securities and Exchange Commission", "Moody's Investors Service", "Bundesbank", "Goldman Sachs",
            "Merrill Lynch", "United Nations", "Meridian Freight Co Inc"} <= orgs  # fmt: skip
    assert {"Nigel Lawson", "Michael Hastings", "David Snow", "Karl Otto Pohlmann", "Bernard Chidzero"} <= people
    assert not {"Soviet Union", "Saudi Arabia", "Bonny Light", "Lago Agrio"} & people


def test_the_sports_pages_yield_clubs_and_players(es, wire_index) -> None:
    # Results lines, a results table with the home side in capitals, tennis results with the players'
    # countries in brackets and county cricket scores (1987/03/25/sport-results.txt).
    orgs = set(_top(es, wire_index, "entities.organizations", 100))
    people = set(_top(es, wire_index, "entities.people", 100))
    places = set(_top(es, wire_index, "entities.locations", 100))
    clubs = {"Coventry", "Norwich", "Wimbledon", "Boston", "Dallas", "Milwaukee", "Seattle", "Essex", "Somerset", "Hampshire"}
    assert clubs <= orgs
    assert {"Tobiah Vennard", "Ilkay Marrou", "Dravid Osterholt", "Aurel Pintilie"} <= people
    assert {"Sweden", "Morocco", "Canada", "Romania"} <= places
    assert not {"BOSTON", "DALLAS", "Results of National Basketball Association"} & orgs  # one spelling per club


def test_a_place_is_one_facet_value_in_datelines_and_entities(es, wire_index) -> None:
    datelines = set(_top(es, wire_index, "dateline.location", 100))
    places = set(_top(es, wire_index, "entities.locations", 100))
    assert {"London", "New York City", "Frankfurt", "Tokyo", "Harare"} <= datelines
    assert not {d for d in datelines if d.isupper()}  # no "LONDON" beside "London"
    assert {"London", "New York City"} <= places
    assert datelines <= places  # the dateline's place is among the document's places
    # Slugs and headlines above the dateline are never the location.
    assert not {"ECONOMIC SPOTLIGHT", "Economic Spotlight", "SOCCER", "Soccer", "BANK DENIES DEVALUATION PLAN"} & datelines
    # The surface form stays in dateline.text.
    resp = es.search(index=wire_index, query={"term": {"dateline.location": "London"}}, size=5)
    assert {h["_source"]["dateline"]["text"] for h in resp["hits"]["hits"]} == {"LONDON, March 23 -", "LONDON, March 25 -"}
