"""READ stage: find source files and turn their bytes into decoded units.

* :func:`discover` walks a source root and yields :class:`SourceFile` records
  (or :class:`Quarantined` ones for what cannot be walked safely).
* :func:`read_units` reads one file and yields :class:`RawUnit` records: one for
  a text or HTML file, one per record for JSON/JSONL. Whole-file problems raise
  :class:`QuarantineError`; a bad JSONL line or JSON list element is yielded as
  a :class:`Quarantined` with ``whole_file=False`` and the good records still come.

Quarantine reason codes
-----------------------
From :func:`discover`: ``symlink_outside_root``, ``symlink_loop``,
``broken_symlink``, ``unreadable`` (directory or file that cannot be listed or
stat'ed), ``special_file`` (FIFO, socket or device carrying one of our
extensions; opening it could block), ``vanished`` (directory deleted during the walk).

From :func:`read_units`: ``vanished``, ``unreadable``, ``special_file``,
``too_large``, ``changed_while_reading``, ``truncated_gzip``, ``corrupt_gzip``,
``gzip_bomb``, ``binary``, ``empty``, ``invalid_json``, ``line_too_long``,
``no_body``.

Encoding names written to :attr:`RawUnit.encoding`
--------------------------------------------------
``utf-8`` (also for pure ASCII, and for UTF-8 with a BOM), ``utf-16-le``,
``utf-16-be``, ``utf-32-le``, ``utf-32-be``, ``cp1252`` (also used for bytes
declared or detected as ISO-8859-1/Latin-1 or ASCII, as browsers do; the five
bytes cp1252 leaves undefined decode to the matching C1 code points), and for
anything else the Python codec name of the declared or detected charset
with ``-`` for ``_`` (``iso8859-15``, ``cp1251``, ``shift-jis``, ``gbk`` ...).
"""

from __future__ import annotations

import codecs
import errno
import hashlib
import json
import os
import re
import stat
import zlib
from collections.abc import Callable, Iterator
from datetime import date, datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

import orjson

from etl.config import ReadConfig
from etl.errors import ConfigError, QuarantineError
from etl.models import PageMetadata, Quarantined, RawUnit, SourceFile, SourceFormat
from etl.textclean import normalize_inline

__all__ = ["decode_bytes", "discover", "parse_date", "read_units", "repair_mojibake"]

# --------------------------------------------------------------------------- discovery

# Files that document a corpus rather than hold articles (the BBC corpus ships a
# README.TXT next to its articles). Matched on the name before the first dot,
# case-insensitively, whatever the extension.
_DOC_FILE_STEMS = frozenset(
    {"readme", "provenance", "license", "licence", "copying", "notice", "changelog", "authors", "manifest"}
)

_SNIFF_BYTES = 2048
_YEAR = re.compile(r"\d{4}")
_MONTH_OR_DAY = re.compile(r"\d{1,2}")
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def discover(
    root: Path,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    include_undated: bool = True,
    config: ReadConfig,
) -> Iterator[SourceFile | Quarantined]:
    """Walk ``root`` in sorted order and yield the source files found under it.

    Selection rules:

    * Hidden files and directories (name starting with ``.``) are skipped.
    * Corpus documentation (``README``, ``PROVENANCE``, ``LICENSE``, ``NOTICE``,
      ``CHANGELOG``, ... with any extension, case-insensitive) is skipped.
    * A file whose extension, compared case-insensitively after stripping a
      trailing ``.gz``, is in ``config.extensions`` is ours. A file with any
      other extension (or none) is opened and its first bytes sniffed (through
      gzip if they start with the gzip magic): it is ours too when it starts
      like an HTML document (``<!doctype html`` / ``<html``) or like a JSON
      article (an object or list of objects with a ``title``, ``headline``,
      ``body``, ``text``, ``content`` or ``articleBody`` key near the start).
      Anything else is skipped silently, as are unknown-extension files that
      cannot be opened for sniffing: they are not ours.
    * ``root`` may be a single file; it is then yielded whatever its name,
      with ``rel_path`` set to its file name (and no partition date).

    Dates: ``partition_date`` comes from the first ``YYYY/MM/DD`` chain of
    directories or the first ``YYYY-MM-DD`` directory in the relative path
    (file names are not looked at; impossible dates such as ``2024/02/30``
    do not count). With ``date_from``/``date_to`` only files dated within the
    inclusive range are yielded (subtrees dated outside it are not even
    walked); undated files are yielded only if ``include_undated``.

    Safety: symlinks are followed only while their target stays inside the
    (resolved) root; a link pointing outside yields ``symlink_outside_root``
    (whatever its extension, as it may be an attempt to read other files), a
    link cycle or a directory link back to one of its ancestors yields
    ``symlink_loop``, and a dangling link ``broken_symlink``. Directories that
    cannot be listed and files that cannot be stat'ed yield ``unreadable``;
    the walk goes on.

    Names: ``rel_path`` uses ``/`` separators. Names that are not valid UTF-8
    are written with ``\\xNN`` escapes for the undecodable bytes
    (``os.fsencode(name).decode("utf-8", "backslashreplace")``), so
    ``rel_path`` is always encodable as UTF-8 JSON (orjson rejects lone
    surrogates); ``SourceFile.path`` keeps the real name for opening it.
    Other characters, newlines included, are kept as they are.

    Raises :class:`ConfigError` when ``root`` does not exist.
    """
    root_abs = os.path.abspath(os.fspath(root))
    try:
        root_st = os.stat(root_abs)
    except OSError as exc:
        raise ConfigError(f"source root {root_abs!r} cannot be read: {exc.strerror or exc}") from exc
    walker = _Walker(root_abs, date_from, date_to, include_undated, config)
    if stat.S_ISDIR(root_st.st_mode):
        yield from walker.walk_dir(root_abs, [], None, frozenset({(root_st.st_dev, root_st.st_ino)}))
    else:
        name = os.path.basename(root_abs)
        if _in_range(None, date_from, date_to, include_undated):
            if not stat.S_ISREG(root_st.st_mode):
                yield Quarantined(_safe_name(name), "special_file", "not a regular file (FIFO, socket or device)")
            else:
                yield SourceFile(Path(root_abs), _safe_name(name), root_st.st_size, root_st.st_mtime, None)


class _Walker:
    """The state of one :func:`discover` walk."""

    def __init__(
        self,
        root_abs: str,
        date_from: date | None,
        date_to: date | None,
        include_undated: bool,
        config: ReadConfig,
    ) -> None:
        self.root_real = os.path.realpath(root_abs)
        self.date_from = date_from
        self.date_to = date_to
        self.include_undated = include_undated
        self.extensions = frozenset(e.lower() for e in config.extensions)

    def walk_dir(
        self,
        dir_path: str,
        parts: list[str],
        part_date: date | None,
        ancestors: frozenset[tuple[int, int]],
    ) -> Iterator[SourceFile | Quarantined]:
        rel = _rel(parts) or "."
        try:
            with os.scandir(dir_path) as it:
                entries = sorted(it, key=lambda e: e.name)
        except FileNotFoundError:
            yield Quarantined(rel, "vanished", "directory disappeared during the walk")
            return
        except OSError as exc:
            yield Quarantined(rel, "unreadable", f"cannot list directory: {exc.strerror or exc}")
            return

        for entry in entries:
            name = entry.name
            if name.startswith("."):
                continue
            child_parts = [*parts, name]
            try:
                is_link = entry.is_symlink()
                if is_link:
                    problem = self._check_link(entry.path, child_parts)
                    if problem is not None:
                        yield problem
                        continue
                st = os.stat(entry.path)  # follows an in-root link
            except FileNotFoundError:
                # Deleted between listing and stat: no longer part of the snapshot.
                continue
            except OSError as exc:
                if exc.errno == errno.ELOOP:
                    yield Quarantined(_rel(child_parts), "symlink_loop", "symbolic link cycle")
                else:
                    yield Quarantined(_rel(child_parts), "unreadable", f"cannot stat: {exc.strerror or exc}")
                continue

            if stat.S_ISDIR(st.st_mode):
                key = (st.st_dev, st.st_ino)
                if key in ancestors:
                    yield Quarantined(
                        _rel(child_parts), "symlink_loop", "directory link points back to one of its ancestors"
                    )
                    continue
                child_date = part_date or _date_from_dirs(child_parts)
                if child_date is not None and not _in_range(child_date, self.date_from, self.date_to, True):
                    continue
                yield from self.walk_dir(entry.path, child_parts, child_date, ancestors | {key})
                continue

            if _is_doc_file(name) or not _in_range(part_date, self.date_from, self.date_to, self.include_undated):
                continue
            ours = self._has_our_extension(name)
            if not stat.S_ISREG(st.st_mode):
                if ours:
                    yield Quarantined(
                        _rel(child_parts), "special_file", "not a regular file (FIFO, socket or device)"
                    )
                continue
            if not ours and not _sniff_is_ours(entry.path):
                continue
            yield SourceFile(Path(entry.path), _rel(child_parts), st.st_size, st.st_mtime, part_date)

    def _check_link(self, link_path: str, child_parts: list[str]) -> Quarantined | None:
        """Quarantine a link that leaves the root or loops; ``None`` if it may be followed."""
        rel = _rel(child_parts)
        try:
            target = os.path.realpath(link_path, strict=True)
        except FileNotFoundError:
            return Quarantined(rel, "broken_symlink", "symbolic link target does not exist")
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                return Quarantined(rel, "symlink_loop", "symbolic link cycle")
            return Quarantined(rel, "unreadable", f"cannot resolve symbolic link: {exc.strerror or exc}")
        except RuntimeError:  # some Python versions signal a cycle this way
            return Quarantined(rel, "symlink_loop", "symbolic link cycle")
        if not _is_within(target, self.root_real):
            return Quarantined(
                rel, "symlink_outside_root", "symbolic link points outside the source root; not followed"
            )
        return None

    def _has_our_extension(self, name: str) -> bool:
        lower = name.lower()
        if lower.endswith(".gz"):
            lower = lower[:-3]
        return os.path.splitext(lower)[1] in self.extensions


def _rel(parts: list[str]) -> str:
    return _safe_name("/".join(parts))


def _safe_name(name: str) -> str:
    """A str that is valid UTF-8; undecodable bytes become ``\\xNN`` (see :func:`discover`)."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", "backslashreplace")
    return name


def _is_within(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def _is_doc_file(name: str) -> bool:
    return name.split(".", 1)[0].lower() in _DOC_FILE_STEMS


def _in_range(d: date | None, date_from: date | None, date_to: date | None, include_undated: bool) -> bool:
    if d is None:
        return include_undated
    return (date_from is None or d >= date_from) and (date_to is None or d <= date_to)


def _date_from_dirs(parts: list[str]) -> date | None:
    """The date of a ``YYYY/MM/DD`` chain or a ``YYYY-MM-DD`` folder among ``parts``."""
    for i, part in enumerate(parts):
        m = _ISO_DAY.fullmatch(part)
        if m:
            d = _make_date(m.group(1), m.group(2), m.group(3))
            if d:
                return d
        if (
            i + 2 < len(parts)
            and _YEAR.fullmatch(part)
            and _MONTH_OR_DAY.fullmatch(parts[i + 1])
            and _MONTH_OR_DAY.fullmatch(parts[i + 2])
        ):
            d = _make_date(part, parts[i + 1], parts[i + 2])
            if d:
                return d
    return None


def _make_date(y: str, m: str, d: str) -> date | None:
    try:
        return date(int(y), int(m), int(d))
    except ValueError:
        return None


_HTML_STRONG = re.compile(r"(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)[\s>]", re.S)
_HTML_WEAK = re.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|title|article|section|div|p|h[1-6]|br|span|table|ul|ol|a)[\s/>]"
)
_JSON_ARTICLE_KEYS = re.compile(r'"(?:title|headline|body|text|content|articleBody)"\s*:')
_JSON_START = re.compile(r"(?:\{\s*\"|\[\s*\{)")


def _sniff_is_ours(path: str) -> bool:
    """Whether an unknown-extension file starts like one of our HTML or JSON sources."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(_SNIFF_BYTES)
    except OSError:
        return False
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, _SNIFF_BYTES)
        except zlib.error:
            return False
    text = _head_text(head)
    lower = text.lower()
    if _HTML_STRONG.match(lower):
        return True
    return bool(_JSON_START.match(text) and _JSON_ARTICLE_KEYS.search(text))


def _head_text(head: bytes) -> str:
    """The first bytes as text, good enough for sniffing markup (BOM honoured)."""
    for bom, codec in _BOMS:
        if head.startswith(bom):
            return head[len(bom) :].decode(codec, "ignore").lstrip()
    return head.decode("latin-1").lstrip()


# --------------------------------------------------------------------------- reading bytes

_GZIP_MAGIC = b"\x1f\x8b"
_BINARY_MAGIC = (
    b"%PDF-",
    b"\x89PNG\r\n\x1a\n",
    b"GIF87a",
    b"GIF89a",
    b"\xff\xd8\xff",  # JPEG
    b"PK\x03\x04",  # ZIP, DOCX, XLSX, EPUB, JAR
    b"PK\x05\x06",
    b"\x1f\x8b",  # gzip inside gzip
    b"\xfd7zXZ\x00",
    b"7z\xbc\xaf\x27\x1c",
    b"Rar!\x1a\x07",
    b"\x28\xb5\x2f\xfd",  # zstd
    b"\x7fELF",
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",  # OLE2: .doc, .xls
    b"SQLite format 3\x00",
    b"\x00asm",
    b"OggS",
    b"ID3\x02",  # MP3
    b"ID3\x03",
    b"ID3\x04",
    b"fLaC",
    b"wOFF",
    b"wOF2",
    b"\x00\x00\x01\x00",  # ICO
)
_RIFF = b"RIFF"
_RIFF_KINDS = (b"WAVE", b"AVI ", b"WEBP")
_BZIP2 = re.compile(rb"BZh[1-9]1AY&SY")
_BINARY_SAMPLE = 8192
# Bytes that do not occur in text: C0 controls except TAB, LF, FF, CR and ESC.
_CONTROL_BYTES = bytes([b for b in range(32) if b not in (9, 10, 12, 13, 27)])
_NOT_CONTROL = bytes(b for b in range(256) if b not in _CONTROL_BYTES)
_MAX_CONTROL_RATIO = 0.05
# A tiny gzip file expanding past the ratio is not worth refusing.
_BOMB_FLOOR_BYTES = 64 * 1024


def _read_file(src: SourceFile, config: ReadConfig) -> bytes:
    """Read the file's bytes, checking size and that it did not change meanwhile."""
    path = os.fspath(src.path)
    rel = src.rel_path
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except FileNotFoundError as exc:
        raise QuarantineError("vanished", "file was deleted before it could be read", rel) from exc
    except IsADirectoryError as exc:
        raise QuarantineError("unreadable", "path is a directory", rel) from exc
    except OSError as exc:
        raise QuarantineError("unreadable", f"cannot open: {exc.strerror or exc}", rel) from exc
    try:
        before = os.fstat(fd)
        if stat.S_ISDIR(before.st_mode):
            raise QuarantineError("unreadable", "path is a directory", rel)
        if not stat.S_ISREG(before.st_mode):
            raise QuarantineError("special_file", "not a regular file (FIFO, socket or device)", rel)
        if before.st_size > config.max_file_bytes:
            raise QuarantineError(
                "too_large",
                f"{before.st_size} bytes exceeds read.max_file_bytes={config.max_file_bytes}; "
                "split the file or raise the limit",
                rel,
            )
        limit = config.max_file_bytes + 1
        chunks: list[bytes] = []
        got = 0
        while got < limit:
            chunk = os.read(fd, min(limit - got, max(before.st_size + 1 - got, 65536)))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
        data = chunks[0] if len(chunks) == 1 else b"".join(chunks)
        after = os.fstat(fd)
    except OSError as exc:
        raise QuarantineError("unreadable", f"read failed: {exc.strerror or exc}", rel) from exc
    finally:
        os.close(fd)

    try:
        now = os.stat(path)
    except FileNotFoundError as exc:
        raise QuarantineError("vanished", "file was deleted while it was being read", rel) from exc
    except OSError as exc:
        raise QuarantineError("unreadable", f"cannot stat after reading: {exc.strerror or exc}", rel) from exc
    if len(data) > config.max_file_bytes:
        raise QuarantineError(
            "too_large", f"grew past read.max_file_bytes={config.max_file_bytes} while being read", rel
        )
    if (
        len(data) != before.st_size
        or after.st_size != before.st_size
        or after.st_mtime_ns != before.st_mtime_ns
        or (now.st_dev, now.st_ino) != (before.st_dev, before.st_ino)
        or now.st_size != before.st_size
        or now.st_mtime_ns != before.st_mtime_ns
    ):
        raise QuarantineError(
            "changed_while_reading", "size, modification time or identity changed during the read; retry later", rel
        )
    return data


def _gunzip(data: bytes, config: ReadConfig, rel: str) -> bytes:
    """Decompress all gzip members with capped output (no unbounded allocation)."""
    cap = config.max_decompressed_bytes
    ratio_cap = max(int(len(data) * config.max_decompression_ratio), _BOMB_FLOOR_BYTES)
    out: list[bytes] = []
    total = 0
    pending = data
    try:
        while True:
            d = zlib.decompressobj(16 + zlib.MAX_WBITS)
            while pending:
                room = min(cap, ratio_cap) - total
                piece = d.decompress(pending, room + 1)
                total += len(piece)
                out.append(piece)
                if total > cap or total > ratio_cap:
                    raise QuarantineError(
                        "gzip_bomb",
                        f"decompresses past {min(cap, ratio_cap)} bytes (read.max_decompressed_bytes={cap}, "
                        f"read.max_decompression_ratio={config.max_decompression_ratio})",
                        rel,
                    )
                pending = d.unconsumed_tail
                if d.eof:
                    break
            if not d.eof:
                raise QuarantineError("truncated_gzip", "gzip stream ends before its end marker", rel)
            rest = d.unused_data
            if rest.startswith(_GZIP_MAGIC):
                pending = rest  # concatenated gzip members
                continue
            break  # trailing padding after the last member is ignored
    except zlib.error as exc:
        raise QuarantineError("corrupt_gzip", f"not a valid gzip stream: {exc}", rel) from exc
    return b"".join(out)


def _check_binary(data: bytes, rel: str) -> None:
    """Raise ``binary`` for known magic numbers, NUL bytes or many control bytes."""
    if (
        data.startswith(_BINARY_MAGIC)
        or (data.startswith(_RIFF) and data[8:12] in _RIFF_KINDS)
        or _BZIP2.match(data)
    ):
        raise QuarantineError("binary", "file starts with the magic number of a binary format", rel)
    sample = data[:_BINARY_SAMPLE]
    if b"\x00" in sample:
        raise QuarantineError("binary", "NUL bytes in what should be text", rel)
    controls = len(sample.translate(None, _NOT_CONTROL))
    if controls and controls > _MAX_CONTROL_RATIO * len(sample):
        raise QuarantineError("binary", f"{controls} control bytes in the first {len(sample)} bytes", rel)


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


# --------------------------------------------------------------------------- formats

_EXT_FORMAT: dict[str, SourceFormat] = {
    ".txt": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}


def _format_by_extension(name: str) -> SourceFormat | None:
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    return _EXT_FORMAT.get(os.path.splitext(lower)[1])


def read_units(src: SourceFile, config: ReadConfig) -> Iterator[RawUnit | Quarantined]:
    """Read one source file and yield its units.

    Format: the extension (``.txt``, ``.html``/``.htm``, ``.json``,
    ``.jsonl``/``.ndjson``, each optionally ``.gz``) gives the default;
    content sniffing overrides it: text starting like HTML markup is HTML
    (whatever the extension), a ``.txt``/``.html`` that parses as JSON is
    JSON, a ``.json`` holding one object per line is JSONL and a ``.jsonl``
    holding one multi-line document is JSON. gzip is recognised by its magic
    bytes as well as by the ``.gz`` suffix.

    Whole-file problems raise :class:`QuarantineError` before anything is
    yielded. In JSONL files, each bad line yields a :class:`Quarantined`
    (``whole_file=False``, ``location="line N"``, 1-based) with reason
    ``invalid_json``, ``line_too_long`` (longer than ``config.max_line_bytes``
    UTF-8 bytes) or ``no_body``; in a JSON list, a bad element yields one with
    ``location="record N"`` (0-based, like ``record_index``). A single-object
    JSON file without a body raises ``no_body``.

    JSON fields are mapped to :class:`PageMetadata` (see :func:`_metadata`);
    dates without a time zone are taken as UTC; a date that cannot be parsed
    is dropped, never guessed.
    """
    rel = src.rel_path
    data = _read_file(src, config)
    # The hash of the file as it lies on disk (compressed or not): incremental sync
    # compares it with a fresh hash of the file to skip unchanged files unparsed.
    sha = hashlib.sha256(data).hexdigest()
    if data.startswith(_GZIP_MAGIC) or src.path.name.lower().endswith(".gz"):
        data = _gunzip(data, config, rel)

    if not data:
        raise QuarantineError("empty", "file has no content", rel)
    bom_codec = next((c for b, c in _BOMS if data.startswith(b)), None)
    if bom_codec is None:
        utf16 = _utf16_without_bom(data)
        if utf16:
            text, encoding = data.decode(utf16, "replace"), utf16
        else:
            _check_binary(data, rel)
            ext_format = _format_by_extension(src.path.name)
            text, encoding = decode_bytes(data, declared_ok=ext_format in ("html", None, "text"))
    else:
        if bom_codec == "utf-8":
            _check_binary(data[3:], rel)
        text, encoding = decode_bytes(data)
    if not text.strip():
        raise QuarantineError("empty", "file holds only whitespace", rel)

    # Every UTF-8 lead byte that mojibake shows (Â..ô = U+00C2..U+00F4) is
    # encoded with 0xC3, so UTF-8 input without that byte cannot need repair.
    repaired = False
    if encoding != "utf-8" or b"\xc3" in data:
        text, repaired = repair_mojibake(text)
    fmt = _detect_format(text, _format_by_extension(src.path.name))

    if fmt in ("text", "html"):
        yield RawUnit(
            source=src,
            format=fmt,
            encoding=encoding,
            sha256=sha,
            content=text,
            is_html=fmt == "html",
            mojibake_repaired=repaired,
        )
        return

    def unit(record: dict[str, Any], index: int) -> RawUnit | None:
        return _record_unit(record, index, src, fmt, encoding, sha, repaired)

    doc: Any = _INVALID
    if fmt == "json":
        doc = _parse_json(text)
        if doc is _INVALID and _looks_like_jsonl(text):
            fmt = "jsonl"
    elif _parse_json(_first_line(text)) is _INVALID:
        # A ".jsonl" holding one pretty-printed document is plain JSON.
        doc = _parse_json(text)
        if doc is not _INVALID:
            fmt = "json"
    if fmt == "json":
        if doc is _INVALID:
            raise QuarantineError("invalid_json", _json_error(text), rel)
        yield from _json_units(doc, rel, unit)
    else:
        yield from _jsonl_units(text, rel, config, unit)


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when NULs sit almost only at odd/even offsets (BOM-less UTF-16)."""
    sample = data[:_BINARY_SAMPLE]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.3 * half and even < 0.02 * half:
        codec = "utf-16-le"
    elif even > 0.3 * half and odd < 0.02 * half:
        codec = "utf-16-be"
    else:
        return None
    try:
        data[: len(data) & ~1].decode(codec)
    except UnicodeDecodeError:
        return None
    # NULs in alternate positions are also what binary records look like (00 01 02 03 ...):
    # only call it text when the decoded sample reads as text.
    text = sample[: len(sample) & ~1].decode(codec, "replace")
    readable = sum(1 for ch in text if ch.isprintable() or ch in "\n\r\t\f")
    if readable < 0.95 * len(text) or not any(ch.isalpha() for ch in text):
        return None
    return codec


def _detect_format(text: str, by_ext: SourceFormat | None) -> SourceFormat:
    head = text[:_SNIFF_BYTES].lstrip("\ufeff \t\r\n")
    if head.startswith("<"):
        low = head.lower()
        if _HTML_STRONG.match(low) or _HTML_WEAK.match(low):
            return "html"
        return by_ext or "text"
    if head.startswith(("{", "[")):
        if by_ext == "jsonl":
            return "jsonl"
        if by_ext == "json":
            return "json"
        if _parse_json(text) is not _INVALID:
            return "json"
        first = head.split("\n", 1)[0].strip()
        if first.startswith("{") and isinstance(_parse_json(first), dict):
            return "jsonl"
        return by_ext or "text"
    return by_ext or "text"


_INVALID = object()


def _parse_json(text: str) -> Any:
    """The parsed document, or ``_INVALID``. orjson first; stdlib json for what orjson refuses (big ints)."""
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        pass
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return _INVALID


def _json_error(text: str) -> str:
    try:
        json.loads(text)
    except ValueError as exc:
        return str(exc)
    except RecursionError:
        return "nesting too deep"
    return "not a JSON document"


_WRAPPER_KEYS = ("articles", "items", "data", "results", "records", "docs", "documents", "entries", "posts")


def _first_line(text: str) -> str:
    for line in text.split("\n", 64):
        if line.strip():
            return line
    return ""


def _looks_like_jsonl(text: str) -> bool:
    """Whether the first two non-blank lines are JSON objects on their own."""
    lines = [ln for ln in text.split("\n", 64)[:64] if ln.strip()][:2]
    return len(lines) == 2 and all(isinstance(_parse_json(ln), dict) for ln in lines)


_UnitFactory = Callable[[dict[str, Any], int], "RawUnit | None"]


def _json_units(doc: Any, rel: str, unit: _UnitFactory) -> Iterator[RawUnit | Quarantined]:
    """Records of a parsed JSON document: one object, a list, or a wrapper such as ``{"articles": [...]}``."""
    if isinstance(doc, dict) and not _has_body(doc):
        for key in _WRAPPER_KEYS:
            inner = doc.get(key)
            if isinstance(inner, list) and inner and all(isinstance(x, dict) for x in inner):
                doc = inner
                break
    if isinstance(doc, dict):
        u = unit(doc, 0)
        if u is None:
            raise QuarantineError("no_body", "the JSON object has no body/text/content/articleBody field", rel)
        yield u
        return
    if not isinstance(doc, list):
        raise QuarantineError("invalid_json", f"top level is a {type(doc).__name__}, expected an object or a list", rel)
    if not doc:
        raise QuarantineError("empty", "the JSON list holds no records", rel)
    for i, record in enumerate(doc):
        where = f"record {i}"
        if not isinstance(record, dict):
            yield Quarantined(rel, "invalid_json", f"{type(record).__name__}, expected an object", where, False)
            continue
        u = unit(record, i)
        yield u if u is not None else Quarantined(rel, "no_body", "record has no body text", where, False)


def _jsonl_units(text: str, rel: str, config: ReadConfig, unit: _UnitFactory) -> Iterator[RawUnit | Quarantined]:
    """One record per non-blank line; ``record_index`` counts non-blank lines, bad ones included,
    so repairing one line never renumbers the others."""
    limit = config.max_line_bytes
    index = -1
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        index += 1
        where = f"line {lineno}"
        if len(line) > limit or (len(line) * 4 > limit and len(line.encode("utf-8", "surrogatepass")) > limit):
            yield Quarantined(rel, "line_too_long", f"longer than read.max_line_bytes={limit}", where, False)
            continue
        record = _parse_json(line)
        if record is _INVALID:
            yield Quarantined(rel, "invalid_json", _json_error(line), where, False)
            continue
        if not isinstance(record, dict):
            yield Quarantined(rel, "invalid_json", f"{type(record).__name__}, expected an object", where, False)
            continue
        u = unit(record, index)
        yield u if u is not None else Quarantined(rel, "no_body", "record has no body text", where, False)


# --------------------------------------------------------------------------- JSON records → RawUnit

_BODY_KEYS = ("body", "text", "content", "articleBody", "article_body", "body_html", "content_html", "html")
_TITLE_KEYS = ("title", "headline", "heading")
_PUBLISHED_KEYS = ("published_at", "publishedAt", "published", "datePublished", "date_published",
                   "pubDate", "pub_date", "publication_date", "date")  # fmt: skip
_MODIFIED_KEYS = ("modified_at", "modifiedAt", "modified", "dateModified", "date_modified",
                  "updated_at", "updatedAt", "updated", "lastModified", "last_modified")  # fmt: skip
_AUTHOR_KEYS = ("authors", "author", "byline", "creator", "creators")
_DESCRIPTION_KEYS = ("description", "summary", "abstract", "dek", "standfirst", "subtitle")
_URL_KEYS = ("url", "link", "canonical_url", "canonicalUrl", "permalink")
_SECTION_KEYS = ("section", "articleSection", "category", "categories")
_TAG_KEYS = ("tags", "keywords")
_LANGUAGE_KEYS = ("language", "lang", "inLanguage", "locale")
_SITE_KEYS = ("site_name", "siteName", "source", "publisher")

_HTML_IN_BODY = re.compile(
    r"<(?:p|div|br|span|a|h[1-6]|ul|ol|li|strong|em|b|i|u|blockquote|figure|figcaption|img|table|tr|td|"
    r"section|article|header|footer|html|body)(?:\s[^<>]*)?/?>",
    re.I,
)
_BYLINE_PREFIX = re.compile(r"^by\s+", re.I)
_TAG_SPLIT = re.compile(r"\s*[,;|]\s*")
_LANG = re.compile(r"[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*")


def _has_body(record: dict[str, Any]) -> bool:
    return _body(record) is not None


def _body(record: dict[str, Any]) -> str | None:
    for key in _BODY_KEYS:
        value = record.get(key)
        if isinstance(value, list):
            value = "\n\n".join(v for v in value if isinstance(v, str))
        elif isinstance(value, dict):
            value = value.get("html") or value.get("text")
        if isinstance(value, str) and value.strip():
            return value
    return None


def _record_unit(
    record: dict[str, Any],
    index: int,
    src: SourceFile,
    fmt: SourceFormat,
    encoding: str,
    sha: str,
    repaired: bool,
) -> RawUnit | None:
    body = _body(record)
    if body is None:
        return None
    body, fixed = repair_mojibake(body)
    metadata = _metadata(record)
    raw_title = _first(record, _TITLE_KEYS)
    if not fixed and isinstance(raw_title, str):
        fixed = repair_mojibake(raw_title)[1]
    return RawUnit(
        source=src,
        format=fmt,
        encoding=encoding,
        sha256=sha,
        content=body,
        is_html=bool(_HTML_IN_BODY.search(body)),
        metadata=metadata,
        record_index=index,
        mojibake_repaired=repaired or fixed,
    )


def _first(record: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = record.get(key)
        if value not in (None, "", [], {}):
            return value
    return None


def _text(value: Any) -> str | None:
    """A clean one-line string from a str (or a ``{"name": ...}`` object); else ``None``.

    Mojibake is repaired before normalising: normalisation drops the C1
    characters (``\x9d`` in ``â€\x9d``) that the repair needs.
    """
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, str):
        cleaned = normalize_inline(repair_mojibake(value)[0])
        return cleaned or None
    return None


def _metadata(record: dict[str, Any]) -> PageMetadata:
    """Map common field names of news exports to :class:`PageMetadata`.

    title/headline; published_at/date/datePublished/pubDate (and variants);
    modified/dateModified/updated; author/authors/byline/creator (a string, a
    list, or ``{"name": ...}`` objects; a leading ``By`` is dropped; strings are
    not split on "and" or commas, which would break "Doe, Jane");
    description/summary; url/link; section/category (first item of a list);
    tags/keywords (a list, or a string split on ``,``/``;``/``|``);
    language/lang/inLanguage (lower-case, ``_`` → ``-``);
    site_name/source/publisher. Values of unexpected types are ignored.
    """
    md = PageMetadata()
    md.title = _text(_first(record, _TITLE_KEYS))
    md.published_at = parse_date(_first(record, _PUBLISHED_KEYS))
    md.modified_at = parse_date(_first(record, _MODIFIED_KEYS))

    authors = _first(record, _AUTHOR_KEYS)
    items = authors if isinstance(authors, list) else [authors]
    seen: list[str] = []
    for item in items:
        name = _text(item)
        if name:
            name = _BYLINE_PREFIX.sub("", name)
            if name and name not in seen:
                seen.append(name)
    md.authors = seen

    md.description = _text(_first(record, _DESCRIPTION_KEYS))
    url = _text(_first(record, _URL_KEYS))
    md.url = url if url and " " not in url else None
    section = _first(record, _SECTION_KEYS)
    if isinstance(section, list):
        section = next((s for s in section if isinstance(s, str) and s.strip()), None)
    md.section = _text(section)

    tags = _first(record, _TAG_KEYS)
    if isinstance(tags, str):
        tags = _TAG_SPLIT.split(tags)
    if isinstance(tags, list):
        md.tags = list(dict.fromkeys(t for t in (_text(x) for x in tags) if t))

    lang = _first(record, _LANGUAGE_KEYS)
    if isinstance(lang, str) and _LANG.fullmatch(lang.strip()):
        md.language = lang.strip().lower().replace("_", "-")
    md.site_name = _text(_first(record, _SITE_KEYS))
    return md


# --------------------------------------------------------------------------- dates

_DATE_FORMATS = (
    "%B %d, %Y",
    "%b %d, %Y",
    "%d %B %Y",
    "%d %b %Y",
    "%B %d, %Y %H:%M",
    "%d %B %Y %H:%M",
    "%Y/%m/%d",
    "%Y/%m/%d %H:%M:%S",
    "%Y%m%d",
)
_EPOCH_MIN = datetime(1970, 1, 2, tzinfo=timezone.utc).timestamp()
_EPOCH_MAX = datetime(2200, 1, 1, tzinfo=timezone.utc).timestamp()


def parse_date(value: Any) -> datetime | None:
    """A timezone-aware datetime from a JSON date value, or ``None``; never guesses.

    Accepts ISO 8601 (``2024-03-01``, ``2024-03-01T09:30:00Z``, offsets),
    RFC 2822 (``Fri, 01 Mar 2024 09:30:00 +0000``), a few spelled-out forms
    (``March 1, 2024``, ``1 March 2024``) and Unix timestamps in seconds or
    milliseconds (number or digit string between 1970 and 2200). Values
    without a time zone, date-only values included, are taken as UTC.
    Day/month-ambiguous forms (``01/03/2024``) are rejected.
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return _from_epoch(float(value))
    if not isinstance(value, str):
        return None
    s = value.strip()
    if not s or len(s) > 64:
        return None
    if s.isdigit() and len(s) in (10, 13):
        return _from_epoch(float(s))
    dt: datetime | None = None
    try:
        dt = datetime.fromisoformat(s)
    except ValueError:
        try:
            dt = parsedate_to_datetime(s)
        except (ValueError, TypeError, IndexError):
            for fmt in _DATE_FORMATS:
                try:
                    dt = datetime.strptime(s, fmt)
                    break
                except ValueError:
                    continue
    if dt is None:
        return None
    return dt if dt.tzinfo is not None else dt.replace(tzinfo=timezone.utc)


def _from_epoch(seconds: float) -> datetime | None:
    if seconds != seconds:  # NaN
        return None
    if seconds > _EPOCH_MAX:
        seconds /= 1000.0  # milliseconds
    if not _EPOCH_MIN <= seconds <= _EPOCH_MAX:
        return None
    return datetime.fromtimestamp(seconds, tz=timezone.utc)
