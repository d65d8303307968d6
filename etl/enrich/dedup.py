"""Exact and near-duplicate detection: content hashes, 64-bit SimHash, banded lookup.

Normalisation (shared by :func:`normalise` users: the content hash and SimHash)
is ``casefold`` plus collapsing every run of whitespace to one space and
stripping the ends, so re-wrapped or re-cased copies of a body hash the same.

SimHash is Charikar's: every word 3-shingle of the normalised body votes with
its 64-bit hash, bit by bit; the fingerprint keeps the majority. Word hashes
come from BLAKE2b (stable across processes and machines, unlike ``hash()``),
computed once per distinct token per process into the tables of
:mod:`etl.enrich.vocab`; shingle hashes combine three word hashes with rotations and
a splitmix64 finaliser, and the bit votes are counted: in C (``simhash`` of
``etl/enrich/_speedups.c``), else with numpy, so one ~400-word article costs no
Python loop at all. numpy is imported by that reference path only (see :mod:`etl.enrich.vocab`).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from etl.enrich.vocab import Tokens, ids_view

if TYPE_CHECKING:
    import numpy as np

try:
    from etl.enrich import _speedups
except ImportError:  # not built (no C compiler at install): the numpy path gives the same results
    _speedups = None

_MASK64 = (1 << 64) - 1


def normalise(text: str) -> str:
    """Casefold and collapse whitespace: the form that content hashes and SimHash see."""
    return " ".join(text.split()).casefold()


def content_hash(text: str) -> str:
    """Hex SHA-256 of :func:`normalise` (``text``) encoded as UTF-8."""
    return hashlib.sha256(normalise(text).encode("utf-8")).hexdigest()


def simhash(text: str) -> int:
    """64-bit SimHash over word 3-shingles of the normalised ``text``.

    Words are the whitespace-separated tokens of :func:`normalise` (``text``);
    punctuation stays attached, which is as good for spotting copies and avoids
    a regex pass. Texts of one or two words hash as a single shingle; an empty
    text is ``0``.
    """
    return simhash_of(Tokens.of(text))


def simhash_of(tokens: Tokens) -> int:
    """:func:`simhash` of an already tokenised text (in C when :mod:`etl.enrich._speedups` is built)."""
    if _speedups is not None:
        t = tokens.tables
        return int(_speedups.simhash(tokens.ids, t.hash0))
    return simhash_numpy(tokens)


def simhash_numpy(tokens: Tokens) -> int:
    """:func:`simhash_of` in numpy: the reference the C version must equal."""
    import numpy as np

    _S30, _S27, _S31 = np.uint64(30), np.uint64(27), np.uint64(31)  # noqa: N806
    _M1, _M2 = np.uint64(0xBF58476D1CE4E5B9), np.uint64(0x94D049BB133111EB)  # noqa: N806
    ids, t = tokens.ids, tokens.tables
    if not len(ids):
        return 0
    h = t.view("hash0")[ids_view(ids)]
    if len(ids) >= 3:
        x = h[:-2] ^ _rotl(h[1:-1], 21) ^ _rotl(h[2:], 42)
    else:
        x = h[:1] ^ _rotl(h[1:2], 21) if len(ids) == 2 else h
    # splitmix64 finaliser: spreads the XOR-combined word hashes over all 64 bits.
    x = x ^ (x >> _S30)
    x *= _M1
    x ^= x >> _S27
    x *= _M2
    x ^= x >> _S31
    # Little-endian bytes unpacked LSB-first give column j = bit j on every platform.
    bits = np.unpackbits(x.astype("<u8", copy=False).view(np.uint8), bitorder="little").reshape(-1, 64)
    votes = bits.sum(axis=0, dtype=np.uint32)  # row-wise adds: cheaper than count_nonzero along axis 0
    return int(np.packbits(2 * votes > len(x), bitorder="little").view("<u8")[0])


def _rotl(words: np.ndarray, k: int) -> np.ndarray:
    """Rotate 64-bit words left by ``k`` bits (the three positions of a shingle hash differently)."""
    import numpy as np

    return (words << np.uint64(k)) | (words >> np.uint64(64 - k))


def hamming(a: int, b: int) -> int:
    """Number of differing bits between two 64-bit fingerprints."""
    return ((a ^ b) & _MASK64).bit_count()


class NearDuplicateDetector:
    """Flags exact and near duplicates among the documents of one run, first seen wins.

    Memory: one small entry per distinct document (a 128-bit prefix of its
    content hash, its fingerprint and its id, plus one bucket slot per band),
    never bodies. Lookups are O(1) on average: the fingerprint is cut into
    ``max_distance + 1`` bands (4 bands of 16 bits for the default distance 3);
    by the pigeonhole principle two fingerprints within ``max_distance`` bits
    agree exactly on at least one band, so only that band's bucket is compared.
    """

    def __init__(self, max_distance: int = 3) -> None:
        if not 0 <= max_distance <= 64:
            raise ValueError(f"max_distance must be within 0..64, got {max_distance}")
        self.max_distance = max_distance
        n_bands = min(max_distance + 1, 64)
        edges = [round(i * 64 / n_bands) for i in range(n_bands + 1)]
        self._bands = [(lo, (1 << (hi - lo)) - 1) for lo, hi in zip(edges, edges[1:])]
        self._by_hash: dict[int, str] = {}
        self._buckets: list[dict[int, list[tuple[int, str]]]] = [{} for _ in self._bands]

    def __len__(self) -> int:
        return len(self._by_hash)

    def check(self, doc_id: str, content_hash: str, simhash: int) -> str | None:
        """Return the id of the first-seen copy of this document, or register it and return ``None``."""
        key = int(content_hash[:32], 16)
        first = self._by_hash.get(key)
        if first is not None:
            return first
        keys = [(simhash >> shift) & mask for shift, mask in self._bands]
        for bucket, band_key in zip(self._buckets, keys):
            for other_hash, other_id in bucket.get(band_key, ()):
                if ((simhash ^ other_hash) & _MASK64).bit_count() <= self.max_distance:
                    return other_id
        self._by_hash[key] = doc_id
        for bucket, band_key in zip(self._buckets, keys):
            bucket.setdefault(band_key, []).append((simhash, doc_id))
        return None
