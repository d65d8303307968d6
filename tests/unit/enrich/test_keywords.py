"""Keyphrases: the junk classes of issue 13, whole names, the overlap rule, headline and position weight.

Every text here was written for these tests.
"""

from __future__ import annotations

import pytest

from etl.enrich.keywords import STOPWORDS, extract_keywords
from tests.unit.enrich.test_enrich import seed_articles

STORY = (
    "Cuba winds back its economic clock. Fidel Castro has ordered the economic reforms reversed. "
    "Fidel Castro said the dollar would be banned in shops. Shops in Havana reacted with anger; "
    "the dollar had been legal for a decade. Economists said Fidel Castro wanted control of the "
    "economy again, and tourism earnings would suffer."
)

# One text per junk class: the class's words are everywhere in it, as they are in wire copy.
DATES = (
    "The Harbour Authority met on Tuesday to discuss ferry fares. On Wednesday the Harbour Authority "
    "said ferry fares would rise in March. Ferry fares last rose in June, and the Harbour Authority "
    "will meet again on Tuesday, January 12, and in September."
)
UNITS = (
    "Grain exports rose 12 pct to 450 mln dlrs in the quarter. Grain exports to Egypt reached 3 bln "
    "dlrs, up 5 pct, and shipments of 2 million tonnes are planned. Grain exports of 80 mln stg went "
    "to Kenya, a rise of 7 percent, worth 40 cts a bushel."
)
GENERIC = (
    "A spokesman said the case raised questions for the company. The director told officials that "
    "the report would answer the questions. Analysts said the case and the report were the issue; "
    "the company declined to comment on the statement. The spokesman added that officials agreed."
)
CORPORATE = (
    "Harlow Mills Inc said Harlow Mills Inc would buy Tenby Co. Tenby Co Ltd shares rose, and Harlow "
    "Mills Corp said Tenby Plc was cheap. Harlow Mills Inc and Tenby Co AG signed."
)
WIRE = (
    "HARARE, March 21 - The Reserve Bank of Zimbabwe denied plans to devalue the currency. Traders in "
    "Harare said the Reserve Bank of Zimbabwe held reserves. REUTER\n\nLUSAKA (Reuters) - Copper output "
    "rose, the mines ministry said. Copper output will rise again, Reuters was told. REUTER"
)
VERBS = (
    "Steel prices rose sharply. Steel prices fell later, traders said, and steel prices were expected "
    "to rise. Analysts warned that steel prices remained volatile."
)

JUNK = {
    "dates": {"tuesday", "wednesday", "march", "june", "january", "september"},
    "units": {"pct", "mln", "dlrs", "bln", "stg", "cts", "million", "tonnes", "percent"},
    "generic": {"spokesman", "case", "questions", "director", "officials", "report", "company", "issue",
                "statement", "analysts", "comment"},
    "corporate": {"inc", "co", "ltd", "corp", "plc", "ag"},
    "verbs": {"rose", "fell", "said", "expected", "warned", "remained", "sharply", "later"},
    "wire": {"reuter", "reuters", "march"},
}  # fmt: skip


@pytest.mark.parametrize(
    ("text", "junk"),
    [
        pytest.param(DATES, JUNK["dates"], id="weekday-and-month-names"),
        pytest.param(UNITS, JUNK["units"], id="units-and-currency-abbreviations"),
        pytest.param(GENERIC, JUNK["generic"], id="generic-reporting-words"),
        pytest.param(CORPORATE, JUNK["corporate"], id="corporate-suffixes"),
        pytest.param(VERBS, JUNK["verbs"], id="verbs-and-adverbs-end-phrases"),
        pytest.param(WIRE, JUNK["wire"], id="wire-credits"),
    ],
)
def test_no_keyword_holds_a_junk_word(text, junk):
    keywords = extract_keywords(text)
    assert keywords, "the text has real topics too"
    assert not [k for k in keywords if junk & set(k.split())]


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        pytest.param(DATES, {"harbour authority", "ferry fares"}, id="dates-text-keeps-its-topics"),
        pytest.param(UNITS, {"grain exports", "egypt"}, id="units-text-keeps-its-topics"),
        pytest.param(CORPORATE, {"harlow mills", "tenby"}, id="names-without-their-suffix"),
        pytest.param(VERBS, {"steel prices"}, id="noun-phrase-before-the-verb"),
        pytest.param(WIRE, {"reserve bank of zimbabwe", "copper output"}, id="wire-text-keeps-its-topics"),
    ],
)
def test_topics_survive_their_junk(text, wanted):
    assert wanted <= set(extract_keywords(text))


@pytest.mark.parametrize(
    ("text", "whole", "pieces"),
    [
        pytest.param(
            "New York traders cheered. Ferry owners in New York said New York needs ferries. York was quiet.",
            "new york", {"york"}, id="new-joins-the-name"),
        pytest.param(
            "De Beers cut diamond prices. De Beers said the cut would help diamond prices. Beers rose.",
            "de beers", {"beers"}, id="particle-joins-the-name"),
        pytest.param(
            "The National Hurricane Center warned of storms. Forecasters at the hurricane center said the "
            "National Hurricane Center would update its storm maps. The national hurricane programme grew.",
            "national hurricane center", {"national hurricane", "hurricane center", "hurricane"},
            id="no-overlapping-pieces-of-a-chosen-name"),
        pytest.param(
            "The Bank of England held rates. Bank of England governor Mervyn King said the Bank would wait.",
            "bank of england", {"bank", "england", "bank of england governor mervyn king", "governor"},
            id="of-joins-capitalised-words"),
        pytest.param(
            "Pirates of the Caribbean drew crowds. Pirates of the Caribbean fans queued in Leeds.",
            "pirates of the caribbean", {"pirates", "caribbean"}, id="of-the-joins-capitalised-words"),
        pytest.param(
            "Lindsay Davenport won in Perth. Davenport said her knee held. Davenport plays again soon.",
            "lindsay davenport", {"davenport", "lindsay"}, id="surname-counts-for-the-full-name"),
        pytest.param(
            "Prime Minister Ephraim Inoni vowed reform. Ephraim Inoni said payroll fraud would end.",
            "ephraim inoni", {"prime minister ephraim inoni", "prime minister", "minister"},
            id="title-before-a-name-is-shed"),
        pytest.param(
            "The Prince of Wales visited Cardiff. The Prince of Wales met farmers in Cardiff.",
            "prince of wales", {"wales", "of wales"}, id="a-name-that-starts-with-a-title-stays"),
        pytest.param(
            "Star Wars fans queued in Leeds. Star Wars opens in Leeds today.",
            "star wars", {"wars"}, id="a-word-that-is-not-always-a-title-stays"),
        pytest.param(
            "The World Trade Organisation met in Geneva. World Trade Organisation rules apply in Geneva.",
            "world trade organisation", {"trade organisation", "organisation"}, id="generic-word-opening-a-name"),
    ],
)
def test_names_stay_whole(text, whole, pieces):
    keywords = extract_keywords(text)
    assert whole in keywords
    assert not pieces & set(keywords)


def test_chosen_phrases_never_overlap_or_contain_each_other():
    for text in (STORY, DATES, UNITS, *seed_articles()):
        keywords = [tuple(k.split()) for k in extract_keywords(text, 20)]
        for a in keywords:
            for b in keywords:
                if a is b:
                    continue
                joined_a, joined_b = " " + " ".join(a) + " ", " " + " ".join(b) + " "
                assert joined_a not in joined_b, (a, b)
                assert not any(a[-k:] == b[:k] for k in range(1, min(len(a), len(b)))), (a, b)


def test_the_headline_outweighs_the_body():
    body = (
        "Officials met in Leeds. Bus drivers and train guards spoke first, and bus drivers spoke again. "
        "Later the lighthouse keepers spoke."
    )
    assert extract_keywords(body, 3)[0] == "bus drivers"
    assert extract_keywords(body, 3, title="Lighthouse keepers strike")[0] == "lighthouse keepers"


def test_earlier_phrases_outrank_later_ones_at_equal_frequency():
    text = ("Alpha beta gamma. " * 2) + ("filler words here. " * 30) + ("Zeta theta iota. " * 2)
    kws = extract_keywords(text, 20)
    assert kws.index("alpha beta gamma") < kws.index("zeta theta iota")


@pytest.mark.parametrize(
    ("text", "limit", "check"),
    [
        pytest.param(STORY, 10, lambda kws: kws[0] == "fidel castro", id="repeated-name-ranks-first"),
        pytest.param(STORY, 10, lambda kws: all(k == k.lower() for k in kws), id="lower-case"),
        pytest.param(STORY, 10, lambda kws: not any(w in STOPWORDS for k in kws for w in k.split()),
                     id="no-stopwords"),
        pytest.param(STORY, 3, lambda kws: len(kws) == 3, id="limit-respected"),
        pytest.param(STORY, 0, lambda kws: kws == [], id="zero-limit"),
        pytest.param("", 10, lambda kws: kws == [], id="empty-text"),
        pytest.param("Shares, dollar. Shares, dollar.", 10, lambda kws: "shares dollar" not in kws,
                     id="phrases-do-not-cross-punctuation"),
        pytest.param("Pakistan's army. Pakistan's army.", 10, lambda kws: "pakistan" in kws and "army" in kws,
                     id="possessive-dropped-and-ends-the-phrase"),
        pytest.param("Interest rates climbed. Interest rate worries spread.", 10,
                     lambda kws: kws[0] == "interest rates", id="plural-variants-are-one-candidate"),
        pytest.param(seed_articles()[0], 10,
                     lambda kws: "pakistan" in kws and any("afghanistan" in k for k in kws), id="seed-article"),
        pytest.param(" ".join(seed_articles()), 30, lambda kws: all(1 <= len(k.split()) <= 4 for k in kws),
                     id="one-to-four-words"),
    ],
)
def test_keyword_rules(text, limit, check):
    assert check(extract_keywords(text, limit))


def test_keywords_are_deterministic():
    assert extract_keywords(STORY) == extract_keywords(STORY)
