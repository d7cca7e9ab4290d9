"""The typed data model at the centre of eventwire.

Every pipeline stage takes and returns these frozen objects. Offsets are character offsets into
``Article.text`` (the *cleaned* text), the way spaCy spans point into a ``Doc``.

    RawDocument --clean--> Article --parse+code--> Event (with Actor, Trigger, Location)
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from eventwire import jsonio



class Modality(StrEnum):
    """Whether an event happened, is planned, is conditional, or is denied."""

    ASSERTED = "asserted"
    FUTURE = "future"
    HYPOTHETICAL = "hypothetical"
    NEGATED = "negated"


class DateBasis(StrEnum):
    """Where an event's date came from."""

    TEXT = "text"
    DOCUMENT = "document"


@dataclass(frozen=True, slots=True)
class RawDocument:
    """A document as read from a source, before cleaning."""

    text: str
    id: str | None = None
    date: date | None = None
    url: str | None = None
    title: str | None = None
    source_name: str | None = None
    language: str | None = None
    is_html: bool = False
    origin: str | None = None  # file path, URL or "<stdin>", for error messages


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned document: the text every offset points into, and its metadata."""

    id: str
    text: str
    date: date | None
    date_basis: str = "given"  # given | metadata | today
    url: str | None = None
    title: str | None = None
    source_name: str | None = None
    language: str | None = None
    byline: str | None = None
    dateline: str | None = None
    paragraphs: tuple[tuple[int, int], ...] = ()  # (start, end) offsets into text
    removed: tuple[str, ...] = ()  # boilerplate lines that were dropped, for inspection

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Actor:
    """A participant in an event, as written and as resolved to a canonical identity.

    ``id`` is canonical (``person:joe-biden``, ``country:RUS``, ``org:nato``,
    ``agent:UKR-MIL``) or ``None`` when the mention could not be resolved.
    """

    text: str
    id: str | None = None
    name: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-3; None for IGOs and unknowns
    sector: str | None = None  # CAMEO agent code: GOV, MIL, IGO, ...
    kind: str | None = None  # person | country | org | agent
    start: int | None = None  # offsets of the mention in Article.text
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "id": self.id,
            "name": self.name,
            "country": self.country,
            "sector": self.sector,
            "start": self.start,
            "end": self.end,
        }

    @property
    def identity(self) -> str:
        """What two mentions must share to be the same actor."""
        return self.id or f"text:{self.text.lower()}"


@dataclass(frozen=True, slots=True)
class Trigger:
    text: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class Location:
    name: str
    country: str | None
    lat: float | None
    lon: float | None

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "country": self.country, "lat": self.lat, "lon": self.lon}


@dataclass(frozen=True, slots=True)
class EventDate:
    """An ISO date at its precision (``2022-01-02``, ``2022-01``, ``2014``), maybe a range."""

    value: str
    end: str | None = None
    basis: DateBasis = DateBasis.TEXT
    text: str | None = None  # the expression it came from


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event: the record contract of docs/product.md."""

    doc_id: str
    source: Actor | None
    target: Actor | None
    cameo: str
    plover: str | None
    mode: str | None
    quad_class: int
    goldstein: float
    modality: Modality
    said_by: Actor | None
    date: str | None
    date_end: str | None
    date_basis: DateBasis
    location: Location | None
    sentence: str
    sentence_index: int
    trigger: Trigger
    confidence: float
    coder: str
    rule: str | None = None
    quote_id: str | None = None
    id: str = field(default="")

    def __post_init__(self) -> None:
        if not self.id:
            object.__setattr__(self, "id", self.stable_id())

    def stable_id(self) -> str:
        """Same input, same id: a hash of where the event sits and what it is."""
        key = "|".join(
            [
                self.doc_id,
                str(self.trigger.start),
                str(self.trigger.end),
                self.cameo,
                self.source.identity if self.source else "",
                self.target.identity if self.target else "",
            ]
        )
        return "ev_" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "doc_id": self.doc_id,
            "source": self.source.to_dict() if self.source else None,
            "target": self.target.to_dict() if self.target else None,
            "cameo": self.cameo,
            "plover": self.plover,
            "mode": self.mode,
            "quad_class": self.quad_class,
            "goldstein": self.goldstein,
            "modality": str(self.modality),
            "said_by": self.said_by.to_dict() if self.said_by else None,
            "date": self.date,
            "date_end": self.date_end,
            "date_basis": str(self.date_basis),
            "location": self.location.to_dict() if self.location else None,
            "sentence": self.sentence,
            "sentence_index": self.sentence_index,
            "trigger": self.trigger.to_dict(),
            "confidence": self.confidence,
            "coder": self.coder,
            "rule": self.rule,
            "quote_id": self.quote_id,
        }

    def to_json(self) -> str:
        return jsonio.dumps(self.to_dict())


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct or indirect quotation with its speaker and what it is about."""

    doc_id: str
    text: str  # the quoted words (direct) or the reported clause (indirect)
    start: int  # offsets of ``text`` in Article.text
    end: int
    speaker: Actor | None
    kind: str  # direct | indirect
    sentence_index: int
    cue: str | None = None  # the verb or phrase of saying: "said", "according to"
    about: tuple[Actor, ...] = ()
    date: str | None = None
    id: str = field(default="")

    def __post_init__(self) -> None:
        if not self.id:
            key = f"{self.doc_id}|{self.start}|{self.end}"
            object.__setattr__(self, "id", "q_" + hashlib.sha1(key.encode()).hexdigest()[:16])

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "doc_id": self.doc_id,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "speaker": self.speaker.to_dict() if self.speaker else None,
            "kind": self.kind,
            "sentence_index": self.sentence_index,
            "cue": self.cue,
            "about": [a.to_dict() for a in self.about],
            "date": self.date,
        }


@dataclass(frozen=True, slots=True)
class CodeResult:
    """What coding one article yields."""

    article: Article
    events: tuple[Event, ...]
    quotes: tuple[Quote, ...] = ()
    mentions: tuple[Actor, ...] = ()  # every resolved actor mention, in text order


@dataclass(frozen=True, slots=True)
class Skipped:
    """A document that was not coded, and why. Data, not an exception."""

    origin: str
    reason: str
    detail: str = ""

    def __str__(self) -> str:
        return f"{self.origin}: skipped ({self.reason}){': ' + self.detail if self.detail else ''}"


def replace(obj: Any, **changes: Any) -> Any:
    """``dataclasses.replace`` re-exported so stages need not import dataclasses."""
    return dataclasses.replace(obj, **changes)
