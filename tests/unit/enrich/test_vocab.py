"""The shared token tables: per-token rules, and results that never depend on what a process saw before."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.enrich import dedup, keywords, vocab
from etl.enrich.keywords import keywords_of
from etl.enrich.vocab import (
    JOIN_OF,
    JOIN_THE,
    PARTICLE,
    SENTENCE_END,
    TITLE,
    VERBISH,
    Tokens,
    Vocabulary,
    fold_plural,
    keyword_core,
)
from tests.conftest import bbc_texts
from tests.unit.enrich.test_enrich import seed_articles
from tests.unit.enrich.test_keywords import STORY


@pytest.mark.parametrize(
    ("token", "expected"),
    [
        pytest.param("Castro", ("castro", False, False, 0), id="plain-word-lower-cased"),
        pytest.param("Castro,", ("castro", False, True, 0), id="trailing-comma-breaks-after"),
        pytest.param("(Castro", ("castro", True, False, 0), id="opening-bracket-breaks-before"),
        pytest.param("“Castro.”", ("castro", True, True, SENTENCE_END), id="quotes-and-full-stop-around"),
        pytest.param("Castro?", ("castro", False, True, SENTENCE_END), id="question-mark-ends-a-sentence"),
        pytest.param("Pakistan's", ("pakistan", False, True, 0), id="possessive-dropped-and-ends-the-phrase"),
        pytest.param("Pakistan’s", ("pakistan", False, True, 0), id="curly-possessive-dropped"),
        pytest.param("players'", ("players", False, True, 0), id="trailing-apostrophe-dropped"),
        pytest.param("the", ("the", False, False, JOIN_THE), id="the-kept-to-join-names"),
        pytest.param("of", ("of", False, False, JOIN_OF), id="of-kept-to-join-names"),
        pytest.param("van", ("van", False, False, PARTICLE), id="name-particle"),
        pytest.param("De", ("de", False, False, PARTICLE), id="short-name-particle"),
        pytest.param("New", ("new", False, False, PARTICLE), id="capitalised-new-is-a-particle"),
        pytest.param("new", ("", False, False, 0), id="lower-case-new-is-a-stopword"),
        pytest.param("The,", ("the", False, True, JOIN_THE), id="the-still-breaks-phrases"),
        pytest.param("it's", ("", False, False, 0), id="contracted-stopword"),
        pytest.param("U.S.", ("", True, True, 0), id="inner-full-stop-breaks-both-sides"),
        pytest.param("ox", ("", False, False, 0), id="short-word"),
        pytest.param("2005", ("", False, False, 0), id="number"),
        pytest.param("—", ("", True, True, 0), id="lone-dash-is-a-break"),
        pytest.param("e-mail", ("e-mail", False, False, 0), id="hyphen-is-part-of-the-word"),
        pytest.param("Tuesday", ("", False, False, 0), id="weekday"),
        pytest.param("March.", ("", False, True, SENTENCE_END), id="month-even-capitalised"),
        pytest.param("dlrs", ("", False, False, 0), id="currency-abbreviation"),
        pytest.param("pct,", ("", False, True, 0), id="unit"),
        pytest.param("Inc", ("", False, False, 0), id="corporate-suffix"),
        pytest.param("said", ("", False, False, 0), id="verb-form"),
        pytest.param("reported", ("", False, False, 0), id="past-participle"),
        pytest.param("sharply", ("", False, False, 0), id="adverb"),
        pytest.param("family", ("family", False, False, 0), id="ly-noun-stays"),
        pytest.param("major", ("", False, False, 0), id="vague-adjective"),
        pytest.param("officials", ("", False, False, 0), id="lower-case-reporting-word"),
        pytest.param("Minister", ("minister", False, False, TITLE), id="capitalised-title"),
        pytest.param("Reported", ("reported", False, False, VERBISH), id="capitalised-verb-form"),
        pytest.param("London-based", ("", False, False, 0), id="hyphenated-participle"),
        pytest.param("harbour…", ("harbour", False, True, 0), id="ellipsis-breaks-after"),
        pytest.param("twelve", ("", False, False, 0), id="number-word"),
        pytest.param("noon", ("", False, False, 0), id="time-of-day"),
        pytest.param("Sundays", ("", False, False, 0), id="plural-weekday"),
    ],
)
def test_keyword_core_rules(token, expected):
    assert keyword_core(token) == expected


@pytest.mark.parametrize(
    ("word", "folded"),
    [("rates", "rate"), ("companies", "company"), ("news", "new"), ("crisis", "crisis"), ("bus", "bus"),
     ("glass", "glass"), ("its", "its"), ("economy", "economy")],
)  # fmt: skip
def test_plural_folding(word, folded):
    assert fold_plural(word) == folded


def test_ids_index_tables_that_describe_each_token():
    tokens = Tokens.of("The Cabinet met - the harbours")
    t = tokens.tables
    assert [t.is_the[i] for i in tokens.ids] == [True, False, False, False, True, False]
    assert [t.punctuation[i] for i in tokens.ids] == [False, False, False, True, False, False]
    assert t.capitalised(tokens.ids)[1] and not t.capitalised(tokens.ids)[5]
    keyword_words = [tokens.keyword_words[k] for k in t.keyword_ids(tokens.ids) if k >= 0]
    assert keyword_words == ["the", "cabinet", "the", "harbours"]
    assert t.flags(tokens.ids).tolist() == [JOIN_THE, 0, 0, 0, JOIN_THE, 0]
    cabinet, harbours = tokens.ids[1], tokens.ids[5]
    folded = t.folded_ids(np.array([cabinet, harbours]))
    assert [tokens.keyword_words[k] for k in folded] == ["cabinet", "harbour"]


def test_case_variants_share_their_simhash_word_hash():
    tokens = Tokens.of("Economy ECONOMY economy")
    assert len(set(tokens.ids.tolist())) == 3
    assert len({tokens.tables.hash0[i] for i in tokens.ids}) == 1


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
    assert all(tokens.tables.hash0[i] for i in tokens.ids)


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


_DATELINED = "LONDON, March 3 (Reuters) -  Shares\u00a0fell in  early trade.\n\nBrokers said so."


@pytest.mark.parametrize(
    "start",
    [
        pytest.param(0, id="from-the-start-the-same-tokens"),
        pytest.param(_DATELINED.index(" -") + 2, id="just-after-a-token-before-spaces"),
        pytest.param(_DATELINED.index("Shares"), id="at-a-token-after-spaces"),
        pytest.param(_DATELINED.index("(Reuters)") + 3, id="inside-a-token-tokenised-afresh"),
        pytest.param(_DATELINED.index("fell"), id="after-a-no-break-space"),
        pytest.param(_DATELINED.index("Brokers") - 1, id="inside-a-paragraph-break"),
        pytest.param(len(_DATELINED), id="at-the-end-no-tokens"),
    ],
)
def test_tokens_from_an_offset_are_the_tokens_of_the_rest_of_the_text(start):
    # A dateline story's keywords read the body after the dateline, from the body's own tokens.
    from etl.enrich.document import tokens_from

    got, fresh = tokens_from(_DATELINED, Tokens.of(_DATELINED), start), Tokens.of(_DATELINED[start:])
    assert (list(got.ids), got.joined) == (list(fresh.ids), fresh.joined)
    assert keywords_of(got, 5) == keywords_of(fresh, 5)
