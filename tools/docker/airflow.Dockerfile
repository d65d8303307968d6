# The project's image: Apache Airflow with the articles-etl package installed.
# Used by docker-compose.yml for every Airflow service and for the one-shot `setup` service.
#
#   docker compose build            (context: the project root; ignore file: airflow.Dockerfile.dockerignore,
#                                    or the root .dockerignore with the same rules for the legacy builder)
#
# Dependencies: the base image already has Airflow and its dependencies (installed with Airflow's
# constraints). Installing all of requirements.lock over it would bring the dev tools too and
# could move packages under Airflow, so only the project's direct runtime dependencies are
# installed, at their locked versions (tools/docker/runtime_requirements.py), together with
# "apache-airflow==<this image's version>" so that pip never changes Airflow itself.
#
# The project is installed as a wheel, not editable (what tests/deploy/test_wheel_install.py proves):
# the package carries config/ as package data (etl/resources.py), and the wheel leaves etl/devstack out.
# /opt/project holds only what the containers use from a checkout's layout:
# * config/: ETL_CONFIG_DIR points here, so the ./config that docker-compose.yml mounts over it is
#   what the containers read (without the mount: the same files as the wheel's);
# * data/sample and .local/: ETL_PROJECT_ROOT=/opt/project keeps the source-checkout defaults
#   (the DAG's default source folder, .local/runs) out of site-packages.
FROM apache/airflow:3.3.2-python3.11

ARG AIRFLOW_VERSION=3.3.2

# gcc builds etl/enrich/_speedups.c (the C kernels of the enrich stage). Without it the install still works
# on the numpy fallback (same results, ~2× slower enrich); with it the image runs what CI tests.
USER root
RUN apt-get update \
 && apt-get install -y --no-install-recommends gcc libc6-dev \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /opt/project/.local && chown -R airflow:0 /opt/project && chmod -R g+rwX,o+rwX /opt/project/.local
# The mount point of docker-compose.yml's airflow-staging volume. Docker copies an image directory's
# owner and mode into an empty named volume on first mount; a path the image lacks becomes
# root:root 0755, and the DAG's first task (uid 50000) then fails with PermissionError. Owned by
# airflow (uid 50000), group 0 and group-writable, like /opt/airflow itself, so that any AIRFLOW_UID
# running with gid 0 (the compose file's `user: "${AIRFLOW_UID}:0"`) can write it.
RUN mkdir -p /opt/airflow/staging \
 && chown -R airflow:0 /opt/airflow/staging \
 && chmod -R g+rwX /opt/airflow/staging
USER airflow
WORKDIR /opt/project

COPY --chown=airflow:0 pyproject.toml requirements.lock ./
COPY --chown=airflow:0 tools/docker/runtime_requirements.py tools/docker/
RUN python tools/docker/runtime_requirements.py > /tmp/runtime-requirements.txt \
 && pip install --no-cache-dir "apache-airflow==${AIRFLOW_VERSION}" -r /tmp/runtime-requirements.txt

# Build and install the wheel from the package's own files only (etl/_config is a symlink to
# ../config, which COPY keeps: the wheel gets the files behind it), then drop the sources.
COPY --chown=airflow:0 pyproject.toml setup.py README.md /tmp/build/
COPY --chown=airflow:0 etl /tmp/build/etl
COPY --chown=airflow:0 config /tmp/build/config
# docker-compose.yml's one-shot `setup` service runs `etl kibana import` in this image: of etl/devstack,
# only the Kibana importer (an HTTP POST of config/kibana/saved_objects.ndjson) is added back beside the
# installed package; the local node's and PostgreSQL's pid-file and Maven code stay out.
RUN pip install --no-cache-dir --no-deps /tmp/build \
 && devstack="$(python -c 'import etl, pathlib; print(pathlib.Path(etl.__file__).parent / "devstack")')" \
 && mkdir -p "$devstack" \
 && cp /tmp/build/etl/devstack/__init__.py /tmp/build/etl/devstack/kibana.py "$devstack"/ \
 && python -m compileall -q "$devstack" \
 && rm -rf /tmp/build \
 && cd /tmp \
 && python -c "import etl.enrich._speedups, etl.devstack.kibana, etl.index.schema as s; s.schema_version()" \
 && etl --help > /dev/null

COPY --chown=airflow:0 config /opt/project/config
COPY --chown=airflow:0 data/sample /opt/project/data/sample
ENV ETL_CONFIG_DIR=/opt/project/config \
    ETL_PROJECT_ROOT=/opt/project

WORKDIR /opt/airflow
