"""CLEAN stage: a :class:`RawUnit` becomes normalised paragraphs plus metadata.

HTML goes through main-text extraction (:mod:`etl.clean.html`); plain text and
JSON bodies through text normalisation (:mod:`etl.clean.text`). Metadata given
explicitly by a JSON record wins over what the page itself says.
"""

from __future__ import annotations

from dataclasses import fields

from etl.clean.text import normalize_text
from etl.errors import ExtractionError, QuarantineError
from etl.models import CleanUnit, PageMetadata, RawUnit


def merge_metadata(explicit: PageMetadata, page: PageMetadata) -> PageMetadata:
    """Field by field, ``explicit`` wins where it has a value, ``page`` fills the gaps."""
    merged = PageMetadata()
    for f in fields(PageMetadata):
        value = getattr(explicit, f.name)
        setattr(merged, f.name, value if value else getattr(page, f.name))
    return merged


def clean(unit: RawUnit) -> CleanUnit:
    """Normalise one unit; HTML and JSON units hold exactly one article, text units may hold several."""
    if unit.is_html:
        from etl.clean.html import extract_article  # lxml and the page tables: only runs that meet HTML pay for them

        try:
            page = extract_article(unit.content)
        except ExtractionError as exc:
            raise QuarantineError("no_article_text", str(exc), unit.source.rel_path) from exc
        text = "\n\n".join(page.paragraphs)
        return CleanUnit(raw=unit, text=text, metadata=merge_metadata(unit.metadata, page.metadata), single_article=True)
    return CleanUnit(
        raw=unit,
        text=normalize_text(unit.content),
        metadata=unit.metadata,
        single_article=unit.format in ("json", "jsonl"),
    )
