"""Decoding: bytes to text by BOM, declared charset, or statistics; mojibake repair."""

from __future__ import annotations

import codecs
import re

# --------------------------------------------------------------------------- decoding

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: it starts with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([A-Za-z0-9_:.()+-]+)"""
    rb"""|<\?xml[^>]+?encoding\s*=\s*["']([A-Za-z0-9_.:()+-]+)""",
    re.I,
)
_DECLARED_SCAN = 4096

# Labels that browsers decode as windows-1252.
_CP1252_ALIASES = frozenset({"cp1252", "iso8859-1", "latin-1", "ascii"})
# Declarations that are ignored: UTF-16/32 without a BOM cannot be ASCII-declared,
# and UTF-7 is a known XSS vector.
_IGNORED_DECLARED = frozenset({"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be", "utf-7"})
# Below this many non-ASCII bytes statistics are noise (one "£" looks like cp932).
_MIN_NON_ASCII_FOR_STATS = 32


def _c1_passthrough(exc: UnicodeError) -> tuple[str, int]:
    """Map the bytes cp1252 leaves undefined to the C1 code point of the same value."""
    if isinstance(exc, UnicodeDecodeError):
        return "".join(chr(b) for b in exc.object[exc.start : exc.end]), exc.end
    raise exc


codecs.register_error("etl-c1", _c1_passthrough)


def _norm_codec(label: str) -> str | None:
    """Python's canonical name of an encoding label, or ``None`` if unknown or not text."""
    try:
        info = codecs.lookup(label.strip().strip("\"'"))
    except (LookupError, ValueError):
        return None
    if not getattr(info, "_is_text_encoding", True):
        return None
    name = info.name.replace("_", "-")
    if name in ("latin-1", "iso8859-1", "iso-8859-1"):
        return "iso8859-1"
    if name in ("us-ascii",):
        return "ascii"
    return name


def _try_decode(data: bytes, codec: str) -> tuple[str, str] | None:
    if codec in _CP1252_ALIASES:
        return data.decode("cp1252", "etl-c1"), "cp1252"
    try:
        return data.decode(codec), codec
    except (UnicodeDecodeError, LookupError, ValueError):
        return None


def decode_bytes(data: bytes, *, declared_ok: bool = True) -> tuple[str, str]:
    """Decode ``data`` and name the encoding used; never raises for any bytes.

    Order: BOM (UTF-8/16/32); pure ASCII (reported as ``utf-8``); the declared
    charset (HTML ``<meta charset>`` / ``http-equiv`` content type, XML
    prolog, in the first 4 KiB, only when ``declared_ok``); strict UTF-8;
    statistics (charset-normalizer, only with at least 32 non-ASCII bytes);
    cp1252 as the last resort.

    One deliberate exception to "declared first": when a single-byte charset
    is declared but the bytes are valid UTF-8 with multi-byte sequences, UTF-8
    wins. Valid multi-byte UTF-8 is practically never accidental, while pages
    re-saved as UTF-8 with a stale ``iso-8859-1`` declaration are common.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            body = data[len(bom) :]
            return body.decode(codec, "replace"), codec
    if data.isascii():
        return data.decode("ascii"), "utf-8"

    head = data[:_DECLARED_SCAN].lower()
    if declared_ok and (b"charset" in head or b"encoding" in head):
        m = _META_CHARSET.search(data, 0, _DECLARED_SCAN)
        if m:
            label = (m.group(1) or m.group(2) or b"").decode("ascii", "ignore")
            codec = _norm_codec(label)
            if codec and codec not in _IGNORED_DECLARED:
                if codec != "utf-8" and _is_single_byte(codec):
                    try:
                        return data.decode("utf-8"), "utf-8"
                    except UnicodeDecodeError:
                        pass
                got = _try_decode(data, codec)
                if got is not None:
                    return got

    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass

    non_ascii = len(data) - len(data.translate(None, bytes(range(128, 256))))
    if non_ascii >= _MIN_NON_ASCII_FOR_STATS:
        guess = _statistical_guess(data)
        if guess:
            got = _try_decode(data, guess)
            if got is not None:
                return got
    return data.decode("cp1252", "etl-c1"), "cp1252"


def _is_single_byte(codec: str) -> bool:
    return codec in _CP1252_ALIASES or codec.startswith(("cp12", "iso8859", "mac-", "koi8", "cp8", "cp4"))


def _statistical_guess(data: bytes) -> str | None:
    """charset-normalizer's best guess, with ties resolved in favour of cp1252.

    Western European text often scores exactly as well in cp1250 or cp1257 as
    in cp1252 (French came out as cp1250 in our checks); a news corpus is far
    more likely to be cp1252, so a cp1252 candidate within a hair of the best
    score wins.
    """
    # Imported lazily: it costs ~0.1 s at import and most corpora never need it.
    from charset_normalizer import from_bytes

    try:
        matches = list(from_bytes(data[:200_000]))
    except (LookupError, ValueError, UnicodeError):
        return None
    if not matches:
        return None
    best = matches[0]
    for m in matches:
        if (
            "cp1252" in m.could_be_from_charset
            and m.chaos <= best.chaos + 0.01
            and m.coherence >= best.coherence - 0.05
        ):
            return "cp1252"
    return _norm_codec(best.encoding)


# Lead characters of UTF-8 sequences as cp1252/latin-1 shows them, followed by a
# continuation byte as cp1252 or latin-1 shows it.
_CONT = "".join(sorted(set(bytes(range(0x80, 0xC0)).decode("cp1252", "etl-c1") + bytes(range(0x80, 0xC0)).decode("latin-1"))))
_MOJIBAKE_SIGN = re.compile("[\u00c2-\u00f4][" + re.escape(_CONT) + "]")


def repair_mojibake(text: str) -> tuple[str, bool]:
    """Undo UTF-8-read-as-cp1252 damage (``â€œ`` → ``“``); return ``(text, repaired)``.

    ftfy's encoding fixer runs only when a cheap regex finds a typical sign:
    a UTF-8 lead byte shown as ``Â``–``ô`` followed by a continuation byte
    shown as cp1252/latin-1. Curly quotes and everything else are left alone
    (``ftfy.fix_encoding``, not ``fix_text``).
    """
    if text.isascii() or not _MOJIBAKE_SIGN.search(text):
        return text, False
    import ftfy  # lazily: only files with mojibake signs pay for it

    fixed = ftfy.fix_encoding(text)
    return fixed, fixed != text
