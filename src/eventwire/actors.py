"""Actor resolution for one parsed document: recognise, resolve at the document date, corefer.

:class:`DocumentActors` walks a spaCy ``Doc`` once, in document order, and resolves every noun
phrase head to an :class:`~eventwire.model.Actor` through the :class:`~eventwire.kb.KnowledgeBase`:

* names ("Ukrainian President Volodymyr Zelensky", "Mr. Putin") -> the person;
* titles with a seat ("the US president", "Ukraine's president", "the head of US diplomacy",
  "NATO Secretary General") -> whoever held the office on the document date;
* seats and countries ("Moscow", "the Kremlin", "the United States") -> the country (GOV for seats);
* generic agents ("Ukrainian troops", "a White House official") -> ``agent:UKR-MIL``;
  "pro-Russian separatists" keep sector REB and country None: "pro-X" is an affiliation;
* pronouns and definite descriptions ("he", "they", "the president", "the country", "the
  alliance", "this official") -> the nearest compatible earlier mention, preferring subjects,
  never an argument of the same clause (a pronoun) or of any governing verb (a description);
* "the two men" -> the earlier of the two most recent people (events need one actor per slot).

Places that are not seats of power ("Crimea", "Geneva") and abstract nouns ("sanctions", "the
crisis") resolve to None: the geocoder owns places.
"""

from __future__ import annotations

import logging
from collections import Counter
from itertools import accumulate
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from spacy import parts_of_speech as spacy_pos
from spacy.attrs import DEP, ENT_ID, POS

from eventwire.clean import dateline_place, match_dateline
from eventwire.grammar import dateline_span
from eventwire.kb import Entry, KnowledgeBase, NameHit, normalise
from eventwire.model import Actor
from eventwire.nlp import doc_ents, doc_text, sentence_numbers

if TYPE_CHECKING:
    from collections.abc import Sequence

    from spacy.tokens import Doc, Span, Token

log = logging.getLogger(__name__)

EXCLUDED_DEPS = frozenset({"conj", "cc", "relcl", "acl", "advcl", "punct", "appos", "preconj", "det", "case", "predet", "prep", "nummod", "quantmod"})
HEAD_DEPS_SKIPPED = frozenset({"compound", "amod", "nmod", "flat", "case", "det", "punct", "nummod"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "agent"})
NAME_ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "attr", "dative"})
ARGUMENT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "iobj", "attr", "oprd"})
PERSON_PRONOUNS = frozenset({"he", "him", "his", "himself", "she", "her", "hers", "herself"})
GROUP_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
THING_PRONOUNS = frozenset({"it", "its", "itself"})
LOOKUP_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})  # entities the knowledge base is asked about
ALL_PRONOUNS = PERSON_PRONOUNS | GROUP_PRONOUNS | THING_PRONOUNS
# Nouns for those against a party: the party named with them is whom they oppose.
ADVERSARY_NOUNS = frozenset({"critic", "detractor", "opponent", "adversary", "foe"})
# Words that make an unknown name an organisation ("Michigan Department of Environmental Quality").
ORG_WORDS = frozenset(
    "department ministry council committee commission agency authority authorities army front party "
    "union movement group organization organisation association alliance coalition brigade brigades "
    "forces court tribunal bank company corporation corp inc ltd institute foundation fund federation "
    "league congress assembly parliament senate board bureau office service services police guard "
    "network centre center society church university hospital watch international news".split()
)
# Role nouns ("leaders", "officials", "parties") that take their sector from a camp modifier.
GENERIC_ROLE_SECTORS = frozenset({"GOV", "PTY"})
CAMP_SECTORS = frozenset({"OPP", "REB", "PTY", "MIL", "COP"})
REFLEXIVES = frozenset({"himself", "herself", "itself", "themselves"})
DEFINITE = frozenset({"the", "this", "that", "these", "those"})
PAIR_PEOPLE = frozenset({"man", "men", "leader", "leaders", "president", "presidents", "woman", "women"})  # "two sides": any parties
MIL_OFFICES = frozenset({"defence minister", "chief of the general staff", "commander in chief", "army chief"})


class Extent(NamedTuple):
    """Where a mention's words sit in the text: what the readings below need of a ``Span``,
    without building one (slicing a Doc costs about a microsecond, its ``text`` as much again)."""

    text: str
    start_char: int
    end_char: int


class Mention(NamedTuple):
    """A resolved mention in document order, kept for coreference (a tuple: one per resolved
    mention, built at half a frozen dataclass's cost)."""

    index: int  # the head token's index
    sentence: int
    subject: bool
    actor: Actor


class DocumentActors:
    """Resolves every actor mention of one parsed document, with coreference, at the document date."""

    def __init__(self, kb: KnowledgeBase, doc: Doc, on: date) -> None:
        self.kb = kb
        self.doc = doc
        self.on = on
        self._ents = {i: ent for ent in doc_ents(doc) for i in range(ent.start, ent.end)}
        self._sentence = sentence_numbers(doc)  # token index -> sentence index
        self._history: list[Mention] = []
        self._resolved: dict[int, Actor | None] = {}
        self._hits: dict[int, NameHit | None] = {}  # entity start -> its entry, looked up once
        self._countries: list[str] | None = None
        self._phrases: dict[int, str] = {}
        self._telling: list[int] | None = None  # see _telling_before
        self._entry_actors: dict[tuple[str, str | None], Actor] = {}  # see _entry_actor
        for i in _mention_heads(doc):
            token = doc[i]
            self._remember(token, self._resolve(token))

    # ---- public API -------------------------------------------------------------------------
    def actor_for(self, token: Token) -> Actor | None:
        """The actor an argument's head token denotes, or None for non-actors."""
        if token.i not in self._resolved:
            self._resolved[token.i] = self._resolve(token)
        return self._resolved[token.i]

    def pair_for(self, token: Token, dyads: Sequence[tuple[Actor, Actor]] = ()) -> list[Actor]:
        """ "the two sides", "the two leaders": the two parties of the latest earlier two-party
        event (``dyads``, oldest first; "the two leaders" wants two people), else the two most
        recent people, earlier one first; [] when ``token`` is no such phrase."""
        if not _is_definite(token) or self.kb.anaphors.get(self._phrase(token)) != "pair":
            return []
        span = self._extent(token.left_edge, token)
        people_only = token.lemma_.lower() in PAIR_PEOPLE
        for source, target in reversed(dyads):
            if source.identity != target.identity and (not people_only or source.kind == target.kind == "person"):
                return [self._at(source, span), self._at(target, span)]
        return [m.actor for m in self._last_two_people(token)]

    def actors_in(self, start_char: int, end_char: int) -> list[Actor]:
        """Every resolved mention whose span lies within [start_char, end_char), in order."""
        found = [m.actor for m in self._history if _inside(m.actor, start_char, end_char)]
        return list({(a.start, a.end): a for a in found}.values())

    @property
    def countries(self) -> list[str]:
        """ISO3 codes the document mentions, most frequent first (ties: first mentioned first)."""
        if self._countries is None:
            self._countries = self._count_countries()
        return self._countries

    def _count_countries(self) -> list[str]:
        counts = Counter(m.actor.country for m in self._history if m.actor.country)
        for ent in doc_ents(self.doc):
            hit = self._hit(ent)
            if hit is not None and hit.entry_id.startswith("country:") and ent.root.i not in self._resolved:
                counts[hit.entry_id.split(":")[1]] += 1
        ranked = [c for c, _ in counts.most_common()]
        filed_from = self._dateline_country()
        if filed_from in ranked:
            # "CARACAS - ... the armed forces": a story filed from a country it is also about is
            # that country's story (a venue alone, "GENEVA - ", does not count)
            ranked = [filed_from] + [c for c in ranked if c != filed_from]
        return ranked

    def _dateline_country(self) -> str | None:
        """The country of the place a story was filed from ("CARACAS - ", "KABUL (Pajhwok): ")."""
        start, end = dateline_span(self.doc)
        dateline = match_dateline(doc_text(self.doc)[start:end]) if end else None
        place = (dateline_place(dateline) or "").split(",")[0] if dateline else ""
        hit = self.kb.lookup(place, self.on, fuzzy=False) if place else None
        entry = self.kb.entries.get(hit.entry_id) if hit is not None else None
        return entry.id.split(":")[1] if entry is not None and entry.kind == "country" else None

    # ---- resolution -------------------------------------------------------------------------
    def _remember(self, token: Token, actor: Actor | None) -> None:
        self._resolved[token.i] = actor
        if actor is not None:
            subject = token.dep_ in SUBJECT_DEPS or token.head.dep_ == "agent"
            self._history.append(Mention(token.i, self._sentence[token.i], subject, actor))

    def _resolve(self, token: Token) -> Actor | None:
        if token.pos == PRON or token.lower_ in ALL_PRONOUNS:
            return self._pronoun(token)
        adversaries = token.lemma_.lower() in ADVERSARY_NOUNS
        if not adversaries and self._plainly_no_actor(token):
            return None  # "weeks of tension over the border": half a story's nouns, skipped cheaply
        tokens = mention_tokens(token)
        span = self._span(tokens)
        if adversaries:
            return self._adversaries(tokens, span)
        actor = self._led_by(token, tokens, span) or self._named_person(tokens, span) or self._appositive(token, tokens)
        return actor or self._described(token, tokens, span)

    def _plainly_no_actor(self, token: Token) -> bool:
        """Whether no reading below could find an actor in the phrase ``token`` heads: its
        extent in the text (a superset of its subtree, itself a superset of the mention's words)
        holds no entity the knowledge base could look up and no word it describes actors with,
        and the head is no acronym (an unknown organisation). A shortcut only: every reading
        would return None for such a phrase, so a reading that needs words of its own must let
        them through (as _resolve does the adversary nouns)."""
        if token.pos == PROPN and token.is_upper and len(token) > 1:
            return False
        if self._telling is None:
            self._telling = self._telling_before()
        return self._telling[token.right_edge.i + 1] == self._telling[token.left_edge.i]

    def _telling_before(self) -> list[int]:
        """For each word index, how many telling words (see _telling_words) come before it, and
        the total last: whether a phrase holds one is a subtraction, not a scan of its words."""
        return list(accumulate(self._telling_words(), initial=0))

    def _telling_words(self) -> list[bool]:
        """For each word: could it make a phrase an actor? An entity the knowledge base would be
        asked about, or a word it describes actors with."""
        telling = self.kb.describing_words(self.doc)
        for ent in doc_ents(self.doc):
            if ent.label_ in LOOKUP_LABELS or ent.ent_id_:  # the label first: ent_id_ finds the root
                telling[ent.start : ent.end] = [True] * len(ent)
        return telling

    def _adversaries(self, tokens: list[Token], span: Extent) -> Actor:
        """ "Erdogan's critics", "Kremlin critics", "the government's opponents": those against a
        party are not that party but an opposition, of the country a seat of power names ("Kremlin
        critics": Russia's opposition; "Erdogan's critics": an opposition of no known country)."""
        seat = self._seat(tokens)
        entry = self.kb.entries.get(seat[0].entry_id) if seat else None
        country = _seat_of(entry)[0] if entry is not None else None
        return self._agent_at("OPP", country, span)

    def _described(self, token: Token, tokens: list[Token], span: Extent) -> Actor | None:
        """No known name: a title, a seat, an agent noun, or an anaphoric description."""
        seat = self._seat(tokens)
        if seat is not None and self._ents.get(token.i) is not None and seat[1] is self._ents[token.i]:
            return self._place(seat[0], span)
        title = self._title(tokens)
        if self.kb.anaphors.get(self._phrase(token)) == "pair" and _is_definite(token):
            return self._anaphor(token, tokens, span)
        if title is not None and seat is not None and seat[0].entry_id.startswith("org:") and token.tag_ == "NNS":
            return self._place(seat[0], span)  # "EU foreign ministers", "NATO leaders": the members as the body
        if title is not None:
            return self._titled(token, title, seat[0] if seat else None, tokens, span)
        unknown = self._unknown_person(tokens, seat[0] if seat else None, None, span)
        found = unknown or self._agent(token, tokens, seat, span) or self._anaphor(token, tokens, span)
        return found or self._unknown_org(token, span)

    def _led_by(self, token: Token, tokens: list[Token], span: Extent) -> Actor | None:
        """ "the Biden administration", "the Putin government": the leader's country, sector GOV."""
        agent = self.kb.agent_nouns.get(token.lower_)
        if agent is None or agent.sector != "GOV" or token.i in self._ents:
            return None
        leader = self._named_person([t for t in tokens if t.dep_ == "compound"], span)
        if leader is None:
            return None
        return self._agent_at("GOV", leader.country, span)

    def _named_person(self, tokens: list[Token], span: Extent) -> Actor | None:
        for ent in self._ents_in(tokens):
            hit = self._hit(ent)
            if hit is not None and hit.label == "PERSON":
                return self._at(self._entry_actor(hit.entry_id, None), span)
            if hit is None and ent.label_ == "PERSON":
                namesake = self._namesake(ent)
                if namesake is not None:
                    return self._at(namesake, span)
        return None

    def _namesake(self, ent: Span) -> Actor | None:
        """ "Roh" after "President Roh Moo-hyun": a part of a person's name seen earlier in the
        document (family names come first in Korean and Chinese names, so any word counts)."""
        words = set(normalise(ent.text).split())
        for m in reversed(self._history):
            if m.index < ent.start and m.actor.kind == "person" and m.actor.id is not None:
                if words <= set(normalise(m.actor.name or m.actor.text).split()):
                    return m.actor
        return None

    def _appositive(self, token: Token, tokens: list[Token]) -> Actor | None:
        """ "his Russian counterpart Vladimir Putin", "the US president, Joe Biden" -> the name."""
        if not token.n_lefts and not token.n_rights:
            return None  # a word without dependents ("Russia"): most heads, and no generator to make
        for appos in (c for c in token.children if c.dep_ == "appos"):
            inner = mention_tokens(appos)
            named = self._named_person(inner, self._span(inner))
            if named is not None:
                return self._at(named, self._span(sorted(tokens + inner, key=_index)))
        return None

    def _titled(self, token: Token, title: str, seat: NameHit | None, tokens: list[Token], span: Extent) -> Actor | None:
        if seat is not None:
            if seat.sector == "MIL" and "leader" in self.kb.offices_for(title, None):
                title = "defence minister"  # "the Pentagon chief"
            entry = self.kb.entries[seat.entry_id]
            country, org = _seat_of(entry)
            holder = self.kb.resolve_role(title, country=country, org=org, on=self.on)
            if holder is not None and not self._has_unknown_name(tokens):
                return self._at(holder, span)
            return self._unknown_person(tokens, seat, title, span) or self._title_only(title, entry, span)
        unknown = self._unknown_person(tokens, None, title, span)
        if unknown is None and any(c.dep_ == "prep" and c.lower_ == "of" for c in token.children):
            return None  # "the head of the electoral tribunal": an office of a body we do not know
        return unknown or self._title_antecedent(token, title, span)

    def _title_only(self, title: str, seat: Entry, span: Extent) -> Actor:
        """A known office with no known holder on that date: keep the text, never invent a name."""
        country, org = _seat_of(seat)
        sector = "MIL" if set(self.kb.offices_for(title, country or org)) & MIL_OFFICES else (seat.sector if org else "GOV")
        return Actor(text=span.text, id=None, name=None, country=country or seat.country, sector=sector, kind="person", start=span.start_char, end=span.end_char)

    def _unknown_person(self, tokens: list[Token], seat: NameHit | None, title: str | None, span: Extent) -> Actor | None:
        """A PERSON the knowledge base does not know: text kept, country and sector from context."""
        if not any(ent.label_ == "PERSON" and self._hit(ent) is None for ent in self._ents_in(tokens)):
            return None
        country = _seat_of(self.kb.entries[seat.entry_id])[0] if seat else None
        sector = None
        if title is not None:
            sector = "MIL" if set(self.kb.offices_for(title, country)) & MIL_OFFICES else "GOV"
        else:
            agent = next((self.kb.agent_nouns[t.lower_] for t in tokens if t.lower_ in self.kb.agent_nouns), None)
            sector = agent.sector if agent else None
        return Actor(text=span.text, id=None, name=None, country=country, sector=sector, kind="person", start=span.start_char, end=span.end_char)

    def _unknown_org(self, token: Token, span: Extent) -> Actor | None:
        """An organisation the knowledge base does not know ("The ELN said it would ..."): no
        identity, but a mention that "it" and "the group" can point back to."""
        if token.pos_ != "PROPN":
            return None
        ent = self._ents.get(token.i)
        acronym = token.is_upper and len(token) > 1  # "The ELN", often missed by the tagger
        if ent is not None and (ent.label_ != "ORG" or self._hit(ent) is not None):
            return None
        # the tagger calls many places and people ORG ("Cartagena"): a name must say it is a body
        if not acronym and not (ent is not None and ORG_WORDS & {t.lower_ for t in ent}):
            return None
        return Actor(text=span.text, id=None, name=None, country=None, sector=None, kind="org", start=span.start_char, end=span.end_char)

    def _has_unknown_name(self, tokens: list[Token]) -> bool:
        return any(ent.label_ == "PERSON" and self._hit(ent) is None for ent in self._ents_in(tokens))

    def _place(self, hit: NameHit, span: Extent) -> Actor:
        return self._at(self._entry_actor(hit.entry_id, hit.sector), span)

    def _agent(self, token: Token, tokens: list[Token], seat: tuple[NameHit, Span] | None, span: Extent) -> Actor | None:
        agent = self.kb.agent_nouns.get(_agent_phrase(token)) or self.kb.agent_nouns.get(token.lower_) or self.kb.agent_nouns.get(token.lemma_.lower())
        if agent is None:
            return None
        if seat is None and _is_definite(token):
            antecedent = self._nearest(token, lambda m: m.actor.kind == "agent" and m.actor.sector == agent.sector)
            if antecedent is not None:
                return self._at(antecedent, span)
        hit = seat[0] if seat else None
        if hit is not None and hit.entry_id.startswith("org:") and not _is_pro(seat[1]):  # type: ignore[index]
            # "Hamas fighters", "NATO troops", "EU officials": the members act as the organisation
            return self._place(hit, span)
        entry = self.kb.entries[hit.entry_id] if hit else None
        country = None if seat is None or _is_pro(seat[1]) else _seat_of(entry)[0] or (entry.country if entry else None)
        if seat is None:
            country = self._owner_country(token)  # "Russian officials denied that their forces ..."
        sector = hit.sector if hit and hit.sector and agent.sector == "GOV" else agent.sector
        sector = self._modifier_sector(token, sector)
        return self._agent_at(sector, country, span)

    def _modifier_sector(self, token: Token, sector: str) -> str:
        """ "opposition leaders", "rebel leaders", "military officials", "opposition parties": a
        leader or official of a named camp belongs to that camp, not to the government."""
        if sector not in GENERIC_ROLE_SECTORS:
            return sector
        for child in token.children:
            if child.dep_ in {"compound", "amod"} and child.i < token.i:
                camp = self.kb.agent_nouns.get(child.lower_)
                if camp is not None and camp.sector in CAMP_SECTORS and camp.sector != sector:
                    return camp.sector
        return sector

    # ---- coreference ------------------------------------------------------------------------
    def _pronoun(self, token: Token) -> Actor | None:
        word = token.lower_
        if word in PERSON_PRONOUNS:
            wanted = {"person"}
        elif word in GROUP_PRONOUNS:
            wanted = {"country", "org", "agent", "body"}
        elif word in THING_PRONOUNS:
            wanted = {"country", "org", "body"}  # "the Nigerian government ... it"
        else:
            return None  # I, we, you: the speaker, which quote attribution resolves
        found = self._nearest(token, lambda m: self._kind_of(m) in wanted, reflexive=word in REFLEXIVES)
        return self._named_at(found, self._extent(token, token)) if found else None

    def _owner_country(self, token: Token) -> str | None:
        """The country of whoever a possessive pronoun on ``token`` points back to."""
        poss = next((c for c in token.children if c.dep_ == "poss" and c.pos_ == "PRON"), None)
        owner = self.actor_for(poss) if poss is not None else None  # resolved once, with the mentions
        if owner is None:
            return None
        verb = next((a for a in token.ancestors if a.pos_ in {"VERB", "AUX"}), None)
        subjects = [c for c in verb.children if c.dep_ in SUBJECT_DEPS] if verb is not None else []
        doers = (self._resolved.get(c.i) for c in subjects)
        if any(doer is not None and doer.identity == owner.identity for doer in doers):
            return None  # "Russia returned the children to their families": theirs, not Russia's
        return owner.country

    def _kind_of(self, m: Mention) -> str | None:
        """The mention's kind, with a singular agent ("the government", "the army") as a body:
        "it" can point back to one, not to "troops" or "protesters"."""
        if m.actor.kind == "agent" and self.doc[m.index].tag_ in {"NN", "NNP"}:
            return "body"
        return m.actor.kind

    def _anaphor(self, token: Token, tokens: list[Token], span: Extent) -> Actor | None:
        """ "the country", "the alliance", "the two men": the nearest compatible earlier mention."""
        if not _is_definite(token):
            return None
        kind = self.kb.anaphors.get(self._phrase(token)) or self.kb.anaphors.get(token.lower_)
        if kind == "country":
            found = self._nearest(token, lambda m: m.actor.kind == "country", principle_c=True)
        elif kind == "pair":
            found = self._pair_first(token)
        else:
            found = self._nearest(token, lambda m: self._org_has_noun(m.actor, token.lemma_.lower()), principle_c=True)
        return self._named_at(found, span) if found else None

    def _phrase(self, token: Token) -> str:
        phrase = self._phrases.get(token.i)
        if phrase is None:  # asked up to three times per head: computed once
            words = self.doc[token.left_edge.i : token.i + 1]
            phrase = self._phrases[token.i] = " ".join(t.lower_ for t in words if t.lower_ not in DEFINITE)
        return phrase

    def _title_antecedent(self, token: Token, title: str, span: Extent) -> Actor | None:
        """ "the president" with no seat: the nearest earlier person holding such an office."""
        def holds(m: Mention) -> bool:
            entry = self.kb.entries.get(m.actor.id or "")
            role = self.kb.role_on(entry, self.on) if entry else None
            return role is not None and role.title in self.kb.offices_for(title, role.seat)

        found = self._nearest(token, holds, principle_c=True)
        if found is None and self.countries:
            found = self.kb.resolve_role(title, country=self.countries[0], on=self.on)
        return self._at(found, span) if found else None

    def _nearest(self, token: Token, accept: object, reflexive: bool = False, principle_c: bool = False) -> Actor | None:
        """The closest earlier accepted mention: same sentence first, subjects first, then recency."""
        here = self._sentence[token.i]
        blocked = _blocked_args(token, principle_c) if not reflexive else set()
        candidates = [m for m in self._history if m.index < token.i and m.index not in blocked and accept(m)]  # type: ignore[operator]
        if reflexive:
            candidates = [m for m in candidates if m.sentence == here]
        if not candidates:
            return None
        best = min(candidates, key=lambda m: (here - m.sentence, not m.subject, -m.index))
        return best.actor

    def _pair_first(self, token: Token) -> Actor | None:
        people = self._last_two_people(token)
        return people[0].actor if people else None

    def _last_two_people(self, token: Token) -> list[Mention]:
        """The two most recent distinct people before ``token``, earlier one first; [] if fewer."""
        people: list[Mention] = []
        for m in reversed(self._history):
            if m.index < token.i and m.actor.kind == "person" and m.actor.identity not in {p.actor.identity for p in people}:
                people.append(m)
            if len(people) == 2:
                return people[::-1]
        return []

    def _org_has_noun(self, actor: Actor, noun: str) -> bool:
        entry = self.kb.entries.get(actor.id or "")
        return entry is not None and noun in entry.nouns

    # ---- helpers ----------------------------------------------------------------------------
    def _ents_in(self, tokens: list[Token]) -> list[Span]:
        if len(tokens) == 1:  # most mentions are one word
            ent = self._ents.get(tokens[0].i)
            return [ent] if ent is not None else []
        seen: dict[int, Span] = {}
        for t in tokens:
            ent = self._ents.get(t.i)
            if ent is not None:
                seen.setdefault(ent.start, ent)
        return list(seen.values())

    def _hit(self, ent: Span) -> NameHit | None:
        """The knowledge-base entry an entity names: the ruler's id first, then the name itself."""
        if ent.start not in self._hits:
            self._hits[ent.start] = self._lookup_entity(ent)
        return self._hits[ent.start]

    def _lookup_entity(self, ent: Span) -> NameHit | None:
        entry_id, label = ent.ent_id_, ent.label_
        ruled = bool(entry_id) and entry_id in self.kb.entries  # the entity ruler named its entry
        if not ruled and label not in LOOKUP_LABELS:
            return None
        surface = self._text(ent)
        if ruled:
            return self.kb.ruled_hit(entry_id, label, surface)
        return self.kb.lookup(surface, self.on, fuzzy=label in ("PERSON", "ORG"))

    def _seat(self, tokens: list[Token]) -> tuple[NameHit, Span] | None:
        """The country, organisation or seat of power named inside a mention."""
        for ent in self._ents_in(tokens):
            hit = self._hit(ent)
            if hit is not None and hit.label != "PERSON":
                return hit, ent
        return None

    def _title(self, tokens: list[Token]) -> str | None:
        """The longest office phrase among the mention's words that are not known names."""
        words = [t.lower_ for t in tokens if not self._known(t) and t.dep_ not in ("det", "case") and not t.is_punct
                 and not (t.dep_ == "poss" and t.pos_ == "PRON")]  # "the president's remarks": a title
        best: str | None = None
        for i in range(len(words)):
            if normalise(words[i]).partition(" ")[0] not in self.kb.title_first_words:
                continue  # single words recur, so this check is mostly a cache hit
            for j in range(min(len(words), i + self.kb.longest_title + 2), i, -1):  # +2: words that normalise away
                phrase = normalise(" ".join(words[i:j]))
                if phrase in self.kb.title_phrases and (best is None or len(phrase) > len(best)):
                    best = phrase
        return best

    def _known(self, token: Token) -> bool:
        ent = self._ents.get(token.i)
        return ent is not None and self._hit(ent) is not None

    def _span(self, tokens: list[Token]) -> Extent:
        """The extent of a mention's words (in document order), from the first to the last
        that is no determiner, case marker or punctuation."""
        if len(tokens) == 1:  # most mentions are one word, kept either way
            return self._extent(tokens[0], tokens[0])
        kept = [t for t in tokens if t.dep_ not in ("det", "case") and not t.is_punct] or tokens
        return self._extent(kept[0], kept[-1])

    def _extent(self, first: Token, last: Token) -> Extent:
        """The words from ``first`` to ``last``, as ``doc[first.i : last.i + 1]`` has them."""
        start, end = first.idx, last.idx + len(last)
        return Extent(doc_text(self.doc)[start:end], start, end)

    def _entry_actor(self, entry_id: str, sector: str | None) -> Actor:
        """``kb.actor`` for an entry at the document date, built once per document (names
        recur: a story says "Russia" a dozen times)."""
        key = (entry_id, sector)
        actor = self._entry_actors.get(key)
        if actor is None:
            actor = self._entry_actors[key] = self.kb.entry_actor(entry_id, self.on, sector)
        return actor

    def _at(self, actor: Actor, span: Extent) -> Actor:
        """``actor`` as the words of ``span``: ``replace(actor, text=..., start=..., end=...)``
        at under half the cost (replace reads the fields' definitions on every call)."""
        return Actor(span.text, actor.id, actor.name, actor.country, actor.sector, actor.kind, span.start_char, span.end_char)

    def _text(self, span: Span) -> str:
        """``span.text``, sliced from the document's text rather than joined from new Tokens."""
        return doc_text(self.doc)[span.start_char : span.end_char]

    def _agent_at(self, sector: str, country: str | None, span: Extent) -> Actor:
        """The generic agent of a sector and country, as the words of ``span``."""
        return self._at(self.kb.agent_actor(sector, country, span.text), span)

    def _named_at(self, antecedent: Actor, span: Extent) -> Actor:
        """A pronoun or description for an antecedent: an antecedent without an identity lends
        its words as the name ("Czech President Vaclav Klaus said he ..." -> he, named Vaclav
        Klaus; "Teachers said they ..." -> they, named Teachers, not the sector's "education"),
        and a pronoun antecedent the name it was given ("their" after "they")."""
        actor = self._at(antecedent, span)
        if antecedent.id is None:
            said_as = antecedent.name if antecedent.text.lower() in ALL_PRONOUNS else antecedent.text
            actor = replace(actor, name=said_as)
        return actor


# ---- tree helpers -------------------------------------------------------------------------------


def mention_tokens(token: Token) -> list[Token]:
    """The head with its modifiers, without conjuncts, clauses, punctuation, appositions and
    prepositional phrases other than "of" (the coder asks for each conjunct separately)."""
    if not token.n_lefts and not token.n_rights:
        return [token]  # a word without dependents: most heads, and the leaves of every phrase
    kept = [token]
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            kept += [child] + [t for g in child.children if g.dep_ == "pobj" for t in mention_tokens(g)]
        elif child.dep_ in ("det", "case"):
            kept.append(child)
        elif child.dep_ not in EXCLUDED_DEPS:
            kept += mention_tokens(child)
    start, end = dateline_span(token.doc)
    if end and not start <= token.idx < end:  # "SEOUL - North Korea": the parser hangs the dateline on the subject
        kept = [t for t in kept if not start <= t.idx < end]
    return sorted(kept, key=_index) if len(kept) > 1 else kept  # most mentions are one word


MENTION_POS = frozenset(spacy_pos.IDS[tag] for tag in ("PROPN", "NOUN", "PRON"))
PRON, PROPN = spacy_pos.IDS["PRON"], spacy_pos.IDS["PROPN"]  # Token.pos, an int, is cheaper than pos_


def _mention_heads(doc: Doc) -> list[int]:
    """Indices of the tokens that head a mention: nouns, proper nouns and pronouns that are no
    modifier of another noun, and a known name the tagger mistook for an adjective ("Kyiv and
    its allies") in an argument's place. Read from the doc's arrays: a pass over integers, not
    a Token per word of every document."""
    strings = doc.vocab.strings
    skipped = {strings[dep] for dep in HEAD_DEPS_SKIPPED}
    naming = {strings[dep] for dep in NAME_ARGUMENT_DEPS}
    rows = doc.to_array([POS, DEP, ENT_ID]).tolist()
    return [i for i, (pos, dep, ent_id) in enumerate(rows)
            if dep not in skipped and (pos in MENTION_POS or (ent_id and dep in naming))]  # fmt: skip


def _index(token: Token) -> int:
    return token.i


def _is_definite(token: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in DEFINITE for c in token.children)


def _is_pro(ent: Span) -> bool:
    """ "pro-Russian": an affiliation, not the state."""
    before = ent.doc[max(ent.start - 2, 0) : ent.start].text.lower().replace(" ", "")
    return before.endswith("pro-") or ent.text.lower().startswith("pro-")


def _agent_phrase(token: Token) -> str:
    compounds = [c.lower_ for c in token.children if c.dep_ == "compound" and c.i == token.i - 1]
    return " ".join(compounds + [token.lower_])


def _blocked_args(token: Token, principle_c: bool) -> set[int]:
    """Arguments a mention cannot corefer with: its own clause's (pronouns), or every governing
    clause's (descriptions such as "the country")."""
    blocked: set[int] = set()
    heads = list(token.ancestors) if principle_c else [token.head]
    for head in heads:
        blocked |= {c.i for c in head.children if c.dep_ in ARGUMENT_DEPS and c.i != token.i}
        if not principle_c:
            break
    return blocked


def _seat_of(entry: Entry) -> tuple[str | None, str | None]:
    """(country, org) for a seat entry."""
    if entry.kind == "country":
        return entry.id.split(":")[1], None
    return None, entry.id


def _inside(actor: Actor, start: int, end: int) -> bool:
    return actor.start is not None and actor.end is not None and start <= actor.start and actor.end <= end
