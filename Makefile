# articles-etl — every command a person runs. `make demo` and `make test` are the quick start.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PY        ?= python3
VENV      := .venv
BIN       := $(VENV)/bin
UV_VERSION := 0.13.8
STAMP     := $(VENV)/.installed
ES_PORT   ?= 9200
export AIRFLOW_HOME ?= $(CURDIR)/.local/airflow
export AIRFLOW__CORE__DAGS_FOLDER := $(CURDIR)/dags
export AIRFLOW__CORE__LOAD_EXAMPLES := False
export ES_URL ?= http://127.0.0.1:$(ES_PORT)
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: help install sysdeps es-start es-stop es-status demo test test-fast airflow airflow-stop bench bench-parse bench-extraction bench-datelines bench-keywords bench-facets bench-ner ner-model bench-compare lock audit clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(STAMP): requirements.lock pyproject.toml setup.py etl/enrich/_speedups.c etl/segment/_speedups.c
	@test -x $(BIN)/python || $(PY) -m venv $(VENV)
	@$(BIN)/python -m pip install -q "uv==$(UV_VERSION)"
	$(BIN)/uv pip sync -q --compile-bytecode --python $(BIN)/python requirements.lock
	$(BIN)/uv pip install -q --python $(BIN)/python --no-deps -e .
	@# Bytecode up front: every Airflow task and pipeline worker is a fresh interpreter, and compiling
	@# the sources each time (PYTHONDONTWRITEBYTECODE, read-only trees) costs ~0.5 s per start.
	@$(BIN)/python -m compileall -q etl dags tools > /dev/null
	@touch $@

install: $(STAMP) ## create .venv from the lock file (exact versions)

sysdeps: ## system packages the tests need (PostgreSQL server, Chromium); installs only what is missing
	@scripts/sysdeps

es-start: install ## start the local Elasticsearch node (ES_PORT, default 9200)
	$(BIN)/etl es start --port $(ES_PORT)

es-stop: ## stop the local Elasticsearch node by its pid
	@test -x $(BIN)/etl && $(BIN)/etl es stop --port $(ES_PORT) || true

es-status:
	$(BIN)/etl es status --port $(ES_PORT)

demo: install es-start ## ingest the bundled sample through the DAG and search it
	@scripts/demo

test: install sysdeps ## the whole suite; starts and stops its own services
	$(BIN)/python -m pytest -p no:cacheprovider

test-fast: install ## unit tests only (no services)
	$(BIN)/python -m pytest -p no:cacheprovider tests/unit

airflow: install sysdeps es-start ## full Airflow on http://localhost:8080 (PostgreSQL metadata DB); stop: Ctrl-C or make airflow-stop
	@scripts/airflow-up

airflow-stop: ## stop what make airflow started (Airflow, its PostgreSQL) by the pids it recorded
	@scripts/airflow-down

bench: install ## end-to-end benchmark → BENCHMARKS.md
	$(BIN)/python -m tools.bench.e2e

bench-parse: install ## etl parse against pySBD (ratio), parsing throughput and memory (1x, 10x, HTML)
	$(BIN)/python -m tools.bench.parse

bench-extraction: install ## extraction quality, dates, titles and speed against trafilatura, htmldate and BASE (default main) on the multilingual set
	$(BIN)/python -m tools.bench.extraction --set all --base $(or $(BASE),main) --out tools/bench/results/extraction.json

bench-ner: install ## entity quality: document-level P/R/F1 on gmb (dev), wikigold (train-fit) and our invented wire stories, set A and held-aside sets B and C (whole pipeline), this tree beside BASE (default main)
	$(BIN)/python -m tools.bench.ner --base $(or $(BASE),main)
	$(BIN)/python -m tools.bench.ner_wire --base $(or $(BASE),main)
	$(BIN)/python -m tools.bench.ner_wire --base $(or $(BASE),main) --stories tools/bench/wire_ner/stories_b.txt --label "wire B (classes read: optimistic)"
	$(BIN)/python -m tools.bench.ner_wire --base $(or $(BASE),main) --stories tools/bench/wire_ner/stories_c.txt --label "wire C (held aside: measure only)"

ner-model: install ## rebuild etl/enrich/data/ner_model.json from wikigold (reproducible)
	$(BIN)/python -m tools.ner.build_model

bench-datelines: install ## wire-dateline locations and dates on the invented 1987 wire set, this tree beside BASE (default main)
	$(BIN)/python -m tools.bench.datelines --base $(or $(BASE),main) $(if $(FAILURES),--failures)

bench-keywords: install ## keyphrase F1@10 against YAKE on the BBC keyphrase dev set (dev and held-out splits), junk share, lengths; fails below the floors
	$(BIN)/python -m tools.bench.keywords --check --out tools/bench/results/keywords.json

bench-facets: install ## top-30 entity facets of a wire-style archive built from BBC at bench time; fails on junk values
	$(BIN)/python -m tools.bench.facets --check

bench-compare: install ## parsing speed of this tree against BASE=<rev>, side by side (git archive)
	@test -n "$(BASE)" || { echo "usage: make bench-compare BASE=<commit>"; exit 2; }
	$(BIN)/python -m tools.bench.compare --base $(BASE)

lock: ## re-resolve requirements.lock from pyproject.toml
	$(BIN)/uv pip compile -q pyproject.toml --extra dev --python-version 3.11 --python-platform x86_64-unknown-linux-gnu --generate-hashes -o requirements.lock

audit: install ## known vulnerabilities in the locked dependencies
	$(BIN)/pip-audit --strict -r requirements.lock --disable-pip --no-deps

clean: es-stop ## remove local state (.local: Elasticsearch data, Airflow home, runs)
	rm -rf .local
