"""Reading bytes within limits: size caps, gzip with bomb and truncation checks, binary sniffing.

Every limit is a :class:`ReadConfig` setting; breaking one quarantines the file with its reason code.
"""

from __future__ import annotations

import os
import re
import stat
import zlib
from typing import TYPE_CHECKING

from etl.errors import QuarantineError
from etl.models import SourceFile

if TYPE_CHECKING:  # annotations only: importing etl.config loads pydantic (etl.stage_config)
    from etl.config import ReadConfig

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
