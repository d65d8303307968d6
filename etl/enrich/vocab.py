"""One tokenisation for the enrich rules that look at words: ids into per-process token tables.

A body is split on whitespace once (:meth:`Tokens.of`). Every distinct token is analysed
the first time this process sees it, and what the rules need to know about it is kept in
flat tables (``array.array``) indexed by the token's id:

* SimHash (:mod:`etl.enrich.dedup`): the 64-bit hash of the casefolded token (BLAKE2b-64);
* keywords (:mod:`etl.enrich.keywords`), packed in one 8-byte record: the token's keyword word
  (lower-case, clause punctuation around it and a possessive ``'s`` removed; none for stopwords,
  short words, numbers, tokens with clause punctuation inside and the junk classes of
  :func:`keyword_core`), whether it is written Capitalised, whether clause punctuation stands before
  or after it, whether it ends a sentence, and its part in a name (``of``, ``the``, a particle such
  as ``van``, a title such as ``Minister``); plus the word's plural-folded form;
* language (:mod:`etl.enrich.language`): whether the casefolded token is an English function word,
  and whether it is ``the``;
* word count (:mod:`etl.enrich`): whether the token is stand-alone punctuation.

News vocabulary repeats heavily (the BBC corpus's 2,225 articles hold ~1 M tokens but
~60,000 distinct ones), so after the first few hundred articles nearly every token is a
dict hit, and each rule is one C kernel call (or a handful of C-level loops) per article instead
of a Python loop per word. Why: this is what brings enrich within the 0.5 ms per article budget.

The tables and the token ids are ``array.array`` buffers, not numpy arrays: the C kernels read any
buffer, and importing numpy cost ~0.1 CPU-s of every ``etl parse`` (issue 15, measured), whose own
per-article work no longer needs it. numpy is imported only by the reference (fallback) paths, through
:meth:`Tables.view` and :func:`ids_view`.

A token seen for the first time is analysed by ``analyse_tokens`` (``etl/enrich/_speedups.c``) when
it is built: :func:`keyword_core` transcribed for ASCII tokens, BLAKE2b in C, the word lists looked
up in place; other tokens go through the Python rules. A fresh process meets ~65,000 new tokens in
the BBC corpus (~30 per article): ~0.9 µs each instead of ~3.5 µs in Python, which was ~0.12 ms of
a cold article's cost. Both paths write the same rows (tested on the BBC corpus and edge tokens).

The tables only ever grow, up to :data:`MAX_TOKENS` distinct tokens; then they start
over (a run over many languages must not grow memory without bound). Results never
depend on ids: every rule that orders words breaks ties by the words' text, so the
same article gives the same output in every process, whatever it saw before.
"""

from __future__ import annotations

import re
import threading
from array import array
from dataclasses import dataclass
from hashlib import blake2b
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from etl.enrich.keyword_lexicon import (
    CORPORATE_SUFFIXES,
    DATE_WORDS,
    ED_NOUNS,
    GENERIC_WORDS,
    LY_NOUNS,
    MORE_STOPWORDS,
    PARTICLES,
    TITLE_WORDS,
    UNIT_WORDS,
    VERB_FORMS,
    WEAK_ADJECTIVES,
    WIRE_CREDITS,
)
from etl.enrich.lexicon import (
    CLAUSE_PUNCTUATION,
    ENGLISH_FUNCTION_WORDS,
    PUNCTUATION_TOKENS,
    STOPWORDS,
)

try:
    from etl.enrich import _speedups
except ImportError:  # not built (no C compiler at install): split() and a dict give the same ids
    _speedups = None

if TYPE_CHECKING:
    import numpy as np

MAX_TOKENS = 500_000
_INITIAL_CAPACITY = 4096
_TRAILING_APOSTROPHES = "'’"
_CAPITAL_SKIP = CLAUSE_PUNCTUATION + "'’"
_NO_KEYWORD = 0xFFFFFFFF
_CAPITALISED, _BREAK_BEFORE, _BREAK_AFTER = 1 << 32, 1 << 33, 1 << 34
# Keyphrases never run across clause punctuation, nor an ellipsis ("after…").
_BREAKS = CLAUSE_PUNCTUATION + "…"
_CLAUSE_INSIDE = re.compile(f"[{re.escape(_BREAKS)}]").search
_CLOSERS = "\"”’')]"

# keyword_core()'s flags, packed from bit 35 of a token's keyword record (Tables.flags reads them back).
SENTENCE_END = 1  #: the token ends a sentence (., ! or ?, maybe before a closing quote or bracket)
JOIN_OF = 2  #: "of": joins two Capitalised words ("Bank of England")
JOIN_THE = 4  #: "the": joins after a joining "of" ("Pirates of the Caribbean")
PARTICLE = 8  #: a name particle ("van", "De", Capitalised "New"): joins the Capitalised word after it
TITLE = 16  #: a title or role ("Minister", "Novelist"): shed at the start of a Capitalised name
VERBISH = 32  #: Capitalised, but a verb or vague adjective when lower-case: no candidate opening a sentence
_FLAG_SHIFT, _FLAG_BITS = 35, 6
_FOLD_SHIFT = 41  # bits 41-63: the keyword id of the word's plural-folded form (fold_plural)
_NEVER_KEYWORDS = DATE_WORDS | UNIT_WORDS | CORPORATE_SUFFIXES | MORE_STOPWORDS | WIRE_CREDITS
_LOWER_CASE_BREAKS = VERB_FORMS | WEAK_ADJECTIVES | GENERIC_WORDS


#: ``array.array`` type codes of the token ids and of each table (8-byte ids and words, 1-byte flags).
IDS_TYPE = "q"
_TABLE_TYPES = {"hash0": "Q", "keyword": "Q", "function_word": "B", "is_the": "B", "punctuation": "B"}


def ids_view(ids: Any) -> np.ndarray:
    """Token ids (an ``array.array``, or anything numpy takes) as a numpy integer array, for the reference paths."""
    import numpy as np

    return np.asarray(ids, dtype=np.intp)


def count_flagged(ids: array, flags: array, limit: int = -1) -> int:
    """How many of the first ``limit`` (all when negative) tokens have their byte set in ``flags``
    (``function_word``, ``is_the``, ``punctuation``): ``count_flagged`` of ``etl/enrich/_speedups.c``
    when built (~0.5 µs for a BBC body, as numpy's ``flags[ids].sum()`` was ~2 µs), else a C-level
    ``map`` (~23 µs)."""
    if _speedups is not None:
        return _speedups.count_flagged(ids, flags, limit)
    return sum(map(flags.__getitem__, ids if limit < 0 else ids[:limit]))


@dataclass(slots=True)
class Tables:
    """Per-token attributes, indexed by token id (see the module docstring): ``hash0`` and
    ``keyword`` are 8-byte unsigned words, the other three 0/1 bytes."""

    hash0: array
    keyword: array
    function_word: array
    is_the: array
    punctuation: array

    @classmethod
    def empty(cls, capacity: int) -> Tables:
        return cls(
            array("Q", bytes(8 * capacity)), array("Q", [_NO_KEYWORD]) * capacity,
            array("B", bytes(capacity)), array("B", bytes(capacity)), array("B", bytes(capacity)),
        )  # fmt: skip

    def view(self, name: str) -> np.ndarray:
        """Table ``name`` as a numpy array sharing its memory (``uint64`` or ``bool``), for the reference paths."""
        import numpy as np

        return np.frombuffer(getattr(self, name), dtype=np.uint64 if _TABLE_TYPES[name] == "Q" else np.bool_)

    def grown(self, capacity: int) -> Tables:
        bigger = Tables.empty(capacity)
        for name in self.__slots__:
            old = getattr(self, name)
            getattr(bigger, name)[: len(old)] = old
        return bigger

    # ``keyword`` packs a token's keyword facts into one 8-byte record (the C kernels then take one
    # cache miss per token, not four): the keyword id in the low 32 bits (0xFFFFFFFF = none), then
    # flags. The numpy code (the reference paths) reads them through these helpers.
    def records(self, ids: Any) -> np.ndarray:
        """The keyword record of each token, as a numpy ``uint64`` array."""
        return self.view("keyword")[ids_view(ids)]

    def keyword_ids(self, ids: Any) -> np.ndarray:
        """Keyword id of each token (``-1``: not a candidate)."""
        import numpy as np

        return (self.records(ids) & np.uint64(0xFFFFFFFF)).astype(np.uint32).view(np.int32)

    def capitalised(self, ids: Any) -> np.ndarray:
        """Whether each token is a keyword candidate written Capitalised."""
        import numpy as np

        return (self.records(ids) & np.uint64(_CAPITALISED)) != 0

    def break_before(self, ids: Any) -> np.ndarray:
        """Whether clause punctuation stands before each token."""
        import numpy as np

        return (self.records(ids) & np.uint64(_BREAK_BEFORE)) != 0

    def break_after(self, ids: Any) -> np.ndarray:
        """Whether clause punctuation stands after each token."""
        import numpy as np

        return (self.records(ids) & np.uint64(_BREAK_AFTER)) != 0

    def flags(self, ids: Any) -> np.ndarray:
        """:func:`keyword_core`'s flags of each token (``SENTENCE_END | JOIN_OF | …``)."""
        import numpy as np

        return ((self.records(ids) >> np.uint64(_FLAG_SHIFT)) & np.uint64((1 << _FLAG_BITS) - 1)).astype(np.int64)

    def folded_ids(self, ids: Any) -> np.ndarray:
        """Keyword id of each token's plural-folded word ("rates" → the id of "rate"; meaningless where
        the token has no keyword word)."""
        import numpy as np

        return (self.records(ids) >> np.uint64(_FOLD_SHIFT)).astype(np.int64)


class _State:
    """Everything one generation of the cache holds; replaced whole when the cache starts over."""

    __slots__ = ("ids", "table", "tables", "keyword_ids", "keyword_words")

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}  # token → id, when the C token table is not built
        self.table = _speedups.TokenTable() if _speedups is not None else None
        self.tables = Tables.empty(_INITIAL_CAPACITY)
        self.keyword_ids: dict[str, int] = {}
        self.keyword_words: list[str] = []

    def __len__(self) -> int:
        return len(self.table) if self.table is not None else len(self.ids)


@dataclass(slots=True)
class Tokens:
    """A text's whitespace tokens as ids (an ``array.array`` of :data:`IDS_TYPE`), the tables (and
    keyword words) they index, and the tokens joined by single spaces (the whitespace-collapsed text)."""

    ids: array
    tables: Tables
    keyword_words: list[str]
    joined: str

    @classmethod
    def of(cls, text: str) -> Tokens:
        """Tokenise ``text`` on whitespace (as ``str.split()``, case kept) and look every token up."""
        return VOCABULARY.tokens(text)

    def __len__(self) -> int:
        return len(self.ids)

    def tail(self, start: int) -> Tokens:
        """The tokens from the ``start``-th on: what :meth:`of` gives for the text from that token, without
        splitting and looking it up again (a dateline story's keywords read its body after the dateline)."""
        joined, at = self.joined, 0
        if start >= len(self.ids):
            return Tokens(self.ids[:0], self.tables, self.keyword_words, "")
        for _ in range(start):
            at = joined.index(" ", at) + 1
        return Tokens(self.ids[start:], self.tables, self.keyword_words, joined[at:])


def keyword_core(token: str) -> tuple[str, bool, bool, int]:
    """(keyword word or ``""``, clause punctuation before it, clause punctuation after it, flags) of one token.

    The word is lower-case, with clause punctuation around it, a possessive ``'s`` and a trailing
    apostrophe removed (a possessive also ends the phrase: "GM's announcement"); it is ``""`` when the
    token is not a keyword candidate: a stopword, a word of fewer than three characters, one not
    starting with a letter, a token with clause punctuation inside (``U.S.``: it breaks phrases on both
    sides), a weekday or month name, a unit or currency abbreviation, a corporate suffix, and, written
    lower-case, a verb form, a vague adjective or a generic reporting word
    (:mod:`etl.enrich.keyword_lexicon`). ``of``, ``the`` and name particles keep their word, flagged:
    they only ever join Capitalised words (:mod:`etl.enrich.keywords`).
    """
    lowered = token.lower().replace("’", "'")
    core = lowered.strip(_BREAKS)
    if not core:
        return "", True, True, 0
    start = lowered.find(core)
    before, after = start > 0, start + len(core) < len(lowered)
    if _CLAUSE_INSIDE(core):
        return "", True, True, 0
    flags = SENTENCE_END if after and lowered.rstrip(_CLOSERS)[-1:] in ".!?" else 0
    capitalised = token.lstrip(_CAPITAL_SKIP)[:1].isupper()
    if core == "of":
        return core, before, after, flags | JOIN_OF
    if core == "the":
        return core, before, after, flags | JOIN_THE
    if core in PARTICLES or (core == "new" and capitalised):
        return core, before, after, flags | PARTICLE
    if core in STOPWORDS:
        return "", before, after, flags
    if core.endswith("'s"):
        core, after = core[:-2], True
    elif core.endswith("'"):
        core, after = core.rstrip(_TRAILING_APOSTROPHES), True
    if len(core) < 3 or not core[0].isalpha() or core in STOPWORDS or core in _NEVER_KEYWORDS or (
        core[-1] == "s" and fold_plural(core) in DATE_WORDS  # "Sundays"
    ):
        return "", before, after, flags
    if "-" in core and core.endswith(("ed", "ing")):
        return "", before, after, flags  # "London-based", "Australian-dominated", "record-breaking": adjectives
    if (
        core in _LOWER_CASE_BREAKS
        or (core.endswith("ed") and len(core) > 4 and not core.endswith("eed") and core not in ED_NOUNS)
        or (core.endswith("ly") and len(core) > 4 and core not in LY_NOUNS)
    ):
        if not capitalised:
            return "", before, after, flags
        if core not in GENERIC_WORDS:
            flags |= VERBISH  # "Asked about …" opens a sentence; "Hit Factory", "Alfred" are names
    if core in TITLE_WORDS:
        flags |= TITLE
    return core, before, after, flags


def fold_plural(word: str) -> str:
    """``word`` with a plural ending folded ("rates" → "rate", "companies" → "company"): phrases that
    differ only in number are counted as one."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is", "'s")):
        return word[:-1]
    return word


# The word lists analyse_tokens (etl/enrich/_speedups.c) reads, in the order it expects them.
_LEXICON = (
    PARTICLES, STOPWORDS, _NEVER_KEYWORDS, DATE_WORDS, _LOWER_CASE_BREAKS, ED_NOUNS, LY_NOUNS, GENERIC_WORDS,
    TITLE_WORDS, ENGLISH_FUNCTION_WORDS, PUNCTUATION_TOKENS,
)  # fmt: skip


def _analyse_slow(token: str) -> tuple[str, bool, bool, int, bool, str, str]:
    """What ``analyse_tokens`` needs of a token that is not pure ASCII, by the Python rules: keyword_core(),
    whether it is Capitalised, the plural-folded core and the casefolded token."""
    core, before, after, flags = keyword_core(token)
    capitalised = token.lstrip(_CAPITAL_SKIP)[:1].isupper()
    return core, before, after, flags, capitalised, fold_plural(core) if core else "", token.casefold()


def _ids(known: dict[str, int], words: list[str]) -> array:
    """``known[w]`` for every word, as an array: ``itemgetter`` is the cheapest C-level loop for it."""
    if len(words) > 1:
        return array(IDS_TYPE, itemgetter(*words)(known))
    return array(IDS_TYPE, [known[w] for w in words])


class Vocabulary:
    """The per-process token cache (module docstring); :data:`VOCABULARY` is the one everybody uses."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._state = _State()

    def __len__(self) -> int:
        return len(self._state)

    def tokens(self, text: str) -> Tokens:
        """The :class:`Tokens` of ``text``, adding tokens this process has not seen yet."""
        if self._state.table is not None:
            return self._tokens_c(text)
        words = text.split()
        state = self._state
        try:
            # Warm path (every token seen before): one C-level pass straight into the array.
            ids = _ids(state.ids, words)
        except KeyError:
            with self._lock:
                state = self._add_missing(words)
                ids = _ids(state.ids, words)
        # Tables are read after the ids: a table grown by another thread since still holds every id.
        return Tokens(ids, state.tables, state.keyword_words, " ".join(words))

    def _tokens_c(self, text: str) -> Tokens:
        # One C pass splits, hashes and looks the tokens up without a Python string per token;
        # the lock keeps another thread from reading the rows of a token before they are written.
        with self._lock:
            state = self._state
            raw, unseen, joined = state.table.lookup(text)
            if unseen and len(state) > MAX_TOKENS:
                state = self._state = _State()
                raw, unseen, joined = state.table.lookup(text)
            self._register(state, len(state) - len(unseen), unseen)
        ids = array(IDS_TYPE)
        ids.frombytes(raw)  # native int64, as the C table writes them
        return Tokens(ids, state.tables, state.keyword_words, joined)

    def _add_missing(self, words: list[str]) -> _State:
        state = self._state
        if len(state.ids) + len(words) > MAX_TOKENS:
            state = self._state = _State()
        ids = state.ids
        new = [word for word in dict.fromkeys(words) if word not in ids]
        first = len(ids)
        self._register(state, first, new)
        ids.update(zip(new, range(first, first + len(new))))  # published last, once their rows are written
        return state

    @staticmethod
    def _register(state: _State, first_id: int, tokens: list[str]) -> None:
        """Analyse new distinct ``tokens`` into the table rows ``first_id``…; one array write per table.

        ``analyse_tokens`` (``etl/enrich/_speedups.c``) when built: a cold process meets ~30 new tokens per
        BBC article, and analysing them here was ~0.15 ms of its cost; else :meth:`_register_python`.
        Both write the same rows and hand out the same keyword ids in the same order (tests compare them)."""
        if not tokens:
            return
        end = first_id + len(tokens)
        if end > len(state.tables.hash0):
            state.tables = state.tables.grown(max(2 * len(state.tables.hash0), end))
        if _speedups is None:
            Vocabulary._register_python(state, first_id, tokens)
            return
        t, rows = state.tables, slice(first_id, end)
        hashes, packed, function_word, is_the, punctuation = _speedups.analyse_tokens(
            tokens, _LEXICON, state.keyword_ids, state.keyword_words, _analyse_slow, _BREAKS, _CLOSERS, _CAPITAL_SKIP
        )
        # Same-length slice writes through memoryviews: no copy of the kernel's bytes into a new array.
        memoryview(t.hash0)[rows] = memoryview(hashes).cast("Q")
        memoryview(t.keyword)[rows] = memoryview(packed).cast("Q")
        memoryview(t.function_word)[rows] = memoryview(function_word).cast("B")
        memoryview(t.is_the)[rows] = memoryview(is_the).cast("B")
        memoryview(t.punctuation)[rows] = memoryview(punctuation).cast("B")

    @staticmethod
    def _register_python(state: _State, first_id: int, tokens: list[str]) -> None:
        """:meth:`_register` in Python: the reference for ``analyse_tokens``; the tables have room."""
        t, rows = state.tables, slice(first_id, first_id + len(tokens))
        folded = [token.casefold() for token in tokens]
        t.hash0[rows] = array(
            "Q", [int.from_bytes(blake2b(f.encode("utf-8"), digest_size=8).digest(), "little") for f in folded]
        )
        keyword_ids, keyword_words = state.keyword_ids, state.keyword_words

        def keyword_id(word: str) -> int:
            known = keyword_ids.get(word)
            if known is None:
                known = keyword_ids[word] = len(keyword_words)
                keyword_words.append(word)
            return known

        packed: list[int] = []
        for token, (core, before, after, flags) in zip(tokens, map(keyword_core, tokens)):
            record = _NO_KEYWORD | before << 33 | after << 34 | flags << _FLAG_SHIFT
            if core:
                capitalised = token.lstrip(_CAPITAL_SKIP)[:1].isupper()
                record = keyword_id(core) | capitalised << 32 | keyword_id(fold_plural(core)) << _FOLD_SHIFT | (
                    record & ~_NO_KEYWORD
                )
            packed.append(record)
        t.keyword[rows] = array("Q", packed)
        t.function_word[rows] = array("B", [f in ENGLISH_FUNCTION_WORDS for f in folded])
        t.is_the[rows] = array("B", [f == "the" for f in folded])
        t.punctuation[rows] = array("B", [token in PUNCTUATION_TOKENS for token in tokens])


#: The process's vocabulary. Workers forked after a warm-up share its pages until they add tokens.
VOCABULARY = Vocabulary()
