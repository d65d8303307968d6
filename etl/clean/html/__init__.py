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
   Publication dates follow the precedence of :mod:`etl.clean.html.dates`:
   structured metadata, the first ``<time>``, the visible byline in the page's
   language, the URL, and the modified date last.
3. Drop boilerplate: non-content tags, hidden elements, and elements whose
   class/id/role says navigation, share widget, related list, comments,
   newsletter, cookie banner, ad, byline, author card or caption. An
   article's own header is cleaned piece by piece (it may hold the lead).
4. Split what is left into text blocks and score them; the content root is
   ``itemprop=articleBody`` when present, otherwise the ancestor that
   collects the most good paragraph text (readability-style, with decay).
5. Filter the blocks under the root by link density, length and
   boilerplate phrases (:mod:`etl.clean.html.blocks`). Lists and tables are
   judged as a whole by their combined link density, so short items and
   table rows of text stay in. Subheads (``h2``–``h6``) and label lines are
   kept when a paragraph follows them; the ``h1`` (the title) never is.
6. JSON-LD ``articleBody`` wins when the HTML yields much less text
   (pages that render the body with JavaScript).

Text, dates, authors and language codes follow the shared field rules of
:mod:`etl.fields` (the JSON reader uses the same ones). Dates are returned
timezone-aware. A date without an offset is taken as UTC
(publishers that omit it mostly mean UTC or server time; we document it
rather than guess the site's zone). A date-only value means midnight UTC. A
value that does not parse is dropped; no date is ever invented.
"""

from etl.clean.html.extract import ExtractedPage, ExtractionError, extract_article
from etl.clean.html.parse import MAX_HTML_CHARS

__all__ = ["ExtractedPage", "ExtractionError", "extract_article", "MAX_HTML_CHARS"]
