"""Keyphrases of a news article: whole names and noun phrases of 1–4 words, most important first.

Rules (issue 13; measured on the BBC keyphrase dev set, ``make bench-keywords``):

* **Candidates** are maximal noun-phrase-like runs of the body's and the title's tokens, read from
  the shared token tables (:mod:`etl.enrich.vocab`, whose :func:`~etl.enrich.vocab.keyword_core`
  decides each distinct token once): runs of candidate words not separated by clause punctuation
  or a possessive. A run never holds a stopword, a number, a weekday or month name, a unit or
  currency abbreviation, a corporate suffix, or, written lower-case, a verb form, a vague
  adjective or a generic reporting word (:mod:`etl.enrich.keyword_lexicon`): those end it.
* **Names stay whole.** A run does not mix Capitalised and lower-case words ("Bank of England
  governor Mervyn King" gives "bank of england" and "mervyn king"), except that a sentence's first
  word takes the case of the next one ("Interest rates") and a nationality-like word opens a
  lower-case phrase ("Palestinian economy"). ``of`` and ``of the`` join Capitalised words
  ("Pirates of the Caribbean") and a name particle joins the Capitalised word after it ("New
  York", "Theo van Gogh", "De Beers"), so no fragment such as "york" is left over. A run longer
  than four words keeps its last four (the head of an English noun phrase is at its end).
* **Scores.** Each occurrence weighs ``1 / (1 + position / POSITION_SCALE)`` (position = token
  index in the body: earlier is better, PositionRank-style); an occurrence in the title weighs
  :data:`TITLE_WEIGHT`. Phrases that differ only in number are one candidate ("interest rate(s)").
  A candidate's score is its occurrences' weight plus :data:`WORD_SHARE` × the mean weight of its
  words wherever they occur, times a length prior (:data:`LENGTH_PRIOR`). A surname or other part
  of a longer name seen in the same text counts for the name ("Davenport" for "Lindsay
  Davenport"). A Capitalised generic word ("President", "Group") never stands alone.
* **Selection.** Best score first (ties by text); a candidate that is contained in, contains, or
  overlaps the end of a chosen one ("national hurricane" / "hurricane center") is skipped.
  Output is lower-case, possessive ``'s`` dropped, in the surface form seen most often.

Pure Python over numpy run boundaries (:func:`runs`): the C keyword kernel of earlier versions was
dropped, as this path costs ~0.1 ms per BBC article and the stage stays within its budget
(BENCHMARKS.md, "Keywords (issue 13)").

Why not the ``yake`` package: ~20–35 ms per article and pulls in networkx, jellyfish and segtok; on
the dev set it also scores lower (``make bench-keywords`` runs both side by side).
"""

from __future__ import annotations

import numpy as np

from etl.enrich.keyword_lexicon import GENERIC_WORDS, PARTICLES, VAGUE_NOUNS
from etl.enrich.lexicon import STOPWORDS
from etl.enrich.vocab import DEMONYM, JOIN_OF, JOIN_THE, PARTICLE, SENTENCE_END, TITLE, VERBISH, Tokens

__all__ = ["STOPWORDS", "extract_keywords", "keywords_of", "runs"]

MAX_WORDS = 4
POSITION_SCALE = 100.0
TITLE_WEIGHT = 1.5
TITLE_MAX_WORDS = 2
DEMONYM_LINK = False
WORD_SHARE = 0.25
LENGTH_PRIOR = (0.0, 1.0, 1.5, 1.6, 1.5)
_MASK, _NONE = np.uint64(0xFFFFFFFF), 0xFFFFFFFF
_CAP, _BEFORE, _AFTER = np.uint64(1 << 32), np.uint64(1 << 33), np.uint64(1 << 34)
_JOINERS = frozenset(("of", "the", "new")) | PARTICLES


def extract_keywords(text: str, max_keywords: int = 10, title: str = "") -> list[str]:
    """Top ``max_keywords`` lower-case keyphrases of ``text`` (with its ``title``), best first."""
    if max_keywords <= 0 or not text:
        return []
    return keywords_of(Tokens.of(text), max_keywords, Tokens.of(title) if title else None)


def runs(tokens: Tokens) -> list[tuple[int, tuple[int, ...], bool]]:
    """The candidate runs of ``tokens`` (module docstring): (first token index, keyword ids, whether
    a word of it is written Capitalised inside a sentence), in text order."""
    n = len(tokens)
    if not n:
        return []
    record = tokens.tables.keyword[tokens.ids]
    kid = record & _MASK
    flags = tokens.tables.flags(tokens.ids)
    word = kid != _NONE
    cap = (record & _CAP) != 0
    is_of, is_the = (flags & JOIN_OF) != 0, (flags & JOIN_THE) != 0
    particle = (flags & PARTICLE) != 0
    initial = np.empty(n, dtype=np.bool_)
    initial[0] = True
    initial[1:] = (flags[:-1] & SENTENCE_END) != 0
    content = word & ~(is_of | is_the | particle) & ~(initial & ((flags & VERBISH) != 0))
    # open_[t]: no clause punctuation between token t and t + 1.
    open_ = ((record[:-1] & _AFTER) == 0) & ((record[1:] & _BEFORE) == 0)
    capital = content & cap
    next_capital = np.zeros(n, dtype=np.bool_)
    next_capital[:-1] = capital[1:] & open_
    previous_capital = np.zeros(n, dtype=np.bool_)
    previous_capital[1:] = capital[:-1] & open_
    # A particle joins a Capitalised word or another particle before one ("van den Bergh").
    particle_ok = particle & next_capital
    particle_ok[:-1] |= particle[:-1] & particle_ok[1:] & open_
    next_the = np.zeros(n, dtype=np.bool_)
    next_the[:-2] = is_the[1:-1] & open_[:-1] & next_capital[1:-1]
    of_ok = is_of & previous_capital & (next_capital | next_the)
    the_ok = np.zeros(n, dtype=np.bool_)
    the_ok[1:] = is_the[1:] & of_ok[:-1] & open_ & next_capital[1:]
    joiner = particle_ok | of_ok | the_ok
    valid = content | joiner
    proper = cap | joiner
    neutral = initial & cap & content
    link = valid[:-1] & valid[1:] & open_ & ((proper[:-1] == proper[1:]) | neutral[:-1])
    if DEMONYM_LINK:
        # A nationality-like word opens a lower-case phrase, when it does not end a name itself.
        demonym = ((flags[:-1] & DEMONYM) != 0) & cap[:-1] & ~cap[1:] & valid[1:] & open_
        demonym[1:] &= ~link[:-1]
        link |= demonym
    linked = np.zeros(n + 1, dtype=np.bool_)
    linked[1:n] = link
    starts = np.flatnonzero(valid & ~linked[:n]).tolist()
    ends = np.flatnonzero(valid & ~linked[1:]).tolist()
    kids = kid.astype(np.int64).tolist()
    mid_capital = (capital & ~initial).tolist()
    titled = (((flags & TITLE) != 0) & cap).tolist()
    contents = content.tolist()
    starts_sentence = initial.tolist()
    out = []
    for s, e in zip(starts, ends):
        e += 1
        # A title or role sheds everything up to it when a name of 2+ words follows ("Prime Minister
        # Ephraim Inoni", "Carib Chief Charles Williams"; "Prince of Wales", "General Motors" stay), or
        # any name when it opens a sentence ("Rapper Eminem").
        for t in range(e - 2, s - 1, -1):
            if titled[t] and contents[t + 1] and (t < e - 2 or starts_sentence[t]):
                s = t + 1
                break
        if e - s > MAX_WORDS:
            s = e - MAX_WORDS
            while s < e and not content[s]:  # a cut run does not open on "of", "the" or a particle
                s += 1
        out.append((s, tuple(kids[s:e]), any(mid_capital[s:e])))
    return out


def keywords_of(tokens: Tokens, max_keywords: int = 10, title: Tokens | None = None) -> list[str]:
    """:func:`extract_keywords` of an already tokenised body (and title)."""
    if max_keywords <= 0 or not len(tokens):
        return []
    words, folded = tokens.keyword_words, tokens.keyword_folded
    # key (plural-folded words) -> [occurrence weight, Capitalised-inside-a-sentence votes, surface variants]
    stats: dict[str, list] = {}
    word_weight: dict[str, float] = {}
    for start, ids, mid in runs(tokens):
        weight = 1.0 / (1.0 + start / POSITION_SCALE)
        key = " ".join([folded[i] for i in ids])
        entry = stats.get(key)
        if entry is None:
            entry = stats[key] = [0.0, 0, {}]
        entry[0] += weight
        entry[1] += mid
        surface = entry[2]
        surface[ids] = surface.get(ids, 0) + 1
        for i in ids:
            w = folded[i]
            word_weight[w] = word_weight.get(w, 0.0) + weight
    if title is not None:
        _add_title(title, stats, word_weight, folded)
    keys = {key: tuple(key.split()) for key in stats}
    _merge_name_parts(stats, keys)
    scored = []
    for key, (weight, _, surface) in stats.items():
        parts = keys[key]
        content = [w for w in parts if w not in _JOINERS]
        if not content or (len(parts) == 1 and (content[0] in GENERIC_WORDS or content[0] in VAGUE_NOUNS)):
            continue
        mean = sum(word_weight[w] for w in content) / len(content)
        score = (weight + WORD_SHARE * mean) * LENGTH_PRIOR[min(len(parts), MAX_WORDS)]
        best = max(surface.items(), key=lambda item: item[1])[0]
        scored.append((-score, key, " ".join(words[i] for i in best)))
    scored.sort()
    chosen: list[str] = []
    picked: list[tuple[str, ...]] = []
    for _, key, text in scored:
        parts = keys[key]
        if any(_clash(parts, other) for other in picked):
            continue
        chosen.append(text)
        picked.append(parts)
        if len(chosen) == max_keywords:
            break
    return chosen


def _add_title(title: Tokens, stats: dict[str, list], word_weight: dict[str, float], folded: list[str]) -> None:
    """The headline's weight: every body candidate it holds, and its own runs of up to
    :data:`TITLE_MAX_WORDS` words (a longer one is a headline's clause, not a phrase)."""
    for _, ids, mid in runs(title):
        parts = [folded[i] for i in ids]
        for w in set(parts):
            word_weight[w] = word_weight.get(w, 0.0) + TITLE_WEIGHT
        for i in range(len(parts)):
            for j in range(i + 1, len(parts) + 1):
                key = " ".join(parts[i:j])
                entry = stats.get(key)
                if entry is None and (j - i < len(parts) or len(parts) > TITLE_MAX_WORDS):
                    continue
                if entry is None:
                    entry = stats[key] = [0.0, 0, {ids: 1}]
                entry[0] += TITLE_WEIGHT
                entry[1] += mid


def _merge_name_parts(stats: dict[str, list], keys: dict[str, tuple[str, ...]]) -> None:
    """A Capitalised candidate that is part of a longer Capitalised one in the same text counts for it
    (the longest, then the heaviest, then the first by text) and is dropped: "Davenport" → "Lindsay
    Davenport", "Bank" → "Bank of England"."""
    names = [key for key, entry in stats.items() if entry[1] and len(keys[key]) > 1]
    # A part counts for a name whatever its case ("festival" → "berlin film festival").
    if not names:
        return
    for key in sorted(stats, key=lambda k: len(keys[k])):
        entry = stats[key]
        parts = keys[key]
        if len(parts) >= MAX_WORDS:
            continue
        homes = [name for name in names if len(keys[name]) > len(parts) and _contains(keys[name], parts)]
        if homes:
            home = min(homes, key=lambda name: (-len(keys[name]), -stats[name][0], name))
            stats[home][0] += entry[0]
            del stats[key]
            names = [name for name in names if name != key]


def _contains(outer: tuple[str, ...], inner: tuple[str, ...]) -> bool:
    """Whether ``inner`` is a contiguous part of ``outer``."""
    k = len(inner)
    return any(outer[i : i + k] == inner for i in range(len(outer) - k + 1))


def _clash(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Whether one phrase contains the other or they overlap end to start ("national hurricane" / "hurricane center")."""
    if _contains(a, b) or _contains(b, a):
        return True
    return any(a[-k:] == b[:k] or b[-k:] == a[:k] for k in range(1, min(len(a), len(b))))
