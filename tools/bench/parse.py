"""Parsing throughput and memory: read → clean → segment → enrich (+ serialisation), as ``etl run`` does it.

Corpora are built at run time under ``.local/bench/corpora/`` (gitignored) from the BBC
News corpus in ``../shared/corpora/bbc-news`` (never copied into the project):

* ``bbc-1x``: the 2,225 articles, bytes unchanged;
* ``bbc-10x``: ten copies ``copy-00`` … ``copy-09``, each article's first body line
  ending in `` (copy NN)`` so every copy is a different document (22,250 articles);
* ``html``: 500 articles wrapped in a realistic news page (nav, cookie banner, ads,
  related links, footer, JSON-LD, scripts and styles);
* ``multi``: the 2,225 articles five per file, separated by runs of blank lines.

Every measurement runs in a fresh subprocess (``python -m tools.bench.parse --child``) so each
one starts cold, as a real run does (gazetteer, entity and word-hash caches empty):
the child discovers the corpus and feeds every file through :class:`etl.runner.Parser`
(the very process pool ``etl run`` uses, ``workers=1`` runs in-process) and
reports wall seconds, articles, bytes and peak RSS (``VmHWM`` of itself, ``ru_maxrss`` of
its worker processes). Medians over repeats are printed and written to
``tools/bench/results/parse.json``.

First, ``etl parse`` over BBC 1x as a user runs it (a fresh process, output to a file) against
pySBD's sentence splitting alone of the same articles' bodies, wall time side by side in one run,
as a ratio (issue 15 target: ≥ 20×, :func:`cli_vs_pysbd`; ``--only-cli`` runs just this), and in
the same rounds the ``etl parse`` of ``--base`` (default :data:`ISSUE_13_BASE`, ``git archive`` of
its tree; issue 13: no slower than it, in articles per CPU-second).

Usage: ``make bench-parse`` (= ``.venv/bin/python -m tools.bench.parse [--repeats 3] [--quick] [--only-cli] [--base REV]``)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BBC = ROOT.parent / "shared" / "corpora" / "bbc-news"
BENCH_DIR = ROOT / ".local" / "bench"
CORPORA = BENCH_DIR / "corpora"
RESULTS = ROOT / "tools" / "bench" / "results"
#: main when issue 13 was filed: its ``etl parse`` is what this tree's must not be slower than.
ISSUE_13_BASE = "a9e853c"
CORPUS_VERSION = "1"
CATEGORIES = ("business", "entertainment", "politics", "sport", "tech")
HTML_ARTICLES = 500
MULTI_PER_FILE = 5


# -- corpora ----------------------------------------------------------------------------


def bbc_files() -> list[Path]:
    """The 2,225 BBC article files, in a stable order."""
    return sorted(p for cat in CATEGORIES for p in (BBC / cat).glob("*.txt"))


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def _mark_copy(data: bytes, copy: int) -> bytes:
    """Append `` (copy NN)`` to the first body line (line 3: headline, blank line, body)."""
    head, sep, rest = data.partition(b"\n\n")
    first, nl, tail = rest.partition(b"\n")
    return head + sep + first + f" (copy {copy:02d})".encode() + nl + tail


_PAGE = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8">
<title>{title} - BBC News</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="{desc}">
<meta property="og:title" content="{title}">
<meta property="og:type" content="article">
<meta property="article:published_time" content="2005-{month:02d}-{day:02d}T{hour:02d}:15:00Z">
<meta property="article:section" content="{section}">
<link rel="stylesheet" href="/static/css/main.{n}.css">
<style>.nav{{display:flex}}.ad-slot{{min-height:250px}}.cookie-banner{{position:fixed;bottom:0}}</style>
<script>window.dataLayer=window.dataLayer||[];function gtag(){{dataLayer.push(arguments)}}gtag('js',new Date());</script>
<script type="application/ld+json">{{"@context":"https://schema.org","@type":"NewsArticle","headline":"{title_json}",
"datePublished":"2005-{month:02d}-{day:02d}T{hour:02d}:15:00Z","author":{{"@type":"Organization","name":"BBC News"}},
"publisher":{{"@type":"Organization","name":"BBC","logo":{{"@type":"ImageObject","url":"https://example.org/logo.png"}}}},
"articleSection":"{section}","mainEntityOfPage":"https://news.example.org/{section}/{n}"}}</script>
</head><body>
<div class="cookie-banner" role="dialog"><p>We use cookies to give you the best online experience. Please let us
know if you agree to all of these cookies.</p><button>Yes, I agree</button><button>No, take me to settings</button></div>
<header class="site-header"><a class="logo" href="/">News</a>
<nav class="nav" aria-label="Main"><ul><li><a href="/news">Home</a></li><li><a href="/news/world">World</a></li>
<li><a href="/news/uk">UK</a></li><li><a href="/news/business">Business</a></li><li><a href="/news/politics">Politics</a></li>
<li><a href="/news/technology">Tech</a></li><li><a href="/news/science">Science</a></li><li><a href="/news/health">Health</a></li>
<li><a href="/news/entertainment">Entertainment &amp; Arts</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<form class="search" action="/search"><input name="q" placeholder="Search"><button>Search</button></form></header>
<div class="ad-slot ad-leaderboard"><span>Advertisement</span><iframe src="/ads/leaderboard?slot={n}"></iframe></div>
<main id="main-content"><div class="breadcrumbs"><a href="/">Home</a> &gt; <a href="/news/{section}">{section}</a></div>
<article>
<h1>{title}</h1>
<div class="byline"><span class="author">By BBC News staff</span> <time datetime="2005-{month:02d}-{day:02d}">{day} {month_name} 2005</time></div>
<div class="share"><a href="#">Share</a> <a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">Email</a></div>
{paragraphs}
<div class="ad-slot ad-inline"><span>Advertisement</span></div>
</article>
<aside class="related"><h2>Related stories</h2><ul>
<li><a href="/news/{section}/1">Markets react to the latest figures</a></li>
<li><a href="/news/{section}/2">What the changes mean for you</a></li>
<li><a href="/news/{section}/3">Q&amp;A: the key questions answered</a></li>
<li><a href="/news/{section}/4">Analysis: why it matters</a></li></ul></aside>
<aside class="most-read"><h2>Most read</h2><ol><li><a href="/a">Storm warning for the weekend</a></li>
<li><a href="/b">Ten things we learned this week</a></li><li><a href="/c">Your pictures of the day</a></li></ol></aside>
</main>
<footer><ul><li><a href="/terms">Terms of Use</a></li><li><a href="/about">About us</a></li><li><a href="/privacy">Privacy Policy</a></li>
<li><a href="/cookies">Cookies</a></li><li><a href="/accessibility">Accessibility Help</a></li><li><a href="/contact">Contact</a></li></ul>
<p>Copyright 2005 News. The site is not responsible for the content of external sites.</p></footer>
<script src="/static/js/app.{n}.js" defer></script><script>gtag('config','G-XXXX');</script>
</body></html>
"""
_MONTHS = "January February March April May June July August September October November December".split()


def _html_page(text: str, section: str, n: int) -> str:
    import html

    title, _, body = text.strip().partition("\n")
    paragraphs = [p.strip() for p in body.strip().split("\n\n") if p.strip()]
    month, day = 1 + n % 12, 1 + n % 28
    return _PAGE.format(
        title=html.escape(title.strip()),
        title_json=json.dumps(title.strip())[1:-1].replace("{", "").replace("}", ""),
        desc=html.escape(paragraphs[0][:150] if paragraphs else ""),
        section=section,
        n=n,
        month=month,
        day=day,
        hour=n % 24,
        month_name=_MONTHS[month - 1],
        paragraphs="\n".join(f"<p>{html.escape(p)}</p>" for p in paragraphs),
    )


def build_corpora(force: bool = False) -> dict[str, Path]:
    """Build (once) the derived corpora under ``.local/bench/corpora``; return their roots."""
    roots = {name: CORPORA / name for name in ("bbc-1x", "bbc-10x", "html", "multi")}
    stamp = CORPORA / "VERSION"
    if not force and stamp.exists() and stamp.read_text() == CORPUS_VERSION and all(p.is_dir() for p in roots.values()):
        return roots
    import shutil

    if CORPORA.exists():
        shutil.rmtree(CORPORA)
    files = bbc_files()
    if len(files) != 2225:
        raise SystemExit(f"expected 2,225 BBC articles under {BBC}, found {len(files)}")
    for path in files:
        data = path.read_bytes()
        rel = path.relative_to(BBC)
        out = roots["bbc-1x"] / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(data)
        for copy in range(10):
            out = roots["bbc-10x"] / f"copy-{copy:02d}" / rel
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(_mark_copy(data, copy))
    step = len(files) / HTML_ARTICLES
    for i in range(HTML_ARTICLES):
        path = files[int(i * step)]
        out = roots["html"] / path.parent.name / (path.stem + ".html")
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(_html_page(_decode(path.read_bytes()), path.parent.name, i), encoding="utf-8")
    roots["multi"].mkdir(parents=True, exist_ok=True)
    for start in range(0, len(files), MULTI_PER_FILE):
        group = files[start : start + MULTI_PER_FILE]
        texts = [_decode(p.read_bytes()).strip() for p in group]
        sep = ["\n\n\n", "\n\n\n\n", "\n\n\n\n\n"]
        out_text = "".join(t + sep[k % 3] for k, t in enumerate(texts))
        (roots["multi"] / f"multi-{start // MULTI_PER_FILE:04d}.txt").write_text(out_text, encoding="utf-8")
    stamp.write_text(CORPUS_VERSION)
    return roots


# -- machine ----------------------------------------------------------------------------


def machine() -> dict[str, object]:
    """What the numbers were measured on."""
    cpu = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem_gb = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": mem_gb,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "loadavg_at_start": [round(x, 2) for x in load] if load else None,
    }


# -- one measurement (in a child process) -----------------------------------------------


def parse_corpus(root: Path, workers: int) -> dict[str, float]:
    """Discover ``root`` and parse every file through etl.runner.Parser; wall seconds and counts."""
    from etl.config import get_settings
    from etl.models import Quarantined
    from etl.runner import Parser, RunContext, discover_files

    settings = get_settings()
    t0 = time.perf_counter()
    files = [f for f in discover_files(settings, root) if not isinstance(f, Quarantined)]
    ctx = RunContext(settings=settings, source_root=root, run_id="bench", index="bench", dry_run=True, workers=workers)
    articles = nbytes = payload = 0
    with Parser(ctx) as parser:
        for parsed in parser.map([(f, None) for f in files]):
            nbytes += parsed.source.size
            articles += len(parsed.docs)
            payload += sum(len(d[-1]) for d in parsed.docs)
        parser.close()
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "articles": articles, "files": len(files), "bytes": nbytes, "payload_bytes": payload}


def stage_timings(root: Path, repeats: int = 3) -> dict[str, float]:
    """Warm per-stage CPU cost in ms/article (this process, after one warm-up pass; min over repeats).

    read = read_units, clean, segment (incl. sentences and passages), enrich, serialise =
    :func:`etl.runner.serialise_document` (what a worker sends back).
    """
    from etl.clean import clean
    from etl.config import get_settings
    from etl.enrich import enrich
    from etl.models import Quarantined
    from etl.read import read_units
    from etl.runner import RunContext, discover_files, serialise_document
    from etl.segment import segment

    settings = get_settings()
    ctx = RunContext(settings=settings, source_root=root, run_id="bench", index="bench", dry_run=True)
    files = [f for f in discover_files(settings, root) if not isinstance(f, Quarantined)]
    best = {k: float("inf") for k in ("read", "clean", "segment", "enrich", "serialise")}
    n = 0
    for _ in range(repeats + 1):  # the first pass warms caches and is not counted
        pc = time.process_time  # CPU time: less disturbed by other load than wall time
        t = dict.fromkeys(best, 0.0)
        t0 = pc()
        units = [u for f in files for u in read_units(f, settings.read) if not isinstance(u, Quarantined)]
        t1 = pc()
        cleaned = [clean(u) for u in units]
        t2 = pc()
        articles = [a for c in cleaned for a in segment(c, settings.segment)]
        t3 = pc()
        docs = [enrich(a, settings.enrich) for a in articles]
        t4 = pc()
        for d in docs:
            serialise_document(d, ctx)
        t5 = pc()
        t.update(read=t1 - t0, clean=t2 - t1, segment=t3 - t2, enrich=t4 - t3, serialise=t5 - t4)
        if _:
            for k in best:
                best[k] = min(best[k], t[k])
        n = len(docs)
    out = {k: round(v / n * 1e3, 4) for k, v in best.items()}
    out["process_file"] = round(sum(out[k] for k in ("read", "clean", "segment", "enrich")), 4)
    out["total"] = round(out["process_file"] + out["serialise"], 4)
    return out


def peak_rss_mb() -> float:
    """This process's peak RSS (``VmHWM``). Not ``ru_maxrss``: Linux carries that across ``execve``,
    so a child started from a large parent would report the parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu_seconds() -> float:
    """User + system CPU of this process and its reaped children (the parser workers)."""
    me, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _child(args: argparse.Namespace) -> None:
    cpu = _cpu_seconds()
    result = parse_corpus(Path(args.child), args.workers)
    # CPU seconds per article is the cost "per core" whatever else the machine is doing (wall time
    # on a shared 2-core VM varies by ±20 % between identical runs); imports are excluded, the
    # cold start of the tables (vocabulary, gazetteer, language model) is included.
    result["cpu_seconds"] = _cpu_seconds() - cpu
    result["maxrss_main_mb"] = peak_rss_mb()
    result["maxrss_workers_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(result))


def measure(root: Path, workers: int) -> dict[str, float]:
    """One cold measurement in a fresh interpreter."""
    out = subprocess.run(
        [sys.executable, "-m", "tools.bench.parse", "--child", str(root), "--workers", str(workers)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def median_of(root: Path, workers: int, repeats: int) -> dict[str, float]:
    """Median wall time over ``repeats`` cold runs; throughput derived from it; max peak RSS."""
    runs = [measure(root, workers) for _ in range(repeats)]
    seconds = statistics.median(r["seconds"] for r in runs)
    cpu = statistics.median(r["cpu_seconds"] for r in runs)
    first = runs[0]
    return {
        "workers": workers,
        "repeats": repeats,
        "seconds": round(seconds, 3),
        "seconds_all": [round(r["seconds"], 3) for r in runs],
        "files": first["files"],
        "articles": first["articles"],
        "mb": round(first["bytes"] / 1e6, 3),
        "articles_per_s": round(first["articles"] / seconds, 1),
        "mb_per_s": round(first["bytes"] / 1e6 / seconds, 3),
        "ms_per_article_per_core": round(seconds * workers / first["articles"] * 1e3, 4),
        "cpu_seconds": round(cpu, 3),
        "articles_per_cpu_s": round(first["articles"] / cpu, 1),
        "maxrss_main_mb": round(max(r["maxrss_main_mb"] for r in runs), 1),
        "maxrss_workers_mb": round(max(r["maxrss_workers_mb"] for r in runs), 1),
    }


def _pysbd_texts(files: list[Path]) -> list[list[str]]:
    """What pySBD splits: each article's body paragraphs (headline line dropped), as
    ``tools.bench.sentences`` gives them."""
    out = []
    for path in files:
        text = _decode(path.read_bytes())
        body = text.split("\n\n", 1)[1] if "\n\n" in text else text
        out.append([p for p in body.split("\n\n") if p.strip()])
    return out


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _etl_parse_seconds(root: Path, *flags: str, tree: Path = ROOT) -> tuple[float, float, int]:
    """``etl parse ROOT`` as a user runs it: a fresh process, stdout to a file; wall seconds
    from spawn to exit (interpreter start, imports, tables, parsing, output), CPU seconds of the
    process and its workers, and lines out. ``tree``: another source tree (``git archive`` of an
    older commit, :func:`tools.bench.compare.archive`) runs its own ``etl.cli``. Each tree has its own
    start-up cache, as in :mod:`tools.bench.compare`: in the shared default one, any other checkout's
    gazetteer replaces this one's, and a run then measures the rebuild (~0.6 CPU-s)."""
    out = BENCH_DIR / "etl-parse.jsonl"
    command = [str(Path(sys.executable).parent / "etl"), "parse"]
    env = {**os.environ, "ETL_CACHE_DIR": str(BENCH_DIR / "cache" / "head")}
    if tree != ROOT:
        command = [sys.executable, "-m", "etl.cli", "parse"]
        env = {**os.environ, "PYTHONPATH": str(tree), "ETL_CACHE_DIR": str(BENCH_DIR / "cache" / tree.name)}
    with out.open("wb") as sink:
        cpu, t0 = _children_cpu(), time.perf_counter()
        subprocess.run([*command, *flags, str(root)], cwd=tree, env=env, check=True, stdout=sink)
        seconds, cpu = time.perf_counter() - t0, _children_cpu() - cpu
    with out.open("rb") as f:
        lines = sum(1 for _ in f)
    return seconds, cpu, lines


def cli_vs_pysbd(root: Path, repeats: int, pysbd_rounds: int = 1, base: str | None = None) -> dict[str, object]:
    """``etl parse`` over BBC 1x, whole process, against pySBD's sentence splitting alone of the
    same articles' body text (``Segmenter(language="en", clean=False)`` built once, outside the
    timing; no reading, cleaning, enrichment or output). ``etl parse`` runs as shipped (parser
    processes on all cores) and with ``--workers 1``, alternating in one run. Each ratio is pySBD
    seconds / ``etl parse`` seconds (target ≥ 20): wall, and CPU (all processes), which a
    machine shared with other work disturbs far less than wall.

    With ``base`` (a commit), that commit's ``etl parse`` in one process (``git archive`` of its tree,
    C kernels built) runs in the same rounds, the order reversed every other round, and
    ``cpu_head_over_base`` is its CPU seconds over this tree's ``--workers 1`` ones: issue 13's
    "no slower than the old main", as articles per CPU-second (≥ 1 is met); ``_all`` keys give every
    round (``cpu_head_over_base_all``: the ratio of each round's pair), ``load_average`` the machine's
    1-minute load before and after (a shared machine moves single rounds by ±5 %)."""
    import pysbd  # comparison only; not a dependency of etl/

    paragraphs = _pysbd_texts(bbc_files())
    seg = pysbd.Segmenter(language="en", clean=False)
    variants: dict[str, tuple[tuple[str, ...], Path]] = {"default": ((), ROOT), "workers_1": (("--workers", "1"), ROOT)}
    if base:
        from tools.bench.compare import archive  # (compare imports this module)

        tree = archive(base)
        usage = subprocess.run(
            [sys.executable, "-m", "etl.cli", "parse", "--help"], cwd=tree, env={**os.environ, "PYTHONPATH": str(tree)},
            check=True, capture_output=True, text=True,
        ).stdout  # fmt: skip
        # An etl parse from before --workers always ran in one process.
        variants["base_workers_1"] = (("--workers", "1") if "--workers" in usage else (), tree)
    load_before = os.getloadavg()[0]
    runs: dict[str, list[float]] = {name: [] for name in variants}
    cpus: dict[str, list[float]] = {name: [] for name in variants}
    sbd_runs: list[float] = []
    sbd_cpu: list[float] = []
    lines = sentences = 0
    for i in range(max(repeats, pysbd_rounds)):
        if i < repeats:
            for name in list(variants) if i % 2 == 0 else reversed(variants):
                flags, tree = variants[name]
                seconds, cpu, lines = _etl_parse_seconds(root, *flags, tree=tree)
                runs[name].append(seconds)
                cpus[name].append(cpu)
        if i < pysbd_rounds:
            c0, t0 = time.process_time(), time.perf_counter()
            sentences = sum(len(seg.segment(p)) for ps in paragraphs for p in ps)
            sbd_runs.append(time.perf_counter() - t0)
            sbd_cpu.append(time.process_time() - c0)
    sbd_s, sbd_c = statistics.median(sbd_runs), statistics.median(sbd_cpu)
    out: dict[str, object] = {
        "articles": lines,
        "workers_default": os.cpu_count(),
        "pysbd_seconds": round(sbd_s, 3),
        "pysbd_seconds_all": [round(s, 3) for s in sbd_runs],
        "pysbd_cpu_seconds": round(sbd_c, 3),
        "pysbd_sentences": sentences,
        "pysbd_articles_per_s": round(len(paragraphs) / sbd_s, 1),
    }
    for name, times in runs.items():
        etl_s = statistics.median(times)
        out[f"etl_parse_{name}_seconds"] = round(etl_s, 3)
        out[f"etl_parse_{name}_seconds_all"] = [round(s, 3) for s in times]
        out[f"etl_parse_{name}_articles_per_s"] = round(lines / etl_s, 1)
        out[f"ratio_{name}"] = round(sbd_s / etl_s, 2)
        out[f"etl_parse_{name}_cpu_seconds"] = round(statistics.median(cpus[name]), 3)
        out[f"etl_parse_{name}_cpu_seconds_all"] = [round(c, 3) for c in cpus[name]]
        out[f"cpu_ratio_{name}"] = round(sbd_c / statistics.median(cpus[name]), 2)
    out["ratio"] = out["ratio_default"]
    if base:
        out["base"] = base
        out["cpu_head_over_base"] = round(
            statistics.median(cpus["base_workers_1"]) / statistics.median(cpus["workers_1"]), 3
        )
        out["cpu_head_over_base_all"] = [round(b / h, 3) for b, h in zip(cpus["base_workers_1"], cpus["workers_1"])]
    out["load_average"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
    return out


def run_parse_bench(repeats: int, quick: bool = False, base: str | None = None) -> dict[str, object]:
    roots = build_corpora()
    cores = os.cpu_count() or 1
    plan = [("bbc-1x", 1), ("bbc-1x", cores), ("bbc-10x", 1), ("bbc-10x", cores), ("html", 1), ("html", cores),
            ("multi", 1), ("multi", cores)]  # fmt: skip
    if quick:
        plan = [p for p in plan if p[0] != "bbc-10x" or p[1] == cores]
    results: dict[str, object] = {}
    cli = results["etl_parse_vs_pysbd"] = cli_vs_pysbd(roots["bbc-1x"], repeats, base=base)
    print(
        f"etl parse, BBC 1x, whole process: {cli['articles']} articles in {cli['etl_parse_default_seconds']:.2f} s "
        f"({cli['etl_parse_default_articles_per_s']:.0f} art/s; --workers 1: {cli['etl_parse_workers_1_seconds']:.2f} s); "
        f"pySBD splitting alone, same bodies: {cli['pysbd_seconds']:.2f} s; ratio {cli['ratio_default']:.1f}x "
        f"(--workers 1: {cli['ratio_workers_1']:.1f}x; target >= 20x); CPU-seconds ratio {cli['cpu_ratio_default']:.1f}x "
        f"(--workers 1: {cli['cpu_ratio_workers_1']:.1f}x)"
        + (
            f"; against {base}'s etl parse, same rounds: {cli['cpu_head_over_base']:.2f}x its articles per "
            f"CPU-second ({cli['etl_parse_workers_1_cpu_seconds']:.2f} / {cli['etl_parse_base_workers_1_cpu_seconds']:.2f} CPU-s)"
            if base
            else ""
        ),
        flush=True,
    )
    stages = stage_timings(roots["bbc-1x"])
    print("warm ms/article on one core (bbc-1x): " + ", ".join(f"{k} {v:.3f}" for k, v in stages.items()), flush=True)
    results["stages_ms_per_article"] = stages
    for name, workers in plan:
        key = f"{name}/{workers}w"
        results[key] = r = median_of(roots[name], workers, repeats)
        print(
            f"{key:16} {r['articles']:6d} articles {r['mb']:7.2f} MB  {r['seconds']:7.2f} s  "
            f"{r['articles_per_s']:8.0f} art/s  {r['mb_per_s']:6.2f} MB/s  {r['ms_per_article_per_core']:.3f} ms/art/core  "
            f"{r['articles_per_cpu_s']:6.0f} art/CPU-s  "
            f"RSS main {r['maxrss_main_mb']:.0f} MB, worker {r['maxrss_workers_mb']:.0f} MB",
            flush=True,
        )
    summary: dict[str, object] = {"etl_parse_over_pysbd": cli["ratio"]}
    if base:
        summary[f"etl_parse_over_{base}_articles_per_cpu_s"] = cli["cpu_head_over_base"]
    one, many = results.get("bbc-1x/1w"), results.get(f"bbc-1x/{cores}w")
    if one and many:
        summary["bbc_1x_scaling"] = round(many["articles_per_s"] / one["articles_per_s"], 2)  # type: ignore[index]
    one10, many10 = results.get("bbc-10x/1w"), results.get(f"bbc-10x/{cores}w")
    if one10:
        summary["bbc_10x_articles_per_s_per_core"] = one10["articles_per_s"]  # type: ignore[index]
        summary["bbc_10x_articles_per_cpu_second"] = one10["articles_per_cpu_s"]  # type: ignore[index]
    if one10 and many10:
        summary["bbc_10x_scaling"] = round(many10["articles_per_s"] / one10["articles_per_s"], 2)  # type: ignore[index]
    if one and one10:
        summary["rss_main_10x_over_1x"] = round(one10["maxrss_main_mb"] / one["maxrss_main_mb"], 3)  # type: ignore[index]
    return {"results": results, "summary": summary}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--quick", action="store_true", help="skip the single-core 10x run")
    p.add_argument("--rebuild", action="store_true", help="rebuild the derived corpora")
    p.add_argument("--only-cli", action="store_true", help="only etl parse against pySBD (printed, not written)")
    p.add_argument(
        "--base", default=ISSUE_13_BASE, help="also run this commit's etl parse side by side ('' for none)"
    )
    p.add_argument("--child", help=argparse.SUPPRESS)
    p.add_argument("--workers", type=int, default=1, help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.child:
        _child(args)
        return 0
    if args.rebuild:
        build_corpora(force=True)
    if args.only_cli:
        print(json.dumps(cli_vs_pysbd(build_corpora()["bbc-1x"], args.repeats, base=args.base or None), indent=2))
        return 0
    info = machine()
    print(f"machine: {info}", flush=True)
    out = {"machine": info, "command": "make bench-parse", **run_parse_bench(args.repeats, args.quick, args.base or None)}
    print(json.dumps(out["summary"], indent=2))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "parse.json").write_text(json.dumps(out, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
