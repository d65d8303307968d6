"""The settings of the parsing stages (read, segment, enrich) without pydantic at start-up.

``etl parse`` needs three small sections of :class:`etl.config.Settings`, but validating them
means importing pydantic and pydantic-settings and building the models: ~0.15 CPU-s, measured,
a tenth of what issue 15 allows for parsing the whole BBC corpus. So :func:`stage_settings`
validates once and remembers the result in the start-up cache (:mod:`etl.cache`):

* The cache key hashes every input of validation: the settings file's bytes, every environment
  variable pydantic-settings or :mod:`etl.config` could read (names starting ``ETL_`` or ``ES_``,
  in any case), the source of :mod:`etl.config` (the rules) and the versions of pydantic and
  pydantic-settings. Only a hash of them is written, never a value (``ES_PASSWORD`` ...).
* The file holds the validated ``read``, ``segment`` and ``enrich`` sections (``model_dump``, as
  ``marshal``), written only after :func:`etl.config.get_settings` accepted the whole
  configuration. A configuration never validated, or an invalid one, takes the full path every time,
  so every :class:`~etl.errors.ConfigError` is raised exactly as before.
* On a hit the sections are :class:`Section` objects: the same attribute names and values as the
  models (what the stages read), no pydantic. On a miss, or with the cache off, the full
  :class:`~etl.config.Settings` is returned.
"""

from __future__ import annotations

import marshal
import os
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

from etl import cache
from etl.resources import settings_file

if TYPE_CHECKING:
    from etl.config import EnrichConfig, ReadConfig, SegmentConfig

SECTIONS = ("read", "segment", "enrich")
_ENV_PREFIXES = ("ETL_", "ES_")


class Section:
    """One validated settings section as plain attributes (a cache hit's stand-in for its model)."""

    def __init__(self, values: dict[str, Any]) -> None:
        self.__dict__.update(values)

    def __repr__(self) -> str:
        return f"Section({self.__dict__!r})"


class StageSettings:
    """The ``read``, ``segment`` and ``enrich`` sections, from the cache."""

    read: ReadConfig
    segment: SegmentConfig
    enrich: EnrichConfig

    def __init__(self, sections: dict[str, dict[str, Any]]) -> None:
        for name in SECTIONS:
            setattr(self, name, Section(sections[name]))


def _package_version_file(name: str) -> bytes:
    """The bytes of ``name``'s ``version.py`` (found without importing the package), or ``b""``."""
    spec = find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        return b""
    for location in spec.submodule_search_locations:
        path = Path(location) / "version.py"
        if path.is_file():
            return path.read_bytes()
    return b""


def settings_key() -> str | None:
    """The cache key of the current configuration (module docstring); ``None`` when the settings
    file cannot be read (the full path then reports it)."""
    try:
        content = settings_file().read_bytes()
    except OSError:
        return None
    env = sorted(f"{k}={v}" for k, v in os.environ.items() if k.upper().startswith(_ENV_PREFIXES))
    config_source = Path(__file__).with_name("config.py").read_bytes()
    versions = [_package_version_file("pydantic"), _package_version_file("pydantic_settings")]
    return cache.cache_key([content, *env, config_source, *versions])


def _read(path: Path) -> StageSettings:
    data = marshal.loads(path.read_bytes())
    if not isinstance(data, dict):
        raise ValueError("not a settings snapshot")
    return StageSettings(data)


@lru_cache(maxsize=1)
def stage_settings() -> StageSettings:
    """The parsing stages' settings: from the cache when this configuration was validated before,
    else :func:`etl.config.get_settings` (which raises :class:`~etl.errors.ConfigError`)."""
    key = settings_key()
    directory = cache.cache_dir()
    if key is not None and directory is not None:
        found = cache.read(directory / f"stage-settings-{key}.marshal", _read)
        if found is not None:
            return found
    from etl.config import get_settings

    settings = get_settings()
    if key is not None:
        snapshot = {name: getattr(settings, name).model_dump() for name in SECTIONS}
        cache.cached_path("stage-settings", key, ".marshal", lambda p: p.write_bytes(marshal.dumps(snapshot)))
    return settings  # type: ignore[return-value]  # a superset: the full, validated Settings
