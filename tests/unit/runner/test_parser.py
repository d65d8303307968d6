"""The parser pool's workers (etl.runner.parser.Parser with more than one worker)."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import orjson

from etl.config import load_settings
from etl.models import SourceFile
from etl.read import discover
from etl.runner import ParsedFile, Parser, RunContext
from tests.conftest import BBC, SAMPLE


def _sigterm_handler_here(_: object) -> str:
    return repr(signal.getsignal(signal.SIGTERM))


def test_workers_die_on_sigterm_even_when_the_parent_ignores_it_in_forked_children(tmp_path: Path) -> None:
    parent = os.getpid()

    def ignore_in_children(signum: int, frame: object) -> None:  # what Airflow's task runner installs
        if os.getpid() != parent:
            return

    before = signal.signal(signal.SIGTERM, ignore_in_children)
    try:
        ctx = RunContext(settings=load_settings(), source_root=tmp_path, run_id="t", index="x", workers=2)
        for _ in range(10):  # a terminated pool used to wait for a worker about one exit in eight
            with Parser(ctx) as parser:
                assert parser._pool.apply(_sigterm_handler_here, (None,)) == repr(signal.SIG_DFL)
            # __exit__ terminated the pool with SIGTERM: its workers died, so it returned.
        for _ in range(20):  # terminated at once: SIGTERM may reach a worker before it resets its handler
            with Parser(ctx):
                pass
    finally:
        signal.signal(signal.SIGTERM, before)


def _a_large_result(i: int) -> bytes:
    return bytes(64 * 1024)


def test_the_worker_handler_thread_sleeps_while_results_flow(tmp_path: Path) -> None:
    # CPython's handler also waits on the result pipe, so it looped once per result (or more) until
    # the result thread had read it: ~0.3 CPU-s of `etl parse` over BBC 1x. It only has to wake for
    # a worker's exit, close/terminate and an emptied cache.
    ctx = RunContext(settings=load_settings(), source_root=tmp_path, run_id="t", index="x", workers=2)
    with Parser(ctx) as parser:
        pool_class = type(parser._pool)
        maintain, original = pool_class.__dict__.get("_maintain_pool"), pool_class._maintain_pool
        rounds = []

        def counting(*args: object) -> None:  # called once per round of the handler's loop
            rounds.append(1)
            original(*args)

        pool_class._maintain_pool = staticmethod(counting)
        try:
            assert len(parser._pool.map(_a_large_result, range(300), chunksize=1)) == 300
        finally:
            if maintain is None:
                del pool_class._maintain_pool
            else:
                pool_class._maintain_pool = maintain
        assert len(rounds) <= 3


def _without_clock(parsed: ParsedFile) -> tuple:
    docs = []
    for *fields, payload in parsed.docs:
        doc = orjson.loads(payload)
        del doc["@timestamp"], doc["ingest"]["ingested_at"]  # when it was serialised
        docs.append((*fields, doc))
    return parsed.source, parsed.unchanged, docs, parsed.problems, parsed.quarantined


def test_workers_answer_every_file_in_order_as_one_process_does(tmp_path: Path) -> None:
    # Workers answer without the SourceFile (the parent has it and puts it back, in order).
    settings = load_settings()
    files = [f for root in (BBC / "tech", SAMPLE) for f in discover(root, config=settings.read)]
    missing = SourceFile(SAMPLE / "nowhere.txt", "nowhere.txt", 0, 0.0)
    items = [(f, None) for f in files] + [(files[0], "not its hash"), (missing, None)]
    answers = {}
    for workers in (1, 2):
        ctx = RunContext(settings=settings, source_root=tmp_path, run_id="t", index="x", workers=workers)
        with Parser(ctx) as parser:
            answers[workers] = list(parser.map(items))
    assert len(answers[2]) == len(items) > 400
    assert [p.source for p in answers[2]] == [source for source, _ in items]
    assert [_without_clock(p) for p in answers[2]] == [_without_clock(p) for p in answers[1]]
    assert answers[2][-1].quarantined and not answers[2][-2].unchanged
