"""Keyphrases of a news article: whole names and noun phrases of 1–4 words, most important first.

Rules (issue 13). Each was kept because it raised F1@10 on the dev split of the project's BBC
keyphrase set, or is a junk class of the issue; ``make bench-keywords`` measures them against YAKE:

* **Candidates** are maximal noun-phrase-like runs of the title's and the body's tokens, read from
  the shared token tables (:mod:`etl.enrich.vocab`, whose :func:`~etl.enrich.vocab.keyword_core`
  decides each distinct token once): candidate words not separated by clause punctuation or a
  possessive. A run never holds a stopword, a number, a weekday or month name, a unit or currency
  abbreviation, a corporate suffix, or, written lower-case, a verb form, a vague adjective or a
  generic reporting word (:mod:`etl.enrich.keyword_lexicon`): those end it.
* **Names stay whole.** A run does not mix Capitalised and lower-case words ("Bank of England
  governor Mervyn King" gives "bank of england" and "mervyn king"), except that a sentence's first
  word takes the case of the next ("Interest rates"). ``of`` and ``of the`` join Capitalised words
  ("Pirates of the Caribbean"); a name particle joins the Capitalised word after it ("New York",
  "Theo van Gogh", "De Beers"), so no fragment such as "york" is left. A Capitalised title sheds
  what is before it when a name of two or more words follows ("Prime Minister Ephraim Inoni" →
  "ephraim inoni"; "General Motors" stays). A run longer than four words keeps its last four (the
  head of an English noun phrase is at its end). Tried and dropped: letting a nationality word open
  a lower-case phrase ("Palestinian economy"): 0.468 → 0.463 on dev.
* **Scores.** An occurrence at body token ``t`` weighs ``1 / (1 + t / POSITION_SCALE)``
  (PositionRank-style: earlier is better); the headline adds :data:`TITLE_WEIGHT` to every
  candidate it holds, and its own runs of up to two words are candidates (a longer headline run is
  a clause, "Mild winter drives US oil down"). Phrases that differ only in number are one
  candidate ("interest rate(s)"), written as first seen. A candidate's part seen elsewhere in the
  text counts for the longest Capitalised candidate holding it ("Davenport" for "Lindsay
  Davenport", "festival" for "Berlin Film Festival"). Score = weight × :data:`LENGTH_PRIOR` by
  word count (1.0 / 1.5 / 1.6 / 1.5: the gold is 38 % one-word, 47 % two-word). Tried and dropped:
  adding the mean weight of the words (PositionRank's word scores): no gain on dev.
* **Selection.** Best score first (ties: the one seen first); a word that is no topic alone (generic and vague
  nouns: "President", "plans", "government") is skipped, and so is a candidate contained in,
  containing, or overlapping end to start a chosen one ("national hurricane" / "hurricane
  center"). Output is lower-case, possessive ``'s`` dropped.

Speed: finding the runs and grouping them into weighted candidates is ``keyword_candidates`` in
``etl/enrich/_speedups.c`` when built, else :func:`candidates_python` over :func:`bounds_numpy`;
both give identical candidates (integer run logic, the same double operations in the same order;
tests compare them on the BBC corpus and by hypothesis). Only the :data:`SINGLE_CANDIDATES`
heaviest one-word candidates (plus parts of longer ones) reach the Python that merges, scores and
selects (~40 candidates per article). Cost ≈ 0.12 ms per BBC article alone, ≈ 0.17 ms inside
enrich on a loaded machine (BENCHMARKS.md, "Keywords (issue 13)").

Why not the ``yake`` package: ~20–57 ms per article here, lower F1 on the dev set (both in one
``make bench-keywords`` run), and it pulls in networkx, jellyfish and segtok.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from etl.enrich.keyword_lexicon import GENERIC_WORDS, VAGUE_NOUNS
from etl.enrich.lexicon import STOPWORDS
from etl.enrich.vocab import (
    _FLAG_SHIFT,
    _FOLD_SHIFT,
    JOIN_OF,
    JOIN_THE,
    PARTICLE,
    SENTENCE_END,
    TITLE,
    VERBISH,
    Tables,
    Tokens,
)

try:
    from etl.enrich import _speedups
except ImportError:  # not built (no C compiler at install): bounds_numpy() gives the same runs
    _speedups = None

if TYPE_CHECKING:
    from array import array

    import numpy as np

__all__ = ["STOPWORDS", "bounds_numpy", "candidates_python", "extract_keywords", "keywords_of"]

MAX_WORDS = 4
SINGLE_CANDIDATES = 14
POSITION_SCALE = 100.0
TITLE_WEIGHT = 1.5
TITLE_MAX_WORDS = 2
LENGTH_PRIOR = (0.0, 1.0, 1.5, 1.6, 1.5)
_NONE = 0xFFFFFFFF
# (numpy is imported by the reference path only, bounds_numpy(): the fast path is the C kernel.)
_NOT_CONTENT = JOIN_OF | JOIN_THE | PARTICLE
_NOT_ALONE = GENERIC_WORDS | VAGUE_NOUNS


def extract_keywords(text: str, max_keywords: int = 10, title: str = "") -> list[str]:
    """Top ``max_keywords`` lower-case keyphrases of ``text`` (with its ``title``), best first."""
    if max_keywords <= 0 or not text:
        return []
    return keywords_of(Tokens.of(text), max_keywords, Tokens.of(title) if title else None)


def _joined(tokens: Tokens, title: Tokens | None) -> tuple[array, Tables, int]:
    """Title and body ids as one array, the tables that describe them, and the title's length: one
    pass over both, so the fixed cost of each array operation is paid once per article."""
    if title is None or not len(title) or title.keyword_words is not tokens.keyword_words:
        return tokens.ids, tokens.tables, 0  # (a vocabulary that started over in between: body only)
    # Same vocabulary generation: the later, possibly grown, tables describe both.
    tables = max(tokens.tables, title.tables, key=lambda t: len(t.keyword))
    return title.ids + tokens.ids, tables, len(title)


def bounds_numpy(ids: array | np.ndarray, tables: Tables, offset: int) -> np.ndarray:
    """(start, end, Capitalised-inside-a-sentence) of every run, one int64 row each, in text order,
    positions relative to the body (title runs negative): the module docstring's run rules, as
    ``keyword_candidates`` (``etl/enrich/_speedups.c``) finds them."""
    import numpy as np

    n = len(ids)
    if not n:
        return np.zeros((0, 3), dtype=np.int64)
    _MASK, _CAP = np.uint64(_NONE), np.uint64(1 << 32)  # noqa: N806 - the record's fields, as in vocab
    _BEFORE, _AFTER = np.uint64(1 << 33), np.uint64(1 << 34)  # noqa: N806
    record = tables.records(ids)
    kid = record & _MASK
    flags = ((record >> _FLAG_SHIFT) & 0x3F).astype(np.int64)
    cap = (record & _CAP) != 0
    is_of, is_the = (flags & JOIN_OF) != 0, (flags & JOIN_THE) != 0
    particle = (flags & PARTICLE) != 0
    initial = np.empty(n, dtype=np.bool_)
    initial[0] = True
    initial[1:] = (flags[:-1] & SENTENCE_END) != 0
    # open_[t]: no clause punctuation between token t and t + 1 (nor the end of the title).
    open_ = ((record[:-1] & _AFTER) == 0) & ((record[1:] & _BEFORE) == 0)
    if 0 < offset < n:
        initial[offset] = True
        open_[offset - 1] = False
    content = (kid != _NONE) & ((flags & _NOT_CONTENT) == 0) & ~(initial & ((flags & VERBISH) != 0))
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
    linked = np.zeros(n + 1, dtype=np.bool_)
    linked[1:n] = valid[:-1] & valid[1:] & open_ & ((proper[:-1] == proper[1:]) | (initial & capital)[:-1])
    starts = np.flatnonzero(valid & ~linked[:n])
    ends = np.flatnonzero(valid & ~linked[1:]) + 1
    mid_capital = capital & ~initial
    titled = np.flatnonzero(((flags & TITLE) != 0) & cap).tolist()
    out = np.empty((len(starts), 3), dtype=np.int64)
    out[:, 0], out[:, 1] = starts, ends
    out[:, 2] = mid_capital[starts]
    for r in np.flatnonzero(ends - starts > 1).tolist():  # only longer runs can shed, be cut or hold more
        s, e = int(starts[r]), int(ends[r])
        if titled:
            s = _shed_title(s, e, titled, initial, content)
        if e - s > MAX_WORDS:
            s = e - MAX_WORDS
            while not content[s]:  # a cut run does not open on "of", "the" or a particle
                s += 1
        out[r, 0], out[r, 2] = s, mid_capital[s:e].any()
    out[:, :2] -= offset
    return out


_Found = list[tuple[tuple[int, ...], float, int, int]]
_TitleRuns = list[tuple[tuple[int, ...], int]]


def _candidates(ids: array, tables: Tables, offset: int) -> tuple[_Found, _TitleRuns]:
    """The body's runs grouped by their words' plural-folded ids, in first-seen order: (key, weight,
    Capitalised-inside-a-sentence votes, first token index into ``ids``); and the title's runs, (key,
    first token index). ``keyword_candidates`` of ``etl/enrich/_speedups.c`` if built, else
    :func:`candidates_python`; the two are identical (the same double operations in the same order)."""
    if _speedups is None:
        return candidates_python(ids, tables, offset)
    return _speedups.keyword_candidates(ids, tables.keyword, offset, MAX_WORDS, POSITION_SCALE, SINGLE_CANDIDATES)


def candidates_python(ids: array | np.ndarray, tables: Tables, offset: int) -> tuple[_Found, _TitleRuns]:
    """The reference for ``keyword_candidates`` (``etl/enrich/_speedups.c``), from :func:`bounds_numpy`:
    an occurrence at body token ``t`` weighs ``1 / (1 + t / POSITION_SCALE)``, summed in text order.
    Only the heaviest one-word candidates can make the list, and parts of longer ones can count for
    them: the rest is dropped here (a threshold, not a rank: ties stay together)."""
    folded = tables.folded_ids(ids).tolist()
    grouped: dict[tuple[int, ...], list] = {}
    title_runs = []
    for start, end, mid in bounds_numpy(ids, tables, offset).tolist():
        key = tuple(folded[start + offset : end + offset])
        if start < 0:
            title_runs.append((key, start + offset))
            continue
        weight = 1.0 / (1.0 + start / POSITION_SCALE)
        entry = grouped.get(key)
        if entry is None:
            grouped[key] = [weight, mid, start + offset]
        else:
            entry[0] += weight
            entry[1] += mid
    singles = sorted((entry[0] for key, entry in grouped.items() if len(key) == 1), reverse=True)
    floor = singles[min(len(singles), SINGLE_CANDIDATES) - 1] if singles else 0.0
    in_names = {k for key in grouped if len(key) > 1 for k in key}
    found = [
        (key, weight, votes, first)
        for key, (weight, votes, first) in grouped.items()
        if len(key) > 1 or weight >= floor or key[0] in in_names
    ]
    return found, title_runs


def _shed_title(s: int, e: int, titled: list[int], initial: np.ndarray, content: np.ndarray) -> int:
    """Where a run starts once a title or role before a name is shed: when a name of 2+ words follows
    ("Prime Minister Ephraim Inoni", "Carib Chief Charles Williams"; "Prince of Wales", "General
    Motors" stay), or any name when the title opens a sentence ("Rapper Eminem")."""
    for t in reversed(titled):
        if t < s:
            break
        if t < e - 1 and content[t + 1] and (t < e - 2 or initial[t]):
            return t + 1
    return s


def keywords_of(tokens: Tokens, max_keywords: int = 10, title: Tokens | None = None) -> list[str]:
    """:func:`extract_keywords` of an already tokenised body (and title)."""
    if max_keywords <= 0 or not len(tokens):
        return []
    ids, tables, offset = _joined(tokens, title)
    words = tokens.keyword_words
    # A candidate is keyed by its words' plural-folded ids ("interest rate(s)" are one) and written as
    # first seen. stats: key -> [weight, Capitalised-inside-a-sentence votes, first token index].
    found, title_runs = _candidates(ids, tables, offset)
    stats: dict[tuple[int, ...], list] = {key: [weight, votes, first] for key, weight, votes, first in found}
    _add_title(title_runs, stats)
    keyword = tables.keyword

    def text(key: tuple[int, ...]) -> str:
        # Only the ~10 chosen phrases are written out: their tokens' records, not the whole text's.
        at = stats[key][2]
        return " ".join([words[int(keyword[i]) & _NONE] for i in ids[at : at + len(key)].tolist()])

    _merge_name_parts(stats)
    prior = LENGTH_PRIOR
    # Ties go to the candidate seen first: a token index, unlike an id, is the same in every process.
    # (A list, not a generator, into sorted(): ~38 candidates per BBC article, 0.02 ms less per 100.)
    scored = sorted([
        (-entry[0] * prior[len(key)], entry[2], key)
        for key, entry in stats.items()
        if len(key) > 1 or words[key[0]] not in _NOT_ALONE
    ])  # fmt: skip
    chosen: list[str] = []
    covered: set[tuple[int, ...]] = set()  # every contiguous part of a chosen phrase
    heads: set[tuple[int, ...]] = set()  # proper prefixes of chosen phrases
    tails: set[tuple[int, ...]] = set()  # proper suffixes of chosen phrases
    picked: set[tuple[int, ...]] = set()
    for _, _, key in scored:
        if key in covered:
            continue  # part of a chosen phrase
        if len(key) > 1:
            parts = _parts(key)
            if not picked.isdisjoint(parts) or any(key[:k] in tails or key[-k:] in heads for k in range(1, len(key))):
                continue  # it contains a chosen phrase, or overlaps one end to start
            covered.update(parts)
            heads.update([key[:k] for k in range(1, len(key))])
            tails.update([key[-k:] for k in range(1, len(key))])
        else:
            covered.add(key)
        picked.add(key)
        chosen.append(text(key))
        if len(chosen) == max_keywords:
            break
    return chosen


def _parts(key: tuple[int, ...]) -> list[tuple[int, ...]]:
    """Every contiguous part of ``key``, itself included."""
    return [key[i:j] for i in range(len(key)) for j in range(i + 1, len(key) + 1)]


def _add_title(title_runs: _TitleRuns, stats: dict[tuple[int, ...], list]) -> None:
    """The headline's weight: every body candidate it holds, and its own runs of up to
    :data:`TITLE_MAX_WORDS` words (a longer one is a headline's clause, not a phrase)."""
    for key, start in title_runs:
        for i in range(len(key)):
            for j in range(i + 1, len(key) + 1):
                part = key[i:j]
                entry = stats.get(part)
                if entry is None:
                    if j - i < len(key) or len(key) > TITLE_MAX_WORDS:
                        continue
                    entry = stats[part] = [0.0, 0, start]
                entry[0] += TITLE_WEIGHT
                entry[1] += True  # a headline is no evidence of case: Capitalised by style


def _merge_name_parts(stats: dict[tuple[int, ...], list]) -> None:
    """A part of a longer Capitalised candidate in the same text counts for it (the longest, then the
    heaviest, then the first seen) and is dropped, whatever its own case: "Davenport" → "Lindsay
    Davenport", "Bank" → "Bank of England", "festival" → "Berlin Film Festival". Parts are merged
    shortest first, then in text order."""
    homes: dict[tuple[int, ...], list[tuple[int, ...]]] = {}
    for key, entry in stats.items():
        if entry[1] and len(key) > 1:
            for i in range(len(key)):
                for j in range(i + 1, len(key) + (i > 0)):  # proper parts only
                    part = key[i:j]
                    if part in stats:
                        homes.setdefault(part, []).append(key)
    for part in sorted(homes, key=lambda k: (len(k), stats[k][2])):
        places = [name for name in homes[part] if name in stats]
        if places:
            home = min(places, key=lambda name: (-len(name), -stats[name][0], stats[name][2]))
            stats[home][0] += stats.pop(part)[0]
