"""Facet hygiene at archive scale (issue 13): the top-30 facet values of a wire-style archive.

Issue 13 is done when "the top-30 organisation and person facets of a wire archive hold none of the
junk classes". ``tests/integration/test_facet_hygiene.py`` checks the top-20 of a three-file invented
sample through the real index; this benchmark asks the same of an archive of thousands of stories.

The archive (``wirestyle``) is built at bench time under ``.local/bench/corpora/`` (gitignored, never
committed) from the BBC corpus in ``../shared/corpora/bbc-news``, dressed the way a news agency's
archive is: the headline in capitals (sometimes with a tag such as `` - SOURCES``), a column or
sport slug line in capitals above it for some stories (``ECONOMIC SPOTLIGHT``, ``SOCCER -``), a
capitals dateline with a date before the first paragraph (``LONDON, March 21 -``), and a sign-off
line; one story in ten is in capitals throughout, as some agency copy is. The bodies are otherwise
the BBC's, unchanged: the junk this measures comes from the dressing (the
classes of the issue: slugs and headlines read as datelines or names, capitals places as
organisations, suffixes, function words, months), and from the bodies' names cut into pieces.

Each story goes through the pipeline's own stages (read → clean → segment → enrich, as ``etl parse``)
and its distinct ``entities.*`` values count once per story, which is what a terms aggregation on
the index counts. Flagged in the top 30 of each type:

* **suffix**: a corporate suffix alone (``Inc``, ``Co Inc``, ``PLC``, ``AG``, ``NV``, ``SA`` …);
* **function word / calendar**: ``The``, ``NEW``, ``Of``, a function word in capitals (``WHO``, ``HE``) …;
  months and week days;
* **dressing**: a value made only of words of the dressing (a slug, a headline tag, the sign-off);
* **headline word**: a one-word value in capitals that is not an acronym of the body (a word of a
  capitals headline read as a name);
* **on every story**: a value in half the stories or more says nothing about any of them (the
  agency's sign-off ``Reuter`` read as an organisation);
* **fragment** (reported, not failed on: the rule is a heuristic): a value that never appears in a
  story without a longer value of the same story holding it as whole words (``Motors`` beside
  ``General Motors``).

``--check`` exits 1 when a top-30 value is in one of the classes but the last.

Usage: ``make bench-facets`` (= ``.venv/bin/python -m tools.bench.facets [--check] [--top 30]``)
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from etl.enrich.lexicon import STOPWORDS
from tools.bench.parse import BBC, CATEGORIES, CORPORA, RESULTS, _decode
from tools.bench.wire import stale_corpus

VERSION = "2"
#: Share of stories whose whole text is in capitals, as some agency copy of the 1980s is.
CAPS_SHARE = 0.1
TYPES = ("organizations", "people", "locations")

#: Datelines: capitals and big cities an agency files from (public names).
CITIES = ("LONDON", "NEW YORK", "WASHINGTON", "PARIS", "TOKYO", "BRUSSELS", "FRANKFURT", "MOSCOW",
          "SYDNEY", "JOHANNESBURG", "SAO PAULO", "HONG KONG", "NEW DELHI", "CAIRO", "ROME", "MADRID")  # fmt: skip
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")  # fmt: skip
#: Slug lines above the headline, per BBC category (made up, in the style of agency columns).
SLUGS = {
    "business": ("ECONOMIC SPOTLIGHT", "MARKET REPORT", "COMPANY NEWS"),
    "entertainment": ("ARTS DIARY", "SHOWBUSINESS"),
    "politics": ("POLITICS", "ANALYSIS"),
    "sport": ("SOCCER -", "RUGBY UNION -", "TENNIS -", "ATHLETICS -", "CRICKET -"),
    "tech": ("TECHNOLOGY", "FEATURE"),
}
TAGS = (" - SOURCES", " - OFFICIAL", " - PAPER", " - REPORT")
SIGN_OFF = "Reuter"

SUFFIXES = {"Inc", "Inc.", "Co", "Co.", "Co Inc", "Corp", "Corp.", "Ltd", "Ltd.", "PLC", "Plc", "plc", "AG", "NV",
            "SA", "SpA", "GmbH", "LLC", "Cos", "Bhd", "Pty", "KK"}  # fmt: skip
FUNCTION_WORDS = {"The", "A", "An", "And", "Of", "In", "On", "At", "For", "To", "By", "With", "From", "NEW", "THE",
                  "AND", "OF", "IN", "ON", "FOR", "TO", "BY", "WITH", "It", "He", "She", "They", "We", "This"}  # fmt: skip
CALENDAR = {*MONTHS, "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
            *(m.upper() for m in MONTHS)}  # fmt: skip


def build(force: bool = False) -> Path:
    """The wire-style archive from BBC 1x (one story per article; seeded, the same on every machine)."""
    root = stale_corpus("wirestyle", VERSION, force)
    if root is None:
        return CORPORA / "wirestyle"
    rng = random.Random(13)
    for category in CATEGORIES:
        for path in sorted((BBC / category).glob("*.txt")):
            text = _decode(path.read_bytes()).strip()
            title, _, body = text.partition("\n")
            paragraphs = [p.strip() for p in body.split("\n") if p.strip()]
            if not paragraphs:
                continue
            month = rng.randrange(12)
            headline = title.strip().upper() + (rng.choice(TAGS) if rng.random() < 0.2 else "")
            lines = []
            if rng.random() < 0.3:
                lines.append(rng.choice(SLUGS[category]))
            lines.append(headline)
            dateline = f"{rng.choice(CITIES)}, {MONTHS[month]} {rng.randint(1, 28)} - "
            text = "\n\n".join(paragraphs)
            if rng.random() < CAPS_SHARE:
                text = text.upper()
            story = "\n".join(lines) + "\n" + dateline + text + f"\n\n{SIGN_OFF}\n"
            out = root / "1987" / f"{month + 1:02d}" / f"{category}-{path.stem}.txt"
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(story, encoding="utf-8")
    (root / "VERSION").write_text(VERSION)
    return root


def facets(root: Path) -> tuple[dict[str, Counter], list[dict[str, set[str]]], list[str]]:
    """Per type, story counts of each value; each story's values; each story's body (for acronyms)."""
    from etl.clean import clean
    from etl.config import get_settings
    from etl.enrich import enrich
    from etl.models import Quarantined
    from etl.read import read_units
    from etl.runner import discover_files
    from etl.segment import segment

    settings = get_settings()
    counts = {kind: Counter() for kind in TYPES}
    stories: list[dict[str, set[str]]] = []
    bodies: list[str] = []
    for source in discover_files(settings, root):
        if isinstance(source, Quarantined):
            continue
        for unit in read_units(source, settings.read):
            if isinstance(unit, Quarantined):
                continue
            for article in segment(clean(unit), settings.segment):
                doc = enrich(article, settings.enrich)
                values = {kind: set(getattr(doc, kind)) for kind in TYPES}
                for kind in TYPES:
                    counts[kind].update(values[kind])
                stories.append(values)
                bodies.append(doc.body)
    return counts, stories, bodies


_DRESSING_WORDS = {w for slug in SLUGS.values() for s in slug for w in s.replace("-", " ").split()}
_DRESSING_WORDS |= {w for tag in TAGS for w in tag.replace("-", " ").split()} | {SIGN_OFF, SIGN_OFF.upper()}


def junk_class(value: str, acronyms: set[str]) -> str | None:
    """The junk class of a facet value (module docstring), or ``None``."""
    words = value.split()
    if value in SUFFIXES:
        return "suffix"
    if value in FUNCTION_WORDS or words[0] in {"of", "and", "the"} or words[-1] in {"of", "and", "the", "de", "&"}:
        return "function word"
    if value.isupper() and value.lower() in STOPWORDS and value != "US":  # "WHO", "HE" out of copy in capitals
        return "function word"
    if value in CALENDAR:
        return "calendar"
    if all(w.strip("-") in _DRESSING_WORDS for w in words):
        return "dressing"
    if len(words) == 1 and re.fullmatch(r"[A-Z]{4,}", value) and value not in acronyms:
        return "headline word"
    return None


def fragments(counts: Counter, stories: list[dict[str, set[str]]], kind: str, values: list[str]) -> set[str]:
    """Values of ``values`` that never appear in a story without a longer value holding them."""
    longer: dict[str, int] = defaultdict(int)
    for story in stories:
        every = set().union(*story.values())
        for value in story[kind]:
            if value in values and any(
                v != value and f" {value} " in f" {v} " for v in every
            ):  # fmt: skip
                longer[value] += 1
    return {v for v in values if longer[v] == counts[v]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--top", type=int, default=30)
    ap.add_argument("--check", action="store_true", help="exit 1 when a top value is junk")
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--root", type=Path, help="score this folder of files instead of the built archive")
    ap.add_argument("--out", type=Path, default=RESULTS / "facets.json")
    args = ap.parse_args(argv)

    root = args.root or build(args.rebuild)
    started = time.perf_counter()
    counts, stories, bodies = facets(root)
    # An acronym is a word in capitals that the (mixed-case) bodies use too: BBC, EU, NATO.
    acronyms = {w for body in bodies for w in re.findall(r"\b[A-Z]{2,}\b", body)}
    report: dict[str, object] = {"stories": len(stories), "seconds": round(time.perf_counter() - started, 1)}
    failed = 0
    for kind in TYPES:
        top = [v for v, _ in counts[kind].most_common(args.top)]
        flagged = {v: c for v in top if (c := junk_class(v, acronyms))}
        flagged |= {v: "on every story" for v in top if counts[kind][v] * 2 >= len(stories)}
        pieces = sorted(fragments(counts[kind], stories, kind, top))
        failed += len(flagged)
        report[kind] = {"top": [[v, counts[kind][v]] for v in top], "junk": flagged, "fragments": pieces}
        print(f"{kind}: top {args.top} of {len(counts[kind])} values, junk {len(flagged)}, possible fragments {len(pieces)}")
        print("  " + ", ".join(f"{v} ({counts[kind][v]})" for v in top))
        for value, cls in flagged.items():
            print(f"  JUNK ({cls}): {value}")
        if pieces:
            print(f"  possible fragments: {', '.join(pieces)}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"{len(stories)} stories; written {args.out}")
    if args.check and failed:
        print(f"FAILED: {failed} junk values in the top {args.top} facets", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
