"""Refusals and threats: acts declared, not done (CAMEO 12x REJECT, 13x THREATEN).

"France will not lift the ban on British beef", "Syria says it will not accept any more
refugees", "the teachers will not end their strike until their demands are met": the CAMEO
codebook codes each such statement as a refusal (its own examples for 1223 and 1242), while
the act refused is told as not happening. The coder keeps both: the act, negated, and the
refusal, asserted. This module holds the grammar of a declared refusal and the codebook's maps
from the refused or threatened act to the refusal's or the threat's code ("refused to meet":
125; "threatened to shell": 1384); it reads the parse and CAMEO codes only.
"""

from __future__ import annotations

from functools import cache

from spacy.tokens import Token

from eventwire import grammar

REFUSAL_NEGATIONS = frozenset({"not", "n't", "never"})
DECLARED_FUTURE_AUX = frozenset({"will", "wo", "'ll", "shall"})
# Clauses that name what the refusing side waits for: "until the government pays", "unless
# Cuba frees its prisoners". Their actor is the party the refusal is aimed at.
AWAITING_MARKS = frozenset({"until", "till", "unless", "if", "before"})

# Refused act (CAMEO prefix, longest first) -> refusal code, from the codebook's 12x entries.
REFUSAL_CODES: tuple[tuple[str, str], ...] = (
    ("0831", "1231"), ("0832", "1232"), ("0833", "1233"), ("0834", "1234"),  # reform, leadership
    ("081", "1241"),  # ease administrative sanctions, curfews
    ("082", "1242"),  # end a strike or a protest
    ("083", "123"),  # accede to demands for reform
    ("084", "1243"),  # release or return people or property
    ("085", "1244"),  # ease economic sanctions
    ("086", "1245"),  # allow international involvement
    ("087", "1246"),  # de-escalate militarily
    ("08", "124"),  # yield
    ("075", "1223"),  # grant asylum, take in refugees
    ("071", "1221"), ("072", "1222"), ("073", "1223"), ("074", "1224"),
    ("07", "122"),  # provide aid
    ("061", "1211"), ("062", "1212"), ("063", "1213"),
    ("06", "121"),  # material cooperation
    ("04", "125"),  # meet, discuss, negotiate
    ("05", "120"),  # diplomatic cooperation: recognise, endorse, sign
)


# Threatened act (CAMEO prefix, longest first) -> threat code, from the codebook's 13x entries.
THREAT_CODES: tuple[tuple[str, str], ...] = (
    ("1723", "1323"),  # impose a curfew
    ("161", "1313"), ("162", "1311"), ("163", "1312"), ("164", "134"), ("165", "135"), ("166", "136"),
    ("16", "131"),  # reduce relations
    ("12", "131"),  # walk out of a deal
    ("14", "133"),  # strike, boycott, protest
    ("17", "137"),  # repression
    ("15", "138"), ("18", "1383"), ("19", "1384"), ("20", "1385"),  # force
)


# Act announced for the future -> the intent to do it. Yielding (CAMEO 08x) is an intent to
# yield (034x/035x): the codebook's own example for 0353 is "The Fijian rebels said they will
# release the prime minister". A meeting or visit (04x) is an intent to meet (036): its example
# is "East German Foreign Minister Oskar Fischer will visit Albania in June" ("the future tense
# used implies a future commitment to meet").
INTENT_CODES: tuple[tuple[str, str], ...] = (
    ("0831", "0341"), ("0832", "0342"), ("0833", "0343"), ("0834", "0344"), ("083", "034"),  # reform
    ("081", "0351"), ("082", "0352"), ("084", "0353"), ("085", "0354"), ("086", "0355"), ("087", "0356"),
    ("08", "035"),
    ("04", "036"),  # meet, visit, host, negotiate
)


@cache  # a few hundred codes, asked for every candidate
def intent_code(act: str) -> str | None:
    """The CAMEO code of announcing the act ``act`` ("084" release -> "0353", "042" visit ->
    "036"); None for acts whose announcement is no intent of its own (cooperation and aid are
    recoded as promises instead, conflict is a threat)."""
    return _code_for(act, INTENT_CODES)


@cache  # a few hundred codes, asked for every candidate
def threat_code(act: str) -> str | None:
    """The CAMEO code of threatening the act ``act`` ("163" sanctions -> "1312"); None when
    the codebook has no threat of that kind (threatening to meet is no threat)."""
    return _code_for(act, THREAT_CODES)


@cache  # a few hundred codes, asked for every candidate
def refusal_code(act: str) -> str | None:
    """The CAMEO code of refusing the act ``act`` ("085" easing sanctions -> "1244"); None for
    acts whose refusal the codebook does not code (statements, appeals, conflict)."""
    return _code_for(act, REFUSAL_CODES)


def _code_for(act: str, table: tuple[tuple[str, str], ...]) -> str | None:
    """The code of the first (longest-first) CAMEO prefix of ``act`` in ``table``."""
    return next((code for prefix, code in table if act.startswith(prefix)), None)


def declares_refusal(verb: Token) -> bool:
    """ "will not lift", "won't release", "will never accept", "said it would not meet": a
    negated future told as the subject's own decision. A plain past ("did not release") only
    says what did not happen; a condition ("would not ... if") makes it hypothetical."""
    if verb.pos_ not in {"VERB", "AUX"}:
        return False
    if not grammar.has_child(verb, {"neg"}, REFUSAL_NEGATIONS):
        return False
    return _declared_future(verb)


def declares_intent(verb: Token) -> bool:
    """ "will impose a curfew", "said it would boycott the vote": an unnegated future told as
    the subject's own intention (a plan on a schedule, "is due to", is no such statement)."""
    if verb.pos_ not in {"VERB", "AUX"} or grammar.has_child(verb, {"neg"}):
        return False
    return _declared_future(verb)


def _declared_future(verb: Token) -> bool:
    """ "will", "shall", "won't" on the verb, or a backshifted "would" after a verb of saying."""
    auxes = {form for dep, lower, c in grammar.kids(verb) if dep == "aux" for form in (lower, c.lemma_.lower())}
    return bool(auxes & DECLARED_FUTURE_AUX) or grammar.reported_future(verb)


def awaited_parties(verb: Token) -> list[Token]:
    """ "will not end the strike until the government provides resources": the side whose act
    is awaited, as subject ("the government") or as the agent of a passive ("until their
    demands are met by the authorities"). Pronouns are left out: "until he is satisfied" is
    usually the refusing side itself."""
    for clause in grammar.children(verb, {"advcl"}):
        if not grammar.has_child(clause, {"mark"}, AWAITING_MARKS):
            continue
        actors = grammar.agents(clause) if grammar.is_passive(clause) else grammar.children(clause, grammar.SUBJECT_DEPS)
        found = [t for a in actors for t in grammar.conjuncts(a) if t.pos_ in {"NOUN", "PROPN"}]
        if found:
            return found
    return []
