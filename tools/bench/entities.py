"""Cost of entity typing, cold and warm, of several trees side by side in one run (issue 13, 15).

Each measurement is a fresh interpreter at one tree (``git archive`` of a revision, or this tree),
with that tree's own ``extract_entities`` and its own start-up cache: the gazetteer and the model are
loaded by one call on a short sentence first (start-up, not typing), then

* **cold**: one pass over BBC 1x (2,225 article bodies: each file minus its title line), the CPU
  time (``time.process_time``) of the ``extract_entities`` calls only, every run typed for the
  first time, as on new text (a wire archive);
* **warm**: a second pass over the same bodies, every run cached.

The trees run in alternating order (A B C, C B A, …), ``--runs`` times each; the medians are
printed in ms per article. The entities each base found are compared with this tree's, article by
article (a speed-only change must find the same), each tree's warm pass with its cold one, and with
``--dump FILE`` they are written out per tree.

Usage: ``.venv/bin/python -m tools.bench.entities --base a9e853c --base ner2 [--runs 3] [--dump /tmp/e.json]``
(this tree is always measured, last in the first round).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from tools.bench.parse import BBC, BENCH_DIR, ROOT

_CHILD = """
import json, sys, time
from etl.enrich.entities import extract_entities
texts = json.load(open(sys.argv[1]))
extract_entities("Warm up in London.")  # loads the gazetteer and the model: start-up, not typing
found, seconds = [], []
for _ in range(2):
    cpu, out = 0.0, []
    for text in texts:
        t0 = time.process_time()
        e = extract_entities(text)
        cpu += time.process_time() - t0
        out.append([e.people, e.organizations, e.locations])
    found.append(out)
    seconds.append(cpu)
json.dump({"cold": seconds[0], "warm": seconds[1], "found": found}, open(sys.argv[2], "w"))
"""


def bbc_bodies(root: Path = BBC) -> list[str]:
    """Every BBC 1x article's text without its title line, in path order."""
    paths = sorted(p for p in root.glob("*/*.txt"))
    return [p.read_text(encoding="utf-8", errors="replace").split("\n", 1)[-1].strip() for p in paths]


def run_tree(tree: Path, texts_path: Path) -> dict:
    """One fresh interpreter at ``tree``: cold and warm CPU seconds, and what it found."""
    cache = BENCH_DIR / "cache" / (tree.name if tree != ROOT else "head")
    env = {**os.environ, "PYTHONPATH": str(tree), "ETL_CACHE_DIR": str(cache)}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out.json"
        subprocess.run([sys.executable, "-c", _CHILD, str(texts_path), str(out)], cwd=tree, env=env, check=True)
        return json.loads(out.read_text())


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--base", action="append", default=[], help="also measure this revision (repeatable)")
    p.add_argument("--runs", type=int, default=3, help="fresh interpreters per tree (median)")
    p.add_argument("--dump", type=Path, help="write every tree's entities per article here (JSON)")
    args = p.parse_args(argv)
    from tools.bench.compare import archive

    trees = {rev: archive(rev) for rev in args.base}
    trees["head"] = ROOT
    texts = bbc_bodies()
    times: dict[str, dict[str, list[float]]] = {name: {"cold": [], "warm": []} for name in trees}
    found: dict[str, list] = {}
    with tempfile.TemporaryDirectory() as tmp:
        texts_path = Path(tmp) / "texts.json"
        texts_path.write_text(json.dumps(texts))
        order = list(trees)
        for r in range(args.runs):
            for name in order if r % 2 == 0 else order[::-1]:
                result = run_tree(trees[name], texts_path)
                for kind in ("cold", "warm"):
                    times[name][kind].append(result[kind] / len(texts) * 1e3)
                found.setdefault(name, result["found"][0])
                same_passes = result["found"][0] == result["found"][1]
                print(f"run {r + 1} {name}: cold {times[name]['cold'][-1]:.3f}, warm {times[name]['warm'][-1]:.3f} "
                      f"ms/article{'' if same_passes else ' (WARM PASS DIFFERS FROM COLD)'}", flush=True)  # fmt: skip
    print(f"\nBBC 1x, {len(texts)} articles, CPU ms/article of extract_entities, median of {args.runs} fresh interpreters")
    print("| tree | cold | warm |\n|---|---:|---:|")
    for name in trees:
        print(f"| {name} | {statistics.median(times[name]['cold']):.3f} | {statistics.median(times[name]['warm']):.3f} |")
    for name in args.base:
        differ = sum(a != b for a, b in zip(found[name], found["head"], strict=True))
        print(f"entities of {name} vs head: {'identical' if not differ else f'{differ} of {len(texts)} articles differ'}")
    if args.dump:
        args.dump.write_text(json.dumps(found))
    return 0


if __name__ == "__main__":
    sys.exit(main())
