"""The shipped entity model (etl/enrich/data/ner_model.json) against the build script that makes it.

``tools/ner/build_model.py`` trains the model on wikigold and records the document-level scores it
measured; the file shipped must be exactly what the script builds, and must score what it says.
The gmb dev set (measuring only, never training) is held above the floors of tools/bench/ner.py.
"""

from __future__ import annotations

import json

import pytest

from etl.enrich import ner_model
from etl.enrich.ner_model import CLASSES, MODEL_PATH, Model
from tools.bench import ner as bench


def test_the_shipped_model_loads_and_names_its_source():
    model = Model.load()
    assert model.weights and model.first_names and model.common_words
    assert "wikigold" in model.meta["source"] and "CC BY 4.0" in model.meta["source"]
    assert all(len(w) == len(CLASSES) for w in model.weights.values())
    assert ner_model.get_model().weights == model.weights


def test_the_shipped_model_scores_what_the_build_recorded():
    from tools.ner.build_model import score_shipped

    expected = json.loads(MODEL_PATH.read_text(encoding="utf-8"))["meta"]["expected_wikigold"]
    assert score_shipped(MODEL_PATH) == expected


def test_the_build_is_reproducible(tmp_path):
    from tools.ner.build_model import build

    out = tmp_path / "ner_model.json"
    build(out)
    assert out.read_bytes() == MODEL_PATH.read_bytes()


def test_dev_set_scores_stay_above_their_floors():
    from etl.enrich.entities import extract_entities

    docs = bench.load("gmb")
    predictions = []
    for doc in docs:
        e = extract_entities(doc.text)
        predictions.append({"people": e.people, "organizations": e.organizations, "locations": e.locations})
    result = bench.score(docs, predictions)
    for kind, floor in bench.DEV_FLOORS.items():
        assert result[kind]["f1"] >= floor, (kind, result[kind])


@pytest.mark.parametrize(
    "words",
    [
        ["Blair"],
        ["Tony", "Blair"],  # a given name first
        ["Juergen", "Kessel", "Anna"],  # a given name later
        ["Acme", "Widgets", "Bank"],  # an organisation cue last, and inside
        ["Bank", "of", "Ruritania"],  # a lower-case connector
        ["Kenyans"],
        ["President", "Zorblax"],  # a title word
        ["NATO"],
        ["ABC", "DEF", "GHI", "JKL"],  # all capitals, four words (the shape feature takes three)
        ["F-16", "Deal"],  # a digit and a hyphen
        ["Negotiations"],  # a common word
        ["Zürich", "Kantonalbank"],  # not ASCII
        ["Texas", "Enforcement"],  # a place first: the place_then feature (the model has one for this last word)
    ],
)
@pytest.mark.parametrize("in_gazetteer", [(False, False, False), (True, True, True), (False, True, False), (False, False, True)])
def test_context_free_scores_equal_the_sum_of_the_feature_weights(words, in_gazetteer):
    # scores_free skips building feature names; its floats must be the very ones scores() adds up.
    model = Model.load()
    expected = model.scores(ner_model.features(words, False, in_gazetteer, model.first_names, model.common_words))
    assert model.scores_free(words, in_gazetteer) == expected
    assert model.scores_free(tuple(words), in_gazetteer) == expected  # pieces hold their words as tuples


@pytest.mark.parametrize("token", ["Washington", "O'Neill", "U.S.", "al-Maliki", "BBC", "X", "F-16", "aa..bb", "Zürich"])
def test_shape_collapses_runs_of_one_kind(token):
    import re

    expected = re.sub(r"(.)\1+", r"\1", "".join("X" if c.isupper() else "x" if c.islower() else "d" if c.isdigit() else c for c in token))
    assert ner_model.shape(token) == expected


@pytest.mark.parametrize("words", [["Blair"], ["Zorblax", "Quintel"], ["Acme", "Widgets", "Bank"], ["NATO"], ["Negotiations"]])
@pytest.mark.parametrize("titled", [False, True])
@pytest.mark.parametrize(("prev", "nxt"), [("", ""), ("said", "*"), ("in", "."), ("^", "#"), ("role", "said"), ("*", "place")])
def test_predict_with_is_the_comprehension_it_replaced(words, titled, prev, nxt):
    # predict_with writes the five per-class sums out; they must be the very floats, and the same
    # first-of-equals choice, as ((base + titled) + prev) + next summed over zip().
    model = Model.load()
    base = model.scores_free(words, (False, False, False))
    zero = (0.0,) * len(CLASSES)
    t = model.weights.get("titled", zero) if titled else zero
    p = model.weights.get(f"prev={prev}", zero)
    n = model.weights.get(f"next={nxt}", zero)
    scores = [((b + x) + y) + z for b, x, y, z in zip(base, t, p, n)]
    assert model.predict_with(base, titled, prev, nxt) == CLASSES[scores.index(max(scores))]


@pytest.mark.parametrize("winner", range(5))
def test_predict_with_keeps_the_first_of_equal_scores(winner):
    model = Model.load()
    base = tuple(1.0 if k >= winner else 0.0 for k in range(len(CLASSES)))  # classes from `winner` on tie
    assert model.predict_with(base, False, "", "") == CLASSES[winner]
