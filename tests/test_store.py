"""The SQLite store: schema, idempotent writes, queries, WAL concurrency, read-only mode."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eventwire.errors import ConfigError, StoreError
from eventwire.model import Actor, Article, CodeResult, DateBasis, Event, Modality, Quote, Trigger
from eventwire.store import MIGRATIONS, Store, result_rows


def make_article(doc_id: str, text: str, *, day: date | None = date(2023, 3, 15)) -> Article:
    return Article(id=doc_id, text=text, date=day, title=f"Title of {doc_id}", url=f"https://example.org/{doc_id}")


def make_event(doc_id: str, *, start: int, source: str, target: str, cameo: str = "042",
               day: str | None = "2023-03-14", speaker: str | None = None) -> Event:  # fmt: skip
    def actor(ident: str) -> Actor:
        kind, _, code = ident.partition(":")
        return Actor(text=code.title(), id=ident, name=code.title(), country=code.upper()[:3], sector="GOV", kind=kind)

    return Event(
        doc_id=doc_id, source=actor(source), target=actor(target), cameo=cameo, plover="CONSULT",
        mode=None, quad_class=1, goldstein=1.9, modality=Modality.ASSERTED,
        said_by=actor(speaker) if speaker else None, date=day, date_end=None,
        date_basis=DateBasis.TEXT, location=None, sentence=f"Sentence {start} of {doc_id} about talks.",
        sentence_index=start // 10, trigger=Trigger("visited", start, start + 7), confidence=0.9,
        coder="test.coder.v1+kb:kb1",
    )  # fmt: skip


def make_result(doc_id: str, text: str, events: int = 2) -> CodeResult:
    found = tuple(make_event(doc_id, start=10 * i, source="country:fra", target="country:deu") for i in range(events))
    quote = Quote(doc_id=doc_id, text="we will talk", start=0, end=12, speaker=None, kind="direct", sentence_index=0)
    return CodeResult(article=make_article(doc_id, text), events=found, quotes=(quote,))


@pytest.fixture
def store(tmp_path: Path) -> Store:
    with Store.open(tmp_path / "test.db") as opened:
        yield opened


@pytest.fixture
def run_id(store: Store) -> str:
    return store.start_run(["test"])


def test_open_applies_every_migration_once(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    Store.open(path).close()
    with Store.open(path) as store:
        names = [row[0] for row in store.conn.execute("SELECT name FROM migrations ORDER BY rowid")]
    assert names == MIGRATIONS.names


@pytest.mark.parametrize(("pragma", "expected"), [("journal_mode", "wal"), ("foreign_keys", 1), ("synchronous", 1)])
def test_connection_pragmas(store: Store, pragma: str, expected: object) -> None:
    assert store.conn.execute(f"PRAGMA {pragma}").fetchone()[0] == expected


def test_add_result_is_idempotent(store: Store, run_id: str) -> None:
    result = make_result("d1", "France and Germany held talks.", events=3)
    assert store.add_result(result, run_id=run_id) == 3
    assert store.add_result(result, run_id=run_id) == 0
    counts = store.counts()
    assert (counts["documents"], counts["events"], counts["mentions"], counts["quotes"]) == (1, 3, 3, 1)
    assert store.has_document(result.article.content_hash)
    assert store.integrity_check() == "ok"


def test_rows_made_elsewhere_store_what_the_result_would(tmp_path: Path) -> None:
    # an ingest worker sends result_rows (pickled); the writer's add_rows stores the same rows
    import pickle

    result = make_result("d1", "France and Germany held talks.", events=3)
    dumps = []
    for name, add in (("objects", lambda s, run: s.add_result(result, run_id=run)),
                      ("rows", lambda s, run: s.add_rows(result.article, pickle.loads(pickle.dumps(result_rows(result))), run_id=run))):  # fmt: skip
        with Store.open(tmp_path / f"{name}.db") as opened:
            run = opened.start_run(["test"])
            assert add(opened, run) == 3
            dumps.append([[tuple(row) for row in opened.conn.execute(f"SELECT * FROM {table} ORDER BY rowid")]
                          for table in ("events", "mentions", "actors", "quotes", "events_fts")])  # fmt: skip
            dumps[-1][0] = [tuple(value for value in row if value != run) for row in dumps[-1][0]]
    assert dumps[0] == dumps[1]


def test_same_id_with_different_text_is_refused(store: Store, run_id: str) -> None:
    store.add_result(make_result("d1", "First version."), run_id=run_id)
    with pytest.raises(StoreError, match="different text"):
        store.add_result(make_result("d1", "Second version."), run_id=run_id)
    assert store.counts()["documents"] == 1


def test_failed_batch_rolls_back_whole_transaction(store: Store, run_id: str) -> None:
    with pytest.raises(StoreError), store.transaction():
        store.add_result(make_result("a", "Alpha text."), run_id=run_id)
        store.add_result(make_result("a", "Clashing text."), run_id=run_id)
    assert store.counts()["documents"] == 0
    assert store.counts()["events"] == 0


def test_events_are_flattened_and_round_trip(store: Store, run_id: str) -> None:
    result = make_result("d1", "Text.", events=1)
    store.add_result(result, run_id=run_id)
    row = store.conn.execute("SELECT source_id, target_country, trigger_start, cameo FROM events").fetchone()
    event = result.events[0]
    assert tuple(row) == (event.source.id, event.target.country, event.trigger.start, event.cameo)
    assert store.events() == [event.to_dict()]
    assert {r["id"] for r in store.conn.execute("SELECT id FROM actors")} == {"country:fra", "country:deu"}


@pytest.mark.parametrize(
    ("filters", "expected_ids"),
    [
        ({}, {"e1", "e2", "e3"}),
        ({"actor": "country:rus"}, {"e2"}),
        ({"actor": "person:speaker"}, {"e3"}),
        ({"since": "2022-02", "until": "2022-02"}, {"e2"}),
        ({"until": "2021"}, {"e1"}),
        ({"cameo": "19"}, {"e2"}),
        ({"doc_id": "d2"}, {"e3"}),
    ],
)
def test_event_filters(store: Store, run_id: str, filters: dict[str, str], expected_ids: set[str]) -> None:
    specs = {
        "e1": make_event("d1", start=0, source="country:usa", target="country:chn", day="2021-12-31"),
        "e2": make_event("d1", start=20, source="country:rus", target="country:ukr", cameo="190", day="2022-02-24"),
        "e3": make_event("d2", start=0, source="country:usa", target="country:ukr", day="2022-03", speaker="person:speaker"),
    }  # fmt: skip
    store.add_result(CodeResult(make_article("d1", "one"), (specs["e1"], specs["e2"])), run_id=run_id)
    store.add_result(CodeResult(make_article("d2", "two"), (specs["e3"],)), run_id=run_id)
    names = {event.id: name for name, event in specs.items()}
    assert {names[record["id"]] for record in store.events(**filters)} == expected_ids


@pytest.mark.parametrize(
    ("by", "expected"),
    [
        ("day", [("2022-01-03", 1), ("2022-01-05", 1)]),
        ("week", [("2022-W01", 2)]),
        ("month", [("2022-01", 3)]),
    ],
)
def test_timeline_buckets(store: Store, run_id: str, by: str, expected: list[tuple[str, int]]) -> None:
    events = tuple(
        make_event("d1", start=10 * i, source="country:usa", target="country:rus", day=day)
        for i, day in enumerate(["2022-01-03", "2022-01-05", "2022-01", "2022"])
    )
    store.add_result(CodeResult(make_article("d1", "t"), events), run_id=run_id)
    assert store.timeline(by=by) == expected


def test_timeline_rejects_unknown_period(store: Store) -> None:
    with pytest.raises(ConfigError, match="year"):
        store.timeline(by="year")


@pytest.mark.parametrize("query", ["ceasefire", "Ceasefire talks", 'ceasefire "', "AND"])
def test_search_tolerates_any_query(store: Store, run_id: str, query: str) -> None:
    store.add_result(make_result("d1", "The ceasefire talks resumed in Doha."), run_id=run_id)
    store.add_result(make_result("d2", "Markets fell sharply."), run_id=run_id)
    hits = store.search(query)
    assert all(hit["id"] == "d1" for hit in hits)
    if query != "AND":
        assert [hit["id"] for hit in hits] == ["d1"]


def test_search_events_by_sentence(store: Store, run_id: str) -> None:
    store.add_result(make_result("d1", "x", events=2), run_id=run_id)
    assert {hit["doc_id"] for hit in store.search_events("talks")} == {"d1"}
    assert store.search_events("nonexistentword") == []


def test_skipped_documents_are_stored_with_status(store: Store, run_id: str) -> None:
    original = make_result("d1", "Original text.")
    store.add_result(original, run_id=run_id)
    store.add_skipped(make_article("d2", "Texte en français."), run_id=run_id, reason="skipped-language")
    store.add_skipped(make_article("d3", "Original text!"), run_id=run_id, reason="near-duplicate", near_dup_of="d1")
    counts = store.counts()
    assert (counts["documents:coded"], counts["documents:skipped-language"], counts["documents:near-duplicate"]) == (1, 1, 1)
    assert store.document("d3")["near_dup_of"] == "d1"
    with pytest.raises(ConfigError):
        store.add_skipped(make_article("d4", "x"), run_id=run_id, reason="coded")


def test_near_duplicate_must_point_at_a_stored_document(store: Store, run_id: str) -> None:
    with pytest.raises(StoreError):
        store.add_skipped(make_article("d3", "x"), run_id=run_id, reason="near-duplicate", near_dup_of="missing")


def test_reader_queries_while_writer_holds_a_transaction(tmp_path: Path) -> None:
    path = tmp_path / "wal.db"
    with Store.open(path) as writer, Store.open(path, readonly=True) as reader:
        run = writer.start_run(["x"])
        writer.add_result(make_result("d1", "Committed."), run_id=run)
        with writer.transaction():
            writer.add_result(make_result("d2", "Not yet committed."), run_id=run)
            assert reader.counts()["documents"] == 1  # sees the last commit, is not blocked
            assert len(reader.events()) == 2
        assert reader.counts()["documents"] == 2


def test_readonly_store_refuses_writes_and_missing_files(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store"):
        Store.open(tmp_path / "absent.db", readonly=True)
    Store.open(tmp_path / "s.db").close()
    with Store.open(tmp_path / "s.db", readonly=True) as reader, pytest.raises(StoreError, match="read-only"):
        reader.start_run(["x"])


def test_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "junk.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="junk.db"):
        Store.open(path)


def test_runs_record_status_and_interrupted_runs(store: Store) -> None:
    run = store.start_run(["a", "b"], coder_version="c1")
    store.conn.execute("UPDATE runs SET pid = 999999999 WHERE id = ?", (run,))  # a process that is gone
    second = store.start_run(["c"])
    store.finish_run(second, {"read": 1})
    statuses = {r["id"]: r["status"] for r in store.runs()}
    assert statuses == {run: "interrupted", second: "completed"}


def test_feed_entries_are_remembered(store: Store) -> None:
    store.mark_seen("https://feed", ["a", "b"])
    store.mark_seen("https://feed", ["b", "c"])
    assert store.seen_entries("https://feed") == {"a", "b", "c"}
    assert store.seen_entries("https://other") == set()


def test_env_variable_names_the_default_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("EVENTWIRE_DB", str(tmp_path / "env.db"))
    Store.open().close()
    assert (tmp_path / "env.db").exists()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.text(min_size=1, max_size=60), min_size=1, max_size=6))
def test_store_round_trip_property(tmp_path: Path, texts: list[str]) -> None:
    with Store.open(tmp_path / "prop.db") as store:
        store.conn.execute("DELETE FROM mentions")
        store.conn.execute("DELETE FROM events")
        store.conn.execute("DELETE FROM quotes")
        store.conn.execute("DELETE FROM documents")
        run = store.start_run(["prop"])
        for i, text in enumerate(texts):
            article = Article(id=f"p{i}", text=text, date=None)
            if not store.has_document(article.content_hash):
                store.add_result(CodeResult(article, ()), run_id=run)
        stored = {row["text"] for row in store.conn.execute("SELECT text FROM documents")}
        assert stored == set(texts)
        assert store.integrity_check() == "ok"


def test_integrity_check_reports_broken_foreign_keys(store: Store) -> None:
    store.conn.execute("PRAGMA foreign_keys = OFF")
    store.conn.execute("INSERT INTO lsh_bands VALUES (0, 1, 'nowhere')")
    assert "foreign key" in store.integrity_check()


def test_sqlite_has_fts5() -> None:
    sqlite3.connect(":memory:").execute("CREATE VIRTUAL TABLE t USING fts5(a)")


def _fts_ok(store: Store) -> None:
    for table in ("documents_fts", "events_fts"):  # raises if the index and its table disagree
        store.conn.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")


def test_full_text_index_follows_batched_nested_and_rolled_back_writes(store: Store, run_id: str) -> None:
    store.add_result(make_result("d1", "Ceasefire talks in Doha.", events=1), run_id=run_id)
    with store.transaction():  # one outer transaction, several documents, nested add_* calls
        store.add_result(make_result("d2", "Ceasefire monitors arrived.", events=3), run_id=run_id)
        store.add_skipped(make_article("d3", "Un cessez-le-feu ceasefire."), run_id=run_id, reason="skipped-language")
    with pytest.raises(StoreError), store.transaction():
        store.add_result(make_result("d4", "Ceasefire broken."), run_id=run_id)
        store.add_result(make_result("d4", "Clashing text."), run_id=run_id)
    store.add_result(make_result("d5", "Markets fell.", events=2), run_id=run_id)
    _fts_ok(store)
    assert {hit["id"] for hit in store.search("ceasefire")} == {"d1", "d2", "d3"}
    assert {hit["doc_id"] for hit in store.search_events("talks")} == {"d1", "d2", "d5"}
    assert len(store.search_events("talks", limit=100)) == 6
    assert store.conn.execute("SELECT COUNT(*) FROM events_fts").fetchone()[0] == store.counts()["events"]


def test_full_text_index_of_a_store_made_with_insert_triggers(tmp_path: Path) -> None:
    # A store from before m005 has insert triggers and indexed rows; after the upgrade, old and
    # new rows are each indexed exactly once.
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path, isolation_level=None)
    for step in MIGRATIONS._steps:
        if step.name.startswith("m00") and step.name < "m005":
            step.apply(conn)
    conn.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    conn.executemany("INSERT INTO migrations VALUES (?, 'then')", [(n,) for n in ("m001_core_tables",
                     "m002_full_text_search", "m003_near_duplicate_bands", "m004_feed_entries")])  # fmt: skip
    conn.close()
    with Store.open(path) as store:
        run = store.start_run(["test"])
        store.add_result(make_result("d1", "Ceasefire talks.", events=2), run_id=run)
        _fts_ok(store)
        assert store.conn.execute("SELECT COUNT(*) FROM events_fts").fetchone()[0] == 2
        assert store.conn.execute(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%_ai'").fetchone()[0] == 0


def _event_row_reference(event: Event) -> tuple:
    # store._event_row as first written: a dict of every column, read in column order.
    import json

    from eventwire.store import _EVENT_ROW_COLUMNS

    values = {"id": event.id, "doc_id": event.doc_id, "cameo": event.cameo, "plover": event.plover, "mode": event.mode,
              "quad_class": event.quad_class, "goldstein": event.goldstein, "modality": str(event.modality),
              "date": event.date, "date_end": event.date_end, "date_basis": str(event.date_basis),
              "sentence": event.sentence, "sentence_index": event.sentence_index, "trigger_text": event.trigger.text,
              "trigger_start": event.trigger.start, "trigger_end": event.trigger.end, "confidence": event.confidence,
              "coder": event.coder, "rule": event.rule, "quote_id": event.quote_id,
              "json": json.dumps(event.to_dict(), ensure_ascii=False, separators=(",", ":"))}  # fmt: skip
    for role in ("source", "target", "said_by"):
        actor = getattr(event, role)
        values.update({f"{role}_{part}": getattr(actor, part) if actor else None
                       for part in ("id", "name", "country", "sector", "text")})  # fmt: skip
    location = event.location
    values.update(location_name=location.name if location else None, location_country=location.country if location else None,
                  lat=location.lat if location else None, lon=location.lon if location else None)  # fmt: skip
    return tuple(values[name] for name in _EVENT_ROW_COLUMNS)


def test_event_rows_hold_every_column_in_order() -> None:
    from dataclasses import replace

    from eventwire.model import Location

    plain = make_event("d1", start=10, source="country:fra", target="country:deu", speaker="person:ana-lópez")
    varied = [plain, replace(plain, target=None, said_by=None, date=None, rule="r1", quote_id="q_1", mode="verbal",
                             location=Location("Kyiv", "UKR", 50.45, 30.52), modality=Modality.FUTURE,
                             sentence="Zürich — «talks» ✓", date_basis=DateBasis.DOCUMENT, date_end="2023-03-20")]  # fmt: skip
    for event in varied:
        assert result_rows(CodeResult(make_article("d1", "x"), (event,))).events == [_event_row_reference(event)]
