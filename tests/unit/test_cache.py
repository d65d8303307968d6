"""The start-up cache: same data as building it, and never a reason for a run to fail."""

from __future__ import annotations

import os

import pytest

from etl import cache
from etl.enrich import gazetteer, language

FRENCH = "Le ministre a dit que le plan était bon et que le budget serait voté avant la fin de l'année."
GERMAN = "Die Regierung hat am Mittwoch beschlossen, dass die Steuern im nächsten Jahr nicht steigen werden."


@pytest.fixture
def cache_in(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV_VAR, str(tmp_path / "cache"))
    return tmp_path / "cache"


def _entries(gaz: gazetteer.Gazetteer) -> dict:
    return dict(gaz._exact)


def test_gazetteer_loaded_from_the_cache_equals_the_built_one(cache_in):
    first = gazetteer._cached_gazetteer()  # builds and writes
    assert len(list(cache_in.glob("gazetteer-*.marshal"))) == 1
    second = gazetteer._cached_gazetteer()  # loads
    assert _entries(second) == _entries(first) == _entries(gazetteer.build_gazetteer())
    assert second.resolve("WASHINGTON") == first.resolve("WASHINGTON")


LANGUAGE_SAMPLES = [
    FRENCH,
    GERMAN,
    "El gobierno aprobó el martes un plan para reducir el gasto público en los próximos dos años.",
    "Rząd przyjął we wtorek plan ograniczenia wydatków publicznych w ciągu najbliższych dwóch lat.",
    "政府星期二批准了一项在未来两年内削减公共开支的计划。",
    "The council said on Tuesday it would cut spending over the next two years.",
    "ECONOMIC SPOTLIGHT - TRADE GAP",
    "12 345 678",
    "",
]


def test_language_model_loaded_from_the_cache_scores_exactly_as_py3langids_own_loader(cache_in):
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    language._cached_identifier()  # builds and writes
    assert len(list(cache_in.glob("py3langid-model-*.bin"))) == 1
    mapped = language._cached_identifier()  # memory-mapped from the file
    shipped = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=False)
    for text in LANGUAGE_SAMPLES:
        assert mapped.classify(text) == shipped.classify(text), text
        assert mapped.rank(text) == shipped.rank(text), text
    assert mapped.classify(FRENCH)[0] == "fr"


def test_a_truncated_language_model_file_is_replaced_not_mapped(cache_in):
    language._cached_identifier()
    (path,) = cache_in.glob("py3langid-model-*.bin")
    with path.open("r+b") as f:
        f.truncate(path.stat().st_size // 2)  # a mapped short file would crash the process later
    assert language._cached_identifier().classify(GERMAN)[0] == "de"
    assert not path.exists()  # removed, so the next process writes a good one


def test_a_corrupt_cache_file_is_replaced_not_fatal(cache_in):
    gazetteer._cached_gazetteer()
    (path,) = cache_in.glob("gazetteer-*.marshal")
    path.write_bytes(b"\x00garbage")
    assert len(gazetteer._cached_gazetteer()) == len(gazetteer.build_gazetteer())
    assert not path.exists()  # removed, so the next process writes a good one


def test_an_unusable_cache_location_is_skipped(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("")
    monkeypatch.setenv(cache.ENV_VAR, str(blocker))
    assert cache.cached_path("x", "k", ".bin", lambda p: p.write_bytes(b"1")) is None
    assert len(gazetteer._cached_gazetteer()) > 0


def test_cache_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV_VAR, "off")
    assert cache.cache_dir() is None
    assert cache.cached_path("x", "k", ".bin", lambda p: p.write_bytes(b"1")) is None


def test_a_new_key_keeps_the_most_recently_used_files_of_its_name(cache_in):
    # Worktrees or installs sharing one directory with different keys must not delete each
    # other's file on every start; an upgrade's older files still go once KEEP newer ones exist.
    paths = []
    for age, key in enumerate(["aaaa", "bbbb", "cccc"][: cache.KEEP]):
        path = cache.cached_path("thing", key, ".bin", lambda p, k=key: p.write_bytes(k.encode()))
        assert path is not None
        os.utime(path, (1_000_000 + age, 1_000_000 + age))  # written in this order, seconds apart
        paths.append(path)
    assert cache.read(paths[0], lambda p: p.read_bytes()) == b"aaaa"  # used again: recent now
    newest = cache.cached_path("thing", "dddd", ".bin", lambda p: p.write_bytes(b"dddd"))
    kept = sorted(p.name for p in cache_in.glob("thing-*"))
    assert kept == sorted([newest.name, paths[0].name, paths[2].name])  # bbbb: least recently used


def test_an_older_format_of_the_same_name_is_removed_too(cache_in):
    cache_in.mkdir(parents=True)
    old = [cache_in / f"thing-old{i}.npz" for i in range(cache.KEEP + 1)]
    for i, path in enumerate(old):
        path.write_bytes(b"old")
        os.utime(path, (1_000_000 + i, 1_000_000 + i))
    cache.cached_path("thing", "new", ".bin", lambda p: p.write_bytes(b"new"))
    assert sorted(p.name for p in cache_in.glob("thing-*")) == sorted(["thing-new.bin", old[-1].name, old[-2].name])


def test_default_location_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv(cache.ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "articles-etl"
