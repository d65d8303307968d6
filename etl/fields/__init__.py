"""Shared field rules, one rule each, used by the JSON reader and the HTML extractor alike.

The JSON record reader (:mod:`etl.read.records`) and the HTML extractor
(:mod:`etl.clean.html`: meta tags, JSON-LD, text blocks) both call these, so the
same field parses the same way whatever the format. This package imports
nothing from the stages (``etl.read``, ``etl.clean`` ...); they import it.

* **Inline text** (:func:`normalize_inline`): one paragraph or field on one line:
  line breaks, invisible characters and Unicode spaces, NFC, words hyphenated
  across a line break joined, whitespace runs collapsed, glued quotations
  spaced. The body normaliser (:func:`etl.clean.text.normalize_text`) applies the
  same character rules but keeps the line structure.
"""

from etl.fields.text import normalize_inline

__all__ = ["normalize_inline"]
