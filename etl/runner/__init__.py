"""An ingest run: plan → discover → batches → process and index each batch → finish → report.

``etl run`` (:func:`run`) and the Airflow DAG (:mod:`etl.airflow.tasks`) call these same
functions; the DAG runs each batch as a mapped task, ``etl run`` runs them one after
another in one process (with a process pool for the CPU-bound stages).

* :mod:`etl.runner.plan`: the typed :class:`RunPlan` (JSON-able: XCom carries it),
  discovery counted as it streams, and the one batcher with its memory contract;
* :mod:`etl.runner.batch`: one batch (below);
* :mod:`etl.runner.finish`: the end of a run: files seen vs discovery,
  full-sync deletions, the report's sums, and publishing the report;
* :mod:`etl.runner.reindex`: a reindex filled from the source files (the steps are in
  :mod:`etl.index.manage`).

Per batch:

1. read the index's state for the batch's paths (:mod:`etl.index.sync`);
2. skip files whose bytes and pipeline version are unchanged, without parsing them;
3. parse the rest (read → clean → segment → enrich, :func:`etl.pipeline.process_file`);
4. skip documents whose fingerprint is unchanged, index the others, delete
   documents that vanished from a changed file;
5. refresh and check that the index holds exactly what the batch expects;
6. link the written documents to their earliest copy in the index (:mod:`etl.index.duplicates`).
"""

from etl.runner.batch import process_batch
from etl.runner.context import DEFAULT_RUNS_DIR, RunContext, new_run_id
from etl.runner.documents import (
    RUN_FIELDS,
    fingerprint,
    serialise_document,
    simhash_bands,
)
from etl.runner.finish import (
    DeletionRefused,
    delete_vanished,
    finish_run,
    new_report,
    note_discovery_problem,
    publish_report,
)
from etl.runner.parser import ParsedFile, Parser
from etl.runner.plan import (
    MAX_BATCH_FILES,
    DiscoveryCounts,
    RunPlan,
    batch_target,
    batches,
    discover_counted,
    discover_files,
    new_plan,
    plan_batches,
)
from etl.runner.report import RunReport
from etl.runner.run import run

__all__ = [
    "DEFAULT_RUNS_DIR",
    "DeletionRefused",
    "DiscoveryCounts",
    "MAX_BATCH_FILES",
    "ParsedFile",
    "Parser",
    "RUN_FIELDS",
    "RunContext",
    "RunPlan",
    "RunReport",
    "batch_target",
    "batches",
    "delete_vanished",
    "discover_counted",
    "discover_files",
    "fingerprint",
    "finish_run",
    "new_plan",
    "new_report",
    "new_run_id",
    "note_discovery_problem",
    "plan_batches",
    "process_batch",
    "publish_report",
    "run",
    "serialise_document",
    "simhash_bands",
]
