"""Who the party is: the words of a sentence that stand for an actor, and the actors made for them.

The actors stage resolves names; the coder (coding.py) asks it for the actor of a token. This
module holds what the parse itself says about parties: a word that names a party rather than a
thing ("the protesters", not "the decision"); the parties inside a thing ("a request from Modi",
"sanctions on Iran"); holders, owners and speakers; a nation's things ("Russian missiles":
Russia's military); parties the knowledge base cannot name ("a pilot"), kept as written; crowds,
police and the people of a country; a generic agent placed in its country ("police in Minsk"),
one actor per nation ("French and British forces"); and the deed nouns that point back to a
doer in an earlier sentence ("the move", "the decision").
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Span, Token

from eventwire import grammar
from eventwire.model import Actor
from eventwire.nlp import doc_ents, sentence_of


class ActorLookup:
    """What the coder needs from the actors stage (see actors.DocumentActors)."""

    def actor_for(self, token: Token) -> Actor | None: ...  # pragma: no cover

    @property
    def countries(self) -> list[str]: ...  # pragma: no cover


MAX_PAIRS = 4  # cap on dyads from long coordinations ("X, Y, Z and W met ...")


def main_country(actors: ActorLookup) -> str | None:
    countries = actors.countries
    return countries[0] if countries else None


# Common nouns for people and groups that the knowledge base has no agent entry for.
PEOPLE_NOUNS = frozenset({
    "pilot", "donor", "victim", "opponent", "voter", "worker", "employee", "official", "member",
    "citizen", "resident", "refugee", "migrant", "student", "farmer", "journalist", "reporter",
    "activist", "lawmaker", "legislator", "prisoner", "detainee", "hostage", "suspect", "defendant",
    "critic", "rival", "ally", "partner", "neighbour", "neighbor", "family", "relative", "child",
    "woman", "man", "people", "person", "villager", "settler", "worshipper", "pilgrim", "fisherman",
    "sailor", "crew", "passenger", "tourist", "doctor", "nurse", "teacher", "lawyer", "judge",
    "company", "firm", "group", "union", "party", "association", "organization", "organisation",
    "committee", "council", "court", "agency", "ministry", "department", "authority", "administration",
    "government", "regime", "leadership", "community", "tribe", "clan", "faction", "militia", "gang",
    "protester", "demonstrator", "striker", "dissident", "candidate", "governor", "mayor", "senator",
    "official", "diplomat", "envoy", "ambassador", "delegation", "counterpart", "leader", "chief",
    "aide", "expert", "prosecutor", "office", "country", "nation", "state", "bloc", "alliance",
    "coalition", "movement", "commission", "panel", "body", "mission", "watchdog", "investigator",
    "inspector", "monitor", "spokesman", "spokeswoman", "spokesperson", "representative", "head",
    "chairman", "director", "individual", "civilian", "national", "serviceman", "servicemen",
    "soldier", "rebel", "insurgent", "militant", "fighter", "gunman", "attacker", "bomber",
    "owner", "operator", "institute", "foundation", "charity", "ngo", "network", "opposition",
    "bank", "university", "school", "hospital", "newspaper", "broadcaster", "force", "troop",
    "negotiator", "mediator", "minister", "president", "premier", "king", "queen", "prince",
    "allies", "lawmakers", "parliament", "assembly", "senate", "congress", "cabinet", "tribunal",
    "captain", "commander", "officer", "general", "boss", "agent", "spy", "smuggler", "trafficker",
    "driver", "trucker", "miner", "labourer", "laborer", "pensioner", "retiree", "veteran", "trader",
    "merchant", "vendor", "survivor", "physician", "priest", "monk", "lecturer", "professor",
    "seeker", "peacekeeper", "colleague", "immigrant", "evacuee", "asylee", "captive", "abductee",
    "musician", "artist", "writer", "author", "singer", "athlete", "player", "scientist", "scholar",
    "republic", "airline", "carrier", "guard", "junta", "rioter", "foreigner", "expatriate",
})

# People a nationality word makes a country's civilians, not the country ("a British tourist").
PRIVATE_PERSONS = frozenset({
    "worker", "employee", "citizen", "resident", "national", "civilian", "tourist", "traveller",
    "traveler", "hiker", "student", "teacher", "academic", "researcher", "scientist", "scholar",
    "doctor", "nurse", "physician", "lawyer", "businessman", "businesswoman", "woman", "man", "person",
    "people", "child", "family", "pilot", "sailor", "fisherman", "passenger", "driver", "trucker",
    "villager", "farmer", "volunteer", "engineer", "contractor", "blogger", "writer", "artist",
    "musician", "athlete", "pensioner", "retiree", "teenager", "boy", "girl",
})


def party_like(tok: Token) -> bool:
    """Does the word name a party ("Iran", "the protesters", "the Iranian navy") rather than a thing?"""
    named = {"PERSON", "ORG", "GPE", "NORP"}
    return tok.pos_ == "PROPN" or tok.ent_type_ in named or tok.lemma_.lower() in PEOPLE_NOUNS or any(
        c.dep_ in {"amod", "compound", "poss", "nmod"} and c.ent_type_ in named for c in tok.children
    )


def looks_like_actor(token: Token) -> bool:
    # a named owner makes a party of a person word ("Iran's envoy"), not of a thing ("the OGA's attempt")
    marks = {"appos", "compound", "amod"} | ({"poss"} if token.lemma_.lower() in PEOPLE_NOUNS else set())
    return token.pos_ in {"PROPN", "PRON"} or token.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"} or any(
        c.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"} for c in _own_words(token) if c.dep_ in marks
    ) or token.lemma_.lower() in {"counterpart", "president", "minister", "leader", "chancellor", "premier", "king", "envoy", "secretary", "ambassador"}


def _own_words(token: Token) -> list[Token]:
    """The phrase of ``token`` without prepositional phrases other than "of" ("the head of the
    Ugandan army" is a person; "assistance from the United States" is still a thing)."""
    out = [token]
    for child in token.children:
        if child.dep_ != "prep" or child.lower_ == "of":
            out.extend(_own_words(child))
    return out


INNER_PREPS = ("of", "on", "against", "for", "from", "by", "to", "with", "between", "among")

# Things someone puts to someone: rejecting, accepting or answering one is aimed at its author.
AUTHORED_NOUNS = frozenset({"request", "call", "appeal", "demand", "offer", "proposal", "plea", "petition",
                            "complaint", "protest", "motion", "bid", "lawsuit", "suit", "invitation", "ultimatum"})
BORDER_NOUNS = frozenset({"border", "frontier", "boundary"})
TERRITORY_NOUNS = frozenset({"territory", "territories", "area", "areas", "region", "regions", "land", "lands", "zone", "province"})
CLAIM_NOUNS = frozenset({"claim", "allegation", "accusation", "report", "suspicion", "charge", "evidence"})


def _authors(tok: Token) -> list[Token]:
    """ "a call from Bush for the movement to disarm", "an appeal lodged by the church against
    the ruling": who made the request, offer or complaint."""
    found = [t for prep in ("from", "by") for t in grammar.prep_objects(tok, prep) if t.pos_ in {"NOUN", "PROPN"}]
    for clause in grammar.children(tok, {"acl"}):
        if not found and clause.tag_ == "VBN":
            found = [t for t in grammar.prep_objects(clause, "by") if t.pos_ in {"NOUN", "PROPN"}]
    return found


def inner_parties(tok: Token) -> list[Token]:
    """The parties inside a thing: "its blockade of the U.K.", "a request from Modi", "support
    for Serraj", "sanctions imposed on India and Pakistan"."""
    if tok.lemma_.lower() in AUTHORED_NOUNS and _authors(tok):
        return _authors(tok)
    by_prep = [[t for t in grammar.prep_objects(tok, prep) if t.pos_ in {"NOUN", "PROPN"}] for prep in INNER_PREPS]
    # "the demands for reform by the protesters": a phrase naming a party beats one naming a thing
    found = next((f for f in by_prep if any(map(party_like, f))), None) or next((f for f in by_prep if f), None)
    if found:
        return found
    if tok.lemma_.lower() in BORDER_NOUNS and tok.right_edge.i + 1 < tok.sent.end:
        # "along the border with Gaza": the parser may hang "with Gaza" on the verb
        after = tok.doc[tok.right_edge.i + 1]
        if after.dep_ == "prep" and after.lower_ in {"with", "of"}:
            return [t for t in after.children if t.dep_ == "pobj" and t.pos_ in {"NOUN", "PROPN"}]
    for clause in grammar.children(tok, {"acl"}):
        if clause.tag_ == "VBN":
            for prep in ("on", "against", "to", "by"):  # "threats made by the United States"
                found = [t for t in grammar.prep_objects(clause, prep) if t.pos_ in {"NOUN", "PROPN"}]
                if found:
                    return found
    if tok.lemma_.lower() in CLAIM_NOUNS:  # "claims that two servicemen abused children": who is said to have done it
        for clause in grammar.children(tok, {"acl", "ccomp"}):
            if any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children):
                found = [t for t in grammar.children(clause, {"nsubj"}) if t.pos_ in {"NOUN", "PROPN"}]
                if found:
                    return grammar.conjuncts(found[0])
    return []


def argument_of(tok: Token, anchor: tuple[Token, ...]) -> bool:
    """Is ``tok`` an argument of the trigger itself, not of a verb below it ("agreed to freeze
    the assets of Russian banks": the assets are the freezing's)?"""
    anchored = {t.i for t in anchor}  # by index: comparing Tokens costs a Cython call each
    for ancestor in tok.ancestors:
        if ancestor.i in anchored:
            return True
        if ancestor.pos_ in {"VERB", "AUX"}:
            return False
    return False


HOLD_VERBS = frozenset({"hold", "control", "occupy", "run", "besiege"})


def holders(place: Token) -> list[Token]:
    """The party holding a place: "the rebel-held enclave", "Russian-occupied Melitopol",
    "villages controlled by the Islamic State"."""
    out: list[Token] = []
    for mod in place.children:
        if mod.lemma_.lower() not in HOLD_VERBS or mod.tag_ != "VBN":
            continue
        if mod.dep_ == "amod":
            out += [c for c in mod.children if c.dep_ in {"npadvmod", "compound", "nmod", "amod"} and c.i < mod.i and party_like(c)]
        elif mod.dep_ == "acl":
            out += [t for t in grammar.prep_objects(mod, "by") if party_like(t)]
    return out


def speaker_self(tok: Token) -> Token | None:
    """ "The union said it would strike", "Teachers warned that they will not return": a subject
    pronoun of a reported clause that agrees in number with the reporting verb's common-noun
    subject is that subject (a name is the actors stage's to resolve)."""
    if tok.lower_ not in {"it", "they"} or tok.dep_ not in grammar.SUBJECT_DEPS:
        return None
    clause = tok.head
    if clause.dep_ != "ccomp" or clause.head.lemma_.lower() not in grammar.SPEECH_VERBS:
        return None
    said = grammar.children(clause.head, grammar.SUBJECT_DEPS)
    if not said or said[0].pos_ != "NOUN" or grammar.head_noun(said[0]).lemma_.lower() not in PEOPLE_NOUNS:
        return None
    plural = said[0].tag_ == "NNS" or grammar.head_noun(said[0]).tag_ == "NNS"
    return said[0] if plural == (tok.lower_ == "they") else None


def owner(tok: Token, actors: ActorLookup) -> Actor | None:
    """The actor behind a thing: "the Israeli proposal", "Sweden's law" -> Israel, Sweden."""
    if tok.pos_ not in {"NOUN"}:
        return None
    for child in tok.children:
        named = child.ent_type_ in {"GPE", "NORP", "ORG", "PERSON"}
        # "the president's remarks": a possessor the actors stage knows owns the thing
        if (child.dep_ in {"poss", "amod", "compound"} and named) or (child.dep_ == "poss" and child.pos_ == "NOUN"):
            actor = actors.actor_for(child)
            if actor is not None:
                return actor
    for child in grammar.children(tok, {"poss"}):
        if child.pos_ == "PROPN":  # "faulted Buhari's decision": a name the knowledge base lacks
            return unresolved_party(child)
    return None


# Weapons and units stand for the armed forces that use them: "Ukrainian drones hit ...".
MILITARY_THINGS = frozenset({"drone", "missile", "jet", "warplane", "rocket", "artillery", "tank",
                             "warship", "ship", "submarine", "bomber", "aircraft", "helicopter", "unit",
                             "battalion", "brigade", "navy", "gunboat", "plane", "fighter", "shell"})


def national_thing(tok: Token) -> Actor | None:
    """ "Russian missiles" -> Russia's military; "a Russian refinery" -> Russia."""
    if tok.pos_ != "NOUN":
        return None
    # "the Iranian Grace 1 tanker": the nation may modify the ship's name before the noun
    names = [g for c in tok.children if c.dep_ in {"compound", "nmod"} and c.pos_ == "PROPN" and c.i < tok.i
             for g in c.children if g.dep_ == "amod" and g.i < c.i]
    for child in [*tok.children, *names]:
        if child.dep_ in {"amod", "compound", "poss", "nmod"} and child.ent_id_.startswith("country:"):
            country = child.ent_id_.split(":", 1)[1]
            text = tok.doc[min(child.i, tok.i):tok.i + 1].text
            if tok.lemma_.lower() in MILITARY_THINGS:
                return Actor(text=text, id=f"agent:{country}-MIL", name=f"{country} military", country=country,
                             sector="MIL", kind="agent", start=tok.doc[min(child.i, tok.i)].idx, end=tok.idx + len(tok))
            if tok.lemma_.lower() in PRIVATE_PERSONS:
                # "Iran arrested an Iranian aid worker": the state's own citizen, not the state
                return Actor(text=text, id=f"agent:{country}-CVL", name=f"{country} civilians", country=country,
                             sector="CVL", kind="agent", start=tok.doc[min(child.i, tok.i)].idx, end=tok.idx + len(tok))
            return Actor(text=text, id=f"country:{country}", name=country, country=country, sector=None,
                         kind="country", start=tok.doc[min(child.i, tok.i)].idx, end=tok.idx + len(tok))
    return None


UNRESOLVED_PARTY_LABELS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"})


def unresolved_party(tok: Token, any_thing: bool = False) -> Actor | None:
    """A target the knowledge base cannot name ("a pilot", "the power plant") is kept as
    written, without an identity, so the event still says what it was aimed at. Only people
    and groups qualify, except for violence, whose target may be a thing ("a cargo ship")."""
    if tok.pos_ not in {"NOUN", "PROPN"} or tok.ent_type_ in UNRESOLVED_PARTY_LABELS:
        return None
    if tok.pos_ == "NOUN" and not any_thing and tok.lemma_.lower() not in PEOPLE_NOUNS and tok.lower_ != "powers" and (
        tok.ent_type_ not in {"ORG", "PERSON"}  # a name the tagger took for a common noun ("TikTok")
    ):
        return None  # "condemned the decision": the decision is not a party; better no event
    first = tok.left_edge if tok.left_edge.i >= sentence_of(tok).start else tok
    while first.i < tok.i and first.is_punct:
        first = tok.doc[first.i + 1]
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    last = of.right_edge if of is not None and tok.pos_ == "NOUN" else tok  # "the head of the tribunal"
    if tok.pos_ == "PROPN":  # "the Organization of Islamic Cooperation": the whole name
        for t in tok.subtree:
            if t.i > last.i and t.ent_iob_ == "I" and t.ent_type_ == tok.ent_type_ and t.i == last.i + 1:
                last = t
    span = tok.doc[first.i:last.i + 1]
    return Actor(text=span.text, id=None, name=None, country=_context_country(tok), sector=None,
                 kind=None, start=span.start_char, end=span.end_char)


def _context_country(tok: Token) -> str | None:
    """The nation a party's own words name: "a Swiss diplomat", "Turkey's police", "an employee
    of the Swiss Embassy"."""
    for child in tok.children:
        if child.dep_ in {"amod", "compound", "poss", "nmod"} and child.ent_id_.startswith("country:"):
            return child.ent_id_.split(":", 1)[1]
    for pobj in grammar.prep_objects(tok, "of")[:1]:
        if pobj.ent_id_.startswith("country:") and pobj.ent_type_ == "NORP":
            return pobj.ent_id_.split(":", 1)[1]
        for child in pobj.children:
            if child.dep_ in {"amod", "compound", "poss"} and child.ent_id_.startswith("country:"):
                return child.ent_id_.split(":", 1)[1]
    return None


def per_nation(tok: Token, actor: Actor | None) -> list[Actor]:
    """ "French, British and American forces", "the armies of Brazil and Argentina": one actor
    per nation, same sector."""
    if actor is None:
        return []
    modifiers = grammar.children(tok, {"amod", "compound", "nmod"})
    # "the armies of Brazil and Argentina" (not "the army of Brazil and Argentina's navy"): each
    # other nation is named where the text names it, outside the actor's own words
    owners = grammar.prep_objects(tok, "of") if tok.tag_ == "NNS" else []
    named = {m.ent_id_.split(":", 1)[1]: (m, c in owners) for c in (*modifiers, *owners) for m in grammar.conjuncts(c)
             if m.ent_id_.startswith("country:")}
    if len(named) < 2 or actor.country not in named or not actor.id or actor.country not in actor.id:
        return [actor]
    out = []
    for nation, (mention, apart) in named.items():
        each = replace(actor, country=nation, id=actor.id.replace(actor.country, nation), name=nation)
        if apart and nation != actor.country:
            each = replace(each, text=mention.text, start=mention.idx, end=mention.idx + len(mention))
        out.append(each)
    return out


def joint_owners(tok: Token) -> list[Token]:
    """ "Russia and Turkey's foreign ministers": the named owners of a plural group, one each."""
    if tok.tag_ != "NNS":
        return []
    owners = [m for c in grammar.children(tok, {"poss"}) for m in grammar.conjuncts(c)]
    return owners if len(owners) >= 2 and all(m.ent_type_ in {"GPE", "ORG", "NORP"} for m in owners) else []


def from_nations(tok: Token, actor: Actor | None) -> list[Actor]:
    """ "diplomats from Argentina and Chile", "diplomats from seven countries, including Argentina":
    a generic agent with no country of its own belongs to the nations it comes from, one each
    (civilians also to those they live in)."""
    if actor is None or actor.country is not None or not actor.sector:
        return []
    nations: list[str] = []
    # "people in Somalia, Ethiopia and Kenya": civilians belong to where they live, too
    homes = grammar.prep_objects(tok, "in") if actor.sector == "CVL" else []
    for origin in grammar.prep_objects(tok, "from") + homes:
        places = [origin] + [o for dep, lower, c in grammar.kids(origin) if dep == "prep" and lower in {"including", "like"}
                             for o in grammar.children(c, {"pobj"})]
        nations += [m.ent_id_.split(":", 1)[1] for p in places for m in grammar.conjuncts(p)
                    if m.ent_id_.startswith("country:")]
    return [localise(actor, n) for n in dict.fromkeys(nations)][:MAX_PAIRS]


INTERNATIONAL_WORDS = frozenset({"international", "global", "world", "multinational"})


def localise(actor: Actor, country: str) -> Actor:
    """A generic agent with no country of its own ("police in Minsk") belongs to the place."""
    if actor.kind == "agent" or (actor.id is None and actor.sector and actor.country is None):
        if actor.country is None and actor.sector and not INTERNATIONAL_WORDS & set(actor.text.lower().split()):
            return replace(actor, country=country, id=f"agent:{country}-{actor.sector}")
    return actor


UNNAMED_ATTACKER = "unnamed attacker"


def unnamed_attack(tok: Token) -> Actor:
    """The attack or weapon that did it when no attacker is named ("a car bomb killed ..."), kept as
    written without an identity: CAMEO codes such violence with an unknown source."""
    span = tok.doc[tok.left_edge.i:tok.i + 1]
    return Actor(text=span.text, id=None, name=UNNAMED_ATTACKER, country=None, sector=None, kind=None,
                 start=span.start_char, end=span.end_char)


def is_unnamed_attack(actor: Actor) -> bool:
    return actor.id is None and actor.name == UNNAMED_ATTACKER


def crowd(trigger: Token) -> Actor:
    return Actor(text=trigger.text, id=None, name="protesters", country=None, sector="CVL", kind="agent",
                 start=trigger.idx, end=trigger.idx + len(trigger))


def police(trigger: Token) -> Actor:
    """The unnamed police of an agentless arrest, mentioned at the place it happened ("was
    arrested in Rwanda") or else at the verb; the story's country makes it that country's police."""
    # a name the tagger mislabels after "in" is a place too ("was arrested in Tarcin")
    place = next((t for t in grammar.prep_objects(trigger, "in") if t.ent_type_ in {"GPE", "LOC"}
                  or (t.pos_ == "PROPN" and t.ent_type_ not in {"DATE", "TIME"})), None)
    at = entity_span(place) if place is not None else trigger.doc[trigger.i:trigger.i + 1]
    return Actor(text=at.text, id=None, name="police", country=None, sector="COP", kind="agent",
                 start=at.start_char, end=at.end_char)


def entity_span(token: Token) -> Span:
    doc = token.doc
    for ent in doc_ents(doc):
        if ent.start <= token.i < ent.end:
            return ent
    return doc[token.i:token.i + 1]


def people_of(tok: Token) -> Actor:
    country = tok.ent_id_.split(":", 1)[1]
    return Actor(text=tok.text, id=f"agent:{country}-CVL", name=f"{country} civilians", country=country,
                 sector="CVL", kind="agent", start=tok.idx, end=tok.idx + len(tok))


def at(actor: Actor, tok: Token) -> Actor:
    return Actor(text=tok.text, id=actor.id, name=actor.name, country=actor.country,
                 sector=actor.sector, kind=actor.kind, start=tok.idx, end=tok.idx + len(tok))


def we(speaker: Actor, tok: Token) -> Actor:
    """ "we" in a leader's quote is the speaker's state; in an organisation's, the organisation."""
    if speaker.kind in {"person", "agent"} and speaker.country:
        return Actor(text=tok.text, id=f"country:{speaker.country}", name=speaker.country,
                     country=speaker.country, sector=speaker.sector or "GOV", kind="country",
                     start=tok.idx, end=tok.idx + len(tok))
    return at(speaker, tok)


# Verbs whose object is the subject's own deed: "carried out a test", "conducted strikes".
DEED_VERBS = frozenset({"carry", "conduct", "perform", "stage", "launch", "mount", "hold", "make", "commit"})


def does_deed(verb: Token, light_verbs: frozenset[str]) -> bool:
    lemma = verb.lemma_.lower()
    return verb.pos_ in {"VERB", "AUX"} and (lemma in DEED_VERBS or lemma in light_verbs)


# Nouns for what the last sentence's subject just did or said: "the remark", "the move".
DEED_NOUNS = frozenset({"remark", "comment", "statement", "response", "move", "step", "action",
                        "accord", "agreement", "announcement", "measure"})


def same_stem(word: str, noun: str) -> bool:
    """ "declare"/"declaration", "rule"/"ruling", "accuse"/"accusation", "capture"/"capture"."""
    if word in LIGHT_STEMS:
        return False
    if word in DEED_SYNONYMS.get(noun, ()):  # "ruled that ..." / "the decision"
        return True
    size = min(4, max(3, len(word) - 1))
    return len(word) >= 3 and word[:size] == noun[:size]


# Nouns that point back to a verb of another stem: a court that ruled made "the decision".
DEED_SYNONYMS = {"decision": frozenset({"rule"}), "verdict": frozenset({"rule", "convict"}),
                 "judgment": frozenset({"rule"}), "judgement": frozenset({"rule"}),
                 "death": frozenset({"kill", "assassinate"})}  # "called the death a victory": the killing's doer
LIGHT_STEMS = frozenset({"say", "tell", "have", "make", "take", "give", "be", "do", "call", "state"})


def at_token(actor: Actor, tok: Token) -> Actor:
    """The antecedent, as it was mentioned: the party behind the thing, not the thing."""
    return actor
