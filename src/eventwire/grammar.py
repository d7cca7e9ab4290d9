"""Dependency-tree helpers shared by the coder: arguments, clauses, modality, tense.

Everything here reads a spaCy parse and nothing else: no lexicon, no knowledge base. The word
lists are grammar (auxiliaries, control verbs, verbs of saying), not event vocabulary.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from spacy import symbols
from spacy.tokens import Doc, Token

from eventwire.clean import DATELINE_PARAGRAPHS, dateline_prefix
from eventwire.model import Modality
from eventwire.nlp import doc_text

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJECT_DEPS = frozenset({"nsubjpass", "csubjpass"})
RELATIVE_PRONOUNS = frozenset({"which", "who", "that", "whom", "whose"})

# Verbs whose infinitive complement takes the verb's *object* as its subject ("urged X to go").
OBJECT_CONTROL = frozenset(
    {"urge", "ask", "call", "persuade", "force", "order", "tell", "invite", "encourage", "press",
     "pressure", "push", "allow", "permit", "help", "compel", "implore", "beg", "warn", "advise",
     "appeal", "plead"}
)
# Complement-taking verbs and adjectives that make what follows planned or expected.
FUTURE_GOVERNORS = frozenset(
    {"schedule", "plan", "expect", "set", "due", "intend", "aim", "prepare", "promise", "vow",
     "pledge", "hope", "want", "seek", "try", "going", "ready", "poised",
     "slate", "announce", "propose", "offer", "commit", "resolve", "wish", "expected", "scheduled"}
)
# Verbs whose infinitive is agreed to, not yet done ("agreed to cooperate against the trade").
AGREEING_GOVERNORS = frozenset({"agree", "consent"})
# ... that make it conditional or only threatened.
HYPOTHETICAL_GOVERNORS = frozenset(
    {"threaten", "consider", "weigh", "may", "might", "could", "would", "able", "likely",
     "unlikely", "possible", "attempt", "risk", "contemplate", "mull", "demand", "urge", "ask", "appeal", "plead",
     "call", "push", "press", "request", "warn", "fear"}
)
SCHEDULING_VERBS = frozenset({"schedule", "plan", "set", "expect", "slate", "due", "announce", "arrange", "organize", "organise", "prepare"})
NEGATING_GOVERNORS = frozenset({"refuse", "decline", "fail", "reject", "deny", "halt", "stop", "cancel", "postpone", "avoid"})
HYPOTHETICAL_AUX = frozenset({"would", "could", "might", "may", "should", "must", "can"})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo"})
CONDITIONAL_MARKS = frozenset({"if", "unless", "whether", "lest"})
NEGATION_WORDS = frozenset({"not", "n't", "never", "no", "neither", "nor"})
# Nouns under which an action is only intended or feared: "any attempt to invade".
HYPOTHETICAL_NOUNS = frozenset(
    {"attempt", "threat", "plan", "possibility", "risk", "danger", "prospect", "fear", "bid",
     "intention", "option", "scenario", "readiness", "anticipation", "warning", "proposal"}
)
FUTURE_MODIFIERS = frozenset({"upcoming", "planned", "scheduled", "forthcoming", "proposed", "next", "future"})
HYPOTHETICAL_MODIFIERS = frozenset({"possible", "potential", "alleged", "hypothetical", "eventual", "feared", "likely"})

SPEECH_VERBS = frozenset(
    {"say", "tell", "announce", "state", "declare", "claim", "insist", "add", "note", "stress",
     "write", "tweet", "post", "report", "confirm", "explain", "argue", "assert", "reiterate",
     "emphasize", "emphasise", "comment", "indicate", "suggest", "allege", "acknowledge", "admit",
     "recall", "believe", "think", "predict", "warn", "accuse", "complain", "deny", "reply",
     "respond", "answer", "reveal", "disclose", "estimate", "caution", "remark", "observe",
     "contend", "maintain", "signal", "assure", "promise", "vow", "pledge", "threaten"}
)
# Verbs whose "of"-complement is the *object's* alleged act: "accused X of massing troops".
ACCUSATION_VERBS = frozenset({"accuse", "blame", "charge", "suspect", "condemn", "criticize", "criticise", "fault", "convict"})


# Documents that speak for whoever issued them: "a report accusing X", "a resolution criticizing Y",
# "signed a decree granting citizenship to X".
DOCUMENT_NOUNS = frozenset({"report", "resolution", "statement", "letter", "communique", "declaration",
                            "lawsuit", "complaint", "petition", "motion", "bill", "memo", "note", "decree",
                            "edict", "ordinance"})


# A child as the helpers read it: its relation to its head, its lowercased form, and the token.
Kid = tuple[str, str, Token]
_KIDS_KEY = "eventwire.kids"


def forget(doc: Doc) -> None:
    """Drop the per-document caches below once the document is coded. They hold Tokens, which
    hold the doc: left on it they would keep it (and them) for the cyclic garbage collector."""
    for key in (_TAGS_KEY, _KIDS_KEY, _HEAD_NOUN_KEY):
        doc.user_data.pop(key, None)


def _per_token(doc: Doc, key: str) -> list[Any]:
    """A per-document cache, one slot per token (None until filled), kept on the doc."""
    slots: list[Any] | None = doc.user_data.get(key)
    if slots is None:
        slots = doc.user_data[key] = [None] * len(doc)
    return slots


def kids(token: Token) -> tuple[Kid, ...]:
    """The token's children with their relations and lowercased forms, read once per document
    (kept on the doc). Every candidate asks for the same few words' children again and again,
    and spaCy builds a new Token, and looks its strings up, on every ask."""
    by_index = _per_token(token.doc, _KIDS_KEY)
    found: tuple[Kid, ...] | None = by_index[token.i]
    if found is None:
        found = by_index[token.i] = tuple([(c.dep_, c.lower_, c) for c in token.children])
    return found


VERB_TAGS = frozenset({symbols.VERB, symbols.AUX})
NOUN_TAG = symbols.NOUN
_TAGS_KEY = "eventwire.pos"


def coarse_tags(doc: Doc) -> list[int]:
    """Every token's coarse part of speech as spaCy's id (``symbols.VERB``, the ``pos`` of
    ``pos_``), read from the doc's array once per document (kept on the doc): the coder scans
    every sentence for its verbs and nouns."""
    tags: list[int] | None = doc.user_data.get(_TAGS_KEY)
    if tags is None:
        tags = doc.user_data[_TAGS_KEY] = doc.to_array("POS").tolist()
    return tags


def conjuncts(token: Token) -> list[Token]:
    """The token and every token coordinated with it ("X, Y and Z")."""
    out = [token]
    for dep, _, child in kids(token):
        if dep == "conj" and child.pos_ in {"PROPN", "NOUN", "PRON", "ADJ", "NUM"}:
            out.extend(conjuncts(child))
    return out


def included(token: Token) -> list[Token]:
    """ "several countries, including Venezuela and China": the named members of a group."""
    return [t for dep, lower, p in kids(token) if dep == "prep" and lower == "including"
            for o in children(p, {"pobj"}) for t in conjuncts(o)]


def children(token: Token, deps: frozenset[str] | set[str]) -> list[Token]:
    return [c for dep, _, c in kids(token) if dep in deps]


def has_child(token: Token, deps: frozenset[str] | set[str], words: frozenset[str] | set[str] | None = None) -> bool:
    """Has ``token`` a child in one of ``deps`` (and, given ``words``, one of them)?"""
    for dep, lower, _ in kids(token):  # a loop, not any() over a generator: asked tens of times per sentence
        if dep in deps and (words is None or lower in words):
            return True
    return False


def prep_objects(token: Token, prep: str) -> list[Token]:
    """Objects of a preposition attached to ``token``: prep_objects(met, "with")."""
    out = []
    for dep, lower, child in kids(token):
        particle = dep == "advmod" and lower in {"back", "away"}  # "pulled back from X"
        if (dep in {"prep", "prt", "agent", "dative"} or particle) and lower != prep and not has_child(child, {"pobj"}):
            out.extend(prep_objects(child, prep))  # "pulled out of X": the "of" hangs on "out"
        if dep in {"prep", "agent", "dative"} and lower == prep:
            for object_dep, _, pobj in kids(child):
                if object_dep == "pcomp" and pobj.tag_ == "VBN" and children(pobj, {"dobj"}):
                    pobj, object_dep = children(pobj, {"dobj"})[0], "dobj"  # "in occupied Karabakh" read as a clause
                if object_dep in {"pobj", "pcomp", "dobj"} and pobj.ent_type_ not in {"DATE", "TIME"}:
                    out.extend(conjuncts(pobj))  # "on Monday" is when, never whom
    return out


def raised_objects(verb: Token) -> list[Token]:
    """ "convicted the bank to pay damages", "will not accept refugees fleeing the war": the
    parser may read a verb's object as the subject of the infinitive or participle after it.
    With no object of its own, the noun right after the verb is its object."""
    if children(verb, {"dobj"}):
        return []
    for clause in children(verb, {"ccomp"}):
        infinitive = clause.tag_ == "VB" and has_child(clause, {"aux"}, {"to"})
        participle = clause.tag_ == "VBG" and not has_child(clause, AUX_DEPS)
        subject = children(clause, {"nsubj"})
        if (infinitive or participle) and subject and subject[0].pos_ in {"NOUN", "PROPN"} and subject[0].left_edge.i == verb.i + 1:
            return conjuncts(subject[0])
    return []


PASSIVE_MARKS = frozenset({"auxpass", "nsubjpass", "csubjpass"})
AUX_DEPS = frozenset({"aux", "auxpass"})


def is_passive(verb: Token) -> bool:
    return has_child(verb, PASSIVE_MARKS) or (verb.tag_ == "VBN" and verb.dep_ == "acl")


def agents(verb: Token) -> list[Token]:
    """The "by X" of a passive verb."""
    return [p for c in children(verb, {"agent"}) for p in children(c, {"pobj"})]


def subjects(verb: Token) -> list[Token]:
    """Who does ``verb``: its own subject, else the one it inherits through the tree."""
    if is_passive(verb):
        by = agents(verb)
        return [t for b in by for t in conjuncts(b)]
    own = children(verb, SUBJECT_DEPS)
    if len(own) > 1:  # "BERLIN -- A court ... has convicted": the dateline is not a subject
        own = [s for s in own if not is_dateline(s)] or own
    elif own and is_dateline(own[0]):  # "THE HAGUE, Netherlands -- A UN prosecutor has charged"
        own = [after_dateline(own[0]) or own[0]]
    if own:
        head = own[0]
        if head.lower_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
            return conjuncts(verb.head)
        members = included(head)  # "several countries, including Venezuela and China": the named ones
        return members if members and head.pos_ == "NOUN" else conjuncts(head) + members
    return inherited_subjects(verb)


DATELINE_WINDOW = 200  # characters: datelines are short


DATELINE_KEY = "eventwire.dateline"


def dateline_span(doc: Doc) -> tuple[int, int]:
    """Where the story's dateline ("KHARTOUM, March 16 (Xinhua) -- ") sits, in characters, its dash
    included: at the start of one of the first paragraphs, as the cleaner reads datelines; (0, 0)
    if the story has none. Computed once per document."""
    span = doc.user_data.get(DATELINE_KEY)
    if span is None:
        span = doc.user_data[DATELINE_KEY] = _find_dateline(doc_text(doc))
    return span  # type: ignore[no-any-return]


def _find_dateline(text: str) -> tuple[int, int]:
    start = 0
    for _ in range(DATELINE_PARAGRAPHS):
        prefix = dateline_prefix(text[start : start + DATELINE_WINDOW])
        if prefix:
            return start, start + len(prefix)
        start = text.find("\n\n", start)
        if start < 0:
            break
        start += 2
    return 0, 0


def is_dateline(token: Token) -> bool:
    """A word of the place and date a story was filed from ("BERLIN -- A court ...")."""
    start, end = dateline_span(token.doc)
    return start <= token.idx < end


def after_dateline(token: Token) -> Token | None:
    """The real subject the parser hung under a dateline, after it."""
    end = dateline_span(token.doc)[1]
    later = [t for t in token.subtree if t.idx >= end and t.dep_ == "appos" and t.pos_ in {"NOUN", "PROPN"}]
    return later[0] if later else None


def inherited_subjects(verb: Token) -> list[Token]:
    head = verb.head
    if head is verb:
        return []
    if verb.dep_ == "relcl":
        return conjuncts(head)
    if verb.dep_ == "xcomp":
        controller = object_controller(head)
        if controller:
            return controller
        own = children(head, SUBJECT_DEPS | PASSIVE_SUBJECT_DEPS)
        if not own and head.pos_ == "ADJ" and head.dep_ in {"acomp", "amod"} and head.head.pos_ in {"VERB", "AUX"}:
            return subjects(head.head)  # "the US is willing to provide", "X is ready to withdraw"
        return conjuncts(own[0]) if own else inherited_subjects(head)
    if verb.dep_ == "acl" and verb.tag_ == "VBG" and head.pos_ in {"NOUN", "PROPN"}:
        # "protesters accusing the government": the noun acts; "a report accusing the army":
        # whoever put the report out
        if head.lemma_.lower() in DOCUMENT_NOUNS:
            governor = clause_verb(head)
            return subjects(governor) if governor is not None and governor is not verb else []
        return conjuncts(head) if head.pos_ == "PROPN" or head.ent_type_ in {"NORP", "ORG", "PERSON"} else []
    if verb.dep_ == "conj" and head.pos_ in {"VERB", "AUX"}:
        return subjects(head)
    if verb.dep_ == "advcl" and verb.tag_ == "VB" and has_child(verb, {"aux"}, {"to"}):
        # a purpose clause: "crossed the line to meet X"; after an appeal, the one appealed to
        return object_controller(head) or subjects(head)
    if verb.dep_ in {"pcomp", "advcl"} and verb.tag_ == "VBG":
        governor = clause_verb(head)
        return subjects(governor) if governor is not None and governor is not verb else []
    return []


def object_controller(verb: Token) -> list[Token]:
    lemma = verb.lemma_.lower()
    if lemma not in OBJECT_CONTROL:
        return []
    if lemma == "call":  # "called on X to resign" appeals to X; "called X to congratulate him" phoned X to do so
        objects = prep_objects(verb, "on") or prep_objects(verb, "upon")
        return [t for o in objects for t in conjuncts(o)]
    objects = children(verb, {"dobj"}) or prep_objects(verb, "on") or prep_objects(verb, "to") or prep_objects(verb, "with")
    return [t for o in objects for t in conjuncts(o)] if objects else []


def clause_verb(token: Token) -> Token | None:
    """The nearest verb at or above ``token``."""
    for t in [token, *token.ancestors]:
        if t.pos_ in {"VERB", "AUX"}:
            return t
    return None


def governing_chain(trigger: Token) -> Iterator[tuple[Token, str]]:
    """Walk up from a trigger through the relations that carry modality.

    Yields (token, relation by which we arrived). A verb passes modality up only through
    control and coordination ("plans to meet", "met and agreed") or from under a noun ("any
    attempt to invade"); a noun passes it through its case and argument relations up to its
    verb. Adverbial clauses ("after warning X"), relative clauses and reported speech
    ("said Y would attack") carry their own modality, so the walk stops there.
    """
    current = trigger
    yield current, "self"
    for _ in range(12):
        dep, head = current.dep_, current.head
        if head is current or not _passes_modality(current, dep, head):
            return
        yield head, dep
        current = head


VERB_UP = frozenset({"xcomp", "conj", "acl"})
NOUN_UP = frozenset({"pobj", "prep", "dobj", "nsubjpass", "nsubj", "agent", "compound", "amod",
                     "attr", "oprd", "appos", "npadvmod", "conj", "pcomp"})


def _passes_modality(current: Token, dep: str, head: Token) -> bool:
    if current.pos_ in {"VERB", "AUX"}:
        if dep == "conj":
            # "met and agreed" share one clause's marking; "X will vote, and Y urged ..." is a
            # clause of its own, with its own subject and tense
            own_subject = has_child(current, {"nsubj", "nsubjpass", "expl"})
            return head.pos_ in {"VERB", "AUX"} and not own_subject
        return dep in VERB_UP
    return dep in NOUN_UP


def token_modality(token: Token) -> Modality | None:
    """Modality marked on one token by its own children."""
    own = kids(token)
    if any(dep == "neg" or lower == "never" for dep, lower, _ in own):
        return Modality.NEGATED
    if has_child(token, {"mark"}, CONDITIONAL_MARKS):
        return Modality.HYPOTHETICAL
    aux = {form for dep, lower, c in own if dep in AUX_DEPS for form in (lower, c.lemma_.lower())}
    if aux & HYPOTHETICAL_AUX:
        return Modality.HYPOTHETICAL
    if aux & FUTURE_AUX:
        return Modality.FUTURE
    if has_child(token, {"amod"}, HYPOTHETICAL_MODIFIERS):
        return Modality.HYPOTHETICAL
    if has_child(token, {"amod", "compound"}, FUTURE_MODIFIERS):
        return Modality.FUTURE
    return None


def governor_modality(head: Token, relation: str) -> Modality | None:
    """Modality that a governing word imposes on its complement or its subject."""
    lemma = head.lemma_.lower()
    if lemma == "call" and relation == "xcomp" and not (prep_objects(head, "on") or prep_objects(head, "upon")):
        return None  # "called Bazoum to offer support": a call made for that, not an appeal
    if relation in {"xcomp", "acl", "pcomp", "pobj", "prep"}:
        if lemma in NEGATING_GOVERNORS:
            return Modality.NEGATED
        if lemma in HYPOTHETICAL_GOVERNORS or (head.pos_ == "NOUN" and lemma in HYPOTHETICAL_NOUNS):
            return Modality.HYPOTHETICAL
        if lemma in FUTURE_GOVERNORS or head.lower_ in FUTURE_GOVERNORS:
            return Modality.FUTURE
        if lemma == "be" and relation == "xcomp":  # "is to meet"
            return Modality.FUTURE
        if lemma in AGREEING_GOVERNORS and relation == "xcomp":  # "agreed to exchange prisoners": not yet done
            return Modality.FUTURE
    if relation in {"nsubjpass", "nsubj"} and lemma in SCHEDULING_VERBS:
        return Modality.FUTURE  # "talks are scheduled for Friday", "a summit is planned"
    return None


PRECEDENCE = {Modality.NEGATED: 3, Modality.HYPOTHETICAL: 2, Modality.FUTURE: 1, Modality.ASSERTED: 0}


def modality(trigger: Token) -> Modality:
    """asserted / future / hypothetical / negated, read from the tree above the trigger.

    The nearest marking wins ("will not attack": negated; "refused to say it would attack": the
    refusal is nearer the top, but "would" is on the trigger's own clause, so hypothetical).
    """
    for token, relation in governing_chain(trigger):
        if relation != "self":
            by_governor = governor_modality(token, relation)
            if by_governor is not None:
                own = token_modality(token)
                return _stronger(by_governor, own)
        own = token_modality(token)
        if own is Modality.HYPOTHETICAL and reported_future(token):
            own = Modality.FUTURE
        if own in UNREALISED and relation != "self" and _presupposed(trigger):
            return Modality.ASSERTED  # "will discuss Russia's military deployment": under way
        if own is not None:
            return own
    if token.dep_ in {"ccomp", "pcomp"} and token.head.lemma_.lower() in DENIAL_VERBS:
        return Modality.NEGATED  # "Moscow denied that its forces had attacked civilians"
    return Modality.ASSERTED


DENIAL_VERBS = frozenset({"deny", "dismiss", "refute", "reject"})
UNREALISED = frozenset({Modality.FUTURE, Modality.HYPOTHETICAL})


def _presupposed(trigger: Token) -> bool:
    """An event noun owned by its doer ("Russia's deployment", "its attack") names an event
    that has happened: what a verb above it will or would do (discuss it, condemn it) does
    not make it future. (A denial or refusal above it still negates it, and its own words,
    "Russia's planned deployment", still count: both are read before this.)"""
    return trigger.pos_ == "NOUN" and has_child(trigger, {"poss"})


# Past reporting verbs after which "would" is the future seen from the past: "said they would
# send troops" reports a plan. Verbs of belief, prediction or warning keep "would" hypothetical.
REPORTED_FUTURE_VERBS = frozenset(
    {"say", "tell", "announce", "state", "declare", "add", "confirm", "promise", "pledge", "vow",
     "insist", "reiterate", "write", "tweet", "post", "report", "assure", "indicate", "signal"}
)


def reported_future(verb: Token) -> bool:
    """ "X said Y would attack": backshifted "will", unless a condition hangs on it."""
    auxes = {lower for dep, lower, _ in kids(verb) if dep in AUX_DEPS}
    if not auxes & {"would", "'d"} or auxes & (HYPOTHETICAL_AUX - {"would"}):
        return False
    head = verb.head
    if verb.dep_ != "ccomp" or head.lemma_.lower() not in REPORTED_FUTURE_VERBS or head.tag_ not in {"VBD", "VBN"}:
        return False
    return not any(_conditional(kid) for kid in (*kids(verb), *kids(head)))


def _conditional(kid: Kid) -> bool:
    """A condition: "if"/"unless" on the clause, or an adverbial clause they introduce."""
    dep, lower, token = kid
    if dep == "mark" and lower in CONDITIONAL_MARKS:
        return True
    return dep == "advcl" and has_child(token, {"mark"}, CONDITIONAL_MARKS)


def _stronger(a: Modality, b: Modality | None) -> Modality:
    if b is None:
        return a
    return a if PRECEDENCE[a] >= PRECEDENCE[b] else b


def tense(trigger: Token, mod: Modality) -> str:
    """past / present / future, for resolving weekday and month-day dates."""
    if mod is Modality.FUTURE:
        return "future"
    verb = clause_verb(trigger) if trigger.pos_ not in {"VERB", "AUX"} else trigger
    if verb is None:
        return "past"
    aux_tags = {c.tag_ for c in children(verb, AUX_DEPS)}
    if verb.tag_ in {"VBD"} or "VBD" in aux_tags or (verb.tag_ == "VBN" and aux_tags & {"VBZ", "VBP"}):
        return "past"
    if verb.tag_ in {"VBZ", "VBP", "VBG"}:
        return "present"
    return "past"


# -- heads, objects and phrases ----------------------------------------------------------
QUANTITY_NOUNS = frozenset({"ten", "tens", "hundred", "hundreds", "thousand", "thousands", "dozen",
                            "dozens", "number", "numbers", "million", "millions", "wave", "waves",
                            "barrage", "series", "round", "rounds", "batch", "package", "set", "kind", "worth",
                            "contingent", "contingents",  # "the first contingents of peacekeeping troops"
                            "hour", "hours", "day", "days", "week", "weeks", "month", "months", "year", "years",
                            "some", "all", "most", "many", "several", "none",  # "some of its restrictions"
                            "kg", "kilogram", "ton", "tonne", "litre", "liter", "truckload", "shipment",
                            "consignment", "crate", "box"})  # "700 kg of medicine"


_HEAD_NOUN_KEY = "eventwire.head_noun"


def head_noun(token: Token) -> Token:
    """The noun a quantity stands for: "tens of thousands of troops" -> troops. Found once per
    token and document (kept on the doc): the coder asks it of every argument, again and again."""
    known = _per_token(token.doc, _HEAD_NOUN_KEY)
    found: Token | None = known[token.i]
    if found is None:
        found = known[token.i] = _head_noun(token)
    return token if found.i == token.i else found  # the token itself, as asked, when it is the head


def _head_noun(token: Token) -> Token:
    current = token
    for _ in range(4):
        if current.lemma_.lower() not in QUANTITY_NOUNS and current.pos_ != "NUM":
            return current
        nxt = next((p for dep, lower, c in kids(current) if dep == "prep" and lower == "of"
                    for p in children(c, {"pobj"})), None)
        if nxt is None:
            return current
        current = nxt
    return current


def direct_objects(verb: Token) -> list[Token]:
    """The verb's direct objects; with none, a name the parser took for an object complement
    ("Khan called [Erdogan] on Friday": no one is being called a name, so Erdogan is the object)."""
    objects = children(verb, {"dobj"})
    if objects:
        return objects
    named = [c for c in children(verb, {"oprd"}) if c.pos_ == "PROPN" and c.ent_type_ in {"PERSON", "ORG", "GPE", "NORP"}]
    return named or raised_objects(verb)  # "convicted the bank to pay damages"


def has_prep(verb: Token, prep: str) -> bool:
    """Is there a ``prep`` phrase on the verb whose object is not a date ("call on X", not
    "call X on Sunday")?"""
    if prep == "that":
        return has_child(verb, {"ccomp"})
    for dep, lower, child in kids(verb):
        if dep in {"prep", "prt", "agent", "dative"} and lower == prep:
            objects = children(child, {"pobj", "pcomp"})
            if any(o.ent_type_ not in {"DATE", "TIME"} for o in objects):
                return True
    return False


def has_complement_word(verb: Token, words: frozenset[str]) -> bool:
    """Is one of ``words`` inside a complement of the verb ("warned X of new sanctions")?"""
    for dep, lower, child in kids(verb):
        if dep in {"prep", "dobj", "xcomp", "dative", "prt", "npadvmod", "advmod"}:
            if any(t.lemma_.lower() in words or t.lower_ in words for t in child.subtree):
                return True
        # "found X guilty", "let free X": the object's predicate is the word itself
        if dep in {"oprd", "acomp", "ccomp"} and child.pos_ in {"ADJ", "VERB"} and (
            child.lemma_.lower() in words or lower in words
        ):
            return True
    return False


# Where an infinitive of purpose hangs: on the verb ("sent experts to Iraq to investigate"), or on
# a noun of its clause ("sent a team to investigate", "sent agents in a rush to investigate").
PURPOSE_PATH_DEPS = frozenset({"dobj", "prep", "pobj", "npadvmod"})


def purpose_verbs(verb: Token, depth: int = 3) -> set[str]:
    """Lemmas of the infinitives of purpose of ``verb``'s clause: "sent a team to Iran to
    investigate the crash" -> {"investigate"}. Other clauses (relative, reported) are not searched."""
    found: set[str] = set()
    for dep, _, child in kids(verb):
        infinitive = child.pos_ in {"VERB", "AUX"} and has_child(child, {"aux"}, {"to"})
        if infinitive and dep in {"advcl", "xcomp", "acl"}:
            found.add(child.lemma_.lower())
        elif depth > 1 and dep in PURPOSE_PATH_DEPS:
            found |= purpose_verbs(child, depth - 1)
    return found


PHRASE_DEPS_CUT = frozenset({"relcl", "acl", "advcl", "appos", "conj", "cc", "punct", "ccomp", "xcomp"})


def phrase_tokens(tok: Token) -> list[Token]:
    """The noun phrase of ``tok`` without clauses, appositions and coordination."""
    out = [tok]
    for dep, _, child in kids(tok):
        if dep not in PHRASE_DEPS_CUT:
            out.extend(phrase_tokens(child))
    return out


def fronted_subject(verb: Token) -> list[Token]:
    """ "On Friday Beijing announced sanctions ... and suspended talks": the parser may hang the
    subject under the fronted date ("On [Friday Beijing]"); a named party there, before the
    verb, with the date word as its modifier, is the subject."""
    head = verb
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head
    for dep, lower, prep in kids(head):
        if dep != "prep" or prep.i > head.i or lower not in {"on", "in", "at", "by"}:
            continue
        for pobj in children(prep, {"pobj"}):
            if pobj.ent_type_ in {"GPE", "ORG", "PERSON", "NORP"} and any(
                c.ent_type_ in {"DATE", "TIME"} for c in children(pobj, {"compound", "nmod", "amod", "npadvmod"})
            ):
                return [pobj]
        stranded = _comma_conjunct_before(prep, head) if prep.i < head.i else None
        if stranded is not None:
            return [stranded]
    return []


def _comma_conjunct_before(prep: Token, verb: Token) -> Token | None:
    """ "On a visit to Zimbabwe, South African President Cyril Ramaphosa voiced ...": the parser
    may join the subject to the fronted phrase as a conjunct after its comma; a named party so
    joined, with no "and", that runs right up to the verb is the subject."""
    for tok in prep.subtree:
        if tok.dep_ != "conj" or tok.pos_ != "PROPN" or tok.right_edge.i + 1 != verb.i:
            continue
        before = tok.doc[tok.left_edge.i - 1] if tok.left_edge.i > 0 else None
        if before is not None and before.text == "," and not has_child(tok.head, {"cc"}):
            return tok
    return None
