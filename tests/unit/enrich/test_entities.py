"""Entity rules: one case per rule (gazetteer, titles, names, organisations, acronyms, resolution)."""

from __future__ import annotations

import pytest

from etl.enrich.entities import MAX_PER_KIND, extract_entities
from etl.enrich.gazetteer import get_gazetteer
from tests.unit.enrich.test_enrich import seed_articles


def test_seed_article_one_entities():
    text = seed_articles()[0]
    found = extract_entities(text, start=len("WASHINGTON - "))
    assert {"Nawaz Sharif", "Chuck Hagel"} <= set(found.people)
    assert {"ISAF", "The Washington Post", "Haqqani network"} <= set(found.organizations)
    assert {"Pakistan", "Afghanistan", "United States", "North Waziristan"} <= set(found.locations)
    assert "Sharif" not in found.people  # resolved to the full name
    assert "The Post" not in found.organizations  # resolved to The Washington Post


def test_seed_article_two_entities():
    found = extract_entities(seed_articles()[1])
    assert {"Marie Harf", "Aizaz Ahmad Chaudhry", "Sujatha Singh", "Nawaz Sharif", "Narendra Modi"} <= set(found.people)
    assert "State Department" in found.organizations
    assert {"Pakistan", "India", "New Delhi"} <= set(found.locations)


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        # locations: gazetteer, aliases, longest match, case-sensitive, stoplist
        ("Troops left Afghanistan on Monday.", "locations", ["Afghanistan"]),
        ("The U.S. and the UK agreed.", "locations", ["United States", "United Kingdom"]),
        ("Britain said no.", "locations", ["United Kingdom"]),
        ("Fighting in North Waziristan went on.", "locations", ["North Waziristan"]),
        ("She flew to New York on Friday.", "locations", ["New York City"]),
        ("Prices rose in San Francisco.", "locations", ["San Francisco"]),
        ("Reading the report, Nice people in Bath said March was busy.", "locations", []),
        ("a new york minute in the city of london", "locations", []),
        ("Pakistani troops and Afghan police met.", "locations", []),
        # people: titles, honorifics, capitalised names, surname resolution
        ("Defense Secretary Chuck Hagel spoke.", "people", ["Chuck Hagel"]),
        ("Prime Minister Nawaz Sharif arrived.", "people", ["Nawaz Sharif"]),
        ("Mr Blair spoke.", "people", ["Blair"]),
        ("Tony Blair spoke. Later Mr Blair left.", "people", ["Tony Blair"]),
        ("Nawaz Sharif won. Sharif tried talks. Mr Sharif left.", "people", ["Nawaz Sharif"]),
        ("Gov. Jerry Brown signed it.", "people", ["Jerry Brown"]),
        ("The talks, said Marie Harf, went well.", "people", ["Marie Harf"]),
        ("Everyone has to be taken out.", "people", []),
        ("The Premier League and Downing Street reacted.", "people", []),
        # organisations: cues, newspapers, acronyms, "X network"
        ("He told The Washington Post.", "organizations", ["The Washington Post"]),
        ("Shares in Acme Widgets Inc. fell.", "organizations", ["Acme Widgets Inc."]),
        ("The Bank of England held rates.", "organizations", ["Bank of England"]),
        ("The Labour Party met.", "organizations", ["Labour Party"]),
        ("ISAF and NATO troops met the FBI.", "organizations", ["ISAF", "NATO", "FBI"]),
        ("World War II and Henry VIII and the US.", "organizations", []),
        ("members of the Haqqani network fled", "organizations", ["Haqqani network"]),
        ("A spokesman at the State Department said.", "organizations", ["State Department"]),
    ],
)
def test_entity_rules(text, kind, expected):
    assert getattr(extract_entities(text), kind) == expected


@pytest.mark.parametrize(
    ("text", "not_people"),
    [
        ("Talks with the Washington Post and Pakistan ended.", {"Washington Post", "Pakistan"}),
        ("President Obama met the State Department team.", {"President Obama", "State Department"}),
    ],
)
def test_people_never_include_titles_locations_or_organizations(text, not_people):
    found = extract_entities(text)
    assert not (set(found.people) & not_people)


def test_lists_are_deduplicated_in_first_seen_order():
    found = extract_entities("France and Spain met. Spain and France met again. Germany joined.")
    assert found.locations == ["France", "Spain", "Germany"]


def test_lists_are_capped():
    countries = [name for name in ("France", "Spain", "Germany", "Italy", "Poland", "Greece", "Norway", "Sweden",
                                   "Finland", "Denmark", "Austria", "Hungary", "Romania", "Bulgaria", "Serbia",
                                   "Croatia", "Albania", "Ukraine", "Belarus", "Russia", "Turkey", "Egypt", "Libya",
                                   "Tunisia", "Algeria", "Morocco", "Kenya", "Ghana")]
    found = extract_entities(". ".join(f"Troops left {c}" for c in countries) + ".")
    assert len(found.locations) == MAX_PER_KIND == 25
    assert found.locations == countries[:25]


def test_start_offset_skips_the_dateline():
    assert extract_entities("LONDON - Talks went on.", start=9).organizations == []
    # Issue 13 (all-capitals places typed as organisations) calls the old "LONDON" organisation wrong.
    found = extract_entities("LONDON - Talks went on.")
    assert found.organizations == [] and found.locations == ["London"]


@pytest.mark.parametrize(
    ("name", "canonical", "coordinates"),
    [
        ("WASHINGTON", "Washington", (38.89511, -77.03637)),
        ("New York", "New York City", (40.71427, -74.00597)),
        ("london", "London", (51.50853, -0.12574)),
        ("Pakistan", "Pakistan", (None, None)),
    ],
)
def test_gazetteer_resolves_dateline_names(name, canonical, coordinates):
    place = get_gazetteer().resolve(name)
    assert place is not None and place.name == canonical
    assert (place.lat, place.lon) == pytest.approx(coordinates) if coordinates[0] else place.lat is None


@pytest.mark.parametrize(
    ("tokens", "i", "expected"),
    [
        (["San", "Jose", "del", "Monte", "fell"], 0, (4, "San Jose del Monte")),  # the longest name first
        (["San", "Jose", "del", "Norte"], 0, (2, "San Jose")),
        (["San", "Marino"], 0, (1, "San")),  # no longer name fits: the one-word one
        (["In", "San", "Jose", "del"], 1, (2, "San Jose")),  # a longer name cut by the end of the run
        (["Santa", "Cruz"], 0, None),  # no name starts with the word alone
        (["Monte"], 0, None),
    ],
)
def test_gazetteer_match_at_takes_the_longest_name_that_fits(tokens, i, expected):
    from etl.enrich.gazetteer import Gazetteer, Place

    names = ["San", "San Jose", "San Jose del Monte", "San Jose del Monte Alto", "Santa Cruz de Tenerife"]
    gaz = Gazetteer({name: Place(name, "city", None, None) for name in names})
    found = gaz.match_at(tokens, i)
    assert (found[0], found[1].name) == expected if expected else found is None


def test_typing_new_runs_leaves_almost_nothing_for_the_garbage_collector():
    # A cold pass keeps a plan for every run a context decides; kept as objects holding their tokens,
    # they made the collector's full passes (~0.05 ms per BBC article), so they are plain tuples.
    import gc

    from etl.enrich import entities

    entities.clear_cache()
    extract_entities("Warm up in London.")
    texts = [f"Officials in Zorbla{i} met Quenton{i} Vashti and the Brenn{i} Group, said Mr Arlo{i}." for i in range(500)]
    gc.collect()
    before = len(gc.get_objects())
    for text in texts:
        extract_entities(text)
    for _ in range(3):  # a collection untracks a tuple whose items are untracked: one level per pass
        gc.collect()
    assert len(gc.get_objects()) - before < 0.2 * len(texts)  # ~2 plans per text; with objects, ~10
