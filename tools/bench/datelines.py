"""Wire-dateline benchmark: locations and dates of invented 1987 wire stories, read the pipeline's way.

Data: ``tests/fixtures/wire/stories.jsonl`` (340 invented stories in three batches, 41 without a
dateline; see its PROVENANCE.md and ``compose.py``). Each story is written as a raw ``.txt`` file in its date
partition (``1987/MM/DD/wNNNN.txt``) under ``.local/bench/datelines/<hash of the set>/`` and the
whole folder goes through the real reading path in a fresh interpreter: ``discover_files`` →
``etl.pipeline.process_file`` (read → clean → segment → enrich) with the default settings. A
story is scored on its first document (``article_index`` 0); a file that gives more than one
document is counted and listed, because a wire story is one article.

Metrics, per split (``dev``: looked at while fixing the parser; ``held``: every third story,
scored only in aggregate) and over all stories:

* location accuracy, over stories with a dateline: ``document.dateline.location`` equals the
  expected city after casefolding and collapsing whitespace (``RICHMOND, Va.`` → ``RICHMOND``; a
  canonical spelling that only changes case still counts as right);
* date accuracy, over stories whose dateline has a date: ``published_at``'s calendar date equals
  the dateline's month and day in the partition's year;
* false-location rate, over stories without a dateline: any location returned is wrong (a
  headline, a slug or a sentence taken for a place);
* all right, over all stories: location and date both as expected (``None`` included: a date
  where the dateline has none is wrong too, unless the story carries a dump's time stamp line,
  ``26-MAR-1987 01:40:41.75``: then its date is the expected one).

``--base REV`` scores the tree of commit REV the same way, side by side in the same run (``git
archive`` into ``.local/bench/trees/`` by :func:`tools.bench.compare.archive`, run there with its
own ``etl`` first on the path). ``--failures`` lists the dev stories this tree gets wrong (never the
held ones: tuning on them would spoil the hold-out).

Usage: ``make bench-datelines [BASE=main]`` (= ``.venv/bin/python -m tools.bench.datelines --base
main``); the result is also written to ``tools/bench/results/datelines.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
STORIES = ROOT / "tests" / "fixtures" / "wire" / "stories.jsonl"
WORK = ROOT / ".local" / "bench" / "datelines"
RESULTS = ROOT / "tools" / "bench" / "results"

# Run in the tree under test (cwd and PYTHONPATH at that tree), so each side uses its own pipeline.
_CHILD = r"""
import json, sys
from pathlib import Path
from etl.config import get_settings
from etl.models import Quarantined
from etl.pipeline import process_file
from etl.runner import discover_files
root = Path(sys.argv[1])
settings = get_settings()
out = {}
for f in discover_files(settings, root):
    if isinstance(f, Quarantined):
        continue
    result = process_file(f, settings)
    docs = result.documents
    first = docs[0] if docs else None
    out[f.rel_path] = {
        "location": first.dateline.location if first is not None and first.dateline is not None else None,
        "published": first.published_at.date().isoformat() if first is not None and first.published_at else None,
        "documents": len(docs),
    }
print(json.dumps(out))
"""


@dataclass(frozen=True, slots=True)
class Story:
    id: str
    split: str
    path: str
    text: str
    location: str | None
    month: int | None
    day: int | None
    tags: tuple[str, ...]

    @property
    def expected_date(self) -> str | None:
        if self.month is None or self.day is None:
            return self.stamp_date
        return date(int(self.path[:4]), self.month, self.day).isoformat()

    @property
    def stamp_date(self) -> str | None:
        """The date of a dump's time stamp line at the top (``26-MAR-1987 01:40:41.75``), if any."""
        for line in self.text.strip().splitlines()[:2]:
            m = re.match(r"\s*(\d{1,2})-([A-Za-z]{3})-(\d{4}) \d", line)
            if m:
                month = "janfebmaraprmayjunjulaugsepoctnovdec".index(m[2].lower()) // 3 + 1
                return date(int(m[3]), month, int(m[1])).isoformat()
        return None


def load(path: Path = STORIES) -> list[Story]:
    stories = []
    for line in path.read_text(encoding="utf-8").splitlines():
        r = json.loads(line)
        stories.append(Story(r["id"], r["split"], r["path"], r["text"], r["location"], r["month"], r["day"], tuple(r["tags"])))
    return stories


def materialise(stories: list[Story]) -> Path:
    """The stories as ``.txt`` files in their date partitions, in a folder named by the set's hash."""
    digest = hashlib.sha256(STORIES.read_bytes()).hexdigest()[:12]
    root = WORK / digest
    if not (root / ".complete").exists():
        for s in stories:
            target = root / s.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(s.text, encoding="utf-8")
        (root / ".complete").write_text(digest + "\n")
    return root


def run_tree(tree: Path, root: Path) -> dict[str, dict]:
    """The child's per-file output for the pipeline of ``tree`` on the files under ``root``."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run([sys.executable, "-c", _CHILD, str(root)], cwd=tree, env=env, check=True,
                         capture_output=True, text=True).stdout  # fmt: skip
    return json.loads(out.strip().splitlines()[-1])


def _norm(location: str | None) -> str | None:
    return " ".join(location.split()).casefold() if location else None


def judge(story: Story, got: dict | None) -> dict[str, bool]:
    got = got or {"location": None, "published": None, "documents": 0}
    location_ok = _norm(got["location"]) == _norm(story.location)
    date_ok = got["published"] == story.expected_date
    return {"location": location_ok, "date": date_ok, "all": location_ok and date_ok, "split_file": got["documents"] > 1}


def score(stories: list[Story], outputs: dict[str, dict]) -> dict[str, dict]:
    """Metrics per split and over all stories (see the module docstring)."""
    result: dict[str, dict] = {}
    for split in ("dev", "held", "all"):
        chosen = [s for s in stories if split in ("all", s.split)]
        verdicts = [(s, judge(s, outputs.get(s.path))) for s in chosen]
        with_dl = [v for s, v in verdicts if s.location is not None]
        dated = [v for s, v in verdicts if s.expected_date is not None]
        without = [(s, v) for s, v in verdicts if s.location is None]
        result[split] = {
            "stories": len(chosen),
            "location_accuracy": _rate(v["location"] for v in with_dl),
            "date_accuracy": _rate(v["date"] for v in dated),
            "false_location_rate": _rate(outputs.get(s.path, {}).get("location") is not None for s, _ in without),
            "all_right": _rate(v["all"] for _, v in verdicts),
            "with_dateline": len(with_dl),
            "dated": len(dated),
            "without_dateline": len(without),
            "files_split_in_several": sum(v["split_file"] for _, v in verdicts),
        }
    return result


def _rate(flags) -> float:
    flags = list(flags)
    return round(sum(flags) / len(flags), 4) if flags else 0.0


def failures(stories: list[Story], outputs: dict[str, dict]) -> list[str]:
    lines = []
    for s in stories:
        if s.split != "dev":
            continue
        got = outputs.get(s.path) or {}
        v = judge(s, got)
        if not v["all"] or v["split_file"]:
            first = s.text.strip().splitlines()[:3]
            lines.append(f"{s.id} want {s.location!r} {s.expected_date} got {got.get('location')!r} {got.get('published')}"
                         f" docs={got.get('documents')} tags={','.join(s.tags)}\n    {' | '.join(first)[:160]!r}")  # fmt: skip
    return lines


_ROWS = ("location_accuracy", "date_accuracy", "false_location_rate", "all_right")


def print_table(scores: dict[str, dict[str, dict]]) -> None:
    names = list(scores)
    print(f"\n{'split':6} {'metric':22} " + " ".join(f"{n:>16}" for n in names))
    for split in ("dev", "held", "all"):
        first = scores[names[0]][split]
        print(f"{split:6} {'stories':22} " + " ".join(f"{scores[n][split]['stories']:>16}" for n in names)
              + f"   ({first['with_dateline']} with a dateline, {first['dated']} dated, {first['without_dateline']} without)")  # fmt: skip
        for row in _ROWS:
            print(f"{'':6} {row:22} " + " ".join(f"{scores[n][split][row]:>16.4f}" for n in names))
        print(f"{'':6} {'files split in several':22} " + " ".join(f"{scores[n][split]['files_split_in_several']:>16}" for n in names))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--base", help="also score the tree of this commit (e.g. main), side by side")
    p.add_argument("--failures", action="store_true", help="list the dev stories this tree gets wrong")
    p.add_argument("--out", type=Path, default=RESULTS / "datelines.json")
    args = p.parse_args(argv)
    stories = load()
    root = materialise(stories)
    trees = {"head": ROOT}
    if args.base:
        from tools.bench.compare import archive

        trees = {f"base {args.base}": archive(args.base), **trees}
    outputs = {name: run_tree(tree, root) for name, tree in trees.items()}
    scores = {name: score(stories, out) for name, out in outputs.items()}
    print(f"{len(stories)} stories from {STORIES.relative_to(ROOT)}, files under {root.relative_to(ROOT)}")
    print_table(scores)
    if args.failures:
        print("\ndev stories wrong in head:")
        print("\n".join(failures(stories, outputs["head"])) or "  none")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"set": str(STORIES.relative_to(ROOT)), "scores": scores}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
