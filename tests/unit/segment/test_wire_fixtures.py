"""The wire-dateline dev set (tests/fixtures/wire) is what compose.py writes, and its truth follows its text.

make bench-datelines scores the parser against this ground truth, so a hand edit of
stories.jsonl that lets text and truth drift apart would silently move the benchmark.
"""

from __future__ import annotations

import importlib.util
import json
from datetime import date, timedelta
from pathlib import Path

import pytest

WIRE = Path(__file__).resolve().parents[2] / "fixtures" / "wire"
STORIES = [json.loads(line) for line in (WIRE / "stories.jsonl").read_text(encoding="utf-8").splitlines()]


def _compose():
    spec = importlib.util.spec_from_file_location("wire_compose", WIRE / "compose.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_stories_are_exactly_what_compose_writes() -> None:
    compose = _compose()
    records = compose.batch_1()
    records += compose.batch_2(len(records) + 1)
    records += compose.batch_3(len(records) + 1)
    assert [json.dumps(r, ensure_ascii=False) for r in records] == [json.dumps(s, ensure_ascii=False) for s in STORIES]


def test_set_shape() -> None:
    held = sum(s["split"] == "held" for s in STORIES)
    assert len(STORIES) == 340 and held == 113
    assert len({s["id"] for s in STORIES}) == len({s["path"] for s in STORIES}) == len(STORIES)


@pytest.mark.parametrize("story", STORIES, ids=[s["id"] for s in STORIES])
def test_truth_follows_the_text(story: dict) -> None:
    text, location = story["text"], story["location"]
    lines = [line.strip().lstrip("\ufeff").replace("&amp;", "&") for line in text.splitlines()]
    if location is None:
        assert story["month"] is None and story["day"] is None
        return
    # The expected city opens a line of the story, in whatever case the house style wrote it.
    assert any(line.casefold().startswith(location.casefold()) for line in lines), location
    if story["month"] is not None:
        filed = date.fromisoformat(story["path"][:10].replace("/", "-"))
        dated = date(filed.year, story["month"], story["day"])
        assert filed - dated in (timedelta(0), timedelta(days=1))  # filed that day or after midnight
