"""Inline text: one paragraph or metadata field on one clean line.

:func:`normalize_inline` is the one inline normaliser: HTML text blocks, meta
tags, JSON-LD values and JSON record fields all go through it. It applies the
character-level rules of the body normaliser (:func:`etl.clean.text.normalize_text`,
whose module docstring numbers them) and then puts the text on one line:

1. Line breaks (CR, CRLF, VT, NEL, U+2028, U+2029) are line breaks.
2. Invisible characters are removed: zero-width space/joiners, WORD JOINER,
   BOM, SOFT HYPHEN, and C0/C1 controls.
3. Unicode spaces (NBSP, NARROW NBSP, FIGURE SPACE, other ``Zs``) are spaces.
4. Unicode NFC, after step 2 (removing an invisible character can bring a
   combining mark next to its base letter).
5. A word hyphenated across a line break is joined (``inter-\\nnational`` →
   ``international``; a compound head keeps its hyphen: ``well-\\nknown`` →
   ``well-known``; any other letter-hyphen-break-letter keeps the hyphen and
   loses the break: ``Anglo-\\nAmerican`` → ``Anglo-American``).
6. Every run of whitespace (newlines and form feeds included) becomes one
   space; the ends are stripped.
7. Glued quotations get a space: ``out.”“If`` → ``out.” “If``.

Typographic quotes, dashes and ellipses are kept. The function is pure and
never raises. Text that needs none of steps 1–5 and 7 (the usual paragraph)
costs one Latin-1 encode, one ``\\s+`` substitution and a few substring tests.

The helpers below (:func:`char_level`, :func:`join_hyphenated`,
:func:`split_glued_quotes`) are the same rules for the body normaliser, which
keeps line structure instead of collapsing it.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize_inline"]

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

_SPACE_AROUND_LF = re.compile(r"[ \t]*\n[ \t]*")
_ANY_SPACE_RUN = re.compile(r"\s+")

_LOWER = "a-z\u00df-\u00f6\u00f8-\u00ff"
# The captured word may start with a capital ("Well-\nknown"); its last letter must be lower-case.
_HYPHEN_BREAK = re.compile(rf"((?:[^\W\d_])*[{_LOWER}])-\n(?=[{_LOWER}])")

# Inline only: any other letter-hyphen-break-letter keeps the hyphen and loses the break.
_HYPHEN_BREAK_OTHER = re.compile(r"(?<=[^\W\d_])-\n(?=[^\W\d_])")

# Whole words that usually begin a genuine hyphenated compound. Kept small on
# purpose: a wrong join ("wellknown") is worse than a kept hyphen ("inter-national").
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

# Printable Latin-1 bytes plus LF: what a "plain" text may hold (no NBSP 0xA0, no soft hyphen 0xAD).
_PLAIN_LATIN1 = bytes(range(0x20, 0x7F)) + b"\n" + bytes(b for b in range(0xA1, 0x100) if b != 0xAD)


def char_level(text: str) -> tuple[str, bool]:
    """Line breaks, invisible characters, Unicode spaces, NFC (rules 1–4 of the body normaliser).

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


def join_hyphenated(text: str) -> str:
    """Join ``[a-z]-\\n[a-z]`` without the hyphen, or with it after a compound head (``well-\\nknown``)."""
    return _HYPHEN_BREAK.sub(_join_hyphen, text)


def split_glued_quotes(text: str, sep: str) -> str:
    """Put ``sep`` between a closing and an immediately following opening quote."""
    if "\u201d\u201c" in text:
        text = _GLUED_CURLY.sub(lambda m: m.group(1) + sep + m.group(2), text)
    if '""' in text or '"\u201c' in text or '\u201d"' in text:
        text = _GLUED_STRAIGHT.sub(lambda m: m.group(1)[:2] + sep + m.group(1)[2:], text)
    if "\u2019\u2018" in text:
        text = _GLUED_SINGLE.sub(lambda m: m.group(1) + sep + m.group(2), text)
    return text


def normalize_inline(text: str) -> str:
    """One paragraph or field on one clean line; see the module docstring for the rules."""
    text, _ = char_level(text)
    if "-" in text and "\n" in text:
        text = _SPACE_AROUND_LF.sub("\n", text)
        text = join_hyphenated(text)
        text = _HYPHEN_BREAK_OTHER.sub("-", text)
    text = _ANY_SPACE_RUN.sub(" ", text).strip()
    return split_glued_quotes(text, " ")
