"""Offline named-entity extraction: people, organizations and locations, by rules and a gazetteer.

Only runs of capitalised tokens are looked at (one regex pass; connectors such
as ``of``/``bin``/``van`` may sit inside a run). Each run is split at
possessives and at words that never belong to a name, then every segment is
classified, in this order:

1. **organization** when it carries an organisational cue (``Inc``, ``Bank``,
   ``Ministry``, ``Department``, ``Party``, ``University``, newspapers'
   ``Times``/``Post`` ...), when it is followed by a lower-case ``network``
   (``Haqqani network``), or when a token is an acronym of 2–6 capitals
   (``ISAF``, ``NATO``) that is neither a Roman numeral nor a place code
   (``US``/``UK`` are locations). A leading ``The`` is dropped except for
   newspapers (``The Washington Post``). Later short forms (``The Post``)
   resolve to the full name seen earlier;
2. **locations** from :mod:`etl.enrich.gazetteer`, case-sensitive and longest match
   first, normalised to canonical names (``U.S.`` → ``United States``);
3. **person** for what is left: a name of 1–3 tokens after a title stripped
   from it (``Prime Minister``, ``Mr``, ``Gov.``; ``Later Mr Blair`` drops
   everything up to the title), a name right after an organisation
   (``State Department Marie Harf``), or any 2–3 token name-shaped segment
   whose first and last tokens are not demonyms, months, directions or common
   capitalised words, and which holds no thing-word (``League``, ``Street``).
   That last rule subsumes the ``said X Y`` / ``X Y said`` / ``X Y, the ...``
   patterns, so no context is looked at: a run's entities depend on the run
   alone, which lets each distinct run be classified once per process (cached).
   A lone surname resolves to the full name when one ending with it was found
   (``Sharif`` → ``Nawaz Sharif``); an unresolved lone surname is kept only
   when a title marks it (``Mr Blair`` → ``Blair``).

Lists are de-duplicated, keep first-seen order and are capped at
:data:`MAX_PER_KIND`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from etl.enrich.gazetteer import Gazetteer, get_gazetteer

MAX_PER_KIND = 25

# Deliberately simple (no alternation of abbreviations, no look-behind): it is 4× faster than a
# precise pattern, and trailing dots are sorted out per token in Python, once per distinct run.
_RUN_RE = re.compile(
    r"[A-Z][\w'’&.-]*(?:[ \u00a0](?:(?:of|the|for|de|del|da|der|van|von|bin|al|du|la|le)[ \u00a0]){0,2}[A-Z][\w'’&.-]*)*"
)
_NETWORK_RE = re.compile(r"([A-Z][\w'’-]*(?: [A-Z][\w'’-]*){0,3}) network\b")

try:
    from etl.enrich._speedups import (
        capitalised_runs as _find_runs,  # = _RUN_RE.findall, ~3× faster
    )
except ImportError:  # not built (no C compiler at install)
    _find_runs = _RUN_RE.findall
_ABBREVIATIONS = frozenset(
    "Mr. Mrs. Ms. Dr. St. Gov. Sen. Rep. Gen. Lt. Col. Capt. Sgt. Prof. Rev. Jr. Sr. Inc. Corp. Ltd. Co. "
    "Mt. Ft. Pres. Supt. Insp. Bros.".split()
)
_INITIALISM_RE = re.compile(r"^(?:[A-Z]\.)+$|^(?:[A-Z]\.){2,}[A-Z]?$")
_ACRONYM_RE = re.compile(r"^[A-Z]{2,6}$")
_ROMAN_RE = re.compile(r"^(?=[MDCLXVI])M{0,3}(?:C[MD]|D?C{0,3})(?:X[CL]|L?X{0,3})(?:I[XV]|V?I{0,3})$")
_NAME_TOKEN_RE = re.compile(r"^[A-Z][a-z]+(?:['’-][A-Za-z][a-z]+)*$|^(?:Mc|Mac|O['’])[A-Z][a-z]+$|^[A-Z]\.$")
_RUN_CACHE_MAX = 200_000

#: Titles and honorifics stripped from the front of a name; their presence marks a person.
TITLE_WORDS = frozenset(
    """
    Mr Mr. Mrs Mrs. Ms Ms. Dr Dr. Sir Dame Lord Lady Baroness Baron King Queen Prince Princess Pope Sheikh
    President Vice Prime Minister Secretary Deputy Chancellor Governor Gov. Senator Sen. Rep. Representative
    Congressman Congresswoman Mayor Judge Justice General Gen. Lt. Col. Colonel Capt. Captain Major Sgt.
    Admiral Commander Chief Executive Director Chairman Chairwoman Ambassador Commissioner Coach Manager
    Defense Defence Foreign Home Interior Finance Trade Culture Health Education Energy Justice Treasury
    State Spokesman Spokeswoman Spokesperson Speaker Leader Prof. Professor Rev. Reverend Father Bishop
    Archbishop Cardinal Rabbi Imam Ayatollah Officer Inspector Insp. Supt. Detective Attorney Pres. Premier
    Minister-President Economy Labour Tory Conservative Democrat Republican Liberal Shadow Environment
    Transport Work Pensions Sports Sport Industry Agriculture Development International Business
    """.split()
)
_STRONG_TITLES = TITLE_WORDS - {"State", "Home", "Foreign", "Defense", "Defence", "International", "Business",
                                "Development", "Labour", "Tory", "Conservative", "Democrat", "Republican",
                                "Liberal", "Work", "Industry", "Environment", "Transport", "Energy", "Economy",
                                "Trade", "Culture", "Health", "Education", "Finance", "Treasury", "Interior",
                                "Sports", "Sport", "Agriculture", "Pensions", "Shadow"}

#: The last token of an organisation's name (``Bank of England`` is handled by "cue + of").
ORG_CUES = frozenset(
    """
    Inc Inc. Corp Corp. Corporation Ltd Ltd. plc PLC Co Co. Company Group Holdings Bank Ministry Department
    Party Council University Agency Association Commission Committee Network Federation Union Institute
    Institution Foundation Authority Organisation Organization Court Parliament Senate Congress Assembly
    Board Trust Society Exchange College School Academy Hospital Service Services Office Bureau Police
    Army Navy Force Forces Airlines Airways Motors Systems Technologies Labs Laboratories Records Studios
    Pictures Entertainment Media Broadcasting Corporation Fund Reserve Industries International Club FC
    United Rovers Athletic Wanderers Albion League Alliance Coalition Movement Front Brigade Brigades
    Church Museum Theatre Orchestra Press Times Post Journal Herald Tribune Guardian Telegraph Independent
    Observer Economist Chronicle Gazette Mail Mirror Express Sun Globe Reuters Microsoft Google Apple
    """.split()
) - {"Microsoft", "Google", "Apple"}
NEWSPAPER_CUES = frozenset("Times Post Journal Herald Tribune Guardian Telegraph Independent Observer Economist "
                           "Chronicle Gazette Mail Mirror Express Sun Globe".split())
_ORG_HEADS = frozenset("Ministry Department University Bank Bureau Institute Council Office Federation Association "
                       "Commission Committee Court Church Museum College Academy Board Society Union League "
                       "House Chamber Organisation Organization Agency Party".split())

#: Capitalised words that do not start a person's name when nothing else marks one.
NON_NAME_FIRST = frozenset(
    """
    The A An This That These Those In On At By For From To With Without Of And But Or Nor If When While
    As After Before Since Until Because Although Though However Meanwhile Yet So Then Thus Also Still
    Such Many Most Some Several Both All Each Every No Not Other Another Our Their His Her Its My Your
    We They He She It I You Who What Which Where Why How There Here Please Everyone Nobody Last Next
    First Second Third New Old Great North South East West Northern Southern Eastern Western Central
    Upper Lower Greater Little Big High Low Top Former Ex Acting Interim Senior Junior Royal National
    Federal State County City Saint St. Mount Lake River Fort Port Cape Bay Gulf Sea Ocean Island Islands
    January February March April May June July August September October November December Monday
    Tuesday Wednesday Thursday Friday Saturday Sunday Christmas Easter Ramadan Internet Web Online
    Afghan Afghans American Americans Arab Arabs Asian African Australian Austrian Belgian Brazilian
    British Briton Britons Canadian Chinese Czech Danish Dutch Egyptian English European Europeans
    French Georgian German Germans Greek Indian Indians Iranian Iraqi Irish Israeli Italian Japanese
    Korean Kurdish Lebanese Mexican Muslim Muslims Christian Christians Jewish Norwegian Pakistani
    Pakistanis Palestinian Palestinians Polish Portuguese Russian Russians Saudi Scottish Serbian
    Spanish Swedish Swiss Syrian Taliban Turkish Ukrainian Welsh Western Westerners Islamic Catholic
    Democratic Republican Democrats Republicans Labour Conservative Conservatives Tory Tories Liberal
    Liberals Communist Socialist Premier Champions World Olympic Olympics Grand Super Open Cup Oscar
    Oscars Grammy Golden Hollywood Broadway Downing Parliament Commons Congress Senate Government Prime
    Minister President Secretary Chancellor Administration Officials Police Army Court Bank Party
    Deputy Chief Vice Executive General Special Director Coach Manager Spokesman Mr Mrs Ms Dr Sir Lord
    Lady Gov. Sen. Rep. Gen. BBC ITV TV PC DVD CD MP MPs EU UN US UK Internet Xbox PlayStation Windows
    """.split()
)
#: Tokens that make a segment a thing, not a person (``Premier League``, ``Downing Street``).
NON_PERSON_TOKENS = frozenset(
    """
    League Cup Street Road Avenue Square Lane Park Stadium Arena Hall Awards Award Festival Championship
    Championships Open Games Day Week Year Office House Court Club Cross Bridge Station Airport Centre
    Center Tower Palace Castle Abbey Cathedral Prize Trophy Series Show Tour Act Bill Law Treaty Plan
    Report Index Fund Wars War Revolution Empire Kingdom Republic Province Region District County State
    States Valley Mountains Hills River Lake Sea Ocean Island Islands Coast Strait Canal Gate Gardens
    System Network Online Software Phone Mobile Radio Television Channel Music Records Album Film Movie
    Book Prize Grand Prix Slam Tournament Trust Fund Programme Program Project Scheme Initiative Zone
    """.split()
)
_NOT_ACRONYMS = frozenset("US UK EU UN AM PM TV OK CEO CFO MP MPs PC CD DVD GMT BST EST PST DC AD BC ID "
                          "II III IV VI VII VIII IX XI XII GB NY LA".split())


@dataclass(slots=True)
class Entities:
    """People, organizations and locations found in one text, first-seen order, deduplicated."""

    people: list[str] = field(default_factory=list)
    organizations: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)


class _Collector:
    __slots__ = ("locations", "orgs", "people", "surnames")

    def __init__(self) -> None:
        self.people: dict[str, None] = {}
        self.surnames: dict[str, bool] = {}  # lone surnames marked by a title ("Mr Blair")
        self.orgs: dict[str, None] = {}
        self.locations: dict[str, None] = {}


def _strip_possessive(token: str) -> tuple[str, bool]:
    if token.endswith(("'s", "’s")):
        return token[:-2], True
    if token.endswith(("s'", "s’")):
        return token[:-1], True
    return token, False


def _segments(tokens: list[str]) -> list[list[str]]:
    """Split a run at possessives and at words that cannot continue a name."""
    segments: list[list[str]] = []
    current: list[str] = []
    for token in tokens:
        sentence_end = False
        if token.endswith(".") and token not in _ABBREVIATIONS and _INITIALISM_RE.match(token) is None:
            token = token.rstrip(".")
            sentence_end = True
        token, possessive = _strip_possessive(token)
        if current and token in ("The", "A", "An", "But", "And", "He", "She", "It", "They", "We", "I", "In", "On"):
            segments.append(current)
            current = []
        if token:
            current.append(token)
        if (possessive or sentence_end) and current:
            segments.append(current)
            current = []
    if current:
        segments.append(current)
    return segments


def _is_acronym(token: str) -> bool:
    return (
        _ACRONYM_RE.match(token) is not None
        and token not in _NOT_ACRONYMS
        and _ROMAN_RE.match(token) is None
    )


def _org_span(segment: list[str]) -> int | None:
    """Index of the token that ends an organisation name at the start of ``segment``, if any."""
    for j, token in enumerate(segment):
        if token in ORG_CUES and (j > 0 or token in _ORG_HEADS):
            # "Bank of England", "Ministry of Defence": the cue governs what follows "of"/"for".
            if j + 1 < len(segment) and segment[j + 1] in ("of", "for") and token in _ORG_HEADS:
                k = j + 2
                while k < len(segment) and (segment[k][0].isupper() or segment[k] in ("the", "and")):
                    if segment[k] in TITLE_WORDS and k + 1 < len(segment) and segment[k + 1] not in ("of", "for"):
                        break
                    k += 1
                return k - 1
            if j == 0 and token in _ORG_HEADS:
                continue  # a bare head word ("Party ...") without "of" names nothing yet
            return j
    return None


def _classify_segment(segment: list[str], gaz: Gazetteer, out: _Collector) -> None:
    # Acronyms split the segment: they are organisations, never part of a name.
    if len(segment) > 1 and any(_is_acronym(t) and gaz.get(t) is None for t in segment):
        part: list[str] = []
        for token in segment:
            if _is_acronym(token) and gaz.get(token) is None:
                if part:
                    _classify_segment(part, gaz, out)
                    part = []
                out.orgs.setdefault(token, None)
            else:
                part.append(token)
        if part:
            _classify_segment(part, gaz, out)
        return
    while segment and segment[0] in ("of", "the", "for") or segment and segment[-1] in ("of", "the", "for"):
        segment = segment[1:] if segment[0] in ("of", "the", "for") else segment[:-1]
    if not segment:
        return
    if len(segment) == 1 and _is_acronym(segment[0]) and gaz.get(segment[0]) is None:
        out.orgs.setdefault(segment[0], None)
        return

    end = _org_span(segment)
    if end is not None:
        org_tokens = segment[: end + 1]
        start = 0
        while start < end and org_tokens[start] in _STRONG_TITLES and org_tokens[start] not in _ORG_HEADS:
            start += 1  # "Deputy Spokesperson at the State Department": titles before an org belong to a person
        org_tokens = org_tokens[start:]
        if org_tokens[0] == "The" and org_tokens[-1] not in NEWSPAPER_CUES:
            org_tokens = org_tokens[1:]
        if org_tokens:
            out.orgs.setdefault(" ".join(org_tokens), None)
        rest = segment[end + 1 :]
        if rest:
            _person(rest, out, True)
        return

    # Locations, longest match first; what lies between them may still be a name.
    pieces: list[list[str]] = []
    current: list[str] = []
    i = 0
    n = len(segment)
    while i < n:
        match = gaz.match_at(segment, i)
        if match is not None:
            k, place = match
            out.locations.setdefault(place.name, None)
            if current:
                pieces.append(current)
                current = []
            i += k
            continue
        current.append(segment[i])
        i += 1
    if current:
        pieces.append(current)
    for piece in pieces:
        _person(piece, out, False)


def _person(tokens: list[str], out: _Collector, after_org: bool) -> None:
    # after_org: "State Department Marie Harf": a name right after an organisation's title is a person.
    strong = after_org
    start = 0
    # "Later Mr Blair": whatever stands before the last title is not part of the name.
    for k in range(len(tokens) - 2, 0, -1):
        if tokens[k] in _STRONG_TITLES:
            start = k
            break
    while start < len(tokens) and tokens[start] in TITLE_WORDS:
        if tokens[start] in _STRONG_TITLES:
            strong = True
        start += 1
    name = tokens[start:]
    while name and name[-1] in ("of", "the", "for"):
        name = name[:-1]
    if not name or len(name) > 3:
        return
    if not all(_NAME_TOKEN_RE.match(t) or t in ("bin", "al", "van", "von", "de", "da", "der", "du", "la", "le")
               for t in name):
        return
    if any(t in NON_PERSON_TOKENS or t in ORG_CUES for t in name):
        return
    if len(name) == 1:
        if strong or start > 0:
            surname = name[0]
            if surname not in NON_NAME_FIRST:
                out.surnames[surname] = out.surnames.get(surname, False) or strong
        return
    if not strong and (name[0] in NON_NAME_FIRST or name[-1] in NON_NAME_FIRST):
        return
    if name[0] in NON_NAME_FIRST and start == 0:
        return
    out.people.setdefault(" ".join(name), None)


_Result = tuple[tuple[str, str], ...]
_run_cache: dict[str, _Result] = {}


def _classify_run(run: str, gaz: Gazetteer) -> _Result:
    """Entities of one capitalised run, out of context: ("P"|"S"|"O"|"L", name) pairs."""
    out = _Collector()
    for segment in _segments(run.split()):
        _classify_segment(segment, gaz, out)
    return (
        tuple(("O", o) for o in out.orgs)
        + tuple(("L", loc) for loc in out.locations)
        + tuple(("P", p) for p in out.people)
        + tuple(("S", sur) for sur in out.surnames)
    )


def extract_entities(text: str, *, start: int = 0, gazetteer: Gazetteer | None = None) -> Entities:
    """Find people, organizations and locations in ``text`` (from offset ``start``, e.g. after a dateline).

    A run's entities do not depend on its context, so each distinct run is
    classified once per process and cached: news repeats the same names, titles
    and sentence openers ("Mr Blair", "The", "United States") endlessly.
    """
    gaz = gazetteer or get_gazetteer()
    cache = _run_cache if gazetteer is None else {}
    out = _Collector()
    people, surnames, orgs, locations = out.people, out.surnames, out.orgs, out.locations
    if " network" in text:
        for name in _NETWORK_RE.findall(text, start):
            tokens = [t for t in name.split() if t != "The"]
            if tokens and gaz.get(" ".join(tokens)) is None:
                orgs.setdefault(" ".join(tokens) + " network", None)
    for run in _find_runs(text, start):
        result = cache.get(run)
        if result is None:
            if len(cache) >= _RUN_CACHE_MAX:
                cache.clear()
            result = cache[run] = _classify_run(run, gaz)
        for kind, name in result:
            if kind == "L":
                locations.setdefault(name, None)
            elif kind == "O":
                orgs.setdefault(name, None)
            elif kind == "P":
                people.setdefault(name, None)
            else:
                surnames[name] = True
    return _finish(out)


def _finish(out: _Collector) -> Entities:
    orgs = list(out.orgs)
    locations = list(out.locations)
    # "The Post" after "The Washington Post": a short form names the organisation seen in full.
    resolved_orgs: dict[str, None] = {}
    for org in orgs:
        tokens = org.split()
        if len(tokens) <= 2 and tokens[0] == "The":
            full = next((o for o in orgs if o != org and o.endswith(" " + tokens[-1]) and len(o) > len(org)), None)
            if full is not None:
                org = full
        resolved_orgs.setdefault(org, None)
    blocked = set(resolved_orgs) | set(locations)
    full_names = [p for p in out.people if p not in blocked]
    people: dict[str, None] = {}
    for person in full_names:
        people.setdefault(person, None)
    by_surname: dict[str, str] = {}
    for person in full_names:
        by_surname.setdefault(person.split()[-1], person)
    for surname, marked in out.surnames.items():
        full = by_surname.get(surname)
        if full is not None:
            continue
        if marked and surname not in blocked:
            people.setdefault(surname, None)
    return Entities(
        people=list(people)[:MAX_PER_KIND],
        organizations=list(resolved_orgs)[:MAX_PER_KIND],
        locations=locations[:MAX_PER_KIND],
    )
