"""SEGMENT stage: a cleaned unit becomes articles with title, dateline, paragraphs, sentences and passages.

* :mod:`etl.segment.articles` splits multi-article text files and builds each :class:`~etl.models.Article`;
* :mod:`etl.segment.sentences` is the sentence splitter (the Golden Rules);
* :mod:`etl.segment.dateline` recognises wire datelines (``LONDON, March 3 (Reuters) -``).
"""

from etl.segment.articles import segment, split_articles
from etl.segment.dateline import match_dateline
from etl.segment.sentences import split_sentence_spans, split_sentences

__all__ = ["match_dateline", "segment", "split_articles", "split_sentence_spans", "split_sentences"]
