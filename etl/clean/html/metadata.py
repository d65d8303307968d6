"""Metadata: title, dates, authors, language and the rest, from meta tags, ``<time>`` and JSON-LD.

Read before cleaning, because cleaning drops scripts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

import lxml.etree as etree

from etl.clean.html.dates import page_dates
from etl.fields import author_names, language_code, normalize_inline
from etl.models import PageMetadata

# --------------------------------------------------------------------------
# Metadata

_ARTICLE_TYPES = {
    "article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "blogposting",
    "liveblogposting", "opinionnewsarticle", "reviewnewsarticle", "backgroundnewsarticle",
    "scholarlyarticle", "techarticle", "report", "socialmediaposting", "posting",
}  # fmt: skip


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _types(obj: dict[str, Any]) -> set[str]:
    return {str(t).lower().rsplit("/", 1)[-1] for t in _as_list(obj.get("@type"))}


def _jsonld_objects(doc: etree._Element) -> list[dict[str, Any]]:
    """Every JSON object in the page's JSON-LD blocks, flattened through lists and ``@graph``."""
    found: list[dict[str, Any]] = []
    for script in doc.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        raw = (script.text or "").strip()
        if not raw:
            continue
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            # Some CMSs emit raw newlines inside strings; strict=False accepts them.
            try:
                data = json.loads(raw, strict=False)
            except (ValueError, RecursionError):
                continue
        stack = [data]
        while stack and len(found) < 200:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                found.append(item)
                if "@graph" in item:
                    stack.append(item["@graph"])
                if "mainEntity" in item and isinstance(item["mainEntity"], dict | list):
                    stack.append(item["mainEntity"])
    return found


def _jsonld_article(objects: list[dict[str, Any]]) -> dict[str, Any] | None:
    for obj in objects:
        if _types(obj) & _ARTICLE_TYPES:
            return obj
    return None


def _str(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if isinstance(value, list):
        value = next((v for v in value if isinstance(v, str | dict)), None)
        return _str(value)
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        text = normalize_inline(str(value))
        return text or None
    return None


_TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|·|::|»|/)\s+")


def _strip_site_suffix(title: str, site_name: str | None) -> str:
    """Drop a `` | Site`` / `` - Site`` suffix (or prefix) from a ``<title>``."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    if site_name:
        site = site_name.casefold()
        kept = [p for p in parts if p.casefold() != site]
        if len(kept) < len(parts) and kept:
            return " - ".join(kept) if len(kept) > 1 else kept[0]
    # Without a known site name: the longest part is the headline when the
    # others are short (site names are a few words).
    longest = max(parts, key=len)
    others = [p for p in parts if p is not longest]
    if all(len(p.split()) <= 4 for p in others) and len(longest.split()) >= 2:
        return longest
    return title


def _split_keywords(value: Any) -> list[str]:
    out: list[str] = []
    for item in _as_list(value):
        if isinstance(item, str):
            out.extend(t for t in (normalize_inline(x) for x in item.split(",")) if t)
        elif (s := _str(item)) is not None:
            out.append(s)
    return out


def _dedupe(values: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out: list[str] = []
    for value in values:
        key = value.casefold()
        if value and key not in seen:
            seen.add(key)
            out.append(value)
    return out


def _extract_metadata(doc: etree._Element, objects: list[dict[str, Any]]) -> PageMetadata:
    meta: dict[str, list[str]] = {}
    for tag in doc.iter("meta"):
        key = (tag.get("property") or tag.get("name") or tag.get("itemprop") or "").strip().lower()
        content = tag.get("content")
        if key and content is not None:
            text = normalize_inline(content)
            if text:
                meta.setdefault(key, []).append(text)

    def first(*keys: str) -> str | None:
        for key in keys:
            if values := meta.get(key):
                return values[0]
        return None

    art = _jsonld_article(objects) or {}
    site_name = first("og:site_name") or _str((art.get("publisher") or {}) if isinstance(art.get("publisher"), dict) else None)

    # Title: og:title, then h1, then <title> without the site suffix; a title the page's own
    # <h1> repeats word for word is the headline whole ("Storm Alder: ... – live updates").
    h1 = next(doc.iter("h1"), None)
    h1_text = normalize_inline(h1.text_content()) or None if h1 is not None else None
    title = first("og:title", "twitter:title") or h1_text
    if not title:
        title_el = next(doc.iter("title"), None)
        if title_el is not None:
            title = normalize_inline(title_el.text_content()) or None
    if not title:
        title = _str(art.get("headline"))
    if title and title != h1_text:
        title = _strip_site_suffix(title, site_name)

    html_el = doc if doc.tag == "html" else next(doc.iter("html"), None)
    raw_lang = (html_el.get("lang") or html_el.get("xml:lang")) if html_el is not None else None

    structured_published: list[str | None] = [
        first("article:published_time", "og:article:published_time", "datepublished"),
        _str(art.get("datePublished")),
        first("pubdate", "publishdate", "date", "dc.date", "dc.date.issued", "sailthru.date", "parsely-pub-date"),
        _str(art.get("dateCreated")),
    ]
    for el in doc.iter("time"):
        if el.get("itemprop", "").lower() == "datepublished" or el.get("pubdate") is not None:
            structured_published.append(el.get("datetime") or el.text_content())
    for el in doc.xpath('//*[@itemprop="datePublished"]'):
        structured_published.append(el.get("datetime") or el.get("content") or el.text_content())
    structured_modified: list[str | None] = [
        first("article:modified_time", "og:updated_time", "datemodified"),
        _str(art.get("dateModified")),
    ]
    for el in doc.xpath('//*[@itemprop="dateModified"]'):
        structured_modified.append(el.get("datetime") or el.get("content") or el.text_content())
    canonical = None
    for link in doc.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            canonical = link.get("href", "").strip() or None
            break
    urls = [canonical, first("og:url"), _str(art.get("url"))]
    dates = page_dates(doc, structured_published, structured_modified, raw_lang, urls)
    published, modified = dates.published, dates.modified

    # Authors: JSON-LD, else meta tags, else author links/elements whose text is name-sized.
    authors = author_names(art.get("author")) or author_names(meta.get("author", []) + meta.get("article:author", []))
    if not authors:
        texts = [normalize_inline(a.text_content()) for a in doc.xpath('//a[@rel="author"]|//*[@itemprop="author"]')]
        authors = author_names([t for t in texts if len(t.split()) <= 6])

    description = first("og:description", "description", "twitter:description") or _str(art.get("description"))

    url = next((u for u in urls if u), None)

    section = first("article:section") or _str(art.get("articleSection"))

    tags = _dedupe(
        _split_keywords(meta.get("keywords", []))
        + meta.get("article:tag", [])
        + _split_keywords(art.get("keywords"))
    )

    language = language_code(raw_lang)
    language = language or language_code(first("og:locale")) or language_code(_str(art.get("inLanguage")))

    return PageMetadata(
        title=title,
        published_at=published,
        modified_at=modified,
        authors=authors,
        description=description,
        url=url,
        section=section,
        tags=tags,
        language=language,
        site_name=site_name,
    )
