"""The learned part of the entity recogniser: an averaged perceptron that types a name candidate.

:mod:`etl.enrich.entities` settles what word lists and cue words settle (known organisations,
gazetteer places, titled people, given names, cue words such as ``Bank`` or ``Inc``); what is left, a
capitalised piece with no such evidence, is typed here: person, organisation, location, other
(``MISC``: events, works, nationalities) or nothing (``O``: a capitalised word that names nothing).

Its features describe the piece alone (words, shapes, suffixes, list memberships), never the text
around it, so a piece's type can be cached per distinct capitalised run. The weights are built by
``tools/ner/build_model.py`` from wikigold (Balasuriya et al. 2009, CC BY 4.0) and shipped as
``etl/enrich/data/ner_model.json`` with the scores the build measured; ``tests/unit/enrich/
test_ner_model.py`` checks the shipped file against them.

Scoring a piece does not build its feature names: :meth:`Model.scores_free` adds up the same weight
vectors as :meth:`Model.scores` of :func:`features`, in the same order (so the same floats, which a
test holds), from weights looked up once per token by the word itself (``first=``, ``w=``, the
suffixes) and once per model for the fixed features; the names remain for training and the tests.
:meth:`Model.predict_with` adds the context's weights to those scores with the five classes' sums
written out (the same floats as a comprehension over ``zip()``, which a test holds; ~1 µs less on each
of the ~18,000 calls of a cold pass over BBC 1x).
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from etl.enrich import ner_lists
from etl.enrich.lexicon import STOPWORDS as _STOPWORDS

MODEL_PATH = Path(__file__).with_name("data") / "ner_model.json"
CLASSES = ("PER", "ORG", "LOC", "MISC", "O")  # five: Model.predict_with is written out for them
_ZERO = (0.0,) * len(CLASSES)


_SHAPE_TABLE = str.maketrans(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "X" * 26 + "x" * 26 + "d" * 10
)
_SHAPES: dict[str, str] = {}


def shape(token: str) -> str:
    """``Xx``, ``X``, ``XX``, ``X.``, ``Xx-Xx``, ``d`` ... with runs of one kind collapsed."""
    if token.isascii():
        # The common case: one translate, then runs collapsed, once per translated form (few: "Xxxxx"
        # stands for every capitalised word of five letters). A regex substitution with a "\\1"
        # template, as before, expands the template in Python per match: 2.5x slower than groupby.
        translated = token.translate(_SHAPE_TABLE)
        collapsed = _SHAPES.get(translated)
        if collapsed is None:
            collapsed = "".join([k for k, _ in groupby(translated)])
            if len(_SHAPES) >= 10_000:
                _SHAPES.clear()
            _SHAPES[translated] = collapsed
        return collapsed
    out: list[str] = []
    for ch in token:
        c = "X" if ch.isupper() else "x" if ch.islower() else "d" if ch.isdigit() else ch
        if not out or out[-1] != c:
            out.append(c)
    return "".join(out)


_CUE, _DEMONYM, _TITLE, _LOWER, _CAPS, _DIGIT, _HYPHEN = 1, 2, 4, 8, 16, 32, 64
_LEN = {k: f"len={k}" for k in range(1, 5)}
_ALL_CAPS = {k: f"all_caps_len={k}" for k in range(1, 4)}
_TOKEN_INFO: dict[str, tuple] = {}
#: The features named after a word of the piece, in the order of _token_weights' first six fields.
_WORD_FEATURES = ("first", "last", "last_suffix3", "last_suffix2", "first_suffix3", "w")
#: The features that are one name whatever the piece (their weights are looked up once per model).
_FIXED_FEATURES = (
    "bias", "first_is_given_name", "later_given_name", "last_is_org_cue", "inner_org_cue", "demonym",
    "has_title_word", "has_lower_connector", "digit", "hyphen", "first_common", "last_common", "no_common",
    "gazetteer_all", "gazetteer_first", "gazetteer_last",
)  # fmt: skip


def _flags(t: str) -> int:
    """A token's list memberships and shape facts as bits (``_CUE`` ... ``_HYPHEN``)."""
    return (
        (_CUE if t in ner_lists.ORG_CUES else 0)
        | (_DEMONYM if t in ner_lists.DEMONYMS else 0)
        | (_TITLE if t in ner_lists.TITLES else 0)
        | (_LOWER if t[:1].islower() else 0)
        | (_CAPS if t.isupper() and len(t) > 1 else 0)
        | (_DIGIT if any(map(str.isdigit, t)) else 0)
        | (_HYPHEN if "-" in t else 0)
    )


def _token_info(t: str) -> tuple:
    """What :func:`features` needs of one token, worked out once per process."""
    lower = t.lower()
    info = (shape(t), f"first={t}", f"last={t}", f"last_suffix3={lower[-3:]}", f"last_suffix2={lower[-2:]}",
            f"first_suffix3={lower[-3:]}", f"w={t}", _flags(t), lower)  # fmt: skip
    if len(_TOKEN_INFO) >= 50_000:
        _TOKEN_INFO.clear()
    _TOKEN_INFO[t] = info
    return info


def features(
    tokens: list[str],
    titled: bool,
    in_gazetteer: tuple[bool, bool, bool],
    first_names: frozenset[str],
    common_words: frozenset[str] = frozenset(),
    prev: str = "",
    nxt: str = "",
) -> list[str]:
    """Feature names of one candidate piece.

    ``in_gazetteer``: (every token a place name alone, the first token one, the last token one);
    ``prev``/``nxt``: the word before and after the capitalised run, when the piece starts or ends it
    (:data:`etl.enrich.ner_lists.CONTEXT_WORDS`, ``*`` for any other word, the punctuation mark, ``^``
    for the start of the text), ``""`` inside a run.
    """
    n = len(tokens)
    infos = [_TOKEN_INFO.get(t) or _token_info(t) for t in tokens]
    first, last = infos[0], infos[-1]
    f = [
        "bias",
        _LEN[min(n, 4)],
        first[1],
        last[2],
        "shape=" + "|".join(i[0] for i in infos[:4]),
        last[3],
        last[4],
        first[5],
    ]
    f.extend(i[6] for i in infos)
    if titled:
        f.append("titled")
    if tokens[0] in first_names:
        f.append("first_is_given_name")
    if n > 1 and not first_names.isdisjoint(tokens[1:]):
        f.append("later_given_name")
    flags_any = 0
    for i in infos[:-1]:
        flags_any |= i[7]
    flags_all = last[7] | flags_any
    if last[7] & _CUE:
        f.append("last_is_org_cue")
    if flags_any & _CUE:
        f.append("inner_org_cue")
    if (first[7] | last[7]) & _DEMONYM:
        f.append("demonym")
    if flags_all & _TITLE:
        f.append("has_title_word")
    if flags_all & _LOWER:
        f.append("has_lower_connector")
    if all(i[7] & _CAPS for i in infos):
        f.append(_ALL_CAPS[min(n, 3)])
    if flags_all & _DIGIT:
        f.append("digit")
    if flags_all & _HYPHEN:
        f.append("hyphen")
    common = [i[8] in common_words for i in infos]
    if common[0]:
        f.append("first_common")
    if common[-1]:
        f.append("last_common")
    if not any(common):
        f.append("no_common")
    if prev:
        f.append(f"prev={prev}")
    if nxt:
        f.append(f"next={nxt}")
    every, first_place, last_place = in_gazetteer
    if every:
        f.append("gazetteer_all")
    if first_place:
        f.append("gazetteer_first")
    if last_place:
        f.append("gazetteer_last")
    if first_place and n > 1:
        f.append(f"place_then={last}")
    return f


@dataclass(slots=True)
class Model:
    """Weights (feature → per-class weight), the given names learned from wikigold, build facts."""

    weights: dict[str, tuple[float, ...]]
    first_names: frozenset[str]
    meta: dict
    common_words: frozenset[str] = frozenset()
    """Lower-case words seen written in lower case in the training text: a lone capitalised one opens a sentence."""
    _prev: dict[str, tuple[float, ...]] = field(default_factory=dict, repr=False)
    _next: dict[str, tuple[float, ...]] = field(default_factory=dict, repr=False)
    _titled: tuple[float, ...] = field(default=(0.0,) * len(CLASSES), repr=False)
    _fixed: dict[str, tuple[float, ...] | None] = field(default_factory=dict, repr=False)
    _tokens: dict[str, tuple] = field(default_factory=dict, repr=False)
    _by_word: tuple[dict[str, tuple[float, ...]], ...] = field(default=(), repr=False)

    def __post_init__(self) -> None:
        # The context features' weights by context word (predict_with looks them up without an f-string).
        self._prev = {name[5:]: w for name, w in self.weights.items() if name.startswith("prev=")}
        self._next = {name[5:]: w for name, w in self.weights.items() if name.startswith("next=")}
        self._titled = self.weights.get("titled", _ZERO)
        get = self.weights.get
        self._fixed = {name: get(name) for name in (*_FIXED_FEATURES, *_LEN.values(), *_ALL_CAPS.values())}
        # The word features' weights by the word or suffix itself: a new token's weights are found
        # without building its six feature names.
        by_word: tuple[dict[str, tuple[float, ...]], ...] = tuple({} for _ in _WORD_FEATURES)
        for name, w in self.weights.items():
            prefix, eq, value = name.partition("=")
            if eq and prefix in _WORD_FEATURES:
                by_word[_WORD_FEATURES.index(prefix)][value] = w
        self._by_word = by_word

    def _token_weights(self, t: str) -> tuple:
        """One token's share of :meth:`scores_free`: the weights of its word features (``None`` where
        the model has none), its shape, flags, given-name and common-word bits; once per token."""
        first, last, last3, last2, first3, word = self._by_word
        lower = t.lower()
        entry = (first.get(t), last.get(t), last3.get(lower[-3:]), last2.get(lower[-2:]), first3.get(lower[-3:]),
                 word.get(t), shape(t), _flags(t), lower in self.common_words, t in self.first_names)  # fmt: skip
        if len(self._tokens) >= 50_000:
            self._tokens.clear()
        self._tokens[t] = entry
        return entry

    def scores_free(self, tokens: list[str], in_gazetteer: tuple[bool, bool, bool]) -> tuple[float, ...]:
        """``scores(features(tokens, False, in_gazetteer, first_names, common_words))`` without building
        the feature names: the same weight vectors, summed in the same order (so the same floats).

        Each distinct piece is scored once, but a cold pass meets ~9,000 of them per 2,225 articles:
        feature strings built per piece and looked up one by one were half of the model's cost."""
        get = self._tokens.get
        infos = [get(t) or self._token_weights(t) for t in tokens]
        fixed = self._fixed
        n = len(tokens)
        first, last = infos[0], infos[-1]
        found = [fixed["bias"], fixed[_LEN[min(n, 4)]], first[0], last[1],
                 self.weights.get("shape=" + "|".join([i[6] for i in infos[:4]])), last[2], last[3], first[4]]  # fmt: skip
        found += [i[5] for i in infos]
        if first[9]:
            found.append(fixed["first_is_given_name"])
        if n > 1 and any(i[9] for i in infos[1:]):
            found.append(fixed["later_given_name"])
        flags_any = 0
        for i in infos[:-1]:
            flags_any |= i[7]
        flags_all = last[7] | flags_any
        if last[7] & _CUE:
            found.append(fixed["last_is_org_cue"])
        if flags_any & _CUE:
            found.append(fixed["inner_org_cue"])
        if (first[7] | last[7]) & _DEMONYM:
            found.append(fixed["demonym"])
        if flags_all & _TITLE:
            found.append(fixed["has_title_word"])
        if flags_all & _LOWER:
            found.append(fixed["has_lower_connector"])
        if all(i[7] & _CAPS for i in infos):
            found.append(fixed[_ALL_CAPS[min(n, 3)]])
        if flags_all & _DIGIT:
            found.append(fixed["digit"])
        if flags_all & _HYPHEN:
            found.append(fixed["hyphen"])
        if first[8]:
            found.append(fixed["first_common"])
        if last[8]:
            found.append(fixed["last_common"])
        if not any(i[8] for i in infos):
            found.append(fixed["no_common"])
        every, first_place, last_place = in_gazetteer
        if every:
            found.append(fixed["gazetteer_all"])
        if first_place:
            found.append(fixed["gazetteer_first"])
        if last_place:
            found.append(fixed["gazetteer_last"])
        if first_place and n > 1:
            info = _TOKEN_INFO.get(tokens[-1]) or _token_info(tokens[-1])
            found.append(self.weights.get(f"place_then={info}"))  # the info tuple, as features() writes it
        found = [w for w in found if w is not None]
        if not found:
            return (0.0,) * len(CLASSES)
        return tuple(map(sum, zip(*found)))

    def predict(self, feats: list[str]) -> str:
        scores = [0.0] * len(CLASSES)
        weights = self.weights
        for name in feats:
            w = weights.get(name)
            if w is not None:
                for k in range(len(CLASSES)):
                    scores[k] += w[k]
        best = 0
        for k in range(1, len(CLASSES)):
            if scores[k] > scores[best]:
                best = k
        return CLASSES[best]

    def scores(self, feats: list[str]) -> tuple[float, ...]:
        """The per-class sums of the weights of ``feats``."""
        get = self.weights.get
        found = [w for w in map(get, feats) if w is not None]
        if not found:
            return (0.0,) * len(CLASSES)
        return tuple(map(sum, zip(*found)))

    def predict_with(self, base: tuple[float, ...], titled: bool, prev: str, nxt: str) -> str:
        """:meth:`predict` from the scores of a piece's context-free features (:meth:`scores`) plus
        the features that depend on the words around it (``titled``, ``prev=``, ``next=``)."""
        zero = _ZERO
        t = self._titled if titled else zero
        p = self._prev.get(prev, zero)
        n = self._next.get(nxt, zero)
        # The same sums in the same order ((b + t) + p) + n, written out for the five classes: a
        # comprehension over zip() cost ~1 µs per call, 18,000 calls per cold pass of BBC 1x.
        top, best = base[0] + t[0] + p[0] + n[0], 0
        s = base[1] + t[1] + p[1] + n[1]
        if s > top:
            top, best = s, 1
        s = base[2] + t[2] + p[2] + n[2]
        if s > top:
            top, best = s, 2
        s = base[3] + t[3] + p[3] + n[3]
        if s > top:
            top, best = s, 3
        if base[4] + t[4] + p[4] + n[4] > top:
            best = 4
        return CLASSES[best]  # the first of equal scores, as predict()

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> Model:
        data = json.loads(path.read_text(encoding="utf-8"))
        if tuple(data["classes"]) != CLASSES:
            raise ValueError(f"{path}: classes {data['classes']} are not {CLASSES}")
        weights = {name: tuple(w) for name, w in data["weights"].items()}
        return cls(weights, frozenset(data["first_names"]) | ner_lists.FIRST_NAMES, data.get("meta", {}),
                   frozenset(data.get("common_words", ())) | _STOPWORDS)

    @classmethod
    def empty(cls) -> Model:
        """No weights: every piece is ``O`` (bias ties go to the first class, so a bias toward O is set)."""
        return cls({"bias": (0.0, 0.0, 0.0, 0.0, 1.0)}, ner_lists.FIRST_NAMES, {}, _STOPWORDS)


_lock = threading.Lock()
_model: Model | None = None


def get_model() -> Model:
    """The shipped model, loaded once per process (an empty one if the file is missing)."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                _model = Model.load() if MODEL_PATH.exists() else Model.empty()
    return _model


def set_model(model: Model | None) -> None:
    """Use ``model`` from now on (``None``: load the shipped one again); for the build script and tests."""
    global _model
    with _lock:
        _model = model
