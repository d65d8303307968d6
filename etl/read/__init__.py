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

Object storage (``s3://`` sources, :mod:`etl.read.objects`) adds ``access_denied`` (the
credentials may not list a prefix or read an object) and ``bad_key`` (keys with an empty
path segment), and uses ``vanished`` for an object deleted between listing and reading.

Encoding names written to :attr:`RawUnit.encoding`
--------------------------------------------------
``utf-8`` (also for pure ASCII, and for UTF-8 with a BOM), ``utf-16-le``,
``utf-16-be``, ``utf-32-le``, ``utf-32-be``, ``cp1252`` (also used for bytes
declared or detected as ISO-8859-1/Latin-1 or ASCII, as browsers do; the five
bytes cp1252 leaves undefined decode to the matching C1 code points), and for
anything else the Python codec name of the declared or detected charset
with ``-`` for ``_`` (``iso8859-15``, ``cp1251``, ``shift-jis``, ``gbk`` ...).
"""

from etl.read.decode import decode_bytes, repair_mojibake
from etl.read.discovery import discover
from etl.read.formats import read_units
from etl.read.sources import encode_location, encode_path, partition_date_of, source_file

__all__ = [
    "decode_bytes",
    "discover",
    "encode_location",
    "encode_path",
    "partition_date_of",
    "read_units",
    "repair_mojibake",
    "source_file",
]
