"""Extraction-quality and speed benchmark: ``etl.clean.html`` vs trafilatura.

Data sets (see BENCHMARKS.md (appendix) for provenance):

* ``own``: the invented pages in ``tests/fixtures/html/`` (``NAME.html`` with
  hand-written ground truth ``NAME.txt``), committed with the project.
* ``newspaper4k``: real news pages with expected article text from the test
  data of the newspaper4k 0.9.6 sdist on PyPI. Not committed: fetched at run
  time with ``pip download`` into ``.local/bench/`` (gitignored) and checked
  against a pinned SHA-256.

* ``multilingual``: the invented multilingual dev set in
  ``tests/fixtures/html/multilingual/`` (``<lang>__<slug>.html`` with
  ``.json`` ground truth: title, published date, text, must-contain and
  must-not-contain snippets; see its PROVENANCE.md). A dev set only: the
  project is judged on held-out pages it has never seen.

Metric for ``own`` and ``newspaper4k``, per page: both texts are lower-cased and cut into ``\\w+`` tokens;
the set of 4-token shingles (consecutive 4-grams; a text of 1–3 tokens is one
shingle) is built for the extraction E and the ground truth G.
precision = |E∩G| / |E|, recall = |E∩G| / |G| (an empty E has precision 1 and
recall 0 unless G is empty too). Precision and recall are averaged over pages
and F1 is computed from the two averages.

Metrics for ``multilingual`` (project = ``extract_article``; trafilatura =
``bare_extraction(html, with_metadata=True, include_comments=False)`` with
its default ``include_tables=True``, because tables of text are main text in
the ground truth; htmldate = ``find_date(html, original_date=True)``, dates
only):

* snippets, the method of trafilatura's ``docs/evaluation.rst``: per page a
  ``must_contain`` snippet found in the extraction is a true positive, one
  missing a false negative; a ``must_not_contain`` snippet found is a false
  positive, one missing a true negative. Counts are summed over all pages;
  precision = TP/(TP+FP), recall = TP/(TP+FN), accuracy = (TP+TN)/all,
  F1 from precision and recall. Before the substring test, runs of
  whitespace are collapsed to one space on both sides (and removed
  entirely for Chinese, where an extractor may put a line break between
  two inline elements);
* 4-gram shingle F1 against the ground-truth ``text`` as above, except that
  tokens are ``\\w+`` runs *outside* CJK scripts and single characters
  inside them (Han, kana): a Chinese page is scored on shingles of 4
  consecutive characters (punctuation and spaces dropped), a page in a
  spaced language exactly as with ``\\w+`` tokens;
* publication date, exact: the date part of the published date (in the
  page's own offset, not converted to UTC) equals ``published``; a page whose
  ``published`` is null counts as right only when no date is returned;
* title, exact: equal after collapsing whitespace.

Every metric is reported over all pages and per language.

Timing: both extractors run in this process on the same page strings, in
alternating order per repeat, and the median of the repeats' totals is
reported (ms per page = median total / pages).

For ``multilingual`` the timed calls are the full ones above (text and
metadata for both); htmldate's date-only time is reported beside them.

The multilingual set is also reported per ``split`` (``dev``: pages looked at while tuning;
``test``: pages scored only in aggregate, see its PROVENANCE.md), and its English pages as an
English news body set scored by 4-word shingle P/R/F1. ``--base REV`` adds the project of commit
REV (``git archive`` into ``.local/bench/trees/``, run in a child process with that tree first on
the path and timed there against trafilatura: its time is reported as that ratio).

Usage: ``.venv/bin/python -m tools.bench.extraction [--set all|own|newspaper4k|multilingual] [--repeats 5] [--base REV] [--out FILE.json]``
(``make bench-extraction`` runs ``--set all`` and writes ``tools/bench/results/extraction.json``).
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
MULTILINGUAL = FIXTURES / "multilingual"
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
# Han and kana are written without spaces: one character is one token there.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD_OR_CJK_CHAR = re.compile(rf"[{_CJK}]|[^\W{_CJK}]+")


def shingles(text: str, n: int = 4, cjk_chars: bool = False) -> set[tuple[str, ...]]:
    """Set of ``n``-token shingles of lower-cased ``\\w+`` tokens (CJK characters one token each if ``cjk_chars``)."""
    tokens = [t.lower() for t in (_WORD_OR_CJK_CHAR if cjk_chars else _WORD).findall(text)]
    if not tokens:
        return set()
    if len(tokens) < n:
        return {tuple(tokens)}
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def precision_recall(extracted: str, truth: str, cjk_chars: bool = False) -> tuple[float, float]:
    """Shingle precision and recall of one page (see module docstring)."""
    got, want = shingles(extracted, cjk_chars=cjk_chars), shingles(truth, cjk_chars=cjk_chars)
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


def timed_outputs(fns: dict[str, Callable[[str], object]], htmls: list[str], repeats: int) -> tuple[dict[str, list], dict[str, float]]:
    """Each function's outputs on every page, and its median total time over ``repeats``.

    The first pass is a warm-up (imports, regex compilation, trafilatura's
    lazy setup) and gives the outputs; the timed passes alternate the order
    of the functions on each repeat, so neither profits from a warm cache.
    """
    outputs = {name: [fn(h) for h in htmls] for name, fn in fns.items()}
    totals: dict[str, list[float]] = {name: [] for name in fns}
    order = list(fns)
    for r in range(repeats):
        for name in order if r % 2 == 0 else reversed(order):
            fn = fns[name]
            start = time.perf_counter()
            for h in htmls:
                fn(h)
            totals[name].append(time.perf_counter() - start)
    return outputs, {name: statistics.median(t) for name, t in totals.items()}


def run(pages: list[Page], repeats: int) -> dict:
    outputs, medians = timed_outputs(EXTRACTORS, [p.html for p in pages], repeats)

    result: dict = {"pages": len(pages), "repeats": repeats, "extractors": {}, "per_page": []}
    for name in EXTRACTORS:
        prs = [precision_recall(out, p.truth) for out, p in zip(outputs[name], pages, strict=True)]
        p_avg = statistics.fmean(pr[0] for pr in prs) if prs else 0.0
        r_avg = statistics.fmean(pr[1] for pr in prs) if prs else 0.0
        median_total = medians[name]
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


# ---------------------------------------------------------------- multilingual dev set


@dataclass(slots=True)
class TruthPage:
    """One page of the multilingual dev set and its ground truth (the ``.json``)."""

    name: str
    language: str
    html: str
    title: str
    published: str | None
    text: str
    must_contain: list[str]
    must_not_contain: list[str]
    split: str = "dev"


@dataclass(slots=True)
class Extraction:
    """What one extractor returned for one page (``None`` where it has no opinion)."""

    text: str | None
    title: str | None
    published: str | None


def multilingual_pages() -> list[TruthPage]:
    pages = []
    for html_path in sorted(MULTILINGUAL.glob("*.html")):
        truth = json.loads(html_path.with_suffix(".json").read_text("utf-8"))
        pages.append(TruthPage(
            html_path.stem, truth["language"], html_path.read_text("utf-8"), truth["title"], truth["published"],
            truth["text"], truth["must_contain"], truth["must_not_contain"], truth.get("split", "dev"),
        ))  # fmt: skip
    return pages


def project_full(html: str) -> Extraction:
    try:
        page = extract_article(html)
    except ExtractionError:
        return Extraction("", None, None)
    when = page.metadata.published_at
    # The date part in the page's own offset: a 00:30+01:00 story was published that day, not the day before.
    return Extraction("\n\n".join(page.paragraphs), page.metadata.title, when.date().isoformat() if when else None)


def trafilatura_full(html: str) -> Extraction:
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    if doc is None:
        return Extraction("", None, None)
    return Extraction(doc.text or "", doc.title, (doc.date or None) and str(doc.date)[:10])


def htmldate_only(html: str) -> Extraction:
    import htmldate

    found = htmldate.find_date(html, original_date=True)
    return Extraction(None, None, found[:10] if found else None)


FULL_EXTRACTORS: dict[str, Callable[[str], Extraction]] = {
    "project": project_full, "trafilatura": trafilatura_full, "htmldate": htmldate_only,
}  # fmt: skip

_SPACE = re.compile(r"\s+")


def _norm(text: str, language: str) -> str:
    return _SPACE.sub("" if language == "zh" else " ", text).strip()


def snippet_counts(extracted: str, page: TruthPage) -> dict[str, int]:
    """TP/FN over ``must_contain``, FP/TN over ``must_not_contain`` (trafilatura's evaluation method)."""
    got = _norm(extracted, page.language)
    found = [_norm(s, page.language) in got for s in page.must_contain]
    leaked = [_norm(s, page.language) in got for s in page.must_not_contain]
    return {"tp": sum(found), "fn": len(found) - sum(found), "fp": sum(leaked), "tn": len(leaked) - sum(leaked)}


def snippet_scores(counts: list[dict[str, int]]) -> dict[str, float | int]:
    tp, fn, fp, tn = (sum(c[k] for c in counts) for k in ("tp", "fn", "fp", "tn"))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    total = tp + fn + fp + tn
    return {"tp": tp, "fn": fn, "fp": fp, "tn": tn, "precision": precision, "recall": recall,
            "accuracy": (tp + tn) / total if total else 0.0, "f1": f1(precision, recall)}  # fmt: skip


def _same_title(got: str | None, want: str) -> bool:
    return got is not None and _SPACE.sub(" ", got).strip() == _SPACE.sub(" ", want).strip()


def score_multilingual(pages: list[TruthPage], outputs: dict[str, list[Extraction]]) -> dict:
    """Every metric for every extractor, over the given pages (all of them, or one language's)."""
    scores: dict = {}
    for name, outs in outputs.items():
        idx = range(len(pages))
        m: dict = {"date_exact": statistics.fmean(outs[i].published == pages[i].published for i in idx)}
        if name != "htmldate":
            prs = [precision_recall(outs[i].text or "", pages[i].text, cjk_chars=True) for i in idx]
            p_avg, r_avg = statistics.fmean(x[0] for x in prs), statistics.fmean(x[1] for x in prs)
            m["snippets"] = snippet_scores([snippet_counts(outs[i].text or "", pages[i]) for i in idx])
            m["shingles"] = {"precision": p_avg, "recall": r_avg, "f1": f1(p_avg, r_avg)}
            m["title_exact"] = statistics.fmean(_same_title(outs[i].title, pages[i].title) for i in idx)
        scores[name] = m
    return scores


# The base tree's project, run in that tree (its own etl package first on the path), timed against
# trafilatura in the same child process: ratios are comparable, absolute times less so.
_BASE_CHILD = r"""
import json, statistics, sys, time, warnings
warnings.simplefilter("ignore")
import trafilatura
from etl.clean.html import ExtractionError, extract_article
paths, repeats = json.loads(sys.stdin.read()), int(sys.argv[1])
htmls = [open(p, encoding="utf-8").read() for p in paths]
def project(h):
    try:
        page = extract_article(h)
    except ExtractionError:
        return ["", None, None]
    w = page.metadata.published_at
    return ["\n\n".join(page.paragraphs), page.metadata.title, w.date().isoformat() if w else None]
def traf(h):
    return trafilatura.bare_extraction(h, with_metadata=True, include_comments=False)
outputs = [project(h) for h in htmls]
for h in htmls:
    traf(h)
times = {"project": [], "trafilatura": []}
for r in range(repeats):
    for name, fn in ((("project", project), ("trafilatura", traf)) if r % 2 == 0 else (("trafilatura", traf), ("project", project))):
        start = time.perf_counter()
        for h in htmls:
            fn(h)
        times[name].append(time.perf_counter() - start)
print(json.dumps({"outputs": outputs, **{k: statistics.median(v) for k, v in times.items()}}))
"""


def base_outputs(rev: str, pages: list[TruthPage], repeats: int) -> tuple[list[Extraction], float, float]:
    """The project of commit ``rev`` on ``pages``: its extractions and its and trafilatura's median totals."""
    from tools.bench.compare import archive

    tree = archive(rev)
    paths = [str(MULTILINGUAL / f"{p.name}.html") for p in pages]
    env = {**__import__("os").environ, "PYTHONPATH": str(tree)}
    out = subprocess.run([sys.executable, "-c", _BASE_CHILD, str(repeats)], input=json.dumps(paths), cwd=tree, env=env,
                         check=True, capture_output=True, text=True).stdout  # fmt: skip
    data = json.loads(out.strip().splitlines()[-1])
    return [Extraction(*o) for o in data["outputs"]], data["project"], data["trafilatura"]


def run_multilingual(pages: list[TruthPage], repeats: int, base: str | None = None) -> dict:
    outputs, medians = timed_outputs(FULL_EXTRACTORS, [p.html for p in pages], repeats)
    n = max(len(pages), 1)
    if base:
        base_name = f"project@{base}"
        outputs[base_name], base_s, base_traf_s = base_outputs(base, pages, repeats)
    result: dict = {"pages": len(pages), "repeats": repeats, "extractors": score_multilingual(pages, outputs)}
    for name in FULL_EXTRACTORS:
        result["extractors"][name]["median_total_s"] = medians[name]
        result["extractors"][name]["ms_per_page"] = 1000 * medians[name] / n
    result["time_ratio_project_trafilatura"] = medians["project"] / medians["trafilatura"]
    if base:
        result["extractors"][base_name]["median_total_s"] = base_s
        result["extractors"][base_name]["ms_per_page"] = 1000 * base_s / n
        result["time_ratio_base_trafilatura"] = base_s / base_traf_s
    languages = sorted({p.language for p in pages})
    result["per_language"] = {}
    for lang in languages:
        idx = [i for i, p in enumerate(pages) if p.language == lang]
        sub = {name: [outs[i] for i in idx] for name, outs in outputs.items()}
        result["per_language"][lang] = {"pages": len(idx), **score_multilingual([pages[i] for i in idx], sub)}
    result["per_split"] = {}
    for split in sorted({p.split for p in pages}):
        idx = [i for i, p in enumerate(pages) if p.split == split]
        sub = {name: [outs[i] for i in idx] for name, outs in outputs.items()}
        result["per_split"][split] = {"pages": len(idx), **score_multilingual([pages[i] for i in idx], sub)}
    result["english_body"] = {}
    for split in ("all", *sorted({p.split for p in pages})):
        english = [i for i, p in enumerate(pages) if p.language == "en" and split in ("all", p.split)]
        if not english:
            continue
        row: dict = {"pages": len(english)}
        for name in (n for n in outputs if n != "htmldate"):
            prs = [precision_recall(outputs[name][i].text or "", pages[i].text) for i in english]
            p_avg, r_avg = statistics.fmean(x[0] for x in prs), statistics.fmean(x[1] for x in prs)
            row[name] = {"precision": p_avg, "recall": r_avg, "f1": f1(p_avg, r_avg)}
        result["english_body"][split] = row
    result["per_page"] = []
    for i, page in enumerate(pages):
        row: dict = {"page": page.name, "language": page.language, "split": page.split, "published": page.published}
        for name, outs in outputs.items():
            o = outs[i]
            cell: dict = {"published": o.published, "date_ok": o.published == page.published}
            if name != "htmldate":
                c = snippet_counts(o.text or "", page)
                pr = precision_recall(o.text or "", page.text, cjk_chars=True)
                cell.update(snippets=c, shingle_f1=round(f1(*pr), 4), title_ok=_same_title(o.title, page.title))
            row[name] = cell
        result["per_page"].append(row)
    return result


_SCORE_HEADER = f"{'snip P':>7} {'snip R':>7} {'snip F1':>7} {'shingle F1':>10} {'date':>6} {'title':>6}"


def _score_cells(m: dict) -> str:
    """One extractor's snippet P/R/F1, shingle F1, date and title columns (dashes for a date-only one)."""
    if "snippets" not in m:
        return f"{'-':>7} {'-':>7} {'-':>7} {'-':>10} {m['date_exact']:>6.3f} {'-':>6}"
    sn = m["snippets"]
    return (f"{sn['precision']:>7.3f} {sn['recall']:>7.3f} {sn['f1']:>7.3f} {m['shingles']['f1']:>10.3f}"
            f" {m['date_exact']:>6.3f} {m['title_exact']:>6.3f}")  # fmt: skip


def print_multilingual(result: dict) -> None:
    ex = result["extractors"]
    print(f"\n== multilingual: {result['pages']} pages, {result['repeats']} timing repeats (median)")
    print(f"{'extractor':<20} {_SCORE_HEADER} {'ms/page':>8}")
    for name, m in ex.items():
        print(f"{name:<20} {_score_cells(m)} {m['ms_per_page']:>8.2f}")
    print(f"time ratio project/trafilatura: {result['time_ratio_project_trafilatura']:.3f}")
    if "time_ratio_base_trafilatura" in result:
        print(f"time ratio base project/trafilatura (the base's own child process): {result['time_ratio_base_trafilatura']:.3f}")
    print(f"\n{'lang':<5} {'n':>3} | {'snippet F1':^13} | {'shingle F1':^13} | {'date exact':^20} | {'title exact':^13}")
    print(f"{'':<5} {'':>3} | {'proj':>6} {'traf':>6} | {'proj':>6} {'traf':>6} | {'proj':>6} {'traf':>6} {'htmld':>6} | {'proj':>6} {'traf':>6}")
    for lang, m in result["per_language"].items():
        pj, tf, hd = m["project"], m["trafilatura"], m["htmldate"]
        print(f"{lang:<5} {m['pages']:>3} | {pj['snippets']['f1']:>6.3f} {tf['snippets']['f1']:>6.3f}"
              f" | {pj['shingles']['f1']:>6.3f} {tf['shingles']['f1']:>6.3f}"
              f" | {pj['date_exact']:>6.3f} {tf['date_exact']:>6.3f} {hd['date_exact']:>6.3f}"
              f" | {pj['title_exact']:>6.3f} {tf['title_exact']:>6.3f}")  # fmt: skip


def print_multilingual_splits(result: dict) -> None:
    """Every extractor on each split (dev: tuned on; test: not), then the English body set."""
    print(f"\n{'split':<5} {'n':>3} {'extractor':<20} {_SCORE_HEADER}")
    for split, m in result["per_split"].items():
        for name, e in m.items():
            if name != "pages":
                print(f"{split:<5} {m['pages']:>3} {name:<20} {_score_cells(e)}")
    eb = result["english_body"]
    for split in ("all", *result["per_split"]):
        row = eb.get(split, {})
        if not row:
            continue
        print(f"\nEnglish body, 4-word shingles, {split} ({row['pages']} pages): "
              + "; ".join(f"{name} P {v['precision']:.3f} R {v['recall']:.3f} F1 {v['f1']:.3f}" for name, v in row.items() if name != "pages"))


def print_multilingual_pages(result: dict, split: str | None = None) -> None:
    for row in result["per_page"]:
        if split and row["split"] != split:
            continue
        pj, tf, hd = row["project"], row["trafilatura"], row["htmldate"]
        print(f"  {row['page']:<42} want {row['published']!s:<10} | project {pj['published']!s:<10}"
              f" sh {pj['shingle_f1']:.3f} fn {pj['snippets']['fn']} fp {pj['snippets']['fp']} title {'ok' if pj['title_ok'] else 'NO'}"
              f" | traf {tf['published']!s:<10} sh {tf['shingle_f1']:.3f} fn {tf['snippets']['fn']} fp {tf['snippets']['fp']}"
              f" title {'ok' if tf['title_ok'] else 'NO'} | htmldate {hd['published']!s}")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", choices=("all", "own", "newspaper4k", "multilingual"), default="all")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--out", type=Path, help="write the results as JSON here")
    parser.add_argument("--per-page", action="store_true", help="print per-page F1 too")
    parser.add_argument("--base", help="also score the project of this commit (e.g. main) on the multilingual set, beside this tree")
    parser.add_argument("--split", choices=("dev", "test"), help="per-page rows of this split of the multilingual set only")
    args = parser.parse_args(argv)
    warnings.simplefilter("ignore")

    sets: dict[str, list[Page]] = {}
    if args.set in ("all", "own"):
        sets["own"] = own_pages()
    if args.set in ("all", "newspaper4k"):
        sets["newspaper4k"] = newspaper4k_pages()
    if args.set == "all":
        sets["combined"] = sets["own"] + sets["newspaper4k"]

    results: dict = {}
    for name, pages in sets.items():
        results[name] = run(pages, args.repeats)
        print_table(name, results[name])
        if args.per_page:
            for row in results[name]["per_page"]:
                print(f"  {row['page']:<28} ours {row['ours']['f1']:.3f} (P {row['ours']['precision']:.3f} R {row['ours']['recall']:.3f})"
                      f"  traf {row['trafilatura']['f1']:.3f} (P {row['trafilatura']['precision']:.3f} R {row['trafilatura']['recall']:.3f})")  # fmt: skip
    if args.set in ("all", "multilingual"):
        results["multilingual"] = run_multilingual(multilingual_pages(), args.repeats, args.base)
        print_multilingual(results["multilingual"])
        print_multilingual_splits(results["multilingual"])
        if args.per_page:
            print_multilingual_pages(results["multilingual"], args.split)
    if args.out:
        import os
        import platform

        meta = {"python": platform.python_version(), "nproc": os.cpu_count(), "date": time.strftime("%Y-%m-%d")}
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps({"machine": meta, "results": results}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
