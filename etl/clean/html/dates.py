"""Publication dates of a page: structured metadata first, then the visible byline, then the URL.

Precedence (the first source that gives a plausible date wins):

1. **Structured publication metadata**: ``article:published_time`` and its aliases,
   JSON-LD ``datePublished`` (then ``dateCreated``) of the article object, the ``pubdate``,
   ``dc.date.issued``, ``date``, ``sailthru.date``, ``parsely-pub-date`` meta tags,
   ``<time itemprop=datePublished|pubdate>``, any ``[itemprop=datePublished]``.
2. **The first** ``<time datetime>`` of the page outside comments, related lists and footers.
3. **The visible byline**, read in the page's language: elements whose class, id or itemprop
   says date, time, byline, meta, published or posted, and the few elements right after the
   ``<h1>``, never inside comments, related-article lists, teasers, sidebars or footers. Month
   names in English, German, French, Spanish, Italian, Dutch, Polish (genitive forms too) and
   Portuguese, with abbreviations (``12. März 2024``, ``1er mars 2024``, ``12 de marzo de
   2024``, ``12 marca 2024``, ``March 12, 2024``); ``2024年3月12日``; ISO dates; numeric
   dates (below). A date next to a publication cue (``veröffentlicht``, ``publié``,
   ``publicado``, ``opublikowano``, ``pubblicato``, ``gepubliceerd``, ``published``, ``发布``)
   wins over one next to an update cue (``aktualisiert``, ``mis à jour``, ``actualizado``,
   ``updated``, ``更新``), which is the modified date; without cues the earliest date of the
   byline is the publication date.
4. **The URL** (canonical link, then ``og:url``): ``/2024/03/12/``, ``/2024-03-12/``,
   ``/20240312/`` (a path part of exactly eight digits that is a valid date), ``_2024-03-12``.
5. **The modified date** (structured, or from the byline), when nothing above gave one: the
   page was first published no later than that, and it is the page's own statement.

Numeric dates: with dots (``12.03.2024``) they are always day first. With slashes or dashes
(``12/03/2024``) they are day first unless the page is US English (``lang="en-US"``) where
they are month first; for English without a region, a value that fits both orders is
refused (``03/04/2024``), one that fits only one (``13/03/2024``) is taken; an ``en`` page on a
country host takes that country's order (``.co.uk``, ``.ie``, ``.com.au``, ``.nz``, ``.in``,
``.za`` day first; ``.us``, ``.ca`` month first). Two-digit years are refused.

Plausibility: a date more than a day in the future is refused, whatever its source; a date
before 1990 is accepted only when two sources agree on it (the page "clearly says so", not a
CMS placeholder such as ``1970-01-01``). Relative dates (``vor 2 Stunden``, ``yesterday``) are
ignored: a page file carries no trustworthy time it was fetched, so they have no anchor. The one
anchor a page gives is machine-readable: ``<time datetime="2024-03-12T09:00">vor 2 Stunden</time>``
counts by its ``datetime`` (source 2), never by its text.
Dates without a time zone are UTC, date-only values midnight UTC (:mod:`etl.fields.dates`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import lxml.etree as etree

from etl.clean.html.boilerplate import _POSITIVE
from etl.fields import parse_date

__all__ = ["PageDates", "page_dates", "text_dates"]

MIN_PLAUSIBLE_YEAR = 1990
_FUTURE_SLACK = timedelta(days=1)

# Month names and abbreviations by language; all matching is case-insensitive and on
# accent-stripped-free text (the names carry their accents).
_MONTH_WORDS: dict[str, int] = {}
for _number, _words in enumerate(
    (
        "january jan janvier janv jänner januar jän enero ene gennaio gen januari styczeń stycznia sty janeiro",
        "february feb febr februar feber février févr fevrier fevr febrero febbraio februari luty lutego lut fevereiro fev",
        "march mar märz maerz mär mars marzo maart mrt marzec marca março",
        "april apr avril avr abril abr aprile aprile kwiecień kwietnia kwi",
        "may mai mayo maggio mag mei maj maja maio",
        "june jun juni juin junio giugno giu czerwiec czerwca cze junho",
        "july jul juli juillet juil julio luglio lug lipiec lipca lip julho",
        "august aug août aout agosto ago augustus sierpień sierpnia sie",
        "september sep sept septembre septiembre setiembre settembre set wrzesień września wrz setembro",
        "october oct okt oktober octobre octubre ottobre ott październik października paź paz outubro out",
        "november nov novembre noviembre listopad listopada lis novembro",
        "december dec dez dezember décembre déc decembre diciembre dic dicembre grudzień grudnia gru dezembro",
    ),
    1,
):
    for _word in _words.split():
        _MONTH_WORDS.setdefault(_word, _number)
del _number, _words, _word

_MONTH = r"(?P<month>[^\W\d_]{3,12})\.?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY = r"(?P<day>[0-3]?\d)"
_TIME = r"(?:,?\s*(?:um|à|a las|alle|om|o|at|godz\.?)?\s*(?P<hour>[0-2]?\d)[:.h](?P<minute>[0-5]\d)(?!\d))?"
_TEXT_DATES = [
    # 12. März 2024 / 12 mars 2024 / 1er mars 2024 / 12 de marzo de 2024 / 12 marca 2024
    re.compile(rf"(?<!\d){_DAY}(?:\.|er|º|°)?\s+(?:de\s+)?{_MONTH}\s+(?:de\s+|del\s+)?{_YEAR}(?!\d){_TIME}", re.I),
    # March 12, 2024 / Mar. 12 2024
    re.compile(rf"(?<![^\W\d_]){_MONTH}\s+{_DAY}(?:st|nd|rd|th)?,?\s+{_YEAR}(?!\d){_TIME}", re.I),
    # 2024年3月12日
    re.compile(rf"(?P<year>(?:19|20)\d\d)\s*年\s*(?P<mnum>1[0-2]|0?[1-9])\s*月\s*(?P<day>[0-3]?\d)\s*日{_TIME}"),
    # 2024-03-12 (ISO, in text)
    re.compile(rf"(?<!\d){_YEAR}-(?P<mnum>1[0-2]|0[1-9])-(?P<day>[0-3]\d)(?!\d){_TIME}"),
    # 12.03.2024 (always day first)
    re.compile(rf"(?<![\d.]){_DAY}\.(?P<mnum>1[0-2]|0?[1-9])\.{_YEAR}(?!\d){_TIME}"),
    # 12/03/2024, 12-03-2024 (order by locale)
    re.compile(r"(?<![\d/-])(?P<first>[0-3]?\d)(?P<sep>[/-])(?P<second>[0-3]?\d)(?P=sep)(?P<year>(?:19|20)\d\d)(?!\d)"),
]
_PUBLISHED_CUE = re.compile(
    r"ver(?:ö|oe)ffentlicht|erschienen|publi(?:é|e|cado|cada|cato|cata|shed)|opublikowan|gepubliceerd|"
    r"posted|erstellt|date de publication|fecha de publicación|发布|發佈|发表",
    re.I,
)
_MODIFIED_CUE = re.compile(
    r"aktualisiert|geändert|update|mis à jour|mise à jour|actualiza|aggiornat|bijgewerkt|zaktualizowan|"
    r"modifi|atualizad|更新|修改",
    re.I,
)
_DATE_ATTR = re.compile(
    r"date|time|byline|meta|publi|posted|dateline|datum|fecha|data|czas|info|entry-header|article-header|author",
    re.I,
)
_EXCLUDED_ATTR = re.compile(
    r"(?:^|[-_\s])(?:comments?|comment-?list|respond|reply|related|recommend\w*|teaser|more-?stories|read-?more|"
    r"sidebar|widget|footer|newsletter|most-?read|popular|trending|archive|calendar|event)(?:$|[-_\s])",
    re.I,
)
_BODY_ATTR = _POSITIVE  # article-body, entry-content, post-body, ... (boilerplate's body names)
_EXCLUDED_TAGS = {"footer", "aside", "nav", "script", "style", "noscript", "template"}
_URL_DATE = [
    re.compile(r"/(?P<year>(?:19|20)\d\d)/(?P<mnum>1[0-2]|0?[1-9])/(?P<day>[0-3]?\d)(?:/|$|[-_.])"),
    re.compile(r"[/_-](?P<year>(?:19|20)\d\d)-(?P<mnum>1[0-2]|0[1-9])-(?P<day>[0-3]\d)(?:/|$|[-_.])"),
    re.compile(r"/(?P<year>(?:19|20)\d\d)(?P<mnum>1[0-2]|0[1-9])(?P<day>[0-3]\d)(?:/|$|[-_.])"),
]
_BYLINE_CHARS = 400
_AFTER_H1_ELEMENTS = 4


@dataclass(slots=True, frozen=True)
class PageDates:
    """The page's publication and modification dates, each ``None`` when the page does not say."""

    published: datetime | None
    modified: datetime | None


def page_dates(
    doc: etree._Element,
    structured_published: list[str | None],
    structured_modified: list[str | None],
    lang: str | None,
    urls: list[str | None],
    now: datetime | None = None,
) -> PageDates:
    """Publication and modification dates by the precedence of the module docstring.

    ``structured_*`` are the raw values of the structured sources in precedence order (meta
    tags, JSON-LD, itemprop), ``lang`` the raw ``<html lang>`` (``en-US``), ``urls`` the
    canonical and ``og:url`` addresses.
    """
    now = now or datetime.now(UTC)
    latest = now + _FUTURE_SLACK
    lang = _with_host_region(lang, urls)

    def fresh(dates: Iterator[datetime | None]) -> list[datetime]:
        return [d for d in dates if d is not None and d <= latest]

    # The byline walk is the costly source: done once, and only when the sources before it fail.
    byline = functools.cache(lambda: _byline_dates(doc, lang, latest))

    published_sources: list[Callable[[], list[datetime]]] = [
        lambda: fresh(map(parse_date, structured_published)),
        lambda: fresh(parse_date(el.get("datetime")) for el in _first_time_tag(doc)),
        lambda: byline()[0],
        lambda: fresh(_url_date(u) for u in urls if u),
    ]
    modified_sources: list[Callable[[], list[datetime]]] = [
        lambda: fresh(map(parse_date, structured_modified)),
        lambda: byline()[1],
    ]
    cache: dict[int, list[datetime]] = {}

    def dates_of(k: int, source: Callable[[], list[datetime]]) -> list[datetime]:
        if k not in cache:
            cache[k] = source()
        return cache[k]

    everything: list[datetime] | None = None

    def plausible(d: datetime) -> bool:
        # Before 1990 only when another source names the same day.
        nonlocal everything
        if d.year >= MIN_PLAUSIBLE_YEAR:
            return True
        if everything is None:
            everything = [x for k, src in enumerate(published_sources + modified_sources) for x in dates_of(k, src)]
        return sum(x.date() == d.date() for x in everything) >= 2

    sources = list(enumerate(published_sources))
    published = next((d for k, src in sources for d in dates_of(k, src) if plausible(d)), None)
    offset = len(published_sources)
    modified = next(
        (d for k, src in enumerate(modified_sources, offset) for d in dates_of(k, src) if plausible(d)), None
    )
    if published is None:
        published = modified
    return PageDates(published=published, modified=modified)


def _first_time_tag(doc: etree._Element) -> Iterator[etree._Element]:
    for el in doc.iter("time"):
        if el.get("datetime") and not _excluded(el):
            yield el
            return


def _excluded(el: etree._Element) -> bool:
    """Inside comments, related lists, teasers, sidebars or footers (the decoys' places).

    A wrapper so named that also holds the article body (Blogger's ``widget Blog`` around every
    post) is no decoy's place.
    """
    node: etree._Element | None = el
    while node is not None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if tag in _EXCLUDED_TAGS:
            return True
        names = f"{node.get('class', '')} {node.get('id', '')}"
        if names.strip() and _EXCLUDED_ATTR.search(names) and not _holds_article(node):
            return True
        node = node.getparent()
    return False


def _holds_article(node: etree._Element) -> bool:
    """True when ``node`` has the article body below it (few wrappers are so named: cheap)."""
    return any(
        sub.get("itemprop") == "articleBody" or _BODY_ATTR.search(f"{sub.get('class', '')} {sub.get('id', '')}")
        for sub in node.iter()
        if isinstance(sub.tag, str) and (sub.get("class") or sub.get("id") or sub.get("itemprop"))
    )


def _byline_elements(doc: etree._Element) -> Iterator[etree._Element]:
    h1 = next(doc.iter("h1"), None)
    if h1 is not None:
        following = h1.itersiblings()
        for _, el in zip(range(_AFTER_H1_ELEMENTS), following, strict=False):
            if isinstance(el.tag, str):
                yield el
        parent = h1.getparent()
        if parent is not None and parent.tag not in ("body", "html"):
            for _, el in zip(range(_AFTER_H1_ELEMENTS), parent.itersiblings(), strict=False):
                if isinstance(el.tag, str):
                    yield el
    for el in doc.iter():
        if not isinstance(el.tag, str) or el.tag in _EXCLUDED_TAGS:
            continue
        names = f"{el.get('class', '')} {el.get('id', '')} {el.get('itemprop', '')}"
        if el.tag == "time" or (names.strip() and _DATE_ATTR.search(names)):
            yield el


def _byline_dates(doc: etree._Element, lang: str | None, latest: datetime) -> tuple[list[datetime], list[datetime]]:
    """(publication, modification) dates of the visible byline, best first."""
    cued: list[datetime] = []
    plain: list[datetime] = []
    updated: list[datetime] = []
    # The elements themselves, not id(): a set of ids lets lxml drop a proxy and hand out a new
    # one (another id) for the same node, so one byline was read twice and "two sources agreed".
    seen: set[etree._Element] = set()
    for el in _byline_elements(doc):
        if el in seen or _excluded(el):
            continue
        seen.add(el)
        text = " ".join(" ".join(el.itertext()).split())
        if not text or (len(text) > _BYLINE_CHARS and el.tag != "time"):
            continue  # a long block is body text: its dates are events, not the page's
        for when, before in text_dates(text, lang):
            if when > latest:
                continue
            cue_window = before[-40:]
            if _MODIFIED_CUE.search(cue_window) and not _PUBLISHED_CUE.search(cue_window[-20:]):
                updated.append(when)
            elif _PUBLISHED_CUE.search(cue_window):
                cued.append(when)
            else:
                plain.append(when)
    published = cued + sorted(plain)
    return published, updated


def text_dates(text: str, lang: str | None = None) -> Iterator[tuple[datetime, str]]:
    """``(date, text before it)`` for every date written out in ``text``, in order of appearance."""
    found: list[tuple[int, datetime]] = []
    taken: list[tuple[int, int]] = []
    for pattern in _TEXT_DATES:
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            when = _date_of(m, lang)
            if when is not None:
                found.append((m.start(), when))
                taken.append((m.start(), m.end()))
    for start, when in sorted(found, key=lambda item: item[0]):
        yield when, text[:start]


def _date_of(m: re.Match[str], lang: str | None) -> datetime | None:
    groups = m.groupdict()
    year = int(groups["year"])
    if groups.get("first") is not None:
        first, second = int(groups["first"]), int(groups["second"])
        order = _numeric_order(lang, first, second)
        if order is None:
            return None
        day, month = (first, second) if order == "dmy" else (second, first)
    else:
        day = int(groups["day"])
        if groups.get("mnum") is not None:
            month = int(groups["mnum"])
        else:
            month = _MONTH_WORDS.get(groups["month"].casefold().rstrip("."), 0)
            if not month:
                return None
    hour = int(groups["hour"]) if groups.get("hour") else 0
    minute = int(groups["minute"]) if groups.get("minute") else 0
    try:
        return datetime(year, month, day, hour if hour < 24 else 0, minute, tzinfo=UTC)
    except ValueError:
        return None


def _numeric_order(lang: str | None, first: int, second: int) -> str | None:
    """``"dmy"`` or ``"mdy"`` for ``first/second/year`` on a page in ``lang``; ``None`` when ambiguous."""
    if first > 12 and second <= 12:
        return "dmy"
    if second > 12 and first <= 12:
        return "mdy" if _month_first_allowed(lang) else None
    if first > 12 or second > 12:
        return None
    code = (lang or "").replace("_", "-").casefold()
    if code in ("en-us", "en-ph", "en-ca"):
        return "mdy"
    if code == "en" or code.startswith("en-") and code not in ("en-gb", "en-ie", "en-au", "en-nz", "en-in", "en-za"):
        return None  # English without a day-first region: 03/04/2024 could be either
    return "dmy" if code else None


_HOST_REGIONS = {"uk": "en-gb", "ie": "en-ie", "au": "en-au", "nz": "en-nz", "in": "en-in", "za": "en-za", "us": "en-us", "ca": "en-ca"}


def _with_host_region(lang: str | None, urls: list[str | None]) -> str | None:
    """``en`` without a region takes the region of the page's country host (``.co.uk`` → ``en-gb``)."""
    if (lang or "").replace("_", "-").casefold() != "en":
        return lang
    for url in urls:
        host = (url or "").split("//", 1)[-1].split("/", 1)[0].split(":", 1)[0].casefold()
        if region := _HOST_REGIONS.get(host.rsplit(".", 1)[-1]):
            return region
    return lang


def _month_first_allowed(lang: str | None) -> bool:
    code = (lang or "").replace("_", "-").casefold()
    return code == "" or code.startswith("en")


def _url_date(url: str) -> datetime | None:
    path = url.split("?", 1)[0].split("#", 1)[0]
    for pattern in _URL_DATE:
        m = pattern.search(path)
        if m is not None:
            try:
                return datetime(int(m.group("year")), int(m.group("mnum")), int(m.group("day")), tzinfo=UTC)
            except ValueError:
                continue
    return None
