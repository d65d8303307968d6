"""The parser pool's workers (etl.runner.parser.Parser with more than one worker)."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from etl.config import load_settings
from etl.runner import Parser, RunContext


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
