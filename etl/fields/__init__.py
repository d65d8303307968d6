"""Shared field rules: dates, language codes, authors and inline text, one rule each.

The JSON record reader (:mod:`etl.read.records`) and the HTML extractor
(:mod:`etl.clean.html`: meta tags, JSON-LD, ``<time>``, text blocks) both call
these, so the same field parses the same way whatever the format. This package
imports nothing from the stages (``etl.read``, ``etl.clean`` ...); they import it.

* **Dates** (:func:`parse_date`): ISO 8601 (``Z``/``z``, offsets, a space before
  the offset), RFC 2822, spelled-out (``March 1, 2024``, ``1 March 2024``) and
  compact (``2024/03/01``, ``20240301``) forms, and Unix epochs in seconds or
  milliseconds (number or 10/13-digit string). Naive → UTC; date-only →
  midnight UTC; years outside 1900–2200, day/month-ambiguous ``01/03/2024`` and
  junk → ``None``. No date is ever invented.
* **Language codes** (:func:`language_code`): the ISO 639-1 primary subtag,
  lower-case (``en-GB``, ``en_GB``, ``EN`` → ``en``), because the index's
  ``language`` is that two-letter code; unknown codes (``xx``, ``eng``) and free
  text → ``None``, leaving the decision to language detection.
* **Authors** (:func:`author_names`): strings are bylines: a leading
  ``By``/``Von``/``Par``/``Por`` dropped, split on ``;``, ``&``, ``and``, and on
  commas only when every part has two words or more (``Jane Doe, John Smith`` →
  two; ``Doe, Jane`` → one, kept as written, not reordered). ``{"name": ...}``
  objects are one name each, lists every item; URLs dropped; de-duplicated
  case-insensitively in order of first appearance.
* **Inline text** (:func:`normalize_inline`): one paragraph or field on one line:
  line breaks, invisible characters and Unicode spaces, NFC, words hyphenated
  across a line break joined, whitespace runs collapsed, glued quotations
  spaced. The body normaliser (:func:`etl.clean.text.normalize_text`) applies the
  same character rules but keeps the line structure.
"""

from etl.fields.authors import author_names
from etl.fields.dates import parse_date
from etl.fields.language import ISO_639_1_CODES, language_code
from etl.fields.text import normalize_inline

__all__ = ["ISO_639_1_CODES", "author_names", "language_code", "normalize_inline", "parse_date"]
