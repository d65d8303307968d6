"""JSON records to :class:`RawUnit`: which keys hold the body, title, dates, authors and the rest."""

from __future__ import annotations

import re
from typing import Any

from etl.fields import author_names, language_code, normalize_inline, parse_date
from etl.models import PageMetadata, RawUnit, SourceFile, SourceFormat
from etl.read.decode import repair_mojibake

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
_TAG_SPLIT = re.compile(r"\s*[,;|]\s*")


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
        return _clean(value) or None
    return None


def _clean(value: str) -> str:
    return normalize_inline(repair_mojibake(value)[0])


def _metadata(record: dict[str, Any]) -> PageMetadata:
    """Map common field names of news exports to :class:`PageMetadata`.

    title/headline; published_at/date/datePublished/pubDate (and variants);
    modified/dateModified/updated; author/authors/byline/creator;
    description/summary; url/link; section/category (first item of a list);
    tags/keywords (a list, or a string split on ``,``/``;``/``|``);
    language/lang/inLanguage/locale; site_name/source/publisher. Dates, authors
    and language codes follow the shared rules of :mod:`etl.fields`. Values of
    unexpected types are ignored.
    """
    md = PageMetadata()
    md.title = _text(_first(record, _TITLE_KEYS))
    md.published_at = parse_date(_first(record, _PUBLISHED_KEYS))
    md.modified_at = parse_date(_first(record, _MODIFIED_KEYS))

    md.authors = author_names(_first(record, _AUTHOR_KEYS), clean=_clean)

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

    md.language = language_code(_first(record, _LANGUAGE_KEYS))
    md.site_name = _text(_first(record, _SITE_KEYS))
    return md
