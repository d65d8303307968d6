"""The enrich stage: one :class:`~etl.models.Article` in, one :class:`~etl.models.Document` out.

Rules (each documented where it is implemented):

- ``id``: BLAKE2b-128 of ``rel_path \\0 article_index``: stable across runs and machines.
- ``published_at``: explicit metadata wins; else a time stamp segmentation found (a wire dump's
  stamp line, an ISO-dated dateline ``LONDON 1996-08-30``: ``article.stamped_at``, year included);
  else the dateline's month/day with the
  year of the file's date partition, else of the file's mtime (UTC; the year before when the day
  would fall after the mtime), at 00:00 UTC;
  else ``None``. Impossible days (Feb 29 in a common year) give ``None``.
- ``language``: metadata language when it is a valid ISO 639-1 code, else detected
  (:mod:`etl.enrich.language`) on the first ~1,000 characters of title + body.
- ``entities``/``geo``: :mod:`etl.enrich.entities` over the body after the dateline, plus what a
  headline in capitals names that cannot be a common word (:func:`_with_headline_names`), and the
  gazetteer's coordinates of the dateline's location (cities and regions only; countries have no
  single point).
- ``dateline.location``: the place's one canonical name, the same value the entities use
  (``LONDON`` → ``London``, ``U.S.`` → ``United States``, an unknown ``LAGO AGRIO`` → ``Lago Agrio``);
  the surface form stays in ``dateline.text``. The dateline's place leads ``entities.locations``,
  followed by its state, region or country when the dateline names one (``MANCHESTER, England``).
- ``keywords``: :mod:`etl.enrich.keywords`, from the body and the title.
- ``authors``: the source's metadata; else a byline line of plain text (``article.byline``).
- ``word_count``: whitespace-separated tokens of the body except stand-alone punctuation
  (``U.S.`` and ``don't`` count once, as a reader counts them); ``reading_time_minutes`` =
  ``max(1, ceil(word_count / reading_words_per_minute))``.
- ``content_hash``/``simhash``: :mod:`etl.enrich.dedup` over the casefolded, whitespace-collapsed body.

The body is split on whitespace once (:class:`etl.enrich.vocab.Tokens`); keywords, SimHash,
language and word count all read that one tokenisation.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

import etl
from etl.enrich import dedup, language
from etl.enrich.entities import MAX_PER_KIND, Entities, extract_entities
from etl.enrich.gazetteer import DATELINE_STATE_ABBREVIATIONS, get_gazetteer
from etl.enrich.keywords import keywords_of
from etl.enrich.ner_lists import KNOWN_ORGANISATIONS
from etl.enrich.vocab import Tokens, count_flagged
from etl.models import Article, Dateline, Document, SourceFile

if TYPE_CHECKING:  # annotations only: importing etl.config loads pydantic (etl.stage_config)
    from etl.config import EnrichConfig


_LOWER_PARTICLES = frozenset("de da do dos das del la le el of on upon am an der sur".split())


def canonical_place_name(location: str) -> str:
    """A dateline place the gazetteer does not know, in the case entities use: ``LAGO AGRIO`` →
    ``Lago Agrio``, ``WINSTON-SALEM`` → ``Winston-Salem``, ``RIO DE JANEIRO`` → ``Rio de Janeiro``."""
    words = []
    for i, word in enumerate(location.split()):
        if i and word.casefold() in _LOWER_PARTICLES:
            words.append(word.casefold())
        else:
            words.append("-".join(part[:1].upper() + part[1:].lower() for part in word.split("-")))
    return " ".join(words)


def document_id(rel_path: str, article_index: int) -> str:
    """Deterministic id of the ``article_index``-th article of the file at ``rel_path``."""
    return hashlib.blake2b(f"{rel_path}\x00{article_index}".encode(), digest_size=16).hexdigest()


def _dateline_date(month: int | None, day: int | None, source: SourceFile) -> datetime | None:
    """Dateline month/day completed with the year of the file's partition or mtime; never guessed further.

    With the mtime's year, a day more than one day after the mtime is the year before: a story is
    filed before its file is written (``Dec 28`` in a file written on 3 March 2021 is 28 December
    2020; one day of slack for time zones). A partition's year is taken as it is: a partition may
    name a month or a year, not the day the file was written."""
    if month is None or day is None:
        return None
    written = None
    if source.partition_date is not None:
        year = source.partition_date.year
    elif source.mtime and source.mtime > 0:
        written = datetime.fromtimestamp(source.mtime, UTC).date()
        year = written.year
    else:
        return None
    try:
        filed = date(year, month, day)
        if written is not None and (filed - written).days > 1:
            filed = date(year - 1, month, day)
    except ValueError:
        return None  # Feb 29 in a common year, day 31 in a 30-day month: no such date
    return datetime.combine(filed, datetime.min.time(), UTC)


def published_at(article: Article, dateline_month: int | None, dateline_day: int | None) -> datetime | None:
    """Publication time of ``article``: explicit metadata, else a wire dump's time stamp line, else
    dateline + file year, else ``None``."""
    explicit = article.unit.metadata.published_at
    if explicit is not None:
        # A naive timestamp from a source is taken as UTC so every document is comparable.
        return explicit if explicit.tzinfo is not None else explicit.replace(tzinfo=UTC)
    if article.stamped_at is not None:
        return article.stamped_at  # the full date and time the story was filed, year included
    return _dateline_date(dateline_month, dateline_day, article.unit.raw.source)


def _without_attribution(title: str) -> str:
    """A capitals headline without its one-word attribution (``JAPAN TO CUT RATES - PAPER``): who
    says so is no keyword, and the headline's words weigh as much as the lead's."""
    head, sep, tail = title.rpartition(" - ")
    if sep and head.strip() and tail.strip() in _ATTRIBUTIONS:
        return head
    return title


#: Who a wire headline says it has its news from (``... - SOURCES``), in capitals.
_ATTRIBUTIONS = frozenset(
    """SOURCES SOURCE PAPER PAPERS PRESS OFFICIAL OFFICIALS TRADERS DEALERS ANALYSTS ECONOMISTS BANKERS
    DIPLOMATS REPORT REPORTS AGENCY RADIO TV TELEVISION SPOKESMAN MINISTER MINISTRY EXECUTIVES INDUSTRY
    STUDY SURVEY POLL""".split()
)


def _dateline_region(region: str) -> str | None:
    """The canonical name of a dateline's state, region or country (``England``, ``Tex.`` → ``Texas``,
    ``United Arab Emirates``); ``None`` for what the gazetteer knows only as a town (``TORONTO,
    Ontario``: its Ontario is a Californian city) or not at all."""
    gaz = get_gazetteer()
    place = gaz.get(DATELINE_STATE_ABBREVIATIONS.get(region, region)) or gaz.resolve(region)
    return place.name if place is not None and place.kind != "city" else None


#: A place named only in a capitals headline counts from this many inhabitants (a country, state or
#: region always): ``SPARKS``, ``TURBO``, ``SAGA`` and ``LIRA`` are towns of 50,000–250,000 and, in
#: a headline, words (BBC headlines set in capitals, ``make bench-facets``).
HEADLINE_CITY_POPULATION = 1_000_000


def _with_headline_names(entities: Entities, title: str) -> Entities:
    """``entities`` of the body plus the names only a capitals headline gives (issue 13: a wire
    headline such as ``RUSSIA'S LEBED SAYS CHECHNYA DEAL WILL HOLD`` may be the story's only mention
    of Russia). Read as copy in capitals, and kept only where a headline word cannot be a common
    word: a known organisation or one of several words, a person of several words, a country, state,
    region or large city. Headlines in mixed case are not read: they open with adjectives and verbs
    (``Weak dollar hits ...``, ``Fuming Robinson ...``) that gave 508 of 2,225 BBC stories a junk
    name when tried."""
    found = extract_entities(title)
    gaz = get_gazetteer()
    people = [p for p in found.people if " " in p and p not in entities.people]
    orgs = [o for o in found.organizations
            if (" " in o or o in KNOWN_ORGANISATIONS) and o not in entities.organizations]  # fmt: skip
    places = []
    for name in found.locations:
        place = gaz.get(name)
        if name not in entities.locations and place is not None and (
            place.kind != "city" or place.population >= HEADLINE_CITY_POPULATION
        ):
            places.append(name)
    if not (people or orgs or places):
        return entities
    return Entities(
        people=[*entities.people, *people][:MAX_PER_KIND],
        organizations=[*entities.organizations, *orgs][:MAX_PER_KIND],
        locations=[*entities.locations, *places][:MAX_PER_KIND],
    )


def word_count(tokens: Tokens) -> int:
    """Whitespace-separated tokens, minus stand-alone punctuation such as a spaced dash."""
    return len(tokens) - count_flagged(tokens.ids, tokens.tables.punctuation)


def tokens_from(text: str, tokens: Tokens, start: int) -> Tokens:
    """``Tokens.of(text[start:])``, given ``tokens`` of all of ``text``: when ``start`` is at a token's
    edge those are the text's own tokens from the one at ``start`` on (the body is not split twice);
    inside a token (``-Shares`` cut after the dash) the rest of the text is tokenised afresh."""
    if start <= 0:
        return tokens
    if start >= len(text) or text[start - 1].isspace() or text[start].isspace():
        return tokens.tail(len(text[:start].split()))
    return Tokens.of(text[start:])


def enrich(article: Article, config: EnrichConfig, *, with_sentences: bool = False) -> Document:
    """Build the indexed :class:`Document` for ``article``."""
    from etl.segment.dateline import (
        match_dateline,  # owned by the segment stage; imported late to keep stages decoupled
    )

    unit = article.unit
    raw = unit.raw
    paragraphs = article.paragraphs
    body = "\n\n".join(paragraphs)
    lead = paragraphs[0] if paragraphs else ""

    match = match_dateline(lead) if lead else None
    dateline: Dateline | None = match.to_model() if match is not None else None
    place = None
    if dateline is not None and dateline.location:
        # One facet value per place: the dateline's "LONDON" is the entities' "London" (the
        # surface form stays in dateline.text).
        place = get_gazetteer().resolve(dateline.location)
        dateline.location = place.name if place is not None else canonical_place_name(dateline.location)
    month = match.month if match is not None else None
    day = match.day if match is not None else None

    tokens = Tokens.of(body)
    normalised = tokens.joined.casefold()  # = dedup.normalise(body), from the tokens at hand

    geo: tuple[float, float] | None = None
    if place is not None and place.lat is not None and place.lon is not None:
        geo = (place.lat, place.lon)

    start = match.end if match is not None else 0
    entities = extract_entities(body, start=start)
    if article.title_source == "explicit" and article.title.isupper():
        entities = _with_headline_names(entities, article.title)
    locations = entities.locations
    if dateline is not None and dateline.location:
        where = [dateline.location]
        if match is not None and match.region and (region := _dateline_region(match.region)) and region != dateline.location:
            where.append(region)  # "MANCHESTER, England": England is where the story was filed too
        if any(w not in locations for w in where):
            locations = [*where, *(name for name in locations if name not in where)][:MAX_PER_KIND]
    words = word_count(tokens)
    return Document(
        id=document_id(raw.source.rel_path, article.article_index),
        title=article.title,
        title_source=article.title_source,
        lead=lead,
        body=body,
        paragraphs=paragraphs,
        passages=article.passages,
        dateline=dateline,
        published_at=published_at(article, month, day),
        language=language.document_language(unit.metadata.language, article.title, tokens, body),
        people=entities.people,
        organizations=entities.organizations,
        locations=locations,
        # The dateline is where the story was filed, not what it is about: "NEW YORK" would otherwise be a
        # keyword of every New York story, weighted as the lead's first words (dateline.location has it).
        keywords=keywords_of(
            tokens if match is None else tokens_from(body, tokens, match.end),
            config.max_keywords,
            Tokens.of(_without_attribution(article.title)) if article.title else None,
        ),
        geo=geo,
        word_count=words,
        sentence_count=len(article.sentences),
        paragraph_count=len(paragraphs),
        reading_time_minutes=max(1, math.ceil(words / config.reading_words_per_minute)),
        content_hash=hashlib.sha256(normalised.encode("utf-8")).hexdigest(),
        simhash=dedup.simhash_of(tokens),
        source_path=raw.source.rel_path,
        source_format=raw.format,
        source_encoding=raw.encoding,
        article_index=article.article_index,
        source_sha256=raw.sha256,
        pipeline_version=etl.PIPELINE_VERSION,
        # A byline line (plain text) is the author when the source's metadata names none.
        metadata=replace(unit.metadata, authors=[article.byline]) if article.byline and not unit.metadata.authors else unit.metadata,
        sentences=list(article.sentences) if with_sentences else None,
    )
