"""Discovery: walk a source root and yield its files in a stable order, date partitions included.

Symlinks, loops, special files and vanished folders become :class:`Quarantined` records,
never exceptions, so one bad entry does not stop the walk.
"""

from __future__ import annotations

import errno
import os
import re
import stat
import zlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from etl.errors import ConfigError
from etl.models import Quarantined, SourceFile
from etl.read.decode import _BOMS

if TYPE_CHECKING:  # annotations only: importing etl.config loads pydantic (etl.stage_config)
    from etl.config import ReadConfig

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
    root: Path | str,
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

    Object storage: ``root`` may be an ``s3://bucket/prefix`` URL (a ``str``); the same rules apply
    to its keys (:func:`etl.read.objects.discover_objects`).

    Raises :class:`ConfigError` when ``root`` does not exist.
    """
    from etl.read import objects  # light: Airflow and s3fs only load for an object-storage root

    if objects.is_object_url(root):
        yield from objects.discover_objects(
            root, date_from=date_from, date_to=date_to, include_undated=include_undated, config=config
        )
        return
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
        return _has_our_extension(name, self.extensions)


def _has_our_extension(name: str, extensions: frozenset[str]) -> bool:
    """Whether ``name``'s extension, compared case-insensitively after stripping ``.gz``, is ours."""
    lower = name.lower()
    if lower.endswith(".gz"):
        lower = lower[:-3]
    return os.path.splitext(lower)[1] in extensions


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
    return _head_is_ours(head)


def _head_is_ours(head: bytes) -> bool:
    """Whether a file's first :data:`_SNIFF_BYTES` bytes start like one of our HTML or JSON sources."""
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
