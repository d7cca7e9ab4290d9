"""Candidates, and the special constructions that make extra candidates or change a code.

A candidate is a trigger with the code that matched and the tokens that fill its roles;
EventCoder finds them and resolves them into events. Besides the act itself a sentence may state
something about it: a declared refusal ("will not lift the ban", 12x), a threat ("will impose
sanctions", 13x) or an intent to yield or to meet ("will release the hostages", 035x; "will
visit Albania", 036), an agreement to it
(03x), a demand ("says Israel must end attacks", 100) or blame ("said the Taliban were
responsible", 112); each is a candidate of its own. And the code
may be a promise or an intent rather than the act ("agreed to talks" 036, "was ready to help"
030, "will send peacekeepers" 0331), a call by phone (041), or criticism rather than force ("a
scathing attack", 111). This module reads the parse and CAMEO codes only.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from spacy.tokens import Token

from eventwire import grammar, refusals, roles
from eventwire.lexicon import NounEntry


@dataclass(frozen=True, slots=True)
class Candidate:
    """A trigger with the entry that matched and the tokens that fill its roles."""

    trigger: Token
    cameo: str
    sources: tuple[Token, ...]
    targets: tuple[Token, ...]
    symmetric: bool
    rule: str
    clause: Token  # the word whose clause carries modality, date and place
    claim_by: tuple[Token, ...] = ()  # "X accused Y of massing troops": the massing is X's claim
    stated: bool = False  # the event is the statement itself ("will not lift": a refusal, asserted)
    act: Token | None = None  # "agreed to lift the ban": the act promised, whose target the promise takes


def refusal_candidate(cand: Candidate) -> list[Candidate]:
    """ "France will not lift the ban on Britain": besides the lifting (negated), a refusal to
    yield (CAMEO 1244), stated now and aimed at the act's party, or else at the side whose act
    the refusal waits for ("will not end the strike until the government pays")."""
    code = refusals.refusal_code(cand.cameo)
    if code is None or not refusals.declares_refusal(cand.clause):
        return []
    targets = cand.targets or tuple(refusals.awaited_parties(cand.clause))
    return [replace(cand, cameo=code, targets=targets, rule=f"refusal:{cand.rule}", stated=True, act=None)]


def threat_candidate(cand: Candidate) -> list[Candidate]:
    """ "The government will extend the curfew in Jamaica", "the opposition said it would
    boycott the vote": conflict announced in the future tense is also a threat (CAMEO 13x; the
    codebook: "'will attack' is coded as 'Threaten to attack'"), stated now. Likewise yielding
    announced in the future tense is also an intent to yield ("the rebels said they will release
    the hostages": CAMEO 0353, the codebook's own example), and a meeting announced so is an
    intent to meet ("Putin will meet Erdogan in Ankara": 036, as the codebook codes "Fischer will
    visit Albania in June"). The act stays, with its future modality."""
    if cand.cameo[:2] in {"03", "12", "13"} or not refusals.declares_intent(cand.clause):
        return []
    threat = refusals.threat_code(cand.cameo)
    code = threat or refusals.intent_code(cand.cameo)
    if code is None:
        return []
    rule = "threat" if threat else "intent"
    return [replace(cand, cameo=code, rule=f"{rule}:{cand.rule}", stated=True, act=None)]


# "failed to reach a deal", "failed to agree": agreeing (03x) or settling (057) that did not come about
AGREEMENT_PREFIXES = ("03", "057")
FAILING_VERBS = frozenset({"fail"})
FAILED_NEGOTIATION_CODE = "127"  # reject plan, agreement to settle dispute (PLOVER REJECT, mode "meet")
TOPIC_PREPS = ("on", "over")


def failed_agreement_candidate(cand: Candidate) -> list[Candidate]:
    """ "Kenya and Uganda failed to reach agreement on the border": negotiations that failed.
    CAMEO files them under halting negotiations (164, its own example), but PLOVER, whose types
    the coder reports, makes the failure of talks verbal conflict: REJECT with the mode "meet"
    (meetings and negotiations), as it does a cancelled meeting. The agreement itself stays,
    negated. With no other side named, it is aimed at the party of what the talks were about
    ("failed to reach agreement on North Korea's denuclearisation")."""
    verb = cand.clause
    failing = verb.head
    if not cand.cameo.startswith(AGREEMENT_PREFIXES) or verb.dep_ != "xcomp" or failing.lemma_.lower() not in FAILING_VERBS:
        return []
    if grammar.children(failing, {"neg"}):
        return []  # "did not fail to reach a deal": they reached it
    sides = _sides_of_talks(cand.sources)
    sources = tuple(sides[:1]) or cand.sources
    targets = tuple(sides[1:]) or cand.targets or tuple(_topic_owners(cand.trigger, verb))
    return [replace(cand, trigger=failing, cameo=FAILED_NEGOTIATION_CODE, sources=sources, targets=targets, clause=failing,
                    rule=f"failed:{cand.rule}", act=None)]


def _sides_of_talks(subjects: tuple[Token, ...]) -> list[Token]:
    """ "The summit between the EU and Turkey failed to reach agreement": talks that fail are
    the failure of the sides they were between."""
    if len(subjects) != 1 or subjects[0].pos_ != "NOUN":
        return []
    sides = [t for o in grammar.prep_objects(subjects[0], "between") for t in grammar.conjuncts(o)]
    return sides if len(sides) >= 2 else []


def _topic_owners(*words: Token) -> list[Token]:
    """The named owner of what talks were about: "on North Korea's denuclearisation" -> North
    Korea (not a place: "on the Irish border" is about no party in particular)."""
    topics = [t for w in words for prep in TOPIC_PREPS for t in grammar.prep_objects(w, prep)]
    return [c for t in topics for c in grammar.children(grammar.head_noun(t), {"poss"}) if c.pos_ == "PROPN"]


def refused_acts(cand: Candidate) -> tuple[Token, ...]:
    """ "refused to lift sanctions on Abkhazia", "refused to respond to a request from 20 MPs",
    "threatened to shell positions of the militia": a refusal or a threat is aimed at the party
    inside what the refused or threatened act is about."""
    if cand.cameo[:2] == "12":
        return tuple(grammar.children(cand.trigger, {"xcomp"}))
    if cand.cameo[:2] == "13":  # "threatened that it would sever ties with X"
        return tuple(grammar.children(cand.trigger, {"xcomp", "ccomp"}))
    return ()


def agreement_to(verb: Token, cand: Candidate) -> list[Candidate]:
    """ "India and Pakistan agreed to a ceasefire": the agreeing (AGREE, 030) besides the
    ceasefire itself, as with "agreed to exchange prisoners". Agreeing on a deal is the deal
    (057) and agreeing to talks already an intent to meet (036): one event each."""
    noun = cand.trigger
    if cand.clause.i != verb.i or noun.i == verb.i or noun.dep_ != "pobj" or noun.head.head.i != verb.i:
        return []
    if cand.cameo.startswith(("03", "057")):
        return []
    return [replace(cand, trigger=verb, cameo=intent_for(cand.cameo), symmetric=True, rule=f"agree:{cand.rule}")]


DEMAND_SAYING_VERBS = frozenset({"say", "state", "stress", "declare", "add", "reiterate", "maintain"})


def demand_candidate(verb: Token) -> Candidate | None:
    """ "Russia says Israel must end attacks on Syria": saying that another party must act is a
    demand (CAMEO 100) on that party. The party must be named ("said it must", "we must" are no
    demand on anyone else), and the clause active ("must be avoided" names no one to act)."""
    if verb.lemma_.lower() not in DEMAND_SAYING_VERBS:
        return None
    for clause in grammar.children(verb, {"ccomp"}):
        if not any(c.dep_ == "aux" and c.lower_ == "must" for c in clause.children):
            continue
        # "Israel", or a party whose phrase names one: "the Sri Lankan government", "all
        # political forces in Yemen"
        named = [t for t in grammar.children(clause, {"nsubj"}) if t.pos_ in {"PROPN", "NOUN"}
                 and any(w.pos_ == "PROPN" or w.ent_type_ in {"GPE", "ORG", "PERSON", "NORP"} for w in grammar.phrase_tokens(t))]
        sources = grammar.subjects(verb)
        if named and sources:
            return Candidate(trigger=verb, cameo="100", sources=tuple(sources), targets=tuple(grammar.conjuncts(named[0])),
                             symmetric=False, rule=f"say-must:{verb.lemma_.lower()}", clause=verb)
    return None


BLAME_WORDS = frozenset({"responsible", "culpable", "guilty"})


def blame_candidate(verb: Token) -> Candidate | None:
    """ "The Afghan government said Taliban militants were responsible", "Kyiv said Moscow was
    behind the attack": saying that a named party did a wrong is an accusation (CAMEO 112)."""
    if verb.lemma_.lower() not in DEMAND_SAYING_VERBS | {"announce", "claim", "insist", "allege"}:
        return None
    sources = grammar.subjects(verb)
    for clause in grammar.children(verb, {"ccomp"}):
        if clause.lemma_.lower() != "be" or grammar.children(clause, {"neg"}):
            continue
        blamed = any(c.dep_ == "acomp" and c.lower_ in BLAME_WORDS for c in clause.children) or any(
            c.dep_ == "prep" and c.lower_ == "behind" for c in clause.children)
        named = [t for t in grammar.children(clause, {"nsubj"}) if t.pos_ in {"PROPN", "NOUN"}
                 and (t.pos_ == "PROPN" or any(c.ent_type_ in {"GPE", "ORG", "PERSON", "NORP"} for c in t.subtree))]
        if blamed and named and sources:
            return Candidate(trigger=verb, cameo="112", sources=tuple(sources), targets=tuple(grammar.conjuncts(named[0])),
                             symmetric=False, rule=f"say-blame:{verb.lemma_.lower()}", clause=verb)
    return None


CRITIC_NOUNS = frozenset({"critic", "detractor", "opponent"})
CRITICS_SAYING_VERBS = DEMAND_SAYING_VERBS | {"argue", "charge", "claim", "contend", "allege", "complain", "note"}


def critics_candidate(verb: Token) -> Candidate | None:
    """ "Kremlin critics say Putin has given him free rein", "his critics argue he used the coup
    as an excuse": what a party's critics say of someone is their criticism of that one (CAMEO
    111, "criticize, defame, denigrate responsible parties"), aimed at the clause's subject."""
    if verb.lemma_.lower() not in CRITICS_SAYING_VERBS or grammar.children(verb, {"neg"}):
        return None
    sources = grammar.subjects(verb)
    if not sources or grammar.head_noun(sources[0]).lemma_.lower() not in CRITIC_NOUNS:
        return None
    for clause in grammar.children(verb, {"ccomp"}):
        criticised = [t for t in grammar.children(clause, {"nsubj", "nsubjpass"}) if t.pos_ in {"PROPN", "NOUN", "PRON"}]
        if criticised:
            return Candidate(trigger=verb, cameo="111", sources=tuple(sources), targets=tuple(grammar.conjuncts(criticised[0])),
                             symmetric=False, rule=f"critics-say:{verb.lemma_.lower()}", clause=verb)
    return None


READY_WORDS = frozenset({"willing", "ready", "prepared", "eager", "keen", "determined"})


def readiness_code(verb: Token, cameo: str) -> str:
    """ "The US is willing to provide aid to Ukraine", "Russia was ready to help Belarus": an
    expressed intent to cooperate (CAMEO 030), not yet the aid itself. Force stays what it is."""
    head = verb.head
    if verb.dep_ == "xcomp" and head.pos_ == "ADJ" and head.lower_ in READY_WORDS and cameo[:2] not in {"13", "15", "17", "18", "19", "20"}:
        return "030"
    return cameo


def promised_act(verb: Token, cameo: str) -> Token | None:
    """ "agreed to lift the ban", "pledged to withdraw its troops": the infinitive an intent
    verb (CAMEO 03x) commits its subject to, if any."""
    if not cameo.startswith("03"):
        return None
    return next((c for c in verb.children if c.dep_ == "xcomp" and c.pos_ in {"VERB", "AUX"}), None)


PROMISED_CODES = {"05": "032", "06": "031", "061": "0311", "062": "0312", "063": "0313", "064": "0314",
                  "07": "033", "071": "0331", "072": "0332", "073": "0333", "074": "0334"}
VERBAL_SUPPORT = frozenset({"051", "052", "053", "055"})  # praise, defend, rally behind, apologise


def intent_for(act: str) -> str:
    """The CAMEO 03x code for committing to an act: to release people 0353, to de-escalate
    (a ceasefire, a withdrawal) 0356, to yield otherwise 035, to meet 036, to cooperate or aid
    as promised_code says; else 030. The codebook's example for 0356: "Yugoslavia and Slovenia
    agreed to a ceasefire"."""
    if act.startswith("03"):  # already a promise ("promised to send aid": 0333)
        return act
    if act.startswith("084"):
        return "0353"
    if act.startswith("087"):
        return "0356"
    if act.startswith("08"):
        return "035"
    if act.startswith("04"):
        return "036"
    promised = promised_code(act)
    return promised if promised != act else "030"


def promised_code(cameo: str) -> str:
    """Diplomatic or material cooperation or aid that is only planned or promised ("will
    establish diplomatic relations", "will send peacekeepers") is an expressed intent to
    cooperate (CAMEO 03x, PLOVER AGREE); the PLOVER codebook keeps the deeds for what has been
    done. Meetings, yielding and conflict keep their own codes with a future modality, and so
    do words of support still to be said ("Biden will reaffirm U.S. support on Sunday")."""
    if cameo[:2] not in {"05", "06", "07"} or cameo[:3] in VERBAL_SUPPORT:
        return cameo
    return PROMISED_CODES.get(cameo[:3]) or PROMISED_CODES[cameo[:2]]


def intent_code(verb: Token, cameo: str) -> str:
    """ "offered talks", "proposed a meeting", "agreed to talks": an offer to meet is CAMEO 036,
    not the meeting."""
    if verb.lemma_.lower() in {"offer", "propose", "agree"} and cameo[:2] == "04":
        return "036"
    return cameo


CONSULT_CODES = frozenset({"040", "046", "036"})


def refine_noun_code(noun: Token, entry: NounEntry) -> str:
    """A consultation by phone is CAMEO 041 ("a phone call", "a telephone conversation")."""
    if entry.cameo in CONSULT_CODES or entry.cameo == "041":
        if grammar.has_child(noun, {"compound", "amod", "nmod"}, roles.PHONE_WORDS):
            return "041"
    if entry.cameo[:2] == "19" and grammar.has_child(noun, {"amod", "compound"}, VERBAL_ATTACK_WORDS):
        return "111"  # "a scathing attack on the government" is criticism, not force
    return peacekeeping_code(noun, entry.cameo)


VERBAL_ATTACK_WORDS = frozenset({"scathing", "verbal", "blistering", "stinging", "withering", "rhetorical",
                                 "extraordinary", "personal", "bitter", "vitriolic", "sharp"})


# CAMEO 074: "Provide peacekeepers or other military forces for protection ... Code here reported
# deployment of forces"; its example: "The first deployment of NATO peacekeeping troops have
# arrived in Bosnia". A deployment (154) or an arrival (042) of peacekeepers is that aid.
PEACEKEEPING_CODES = frozenset({"154", "042"})


def is_peacekeeping_word(tok: Token) -> bool:
    return tok.lower_.startswith(("peacekeep", "peace-keep"))


def peacekeeping_code(trigger: Token, cameo: str) -> str:
    """ "deployed 300 troops to Mali as peacekeepers", "peacekeeping troops arrived in Juba": a
    deployment told as peacekeeping is CAMEO 074, an arrival only when those who arrive are the
    peacekeepers (not "the minister arrived in Juba to meet the peacekeepers")."""
    if cameo not in PEACEKEEPING_CODES:
        return cameo
    if cameo == "042":
        where = [t for s in grammar.children(trigger, {"nsubj"}) for t in s.subtree]
    else:
        where = [t for t in trigger.subtree if not any(a.dep_ in {"relcl", "ccomp"} and a.i != trigger.i
                                                       for a in _path_up(t, trigger))]
    return "074" if any(is_peacekeeping_word(t) for t in where) else cameo


def _path_up(tok: Token, top: Token) -> list[Token]:
    """The tokens from ``tok`` up to ``top`` (``top`` excluded)."""
    path = []
    while tok.i != top.i and tok.head.i != tok.i:
        path.append(tok)
        tok = tok.head
    return path
