#!/usr/bin/env python3
"""Print the project's runtime dependencies, pinned to the versions in requirements.lock.

Used by ``tools/docker/airflow.Dockerfile``. The Airflow image already holds Airflow and
its own dependency set (installed with Airflow's constraints); installing the whole lock
file over it would also pull the dev tools and could move packages Airflow was built
with. So the image gets: ``apache-airflow==<the image's version>`` (to keep pip from
touching Airflow) plus the project's *direct* runtime dependencies from ``pyproject.toml``
at their locked versions; pip resolves their remaining dependencies against the image.

    python tools/docker/runtime_requirements.py [--pyproject P] [--lock L]
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s\\;]+)")


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def locked_versions(lock_text: str) -> dict[str, str]:
    return {normalize(m.group(1)): m.group(2) for line in lock_text.splitlines() if (m := _PIN.match(line))}


def runtime_requirements(pyproject: Path, lock: Path, skip: tuple[str, ...] = ("apache-airflow",)) -> list[str]:
    deps = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]["dependencies"]
    pins = locked_versions(lock.read_text(encoding="utf-8"))
    out = []
    for dep in deps:
        m = _NAME.match(dep)
        if not m:
            raise SystemExit(f"cannot read the dependency {dep!r} in {pyproject}")
        name = normalize(m.group(1))
        if name in skip:
            continue
        if name not in pins:
            raise SystemExit(f"{name} is a dependency in {pyproject} but not pinned in {lock}; run `make lock`")
        out.append(f"{name}=={pins[name]}")
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--pyproject", type=Path, default=ROOT / "pyproject.toml")
    p.add_argument("--lock", type=Path, default=ROOT / "requirements.lock")
    args = p.parse_args(argv)
    sys.stdout.write("".join(line + "\n" for line in runtime_requirements(args.pyproject, args.lock)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
