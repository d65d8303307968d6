"""Typed records passed between the stages.

    SourceFile ──read──▶ RawUnit ──clean──▶ CleanUnit ──segment──▶ Article ──enrich──▶ Document

A *unit* is what one reader yields: the whole decoded text of a ``.txt`` or
``.html`` file, or one record of a ``.json``/``.jsonl`` file. A text unit may
still hold several articles; segmentation finds them.

Records are plain dataclasses (cheap to build, picklable for process pools).
Only :class:`Document` turns into the JSON that goes to Elasticsearch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

SourceFormat = Literal["text", "html", "json", "jsonl"]
TitleSource = Literal["explicit", "derived"]


@dataclass(slots=True, frozen=True)
class ObjectRef:
    """Where an object of an object-storage source lives (``SourceFile.path`` for ``s3://`` sources).

    Plain data, so it pickles to parser processes and fits in a batch manifest; the filesystem is
    looked up from ``protocol`` and ``conn_id`` in the process that reads it
    (:mod:`etl.read.objects`). ``key`` is the object's key exactly as the store lists it.
    """

    protocol: str
    conn_id: str | None
    bucket: str
    key: str
    etag: str
    """The ETag the listing gave (quotes stripped); with the size and last-modified time it is the
    object's change key (:func:`etl.read.objects.change_key`)."""

    @property
    def name(self) -> str:
        return self.key.rsplit("/", 1)[-1]

    def __str__(self) -> str:
        return f"{self.protocol}://{self.bucket}/{self.key}"


@dataclass(slots=True, frozen=True)
class SourceFile:
    """One file found under a source root: a local file, or an object of an object-storage source."""

    path: Path | ObjectRef
    """Absolute path; for an object, where it lives (:class:`ObjectRef`)."""
    rel_path: str
    """Path relative to the source root, POSIX separators; the stable name of the file."""
    size: int
    mtime: float
    """Modification time (an object's last-modified time), seconds since the epoch."""
    partition_date: date | None = None
    """Date from a ``YYYY/MM/DD`` or ``YYYY-MM-DD`` folder in ``rel_path``, if any."""


@dataclass(slots=True, frozen=True)
class Quarantined:
    """A file, or one record of a file, that could not be processed; the run goes on."""

    rel_path: str
    reason: str
    """Short code for the run report's errors-by-reason: ``binary``, ``too_large``, ``invalid_json``, ..."""
    detail: str
    """What went wrong and what to do, for people."""
    location: str | None = None
    """Where inside the file (``line 17``) when only part of it is bad; ``None`` for the whole file."""
    whole_file: bool = True


@dataclass(slots=True)
class PageMetadata:
    """Metadata read from the source itself (HTML meta tags, JSON-LD, JSON fields)."""

    title: str | None = None
    published_at: datetime | None = None
    modified_at: datetime | None = None
    authors: list[str] = field(default_factory=list)
    description: str | None = None
    url: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    language: str | None = None
    site_name: str | None = None


@dataclass(slots=True)
class RawUnit:
    """Decoded content of one file, or of one JSON record, before cleaning."""

    source: SourceFile
    format: SourceFormat
    encoding: str
    """The encoding actually used to decode the bytes (after BOM/declared/statistical detection)."""
    sha256: str
    """Hex SHA-256 of the file's bytes as stored on disk (compressed, for ``.gz``); for an object of an
    object-storage source, its change key (ETag, size, last-modified: :func:`etl.read.objects.change_key`)."""
    content: str
    """Text, or HTML markup when ``is_html``."""
    is_html: bool = False
    metadata: PageMetadata = field(default_factory=PageMetadata)
    """Explicit metadata known before cleaning (JSON fields)."""
    record_index: int | None = None
    """Position of the record within a JSON/JSONL file; ``None`` for text and HTML."""
    mojibake_repaired: bool = False


@dataclass(slots=True)
class CleanUnit:
    """Normalised text of one unit: paragraphs separated by ``\\n\\n``.

    For plain-text sources, article boundaries survive cleaning as they were in
    the raw text (runs of 2+ blank lines, separator lines, form feeds), so
    segmentation can still see them; HTML and JSON units hold a single article.
    """

    raw: RawUnit
    text: str
    metadata: PageMetadata
    single_article: bool
    """True when the unit is known to hold exactly one article (HTML page, JSON record)."""


@dataclass(slots=True)
class Passage:
    """A chunk of ~100–200 words aligned to sentence boundaries."""

    text: str
    offset: int
    """Character offset of the passage in the article's ``body``."""
    index: int


@dataclass(slots=True)
class Article:
    """One article after segmentation."""

    unit: CleanUnit
    article_index: int
    """Position of the article in its file, from 0 (JSON: record position)."""
    title: str
    title_source: TitleSource
    paragraphs: list[str]
    sentences: list[str]
    passages: list[Passage]
    stamped_at: datetime | None = None
    """A wire dump's time stamp line over the story (``26-FEB-1987 15:01:01.79``, UTC), when it has one."""
    byline: str | None = None
    """A reporter's name on its own line between the headline and the dateline (``Peter Blackburn``)."""

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def lead(self) -> str:
        return self.paragraphs[0] if self.paragraphs else ""


@dataclass(slots=True)
class Dateline:
    text: str
    location: str | None
    agency: str | None = None


@dataclass(slots=True)
class Document:
    """The enriched article; :meth:`to_dict` is exactly what is indexed (minus run fields)."""

    id: str
    title: str
    title_source: TitleSource
    lead: str
    body: str
    paragraphs: list[str]
    passages: list[Passage]
    dateline: Dateline | None
    published_at: datetime | None
    language: str | None
    people: list[str]
    organizations: list[str]
    locations: list[str]
    keywords: list[str]
    geo: tuple[float, float] | None
    word_count: int
    sentence_count: int
    paragraph_count: int
    reading_time_minutes: int
    content_hash: str
    simhash: int
    source_path: str
    source_format: SourceFormat
    source_encoding: str
    article_index: int
    source_sha256: str
    pipeline_version: str
    metadata: PageMetadata = field(default_factory=PageMetadata)
    duplicate_of: str | None = None
    sentences: list[str] | None = None
    """Only filled when asked for (``etl parse --sentences``)."""

    def to_dict(self) -> dict[str, Any]:
        """The JSON document, with the field names fixed by the index template."""
        md = self.metadata
        doc: dict[str, Any] = {
            "id": self.id,
            "title": self.title,
            "title_source": self.title_source,
            "lead": self.lead,
            "body": self.body,
            "paragraphs": self.paragraphs,
            "passages": [{"text": p.text, "offset": p.offset, "index": p.index} for p in self.passages],
            "dateline": (
                {"text": self.dateline.text, "location": self.dateline.location, "agency": self.dateline.agency}
                if self.dateline
                else {"text": None, "location": None, "agency": None}
            ),
            "published_at": _iso(self.published_at),
            "modified_at": _iso(md.modified_at),
            "language": self.language,
            "entities": {
                "people": self.people,
                "organizations": self.organizations,
                "locations": self.locations,
            },
            "keywords": self.keywords,
            "geo": {"lat": self.geo[0], "lon": self.geo[1]} if self.geo else None,
            "authors": md.authors,
            "description": md.description,
            "url": md.url,
            "section": md.section,
            "tags": md.tags,
            "word_count": self.word_count,
            "sentence_count": self.sentence_count,
            "paragraph_count": self.paragraph_count,
            "reading_time_minutes": self.reading_time_minutes,
            "content_hash": self.content_hash,
            "simhash": format(self.simhash, "016x"),
            "duplicate_of": self.duplicate_of,
            "source": {
                "path": self.source_path,
                "format": self.source_format,
                "encoding": self.source_encoding,
                "article_index": self.article_index,
                "sha256": self.source_sha256,
            },
            "pipeline_version": self.pipeline_version,
        }
        if self.sentences is not None:
            doc["sentences"] = self.sentences
        return doc


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None
