"""Text normalisation for the CLEAN stage.

Two entry points:

* :func:`normalize_text` for whole plain-text units. It keeps the *line
  structure* the segmenter relies on: paragraphs are separated by one blank
  line, and article boundaries (runs of 2+ blank lines, separator lines such as
  ``----``, ``* * *`` or ``###``, form feeds) survive as they were.
* :func:`normalize_inline` for a single paragraph or metadata field (HTML text
  nodes, JSON fields): the same character-level clean-up, with every run of
  whitespace (newlines included) collapsed to one space.

Both are pure functions of ``str`` and never raise on any input.

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
   :func:`normalize_inline` inserts a space instead of a paragraph break.
9. Leading and trailing blank lines of the whole text are dropped; blank-line
   runs *inside* the text are kept exactly (no collapsing).

Curly quotes, dashes and ellipses are kept as they are.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize_inline", "normalize_text"]

# Line-break characters other than LF; handled before control stripping because
# VT and NEL are themselves control characters.
_LINE_BREAKS = re.compile("\r\n?|[\x0b\x85\u2028]")
_PARA_SEP = "\u2029"

# Invisible characters and controls; TAB (\x09), LF (\x0a) and FF (\x0c) survive.
_INVISIBLE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\u00ad\u200b-\u200d\u2060\ufeff]")

# Every Zs space except U+0020 itself.
_UNICODE_SPACES = re.compile("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]")

_COMMON_REPLACEMENTS = (
    ("\r\n", "\n"),
    ("\r", "\n"),
    ("\t", " "),
    ("\u00a0", " "),
    ("\u202f", " "),
    ("\u2007", " "),
    ("\u200b", ""),
    ("\ufeff", ""),
    ("\u00ad", ""),
)

_FORM_FEED = re.compile(r"\n?[ \t]*\f[ \t]*\n?")

# Whitespace around a line break, and runs of spaces (tabs are replaced first).
_SPACE_AROUND_LF = re.compile(r"[ \t]*\n[ \t]*")
_SPACE_RUN = re.compile(r"  +")
_ANY_SPACE_RUN = re.compile(r"\s+")

_LOWER = "a-z\u00df-\u00f6\u00f8-\u00ff"
# The captured word may start with a capital ("Well-\nknown"); its last letter must be lower-case.
_HYPHEN_BREAK = re.compile(rf"((?:[^\W\d_])*[{_LOWER}])-\n(?=[{_LOWER}])")

# Whole words that usually begin a genuine hyphenated compound. Kept small on
# purpose: a wrong join ("wellknown") is worse than a kept hyphen ("inter-national").
# Inline only: any other letter-hyphen-break-letter keeps the hyphen and loses the break.
_HYPHEN_BREAK_OTHER = re.compile(r"(?<=[^\W\d_])-\n(?=[^\W\d_])")

_COMPOUND_HEADS = frozenset(
    """
    all anti co cross ex far full half high long low mid multi non off one
    post pre pro re self semi short so three two well wide
    twenty thirty forty fifty sixty seventy eighty ninety
    """.split()
)

_GLUED_CURLY = re.compile("([.?!]\u201d)(\u201c)")
_GLUED_STRAIGHT = re.compile("(?<=[A-Za-z0-9\u00c0-\u024f])([.?!](?:\"\u201c|\u201d\"|\"\"))(?=[A-Z\u00c0-\u00de])")
_GLUED_SINGLE = re.compile("([.?!]\u2019)(\u2018)(?=[A-Z\u00c0-\u00de])")


def _char_level(text: str) -> tuple[str, bool]:
    """Rules 1–4: line breaks, invisible characters, Unicode spaces, NFC.

    Also says whether the input was "plain": no character but printable ones
    and LF, so no TAB and no form feed either.
    """
    plain = _is_plain(text)
    if not plain:
        # The usual offenders (Windows line ends, tabs, NBSP, ZWSP, BOM) first with
        # str.replace; the regexes run only if something rarer remains.
        for old, new in _COMMON_REPLACEMENTS:
            if old in text:
                text = text.replace(old, new)
        if not text.replace("\n", " ").replace("\f", " ").isprintable():
            text = _LINE_BREAKS.sub("\n", text)
            if _PARA_SEP in text:
                text = text.replace(_PARA_SEP, "\n\n")
            text = _INVISIBLE.sub("", text)
            if not text.isascii():
                text = _UNICODE_SPACES.sub(" ", text)
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text, plain


# Printable Latin-1 bytes plus LF: what a "plain" text may hold (no NBSP 0xA0, no soft hyphen 0xAD).
_PLAIN_LATIN1 = bytes(range(0x20, 0x7F)) + b"\n" + bytes(b for b in range(0xA1, 0x100) if b != 0xAD)


def _is_plain(text: str) -> bool:
    """True when no character needs rules 1–3 (controls, CR, TAB, FF, Unicode spaces, invisibles).

    Regex passes cost ~10 ns/char, so typical text must skip them. For text
    within Latin-1 (most English news) encoding is a copy and ``bytes.translate``
    finds offenders in ~1 ns/char; otherwise ``str.isprintable()``, which is
    False for exactly the characters the rules touch, does it in ~4 ns/char.
    """
    try:
        raw = text.encode("latin-1")
    except UnicodeEncodeError:
        return text.replace("\n", " ").isprintable()
    return not raw.translate(None, _PLAIN_LATIN1)


def _join_hyphen(match: re.Match[str]) -> str:
    head = match.group(1)
    if head.lower() in _COMPOUND_HEADS:
        return head + "-"
    return head


def normalize_text(text: str) -> str:
    """Normalise a plain-text unit, keeping paragraph and article boundaries.

    See the module docstring for the exact rules. The result uses LF line
    endings, has no trailing spaces, keeps every blank line between paragraphs
    and articles, and puts each form feed on a line of its own.
    """
    text, plain = _char_level(text)
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
        text = _HYPHEN_BREAK.sub(_join_hyphen, text)
    text = _split_glued_quotes(text, "\n\n")
    return text.strip(" \n")


def normalize_inline(text: str) -> str:
    """Normalise one paragraph or field: like :func:`normalize_text`, on one line.

    Every run of whitespace (newlines and form feeds included) becomes a single
    space and the ends are stripped. Words hyphenated across a line break are
    joined first (rule 7; a capitalised continuation keeps the hyphen:
    ``Anglo-\\nAmerican`` → ``Anglo-American``), and glued quotations get a space (``.”“`` → ``.” “``).
    """
    text, _ = _char_level(text)
    if "-" in text and "\n" in text:
        text = _SPACE_AROUND_LF.sub("\n", text)
        text = _HYPHEN_BREAK.sub(_join_hyphen, text)
        text = _HYPHEN_BREAK_OTHER.sub("-", text)
    text = _ANY_SPACE_RUN.sub(" ", text).strip()
    return _split_glued_quotes(text, " ")


def _split_glued_quotes(text: str, sep: str) -> str:
    """Rule 8: put ``sep`` between a closing and an immediately following opening quote."""
    if "\u201d\u201c" in text:
        text = _GLUED_CURLY.sub(lambda m: m.group(1) + sep + m.group(2), text)
    if '""' in text or '"\u201c' in text or '\u201d"' in text:
        text = _GLUED_STRAIGHT.sub(lambda m: m.group(1)[:2] + sep + m.group(1)[2:], text)
    if "\u2019\u2018" in text:
        text = _GLUED_SINGLE.sub(lambda m: m.group(1) + sep + m.group(2), text)
    return text
