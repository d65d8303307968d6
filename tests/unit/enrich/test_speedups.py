"""The optional C kernels (etl/enrich/_speedups.c) compute exactly what their numpy versions compute."""

from __future__ import annotations

from array import array

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.enrich import dedup, keywords
from etl.enrich.vocab import Tokens
from tests.conftest import bbc_texts


def _speedups():
    from etl.enrich import _speedups

    return _speedups


def _same_runs(body: Tokens, title: Tokens | None) -> None:
    ids, tables, offset = keywords._joined(body, title)
    # The same runs grouped into the same keys, with the same float weights (bit for bit), in the same order.
    assert keywords._candidates(ids, tables, offset) == keywords.candidates_python(ids, tables, offset)


def test_make_install_builds_the_c_kernels():
    # The numpy fallback exists for installs without a compiler; the suite must exercise the fast path.
    assert keywords._speedups is not None and dedup._speedups is not None
    assert _speedups().__file__.endswith(".so")


def test_c_kernels_equal_numpy_on_the_bbc_corpus(monkeypatch):
    texts = [text.partition("\n") for _, text in bbc_texts()]
    assert len(texts) == 2225
    tokens = [(Tokens.of(body), Tokens.of(title)) for title, _, body in texts]
    for body, title in tokens:
        _same_runs(body, title)
        _same_runs(body, None)
        assert dedup.simhash_of(body) == dedup.simhash_numpy(body)
    fast = [keywords.keywords_of(body, 10, title) for body, title in tokens]
    monkeypatch.setattr(keywords, "_speedups", None)
    assert [keywords.keywords_of(body, 10, title) for body, title in tokens] == fast


# Tokens that exercise every run rule: names with of/the/particles, titles, sentence ends,
# clause punctuation, possessives, verbs, junk words.
_ATOMS = ["Castro", "castro,", "Fidel", "the", "The", "of", "Bank", "England.", "New", "York", "van", "den",
          "Gogh", "De", "Prime", "Minister", "Rapper", "said", "Asked", "(Havana", "U.S.", "—", "shops",
          "Cuba's", "Tuesday", "pct", "officials", "interest", "rates", "rate", "oil", "prices?"]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_ATOMS), max_size=60), st.lists(st.sampled_from(_ATOMS), max_size=8))
def test_c_keyword_candidates_equal_python_on_any_token_sequence(words, title_words):
    body = Tokens.of(" ".join(words))
    title = Tokens.of(" ".join(title_words))
    _same_runs(body, title)
    _same_runs(body, None)
    assert dedup.simhash_of(body) == dedup.simhash_numpy(body)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_ATOMS), max_size=150), st.integers(1, 12))
def test_c_and_numpy_keywords_are_identical_even_with_tied_scores(words, limit):
    # Short repetitive texts give many equal scores: ties must be broken by text in both.
    tokens = Tokens.of(" ".join(words))
    fast = keywords.keywords_of(tokens, limit)
    saved, keywords._speedups = keywords._speedups, None
    try:
        assert keywords.keywords_of(tokens, limit) == fast
    finally:
        keywords._speedups = saved


@pytest.mark.parametrize("bad_id", [-1, 1 << 40])
def test_c_kernels_refuse_ids_outside_their_tables(bad_id):
    tokens = Tokens.of("Fidel Castro spoke in Havana")
    t = tokens.tables
    ids = np.array([0, bad_id], dtype=np.intp)
    with pytest.raises(IndexError):
        _speedups().simhash(ids, t.hash0)
    with pytest.raises(IndexError):
        _speedups().keyword_candidates(ids, t.keyword, 0, 4, 100.0, 14)
    with pytest.raises(IndexError):
        _speedups().count_flagged(ids, t.punctuation, -1)


@pytest.mark.parametrize("limit", [-1, 0, 1, 3, 170, 10_000])
@pytest.mark.parametrize("table", ["function_word", "is_the", "punctuation"])
def test_c_flag_counts_equal_python_on_the_bbc_corpus(monkeypatch, table, limit):
    from etl.enrich import vocab

    for _, text in list(bbc_texts())[:300]:
        tokens = Tokens.of(text + " - the & The …")
        flags = getattr(tokens.tables, table)
        fast = vocab.count_flagged(tokens.ids, flags, limit)
        with monkeypatch.context() as m:
            m.setattr(vocab, "_speedups", None)
            assert fast == vocab.count_flagged(tokens.ids, flags, limit)
        assert fast == int(tokens.tables.view(table)[vocab.ids_view(tokens.ids)[: None if limit < 0 else limit]].sum())


def test_c_kernels_refuse_arrays_of_the_wrong_type():
    tokens = Tokens.of("Fidel Castro spoke in Havana")
    t = tokens.tables
    with pytest.raises(TypeError):
        _speedups().simhash(array("i", tokens.ids), t.hash0)
    with pytest.raises(TypeError):
        _speedups().keyword_candidates(array("i", tokens.ids), t.keyword, 0, 4, 100.0, 14)
    with pytest.raises(ValueError):
        _speedups().keyword_candidates(tokens.ids, t.keyword, 0, 5, 100.0, 14)


_RUN_ATOMS = ["A", "Z", "a", "of", "the", "de", "del", "der", "van", "al", "le", " ", "\u00a0", ".", "-", "'", "’",
              "&", "_", "1", "é", "É", "\n", ",", "Mc", "Donald", "of the", "bin ", "and", " and ", " & ", "al-",
              "el-", "ash-", "as-", "abu-", "-", "dos", "ibn "]  # fmt: skip


def test_capitalised_runs_equal_the_regex_on_the_bbc_corpus():
    from etl.enrich.entities import _RUN_RE

    for _, text in bbc_texts():
        assert _speedups().capitalised_runs(text, 0) == _RUN_RE.findall(text)


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_RUN_ATOMS), max_size=30), st.integers(0, 4))
def test_capitalised_runs_equal_the_regex_on_any_text(atoms, start):
    from etl.enrich.entities import _RUN_RE

    text = "".join(atoms)
    assert _speedups().capitalised_runs(text, start) == _RUN_RE.findall(text, start)


def test_capitalised_runs_context_equals_python_on_the_bbc_corpus():
    from etl.enrich.entities import CONTEXT_MAP, _contexts_py

    for _, text in bbc_texts():
        assert _speedups().capitalised_runs_context(text, 0, CONTEXT_MAP) == _contexts_py(text, 0)


_CONTEXT_ATOMS = [*_RUN_ATOMS, "said ", ", ", "spokesman, ", "in ", "\n", "İ", "ß", "x" * 30, " ", "(", ".", "9"]


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(_CONTEXT_ATOMS), max_size=30), st.integers(0, 4))
def test_capitalised_runs_context_equals_python_on_any_text(atoms, start):
    from etl.enrich.entities import CONTEXT_MAP, _contexts_py

    text = "".join(atoms)
    assert _speedups().capitalised_runs_context(text, start, CONTEXT_MAP) == _contexts_py(text, start)


@pytest.mark.parametrize(
    "text",
    [
        "The minister said Zorblax Quintel met Acme Widgets Inc in Paris.",  # ASCII (1-byte string)
        "Le café « Zorblax » , spokesman, Anna Smith said: Über Alles (Berlin) 2",  # Latin-1 (1-byte)
        "“Zorblax” — said Anna Smith; the İstanbul office, Acme Corp",  # 2-byte string
        "Zorblax 🙂 Quintel said, manager, Kevin Keegan\nLONDON 1996-08-24",  # 4-byte string
        "iPod Nano, and Mr Blair. Negotiations went on in Harare",
    ],
)
@pytest.mark.parametrize("start", [0, 3])
def test_entity_runs_keys_equal_python_in_every_string_kind(text, start):
    # entity_runs builds the (run, before, after) key of a run it has not seen (the context words
    # from Latin-1 bytes when the string is one-byte, else from code points, and the run's string
    # reused from the free-cache lookup): with empty caches it stops at every run, and the keys it
    # hands back must be _contexts_py's, in order, minus the runs glued to a word ("~").
    from etl.enrich.entities import CONTEXT_MAP, _contexts_py

    keys, resume = [], start
    while (miss := _speedups().entity_runs(text, start, resume, CONTEXT_MAP, {}, {}, ({},))) is not None:
        key, resume = miss
        keys.append(key)
    assert keys == [k for k in _contexts_py(text, start) if k[1] != "~"]


def test_entities_with_and_without_the_c_kernel_are_identical(monkeypatch):
    from etl.enrich import entities

    texts = [text for _, text in bbc_texts()][::5]
    entities.clear_cache()
    fast = [entities.extract_entities(t, start=3) for t in texts]
    monkeypatch.setattr(entities, "_entity_runs", None)
    entities.clear_cache()
    slow = [entities.extract_entities(t, start=3) for t in texts]
    entities.clear_cache()
    assert fast == slow


# Tokens at the edges of keyword_core's ASCII transcription: closers after a sentence end, lone
# apostrophes, possessives, plural day names, particles, verb and adverb endings, long tokens
# (BLAKE2b over more than one block), and non-ASCII tokens (the Python rules decide those).
_EDGE_TOKENS = ["')", "'", "''", "’", "Sundays", "Sundays.", "'s", "x's", "abc'''", "New", "new", "NEW", "of",
                "(of", "The", "THE.", "London-based", "record-breaking", "asked", "Asked", "quickly", "Early",
                "freed", "U.S.", "...", "—", "-", "a" * 300, "A" * 129, "Ωmega", "İstanbul", "naïve", "café's",
                "“Hello”", "rates", "Companies", "boss'", "did.'", "end.)", "end.\"", "x)", "van", "Minister"]  # fmt: skip


def test_c_token_analysis_equals_python_on_the_bbc_corpus_and_edge_tokens():
    from etl.enrich.vocab import Vocabulary, _State

    distinct = dict.fromkeys(word for _, text in bbc_texts() for word in text.split())
    tokens = list(distinct) + _EDGE_TOKENS
    fast, slow = _State(), _State()
    for state in (fast, slow):
        state.tables = state.tables.grown(len(tokens))
    Vocabulary._register(fast, 0, tokens)
    Vocabulary._register_python(slow, 0, tokens)
    assert fast.keyword_words == slow.keyword_words  # the same keyword ids, handed out in the same order
    for name in ("hash0", "keyword", "function_word", "is_the", "punctuation"):
        assert getattr(fast.tables, name) == getattr(slow.tables, name), name
