"""The junk classes `make bench-facets` fails on (issue 13), one table: what is junk and what is a name."""

from __future__ import annotations

import pytest

from tools.bench.facets import junk_class

ACRONYMS = {"BBC", "NATO", "EU"}


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param("Co Inc", "suffix", id="suffix"),
        pytest.param("PLC", "suffix", id="suffix-in-capitals"),
        pytest.param("NEW", "function word", id="headline-function-word"),
        pytest.param("WHO", "function word", id="pronoun-in-capitals"),
        pytest.param("Bank of", "function word", id="name-cut-at-of"),
        pytest.param("March", "calendar", id="month"),
        pytest.param("Tuesday", "calendar", id="week-day"),
        pytest.param("ECONOMIC SPOTLIGHT", "dressing", id="slug"),
        pytest.param("Reuter", "dressing", id="sign-off"),
        pytest.param("DEVALUATION", "headline word", id="headline-word"),
        pytest.param("NATO", None, id="acronym-of-the-bodies"),
        pytest.param("US", None, id="us-is-the-country"),
        pytest.param("Bank of England", None, id="name"),
        pytest.param("Securities and Exchange Commission", None, id="name-with-and"),
        pytest.param("Maybe", None, id="not-a-month"),
    ],
)
def test_junk_class(value: str, expected: str | None) -> None:
    assert junk_class(value, ACRONYMS) == expected
