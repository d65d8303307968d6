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

    Every step is a numpy operation over the article's token ids (see :mod:`etl.vocab`), a few
    dozen in all whatever the article's length; Python only walks the best-scored candidates.
    """
    n = len(tokens)
    if max_keywords <= 0 or not n:
        return []
    t, ids = tokens.tables, tokens.ids
    word_of_token = t.keyword[ids]
    positions = (word_of_token >= 0).nonzero()[0]
    if not len(positions):
        return []
    # Group the candidate occurrences by word: `inverse` maps each occurrence to its word's row.
    words, inverse, counts, order, start_at = _group(word_of_token[positions])
    first = positions[order[start_at]] * (1.0 / n)
    spread = positions[order[start_at + counts - 1]] * (1.0 / n) - first
    capitalised = np.bincount(inverse, weights=t.capitalised[ids[positions]], minlength=len(words))
    weights = np.log1p(counts)
    weights *= 1.0 + spread
    weights *= 1.0 + 1.0 / np.log2(2.0 + 20.0 * first)
    weights *= 1.0 + 0.5 * np.minimum(1.0, capitalised / counts)
    kept = counts >= (2 if n > LONG_TEXT_TOKENS else 1)
    kept_rows = kept.nonzero()[0]
    size = len(words)

    # Phrases: runs of adjacent kept words with no clause punctuation between them. Bigrams and
    # trigrams are grouped in one pass: a bigram (a, b) is keyed size³ + a·size + b, a trigram
    # (a, b, c) a·size² + b·size + c, so the two never collide.
    kept_occurrence = kept[inverse]
    at = positions[kept_occurrence]
    row_at = inverse[kept_occurrence]
    token_at = ids[at]
    linked = (at[1:] == at[:-1] + 1) & ~t.break_after[token_at[:-1]] & ~t.break_before[token_at[1:]]
    pairs = linked.nonzero()[0]
    triples = (linked[:-1] & linked[1:]).nonzero()[0]
    cube = size**3
    pair_keys = row_at[pairs] * size + row_at[pairs + 1] + cube
    if len(triples):
        triple_keys = (row_at[triples] * size + row_at[triples + 1]) * size + row_at[triples + 2]
        keys = np.concatenate((pair_keys, triple_keys))
    else:
        keys = pair_keys
    scores = weights[kept_rows]
    phrase_keys = keys[:0]
    if len(keys):
        phrase_keys, _, phrase_counts, _, _ = _group(keys)
        repeated = phrase_counts >= 2
        phrase_keys, phrase_counts = phrase_keys[repeated], phrase_counts[repeated]
        is_pair = phrase_keys >= cube
        rest = phrase_keys - is_pair * cube
        c, rest = rest % size, rest // size
        b, a = rest % size, rest // size
        mean = np.where(is_pair, (weights[b] + weights[c]) / 2, (weights[a] + weights[b] + weights[c]) / 3)
        bonus = np.where(is_pair, _BIGRAM_BONUS, _TRIGRAM_BONUS)
        scores = np.concatenate((scores, np.log1p(phrase_counts) * mean * bonus))
    keyword_words, word_ids = tokens.keyword_words, words.tolist()
    kept_list, phrase_list, n_kept = kept_rows.tolist(), phrase_keys.tolist(), len(kept_rows)

    def text(k: int) -> str:
        if k < n_kept:
            return keyword_words[word_ids[kept_list[k]]]
        key = phrase_list[k - n_kept]
        if key >= cube:
            rows = [(key - cube) // size, (key - cube) % size]
        else:
            rows = [key // (size * size), key // size % size, key % size]
        return " ".join(keyword_words[word_ids[r]] for r in rows)

    return _best(scores, text, max_keywords)


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
