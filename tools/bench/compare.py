"""Parsing speed of this tree against another commit, measured side by side in one run.

A shared 2-core VM drifts by ±20 % between runs of identical code, so a speed claim is a ratio of
two trees measured alternately in the same session, never two numbers from different days:

1. ``git archive BASE`` into ``.local/bench/trees/<sha>/`` and build its C kernels in place (the
   same flags as ``setup.py``; a tree without a C file runs its numpy fallbacks, as it would);
2. for each round, in ABBA order (base, head, head, base, …), run each tree's *own*
   ``tools.bench.parse`` in a fresh interpreter with ``cwd`` and ``PYTHONPATH`` at that tree, so
   each side uses its own API and its own bench code, and its own start-up cache
   (``ETL_CACHE_DIR`` under ``.local/bench/cache/``; a shared one would be rebuilt by every run):

   * warm CPU ms per BBC article on one core, per stage (``stage_timings``),
   * cold ``bbc-1x`` on one worker and ``bbc-10x`` on all cores (``--child``: start-up included),
   * cold ``html`` and ``multi`` on one worker;

3. print medians per tree and head/base ratios, and write ``tools/bench/results/compare.json``.

Usage: ``make bench-compare BASE=<rev>`` (= ``.venv/bin/python -m tools.bench.compare --base REV``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import sysconfig
from pathlib import Path

from tools.bench.parse import BENCH_DIR, RESULTS, ROOT, build_corpora, machine

TREES = BENCH_DIR / "trees"
COLD = (("bbc-1x", 1), ("bbc-10x", os.cpu_count() or 1), ("html", 1), ("multi", 1))
_STAGES = (
    "import json, sys; from pathlib import Path; from tools.bench.parse import stage_timings; "
    "print(json.dumps(stage_timings(Path(sys.argv[1]), repeats=int(sys.argv[2]))))"
)


def archive(rev: str) -> Path:
    """The tree of ``rev`` under ``.local/bench/trees/<sha>``, with its C extension built in place."""
    sha = subprocess.run(["git", "rev-parse", rev], cwd=ROOT, check=True, capture_output=True, text=True).stdout.strip()
    tree = TREES / sha[:12]
    if not (tree / ".complete").exists():
        tree.mkdir(parents=True, exist_ok=True)
        tar = subprocess.run(["git", "archive", "--format=tar", sha], cwd=ROOT, check=True, capture_output=True).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=tar, check=True)
        build_extensions(tree)
        (tree / ".complete").write_text(sha + "\n")
    return tree


def build_extensions(tree: Path) -> None:
    """Compile every ``etl/**/_speedups.c`` next to itself, as ``setup.py build_ext --inplace`` would."""
    include = sysconfig.get_paths()["include"]
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    for source in tree.glob("etl/**/_speedups.c"):
        target = source.with_name("_speedups" + suffix)
        subprocess.run(
            ["gcc", "-O2", "-ffp-contract=off", "-shared", "-fPIC", f"-I{include}", str(source), "-o", str(target)],
            check=True,
        )


def _in_tree(tree: Path, args: list[str]) -> dict[str, object]:
    # Each tree keeps its own start-up cache (etl/cache.py), as each deployment does: in one shared
    # directory the two trees' gazetteer files replace each other, and every cold run of both would
    # rebuild it (measuring the rebuild, ~0.5-3 s, instead of the parsing).
    cache = BENCH_DIR / "cache" / (tree.name if tree != ROOT else "head")
    env = {**os.environ, "PYTHONPATH": str(tree), "ETL_CACHE_DIR": str(cache)}
    out = subprocess.run([sys.executable, *args], cwd=tree, env=env, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def one_round(tree: Path, roots: dict[str, Path], stage_repeats: int) -> dict[str, object]:
    result: dict[str, object] = {"stages": _in_tree(tree, ["-c", _STAGES, str(roots["bbc-1x"]), str(stage_repeats)])}
    for name, workers in COLD:
        child = _in_tree(tree, ["-m", "tools.bench.parse", "--child", str(roots[name]), "--workers", str(workers)])
        result[f"{name}/{workers}w"] = {
            "seconds": child["seconds"],
            "articles": child["articles"],
            "articles_per_s": round(child["articles"] / child["seconds"], 1),
            "articles_per_cpu_s": round(child["articles"] / child["cpu_seconds"], 1),
            "maxrss_main_mb": round(child["maxrss_main_mb"], 1),
        }
    return result


def summarise(rounds: list[dict[str, object]]) -> dict[str, float]:
    """Medians over rounds: warm ms/article per stage, cold articles/s and articles per CPU-second."""
    out: dict[str, float] = {}
    for stage in rounds[0]["stages"]:  # type: ignore[union-attr]
        out[f"warm_ms/{stage}"] = round(statistics.median(r["stages"][stage] for r in rounds), 4)  # type: ignore[index]
    for name, workers in COLD:
        key = f"{name}/{workers}w"
        for metric in ("articles_per_s", "articles_per_cpu_s", "maxrss_main_mb"):
            out[f"{key}/{metric}"] = round(statistics.median(r[key][metric] for r in rounds), 1)  # type: ignore[index]
        articles = {r[key]["articles"] for r in rounds}  # type: ignore[index]
        if len(articles) != 1:
            raise SystemExit(f"{key}: the article count changed between rounds: {sorted(articles)}")
        out[f"{key}/articles"] = articles.pop()
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--base", required=True, help="the commit to compare with (e.g. main's previous head)")
    p.add_argument("--rounds", type=int, default=4, help="rounds per tree, run in ABBA order")
    p.add_argument("--stage-repeats", type=int, default=3)
    args = p.parse_args(argv)
    roots = build_corpora()
    trees = {"base": archive(args.base), "head": ROOT}
    info = machine()
    print(f"machine: {info}\nbase {args.base} at {trees['base']}; head = {ROOT}", flush=True)
    rounds: dict[str, list[dict[str, object]]] = {"base": [], "head": []}
    for i in range(args.rounds):
        order = ("base", "head") if i % 2 == 0 else ("head", "base")
        for side in order:
            rounds[side].append(one_round(trees[side], roots, args.stage_repeats))
            print(f"round {i + 1} {side}: {json.dumps(rounds[side][-1])}", flush=True)
    base, head = summarise(rounds["base"]), summarise(rounds["head"])
    ratios = {k: round(head[k] / base[k], 3) for k in base if base[k] and not k.endswith("/articles")}
    print(f"\n{'metric':44} {'base':>10} {'head':>10} {'head/base':>10}")
    for key in base:
        print(f"{key:44} {base[key]:>10} {head[key]:>10} {ratios.get(key, ''):>10}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = {"machine": info, "base": args.base, "rounds": args.rounds, "base_median": base, "head_median": head,
           "head_over_base": ratios, "raw": rounds}  # fmt: skip
    (RESULTS / "compare.json").write_text(json.dumps(out, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
