"""CLEAN stage: a :class:`~etl.models.RawUnit` becomes normalised paragraphs plus metadata.

HTML goes through main-text extraction (:mod:`etl.clean.html`); plain text and JSON bodies
through text normalisation (:mod:`etl.clean.text`); one-line fields follow :mod:`etl.fields`.
Metadata given explicitly by a JSON record wins over what the page itself says (:func:`merge_metadata`).
"""

from typing import Any

from etl.clean.text import normalize_text
from etl.clean.unit import clean, merge_metadata


def __getattr__(name: str) -> Any:
    # Lazy: importing etl.clean.html (lxml, ~60 ms) is left to runs that meet an HTML page.
    if name in ("ExtractedPage", "extract_article"):
        from etl.clean import html

        return getattr(html, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = ["ExtractedPage", "clean", "extract_article", "merge_metadata", "normalize_text"]
