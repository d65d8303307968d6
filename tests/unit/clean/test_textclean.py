"""Text normalisation rules of etl.clean.text, one case per rule."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.clean.text import normalize_text
from etl.fields import normalize_inline

SEED = Path(__file__).resolve().parents[3] / ".." / "shared" / "corpora" / "seed" / "two-articles.txt"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("e\u0301t\u00e9", "\u00e9t\u00e9", id="nfc-composes-combining-accent"),
        pytest.param("a\u00a0b\u202fc\u2007d", "a b c d", id="nbsp-narrow-nbsp-figure-space-become-space"),
        pytest.param("WASHINGTON -\u00a0 A senior", "WASHINGTON - A senior", id="nbsp-after-dateline-dash-collapses"),
        pytest.param("zero\u200bwidth\u200c\u200d\u2060\ufeffgone", "zerowidthgone", id="zero-width-chars-removed"),
        pytest.param("soft\u00adhyphen", "softhyphen", id="soft-hyphen-removed"),
        pytest.param("bell\x07 esc\x1b del\x7f c1\x9a end", "bell esc del c1 end", id="control-chars-removed"),
        pytest.param("e\u200b\u0301", "\u00e9", id="nfc-after-removing-invisible-char"),
        pytest.param("one\r\ntwo\rthree", "one\ntwo\nthree", id="crlf-and-cr-become-lf"),
        pytest.param("a\x0bb\x85c\u2028d", "a\nb\nc\nd", id="vt-nel-line-separator-become-lf"),
        pytest.param("para one\u2029para two", "para one\n\npara two", id="paragraph-separator-becomes-blank-line"),
        pytest.param("a  b\t\tc \t d", "a b c d", id="runs-of-spaces-and-tabs-collapse"),
        pytest.param("line one   \nline two\t", "line one\nline two", id="trailing-spaces-stripped"),
        pytest.param("   indented\n\tline", "indented\nline", id="leading-indentation-stripped"),
        pytest.param("a\n   \n\t\nb", "a\n\n\nb", id="whitespace-only-lines-become-empty"),
        pytest.param("one\n\n\n\ntwo", "one\n\n\n\ntwo", id="multiple-blank-lines-not-collapsed"),
        pytest.param("end\n\n----\n\nstart", "end\n\n----\n\nstart", id="dash-separator-line-kept"),
        pytest.param("end\n\n*  *  *\n\nstart", "end\n\n* * *\n\nstart", id="star-separator-line-kept"),
        pytest.param("end\n###\nstart", "end\n###\nstart", id="hash-separator-line-kept"),
        pytest.param("end\fstart", "end\n\f\nstart", id="inline-form-feed-gets-own-line"),
        pytest.param("end\n  \f  \nstart", "end\n\f\nstart", id="form-feed-line-normalised"),
        pytest.param("end\n\n\f\n\nstart", "end\n\n\f\n\nstart", id="form-feed-between-blank-lines-kept"),
        pytest.param("inter-\nnational", "international", id="hyphenated-word-across-break-joined"),
        pytest.param("inter-  \n  national", "international", id="hyphen-join-ignores-surrounding-spaces"),
        pytest.param("caf\u00e9-\nteria", "caf\u00e9teria", id="hyphen-join-with-accented-letters"),
        pytest.param("a well-\nknown man", "a well-known man", id="compound-head-keeps-hyphen"),
        pytest.param("Self-\nemployed", "Self-employed", id="capitalised-compound-head-keeps-hyphen"),
        pytest.param("Anglo-\nAmerican", "Anglo-\nAmerican", id="capitalised-continuation-not-joined"),
        pytest.param("inter-\n\nnational", "inter-\n\nnational", id="hyphen-before-blank-line-not-joined"),
        pytest.param("in 2024-\n25 season", "in 2024-\n25 season", id="digits-around-hyphen-not-joined"),
        pytest.param("taken out.\u201d\u201cIf there", "taken out.\u201d\n\n\u201cIf there", id="glued-curly-quotes-split"),
        pytest.param("Why?\u201d\u201cBecause", "Why?\u201d\n\n\u201cBecause", id="glued-curly-after-question-split"),
        pytest.param("Go!\u201d\u201cNow", "Go!\u201d\n\n\u201cNow", id="glued-curly-after-exclamation-split"),
        pytest.param('he said."\u201cThe', 'he said."\n\n\u201cThe', id="straight-close-curly-open-capital-split"),
        pytest.param('he said.""The', 'he said."\n\n"The', id="two-straight-quotes-capital-split"),
        pytest.param('he said.""the', 'he said.""the', id="two-straight-quotes-lowercase-kept"),
        pytest.param("he said.\u2019\u2018Yes", "he said.\u2019\n\n\u2018Yes", id="glued-curly-single-quotes-capital-split"),
        pytest.param("out.\u201d \u201cIf", "out.\u201d \u201cIf", id="quotes-with-space-not-split"),
        pytest.param("\u201cquoted\u201d and \u2018single\u2019", "\u201cquoted\u201d and \u2018single\u2019", id="curly-quotes-kept"),
        pytest.param("\n\n  first\n\nlast  \n\n\n", "first\n\nlast", id="leading-and-trailing-blank-lines-dropped"),
        pytest.param("", "", id="empty-string-stays-empty"),
    ],
)
def test_normalize_text_rule(raw: str, expected: str) -> None:
    assert normalize_text(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        pytest.param("  A\nmulti-line\n\n field\t ", "A multi-line field", id="all-whitespace-collapses-to-one-space"),
        pytest.param("a\fb", "a b", id="form-feed-becomes-space"),
        pytest.param("a\u00a0\u200bb", "a b", id="nbsp-and-zero-width-handled"),
        pytest.param("inter-\nnational", "international", id="hyphen-break-joined"),
        pytest.param("Anglo-\nAmerican", "Anglo-American", id="capitalised-continuation-keeps-hyphen"),
        pytest.param("out.\u201d\u201cIf", "out.\u201d \u201cIf", id="glued-quotes-get-a-space"),
        pytest.param("e\u0301", "\u00e9", id="nfc"),
        pytest.param("\u201cKeep\u201d", "\u201cKeep\u201d", id="curly-quotes-kept"),
    ],
)
def test_normalize_inline_rule(raw: str, expected: str) -> None:
    assert normalize_inline(raw) == expected


def test_seed_file_keeps_article_boundary_and_splits_glued_quote() -> None:
    text = normalize_text(SEED.read_text(encoding="utf-8"))
    assert text.startswith("WASHINGTON - A senior Pakistan official")
    assert "taken out.\u201d\n\n\u201cIf there are" in text
    # The two articles stay separated by two blank lines.
    assert text.count("\n\n\n") == 1
    assert "\u201c" in text and "\u2019" in text


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_normalize_text_is_idempotent_and_clean(raw: str) -> None:
    once = normalize_text(raw)
    assert normalize_text(once) == once
    assert "\r" not in once and "\t" not in once and "\u00a0" not in once
    assert all(line == line.strip(" ") for line in once.split("\n"))


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_normalize_inline_yields_single_clean_line(raw: str) -> None:
    out = normalize_inline(raw)
    assert "\n" not in out and "\f" not in out and "  " not in out
    assert out == out.strip()
