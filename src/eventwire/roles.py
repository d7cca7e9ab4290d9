"""Roles: which tokens of the parse fill a trigger's source and target.

EventCoder applies the general rules (subject, then the entry's target slots); this module holds
the slot readers and the constructions where a party sits elsewhere in the tree: the filler of
one slot ("on X", "to X", "that X ...", by phone "with X"), a recipient the parser glued onto an
object or hung late; an event noun's own doer and target ("Russia's invasion of Ukraine", "the
ceasefire declared by the rebels", "a Saudi-led strike"); the wielder of a weapon; criticism
received "from" someone; the one called or visited for a purpose and a pronoun shared with the
first verb; the sides a mediation or a show of force is about; the state one was expelled from or
held in; an order's doer and object; and the object of an infinitive chain ("promised to help
rebuild Gaza"). It reads the parse and the lexicon's entries only.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from spacy.tokens import Token

from eventwire import grammar, parties
from eventwire.lexicon import NounEntry, VerbEntry
from eventwire.places import PLACE_LABELS


PHONE_WORDS = frozenset({"phone", "telephone", "call", "video", "videoconference"})
CHANNEL_WORDS = frozenset({"link", "videolink", "letter", "message", "conference", "hotline"})


def slot(verb: Token, name: str) -> list[Token]:
    """The tokens a lexicon target slot names on ``verb``: "dobj", "dative", "poss", "that", or a
    preposition ("on", "against", ...)."""
    if name == "dobj":
        return [t for o in grammar.direct_objects(verb) for t in grammar.conjuncts(o)]
    if name == "dative":
        return [t for d in grammar.children(verb, {"dative"}) if d.pos_ != "ADP" for t in grammar.conjuncts(d)]
    if name == "poss":  # "violated Manila's ceasefire": the party whose object it is
        return [p for o in grammar.children(verb, {"dobj"}) for p in grammar.children(grammar.head_noun(o), {"poss"})
                if p.pos_ in {"PROPN", "NOUN"}]
    if name == "that":  # "demanded that Dbeibeh appear": the one who is to act
        return [t for c in grammar.children(verb, {"ccomp"}) for s in grammar.children(c, grammar.SUBJECT_DEPS)
                if s.pos_ in {"NOUN", "PROPN"} for t in grammar.conjuncts(s)]
    fronted = grammar.fronted_subject(verb)  # "On [Friday Japan] imposed ...": no "on" target
    found = [t for t in grammar.prep_objects(verb, name) if t not in fronted]
    if not any(map(parties.party_like, found)):
        # "imposed sanctions on X": the preposition may hang on the object, or on an adjective
        # after it ("a truce effective from Friday in Yemen"); there a party beats a thing on
        # the verb ("lifted its ban on TikTok on the condition that ...")
        holders = [h for o in grammar.direct_objects(verb)
                   for h in (o, *(a for a in o.children if a.dep_ == "amod" and a.pos_ == "ADJ" and a.i > o.i))]
        on_object = next((f for o in holders if (f := grammar.prep_objects(o, name))), [])
        if not found or any(map(parties.party_like, on_object)):
            found = on_object or found
    if not found and name == "to":
        found = _trailing_recipient(verb)
    if not found and name == "for":  # "gave approval for the UN to deliver aid": the one allowed to act
        found = [s for c in grammar.children(verb, {"advcl"}) if any(m.dep_ == "mark" and m.lower_ == "for" for m in c.children)
                 for s in grammar.children(c, {"nsubj"}) if s.pos_ in {"NOUN", "PROPN"}]
    if not found:  # "spoke by telephone with X": or on the channel
        for channel in grammar.prep_objects(verb, "by") + grammar.prep_objects(verb, "via"):
            if channel.lemma_.lower() in PHONE_WORDS | CHANNEL_WORDS:
                found = grammar.prep_objects(channel, name)
                if found:
                    break
    return found


def _trailing_recipient(verb: Token) -> list[Token]:
    """ "returned a painting stolen in 1989 from a gallery to the Art Loss Register": after a long
    object the parser hangs the recipient's "to" on the object's last clause or name. The last
    such "to" after the object names the recipient, unless it completes the word just before it
    ("funds linked to Hezbollah", "a base close to the border")."""
    objects = grammar.children(verb, {"dobj"})
    if not objects:
        return []
    obj = objects[0]
    trailing = [c for c in verb.children if c.dep_ in {"advcl", "acl"} and c.i > obj.i]
    preps = [t for part in (obj, *trailing) for t in part.subtree if t.dep_ == "prep" and t.lower_ == "to" and t.i > obj.i]
    if not preps:
        return []
    last = max(preps, key=lambda t: t.i)
    head = last.head
    if head.i == last.i - 1 and head.pos_ in {"VERB", "ADJ"} and head.dep_ != "appos":
        return []
    return [o for o in last.children if o.dep_ == "pobj" and o.ent_type_ not in {"DATE", "TIME"}
            and (parties.party_like(o) or o.ent_type_ in PLACE_LABELS)]


def glued_recipient(verb: Token, lemmas: frozenset[str]) -> list[Token]:
    """ "granted the Red Cross permission to ...": the parser glues a named recipient onto the
    object noun of a two-object verb as a compound of one noun phrase; the name is the recipient."""
    for obj in grammar.children(verb, {"dobj"}):
        head = grammar.head_noun(obj)
        if head.lemma_.lower() not in lemmas and head.lower_ not in lemmas:
            continue
        # "the Red Cross", or a party noun with its nation ("the Portuguese government")
        names = [c for c in head.children if c.dep_ == "compound" and c.i < head.i and (
            c.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"} or (c.pos_ == "NOUN" and c.lemma_.lower() in parties.PEOPLE_NOUNS))]
        if names and any(c.dep_ in {"det", "poss"} and c.i < names[0].left_edge.i for c in head.children):
            return [names[-1]]
    return []


def object_has_prep(verb: Token, entry: VerbEntry) -> bool:
    """ "pledged support for X": the required preposition may hang on the entry's object."""
    return any(grammar.prep_objects(grammar.head_noun(o), entry.prep or "") for o in grammar.children(verb, {"dobj"})
               if object_word(o) in entry.object)


def object_word(token: Token) -> str:
    """The word an entry's object list is checked against: the head noun's lemma, or "money"
    for a sum ("gave $2 million to", "provided €28 million")."""
    head = grammar.head_noun(token)
    return "money" if head.ent_type_ == "MONEY" else head.lemma_.lower()


# Verbs whose event noun comes after a preposition: "agreed to a ceasefire", "agreed on a deal".
PREPOSITIONAL_LIGHT_VERBS = {"agree": ("to", "on", "upon")}


def light_objects(verb: Token) -> list[Token]:
    """Where a light verb's event noun may be: its object ("held talks"), its passive subject
    ("talks were held"), or for some verbs a prepositional object ("agreed to a truce")."""
    objects = grammar.children(verb, {"dobj", "nsubjpass"})
    for prep in PREPOSITIONAL_LIGHT_VERBS.get(verb.lemma_.lower(), ()):
        objects += [o for o in grammar.prep_objects(verb, prep) if o.ent_type_ not in {"DATE", "TIME"}]
    return objects


def noun_sources(noun: Token, patient: bool = False) -> list[Token]:
    """ "Russia's invasion", "the Russian invasion", "the Russia-NATO meeting", "by X"; with
    ``patient``, the possessor is the one it happened to ("the journalist's arrest by X")."""
    poss = grammar.children(noun, {"poss"})
    if poss and poss[0].lower_ not in {"its", "their", "his", "her"} and not patient:
        return grammar.conjuncts(poss[0])
    by = grammar.prep_objects(noun, "by") or [t for c in _participles(noun) for t in grammar.prep_objects(c, "by")]
    if by:  # "the ceasefire declared by the rebels"
        return by
    mods = [c for c in grammar.children(noun, {"compound", "amod", "nmod"}) if c.ent_type_ in {"GPE", "NORP", "ORG", "PERSON"}]
    return mods or _leaders(noun) or _responsible(noun)


RESPONSIBLE_WORDS = frozenset({"responsible", "culpable", "guilty"})


def _responsible(noun: Token) -> list[Token]:
    """ "The cartel has been responsible for mass killings and beheadings", "the army was guilty
    of the massacre": whoever is held responsible for the deed did it."""
    first = noun
    while first.dep_ == "conj" and first.head.pos_ == "NOUN":  # "killings and beheadings"
        first = first.head
    prep = first.head
    if first.dep_ != "pobj" or prep.lower_ not in {"for", "of"} or prep.head.lower_ not in RESPONSIBLE_WORDS:
        return []
    adjective = prep.head
    return grammar.subjects(adjective.head) if adjective.dep_ == "acomp" and adjective.head.pos_ in {"VERB", "AUX"} else []


def noun_targets(noun: Token, entry: NounEntry) -> list[Token]:
    # "its rejection and condemnation of the plan": the last conjunct's phrase is shared
    conjoined = [c for c in grammar.children(noun, {"conj"}) if c.pos_ == "NOUN"]
    for prep in entry.targets:
        if prep == "poss":  # "the tanker's release": the one it happened to (its own "of" wins)
            found = [p for p in grammar.children(noun, {"poss"}) if p.pos_ in {"NOUN", "PROPN"}]
        else:
            found = grammar.prep_objects(noun, prep) or [t for c in conjoined for t in grammar.prep_objects(c, prep)]
        if found:
            return found
    for clause in _participles(noun):  # "sanctions imposed on Russia by the EU"
        found = next((f for prep in entry.targets if prep != "poss" and (f := grammar.prep_objects(clause, prep))), [])
        if found:
            return found
    if "of" not in entry.targets:  # "the suspension of its aid to Mali": the party on the thing
        for thing in grammar.prep_objects(noun, "of"):
            if thing.pos_ != "NOUN":
                continue
            for prep in entry.targets:
                found = grammar.prep_objects(thing, prep)
                if found:
                    return found
    return []


def _participles(noun: Token) -> list[Token]:
    """Past participles that modify the noun: "the ceasefire declared by the rebels" (not "talks
    mediated by Norway": a go-between or backer is no party to the event)."""
    return [c for c in grammar.children(noun, {"acl"}) if c.tag_ == "VBN" and c.lemma_.lower() not in GO_BETWEEN_VERBS]


GO_BETWEEN_VERBS = frozenset({"mediate", "broker", "host", "sponsor", "facilitate", "organize", "organise",
                              "arrange", "back", "support", "welcome", "condemn", "criticize", "criticise"})
LEAD_VERBS = frozenset({"lead", "claim", "launch", "order", "direct", "command", "organise", "organize"})


def _leaders(noun: Token) -> list[Token]:
    """The party a hyphened participle names as the doer: "a Saudi-led strike", "a Taliban-claimed
    car bomb" (not "a Russia-backed offensive": a backer is not the one who strikes)."""
    return [g for c in grammar.children(noun, {"amod"}) if c.tag_ == "VBN" and c.lemma_.lower() in LEAD_VERBS
            for g in grammar.children(c, {"npadvmod", "compound", "nmod"}) if g.i < c.i and parties.party_like(g)]


WEAPON_NOUNS = frozenset({"bomb", "missile", "rocket", "shell", "drone", "mortar", "grenade", "mine", "bullet",
                          "explosive", "warplane", "jet", "aircraft", "helicopter", "tank", "artillery", "device"})


def is_weapon_or_attack(tok: Token, event_noun: Callable[[Token], bool]) -> bool:
    """ "a car bomb", "the explosion", "a suicide attack": a subject that names the weapon or the
    attack rather than who used it."""
    head = grammar.head_noun(tok)
    return head.pos_ == "NOUN" and (head.lemma_.lower() in WEAPON_NOUNS | BLAST_NOUNS or event_noun(head))


BLAST_NOUNS = frozenset({"explosion", "blast", "bombing", "attack", "airstrike", "strike", "shelling"})


PROTEST_NOUNS = frozenset({"strike", "walkout", "stoppage", "protest", "demonstration", "sit-in", "boycott"})


def protest_parties(targets: Sequence[Token]) -> list[Token]:
    """A protest's "target" that is the protest itself ("stopped work in a strike at the mine")
    is no party: whom or where the protest is against or at is."""
    out: list[Token] = []
    for tok in targets:
        if grammar.head_noun(tok).lemma_.lower() in PROTEST_NOUNS:
            out += [t for prep in ("against", "at") for t in grammar.prep_objects(grammar.head_noun(tok), prep)]
        else:
            out.append(tok)
    return out


def wielders(subjects: Sequence[Token], event_noun: Callable[[Token], bool]) -> list[Token]:
    """Who used the weapon or carried out the attack a subject names: "by X", "X's", "fired by X"."""
    out: list[Token] = []
    for tok in subjects:
        head = grammar.head_noun(tok)
        if head.pos_ != "NOUN" or not (head.lemma_.lower() in WEAPON_NOUNS or event_noun(head)):
            continue
        found = grammar.prep_objects(head, "by") or [c for c in head.children if c.dep_ == "poss" and c.pos_ == "PROPN"] or _leaders(head)
        if not found:
            for clause in grammar.children(head, {"acl"}):
                if clause.tag_ == "VBN":
                    found = grammar.prep_objects(clause, "by")
                    if found:
                        break
        out += [t for t in found if t.pos_ in {"NOUN", "PROPN"}]
    return out


RECEIVING_VERBS = frozenset({"face", "draw", "receive", "attract", "earn", "meet", "provoke", "spark", "trigger"})


def received_disapproval(noun: Token, targets: list[Token]) -> tuple[list[Token], list[Token]]:
    """ "Iran's government faces widespread criticism from the U.N.", "the plan drew
    condemnation from Egypt", "came under criticism from rights groups": the critic is named by
    "from", and the one criticised is the subject of the clause (or what the noun is "of")."""
    head = noun.head
    if noun.dep_ == "pobj" and head.lower_ == "under":  # "came under criticism from"
        head = head.head
    elif noun.dep_ != "dobj" or head.lemma_.lower() not in RECEIVING_VERBS:
        return [], targets
    critics = grammar.prep_objects(noun, "from")
    return (critics, targets or grammar.subjects(head)) if critics else ([], targets)


AID_RECEIVING_VERBS = frozenset({"receive", "get", "obtain", "secure", "accept"})


def received_aid(noun: Token, targets: list[Token]) -> tuple[list[Token], list[Token]]:
    """ "Yemen received humanitarian aid from Japan", "the army got military assistance from the
    United States": aid told from the side that got it; the giver is named by "from", and the
    one helped is the subject (unless the noun names its own recipient)."""
    head = noun.head
    if noun.dep_ != "dobj" or head.lemma_.lower() not in AID_RECEIVING_VERBS:
        return [], targets
    givers = grammar.prep_objects(noun, "from") or grammar.prep_objects(head, "from")
    return (givers, targets or grammar.subjects(head)) if givers else ([], targets)


CONTACT_VERBS = frozenset({"call", "phone", "telephone", "ring", "visit", "meet", "write"})


def _purpose_of_contact(verb: Token) -> bool:
    """ "called Erdogan to convey support", "visited Kyiv to show solidarity": an infinitive
    of purpose on a call, visit or meeting (not an appeal: "called on X to ...")."""
    head = verb.head
    return (verb.dep_ in {"advcl", "xcomp"} and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
            and head.lemma_.lower() in CONTACT_VERBS and not grammar.prep_objects(head, "on"))


def contacted_party(verb: Token) -> list[Token]:
    """ "called Erdogan to convey Pakistan's support": a purpose with no party of its own is
    aimed at whoever was called, visited or met for it."""
    if not _purpose_of_contact(verb):
        return []
    return [t for o in grammar.direct_objects(verb.head) for t in grammar.conjuncts(o)]


def shared_object(verb: Token, targets: list[Token]) -> list[Token]:
    """ "X called Y and urged him to ...", "X called Y to congratulate him": the pronoun cannot
    be X, the shared subject (a plain pronoun never names its own clause's subject), so it is
    the first verb's object."""
    if len(targets) != 1 or targets[0].lower_ not in {"him", "her", "them"}:
        return targets
    if _purpose_of_contact(verb):
        return contacted_party(verb) or targets
    # "were holding 2000 people to use them as human shields": a purpose clause shares the subject too
    purpose = verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    if verb.dep_ != "conj" and not purpose:
        return targets
    if grammar.children(verb, grammar.SUBJECT_DEPS):
        return targets  # "X convened Y, and Z urged him": a subject of its own, nothing shared
    objects = grammar.children(verb.head, {"dobj"})
    return [t for o in objects for t in grammar.conjuncts(o)] or targets


def purpose_sides(verb: Token) -> list[Token]:
    """ "launched a mediation effort to resolve the rift between Qatar and the Gulf states": the
    sides a mediation's purpose clause names."""
    clauses = [c for c in (*verb.children, *(c for o in grammar.children(verb, {"dobj"}) for c in o.children))
               if c.dep_ in {"advcl", "acl", "xcomp"} and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)]
    for clause in clauses:
        for prep in (t for t in clause.subtree if t.dep_ == "prep" and t.lower_ == "between"):
            sides = [s for o in prep.children if o.dep_ == "pobj" for s in grammar.conjuncts(o)]
            if len(sides) >= 2:
                return sides
    return []


def purpose_enemy(verb: Token) -> list[Token]:
    """ "mobilized troops for a ground assault against Gaza": a show of force aimed, through its
    stated purpose, at the party the purpose is against."""
    for purpose in grammar.prep_objects(verb, "for"):
        if purpose.pos_ not in {"NOUN", "PROPN"}:  # "for a ground assault", "for the Gulf War"
            continue
        for tok in purpose.subtree:
            if tok.dep_ == "prep" and tok.lower_ == "against":
                found = [t for t in grammar.prep_objects(tok.head, "against") if t.pos_ in {"NOUN", "PROPN"}]
                if found:
                    return found
    return []


DETENTION_NOUNS = frozenset({"captivity", "detention", "prison", "jail", "custody", "prisons", "jails"})


def expelling_state(verb: Token, entry: VerbEntry) -> list[Token]:
    """ "Two inspectors were expelled from North Korea", "were released from captivity in Libya":
    with no one named, the state they were expelled from or held in did it."""
    if not grammar.is_passive(verb):
        return []
    origins = grammar.prep_objects(verb, "from")
    if entry.cameo in {"166", "174"}:
        return [t for t in origins if t.ent_type_ == "GPE"]
    if entry.cameo.startswith("084"):
        held = [t for t in origins if t.lemma_.lower() in DETENTION_NOUNS]
        places = [p for t in held for p in grammar.prep_objects(t, "in")] or (grammar.prep_objects(verb, "in") if held else [])
        return [p for p in places if p.ent_type_ == "GPE"]
    return []


def ordered_done(verb: Token, entry: VerbEntry, sources: list[Token], targets: list[Token]) -> tuple[list[Token], list[Token]] | None:
    """Who had it done, to whom, when an order names the one it is done to: "the court ordered the
    editor jailed", "ordered two ministers jailed", "ordered the newspaper to suspend publication"
    (coercion of the one ordered, with no party of its own). None when the one ordered is the
    one who acts ("ordered troops to arrest the protesters")."""
    order = verb.head if verb.dep_ in {"ccomp", "xcomp"} else verb.head.head if verb.dep_ == "acl" and verb.head.dep_ == "dobj" else None
    if order is None or order is verb or order.lemma_.lower() != "order" or order.pos_ != "VERB":
        return None
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return grammar.subjects(order), grammar.conjuncts(verb.head)
    bare = not grammar.children(verb, {"aux", "auxpass", "mark"})
    if verb.dep_ == "ccomp" and bare and verb.tag_ in {"VBN", "VBD"} and grammar.children(verb, {"nsubj"}):
        return grammar.subjects(order), sources
    own_act = all(grammar.head_noun(t).lemma_.lower() in entry.object for t in targets)  # "suspend publication"
    if verb.dep_ == "xcomp" and entry.cameo[:2] == "17" and own_act:
        return grammar.subjects(order), sources
    return None


def meeting_body(noun: Token) -> list[Token]:
    """The body whose meeting a noun names: "a meeting of the North Atlantic Council", "an
    OPEC meeting", "the ASEAN summit", "a United Nations climate summit"."""
    named = [_named_body(t) for t in grammar.prep_objects(noun, "of")]
    return [t for t in named if t is not None] or _org_modifiers(noun)[:1]


def _org_modifiers(noun: Token) -> list[Token]:
    return [t for t in noun.children if t.dep_ in {"compound", "nmod"} and t.pos_ == "PROPN" and t.ent_type_ == "ORG"]


def _named_body(tok: Token) -> Token | None:
    """ "the North Atlantic Council" itself, or the organisation that names a group of its
    members ("BRICS foreign ministers", "BRICS High Representatives")."""
    if tok.ent_type_ in {"ORG", "GPE", "NORP"}:
        return tok
    members = _org_modifiers(tok)
    return members[0] if members else (tok if tok.pos_ == "PROPN" and not tok.ent_type_ else None)


def meeting_place(verb: Token, noun: Token) -> list[Token]:
    """ "attended a summit in the United Kingdom", "held meetings in Baghdad and Najaf": with no
    one named to meet, the place met in (a visit, as the codebook codes travel to a meeting)."""
    places = [p for a in (noun, verb) for p in grammar.prep_objects(a, "in") if p.ent_type_ in PLACE_LABELS]
    return grammar.conjuncts(places[0]) if places else []


DISPUTE_NOUNS = frozenset({"dispute", "conflict", "feud", "row", "quarrel", "standoff", "war", "differences"})


def dispute_adversary(objects: Sequence[Token]) -> list[Token]:
    """ "accepted a formula for ending its fisheries dispute with its partners": a commitment to
    settle (CAMEO 037) is aimed at the other side of the dispute the object names."""
    for obj in objects:
        for noun in obj.subtree:
            if noun.lemma_.lower() in DISPUTE_NOUNS:
                sides = [t for t in grammar.prep_objects(noun, "with") if t.pos_ in {"NOUN", "PROPN"}]
                if sides:
                    return grammar.conjuncts(sides[0])
    return []


# A body of troops sent to serve somewhere: "the African Union force in Somalia", "the UN
# mission in South Sudan", "peacekeeping operations in Mali".
DEPLOYMENT_NOUNS = frozenset({"force", "mission", "operation", "contingent"})


def deployment_places(verb: Token, targets: Sequence[Token]) -> list[Token]:
    """ "ready to contribute troops to the NATO-led force in Afghanistan": troops or aid given
    to a deployed force go, as the CAMEO codebook codes a commitment of peacekeepers (0334),
    to the place the force serves in, not to the force. Other targets stay as they are."""
    out: list[Token] = []
    for target in targets:
        noun = grammar.head_noun(target)
        places = [p for p in grammar.prep_objects(noun, "in") or grammar.prep_objects(verb, "in") if p.ent_type_ in PLACE_LABELS]
        if noun.lemma_.lower() in DEPLOYMENT_NOUNS and places:
            out.extend(t for p in places for t in grammar.conjuncts(p))
        else:
            out.append(target)
    # "deployed troops to Liberia on a peacekeeping mission": a force with no place of its own
    # is no party beside one that is named
    placed = [t for t in out if grammar.head_noun(t).lemma_.lower() not in DEPLOYMENT_NOUNS]
    return placed or out


def complement_objects(verb: Token, depth: int = 3) -> list[Token]:
    """ "promised to help rebuild Gaza", "vowed to punish the rebels": with no party of its
    own, an intent verb is aimed at the object of its infinitive chain."""
    current = verb
    for _ in range(depth):
        nxt = next((c for c in current.children if c.dep_ in {"xcomp", "ccomp"} and c.tag_ == "VB"), None)
        if nxt is None:
            return []
        # "to send troops to Uganda": the recipient; else the object; else "to work with China"
        recipients = [t for t in grammar.prep_objects(nxt, "to") if t.pos_ in {"NOUN", "PROPN"}] or helped_party(nxt)
        objects = recipients or grammar.children(nxt, {"dobj"}) or grammar.prep_objects(nxt, "with")
        if not objects and nxt.lemma_.lower() in ALLOW_VERBS:  # "refused to allow the plane to land"
            objects = [s for c in grammar.children(nxt, {"ccomp"}) for s in grammar.children(c, {"nsubj"}) if s.pos_ in {"NOUN", "PROPN"}]
        if objects:
            return founded_place(nxt, objects) or [t for o in objects for t in grammar.conjuncts(o)]
        current = nxt
    return []


HELPING_VERBS = frozenset({"help", "assist", "support", "aid", "protect", "defend", "train", "rebuild"})


def helped_party(verb: Token) -> list[Token]:
    """ "offered to send troops to help the Philippine army": the one a purpose clause of help
    names is the recipient of what is sent, not the troops sent."""
    for clause in grammar.children(verb, {"advcl"}):
        purpose = any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)
        if purpose and clause.lemma_.lower() in HELPING_VERBS:
            helped = [t for t in grammar.children(clause, {"dobj"}) if t.pos_ in {"NOUN", "PROPN"}]
            if helped:
                return helped
    return []


# Verbs that bring a thing into being: what they make is no party to a promise to make it.
FOUNDING_VERBS = frozenset({"establish", "build", "construct", "create", "found", "set up", "open"})


def founded_place(verb: Token, objects: Sequence[Token]) -> list[Token]:
    """ "agreed to set up a research institute in Barcelona", "will build a port at Gwadar": a
    promise to found something is aimed at the place it will stand in (the codebook's example
    for 031: "APEC has agreed to set up an energy research center in Tokyo"); empty when no
    place is named."""
    particle = next((c.lower_ for c in verb.children if c.dep_ == "prt"), "")
    if verb.lemma_.lower() not in FOUNDING_VERBS and f"{verb.lemma_.lower()} {particle}" not in FOUNDING_VERBS:
        return []
    # "in Berlin" on the verb, or anywhere in the thing's phrase ("an institute against
    # leukaemia in Barcelona")
    on_verb = [p for prep in ("in", "at") for p in grammar.prep_objects(verb, prep)]
    in_phrase = [t for o in objects for t in o.subtree if t.dep_ == "pobj" and t.head.lower_ in {"in", "at"}]
    places = [p for p in (*on_verb, *in_phrase) if p.ent_type_ in PLACE_LABELS]
    return [t for p in places[:1] for t in grammar.conjuncts(p)]


ALLOW_VERBS = frozenset({"allow", "permit", "let"})


def preceding_parties(trigger: Token) -> list[Token]:
    """The party a concession follows on: "called off a four-day strike after deliberations with
    the Nigerian government" (CAMEO 082's own example), "after reaching agreement with the
    government", "after the government accepted their demands"."""
    for clause in grammar.children(trigger, {"advcl"}):
        if any(c.dep_ == "mark" and c.lower_ == "after" for c in clause.children):
            return [t for s in grammar.children(clause, grammar.SUBJECT_DEPS) for t in grammar.conjuncts(s) if t.pos_ in {"NOUN", "PROPN"}]
    for after in (c for c in trigger.children if c.dep_ == "prep" and c.lower_ == "after"):
        for word in after.children:  # "after the agreement with X", "after reaching agreement with X"
            found = [t for w in (word, *grammar.children(word, {"dobj"})) for t in grammar.prep_objects(w, "with")]
            if found:
                return found
    return []


PLACE_PREPS = frozenset({"in", "into", "to", "across", "at"})


def clause_places(trigger: Token) -> list[Token]:
    """The places named in the trigger's own clause, nearest first, outside its subject and
    relative clauses: "declared a cessation of hostilities until achieving peace in Sudan",
    "resigned after protests in Peru" ("the coalition fighting in Yemen" names where its subject
    fights, "foreigners who fought in Ukraine" where they fought, not where the act is done)."""
    subjects = {t.i for s in grammar.children(trigger, grammar.SUBJECT_DEPS | grammar.PASSIVE_SUBJECT_DEPS) for t in s.subtree}
    found: list[Token] = []
    frontier = [trigger]
    while frontier:
        frontier = [c for t in frontier for c in t.children if c.i not in subjects and c.dep_ != "relcl"]
        found += [t for t in frontier if t.dep_ == "pobj" and t.head.lower_ in PLACE_PREPS and t.ent_type_ in PLACE_LABELS]
    return found
