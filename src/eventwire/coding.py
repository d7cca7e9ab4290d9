"""The event coder: candidates from the parse, codes from the lexicon, roles from the tree.

For each sentence of a parsed article:

1. every verb or event noun with lexicon entries is a *candidate trigger*;
2. the first entry whose constraints hold (particle, preposition, object, "of" complement)
   decides the CAMEO code; a light verb with an event-noun object ("held talks") takes the
   noun's code;
3. sources and targets come from the dependency tree (active, passive, control, relative
   clauses, coordination, nominal arguments "talks between X and Y");
4. modality, date, place and speaker are read from the trigger's clause;
5. candidates without a resolvable source, or whose source is the target, are dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import cache

from spacy.tokens import Doc, Span, Token

from eventwire import candidates, circumstances, grammar, ontology, parties, refusals, roles
from eventwire.candidates import Candidate
from eventwire.dates import resolve_date
from eventwire.lexicon import DEFAULT_TARGETS, Lexicon, NounEntry, VerbEntry
from eventwire.model import (
    Actor,
    Article,
    DateBasis,
    Event,
    EventDate,
    Location,
    Modality,
    Quote,
    Trigger,
)
from eventwire.nlp import doc_sents, doc_text, sentence_of
from eventwire.parties import ActorLookup
from eventwire.places import PLACE_LABELS, Gazetteer
from eventwire.quotes import speech_spans

log = logging.getLogger(__name__)

CODER_ID = "eventwire.coder.rules.v1"
PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside"})
FIRST_PERSON_SINGULAR = frozenset({"i", "me", "my"})
FIRST_PERSON_PLURAL = frozenset({"we", "us", "our"})
THIRD_PERSON = frozenset({"he", "she", "him", "her", "they", "them"})
# Types that make no sense without a recipient, beyond PLOVER's requires_recipient ones:
# praising nobody, consulting nobody or accusing nobody is not an event.
NEEDS_TARGET = frozenset({"SUPPORT", "CONSULT", "ACCUSE", "COOPERATE", "AID", "SANCTION", "REJECT", "THREATEN", "ASSAULT", "PROTEST"})
# ... except a strike or a hunger strike, which is told whether or not it names whom it is against
# ("teachers went on strike for better pay"; CAMEO 142/143: refusing to work or eat until met).
SELF_CONTAINED = frozenset({"142", "143"})
# Acts that two sides named together do to each other when no one else is named: the CAMEO
# codebook's example for 196 (violate ceasefire) codes "both X and Y are guilty of violating the
# ceasefire" as two reciprocal events.
RECIPROCAL_CODES = frozenset({"196"})


@dataclass(frozen=True, slots=True)
class SentenceContext:
    """What coding a candidate needs to know of where it stands: the sentence and its place in
    the article, the document's actors and quotes, and the events coded before it (``history``
    grows as the document is coded: it is the same list)."""

    sent: Span
    index: int
    article: Article
    doc_date: date
    actors: ActorLookup
    spans: Sequence[tuple[int, int, Quote]]
    history: Sequence[Event]


class EventCoder:
    """Rule-based coder over spaCy parses. One instance serves many documents."""

    def __init__(self, lexicon: Lexicon, gazetteer: Gazetteer, territories: dict[str, str]):
        self.lexicon = lexicon
        self.gazetteer = gazetteer
        self.territories = territories
        self.version = f"{CODER_ID}+lexicon:{lexicon.version}"
        self._place_memo: dict[tuple[str, tuple[str, ...]], Location | None] = {}
        self._date_memo: dict[tuple[str, date, str], EventDate | None] = {}
        # the second halves of event nouns, for "cease-fire", "cease fire" (see _noun_entry)
        self._noun_tails = frozenset(noun[i:] for noun in lexicon.nouns for i in range(1, len(noun)))

    # -- public -------------------------------------------------------------------------
    def code_doc(
        self, doc: Doc, article: Article, actors: ActorLookup, quotes: Sequence[Quote] = ()
    ) -> list[Event]:
        events: list[Event] = []
        seen: set[tuple[str, str, str, int]] = set()
        doc_date = article.date or date.today()
        spans = speech_spans(quotes, text=doc_text(doc))
        try:
            for index, sent in enumerate(doc_sents(doc)):
                where = SentenceContext(sent, index, article, doc_date, actors, spans, events)
                for cand in self.candidates(sent):
                    for event in self._events_from(cand, where):
                        key = (f"{event.cameo[:2]}:{event.plover}", event.source.identity if event.source else "",
                               event.target.identity if event.target else "", index)
                        if key not in seen and not _told_again(event, events):
                            seen.add(key)
                            events.append(event)
        finally:  # the parse caches hold Tokens: dropped now, they need no garbage collection
            grammar.forget(doc)
            circumstances.forget(doc)
        return events

    # -- candidates ---------------------------------------------------------------------
    def candidates(self, sent: Span) -> list[Candidate]:
        out: list[Candidate] = []
        consumed: set[int] = set()
        doc, tags = sent.doc, grammar.coarse_tags(sent.doc)  # a Token is only built for a candidate word
        for tok in (doc[i] for i in range(sent.start, sent.end) if tags[i] in grammar.VERB_TAGS):
            cand = (self._verb_candidate(tok, consumed) or candidates.demand_candidate(tok) or candidates.blame_candidate(tok)
                    or candidates.critics_candidate(tok))
            if cand:
                out.append(cand)
                out.extend(self._host_candidate(tok, cand))
                out.extend(self._conjoined_nouns(tok, cand, consumed))
                out.extend(candidates.refusal_candidate(cand))
                out.extend(candidates.failed_agreement_candidate(cand))
                out.extend(candidates.threat_candidate(cand))
                out.extend(candidates.agreement_to(tok, cand))
        for i in range(sent.start, sent.end):
            if tags[i] == grammar.NOUN_TAG and i not in consumed:  # a name is never the event
                cand = self._noun_candidate(doc[i])
                if cand:
                    out.append(cand)
        return out

    def _verb_candidate(self, verb: Token, consumed: set[int]) -> Candidate | None:
        lemma = verb.lemma_.lower()
        if lemma in self.lexicon.light_verbs and self._has_event_noun_object(verb):
            specific = [e for e in self.lexicon.verb_entries(lemma) if e.object and self._entry_matches(e, verb)]
            if not specific:  # "agreed a ceasefire with X": the noun says what happened
                return self._light_verb_candidate(verb, consumed)
        for entry in self.lexicon.verb_entries(lemma):
            if self._entry_matches(entry, verb):
                for obj in grammar.children(verb, {"dobj"}):
                    if roles.object_word(obj) in entry.object:
                        consumed.add(grammar.head_noun(obj).i)
                if entry.prep and entry.of:  # "went on strike": the strike is this event, not another
                    consumed.update(o.i for o in grammar.prep_objects(verb, entry.prep) if o.lemma_.lower() in entry.of)
                return self._verb_roles(verb, entry)
        if lemma in self.lexicon.light_verbs:
            return self._light_verb_candidate(verb, consumed)
        return None

    def _noun_entry(self, noun: Token) -> NounEntry | None:
        """The noun's entry; a compound written in two words or with a hyphen ("cease-fire",
        "cease fire") is looked up as the one word."""
        lemma = noun.lemma_.lower()
        if lemma not in self.lexicon.nouns and lemma not in self._noun_tails:
            return None  # neither an event noun nor the end of one written in two words
        start = sentence_of(noun).start
        first = noun.doc[noun.i - 1] if noun.i > start else None
        if first is not None and first.text == "-" and first.i > start:
            first = noun.doc[first.i - 1]
        if first is not None and first.head.i == noun.i and first.dep_ in {"compound", "amod", "nmod"} and first.is_alpha:
            joined = self.lexicon.noun_entry(first.lower_ + lemma)
            if joined is not None:
                return joined
        return self.lexicon.noun_entry(lemma)

    def _has_event_noun_object(self, verb: Token) -> bool:
        return any(self._noun_entry(grammar.head_noun(o)) for o in roles.light_objects(verb))

    def _entry_matches(self, entry: VerbEntry, verb: Token) -> bool:
        if entry.particle and not grammar.has_child(verb, {"prt", "prep", "advmod"}, {entry.particle}):
            return False
        if entry.prep and not (grammar.has_prep(verb, entry.prep) or (entry.object and roles.object_has_prep(verb, entry))):
            return False
        needs_objects = entry.object or entry.transitive or entry.complement
        objects = grammar.children(verb, {"dobj", "nsubjpass", "oprd"}) + grammar.raised_objects(verb) if needs_objects else []
        if entry.object and not any(roles.object_word(o) in entry.object for o in objects):
            return False
        if entry.object_is_actor and not any(parties.looks_like_actor(o) for o in grammar.direct_objects(verb)):
            return False
        if entry.transitive and not any(o.dep_ in {"dobj", "nsubjpass"} for o in objects):
            return False
        if entry.xcomp and not grammar.has_child(verb, {"xcomp"}):
            return False
        if entry.complement and not (grammar.has_child(verb, {"oprd"}) and any(o.dep_ != "oprd" for o in objects)):
            return False  # "called the decision reckless": naming needs a thing named
        if entry.of and not grammar.has_complement_word(verb, entry.of):
            return False
        if entry.purpose and not grammar.purpose_verbs(verb) & entry.purpose:
            return False
        return True

    def _verb_roles(self, verb: Token, entry: VerbEntry) -> Candidate:
        sources = grammar.subjects(verb) or grammar.fronted_subject(verb) or roles.expelling_state(verb, entry)
        targets = self._targets(verb, entry.targets, entry.prep) or roles.contacted_party(verb)
        # "remained on alert in X": the required preposition's own word is no party ("called for
        # sanctions against X" still names one inside it)
        targets = [t for t in targets if not (entry.prep and t.head.lower_ == entry.prep and t.lemma_.lower() in entry.of
                                              and not parties.inner_parties(t))]
        if entry.xcomp and entry.cameo[:2] == "12" and targets and not any(t.pos_ == "PRON" or parties.party_like(grammar.head_noun(t)) for t in targets):
            # "refused to meet the envoy ... his willingness": a refusal's object that names no
            # party gives way to the party of the infinitive (an order's object is its addressee)
            targets = roles.complement_objects(verb) or targets
        act = None
        if not targets:
            # "promised to help rebuild Gaza": aimed at the infinitive's object; but "Putin and
            # Zelensky agreed to exchange prisoners" is an agreement between the two, unless the
            # act agreed to has a party of its own ("Bahrain and Kuwait agreed to lift their ban
            # on Egyptian imports": see _events_from)
            act = candidates.promised_act(verb, entry.cameo)
            if not (entry.symmetric and len(sources) >= 2):
                targets = roles.complement_objects(verb)
        if not targets and entry.cameo[:2] == "15":
            targets = roles.purpose_enemy(verb)
        if entry.cameo == "037":  # "accepted a formula for ending the dispute with X": not the formula, X
            targets = roles.dispute_adversary(grammar.children(verb, {"dobj"})) or targets
        if not targets and entry.prep and entry.prep != "that":  # "went on strike against the operator"
            for slot in entry.targets:
                targets = [t for o in grammar.prep_objects(verb, entry.prep) for t in grammar.prep_objects(o, slot)]
                if targets:
                    break
        if not targets and entry.object and "dative" in entry.targets:
            targets = roles.glued_recipient(verb, entry.object)
        if not targets and entry.object:  # "lifted its blockade of the U.K.": the object names the party
            targets = [t for o in grammar.children(verb, {"dobj", "nsubjpass"}) for t in parties.inner_parties(grammar.head_noun(o))
                       if not _topic_of(t, entry)]  # fmt: skip
        targets = roles.shared_object(verb, targets)
        if entry.cameo[:2] == "14":  # "stopped work in a strike at the Grasberg mine": at the mine
            targets = roles.protest_parties(targets)
        ordered = roles.ordered_done(verb, entry, sources, targets)
        if ordered:  # "ordered the editor jailed": the one who ordered it did it, to the one named
            sources, targets = ordered
        if entry.cameo.startswith("045"):  # "talks mediated by the OSCE": aimed at the talks' parties
            targets = self._mediated_parties(targets) or targets
            if not targets or all(grammar.head_noun(t).pos_ == "NOUN" and not parties.party_like(grammar.head_noun(t)) for t in targets):
                targets = roles.purpose_sides(verb) or targets
        claim_by: tuple[Token, ...] = ()
        if verb.dep_ == "pcomp" and verb.head.head.lemma_.lower() in grammar.ACCUSATION_VERBS:
            accuser = verb.head.head  # "accused Moscow of massing troops"
            sources = [t for o in grammar.children(accuser, {"dobj"}) for t in grammar.conjuncts(o)]
            claim_by = tuple(grammar.subjects(accuser))
        cameo = candidates.readiness_code(verb, entry.cameo)
        ready = cameo != entry.cameo  # "was ready to help": the readiness is the event, as told
        cameo = candidates.peacekeeping_code(verb, self._declared_act_code(verb, cameo))
        if cameo[:2] in {"03", "06", "07"}:  # "contribute troops to the UN force in Mali": to Mali
            targets = roles.deployment_places(verb, targets)
        return Candidate(
            trigger=verb.head if ready else verb,
            cameo=cameo,
            sources=tuple(sources),
            targets=tuple(targets),
            symmetric=entry.symmetric,
            rule=f"verb:{entry.lemma}{':' + entry.prep if entry.prep else ''}"
            f"{':' + '|'.join(sorted(entry.object))[:30] if entry.object else ''}{'+ready' if ready else ''}",
            clause=verb.head.head if ready else verb,
            claim_by=claim_by,
            act=None if ready else act,
        )

    def _declared_act_code(self, verb: Token, cameo: str) -> str:
        """ "threatened to shell the border posts" (1384), "refused to release the hostages"
        (1243): a bare threat or refusal takes its precise code from the act it is about."""
        if cameo not in {"130", "120"}:
            return cameo
        for act in grammar.children(verb, {"xcomp", "ccomp"} if cameo == "130" else {"xcomp"}):
            cand = self._verb_candidate(act, set()) if act.pos_ == "VERB" else None
            if cand is not None:
                precise = refusals.threat_code(cand.cameo) if cameo == "130" else refusals.refusal_code(cand.cameo)
                return precise or cameo
        return cameo

    def _mediated_parties(self, targets: list[Token]) -> list[Token]:
        """The parties of a mediated event ("brokered a truce between Israel and Hamas", "after
        talks brokered by China, Saudi Arabia and Iran agreed ..."): those the event noun names,
        else the subject of the clause the noun is hung on ("X and Y signed a deal after talks
        mediated by Z"). Empty when the noun says nothing of them."""
        sides: list[Token] = []
        for tok in targets:
            noun = grammar.head_noun(tok)
            entry = self._noun_entry(noun)
            if noun.pos_ != "NOUN" or entry is None:
                return []
            found = roles.noun_targets(noun, entry) + roles.noun_sources(noun)
            if not found and noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.pos_ in {"VERB", "AUX"}:
                # both sides must be named: "the rebels agreed to disarm under a truce brokered
                # by Russia" names one side only, and a mediation with one side is not told
                found = grammar.subjects(noun.head.head)
                found = found if len(found) >= 2 else []
            sides += [t for t in found if t not in sides]
        return sides

    def _targets(self, verb: Token, slots: Iterable[str], required_prep: str | None) -> list[Token]:
        slots = tuple(slots)
        # a required preposition carries the target ("call on X") unless the entry names its
        # target slots itself ("charge X with crimes": the target is the object)
        if required_prep and required_prep != "that" and (slots == DEFAULT_TARGETS or required_prep in slots):
            found = grammar.prep_objects(verb, required_prep)
            if found:
                return found
        if grammar.is_passive(verb):
            # "was returned by US officials to Spanish authorities": a recipient slot named
            # before the object still wins; otherwise the passive subject is the object
            for slot in slots[:slots.index("dobj")] if "dobj" in slots else ():
                if slot not in {"dative", "that"}:
                    found = [t for t in grammar.prep_objects(verb, slot) if t.pos_ in {"NOUN", "PROPN"}]
                    if found:
                        return found
            if "dobj" not in slots and slots != DEFAULT_TARGETS:
                # "sanctions were imposed on Iran": the passive subject is the entry's own object
                found = next((f for slot in slots if (f := roles.slot(verb, slot))), [])
                if found:
                    return found
            passive = grammar.children(verb, grammar.PASSIVE_SUBJECT_DEPS)
            if passive:
                return grammar.conjuncts(passive[0])
            if verb.dep_ == "acl":
                return grammar.conjuncts(verb.head)
        for slot in slots:
            found = roles.slot(verb, slot)
            if found:
                return found
        return []

    def _light_verb_candidate(self, verb: Token, consumed: set[int]) -> Candidate | None:
        for raw in roles.light_objects(verb):
            obj = grammar.head_noun(raw)  # "held four hours of talks"
            entry = self._noun_entry(obj)
            if entry is None:
                continue
            consumed.add(obj.i)
            targets = roles.noun_targets(obj, entry) or [
                t for prep in ("with", "on", "against", "to") for t in grammar.prep_objects(verb, prep)
                if t not in grammar.fronted_subject(verb)
            ]
            if not targets and entry.symmetric:  # "signed agreements establishing relations with X and Y"
                targets = [t for acl in grammar.children(obj, {"acl"}) for t in roles.slot(acl, "with")][:parties.MAX_PAIRS]
            if not targets and entry.cameo[:2] == "04" and verb.lemma_.lower() in ATTEND_VERBS | HOST_VERBS:
                # "attended a meeting of the North Atlantic Council", "is hosting the Asean
                # summit": met with the body that met; else "attended a summit in London": went
                # there to meet (a host meets at home)
                targets = roles.meeting_body(obj)
            sources = grammar.subjects(verb) or grammar.fronted_subject(verb)
            if not targets and entry.cameo[:2] == "04" and verb.lemma_.lower() in ATTEND_VERBS and len(sources) < 2:
                targets = roles.meeting_place(verb, obj)  # "Putin and Medvedev attended a meeting": they met
            if raw.dep_ == "nsubjpass":  # "talks were held between X and Y", "X's blockade was tightened"
                # "war games were staged by the US and Jordan": else whoever the passive names
                sources = roles.noun_sources(obj) or [t for a in grammar.agents(verb) for t in grammar.conjuncts(a)]
            if self._hosted_parties(verb, obj):  # "Z hosted talks between X and Y": X and Y talked
                sources = []
            if entry.symmetric and not sources and len(targets) >= 2:
                sources, targets = targets[:1], targets[1:]
            # "announced the deployment of troops to Liberia on a peacekeeping mission"
            cameo = candidates.peacekeeping_code(verb, candidates.intent_code(verb, candidates.refine_noun_code(obj, entry)))
            if cameo == "074":
                targets = roles.deployment_places(verb, targets)
            return Candidate(
                trigger=obj,
                cameo=cameo,
                sources=tuple(sources),
                targets=tuple(targets),
                symmetric=entry.symmetric,
                rule=f"light:{verb.lemma_.lower()}+{entry.lemma}",
                clause=verb,
            )
        return None

    def _hosted_parties(self, verb: Token, noun: Token) -> list[Token]:
        """ "hosted talks between Erdogan and Kristersson": the two sides of a meeting that the
        subject hosts (not one of them)."""
        entry = self._noun_entry(noun)
        if verb.lemma_.lower() not in HOST_VERBS or entry is None or not entry.symmetric or not entry.cameo.startswith("04"):
            return []
        sides = grammar.prep_objects(noun, "between")
        return sides if len(sides) >= 2 else []

    def _host_candidate(self, verb: Token, cand: Candidate) -> list[Candidate]:
        """The hosting itself (CAMEO 043), aimed at the sides of the hosted meeting."""
        if cand.trigger.i == verb.i or cand.trigger.head.i != verb.i:
            return []
        sides = self._hosted_parties(verb, cand.trigger)
        if not sides:
            return []
        return [Candidate(trigger=verb, cameo="043", sources=tuple(grammar.subjects(verb)), targets=tuple(sides),
                          symmetric=False, rule=f"host:{verb.lemma_.lower()}+{cand.trigger.lemma_.lower()}", clause=verb)]

    def _conjoined_nouns(self, verb: Token, cand: Candidate, consumed: set[int]) -> list[Candidate]:
        """ "expressed its rejection and condemnation of the plan": each event noun coordinated
        with a light verb's object is an event of the verb's subject too."""
        if not cand.rule.startswith("light:") or cand.trigger.pos_ != "NOUN":
            return []
        out: list[Candidate] = []
        for conj in grammar.children(cand.trigger, {"conj"}):
            entry = self._noun_entry(conj) if conj.pos_ == "NOUN" else None
            if entry is None:
                continue
            consumed.add(conj.i)
            out.append(replace(cand, trigger=conj, cameo=candidates.intent_code(verb, candidates.refine_noun_code(conj, entry)),
                               targets=tuple(roles.noun_targets(conj, entry)) or cand.targets, symmetric=entry.symmetric,
                               rule=f"light:{verb.lemma_.lower()}+{entry.lemma}"))
        return out

    def _noun_candidate(self, noun: Token) -> Candidate | None:
        entry = self._noun_entry(noun)
        if entry is None:
            return None
        targets = roles.noun_targets(noun, entry)
        sources = roles.noun_sources(noun, patient=any(t.dep_ == "poss" for t in targets))
        if entry.symmetric and not sources and len(targets) >= 2:
            sources, targets = targets[:1], targets[1:]
        if not sources and entry.cameo[:2] == "11":
            sources, targets = roles.received_disapproval(noun, targets)
        if not sources and entry.cameo[:2] == "07":
            sources, targets = roles.received_aid(noun, targets)
        return Candidate(
            trigger=noun,
            cameo=candidates.refine_noun_code(noun, entry),
            sources=tuple(sources),
            targets=tuple(targets),
            symmetric=entry.symmetric,
            rule=f"noun:{entry.lemma}",
            clause=noun,
        )

    # -- from candidate to events -------------------------------------------------------
    def _events_from(self, cand: Candidate, where: SentenceContext) -> list[Event]:
        sent, index, article, doc_date = where.sent, where.index, where.article, where.doc_date
        actors, spans, history = where.actors, where.spans, where.history
        quote = _quote_at(spans, cand.trigger.idx)
        speaker = quote.speaker if quote else self._reported_speaker(cand, actors)
        sources = self._resolve_all(cand.sources, actors, speaker, quote)
        if (cand.symmetric or cand.cameo.startswith("03")) and len(cand.sources) == 1 and hasattr(actors, "pair_for"):
            # "the two sides agreed ...": the parties of the latest two-party event told before
            dyads = [(e.source, e.target) for e in history if e.source is not None and e.target is not None]
            both = actors.pair_for(grammar.head_noun(cand.sources[0]), dyads)
            owners = parties.joint_owners(grammar.head_noun(cand.sources[0]))
            if not both and owners:  # "Russia and Turkey's foreign ministers met": Russia met Turkey
                resolved = self._resolve_all(owners, actors, speaker, quote)
                both = resolved if len(resolved) >= 2 else []
            sources = both or sources
        if not sources and cand.cameo[:2] in {"18", "19", "20"} and cand.sources:
            # "a car bombing by the Islamic State killed ...", "missiles fired by the army struck
            # ...": a weapon or an attack that did it names its wielder
            sources = self._resolve_all(roles.wielders(cand.sources, self._is_event_noun), actors, speaker, quote)
            if not sources and cand.cameo[:2] in {"18", "20"}:
                # "a car bomb in Kiev killed ...": the attack itself, by no one named, when it
                # harmed people (CAMEO 18/20); strikes hitting things name no one at all
                sources = [parties.unnamed_attack(t) for t in cand.sources if roles.is_weapon_or_attack(t, self._is_event_noun)][:1]
        if not sources and ontology.cameo(cand.cameo).plover == "PROTEST" and not any(t.pos_ == "PRON" for t in cand.sources):
            sources = [parties.crowd(cand.trigger)]  # "protests erupted in Nairobi": unnamed protesters
        if not sources and not cand.sources and cand.cameo == "173" and cand.trigger.pos_ == "VERB" and grammar.is_passive(cand.trigger):
            sources = [parties.police(cand.trigger)]  # "dozens of demonstrators were detained": by the police
        if not sources and not cand.sources and cand.cameo in {"154", "074"} and cand.trigger.pos_ == "VERB" and grammar.is_passive(cand.trigger):
            # "200 Kenyan police officers were deployed to Haiti": forces deployed by no one named
            # were sent by their own side
            deployed = [t for s in grammar.children(cand.trigger, grammar.PASSIVE_SUBJECT_DEPS) for t in grammar.conjuncts(s)]
            sources = [a for a in self._resolve_all(deployed, actors, speaker, quote) if a.country and a.sector in {"MIL", "COP"}]
        violent = cand.cameo[:2] in {"18", "19", "20"}
        # the target of violence or of a protest may be a thing ("a cargo ship", "the junta"),
        # and so may that of a threat of either ("threatened to shell the radio mast", "said
        # it would boycott the conference")
        things = violent or cand.cameo[:2] == "14" or cand.cameo[:3] in {"138", "133", "171"}  # "seized the oil fields"
        targets = self._resolve_all(cand.targets, actors, speaker, quote, territorial=True, violent=violent, things=things,
                                    anchor=(cand.trigger, cand.clause, *candidates.refused_acts(cand)))
        # "agreed to freeze the assets of Russian banks": a hostile act is no promise made to its
        # target, so only cooperation and concessions (03-09) lend the promise their party
        act_events = [e for e in self._act_events(cand, where)
                      if "03" <= e.cameo[:2] <= "09"]
        lending = act_events
        if cand.symmetric and len(sources) >= 2 and not targets:
            # "Trump and Putin agreed to share information on North Korea": an agreement between
            # the two; only an act of aid or yielding done to a third party ("Bahrain and Kuwait
            # agreed to lift their ban on Egyptian imports") makes it a promise to that party
            lending = [e for e in act_events if e.cameo[:2] in {"07", "08"}]
        act_targets = [e.target for e in lending if e.target is not None]
        own = {s.identity for s in sources} | {s.country for s in sources if s.country}
        if act_targets and all(t.identity in own or t.country in own or _unplaced_agent(t) for t in targets):
            # "agreed to lift its ban on British beef", "pledged to withdraw its forces from
            # Moldova": the promise is made to whom the act is aimed at, not to one's own side
            targets = list({t.identity: t for t in act_targets}.values())
        if act_events and cand.cameo == "030":  # "agreed to release the sailors": intent to release, 0353
            cand = replace(cand, cameo=candidates.intent_for(act_events[0].cameo))
        if not targets and not violent and len(cand.targets) == 1 and not act_events:
            # "Lavrov condemned the declaration": the party behind an event told before
            behind = self._event_anaphor(cand.targets[0], cand, actors, history)
            targets = [behind] if behind is not None else []
        if not targets and (not cand.targets or cand.cameo[:2] == "15") and sources and (
            cand.cameo[:2] in {"15", "17", "18", "19", "20"} or cand.cameo[:3] == "087"
        ):
            # "imposed blockades in Lahore and Multan": force used in a place with no one named
            # is aimed at that place; a named object always wins (see _targets), except for a
            # show of force, whose "object" is a stretch of ground ("on alert in Serb territory")
            targets = self._place_targets(cand, sent, actors)
        if not targets and sources and cand.cameo[:2] == "08" and not (cand.symmetric and len(sources) >= 2):
            # (a joint yield, "X and Y agreed to exchange prisoners", is between its sources)
            targets = self._conceded_to(cand, actors, speaker, quote)
        if not targets and sources and cand.cameo[:2] == "07" and cand.cameo[:3] != "074" and grammar.children(cand.trigger, {"dobj"}) and all(
            grammar.head_noun(t).pos_ == "NOUN" and grammar.head_noun(t).lemma_.lower() not in parties.PEOPLE_NOUNS for t in cand.targets
        ):
            # "Several countries sent rescue teams": aid with no named recipient goes to the
            # place the story is about ("flew supplies into the capital's airport"); troops sent
            # nowhere named are not aid to it
            targets = self._purpose_place(cand, actors, sources) or self._story_country(cand, sent, actors, sources)
        pairs = self._pairs(cand, sources, targets)
        if not pairs and not targets and act_events:  # "agreed to resign": a promise to no one in particular
            pairs = [(s, None) for s in sources[:parties.MAX_PAIRS]]
        if not pairs:
            return []
        mod = grammar.modality(cand.trigger)
        if cand.clause is not cand.trigger:
            mod = grammar._stronger(mod, _non_asserted(grammar.modality(cand.clause)))
        if cand.stated:
            mod = Modality.ASSERTED
        promised = mod is Modality.FUTURE and candidates.promised_code(cand.cameo) != cand.cameo
        if promised:  # "Israel and Kosovo will establish relations": a promise of cooperation (PLOVER AGREE)
            cand = replace(cand, cameo=candidates.promised_code(cand.cameo))
        when = self._statement_date(cand, sent, doc_date) if cand.stated else self._date(cand, sent, doc_date, mod)
        if promised and when.basis is DateBasis.DOCUMENT:
            # "announced on Wednesday that the US would restore relations": promised that day
            when = self._said_date(cand, sent, doc_date) or when
        if when.basis is DateBasis.DOCUMENT and mod is Modality.ASSERTED and grammar.tense(cand.clause, mod) == "past":
            when = circumstances.narrative_date(history, index) or when
        where = self._place(cand, sent, actors)
        home = where.country if where is not None and where.country else parties.main_country(actors)
        if home:  # "riot police" in a story about Belarus are Belarus's police
            pairs = [(parties.localise(s, home), parties.localise(t, home) if t else None) for s, t in pairs]
        info = ontology.cameo(cand.cameo)
        if info.plover is None and not _kept_without_plover(cand.cameo):
            return []  # "claimed responsibility", "declined to comment": statements, not events
        sentence = doc_text(sent.doc)[sent.start_char : sent.end_char]  # sent.text, without joining its tokens
        return [
            Event(
                doc_id=article.id,
                source=src,
                target=tgt,
                cameo=cand.cameo,
                plover=info.plover,
                mode=info.mode,
                quad_class=info.quad_class,
                goldstein=info.goldstein_gdelt,
                modality=mod,
                said_by=speaker,
                date=when.value,
                date_end=when.end,
                date_basis=when.basis,
                location=where,
                sentence=sentence,
                sentence_index=index,
                trigger=_trigger(cand.trigger),
                confidence=_confidence(cand, src, tgt, when),
                coder=self.version,
                rule=cand.rule,
                quote_id=quote.id if quote else None,
            )
            for src, tgt in pairs
        ]

    def _act_events(self, cand: Candidate, where: SentenceContext) -> list[Event]:
        """The events of the act an intent verb commits to ("agreed to lift the ban" -> the
        lifting), coded as they will be on their own; empty when the act codes to nothing."""
        if cand.act is None:
            return []
        act = self._verb_candidate(cand.act, set())
        if act is None:
            return []
        return self._events_from(act, where)

    def _pairs(self, cand: Candidate, sources: list[Actor], targets: list[Actor]) -> list[tuple[Actor, Actor | None]]:
        if not sources:
            return []
        # "the two leaders pledged to work for peace": a promise made together is made to each other
        joint = cand.symmetric or cand.cameo.startswith("03")
        if joint and not targets and len(sources) >= 2:
            return [(sources[0], other) for other in sources[1:parties.MAX_PAIRS + 1]]
        # (not when they are the accused: "the rebels accused the army and the militias of
        # violating the truce" names them as one side)
        if cand.cameo in RECIPROCAL_CODES and len(sources) >= 2 and not cand.claim_by and _only_places(cand.targets):
            # "Both the army and the rebels are guilty of violating the ceasefire (in Darfur)":
            # each against the other ("two reciprocal events of the same type are coded"); a
            # place named is where, not whom
            return [(s, t) for s in sources for t in sources if s.identity != t.identity][:parties.MAX_PAIRS]
        plover = ontology.cameo(cand.cameo).plover or ("REJECT" if cand.cameo == "016" else None)
        needs_target = cand.symmetric or (plover in NEEDS_TARGET and not _self_contained(cand)) or plover in _recipient_types()
        if plover == "CONSULT" and cand.trigger.lemma_.lower() in PRESS_VERBS:
            targets = [t for t in targets if t.sector != "MED"]  # "speaking to reporters" is no meeting
        pairs: list[tuple[Actor, Actor | None]] = [
            (s, t) for s in sources for t in targets if s.identity != t.identity
        ][:parties.MAX_PAIRS]
        if not pairs and not targets and not needs_target:
            pairs = [(s, None) for s in sources[:parties.MAX_PAIRS]]
        if not pairs and not targets and not cand.targets and cand.cameo == "040" and self._body_meets(cand):
            # "The Security Council met behind closed doors", "EU ministers will discuss sanctions":
            # a body or a group meeting among its own members
            pairs = [(s, None) for s in sources[:1]]
        return pairs

    @staticmethod
    def _body_meets(cand: Candidate) -> bool:
        """Is the one subject a deliberating body ("the Security Council") or a plural group of
        officials ("EU foreign ministers")?"""
        if len(cand.sources) != 1:
            return False
        head = grammar.head_noun(cand.sources[0])
        lemma = head.lemma_.lower()
        if lemma in MEETING_BODIES:
            return True
        return head.tag_ == "NNS" and lemma in {"minister", "leader", "official", "envoy", "diplomat", "lawmaker", "member"}

    def _resolve_all(
        self,
        tokens: Sequence[Token],
        actors: ActorLookup,
        speaker: Actor | None,
        quote: Quote | None,
        territorial: bool = False,
        violent: bool = False,
        things: bool = False,
        anchor: tuple[Token, ...] = (),
    ) -> list[Actor]:
        out: list[Actor] = []
        for tok in tokens:
            inner_ok = territorial and parties.argument_of(tok, anchor)
            actor = self._resolve(tok, actors, speaker, quote, territorial, violent, things, inner_ok)
            if inner_ok and actor is None:
                # "lifted its blockade of the U.K.", "refused a request from Modi": the party
                # sits inside the object
                inner = [self._resolve(t, actors, speaker, quote, True) for t in parties.inner_parties(grammar.head_noun(tok))]
                for each in inner:
                    if each is not None and all(a.identity != each.identity for a in out):
                        out.append(each)
                continue
            for each in parties.from_nations(grammar.head_noun(tok), actor) or parties.per_nation(grammar.head_noun(tok), actor):
                if all(a.identity != each.identity for a in out):
                    out.append(each)
        return out

    def _resolve(
        self,
        tok: Token,
        actors: ActorLookup,
        speaker: Actor | None,
        quote: Quote | None,
        territorial: bool,
        violent: bool = False,
        things: bool = False,
        inner_ok: bool = False,
    ) -> Actor | None:
        lower = tok.lower_
        direct = quote is not None and quote.kind == "direct"
        if direct and speaker is not None and lower in FIRST_PERSON_SINGULAR:
            return parties.at(speaker, tok)
        if direct and speaker is not None and lower in FIRST_PERSON_PLURAL:
            return parties.we(speaker, tok)
        tok = grammar.head_noun(tok)
        actor = actors.actor_for(tok)
        if actor is not None and direct and speaker is not None and lower in THIRD_PERSON:
            # Inside a speaker's own words "he" is someone else; an unknown beats a wrong one.
            if actor.identity == speaker.identity:
                return None
        if actor is None and tok.ent_type_ == "NORP" and tok.ent_id_.startswith("country:"):
            actor = parties.people_of(tok)  # "thousands of Georgians": the country's civilians
        if actor is None:
            actor = parties.national_thing(tok)
        if actor is None:  # "the jornalist, Moussa Tchangari": the name in apposition
            named = [c for c in grammar.children(tok, {"appos"}) if c.ent_type_ in {"PERSON", "ORG"} and tok.pos_ == "NOUN"
                     and c.left_edge.i == tok.i + 1]  # right after the noun, not "members of X (MASSOB)"
            actor = actors.actor_for(named[0]) or parties.unresolved_party(named[0]) if named else None
        unresolved = actor is None or (actor.id is None and (violent or tok.ent_type_ in PLACE_LABELS))
        party = tok.pos_ == "NOUN" and tok.lemma_.lower() in parties.PEOPLE_NOUNS
        if territorial and unresolved:
            # an attacked or annexed place stands for its state; the tagger often calls a
            # city a person, so violent events try the gazetteer on any unresolved name.
            # A person or group named as the object is the target, wherever it was; a thing
            # with a party inside it ("the release of X") is aimed at that party.
            if inner_ok and not violent and not (things and self._is_event_noun(tok)) and tok.pos_ == "NOUN" and not party and parties.inner_parties(tok):
                return parties.owner(tok, actors) or actor
            held_by = [self._resolve(h, actors, speaker, quote, False) for h in parties.holders(tok)]
            if any(held_by):  # "shelled the rebel-held enclave": the rebels, not the enclave's state
                return next(h for h in held_by if h is not None)
            place = None if party and tok.ent_type_ not in PLACE_LABELS else self._territory(tok)
            # a named owner beats the place the thing is in ("ISIS positions in Raqqa", "the US
            # embassy in Baghdad")
            actor = parties.owner(tok, actors) or place or actor
        if actor is None and territorial:
            actor = parties.unresolved_party(tok, any_thing=things)
        elif actor is None and tok.ent_type_ not in PLACE_LABELS and not grammar.is_dateline(tok):
            actor = parties.unresolved_party(tok)  # "The American Civil Liberties Union sued ..."
        said = parties.speaker_self(tok) if actor is None else None
        if said is not None:  # "The committee declared that it will not end the strike": itself
            actor = self._resolve(said, actors, speaker, quote, territorial)
        return actor

    def _place_targets(self, cand: Candidate, sent: Span, actors: ActorLookup) -> list[Actor]:
        anchors = {cand.trigger.i, cand.clause.i}
        if grammar.is_passive(cand.clause) or grammar.is_passive(cand.clause.head):
            return []  # "50 people were reported killed in Lebanon": the people are the victims
        # "violated the ceasefire by shelling ... in Poonch": the means a deed was done by is where too
        means = [v for p in grammar.children(cand.trigger, {"prep"}) if p.lower_ == "by"
                 for c in grammar.children(p, {"pcomp"}) for v in (c, *grammar.children(c, {"conj"}))]
        for prep in (c for a in (cand.trigger, cand.clause, *means) for c in grammar.children(a, {"prep"})):
            if prep.lower_ not in {"in", "on", "across", "into"}:
                continue
            for place in (o for o in grammar.children(prep, {"pobj"}) if o.ent_type_ not in {"DATE", "TIME"}):
                if place.ent_type_ not in PLACE_LABELS and not any(t.ent_type_ in PLACE_LABELS for t in grammar.phrase_tokens(place)):
                    owner = parties.owner(place, actors)  # "in Bosnian Serb territory": the territory's people
                    if owner is not None and place.lemma_.lower() in parties.TERRITORY_NOUNS:
                        return [owner]
                    continue
                actor = actors.actor_for(place) or self._territory(place)
                if actor is not None and anchors:
                    return [actor]
        return []

    def _conceded_to(self, cand: Candidate, actors: ActorLookup, speaker: Actor | None, quote: Quote | None) -> list[Actor]:
        """Whom a concession that names no one is made to: the party it follows on ("called off
        the strike after talks with the government", CAMEO 082's example), else the place it is
        made in (the codebook's targets for a truce, 0871, "the location for the ceasefire", and
        for a resignation, 0831, "the country as a whole": "resigned after protests in Peru")."""
        parties_before = self._resolve_all(roles.preceding_parties(cand.trigger), actors, speaker, quote)
        if parties_before:
            return parties_before
        for place in roles.clause_places(cand.clause):
            actor = actors.actor_for(place) or self._territory(place)
            if actor is not None:
                return [actor]
        return []

    def _purpose_place(self, cand: Candidate, actors: ActorLookup, sources: list[Actor]) -> list[Actor]:
        """ "gave 350 million euros to promote investment in Ethiopia": economic or humanitarian
        aid with no recipient goes to the place its purpose clause names (jets or troops sent to
        do something somewhere are no aid to that place)."""
        if cand.cameo[:3] not in {"070", "071", "073"}:
            return []
        trigger = cand.trigger
        clauses = [c for c in (*trigger.children, *(c for o in grammar.children(trigger, {"dobj"}) for c in o.children))
                   if c.dep_ in {"advcl", "acl", "xcomp"} and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)]
        own = {s.country for s in sources}
        for clause in clauses:
            for tok in clause.subtree:
                if tok.ent_type_ in PLACE_LABELS and tok.dep_ == "pobj" and tok.head.lower_ in {"in", "to", "into", "across"}:
                    place = self._territory(tok) or actors.actor_for(tok)
                    if place is not None and place.country not in own:
                        return [place]
        return []

    def _story_country(self, cand: Candidate, sent: Span, actors: ActorLookup, sources: list[Actor]) -> list[Actor]:
        where = self._place(cand, sent, actors)
        home = where.country if where is not None and where.country else parties.main_country(actors)
        if home is None or any(s.country == home for s in sources):
            return []
        state = self.gazetteer.country(home)
        name = state.name if state else home
        return [Actor(text=name, id=f"country:{home}", name=name, country=home, sector=None, kind="country")]

    def _event_anaphor(self, tok: Token, cand: Candidate, actors: ActorLookup, history: Sequence[Event]) -> Actor | None:
        """The party behind "the declaration", "the attack", "the remark": whoever did the event
        the phrase points back to. An earlier word of the same stem ("declared independence")
        names it; else an earlier coded event of the noun's type; else the subject of the
        sentence before. Only definite phrases without an owner of their own qualify."""
        noun = grammar.head_noun(tok)
        if noun.pos_ != "NOUN" or noun.lemma_.lower() in parties.PEOPLE_NOUNS:
            return None
        if not any(c.dep_ == "det" and c.lower_ in {"the", "this", "that", "these", "those"} for c in noun.children):
            return None
        if any(c.dep_ == "poss" for c in noun.children) or any(
            c.dep_ == "prep" and c.lower_ != "as" and any(g.ent_type_ not in {"DATE", "TIME"} for g in c.children)
            for c in noun.children
        ):
            return None  # "the Israeli attack", "the attack on Gaza": said already
        doc, here = noun.doc, sentence_of(noun)
        sentences = [s for s in doc_sents(doc) if s.end <= here.start and not s.text.isspace()][-8:]
        window = [t for s in sentences for t in s] + [t for t in here if t.i < cand.trigger.i]
        lemma = noun.lemma_.lower()
        for earlier in reversed(window):
            if earlier.pos_ in {"VERB", "NOUN"} and parties.same_stem(earlier.lemma_.lower(), lemma) and earlier.i != noun.i:
                doers = grammar.subjects(earlier) if earlier.pos_ == "VERB" else roles.noun_sources(earlier)
                # "carried out a test": the doer of a light verb did the deed; "opposed the test": not
                if earlier.pos_ == "NOUN" and not doers and (
                    earlier.head.pos_ == "NOUN" or parties.does_deed(earlier.head, self.lexicon.light_verbs)
                ):
                    doers = grammar.subjects(earlier.head) if earlier.head.pos_ == "VERB" else roles.noun_sources(earlier.head)
                found = [a for a in (self._resolve(d, actors, None, None, False) for d in doers) if a is not None]
                if found:
                    return parties.at_token(found[0], noun)
        entry = self.lexicon.noun_entry(lemma)
        plover = ontology.cameo(entry.cameo).plover if entry else None
        if plover is not None:
            for event in reversed(history):
                # "condemned the strike": a party did it, not an attack that named no one
                if event.plover == plover and event.source is not None and not parties.is_unnamed_attack(event.source):
                    return parties.at_token(event.source, noun)
            return None
        if sentences and lemma in parties.DEED_NOUNS:
            root = sentences[-1].root
            doers = grammar.subjects(root) if root.pos_ in {"VERB", "AUX"} else []
            found = [a for a in (self._resolve(d, actors, None, None, False) for d in doers) if a is not None]
            if found and found[0].identity not in {a.identity for a in self._resolve_all(cand.sources, actors, None, None)}:
                return parties.at_token(found[0], noun)
        return None

    def _territory(self, tok: Token) -> Actor | None:
        """A place as the object of an attack or annexation stands for the state that holds it.

        Only the phrase itself counts ("a base in Kenya"), not a clause on it ("a base that
        is used by US forces")."""
        for t in grammar.phrase_tokens(tok):
            if t.ent_type_ in {"GPE", "LOC", "ORG", "FAC"} or t.pos_ == "PROPN":
                span = parties.entity_span(t)
                country = self.territories.get(span.text.lower())
                if country is None:
                    loc = self.gazetteer.lookup_phrase(span.text)
                    country = loc.country if loc else None
                if country:
                    state = self.gazetteer.country(country)
                    return Actor(text=span.text, id=f"country:{country}", name=state.name if state else country,
                                 country=country, sector=None, kind="country",
                                 start=span.start_char, end=span.end_char)
        return None

    def _reported_speaker(self, cand: Candidate, actors: ActorLookup) -> Actor | None:
        """The speaker when the trigger sits under a verb of saying, or "according to X"."""
        if cand.claim_by:
            return actors.actor_for(cand.claim_by[0])
        current = cand.clause
        for _ in range(8):
            head = current.head
            if head.i == current.i:  # the root: nothing above it
                break
            if current.dep_ in {"ccomp", "parataxis"} and head.lemma_.lower() in grammar.SPEECH_VERBS:
                subj = grammar.subjects(head)
                return actors.actor_for(subj[0]) if subj else None
            current = head
        root = sentence_of(cand.clause).root
        for dep, lower, prep in grammar.kids(root):
            if dep == "prep" and lower == "according":
                for to in prep.children:
                    for pobj in grammar.children(to, {"pobj"}):
                        return actors.actor_for(pobj)
        return None

    def _date(self, cand: Candidate, sent: Span, doc_date: date, mod: Modality, depth: int = 0) -> EventDate:
        own_tense = grammar.tense(cand.clause, mod)
        for expression, anchor in self._clause_dates(cand, sent):
            # "agreed on Thursday to freeze the assets": a weekday on the verb an infinitive hangs
            # on is read in that verb's tense (Thursday past), not the infinitive's (agreed to, future)
            governor = anchor.i in _control_governors(cand.clause)
            tense = grammar.tense(anchor, grammar.modality(anchor)) if governor else own_tense
            resolved = self._resolve_date(expression, doc_date, tense)
            if resolved is None:  # the tagger may glue words on ("Sunday after weeks"): the dates inside
                inner = (self._resolve_date(text, doc_date, tense) for _, _, text in circumstances.find_dates(expression))
                resolved = next((r for r in inner if r is not None), None)
            if resolved is not None:
                return resolved
        governing = self._governing_date(cand, sent, doc_date) if depth == 0 else None
        return governing or EventDate(value=doc_date.isoformat(), basis=DateBasis.DOCUMENT)

    def _statement_date(self, cand: Candidate, sent: Span, doc_date: date) -> EventDate:
        """A refusal, threat or intent stated now is dated when it was said ("said on Wednesday
        it would withdraw"), else by the document; a date in the clause ("withdraw on Monday")
        is the act's, not the statement's."""
        return self._said_date(cand, sent, doc_date) or EventDate(value=doc_date.isoformat(), basis=DateBasis.DOCUMENT)

    def _said_date(self, cand: Candidate, sent: Span, doc_date: date) -> EventDate | None:
        """The date the text gives the verb of saying a clause hangs on ("announced on Wednesday
        that ..."), or None when it gives none or the clause is not reported."""
        if cand.clause.dep_ != "ccomp":
            return None
        said = cand.clause.head
        told = self._date(replace(cand, trigger=said, clause=said), sent, doc_date, grammar.modality(said), depth=1)
        return told if told.basis is DateBasis.TEXT else None

    def _governing_date(self, cand: Candidate, sent: Span, doc_date: date) -> EventDate | None:
        """ "announced on Tuesday after Russia and Turkey negotiated the deal": a time clause
        with no date of its own happened when its governing clause did ("a day after": the day
        before)."""
        clause = grammar.clause_verb(cand.clause)
        if clause is None or clause.dep_ != "advcl" or clause.head.pos_ not in {"VERB", "AUX"}:
            return None
        marks = {lower for dep, lower, _ in grammar.kids(clause) if dep == "mark"}
        sign = -1 if marks & {"after"} else 1 if marks & {"before"} else 0 if marks & circumstances.TIME_MARKS else None
        if sign is None:
            return None
        head = clause.head
        governing = Candidate(trigger=head, cameo=cand.cameo, sources=(), targets=(), symmetric=False,
                              rule="", clause=head)
        found = self._date(governing, sent, doc_date, grammar.modality(head), depth=1)
        if found.basis is not DateBasis.TEXT or found.end is not None or len(found.value) != 10:
            return None
        days = 0
        for gap in (c for c in clause.children if c.dep_ == "npadvmod"):
            unit = {"day": 1, "week": 7}.get(gap.lemma_.lower())
            if unit is None:
                return None
            amount = next((c for c in gap.children if c.dep_ == "nummod"), None)
            number = 1 if amount is None else circumstances.number(amount.lower_)
            if number is None:
                return None
            days = sign * unit * number
        value = date.fromisoformat(found.value) + timedelta(days=days)
        return EventDate(value=value.isoformat(), basis=DateBasis.TEXT, text=found.text)

    def _resolve_date(self, expression: str, doc_date: date, tense: str) -> EventDate | None:
        """``resolve_date``, memoised: each candidate of a sentence resolves the same expressions."""
        key = (expression, doc_date, tense)
        if key not in self._date_memo:
            if len(self._date_memo) > 50_000:
                self._date_memo.clear()
            self._date_memo[key] = resolve_date(expression, doc_date, tense)  # type: ignore[arg-type]
        return self._date_memo[key]

    def _clause_dates(self, cand: Candidate, sent: Span) -> list[tuple[str, Token]]:
        """Date expressions attached to the trigger's clause, nearest first, each with the word
        of the clause it hangs on."""
        anchors = circumstances.clause_tokens(cand)
        attached = [(d, a) for d in circumstances.date_mentions(sent)
                    if (a := circumstances.attachment(d.root, anchors, self._is_event_noun)) is not None
                    and not circumstances.after_event_noun(d.span, anchors, self._is_event_noun)]
        attached.sort(key=lambda pair: abs(pair[0].root.i - cand.trigger.i))
        return [(d.text, a) for d, a in attached]

    def _is_event_noun(self, token: Token) -> bool:
        """ "the attack", "the killing", "the strike": a noun that names an event."""
        lemma = token.lemma_.lower()
        return self.lexicon.noun_entry(lemma) is not None or (lemma.endswith("ing") and len(lemma) > 5)

    def _lookup_place(self, phrase: str, countries: tuple[str, ...]) -> Location | None:
        """Gazetteer look-ups, memoised: a document names the same few places again and again."""
        key = (phrase, countries)
        if key not in self._place_memo:
            if len(self._place_memo) > 50_000:
                self._place_memo.clear()
            self._place_memo[key] = self.gazetteer.lookup_phrase(phrase, context_countries=countries)
        return self._place_memo[key]

    def _place(self, cand: Candidate, sent: Span, actors: ActorLookup) -> Location | None:
        anchors = circumstances.clause_tokens(cand)
        for prep, phrase in circumstances.place_mentions(sent, PLACE_PREPS):
            if circumstances.attachment(prep, anchors) is None:
                continue
            location = self._lookup_place(phrase, tuple(actors.countries))
            if location is not None:
                return location
        return None


# -- small helpers ----------------------------------------------------------------------
# The helpers of the other steps live in their own modules: roles.py (which tokens fill the
# roles), candidates.py (the constructions that make extra candidates, and their codes),
# parties.py (which words stand for a party), circumstances.py (the dates and places a clause
# carries) and grammar.py (parse helpers). These few serve the events made here.
ATTEND_VERBS = frozenset({"attend", "join"})
TOPIC_PREPS = frozenset({"on", "about", "regarding", "concerning"})


def _unplaced_agent(actor: Actor) -> bool:
    """A generic agent of no country yet ("troops", "intelligence" as a thing shared): in a
    promise, no party the promise is made to when the act promised names one."""
    return actor.kind == "agent" and actor.country is None


def _topic_of(party: Token, entry: VerbEntry) -> bool:
    """ "shared information on Bolivia": what the object is about, not who receives it, unless
    the entry itself takes that preposition for its target ("imposed sanctions on Iran")."""
    prep = party.head
    return prep.dep_ == "prep" and prep.lower_ in TOPIC_PREPS and prep.lower_ not in entry.targets
MEETING_BODIES = frozenset({"council", "cabinet", "parliament", "assembly", "senate", "congress", "committee",
                            "commission", "board", "bloc", "alliance", "union", "league", "organization",
                            "organisation", "group", "summit", "conference"})
HOST_VERBS = frozenset({"host", "organize", "organise", "convene", "arrange", "chair"})


def _control_governors(clause: Token) -> set[int]:
    """The verbs an infinitive hangs on: "agreed" and "decided" in "agreed on Monday to decide to go"."""
    out: set[int] = set()
    while clause.dep_ == "xcomp" and clause.head is not clause and clause.head.pos_ in {"VERB", "AUX"}:
        clause = clause.head
        out.add(clause.i)
    return out


def _self_contained(cand: Candidate) -> bool:
    """Is the event told whether or not it names whom it is aimed at? A strike or a hunger strike
    (see SELF_CONTAINED), and an investigation opened ("police launched an investigation after
    the attack": CAMEO 09, "all non-covert investigations ... being or have been carried out");
    not a mere infinitive ("invited experts to help investigate")."""
    return cand.cameo[:3] in SELF_CONTAINED or (cand.cameo[:2] == "09" and cand.trigger.pos_ == "NOUN" and cand.rule.startswith("light:"))


def _kept_without_plover(cameo: str) -> bool:
    """Appeals (02x) and denials (016) have no PLOVER type in the 2021 table but are kept as
    REQUEST and REJECT, as the PLOVER manual suggests; other untyped codes are dropped."""
    return cameo.startswith("02") or cameo == "016"


@cache  # the PLOVER table is fixed; plover_types() copies it on every call
def _recipient_types() -> frozenset[str]:
    return frozenset(name for name, info in ontology.plover_types().items() if info.get("requires_recipient"))


def _non_asserted(mod: Modality) -> Modality | None:
    return None if mod is Modality.ASSERTED else mod


def _told_again(event: Event, earlier: Sequence[Event]) -> bool:
    """ "Xi met Putin on Tuesday. The two leaders discussed energy ...": a meeting between the
    same two parties on the same day, told again in a later sentence, is the same meeting."""
    if event.target is None or event.plover != "CONSULT":
        return False
    dyad = {event.source.identity, event.target.identity}
    return any(e.plover == event.plover and e.target is not None and e.date == event.date
               and e.sentence_index != event.sentence_index
               and {e.source.identity, e.target.identity} == dyad for e in earlier)


# Verbs of talking: said to the press they are a statement, not a consultation.
PRESS_VERBS = frozenset({"speak", "talk", "tell", "brief", "address", "meet"})


_WHERE_PREPS = PLACE_PREPS | {"along"}


def _only_places(targets: Sequence[Token]) -> bool:
    """Are all the objects places ("in Darfur", "along the border"), none of them a party?
    (Asked only of reciprocal codes: the heads are climbed for no other event.)"""
    return all(t.head.lower_ in _WHERE_PREPS for t in targets)


def _trigger(token: Token) -> Trigger:
    text, start = token.text, token.idx
    return Trigger(text=text, start=start, end=start + len(text))


def _quote_at(spans: Sequence[tuple[int, int, Quote]], offset: int) -> Quote | None:
    """The innermost quote (direct or reported) whose words contain ``offset``."""
    for start, end, quote in spans:
        if start <= offset < end:
            return quote
    return None


def _confidence(cand: Candidate, src: Actor, tgt: Actor | None, when: EventDate) -> float:
    """A transparent heuristic score, not a probability: resolved actors and a specific
    pattern raise it; a missing target or an inherited date lowers it."""
    score = 0.5
    score += 0.15 if src.id else 0.0
    score += 0.15 if tgt is not None and tgt.id else (0.05 if tgt is not None else -0.1)
    score += 0.1 if not cand.rule.startswith("verb:") or ":" in cand.rule[5:] else 0.05
    score += 0.05 if when.basis is DateBasis.TEXT else 0.0
    return round(max(0.05, min(score, 0.95)), 2)
