"""Fusion: the same real-world event, reported in many sentences and articles, becomes one record.

Two mentions are the same event when all of these hold (``compatible``):

- **dyad**: the same source and target by canonical identity; direction does not matter for the
  symmetric types (``SYMMETRIC_TYPES``: meeting, phoning, cooperating, agreeing);
- **type**: the same PLOVER type, or CAMEO codes sharing their 3-digit base;
- **date**: two day-precise dates at most one day apart (reports straddle midnight and time
  zones); otherwise the coarser date must contain the finer (``2022-01`` contains ``2022-01-10``);
  two undated mentions match each other and nothing else;
- **place**: when both have one, the same name, the same country where one of them is the country
  itself, or within ``NEARBY_KM``;
- **modality**: asserted and future mentions merge (a meeting announced, then held); hypothetical
  and negated mentions merge only with their own kind, never with what happened.

A fused event is a connected component of that relation within its dyad, so the result does not
depend on input order. Its id is derived from its earliest member (by document date, document,
sentence, offset), so the same inputs always give the same ids. Its fields are those of its most
confident member, except:

- ``modality``: the majority weighted by confidence; but any asserted mention published on or
  after the event's date makes it asserted (the plan was carried out);
- ``date``: the date most members support (a member supports a date it equals or contains), then
  the most precise, then the earliest;
- ``confidence``: ``1 - prod(1 - c)`` over independent documents, ``c`` being each document's best
  mention. Syndicated copies (``near_dup_of`` links, equal content hashes) are one document here
  and one source in ``num_sources``.

A compound actor ("the G20 leaders met") that the coder split into several pairwise mentions of
one symmetric trigger in one sentence stays one event, with ``participants``.

``Fuser`` is incremental and in memory: ``add`` returns the changes (created, updated, merged,
deleted) and ``changes_since`` replays them. ``fuse_store`` fuses a store's events into its
``fused_events`` tables (registered store migrations) and logs the changes in ``fusion_changes``;
it is incremental too: new mentions are fused only with the stored fused events of their block
(actor set) whose dates come within a day of theirs, with the result fusing the whole store gives.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import math
from collections import Counter, defaultdict, deque
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from operator import attrgetter
from typing import Any

from eventwire import jsonio
from eventwire.errors import ConfigError
from eventwire.exports import EventLike, as_record, is_country_level
from eventwire.store import MIGRATIONS, Store

log = logging.getLogger(__name__)

SYMMETRIC_TYPES = frozenset({"CONSULT", "COOPERATE", "AGREE"})
SEPARATE_MODALITIES = frozenset({"hypothetical", "negated"})
MODALITY_PREFERENCE = ("asserted", "future", "negated", "hypothetical")  # tie-break order
DAY_TOLERANCE = timedelta(days=1)
NEARBY_KM = 50.0
EARTH_RADIUS_KM = 6371.0
CHANGE_KINDS = ("created", "updated", "merged", "deleted")


# -- inputs --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DocMeta:
    """What fusion needs to know about the document a mention came from."""

    id: str
    date: str | None = None  # publication date, ISO
    source_name: str | None = None
    url: str | None = None
    content_hash: str | None = None
    near_dup_of: str | None = None

    @property
    def source_label(self) -> str:
        """The outlet: its name, else its web domain, else the document itself."""
        if self.source_name:
            return self.source_name.strip().lower()
        if self.url:
            from urllib.parse import urlsplit

            host = urlsplit(self.url).hostname or ""
            return host.removeprefix("www.") or self.id
        return self.id


@dataclass(frozen=True, slots=True, eq=False)
class Member:
    """One mention: an event record and the document it came from."""

    record: Mapping[str, Any]
    doc: DocMeta
    _order: tuple[str, str, int, int, str] = field(init=False, repr=False)  # computed once: sorting asks often

    def __post_init__(self) -> None:
        trigger = self.record.get("trigger") or {}
        order = (self.doc.date or self.record.get("date") or "9999", self.doc.id,
                 int(self.record.get("sentence_index") or 0), int(trigger.get("start") or 0), self.event_id)  # fmt: skip
        object.__setattr__(self, "_order", order)

    @property
    def event_id(self) -> str:
        return str(self.record["id"])

    @property
    def order_key(self) -> tuple[str, str, int, int, str]:
        """Earliest first: publication date, document, sentence, offset, id."""
        return self._order

    def provenance(self) -> dict[str, Any]:
        record, doc = self.record, self.doc
        get = record.get
        trigger = get("trigger") or {}
        return {
            "event_id": str(record["id"]), "doc_id": doc.id, "sentence_index": get("sentence_index"),
            "sentence": get("sentence"), "trigger_start": trigger.get("start"),
            "trigger_end": trigger.get("end"), "trigger_text": trigger.get("text"),
            "source_start": (get("source") or {}).get("start"),
            "target_start": (get("target") or {}).get("start"),
            "coder": get("coder"), "rule": get("rule"),
            "confidence": get("confidence"), "modality": get("modality"),
            "date": get("date"), "url": doc.url, "source_name": doc.source_name,
            "published": doc.date,
        }  # fmt: skip


_order_of = attrgetter("_order")  # Member.order_key, without the property call (sorting asks often)


def identity(actor: Mapping[str, Any] | None) -> str:
    """What two actor mentions must share to be the same actor (``Actor.identity``)."""
    if not actor:
        return ""
    return str(actor.get("id") or f"text:{(actor.get('text') or '').lower()}")


def short_name(actor_identity: str) -> str:
    """``country:RUS`` -> ``RUS``; ``person:joe-biden`` -> ``joe-biden``; nobody -> ``-``."""
    return actor_identity.partition(":")[2] or actor_identity or "-"


# -- units: a mention, or the mentions of one compound trigger ----------------------------------


@dataclass(frozen=True, slots=True, eq=False)
class Unit:
    """The atom of fusion: one mention, or all mentions of one symmetric trigger in one sentence."""

    key: str
    members: tuple[Member, ...]
    # Derived once from the members (a unit never changes; fusion asks for these very often).
    _head: Member = field(init=False, repr=False)
    _participants: frozenset[str] = field(init=False, repr=False)
    _compound: bool = field(init=False, repr=False)
    _block: tuple[str, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        members = self.members
        if len(members) == 1:  # most units: one mention, one dyad
            head = members[0]
            participants = frozenset((identity(head.record.get("source")), identity(head.record.get("target")))) - {""}
            compound = False
        else:
            head = min(members, key=_order_of)
            roles = ("source", "target")
            participants = frozenset(identity(m.record.get(r)) for m in members for r in roles) - {""}
            dyads = {(identity(m.record.get("source")), identity(m.record.get("target"))) for m in members}
            compound = len(dyads) > 1
        participants = participants or frozenset({""})
        object.__setattr__(self, "_head", head)
        object.__setattr__(self, "_participants", participants)
        object.__setattr__(self, "_compound", compound)
        object.__setattr__(self, "_block", tuple(sorted(participants)) + (("+compound",) if compound else ()))

    @property
    def head(self) -> Member:
        return self._head

    @property
    def record(self) -> Mapping[str, Any]:
        return self._head.record

    @property
    def participants(self) -> frozenset[str]:
        return self._participants

    @property
    def is_compound(self) -> bool:
        return self._compound

    @property
    def dyad(self) -> tuple[str, str]:
        return identity(self.record.get("source")), identity(self.record.get("target"))

    @property
    def block(self) -> tuple[str, ...]:
        return self._block

    @property
    def symmetric(self) -> bool:
        return self.record.get("plover") in SYMMETRIC_TYPES


def unit_key(record: Mapping[str, Any], doc_id: str) -> str:
    """Mentions of one symmetric trigger share a unit (a compound actor); others stand alone."""
    if record.get("plover") not in SYMMETRIC_TYPES:
        return str(record["id"])
    trigger = record.get("trigger") or {}
    return f"{doc_id}|{record.get('sentence_index')}|{trigger.get('start')}|{trigger.get('end')}|{record.get('plover')}"


# -- compatibility -------------------------------------------------------------------------------


def dates_compatible(first: str | None, second: str | None) -> bool:
    """Day-precise dates within a day; otherwise the coarser contains the finer."""
    if not first or not second:
        return not first and not second
    if len(first) >= 10 and len(second) >= 10:
        return abs(date.fromisoformat(first[:10]) - date.fromisoformat(second[:10])) <= DAY_TOLERANCE
    coarse, fine = sorted((first, second), key=len)
    return fine.startswith(coarse)


def types_compatible(first: Mapping[str, Any], second: Mapping[str, Any]) -> bool:
    same_plover = first.get("plover") is not None and first.get("plover") == second.get("plover")
    return same_plover or str(first.get("cameo"))[:3] == str(second.get("cameo"))[:3]


def modalities_compatible(first: str | None, second: str | None) -> bool:
    if first in SEPARATE_MODALITIES or second in SEPARATE_MODALITIES:
        return first == second
    return True


def places_compatible(first: Mapping[str, Any] | None, second: Mapping[str, Any] | None) -> bool:
    if not first or not second:
        return True
    if (first.get("name") or "").lower() == (second.get("name") or "").lower():
        return True
    if first.get("country") != second.get("country"):
        return False
    if is_country_level(first) or is_country_level(second):
        return True
    return _distance_km(first, second) <= NEARBY_KM


def _distance_km(first: Mapping[str, Any], second: Mapping[str, Any]) -> float:
    coords = (first.get("lat"), first.get("lon"), second.get("lat"), second.get("lon"))
    if any(value is None for value in coords):
        return math.inf
    lat1, lon1, lat2, lon2 = (math.radians(float(value)) for value in coords)  # type: ignore[arg-type]
    hav = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(hav))


def units_compatible(first: Unit, second: Unit) -> bool:
    a, b = first.record, second.record
    if not (first.symmetric and second.symmetric) and first.dyad != second.dyad:
        return False
    return (types_compatible(a, b) and dates_compatible(a.get("date"), b.get("date"))
            and places_compatible(a.get("location"), b.get("location"))
            and modalities_compatible(a.get("modality"), b.get("modality")))  # fmt: skip


def why_merged(first: Unit, second: Unit) -> str:
    """The reason two units are one event, in words."""
    a, b = first.record, second.record
    source, target = (short_name(x) for x in second.dyad)
    arrow = "<->" if first.dyad != second.dyad else "->"
    dyad = f"same dyad {source}{arrow}{target}" + (" (symmetric)" if arrow == "<->" else "")
    if str(a.get("cameo"))[:3] == str(b.get("cameo"))[:3]:
        kind = f"same base code {str(b.get('cameo'))[:3]}"
    else:
        kind = f"same PLOVER type {b.get('plover')} (codes {a.get('cameo')} and {b.get('cameo')})"
    reason = f"{dyad}, {kind}, dates {a.get('date') or 'none'} and {b.get('date') or 'none'}"
    places = [x.get("name") for x in (a.get("location"), b.get("location")) if x]
    if len(places) == 2:
        reason += f", places {places[0]} and {places[1]}"
    return reason


# -- connected components within a block ---------------------------------------------------------


@lru_cache(maxsize=8192)  # a few thousand distinct dates recur across tens of thousands of mentions
def _date_span(value: str | None) -> tuple[date, date] | None:
    """The first and last day a date at its precision can mean."""
    if not value:
        return None
    if len(value) >= 10:
        day = date.fromisoformat(value[:10])
        return day, day
    if len(value) >= 7:
        year, month = int(value[:4]), int(value[5:7])
        following = date(year + month // 12, month % 12 + 1, 1)
        return date(year, month, 1), following - timedelta(days=1)
    return date(int(value[:4]), 1, 1), date(int(value[:4]), 12, 31)


@lru_cache(maxsize=8192)
def _iso_span(value: str | None) -> tuple[str | None, str | None]:
    """``_date_span`` in ISO, ``(None, None)`` for no date."""
    span = _date_span(value)
    return (span[0].isoformat(), span[1].isoformat()) if span is not None else (None, None)


def units_span(units: Sequence[Unit]) -> tuple[str | None, str | None]:
    """The first and last day the units' dates can mean, ISO; ``(None, None)`` when undated (a
    component is all dated or all undated: undated units match only undated ones)."""
    if len(units) == 1:  # most components
        return _iso_span(units[0].record.get("date"))
    spans = [span for unit in units if (span := _date_span(unit.record.get("date"))) is not None]
    if not spans:
        return None, None
    return min(s[0] for s in spans).isoformat(), max(s[1] for s in spans).isoformat()


def compatible_pairs(units: Sequence[Unit]) -> Iterator[tuple[Unit, Unit]]:
    """Every compatible pair, comparing only units whose date spans come within a day."""
    dated = [(span, unit) for unit in units if (span := _date_span(unit.record.get("date"))) is not None]
    undated = [unit for unit in units if not unit.record.get("date")]
    dated.sort(key=lambda item: (item[0][0], item[1].head.order_key))
    for i, (span, unit) in enumerate(dated):
        for other_span, other in dated[i + 1:]:
            if other_span[0] > span[1] + DAY_TOLERANCE:
                break
            if units_compatible(unit, other):
                yield unit, other
    for i, unit in enumerate(undated):
        yield from ((unit, other) for other in undated[i + 1:] if units_compatible(unit, other))


def components(units: Sequence[Unit]) -> list[tuple[list[Unit], dict[str, tuple[str, str]]]]:
    """Connected components, each with a spanning tree from its earliest unit: key -> (parent, why)."""
    neighbours: dict[str, list[Unit]] = defaultdict(list)
    for first, second in compatible_pairs(units):
        neighbours[first.key].append(second)
        neighbours[second.key].append(first)
    seen: set[str] = set()
    result = []
    for unit in sorted(units, key=lambda u: u.head.order_key):
        if unit.key not in seen:
            result.append(_spanning_tree(unit, neighbours, seen))
    return result


def _spanning_tree(root: Unit, neighbours: Mapping[str, list[Unit]],
                   seen: set[str]) -> tuple[list[Unit], dict[str, tuple[str, str]]]:  # fmt: skip
    seen.add(root.key)
    members, tree, queue = [root], {}, deque([root])
    while queue:
        unit = queue.popleft()
        for other in sorted(neighbours.get(unit.key, []), key=lambda u: u.head.order_key):
            if other.key not in seen:
                seen.add(other.key)
                tree[other.key] = (unit.key, why_merged(unit, other))
                members.append(other)
                queue.append(other)
    return members, tree


# -- the fused record ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Change:
    """One entry of the change feed."""

    seq: int
    at: str  # ISO UTC timestamp
    kind: str  # created | updated | merged | deleted
    fused_id: str
    into: str | None = None  # for ``merged``: the fused event that absorbed this one
    num_mentions: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"seq": self.seq, "at": self.at, "kind": self.kind, "fused_id": self.fused_id,
                "into": self.into, "num_mentions": self.num_mentions}  # fmt: skip


def fused_id_for(first_event_id: str) -> str:
    return "fe_" + hashlib.sha1(first_event_id.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True, eq=False)
class Independence:
    """Which documents are copies of one another: a union-find over near-dup links and hashes."""

    parent: dict[str, str] = field(default_factory=dict)

    def root(self, doc_id: str) -> str:
        parent = self.parent.get(doc_id, doc_id)
        if parent == doc_id:
            return doc_id
        top = self.root(parent)
        self.parent[doc_id] = top
        return top

    def link(self, first: str, second: str) -> None:
        a, b = self.root(first), self.root(second)
        if a != b:
            low, high = sorted((a, b))  # the smaller id leads: independent of link order
            self.parent[high] = low


def build_fused(units: Sequence[Unit], tree: Mapping[str, tuple[str, str]], groups: Independence) -> dict[str, Any]:
    """The fused record of one component (units already in spanning-tree order)."""
    if len(units) == 1 and len(units[0].members) == 1:  # most fused events: one mention
        return _build_single(units[0].members[0])
    members = sorted((m for u in units for m in u.members), key=_order_of)
    best = min(members, key=lambda m: (-float(m.record.get("confidence") or 0), m.order_key))
    chosen_date = consensus_date(members)
    record = dict(best.record)
    record.pop("id", None)
    record.update(
        id=fused_id_for(members[0].event_id), date=chosen_date, modality=consensus_modality(members, chosen_date),
        confidence=round(independent_confidence(members, groups), 6), first_seen=_first_seen(members),
        num_mentions=len(members), num_articles=len({m.doc.id for m in members}),
        num_sources=_num_sources(members, groups), participants=_participants(units),
        mentions=[m.provenance() for m in members], explanation=_explanation(units, tree),
    )  # fmt: skip
    return record


def _build_single(member: Member) -> dict[str, Any]:
    """``build_fused`` of one mention, without the consensus machinery (the same record: every
    consensus of one mention is that mention's own value; keys in the same order)."""
    get = member.record.get
    confidence = max(0.0, float(get("confidence") or 0))  # as independent_confidence has it
    record = dict(member.record)
    record.pop("id", None)
    record.update(
        id=fused_id_for(member.event_id), date=get("date") or None,
        modality=str(get("modality") or "asserted"),  # published after its date or not, it keeps its own
        confidence=round(1 - (1 - confidence), 6), first_seen=member.doc.date or get("date") or None,
        num_mentions=1, num_articles=1, num_sources=1, participants=None, mentions=[member.provenance()],
        explanation=[f"{member.doc.id} sentence {get('sentence_index')}: earliest mention; "
                     f"the fused id derives from event {member.event_id}"],
    )  # fmt: skip
    return record


def consensus_date(members: Sequence[Member]) -> str | None:
    """The date most members support (equal, or containing it), then the most precise, then earliest."""
    if len(members) == 1:
        return members[0].record.get("date") or None
    # Members per date, counted once: a big component has many members but few distinct dates.
    counts = Counter(value for m in members if (value := m.record.get("date")))
    if not counts:
        return None

    def support(value: str) -> int:
        return sum(n for other, n in counts.items() if value.startswith(other))

    return min(counts, key=lambda v: (-support(v), -len(v), v))


def consensus_modality(members: Sequence[Member], event_date: str | None) -> str:
    """Confidence-weighted majority; an asserted report on or after the event's date wins."""
    if any(_asserted_after(m, event_date) for m in members):
        return "asserted"
    if len(members) == 1:
        return str(members[0].record.get("modality") or "asserted")
    weights: Counter[str] = Counter()
    for member in members:
        weights[str(member.record.get("modality") or "asserted")] += float(member.record.get("confidence") or 0)
    return min(weights, key=lambda kind: (-round(weights[kind], 9), _preference(kind)))


def _asserted_after(member: Member, event_date: str | None) -> bool:
    published = member.doc.date
    if member.record.get("modality") != "asserted" or not published or not event_date:
        return False
    return published[:10] >= event_date[:10]


def _preference(kind: str) -> int:
    return MODALITY_PREFERENCE.index(kind) if kind in MODALITY_PREFERENCE else len(MODALITY_PREFERENCE)


def independent_confidence(members: Sequence[Member], groups: Independence) -> float:
    """``1 - prod(1 - c)`` over independent documents; a document counts with its best mention."""
    best: dict[str, float] = {}
    for member in members:
        root = groups.root(member.doc.id)
        best[root] = max(best.get(root, 0.0), float(member.record.get("confidence") or 0))
    return 1 - math.prod(1 - value for value in best.values())


def _num_sources(members: Sequence[Member], groups: Independence) -> int:
    # A syndicated copy is credited to the outlet of the first copy of its group.
    by_root: dict[str, Member] = {}
    for member in members:
        root = groups.root(member.doc.id)
        if root not in by_root or member.order_key < by_root[root].order_key:
            by_root[root] = member
    return len({member.doc.source_label for member in by_root.values()})


def _first_seen(members: Sequence[Member]) -> str | None:
    dates = [m.doc.date or m.record.get("date") for m in members]
    known = [d for d in dates if d]
    return min(known) if known else None


def _participants(units: Sequence[Unit]) -> list[dict[str, Any]] | None:
    if not any(unit.is_compound for unit in units):
        return None
    actors: dict[str, dict[str, Any]] = {}
    for member in (m for u in units for m in u.members):
        for role in ("source", "target"):
            actor = member.record.get(role)
            if actor:
                actors.setdefault(identity(actor), dict(actor))
    return [actors[key] for key in sorted(actors)]


def _explanation(units: Sequence[Unit], tree: Mapping[str, tuple[str, str]]) -> list[str]:
    lines = []
    for unit in units:
        head = unit.head
        where = f"{head.doc.id} sentence {head.record.get('sentence_index')}"
        if unit.key in tree:
            parent, why = tree[unit.key]
            lines.append(f"{where}: {why}")
        else:
            lines.append(f"{where}: earliest mention; the fused id derives from event {head.event_id}")
        if unit.is_compound:
            names = ", ".join(short_name(p) for p in sorted(unit.participants))
            lines.append(f"{where}: compound actor, one {unit.record.get('plover')} event among {names}")
    return lines


# -- the incremental fuser -----------------------------------------------------------------------


class Fuser:
    """In-memory, incremental, order-independent fusion of event mentions."""

    def __init__(self, *, log_changes: bool = True) -> None:
        """``log_changes=False``: ``add`` and ``remove_document`` return no changes and
        ``changes_since`` has none (``fuse_store`` diffs against the stored fused events itself)."""
        self._log_changes = log_changes
        self._units: dict[str, Unit] = {}
        self._blocks: dict[tuple[str, ...], set[str]] = defaultdict(set)
        self._docs: dict[str, DocMeta] = {}
        self._doc_units: dict[str, set[str]] = defaultdict(set)
        self._groups = Independence()
        self._by_hash: dict[str, str] = {}
        self._fused: dict[str, dict[str, Any]] = {}
        self._block_fused: dict[tuple[str, ...], set[str]] = defaultdict(set)
        self._spans: dict[str, tuple[str | None, str | None]] = {}  # fused id -> first and last day its units can mean
        self._changes: list[Change] = []

    # -- input ---------------------------------------------------------------------------------

    def add(self, items: Iterable[tuple[EventLike, DocMeta | Mapping[str, Any]]]) -> list[Change]:
        """Add events with the metadata of their documents; return what changed."""
        return self._add_records((as_record(event), doc if isinstance(doc, DocMeta) else doc_meta(doc))
                                 for event, doc in items)  # fmt: skip

    def _add_records(self, items: Iterable[tuple[dict[str, Any], DocMeta]]) -> list[Change]:
        """``add`` of records the fuser may keep as they are, without the copy ``add`` makes of
        what a caller passes (the store's records, decoded for the fuser alone)."""
        affected: set[tuple[str, ...]] = set()
        for record, doc in items:
            meta = self._register(doc, affected)
            self._place(Member(record, meta), affected)
        return self._refresh(affected)

    def remove_document(self, doc_id: str) -> list[Change]:
        """Forget every mention from one document; return what changed."""
        affected: set[tuple[str, ...]] = set()
        for key in sorted(self._doc_units.pop(doc_id, set())):
            unit = self._units.pop(key)
            self._blocks[unit.block].discard(key)
            affected.add(unit.block)
        self._docs.pop(doc_id, None)
        return self._refresh(affected)

    def _register(self, meta: DocMeta, affected: set[tuple[str, ...]]) -> DocMeta:
        known = self._docs.get(meta.id)
        if known is meta or known == meta:
            return meta
        self._docs[meta.id] = meta
        partners = [meta.near_dup_of] if meta.near_dup_of else []
        if meta.content_hash:
            partners.append(self._by_hash.setdefault(meta.content_hash, meta.id))
        roots = {self._groups.root(doc) for doc in (meta.id, *partners)}
        for partner in partners:
            self._groups.link(meta.id, partner)
        if len(roots) > 1:  # two groups became one: their fused events' counts change
            group = self._groups.root(meta.id)
            regrouped = [doc for doc in self._docs if self._groups.root(doc) == group]
            affected.update(self._units[key].block for doc in regrouped for key in self._doc_units.get(doc, ()))
        return meta

    def _place(self, member: Member, affected: set[tuple[str, ...]]) -> None:
        """File the mention in its unit; add the blocks that changed to ``affected``."""
        key = unit_key(member.record, member.doc.id)
        old = self._units.get(key)
        if old is None:
            unit = Unit(key, (member,))
        else:
            kept = tuple(m for m in old.members if m.event_id != member.event_id)
            unit = Unit(key, tuple(sorted((*kept, member), key=_order_of)))
            self._blocks[old.block].discard(key)
            affected.add(old.block)
        affected.add(unit.block)
        self._units[key] = unit
        self._blocks[unit.block].add(key)
        self._doc_units[member.doc.id].add(key)

    # -- clustering ----------------------------------------------------------------------------

    def _refresh(self, blocks: Iterable[tuple[str, ...]]) -> list[Change]:
        old: dict[str, dict[str, Any]] = {}
        new: dict[str, dict[str, Any]] = {}
        for block in sorted(blocks):
            for fid in self._block_fused.pop(block, set()):
                self._spans.pop(fid, None)
                if fid in self._fused:
                    old[fid] = self._fused.pop(fid)
            units = [self._units[key] for key in sorted(self._blocks.get(block, ()))]
            for members, tree in components(units):
                record = build_fused(members, tree, self._groups)
                new[record["id"]] = record
                self._block_fused[block].add(record["id"])
                self._spans[record["id"]] = units_span(members)
        self._fused.update(new)
        return self._log(diff_fused(old, new)) if self._log_changes else []

    def _log(self, changes: list[tuple[str, str, str | None, int]]) -> list[Change]:
        now = datetime.now(UTC).isoformat(timespec="microseconds")
        start = len(self._changes)
        logged = [Change(start + i + 1, now, kind, fid, into, n) for i, (kind, fid, into, n) in enumerate(changes)]
        self._changes.extend(logged)
        return logged

    # -- output --------------------------------------------------------------------------------

    def index(self) -> dict[str, tuple[tuple[str, ...], str | None, str | None]]:
        """Per fused event: its block (the sorted actor identities, ``+compound`` for compound
        actors) and the first and last day its units' dates can mean (``None`` when undated);
        a new unit can only join a fused event of its block whose span comes within a day of its own."""
        return {fid: (block, *self._spans[fid]) for block, fids in self._block_fused.items() for fid in fids}

    def fused(self) -> list[dict[str, Any]]:
        """Every fused event, by first-seen date then id."""
        return sorted(self._fused.values(), key=lambda r: (r.get("first_seen") or "", r["id"]))

    def get(self, fused_id: str) -> dict[str, Any]:
        try:
            return self._fused[fused_id]
        except KeyError:
            raise ConfigError(f"no fused event {fused_id!r}; list them with Fuser.fused()") from None

    def explain(self, fused_id: str) -> list[str]:
        """Why each mention belongs to the fused event, one line per mention."""
        return list(self.get(fused_id)["explanation"])

    def changes_since(self, timestamp: int | str = 0) -> list[Change]:
        """Changes after a sequence number, or after an ISO timestamp."""
        if isinstance(timestamp, int):
            return [c for c in self._changes if c.seq > timestamp]
        return [c for c in self._changes if c.at > timestamp]


def doc_meta(doc: Mapping[str, Any]) -> DocMeta:
    """A ``DocMeta`` from a documents row or a plain dict."""
    return DocMeta(id=str(doc["id"]), date=doc.get("date"), source_name=doc.get("source_name"), url=doc.get("url"),
                   content_hash=doc.get("content_hash"), near_dup_of=doc.get("near_dup_of"))  # fmt: skip


def diff_fused(old: Mapping[str, Mapping[str, Any]],
               new: Mapping[str, Mapping[str, Any]]) -> list[tuple[str, str, str | None, int]]:  # fmt: skip
    """(kind, fused id, merged into, mentions) for each difference between two sets of fused events."""
    # Where each mention went, for the old fused events that are gone (none on a fresh store).
    home = {m["event_id"]: fid for fid, record in new.items() for m in record["mentions"]} if old else {}
    changes: list[tuple[str, str, str | None, int]] = []
    for fid in sorted(old.keys() - new.keys()):
        targets = sorted({home[m["event_id"]] for m in old[fid]["mentions"] if m["event_id"] in home})
        kind, into = ("merged", targets[0]) if targets else ("deleted", None)
        changes.append((kind, fid, into, 0 if kind == "deleted" else len(new[targets[0]]["mentions"])))
    for fid in sorted(new):
        if fid not in old:
            changes.append(("created", fid, None, new[fid]["num_mentions"]))
        elif _content(old[fid]) != _content(new[fid]):
            changes.append(("updated", fid, None, new[fid]["num_mentions"]))
    return changes


def _content(record: Mapping[str, Any]) -> str:
    return json.dumps(record, sort_keys=True, default=str)


# -- the store: registered migrations, fuse, change feed ---------------------------------------


@MIGRATIONS()
def m101_fused_events(conn: Any) -> None:
    # Fused events are derived data: rebuilt by fuse_store, never edited by hand.
    conn.execute(
        """CREATE TABLE fused_events (
            id TEXT PRIMARY KEY, date TEXT, first_seen TEXT, source_id TEXT, target_id TEXT,
            source_country TEXT, target_country TEXT, cameo TEXT, plover TEXT, quad_class INTEGER, goldstein REAL, modality TEXT,
            location_name TEXT, location_country TEXT, confidence REAL, num_mentions INTEGER NOT NULL,
            num_sources INTEGER NOT NULL, num_articles INTEGER NOT NULL, json TEXT NOT NULL)"""
    )
    for column in ("date", "source_id", "target_id", "plover", "cameo"):
        conn.execute(f"CREATE INDEX fused_events_{column} ON fused_events({column})")
    conn.execute(
        """CREATE TABLE fused_members (
            event_id TEXT PRIMARY KEY, fused_id TEXT NOT NULL REFERENCES fused_events(id))"""
    )
    conn.execute("CREATE INDEX fused_members_fused_id ON fused_members(fused_id)")
    conn.execute(
        """CREATE TABLE fusion_changes (
            seq INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, kind TEXT NOT NULL,
            fused_id TEXT NOT NULL, into_id TEXT, num_mentions INTEGER)"""
    )


@MIGRATIONS()
def m103_fusion_blocks(conn: Any) -> None:
    # Each fused event's block and date span, so fuse_store re-fuses only the fused events new
    # mentions can join, and how far into the events table fusion has read. Rows fused before
    # this have no block: the next fuse_store fuses the whole store once.
    conn.execute("ALTER TABLE fused_events ADD COLUMN block TEXT")
    conn.execute("ALTER TABLE fused_events ADD COLUMN span_first TEXT")
    conn.execute("ALTER TABLE fused_events ADD COLUMN span_last TEXT")
    conn.execute("CREATE INDEX fused_events_block ON fused_events(block, span_first)")
    conn.execute("CREATE TABLE fusion_state (key TEXT PRIMARY KEY, value INTEGER NOT NULL)")


FUSED_COLUMNS = ("id", "date", "first_seen", "source_id", "target_id", "source_country", "target_country", "cameo", "plover", "quad_class",
                 "goldstein", "modality", "location_name", "location_country", "confidence",
                 "num_mentions", "num_sources", "num_articles", "json", "block", "span_first", "span_last")  # fmt: skip
DOC_COLUMNS = ("id", "date", "source_name", "url", "content_hash", "near_dup_of")
_EVENT_ROWS = ("SELECT e.rowid, e.json, d.id, d.date, d.source_name, d.url, d.content_hash, d.near_dup_of "
               "FROM events e JOIN documents d ON d.id = e.doc_id")  # fmt: skip
_CHUNK = 500  # bound parameters per IN (...) query


def ensure_tables(store: Store) -> None:
    """Apply the fusion migrations to a store opened before this module was imported."""
    if not store.readonly:
        MIGRATIONS.apply(store.conn)


def _event_item(row: Sequence[Any]) -> tuple[dict[str, Any], DocMeta]:
    return jsonio.loads(row[1]), doc_meta(dict(zip(DOC_COLUMNS, row[2:], strict=True)))


def _event_items(rows: Iterable[Sequence[Any]]) -> Iterator[tuple[dict[str, Any], DocMeta]]:
    """``_event_item`` of each row, with one ``DocMeta`` per document (rows of one query join the
    same documents row to all of a document's events)."""
    metas: dict[str, DocMeta] = {}
    loads = jsonio.loads
    for row in rows:
        meta = metas.get(row[2])
        if meta is None:
            meta = metas[row[2]] = doc_meta(dict(zip(DOC_COLUMNS, row[2:], strict=True)))
        yield loads(row[1]), meta


def load_fuser(store: Store, *, log_changes: bool = True) -> Fuser:
    """A fuser holding every coded event of the store with its document's metadata."""
    fuser = Fuser(log_changes=log_changes)
    rows = store.conn.execute(f"{_EVENT_ROWS} ORDER BY e.rowid").fetchall()
    links = store.conn.execute("SELECT id, date, source_name, url, content_hash, near_dup_of FROM documents "
                               "WHERE near_dup_of IS NOT NULL").fetchall()  # fmt: skip
    fuser._add_records(_event_items(rows))
    for link in links:  # uncoded syndicated copies still tie their originals together
        fuser._register(doc_meta(dict(link)), set())
    return fuser


def fuse_store(store: Store, *, full: bool = False) -> list[Change]:
    """Bring the store's fused events up to date with its events; log and return what changed.

    Incremental: only the fused events that mentions added since the last fusion can join (same
    block, date spans within a day), and those holding other mentions of their documents or of
    documents syndicated with them, are fused again, with the result fusing the whole store would
    give. ``full=True`` fuses the whole store, which also happens by itself when the fused tables
    are not in step with the events (made before this bookkeeping, or events removed). Deterministic.
    """
    ensure_tables(store)
    with _collector_paused():
        return _fuse_store(store, full=full)


def _fuse_store(store: Store, *, full: bool) -> list[Change]:
    with store.transaction():
        last = store.conn.execute("SELECT COALESCE(MAX(seq), 0) FROM fusion_changes").fetchone()[0]
        top = store.conn.execute("SELECT COALESCE(MAX(rowid), 0) FROM events").fetchone()[0]
        mark = None if full else _incremental_mark(store)
        if mark is None:
            fuser = load_fuser(store, log_changes=False)
            old = _stored_fused(store)
        else:
            fuser, old = _partial_fuser(store, mark)
        fused = {record["id"]: record for record in fuser.fused()}
        changes = diff_fused(old, fused)
        now = datetime.now(UTC).isoformat(timespec="microseconds")
        _replace_fused(store, old, fused, fuser.index(), everything=mark is None)
        store.conn.executemany("INSERT INTO fusion_changes (at, kind, fused_id, into_id, num_mentions) VALUES (?, ?, ?, ?, ?)",
                               [(now, kind, fid, into, n) for kind, fid, into, n in changes])  # fmt: skip
        store.conn.execute("INSERT OR REPLACE INTO fusion_state VALUES ('events_rowid', ?)", (top,))
    if log.isEnabledFor(logging.INFO):
        log.info("fused %d events into %d (%s); %d changes", sum(r["num_mentions"] for r in fused.values()),
                 len(fused), "the whole store" if mark is None else "those new mentions can join", len(changes))  # fmt: skip
    return changes_since(store, int(last))


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while fusion builds its records: it allocates tens of
    thousands of dicts and tuples that all stay alive, and each collection walks them again
    (about a sixth of the time of fusing a store of 20,000 events). Nothing here makes cycles
    worth collecting early; the collector runs as usual afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _incremental_mark(store: Store) -> int | None:
    """The events rowid fusion has read up to, if the fused tables are in step with the events."""
    row = store.conn.execute("SELECT value FROM fusion_state WHERE key = 'events_rowid'").fetchone()
    if row is None:
        return None
    mark = int(row[0])
    if store.conn.execute("SELECT 1 FROM fused_events WHERE block IS NULL LIMIT 1").fetchone():
        return None
    members = store.conn.execute("SELECT COUNT(*) FROM fused_members").fetchone()[0]
    events = store.conn.execute("SELECT COUNT(*) FROM events WHERE rowid <= ?", (mark,)).fetchone()[0]
    return mark if members == events else None


def _partial_fuser(store: Store, mark: int) -> tuple[Fuser, dict[str, dict[str, Any]]]:
    """A fuser over the new mentions and the stored fused events they can change, and those
    stored fused events.

    A stored fused event is a connected component of compatible units; old units stay
    compatible or not with each other, so only new units (or units that gained a mention) can
    join components, and only components of their block with a unit within a day of theirs.
    Components holding mentions of the new mentions' documents, or of documents syndicated with
    them, are fused again too (a unit grew; an independence group changed)."""
    rows = {row[0]: row for row in store.conn.execute(f"{_EVENT_ROWS} WHERE e.rowid > ?", (mark,))}
    if not rows:
        return Fuser(log_changes=False), {}
    new_events = {str(jsonio.loads(row[1])["id"]) for row in rows.values()}
    groups, linked = _evented_links(store)
    new_docs = {row[2] for row in rows.values()}
    roots = {groups.root(doc) for doc in new_docs}
    linked_docs = set(groups.parent) | set(groups.parent.values())
    docs = new_docs | {doc for doc in linked_docs if groups.root(doc) in roots}  # syndicated with a new one
    chosen = _fused_of_documents(store, docs)
    rows.update(_rows_of_fused(store, chosen))
    for unit in _units(rows.values()):
        if any(m.event_id in new_events for m in unit.members):
            chosen |= _candidates(store, unit)
    rows.update(_rows_of_fused(store, chosen))
    fuser = Fuser(log_changes=False)
    for doc_id in sorted(linked):  # the whole store's syndication groups, as load_fuser has them
        fuser._register(linked[doc_id], set())
    fuser._add_records(_event_items(rows[rowid] for rowid in sorted(rows)))
    return fuser, _stored_fused(store, chosen)


def _evented_links(store: Store) -> tuple[Independence, dict[str, DocMeta]]:
    """The syndication groups fusion uses (those of documents with events that are
    near-duplicates of another, as ``load_fuser`` has them when it fuses), and those documents."""
    sql = (f"SELECT {', '.join(DOC_COLUMNS)} FROM documents d WHERE near_dup_of IS NOT NULL "
           "AND EXISTS (SELECT 1 FROM events e WHERE e.doc_id = d.id)")  # fmt: skip
    metas = {row[0]: doc_meta(dict(zip(DOC_COLUMNS, row, strict=True))) for row in store.conn.execute(sql)}
    groups = Independence()
    for meta in metas.values():
        groups.link(meta.id, str(meta.near_dup_of))
    return groups, metas


def _units(rows: Iterable[Sequence[Any]]) -> list[Unit]:
    members: dict[str, list[Member]] = defaultdict(list)
    for row in rows:
        record, meta = _event_item(row)
        members[unit_key(record, meta.id)].append(Member(record, meta))
    return [Unit(key, tuple(found)) for key, found in members.items()]


def _candidates(store: Store, unit: Unit) -> set[str]:
    """Stored fused events of the unit's block that it could be compatible with (dates within a day)."""
    block = _block_key(unit.block)
    span = _date_span(unit.record.get("date"))
    if span is None:
        sql, params = "SELECT id FROM fused_events WHERE block = ? AND span_first IS NULL", [block]
    else:
        sql = "SELECT id FROM fused_events WHERE block = ? AND span_first <= ? AND span_last >= ?"
        params = [block, (span[1] + DAY_TOLERANCE).isoformat(), (span[0] - DAY_TOLERANCE).isoformat()]
    return {row[0] for row in store.conn.execute(sql, params)}


def _block_key(block: tuple[str, ...]) -> str:
    return json.dumps(list(block), ensure_ascii=False)


def _chunks(values: Iterable[str]) -> Iterator[list[str]]:
    ordered = sorted(values)
    for i in range(0, len(ordered), _CHUNK):
        yield ordered[i : i + _CHUNK]


def _fused_of_documents(store: Store, docs: Iterable[str]) -> set[str]:
    found: set[str] = set()
    for chunk in _chunks(docs):
        found.update(row[0] for row in store.conn.execute(
            f"SELECT DISTINCT m.fused_id FROM events e JOIN fused_members m ON m.event_id = e.id "
            f"WHERE e.doc_id IN ({', '.join('?' * len(chunk))})", chunk))  # fmt: skip
    return found


def _rows_of_fused(store: Store, fused_ids: Iterable[str]) -> dict[int, Sequence[Any]]:
    found: dict[int, Sequence[Any]] = {}
    for chunk in _chunks(fused_ids):
        sql = (f"{_EVENT_ROWS} JOIN fused_members m ON m.event_id = e.id "
               f"WHERE m.fused_id IN ({', '.join('?' * len(chunk))})")  # fmt: skip
        found.update((row[0], row) for row in store.conn.execute(sql, chunk))
    return found


def _stored_fused(store: Store, fused_ids: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
    if fused_ids is None:
        return {row[0]: jsonio.loads(row[1]) for row in store.conn.execute("SELECT id, json FROM fused_events")}
    found: dict[str, dict[str, Any]] = {}
    for chunk in _chunks(fused_ids):
        sql = f"SELECT id, json FROM fused_events WHERE id IN ({', '.join('?' * len(chunk))})"
        found.update((row[0], jsonio.loads(row[1])) for row in store.conn.execute(sql, chunk))
    return found


def _replace_fused(store: Store, old: Mapping[str, Any], fused: Mapping[str, Mapping[str, Any]],
                   index: Mapping[str, tuple[tuple[str, ...], str | None, str | None]], *, everything: bool) -> None:  # fmt: skip
    if everything:
        store.conn.execute("DELETE FROM fused_members")
        store.conn.execute("DELETE FROM fused_events")
    else:
        gone = [(fid,) for fid in sorted(old)]
        store.conn.executemany("DELETE FROM fused_members WHERE fused_id = ?", gone)
        store.conn.executemany("DELETE FROM fused_events WHERE id = ?", gone)
    keys = {block: _block_key(block) for block in {block for block, _, _ in index.values()}}
    rows = [_fused_row(record, keys[index[fid][0]], *index[fid][1:]) for fid, record in fused.items()]
    store.conn.executemany(f"INSERT INTO fused_events ({', '.join(FUSED_COLUMNS)}) VALUES "
                           f"({', '.join('?' * len(FUSED_COLUMNS))})", rows)  # fmt: skip
    store.conn.executemany("INSERT INTO fused_members VALUES (?, ?)",
                           [(m["event_id"], fid) for fid, record in fused.items() for m in record["mentions"]])  # fmt: skip


# Fused records are stored with sorted keys: a canonical text, the same whatever order fusion built them in.
_encode_fused = jsonio.dumps_sorted


def _fused_row(record: Mapping[str, Any], block: str, span_first: str | None, span_last: str | None) -> tuple[Any, ...]:
    """The ``fused_events`` row of a fused record, its values in ``FUSED_COLUMNS`` order."""
    get = record.get
    location = get("location") or {}
    source, target = get("source") or {}, get("target") or {}
    return (get("id"), get("date"), get("first_seen"), source.get("id"), target.get("id"),
            source.get("country"), target.get("country"), get("cameo"), get("plover"), get("quad_class"),
            get("goldstein"), get("modality"), location.get("name"), location.get("country"), get("confidence"),
            get("num_mentions"), get("num_sources"), get("num_articles"), _encode_fused(record),
            block, span_first, span_last)  # fmt: skip


def changes_since(store: Store, timestamp: int | str = 0) -> list[Change]:
    """The store's fusion change log after a sequence number or an ISO timestamp."""
    column = "seq" if isinstance(timestamp, int) else "at"
    cursor = store.conn.cursor()
    cursor.row_factory = None  # plain tuples: a sqlite3.Row per change costs more than the Change
    rows = cursor.execute(f"SELECT seq, at, kind, fused_id, into_id, num_mentions FROM fusion_changes "
                          f"WHERE {column} > ? ORDER BY seq", (timestamp,))  # fmt: skip
    return [Change(*row) for row in rows]


def explain_stored(store: Store, fused_id: str) -> list[str]:
    row = store.conn.execute("SELECT json FROM fused_events WHERE id = ?", (fused_id,)).fetchone()
    if row is None:
        raise ConfigError(f"no fused event {fused_id!r} in the store; run fusion first (eventwire.fusion.fuse_store)")
    return list(jsonio.loads(row[0])["explanation"])
