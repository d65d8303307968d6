"""Boilerplate: non-content tags, hidden elements and elements whose class, id or role says
navigation, share widget, related list, comments, newsletter, cookie banner, ad, byline or caption.
"""

from __future__ import annotations

import re

import lxml.etree as etree

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
    r"sidebar|widget|breadcrumbs?|byline|author|authors|vcard|bio|profile|caption|credit|tags?|tag-?list|topics|"
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
        if sub.get("itemprop") == "articleBody":
            return True
        if sub.tag in ("article", "main") and not _is_boilerplate(sub):
            return True  # not <article class="comment">: comment lists mark each comment so
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


_HEADER_NAME = re.compile(r"(?:^|[-_\s])header(?:$|[-_\s])", re.I)


def _is_article_header(el: etree._Element, tag: str) -> bool:
    """An ``<article>``'s own header (``<header>``, ``class="article-header"``): it often holds the
    lead paragraph beside the title and byline, so it is cleaned piece by piece, not dropped whole.
    Only ``header`` makes it boilerplate: a class that also says e.g. ``share`` still drops it."""
    if any(sib.tag == "p" or next(sib.iter("p"), None) is not None for sib in el.itersiblings(preceding=True)):
        return False  # after body text: not the article's own header
    if tag == "header":
        return not _is_boilerplate(el) or not _NEGATIVE.search(_HEADER_NAME.sub(" ", _attr_names(el)))
    names = _attr_names(el)
    return bool(_HEADER_NAME.search(names)) and not _NEGATIVE.search(_HEADER_NAME.sub(" ", names))


def _clean(body: etree._Element) -> None:
    body_chars = sum(len(p.text_content()) for p in body.iter("p"))
    to_drop: list[etree._Element] = []
    stack = [(child, False) for child in reversed(body)]
    while stack:
        el, in_article = stack.pop()
        if not isinstance(el.tag, str):
            to_drop.append(el)
            continue
        tag = el.tag.lower()
        drop = tag in _DROP_TAGS or (tag == "time" and _is_standalone_timestamp(el))
        if not drop and (tag in ("header", "footer") or _is_boilerplate(el)):
            drop = tag not in ("body", "html", "article", "main") and not _protects_body(el, body_chars)
            if drop and in_article and _is_article_header(el, tag):
                drop = False
        if drop:
            to_drop.append(el)
        else:
            inside = in_article or tag == "article"
            stack.extend((child, inside) for child in reversed(el))
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
