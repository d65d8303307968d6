"""News datelines: ``WASHINGTON -``, ``NEW YORK, March 3 -``, ``LONDON (Reuters) -``, ``ISLAMABAD:``.

A dateline is recognised only at the very start of the text (or right after a headline slug, see
below), in one of these shapes::

    LOCATION[, Region][, Date][ (Agency)] DASH        location in capitals
    Location[, Region], Date[ (Agency)] DASH          location in any case: the date is required
    Location[, Region] (Agency) DASH                  ... or the agency
    Known-City:
    LOCATION[, Region] YYYY-MM-DD[ DASH]             on its own line or before the body

* LOCATION is one to four words in capitals (``WASHINGTON``, ``SAO PAULO``,
  ``ST. LOUIS``, ``WINSTON-SALEM``, ``RIO DE JANEIRO``), at least two letters.
  Capitalised acronyms that open running text far more often than they name a
  dateline city (``US``, ``NATO``, ``EXCLUSIVE``, ``UPDATE`` ...) are refused.
* A Title-Case or lower-case location (``London, March 2 -``, ``lima, march 17 -``,
  ``Calgary, Alberta, March 3 -``) needs a date or an agency: without one, ``Paris - The
  city`` is as likely a sentence as a dateline. Weekdays and words that open a date phrase
  (``Monday, March 3 -``, ``Updated March 3 -``) are not locations.
* A Title-Case word may carry hyphens, with a capital after one (``Winston-Salem``,
  ``Port-au-Prince``); ``es`` joins the particles (``Dar es Salaam``).
* Region is an optional Title-Case state, province or country after a comma (``Ill.``,
  ``Va.``, ``Alberta``); after a location not in capitals it may be lower case too
  (``calgary, alberta, jul 5 -``: a lower-case desk writes the whole line so). Commas may have
  stray spaces on either side (``NEW YORK , March 5``).
* Date is month and day (``March 3``, ``Feb 26``, ``Jan. 5``, ``Sept. 30``, ``march 17``) or
  day and month (``3 March``). A month is any case and may be misspelt by one letter or cut
  short (``Marc 16``, ``Febuary 3``): it must start like a month and be a prefix of its name,
  or within one edit (a transposition counts as one) of it. A three-letter word is a month only
  as an abbreviation or one with its last two letters swapped (``Mya``, ``Otc``, ``Nvo``): other
  single edits of three letters make words (``Mat``, ``Jon``). A day outside 1–31 refuses the
  dateline. Agency is an optional parenthesised name (``Reuters``, ``AP``, ``dpa``).
* DASH is ``-``, ``–``, ``—``, ``--`` or ``:``, after optional spaces, and must be followed by
  whitespace and then a capital letter, digit, opening quote or bracket (``<Acme Mines Ltd>
  said``): the body starts a sentence. This keeps ``US forces - ...`` and hyphenated words
  (``WASHINGTON-based``) out. After a date or an agency the whitespace may be missing
  (``LONDON,March 3-Shares rose``, ``Aug 13 -"We will``): a dateline typed without spaces,
  never a hyphenated word; the body then opens with a letter, a quote or a bracket.
  Spaces inside the agency's parentheses are stray (``( Reuters )``).
* An all-lower-case location may have up to three words (``new york, march 5 -``); it needs
  a date or an agency like any location not in capitals. After it, and only after it, the
  body may open in lower case (``lima, march 17 - peru said``: copy lower-cased as a whole);
  ``London, March 3 - the bank`` stays refused. A location whose first word opens date
  phrases and sentences (``the``) is refused, except a few places named so (``The Hague``).
* Markup-escaped copy: the body may open with an entity (``TORONTO, March 13 - &lt;Acme Mines
  Ltd&gt; said``), as if it were the character. After a date and a dash with a space before it,
  the body glued to the dash may open with a digit (``COLOMBO, August 26 -1987 will``); without
  that space ``March 3-4`` is a date range, never a dateline.
* An ISO date after a capitals location, without a dash (``LONDON 1996-08-30``,
  ``MANCHESTER, England 1996-09-21``), is the dateline of agency copy that puts it on a line of
  its own between the headline and the body: the body follows after whitespace (a line break)
  and opens like any body, or the text ends there (the dateline is a block of its own); words in
  capitals to the end of the line after it are a headline's (``REPORT DUE 1996-08-30 ON TRADE``). A date
  that is not a day of the calendar (``1996-02-30``) refuses it. The year is kept (``year``), so
  such a story is dated whatever the file's mtime says.
* Title-Case locations without a date or agency (``Islamabad:``) are accepted only with a
  colon and only for a short list of well-known dateline cities, because ``Word:`` at the
  start of a paragraph is usually a label (``The official said:``, ``Note:``).

Headline slugs. When the words after a capitals "dateline" are themselves capitals up to the
end of the line, or three or more of them run on (``TENNIS - SMITH BEATS JONES IN FINAL``,
``ECONOMIC SPOTLIGHT - BUNDESBANK POLICY FRANKFURT, March 3 - The``), the prefix is a slug or a
headline, never a location — unless it carries a date after a comma or an agency before a
dash (not a colon): slugs and headlines carry neither, and teletype copy set wholly in capitals
(``LONDON, MARCH 3 - THE BANK OF ENGLAND SAID ...``) keeps its dateline. A date after a space
only (``TALKS SET FOR MARCH 3 - OFFICIALS``) is a headline's, and weekdays are never capitals
locations (``MONDAY, MARCH 9 - THE TALKS``). A dateline that follows inside that run of capitals, with a date
or an agency, is the article's dateline (``start`` > 0 then; the words before it are the slug).
Segmentation splits a headline line off as the title before it gets here when the text has
line breaks (:func:`etl.segment.articles.segment`).

``location`` is normalised to upper case (``Islamabad:`` gives ``ISLAMABAD``), so
the same city has one spelling whatever the source's house style; inner runs of
spaces collapse to one. ``text`` is the dateline exactly as written, from ``start``,
including its dash or colon but not the spaces after it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date

from etl.models import Dateline

__all__ = ["DatelineMatch", "match_dateline"]

_MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_MONTH_BY_PREFIX = {name[:3]: number for number, name in enumerate(_MONTH_NAMES, 1)}

_SPACE = r"[ \t\u00a0]"
_COMMA = rf"{_SPACE}*,{_SPACE}*"
_MONTH_WORD = r"[A-Za-z]{3,9}"
_DAY = r"[0-3]?\d"
_DATE = (
    rf"(?:(?P<month>{_MONTH_WORD})\.?{_SPACE}+(?P<day>{_DAY})(?:st|nd|rd|th)?"
    rf"|(?P<day_first>{_DAY})(?:st|nd|rd|th)?{_SPACE}+(?P<month_second>{_MONTH_WORD})\.?)(?![\w])"
)
_AGENCY = rf"\({_SPACE}*(?P<agency>[A-Za-z][A-Za-z.&' \-]{{0,39}})\)"
_REGION = rf"(?P<region>[A-Z][A-Za-z.'’\-]*(?:{_SPACE}[A-Z][A-Za-z.'’\-]*){{0,2}})"
_BODY_START = r"(?:[A-Z0-9“\"‘'(\[<«]|&(?:lt|quot|amp|\#\d+);)"  # "&lt;Acme Mines Ltd>": markup-escaped copy
_DASH = rf"{_SPACE}*(?P<dash>--|[-–—:])(?P<gap>\s*)(?={_BODY_START})"
#: After a lower-case location the body may open in lower case too (``lima, march 17 - peru said``).
_DASH_ANY_BODY = rf"{_SPACE}*(?P<dash>--|[-–—:])(?P<gap>\s*)(?=[a-z]|{_BODY_START})"
_CAPS_WORD = r"[A-Z](?:[A-Z'’\-]*[A-Z])?\.?"
#: A Title-Case word; a hyphen may be followed by a capital (``Winston-Salem``, ``Port-au-Prince``).
#: A Title-Case word; capitals may follow inside it (``Winston-Salem``, ``Port-au-Prince``,
#: ``McAllen``), but it ends in a lower-case letter. One character class, not a group per hyphen:
#: the any-case shape is tried on every lead with a comma, and the group cost ~0.3 µs per BBC
#: article (match_dateline over every BBC paragraph: 6.55 against 6.22 µs per article).
_TITLE_WORD = r"[A-Za-z][A-Za-z'’\-]*[a-z]\.?"
_TITLE_NEXT_WORD = r"[A-Z][A-Za-z'’\-]*[a-z]\.?"
_PARTICLE = r"(?:de|da|do|dos|das|del|la|le|el|es|of|on|upon|am|an|der|sur)"
#: A lower-case dateline's qualifier is lower case too (``calgary, alberta, march 3 -``).
_ANY_CASE_REGION = rf"(?P<region>[A-Za-z][A-Za-z.'’\-]*(?:{_SPACE}[A-Za-z][A-Za-z.'’\-]*){{0,2}})"


def _unnamed(pattern: str) -> str:
    return re.sub(r"\(\?P<\w+>", "(?:", pattern)


def _shape(location: str, *, needs_date_or_agency: bool, region: str = _REGION, dash: str = _DASH) -> re.Pattern[str]:
    region = rf"(?:{_COMMA}(?!{_unnamed(_DATE)}){region})?"
    date = rf"(?:(?:{_COMMA}|{_SPACE}+){_DATE})"
    agency = rf"(?:{_SPACE}*{_AGENCY})"
    if needs_date_or_agency:
        tail = rf"(?:{date}|(?={_unnamed(agency)})){agency}?"
    else:
        tail = rf"{date}?{agency}?"
    return re.compile(rf"(?P<loc>{location}){region}{tail}{dash}")


_CAPS_DATELINE = _shape(rf"{_CAPS_WORD}(?:{_SPACE}{_CAPS_WORD}){{0,3}}", needs_date_or_agency=False)
_LOWER_WORD = r"[a-z][a-z'’\-]*[a-z]\.?"
_ANY_CASE_DATELINE = _shape(
    rf"{_TITLE_WORD}(?:{_SPACE}(?:{_PARTICLE}{_SPACE})?{_TITLE_NEXT_WORD}){{0,2}}",
    needs_date_or_agency=True,
)
# All lower case ("new york, march 5 -"), tried only on text that opens in lower case: its
# lower-case qualifier would cost every capitalised lead a slower failed match. Compiled on first
# use (~1.2 ms, measured): most runs never meet a lower-case lead, and every etl parse paid it.
@functools.cache
def _lower_case_dateline() -> re.Pattern[str]:
    return _shape(
        rf"{_LOWER_WORD}(?:{_SPACE}{_LOWER_WORD}){{0,2}}",
        needs_date_or_agency=True,
        region=_ANY_CASE_REGION,
        dash=_DASH_ANY_BODY,
    )


#: ``LONDON 1996-08-30``: a capitals location and an ISO date, the body after whitespace (module docstring).
_ISO_DATELINE = re.compile(
    rf"(?P<loc>{_CAPS_WORD}(?:{_SPACE}{_CAPS_WORD}){{0,3}})(?:{_COMMA}{_REGION})?{_SPACE}+"
    rf"(?P<year>1[89]\d\d|2[01]\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)(?:{_SPACE}*(?P<dash>--|[-–—:]))?"
    rf"(?P<gap>\s+(?={_BODY_START})|\s*\Z)"
)
_TITLE_CITY = re.compile(
    rf"(?P<loc>[A-Z][a-z'’]+(?:{_SPACE}(?:de{_SPACE})?[A-Z][a-z'’]+){{0,2}})(?P<dash>:)(?P<gap>\s+)(?=[A-Z0-9“\"‘'])"
)
_WORD = re.compile(r"\S+")
#: Opening quotes and brackets that may start a body glued to the dash (``Aug 13 -"We will``).
_OPENERS = frozenset("\"“‘'<([«&")
#: Words that open a date phrase or a sentence, not a place: ``Monday, March 3 -``.
_NOT_ANY_CASE_LOCATIONS = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday today yesterday tonight on in at by since
    until from for updated posted published issued released filed last next the this that dated
    """.split()
)
#: First words of multi-word places, for a dateline found inside a slug (``... NEW YORK, March 3 -``).
_PLACE_PREFIXES = frozenset(
    """
    NEW SAN SANTA SANTO LOS LAS ST. ST SAINT FORT FT. PORT EL LA LE RIO SAO HONG KUALA BUENOS ABU TEL ADDIS
    MEXICO CAPE SALT BATON PALO OKLAHOMA KANSAS JERSEY CARSON GRAND LITTLE WEST EAST NORTH SOUTH DE DO DA DOS DEL
    """.split()
)

#: All-caps words that open running text (acronyms, wire-service labels) and are not dateline cities.
_NOT_LOCATIONS = frozenset(
    """
    US U.S. USA UK U.K. EU UN U.N. NATO FBI CIA NSA NASA CEO CFO IMF WHO WTO OPEC OECD ISAF ISIS BBC CNN
    AP AFP TV GOP MP MPS PM PR UPDATE UPDATED BREAKING EXCLUSIVE ANALYSIS OPINION EDITORIAL CORRECTION
    REFILE WRAPUP FACTBOX INSIGHT NOTE PHOTO VIDEO WATCH LIVE COMMENT REVIEW INTERVIEW FEATURE
    BACKGROUND UPDATE:
    MONDAY TUESDAY WEDNESDAY THURSDAY FRIDAY SATURDAY SUNDAY TODAY YESTERDAY TONIGHT
    """.split()
)
#: Places whose name opens with one of :data:`_NOT_ANY_CASE_LOCATIONS` (``The Hague``).
_PLACES_OF_STOP_WORDS = frozenset({"the hague", "the valley", "the bronx"})
#: Well-known dateline cities accepted in Title Case before a colon (``Islamabad:``).
_TITLE_CASE_CITIES = frozenset(
    name.strip()
    for name in """
    Islamabad, Karachi, Lahore, Peshawar, Quetta, Rawalpindi, Kabul, Kandahar, Herat, New Delhi, Delhi,
    Mumbai, Kolkata, Chennai, Dhaka, Colombo, Kathmandu, Tehran, Baghdad, Mosul, Basra, Damascus,
    Beirut, Amman, Riyadh, Doha, Dubai, Cairo, Jerusalem, Gaza, Ramallah, Ankara, Istanbul, Moscow,
    Kiev, Kyiv, Warsaw, Berlin, Brussels, London, Madrid, Rome, Vienna, Geneva, Zurich, Stockholm,
    Oslo, Copenhagen, Helsinki, Athens, Lisbon, Dublin, Amsterdam, Prague, Budapest, Bucharest,
    Beijing, Shanghai, Hong Kong, Tokyo, Seoul, Pyongyang, Taipei, Manila, Jakarta, Bangkok, Hanoi,
    Singapore, Sydney, Canberra, Wellington, Nairobi, Lagos, Abuja, Johannesburg, Pretoria, Khartoum,
    Addis Ababa, Tripoli, Tunis, Algiers, Rabat, Ottawa, Toronto, New York, Chicago, Houston,
    Mexico City, Havana, Caracas, Bogota, Lima, Santiago, Brasilia, Rio de Janeiro, Sao Paulo,
    Buenos Aires
    """.split(",")
)


@dataclass(slots=True, frozen=True)
class DatelineMatch:
    """A dateline found at the start of a text, with the parts the model does not keep."""

    text: str
    """The dateline exactly as written, from ``start`` through its dash or colon."""
    location: str
    """Upper-case location, inner whitespace collapsed (``NEW YORK``)."""
    agency: str | None
    month: int | None
    day: int | None
    end: int
    """Offset in the parsed text where the body after the dateline begins (spaces skipped)."""
    start: int = 0
    """Offset where the dateline begins: 0, or after a headline slug (``TENNIS - ... LONDON -``)."""
    year: int | None = None
    """The year of an ISO-dated dateline (``LONDON 1996-08-30``); the other shapes carry none."""
    region: str | None = None
    """The state, province or country after the location, as written (``England`` in ``MANCHESTER, England``)."""

    def to_model(self) -> Dateline:
        """The :class:`etl.models.Dateline` stored on the document."""
        return Dateline(text=self.text, location=self.location, agency=self.agency)


def match_dateline(text: str) -> DatelineMatch | None:
    """Parse the dateline opening ``text``; ``None`` when it does not start with one.

    See the module docstring for the accepted shapes.
    """
    if not text or not text[0].isalpha():
        return None
    if text[0].isupper():
        caps = _CAPS_DATELINE.match(text)
        if caps is not None:
            slug_end = _slug_end(text, caps.end())
            if slug_end is None or _dated(text, caps):
                found = _caps_match(text, caps)
            else:
                found = _dateline_in_slug(text, caps.end(), slug_end)
            if found is not None:
                return found
        # Also after a caps match that is no dateline ("AL-AIN, United Arab Emirates 1996-12-06": "AL-")
        iso = _ISO_DATELINE.match(text)
        if iso is not None:
            return _iso_match(text, iso)
        if caps is not None:
            return None
    head = text[:96]
    if "," in head or "(" in head:  # the any-case shape needs a date after a comma or an agency
        m = (_lower_case_dateline() if text[0].islower() else _ANY_CASE_DATELINE).match(text)
        if m is not None:
            loc = m.group("loc")
            if loc.split()[0].casefold() in _NOT_ANY_CASE_LOCATIONS and " ".join(loc.split()).casefold() not in _PLACES_OF_STOP_WORDS:
                return None
            if text[m.end() : m.end() + 1].islower() and not loc.islower():
                return None  # "London, March 3 - the bank": a body in lower case only in all-lower-case copy
            if m.group("dash") == ":" and not (m.group("month") or m.group("month_second")):
                return None  # "Replacements (from): ..." is a label
            return _match(text, m)
    if ":" not in head:
        return None
    m = _TITLE_CITY.match(text)
    if m is not None:
        name = " ".join(m.group("loc").split())
        if name in _TITLE_CASE_CITIES:
            return DatelineMatch(text=text[: m.end("dash")], location=name.upper(), agency=None, month=None, day=None, end=m.end())
    return None


def _iso_match(text: str, m: re.Match[str]) -> DatelineMatch | None:
    location = _caps_location(m)
    if location is None:
        return None
    if "\n" not in m.group("gap"):
        line_end = text.find("\n", m.end())
        if text[m.end() : line_end if line_end >= 0 else len(text)].isupper():
            return None  # "REPORT DUE 1996-08-30 ON TRADE": capitals to the end of the line are a headline
    year, month, day = int(m.group("year")), int(m.group("month")), int(m.group("day"))
    try:
        date(year, month, day)
    except ValueError:
        return None  # 1996-02-30: no such day, so no dateline either
    end_of_date = m.end("dash") if m.group("dash") else m.end("day")
    return DatelineMatch(
        text=text[: end_of_date], location=location.upper(), agency=None, month=month, day=day, end=m.end(), year=year,
        region=_region(m),
    )  # fmt: skip


def _dated(text: str, m: re.Match[str]) -> bool:
    """A caps match that is a dateline whatever follows: a date after a comma, or an agency before a dash.

    Slugs and headlines carry neither (``TENNIS - SMITH BEATS ...``), so teletype copy in capitals
    (``LONDON, MARCH 3 - THE BANK OF ENGLAND SAID ...``) keeps its dateline. A date after a
    space only (``TALKS SET FOR MARCH 3 - OFFICIALS``) is a headline's, and ``(FROM):`` a label's.
    """
    date_start = m.start("month") if m.group("month") else m.start("day_first")
    if date_start >= 0 and "," in text[m.end("loc") : date_start]:
        return True
    return m.group("agency") is not None and m.group("dash") != ":"


def _caps_location(m: re.Match[str]) -> str | None:
    """A capitals match's location, inner spaces collapsed; ``None`` for an acronym or label that
    opens running text (:data:`_NOT_LOCATIONS`) or fewer than two letters."""
    location = " ".join(m.group("loc").split())
    if location in _NOT_LOCATIONS or sum(ch.isalpha() for ch in location) < 2:
        return None
    return location


def _caps_match(text: str, m: re.Match[str], start: int = 0) -> DatelineMatch | None:
    return None if _caps_location(m) is None else _match(text, m, start)


def _match(text: str, m: re.Match[str], start: int = 0) -> DatelineMatch | None:
    """The :class:`DatelineMatch` of a shape's match; ``None`` when its date is not a date."""
    month = day = None
    month_word = m.group("month") or m.group("month_second")
    following = text[m.end() : m.end() + 1]
    spaced_dash = text[m.start("dash") - 1 : m.start("dash")].isspace()
    if not m.group("gap") and not (
        (month_word or m.group("agency"))
        and (following.isalpha() or following in _OPENERS or (following.isdigit() and spaced_dash))
    ):
        return None  # "WASHINGTON-Based", "March 3-4": a dash glued to the body needs a date or agency and a word or quote
    if month_word is not None:
        month = month_number(month_word)
        day = int(m.group("day") or m.group("day_first"))
        if month is None or not 1 <= day <= 31:
            return None
    agency = m.group("agency")
    return DatelineMatch(
        text=text[m.start("loc") : m.end("dash")],
        location=" ".join(m.group("loc").split()).upper(),
        agency=" ".join(agency.split()) if agency else None,
        month=month,
        day=day,
        end=m.end(),
        start=start,
        region=_region(m),
    )


def _region(m: re.Match[str]) -> str | None:
    region = m.group("region")
    return " ".join(region.split()) if region else None


def month_number(word: str) -> int | None:
    """1–12 for a month name, abbreviation or near-miss spelling (``Marc``, ``Febuary``); else ``None``."""
    w = word.casefold().rstrip(".")
    number = _MONTH_BY_PREFIX.get(w[:3])
    if number is not None and _MONTH_NAMES[number - 1].startswith(w):
        return number
    if len(w) == 3:  # a three-letter abbreviation with its last two letters swapped: "Mya", "Otc", "Nvo"
        swapped = w[0] + w[2] + w[1]
        number = _MONTH_BY_PREFIX.get(swapped)
        return number if number is not None and swapped != w else None
    if len(w) < 4:
        return None
    for number, name in enumerate(_MONTH_NAMES, 1):
        if _within_one_edit(w, name):
            return number
    return None


def _within_one_edit(a: str, b: str) -> bool:
    """One insertion, deletion, substitution or transposition of neighbours turns ``a`` into ``b``."""
    if abs(len(a) - len(b)) > 1:
        return False
    i = 0
    while i < min(len(a), len(b)) and a[i] == b[i]:
        i += 1
    if i == len(a) == len(b):
        return True
    return (
        a[i + 1 :] == b[i + 1 :]  # substitution
        or a[i + 1 :] == b[i:]  # a has one extra
        or a[i:] == b[i + 1 :]  # b has one extra
        or (a[i : i + 2] == b[i : i + 2][::-1] and a[i + 2 :] == b[i + 2 :])  # transposition
    )


def _slug_end(text: str, pos: int) -> int | None:
    """Where the run of capitals after a caps "dateline" ends, when that run makes it a slug; else ``None``.

    A slug: the words after the dash are capitals up to the end of the line (and the next line
    does not carry on in lower case), or three or more of them run on before the first word with
    a lower-case letter.
    """
    line_end = text.find("\n", pos)
    if line_end < 0:
        line_end = len(text)
    words = 0
    end = pos
    for w in _WORD.finditer(text, pos, line_end):
        token = w.group()
        if any(ch.islower() for ch in token):
            return end if words >= 3 else None
        if any(ch.isupper() for ch in token):
            words += 1
        end = w.start()
    # The line ended in capitals: a headline line (``BANK DENIES PLAN - SOURCES``), unless the
    # next line carries on in lower case (a soft wrap: ``LONDON - BP\nsaid on Monday``).
    following = text[line_end : line_end + 80].lstrip()
    if words == 0 or following[:1].islower():
        return None
    return line_end


def _dateline_in_slug(text: str, pos: int, slug_end: int) -> DatelineMatch | None:
    """The dateline with a date or agency that starts inside the slug's run of capitals, if any.

    The rightmost start that parses wins (the shortest location), then extends left over
    words that begin multi-word places (``NEW`` of ``NEW YORK``).
    """
    starts = [w.start() for w in _WORD.finditer(text, pos, max(slug_end, pos) + 1)]
    for k in range(len(starts) - 1, -1, -1):
        m = _CAPS_DATELINE.match(text, starts[k])
        if m is None or not (m.group("month") or m.group("month_second") or m.group("agency")):
            continue
        best = m, starts[k]
        for j in range(k - 1, max(k - 3, -1), -1):
            if text[starts[j] : starts[j + 1]].strip() not in _PLACE_PREFIXES:
                break
            wider = _CAPS_DATELINE.match(text, starts[j])
            if wider is None or wider.end() != m.end():
                break
            best = wider, starts[j]
        found = _caps_match(text, best[0], best[1])
        if found is not None:
            return found
    return None
