"""Sentence-splitting speed benchmark: ``etl.segment.sentences`` vs pySBD, plus ``etl.segment`` per article.

Text: the body paragraphs of every BBC News article in ``../shared/corpora/bbc-news``
(headline line dropped, paragraphs split on blank lines; 2,225 files, ~5 MB).
Both splitters get exactly the same paragraph strings. pySBD runs as
``pysbd.Segmenter(language="en", clean=False)``; it is much slower, so it runs on
a fixed subset (``--pysbd-articles``, default 300 articles) and both rates are
reported per sentence found by each splitter on that subset; ours also runs on the whole corpus.

Timing: ``time.process_time`` (CPU time of this process, less disturbed by other
load on the machine than wall time), median over ``--repeats`` repeats.
The speed ratio is (our sentences/s) / (pySBD sentences/s) on the same subset.
The Golden Rules score of both splitters is printed too.

Usage: ``.venv/bin/python -m tools.bench.sentences [--repeats 5] [--pysbd-articles 300]``
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "unit"))

from golden_rules_en import GOLDEN_RULES_EN  # noqa: E402

from etl.clean.text import normalize_text  # noqa: E402
from etl.config import SegmentConfig  # noqa: E402
from etl.models import CleanUnit, PageMetadata, RawUnit, SourceFile  # noqa: E402
from etl.segment import segment  # noqa: E402
from etl.segment.sentences import split_sentences  # noqa: E402

BBC = ROOT.parent / "shared" / "corpora" / "bbc-news"


def _read(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def _time(fn: Callable[[], int], repeats: int) -> tuple[float, int]:
    """Median CPU seconds of ``fn`` over ``repeats`` runs, and what it returned."""
    times = []
    result = 0
    for _ in range(repeats):
        start = time.process_time()
        result = fn()
        times.append(time.process_time() - start)
    return statistics.median(times), result


def _golden(split: Callable[[str], list[str]]) -> int:
    return sum(split(text) == expected for _, _, text, expected in GOLDEN_RULES_EN)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--pysbd-articles", type=int, default=300)
    args = parser.parse_args()

    import pysbd  # comparison only; not a dependency of etl/

    texts = [_read(p) for p in sorted(BBC.glob("*/*.txt"))]
    if not texts:
        print(f"no BBC corpus at {BBC}", file=sys.stderr)
        return 1
    bodies = [t.split("\n\n", 1)[1] if "\n\n" in t else t for t in texts]
    paragraphs = [[p for p in body.split("\n\n") if p.strip()] for body in bodies]
    every = [p for ps in paragraphs for p in ps]
    subset = [p for ps in paragraphs[:: max(1, len(paragraphs) // args.pysbd_articles)][: args.pysbd_articles] for p in ps]
    n_subset_articles = min(args.pysbd_articles, len(paragraphs[:: max(1, len(paragraphs) // args.pysbd_articles)]))

    seg = pysbd.Segmenter(language="en", clean=False)

    def pysbd_split(text: str) -> list[str]:
        return [s.strip() for s in seg.segment(text) if s.strip()]

    def ours_on(paras: list[str]) -> Callable[[], int]:
        return lambda: sum(len(split_sentences(p)) for p in paras)

    t_all, n_all = _time(ours_on(every), args.repeats)
    t_ours, n_ours = _time(ours_on(subset), args.repeats)
    t_pysbd, n_pysbd = _time(lambda: sum(len(pysbd_split(p)) for p in subset), max(1, min(args.repeats, 3)))

    source = SourceFile(path=BBC, rel_path="bbc", size=0, mtime=0.0)
    units = [
        CleanUnit(
            raw=RawUnit(source=source, format="text", encoding="utf-8", sha256="", content=t),
            text=normalize_text(t),
            metadata=PageMetadata(),
            single_article=False,
        )
        for t in texts
    ]
    config = SegmentConfig()
    t_seg, n_articles = _time(lambda: sum(1 for u in units for _ in segment(u, config)), args.repeats)

    mb = sum(len(p) for p in every) / 1e6
    ours_rate, pysbd_rate = n_ours / t_ours, n_pysbd / t_pysbd
    print(f"corpus: {len(texts)} BBC articles, {len(every)} paragraphs, {mb:.1f} M chars")
    print(f"golden rules: etl.segment.sentences {_golden(split_sentences)}/{len(GOLDEN_RULES_EN)}, pysbd {_golden(pysbd_split)}/{len(GOLDEN_RULES_EN)}")
    print(f"etl.segment.sentences, whole corpus: {n_all} sentences, {n_all / t_all:,.0f} sentences/s, {t_all / len(texts) * 1e3:.3f} ms/article")
    print(f"subset of {n_subset_articles} articles: etl.segment.sentences {n_ours} sentences, {ours_rate:,.0f} sentences/s; pysbd {n_pysbd} sentences, {pysbd_rate:,.0f} sentences/s")
    print(f"speed ratio (etl.segment.sentences / pysbd, sentences/s): {ours_rate / pysbd_rate:,.0f}x")
    print(f"etl.segment.segment (split + title + paragraphs + sentences + passages): {t_seg / n_articles * 1e3:.3f} ms/article ({n_articles} articles)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
