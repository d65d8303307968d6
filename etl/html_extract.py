"""Main-article text and metadata from one news HTML page.

``extract_article(html)`` returns the article body as paragraphs plus the
page's :class:`~etl.models.PageMetadata`. The method (measured against
trafilatura in BENCHMARKS.md (appendix)):

1. Parse with lxml's libxml2 HTML parser directly (BeautifulSoup on top of it
   costs several times more for the same tree). ``huge_tree=False`` makes
   libxml2 stop descending at 256 nested elements and its HTML parser never
   expands DTD entities, so 100,000-deep nesting or "billion laughs" input
   stays cheap; every walk below is iterative, never recursive.
2. Read metadata from ``<meta>``/``<link>``/``<time>`` tags and JSON-LD
   (including ``@graph``) *before* cleaning, because cleaning drops scripts.
3. Drop boilerplate: non-content tags, hidden elements, and elements whose
   class/id/role says navigation, share widget, related list, comments,
   newsletter, cookie banner, ad, byline or caption.
4. Split what is left into text blocks and score them; the content root is
   ``itemprop=articleBody`` when present, otherwise the ancestor that
   collects the most good paragraph text (readability-style, with decay).
5. Filter the blocks under the root by link density, length and
   boilerplate phrases. Subheads (``h2``–``h6``) are kept when a paragraph
   follows them; the ``h1`` (the title) never is.
6. JSON-LD ``articleBody`` wins when the HTML yields much less text
   (pages that render the body with JavaScript).

Dates are returned timezone-aware. A date without an offset is taken as UTC
(publishers that omit it mostly mean UTC or server time; we document it
rather than guess the site's zone). A date-only value means midnight UTC. A
value that does not parse is dropped; no date is ever invented.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import lxml.etree as etree
import lxml.html

from etl.errors import EtlError
from etl.models import PageMetadata

__all__ = ["ExtractedPage", "ExtractionError", "extract_article", "normalize_text", "MAX_HTML_CHARS"]

MAX_HTML_CHARS = 8_000_000
"""Input beyond this many characters is cut off before parsing; real article
pages are well under 3 MB, so this only bounds hostile or broken input."""


class ExtractionError(EtlError):
    """The page has no extractable article text (empty, not HTML, or all boilerplate).

    This is the only exception :func:`extract_article` raises; callers
    quarantine the file with reason ``no_article_text``.
    """

    reason = "no_article_text"


@dataclass(slots=True)
class ExtractedPage:
    """Result of :func:`extract_article`."""

    paragraphs: list[str]
    """Main article text, one normalised paragraph per item, never empty."""
    metadata: PageMetadata = field(default_factory=PageMetadata)


# --------------------------------------------------------------------------
# Text normalisation

_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_WS_RUN = re.compile(r"\s+")


def normalize_text(text: str) -> str:
    """NFC, NBSP and other Unicode spaces to a plain space, zero-width chars
    and soft hyphens removed, whitespace runs collapsed, ends stripped.
    Typographic quotes and dashes are kept as they are."""
    text = unicodedata.normalize("NFC", text).translate(_ZERO_WIDTH)
    return _WS_RUN.sub(" ", text).strip()


# --------------------------------------------------------------------------
# Parsing

_PARSER = lxml.html.HTMLParser(
    huge_tree=False,  # caps nesting depth and text node size in libxml2
    remove_comments=True,
    remove_pis=True,
    no_network=True,
    collect_ids=False,
    # We always feed UTF-8 bytes; a page's own <meta charset> describes the
    # bytes it was served as, which the reader has already decoded.
    encoding="utf-8",
)
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")


def _parse(html: str) -> etree._Element | None:
    if len(html) > MAX_HTML_CHARS:
        html = html[:MAX_HTML_CHARS]
    # libxml2 rejects NUL/control chars and lone surrogates cannot be encoded.
    html = _CONTROL_CHARS.sub(" ", html)
    if not html.strip():
        return None
    try:
        # Bytes, because lxml refuses a str that carries an XML encoding declaration.
        root = lxml.html.document_fromstring(html.encode("utf-8", errors="replace"), parser=_PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None
    return root


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
        text = normalize_text(str(value))
        return text or None
    return None


def parse_date(value: str | None) -> datetime | None:
    """ISO 8601 or RFC 2822 date text to an aware datetime; naive means UTC; junk gives ``None``."""
    if not value:
        return None
    text = value.strip()
    if not text or len(text) > 64:
        return None
    parsed: datetime | None = None
    iso = text.replace("Z", "+00:00").replace("z", "+00:00")
    # "2024-03-01 10:00:00 +0100" style: fromisoformat wants no space before the offset.
    iso = re.sub(r"\s+([+-]\d{2}:?\d{2})$", r"\1", iso)
    try:
        parsed = datetime.fromisoformat(iso)
    except ValueError:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            return None
    if parsed is None or not 1900 <= parsed.year <= 2200:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed


_LANG = re.compile(r"^([a-zA-Z]{2})(?:[-_][a-zA-Z0-9]+)*$")


def _language(value: str | None) -> str | None:
    if not value:
        return None
    match = _LANG.match(value.strip())
    return match.group(1).lower() if match else None


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
            out.extend(t for t in (normalize_text(x) for x in item.split(",")) if t)
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


def _is_url(value: str) -> bool:
    return value.startswith(("http://", "https://", "//", "/"))


def _authors_from_jsonld(value: Any) -> list[str]:
    names: list[str] = []
    for item in _as_list(value):
        if isinstance(item, str):
            names.extend(n for n in re.split(r"\s*(?:,|\band\b|&)\s*", normalize_text(item)) if n)
        elif isinstance(item, dict) and (name := _str(item.get("name"))):
            names.append(name)
    return [n for n in names if not _is_url(n)]


def _extract_metadata(doc: etree._Element, objects: list[dict[str, Any]]) -> PageMetadata:
    meta: dict[str, list[str]] = {}
    for tag in doc.iter("meta"):
        key = (tag.get("property") or tag.get("name") or tag.get("itemprop") or "").strip().lower()
        content = tag.get("content")
        if key and content is not None:
            text = normalize_text(content)
            if text:
                meta.setdefault(key, []).append(text)

    def first(*keys: str) -> str | None:
        for key in keys:
            if values := meta.get(key):
                return values[0]
        return None

    art = _jsonld_article(objects) or {}
    site_name = first("og:site_name") or _str((art.get("publisher") or {}) if isinstance(art.get("publisher"), dict) else None)

    # Title: og:title, then h1, then <title> without the site suffix.
    title = first("og:title", "twitter:title")
    if not title:
        h1 = next(doc.iter("h1"), None)
        if h1 is not None:
            title = normalize_text(h1.text_content()) or None
    if not title:
        title_el = next(doc.iter("title"), None)
        if title_el is not None:
            title = normalize_text(title_el.text_content()) or None
    if not title:
        title = _str(art.get("headline"))
    if title:
        title = _strip_site_suffix(title, site_name)

    published = (
        parse_date(first("article:published_time", "og:article:published_time", "datepublished"))
        or parse_date(_str(art.get("datePublished")))
        or parse_date(first("pubdate", "publishdate", "date", "dc.date", "dc.date.issued", "sailthru.date", "parsely-pub-date"))
    )
    if published is None:
        for el in doc.iter("time"):
            if el.get("itemprop", "").lower() == "datepublished" or el.get("pubdate") is not None:
                published = parse_date(el.get("datetime") or el.text_content())
                if published:
                    break
    if published is None:
        for el in doc.xpath('//*[@itemprop="datePublished"]'):
            published = parse_date(el.get("datetime") or el.get("content") or el.text_content())
            if published:
                break
    if published is None:
        # A lone <time datetime> is the page's date only when it is the first one in the document.
        el = next(iter(doc.xpath("//time[@datetime]")), None)
        if el is not None:
            published = parse_date(el.get("datetime"))

    modified = (
        parse_date(first("article:modified_time", "og:updated_time", "datemodified"))
        or parse_date(_str(art.get("dateModified")))
    )
    if modified is None:
        for el in doc.xpath('//*[@itemprop="dateModified"]'):
            modified = parse_date(el.get("datetime") or el.get("content") or el.text_content())
            if modified:
                break

    authors = _authors_from_jsonld(art.get("author"))
    if not authors:
        authors = [a for a in meta.get("author", []) + meta.get("article:author", []) if not _is_url(a)]
    if not authors:
        authors = [normalize_text(a.text_content()) for a in doc.xpath('//a[@rel="author"]|//*[@itemprop="author"]')]
        authors = [a for a in authors if a and len(a.split()) <= 6]
    authors = [re.sub(r"^(?:by|von|par|por)\s+", "", a, flags=re.I) for a in authors]

    description = first("og:description", "description", "twitter:description") or _str(art.get("description"))

    url = None
    for link in doc.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split() and link.get("href"):
            url = link.get("href", "").strip() or None
            break
    url = url or first("og:url") or _str(art.get("url"))

    section = first("article:section") or _str(art.get("articleSection"))

    tags = _dedupe(
        _split_keywords(meta.get("keywords", []))
        + meta.get("article:tag", [])
        + _split_keywords(art.get("keywords"))
    )

    html_el = doc if doc.tag == "html" else next(doc.iter("html"), None)
    language = _language(html_el.get("lang") or html_el.get("xml:lang") if html_el is not None else None)
    language = language or _language(first("og:locale")) or _language(_str(art.get("inLanguage")))

    return PageMetadata(
        title=title,
        published_at=published,
        modified_at=modified,
        authors=_dedupe(authors),
        description=description,
        url=url,
        section=section,
        tags=tags,
        language=language,
        site_name=site_name,
    )


# --------------------------------------------------------------------------
# Boilerplate removal

_DROP_TAGS = {
    "script", "style", "noscript", "form", "iframe", "nav", "aside", "footer", "button", "select",
    "textarea", "input", "label", "svg", "canvas", "template", "object", "embed", "video", "audio",
    "figcaption", "menu", "dialog", "head", "link", "meta", "title", "picture", "img", "map",
}  # fmt: skip
_NEGATIVE = re.compile(
    r"(?:^|[-_\s])(?:"
    r"comments?|comment-?list|disqus|respond|reply|share|sharing|social|shares?bar|sharetools|"
    r"related|recommend(?:ed|ations)?|most-?(?:read|popular|viewed)|popular|trending|read-?more|more-?stories|"
    r"newsletter|subscribe|subscription|signup|sign-?up|cookies?|consent|gdpr|"
    r"ad|ads|adv|advert|advertisement|banner|sponsor(?:ed)?|promo|outbrain|taboola|"
    r"sidebar|widget|breadcrumbs?|byline|author|authors|caption|credit|tags?|tag-?list|topics|"
    r"nav|navbar|navigation|menu|masthead|footer|header|skip|print|toolbar|pagination|pager|"
    r"modal|popup|overlay|paywall|meta|dateline-?meta|timestamp|date|published|"
    r"gallery|slideshow|carousel|lightbox|disclaimer|copyright|rss|follow|hidden|visually-?hidden|sr-only|screen-?reader"
    r")(?:$|[-_\s])",
    re.I,
)
_POSITIVE = re.compile(
    r"(?:^|[-_\s])(?:article-?body|articlebody|story-?body|entry-?content|post-?content|post-?body|"
    r"article-?content|story-?content|body-?text|article-?text|main-?content|content-?body|"
    r"blog-?post|text-?content|rich-?text|prose)(?:$|[-_\s])",
    re.I,
)
_NEGATIVE_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alert", "menu"}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def _attr_names(el: etree._Element) -> str:
    return f"{el.get('class', '')} {el.get('id', '')}".replace(".", " ")


def _is_boilerplate(el: etree._Element) -> bool:
    if el.get("itemprop") == "articleBody":
        return False
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    if (style := el.get("style")) and _HIDDEN_STYLE.search(style):
        return True
    if (el.get("role") or "").lower() in _NEGATIVE_ROLES:
        return True
    names = _attr_names(el)
    if not names.strip():
        return False
    # The outermost wrappers often carry e.g. "page has-comments"; body text
    # containers win over any negative word.
    return bool(_NEGATIVE.search(names)) and not _POSITIVE.search(names)


def _protects_body(el: etree._Element, body_chars: int) -> bool:
    """True if dropping ``el`` would drop the article itself.

    Wrappers named e.g. ``widget Blog`` or ``advert-content-wrap`` sometimes
    hold the whole story: keep them when they contain a body container or
    most of the page's paragraph text.
    """
    for sub in el.iter():
        if sub is el or not isinstance(sub.tag, str):
            continue
        if sub.tag in ("article", "main") or sub.get("itemprop") == "articleBody":
            return True
        if (sub.get("class") or sub.get("id")) and _POSITIVE.search(_attr_names(sub)):
            return True
    paragraph_chars = sum(len(p.text_content()) for p in el.iter("p"))
    return body_chars > 0 and paragraph_chars > 0.4 * body_chars


_TEXT_LEVEL_PARENTS = {"p", "li", "td", "th", "dd", "blockquote", "em", "strong", "b", "i", "a", "span", "q", "cite", "small"}


def _is_standalone_timestamp(el: etree._Element) -> bool:
    """A ``<time>`` standing on its own in a block (a page's date line) is metadata, not body text.

    One inside a sentence (``<p>... on <time>Monday</time> ...</p>``) stays.
    """
    parent = el.getparent()
    return parent is not None and isinstance(parent.tag, str) and parent.tag.lower() not in _TEXT_LEVEL_PARENTS


def _clean(body: etree._Element) -> None:
    body_chars = sum(len(p.text_content()) for p in body.iter("p"))
    to_drop: list[etree._Element] = []
    stack = list(reversed(body))
    while stack:
        el = stack.pop()
        if not isinstance(el.tag, str):
            to_drop.append(el)
            continue
        tag = el.tag.lower()
        drop = tag in _DROP_TAGS or (tag == "time" and _is_standalone_timestamp(el))
        if not drop and (tag in ("header", "footer") or _is_boilerplate(el)):
            drop = tag not in ("body", "html", "article", "main") and not _protects_body(el, body_chars)
        if drop:
            to_drop.append(el)
        else:
            stack.extend(reversed(el))
    for el in to_drop:
        parent = el.getparent()
        if parent is None:
            continue
        # Keep the tail text: it belongs to the parent, not to the dropped element.
        tail = el.tail
        if tail and tail.strip():
            prev = el.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + tail
            else:
                parent.text = (parent.text or "") + tail
        parent.remove(el)


# --------------------------------------------------------------------------
# Blocks

_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
    "blockquote", "pre", "table", "tr", "td", "th", "dl", "dt", "dd", "figure", "header", "address",
    "body", "center", "hr", "tbody", "thead", "caption", "details", "summary", "html",
}  # fmt: skip
_HEADINGS = {"h2", "h3", "h4", "h5", "h6"}


@dataclass(slots=True)
class _Block:
    text: str
    link_chars: int
    tag: str
    element: etree._Element

    @property
    def link_density(self) -> float:
        return self.link_chars / max(len(self.text), 1)


def _blocks(root: etree._Element) -> list[_Block]:
    """Split the tree under ``root`` into text blocks at block-level tags, iteratively.

    ``<br><br>`` separates paragraphs, a single ``<br>`` does not.
    """
    blocks: list[_Block] = []
    buf: list[str] = []
    link_chars = 0
    owner: list[etree._Element] = [root]

    def flush() -> None:
        nonlocal link_chars
        if buf:
            raw = "".join(buf)
            for piece in re.split(r"\n\s*\n", raw):
                text = normalize_text(piece)
                if text:
                    share = int(link_chars * len(text) / max(len(normalize_text(raw)), 1))
                    el = owner[-1]
                    blocks.append(_Block(text, min(share, len(text)), str(el.tag), el))
            buf.clear()
        link_chars = 0

    in_link = 0
    stack: list[tuple[etree._Element, bool]] = [(root, True)]
    while stack:
        el, entering = stack.pop()
        tag = el.tag if isinstance(el.tag, str) else ""
        is_block = tag in _BLOCK_TAGS
        if entering:
            if is_block:
                flush()
                owner.append(el)
            if tag == "br":
                buf.append("\n")
            if tag == "a":
                in_link += 1
            if el.text:
                text = _WS_RUN.sub(" ", el.text)
                buf.append(text)
                if in_link:
                    link_chars += len(text.strip())
            stack.append((el, False))
            stack.extend((child, True) for child in reversed(el))
        else:
            if tag == "a":
                in_link -= 1
            if is_block:
                flush()
                owner.pop()
            if el is not root and el.tail:
                text = _WS_RUN.sub(" ", el.tail)
                buf.append(text)
                if in_link:
                    link_chars += len(text.strip())
    flush()
    return blocks


_BOILERPLATE_LINE = re.compile(
    r"^(?:advertisement|advertising|anzeige|sponsored( content)?|read more|read next|related( articles| stories| content)?|"
    r"more from .{0,40}|most (read|popular|viewed)|recommended( for you)?|you may also like|share( this( article| story)?)?|"
    r"share on \w+|tweet|email|print|comments?|\d+ comments?|leave a (comment|reply)|sign up.*newsletter.*|"
    r"subscribe.{0,60}|follow us.{0,60}|click here.{0,60}|continue reading.{0,40}|skip to .{0,30}|"
    r"(image|photo|picture|video)( credit)?s?:.{0,120}|copyright .{0,120}|© .{0,120}|all rights reserved.{0,60}|"
    r"we use cookies.*|this (site|website) uses cookies.*|accept( all)?( cookies)?|"
    r"updated:? .{0,40}|published:? .{0,40}|by [\w.' -]{2,60}|posted by .{0,60}|"
    r"(tags?|topics?|filed under):.{0,200})$",
    re.I,
)
_SENTENCE_END = re.compile(r"[.!?…。！？\"”’»)]\s*$")


def _word_count(text: str) -> int:
    return len(text.split())


def _is_good(block: _Block) -> bool:
    """A paragraph that reads like body text: long enough, sentence-like, few links."""
    if block.link_density > 0.5:
        return False
    words = _word_count(block.text)
    # CJK/Thai text has no spaces: count characters instead.
    if words < 3 and len(block.text) >= 40:
        words = len(block.text) // 4
    return words >= 10 or (words >= 5 and bool(_SENTENCE_END.search(block.text)))


def _choose_root(body: etree._Element, blocks: list[_Block]) -> etree._Element:
    """The element whose subtree holds the article: ``itemprop=articleBody``, else the best-scoring ancestor."""
    marked = [el for el in body.iter() if el.get("itemprop") == "articleBody"]
    if marked:
        best = max(marked, key=lambda el: len(el.text_content()))
        if _word_count(best.text_content()) >= 30:
            return best

    scores: dict[etree._Element, float] = {}
    for block in blocks:
        if not _is_good(block):
            continue
        score = 1 + min(len(block.text) / 100, 3) + block.text.count(",")
        el = block.element
        # Attribute to the block's container and its ancestors with decay so
        # the common parent of many paragraphs wins over any single paragraph.
        weight = 1.0
        node = el if el.tag not in ("p", "li", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "dd", "td") else el.getparent()
        for _ in range(4):
            if node is None:
                break
            scores[node] = scores.get(node, 0.0) + score * weight
            weight *= 0.5 if weight == 1.0 else 0.67
            node = node.getparent()
    if not scores:
        return body
    for el in list(scores):
        names = _attr_names(el)
        if _POSITIVE.search(names) or el.tag in ("article", "main"):
            scores[el] *= 1.25
    best = max(scores, key=lambda el: scores[el])
    # A parent that collects nearly as much (siblings of the chosen div hold
    # more of the body) is the better root.
    parent = best.getparent()
    while parent is not None and parent in scores and scores[parent] >= 0.9 * scores[best]:
        best, parent = parent, parent.getparent()
    # The story's lead often sits beside the body div inside the same
    # <article>; take the whole <article> when it is close above.
    node, hops = best.getparent(), 0
    while node is not None and hops < 3:
        if node.tag == "article":
            return node
        node, hops = node.getparent(), hops + 1
    return best


def _select(blocks: list[_Block]) -> list[str]:
    kept: list[tuple[str, bool]] = []  # (text, is_heading)
    for block in blocks:
        text = block.text
        if block.tag == "h1":
            continue
        if _BOILERPLATE_LINE.match(text):
            continue
        if block.tag in _HEADINGS:
            if _word_count(text) <= 25 and block.link_density < 0.5:
                kept.append((text, True))
            continue
        if block.link_density > 0.5:
            continue
        words = _word_count(text)
        if words < 3 and len(text) < 20 and not _SENTENCE_END.search(text):
            continue
        if block.tag == "li" and not _is_good(block):
            continue
        kept.append((text, False))
    # Subheads count only when body text follows them.
    out: list[str] = []
    for i, (text, heading) in enumerate(kept):
        if heading and (i + 1 >= len(kept) or kept[i + 1][1]):
            continue
        out.append(text)
    return _dedupe_adjacent(out)


def _dedupe_adjacent(paragraphs: list[str]) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for p in paragraphs:
        if p in seen and len(p) < 200:
            continue
        seen.add(p)
        out.append(p)
    return out


def _jsonld_body(objects: list[dict[str, Any]]) -> list[str]:
    art = _jsonld_article(objects)
    if art is None:
        return []
    bodies = _as_list(art.get("articleBody"))
    for update in _as_list(art.get("liveBlogUpdate")):
        if isinstance(update, dict):
            bodies.extend(_as_list(update.get("articleBody")))
    paragraphs: list[str] = []
    for body in bodies:
        if not isinstance(body, str):
            continue
        # Bodies sometimes carry markup; strip it without a second full parse of the page.
        body = re.sub(r"<br\s*/?>|</p>", "\n\n", body, flags=re.I)
        body = re.sub(r"<[^>]{0,500}>", "", body)
        paragraphs.extend(t for t in (normalize_text(p) for p in re.split(r"\n\s*\n|\r?\n", body)) if t)
    return paragraphs


def _extract_paragraphs(doc: etree._Element) -> list[str]:
    body = next(doc.iter("body"), None)
    if body is None:
        body = doc
    _clean(body)
    blocks = _blocks(body)
    root = _choose_root(body, blocks)
    if root is body:
        chosen = blocks
    else:
        inside = set(root.iter())
        chosen = [b for b in blocks if b.element in inside]
    return _select(chosen)


def extract_article(html: str) -> ExtractedPage:
    """Main article paragraphs and page metadata of one HTML page.

    Raises :class:`ExtractionError` (and nothing else) when the input holds no
    article text at all; metadata alone is not an article.
    """
    try:
        doc = _parse(html if isinstance(html, str) else str(html))
        if doc is None:
            raise ExtractionError("empty or unparseable HTML: no article text")
        objects = _jsonld_objects(doc)
        metadata = _extract_metadata(doc, objects)
        paragraphs = _extract_paragraphs(doc)
        from_jsonld = _jsonld_body(objects)
        if from_jsonld and _word_count(" ".join(from_jsonld)) > 2 * _word_count(" ".join(paragraphs)):
            # The HTML only teases the article (JavaScript-rendered body).
            paragraphs = from_jsonld
    except ExtractionError:
        raise
    except (ValueError, TypeError, AttributeError, LookupError, RecursionError, etree.LxmlError) as exc:
        # Defensive: libxml2 on adversarial input can surface odd errors; the
        # caller only has to handle one exception type.
        raise ExtractionError(f"HTML could not be processed: {type(exc).__name__}: {exc}") from exc
    if not paragraphs:
        raise ExtractionError("no article text found in the page")
    return ExtractedPage(paragraphs=paragraphs, metadata=metadata)

