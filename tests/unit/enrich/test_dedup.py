"""SimHash, Hamming distance and the run-wide exact/near duplicate detector, incl. the BBC corpus."""

from __future__ import annotations

import os
import re

import pytest

from etl.config import EnrichConfig
from etl.enrich import enrich
from etl.enrich.dedup import (
    NearDuplicateDetector,
    content_hash,
    hamming,
    normalise,
    simhash,
)
from tests.conftest import BBC, bbc_texts
from tests.unit.enrich.test_enrich import make_article

PINNED = "d768498a5956219f"
PAIR_RE = re.compile(r"(\w+/\d{3}\.txt) = (\w+/\d{3}\.txt)")
TEXT = (
    "The central bank raised interest rates by a quarter of a percentage point on Thursday, its third rise "
    "this year, saying that inflation in the services sector remained stubbornly high while wage growth had "
    "yet to slow. Economists had expected the move, although several had argued that the bank should wait "
    "for more evidence that the labour market was cooling before tightening policy any further this winter. "
    "Markets barely reacted, with the currency little changed against the dollar and the euro by the close."
)


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [(0, 0, 0), (0b1011, 0b0011, 1), (0, (1 << 64) - 1, 64), (0xFF00, 0x00FF, 16)],
)
def test_hamming_counts_differing_bits(a, b, distance):
    assert hamming(a, b) == distance


@pytest.mark.parametrize(
    ("text", "expected"),
    [("  A  b\n\nC ", "a b c"), ("STRASSE Straße", "strasse strasse"), ("", "")],
)
def test_normalise_casefolds_and_collapses_whitespace(text, expected):
    assert normalise(text) == expected


@pytest.mark.parametrize(
    ("one", "two", "same"),
    [("Shares fell.", "shares   FELL.", True), ("Shares fell.", "Shares fell!", False)],
)
def test_content_hash_is_sha256_of_normalised_text(one, two, same):
    assert (content_hash(one) == content_hash(two)) is same
    assert len(content_hash(one)) == 64


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("", 0, id="empty-is-zero"),
        pytest.param(TEXT, simhash(TEXT.upper()), id="case-insensitive"),
        pytest.param(TEXT, simhash(" \n ".join(TEXT.split())), id="whitespace-insensitive"),
    ],
)
def test_simhash_sees_the_normalised_text(text, expected):
    assert simhash(text) == expected


def test_simhash_is_pinned_across_processes_and_machines():
    # BLAKE2b word hashes + fixed mixing: no dependence on PYTHONHASHSEED or platform.
    assert format(simhash("the quick brown fox jumps over the lazy dog"), "016x") == PINNED


def test_simhash_of_short_texts_is_defined():
    assert 0 <= simhash("one") < 1 << 64
    assert simhash("one two") != simhash("two one")


@pytest.mark.parametrize(
    ("other", "within_three_bits"),
    [
        pytest.param(TEXT.upper(), True, id="same-text-other-case"),
        pytest.param(TEXT.replace(". ", ".\n\n"), True, id="same-text-rewrapped"),
        pytest.param("Football clubs signed new players before the transfer deadline closed on Monday night, "
                     "with several record fees paid for young strikers.", False, id="unrelated"),
    ],
)
def test_simhash_distance_separates_copies_from_unrelated_texts(other, within_three_bits):
    # One-word edits of short texts like TEXT (~80 words) flip 4–7 bits; see the BBC recall test below.
    assert (hamming(simhash(TEXT), simhash(other)) <= 3) is within_three_bits


@pytest.mark.parametrize(
    ("docs", "expected"),
    [
        pytest.param([("a", TEXT), ("b", TEXT)], [None, "a"], id="exact-copy"),
        pytest.param([("a", TEXT), ("b", TEXT.upper())], [None, "a"], id="copy-differing-in-case"),
        pytest.param([("a", TEXT), ("b", "Something else entirely, about football and transfers.")], [None, None],
                     id="unrelated"),
        pytest.param([("a", TEXT), ("b", TEXT), ("c", TEXT)], [None, "a", "a"], id="first-seen-wins"),
    ],
)
def test_detector_flags_exact_and_near_copies(docs, expected):
    detector = NearDuplicateDetector(3)
    assert [detector.check(i, content_hash(t), simhash(t)) for i, t in docs] == expected


@pytest.mark.parametrize(("max_distance", "bits_apart", "flagged"),
                         [(0, 0, True), (0, 1, False), (3, 3, True), (3, 4, False), (10, 10, True)])
def test_detector_threshold_is_exact_whatever_the_banding(max_distance, bits_apart, flagged):
    detector = NearDuplicateDetector(max_distance)
    base = 0x0123456789ABCDEF
    other = base ^ sum(1 << (i * 7) for i in range(bits_apart))
    detector.check("a", "0" * 64, base)
    assert (detector.check("b", "1" * 64, other) == "a") is flagged


def test_detector_keeps_one_entry_per_distinct_document():
    detector = NearDuplicateDetector(3)
    for i in range(3):
        detector.check(f"d{i}", content_hash(TEXT), simhash(TEXT))
    assert len(detector) == 1


@pytest.mark.parametrize("max_distance", [-1, 65])
def test_detector_rejects_impossible_distances(max_distance):
    with pytest.raises(ValueError):
        NearDuplicateDetector(max_distance)


def _bbc_documents():
    config = EnrichConfig()
    for path, text in bbc_texts():
        title, _, body = text.partition("\n")
        rel = path.relative_to(BBC).as_posix()
        article = make_article(body, rel_path=rel, title=title.strip(), mtime=os.path.getmtime(path))
        yield rel, enrich(article, config)


@pytest.fixture(scope="module")
def bbc_run():
    detector = NearDuplicateDetector(EnrichConfig().near_duplicate_max_distance)
    docs = {}
    flagged = {}
    for rel, doc in _bbc_documents():
        docs[rel] = doc
        first = detector.check(doc.id, doc.content_hash, doc.simhash)
        if first is not None:
            flagged[rel] = first
    return docs, flagged


def test_bbc_byte_identical_pairs_are_all_flagged_against_the_earlier_path(bbc_run):
    docs, flagged = bbc_run
    pairs = PAIR_RE.findall((BBC / "PROVENANCE.md").read_text(encoding="utf-8"))
    assert len(pairs) == 98
    for earlier, later in pairs:
        assert earlier < later
        assert flagged.get(later) == docs[earlier].id, later
        assert earlier not in flagged


def test_bbc_near_duplicates_flagged_are_real_copies(bbc_run):
    # Precision: every pair flagged with a different content hash shares most of its words.
    docs, flagged = bbc_run
    by_id = {doc.id: doc for doc in docs.values()}
    near = [(rel, by_id[first]) for rel, first in flagged.items() if docs[rel].content_hash != by_id[first].content_hash]
    for rel, first in near:
        one, two = set(docs[rel].body.split()), set(first.body.split())
        assert len(one & two) / len(one | two) > 0.8, (rel, first.source_path)
    assert len(near) < 20


def _one_word_variant(body: str, position: int) -> str:
    words = body.split(" ")
    words[position % len(words)] = "zebra"
    return " ".join(words)


@pytest.mark.parametrize(
    ("rel", "position"),
    [("business/001.txt", 200), ("entertainment/010.txt", 50), ("politics/100.txt", 10), ("tech/200.txt", 300)],
)
def test_bbc_one_word_variant_is_flagged(bbc_run, rel, position):
    docs, _ = bbc_run
    doc = docs[rel]
    variant = _one_word_variant(doc.body, position)
    detector = NearDuplicateDetector(3)
    detector.check(doc.id, doc.content_hash, doc.simhash)
    assert detector.check("variant", content_hash(variant), simhash(variant)) == doc.id


def test_bbc_one_word_variants_recall(bbc_run):
    # 64-bit SimHash over 3-shingles at distance <= 3: a one-word edit changes 3 shingles, which
    # flips 0–6 bits on a ~400-word article; about three in four such variants stay within 3 bits.
    docs, _ = bbc_run
    bodies = [doc for rel, doc in sorted(docs.items())][::10]
    hits = sum(hamming(doc.simhash, simhash(_one_word_variant(doc.body, 7 * i + 3))) <= 3
               for i, doc in enumerate(bodies))
    assert hits / len(bodies) >= 0.6
