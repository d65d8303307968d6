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


#: The cache file: magic, header length, marshal header, then the two big arrays at aligned offsets.
_MODEL_MAGIC = b"ETLLID1\0"
_ALIGN = 64


def _cached_identifier() -> Any:
    """py3langid's identifier, its model mapped from the start-up cache (:mod:`etl.cache`) when possible.

    The shipped model is an LZMA-compressed ``.npz`` (~0.5 s to decompress). The cache keeps its
    arrays raw: the small ones in a marshal header, the DFA's transition table (39 MB) and the
    feature weights (28 MB) as bytes that are memory-mapped, not read. py3langid scores a text by
    walking a few hundred DFA states and gathering the rows of the features it met, so a process
    faults in only the pages it touches (and forked workers share them) instead of reading 68 MB:
    ~0.01 s to open instead of ~0.1–0.2 s, the same arrays and so the same scores.
    """
    import lzma
    import shutil
    import tempfile
    from pathlib import Path

    import numpy as np
    import py3langid
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    from etl import cache

    shipped = Path(MODEL_FILE) if Path(MODEL_FILE).is_absolute() else MODEL_DIR / MODEL_FILE

    def write(path: Path) -> None:
        import marshal

        with tempfile.TemporaryFile(suffix=".npz") as npz:
            with lzma.open(shipped) as src:
                shutil.copyfileobj(src, npz, length=1 << 20)
            npz.seek(0)
            with np.load(npz, allow_pickle=False) as data:
                arrays = {name: data[name] for name in data.files}
        nextmove = np.ascontiguousarray(arrays["nextmove"], dtype=np.uint32)
        ptc = np.ascontiguousarray(arrays["ptc"])
        header = {
            "pc": arrays["pc"].astype(np.float32).tobytes(), "classes": arrays["classes"].tolist(),
            "row": arrays["nextmove_row"].astype(np.int64).tolist(), "out": arrays["out_feat"].tolist(),
            "nextmove": nextmove.size, "ptc_dtype": ptc.dtype.str, "ptc_shape": list(ptc.shape),
        }  # fmt: skip
        head = marshal.dumps(header)
        start = -(-(len(_MODEL_MAGIC) + 8 + len(head)) // _ALIGN) * _ALIGN
        with path.open("wb") as out:
            out.write(_MODEL_MAGIC + len(head).to_bytes(8, "little") + head)
            out.write(b"\0" * (start - out.tell()))
            out.write(nextmove.tobytes())
            out.write(b"\0" * (-out.tell() % _ALIGN))
            out.write(ptc.tobytes())

    shipped_size = shipped.stat().st_size
    # Keyed by version and size, not by path: every checkout and venv with this py3langid shares one file.
    key = cache.cache_key([py3langid.__version__, str(shipped_size), _MODEL_MAGIC])
    path = cache.cached_path("py3langid-model", key, ".bin", write)

    def load(path: Path) -> Any:
        import marshal
        import mmap

        with path.open("rb") as f:
            mapped = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)  # stays valid after close
        if mapped[: len(_MODEL_MAGIC)] != _MODEL_MAGIC:
            raise ValueError("not a language model cache file")
        size = int.from_bytes(mapped[len(_MODEL_MAGIC) : len(_MODEL_MAGIC) + 8], "little")
        start = len(_MODEL_MAGIC) + 8
        header = marshal.loads(mapped[start : start + size])
        at = -(-(start + size) // _ALIGN) * _ALIGN
        moves = at + 4 * header["nextmove"]
        weights = moves + (-moves % _ALIGN)
        rows, cols = header["ptc_shape"]
        dtype = np.dtype(header["ptc_dtype"])
        if len(mapped) != weights + rows * cols * dtype.itemsize:
            raise ValueError("truncated language model cache file")  # a mapped short file would SIGBUS later
        nextmove = memoryview(mapped)[at:moves].cast("I")  # indexed like py3langid's array("I")
        ptc = np.frombuffer(mapped, dtype=dtype, count=rows * cols, offset=weights).reshape(rows, cols)
        return LanguageIdentifier(
            ptc, np.frombuffer(header["pc"], dtype=np.float32), header["classes"], nextmove, header["out"],
            norm_probs=False, tk_row=header["row"],
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
