"""The shared token tables: per-token rules, and results that never depend on what a process saw before."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.enrich import dedup, keywords, vocab
from etl.enrich.keywords import keywords_of
from etl.enrich.vocab import Tokens, Vocabulary, keyword_core
from tests.conftest import bbc_texts
from tests.unit.enrich.test_enrich import seed_articles
from tests.unit.enrich.test_keywords import STORY


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        pytest.param("Castro", ("castro", False, False), id="plain-word-lower-cased"),
        pytest.param("Castro,", ("castro", False, True), id="trailing-comma-breaks-after"),
        pytest.param("(Castro", ("castro", True, False), id="opening-bracket-breaks-before"),
        pytest.param("“Castro.”", ("castro", True, True), id="quotes-and-full-stop-around"),
        pytest.param("Pakistan's", ("pakistan", False, False), id="possessive-dropped"),
        pytest.param("Pakistan’s", ("pakistan", False, False), id="curly-possessive-dropped"),
        pytest.param("players'", ("players", False, False), id="trailing-apostrophe-dropped"),
        pytest.param("the", ("", False, False), id="stopword-is-no-candidate"),
        pytest.param("The,", ("", False, True), id="stopword-still-breaks-phrases"),
        pytest.param("it's", ("", False, False), id="contracted-stopword"),
        pytest.param("U.S.", ("", True, True), id="inner-full-stop-breaks-both-sides"),
        pytest.param("ox", ("", False, False), id="short-word"),
        pytest.param("2005", ("", False, False), id="number"),
        pytest.param("—", ("", True, True), id="lone-dash-is-a-break"),
        pytest.param("e-mail", ("e-mail", False, False), id="hyphen-is-part-of-the-word"),
    ],
)
def test_keyword_core_rules(token, expected):
    assert keyword_core(token) == expected


def test_ids_index_tables_that_describe_each_token():
    tokens = Tokens.of("The Cabinet met - the")
    t = tokens.tables
    assert t.is_the[tokens.ids].tolist() == [True, False, False, False, True]
    assert t.punctuation[tokens.ids].tolist() == [False, False, False, True, False]
    assert t.capitalised(tokens.ids)[1] and not t.capitalised(tokens.ids)[2]
    assert [tokens.keyword_words[k] for k in t.keyword_ids(tokens.ids) if k >= 0] == ["cabinet", "met"]


def test_case_variants_share_their_simhash_word_hash():
    tokens = Tokens.of("Economy ECONOMY economy")
    assert len(set(tokens.ids.tolist())) == 3
    assert len(set(tokens.tables.hash0[tokens.ids].tolist())) == 1


def test_results_do_not_depend_on_what_the_process_saw_before(monkeypatch):
    texts = [STORY, *seed_articles(), "Markets rallied. Markets rallied again as Markets rallied."]
    expected = [(keywords_of(Tokens.of(t)), dedup.simhash(t)) for t in texts]
    fresh = Vocabulary()
    for text in reversed(texts):  # a different first-seen order gives different ids
        fresh.tokens(text)
    monkeypatch.setattr(vocab, "VOCABULARY", fresh)
    assert [(keywords_of(Tokens.of(t)), dedup.simhash(t)) for t in texts] == expected


def test_a_full_vocabulary_starts_over_and_gives_the_same_results(monkeypatch):
    small = Vocabulary()
    monkeypatch.setattr(vocab, "VOCABULARY", small)
    monkeypatch.setattr(vocab, "MAX_TOKENS", 60)
    before = keywords.extract_keywords(STORY)
    assert len(small) <= 60
    for i in range(50):
        small.tokens(" ".join(f"filler{i}-{j}" for j in range(5)))
    assert len(small) <= 60
    assert keywords.extract_keywords(STORY) == before


def test_tables_grow_past_their_initial_capacity():
    big = Vocabulary()
    words = [f"w{i}" for i in range(10_000)]
    tokens = big.tokens(" ".join(words))
    assert tokens.ids.tolist() == list(range(10_000))
    assert np.count_nonzero(tokens.tables.hash0[tokens.ids]) == 10_000


def _python_vocabulary(monkeypatch) -> Vocabulary:
    monkeypatch.setattr(vocab, "_speedups", None)
    python = Vocabulary()
    monkeypatch.undo()
    return python


def test_c_and_python_token_tables_agree_on_the_bbc_corpus(monkeypatch):
    python, c = _python_vocabulary(monkeypatch), Vocabulary()
    assert python._state.table is None and c._state.table is not None
    for _, text in bbc_texts():
        a, b = python.tokens(text), c.tokens(text)
        assert a.ids.tolist() == b.ids.tolist() and a.joined == b.joined == " ".join(text.split())
    assert len(python) == len(c) > 60_000


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.characters(codec="utf-8"), max_size=40), max_size=5))
def test_c_tokenisation_is_str_split(texts):
    # Same whitespace as str.split() (Py_UNICODE_ISSPACE), same ids in first-seen order.
    python, c = _python_vocabulary(pytest.MonkeyPatch()), Vocabulary()
    for text in texts:
        a, b = python.tokens(text), c.tokens(text)
        assert a.ids.tolist() == b.ids.tolist() and a.joined == b.joined == " ".join(text.split())
        assert [a.tables.hash0[i] for i in a.ids] == [b.tables.hash0[i] for i in b.ids]


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_normalising_after_splitting_equals_casefolding_first(text):
    # enrich builds the content hash's input from the tokens; it must equal dedup.normalise.
    assert " ".join(text.split()).casefold() == " ".join(text.casefold().split())
