"""Authors: one rule for JSON ``author``/``authors``/``byline``/``creator``, JSON-LD ``author``,
``<meta name=author>``/``article:author`` and ``rel=author``/``itemprop=author`` elements alike.

:func:`author_names` turns a value into a list of names:

* A string is a byline. It is normalised (:func:`~etl.fields.text.normalize_inline`),
  a leading ``By``/``Von``/``Par``/``Por`` (any case) is dropped, and it is split on
  ``;``, ``&`` and the word ``and``. Each piece is split on commas only when every
  comma-separated part has two words or more, i.e. when the commas separate
  names: ``Jane Doe, John Smith`` → two names, but ``Doe, Jane`` and
  ``Jane Doe, Jr.`` stay one name each.
* An inverted name (``Doe, Jane``) is kept **as written**, not reordered to
  ``Jane Doe``: reordering would guess at particles, suffixes and
  organisation names (``Doe, Jr.``, ``van der Berg, Anna``), and the source's
  spelling is what a reader searches for.
* A ``{"name": ...}`` object (JSON-LD ``Person``/``Organization``) is one name:
  its string is not split (``Marks & Spencer`` stays whole), only normalised
  and stripped of a ``By``. A list is every item in turn.
* Values that look like URLs (``https://…``, ``//…``, ``/…``: profile links in
  ``article:author``) are dropped, as are numbers, booleans and empty strings.
* Names are de-duplicated case-insensitively, keeping the first spelling and
  the order of first appearance.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from etl.fields.text import normalize_inline

__all__ = ["author_names"]

MAX_ITEMS = 100
"""At most this many list items and objects are looked at (hostile input stays cheap)."""

_BYLINE_PREFIX = re.compile(r"^(?:by|von|par|por)\s+", re.I)
_PREFIX_STARTS = frozenset(("by", "vo", "pa", "po"))
_NAME_SEPARATORS = re.compile(r"\s*(?:;|&|\s(?i:and)\s)\s*")


def author_names(value: Any, clean: Callable[[str], str] = normalize_inline) -> list[str]:
    """The author names in ``value`` (a string, a ``{"name": ...}`` object or a list of them).

    ``clean`` normalises each string before the rule applies (the JSON reader
    repairs mojibake first); see the module docstring for the rule.
    """
    if isinstance(value, str):  # the usual byline: no walk needed
        return _kept(_names_in(clean(value), False))
    if not isinstance(value, (dict, list)):  # noqa: UP038 (a tuple is faster than a union here)
        return []
    names: list[str] = []
    stack: list[tuple[Any, bool]] = [(value, False)]
    budget = MAX_ITEMS
    while stack and budget:
        item, whole = stack.pop()
        if isinstance(item, str):
            names.extend(_names_in(clean(item), whole))
        elif isinstance(item, dict):
            budget -= 1
            stack.append((item.get("name"), True))
        elif isinstance(item, list):
            budget -= 1
            stack.extend((x, whole) for x in reversed(item[:MAX_ITEMS]))
    return _kept(names)


def _names_in(text: str, whole: bool) -> list[str]:
    text = _drop_prefix(text)
    # Most bylines are one name: no separator character, no "and" (checked loosely, then exactly).
    if whole or not ("," in text or ";" in text or "&" in text or "and" in text.lower()):
        return [text]
    names: list[str] = []
    for piece in _NAME_SEPARATORS.split(text):
        piece = piece.strip(" ,")
        parts = [p for p in (p.strip() for p in piece.split(",")) if p]
        if len(parts) > 1 and all(len(p.split()) >= 2 for p in parts):
            names.extend(_drop_prefix(p) for p in parts)
        else:
            names.append(_drop_prefix(piece))
    return names


def _drop_prefix(name: str) -> str:
    if name[:2].lower() not in _PREFIX_STARTS:
        return name
    match = _BYLINE_PREFIX.match(name)
    return name[match.end() :] if match else name


def _kept(names: list[str]) -> list[str]:
    """Names without empty strings and URLs, de-duplicated case-insensitively in order."""
    if len(names) == 1:
        return names if names[0] and not _is_url(names[0]) else []
    seen: set[str] = set()
    out: list[str] = []
    for name in names:
        key = name.casefold()
        if name and key not in seen and not _is_url(name):
            seen.add(key)
            out.append(name)
    return out


def _is_url(value: str) -> bool:
    return value.startswith(("http://", "https://", "//", "/"))
