"""Marked-up text for the article reader and the provenance page, without writing any HTML.

Spans (event triggers, actors, quotes, speakers) may overlap or nest: a trigger inside a quote,
a speaker inside a quote's sentence. So the text is cut at every span boundary into pieces,
and each piece lists every span that covers it; the template wraps each piece once, with all
its classes, and Jinja escapes the text. Offsets out of range are clipped, never trusted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Span:
    """A marked range of the text: what it is (``kind``) and the record it stands for."""

    start: int
    end: int
    kind: str  # trigger | source | target | quote | speaker
    ref: str  # the event or quote id it belongs to
    label: str = ""  # shown before the span (a quote's speaker)


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of text between two span boundaries, with every span that covers it."""

    text: str
    kinds: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()
    labels: tuple[str, ...] = field(default=())  # labels of spans that start here

    @property
    def css(self) -> str:
        return " ".join(f"m-{kind}" for kind in self.kinds)


def pieces(text: str, spans: Iterable[Span]) -> list[Piece]:
    """The text cut at every span boundary; each piece carries the spans over it."""
    valid = [_clip(span, len(text)) for span in spans]
    kept = [span for span in valid if span is not None]
    cuts = sorted({0, len(text), *(s.start for s in kept), *(s.end for s in kept)})
    return [_piece(text, start, end, kept) for start, end in zip(cuts, cuts[1:], strict=False) if end > start]


def _clip(span: Span, length: int) -> Span | None:
    start, end = max(0, span.start), min(length, span.end)
    if end <= start:
        return None
    return Span(start, end, span.kind, span.ref, span.label)


def _piece(text: str, start: int, end: int, spans: Sequence[Span]) -> Piece:
    covering = [span for span in spans if span.start <= start and end <= span.end]
    kinds = tuple(sorted({span.kind for span in covering}))
    refs = tuple(dict.fromkeys(span.ref for span in covering))
    labels = tuple(span.label for span in covering if span.start == start and span.label)
    return Piece(text[start:end], kinds, refs, labels)


# -- the spans of a document's records ---------------------------------------------------------


def event_spans(record: Mapping[str, Any]) -> list[Span]:
    """An event's trigger and its actors' mentions (when their offsets are known)."""
    event_id = str(record.get("id"))
    trigger = record.get("trigger") or {}
    spans = [Span(int(trigger["start"]), int(trigger["end"]), "trigger", event_id)] if "start" in trigger else []
    for role in ("source", "target"):
        actor = record.get(role) or {}
        if actor.get("start") is not None and actor.get("end") is not None:
            spans.append(Span(int(actor["start"]), int(actor["end"]), role, event_id))
    return spans


def quote_spans(record: Mapping[str, Any]) -> list[Span]:
    """A quote's words, labelled with its speaker, and the speaker's own mention."""
    quote_id = str(record.get("id"))
    speaker = record.get("speaker") or {}
    name = speaker.get("name") or speaker.get("text") or "unknown speaker"
    spans = [Span(int(record["start"]), int(record["end"]), "quote", quote_id, label=name)]
    if speaker.get("start") is not None and speaker.get("end") is not None:
        spans.append(Span(int(speaker["start"]), int(speaker["end"]), "speaker", quote_id))
    return spans


def document_pieces(text: str, events: Iterable[Mapping[str, Any]], quotes: Iterable[Mapping[str, Any]]) -> list[Piece]:
    spans = [span for record in events for span in event_spans(record)]
    spans += [span for record in quotes for span in quote_spans(record)]
    return pieces(text, spans)


def sentence_pieces(mention: Mapping[str, Any], document_text: str | None) -> list[Piece]:
    """A mention's sentence with its trigger and actors marked (offsets moved into the sentence)."""
    sentence = str(mention.get("sentence") or "")
    trigger = mention.get("trigger") or {}
    offset = _sentence_start(sentence, document_text, trigger.get("start"))
    if offset is None:
        return [Piece(sentence)]
    shifted = [Span(s.start - offset, s.end - offset, s.kind, s.ref) for s in event_spans(mention)]
    inside = [s for s in shifted if 0 <= s.start and s.end <= len(sentence)]
    return pieces(sentence, inside)


def _sentence_start(sentence: str, text: str | None, trigger_start: Any) -> int | None:
    if not text or trigger_start is None or not sentence:
        return None
    found = text.find(sentence, max(0, int(trigger_start) - len(sentence)))
    return found if found >= 0 else None


__all__ = ["Span", "Piece", "pieces", "event_spans", "quote_spans", "document_pieces", "sentence_pieces"]
