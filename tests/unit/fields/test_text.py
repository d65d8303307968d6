"""The one inline normaliser (etl.fields.normalize_inline), with every case of the two it replaced.

Case ids say where a case comes from: ``html`` = the old HTML normaliser
(``etl/clean/html/parse.py: normalize_text``: NFC, zero-width and soft hyphen
removed, whitespace collapsed), ``inline`` = the old
``etl/clean/text.py: normalize_inline`` (JSON fields), ``merged`` = new cases.
``was: ...`` marks a case whose result changed for the HTML path.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.clean.html import extract_article
from etl.fields import normalize_inline
from etl.read.records import _metadata

CASES = [
    # Old HTML normaliser
    pytest.param("a\u00a0b", "a b", id="html: NBSP becomes a space"),
    pytest.param("zero\u200bwidth\u200d joiners\ufeff", "zerowidth joiners", id="html: zero-width chars removed"),
    pytest.param("Cafe\u0301", "Café", id="html: NFC"),
    pytest.param("  many \n\t spaces  ", "many spaces", id="html: whitespace runs collapse"),
    pytest.param("“curly” ‘quotes’ — kept", "“curly” ‘quotes’ — kept", id="html: typographic quotes and dashes kept"),
    pytest.param("soft\u00adhyphen", "softhyphen", id="html: soft hyphen removed"),
    pytest.param("word\u2060joiner non\u200cjoiner", "wordjoiner nonjoiner", id="html: word joiner and ZWNJ removed"),
    pytest.param("a\u2003b\u3000c\u202fd", "a b c d", id="html: other Unicode spaces"),
    pytest.param("a\u2028b\u2029c", "a b c", id="html: line and paragraph separators"),
    # Old inline normaliser
    pytest.param("  A\nmulti-line\n\n field\t ", "A multi-line field", id="inline: all whitespace collapses"),
    pytest.param("a\fb", "a b", id="inline: form feed becomes a space"),
    pytest.param("a\u00a0\u200bb", "a b", id="inline: NBSP and zero-width"),
    pytest.param("inter-\nnational", "international", id="inline: hyphen break joined (html was: inter- national)"),
    pytest.param("a well-\nknown man", "a well-known man", id="inline: compound head keeps hyphen (html was: well- known)"),
    pytest.param("Anglo-\nAmerican", "Anglo-American", id="inline: capitalised continuation keeps hyphen (html was: Anglo- American)"),
    pytest.param("out.\u201d\u201cIf", "out.\u201d \u201cIf", id="inline: glued quotes get a space (html was: glued)"),
    pytest.param("e\u0301", "\u00e9", id="inline: NFC"),
    pytest.param("\u201cKeep\u201d", "\u201cKeep\u201d", id="inline: curly quotes kept"),
    # Merged rule
    pytest.param("e\u200b\u0301", "\u00e9", id="merged: NFC after removing invisibles (html was: e + combining mark)"),
    pytest.param("bell\x07 c1\x9a end", "bell c1 end", id="merged: C0/C1 controls removed (html was: kept)"),
    pytest.param("one\r\ntwo\rthree", "one two three", id="merged: CR and CRLF"),
    pytest.param("in 2024-\n25", "in 2024- 25", id="merged: digits around a hyphen break not joined"),
    pytest.param('he said.""The', 'he said." "The', id="merged: glued straight quotes get a space"),
    pytest.param("", "", id="merged: empty"),
    pytest.param(" \n\t ", "", id="merged: whitespace only"),
    pytest.param("plain ASCII text", "plain ASCII text", id="merged: plain text unchanged"),
]


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_normalize_inline(raw: str, expected: str) -> None:
    assert normalize_inline(raw) == expected


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_normalize_inline_is_idempotent(raw: str) -> None:
    once = normalize_inline(raw)
    assert normalize_inline(once) == once


SAME_EVERYWHERE = ["Cafe\u0301 \u201cplan\u201d", "a\u00a0b\u200bc", "out.\u201d\u201cIf", "  spaced   out  "]


@pytest.mark.parametrize("text", SAME_EVERYWHERE)
def test_field_text_is_the_same_in_json_records_and_html_pages(text: str) -> None:
    body = f"<p>The council approved the new cycle lanes on Tuesday after a debate that lasted all evening. {text}</p>"
    page = f'<html><head><meta name="description" content="{text}"></head><body>{body}</body></html>'
    result = extract_article(page)
    assert _metadata({"description": text}).description == normalize_inline(text)
    assert result.metadata.description == normalize_inline(text)
    assert result.paragraphs[-1].endswith(normalize_inline(text))
