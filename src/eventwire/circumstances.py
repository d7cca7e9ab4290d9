"""Circumstances of a candidate: the tokens of its clause, and the dates and places attached there.

A date or a place belongs to an event when it hangs on the trigger's clause, not on a clause
below it nor on another event noun ("in retaliation for the killing of Soleimani last week": last
week is the killing's); a past event told with no date continues the story of the sentence
before. EventCoder resolves what these helpers find (dates by tense, places in the gazetteer).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import NamedTuple

from spacy.tokens import Doc, Span, Token

from eventwire.candidates import Candidate
from eventwire.dates import find_dates as find_date_expressions
from eventwire.model import DateBasis, EventDate, Event, Modality
from eventwire.nlp import doc_text, sentence_of, span_ents
from eventwire.places import PLACE_LABELS


def clause_tokens(cand: Candidate) -> set[int]:
    """Token indices whose attachments (dates, places) belong to the candidate's clause.

    A noun trigger reaches up to its verb ("followed on March 3 by a summit"); a verb
    reaches up its control chain ("are due to meet ... on Monday"); nothing crosses
    an adverbial or relative clause.
    """
    out = {cand.trigger.i, cand.clause.i}
    current = cand.clause
    if current.pos_ not in {"VERB", "AUX"}:
        for ancestor in current.ancestors:
            out.add(ancestor.i)
            if ancestor.pos_ in {"VERB", "AUX"}:
                current = ancestor
                break
            if ancestor.dep_ not in {"prep", "pobj", "dobj", "nsubjpass", "nsubj", "agent", "pcomp"}:
                return out
    while current.dep_ in {"xcomp", "conj"} and current.head is not current and current.head.pos_ in {"VERB", "AUX"}:
        current = current.head
        out.add(current.i)
    return out


def attachment(token: Token, anchors: set[int], event_noun: Callable[[Token], bool] | None = None) -> Token | None:
    """Climb from ``token`` to the first verb or anchor; return it when it is an anchor.

    With ``event_noun``, an event noun in a prepositional phrase keeps its own date ("in
    retaliation for the killing of Soleimani last week": last week is the killing's)."""
    below = token
    for t in token.ancestors:
        if t.i in anchors:
            return t
        if t.pos_ in {"VERB", "AUX"} and not _deadline_misread_as_agent(t, below):
            return None
        below = t
        if event_noun is not None and t.dep_ == "pobj" and t.pos_ == "NOUN" and event_noun(t):
            return None
    return None


def _deadline_misread_as_agent(verb: Token, below: Token) -> bool:
    """ "exchange all prisoners held over the conflict by the end of the year": a date is no
    agent, so a "by"-date the parser hung on a participle after the object is a deadline of
    the clause the participle's noun belongs to."""
    return verb.dep_ == "acl" and below.dep_ == "agent"


def after_event_noun(span: Span, anchors: set[int], event_noun: Callable[[Token], bool]) -> bool:
    """ "... in retaliation for a US drone strike last week": a date right after a phrase on an
    event noun dates that event, however the parser attached it."""
    if span.start == sentence_of(span[0]).start:
        return False
    previous = span.doc[span.start - 1]
    for t in [previous, *previous.ancestors]:
        if t.i in anchors or t.pos_ in {"VERB", "AUX"}:
            return False
        if t.dep_ == "pobj" and t.pos_ == "NOUN" and t.right_edge.i == previous.i and event_noun(t):
            return True
    return False


# Every candidate of a sentence asks for its dates; scanning the text once per sentence is enough.
find_dates = lru_cache(maxsize=4096)(find_date_expressions)
_DATE_SPANS_KEY = "eventwire.date_spans"


def date_spans(sent: Span) -> tuple[Span, ...]:
    """The sentence's DATE entities, and the date expressions the NER missed; found once per
    sentence (kept on the doc), since every candidate of the sentence asks."""
    found: dict[tuple[int, int], tuple[Span, ...]] = sent.doc.user_data.setdefault(_DATE_SPANS_KEY, {})
    key = (sent.start, sent.end)
    if key not in found:
        spans = [e for e in span_ents(sent) if e.label_ == "DATE"]
        doc = sent.doc
        offset = sent.start_char
        found_chars = [(s.start_char, s.end_char) for s in spans]
        for start, end, _text in find_dates(doc_text(doc)[offset : sent.end_char]):
            start, end = offset + start, offset + end
            if _overlaps_any(start, end, found_chars):
                continue  # mostly: the NER found it too (checked on characters: no Span to build)
            extra = doc.char_span(start, end, alignment_mode="expand")
            if extra is not None and not any(_overlaps(extra, s) for s in spans):
                spans.append(extra)
                found_chars.append((extra.start_char, extra.end_char))
        found[key] = tuple(spans)
    return found[key]


def _overlaps(a: Span, b: Span) -> bool:
    return a.start < b.end and b.start < a.end


def _overlaps_any(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    for s, e in ranges:  # a loop, not any() over a generator: most sentences have one or two
        if s < end and start < e:
            return True
    return False


def forget(doc: Doc) -> None:
    """Drop the per-sentence caches (date spans, date and place mentions) once the document is
    coded (see grammar.forget)."""
    for key in (_DATE_MENTIONS_KEY, _PLACE_MENTIONS_KEY, _DATE_SPANS_KEY):
        doc.user_data.pop(key, None)


class DateMention(NamedTuple):
    """A date expression of a sentence as the coder weighs it for every candidate there."""

    span: Span
    root: Token  # the word it hangs from the tree by
    text: str  # with its range tail (see with_range_tail)


_DATE_MENTIONS_KEY = "eventwire.date_mentions"


def date_mentions(sent: Span) -> tuple[DateMention, ...]:
    """``date_spans`` with each span's root and text, read once per sentence (kept on the doc):
    every candidate of the sentence weighs every one of them."""
    found: dict[tuple[int, int], tuple[DateMention, ...]] = sent.doc.user_data.setdefault(_DATE_MENTIONS_KEY, {})
    key = (sent.start, sent.end)
    if key not in found:
        found[key] = tuple(DateMention(s, s.root, with_range_tail(s)) for s in date_spans(sent))
    return found[key]


def with_range_tail(span: Span) -> str:
    """spaCy sometimes ends a date entity before the range's tail ("January 10" + "-11")."""
    doc = span.doc
    end = span.end
    text = doc_text(doc)  # sliced: a Span's text joins its tokens
    if end + 1 < len(doc) and doc[end].text in {"-", "–", "to"} and (tail := doc[end + 1]).like_num:
        return text[span.start_char : tail.idx + len(tail)]
    return text[span.start_char : span.end_char]


TIME_MARKS = frozenset({"after", "before", "when", "as", "while", "once"})
NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10}


def number(word: str) -> int | None:
    return int(word) if word.isdigit() else NUMBER_WORDS.get(word)


def narrative_date(history: Sequence[Event], index: int) -> EventDate | None:
    """A past event told with no date, right after a sentence dated in the text, continues that
    story ("... ended in a shouting match on Friday. Trump accused Zelensky ...")."""
    before = [e for e in history if e.sentence_index == index - 1 and e.modality is Modality.ASSERTED]
    if not before or any(e.date_basis is not DateBasis.TEXT for e in before):
        return None
    dates = {(e.date, e.date_end) for e in before}
    if len(dates) != 1:
        return None
    value, end = dates.pop()
    if end is not None or value is None or len(value) != 10:
        return None
    return EventDate(value=value, basis=DateBasis.TEXT, text=None)


class PlaceMention(NamedTuple):
    """A place entity of a sentence that is the object of a preposition of place ("in Kabul")."""

    prep: Token  # the preposition, where the place hangs on the tree
    phrase: str  # what the gazetteer is asked (see place_phrase)


_PLACE_MENTIONS_KEY = "eventwire.place_mentions"


def place_mentions(sent: Span, preps: frozenset[str]) -> tuple[PlaceMention, ...]:
    """The sentence's place entities (PLACE_LABELS) that are the object of one of ``preps``, in
    order; found once per sentence (kept on the doc), since every event of the sentence asks."""
    found: dict[tuple[int, int, frozenset[str]], tuple[PlaceMention, ...]] = sent.doc.user_data.setdefault(_PLACE_MENTIONS_KEY, {})
    key = (sent.start, sent.end, preps)
    if key not in found:
        mentions = []
        for ent in span_ents(sent):
            if ent.label_ not in PLACE_LABELS:
                continue
            root = ent.root
            prep = root.head
            if root.dep_ == "pobj" and prep.lower_ in preps:
                mentions.append(PlaceMention(prep, place_phrase(ent)))
        found[key] = tuple(mentions)
    return found[key]


def place_phrase(ent: Span) -> str:
    """ "Wilmington, Delaware": take the appositive region with the place."""
    doc = ent.doc
    end = ent.end
    if end + 1 < len(doc) and doc[end].text == "," and doc[end + 1].ent_type_ in PLACE_LABELS:
        tail = doc[end + 1]
        while tail.i + 1 < len(doc) and doc[tail.i + 1].ent_iob_ == "I":
            tail = doc[tail.i + 1]
        return doc[ent.start:tail.i + 1].text
    return ent.text
