"""Exports from the store: the query filters pick the events, ``exports`` writes the format.

Fused events are exported when the store has them (GDELT's NumMentions/NumSources/NumArticles
then count mentions, independent sources and articles); mentions tables list every member.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from eventwire import exports, query
from eventwire.errors import ConfigError
from eventwire.store import Store

FORMATS = ("gdelt", "gdelt-mentions", "plover", "csv", "parquet", "mentions-csv", "mentions-parquet", "quotes",
           "gkg-quotations")


def documents_of(store: Store, records: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """URL, title and source name of every document the records cite (for SOURCEURL etc.)."""
    ids = {m.get("doc_id") for r in records for m in r.get("mentions", [r])} - {None}
    found: dict[str, dict[str, Any]] = {}
    rows = store.conn.execute("SELECT id, url, title, source_name, date FROM documents").fetchall() if ids else []
    for row in rows:
        if row[0] in ids:
            found[row[0]] = {"url": row[1], "title": row[2], "source_name": row[3], "date": row[4]}
    return found


def export(store: Store, fmt: str, output: Path | None, filters: Mapping[str, Any]) -> int:
    """Write ``fmt`` for the events matching ``filters`` to ``output`` (stdout when None)."""
    if fmt not in FORMATS:
        raise ConfigError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    if fmt == "quotes":
        return _write_lines(output, (json.dumps(q, ensure_ascii=False) for q in query.quotes(store, limit=None)))
    if fmt == "gkg-quotations":
        return _write_lines(output, gkg_quotation_rows(store))
    chosen = {k: v for k, v in filters.items() if v is not None}
    records = query.events(store, limit=None, fused=True, **chosen)
    fused = query.uses_fused(store, True)
    docs = documents_of(store, records)
    if fmt in {"parquet", "mentions-parquet"}:
        if output is None:
            raise ConfigError("Parquet is binary: give a file with -o/--output")
        return exports.write_parquet(records, output, table="mentions" if fmt.startswith("mentions") else "events")
    if fmt == "gdelt":
        rows = ("\t".join(r) for r in exports.gdelt_rows(records, fused=fused, documents=docs))
        return _write_lines(output, rows)
    if fmt == "gdelt-mentions":
        rows = ("\t".join(r) for r in exports.gdelt_mention_rows(records, documents=docs))
        return _write_lines(output, rows)
    if fmt == "plover":
        lines = (json.dumps(r, ensure_ascii=False) for r in exports.plover_records(records, documents=docs))
        return _write_lines(output, lines)
    table = "mentions" if fmt.startswith("mentions") else "events"
    if output is None:
        return _csv_to_stdout(records, table)
    return exports.write_csv(records, output, table=table)


def _write_lines(output: Path | None, lines: Any) -> int:
    count = 0
    handle = open(output, "w", encoding="utf-8") if output else sys.stdout  # noqa: SIM115
    try:
        for line in lines:
            handle.write(line + "\n")
            count += 1
    finally:
        if output:
            handle.close()
    return count


def _csv_to_stdout(records: list[dict[str, Any]], table: str) -> int:
    import csv

    names = [name for name, _ in exports._columns(table)]
    writer = csv.DictWriter(sys.stdout, fieldnames=names)
    writer.writeheader()
    count = 0
    for row in exports.flat_rows(records, table=table):
        writer.writerow(row)
        count += 1
    return count


def gkg_quotation_field(quotes: list[dict[str, Any]]) -> str:
    """GDELT GKG 2.1's Quotations field: ``offset|length|verb|quote`` blocks joined by ``#``.

    Offsets are characters into the cleaned text; the speaker, which GKG does not carry, is in
    the quotes export (``--format quotes``). ``|`` and ``#`` inside quotes become spaces.
    """
    def clean(value: str) -> str:
        return " ".join(value.replace("|", " ").replace("#", " ").split())

    return "#".join(
        f"{q['start']}|{q['end'] - q['start']}|{clean(q.get('cue') or '')}|{clean(q['text'])}"
        for q in sorted(quotes, key=lambda q: q["start"])
    )


def gkg_quotation_rows(store: Store) -> Any:
    """One tab-separated row per document with quotes: its URL (or id) and the Quotations field."""
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for quote in query.quotes(store, limit=None):
        by_doc.setdefault(quote["doc_id"], []).append(quote)
    for doc_id in sorted(by_doc):
        document = store.document(doc_id) or {}
        yield f"{document.get('url') or doc_id}\t{gkg_quotation_field(by_doc[doc_id])}"
