"""Statistical keyword extraction in the spirit of YAKE/RAKE, built for speed.

Candidates are words of 3+ letters that are not stopwords and occur at least
twice (any number of times in short texts), plus bigrams and trigrams of such
words that occur at least twice without crossing clause punctuation. A word's
weight is ``log(1 + tf)`` times boosts for spread (first to last occurrence,
as a share of the text), early first occurrence, and capitalisation (share of
occurrences written Capitalised: proper nouns); a phrase weighs
``log(1 + tf)`` times its words' mean weight times a small length bonus. The
best candidates win, skipping any contained in, or containing, a better one
(``fidel castro`` hides ``castro``). Output is lower-case, possessive ``'s``
dropped.

Why not the ``yake`` package: measured on the BBC corpus it takes ~35 ms per
article here (≈350× the 0.1 ms budget of this stage) and pulls in numpy,
networkx, jellyfish and segtok.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from itertools import accumulate

import numpy as np

from etl.lexicon import STOPWORDS
from etl.vocab import Tokens

try:
    from etl import _speedups
except ImportError:  # not built (no C compiler at install): the numpy path gives the same results
    _speedups = None

__all__ = ["STOPWORDS", "extract_keywords", "keywords_of"]

#: Above this many tokens a word must occur twice to be a candidate.
LONG_TEXT_TOKENS = 100
_BIGRAM_BONUS, _TRIGRAM_BONUS = 1.6, 1.8


def extract_keywords(text: str, max_keywords: int = 10) -> list[str]:
    """Top ``max_keywords`` lower-case keyphrases of ``text``, best first."""
    if max_keywords <= 0 or not text:
        return []
    return keywords_of(Tokens.of(text), max_keywords)


def keywords_of(tokens: Tokens, max_keywords: int = 10) -> list[str]:
    """:func:`extract_keywords` of an already tokenised text.

    The counting (:func:`candidate_stats`) runs in C when :mod:`etl._speedups` is built, else in
    numpy, with identical results; the weights are numpy either way, a few operations per
    article; Python only walks the best-scored candidates.
    """
    n = len(tokens)
    if max_keywords <= 0 or not n:
        return []
    min_tf = 2 if n > LONG_TEXT_TOKENS else 1
    words, counts, first_at, last_at, capitalised, phrases = candidate_stats(tokens, min_tf)
    if not len(words):
        return []
    first = first_at * (1.0 / n)
    spread = last_at * (1.0 / n) - first
    weights = np.log1p(counts)
    weights *= 1.0 + spread
    weights *= 1.0 + 1.0 / np.log2(2.0 + 20.0 * first)
    weights *= 1.0 + 0.5 * np.minimum(1.0, capitalised / counts)
    kept_rows = (counts >= min_tf).nonzero()[0]
    scores = weights[kept_rows]
    if len(phrases):
        a, b, c, phrase_counts = phrases.T
        is_pair = c < 0
        mean = np.where(is_pair, (weights[a] + weights[b]) / 2, (weights[a] + weights[b] + weights[c]) / 3)
        bonus = np.where(is_pair, _BIGRAM_BONUS, _TRIGRAM_BONUS)
        scores = np.concatenate((scores, np.log1p(phrase_counts) * mean * bonus))
    keyword_words, word_ids = tokens.keyword_words, words.tolist()
    kept_list, phrase_list, n_kept = kept_rows.tolist(), phrases.tolist(), len(kept_rows)

    def text(k: int) -> str:
        if k < n_kept:
            return keyword_words[word_ids[kept_list[k]]]
        return " ".join(keyword_words[word_ids[r]] for r in phrase_list[k - n_kept][:3] if r >= 0)

    return _best(scores, text, max_keywords)


def candidate_stats(
    tokens: Tokens, min_tf: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Counts behind the keyword weights, from :mod:`etl._speedups` if built, else :func:`candidate_stats_numpy`."""
    if _speedups is None:
        return candidate_stats_numpy(tokens, min_tf)
    t = tokens.tables
    rows, phrases = _speedups.keyword_stats(tokens.ids, t.keyword, t.capitalised, t.break_before, t.break_after, min_tf)
    table = np.frombuffer(rows, dtype=np.int64).reshape(-1, 5)
    return (*table.T, np.frombuffer(phrases, dtype=np.int64).reshape(-1, 4))  # type: ignore[return-value]


def candidate_stats_numpy(
    tokens: Tokens, min_tf: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(words, counts, first, last, capitalised, phrases) of the candidate words of ``tokens``.

    One row per distinct candidate word, ordered by word id: its keyword id, how often it
    occurs, the token positions of its first and last occurrence, and how many occurrences
    are Capitalised. ``phrases`` holds one ``(a, b, c, count)`` row (``c = -1`` for bigrams;
    ``a``, ``b``, ``c`` index the word rows) per bigram or trigram of adjacent words that occur
    at least ``min_tf`` times, with no clause punctuation between them, seen at least twice.
    """
    t, ids = tokens.tables, tokens.ids
    word_of_token = t.keyword[ids]
    positions = (word_of_token >= 0).nonzero()[0]
    if not len(positions):
        empty = positions[:0].astype(np.int64)
        return empty, empty, empty, empty, empty, empty.reshape(0, 4)
    words, inverse, counts, order, start_at = _group(word_of_token[positions])
    first = positions[order[start_at]]
    last = positions[order[start_at + counts - 1]]
    capitalised = np.bincount(inverse, weights=t.capitalised[ids[positions]], minlength=len(words)).astype(np.int64)
    kept = counts >= min_tf
    size = len(words)

    # Bigrams and trigrams are grouped in one pass: a bigram (a, b) is keyed size³ + a·size + b,
    # a trigram (a, b, c) a·size² + b·size + c, so the two never collide.
    kept_occurrence = kept[inverse]
    at = positions[kept_occurrence]
    row_at = inverse[kept_occurrence]
    token_at = ids[at]
    linked = (at[1:] == at[:-1] + 1) & ~t.break_after[token_at[:-1]] & ~t.break_before[token_at[1:]]
    pairs = linked.nonzero()[0]
    triples = (linked[:-1] & linked[1:]).nonzero()[0]
    cube = size**3
    keys = np.concatenate(
        (row_at[pairs] * size + row_at[pairs + 1] + cube,
         (row_at[triples] * size + row_at[triples + 1]) * size + row_at[triples + 2])
    )  # fmt: skip
    phrases = np.empty((0, 4), dtype=np.int64)
    if len(keys):
        phrase_keys, _, phrase_counts, _, _ = _group(keys)
        repeated = phrase_counts >= 2
        phrase_keys, phrase_counts = phrase_keys[repeated], phrase_counts[repeated]
        is_pair = phrase_keys >= cube
        rest = phrase_keys - is_pair * cube
        c, rest = rest % size, rest // size
        b, a = rest % size, rest // size
        phrases = np.stack(
            (np.where(is_pair, b, a), np.where(is_pair, c, b), np.where(is_pair, -1, c), phrase_counts), axis=1
        ).astype(np.int64)
    return words.astype(np.int64), counts.astype(np.int64), first, last, capitalised, phrases


def _group(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Distinct ``values`` (sorted), each occurrence's row among them, counts, the stable sort order
    and where each distinct value starts in it: ``np.unique`` at a fraction of its overhead."""
    order = values.argsort(kind="stable")
    ordered = values[order]
    starts = np.empty(len(values), dtype=np.bool_)
    starts[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=starts[1:])
    start_at = starts.nonzero()[0]
    inverse = np.empty(len(values), dtype=np.intp)
    inverse[order] = starts.cumsum() - 1
    counts = np.empty(len(start_at), dtype=np.intp)
    np.subtract(start_at[1:], start_at[:-1], out=counts[:-1])
    counts[-1] = len(values) - start_at[-1]
    return ordered[start_at], inverse, counts, order, start_at


def _best(scores: np.ndarray, text: Callable[[int], str], limit: int) -> list[str]:
    """The ``limit`` best candidates, ties broken by text, skipping any inside or around a better one."""
    order = (-scores).argsort(kind="stable").tolist()
    ordered_scores = scores[order].tolist()
    total = len(order)
    chosen: list[str] = []
    padded_chosen: list[str] = []
    i = 0
    while i < total:
        j = i + 1
        while j < total and ordered_scores[j] == ordered_scores[i]:
            j += 1
        # Equal scores are ordered by their text so the answer never depends on token ids.
        group = [text(order[i])] if j == i + 1 else sorted(text(order[k]) for k in range(i, j))
        for candidate in group:
            padded = f" {candidate} "
            for other in padded_chosen:
                if padded in other or other in padded:
                    break
            else:
                chosen.append(candidate)
                if len(chosen) == limit:
                    return chosen
                padded_chosen.append(padded)
        i = j
    return chosen
