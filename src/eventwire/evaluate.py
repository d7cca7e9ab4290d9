"""Score a coder against gold data: the PLV sentence set, the PLOVER GSR records and eventwire's gold.

Three gold formats, detected from the path (:func:`detect_format`):

* ``plv`` -- a TSV with ``sentence``, ``source``, ``target`` and ``gold_root`` columns, one
  (sentence, dyad) per row. A row is *found* when the coder produces an event whose source and
  target match the row's spans; *type-correct* when that event's PLOVER type equals ``gold_root``.
* ``gsr`` -- the PLOVER gold-standard records (a JSON list with ``event``, ``text``, ``source``,
  ``target``); scored like ``plv``, with the record's actor lists as alternatives.
* ``eventwire`` -- our own exhaustively annotated documents (``gold/docs/*.yaml`` or a ``.jsonl``
  file; see ``gold/README.md``): recall over required events, precision over everything produced,
  forbidden events, and date, modality and speaker accuracy on matched events.

Old PLOVER type names are mapped explicitly (YIELD->CONCEDE, FIGHT->ASSAULT, DEMAND->REQUEST,
DISAPPROVE and INVESTIGATE->ACCUSE). PLOVER split the old YIELD into a verbal CONCEDE (CAMEO
081-083) and a material RETREAT (084-087) (../shared/data/plover/README-PLOVER.md), so a gold
YIELD is reported as CONCEDE and a coded RETREAT counts as right for it. Metrics are computed from summed counts, so datasets of one
format combine into a total by adding their counts.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import yaml

from eventwire.errors import ConfigError, DataError, InputError
from eventwire.model import Actor, Article, CodeResult, Event, RawDocument, Skipped

log = logging.getLogger(__name__)

PLV_DOCUMENT_DATE = date(2020, 1, 1)  # PLV sentences carry no date; any fixed one will do
OLD_TYPE_NAMES = {
    "YIELD": "CONCEDE",
    "FIGHT": "ASSAULT",
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
}
# Old names that the current PLOVER split in two: either current type is right for them.
OLD_TYPE_SPLITS = {"YIELD": frozenset({"CONCEDE", "RETREAT"})}
# CAMEO 01 and 02 are "dropped" by PLOVER; a coder that leaves `plover` empty for them is scored
# with the reading the gold set documents (appeals are requests, denials are rejections).
CAMEO_PLOVER_FALLBACK = {"02": "REQUEST", "016": "REJECT"}
PLV_UNNAMED_PARTIES = frozenset({"a recipient", "an actor"})
SYMMETRIC_TYPES = frozenset({"AGREE", "COOPERATE"})
DIRECTED_CONSULT_MODES = frozenset({"phone", "visit"})  # the caller/visitor is the source
PRONOUNS = frozenset({"he", "she", "it", "they", "him", "her", "them", "his", "its", "their", "we", "us", "i"})
STOPWORDS = frozenset({"the", "a", "an", "of", "and", "s", "'s", "its", "his", "her", "their"})
FORMATS = ("plv", "gsr", "eventwire")

Progress = Callable[[int, int], None]


class CoderLike(Protocol):
    """What evaluation needs of a coder: ``eventwire.pipeline.Coder`` satisfies it."""

    def code(self, article: Article) -> CodeResult: ...


# --------------------------------------------------------------------------- report types


@dataclass(frozen=True, slots=True)
class Failure:
    """One thing the coder got wrong, for ``--verbose`` output."""

    doc_id: str
    kind: str  # missed | wrong-type | spurious | forbidden | date | modality | said_by
    detail: str
    sentence: str = ""


@dataclass(frozen=True, slots=True)
class DatasetReport:
    """Scores on one gold file or folder (or, as a total, on several of one format)."""

    name: str
    format: str
    documents: int
    counts: Mapping[str, int]
    per_type: Mapping[str, Mapping[str, int]]  # type -> {"gold": n, "found": n, "correct": n}
    confusion: Mapping[str, Mapping[str, int]]  # gold type -> predicted type -> n (found dyads)
    failures: tuple[Failure, ...] = ()
    digest: str = ""

    @property
    def metrics(self) -> dict[str, float | None]:
        return metrics_from_counts(self.format, self.counts)


@dataclass(frozen=True, slots=True)
class EvalReport:
    """Scores per dataset, plus one total per format."""

    datasets: tuple[DatasetReport, ...]
    totals: tuple[DatasetReport, ...] = field(default=())

    def total(self, fmt: str) -> DatasetReport | None:
        return next((t for t in self.totals if t.format == fmt), None)

    def metric(self, name: str) -> float | None:
        """``"eventwire.recall"``: a metric of one format's total, None when not measured."""
        fmt, _, key = name.partition(".")
        total = self.total(fmt)
        return total.metrics.get(key) if total else None


def _ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def metrics_from_counts(fmt: str, counts: Mapping[str, int]) -> dict[str, float | None]:
    """The headline numbers; None where nothing was there to measure."""
    c = Counter(counts)
    metrics = {
        "recall": _ratio(c["correct"], c["gold"]),
        "dyad_recall": _ratio(c["found"], c["gold"]),
        "type_accuracy": _ratio(c["correct"], c["found"]),
    }
    if fmt == "eventwire":
        metrics |= {
            "precision": _ratio(c["produced_correct"], c["produced"]),
            "date_accuracy": _ratio(c["date_correct"], c["date_checked"]),
            "modality_accuracy": _ratio(c["modality_correct"], c["modality_checked"]),
            "said_by_accuracy": _ratio(c["said_by_correct"], c["said_by_checked"]),
        }
        precision, recall = metrics["precision"], metrics["recall"]
        if precision is not None and recall is not None and precision + recall:
            metrics["f1"] = 2 * precision * recall / (precision + recall)
        else:
            metrics["f1"] = None
    return metrics


# --------------------------------------------------------------------------- type and actor matching


def normalise_type(name: str | None) -> str | None:
    """Upper-case a PLOVER type and map the older names to the current ones."""
    if not name:
        return None
    upper = name.strip().upper()
    return OLD_TYPE_NAMES.get(upper, upper)


def event_type(event: Event) -> str | None:
    """The PLOVER type of a produced event, falling back on its CAMEO code for 01/02."""
    if event.plover:
        return normalise_type(event.plover)
    for prefix in sorted(CAMEO_PLOVER_FALLBACK, key=len, reverse=True):
        if event.cameo.startswith(prefix):
            return CAMEO_PLOVER_FALLBACK[prefix]
    return None


def words(text: str) -> list[str]:
    """Lower-case word tokens without stopwords: what free-text actor matching compares."""
    tokens = re.findall(r"[\w][\w.'-]*", text.lower().replace("\u2019", "'"))
    return [t.strip(".'") for t in tokens if t.strip(".'") and t.strip(".'") not in STOPWORDS]


def actor_words(actor: Actor) -> set[str]:
    return set(words(actor.text)) | set(words(actor.name or ""))


def matches_actor_spec(spec: Any, actor: Actor | None) -> bool:
    """Does a system actor satisfy a gold actor spec of the eventwire gold format?

    ``"*"`` matches anything, including no actor; ``None`` matches only no actor; a list matches
    when any of its items does. ``person:``/``org:`` ids match only that id; ``country:XXX``
    matches that id or any actor whose country is XXX; ``agent:XXX-SEC`` matches that id, an actor
    of country XXX and sector SEC, or the bare country ``country:XXX``. Anything else is free text,
    matched by a shared word with the actor's text or name.
    """
    if spec == "*":
        return True
    if isinstance(spec, list):
        return any(matches_actor_spec(item, actor) for item in spec)
    if spec is None or actor is None:
        return spec is None and actor is None
    kind, sep, value = str(spec).partition(":")
    if not sep or kind not in {"person", "country", "org", "agent"}:
        return bool(set(words(str(spec))) & actor_words(actor))
    if actor.id == spec:
        return True
    if kind == "country":
        return actor.country == value
    if kind == "agent":
        country, _, sector = value.partition("-")
        same_agent = actor.country == country and actor.sector == sector
        return same_agent or actor.id == f"country:{country}"
    return False


def head_word(text: str) -> str | None:
    tokens = words(text)
    return tokens[-1] if tokens else None


def span_positions(sentence: str, needle: str) -> list[tuple[int, int]]:
    """Every (start, end) of ``needle`` in ``sentence``, case-insensitively."""
    if not needle.strip():
        return []
    found = re.finditer(re.escape(needle.strip()), sentence, flags=re.IGNORECASE)
    return [(m.start(), m.end()) for m in found]


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def matches_span(gold_text: str, actor: Actor | None, sentence: str) -> bool:
    """Does a system actor match a gold span (PLV, GSR)?

    True when the actor's offsets, or any place its text occurs in the sentence, overlap the gold
    span; or when the head word (last content word) of one appears among the words of the other.
    """
    if actor is None or not gold_text.strip():
        return False
    gold_spans = span_positions(sentence, gold_text)
    actor_spans = span_positions(sentence, actor.text)
    if actor.start is not None and actor.end is not None:
        actor_spans.append((actor.start, actor.end))
    if any(overlaps(g, a) for g in gold_spans for a in actor_spans):
        return True
    gold_head, actor_head = head_word(gold_text), head_word(_said_as(actor))
    return (gold_head in actor_words(actor)) or (actor_head in set(words(gold_text)))


def names_span(gold_text: str, actor: Actor | None, sentence: str, mentions: Sequence[Actor]) -> bool:
    """Is a pronoun actor the actor the gold span names? True when the coder resolved the pronoun
    to the same identity as its own reading of a mention inside the gold span ("Assad regime said
    it would allow ...": "it" and "Assad regime" are both the Syrian government)."""
    if actor is None or actor.id is None or actor.text.lower() not in PRONOUNS:
        return False
    spans = span_positions(sentence, gold_text)
    return any(
        m.id == actor.id and m.text.lower() not in PRONOUNS and m.start is not None and m.end is not None
        and any(g[0] <= m.start and m.end <= g[1] for g in spans)
        for m in mentions
    )


def _said_as(actor: Actor) -> str:
    """The words that stand for the actor: its text, or for a pronoun ("it", "they") the name it
    was resolved to, since "it" says nothing of whom the coder took it for."""
    if actor.text.lower() in PRONOUNS and actor.name:
        return actor.name
    return actor.text


def is_symmetric(plover: str | None, mode: str | None) -> bool:
    """Joint events, where "X and Y" may come out either way round."""
    if plover in SYMMETRIC_TYPES:
        return True
    return plover == "CONSULT" and mode not in DIRECTED_CONSULT_MODES


# --------------------------------------------------------------------------- articles


def make_article(doc_id: str, text: str, doc_date: date | None) -> Article:
    """Clean a gold text the way the pipeline would, or wrap it as is if cleaning is absent."""
    raw = RawDocument(text=text, id=doc_id, date=doc_date, origin=doc_id)
    try:
        from eventwire.clean import clean
    except ImportError:
        return Article(id=doc_id, text=text, date=doc_date)
    try:
        cleaned = clean(raw)
    except InputError as exc:
        # gold texts are clean already; a short one may look like boilerplate to the cleaner
        log.warning("cleaner rejected gold document %s (%s); coding it uncleaned", doc_id, exc)
        return Article(id=doc_id, text=text, date=doc_date)
    if isinstance(cleaned, Skipped):
        log.warning("cleaner skipped gold document %s (%s); coding it uncleaned", doc_id, cleaned)
        return Article(id=doc_id, text=text, date=doc_date)
    return cleaned


def code_events(coder: CoderLike, article: Article) -> tuple[Event, ...]:
    return tuple(coder.code(article).events)


# --------------------------------------------------------------------------- format detection


def detect_format(path: Path) -> str:
    """``plv`` for .tsv, ``gsr`` for a .json list of PLOVER records, ``eventwire`` for our gold."""
    if path.is_dir():
        if any(path.glob("*.yaml")) or any(path.glob("*.yml")) or any(path.glob("*.jsonl")):
            return "eventwire"
        if (path / "docs").is_dir():
            return "eventwire"
        raise InputError(
            f"no gold files (*.yaml, *.jsonl) in folder {path}; point eval at gold/ or a gold file"
        )
    suffix = path.suffix.lower()
    if suffix == ".tsv":
        return "plv"
    if suffix in {".yaml", ".yml", ".jsonl"}:
        return "eventwire"
    if suffix == ".json":
        return "gsr"
    raise InputError(
        f"cannot tell the gold format of {path}: expected .tsv (PLV), .json (PLOVER GSR), "
        ".yaml/.yml/.jsonl or a folder (eventwire gold)"
    )


def file_digest(paths: Iterable[Path]) -> str:
    """sha256 over the files' bytes, in name order: changes whenever the gold changes."""
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


# --------------------------------------------------------------------------- counting helpers


class Tally:
    """Mutable counters used while scoring one dataset, frozen into a DatasetReport at the end."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()
        self.per_type: dict[str, Counter[str]] = {}
        self.confusion: dict[str, Counter[str]] = {}
        self.failures: list[Failure] = []

    def gold_row(self, gold_type: str, predicted: str | None, found: bool) -> None:
        row = self.per_type.setdefault(gold_type, Counter())
        row["gold"] += 1
        self.counts["gold"] += 1
        if not found:
            return
        row["found"] += 1
        self.counts["found"] += 1
        self.confusion.setdefault(gold_type, Counter())[predicted or "NONE"] += 1
        if predicted == gold_type:
            row["correct"] += 1
            self.counts["correct"] += 1

    def freeze(self, name: str, fmt: str, documents: int, digest: str) -> DatasetReport:
        return DatasetReport(
            name=name,
            format=fmt,
            documents=documents,
            counts=dict(self.counts),
            per_type={k: dict(v) for k, v in sorted(self.per_type.items())},
            confusion={k: dict(v) for k, v in sorted(self.confusion.items())},
            failures=tuple(self.failures),
            digest=digest,
        )


# --------------------------------------------------------------------------- sentence-level gold (PLV, GSR)


@dataclass(frozen=True, slots=True)
class SentenceGold:
    """One gold (sentence, dyad, type) row; sources/targets are alternative spans."""

    doc_id: str
    sentence: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]  # empty: the record gives no target, so any target is accepted
    gold_type: str
    doc_date: date
    also_right: frozenset[str] = frozenset()  # other current types an old gold name covers

    def accepts(self, plover: str | None) -> bool:
        return plover == self.gold_type or plover in self.also_right


def accepted_types(name: str | None) -> frozenset[str]:
    return OLD_TYPE_SPLITS.get((name or "").strip().upper(), frozenset())


def plv_span(text: str, sentence: str) -> tuple[str, ...]:
    """A PLV actor span as alternatives; none for PLV's stand-ins for an unnamed party.

    PLV writes "a recipient" (or "An actor") where the sentence names no party on that side
    ("agreed to resign"); the text is not in the sentence, so no coded actor could match it.
    Such a side is scored like a GSR record without a target: any coded actor is accepted.
    """
    if text.strip().lower() in PLV_UNNAMED_PARTIES and text.lower() not in sentence.lower():
        return ()
    return (text,)


def load_plv(path: Path) -> list[SentenceGold]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    missing = {"sentence", "source", "target", "gold_root"} - set(rows[0] if rows else {})
    if missing:
        raise DataError(f"PLV file {path} lacks columns {sorted(missing)}; is it PLV_train.tsv?")
    return [
        SentenceGold(
            doc_id=f"plv-{row.get('sentence_id') or index}",
            sentence=row["sentence"],
            sources=plv_span(row["source"], row["sentence"]),
            targets=plv_span(row["target"], row["sentence"]),
            gold_type=normalise_type(row["gold_root"]) or "",
            doc_date=PLV_DOCUMENT_DATE,
            also_right=accepted_types(row["gold_root"]),
        )
        for index, row in enumerate(rows)
    ]


def _gsr_texts(value: Any) -> tuple[str, ...]:
    if not isinstance(value, list):
        return ()
    return tuple(a["actorText"] for a in value if isinstance(a, dict) and a.get("actorText"))


def load_gsr(path: Path) -> list[SentenceGold]:
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise DataError(f"PLOVER GSR file {path} is not valid JSON ({exc}); check the file") from exc
    if not isinstance(records, list):
        raise DataError(f"PLOVER GSR file {path} must hold a JSON list of records")
    rows = []
    for record in records:
        if record.get("event") == "DOCUMENT" or not record.get("text"):
            continue  # the file's own documentation record
        rows.append(
            SentenceGold(
                doc_id=str(record.get("id", len(rows))),
                sentence=record["text"],
                sources=_gsr_texts(record.get("source")),
                targets=_gsr_texts(record.get("target")),
                gold_type=normalise_type(record.get("event")) or "",
                doc_date=date.fromisoformat(record.get("date") or "2000-01-01"),
                also_right=accepted_types(record.get("event")),
            )
        )
    return rows


def dyad_found(row: SentenceGold, event: Event, mentions: Sequence[Actor] = ()) -> bool:
    """Source and target of ``event`` match the row's spans (either way round if symmetric)."""

    def side(spans: tuple[str, ...], actor: Actor | None) -> bool:
        return not spans or any(
            matches_span(s, actor, row.sentence) or names_span(s, actor, row.sentence, mentions) for s in spans
        )

    if side(row.sources, event.source) and side(row.targets, event.target):
        return True
    swapped = side(row.sources, event.target) and side(row.targets, event.source)
    return swapped and is_symmetric(event_type(event), event.mode)


def score_sentence_row(row: SentenceGold, events: Sequence[Event], tally: Tally, mentions: Sequence[Actor] = ()) -> None:
    found = [e for e in events if dyad_found(row, e, mentions)]
    types = [event_type(e) for e in found]
    predicted = row.gold_type if any(map(row.accepts, types)) else (types[0] if types else None)
    tally.gold_row(row.gold_type, predicted, bool(found))
    if not found:
        detail = f"{'/'.join(row.sources) or '*'} -> {'/'.join(row.targets) or '*'} {row.gold_type}"
        tally.failures.append(Failure(row.doc_id, "missed", detail, row.sentence))
    elif predicted != row.gold_type:
        detail = f"gold {row.gold_type}, coded {predicted}"
        tally.failures.append(Failure(row.doc_id, "wrong-type", detail, row.sentence))


def score_sentences(
    rows: Sequence[SentenceGold], coder: CoderLike, tally: Tally, progress: Progress | None
) -> int:
    """Code each distinct sentence once and score every row on it; returns the sentence count."""
    cache: dict[str, CodeResult] = {}
    for index, row in enumerate(rows, start=1):
        if row.sentence not in cache:
            cache[row.sentence] = coder.code(make_article(row.doc_id, row.sentence, row.doc_date))
        result = cache[row.sentence]
        score_sentence_row(row, result.events, tally, result.mentions)
        if progress:
            progress(index, len(rows))
    return len(cache)


# --------------------------------------------------------------------------- eventwire gold


@dataclass(frozen=True, slots=True)
class GoldEvent:
    """One annotated event of the eventwire gold format."""

    source: Any
    target: Any
    plover: str
    cameo: str | None = None
    mode: str | None = None
    modality: str | None = None
    date: str | None = None
    date_end: str | None = None
    has_date: bool = False
    said_by: Any = None
    trigger: str | None = None

    def describe(self) -> str:
        return f"{self.source} -> {self.target} {self.plover} ({self.trigger or '?'})"


@dataclass(frozen=True, slots=True)
class GoldDocument:
    id: str
    date: date | None
    text: str
    events: tuple[GoldEvent, ...]
    optional: tuple[GoldEvent, ...] = ()
    forbidden: tuple[GoldEvent, ...] = ()


def _as_text(value: Any) -> str | None:
    """YAML reads 2019-06-12 as a date and 2014 as an int; gold dates are ISO strings."""
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def parse_gold_event(raw: Mapping[str, Any], where: str) -> GoldEvent:
    if "plover" not in raw or "source" not in raw:
        raise DataError(f"gold event {dict(raw)} in {where} lacks 'plover' or 'source'")
    return GoldEvent(
        source=raw["source"],
        target=raw.get("target"),
        plover=normalise_type(raw["plover"]) or "",
        cameo=_as_text(raw.get("cameo")),
        mode=raw.get("mode"),
        modality=raw.get("modality"),
        date=_as_text(raw.get("date")),
        date_end=_as_text(raw.get("date_end")),
        has_date="date" in raw,
        said_by=raw.get("said_by"),
        trigger=raw.get("trigger"),
    )


def parse_gold_document(raw: Mapping[str, Any], where: str) -> GoldDocument:
    if not raw.get("id") or not raw.get("text"):
        raise DataError(f"a gold document in {where} lacks 'id' or 'text'; see gold/README.md")
    here = f"{where} ({raw['id']})"
    doc_date = _as_text(raw.get("date"))

    def events(key: str) -> tuple[GoldEvent, ...]:
        return tuple(parse_gold_event(e, here) for e in raw.get(key) or ())

    return GoldDocument(
        id=str(raw["id"]),
        date=date.fromisoformat(doc_date) if doc_date else None,
        text=str(raw["text"]),
        events=events("events"),
        optional=events("optional"),
        forbidden=events("forbidden"),
    )


def gold_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    folder = path / "docs" if (path / "docs").is_dir() else path
    patterns = ("*.yaml", "*.yml", "*.jsonl")
    return sorted(p for pattern in patterns for p in folder.glob(pattern))


def read_gold_records(path: Path) -> list[dict[str, Any]]:
    """The raw document mappings of one gold file (YAML list or JSON Lines)."""
    text = path.read_text(encoding="utf-8")
    try:
        if path.suffix == ".jsonl":
            return [json.loads(line) for line in text.splitlines() if line.strip()]
        loaded = yaml.safe_load(text)
    except (yaml.YAMLError, json.JSONDecodeError) as exc:
        raise DataError(f"gold file {path} cannot be parsed ({exc}); fix its syntax") from exc
    if not isinstance(loaded, list):
        raise DataError(f"gold file {path} must hold a list of documents, got {type(loaded)}")
    return loaded


def load_gold(path: Path) -> list[GoldDocument]:
    """Every document of an eventwire gold file or folder, in file order."""
    docs = [parse_gold_document(r, str(f)) for f in gold_files(path) for r in read_gold_records(f)]
    ids = Counter(d.id for d in docs)
    duplicates = sorted(i for i, n in ids.items() if n > 1)
    if duplicates:
        raise DataError(f"gold ids {duplicates} occur more than once under {path}; make them unique")
    return docs


def matches_gold(gold: GoldEvent, event: Event) -> bool:
    """Same PLOVER type and dyad (either way round for symmetric types)."""
    if event_type(event) != gold.plover:
        return False
    straight = matches_actor_spec(gold.source, event.source) and matches_actor_spec(
        gold.target, event.target
    )
    if straight:
        return True
    if not is_symmetric(gold.plover, gold.mode or event.mode):
        return False
    return matches_actor_spec(gold.source, event.target) and matches_actor_spec(
        gold.target, event.source
    )


def dyad_matches(gold: GoldEvent, event: Event) -> bool:
    """Like :func:`matches_gold` without the type: for dyad recall and the confusion table."""
    straight = matches_actor_spec(gold.source, event.source) and matches_actor_spec(
        gold.target, event.target
    )
    swapped = matches_actor_spec(gold.source, event.target) and matches_actor_spec(
        gold.target, event.source
    )
    return straight or swapped


def matches_forbidden(gold: GoldEvent, event: Event) -> bool:
    """A forbidden spec matches when type and dyad do and, if it names one, the modality too."""
    return matches_gold(gold, event) and (not gold.modality or gold.modality == event.modality)


def trigger_affinity(gold: GoldEvent, event: Event) -> int:
    """Prefer, among candidates, the event whose trigger is the annotated one."""
    if not gold.trigger:
        return 0
    gold_words, event_words = set(words(gold.trigger)), set(words(event.trigger.text))
    return 2 if gold_words & event_words else 0


def best_candidate(gold: GoldEvent, events: Sequence[Event], used: set[int]) -> int | None:
    scored = [
        (trigger_affinity(gold, e) + (gold.date is not None and gold.date == e.date), -i, i)
        for i, e in enumerate(events)
        if i not in used and matches_gold(gold, e)
    ]
    return max(scored)[2] if scored else None


def check_attributes(doc_id: str, gold: GoldEvent, event: Event, tally: Tally) -> None:
    """Date, modality and speaker of a matched event."""
    checks = []
    if gold.has_date and gold.date is not None:
        checks.append(("date", (gold.date, gold.date_end), (event.date, event.date_end)))
    if gold.modality:
        checks.append(("modality", gold.modality, str(event.modality)))
    for name, expected, got in checks:
        tally.counts[f"{name}_checked"] += 1
        if expected == got:
            tally.counts[f"{name}_correct"] += 1
        else:
            detail = f"{gold.describe()}: {name} gold {expected}, coded {got}"
            tally.failures.append(Failure(doc_id, name, detail, event.sentence))
    if gold.said_by not in (None, "*"):
        tally.counts["said_by_checked"] += 1
        if matches_actor_spec(gold.said_by, event.said_by):
            tally.counts["said_by_correct"] += 1
        else:
            speaker = event.said_by.identity if event.said_by else None
            detail = f"{gold.describe()}: said_by gold {gold.said_by}, coded {speaker}"
            tally.failures.append(Failure(doc_id, "said_by", detail, event.sentence))


def score_required(doc: GoldDocument, events: Sequence[Event], tally: Tally) -> None:
    """Recall over required events: a one-to-one assignment, best trigger first."""
    used: set[int] = set()
    for gold in doc.events:
        index = best_candidate(gold, events, used)
        if index is not None:
            used.add(index)
            tally.gold_row(gold.plover, gold.plover, True)
            check_attributes(doc.id, gold, events[index], tally)
            continue
        same_dyad = [event_type(e) for e in events if dyad_matches(gold, e)]
        tally.gold_row(gold.plover, same_dyad[0] if same_dyad else None, bool(same_dyad))
        kind, detail = ("wrong-type", f"coded {same_dyad[0]}") if same_dyad else ("missed", "")
        tally.failures.append(Failure(doc.id, kind, f"{gold.describe()} {detail}".strip()))


def score_produced(doc: GoldDocument, events: Sequence[Event], tally: Tally) -> None:
    """Precision: a produced event is right if it matches a required or optional event."""
    for event in events:
        tally.counts["produced"] += 1
        label = f"{event.source.identity if event.source else None} -> " + (
            f"{event.target.identity if event.target else None} {event_type(event)} "
            f"({event.trigger.text}, {event.modality})"
        )
        if any(matches_forbidden(f, event) for f in doc.forbidden):
            tally.counts["forbidden"] += 1
            tally.failures.append(Failure(doc.id, "forbidden", label, event.sentence))
        elif any(matches_gold(g, event) for g in (*doc.events, *doc.optional)):
            tally.counts["produced_correct"] += 1
        else:
            tally.failures.append(Failure(doc.id, "spurious", label, event.sentence))


def score_gold_documents(
    docs: Sequence[GoldDocument], coder: CoderLike, tally: Tally, progress: Progress | None
) -> None:
    for index, doc in enumerate(docs, start=1):
        events = code_events(coder, make_article(doc.id, doc.text, doc.date))
        score_required(doc, events, tally)
        score_produced(doc, events, tally)
        if progress:
            progress(index, len(docs))


# --------------------------------------------------------------------------- entry points


def evaluate_one(
    path: Path, coder: CoderLike, *, limit: int | None = None, progress: Progress | None = None
) -> DatasetReport:
    """Score ``coder`` on one gold file or folder."""
    if not path.exists():
        raise InputError(f"gold path {path} does not exist; give a gold file or folder")
    fmt = detect_format(path)
    tally = Tally()
    if fmt == "eventwire":
        docs = load_gold(path)[:limit]
        score_gold_documents(docs, coder, tally, progress)
        return tally.freeze(str(path), fmt, len(docs), file_digest(gold_files(path)))
    rows = (load_plv(path) if fmt == "plv" else load_gsr(path))[:limit]
    documents = score_sentences(rows, coder, tally, progress)
    return tally.freeze(str(path), fmt, documents, file_digest([path]))


def combine(reports: Sequence[DatasetReport], fmt: str) -> DatasetReport:
    """Add up the counts of several datasets of one format."""
    counts: Counter[str] = Counter()
    per_type: dict[str, Counter[str]] = {}
    confusion: dict[str, Counter[str]] = {}
    for report in reports:
        counts.update(report.counts)
        for key, row in report.per_type.items():
            per_type.setdefault(key, Counter()).update(row)
        for key, row in report.confusion.items():
            confusion.setdefault(key, Counter()).update(row)
    return DatasetReport(
        name=f"{fmt} (total)",
        format=fmt,
        documents=sum(r.documents for r in reports),
        counts=dict(counts),
        per_type={k: dict(v) for k, v in sorted(per_type.items())},
        confusion={k: dict(v) for k, v in sorted(confusion.items())},
        failures=tuple(f for r in reports for f in r.failures),
        digest=hashlib.sha256("".join(r.digest for r in reports).encode()).hexdigest(),
    )


def evaluate(
    paths: Sequence[Path],
    coder: CoderLike,
    *,
    limit: int | None = None,
    progress: Progress | None = None,
) -> EvalReport:
    """Score ``coder`` on each gold path (format detected from it); ``limit`` caps documents."""
    if limit is not None and limit < 1:
        raise ConfigError(f"limit must be a positive number of documents, got {limit}")
    datasets = tuple(
        evaluate_one(Path(p), coder, limit=limit, progress=progress) for p in paths
    )
    formats = [f for f in FORMATS if any(d.format == f for d in datasets)]
    totals = tuple(combine([d for d in datasets if d.format == f], f) for f in formats)
    return EvalReport(datasets=datasets, totals=totals)


# --------------------------------------------------------------------------- rendering


def _fmt(value: float | None) -> str:
    return "  -  " if value is None else f"{value:.3f}"


def format_dataset(report: DatasetReport, *, verbose: bool = False) -> list[str]:
    lines = [f"== {report.name} [{report.format}] {report.documents} documents"]
    lines += [f"  {name:<18} {_fmt(value)}" for name, value in report.metrics.items()]
    lines.append(f"  {'type':<12} {'gold':>5} {'found':>6} {'right':>6} {'recall':>7}")
    for plover, row in report.per_type.items():
        recall = _ratio(row.get("correct", 0), row.get("gold", 0))
        lines.append(
            f"  {plover:<12} {row.get('gold', 0):>5} {row.get('found', 0):>6} "
            f"{row.get('correct', 0):>6} {_fmt(recall):>7}"
        )
    lines += format_confusion(report.confusion)
    if verbose:
        lines += [f"  ! {f.kind:<10} {f.doc_id}: {f.detail}" for f in report.failures]
    return lines


def format_confusion(confusion: Mapping[str, Mapping[str, int]]) -> list[str]:
    """Gold type (rows) by predicted type (columns), on found dyads."""
    predicted = sorted({p for row in confusion.values() for p in row})
    if not predicted:
        return []
    header = "  gold\\coded   " + " ".join(f"{p[:6]:>6}" for p in predicted)
    rows = [
        f"  {gold:<12} " + " ".join(f"{confusion[gold].get(p, 0) or '.':>6}" for p in predicted)
        for gold in confusion
    ]
    return [header, *rows]


def format_report(report: EvalReport, *, verbose: bool = False) -> str:
    """Readable text tables: each dataset, then the totals where a format has several."""
    lines: list[str] = []
    for dataset in report.datasets:
        lines += format_dataset(dataset, verbose=verbose)
    for total in report.totals:
        if sum(d.format == total.format for d in report.datasets) > 1:
            lines += format_dataset(total)
    return "\n".join(lines)


def dataset_to_json(report: DatasetReport) -> dict[str, Any]:
    return {
        "name": report.name,
        "format": report.format,
        "documents": report.documents,
        "metrics": report.metrics,
        "counts": dict(report.counts),
        "per_type": {k: dict(v) for k, v in report.per_type.items()},
        "confusion": {k: dict(v) for k, v in report.confusion.items()},
        "failures": [
            {"doc_id": f.doc_id, "kind": f.kind, "detail": f.detail, "sentence": f.sentence}
            for f in report.failures
        ],
        "digest": report.digest,
    }


def report_to_json(report: EvalReport) -> dict[str, Any]:
    return {
        "datasets": [dataset_to_json(d) for d in report.datasets],
        "totals": {t.format: dataset_to_json(t) | {"failures": []} for t in report.totals},
    }


# --------------------------------------------------------------------------- floors (the gate)


@dataclass(frozen=True, slots=True)
class FloorMiss:
    """A metric under its pinned floor, or a gold set that changed since floors were pinned."""

    metric: str
    value: float | None
    floor: float

    def __str__(self) -> str:
        if self.metric == "digest":
            return "the gold set changed since the floors were pinned; re-pin with update_floors"
        return f"{self.metric} = {_fmt(self.value)} is under its floor {self.floor:.3f}"


def read_baseline(baseline_path: Path) -> dict[str, Any]:
    try:
        baseline = json.loads(baseline_path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise DataError(f"cannot read eval baseline {baseline_path} ({exc}); restore it") from exc
    if not isinstance(baseline.get("floors"), dict):
        raise DataError(f"eval baseline {baseline_path} lacks a 'floors' object")
    return dict(baseline)


def check_floors(report: EvalReport, baseline_path: Path) -> list[FloorMiss]:
    """Metrics under their floor (an unmeasured metric counts as 0.0), and a changed gold digest."""
    baseline = read_baseline(baseline_path)
    misses = [
        FloorMiss(name, report.metric(name), float(floor))
        for name, floor in sorted(baseline["floors"].items())
        if (report.metric(name) or 0.0) < float(floor)
    ]
    total = report.total("eventwire")
    pinned = baseline.get("gold_digest")
    if pinned and total is not None and total.digest != pinned:
        misses.append(FloorMiss("digest", None, 0.0))
    return misses


def update_floors(report: EvalReport, baseline_path: Path) -> dict[str, Any]:
    """Raise each floor to the measured value (rounded down); refuse to lower any."""
    baseline = read_baseline(baseline_path)
    floors = dict(baseline["floors"])
    lowered = [
        f"{name} ({_fmt(report.metric(name))} < {float(floor):.3f})"
        for name, floor in floors.items()
        if (report.metric(name) or 0.0) < float(floor)
    ]
    if lowered:
        raise ConfigError(
            f"refusing to lower eval floors: {', '.join(lowered)}; fix the regression or edit "
            f"{baseline_path} by hand and say why in the commit"
        )
    for name in floors:
        floors[name] = int((report.metric(name) or 0.0) * 1000) / 1000
    total = report.total("eventwire")
    updated = baseline | {"floors": floors}
    if total is not None:
        updated["gold_digest"] = total.digest
    baseline_path.write_text(json.dumps(updated, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return updated
