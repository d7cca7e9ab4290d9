"""The durable local store: one SQLite file in WAL mode.

Readers keep working while an ingest writes (WAL), and the ingest's parent process is the one
writer. A document is committed together with its events, mentions and quotes in one
transaction, so a crash (even ``kill -9``) leaves the store consistent and a re-run completes
the rest: documents are keyed by their content hash and events by their stable ``Event.id``.

The schema is built by named, transactional migrations (in the style of sqlite-utils'
``migrations.py``); the ``migrations`` table records which ones have run.
"""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple

from eventwire import jsonio
from eventwire.errors import ConfigError, StoreError
from eventwire.model import Actor, Article, CodeResult, Event, Quote

log = logging.getLogger(__name__)

DEFAULT_PATH = "eventwire.db"
BUSY_TIMEOUT_MS = 10_000
# An ingest commits a batch of documents at a time, and a batch dirties a thousand pages or so
# (a dozen indexes on events, the near-duplicate bands, full-text segments). With SQLite's
# defaults (a 2 MiB page cache, a checkpoint every 1,000 WAL pages) every commit evicted pages the
# next one needed again and ran a checkpoint, with its fsyncs, copying the same hot pages back
# into the database each time. A larger cache and a checkpoint every 8,192 pages (a WAL of up to
# 32 MiB) write about a quarter less and spend about a seventh less CPU per stored document.
CACHE_KIB = 16_384
WAL_CHECKPOINT_PAGES = 8_192
DOCUMENT_STATUSES = ("coded", "skipped-language", "near-duplicate")
TIMELINE_PERIODS = ("day", "week", "month")

Migration = Callable[[sqlite3.Connection], None]


@dataclass(frozen=True, slots=True)
class NamedMigration:
    name: str
    apply: Migration


class Migrations:
    """An ordered set of named migrations; ``@migrations()`` registers one by its function name."""

    def __init__(self) -> None:
        self._steps: list[NamedMigration] = []

    def __call__(self) -> Callable[[Migration], Migration]:
        def register(fn: Migration) -> Migration:
            self._steps.append(NamedMigration(fn.__name__, fn))
            return fn

        return register

    @property
    def names(self) -> list[str]:
        return [step.name for step in self._steps]

    def pending(self, conn: sqlite3.Connection) -> list[NamedMigration]:
        conn.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
        applied = {row[0] for row in conn.execute("SELECT name FROM migrations")}
        return [step for step in self._steps if step.name not in applied]

    def apply(self, conn: sqlite3.Connection) -> list[str]:
        """Run every pending migration, each in its own transaction; return their names."""
        done = []
        for step in self.pending(conn):
            with _transaction(conn):
                step.apply(conn)
                conn.execute("INSERT INTO migrations VALUES (?, ?)", (step.name, _now()))
            done.append(step.name)
        return done


MIGRATIONS = Migrations()


@MIGRATIONS()
def m001_core_tables(conn: sqlite3.Connection) -> None:
    conn.execute(
        """CREATE TABLE runs (
            id TEXT PRIMARY KEY, started_at TEXT NOT NULL, finished_at TEXT,
            sources TEXT NOT NULL, counts TEXT, status TEXT NOT NULL,
            coder_version TEXT, kb_version TEXT, pid INTEGER)"""
    )
    statuses = ", ".join(f"'{s}'" for s in DOCUMENT_STATUSES)
    conn.execute(
        f"""CREATE TABLE documents (
            id TEXT PRIMARY KEY, content_hash TEXT NOT NULL UNIQUE, minhash BLOB,
            near_dup_of TEXT REFERENCES documents(id), url TEXT, title TEXT, source_name TEXT,
            language TEXT, date TEXT, date_basis TEXT, text TEXT NOT NULL, byline TEXT,
            dateline TEXT, ingested_at TEXT NOT NULL, run_id TEXT REFERENCES runs(id),
            status TEXT NOT NULL CHECK (status IN ({statuses})))"""
    )
    conn.execute(
        """CREATE TABLE actors (
            id TEXT PRIMARY KEY, name TEXT, country TEXT, sector TEXT, kind TEXT, kb_version TEXT)"""
    )
    conn.execute(_events_ddl())
    for column in ("date", "source_id", "target_id", "cameo", "plover", "modality", "doc_id"):
        conn.execute(f"CREATE INDEX events_{column} ON events({column})")
    conn.execute(
        """CREATE TABLE mentions (
            id INTEGER PRIMARY KEY, event_id TEXT NOT NULL REFERENCES events(id),
            doc_id TEXT NOT NULL REFERENCES documents(id), sentence_index INTEGER NOT NULL,
            sentence TEXT NOT NULL, trigger_start INTEGER NOT NULL, trigger_end INTEGER NOT NULL,
            UNIQUE (event_id, doc_id, trigger_start, trigger_end))"""
    )
    conn.execute("CREATE INDEX mentions_doc_id ON mentions(doc_id)")
    conn.execute(
        """CREATE TABLE quotes (
            id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id), text TEXT NOT NULL,
            start INTEGER NOT NULL, "end" INTEGER NOT NULL, speaker_id TEXT, speaker_text TEXT,
            kind TEXT NOT NULL, sentence_index INTEGER NOT NULL, cue TEXT, date TEXT, json TEXT NOT NULL)"""
    )
    conn.execute("CREATE INDEX quotes_doc_id ON quotes(doc_id)")


def _actor_columns(role: str) -> list[str]:
    return [f"{role}_{part}" for part in ("id", "name", "country", "sector", "text")]


EVENT_COLUMNS: tuple[str, ...] = (
    "id", "doc_id", "run_id", "cameo", "plover", "mode", "quad_class", "goldstein", "modality",
    "date", "date_end", "date_basis",
    *_actor_columns("source"), *_actor_columns("target"), *_actor_columns("said_by"),
    "location_name", "location_country", "lat", "lon",
    "sentence", "sentence_index", "trigger_text", "trigger_start", "trigger_end",
    "confidence", "coder", "rule", "quote_id", "json",
)  # fmt: skip


def _events_ddl() -> str:
    typed = {"id": "TEXT PRIMARY KEY", "doc_id": "TEXT NOT NULL REFERENCES documents(id)",
             "run_id": "TEXT REFERENCES runs(id)", "json": "TEXT NOT NULL"}  # fmt: skip
    columns = ", ".join(f"{name} {typed.get(name, '')}".strip() for name in EVENT_COLUMNS)
    return f"CREATE TABLE events ({columns})"


@MIGRATIONS()
def m002_full_text_search(conn: sqlite3.Connection) -> None:
    # External-content FTS5 tables kept in step by triggers, so no writer can forget them.
    conn.execute("CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='rowid')")
    conn.execute("CREATE VIRTUAL TABLE events_fts USING fts5(sentence, content='events', content_rowid='rowid')")
    for table, columns in (("documents", ("title", "text")), ("events", ("sentence",))):
        names = ", ".join(columns)
        new = ", ".join(f"new.{c}" for c in columns)
        old = ", ".join(f"old.{c}" for c in columns)
        fts = f"{table}_fts"
        conn.execute(f"CREATE TRIGGER {table}_ai AFTER INSERT ON {table} BEGIN "
                     f"INSERT INTO {fts}(rowid, {names}) VALUES (new.rowid, {new}); END")  # fmt: skip
        conn.execute(f"CREATE TRIGGER {table}_ad AFTER DELETE ON {table} BEGIN "
                     f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.rowid, {old}); END")  # fmt: skip
        conn.execute(f"CREATE TRIGGER {table}_au AFTER UPDATE ON {table} BEGIN "
                     f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.rowid, {old}); "
                     f"INSERT INTO {fts}(rowid, {names}) VALUES (new.rowid, {new}); END")  # fmt: skip


@MIGRATIONS()
def m003_near_duplicate_bands(conn: sqlite3.Connection) -> None:
    # LSH band hashes of each document's MinHash signature (see dedup.py).
    conn.execute(
        """CREATE TABLE lsh_bands (
            band INTEGER NOT NULL, hash INTEGER NOT NULL,
            doc_id TEXT NOT NULL REFERENCES documents(id), PRIMARY KEY (band, hash, doc_id))"""
    )


@MIGRATIONS()
def m004_feed_entries(conn: sqlite3.Connection) -> None:
    # What ``watch`` has already seen per feed, so a poll ingests only new entries.
    conn.execute(
        """CREATE TABLE feed_entries (
            feed TEXT NOT NULL, entry TEXT NOT NULL, seen_at TEXT NOT NULL, PRIMARY KEY (feed, entry))"""
    )


# The full-text indexes: table -> indexed columns (kept in step by Store.transaction).
FTS_TABLES: dict[str, tuple[str, ...]] = {"documents": ("title", "text"), "events": ("sentence",)}


@MIGRATIONS()
def m005_bulk_full_text_inserts(conn: sqlite3.Connection) -> None:
    # New rows reach the FTS tables once per transaction (``Store.transaction``), in one
    # INSERT ... SELECT, instead of through a per-row trigger: FTS5 flushes its pending terms at
    # every statement, so one trigger call per event wrote thousands of tiny index segments.
    # The delete and update triggers stay.
    for table in FTS_TABLES:
        conn.execute(f"DROP TRIGGER IF EXISTS {table}_ai")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """BEGIN IMMEDIATE ... COMMIT, or join the transaction already open."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def default_path() -> str:
    """The store file: ``EVENTWIRE_DB`` if set, else ``eventwire.db`` in the current directory."""
    return os.environ.get("EVENTWIRE_DB") or DEFAULT_PATH


def register_extensions() -> None:
    """Import the modules whose tables are registered migrations (fusion, query indexes, user
    actors), so that opening a store applies them all. Imported here, lazily, because they
    import this module."""
    import eventwire.fusion  # noqa: F401
    import eventwire.query  # noqa: F401
    import eventwire.user_actors  # noqa: F401


@contextmanager
def open_store(path: str | Path | None = None, *, readonly: bool = False) -> Iterator[Store]:
    """Open a store with every registered table; close it afterwards. A read-only open of a
    missing file is an error that says how to create one."""
    register_extensions()
    target = Path(path or default_path())
    if readonly and not target.exists():
        raise StoreError("no store here yet; create one with `eventwire ingest SOURCE...`", origin=str(target))
    store = Store.open(target, readonly=readonly)
    try:
        yield store
    finally:
        store.close()


class Store:
    """The embedded database. Open with ``Store.open(path)``; use as a context manager."""

    def __init__(self, conn: sqlite3.Connection, path: Path, readonly: bool):
        self.conn = conn
        self.path = path
        self.readonly = readonly
        self._fts_marks: dict[str, int] | None = None

    @classmethod
    def open(cls, path: str | Path | None = None, *, readonly: bool = False) -> Store:
        target = Path(path or default_path())
        conn = _connect(target, readonly)
        store = cls(conn, target, readonly)
        if not readonly:
            store._migrate()
        return store

    def _migrate(self) -> None:
        try:
            applied = MIGRATIONS.apply(self.conn)
        except sqlite3.DatabaseError as exc:
            self.conn.close()
            raise StoreError(f"cannot prepare the store schema: {exc}; is it an eventwire database?",
                             origin=str(self.path)) from exc  # fmt: skip
        if applied:
            log.info("store %s: applied migrations %s", self.path, ", ".join(applied))

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction; ``add_*`` calls inside it commit together (or not at all).

        Rows added to ``documents`` and ``events`` are indexed for full-text search at the end
        of the outermost transaction, inside it, so a commit never holds unindexed rows."""
        with self._writing(), _transaction(self.conn):
            if self._fts_marks is not None:  # joined an open transaction: its owner indexes
                yield
                return
            self._fts_marks = self._last_rowids()
            try:
                yield
                self._index_new_rows(self._fts_marks)
            finally:
                self._fts_marks = None

    def _last_rowids(self) -> dict[str, int]:
        return {table: self.conn.execute(f"SELECT COALESCE(MAX(rowid), 0) FROM {table}").fetchone()[0]
                for table in FTS_TABLES}  # fmt: skip

    def _index_new_rows(self, marks: dict[str, int]) -> None:
        # Tables have no AUTOINCREMENT, so a new row's rowid is above the largest one at the start.
        for table, columns in FTS_TABLES.items():
            names = ", ".join(columns)
            self.conn.execute(f"INSERT INTO {table}_fts(rowid, {names}) SELECT rowid, {names} FROM {table} "
                              "WHERE rowid > ?", (marks[table],))  # fmt: skip

    @contextmanager
    def _writing(self) -> Iterator[None]:
        if self.readonly:
            raise StoreError("the store was opened read-only; open it without readonly=True to write",
                             origin=str(self.path))  # fmt: skip
        try:
            yield
        except sqlite3.Error as exc:
            raise StoreError(f"write failed: {exc}; check the disk and that no other ingest holds the store",
                             origin=str(self.path)) from exc  # fmt: skip

    # -- documents -----------------------------------------------------------------------------

    def has_document(self, content_hash: str) -> bool:
        row = self.conn.execute("SELECT 1 FROM documents WHERE content_hash = ?", (content_hash,)).fetchone()
        return row is not None

    def document(self, doc_id: str) -> dict[str, Any] | None:
        row = self.conn.execute("SELECT * FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return dict(row) if row else None

    def add_result(self, result: CodeResult, *, run_id: str, near_dup_of: str | None = None,
                   signature: bytes | None = None, bands: Sequence[int] = ()) -> int:  # fmt: skip
        """Store a coded article with its events, mentions and quotes; return events added.

        ``near_dup_of`` is accepted for symmetry with ``add_skipped``; a near-duplicate is
        normally stored uncoded through ``add_skipped(reason="near-duplicate")``.
        """
        return self.add_rows(result.article, result_rows(result), run_id=run_id, near_dup_of=near_dup_of,
                             signature=signature, bands=bands)  # fmt: skip

    def add_rows(self, article: Article, rows: ResultRows, *, run_id: str, near_dup_of: str | None = None,
                 signature: bytes | None = None, bands: Sequence[int] = ()) -> int:  # fmt: skip
        """``add_result`` for a result already turned into rows (``result_rows``, done where it was coded)."""
        with self.transaction():
            status = "near-duplicate" if near_dup_of else "coded"
            self._insert_document(article, run_id, status, near_dup_of, signature, bands)
            self.conn.executemany(_ACTOR_INSERT, rows.actors)
            added = self._insert_events(rows, run_id)
            self.conn.executemany(_QUOTE_INSERT, rows.quotes)
        return added

    def add_skipped(self, article: Article, *, run_id: str, reason: str, near_dup_of: str | None = None,
                    signature: bytes | None = None, bands: Sequence[int] = ()) -> None:  # fmt: skip
        """Record a document that was stored but not coded (``skipped-language``, ``near-duplicate``)."""
        if reason not in DOCUMENT_STATUSES[1:]:
            raise ConfigError(f"unknown skip reason {reason!r}; use one of {DOCUMENT_STATUSES[1:]}")
        with self.transaction():
            self._insert_document(article, run_id, reason, near_dup_of, signature, bands)

    def _insert_document(self, article: Article, run_id: str, status: str, near_dup_of: str | None,
                         signature: bytes | None, bands: Sequence[int]) -> None:  # fmt: skip
        existing = self.conn.execute("SELECT content_hash FROM documents WHERE id = ?", (article.id,)).fetchone()
        if existing and existing[0] != article.content_hash:
            raise StoreError(f"document id {article.id!r} is already stored with different text; "
                             "give the new version its own id", origin=article.url)  # fmt: skip
        values = (article.id, article.content_hash, signature, near_dup_of, article.url, article.title,
                  article.source_name, article.language, _iso(article.date), article.date_basis,
                  article.text, article.byline, article.dateline, _now(), run_id, status)  # fmt: skip
        cursor = self.conn.execute(f"INSERT OR IGNORE INTO documents VALUES ({', '.join('?' * len(values))})", values)
        if cursor.rowcount:
            self.conn.executemany("INSERT OR IGNORE INTO lsh_bands VALUES (?, ?, ?)",
                                  [(band, value, article.id) for band, value in enumerate(bands)])  # fmt: skip

    def _insert_events(self, rows: ResultRows, run_id: str) -> int:
        """Insert events and their mentions; return how many events were new."""
        if not rows.events:
            return 0
        cursor = self.conn.executemany(_EVENT_INSERT, [(*row, run_id) for row in rows.events])
        self.conn.executemany(_MENTION_INSERT, rows.mentions)
        return cursor.rowcount

    # -- near-duplicate bands ------------------------------------------------------------------

    def band_candidates(self, bands: Sequence[int]) -> list[tuple[str, bytes]]:
        """Documents sharing at least one LSH band hash, with their MinHash signatures."""
        if not bands:
            return []
        clauses = " OR ".join("(b.band = ? AND b.hash = ?)" for _ in bands)
        params = [v for pair in enumerate(bands) for v in pair]
        rows = self.conn.execute(
            f"SELECT DISTINCT d.id, d.minhash FROM lsh_bands b JOIN documents d ON d.id = b.doc_id "
            f"WHERE ({clauses}) AND d.minhash IS NOT NULL",
            params,
        )
        return [(row[0], bytes(row[1])) for row in rows]

    # -- runs ----------------------------------------------------------------------------------

    def start_run(self, sources: Sequence[str], *, coder_version: str | None = None,
                  kb_version: str | None = None) -> str:  # fmt: skip
        """Open a run (status ``running``); first mark runs whose process died as ``interrupted``."""
        run_id = "run_" + uuid.uuid4().hex[:12]
        with self.transaction():
            self._mark_interrupted_runs()
            self.conn.execute(
                "INSERT INTO runs (id, started_at, sources, status, coder_version, kb_version, pid)"
                " VALUES (?, ?, ?, 'running', ?, ?, ?)",
                (run_id, _now(), json.dumps(list(sources)), coder_version, kb_version, os.getpid()),
            )
        return run_id

    def set_run_versions(self, run_id: str, *, coder_version: str | None, kb_version: str | None) -> None:
        with self.transaction():
            self.conn.execute("UPDATE runs SET coder_version = ?, kb_version = ? WHERE id = ?",
                              (coder_version, kb_version, run_id))  # fmt: skip

    def finish_run(self, run_id: str, counts: dict[str, Any], *, status: str = "completed") -> None:
        with self.transaction():
            self.conn.execute(
                "UPDATE runs SET finished_at = ?, counts = ?, status = ? WHERE id = ?",
                (_now(), json.dumps(counts, sort_keys=True), status, run_id),
            )

    def runs(self) -> list[dict[str, Any]]:
        return [dict(row) for row in self.conn.execute("SELECT * FROM runs ORDER BY started_at, rowid")]

    def _mark_interrupted_runs(self) -> None:
        rows = self.conn.execute("SELECT id, pid FROM runs WHERE status = 'running'").fetchall()
        dead = [row[0] for row in rows if not _process_alive(row[1])]
        self.conn.executemany("UPDATE runs SET status = 'interrupted' WHERE id = ?", [(r,) for r in dead])

    # -- feeds ---------------------------------------------------------------------------------

    def seen_entries(self, feed: str) -> set[str]:
        return {row[0] for row in self.conn.execute("SELECT entry FROM feed_entries WHERE feed = ?", (feed,))}

    def mark_seen(self, feed: str, entries: Iterable[str]) -> None:
        with self.transaction():
            self.conn.executemany("INSERT OR IGNORE INTO feed_entries VALUES (?, ?, ?)",
                                  [(feed, entry, _now()) for entry in entries])  # fmt: skip

    # -- queries -------------------------------------------------------------------------------

    def events(self, *, doc_id: str | None = None, actor: str | None = None, since: str | None = None,
               until: str | None = None, cameo: str | None = None, limit: int | None = 100) -> list[dict[str, Any]]:  # fmt: skip
        """Event records (the JSON contract) matching all the given filters, by date then id.

        ``actor`` matches a canonical id (source, target or speaker); ``since``/``until`` are
        ISO date prefixes, inclusive; ``cameo`` is a code prefix.
        """
        where, params = _event_filters(doc_id=doc_id, actor=actor, since=since, until=until, cameo=cameo)
        sql = f"SELECT json FROM events {where} ORDER BY date, id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [jsonio.loads(row[0]) for row in self.conn.execute(sql, params)]

    def timeline(self, *, by: str = "day", actor: str | None = None) -> list[tuple[str, int]]:
        """Event counts per period; events dated coarser than the period are left out."""
        if by not in TIMELINE_PERIODS:
            raise ConfigError(f"cannot group a timeline by {by!r}; use one of {', '.join(TIMELINE_PERIODS)}")
        where, params = _event_filters(actor=actor)
        rows = self.conn.execute(f"SELECT date, COUNT(*) FROM events {where} GROUP BY date", params)
        buckets: Counter[str] = Counter()
        for value, count in rows:
            period = _period(value, by)
            if period:
                buckets[period] += count
        return sorted(buckets.items())

    def counts(self) -> dict[str, int]:
        """Rows per table, and documents per status."""
        result = {table: self._count(table) for table in ("documents", "events", "mentions", "actors", "quotes", "runs")}
        for status, count in self.conn.execute("SELECT status, COUNT(*) FROM documents GROUP BY status"):
            result[f"documents:{status}"] = count
        return result

    def _count(self, table: str) -> int:
        return int(self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])

    def search(self, text: str, limit: int = 20) -> list[dict[str, Any]]:
        """Documents whose title or text match a full-text query, best first."""
        sql = ("SELECT d.id, d.title, d.url, d.date, snippet(documents_fts, 1, '[', ']', '…', 12) AS snippet "
               "FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid "
               "WHERE documents_fts MATCH ? ORDER BY rank LIMIT ?")  # fmt: skip
        return self._match(sql, text, limit)

    def search_events(self, text: str, limit: int = 20) -> list[dict[str, Any]]:
        """Events whose sentence matches a full-text query, best first."""
        sql = ("SELECT e.json FROM events_fts JOIN events e ON e.rowid = events_fts.rowid "
               "WHERE events_fts MATCH ? ORDER BY rank LIMIT ?")  # fmt: skip
        return [jsonio.loads(row["json"]) for row in self._match(sql, text, limit)]

    def _match(self, sql: str, text: str, limit: int) -> list[dict[str, Any]]:
        try:
            rows = self.conn.execute(sql, (text, limit)).fetchall()
        except sqlite3.OperationalError:
            # Not valid FTS5 syntax (a stray quote, a bare operator): search the words as phrases.
            rows = self.conn.execute(sql, (_as_phrases(text), limit)).fetchall()
        return [dict(row) for row in rows]

    def integrity_check(self) -> str:
        """``ok``, or SQLite's list of problems, plus any dangling foreign keys."""
        result = "\n".join(row[0] for row in self.conn.execute("PRAGMA integrity_check"))
        dangling = self.conn.execute("PRAGMA foreign_key_check").fetchall()
        if dangling:
            result = result if result != "ok" else ""
            result += "".join(f"\nforeign key broken: {tuple(row)}" for row in dangling)
        return result.strip() or "ok"


def _connect(path: Path, readonly: bool) -> sqlite3.Connection:
    try:
        if readonly:
            if not path.exists():
                raise StoreError("no store at this path; run `eventwire ingest` first or pass --db", origin=str(path))
            conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None, check_same_thread=False)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        _configure(conn, readonly)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"cannot open the store: {exc}; check the path and permissions", origin=str(path)) from exc
    return conn


def _configure(conn: sqlite3.Connection, readonly: bool) -> None:
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    if not readonly:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute(f"PRAGMA wal_autocheckpoint = {WAL_CHECKPOINT_PAGES}")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")


def _event_filters(*, doc_id: str | None = None, actor: str | None = None, since: str | None = None,
                   until: str | None = None, cameo: str | None = None) -> tuple[str, list[Any]]:  # fmt: skip
    clauses: list[str] = []
    params: list[Any] = []
    if doc_id:
        clauses.append("doc_id = ?")
        params.append(doc_id)
    if actor:
        clauses.append("(source_id = ? OR target_id = ? OR said_by_id = ?)")
        params += [actor] * 3
    if since:
        clauses.append("date >= ?")
        params.append(since)
    if until:
        # "until 2022-01" includes 2022-01-31: compare on the prefix of the given precision.
        clauses.append("substr(date, 1, ?) <= ?")
        params += [len(until), until]
    if cameo:
        clauses.append("cameo LIKE ?")
        params.append(cameo + "%")
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


def _period(value: str | None, by: str) -> str | None:
    if not value:
        return None
    if by == "month":
        return value[:7] if len(value) >= 7 else None
    if len(value) < 10:
        return None
    if by == "day":
        return value[:10]
    year, week, _ = date.fromisoformat(value[:10]).isocalendar()
    return f"{year}-W{week:02d}"


class ResultRows(NamedTuple):
    """A coded article's events, mentions, actors and quotes as the rows the store inserts (an
    event's without its run id, which the writer adds). An ingest worker builds them where it
    codes: flat tuples of strings and numbers unpickle in the writer about twenty times faster
    than the frozen ``Event`` objects they come from (0.02 against 0.4 ms per news article)."""

    events: list[tuple[Any, ...]]
    mentions: list[tuple[Any, ...]]
    actors: list[tuple[Any, ...]]
    quotes: list[tuple[Any, ...]]


def result_rows(result: CodeResult) -> ResultRows:
    events = result.events
    actors = {a.id: a for e in events for a in (e.source, e.target, e.said_by) if a is not None and a.id}
    version = _kb_version(events)
    return ResultRows(
        events=[_event_row(event) for event in events],
        mentions=[(e.id, e.doc_id, e.sentence_index, e.sentence, e.trigger.start, e.trigger.end) for e in events],
        actors=[(a.id, a.name, a.country, a.sector, a.kind or _kind_of(a.id), version) for a in actors.values()],
        quotes=[_quote_row(quote) for quote in result.quotes],
    )


# An event row holds every column but the run id, which comes last (the writer appends it).
_EVENT_ROW_COLUMNS = tuple(column for column in EVENT_COLUMNS if column != "run_id")
_EVENT_INSERT = (f"INSERT OR IGNORE INTO events ({', '.join(_EVENT_ROW_COLUMNS)}, run_id) "
                 f"VALUES ({', '.join('?' * len(EVENT_COLUMNS))})")  # fmt: skip
_MENTION_INSERT = ("INSERT OR IGNORE INTO mentions (event_id, doc_id, sentence_index, sentence, trigger_start, "
                   "trigger_end) VALUES (?, ?, ?, ?, ?, ?)")  # fmt: skip
_ACTOR_INSERT = "INSERT OR IGNORE INTO actors VALUES (?, ?, ?, ?, ?, ?)"
_QUOTE_INSERT = "INSERT OR IGNORE INTO quotes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"


def _event_row(event: Event) -> tuple[Any, ...]:
    """The event's values in ``_EVENT_ROW_COLUMNS`` order (built directly: a worker builds one
    per event it codes)."""
    trigger, location = event.trigger, event.location
    return (
        event.id, event.doc_id, event.cameo, event.plover, event.mode, event.quad_class, event.goldstein,
        str(event.modality), event.date, event.date_end, str(event.date_basis),
        *_actor_values(event.source), *_actor_values(event.target), *_actor_values(event.said_by),
        location.name if location else None, location.country if location else None,
        location.lat if location else None, location.lon if location else None,
        event.sentence, event.sentence_index, trigger.text, trigger.start, trigger.end,
        event.confidence, event.coder, event.rule, event.quote_id, event.to_json(),
    )  # fmt: skip


def _quote_row(quote: Quote) -> tuple[Any, ...]:
    speaker = quote.speaker
    return (quote.id, quote.doc_id, quote.text, quote.start, quote.end, speaker.id if speaker else None,
            speaker.text if speaker else None, quote.kind, quote.sentence_index, quote.cue, quote.date,
            json.dumps(quote.to_dict(), ensure_ascii=False))  # fmt: skip


def _actor_values(actor: Actor | None) -> tuple[Any, ...]:
    """An actor's columns (``_actor_columns``: id, name, country, sector, text)."""
    if actor is None:
        return (None, None, None, None, None)
    return (actor.id, actor.name, actor.country, actor.sector, actor.text)


def _kind_of(actor_id: str) -> str | None:
    prefix, _, rest = actor_id.partition(":")
    return prefix if rest else None


def _kb_version(events: Iterable[Event]) -> str | None:
    # The coder version reads "<coder>+kb:<version>"; the actors came from that knowledge base.
    for event in events:
        _, marker, version = event.coder.partition("+kb:")
        if marker:
            return version
    return None


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _as_phrases(text: str) -> str:
    words = [word.replace('"', "") for word in text.split()]
    return " ".join(f'"{word}"' for word in words if word) or '""'


def _process_alive(pid: int | None) -> bool:
    if not pid:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
