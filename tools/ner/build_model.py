"""Build the entity recogniser's shipped model from wikigold: ``etl/enrich/data/ner_model.json``.

wikigold (Balasuriya et al. 2009, CC BY 4.0; ``../shared/corpora/ner-train/wikigold``) is the only
corpus this reads: the gmb dev set never trains or tunes what ships. Steps:

1. **Given names**: the first word of every two- to four-word person name in wikigold that looks
   like a name and is no title, demonym or list word, added to the hand-written
   :data:`etl.enrich.ner_lists.FIRST_NAMES`.
   **Common words**: every word wikigold writes in lower case outside a name (a capitalised one
   alone opens a sentence: ``Officials``, ``Earlier``).
2. **Pieces**: every document, in steps of :data:`PIECE_SENTENCES` sentences run together as
   extraction sees text (a sentence opener stands after ``.``, :func:`etl.enrich.entities.sentence_parts`),
   goes through the entity rules (:mod:`etl.enrich.entities`); each capitalised piece that the rules
   leave to the model is labelled with the type of the wikigold name it equals, ``O`` when it
   overlaps no name (pieces that only partly overlap one are skipped). The documents are cut into
   :data:`FOLDS` folds, and the pieces of each are cut with the given names and common words learned
   from the *other* folds: with every wikigold given name known, the rules took all the people and the
   model learned that an unknown ``Xx Xx`` is an organisation (gmb dev PER F1 0.765 → 0.789 with folds).
3. **Averaged perceptron** over :func:`etl.enrich.ner_model.features`, :data:`EPOCHS` passes in a
   fixed order (a seeded shuffle), weights averaged and rounded to 4 decimals.
4. **Expected scores**: the written model is loaded back and scored on wikigold with
   ``tools/bench/ner.py``'s document-level scoring; the numbers go into the file's ``meta`` and
   ``tests/unit/enrich/test_ner_model.py`` checks the shipped file against them.

The same input gives byte-identical output. Usage: ``.venv/bin/python -m tools.ner.build_model``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
from pathlib import Path

from etl.enrich import entities, ner_lists, ner_model
from etl.enrich.gazetteer import get_gazetteer
from etl.enrich.lexicon import STOPWORDS
from etl.enrich.ner_model import CLASSES, MODEL_PATH, Model
from tools.bench import ner as bench

EPOCHS = 12
PIECE_SENTENCES = 5
FOLDS = 3
SEED = 13
SOURCE = "wikigold, Balasuriya et al. 2009, CC BY 4.0 (tags converted to IOB2)"


def learned_first_names(docs) -> list[str]:
    names: set[str] = set()
    for doc in docs:
        for sentence in doc:
            for kind, name in bench.spans(sentence):
                words = name.split()
                if kind != "PER" or not 2 <= len(words) <= 4:
                    continue
                first = words[0]
                if (
                    entities._NAME_TOKEN_RE.match(first)
                    and len(first) > 2
                    and not first.endswith(".")
                    and first not in ner_lists.TITLES
                    and first not in ner_lists.DEMONYMS
                    and first not in ner_lists.NON_ENTITY_WORDS
                    and get_gazetteer().get(first) is None
                ):
                    names.add(first)
    return sorted(names - ner_lists.FIRST_NAMES)


def common_words(docs) -> list[str]:
    """Words of three or more letters that wikigold writes in lower case outside any name."""
    words: set[str] = set()
    for doc in docs:
        for sentence in doc:
            for token, tag in sentence:
                if tag == "O" and token.isalpha() and token.islower() and len(token) > 2:
                    words.add(token)
    return sorted(words)


def _norm(name: str) -> str:
    return " ".join(name.replace(" 's", "'s").split())


def pieces(docs, model: Model) -> list[tuple[list[str], str]]:
    """(features, label) of every piece the rules hand to the model."""
    gaz = get_gazetteer()
    examples: list[tuple[list[str], str]] = []
    for doc in docs:
        # Whole documents, as extraction sees them (a sentence opener stands after "."), in steps of a
        # few sentences so that a name's label comes from the sentences around it.
        for k in range(0, len(doc), PIECE_SENTENCES):
            sentences = doc[k : k + PIECE_SENTENCES]
            text = " ".join(bench.detokenise([t for t, _ in sentence]) for sentence in sentences)
            gold = {_norm(name): kind for sentence in sentences for kind, name in bench.spans(sentence)}
            gold_words = {w for name in gold for w in name.split()}
            for key in entities._contexts_py(text, 0):
                if key[1] == "~":
                    continue  # a run inside a word ("iPod"): extraction skips it too
                for run, prev, nxt in entities.sentence_parts(*key):  # as extraction types them
                    collect: list = []
                    entities._classify_run(run, gaz, model, collect, prev, nxt)
                    for name, feats in collect:
                        name = _norm(name)
                        if name in gold:
                            label = gold[name] if gold[name] in CLASSES else "O"
                        elif set(name.split()) & gold_words:
                            continue
                        else:
                            label = "O"
                        examples.append((feats, label))
    return examples


def train(examples: list[tuple[list[str], str]], epochs: int = EPOCHS) -> dict[str, list[float]]:
    """Averaged perceptron (the lazy-update form): returns feature → per-class averaged weight."""
    k = len(CLASSES)
    index = {c: i for i, c in enumerate(CLASSES)}
    weights: dict[str, list[float]] = {}
    totals: dict[str, list[float]] = {}
    stamps: dict[str, list[int]] = {}
    step = 0
    order = list(range(len(examples)))
    rng = random.Random(SEED)
    for _ in range(epochs):
        rng.shuffle(order)
        for i in order:
            feats, label = examples[i]
            step += 1
            scores = [0.0] * k
            for f in feats:
                w = weights.get(f)
                if w is not None:
                    for c in range(k):
                        scores[c] += w[c]
            guess = max(range(k), key=lambda c: (scores[c], -c))
            truth = index[label]
            if guess == truth:
                continue
            for f in feats:
                w = weights.setdefault(f, [0.0] * k)
                t = totals.setdefault(f, [0.0] * k)
                s = stamps.setdefault(f, [0] * k)
                for c, delta in ((truth, 1.0), (guess, -1.0)):
                    t[c] += (step - s[c]) * w[c]
                    s[c] = step
                    w[c] += delta
    averaged: dict[str, list[float]] = {}
    for f, w in weights.items():
        t, s = totals[f], stamps[f]
        avg = [round((t[c] + (step - s[c]) * w[c]) / step, 4) for c in range(k)]
        if any(avg):
            averaged[f] = avg
    return dict(sorted(averaged.items()))


def accuracy(examples, model: Model) -> float:
    return sum(model.predict(f) == y for f, y in examples) / max(1, len(examples))


def build(out: Path = MODEL_PATH) -> dict:
    raw = bench.read_iob2(bench.WIKIGOLD)
    sha = hashlib.sha256(bench.WIKIGOLD.read_bytes()).hexdigest()
    first_names = learned_first_names(raw)
    common = common_words(raw)
    rules_only = Model({}, frozenset(first_names) | ner_lists.FIRST_NAMES, {}, frozenset(common) | STOPWORDS)
    # The pieces of each fold are cut with the given names and common words learned from the other
    # folds: text the model meets later holds names no list knows, and so must its training pieces
    # (with every wikigold name known, the rules take all the people and the model learns that an
    # unknown "Xx Xx" is an organisation).
    examples = []
    for fold in range(FOLDS):
        rest = [doc for k, doc in enumerate(raw) if k % FOLDS != fold]
        held = [doc for k, doc in enumerate(raw) if k % FOLDS == fold]
        fold_model = Model({}, frozenset(learned_first_names(rest)) | ner_lists.FIRST_NAMES, {},
                           frozenset(common_words(rest)) | STOPWORDS)  # fmt: skip
        examples += pieces(held, fold_model)
    weights = train(examples)
    model = Model({f: tuple(w) for f, w in weights.items()}, rules_only.first_names, {}, rules_only.common_words)
    counts = {c: sum(1 for _, y in examples if y == c) for c in CLASSES}
    meta = {
        "source": SOURCE,
        "wikigold_sha256": sha,
        "epochs": EPOCHS,
        "folds": FOLDS,
        "seed": SEED,
        "pieces": len(examples),
        "pieces_by_label": counts,
        "piece_accuracy": round(accuracy(examples, model), 4),
    }
    # Score the model as shipped: loaded back from its file, through the real extraction.
    data = {"classes": list(CLASSES), "meta": meta, "first_names": first_names, "common_words": common,
            "weights": weights}
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=False) + "\n", encoding="utf-8")
    meta["expected_wikigold"] = score_shipped(out)
    data["meta"] = meta
    out.write_text(json.dumps(data, ensure_ascii=False, indent=0, sort_keys=False) + "\n", encoding="utf-8")
    return meta


def score_shipped(path: Path = MODEL_PATH) -> dict[str, float]:
    """Document-level F1 per type and overall on wikigold, with the model at ``path``."""
    ner_model.set_model(Model.load(path))
    entities.clear_cache()
    try:
        docs = bench.load("wikigold")
        predictions = []
        for doc in docs:
            e = entities.extract_entities(doc.text)
            predictions.append({"people": e.people, "organizations": e.organizations, "locations": e.locations})
        result = bench.score(docs, predictions)
    finally:
        ner_model.set_model(None)
        entities.clear_cache()
    return {kind: result[kind]["f1"] for kind in (*bench.TYPES, "overall")}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", type=Path, default=MODEL_PATH)
    args = p.parse_args(argv)
    meta = build(args.out)
    print(json.dumps(meta, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
