"""News datelines: ``WASHINGTON -``, ``NEW YORK, March 3 -``, ``LONDON (Reuters) -``, ``ISLAMABAD:``.

A dateline is recognised only at the very start of the text, in one of these shapes::

    LOCATION[, Region][, Month Day][ (Agency)] DASH
    Known-City:

* LOCATION is one to four words in capitals (``WASHINGTON``, ``SAO PAULO``,
  ``ST. LOUIS``, ``WINSTON-SALEM``, ``RIO DE JANEIRO``), at least two letters.
  Capitalised acronyms that open running text far more often than they name a
  dateline city (``US``, ``NATO``, ``EXCLUSIVE``, ``UPDATE`` ...) are refused.
* Region is an optional Title-Case state/country after a comma (``Ill.``,
  ``Afghanistan``); Month Day an optional date (``March 3``, ``Feb 26``,
  ``Jan. 5``, ``Sept. 30``); Agency an optional parenthesised name
  (``Reuters``, ``AP``, ``Xinhua``).
* DASH is ``-``, ``–``, ``—``, ``--`` or ``:``, after optional spaces, and must be
  followed by whitespace and then a capital letter, digit or opening quote: the
  body starts a sentence. This keeps ``US forces - ...`` and hyphenated words
  (``WASHINGTON-based``) out.
* Title-Case locations (``Islamabad:``) are accepted only with a colon and only
  for a short list of well-known dateline cities, because ``Word:`` at the start
  of a paragraph is usually a label (``The official said:``, ``Note:``).

``location`` is normalised to upper case (``Islamabad:`` gives ``ISLAMABAD``), so
the same city has one spelling whatever the source's house style; inner runs of
spaces collapse to one. ``text`` is the matched prefix exactly as written,
including its dash or colon but not the spaces after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from etl.models import Dateline

__all__ = ["DatelineMatch", "parse_dateline"]

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip

_SPACE = r"[ \t\u00a0]"
_MONTH = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_CAPS_WORD = r"[A-Z](?:[A-Z'’\-]*[A-Z])?\.?"
_DATELINE = re.compile(
    rf"""
    (?P<loc>{_CAPS_WORD}(?:{_SPACE}{_CAPS_WORD}){{0,3}})
    (?:,{_SPACE}+(?!{_MONTH}\b)(?P<region>[A-Z][A-Za-z.'’\-]*(?:{_SPACE}[A-Z][A-Za-z.'’\-]*){{0,2}}))?
    (?:,?{_SPACE}+(?P<month>{_MONTH})\.?{_SPACE}+(?P<day>[0-3]?\d)\b)?
    (?:{_SPACE}*\((?P<agency>[A-Za-z][A-Za-z.&' \-]{{0,39}})\))?
    {_SPACE}*(?P<dash>--|[-–—:])
    (?P<gap>\s+)
    (?=[A-Z0-9“"‘'(\[])
    """,
    re.VERBOSE,
)
_TITLE_CITY = re.compile(
    rf"(?P<loc>[A-Z][a-z'’]+(?:{_SPACE}(?:de{_SPACE})?[A-Z][a-z'’]+){{0,2}})(?P<dash>:)(?P<gap>\s+)(?=[A-Z0-9“\"‘'])"
)

#: All-caps words that open running text (acronyms, wire-service labels) and are not dateline cities.
_NOT_LOCATIONS = frozenset(
    """
    US U.S. USA UK U.K. EU UN U.N. NATO FBI CIA NSA NASA CEO CFO IMF WHO WTO OPEC OECD ISAF ISIS BBC CNN
    AP AFP TV GOP MP MPS PM PR UPDATE UPDATED BREAKING EXCLUSIVE ANALYSIS OPINION EDITORIAL CORRECTION
    REFILE WRAPUP FACTBOX INSIGHT NOTE PHOTO VIDEO WATCH LIVE COMMENT REVIEW INTERVIEW FEATURE
    BACKGROUND UPDATE:
    """.split()
)
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
    """The prefix exactly as written, through its dash or colon."""
    location: str
    """Upper-case location, inner whitespace collapsed (``NEW YORK``)."""
    agency: str | None
    month: int | None
    day: int | None
    end: int
    """Offset in the parsed text where the body after the dateline begins (spaces skipped)."""

    def to_model(self) -> Dateline:
        """The :class:`etl.models.Dateline` stored on the document."""
        return Dateline(text=self.text, location=self.location, agency=self.agency)


def parse_dateline(text: str) -> DatelineMatch | None:
    """Parse the dateline opening ``text``; ``None`` when it does not start with one.

    See the module docstring for the accepted shapes.
    """
    if not text or not text[0].isupper():
        return None
    m = _DATELINE.match(text)
    if m is not None:
        location = " ".join(m.group("loc").split())
        if location in _NOT_LOCATIONS or sum(ch.isalpha() for ch in location) < 2:
            return None
        month = day = None
        if m.group("month"):
            month = _MONTHS[m.group("month")[:3].lower()]
            day = int(m.group("day"))
            if not 1 <= day <= 31:
                return None
        agency = m.group("agency")
        return DatelineMatch(
            text=text[: m.end("dash")],
            location=location,
            agency=" ".join(agency.split()) if agency else None,
            month=month,
            day=day,
            end=m.end(),
        )
    m = _TITLE_CITY.match(text)
    if m is not None:
        name = " ".join(m.group("loc").split())
        if name in _TITLE_CASE_CITIES:
            return DatelineMatch(
                text=text[: m.end("dash")],
                location=name.upper(),
                agency=None,
                month=None,
                day=None,
                end=m.end(),
            )
    return None
