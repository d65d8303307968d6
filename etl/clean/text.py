"""Text normalisation for the CLEAN stage: the body normaliser.

:func:`normalize_text` normalises whole plain-text units. It keeps the *line
structure* the segmenter relies on: paragraphs are separated by one blank
line, and article boundaries (runs of 2+ blank lines, separator lines such as
``----``, ``* * *`` or ``###``, form feeds) survive as they were.

Its one-line counterpart for a single paragraph or metadata field (HTML text
blocks, JSON fields) is :func:`etl.fields.text.normalize_inline`: the same
character-level clean-up, with every run of whitespace (newlines included)
collapsed to one space. Rules 1–4, 7 and 8 below are implemented there and
shared by both. Both are pure functions of ``str`` and never raise on any input.

Rules, in the order they are applied
------------------------------------
1. Line breaks: CRLF and lone CR become LF; VT (U+000B), NEL (U+0085) and
   LINE SEPARATOR (U+2028) become LF; PARAGRAPH SEPARATOR (U+2029) becomes a
   blank line.
2. Invisible characters are removed: zero-width space/joiners (U+200B–U+200D),
   WORD JOINER (U+2060), BOM/ZWNBSP (U+FEFF), SOFT HYPHEN (U+00AD), and C0/C1
   control characters except TAB, LF and FF.
3. Unicode spaces (NBSP U+00A0, NARROW NBSP U+202F, FIGURE SPACE U+2007 and
   the other ``Zs`` spaces) become a plain space.
4. Unicode NFC (after step 2, because removing an invisible character can
   bring a combining mark next to its base letter).
5. A form feed becomes a line of its own holding only ``\\f``.
6. Horizontal whitespace: runs of spaces/tabs become one space; every line is
   stripped at both ends, so whitespace-only lines become empty lines. Leading
   indentation carries no meaning downstream and is dropped as well.
7. Hyphenation across a line break: ``[a-z]-\\n[a-z]`` (lower-case letters,
   Latin-1 accented ones included, on both sides) is joined *without* the
   hyphen (``inter-\\nnational`` → ``international``), except when the
   fragment before the hyphen is a whole word that commonly starts a real
   compound (``well``, ``self``, ``non``, ``co``, ``ex``, ``twenty`` ...):
   then the hyphen is kept and only the line break removed
   (``well-\\nknown`` → ``well-known``). Capitalised continuations
   (``Anglo-\\nAmerican``) and blank lines are never joined.
8. Glued quotations (text only): when one quotation ends a sentence and the
   next opens with no space in between, a paragraph break is inserted:
   ``out.”“If`` → ``out.”\\n\\n“If``. Curly double quotes (``.”“``, ``?”“``,
   ``!”“``) always split. Because straight quotes are ambiguous (they open and
   close), a split involving a straight quote (``."“``, ``.”"``, ``.""``)
   needs a letter or digit before the sentence mark and a capital letter
   right after the opening quote. Curly single quotes (``.’‘``) need the
   capital too, so apostrophes are never mistaken for quotes.
   The inline normaliser inserts a space instead of a paragraph break.
9. Leading and trailing blank lines of the whole text are dropped; blank-line
   runs *inside* the text are kept exactly (no collapsing).

Curly quotes, dashes and ellipses are kept as they are.
"""

from __future__ import annotations

import re

from etl.fields.text import char_level, join_hyphenated, split_glued_quotes

__all__ = ["normalize_text"]

_FORM_FEED = re.compile(r"\n?[ \t]*\f[ \t]*\n?")
_SPACE_RUN = re.compile(r"  +")


def normalize_text(text: str) -> str:
    """Normalise a plain-text unit, keeping paragraph and article boundaries.

    See the module docstring for the exact rules. The result uses LF line
    endings, has no trailing spaces, keeps every blank line between paragraphs
    and articles, and puts each form feed on a line of its own.
    """
    text, plain = char_level(text)
    if not plain and "\f" in text:
        text = _FORM_FEED.sub("\n\f\n", text)
    # Plain str methods and a literal-prefix regex: character-class regexes
    # scan at ~10 ns/char, too slow for the per-article budget.
    if not plain and "\t" in text:
        text = text.replace("\t", " ")
    if "  " in text:
        text = _SPACE_RUN.sub(" ", text)
    # Splitting into lines beats two substring searches: CPython's search is
    # slow for needles made of frequent characters ("\n " scans at ~8 ns/char).
    text = "\n".join([line.strip(" ") for line in text.split("\n")])
    if "-\n" in text:
        text = join_hyphenated(text)
    text = split_glued_quotes(text, "\n\n")
    return text.strip(" \n")
