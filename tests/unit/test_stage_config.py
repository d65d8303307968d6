"""etl.stage_config: the parsing stages' settings come from the start-up cache only for a configuration
validated before, equal to what pydantic validated; an invalid one raises as etl.config does, every time."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from etl import cache
from etl.config import get_settings, load_settings
from etl.errors import ConfigError
from etl.stage_config import SECTIONS, StageSettings, stage_settings


@pytest.fixture(autouse=True)
def _fresh(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """A private cache directory, no configuration from the caller's environment, no memoised settings."""
    import os

    for var in list(os.environ):
        if var.upper().startswith(("ETL_", "ES_")):
            monkeypatch.delenv(var)
    monkeypatch.setenv(cache.ENV_VAR, str(tmp_path))
    stage_settings.cache_clear()
    get_settings.cache_clear()
    yield tmp_path
    stage_settings.cache_clear()
    get_settings.cache_clear()


def _again() -> object:
    """stage_settings() as a new process would see it: nothing memoised, the cache directory kept."""
    stage_settings.cache_clear()
    get_settings.cache_clear()
    return stage_settings()


def _snapshots(directory: Path) -> list[Path]:
    return sorted(directory.glob("stage-settings-*.marshal"))


def test_the_first_process_validates_and_later_ones_read_the_same_values(_fresh: Path) -> None:
    first = stage_settings()
    assert not isinstance(first, StageSettings)  # the full, pydantic-validated Settings
    assert len(_snapshots(_fresh)) == 1
    later = _again()
    assert isinstance(later, StageSettings)
    for name in SECTIONS:
        assert vars(getattr(later, name)) == getattr(load_settings(), name).model_dump(), name


@pytest.mark.parametrize(
    ("var", "value", "section", "field", "expected"),
    [
        ("ETL_ENRICH__MAX_KEYWORDS", "5", "enrich", "max_keywords", 5),
        ("etl_segment__passage_min_words", "50", "segment", "passage_min_words", 50),  # any case, as pydantic-settings
        ("ETL_READ__MAX_DECOMPRESSION_RATIO", "7", "read", "max_decompression_ratio", 7.0),
    ],
)
def test_a_changed_environment_is_validated_again_not_read_stale(
    monkeypatch: pytest.MonkeyPatch, var: str, value: str, section: str, field: str, expected: object
) -> None:
    stage_settings()
    _again()
    monkeypatch.setenv(var, value)
    changed = _again()
    assert not isinstance(changed, StageSettings)  # a new key: validated first
    for settings in (changed, _again()):
        got = getattr(getattr(settings, section), field)
        assert got == expected and type(got) is type(expected)


def test_a_changed_settings_file_is_validated_again(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    stage_settings()
    other = tmp_path / "other.yaml"
    other.write_text("enrich:\n  max_keywords: 3\n", encoding="utf-8")
    monkeypatch.setenv("ETL_CONFIG_FILE", str(other))
    assert _again().enrich.max_keywords == 3
    other.write_text("enrich:\n  max_keywords: 4\n", encoding="utf-8")
    assert _again().enrich.max_keywords == 4


@pytest.mark.parametrize(
    ("var", "value"),
    [("ETL_SEGMENT__PASSAGE_MIN_WORDS", "0"), ("ES_URL", "ftp://user:secret@host:21"), ("ETL_ENRICH__MAX_KEYWORDS", "many")],
)
def test_an_invalid_configuration_raises_as_etl_config_does_and_is_never_cached(
    monkeypatch: pytest.MonkeyPatch, _fresh: Path, var: str, value: str
) -> None:
    monkeypatch.setenv(var, value)
    with pytest.raises(ConfigError) as expected:
        load_settings()
    for _ in range(2):
        with pytest.raises(ConfigError) as got:
            _again()
        assert str(got.value) == str(expected.value)
    assert _snapshots(_fresh) == []


def test_the_cache_holds_no_credentials(monkeypatch: pytest.MonkeyPatch, _fresh: Path) -> None:
    monkeypatch.setenv("ES_PASSWORD", "hunter2-very-secret")
    monkeypatch.setenv("ES_URL", "http://elastic:other-secret@localhost:9200")
    stage_settings()
    assert isinstance(_again(), StageSettings)
    (snapshot,) = _snapshots(_fresh)
    assert b"secret" not in snapshot.read_bytes() and b"hunter2" not in snapshot.read_bytes()


def test_with_the_cache_off_every_process_validates(monkeypatch: pytest.MonkeyPatch, _fresh: Path) -> None:
    monkeypatch.setenv(cache.ENV_VAR, "off")
    assert not isinstance(stage_settings(), StageSettings)
    assert not isinstance(_again(), StageSettings)
    assert _snapshots(_fresh) == []


def test_a_damaged_snapshot_is_replaced_by_validating(_fresh: Path) -> None:
    stage_settings()
    (snapshot,) = _snapshots(_fresh)
    snapshot.write_bytes(b"\x00not marshal")
    assert not isinstance(_again(), StageSettings)
    assert isinstance(_again(), StageSettings)



def test_a_settings_file_that_is_no_mapping_raises_as_etl_config_does(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("- read\n- segment\n", encoding="utf-8")
    monkeypatch.setenv("ETL_CONFIG_FILE", str(bad))
    with pytest.raises(ConfigError, match="expected a mapping at the top level"):
        stage_settings()
    with pytest.raises(ConfigError, match="expected a mapping at the top level"):
        _again()
