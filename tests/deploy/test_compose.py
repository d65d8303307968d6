"""docker-compose.yml, .env.example and tools/docker/airflow.Dockerfile: valid and consistent.

Validation, best available first:

1. ``docker compose config -q`` when the Compose plugin works (it only parses; no daemon needed);
2. otherwise the Compose specification's JSON schema, taken from the ``docker-compose`` 1.29.2
   wheel on PyPI (``compose/config/compose_spec.json``; downloaded once with pip into
   ``.local/compose-spec/``, never installed: that package pins PyYAML<6), checked with jsonschema
   after interpolating the variables from ``.env.example``. That schema dates from 2021, so the
   compose file sticks to keys it knows. Skipped when PyPI cannot be reached;
3. always: a focused structural check of the keys this project relies on (below).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / ".env.example"
DOCKERFILE = ROOT / "tools" / "docker" / "airflow.Dockerfile"
DOCKERIGNORE = ROOT / "tools" / "docker" / "airflow.Dockerfile.dockerignore"
SPEC_CACHE = ROOT / ".local" / "compose-spec"
SPEC_WHEEL_REQ = "docker-compose==1.29.2"

ONE_SHOT = {"es-setup", "setup", "airflow-init"}
AIRFLOW_SERVICES = {"airflow-init", "airflow-apiserver", "airflow-scheduler", "airflow-dag-processor", "airflow-triggerer"}
_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$\$|\$([A-Za-z_][A-Za-z0-9_]*)")


def env_example() -> dict[str, str]:
    out = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            out[key.strip()] = value.strip()
    return out


def interpolate(value: Any, env: dict[str, str], missing: list[str]) -> Any:
    """Compose's variable interpolation (${V}, ${V:-d}, ${V-d}, ${V:?e}, ${V?e}, $$) over a loaded YAML tree."""
    if isinstance(value, dict):
        return {k: interpolate(v, env, missing) for k, v in value.items()}
    if isinstance(value, list):
        return [interpolate(v, env, missing) for v in value]
    if not isinstance(value, str):
        return value

    def sub(m: re.Match[str]) -> str:
        if m.group(0) == "$$":
            return "$"
        name = m.group(1) or m.group(4)
        op, arg = m.group(2), m.group(3) or ""
        present = name in env
        val = env.get(name, "")
        if op == ":-":
            return val if val else arg
        if op == "-":
            return val if present else arg
        if op in (":?", "?"):
            if not present or (op == ":?" and not val):
                missing.append(f"{name} ({arg})")
            return val
        if not present:
            missing.append(name)
        return val

    return _VAR.sub(sub, value)


RAW = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
_missing: list[str] = []
RESOLVED = interpolate(RAW, env_example(), _missing)
SERVICES: dict[str, dict[str, Any]] = RESOLVED["services"]


def _docker_compose_works() -> bool:
    if not shutil.which("docker"):
        return False
    proc = subprocess.run(["docker", "compose", "version"], capture_output=True, text=True, timeout=60)
    return proc.returncode == 0


# -- validation ------------------------------------------------------------------------------------


def test_env_example_defines_every_required_variable() -> None:
    assert not _missing, f".env.example lacks {_missing}"
    env = env_example()
    for key, value in env.items():
        if "PASSWORD" in key or "SECRET" in key:
            assert value.startswith("change-me") or value in ("airflow", ""), f"{key} looks like a real secret"


def test_env_file_is_ignored_by_git() -> None:
    patterns = {line.strip() for line in (ROOT / ".gitignore").read_text(encoding="utf-8").splitlines()}
    assert patterns & {".env", "/.env"}, ".env must be gitignored"
    assert not patterns & {".env.example", ".env*", ".env.*"}, ".env.example must stay tracked"


def _compose_spec_schema() -> dict[str, Any] | None:
    target = SPEC_CACHE / "compose_spec.json"
    if not target.exists():
        SPEC_CACHE.mkdir(parents=True, exist_ok=True)
        proc = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:", "-q", "-d", str(SPEC_CACHE), SPEC_WHEEL_REQ],
            capture_output=True,
            text=True,
            timeout=180,
        )
        wheels = sorted(SPEC_CACHE.glob("docker_compose-1.29.2-*.whl"))
        if proc.returncode != 0 or not wheels:
            return None
        with zipfile.ZipFile(wheels[0]) as zf:
            target.write_bytes(zf.read("compose/config/compose_spec.json"))
    return json.loads(target.read_text(encoding="utf-8"))


def test_compose_file_validates() -> None:
    if _docker_compose_works():
        env = dict(os.environ) | env_example()
        proc = subprocess.run(
            ["docker", "compose", "--env-file", str(ENV_EXAMPLE), "-f", str(COMPOSE), "--profile", "celery", "config", "-q"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stderr
        return
    import jsonschema

    schema = _compose_spec_schema()
    assert schema is not None, (
        f"no `docker compose` here and {SPEC_WHEEL_REQ} (which ships the compose-spec schema) could not be "
        "downloaded from the package index; check the network to PyPI"
    )
    validator_cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft201909Validator)
    errors = sorted(validator_cls(schema).iter_errors(RESOLVED), key=lambda e: list(e.absolute_path))
    assert not errors, "\n".join(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors)


# -- structure -------------------------------------------------------------------------------------


def test_services_present() -> None:
    expected = {"es-setup", "elasticsearch", "kibana", "setup", "postgres", "redis", "airflow-worker"} | AIRFLOW_SERVICES
    assert expected <= set(SERVICES)


def test_healthchecks_and_depends_on_conditions() -> None:
    for name, svc in SERVICES.items():
        if name not in ONE_SHOT or name == "es-setup":
            test = svc.get("healthcheck", {}).get("test")
            assert test, f"{name} has no healthcheck"
        for dep, spec in (svc.get("depends_on") or {}).items():
            assert dep in SERVICES, f"{name} depends on unknown {dep}"
            condition = spec["condition"]
            assert condition in ("service_healthy", "service_completed_successfully"), f"{name} → {dep}: {condition}"
            if condition == "service_healthy":
                assert SERVICES[dep].get("healthcheck"), f"{name} waits for {dep} to be healthy, but it has no healthcheck"
            else:
                assert dep in ONE_SHOT, f"{name} waits for {dep} to complete, but it is not a one-shot service"
            if not svc.get("profiles"):
                assert not SERVICES[dep].get("profiles"), f"{name} (always on) depends on {dep}, which is only in a profile"


def test_depends_on_has_no_cycle() -> None:
    state: dict[str, int] = {}

    def visit(name: str, path: list[str]) -> None:
        if state.get(name) == 1:
            raise AssertionError("dependency cycle: " + " → ".join([*path, name]))
        if state.get(name) == 2:
            return
        state[name] = 1
        for dep in SERVICES[name].get("depends_on") or {}:
            visit(dep, [*path, name])
        state[name] = 2

    for name in SERVICES:
        visit(name, [])


def test_named_volumes_declared_and_data_persisted() -> None:
    declared = set(RESOLVED.get("volumes") or {})
    for name, svc in SERVICES.items():
        for volume in svc.get("volumes") or []:
            source = volume.split(":", 1)[0]
            if not source.startswith((".", "/")):
                assert source in declared, f"{name} uses undeclared volume {source}"
    assert any(v.endswith(":/usr/share/elasticsearch/data") and v.startswith("es-data") for v in SERVICES["elasticsearch"]["volumes"])
    assert any(v.startswith("postgres-db-volume:") for v in SERVICES["postgres"]["volumes"])


def test_security_on_by_default_and_kibana_uses_kibana_system() -> None:
    es_env = SERVICES["elasticsearch"]["environment"]
    assert es_env["xpack.security.enabled"] == "true"
    assert es_env["xpack.security.http.ssl.enabled"] == "true"
    assert es_env["ELASTIC_PASSWORD"] == env_example()["ELASTIC_PASSWORD"]
    kb_env = SERVICES["kibana"]["environment"]
    assert kb_env["ELASTICSEARCH_USERNAME"] == "kibana_system"
    assert kb_env["ELASTICSEARCH_PASSWORD"] == env_example()["KIBANA_PASSWORD"]
    assert kb_env["ELASTICSEARCH_HOSTS"].startswith("https://elasticsearch:9200")
    script = SERVICES["es-setup"]["command"][-1]
    assert "elasticsearch-certutil" in script and "_security/user/kibana_system/_password" in script
    # Secrets reach the es-setup script through its environment, not the command line.
    assert env_example()["ELASTIC_PASSWORD"] not in script


def _image_tag(service: str) -> tuple[str, str]:
    image = SERVICES[service]["image"]
    repo, _, tag = image.rpartition(":")
    return repo, tag


def test_elastic_versions_agree_with_client_pin_and_local_node() -> None:
    from etl.devstack.localnode import ES_VERSION

    es_repo, es_tag = _image_tag("elasticsearch")
    kb_repo, kb_tag = _image_tag("kibana")
    assert es_repo == "docker.elastic.co/elasticsearch/elasticsearch"
    assert kb_repo == "docker.elastic.co/kibana/kibana"
    assert es_tag == kb_tag == _image_tag("es-setup")[1]
    # The default in the compose file itself (not only .env.example) is the local node's version.
    assert "${ES_VERSION:-" + ES_VERSION + "}" in COMPOSE.read_text(encoding="utf-8")
    assert env_example()["ES_VERSION"] == ES_VERSION
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    (pin,) = [d for d in deps if re.match(r"elasticsearch\b", d)]
    low = int(re.search(r">=\s*(\d+)", pin).group(1))
    high = int(re.search(r"<\s*(\d+)", pin).group(1))
    major = int(es_tag.split(".")[0])
    assert low <= major < high, f"Elasticsearch {es_tag} is outside the client pin {pin}"
    import elasticsearch

    assert elasticsearch.__versionstr__.split(".")[0] == str(major)


def test_airflow_image_agrees_with_pyproject_pin() -> None:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    (pin,) = [d for d in deps if d.startswith("apache-airflow")]
    version = re.search(r"==\s*([\d.]+)", pin).group(1)
    text = DOCKERFILE.read_text(encoding="utf-8")
    froms = re.findall(r"^FROM\s+(\S+)", text, re.M)
    assert froms == [f"apache/airflow:{version}-python3.11"]
    assert re.search(rf"^ARG AIRFLOW_VERSION={re.escape(version)}$", text, re.M)
    for name in AIRFLOW_SERVICES | {"setup", "airflow-worker"}:
        build = SERVICES[name]["build"]
        assert (build["context"], build["dockerfile"]) == (".", "tools/docker/airflow.Dockerfile")


def test_airflow_configuration() -> None:
    env = SERVICES["airflow-scheduler"]["environment"]
    assert env["AIRFLOW__CORE__EXECUTOR"] == "LocalExecutor"
    assert env["AIRFLOW__CORE__EXECUTION_API_SERVER_URL"] == "http://airflow-apiserver:8080/execution/"
    assert env["AIRFLOW__CORE__AUTH_MANAGER"].endswith("simple_auth_manager.SimpleAuthManager")
    assert env["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN"].startswith("postgresql+psycopg2://airflow:")
    conn = json.loads(env["AIRFLOW_CONN_ELASTICSEARCH_DEFAULT"])
    assert (conn["host"], conn["port"], conn["login"]) == ("elasticsearch", 9200, "elastic")
    assert conn["password"] == env_example()["ELASTIC_PASSWORD"]
    assert conn["extra"]["scheme"] == "https"
    certs_mount = next(v for v in SERVICES["airflow-scheduler"]["volumes"] if v.startswith("certs:"))
    assert conn["extra"]["ca_certs"].startswith(certs_mount.split(":")[1] + "/")
    assert SERVICES["airflow-apiserver"]["command"] == "api-server"
    assert SERVICES["airflow-dag-processor"]["command"] == "dag-processor"
    assert SERVICES["airflow-triggerer"]["command"] == "triggerer"
    assert SERVICES["airflow-apiserver"]["ports"] == ["127.0.0.1:8080:8080"]
    assert SERVICES["airflow-init"]["environment"]["_AIRFLOW_DB_MIGRATE"] == "true"
    for name in ("redis", "airflow-worker"):
        assert SERVICES[name]["profiles"] == ["celery"]
    assert SERVICES["airflow-worker"]["command"] == "celery worker"
    mounts = {v.split(":")[1] for v in SERVICES["airflow-scheduler"]["volumes"]}
    assert {"/opt/airflow/dags", "/opt/project/config", "/opt/airflow/data"} <= mounts
    # With the env override the same file runs Celery.
    celery: list[str] = []
    override = interpolate(RAW, env_example() | {"AIRFLOW__CORE__EXECUTOR": "CeleryExecutor"}, celery)
    assert override["services"]["airflow-worker"]["environment"]["AIRFLOW__CORE__EXECUTOR"] == "CeleryExecutor"


def test_setup_service() -> None:
    setup = SERVICES["setup"]
    script = " ".join(setup["command"])
    assert "etl index setup" in script and "etl kibana import --url http://kibana:5601" in script
    assert setup["depends_on"]["elasticsearch"]["condition"] == "service_healthy"
    assert setup["depends_on"]["kibana"]["condition"] == "service_healthy"
    assert setup["environment"]["ES_URL"] == "https://elasticsearch:9200"
    assert setup["environment"]["KIBANA_USERNAME"] == "elastic"


def test_runtime_requirements_pin_project_deps_from_lock() -> None:
    proc = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "docker" / "runtime_requirements.py")], capture_output=True, text=True, check=True
    )
    lines = proc.stdout.split()
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    assert len(lines) == len(deps) - 1  # all but apache-airflow
    assert not any(line.startswith("apache-airflow") for line in lines)
    for line in lines:
        name, version = line.split("==")
        assert re.search(rf"^{re.escape(name)}=={re.escape(version)}\b", lock, re.M | re.I), line


def test_docker_build_context_is_an_allowlist() -> None:
    lines = [line.strip() for line in DOCKERIGNORE.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
    assert lines[0] == "*"
    allowed = {line[1:] for line in lines if line.startswith("!")}
    assert not allowed & {".env", ".venv", ".local", ".git"}
    assert {"etl", "config", "dags", "pyproject.toml", "requirements.lock"} <= allowed
