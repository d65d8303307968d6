# The project's image: Apache Airflow with the articles-etl package installed.
# Used by docker-compose.yml for every Airflow service and for the one-shot `setup` service.
#
#   docker compose build            (context: the project root; ignore file: airflow.Dockerfile.dockerignore)
#
# Dependencies: the base image already has Airflow and its dependencies (installed with Airflow's
# constraints). Installing all of requirements.lock over it would bring the dev tools too and
# could move packages under Airflow, so only the project's direct runtime dependencies are
# installed, at their locked versions (tools/docker/runtime_requirements.py), together with
# "apache-airflow==<this image's version>" so that pip never changes Airflow itself.
# The project is installed editable from /opt/project: etl finds config/ next to its package
# (etl.config.PROJECT_ROOT), and docker-compose.yml mounts ./config and ./dags over the copies.
FROM apache/airflow:3.3.2-python3.11

ARG AIRFLOW_VERSION=3.3.2

# gcc builds etl/enrich/_speedups.c (the C kernels of the enrich stage). Without it the install still works
# on the numpy fallback (same results, ~2× slower enrich); with it the image runs what CI tests.
USER root
RUN apt-get update \
 && apt-get install -y --no-install-recommends gcc libc6-dev \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir -p /opt/project/.local && chown -R airflow:0 /opt/project && chmod -R g+rwX,o+rwX /opt/project/.local
USER airflow
WORKDIR /opt/project

COPY --chown=airflow:0 pyproject.toml requirements.lock ./
COPY --chown=airflow:0 tools/docker/runtime_requirements.py tools/docker/
RUN python tools/docker/runtime_requirements.py > /tmp/runtime-requirements.txt \
 && pip install --no-cache-dir "apache-airflow==${AIRFLOW_VERSION}" -r /tmp/runtime-requirements.txt

COPY --chown=airflow:0 . .
RUN test -f README.md || echo "# articles-etl" > README.md \
 && pip install --no-cache-dir --no-deps -e . \
 && python -c "import etl.enrich._speedups" \
 && etl --help > /dev/null

WORKDIR /opt/airflow
