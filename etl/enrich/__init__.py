"""ENRICH stage: an :class:`~etl.models.Article` becomes an indexable :class:`~etl.models.Document`.

The rules that look at words share one tokenisation (:mod:`etl.enrich.vocab`); entities,
keywords, language, near-duplicate SimHash and the document's own fields each have a module.
The optional C kernels (``_speedups.c``) back the token table, SimHash, keyword counting and
the capitalised-run scan, with numpy/pure-Python fallbacks that give identical results.
"""

from etl.enrich.dedup import NearDuplicateDetector, content_hash, hamming, simhash
from etl.enrich.document import document_id, enrich, published_at, word_count
from etl.enrich.entities import extract_entities
from etl.enrich.keywords import extract_keywords
from etl.enrich.language import detect_language

__all__ = [
    "NearDuplicateDetector",
    "content_hash",
    "detect_language",
    "document_id",
    "enrich",
    "extract_entities",
    "extract_keywords",
    "hamming",
    "published_at",
    "simhash",
    "word_count",
]
