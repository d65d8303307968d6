"""The invented wire NER sets of ``tools/bench/wire_ner/``: annotations that parse, as the scores need.

A mistyped tag (``[PRE Hagi]``) or a lost bracket does not fail the benchmark: the name silently
drops out of the gold and stays in the text as ``[...]``. So each set is checked here: no bracket
left after the annotations are read, every gold name in its story's text, one ISO dateline per story,
and sets B and C (held aside: measure only) at the sizes their README states.
"""

from __future__ import annotations

import re

import pytest

from tools.bench.ner import TYPES
from tools.bench.ner_wire import STORIES, load

SETS = [  # (file, stories, at least this many gold names)
    (STORIES, 26, 290),
    (STORIES.with_name("stories_b.txt"), 30, 350),
    (STORIES.with_name("stories_c.txt"), 30, 350),
]
_DATELINE = re.compile(r"^[A-Z][A-Z .'-]+(?:, [A-Za-z .'-]+)? 1996-\d\d-\d\d$", re.M)


@pytest.mark.parametrize(("path", "stories", "names"), SETS, ids=lambda v: getattr(v, "name", v))
def test_every_annotation_of_a_wire_set_is_read_and_the_set_has_its_size(path, stories, names):
    docs = load(path)
    assert len(docs) == stories
    assert sum(len(d.gold[t]) for d in docs for t in TYPES) >= names
    for doc in docs:
        assert "[" not in doc.text and "]" not in doc.text, doc.text[:60]
        assert len(_DATELINE.findall(doc.text)) == 1, doc.text[:60]
        assert all(name in doc.text for t in TYPES for name in doc.gold[t]), doc.text[:60]
