"""Keyword quality: the project's keyphrases against YAKE, side by side, on the BBC keyphrase dev set.

Data: ``tools/bench/keyphrases/bbc-keyphrases.json`` (60 BBC articles, editor-style keyphrases written
for the project; its PROVENANCE.md says how), split into ``dev`` (40, may be tuned on) and
``heldout`` (20, only measured). The article texts are read at run time from
``../shared/corpora/bbc-news`` and never copied into the project.

Method, the same for both systems in one run:

* **Project:** each file goes through the real pipeline (:func:`etl.pipeline.process_file`: read,
  clean, segment, enrich); its ``keywords`` field, in order, is the ranking.
* **YAKE:** ``yake.KeywordExtractor(lan="en", n=3, top=10)`` (its defaults but the top) on the
  document's title and body as the pipeline sees them, ranked by YAKE's score.
* **Matching:** stemmed exact match. A phrase is lower-cased, cut into words at every character
  that is not a letter or digit, each word Porter-stemmed (snowballstemmer's ``porter``); two
  phrases match when their stem sequences are equal. Predictions are de-duplicated on their
  stems, then cut at 10.
* **F1@10:** per article P = matches / predictions (≤ 10), R = matches / gold, F1 = 2PR/(P+R);
  macro-averaged over the articles of a split.
* **Junk:** the share of the top-10 phrases holding a weekday or month name or a unit or
  currency abbreviation (``pct``, ``mln``, ``dlrs`` …), the junk classes of issue 13, from a list
  kept here, apart from the project's own lists.
* **Length:** the share of 1-, 2- and 3+-word phrases in the top 10 (gold: all its phrases).

``--check`` fails (exit 1) when the project is below the floors: F1@10 ≥ :data:`FLOOR_DEV` on dev,
≥ :data:`FLOOR_HELDOUT` on held-out, above YAKE on both, junk < 1 %.

Usage: ``make bench-keywords`` (= ``.venv/bin/python -m tools.bench.keywords --check``);
``--out FILE.json`` also writes the scores as JSON; ``--show`` prints each article's ranking.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BBC = ROOT.parent / "shared" / "corpora" / "bbc-news"
GOLD = ROOT / "tools" / "bench" / "keyphrases" / "bbc-keyphrases.json"
TOP = 10
SPLITS = ("dev", "heldout")
FLOOR_DEV, FLOOR_HELDOUT, MAX_JUNK = 0.40, 0.29, 0.01

_WORD = re.compile(r"[^\W_]+")
_JUNK = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april june
    july august september october november december jan feb mar apr jun jul aug sep sept oct nov dec
    pct percent mln bln dlrs dlr cts stg bpd bbl kg km mph tonnes million billion bn""".split()
)


def _stemmer():  # noqa: ANN202
    import snowballstemmer

    return snowballstemmer.stemmer("porter")


STEMMER = _stemmer()


def stems(phrase: str) -> tuple[str, ...]:
    """The matching key of a phrase: its lower-cased words, Porter-stemmed."""
    return tuple(STEMMER.stemWords(_WORD.findall(phrase.lower())))


def score(predicted: list[str], gold: list[str]) -> dict[str, float]:
    """P, R, F1 of the first :data:`TOP` distinct (by stems) predictions against ``gold``."""
    keys: list[tuple[str, ...]] = []
    for phrase in predicted:
        key = stems(phrase)
        if key and key not in keys:
            keys.append(key)
    keys = keys[:TOP]
    wanted = {stems(g) for g in gold}
    hits = sum(key in wanted for key in keys)
    p = hits / len(keys) if keys else 0.0
    r = hits / len(wanted) if wanted else 0.0
    return {"p": p, "r": r, "f1": 2 * p * r / (p + r) if hits else 0.0}


def is_junk(phrase: str) -> bool:
    return any(w in _JUNK for w in _WORD.findall(phrase.lower()))


def lengths(phrases: list[str]) -> dict[str, int]:
    counts = {"1": 0, "2": 0, "3+": 0}
    for phrase in phrases:
        n = len(phrase.split())
        counts["1" if n == 1 else "2" if n == 2 else "3+"] += 1
    return counts


def documents(paths: list[str]):  # noqa: ANN201
    """The pipeline's Document of each BBC file (one article per file)."""
    from etl.config import load_settings
    from etl.models import SourceFile
    from etl.pipeline import process_file

    settings = load_settings()
    for rel in paths:
        path = BBC / rel
        result = process_file(SourceFile(path, rel, path.stat().st_size, 0.0, None), settings)
        if len(result.documents) != 1:
            raise SystemExit(f"{rel}: expected one article, got {len(result.documents)} ({result.problems})")
        yield result.documents[0]


def run() -> dict:
    import yake

    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    extractor = yake.KeywordExtractor(lan="en", n=3, top=TOP)
    systems: dict[str, dict[str, list[str]]] = {"project": {}, "yake": {}}
    seconds = {"project": 0.0, "yake": 0.0}
    for item, doc in zip(gold, documents([g["path"] for g in gold])):
        systems["project"][item["path"]] = list(doc.keywords)[:TOP]
        started = time.perf_counter()
        ranked = extractor.extract_keywords(f"{doc.title}\n\n{doc.body}")
        seconds["yake"] += time.perf_counter() - started
        systems["yake"][item["path"]] = [kw for kw, _ in ranked][:TOP]
    results: dict = {"articles": len(gold), "splits": {}, "rankings": systems}
    for split in SPLITS:
        items = [g for g in gold if g["split"] == split]
        row: dict = {"articles": len(items), "gold_length": lengths([k for g in items for k in g["keyphrases"]])}
        for name, ranking in systems.items():
            scores = [score(ranking[g["path"]], g["keyphrases"]) for g in items]
            top = [k for g in items for k in ranking[g["path"]]]
            row[name] = {
                "f1": sum(s["f1"] for s in scores) / len(scores),
                "p": sum(s["p"] for s in scores) / len(scores),
                "r": sum(s["r"] for s in scores) / len(scores),
                "junk": sum(map(is_junk, top)) / max(1, len(top)),
                "length": lengths(top),
            }
        results["splits"][split] = row
    results["yake_ms_per_article"] = 1000 * seconds["yake"] / len(gold)
    return results


def _share(counts: dict[str, int]) -> str:
    total = max(1, sum(counts.values()))
    return " / ".join(f"{100 * v / total:.0f}" for v in counts.values())


def report(results: dict) -> str:
    lines = [
        "| split | articles | system | F1@10 | P@10 | R@10 | day/month/unit junk | length 1 / 2 / 3+ words (%) |",
        "|---|---:|---|---:|---:|---:|---:|---|",
    ]
    for split, row in results["splits"].items():
        for name in ("project", "yake"):
            s = row[name]
            lines.append(
                f"| {split} | {row['articles']} | {name} | {s['f1']:.3f} | {s['p']:.3f} | {s['r']:.3f} "
                f"| {100 * s['junk']:.1f}% | {_share(s['length'])} |"
            )
        lines.append(f"| {split} | {row['articles']} | gold | | | | | {_share(row['gold_length'])} |")
    return "\n".join(lines)


def check(results: dict) -> list[str]:
    failures = []
    for split, floor in (("dev", FLOOR_DEV), ("heldout", FLOOR_HELDOUT)):
        row = results["splits"][split]
        ours, theirs = row["project"], row["yake"]
        if ours["f1"] < floor:
            failures.append(f"{split}: F1@10 {ours['f1']:.3f} < floor {floor}")
        if ours["f1"] <= theirs["f1"]:
            failures.append(f"{split}: F1@10 {ours['f1']:.3f} not above YAKE {theirs['f1']:.3f}")
        if ours["junk"] >= MAX_JUNK:
            failures.append(f"{split}: junk {100 * ours['junk']:.1f}% >= {100 * MAX_JUNK:.0f}%")
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 below the floors (module docstring)")
    parser.add_argument("--out", type=Path, help="write the results and per-article rankings as JSON")
    parser.add_argument("--show", action="store_true", help="print each article's rankings and gold")
    args = parser.parse_args(argv)
    results = run()
    print(report(results))
    print(f"YAKE: {results['yake_ms_per_article']:.1f} ms per article")
    if args.show:
        gold = json.loads(GOLD.read_text(encoding="utf-8"))
        for g in gold:
            ranking = results["rankings"]["project"][g["path"]]
            wanted = {stems(k) for k in g["keyphrases"]}
            marked = [("*" if stems(k) in wanted else "") + k for k in ranking]
            print(f"{g['split']:7} {g['path']}: {' | '.join(marked)}\n        gold: {' | '.join(g['keyphrases'])}")
    if args.out:  # scores only: the rankings are phrases of the BBC texts, which stay out of the project
        summary = {k: v for k, v in results.items() if k != "rankings"}
        args.out.write_text(json.dumps(summary, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    failures = check(results) if args.check else []
    for failure in failures:
        print(f"FAIL {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
