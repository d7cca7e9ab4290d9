"""Quotes and reported speech: who said what, about whom, and when.

Two kinds of ``Quote`` come out of one parsed document:

* **direct** -- words between quotation marks (straight ``"``, curly, guillemets, German low-high
  marks, and curly single quotes at the top level). The speaker comes from the attribution next
  to the marks: ``"...," said X``, ``"..." X said``, ``X said: "..."``, ``"...," according to X``.
* **indirect** -- the clausal complement (``ccomp``) of a verb of saying (``X said that ...``,
  ``X told reporters ...``, ``X added that ...``, ``The talks, X said, will resume``) and
  ``... according to X``. Its ``text`` is the clause without the complementizer and without
  quotation marks, so partial quotes inside it read as plain words.

Decisions, because quotation in news is messy:

* **Split quotes.** ``"We were firm," she said, "they cannot cross."`` is one quote with two
  parts: ``text`` joins the parts with a space (the attribution comma dropped), ``start``/``end``
  run from the first to the last quoted character, so for a split quote ``text`` is *not*
  ``article.text[start:end]``; ``speech_spans(quotes, text=...)`` gives the parts.
* **Paragraphs.** A paragraph that opens a quote and does not close it continues into the next
  paragraph when that one opens with a quotation mark (English convention); otherwise the quote
  ends with its paragraph.
* **Partial quotes.** Quotation marks inside the reported clause of a verb of saying
  (``X said NATO was "united"``) make no quote of their own: the indirect quote contains them.
  When the marks cover the whole clause (``X said "we are ready"``) the quote is direct.
* **Scare quotes and titles.** Marks inside a sentence that no verb of saying attributes are
  skipped when they hold fewer than three words or no verb (``NATO was "united"``); quotes that
  stand on their own (after a full stop, colon, comma or at a paragraph start) are kept, with
  ``speaker=None`` when nothing attributes them.
* **Nested quotes.** Single quotes inside a direct quote belong to the outer speaker and stay
  in its text. When a verb of saying inside the outer quote attributes them
  (``"He told me, 'we will stay'," she said``) they are also a quote of their own, whose
  speaker is the one named inside.
* **Speakers.** The subject of the verb of saying (through ``conj`` for shared subjects) or the
  object of "according to", resolved by the actors stage. A spokesperson with a possessor
  (``Merkel's spokesman``) speaks for the possessor when the resolver knows the possessor but not
  the spokesperson. A pronoun the resolver cannot resolve takes the previous quote's speaker
  within three sentences; anything still unresolved is kept as written, with ``id=None``.
* **Dates.** The document date, unless the verb of saying has its own date ("said on Friday",
  "said yesterday"), resolved against the document date in the past tense.
"""

from __future__ import annotations

import logging
import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import Protocol

import numpy as np
from spacy.attrs import LEMMA, LOWER, POS
from spacy.symbols import AUX, VERB
from spacy.tokens import Doc, Token

from eventwire import grammar
from eventwire.model import Actor, Quote
from eventwire.nlp import doc_ents, doc_text

try:  # the dates stage resolves far more expressions; until it is present, ours will do
    from eventwire.dates import resolve_date as _dates_stage_resolve
except ImportError:  # pragma: no cover - depends on which stages are installed
    _dates_stage_resolve = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

# Lemmas of verbs that report what someone said. Cognition verbs (think, believe) are left out:
# "X believes Y" is an opinion, not a statement someone can be quoted on.
SPEECH_VERBS: frozenset[str] = frozenset(
    {"say", "tell", "warn", "announce", "claim", "insist", "add", "state", "declare", "write",
     "tweet", "post", "accuse", "deny", "promise", "vow", "pledge", "threaten", "stress", "note",
     "report", "confirm", "explain", "argue", "assert", "reiterate", "emphasize", "emphasise",
     "comment", "allege", "acknowledge", "admit", "reply", "respond", "answer", "reveal",
     "disclose", "caution", "remark", "observe", "contend", "maintain", "assure", "ask",
     "shout", "recall", "predict", "complain", "urge", "concede", "conclude", "underline"}
)
# Nouns for people who speak on someone's behalf: "the Kremlin's spokesman" speaks for the Kremlin.
SPOKESPERSON_NOUNS = frozenset(
    {"spokesman", "spokeswoman", "spokesperson", "representative", "envoy", "aide", "official",
     "secretary", "office", "press", "mouthpiece"}
)
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "i", "me"})
GROUP_PRONOUNS = frozenset({"it", "they", "them", "we", "us"})
REFLEXIVES = frozenset({"himself", "herself", "itself", "themselves", "myself", "ourselves", "yourself"})
SCARE_QUOTE_MAX_WORDS = 2  # embedded, unattributed marks around this few words are emphasis
PRONOUN_REACH_SENTENCES = 3  # how far back an unresolved pronoun may borrow a speaker
ATTRIBUTION_REACH_TOKENS = 14  # how far from the marks a verb of saying may sit
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
RELATIVE_DAYS = {"today": 0, "tonight": 0, "yesterday": 1}

# Opening mark -> the marks that close it. Straight quotes toggle; curly quotes have a direction.
CLOSERS: dict[str, frozenset[str]] = {
    '"': frozenset({'"', "\u201d"}),
    "\u201c": frozenset({"\u201d", '"'}),
    "\u201e": frozenset({"\u201c", "\u201d"}),
    "\u00ab": frozenset({"\u00bb"}),
    "\u2039": frozenset({"\u203a"}),
    "\u2018": frozenset({"\u2019", "'"}),
    "'": frozenset({"'", "\u2019"}),
}
DOUBLE_OPENERS = frozenset({'"', "\u201c", "\u201e", "\u00ab"})
# Straight ' is an apostrophe far too often to open a quote on its own.
TOP_LEVEL_OPENERS = DOUBLE_OPENERS | {"\u2018", "\u2039"}
NESTED_OPENERS = frozenset({"\u2018", "'", "\u2039", '"', "\u201c"})
SINGLE_MARKS = frozenset({"\u2018", "\u2019", "'", "\u2039", "\u203a"})
QUOTE_CHARS = frozenset("\"'\u201c\u201d\u201e\u00ab\u00bb\u2039\u203a\u2018\u2019\u201a")
_QUOTE_CHAR_STRING = "".join(sorted(QUOTE_CHARS))
_QUOTE_CHAR = re.compile(f"[{re.escape(_QUOTE_CHAR_STRING)}]")
SENTENCE_END = frozenset({".", "!", "?"})
STANDALONE_AFTER = frozenset({":", ",", ".", "!", "?", ";", "(", "[", "\u2014", "\u2013", "-"})


class SpeakerResolver(Protocol):
    """What quote extraction needs from the actors stage (see ``actors.DocumentActors``)."""

    def actor_for(self, token: Token) -> Actor | None: ...

    def actors_in(self, start_char: int, end_char: int) -> list[Actor]: ...


# -- quotation marks ---------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class QuotedRegion:
    """Characters between quotation marks: one part per paragraph it runs through."""

    parts: tuple[tuple[int, int], ...]
    nested: tuple[QuotedRegion, ...] = ()

    @property
    def start(self) -> int:
        return self.parts[0][0]

    @property
    def end(self) -> int:
        return self.parts[-1][1]

    def contains(self, offset: int) -> bool:
        return any(start <= offset < end for start, end in self.parts)


@dataclass
class _OpenMark:
    """A quotation mark still waiting for its closer, while scanning (mutable scratch only)."""

    mark: str
    part_start: int
    parts: list[tuple[int, int]]
    nested: list[QuotedRegion]


def find_quoted_regions(text: str) -> list[QuotedRegion]:
    """Every top-level quotation in ``text``, with quotations nested inside it."""
    regions: list[QuotedRegion] = []
    stack: list[_OpenMark] = []
    paragraphs = list(_paragraphs(text))
    for index, (start, end) in enumerate(paragraphs):
        first = start
        if stack and _opens_continuation(text, start, stack[0].mark):
            first = start + 1  # the reopening mark of a continued quote
            stack[0].part_start = first
        for mark in _QUOTE_CHAR.finditer(text, first, end):  # only quote marks can open or close
            _scan_char(text, mark.start(), stack, regions)
        following = paragraphs[index + 1][0] if index + 1 < len(paragraphs) else None
        _end_paragraph(text, end, following, stack, regions)
    return regions


def _paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the blank-line separated paragraphs of ``text``."""
    start = 0
    while start < len(text):
        cut = text.find("\n\n", start)
        end = len(text) if cut < 0 else cut
        if text[start:end].strip():
            yield start, end
        if cut < 0:
            return
        start = cut + 2


def _scan_char(text: str, i: int, stack: list[_OpenMark], regions: list[QuotedRegion]) -> None:
    ch = text[i]
    if ch not in QUOTE_CHARS:
        return
    if stack and ch in CLOSERS[stack[-1].mark] and _can_close(text, i, stack[-1].mark):
        _close(stack, regions, _trimmed(text, stack[-1].part_start, i))
    elif _can_open(text, i, nested=bool(stack)):
        stack.append(_OpenMark(mark=ch, part_start=i + 1, parts=[], nested=[]))


def _can_open(text: str, i: int, *, nested: bool) -> bool:
    ch = text[i]
    if ch not in (NESTED_OPENERS if nested else TOP_LEVEL_OPENERS):
        return False
    if ch in SINGLE_MARKS or (nested and ch in DOUBLE_OPENERS):
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        return (before.isspace() or before in QUOTE_CHARS or before in "([\u2014") and after.isalnum()
    return True


def _can_close(text: str, i: int, mark: str) -> bool:
    """A single closing mark followed by a letter is an apostrophe: "can't", "Kyiv's"."""
    if mark in SINGLE_MARKS:
        after = text[i + 1] if i + 1 < len(text) else " "
        return not after.isalpha()
    return True


def _close(stack: list[_OpenMark], regions: list[QuotedRegion], last_part: tuple[int, int]) -> None:
    frame = stack.pop()
    parts = [p for p in [*frame.parts, last_part] if p[1] > p[0]]
    if not parts:
        return
    region = QuotedRegion(parts=tuple(parts), nested=tuple(frame.nested))
    (stack[-1].nested if stack else regions).append(region)


def _end_paragraph(
    text: str, end: int, following: int | None, stack: list[_OpenMark], regions: list[QuotedRegion]
) -> None:
    """Close what the paragraph left open, unless the next paragraph continues the quote."""
    while len(stack) > 1:  # a nested quote never runs past its paragraph
        _close(stack, regions, _trimmed(text, stack[-1].part_start, end))
    if not stack:
        return
    outer = stack[0]
    if following is not None and _opens_continuation(text, following, outer.mark):
        outer.parts.append(_trimmed(text, outer.part_start, end))
        return
    log.debug("quotation opened at %d is not closed in its paragraph", outer.part_start)
    _close(stack, regions, _trimmed(text, outer.part_start, end))


def _opens_continuation(text: str, start: int, mark: str) -> bool:
    return start < len(text) and text[start] in TOP_LEVEL_OPENERS and text[start] in _family(mark)


def _family(mark: str) -> frozenset[str]:
    return DOUBLE_OPENERS if mark in DOUBLE_OPENERS else frozenset({mark})


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """A part without surrounding spaces or the comma that hands over to the attribution."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


# -- reported clauses from the parse ------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Attribution:
    """A verb of saying (or "according to") and the word that names who spoke."""

    cue: Token
    cue_text: str
    speaker: Token | None


@dataclass(frozen=True, slots=True)
class ReportedClause:
    """The content of reported speech: the tokens of a clause, and who reported it."""

    attribution: Attribution
    tokens: tuple[Token, ...]

    @property
    def start(self) -> int:
        return self.tokens[0].idx

    @property
    def end(self) -> int:
        last = self.tokens[-1]
        return last.idx + len(last.text)


def is_speech_verb(token: Token) -> bool:
    return token.pos in grammar.VERB_TAGS and _is_speech_lemma(token.lemma, token.doc)


def reported_clauses(doc: Doc, narrative: Callable[[Token], bool]) -> list[ReportedClause]:
    """Indirect speech whose verb of saying (or "according to") is a ``narrative`` token."""
    out: list[ReportedClause] = []
    for i, speech in _speech_cues(doc):
        token = doc[i]
        if not narrative(token):
            continue
        clause = _speech_clause(token) if speech else _according_to_clause(token)
        if clause is not None:
            out.append(clause)
    return out


def _speech_cues(doc: Doc) -> Iterator[tuple[int, bool]]:
    """(index, is a verb of saying) of each token ``is_speech_verb`` accepts and each "according",
    read from the doc's arrays: this runs over every token, and a Token's string attributes cost
    a look-up each."""
    rows = doc.to_array([POS, LEMMA, LOWER])
    verbs = (rows[:, 0] == VERB) | (rows[:, 0] == AUX)
    according = rows[:, 2] == doc.vocab.strings.add("according")
    for i in np.flatnonzero(verbs | according).tolist():
        if verbs[i] and _is_speech_lemma(int(rows[i, 1]), doc):
            yield i, True
        elif according[i]:
            yield i, False


_SPEECH_LEMMAS: dict[int, bool] = {}  # lemma hash -> whether it is a verb of saying (hash of the string: stable)


def _is_speech_lemma(lemma: int, doc: Doc) -> bool:
    known = _SPEECH_LEMMAS.get(lemma)
    if known is None:
        known = _SPEECH_LEMMAS[lemma] = doc.vocab.strings[lemma].lower() in SPEECH_VERBS
    return known


def _speech_clause(verb: Token) -> ReportedClause | None:
    speakers = grammar.subjects(verb)
    if not speakers:
        return None  # "it was said that ...": no one to attribute it to
    attribution = Attribution(cue=verb, cue_text=verb.text, speaker=speakers[0])
    complements = [c for c in verb.children if c.dep_ == "ccomp" and _is_statement(c)]
    if complements:
        return _clause(attribution, list(complements[0].subtree), ())
    if verb.dep_ == "parataxis" and verb.head.pos_ in {"VERB", "AUX"}:
        # "The talks, he said, will resume": the host clause is what was said
        return _clause(attribution, list(verb.head.subtree), tuple(verb.subtree))
    return None


def _is_statement(head: Token) -> bool:
    """A clause with a verb and a real subject; "declared himself (acting) president" is a
    small clause naming a status, not a statement, whatever the parser makes of "acting"."""
    if head.pos_ not in {"VERB", "AUX"}:
        return False
    return not any(c.dep_ == "nsubj" and c.lower_ in REFLEXIVES for c in head.children)


def _according_to_clause(token: Token) -> ReportedClause | None:
    speaker = _according_to_speaker(token)
    if speaker is None or token.head is token:
        return None
    attribution = Attribution(cue=token, cue_text="according to", speaker=speaker)
    return _clause(attribution, list(token.head.subtree), tuple(token.subtree))


def _according_to_speaker(token: Token) -> Token | None:
    if token.lower_ != "according":
        return None
    for to in token.children:
        if to.lower_ == "to":
            objects = [c for c in to.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


def _clause(
    attribution: Attribution, tokens: list[Token], excluded: tuple[Token, ...]
) -> ReportedClause | None:
    """Clause tokens minus the attribution, the complementizer and edge punctuation."""
    drop = {t.i for t in excluded}
    kept = [t for t in tokens if t.i not in drop and t.i != attribution.cue.i]
    reach = [attribution.cue, *kept]
    if _crosses_paragraph(reach):
        return None  # a parse that runs across paragraphs is a parse error, not speech
    while kept and (kept[0].is_punct or kept[0].is_space or _is_complementizer(kept[0])):
        kept.pop(0)
    while kept and (kept[-1].is_punct or kept[-1].is_space):
        kept.pop()
    if len([t for t in kept if t.is_alpha]) < 2:
        return None
    return ReportedClause(attribution=attribution, tokens=tuple(kept))


def _crosses_paragraph(tokens: Sequence[Token]) -> bool:
    first = min(t.i for t in tokens)
    last = max(t.i for t in tokens)
    return any(_breaks_paragraph(t) for t in tokens[0].doc[first:last])


def _is_complementizer(token: Token) -> bool:
    return token.dep_ == "mark" and token.lower_ in {"that", "whether", "if"}


# -- attribution next to quotation marks --------------------------------------------------------
def _breaks_paragraph(token: Token) -> bool:
    return "\n\n" in token.whitespace_ or (token.is_space and "\n\n" in token.text)


def _window_after(doc: Doc, offset: int, narrative: Callable[[Token], bool]) -> list[Token]:
    """Narrative tokens after a closing mark, up to the end of their sentence or the next quote."""
    out: list[Token] = []
    for token in doc[_token_index_before(doc, offset) :]:
        if _is_mark(token):
            continue
        if not narrative(token) or len(out) >= ATTRIBUTION_REACH_TOKENS:
            break
        if token.text in SENTENCE_END:
            break
        out.append(token)
        if _breaks_paragraph(token):
            break
    return out


def _window_before(doc: Doc, offset: int, narrative: Callable[[Token], bool]) -> list[Token]:
    """Narrative tokens before an opening mark, back to the start of their sentence."""
    out: list[Token] = []
    for token in reversed(doc[: _token_index_before(doc, offset)]):
        if _is_mark(token):
            continue
        if not narrative(token) or token.text in SENTENCE_END or _breaks_paragraph(token):
            break
        if len(out) >= ATTRIBUTION_REACH_TOKENS:
            break
        out.append(token)
    return out


def _token_index_before(doc: Doc, offset: int) -> int:
    """The index of the first token at or after ``offset``."""
    return bisect_left(doc, offset, key=lambda token: token.idx)


def _is_mark(token: Token) -> bool:
    text = token.text
    return bool(text) and not text.strip(_QUOTE_CHAR_STRING)  # only quote marks; str.strip is C


def _attribution_in(tokens: Sequence[Token]) -> Attribution | None:
    for token in tokens:
        if is_speech_verb(token):
            speakers = grammar.subjects(token)
            return Attribution(cue=token, cue_text=token.text, speaker=speakers[0] if speakers else None)
        speaker = _according_to_speaker(token)
        if speaker is not None:
            return Attribution(cue=token, cue_text="according to", speaker=speaker)
    return None


def _linear_attribution(
    doc: Doc, region: QuotedRegion, narrative: Callable[[Token], bool]
) -> Attribution | None:
    """The verb of saying beside the marks: before them after a colon, else after, else before."""
    text = doc_text(doc)
    before = _window_before(doc, region.start, narrative)
    lead = _previous_visible(text, region.start)
    if lead in {":", ","}:
        found = _attribution_in(before)
        if found is not None:
            return found
    closing = _closing_mark_end(text, region.end)
    after = _window_after(doc, closing, narrative)
    # A full stop inside the marks ends the sentence unless the narration goes on in lower case;
    # "!" and "?" often close a quote that an attribution follows: '"Why?" Biden asked.'
    if after and (_last_visible(text, region.end) != "." or after[0].text[:1].islower()):
        found = _attribution_in(after)
        if found is not None:
            return found
    return _attribution_in(before)


def _previous_visible(text: str, offset: int) -> str:
    """The first character before ``offset`` that is neither a space nor a quotation mark."""
    i = offset - 1
    while i >= 0 and text[i] != "\n" and (text[i].isspace() or text[i] in QUOTE_CHARS):
        i -= 1
    return text[i] if i >= 0 else "\n"


def _last_visible(text: str, end: int) -> str:
    return text[end - 1] if end > 0 else ""


def _closing_mark_end(text: str, end: int) -> int:
    i = end
    while i < len(text) and (text[i].isspace() or text[i] in ",.!?" or text[i] in QUOTE_CHARS):
        if text[i] in QUOTE_CHARS:
            return i + 1
        i += 1
    return end


def _is_standalone(doc: Doc, region: QuotedRegion) -> bool:
    """Marks that open a sentence, follow punctuation or directly follow a verb of saying."""
    lead = _previous_visible(doc_text(doc), region.start)
    if lead in STANDALONE_AFTER or lead == "\n":
        return True
    index = _token_index_before(doc, region.start)
    previous = next((doc[i] for i in range(index - 1, -1, -1) if not _is_mark(doc[i]) and not doc[i].is_space), None)
    return previous is not None and is_speech_verb(previous)


# -- turning regions and clauses into quotes ----------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Draft:
    """A quote before its speaker is resolved."""

    parts: tuple[tuple[int, int], ...]
    kind: str
    attribution: Attribution | None
    text: str


def extract_quotes(
    doc: Doc, *, doc_id: str, actors: SpeakerResolver, doc_date: date | None = None
) -> list[Quote]:
    """Direct and indirect quotes of a parsed document, in text order (see the module doc)."""
    regions = find_quoted_regions(doc_text(doc))
    narrative = _outside(regions)
    clauses = reported_clauses(doc, narrative)
    drafts = _direct_drafts(doc, regions, clauses, narrative)
    # A reported clause that is all inside quotation marks is the direct quote, not a second one.
    drafts += [_indirect_draft(c) for c in clauses if not any(_covers(r, c) for r in regions)]
    drafts.sort(key=lambda d: d.parts[0][0])
    return _resolve(doc, drafts, doc_id=doc_id, actors=actors, doc_date=doc_date)


def _outside(regions: Sequence[QuotedRegion]) -> Callable[[Token], bool]:
    """Tokens of the narration: outside every quotation (a bisect, as it runs on every token)."""
    parts = sorted(part for region in regions for part in region.parts)
    starts = [start for start, _end in parts]

    def narrative(token: Token) -> bool:
        index = bisect_right(starts, token.idx) - 1
        quoted = index >= 0 and token.idx < parts[index][1]
        return not quoted and not _is_mark(token)

    return narrative


def _inside(region: QuotedRegion) -> Callable[[Token], bool]:
    def narrative(token: Token) -> bool:
        return (
            region.contains(token.idx)
            and not _is_mark(token)
            and not any(n.contains(token.idx) for n in region.nested)
        )

    return narrative


def _direct_drafts(
    doc: Doc,
    regions: Sequence[QuotedRegion],
    clauses: Sequence[ReportedClause],
    narrative: Callable[[Token], bool],
) -> list[_Draft]:
    """Direct quotes; two marked parts around one attribution become one quote."""
    drafts: list[_Draft] = []
    nested: list[_Draft] = []
    for region in regions:
        nested.extend(_nested_drafts(doc, region))
        draft = _direct_draft(doc, region, clauses, narrative)
        if draft is None:
            continue
        if drafts and _continues(drafts[-1], draft):
            drafts[-1] = _joined(doc_text(doc), drafts[-1], draft)
        else:
            drafts.append(draft)
    return drafts + nested


def _direct_draft(
    doc: Doc,
    region: QuotedRegion,
    clauses: Sequence[ReportedClause],
    narrative: Callable[[Token], bool],
) -> _Draft | None:
    host = _clause_around(doc_text(doc), region, clauses)
    if host is not None:
        if not _covers(region, host):
            return None  # a partial quote: the indirect quote holds it
        return _region_draft(doc_text(doc), region, host.attribution)
    attribution = _linear_attribution(doc, region, narrative)
    if attribution is None and not _is_standalone(doc, region) and not _reads_as_speech(doc, region):
        log.debug("skipping scare quote or title %r", doc_text(doc)[region.start : region.end])
        return None
    return _region_draft(doc_text(doc), region, attribution)


def _clause_around(
    text: str, region: QuotedRegion, clauses: Sequence[ReportedClause]
) -> ReportedClause | None:
    """The reported clause the marks sit in; a full stop inside the closing mark may stick out."""
    end = region.end
    while end > region.start and not text[end - 1].isalnum():
        end -= 1
    for clause in clauses:
        if clause.start <= region.start and end <= clause.end:
            return clause
    return None


def _covers(region: QuotedRegion, clause: ReportedClause) -> bool:
    return all(region.contains(t.idx) for t in clause.tokens if not (t.is_punct or t.is_space))


def _reads_as_speech(doc: Doc, region: QuotedRegion) -> bool:
    """Enough words, and a verb among them: a sentence someone said, not a label."""
    span = doc.char_span(region.start, region.end, alignment_mode="expand")
    if span is None:
        return False
    words = [t for t in span if t.is_alpha]
    return len(words) > SCARE_QUOTE_MAX_WORDS and any(t.pos_ in {"VERB", "AUX"} for t in span)


def _region_draft(text: str, region: QuotedRegion, attribution: Attribution | None) -> _Draft:
    return _Draft(parts=region.parts, kind="direct", attribution=attribution,
                  text=_joined_parts(text, region.parts))


def _joined_parts(text: str, parts: Sequence[tuple[int, int]]) -> str:
    """The quoted words of all parts; a comma that handed over to the attribution joins them."""
    pieces: list[str] = []
    for index, (start, end) in enumerate(parts):
        last = index == len(parts) - 1
        comma = not last and end < len(text) and text[end] == ","
        pieces.append(text[start:end] + ("," if comma else ""))
    return " ".join(pieces)


def _continues(previous: _Draft, current: _Draft) -> bool:
    """Two quotation marks around one attribution: ``"A," she said, "B."``."""
    return (
        previous.kind == current.kind == "direct"
        and previous.attribution is not None
        and current.attribution is not None
        and previous.attribution.cue.i == current.attribution.cue.i
    )


def _joined(text: str, first: _Draft, second: _Draft) -> _Draft:
    parts = first.parts + second.parts
    return replace(first, parts=parts, text=_joined_parts(text, parts))


def _nested_drafts(doc: Doc, region: QuotedRegion) -> list[_Draft]:
    """Quotes inside a quote that a verb of saying inside the outer quote attributes."""
    drafts: list[_Draft] = []
    for inner in region.nested:
        attribution = _linear_attribution(doc, inner, _inside(region))
        if attribution is not None:
            drafts.append(_region_draft(doc_text(doc), inner, attribution))
    return drafts


def _indirect_draft(clause: ReportedClause) -> _Draft:
    return _Draft(
        parts=((clause.start, clause.end),),
        kind="indirect",
        attribution=clause.attribution,
        text=_plain_text(clause.tokens),
    )


def _plain_text(tokens: Sequence[Token]) -> str:
    """The clause as written, without quotation marks (partial quotes read as plain words) and
    without a parenthetical attribution ("The talks, he said, will resume")."""
    kept = {t.i for t in tokens if not _is_mark(t)}
    doc = tokens[0].doc
    pieces = [
        (t.text if t.i in kept else "") + t.whitespace_
        for t in doc[tokens[0].i : tokens[-1].i + 1]
    ]
    return " ".join("".join(pieces).split())


# -- speakers, about, dates ---------------------------------------------------------------------
def _resolve(
    doc: Doc,
    drafts: Sequence[_Draft],
    *,
    doc_id: str,
    actors: SpeakerResolver,
    doc_date: date | None,
) -> list[Quote]:
    quotes: list[Quote] = []
    for draft in drafts:
        sentence = _sentence_index(doc, draft.parts[0][0])
        speaker = _speaker(draft.attribution, actors, quotes, sentence)
        quotes.append(
            Quote(
                doc_id=doc_id,
                text=draft.text,
                start=draft.parts[0][0],
                end=draft.parts[-1][1],
                speaker=speaker,
                kind=draft.kind,
                sentence_index=sentence,
                cue=draft.attribution.cue_text if draft.attribution else None,
                about=_about(draft, actors, speaker),
                date=_quote_date(draft.attribution, doc_date),
            )
        )
    return quotes


def _sentence_index(doc: Doc, offset: int) -> int:
    for index, sent in enumerate(doc.sents):
        if offset < sent.end_char:
            return index
    return 0


def _speaker(
    attribution: Attribution | None,
    actors: SpeakerResolver,
    earlier: Sequence[Quote],
    sentence: int,
) -> Actor | None:
    if attribution is None or attribution.speaker is None:
        return None
    token = attribution.speaker
    found = actors.actor_for(token)
    if found is not None and found.id is not None:
        return found
    if token.pos_ == "PRON":
        return _previous_speaker(token, earlier, sentence) or found or _as_written([token])
    return _spokesperson(token, actors) or found or _as_written(_phrase(token))


def _previous_speaker(pronoun: Token, earlier: Sequence[Quote], sentence: int) -> Actor | None:
    """An unresolved "he"/"they" most often continues the speaker of the quote just before."""
    for quote in reversed(earlier):
        if sentence - quote.sentence_index > PRONOUN_REACH_SENTENCES:
            return None
        if quote.speaker is not None and _pronoun_fits(pronoun, quote.speaker):
            return replace(quote.speaker, text=pronoun.text, start=pronoun.idx,
                           end=pronoun.idx + len(pronoun.text))
    return None


def _pronoun_fits(pronoun: Token, actor: Actor) -> bool:
    lower = pronoun.lower_
    if lower in PERSON_PRONOUNS:
        return actor.kind not in {"country", "org"}
    if lower in GROUP_PRONOUNS:
        return actor.kind != "person"
    return False


def _spokesperson(token: Token, actors: SpeakerResolver) -> Actor | None:
    """ "the Kremlin's spokesman" speaks for the Kremlin when only the Kremlin is known."""
    if token.lemma_.lower() not in SPOKESPERSON_NOUNS:
        return None
    owners = [c for c in token.children if c.dep_ == "poss"]
    principal = actors.actor_for(owners[0]) if owners else None
    if principal is None or principal.id is None:
        return None
    phrase = _phrase(token)
    return replace(principal, text=_span_text(phrase), start=phrase[0].idx,
                   end=phrase[-1].idx + len(phrase[-1].text))


def _phrase(head: Token) -> list[Token]:
    """The noun phrase of ``head`` without relative clauses or appositions: "the head of X"."""
    last = head.i
    for child in head.rights:
        if child.dep_ == "compound" or (child.dep_ == "prep" and child.lower_ == "of"):
            last = max(last, child.right_edge.i)
    first = head.left_edge.i
    while first < head.i and (head.doc[first].is_punct or head.doc[first].is_space):
        first += 1
    return list(head.doc[first : last + 1])


def _span_text(tokens: Sequence[Token]) -> str:
    return doc_text(tokens[0].doc)[tokens[0].idx : tokens[-1].idx + len(tokens[-1].text)]


def _as_written(tokens: Sequence[Token]) -> Actor:
    return Actor(text=_span_text(tokens), start=tokens[0].idx, end=tokens[-1].idx + len(tokens[-1].text))


def _about(draft: _Draft, actors: SpeakerResolver, speaker: Actor | None) -> tuple[Actor, ...]:
    """Actors mentioned in the quoted words (not in the attribution between parts), once each."""
    seen = {speaker.identity} if speaker else set()
    out: list[Actor] = []
    for start, end in draft.parts:
        for actor in actors.actors_in(start, end):
            if actor.identity not in seen:
                seen.add(actor.identity)
                out.append(actor)
    return tuple(out)


def _quote_date(attribution: Attribution | None, doc_date: date | None) -> str | None:
    if doc_date is None:
        return None
    expression = _date_expression(attribution.cue) if attribution else None
    if expression is None:
        return doc_date.isoformat()
    return resolve_speech_date(expression, doc_date)


def _date_expression(cue: Token) -> str | None:
    """ "said on Friday", "said yesterday": a date on the verb of saying itself."""
    for child in cue.children:
        if child.dep_ == "prep" and child.lower_ == "on":
            for pobj in child.children:
                if pobj.dep_ == "pobj" and _is_date_word(pobj):
                    return _entity_text(pobj)
        elif child.dep_ in {"npadvmod", "advmod", "tmod"} and _is_date_word(child):
            return _entity_text(child)
    return None


def _is_date_word(token: Token) -> bool:
    return token.ent_type_ == "DATE" or token.lower_ in WEEKDAYS or token.lower_ in RELATIVE_DAYS


def _entity_text(token: Token) -> str:
    for ent in doc_ents(token.doc):
        if ent.start <= token.i < ent.end and ent.label_ == "DATE":
            return str(ent.text)
    return str(token.text)


def resolve_speech_date(expression: str, doc_date: date) -> str:
    """The ISO date a statement was made: the dates stage if present, else weekdays and
    "yesterday"/"today" counted back from the document date (speech is reported after the fact)."""
    if _dates_stage_resolve is not None:
        resolved = _dates_stage_resolve(expression, doc_date, "past")
        if resolved is not None:
            return str(resolved.value)
    words = expression.lower().split()
    for word in words:
        if word in RELATIVE_DAYS:
            return (doc_date - timedelta(days=RELATIVE_DAYS[word])).isoformat()
        if word in WEEKDAYS:
            back = (doc_date.weekday() - WEEKDAYS.index(word)) % 7
            return (doc_date - timedelta(days=back)).isoformat()
    return doc_date.isoformat()


# -- for the event coder ------------------------------------------------------------------------
def speech_spans(quotes: Sequence[Quote], text: str | None = None) -> list[tuple[int, int, Quote]]:
    """Character ranges of quoted or reported content, each mapped to the quote it belongs to.

    The ranges do not overlap: where quotes nest (a quote inside an indirect clause, a quote
    inside a quote) the innermost one owns the characters. Given the document ``text``, a split
    direct quote contributes only its quoted parts, not the attribution between them.
    """
    pieces: list[tuple[int, int, Quote]] = []
    for quote in sorted(quotes, key=lambda q: (q.end - q.start), reverse=True):
        for start, end in _quote_parts(quote, text):
            pieces = _carve(pieces, start, end)
            pieces.append((start, end, quote))
    return sorted(pieces, key=lambda p: p[0])


def _quote_parts(quote: Quote, text: str | None) -> list[tuple[int, int]]:
    """The quoted parts of a direct quote (found again from the text), else its whole range."""
    if text is None or quote.kind != "direct":
        return [(quote.start, quote.end)]
    parts = [
        (start, end)
        for region in _regions_between(find_quoted_regions(text), quote.start, quote.end)
        for start, end in region.parts
    ]
    return parts or [(quote.start, quote.end)]


def _regions_between(regions: Sequence[QuotedRegion], start: int, end: int) -> list[QuotedRegion]:
    """The regions inside [start, end], looking into nested ones for a nested quote."""
    found: list[QuotedRegion] = []
    for region in regions:
        if start <= region.start and region.end <= end:
            found.append(region)
        elif region.start <= start and end <= region.end:
            found.extend(_regions_between(region.nested, start, end))
    return found


def _carve(pieces: list[tuple[int, int, Quote]], start: int, end: int) -> list[tuple[int, int, Quote]]:
    """Remove [start, end) from existing pieces, keeping what lies on either side."""
    out: list[tuple[int, int, Quote]] = []
    for s, e, quote in pieces:
        if e <= start or s >= end:
            out.append((s, e, quote))
            continue
        if s < start:
            out.append((s, start, quote))
        if e > end:
            out.append((end, e, quote))
    return out
