"""Segmentation: a cleaned unit → articles with title, paragraphs, sentences and passages.

Article boundaries in plain-text units (:func:`split_articles`)
    * two or more blank lines (paragraphs inside an article are separated by one);
    * a separator line: only ``---``, ``===``, ``___``, ``###``, ``~~~``, ``***``,
      ``* * *`` or ``- - -`` (three or more), surrounding spaces allowed — the line
      itself is dropped; a setext heading underline (``Title`` / ``=====``) is
      therefore also a boundary;
    * a form feed anywhere;
    * a new dateline: inside a chunk whose first paragraph opens with a dateline,
      a later paragraph splits off a new article when (a) it opens with a dateline
      of the same house style — same agency (or none), same dash, date present or
      not alike — and (b) the paragraph before it ends a sentence (``.``, ``?``,
      ``!``, ``…``, optionally followed by closing quotes). A paragraph opening
      with an acronym and a dash (``NATO - the alliance ...``) never qualifies,
      because :func:`etl.segment.dateline.match_dateline` refuses it.
    Chunks holding only whitespace are not articles and take no index. A chunk that is only a
    headline (one to three title lines, the upper ones slugs or a dump's time stamp) is joined to
    the chunk after a blank run when that one opens with a dateline: a blank run under the
    headline does not make it an article of its own (never across a separator line).

Per article (:func:`segment`)
    * Paragraphs: the blocks between blank lines; a line break inside a block is a
      soft wrap and becomes one space, except before a list item (``- x``,
      ``• x``, ``1. x``), which keeps its line; surrounding whitespace is stripped
      and empty paragraphs are dropped. ``article.body`` ("\\n\\n"-joined
      paragraphs) keeps the dateline.
    * Title: explicit when the source has one — ``unit.metadata.title`` for HTML
      and JSON units (an identical first paragraph is then dropped, it is the
      rendered title), or for text units a headline line: the first block is one
      line of at most 15 words and 150 characters, holds a letter, does not end
      in ``.``, ``,``, ``;`` or ``:``, is not a dateline, and more text follows it;
      that line is then not a paragraph. A headline line right above a dateline line, with no
      blank line between, is the title too (when a title was already found and that line is
      all capitals, it is a section slug and is dropped); up to two capitals slug lines may
      stand above that headline and are dropped (``ECONOMIC SPOTLIGHT`` / ``BANK DENIES ...`` /
      ``HARARE, March 21 -``). After a title line, one or two one-line capitals blocks followed by
      a block that opens with a dateline are slugs or a second headline and are dropped too, so
      the dateline's paragraph is the lead. In lower-cased copy (its dateline in lower case) the
      slugs are lower case too. A first block of two or three title lines over a dateline block
      (``26-MAR-1987 01:40:41.75`` / ``BANK DENIES PLAN`` / blank / dateline) is a stack: its last
      line is the title when the lines above it are slugs, and the block is not a paragraph. Otherwise the title is derived from the
      first sentence of the lead without its dateline, final period removed, cut
      at a word boundary to 100 characters plus ``…`` when longer.
    * Time stamp: in plain text, a line of the first block that is only a date or time in a form
      :func:`etl.fields.dates.parse_date` reads — a wire dump's time stamp (``26-FEB-1987
      15:01:01.79``: day, month abbreviation, year, time, optional fraction), ``1987-02-26``,
      ``February 26, 1987``, ``26 Feb 1987 14:05``, ISO times with an offset — is metadata, not text: it is taken out before the title is looked for (so it is never the title
      and the headline under it still is) and kept as ``article.stamped_at`` (UTC), the
      publication time when the source has no explicit one (:func:`etl.enrich.document.published_at`).
    * 1990s agency copy (issue 13): a capitals headline closed by a period (``EU REJECTS CALL.``)
      is a title line when a dateline follows it; a dateline line ``BRUSSELS 1996-08-22`` (ISO
      date, :mod:`etl.segment.dateline`) under the headline opens the lead, also when it is a
      block of its own (it is joined to the next paragraph), and its date, year included, is the
      article's ``stamped_at``; a reporter's name on the line between the headline and the
      dateline (``Peter Blackburn``, ``By Peter Blackburn``: two to four name words, not in
      capitals) is ``article.byline``, not text (:func:`_byline_over_dateline`).
    * Sign-off: in plain text, a last line that is only a news agency's signature or an end mark
      (:data:`SIGN_OFFS`: ``Reuter``, ``AP``, ``AFP`` …, ``ENDS``), under other text, is dropped:
      wire copy ends every story with it, and kept it would be an organisation (or a keyword) on
      every document, the first value of the facet and meaningless (issue 13: ``REUTER``).
    * Sentences: :func:`etl.segment.sentences.split_sentence_spans` per paragraph, so a
      sentence never spans paragraphs; a lead's dateline is never split off.
    * Passages: consecutive sentences, each passage closing as soon as it holds
      ``passage_min_words`` words or when the next sentence would push it past
      ``passage_max_words``; a sentence longer than the maximum is a passage of
      its own; a final passage shorter than the minimum joins the previous one if
      the two together stay within 1.25 × the maximum. A passage may span
      paragraphs: ``text`` is its sentences joined by one space and ``offset`` is
      the offset of its first sentence in ``article.body``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from etl.errors import QuarantineError
from etl.models import Article, CleanUnit, Passage, TitleSource
from etl.segment.dateline import DatelineMatch, match_dateline
from etl.segment.sentences import split_sentence_spans

if TYPE_CHECKING:  # annotations only: importing etl.config loads pydantic (etl.stage_config)
    from etl.config import SegmentConfig

__all__ = ["segment", "split_articles"]

_BREAK = re.compile(
    r"""
      \n(?:[ \t]*\n){2,}
    | (?<![^\n])[ \t]*(?:-{3,}|={3,}|_{3,}|\#{3,}|~{3,}|\*(?:[ \t]*\*){2,}|-(?:[ \t]+-){2,})[ \t]*(?=\n|\Z)
    | \f
    """,
    re.VERBOSE,
)
_BLOCK = re.compile(r"\n[ \t]*\n\s*")
_LIST_ITEM = r"(?:[-*+•◦▪‣⁃●][ \t]|\d{1,3}[.)]\)?[ \t])"
_LIST_ITEM_START = re.compile(_LIST_ITEM)
_SOFT_WRAP = re.compile(rf"[ \t]*\n[ \t]*(?!{_LIST_ITEM})")
_HARD_WRAP = re.compile(r"[ \t]*\n[ \t]*")
_ENDS_SENTENCE = re.compile(r"[.!?…][”\"’')\]]*\Z")

TITLE_MAX_WORDS = 15
TITLE_MAX_CHARS = 150
DERIVED_TITLE_MAX_CHARS = 100
#: Headline and slug lines that may stand right above a dateline (``SLUG`` / ``HEADLINE`` / dateline).
MAX_LINES_ABOVE_DATELINE = 3
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
#: A story's last line that is only one of these (case-insensitive, with ``-``/``.``/spaces around)
#: is its sign-off, not text: agencies' signatures and end marks.
SIGN_OFFS = frozenset(
    {"reuter", "reuters", "ap", "afp", "upi", "dpa", "ansa", "efe", "xinhua", "kyodo", "tass", "itar-tass",
     "aap", "pa", "bernama", "ians", "pti", "end", "ends", "-0-"}
)  # fmt: skip
LAST_PASSAGE_SLACK = 1.25


def split_articles(text: str) -> list[tuple[int, str]]:
    """Split a plain-text unit into ``(article_index, article_text)`` pairs.

    Boundaries are listed in the module docstring. Article texts are stripped;
    indexes count from 0 over non-empty articles only.
    """
    pieces: list[str] = []
    if _may_break(text):
        headline_first: bool | None = None
        start = 0
        after_blank_run = False
        for m in _breaks(text):
            chunk = text[start : m.start()]
            if chunk.strip():
                if headline_first is None:
                    headline_first = _starts_with_title_line(chunk)
                if after_blank_run and headline_first and pieces and not _starts_with_title_line(chunk):
                    # In a headline-first file every article opens with its headline: a blank
                    # run followed by anything else is a section break inside the article.
                    pieces[-1] = pieces[-1] + "\n\n" + chunk.strip()
                else:
                    pieces.append(chunk.strip())
            gap = m.group()
            after_blank_run = not gap.strip() and "\f" not in gap
            if not after_blank_run:
                pieces.append("")  # a hard boundary: nothing may merge across it
            start = m.end()
        chunk = text[start:]
        if chunk.strip():
            if after_blank_run and headline_first and pieces and not _starts_with_title_line(chunk):
                pieces[-1] = pieces[-1] + "\n\n" + chunk.strip()
            else:
                pieces.append(chunk.strip())
    else:
        pieces.append(text.strip())
    pieces = _join_headlines_to_their_story(pieces)
    articles: list[tuple[int, str]] = []
    for piece in pieces:
        if piece:
            for part in _split_on_datelines(piece):
                articles.append((len(articles), part))
    return articles


def _join_headlines_to_their_story(pieces: list[str]) -> list[str]:
    """Join a piece that is only a headline (and slug lines) to the next piece when that one opens with a dateline.

    ``BANK DENIES PLAN`` / two blank lines / ``HARARE, March 21 - ...``: a dump that leaves a
    blank run under the headline does not make the headline an article of its own. Only across
    a blank run (a hard separator leaves an empty piece between) and only before a dateline, so
    headline-first files and stray short lines elsewhere keep their boundaries.
    """
    if len(pieces) < 2:
        return pieces
    out: list[str] = []
    i = 0
    while i < len(pieces):
        piece = pieces[i]
        if piece and i + 1 < len(pieces) and pieces[i + 1] and "\n\n" not in piece:
            found = _opening_dateline(pieces[i + 1])
            if found is not None and _stack_headline(piece, found) is not None:
                out.append(piece + "\n\n" + pieces[i + 1])
                i += 2
                continue
        out.append(piece)
        i += 1
    return out


def _opening_dateline(block: str) -> DatelineMatch | None:
    """The dateline that opens ``block``, directly or under headline and slug lines."""
    return match_dateline(_headline_over_dateline(block)[1])


def _stack_headline(block: str, dateline: DatelineMatch) -> str | None:
    """The headline of a block of 1–3 title lines whose upper lines are slugs (:func:`_is_slug`); else ``None``.

    ``26-MAR-1987 01:40:41.75`` / ``BANK DENIES PLAN`` (a dump's time stamp over the headline),
    ``ECONOMIC SPOTLIGHT`` / ``BANK DENIES PLAN``: the last line is the headline.
    """
    lines = block.strip().split("\n")
    if len(lines) > MAX_LINES_ABOVE_DATELINE or not all(_is_title_line(line) for line in lines):
        return None
    if not all(_is_slug(line.strip(), dateline) for line in lines[:-1]):
        return None
    return " ".join(lines[-1].split())


def _breaks(text: str) -> Iterator[re.Match[str]]:
    """``_BREAK.finditer(text)``, trying the pattern only where a match can start.

    Every alternative starts at a newline, at the start of a line or at a form feed, so the other
    ~95 % of positions of a multi-article file need no regex attempt (a scan costs ~10 ns/char).
    """
    match = _BREAK.match
    n = len(text)
    end = 0
    newline = text.find("\n")
    feed = text.find("\f")
    candidates = [0]
    while newline >= 0:
        candidates += (newline, newline + 1)
        newline = text.find("\n", newline + 1)
    if feed >= 0:
        while feed >= 0:
            candidates.append(feed)
            feed = text.find("\f", feed + 1)
        candidates.sort()
    for pos in candidates:
        if pos < end or pos >= n:
            continue
        m = match(text, pos)
        if m is not None:
            end = m.end()
            yield m


def _may_break(text: str) -> bool:
    """Cheap substring tests that rule out every ``_BREAK`` alternative (a regex scan costs ~10 ns/char).

    A one-character test (memchr speed) guards each pattern of a rare character, so a typical
    article costs a handful of multi-character scans.
    """
    return (
        "\n\n\n" in text
        or "\f" in text
        or ("-" in text and ("---" in text or "- -" in text))
        or ("=" in text and "===" in text)
        or ("_" in text and "___" in text)
        or ("#" in text and "###" in text)
        or ("~" in text and "~~~" in text)
        or ("*" in text and ("**" in text or "* *" in text))
        or "\n \n" in text
        or "\n\t\n" in text
    )


def _starts_with_title_line(chunk: str) -> bool:
    """True when ``chunk`` opens with a headline line followed by a blank line and more text."""
    blocks = _BLOCK.split(chunk.strip(), maxsplit=1)
    return len(blocks) == 2 and _is_title_line(blocks[0])


def segment(unit: CleanUnit, config: SegmentConfig) -> Iterator[Article]:
    """Yield the articles of ``unit``: one for HTML/JSON units, one per :func:`split_articles` chunk otherwise.

    A unit (or chunk) without any text yields no article.
    """
    if unit.single_article:
        title = " ".join((unit.metadata.title or "").split())
        _check_size(unit.text, unit.raw.record_index or 0, config)
        article = _build(unit, unit.raw.record_index or 0, unit.text, config, title or None, False)
        if article is not None:
            yield article
        return
    for index, text in split_articles(unit.text):
        _check_size(text, index, config)
        article = _build(unit, index, text, config, None, True)
        if article is not None:
            yield article


def _check_size(text: str, index: int, config: SegmentConfig) -> None:
    """Refuse an article too large to be one (a corrupt dump, a missing separator): never truncate it.

    Processing a multi-megabyte "article" would also cost memory out of all proportion.
    """
    if len(text) > config.max_article_chars:
        raise QuarantineError(
            "article_too_large",
            f"article {index} has {len(text):,} characters, more than segment.max_article_chars="
            f"{config.max_article_chars:,}; check the file for missing article separators or raise the limit",
        )


def _split_on_datelines(chunk: str) -> list[str]:
    """Split a chunk before later paragraphs that open a new dateline-led article."""
    first = match_dateline(_headline_over_dateline(chunk)[1])
    if first is None or "\n" not in chunk:
        return [chunk]
    style = _style(first)
    blocks = _BLOCK.split(chunk)
    parts: list[str] = []
    start = 0
    # A headline block over the dateline's block ("EU REJECTS CALL.", blank, "BRUSSELS 1996-08-22"):
    # that dateline is the first one, not a new article's.
    opens = 1 if match_dateline(_headline_over_dateline(blocks[0])[1]) is not None else 2
    for i in range(opens, len(blocks)):
        block = blocks[i]
        if not block[:1].isupper():
            continue
        found = match_dateline(block)
        if found is None or _style(found) != style:
            continue
        if not _ENDS_SENTENCE.search(blocks[i - 1].rstrip()):
            continue
        parts.append("\n\n".join(blocks[start:i]))
        start = i
    parts.append("\n\n".join(blocks[start:]))
    return parts


def _style(match: DatelineMatch) -> tuple[str | None, str, bool]:
    """House style of a dateline: agency, dash, and whether it carries a date."""
    return match.agency, match.text.rstrip()[-1], match.month is not None


def _paragraph(block: str) -> str:
    """One paragraph from a block: soft wraps joined with a space, list items kept on their lines."""
    if "\n" in block:
        block = _SOFT_WRAP.sub(" ", block)
        if "\n" in block:
            block = _HARD_WRAP.sub("\n", block)
    return block.strip()


def _is_title_line(block: str) -> bool:
    """True for a headline line: short, one line, not ending a sentence, not a dateline."""
    line = block.strip()
    return (
        0 < len(line) <= TITLE_MAX_CHARS
        and "\n" not in line
        and not _LIST_ITEM_START.match(line)
        and (line[-1] not in ".,;:" or line.endswith("..."))
        and len(line.split()) <= TITLE_MAX_WORDS
        and any(ch.isalpha() for ch in line)
        and match_dateline(line) is None
    )


def _is_capitals_headline(line: str) -> bool:
    """A wire headline in capitals closed by a period (``EU REJECTS CALL TO BOYCOTT LAMB.``): a title
    line when a dateline follows it, though a period otherwise marks a sentence."""
    line = line.strip()
    return line.endswith(".") and not line.endswith("..") and line.isupper() and _is_title_line(line[:-1])


def _is_headline_over_dateline(line: str) -> bool:
    """A title line, or a capitals headline closed by a period: what may stand above a dateline as the title."""
    return _is_title_line(line) or _is_capitals_headline(line)


def _headline_over_dateline(block: str) -> tuple[str | None, str]:
    """``(headline, rest)`` when ``block``'s first lines are a headline and the next line opens a dateline.

    Wire copy often puts the headline or a slug on the line right above the dateline, with no
    blank line between (``BANK DENIES DEVALUATION PLAN - SOURCES`` / ``HARARE, March 21 -``):
    the dateline wins, and the line above is the headline, never its location. Up to
    :data:`MAX_LINES_ABOVE_DATELINE` lines may stand above it (``ECONOMIC SPOTLIGHT`` /
    ``BANK DENIES ...`` / ``HARARE, March 21 -``); the line right above the dateline is the
    headline, and every line above that one must be a slug (:func:`_is_slug`), so a hard-wrapped
    paragraph in mixed case is never taken for a stack of headlines.
    """
    rest = block
    above: list[str] = []
    for _ in range(MAX_LINES_ABOVE_DATELINE):
        first, newline, rest = rest.partition("\n")
        if not newline:
            break
        rest = rest.lstrip()
        found = match_dateline(rest)
        if found is not None:
            if found.start == 0 and _is_headline_over_dateline(first) and all(_is_slug(line, found) for line in above):
                return " ".join(first.split()), rest
            break
        # Without a dateline below, only a one-case title line may be a slug over a headline (a
        # mixed-case line is a headline or a paragraph's first line). The str methods go first:
        # every text-file chunk passes here, and they stop at the first letter of the other case.
        if not (first.isupper() or first.islower()) or not _is_title_line(first):
            break
        above.append(first)
    return None, block


_BYLINE = re.compile(
    r"(?:[Bb][Yy] )?(?:[A-Z](?:\.|[a-z'’]+(?:-[A-Z][a-z'’]+)?)|de|van|von|der|da|di|al|bin|le|la)"
    r"(?: (?:[A-Z](?:\.|[a-z'’]+(?:-[A-Z][a-z'’]+)?)|de|van|von|der|da|di|al|bin|le|la)){1,3}"
)


def _byline_over_dateline(block: str, headline_above: bool) -> tuple[str | None, str, str] | None:
    """``(headline, byline, rest)`` when ``block`` holds a reporter's name on the line right above its
    dateline (``EU REJECTS CALL.`` / ``Peter Blackburn`` / ``BRUSSELS 1996-08-22`` / story), else ``None``.

    The name line is two to four name words (initials and particles allowed, ``By`` before them),
    never in capitals; the line above it must be a capitals headline (the title) unless the
    article already has its title (``headline_above`` false: the block opens with the name). A
    byline kept in the text would stand between the title and the dateline, so the dateline would
    be lost and the name read as a person and a club (``Peter``, ``Blackburn``).
    """
    lines = block.split("\n", 3 if headline_above else 2)
    if len(lines) < (3 if headline_above else 2):
        return None
    if headline_above:
        headline, name, rest = lines[0].strip(), lines[1].strip(), "\n".join(lines[2:]).lstrip()
        if not headline.isupper() or not _is_headline_over_dateline(headline):
            return None
    else:
        headline, name, rest = None, lines[0].strip(), "\n".join(lines[1:]).lstrip()
    if name.isupper() or _BYLINE.fullmatch(name) is None:
        return None
    found = match_dateline(rest)
    if found is None or found.start:
        return None
    return headline, name[3:] if name[:3] in ("By ", "by ", "BY ") else name, rest


def _is_slug(line: str, dateline: DatelineMatch) -> bool:
    """A slug line: in capitals, or in lower case when the copy is lower-cased (its dateline is)."""
    return line.isupper() or (line.islower() and dateline.text.islower())


def _slug_blocks_before_dateline(blocks: list[str]) -> int:
    """How many leading one-line slug blocks stand between a title and a dateline block (0–2).

    ``ECONOMIC SPOTLIGHT`` / blank / ``BANK DENIES DEVALUATION PLAN`` / blank / ``HARARE, March 21 -``:
    with the first line taken as the title, the capitals line under it is a slug or a second
    headline, not the lead; the dateline's paragraph is the lead. In lower-cased copy the slug is
    in lower case like its dateline.
    """
    k = 0
    while (
        k < MAX_LINES_ABOVE_DATELINE - 1
        and len(blocks) > k + 1
        and (blocks[k].isupper() or blocks[k].islower())
        and _is_title_line(blocks[k])
    ):
        k += 1
    if not k:
        return 0
    found = match_dateline(_headline_over_dateline(blocks[k])[1])
    if found is not None and all(_is_slug(b, found) for b in blocks[:k]):
        return k
    return 0


def _build(
    unit: CleanUnit,
    index: int,
    text: str,
    config: SegmentConfig,
    explicit_title: str | None,
    detect_title_line: bool,
) -> Article | None:
    """Assemble one :class:`Article`; ``None`` when it has no paragraph."""
    blocks = _BLOCK.split(text.strip())
    stamped_at = None
    if detect_title_line:
        stamped_at, blocks = _time_stamp(blocks)
    title = explicit_title
    if title is None and detect_title_line and len(blocks) > 1:
        if _is_title_line(blocks[0]) or (_is_capitals_headline(blocks[0]) and _opening_dateline(blocks[1]) is not None):
            title = " ".join(blocks[0].split())
            blocks = blocks[1:]
        elif "\n" in blocks[0] and (found := _opening_dateline(blocks[1])) is not None:
            title = _stack_headline(blocks[0], found)  # a time stamp or slug line over the headline
            if title is not None:
                blocks = blocks[1:]
    if detect_title_line and title is not None and len(blocks) > 1:
        del blocks[: _slug_blocks_before_dateline(blocks)]
    byline = None
    if detect_title_line and blocks and (bylined := _byline_over_dateline(blocks[0], title is None)) is not None:
        headline, byline, blocks[0] = bylined
        title = title or headline
    if detect_title_line and blocks:
        headline, rest = _headline_over_dateline(blocks[0])
        if headline is not None:
            if title is None:
                title = headline
                blocks[0] = rest
            elif _is_slug(headline, match_dateline(rest)):  # type: ignore[arg-type]  # rest opens with one
                blocks[0] = rest  # a capitals slug under the headline: a section label, not text
    if detect_title_line and blocks:
        blocks[-1] = _without_sign_off(blocks[-1], alone=len(blocks) == 1)
    paragraphs = [p for p in map(_paragraph, blocks) if p]
    if explicit_title is not None and paragraphs and " ".join(paragraphs[0].split()) == explicit_title:
        del paragraphs[0]  # the page's rendered <h1>, already the title
    if not paragraphs:
        return None
    lead_dateline = match_dateline(paragraphs[0])
    if lead_dateline is not None and lead_dateline.end >= len(paragraphs[0]) and len(paragraphs) > 1:
        # A dateline on a block of its own ("LONDON 1996-08-30", blank line, the story) opens the lead.
        paragraphs[:2] = [paragraphs[0] + " " + paragraphs[1]]
        lead_dateline = match_dateline(paragraphs[0])
    if stamped_at is None and lead_dateline is not None and lead_dateline.year is not None:
        # An ISO-dated dateline gives the whole date the story was filed, as a dump's stamp does.
        stamped_at = datetime(lead_dateline.year, lead_dateline.month or 1, lead_dateline.day or 1, tzinfo=UTC)

    sentences: list[str] = []
    offsets: list[int] = []  # offset of each sentence in the body
    base = 0
    for i, paragraph in enumerate(paragraphs):
        if i == 0 and lead_dateline is not None:
            spans = _lead_spans(paragraph, lead_dateline)
        else:
            spans = split_sentence_spans(paragraph)
        for s, e in spans:
            sentences.append(paragraph[s:e])
            offsets.append(base + s)
        base += len(paragraph) + 2

    title_source: TitleSource = "explicit"
    if title is None:
        title_source = "derived"
        title = _derived_title(paragraphs[0], sentences[0] if sentences else paragraphs[0], lead_dateline)

    return Article(
        unit=unit,
        article_index=index,
        title=title,
        title_source=title_source,
        paragraphs=paragraphs,
        sentences=sentences,
        passages=_passages(sentences, offsets, config),
        stamped_at=stamped_at,
        byline=byline,
    )


def _time_stamp(blocks: list[str]) -> tuple[datetime | None, list[str]]:
    """The first block's time stamp line (module docstring) as a UTC time, and the blocks without
    it; ``(None, blocks)`` when there is none or it is no real time (``31-FEB-1987``)."""
    lines = blocks[0].split("\n")
    for i, line in enumerate(lines):
        when = _stamp_time(line)
        if when is None:
            continue
        rest = "\n".join(lines[:i] + lines[i + 1 :]).strip()
        if not rest and len(blocks) == 1:
            return None, blocks  # the whole article: keep it as its text
        return when, ([rest] if rest else []) + blocks[1:]
    return None, blocks


def _stamp_time(line: str) -> datetime | None:
    """The time of a line that is only a time stamp or a date (module docstring), else ``None``:
    the shared date rule reads it (:func:`etl.fields.dates.parse_date`, the wire dump's
    ``26-FEB-1987 15:01:01.79`` among its forms; no such day, ``31-FEB-1987``, is no stamp)."""
    text = line.strip()
    # Cheap gates before the shared parser: a date line is short, starts with a digit or a month
    # name, and is not a bare number (a count, or an epoch the shared rule would accept).
    if not 8 <= len(text) <= 40 or text.isdigit() or not (text[0].isdigit() or text[:3].casefold() in _MONTHS):
        return None
    from etl.fields.dates import parse_date  # rarely reached: its email.utils import stays off start-up

    return parse_date(text)


def is_sign_off(line: str) -> bool:
    """Whether ``line`` is only a sign-off (:data:`SIGN_OFFS`), with ``-``/``.``/spaces around
    (``- ENDS -``; ``-0-`` is one with its dashes)."""
    return line.strip(" \t-.").casefold() in SIGN_OFFS or line.strip().casefold() in SIGN_OFFS


def _without_sign_off(block: str, alone: bool) -> str:
    """``block`` without a last line that is a sign-off (:func:`is_sign_off`), when text stays."""
    head, _, last = block.rpartition("\n")
    if not is_sign_off(last):
        return block
    if alone and not head.strip():
        return block  # the whole story: nothing to sign off
    return head.rstrip()


def _lead_spans(lead: str, dateline: DatelineMatch) -> list[tuple[int, int]]:
    """Sentence spans of a lead that opens with a dateline; the dateline stays in the first sentence."""
    start = dateline.end
    spans = [(s + start, e + start) for s, e in split_sentence_spans(lead[start:])]
    if spans:
        spans[0] = (0, spans[0][1])
    else:
        spans = [(0, len(lead))]
    return spans


def _derived_title(lead: str, first_sentence: str, dateline: DatelineMatch | None) -> str:
    """Title from the lead's first sentence, without dateline or final period, at most ~100 chars."""
    title = first_sentence
    if dateline is not None and first_sentence[dateline.start :].startswith(dateline.text):
        title = first_sentence[dateline.end :]
    title = " ".join(title.split())
    if title.endswith(".") and not title.endswith(".."):
        title = title[:-1]
    if len(title) > DERIVED_TITLE_MAX_CHARS:
        cut = title.rfind(" ", 0, DERIVED_TITLE_MAX_CHARS + 1)
        if cut <= 0:
            cut = DERIVED_TITLE_MAX_CHARS
        title = title[:cut].rstrip(" ,;:-–—") + "…"
    return title or " ".join(lead.split())[:DERIVED_TITLE_MAX_CHARS]


def _passages(sentences: list[str], offsets: list[int], config: SegmentConfig) -> list[Passage]:
    """Group sentences into passages of about ``passage_min_words``–``passage_max_words`` words."""
    lo, hi = config.passage_min_words, config.passage_max_words
    groups: list[tuple[int, int, int]] = []  # (first sentence, end sentence, words)
    start = 0
    words = 0
    for i, sentence in enumerate(sentences):
        n = sentence.count(" ") + 1  # sentences of normalised text: one space between words
        if words and words + n > hi:
            groups.append((start, i, words))
            start, words = i, 0
        words += n
        if words >= lo:
            groups.append((start, i + 1, words))
            start, words = i + 1, 0
    if words:
        if groups and groups[-1][2] + words <= hi * LAST_PASSAGE_SLACK:
            first, _, prev_words = groups.pop()
            groups.append((first, len(sentences), prev_words + words))
        else:
            groups.append((start, len(sentences), words))
    return [
        Passage(text=" ".join(sentences[a:b]), offset=offsets[a], index=k) for k, (a, b, _) in enumerate(groups)
    ]
