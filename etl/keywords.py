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
import re
from collections import Counter
from itertools import accumulate, compress

STOPWORDS = frozenset(
    """
    a about above across after afterwards again against all almost alone along already also although always am
    among amongst an and another any anyhow anyone anything anyway anywhere are around as at back be became
    because become becomes been before beforehand behind being below beside besides between beyond both but by
    can cannot could did do does doing done down due during each eg either else elsewhere enough etc even ever
    every everyone everything everywhere except few first for former formerly from further get gets getting
    give given go going got had has have having he hence her here hereby herein hers herself him himself his
    how however i ie if in including indeed instead into is it its itself just last latter least less like
    made make makes making many may me meanwhile might mine more moreover most mostly much must my myself
    namely neither never nevertheless new next no nobody none noone nor not nothing now nowhere of off often
    on once one only onto or other others otherwise our ours ourselves out over own part per perhaps please
    put quite rather re really said same say says see seem seemed seems several she should show since so
    some somehow someone something sometime sometimes somewhere still such take than that the their theirs
    them themselves then thence there thereafter thereby therefore therein these they this those though
    through throughout thru thus to together too took toward towards under until up upon us use used very
    via was way we well were what whatever when whence whenever where whereas whereby wherein whether which
    while who whoever whole whom whose why will with within without would yet you your yours yourself
    yourselves mr mrs ms dr told added year years time times two three four five six seven eight nine ten
    week weeks month months day days people told including according around told want wants wanted going
    lot lots good bad big small high low new old able told it's that's there's he's she's we're they're
    don't doesn't didn't can't won't isn't wasn't aren't i'm i've we've they've you're let let's s t
    """.split()
)

# Clause punctuation becomes a stand-alone "|" token so that phrases never cross it.
# (A regex substitution: str.translate with multi-character replacements is ~6× slower.)
_PUNCT_RE = re.compile(r"[.,;:!?()\[\]\"“”—–]+")
_CAPITALISED_RE = re.compile(r"[A-Z][^\sA-Z]*")


def _add_grams(words: list[str], grams: list[str]) -> None:
    """Append the bigrams and trigrams of one run of candidate words to ``grams``."""
    if len(words) == 2:
        grams.append(f"{words[0]} {words[1]}")  # the run is its only bigram, and has no trigram
        return
    grams += map(" ".join, zip(words, words[1:]))
    grams += map(" ".join, zip(words, words[1:], words[2:]))


def extract_keywords(text: str, max_keywords: int = 10) -> list[str]:
    """Top ``max_keywords`` lower-case keyphrases of ``text``, best first.

    Every pass over all tokens is a C-level one (regex substitution, ``split``,
    ``Counter``, ``zip``/``dict``, ``accumulate``); Python only loops over distinct
    words that occur at least twice (all distinct words for short texts) and over
    runs of two or more such words.
    """
    if max_keywords <= 0 or not text:
        return []
    lowered = text.lower().replace("’", "'").replace("'s ", " ")
    lowered = _PUNCT_RE.sub(" | ", lowered)
    tokens = lowered.split()
    n = len(tokens)
    if not n:
        return []
    tf = Counter(tokens)
    min_tf = 2 if len(tf) > 60 else 1
    stop = STOPWORDS
    if min_tf > 1:
        candidates = [w for w, c in tf.items() if c >= min_tf and w not in stop and len(w) >= 3 and w[0].isalpha()]
    else:
        candidates = [w for w in tf if w not in stop and len(w) >= 3 and w[0].isalpha()]
    # Positions are character offsets in the padded token stream " t0 t1 ... " (the offset of the
    # space before a token, as ``str.find(" word ")`` would give), but computed without searching:
    # one C-level pass marks the tokens that are candidates, Python walks only those positions
    # (a few per candidate), and token offsets come from running sums of token lengths.
    if not candidates:
        return []
    is_candidate = dict.fromkeys(candidates).__contains__
    positions = list(compress(range(n), map(is_candidate, tokens)))
    at = [tokens[i] for i in positions]
    last_at = dict(zip(at, positions))
    first_at = dict(zip(reversed(at), reversed(positions)))
    offsets = list(accumulate(map(len, tokens), initial=0))
    size = offsets[n] + n + 1
    # Capitalised occurrences: an ASCII "Word" can only occur at the start of a capitalised
    # segment (an A-Z letter and the non-space, non-A-Z characters after it), so counting
    # in the segments alone (a fraction of the text) gives the same count as in the text.
    segments = " ".join(_CAPITALISED_RE.findall(text))
    log1p, log2 = math.log1p, math.log2
    weights: dict[str, float] = {}
    for word in candidates:
        count = tf[word]
        i, j = first_at[word], last_at[word]
        first = (offsets[i] + i) / size
        last = (offsets[j] + j) / size
        capital = word.capitalize()
        capitalised = (segments if capital.isascii() else text).count(capital)
        spread = last - first
        position = 1.0 / log2(2.0 + 20.0 * first)
        casing = min(1.0, capitalised / count)
        weights[word] = log1p(count) * (1.0 + spread) * (1.0 + position) * (1.0 + 0.5 * casing)
    scored: list[tuple[float, str]] = [(w, word) for word, w in weights.items()]

    # Runs of consecutive candidate words, from the same candidate positions.
    grams: list[str] = []
    run: list[str] = []
    previous = -2
    for i, word in zip(positions, at):
        if i != previous + 1:
            if len(run) > 1:
                _add_grams(run, grams)
            run = [word]
        else:
            run.append(word)
        previous = i
    if len(run) > 1:
        _add_grams(run, grams)
    for phrase, count in Counter(grams).items():
        if count >= 2:
            parts = phrase.split()
            bonus = 1.6 if len(parts) == 2 else 1.8
            scored.append((log1p(count) * sum(weights[p] for p in parts) / len(parts) * bonus, phrase))
    scored.sort(key=lambda item: (-item[0], item[1]))

    chosen: list[str] = []
    padded_chosen: list[str] = []
    for _, candidate in scored:
        padded = f" {candidate} "
        if any(padded in c or c in padded for c in padded_chosen):
            continue
        chosen.append(candidate)
        padded_chosen.append(padded)
        if len(chosen) >= max_keywords:
            break
    return chosen
