"""Parsing: one HTML page to an lxml tree, bounded against hostile input.

Text from the tree is normalised by the shared inline rule, :func:`etl.fields.normalize_inline`.
"""

from __future__ import annotations

import re

import lxml.etree as etree
import lxml.html

MAX_HTML_CHARS = 8_000_000
"""Input beyond this many characters is cut off before parsing; real article
pages are well under 3 MB, so this only bounds hostile or broken input."""

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
