"""docker-compose.yml, .env.example and tools/docker/airflow.Dockerfile: valid and consistent.

Validation, best available first:

1. ``docker compose config -q`` when the Compose plugin works (it only parses; no daemon needed);
2. otherwise the Compose specification's JSON schema, taken from the ``docker-compose`` 1.29.2
   wheel on PyPI (``compose/config/compose_spec.json``; downloaded once with pip into
   ``.local/compose-spec/``, never installed: that package pins PyYAML<6), checked with jsonschema
   after interpolating the variables from ``.env.example``. That schema dates from 2021, so the
   compose file sticks to keys it knows. Skipped when PyPI cannot be reached;
3. always: a focused structural check of the keys this project relies on (below): a test per defect
   the compose file once had (the staging mount point the image never created; a ``service_healthy``
   wait on a one-shot), each checker with cases of its own, the profiles, pinned images and the
   ``.dockerignore`` files. Docker itself is not needed.

One check runs on a real engine: the ``s3`` profile's Airflow environment, pointed at the test
suite's S3Proxy (the version the ``s3`` service pins), reaches the bucket both by the AWS_* variables
and by the aws_default connection alone.
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

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
ENV_EXAMPLE = ROOT / ".env.example"
DOCKERFILE = ROOT / "tools" / "docker" / "airflow.Dockerfile"
DOCKERIGNORE = ROOT / "tools" / "docker" / "airflow.Dockerfile.dockerignore"
ROOT_DOCKERIGNORE = ROOT / ".dockerignore"
S3PROXY_POM = ROOT / "tools" / "s3proxy" / "pom.xml"
SPEC_CACHE = ROOT / ".local" / "compose-spec"
SPEC_WHEEL_REQ = "docker-compose==1.29.2"

# Services that do their work and exit 0 (restart: "no"); others wait for them with
# service_completed_successfully, never service_healthy.
ONE_SHOT = {"es-certs", "kibana-password", "setup", "airflow-init"}
ES_CLUSTER = ("es01", "es02", "es03")
PROFILES = {"celery": {"redis", "airflow-worker"}, "es-cluster": set(ES_CLUSTER), "s3": {"s3"}}
AIRFLOW_SERVICES = {"airflow-init", "airflow-apiserver", "airflow-scheduler", "airflow-dag-processor", "airflow-triggerer"}


def env_example() -> dict[str, str]:
    out = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            key, _, value = line.partition("=")
            out[key.strip()] = value.strip()
    return out


def interpolate(value: Any, env: dict[str, str], missing: list[str]) -> Any:
    """Compose's variable interpolation over a loaded YAML tree.

    ``${V}``, ``${V:-d}``, ``${V-d}``, ``${V:?e}``, ``${V?e}``, ``${V:+r}``, ``${V+r}``, ``$V`` and
    ``$$``; the default, error and replacement may themselves hold variables (nested, as Compose allows).
    """
    if isinstance(value, dict):
        return {k: interpolate(v, env, missing) for k, v in value.items()}
    if isinstance(value, list):
        return [interpolate(v, env, missing) for v in value]
    if not isinstance(value, str):
        return value
    return _substitute(value, env, missing)


_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OPS = (":-", ":?", ":+", "-", "?", "+")


def _braced_end(text: str, start: int) -> int:
    """The index of the ``}`` closing the ``${`` whose body starts at ``start``."""
    depth, i = 1, start
    while i < len(text):
        if text.startswith("$$", i):
            i += 2
            continue
        if text.startswith("${", i):
            depth, i = depth + 1, i + 2
            continue
        if text[i] == "}":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    raise ValueError(f"unclosed ${{ in {text!r}")


def _substitute(text: str, env: dict[str, str], missing: list[str]) -> str:
    out, i = [], 0
    while i < len(text):
        if not text.startswith("$", i):
            out.append(text[i])
            i += 1
            continue
        if text.startswith("$$", i):
            out.append("$")
            i += 2
            continue
        if text.startswith("${", i):
            end = _braced_end(text, i + 2)
            body = text[i + 2 : end]
            i = end + 1
            name = _NAME.match(body)
            assert name, f"bad variable ${{{body}}}"
            rest = body[name.end() :]
            op = next((o for o in _OPS if rest.startswith(o)), "")
            assert rest == "" or op, f"bad variable ${{{body}}}"
            arg = rest[len(op) :]
            key = name.group(0)
            present, val = key in env, env.get(key, "")
            if op == ":-":
                out.append(val if val else _substitute(arg, env, missing))
            elif op == "-":
                out.append(val if present else _substitute(arg, env, missing))
            elif op == ":+":
                out.append(_substitute(arg, env, missing) if val else "")
            elif op == "+":
                out.append(_substitute(arg, env, missing) if present else "")
            elif op in (":?", "?"):
                if not present or (op == ":?" and not val):
                    missing.append(f"{key} ({_substitute(arg, env, [])})")
                out.append(val)
            else:
                if not present:
                    missing.append(key)
                out.append(val)
            continue
        name = _NAME.match(text, i + 1)
        if name:
            if name.group(0) not in env:
                missing.append(name.group(0))
            out.append(env.get(name.group(0), ""))
            i = name.end()
        else:
            out.append("$")
            i += 1
    return "".join(out)


RAW = yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))
_missing: list[str] = []
RESOLVED = interpolate(RAW, env_example(), _missing)
SERVICES: dict[str, dict[str, Any]] = RESOLVED["services"]


def _docker_compose_works() -> bool:
    if not shutil.which("docker"):
        return False
    proc = subprocess.run(["docker", "compose", "version"], capture_output=True, text=True, timeout=60)
    return proc.returncode == 0


def _profile_lines() -> dict[str, str]:
    """.env.example's commented-out ``KEY=value`` lines: the profiles' (the security-off lines excepted)."""
    commented = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^#\s*([A-Z][A-Z0-9_]*)=(\S*)$", line.strip())
        if m and m.group(1) not in ("ES_SECURITY", "ES_SCHEME", "ES_CA_CERTS", "AIRFLOW__CORE__EXECUTOR"):
            commented[m.group(1)] = m.group(2)
    assert {"ES_CLUSTER_URLS", "ES_REPLICAS", "STAGING_URL"} <= set(commented)
    return commented


def _resolved_with_profile_lines(overrides: dict[str, str] | None = None) -> dict[str, Any]:
    """The compose file resolved with those lines switched on (and ``overrides`` on top)."""
    missing: list[str] = []
    resolved = interpolate(RAW, env_example() | _profile_lines() | (overrides or {}), missing)
    assert not missing, missing
    return resolved


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
    # As .env.example resolves it, and with its commented-out profile lines (es-cluster, s3) switched on.
    for resolved in (RESOLVED, _resolved_with_profile_lines()):
        errors = sorted(validator_cls(schema).iter_errors(resolved), key=lambda e: list(e.absolute_path))
        assert not errors, "\n".join(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors)


# -- structure -------------------------------------------------------------------------------------


def test_services_present() -> None:
    expected = {"es-certs", "elasticsearch", "kibana-password", "kibana", "setup", "postgres", "redis", "airflow-worker"} | AIRFLOW_SERVICES
    expected |= set(ES_CLUSTER) | {"s3"}
    assert expected <= set(SERVICES)


def test_healthchecks_and_depends_on_conditions() -> None:
    for name, svc in SERVICES.items():
        if name not in ONE_SHOT:
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
    certs_script = SERVICES["es-certs"]["command"][-1]
    password_script = SERVICES["kibana-password"]["command"][-1]
    assert "elasticsearch-certutil" in certs_script and "_security/user/kibana_system/_password" in password_script
    # Secrets reach the scripts through their environment, not the command line.
    for script in (certs_script, password_script):
        assert env_example()["ELASTIC_PASSWORD"] not in script and env_example()["KIBANA_PASSWORD"] not in script


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
    assert es_tag == kb_tag
    for name in ("es-certs", "kibana-password", *ES_CLUSTER):
        assert _image_tag(name) == (es_repo, es_tag), name
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


# -- the staging volume: the image creates its mount point, owned by the airflow user ----------------


def dockerfile_instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of a Dockerfile, continuation lines joined, comments dropped."""
    out: list[tuple[str, str]] = []
    pending = ""
    for line in text.splitlines():
        stripped = line.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if pending and stripped.startswith("#"):
            continue  # a comment inside a continued instruction
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        full = (pending + stripped).strip()
        pending = ""
        keyword, _, args = full.partition(" ")
        out.append((keyword.upper(), args.strip()))
    return out


def _staging_mount() -> str:
    (mount,) = [v.split(":")[1] for v in SERVICES["airflow-scheduler"]["volumes"] if v.split(":")[0] == "airflow-staging"]
    return mount


def creates_owned_dir(instructions: list[tuple[str, str]], path: str) -> bool:
    """True when a RUN, while the build runs as root and before the last ``USER airflow``, mkdirs
    ``path`` and chowns it to the airflow user (uid 50000) and group 0."""
    user = "root"
    last_airflow = max((i for i, (k, a) in enumerate(instructions) if k == "USER" and a.split(":")[0] in ("airflow", "50000")), default=-1)
    for i, (keyword, args) in enumerate(instructions):
        if keyword == "USER":
            user = args.split(":")[0]
        if keyword != "RUN" or user not in ("root", "0") or i > last_airflow:
            continue
        words = [w for w in re.split(r"\s+|&&|;", args) if w]
        mkdir = "mkdir" in words and path in words
        chown = any(
            words[j] == "chown" and path in words[j + 1 :] and any(w in ("airflow:0", "50000:0", "airflow:root") for w in words[j + 1 :])
            for j in range(len(words))
        )
        if mkdir and chown:
            return True
    return False


DOCKERFILE_CASES = [
    # (case, Dockerfile text, creates the owned dir)
    ("mkdir and chown as root, then USER airflow", "USER root\nRUN mkdir -p /s \\\n && chown -R airflow:0 /s\nUSER airflow\n", True),
    ("no mkdir (the defect: docker makes it root:root)", "USER root\nRUN chown -R airflow:0 /opt\nUSER airflow\n", False),
    ("mkdir without chown", "USER root\nRUN mkdir -p /s\nUSER airflow\n", False),
    ("chown to the wrong group", "USER root\nRUN mkdir -p /s && chown airflow:airflow /s\nUSER airflow\n", False),
    ("after USER airflow (cannot chown)", "USER airflow\nRUN mkdir -p /s && chown airflow:0 /s\n", False),
    ("another path", "USER root\nRUN mkdir -p /s2 && chown airflow:0 /s2\nUSER airflow\n", False),
]


@pytest.mark.parametrize(("case", "text", "expected"), DOCKERFILE_CASES, ids=[c for c, _, _ in DOCKERFILE_CASES])
def test_staging_dir_checker_recognises_the_fix_and_the_defect(case: str, text: str, expected: bool) -> None:
    assert creates_owned_dir(dockerfile_instructions(text), "/s") is expected, case


def test_the_image_creates_the_staging_mount_point_owned_by_airflow() -> None:
    mount = _staging_mount()
    assert mount == "/opt/airflow/staging"
    # The default staging URL is that mount point, so the volume is what the DAG writes to.
    assert SERVICES["airflow-scheduler"]["environment"]["ETL_STAGING_URL"] == f"file://{mount}"
    instructions = dockerfile_instructions(DOCKERFILE.read_text(encoding="utf-8"))
    assert creates_owned_dir(instructions, mount), f"the Dockerfile must mkdir and chown airflow:0 {mount} before USER airflow"
    assert [a for k, a in instructions if k == "USER"][-1] == "airflow", "the image must end as the airflow user"
    assert "airflow-staging" in (RESOLVED.get("volumes") or {})


# -- one-shots: waited for with service_completed_successfully, never service_healthy --------------------


def is_one_shot(svc: dict[str, Any]) -> bool:
    """A service that does its work and exits: restart "no" (the long-running ones restart)."""
    return str(svc.get("restart", "")).strip('"') == "no"


def healthy_waits_on_one_shots(services: dict[str, dict[str, Any]]) -> list[str]:
    """Every `service_healthy` dependency on a one-shot: compose fails it once the one-shot exits."""
    return [
        f"{name} → {dep}"
        for name, svc in services.items()
        for dep, spec in (svc.get("depends_on") or {}).items()
        if spec.get("condition") == "service_healthy" and dep in services and is_one_shot(services[dep])
    ]


ONE_SHOT_CASES = [
    # (case, services, the bad waits reported)
    (
        "the old es-setup defect",
        {"es-setup": {"restart": "no", "healthcheck": {"test": ["CMD", "true"]}}, "es": {"depends_on": {"es-setup": {"condition": "service_healthy"}}}},
        ["es → es-setup"],
    ),
    (
        "completed_successfully on a one-shot",
        {"certs": {"restart": "no"}, "es": {"depends_on": {"certs": {"condition": "service_completed_successfully"}}}},
        [],
    ),
    (
        "healthy on a long-running service",
        {"es": {"restart": "always", "healthcheck": {"test": ["CMD", "true"]}}, "kb": {"depends_on": {"es": {"condition": "service_healthy"}}}},
        [],
    ),
]


@pytest.mark.parametrize(("case", "services", "bad"), ONE_SHOT_CASES, ids=[c for c, _, _ in ONE_SHOT_CASES])
def test_one_shot_checker_flags_healthy_waits_on_one_shots(case: str, services: dict[str, Any], bad: list[str]) -> None:
    assert healthy_waits_on_one_shots(services) == bad, case


def test_one_shots_are_exactly_the_restart_no_services_and_none_has_a_healthcheck() -> None:
    assert {name for name, svc in SERVICES.items() if is_one_shot(svc)} == ONE_SHOT
    for name in ONE_SHOT:
        assert not SERVICES[name].get("healthcheck"), f"{name} is a one-shot: a healthcheck invites service_healthy waits"
    for name, svc in SERVICES.items():
        if name not in ONE_SHOT:
            assert svc.get("restart") in (None, "always", "unless-stopped"), name


def test_no_service_waits_for_a_one_shot_to_be_healthy() -> None:
    assert not healthy_waits_on_one_shots(SERVICES)


def test_elasticsearch_waits_for_the_certificates_and_kibana_for_the_password_job() -> None:
    for name in ("elasticsearch", *ES_CLUSTER):
        assert SERVICES[name]["depends_on"]["es-certs"] == {"condition": "service_completed_successfully"}, name
    assert SERVICES["kibana-password"]["depends_on"]["elasticsearch"] == {"condition": "service_healthy"}
    assert SERVICES["kibana"]["depends_on"] == {
        "elasticsearch": {"condition": "service_healthy"},
        "kibana-password": {"condition": "service_completed_successfully"},
    }
    # The certificate job makes a certificate for every node that mounts one.
    certs_script = SERVICES["es-certs"]["command"][-1]
    (nodes,) = re.findall(r'nodes="([^"]+)"', certs_script)
    assert set(nodes.split()) == {"elasticsearch", *ES_CLUSTER}
    for name in ("elasticsearch", *ES_CLUSTER):
        env = SERVICES[name]["environment"]
        assert env["xpack.security.http.ssl.certificate"] == f"certs/{name}/{name}.crt"
        assert env["xpack.security.http.ssl.key"] == f"certs/{name}/{name}.key"
    # Security off: the password job has nothing to set and exits 0, so Kibana still starts.
    assert '"$ES_SECURITY" != true' in SERVICES["kibana-password"]["command"][-1]


# -- profiles and images -------------------------------------------------------------------------------


def test_profiles_hold_their_services_and_the_default_stack_needs_none() -> None:
    by_profile: dict[str, set[str]] = {}
    for name, svc in SERVICES.items():
        for profile in svc.get("profiles") or []:
            by_profile.setdefault(profile, set()).add(name)
    assert by_profile == PROFILES
    for name in ("es-certs", "elasticsearch", "kibana-password", "kibana", "setup", "postgres", *AIRFLOW_SERVICES):
        assert not SERVICES[name].get("profiles"), f"{name} must start with a plain `docker compose up`"


_VERSION_TAG = re.compile(r"^\d+(\.\d+)*(-[A-Za-z0-9.]+)?$")


def test_every_pulled_image_has_a_version_tag() -> None:
    for name, svc in SERVICES.items():
        if "build" in svc:
            continue  # the project's image, built from tools/docker/airflow.Dockerfile
        repo, _, tag = svc["image"].rpartition(":")
        assert repo and "/" not in tag, f"{name}: {svc['image']} has no tag"
        assert tag != "latest" and _VERSION_TAG.match(tag), f"{name}: {svc['image']} is not pinned to a version"


def test_es_cluster_nodes_form_one_cluster_and_name_each_other() -> None:
    clusters = set()
    for name in ES_CLUSTER:
        env = SERVICES[name]["environment"]
        assert env["node.name"] == name
        assert "discovery.type" not in env
        seeds = set(env["discovery.seed_hosts"].split(","))
        assert seeds | {name} == set(ES_CLUSTER) and name not in seeds, f"{name} seeds {seeds}"
        assert env["cluster.initial_master_nodes"].split(",") == list(ES_CLUSTER)
        # Security on across nodes requires TLS on the transport layer too.
        assert env["xpack.security.transport.ssl.enabled"] == env["xpack.security.enabled"] == "true"
        assert env["xpack.security.transport.ssl.certificate"] == f"certs/{name}/{name}.crt"
        assert any(v.startswith(f"{name}-data:/usr/share/elasticsearch/data") for v in SERVICES[name]["volumes"])
        assert SERVICES[name]["healthcheck"]["test"]
        clusters.add(env["cluster.name"])
    assert len(clusters) == 1 and clusters != {SERVICES["elasticsearch"]["environment"]["cluster.name"]}


def _cluster_env() -> dict[str, Any]:
    """The Airflow environment with .env.example's es-cluster and s3 lines uncommented."""
    return _resolved_with_profile_lines()["services"]["airflow-worker"]["environment"]


def test_es_cluster_profile_points_airflow_at_all_three_nodes_with_one_replica() -> None:
    env = _cluster_env()
    urls = env["ES_URL"].split(",")
    assert urls == [f"https://{n}:9200" for n in ES_CLUSTER]
    # The DAG reads the connection first: its host carries the same list (a host with :// is a URL).
    assert json.loads(env["AIRFLOW_CONN_ELASTICSEARCH_DEFAULT"])["host"] == env["ES_URL"]
    # pydantic-settings: prefix ETL_, nested delimiter __ (etl/config.py) → elasticsearch.replicas.
    from etl.config import Settings

    assert Settings.model_config["env_prefix"] == "ETL_" and Settings.model_config["env_nested_delimiter"] == "__"
    assert "replicas" in Settings.model_fields["elasticsearch"].annotation.model_fields
    assert env["ETL_ELASTICSEARCH__REPLICAS"] == "1"
    assert SERVICES["airflow-worker"]["environment"]["ETL_ELASTICSEARCH__REPLICAS"] == "0"


def test_s3_profile_runs_s3proxy_and_points_airflow_staging_at_it() -> None:
    s3 = SERVICES["s3"]
    repo, _, tag = s3["image"].rpartition(":")
    pom_version = re.search(r"<s3proxy.version>([^<]+)</s3proxy.version>", S3PROXY_POM.read_text(encoding="utf-8")).group(1)
    assert (repo, tag) == ("andrewgaul/s3proxy", pom_version) and tag.startswith("2.6.")
    assert s3["environment"]["JCLOUDS_PROVIDER"] == "filesystem"
    basedir = s3["environment"]["JCLOUDS_FILESYSTEM_BASEDIR"]
    assert any(v == f"s3-data:{basedir}" for v in s3["volumes"])
    assert s3["environment"]["S3PROXY_IDENTITY"] == env_example()["S3_ACCESS_KEY"]
    assert s3["environment"]["S3PROXY_CREDENTIAL"] == env_example()["S3_SECRET_KEY"]
    port = s3["environment"]["S3PROXY_ENDPOINT"].rsplit(":", 1)[1]
    assert any(p.endswith(f":{port}") for p in s3["ports"])

    env = _cluster_env()
    bucket = s3["environment"]["S3_STAGING_BUCKET"]
    assert env["ETL_STAGING_URL"].startswith(f"s3://{bucket}/")
    assert "${S3_STAGING_BUCKET}" in s3["command"][-1]  # the entrypoint creates the bucket
    assert env["AWS_ENDPOINT_URL"] == f"http://s3:{port}"
    assert env["AWS_REQUEST_CHECKSUM_CALCULATION"] == env["AWS_RESPONSE_CHECKSUM_VALIDATION"] == "when_required"
    assert (env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"]) == (env_example()["S3_ACCESS_KEY"], env_example()["S3_SECRET_KEY"])
    conn = json.loads(env["AIRFLOW_CONN_AWS_DEFAULT"])
    assert conn["conn_type"] == "aws"
    assert (conn["login"], conn["password"]) == (env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"])
    assert conn["extra"]["endpoint_url"] == env["AWS_ENDPOINT_URL"]


def test_celery_profile_follows_airflows_compose() -> None:
    worker, redis = SERVICES["airflow-worker"], SERVICES["redis"]
    assert worker["environment"]["DUMB_INIT_SETSID"] == "0"  # warm shutdown of the workers
    assert "inspect ping" in worker["healthcheck"]["test"][-1] and "celery@${HOSTNAME}" in worker["healthcheck"]["test"][-1]
    assert worker["depends_on"]["redis"] == {"condition": "service_healthy"}
    assert worker["depends_on"]["airflow-init"] == {"condition": "service_completed_successfully"}
    assert redis["healthcheck"]["test"] == ["CMD", "redis-cli", "ping"]
    env = worker["environment"]
    assert env["AIRFLOW__CELERY__BROKER_URL"] == "redis://:@redis:6379/0"
    assert env["AIRFLOW__CELERY__RESULT_BACKEND"].startswith("db+postgresql://airflow:")


# -- .dockerignore: the same rules for both builders; never .env ---------------------------------------


def dockerignore_rules(path: Path) -> list[tuple[bool, re.Pattern[str]]]:
    """(is an exception, pattern) per line, cleaned as Docker does (leading and trailing / dropped)."""
    rules = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        negate = line.startswith("!")
        pattern = line[1:].strip() if negate else line
        pattern = pattern.strip("/")
        regex = ""
        i = 0
        while i < len(pattern):
            if pattern.startswith("**/", i):
                regex, i = regex + "(?:.*/)?", i + 3
            elif pattern.startswith("**", i):
                regex, i = regex + ".*", i + 2
            elif pattern[i] == "*":
                regex, i = regex + "[^/]*", i + 1
            elif pattern[i] == "?":
                regex, i = regex + "[^/]", i + 1
            else:
                regex, i = regex + re.escape(pattern[i]), i + 1
        rules.append((negate, re.compile(regex + r"\Z")))
    return rules


def excluded(rules: list[tuple[bool, re.Pattern[str]]], path: str) -> bool:
    """Docker's rule: the last pattern matching the path or one of its parent folders decides."""
    parts = path.split("/")
    prefixes = ["/".join(parts[: n + 1]) for n in range(len(parts))]
    result = False
    for negate, regex in rules:
        if any(regex.match(p) for p in prefixes):
            result = not negate
    return result


NEVER_IN_CONTEXT = [
    ".env", "etl/.env", ".env.local", ".git", ".git/config", ".venv/bin/python", ".local/compose-spec/x.json",
    "bench-out/run.json", "artifacts/x.log", "etl/__pycache__/x.pyc", ".pytest_cache/v", ".hypothesis/db",
    "etl/enrich/_speedups.cpython-311-x86_64-linux-gnu.so", "tests/unit/test_errors.py",
]


@pytest.mark.parametrize("ignore_file", [ROOT_DOCKERIGNORE, DOCKERIGNORE], ids=[".dockerignore", "airflow.Dockerfile.dockerignore"])
def test_dockerignore_keeps_secrets_and_local_state_out_of_the_context(ignore_file: Path) -> None:
    rules = dockerignore_rules(ignore_file)
    for path in NEVER_IN_CONTEXT:
        assert excluded(rules, path), f"{ignore_file.name} lets {path} into the build context"


def test_both_dockerignore_files_hold_the_same_rules() -> None:
    def rule_lines(path: Path) -> list[str]:
        return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.strip().startswith("#")]

    assert rule_lines(ROOT_DOCKERIGNORE) == rule_lines(DOCKERIGNORE)


def test_everything_the_dockerfile_copies_is_in_the_build_context() -> None:
    rules = dockerignore_rules(ROOT_DOCKERIGNORE)
    sources = []
    for keyword, args in dockerfile_instructions(DOCKERFILE.read_text(encoding="utf-8")):
        if keyword == "COPY":
            words = [w for w in args.split() if not w.startswith("--")]
            sources += words[:-1]
    assert sources
    for src in sources:
        assert (ROOT / src).exists(), src
        assert not excluded(rules, src.rstrip("/")), f"the Dockerfile copies {src}, which .dockerignore leaves out"
        if (ROOT / src).is_dir():  # and the files inside it (not only the folder)
            inside = next(p for p in sorted((ROOT / src).rglob("*")) if p.is_file() and "__pycache__" not in p.parts)
            assert not excluded(rules, str(inside.relative_to(ROOT))), f"{inside.relative_to(ROOT)} is left out of the context"


DOCKERIGNORE_CASES = [
    # (case, rules, path, excluded)
    ("allowlist keeps a listed folder's files", "*\n!etl\n", "etl/a.py", False),
    ("allowlist drops the rest", "*\n!etl\n", "tests/a.py", True),
    ("a later rule wins", "*\n!etl\netl/secret\n", "etl/secret/x", True),
    ("** matches at any depth", "**/__pycache__\n", "a/b/__pycache__/x.pyc", True),
    ("trailing slash is cleaned", ".venv/\n", ".venv/bin/python", True),
    ("* does not cross folders", "*.pyc\n", "etl/a.pyc", False),
]


@pytest.mark.parametrize(("case", "text", "path", "expected"), DOCKERIGNORE_CASES, ids=[c for c, *_ in DOCKERIGNORE_CASES])
def test_dockerignore_matcher_follows_dockers_rules(tmp_path: Path, case: str, text: str, path: str, expected: bool) -> None:
    f = tmp_path / ".dockerignore"
    f.write_text(text, encoding="utf-8")
    assert excluded(dockerignore_rules(f), path) is expected, case


# -- the s3 profile's Airflow environment against a real S3Proxy ------------------------------------------

_AWS_VARS = (
    "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION", "AWS_ENDPOINT_URL",
    "AWS_REQUEST_CHECKSUM_CALCULATION", "AWS_RESPONSE_CHECKSUM_VALIDATION",
)


def test_s3_profile_environment_reaches_a_real_s3proxy_by_variables_and_by_connection(s3_server, monkeypatch) -> None:  # noqa: ANN001
    """The Airflow environment the compose file gives with the s3 lines on (only the endpoint and the
    keys swapped for the test suite's S3Proxy, the same server and version the `s3` service runs):
    the AWS_* variables alone reach the bucket (boto3, as `etl` does), and so does the aws_default
    connection alone (Airflow's ObjectStoragePath)."""
    import uuid

    import boto3

    overrides = {"S3_ACCESS_KEY": s3_server.access_key, "S3_SECRET_KEY": s3_server.secret_key, "S3_ENDPOINT_URL": s3_server.endpoint_url}
    resolved = _resolved_with_profile_lines(overrides)
    env = resolved["services"]["airflow-worker"]["environment"]
    bucket, _, prefix = env["ETL_STAGING_URL"].removeprefix("s3://").partition("/")
    s3_server.create_bucket(resolved["services"]["s3"]["environment"]["S3_STAGING_BUCKET"])  # the entrypoint's mkdir
    key = f"{prefix}/compose-{uuid.uuid4().hex[:8]}/report.json"

    for name in (*_AWS_VARS, "AWS_ENDPOINT_URL_S3", "AWS_PROFILE"):
        monkeypatch.delenv(name, raising=False)
    for name in _AWS_VARS:
        monkeypatch.setenv(name, env[name])
    boto3.client("s3").put_object(Bucket=bucket, Key=key, Body=b'{"by": "variables"}')

    # The connection alone: no credentials or endpoint in the environment (a connection id of this
    # test's own, so no store another test attached is reused).
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_ENDPOINT_URL"):
        monkeypatch.delenv(name)
    conn_id = f"compose_aws_{uuid.uuid4().hex[:8]}"
    monkeypatch.setenv(f"AIRFLOW_CONN_{conn_id.upper()}", env["AIRFLOW_CONN_AWS_DEFAULT"])
    from airflow.sdk import ObjectStoragePath

    path = ObjectStoragePath(f"s3://{bucket}/{key}", conn_id=conn_id)
    assert path.read_text() == '{"by": "variables"}'
    path.write_text('{"by": "connection"}')
    assert boto3.client(
        "s3", endpoint_url=s3_server.endpoint_url, aws_access_key_id=s3_server.access_key, aws_secret_access_key=s3_server.secret_key
    ).get_object(Bucket=bucket, Key=key)["Body"].read() == b'{"by": "connection"}'
