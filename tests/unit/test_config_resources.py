"""etl.resources: config data through importlib.resources, its two overrides, the one PROJECT_ROOT,
and the clear error of the dev-stack commands where etl.devstack is not installed."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from etl import resources
from etl.errors import ConfigError, DevStackError
from tests.conftest import ROOT

CONFIG = ROOT / "config"


@pytest.fixture(autouse=True)
def _no_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in (resources.CONFIG_DIR_ENV, resources.CONFIG_FILE_ENV):
        monkeypatch.delenv(var, raising=False)


def test_the_packaged_config_is_the_checkouts_config_folder() -> None:
    root = resources.config_root()
    assert Path(str(root)) == ROOT / "etl" / "_config"
    assert Path(str(root)).resolve() == CONFIG.resolve()
    for path in (p for p in CONFIG.rglob("*") if p.is_file()):
        parts = path.relative_to(CONFIG).parts
        assert resources.config_file(*parts).read_bytes() == path.read_bytes(), parts


def test_the_readers_use_the_config_data() -> None:
    from etl.devstack import kibana
    from etl.index import schema

    assert schema.TEMPLATE_DIR.joinpath("articles-mappings.json").read_bytes() == (CONFIG / "elasticsearch" / "articles-mappings.json").read_bytes()
    assert kibana.SAVED_OBJECTS_PATH.read_bytes() == (CONFIG / "kibana" / "saved_objects.ndjson").read_bytes()
    assert resources.settings_file().read_text(encoding="utf-8") == (CONFIG / "settings.yaml").read_text(encoding="utf-8")


def test_project_root_is_defined_once() -> None:
    from etl import config
    from etl.devstack import localnode

    assert resources.PROJECT_ROOT == ROOT
    assert config.PROJECT_ROOT is resources.PROJECT_ROOT
    assert localnode.PROJECT_ROOT is resources.PROJECT_ROOT


def _write_settings(folder: Path, chunk_docs: int, schedule: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "settings.yaml"
    path.write_text(f"bulk:\n  chunk_docs: {chunk_docs}\nairflow:\n  schedule: '{schedule}'\n", encoding="utf-8")
    return path


def test_config_dir_replaces_the_packaged_copy_and_config_file_wins_for_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from etl.airflow.dag_settings import airflow_settings
    from etl.config import load_settings

    assert (load_settings().bulk.chunk_docs, airflow_settings()["schedule"]) == (500, "@daily")
    folder = tmp_path / "config"
    _write_settings(folder, 7, "@hourly")
    monkeypatch.setenv(resources.CONFIG_DIR_ENV, str(folder))
    assert resources.config_root() == folder
    assert (load_settings().bulk.chunk_docs, airflow_settings()["schedule"]) == (7, "@hourly")
    monkeypatch.setenv(resources.CONFIG_FILE_ENV, str(_write_settings(tmp_path / "other", 9, "@weekly")))
    assert (load_settings().bulk.chunk_docs, airflow_settings()["schedule"]) == (9, "@weekly")


def test_a_config_dir_that_is_not_a_folder_is_a_config_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(resources.CONFIG_DIR_ENV, str(tmp_path / "missing"))
    with pytest.raises(ConfigError, match="ETL_CONFIG_DIR=.*missing is not a directory"):
        resources.config_file("settings.yaml")


@pytest.mark.parametrize("name", ["etl.devstack", "etl.devstack.localnode", "etl.devstack.kibana"])
def test_a_missing_devstack_becomes_a_devstack_error(name: str) -> None:
    err = resources.devstack_missing(ModuleNotFoundError(f"No module named {name!r}", name=name), "etl es status")
    assert isinstance(err, DevStackError)
    assert "`etl es status`" in str(err) and "the local dev stack ships with the source checkout" in str(err)


@pytest.mark.parametrize("name", ["httpx", "etl.devstackish", None])
def test_any_other_missing_module_is_left_as_it_is(name: str | None) -> None:
    exc = ModuleNotFoundError("No module named ...", name=name)
    assert resources.devstack_missing(exc, "etl kibana import") is exc


@pytest.mark.parametrize(
    ("argv", "module"),
    [(["es", "status"], "etl.devstack.localnode"), (["kibana", "import", "--url", "http://127.0.0.1:9"], "etl.devstack.kibana")],
)
def test_the_devstack_commands_fail_with_a_sentence_without_the_devstack(
    argv: list[str], module: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from etl.cli import main

    monkeypatch.setitem(sys.modules, module, None)  # `import` now raises ModuleNotFoundError(name=module)
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"etl {argv[0]}: error: `etl {argv[0]} {argv[1]}` is not available in this installation")
    assert "the local dev stack ships with the source checkout" in err
