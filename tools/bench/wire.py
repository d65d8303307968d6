"""A larger corpus with few duplicates, built at bench time from BBC sentences (never committed).

BBC 10x is 90 % near-copies, the worst case for duplicate linking; the ``wire`` corpus is the
other end: ``WIRE_ARTICLES`` stories of 8–14 sentences (≈ 1.2–2 KB, like the wire stories of
issue 15), each sentence drawn at random from the BBC articles of one category, so no two
stories share more than a chance sentence and SimHash finds (almost) no near-copies. Stories
are plain-text files (title line, blank line, paragraphs of two or three sentences) under
date partitions ``YYYY/MM/DD/``, written to ``.local/bench/corpora/wire`` (gitignored). The
seed is fixed, so the corpus is the same on every machine with the same BBC corpus.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

from tools.bench.parse import CATEGORIES, CORPORA, BBC, _decode

WIRE_ARTICLES = 25_000
WIRE_VERSION = f"1-{WIRE_ARTICLES}"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")


def _pool(category: str) -> tuple[list[str], list[str]]:
    """Titles and sentences of one BBC category."""
    titles, sentences = [], []
    for path in sorted((BBC / category).glob("*.txt")):
        text = _decode(path.read_bytes()).strip()
        title, _, body = text.partition("\n")
        titles.append(title.strip())
        for para in body.split("\n"):
            sentences.extend(s.strip() for s in _SENTENCE_END.split(para) if len(s.strip()) > 20)
    return titles, sentences


def stale_corpus(name: str, version: str, force: bool = False) -> Path | None:
    """``CORPORA/name`` emptied for a rebuild, or ``None`` when it holds ``version`` already."""
    root = CORPORA / name
    stamp = root / "VERSION"
    if not force and stamp.exists() and stamp.read_text() == version:
        return None
    shutil.rmtree(root, ignore_errors=True)
    return root


def build_wire(force: bool = False) -> Path:
    root = stale_corpus("wire", WIRE_VERSION, force)
    if root is None:
        return CORPORA / "wire"
    pools = {c: _pool(c) for c in CATEGORIES}
    rng = random.Random(15)
    for i in range(WIRE_ARTICLES):
        category = CATEGORIES[i % len(CATEGORIES)]
        titles, sentences = pools[category]
        picked = rng.sample(sentences, rng.randint(8, 14))
        paras, k = [], 0
        while k < len(picked):
            n = rng.choice((2, 3))
            paras.append(" ".join(picked[k : k + n]))
            k += n
        day = i % 365
        month, dom = 1 + day // 31 % 12, 1 + day % 28
        out = root / "2025" / f"{month:02d}" / f"{dom:02d}" / f"{category}-{i:05d}.txt"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(rng.choice(titles) + "\n\n" + "\n\n".join(paras) + "\n", encoding="utf-8")
    (root / "VERSION").write_text(WIRE_VERSION)
    return root
