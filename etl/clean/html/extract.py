"""Main-article text and metadata from one page: parse, read metadata, drop boilerplate, choose blocks."""

from __future__ import annotations

from dataclasses import dataclass, field

import lxml.etree as etree

from etl.clean.html.blocks import _extract_paragraphs, _jsonld_body, _word_count
from etl.clean.html.metadata import _extract_metadata, _jsonld_objects
from etl.clean.html.parse import _parse
from etl.errors import ExtractionError
from etl.models import PageMetadata


@dataclass(slots=True)
class ExtractedPage:
    """Result of :func:`extract_article`."""

    paragraphs: list[str]
    """Main article text, one normalised paragraph per item, never empty."""
    metadata: PageMetadata = field(default_factory=PageMetadata)


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
