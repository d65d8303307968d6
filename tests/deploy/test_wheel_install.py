"""A wheel install (not editable) runs ``etl parse``: the wheel carries config/ as package data and
leaves etl/devstack out.

How (issue 12, part 5):

* the wheel is built with ``uv build --wheel`` from a copy of the project files (``pyproject.toml``,
  ``setup.py``, ``README.md``, ``etl/``, ``config/``, symlinks kept), so a stale ``build/`` or
  ``*.egg-info`` of the checkout cannot leak into it, and nothing else of the checkout is needed;
* a fresh venv gets the whole ``requirements.lock`` (``uv pip sync``, hash-checked), then the wheel
  with ``--no-deps``, then ``uv pip check`` proves the wheel's own requirements are met by the lock.
  The whole lock rather than a hand-picked subset: it is exactly what ``make install`` has just put
  into uv's cache, so uv hard-links it in (~3 s; the whole test ~30 s. With an empty uv cache the
  lock is downloaded (the cache then holds ~850 MB): the test took ~40 s here);
* the installed ``etl`` runs from a folder outside the checkout, with no ETL_* overrides, so nothing
  can resolve through the source tree; its documents must equal the checkout's, line for line.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED

pytestmark = pytest.mark.slow

UV = Path(sys.executable).with_name("uv")
PROJECT_FILES = ("pyproject.toml", "setup.py", "README.md")
PROJECT_DIRS = ("etl", "config")
DEVSTACK_MESSAGE = "the local dev stack ships with the source checkout"


def _run(cmd: list[str | Path], cwd: Path, env: dict[str, str] | None = None, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(c) for c in cmd], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)


def _ok(proc: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert proc.returncode == 0, f"{proc.args} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}"
    return proc


def _clean_env(**extra: str) -> dict[str, str]:
    """The environment without anything that points into the checkout or overrides the config."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("ETL_", "ES_", "PYTHON", "VIRTUAL_ENV")) and k != "PATH"
    }
    env["PATH"] = os.pathsep.join(p for p in os.environ.get("PATH", "").split(os.pathsep) if not p.startswith(str(ROOT)))
    env["ETL_CACHE_DIR"] = "off"
    return env | extra


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Build the wheel, install it into a fresh venv; the wheel, the venv and an empty working folder."""
    if not UV.is_file():
        pytest.fail(f"{UV} not found: uv is a dev dependency (`make install`)")
    base = tmp_path_factory.mktemp("wheel-install")
    src, dist, venv, outside = base / "src", base / "dist", base / "venv", base / "elsewhere"
    src.mkdir()
    outside.mkdir()
    for name in PROJECT_FILES:
        shutil.copy2(ROOT / name, src / name)
    for name in PROJECT_DIRS:
        shutil.copytree(
            ROOT / name, src / name, symlinks=True, ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.so")
        )
    env = _clean_env()
    _ok(_run([UV, "build", "--wheel", "--python", sys.executable, "--out-dir", dist, src], cwd=base, env=env))
    (wheel,) = dist.glob("articles_etl-*.whl")
    _ok(_run([UV, "venv", "--python", sys.executable, venv], cwd=base, env=env))
    python = venv / "bin" / "python"
    _ok(_run([UV, "pip", "sync", "--python", python, ROOT / "requirements.lock"], cwd=base, env=env))
    _ok(_run([UV, "pip", "install", "--python", python, "--no-deps", wheel], cwd=base, env=env))
    _ok(_run([UV, "pip", "check", "--python", python], cwd=base, env=env))
    return {"wheel": wheel, "venv": venv, "outside": outside}


def _installed_etl(installed: dict[str, Path], *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return _run([installed["venv"] / "bin" / "etl", *args], cwd=installed["outside"], env=_clean_env(**env))


def test_the_wheel_carries_config_and_the_pipeline_but_not_the_devstack(installed) -> None:  # noqa: ANN001
    with zipfile.ZipFile(installed["wheel"]) as wheel:
        names = set(wheel.namelist())
        config = sorted(p for p in (ROOT / "config").rglob("*") if p.is_file())
        assert config, "config/ is empty"
        for path in config:
            packaged = "etl/_config/" + path.relative_to(ROOT / "config").as_posix()
            assert packaged in names, f"{packaged} is not in the wheel"
            assert wheel.read(packaged) == path.read_bytes(), f"{packaged} differs from {path}"
    assert not [n for n in names if n.startswith("etl/devstack/")], "the wheel carries etl/devstack"
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "etl").rglob("*.py") if "devstack" not in p.parts}
    assert modules - names == set(), "pipeline modules missing from the wheel"
    assert not [n for n in names if n.endswith((".c", ".pyc"))]
    compiler = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(compiler):
        assert any(n.startswith("etl/enrich/_speedups.") and n.endswith(".so") for n in names), "C kernels not built"


def test_the_installed_package_finds_its_data_through_importlib_resources(installed, tmp_path: Path) -> None:  # noqa: ANN001
    probe = (
        "import json, etl, etl.resources as r, etl.index.schema as s\n"
        "from etl.config import get_settings\n"
        "from etl.airflow.dag_settings import airflow_settings\n"
        "print(json.dumps({'etl': etl.__file__, 'root': str(r.config_root()), 'schema_version': s.schema_version(),\n"
        "  'chunk_docs': get_settings().bulk.chunk_docs, 'schedule': airflow_settings()['schedule'],\n"
        "  'document_schema': json.loads(r.config_file('schema', 'document.schema.json').read_text())}))\n"
    )
    python = installed["venv"] / "bin" / "python"
    got = json.loads(_ok(_run([python, "-c", probe], cwd=installed["outside"], env=_clean_env())).stdout)
    site = Path(_ok(_run([python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], cwd=tmp_path)).stdout.strip())
    assert Path(got["etl"]).parent == site / "etl"
    assert Path(got["root"]) == site / "etl" / "_config"
    assert got["schema_version"] >= 1 and got["schedule"] == "@daily" and got["chunk_docs"] == 500
    assert got["document_schema"] == json.loads((ROOT / "config" / "schema" / "document.schema.json").read_text())
    # ETL_CONFIG_FILE still overrides the packaged settings.yaml, for the full model and the DAG loader alike.
    custom = tmp_path / "settings.yaml"
    custom.write_text("bulk:\n  chunk_docs: 7\nairflow:\n  schedule: '@hourly'\n", encoding="utf-8")
    env = _clean_env(ETL_CONFIG_FILE=str(custom))
    got = json.loads(_ok(_run([python, "-c", probe], cwd=installed["outside"], env=env)).stdout)
    assert (got["chunk_docs"], got["schedule"]) == (7, "@hourly")


def test_the_installed_etl_parse_prints_the_same_documents_as_the_checkout(installed) -> None:  # noqa: ANN001
    wheel = _ok(_installed_etl(installed, "parse", str(SEED)))
    checkout = _ok(_run([sys.executable, "-m", "etl.cli", "parse", SEED], cwd=ROOT, env=_clean_env()))
    lines = wheel.stdout.splitlines()
    assert len(lines) == 2, wheel.stdout
    assert json.loads(lines[0])["dateline"]["location"] == "Washington"
    assert lines == checkout.stdout.splitlines()


@pytest.mark.parametrize(
    "args", [("es", "status"), ("kibana", "import", "--url", "http://127.0.0.1:9")], ids=["es-status", "kibana-import"]
)
def test_the_devstack_commands_say_they_need_the_source_checkout(installed, args: tuple[str, ...]) -> None:  # noqa: ANN001
    proc = _installed_etl(installed, *args)
    assert proc.returncode != 0
    assert DEVSTACK_MESSAGE in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr, proc.stderr
