"""Document language: ISO 639-1 codes, from metadata or detected offline with py3langid.

Rule: a metadata language that is a valid ISO 639-1 code (``en``, ``en-GB`` →
``en``) wins, because the publisher knows; otherwise the first ~1,000
characters of title + body are classified by py3langid (its model ships inside
the package). py3langid costs ~0.4 ms for 1,000 characters here, more than the
whole enrich budget, so unmistakable English is recognised first by its
function words (``the``, ``and``, ``of`` ... making up ≥ 20 % of the first
~170 words, with ``the`` at least 3 times; no other language reaches that);
everything else goes to the model.
"""

from __future__ import annotations

import threading
from typing import Any

from etl.enrich.vocab import Tokens, count_flagged
from etl.fields.language import ISO_639_1_CODES, language_code

DETECT_CHARS = 1_000
_FAST_WORDS = 170  # about 1,000 characters of English news

_lock = threading.Lock()
_identifier: Any = None


def _classifier() -> Any:
    global _identifier
    if _identifier is None:
        with _lock:
            if _identifier is None:
                _identifier = _cached_identifier()
    return _identifier


def _cached_identifier() -> Any:
    """py3langid's identifier, its model read from the start-up cache (:mod:`etl.cache`) when possible.

    The shipped model is an LZMA-compressed ``.npz`` (~0.5 s to decompress); the cache keeps the
    decompressed ``.npz`` (~0.1 s to load), which py3langid's own loader then reads unchanged.
    """
    import lzma
    import shutil
    from pathlib import Path

    import numpy as np
    import py3langid
    from py3langid import modelio
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    from etl import cache

    shipped = Path(MODEL_FILE) if Path(MODEL_FILE).is_absolute() else MODEL_DIR / MODEL_FILE

    def write(path: Path) -> None:
        with lzma.open(shipped) as src, path.open("wb") as dst:
            shutil.copyfileobj(src, dst, length=1 << 20)

    stat = shipped.stat()
    key = cache.cache_key([py3langid.__version__, str(shipped), str(stat.st_size), str(stat.st_mtime_ns)])
    path = cache.cached_path("py3langid-model", key, ".npz", write)

    def load(path: Path) -> Any:
        with np.load(path, allow_pickle=False) as data:
            return LanguageIdentifier(
                np.asarray(data["ptc"]), np.asarray(data["pc"]), data["classes"].tolist(),
                modelio._to_array(data["nextmove"]), data["out_feat"].tolist(),
                norm_probs=False, tk_row=modelio._to_array(data["nextmove_row"]),
            )  # fmt: skip

    identifier = cache.read(path, load)
    return identifier if identifier is not None else LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)


def preload() -> None:
    """Load py3langid's model now (e.g. before forking workers, so they share it)."""
    _classifier()


def metadata_language(value: str | None) -> str | None:
    """The ISO 639-1 code in a metadata language value (``en-GB`` → ``en``), or ``None`` if it has none.

    The shared rule of :func:`etl.fields.language_code`, which the readers already applied.
    """
    return language_code(value)


def looks_english(tokens: Tokens) -> bool:
    """Cheap, high-precision test for English on a text's whitespace tokens (case-insensitive)."""
    head = min(len(tokens), _FAST_WORDS)
    if head < 20:
        return False
    hits = count_flagged(tokens.ids, tokens.tables.function_word, head)
    return hits * 5 >= head and count_flagged(tokens.ids, tokens.tables.is_the, head) >= 3


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of ``text`` by py3langid on its first ~1,000 characters; ``None`` for empty text."""
    sample = text[:DETECT_CHARS]
    if not sample.strip():
        return None
    code, _ = _classifier().classify(sample)
    return code if code in ISO_639_1_CODES else None


def document_language(metadata: str | None, title: str, tokens: Tokens, body: str) -> str | None:
    """Language of a document: valid metadata first, then the English fast path, then py3langid."""
    declared = metadata_language(metadata)
    if declared is not None:
        return declared
    if looks_english(tokens):
        return "en"
    return detect_language(f"{title}\n{body}" if title else body)
