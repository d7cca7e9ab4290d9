"""User actors: entries that extend or override the built-in knowledge base, kept in the store.

``eventwire actors import FILE`` and ``eventwire actors add`` write here; every coder built for
that store (``eventwire ingest``) loads them on top of the built-in data, and the knowledge-base
version it records in ``runs`` changes with them, so each event can be traced to the actor data
that resolved it. User entries replace built-in ones with the same id.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from eventwire.errors import ConfigError
from eventwire.kb import import_entries
from eventwire.store import MIGRATIONS, Store


@MIGRATIONS()
def m110_user_actors(conn: sqlite3.Connection) -> None:
    conn.execute(
        """CREATE TABLE IF NOT EXISTS user_actors (
            id TEXT PRIMARY KEY,
            entry TEXT NOT NULL,          -- the entry as JSON, in the knowledge-base schema
            origin TEXT,                  -- the file it was imported from, or 'cli'
            added_at TEXT NOT NULL
        )"""
    )


def add_entries(store: Store, entries: Sequence[dict[str, Any]], *, origin: str) -> int:
    """Insert or replace entries (already validated by ``kb.import_entries``); return the count."""
    MIGRATIONS.apply(store.conn)
    now = datetime.now(UTC).isoformat(timespec="seconds")
    with store.transaction():
        store.conn.executemany(
            "INSERT OR REPLACE INTO user_actors (id, entry, origin, added_at) VALUES (?, ?, ?, ?)",
            [(e["id"], json.dumps(e, ensure_ascii=False, sort_keys=True), origin, now) for e in entries],
        )
    return len(entries)


def import_file(store: Store, path: Path) -> int:
    """Validate a YAML, CSV or Wikidata JSON file of actors and add its entries to the store."""
    return add_entries(store, import_entries(path), origin=str(path))


def entries(store: Store) -> list[dict[str, Any]]:
    exists = store.conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'user_actors'").fetchone()
    if not exists:
        return []
    rows = store.conn.execute("SELECT entry FROM user_actors ORDER BY id").fetchall()
    return [json.loads(row[0]) for row in rows]


def materialise(store: Store, cache_dir: Path | None = None) -> Path | None:
    """Write the store's user entries to a YAML file the knowledge base can load; None if none.

    The file name is the hash of its content, so a changed set of entries is a new file and a
    new knowledge-base version.
    """
    found = entries(store)
    if not found:
        return None
    text = yaml.safe_dump(found, allow_unicode=True, sort_keys=True)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    folder = cache_dir or Path.home() / ".cache" / "eventwire" / "user-actors"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"user-actors-{digest}.yaml"
    if not path.exists():
        path.write_text(text, encoding="utf-8")
    return path


def add_entry(store: Store, actor_id: str, *, name: str, aliases: Sequence[str] = (), country: str | None = None,
              sector: str | None = None, title: str | None = None, start: str | None = None,
              end: str | None = None) -> dict[str, Any]:
    """Build one entry from command-line fields, validate it like an imported file, and add it."""
    from eventwire.kb import _validate_entry

    entry: dict[str, Any] = {"id": actor_id, "name": name}
    if aliases:
        entry["names"] = list(aliases)
    if actor_id.startswith("person:"):
        entry["roles"] = []
        if title:
            if not start or not country:
                raise ConfigError("a role needs --country and --start (and --end if it is over)")
            entry["roles"] = [{"title": title.lower(), "country": country, "sector": sector or "GOV",
                               "start": start, "end": end}]
    elif actor_id.startswith("org:"):
        if not sector:
            raise ConfigError("an organisation needs --sector (IGO, NGO, REB, BUS, ...)")
        entry["sector"] = sector
        if country:
            entry["country"] = country
    else:
        raise ConfigError(f"{actor_id!r}: add people (person:...) or organisations (org:...); "
                          "countries are complete in the built-in data")
    _validate_entry(entry, "eventwire actors add")
    add_entries(store, [entry], origin="cli")
    return entry
