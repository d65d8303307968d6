"""Offline named-entity extraction: people, organisations and locations.

Only runs of capitalised words are looked at (one pass of a C scanner, or the regex
:data:`_RUN_RE`): connectors such as ``of``, ``and``, ``&``, ``bin`` and hyphenated particles
(``al-Maliki``) may sit inside a run. The word right before and right after a run is its context
(read as a class: a role word such as ``minister``, a sports role such as ``manager``, a verb of saying, ``province``, a result word or a
score, a preposition, punctuation: :data:`CONTEXT_MAP`). Each distinct run is typed once per process
in four steps; what a context can change is left in the run's plan and settled per (run, context),
both cached (the C kernel ``entity_runs`` serves the cached ones):

0. **Sentences.** A run that spans a full stop (``Pinochet. Negotiations``) is typed as one part per
   sentence (:func:`sentence_parts`), each with its own context (``.`` after the first, before the
   next), and each part is cached on its own.
1. **Split.** A run breaks at sentence ends, at words that never belong to a name (sentence
   openers, months, days, wire labels and headline words: :data:`~etl.enrich._NON_ENTITY_WORDS`),
   at demonyms (``pro-European Michael Heseltine``), at possessives (``Britain's``) and at ``and``,
   except where the whole names an organisation (``Moody's Investors Service``, ``Securities and
   Exchange Commission``, ``Procter & Gamble``). A run of three or more words in capitals is a
   headline or a slug: only known names are taken from it, never its words.
2. **Known names**, longest first: hand-written organisations without cue words (agencies, central
   banks, brokers, banks, companies, parties, armed groups, government bodies, clubs:
   :data:`~etl.enrich.ner_lists.KNOWN_ORGANISATIONS`) and the gazetteer's places, normalised to one
   canonical name (``U.S.`` and ``US`` → ``United States``; ``NEW YORK`` is looked up as
   ``New York``). A place followed by a cue word (``London Stock Exchange``) or after ``Bank of`` is
   part of an organisation's name instead.
3. **Cue words and titles.** What is left is an organisation when it ends with a cue word or a
   corporate suffix (``Acme Widgets Inc.``, ``General Motors``; a suffix alone is nothing), or is a
   head before ``of`` (``Ministry of Defence``); a person when titles stand before it (stripped:
   ``Chancellor of the Exchequer Kenneth Clarke`` → ``Kenneth Clarke``; ``Mr Blair`` → the lone
   surname ``Blair``), when it follows an organisation (``State Department Marie Harf``) or when it
   starts with a given name (``David Snow``, :data:`~etl.enrich.ner_lists.FIRST_NAMES` plus those
   learned from wikigold).
   A role word before the run (``airport manager David Snow``, ``a WHO spokeswoman, X``) marks a
   person too, and so does a verb of saying next to two unknown name words (``said Juergen Kessel``).
4. **The learned model** (:mod:`etl.enrich.ner_model`) types the rest from the piece's words, shapes,
   list memberships and context: person, organisation, location, or nothing. One unknown word
   before ``province`` or after ``in`` is a place.

Context decides the type: a town alone in its run next to a score or a result word is a club
(``Liverpool beat Everton 2-1``), and then the club throughout the document; so are unknown words
and a town before a score (``Vitesse Arnhem 2``) and one unknown word that opens a results line or
stands between scores (``Stoke 0 Sheffield United 2``); a town in capitals before a number is a wire
dateline (``LONDON 1996-08-24``), never a club. Wire sports pages (ner3): a town of two words or a
state alone next to a score is a club too (``Kansas City 7 Oakland 2``, ``Chicago 4 Minnesota 3``;
never after ``in``/``from``/``of``), and so are a town and a nickname (``Bradford Bulls 32``); a town
in capitals next to a number, or where a dateline stands (``AKRON, Ohio 1996-08-23``), is settled by
the document (:func:`_caps_clubs`: before a date it is the dateline's place, in a standings row or a
results line the club, ``NEW YORK 74 58 .561`` → ``New York``); a cricket county next to a score or
a result word makes every county of the page a club (``Essex 320 for 6 v Somerset``); a name before
its country in brackets is a person (``Byron Black (Zimbabwe) beat ...``, not ``Parma (Italy) 2``,
:func:`_players`), a word in brackets before a
minute a scorer (``(Liddell 30``), and after a side's goals every name before a minute in the
brackets (``PSV Eindhoven 3 (Nilis 12, 40, Cocu 77)``), an initial and a name a person (``M. Atherton``);
``May`` and ``June`` after a given name are a surname (``David May``), and a nationality noun before a
name is no part of it (``Swede Per-Ulrik Johansson``, ``Dutchman``: :data:`~etl.enrich.ner_lists.DEMONYMS`);
a name before a lower-case ``party`` or ``newspaper``, or after ``the newspaper``/``the daily``, is an
organisation throughout the document (``the Safina party``, ``the daily Le Monde``: :func:`_cued_organisations`),
and one or two name words before ``Bank of`` are the bank's (``State Bank of Pakistan``). On a sports
page a town or a one-word name after ``against``, ``beat``, ``drew with`` or ``lost to`` is the club
(:func:`_opponents`); the last word of a known club's or organisation's name alone is its short form,
no person (``Villa`` beside ``Aston Villa``); a possessive in capitals is one (``RUSSIA'S``). Unknown words with no given name after ``in`` or
``from`` are a place even when the model says person (``exports from Lago Agrio``); a sea's head
word before ``of`` belongs to the place (``Gulf of Mexico``). Then, per document: a word that only
the model typed and that the document also writes in lower case is a common word opening a sentence
(``Negotiations`` beside ``the negotiations``); the name after ``Hurricane`` or ``Operation`` is no
entity anywhere in the document (``Katrina`` alone later); a
lone surname resolves to the full name seen in the document (``Sharif`` → ``Nawaz Sharif``); a
short form resolves to the organisation seen in full (``The Post`` → ``The Washington Post``; one
word the model typed that starts an organisation's name, ``Meridian`` beside ``Meridian Freight Co
Inc``, is that organisation); a name that is a person or an organisation in the document is not also
a place.

**One name, one entity** (ner4): a one-word place or organisation that is a word of a person's name
in the document is that person, whoever typed it (``Laden`` beside ``Osama bin Laden``, ``Powell``
beside ``Colin Powell``); a country and a known organisation stay (``Jordan``, ``Ford``). After a given
name, a one-word known organisation or a country is a surname (``Tom Ford``, ``Michael Jordan``), and
a small town of two words before unknown name words part of the name (``Aung San Suu Kyi``). A person
before ``of``/``for``/``and`` stays a person (``Nick Bubb of Evolution Securities``: the person and
the organisation, not one organisation); a company ``of`` its town is the company and the town
(``Acme Corp of Richmond``); a town, a comma and a state's abbreviation with or without its dot is the
town and the state (``Austin, Tex``; ``Ill``, ``Mass``, ``Miss`` ... only after a known town or before
punctuation: :func:`_towns_of_states`). A work's title after ``film``, ``drama``, ``album`` or
``comedy`` is no name anywhere in the document (``the film Vera Drake``); a hyphenated adjective names
nothing (``Serb-held``, ``Los Angeles-based``); one unknown word alone opening a sentence is no place
on the model's word alone (``Chirac told Kohl``: a subject is a person or a word far more often).
None of these changes the pieces the model is trained on (``make ner-model`` gives the same weights).

**Agency copy** (own7): initials before a surname are one person, however many (``P. Chidambaram``,
``M.A. Atkinson``, ``G.V.G. Krishnamurthy``), also where the surname is a town, and before ``of``; a
given name and lower-case particles keep a club's or town's name as the surname (``Jose Eduardo dos
Santos``); a rugby or cricket position opening a sentence is a title (``Scrum-half Joost van der
Westhuizen``); a family name and a hyphenated given name are a person (``Tung Chee-hwa``,
``Kim Young-sam``); a title's portfolio after ``for``/``of`` ends at a given name (``Assistant
Secretary of State for Near Eastern Affairs Robert Pelletreau``); long names with ``of``/``for`` are known in full (``Liberation Tigers of Tamil Eelam``,
``Federal Reserve Bank of New York``; a run stops before ``in``, so ``Organisation for Security and
Cooperation`` is written in full); a region or town (not a country: ``US Federal Reserve`` is a place
and an organisation) opens a known party's or armed group's name (``Kurdistan Democratic Party``); a
name word or two before a known ``Bank of`` are the bank's (``Royal Bank of Canada``); ``Directorate
General of`` is a head, no general; a sentence's opening noun before a company is no part of it
(``Rival Advanced Micro Devices Inc``); a cue word alone names nothing (``Airport manager``, ``Police
said``; newspapers' and clubs' words still do: ``the Observer``, ``United``). Results pages: a
rider's or a driver's team between the country's brackets and a time is an organisation (``(Belgium)
Mapei 6 hours``, ``(Britain) Williams 1:50.574``); on a cricket scorecard the names after ``c``,
``b`` and ``st`` are players, a town's name too (``b Cork 12``), and ``Extras``/``Total`` no names;
a town in capitals that ends a capitals run before a number is a club candidate (a standings
table's header joined to its first row, ``W L PCT GB NEW YORK 74 56``); a province alone next to a
score is its side (``Natal 24 Western Province 18``); a town the gazetteer leaves out is a club between
scores (``HOUSTON 110 Phoenix 95``); a town and a plural club nickname are one club
anywhere (``Newcastle Falcons``, ``Sale Sharks``, ``Dallas Cowboys``: :data:`~etl.enrich.ner_lists.SPORTS_NICKNAMES`); a region before ``Division`` or ``Conference`` is
a league's division, no ocean (``ATLANTIC DIVISION``), ``Group C`` a competition's group, ``OT`` no acronym, and an event named after a place or a body
names neither (``Tour de France``, ``UEFA Cup``); a known party ``of`` a
country or region is one name (``Socialist Party of Serbia``). Rules that would change
the model's training pieces apply to extraction only (``collect is None``), so the weights stay.

Lists are de-duplicated, keep first-seen order and are capped at :data:`MAX_PER_KIND`.

**Cost** (issues 13 and 15: on new text every run is typed for the first time). Measured with
``python -m tools.bench.entities --base a9e853c --base ner2`` (BBC 1x, fresh interpreters, CPU time
of ``extract_entities`` only; BENCHMARKS.md): cold 0.42 ms per article before this work, 0.32 after,
with the same entities for every article (a9e853c, before any of the entity work: 0.12). What paid,
in order: the model's context-free scores summed from per-token weight vectors instead of feature
names built per piece (the same vectors in the same order, so the same floats:
:meth:`~etl.enrich.ner_model.Model.scores_free`); one dict probe per name length in the gazetteer;
**plans kept as plain tuples** (:func:`_piece`), not objects holding token objects and lists: those
left ~25,000 objects per BBC 1x for the garbage collector to track, and its full passes cost ~20 %
of a cold pass; a one-word clause that starts no known name straight to :func:`_classify_gap`. What
is left, ~20 µs of Python per distinct run (~25,000 in BBC 1x), is spread over the rule steps (no
function above 10 % of a profile); the ~0.2 ms per article aimed at needs the rules themselves in C
(the run typing down to :func:`_piece_items`, with the lists and the model's weights handed over
once), which was not done: a second copy of the rules to keep equal. The wire classes of ner3 cost
nothing measurable on BBC 1x (three ABBA runs against main, cold +2 %, +10 % in a load spike, 0 %):
their per-document steps run only where a cached run result marks the document, and the players'
brackets are found with a one-character ``str.find``.

Issue 13's "no slower than a9e853c" (branch fast7): what is left is flat. Of a cold pass over BBC 1x,
building plans is ~12 µs per distinct run (~25,500 runs, ~0.30 s), resolving them in their contexts
~0.10 s, first-time token facts ~0.06 s; no function has 10 % of the samples. Caching below the run
would rarely hit (1,190 of 22,285 pieces and 1,373 of 24,398 gaps recur with the same tokens and
flags), so the cost is the rules' interpretation, and halving it needs them in C. Compiling this module
unchanged with Cython cut cold typing ~16 % (with :mod:`~etl.enrich.ner_model` and
:mod:`~etl.enrich.keywords` too, the whole ``etl parse`` ~4 %; the same output) and was not adopted: a
build dependency, and a compiled module that silently shadows edits to this file until the next build. Kept: the model's context sums
written out (:meth:`~etl.enrich.ner_model.Model.predict_with`), run tokens built with one unpacking, and
``entity_runs`` keying the context words from Latin-1 bytes and reusing the run's string for its key:
cold 0.325 → 0.312 ms per article, warm 0.063 → 0.061 (``tools.bench.entities --base main --runs 3``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from etl.enrich import ner_lists
from etl.enrich.gazetteer import (
    AMBIGUOUS_CITY_NAMES,
    AMBIGUOUS_STATE_ABBREVIATIONS,
    SINGLE_TOKEN_MIN_POPULATION,
    STATE_AFTER_TOWN,
    Gazetteer,
    Place,
    get_gazetteer,
)
from etl.enrich.lexicon import STOPWORDS
from etl.enrich.ner_model import Model, features, get_model

MAX_PER_KIND = 25

# Deliberately simple (no alternation of abbreviations, no look-behind): trailing dots and
# possessives are sorted out per token in Python, once per distinct run.
_RUN_RE = re.compile(
    r"[A-Z][\w'’&.-]*(?:[ \u00a0](?:(?:of|the|for|de|del|da|der|van|von|bin|al|du|la|le|and|&|dos|di|ibn)[ \u00a0]){0,2}"
    r"(?:(?:al|el|ad|as|ash|an|ar|at|az|bin|ben|abu|ibn)-)?[A-Z][\w'’&.-]*)*"
)

try:
    from etl.enrich._speedups import (
        capitalised_runs as _find_runs,  # = _RUN_RE.findall, ~3× faster
    )
except ImportError:  # not built (no C compiler at install)
    _find_runs = _RUN_RE.findall

_ABBREVIATIONS = frozenset(
    "Mr. Mrs. Ms. Dr. St. Gov. Sen. Rep. Gen. Lt. Col. Capt. Sgt. Prof. Rev. Jr. Sr. Inc. Corp. Ltd. Co. "
    "Mt. Ft. Pres. Supt. Insp. Bros. Maj. Adm. Cmdr. Lieut. Cos. Fr. Mgr. No. Nos. Vol. Ave. Blvd.".split()
)
_NAME_WORDS = r"[A-Z][\w'’-]*(?: (?:[A-Z][\w'’-]*|de|of|for))*"
#: The name right before a cue word (searched backwards from the cue, in a window of
#: :data:`_CUE_WINDOW` characters) and right after one.
_NAME_BEFORE = re.compile(rf"(?<![\w'’-])({_NAME_WORDS})\Z")
_NAME_AFTER = re.compile(_NAME_WORDS)
_CUE_WINDOW = 80
#: (cue, whether the name stands before it, after it): found with str.find, not a regex scan of the
#: whole text (that cost 0.2 ms per article that has a cue, 0.03 ms over all of BBC 1x).
_ORG_CUE_WORDS = ((" party", True, False), (" newspaper", True, True), (" daily", True, True))
_NETWORK_RE = re.compile(r"([A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,3}) network\b")
_DEMONYM_PLURAL = re.compile(r"^[A-Z][a-z]{2,}(?:ians|eans|ans|ese|ites)$|^[A-Z]{2,5}s$")  # also "PCs", "MPs"
_HYPHENATED_GIVEN_NAME = re.compile(r"^[A-Z][a-z]{1,5}-[a-z]{2,5}$")
_ADJECTIVE_SHAPE = re.compile(r"^[A-Z][a-z]+-[a-z]+$|^[A-Z][a-z]+(?:ional|ative|itive|ous|ful|less|ible|able)$")
_ABSTRACT_NOUN = re.compile(r"^[A-Z][a-z]{3,}(?:tions?|sions?|ments?|ities|isms?|ships?)$")
_INITIALISM_RE = re.compile(r"^(?:[A-Z]\.)+$|^(?:[A-Z]\.){2,}[A-Z]?$|^[A-Z][a-z]?\.$")
_ACRONYM_RE = re.compile(r"^[A-Z][A-Z&]{1,4}$")
_ROMAN_RE = re.compile(r"^(?=[MDCLXVI])M{0,3}(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})$")
_NAME_TOKEN_RE = re.compile(
    r"^(?:[A-Z][a-z]+(?:[A-Z][a-z]{2,})?|(?:Mc|Mac|O['’]|D['’])[A-Z][a-z]+|[A-Z]\.|(?:al|el|bin|abu|ibn|ben|ad|as|ash)-[A-Z][a-z]+)"
    r"(?:[-'’][A-Za-z][a-z]+)*(?:-[A-Z][a-z]+)*$"
)
#: A person's initials (``P.``, ``M.A.``, ``G.V.G.``): what follows them is a name, never a town.
_INITIALS_RE = re.compile(r"^(?:[A-Z]\.){1,3}$")
#: Dotted abbreviations that are no one's initials (places and bodies the lists do not hold).
_DOTTED_ABBREVIATIONS = frozenset("D.C. B.C. A.D. A.M. P.M. A.U. U.A.E. S.A. F.S.B. N.Y. L.A. R.I.P. E.C. I.D.".split())
_INITIALS: dict[str, bool] = {}


def _is_initials(word: str) -> bool:
    """``P.``, and ``M.A.`` or ``G.V.G.`` unless it is a place's or a body's abbreviation (``U.S.``, ``U.N.``, ``D.C.``)."""
    found = _INITIALS.get(word)
    if found is None:
        found = _INITIALS_RE.match(word) is not None and (
            len(word) == 2
            or (word not in _DOTTED_ABBREVIATIONS and word not in _LEXICON.by_first and get_gazetteer().get(word) is None)
        )
        if len(_INITIALS) >= _TOKEN_CACHE_MAX:
            _INITIALS.clear()
        _INITIALS[word] = found
    return found
_CONNECTORS = frozenset("of the for de del da der van von bin al du la le and & dos di ibn".split())
_NAME_PARTICLES = frozenset("de del da der van von bin al du la le dos di ibn".split())
# Cache sizes bound a worker's memory on an endless stream of new names (each cache starts over
# when full; results never depend on what is cached): ~40 MB for the run caches at their caps.
_RUN_CACHE_MAX = 100_000
_TOKEN_CACHE_MAX = 50_000

#: Kept for callers of the previous module: the title words stripped from the front of a name.
TITLE_WORDS = ner_lists.TITLES
ORG_CUES = ner_lists.ORG_CUES
NEWSPAPER_CUES = ner_lists.NEWSPAPER_CUES

#: Tokens that make a piece a thing, not a person (``Premier League``, ``Downing Street``).
NON_PERSON_TOKENS = frozenset(
    """
    League Cup Street Road Avenue Square Lane Park Stadium Arena Hall Awards Award Festival Championship
    Championships Open Games Day Week Year Office House Court Club Cross Bridge Station Airport Centre
    Center Tower Palace Castle Abbey Cathedral Prize Trophy Series Show Tour Act Bill Law Treaty Plan
    Report Index Fund Wars War Revolution Empire Kingdom Republic Province Region District County State
    States Valley Mountains Hills River Lake Sea Ocean Island Islands Coast Strait Canal Gate Gardens
    System Network Online Software Phone Mobile Radio Television Channel Music Records Album Film Movie
    Book Prize Grand Prix Slam Tournament Trust Fund Programme Program Project Scheme Initiative Zone
    Agreement Accord Convention Protocol Declaration Charter Constitution Conference Summit Olympics
    Olympic Mosque Church Temple Prison Camp Base Hospital Hotel Building Museum Line Field Plaza Mall
    """.split()
)
#: Where a place ends and an organisation's name goes on: ``London Stock Exchange``.
_PLACE_TO_ORG = (ner_lists.ORG_CUES | ner_lists.NEWSPAPER_CUES) - {"Airport", "Review", "Independent", "Sun", "Star",
                                                                  "Nation", "Standard"}
#: A result verb or a score next to a town makes it a club: ``Liverpool beat Everton 2-1``.
_CLUB_AFTER = frozenset(("#", "result"))
_CLUB_BEFORE = frozenset(("#", "against", "over", "result"))
_ROLE = frozenset(("role", "role,", "coach", "coach,"))


@dataclass(slots=True)
class Entities:
    """People, organizations and locations found in one text, first-seen order, deduplicated."""

    people: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)


@dataclass(slots=True)
class _Tok:
    raw: str  # as written, minus a sentence-final dot
    bare: str  # possessive removed
    poss: bool
    end: bool  # a sentence ends after it
    first: bool = False  # the run's first token: the word before the run is its context
    last: bool = False  # the run's last token: the word after the run is its context


class _Lexicon:
    """Known organisations indexed by first token, candidates longest first."""

    def __init__(self, names: tuple[str, ...]) -> None:
        by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        for name in names:
            tokens = tuple(name.split())
            by_first.setdefault(tokens[0], []).append((tokens, name))
        for candidates in by_first.values():
            candidates.sort(key=lambda c: -len(c[0]))
        self.by_first = by_first

    def match_at(self, words: list[str], bare: list[str], i: int) -> tuple[int, str] | None:
        candidates = self.by_first.get(words[i]) or self.by_first.get(bare[i])
        if candidates is None:
            return None
        n = len(words)
        for tokens, name in candidates:
            k = len(tokens)
            if i + k > n:
                continue
            if all(words[i + j] == tokens[j] for j in range(k - 1)) and tokens[-1] in (words[i + k - 1], bare[i + k - 1]):
                return k, name
        return None


# The lists as module globals: the typing code reads them per word, and a global is one lookup.
_ORG_CUES = ner_lists.ORG_CUES
_CORPORATE_SUFFIXES = ner_lists.CORPORATE_SUFFIXES
_TITLES = ner_lists.TITLES
_ORG_HEADS = ner_lists.ORG_HEADS
_NEWSPAPER_CUES = ner_lists.NEWSPAPER_CUES
_STRONG_TITLES = ner_lists.STRONG_TITLES
_NON_ENTITY_WORDS = ner_lists.NON_ENTITY_WORDS
_WATER_HEADS = ner_lists.WATER_HEADS
_MISC_PHRASES = ner_lists.MISC_PHRASES
_DEMONYMS = ner_lists.DEMONYMS
_SENTENCE_OPENERS = ner_lists.SENTENCE_OPENERS
_PLACE_ENDINGS = ner_lists.PLACE_ENDINGS
_MISC_WORDS = ner_lists.MISC_WORDS
_MISC_HEADS = ner_lists.MISC_HEADS
_GEO_WORDS = ner_lists.GEO_WORDS
_ORG_OPENERS = ner_lists.ORG_OPENERS
_SPORTS_NICKNAMES = ner_lists.SPORTS_NICKNAMES
_LEXICON = _Lexicon(tuple(dict.fromkeys(
    ner_lists.KNOWN_ORGANISATIONS + ner_lists.CLUBS + ner_lists.SPORTS_CLUBS + ner_lists.WIRE_ORGANISATIONS
)))
_SPORTS_NAMES = frozenset(ner_lists.CLUBS + ner_lists.SPORTS_CLUBS)
_COUNTY_CLUBS = ner_lists.COUNTY_CLUBS
_ORG_TAIL = ner_lists.ORG_CUES | ner_lists.CORPORATE_SUFFIXES

_ORG_ALIASES = {
    "Qaida": "al-Qaida", "Qaeda": "al-Qaeda", "Shabab": "al-Shabab", "Reuter": "Reuters",
    # a run stops before "in": the name as written in full
    "Organisation for Security and Cooperation": "Organisation for Security and Cooperation in Europe",
    "Organization for Security and Cooperation": "Organization for Security and Cooperation in Europe",
}
_STOPWORDS = STOPWORDS


def _token_parts(token: str) -> tuple[str, str, bool, bool]:
    """(raw, bare, possessive, sentence end) of one token of a run; cached per process."""
    parts = _TOKEN_PARTS.get(token)
    if parts is None:
        raw, end = token, False
        if token.endswith(".") and token not in _ABBREVIATIONS and _INITIALISM_RE.match(token) is None:
            raw = token.rstrip(".")
            end = True
        bare, poss = raw, False
        if raw.endswith(("'s", "’s")) or (raw.endswith(("'S", "’S")) and raw.isupper()):
            bare, poss = raw[:-2], True  # "RUSSIA'S" in a capitals headline too
        elif raw.endswith(("s'", "s’")):
            bare, poss = raw[:-1], True
        parts = (raw, bare, poss, end)
        if len(_TOKEN_PARTS) >= _TOKEN_CACHE_MAX:
            _TOKEN_PARTS.clear()
        _TOKEN_PARTS[token] = parts
    return parts


_TOKEN_PARTS: dict[str, tuple[str, str, bool, bool]] = {}


def _tokens(run: str) -> list[_Tok]:
    out: list[_Tok] = []
    get = _TOKEN_PARTS.get
    for token in run.split():
        parts = get(token) or _token_parts(token)
        if parts[1]:
            out.append(_Tok(*parts))  # one unpacking, not four names (a run of ~3 tokens: ~0.3 µs)
        elif out:
            out[-1].end = out[-1].end or parts[3]
    return out


#: What the words next to a run are read as (:func:`_contexts_py`): context words as themselves, a
#: role word before a comma as ``role,`` ("a WHO spokeswoman, Aphaluck Bhatiasevi"), punctuation as itself.
CONTEXT_MAP: dict[str, str] = {
    **{w: w for w in ner_lists.CONTEXT_WORDS},
    **{w: "role" for w in ner_lists.ROLE_WORDS},
    **{w: "said" for w in ner_lists.SAID_WORDS},
    **{w: "place" for w in ner_lists.PLACE_NOUNS},
    **{w: "result" for w in ner_lists.RESULT_WORDS},
    **{w: "in" for w in ("in", "near", "outside", "across", "around")},
    **{"," + w: "role," for w in ner_lists.ROLE_WORDS},
    **{w: "coach" for w in ner_lists.SPORTS_ROLE_WORDS},  # "Newcastle manager Kevin Keegan": a club before it
    **{"," + w: "coach," for w in ner_lists.SPORTS_ROLE_WORDS},
    **{c: c for c in ",.;:!?()\"“”‘’'-–—"},
    **{d: "#" for d in "0123456789"},
}


def _ascii_alpha(ch: str) -> bool:
    return ("a" <= ch <= "z") or ("A" <= ch <= "Z")


def _contexts_py(text: str, start: int, words: dict[str, str] = CONTEXT_MAP) -> list[tuple[str, str, str]]:
    """(run, before, after) for every capitalised run (= the C kernel ``capitalised_runs_context``).

    ``before``/``after``: ``words[w]`` for the ASCII word next to the run, lower-cased (``*`` when not in
    ``words``); the punctuation mark or digit standing there (``*`` when not in ``words``), also a digit
    one space after the run; ``^`` at the start of the text or a line, ``$`` at its end; after a comma,
    ``words["," + word before the comma]`` (``,``).
    """
    out = []
    n = len(text)
    for m in _RUN_RE.finditer(text, start):
        begin, end = m.span()
        j = begin - 1
        while j >= start and text[j] == " ":
            j -= 1
        if j == begin - 1 and j >= start and _ascii_alpha(text[j]):
            before = "~"  # "iPod": the run starts inside a word (no name; extract_entities skips it)
        elif j < start or text[j] == "\n":
            before = "^"
        elif text[j] == ",":
            k = j
            while k > start and j - k < 24 and _ascii_alpha(text[k - 1]):
                k -= 1
            before = words.get("," + text[k:j].lower(), ",")
        elif _ascii_alpha(text[j]):
            k = j + 1
            while k > start and j + 1 - k < 24 and _ascii_alpha(text[k - 1]):
                k -= 1
            before = words.get(text[k : j + 1].lower(), "*")
        else:
            before = words.get(text[j], "*")
        if end >= n or text[end] == "\n":
            after = "$"
        elif text[end] == " ":
            k = m2 = end + 1
            while m2 < n and m2 - k < 24 and _ascii_alpha(text[m2]):
                m2 += 1
            if m2 > k:
                after = words.get(text[k:m2].lower(), "*")
            else:
                after = words.get(text[k], "*") if k < n and "0" <= text[k] <= "9" else "*"
        else:
            after = words.get(text[end], "*")
        out.append((m.group(), before, after))
    return out


try:
    from etl.enrich._speedups import entity_runs as _entity_runs
except ImportError:  # not built: the same keys from _contexts_py, the same results
    _entity_runs = None


def _lookup_form(token: str) -> str:
    """``NEW`` → ``New`` for gazetteer lookups of words in capitals (``U.S.`` and short acronyms stay)."""
    if len(token) > 2 and token.isupper() and "." not in token:
        return "-".join(part.capitalize() for part in token.split("-"))
    return token


def _is_acronym(token: str) -> bool:
    return (
        _ACRONYM_RE.match(token) is not None
        and token not in _NON_ENTITY_WORDS
        and token not in _CORPORATE_SUFFIXES
        and _ROMAN_RE.match(token) is None
        and token not in ("TV", "PM", "AM", "OK", "CEO", "CFO", "GMT", "ID", "PC", "CD", "DVD", "MP", "MPS", "GDP",
                          "HIV", "AIDS", "SARS", "DNA", "PR", "RV", "FM", "AM", "EP", "MVP", "ERA", "VAT", "IPO", "UTC", "EST",
                          "EDT", "BST", "CET", "PST", "PDT", "AIDS", "USD", "EUR", "GBP", "JPY", "CPI", "PPI", "OT", "SO")
    )


class _Out:
    """What typing a run gives: (kind, name) items and, where the words around the run decide, steps
    left for :func:`_resolve` (a plan, when ``prev``/``nxt`` are ``None``)."""

    __slots__ = ("gaz", "items", "model", "nxt", "prev")

    def __init__(self, prev: str | None, nxt: str | None, gaz: Gazetteer, model: Model) -> None:
        self.items: list = []
        self.prev = prev
        self.nxt = nxt
        self.gaz = gaz
        self.model = model

    def add(self, kind: str, name: str) -> None:
        if name and (kind, name) not in self.items:
            self.items.append((kind, name))

    def defer(self, step) -> None:
        """A decision that needs the run's context: taken now when it is known, else left in the plan."""
        if self.prev is None:
            self.items.append(step)
        else:
            for kind, name in _step_items(step, self.prev, self.nxt, self.gaz, self.model):
                self.add(kind, name)


def _classify_run(
    run: str, gaz: Gazetteer, model: Model, collect: list | None = None, prev: str | None = "", nxt: str | None = "",
) -> tuple:
    """Entities of one capitalised run: ("P"|"S"|"O"|"L"|..., name) pairs.

    ``prev``/``nxt``: the context words around the run (:func:`_contexts_py`); ``None`` for both gives
    the run's *plan*: the items no context changes, and in their place the steps that need one
    (:func:`_resolve` finishes a plan for a context, cheaply, so a run is typed once whatever
    stands around it). ``collect``: the build script's hook; every piece handed to the model is
    appended with its features (needs a context).
    """
    out = _Out(prev, nxt, gaz, model)
    clause: list[_Tok] = []
    toks = _tokens(run)
    if toks:
        toks[0].first = True
        toks[-1].last = True
    for tok in toks:
        clause.append(tok)
        if tok.end:
            _classify_clause(clause, gaz, model, out, collect)
            clause = []
    if clause:
        _classify_clause(clause, gaz, model, out, collect)
    return tuple(out.items)


def _resolve(plan: tuple, prev: str, nxt: str, gaz: Gazetteer, model: Model) -> tuple[tuple[str, str], ...]:
    """The items of a run's plan (:func:`_classify_run`) in the context ``prev``/``nxt``
    (= :meth:`_Out.add` of each item, :meth:`_Out.defer` of each step, without an ``_Out``: this
    runs for every new context of every run)."""
    items: list[tuple[str, str]] = []
    for step in plan:
        for item in (step,) if type(step) is tuple and len(step) == 2 else _step_items(step, prev, nxt, gaz, model):
            if item[1] and item not in items:
                items.append(item)
    return tuple(items)


def _step_items(step, prev: str, nxt: str, gaz: Gazetteer, model: Model) -> list[tuple[str, str]]:
    """What a plan's step (a piece, :func:`_piece`, or a club's test) gives in the context ``prev``/``nxt``."""
    if type(step) is tuple:
        return _piece_items(step, prev, nxt, gaz, model)
    return step.resolve(prev, nxt, gaz, model)


def _is_caps(token: str) -> bool:
    """Written in capitals, with at least two letters (``US``, ``U.S.``, ``NEW``; not ``A.``)."""
    return token.isupper() and (len(token) > 2 or token.isalpha())


def _classify_clause(clause: list[_Tok], gaz: Gazetteer, model: Model, out: _Out, collect: list | None) -> None:
    if len(clause) == 1:
        # One word (half the runs) that starts no known organisation or place: the loop below would
        # hand it to _classify_gap as it is (possessive or not), so do that without the loop.
        tok = clause[0]
        b = tok.bare
        if b in _SCORER_WORDS:
            out.add("k", b)  # "Scorers: Vialli (34th), Ravanelli 67": the document names scorers (_scorers)
            return
        if b in STATE_AFTER_TOWN and tok.first and tok.last:
            if out.prev is None:  # a plan: the word before the run decides
                out.defer(_InContext(tok.raw))
                return
            if out.prev == ",":
                out.add("a", b)  # "Austin, Tex": the document finds the town and the state (_towns_of_states)
                return
        if b in _COUNTY_CLUBS and (tok.first or tok.last):
            out.defer(_Club(b, b, tok.first, tok.last, False))  # "Essex 320 for 6", "v Somerset"
            return
        if len(b) > 3 and b.isupper() and b.isalpha() and b.capitalize() in AMBIGUOUS_CITY_NAMES and (tok.first or tok.last):
            out.defer(_Club(b, None, tok.first, tok.last, True))  # "ORLANDO 7 6 .538": a standings row; else nothing
            return
        if (
            b in AMBIGUOUS_CITY_NAMES and tok.first and tok.last and b not in _NON_ENTITY_WORDS and b not in _SENTENCE_OPENERS
            and collect is None
        ):
            # "HOUSTON 110 Phoenix 95": a town the gazetteer leaves out, between scores, is a club;
            # elsewhere the word as any other ("Clinton said")
            if out.prev is None:
                out.defer(_InContext(tok.raw))
                return
            if out.nxt == "#" and out.prev == "#":
                out.add("O", b)
                out.add(*_SPORTS)
                return
        form = _lookup_form(b) if b.isupper() else b
        lex_first, gaz_first = _LEXICON.by_first, gaz.first_tokens
        if tok.raw not in lex_first and b not in lex_first and (
            not form[:1].isupper() or (b not in gaz_first and form not in gaz_first)
        ):
            _classify_gap(clause, gaz, model, out, False, collect)
            return
    words = [t.raw for t in clause]
    bare = [t.bare for t in clause]
    if any(map(str.isupper, bare)):
        headline = len(clause) >= 3 and sum([_is_caps(w) for w in bare if w not in _CONNECTORS]) >= 3
        forms = [_lookup_form(b) for b in bare]
    else:
        headline, forms = False, bare
    if "St" in forms or "ST" in forms:  # "St Louis", "ST LOUIS", "St Petersburg": the gazetteer writes "St."
        forms = ["St." if f in ("St", "ST") else f for f in forms]
    # Most words start no known name: two dict probes rule both lists out before any matching.
    lex_first = _LEXICON.by_first
    gaz_first = gaz.first_tokens
    gap: list[_Tok] = []
    after_org = False
    org_lead: tuple = ((), 0)  # (gap, where in it) a place opening an organisation's name starts ("Kurdistan ...")
    i, n = 0, len(clause)
    while i < n:
        found = _LEXICON.match_at(words, bare, i) if words[i] in lex_first or bare[i] in lex_first else None
        if found is None and forms is not bare and forms[i] in lex_first:
            found = _LEXICON.match_at(forms, forms, i)  # "NY RANGERS", "GENERAL MOTORS": names of two words or more
            if found is not None and found[0] < 2:
                found = None
        place = None
        if forms[i][:1].isupper():
            if bare[i] in gaz_first:
                place = gaz.match_at(bare, i)
            if place is None and forms is not bare and forms[i] in gaz_first:
                place = gaz.match_at(forms, i)
            if place is not None and place[0] == 1 and (
                bare[i] in _NON_ENTITY_WORDS or (bare[i] in _TITLES and i + 1 < n and bare[i + 1] in _TITLES)
            ):
                place = None  # "RUGBY UNION - ...": a slug word, not the town of that name; "Dalai Lama" a title
            if place is not None and i + place[0] < n and (
                (bare[i + place[0]] == "of" and bare[i] in _WATER_HEADS)  # "Gulf of Mexico", not "Gulf"
                or " ".join(bare[i : i + place[0] + 1]) in _MISC_PHRASES  # "Gulf War"
                or (forms[i + place[0]] in _DIVISION_WORDS and place[1].kind == "region" and collect is None)
            ):
                place = None  # "ATLANTIC DIVISION", "Pacific Conference": a league's division, no ocean
            elif place is not None and i >= 2 and " ".join(bare[i - 2 : i + place[0]]) in _MISC_PHRASES and collect is None:
                place = None  # "Tour de France": an event, no place (the whole goes on as unknown words)
        if place is not None and (_place_in_org(clause, gap, i + place[0]) or _place_in_name(clause, gap, i, place, model)):
            if found is None:
                if org_lead[0] is not gap:
                    org_lead = (gap, len(gap))
                gap.extend(clause[i : i + place[0]])  # "New York" of "The New York Times" stays whole
                i += place[0]
                continue
            place = None
        if (
            found is not None and found[0] == 1 and gap and not gap[-1].poss
            and gap[-1].bare.lower() not in model.common_words and gap[-1].bare not in _TITLES
            and (gap[-1].bare in model.first_names or (len(gap) >= 2 and gap[-2].bare in _TITLES))
            and _NAME_TOKEN_RE.match(gap[-1].bare) is not None
            and (i + 1 == n or clause[i].poss or clause[i].end or bare[i + 1] not in _ORG_TAIL)
        ):
            # "Tom Ford", "actor Harrison Ford": a one-word organisation after a given name, or after a
            # title and a name, is a surname
            found = None
        elif (
            found is not None and found[0] == 1 and len(gap) >= 2 and gap[-1].bare in _NAME_PARTICLES
            and gap[-1].raw.islower() and not gap[-2].poss and gap[-2].bare in model.first_names
            and (i + 1 == n or clause[i].poss or clause[i].end or bare[i + 1] not in _ORG_TAIL) and collect is None
        ):
            found = None  # "Jose Eduardo dos Santos": after a given name and a particle, a surname
        if (
            found is not None and i + found[0] < n and collect is None
            and " ".join(bare[i : i + found[0] + 1]) in _MISC_PHRASES
        ):
            # "UEFA Cup": a known organisation's event names no organisation
            if gap and not headline:
                _classify_gap(gap, gaz, model, out, after_org, collect)
            gap, after_org = [], False
            i += found[0] + 1
            continue
        if found is not None and (place is None or found[0] >= place[0]):
            lead: list[_Tok] = []
            if (
                org_lead[0] is gap and gap and gap[-1] is clause[i - 1] and found[1].rsplit(" ", 1)[-1] in _PARTY_WORDS
                and not headline and collect is None and (lead_place := gaz.get(_name_of(gap[org_lead[1] :]))) is not None
                and lead_place.kind != "country"
            ):
                # "Kurdistan Democratic Party": a region or a town before a known party or armed group
                # opens its name; a country stays a place ("US Democratic Party": a place, a party). Not
                # while building the model: its pieces stay as they were.
                lead, gap = gap[org_lead[1] :], gap[: org_lead[1]]
            elif found[1].startswith("Bank of ") and gap and gap[-1] is clause[i - 1] and not headline and collect is None:
                # "Royal Bank of Canada", "National Bank of Greece": a name word or two before a known
                # "Bank of" are the bank's (as in "State Bank of Pakistan", :func:`_classify_piece`)
                k = len(gap)
                while k > 0 and len(gap) - k < 2 and _bank_name_word(gap[k - 1], model):
                    k -= 1
                lead, gap = gap[k:], gap[:k]
            if gap:
                if not headline:
                    _classify_gap(gap, gaz, model, out, after_org, collect)
                gap = []
            j = i + found[0]
            e = j
            while e < n and not clause[e - 1].poss and not clause[e - 1].end and (
                bare[e] in _ORG_TAIL
                or (bare[e] in ("and", "&") and e + 1 < n and bare[e + 1] in _CORPORATE_SUFFIXES)
            ):
                e += 1
            if e == j:
                e = _org_extension(clause, j, model)  # "UN Security Council", "BBC World Service"
            if e == j and found[0] == 1 and found[1] in _SPORTS_NAMES and not headline and collect is None:
                e = _nickname_end(clause, j)  # "Newcastle Falcons": the town's club and a nickname, another club
            if (
                e == j and j + 1 < n and bare[j] == "of" and not clause[j - 1].poss and not clause[j - 1].end
                and found[1].rsplit(" ", 1)[-1] in _PARTY_WORDS and bare[j + 1] in gaz_first and collect is None
                and (of_place := gaz.match_at(bare, j + 1)) is not None and of_place[1].kind != "city"
            ):
                e = j + 1 + of_place[0]  # "Socialist Party of Serbia": a party of a country is one name
            if lead:
                out.add("O", _name_of(lead + clause[i:e]))
                i = e
            elif e > j and not headline:
                out.add("O", _name_of(clause[i:e]))  # "Ford Motor Co", "Dresdner Bank AG"
                i = e
            else:
                out.add("O", _ORG_ALIASES.get(found[1], found[1]))
                i = j
            if found[1] in _SPORTS_NAMES:
                out.add(*_SPORTS)
            after_org = True
            continue
        if (
            place is not None and i + place[0] == n and clause[-1].last and place[1].kind == "city" and 0 < len(gap) <= 2
            and len(gap) == i and not headline and _club_words(gap, model)
        ):
            # "Vitesse Arnhem 2 Heerenveen 1": unknown words and a town, next to a score, are a club
            sub = _Out(out.prev, out.nxt, gaz, model)
            _classify_gap(gap, gaz, model, sub, after_org, collect)
            out.defer(_ClubRun(_name_of(clause), tuple(sub.items), place[1].name))
            return
        if place is not None:
            water = None
            if len(gap) >= 2 and gap[-1].bare == "of" and gap[-2].bare in _WATER_HEADS and not gap[-2].poss:
                water, gap = gap[-2:], gap[:-2]  # "Gulf of Mexico": the whole is the place
            if gap:
                if not headline:
                    _classify_gap(gap, gaz, model, out, after_org, collect)
                gap = []
            j = i + place[0]
            if water is not None and not headline:
                out.add("L", _name_of(water + clause[i:j]))
                after_org = False
                i = j
                continue
            while j < n and forms[j] in _GEO_WORDS and not clause[j - 1].poss and not clause[j - 1].end:
                j += 1
            name = _name_of(clause[i:j]) if j > i + place[0] and not headline else place[1].name  # "Gaza City"
            k = _nickname_end(clause, j) if place[1].kind == "city" and not headline and collect is None else j
            if k > j:
                out.add("O", _name_of(clause[i:k]))  # "Newcastle Falcons", "Dallas Cowboys": a club
                out.add(*_SPORTS)
                after_org = True
                i = k
                continue
            if (
                i == 0 and j < n <= j + 2 and place[1].kind == "city" and clause[-1].last and not headline
                and _nickname(clause[j:], model, gaz)
            ):
                # "Bradford Bulls 32 Castleford Tigers 18": a town and a nickname before a score are a club
                sub = _Out(out.prev, out.nxt, gaz, model)
                sub.add("L", name)
                _classify_gap(clause[j:], gaz, model, sub, False, collect)
                out.defer(_ClubRun(_name_of(clause), tuple(sub.items), None))
                return
            if (
                headline and i > 0 and j == n and clause[-1].last and place[1].kind in _CLUB_PLACE_KINDS
                and all(map(_is_caps, bare[i:j])) and collect is None
            ):
                # "W L PCT GB NEW YORK 74 56 .569": a table's header ran into its first row (the lines
                # of a block are joined): a town in capitals ending the run before a number is a
                # club candidate the document settles, as alone (:func:`_caps_clubs`)
                out.defer(_Club(_name_of(clause[i:j]), place[1].name, False, True, True))
                i = j
                continue
            if i == 0 and j == n and place[1].kind in _CLUB_PLACE_KINDS and (clause[0].first or clause[-1].last) and not headline:
                # "Liverpool beat Everton 2-1", "Kansas City 7 Oakland 2", "Chicago 4 Minnesota 3": a town
                # or a state alone next to a result is a club (the words decide); in capitals it may be
                # a table's row or a dateline ("NEW YORK 74 58", "LONDON 1996-08-24": the document decides)
                out.defer(_Club(_name_of(clause), name, clause[0].first, clause[-1].last, _is_caps(bare[0])))
                i = j
                continue
            if clause[j - 1].poss and j + 1 < n and bare[j] in model.first_names and place[1].kind == "city" and not headline:
                # "Liverpool's Robbie Fowler": the club on a sports page, else the town (the document decides)
                town = _name_of(clause[i:j])
                if len(_CLUB_PLACE) >= _TOKEN_CACHE_MAX:
                    _CLUB_PLACE.clear()
                _CLUB_PLACE[town] = name
                out.add("s", town)
                after_org = False
                i = j
                continue
            out.add("L", name)
            after_org = False
            i = j
            continue
        gap.append(clause[i])
        if clause[i].poss and gap and not _org_follows(clause, i + 1):
            if not headline:
                _classify_gap(gap, gaz, model, out, after_org, collect)
            gap = []
            after_org = False
        i += 1
    if gap and not headline:
        _classify_gap(gap, gaz, model, out, after_org, collect)


def _bank_name_word(tok: _Tok, model: Model) -> bool:
    b = tok.bare
    return (
        not tok.poss and not tok.end and _NAME_TOKEN_RE.match(b) is not None and b not in _TITLES
        and b not in _ORG_HEADS and b not in _NON_ENTITY_WORDS and b not in _DEMONYMS and b not in model.first_names
        and b not in _SENTENCE_OPENERS and b.lower() not in _NUMBER_WORDS  # "Five Bank of America executives"
    )


_NUMBER_WORDS = frozenset("one two three four five six seven eight nine ten eleven twelve twenty hundred".split())


def _org_extension(clause: list[_Tok], j: int, model: Model) -> int:
    """Where a known organisation's name ends when up to three capitalised words after it end with
    a cue word (``UN Security Council``); ``j`` when they do not."""
    k = j
    while k < len(clause) and k - j < 3 and not clause[k - 1].poss and not clause[k - 1].end:
        word = clause[k].bare
        if not word[:1].isupper() or word in _TITLES or word in model.first_names:
            break
        if word in _ORG_CUES:
            return k + 1
        k += 1
    return j


def _org_follows(clause: list[_Tok], j: int) -> bool:
    """Whether the capitalised words from ``j`` end with an organisation cue (``Moody's Investors Service``)."""
    k = j
    last = None
    while k < len(clause) and (clause[k].bare[:1].isupper() or clause[k].bare in ("of", "and", "&")):
        last = clause[k].bare
        if clause[k].poss or clause[k].end:
            break
        k += 1
    return last is not None and k > j and (last in _ORG_CUES or last in _CORPORATE_SUFFIXES)


def _place_in_name(clause: list[_Tok], gap: list[_Tok], i: int, place: tuple[int, Place], model: Model) -> bool:
    """A one-word town that is a name here: after a given name or a title (``George Bush``, ``Mr Most``),
    or a given name itself before another name (``David Snow``). A country only after a given name
    (``Michael Jordan``: no given name is a country's name)."""
    if place[1].kind == "country":
        return place[0] == 1 and bool(gap) and gap[-1].bare in model.first_names and not gap[-1].poss
    if gap and gap[-1].bare in _STRONG_TITLES and not gap[-1].poss and place[1].kind == "city":
        return True  # "President Getulio Vargas" is no town of that name
    if place[0] != 1:
        k = i + place[0]  # "Aung San Suu Kyi": a small town of two words before more name words is a name
        return (
            place[1].kind == "city" and 0 < place[1].population < SINGLE_TOKEN_MIN_POPULATION and k < len(clause)
            and not clause[k - 1].poss and not clause[k - 1].end and _NAME_TOKEN_RE.match(clause[k].bare) is not None
            and clause[k].bare not in _NOT_PERSON and clause[k].bare not in _ORG_TAIL and clause[k].bare not in _NON_ENTITY_WORDS
            and clause[k].bare.lower() not in model.common_words and clause[k].bare.lower() not in get_model().common_words
        )  # the shipped model's words too: the build cuts wikigold's pieces with fewer ("Atlantic City Railroad")
    if gap and (gap[-1].bare in model.first_names or gap[-1].bare in _STRONG_TITLES) and not gap[-1].poss:
        return True
    if gap and _is_initials(gap[-1].bare) and place[1].kind == "city":
        return True  # "P. Chidambaram", "John F. Kennedy": after initials a surname, not the town
    if gap and gap[-1].bare in _NAME_PARTICLES and gap[-1].raw.islower() and place[1].kind == "city":
        k = len(gap) - 1
        while k > 0 and gap[k - 1].bare in _NAME_PARTICLES and gap[k - 1].raw.islower():
            k -= 1
        if k > 0 and gap[k - 1].bare in model.first_names:
            return True  # "Jose Eduardo dos Santos", "Mario van der Ende": after a given name and particles, a surname
    word = clause[i].bare
    if word in model.first_names and i + 1 < len(clause) and not clause[i].poss and not clause[i].end:
        return _NAME_TOKEN_RE.match(clause[i + 1].bare) is not None
    return False


def _place_in_org(clause: list[_Tok], gap: list[_Tok], j: int) -> bool:
    """A place that is part of an organisation's name: ``Bank of England``, ``London Stock Exchange``."""
    if len(gap) >= 2 and gap[-1].bare in ("of", "for") and any(t.bare in _ORG_HEADS for t in gap):
        return True
    if len(gap) >= 3 and gap[-1].bare == "the" and gap[-2].bare in ("of", "for") and any(
        t.bare in _ORG_HEADS for t in gap
    ):
        return True
    if j <= 0 or clause[j - 1].poss:
        return False
    k = j
    while k < len(clause) and clause[k].bare[:1].isupper() and not clause[k].end:
        if clause[k].bare in _PLACE_TO_ORG or clause[k].bare in _CORPORATE_SUFFIXES:
            return True
        if clause[k].poss:
            return False
        k += 1
    if k < len(clause) and clause[k].bare[:1].isupper():
        return clause[k].bare in _PLACE_TO_ORG or clause[k].bare in _CORPORATE_SUFFIXES
    return False


def _classify_gap(gap: list[_Tok], gaz: Gazetteer, model: Model, out: _Out, after_org: bool, collect: list | None) -> None:
    """Split a stretch of unknown words into pieces and type each."""
    ends_with_cue = gap[-1].bare in _ORG_CUES or gap[-1].bare in _CORPORATE_SUFFIXES
    newspaper = gap[-1].bare in _NEWSPAPER_CUES  # "The Washington Post" keeps its "The"
    piece: list[_Tok] = []
    skip = False
    first_names = model.first_names
    n = len(gap)
    for k, tok in enumerate(gap):
        b = tok.bare
        if skip:
            skip = b in _CONNECTORS
            continue
        role = _GAP_ROLE.get(b)
        if role is None:
            role = _gap_role(b, model)
        if role == _DROP and b in _SURNAME_MONTHS and piece and piece[-1].bare in first_names and not piece[-1].poss:
            role = 0  # "David May", "Theresa May": after a given name a surname, not the month
        if role and k + 1 < n and not tok.poss and not tok.end:
            if gap[k + 1].bare in _PLACE_ENDINGS and b in _DEMONYMS:
                role = 0  # "Arabian Peninsula", "Arabian Sea": a demonym opens a place's name
            elif role == _DROP and b in first_names and _name_shaped(gap[k + 1].bare) and (
                gap[k + 1].bare not in _NON_ENTITY_WORDS
            ):
                role = 0  # "Jan Kroslak", "Per Larsson": the given name, not the month or a wire word
        if role == _MISC_HEAD and ends_with_cue and k + 1 < n and collect is None:
            role = 0  # "National Hurricane Center": the head inside an organisation's name names no storm
        if role:
            if role == _MISC_HEAD:
                brk = k + 1 < n
                skip = brk  # "Hurricane Katrina", "Operation Desert Storm": the name after it is no entity
                if brk:
                    out.add("M", gap[k + 1].bare)  # ... nor is it alone elsewhere in the document ("Katrina")
            elif role == _DROP:
                brk = True
            elif role == _ADJECTIVE:
                head = b.rsplit("-", 1)[0]
                for k2 in (2, 1):  # "Los Angeles-based": the place's first words belong to it, no "Los"
                    if len(piece) >= k2 and gaz.get(" ".join([t.bare for t in piece[-k2:]] + [head])) is not None:
                        piece = piece[:-k2]
                        break
                brk = True
            elif role == _THE:
                brk = not (piece or newspaper)
            elif role == _COMMON:
                brk = not piece and (
                    k + 1 == n or gap[k + 1].bare in first_names or _is_initials(gap[k + 1].bare)
                )  # "Opener M. Vaughan": a common word opening a sentence before a name is no part of it
            elif role == _ALONE:
                brk = not piece and k + 1 == n
            elif role == _COMMON_JOINER:
                brk = (not piece and (k + 1 == n or gap[k + 1].bare in first_names)) or not ends_with_cue or (
                    piece and piece[-1].bare in _CORPORATE_SUFFIXES  # "Arco Co and Phillips Petroleum Co": two
                )
            else:  # demonym, "and": names go on across them only in an organisation's name
                brk = not ends_with_cue or (piece and piece[-1].bare in _CORPORATE_SUFFIXES)
            if brk:
                if piece:
                    _classify_piece(piece, gaz, model, out, after_org, collect)
                after_org = False  # "Volvo and Scania": a name after "and" follows no organisation
                piece = []
                continue
        piece.append(tok)
    if piece:
        _classify_piece(piece, gaz, model, out, after_org, collect)


#: Months that are also surnames, kept after a given name (:func:`_classify_gap`).
_SURNAME_MONTHS = frozenset(("May", "June"))
_COMPETITION_GROUPS = frozenset(("Group", "Pool", "Section", "Division", "Zone"))
_DIVISION_WORDS = frozenset(("Division", "DIVISION", "Conference", "CONFERENCE"))
#: Last words of known parties and armed groups that a region's name may open (:func:`_classify_clause`).
_PARTY_WORDS = frozenset(("Party", "Army", "Front", "Movement"))
_MISC_HEAD, _DROP, _THE, _COMMON, _JOINER, _COMMON_JOINER, _ALONE, _ADJECTIVE = 1, 2, 3, 4, 5, 6, 7, 8
_GAP_ROLE: dict[str, int] = {}  # word → what it does to a gap (0: nothing); model-dependent, see clear_cache


def _gap_role(b: str, model: Model) -> int:
    if b in _MISC_HEADS:
        role = _MISC_HEAD
    elif b == "The":
        role = _THE
    elif "-" in b and b.rsplit("-", 1)[1] in ner_lists.COMPOUND_TAILS and b.rsplit("-", 1)[0].replace(".", "").isalpha():
        role = _ADJECTIVE  # "Serb-held", "Indian-born", "Los Angeles-based", "U.S.-led": an adjective
    elif b in _NON_ENTITY_WORDS or b in _MISC_WORDS:
        role = _DROP
    elif (b.lower() in model.common_words or b in _SENTENCE_OPENERS) and b not in model.first_names and (
        b not in _TITLES
    ):
        role = _COMMON_JOINER if b in _DEMONYMS or b == "and" else _COMMON
    elif b.lower() in model.common_words and b in model.first_names:
        role = _ALONE  # "the Bill", "Will": a given name that is also a word names nobody alone
    elif b in _DEMONYMS or b == "and":
        role = _JOINER
    else:
        role = 0
    if len(_GAP_ROLE) >= _TOKEN_CACHE_MAX:
        _GAP_ROLE.clear()
    _GAP_ROLE[b] = role
    return role


def _name_of(toks: list[_Tok]) -> str:
    """The tokens as a name: inner possessives kept (``Moody's Investors Service``), a final one dropped."""
    return " ".join([t.raw for t in toks[:-1]] + [toks[-1].bare])


_SUFFIXES_AND_CONNECTORS = ner_lists.CORPORATE_SUFFIXES | _CONNECTORS
_NOT_PERSON = NON_PERSON_TOKENS | ner_lists.ORG_CUES
_NAME_SHAPED: dict[str, bool] = {}
_BASE_SCORES: dict[tuple[str, ...], tuple[float, ...]] = {}  # name words → the model's context-free scores


def _name_shaped(word: str) -> bool:
    """A word a person's name is made of (``Smith``, ``O'Neill``, ``J.``, ``al-Maliki``) or a particle."""
    shaped = _NAME_SHAPED.get(word)
    if shaped is None:
        shaped = _NAME_TOKEN_RE.match(word) is not None or word in _NAME_PARTICLES
        if len(_NAME_SHAPED) >= _TOKEN_CACHE_MAX:
            _NAME_SHAPED.clear()
        _NAME_SHAPED[word] = shaped
    return shaped


def _initialled_name(words: list[str], model: Model) -> bool:
    """Name words with initials of two or three letters before the last (``G.V.G. Krishnamurthy``,
    ``George H.W. Bush``); after initials that open it, no common word or title (``D.C. The``, ``U.S. Food``)."""
    last = len(words) - 1
    strict = _is_initials(words[0])
    return last > 0 and all(
        (k < last and _is_initials(w))
        or (_name_shaped(w) and not (strict and (w.lower() in model.common_words or w in _TITLES)))
        for k, w in enumerate(words)
    )


def _classify_piece(piece: list[_Tok], gaz: Gazetteer, model: Model, out: _Out, after_org: bool, collect: list | None) -> None:
    while piece and piece[0].bare in _CONNECTORS:
        piece = piece[1:]
    while piece and piece[-1].bare in _CONNECTORS:
        piece = piece[:-1]
    if not piece:
        return
    words = [t.bare for t in piece]
    if len(words) > 2 and "of" in words:
        k = words.index("of")
        tail = words[k + 1 :]
        if (
            0 < k and words[k - 1] in _CORPORATE_SUFFIXES and not piece[k - 1].poss and 0 < len(tail) <= 3
            and all(map(_name_shaped, tail)) and _ORG_TAIL.isdisjoint(tail)
        ):
            # "Acme Corp of Richmond": the company, then where it is
            _classify_piece(piece[:k], gaz, model, out, after_org, collect)
            town = " ".join(tail)
            place = gaz.get(town)
            out.add("L", town if place is None else place.name)
            return
    if len(words) > 3:
        k = _person_before_connector(piece, words, model)
        if k:
            # "Nick Bubb of Evolution Securities", "Martin Scorsese for The Aviator": a person, then
            # what the person works for or won with; never one organisation or place
            _classify_piece(piece[:k], gaz, model, out, after_org, collect)
            tail = piece[k + 1 :]
            if tail[0].bare == "the" and len(tail) > 1 and tail[-1].bare in _NEWSPAPER_CUES:
                out.add("O", "The " + _name_of(tail[1:]))  # "... of the Independent"
            else:
                _classify_piece(tail, gaz, model, out, False, collect)
            return
    last = words[-1]
    # Corporate suffixes: part of a name, never one alone ("Co Inc", "PLC", "AG").
    if _SUFFIXES_AND_CONNECTORS.issuperset(words):
        return
    if len(words) > 1 and " ".join(words[1:] if words[0] == "The" else words) in _MISC_PHRASES:
        return  # "Champions League", "Grand Slam": events, not organisations or places
    if len(words) == 2 and words[0] in _COMPETITION_GROUPS and len(words[1]) == 1 and collect is None:
        return  # "a Group C match", "Pool B": a competition's group
    if (
        len(words) == 2 and words[1] in _SPORTS_NICKNAMES and words[0] in AMBIGUOUS_CITY_NAMES and not piece[0].poss
        and collect is None
    ):
        out.add("O", _name_of(piece))  # "Sale Sharks", "Bath Rugby"'s kind: a town the gazetteer leaves out, a nickname
        out.add(*_SPORTS)
        return
    if len(piece) > 1 and (last in _CORPORATE_SUFFIXES or last in _ORG_CUES):
        start = 0
        while start < len(piece) - 1 and (
            (words[start] in _STRONG_TITLES and words[start] not in _ORG_HEADS)
            or (words[start] in _ORG_OPENERS and words[start + 1] != "of")  # ("Shares of ...": below)
        ):
            start += 1  # "Rival Advanced Micro Devices Inc", "Brokers Smith New Court Plc"
        if "of" in words[start + 1 : -1]:
            # "Results of European Super League": a common word before "of" is no head of the name
            k = words.index("of", start + 1)
            if all((w.lower() in model.common_words or w in _SENTENCE_OPENERS) and w not in _ORG_HEADS and w not in _ORG_CUES
                   for w in words[start:k]):  # fmt: skip
                start = k + 2 if words[k + 1] == "the" else k + 1
        name = piece[start:]
        if name[0].bare == "The" and last not in _NEWSPAPER_CUES:
            name = name[1:]
        if name and not (len(name) == 1 and name[0].bare in _ORG_CUES):
            out.add("O", _name_of(name))
        return
    if len(piece) > 2 and words[0] in _WATER_HEADS and words[1] == "of":
        out.add("L", _name_of(piece))  # "Bay of Biscay", "Isle of Wight"
        return
    # "Bank of England", "Ministry of Defence": a head word governs what follows "of".
    if len(piece) > 2 and words[0] in _ORG_HEADS and words[1] in ("of", "for"):
        out.add("O", _name_of(piece))
        return
    if len(piece) > 3 and words[0] in _ORG_HEADS and words[1] == "General" and words[2] == "of" and collect is None:
        out.add("O", _name_of(piece))  # "Directorate General of Civil Aviation": no general, no person
        return
    if len(piece) > 3 and words[0] == "The" and words[1] in _ORG_HEADS and words[2] in ("of", "for"):
        out.add("O", _name_of(piece[1:]))
        return
    # "State Bank of Pakistan", "Reserve Bank of India", "People's Bank of China": one or two name words
    # before "Bank of" are the bank's name too (no title: "Governor" is no part of a bank). Banks only:
    # other heads ("University of", "League of") stand so in the model's training text, and deciding
    # them here would change what the model learns (tests/unit/enrich/test_ner_model.py).
    for k in (1, 2):
        if len(words) > k + 2 and words[k] == "Bank" and words[k + 1] in ("of", "for"):
            first = 1 if words[0] == "The" else 0
            if first < k and all(_name_shaped(w) and w not in _STRONG_TITLES and w not in _ORG_HEADS for w in words[first:k]):
                out.add("O", _name_of(piece[first:]))
                return
    # Titles: everything up to the last title word before a name is dropped.
    titled = after_org
    start = 0
    for k in range(len(words) - 1):
        if words[k] in _STRONG_TITLES:
            titled = True
            start = k + 1
        elif words[k] in _TITLES and start == k:
            start = k + 1
        elif words[k] in _CONNECTORS and start == k and k > 0:
            start = k + 1  # "Chancellor of the Exchequer Kenneth Clarke"
    while start < len(words) and words[start] in _CONNECTORS:
        start += 1
    if start > 0 and words[start - 1] in ("for", "of") and words[0] in _TITLES and collect is None:
        # "Assistant Secretary of State for Near Eastern Affairs Robert Pelletreau": the portfolio
        # after "for" runs on to a given name; the person is the given name and the one or two words after it
        for m in range(start + 1, len(words) - 1):
            if words[m] in model.first_names and len(words) - m <= 3 and all(map(_name_shaped, words[m:])):
                start = m
                break
    name = piece[start:]
    if not name:
        return
    name_words = words[start:]
    if _TITLES.issuperset(name_words) and len(words) > 1 and " ".join(words[1:] if words[0] == "The" else words) in (
        ner_lists.TITLED_PEOPLE
    ):
        out.add("P", " ".join(words[1:] if words[0] == "The" else words))  # "the Dalai Lama"
        return
    if _TITLES.issuperset(name_words) or (len(name_words) > 1 and " ".join(name_words) in _MISC_PHRASES):
        return
    if len(name_words) == 1 and not titled and (
        _ABSTRACT_NOUN.match(name_words[0])
        or (name_words[0].endswith(("ence", "ance", "ness")) and name_words[0].lower() in model.common_words)
    ):
        return  # "Negotiations", "Violence": a sentence opens with a common noun
    if len(name_words) > 1 and name_words[-1] in _PLACE_ENDINGS and name_words[0] not in model.first_names:
        place = _name_of(name[1:] if name[0].bare == "The" else name)  # "Canary Islands", "Swat Valley"
        if name_words[-1] == "Province" and piece[0].first and piece[-1].last and name[0].bare != "The" and collect is None:
            out.defer(_Club(place, place, True, True, False))  # "Natal 24 Western Province 18": a provincial side
        else:
            out.add("L", place)
        return
    shape_words = name_words[:-1] if len(name_words) > 1 and _ROMAN_RE.match(name_words[-1]) else name_words
    person_shaped = (
        len(name_words) <= 4
        and (
            all(map(_name_shaped, shape_words))
            or _initialled_name(shape_words, model)  # "M.A. Atkinson", "George H.W. Bush"; not "U.S. National"
        )
        and _NOT_PERSON.isdisjoint(name_words[1:])
        and not (name_words[0] in NON_PERSON_TOKENS and name_words[0] not in model.first_names)
    )
    if person_shaped and name_words[0] not in _NAME_PARTICLES:
        if len(name_words) == 1 and titled and start > 0:
            out.add("S", name_words[0])
            return
        if titled or (len(name_words) > 1 and name_words[0] in model.first_names):
            out.add("P", " ".join(name_words))
            return
    # All capitals (never person-shaped): a short acronym is an organisation; longer words in capitals
    # are headline words.
    caps = any(map(str.isupper, shape_words))  # _is_caps needs it: most pieces skip both tests below
    if caps and len(name_words) == 1 and _is_caps(name_words[0]):
        word = name_words[0]
        # A common word of four letters or more in capitals ("FALSE", "BATH") is no acronym.
        if _is_acronym(word) and gaz.get(word) is None and not (len(word) > 3 and word.lower() in model.common_words):
            out.add("O", word)
        return
    if caps and any(
        _is_caps(w) and not _is_acronym(w) and not (person_shaped and _is_initials(w))
        and not (k == 0 and len(shape_words) > 1 and shape_words[-1] in _ORG_CUES and gaz.get(w) is not None and collect is None)
        for k, w in enumerate(shape_words)
    ):
        return  # words in capitals, not a name's initials ("M.A. Atkinson" is a person; "D.C. Court of Appeals" no name)
    step = _piece(piece, name, start, titled, person_shaped, model)
    if not (piece[0].first or piece[-1].last):
        for kind, value in _piece_items(step, "", "", gaz, model):  # inside the run: no context to wait for
            out.add(kind, value)
        if collect is not None:
            _piece_collect(step, "", "", collect, gaz, model)
        return
    # From here on the words around the run may decide: a role word before it ("manager Kenny
    # Dalglish"), a verb of saying, "province" after it, and the model's context features.
    if out.prev is not None and collect is not None:
        _piece_collect(step, out.prev, out.nxt, collect, gaz, model)
    out.defer(step)


_PERSON_CONNECTORS = frozenset(("of", "for", "and"))


def _person_before_connector(piece: list[_Tok], words: list[str], model: Model) -> int:
    """Where ``of``/``for``/``and`` ends a person's name that opens the piece (after titles): a given
    name or initials and one or two name words (``Stuart Hensel of the ...``); 0 when the piece opens otherwise."""
    s = 0
    while s < len(words) and words[s] in _TITLES:
        s += 1
    if s + 3 >= len(words) or (words[s] not in model.first_names and not _is_initials(words[s])):
        return 0  # a given name or initials ("R.J. Quimby of ...")
    for k in range(s + 2, min(s + 4, len(words) - 1)):
        if words[k] in _PERSON_CONNECTORS:
            name = words[s:k]
            if piece[k - 1].poss or not (all(map(_name_shaped, name)) or _initialled_name(name, model)) or (
                not _NOT_PERSON.isdisjoint(name)
            ) or (
                not _ORG_HEADS.isdisjoint(name) or any(w.lower() in model.common_words for w in name[1:])
            ):  # "Maria Full of Grace" is a film's title
                return 0
            if _SUFFIXES_AND_CONNECTORS.issuperset(words[k + 1 :]):
                return 0  # "Arthur Andersen and Co": a firm
            return k
        if words[k] in _CONNECTORS:
            return 0
    return 0


class _Club:
    """A town, a state or a cricket county alone in its run: a club next to a score or a result word
    (not after ``in``: "in Leeds 20 people"), else the place. In capitals, a club candidate (``c``)
    that the document settles (:func:`_caps_clubs`)."""

    __slots__ = ("caps", "first", "last", "name", "place")

    def __init__(self, name: str, place: str | None, first: bool, last: bool, caps: bool) -> None:
        self.name, self.place, self.first, self.last, self.caps = name, place, first, last, caps
        if len(_CLUB_PLACE) >= _TOKEN_CACHE_MAX:
            _CLUB_PLACE.clear()
        _CLUB_PLACE[name] = place

    def resolve(self, prev: str, nxt: str, gaz: Gazetteer, model: Model) -> list[tuple[str, str]]:
        if self.last and nxt == "coach" and not self.caps:
            return [("O", self.name), _SPORTS]  # "Newcastle manager Kevin Keegan", "Essex captain Paul Prichard"
        if (self.last and nxt in _CLUB_AFTER and prev not in _PLACE_BEFORE) or (self.first and prev in _CLUB_BEFORE):
            # where a dateline stands ("LONDON 1996-08-24", "AKRON, Ohio 1996-08-23") the document decides
            if self.caps or (nxt == "#" and prev in ("^", ",")):
                return [("c", self.name)]
            return [("O", self.name), _SPORTS]
        return [("L", self.place)] if self.place is not None else []


class _InContext:
    """A one-word run whose type depends on the words around it, typed again once they are known
    (:func:`_classify_clause` decides with the context). A state's abbreviation: after a comma
    (``Austin, Tex``) the document decides (:func:`_towns_of_states`). A town the gazetteer leaves
    out (``Phoenix``, ``Reading``): between scores a club. Elsewhere both are the word as any other
    (``Tex Ritter``, ``Clinton said``)."""

    __slots__ = ("run",)

    def __init__(self, run: str) -> None:
        self.run = run

    def resolve(self, prev: str, nxt: str, gaz: Gazetteer, model: Model) -> list[tuple[str, str]]:
        return list(_classify_run(self.run, gaz, model, None, prev, nxt))


_CLUB_PLACE: dict[str, str | None] = {}  # a town that may be a club → its place
_SPORTS = ("z", "sports")  # an item that marks a sports page: a club decided by a score, a result or a role
_CLUB_PLACE_KINDS = frozenset(("city", "state"))  # a country is the national side: a place (wire usage)
_PLACE_BEFORE = frozenset(("in", "from", "of"))
_SENTENCE_START = frozenset((".", "^"))
_DATE_AFTER = re.compile(r" \d{4}-\d\d-\d\d")
_NUMBER_AFTER = re.compile(r" (?:\d{1,3}\b(?!-\d\d-)|\.\d)")


def _caps_clubs(text: str, names: dict[str, None], orgs: dict[str, None], locations: dict[str, None]) -> None:
    """Towns in capitals next to a number, and towns where a dateline stands before a number: a wire
    dateline before a date (``LONDON 1996-08-24``) is the
    place, a row of a standings table or a results line (``NEW YORK 74 58 .561``, ``Seattle 10
    BOSTON 9``) the club; the same town may be both in one document."""
    for name in names:
        dated = scored = False
        find, i = text.find, text.find(name)
        while i >= 0 and not (dated and scored):
            k = i + len(name)
            dated = dated or _DATE_AFTER.match(text, k) is not None
            scored = scored or _NUMBER_AFTER.match(text, k) is not None
            i = find(name, k)
        if dated:
            locations.setdefault(_CLUB_PLACE.get(name) or _lookup_form(name), None)
        if scored or not dated:  # a club as a facet shows it: "BOSTON" is "Boston", "ST LOUIS" "St Louis"
            orgs.setdefault(" ".join(["St" if w == "ST" else _lookup_form(w) for w in name.split()]) if name.isupper() else name)


def _club_words(gap: list[_Tok], model: Model) -> bool:
    """Words that may stand before a town in a club's name (``Vitesse``, ``Sporting``): capitalised
    name words, none a title, given name, demonym or common word."""
    for t in gap:
        b = t.bare
        if t.poss or t.end or not _name_shaped(b) or b in _TITLES or b in model.first_names or b in _DEMONYMS:
            return False
        if b.lower() in model.common_words or b in _NON_ENTITY_WORDS:
            return False
    return True


class _ClubRun:
    """Unknown words and a town ending a run, or a town and a nickname (``Bradford Bulls 32``): a club
    next to a score or a result word, else what the words are alone and the place."""

    __slots__ = ("gap_items", "name", "place")

    def __init__(self, name: str, gap_items: tuple, place: str) -> None:
        self.name, self.gap_items, self.place = name, gap_items, place

    def resolve(self, prev: str, nxt: str, gaz: Gazetteer, model: Model) -> list[tuple[str, str]]:
        if nxt in _CLUB_AFTER:
            return [("O", self.name), _SPORTS]
        if self.place is None:  # the place is among the items
            return list(_resolve(self.gap_items, prev, nxt, gaz, model))
        return [*_resolve(self.gap_items, prev, nxt, gaz, model), ("L", self.place)]


def _nickname_end(clause: list[_Tok], j: int) -> int:
    """Where a club's nickname after a town ends (one or two words, the last a plural nickname of
    :data:`~etl.enrich.ner_lists.SPORTS_NICKNAMES`: ``Falcons``, ``Red Wings``); ``j`` when none follows."""
    for k in (j + 1, j + 2):
        if k > len(clause) or clause[k - 1].bare[:1].islower() or any(t.poss or t.end for t in clause[j - 1 : k - 1]):
            return j
        if clause[k - 1].bare in _SPORTS_NICKNAMES:
            return k
    return j


def _nickname(words: list[_Tok], model: Model, gaz: Gazetteer) -> bool:
    """One or two capitalised words after a town that may be a club's nickname (``Bulls``, ``Blue Sox``):
    no title, given name, demonym, place, cue word or wire word."""
    for t in words:
        b = t.bare
        if t.poss or t.end or not b[:1].isupper() or not _name_shaped(b) or b in _TITLES or b in model.first_names:
            return False
        if b in _DEMONYMS or b in _NON_ENTITY_WORDS or b in _GEO_WORDS or b in _PLACE_TO_ORG or b in gaz.first_tokens:
            return False
    return True


# A piece of a run whose type the words around the run may change: everything that does not depend
# on them is worked out once, into a plain tuple (fields below; resolved by _piece_items). A plan
# keeps its pieces (one per distinct run that needs a context: ~12,000 in BBC 1x), and the garbage
# collector untracks a tuple of strings, bools and tuples of strings at its first collection, but
# tracks every object and list for good: with pieces as objects holding their tokens, a cold pass
# left ~70,000 new tracked objects, which set off two full collections (~0.05 ms per article of BBC 1x).
_FULL, _WORDS, _ORG, _LOC, _TITLED, _PERSON, _PIECE_FIRST, _NAME_FIRST, _LAST, _FIRST_NAME, _DEMONYM_PLURAL_ = range(11)


def _piece(piece: list[_Tok], name: list[_Tok], start: int, titled: bool, person_shaped: bool, model: Model) -> tuple:
    """The piece's facts: its name, words, its name as an organisation (``V`` when one word) and as a
    place (without a leading ``The``, which a newspaper keeps; ``None`` for one word of
    AMBIGUOUS_CITY_NAMES: "in Bath" is still the word, by design), titled, person-shaped, whether the
    word before the run is the piece's context and the name's (no title stripped), whether the word
    after it is, a given name first, a demonym plural."""
    name_words = tuple([t.bare for t in name])
    full = _name_of(name)
    the = name[0].bare == "The" and len(name) > 1
    org = name[1:] if the and name[-1].bare not in _NEWSPAPER_CUES else name
    loc = name[1:] if the else name
    single = len(name_words) == 1
    return (
        full,
        name_words,
        ("O" if len(org) > 1 else "V", _name_of(org) if org is not name else full),
        (_name_of(loc) if the else full) if len(loc) > 1 or loc[0].bare not in AMBIGUOUS_CITY_NAMES else None,
        titled,
        person_shaped,
        piece[0].first,
        piece[0].first and start == 0,
        piece[-1].last,
        not single and name_words[0] in model.first_names,
        single and _DEMONYM_PLURAL.match(name_words[0]) is not None,
    )


def _piece_in_gaz(words: tuple[str, ...], gaz: Gazetteer) -> tuple[bool, bool, bool]:
    """(every word a place alone, the first one, the last one): only for the model's features,
    so worked out when they are (most pieces' scores are cached by their words)."""
    get = gaz.get
    places = [get(w) is not None for w in words]
    return all(places), places[0], places[-1]


def _said_ok(piece: tuple, gaz: Gazetteer, model: Model) -> bool:
    """Two or more unknown name words, none a common word or a place: a person by a verb of saying."""
    words = piece[_WORDS]
    if len(words) < 2 or not piece[_PERSON] or piece[_FIRST_NAME]:
        return False
    common, get = model.common_words, gaz.get
    return not any(w.lower() in common or get(w) is not None for w in words)


def _piece_collect(piece: tuple, prev: str, nxt: str, collect: list, gaz: Gazetteer, model: Model) -> None:
    p = prev if piece[_NAME_FIRST] else ""
    n = nxt if piece[_LAST] else ""
    titled = piece[_TITLED] or (piece[_PIECE_FIRST] and prev in _ROLE)
    words = list(piece[_WORDS])
    feats = features(words, titled, _piece_in_gaz(piece[_WORDS], gaz), model.first_names, model.common_words, p, n)
    collect.append((piece[_FULL], feats))


def _piece_items(piece: tuple, prev: str, nxt: str, gaz: Gazetteer, model: Model) -> list[tuple[str, str]]:
    full, name_words, org, loc, titled, person_shaped, piece_first, name_first, last, first_name, demonym_plural = piece
    p = prev if name_first else ""
    n = nxt if last else ""
    titled = titled or (piece_first and prev in _ROLE)
    if person_shaped and name_words[0] not in _NAME_PARTICLES:
        if titled or first_name or (len(name_words) > 1 and _is_initials(name_words[0])) or (
            len(name_words) == 2 and _HYPHENATED_GIVEN_NAME.match(name_words[1]) is not None
            and name_words[1].rsplit("-", 1)[1] not in model.common_words  # "Pop Idol-type" is no name
        ):  # ... or a family name and a hyphenated given name ("Tung Chee-hwa", "Kim Young-sam")
            return [("P", " ".join(name_words))]  # a title, a given name or an initial first ("M. Atherton")
        if (p == "said" or n == "said") and _said_ok(piece, gaz, model):
            return [("P", " ".join(name_words))]  # "said Juergen Kessel": unknown name words by a verb of saying
    if demonym_plural:
        return []  # "Cubans", "Kenyans": people of a place, not a name
    single = len(name_words) == 1
    if single and name_words[0] in _LONE_CUES_NAME_NOTHING and name_words[0] not in _LEXICON.by_first:
        return []  # "Airport manager David Snow", "Police said": a cue word alone is a common noun (no scores needed)
    base = _BASE_SCORES.get(name_words)
    if base is None:  # the same words recur in other runs: their context-free scores do too
        base = model.scores_free(name_words, _piece_in_gaz(name_words, gaz))
        if len(_BASE_SCORES) >= _TOKEN_CACHE_MAX:
            _BASE_SCORES.clear()
        _BASE_SCORES[name_words] = base
    kind = model.predict_with(base, titled, p, n)
    if single and n == "coach" and not titled and name_words[0] not in model.first_names and (
        _ADJECTIVE_SHAPE.match(name_words[0]) is None  # "Inspirational flanker ...", "Tough-tackling lock ..."
    ):
        return [("V", name_words[0]), _SPORTS]  # "Derby manager Jim Smith": a club
    if single and n == "#" and p == "(" and person_shaped and not titled:
        return [("u", name_words[0])]  # "Barnsley 2 (Liddell 30, Hendrie 75)": a scorer and the minute
    if single and n == "#" and p in ("^", ",", "#", ":") and not titled and name_words[0] not in model.first_names:
        return [("V", name_words[0]), _SPORTS]  # "Stoke 0 Sheffield United 2": a word opening a results line is a club
    if single and name_words[0][:1].isupper() and (person_shaped or kind != "PER"):
        # One word: "Helmand province", "in Zarbul" make it a place; else what the model says, which
        # the document may overrule (the short form of an organisation seen in full).
        if n == "place" or (kind in ("PER", "O") and p == "in"):
            return [("l", name_words[0])]
        if kind == "LOC" and p in _SENTENCE_START and last and not name_words[0].isupper():
            # An unknown word alone opening a sentence is its subject: a person or a common word far
            # more often than a place ("Chirac told Kohl", "Likewise, ..."; gmb: 10 of 87 such places
            # right; "Yorkshire's Darrel Penhaligon" is no such word)
            return []
        if kind in ("PER", "LOC", "ORG"):
            return [("u" if kind == "PER" else "l" if kind == "LOC" else "V", name_words[0])]
        return []
    if kind == "PER":
        if p in ("in", "from") and not titled:
            return [("L", full)]  # "exports from Lago Agrio": no given name, where places stand
        return [("P", " ".join(name_words))] if person_shaped else []
    if kind == "ORG":
        return [org]
    if kind == "LOC" and loc is not None:
        return [("L", loc)]
    return []


#: Cue words that name nothing alone (:func:`_piece_items`): not a newspaper's (``the Observer``) nor
#: a club's or an armed group's (``United``, ``Tigers``), which stand for the name in short.
_LONE_CUES_NAME_NOTHING = _ORG_CUES - _NEWSPAPER_CUES - frozenset(
    "Club FC F.C. AFC CF SC United Rovers Athletic Athletico Wanderers Albion Hotspur Rangers Celtic Tigers Panthers "
    "Hamas Jihad Mujahideen Militia Fighters Brotherhood Press Economist Magazine Newspaper".split()
)

#: Result kinds of :func:`_classify_run`: L place, O organisation, P person, S lone surname marked by a
#: title, V/W/l/u one word the model called an organisation / nothing / a place / a person (settled per
#: document), U a lone surname without a title, M the name of a storm or an operation (no entity alone),
#: c a town in capitals next to a number (a dateline or a club: settled per document, :func:`_caps_clubs`),
#: k the word ``Scorers`` (the document lists scorers: :func:`_scorers`), s a town in the possessive before
#: a person (``Liverpool's Robbie Fowler``: the club on a sports page, else the town), z a sports page.
_KINDS = "LOPSVWluUMcksza"
_KIND_SLOT = {k: i for i, k in enumerate(_KINDS)}
_Result = tuple[tuple[int, str], ...]
_run_cache: dict[tuple[str, str, str], _Result] = {}  # (run, before, after) → result, when context decides
_free_cache: dict[str, _Result] = {}  # run → result, when it does not
_plan_cache: dict[str, tuple] = {}  # run → plan, when context decides (see _classify_run)
_PLAN_CACHE_MAX = 20_000


def clear_cache() -> None:
    """Forget every run typed so far (after the model or the lists changed)."""
    _run_cache.clear()
    _free_cache.clear()
    _plan_cache.clear()
    _BASE_SCORES.clear()
    _GAP_ROLE.clear()


def sentence_parts(run: str, before: str, after: str) -> list[tuple[str, str, str]]:
    """``(run, before, after)`` cut at the sentence ends inside the run, each part with its own
    context: ``Pinochet. Negotiations`` is ``Pinochet`` before ``.`` and ``Negotiations`` after ``.``
    (a sentence opener, as the model learned it). A part is typed and cached on its own, so the
    names on either side of a full stop are shared with every other run that holds them."""
    tokens = run.split()
    parts: list[tuple[str, str, str]] = []
    begin = 0
    prev = before
    for k in range(len(tokens) - 1):
        token = tokens[k]
        if token[-1] == "." and (_TOKEN_PARTS.get(token) or _token_parts(token))[3]:
            parts.append((" ".join(tokens[begin : k + 1]), prev, "."))
            begin, prev = k + 1, "."
    if not parts:
        return [(run, before, after)]
    parts.append((" ".join(tokens[begin:]), prev, after))
    return parts


def _typed(key: tuple[str, str, str], gaz: Gazetteer, model: Model, free: dict, cache: dict, plans: dict) -> _Result:
    """The run of ``key`` typed in its context, as (slot, name) pairs: each sentence's part of it on
    its own (:func:`sentence_parts`), the whole remembered in ``cache`` by the key."""
    if ". " not in key[0]:
        return _typed_part(key, gaz, model, free, cache, plans)
    result: _Result = ()
    for part in sentence_parts(*key):
        found = free.get(part[0])
        if found is None:
            found = cache.get(part)
            if found is None:
                found = _typed_part(part, gaz, model, free, cache, plans)
        result += found
    if len(cache) >= _RUN_CACHE_MAX:
        cache.clear()
    cache[key] = result
    return result


def _typed_part(key: tuple[str, str, str], gaz: Gazetteer, model: Model, free: dict, cache: dict, plans: dict) -> _Result:
    """The run of ``key`` (no sentence end inside) typed in its context. The run is typed once into a
    plan (:func:`_classify_run`); a plan no context changes ("The", "Mr Blair", "United Nations")
    is remembered in ``free`` by the run alone, else each context's result in ``cache`` by the key."""
    run = key[0]
    plan = plans.get(run)
    if plan is None:
        plan = _classify_run(run, gaz, model, None, None, None)
        if all([type(step) is tuple and len(step) == 2 for step in plan]):
            result = tuple([(_KIND_SLOT[k], name) for k, name in plan])
            if len(free) >= _RUN_CACHE_MAX:
                free.clear()
            free[run] = result
            return result
        if len(plans) >= _PLAN_CACHE_MAX:
            plans.clear()
        plans[run] = plan
    result = tuple([(_KIND_SLOT[k], name) for k, name in _resolve(plan, key[1], key[2], gaz, model)])
    if len(cache) >= _RUN_CACHE_MAX:
        cache.clear()
    cache[key] = result
    return result


def extract_entities(text: str, *, start: int = 0, gazetteer: Gazetteer | None = None) -> Entities:
    """Find people, organizations and locations in ``text`` (from offset ``start``, e.g. after a dateline).

    A run's entities do not depend on its context, so each distinct run is typed once per process
    and cached: news repeats the same names, titles and sentence openers endlessly. The few
    decisions that need the document (surnames, short forms, clubs) are taken afterwards.
    """
    gaz = gazetteer or get_gazetteer()
    model = get_model()
    free, cache, plans = (_free_cache, _run_cache, _plan_cache) if gazetteer is None else ({}, {}, {})
    # One dict per kind of result (see _KIND_SLOT); a cached run's results go straight into them.
    slots: tuple[dict[str, None], ...] = ({}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {})
    (locations, orgs, people, marked, unsure_orgs, _, unsure_places, unsure_people, unmarked, misc, caps_clubs, scorers,
     clubs_of, sports, states) = slots  # fmt: skip
    if " network" in text:  # "the Haqqani network": a lower-case cue after the name
        for name in _NETWORK_RE.findall(text, start):
            tokens = [t for t in name.split() if t != "The"]
            if tokens and gaz.get(" ".join(tokens)) is None:
                orgs.setdefault(" ".join(tokens) + " network", None)
    if " party" in text or "newspaper" in text or "daily " in text:
        _cued_organisations(text, start, gaz, orgs)
    if _entity_runs is not None:
        # C: every cached run straight into its dicts; it stops at a run not seen yet, in text order.
        resume = start
        while (miss := _entity_runs(text, start, resume, CONTEXT_MAP, free, cache, slots)) is not None:
            key, resume = miss
            result = _typed(key, gaz, model, free, cache, plans)
            for slot, name in result:
                slots[slot].setdefault(name, None)
    else:
        for key in _contexts_py(text, start):
            if key[1] == "~":
                continue
            result = free.get(key[0])
            if result is None:
                result = cache.get(key)
            if result is None:
                result = _typed(key, gaz, model, free, cache, plans)
            for slot, name in result:
                slots[slot].setdefault(name, None)
    if caps_clubs:
        _caps_clubs(text, caps_clubs, orgs, locations)
    if clubs_of:
        for town in clubs_of:
            if sports or scorers:
                orgs.setdefault(town, None)
            else:
                locations.setdefault(_CLUB_PLACE.get(town) or town, None)
    if sports:
        _opponents(text, start, gaz, orgs, locations, (unsure_places, unsure_people, unmarked))
    if scorers:
        _scorers(text, start, scorers, gaz, people, unmarked, (orgs, locations, unsure_orgs, unsure_places, unsure_people))
    if "not out" in text or "Extras" in text:
        _scorecard(text, start, gaz, people, unmarked, (orgs, locations, unsure_orgs, unsure_places, unsure_people))
    if "(" in text:  # one character: memchr, ~10x faster than looking for " ("
        _players(text, start, gaz, people, unmarked, (orgs, locations, unsure_orgs, unsure_places, unsure_people))
    lone: dict[str, bool] = dict.fromkeys(unmarked, False)  # lone surnames: True when a title marked them
    lone.update(dict.fromkeys(marked, True))
    # One word that starts an organisation's name seen in the document is its short form ("Meridian"
    # beside "Meridian Freight Co Inc"): no person, place or other organisation of its own.
    org_heads = {o.split()[0] for o in orgs if " " in o}
    # A word the model alone typed that the document also writes in lower case is a common word
    # opening a sentence ("Negotiations stalled ... the negotiations"), not a name.
    if unsure_places or unsure_people or unsure_orgs:
        org_heads.update(w for w in (*unsure_places, *unsure_people, *unsure_orgs) if _written_lower(text, w))
    titles = _work_titles(text, start)
    if titles:
        misc.update(dict.fromkeys(titles))
        for names in (people, orgs, locations):
            for name in titles:
                names.pop(name, None)
    if misc:
        org_heads.update(misc)
        for name in misc:
            lone.pop(name, None)
    for name in unsure_places:
        if name not in org_heads and AMBIGUOUS_CITY_NAMES.isdisjoint((name,)):
            locations.setdefault(name, None)
    for name in unsure_people:
        if name not in org_heads:
            lone.setdefault(name, False)
    for name in unsure_orgs:
        if name not in org_heads and name not in locations:
            orgs.setdefault(name, None)
    if states:
        _towns_of_states(text, start, states, gaz, locations, (people, lone, orgs))
    if _in_capitals(text, start) and any(_is_caps_word(name) for name in (*orgs, *lone)):  # C-speed test first
        # Copy in capitals has no acronyms to tell from words: "SMITH, WHO LOST" names no World Health
        # Organization and no organisation SMITH, "HE SAID" no organisation HE (issue 13: function
        # words in the facets). A one-word name in capitals stays only as a known organisation or a
        # short acronym that is no function word (NATO, OPEC, IBM).
        for names in (orgs, lone):
            for name in [n for n in names if _is_caps_word(n)]:
                if name in _CAPS_FUNCTION_WORDS or (len(name) > 4 and name not in _KNOWN_ORGANISATIONS):
                    del names[name]
    return _finish(text, start, gaz, people, lone, orgs, locations)


_TOWN_STATE = re.compile(r"([A-Z][\w'’.-]*(?: [A-Z][\w'’-]*){0,2}), ([A-Z][\w.]{1,4})\b\.?(?![\w'’-])(.?)")


def _towns_of_states(text: str, start: int, states: dict, gaz: Gazetteer, locations: dict, others: tuple[dict, ...]) -> None:
    """``Austin, Tex``, ``Portland, Ore``: the words before the comma are a town (not ``Austin`` the
    person) and the abbreviation its state; a word or a name that abbreviates a state too
    (``Ill``, ``Mass``, ``Miss``) only after a town the gazetteer knows or before punctuation."""
    for town, abbr, after in _TOWN_STATE.findall(text, start):
        abbr = abbr.rstrip(".")
        if abbr not in states:
            continue
        place = gaz.resolve(town)
        if abbr in AMBIGUOUS_STATE_ABBREVIATIONS and (place is None or place.kind != "city") and after not in ",.;:)":
            continue  # "Jones, Miss Smith said"; "Peoria, Ill, said" is the town
        for names in others:
            names.pop(town, None)
        if place is None:
            place_name = " ".join(map(_lookup_form, town.split())) if town.isupper() else town
        else:
            place_name = place.name
        locations.setdefault(place_name, None)
        locations.setdefault(STATE_AFTER_TOWN[abbr], None)


_WORK_TITLE_AT = re.compile(r"s? ([A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,3})")


def _work_titles(text: str, start: int) -> list[str]:
    """The titles after ``film``, ``drama``, ``album`` ... (``the film Vera Drake``): a work, whoever
    else the words could be, in the whole document ("Vera Drake star Imelda Staunton"). Found by
    ``str.find`` (a regex over the text cost ~20 µs per article, the finds ~2 µs each)."""
    titles = []
    for word in ner_lists.WORK_WORDS:
        pos = text.find(word, start)
        while pos >= 0:
            end = pos + len(word)
            if pos == 0 or not text[pos - 1].isalpha():
                m = _WORK_TITLE_AT.match(text, end)
                if m is not None:
                    title = m.group(1).removesuffix("'s").removesuffix("’s")
                    if title not in _KNOWN_ORGANISATIONS:  # "a downloaded movie NEC is showing": no full stop
                        titles.append(title)
                        if title.startswith("The "):
                            titles.append(title[4:])  # "the film The Aviator": "Aviator"
            pos = text.find(word, end)
    return titles


#: Function words in capitals ("WHO", "HE", "IT"); "US" stays: in capitals copy it is the country.
_CAPS_FUNCTION_WORDS = frozenset(w.upper() for w in STOPWORDS if w.isalpha() and len(w) > 1) - {"US"}
_KNOWN_ORGANISATIONS = frozenset(ner_lists.KNOWN_ORGANISATIONS)
_CLUBS = frozenset((*ner_lists.CLUBS, *ner_lists.SPORTS_CLUBS))


#: Words before a sports page's opponent (:func:`_opponents`), each found with str.find.
_OPPONENT_CUES = tuple(
    w + " " for w in ("against", "beat", "beating", "drew with", "draw with", "win over", "victory over", "lost to",
                      "losing to", "signed from", "joined from")
)  # fmt: skip
_OPPONENT_NAME = re.compile(r"[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)?")


def _occurrences(text: str, word: str, start: int) -> Iterator[int]:
    """Where ``word`` stands in ``text`` from ``start`` on, found with ``str.find`` (a regex scan of
    the whole text for a handful of cue words cost several times more)."""
    i = text.find(word, start)
    while i >= 0:
        yield i
        i = text.find(word, i + len(word))


def _opponent_names(text: str, start: int) -> list[str]:
    names: list[str] = []
    for cue in _OPPONENT_CUES:
        for i in _occurrences(text, cue, start):
            if (i == 0 or not text[i - 1].isalnum()) and (m := _OPPONENT_NAME.match(text, i + len(cue))) is not None:
                names.append(m.group())
    return names


def _opponents(text: str, start: int, gaz: Gazetteer, orgs: dict, locations: dict, unsure: tuple[dict, ...]) -> None:
    """On a sports page, a town or a one-word name the model alone typed after ``against``, ``beat``,
    ``drew with``, ``lost to`` or ``signed from`` is the club (``play against Leicester next month``),
    never the town or a person; a country there is the national side, a place (CoNLL's usage), and
    stays one, and so does a person's full name (``beat Andre Agassi``)."""
    for name in _opponent_names(text, start):
        place = gaz.get(name)
        if place is None and (" " in name or (name not in locations and not any(name in found for found in unsure))):
            continue  # two words no gazetteer knows are a player ("beat Taylor Dent"), whatever the model said
        if place is not None and place.kind not in _CLUB_PLACE_KINDS:
            continue
        orgs.setdefault(name, None)
        for found in unsure:
            found.pop(name, None)
        if place is not None and place.name != name:
            locations.pop(place.name, None)


def _cued_names(text: str, start: int) -> list[str]:
    """The names next to a lower-case cue word (:data:`_ORG_CUE_WORDS`), before it or after it."""
    names: list[str] = []
    for cue, before, after in _ORG_CUE_WORDS:
        for i in _occurrences(text, cue, start):
            end = i + len(cue)
            if end == len(text) or not (text[end].isalnum() or text[end] in "'’-"):  # a whole word
                if before and (m := _NAME_BEFORE.search(text, max(start, i - _CUE_WINDOW), i)) is not None:
                    names.append(m.group(1))
                if after and text[end : end + 1] == " " and (m := _NAME_AFTER.match(text, end + 1)) is not None:
                    names.append(m.group())
    return names


def _cued_organisations(text: str, start: int, gaz: Gazetteer, orgs: dict[str, None]) -> None:
    """A name that a lower-case cue word types (``the Safina party``, ``the ruling Congress party``,
    ``the newspaper Handelsblatt``, ``the daily Le Monde``, ``the Financial Times newspaper``) is an
    organisation wherever it stands in the document. Not a demonym or creed (``the Communist party``,
    ``a British newspaper``: no name), a place (``a London newspaper``), a weekday or a month."""
    common_words = get_model().common_words
    for name in _cued_names(text, start):
        words = name.split()
        for k in range(len(words) - 1, -1, -1):
            if words[k].endswith(("'s", "’s")):
                words = words[k + 1 :]  # "Israel's Haaretz newspaper": the paper, not its country
                break
        if words and words[0] in ("The", "A", "An"):
            words = words[1:]
        while words and words[-1] in ("of", "de", "for"):
            words = words[:-1]
        if not words or len(words) > 5 or words[0] in _DEMONYMS or words[-1] in _DEMONYMS:
            continue
        if words[-1].endswith(("'", "’")) or (len(words) == 1 and words[0].endswith(("ic", "ist", "al", "ern"))):
            continue  # "Morales' party" is whose party; "the Democratic party", "Financial daily": adjectives
        name = " ".join(words)
        if name in _NON_ENTITY_WORDS or name in _SENTENCE_OPENERS or gaz.get(name) is not None:
            continue
        if len(words) == 1 and name.lower() in common_words and name not in _NEWSPAPER_CUES:
            continue  # "the Financial newspaper", "a Northern party": a word; "the Guardian" is a paper
        orgs.setdefault(name, None)


def _is_caps_word(name: str) -> bool:
    return " " not in name and name.isupper()


def _in_capitals(text: str, start: int) -> bool:
    """Whether the text after ``start`` is written in capitals (probed at its start and end)."""
    head, tail = text[start : start + 300], text[-200:]
    return head.upper() == head and tail.upper() == tail

_PAREN_PLACE = re.compile(r" \(([A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*){0,2})\)")
#: A rider's or a driver's team between the country's brackets and a time: ``(Belgium) Mapei 6 hours``,
#: ``(Britain) Williams 1:50.574``, ``(Switzerland) Polti same time``.
_TEAM_AFTER = re.compile(r" ([A-Z][\w'’&.-]*(?:[ -][A-Z][\w'’&.-]*){0,2}) (?=\d|same time\b|s\.t\.)")
_GOALS_AFTER = re.compile(r" \d(?![\d.:,-])")  # "Parma (Italy) 2 Vitoria Guimaraes (Portugal) 0": clubs
_NAME_END = re.compile(r"(?:[A-Z][\w'’-]+ ){0,3}[A-Z][\w'’-]+$")


def _players(text: str, start: int, gaz: Gazetteer, people: dict, lone: dict, others: tuple[dict, ...]) -> None:
    """A name before its country in brackets is a person (``Byron Black (Zimbabwe) beat Javier Frana
    (Argentina)``, ``68 Nick Faldo (Britain)``): tennis, golf and athletics results. A known
    place or organisation or a name with a cue word stays what it is; before a goal count it is a
    club (``Parma (Italy) 2 Vitoria Guimaraes (Portugal) 0``: European cup results)."""
    # str.find of one character, not a regex scan: on BBC 1x 0.6 µs per article, a regex 3.5 µs
    find = text.find
    i = find("(", start + 1)
    while i >= 0:
        if text[i - 1] == " " and text[i - 2 : i - 1].isdigit() and "A" <= text[i + 1 : i + 2] <= "Z":
            # "PSV Eindhoven 3 (Nilis 12, 40, Cocu 77)": after a side's goals, every name before a
            # minute in the brackets is a scorer (alone, "Cocu 77" would open a results line: a club)
            close = find(")", i)
            for m in _SCORER_NAME.finditer(text, i + 1, close if close > 0 else min(len(text), i + 200)):
                _player(m.group(1).split(), gaz, people, lone, others)
        elif text[i - 1] == " " and "A" <= text[i + 1 : i + 2] <= "Z" and (m := _PAREN_PLACE.match(text, i - 1)) is not None:
            place = gaz.get(m.group(1))
            if place is not None and place.kind == "country":
                before = _NAME_END.search(text, max(start, i - 61), i - 1)
                if before is not None and (before.start() == 0 or not text[before.start() - 1].isalpha()):
                    if _GOALS_AFTER.match(text, m.end()) is None:
                        _player(before.group().split(), gaz, people, lone, others)
                        team = _TEAM_AFTER.match(text, m.end())
                        if team is not None:
                            _team(team.group(1), gaz, others)
                    else:
                        _club_of_country(before.group(), gaz, others)
        i = find("(", i + 1)


_SCORER_WORDS = frozenset(("Scorers", "Scorer", "SCORERS", "SCORER", "Goalscorers", "Goalscorer"))
_SCORER_NAME = re.compile(r"([A-Z][\w'’-]+(?: [A-Z][\w'’-]+){0,2}) \(?\d")


def _scorers(text: str, start: int, words: dict, gaz: Gazetteer, people: dict, lone: dict, others: tuple[dict, ...]) -> None:
    """After ``Scorers:``, to the end of the line, a name before a minute is a person (``Vialli (34th),
    Ravanelli 67``); a side's name before its scorers is not (``Germany - Bierhoff (23rd)``)."""
    for word in words:
        i = text.find(word, start)
        while i >= 0:
            end = text.find("\n", i)
            end = len(text) if end < 0 else end
            for m in _SCORER_NAME.finditer(text, i + len(word), end):
                _player(m.group(1).split(), gaz, people, lone, others)
            i = text.find(word, end)


#: A cricket scorecard's fielder and bowler: ``c Inzamam-ul-Haq b Mushtaq Ahmed 12``, ``lbw b Wasim Akram``.
_DISMISSED_BY = re.compile(r"(?:\bc(?: &)?|\bb|\bst) ([A-Z][\w'’.-]+(?: [A-Z][\w'’-]+){0,2})(?= b | \d| \(|$)", re.M)
#: A scorecard's labels, no names: ``Extras (b-4 lb-6) 13``, ``Total (for 3 wickets) 154``.
_SCORECARD_LABELS = ("Extras", "Total", "Fall of wickets", "Bowling", "Did not bat")


def _scorecard(text: str, start: int, gaz: Gazetteer, people: dict, lone: dict, others: tuple[dict, ...]) -> None:
    """A cricket scorecard (``not out`` or ``Extras`` in the text): the names after ``c``, ``b`` and
    ``st`` are players (a hyphenated ``Inzamam-ul-Haq`` too), and the labels name nothing."""
    if _SCORECARD_LINE.search(text, start) is None:
        return
    for m in _DISMISSED_BY.finditer(text, start):
        _player(m.group(1).split(), gaz, people, lone, others, towns_too=True)  # "b Cork 12": the bowler
    for label in _SCORECARD_LABELS:
        for found in (people, lone, *others):
            found.pop(label, None)


_SCORECARD_LINE = re.compile(r"(?:\bnot out \d|\bb [A-Z][\w'’-]+(?: [A-Z][\w'’-]+)* \d+$|^Extras\b)", re.M)


def _club_of_country(name: str, gaz: Gazetteer, others: tuple[dict, ...]) -> None:
    """A club before its country and its goals: an organisation, not the town or a person."""
    orgs, locations = others[0], others[1]
    words = name.split()
    while words and (words[0] in _NON_ENTITY_WORDS or not _name_shaped(words[0])):
        words = words[1:]
    if not words or gaz.get(" ".join(words)) is not None and gaz.get(" ".join(words)).kind == "country":
        return  # a national side is its country
    name = " ".join(words)
    place = gaz.get(name)
    for found in others[1:]:
        found.pop(name, None)
    if place is not None:
        locations.pop(place.name, None)
    orgs.setdefault(name, None)


def _team(name: str, gaz: Gazetteer, others: tuple[dict, ...]) -> None:
    """A team after a rider's or a driver's country (:data:`_TEAM_AFTER`): an organisation, unless a
    word of no name (``(U.S.) Open``) or a place."""
    words = name.split()
    if words[0] in _NON_ENTITY_WORDS or words[0] in _MISC_WORDS or gaz.get(name) is not None:
        return
    for found in others[1:]:
        found.pop(name, None)
    others[0].setdefault(name, None)


def _player(
    words: list[str], gaz: Gazetteer, people: dict, lone: dict, others: tuple[dict, ...], towns_too: bool = False,
) -> None:
    while words and (words[0] in _NON_ENTITY_WORDS or words[0] in _TITLES):
        words = words[1:]
    if not words or not all(map(_name_shaped, words)) or not _ORG_TAIL.isdisjoint(words):
        return
    name = " ".join(words)
    place = gaz.get(name)
    if (place is not None and not (towns_too and place.kind == "city")) or (
        (_LEXICON.match_at(words, words, 0) or (0,))[0] == len(words)
    ):
        return
    for found in others:
        found.pop(name, None)
    if place is not None:
        others[1].pop(place.name, None)
    if len(words) > 1:
        people.setdefault(name, None)
    else:
        lone.setdefault(name, None)


def _written_lower(text: str, word: str) -> bool:
    """Whether ``text`` holds ``word`` in lower case as a whole word (``negotiations`` for ``Negotiations``)."""
    lower = word.lower()
    if lower == word:
        return False
    find = text.find
    i = find(lower)
    n = len(lower)
    while i >= 0:
        if (i == 0 or not text[i - 1].isalpha()) and (i + n == len(text) or not text[i + n].isalpha()):
            return True
        i = find(lower, i + n)
    return False


def _without_based(org: str) -> str:
    first, _, rest = org.partition(" ")
    return rest if rest and first.endswith("-based") else org


def _is_country(name: str, gaz: Gazetteer) -> bool:
    place = gaz.get(name)
    return place is not None and place.kind == "country"


def _finish(text: str, start: int, gaz: Gazetteer, people: dict[str, None], lone: dict[str, bool],
            orgs: dict[str, None], locations: dict[str, None]) -> Entities:  # fmt: skip
    # "Texas-based Tandy Corp": where a company is based is no part of its name.
    org_list = [_without_based(org) for org in orgs] if "-based " in text else list(orgs)
    # "The Post" after "The Washington Post": a short form names the organisation seen in full.
    resolved_orgs: dict[str, None] = {}
    for org in org_list:
        tokens = org.split()
        if len(tokens) <= 2 and tokens[0] == "The":
            full = next((o for o in org_list if o != org and o.endswith(" " + tokens[-1]) and len(o) > len(org)), None)
            if full is not None:
                org = full
        resolved_orgs.setdefault(org, None)
    # A town that is a club somewhere in the document ("Liverpool beat Everton 2-1") is the club throughout.
    if not _COUNTY_CLUBS.isdisjoint(resolved_orgs):  # a cricket page: every county in it is the club
        for county in _COUNTY_CLUBS.intersection(locations):
            resolved_orgs.setdefault(county, None)
    place_list = [place for place in locations if place not in resolved_orgs]
    full_names = [p for p in people if p not in resolved_orgs and p not in locations]
    if len(full_names) > 1:  # "Perez de Cuellar" beside "Javier Perez de Cuellar"
        tails = {" ".join(parts[k:]) for parts in map(str.split, full_names) for k in range(1, len(parts) - 1)}
        if tails:
            full_names = [p for p in full_names if p not in tails]
    by_part: dict[str, str] = {}
    for person in full_names:
        parts = person.split()
        by_part.setdefault(parts[-1], person)
        by_part.setdefault(parts[0], person)  # "Hu" beside "Hu Jintao"
        if len(parts) > 2 and parts[-2] in _NAME_PARTICLES:
            by_part.setdefault(" ".join(parts[-2:]), person)
    final_people: dict[str, None] = dict.fromkeys(full_names)
    # "Villa, who had lost ..." beside "Aston Villa": the last word of a known organisation's name is its
    # short form (of any organisation, it took real surnames: "Ferdinand" beside the band Franz Ferdinand)
    org_tails = {o.rsplit(" ", 1)[1] for o in resolved_orgs if " " in o and (o in _KNOWN_ORGANISATIONS or o in _CLUBS)}
    for name, marked in lone.items():
        if name in by_part or name in resolved_orgs or name in locations or (name in org_tails and not marked):
            continue
        final_people.setdefault(name, None)
    person_words = {w for p in final_people if " " in p for w in p.split()}
    org_list = list(resolved_orgs)
    if person_words:
        # One name, one entity per document: a one-word place or organisation that is a word of a
        # person's name here is that person ("Jordan" or "Laden" beside "Osama bin Laden", "Powell"
        # beside "Colin Powell"), whoever typed it; a country and a known organisation stay
        # ("Jordan" the country, "Ford" the carmaker beside "Harrison Ford").
        place_list = [p for p in place_list if p not in person_words or _is_country(p, gaz)]
        org_list = [o for o in org_list if o not in person_words or o in _KNOWN_ORGANISATIONS]
    return Entities(
        people=list(final_people)[:MAX_PER_KIND],
        organizations=org_list[:MAX_PER_KIND],
        locations=place_list[:MAX_PER_KIND],
    )
