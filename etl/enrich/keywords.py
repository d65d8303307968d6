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

import math

import numpy as np

from etl.enrich.lexicon import STOPWORDS
from etl.enrich.vocab import Tokens

try:
    from etl.enrich import _speedups
except ImportError:  # not built (no C compiler at install): the numpy path gives the same results
    _speedups = None

__all__ = ["STOPWORDS", "extract_keywords", "keywords_of", "select_keywords_py"]

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

    In C when :mod:`etl.enrich._speedups` is built (counting and selection, no Python per word),
    else numpy counting and :func:`select_keywords_py`; both give identical results.
    """
    n = len(tokens)
    if max_keywords <= 0 or not n:
        return []
    min_tf = 2 if n > LONG_TEXT_TOKENS else 1
    if _speedups is not None:
        rows, phrases = _candidate_stats_c(tokens, min_tf)
        return _speedups.select_keywords(rows, phrases, n, min_tf, max_keywords, tokens.keyword_words)
    words, counts, first, last, capitalised, phrases = candidate_stats_numpy(tokens, min_tf)
    rows = list(zip(words.tolist(), counts.tolist(), first.tolist(), last.tolist(), capitalised.tolist()))
    return select_keywords_py(rows, phrases.tolist(), n, min_tf, max_keywords, tokens.keyword_words)


def select_keywords_py(
    rows: list[tuple[int, int, int, int, int]],
    phrases: list[list[int]],
    n_tokens: int,
    min_tf: int,
    limit: int,
    keyword_words: list[str],
) -> list[str]:
    """Score the candidates of :func:`candidate_stats_numpy` and pick the ``limit`` best.

    The reference for ``select_keywords`` in ``etl/enrich/_speedups.c``: the same double arithmetic in
    the same order (``math.log1p``/``math.log2`` are libm's), candidates ordered by score, then
    text; a candidate that is a contiguous part of a chosen one, or contains one, is skipped
    (keyword words hold no spaces and distinct rows are distinct words, so this is the
    ``" castro "`` in ``" fidel castro "`` test on word rows).
    """
    inv_n = 1.0 / n_tokens
    weights: list[float] = []
    candidates: list[tuple[float, tuple[int, ...]]] = []
    for r, (_, count, first_at, last_at, capitalised) in enumerate(rows):
        first = first_at * inv_n
        spread = last_at * inv_n - first
        share = capitalised / count
        value = math.log1p(count)
        value = value * (1.0 + spread)
        value = value * (1.0 + 1.0 / math.log2(2.0 + 20.0 * first))
        value = value * (1.0 + 0.5 * min(share, 1.0))
        weights.append(value)
        if count >= min_tf:
            candidates.append((value, (r,)))
    for a, b, c, count in phrases:
        if c < 0:
            candidates.append((math.log1p(count) * ((weights[a] + weights[b]) / 2) * _BIGRAM_BONUS, (a, b)))
        else:
            mean = (weights[a] + weights[b] + weights[c]) / 3
            candidates.append((math.log1p(count) * mean * _TRIGRAM_BONUS, (a, b, c)))

    def text(candidate: tuple[int, ...]) -> str:
        return " ".join(keyword_words[rows[r][0]] for r in candidate)

    chosen: list[str] = []
    picked: list[tuple[int, ...]] = []
    for _, candidate in sorted(candidates, key=lambda item: (-item[0], text(item[1]))):
        if any(_contains(other, candidate) or _contains(candidate, other) for other in picked):
            continue
        chosen.append(text(candidate))
        picked.append(candidate)
        if len(chosen) == limit:
            break
    return chosen


def _contains(outer: tuple[int, ...], inner: tuple[int, ...]) -> bool:
    """Whether ``inner`` is a contiguous part of ``outer``."""
    k = len(inner)
    return any(outer[i : i + k] == inner for i in range(len(outer) - k + 1))


def candidate_stats(
    tokens: Tokens, min_tf: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Counts behind the keyword weights, from :mod:`etl.enrich._speedups` if built, else :func:`candidate_stats_numpy`."""
    if _speedups is None:
        return candidate_stats_numpy(tokens, min_tf)
    rows, phrases = _candidate_stats_c(tokens, min_tf)
    table = np.frombuffer(rows, dtype=np.int64).reshape(-1, 5)
    return (*table.T, np.frombuffer(phrases, dtype=np.int64).reshape(-1, 4))  # type: ignore[return-value]


def _candidate_stats_c(tokens: Tokens, min_tf: int) -> tuple[bytes, bytes]:
    """``etl/enrich/_speedups.c`` keyword_stats: int64 records (word, count, first, last, capitalised) and
    (a, b, c, count), the layout :func:`candidate_stats_numpy` returns as arrays."""
    return _speedups.keyword_stats(tokens.ids, tokens.tables.keyword, min_tf)  # type: ignore[union-attr]


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
    word_of_token = t.keyword_ids(ids)
    positions = (word_of_token >= 0).nonzero()[0]
    if not len(positions):
        empty = positions[:0].astype(np.int64)
        return empty, empty, empty, empty, empty, empty.reshape(0, 4)
    words, inverse, counts, order, start_at = _group(word_of_token[positions])
    first = positions[order[start_at]]
    last = positions[order[start_at + counts - 1]]
    capitalised = np.bincount(inverse, weights=t.capitalised(ids[positions]), minlength=len(words)).astype(np.int64)
    kept = counts >= min_tf
    size = len(words)

    # Bigrams and trigrams are grouped in one pass: a bigram (a, b) is keyed size³ + a·size + b,
    # a trigram (a, b, c) a·size² + b·size + c, so the two never collide.
    kept_occurrence = kept[inverse]
    at = positions[kept_occurrence]
    row_at = inverse[kept_occurrence]
    token_at = ids[at]
    linked = (at[1:] == at[:-1] + 1) & ~t.break_after(token_at[:-1]) & ~t.break_before(token_at[1:])
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
