"""Extraction-quality and speed benchmark: ``etl.clean.html`` vs trafilatura.

Data sets (see BENCHMARKS.md (appendix) for provenance):

* ``own``: the invented pages in ``tests/fixtures/html/`` (``NAME.html`` with
  hand-written ground truth ``NAME.txt``), committed with the project.
* ``newspaper4k``: real news pages with expected article text from the test
  data of the newspaper4k 0.9.6 sdist on PyPI. Not committed: fetched at run
  time with ``pip download`` into ``.local/bench/`` (gitignored) and checked
  against a pinned SHA-256.

Metric, per page: both texts are lower-cased and cut into ``\\w+`` tokens;
the set of 4-token shingles (consecutive 4-grams; a text of 1–3 tokens is one
shingle) is built for the extraction E and the ground truth G.
precision = |E∩G| / |E|, recall = |E∩G| / |G| (an empty E has precision 1 and
recall 0 unless G is empty too). Precision and recall are averaged over pages
and F1 is computed from the two averages.

Timing: both extractors run in this process on the same page strings, in
alternating order per repeat, and the median of the repeats' totals is
reported (ms per page = median total / pages).

Usage: ``.venv/bin/python -m tools.bench.extraction [--set all|own|newspaper4k] [--repeats 5] [--out FILE.json]``
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import statistics
import subprocess
import sys
import tarfile
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from etl.clean.html import ExtractionError, extract_article  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "html"
CACHE = ROOT / ".local" / "bench"

NEWSPAPER4K_SDIST = "newspaper4k-0.9.6.tar.gz"
NEWSPAPER4K_SHA256 = "a3f2f0e017dddb6f1019ee77aaa8980e13e6ecea0b949abc7167aae4770d2d0e"
# Pages whose language separates words with spaces (the \w+ shingle metric is
# meaningless for Chinese, Japanese, Thai, Burmese) and whose expected text is
# the article body. video_article_01 is the same HTML as cleveland.com1.
NEWSPAPER4K_PAGES = (
    "arabic_article", "article_with_br", "article_with_divs", "cleveland.com1", "cnn_001",
    "cnn_002", "cnn_article", "cnn_test_nlp", "fox13now_001", "latvian_article",
    "spanish_article", "time_001", "video_article_02", "wired_001", "yna_co_kr",
)  # fmt: skip

_WORD = re.compile(r"\w+")


def shingles(text: str, n: int = 4) -> set[tuple[str, ...]]:
    """Set of ``n``-token shingles of lower-cased ``\\w+`` tokens."""
    tokens = [t.lower() for t in _WORD.findall(text)]
    if not tokens:
        return set()
    if len(tokens) < n:
        return {tuple(tokens)}
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def precision_recall(extracted: str, truth: str) -> tuple[float, float]:
    """Shingle precision and recall of one page (see module docstring)."""
    got, want = shingles(extracted), shingles(truth)
    if not got:
        return (1.0, 0.0 if want else 1.0)
    common = len(got & want)
    return common / len(got), (common / len(want) if want else 1.0)


def f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


@dataclass(slots=True)
class Page:
    name: str
    dataset: str
    html: str
    truth: str


def own_pages() -> list[Page]:
    pages = []
    for html_path in sorted(FIXTURES.glob("*.html")):
        truth_path = html_path.with_suffix(".txt")
        if truth_path.exists():
            pages.append(Page(html_path.stem, "own", html_path.read_text("utf-8"), truth_path.read_text("utf-8")))
    return pages


def newspaper4k_pages() -> list[Page]:
    """Fetch (once) and unpack the newspaper4k sdist's test pages into ``.local/bench/``."""
    sdist = CACHE / NEWSPAPER4K_SDIST
    if not sdist.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
             "newspaper4k==0.9.6", "-d", str(CACHE)],
            check=True, capture_output=True,
        )  # fmt: skip
    digest = hashlib.sha256(sdist.read_bytes()).hexdigest()
    if digest != NEWSPAPER4K_SHA256:
        raise SystemExit(f"{sdist}: SHA-256 {digest} is not the pinned {NEWSPAPER4K_SHA256}")
    pages = []
    with tarfile.open(sdist) as tar:
        for name in NEWSPAPER4K_PAGES:
            base = "newspaper4k-0.9.6/tests/data"
            html_member = tar.extractfile(f"{base}/html/{name}.html")
            txt_member = tar.extractfile(f"{base}/txt/{name}.txt")
            assert html_member is not None and txt_member is not None
            html = html_member.read().decode("utf-8", errors="replace")
            truth = txt_member.read().decode("utf-8", errors="replace")
            pages.append(Page(name, "newspaper4k", html, truth))
    return pages


def ours(html: str) -> str:
    try:
        return "\n\n".join(extract_article(html).paragraphs)
    except ExtractionError:
        return ""


def trafilatura_extract(html: str) -> str:
    import trafilatura

    return trafilatura.extract(html, include_comments=False, include_tables=False) or ""


EXTRACTORS: dict[str, Callable[[str], str]] = {"ours": ours, "trafilatura": trafilatura_extract}


def run(pages: list[Page], repeats: int) -> dict:
    # Warm-up: imports, regex compilation, trafilatura's lazy setup.
    outputs = {name: [fn(p.html) for p in pages] for name, fn in EXTRACTORS.items()}
    totals: dict[str, list[float]] = {name: [] for name in EXTRACTORS}
    order = list(EXTRACTORS)
    for r in range(repeats):
        for name in order if r % 2 == 0 else reversed(order):
            fn = EXTRACTORS[name]
            start = time.perf_counter()
            for page in pages:
                fn(page.html)
            totals[name].append(time.perf_counter() - start)

    result: dict = {"pages": len(pages), "repeats": repeats, "extractors": {}, "per_page": []}
    for name in EXTRACTORS:
        prs = [precision_recall(out, p.truth) for out, p in zip(outputs[name], pages, strict=True)]
        p_avg = statistics.fmean(pr[0] for pr in prs) if prs else 0.0
        r_avg = statistics.fmean(pr[1] for pr in prs) if prs else 0.0
        median_total = statistics.median(totals[name])
        result["extractors"][name] = {
            "precision": p_avg,
            "recall": r_avg,
            "f1": f1(p_avg, r_avg),
            "median_total_s": median_total,
            "ms_per_page": 1000 * median_total / max(len(pages), 1),
        }
    for i, page in enumerate(pages):
        row = {"page": page.name, "dataset": page.dataset}
        for name in EXTRACTORS:
            p, r = precision_recall(outputs[name][i], page.truth)
            row[name] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f1(p, r), 4)}
        result["per_page"].append(row)
    return result


def print_table(title: str, result: dict) -> None:
    print(f"\n== {title}: {result['pages']} pages, {result['repeats']} timing repeats (median)")
    print(f"{'extractor':<12} {'precision':>9} {'recall':>7} {'F1':>7} {'ms/page':>9}")
    for name, m in result["extractors"].items():
        print(f"{name:<12} {m['precision']:>9.4f} {m['recall']:>7.4f} {m['f1']:>7.4f} {m['ms_per_page']:>9.2f}")
    ours_ms = result["extractors"]["ours"]["ms_per_page"]
    traf_ms = result["extractors"]["trafilatura"]["ms_per_page"]
    print(f"time ratio ours/trafilatura: {ours_ms / traf_ms:.3f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=("all", "own", "newspaper4k"), default="all")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--out", type=Path, help="write the results as JSON here")
    parser.add_argument("--per-page", action="store_true", help="print per-page F1 too")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")

    sets: dict[str, list[Page]] = {}
    if args.set in ("all", "own"):
        sets["own"] = own_pages()
    if args.set in ("all", "newspaper4k"):
        sets["newspaper4k"] = newspaper4k_pages()
    if args.set == "all":
        sets["combined"] = sets["own"] + sets["newspaper4k"]

    results = {}
    for name, pages in sets.items():
        results[name] = run(pages, args.repeats)
        print_table(name, results[name])
        if args.per_page:
            for row in results[name]["per_page"]:
                print(f"  {row['page']:<28} ours {row['ours']['f1']:.3f} (P {row['ours']['precision']:.3f} R {row['ours']['recall']:.3f})"
                      f"  traf {row['trafilatura']['f1']:.3f} (P {row['trafilatura']['precision']:.3f} R {row['trafilatura']['recall']:.3f})")  # fmt: skip
    if args.out:
        import os
        import platform

        meta = {"python": platform.python_version(), "nproc": os.cpu_count(), "date": time.strftime("%Y-%m-%d")}
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps({"machine": meta, "results": results}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
