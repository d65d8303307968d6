"""Documents as indexed: the article fields serialised once, their fingerprint, SimHash bands.

The indexed form stores the text once (issue 15 item 1, measured in BENCHMARKS.md, "Issue 15"):

* ``paragraphs`` are not indexed or stored: they are ``body.split("\n\n")`` exactly (the body
  is the paragraphs joined by blank lines, and no paragraph holds a blank line);
* ``passages`` are spans into ``body`` (``offset``, ``length``, ``index``), not a second copy of
  the text in nested documents: the text of passage *i* is ``body[offset:offset + length]``,
  equal to the segmenter's passage up to whitespace (line breaks between paragraphs).

``etl parse`` still prints the whole :class:`etl.models.Document` (paragraphs and passage
texts included); only what goes to Elasticsearch is leaner.
"""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

import orjson

from etl import PIPELINE_VERSION
from etl.index.duplicates import simhash_bands
from etl.models import Document, ObjectRef, SourceFile
from etl.runner.context import RunContext

if TYPE_CHECKING:
    pass

log = logging.getLogger(__name__)

# -- documents ---------------------------------------------------------------------------


#: Fields excluded from the fingerprint: the run's own fields, and ``duplicate_of``, which the
#: per-batch linking (:mod:`etl.index.duplicates`) owns after the write.
RUN_FIELDS = ("@timestamp", "ingest", "fingerprint", "duplicate_of")


def fingerprint(doc: dict[str, Any]) -> str:
    """Hash of everything the article says (run fields excluded): equal fingerprint, no write."""
    return _article_json_and_fingerprint({k: v for k, v in doc.items() if k not in RUN_FIELDS})[1]


def _article_json_and_fingerprint(article: dict[str, Any]) -> tuple[bytes, str]:
    """The article fields as sorted-key JSON, and the fingerprint: the hash of exactly those bytes."""
    serialised = orjson.dumps(article, option=orjson.OPT_SORT_KEYS)
    return serialised, hashlib.blake2b(serialised, digest_size=16).hexdigest()


def passage_spans(text: str, offsets: list[int]) -> list[dict[str, int]]:
    """Passages as spans of ``text``: each runs from its offset to the next one's (the last to
    the end), trailing whitespace left out."""
    ends = [*offsets[1:], len(text)]
    return [
        {"offset": start, "length": len(text[start:end].rstrip()), "index": i}
        for i, (start, end) in enumerate(zip(offsets, ends, strict=True))
    ]


def indexed_article(doc: Document) -> dict[str, Any]:
    """The article's fields as indexed: ``etl parse``'s document without sentences and
    paragraphs, passages as spans of the body, plus the SimHash bands."""
    body = doc.to_dict()
    body.pop("sentences", None)
    body.pop("paragraphs", None)
    body["passages"] = passage_spans(doc.body, [p.offset for p in doc.passages])
    body["simhash_bands"] = simhash_bands(doc.simhash)
    return body


def serialise_document(doc: Document, ctx: RunContext) -> tuple[str, bytes]:
    """(fingerprint, JSON) of the document as indexed: the article plus run fields
    (``duplicate_of``, ``fingerprint``, ``@timestamp``, ``ingest``).

    The article's fields are serialised once, with sorted keys: those bytes are what
    :func:`fingerprint` hashes, and the run fields are appended to them, so a document costs
    one serialisation instead of two.
    """
    body = indexed_article(doc)
    duplicate_of = body.pop("duplicate_of", None)
    article, fp = _article_json_and_fingerprint(body)
    run_fields = orjson.dumps(
        {
            "duplicate_of": duplicate_of,
            "fingerprint": fp,
            "@timestamp": body["published_at"] or ctx.started_at,
            "ingest": {"run_id": ctx.run_id, "ingested_at": ctx.started_at, "pipeline_version": PIPELINE_VERSION},
        }
    )
    return fp, article[:-1] + b"," + run_fields[1:]


#: How :func:`serialise_document` writes an unlinked document's first run fields.
_UNLINKED = b',"duplicate_of":null,"fingerprint":'


def with_duplicate_of(payload: bytes, duplicate_of: str) -> bytes:
    """``payload`` (from :func:`serialise_document`) with ``duplicate_of`` set: the same bytes as
    ``orjson.dumps`` of the loaded document with the field replaced, spliced in without parsing
    the ~4 KB document (a linked copy cost the main process a load and a dump). The run fields
    come last and an unescaped ``,"`` never occurs inside a JSON string, so the last match is the
    field itself; a payload not in that form goes the long way."""
    at = payload.rfind(_UNLINKED)
    if at < 0:
        body = orjson.loads(payload)
        body["duplicate_of"] = duplicate_of
        return orjson.dumps(body)
    link = b',"duplicate_of":' + orjson.dumps(duplicate_of) + b',"fingerprint":'
    return payload[:at] + link + payload[at + len(_UNLINKED) :]


def file_sha256(path: Path) -> str:
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def change_key(source: SourceFile) -> str:
    """What ``source.sha256`` holds for this file now: the hash of a local file's bytes, or an
    object's change key as its listing gave it (:func:`etl.read.objects.change_key`, nothing read)."""
    if isinstance(source.path, ObjectRef):
        from etl.read.objects import listed_change_key

        return listed_change_key(source)
    return file_sha256(source.path)
