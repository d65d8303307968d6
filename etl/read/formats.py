"""Formats: text, HTML, JSON and JSONL files become :class:`RawUnit` records.

The extension gives the default format; content sniffing overrides it.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

import orjson

from etl.errors import QuarantineError
from etl.models import ObjectRef, Quarantined, RawUnit, SourceFile, SourceFormat
from etl.read.decode import _BOMS, decode_bytes, repair_mojibake
from etl.read.discovery import _HTML_STRONG, _HTML_WEAK, _SNIFF_BYTES
from etl.read.limits import (
    _BINARY_SAMPLE,
    _GZIP_MAGIC,
    _check_binary,
    _gunzip,
    _read_file,
)
from etl.read.records import _has_body, _record_unit

if TYPE_CHECKING:  # annotations only: importing etl.config loads pydantic (etl.stage_config)
    from etl.config import ReadConfig

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
    if isinstance(src.path, ObjectRef):
        from etl.read.objects import read_object

        # An object's change key (ETag, size, last-modified) stands for its hash: see etl.read.objects.
        data, sha = read_object(src, config)
    else:
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
