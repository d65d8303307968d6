"""Where the package finds its files: the data in ``config/``, and the project root.

Standard library only (plus :mod:`etl.errors`): the DAG settings loader and the local dev stack
import it, and both must stay cheap.

**Config data is package data.** ``settings.yaml``, the Elasticsearch templates
(``elasticsearch/*.json``), the document schema (``schema/document.schema.json``) and the Kibana
objects (``kibana/saved_objects.ndjson``) are read through :mod:`importlib.resources` as
``files("etl") / "_config" / …``, so a wheel (``pip install .``, a Docker image) carries them and
finds them without a source tree.

How ``config/`` becomes ``etl/_config`` (decided by trying each in an editable install, in a wheel
and with the source tree imported straight off ``sys.path``):

* **chosen:** ``etl/_config`` is a relative symlink to the top-level ``config/``, which stays where
  users edit it. One lookup works everywhere: in a source checkout and an editable install the
  link resolves to ``config/`` (edits show at once); building an sdist or a wheel copies the files
  through the link, so there they are plain files under ``etl/_config/``
  (``[tool.setuptools.package-data]`` in pyproject.toml lists them;
  tests/deploy/test_wheel_install.py checks the wheel). A checkout made without symlink support
  (``git config core.symlinks false``) gets a text file there instead: :func:`config_root` says so.
* rejected: setuptools ``package-dir = {"etl._config": "config"}``. The wheel is right, but
  setuptools' PEP 660 editable finder cannot import the mapped ``etl._config`` without a
  ``config/__init__.py`` (a namespace package nested under a regular one is only found through
  ``sys.path`` entries), and a source tree imported off ``sys.path`` never sees the mapping.
* rejected: a build step that copies ``config/`` into the wheel. Editable installs and the source
  tree would then need a second, path-based lookup beside importlib.resources.

Overrides: ``ETL_CONFIG_FILE`` names another settings file (it wins for ``settings.yaml`` only);
``ETL_CONFIG_DIR`` names a folder laid out like ``config/`` that replaces the packaged copy for
every file (the Docker image points it at ``/opt/project/config``, where docker-compose.yml mounts
``./config``).

**PROJECT_ROOT** is the folder above the ``etl`` package: the source checkout. Defaults derived
from it (``.local/runs``, ``.local/staging``, ``data/sample``, the local Elasticsearch node's
``.local/es`` and ``tools/es``) are source-checkout defaults. In a wheel install it is the
``site-packages`` folder and means nothing useful: set ``ETL_PROJECT_ROOT`` (the Docker image sets
``/opt/project``) or pass the paths explicitly.
"""

from __future__ import annotations

import os
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from etl.errors import ConfigError, DevStackError

PROJECT_ROOT = Path(os.environ.get("ETL_PROJECT_ROOT") or Path(__file__).resolve().parent.parent)

CONFIG_DIR_ENV = "ETL_CONFIG_DIR"
CONFIG_FILE_ENV = "ETL_CONFIG_FILE"


def config_root() -> Traversable:
    """The folder of config data: ``$ETL_CONFIG_DIR`` if set, else the packaged ``etl/_config``."""
    override = os.environ.get(CONFIG_DIR_ENV)
    if override:
        if not Path(override).is_dir():
            raise ConfigError(f"{CONFIG_DIR_ENV}={override} is not a directory")
        return Path(override)
    root = files("etl") / "_config"
    if not root.is_dir():
        raise ConfigError(
            f"the package data folder {root} is missing. In a source checkout etl/_config is a symlink "
            "to config/: check it out with symlinks enabled (git config core.symlinks true), or reinstall the wheel"
        )
    return root


def config_file(*parts: str) -> Traversable:
    """One file (or folder) of the config data, e.g. ``config_file("elasticsearch", "runs-index-template.json")``."""
    found = config_root()
    for part in parts:
        found = found / part
    return found


def settings_file() -> Traversable:
    """The settings YAML: ``$ETL_CONFIG_FILE`` if set, else ``settings.yaml`` of the config data."""
    override = os.environ.get(CONFIG_FILE_ENV)
    return Path(override) if override else config_file("settings.yaml")


def devstack_missing(exc: ModuleNotFoundError, command: str) -> Exception:
    """The error for ``etl es`` / ``etl kibana`` when ``etl.devstack`` is not installed (a wheel leaves it out).

    ``raise devstack_missing(exc, "etl es") from None`` in an ``except ModuleNotFoundError``; any other
    missing module is returned unchanged, so it is raised as it was.
    """
    if exc.name != "etl.devstack" and not (exc.name or "").startswith("etl.devstack."):
        return exc
    return DevStackError(
        f"`{command}` is not available in this installation: the local dev stack ships with the source "
        "checkout; the wheel leaves etl/devstack out. Run it from a checkout (`make install` there installs "
        "the package editable)"
    )
