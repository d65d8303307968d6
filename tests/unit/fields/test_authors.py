"""The one author rule (etl.fields.author_names), with every case of the rules it replaced.

Case ids say where a case comes from: ``json`` = the old JSON-record rule
(``etl/read/records.py``: a leading "By" dropped, never split), ``jsonld`` = the
old JSON-LD rule (split on ``,``, ``and``, ``&``; URLs dropped), ``meta`` = the
old ``<meta name=author>``/``article:author`` rule (URLs dropped, never split),
``rel`` = the old ``rel=author``/``itemprop=author`` rule, ``html`` = what all
three HTML sources shared (By/von/par/por dropped, case-insensitive dedupe),
``merged`` = new cases. ``was: ...`` marks a case whose result changed.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from etl.clean.html import extract_article
from etl.fields import author_names
from etl.fields.authors import MAX_ITEMS
from etl.read.records import _metadata

CASES = [
    # Old JSON-record rule
    pytest.param("By Jane Doe", ["Jane Doe"], id="json: leading By dropped"),
    pytest.param(["A One", "B Two", "A One"], ["A One", "B Two"], id="json: list de-duplicated in order"),
    pytest.param({"@type": "Person", "name": "C Three"}, ["C Three"], id="json: name object"),
    pytest.param("Doe, Jane", ["Doe, Jane"], id="json: inverted name kept as written (jsonld was: Doe | Jane)"),
    pytest.param(7, [], id="json: number ignored"),
    pytest.param(None, [], id="json: None"),
    pytest.param([{"name": "A One"}, "B Two"], ["A One", "B Two"], id="json: list of objects and strings"),
    pytest.param("Jane Doe and John Smith", ["Jane Doe", "John Smith"], id="jsonld: split on and (json was: one name)"),
    # Old JSON-LD rule
    pytest.param([{"@type": "Person", "name": "Ann Lee"}, {"name": "Bo Chen"}], ["Ann Lee", "Bo Chen"],
                 id="jsonld: list of Person objects"),
    pytest.param("Ann Lee & Bo Chen", ["Ann Lee", "Bo Chen"], id="jsonld: split on & (json was: one name)"),
    pytest.param("Ann Lee, Bo Chen", ["Ann Lee", "Bo Chen"], id="jsonld: split on comma between names (json was: one)"),
    pytest.param("Alexandra Anderson", ["Alexandra Anderson"], id="jsonld: and inside a word is no separator"),
    pytest.param(["https://example.org/ann", "Ann Lee"], ["Ann Lee"], id="jsonld: URL dropped (json was: kept)"),
    pytest.param({"name": "Ann Lee", "url": "https://example.org/ann"}, ["Ann Lee"], id="jsonld: object url ignored"),
    # Old meta-tag rule
    pytest.param(["Ann Lee"], ["Ann Lee"], id="meta: one name"),
    pytest.param(["https://fb.com/x", "Ann Lee"], ["Ann Lee"], id="meta: article:author URL skipped"),
    pytest.param(["//example.org/x", "/authors/ann"], [], id="meta: protocol-relative and path URLs skipped"),
    # Old rel=author / shared HTML rules
    pytest.param(["Ann Lee"], ["Ann Lee"], id="rel: link text"),
    pytest.param("BY Ann Lee", ["Ann Lee"], id="html: By in any case"),
    pytest.param("von Max Müller", ["Max Müller"], id="html: German von (json was: kept)"),
    pytest.param("par Marie Dupont", ["Marie Dupont"], id="html: French par (json was: kept)"),
    pytest.param("por Juan Pérez", ["Juan Pérez"], id="html: Spanish por (json was: kept)"),
    pytest.param(["Ann Lee", "ANN LEE"], ["Ann Lee"], id="html: case-insensitive dedupe (json was: both)"),
    # Merged rule
    pytest.param("Ann Lee; Bo Chen", ["Ann Lee", "Bo Chen"], id="merged: split on semicolon (both were: one name)"),
    pytest.param("Jane Doe, John Smith, and Ann Lee", ["Jane Doe", "John Smith", "Ann Lee"], id="merged: Oxford comma"),
    pytest.param("Jane Doe, John Smith and Ann Lee", ["Jane Doe", "John Smith", "Ann Lee"], id="merged: commas and and"),
    pytest.param("Doe, Jane; Smith, John", ["Doe, Jane", "Smith, John"], id="merged: inverted names split on ;"),
    pytest.param("Doe, Jane and Smith, John", ["Doe, Jane", "Smith, John"], id="merged: inverted names split on and"),
    pytest.param("Jane Doe, Jr.", ["Jane Doe, Jr."], id="merged: suffix after comma stays"),
    pytest.param("By Doe, Jane", ["Doe, Jane"], id="merged: By before an inverted name"),
    pytest.param("By Jane Doe, John Smith", ["Jane Doe", "John Smith"], id="merged: By before a list"),
    pytest.param("Ann Lee AND Bo Chen", ["Ann Lee", "Bo Chen"], id="merged: AND in any case"),
    pytest.param("Ann Lee&Bo Chen", ["Ann Lee", "Bo Chen"], id="merged: & without spaces"),
    pytest.param({"name": "Marks & Spencer"}, ["Marks & Spencer"], id="merged: object name is one name"),
    pytest.param({"name": "By Ann Lee"}, ["Ann Lee"], id="merged: By dropped in object name"),
    pytest.param({"name": ["Ann Lee", "Bo Chen"]}, ["Ann Lee", "Bo Chen"], id="merged: object with a list of names"),
    pytest.param({"name": None}, [], id="merged: object without name"),
    pytest.param([["Ann Lee"], [{"name": "Bo Chen"}]], ["Ann Lee", "Bo Chen"], id="merged: nested lists"),
    pytest.param(" Ann\u00a0Lee\u200b ", ["Ann Lee"], id="merged: normalised inline"),
    pytest.param("", [], id="merged: empty string"),
    pytest.param(" ; & , ", [], id="merged: separators only"),
    pytest.param(True, [], id="merged: bool"),
]


@pytest.mark.parametrize(("value", "expected"), CASES)
def test_author_names(value: Any, expected: list[str]) -> None:
    assert author_names(value) == expected


def test_author_names_looks_at_a_bounded_number_of_items() -> None:
    names = author_names([f"Author Number{i}" for i in range(10 * MAX_ITEMS)])
    assert names == [f"Author Number{i}" for i in range(MAX_ITEMS)]


def test_author_names_cleans_each_string_with_the_given_function() -> None:
    assert author_names(["Ann Lee", {"name": "Bo Chen"}], clean=str.upper) == ["ANN LEE", "BO CHEN"]


def test_json_record_author_mojibake_is_repaired_before_the_rule() -> None:
    assert _metadata({"author": "By Ren\u00c3\u00a9e Dupont and Bo Chen"}).authors == ["Ren\u00e9e Dupont", "Bo Chen"]


BYLINES = ["By Jane Doe", "Doe, Jane", "Ann Lee, Bo Chen", "Ann Lee and Bo Chen", "Ann Lee; Bo Chen", "par Marie Dupont"]
BODY = "<p>The council approved the new cycle lanes on Tuesday after a debate that lasted all evening.</p>"


@pytest.mark.parametrize("byline", BYLINES)
def test_author_parses_the_same_in_json_records_and_html_pages(byline: str) -> None:
    expected = author_names(byline)
    jsonld = json.dumps({"@type": "NewsArticle", "author": byline})
    pages = [
        f'<html><head><script type="application/ld+json">{jsonld}</script></head><body>{BODY}</body></html>',
        f'<html><head><meta name="author" content="{byline}"></head><body>{BODY}</body></html>',
        f'<html><body><a rel="author" href="/a">{byline}</a>{BODY}</body></html>',
    ]
    assert _metadata({"byline": byline}).authors == expected
    for page in pages:
        assert extract_article(page).metadata.authors == expected


def test_html_author_element_longer_than_six_words_is_no_byline() -> None:
    page = f'<html><body><a rel="author" href="/a">More stories from our team of local reporters</a>{BODY}</body></html>'
    assert extract_article(page).metadata.authors == []
