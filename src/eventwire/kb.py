"""The actor knowledge base: countries, organisations, people with dated roles, generic agents.

The data are YAML files under ``data/actors/`` checked against ``data/actors.schema.json``. A
:class:`KnowledgeBase` loads them once, indexes every name by its normalised form and every office
by (office, country or organisation), and answers three questions at a document's date:

* who is this name? (:meth:`KnowledgeBase.resolve_name`, exact, then transliteration, then fuzzy)
* who held this office? (:meth:`KnowledgeBase.resolve_role`: "president" of USA on 2021-12-31)
* what does this phrase denote? (:meth:`KnowledgeBase.show`: "the US president", "Kiev")

Users extend it with their own YAML, CSV or Wikidata JSON files (:func:`import_entries`); their
entries replace built-in ones with the same id.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import json
import logging
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import cache, cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema
import yaml
from spacy.attrs import LEMMA, LOWER

from eventwire.errors import DataError
from eventwire.model import Actor

if TYPE_CHECKING:
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

KINDS = ("countries", "organisations", "people", "agents", "titles")
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "madam", "mme", "m", "gen", "general"})
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml is 10x faster where available
_FUZZY_CUTOFF = 0.86
_MIN_FUZZY_LEN = 5


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """Lowercase, strip accents, dots, possessives and a leading "the": the key of every index."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"'s\b", "", text).replace(".", "")
    text = re.sub(r"[^a-z0-9+]+", " ", text).strip().replace("co operation", "cooperation")  # both spellings
    return text[4:] if text.startswith("the ") else text


def skeleton(norm: str) -> str:
    """A transliteration-blind key: Zelensky, Zelenskyy, Zelenskiy and Selenskyj all agree."""
    for old, new in (("kh", "h"), ("ph", "f"), ("w", "v"), ("j", "i"), ("y", "i"), ("z", "s"), ("ck", "k"), ("q", "k")):
        norm = norm.replace(old, new)
    return re.sub(r"(.)\1+", r"\1", norm)


def parse_date(value: str | date | None) -> date | None:
    """An ISO date at day, month or year precision, as the first day it covers."""
    if value is None or isinstance(value, date):
        return value
    parts = [int(p) for p in str(value).split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


@dataclass(frozen=True, slots=True)
class Role:
    """One office held by one person over a period; ``end`` is the first day out of office."""

    title: str
    sector: str
    start: date
    end: date | None
    country: str | None = None
    org: str | None = None

    def active(self, on: date) -> bool:
        return self.start <= on and (self.end is None or on < self.end)

    @property
    def seat(self) -> str:
        """What the office belongs to: an ISO3 code or an organisation id."""
        return self.org or self.country or ""


@dataclass(frozen=True, slots=True)
class Entry:
    """A canonical actor: a person, a country or an organisation."""

    id: str
    kind: str  # person | country | org
    name: str
    country: str | None = None
    sector: str | None = None
    roles: tuple[Role, ...] = ()
    nouns: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class NameHit:
    """A name in the index and what it denotes: ``sector`` is set for metonyms (Pentagon -> MIL)."""

    entry_id: str
    label: str  # spaCy entity label: PERSON | GPE | ORG | NORP
    surface: str
    sector: str | None = None


@dataclass(frozen=True, slots=True)
class Agent:
    """A generic kind of actor named by a common noun (troops, officials, police)."""

    sector: str
    name: str


@dataclass
class KnowledgeBase:
    """Every known actor, indexed by normalised name and by dated office."""

    version: str
    entries: dict[str, Entry]
    names: dict[str, tuple[NameHit, ...]]
    offices: dict[tuple[str, str], tuple[tuple[Role, str], ...]]
    title_phrases: dict[str, tuple[str, ...]]
    leader_offices: dict[str, tuple[str, ...]]
    agent_nouns: dict[str, Agent]
    anaphors: dict[str, str]
    skeletons: dict[str, tuple[str, ...]] = field(default_factory=dict)
    surnames: dict[str, tuple[NameHit, ...]] = field(default_factory=dict)
    _fuzzy_keys: tuple[str, ...] = ()
    # Per-instance memo of fuzzy look-ups: the same misspelt or unknown name recurs across a
    # corpus, and a difflib scan costs about a millisecond.
    _fuzzy_memo: dict[str, str | None] = field(default_factory=dict)
    _fuzzy_buckets: dict[tuple[str, int], tuple[str, ...]] = field(default_factory=dict)
    # describes_actor by the vocabulary's ids of (lowercase form, lemma): asked for most words
    # of every document, answered once per word.
    _describes_memo: dict[tuple[int, int], bool] = field(default_factory=dict)
    # Actors of entries without roles (countries, organisations: the same on every date), by
    # (entry id, sector), and entries named by the entity ruler, by (entry id, label, surface):
    # a corpus names the same few hundred again and again. Entries never change once loaded.
    _timeless_actors: dict[tuple[str, str | None], Actor] = field(default_factory=dict)
    _ruled_hits: dict[tuple[str, str, str], NameHit] = field(default_factory=dict)

    @cached_property
    def agent_names(self) -> dict[str, str]:
        """Sector -> the name of its generic agent ("MIL" -> "military"), the first listed."""
        names: dict[str, str] = {}
        for agent in self.agent_nouns.values():
            names.setdefault(agent.sector, agent.name)
        return names

    @cached_property
    def title_first_words(self) -> frozenset[str]:
        """The first word of every office phrase: a run of words starting elsewhere is none."""
        return frozenset(phrase.split()[0] for phrase in self.title_phrases if phrase)

    @cached_property
    def descriptive_words(self) -> frozenset[str]:
        """Every word that can make a phrase without a name an actor: the last words of agent
        nouns ("security forces"), anaphors ("the two sides") and organisations' own nouns ("the
        alliance"), which those look-ups match on the phrase's head, and the first words of
        offices ("foreign minister"), which can sit anywhere in it."""
        phrases = [*self.agent_nouns, *self.anaphors, *(n for e in self.entries.values() for n in e.nouns)]
        return frozenset(phrase.split()[-1] for phrase in phrases if phrase) | self.title_first_words

    def describes_actor(self, lower: str, lemma: str) -> bool:
        """Whether a word (lowercase form and lemma) is one of ``descriptive_words``, as any of
        the look-ups that use it would see it (offices match normalised first words)."""
        words = self.descriptive_words
        return lower in words or lemma.lower() in words or normalise(lower).partition(" ")[0] in words

    def describing_words(self, doc: Doc) -> list[bool]:
        """``describes_actor`` for every word of a document, each word type answered once
        across documents (read from the doc's arrays: no Token objects)."""
        strings, memo = doc.vocab.strings, self._describes_memo
        flags = []
        for lower, lemma in doc.to_array([LOWER, LEMMA]).tolist():
            known = memo.get((lower, lemma))
            if known is None:
                known = memo[(lower, lemma)] = self.describes_actor(strings[lower], strings[lemma])
            flags.append(known)
        return flags

    @cached_property
    def longest_title(self) -> int:
        """Words in the longest office phrase: no longer run of a mention's words can be one."""
        return max((len(phrase.split()) for phrase in self.title_phrases), default=0)

    # ---- loading -------------------------------------------------------------------------
    @classmethod
    def load(cls, extra_paths: Sequence[Path] = ()) -> KnowledgeBase:
        """The built-in knowledge base plus the user's files, built once per set of paths."""
        return _load_cached(tuple(str(Path(p)) for p in extra_paths))

    @classmethod
    def from_data(cls, data: dict[str, Any], version: str) -> KnowledgeBase:
        """Build the indexes from validated file contents (``{"people": [...], ...}``)."""
        entries = _entries(data)
        names = _name_index(data, entries)
        titles, agents = data["titles"], data["agents"]
        return cls(
            version=version,
            entries=entries,
            names=names,
            offices=_office_index(entries),
            title_phrases=_title_index(titles["offices"]),
            leader_offices=_leader_index(titles["leader_offices"]),
            agent_nouns=_agent_index(agents["agents"]),
            anaphors={n: kind for kind, nouns in agents["anaphors"].items() for n in nouns},
            skeletons=_skeleton_index(names),
            surnames=_surname_index(entries),
            _fuzzy_keys=tuple(k for k, hits in names.items() if len(k) >= _MIN_FUZZY_LEN and hits[0].label in ("PERSON", "ORG")),
        )

    # ---- actors from entries ---------------------------------------------------------------
    def actor(self, entry_id: str, text: str | None = None, on: date | None = None, sector: str | None = None) -> Actor:
        """The Actor for a canonical entry at a date (a person's country and sector follow the role)."""
        entry = self.entries[entry_id]
        country, entry_sector = entry.country, sector or entry.sector
        role = self.role_on(entry, on)
        if role is not None:
            country = role.country or self._org_country(role.org)
            entry_sector = sector or role.sector
        return Actor(text=text or entry.name, id=entry.id, name=entry.name, country=country, sector=entry_sector, kind=entry.kind)

    def entry_actor(self, entry_id: str, on: date | None, sector: str | None = None) -> Actor:
        """``actor(entry_id, on=on, sector=sector)``; an entry without roles is the same on every
        date, so its actor is built once."""
        if self.entries[entry_id].roles:
            return self.actor(entry_id, on=on, sector=sector)
        key = (entry_id, sector)
        actor = self._timeless_actors.get(key)
        if actor is None:
            actor = self._timeless_actors[key] = self.actor(entry_id, sector=sector)
        return actor

    def role_on(self, entry: Entry, on: date | None) -> Role | None:
        """The role a person holds on a date; else the last one before it; else the first."""
        if not entry.roles:
            return None
        if on is None:
            return max(entry.roles, key=lambda r: (r.end is None, r.end or r.start))
        active = [r for r in entry.roles if r.active(on)]
        if active:
            return active[0]
        before = [r for r in entry.roles if r.end is not None and r.end <= on]
        return max(before, key=lambda r: r.end or r.start) if before else entry.roles[0]

    def agent_actor(self, sector: str, country: str | None, text: str) -> Actor:
        """A generic agent: ``agent:UKR-MIL`` named "Ukraine military"; no id without a country."""
        agent_name = self.agent_names.get(sector, sector.lower())
        if country is None:
            return Actor(text=text, id=None, name=agent_name, country=None, sector=sector, kind="agent")
        place = self.entries[f"country:{country}"].name if f"country:{country}" in self.entries else country
        return Actor(text=text, id=f"agent:{country}-{sector}", name=f"{place} {agent_name}", country=country, sector=sector, kind="agent")

    def canonical(self, actor: Actor | None) -> Actor | None:
        """The actor under the knowledge base's name for its id. The coder builds some actors from
        a country code alone ("Russian missiles" -> ``agent:RUS-MIL``) and must not show the code
        as the name; an actor without an id keeps the name it was given."""
        if actor is None or actor.id is None:
            return actor
        kind, _, key = actor.id.partition(":")
        if kind == "agent":
            country, _, sector = key.partition("-")
            name: str | None = self.agent_actor(sector, country, actor.text).name
        else:
            entry = self.entries.get(actor.id)
            name = entry.name if entry is not None else actor.name
        return actor if name == actor.name else replace(actor, name=name)

    def _org_country(self, org_id: str | None) -> str | None:
        entry = self.entries.get(org_id or "")
        return entry.country if entry else None

    # ---- names ------------------------------------------------------------------------------
    def lookup(self, text: str, on: date | None = None, fuzzy: bool = True) -> NameHit | None:
        """The best index hit for a name: exact, without honorifics, transliterated, then fuzzy."""
        norm = normalise(text)
        for key in _name_variants(norm):
            hits = self.names.get(key)
            if hits:
                return self._best_hit(hits, on)
        skel_hits = [h for k in self.skeletons.get(skeleton(norm), ()) for h in self.names[k]]
        if skel_hits:
            return self._best_hit(tuple(skel_hits), on)
        if norm in self.surnames:
            return self._best_hit(self.surnames[norm], on)
        if fuzzy and len(norm) >= _MIN_FUZZY_LEN:
            close = self._closest(norm)
            if close:
                return self._best_hit(self.names[close], on)
        return None

    def ruled_hit(self, entry_id: str, label: str, surface: str) -> NameHit:
        """The index's hit for a name the entity ruler tagged as an entry, else a new one.
        Memoised: the ruler tags only the names of its patterns, so the keys are bounded."""
        key = (entry_id, label, surface)
        hit = self._ruled_hits.get(key)
        if hit is None:
            hits = self.names.get(normalise(surface), ())
            hit = next((h for h in hits if h.entry_id == entry_id), None) or NameHit(entry_id, label, surface)
            self._ruled_hits[key] = hit
        return hit

    def _closest(self, norm: str) -> str | None:
        """The closest indexed name (difflib ratio >= cutoff), memoised.

        Only names that could reach the cutoff are compared: the same first letter (a misspelling
        rarely changes it; transliterations are the skeleton index's job) and a length within
        the bound ratio <= 2*min(a, b)/(a + b)."""
        if norm in self._fuzzy_memo:
            return self._fuzzy_memo[norm]
        if not self._fuzzy_buckets:
            for key in self._fuzzy_keys:
                bucket = (key[0], len(key))
                self._fuzzy_buckets[bucket] = (*self._fuzzy_buckets.get(bucket, ()), key)
        low = int(len(norm) * _FUZZY_CUTOFF / (2 - _FUZZY_CUTOFF))
        high = int(len(norm) * (2 - _FUZZY_CUTOFF) / _FUZZY_CUTOFF) + 1
        candidates = [k for n in range(low, high + 1) for k in self._fuzzy_buckets.get((norm[0], n), ())]
        close = difflib.get_close_matches(norm, candidates, n=1, cutoff=_FUZZY_CUTOFF)
        self._fuzzy_memo[norm] = close[0] if close else None
        return self._fuzzy_memo[norm]

    def _best_hit(self, hits: tuple[NameHit, ...], on: date | None) -> NameHit | None:
        """Among homonyms, the one in office at the date; a tie stays unresolved."""
        distinct = {h.entry_id for h in hits}
        if len(distinct) == 1:
            return hits[0]
        if on is None:
            return None
        active = [h for h in hits if any(r.active(on) for r in self.entries[h.entry_id].roles)]
        return active[0] if len({h.entry_id for h in active}) == 1 else None

    def resolve_name(self, text: str, on: date | None = None) -> Actor | None:
        """A name as written ("Zelenskiy", "Mr. Putin", "Kyiv", "U.S.") -> its actor, or None."""
        hit = self.lookup(text, on)
        if hit is None:
            return None
        return self.actor(hit.entry_id, text=text, on=on, sector=hit.sector)

    # ---- offices ----------------------------------------------------------------------------
    def offices_for(self, title: str, seat: str | None) -> tuple[str, ...]:
        """The office keys a title phrase may mean ("head of diplomacy" -> foreign minister)."""
        key = normalise(title)
        offices = self.title_phrases.get(key, (key,) if any(o == key for o, _ in self.offices) else ())
        if "leader" in offices and seat:
            leaders = self.leader_offices.get(seat) or self.leader_offices["org" if seat.startswith("org:") else "default"]
            offices = tuple(o for o in offices if o != "leader") + leaders + ("leader",)
        return offices

    def holder(self, office: str, seat: str, on: date) -> str | None:
        """The one person holding an office on a date; None when vacant or shared (deputies)."""
        active = {pid for role, pid in self.offices.get((office, seat), ()) if role.active(on)}
        return active.pop() if len(active) == 1 else None

    def resolve_role(self, title: str, *, country: str | None = None, org: str | None = None, on: date) -> Actor | None:
        """The holder of an office at a date: ("president", country="USA", 2021-12-31) -> Biden."""
        seat = org or country
        if not seat:
            return None
        for office in self.offices_for(title, seat):
            person = self.holder(office, seat, on)
            if person is not None:
                return self.actor(person, text=title, on=on)
        return None

    # ---- phrases ----------------------------------------------------------------------------
    def show(self, query: str, on: date | None = None) -> Actor | None:
        """Any phrase: a name, "the US president", "NATO Secretary General", "a White House official"."""
        named = self.resolve_name(query, on)
        if named is not None and normalise(query) in self.names:
            return named
        described = self.describe(query, on or date.today())
        return described or named

    def describe(self, query: str, on: date) -> Actor | None:
        """A description made of a seat (country, org, metonym) and a title or agent noun."""
        words = normalise(query).split()
        seat_hit, rest = self._split_seat(words, on)
        rest = [w for w in rest if w not in ("a", "an", "this", "that", "these", "those", "s")]
        while rest and rest[0] == "of":
            rest = rest[1:]
        while rest and rest[-1] == "of":
            rest = rest[:-1]
        if not rest:
            return None
        title = " ".join(rest)
        seat_entry = self.entries[seat_hit.entry_id] if seat_hit else None
        if seat_entry is not None:
            country = seat_entry.id.split(":")[1] if seat_entry.kind == "country" else None
            org = seat_entry.id if seat_entry.kind == "org" else None
            found = self.resolve_role(title, country=country, org=org, on=on)
            if found is not None:
                return Actor(**{**_actor_fields(found), "text": query})
        agent = self.agent_nouns.get(title) or self.agent_nouns.get(rest[-1])
        if agent is not None:
            country = _seat_country(seat_entry)
            sector = seat_hit.sector if seat_hit and seat_hit.sector and agent.sector == "GOV" else agent.sector
            return self.agent_actor(sector, country, query)
        return None

    def _split_seat(self, words: list[str], on: date | None) -> tuple[NameHit | None, list[str]]:
        """Find the longest run of words that names a country, org or metonym; return the rest."""
        for size in range(min(len(words), 6), 0, -1):
            for i in range(len(words) - size + 1):
                hits = self.names.get(" ".join(words[i : i + size]))
                if hits and hits[0].label != "PERSON":
                    return hits[0], words[:i] + words[i + size :]
        return None, words

    def search(self, query: str, on: date | None = None, limit: int = 10) -> list[Actor]:
        """Actors whose names match a query: exact first, then containing it, then similar."""
        norm = normalise(query)
        keys = [k for k in self.names if k == norm]
        keys += sorted((k for k in self.names if norm and norm in k and k != norm), key=len)
        keys += difflib.get_close_matches(norm, list(self.names), n=limit, cutoff=0.75)
        seen: dict[str, Actor] = {}
        for key in keys:
            for hit in self.names[key]:
                if hit.entry_id not in seen and len(seen) < limit:
                    seen[hit.entry_id] = self.actor(hit.entry_id, on=on, sector=hit.sector)
        return list(seen.values())

    # ---- spaCy ------------------------------------------------------------------------------
    def ruler_patterns(self) -> list[dict[str, str]]:
        """EntityRuler phrase patterns for every unambiguous name, with the canonical id."""
        patterns: dict[str, dict[str, str]] = {}
        for hits in self.names.values():
            if len({h.entry_id for h in hits}) != 1:
                continue  # a homonym is resolved at the date, not by the ruler
            for hit in hits:
                if hit.surface not in patterns and not hit.surface.lower().startswith("the "):
                    patterns[hit.surface] = {"label": hit.label, "pattern": hit.surface, "id": hit.entry_id}
        return list(patterns.values())


# ---- index builders -------------------------------------------------------------------------


def _entries(data: dict[str, Any]) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    for c in data["countries"]:
        entries[c["id"]] = Entry(id=c["id"], kind="country", name=c["name"], country=c["iso3"])
    for o in data["organisations"]:
        entries[o["id"]] = Entry(id=o["id"], kind="org", name=o["name"], country=o.get("country"), sector=o["sector"], nouns=tuple(o.get("nouns", ())))
    for p in data["people"]:
        entries[p["id"]] = Entry(id=p["id"], kind="person", name=p["name"], roles=tuple(_role(r) for r in p["roles"]))
    return entries


def _role(raw: dict[str, Any]) -> Role:
    return Role(title=raw["title"], sector=raw["sector"], start=parse_date(raw["start"]) or date.min, end=parse_date(raw.get("end")), country=raw.get("country"), org=raw.get("org"))


def _name_index(data: dict[str, Any], entries: dict[str, Entry]) -> dict[str, tuple[NameHit, ...]]:
    index: dict[str, list[NameHit]] = defaultdict(list)

    def add(surface: str, hit: NameHit) -> None:
        key = normalise(surface)
        if key and hit not in index[key]:
            index[key].append(hit)

    for c in data["countries"]:
        for surface in [c["name"], *c.get("names", ())]:
            add(surface, NameHit(c["id"], "GPE", surface))
        for surface in c.get("adjectives", ()):
            add(surface, NameHit(c["id"], "NORP", surface))
        for m in c.get("metonyms", ()):
            add(m["name"], NameHit(c["id"], "GPE" if m["sector"] == "GOV" and " " not in m["name"] else "ORG", m["name"], m["sector"]))
    for o in data["organisations"]:
        for surface in [o["name"], *o.get("names", ())]:
            add(surface, NameHit(o["id"], "ORG", surface))
    for p in data["people"]:
        for surface in [p["name"], *p.get("names", ())]:
            add(surface, NameHit(p["id"], "PERSON", surface))
    return {k: tuple(v) for k, v in index.items()}


def _office_index(entries: dict[str, Entry]) -> dict[tuple[str, str], tuple[tuple[Role, str], ...]]:
    index: dict[tuple[str, str], list[tuple[Role, str]]] = defaultdict(list)
    for entry in entries.values():
        for role in entry.roles:
            index[(role.title, role.seat)].append((role, entry.id))
    return {k: tuple(sorted(v, key=lambda rp: rp[0].start)) for k, v in index.items()}


def _title_index(offices: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = defaultdict(list)
    for office, phrases in offices.items():
        for phrase in [office, *phrases]:
            if office not in index[normalise(phrase)]:
                index[normalise(phrase)].append(office)
    return {k: tuple(v) for k, v in index.items()}


def _leader_index(raw: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    index = {"default": tuple(raw["default"]), "org": tuple(raw["org"])}
    index.update({iso3: tuple(offices) for iso3, offices in raw["by_country"].items()})
    return index


def _agent_index(raw: list[dict[str, Any]]) -> dict[str, Agent]:
    return {noun: Agent(a["sector"], a["name"]) for a in raw for noun in a["nouns"]}


def _skeleton_index(names: dict[str, tuple[NameHit, ...]]) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = defaultdict(list)
    for key, hits in names.items():
        if len(key) >= _MIN_FUZZY_LEN and hits[0].label in ("PERSON", "ORG"):
            index[skeleton(key)].append(key)
    return {k: tuple(v) for k, v in index.items()}


def _surname_index(entries: dict[str, Entry]) -> dict[str, tuple[NameHit, ...]]:
    """Last names of people, looked up only for a PERSON the tagger found ("Sherman said")."""
    index: dict[str, list[NameHit]] = defaultdict(list)
    for entry in entries.values():
        words = normalise(entry.name).split()
        if entry.kind == "person" and len(words) > 1 and len(words[-1]) > 3:
            index[words[-1]].append(NameHit(entry.id, "PERSON", entry.name.split()[-1]))
    return {k: tuple(v) for k, v in index.items()}


def _name_variants(norm: str) -> Iterable[str]:
    """The name, then without leading honorifics ("mr putin" -> "putin")."""
    yield norm
    words = norm.split()
    while words and words[0] in HONORIFICS:
        words = words[1:]
        yield " ".join(words)


def _seat_country(entry: Entry | None) -> str | None:
    if entry is None:
        return None
    return entry.id.split(":")[1] if entry.kind == "country" else entry.country


def _actor_fields(actor: Actor) -> dict[str, Any]:
    return {f: getattr(actor, f) for f in Actor.__slots__}  # type: ignore[attr-defined]


# ---- loading --------------------------------------------------------------------------------


def data_dir() -> Path:
    return Path(str(resources.files("eventwire") / "data"))


@cache
def schema() -> dict[str, Any]:
    with (data_dir() / "actors.schema.json").open(encoding="utf-8") as fh:
        return dict(json.load(fh))


def validate(kind: str, data: Any, origin: str) -> None:
    """Check one file's contents against its part of the schema; raise DataError on the first fault."""
    validator = jsonschema.Draft202012Validator({**schema(), "$ref": f"#/$defs/{kind}"})
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is not None:
        where = "/".join(str(p) for p in error.absolute_path)
        raise DataError(f"actor data file fails its schema at {where or 'top level'}: {error.message}; fix the entry and reload", origin=origin)


def builtin_files(kind: str) -> list[Path]:
    """The files of one kind: ``actors/KIND.yaml``, then any ``actors/KIND/*.yaml`` in name order.

    Long lists (people) are split by region or office so each file stays reviewable.
    """
    folder = data_dir() / "actors"
    return [folder / f"{kind}.yaml", *sorted((folder / kind).glob("*.yaml"))]


def _read_yaml(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_LOADER)
    except (OSError, yaml.YAMLError) as exc:
        raise DataError(f"cannot read the built-in actor file: {exc}; reinstall eventwire", origin=str(path)) from exc


def read_builtin(kind: str) -> Any:
    """One kind's built-in entries; a list kind concatenates its files, ``titles`` is one mapping."""
    parts = [_read_yaml(path) for path in builtin_files(kind)]
    if len(parts) == 1 or not isinstance(parts[0], list):
        return parts[0]
    return [entry for part in parts for entry in (part or [])]


def builtin_version() -> str:
    digest = hashlib.sha256()
    for kind in KINDS:
        for path in builtin_files(kind):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@cache
def _load_cached(extra_paths: tuple[str, ...]) -> KnowledgeBase:
    data = {kind: read_builtin(kind) for kind in KINDS}
    version = hashlib.sha256(builtin_version().encode())
    for path in extra_paths:
        _merge(data, import_entries(Path(path)))
        version.update(Path(path).read_bytes())
    return KnowledgeBase.from_data(data, version.hexdigest()[:16])


def _merge(data: dict[str, Any], extra: list[dict[str, Any]]) -> None:
    """User entries replace built-in ones with the same id, and add new ones."""
    kind_of = {"person": "people", "country": "countries", "org": "organisations"}
    for entry in extra:
        kind = kind_of[entry["id"].split(":")[0]]
        data[kind] = [e for e in data[kind] if e["id"] != entry["id"]] + [entry]


# ---- import ---------------------------------------------------------------------------------


def import_entries(path: Path) -> list[dict[str, Any]]:
    """Read user actor entries from YAML, CSV or a Wikidata JSON export, validated.

    * YAML: a list of entries shaped like the built-in files (``id`` decides the kind).
    * CSV: one role per row, columns ``id,name,names,title,country,org,sector,start,end``
      (``names`` separated by ``;``; rows without ``title`` are entries without roles).
    * Wikidata JSON: the SPARQL JSON result (or its ``bindings`` list) of a query such as::

        SELECT ?person ?personLabel ?positionLabel ?iso3 ?start ?end WHERE {
          VALUES ?position { wd:Q11696 wd:Q11699 wd:Q218295 }   # offices wanted
          ?person p:P39 ?held . ?held ps:P39 ?position ; pq:P580 ?start .
          OPTIONAL { ?held pq:P582 ?end }
          OPTIONAL { ?position wdt:P1001 ?jurisdiction . ?jurisdiction wdt:P298 ?iso3 }
          SERVICE wikibase:label { bd:serviceParam wikibase:language "en". }
        }

      Position labels are mapped to office keys through the title phrases ("Secretary of State"
      -> foreign minister); rows whose label maps to no known office keep the label as title.
    """
    suffix = path.suffix.lower()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError(f"cannot read actor file: {exc}; check the path", origin=str(path)) from exc
    if suffix == ".csv":
        entries = _from_csv(text)
    elif suffix == ".json":
        entries = _from_wikidata(json.loads(text))
    else:
        entries = yaml.load(text, Loader=_LOADER) or []
    for entry in entries:
        _validate_entry(entry, str(path))
    return list(entries)


def _validate_entry(entry: Any, origin: str) -> None:
    if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or ":" not in entry["id"]:
        raise DataError(f"actor entry {entry!r} has no id like 'person:first-last'; add one", origin=origin)
    kind = {"person": "people", "country": "countries", "org": "organisations"}.get(entry["id"].split(":")[0])
    if kind is None:
        raise DataError(f"actor id {entry['id']!r} must start with person:, country: or org:", origin=origin)
    validate(kind, [entry], origin)


def _from_csv(text: str) -> list[dict[str, Any]]:
    people: dict[str, dict[str, Any]] = {}
    for row in csv.DictReader(text.splitlines()):
        row = {k: (v or "").strip() for k, v in row.items() if k}
        entry = people.setdefault(row["id"], _csv_entry(row))
        if row.get("title"):
            entry.setdefault("roles", []).append(_csv_role(row))
    return list(people.values())


def _csv_entry(row: dict[str, str]) -> dict[str, Any]:
    entry: dict[str, Any] = {"id": row["id"], "name": row["name"]}
    if row.get("names"):
        entry["names"] = [n.strip() for n in row["names"].split(";") if n.strip()]
    if row["id"].startswith("person:"):
        entry["roles"] = []
    elif row.get("sector"):
        entry["sector"] = row["sector"]
        if row.get("country"):
            entry["country"] = row["country"]
    return entry


def _csv_role(row: dict[str, str]) -> dict[str, Any]:
    role: dict[str, Any] = {"title": row["title"], "sector": row.get("sector") or "GOV", "start": row["start"], "end": row.get("end") or None}
    role.update({"org": row["org"]} if row.get("org") else {"country": row["country"]})
    return role


def _from_wikidata(raw: Any) -> list[dict[str, Any]]:
    bindings = raw["results"]["bindings"] if isinstance(raw, dict) else raw
    titles = _title_index(read_builtin("titles")["offices"])
    people: dict[str, dict[str, Any]] = {}
    for row in bindings:
        value = {k: (v["value"] if isinstance(v, dict) else v) for k, v in row.items()}
        if not value.get("iso3") or not value.get("start"):
            continue
        qid = str(value["person"]).rsplit("/", 1)[-1]
        name = str(value["personLabel"])
        entry = people.setdefault(qid, {"id": "person:" + "-".join(normalise(name).split()), "name": name, "wikidata": qid, "roles": []})
        entry["roles"].append(
            {"title": _office_from_label(str(value.get("positionLabel", "")), titles), "country": value["iso3"], "sector": "GOV", "start": str(value["start"])[:10], "end": str(value["end"])[:10] if value.get("end") else None}
        )
    return list(people.values())


def _office_from_label(label: str, titles: dict[str, tuple[str, ...]]) -> str:
    """"United States Secretary of State" -> "foreign minister": the longest known phrase inside."""
    norm = normalise(label)
    phrases = sorted((p for p in titles if re.search(rf"\b{re.escape(p)}\b", norm)), key=len, reverse=True)
    return titles[phrases[0]][0] if phrases else (re.sub(r"[^a-z -]", "", norm) or "official")
