"""The one language-code rule (etl.fields.language_code), with every case of the three rules it replaced.

Case ids say where a case comes from: ``json`` = the old JSON-record rule
(``etl/read/records.py``: lower-case, ``_`` → ``-``, region kept), ``html`` = the
old ``<html lang>``/``og:locale`` rule (``etl/clean/html/metadata.py``: any two
letters), ``enrich`` = ``etl.enrich.language.metadata_language`` (ISO 639-1
list), ``merged`` = new cases. ``was: ...`` marks a case whose result changed.
"""

from __future__ import annotations

from typing import Any

import pytest

from etl.clean.html import extract_article
from etl.enrich.language import metadata_language
from etl.fields import ISO_639_1_CODES, language_code
from etl.read.records import _metadata

CASES = [
    pytest.param("en", "en", id="json+enrich: two-letter code"),
    pytest.param("en_GB", "en", id="json: underscore region dropped (was: en-gb)"),
    pytest.param("not a language!", None, id="json: free text"),
    pytest.param("eng", None, id="json: three-letter code is not ISO 639-1 (was: eng)"),
    pytest.param("en-GB", "en", id="html+enrich: region subtag dropped"),
    pytest.param("de_DE", "de", id="html: og:locale form"),
    pytest.param("english please", None, id="html: free text"),
    pytest.param("xx", None, id="html: unknown two-letter code (was: xx)"),
    pytest.param("EN-us", "en", id="enrich: case-insensitive"),
    pytest.param("pt_BR", "pt", id="enrich: underscore region"),
    pytest.param("english", None, id="enrich: language name"),
    pytest.param("", None, id="enrich: empty"),
    pytest.param(None, None, id="enrich: None"),
    pytest.param(" fr-CA ", "fr", id="merged: surrounding whitespace"),
    pytest.param("zh-Hant-TW", "zh", id="merged: script and region subtags"),
    pytest.param("en-GB-oxendict", "en", id="merged: variant subtag"),
    pytest.param("en-", None, id="merged: empty subtag"),
    pytest.param("en--GB", None, id="merged: doubled separator"),
    pytest.param("e", None, id="merged: one letter"),
    pytest.param("en, fr", None, id="merged: list of languages"),
    pytest.param(42, None, id="merged: not a string"),
    pytest.param(["en"], None, id="merged: list"),
]


@pytest.mark.parametrize(("value", "expected"), CASES)
def test_language_code_is_the_iso_639_1_primary_subtag(value: Any, expected: str | None) -> None:
    assert language_code(value) == expected


@pytest.mark.parametrize(("value", "expected"), CASES)
def test_enrich_metadata_language_is_the_shared_rule(value: Any, expected: str | None) -> None:
    assert metadata_language(value) == expected


def test_every_code_is_two_lower_case_letters() -> None:
    assert len(ISO_639_1_CODES) == 184
    assert all(len(c) == 2 and c.isascii() and c.isalpha() and c.islower() for c in ISO_639_1_CODES)


@pytest.mark.parametrize("tag", ["en", "en-GB", "en_GB", "pt-BR", "xx", "eng", "english please"])
def test_language_parses_the_same_in_json_records_and_html_pages(tag: str) -> None:
    expected = language_code(tag)
    body = "<p>The council approved the new cycle lanes on Tuesday after a debate that lasted all evening.</p>"
    assert _metadata({"lang": tag}).language == expected
    assert extract_article(f'<html lang="{tag}"><body>{body}</body></html>').metadata.language == expected
    locale = f'<html><head><meta property="og:locale" content="{tag}"></head><body>{body}</body></html>'
    assert extract_article(locale).metadata.language == expected


def test_html_falls_back_to_og_locale_when_lang_is_not_a_code() -> None:
    html = (
        '<html lang="xx"><head><meta property="og:locale" content="de_DE"></head><body>'
        "<p>Der Rat hat am Dienstag nach einer langen Debatte die neuen Radwege beschlossen.</p></body></html>"
    )
    assert extract_article(html).metadata.language == "de"  # was: "xx"
