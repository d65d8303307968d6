"""The multilingual extraction set (tests/fixtures/html/multilingual/): the committed pages are what
compose.py builds from the specs, their ground truth follows compose.py's rules, and the project
extracts every page's must-contain snippets and none of its must-not-contain ones."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

from etl.clean.html import extract_article

HERE = Path(__file__).resolve().parents[2] / "fixtures" / "html" / "multilingual"
_spec = importlib.util.spec_from_file_location("compose", HERE / "compose.py")
assert _spec and _spec.loader
compose = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(compose)
SPECS = compose.load_specs()
STEMS = [f"{p['lang']}__{p['slug']}" for p in SPECS]


def test_every_spec_has_its_page_and_no_page_lacks_a_spec() -> None:
    assert sorted(STEMS) == sorted(path.stem for path in HERE.glob("*.html"))
    assert len(STEMS) == len(set(STEMS))


@pytest.mark.parametrize("spec", SPECS, ids=STEMS)
def test_committed_page_is_what_compose_builds(spec: dict) -> None:
    page_html, truth = compose.build(spec)
    stem = f"{spec['lang']}__{spec['slug']}"
    assert (HERE / f"{stem}.html").read_text("utf-8") == page_html
    assert json.loads((HERE / f"{stem}.json").read_text("utf-8")) == truth


@pytest.mark.parametrize("spec", SPECS, ids=STEMS)
def test_ground_truth_follows_the_rules(spec: dict) -> None:
    truth = json.loads((HERE / f"{spec['lang']}__{spec['slug']}.json").read_text("utf-8"))
    page_text = re.sub(r"\s+", " ", (HERE / f"{spec['lang']}__{spec['slug']}.html").read_text("utf-8"))
    assert truth["split"] in ("dev", "test")
    assert truth["title"] not in truth["text"].split("\n\n")
    assert all(s in truth["text"] for s in truth["must_contain"])
    assert not any(s in truth["text"] for s in truth["must_not_contain"])
    assert truth["must_not_contain"], "every page carries boilerplate to keep out"
    assert "<script" in page_text and "</html>" in page_text


@pytest.mark.parametrize("spec", [s for s in SPECS if s.get("split", "dev") == "dev"], ids=[s for s, p in zip(STEMS, SPECS) if p.get("split", "dev") == "dev"])
def test_dev_page_snippets(spec: dict) -> None:
    stem = f"{spec['lang']}__{spec['slug']}"
    truth = json.loads((HERE / f"{stem}.json").read_text("utf-8"))
    sep = "" if spec["lang"] == "zh" else " "
    got = re.sub(r"\s+", sep, " ".join(extract_article((HERE / f"{stem}.html").read_text("utf-8")).paragraphs))
    assert [s for s in truth["must_contain"] if re.sub(r"\s+", sep, s) not in got] == []
    assert [s for s in truth["must_not_contain"] if re.sub(r"\s+", sep, s) in got] == []
