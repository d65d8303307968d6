"""The start-up cache: same data as building it, and never a reason for a run to fail."""

from __future__ import annotations

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


def test_language_model_loaded_from_the_cache_classifies_the_same(cache_in):
    built = language._cached_identifier()
    assert len(list(cache_in.glob("py3langid-model-*.npz"))) == 1
    loaded = language._cached_identifier()
    for text in (FRENCH, GERMAN):
        assert loaded.classify(text) == built.classify(text)
    assert loaded.classify(FRENCH)[0] == "fr"


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


def test_a_new_key_replaces_the_old_file(cache_in):
    first = cache.cached_path("thing", "aaaa", ".bin", lambda p: p.write_bytes(b"old"))
    second = cache.cached_path("thing", "bbbb", ".bin", lambda p: p.write_bytes(b"new"))
    assert first is not None and second is not None
    assert not first.exists() and second.read_bytes() == b"new"


def test_default_location_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv(cache.ENV_VAR, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "articles-etl"
