"""Statistical keyword extraction in the spirit of YAKE/RAKE, built for speed.

Candidates are unigrams, bigrams and trigrams of consecutive non-stopwords
that do not cross punctuation. A word's weight grows with its frequency, with
how far it spreads over the text (first and last occurrence apart), with how
early it first appears, and with how often it is capitalised mid-sentence
(proper nouns); a phrase weighs its frequency times its words' mean weight,
and phrases must occur at least twice. The best candidates win, skipping any
already covered by (contained in, or containing) a better one. Output is
lower-case.

Why not the ``yake`` package: measured on the BBC corpus it takes ~35 ms per
article here (≈350× the 0.1 ms budget of this stage) and pulls in numpy,
networkx, jellyfish and segtok.
"""

from __future__ import annotations

import math
import re

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

_TOKEN_RE = re.compile(r"[^\W\d_][\w'’-]*|[.,;:!?()\[\]\"“”—–]|\s-\s|\d[\d.,]*")
_BREAK_CHARS = frozenset(".,;:!?()[]\"“”—–")


def extract_keywords(text: str, max_keywords: int = 10) -> list[str]:
    """Top ``max_keywords`` lower-case keyphrases of ``text``, best first."""
    if max_keywords <= 0 or not text:
        return []
    tokens = _TOKEN_RE.findall(text)
    n = len(tokens) or 1
    tf: dict[str, int] = {}
    first: dict[str, int] = {}
    last: dict[str, int] = {}
    caps: dict[str, int] = {}
    phrases: dict[str, int] = {}
    run: list[str] = []
    sentence_start = True
    stop = STOPWORDS
    for i, token in enumerate(tokens):
        c = token[0]
        if not c.isalpha():
            if c in _BREAK_CHARS or c == " ":
                sentence_start = c in ".!?"
            if len(run) > 1:
                _add_phrases(run, phrases)
            run = []
            continue
        word = token.lower().replace("’", "'")
        if word in stop or len(word) < 3:
            if len(run) > 1:
                _add_phrases(run, phrases)
            run = []
            sentence_start = False
            continue
        tf[word] = tf.get(word, 0) + 1
        if word not in first:
            first[word] = i
        last[word] = i
        if c.isupper() and not sentence_start:
            caps[word] = caps.get(word, 0) + 1
        sentence_start = False
        run.append(word)
    if len(run) > 1:
        _add_phrases(run, phrases)

    weights: dict[str, float] = {}
    for word, count in tf.items():
        spread = (last[word] - first[word]) / n
        position = 1.0 / math.log2(2.0 + first[word] / 20.0)
        casing = caps.get(word, 0) / count
        weights[word] = math.log1p(count) * (1.0 + spread) * (1.0 + position) * (1.0 + 0.5 * casing)
    scored: list[tuple[float, str]] = [(w, word) for word, w in weights.items() if tf[word] > 1 or len(tf) < 40]
    for phrase, count in phrases.items():
        if count < 2:
            continue
        parts = phrase.split()
        mean = sum(weights[p] for p in parts) / len(parts)
        scored.append((math.log1p(count) * mean * 1.6, phrase))
    scored.sort(key=lambda item: (-item[0], item[1]))

    chosen: list[str] = []
    for _, candidate in scored:
        padded = f" {candidate} "
        if any(padded in f" {c} " or f" {c} " in padded for c in chosen):
            continue
        chosen.append(candidate)
        if len(chosen) >= max_keywords:
            break
    return chosen


def _add_phrases(run: list[str], phrases: dict[str, int]) -> None:
    for size in (2, 3):
        for start in range(len(run) - size + 1):
            phrase = " ".join(run[start : start + size])
            phrases[phrase] = phrases.get(phrase, 0) + 1
