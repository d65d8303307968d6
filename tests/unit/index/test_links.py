"""The linking's own bits that need no index: SimHash bands and copies."""

from __future__ import annotations

import random

import pytest

from etl.index.duplicates import Copy, simhash_bands


@pytest.mark.parametrize("simhash", [0, 1, 0xFFFF, 0x1234_5678_9ABC_DEF0, 2**64 - 1, 2**64 + 7, -1, -12345])
def test_bands_are_the_four_16_bit_slices_in_hex(simhash) -> None:
    assert simhash_bands(simhash) == [f"{i}:{(simhash >> (16 * i)) & 0xFFFF:04x}" for i in range(4)]


def test_bands_match_the_slices_for_random_simhashes() -> None:
    rng = random.Random(15)
    for simhash in (rng.getrandbits(64) for _ in range(5000)):
        assert simhash_bands(simhash) == [f"{i}:{(simhash >> (16 * i)) & 0xFFFF:04x}" for i in range(4)]


def test_a_relinked_copy_keeps_everything_but_its_link_and_run() -> None:
    copy = Copy("a", "hash", 0xDEADBEEF, ("2024/03/01/x.txt", 0), None)
    linked = copy.linked("b", "run-1")
    assert (linked.id, linked.content_hash, linked.simhash, linked.order) == (copy.id, copy.content_hash, copy.simhash, copy.order)
    assert (linked.duplicate_of, linked.run_id) == ("b", "run-1")
    assert linked.bands == copy.bands == tuple(simhash_bands(0xDEADBEEF))
    assert copy == Copy("a", "hash", 0xDEADBEEF, ("2024/03/01/x.txt", 0), None)  # bands take no part in equality
