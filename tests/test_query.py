"""Queries over a store: filters agree with filtering the records by hand; timelines; show."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from eventwire import fusion, query
from eventwire.errors import ConfigError
from eventwire.model import Actor, Article, CodeResult, DateBasis, Event, Location, Modality, Trigger
from eventwire.store import Store

RUS = Actor("Moscow", id="country:RUS", name="Russia", country="RUS", sector="GOV")
UKR = Actor("Kyiv", id="country:UKR", name="Ukraine", country="UKR", sector="GOV")
USA = Actor("Washington", id="country:USA", name="United States", country="USA", sector="GOV")
PUTIN = Actor("Putin", id="person:vladimir-putin", name="Vladimir Putin", country="RUS", sector="GOV")
GENEVA = Location("Geneva", "CHE", 46.2, 6.14)

# (doc, published, outlet, source, verb, target, cameo, plover, quad, goldstein, date, modality, place)
ROWS = [
    ("a", "2022-01-05", "Wire", USA, "will meet", RUS, "040", "CONSULT", 1, 1.0, "2022-01-10", "future", GENEVA),
    ("b", "2022-01-11", "Post", RUS, "met", USA, "040", "CONSULT", 1, 1.0, "2022-01-10", "asserted", GENEVA),
    ("c", "2022-01-12", "Daily", USA, "met", RUS, "040", "CONSULT", 1, 1.0, "2022-01-10", "asserted", None),
    ("c", "2022-01-12", "Daily", PUTIN, "threatened", UKR, "138", "THREATEN", 3, -7.0, "2022-01-12", "asserted", None),
    ("d", "2022-02-24", "Wire", RUS, "attacked", UKR, "190", "ASSAULT", 4, -10.0, "2022-02-24", "asserted", None),
    ("e", "2022-02-25", "Post", RUS, "shelled", UKR, "195", "ASSAULT", 4, -10.0, "2022-02-24", "asserted", None),
    ("e", "2022-02-25", "Post", UKR, "could strike", RUS, "190", "ASSAULT", 4, -10.0, "2022-02", "hypothetical", None),
    ("f", "2022-03-02", "Daily", UKR, "asked", USA, "020", None, 1, 3.0, "2022-03-01", "asserted", None),
]


def build(tmp_path: Path) -> Store:
    store = Store.open(tmp_path / "q.db")
    run = store.start_run(["test"])
    docs: dict[str, list[Event]] = {}
    meta: dict[str, tuple[str, str]] = {}
    texts: dict[str, str] = {}
    for doc, published, outlet, source, verb, target, cameo, plover, quad, gold, when, modality, place in ROWS:
        text = texts.get(doc, f"Report {doc}. ")
        sentence = f"{source.text} {verb} {target.text} on that day."
        start = len(text) + len(source.text) + 1
        texts[doc] = text + sentence + " "
        docs.setdefault(doc, []).append(Event(
            doc_id=doc, source=source, target=target, cameo=cameo, plover=plover, mode=None, quad_class=quad,
            goldstein=gold, modality=Modality(modality), said_by=None, date=when, date_end=None,
            date_basis=DateBasis.TEXT, location=place, sentence=sentence, sentence_index=len(docs.get(doc, [])) + 1,
            trigger=Trigger(verb, start, start + len(verb)), confidence=0.7, coder="test", rule=f"rule-{cameo}"))  # fmt: skip
        meta[doc] = (published, outlet)
    for doc, evs in docs.items():
        article = Article(id=doc, text=texts[doc], date=date.fromisoformat(meta[doc][0]), source_name=meta[doc][1],
                          title=f"Title {doc}", url=f"https://{meta[doc][1].lower()}.example/{doc}")  # fmt: skip
        store.add_result(CodeResult(article, tuple(evs)), run_id=run)
    return store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with build(tmp_path) as opened:
        fusion.fuse_store(opened)
        yield opened


def all_records(store: Store, fused: bool) -> list[dict[str, Any]]:
    return query.events(store, fused=fused, limit=None)


def _actor_ids(r: dict[str, Any]) -> set[str | None]:
    return {(r.get("source") or {}).get("id"), (r.get("target") or {}).get("id")}


FILTERS: list[tuple[dict[str, Any], Callable[[dict[str, Any]], bool]]] = [
    ({"actor": "country:RUS"}, lambda r: "country:RUS" in _actor_ids(r)),
    ({"country": "RUS"}, lambda r: "RUS" in {(r["source"] or {}).get("country"), (r["target"] or {}).get("country")}),
    ({"dyad": "RUS-UKR"}, lambda r: r["source"]["country"] == "RUS" and r["target"]["country"] == "UKR"),
    ({"dyad": ("country:RUS", "country:UKR")}, lambda r: r["source"]["id"] == "country:RUS" and r["target"]["id"] == "country:UKR"),
    ({"plover": "consult"}, lambda r: r["plover"] == "CONSULT"),
    ({"cameo_prefix": "19"}, lambda r: r["cameo"].startswith("19")),
    ({"quad_class": 4}, lambda r: r["quad_class"] == 4),
    ({"modality": "hypothetical"}, lambda r: r["modality"] == "hypothetical"),
    ({"since": "2022-02"}, lambda r: r["date"] >= "2022-02"),
    ({"until": "2022-01"}, lambda r: r["date"][:7] <= "2022-01"),
    ({"place": "geneva"}, lambda r: (r["location"] or {}).get("name") == "Geneva"),
    ({"min_sources": 2}, lambda r: r.get("num_sources", 1) >= 2),
    ({"text": "shelled"}, lambda r: any("shelled" in (m.get("sentence") or "") for m in r.get("mentions", [r]))),
    ({"text": "met \"on"}, lambda r: any("met" in (m.get("sentence") or "") for m in r.get("mentions", [r]))),
]  # fmt: skip


@pytest.mark.parametrize("fused", [True, False])
@pytest.mark.parametrize(("filters", "predicate"), FILTERS)
def test_filters_agree_with_filtering_by_hand(store: Store, fused: bool, filters: dict[str, Any],
                                              predicate: Callable[[dict[str, Any]], bool]) -> None:  # fmt: skip
    expected = sorted(r["id"] for r in all_records(store, fused) if predicate(r))
    got = sorted(r["id"] for r in query.events(store, fused=fused, limit=None, **filters))
    assert got == expected
    assert expected or filters.get("min_sources") and not fused  # every filter matches something


def test_fused_and_unfused_counts(store: Store) -> None:
    assert len(all_records(store, False)) == len(ROWS)
    fused = all_records(store, True)
    assert len(fused) == len(ROWS) - 3  # three reports of the January talks, two of the invasion
    assert sum(r["num_mentions"] for r in fused) == len(ROWS)


def test_limit_and_order(store: Store) -> None:
    records = query.events(store, fused=False, limit=3)
    assert len(records) == 3
    assert [r["date"] for r in records] == sorted((r["date"] for r in records), reverse=True)


@pytest.mark.parametrize("by", ["day", "week", "month"])
@pytest.mark.parametrize("group", [None, "plover", "quad_class"])
def test_timeline_counts_add_up(store: Store, by: str, group: str | None) -> None:
    rows = query.timeline(store, by=by, group=group, fused=False)
    countable = [r for r in all_records(store, False) if query.period_of(r["date"], by)]
    assert sum(row["count"] for row in rows) == len(countable)
    assert sum(row["goldstein"] for row in rows) == pytest.approx(sum(r["goldstein"] for r in countable))
    if group:
        assert all(group in row for row in rows)


def test_weekly_dyad_timeline(store: Store) -> None:
    rows = query.timeline(store, by="week", dyad="RUS-UKR", fused=False)
    # Putin counts as Russia: the dyad is by country, so his threat is in week 2.
    assert rows == [{"period": "2022-W02", "count": 1, "goldstein": -7.0},
                    {"period": "2022-W08", "count": 2, "goldstein": -20.0}]  # fmt: skip


def test_top_actors_and_dyads(store: Store) -> None:
    actors = query.top_actors(store, 10, fused=False)
    counts = {a["actor"]: a["events"] for a in actors}
    records = all_records(store, False)
    assert counts["country:RUS"] == sum("country:RUS" in _actor_ids(r) for r in records)
    assert [a["events"] for a in actors] == sorted((a["events"] for a in actors), reverse=True)
    assert actors[0]["name"]
    dyads = query.top_dyads(store, 2, fused=False)
    assert len(dyads) == 2 and dyads[0]["events"] >= dyads[1]["events"]


def test_show_fused_event_lists_every_mention_with_its_document(store: Store) -> None:
    (talks,) = query.events(store, plover="CONSULT")
    shown = query.show(store, talks["id"])
    assert shown["event"]["id"] == talks["id"] and len(shown["mentions"]) == 3
    assert len(shown["explanation"]) == 3
    for mention in shown["mentions"]:
        assert "[" + mention["trigger"]["text"] + "]" in mention["marked"]
        assert mention["document"]["url"].startswith("https://") and mention["rule"] == "rule-040"


def test_show_a_coded_event_finds_its_fused_event(store: Store) -> None:
    (threat,) = query.events(store, plover="THREATEN", fused=False)
    shown = query.show(store, threat["id"])
    assert shown["mentions"][0]["marked"] == "{Putin} [threatened] <Kyiv> on that day."
    assert shown["event"]["num_mentions"] == 1
    with pytest.raises(ConfigError, match="ev_nope"):
        query.show(store, "ev_nope")


def test_unfused_store_falls_back_to_coded_events(tmp_path: Path) -> None:
    with build(tmp_path) as store:
        assert len(query.events(store, limit=None)) == len(ROWS)


@pytest.mark.parametrize(
    ("call", "message"),
    [(lambda s: query.timeline(s, by="year"), "year"), (lambda s: query.timeline(s, group="actor"), "actor"),
     (lambda s: query.events(s, dyad="RUS"), "RUS"), (lambda s: query.events(s, modality="maybe"), "maybe")],
)  # fmt: skip
def test_bad_arguments_are_config_errors(store: Store, call: Callable[[Store], Any], message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        call(store)


def test_output_helpers(store: Store) -> None:
    records = query.events(store, fused=False, limit=None)
    table = query.to_table(records).splitlines()
    assert table[0].split() == list(query.TABLE_COLUMNS) and len(table) == len(records) + 1
    lines = query.to_json(records).splitlines()
    assert [json.loads(line)["id"] for line in lines] == [r["id"] for r in records]
    parsed = list(csv.DictReader(io.StringIO(query.to_csv(records))))
    assert [row["id"] for row in parsed] == [r["id"] for r in records]
    assert json.loads(parsed[0]["trigger"]) == records[0]["trigger"]


def test_prefix_indexes_are_dropped_and_old_stores_upgrade(tmp_path: Path) -> None:
    # m104 drops the target_id indexes m102's (target_id, date) composites begin with, and the
    # cameo indexes no query can use, in new and old stores alike.
    import sqlite3

    from eventwire.store import MIGRATIONS

    def indexes(path: Path) -> set[str]:
        with sqlite3.connect(path) as conn:
            return {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}

    composites = set(query.PREFIX_INDEXES.values())
    dropped = {*query.PREFIX_INDEXES, *query.UNUSED_INDEXES}
    with Store.open(tmp_path / "new.db"):
        pass
    assert composites <= indexes(tmp_path / "new.db") and not indexes(tmp_path / "new.db") & dropped
    old = tmp_path / "old.db"
    conn = sqlite3.connect(old, isolation_level=None)
    conn.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)")
    for step in MIGRATIONS._steps:
        if step.name != "m104_drop_write_only_indexes":
            step.apply(conn)
            conn.execute("INSERT INTO migrations VALUES (?, 'then')", (step.name,))
    conn.close()
    assert dropped <= indexes(old)
    with Store.open(old) as store:
        assert store.conn.execute("SELECT 1 FROM migrations WHERE name = 'm104_drop_write_only_indexes'").fetchone()
    assert composites <= indexes(old) and not indexes(old) & dropped


@pytest.mark.parametrize("fused", [False, True])
def test_target_look_ups_use_the_composite_index(tmp_path: Path, fused: bool) -> None:
    with build(tmp_path) as store:
        table = "fused_events" if fused else "events"
        composite = query.PREFIX_INDEXES[f"{table}_target_id"]
        for clause in ("target_id = 'x'", "source_id = 'x' OR target_id = 'x'"):
            plan = " | ".join(row[3] for row in store.conn.execute(f"EXPLAIN QUERY PLAN SELECT json FROM {table} WHERE {clause}"))
            assert f"USING INDEX {composite} (target_id=?)" in plan, plan


@pytest.mark.parametrize("fused", [False, True])
def test_code_prefix_filter_could_not_use_a_cameo_index(tmp_path: Path, fused: bool) -> None:
    # Why m104 may drop the cameo indexes: LIKE ignores case, so a BINARY index cannot serve it.
    with build(tmp_path) as store:
        table = "fused_events" if fused else "events"
        store.conn.execute(f"CREATE INDEX cameo_probe ON {table}(cameo)")
        filters = query.build_filters(store, fused=fused, cameo_prefix="19")
        sql = f"EXPLAIN QUERY PLAN SELECT json FROM {filters.table} {filters.where}"
        plan = " | ".join(row[3] for row in store.conn.execute(sql, filters.params))
        assert "cameo_probe" not in plan, plan
