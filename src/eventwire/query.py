"""Queries over the store: filtered events, timelines, top actors and dyads, one event's provenance.

Every function reads fused events (``fused=True``, one record per real-world event, see
:mod:`eventwire.fusion`) when the store has them, else the coded events (one per mention).
Filters combine with AND:

- ``actor``: a canonical id on either side (``country:RUS``, ``person:joe-biden``);
- ``country``: an ISO3 country of either actor;
- ``dyad``: ``(source, target)`` or ``"SRC-TGT"``, directed; each side a canonical id (has a
  ``:``) or an ISO3 country;
- ``since``/``until``: ISO date prefixes, inclusive (``until="2022-01"`` includes the 31st);
- ``text``: full-text search in the sentences (SQLite FTS5 syntax; bad syntax falls back to
  the words as phrases).

The ``m102_query_indexes`` migration adds the composite indexes that keep a one-dyad timeline
and a filtered query under a second on a million events (``benchmarks/bench_query.py``).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from eventwire import fusion, jsonio
from eventwire.errors import ConfigError, StoreError
from eventwire.store import MIGRATIONS, Store

log = logging.getLogger(__name__)

PERIODS = ("day", "week", "month")
GROUPS = ("plover", "quad_class")
MODALITIES = ("asserted", "future", "hypothetical", "negated")
TABLE_COLUMNS = ("id", "date", "source", "target", "plover", "cameo", "modality", "num_sources", "sentence")
SENTENCE_WIDTH = 70


@MIGRATIONS()
def m102_query_indexes(conn: sqlite3.Connection) -> None:
    # Dyad and type timelines read (source, target, date) and (plover, date) ranges directly.
    conn.execute("CREATE INDEX IF NOT EXISTS events_dyad_date ON events(source_id, target_id, date)")
    conn.execute("CREATE INDEX IF NOT EXISTS events_target_date ON events(target_id, date)")
    conn.execute("CREATE INDEX IF NOT EXISTS events_plover_date ON events(plover, date)")
    conn.execute("CREATE INDEX IF NOT EXISTS events_countries ON events(source_country, target_country, date)")
    conn.execute("CREATE INDEX IF NOT EXISTS fused_dyad_date ON fused_events(source_id, target_id, date)")
    conn.execute("CREATE INDEX IF NOT EXISTS fused_target_date ON fused_events(target_id, date)")
    conn.execute("CREATE INDEX IF NOT EXISTS fused_plover_date ON fused_events(plover, date)")
    conn.execute("CREATE INDEX IF NOT EXISTS fused_countries ON fused_events(source_country, target_country, date)")


# Indexes that only cost writes (each stored event and fused event updated every one of them):
# - the single-column target_id indexes, which m102's (target_id, date) composites begin with:
#   the composite serves every target look-up as well or better (an equality on target_id,
#   alone or OR-ed with source_id; SQLite already prefers it on an analysed store). The
#   source_id and plover indexes stay: their composites list a value's rows in date order, not
#   table order, and on a million events (benchmarks/bench_query.py's store) an actor's OR
#   query and a type's counts read the table about twice as slowly through them;
# - the cameo indexes: codes are only ever matched by prefix (``cameo LIKE '19%'``), which a
#   case-sensitive index cannot serve while LIKE ignores case, so no query used them.
PREFIX_INDEXES = {"events_target_id": "events_target_date", "fused_events_target_id": "fused_target_date"}
UNUSED_INDEXES = ("events_cameo", "fused_events_cameo")


@MIGRATIONS()
def m104_drop_write_only_indexes(conn: sqlite3.Connection) -> None:
    for index in (*PREFIX_INDEXES, *UNUSED_INDEXES):
        conn.execute(f"DROP INDEX IF EXISTS {index}")


# -- the table to read ---------------------------------------------------------------------------


def uses_fused(store: Store, fused: bool) -> bool:
    """Whether to read fused events: asked for, and the store has some."""
    if not fused:
        return False
    exists = store.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'fused_events'").fetchone()
    if not exists or store.conn.execute("SELECT 1 FROM fused_events LIMIT 1").fetchone() is None:
        log.info("store %s has no fused events; reading coded events (run fusion.fuse_store first)", store.path)
        return False
    return True


def _table(store: Store, fused: bool) -> str:
    return "fused_events" if uses_fused(store, fused) else "events"


# -- filters -------------------------------------------------------------------------------------


@dataclass(slots=True)
class Filters:
    """SQL WHERE clauses and their parameters, built one filter at a time (a builder, so not frozen)."""

    table: str
    clauses: list[str] = field(default_factory=list)
    params: list[Any] = field(default_factory=list)

    def add(self, clause: str, *params: Any) -> None:
        self.clauses.append(clause)
        self.params.extend(params)

    @property
    def where(self) -> str:
        return ("WHERE " + " AND ".join(self.clauses)) if self.clauses else ""


def parse_dyad(dyad: str | Sequence[str]) -> tuple[str, str]:
    """``"RUS-UKR"``, ``"country:RUS->country:UKR"`` or a pair -> (source, target)."""
    if not isinstance(dyad, str):
        pair = tuple(dyad)
    elif "->" in dyad:
        pair = tuple(dyad.split("->", 1))
    else:
        pair = tuple(dyad.split("-", 1)) if ":" not in dyad else tuple(dyad.split(",", 1))
    if len(pair) != 2 or not all(part.strip() for part in pair):
        raise ConfigError(f"cannot read dyad {dyad!r}; write it as SOURCE-TARGET (RUS-UKR) or SOURCE->TARGET ids")
    return pair[0].strip(), pair[1].strip()


def _side(filters: Filters, role: str, value: str) -> None:
    if ":" in value:
        filters.add(f"{role}_id = ?", value)
    else:
        filters.add(f"{role}_country = ?", value.upper())


def _period_filters(filters: Filters, since: str | None, until: str | None) -> None:
    if since:
        filters.add("date >= ?", since)
    if until:
        # "until 2022-01" includes the whole month: compare on the prefix of the given precision.
        filters.add("date < ?", until + "\uffff")


def build_filters(store: Store, *, fused: bool = True, actor: str | None = None, country: str | None = None,
                  dyad: str | Sequence[str] | None = None, plover: str | None = None, cameo_prefix: str | None = None,
                  quad_class: int | None = None, modality: str | None = None, since: str | None = None,
                  until: str | None = None, place: str | None = None, min_sources: int | None = None,
                  text: str | None = None) -> Filters:  # fmt: skip
    """The WHERE clause for a set of filters over the table ``fused`` selects."""
    filters = Filters(_table(store, fused))
    if actor:
        filters.add("(source_id = ? OR target_id = ?)", actor, actor)
    if country:
        filters.add("(source_country = ? OR target_country = ?)", country.upper(), country.upper())
    if dyad:
        source, target = parse_dyad(dyad)
        _side(filters, "source", source)
        _side(filters, "target", target)
    _simple_filters(filters, plover=plover, cameo_prefix=cameo_prefix, quad_class=quad_class, modality=modality)
    _period_filters(filters, since, until)
    if place:
        filters.add("(location_name = ? COLLATE NOCASE OR location_country = ?)", place, place.upper())
    if min_sources and filters.table == "fused_events":
        filters.add("num_sources >= ?", min_sources)
    elif min_sources and min_sources > 1:
        filters.add("0")  # an unfused event has exactly one source
    if text:
        _text_filter(store, filters, text)
    return filters


def _simple_filters(filters: Filters, *, plover: str | None, cameo_prefix: str | None,
                    quad_class: int | None, modality: str | None) -> None:  # fmt: skip
    if plover:
        filters.add("plover = ?", plover.upper())
    if cameo_prefix:
        filters.add("cameo LIKE ?", cameo_prefix + "%")
    if quad_class is not None:
        filters.add("quad_class = ?", int(quad_class))
    if modality:
        if modality not in MODALITIES:
            raise ConfigError(f"unknown modality {modality!r}; use one of {', '.join(MODALITIES)}")
        filters.add("modality = ?", modality)


def _text_filter(store: Store, filters: Filters, text: str) -> None:
    query = text if _valid_fts(store, text) else " ".join(f'"{w.replace(chr(34), "")}"' for w in text.split())
    matching = "SELECT e.id FROM events_fts JOIN events e ON e.rowid = events_fts.rowid WHERE events_fts MATCH ?"
    if filters.table == "fused_events":
        filters.add(f"id IN (SELECT fused_id FROM fused_members WHERE event_id IN ({matching}))", query)
    else:
        filters.add(f"id IN ({matching})", query)


def _valid_fts(store: Store, text: str) -> bool:
    try:
        store.conn.execute("SELECT 1 FROM events_fts WHERE events_fts MATCH ? LIMIT 1", (text,)).fetchall()
    except sqlite3.OperationalError:
        return False
    return True


# -- events --------------------------------------------------------------------------------------


def events(store: Store, *, actor: str | None = None, country: str | None = None,
           dyad: str | Sequence[str] | None = None, plover: str | None = None, cameo_prefix: str | None = None,
           quad_class: int | None = None, modality: str | None = None, since: str | None = None,
           until: str | None = None, place: str | None = None, min_sources: int | None = None,
           text: str | None = None, limit: int | None = 100, fused: bool = True) -> list[dict[str, Any]]:  # fmt: skip
    """Event records (fused records when available) matching every filter, newest first."""
    filters = build_filters(store, fused=fused, actor=actor, country=country, dyad=dyad, plover=plover,
                            cameo_prefix=cameo_prefix, quad_class=quad_class, modality=modality, since=since,
                            until=until, place=place, min_sources=min_sources, text=text)  # fmt: skip
    sql = f"SELECT json FROM {filters.table} {filters.where} ORDER BY date DESC, id"
    params = list(filters.params)
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    return [jsonio.loads(row[0]) for row in _execute(store, sql, params)]


def _execute(store: Store, sql: str, params: Sequence[Any]) -> list[sqlite3.Row]:
    try:
        return store.conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError as exc:
        raise StoreError(f"query failed: {exc}; is the store up to date? open it writable once to migrate it",
                         origin=str(store.path)) from exc  # fmt: skip


# -- timeline ------------------------------------------------------------------------------------


def period_of(value: str, by: str) -> str | None:
    """The day, ISO week (``2022-W08``) or month of an ISO date; None when it is too coarse."""
    if by == "month":
        return value[:7] if len(value) >= 7 else None
    if len(value) < 10:
        return None
    if by == "day":
        return value[:10]
    year, week, _ = date.fromisoformat(value[:10]).isocalendar()
    return f"{year}-W{week:02d}"


def timeline(store: Store, *, by: str = "day", group: str | None = None, actor: str | None = None,
             dyad: str | Sequence[str] | None = None, since: str | None = None, until: str | None = None,
             fused: bool = True, **filters: Any) -> list[dict[str, Any]]:  # fmt: skip
    """Event counts and Goldstein sums per period (and per PLOVER type or quad class).

    Events dated coarser than the period (a month-precise date in a daily timeline) are left out.
    Extra keyword filters are those of ``events``.
    """
    if by not in PERIODS:
        raise ConfigError(f"cannot group a timeline by {by!r}; use one of {', '.join(PERIODS)}")
    if group is not None and group not in GROUPS:
        raise ConfigError(f"cannot split a timeline by {group!r}; use one of {', '.join(GROUPS)} or none")
    where = build_filters(store, fused=fused, actor=actor, dyad=dyad, since=since, until=until, **filters)
    group_sql = group or "NULL"
    day_sql = "substr(date, 1, 7)" if by == "month" else "substr(date, 1, 10)"
    sql = (f"SELECT {day_sql} AS day, {group_sql} AS grp, COUNT(*), SUM(goldstein) FROM {where.table} "
           f"{where.where} GROUP BY day, grp")  # fmt: skip
    buckets: dict[tuple[str, Any], list[float]] = defaultdict(lambda: [0, 0.0])
    for day, grp, count, goldstein in _execute(store, sql, where.params):
        period = period_of(day, by) if day else None
        if period:
            bucket = buckets[(period, grp)]
            bucket[0] += count
            bucket[1] += goldstein or 0.0
    return [_timeline_row(period, grp, values, group) for (period, grp), values in sorted(buckets.items(), key=_sort_key)]


def _sort_key(item: tuple[tuple[str, Any], list[float]]) -> tuple[str, str]:
    (period, grp), _ = item
    return period, "" if grp is None else str(grp)


def _timeline_row(period: str, grp: Any, values: list[float], group: str | None) -> dict[str, Any]:
    row: dict[str, Any] = {"period": period, "count": int(values[0]), "goldstein": round(values[1], 3)}
    if group:
        row[group] = grp
    return row


# -- top actors and dyads ------------------------------------------------------------------------


def top_actors(store: Store, limit: int = 20, *, fused: bool = True, **filters: Any) -> list[dict[str, Any]]:
    """The actors in most events, as source or target, with their names."""
    where = build_filters(store, fused=fused, **filters)
    sql = (f"SELECT actor, SUM(as_source), SUM(as_target) FROM ("
           f"SELECT source_id AS actor, 1 AS as_source, 0 AS as_target FROM {where.table} {where.where} "
           f"UNION ALL SELECT target_id, 0, 1 FROM {where.table} {where.where}) "
           "WHERE actor IS NOT NULL GROUP BY actor ORDER BY SUM(as_source) + SUM(as_target) DESC, actor LIMIT ?")  # fmt: skip
    rows = _execute(store, sql, [*where.params, *where.params, int(limit)])
    names = _actor_names(store, [row[0] for row in rows])
    return [{"actor": row[0], "name": names.get(row[0]), "events": row[1] + row[2], "as_source": row[1],
             "as_target": row[2]} for row in rows]  # fmt: skip


def top_dyads(store: Store, limit: int = 20, *, fused: bool = True, **filters: Any) -> list[dict[str, Any]]:
    """The (source, target) pairs in most events, with counts and Goldstein sums."""
    where = build_filters(store, fused=fused, **filters)
    where.add("source_id IS NOT NULL AND target_id IS NOT NULL")
    sql = (f"SELECT source_id, target_id, COUNT(*), SUM(goldstein) FROM {where.table} {where.where} "
           "GROUP BY source_id, target_id ORDER BY COUNT(*) DESC, source_id, target_id LIMIT ?")  # fmt: skip
    rows = _execute(store, sql, [*where.params, int(limit)])
    names = _actor_names(store, [a for row in rows for a in row[:2]])
    return [{"source": row[0], "target": row[1], "source_name": names.get(row[0]), "target_name": names.get(row[1]),
             "events": row[2], "goldstein": round(row[3] or 0.0, 3)} for row in rows]  # fmt: skip


def _actor_names(store: Store, ids: Iterable[str]) -> dict[str, str]:
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    marks = ", ".join("?" * len(wanted))
    return {row[0]: row[1] for row in store.conn.execute(f"SELECT id, name FROM actors WHERE id IN ({marks})", wanted)}


# -- show: one event with its provenance ---------------------------------------------------------


def show(store: Store, event_id: str) -> dict[str, Any]:
    """One event (fused or coded id) with each mention's sentence, marked, and its document."""
    fused_row = _fused_record(store, event_id)
    if fused_row is None:
        record = _event_record(store, event_id)
        fused_row = _fused_record(store, _fused_id_of(store, event_id) or "")
        members = [record]
    else:
        members = [_event_record(store, m["event_id"]) for m in fused_row["mentions"]]
    return {
        "event": fused_row or members[0],
        "mentions": [_mention_view(store, record) for record in members],
        "explanation": fused_row["explanation"] if fused_row else [],
    }


def _fused_record(store: Store, fused_id: str) -> dict[str, Any] | None:
    if not fused_id or not uses_fused(store, True):
        return None
    row = store.conn.execute("SELECT json FROM fused_events WHERE id = ?", (fused_id,)).fetchone()
    return jsonio.loads(row[0]) if row else None


def _fused_id_of(store: Store, event_id: str) -> str | None:
    if not uses_fused(store, True):
        return None
    row = store.conn.execute("SELECT fused_id FROM fused_members WHERE event_id = ?", (event_id,)).fetchone()
    return str(row[0]) if row else None


def _event_record(store: Store, event_id: str) -> dict[str, Any]:
    row = store.conn.execute("SELECT json FROM events WHERE id = ?", (event_id,)).fetchone()
    if row is None:
        raise ConfigError(f"no event {event_id!r} in the store; list ids with `eventwire events`")
    loaded: dict[str, Any] = jsonio.loads(row[0])
    return loaded


def _mention_view(store: Store, record: Mapping[str, Any]) -> dict[str, Any]:
    document = store.document(record["doc_id"]) or {}
    return {
        "event_id": record["id"], "doc_id": record["doc_id"], "sentence_index": record.get("sentence_index"),
        "sentence": record.get("sentence"), "marked": mark_sentence(record, document.get("text")),
        "trigger": record.get("trigger"), "source": record.get("source"), "target": record.get("target"),
        "said_by": record.get("said_by"), "coder": record.get("coder"), "rule": record.get("rule"),
        "confidence": record.get("confidence"), "modality": record.get("modality"),
        "document": {key: document.get(key) for key in ("id", "title", "url", "date", "source_name")},
    }  # fmt: skip


def mark_sentence(record: Mapping[str, Any], text: str | None = None) -> str:
    """The sentence with the trigger in [brackets], the source in {braces}, the target in <angles>."""
    sentence = str(record.get("sentence") or "")
    offset = _sentence_offset(record, sentence, text)
    spans = [span for span in (_trigger_span(record, sentence, text), _actor_span(record, "source", sentence, offset),
                               _actor_span(record, "target", sentence, offset)) if span]  # fmt: skip
    marked = sentence
    for start, end, (left, right) in sorted(_non_overlapping(spans), reverse=True):
        marked = marked[:start] + left + marked[start:end] + right + marked[end:]
    return marked


def _trigger_span(record: Mapping[str, Any], sentence: str, text: str | None) -> tuple[int, int, tuple[str, str]] | None:
    trigger = record.get("trigger") or {}
    sentence_start = text.find(sentence, max(0, int(trigger.get("start") or 0) - len(sentence))) if text else -1
    if sentence_start >= 0:
        start = int(trigger["start"]) - sentence_start
        return start, start + int(trigger["end"]) - int(trigger["start"]), ("[", "]")
    found = sentence.find(trigger.get("text") or "\0")
    return (found, found + len(trigger["text"]), ("[", "]")) if found >= 0 else None


def _sentence_offset(record: Mapping[str, Any], sentence: str, text: str | None) -> int | None:
    """Where the sentence starts in the document text, found near the trigger."""
    trigger = record.get("trigger") or {}
    if not text or trigger.get("start") is None:
        return None
    found = text.find(sentence, max(0, int(trigger["start"]) - len(sentence)))
    return found if found >= 0 else None


def _actor_span(record: Mapping[str, Any], role: str, sentence: str,
                offset: int | None = None) -> tuple[int, int, tuple[str, str]] | None:  # fmt: skip
    """The actor's own offsets when it is in this sentence, else the first occurrence of its text."""
    actor = record.get(role) or {}
    marks = ("{", "}") if role == "source" else ("<", ">")
    start, end = actor.get("start"), actor.get("end")
    if offset is not None and start is not None and end is not None and offset <= start and end <= offset + len(sentence):
        return start - offset, end - offset, marks
    if start is not None and offset is not None:
        return None  # a coreferent mention in another sentence: nothing to mark here
    found = sentence.find(actor.get("text") or "\0")
    return (found, found + len(actor["text"]), marks) if found >= 0 else None


def _non_overlapping(spans: list[tuple[int, int, tuple[str, str]]]) -> list[tuple[int, int, tuple[str, str]]]:
    kept: list[tuple[int, int, tuple[str, str]]] = []
    for span in spans:  # the trigger first: it wins an overlap
        if all(span[1] <= other[0] or span[0] >= other[1] for other in kept):
            kept.append(span)
    return kept


# -- output helpers ------------------------------------------------------------------------------


def summary_row(record: Mapping[str, Any]) -> dict[str, Any]:
    """The columns of ``TABLE_COLUMNS`` for one event record, actors by name."""
    row = {column: record.get(column) for column in TABLE_COLUMNS}
    for role in ("source", "target"):
        actor = record.get(role) or {}
        row[role] = actor.get("name") or actor.get("text") or actor.get("id")
    row["num_sources"] = record.get("num_sources", 1)
    return row


def _flat(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _columns_of(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    columns: list[str] = []
    for row in rows:
        columns.extend(key for key in row if key not in columns)
    return columns


def to_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None) -> str:
    """Rows as a plain aligned text table (event records are summarised first)."""
    if rows and "trigger" in rows[0]:
        rows = [summary_row(row) for row in rows]
    names = list(columns or _columns_of(rows))
    cells = [[_clip(_flat(row.get(name)), name) for name in names] for row in rows]
    widths = [max([len(name), *(len(line[i]) for line in cells)]) for i, name in enumerate(names)]
    lines = ["  ".join(name.ljust(width) for name, width in zip(names, widths, strict=True))]
    lines += ["  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)) for line in cells]
    return "\n".join(line.rstrip() for line in lines)


def _clip(value: str, name: str) -> str:
    if name == "sentence" and len(value) > SENTENCE_WIDTH:
        return value[: SENTENCE_WIDTH - 1] + "…"
    return value


def to_json(rows: Sequence[Mapping[str, Any]] | Mapping[str, Any]) -> str:
    """JSON: one object per line for a list of rows, an indented object for one."""
    if isinstance(rows, Mapping):
        return json.dumps(rows, ensure_ascii=False, indent=2)
    return "\n".join(json.dumps(row, ensure_ascii=False) for row in rows)


def to_csv(rows: Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None) -> str:
    """CSV with a header; nested values as JSON."""
    names = list(columns or _columns_of(rows))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    writer.writerows([[_flat(row.get(name)) for name in names] for row in rows])
    return buffer.getvalue()


__all__ = ["events", "timeline", "top_actors", "top_dyads", "show", "mark_sentence", "to_table", "to_json",
           "to_csv", "parse_dyad", "period_of"]  # fmt: skip


# -- quotes ---------------------------------------------------------------------------------------


def quotes(store: Store, *, speaker: str | None = None, about: str | None = None, since: str | None = None,
           until: str | None = None, limit: int | None = 50) -> list[dict[str, Any]]:
    """Quotes (direct and reported) by a speaker and/or about an actor, newest first.

    ``speaker`` and ``about`` match an actor id exactly, or a name or text case-insensitively.
    """
    filters = Filters(table="quotes")
    if speaker:
        filters.add("(speaker_id = ? OR lower(speaker_text) LIKE ?)", speaker, f"%{speaker.lower()}%")
    if about:
        filters.add("lower(json) LIKE ?", f"%{about.lower()}%")  # narrowed below on the parsed record
    if since:
        filters.add("date >= ?", since)
    if until:
        filters.add("substr(date, 1, ?) <= ?", len(until), until)
    sql = f"SELECT json FROM quotes {filters.where} ORDER BY date DESC, doc_id, start"
    rows = [jsonio.loads(row[0]) for row in _execute(store, sql, filters.params)]
    if about:
        rows = [r for r in rows if any(_actor_matches(a, about) for a in r.get("about") or [])]
    return rows[:limit] if limit is not None else rows


def _actor_matches(actor: Mapping[str, Any], wanted: str) -> bool:
    low = wanted.lower()
    return actor.get("id") == wanted or any(low in str(actor.get(key) or "").lower() for key in ("name", "text"))


def quote_row(record: Mapping[str, Any]) -> dict[str, Any]:
    speaker = record.get("speaker") or {}
    return {
        "date": record.get("date"), "speaker": speaker.get("name") or speaker.get("text"),
        "kind": record.get("kind"), "text": record.get("text"),
        "about": ", ".join(a.get("name") or a.get("text") or "" for a in record.get("about") or []),
        "doc_id": record.get("doc_id"),
    }  # fmt: skip


def format_show(view: Mapping[str, Any]) -> str:
    """``show``'s record as text: the event, each mention marked, and why they were merged."""
    event = view["event"]
    lines = [
        f"{event.get('id')}  {event.get('date')}{'..' + event['date_end'] if event.get('date_end') else ''}  "
        f"{event.get('plover')} {event.get('cameo')} ({event.get('modality')})",
        f"  {_actor_label(event.get('source'))} -> {_actor_label(event.get('target'))}"
        + (f"  at {event['location']['name']}" if event.get("location") else ""),
        f"  mentions {event.get('num_mentions', 1)}, sources {event.get('num_sources', 1)}, "
        f"articles {event.get('num_articles', 1)}, confidence {event.get('confidence')}",
        "",
    ]
    for mention in view["mentions"]:
        document = mention["document"]
        lines.append(f"- {document.get('date')} {document.get('title') or document.get('id')} "
                     f"({document.get('source_name') or document.get('url') or mention['doc_id']})")
        lines.append(f"  {mention['marked']}")
        said = f", said by {_actor_label(mention['said_by'])}" if mention.get("said_by") else ""
        lines.append(f"  rule {mention.get('rule')}, {mention.get('modality')}{said}, coder {mention.get('coder')}")
    if view.get("explanation"):
        lines += ["", "merged because:"] + [f"  {reason}" for reason in view["explanation"]]
    lines.append("\nmarks: {source} [trigger] <target>")
    return "\n".join(lines)


def _actor_label(actor: Mapping[str, Any] | None) -> str:
    if not actor:
        return "-"
    return f"{actor.get('name') or actor.get('text')} [{actor.get('id') or '?'}]"
